/*
 * fuzz_docs - the AWS CLI, eksctl and Kubernetes front-ends on arbitrary
 * bytes: whatever json_load() and yaml_load() accept goes through
 * load_aws_json(), load_eksctl() and load_k8s_docs() (each into a fresh IR,
 * then all into one, as a run with several inputs would), the links between
 * them, the checks' view of them (check_ctx(): which NodePool replaces
 * which group) and the IR printer.  No crash, no leak.
 */
#include "fuzz.h"

#include <string.h>

static IR *
new_ir(Arena *a)
{
	IR *ir = arena_alloc(a, sizeof *ir);
	ir->arena = a;
	return ir;
}

static Input *
input(Arena *a, IR *ir, const SrcFile *f)
{
	Input *in = arena_alloc(a, sizeof *in);
	in->file = f;
	VEC_PUSH(a, ir->inputs, in);
	return in;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a;
	SrcFile *f = fuzz_begin(&a, data, size, "fuzz.json");
	IR *all = new_ir(a);
	int n;
	Value *root = json_load(a, f, &n);
	if (root) {
		Input *in = input(a, new_ir(a), f);
		in->root = root;
		load_aws_json(all, in);
	}
	Value **docs;
	int nd = yaml_load(a, f, &docs);
	if (nd > 0) {
		Input *in = input(a, new_ir(a), f);
		in->docs = docs;
		in->ndocs = nd;
		load_eksctl(all, in);
		load_k8s_docs(all, in);
	}
	ir_link(all);
	(void)check_ctx(all);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		ir_print(null, all);
		fclose(null);
	}
	fuzz_end(a);
	return 0;
}
