# corpus.sh - sourced by the suites that read ../shared (the corpus of real inputs, the
# reference CRDs): what the absence of ../shared means.  A checkout alone has no ../shared,
# so outside CI such a suite says "skipped" and passes; under CI it fails, loudly: a skip
# there would hide every corpus check behind a green run.  CI is KARPGEN_CI (.ci/run
# exports it) or CI (set by the CI services), unless empty, "0" or "false".
# shellcheck shell=sh

under_ci() {
	for v in "${KARPGEN_CI:-}" "${CI:-}"; do
		case $v in '' | 0 | false | FALSE | False) ;; *) return 0 ;; esac
	done
	return 1
}

# shared_absent NAME PATH: the line a suite prints for a missing PATH; true (0) under CI,
# where the suite must count it as a failure, false (1) outside, where it is a skip
shared_absent() {
	if under_ci; then
		echo "FAIL $1: $2 is absent, and this is CI (KARPGEN_CI or CI is set): the corpus checks" \
			"did not run; put the shared corpus and reference at ../shared"
		return 0
	fi
	echo "$1: $2 is absent, skipped"
	return 1
}

# need_shared NAME PATH: returns when PATH exists; else ends the suite (a skip outside CI,
# a failure under it) with its summary line
need_shared() {
	[ -e "$2" ] && return 0
	if shared_absent "$1" "$2"; then
		echo "$1: 0 passed, 1 failed"
		exit 1
	fi
	echo "$1: 1 passed, 0 failed"
	exit 0
}
