#!/bin/sh
# t-golden.sh - golden tests: every testdata/<area>/<case>/ with a `cmd` file.
#
# `cmd` holds karpgen's arguments, run from inside the case directory with
# NO_COLOR=1.  Expected results, each optional: `stdout`, `stderr`, `status`
# (exit code, default 0), and `expected/` compared with the `out/` directory
# the command writes (`-o out`).  UPDATE=1 rewrites the expected files.
# KARPGEN_WRAP, when set, is a command karpgen runs under (valgrind in CI).
set -u
: "${KARPGEN:?}"
root=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# testdata/<area>/<case>/cmd, and testdata/rules/<ID>-<name>/<case>/cmd (a rule has several cases)
for cmdfile in testdata/*/*/cmd testdata/rules/*/*/cmd; do
	[ -e "$cmdfile" ] || continue
	dir=${cmdfile%/cmd}
	rm -rf "$dir/out"
	# shellcheck disable=SC2046
	(cd "$dir" && NO_COLOR=1 exec ${KARPGEN_WRAP:+"$KARPGEN_WRAP"} "$KARPGEN" $(cat cmd) >"$tmp/stdout" 2>"$tmp/stderr")
	echo $? >"$tmp/status"
	ok=1
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/stdout" "$dir/stdout"
		cp "$tmp/stderr" "$dir/stderr"
		cp "$tmp/status" "$dir/status"
		[ ! -d "$dir/out" ] || { rm -rf "$dir/expected"; mv "$dir/out" "$dir/expected"; }
		[ -s "$dir/stdout" ] || rm -f "$dir/stdout"
		[ -s "$dir/stderr" ] || rm -f "$dir/stderr"
		[ "$(cat "$dir/status")" != 0 ] || rm -f "$dir/status"
		pass=$((pass + 1))
		continue
	fi
	for f in stdout stderr; do
		want="$dir/$f"
		[ -e "$want" ] || want=/dev/null
		diff -u "$want" "$tmp/$f" >"$tmp/diff" || { ok=0; echo "FAIL $dir: $f"; head -n 40 "$tmp/diff"; }
	done
	want_status=0
	[ ! -e "$dir/status" ] || want_status=$(cat "$dir/status")
	got_status=$(cat "$tmp/status")
	[ "$want_status" = "$got_status" ] || { ok=0; echo "FAIL $dir: exit status $got_status, expected $want_status"; }
	if [ -d "$dir/expected" ]; then
		diff -ru "$dir/expected" "$dir/out" >"$tmp/diff" || { ok=0; echo "FAIL $dir: output"; head -n 60 "$tmp/diff"; }
	fi
	rm -rf "$dir/out"
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
cd "$root" || exit 1
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
