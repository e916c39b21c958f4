#!/bin/sh
# diag-flood.sh [KARPGEN] - time the printing of a flood of diagnostics: a tfvars
# with 50,000 duplicate attributes (`a = 1` ... 50,001 times) gives 50,000 KG108
# errors, 8.9 MB of text.  stderr goes to a file and to a pipe, in the text and the
# json formats; median of BENCH_RUNS runs (default 5) by bench/measure.c.
#
# Measured on the development machine (2 cores), medians of 5 runs:
#                       text to a file   text to a pipe   json to a file
#   before (unbuffered)       1,907 ms         1,984 ms         9,360 ms
#   after (64 KiB writes)       228 ms           205 ms         1,075 ms
# Before, diag_print() wrote to unbuffered stderr: 1.4 million write(2) calls for
# the text; after, about 2,200.  Peak memory is the same (35 MiB text, 160 MiB json).
set -eu
kg=${1:-./karpgen}
runs=${BENCH_RUNS:-5}
out=bench/out
mkdir -p "$out"
cc -O2 -o "$out/measure" bench/measure.c
awk 'BEGIN { for (i = 0; i <= 50000; i++) printf "a = %d\n", i }' >"$out/flood.tfvars"

row() {
	label=$1
	shift
	# shellcheck disable=SC2046
	set -- $("$out/measure" "$runs" "$@")
	printf '%-44s %8s ms %8s KiB\n' "$label" "$1" "$2"
}
echo "karpgen diagnostics flood ($(uname -m), median of $runs runs)"
row "text to a file" sh -c "'$kg' parse --json '$out/flood.tfvars' 2>'$out/flood.err' >/dev/null"
row "text to a pipe" sh -c "'$kg' parse --json '$out/flood.tfvars' 2>&1 >/dev/null | cat >/dev/null"
row "json to a file" sh -c "'$kg' parse --json --format json '$out/flood.tfvars' 2>'$out/flood.err' >/dev/null"
lines=$(wc -l <"$out/flood.err")
echo "(json: $lines lines)"
