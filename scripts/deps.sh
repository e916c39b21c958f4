#!/bin/sh
# deps.sh - make sure the build's libraries and tools are installed, then
# print the compiler and linker flags as make variables (build/config.mk).
#
# Each pkg-config module maps to the Debian package that provides it.  Run as
# root, missing packages are installed with apt-get; otherwise the exact
# command is printed and the build stops.
set -eu

pkgs="yaml-0.1:libyaml-dev libcyaml:libcyaml-dev jansson:libjansson-dev libpcre2-8:libpcre2-dev cmocka:libcmocka-dev"
# tools the test suite runs (command:package)
tools="pkg-config:pkg-config shellcheck:shellcheck valgrind:valgrind python3:python3 jq:jq bash:bash"

missing=""
command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"
for p in $pkgs; do
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
# shellcheck disable=SC2086
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ -n "${missing% }" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing$missing" >&2
		# shellcheck disable=SC2086
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing; } >&2
	else
		echo "deps: missing packages:$missing" >&2
		echo "deps: install them with: sudo apt-get install -y$missing" >&2
		exit 1
	fi
fi
mods=""
for p in $pkgs; do mods="$mods ${p%%:*}"; done
# shellcheck disable=SC2086
echo "PKG_CFLAGS = $(pkg-config --cflags $mods)"
# cmocka links only into the tests
# shellcheck disable=SC2086
echo "PKG_LIBS = $(pkg-config --libs yaml-0.1 libcyaml jansson libpcre2-8)"
echo "TEST_LIBS = $(pkg-config --libs cmocka)"
