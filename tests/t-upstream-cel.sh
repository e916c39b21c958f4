#!/bin/sh
# t-upstream-cel.sh - Karpenter's own CEL test suite, converted to manifests by
# scripts/gen-upstream-cel.py (testdata/upstream-cel/<version>/cases/, each with the
# outcome the upstream spec expects from the API server: "# expect: accepted|rejected"),
# run through `karpgen validate --karpenter-version <version>`.  karpgen rejects a case
# when it reports an error of a rule the API server enforces (schema, CEL, served API
# versions: the list below); karpgen's own cross-document and controller checks (KG304's
# nodeClassRef target, KG330, KG2xx, KG5xx) are not the API server's and do not count.
# Every case must agree, or be listed with its reason in known-differences.tsv.  A listed
# case that agrees again is named, so that the list stays short and true.
set -u
: "${KARPGEN:?}"
root=testdata/upstream-cel
known=$root/known-differences.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 total_dis=0
for dir in "$root"/*/; do
	[ -d "$dir/cases" ] || continue
	v=$(basename "$dir")
	(cd "$dir/cases" && NO_COLOR=1 exec "$KARPGEN" validate --no-config --karpenter-version "$v" \
		--format github --max-diagnostics 0 -q . >"$tmp/out" 2>"$tmp/err")
	status=$?
	if [ "$status" -gt 1 ]; then
		echo "FAIL $v: karpgen validate exited $status"
		head -n 5 "$tmp/err"
		fail=$((fail + 1))
		continue
	fi
	# the files with an error the API server would also report: a rule it enforces, or a
	# KG304 that is a CRD rule on nodeClassRef (empty group, kind, name), not karpgen's
	# check that the reference names an EC2NodeClass
	awk '/^::error / {
		f = $0; sub(/^::error file=(\.\/)?/, "", f); sub(/,.*/, "", f)
		r = $0; sub(/.*title=/, "", r); sub(/ .*/, "", r)
		m = $0; sub(/^[^:]*::[^:]*::/, "", m)
		if (r ~ /^KG(10[1-3]|106|108|112|30[1235-9]|320)$/) print f
		else if (r == "KG304" && m !~ /is not .EC2NodeClass.|is not the group of the AWS node classes|is not an AWS node class API version|: no [A-Za-z0-9]+ named /) print f
	}' "$tmp/out" | sort -u >"$tmp/rejected"
	grep -H '^# expect: ' "$dir"cases/*.yaml | sed 's|^.*/||; s|:# expect: | |' >"$tmp/want"
	# one line per case: verdicts compared, the known list consulted
	awk -v v="$v" -v rej="$tmp/rejected" -v known="$known" -v res="$tmp/res" '
		BEGIN {
			while ((getline l < rej) > 0) r[l] = 1
			FS = "\t"
			while ((getline l < known) > 0) { if (l ~ /^#/) continue; split(l, k, "\t"); if (k[1] == v) kn[k[2]] = k[3] }
			FS = " "
		}
		{
			got = ($1 in r) ? "rejected" : "accepted"
			if ($2 == got) { agree++; if ($1 in kn) print "note " v "/" $1 ": listed in known-differences.tsv, but agrees now: remove it" }
			else if ($1 in kn) known_n++
			else { dis++; print "FAIL " v "/" $1 ": upstream expects " $2 ", karpgen: " got; print $1 > (res ".failed") }
		}
		END { printf "%d %d %d %d\n", NR, agree, known_n, dis > res }' "$tmp/want"
	read -r n agree known_n dis <"$tmp/res"
	if [ "$dis" != 0 ]; then
		head -n 10 "$tmp/res.failed" | while read -r base; do
			sed -n 's/^# \(upstream\|spec\): /  /p' "$dir/cases/$base"
			grep -F "file=./$base," "$tmp/out" | head -n 3 | cut -c1-300
		done
		rm -f "$tmp/res.failed"
	fi
	rows=$(($(wc -l <"$dir/cases.tsv") - 1))
	if [ "$rows" != "$n" ] || [ "$n" = 0 ]; then
		echo "FAIL $v: $n case files, cases.tsv lists $rows"
		fail=$((fail + 1))
	fi
	echo "upstream-cel $v: $n cases, $agree agree, $known_n known differences, $dis disagree"
	total_dis=$((total_dis + dis))
done
if [ "$fail" != 0 ] || [ "$total_dis" != 0 ]; then
	echo "upstream-cel: failed"
	exit 1
fi
echo "upstream-cel: every case agrees or is a listed known difference"
