#!/usr/bin/env bash
# shellcheck disable=SC2016 # '${NAME}' is a literal placeholder, filled by render_str
# runbook.sh - move this cluster's node groups to Karpenter, phase by phase, without an outage.
# Written by karpgen; REPORT.md says what each phase will do, docs/cutover.md how it works.
#
#   ./runbook.sh [OPTIONS]            run the phases, in order; refused when a state file exists
#   ./runbook.sh resume [OPTIONS]     go on from the state file: skip the phases done, finish the group
#   ./runbook.sh rollback [OPTIONS]   restore every group's min/max/desired and the Cluster
#                                     Autoscaler's replicas from the state file, in reverse order
#
#   --dry-run              print every change instead of making it (every read still runs)
#   --yes, -y              do not ask before each change (for automation)
#   --phase NAME           run this phase (repeatable, done or not); preflight always runs first
#   --list-phases          the phases, in order
#   --max-unavailable N    nodes of a group drained at the same time (default 1)
#   --accept-emptydir      move pods with emptyDir volumes anyway (their data is lost; refused otherwise)
#   --ca-namespace NS      where the Cluster Autoscaler runs (default: found, or the kit's)
#   --state FILE           the state file (default: runbook.state beside this script)
#   --ready-timeout S      seconds for Karpenter and its NodeClasses/NodePools to be Ready (300)
#   --drain-timeout S      seconds one node's drain may take, PDBs permitting (900)
#   --move-timeout S       seconds for a drained node's pods to run again elsewhere (600)
#   --poll S               seconds between two checks of a wait (10)
#   -h, --help             this text
#
# The environment may set the same: KARPGEN_READY_TIMEOUT, KARPGEN_DRAIN_TIMEOUT,
# KARPGEN_MOVE_TIMEOUT, KARPGEN_POLL.  Values the inputs did not give are ${PLACEHOLDERS} in the
# kit's files, filled at run time: AWS_ACCOUNT_ID and AWS_PARTITION from 'aws sts
# get-caller-identity', AWS_REGION from the AWS CLI configuration, OIDC_PROVIDER from 'aws eks
# describe-cluster', CLUSTER_NAME from the environment (export CLUSTER_NAME=...).
set -euo pipefail

# ---- written by karpgen 0.1.0: the kit's values, each one single-quoted word.
# ${NAME} inside a value is a placeholder filled at run time (see the top of this file).
KARPENTER_VERSION='1.14.1'
API_V1='1'
UPGRADE_STOPS=()
PINNED_NEWER=''
DOMINO='0'
IDENTITY='pod-identity'
KARPENTER_NAMESPACE='kube-system'
KARPENTER_RELEASE='karpenter'
KARPENTER_FULLNAME='karpenter'
KIT_CLUSTER_NAME='demo'
KIT_REGION='us-west-2'
KIT_ACCOUNT_ID='${AWS_ACCOUNT_ID}'
KIT_PARTITION='aws'
KIT_NODE_ROLE='KarpenterNodeRole-demo'
NODE_ROLE_EXISTS='0'
NODE_ROLE_BOUNDARY=''
KIT_CONTROLLER_ROLE='KarpenterControllerRole-demo'
KIT_QUEUE='demo'
CA_NAMESPACE=''
SPOT='1'
AMI_ALIASES=('al2023@v20260714')
CONTROLLER_POLICY_NAMES=('KarpenterControllerNodeLifecyclePolicy-demo' 'KarpenterControllerIAMIntegrationPolicy-demo' 'KarpenterControllerEKSIntegrationPolicy-demo' 'KarpenterControllerInterruptionPolicy-demo' 'KarpenterControllerZonalShiftPolicy-demo' 'KarpenterControllerResourceDiscoveryPolicy-demo')
CONTROLLER_POLICY_FILES=('iam/controller-policy-node-lifecycle.json' 'iam/controller-policy-iam-integration.json' 'iam/controller-policy-eks-integration.json' 'iam/controller-policy-interruption.json' 'iam/controller-policy-zonal-shift.json' 'iam/controller-policy-resource-discovery.json')
NODE_POLICY_ARNS=('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly' 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore')
EVENT_RULE_NAMES=('ScheduledChangeRule' 'SpotInterruptionRule' 'RebalanceRule' 'InstanceStateChangeRule' 'CapacityReservationInterruptionRule')
EVENT_RULE_PATTERNS=('{"source":["aws.health"],"detail-type":["AWS Health Event"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Instance Rebalance Recommendation"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Capacity Reservation Instance Interruption Warning"]}')
SG_IDS=()
NODECLASSES=('spot-workers' 'gpu' 'general')
NODEPOOLS=('spot-workers' 'gpu' 'general')
MIGRATE_NAMES=('spot-workers' 'gpu' 'general')
MIGRATE_POOL=('spot-workers' 'gpu' 'general')
MIGRATE_SELF=('0' '0' '0')
MIGRATE_ASG=('' '' '')
MIGRATE_SUBNETS=('' '' '')
MIGRATE_BY_ID=('0' '0' '0')
HOME_NAMES=('system')
ONLY_LABEL_KEYS=()
ONLY_LABEL_VALUES=()
ONLY_LABEL_GROUPS=()
ONLY_LABEL_CARRIED=()
NODE_ACCESS_TYPE='EC2_LINUX'
# ---- end of the kit's values

PHASES=(preflight iam tags controller nodepools cutover cleanup)
# the release of the karpenter-crd chart, beside the controller's
KARPENTER_CRD_RELEASE=karpenter-crd
KIT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODE=run
DRY_RUN=0
YES=0
ONLY=()
CA_NAMESPACE_ARG=""
STATE=$KIT_DIR/runbook.state
MAX_UNAVAILABLE=1
ACCEPT_EMPTYDIR=0
READY_TIMEOUT=${KARPGEN_READY_TIMEOUT:-300}
DRAIN_TIMEOUT=${KARPGEN_DRAIN_TIMEOUT:-900}
MOVE_TIMEOUT=${KARPGEN_MOVE_TIMEOUT:-${KARPGEN_PENDING_TIMEOUT:-600}}
POLL=${KARPGEN_POLL:-10}
WORK=""

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

die() {
	printf 'runbook: error: %s\n' "$*" >&2
	exit 1
}

note() {
	printf 'runbook: %s\n' "$*"
}

# A check that must hold before going on; a dry run only says it would stop here.
require() {
	if [ "$DRY_RUN" = 1 ]; then
		note "(dry run) a real run would stop here: $*"
		return 0
	fi
	die "$@"
}

# A command as one line a shell reads back: words that need it single-quoted.
show() {
	local w out=""
	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
			out+=" $w"
		else
			out+=" ${w@Q}"
		fi
	done
	printf '%s\n' "$out"
}

# A change: printed, then run (or only printed with --dry-run).
run() {
	if [ "$DRY_RUN" = 1 ]; then
		printf '+ would run:%s\n' "$(show "$@")"
		return 0
	fi
	printf '+%s\n' "$(show "$@")"
	"$@"
}

confirm() {
	[ "$DRY_RUN" = 1 ] && return 0
	[ "$YES" = 1 ] && return 0
	[ -t 0 ] || die "'$1' needs confirmation: run interactively or pass --yes"
	local answer
	read -r -p "runbook: $1 [y/N] " answer
	case $answer in
	y | Y | yes) return 0 ;;
	*) die "stopped before: $1" ;;
	esac
}

# Wait until the command "$@" succeeds, at most $1 seconds; the command runs again at every
# poll, so its condition is evaluated anew (dry run: say so and go on).
wait_for() {
	local timeout=$1 what=$2
	shift 2
	if [ "$DRY_RUN" = 1 ]; then
		note "would wait (up to ${timeout}s) for $what"
		return 0
	fi
	note "waiting (up to ${timeout}s) for $what"
	local start=$SECONDS
	until "$@"; do
		[ $((SECONDS - start)) -lt "$timeout" ] || return 1
		sleep "$POLL"
	done
}

