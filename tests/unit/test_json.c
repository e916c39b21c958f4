/*
 * test_json.c - load_json.c: types, escapes, positions, concatenated values,
 * and every error path with its rule id and location.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>
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

static Value *
load_n(const char *text, size_t len, int *count)
{
	const SrcFile *f = src_from_mem(A, "t.json", text, len);
	return json_load(A, f, count);
}

static Value *
load(const char *text, int *count)
{
	return load_n(text, strlen(text), count);
}

static int
ndiags(void)
{
	int n;
	diag_sorted(&n);
	return n;
}

/* The one diagnostic of the run: its rule, position and a piece of its message. */
static const Diag *
one_diag(RuleId rule, int line, int col, const char *msg_part)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	if (n != 1) {
		for (int i = 0; i < n; i++)
			print_error("diag %d: %s at %d:%d: %s\n", i, rule_table[d[i]->rule].id,
			    d[i]->loc.line, d[i]->loc.col, d[i]->msg);
		fail_msg("expected 1 diagnostic, got %d", n);
	}
	if (d[0]->rule != rule || d[0]->loc.line != line || d[0]->loc.col != col ||
	    !strstr(d[0]->msg, msg_part))
		fail_msg("got %s at %d:%d '%s', want %s at %d:%d '%s'", rule_table[d[0]->rule].id,
		    d[0]->loc.line, d[0]->loc.col, d[0]->msg, rule_table[rule].id, line, col, msg_part);
	return d[0];
}

static void
assert_loc(const Loc *l, int line, int col, int end_line, int end_col)
{
	if (l->line != line || l->col != col || l->end_line != end_line || l->end_col != end_col)
		fail_msg("loc %d:%d-%d:%d, want %d:%d-%d:%d", l->line, l->col, l->end_line,
		    l->end_col, line, col, end_line, end_col);
}

static void
test_types(void **state)
{
	(void)state;
	int n;
	Value *v = load("{\"s\": \"x\", \"t\": true, \"f\": false, \"z\": null, \"i\": -42,"
	    " \"d\": 2.5e3, \"a\": [], \"o\": {}}", &n);
	assert_non_null(v);
	assert_int_equal(n, 1);
	assert_int_equal(v->kind, V_MAP);
	assert_int_equal(v->n, 8);
	assert_true(v_is_str(v_get(v, "s"), "x"));
	assert_int_equal(v_get(v, "t")->kind, V_BOOL);
	assert_true(v_get(v, "t")->b);
	assert_false(v_get(v, "f")->b);
	assert_int_equal(v_get(v, "z")->kind, V_NULL);
	Value *i = v_get(v, "i");
	assert_int_equal(i->kind, V_NUM);
	assert_true(i->flags & VF_INTEGER);
	assert_int_equal(i->i, -42);
	assert_string_equal(i->s, "-42");
	Value *d = v_get(v, "d");
	assert_false(d->flags & VF_INTEGER);
	assert_true(d->num == 2500.0);
	assert_string_equal(d->s, "2.5e3");
	assert_int_equal(v_get(v, "a")->kind, V_LIST);
	assert_int_equal(v_get(v, "a")->n, 0);
	assert_int_equal(v_get(v, "o")->kind, V_MAP);
	assert_int_equal(ndiags(), 0);
	/* a bare scalar is a JSON text too */
	v = load("  \"only\"  ", &n);
	assert_true(v_is_str(v, "only"));
	assert_int_equal(n, 1);
}

static void
test_numbers(void **state)
{
	(void)state;
	int n;
	Value *v = load("[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808,"
	    " 99999999999999999999999, 1e400, -1e400, 1E-400, 1.0, 123456789012345678]", &n);
	assert_non_null(v);
	Value **it = v->items;
	assert_true(it[0]->flags & VF_INTEGER);
	assert_int_equal(it[0]->i, 0);
	assert_true(it[1]->flags & VF_INTEGER);
	assert_string_equal(it[1]->s, "-0");
	assert_true(it[2]->flags & VF_INTEGER);
	assert_true(it[2]->i == INT64_MAX);
	assert_true(it[3]->flags & VF_INTEGER);
	assert_true(it[3]->i == INT64_MIN);
	/* beyond int64: a number, its spelling kept */
	assert_false(it[4]->flags & VF_INTEGER);
	assert_true(it[4]->num == 9223372036854775808.0);
	assert_false(it[5]->flags & VF_INTEGER);
	assert_string_equal(it[5]->s, "99999999999999999999999");
	assert_true(it[5]->num == 1e23);
	assert_true(isinf(it[6]->num) && it[6]->num > 0);
	assert_string_equal(it[6]->s, "1e400");
	assert_true(isinf(it[7]->num) && it[7]->num < 0);
	assert_true(it[8]->num == 0.0);
	assert_false(it[9]->flags & VF_INTEGER);
	assert_true(it[9]->num == 1.0);
	assert_true(it[10]->i == 123456789012345678LL);
	assert_int_equal(ndiags(), 0);
}

