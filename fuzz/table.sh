#!/bin/sh
# table.sh LOG... - one Markdown row per libFuzzer log that fuzz/run.sh left
# (FUZZ_LOGS/TARGET.log): how long the target ran, how many inputs it tried
# and how fast, the coverage it reached (cov: edges of the binary, ft:
# features) and its corpus, peak RSS, and whether it ended with a finding.
# The rows of docs/reliability.md's long runs.
set -eu
echo "| target | seconds | inputs run | inputs/s | cov (edges) | ft (features) | corpus | peak RSS | finding |"
echo "|---|---|---|---|---|---|---|---|---|"
for log in "$@"; do
	awk -v t="$(basename "$log" .log)" '
	/^#[0-9]+/ && / cov: / {
		for (i = 1; i <= NF; i++) {
			if ($i == "cov:") cov = $(i + 1)
			if ($i == "ft:") ft = $(i + 1)
			if ($i == "corp:") corp = $(i + 1)
		}
	}
	/^Done [0-9]+ runs in [0-9]+ second/ { runs = $2; secs = $5 }
	/^stat::average_exec_per_sec:/ { rate = $2 }
	/^stat::peak_rss_mb:/ { rss = $2 }
	/ERROR: |deadly signal|SUMMARY: |does not read back/ { bad = 1 }
	END {
		printf "| `%s` | %s | %s | %s | %s | %s | %s | %s MB | %s |\n", t, secs ? secs : "?",
		    runs ? runs : "?", rate ? rate : "?", cov, ft, corp, rss ? rss : "?",
		    bad ? "**yes**" : (runs ? "none" : "unfinished")
	}' "$log"
done
