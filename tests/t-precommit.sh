#!/bin/sh
# shellcheck disable=SC2015,SC2016  # ok/bad: ok never fails; the ${ } below are the files' own text
# t-precommit.sh - the project's own pre-commit hooks (.pre-commit-hooks.yaml),
# installed with pre-commit in a temporary git repository, offline: the hook
# repository is a local git repository holding the hook file, and the hooks
# are `language: system` (the karpgen under test, first on PATH).  Shows:
# correct commits that change one file of a cross-file set pass; an error in
# any file fails with its location; unrelated JSON, YAML and templated files
# pass; two clusters in two directories stay apart; a commit of 3,000 files,
# which pre-commit splits into several runs, passes.
set -u
: "${KARPGEN:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
	echo "FAIL: pre-commit or git is missing (scripts/deps.sh installs them with KARPGEN_TEST_DEPS=1)"
	exit 1
fi
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
mkdir -p "$HOME" "$tmp/bin"
git config --global user.email t@example.com
git config --global user.name test
git config --global init.defaultBranch main
# karpgen on PATH, through a wrapper that counts the runs (pre-commit splits long argument lists)
cat >"$tmp/bin/karpgen" <<WRAP
#!/bin/sh
echo "\$1 \$#" >>"$tmp/runs"
exec "$KARPGEN" "\$@"
WRAP
chmod +x "$tmp/bin/karpgen"
PATH="$tmp/bin:$PATH"

# the hook repository: this work tree's .pre-commit-hooks.yaml, committed
mkdir "$tmp/hooks"
cp .pre-commit-hooks.yaml "$tmp/hooks/"
(cd "$tmp/hooks" && git init -q && git add . && git commit -qm hooks)
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

repo="$tmp/repo"
mkdir "$repo"
cd "$repo" || exit 1
git init -q
cat >.pre-commit-config.yaml <<CFG
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: karpgen-lint
      - id: karpgen-validate
CFG
pre-commit install >/dev/null || { echo "FAIL: pre-commit install"; exit 1; }

commit() { git add -A && git commit -qm "$1" >"$tmp/out" 2>&1; }

