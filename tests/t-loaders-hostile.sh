#!/bin/sh
# t-loaders-hostile.sh - hostile input through the JSON and YAML loaders (by
# tests/loadtool, until a command reads them): each case must end in the
# expected diagnostic and exit status, within a time limit and, outside
# sanitizer builds, a memory limit - never a crash or a hang.
# Env: BUILD (the build directory holding tests/loadtool).
set -u
: "${BUILD:?}"
lt=$BUILD/tests/loadtool
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Sanitizers reserve and use memory of their own: only time is checked there.
case $BUILD in */san) check_mem=0 ;; *) check_mem=1 ;; esac

# run NAME MODE FILE STATUS RULE MAX_SECONDS MAX_MIB [TEXT]
# STATUS is the exit status wanted; RULE a rule id the output must hold ("-": no
# diagnostic at all); TEXT, if given, a string the diagnostics must hold.
run() {
	name=$1 mode=$2 file=$3 want=$4 rule=$5 secs=$6 mib=$7 text=${8:-}
	timeout "$secs" "$lt" -m "$mode" "$file" >"$tmp/out" 2>"$tmp/err"
	got=$?
	why=""
	if [ "$got" = 124 ]; then
		why="no result within ${secs}s"
	elif [ "$got" -ge 128 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		why="crashed (status $got)"
	elif [ "$got" != "$want" ]; then
		why="exit status $got, want $want"
	elif [ "$rule" = - ] && grep -q '\[KG' "$tmp/err"; then
		why="unexpected diagnostic"
	elif [ "$rule" != - ] && ! grep -q "\\[$rule " "$tmp/err"; then
		why="no $rule diagnostic"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
		why="no '$text' in the diagnostics"
	elif [ "$check_mem" = 1 ]; then
		kib=$(sed -n 's/^loadtool: peak RSS \([0-9]*\) KiB$/\1/p' "$tmp/err")
		if [ -z "$kib" ] || [ "$kib" -gt $((mib * 1024)) ]; then
			why="peak RSS ${kib:-?} KiB over $mib MiB"
		fi
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok - $name"
	else
		fail=$((fail + 1))
		echo "FAIL - $name: $why"
		head -n 12 "$tmp/err"
	fi
}

rep() { # rep N TEXT: TEXT N times, no separator
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}
fill() { # fill N CHAR: N bytes of CHAR, fast
	head -c "$1" /dev/zero | tr '\0' "$2"
}

# -- deep nesting: 200,000 levels, stopped at LIMIT_DEPTH without recursion
rep 200000 '[' >"$tmp/deep.json"
run "json: 200,000 '['" json "$tmp/deep.json" 2 KG102 10 64 "1:257: error: nesting deeper than 256 levels"
rep 100000 '{"a":' >"$tmp/deepobj.json"
run "json: 100,000 nested objects" json "$tmp/deepobj.json" 2 KG102 10 64 "nesting deeper"
cp "$tmp/deep.json" "$tmp/deep.yaml"
run "yaml: 200,000 '['" yaml "$tmp/deep.yaml" 2 KG102 10 64 "1:257: error: nesting deeper than 256 levels"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "%*s- \n", i * 2, "" }' >"$tmp/deepblock.yaml"
run "yaml: 300 nested block sequences" yaml "$tmp/deepblock.yaml" 2 KG102 10 64 "nesting deeper"
rep 100000 '- ' >"$tmp/deepdash.yaml"
run "yaml: 100,000 '- ' on one line" yaml "$tmp/deepdash.yaml" 2 KG102 10 64 "nesting deeper"

# -- alias bombs: rejected fast, memory bounded
{
	printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
	prev=a
	for l in b c d e f g h i j k l m; do
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' "$l" "$l" \
		    "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev"
		prev=$l
	done
} >"$tmp/laughs.yaml"
run "yaml: billion laughs" yaml "$tmp/laughs.yaml" 2 KG102 5 64 "aliases expand to more than 1000000 nodes"
awk 'BEGIN { print "- &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"; for (i = 0; i < 200000; i++) print "- *a" }' >"$tmp/wide-alias.yaml"
run "yaml: 200,000 aliases of a list" yaml "$tmp/wide-alias.yaml" 2 KG102 10 128 "aliases expand"

