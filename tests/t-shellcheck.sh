#!/bin/sh
# t-shellcheck.sh - every shell script of the project is shellcheck-clean.
set -u
n=0 bad=0
for f in scripts/*.sh tests/*.sh bench/*.sh fuzz/*.sh .ci/run; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	shellcheck -s sh "$f" || bad=$((bad + 1))
done
# the bash completion is bash
n=$((n + 1))
shellcheck -s bash completions/karpgen.bash || bad=$((bad + 1))
echo "shellcheck: $((n - bad)) passed, $bad failed"
[ "$bad" = 0 ]
