#!/bin/sh
# parse.sh [KARPGEN] - time `karpgen parse --json` on a generated ~1 MB Domino tfvars
# holding 2,000 node groups (additional_node_groups = { ng-0001 = { ... } ... }, each
# with instance types, sizes, labels, taints, a volume and zones): the median of
# BENCH_RUNS runs (default 11) and the peak memory, measured by bench/measure.c.
# The target is well under 20 ms.  Also prints the time for 10x the input, which
# should be about 10x the time.
set -eu
kg=${1:-./karpgen}
runs=${BENCH_RUNS:-11}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c

# gen N: a Domino tfvars with N additional node groups
gen() {
	awk -v n="$1" 'BEGIN {
		split("m6i.2xlarge m6a.2xlarge c6i.4xlarge r6i.2xlarge m7i.xlarge g5.2xlarge m6g.2xlarge c7g.4xlarge", t, " ")
		print "deploy_id = \"bench-parse\""
		print "region    = \"us-west-2\""
		print "additional_node_groups = {"
		for (i = 1; i <= n; i++) {
			printf "  ng-%04d = {\n", i
			printf "    instance_types        = [\"%s\", \"%s\", \"%s\"]\n", t[i % 8 + 1], t[(i + 3) % 8 + 1], t[(i + 5) % 8 + 1]
			printf "    spot                  = %s\n", (i % 3 == 0) ? "true" : "false"
			printf "    min_per_az            = %d\n", i % 2
			printf "    max_per_az            = %d\n", 5 + i % 20
			printf "    desired_per_az        = %d\n", i % 2
			printf "    availability_zone_ids = [\"usw2-az%d\", \"usw2-az%d\", \"usw2-az%d\"]\n", 1 + i % 4, 1 + (i + 1) % 4, 1 + (i + 2) % 4
			printf "    labels = {\n"
			printf "      \"dominodatalab.com/node-pool\" = \"pool-%d\"\n", i
			printf "      \"team\"                        = \"team-%d\"\n", i % 40
			printf "    }\n"
			printf "    taints = [\n"
			printf "      { key = \"dedicated\", value = \"team-%d\", effect = \"NO_SCHEDULE\" },\n", i % 40
			printf "    ]\n"
			printf "    volume = {\n      size = %d\n      type = \"gp3\"\n    }\n", (i % 4 == 0) ? 1000 : 100
			print "  }"
		}
		print "}"
	}'
}

gen 2000 >"$out/parse-2000.tfvars"
gen 20000 >"$out/parse-20000.tfvars"
"$kg" parse --json "$out/parse-2000.tfvars" >/dev/null 2>&1 || {
	echo "bench/parse.sh: karpgen parse --json failed on $out/parse-2000.tfvars" >&2
	exit 1
}
size() { wc -c <"$1" | awk '{ printf "%.2f MB", $1 / 1e6 }'; }
# shellcheck disable=SC2046
set -- $("$out/measure" "$runs" "$kg" parse --json "$out/parse-2000.tfvars")
printf 'parse --json, 2,000 node groups (%s): %s ms median of %s runs, %s KiB peak\n' \
	"$(size "$out/parse-2000.tfvars")" "$1" "$runs" "$2"
# shellcheck disable=SC2046
set -- $("$out/measure" "$runs" "$kg" parse --json "$out/parse-20000.tfvars")
printf 'parse --json, 20,000 node groups (%s): %s ms median of %s runs, %s KiB peak\n' \
	"$(size "$out/parse-20000.tfvars")" "$1" "$runs" "$2"
