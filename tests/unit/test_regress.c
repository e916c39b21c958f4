/*
 * test_regress.c - inputs the fuzz targets (fuzz/) found to crash, hang or
 * misbehave, each run in memory (ir_load_files()) through the pipeline of
 * the command whose target found it, checking the internal result the
 * golden cases under testdata/regress/ cannot see.  The sanitizer build (make SANITIZE=... check)
 * runs these too, which is where undefined behaviour shows.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

typedef struct Run {
	Arena *a;
	Options o;
	IR *ir;
} Run;

/* Load and resolve `text` as one input named `name`, as `command` does. */
static void
run_load(Run *r, const char *command, const char *name, const char *text)
{
	r->a = arena_new();
	diag_init(r->a);
	memset(&r->o, 0, sizeof r->o);
	r->o.command = command;
	karpenter_version_pick("1.14.1", &r->o.kv);
	r->o.ninputs = 1;
	SrcFile *f = src_from_mem(r->a, name, text, strlen(text));
	r->ir = ir_load_files(r->a, &r->o, &f, 1);
	ir_resolve(r->ir);
}

static void
run_end(Run *r)
{
	diag_init(NULL);
	arena_free(r->a);
}

static bool
has_rule(RuleId rule, const char *text)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == rule && strstr(d[i]->msg, text))
			return true;
	return false;
}

/*
 * fuzz_compile: a zone list holding an expression ("usw2-az1" - "usw2-az2")
 * was copied by resolve() into zone_names as it was, and lower() hashed the
 * expression's NULL text (UBSan: load of null pointer in hash_str).  The
 * NodePool is now not pinned to zones, with a note, as when the whole list
 * is an expression.
 */
static void
compile_zone_expression(void **state)
{
	(void)state;
	Run r;
	run_load(&r, "compile", "fuzz.tfvars",
	    "deploy_id = \"plantest020\"\n"
	    "region    = \"us-west-2\"\n"
	    "default_node_groups = {\n"
	    "  compute = {\n"
	    "    availability_zone_ids = [\"usw2-az1\"- \"usw2-az2\"]\n"
	    "  }\n"
	    "  gpu = {\n"
	    "    availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"]\n"
	    "  }\n"
	    "  platform = {\n"
	    "    availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"]\n"
	    "  }\n"
	    "}\n");
	/* cmd_compile(): resolve_propose_home(), the checks, then lower() */
	resolve_propose_home(r.ir);
	check_all(r.ir);
	assert_int_equal(diag_count(SEV_ERROR), 0);
	Lowered *lw = lower(r.ir);
	assert_true(lw && !lw->failed);
	assert_true(has_rule(KG109, "one of the zones of 'compute' is an expression"));
	run_end(&r);
}

/* Every line of `text` (len bytes) that is not a comment starts with none of `lines`. */
static bool
no_live_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line);
	for (size_t i = 0; i < len; i++)
		if ((i == 0 || text[i - 1] == '\n') && len - i >= n && memcmp(text + i, line, n) == 0)
			return false;
	return true;
}

/*
 * fuzz_convert: the comment naming each document's input carried the file
 * name as it was: invalid UTF-8 made the stream unreadable YAML, and a
 * newline in the name would start a line of YAML of its own.
 */
static void
convert_file_name_in_comment(void **state)
{
	(void)state;
	Arena *a = arena_new();
	diag_init(a);
	const char *name = "a\nkind: Evil\xff.yaml";
	const char *text = "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: p\n"
	    "spec:\n  providerRef:\n    name: default\n";
	SrcFile *f = src_from_mem(a, name, text, strlen(text));
	Value **docs;
	int n = yaml_load(a, f, &docs);
	assert_int_equal(n, 1);
	Comments *cm = comments_new(a);
	comments_add_file(cm, f, docs, n);
	ConvertOptions co = { .to = CONV_V1 };
	Converted *out;
	int m = convert_documents(a, &co, docs, n, &out);
	assert_true(m >= 1);
	char *s = convert_stream(out, m, cm, co.to);
	assert_true(no_live_line(s, strlen(s), "kind: Evil"));
	SrcFile *back = src_from_mem(a, "back.yaml", s, strlen(s));
	free(s);
	int errors = diag_count(SEV_ERROR);
	Value **again;
	assert_true(yaml_load(a, back, &again) >= 0);
	assert_int_equal(diag_count(SEV_ERROR), errors);
	diag_init(NULL);
	arena_free(a);
}

/*
 * fuzz_convert: a comment line holding a lone CR ("# a\rkey: v") is a
 * comment and a line of content to libyaml, but one comment line to
 * comments.c, which wrote it back whole above the document: read back, the
 * key was there twice (KG108) and the stream was not what was converted.
 * The same for NEL, LS and PS.
 */
