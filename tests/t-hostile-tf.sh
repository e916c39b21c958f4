#!/bin/sh
# t-hostile-tf.sh - hostile and malformed Terraform through `karpgen ir`: wrong
# shapes where node groups are expected, NUL bytes, invalid UTF-8, truncated
# files, envsubst placeholders, deep nesting, reference cycles, many groups.
# Each ends in the expected exit status with a located diagnostic of the
# expected rule, never a crash or a hang.
set -u
: "${KARPGEN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

repeat() {
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# expect NAME STATUS RULE FILE...: exit STATUS and a located RULE diagnostic
expect() {
	name=$1 want=$2 rule=$3
	shift 3
	NO_COLOR=1 "$KARPGEN" ir "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ge 128 ]; then
		echo "FAIL $name: crashed (exit $rc)"
		fail=$((fail + 1))
	elif [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, expected $want"
		head -n 6 "$tmp/err"
		fail=$((fail + 1))
	elif ! grep -Eq "^[^ ]+:[0-9]+:[0-9]+: (error|warning|note): .*\\[$rule " "$tmp/err"; then
		echo "FAIL $name: no located $rule diagnostic"
		head -n 6 "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

printf 'deploy_id = "x"\ndefault_node_groups = "compute"\n' >"$tmp/shape.tfvars"
expect "groups not a map" 1 KG106 "$tmp/shape.tfvars"

printf 'additional_node_groups = {\n  a = {\n    instance_types = "m5.large"\n    min_per_az = 0\n    max_per_az = 1\n    desired_per_az = 0\n    availability_zone_ids = ["usw2-az1"]\n    labels = {}\n    volume = { size = 10, type = "gp3" }\n  }\n}\n' >"$tmp/list.tfvars"
expect "string where a list is declared" 1 KG106 "$tmp/list.tfvars"

printf 'additional_node_groups = {\n  a = {\n    instance_types = ["m5.large"]\n    availability_zone_ids = ["usw2-az1"]\n  }\n}\n' >"$tmp/required.tfvars"
expect "required attributes missing" 1 KG106 "$tmp/required.tfvars"

printf 'deploy_id = "x"\ndefault_node_groups = {\n  compute = { availability_zone_ids = ["usw2-az1"], instance_type = "m5.large" }\n  platform = { availability_zone_ids = ["usw2-az1"] }\n  gpu = { availability_zone_ids = ["usw2-az1"] }\n}\n' >"$tmp/typo.tfvars"
expect "unknown attribute" 0 KG110 "$tmp/typo.tfvars"

printf 'deploy_id = "x"\ndefault_node_groups = {\n  compute = { availability_zone_ids = ["usw2-az1"] }\n  platform = { availability_zone_ids = ["usw2-az1"] }\n  gpu = { availability_zone_ids = ["usw2-az1"] }\n  batch = { availability_zone_ids = ["usw2-az1"] }\n}\n' >"$tmp/group.tfvars"
expect "unknown default group" 0 KG110 "$tmp/group.tfvars"

# shellcheck disable=SC2016 # the placeholders are the point
printf 'deploy_id = "${DEPLOY}"\nregion = "us-${REGION}-2"\n' >"$tmp/subst.tfvars"
expect "envsubst placeholders" 1 KG111 "$tmp/subst.tfvars"

printf 'deploy_id = "a\000b"\n' >"$tmp/nul.tfvars"
expect "NUL byte" 1 KG103 "$tmp/nul.tfvars"

printf 'deploy_id = "caf\351"\n' >"$tmp/latin1.tfvars"
expect "invalid UTF-8" 1 KG103 "$tmp/latin1.tfvars"

printf 'deploy_id = "x"\ndefault_node_groups = {\n  compute = {\n    availability_zone_ids = ["usw2-' >"$tmp/truncated.tfvars"
expect "truncated" 1 KG101 "$tmp/truncated.tfvars"

{ printf 'deploy_id = "x"\nadditional_node_groups = { a = { labels = '; repeat '{ a = ' 400; printf '1'; repeat ' }' 400; printf ' } }\n'; } >"$tmp/deep.tfvars"
expect "deep nesting" 2 KG102 "$tmp/deep.tfvars"

{ printf 'variable "additional_node_groups" {\n  type = '; repeat 'list(' 300; printf 'string'; repeat ')' 300; printf '\n}\n'; } >"$tmp/deeptype.tf"
printf 'deploy_id = "x"\n' >"$tmp/plain.tfvars"
expect "deep type constraint" 2 KG102 "$tmp/plain.tfvars" "$tmp/deeptype.tf"

printf 'variable "additional_node_groups" {\n  type = map(objec({ a = string }))\n}\n' >"$tmp/badtype.tf"
expect "misspelt type" 1 KG106 "$tmp/plain.tfvars" "$tmp/badtype.tf"

printf 'locals {\n  a = local.b\n  b = local.a\n}\nmodule "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = local.a\n}\n' >"$tmp/cycle.tf"
expect "reference cycle" 0 KG109 "$tmp/cycle.tf"


# many groups: all read, and the IR printed
awk 'BEGIN {
	print "deploy_id = \"x\""
	print "additional_node_groups = {"
	for (i = 0; i < 5000; i++)
		printf "  g%d = { instance_types = [\"m5.large\"], min_per_az = 0, max_per_az = 1, desired_per_az = 0, availability_zone_ids = [\"usw2-az1\"], labels = {}, volume = { size = 10, type = \"gp3\" } }\n", i
	print "}"
}' >"$tmp/many.tfvars"
NO_COLOR=1 "$KARPGEN" ir "$tmp/many.tfvars" >"$tmp/out" 2>"$tmp/err"
rc=$?
n=$(grep -c '^nodegroup ' "$tmp/out")
if [ "$rc" = 0 ] && [ "$n" = 5003 ]; then
	pass=$((pass + 1))
else
	echo "FAIL many groups: exit $rc with $n groups, expected 0 with 5003"
	fail=$((fail + 1))
fi

echo "hostile-tf: $pass passed, $fail failed"
[ "$fail" = 0 ]
