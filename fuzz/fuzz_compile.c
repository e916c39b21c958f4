/*
 * fuzz_compile - `karpgen compile` on arbitrary bytes: the inputs (one or
 * several files, "==> NAME <==" sections, see fuzz_files(); a bare input is
 * fuzz.tfvars) loaded through ir_load_files(), resolved, the IAM checks,
 * then lower() and emit_kit() into a scratch directory - every emitter, the
 * CRD check of each manifest, and the all-or-nothing write - as
 * cmd_compile() in main.c does.  Options come from a "#fuzz:" line (see
 * fuzz_opts()): a Karpenter version, "irsa", "widen", "named" (cluster,
 * region and account given), "alias", "home" (--karpenter-nodegroup).  No
 * crash, no hang, no leak; no file lands outside the output directory,
 * which is removed after each input.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	const char *opts = fuzz_opts(a, &data, &size);
	Options o = { .command = "compile", .kv = fuzz_version(opts) };
	o.identity = fuzz_opt(opts, "irsa") ? ID_IRSA : ID_POD_IDENTITY;
	o.identity_set = fuzz_opt(opts, "irsa");
	o.widen_spot = fuzz_opt(opts, "widen");
	if (fuzz_opt(opts, "named")) {
		o.cluster_name = "fuzz";
		o.region = "us-west-2";
		o.account_id = "123456789012";
	}
	if (fuzz_opt(opts, "alias"))
		o.ami_alias = "al2023@v20240807";
	if (fuzz_opt(opts, "home"))
		o.karpenter_nodegroup = "system";
	SrcFile *files[FUZZ_MAX_FILES];
	int n = fuzz_files(a, data, size, "fuzz.tfvars", files);
	o.ninputs = n;
	o.output_dir = fuzz_outdir();

	IR *ir = ir_load_files(a, &o, files, n);
	ir_resolve(ir);
	bool ok = !diag_fatal() && diag_count(SEV_ERROR) == 0;
	if (ok) {
		check_iam(ir);
		ok = diag_count(SEV_ERROR) == 0;
	}
	Lowered *lw = ok ? lower(ir) : NULL;
	if (lw) {
		emit_kit(lw, o.output_dir);
		fuzz_outdir_check();
	}
	fuzz_end(a);
	return 0;
}
