/*
 * test_value_conv.c - the value -> IR scalar conversions, input by input:
 * what each converter makes of a string, a number (integral, real, negative,
 * out of range, without its spelling), a boolean (and YAML 1.1's `yes`), null,
 * a list, a map, a CloudFormation intrinsic, an expression and a template
 * placeholder, with the diagnostic it reports.
 *
 * There was a family per input language, with different answers for the
 * same key (Terraform's sval_of ... and the table-driven front-ends' ld_str
 * ...); the commit that made them one (load_value.c) recorded both columns
 * here.  Each row is now the one answer, for every front-end; a row marked
 * "was" says what one of the two families used to do differently.
 */
#include "unit.h"
#include "irbuild.h"

#include <stdio.h>
#include <string.h>

static Arena *A;
static IR *ir;
static SrcFile *F;

static int
setup(void **state)
{
	(void)state;
	A = tb_empty()->a;
	ir = tb_state.ir;
	F = src_from_mem(A, "in.yaml", "x\n", 2);
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
conv_s(const Value *v)
{
	SVal s = sval_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, arena_printf(A, "s=%s", s.s));
}

static const char *
conv_text(const Value *v)
{
	SVal s = sval_verbatim(ir, v, "k");
	return show(s.set, s.unknown, s.expr, arena_printf(A, "s=%s", s.s));
}

static const char *
conv_i(const Value *v)
{
	IVal s = ival_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, arena_printf(A, "i=%lld", (long long)s.v));
}

