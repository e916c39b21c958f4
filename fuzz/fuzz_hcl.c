/*
 * fuzz_hcl - hcl_parse() on arbitrary bytes: no crash, no leak, NULL only with
 * an error reported, every value and key located inside the file, and the
 * JSON of an error-free parse readable again by json_load() (which may find it
 * one level too deep: the body is a JSON object around the deepest bracket).
 */
#include "fuzz.h"

#include <string.h>

static void
check_locs(const SrcFile *f, const Value *v, int depth)
{
	if (depth > LIMIT_DEPTH + 8)
		return;
	const Loc *l = &v->loc;
	if (l->file != f || l->line < 1 || l->line > f->nlines || l->col < 1 ||
	    (l->end_line && (l->end_line < l->line || l->end_line > f->nlines)))
		abort();
	for (int i = 0; v->kind == V_LIST && i < v->n; i++)
		check_locs(f, v->items[i], depth + 1);
	for (int i = 0; v->kind == V_MAP && i < v->n; i++) {
		const Loc *k = &v->members[i].key_loc;
		if (k->file != f || k->line < 1 || k->line > f->nlines)
			abort();
		check_locs(f, v->members[i].val, depth + 1);
	}
}

/* Whether every error reported so far is a resource limit (KG102). */
static bool
only_limits(void)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->sev == SEV_ERROR && d[i]->rule != KG102)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a;
	SrcFile *f = fuzz_begin(&a, data, size, "fuzz.tf");
	Value *v = hcl_parse(a, f);
	if (!v && diag_count(SEV_ERROR) == 0)
		abort();
	if (v && diag_count(SEV_ERROR) == 0) {
		check_locs(f, v, 0);
		char *j = value_to_json(v, true);
		SrcFile *back = src_from_mem(a, "back.json", j, strlen(j));
		free(j);
		int n;
		if ((!json_load(a, back, &n) || diag_count(SEV_ERROR)) && !only_limits())
			abort();
		free(value_to_json(v, false));
	}
	fuzz_end(a);
	return 0;
}
