/*
 * test_yaml.c - load_yaml.c: scalar typing, positions, documents, anchors,
 * aliases and merge keys, and every error path with its rule and location.
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

static int
load_n(const char *text, size_t len, Value ***docs)
{
	const SrcFile *f = src_from_mem(A, "t.yaml", text, len);
	return yaml_load(A, f, docs);
}

static int
load(const char *text, Value ***docs)
{
	return load_n(text, strlen(text), docs);
}

/* The only document of `text`, which must load cleanly. */
static Value *
doc1(const char *text)
{
	Value **docs;
	int n = load(text, &docs);
	if (n != 1)
		fail_msg("'%s': %d documents", text, n);
	return docs[0];
}

static int
ndiags(void)
{
	int n;
	diag_sorted(&n);
	return n;
}

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

static bool
has_note(const Diag *d, const char *part)
{
	for (int i = 0; i < d->notes.n; i++)
		if (strstr(d->notes.v[i].msg, part))
			return true;
	return false;
}

static void
assert_loc(const Loc *l, int line, int col, int end_line, int end_col)
{
	if (l->line != line || l->col != col || l->end_line != end_line || l->end_col != end_col)
		fail_msg("loc %d:%d-%d:%d, want %d:%d-%d:%d", l->line, l->col, l->end_line,
		    l->end_col, line, col, end_line, end_col);
}

/* Plain scalars as go-yaml v2 (and so Kubernetes) reads them. */
static const struct {
	const char *text;
	VKind kind;
	bool b;
	bool integer;
	int64_t i;
	double num;
} plain_cases[] = {
	{ "null", V_NULL, 0, 0, 0, 0 }, { "Null", V_NULL, 0, 0, 0, 0 }, { "NULL", V_NULL, 0, 0, 0, 0 },
	{ "~", V_NULL, 0, 0, 0, 0 }, { "", V_NULL, 0, 0, 0, 0 },
	{ "true", V_BOOL, 1, 0, 0, 0 }, { "True", V_BOOL, 1, 0, 0, 0 }, { "TRUE", V_BOOL, 1, 0, 0, 0 },
	{ "false", V_BOOL, 0, 0, 0, 0 }, { "yes", V_BOOL, 1, 0, 0, 0 }, { "Yes", V_BOOL, 1, 0, 0, 0 },
	{ "y", V_BOOL, 1, 0, 0, 0 }, { "Y", V_BOOL, 1, 0, 0, 0 }, { "on", V_BOOL, 1, 0, 0, 0 },
	{ "ON", V_BOOL, 1, 0, 0, 0 }, { "no", V_BOOL, 0, 0, 0, 0 }, { "n", V_BOOL, 0, 0, 0, 0 },
	{ "off", V_BOOL, 0, 0, 0, 0 }, { "Off", V_BOOL, 0, 0, 0, 0 },
	{ "0", V_NUM, 0, 1, 0, 0 }, { "42", V_NUM, 0, 1, 42, 42 }, { "-17", V_NUM, 0, 1, -17, -17 },
	{ "+5", V_NUM, 0, 1, 5, 5 }, { "0x1F", V_NUM, 0, 1, 31, 31 }, { "0X1f", V_NUM, 0, 1, 31, 31 },
	{ "0o17", V_NUM, 0, 1, 15, 15 }, { "017", V_NUM, 0, 1, 15, 15 }, { "0b101", V_NUM, 0, 1, 5, 5 },
	{ "-0x10", V_NUM, 0, 1, -16, -16 }, { "1_000", V_NUM, 0, 1, 1000, 1000 },
	{ "9223372036854775807", V_NUM, 0, 1, INT64_MAX, 9223372036854775807.0 },
	{ "18446744073709551615", V_NUM, 0, 0, 0, 18446744073709551615.0 },
	{ "99999999999999999999", V_NUM, 0, 0, 0, 1e20 },
	{ "08", V_NUM, 0, 0, 0, 8 }, { "1.5", V_NUM, 0, 0, 0, 1.5 }, { ".5", V_NUM, 0, 0, 0, 0.5 },
	{ "-.5", V_NUM, 0, 0, 0, -0.5 }, { "1e3", V_NUM, 0, 0, 0, 1000 }, { "1.", V_NUM, 0, 0, 0, 1 },
	{ "6.02E+23", V_NUM, 0, 0, 0, 6.02e23 },
	{ ".inf", V_NUM, 0, 0, 0, INFINITY }, { "-.Inf", V_NUM, 0, 0, 0, -INFINITY },
	{ "+.INF", V_NUM, 0, 0, 0, INFINITY },
	/* strings, though they look like something else to other readers */
	{ "1e400", V_STR, 0, 0, 0, 0 }, { "2001-12-14", V_STR, 0, 0, 0, 0 },
	{ "1:20", V_STR, 0, 0, 0, 0 }, { "0x", V_STR, 0, 0, 0, 0 }, { "1.2.3", V_STR, 0, 0, 0, 0 },
	{ "tRUE", V_STR, 0, 0, 0, 0 }, { "nil", V_STR, 0, 0, 0, 0 }, { "-x", V_STR, 0, 0, 0, 0 },
	{ ".", V_STR, 0, 0, 0, 0 }, { "0x1p3", V_STR, 0, 0, 0, 0 }, { "NaN", V_STR, 0, 0, 0, 0 },
	{ "infinity", V_STR, 0, 0, 0, 0 }, { "_1", V_STR, 0, 0, 0, 0 }, { "1_", V_NUM, 0, 1, 1, 1 },
	{ "${X}", V_STR, 0, 0, 0, 0 }, { "m5.large", V_STR, 0, 0, 0, 0 }, { "100Gi", V_STR, 0, 0, 0, 0 },
};