# a cluster: a Domino set over three files, and Karpenter manifests in two files
M=$root/testdata/rules/KG304-nodeclass-ref/passes/manifest.yaml
mkdir -p clusters/prod/karpenter
cp "$root"/testdata/ir/domino-post-migration/*.tfvars clusters/prod/
# the manifests use 1.14 fields (networkInterfaces...): the cluster runs 1.14.1, not the module's
# default 1.9.0, and lint checks the manifests against the version the set pins
sed -i 's/^  enabled = true$/  enabled = true\n  version = "1.14.1"/' clusters/prod/cluster.tfvars
sed -n 1,57p "$M" >clusters/prod/karpenter/nodepool.yaml
sed -n 59,999p "$M" >clusters/prod/karpenter/ec2nodeclass.yaml
if commit "cluster"; then ok; else bad "first commit of a correct cluster"; cat "$tmp/out"; fi

# one file of each cross-file set, changed correctly
sed -i 's/team: platform/team: platform-2/' clusters/prod/karpenter/nodepool.yaml
if commit "nodepool only"; then ok; else bad "a NodePool changed alone"; cat "$tmp/out"; fi
printf '# reviewed\n' >>clusters/prod/cluster.tfvars
if commit "cluster.tfvars only"; then ok; else bad "one file of the Domino set changed alone"; cat "$tmp/out"; fi
printf '# reviewed\n' >>clusters/prod/nodes.tfvars
if commit "nodes.tfvars only"; then ok; else bad "nodes.tfvars changed alone"; cat "$tmp/out"; fi

# an error in any file fails the commit, with its location
sed -i 's/operator: Gt/operator: Bigger/' clusters/prod/karpenter/nodepool.yaml
if commit "bad operator"; then bad "an invalid NodePool was committed"; else
	grep -q 'clusters/prod/karpenter/nodepool.yaml:[0-9]*:[0-9]*: error: .*\[KG30' "$tmp/out" && ok ||
		{ bad "no location for the NodePool error"; cat "$tmp/out"; }
fi
git reset -q --hard HEAD
# a NodePool changed to name a class a typo away from the one beside it
sed -i 's/        name: general$/        name: genral/' clusters/prod/karpenter/nodepool.yaml
if commit "class name typo"; then bad "a NodePool naming a missing class was committed"; else
	grep -q 'nodepool.yaml:[0-9]*:[0-9]*: error: .*\[KG304' "$tmp/out" && ok || { bad "KG304 not reported"; cat "$tmp/out"; }
fi
git reset -q --hard HEAD
printf 'karpenter = {\n  enabled = \n}\n' >clusters/prod/cluster.tfvars
if commit "broken tfvars"; then bad "a broken tfvars was committed"; else
	grep -q 'clusters/prod/cluster.tfvars:[0-9]*:[0-9]*: error: .*\[KG101' "$tmp/out" && ok || { bad "no KG101"; cat "$tmp/out"; }
fi
git reset -q --hard HEAD

# files the hooks do not understand pass
mkdir -p .github/workflows charts/app/templates flux/apps
printf '{"name": "site", "version": "1.0.0", "scripts": {"build": "make"}}\n' >package.json
printf 'name: ci\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }}\n' \
	>.github/workflows/ci.yml
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec:\n  replicas: {{ .Values.replicas }}\n{{- end }}\n' \
	>charts/app/templates/deployment.yaml
printf 'apiVersion: v2\nname: app\nversion: 0.1.0\n' >charts/app/Chart.yaml
printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n' >flux/apps/kustomization.yaml
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  region: ${AWS_REGION}\n' >flux/apps/config.yaml
printf 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n' >main.tf
if commit "unrelated files"; then ok; else bad "unrelated files refused"; cat "$tmp/out"; fi

# two clusters in two directories: together their values would conflict (KG107)
mkdir -p clusters/a clusters/b
cp "$root/tests/formats/infra.tfvars" clusters/a/infra.tfvars
# those files' label values end in a space on purpose (the formats suite's KG112): correct clusters here
sed -i 's/"\(custom-gpu-[0-9]*\) "/"\1"/' clusters/a/infra.tfvars
cp "$root/tests/formats/nodes.tfvars" clusters/b/nodes.tfvars
sed -i 's/"\(custom-gpu-[0-9]*\) "/"\1"/' clusters/b/nodes.tfvars
if commit "two clusters"; then ok; else bad "two clusters merged"; cat "$tmp/out"; fi

# 3,000 files in one commit: 30 directories of one EC2NodeClass and 99 NodePools each
long=clusters/fleet/a-directory-name-long-enough-that-the-argument-list-must-be-split
i=0
while [ $i -lt 30 ]; do
	d=$long/c$i
	mkdir -p "$d"
	sed -n 59,999p "$M" >"$d/ec2nodeclass.yaml"
	k=1
	while [ $k -lt 100 ]; do
		sed -n 1,57p "$M" | sed "s/^  name: general\$/  name: pool-$k/" >"$d/nodepool-$k.yaml"
		k=$((k + 1))
	done
	i=$((i + 1))
done
: >"$tmp/runs"
start=$(date +%s)
if commit "fleet"; then ok; else bad "a commit of 3,000 files"; tail -20 "$tmp/out"; fi
runs=$(grep -c '^lint ' "$tmp/runs")
total=$(awk '$1 == "lint" { n += $2 - 2 } END { print n + 0 }' "$tmp/runs")
if [ "$runs" -ge 2 ] && [ "$total" -ge 3000 ]; then ok; else bad "3,000 files: $runs lint runs over $total files"; fi
echo "precommit: the 3,000-file commit took $(($(date +%s) - start)) s in $runs lint runs"

echo "precommit: $pass passed, $fail failed"
[ "$fail" = 0 ]
