#!/bin/sh
# t-gen-schemas.sh - scripts/gen-schemas.py on a small made-up reference
# (testdata/gen-schemas/): the schema and CEL table it writes, and that it stops
# on what it does not understand (a rule of no known shape, a rule without a
# binding, a binding no rule uses, an unknown schema keyword).  Needs python3-yaml.
set -u
d=testdata/gen-schemas
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen() { # REFDIR BINDINGS -> $tmp/out, $tmp/cel.def, $tmp/err
	rm -rf "$tmp/out" "$tmp/cel.def"
	python3 scripts/gen-schemas.py --versions "$d/versions.def" --bindings "$2" "$1" "$tmp/out" \
		"$tmp/cel.def" 2>"$tmp/err"
}
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; cat "$tmp/err"; }

if gen "$d/ref" "$d/bindings.tsv" && diff -u "$d/expected/widget.v1.json" "$tmp/out/9.9.9/widget.v1.json" &&
	diff -u "$d/expected/cel_rules.def" "$tmp/cel.def"; then ok; else bad "expected output"; fi

# mutate the reference: each case must stop the generator with its message
mutate() { # NAME SED-EXPR EXPECTED-MESSAGE [BINDINGS]
	rm -rf "$tmp/ref"
	mkdir -p "$tmp/ref/v9.9.9"
	sed "$2" "$d/ref/v9.9.9/karpenter.sh_widgets.yaml" > "$tmp/ref/v9.9.9/karpenter.sh_widgets.yaml"
	if gen "$tmp/ref" "${4:-$d/bindings.tsv}"; then
		bad "$1: the generator accepted it"
	elif grep -q "$3" "$tmp/err"; then
		ok
	else
		bad "$1: expected '$3'"
	fi
}
mutate unknown-shape "s/rule: self != ''/rule: self.size() > 3/" "no check of src/cel.c has this shape"
mutate unbound-message "s/message: role cannot be empty/message: role is required/" "no line in cel-bindings.tsv"
mutate unknown-keyword "s/description: dropped/x-made-up: 1/" "unknown keyword 'x-made-up'"
printf 'a message no rule has\t-\tKG301\tfix\n' | cat "$d/bindings.tsv" - > "$tmp/extra.tsv"
mutate unused-binding "s/^#.*//" "no rule of any version uses" "$tmp/extra.tsv"

echo "gen-schemas: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
