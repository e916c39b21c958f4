/*
 * fuzz_json - json_load() on arbitrary bytes: no crash, no leak, and NULL
 * only with an error reported.  Every value read without error goes through
 * the YAML emitter and back to an equal tree.
 */
#include "fuzz.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a;
	SrcFile *f = fuzz_begin(&a, data, size, "fuzz.json");
	int n;
	Value *v = json_load(a, f, &n);
	if (!v && diag_count(SEV_ERROR) == 0)
		abort();
	if (v && diag_count(SEV_ERROR) == 0) {
		Value **docs = n > 1 ? v->items : &v;
		char *y = values_to_yaml(docs, n);
		SrcFile *back = src_from_mem(a, "back.yaml", y, strlen(y));
		free(y);
		Value **again;
		int m = yaml_load(a, back, &again);
		if (m != n)
			abort();
		for (int i = 0; i < n; i++)
			if (!value_equal(docs[i], again[i]))
				abort();
	}
	fuzz_end(a);
	return 0;
}
