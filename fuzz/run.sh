#!/bin/sh
# run.sh SECONDS BIN... - run each libFuzzer target for SECONDS with seeds from
# fuzz/seeds/TARGET, testdata/ and ../shared/corpus (when present), the
# golden cases bundled with their options into one input each (see below),
# and the target's dictionary.  FUZZ_SEED fixes libFuzzer's random seed (CI
# sets it, so that a smoke run explores the same inputs each time); FUZZ_RUNS
# caps the number of inputs tried, so that a faster machine does not go past
# the sequence verified locally.  FUZZ_JOBS (default 1) targets
# run at once; each writes FUZZ_LOGS/TARGET.log (default build/fuzz), and
# crashing inputs to FUZZ_LOGS/crashes/.
set -eu
secs=$1
shift
logs=${FUZZ_LOGS:-build/fuzz}

# Each golden case as one fuzz input: its options as a "#fuzz:" line (see
# fuzz_opts() in fuzz/fuzz.h) and its input files as "==> NAME <==" sections.
bundles=$logs/bundles
rm -rf "$bundles"
mkdir -p "$bundles" "$logs"/crashes
bundle() { # bundle DIR ARG...: the case in DIR run as `karpgen ARG...`
	dir=$1 out="$bundles/$(echo "$1" | tr / _)"
	shift
	opts="" files=""
	while [ $# -gt 0 ]; do
		case $1 in
		--to | --karpenter-version) opts="$opts $2"; shift ;;
		--ami-alias) opts="$opts alias"; shift ;;
		--identity) [ "$2" != irsa ] || opts="$opts irsa"; shift ;;
		--cluster-name | --region | --account-id) opts="$opts named"; shift ;;
		--karpenter-nodegroup) opts="$opts home"; shift ;;
		--widen-spot) opts="$opts widen" ;;
		-o) opts="$opts files"; shift ;;
		*) [ ! -f "$dir/$1" ] || files="$files $1" ;;
		esac
		shift
	done
	# shellcheck disable=SC2086
	set -- $files
	[ $# -ge 2 ] || [ -n "$opts" ] || return 0
	{
		[ -z "$opts" ] || printf '#fuzz:%s\n' "$opts"
		for f in "$@"; do
			[ $# = 1 ] || printf '==> %s <==\n' "$f"
			cat "$dir/$f"
		done
	} >"$out"
}
for cmdfile in testdata/*/*/cmd testdata/*/*/*/cmd; do
	[ -e "$cmdfile" ] || continue
	# cmd holds words (karpgen's arguments), as t-golden.sh reads it
	# shellcheck disable=SC2046
	bundle "${cmdfile%/cmd}" $(cat "$cmdfile")
done

run() {
	bin=$1
	name=$(basename "$bin")
	work=build/fuzz/corpus/$name
	mkdir -p "$work"
	seeds=""
	for d in fuzz/seeds/"$name" "$bundles" testdata ../shared/corpus; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	dict=""
	[ -f fuzz/"$name".dict ] && dict="-dict=fuzz/$name.dict"
	echo "fuzz: $name for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$logs"/crashes/"$name"- -print_final_stats=1 $dict "$work" $seeds \
		>"$logs"/"$name".log 2>&1; then
		echo "fuzz: $name FAILED (see $logs/$name.log)"
		tail -n 40 "$logs"/"$name".log
		return 1
	fi
	grep -E 'stat::number_of_executed_units|cov:' "$logs"/"$name".log | tail -n 2
}

status=0
jobs=${FUZZ_JOBS:-1}
while [ $# -gt 0 ]; do
	pids=""
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
		run "$1" >"$logs"/"$(basename "$1")".summary 2>&1 &
		pids="$pids $!:$(basename "$1")"
		shift
		i=$((i + 1))
	done
	for p in $pids; do
		wait "${p%%:*}" || status=1
		cat "$logs"/"${p#*:}".summary
	done
done
exit $status
