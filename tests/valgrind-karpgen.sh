#!/bin/sh
# valgrind-karpgen.sh KARPGEN ARGS... - run karpgen under valgrind, its report in a log
# file so the golden comparison of stdout/stderr is unchanged; any error or leak
# makes the exit status 99, which no golden case expects.
set -u
log=$(mktemp)
valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=99 --log-file="$log" "$@"
rc=$?
if [ -s "$log" ]; then
	cat "$log" >&2
fi
rm -f "$log"
exit $rc
