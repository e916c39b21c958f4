#!/bin/sh
# t-not-carried-report.sh - nothing lost silently (issue 14): in every compile
# golden that writes a kit (testdata/*/*/ and testdata/rules/*/*/ with an
# expected/REPORT.md), each KG240 of the expected stderr has its row in
# REPORT.md's "Not carried" (node group, setting, file:line), and each row
# there has its KG240, unless the case turns the rule off; and each KG110 (a key no table
# names) has its row in the list of keys karpgen does not recognise, and each row its KG110.  Both come from
# the groups' NotCarried records; this keeps every way of adding one honest.
set -u
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for report in testdata/*/*/expected/REPORT.md testdata/rules/*/*/expected/REPORT.md; do
	[ -e "$report" ] || continue
	dir=${report%/expected/REPORT.md}
	err=$dir/stderr
	[ -e "$err" ] || err=/dev/null
	ok=1
	# FILE:LINE:COL: warning: 'SETTING' of node group 'GROUP' is not carried into the kit [KG240 ...]
	sed -n "s/^\\([^:]*\\):\\([0-9]*\\):[0-9]*: warning: '\\(.*\\)' of node group '\\(.*\\)' is not carried into the kit \\[KG240 .*/| \`\\4\` | \`\\3\` | \`\\1:\\2\` |/p" \
		"$err" >"$tmp/want"
	grep -c '\[KG240 ' "$err" >"$tmp/n" || true
	if [ "$(cat "$tmp/n")" != "$(wc -l <"$tmp/want" | tr -d ' ')" ]; then
		ok=0; echo "FAIL $dir: a KG240 in stderr this test cannot read (no FILE:LINE:COL or another wording)"
	fi
	while IFS= read -r row; do
		grep -qF -- "$row" "$report" || { ok=0; echo "FAIL $dir: KG240 without a \"Not carried\" row: $row"; }
	done <"$tmp/want"
	# the other way: each row of the table has its diagnostic, unless KG240 is off
	case " $(cat "$dir/cmd") " in *KG240*|*setting-not-carried*) ;; *)
		sed -n '/^## Not carried/,/^## /p' "$report" | sed '/^Keys of the inputs karpgen does not recognise/,$d' |
			grep '^| `' >"$tmp/rows" || true
		while IFS= read -r row; do
			key=$(printf '%s\n' "$row" | cut -d'|' -f1-4)
			grep -qF -- "$key|" "$tmp/want" || { ok=0; echo "FAIL $dir: \"Not carried\" row without its KG240: $row"; }
		done <"$tmp/rows" ;;
	esac
	# the keys no table names (KG110): each has its row in the report's list, and each row its KG110
	sed -n "s/^\\([^:]*\\):\\([0-9]*\\):[0-9]*: warning: unknown key '\\(.*\\)' in \\(.*\\) \\[KG110 .*/| \`\\3\` | \`\\4\` | \`\\1:\\2\` |/p" \
		"$err" | sort -u >"$tmp/want110"
	while IFS= read -r row; do
		grep -qF -- "$row" "$report" || { ok=0; echo "FAIL $dir: KG110 without its row in \"Not carried\": $row"; }
	done <"$tmp/want110"
	sed -n '/^Keys of the inputs karpgen does not recognise/,/^## /p' "$report" | grep '^| `' >"$tmp/rows110" || true
	while IFS= read -r row; do
		grep -qF -- "$row" "$tmp/want110" || { ok=0; echo "FAIL $dir: unrecognised-key row without its KG110: $row"; }
	done <"$tmp/rows110"
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "not-carried-report: $pass passed, $fail failed"
[ $fail = 0 ]
