/*
 * test_regress.c - inputs the fuzz targets (fuzz/) found to crash, hang or
 * misbehave, each run in memory (ir_load_files()) through the pipeline of
 * the command whose target found it, checking the internal result the
 * golden cases under testdata/regress/ cannot see.  The sanitizer build (make SANITIZE=... check)
 * runs these too, which is where undefined behaviour shows.
 */
#include "unit.h"

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
	r->o.kv = (KarpVersion){ 1, 14, 1, "1.14.1", "1.14.1" };
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
	/* cmd_compile(): lower_prepare(), the checks, then lower() */
	lower_prepare(r.ir);
	check_all(r.ir);
	assert_int_equal(diag_count(SEV_ERROR), 0);
	Lowered *lw = lower(r.ir);
	assert_non_null(lw);
	assert_true(has_rule(KG109, "one of the zones of 'compute' is an expression"));
	run_end(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compile_zone_expression),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
