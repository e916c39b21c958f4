#!/bin/sh
# compile.sh [KARPGEN] - time and peak memory of `karpgen compile` on a generated Domino fleet of
# 2,000 node groups (bench/gen-fleet.sh), against the targets of 150 ms and 64 MiB; `karpgen ir`
# on the same input shows what reading it costs on its own.  Medians of BENCH_RUNS runs (7).
# The kit is written to a tmpfs when /dev/shm exists, so the figure is karpgen's and not the disk's.
set -eu
kg=${1:-./karpgen}
runs=${BENCH_RUNS:-7}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c
# the generated fleet mixes arm64 types into x86 groups (KG211, which lint's benchmark wants);
# a kit needs each group on one architecture: the arm64 types become their x86 siblings
sh bench/gen-fleet.sh 2000 | sed 's/m6g\.2xlarge/m6i.2xlarge/g; s/c7g\.4xlarge/c6i.4xlarge/g' >"$out/fleet-compile.tfvars"
kit=$out/kit
[ ! -d /dev/shm ] || kit=/dev/shm/karpgen-bench-kit.$$
trap 'rm -rf "$kit"' EXIT

m() { "$out/measure" "$runs" "$@" 2>/dev/null; }
# shellcheck disable=SC2046
set -- $(m sh -c "rm -rf '$kit'; exec '$kg' compile -q '$out/fleet-compile.tfvars' -o '$kit'")
ms=$1 kib=$2
# shellcheck disable=SC2046
set -- $(m "$kg" ir "$out/fleet-compile.tfvars")
ir_ms=$1 ir_kib=$2
rm -rf "$kit"
if ! "$kg" compile -q "$out/fleet-compile.tfvars" -o "$kit" 2>"$out/compile.err"; then
	echo "compile.sh: karpgen compile refused the fleet:" >&2
	grep ': error: ' "$out/compile.err" | head -n 5 >&2
	exit 1
fi
files=$(find "$kit" -type f | wc -l | tr -d ' ')

# CPU time (user + system) of one run: what the machine's load does not inflate
cpu() {
	if command -v /usr/bin/time >/dev/null 2>&1; then
		/usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.0f", ($1 + $2) * 1000 }'
	else
		echo -
	fi
}
rm -rf "$kit"
cpu_ms=$(cpu "$kg" compile -q "$out/fleet-compile.tfvars" -o "$kit")
ir_cpu=$(cpu "$kg" ir "$out/fleet-compile.tfvars")

verdict() { awk -v v="$1" -v max="$2" 'BEGIN { if (v == "-") print "failed"; else if (v + 0 <= max) print "within"; else print "over" }'; }
echo "karpgen compile, 2,000 Domino node groups ($(wc -c <"$out/fleet-compile.tfvars" | tr -d ' ') bytes in, $files files out; $(uname -m), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'), median of $runs)"
printf '  %-34s %8s ms wall  %6s ms cpu  %8s KiB peak\n' "compile (load .. kit renamed)" "$ms" "$cpu_ms" "$kib"
printf '  %-34s %8s ms wall  %6s ms cpu  %8s KiB peak\n' "of which reading (karpgen ir)" "$ir_ms" "$ir_cpu" "$ir_kib"
printf '  target: 150 ms (%s), 64 MiB = 65536 KiB (%s)\n' "$(verdict "$ms" 150)" "$(verdict "$kib" 65536)"
