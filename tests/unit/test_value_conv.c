/*
 * test_value_conv.c - the value -> IR scalar conversions, input by input:
 * what each converter makes of a string, a number (integral, real, negative,
 * out of range, without its spelling), a boolean (and YAML 1.1's `yes`), null,
 * a list, a map, a CloudFormation intrinsic, an expression and a template
 * placeholder, with the diagnostic it reports.
 *
 * Today there are two families: Terraform's (sval_of, ival_of, bval_of,
 * slist_of, kvlist_of; the Terraform front-ends) and the table-driven
 * front-ends' (ld_str, ld_int, ld_bool, ld_list, ld_kv; eksctl, AWS CLI).
 * Each row holds what both make of one input; a row whose two columns differ
 * is a difference of semantics for the same key.
 */
#include "unit.h"
#include "irbuild.h"

#include <stdio.h>
#include <string.h>

static Arena *A;
static IR *ir;
static LoadCtx C;
static SrcFile *F;

static int
setup(void **state)
{
	(void)state;
	A = tb_empty()->a;
	ir = tb_state.ir;
	F = src_from_mem(A, "in.yaml", "x\n", 2);
	C = (LoadCtx){ .ir = ir, .dialect = "test", .warn_unknown = true };
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tb_free(&tb_state);
	return 0;
}

/* ---------------------------------------------------------------- inputs */

static Value *
mk(VKind k)
{
	Loc l = { .file = F, .line = 1, .col = 1 };
	return v_new(A, k, &l);
}

static Value *
in_str(const char *s)
{
	Value *v = mk(V_STR);
	v->s = s;
	v->len = strlen(s);
	return v;
}

/* a number as a parser makes it: spelling (NULL: computed), value, integer flag */
static Value *
in_num(const char *spelling, double d, bool integer)
{
	Value *v = mk(V_NUM);
	v->s = spelling;
	v->len = spelling ? strlen(spelling) : 0;
	v->num = d;
	v->i = (int64_t)d;
	if (integer)
		v->flags |= VF_INTEGER;
	return v;
}

static Value *
in_bool(bool b, const char *spelling)
{
	Value *v = mk(V_BOOL);
	v->b = b;
	v->s = spelling;
	v->len = spelling ? strlen(spelling) : 0;
	return v;
}

static Value *
in_unknown(const char *expr)
{
	Value *v = mk(V_UNKNOWN);
	v->s = expr;
	v->len = strlen(expr);
	return v;
}

static Value *
in_list(void)
{
	Value *v = mk(V_LIST);
	v_list_push(A, v, in_str("a"));
	v_list_push(A, v, mk(V_NULL));
	v_list_push(A, v, in_num("7", 7, true));
	return v;
}

static Value *
in_map(void)
{
	Value *v = mk(V_MAP);
	Loc l = { .file = F, .line = 1, .col = 1 };
	v_map_put(A, v, "a", &l, in_str("x"));
	v_map_put(A, v, "b", &l, mk(V_NULL));
	return v;
}

static Value *
in_intrinsic(void)
{
	Value *v = mk(V_MAP);
	Loc l = { .file = F, .line = 1, .col = 1 };
	v_map_put(A, v, "Ref", &l, in_str("Subnet"));
	return v;
}

/* ------------------------------------------------------------- results */

/* The diagnostics since the last call, as "KG106 w: message; ..." ("" when none). */
static const char *
diags(void)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	Buf b = { 0 };
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s%s: %s", i ? "; " : "", rule_table[d[i]->rule].id,
		    d[i]->sev == SEV_WARNING ? " w" : d[i]->sev == SEV_NOTE ? " n" : "", d[i]->msg);
	const char *s = arena_strdup(A, b.s ? b.s : "");
	buf_free(&b);
	diag_init(A);
	return s;
}

/* "unset", "s=TEXT", "i=N", "b=true", "?=EXPR" then " | diagnostics" */
static const char *
show(bool set, bool unknown, const char *expr, const char *val)
{
	const char *r = !set ? "unset" : unknown ? arena_printf(A, "?=%s", expr) : val;
	const char *d = diags();
	return *d ? arena_printf(A, "%s | %s", r, d) : r;
}

static const char *
tf_s(const Value *v)
{
	SVal s = sval_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, arena_printf(A, "s=%s", s.s));
}

static const char *
ld_s(const Value *v)
{
	SVal s = { 0 };
	bool ok = ld_str(&C, "k", v, &s);
	return show(ok && s.set, s.unknown, s.expr, arena_printf(A, "s=%s", s.s));
}

static const char *
tf_i(const Value *v)
{
	IVal s = ival_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, arena_printf(A, "i=%lld", (long long)s.v));
}

static const char *
ld_i(const Value *v)
{
	IVal s = { 0 };
	bool ok = ld_int(&C, "k", v, &s);
	return show(ok && s.set, s.unknown, s.expr, arena_printf(A, "i=%lld", (long long)s.v));
}

