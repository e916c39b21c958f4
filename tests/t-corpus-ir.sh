#!/bin/sh
# t-corpus-ir.sh - `karpgen ir` over every Terraform input of the shared
# corpus (.tf, .tfvars, .hcl, .tfvars.example, .tftpl), one file at a time,
# and over the sets of files that belong together.
#
# A node-group input must succeed (exit 0) with exactly the number of node
# groups listed below: a change in what is understood is always seen.  Every
# other file must be understood (exit 0 with a located diagnostic saying
# there is nothing to migrate) or refused with a located KG1xx diagnostic
# from the list below, with the reason.  Nothing may crash (exit >= 128).
# Skips without ../shared, fails so under CI (tests/corpus.sh).
set -u
: "${KARPGEN:?}"
corpus=../shared/corpus
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-ir "$corpus"

# file: node groups in its IR (0: its node-group variables are null, which
# Terraform and the Domino module read as no groups; a KG105 says so)
groups='
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__main.tf 1
domino-terraform-aws-eks/examples__deploy__terraform__infra.tfvars 0
domino-terraform-aws-eks/examples__deploy__terraform__nodes.tfvars 0
domino-terraform-aws-eks/examples__tfvars__bring-your-vpc.tfvars 3
domino-terraform-aws-eks/examples__tfvars__cost-usage-report.tfvars 3
domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars 7
domino-terraform-aws-eks/examples__tfvars__disable-oidc-creation.tfvars 3
domino-terraform-aws-eks/examples__tfvars__elastic-efs.tfvars 3
domino-terraform-aws-eks/examples__tfvars__external-deployments.tfvars 3
domino-terraform-aws-eks/examples__tfvars__external-dns.tfvars 3
domino-terraform-aws-eks/examples__tfvars__fips-on.tfvars 3
domino-terraform-aws-eks/examples__tfvars__identity-providers.tfvars 3
domino-terraform-aws-eks/examples__tfvars__kms-add-policies.tfvars 3
domino-terraform-aws-eks/examples__tfvars__kms-byok.tfvars 3
domino-terraform-aws-eks/examples__tfvars__minimal-with-bastion.tfvars 3
domino-terraform-aws-eks/examples__tfvars__minimal-wo-bastion.tfvars 3
domino-terraform-aws-eks/examples__tfvars__netapp.tfvars 3
domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars 3
domino-terraform-aws-eks/examples__tfvars__oidc-byo.tfvars 3
domino-terraform-aws-eks/examples__tfvars__private-link.tfvars 3
domino-terraform-aws-eks/examples__tfvars__specify-vpc-cidr.tfvars 3
domino-terraform-aws-eks/examples__tfvars__workspace-audit.tfvars 3
domino-terraform-aws-eks/v2.0.0__examples__bring-your-vpc__main.tf 3
domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf 4
eks-blueprints/patterns__aws-neuron-efa__eks.tf 2
eks-blueprints/patterns__blue-green-upgrade__modules__eks_cluster__main.tf 1
eks-blueprints/patterns__bottlerocket__eks.tf 1
eks-blueprints/patterns__fully-private-cluster__main.tf 1
eks-blueprints/patterns__karpenter-mng__eks.tf 1
eks-blueprints/patterns__targeted-odcr__eks.tf 2
eks-blueprints/patterns__wireguard-with-cilium__eks.tf 1
eks-blueprints/v4.0.0__examples__node-groups__managed-node-groups-tfvars__variables.tfvars 1
eks-blueprints/v4.20.0__examples__karpenter__main.tf 1
eks-blueprints/v4.20.0__examples__node-groups__windows-node-groups__main.tf 2
karpenter-blueprints/v1__cluster__terraform__main.tf 1
karpenter-blueprints/v1alpha5-era__cluster__terraform__main.tf 1
misc-tfvars/cloudposse-eks-node-group__7a1248f__examples__complete__fixtures.us-east-2.tfvars 1
misc-tfvars/cloudposse-eks-node-group__814a2f4__examples__complete__fixtures.us-east-2.tfvars 1
misc-tfvars/cloudposse-eks-node-group__examples__complete__fixtures.us-east-2.tfvars 1
misc-tfvars/teks__terragrunt__live__production__eu-west-1__clusters__demo__eks__terragrunt.hcl 7
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-al2023.tf 1
terraform-aws-modules-eks/examples__eks-managed-node-group__eks-bottlerocket.tf 1
terraform-aws-modules-eks/examples__karpenter__main.tf 1
terraform-aws-modules-eks/examples__self-managed-node-group__eks-bottlerocket.tf 1
terraform-aws-modules-eks/tests__self-managed-node-group__main.tf 6
terraform-aws-modules-eks/v17.24.0__examples__complete__main.tf 4
terraform-aws-modules-eks/v17.24.0__examples__launch_templates_with_managed_node_groups__main.tf 2
terraform-aws-modules-eks/v17.24.0__examples__managed_node_groups__main.tf 2
terraform-aws-modules-eks/v18.31.2__examples__complete__main.tf 5
terraform-aws-modules-eks/v18.31.2__examples__eks_managed_node_group__main.tf 8
terraform-aws-modules-eks/v18.31.2__examples__self_managed_node_group__main.tf 5
terraform-aws-modules-eks/v19.21.0__examples__eks_managed_node_group__main.tf 6
terraform-aws-modules-eks/v20.8.5__examples__eks_managed_node_group__main.tf 8
young-ook-terraform-aws-eks/1b255c7__examples__arm64__tc1.tfvars 2
young-ook-terraform-aws-eks/1b255c7__examples__arm64__tc2.tfvars 2
young-ook-terraform-aws-eks/2f68269__examples__complete__tc1.tfvars 1
young-ook-terraform-aws-eks/2f68269__examples__complete__tc2.tfvars 1
young-ook-terraform-aws-eks/4c8f3c5__examples__complete__tc3.tfvars 2
young-ook-terraform-aws-eks/7d343f9__examples__lb__fixture.tc1.tfvars 1
young-ook-terraform-aws-eks/8e9036f__examples__bottlerocket__fixture.tc1.tfvars 6
young-ook-terraform-aws-eks/9714a6b__examples__spot__fixture.tc1.tfvars 2
young-ook-terraform-aws-eks/a6f6dad__examples__complete__tc2.tfvars 2
young-ook-terraform-aws-eks/examples__blueprint__fixture.bottlerocket.tfvars 3
young-ook-terraform-aws-eks/examples__blueprint__fixture.fargate.tfvars 1
young-ook-terraform-aws-eks/examples__blueprint__fixture.graviton.tfvars 2
young-ook-terraform-aws-eks/examples__blueprint__fixture.spot.tfvars 2
young-ook-terraform-aws-eks/fb1921b__examples__autoscaling__fixture.tc4.tfvars 2
'

