#!/bin/sh
# t-lint-dir.sh - `karpgen lint DIR` walks the tree as `validate DIR` does and
# lints each directory as a cluster of its own: the files lint reads by name
# (.tf, .tfvars, .json, .yaml ...), none other; a file that is no cluster
# input skipped with a KG104 note; the same diagnostics as linting each
# directory's files by name.  The walk's links and loops: t-careless.sh.
# Env: KARPGEN.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# two clusters in two directories, a file that is no input, a file lint does not read by name
mkdir -p "$tmp/repo/eksctl" "$tmp/repo/tf/envs" "$tmp/repo/docs"
cp testdata/compile/eksctl-windows/windows.yaml "$tmp/repo/eksctl/"
cp testdata/compile/tfeks-windows-v0.32/main.tf "$tmp/repo/tf/envs/"
printf '{"name": "tooling", "version": "1.0.0"}\n' >"$tmp/repo/package.json"
printf 'managedNodeGroups: [\n' >"$tmp/repo/docs/notes.md"

(cd "$tmp" && NO_COLOR=1 "$KARPGEN" lint repo >out 2>err)
rc=$?
if [ $rc = 0 ]; then ok; else bad "lint DIR: exit $rc"; cat "$tmp/err"; fi
if grep -q '^linted 3 files in 3 directories$' "$tmp/err"; then ok; else bad "lint DIR: not 3 files in 3 directories"; tail -n 1 "$tmp/err"; fi
if grep -q "repo/package.json:1:1: note: 'repo/package.json' is not an input karpgen recognises.*\[KG104" "$tmp/err"; then
	ok
else
	bad "lint DIR: package.json is not skipped with a KG104 note"
fi
if ! grep -q 'notes.md' "$tmp/err"; then ok; else bad "lint DIR read a file whose name lint does not read"; fi
# two clusters never meet: no conflicting cluster values
if ! grep -q 'KG107' "$tmp/err"; then ok; else bad "lint DIR merged two directories into one cluster"; fi

# the same diagnostics as each directory's files linted by name
(cd "$tmp" && NO_COLOR=1 "$KARPGEN" lint repo/eksctl/windows.yaml >/dev/null 2>e1;
	NO_COLOR=1 "$KARPGEN" lint repo/tf/envs/main.tf >/dev/null 2>e2)
grep -v '^[0-9]* error' "$tmp/e1" "$tmp/e2" | sed 's/^[^:]*://' >"$tmp/by-name"
# package.json's note and the source lines under it left out
awk '/^repo\/package.json:/ { skip = 1; next } /^[^ ]/ { skip = 0 } !skip' "$tmp/err" |
	grep -v -e '^[0-9]* error' -e '^linted ' >"$tmp/by-dir"
if diff "$tmp/by-name" "$tmp/by-dir" >"$tmp/diff"; then ok; else bad "lint DIR differs from lint of the files"; head -n 20 "$tmp/diff"; fi

# an error in a file of the tree fails the run
printf 'managedNodeGroups: [\n' >"$tmp/repo/eksctl/broken.yaml"
(cd "$tmp" && NO_COLOR=1 "$KARPGEN" lint repo >/dev/null 2>err)
rc=$?
if [ $rc = 1 ] && grep -q 'repo/eksctl/broken.yaml:.*error:.*\[KG101' "$tmp/err"; then ok; else bad "lint DIR with a broken file: exit $rc"; cat "$tmp/err"; fi

# a directory with nothing lint reads: exit 0, says so
mkdir -p "$tmp/empty"
NO_COLOR=1 "$KARPGEN" lint "$tmp/empty" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q '^linted 0 files in 0 directories$' "$tmp/err"; then ok; else bad "lint of an empty directory: exit $rc"; cat "$tmp/err"; fi

echo "lint-dir: $pass passed, $fail failed"
[ $fail = 0 ]
