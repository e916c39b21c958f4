#!/bin/sh
# validate.sh [KARPGEN] - `karpgen validate` on 10,000 generated Karpenter documents
# (about 5 MB, bench/gen-manifests.sh) side by side with a bare libyaml event parse of
# the same file (bench/yaml_events.c, the floor: no tree, no checks).  Prints both
# medians, peak memory and the ratio; the budget is 3x the floor, and the exit status
# is 1 when validate is over it (or fails), so CI can run it.  BENCH_RUNS sets the
# number of runs (default 9).
set -eu
kg=${1:-./karpgen}
runs=${BENCH_RUNS:-9}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c
# shellcheck disable=SC2046
cc -O2 -o "$out/yaml_events" bench/yaml_events.c $(pkg-config --cflags --libs yaml-0.1)
sh bench/gen-manifests.sh 10000 >"$out/validate-10k.yaml"
docs=$(grep -c '^---$' "$out/validate-10k.yaml")
size=$(wc -c <"$out/validate-10k.yaml" | awk '{ printf "%.1f MB", $1 / 1e6 }')

# the inputs must be what we think: events parse, validate accepts every document
"$out/yaml_events" "$out/validate-10k.yaml" >/dev/null
"$kg" validate -q "$out/validate-10k.yaml"

# shellcheck disable=SC2046
set -- $("$out/measure" "$runs" "$out/yaml_events" "$out/validate-10k.yaml")
floor_ms=$1 floor_kib=$2
# shellcheck disable=SC2046
set -- $("$out/measure" "$runs" "$kg" validate -q "$out/validate-10k.yaml")
val_ms=$1 val_kib=$2

echo "validate bench: $docs documents, $size, median of $runs runs"
printf '  %-34s %9s ms %9s KiB\n' "bare libyaml event parse" "$floor_ms" "$floor_kib"
printf '  %-34s %9s ms %9s KiB\n' "karpgen validate" "$val_ms" "$val_kib"
ratio=$(awk -v a="$val_ms" -v b="$floor_ms" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }')
echo "  ratio: ${ratio}x (budget 3x)"
awk -v r="$ratio" 'BEGIN { exit !(r != "-" && r <= 3) }'
