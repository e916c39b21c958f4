#!/bin/sh
# shellcheck disable=SC2015  # ok/bad: ok never fails
# t-packaging.sh - what a platform team installs: make install/uninstall (nothing
# left behind), a reproducible make dist, scripts/deps.sh's command for a user
# without root, the command line's help, "did you mean", --fail-on and colour
# rules, the completions, and the Docker image where a Docker daemon answers.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# install then uninstall into a DESTDIR: every file with its mode, then nothing but directories
if make -s install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/install.log" 2>&1; then
	modes=$(cd "$tmp/root" && find . -type f -exec stat -c '%a %n' {} + | sort)
	want="644 ./usr/share/bash-completion/completions/karpgen
644 ./usr/share/man/man1/karpgen.1
644 ./usr/share/zsh/site-functions/_karpgen
755 ./usr/bin/karpgen"
	if [ "$modes" = "$want" ]; then ok; else bad "installed files: $modes"; fi
	"$tmp/root/usr/bin/karpgen" --version | grep -q "^karpgen $(cat VERSION) " && ok || bad "installed --version"
	make -s uninstall DESTDIR="$tmp/root" PREFIX=/usr >>"$tmp/install.log" 2>&1
	left=$(find "$tmp/root" ! -type d)
	if [ -z "$left" ]; then ok; else bad "uninstall left: $left"; fi
else
	bad "make install"; cat "$tmp/install.log"
fi

# make dist twice: the same bytes (only from a git checkout)
if git rev-parse --git-dir >/dev/null 2>&1; then
	v=$(cat VERSION)
	make -s dist >/dev/null 2>&1 && s1=$(cat "build/karpgen-$v.tar.gz.sha256")
	touch Makefile
	make -s dist >/dev/null 2>&1 && s2=$(cat "build/karpgen-$v.tar.gz.sha256")
	if [ -n "${s1:-}" ] && [ "$s1" = "${s2:-}" ] && (cd build && sha256sum -c --quiet "karpgen-$v.tar.gz.sha256"); then
		ok
	else bad "make dist not reproducible: ${s1:-} / ${s2:-}"; fi
	tar -tzf "build/karpgen-$v.tar.gz" | grep -qx "karpgen-$v/LICENSE" && ok || bad "dist has no LICENSE"
else
	echo "packaging: not a git checkout, make dist not tested"
fi

# deps.sh without root and without the libraries: one pasteable command
mkdir -p "$tmp/stub"
printf '#!/bin/sh\nexit 1\n' >"$tmp/stub/pkg-config"
printf '#!/bin/sh\necho 1000\n' >"$tmp/stub/id"
chmod +x "$tmp/stub/pkg-config" "$tmp/stub/id"
PATH="$tmp/stub:$PATH" sh scripts/deps.sh >/dev/null 2>"$tmp/deps.err"; s=$?
line=$(grep 'install them with' "$tmp/deps.err")
if [ "$s" = 1 ] && [ "$line" = "deps: install them with: sudo apt-get update && sudo apt-get install -y libcyaml-dev libjansson-dev libpcre2-dev libyaml-dev" ]; then
	ok
else bad "deps.sh without root: status $s, '$line'"; fi
# cmocka is asked for by the tests only
PATH="$tmp/stub:$PATH" KARPGEN_TEST_DEPS=1 sh scripts/deps.sh >/dev/null 2>"$tmp/deps2.err"
grep -q 'libcmocka-dev' "$tmp/deps2.err" && ! grep -q cmocka "$tmp/deps.err" && ok || bad "cmocka outside the tests"

