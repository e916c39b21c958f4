#!/bin/bash
# kitvals.sh KIT - the values karpgen wrote into KIT/runbook.sh, as one JSON object
# (the cluster simulator builds its cluster from them).
set -euo pipefail
# shellcheck disable=SC1090 # the kit's own data block
source <(sed -n '/^# ---- written by karpgen/,/^# ---- end of the kit/p' "$1/runbook.sh")
out='{}'
for v in $(sed -n '/^# ---- written by karpgen/,/^# ---- end of the kit/p' "$1/runbook.sh" | sed -n 's/^\([A-Z_0-9]*\)=.*/\1/p'); do
	if declare -p "$v" 2>/dev/null | grep -q '^declare -a'; then
		eval "vals=(\"\${$v[@]}\")"
		# shellcheck disable=SC2154 # set by the eval
		out=$(jq --arg k "$v" '.[$k] = $ARGS.positional' --args "${vals[@]}" <<<"$out")
	else
		out=$(jq --arg k "$v" --arg v "${!v}" '.[$k] = $v' <<<"$out")
	fi
done
printf '%s\n' "$out"
