#!/bin/sh
# run.sh KARPGEN LOADTOOL - `make bench`: karpgen's commands timed side by side with the
# references this machine has, in one table, then how time grows from 1x to 10x input and
# how each figure stands against its target.
#
# Every row is bench/measure.c running the command BENCH_RUNS times (default 7; the
# millisecond-sized rows 5x as many, yamllint 3): the median wall time, the median CPU time
# (user + system) and the largest peak RSS.  CPU time is the figure to compare on a loaded
# machine, since wall time also counts the waits for a core; the "x ref" column is CPU time
# over the section's reference row (for YAML the floor: a bare libyaml event parse of the
# same file, which builds nothing).  Inputs come from one generator per kind:
# gen-fleet.sh (Domino tfvars), gen-manifests.sh (Karpenter YAML), gen-monorepo.sh (both).
# The kit of `compile` is written to /dev/shm when there is one, so that the figure is
# karpgen's and not the disk's (creating 2,600 files on a busy disk costs more than the run).
set -eu
kg=$1 lt=$2
runs=${BENCH_RUNS:-7}
lruns=$((runs * 5))
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c
# shellcheck disable=SC2046
cc -O2 -o "$out/yaml_events" bench/yaml_events.c $(pkg-config --cflags --libs yaml-0.1)

sh bench/gen-fleet.sh 200 >"$out/fleet-200.tfvars"
sh bench/gen-fleet.sh 2000 >"$out/fleet.tfvars"
sh bench/gen-fleet.sh 20000 >"$out/fleet-20000.tfvars"
sh bench/gen-manifests.sh 1000 >"$out/manifests-1000.yaml"
sh bench/gen-manifests.sh 10000 >"$out/manifests.yaml"
sh bench/gen-manifests.sh 100000 >"$out/manifests-100000.yaml"
"$lt" -o json yaml "$out/manifests.yaml" >"$out/manifests.json"
[ -d "$out/monorepo" ] || sh bench/gen-monorepo.sh 100 "$out/monorepo"
cp examples/domino/infra.tfvars "$out/infra.tfvars"
cp examples/domino/cluster.tfvars "$out/cluster.tfvars"
sed -n '/^additional_node_groups/,$p' examples/domino/infra.tfvars >"$out/nodes.tfvars"
set3="$out/infra.tfvars $out/nodes.tfvars $out/cluster.tfvars"
kit=$out/kit
[ ! -d /dev/shm ] || kit=/dev/shm/karpgen-bench-kit.$$
trap 'rm -rf "$kit"' EXIT

# the inputs must be what we think: every command below accepts them
"$kg" compile -q "$out/fleet.tfvars" -o "$kit" 2>"$out/compile.err" || {
	echo "bench: karpgen compile refused the fleet:" >&2
	grep ': error: ' "$out/compile.err" | head -n 5 >&2
	exit 1
}
"$kg" validate -q "$out/manifests.yaml"

