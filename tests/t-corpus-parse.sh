#!/bin/sh
# t-corpus-parse.sh - `karpgen parse --json F` equals HashiCorp's hcl2json output
# (../shared/corpus/<dir>/hcl-json/F.json) as JSON values, for every .tf, .tfvars and
# .hcl file of the corpus.  Env: KARPGEN (binary), BUILD (for tests/json_equal).
set -u
: "${KARPGEN:?}" "${BUILD:?}"
corpus=../shared/corpus
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-parse "$corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in "$corpus"/*/*.tf "$corpus"/*/*.tfvars "$corpus"/*/*.hcl; do
	[ -f "$f" ] || continue
	want=$(dirname "$f")/hcl-json/$(basename "$f").json
	if [ ! -f "$want" ]; then
		echo "FAIL $f: no reference $want"
		fail=$((fail + 1))
		continue
	fi
	"$KARPGEN" parse --json "$f" >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAIL $f: exit status $rc"
		head -n 20 "$tmp/err"
		fail=$((fail + 1))
	elif ! "$BUILD/tests/json_equal" "$tmp/out.json" "$want" >"$tmp/diff" 2>&1; then
		echo "FAIL $f: $(cat "$tmp/diff")"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "corpus-parse: $pass passed, $fail failed"
[ "$fail" = 0 ]
