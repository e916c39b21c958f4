/*
 * fuzz_convert - `karpgen convert` on arbitrary bytes: every file's YAML
 * documents (several files: "==> NAME <==" sections, see fuzz_files()),
 * comments read beside them, converted together to the target API
 * ("#fuzz: v1beta1" picks v1beta1, else v1; a version word picks the
 * schemas, see fuzz_opts()), checked against the target's CRDs, then
 * written as one stream and, with "#fuzz: files", as one file per object
 * to a scratch directory - as cmd_convert() in main.c does.  No crash, no
 * hang, no leak; a stream written without error reads back without error;
 * no file lands outside the output directory.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Arena *a = arena_new();
	diag_init(a);
	const char *opts = fuzz_opts(a, &data, &size);
	KarpVersion kv = fuzz_version(opts);
	ConvertOptions co = { .to = fuzz_opt(opts, "v1beta1") ? CONV_V1BETA1 : CONV_V1 };
	if (fuzz_opt(opts, "alias"))
		co.ami_alias = "al2023@v20240807";
	SrcFile *files[FUZZ_MAX_FILES];
	int nf = fuzz_files(a, data, size, "fuzz.yaml", files);

	Comments *cm = comments_new(a);
	VEC(Value *) docs = { 0 };
	for (int i = 0; i < nf; i++) {
		Value **d = NULL;
		int n = yaml_load(a, files[i], &d);
		if (n < 0)
			continue;
		comments_add_file(cm, files[i], d, n);
		for (int k = 0; k < n; k++)
			VEC_PUSH(a, docs, d[k]);
	}
	Converted *out = NULL;
	int n = convert_documents(a, &co, docs.v, docs.n, &out);
	if (!diag_count(SEV_ERROR)) {
		Validation vs;
		validation_init(&vs, a, &kv);
		for (int i = 0; i < n; i++)
			validate_document(&vs, out[i].doc);
	}
	if (!diag_count(SEV_ERROR)) {
		char *s = convert_stream(out, n, cm, co.to);
		comments_report_lost(cm);
		SrcFile *back = src_from_mem(a, "back.yaml", s, strlen(s));
		free(s);
		int errors = diag_count(SEV_ERROR);
		Value **again;
		if (yaml_load(a, back, &again) < 0 || diag_count(SEV_ERROR) != errors)
			abort();
		if (fuzz_opt(opts, "files")) {
			convert_files(a, out, n, cm, co.to, fuzz_outdir(), false);
			fuzz_outdir_check();
		}
	}
	fuzz_end(a);
	return 0;
}
