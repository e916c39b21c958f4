#!/bin/sh
# t-corpus-validate.sh - every Karpenter manifest of ../shared/corpus/karpenter-provider-aws
# judged as the real CRDs of its API generation judge it (v1 at 1.14.1, v1beta1 at
# 0.36.2, v1alpha5 at 0.29.2), and a few real-world manifests from the other corpus
# folders whose faults karpgen must find.  Each row: the file, the target version, the
# exit status and the error diagnostics as RULE@LINE (sorted; "-" for none).
# Skips when ../shared is absent, fails so under CI (tests/corpus.sh).
set -u
: "${KARPGEN:?}"
corpus=../shared/corpus
pass=0 fail=0
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-validate "$corpus/karpenter-provider-aws"

check() {
	file=$1 version=$2 want_status=$3 want_errors=$4
	if [ ! -f "$corpus/$file" ]; then
		echo "FAIL $file: missing from the corpus"
		fail=$((fail + 1))
		return
	fi
	out=$("$KARPGEN" validate --format github --karpenter-version "$version" "$corpus/$file")
	status=$?
	errors=$(printf '%s\n' "$out" | sed -n 's/^::error .*,line=\([0-9]*\),.*title=\(KG[0-9]*\) .*/\2@\1/p' |
		sort | tr '\n' ',' | sed 's/,$//')
	[ -n "$errors" ] || errors=-
	if [ "$status" = "$want_status" ] && [ "$errors" = "$want_errors" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $file at $version: status $status, errors $errors; expected $want_status, $want_errors"
		printf '%s\n' "$out" | head -n 20
		fail=$((fail + 1))
	fi
}

while read -r file version status errors; do
	case $file in '' | '#'*) continue ;; esac
	check "$file" "$version" "$status" "$errors"
done <<'EOF'
# The official examples, at the version of their API generation.
karpenter-provider-aws/v1__100-cpu-limit.yaml 1.14.1 0 -
karpenter-provider-aws/v1__al2-custom-ami.yaml 1.14.1 0 -
karpenter-provider-aws/v1__al2-custom-userdata.yaml 1.14.1 0 -
karpenter-provider-aws/v1__bottlerocket.yaml 1.14.1 0 -
karpenter-provider-aws/v1__custom-family.yaml 1.14.1 0 -
karpenter-provider-aws/v1__general-purpose.yaml 1.14.1 0 -
karpenter-provider-aws/v1__instance-store-ephemeral-storage.yaml 1.14.1 0 -
karpenter-provider-aws/v1__large-instances.yaml 1.14.1 0 -
karpenter-provider-aws/v1__min-values-multiple-keys.yaml 1.14.1 0 -
karpenter-provider-aws/v1__multiple-arch.yaml 1.14.1 0 -
karpenter-provider-aws/v1__multiple-ebs.yaml 1.14.1 0 -
karpenter-provider-aws/v1__spot.yaml 1.14.1 0 -
karpenter-provider-aws/v1__windows-2019.yaml 1.14.1 0 -
karpenter-provider-aws/v1__windows-2022.yaml 1.14.1 0 -
karpenter-provider-aws/v1__windows-2025.yaml 1.14.1 0 -
# invalid upstream: nodeClassRef.group 'karpenter.k8s.aws/v1' breaks the CRD pattern ^[^/]*$
karpenter-provider-aws/v1__windows-custom-userdata.yaml 1.14.1 1 KG301@32
karpenter-provider-aws/v1alpha5__100-cpu-limit.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__bottlerocket.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__general-purpose.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__launchtemplates__al2-custom-ami.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__launchtemplates__br-custom-userdata.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__launchtemplates__custom-family.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__launchtemplates__ubuntu-kubelet-log-query.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__launchtemplates__windows-custom-userdata.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__node-ttls.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__spot.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__windows2019.yaml 0.29.2 0 -
karpenter-provider-aws/v1alpha5__windows2022.yaml 0.29.2 0 -
karpenter-provider-aws/v1beta1__100-cpu-limit.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__al2-custom-ami.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__al2-custom-userdata.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__al2-kubelet-log-query.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__bottlerocket.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__br-custom-userdata.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__custom-family.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__general-purpose.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__instance-store-ephemeral-storage.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__minValues-multiple-keys.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__multiple-ebs.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__node-ttls.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__ubuntu-kubelet-log-query.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__windows-custom-userdata.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__windows2019.yaml 0.36.2 0 -
karpenter-provider-aws/v1beta1__windows2022.yaml 0.36.2 0 -
# Older generations at the default target: not served any more, convert them.
karpenter-provider-aws/v1alpha5__spot.yaml 1.14.1 1 KG320@16,KG320@4
karpenter-provider-aws/v1beta1__general-purpose.yaml 1.14.1 1 KG320@3,KG320@33
karpenter-provider-aws/v1beta1__general-purpose.yaml 1.0.14 0 -
# Real-world faults: 'limits' under template.spec, and an underscore in a name (their
# EC2NodeClass is in another file of the same directory, which validate finds there).
domino-terraform-aws-eks/examples__karpenter__templates__nodepools__compute.yaml 1.14.1 1 KG301@17
domino-terraform-aws-eks/examples__karpenter__templates__nodepools__platform-jobs.yaml 1.14.1 1 KG301@17,KG301@4
# EKS Auto Mode's NodeClass is not the AWS provider's EC2NodeClass.
karpenter-blueprints/v1__blueprints__nvidia-gpu-workload__gpu-nodepool-automode.yaml 1.14.1 1 KG304@16,KG304@18
EOF
echo "corpus-validate: $pass passed, $fail failed"
[ "$fail" = 0 ]
