#!/bin/sh
# t-corpus-compile.sh - `karpgen compile` with no flags over every node-group
# input of the shared corpus (../shared/corpus, or $KARPGEN_CORPUS): each one
# writes a kit, or exits non-zero with an error diagnostic that says why.
# Never "nothing written" with exit 0, never a crash (exit > 3), never an
# error exit without an error diagnostic.  A file is a node-group input when
# `karpgen ir` finds a node group in it.  Skipped when the corpus is absent, failed under CI (tests/corpus.sh).
set -u
: "${KARPGEN:?}"
# beside the repository (../shared), or beside the worktrees' directory (../../shared)
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${KARPGEN_CORPUS:-}
for c in "$repo/../shared/corpus" "$repo/../../shared/corpus"; do
	[ -n "$corpus" ] || [ ! -d "$c" ] || corpus=$c
done
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared corpus-compile "${corpus:-$repo/../shared/corpus}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 kits=0 refused=0 fail=0
list=$tmp/list
find "$corpus" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort >"$list"
while IFS= read -r f; do
	"$KARPGEN" ir "$f" 2>/dev/null | grep -q '^nodegroup ' || continue
	n=$((n + 1))
	rm -rf "$tmp/out"
	"$KARPGEN" compile "$f" -o "$tmp/out" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	rc=$?
	rel=${f#"$corpus"/}
	if [ $rc = 0 ] && [ -f "$tmp/out/REPORT.md" ]; then
		kits=$((kits + 1))
	elif [ $rc = 0 ]; then
		fail=$((fail + 1)); echo "FAIL $rel: exit 0 and nothing written"
	elif [ $rc -gt 3 ]; then
		fail=$((fail + 1)); echo "FAIL $rel: exit $rc"; tail -n 5 "$tmp/stderr"
	elif [ -e "$tmp/out" ]; then
		fail=$((fail + 1)); echo "FAIL $rel: exit $rc but $tmp/out was written"
	elif ! grep -q ': error: .*\[KG[0-9]*' "$tmp/stderr"; then
		fail=$((fail + 1)); echo "FAIL $rel: exit $rc without an error diagnostic"; tail -n 5 "$tmp/stderr"
	else
		refused=$((refused + 1))
		[ -z "${VERBOSE:-}" ] || { echo "refused $rel:"; grep ': error: ' "$tmp/stderr" | head -n 3; }
	fi
done <"$list"
echo "corpus-compile: $n node-group inputs, $kits kits, $refused refused with an error, $fail failed"
[ $fail = 0 ]