static void
test_plain_scalars(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof plain_cases / sizeof *plain_cases; k++) {
		char *text = arena_printf(A, "v: %s\n", plain_cases[k].text);
		Value *v = v_get(doc1(text), "v");
		if (v->kind != plain_cases[k].kind)
			fail_msg("'%s' is %s, want %s", plain_cases[k].text, v_kind_name(v->kind),
			    v_kind_name(plain_cases[k].kind));
		assert_int_equal(yaml_plain_kind(plain_cases[k].text, strlen(plain_cases[k].text)),
		    plain_cases[k].kind);
		if (v->kind == V_BOOL && v->b != plain_cases[k].b)
			fail_msg("'%s' is %d", plain_cases[k].text, v->b);
		if (v->kind == V_NUM) {
			if (!!(v->flags & VF_INTEGER) != plain_cases[k].integer)
				fail_msg("'%s' integer flag %d", plain_cases[k].text, !!(v->flags & VF_INTEGER));
			if (plain_cases[k].integer && v->i != plain_cases[k].i)
				fail_msg("'%s' is %lld", plain_cases[k].text, (long long)v->i);
			if (v->num != plain_cases[k].num)
				fail_msg("'%s' is %g", plain_cases[k].text, v->num);
		}
		/* the spelling is kept whatever the kind */
		assert_true(v->s && strcmp(v->s, plain_cases[k].text) == 0);
		assert_false(v->flags & VF_QUOTED);
	}
	assert_int_equal(yaml_plain_kind("-", 1), V_STR);
	assert_int_equal(yaml_plain_kind("+", 1), V_STR);
	Value *v = v_get(doc1("v: .nan\n"), "v");
	assert_true(isnan(v->num));
	assert_int_equal(ndiags(), 0);
}

