#!/bin/sh
# t-compile.sh - `karpgen compile` end to end: every generated runbook is shellcheck- and
# bash -n-clean; every node-group input of ../shared/corpus either gets a kit whose manifests
# the target's CRDs accept or is refused with located errors; kits for every Karpenter version
# validate; same inputs give the same bytes; an error writes nothing; hostile input values
# never run.  Env: KARPGEN.
set -u
: "${KARPGEN:?}"
root=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

# ---- every runbook the golden kits hold (one shellcheck run for all: it starts slowly)
set -- testdata/compile/*/expected/runbook.sh
if [ -e "$1" ]; then
	for rb in "$@"; do
		if bash -n "$rb"; then ok; else bad "$rb: bash -n"; fi
	done
	if shellcheck "$@"; then ok; else bad "shellcheck on the golden runbooks"; fi
fi

# ---- every golden kit passes the CRDs of the version its command targets (the default if none)
for kit in testdata/compile/*/expected/karpenter; do
	[ -d "$kit" ] || continue
	case=${kit%/expected/karpenter}
	v=$(sed -n 's/.*--karpenter-version \([^ ]*\).*/\1/p' "$case/cmd")
	if "$KARPGEN" validate -q ${v:+--karpenter-version "$v"} "$kit" >"$tmp/val" 2>&1; then
		ok
	else
		bad "$case: the golden kit does not validate${v:+ against $v}"
		head -n 20 "$tmp/val"
	fi
done

# ---- the corpus: a kit that validates, or located errors; never a crash or an I/O failure
# check_kit INPUT... -- COMPILE-OPTIONS: compile, then judge the result
check_kit() {
	label=$1
	shift
	rm -rf "$tmp/kit"
	NO_COLOR=1 "$KARPGEN" compile "$@" -o "$tmp/kit" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $rc in
	0)
		if [ ! -f "$tmp/kit/karpgen-manifest.json" ]; then
			bad "$label: exit 0 without a kit"
		elif "$KARPGEN" validate -q "$tmp/kit/karpenter" >"$tmp/val" 2>&1; then
			ok
		else
			bad "$label: the kit does not validate"
			head -n 20 "$tmp/val"
		fi
		;;
	1)
		# errors, each at a file, line and column; no kit
		if [ -e "$tmp/kit" ]; then
			bad "$label: exit 1 but the kit was written"
		elif grep -q ': error: ' "$tmp/err" &&
			! grep ': error: ' "$tmp/err" | grep -qvE '^.+:[0-9]+:[0-9]+: error: '; then
			ok
		else
			bad "$label: exit 1 without located error diagnostics"
			grep ': error: ' "$tmp/err" | head -n 3
		fi
		;;
	*)
		bad "$label: exit status $rc"
		head -n 5 "$tmp/err"
		;;
	esac
}

# shellcheck source=/dev/null # tests/corpus.sh, checked on its own
. "$(dirname "$0")/corpus.sh"
corpus=../shared/corpus
if [ -d "$corpus" ]; then
	for f in "$corpus"/domino-terraform-aws-eks/*.tfvars "$corpus"/domino-terraform-aws-eks/*.tftpl \
		"$corpus"/domino-terraform-aws-eks/v2.0.0__examples__*.tf "$corpus"/terraform-aws-modules-eks/*.tf \
		"$corpus"/eksctl/*.yaml "$corpus"/eksctl/*.json "$corpus"/aws-cli-examples/*.json; do
		[ -e "$f" ] || continue
		check_kit "$f" "$f"
		# with two groups or more, the first one runs Karpenter: more inputs get a kit
		groups=$("$KARPGEN" ir "$f" 2>/dev/null | sed -n 's/^nodegroup "\([^"]*\)".*/\1/p')
		n=$(printf '%s\n' "$groups" | grep -c .)
		if [ "$n" -ge 2 ]; then
			check_kit "$f (home $(printf '%s\n' "$groups" | head -n 1))" "$f" \
				--karpenter-nodegroup "$(printf '%s\n' "$groups" | head -n 1)"
		fi
	done
elif shared_absent compile "$corpus"; then
	fail=$((fail + 1))
else
	ok
fi

