#!/bin/sh
# lint.sh [KARPGEN] - `karpgen lint` as a pre-commit hook runs it: on the
# three-file Domino set (infra.tfvars, nodes.tfvars, cluster.tfvars from
# examples/domino), on the same set with the NodePools and EC2NodeClasses
# that replace its groups (every parity check runs), and on one Karpenter
# manifest.  Median wall time of BENCH_RUNS runs (default 101) and peak RSS,
# by bench/measure.c; the process start-up of a do-nothing command beside it
# (`karpgen rules`) shows how much of the figure is the run itself.
#   sh bench/lint.sh            (from the top of the tree, after make)
set -eu
kg=${1:-./karpgen}
runs=${BENCH_RUNS:-101}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c

cp examples/domino/infra.tfvars "$out/lint-infra.tfvars"
cp examples/domino/cluster.tfvars "$out/lint-cluster.tfvars"
sed -n '/^additional_node_groups/,$p' examples/domino/infra.tfvars >"$out/lint-nodes.tfvars"
set3="$out/lint-infra.tfvars $out/lint-nodes.tfvars $out/lint-cluster.tfvars"
# NodePools named after the example's groups, so that KG220-KG224 and KG505 have work to do
for g in compute platform gpu custom-0; do
	cat <<YAML
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: $g
spec:
  limits:
    cpu: "1000"
    memory: 4000Gi
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
      requirements:
        - key: karpenter.k8s.aws/instance-category
          operator: In
          values: ["m", "g"]
        - key: karpenter.k8s.aws/instance-cpu
          operator: In
          values: ["8", "16"]
YAML
done >"$out/lint-nodepools.yaml"
cat >>"$out/lint-nodepools.yaml" <<'YAML'
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  amiSelectorTerms:
    - alias: al2023@v20250317
  role: KarpenterNodeRole-bench
  subnetSelectorTerms:
    - tags:
        karpenter.sh/discovery: bench
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: bench
YAML

row() {
	label=$1
	shift
	# shellcheck disable=SC2046
	set -- $("$out/measure" "$runs" "$@")
	printf '%-52s %8s ms %8s KiB\n' "$label" "$1" "$2"
}
echo "karpgen lint bench ($(uname -m), median of $runs runs)"
row "start-up: karpgen rules" "$kg" rules
# shellcheck disable=SC2086 # the file list is split on purpose
row "lint infra+nodes+cluster (three-file Domino set)" "$kg" lint $set3
# shellcheck disable=SC2086
row "lint the set + 4 NodePools and an EC2NodeClass" "$kg" lint $set3 "$out/lint-nodepools.yaml"
row "lint one NodePool manifest" "$kg" lint "$out/lint-nodepools.yaml"