static void
test_quoted_and_tags(void **state)
{
	(void)state;
	Value *d = doc1("a: \"true\"\nb: '1'\nc: \"\"\nd: !!str 123\ne: !!int \"0x10\"\n"
	    "f: !!float 1\ng: !!bool yes\nh: !!null ''\ni: !custom 7\nj: ! 12\n"
	    "k: \"a\\tb\\u00e9\"\nl: 'it''s'\nm: |\n  x\n  y\nn: >\n  folded\n  text\n");
	Value *v = v_get(d, "a");
	assert_true(v_is_str(v, "true"));
	assert_true(v->flags & VF_QUOTED);
	assert_true(v_is_str(v_get(d, "b"), "1"));
	assert_true(v_is_str(v_get(d, "c"), ""));
	v = v_get(d, "d");
	assert_true(v_is_str(v, "123"));
	assert_false(v->flags & VF_QUOTED);
	v = v_get(d, "e");
	assert_int_equal(v->kind, V_NUM);
	assert_int_equal(v->i, 16);
	v = v_get(d, "f");
	assert_int_equal(v->kind, V_NUM);
	assert_false(v->flags & VF_INTEGER);
	assert_true(v->num == 1.0);
	assert_true(v_get(d, "g")->kind == V_BOOL && v_get(d, "g")->b);
	assert_int_equal(v_get(d, "h")->kind, V_NULL);
	assert_true(v_is_str(v_get(d, "i"), "7"));
	assert_true(v_is_str(v_get(d, "j"), "12"));
	assert_true(v_is_str(v_get(d, "k"), "a\tb\xC3\xA9"));
	assert_true(v_is_str(v_get(d, "l"), "it's"));
	assert_true(v_is_str(v_get(d, "m"), "x\ny\n"));
	assert_true(v_is_str(v_get(d, "n"), "folded text\n"));
	assert_int_equal(ndiags(), 0);
}

static void
test_tag_mismatch(void **state)
{
	(void)state;
	Value *d = doc1("a: 1\nb: !!int abc\n");
	Value *v = v_get(d, "b");
	assert_true(v_is_str(v, "abc"));
	one_diag(KG106, 2, 4, "'abc' is not a valid !!int");
	diag_init(A);
	d = doc1("b: !!bool 1\n");
	one_diag(KG106, 1, 4, "not a valid !!bool");
	diag_init(A);
	d = doc1("b: !!int 1.5\n");
	one_diag(KG106, 1, 4, "not a valid !!int");
}

static void
test_positions(void **state)
{
	(void)state;
	const char *text =
	    "name: caf\xC3\xA9\n"
	    "items:\n"
	    "  - \xC3\xBC\n"
	    "  - x: 1\n"
	    "\xC3\xA9: {k: \"v\xC3\xA9\", j: [1, 2]}\n";
	Value *d = doc1(text);
	assert_loc(&d->members[0].key_loc, 1, 1, 1, 5);
	assert_loc(&d->members[0].val->loc, 1, 7, 1, 11);
	Value *items = v_get(d, "items");
	assert_int_equal(items->loc.line, 3);
	assert_int_equal(items->loc.col, 3);
	assert_loc(&items->items[0]->loc, 3, 5, 3, 6);
	Value *m = items->items[1];
	assert_int_equal(m->loc.line, 4);
	assert_int_equal(m->loc.col, 5);
	assert_loc(&m->members[0].key_loc, 4, 5, 4, 6);
	assert_loc(&m->members[0].val->loc, 4, 8, 4, 9);
	assert_loc(&d->members[2].key_loc, 5, 1, 5, 2);
	Value *fm = d->members[2].val;
	assert_loc(&fm->loc, 5, 4, 5, 24);
	assert_loc(&fm->members[0].key_loc, 5, 5, 5, 6);
	assert_loc(&fm->members[0].val->loc, 5, 8, 5, 12);
	assert_loc(&fm->members[1].val->items[1]->loc, 5, 21, 5, 22);
	assert_string_equal(d->loc.file->name, "t.yaml");
}