static void
convert_comment_line_break(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"# one\r-to v1: two\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s # three\rx: 1\n",
		"# one\xc2\x85-to v1: two\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n",
		"# one\xe2\x80\xa8-to v1: two\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n",
	};
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		Arena *a = arena_new();
		diag_init(a);
		SrcFile *f = src_from_mem(a, "in.yaml", texts[t], strlen(texts[t]));
		Value **docs;
		int n = yaml_load(a, f, &docs);
		assert_int_equal(n, 1);
		Comments *cm = comments_new(a);
		comments_add_file(cm, f, docs, n);
		ConvertOptions co = { .to = CONV_V1 };
		Converted *out;
		int m = convert_documents(a, &co, docs, n, &out);
		assert_int_equal(m, 1);
		char *s = convert_stream(out, m, cm, co.to);
		SrcFile *back = src_from_mem(a, "back.yaml", s, strlen(s));
		free(s);
		Value **again;
		assert_int_equal(yaml_load(a, back, &again), 1);
		assert_int_equal(diag_count(SEV_ERROR), 0);
		assert_true(value_equal(again[0], out[0].doc));
		diag_init(NULL);
		arena_free(a);
	}
}

/*
 * Found while triaging fuzz_compile's inputs: a Karpenter group named
 * "karpenter\ninjected = true" was written into a comment
 * of terraform/01-karpenter-node-groups.tfvars, whose second line was then
 * live HCL for the user to paste into infra.tfvars.
 */
static void
compile_home_name_in_comment(void **state)
{
	(void)state;
	Run r;
	run_load(&r, "compile", "infra.tfvars",
	    "deploy_id = \"plantest002\"\n"
	    "region    = \"us-west-2\"\n"
	    "default_node_groups = {\n"
	    "  compute = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "  platform = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "  gpu = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "}\n"
	    "karpenter_node_groups = {\n"
	    "  \"karpenter\\ninjected = true\\n#\" = {\n"
	    "    availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"]\n"
	    "    min_per_az            = 2\n"
	    "  }\n"
	    "}\n");
	resolve_propose_home(r.ir);
	check_all(r.ir);
	Lowered *lw = lower(r.ir);
	assert_true(lw && !lw->failed);
	Output o = { .arena = r.a };
	emit_terraform(lw, &o);
	int found = 0;
	for (int i = 0; i < o.files.n; i++) {
		const OutFile *f = &o.files.v[i];
		if (strstr(f->path, ".tfvars")) {
			found++;
			assert_true(no_live_line(f->data, f->len, "injected"));
		}
	}
	assert_true(found > 0);
	run_end(&r);
}

/*
 * fuzz_compile: a tag key holding U+2028 was written double-quoted but
 * raw; YAML reads U+2028 as a line break, which ends an implicit key, so
 * the EC2NodeClass did not read back ("mapping values are not allowed").
 * NEL, the C1 controls, U+FEFF, U+FFFE and U+FFFF are escaped too.
 */
static void
compile_yaml_line_separator(void **state)
{
	(void)state;
	Run r;
	run_load(&r, "compile", "infra.tfvars",
	    "deploy_id = \"plantest002\"\n"
	    "region    = \"us-west-2\"\n"
	    "default_node_groups = {\n"
	    "  compute = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "  platform = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "  gpu = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "}\n"
	    "additional_node_groups = {\n"
	    "  m = {\n"
	    "    instance_types = [\"m6i.large\"]\n"
	    "    availability_zone_ids = [\"usw2-az1\"]\n"
	    "    min_per_az = 0\n    max_per_az = 4\n    desired_per_az = 0\n"
	    "    labels = {}\n"
	    "    tags = { \"a\\u2028b: c\" = \"x\\u2029y\", \"n\\u0085\\u0090\\ufeff\" = \"v\" }\n"
	    "    volume = { size = 100, type = \"gp3\" }\n"
	    "  }\n"
	    "}\n"
	    "karpenter_node_groups = {\n"
	    "  karpenter = { availability_zone_ids = [\"usw2-az1\", \"usw2-az2\"] }\n"
	    "}\n");
	resolve_propose_home(r.ir);
	check_all(r.ir);
	assert_int_equal(diag_count(SEV_ERROR), 0);
	Lowered *lw = lower(r.ir);
	assert_true(lw && !lw->failed);
	Output o = { .arena = r.a };
	emit_manifests(lw, &o);
	int found = 0;
	for (int i = 0; i < o.files.n; i++) {
		const OutFile *f = &o.files.v[i];
		if (!strstr(f->path, "ec2nodeclasses/"))
			continue;
		SrcFile *sf = src_from_mem(r.a, f->path, f->data, f->len);
		Value **docs;
		assert_int_equal(yaml_load(r.a, sf, &docs), 1);
		assert_int_equal(diag_count(SEV_ERROR), 0);
		const Value *tags = v_path(docs[0], "spec.tags");
		/* the tags as HCL decoded them: U+2028, U+2029, U+0085, U+0090, U+FEFF in UTF-8 */
		const char *k1 = "a" "\xe2\x80\xa8" "b: c", *v1 = "x" "\xe2\x80\xa9" "y";
		const char *k2 = "n" "\xc2\x85" "\xc2\x90" "\xef\xbb\xbf";
		if (tags && v_get(tags, k1)) {
			found++;
			assert_true(v_is_str(v_get(tags, k1), v1));
			assert_true(v_is_str(v_get(tags, k2), "v"));
		}
	}
	assert_int_equal(found, 1);
	run_end(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compile_zone_expression),
		cmocka_unit_test(convert_file_name_in_comment),
		cmocka_unit_test(convert_comment_line_break),
		cmocka_unit_test(compile_home_name_in_comment),
		cmocka_unit_test(compile_yaml_line_separator),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
