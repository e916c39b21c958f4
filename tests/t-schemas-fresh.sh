#!/bin/sh
# t-schemas-fresh.sh - schemas/ and src/cel_rules.def are exactly what scripts/gen-schemas.py
# makes from the reference CRDs (no hand edits, no stale version).  Needs python3-yaml; skips
# cleanly when the reference is absent ($REFERENCE, else ../shared/reference/karpenter).
set -u
ref=${REFERENCE:-../shared/reference/karpenter}
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared schemas-fresh "$ref"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if python3 scripts/gen-schemas.py "$ref" "$tmp/schemas" "$tmp/cel_rules.def" &&
	diff -r schemas "$tmp/schemas" >"$tmp/diff" 2>&1 &&
	diff src/cel_rules.def "$tmp/cel_rules.def" >>"$tmp/diff" 2>&1; then
	echo "schemas-fresh: 1 passed, 0 failed"
	exit 0
fi
head -n 40 "$tmp/diff"
echo "FAIL schemas/ or src/cel_rules.def differs from what 'make schemas' makes"
echo "schemas-fresh: 0 passed, 1 failed"
exit 1
