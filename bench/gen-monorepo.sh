#!/bin/sh
# gen-monorepo.sh N DIR - N cluster directories, each with a Domino infra.tfvars of 20 groups
# and a manifests file of 20 documents: a CI gate's view of a fleet of clusters.
set -eu
n=$1 dir=$2
here=$(dirname "$0")
mkdir -p "$dir"
i=1
while [ "$i" -le "$n" ]; do
	d=$dir/cluster-$i
	mkdir -p "$d"
	sh "$here/gen-fleet.sh" 20 | sed "s/bench-fleet/bench-$i/" >"$d/infra.tfvars"
	sh "$here/gen-manifests.sh" 20 >"$d/karpenter.yaml"
	i=$((i + 1))
done
