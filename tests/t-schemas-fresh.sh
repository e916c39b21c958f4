#!/bin/sh
# t-schemas-fresh.sh - the generated data is exactly what its scripts make from the reference
# (no hand edits, no stale version): schemas/ and src/cel_rules.def (scripts/gen-schemas.py),
# data/iam/ (scripts/gen-iam-data.py).  Then a copy of the reference with one CRD bound changed
# must regenerate differently: the comparison can fail.  Needs python3-yaml; skips cleanly
# when the reference is absent ($REFERENCE, else ../shared/reference/karpenter).
set -u
ref=${REFERENCE:-../shared/reference/karpenter}
if [ ! -d "$ref" ]; then
	echo "schemas-fresh: $ref not found, skipped"
	echo "schemas-fresh: 1 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
bad() { fail=$((fail + 1)); head -n 40 "$tmp/diff"; echo "FAIL $1"; }

if python3 scripts/gen-schemas.py "$ref" "$tmp/schemas" "$tmp/cel_rules.def" >"$tmp/diff" 2>&1 &&
	diff -r schemas "$tmp/schemas" >"$tmp/diff" 2>&1 &&
	diff src/cel_rules.def "$tmp/cel_rules.def" >>"$tmp/diff" 2>&1; then
	pass=$((pass + 1))
else
	bad "schemas/ or src/cel_rules.def differs from what 'make schemas' makes"
fi
if python3 scripts/gen-iam-data.py "$ref" "$tmp/iam" >"$tmp/diff" 2>&1 && diff -r data/iam "$tmp/iam" >"$tmp/diff" 2>&1; then
	pass=$((pass + 1))
else
	bad "data/iam differs from what scripts/gen-iam-data.py makes"
fi

# the mutant: the newest release's NodePool CRD with its first 'maxLength: 63' made 62
newest=$(sed -n 's/^KARPENTER("\([^"]*\)".*/\1/p' src/versions.def | tail -n 1)
cp -R "$ref" "$tmp/mref"
f="$tmp/mref/v$newest/karpenter.sh_nodepools.yaml"
sed '0,/maxLength: 63/s//maxLength: 62/' "$f" >"$tmp/f" && mv "$tmp/f" "$f"
: >"$tmp/diff"
if python3 scripts/gen-schemas.py "$tmp/mref" "$tmp/mschemas" "$tmp/mcel.def" >"$tmp/diff" 2>&1 &&
	! diff -r schemas "$tmp/mschemas" >/dev/null 2>&1; then
	pass=$((pass + 1))
else
	bad "a changed CRD bound made no difference to the generated schemas"
fi
echo "schemas-fresh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
