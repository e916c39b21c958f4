#!/usr/bin/env bash
# shellcheck disable=SC2016 # '${NAME}' is a literal placeholder, filled by render_str
# runbook.sh - move this cluster's node groups to Karpenter, phase by phase, in the order of
# the migration guides.  Written by karpgen; REPORT.md says what each phase will do.
#
#   ./runbook.sh --dry-run            print every change instead of making it (reads still run)
#   ./runbook.sh --phase NAME         run one phase (repeatable); preflight always runs first
#   ./runbook.sh --yes                do not ask before each change
#   ./runbook.sh --list-phases        the phases, in order
#   ./runbook.sh --ca-namespace NS    where the Cluster Autoscaler runs (default: found, or the kit's)
#
# Values the inputs did not give are ${PLACEHOLDERS} in the kit's files; they are filled here
# at run time: AWS_ACCOUNT_ID and AWS_PARTITION from 'aws sts get-caller-identity', AWS_REGION
# from the AWS CLI configuration, OIDC_PROVIDER from 'aws eks describe-cluster', and
# CLUSTER_NAME from the environment (export CLUSTER_NAME=... before running).
#
# Environment: KARPGEN_DRAIN_TIMEOUT (seconds a node group may take to empty, default 1800),
# KARPGEN_PENDING_TIMEOUT (seconds pods may stay Pending after a group is scaled down, 600),
# KARPGEN_READY_TIMEOUT (seconds for Karpenter objects to become Ready, 300).
set -euo pipefail

