#!/bin/sh
# t-gen-ami-releases.sh - scripts/gen-ami-releases.py on a made-up release log
# (testdata/gen-ami-releases/CHANGELOG.md: both AMI name shapes, old undated 'v'-less
# releases, variant names with a driver version): the TSV it writes, and that a log with no
# AMI name stops it.  The committed data/ami-releases.tsv needs the network to regenerate
# (docs/versions.md); its shape is checked here: a date line and rows the binary reads.
set -u
d=testdata/gen-ami-releases
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

if python3 scripts/gen-ami-releases.py "$d/CHANGELOG.md" "$tmp/out.tsv" && diff -u "$d/expected.tsv" "$tmp/out.tsv"; then
	ok
else
	bad "the TSV of the made-up log"
fi
echo "# nothing here" >"$tmp/empty.md"
if python3 scripts/gen-ami-releases.py "$tmp/empty.md" "$tmp/empty.tsv" 2>/dev/null; then
	bad "a log with no AMI name was accepted"
else
	ok
fi
if grep -q '^# date: 20[0-9][0-9]-[01][0-9]-[0-3][0-9]$' data/ami-releases.tsv &&
	! grep -v '^#' data/ami-releases.tsv | grep -Evq '^(al2023|al2)	v20[0-9]{6}	[0-9]+(,[0-9]+)*$'; then
	ok
else
	bad "data/ami-releases.tsv is not in the generator's shape"
fi
if [ -n "${KARPGEN:-}" ] && "$KARPGEN" --version | grep -q "EKS AMI release data of $(sed -n 's/^# date: //p' data/ami-releases.tsv))"; then
	ok
else
	bad "karpgen --version does not show the date of data/ami-releases.tsv"
fi
echo "gen-ami-releases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
