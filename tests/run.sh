#!/bin/sh
# run.sh UNIT_BIN... - the whole suite: cmocka unit tests, then every tests/t-*.sh
# suite (golden cases, corpus agreement, formats).  Env: KARPGEN (binary), BUILD.
# Ends with the plain closing line "N passed, N failed".
set -u
pass=0 fail=0
failed=""
for t in "$@"; do
	if out=$("$t" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t")"
		printf '%s\n' "$out" | tail -n 40
	fi
done
for s in tests/t-*.sh; do
	[ -e "$s" ] || continue
	if out=$(sh "$s" 2>&1); then
		pass=$((pass + 1))
		printf '%s\n' "$out" | tail -n 1 | sed "s|^|$(basename "$s"): |"
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$s")"
		printf '%s\n' "$out" | tail -n 60
	fi
done
[ -z "$failed" ] || echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