static const char *
conv_b(const Value *v)
{
	BVal s = bval_of(ir, v, "k");
	return show(s.set, s.unknown, s.expr, s.v ? "b=true" : "b=false");
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
conv_l(const Value *v)
{
	SList l = slist_of(ir, v, "k");
	return show(l.set, l.unknown, l.expr, list_text(&l));
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
conv_m(const Value *v)
{
	KVList l = kvlist_of(ir, v, "k");
	return show(l.set, l.unknown, l.expr, kv_text(&l));
}

typedef const char *(*Conv)(const Value *v);

typedef struct Row {
	const char *what;       /* the input */
	Value *(*make)(void);
	Conv conv;              /* the converter of one kind of key */
	const char *want;
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

/* what a placeholder in a string gives wherever it stands */
#define PLACEHOLDER \
	"?=KarpenterNodeRole-${CLUSTER_NAME} | KG111 w: template placeholder '${CLUSTER_NAME}' in 'k' is not substituted"

static void
run(const Row *rows, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *got = rows[i].conv(rows[i].make());
		if (strcmp(got, rows[i].want) != 0) {
			fprintf(stderr, "row %zu (%s):\n  got:  %s\n  want: %s\n", i, rows[i].what, got, rows[i].want);
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
		{ "\"m5.large\"", s_word, conv_s, "s=m5.large" },
		{ "100", n_100, conv_s, "s=100" },
		{ "1.30 keeps its spelling", n_130, conv_s, "s=1.30" },
		/* was 0.10000000000000001 (Terraform's) and 1.23457e+06 (YAML's): the shortest that reads back */
		{ "0.1 computed (no spelling)", n_tenth, conv_s, "s=0.1" },
		{ "1234567 computed", n_million, conv_s, "s=1234567" },
		{ "true", b_true, conv_s, "s=true" },
		/* was "true" without a word from Terraform's (HCL has no such booleans: the same then) */
		{ "YAML 1.1 yes", b_yes, conv_s, "s=yes | KG106 w: 'k' is 'yes', which YAML reads as a boolean, not a string" },
		{ "null", null, conv_s, "unset" },
		/* was "not list" / "not object" from Terraform's */
		{ "a list", list, conv_s, "unset | KG106: 'k' should be a string, not a list" },
		{ "a map", map, conv_s, "unset | KG106: 'k' should be a string, not an object" },
		/* was KG106 from Terraform's */
		{ "{Ref: ...}", ref, conv_s, "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, conv_s, "?=var.size" },
		/* was carried verbatim by Terraform's */
		{ "${CLUSTER_NAME} in a string", s_ph, conv_s, PLACEHOLDER },
		{ "{{ x }} in a string", s_ph_curly, conv_s,
		    "?={{ .Values.name }} | KG111 w: template placeholder '{{ .Values.name }}' in 'k' is not substituted" },
		/* shell text (user data, bootstrap commands): verbatim, its ${VAR} are the shell's */
		{ "${X} in shell text", s_ph, conv_text, "s=KarpenterNodeRole-${CLUSTER_NAME}" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_integers(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "100", n_100, conv_i, "i=100" },
		/* was KG106 from YAML's: Terraform converts a string where a number is wanted, karpgen for every input */
		{ "\"100\"", s_100, conv_i, "i=100" },
		/* was -100 from Terraform's: every integer key is a count or a size */
		{ "\"-100\"", s_m100, conv_i, "unset | KG112: 'k' must not be negative: '-100'" },
		/* was 100 from Terraform's (strtoll skips blanks) */
		{ "\" 100\"", s_sp100, conv_i, "unset | KG106: 'k' should be an integer, not ' 100'" },
		/* was "a whole number, not string" / "an integer, not a string" */
		{ "\"m5.large\"", s_word, conv_i, "unset | KG106: 'k' should be an integer, not 'm5.large'" },
		/* was KG106 from YAML's */
		{ "1.0", n_1_0, conv_i, "i=1" },
		{ "1.5", n_1_5, conv_i, "unset | KG106: 'k' should be an integer, not '1.5'" },
		/* was -3 from Terraform's */
		{ "-3", n_m3, conv_i, "unset | KG112: 'k' must not be negative: '-3'" },
		/* was KG106 from Terraform's */
		{ "1e20 written out", n_big, conv_i, "unset | KG112: 'k' is out of range: '99999999999999999999'" },
		{ "true", b_true, conv_i, "unset | KG106: 'k' should be an integer, not a bool" },
		{ "null", null, conv_i, "unset" },
		{ "a list", list, conv_i, "unset | KG106: 'k' should be an integer, not a list" },
		{ "{Ref: ...}", ref, conv_i, "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, conv_i, "?=var.size" },
		/* was KG106 from Terraform's */
		{ "a placeholder", s_ph, conv_i, PLACEHOLDER },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_booleans(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "true", b_true, conv_b, "b=true" },
		{ "YAML 1.1 yes", b_yes, conv_b, "b=true" },
		{ "\"true\"", s_true, conv_b, "b=true" },
		{ "100", n_100, conv_b, "unset | KG106: 'k' should be true or false, not a number" },
		{ "null", null, conv_b, "unset" },
		{ "{Ref: ...}", ref, conv_b, "?={\"Ref\":\"Subnet\"}" },
		{ "an expression", expr, conv_b, "?=var.size" },
		/* was KG106 from both */
		{ "a placeholder", s_ph, conv_b, PLACEHOLDER },
	};
	run(rows, sizeof rows / sizeof *rows);
}

static void
test_collections(void **state)
{
	(void)state;
	static const Row rows[] = {
		{ "[a, null, 7]", list, conv_l, "l=[a,7]" },
		/* was "a list, not a string" from YAML's */
		{ "a string for a list", s_word, conv_l, "unset | KG106: 'k' should be a list of strings, not a string" },
		{ "{Ref: ...} for a list", ref, conv_l, "?={\"Ref\":\"Subnet\"}" },
		{ "an expression for a list", expr, conv_l, "?=var.size" },
		/* was {a:x,b:} from YAML's: null is not written, in a map as in a list */
		{ "{a: x, b: null}", map, conv_m, "m={a:x}" },
		{ "a list for a map", list, conv_m, "unset | KG106: 'k' should be a map of strings, not a list" },
	};
	run(rows, sizeof rows / sizeof *rows);
}

/*
 * A list a converter made holds exactly its entries; adding to it (a label
 * from --node-labels beside the group's labels, a tag beside the group's)
 * must not write past them into what the arena allocated next: it did when
 * the adders took the length for the capacity (a crash in resolve, or the
 * next list's tags overwritten).  A copy of a list added to apart keeps its
 * own entries too.
 */
static void
test_add_to_converted(void **state)
{
	(void)state;
	Value *m = mk(V_MAP);
	Loc l = { .file = F, .line = 1, .col = 1 };
	v_map_put(A, m, "a", &l, in_str("x"));
	v_map_put(A, m, "b", &l, in_str("y"));
	KVList kv = kvlist_of(ir, m, "k");
	SList sl = slist_of(ir, in_list(), "k");
	char *next = arena_strdup(A, "the next allocation, which an add must leave alone");
	for (int i = 0; i < 5; i++) {
		SVal k = sval_lit(arena_printf(A, "k%d", i), &l, ORIGIN_INPUT), v = sval_lit("v", &l, ORIGIN_INPUT);
		ld_kv_add(A, &kv, &k, &v);
		ld_list_add(A, &sl, &k);
	}
	assert_string_equal(next, "the next allocation, which an add must leave alone");
	assert_string_equal(kv_text(&kv), "m={a:x,b:y,k0:v,k1:v,k2:v,k3:v,k4:v}");
	assert_int_equal(sl.n, 7);
	assert_string_equal(sl.v[0].s, "a");
	assert_string_equal(sl.v[6].s, "k4");
	KVList copy = kv;
	copy.cap = 0;           /* as ng_fill() copies a template's list */
	SVal k = sval_lit("mine", &l, ORIGIN_INPUT);
	ld_kv_add(A, &copy, &k, &k);
	ld_kv_add(A, &kv, &k, &k);
	assert_int_equal(copy.n, 8);
	assert_int_equal(kv.n, 8);
	assert_ptr_not_equal(copy.v, kv.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_to_converted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
