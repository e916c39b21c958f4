#!/bin/sh
# t-hostile-docs.sh - hostile JSON and YAML through the AWS CLI, eksctl and
# Kubernetes front-ends (`karpgen ir`): deep nesting, alias bombs, truncated
# files, duplicate keys, huge numbers, wrong types where a shape is expected,
# NUL bytes, invalid UTF-8.  Each must end in exit 1 or 2 with a located
# diagnostic (file:line:col) of the expected rule, never a crash or a hang.
set -u
: "${KARPGEN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# repeat STRING COUNT: STRING COUNT times, no newline
repeat() {
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# expect NAME RULE FILE: karpgen ir FILE exits 1 or 2 with RULE located in FILE
expect() {
	name=$1 rule=$2 file=$3
	NO_COLOR=1 "$KARPGEN" ir "$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	base=$(basename "$file")
	if [ "$rc" -ge 128 ]; then
		echo "FAIL $name: crashed (exit $rc)"
		fail=$((fail + 1))
	elif [ "$rc" != 1 ] && [ "$rc" != 2 ]; then
		echo "FAIL $name: exit $rc, expected 1 or 2"
		head -n 5 "$tmp/err"
		fail=$((fail + 1))
	elif ! grep -Eq "^[^ ]*$base:[0-9]+:[0-9]+: error: .*\\[$rule " "$tmp/err"; then
		echo "FAIL $name: no located $rule error"
		head -n 5 "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# --- nesting
{ printf '{"nodegroup": {"nodegroupName": "a", "labels": '; repeat '[' 100000; } >"$tmp/deep.json"
expect deep-json KG102 "$tmp/deep.json"
{ printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: x}\nmanagedNodeGroups: '; repeat '[' 50000; } >"$tmp/deep.yaml"
expect deep-yaml KG102 "$tmp/deep.yaml"
# deep but within the limit, where a map of strings is wanted
{ printf '{"nodegroup": {"nodegroupName": "a", "labels": {"k": '; repeat '[' 200; repeat ']' 200; printf '}}}\n'; } >"$tmp/nested-ok.json"
expect nested-labels KG106 "$tmp/nested-ok.json"

# --- alias bomb
cat >"$tmp/bomb.yaml" <<'EOF'
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: bomb}
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
managedNodeGroups: [{name: ng, labels: *i}]
EOF
expect alias-bomb KG102 "$tmp/bomb.yaml"

# --- truncated
printf '{\n    "nodegroup": {\n        "nodegroupName": "my-eks-nodegroup",\n        "scalingConfig": {\n            "minSize": 1,\n' >"$tmp/truncated.json"
expect truncated-json KG101 "$tmp/truncated.json"
printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: "cluster-\n' >"$tmp/truncated.yaml"
expect truncated-yaml KG101 "$tmp/truncated.yaml"
printf 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: [default\n' >"$tmp/truncated-k8s.yaml"
expect truncated-k8s KG101 "$tmp/truncated-k8s.yaml"

# --- duplicate keys
printf '{"nodegroup": {"nodegroupName": "a", "scalingConfig": {"minSize": 1, "minSize": 2}}}\n' >"$tmp/dup.json"
expect duplicate-json KG108 "$tmp/dup.json"
printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  name: b\n' >"$tmp/dup.yaml"
expect duplicate-yaml KG108 "$tmp/dup.yaml"

# --- huge numbers
printf '{"nodegroup": {"nodegroupName": "a", "scalingConfig": {"maxSize": 99999999999999999999999999}}}\n' >"$tmp/huge.json"
expect huge-int KG112 "$tmp/huge.json"
printf '{"nodegroup": {"nodegroupName": "a", "diskSize": 1e400}}\n' >"$tmp/huge-float.json"
expect huge-float KG106 "$tmp/huge-float.json"
printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nnodeGroups:\n- name: n\n  volumeSize: 123456789012345678901234567890\n' >"$tmp/huge.yaml"
expect huge-yaml KG112 "$tmp/huge.yaml"
printf '{"AutoScalingGroups": [{"AutoScalingGroupName": "a", "MinSize": -5}]}\n' >"$tmp/negative.json"
expect negative KG112 "$tmp/negative.json"

# --- right shape, wrong types
printf '{"nodegroup": [1, 2, 3]}\n' >"$tmp/shape.json"
expect nodegroup-list KG106 "$tmp/shape.json"
printf '{"nodegroup": {"nodegroupName": {"a": 1}, "taints": "NO_SCHEDULE"}}\n' >"$tmp/types.json"
expect wrong-types KG106 "$tmp/types.json"
printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a}\nmanagedNodeGroups: 5\n' >"$tmp/types.yaml"
expect eksctl-types KG106 "$tmp/types.yaml"
printf -- '- 1\n- 2\n---\napiVersion: v1\n' >"$tmp/k8s-list.yaml"
expect k8s-not-objects KG104 "$tmp/k8s-list.yaml"

# --- bytes
printf '{"nodegroup": {"nodegroupName": "a\0b"}}\n' >"$tmp/nul.json"
expect nul KG103 "$tmp/nul.json"
printf 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: "\377\376"}\n' >"$tmp/utf8.yaml"
expect invalid-utf8 KG103 "$tmp/utf8.yaml"
{ printf '{"nodegroup": {"nodegroupName": "'; repeat 'x' 2000000; printf '", "scalingConfig": 7}}\n'; } >"$tmp/long-line.json"
expect long-line KG106 "$tmp/long-line.json"

echo "hostile-docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
