/*
 * test_tf_types.c - tf_types.c: reading type constraints with optional()
 * defaults, the literal reader's positions, and conversion as Terraform does
 * it (defaults applied and marked, strings and numbers converted, missing
 * required attributes and unknown attributes diagnosed).
 */
#include "unit.h"

#include <string.h>

static Arena *A;

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	diag_init(A);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	diag_init(NULL);
	arena_free(A);
	return 0;
}

static const SrcFile *
mem(const char *text)
{
	return src_from_mem(A, "vars.tf", text, strlen(text));
}

static int
count_rule(RuleId r)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == r;
	return k;
}

static const char group_type[] =
    "object({\n"                                              /* 1 */
    "  instance_types = optional(list(string), [\"m5.large\"])\n"  /* 2 */
    "  min_per_az     = number\n"                             /* 3 */
    "  labels = optional(map(string), {\n"                    /* 4 */
    "    \"pool\" = \"default\"  # comment\n"                 /* 5 */
    "  })\n"                                                  /* 6 */
    "  volume = optional(object({\n"                          /* 7 */
    "    size = optional(string, \"50\")\n"                   /* 8 */
    "    type = optional(string, \"gp3\")\n"                  /* 9 */
    "  }), {})\n"                                             /* 10 */
    "})";                                                     /* 11 */

static void
reads_object_with_optional_defaults(void **state)
{
	(void)state;
	const SrcFile *f = mem(group_type);
	TfType *t = tftype_parse(A, f, 0, f->len);
	assert_non_null(t);
	assert_int_equal(t->kind, TY_OBJECT);
	assert_int_equal(t->nattrs, 4);
	const TyAttr *it = tftype_attr(t, "instance_types");
	assert_non_null(it);
	assert_true(it->optional);
	assert_int_equal(it->type->kind, TY_LIST);
	assert_int_equal(it->type->elem->kind, TY_STRING);
	assert_int_equal(it->dflt->kind, V_LIST);
	/* the default's position is where it is written in the variables.tf */
	assert_int_equal(it->dflt->loc.line, 2);
	assert_int_equal(it->dflt->loc.col, 43);
	assert_string_equal(it->dflt->items[0]->s, "m5.large");
	assert_int_equal(it->dflt->items[0]->loc.col, 44);
	const TyAttr *mn = tftype_attr(t, "min_per_az");
	assert_false(mn->optional);
	assert_int_equal(mn->type->kind, TY_NUMBER);
	assert_int_equal(mn->loc.line, 3);
	assert_int_equal(mn->loc.col, 3);
	const TyAttr *lb = tftype_attr(t, "labels");
	assert_int_equal(lb->dflt->kind, V_MAP);
	assert_string_equal(lb->dflt->members[0].key, "pool");
	assert_int_equal(lb->dflt->members[0].key_loc.line, 5);
	assert_int_equal(lb->dflt->members[0].key_loc.col, 5);
	assert_int_equal(count_rule(KG106), 0);
}

static Value *
lit(const char *text)
{
	const SrcFile *f = src_from_mem(A, "x.tfvars", text, strlen(text));
	return tf_literal_parse(A, f, 0, f->len);
}

static void
converts_and_applies_defaults(void **state)
{
	(void)state;
	const SrcFile *f = mem(group_type);
	TfType *t = tftype_parse(A, f, 0, f->len);
	Value *v = lit("{\n  min_per_az = \"2\"\n  volume = { size = 100 }\n}");
	assert_non_null(v);
	TfConv c = { .a = A };
	Value *out = tftype_convert(&c, t, v, "g");
	assert_non_null(out);
	/* "2" became the number 2, where the input wrote it */
	Value *mn = v_get(out, "min_per_az");
	assert_int_equal(mn->kind, V_NUM);
	assert_true(mn->flags & VF_INTEGER);
	assert_int_equal(mn->i, 2);
	assert_false(mn->flags & VF_DEFAULT);
	assert_int_equal(mn->loc.line, 2);
	assert_int_equal(mn->loc.col, 16);
	/* an absent optional attribute takes its default, marked as one, placed at the default */
	Value *it = v_get(out, "instance_types");
	assert_non_null(it);
	assert_true(it->flags & VF_DEFAULT);
	assert_string_equal(it->items[0]->s, "m5.large");
	assert_int_equal(it->loc.file, f);
	assert_int_equal(it->loc.line, 2);
	/* nested defaults inside a given object; 100 converted to the string "100" */
	Value *vol = v_get(out, "volume");
	assert_string_equal(v_get(vol, "size")->s, "100");
	assert_false(v_get(vol, "size")->flags & VF_DEFAULT);
	assert_string_equal(v_get(vol, "type")->s, "gp3");
	assert_true(v_get(vol, "type")->flags & VF_DEFAULT);
	assert_int_equal(count_rule(KG106), 0);
	assert_int_equal(count_rule(KG110), 0);
}

