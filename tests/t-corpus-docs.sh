#!/bin/sh
# t-corpus-docs.sh - `karpgen ir` over every JSON and YAML input of the shared
# corpus (AWS CLI output, eksctl, CloudFormation, Karpenter and other
# Kubernetes manifests, Helm values).
#
# Each file must either be understood (exit 0, with at least one node group,
# object, policy or cluster value in the IR, or a diagnostic saying why not)
# or be refused with a located KG1xx diagnostic (exit 1 or 2).  Which files
# are refused is listed below with the reason: a file that starts or stops
# being refused is a failure, so a change of behaviour is always seen.
# Nothing may crash (exit >= 128).  Skips without ../shared, fails so under CI (tests/corpus.sh).
set -u
: "${KARPGEN:?}"
corpus=../shared/corpus
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-docs "$corpus"

# file (relative to the corpus): why karpgen refuses it.
# shellcheck disable=SC2016 # the reasons quote ${VAR} literally
refused='
eksctl/integration__tests__crud__testdata__scale-nodegroups.yaml: cluster name is the eksctl test placeholder <generated>, not a name AWS accepts (KG112)
eksctl/integration__tests__labels__testdata__managed-nodegroup-with-labels.yaml: cluster name is the eksctl test placeholder <generated>, not a name AWS accepts (KG112)
aws-cli-examples/eks__list-nodegroups__output1.json: names only, no node group definition
aws-cli-examples/eks__update-nodegroup-config__output1.json: an update request, not a node group
aws-cli-examples/eks__update-nodegroup-config__output2.json: an update request, not a node group
aws-cli-examples/eks__update-nodegroup-config__output3.json: an update request, not a node group
aws-cli-examples/eks__update-nodegroup-config__output4.json: an update request, not a node group
aws-cli-examples/ec2__describe-instance-types__output1.json: instance types come from the catalogue
aws-cli-examples/ec2__describe-instance-types__output2.json: a bare list of type names
eks-blueprints/v4.20.0__examples__karpenter__provisioners__default_provisioner.yaml: ${azs} inside a flow sequence is not YAML
eks-blueprints/v4.20.0__examples__karpenter__provisioners__default_provisioner_with_launch_templates.yaml: ${azs} inside a flow sequence is not YAML
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-compute-optimized-provisioner.yaml: ${azs} inside a flow sequence is not YAML
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-graviton-memory-optimized-provisioner.yaml: ${azs} inside a flow sequence is not YAML
data-on-eks/35e09a8__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-compute-optimized-provisioner.yaml: ${azs} inside a flow sequence is not YAML
data-on-eks/35e09a8__streaming__flink__karpenter-provisioners__flink-graviton-memory-optimized-provisioner.yaml: ${azs} inside a flow sequence is not YAML
'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in "$corpus"/*/*.json "$corpus"/*/*.yaml "$corpus"/*/*.yml; do
	[ -f "$f" ] || continue
	rel=${f#"$corpus"/}
	NO_COLOR=1 "$KARPGEN" ir "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=$(printf '%s\n' "$refused" | grep -F "$rel:" | sed 's/^[^:]*: //')
	located=0
	grep -Eq '^[^ ]+:[0-9]+:[0-9]+: (error|warning|note): .*\[KG1[0-9][0-9] ' "$tmp/err" && located=1
	ok=1 msg=""
	if [ "$rc" -ge 128 ]; then
		ok=0 msg="crashed (exit $rc)"
	elif [ -n "$why" ]; then
		if [ "$rc" = 0 ]; then
			ok=0 msg="was expected to be refused ($why) but exit 0"
		elif [ "$located" = 0 ]; then
			ok=0 msg="refused (exit $rc) without a located KG1xx diagnostic"
		fi
	elif [ "$rc" != 0 ]; then
		ok=0 msg="exit $rc"
	elif ! grep -Eq '^(nodegroup|object|policy) |^  (name|region|k8s_version) = "|^  (zone|subnet) ' "$tmp/out" &&
		[ "$located" = 0 ]; then
		ok=0 msg="silently ignored: nothing in the IR and no diagnostic"
	fi
	if [ "$ok" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $rel: $msg"
		head -n 8 "$tmp/err"
	fi
done
echo "corpus-docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
