#!/bin/sh
# run.sh SECONDS BIN... - run each libFuzzer target for SECONDS with seeds from
# testdata/ and ../shared/corpus (when present) and the target's dictionary.
set -eu
secs=$1
shift
status=0
for bin in "$@"; do
	name=$(basename "$bin")
	work=build/fuzz/corpus/$name
	mkdir -p "$work" build/fuzz/crashes
	seeds=""
	for d in fuzz/seeds/"$name" testdata ../shared/corpus; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	dict=""
	[ -f fuzz/"$name".dict ] && dict="-dict=fuzz/$name.dict"
	echo "fuzz: $name for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=build/fuzz/crashes/"$name"- -print_final_stats=1 $dict "$work" $seeds \
		>build/fuzz/"$name".log 2>&1; then
		echo "fuzz: $name FAILED (see build/fuzz/$name.log)"
		tail -n 40 build/fuzz/"$name".log
		status=1
	else
		grep -E 'stat::number_of_executed_units|cov:' build/fuzz/"$name".log | tail -n 2
	fi
done
exit $status