static void
test_documents(void **state)
{
	(void)state;
	Value **docs;
	int n = load("a: 1\n---\n---\n# only a comment\n---\nb: 2\n...\n--- [x]\n", &docs);
	assert_int_equal(n, 5);
	assert_int_equal(v_get(docs[0], "a")->i, 1);
	assert_int_equal(docs[1]->kind, V_NULL);
	assert_int_equal(docs[2]->kind, V_NULL);
	assert_int_equal(docs[3]->kind, V_MAP);
	assert_int_equal(docs[4]->kind, V_LIST);
	assert_null(docs[5]);
	assert_int_equal(load("", &docs), 0);
	assert_null(docs[0]);
	assert_int_equal(load("# nothing\n", &docs), 0);
	assert_int_equal(load("---\n", &docs), 1);
	assert_int_equal(docs[0]->kind, V_NULL);
	assert_int_equal(load("plain\n", &docs), 1);
	assert_true(v_is_str(docs[0], "plain"));
	assert_int_equal(ndiags(), 0);
}

static void
test_anchors(void **state)
{
	(void)state;
	Value *d = doc1("base: &b\n  x: 1\n  y: [a, b]\nuse: *b\nlist:\n  - &s scalar\n  - *s\n"
	    "key: &k name\n*k : aliased key\n");
	/* shared, not copied */
	assert_ptr_equal(v_get(d, "base"), v_get(d, "use"));
	Value *l = v_get(d, "list");
	assert_ptr_equal(l->items[0], l->items[1]);
	assert_true(v_is_str(v_get(d, "name"), "aliased key"));
	assert_int_equal(ndiags(), 0);
}

static void
test_merge_keys(void **state)
{
	(void)state;
	Value *d = doc1("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\n"
	    "one:\n  <<: *a\n  y: 9\n"
	    "many:\n  <<: [*a, *b]\n  w: 0\n"
	    "explicit_first:\n  x: 5\n  <<: *a\n"
	    "quoted:\n  \"<<\": *a\n"
	    "inline:\n  <<: {q: 1}\n");
	Value *one = v_get(d, "one");
	assert_int_equal(one->n, 2);
	assert_int_equal(v_get(one, "x")->i, 1);
	assert_int_equal(v_get(one, "y")->i, 9);
	/* merged members keep the position of their definition */
	assert_int_equal(v_member(one, "x")->key_loc.line, 1);
	Value *many = v_get(d, "many");
	assert_int_equal(many->n, 4);
	assert_int_equal(v_get(many, "y")->i, 2);   /* the first merged mapping wins */
	assert_int_equal(v_get(many, "z")->i, 4);
	assert_int_equal(v_get(many, "w")->i, 0);
	assert_string_equal(many->members[0].key, "x");
	Value *ef = v_get(d, "explicit_first");
	assert_int_equal(ef->n, 2);
	assert_int_equal(v_get(ef, "x")->i, 5);     /* explicit keys win wherever they are */
	Value *q = v_get(d, "quoted");
	assert_int_equal(q->n, 1);
	assert_int_equal(v_get(q, "<<")->kind, V_MAP);
	assert_int_equal(v_get(v_get(d, "inline"), "q")->i, 1);
	assert_int_equal(ndiags(), 0);
}

static void
test_merge_errors(void **state)
{
	(void)state;
	Value *d = doc1("a:\n  <<: 5\n  b: 1\n");
	assert_int_equal(v_get(d, "a")->n, 1);
	one_diag(KG106, 2, 7, "merge key '<<' takes a mapping");
	diag_init(A);
	/* explicit duplicates in a mapping with a merge are still KG108 */
	d = doc1("a: &a {x: 1}\nb:\n  <<: *a\n  k: 1\n  k: 2\n");
	assert_int_equal(v_get(v_get(d, "b"), "k")->i, 2);
	one_diag(KG108, 5, 3, "duplicate key 'k'");
}

static void
test_duplicate_keys(void **state)
{
	(void)state;
	Value *d = doc1("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n");
	assert_int_equal(v_get(d, "a")->i, 4);
	assert_int_equal(v_get(v_get(d, "b"), "c")->i, 3);
	int n;
	Diag *const *ds = diag_sorted(&n);
	assert_int_equal(n, 2);
	assert_int_equal(ds[0]->rule, KG108);
	assert_int_equal(ds[0]->loc.line, 4);
	assert_int_equal(ds[0]->loc.col, 3);
	assert_int_equal(ds[0]->notes.v[0].loc.line, 3);
	assert_int_equal(ds[1]->loc.line, 5);
	assert_int_equal(ds[1]->notes.v[0].loc.line, 1);
	assert_int_equal(ds[1]->notes.v[0].loc.col, 1);
}

