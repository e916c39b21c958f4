#!/bin/sh
# t-upstream-cel.sh - Karpenter's own CEL test suite, converted to manifests by
# scripts/gen-upstream-cel.py (testdata/upstream-cel/<version>/cases/), run through
# `karpgen validate --karpenter-version <version>`.  Each case carries the verdict its
# upstream spec expects from the API server ("# expect: accepted|rejected") and, where the
# spec also calls RuntimeValidate on it, the controller's ("# controller: ...").
#
# The API server's verdict: karpgen rejects a case when it reports an error of a rule the
# API server enforces (schema, CEL, served API versions: the list below).  karpgen's own
# cross-document checks (KG304's nodeClassRef target; the core suites name a
# TestNodeClass), KG330 and the KG2xx/KG5xx advice are not the API server's.
# The controller's verdict, for the cases the API server accepts: an error of KG330, the
# controller's own checks; compared when this karpgen has KG330.
# Every verdict must agree, or be listed with its reason in known-differences.tsv.  A listed
# one that agrees again is named, so that the list stays short and true.
set -u
: "${KARPGEN:?}"
root=testdata/upstream-cel
known=$root/known-differences.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ctl=0
"$KARPGEN" explain KG330 >/dev/null 2>&1 && ctl=1
fail=0
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
	# per file: "api" for an error the API server would also report (a rule it enforces,
	# or a KG304 that is a CRD rule on nodeClassRef: empty group, kind or name), "controller"
	# for a KG330 error
	awk '/^::error / {
		f = $0; sub(/^::error file=(\.\/)?/, "", f); sub(/,.*/, "", f)
		r = $0; sub(/.*title=/, "", r); sub(/ .*/, "", r)
		m = $0; sub(/^[^:]*::[^:]*::/, "", m)
		if (r ~ /^KG(10[1-3]|106|108|112|30[1235-9]|320)$/) print f, "api"
		else if (r == "KG304" && m !~ /is not .EC2NodeClass.|is not the group of the AWS node classes|is not an AWS node class API version|: no [A-Za-z0-9]+ named /) print f, "api"
		else if (r == "KG330") print f, "controller"
	}' "$tmp/out" | sort -u >"$tmp/got"
	# one line per case file: its name, the API server's and the controller's verdict (or -)
	awk 'FNR == 1 { if (f != "") print f, e, c; f = FILENAME; sub(/^.*\//, "", f); e = "-"; c = "-" }
		/^# expect: / { e = $3 }
		/^# controller: / { c = $3 }
		END { if (f != "") print f, e, c }' "$dir"cases/*.yaml >"$tmp/want"
	: >"$tmp/failed"
	awk -v v="$v" -v ctl="$ctl" -v got="$tmp/got" -v known="$known" -v res="$tmp/res" -v failed="$tmp/failed" '
		BEGIN {
			while ((getline l < got) > 0) { split(l, g, " "); r[g[1], g[2]] = 1 }
			FS = "\t"
			while ((getline l < known) > 0) {
				if (l ~ /^#/ || l == "") continue
				split(l, k, "\t")
				if (k[1] == v) kn[k[2], k[3]] = k[4]
			}
			FS = " "
		}
		function verdict(file, kind, want, got_) {
			if (want == got_) {
				if ((file, kind) in kn) print "note " v "/" file ": " kind " verdict listed in known-differences.tsv, but it agrees now: remove it"
				return 1
			}
			if ((file, kind) in kn) return 2
			print "FAIL " v "/" file ": upstream expects the " kind " to say " want ", karpgen: " got_
			print file > failed
			return 3
		}
		{
			n++
			x = verdict($1, "api", $2, (($1, "api") in r) ? "rejected" : "accepted")
			a[x]++
			if (ctl && $2 == "accepted" && $3 != "-") {
				cn++
				x = verdict($1, "controller", $3, (($1, "controller") in r) ? "rejected" : "accepted")
				c[x]++
			}
		}
		END { printf "%d %d %d %d %d %d %d %d\n", n, a[1], a[2], a[3], cn, c[1], c[2], c[3] > res }' "$tmp/want"
	read -r n agree known_n dis cn cagree cknown cdis <"$tmp/res"
	head -n 10 "$tmp/failed" | while read -r base; do
		sed -n 's/^# \(upstream\|spec\): /  /p' "$dir/cases/$base"
		grep -F "file=./$base," "$tmp/out" | head -n 3 | cut -c1-300
	done
	rows=$(($(wc -l <"$dir/cases.tsv") - 1))
	if [ "$rows" != "$n" ] || [ "$n" = 0 ]; then
		echo "FAIL $v: $n case files, cases.tsv lists $rows"
		fail=$((fail + 1))
	fi
	line="upstream-cel $v: $n cases, $agree agree, $known_n known differences, $dis disagree"
	if [ "$ctl" = 1 ]; then
		line="$line; controller (KG330): $cn cases, $cagree agree, $cknown known differences, $cdis disagree"
	else
		line="$line; controller verdicts not compared: this karpgen has no KG330"
	fi
	echo "$line"
	[ "$dis" = 0 ] && [ "${cdis:-0}" = 0 ] || fail=$((fail + 1))
done
if [ "$fail" != 0 ]; then
	echo "upstream-cel: failed"
	exit 1
fi
echo "upstream-cel: every verdict agrees or is a listed known difference"
