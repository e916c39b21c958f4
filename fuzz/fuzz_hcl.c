/*
 * fuzz_hcl - hcl_parse() on arbitrary bytes, and value_to_json() (the text
 * of `karpgen parse --json`) on what it returns: no crash, no hang, no
 * leak; NULL only with an error reported; and a file that parses without
 * error prints as JSON that json_load() reads back without error (unless
 * hcl2json's shape nests it past the depth limit).
 */
#include "fuzz.h"

#include <string.h>

/* Whether every error reported so far is a KG102 (a resource limit). */
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
	Value *body = hcl_parse(a, f);
	if (!body && diag_count(SEV_ERROR) == 0)
		abort();
	if (body) {
		bool clean = diag_count(SEV_ERROR) == 0;
		char *pretty = value_to_json(body, true);
		char *compact = value_to_json(body, false);
		if (clean) {
			SrcFile *back = src_from_mem(a, "back.json", pretty, strlen(pretty));
			int n;
			Value *v = json_load(a, back, &n);
			if ((!v || diag_count(SEV_ERROR) != 0) && !only_limits())
				abort();
		}
		free(pretty);
		free(compact);
	}
	fuzz_end(a);
	return 0;
}