static void
test_escapes(void **state)
{
	(void)state;
	int n;
	Value *v = load("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\", \"\\ud83d\\ude00\","
	    " \"x\\u0000y\", \"caf\xC3\xA9\"]", &n);
	assert_non_null(v);
	assert_true(v_is_str(v->items[0], "a\"b\\c/d\b\f\n\r\t"));
	assert_true(v_is_str(v->items[1], "\xC3\xA9\xE2\x82\xAC"));
	assert_true(v_is_str(v->items[2], "\xF0\x9F\x98\x80"));
	assert_int_equal(v->items[3]->len, 3);
	assert_memory_equal(v->items[3]->s, "x\0y", 3);
	assert_true(v_is_str(v->items[4], "caf\xC3\xA9"));
	/* the value keeps its bytes, but a NUL in a string is refused (KG103, issue 16) */
	assert_int_equal(ndiags(), 1);
}

static void
test_lone_surrogate(void **state)
{
	(void)state;
	int n;
	Value *v = load("[\"a\\ud800b\", \"\\udc00\"]", &n);
	assert_non_null(v);
	assert_true(v_is_str(v->items[0], "a\xEF\xBF\xBD" "b"));
	assert_true(v_is_str(v->items[1], "\xEF\xBF\xBD"));
	/* one warning per file */
	const Diag *d = one_diag(KG103, 1, 4, "lone UTF-16 surrogate");
	assert_int_equal(d->sev, SEV_WARNING);
}

/*
 * Positions of values and keys; columns count characters, so they hold
 * after multi-byte UTF-8.
 */
static void
test_positions(void **state)
{
	(void)state;
	int n;
	const char *text =
	    "{\n"
	    "  \"name\": \"caf\xC3\xA9\",\n"
	    "  \"list\": [1, \"\xC3\xBC\", true],\n"
	    "  \"\xC3\xA9\": {\"k\": null}\n"
	    "}\n";
	Value *v = load(text, &n);
	assert_non_null(v);
	assert_loc(&v->loc, 1, 1, 5, 2);
	assert_loc(&v->members[0].key_loc, 2, 3, 2, 9);
	assert_loc(&v->members[0].val->loc, 2, 11, 2, 17);
	Value *list = v_get(v, "list");
	assert_loc(&v->members[1].key_loc, 3, 3, 3, 9);
	assert_loc(&list->loc, 3, 11, 3, 25);
	assert_loc(&list->items[0]->loc, 3, 12, 3, 13);
	assert_loc(&list->items[1]->loc, 3, 15, 3, 18);
	assert_loc(&list->items[2]->loc, 3, 20, 3, 24);
	assert_loc(&v->members[2].key_loc, 4, 3, 4, 6);
	Value *o = v->members[2].val;
	assert_loc(&o->loc, 4, 8, 4, 19);
	assert_loc(&o->members[0].key_loc, 4, 9, 4, 12);
	assert_loc(&o->members[0].val->loc, 4, 14, 4, 18);
	assert_true(o->loc.file && strcmp(o->loc.file->name, "t.json") == 0);
	/* CRLF line ends: the CR is whitespace */
	v = load("[\r\n  \"\xE2\x82\xAC\xE2\x82\xAC\", 7\r\n]", &n);
	assert_loc(&v->items[1]->loc, 2, 9, 2, 10);
}

static void
test_concatenated(void **state)
{
	(void)state;
	int n;
	Value *v = load("{\"a\": 1}\n{\"b\": 2}\n\n  [3]\n", &n);
	assert_non_null(v);
	assert_int_equal(n, 3);
	assert_int_equal(v->kind, V_LIST);
	assert_int_equal(v->n, 3);
	assert_int_equal(v_get(v->items[1], "b")->i, 2);
	assert_loc(&v->items[2]->loc, 4, 3, 4, 6);
	assert_loc(&v->loc, 1, 1, 4, 6);
	v = load("{}{}", &n);
	assert_int_equal(n, 2);
	v = load("1 2 \"x\"", &n);
	assert_int_equal(n, 3);
	assert_true(v_is_str(v->items[2], "x"));
	/* a single value is itself, not a list of one */
	v = load("[1]", &n);
	assert_int_equal(n, 1);
	assert_int_equal(v->n, 1);
}