# The kit's ${PLACEHOLDERS} filled with this run's values.
render_str() {
	local s=$1
	s=${s//'${CLUSTER_NAME}'/"$CLUSTER_NAME"}
	s=${s//'${AWS_REGION}'/"$AWS_REGION"}
	s=${s//'${AWS_ACCOUNT_ID}'/"$AWS_ACCOUNT_ID"}
	s=${s//'${AWS_PARTITION}'/"$AWS_PARTITION"}
	s=${s//'${AWS_URL_SUFFIX}'/"$AWS_URL_SUFFIX"}
	s=${s//'${OIDC_PROVIDER}'/"$OIDC_PROVIDER"}
	printf '%s' "$s"
}

render_kit() {
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	local f rel
	while IFS= read -r f; do
		rel=${f#"$KIT_DIR"/}
		mkdir -p "$WORK/$(dirname "$rel")"
		render_str "$(cat "$f"; printf x)" >"$WORK/$rel.tmp"
		# drop the 'x' that kept the file's trailing newlines through $(...)
		head -c -1 "$WORK/$rel.tmp" >"$WORK/$rel"
		rm -f "$WORK/$rel.tmp"
	done < <(find "$KIT_DIR/karpenter" "$KIT_DIR/helm" "$KIT_DIR/iam" -type f 2>/dev/null | LC_ALL=C sort)
}

aws_() {
	aws --region "$AWS_REGION" "$@"
}

contains() {
	local want=$1 x
	shift
	for x in "$@"; do
		[ "$x" = "$want" ] && return 0
	done
	return 1
}

# ---------------------------------------------------------------------- state
#
# One record a line, fields separated by tabs, appended as the run goes (never rewritten, so
# an interruption loses at most the record of the change it interrupted):
#   phase NAME                        the phase finished
#   size nodegroup|asg ID MIN MAX DESIRED   a group's sizes before the runbook changed them
#   ca NAMESPACE NAME REPLICAS        a Cluster Autoscaler's replicas before it was scaled to 0
#   group ID                          the group is moved (at zero)
# A dry run writes nothing.

state_add() {
	[ "$DRY_RUN" = 1 ] && return 0
	local f
	for f in "$@"; do
		case $f in
		*$'\t'* | *$'\n'*) die "cannot record '$f' in the state file: it holds a tab or a newline" ;;
		esac
	done
	(
		IFS=$'\t'
		printf '%s\n' "$*"
	) >>"$STATE"
}

# The first record whose leading fields are "$@" (all its fields, tab-separated).
state_get() {
	[ -f "$STATE" ] || return 1
	local prefix
	prefix=$(
		IFS=$'\t'
		printf '%s' "$*"
	)
	awk -F '\t' -v p="$prefix" 'index($0 "\t", p "\t") == 1 { print; found = 1; exit } END { exit !found }' "$STATE"
}

phase_done() {
	state_get phase "$1" >/dev/null
}

# ----------------------------------------------------------------- preflight

# The node groups of this cluster the kit moves, found by identity (never by name prefix
# across the account): T_KIND (nodegroup or asg), T_ID (the node group's or the ASG's name),
# T_ASG (its Auto Scaling group), T_KIT (index into MIGRATE_*).
T_KIND=() T_ID=() T_ASG=() T_KIT=()

# The kit's group that owns a real node-group name: exact name first, else the longest
# "NAME-" prefix (Domino and name_prefix groups carry suffixes).  Prints "m INDEX" for a
# migrated group, "h INDEX" for a group that runs Karpenter, nothing for other groups.
# Only names from 'eks list-nodegroups' of this cluster are ever matched.
owner_of() {
	local real=$1 best="" bestlen=0 i n kind
	for kind in h m; do
		if [ "$kind" = h ]; then set -- "${HOME_NAMES[@]}"; else set -- "${MIGRATE_NAMES[@]}"; fi
		i=0
		for n in "$@"; do
			if [ "$real" = "$n" ]; then
				printf '%s %d\n' "$kind" "$i"
				return 0
			fi
			n=${n//[^A-Za-z0-9._-]/_}
			if [ "${real#"$n"-}" != "$real" ] && [ "${#n}" -gt "$bestlen" ]; then
				best="$kind $i"
				bestlen=${#n}
			fi
			i=$((i + 1))
		done
	done
	[ -z "$best" ] || printf '%s\n' "$best"
}

# The ASGs of this cluster, as JSON: those carrying one of the cluster tags for CLUSTER_NAME.
cluster_asgs() {
	local a b c
	a=$(aws_ autoscaling describe-auto-scaling-groups --output json \
		--filters "Name=tag-key,Values=kubernetes.io/cluster/$CLUSTER_NAME")
	b=$(aws_ autoscaling describe-auto-scaling-groups --output json \
		--filters "Name=tag:eks:cluster-name,Values=$CLUSTER_NAME")
	c=$(aws_ autoscaling describe-auto-scaling-groups --output json \
		--filters "Name=tag:alpha.eksctl.io/cluster-name,Values=$CLUSTER_NAME")
	jq -s --arg c "$CLUSTER_NAME" '[.[].AutoScalingGroups[]] | unique_by(.AutoScalingGroupName)
		| map(select(any(.Tags[]; (.Key == "kubernetes.io/cluster/" + $c)
			or ((.Key == "eks:cluster-name" or .Key == "alpha.eksctl.io/cluster-name") and .Value == $c))))' \
		<<<"$a$b$c"
}

add_target() {
	local kind=$1 id=$2 asg=$3 kit=$4 k
	for k in "${!T_ASG[@]}"; do
		[ "${T_ASG[$k]}" != "$asg" ] || die "Auto Scaling group '$asg' matches both '${MIGRATE_NAMES[${T_KIT[$k]}]}' and '${MIGRATE_NAMES[$kit]}'"
	done
	T_KIND+=("$kind") T_ID+=("$id") T_ASG+=("$asg") T_KIT+=("$kit")
}

find_groups() {
	local names real own i asgs asg json
	names=$(aws_ eks list-nodegroups --cluster-name "$CLUSTER_NAME" --output json | jq -r '.nodegroups[]')
	asgs=$(cluster_asgs)
	for i in "${!MIGRATE_NAMES[@]}"; do
		if [ "${MIGRATE_SELF[$i]}" = 1 ]; then
			json=$(jq -c --arg n "${MIGRATE_NAMES[$i]}" --arg a "${MIGRATE_ASG[$i]}" '[.[]
				| select(.AutoScalingGroupName == $a or any(.Tags[];
					(.Key == "eks:nodegroup-name" or .Key == "alpha.eksctl.io/nodegroup-name") and .Value == $n))
				| .AutoScalingGroupName]' <<<"$asgs")
			if [ "$json" = "[]" ]; then
				note "no Auto Scaling group of cluster $CLUSTER_NAME is node group '${MIGRATE_NAMES[$i]}'; skipped"
				continue
			fi
			while IFS= read -r asg; do
				[ "$(owner_of "$asg" | cut -c1)" != h ] || die "refusing to touch '$asg': it runs Karpenter"
				add_target asg "$asg" "$asg" "$i"
			done < <(jq -r '.[]' <<<"$json")
		else
			local matched=0
			while IFS= read -r real; do
				[ -n "$real" ] || continue
				own=$(owner_of "$real")
				[ "$own" = "m $i" ] || continue
				asg=$(aws_ eks describe-nodegroup --cluster-name "$CLUSTER_NAME" --nodegroup-name "$real" --output json |
					jq -r '.nodegroup.resources.autoScalingGroups[0].name // empty')
				[ -n "$asg" ] || die "node group '$real' has no Auto Scaling group"
				add_target nodegroup "$real" "$asg" "$i"
				matched=1
			done <<<"$names"
			[ "$matched" = 1 ] || note "no EKS node group of cluster $CLUSTER_NAME is '${MIGRATE_NAMES[$i]}'; skipped"
		fi
	done
}

# JSON of the Auto Scaling groups named "$@".
describe_asgs() {
	aws_ autoscaling describe-auto-scaling-groups --output json --auto-scaling-group-names "$@"
}

# "NODE INSTANCE-ID" of each node the ASGs "$@" run, one a line.
asg_nodes_ids() {
	local ids
	ids=$(describe_asgs "$@" | jq -c '[.AutoScalingGroups[].Instances[]?.InstanceId]')
	kubectl get nodes -o json | jq -r --argjson ids "$ids" '.items[]
		| (.spec.providerID // "" | split("/") | last) as $i | select($ids | index($i)) | "\(.metadata.name) \($i)"'
}

# Node names of the instances of the ASGs "$@", one a line.
asg_nodes() {
	asg_nodes_ids "$@" | cut -d' ' -f1
}

# The labels only one migrated group has and its NodePool does not carry, as JSON:
# [{key, value, group}] (karpgen knows them from the inputs: ONLY_LABEL_*).
lost_labels() {
	local i out='[]'
	for i in "${!ONLY_LABEL_KEYS[@]}"; do
		[ "${ONLY_LABEL_CARRIED[$i]}" = 1 ] && continue
		out=$(jq -c --arg k "${ONLY_LABEL_KEYS[$i]}" --arg v "${ONLY_LABEL_VALUES[$i]}" \
			--arg g "${ONLY_LABEL_GROUPS[$i]}" '. + [{key: $k, value: $v, group: $g}]' <<<"$out")
	done
	printf '%s\n' "$out"
}

# What would make moving the pods of nodes "$@" an outage; one line per problem.
# Pods of DaemonSets and mirror pods stay (they go with their node).
workload_problems() {
	local nodes pools
	nodes=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	pools=$(kubectl get nodepools -o json 2>/dev/null || echo '{"items":[]}')
	kubectl get pods --all-namespaces -o json | jq -r --argjson nodes "$nodes" \
		--argjson pdbs "$(kubectl get pdb --all-namespaces -o json)" --argjson pools "$pools" \
		--argjson lost "$(lost_labels)" --arg emptydir "$ACCEPT_EMPTYDIR" \
		--argjson pvcs "$(kubectl get pvc --all-namespaces -o json)" --argjson pvs "$(kubectl get pv -o json)" '
		def moved: .spec.nodeName as $n | ($nodes | index($n)) != null
			and ((.metadata.ownerReferences // []) | map(.kind) | index("DaemonSet")) == null
			and (.metadata.annotations["kubernetes.io/config.mirror"] == null)
			and (.status.phase == "Running" or .status.phase == "Pending");
		def who: "\(.metadata.namespace)/\(.metadata.name)";
		def pinned_keys: ["eks.amazonaws.com/nodegroup", "alpha.eksctl.io/nodegroup-name",
			"eks.amazonaws.com/nodegroup-image", "alpha.eksctl.io/cluster-name"];
		def wellknown: test("^(kubernetes\\.io/|node\\.kubernetes\\.io/|topology\\.kubernetes\\.io/|karpenter\\.sh/|karpenter\\.k8s\\.aws/|topology\\.k8s\\.aws/|beta\\.kubernetes\\.io/|failure-domain\\.beta\\.kubernetes\\.io/)");
		def pool_gives($k; $v): any($pools.items[]?;
			(.spec.template.metadata.labels // {})[$k] == $v
			or any(.spec.template.spec.requirements[]?; .key == $k and .operator == "In" and ((.values // []) | index($v)) != null));
		def qty: tostring | capture("^(?<n>[0-9.]+)(?<u>[A-Za-z]*)$") as $c
			| ($c.n | tonumber) * ({"": 1, "m": 0.001, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 1024,
				"Mi": 1048576, "Gi": 1073741824, "Ti": 1099511627776}[$c.u] // 1);
		def requested($r): [.[] | .spec.containers[]?.resources.requests[$r] // empty | qty] | add // 0;
		def room($r): if ($pools.items | length) == 0 or any($pools.items[]; .spec.limits[$r] == null) then null
			else [$pools.items[] | (.spec.limits[$r] | qty) - (.status.resources[$r] // 0 | qty)] | add end;
		def lost($k; $v): [$lost[] | select(.key == $k and .value == $v) | .group] | first;
		def local_pv: .spec.local != null or .spec.hostPath != null
			or any(.spec.nodeAffinity.required.nodeSelectorTerms[]?.matchExpressions[]?; .key == "kubernetes.io/hostname");
		def claim_pv($ns): .persistentVolumeClaim.claimName as $c
			| [$pvcs.items[] | select(.metadata.namespace == $ns and .metadata.name == $c) | .spec.volumeName] as $v
			| [$pvs.items[] | select(.metadata.name as $n | $v | index($n))] | first;
		def terms: [.spec.nodeSelector // {} | to_entries[] | {key, values: [.value]}]
			+ [.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[]?.matchExpressions[]?
				| select(.operator == "In") | {key, values}];
		[.items[] | select(moved)] as $pods
		| ($pods[] | select((.metadata.ownerReferences // []) | length == 0)
			| "bare pod \(who): nothing would start it again once evicted")
		, ($pods[] | . as $p | terms[] | select(.key as $k | pinned_keys | index($k))
			| "pod \($p | who) is pinned to a node group (\(.key) in \(.values | join(",")))")
		, (if ($pools.items | length) > 0 then
			$pods[] | . as $p | terms[] | select((.key | wellknown | not) and (.key as $k | pinned_keys | index($k) | not))
			| select(.key as $k | all(.values[]; pool_gives($k; .) | not))
			| "pod \($p | who) needs \(.key) in \(.values | join(",")), which no NodePool gives"
		  else empty end)
		, ($pods[] | . as $p | terms[] | select(.key as $k | pinned_keys | index($k) | not)
			| . as $t | select((.values | length) > 0 and all(.values[]; lost($t.key; .) != null))
			| "pod \($p | who) needs \(.key) in \(.values | join(",")), a label only node group \([.values[] | lost($t.key; .)] | unique | join(", ")) has and its NodePool will not carry")
		, ($pods[] | select(any(.spec.volumes[]?; has("hostPath")))
			| "pod \(who) keeps data on its node (hostPath volume)")
		, (if $emptydir == "1" then empty else $pods[]
			| select(any(.spec.volumes[]?; has("emptyDir")))
			| "pod \(who) keeps data on its node (emptyDir volume \([.spec.volumes[] | select(has("emptyDir")) | .name] | join(","))), lost when it is evicted; --accept-emptydir moves it anyway" end)
		, ($pods[] | . as $p | .spec.volumes[]? | select(has("persistentVolumeClaim"))
			| claim_pv($p.metadata.namespace) as $pv | select($pv != null and ($pv | local_pv))
			| "pod \($p | who) uses local PersistentVolume \($pv.metadata.name) (claim \(.persistentVolumeClaim.claimName)): it cannot start on another node")
		, ($pdbs.items[] | . as $b
			| select(any($pods[]; .metadata.namespace == $b.metadata.namespace
				and (.metadata.labels // {}) as $l | all($b.spec.selector.matchLabels // {} | to_entries[]; $l[.key] == .value)))
			| select(.spec.maxUnavailable == 0 or .spec.maxUnavailable == "0%" or (.status.disruptionsAllowed // 0) == 0)
			| "PodDisruptionBudget \(.metadata.namespace)/\(.metadata.name) allows no disruption (\(.spec | del(.selector) | tojson))")
		, (["cpu", "memory"][] as $r | ($pods | requested($r)) as $want | room($r) as $room
			| select($room != null and $want > $room)
			| "the pods to move request \($want) \($r), the NodePools\u0027 limits leave \($room)")
		' | awk '!seen[$0]++'
}

# Refuse to start when moving the groups' pods would cause an outage.
check_workloads() {
	local nodes=() n problems
	[ "${#T_ASG[@]}" -gt 0 ] || return 0
	while IFS= read -r n; do
		[ -n "$n" ] && nodes+=("$n")
	done < <(asg_nodes "${T_ASG[@]}")
	[ "${#nodes[@]}" -gt 0 ] || return 0
	problems=$(workload_problems "${nodes[@]}")
	[ -z "$problems" ] && return 0
	printf 'runbook: %s\n' "$problems" >&2
	require "moving these pods would cause an outage; fix them (docs/cutover.md says how) and run again"
}

# The CRDs of Karpenter in the cluster, as JSON [{name, release, namespace}] (release and
# namespace: their Helm owner, "" when none).
karpenter_crds() {
	kubectl get crd -o json | jq -c '[.items[] | select(.metadata.name | test("\\.karpenter\\.(sh|k8s\\.aws)$"))
		| {name: .metadata.name, release: (.metadata.annotations["meta.helm.sh/release-name"] // ""),
			namespace: (.metadata.annotations["meta.helm.sh/release-namespace"] // "")}]'
}

# An existing Karpenter that is not the one the kit targets (Helm release $KARPENTER_RELEASE in
# $KARPENTER_NAMESPACE, its CRDs in release $KARPENTER_CRD_RELEASE there): a second controller
# would fight the first over the same NodePools and nodes, and Helm refuses CRDs that another
# release owns.  Refused here, before any change.  One line per problem.
controller_problems() {
	local deps rels
	deps=$(kubectl get deployments --all-namespaces -o json)
	rels=$(helm list --all-namespaces --output json)
	jq -rn --argjson d "$deps" --argjson r "$rels" --argjson c "$(karpenter_crds)" \
		--arg ns "$KARPENTER_NAMESPACE" --arg rel "$KARPENTER_RELEASE" --arg full "$KARPENTER_FULLNAME" \
		--arg crdrel "$KARPENTER_CRD_RELEASE" --arg domino "$DOMINO" '
		# Domino: Terraform installs Karpenter (the kit runs no helm), so any release in its namespace is it
		def ours($name; $want): .namespace == $ns and ($domino == "1" or $name == $want);
		def owner: .metadata.annotations // {} | "\(.["meta.helm.sh/release-name"] // "")\t\(.["meta.helm.sh/release-namespace"] // "")";
		def controller: (.metadata.labels["app.kubernetes.io/name"] // "") == "karpenter"
			or any(.spec.template.spec.containers[]?; (.image // "") | test("(^|/)karpenter/controller([:@]|$)"));
		($d.items[] | select(controller)
			| if .metadata.namespace != $ns or .metadata.name != $full then
				"Karpenter controller Deployment \(.metadata.namespace)/\(.metadata.name) runs already (Helm release \(owner | split("\t") | .[0] | if . == "" then "none" else . end))"
			  elif $domino != "1" and owner != "\($rel)\t\($ns)" then
				"Karpenter controller Deployment \(.metadata.namespace)/\(.metadata.name) is not Helm release \($rel) of namespace \($ns) (its owner: \(owner | sub("\t"; " in ") | if . == " in " then "none" else . end)): helm would refuse to take it over"
			  else empty end)
		, ($r[] | select(.chart | test("^karpenter-v?[0-9]")) | select(ours(.name; $rel) | not)
			| "Helm release \(.name) in namespace \(.namespace) installs Karpenter (\(.chart))")
		, ($r[] | select(.chart | test("^karpenter-crd-v?[0-9]")) | select(ours(.name; $crdrel) | not)
			| "Helm release \(.name) in namespace \(.namespace) owns the Karpenter CRDs (\(.chart))")
		, ($c[] | select(.release != "" and (ours(.release; $crdrel) | not))
			| "CRD \(.name) belongs to Helm release \(.release) in namespace \(.namespace)")
		' | awk '!seen[$0]++'
}

check_controller() {
	local problems
	problems=$(controller_problems)
	[ -z "$problems" ] && return 0
	printf 'runbook: %s\n' "$problems" >&2
	note "the kit targets Helm release '$KARPENTER_RELEASE' in namespace '$KARPENTER_NAMESPACE' (REPORT.md says why)" >&2
	require "an existing Karpenter is not the one this kit upgrades: two controllers would fight over the same nodes; compile the kit again with the input that installed it (its eksctl 'karpenter:' block, Terraform helm_release or manifests), or uninstall it first"
}

phase_preflight() {
	local t
	for t in aws kubectl helm jq; do
		command -v "$t" >/dev/null 2>&1 || die "'$t' is not installed"
	done

	CLUSTER_NAME=$KIT_CLUSTER_NAME
	case $CLUSTER_NAME in
	*'${'*) CLUSTER_NAME=$CLUSTER_NAME_ENV ;;
	esac
	[ -n "$CLUSTER_NAME" ] || die "the kit does not know the cluster name: export CLUSTER_NAME=..."
	[[ $CLUSTER_NAME =~ ^[0-9A-Za-z][A-Za-z0-9_-]*$ ]] || die "'$CLUSTER_NAME' is not an EKS cluster name"

	AWS_REGION=$KIT_REGION
	case $AWS_REGION in
	*'${'*) AWS_REGION=${AWS_REGION_ENV:-$(aws configure get region 2>/dev/null || true)} ;;
	esac
	[ -n "$AWS_REGION" ] || die "the kit does not know the region: export AWS_REGION=..."

	local ident
	ident=$(aws sts get-caller-identity --output json) ||
		die "'aws sts get-caller-identity' failed: no AWS credentials?"
	AWS_ACCOUNT_ID=$(jq -r .Account <<<"$ident")
	AWS_PARTITION=$(jq -r '.Arn | split(":")[1]' <<<"$ident")
	case $KIT_ACCOUNT_ID in
	*'${'*) ;;
	"$AWS_ACCOUNT_ID") ;;
	*) die "the credentials are for account $AWS_ACCOUNT_ID, the kit is for $KIT_ACCOUNT_ID" ;;
	esac
	case $KIT_PARTITION in
	*'${'*) ;;
	"$AWS_PARTITION") ;;
	*) die "the credentials are in partition $AWS_PARTITION, the kit is for $KIT_PARTITION" ;;
	esac
	AWS_URL_SUFFIX=amazonaws.com
	[ "$AWS_PARTITION" != aws-cn ] || AWS_URL_SUFFIX=amazonaws.com.cn

	CLUSTER_JSON=$(aws_ eks describe-cluster --name "$CLUSTER_NAME" --output json) ||
		die "cluster '$CLUSTER_NAME' not found in $AWS_REGION"
	local endpoint
	endpoint=$(jq -r .cluster.endpoint <<<"$CLUSTER_JSON")
	OIDC_PROVIDER=$(jq -r '.cluster.identity.oidc.issuer // "" | sub("^https://"; "")' <<<"$CLUSTER_JSON")
	K8S_VERSION=$(jq -r .cluster.version <<<"$CLUSTER_JSON")

	local server
	server=$(kubectl config view --minify -o json 2>/dev/null | jq -r '.clusters[0].cluster.server // ""' || true)
	[ "$server" = "$endpoint" ] ||
		die "the current kube context ($(kubectl config current-context 2>/dev/null || echo none)) does not point at cluster '$CLUSTER_NAME' ($endpoint)"

	NODE_ROLE=$(render_str "$KIT_NODE_ROLE")
	NODE_ROLE_ARN="arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:role/$NODE_ROLE"
	CONTROLLER_ROLE=$(render_str "$KIT_CONTROLLER_ROLE")
	CONTROLLER_ROLE_ARN="arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:role/$CONTROLLER_ROLE"
	QUEUE=$(render_str "$KIT_QUEUE")
	note "cluster $CLUSTER_NAME (Kubernetes $K8S_VERSION), account $AWS_ACCOUNT_ID, region $AWS_REGION"
	[ "$MODE" != rollback ] || return 0

	# a pinned AMI alias must exist for the cluster's Kubernetes version
	local alias family ver param
	for alias in "${AMI_ALIASES[@]}"; do
		family=${alias%%@*}
		ver=${alias#*@}
		param=""
		case $family in
		al2023) param="/aws/service/eks/optimized-ami/$K8S_VERSION/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-$K8S_VERSION-$ver/image_id" ;;
		al2) param="/aws/service/eks/optimized-ami/$K8S_VERSION/amazon-linux-2/amazon-eks-node-$K8S_VERSION-$ver/image_id" ;;
		bottlerocket) param="/aws/service/bottlerocket/aws-k8s-$K8S_VERSION/x86_64/${ver#v}/image_id" ;;
		esac
		if [ "$ver" = latest ] || [ -z "$param" ]; then
			continue
		fi
		aws_ ssm get-parameter --name "$param" --output json >/dev/null 2>&1 ||
			die "AMI alias '$alias' has no AMI for Kubernetes $K8S_VERSION: compile again with --ami-alias $family@<release for $K8S_VERSION>"
	done
	render_kit
	check_controller
	find_groups
	local k
	for k in "${!T_ID[@]}"; do
		note "node group '${T_ID[$k]}' (${T_KIND[$k]}, Auto Scaling group ${T_ASG[$k]}) -> NodePool '${MIGRATE_POOL[${T_KIT[$k]}]}'"
	done
	if selected cutover; then
		check_workloads
	fi
	# the subnets the tags phase needs: a group with none to tag stops here, before the IAM phase
	if [ "$DOMINO" != 1 ] && selected tags; then
		tag_subnets
	fi
}

# ----------------------------------------------------------------------- iam

# The node role's own access entry (or aws-auth mapping): the entry EKS makes for a managed
# node group goes with the group, so the kit never relies on it.
ensure_access() {
	local mode
	mode=$(jq -r '.cluster.accessConfig.authenticationMode // "CONFIG_MAP"' <<<"$CLUSTER_JSON")
	case $mode in
	API | API_AND_CONFIG_MAP)
		local have
		if have=$(aws_ eks describe-access-entry --cluster-name "$CLUSTER_NAME" --principal-arn "$NODE_ROLE_ARN" \
			--output json 2>/dev/null); then
			have=$(jq -r '.accessEntry.type // ""' <<<"$have")
			[ "$have" = "$NODE_ACCESS_TYPE" ] ||
				note "the access entry for $NODE_ROLE is of type $have, the nodes need $NODE_ACCESS_TYPE"
			note "access entry for $NODE_ROLE exists (if EKS made it for a managed node group, it goes with the group: the cleanup phase checks it again)"
		else
			confirm "add an $NODE_ACCESS_TYPE access entry for $NODE_ROLE"
			run aws --region "$AWS_REGION" eks create-access-entry --cluster-name "$CLUSTER_NAME" \
				--principal-arn "$NODE_ROLE_ARN" --type "$NODE_ACCESS_TYPE"
		fi
		;;
	*)
		local roles groups
		roles=$(kubectl get configmap aws-auth -n kube-system -o json | jq -r '.data.mapRoles // ""')
		if grep -qF "rolearn: $NODE_ROLE_ARN" <<<"$roles"; then
			note "aws-auth maps $NODE_ROLE"
			return 0
		fi
		confirm "map $NODE_ROLE in aws-auth"
		groups='  - system:bootstrappers\n  - system:nodes'
		[ "$NODE_ACCESS_TYPE" != EC2_WINDOWS ] || groups+='\n  - eks:kube-proxy-windows'
		local entry patch
		# shellcheck disable=SC2059 # the groups are part of the format on purpose
		entry=$(printf -- "- groups:\n$groups\n  rolearn: %s\n  username: system:node:{{EC2PrivateDNSName}}" "$NODE_ROLE_ARN")
		patch=$(jq -n --arg m "$roles"$'\n'"$entry" '{data: {mapRoles: $m}}')
		run kubectl patch configmap aws-auth -n kube-system --type merge -p "$patch"
		;;
	esac
}

phase_iam() {
	if [ "$DOMINO" = 1 ]; then
		# the Domino module makes the controller role, its policy and the pod identity association
		if aws iam get-role --role-name "$CONTROLLER_ROLE" --output json >/dev/null 2>&1; then
			note "controller role $CONTROLLER_ROLE exists (made by Terraform)"
		else
			require "role '$CONTROLLER_ROLE' is missing: apply step 1 of terraform/README.md (karpenter = { enabled = true }) first"
		fi
		ensure_access
		return 0
	fi
	if [ "$NODE_ROLE_EXISTS" = 0 ]; then
		if aws iam get-role --role-name "$NODE_ROLE" --output json >/dev/null 2>&1; then
			note "node role $NODE_ROLE exists"
		else
			confirm "create node role $NODE_ROLE"
			# the node groups' permissions boundary, which an organisation's SCPs may require
			run aws iam create-role --role-name "$NODE_ROLE" \
				--assume-role-policy-document "file://$WORK/iam/node-trust-policy.json" \
				${NODE_ROLE_BOUNDARY:+--permissions-boundary "$(render_str "$NODE_ROLE_BOUNDARY")"}
			local p
			for p in "${NODE_POLICY_ARNS[@]}"; do
				run aws iam attach-role-policy --role-name "$NODE_ROLE" --policy-arn "$(render_str "$p")"
			done
		fi
	fi
	local i name arn
	for i in "${!CONTROLLER_POLICY_NAMES[@]}"; do
		name=$(render_str "${CONTROLLER_POLICY_NAMES[$i]}")
		arn="arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:policy/$name"
		if aws iam get-policy --policy-arn "$arn" --output json >/dev/null 2>&1; then
			note "policy $name exists; compare it with ${CONTROLLER_POLICY_FILES[$i]}"
		else
			confirm "create policy $name"
			run aws iam create-policy --policy-name "$name" \
				--policy-document "file://$WORK/${CONTROLLER_POLICY_FILES[$i]}"
		fi
	done
	if aws iam get-role --role-name "$CONTROLLER_ROLE" --output json >/dev/null 2>&1; then
		note "controller role $CONTROLLER_ROLE exists"
	else
		confirm "create controller role $CONTROLLER_ROLE ($IDENTITY)"
		run aws iam create-role --role-name "$CONTROLLER_ROLE" \
			--assume-role-policy-document "file://$WORK/iam/controller-trust-policy.json"
	fi
	for i in "${!CONTROLLER_POLICY_NAMES[@]}"; do
		name=$(render_str "${CONTROLLER_POLICY_NAMES[$i]}")
		run aws iam attach-role-policy --role-name "$CONTROLLER_ROLE" \
			--policy-arn "arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:policy/$name"
	done
	if [ "$IDENTITY" = pod-identity ]; then
		aws_ eks describe-addon --cluster-name "$CLUSTER_NAME" --addon-name eks-pod-identity-agent \
			--output json >/dev/null 2>&1 ||
			run aws --region "$AWS_REGION" eks create-addon --cluster-name "$CLUSTER_NAME" \
				--addon-name eks-pod-identity-agent
		local assoc
		assoc=$(aws_ eks list-pod-identity-associations --cluster-name "$CLUSTER_NAME" \
			--namespace "$KARPENTER_NAMESPACE" --service-account "$KARPENTER_FULLNAME" --output json 2>/dev/null |
			jq -r '.associations[0].associationId // empty' || true)
		if [ -z "$assoc" ]; then
			run aws --region "$AWS_REGION" eks create-pod-identity-association --cluster-name "$CLUSTER_NAME" \
				--namespace "$KARPENTER_NAMESPACE" --service-account "$KARPENTER_FULLNAME" --role-arn "$CONTROLLER_ROLE_ARN"
		fi
	else
		# captured first: with pipefail, grep -q closing the pipe early would fail the writer
		local providers
		providers=$(aws iam list-open-id-connect-providers --output json 2>/dev/null || true)
		grep -qF "$OIDC_PROVIDER" <<<"$providers" ||
			die "the cluster has no IAM OIDC provider ($OIDC_PROVIDER): create it first (eksctl utils associate-iam-oidc-provider)"
	fi
	if [ "$SPOT" = 1 ]; then
		aws iam get-role --role-name AWSServiceRoleForEC2Spot --output json >/dev/null 2>&1 ||
			run aws iam create-service-linked-role --aws-service-name spot.amazonaws.com
	fi
	if [ -n "$QUEUE" ]; then
		if aws_ sqs get-queue-url --queue-name "$QUEUE" --output json >/dev/null 2>&1; then
			note "interruption queue $QUEUE exists"
		else
			confirm "create interruption queue $QUEUE and its EventBridge rules"
			run aws --region "$AWS_REGION" sqs create-queue --queue-name "$QUEUE" \
				--attributes "file://$WORK/iam/interruption-queue-attributes.json"
		fi
		local rule queue_arn="arn:$AWS_PARTITION:sqs:$AWS_REGION:$AWS_ACCOUNT_ID:$QUEUE"
		for i in "${!EVENT_RULE_NAMES[@]}"; do
			rule="$CLUSTER_NAME-${EVENT_RULE_NAMES[$i]}"
			rule=${rule:0:64}
			run aws --region "$AWS_REGION" events put-rule --name "$rule" --event-pattern "${EVENT_RULE_PATTERNS[$i]}"
			run aws --region "$AWS_REGION" events put-targets --rule "$rule" \
				--targets "Id=KarpenterInterruptionQueueTarget,Arn=$queue_arn"
		done
	fi
	ensure_access
}

# ---------------------------------------------------------------------- tags

# A subnet is private when its route table (its own, else the VPC's main one) has no route
# to an internet gateway.
subnet_private() {
	local rt vpc
	rt=$(aws_ ec2 describe-route-tables --output json --filters "Name=association.subnet-id,Values=$1")
	if [ "$(jq '.RouteTables | length' <<<"$rt")" = 0 ]; then
		vpc=$(jq -r .cluster.resourcesVpcConfig.vpcId <<<"$CLUSTER_JSON")
		rt=$(aws_ ec2 describe-route-tables --output json --filters "Name=vpc-id,Values=$vpc" \
			"Name=association.main,Values=true")
	fi
	jq -e '[.RouteTables[].Routes[]? | select((.GatewayId // "") | startswith("igw-"))] | length == 0' \
		<<<"$rt" >/dev/null
}

# The security groups the nodes of ASG JSON $1 get: their launch template's, else (EKS's
# own template names none) the cluster security group.
asg_security_groups() {
	local lt id ver sgs
	lt=$(jq -c '.LaunchTemplate // .MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification // empty' <<<"$1")
	if [ -n "$lt" ]; then
		id=$(jq -r '.LaunchTemplateId // empty' <<<"$lt")
		ver=$(jq -r '.Version // "$Default"' <<<"$lt")
		if [ -n "$id" ]; then
			sgs=$(aws_ ec2 describe-launch-template-versions --output json --launch-template-id "$id" --versions "$ver" |
				jq -r '.LaunchTemplateVersions[0].LaunchTemplateData | (.SecurityGroupIds // []) + [.NetworkInterfaces[]?.Groups[]?] | .[]')
		fi
	fi
	if [ -z "${sgs:-}" ]; then
		jq -r .cluster.resourcesVpcConfig.clusterSecurityGroupId <<<"$CLUSTER_JSON"
	else
		printf '%s\n' "$sgs"
	fi
}

# The subnets the tags phase tags karpenter.sh/discovery: those of the moved groups whose
# EC2NodeClass selects by the tag (a class that names its group's subnet ids needs none), the
# group's own ids where the kit has them, else its Auto Scaling group's; private ones only.
# Sets TAG_SUBNETS and PUBLIC_SUBNETS (left untagged).  Stops (require) when such a group has no
# subnet or no private one (its nodes would move to other subnets, or have none): preflight calls
# it before anything is changed.
tag_subnets() {
	TAG_SUBNETS=() PUBLIC_SUBNETS=()
	local json k id kit has
	local -A private=()
	[ "${#T_ASG[@]}" -gt 0 ] || return 0
	json=$(describe_asgs "${T_ASG[@]}")
	for k in "${!T_ASG[@]}"; do
		kit=${T_KIT[$k]}
		[ "${MIGRATE_BY_ID[$kit]:-0}" != 1 ] || continue
		local given=${MIGRATE_SUBNETS[$kit]:-} mine=()
		if [ -n "$given" ] && [[ $given != *'${'* ]]; then
			for id in $given; do mine+=("$id"); done
		else
			while IFS= read -r id; do
				[ -n "$id" ] && mine+=("$id")
			done < <(jq -r --arg a "${T_ASG[$k]}" '.AutoScalingGroups[] | select(.AutoScalingGroupName == $a)
				| .VPCZoneIdentifier // "" | split(",")[]' <<<"$json")
		fi
		if [ "${#mine[@]}" -eq 0 ]; then
			require "node group '${MIGRATE_NAMES[$kit]}' (Auto Scaling group ${T_ASG[$k]}) has no subnet"
			continue
		fi
		has=0
		for id in "${mine[@]}"; do
			if [ -z "${private[$id]:-}" ]; then
				if subnet_private "$id"; then private[$id]=1; else private[$id]=0; fi
			fi
			[ "${private[$id]}" = 0 ] || has=1
		done
		[ "$has" = 1 ] ||
			require "node group '${MIGRATE_NAMES[$kit]}' (Auto Scaling group ${T_ASG[$k]}) runs on public subnets only (${mine[*]}: a route to an internet gateway), and Karpenter's nodes go on private subnets: give the group private subnets first, or compile the kit without it"
	done
	for id in $(printf '%s\n' "${!private[@]}" | LC_ALL=C sort); do
		if [ "${private[$id]}" = 1 ]; then
			TAG_SUBNETS+=("$id")
		else
			PUBLIC_SUBNETS+=("$id")
		fi
	done
}

phase_tags() {
	local value=$CLUSTER_NAME
	if [ "$DOMINO" = 1 ]; then
		local n
		n=$(aws_ ec2 describe-subnets --output json --filters "Name=tag:karpenter.sh/discovery,Values=$value" |
			jq '.Subnets | length')
		if [ "${n:-0}" = 0 ]; then
			require "no subnet is tagged karpenter.sh/discovery=$value: apply step 1 of terraform/README.md first"
		else
			note "$n subnets carry karpenter.sh/discovery=$value (tagged by Terraform)"
		fi
		return 0
	fi
	[ "${#T_ASG[@]}" -gt 0 ] || {
		note "no node group to move: nothing to tag"
		return 0
	}
	local json k id sgs=()
	json=$(describe_asgs "${T_ASG[@]}")
	for k in "${!T_ASG[@]}"; do
		local one
		one=$(jq -c --arg a "${T_ASG[$k]}" '.AutoScalingGroups[] | select(.AutoScalingGroupName == $a)' <<<"$json")
		while IFS= read -r id; do
			[ -n "$id" ] && sgs+=("$id")
		done < <(asg_security_groups "$one")
	done
	tag_subnets
	for id in "${PUBLIC_SUBNETS[@]}"; do
		note "subnet $id has a route to an internet gateway: not tagged (Karpenter's nodes go on private subnets)"
	done
	if [ "${#TAG_SUBNETS[@]}" -gt 0 ]; then
		confirm "tag subnets ${TAG_SUBNETS[*]} karpenter.sh/discovery=$value"
		run aws --region "$AWS_REGION" ec2 create-tags --resources "${TAG_SUBNETS[@]}" \
			--tags "Key=karpenter.sh/discovery,Value=$value"
	fi
	if [ "${#SG_IDS[@]}" -eq 0 ]; then
		mapfile -t sgs < <(printf '%s\n' "${sgs[@]}" | LC_ALL=C sort -u)
		confirm "tag security groups ${sgs[*]} karpenter.sh/discovery=$value"
		run aws --region "$AWS_REGION" ec2 create-tags --resources "${sgs[@]}" \
			--tags "Key=karpenter.sh/discovery,Value=$value"
	fi
}

# ---------------------------------------------------------------- controller

# The CRDs that the karpenter chart's crds/ directory (or kubectl apply) installed carry no Helm
# owner: the CRD chart's release adopts them, as Karpenter's upgrade guide does, or Helm refuses
# to install over them.  check_controller() has refused CRDs that another release owns.
adopt_crds() {
	local crd
	while IFS= read -r crd; do
		[ -n "$crd" ] || continue
		run kubectl label crd "$crd" app.kubernetes.io/managed-by=Helm --overwrite
		run kubectl annotate crd "$crd" "meta.helm.sh/release-name=$KARPENTER_CRD_RELEASE" \
			"meta.helm.sh/release-namespace=$KARPENTER_NAMESPACE" --overwrite
	done < <(karpenter_crds | jq -r '.[] | select(.release == "") | .name')
}

karpenter_ready() {
	kubectl rollout status "deployment/$KARPENTER_FULLNAME" -n "$KARPENTER_NAMESPACE" --timeout=10s >/dev/null 2>&1
}

phase_controller() {
	if [ "$DOMINO" = 1 ]; then
		kubectl get deployment "$KARPENTER_FULLNAME" -n "$KARPENTER_NAMESPACE" -o json >/dev/null 2>&1 ||
			require "Karpenter is not installed in '$KARPENTER_NAMESPACE': apply step 1 of terraform/README.md first"
	else
		# REPORT.md's Upgrade section: releases one helm upgrade must not jump across
		if kubectl get deployment "$KARPENTER_FULLNAME" -n "$KARPENTER_NAMESPACE" -o name >/dev/null 2>&1; then
			[ "${#UPGRADE_STOPS[@]}" -eq 0 ] ||
				require "the running Karpenter must first be upgraded through ${UPGRADE_STOPS[*]}, one helm upgrade each (REPORT.md, Upgrade): this phase installs only $KARPENTER_VERSION"
			[ -z "$PINNED_NEWER" ] ||
				require "the inputs pin Karpenter $PINNED_NEWER, newer than $KARPENTER_VERSION which this phase installs: keep it and skip this phase (REPORT.md, Downgrade)"
		fi
		confirm "install Karpenter $KARPENTER_VERSION in $KARPENTER_NAMESPACE (Helm release $KARPENTER_RELEASE)"
		adopt_crds
		run helm upgrade --install "$KARPENTER_CRD_RELEASE" oci://public.ecr.aws/karpenter/karpenter-crd \
			--version "$KARPENTER_VERSION" --namespace "$KARPENTER_NAMESPACE" --create-namespace
		run helm upgrade --install "$KARPENTER_RELEASE" oci://public.ecr.aws/karpenter/karpenter \
			--version "$KARPENTER_VERSION" --namespace "$KARPENTER_NAMESPACE" --create-namespace \
			--values "$WORK/helm/values.yaml" --wait
	fi
	wait_for "$READY_TIMEOUT" "the Karpenter controller" karpenter_ready ||
		die "the Karpenter controller is not ready"
}

# ----------------------------------------------------------------- nodepools

ready_condition() {
	kubectl get "$1" "$2" -o json 2>/dev/null |
		jq -e '.status.conditions // [] | any(.type == "Ready" and .status == "True")' >/dev/null
}

nodeclass_ready() {
	if [ "$API_V1" = 1 ]; then
		ready_condition ec2nodeclass "$1"
	else
		kubectl get ec2nodeclass "$1" -o json | jq -e '.status.amis[0].id' >/dev/null
	fi
}

nodepool_ready() {
	if [ "$API_V1" = 1 ]; then
		ready_condition nodepool "$1"
	else
		kubectl get nodepool "$1" -o json >/dev/null
	fi
}

phase_nodepools() {
	confirm "apply ${#NODECLASSES[@]} EC2NodeClasses and ${#NODEPOOLS[@]} NodePools"
	run kubectl apply -f "$WORK/karpenter/ec2nodeclasses/"
	local n
	for n in "${NODECLASSES[@]}"; do
		wait_for "$READY_TIMEOUT" "EC2NodeClass $n to be Ready" nodeclass_ready "$n" ||
			die "EC2NodeClass $n is not Ready: kubectl describe ec2nodeclass $n"
	done
	run kubectl apply -f "$WORK/karpenter/nodepools/"
	for n in "${NODEPOOLS[@]}"; do
		wait_for "$READY_TIMEOUT" "NodePool $n to be Ready" nodepool_ready "$n" ||
			die "NodePool $n is not Ready: kubectl describe nodepool $n"
	done
}

# ------------------------------------------------------------------- cutover

# "namespace name replicas" of each Cluster Autoscaler deployment: in --ca-namespace only, else
# the kit's namespace when it has one there, else anywhere.
find_autoscaler() {
	local all here
	all=$(kubectl get deployments --all-namespaces -o json | jq -r '.items[]
		| select(.metadata.name | test("^([a-z0-9-]*-)?cluster-autoscaler([a-z0-9-]*)?$"))
		| "\(.metadata.namespace) \(.metadata.name) \(.spec.replicas // 1)"')
	if [ -n "$CA_NAMESPACE_ARG" ]; then
		printf '%s\n' "$all" | awk -v ns="$CA_NAMESPACE_ARG" '$1 == ns'
		return 0
	fi
	here=$(printf '%s\n' "$all" | awk -v ns="$CA_NAMESPACE" '$1 == ns')
	printf '%s\n' "${here:-$all}" | sed '/^$/d'
}

stop_autoscaler() {
	local ns name replicas
	while read -r ns name replicas; do
		[ -n "$name" ] || continue
		[ "$replicas" != 0 ] || continue
		state_get ca "$ns" "$name" >/dev/null || state_add ca "$ns" "$name" "$replicas"
		confirm "scale the Cluster Autoscaler $ns/$name to 0 (Karpenter takes over; rollback restores $replicas)"
		run kubectl scale "deployment/$name" -n "$ns" --replicas=0
	done < <(find_autoscaler)
}

# Pods of the owners in JSON $2 ({"ns/kind/name": count}) Running and Ready on nodes other
# than those in JSON list $1, at least count of each: the drained pods run again.
pods_moved() {
	kubectl get pods --all-namespaces -o json | jq -e --argjson gone "$1" --argjson want "$2" '
		[.items[] | select(.status.phase == "Running"
			and any(.status.conditions[]?; .type == "Ready" and .status == "True")
			and (.spec.nodeName as $n | $gone | index($n)) == null)
		| (.metadata.ownerReferences // [])[0] as $o | select($o != null)
		| "\(.metadata.namespace)/\($o.kind)/\($o.name)"] as $have
		| all($want | to_entries[]; .key as $k | ([$have[] | select(. == $k)] | length) >= .value)' >/dev/null
}

# {"ns/kind/name": count} of the pods that must run again once nodes in JSON list $2 are
# drained: each owner of a pod on node $1 (not a DaemonSet), with its Running pods off them.
pods_to_move() {
	kubectl get pods --all-namespaces -o json | jq -c --arg node "$1" --argjson gone "$2" '
		[.items[] | (.metadata.ownerReferences // [])[0] as $o | select($o != null and $o.kind != "DaemonSet")
			| {key: "\(.metadata.namespace)/\($o.kind)/\($o.name)", node: .spec.nodeName, phase: .status.phase}] as $p
		| [$p[] | select(.node == $node) | .key] | unique
		| map(. as $k | {key: $k, value: ([$p[] | select(.key == $k and (.node == $node
			or (.phase == "Running" and (.node as $n | $gone | index($n)) == null)))] | length)})
		| from_entries'
}

group_sizes() {
	if [ "$1" = nodegroup ]; then
		aws_ eks describe-nodegroup --cluster-name "$CLUSTER_NAME" --nodegroup-name "$2" --output json |
			jq -r '.nodegroup.scalingConfig | "\(.minSize) \(.maxSize) \(.desiredSize)"'
	else
		describe_asgs "$2" | jq -r '.AutoScalingGroups[0] | "\(.MinSize) \(.MaxSize) \(.DesiredCapacity)"'
	fi
}

set_sizes() {
	local kind=$1 id=$2 min=$3 max=$4 desired=$5
	if [ "$kind" = nodegroup ]; then
		[ "$max" -ge 1 ] || max=1 # EKS keeps maxSize >= 1
		run aws --region "$AWS_REGION" eks update-nodegroup-config --cluster-name "$CLUSTER_NAME" \
			--nodegroup-name "$id" --scaling-config "minSize=$min,maxSize=$max,desiredSize=$desired"
	else
		run aws --region "$AWS_REGION" autoscaling update-auto-scaling-group --auto-scaling-group-name "$id" \
			--min-size "$min" --max-size "$max" --desired-capacity "$desired"
	fi
}

# Record group k's sizes (once: a resumed run keeps the first) and cordon its nodes, so that
# no pod moves from one old group to another: what is drained goes to Karpenter's nodes.
hold_group() {
	local k=$1 kind=${T_KIND[$1]} id=${T_ID[$1]} min max desired n nodes=() json karp
	state_get group "$id" >/dev/null && return 0
	if ! state_get size "$kind" "$id" >/dev/null; then
		read -r min max desired < <(group_sizes "$kind" "$id")
		state_add size "$kind" "$id" "$min" "$max" "$desired"
	fi
	while IFS= read -r n; do
		[ -n "$n" ] && nodes+=("$n")
	done < <(asg_nodes "${T_ASG[$k]}")
	[ "${#nodes[@]}" -gt 0 ] || return 0
	# never the group that runs Karpenter, whatever the names say
	json=$(printf '%s\n' "${nodes[@]}" | jq -R . | jq -sc .)
	karp=$(kubectl get pods -n "$KARPENTER_NAMESPACE" -o json | jq -r --argjson nodes "$json" '[.items[]
		| select((.spec.nodeName as $n | $nodes | index($n)) != null
			and any(.metadata.ownerReferences[]?; .name | test("^karpenter(-|$)")))][0].spec.nodeName // empty')
	[ -z "$karp" ] || die "refusing to move node group $id: node $karp runs the Karpenter controller"
	for n in "${nodes[@]}"; do
		run kubectl cordon "$n"
	done
}

# Move group k, MAX_UNAVAILABLE nodes at a time: drain through the eviction API (PDBs
# respected), wait until the pods run again on nodes outside the groups being moved, terminate
# the instance with the group's desired capacity one lower.  JSON list $2: every node being moved.
cutover_group() {
	local k=$1 kind=${T_KIND[$1]} id=${T_ID[$1]} asg=${T_ASG[$1]} gone=$2
	if state_get group "$id" >/dev/null; then
		note "node group $id: moved before"
		return 0
	fi
	local min max desired
	read -r min max desired < <(group_sizes "$kind" "$id")
	local nodes=() insts=() n inst
	while read -r n inst; do
		[ -n "$n" ] && nodes+=("$n") insts+=("$inst")
	done < <(asg_nodes_ids "$asg")
	confirm "move node group $id (${#nodes[@]} nodes, $MAX_UNAVAILABLE at a time) to NodePool ${MIGRATE_POOL[${T_KIT[$k]}]}"
	[ "$min" = 0 ] || set_sizes "$kind" "$id" 0 "$max" "$desired"
	local i=0 batch ids want
	while [ "$i" -lt "${#nodes[@]}" ]; do
		batch=("${nodes[@]:$i:$MAX_UNAVAILABLE}")
		ids=("${insts[@]:$i:$MAX_UNAVAILABLE}")
		i=$((i + MAX_UNAVAILABLE))
		for n in "${batch[@]}"; do
			want=$(pods_to_move "$n" "$gone")
			run kubectl drain "$n" --ignore-daemonsets --delete-emptydir-data --timeout="${DRAIN_TIMEOUT}s" ||
				die "node $n did not drain in ${DRAIN_TIMEOUT}s (a PodDisruptionBudget?): the groups stay cordoned; fix it, then 'runbook.sh resume' (or 'runbook.sh rollback')"
			wait_for "$MOVE_TIMEOUT" "the pods of $n to run on Karpenter's nodes" pods_moved "$gone" "$want" ||
				die "the pods drained from $n are not Running elsewhere after ${MOVE_TIMEOUT}s: kubectl get pods -A --field-selector=status.phase=Pending; then 'runbook.sh resume' or 'runbook.sh rollback'"
		done
		for inst in "${ids[@]}"; do
			run aws --region "$AWS_REGION" autoscaling terminate-instance-in-auto-scaling-group \
				--instance-id "$inst" --should-decrement-desired-capacity
		done
	done
	set_sizes "$kind" "$id" 0 0 0
	state_add group "$id"
	note "node group $id: moved; 'runbook.sh rollback' restores its sizes"
}

pending_pods() {
	kubectl get pods --all-namespaces -o json | jq '[.items[] | select(.status.phase == "Pending")] | length'
}

phase_cutover() {
	wait_for "$READY_TIMEOUT" "the Karpenter controller" karpenter_ready ||
		require "the Karpenter controller is not ready: run the controller phase first"
	local n
	for n in "${NODEPOOLS[@]}"; do
		wait_for "$READY_TIMEOUT" "NodePool $n to be Ready" nodepool_ready "$n" ||
			require "NodePool $n is not Ready: run the nodepools phase first"
	done
	check_workloads
	stop_autoscaler
	local k gone
	for k in "${!T_ID[@]}"; do
		hold_group "$k"
	done
	gone='[]'
	[ "${#T_ASG[@]}" -eq 0 ] || gone=$(asg_nodes "${T_ASG[@]}" | jq -R . | jq -sc .)
	for k in "${!T_ID[@]}"; do
		cutover_group "$k" "$gone"
	done
	for n in "${NODEPOOLS[@]}"; do
		note "NodePool $n: $(kubectl get nodes -l "karpenter.sh/nodepool=$n" -o json | jq '.items | length') nodes"
	done
	n=$(pending_pods)
	if [ "$n" = 0 ]; then
		note "no Pending pods"
	else
		note "$n pods are Pending: kubectl get pods -A --field-selector=status.phase=Pending"
	fi
}

# ------------------------------------------------------------------- cleanup

phase_cleanup() {
	ensure_access
	if [ "$DOMINO" = 1 ]; then
		note "Terraform clean-up (terraform/README.md, step 3):"
		note "  1. set default_node_groups = null and additional_node_groups = null in nodes.tfvars and infra.tfvars"
		note "  2. ./tf.sh nodes plan, review that only the old node groups are destroyed, ./tf.sh nodes apply"
		note "  3. ./tf.sh all plan (no subnet change on the cluster), ./tf.sh all apply"
		note "long jobs and workspaces: annotate their pods karpenter.sh/do-not-disrupt=\"true\" so that no"
		note "disruption (drift, expiry, consolidation) ends them before they finish"
		local left="" real
		while IFS= read -r real; do
			[ -n "$real" ] || continue
			[ "$(owner_of "$real" | cut -c1)" != m ] || left="$left $real"
		done < <(aws_ eks list-nodegroups --cluster-name "$CLUSTER_NAME" --output json | jq -r '.nodegroups[]')
		if [ -n "$left" ]; then
			note "old node groups still exist:$left; run '--phase cleanup' again after the Terraform clean-up to scale the Cluster Autoscaler back"
			return 0
		fi
		# the guide scales the Cluster Autoscaler back once Terraform has deleted the old groups
		local ns name replicas rec
		while read -r ns name replicas; do
			[ -n "$name" ] || continue
			rec=$(state_get ca "$ns" "$name" | cut -f4) || rec=1
			confirm "scale the Cluster Autoscaler $ns/$name back to $rec (it now manages only the Karpenter node group)"
			run kubectl scale "deployment/$name" -n "$ns" --replicas="$rec"
		done < <(find_autoscaler)
		return 0
	fi
	note "the old node groups are at zero; remove their definitions where they live (see terraform/README.md"
	note "or REPORT.md), and keep the groups that run Karpenter: ${HOME_NAMES[*]}"
	note "the Cluster Autoscaler stays at 0 replicas; 'runbook.sh rollback' restores it with the groups"
}

# ------------------------------------------------------------------ rollback

# Undo what the state file records, newest first: every group's min/max/desired exactly as
# they were (the ASG then launches its nodes again) and the Cluster Autoscaler's replicas.
# NodePools stay: delete them (kubectl delete nodepools --all) to move pods off Karpenter nodes.
rollback() {
	[ -s "$STATE" ] || die "no state file ($STATE): nothing to roll back"
	local rec kind a b c d e n
	while IFS=$'\t' read -r kind a b c d e; do
		case $kind in
		size)
			confirm "restore $a $b to min/max/desired $c/$d/$e"
			set_sizes "$a" "$b" "$c" "$d" "$e"
			local asg=$b
			if [ "$a" = nodegroup ]; then
				asg=$(aws_ eks describe-nodegroup --cluster-name "$CLUSTER_NAME" --nodegroup-name "$b" --output json |
					jq -r '.nodegroup.resources.autoScalingGroups[0].name // empty')
			fi
			if [ -n "$asg" ]; then
				while IFS= read -r n; do
					[ -z "$n" ] || run kubectl uncordon "$n"
				done < <(asg_nodes "$asg")
			fi
			;;
		ca)
			confirm "scale the Cluster Autoscaler $a/$b back to $c"
			run kubectl scale "deployment/$b" -n "$a" --replicas="$c"
			;;
		esac
	done < <(tac "$STATE")
	if [ "$DRY_RUN" = 0 ]; then
		rec="$STATE.rolled-back.$(date +%Y%m%dT%H%M%S)"
		mv "$STATE" "$rec"
		note "rolled back; the old state is in $rec"
	fi
	note "NodePools and Karpenter stay; 'kubectl delete nodepools --all' moves the pods off Karpenter's nodes"
}

# ----------------------------------------------------------------------- main

selected() {
	[ "${#ONLY[@]}" -eq 0 ] || contains "$1" "${ONLY[@]}"
}

number() {
	[[ $2 =~ ^[0-9]+$ ]] || die "$1 needs a number of seconds or nodes, not '$2'"
}

case ${1:-} in
resume | rollback)
	MODE=$1
	shift
	;;
esac
while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) DRY_RUN=1 ;;
	--yes | -y) YES=1 ;;
	--accept-emptydir) ACCEPT_EMPTYDIR=1 ;;
	--phase)
		[ $# -ge 2 ] || die "--phase needs a name"
		contains "$2" "${PHASES[@]}" || die "unknown phase '$2' (phases: ${PHASES[*]})"
		ONLY+=("$2")
		shift
		;;
	--ca-namespace | --state | --max-unavailable | --ready-timeout | --drain-timeout | --move-timeout | --poll)
		[ $# -ge 2 ] || die "$1 needs a value"
		case $1 in
		--ca-namespace) CA_NAMESPACE_ARG=$2 ;;
		--state) STATE=$2 ;;
		--max-unavailable) number "$1" "$2" && MAX_UNAVAILABLE=$2 ;;
		--ready-timeout) number "$1" "$2" && READY_TIMEOUT=$2 ;;
		--drain-timeout) number "$1" "$2" && DRAIN_TIMEOUT=$2 ;;
		--move-timeout) number "$1" "$2" && MOVE_TIMEOUT=$2 ;;
		--poll) number "$1" "$2" && POLL=$2 ;;
		esac
		shift
		;;
	--list-phases)
		printf '%s\n' "${PHASES[@]}"
		exit 0
		;;
	-h | --help)
		usage
		exit 0
		;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
[ "$MAX_UNAVAILABLE" -ge 1 ] || die "--max-unavailable must be at least 1"

# what preflight fills; the environment may give the cluster name and region
CLUSTER_NAME_ENV=${CLUSTER_NAME:-}
AWS_REGION_ENV=${AWS_REGION:-}
CLUSTER_NAME="" AWS_REGION="" AWS_ACCOUNT_ID="" AWS_PARTITION="" AWS_URL_SUFFIX="" OIDC_PROVIDER=""
K8S_VERSION="" NODE_ROLE="" NODE_ROLE_ARN="" CONTROLLER_ROLE="" CONTROLLER_ROLE_ARN="" QUEUE="" CLUSTER_JSON=""

case $MODE in
run)
	if [ -s "$STATE" ] && [ "$DRY_RUN" = 0 ] && [ "${#ONLY[@]}" -eq 0 ]; then
		die "$STATE records an earlier run: 'runbook.sh resume' goes on, 'runbook.sh rollback' undoes it"
	fi
	;;
resume) [ -s "$STATE" ] || die "no state file ($STATE): nothing to resume" ;;
rollback)
	printf '\n== rollback%s\n' "$([ "$DRY_RUN" = 1 ] && echo ' (dry run)')"
	phase_preflight
	rollback
	exit 0
	;;
esac
n=0
for p in "${PHASES[@]}"; do
	n=$((n + 1))
	if [ "$p" != preflight ] && ! selected "$p"; then
		continue
	fi
	if [ "$p" != preflight ] && [ "$MODE" = resume ] && [ "${#ONLY[@]}" -eq 0 ] && phase_done "$p"; then
		note "phase $p: done before"
		continue
	fi
	printf '\n== phase %d/%d: %s%s\n' "$n" "${#PHASES[@]}" "$p" "$([ "$DRY_RUN" = 1 ] && echo ' (dry run)')"
	"phase_$p"
	[ "$p" = preflight ] || state_add phase "$p"
done
note "done"