# file: Kubernetes objects in its IR, from the YAML heredocs of its
# kubectl_manifest resources (and no node group)
objects='
karpenter-blueprints/v1__cluster__terraform__karpenter.tf 2
karpenter-blueprints/v1beta1-era__cluster__terraform__karpenter.tf 2
terraform-aws-modules-eks/v18.31.2__examples__karpenter__main.tf 3
terraform-aws-modules-eks/v19.21.0__examples__karpenter__main.tf 3
'

# file: why karpgen refuses it (exit 1 with a located KG1xx error)
# shellcheck disable=SC2016 # the reasons quote ${VAR} literally
refused='
data-on-eks/data-stacks__ray-on-eks__terraform__data-stack.tfvars: variables of a data stack, no node group variable
data-on-eks/data-stacks__spark-on-eks__terraform__data-stack.tfvars: variables of a data stack, no node group variable
eks-blueprints/patterns__blue-green-upgrade__terraform.tfvars.example: variables of a pattern, no node group variable
eks-blueprints/patterns__gitops__multi-cluster-hub-spoke-argocd__spokes__workspaces__prod.tfvars: variables of a pattern, no node group variable
domino-terraform-aws-eks/tests__deploy__infra-ci.tfvars.tftpl: ${VAR} placeholders (KG111) and groups in two maps (KG107)
domino-terraform-aws-eks/tests__deploy__cluster-ci.tfvars.tftpl: ${VAR} placeholders (KG111)
domino-terraform-aws-eks/v2.0.0__tests__ci.tfvars.tftpl: ${VAR} placeholders (KG111)
'

