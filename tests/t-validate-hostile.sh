#!/bin/sh
# t-validate-hostile.sh - validate at scale and at its limits, inputs too big to keep
# as golden cases (testdata/validate-hostile/ has the small hostile ones): 20,000
# documents in one file with a fault in the last one, reported at its line; more files
# than LIMIT_INPUTS in a directory (KG102, exit 2); a directory with no YAML at all.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
# 10,001 files: on tmpfs when there is one, where creating them takes no time
base=${TMPDIR:-/tmp}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then base=/dev/shm; fi
tmp=$(mktemp -d "$base/karpgen-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# 20,000 documents, then one more with an unsupported operator
sh bench/gen-manifests.sh 20000 >"$tmp/many.yaml"
lines=$(wc -l <"$tmp/many.yaml")
cat >>"$tmp/many.yaml" <<'EOF'
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: last
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: class-2}
      requirements:
        - {key: kubernetes.io/arch, operator: Inn, values: [amd64]}
EOF
"$KARPGEN" validate --format github "$tmp/many.yaml" >"$tmp/out" 2>&1
status=$?
want=$((lines + 11))
if [ "$status" = 1 ] && [ "$(grep -c '^::error' "$tmp/out")" = 1 ] &&
	grep -q "^::error file=$tmp/many.yaml,line=$want,.*operator: unsupported value 'Inn'" "$tmp/out"; then
	ok
else
	bad "20,001 documents: status $status, expected one KG301 at line $want"
	head -n 5 "$tmp/out"
fi
"$KARPGEN" validate "$tmp/many.yaml" 2>"$tmp/err" >/dev/null
if grep -q '^validated 20001 documents (10001 NodePool, 10000 EC2NodeClass) in 1 file, skipped 0' "$tmp/err"; then
	ok
else
	bad "20,001 documents: summary line: $(tail -n 1 "$tmp/err")"
fi

# more files than LIMIT_INPUTS (10,000): KG102, exit 2, and no crash
mkdir "$tmp/many-files"
(cd "$tmp/many-files" && seq -f 'f%05g.yaml' 1 10001 | xargs touch)
"$KARPGEN" validate -q "$tmp/many-files" >"$tmp/out" 2>&1
status=$?
if [ "$status" = 2 ] && grep -q 'more than 10000 input files.*KG102' "$tmp/out"; then
	ok
else
	bad "10,001 files: status $status, expected 2 and KG102"
	head -n 3 "$tmp/out"
fi

# a directory without YAML validates nothing, and says so
mkdir "$tmp/empty"
echo 'not yaml' >"$tmp/empty/README.md"
"$KARPGEN" validate "$tmp/empty" >"$tmp/out" 2>&1
status=$?
if [ "$status" = 0 ] && grep -q '^validated 0 documents in 0 files' "$tmp/out"; then
	ok
else
	bad "empty directory: status $status"
	cat "$tmp/out"
fi

echo "validate-hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
