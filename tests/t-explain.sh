#!/bin/sh
# t-explain.sh - every rule of the catalogue has docs/rules/<ID>.md with the
# four sections, and `karpgen explain` prints it by id and by name; an
# unknown rule is a usage error (exit 3).
set -u
: "${KARPGEN:?}"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# t DESCRIPTION COMMAND...: one check
t() {
	what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $what"
		return 1
	fi
}
first_line_is() { [ "$(head -n 1 "$1")" = "$2" ]; }
explains_as() { "$KARPGEN" explain "$1" >"$tmp/out" 2>&1 && cmp -s "$tmp/out" "$2"; }
in_catalogue() { grep -q "^$1 " "$tmp/rules"; }
usage_error() {
	"$KARPGEN" explain "$@" >/dev/null 2>"$tmp/err"
	[ $? = 3 ] && [ -s "$tmp/err" ]
}

t "karpgen rules" "$KARPGEN" rules >"$tmp/rules"
while read -r id name _; do
	doc=docs/rules/$id.md
	t "$id: $doc exists" test -f "$doc" || continue
	t "$id: $doc starts '# $id $name'" first_line_is "$doc" "# $id $name"
	for s in "## What it catches" "## Why" "## How to fix" "## Example"; do
		t "$id: $doc has '$s'" grep -qx "$s" "$doc"
	done
	t "$id: 'karpgen explain $id' prints $doc" explains_as "$id" "$doc"
	t "$id: 'karpgen explain $name' prints $doc" explains_as "$name" "$doc"
done <"$tmp/rules"

for f in docs/rules/*.md; do
	t "$f documents a rule of the catalogue" in_catalogue "$(basename "$f" .md)"
done
# a rule's passing case is clean: exit 0, no error, and not its own rule (its golden stderr says)
clean_pass() {
	[ ! -e "$1/status" ] && ! grep -q ': error: ' "$1/stderr" 2>/dev/null && ! grep -q "\[$2 " "$1/stderr" 2>/dev/null
}
for c in testdata/rules/*/*pass*/cmd; do
	[ -e "$c" ] || continue
	d=${c%/cmd}
	id=$(basename "$(dirname "$d")" | cut -d- -f1)
	t "$d: the passing case of $id exits 0 without an error or $id" clean_pass "$d" "$id"
done
t "explain KG999 is a usage error" usage_error KG999
t "explain without a rule is a usage error" usage_error

echo "explain: $pass passed, $fail failed"
[ "$fail" = 0 ]