# ---- written by karpgen 0.1.0: the kit's values, each one single-quoted word.
# ${NAME} inside a value is a placeholder filled at run time (see the top of this file).
KARPENTER_VERSION='1.14.1'
API_V1='1'
DOMINO='0'
IDENTITY='pod-identity'
KARPENTER_NAMESPACE='kube-system'
KIT_CLUSTER_NAME='demo'
KIT_REGION='us-west-2'
KIT_ACCOUNT_ID='123456789012'
KIT_PARTITION='aws'
KIT_NODE_ROLE='KarpenterNodeRole-demo'
NODE_ROLE_EXISTS='0'
KIT_CONTROLLER_ROLE='KarpenterControllerRole-demo'
KIT_QUEUE='demo'
CA_NAMESPACE=''
SPOT='0'
AMI_ALIASES=('al2023@v20250317')
CONTROLLER_POLICY_NAMES=('KarpenterControllerNodeLifecyclePolicy-demo' 'KarpenterControllerIAMIntegrationPolicy-demo' 'KarpenterControllerEKSIntegrationPolicy-demo' 'KarpenterControllerInterruptionPolicy-demo' 'KarpenterControllerZonalShiftPolicy-demo' 'KarpenterControllerResourceDiscoveryPolicy-demo')
CONTROLLER_POLICY_FILES=('iam/controller-policy-node-lifecycle.json' 'iam/controller-policy-iam-integration.json' 'iam/controller-policy-eks-integration.json' 'iam/controller-policy-interruption.json' 'iam/controller-policy-zonal-shift.json' 'iam/controller-policy-resource-discovery.json')
NODE_POLICY_ARNS=('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly' 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore')
EVENT_RULE_NAMES=('ScheduledChangeRule' 'SpotInterruptionRule' 'RebalanceRule' 'InstanceStateChangeRule' 'CapacityReservationInterruptionRule')
EVENT_RULE_PATTERNS=('{"source":["aws.health"],"detail-type":["AWS Health Event"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Spot Instance Interruption Warning"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Instance Rebalance Recommendation"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}' '{"source":["aws.ec2"],"detail-type":["EC2 Capacity Reservation Instance Interruption Warning"]}')
KARPENTER_ZONES=()
SUBNET_IDS=()
SG_IDS=()
NODECLASSES=('w-x-y-z-b')
NODEPOOLS=('w-x-y-z-b')
MIGRATE_NAMES=('w`x|y*z<b>')
MIGRATE_POOL=('w-x-y-z-b')
MIGRATE_SELF=('1')
MIGRATE_ASG=('')
HOME_NAMES=('system')
# ---- end of the kit's values

PHASES=(preflight iam tags access install nodepools autoscaler nodegroups verify cleanup)
DRY_RUN=0
YES=0
ONLY=()
CA_NAMESPACE_ARG=""
KIT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=""
DRAIN_TIMEOUT=${KARPGEN_DRAIN_TIMEOUT:-1800}
PENDING_TIMEOUT=${KARPGEN_PENDING_TIMEOUT:-600}
READY_TIMEOUT=${KARPGEN_READY_TIMEOUT:-300}

usage() {
	sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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

# Wait until "$@" succeeds, at most $1 seconds (dry-run: say so and go on).
wait_for() {
	local timeout=$1 what=$2
	shift 2
	if [ "$DRY_RUN" = 1 ]; then
		note "would wait (up to ${timeout}s) for $what"
		return 0
	fi
	local start=$SECONDS
	until "$@"; do
		[ $((SECONDS - start)) -lt "$timeout" ] || return 1
		sleep 10
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

# ----------------------------------------------------------------- preflight

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

	AWS_REGION=$KIT_REGION
	case $AWS_REGION in
	*'${'*) AWS_REGION=${AWS_REGION_ENV:-$(aws configure get region 2>/dev/null || true)} ;;
	esac
	[ -n "$AWS_REGION" ] || die "the kit does not know the region: export AWS_REGION=..."

	local ident arn
	ident=$(aws sts get-caller-identity --query '[Account,Arn]' --output text) ||
		die "'aws sts get-caller-identity' failed: no AWS credentials?"
	read -r AWS_ACCOUNT_ID arn <<<"$ident"
	AWS_PARTITION=$(printf '%s' "$arn" | cut -d: -f2)
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

	local desc endpoint issuer k8s
	desc=$(aws_ eks describe-cluster --name "$CLUSTER_NAME" \
		--query '[cluster.endpoint,cluster.identity.oidc.issuer,cluster.version]' --output text) ||
		die "cluster '$CLUSTER_NAME' not found in $AWS_REGION"
	read -r endpoint issuer k8s <<<"$desc"
	OIDC_PROVIDER=${issuer#https://}
	K8S_VERSION=$k8s

	local server
	server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null || true)
	[ "$server" = "$endpoint" ] ||
		die "the current kube context ($(kubectl config current-context 2>/dev/null || echo none)) does not point at cluster '$CLUSTER_NAME' ($endpoint)"

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
		aws_ ssm get-parameter --name "$param" --query Parameter.Name --output text >/dev/null 2>&1 ||
			die "AMI alias '$alias' has no AMI for Kubernetes $K8S_VERSION: compile again with --ami-alias $family@<release for $K8S_VERSION>"
	done

	NODE_ROLE=$(render_str "$KIT_NODE_ROLE")
	NODE_ROLE_ARN="arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:role/$NODE_ROLE"
	CONTROLLER_ROLE=$(render_str "$KIT_CONTROLLER_ROLE")
	CONTROLLER_ROLE_ARN="arn:$AWS_PARTITION:iam::$AWS_ACCOUNT_ID:role/$CONTROLLER_ROLE"
	QUEUE=$(render_str "$KIT_QUEUE")
	render_kit
	note "cluster $CLUSTER_NAME (Kubernetes $K8S_VERSION), account $AWS_ACCOUNT_ID, region $AWS_REGION"
}

# ----------------------------------------------------------------------- iam

phase_iam() {
	if [ "$DOMINO" = 1 ]; then
		# the Domino module makes the controller role, its policy and the pod identity association
		if aws iam get-role --role-name "$CONTROLLER_ROLE" --query Role.Arn --output text >/dev/null 2>&1; then
			note "controller role $CONTROLLER_ROLE exists (made by Terraform)"
		else
			require "role '$CONTROLLER_ROLE' is missing: apply step 1 of terraform/README.md (karpenter = { enabled = true }) first"
		fi
		return 0
	fi
	if [ "$NODE_ROLE_EXISTS" = 0 ]; then
		if aws iam get-role --role-name "$NODE_ROLE" --query Role.Arn --output text >/dev/null 2>&1; then
			note "node role $NODE_ROLE exists"
		else
			confirm "create node role $NODE_ROLE"
			run aws iam create-role --role-name "$NODE_ROLE" \
				--assume-role-policy-document "file://$WORK/iam/node-trust-policy.json"
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
		if aws iam get-policy --policy-arn "$arn" --query Policy.Arn --output text >/dev/null 2>&1; then
			note "policy $name exists; compare it with ${CONTROLLER_POLICY_FILES[$i]}"
		else
			confirm "create policy $name"
			run aws iam create-policy --policy-name "$name" \
				--policy-document "file://$WORK/${CONTROLLER_POLICY_FILES[$i]}"
		fi
	done
	if aws iam get-role --role-name "$CONTROLLER_ROLE" --query Role.Arn --output text >/dev/null 2>&1; then
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
			--query addon.status --output text >/dev/null 2>&1 ||
			run aws --region "$AWS_REGION" eks create-addon --cluster-name "$CLUSTER_NAME" \
				--addon-name eks-pod-identity-agent
		local assoc
		assoc=$(aws_ eks list-pod-identity-associations --cluster-name "$CLUSTER_NAME" \
			--namespace "$KARPENTER_NAMESPACE" --service-account karpenter \
			--query 'associations[0].associationId' --output text 2>/dev/null || true)
		if [ -z "$assoc" ] || [ "$assoc" = None ]; then
			run aws --region "$AWS_REGION" eks create-pod-identity-association --cluster-name "$CLUSTER_NAME" \
				--namespace "$KARPENTER_NAMESPACE" --service-account karpenter --role-arn "$CONTROLLER_ROLE_ARN"
		fi
	else
		aws iam list-open-id-connect-providers --output text 2>/dev/null | grep -qF "$OIDC_PROVIDER" ||
			die "the cluster has no IAM OIDC provider ($OIDC_PROVIDER): create it first (eksctl utils associate-iam-oidc-provider)"
	fi
	if [ "$SPOT" = 1 ]; then
		aws iam get-role --role-name AWSServiceRoleForEC2Spot --query Role.Arn --output text >/dev/null 2>&1 ||
			run aws iam create-service-linked-role --aws-service-name spot.amazonaws.com
	fi
	if [ -n "$QUEUE" ]; then
		if aws_ sqs get-queue-url --queue-name "$QUEUE" --output text >/dev/null 2>&1; then
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
}

# ---------------------------------------------------------------------- tags

phase_tags() {
	local value=$CLUSTER_NAME
	if [ "$DOMINO" = 1 ]; then
		local n
		n=$(aws_ ec2 describe-subnets --filters "Name=tag:karpenter.sh/discovery,Values=$value" \
			--query 'length(Subnets)' --output text)
		if [ "${n:-0}" = 0 ]; then
			require "no subnet is tagged karpenter.sh/discovery=$value: apply step 1 of terraform/README.md first"
		else
			note "$n subnets carry karpenter.sh/discovery=$value (tagged by Terraform)"
		fi
		return 0
	fi
	if [ "${#SUBNET_IDS[@]}" -eq 0 ]; then
		local ids line id az azid public tagged=()
		ids=$(aws_ eks describe-cluster --name "$CLUSTER_NAME" --query 'cluster.resourcesVpcConfig.subnetIds' --output text)
		# shellcheck disable=SC2086 # subnet ids are words
		while read -r id az azid public; do
			[ -n "$id" ] || continue
			[ "$public" = False ] || continue
			if [ "${#KARPENTER_ZONES[@]}" -gt 0 ] && ! contains "$az" "${KARPENTER_ZONES[@]}" &&
				! contains "$azid" "${KARPENTER_ZONES[@]}"; then
				continue
			fi
			tagged+=("$id")
		done < <(aws_ ec2 describe-subnets --subnet-ids $ids \
			--query 'Subnets[].[SubnetId,AvailabilityZone,AvailabilityZoneId,MapPublicIpOnLaunch]' --output text)
		[ "${#tagged[@]}" -gt 0 ] || require "no private cluster subnet in the Karpenter zones (${KARPENTER_ZONES[*]})"
		for line in "${tagged[@]}"; do
			run aws --region "$AWS_REGION" ec2 create-tags --resources "$line" \
				--tags "Key=karpenter.sh/discovery,Value=$value"
		done
	fi
	if [ "${#SG_IDS[@]}" -eq 0 ]; then
		local sg
		sg=$(aws_ eks describe-cluster --name "$CLUSTER_NAME" \
			--query 'cluster.resourcesVpcConfig.clusterSecurityGroupId' --output text)
		run aws --region "$AWS_REGION" ec2 create-tags --resources "$sg" --tags "Key=karpenter.sh/discovery,Value=$value"
	fi
}

# -------------------------------------------------------------------- access

phase_access() {
	if [ "$NODE_ROLE_EXISTS" = 1 ]; then
		note "nodes use role $NODE_ROLE, which the node groups already use: it has access"
		return 0
	fi
	local mode
	mode=$(aws_ eks describe-cluster --name "$CLUSTER_NAME" --query cluster.accessConfig.authenticationMode --output text)
	case $mode in
	API | API_AND_CONFIG_MAP)
		if aws_ eks describe-access-entry --cluster-name "$CLUSTER_NAME" --principal-arn "$NODE_ROLE_ARN" \
			--query accessEntry.type --output text >/dev/null 2>&1; then
			note "access entry for $NODE_ROLE exists"
		else
			confirm "add an EC2_LINUX access entry for $NODE_ROLE"
			run aws --region "$AWS_REGION" eks create-access-entry --cluster-name "$CLUSTER_NAME" \
				--principal-arn "$NODE_ROLE_ARN" --type EC2_LINUX
		fi
		;;
	*)
		local roles
		roles=$(kubectl get configmap aws-auth -n kube-system -o jsonpath='{.data.mapRoles}')
		if printf '%s\n' "$roles" | grep -qF "rolearn: $NODE_ROLE_ARN"; then
			note "aws-auth maps $NODE_ROLE"
			return 0
		fi
		confirm "map $NODE_ROLE in aws-auth"
		local entry patch
		entry=$(printf -- '- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: %s\n  username: system:node:{{EC2PrivateDNSName}}' "$NODE_ROLE_ARN")
		patch=$(jq -n --arg m "$roles"$'\n'"$entry" '{data: {mapRoles: $m}}')
		run kubectl patch configmap aws-auth -n kube-system --type merge -p "$patch"
		;;
	esac
}

