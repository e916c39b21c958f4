/*
 * fuzz_lint - `karpgen lint` on arbitrary bytes: tfvars, Terraform, AWS
 * CLI JSON, eksctl and Karpenter manifests (one file, or several as
 * "==> NAME <==" sections, see fuzz_files(); a bare input is fuzz.tfvars,
 * whose syntax is sniffed from its content) loaded through
 * ir_load_files(), resolved, then every rule family through check_all()
 * when the inputs were read in full - as cmd_lint() in main.c does.
 * Options from a "#fuzz:" line (see fuzz_opts()): a Karpenter version,
 * "named" (cluster, region and account given), "home"
 * (--karpenter-nodegroup system).  No crash, no hang, no leak.
 */
#include "fuzz.h"

/* main.c's inputs_incomplete(): the checks do not run on a partial IR. */
static bool
incomplete(const IR *ir)
{
	for (int i = 0; i < ir->inputs.n; i++)
		if (ir->inputs.v[i]->dialect == D_UNKNOWN)
			return true;
	return ir->inputs.n < ir->opt->ninputs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	const char *opts = fuzz_opts(a, &data, &size);
	Options o = { .command = "lint", .kv = fuzz_version(opts) };
	if (fuzz_opt(opts, "named")) {
		o.cluster_name = "fuzz";
		o.region = "us-west-2";
		o.account_id = "123456789012";
	}
	if (fuzz_opt(opts, "home"))
		o.karpenter_nodegroup = "system";
	SrcFile *files[FUZZ_MAX_FILES];
	int n = fuzz_files(a, data, size, "fuzz.tfvars", files);
	o.ninputs = n;
	IR *ir = ir_load_files(a, &o, files, n);
	ir_resolve(ir);
	if (!diag_fatal() && !incomplete(ir))
		check_all(ir);
	fuzz_end(a);
	return 0;
}