# ---- every version compile targets for this example (src/versions.def rows that serve v1beta1
# or v1 and have the AL2023 family its groups run): each kit validates against its CRDs
versions=$(sed -n 's/^KARPENTER("\([^"]*\)", [^,]*API_\(BETA\|V1\).*KF_AL2023.*/\1/p' src/versions.def)
for v in $versions; do
	rm -rf "$tmp/v"
	if "$KARPGEN" compile -q examples/domino/infra.tfvars examples/domino/cluster.tfvars \
		--karpenter-version "$v" -o "$tmp/v" 2>"$tmp/err" &&
		"$KARPGEN" validate -q --karpenter-version "$v" "$tmp/v/karpenter" >"$tmp/val" 2>&1; then
		ok
	else
		bad "kit for Karpenter $v"
		cat "$tmp/err" "$tmp/val" | head -n 20
	fi
done

# ---- same inputs, same bytes; an existing kit is replaced in place
for d in a b; do
	rm -rf "${tmp:?}/$d"
	"$KARPGEN" compile -q examples/domino/infra.tfvars examples/domino/cluster.tfvars -o "$tmp/$d" 2>/dev/null
done
if diff -r "$tmp/a" "$tmp/b" >/dev/null && "$KARPGEN" compile -q examples/domino/infra.tfvars \
	examples/domino/cluster.tfvars -o "$tmp/a" 2>/dev/null && diff -r "$tmp/a" "$tmp/b" >/dev/null; then
	ok
else
	bad "two compiles of the same inputs differ"
fi

# ---- an error writes nothing: -o is left exactly as it was
mkdir -p "$tmp/keep"
echo mine >"$tmp/keep/notes.txt"
cat >"$tmp/bad.tfvars" <<'EOF'
deploy_id = "prod"
additional_node_groups = {
  x = {
    instance_types        = ["m5.large"]
    min_per_az            = 0
    max_per_az            = 1
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1"]
    labels                = { team = "not a label value" }
    volume                = { size = 100, type = "gp3" }
  }
}
EOF
"$KARPGEN" compile -q "$tmp/bad.tfvars" -o "$tmp/keep" 2>/dev/null
rc1=$?
"$KARPGEN" compile -q "$tmp/bad.tfvars" -o "$tmp/none" 2>/dev/null
rc2=$?
if [ $rc1 = 1 ] && [ $rc2 = 1 ] && [ "$(ls -A "$tmp/keep")" = notes.txt ] && [ ! -e "$tmp/none" ] &&
	[ -z "$(find "$tmp" -maxdepth 1 -name '.karpgen-*')" ]; then
	ok
else
	bad "a failed compile changed the output directory (rc $rc1 $rc2)"
fi
# a good kit does not replace a directory that is not a kit
if ! "$KARPGEN" compile -q examples/domino/infra.tfvars -o "$tmp/keep" 2>/dev/null &&
	[ "$(ls -A "$tmp/keep")" = notes.txt ]; then
	ok
else
	bad "compile replaced a directory that is not a karpgen kit"
fi

# ---- hostile values: refused where they cannot be valid
evil="a'; touch $tmp/pwned; echo '"
cat >"$tmp/evil-name.tfvars" <<EOF
deploy_id = "$evil"
additional_node_groups = {
  x = {
    instance_types        = ["m5.large"]
    min_per_az            = 0
    max_per_az            = 1
    desired_per_az        = 0
    availability_zone_ids = ["usw2-az1"]
    labels                = { team = "a" }
    volume                = { size = 100, type = "gp3" }
  }
}
EOF
sed "s|team = \"a\"|team = \"$evil\"|; s|deploy_id = .*|deploy_id = \"prod\"|" "$tmp/evil-name.tfvars" >"$tmp/evil-label.tfvars"
sed "s|^  x = {|  \"$evil\" = {|; s|deploy_id = .*|deploy_id = \"prod\"|" "$tmp/evil-name.tfvars" >"$tmp/evil-group.tfvars"
# a node-group name is refused too: AWS allows only letters, digits, - and _ in one (issue 16)
for t in name label group; do
	rm -rf "$tmp/evil"
	if "$KARPGEN" compile -q "$tmp/evil-$t.tfvars" -o "$tmp/evil" 2>"$tmp/err"; then
		bad "a hostile $t was accepted"
	elif grep -q 'KG112' "$tmp/err" && [ ! -e "$tmp/evil" ]; then
		ok
	else
		bad "a hostile $t: no KG112"
	fi
done
cd "$root" || exit 1
echo "compile: $pass passed, $fail failed"
[ "$fail" = 0 ]