# -- truncated files
printf '{"kind": "NodeGroup", "nodegroup": {"nodegroupName": "a", "scalingConfig": {"minSize": 1' >"$tmp/trunc.json"
run "json: truncated object" json "$tmp/trunc.json" 1 KG101 5 64 "unexpected end of input"
printf '{"a": "unterminat' >"$tmp/trunc2.json"
run "json: truncated string" json "$tmp/trunc2.json" 1 KG101 5 64 "unterminated string"
printf 'apiVersion: karpenter.sh/v1\nkind: NodePool\nspec:\n  template:\n    spec:\n      requirements:\n        - key: "karpenter.sh/capa' >"$tmp/trunc.yaml"
run "yaml: truncated quoted scalar" yaml "$tmp/trunc.yaml" 1 KG101 5 64 "found unexpected end of stream"
printf 'a: [1, 2,\n  3' >"$tmp/trunc2.yaml"
run "yaml: truncated flow sequence" yaml "$tmp/trunc2.yaml" 1 KG101 5 64 "did not find expected"
printf 'a: caf\303' >"$tmp/trunc3.yaml"
run "yaml: truncated in a UTF-8 sequence" yaml "$tmp/trunc3.yaml" 1 KG103 5 64 "1:7: error: invalid UTF-8"

# -- duplicate keys
printf '{\n  "a": 1,\n  "a": 2\n}\n' >"$tmp/dup.json"
run "json: duplicate key" json "$tmp/dup.json" 1 KG108 5 64 "3:3: error: duplicate key 'a'"
printf 'metadata:\n  name: a\n  name: b\n' >"$tmp/dup.yaml"
run "yaml: duplicate key" yaml "$tmp/dup.yaml" 1 KG108 5 64 "3:3: error: duplicate key 'name'"
{
	printf '{'
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "\"k%d\": %d, ", i, i }'
	printf '"k5": 0}\n'
} >"$tmp/dupbig.json"
run "json: duplicate key in 100,000 members" json "$tmp/dupbig.json" 1 KG108 10 128 "duplicate key 'k5'"
{ printf '{'; rep 200000 '"a": 1, '; printf '"a": 2}\n'; } >"$tmp/dupflood.json"
run "json: 200,000 duplicates of one key on one line" json "$tmp/dupflood.json" 1 KG108 10 128 "199900 more duplicate keys"
rep 100000 '---\na: 1\na: 2\n' >"$tmp/dupflood.yaml"
run "yaml: 100,000 documents with a duplicate key" yaml "$tmp/dupflood.yaml" 1 KG108 10 256 "99900 more duplicate keys"
{ printf '['; rep 200000 '!!int a, '; printf '1]\n'; } >"$tmp/tagflood.yaml"
run "yaml: 200,000 bad !!int on one line" yaml "$tmp/tagflood.yaml" 1 KG106 10 128 "199900 more values that do not fit their tags"

# -- huge numbers
printf '[1e400, -1e400, 1e-400, 99999999999999999999999, %s]\n' "$(fill 100000 9)" >"$tmp/num.json"
run "json: huge numbers" json "$tmp/num.json" 0 - 5 64
printf 'a: 1e400\nb: %s\nc: 0x%s\n' "$(fill 100000 9)" "$(fill 1000 F)" >"$tmp/num.yaml"
run "yaml: huge numbers" yaml "$tmp/num.yaml" 0 - 5 64

# -- tabs in YAML indentation
printf 'spec:\n\tamiFamily: AL2023\n' >"$tmp/tab.yaml"
run "yaml: tab indentation" yaml "$tmp/tab.yaml" 1 KG101 5 64 "YAML does not allow tabs"

