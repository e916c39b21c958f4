/*
 * fuzz_validate - validate on arbitrary bytes: yaml_load(), then every
 * document through the schema engine and the CEL rules of one Karpenter
 * version (picked by the first byte), then the cross-document check.  No
 * crash, no leak, bounded work.  The compiled schemas stay cached across
 * inputs, as in one karpgen run.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = { "0.29.2", "0.32.10", "0.36.2", "1.0.14", "1.14.1" };
	KarpVersion kv = { .name = versions[size ? data[0] % 5 : 4] };
	Arena *a;
	SrcFile *f = fuzz_begin(&a, data + (size > 0), size - (size > 0), "fuzz.yaml");
	Value **docs = NULL;
	yaml_load(a, f, &docs);
	Validation vs;
	validation_init(&vs, a, &kv);
	for (int i = 0; docs && docs[i]; i++)
		validate_document(&vs, docs[i]);
	validation_finish(&vs);
	fuzz_end(a);
	return 0;
}
