#!/bin/sh
# coverage.sh BIN... - source coverage of each fuzz target's inputs: BIN is a
# target built by `make fuzz-cov` (build/fuzzcov/fuzz_*); each runs once over
# what fuzz/run.sh would start from (its corpus in build/fuzz/corpus/TARGET,
# fuzz/seeds/TARGET, the golden-case bundles, testdata/ and ../shared/corpus),
# without mutating.  Prints one Markdown row a target and one for all of them
# together: the share of src/'s lines, functions and regions reached.  The
# per-file report of the union is left in build/fuzzcov/report.txt.
#
# FUZZ_LOGS is where fuzz/run.sh left its bundles (default build/fuzz).
set -eu
v=$(clang -dumpversion | cut -d. -f1)
llvm=/usr/lib/llvm-$v/bin
out=build/fuzzcov/prof
bundles=${FUZZ_LOGS:-build/fuzz}/bundles
rm -rf "$out"
mkdir -p "$out"
ignore='(fuzz/|/gen/|/usr/)'

# total PROFDATA BIN [-object BIN]...: "lines functions regions" percentages of src/
total() {
	prof=$1
	shift
	"$llvm"/llvm-cov report "$@" -instr-profile="$prof" -ignore-filename-regex="$ignore" |
		awk '$1 == "TOTAL" { print $10, $7, $4 }'
}

echo "| target | inputs run | lines | functions | regions |"
echo "|---|---|---|---|---|"
objs=""
for bin in "$@"; do
	name=$(basename "$bin")
	dirs=""
	for d in build/fuzz/corpus/"$name" fuzz/seeds/"$name" "$bundles" testdata ../shared/corpus; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	LLVM_PROFILE_FILE="$out/$name-%p.profraw" "$bin" -runs=0 -max_len=65536 -timeout=10 -artifact_prefix="$out/" \
		$dirs >"$out/$name.log" 2>&1 || {
		echo "coverage: $name failed on its own corpus (see $out/$name.log)" >&2
		exit 1
	}
	n=$(sed -n 's/^#\([0-9]*\).*INITED.*/\1/p' "$out/$name.log" | tail -n 1)
	"$llvm"/llvm-profdata merge -sparse -o "$out/$name.profdata" "$out/$name"-*.profraw
	total "$out/$name.profdata" "$bin" |
		awk -v t="$name" -v n="${n:-?}" '{ printf "| `%s` | %s | %s | %s | %s |\n", t, n, $1, $2, $3 }'
	if [ -z "$objs" ]; then objs="$bin"; else objs="$objs -object $bin"; fi
done
"$llvm"/llvm-profdata merge -sparse -o "$out/all.profdata" "$out"/*.profraw
# shellcheck disable=SC2086
total "$out/all.profdata" $objs | awk '{ printf "| all together | | %s | %s | %s |\n", $1, $2, $3 }'
# shellcheck disable=SC2086
"$llvm"/llvm-cov report $objs -instr-profile="$out/all.profdata" -ignore-filename-regex="$ignore" \
	>build/fuzzcov/report.txt
