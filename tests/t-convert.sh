#!/bin/sh
# t-convert.sh - karpgen convert over every v1alpha5 and v1beta1 example of the
# corpus (karpenter-provider-aws, karpenter-blueprints, data-on-eks, Domino).
#
# Each file converts to v1, and a v1alpha5 one to v1beta1 as well.  The output
# must pass `karpgen validate` for the target version (1.14.1, 0.36.2) with
# KG304 off (a NodePool may name a class another file defines), and
# converting the output again must change nothing but convert's own lines.
# The files that cannot convert faithfully are listed below with the rule
# that stops them: one of them converting, or any other file failing, is a
# failure.  Hostile inputs end in a diagnostic, never a crash.
set -u
: "${KARPGEN:?}"
# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
corpus=${CORPUS:-../shared/corpus}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# file, target, the rule that must stop it
cat >"$tmp/expected" <<'EOF'
karpenter-provider-aws/v1alpha5__launchtemplates__al2-custom-ami.yaml v1 KG301
karpenter-provider-aws/v1alpha5__launchtemplates__al2-custom-ami.yaml v1beta1 KG301
karpenter-provider-aws/v1alpha5__launchtemplates__custom-family.yaml v1 KG301
karpenter-provider-aws/v1alpha5__launchtemplates__custom-family.yaml v1beta1 KG301
karpenter-provider-aws/v1alpha5__launchtemplates__ubuntu-kubelet-log-query.yaml v1 KG322
karpenter-provider-aws/v1beta1__ubuntu-kubelet-log-query.yaml v1 KG322
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-compute-optimized-provisioner.yaml v1 KG111
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-compute-optimized-provisioner.yaml v1beta1 KG111
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-graviton-memory-optimized-provisioner.yaml v1 KG111
data-on-eks/28ea4c4__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-graviton-memory-optimized-provisioner.yaml v1beta1 KG111
data-on-eks/35e09a8__analytics__terraform__emr-eks-karpenter__karpenter-provisioners__spark-compute-optimized-provisioner.yaml v1 KG111
data-on-eks/35e09a8__streaming__flink__karpenter-provisioners__flink-graviton-memory-optimized-provisioner.yaml v1 KG111
EOF

# convert's own lines (header, origin) differ between runs; nothing else may
strip() { grep -v '^# karpgen convert' "$1"; }