static void
default_object_gets_its_own_defaults(void **state)
{
	(void)state;
	const SrcFile *f = mem(group_type);
	TfType *t = tftype_parse(A, f, 0, f->len);
	Value *v = lit("{ min_per_az = 1 }");
	Loc key = { .file = v->loc.file, .line = 7, .col = 3 };
	TfConv c = { .a = A, .default_at = &key };
	Value *out = tftype_convert(&c, t, v, "g");
	/* volume's default is {}: converting it fills size and type from their own defaults */
	Value *vol = v_get(out, "volume");
	assert_non_null(vol);
	assert_string_equal(v_get(vol, "size")->s, "50");
	assert_true(v_get(vol, "size")->flags & VF_DEFAULT);
	/* a built-in schema places its defaults at the group's key */
	assert_int_equal(v_get(vol, "size")->loc.line, 7);
	assert_int_equal(v_get(vol, "size")->loc.col, 3);
}

static void
null_takes_the_default(void **state)
{
	(void)state;
	const SrcFile *f = mem(group_type);
	TfType *t = tftype_parse(A, f, 0, f->len);
	Value *v = lit("{ min_per_az = 1, instance_types = null }");
	TfConv c = { .a = A };
	Value *out = tftype_convert(&c, t, v, "g");
	assert_string_equal(v_get(out, "instance_types")->items[0]->s, "m5.large");
}

static void
diagnoses_missing_and_unknown_attributes(void **state)
{
	(void)state;
	const SrcFile *f = mem(group_type);
	TfType *t = tftype_parse(A, f, 0, f->len);
	Value *v = lit("{\n  instance_type = \"m5.large\"\n}");
	TfConv c = { .a = A };
	tftype_convert(&c, t, v, "g");
	assert_int_equal(count_rule(KG106), 1);    /* min_per_az is required */
	assert_int_equal(count_rule(KG110), 1);    /* instance_type is not an attribute */
	int n;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		if (d[i]->rule == KG110) {
			assert_int_equal(d[i]->loc.line, 2);
			assert_int_equal(d[i]->loc.col, 3);
		}
}

static void
wrong_shape_is_kg106(void **state)
{
	(void)state;
	const SrcFile *f = mem("map(list(string))");
	TfType *t = tftype_parse(A, f, 0, f->len);
	assert_non_null(t);
	Value *v = lit("{ a = \"x\" }");
	TfConv c = { .a = A };
	tftype_convert(&c, t, v, "v");
	assert_int_equal(count_rule(KG106), 1);
}

static void
unknown_defaults_stay_expressions(void **state)
{
	(void)state;
	const SrcFile *f = mem("object({ a = optional(string, var.x), b = optional(list(string), concat([], [])) })");
	TfType *t = tftype_parse(A, f, 0, f->len);
	assert_non_null(t);
	assert_int_equal(tftype_attr(t, "a")->dflt->kind, V_UNKNOWN);
	assert_string_equal(tftype_attr(t, "a")->dflt->s, "var.x");
	assert_string_equal(tftype_attr(t, "b")->dflt->s, "concat([], [])");
}

static void
bad_type_is_located(void **state)
{
	(void)state;
	const SrcFile *f = mem("object({\n  a = strin\n})");
	assert_null(tftype_parse(A, f, 0, f->len));
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 1);
	assert_int_equal(d[0]->rule, KG106);
	assert_int_equal(d[0]->loc.line, 2);
}

static void
deep_nesting_is_bounded(void **state)
{
	(void)state;
	enum { N = 2000 };
	char *s = arena_alloc(A, N * 6 + 16);
	size_t k = 0;
	for (int i = 0; i < N; i++)
		k += (size_t)sprintf(s + k, "list(");
	k += (size_t)sprintf(s + k, "string");
	for (int i = 0; i < N; i++)
		s[k++] = ')';
	s[k] = '\0';
	const SrcFile *f = mem(s);
	assert_null(tftype_parse(A, f, 0, f->len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reads_object_with_optional_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(converts_and_applies_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(default_object_gets_its_own_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(null_takes_the_default, setup, teardown),
		cmocka_unit_test_setup_teardown(diagnoses_missing_and_unknown_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_shape_is_kg106, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_defaults_stay_expressions, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_type_is_located, setup, teardown),
		cmocka_unit_test_setup_teardown(deep_nesting_is_bounded, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