# sets of files read together: node groups, exit status
sets='
0 0 domino-terraform-aws-eks/examples__deploy__terraform__infra.tfvars domino-terraform-aws-eks/examples__deploy__terraform__nodes.tfvars domino-terraform-aws-eks/examples__deploy__terraform__cluster__variables.tf
0 0 domino-terraform-aws-eks/examples__deploy__terraform__infra.tfvars domino-terraform-aws-eks/examples__deploy__terraform__infra__variables.tf
7 0 domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars domino-terraform-aws-eks/modules__nodes__variables.tf
7 0 domino-terraform-aws-eks/examples__tfvars__custom-node-pool.tfvars domino-terraform-aws-eks/modules__infra__variables.tf
3 0 domino-terraform-aws-eks/examples__tfvars__nodes-custom-ami.tfvars domino-terraform-aws-eks/tests__plan__terraform__variables.tf
4 0 domino-terraform-aws-eks/v2.0.0__examples__custom-node-pool__main.tf domino-terraform-aws-eks/v2.0.0__variables.tf
1 0 eks-blueprints/v4.0.0__examples__node-groups__managed-node-groups-tfvars__eks.tf eks-blueprints/v4.0.0__examples__node-groups__managed-node-groups-tfvars__variables.tfvars eks-blueprints/v4.0.0__examples__node-groups__managed-node-groups-tfvars__variables.tf
'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

located() {
	grep -Eq '^[^ ]+:[0-9]+:[0-9]+: (error|warning|note): .*\[KG1[0-9][0-9] ' "$tmp/err"
}

report() { # ok name message
	if [ "$1" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $2: $3"
		head -n 8 "$tmp/err"
	fi
}

for f in "$corpus"/*/*.tf "$corpus"/*/*.tfvars "$corpus"/*/*.hcl "$corpus"/*/*.tfvars.example "$corpus"/*/*.tftpl; do
	[ -f "$f" ] || continue
	rel=${f#"$corpus"/}
	NO_COLOR=1 "$KARPGEN" ir "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$(grep -c '^nodegroup ' "$tmp/out")
	want=$(printf '%s\n' "$groups" | awk -v f="$rel" '$1 == f { print $2 }')
	why=$(printf '%s\n' "$refused" | grep -F "$rel:" | sed 's/^[^:]*: //')
	objs=$(printf '%s\n' "$objects" | awk -v f="$rel" '$1 == f { print $2 }')
	nobj=$(grep -c '^object ' "$tmp/out")
	ok=1 msg=""
	if [ "$rc" -ge 128 ]; then
		ok=0 msg="crashed (exit $rc)"
	elif [ -n "$why" ]; then
		if [ "$rc" != 1 ] || ! located; then
			ok=0 msg="expected a located KG1xx refusal ($why), got exit $rc"
		fi
	elif [ -n "$objs" ]; then
		if [ "$rc" != 0 ] || [ "$n" != 0 ] || [ "$nobj" != "$objs" ]; then
			ok=0 msg="exit $rc with $n node groups and $nobj objects, expected exit 0 with $objs objects"
		fi
	elif [ -n "$want" ]; then
		if [ "$rc" != 0 ] || [ "$n" != "$want" ]; then
			ok=0 msg="exit $rc with $n node groups, expected exit 0 with $want"
		elif [ "$want" = 0 ] && ! located; then
			ok=0 msg="no node group and no diagnostic saying why"
		fi
	elif [ "$rc" != 0 ]; then
		ok=0 msg="exit $rc, neither listed as refused nor as a node-group input"
	elif [ "$n" != 0 ]; then
		ok=0 msg="$n node groups, not listed as a node-group input"
	elif ! located; then
		ok=0 msg="silently ignored: no node group and no diagnostic"
	fi
	report "$ok" "$rel" "$msg"
done

printf '%s\n' "$sets" | while read -r want_n want_rc files; do
	[ -n "$want_n" ] || continue
	args=""
	for f in $files; do args="$args $corpus/$f"; done
	# shellcheck disable=SC2086 # the file list is split on purpose
	NO_COLOR=1 "$KARPGEN" ir $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$(grep -c '^nodegroup ' "$tmp/out")
	if [ "$rc" = "$want_rc" ] && [ "$n" = "$want_n" ]; then
		echo pass >>"$tmp/sets"
	else
		echo "FAIL set $files: exit $rc with $n node groups, expected exit $want_rc with $want_n"
		head -n 8 "$tmp/err"
		echo fail >>"$tmp/sets"
	fi
done
if [ -f "$tmp/sets" ]; then
	pass=$((pass + $(grep -c pass "$tmp/sets")))
	fail=$((fail + $(grep -c fail "$tmp/sets")))
fi
echo "corpus-ir: $pass passed, $fail failed"
[ "$fail" = 0 ]