static void
test_bom(void **state)
{
	(void)state;
	int n;
	Value *v = load("\xEF\xBB\xBF{\"a\": 1}", &n);
	assert_non_null(v);
	assert_int_equal(v_get(v, "a")->i, 1);
}

static void
test_duplicate_keys(void **state)
{
	(void)state;
	int n;
	Value *v = load("{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}", &n);
	assert_non_null(v);
	assert_int_equal(v->n, 2);
	assert_int_equal(v_get(v, "a")->i, 3);
	const Diag *d = one_diag(KG108, 4, 3, "duplicate key 'a'");
	assert_int_equal(d->notes.n, 1);
	assert_int_equal(d->notes.v[0].loc.line, 2);
	assert_int_equal(d->notes.v[0].loc.col, 3);
}

static void
test_duplicate_flood(void **state)
{
	(void)state;
	/* the first 100 are reported, then one summary */
	Buf b = { 0 };
	buf_puts(&b, "{");
	for (int i = 0; i < 150; i++)
		buf_puts(&b, "\"a\": 1,\n");
	buf_puts(&b, "\"a\": 2}");
	int n;
	Value *v = load(b.s, &n);
	buf_free(&b);
	assert_int_equal(v->n, 1);
	assert_int_equal(v_get(v, "a")->i, 2);
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 101);
	assert_int_equal(d[0]->loc.line, 0);
	assert_string_equal(d[0]->msg, "50 more duplicate keys in 't.json' are not shown");
	assert_int_equal(d[1]->loc.line, 2);
	assert_int_equal(d[100]->loc.line, 101);
}

static void
test_duplicate_keys_big(void **state)
{
	(void)state;
	/* past the small-map path: sorted detection */
	Buf b = { 0 };
	buf_puts(&b, "{");
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "\"k%d\": %d, ", i, i);
	buf_puts(&b, "\"k17\": 1000}");
	int n;
	Value *v = load(b.s, &n);
	buf_free(&b);
	assert_int_equal(v->n, 100);
	assert_int_equal(v_get(v, "k17")->i, 1000);
	assert_string_equal(v->members[99].key, "k17");
	one_diag(KG108, 1, 1082, "duplicate key 'k17'");
}

/* Every syntax error: message, rule and position. */
static const struct {
	const char *text;
	int line, col;
	const char *msg;
} syntax_cases[] = {
	{ "{\"a\": 1,}", 1, 8, "trailing comma in object" },
	{ "[1, 2,\n]", 1, 6, "trailing comma in array" },
	{ "{\"a\" 1}", 1, 6, "expected ':' after object key" },
	{ "{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after object member" },
	{ "[1 2]", 1, 4, "expected ',' or ']' after array element" },
	{ "\"abc", 1, 1, "unterminated string" },
	{ "[\"abc\n\"]", 1, 2, "unterminated string" },
	{ "{\"a\": \"x\\qy\"}", 1, 9, "invalid escape '\\q'" },
	{ "[\"\\u12G4\"]", 1, 3, "invalid escape '\\u'" },
	{ "[\"a\tb\"]", 1, 4, "control character U+0009" },
	{ "{\"a\": 01}", 1, 7, "leading zeros" },
	{ "[1.]", 1, 2, "expected a digit after '.'" },
	{ "[1e+]", 1, 2, "expected a digit in the exponent" },
	{ "[-]", 1, 2, "expected a digit after '-'" },
	{ "[+1]", 1, 2, "leading '+'" },
	{ "[.5]", 1, 2, "invalid number '.5'" },
	{ "{\"a\": True}", 1, 7, "invalid literal 'True'" },
	{ "[NaN]", 1, 2, "invalid literal 'NaN'" },
	{ "{a: 1}", 1, 2, "expected a string key or '}'" },
	{ "{\"a\": 1, 'b': 2}", 1, 10, "expected a string key after ','" },
	{ "['x']", 1, 2, "expected a value, found '''" },
	{ "[1, 2", 1, 6, "unexpected end of input, expected ',' or ']'" },
	{ "{\"a\":", 1, 6, "unexpected end of input, expected a value" },
	{ "", 1, 1, "empty input" },
	{ "  \n ", 2, 2, "empty input" },
	{ "{\"a\": 1}}", 1, 9, "unexpected '}' after the end of a JSON value" },
	{ "1, 2", 1, 2, "unexpected ',' after the end of a JSON value" },
	{ "// comment\n{}", 1, 1, "comments are not allowed" },
	{ "{\"a\": 1 /* c */}", 1, 9, "comments are not allowed" },
	{ "[1, \xC3\xA9]", 1, 5, "expected a value, found '\xC3\xA9'" },
	{ "{\n  \"a\": [1,\n   2 3]}", 3, 6, "expected ',' or ']' after array element" },
};

