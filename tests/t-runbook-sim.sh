#!/bin/sh
# t-runbook-sim.sh - the runbooks of real kits run against the cluster simulator (tests/sim):
# a full run, an interruption then 'resume', 'rollback', '--dry-run', and preflight refusing
# what would be an outage.  After each, tests/sim/check.py judges the simulated cluster: no pod
# killed without eviction, no PDB violated, the other cluster's ASG and the Karpenter home group
# never touched, discovery tags only on the moved groups' subnets and security groups.
# Env: KARPGEN.
set -u
: "${KARPGEN:?}"
root=$(pwd)
sim=$root/tests/sim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the interpreter itself: a pyenv shim would cost a second per simulated call
SIM_PYTHON=$(python3 -c 'import sys; print(sys.executable)')
export SIM_PYTHON KARPGEN_POLL=0

# The scenarios run two at a time (each one is a few hundred short processes); each block
# writes its verdicts to $tmp/BLOCK.res, one "ok" or "FAIL: ..." a line, and its output to
# $tmp/BLOCK.txt.
res=/dev/null
ok() { echo ok >>"$res"; }
bad() {
	echo "FAIL: $*" >>"$res"
	echo "FAIL: $*"
}

# kit LABEL CASE-DIR ARGS...: compile a kit of testdata/compile/CASE-DIR (or of /DIR) into $tmp/LABEL/kit
kit() {
	label=$1 case=$2
	shift 2
	mkdir -p "$tmp/$label"
	case $case in
	/*) src=$case ;;
	*) src=testdata/compile/$case ;;
	esac
	if (cd "$src" && "$KARPGEN" compile -q "$@" -o "$tmp/$label/kit" 2>/dev/null) &&
		bash "$sim/kitvals.sh" "$tmp/$label/kit" >"$tmp/$label/values.json"; then
		return 0
	fi
	bad "$label: no kit from testdata/compile/$case"
	return 1
}

# cluster LABEL [--refuse WHAT]: a fresh simulated cluster for kit LABEL
cluster() {
	label=$1
	shift
	rm -f "$tmp/$label/state.json" "$tmp/$label/log" "$tmp/$label/kit/runbook.state"
	SIM_STATE=$tmp/$label/state.json "$SIM_PYTHON" "$sim/sim.py" init "$tmp/$label/values.json" \
		"$tmp/$label/kit" "$@" >"$tmp/$label/cluster"
}

# rb LABEL ARGS...: the kit's runbook against its cluster; output in $tmp/LABEL/out
rb() {
	label=$1
	shift
	(cd "$tmp/$label/kit" && CLUSTER_NAME=$(cat "$tmp/$label/cluster") SIM_STATE=$tmp/$label/state.json \
		SIM_LOG=$tmp/$label/log PATH="$sim/bin:$PATH" ./runbook.sh "$@" </dev/null >>"$tmp/$label/out" 2>&1)
}

# judge LABEL WHAT EXPECT...: check.py on the cluster
judge() {
	label=$1 what=$2
	shift 2
	if "$SIM_PYTHON" "$sim/check.py" "$tmp/$label/state.json" "$tmp/$label/log" "$@" >"$tmp/$label/judge"; then
		ok
	else
		bad "$label: $what:"
		sed 's/^/  /' "$tmp/$label/judge"
		tail -n 15 "$tmp/$label/out"
	fi
}

# ---- Domino (managed groups per AZ, Karpenter made by Terraform): full run, then rollback
block_domino() {
if kit domino domino-three-stage infra.tfvars cluster.tfvars --account-id 111122223333; then
	cluster domino
	if rb domino --yes; then ok; else bad "domino: the full run failed"; tail -n 20 "$tmp/domino/out"; fi
	judge domino "full run" moved
	if rb domino rollback --yes; then ok; else bad "domino: rollback failed"; tail -n 20 "$tmp/domino/out"; fi
	judge domino "rollback after a full run" restored
fi

}

# ---- eksctl, self-managed groups found by their tags: interrupted mid-cutover, resume, rollback
block_eksctl() {
if kit eksctl eksctl-taints 34-taints.yaml --karpenter-nodegroup mng1-public; then
	cluster eksctl
	if SIM_FAIL_ON=terminate-instance SIM_FAIL_AT=3 rb eksctl --yes; then
		bad "eksctl: the interrupted run did not stop"
	elif grep -q 'connection reset' "$tmp/eksctl/out"; then
		ok
	else
		bad "eksctl: the run failed before the interruption"
		tail -n 20 "$tmp/eksctl/out"
	fi
	judge eksctl "interrupted run"
	if rb eksctl --yes; then
		bad "eksctl: a second fresh run over a state file was not refused"
	else
		ok
	fi
	if rb eksctl resume --yes; then ok; else bad "eksctl: resume failed"; tail -n 20 "$tmp/eksctl/out"; fi
	judge eksctl "resume" moved
	if rb eksctl rollback --yes; then ok; else bad "eksctl: rollback failed"; tail -n 20 "$tmp/eksctl/out"; fi
	judge eksctl "rollback after resume" restored

	# interrupted while draining, then rolled back at once
	cluster eksctl
	if SIM_FAIL_ON=drain SIM_FAIL_AT=2 rb eksctl --yes; then bad "eksctl: the second interruption did not stop"; else ok; fi
	if rb eksctl rollback --yes; then ok; else bad "eksctl: rollback of a half cutover failed"; tail -n 20 "$tmp/eksctl/out"; fi
	judge eksctl "rollback of a half cutover" restored
fi

}

# ---- terraform-aws-modules (managed groups): --dry-run, then what preflight refuses
block_tfeks() {
# (the input's cluster_version is 1.20, which no Karpenter supports (KG250); the simulated cluster runs 1.31)
if kit tfeks tfeks-v17-managed main.tf --karpenter-nodegroup example --disable KG250; then
	cluster tfeks
	if rb tfeks --dry-run && grep -q 'would run:.*terminate-instance-in-auto-scaling-group' "$tmp/tfeks/out"; then
		ok
	else
		bad "tfeks: the dry run failed or did not show the cutover"
		tail -n 20 "$tmp/tfeks/out"
	fi
	judge tfeks "dry run" unchanged
	if [ ! -e "$tmp/tfeks/kit/runbook.state" ]; then ok; else bad "tfeks: the dry run wrote a state file"; fi
	for what in pdb0:'allows no disruption' pinned:'pinned to a node group' bare:'bare pod' hostpath:'hostPath' \
		emptydir:'apps/app-0-2 keeps data on its node (emptyDir volume scratch)' \
		localpv:'apps/app-0-2 uses local PersistentVolume pv-local-0'; do
		cluster tfeks --refuse "${what%%:*}"
		: >"$tmp/tfeks/out"
		if rb tfeks --yes; then
			bad "tfeks: preflight did not refuse ${what%%:*}"
		elif grep -q "${what#*:}" "$tmp/tfeks/out"; then
			ok
		else
			bad "tfeks: refused ${what%%:*} without saying why"
			tail -n 10 "$tmp/tfeks/out"
		fi
		judge tfeks "refused ${what%%:*}" unchanged
	done
	# the NodePools' limits cannot hold the pods: seen in the cutover, once the NodePools exist
	cluster tfeks --refuse capacity
	: >"$tmp/tfeks/out"
	if rb tfeks --yes; then
		bad "tfeks: the cutover did not refuse pods beyond the NodePools' limits"
	elif grep -q "limits leave" "$tmp/tfeks/out"; then
		ok
	else
		bad "tfeks: refused capacity without saying why"
		tail -n 10 "$tmp/tfeks/out"
	fi
	judge tfeks "refused capacity" nocutover
	# a pod with an emptyDir volume moves when the operator accepts losing its data
	cluster tfeks --refuse emptydir
	: >"$tmp/tfeks/out"
	if rb tfeks --yes --max-unavailable 2 --accept-emptydir; then
		ok
	else
		bad "tfeks: --max-unavailable 2 --accept-emptydir failed"
		tail -n 20 "$tmp/tfeks/out"
	fi
	judge tfeks "full run, two nodes at a time, emptyDir accepted" moved
fi

}

# ---- AWS CLI JSON (describe-nodegroup output): full run; then a label only one group has
# and its NodePool drops (eks.amazonaws.com/capacityType becomes karpenter.sh/capacity-type):
# a pod selecting it is refused by preflight, before any change
block_awscli() {
if kit awscli aws-cli-nodegroups workers.json system.json subnets.json; then
	cluster awscli
	if rb awscli --yes; then ok; else bad "awscli: the full run failed"; tail -n 20 "$tmp/awscli/out"; fi
	judge awscli "full run" moved
fi
mkdir -p "$tmp/lost-src"
cp testdata/compile/aws-cli-nodegroups/system.json testdata/compile/aws-cli-nodegroups/subnets.json "$tmp/lost-src/"
jq '.nodegroup.labels["eks.amazonaws.com/capacityType"] = "SPOT"' testdata/compile/aws-cli-nodegroups/workers.json \
	>"$tmp/lost-src/workers.json"
if kit lost "$tmp/lost-src" workers.json system.json subnets.json; then
	if cluster lost --refuse lostlabel; then ok; else bad "lost: no cluster (the kit lists no dropped label?)"; fi
	if rb lost --yes; then
		bad "lost: preflight did not refuse a pod selecting a label no NodePool carries"
	elif grep -q "apps/lostlabel-0 needs eks.amazonaws.com/capacityType in SPOT, a label only node group my-eks-nodegroup has" "$tmp/lost/out"; then
		ok
	else
		bad "lost: refused without naming the pod and the group"
		tail -n 10 "$tmp/lost/out"
	fi
	judge lost "refused a dropped label" unchanged
fi

}

# ---- a Karpenter already in the cluster (D2).  eksctl's karpenter: block installed release
# 'karpenter' in namespace 'karpenter': the kit targets that release and the runbook upgrades it,
# CRDs from the chart's crds/ directory (adopted) or from a karpenter-crd release (kept).  A kit
# that targets another release (tfeks: kube-system) meets a controller, or only its CRDs, owned
# elsewhere: preflight refuses before touching anything.
block_controller() {
# (the input pins 1.0.6: the kit targets 1.0.14, one helm upgrade away)
if kit ctlup eksctl-pinned-upgrade cluster.yaml --karpenter-nodegroup system; then
	if grep -q "^KARPENTER_NAMESPACE='karpenter'" "$tmp/ctlup/kit/runbook.sh"; then ok; else bad "ctlup: the kit does not target namespace karpenter"; fi
	for crds in bare owned; do
		cluster ctlup --controller "karpenter/karpenter/$crds"
		if rb ctlup --yes; then ok; else bad "ctlup: the upgrade of the existing release failed ($crds CRDs)"; tail -n 20 "$tmp/ctlup/out"; fi
		judge ctlup "upgrade of the existing controller ($crds CRDs)" moved controller=karpenter/karpenter
	done
fi
if kit ctlother tfeks-v17-managed main.tf --karpenter-nodegroup example --disable KG250; then
	for what in karpenter/karpenter/bare:'Karpenter controller Deployment karpenter/karpenter runs already' \
		platform/kp/owned:'Helm release kp in namespace platform installs Karpenter' \
		karpenter/-/owned:'CRD nodepools.karpenter.sh belongs to Helm release karpenter-crd in namespace karpenter'; do
		cluster ctlother --controller "${what%%:*}"
		: >"$tmp/ctlother/out"
		if rb ctlother --yes; then
			bad "ctlother: preflight did not refuse an existing Karpenter (${what%%:*})"
		elif grep -q "${what#*:}" "$tmp/ctlother/out" && grep -q "not the one this kit upgrades" "$tmp/ctlother/out"; then
			ok
		else
			bad "ctlother: refused ${what%%:*} without saying why"
			tail -n 10 "$tmp/ctlother/out"
		fi
		judge ctlother "refused an existing Karpenter (${what%%:*})" unchanged
	done
fi

}

# ---- the interface
block_interface() {
rbk=$tmp/tfeks/kit/runbook.sh
if [ -x "$rbk" ]; then
	help=$("$rbk" --help)
	for w in --dry-run --yes --phase --list-phases resume rollback --max-unavailable --accept-emptydir \
		--ready-timeout --drain-timeout --move-timeout; do
		case $help in
		*"$w"*) ok ;;
		*) bad "--help does not document $w" ;;
		esac
	done
	phases=$("$rbk" --list-phases | tr '\n' ' ')
	if [ "$phases" = "preflight iam tags controller nodepools cutover cleanup " ]; then
		ok
	else
		bad "--list-phases: $phases"
	fi
fi

}

# ---- where Karpenter's nodes land (check.py 'placed'): a group pinned to one subnet beside a
# group on the module's subnets, two groups on disjoint subnets; and a group on public subnets
# only, which Karpenter cannot place, alone or beside a group on private subnets: preflight
# stops before the IAM phase changes anything.
block_subnets() {
if kit pinned tfeks-pinned-subnet main.tf --region eu-west-1 --account-id 111122223333 --karpenter-nodegroup system; then
	cluster pinned
	if rb pinned --yes; then ok; else bad "pinned: the full run failed"; tail -n 20 "$tmp/pinned/out"; fi
	judge pinned "pinned subnet" moved placed
fi
if kit disjoint tfeks-disjoint-subnets main.tf --region eu-west-1 --account-id 111122223333 --karpenter-nodegroup system; then
	cluster disjoint
	if rb disjoint --yes; then ok; else bad "disjoint: the full run failed"; tail -n 20 "$tmp/disjoint/out"; fi
	judge disjoint "disjoint subnets" moved placed
fi
if kit public eksctl-public-group cluster.yaml --account-id 111122223333 --karpenter-nodegroup system; then
	cluster public --public
	if rb public --yes; then
		bad "public: a group with no private subnet was not refused"
	elif grep -q "node group .ng-1. (Auto Scaling group [^)]*) runs on public subnets only" "$tmp/public/out"; then
		ok
	else
		bad "public: not refused in preflight for its subnets"
		tail -n 10 "$tmp/public/out"
	fi
	judge public "public subnets refused" unchanged
fi
# one group on private subnets beside one on public subnets only: the private group's subnets
# are no place for the other's nodes (its class would select them by the tag), so preflight
# names the public one and nothing changes
if kit onepub eksctl-public-one-group cluster.yaml --account-id 111122223333 --karpenter-nodegroup system; then
	cluster onepub --public-group ng-public
	if rb onepub --yes; then
		bad "onepub: a group on public subnets only was not refused beside a group on private ones"
	elif grep -q "node group .ng-public. (Auto Scaling group [^)]*) runs on public subnets only" "$tmp/onepub/out" &&
		! grep -q "node group .ng-private. (Auto Scaling group [^)]*) runs on public" "$tmp/onepub/out"; then
		ok
	else
		bad "onepub: not refused in preflight naming ng-public"
		tail -n 10 "$tmp/onepub/out"
	fi
	judge onepub "one group on public subnets refused" unchanged
fi
}

start() {
	res=$tmp/$1.res
	: >"$res"
	"block_$1" >"$tmp/$1.txt" 2>&1
}
{ start domino; start awscli; start controller; } &
{ start eksctl; start tfeks; start interface; start subnets; } &
wait
pass=0 fail=0
for b in domino awscli controller eksctl tfeks interface subnets; do
	cat "$tmp/$b.txt"
	pass=$((pass + $(grep -c '^ok$' "$tmp/$b.res")))
	fail=$((fail + $(grep -c '^FAIL' "$tmp/$b.res")))
done
echo "runbook-sim: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