: >"$out/results.txt"
ref=
# row LABEL RUNS CMD...: one line of the table; the first row of a section is its reference.
# MEASURE_BEFORE (a shell command run untimed before each run) passes through to measure.
row() {
	label=$1 n=$2
	shift 2
	# shellcheck disable=SC2046
	set -- $("$out/measure" "$n" "$@" 2>/dev/null)
	[ -n "$ref" ] || ref=$3
	x=$(awk -v a="$3" -v b="$ref" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }')
	printf '%-46s %9s %9s %9s %7s\n' "$label" "$1" "$3" "$2" "$x"
	echo "$label|$1|$3|$2" >>"$out/results.txt"
}
section() {
	ref=
	echo
	echo "== $*"
}
cpu_of() { awk -F'|' -v l="$1" '$1 == l { print $3 }' "$out/results.txt"; }
size() { wc -c <"$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

echo "karpgen bench: $(uname -m), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians of $runs runs ($lruns for lint); wall and CPU (user+sys) in ms, peak RSS in KiB;"
echo "x ref = CPU time / the section's first row"
printf '%-46s %9s %9s %9s %7s\n' "" "wall ms" "cpu ms" "peak KiB" "x ref"

section "start-up"
row "karpgen rules (does nothing else)" "$lruns" "$kg" rules

section "HCL: fleet of 2,000 node groups ($(size "$out/fleet.tfvars"))"
row "karpgen parse --json" "$runs" "$kg" parse --json "$out/fleet.tfvars"
row "karpgen ir" "$runs" "$kg" ir "$out/fleet.tfvars"
row "karpgen lint" "$runs" "$kg" lint "$out/fleet.tfvars"
# shellcheck disable=SC2089,SC2090 # measure hands it to sh -c, which reads the quotes
export MEASURE_BEFORE="rm -rf '$kit'"
row "karpgen compile (kit on tmpfs)" "$runs" "$kg" compile -q "$out/fleet.tfvars" -o "$kit"
unset MEASURE_BEFORE
if command -v jq >/dev/null 2>&1; then
	"$kg" parse --json "$out/fleet.tfvars" >"$out/fleet.json" 2>/dev/null
	row "reference: jq . on parse's JSON output" "$runs" jq . "$out/fleet.json"
fi

section "lint on the three-file Domino set (a pre-commit hook)"
# shellcheck disable=SC2086 # the file list is split on purpose
row "karpgen lint infra+nodes+cluster" "$lruns" "$kg" lint $set3
# shellcheck disable=SC2086
row "karpgen lint the set + 4 NodePools, a NodeClass" "$lruns" "$kg" lint $set3 bench/nodepools.yaml
row "karpgen lint one manifest file" "$lruns" "$kg" lint bench/nodepools.yaml

section "YAML: 10,000 Karpenter documents ($(size "$out/manifests.yaml"))"
row "floor: bare libyaml event parse" "$runs" "$out/yaml_events" "$out/manifests.yaml"
row "yaml_load (libyaml events -> Values)" "$runs" "$lt" yaml "$out/manifests.yaml"
row "karpgen validate" "$runs" "$kg" validate -q "$out/manifests.yaml"
# one run: 55 MB, ten times the rest of the section (validate holds one document at a time)
row "karpgen validate, 100,000 documents (1 run)" 1 "$kg" validate -q "$out/manifests-100000.yaml"
row "karpgen lint" "$runs" "$kg" lint "$out/manifests.yaml"
if command -v yamllint >/dev/null 2>&1; then
	# about 20 s a run: three runs are enough to show the order of magnitude
	row "yamllint (syntax only; 3 runs)" 3 yamllint -d '{rules: {}}' "$out/manifests.yaml"
fi
if python3 -c 'import yaml' 2>/dev/null; then
	row "python3 yaml.load_all (C loader if any)" "$runs" python3 -c \
	    "import yaml,sys; L=getattr(yaml,'CSafeLoader',yaml.SafeLoader); list(yaml.load_all(open(sys.argv[1]),Loader=L))" \
	    "$out/manifests.yaml"
fi

section "JSON: the same 10,000 documents ($(size "$out/manifests.json"))"
row "json_load (jansson -> Values)" "$runs" "$lt" json "$out/manifests.json"
if command -v jq >/dev/null 2>&1; then
	row "jq -c ." "$runs" jq -c . "$out/manifests.json"
fi
row "python3 json.load" "$runs" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$out/manifests.json"

section "monorepo: 100 clusters (tfvars and manifests each)"
row "karpgen lint (100 tfvars)" "$runs" sh -c "exec '$kg' lint $out/monorepo/*/infra.tfvars"
row "karpgen validate (100 directories)" "$runs" "$kg" validate -q "$out/monorepo"

echo
echo "== scaling: CPU time at 1x and 10x the input (linear is x10)"
scale() {
	label=$1 small=$2 big=$3
	# the rest is the command; the input is its last argument
	shift 3
	# shellcheck disable=SC2046
	a=$(set -- $("$out/measure" "$runs" "$@" "$small" 2>/dev/null) && echo "$3")
	# shellcheck disable=SC2046
	b=$(set -- $("$out/measure" "$runs" "$@" "$big" 2>/dev/null) && echo "$3")
	printf '%-46s %9s -> %9s ms  (x%s)\n' "$label" "$a" "$b" \
	    "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-" && a > 0) printf "%.1f", b / a; else print "-" }')"
}
scale "parse --json, 200 -> 2,000 node groups" "$out/fleet-200.tfvars" "$out/fleet.tfvars" "$kg" parse --json
scale "parse --json, 2,000 -> 20,000 node groups" "$out/fleet.tfvars" "$out/fleet-20000.tfvars" "$kg" parse --json
scale "lint, 200 -> 2,000 node groups" "$out/fleet-200.tfvars" "$out/fleet.tfvars" "$kg" lint
# shellcheck disable=SC2089,SC2090 # measure hands it to sh -c, which reads the quotes
export MEASURE_BEFORE="rm -rf '$kit'"
scale "compile, 200 -> 2,000 node groups" "$out/fleet-200.tfvars" "$out/fleet.tfvars" "$kg" compile -q -o "$kit"
unset MEASURE_BEFORE
scale "validate, 1,000 -> 10,000 documents" "$out/manifests-1000.yaml" "$out/manifests.yaml" "$kg" validate -q

echo
echo "== targets (CPU time)"
verdict() { awk -v v="$1" -v max="$2" 'BEGIN { if (v == "-") print "FAILED"; else if (v + 0 <= max) print "within"; else print "over" }'; }
v=$(cpu_of "karpgen parse --json")
printf '%-46s %9s ms  (< 20 ms: %s)\n' "parse --json of the 2,000-group fleet" "$v" "$(verdict "$v" 20)"
v=$(cpu_of "karpgen lint infra+nodes+cluster")
printf '%-46s %9s ms  (< 5 ms: %s)\n' "lint of the three-file Domino set" "$v" "$(verdict "$v" 5)"
v=$(cpu_of "karpgen compile (kit on tmpfs)")
kib=$(awk -F'|' '$1 == "karpgen compile (kit on tmpfs)" { print $4 }' "$out/results.txt")
printf '%-46s %9s ms  (< 150 ms: %s), %s KiB peak (< 64 MiB: %s)\n' "compile of the 2,000-group fleet" "$v" \
    "$(verdict "$v" 150)" "$kib" "$(verdict "$kib" 65536)"
floor=$(cpu_of "floor: bare libyaml event parse")
v=$(cpu_of "karpgen validate")
r=$(awk -v a="$v" -v b="$floor" 'BEGIN { if (a != "-" && b > 0) printf "%.2f", a / b; else print "-" }')
printf '%-46s %9s x   (< 3x the floor: %s)\n' "validate of 10,000 documents / floor" "$r" "$(verdict "$r" 3)"
echo
echo "== targets (peak RSS)"
for l in "karpgen validate" "karpgen validate, 100,000 documents (1 run)"; do
	kib=$(awk -F'|' -v l="$l" '$1 == l { print $4 }' "$out/results.txt")
	printf '%-46s %9s KiB (< 16 MiB: %s)\n' "${l#karpgen }" "$kib" "$(verdict "${kib:--}" 16384)"
done
