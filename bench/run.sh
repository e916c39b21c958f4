#!/bin/sh
# run.sh KARPGEN BUILD - `make bench`: karpgen's commands timed side by side with the
# references this machine has (a bare libyaml event parse, the floor; yamllint; python3's
# json), as medians of several runs with peak memory, then how time grows from 1x to 10x.
set -eu
kg=$1 build=$2
runs=${BENCH_RUNS:-7}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c
# shellcheck disable=SC2046
cc -O2 -o "$out/yaml_events" bench/yaml_events.c $(pkg-config --cflags --libs yaml-0.1)

sh bench/gen-fleet.sh 2000 >"$out/fleet.tfvars"
sh bench/gen-fleet.sh 200 >"$out/fleet-200.tfvars"
sh bench/gen-manifests.sh 10000 >"$out/manifests.yaml"
sh bench/gen-manifests.sh 1000 >"$out/manifests-1000.yaml"
[ -d "$out/monorepo" ] || sh bench/gen-monorepo.sh 100 "$out/monorepo"
cp examples/domino/infra.tfvars "$out/infra.tfvars"
cp examples/domino/cluster.tfvars "$out/cluster.tfvars"
sed -n '/^additional_node_groups/,$p' examples/domino/infra.tfvars >"$out/nodes.tfvars"

m() { "$out/measure" "$runs" "$@"; }
row() {
	label=$1
	shift
	# shellcheck disable=SC2046
	set -- $(m "$@" 2>/dev/null)
	printf '%-48s %10s ms %10s KiB\n' "$label" "$1" "$2"
	echo "$label|$1|$2" >>"$out/results.txt"
}
: >"$out/results.txt"
size() { wc -c <"$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

echo "karpgen bench ($(uname -m), $(nproc) cores, median of $runs runs)"
echo
echo "== HCL: fleet of 2,000 node groups ($(size "$out/fleet.tfvars"))"
row "karpgen parse --json" "$kg" parse --json "$out/fleet.tfvars"
row "karpgen ir" "$kg" ir "$out/fleet.tfvars"
row "karpgen lint" "$kg" lint "$out/fleet.tfvars"
rm -rf "$out/kit"
row "karpgen compile" sh -c "rm -rf '$out/kit'; exec '$kg' compile '$out/fleet.tfvars' -o '$out/kit'"
echo
echo "== lint on a three-file Domino set (pre-commit)"
row "karpgen lint infra+nodes+cluster" "$kg" lint "$out/infra.tfvars" "$out/nodes.tfvars" "$out/cluster.tfvars"
echo
echo "== YAML: 10,000 Karpenter manifests ($(size "$out/manifests.yaml"))"
row "floor: bare libyaml event parse" "$out/yaml_events" "$out/manifests.yaml"
row "karpgen validate" "$kg" validate -q "$out/manifests.yaml"
if command -v yamllint >/dev/null 2>&1; then
	row "yamllint (syntax only)" yamllint -d '{rules: {}}' "$out/manifests.yaml"
fi
if python3 -c 'import yaml' 2>/dev/null; then
	row "python3 yaml.safe_load_all (CLoader if any)" python3 -c "import yaml,sys; L=getattr(yaml,'CSafeLoader',yaml.SafeLoader); list(yaml.load_all(open(sys.argv[1]),Loader=L))" "$out/manifests.yaml"
fi
echo
echo "== monorepo: 100 clusters (tfvars + manifests each)"
row "karpgen lint (100 tfvars)" sh -c "exec '$kg' lint $out/monorepo/*/infra.tfvars"
row "karpgen validate (100 directories)" "$kg" validate -q "$out/monorepo"
echo
echo "== scaling (time at 1x and 10x input)"
a=$(m "$kg" validate -q "$out/manifests-1000.yaml" 2>/dev/null | cut -d' ' -f1)
b=$(m "$kg" validate -q "$out/manifests.yaml" 2>/dev/null | cut -d' ' -f1)
printf '%-48s %8s ms -> %8s ms (x%s)\n' "validate 1,000 -> 10,000 documents" "$a" "$b" \
	"$(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-" && a > 0) printf "%.1f", b / a; else print "-" }')"
a=$(m "$kg" parse --json "$out/fleet-200.tfvars" 2>/dev/null | cut -d' ' -f1)
b=$(m "$kg" parse --json "$out/fleet.tfvars" 2>/dev/null | cut -d' ' -f1)
printf '%-48s %8s ms -> %8s ms (x%s)\n' "parse 200 -> 2,000 node groups" "$a" "$b" \
	"$(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-" && a > 0) printf "%.1f", b / a; else print "-" }')"
a=$(m sh -c "rm -rf '$out/kit'; exec '$kg' compile '$out/fleet-200.tfvars' -o '$out/kit'" 2>/dev/null | cut -d' ' -f1)
b=$(m sh -c "rm -rf '$out/kit'; exec '$kg' compile '$out/fleet.tfvars' -o '$out/kit'" 2>/dev/null | cut -d' ' -f1)
printf '%-48s %8s ms -> %8s ms (x%s)\n' "compile 200 -> 2,000 node groups" "$a" "$b" \
	"$(awk -v a="$a" -v b="$b" 'BEGIN { if (a != "-" && b != "-" && a > 0) printf "%.1f", b / a; else print "-" }')"
echo
floor=$(awk -F'|' '/^floor/ { print $2 }' "$out/results.txt")
val=$(awk -F'|' '/^karpgen validate\|/ { print $2 }' "$out/results.txt")
printf 'validate / bare libyaml parse: %s\n' "$(awk -v a="$val" -v b="$floor" 'BEGIN { if (b > 0 && a != "-") printf "%.2fx", a / b; else print "-" }')"
: "$build"
