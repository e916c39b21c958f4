#!/bin/sh
# t-gen-kubelet-fields.sh - scripts/gen-kubelet-fields.py on a made-up types.go
# (testdata/gen-kubelet-fields/types.go: inline TypeMeta, a "-" tag, braces in
# comments, an anonymous struct field, a struct before and after, a field of each
# JSON shape): the .def it writes, and that an input without the struct, or with a
# field type of no known JSON shape, stops it.  The committed
# src/kubelet_fields.def comes from the upstream types.go, which needs the network
# (see the script); its shape is checked here, and with KUBELET_TYPES_GO=<that
# types.go at the commit the header names> it is regenerated and must be identical.
set -u
d=testdata/gen-kubelet-fields
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

if python3 scripts/gen-kubelet-fields.py "$d/types.go" "$tmp/out.def" "testdata/gen-kubelet-fields/types.go" &&
	diff -u "$d/expected.def" "$tmp/out.def"; then
	ok
else
	bad "the .def of the made-up types.go"
fi
printf 'package v1beta1\ntype Other struct {\n}\n' >"$tmp/none.go"
if python3 scripts/gen-kubelet-fields.py "$tmp/none.go" "$tmp/none.def" x 2>/dev/null; then
	bad "a types.go without KubeletConfiguration was accepted"
else
	ok
fi
# shellcheck disable=SC2016
printf 'package v1beta1\ntype KubeletConfiguration struct {\n\tC chan int `json:"c"`\n}\n' >"$tmp/chan.go"
if python3 scripts/gen-kubelet-fields.py "$tmp/chan.go" "$tmp/chan.def" x 2>/dev/null; then
	bad "a field type with no JSON shape was accepted"
else
	ok
fi
f=src/kubelet_fields.def
src=$(sed -n 's|^/\* from \(.*\) \*/$|\1|p' "$f")
if echo "$src" | grep -Eq ' [0-9a-f]{40} ' &&
	[ "$(grep -c '^KUBELET_FIELD("[a-zA-Z0-9]*", KT_[A-Z0-9_]*)$' "$f")" -ge 100 ] &&
	! grep -v '^/\*' "$f" | grep -Evq '^KUBELET_FIELD\("[a-zA-Z0-9]+", KT_[A-Z0-9_]+\)$'; then
	ok
else
	bad "$f is not in the generator's shape (a commit in the header, 100 or more fields)"
fi
if [ -n "${KUBELET_TYPES_GO:-}" ]; then
	if python3 scripts/gen-kubelet-fields.py "$KUBELET_TYPES_GO" "$tmp/up.def" "$src" && diff -u "$f" "$tmp/up.def"; then
		ok
	else
		bad "$f is not what the script makes of $KUBELET_TYPES_GO"
	fi
else
	echo "gen-kubelet-fields: regeneration from upstream skipped (set KUBELET_TYPES_GO)"
fi
echo "gen-kubelet-fields: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