static void
test_syntax_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof syntax_cases / sizeof *syntax_cases; i++) {
		diag_init(A);
		int n = -1;
		Value *v = load(syntax_cases[i].text, &n);
		if (v)
			fail_msg("case %zu '%s' loaded", i, syntax_cases[i].text);
		assert_int_equal(n, 0);
		one_diag(KG101, syntax_cases[i].line, syntax_cases[i].col, syntax_cases[i].msg);
	}
}

static void
test_error_notes(void **state)
{
	(void)state;
	int n;
	/* the end of input points back at the unclosed bracket */
	assert_null(load("{\n  \"a\": [1,\n  2\n", &n));
	const Diag *d = one_diag(KG101, 4, 1, "unexpected end of input");
	assert_true(d->notes.n >= 1);
	assert_int_equal(d->notes.v[0].loc.line, 2);
	assert_int_equal(d->notes.v[0].loc.col, 8);
	assert_non_null(strstr(d->notes.v[0].msg, "'[' opened here"));
	diag_init(A);
	assert_null(load("{\"a\": True}", &n));
	d = one_diag(KG101, 1, 7, "invalid literal");
	assert_non_null(strstr(d->notes.v[0].msg, "'true'"));
	diag_init(A);
	assert_null(load("{'a': 1}", &n));
	d = one_diag(KG101, 1, 2, "expected a string key");
	assert_non_null(strstr(d->notes.v[0].msg, "double quotes"));
}

static void
test_encoding_errors(void **state)
{
	(void)state;
	int n;
	assert_null(load_n("{\"a\":\n \"x\0y\"}", 12, &n));
	one_diag(KG103, 2, 4, "NUL byte");
	diag_init(A);
	assert_null(load("{\"a\":\n \"caf\xC3\xA9 \xFF\"}", &n));
	one_diag(KG103, 2, 8, "invalid UTF-8 byte 0xFF");
	diag_init(A);
	assert_null(load("[\"\xC0\xAF\"]", &n)); /* overlong */
	one_diag(KG103, 1, 3, "invalid UTF-8");
	diag_init(A);
	assert_null(load("[\"\xED\xA0\x80\"]", &n)); /* encoded surrogate */
	one_diag(KG103, 1, 3, "invalid UTF-8");
	diag_init(A);
	assert_null(load_n("\xFF\xFE{\0}\0", 6, &n));
	one_diag(KG103, 1, 1, "UTF-16");
	diag_init(A);
	assert_null(load_n("{\0\"\0a\0\"\0", 8, &n));
	one_diag(KG103, 1, 1, "UTF-16");
}

static void
test_depth(void **state)
{
	(void)state;
	int n;
	/* LIMIT_DEPTH levels load; one more is KG102 at the extra bracket */
	size_t len = LIMIT_DEPTH * 2;
	char *s = malloc(len + 3);
	memset(s, '[', LIMIT_DEPTH);
	memset(s + LIMIT_DEPTH, ']', LIMIT_DEPTH);
	s[len] = '\0';
	assert_non_null(load(s, &n));
	assert_int_equal(ndiags(), 0);
	free(s);
	/* one level more */
	s = malloc(len + 3);
	memset(s, '[', LIMIT_DEPTH + 1);
	memset(s + LIMIT_DEPTH + 1, ']', LIMIT_DEPTH + 1);
	s[len + 2] = '\0';
	assert_null(load(s, &n));
	one_diag(KG102, 1, LIMIT_DEPTH + 1, "nesting deeper than 256");
	free(s);
	diag_init(A);
	size_t big = 200000;
	s = malloc(big + 1);
	memset(s, '[', big);
	s[big] = '\0';
	assert_null(load(s, &n));
	one_diag(KG102, 1, LIMIT_DEPTH + 1, "nesting deeper than 256");
	free(s);
	diag_init(A);
	/* objects count too */
	Buf b = { 0 };
	for (int i = 0; i < LIMIT_DEPTH; i++)
		buf_puts(&b, "{\"a\":");
	buf_puts(&b, "{}");
	assert_null(load(b.s, &n));
	one_diag(KG102, 1, LIMIT_DEPTH * 5 + 1, "nesting deeper");
	buf_free(&b);
}

