#!/bin/sh
# t-gen-ami-releases.sh - scripts/gen-ami-releases.py on a made-up release log
# (testdata/gen-ami-releases/CHANGELOG.md: both AMI name shapes, old undated 'v'-less
# releases, variant names with a driver version): the TSV it writes, and that a log with no
# AMI name stops it; Bottlerocket releases from the tags of a made-up git repository
# (--bottlerocket: each tag's variants/aws-k8s-1.NN directories, versions sorted as numbers,
# other tags and variants ignored), kept when a later run is given no repository.  The
# committed data/ami-releases.tsv needs the network to regenerate (docs/versions.md); its
# shape is checked here: a date line and rows the binary reads.
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
# a made-up bottlerocket-os/bottlerocket: v1.9.0 builds 1.29 and 1.30 (and an nvidia 1.30),
# v1.10.0 adds 1.31 and drops 1.29; a tag that is no release and a metal variant are ignored
br="$tmp/bottlerocket"
git init -q "$br"
variant() { mkdir -p "$br/variants/$1" && echo "[package]" >"$br/variants/$1/Cargo.toml"; }
commit() { git -C "$br" add -A && git -C "$br" -c user.name=t -c user.email=t@t commit -qm "$1" && git -C "$br" tag "$1"; }
variant aws-k8s-1.29; variant aws-k8s-1.30; variant aws-k8s-1.30-nvidia; variant metal-k8s-1.28
commit v1.9.0
rm -r "$br/variants/aws-k8s-1.29"; variant aws-k8s-1.31
commit v1.10.0
git -C "$br" tag not-a-release
if python3 scripts/gen-ami-releases.py "$d/CHANGELOG.md" "$tmp/br.tsv" --bottlerocket "$br" &&
	grep -v '^bottlerocket' "$tmp/br.tsv" | grep -v '^# bottlerocket:' | diff -u - "$tmp/out.tsv" >/dev/null &&
	[ "$(grep '^bottlerocket' "$tmp/br.tsv")" = "$(printf 'bottlerocket\tv1.10.0\t30,31\nbottlerocket\tv1.9.0\t29,30')" ] &&
	grep -qx '# bottlerocket: v1.10.0' "$tmp/br.tsv"; then
	ok
else
	bad "the Bottlerocket rows from the tags of a made-up repository"
	cat "$tmp/br.tsv"
fi
if python3 scripts/gen-ami-releases.py "$d/CHANGELOG.md" "$tmp/br.tsv" && [ "$(grep -c '^bottlerocket' "$tmp/br.tsv")" = 2 ]; then
	ok
else
	bad "a run without --bottlerocket dropped the Bottlerocket rows of the existing file"
fi
if grep -qx '# ended: al2 32' "$tmp/out.tsv"; then
	ok
else
	bad "al2, whose releases stop long before the log's newest, is not marked ended"
fi
echo "# nothing here" >"$tmp/empty.md"
if python3 scripts/gen-ami-releases.py "$tmp/empty.md" "$tmp/empty.tsv" 2>/dev/null; then
	bad "a log with no AMI name was accepted"
else
	ok
fi
if grep -q '^# date: 20[0-9][0-9]-[01][0-9]-[0-3][0-9]$' data/ami-releases.tsv &&
	! grep -v '^#' data/ami-releases.tsv | grep -Evq '^((al2023|al2)	v20[0-9]{6}|bottlerocket	v[0-9]+\.[0-9]+\.[0-9]+)	[0-9]+(,[0-9]+)*$' &&
	grep -q '^bottlerocket	' data/ami-releases.tsv; then
	ok
else
	bad "data/ami-releases.tsv is not in the generator's shape"
fi
if [ -n "${KARPGEN:-}" ] && "$KARPGEN" --version | grep -q "EKS AMI release data of $(sed -n "s/^# date: //p" data/ami-releases.tsv); Bottlerocket releases to v"; then
	ok
else
	bad "karpgen --version does not show the date of data/ami-releases.tsv"
fi
echo "gen-ami-releases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
