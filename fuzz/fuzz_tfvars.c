/*
 * fuzz_tfvars - the Terraform front-ends (Domino tfvars, variables.tf with
 * optional() defaults, terraform-aws-modules/eks, Blueprints, resource
 * blocks) on arbitrary bytes, through ir_load_files(): the path `karpgen ir`
 * and `lint` take, with content sniffing, load_hcl_finish() and ir_link(),
 * then ir_resolve() and the IR printer.  One fuzz input may hold several
 * files ("==> variables.tf <==" lines, see fuzz_files()); a bare input is
 * one file named fuzz.tfvars.  No crash, no hang, no leak.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	SrcFile *files[FUZZ_MAX_FILES];
	int n = fuzz_files(a, data, size, "fuzz.tfvars", files);
	Options o = { .command = "ir" };
	IR *ir = ir_load_files(a, &o, files, n);
	ir_resolve(ir);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		ir_print(null, ir);
		fclose(null);
	}
	fuzz_end(a);
	return 0;
}
