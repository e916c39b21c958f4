#!/bin/sh
# t-architecture.sh - docs/architecture.md has one paragraph per file of src/: a paragraph that
# starts with the file's name in bold ("**lower.c** - ..."), so that a new file cannot land
# without its place in the pipeline written down, and a removed one leaves no stale paragraph.
set -u
doc=docs/architecture.md
pass=0 fail=0
for f in src/*; do
	b=$(basename "$f")
	if grep -q "^\*\*$b\*\*" "$doc"; then
		pass=$((pass + 1))
	else
		echo "FAIL $doc has no paragraph for src/$b (a line starting '**$b**')"
		fail=$((fail + 1))
	fi
done
# every paragraph names a file that exists
for b in $(grep -o '^\*\*[A-Za-z0-9_.]*\*\*' "$doc" | tr -d '*'); do
	[ -e "src/$b" ] && continue
	echo "FAIL $doc has a paragraph for src/$b, which does not exist"
	fail=$((fail + 1))
done
echo "architecture: $pass files with a paragraph, $fail failed"
[ "$fail" -eq 0 ]
