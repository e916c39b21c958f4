/*
 * fuzz_yaml - yaml_load() on arbitrary bytes: no crash, no leak, bounded
 * work; every file that loads cleanly goes through the YAML emitter and
 * back to an equal tree, and the emitter's output is stable.
 */
#include "fuzz.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a;
	SrcFile *f = fuzz_begin(&a, data, size, "fuzz.yaml");
	Value **docs;
	int n = yaml_load(a, f, &docs);
	if (n >= 0 && diag_count(SEV_ERROR) == 0) {
		char *y = values_to_yaml(docs, n);
		SrcFile *back = src_from_mem(a, "back.yaml", y, strlen(y));
		Value **again;
		int m = yaml_load(a, back, &again);
		if (m != n)
			abort();
		for (int i = 0; i < n; i++)
			if (!value_equal(docs[i], again[i]))
				abort();
		char *y2 = values_to_yaml(again, m);
		if (strcmp(y, y2) != 0)
			abort();
		free(y);
		free(y2);
	}
	fuzz_end(a);
	return 0;
}