static void
test_long_line(void **state)
{
	(void)state;
	/* 2 MB on one line: positions stay right and the cost linear */
	Buf b = { 0 };
	buf_puts(&b, "[");
	for (int i = 0; i < 200000; i++)
		buf_puts(&b, "\"\xC3\xA9\xC3\xA9\", ");
	buf_puts(&b, "1]");
	int n;
	Value *v = load(b.s, &n);
	buf_free(&b);
	assert_non_null(v);
	assert_int_equal(v->n, 200001);
	assert_int_equal(v->items[200000]->loc.col, 2 + 200000 * 6);
	assert_int_equal(v->items[1]->loc.col, 8);
}

/*
 * A number no double holds is written back, never dropped (emit_json.c):
 * as its spelling, a JSON number where the spelling is one (hcl2json prints
 * the same value), else a string; jansson's forms can only hold a string.
 */
static void
test_nonfinite_output(void **state)
{
	(void)state;
	int n;
	Value *v = load("{\"d\": 1e400, \"m\": -1E+400, \"l\": [1e400, 2], \"x\": 1.5}", &n);
	assert_non_null(v);
	assert_true(isinf(v_get(v, "d")->num));
	char *p = value_to_json(v, true);
	assert_string_equal(p, "{\n  \"d\": 1e400,\n  \"l\": [\n    1e400,\n    2\n  ],\n"
	    "  \"m\": -1E+400,\n  \"x\": 1.5\n}");
	free(p);
	char *c = value_to_json(v, false);
	assert_string_equal(c, "{\"d\":\"1e400\",\"m\":\"-1E+400\",\"l\":[\"1e400\",2],\"x\":1.5}");
	free(c);
	c = value_to_json_ordered(v);
	assert_non_null(strstr(c, "\"d\": \"1e400\""));
	free(c);

	/* YAML's .inf and .nan are no JSON numbers: strings of their spelling */
	static const char yml[] = "a: .inf\nb: -.Inf\nc: .nan\n";
	const SrcFile *f = src_from_mem(A, "t.yaml", yml, strlen(yml));
	Value **docs = NULL;
	assert_int_equal(yaml_load(A, f, &docs), 1);
	p = value_to_json(docs[0], true);
	assert_string_equal(p, "{\n  \"a\": \".inf\",\n  \"b\": \"-.Inf\",\n  \"c\": \".nan\"\n}");
	free(p);

	/* HCL: "- 1e400" loses its blank, "007e400" its leading zeros, and stays a number */
	static const char tf[] = "a = - 1e400\nb = 007e400\n";
	f = src_from_mem(A, "t.tf", tf, strlen(tf));
	Value *body = hcl_parse(A, f);
	assert_non_null(body);
	p = value_to_json(body, true);
	assert_string_equal(p, "{\n  \"a\": -1e400,\n  \"b\": 7e400\n}");
	free(p);
	assert_int_equal(ndiags(), 0);
}

/* Keys are C strings: a NUL in a key is a located KG103 warning, never a silent cut. */
static void
test_nul_in_key(void **state)
{
	(void)state;
	int n;
	static const char text[] = "{\"ok\": 1, \"a\\u0000bc\": 2}";
	Value *v = load(text, &n);
	assert_non_null(v);
	const Diag *d = one_diag(KG103, 1, 11, "reads it as 'a'");
	assert_int_equal(d->sev, SEV_WARNING);
	assert_non_null(strstr(d->notes.v[0].msg, "2 bytes after the NUL are dropped"));
	assert_non_null(v_get(v, "a"));
	assert_int_equal(diag_count(SEV_ERROR), 0);

	/* YAML and HCL keys the same way */
	diag_init(A);
	static const char yml[] = "\"k\\0x\": 1\n";
	const SrcFile *f = src_from_mem(A, "t.yaml", yml, strlen(yml));
	Value **docs = NULL;
	assert_int_equal(yaml_load(A, f, &docs), 1);
	one_diag(KG103, 1, 1, "reads it as 'k'");
	diag_init(A);
	static const char tf[] = "o = { \"k\\u0000x\" = 1 }\n";
	f = src_from_mem(A, "t.tf", tf, strlen(tf));
	assert_non_null(hcl_parse(A, f));
	one_diag(KG103, 1, 7, "reads it as 'k'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_surrogate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concatenated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nonfinite_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
