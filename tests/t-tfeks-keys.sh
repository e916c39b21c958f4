#!/bin/sh
# t-tfeks-keys.sh - every per-group variable of terraform-aws-modules/eks (v17-v21,
# data/tfeks-module-keys.tsv, made from the module's variables.tf by scripts/gen-tfeks-keys.sh) has
# a row in src/load_tfeks.c's group table: carried, ignored with a reason, or not carried (KG240).
# A key without a row would be "unknown" (KG110) though the module reads it (issue 14).
set -u
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/^const FieldDef tfeks_group_fields/,/^};/p' src/load_tfeks.c |
	grep -oE '^	TF_[A-Z]+\("[a-z_0-9]+"' | sed 's/.*("//; s/"$//' | sort -u >"$tmp/rows"
grep -v '^#' data/tfeks-module-keys.tsv | cut -f3 | sort -u >"$tmp/keys"
if [ ! -s "$tmp/rows" ] || [ ! -s "$tmp/keys" ]; then
	echo "t-tfeks-keys: FAIL: no rows or no keys read"
	exit 1
fi
missing=$(comm -23 "$tmp/keys" "$tmp/rows")
if [ -n "$missing" ]; then
	for k in $missing; do
		printf 't-tfeks-keys: FAIL: module variable %s (%s) has no row in tfeks_group_fields\n' "$k" \
			"$(grep -P "\t$k\$" data/tfeks-module-keys.tsv | cut -f1,2 | tr '\t\n' '/ ')"
	done
	exit 1
fi
echo "t-tfeks-keys: ok ($(wc -l <"$tmp/keys") module variables, each a row)"