# ------------------------------------------------------------------- install

phase_install() {
	if [ "$DOMINO" = 1 ]; then
		kubectl get deployment karpenter -n "$KARPENTER_NAMESPACE" >/dev/null 2>&1 ||
			require "Karpenter is not installed in '$KARPENTER_NAMESPACE': apply step 1 of terraform/README.md first"
		wait_for "$READY_TIMEOUT" "the Karpenter controller" \
			kubectl rollout status deployment/karpenter -n "$KARPENTER_NAMESPACE" --timeout=10s ||
			die "the Karpenter controller is not ready"
		return 0
	fi
	confirm "install Karpenter $KARPENTER_VERSION in $KARPENTER_NAMESPACE"
	run helm upgrade --install karpenter-crd oci://public.ecr.aws/karpenter/karpenter-crd \
		--version "$KARPENTER_VERSION" --namespace "$KARPENTER_NAMESPACE" --create-namespace
	run helm upgrade --install karpenter oci://public.ecr.aws/karpenter/karpenter \
		--version "$KARPENTER_VERSION" --namespace "$KARPENTER_NAMESPACE" --create-namespace \
		--values "$WORK/helm/values.yaml" --wait
	wait_for "$READY_TIMEOUT" "the Karpenter controller" \
		kubectl rollout status deployment/karpenter -n "$KARPENTER_NAMESPACE" --timeout=10s ||
		die "the Karpenter controller is not ready"
}

