#!/bin/sh
# t-careless.sh - hostile and careless use (issue 16): output errors, the same
# input twice, flags that must not silence input errors, directory walking,
# signals, the kit's directory.  Each case failed before its fix.
# Env: KARPGEN.
set -u
: "${KARPGEN:?}"
root=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
ng=testdata/compile/aws-cli-nodegroups

# ---- item 6: a write error on stdout is exit 2, in every command that prints there
if [ -w /dev/full ]; then
	for args in "validate --format json examples" "ir $ng/workers.json" \
		"parse --json examples/domino/infra.tfvars" "rules" "explain KG100" "lint --format json $ng/workers.json"; do
		# shellcheck disable=SC2086
		"$KARPGEN" $args >/dev/full 2>"$tmp/err"
		got=$?
		if [ "$got" = 2 ] && grep -q 'cannot write' "$tmp/err"; then ok; else bad "'$args' >/dev/full: exit $got"; cat "$tmp/err"; fi
	done
fi

# ---- item 12: input and I/O rules cannot be disabled: a missing input never exits 0
for r in KG100 KG101 KG102 input-unreadable; do
	"$KARPGEN" lint --disable "$r" "$tmp/no-such-file.tfvars" >/dev/null 2>"$tmp/err"
	got=$?
	if [ "$got" != 0 ] && grep -q 'cannot be disabled' "$tmp/err"; then ok; else bad "--disable $r: exit $got"; cat "$tmp/err"; fi
done

cd "$root" || exit 1
echo "careless: $pass passed, $fail failed"
[ "$fail" = 0 ]