# the README's pre-commit snippet and Action name the tag `make release` makes from VERSION (v$(cat
# VERSION)), so they cannot drift apart; the hook ids it names are the repository's hooks
tag=v$(cat VERSION)
revs=$(sed -n 's/^ *rev: *\([^ #]*\).*/\1/p' README.md | sort -u)
[ "$revs" = "$tag" ] && ok || bad "README pre-commit rev: '$revs', VERSION's tag is $tag"
uses=$(sed -n 's|.*uses: [^ ]*/karpgen@\([^ #]*\).*|\1|p' README.md | sort -u)
[ -z "$uses" ] || [ "$uses" = "$tag" ] && ok || bad "README Action version: '$uses', VERSION's tag is $tag"
make -n release 2>/dev/null | grep -q "^git tag -a $tag " && ok || bad "make release does not tag $tag"
sed -n 's/^ *- id: \(karpgen[a-z-]*\).*/\1/p' README.md | sort -u >"$tmp/ids"
while read -r id; do
	grep -q "^- id: $id\$" .pre-commit-hooks.yaml && ok || bad "README names hook '$id', .pre-commit-hooks.yaml has none"
done <"$tmp/ids"

# help CMD, did you mean, --fail-on, TERM=dumb
"$KARPGEN" help validate | grep -q '^usage: karpgen validate' && ok || bad "karpgen help validate"
"$KARPGEN" lnit x.tfvars 2>"$tmp/dym"; s=$?
[ "$s" = 3 ] && grep -q "did you mean 'lint'" "$tmp/dym" && ok || bad "did you mean: $s $(cat "$tmp/dym")"
"$KARPGEN" frobnicate 2>"$tmp/dym2"; grep -q "did you mean" "$tmp/dym2" && bad "did you mean for a far name" || ok
"$KARPGEN" lint examples/domino/infra.tfvars examples/domino/cluster.tfvars >/dev/null 2>&1; s1=$?
"$KARPGEN" lint --fail-on note examples/domino/infra.tfvars examples/domino/cluster.tfvars >/dev/null 2>&1; s2=$?
"$KARPGEN" lint --fail-on bogus examples/domino/infra.tfvars >/dev/null 2>&1; s3=$?
[ "$s1$s2$s3" = 013 ] && ok || bad "--fail-on statuses $s1$s2$s3, expected 013"
if command -v script >/dev/null 2>&1; then
	# on a terminal: colour by default, none with TERM=dumb
	TERM=xterm script -qec "$KARPGEN lint examples/domino/infra.tfvars examples/domino/cluster.tfvars" /dev/null >"$tmp/tty1" 2>&1
	TERM=dumb script -qec "$KARPGEN lint examples/domino/infra.tfvars examples/domino/cluster.tfvars" /dev/null >"$tmp/tty2" 2>&1
	esc=$(printf '\033')
	grep -q "$esc\[" "$tmp/tty1" && ! grep -q "$esc\[" "$tmp/tty2" && ok || bad "TERM=dumb"
fi

# the bash completion offers the commands and a command's options
if command -v bash >/dev/null 2>&1; then
	got=$(PATH="$(dirname "$KARPGEN"):$PATH" bash -c '. completions/karpgen.bash
		COMP_WORDS=(karpgen val); COMP_CWORD=1; _karpgen; printf "%s " "${COMPREPLY[@]}"
		COMP_WORDS=(karpgen lint --fail); COMP_CWORD=2; _karpgen; printf "%s " "${COMPREPLY[@]}"')
	[ "$got" = "validate --fail-on " ] && ok || bad "bash completion: '$got'"
fi

# the Docker image: builds, runs validate on a mounted directory as a non-root user
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
	if docker build -q -t karpgen-test . >"$tmp/docker.log" 2>&1; then
		mkdir -p "$tmp/mnt"
		cp testdata/rules/KG304-nodeclass-ref/pass/*.yaml "$tmp/mnt/" 2>/dev/null
		docker run --rm -v "$tmp/mnt:/work:ro" karpgen-test validate /work >"$tmp/docker.out" 2>&1 && ok ||
			bad "docker run validate: $(cat "$tmp/docker.out")"
		[ "$(docker run --rm --entrypoint id karpgen-test -u)" != 0 ] && ok || bad "docker image runs as root"
		docker rmi -f karpgen-test >/dev/null 2>&1
	else
		bad "docker build"; tail -20 "$tmp/docker.log"
	fi
else
	echo "packaging: no Docker daemon here, the Docker image is not tested"
fi

echo "packaging: $pass passed, $fail failed"
[ "$fail" = 0 ]
