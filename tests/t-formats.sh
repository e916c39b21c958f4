#!/bin/sh
# t-formats.sh - the machine formats of DESIGN.md section 1 on real diagnostics:
# SARIF validated against the SARIF 2.1.0 schema, JSON against the shape the brief
# gives, GitHub annotations by pattern; exit statuses 0/1/2/3.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=tests/formats

# conflicts between two tfvars (errors with notes) and a syntax error
"$KARPGEN" ir --format sarif $d/infra.tfvars $d/nodes.tfvars >/dev/null 2>"$tmp/conflict.sarif"
"$KARPGEN" parse --json --format sarif $d/bad.tf >"$tmp/bad.out" 2>"$tmp/bad.sarif"
"$KARPGEN" parse --json --format sarif $d/missing.tf 2>"$tmp/missing.sarif" >/dev/null
for f in conflict bad missing; do
	if python3 - "$tmp/$f.sarif" tests/data/sarif-2.1.0.json <<'PY'
import json, sys, jsonschema
doc = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
jsonschema.Draft7Validator(schema).validate(doc)
run = doc["runs"][0]
assert run["tool"]["driver"]["rules"], "rules missing"
assert run["results"], "no results"
for r in run["results"]:
    assert r["ruleId"].startswith("KG")
    assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
PY
	then ok; else bad "sarif $f does not validate"; fi
done

# a multi-file run for code scanning: relative URIs under %SRCROOT%, fingerprints, each rule's
# help page and description, notes as related locations, a result without a place attached to the input
"$KARPGEN" lint --format sarif $d/infra.tfvars $d/nodes.tfvars testdata/rules/KG304-nodeclass-ref/fires/manifest.yaml \
	>"$tmp/multi.sarif" 2>/dev/null
# shellcheck disable=SC2046
"$KARPGEN" lint --format sarif $(seq 10001) >"$tmp/noloc.sarif" 2>/dev/null
if python3 - "$tmp/multi.sarif" "$tmp/noloc.sarif" tests/data/sarif-2.1.0.json <<'PY'
import json, os, sys, jsonschema
schema = json.load(open(sys.argv[3]))
doc = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator(schema).validate(doc)
run = doc["runs"][0]
root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
assert root == "file://" + os.getcwd() + "/", root
files = set()
for r in run["results"]:
    art = r["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith("/"), art
    files.add(art["uri"])
    fp = r["partialFingerprints"]["karpgenFinding/v1"]
    assert len(fp) == 64, fp
    for rel in r.get("relatedLocations", []):
        assert rel["message"]["text"] and "physicalLocation" in rel, rel
assert files == {"tests/formats/infra.tfvars", "tests/formats/nodes.tfvars",
                 "testdata/rules/KG304-nodeclass-ref/fires/manifest.yaml"}, files
assert any(r.get("relatedLocations") for r in run["results"])
fps = [r["partialFingerprints"]["karpgenFinding/v1"] for r in run["results"]]
assert len(set(fps)) == len(fps), "fingerprints collide"
for rule in run["tool"]["driver"]["rules"]:
    assert rule["helpUri"].endswith("/docs/rules/%s.md" % rule["id"]), rule["helpUri"]
    assert rule["fullDescription"]["text"], rule["id"]
noloc = json.load(open(sys.argv[2]))
jsonschema.Draft7Validator(schema).validate(noloc)
r = noloc["runs"][0]["results"][0]
assert r["ruleId"] == "KG102" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "1", r
PY
then ok; else bad "multi-file sarif"; fi
# the fingerprints survive lines added above the findings
sed '1i # a comment\n# and another' testdata/rules/KG304-nodeclass-ref/fires/manifest.yaml >"$tmp/moved.yaml"
cp testdata/rules/KG304-nodeclass-ref/fires/manifest.yaml "$tmp/orig.yaml"
(cd "$tmp" && "$KARPGEN" validate --format sarif orig.yaml >a.sarif; mv moved.yaml orig.yaml &&
	"$KARPGEN" validate --format sarif orig.yaml >b.sarif)
if python3 - "$tmp/a.sarif" "$tmp/b.sarif" <<'PY'
import json, sys
a, b = (json.load(open(f))["runs"][0]["results"] for f in sys.argv[1:])
assert a and [r["partialFingerprints"] for r in a] == [r["partialFingerprints"] for r in b]
assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in a] == \
       [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in b]
PY
then ok; else bad "sarif fingerprints move with the lines"; fi

"$KARPGEN" parse --json --format json $d/bad.tf >/dev/null 2>"$tmp/bad.json"
if python3 - "$tmp/bad.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert set(doc) == {"diagnostics", "errors", "warnings"}, doc.keys()
assert doc["errors"] == 2 and doc["warnings"] == 0
keys = {"file", "line", "column", "end_line", "end_column", "severity", "rule", "name", "message", "notes"}
for d in doc["diagnostics"]:
    assert set(d) == keys, set(d) ^ keys
    assert d["severity"] in ("error", "warning", "note")
    assert isinstance(d["line"], int) and d["line"] >= 1
    for n in d["notes"]:
        assert set(n) == {"file", "line", "column", "message"}
d = doc["diagnostics"][0]
assert (d["file"], d["line"], d["column"], d["rule"], d["name"]) == ("tests/formats/bad.tf", 1, 4, "KG101", "syntax"), d
PY
then ok; else bad "json shape"; fi

"$KARPGEN" parse --json --format github $d/bad.tf >/dev/null 2>"$tmp/bad.gh"
if grep -q '^::error file=tests/formats/bad.tf,line=1,col=4,.*title=KG101 syntax::expected an expression' "$tmp/bad.gh" &&
	[ "$(grep -c '^::' "$tmp/bad.gh")" = 2 ]; then ok; else bad "github annotations"; cat "$tmp/bad.gh"; fi

# exit statuses: 0 clean, 1 errors, 2 unreadable input, 3 usage
"$KARPGEN" parse --json tests/formats/infra.tfvars >/dev/null 2>&1; s0=$?
"$KARPGEN" parse --json $d/bad.tf >/dev/null 2>&1; s1=$?
"$KARPGEN" parse --json $d/missing.tf >/dev/null 2>&1; s2=$?
"$KARPGEN" parse --json --format xml $d/bad.tf >/dev/null 2>&1; s3=$?
"$KARPGEN" frobnicate >/dev/null 2>&1; s4=$?
"$KARPGEN" lint >/dev/null 2>&1; s5=$?
if [ "$s0$s1$s2$s3$s4$s5" = 012333 ]; then ok; else bad "exit statuses $s0$s1$s2$s3$s4$s5, expected 012333"; fi

# colour: never without a terminal, always on request, NO_COLOR honoured for auto
"$KARPGEN" parse --json $d/bad.tf 2>"$tmp/plain" >/dev/null
"$KARPGEN" parse --json --color always $d/bad.tf 2>"$tmp/color" >/dev/null
NO_COLOR=1 "$KARPGEN" parse --json --color always $d/bad.tf 2>"$tmp/color2" >/dev/null
esc=$(printf '\033')
if ! grep -q "$esc" "$tmp/plain" && grep -q "$esc" "$tmp/color" && grep -q "$esc" "$tmp/color2"; then ok; else bad "colour"; fi

echo "formats: $pass passed, $fail failed"
[ "$fail" = 0 ]
