#!/bin/sh
# t-schemas-fresh.sh - schemas/ is exactly what scripts/gen-schemas.py makes from the
# reference CRDs (no hand edits, no stale version).  Needs python3-yaml; skips cleanly
# when ../shared is absent.
set -u
ref=../shared/reference/karpenter
if [ ! -d "$ref" ]; then
	echo "schemas-fresh: $ref not found, skipped"
	echo "schemas-fresh: 1 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if python3 scripts/gen-schemas.py "$ref" "$tmp" && diff -r schemas "$tmp" >"$tmp.diff" 2>&1; then
	echo "schemas-fresh: 1 passed, 0 failed"
	rm -f "$tmp.diff"
	exit 0
fi
head -n 40 "$tmp.diff"
rm -f "$tmp.diff"
echo "FAIL schemas/ differs from what 'make schemas' makes"
echo "schemas-fresh: 0 passed, 1 failed"
exit 1