check() {   # file target
	f=$1 to=$2
	rel=${f#"$corpus"/}
	ver=1.14.1
	[ "$to" = v1 ] || ver=0.36.2
	rule=$(awk -v f="$rel" -v t="$to" '$1 == f && $2 == t { print $3 }' "$tmp/expected")
	"$KARPGEN" convert --to "$to" "$f" >"$tmp/out.yaml" 2>"$tmp/err"
	rc=$?
	if [ -n "$rule" ]; then
		if [ $rc = 1 ] && grep -q "error: .*\[$rule " "$tmp/err" && [ ! -s "$tmp/out.yaml" ]; then
			ok
		else
			bad "$rel --to $to: expected $rule and no output, got exit $rc"
		fi
		return
	fi
	if [ $rc != 0 ]; then
		bad "$rel --to $to: exit $rc"
		head -n 20 "$tmp/err"
		return
	fi
	if "$KARPGEN" validate -q --karpenter-version "$ver" --disable KG304 "$tmp/out.yaml" >"$tmp/verr" 2>&1; then
		ok
	else
		bad "$rel --to $to: karpgen validate --karpenter-version $ver rejects the output"
		head -n 20 "$tmp/verr"
	fi
	"$KARPGEN" convert --to "$to" "$tmp/out.yaml" >"$tmp/again.yaml" 2>"$tmp/err2"
	strip "$tmp/out.yaml" >"$tmp/a"
	strip "$tmp/again.yaml" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then
		ok
	else
		bad "$rel --to $to: converting the output again changed it"
		diff "$tmp/a" "$tmp/b" | head -n 20
	fi
}

if [ -d "$corpus" ]; then
	n=0
	for dir in karpenter-provider-aws karpenter-blueprints data-on-eks domino-terraform-aws-eks; do
		for f in "$corpus/$dir"/*.yaml "$corpus/$dir"/*.yml; do
			[ -e "$f" ] || continue
			grep -Eq '^apiVersion: *karpenter\.(sh|k8s\.aws)/v1(alpha5|alpha1|beta1)' "$f" || continue
			n=$((n + 1))
			check "$f" v1
			if grep -Eq '^apiVersion: *karpenter\.(sh|k8s\.aws)/v1alpha' "$f"; then
				check "$f" v1beta1
			fi
		done
	done
	# the corpus holds 38 such files today; fewer means the scan above broke
	if [ $n -ge 38 ]; then ok; else bad "only $n corpus files found to convert"; fi

	# every expected failure was met (a renamed corpus file must not pass unseen)
	while read -r f to rule; do
		if [ -e "$corpus/$f" ]; then ok; else bad "expected failure for a missing file: $f"; fi
	done <"$tmp/expected"

	# manifests embedded in Terraform are not YAML: a clean KG104
	"$KARPGEN" convert "$corpus/karpenter-blueprints/v1beta1-era__cluster__terraform__karpenter.tf" \
	    >"$tmp/out.yaml" 2>"$tmp/err"
	if [ $? = 1 ] && grep -q '\[KG104 ' "$tmp/err"; then ok; else bad "a .tf file: expected KG104"; fi

elif shared_absent convert "$corpus"; then
	fail=$((fail + 1))
else
	ok
fi

# hostile input: a diagnostic and exit 1 or 2, never a crash
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; print "" }' >"$tmp/deep.yaml"
# ten levels of ten aliases each: 10^10 nodes if expanded naively
awk 'BEGIN { print "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"
	for (i = 1; i < 10; i++) {
		s = "l" i ": &l" i " ["
		for (k = 0; k < 10; k++) s = s (k ? ", " : "") "*l" (i - 1)
		print s "]" } }' >"$tmp/bomb.yaml"
printf 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: "\000"\n' >"$tmp/nul.yaml"
printf 'apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: \377\376}\n' >"$tmp/utf8.yaml"
for h in deep bomb nul utf8; do
	"$KARPGEN" convert "$tmp/$h.yaml" >/dev/null 2>"$tmp/err"
	rc=$?
	if { [ $rc = 1 ] || [ $rc = 2 ]; } && grep -q 'error: ' "$tmp/err"; then
		ok
	else
		bad "hostile $h.yaml: exit $rc"
	fi
done

# -o: all or nothing, a second run replaces the first, and a directory
# karpgen did not write is left alone
cases=testdata/convert/lossy-kubelet-split
if "$KARPGEN" convert -q -o "$tmp/kit" "$cases/nodepools.yaml" "$cases/ec2nodeclass.yaml" 2>/dev/null &&
    [ -f "$tmp/kit/nodepools/gpu.yaml" ] && [ -f "$tmp/kit/ec2nodeclasses/default-gpu.yaml" ]; then
	ok
else
	bad "-o: the first write"
fi
if "$KARPGEN" convert -q -o "$tmp/kit" "$cases/ec2nodeclass.yaml" 2>/dev/null &&
    [ ! -e "$tmp/kit/nodepools/gpu.yaml" ] && [ -f "$tmp/kit/ec2nodeclasses/default.yaml" ]; then
	ok
else
	bad "-o: a second run replaces the output of the first"
fi
mkdir "$tmp/mine"
echo keep >"$tmp/mine/notes.txt"
"$KARPGEN" convert -q -o "$tmp/mine" "$cases/ec2nodeclass.yaml" 2>/dev/null
rc=$?
if [ $rc = 2 ] && [ "$(cat "$tmp/mine/notes.txt")" = keep ] && [ ! -e "$tmp/mine/ec2nodeclasses" ]; then
	ok
else
	bad "-o: a directory karpgen did not write must be left alone (exit $rc)"
fi
"$KARPGEN" convert -q -o "$tmp/none" testdata/convert/error-v1/v1beta1.yaml 2>/dev/null
rc=$?
if [ $rc = 1 ] && [ ! -e "$tmp/none" ]; then ok; else bad "-o: an error must write nothing (exit $rc)"; fi

echo "convert: $pass passed, $fail failed"
[ $fail = 0 ]