# ----------------------------------------------------------------- nodepools

nodeclass_ready() {
	if [ "$API_V1" = 1 ]; then
		[ "$(kubectl get ec2nodeclass "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
	else
		[ -n "$(kubectl get ec2nodeclass "$1" -o jsonpath='{.status.amis[0].id}')" ]
	fi
}

nodepool_ready() {
	if [ "$API_V1" = 1 ]; then
		[ "$(kubectl get nodepool "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True ]
	else
		kubectl get nodepool "$1" >/dev/null
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

# ---------------------------------------------------------------- autoscaler

# "namespace name" of each Cluster Autoscaler deployment: in --ca-namespace only, else the
# kit's namespace when it has one there, else anywhere.
find_autoscaler() {
	local all here
	all=$(kubectl get deployments --all-namespaces \
		-o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
		grep -E ' ([a-z0-9-]*-)?cluster-autoscaler([a-z0-9-]*)?$' || true)
	if [ -n "$CA_NAMESPACE_ARG" ]; then
		printf '%s\n' "$all" | awk -v ns="$CA_NAMESPACE_ARG" '$1 == ns'
		return 0
	fi
	here=$(printf '%s\n' "$all" | awk -v ns="$CA_NAMESPACE" '$1 == ns')
	printf '%s\n' "${here:-$all}" | sed '/^$/d'
}

phase_autoscaler() {
	local found ns name
	found=$(find_autoscaler)
	if [ -z "$found" ]; then
		note "no Cluster Autoscaler deployment found${CA_NAMESPACE_ARG:+ in $CA_NAMESPACE_ARG}; nothing to scale"
		return 0
	fi
	while read -r ns name; do
		confirm "scale the Cluster Autoscaler $ns/$name to 0 (Karpenter takes over)"
		run kubectl scale "deployment/$name" -n "$ns" --replicas=0
	done <<<"$found"
}

# ---------------------------------------------------------------- nodegroups

# The kit's group that owns a real node-group name: exact name first, else the longest
# "NAME-" prefix (Domino and name_prefix groups carry suffixes).  Prints "m INDEX" for a
# migrated group, "h INDEX" for a group that runs Karpenter, nothing for other groups.
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

pending_pods() {
	kubectl get pods --all-namespaces --field-selector=status.phase=Pending -o name | wc -l | tr -d ' '
}

group_empty() {
	[ "$(kubectl get nodes -l "$1=$2" -o name | wc -l | tr -d ' ')" = 0 ]
}

scale_managed() {
	local real=$1 before
	before=$(aws_ eks describe-nodegroup --cluster-name "$CLUSTER_NAME" --nodegroup-name "$real" \
		--query 'nodegroup.scalingConfig.[minSize,maxSize,desiredSize]' --output text | tr '\t' /)
	note "node group $real: min/max/desired now $before (to restore: aws eks update-nodegroup-config --cluster-name $CLUSTER_NAME --nodegroup-name $real --scaling-config minSize=...,maxSize=...,desiredSize=...)"
	confirm "scale node group $real to 0"
	run aws --region "$AWS_REGION" eks update-nodegroup-config --cluster-name "$CLUSTER_NAME" \
		--nodegroup-name "$real" --scaling-config minSize=0,maxSize=1,desiredSize=0
	wait_for "$DRAIN_TIMEOUT" "node group $real to have no nodes" group_empty eks.amazonaws.com/nodegroup "$real" ||
		die "node group $real still has nodes after ${DRAIN_TIMEOUT}s (PodDisruptionBudgets?)"
}

scale_self_managed() {
	local asg=$1 ids id node
	ids=$(aws_ autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$asg" \
		--query 'AutoScalingGroups[0].Instances[].InstanceId' --output text)
	confirm "drain the nodes of $asg and scale it to 0"
	for id in $ids; do
		node=$(kubectl get nodes -o jsonpath="{range .items[?(@.spec.providerID)]}{.metadata.name}{' '}{.spec.providerID}{'\n'}{end}" |
			awk -v id="$id" '$2 ~ "/" id "$" { print $1 }')
		[ -n "$node" ] || continue
		run kubectl cordon "$node"
		run kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout="${DRAIN_TIMEOUT}s"
	done
	run aws --region "$AWS_REGION" autoscaling update-auto-scaling-group --auto-scaling-group-name "$asg" \
		--min-size 0 --max-size 0 --desired-capacity 0
}

phase_nodegroups() {
	local real own kind idx names i asg
	names=$(aws_ eks list-nodegroups --cluster-name "$CLUSTER_NAME" --query 'nodegroups' --output text | tr '\t' '\n')
	for i in "${!MIGRATE_NAMES[@]}"; do
		note "node group '${MIGRATE_NAMES[$i]}' -> NodePool '${MIGRATE_POOL[$i]}'"
		if [ "${MIGRATE_SELF[$i]}" = 1 ]; then
			asg=${MIGRATE_ASG[$i]}
			if [ -z "$asg" ]; then
				asg=$(aws_ autoscaling describe-auto-scaling-groups \
					--query "AutoScalingGroups[?starts_with(AutoScalingGroupName, '${MIGRATE_NAMES[$i]}')].AutoScalingGroupName | [0]" \
					--output text)
			fi
			if [ -z "$asg" ] || [ "$asg" = None ]; then
				note "no Auto Scaling group found for '${MIGRATE_NAMES[$i]}'; skipped"
				continue
			fi
			own=$(owner_of "$asg")
			[ "${own%% *}" != h ] || die "refusing to scale '$asg': it runs Karpenter"
			scale_self_managed "$asg"
		else
			local matched=0
			while IFS= read -r real; do
				[ -n "$real" ] || continue
				own=$(owner_of "$real")
				kind=${own%% *}
				idx=${own#* }
				if [ "$kind" != m ] || [ "$idx" != "$i" ]; then
					continue
				fi
				# never the group that runs Karpenter, whatever the names say
				[ "$(owner_of "$real" | cut -c1)" != h ] || die "refusing to scale '$real': it runs Karpenter"
				matched=1
				scale_managed "$real"
				wait_for "$PENDING_TIMEOUT" "no Pending pods" test "$(pending_pods)" = 0 ||
					die "pods are Pending after '$real' was scaled down: kubectl get pods -A --field-selector=status.phase=Pending; restore the group before going on"
			done <<<"$names"
			[ "$matched" = 1 ] || note "no EKS node group matches '${MIGRATE_NAMES[$i]}'; skipped"
		fi
	done
}

# -------------------------------------------------------------------- verify

phase_verify() {
	run kubectl get nodeclaims
	kubectl get nodes -l karpenter.sh/nodepool -L karpenter.sh/nodepool,node.kubernetes.io/instance-type || true
	local n count
	for n in "${NODEPOOLS[@]}"; do
		count=$(kubectl get nodes -l "karpenter.sh/nodepool=$n" -o name | wc -l | tr -d ' ')
		note "NodePool $n: $count nodes"
	done
	count=$(pending_pods)
	if [ "$count" = 0 ]; then
		note "no Pending pods"
	else
		require "$count pods are Pending"
	fi
}

# ------------------------------------------------------------------- cleanup

phase_cleanup() {
	if [ "$DOMINO" = 1 ]; then
		note "Terraform clean-up (terraform/README.md, step 3):"
		note "  1. set default_node_groups = null and additional_node_groups = null in nodes.tfvars and infra.tfvars"
		note "  2. ./tf.sh nodes plan, review that only the old node groups are destroyed, ./tf.sh nodes apply"
		note "  3. ./tf.sh all plan (no subnet change on the cluster), ./tf.sh all apply"
		# the guide scales the Cluster Autoscaler back only once Terraform has deleted the old groups
		local left="" real own ns name
		while IFS= read -r real; do
			[ -n "$real" ] || continue
			own=$(owner_of "$real")
			[ "${own%% *}" != m ] || left="$left $real"
		done < <(aws_ eks list-nodegroups --cluster-name "$CLUSTER_NAME" --query 'nodegroups' --output text | tr '\t' '\n')
		if [ -n "$left" ]; then
			note "old node groups still exist:$left; run '--phase cleanup' again after the Terraform clean-up to scale the Cluster Autoscaler back"
			return 0
		fi
		while read -r ns name; do
			[ -n "$name" ] || continue
			confirm "scale the Cluster Autoscaler $ns/$name back to 1 (it now manages only the Karpenter node group)"
			run kubectl scale "deployment/$name" -n "$ns" --replicas=1
		done <<<"$(find_autoscaler)"
		return 0
	fi
	note "the old node groups are at zero; remove their definitions where they live (see terraform/README.md"
	note "or REPORT.md), and keep the groups that run Karpenter: ${HOME_NAMES[*]}"
}

# ----------------------------------------------------------------------- main

while [ $# -gt 0 ]; do
	case $1 in
	--dry-run) DRY_RUN=1 ;;
	--yes | -y) YES=1 ;;
	--phase)
		[ $# -ge 2 ] || die "--phase needs a name"
		contains "$2" "${PHASES[@]}" || die "unknown phase '$2' (phases: ${PHASES[*]})"
		ONLY+=("$2")
		shift
		;;
	--ca-namespace)
		[ $# -ge 2 ] || die "--ca-namespace needs a namespace"
		CA_NAMESPACE_ARG=$2
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

# what preflight fills; the environment may give the cluster name and region
CLUSTER_NAME_ENV=${CLUSTER_NAME:-}
AWS_REGION_ENV=${AWS_REGION:-}
CLUSTER_NAME="" AWS_REGION="" AWS_ACCOUNT_ID="" AWS_PARTITION="" AWS_URL_SUFFIX="" OIDC_PROVIDER=""
K8S_VERSION="" NODE_ROLE="" NODE_ROLE_ARN="" CONTROLLER_ROLE="" CONTROLLER_ROLE_ARN="" QUEUE=""
n=0
for p in "${PHASES[@]}"; do
	n=$((n + 1))
	if [ "$p" != preflight ] && [ "${#ONLY[@]}" -gt 0 ] && ! contains "$p" "${ONLY[@]}"; then
		continue
	fi
	printf '\n== phase %d/%d: %s%s\n' "$n" "${#PHASES[@]}" "$p" "$([ "$DRY_RUN" = 1 ] && echo ' (dry run)')"
	"phase_$p"
done
note "done"