static const struct {
	const char *text;
	RuleId rule;
	int line, col;
	const char *msg;
	const char *note;
} error_cases[] = {
	{ "a:\n\tb: 1\n", KG101, 2, 1, "found character that cannot start any token", "tabs" },
	{ "a: \"unterminated\n", KG101, 2, 1, "found unexpected end of stream", "quoted scalar" },
	{ "a: [1, 2\n", KG101, 2, 1, "did not find expected ',' or ']'", "flow sequence" },
	{ "a: b: c\n", KG101, 1, 5, "mapping values are not allowed in this context", NULL },
	{ "a: 1\n b: 2\n", KG101, 2, 3, "mapping values are not allowed", NULL },
	{ "- a\nb: 1\n", KG101, 2, 1, "did not find expected '-' indicator", "block collection" },
	{ "a: *nope\n", KG101, 1, 4, "alias '*nope' refers to no anchor", NULL },
	{ "a: &r [1, *r]\n", KG101, 1, 11, "refers to a node that contains it", NULL },
	{ "? [a, b]\n: 1\n", KG101, 1, 3, "a mapping key must be a scalar, not a sequence", NULL },
	{ "{x: 1}: 2\n", KG101, 1, 1, "a mapping key must be a scalar, not a mapping", NULL },
	{ "a: @x\n", KG101, 1, 4, "found character that cannot start any token", NULL },
	{ "a: 1\n\x01\n", KG103, 2, 1, "control character U+0001", NULL },
	{ "key: {{ .Values.x }}\n", KG111, 1, 6, "'{{ .Values.x }}'", "render it first" },
	{ "{{- if .Values.on }}\na: 1\n{{- end }}\n", KG111, 1, 1, "template placeholder", NULL },
	{ "a: ${X}: y\n", KG111, 1, 4, "'${X}'", "parser stopped here" },
};

static void
test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof error_cases / sizeof *error_cases; i++) {
		diag_init(A);
		Value **docs;
		int n = load(error_cases[i].text, &docs);
		if (n != -1)
			fail_msg("case %zu: %d documents", i, n);
		const Diag *d = one_diag(error_cases[i].rule, error_cases[i].line, error_cases[i].col,
		    error_cases[i].msg);
		if (error_cases[i].note && !has_note(d, error_cases[i].note))
			fail_msg("case %zu: no note '%s'", i, error_cases[i].note);
		/* messages are lower case, no trailing period */
		assert_false(d->msg[0] >= 'A' && d->msg[0] <= 'Z');
		assert_true(d->msg[strlen(d->msg) - 1] != '.');
	}
}

static void
test_quoted_templates(void **state)
{
	(void)state;
	/* quoted markers are plain strings: the file is YAML */
	Value *d = doc1("a: \"{{ .Values.x }}\"\nb: '${X}'\nc: ${Y}\n");
	assert_true(v_is_str(v_get(d, "a"), "{{ .Values.x }}"));
	assert_true(v_is_str(v_get(d, "c"), "${Y}"));
	/* a quoted marker does not explain an error elsewhere: KG101 */
	Value **docs;
	assert_int_equal(load("a: \"{{ x }}\"\nb: [\n", &docs), -1);
	int n;
	Diag *const *ds = diag_sorted(&n);
	assert_int_equal(n, 1);
	assert_int_equal(ds[0]->rule, KG101);
}

static void
test_docs_before_error(void **state)
{
	(void)state;
	Value **docs;
	int n = load("a: 1\n---\nb: 2\n---\nc: [\n", &docs);
	assert_int_equal(n, -1);
	assert_non_null(docs[0]);
	assert_non_null(docs[1]);
	assert_null(docs[2]);
	assert_int_equal(v_get(docs[1], "b")->i, 2);
}

