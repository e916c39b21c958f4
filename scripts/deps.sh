#!/bin/sh
# deps.sh - make sure the build's libraries and tools are installed, then
# print the compiler and linker flags as make variables (build/config.mk).
#
# Each pkg-config module maps to the Debian package that provides it.  Run as
# root, missing packages are installed with apt-get; otherwise the exact
# command is printed and the build stops.
set -eu

# the libraries karpgen links (the build needs only these)
pkgs="yaml-0.1:libyaml-dev libcyaml:libcyaml-dev jansson:libjansson-dev libpcre2-8:libpcre2-dev"
# what `make check` needs besides: cmocka (the unit tests) and the tools the suites run (command:package)
test_pkgs="cmocka:libcmocka-dev"
tools="pkg-config:pkg-config shellcheck:shellcheck valgrind:valgrind python3:python3 jq:jq bash:bash git:git pre-commit:pre-commit"

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
command -v "${CC:-cc}" >/dev/null 2>&1 || missing="$missing build-essential"
command -v make >/dev/null 2>&1 || missing="$missing make"
[ "${KARPGEN_TEST_DEPS:-0}" = 1 ] && pkgs_needed="$pkgs $test_pkgs" || pkgs_needed=$pkgs
for p in $pkgs_needed; do
	mod=${p%%:*} deb=${p#*:}
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod"; then
		missing="$missing $deb"
	fi
done
if [ "${KARPGEN_TEST_DEPS:-0}" = 1 ]; then
	for t in $tools; do
		cmd=${t%%:*} deb=${t#*:}
		command -v "$cmd" >/dev/null 2>&1 || missing="$missing $deb"
	done
	python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$missing python3-jsonschema"
	python3 -c 'import yaml' >/dev/null 2>&1 || missing="$missing python3-yaml"  # make schemas, t-schemas-fresh.sh, tests/sim
fi
if [ "${KARPGEN_BENCH_DEPS:-0}" = 1 ]; then
	# the references the benchmark compares against
	command -v yamllint >/dev/null 2>&1 || missing="$missing yamllint"
	python3 -c 'import yaml' >/dev/null 2>&1 || missing="$missing python3-yaml"
fi
if [ "${KARPGEN_FUZZ_DEPS:-0}" = 1 ]; then
	command -v clang >/dev/null 2>&1 || missing="$missing clang"
	# libFuzzer and the sanitizer runtimes ship in libclang-rt-<version>-dev
	if command -v clang >/dev/null 2>&1; then
		v=$(clang -dumpversion | cut -d. -f1)
		ls /usr/lib/llvm-"$v"/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
			missing="$missing libclang-rt-$v-dev"
		# llvm-profdata and llvm-cov, for make fuzz-cov
		[ -x /usr/lib/llvm-"$v"/bin/llvm-cov ] || missing="$missing llvm-$v"
	else
		missing="$missing libclang-rt-dev"
	fi
fi
# one space between names, none before or after (the command below is printed to be pasted)
# shellcheck disable=SC2086
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')
missing=${missing% }
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing $missing" >&2
		# shellcheck disable=SC2086
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >&2
	else
		echo "deps: missing packages: $missing" >&2
		echo "deps: install them with: sudo apt-get update && sudo apt-get install -y $missing" >&2
		exit 1
	fi
fi
mods=""
for p in $pkgs; do mods="$mods ${p%%:*}"; done
# shellcheck disable=SC2086
echo "PKG_CFLAGS = $(pkg-config --cflags $mods)"
# shellcheck disable=SC2086
echo "PKG_LIBS = $(pkg-config --libs $mods)"
# cmocka links only into the tests, and is installed by `make check` (KARPGEN_TEST_DEPS)
echo "TEST_LIBS = $(pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)"
