#!/bin/sh
# t-validate-mutants.sh - the cases of testdata/validate/ (one valid manifest changed in
# one place each, see testdata/validate/_src/mutants.py) break exactly the rule their
# name starts with: every diagnostic that is not a note has that rule id, there is at
# least one, and the exit status is 1 (0, and warnings only, for a name ending in
# -warning).  valid-* cases have no diagnostic at all.  The golden runner (t-golden.sh) pins the full text and lines;
# this suite makes sure no case was regenerated into breaking something else.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for dir in testdata/validate/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$dir")
	# shellcheck disable=SC2046
	(cd "$dir" && NO_COLOR=1 exec "$KARPGEN" $(cat cmd) --format github >"$tmp" 2>/dev/null)
	status=$?
	ids=$(sed -n 's/^::\(error\|warning\) .*title=\(KG[0-9]*\) .*/\2/p' "$tmp" | sort -u | tr '\n' ' ')
	errors=$(grep -c '^::error ' "$tmp")
	case $name in
	valid-*) want_ids="" want_status=0 ;;
	KG*-warning) want_ids="${name%%-*} " want_status=0 ;;
	KG*) want_ids="${name%%-*} " want_status=1 ;;
	*) echo "FAIL $name: a case name starts with valid- or a rule id"; fail=$((fail + 1)); continue ;;
	esac
	if [ "$ids" = "$want_ids" ] && [ "$status" = "$want_status" ] &&
		{ [ "$want_status" = 1 ] || [ "$errors" = 0 ]; }; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: rules '$ids' status $status; expected '$want_ids' status $want_status"
		head -n 5 "$tmp"
		fail=$((fail + 1))
	fi
done
echo "validate-mutants: $pass passed, $fail failed"
[ "$fail" = 0 ]
