#!/bin/sh
# t-hcl-hostile.sh - hostile HCL generated at run time: deep nesting, 20 MB lines,
# unterminated constructs, NUL bytes, invalid UTF-8, a binary file, an empty file.
# Each must end in the expected exit status (never a signal: nothing >= 128) within
# a time bound, with a located diagnostic (FILE:LINE:COL: error: ... [RULE]).
# Env: KARPGEN.
# HCL text below is written with its literal ${...} sequences.
# shellcheck disable=SC2016
set -u
: "${KARPGEN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
limit=${HOSTILE_SECONDS:-20}
tmo=""
command -v timeout >/dev/null 2>&1 && tmo="timeout $limit"

# repeat N TEXT: TEXT N times, no newline
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# bytes N: N bytes of 'x' without a newline, fast
bytes() {
	dd if=/dev/zero bs=1000000 count="$1" 2>/dev/null | tr '\0' x
}

# check NAME STATUS RULE: run karpgen on $tmp/NAME.tf; STATUS is the exit status
# wanted; RULE the rule id the located diagnostic must carry ('-': none, and
# stdout must be valid output instead).
check() {
	name=$1 want=$2 rule=$3
	f=$tmp/$name.tf
	# shellcheck disable=SC2086
	(cd "$tmp" && exec $tmo "$KARPGEN" parse --json "$name.tf" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	ok=1
	if [ "$rc" -ge 124 ]; then
		echo "FAIL $name: exit status $rc (crash, signal or timeout after ${limit}s)"
		ok=0
	elif [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"
		ok=0
	elif [ "$rule" != - ] && ! grep -Eq "^$name\\.tf:[0-9]+:[0-9]+: error: .*\\[$rule " "$tmp/err"; then
		echo "FAIL $name: no located $rule diagnostic"
		ok=0
	fi
	if [ $ok = 0 ]; then
		head -c 2000 "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	rm -f "$f"
}

# --- nesting: 200,000 levels of each kind end in KG102 (exit 2), not a stack overflow
{ printf 'a = '; repeat 200000 '['; } >"$tmp/deep-tuple.tf"
check deep-tuple 2 KG102
{ printf 'a = '; repeat 200000 '{x='; } >"$tmp/deep-object.tf"
check deep-object 2 KG102
{ printf 'a = '; repeat 200000 '('; } >"$tmp/deep-paren.tf"
check deep-paren 2 KG102
{ printf 'a = '; repeat 200000 'f('; } >"$tmp/deep-call.tf"
check deep-call 2 KG102
{ printf 'a = '; repeat 200000 '"${'; } >"$tmp/deep-template.tf"
check deep-template 2 KG102
{ printf 'a = "'; repeat 200000 '%{if x}'; } >"$tmp/deep-directive.tf"
check deep-directive 2 KG102
{ printf 'a = '; repeat 200000 '-'; printf '1\n'; } >"$tmp/deep-unary.tf"
check deep-unary 2 KG102
{ printf 'a = '; repeat 200000 'x ? y : '; printf 'z\n'; } >"$tmp/deep-conditional.tf"
check deep-conditional 2 KG102
repeat 200000 'b {
' >"$tmp/deep-block.tf"
check deep-block 2 KG102
{ printf 'b '; repeat 200000 'l '; printf '{}\n'; } >"$tmp/deep-labels.tf"
check deep-labels 2 KG102
{ printf 'a = x'; repeat 200000 '[0]'; printf '\n'; } >"$tmp/long-traversal.tf"
check long-traversal 0 -

# --- 20 MB lines parse in linear time
{ printf 'a = "'; bytes 20; printf '"\n'; } >"$tmp/long-string.tf"
check long-string 0 -
{ printf '# '; bytes 20; printf '\na = 1\n'; } >"$tmp/long-comment.tf"
check long-comment 0 -
{ printf 'a = '; bytes 10 | sed 's/x/x+/g'; printf 'x\n'; } >"$tmp/long-expression.tf"
check long-expression 0 -
{ printf 'a = "'; repeat 100000 '${x}'; bytes 19; printf '"\n'; } >"$tmp/long-template.tf"
check long-template 0 -
{ printf 'a = 1 '; bytes 20; printf '\n'; } >"$tmp/long-junk.tf"
check long-junk 1 KG101

# --- nested templates that copy a large text outward, level by level: KG102, not quadratic memory
# (120 levels: each is a template and an interpolation, 240 of the 256 allowed)
{ printf 'a = '; repeat 120 '"a${'; printf '"'; bytes 1; printf '"'; repeat 120 '}"'; printf '\n'; } \
	>"$tmp/template-expansion.tf"
check template-expansion 2 KG102
if ! grep -q "templates expand to more than" "$tmp/err"; then
	echo "FAIL template-expansion: not stopped by the template expansion bound"
	fail=$((fail + 1))
fi

# --- more values than LIMIT_VALUES (1 << 21): KG102, bounded memory
{ printf 'a = ['; repeat 2200000 '1,'; printf ']\n'; } >"$tmp/many-values.tf"
check many-values 2 KG102

# --- unterminated constructs
printf 'a = "abc\nb = 1\n' >"$tmp/open-string.tf"
check open-string 1 KG101
printf 'a = "abc' >"$tmp/open-string-eof.tf"
check open-string-eof 1 KG101
printf 'a = <<EOT\nabc\n' >"$tmp/open-heredoc.tf"
check open-heredoc 1 KG101
printf 'a = <<-EOT\n  abc ${x\n' >"$tmp/open-heredoc-interp.tf"
check open-heredoc-interp 1 KG101
printf 'a = "x${y\nb = 1\n' >"$tmp/open-interp.tf"
check open-interp 1 KG101
printf 'a = "%%{if x}y"\n' >"$tmp/open-directive.tf"
check open-directive 1 KG101
printf 'a = "%%{for x in y}' >"$tmp/open-directive-eof.tf"
check open-directive-eof 1 KG101
printf 'a = 1\n/* never closed\nb = 2\n' >"$tmp/open-comment.tf"
check open-comment 1 KG101
printf 'b {\n  a = [1, {\n' >"$tmp/open-brackets.tf"
check open-brackets 1 KG101
printf 'a = f(1,' >"$tmp/open-call.tf"
check open-call 1 KG101

# --- encoding
printf 'a = "x\000y"\n' >"$tmp/nul.tf"
check nul 1 KG103
printf 'a = 1\nb = "\377"\n' >"$tmp/bad-utf8.tf"
check bad-utf8 1 KG103
printf 'a = "\355\240\200"\n' >"$tmp/surrogate.tf"
check surrogate 1 KG103
printf 'a = "\340\200\200"\n' >"$tmp/overlong.tf"
check overlong 1 KG103
printf 'a = "\303' >"$tmp/truncated-utf8.tf"
check truncated-utf8 1 KG103
printf '\357\273\277a = 1\n' >"$tmp/bom.tf"
check bom 1 KG103
cp "$KARPGEN" "$tmp/binary.tf"
check binary 1 KG103
awk 'BEGIN { for (i = 1; i < 2000; i++) printf "%c", 32 + (i * 7919) % 95 }' >"$tmp/ascii-noise.tf"
check ascii-noise 1 KG101

# --- a truncated real file and an empty one
printf 'locals {\n  groups = {\n    a = { instance_types = ["m5.large"], min = 1 }\n    b = { instance_t' \
	>"$tmp/truncated.tf"
check truncated 1 KG101
: >"$tmp/empty.tf"
(cd "$tmp" && "$KARPGEN" parse --json empty.tf >"$tmp/out" 2>/dev/null)
if [ "$(cat "$tmp/out")" = "{}" ]; then
	pass=$((pass + 1))
else
	echo "FAIL empty: expected {}, got: $(head -c 200 "$tmp/out")"
	fail=$((fail + 1))
fi

echo "hcl-hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
