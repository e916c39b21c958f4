#!/bin/sh
# t-rules-one-place.sh - one implementation per rule: every rule id of the checks and the
# validator (KG2xx-KG5xx) is reported (diag(), diag_sev(), vdiag() with the id written out)
# from exactly one .c file of src/, besides the catalogue (src/diag.def).
#
# KG1xx are the inputs' own errors (I/O, encoding, syntax, limits, types, unknown keys,
# expressions karpgen cannot evaluate): a class of defect in the bytes, each reported by the
# reader that meets those bytes (docs/architecture.md, "Rules and where they are reported").
# They are held to the weaker contract the test checks too: never from a check_*.c file (a
# check reads resolved IR; it has no bytes of its own to reject), but for KNOWN_INPUT.
#
# KNOWN lists the rules still reported from more than one file, with the files: the suite
# fails when a rule outside it is reported from two files, and when an entry no longer matches
# (a rule moved to one place must leave the list, so that it cannot come back unnoticed).
set -u
KNOWN='
KG230 check_migration.c lower.c
KG302 lower.c schema.c
'
KNOWN_INPUT='
KG112 check_migration.c
'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "KGnnn file.c" for each rule reported with its id written out, one line per (rule, file)
grep -oE '\b(diag|diag_sev|vdiag)\(KG[0-9]{3}\b' src/*.c |
	sed -E 's|^src/([^:]*):.*\((KG[0-9]+)$|\2 \1|' | sort -u >"$tmp/all"
grep -v '^KG1' "$tmp/all" >"$tmp/uses"
# the rules reported from more than one file: "KGnnn a.c b.c ..."
awk '{ files[$1] = files[$1] " " $2; n[$1]++ }
	END { for (r in n) if (n[r] > 1) print r files[r] }' "$tmp/uses" | sort >"$tmp/many"
printf '%s\n' "$KNOWN" | sed '/^$/d' | sort >"$tmp/known"

pass=0 fail=0
if [ ! -s "$tmp/uses" ]; then
	echo "FAIL no diag(KGnnn call found in src/: the pattern is wrong"
	fail=$((fail + 1))
fi
while read -r line; do
	if grep -qxF "$line" "$tmp/known"; then
		pass=$((pass + 1))
	else
		echo "FAIL reported from more than one file: $line"
		fail=$((fail + 1))
	fi
done <"$tmp/many"
while read -r line; do
	if ! grep -qxF "$line" "$tmp/many"; then
		echo "FAIL KNOWN is out of date (remove or correct it): $line"
		fail=$((fail + 1))
	fi
done <"$tmp/known"
# the inputs' errors: never from a check, but for those KNOWN_INPUT names (a value of the IR
# whichever front-end read it: node-group sizes, checked once for all front-ends)
grep '^KG1' "$tmp/all" >"$tmp/input"
while read -r rule file; do
	case $file in check_*.c)
		if printf '%s\n' "$KNOWN_INPUT" | grep -qxF "$rule $file"; then
			pass=$((pass + 1))
		else
			echo "FAIL $rule, an input error, is reported from $file: a check reports only its own rules"
			fail=$((fail + 1))
		fi ;;
	esac
done <"$tmp/input"
printf '%s\n' "$KNOWN_INPUT" | sed '/^$/d' | while read -r line; do
	grep -qxF "$line" "$tmp/input" || echo "FAIL KNOWN_INPUT is out of date (remove or correct it): $line"
done >"$tmp/stale"
if [ -s "$tmp/stale" ]; then
	cat "$tmp/stale"
	fail=$((fail + $(wc -l <"$tmp/stale")))
fi
total=$(cut -d' ' -f1 "$tmp/uses" | sort -u | wc -l)
many=$(wc -l <"$tmp/many")
echo "rules-one-place: $((total - many)) rules in one file, $pass known in several, $fail failed"
[ "$fail" -eq 0 ]
