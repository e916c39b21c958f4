/*
 * fuzz_validate - validate on arbitrary bytes: yaml_load() of each file
 * (several files: "==> NAME <==" sections, see fuzz_files()), then every
 * document through the schema engine and the CEL rules of one Karpenter
 * version ("#fuzz: 0.36.2" picks it, see fuzz_opts(); default the newest),
 * then the cross-document check, as cmd_validate() in main.c does.  No
 * crash, no leak, bounded work.  The compiled schemas stay cached across
 * inputs, as in one karpgen run.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	KarpVersion kv = fuzz_version(fuzz_opts(a, &data, &size));
	SrcFile *files[FUZZ_MAX_FILES];
	int nf = fuzz_files(a, data, size, "fuzz.yaml", files);
	Validation vs;
	validation_init(&vs, a, &kv);
	for (int i = 0; i < nf; i++) {
		Value **docs = NULL;
		if (yaml_load(a, files[i], &docs) < 0)
			vs.incomplete = true;  /* as cmd_validate() */
		for (int k = 0; docs && docs[k]; k++)
			validate_document(&vs, docs[k]);
	}
	validation_finish(&vs);
	fuzz_end(a);
	return 0;
}