# -- many documents
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "---\nkind: NodePool\nmetadata:\n  name: p%d\n", i }' >"$tmp/docs.yaml"
run "yaml: 20,000 documents" yaml "$tmp/docs.yaml" 0 - 10 128
rep 100001 '--- a\n' >"$tmp/toomany.yaml"
run "yaml: 100,001 documents" yaml "$tmp/toomany.yaml" 2 KG102 10 256 "more than 100000 documents"

# -- NUL bytes and invalid UTF-8
printf '{"a": "x\000y"}' >"$tmp/nul.json"
run "json: NUL byte" json "$tmp/nul.json" 1 KG103 5 64 "1:9: error: NUL byte"
printf 'a: 1\nb: x\000\n' >"$tmp/nul.yaml"
run "yaml: NUL byte" yaml "$tmp/nul.yaml" 1 KG103 5 64 "2:5: error: NUL byte"
printf '{"a": "\377"}' >"$tmp/utf8.json"
run "json: invalid UTF-8" json "$tmp/utf8.json" 1 KG103 5 64 "1:8: error: invalid UTF-8 byte 0xFF"
printf 'a: \355\240\200\n' >"$tmp/utf8.yaml"
run "yaml: UTF-8 encoded surrogate" yaml "$tmp/utf8.yaml" 1 KG103 5 64 "1:4: error: invalid UTF-8"
printf '\377\376{\000}\000' >"$tmp/utf16.json"
run "json: UTF-16" json "$tmp/utf16.json" 1 KG103 5 64 "UTF-16"
printf 'a: 1\nb: \001\n' >"$tmp/ctl.yaml"
run "yaml: control character" yaml "$tmp/ctl.yaml" 1 KG103 5 64 "control character U+0001"

# -- a 20 MB line
{ printf '["'; fill 20000000 a; printf '"]\n'; } >"$tmp/line.json"
run "json: 20 MB line" json "$tmp/line.json" 0 - 20 192
{ printf 'a: '; fill 20000000 a; printf '\n'; } >"$tmp/line.yaml"
run "yaml: 20 MB line" yaml "$tmp/line.yaml" 0 - 20 192
{ printf '{"a": "'; fill 20000000 a; printf '\n'; } >"$tmp/line-bad.json"
run "json: 20 MB unterminated string" json "$tmp/line-bad.json" 1 KG101 20 192 "unterminated string"
{ printf '['; fill 10000000 1 | sed 's/1/1,/g'; printf '1]\n'; } >"$tmp/many.json"
run "json: 20 MB line of 10,000,000 numbers" json "$tmp/many.json" 2 KG102 20 400 "more than 2097152 values in one file"
cp "$tmp/many.json" "$tmp/many.yaml"
run "yaml: 20 MB line of 10,000,000 numbers" yaml "$tmp/many.yaml" 2 KG102 20 400 "more than 2097152 values in one file"
{ printf '['; awk 'BEGIN { for (i = 0; i < 200000; i++) printf "\"\303\251\", " }'; printf 'tru]\n'; } >"$tmp/wide.json"
run "json: error at the end of a 1.2 MB line" json "$tmp/wide.json" 1 KG101 10 128 "1:1000002: error: invalid literal 'tru'"

# -- templates: not YAML until rendered
printf 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.limits }}\n' >"$tmp/helm.yaml"
run "yaml: Helm template" yaml "$tmp/helm.yaml" 1 KG111 5 64 "not YAML until its templates are rendered"

{ printf 'a: "'; fill 10000000 '{'; printf '"\nb: [\n'; } >"$tmp/braces.yaml"
run "yaml: 10 MB of quoted '{' before an error" yaml "$tmp/braces.yaml" 1 KG101 10 128 "3:1: error: did not find expected node content"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "k%d: &a%d v\n", i, i;
	for (i = 0; i < 50000; i++) printf "---\nx: &b 1\ny: *b\n" }' >"$tmp/anchors.yaml"
run "yaml: 200,000 anchors, then 50,000 documents with one" yaml "$tmp/anchors.yaml" 0 - 10 256

echo "loaders-hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
