#!/bin/sh
# layers.sh [BUILD] - the file-level call graph of src/ as the compiler and linker see it, its
# layers, its cycles and its upward calls; fails on any cycle or on more upward calls than allowed.
#
# The graph: for every src/X.c, an edge X -> Y for each symbol X's object (BUILD/X.o, default
# build/rel) uses and Y's object defines (`nm`: U against T/D/B/R).  Calls, and reads of another
# file's tables, are what tie two files together; the one internal header (src/karpgen.h) is
# included by every file and adds no edge.  Generated objects (BUILD/gen/) are data below
# everything and are left out.
#
# Printed:
#   layers   - the graph's own layering: a file's layer is 1 + the highest layer it calls,
#              files that call no other file are layer 0 (a cycle's files share one layer);
#   cycles   - strongly connected components of more than one file (files that need each other);
#   upward   - calls that run back up the pipeline, by the order of `ranks` below (DESIGN: calls go
#              down load -> resolve -> check -> lower -> emit -> out -> the validator -> the base).
#
# Exit status 1 on a cycle, on more than MAX_UPWARD (2) upward calls, or on a file of src/ that
# `ranks` does not place; 2 when an object is missing (build first).
set -eu
build=${1:-build/rel}
max_upward=${MAX_UPWARD:-2}

# The pipeline, top to bottom: rank, then the files (shell patterns, first match wins).
ranks='
0 main
1 inputs load load_aws* load_eksctl load_k8s load_value load_tf* load_domino tf_eval tf_types
2 resolve
3 check check_* nodepool validate
4 lower
5 emit_convert emit_files emit_helm emit_iam emit_report emit_runbook emit_terraform convert comments ir_print
6 out
7 schema cel
8 hcl_lex hcl_parse load_json load_yaml emit_diag emit_json emit_yaml
9 diag srcfile value arena pattern sha256 catalog versions names
'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/syms"
for c in src/*.c; do
	f=$(basename "$c" .c)
	o=$build/$f.o
	if [ ! -f "$o" ]; then
		echo "layers.sh: $o is missing: build first (make)" >&2
		exit 2
	fi
	nm "$o" | awk -v f="$f" '
		NF == 3 && $2 ~ /^[TDBRGSV]$/ { print "D", f, $3 }
		NF == 2 && $1 == "U" { print "U", f, $2 }' >>"$tmp/syms"
done
# file rank, from the table
for c in src/*.c; do
	f=$(basename "$c" .c)
	r=$(printf '%s\n' "$ranks" | while read -r rank pats; do
		[ -n "$rank" ] || continue
		for p in $pats; do
			# shellcheck disable=SC2254 # the patterns are globs on purpose
			case $f in $p) echo "$rank"; exit 0 ;; esac
		done
	done | head -n 1)
	echo "R $f ${r:--1}"
done >>"$tmp/syms"

awk -v max_upward="$max_upward" '
$1 == "D" { def[$3] = $2; files[$2] = 1; next }
$1 == "R" { rank[$2] = $3; files[$2] = 1; next }
$1 == "U" { use[++nu] = $2 SUBSEP $3; next }
END {
	for (i = 1; i <= nu; i++) {
		split(use[i], u, SUBSEP)
		from = u[1]; sym = u[2]
		if (!(sym in def) || def[sym] == from)
			continue
		dst = def[sym]
		if (!((from, dst) in edge)) {
			edge[from, dst] = sym
			adj[from] = adj[from] " " dst
		} else if (index(" " edge[from, dst] " ", " " sym " ") == 0) {
			edge[from, dst] = edge[from, dst] " " sym
		}
	}
	n = 0
	for (f in files)
		name[++n] = f
	# sorted file names, so that the output is stable
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && name[j - 1] > name[j]; j--) {
			t = name[j]; name[j] = name[j - 1]; name[j - 1] = t
		}
	# Tarjan: strongly connected components
	idx = 0; sp = 0; ncomp = 0
	for (i = 1; i <= n; i++)
		if (!(name[i] in index_of))
			scc(name[i])
	# layers of the condensed graph: 1 + the highest layer of a component called
	for (c = 1; c <= ncomp; c++)
		layer_of_comp(c)
	bad = 0
	print "layers (0: calls no other file of src/):"
	top = 0
	for (c = 1; c <= ncomp; c++)
		if (clayer[c] > top)
			top = clayer[c]
	for (l = top; l >= 0; l--) {
		line = ""
		for (i = 1; i <= n; i++)
			if (clayer[comp[name[i]]] == l)
				line = line " " name[i]
		if (line != "")
			printf "  %2d:%s\n", l, line
	}
	print "cycles (files that need each other):"
	ncyc = 0
	for (c = 1; c <= ncomp; c++) {
		if (csize[c] < 2)
			continue
		ncyc++
		line = ""
		for (i = 1; i <= n; i++)
			if (comp[name[i]] == c)
				line = line " " name[i]
		printf "  {%s }\n", line
		for (i = 1; i <= n; i++) {
			if (comp[name[i]] != c)
				continue
			split(adj[name[i]], to, " ")
			for (k in to)
				if (comp[to[k]] == c)
					printf "    %s -> %s: %s\n", name[i], to[k], edge[name[i], to[k]]
		}
	}
	if (ncyc == 0)
		print "  none"
	print "upward calls (against the pipeline order of scripts/layers.sh):"
	nup = 0
	for (i = 1; i <= n; i++) {
		f = name[i]
		if (rank[f] < 0) {
			printf "  %s: not placed in the pipeline order: add it to scripts/layers.sh\n", f
			bad = 1
			continue
		}
		split(adj[f], to, " ")
		for (k in to)
			if (rank[to[k]] >= 0 && rank[to[k]] < rank[f]) {
				printf "  %s (%d) -> %s (%d): %s\n", f, rank[f], to[k], rank[to[k]], edge[f, to[k]]
				nup++
			}
	}
	if (nup == 0)
		print "  none"
	printf "%d files, %d layers, %d cycles, %d upward calls (at most %d)\n", n, top + 1, ncyc, nup, max_upward
	exit (bad || ncyc > 0 || nup > max_upward) ? 1 : 0
}
function scc(v,    k, to, w, c) {
	index_of[v] = idx; low[v] = idx; idx++
	stack[++sp] = v; on[v] = 1
	split(adj[v], to, " ")
	for (k in to) {
		w = to[k]
		if (!(w in index_of)) {
			scc(w)
			if (low[w] < low[v]) low[v] = low[w]
		} else if (on[w] && index_of[w] < low[v]) {
			low[v] = index_of[w]
		}
	}
	if (low[v] == index_of[v]) {
		c = ++ncomp
		do {
			w = stack[sp--]; on[w] = 0
			comp[w] = c; csize[c]++
			members[c] = members[c] " " w
		} while (w != v)
	}
}
function layer_of_comp(c,    m, i, k, to, l, best) {
	if (c in clayer)
		return clayer[c]
	clayer[c] = 0
	best = 0
	split(members[c], m, " ")
	for (i in m) {
		split(adj[m[i]], to, " ")
		for (k in to)
			if (comp[to[k]] != c) {
				l = layer_of_comp(comp[to[k]]) + 1
				if (l > best) best = l
			}
	}
	clayer[c] = best
	return best
}
' "$tmp/syms"
