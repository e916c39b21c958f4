#!/bin/sh
# gen-tfeks-keys.sh - the per-group variables of terraform-aws-modules/eks, per major version, from
# the module's own sources: every `variable "NAME"` of modules/eks-managed-node-group/variables.tf and
# modules/self-managed-node-group/variables.tf at the last tag of each major version v18-v21 (the
# root module passes each group's keys to these submodules, node_groups.tf), and, for v17, the keys
# of local.workers_group_defaults_defaults (locals.tf), which every worker group reads.
#
# usage: sh scripts/gen-tfeks-keys.sh GIT_DIR > data/tfeks-module-keys.tsv
#   GIT_DIR: a clone of github.com/terraform-aws-modules/terraform-aws-eks (with its tags)
# tests/t-tfeks-keys.sh fails on a key of the file that src/load_tfeks.c's group table has no row
# for: each is carried, ignored with a reason, or not carried (KG240), never "unknown" (KG110).
set -eu
git=${1:?usage: gen-tfeks-keys.sh GIT_DIR}
printf '# version\tsubmodule\tkey\t(made by scripts/gen-tfeks-keys.sh from terraform-aws-modules/terraform-aws-eks)\n'
for major in 18 19 20 21; do
	tag=$(git -C "$git" tag -l "v$major.*" | sort -V | tail -n 1)
	[ -n "$tag" ] || { echo "gen-tfeks-keys.sh: no tag v$major.*" >&2; exit 1; }
	for sub in eks-managed-node-group self-managed-node-group; do
		git -C "$git" show "$tag:modules/$sub/variables.tf" |
			sed -n 's/^variable "\([^"]*\)".*/\1/p' | sort -u |
			while read -r k; do printf '%s\t%s\t%s\n' "$tag" "$sub" "$k"; done
	done
done
tag=$(git -C "$git" tag -l 'v17.*' | sort -V | tail -n 1)
git -C "$git" show "$tag:locals.tf" |
	awk '/workers_group_defaults_defaults = \{/ { on = 1; next } on && /^  \}/ { exit }
		on && /^ +[a-z_0-9]+ +=/ { sub(/^ +/, ""); sub(/ .*/, ""); print }' | sort -u |
	while read -r k; do printf '%s\t%s\t%s\n' "$tag" "worker_groups" "$k"; done
