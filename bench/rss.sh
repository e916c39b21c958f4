#!/bin/sh
# rss.sh BUILD - peak memory of karpgen's commands on the bench generators' large
# inputs and on hostile ones, against the size of the input: the figures of
# docs/reliability.md.  BUILD is a build directory holding karpgen and
# tests/rss (make check builds both).  Prints one Markdown table row a run.
set -eu
build=$1
kg=$build/karpgen
rss=$build/tests/rss
out=bench/out/rss
rm -rf "$out"
mkdir -p "$out"

rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# row LABEL INPUT_BYTES ARG...: karpgen ARG... once, from $out (outputs under $out/kit)
row() {
	label=$1 bytes=$2
	shift 2
	rm -rf "$out/kit"
	t0=$(date +%s%N)
	set +e
	(cd "$out" && "$OLDPWD/$rss" kib "$OLDPWD/$kg" "$@" >/dev/null 2>&1)
	status=$?
	set -e
	t1=$(date +%s%N)
	kib=$(cat "$out/kib")
	awk -v l="$label" -v b="$bytes" -v s="$status" -v ms=$(((t1 - t0) / 1000000)) -v k="$kib" 'BEGIN {
		printf "| %s | %.2f MB | %d | %d ms | %.1f MB | %s |\n", l, b / 1e6, s, ms, k / 1024,
		    (b >= 100000 ? sprintf("%.0fx", k * 1024 / b) : "-") }'
}
size() { wc -c <"$1" | tr -d ' '; }

sh bench/gen-fleet.sh 2000 >"$out/fleet.tfvars"
sh bench/gen-manifests.sh 10000 >"$out/manifests.yaml"
sh bench/gen-monorepo.sh 100 "$out/monorepo"
fleet=$(size "$out/fleet.tfvars") man=$(size "$out/manifests.yaml")
mono=$(cat "$out"/monorepo/*/* | wc -c | tr -d ' ')
monotf=$(cat "$out"/monorepo/*/infra.tfvars | wc -c | tr -d ' ')
monoy=$(cat "$out"/monorepo/*/karpenter.yaml | wc -c | tr -d ' ')

echo "| run | input | exit | time | peak RSS | RSS / input |"
echo "|---|---|---|---|---|---|"
row "baseline: karpgen rules" 0 rules
row "fleet, 2,000 groups: parse --json" "$fleet" parse --json fleet.tfvars
row "fleet, 2,000 groups: ir" "$fleet" ir fleet.tfvars
row "fleet, 2,000 groups: lint" "$fleet" lint fleet.tfvars
if ! "$kg" compile -o "$out/kit" "$out/fleet.tfvars" 2>&1 | grep -q 'not implemented'; then
	row "fleet, 2,000 groups: compile" "$fleet" compile fleet.tfvars -o kit
fi
row "10,000 manifests: validate" "$man" validate manifests.yaml
row "10,000 manifests: convert" "$man" convert manifests.yaml
row "10,000 manifests: lint" "$man" lint manifests.yaml
# shellcheck disable=SC2046
row "monorepo, 100 tfvars: lint" "$monotf" lint $(cd "$out" && ls monorepo/*/infra.tfvars)
row "monorepo, 100 directories: validate" "$monoy" validate monorepo
: "$mono"

# hostile inputs
rep 200000 '[' >"$out/deep.json"
row "hostile: 200,000 '[' (KG102)" "$(size "$out/deep.json")" lint deep.json
{
	echo 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'
	p=a
	for n in b c d e f g h i; do echo "$n: &$n [*$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p, *$p]"; p=$n; done
} >"$out/laughs.yaml"
row "hostile: billion laughs (KG102)" "$(size "$out/laughs.yaml")" validate laughs.yaml
rep 100001 '--- a\n' >"$out/docs.yaml"
row "hostile: 100,001 documents (KG102)" "$(size "$out/docs.yaml")" validate docs.yaml
{ printf 'a = ['; rep 2100000 '1,'; printf ']\n'; } >"$out/values.tfvars"
row "hostile: 2.1M values in HCL (KG102)" "$(size "$out/values.tfvars")" lint values.tfvars
{ printf '['; rep 2000000 '1,'; printf '1]\n'; } >"$out/values.json"
row "hostile: 2.0M values in JSON (under the limit)" "$(size "$out/values.json")" ir values.json
{ printf 'a: "'; head -c 20000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$out/line.yaml"
row "hostile: a 20 MB YAML line" "$(size "$out/line.yaml")" validate line.yaml
{ printf 'a = "'; head -c 20000000 /dev/zero | tr '\0' a; printf '"\n'; } >"$out/line.tfvars"
row "hostile: a 20 MB HCL string" "$(size "$out/line.tfvars")" lint line.tfvars
head -c 67108864 /dev/zero | tr '\0' '#' >"$out/big.yaml"
row "hostile: 64 MiB of comments" "$(size "$out/big.yaml")" validate big.yaml
dd if=/dev/null of="$out/huge.tfvars" bs=1 seek=67108865 2>/dev/null
row "hostile: 64 MiB + 1 file (KG102)" "$(size "$out/huge.tfvars")" lint huge.tfvars
rm -rf "$out/kit" "$out"/*.json "$out"/*.yaml "$out"/*.tfvars
