#!/bin/sh
# t-version-kits.sh - `compile --karpenter-version V` for every release of src/versions.def:
# the kit's manifests pass `validate --karpenter-version V` (the V CRDs' schema and CEL rules)
# and its controller policies equal the official policy of V (the release's CloudFormation
# template in ../shared/reference/karpenter, REFERENCE=DIR) statement by statement
# (tests/iam-official.py).  Inputs (a Windows Full group among them, selected by name on every release): the shipped example (examples/domino, AL2023 node
# groups) and an AL2 + Bottlerocket cluster (testdata/compile/blueprints-v4-os-names).  What
# each release must do is read from its row: no NodePool API (neither API_BETA nor API_V1)
# is KG320 for both; no KF_AL2023 is KG305 for the AL2023 example.  Then the comparisons are
# shown to fail: one kit statement changed, one manifest field broken.  Needs python3-yaml.
set -u
: "${KARPGEN:?}"
ref=${REFERENCE:-../shared/reference/karpenter}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ ! -d "$ref" ]; then
	echo "version-kits: $ref not found, skipped"
	echo "version-kits: 1 passed, 0 failed"
	exit 0
fi
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ ! -s "$tmp/err" ] || head -n 30 "$tmp/err"; }

vals="--cluster-name demo --region us-west-2 --account-id 111122223333"
# compile NAME V EXPECTED-RULE INPUT...: EXPECTED-RULE "-" for a kit, else the error it must stop on
compile() {
	name=$1 v=$2 want=$3
	shift 3
	out="$tmp/$name-$v"
	# shellcheck disable=SC2086
	"$KARPGEN" compile "$@" $vals --karpenter-version "$v" -o "$out" -q >"$tmp/err" 2>&1
	st=$?
	if [ "$want" != - ]; then
		if [ $st = 1 ] && grep -q "error: .*\[$want " "$tmp/err" && [ ! -e "$out" ]; then ok; else
			bad "$name $v: expected error $want and no kit (exit $st)"; fi
		return 1
	fi
	if [ $st != 0 ]; then
		bad "$name $v: compile exit $st"
		return 1
	fi
	ok
	if python3 tests/iam-official.py "$ref/v$v/cloudformation.yaml" "$out" >"$tmp/err" 2>&1; then ok; else
		bad "$name $v: the kit's controller policy is not the official one"; fi
	if "$KARPGEN" validate --karpenter-version "$v" -q "$out/karpenter" >"$tmp/err" 2>&1; then ok; else
		bad "$name $v: validate --karpenter-version $v rejects the kit's manifests"; fi
	return 0
}

last_kit=
sed -n 's/^KARPENTER("\([^"]*\)".*/\1/p' src/versions.def >"$tmp/versions"
while read -r v; do
	row=$(sed -n "/^KARPENTER(\"$v\"/,/)\$/p" src/versions.def | tr '\n' ' ')
	case $row in
	*API_BETA* | *API_V1*) nodepools=- al2023=- ;;
	*) nodepools=KG320 al2023=KG320 ;;
	esac
	case $row in *KF_AL2023*) ;; *) [ "$al2023" != - ] || al2023=KG305 ;; esac
	compile domino "$v" "$al2023" examples/domino/infra.tfvars examples/domino/cluster.tfvars && last_kit="$tmp/domino-$v" && last_v=$v
	compile al2 "$v" "$nodepools" testdata/compile/blueprints-v4-os-names/main.tf --karpenter-nodegroup mg_core
	# Windows Server Full (WINDOWS_FULL_2019_x86_64, Kubernetes 1.27): Karpenter's Windows aliases and
	# families are the Core AMI, so every release's class selects the Full AMI by its name
	if compile winfull "$v" "$nodepools" testdata/compile/tfeks-windows-v0.32/main.tf --region eu-west-1; then
		if grep -q 'name: Windows_Server-2019-English-Full-EKS_Optimized-1.27-\*' \
			"$tmp/winfull-$v/karpenter/ec2nodeclasses/windows.yaml"; then ok; else
			bad "winfull $v: the Windows Full group's class does not select the Full AMI by name"; fi
	fi
	# capacity reservations: capacityReservationSelectorTerms and capacity type reserved where the row has
	# KF_CAPACITY_RESERVATION, KG240 (and neither field) before; AL2023 groups (the module default)
	compile odcr "$v" "$al2023" testdata/compile/tfeks-odcr-id/main.tf --karpenter-nodegroup sys
	# placement: placementGroupSelector (and the partition requirement) where the row has KF_PLACEMENT_GROUP,
	# the instance-tenancy requirement where it has KF_TENANCY; each a "Not carried" row of REPORT.md before
	if compile placement "$v" "$al2023" testdata/compile/tfeks-placement-group/main.tf --karpenter-nodegroup sys; then
		k="$tmp/placement-$v"
		for f in "KF_PLACEMENT_GROUP:placementGroupSelector:ec2nodeclasses:| \`placement group\` |" \
			"KF_PLACEMENT_GROUP:placement-group-partition:nodepools:| \`placement group partition\` |" \
			"KF_TENANCY:instance-tenancy:nodepools:| \`tenancy dedicated\` |"; do
			bit=${f%%:*} rest=${f#*:}
			field=${rest%%:*} rest=${rest#*:}
			dir=${rest%%:*} nc=${rest#*:}
			if printf '%s' "$row" | grep -q "$bit"; then
				if grep -rq "$field" "$k/karpenter/$dir" && ! grep -qF "$nc" "$k/REPORT.md"; then ok; else
					bad "placement $v: $bit but no $field in $dir, or a Not carried row"; fi
			else
				if ! grep -rq "$field" "$k/karpenter/$dir" && grep -qF "$nc" "$k/REPORT.md"; then ok; else
					bad "placement $v: no $bit but $field in $dir, or no Not carried row"; fi
			fi
		done
	fi
done <"$tmp/versions"

# the comparisons can fail: a kit of the newest release with one action more in one statement,
# and with a NodePool field its CRD refuses
if [ -n "$last_kit" ]; then
	f=$(grep -l '"ec2:' "$last_kit"/iam/controller-policy*.json | head -n 1)
	sed '0,/"ec2:[A-Za-z]*"/s//"ec2:MadeUpAction", &/' "$f" >"$tmp/f" && mv "$tmp/f" "$f"
	if python3 tests/iam-official.py "$ref/v$last_v/cloudformation.yaml" "$last_kit" >"$tmp/err" 2>&1; then
		bad "a changed statement was not found"
	elif grep -q "MadeUpAction" "$tmp/err"; then ok; else bad "the changed statement was not named"; fi
	np=$(find "$last_kit/karpenter/nodepools" -name '*.yaml' | sort | head -n 1)
	if [ -n "$np" ]; then
		sed '0,/consolidationPolicy: [A-Za-z]*/s//consolidationPolicy: Sometimes/' "$np" >"$tmp/f" && mv "$tmp/f" "$np"
		if "$KARPGEN" validate --karpenter-version "$last_v" -q "$last_kit/karpenter" >"$tmp/err" 2>&1; then
			bad "validate accepted a broken NodePool"; else ok; fi
	else
		bad "no NodePool in the kit of $last_v"
	fi
else
	bad "no release made a kit"
fi

echo "version-kits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
