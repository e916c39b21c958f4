#!/bin/sh
# yaml-load.sh [N] - what yaml_load() costs over libyaml's bare event parse, on N
# Karpenter manifests (default 10,000, ~5 MB, from gen-manifests.sh), with the
# YAML emitter and json_load() on the same data beside it.  Medians of
# BENCH_RUNS runs (default 7) and peak RSS, by bench/measure.c.
#   sh bench/yaml-load.sh            (from the top of the tree; builds what it needs)
set -eu
n=${1:-10000}
runs=${BENCH_RUNS:-7}
build=build/rel
out=bench/out
mkdir -p "$out"
make -s "$build/tests/loadtool" >/dev/null
cc -O2 -o "$out/measure" bench/measure.c
# shellcheck disable=SC2046
cc -O2 -o "$out/yaml_events" bench/yaml_events.c $(pkg-config --cflags --libs yaml-0.1)
lt=$build/tests/loadtool
y=$out/manifests-$n.yaml
j=$out/manifests-$n.json
sh bench/gen-manifests.sh "$n" >"$y"
"$lt" -o json yaml "$y" >"$j"

: >"$out/yaml-load.txt"
row() {
	label=$1
	shift
	# shellcheck disable=SC2046
	set -- $("$out/measure" "$runs" "$@")
	printf '%-46s %9s ms %9s KiB\n' "$label" "$1" "$2"
	echo "$label|$1" >>"$out/yaml-load.txt"
}
size() { wc -c <"$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

echo "yaml_load bench: $n manifests, $(size "$y") YAML, $(size "$j") JSON; median of $runs runs"
row "floor: libyaml events (bench/yaml_events)" "$out/yaml_events" "$y"
row "bare: src_read + libyaml events" "$lt" bare "$y"
row "yaml_load" "$lt" yaml "$y"
row "yaml_load + values_to_yaml" "$lt" -o yaml yaml "$y"
row "json_load (same data as JSON)" "$lt" json "$j"
ratio() {
	awk -F'|' -v a="$1" -v b="$2" '$1 == a { x = $2 } $1 == b { y = $2 }
		END { if (y > 0) printf "%.2fx", x / y; else print "-" }' "$out/yaml-load.txt"
}
echo
echo "yaml_load / floor: $(ratio yaml_load 'floor: libyaml events (bench/yaml_events)')"
echo "yaml_load / bare:  $(ratio yaml_load 'bare: src_read + libyaml events')"
