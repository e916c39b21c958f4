#!/bin/sh
# t-loaders-corpus.sh - every real-world JSON file of ../shared/corpus loads
# without a diagnostic; every YAML file either loads cleanly or, when it is
# a template (${VAR}, Helm), gets a clean KG101/KG111 - never a crash.
# Skips (counted as passed) when the corpus is absent.  Env: BUILD.
set -u
: "${BUILD:?}"
lt=$BUILD/tests/loadtool
corpus=../shared/corpus
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
need_shared loaders-corpus "$corpus"
pass=0 fail=0 templates=0
err=$(mktemp)
list=$(mktemp)
trap 'rm -f "$err" "$list"' EXIT
find "$corpus" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) | sort >"$list"
while IFS= read -r f; do
	case $f in *.json) mode=json ;; *) mode=yaml ;; esac
	"$lt" "$mode" "$f" >/dev/null 2>"$err"
	rc=$?
	rules=$(grep -o '\[KG[0-9]*' "$err" | sort -u | tr -d '[' | tr '\n' ' ')
	if [ "$rc" = 0 ] && [ -z "$rules" ]; then
		pass=$((pass + 1))
	elif [ "$mode" = yaml ] && [ "$rc" = 1 ] && { [ "$rules" = "KG111 " ] || [ "$rules" = "KG101 " ]; } &&
	    grep -q -e '[$]{' -e '{{' "$f"; then
		pass=$((pass + 1))
		templates=$((templates + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $f: status $rc, diagnostics: ${rules:-none}"
		head -n 8 "$err"
	fi
done <"$list"
echo "($templates template files gave KG101/KG111)"
echo "loaders-corpus: $pass passed, $fail failed"
[ "$fail" = 0 ]
