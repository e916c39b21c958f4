#!/bin/sh
# t-gen-upstream-cel.sh - scripts/gen-upstream-cel.py, the converter of Karpenter's CEL suite,
# on a miniature of the two upstream repositories (tests/data/upstream-cel-fixture: a few
# types, constants, a provider init() that extends a core label set, and specs using the
# constructs the real suites use, and some it does not model).  The cases and skips it writes
# must be expected.txt there; UPDATE=1 rewrites it.
set -u
fx=tests/data/upstream-cel-fixture
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in core aws; do
	cp -R "$fx/$r" "$tmp/$r"
	if ! { git -C "$tmp/$r" init -q && git -C "$tmp/$r" add -A &&
		git -C "$tmp/$r" -c user.name=fixture -c user.email=fixture@example.invalid -c commit.gpgsign=false commit -qm fixture; }; then
		echo "gen-upstream-cel: git failed"
		exit 1
	fi
done
if ! { git -C "$tmp/core" tag v9.9.9 && git -C "$tmp/aws" tag v0.0.1; }; then
	echo "gen-upstream-cel: git tag failed"
	exit 1
fi
if ! python3 scripts/gen-upstream-cel.py --core-git "$tmp/core/.git" --aws-git "$tmp/aws/.git" \
	--aws-ref v0.0.1 --out "$tmp/out" >"$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "gen-upstream-cel: the converter failed"
	exit 1
fi
{
	cat "$tmp/out/cases.tsv" "$tmp/out/skipped.tsv"
	for f in "$tmp"/out/cases/*.yaml; do
		echo "== $(basename "$f")"
		cat "$f"
	done
} >"$tmp/got"
if [ -n "${UPDATE:-}" ]; then
	cp "$tmp/got" "$fx/expected.txt"
fi
if ! diff -u "$fx/expected.txt" "$tmp/got"; then
	echo "gen-upstream-cel: the fixture's cases differ from expected.txt"
	exit 1
fi
echo "gen-upstream-cel: $(($(wc -l <"$tmp/out/cases.tsv") - 1)) fixture cases as expected"