static void
test_encoding(void **state)
{
	(void)state;
	Value **docs;
	assert_int_equal(load_n("a: 1\nb: x\0y\n", 11, &docs), -1);
	assert_null(docs[0]);
	one_diag(KG103, 2, 5, "NUL byte");
	diag_init(A);
	assert_int_equal(load("a: caf\xC3\xA9\nb: \xE9t\xE9\n", &docs), -1);
	one_diag(KG103, 2, 4, "invalid UTF-8 byte 0xE9");
	diag_init(A);
	assert_int_equal(load_n("\xFE\xFF\0a\0:", 6, &docs), -1);
	one_diag(KG103, 1, 1, "UTF-16");
	diag_init(A);
	/* a UTF-8 BOM is fine */
	assert_int_equal(load("\xEF\xBB\xBF" "a: 1\n", &docs), 1);
	assert_int_equal(ndiags(), 0);
}

static void
test_depth(void **state)
{
	(void)state;
	Value **docs;
	Buf b = { 0 };
	for (int i = 0; i < LIMIT_DEPTH; i++)
		buf_puts(&b, "[");
	for (int i = 0; i < LIMIT_DEPTH; i++)
		buf_puts(&b, "]");
	assert_int_equal(load(b.s, &docs), 1);
	buf_free(&b);
	for (int i = 0; i < 200000; i++)
		buf_puts(&b, "[");
	assert_int_equal(load(b.s, &docs), -1);
	one_diag(KG102, 1, LIMIT_DEPTH + 1, "nesting deeper than 256 levels");
	buf_free(&b);
	diag_init(A);
	/* block mappings nest too */
	for (int i = 0; i <= LIMIT_DEPTH; i++)
		buf_printf(&b, "%*sk:\n", i, "");
	assert_int_equal(load(b.s, &docs), -1);
	one_diag(KG102, LIMIT_DEPTH + 1, LIMIT_DEPTH + 1, "nesting deeper");
	buf_free(&b);
	diag_init(A);
	/* an alias may not nest the tree past the limit either */
	buf_puts(&b, "a: &a ");
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "[");
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "]");
	buf_puts(&b, "\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
	assert_int_equal(load(b.s, &docs), -1);
	one_diag(KG102, 2, 64, "alias '*a' nests the document deeper");
	buf_free(&b);
}

static void
test_alias_bomb(void **state)
{
	(void)state;
	const char *bomb =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	Value **docs;
	size_t before = arena_used(A);
	assert_int_equal(load(bomb, &docs), -1);
	const Diag *d = one_diag(KG102, 7, 8, "aliases expand to more than 1000000 nodes");
	assert_true(has_note(d, "billion laughs"));
	assert_true(arena_used(A) - before < 1 << 20);
	diag_init(A);
	/* below the limit, aliases are fine and shared */
	assert_int_equal(load("a: &a [1, 2]\nb: [*a, *a, *a]\n", &docs), 1);
	assert_ptr_equal(v_get(docs[0], "b")->items[2], v_get(docs[0], "a"));
}

static void
test_anchors_per_document(void **state)
{
	(void)state;
	Value **docs;
	assert_int_equal(load("a: &x 1\n---\nb: *x\n", &docs), -1);
	one_diag(KG101, 3, 4, "alias '*x' refers to no anchor");
}

static void
test_many_documents(void **state)
{
	(void)state;
	Buf b = { 0 };
	for (int i = 0; i < 20000; i++)
		buf_printf(&b, "---\nkind: K\nn: %d\n", i);
	Value **docs;
	assert_int_equal(load(b.s, &docs), 20000);
	assert_int_equal(v_get(docs[19999], "n")->i, 19999);
	assert_int_equal(docs[19999]->loc.line, 19999 * 3 + 2);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_scalars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_and_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tag_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docs_before_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchors_per_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_documents, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