static const char *
tf_b(const Value *v)
{
	BVal s = bval_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, s.v ? "b=true" : "b=false");
}

static const char *
ld_b(const Value *v)
{
	BVal s = { 0 };
	bool ok = ld_bool(&C, "k", v, &s);
	return show(ok && s.set, s.unknown, s.expr, s.v ? "b=true" : "b=false");
}

static const char *
list_text(const SList *l)
{
	Buf b = { 0 };
	buf_printf(&b, "l=[");
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", l->v[i].unknown ? "?" : l->v[i].s);
	buf_printf(&b, "]");
	const char *s = arena_strdup(A, b.s);
	buf_free(&b);
	return s;
}

static const char *
tf_l(const Value *v)
{
	SList l = slist_of(ir, v, "k");
	return show(l.set, l.unknown, l.expr, list_text(&l));
}

static const char *
ld_l(const Value *v)
{
	SList l = { 0 };
	bool ok = ld_list(&C, "k", v, &l);
	return show(ok && l.set, l.unknown, l.expr, list_text(&l));
}

static const char *
kv_text(const KVList *l)
{
	Buf b = { 0 };
	buf_printf(&b, "m={");
	for (int i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s:%s", i ? "," : "", l->v[i].key.s, l->v[i].value.unknown ? "?" : l->v[i].value.s);
	buf_printf(&b, "}");
	const char *s = arena_strdup(A, b.s);
	buf_free(&b);
	return s;
}

static const char *
tf_m(const Value *v)
{
	KVList l = kvlist_of(ir, v, "k");
	return show(l.set, l.unknown, l.expr, kv_text(&l));
}

static const char *
ld_m(const Value *v)
{
	KVList l = { 0 };
	bool ok = ld_kv(&C, "k", v, &l);
	return show(ok && l.set, l.unknown, l.expr, kv_text(&l));
}

typedef const char *(*Conv)(const Value *v);

typedef struct Row {
	const char *what;       /* the input */
	Value *(*make)(void);
	Conv tf, ld;            /* the two families' converters for one kind of key */
	const char *want_tf, *want_ld;
} Row;

/* inputs, each a function so every row gets a fresh value in the test's arena */
static Value *s_100(void) { return in_str("100"); }
static Value *s_m100(void) { return in_str("-100"); }
static Value *s_sp100(void) { return in_str(" 100"); }
static Value *s_word(void) { return in_str("m5.large"); }
static Value *s_true(void) { return in_str("true"); }
static Value *s_ph(void) { return in_str("KarpenterNodeRole-${CLUSTER_NAME}"); }
static Value *s_ph_curly(void) { return in_str("{{ .Values.name }}"); }
static Value *n_100(void) { return in_num("100", 100, true); }
static Value *n_1_0(void) { return in_num("1.0", 1.0, false); }
static Value *n_1_5(void) { return in_num("1.5", 1.5, false); }
static Value *n_m3(void) { return in_num("-3", -3, true); }
static Value *n_big(void) { return in_num("99999999999999999999", 1e20, false); }
static Value *n_130(void) { return in_num("1.30", 1.3, false); }
static Value *n_tenth(void) { return in_num(NULL, 0.1, false); }
static Value *n_million(void) { return in_num(NULL, 1234567, false); }
static Value *b_true(void) { return in_bool(true, "true"); }
static Value *b_yes(void) { return in_bool(true, "yes"); }
static Value *null(void) { return mk(V_NULL); }
static Value *list(void) { return in_list(); }
static Value *map(void) { return in_map(); }
static Value *ref(void) { return in_intrinsic(); }
static Value *expr(void) { return in_unknown("var.size"); }

static void
run(const Row *rows, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *tf = rows[i].tf(rows[i].make());
		const char *ld = rows[i].ld(rows[i].make());
		if (strcmp(tf, rows[i].want_tf) != 0 || strcmp(ld, rows[i].want_ld) != 0) {
			fprintf(stderr, "row %zu (%s):\n  tf: %s\n  ld: %s\n", i, rows[i].what, tf, ld);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_strings(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "\"m5.large\"", s_word, tf_s, ld_s, "s=m5.large", "s=m5.large" },
		{ "100", n_100, tf_s, ld_s, "s=100", "s=100" },
		{ "1.30 keeps its spelling", n_130, tf_s, ld_s, "s=1.30", "s=1.30" },
		{ "0.1 computed (no spelling)", n_tenth, tf_s, ld_s, "s=0.10000000000000001", "s=0.1" },
		{ "1234567 computed", n_million, tf_s, ld_s, "s=1234567", "s=1.23457e+06" },
		{ "true", b_true, tf_s, ld_s, "s=true", "s=true" },
		{ "YAML 1.1 yes", b_yes, tf_s, ld_s, "s=true",
		    "s=yes | KG106 w: 'k' is 'yes', which YAML reads as a boolean, not a string" },
		{ "null", null, tf_s, ld_s, "unset", "unset" },
		{ "a list", list, tf_s, ld_s, "unset | KG106: 'k' should be a string, not list",
		    "unset | KG106: 'k' should be a string, not a list" },
		{ "a map", map, tf_s, ld_s, "unset | KG106: 'k' should be a string, not object",
		    "unset | KG106: 'k' should be a string, not an object" },
		{ "{Ref: ...}", ref, tf_s, ld_s, "unset | KG106: 'k' should be a string, not object",
		    "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, tf_s, ld_s, "?=var.size", "?=var.size" },
		{ "${CLUSTER_NAME} in a string", s_ph, tf_s, ld_s, "s=KarpenterNodeRole-${CLUSTER_NAME}",
		    "?=KarpenterNodeRole-${CLUSTER_NAME} | KG111 w: template placeholder '${CLUSTER_NAME}' in 'k' "
		    "is not substituted" },
		{ "{{ x }} in a string", s_ph_curly, tf_s, ld_s, "s={{ .Values.name }}",
		    "?={{ .Values.name }} | KG111 w: template placeholder '{{ .Values.name }}' in 'k' is not substituted" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_integers(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "100", n_100, tf_i, ld_i, "i=100", "i=100" },
		{ "\"100\"", s_100, tf_i, ld_i, "i=100", "unset | KG106: 'k' should be an integer, not a string" },
		{ "\"-100\"", s_m100, tf_i, ld_i, "i=-100", "unset | KG106: 'k' should be an integer, not a string" },
		{ "\" 100\"", s_sp100, tf_i, ld_i, "i=100", "unset | KG106: 'k' should be an integer, not a string" },
		{ "\"m5.large\"", s_word, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not string",
		    "unset | KG106: 'k' should be an integer, not a string" },
		{ "1.0", n_1_0, tf_i, ld_i, "i=1", "unset | KG106: 'k' should be an integer, not '1.0'" },
		{ "1.5", n_1_5, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not number",
		    "unset | KG106: 'k' should be an integer, not '1.5'" },
		{ "-3", n_m3, tf_i, ld_i, "i=-3", "unset | KG112: 'k' must not be negative: '-3'" },
		{ "1e20 written out", n_big, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not number",
		    "unset | KG112: 'k' is out of range: '99999999999999999999'" },
		{ "true", b_true, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not bool",
		    "unset | KG106: 'k' should be an integer, not a bool" },
		{ "null", null, tf_i, ld_i, "unset", "unset" },
		{ "a list", list, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not list",
		    "unset | KG106: 'k' should be an integer, not a list" },
		{ "{Ref: ...}", ref, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not object",
		    "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, tf_i, ld_i, "?=var.size", "?=var.size" },
		{ "a placeholder", s_ph, tf_i, ld_i, "unset | KG106: 'k' should be a whole number, not string",
		    "?=KarpenterNodeRole-${CLUSTER_NAME} | KG111 w: template placeholder '${CLUSTER_NAME}' in 'k' "
		    "is not substituted" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_booleans(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "true", b_true, tf_b, ld_b, "b=true", "b=true" },
		{ "YAML 1.1 yes", b_yes, tf_b, ld_b, "b=true", "b=true" },
		{ "\"true\"", s_true, tf_b, ld_b, "b=true", "b=true" },
		{ "100", n_100, tf_b, ld_b, "unset | KG106: 'k' should be true or false, not number",
		    "unset | KG106: 'k' should be true or false, not a number" },
		{ "null", null, tf_b, ld_b, "unset", "unset" },
		{ "{Ref: ...}", ref, tf_b, ld_b, "unset | KG106: 'k' should be true or false, not object",
		    "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, tf_b, ld_b, "?=var.size", "?=var.size" },
		{ "a placeholder", s_ph, tf_b, ld_b, "unset | KG106: 'k' should be true or false, not string",
		    "unset | KG106: 'k' should be true or false, not a string" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_collections(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "[a, null, 7]", list, tf_l, ld_l, "l=[a,7]", "l=[a,7]" },
		{ "a string for a list", s_word, tf_l, ld_l, "unset | KG106: 'k' should be a list of strings, not string",
		    "unset | KG106: 'k' should be a list, not a string" },
		{ "{Ref: ...} for a list", ref, tf_l, ld_l,
		    "unset | KG106: 'k' should be a list of strings, not object", "?={\"Ref\":\"Subnet\"}" },
		{ "an expression for a list", expr, tf_l, ld_l, "?=var.size", "?=var.size" },
		{ "{a: x, b: null}", map, tf_m, ld_m, "m={a:x}", "m={a:x,b:}" },
		{ "a list for a map", list, tf_m, ld_m, "unset | KG106: 'k' should be a map of strings, not list",
		    "unset | KG106: 'k' should be a map of strings, not a list" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collections, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
