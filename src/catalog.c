/*
 * catalog.c - the instance-type catalogue (generated from data/instance-types.tsv).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

extern const InstanceType catalog_table[];
extern const int catalog_table_count;

/* The generated table keeps the TSV's order; lookups go through a sorted index built once. */
static const InstanceType **sorted;

static int
cmp_type(const void *a, const void *b)
{
	return strcmp((*(const InstanceType *const *)a)->name, (*(const InstanceType *const *)b)->name);
}

static void
build_index(void)
{
	static const InstanceType *index[4096];
	if (sorted)
		return;
	int n = catalog_table_count < 4096 ? catalog_table_count : 4096;
	for (int i = 0; i < n; i++)
		index[i] = &catalog_table[i];
	qsort(index, (size_t)n, sizeof *index, cmp_type);
	sorted = index;
}

int
catalog_count(void)
{
	return catalog_table_count < 4096 ? catalog_table_count : 4096;
}

const InstanceType *
catalog_at(int i)
{
	build_index();
	return i >= 0 && i < catalog_count() ? sorted[i] : NULL;
}

const InstanceType *
catalog_find(const char *name)
{
	build_index();
	int lo = 0, hi = catalog_count() - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(name, sorted[mid]->name);
		if (c == 0)
			return sorted[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
catalog_nearest(const char *name, const InstanceType **out, int max)
{
	build_index();
	int best[8];
	if (max > 8)
		max = 8;
	int k = 0;
	/* only names within a third of the length are worth suggesting */
	int limit = (int)strlen(name) / 3 + 1;
	for (int i = 0; i < catalog_count(); i++) {
		int dist = edit_distance(name, sorted[i]->name, limit);
		if (dist > limit)
			continue;
		int pos = k < max ? k++ : max;
		while (pos > 0 && best[pos - 1] > dist) {
			if (pos < max) {
				best[pos] = best[pos - 1];
				out[pos] = out[pos - 1];
			}
			pos--;
		}
		if (pos < max) {
			best[pos] = dist;
			out[pos] = sorted[i];
		}
	}
	return k;
}
