/*
 * test_emit_yaml.c - emit_yaml.c and value_equal(): exact output, quoting
 * that reads back as the same string, numbers, documents, and a round trip
 * of every Karpenter manifest of the corpus.
 */
#include "unit.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

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
ndiags(void)
{
	int n;
	diag_sorted(&n);
	return n;
}

static Value **
yaml(const char *text, int *n)
{
	const SrcFile *f = src_from_mem(A, "t.yaml", text, strlen(text));
	Value **docs;
	*n = yaml_load(A, f, &docs);
	return docs;
}

/* Emit, read back, compare; and the second emission is the same text. */
static char *
round_trip(Value *const *docs, int n)
{
	char *text = values_to_yaml(docs, n);
	int m;
	Value **back = yaml(text, &m);
	if (m != n)
		fail_msg("read back %d documents of %d from:\n%s", m, n, text);
	for (int i = 0; i < n; i++)
		if (!value_equal(docs[i], back[i]))
			fail_msg("document %d differs after a round trip:\n%s", i, text);
	char *again = values_to_yaml(back, m);
	if (strcmp(text, again) != 0)
		fail_msg("not deterministic:\n%s\n---- vs ----\n%s", text, again);
	free(again);
	return text;
}

static void
test_block_output(void **state)
{
	(void)state;
	int n;
	Value **d = yaml("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\n"
	    "spec:\n  template:\n    spec:\n      requirements:\n"
	    "        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\", arm64]\n"
	    "  limits: {cpu: 1000}\n  weight: 10\n  empty: {}\n  none: []\n", &n);
	char *text = round_trip(d, n);
	assert_string_equal(text,
	    "apiVersion: karpenter.sh/v1\n"
	    "kind: NodePool\n"
	    "metadata:\n"
	    "  name: default\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec:\n"
	    "      requirements:\n"
	    "      - key: kubernetes.io/arch\n"
	    "        operator: In\n"
	    "        values:\n"
	    "        - amd64\n"
	    "        - arm64\n"
	    "  limits:\n"
	    "    cpu: 1000\n"
	    "  weight: 10\n"
	    "  empty: {}\n"
	    "  none: []\n");
	free(text);
}

/* Strings that must not be written plain, and some that may. */
static const char *const tricky[] = {
	"true", "false", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "", "1", "-1",
	"0x1F", "0o17", "017", "1_000", "1.5", ".5", "1e3", ".inf", "-.inf", ".nan", "<<",
	":", ": x", "a: b", "a #b", "#x", "*x", "&x", "!x", "%x", "@x", "`x", "|", ">", "-", "- x",
	"?", "? x", "[x]", "{x}", "x,y", "'x'", "\"x\"", " lead", "trail ", "${X}", "{{ .Values.x }}",
	"2024-01-01", "2001-12-14t21:59:43.10-05:00", "1:20", "---", "...", "a\nb", "a\n", "\n",
	"  indented\nblock\n", "tab\there", "ctl\x01x", "nul\0x", "caf\xC3\xA9", "\xE2\x80\xA8",
	"line\r\nbreak", "trailing\n\n\n", "x\n  y", "NaN", "1e400", "+", "0", "08",
};

static void
test_string_quoting(void **state)
{
	(void)state;
	Value *map = v_new(A, V_MAP, NULL);
	Value *list = v_new(A, V_LIST, NULL);
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
		size_t len = strcmp(tricky[i], "nul") == 0 ? 5 : strlen(tricky[i]);
		Value *s = v_str(A, tricky[i], len, NULL);
		v_list_push(A, list, s);
		if (len == strlen(tricky[i]))
			v_map_put(A, map, tricky[i], NULL, s);
	}
	Value *docs[] = { list, map };
	free(round_trip(docs, 2));
	/* the writer escapes the NUL ("\0"); reading it back refuses it (KG103, issue 16), value kept */
	assert_int_equal(ndiags(), 1);
	/* the choices themselves */
	char *t = value_to_yaml(v_str(A, "true", 4, NULL));
	assert_string_equal(t, "\"true\"\n");
	free(t);
	t = value_to_yaml(v_str(A, "*x", 2, NULL));
	assert_string_equal(t, "'*x'\n");
	free(t);
	t = value_to_yaml(v_str(A, "a\nb\n", 4, NULL));
	assert_string_equal(t, "|\n  a\n  b\n");
	free(t);
	t = value_to_yaml(v_str(A, "${CLUSTER}-nodes", 16, NULL));
	assert_string_equal(t, "\"${CLUSTER}-nodes\"\n");
	free(t);
	t = value_to_yaml(v_str(A, "m5.large", 8, NULL));
	assert_string_equal(t, "m5.large\n");
	free(t);
}

static void
test_numbers(void **state)
{
	(void)state;
	int n;
	Value **d = yaml("a: 0x1F\nb: 1_000\nc: -.inf\nd: .nan\ne: 2.50\nf: 18446744073709551615\n", &n);
	char *text = round_trip(d, n);
	assert_string_equal(text, "a: 0x1F\nb: 1_000\nc: -.inf\nd: .nan\ne: 2.50\n"
	    "f: 18446744073709551615\n");
	free(text);
	/* numbers built in code, and JSON spellings YAML reads otherwise */
	const char *js = "[1e400, -1e400, 1E+2, -0, 0.1, 12345678901234567890]";
	const SrcFile *f = src_from_mem(A, "t.json", js, strlen(js));
	int c;
	Value *j = json_load(A, f, &c);
	Value *num = v_new(A, V_NUM, NULL);
	num->num = 0.1 + 0.2;
	v_list_push(A, j, num);
	Value *in = v_new(A, V_NUM, NULL);
	in->flags = VF_INTEGER;
	in->i = -7;
	in->num = -7;
	v_list_push(A, j, in);
	text = round_trip(&j, 1);
	assert_string_equal(text, "- .inf\n- -.inf\n- 1E+2\n- -0\n- 0.1\n- 12345678901234567890\n"
	    "- 0.30000000000000004\n- -7\n");
	free(text);
}

static void
test_documents(void **state)
{
	(void)state;
	int n;
	Value **d = yaml("a: 1\n---\n---\n- x\n--- plain\n", &n);
	assert_int_equal(n, 4);
	char *text = round_trip(d, n);
	assert_string_equal(text, "a: 1\n--- null\n---\n- x\n--- plain\n");
	free(text);
	text = values_to_yaml(NULL, 0);
	assert_string_equal(text, "");
	free(text);
	text = value_to_yaml(NULL);
	assert_string_equal(text, "null\n");
	free(text);
}

static void
test_aliases_expanded(void **state)
{
	(void)state;
	int n;
	Value **d = yaml("a: &a {x: [1, 2]}\nb: *a\nc:\n  <<: *a\n  y: 3\n", &n);
	char *text = round_trip(d, n);
	assert_string_equal(text, "a:\n  x:\n  - 1\n  - 2\nb:\n  x:\n  - 1\n  - 2\n"
	    "c:\n  x:\n  - 1\n  - 2\n  \"y\": 3\n");
	free(text);
}

static void
test_value_equal(void **state)
{
	(void)state;
	int n;
	Value **a = yaml("{x: 0x10, y: [a, 1.0, null, true], z: \"s\"}", &n);
	Value **b = yaml("x: 16\ny:\n  - 'a'\n  - 1\n  - ~\n  - yes\nz: s\n", &n);
	assert_true(value_equal(a[0], b[0]));
	Value **c = yaml("x: 16\ny: [a, 1, null, false]\nz: s\n", &n);
	assert_false(value_equal(a[0], c[0]));
	Value **d = yaml("y: [a, 1, null, true]\nx: 16\nz: s\n", &n);
	assert_false(value_equal(a[0], d[0]));       /* member order counts */
	Value **e = yaml("x: 16\ny: [a, 1, null, true]\nz: \"1\"\n", &n);
	assert_false(value_equal(a[0], e[0]));
	assert_false(value_equal(a[0], NULL));
	assert_true(value_equal(NULL, NULL));
	Value *s1 = v_str(A, "a\0b", 3, NULL), *s2 = v_str(A, "a\0c", 3, NULL);
	assert_false(value_equal(s1, s2));
	Value **nan = yaml("[.nan, 9223372036854775807, 9223372036854775806]", &n);
	assert_true(value_equal(nan[0]->items[0], nan[0]->items[0]));
	assert_false(value_equal(nan[0]->items[1], nan[0]->items[2]));
}

/* Every Karpenter manifest of the corpus reads back to an equal tree. */
static void
test_corpus_round_trip(void **state)
{
	(void)state;
	const char *dir = "../shared/corpus/karpenter-provider-aws";
	DIR *dp = opendir(dir);
	if (!dp)
		shared_absent(dir);
	int files = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || (strcmp(e->d_name + l - 5, ".yaml") && strcmp(e->d_name + l - 4, ".yml")))
			continue;
		char *path = arena_printf(A, "%s/%s", dir, e->d_name);
		SrcFile *f = src_read(A, path);
		assert_non_null(f);
		Value **docs;
		int n = yaml_load(A, f, &docs);
		if (n < 0)
			fail_msg("%s does not load", path);
		free(round_trip(docs, n));
		files++;
	}
	closedir(dp);
	assert_true(files > 10);
	assert_int_equal(ndiags(), 0);
}

/*
 * The reference: libyaml 0.2.5's emitter given the events values_to_yaml()
 * stands for (the styles it asks for, the settings it documents).  The
 * writer in emit_yaml.c must give these bytes for every tree.
 */
typedef struct Ref {
	yaml_emitter_t e;
	Buf out;
} Ref;

static int
ref_write(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, (const char *)buffer, size);
	return 1;
}

static void
ref_emit(Ref *r, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(&r->e, ev))
		fail_msg("libyaml: %s", r->e.problem ? r->e.problem : "?");
}

static bool
ref_other_readers(const char *s, size_t n)
{
	/* the same rule as emit_yaml.c's, written again so that the test is independent */
	if (n >= 8 && strspn(s, "0123456789") >= 4 && s[4] == '-' && s[5] >= '0' && s[5] <= '9')
		return true;
	size_t i = n > 0 && (s[0] == '-' || s[0] == '+');
	if (i >= n || s[i] < '0' || s[i] > '9')
		return false;
	bool colon = false;
	for (; i < n; i++) {
		if (s[i] == ':')
			colon = true;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '_' && s[i] != '.')
			return false;
	}
	return colon;
}

static void
ref_scalar(Ref *r, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	assert_true(yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style));
	ref_emit(r, &ev);
}

static void
ref_string(Ref *r, const char *s, size_t n, bool is_key)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	if (yaml_plain_kind(s, n) != V_STR || (is_key && n == 2 && memcmp(s, "<<", 2) == 0) ||
	    ref_other_readers(s, n) || memmem(s, n, "${", 2))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	else if (!is_key && memchr(s, '\n', n))
		style = YAML_LITERAL_SCALAR_STYLE;
	ref_scalar(r, s, n, style);
}

static void
ref_value(Ref *r, const Value *v)
{
	yaml_event_t ev;
	switch (v->kind) {
	case V_STR:
		ref_string(r, v->s, v->len, false);
		return;
	case V_BOOL:
		ref_scalar(r, v->b ? "true" : "false", v->b ? 4 : 5, YAML_PLAIN_SCALAR_STYLE);
		return;
	case V_LIST:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		ref_emit(r, &ev);
		for (int i = 0; i < v->n; i++)
			ref_value(r, v->items[i]);
		yaml_sequence_end_event_initialize(&ev);
		ref_emit(r, &ev);
		return;
	case V_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		ref_emit(r, &ev);
		for (int i = 0; i < v->n; i++) {
			ref_string(r, v->members[i].key, strlen(v->members[i].key), true);
			ref_value(r, v->members[i].val);
		}
		yaml_mapping_end_event_initialize(&ev);
		ref_emit(r, &ev);
		return;
	default:
		ref_scalar(r, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	}
}

static char *
ref_yaml(Value *const *docs, int n)
{
	Ref r = { 0 };
	yaml_event_t ev;
	assert_true(yaml_emitter_initialize(&r.e));
	yaml_emitter_set_output(&r.e, ref_write, &r.out);
	yaml_emitter_set_unicode(&r.e, 1);
	yaml_emitter_set_indent(&r.e, 2);
	yaml_emitter_set_width(&r.e, -1);
	yaml_emitter_set_break(&r.e, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ref_emit(&r, &ev);
	for (int i = 0; i < n; i++) {
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, i == 0);
		ref_emit(&r, &ev);
		ref_value(&r, docs[i]);
		yaml_document_end_event_initialize(&ev, 1);
		ref_emit(&r, &ev);
	}
	yaml_stream_end_event_initialize(&ev);
	ref_emit(&r, &ev);
	yaml_emitter_flush(&r.e);
	yaml_emitter_delete(&r.e);
	buf_add(&r.out, "", 0);
	return r.out.s;
}

/* Pieces that each test a rule of libyaml's scalar analysis or writers. */
static const char *const pieces[] = {
	"a", "b1", " ", "  ", "\n", "\n\n", "\r", "\t", ":", ": ", "#", " #", "-", "- ", "?", "? ", "'", "\"",
	"\\", "*", "&", "!", "|", ">", "%", "@", "`", ",", "[", "]", "{", "}", "---", "...", "~", "true",
	"1", "0x1F", "1.5", "null", "2001-12-14", "1:20", "${X}", "<<", "\xc3\xbc", "\xc2\x85", "\xc2\xa0",
	"\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf", "\xef\xbf\xbe", "\xf0\x9f\x98\x80", "\x7f", "\x1b",
	"\x01", "\xc2\x9f", "\xed\x9f\xbf", "\xee\x80\x80", "m5.large", "kubernetes.io/arch",
};

static unsigned rng_state = 12345;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 16) % n;
}

static Value *
random_string(void)
{
	Buf b = { 0 };
	int parts = (int)rng(5);
	for (int i = 0; i < parts; i++) {
		buf_puts(&b, pieces[rng(sizeof pieces / sizeof *pieces)]);
		if (rng(30) == 0)
			buf_add(&b, "", 1);     /* a NUL inside */
	}
	if (rng(20) == 0)
		for (int i = 0, m = 120 + (int)rng(16); i < m; i++)
			buf_puts(&b, "k");      /* around the 128 bytes of an implicit key */
	Value *v = v_str(A, b.s ? b.s : "", b.len, NULL);
	buf_free(&b);
	return v;
}

static Value *
random_value(int depth)
{
	unsigned k = depth > 3 ? rng(3) : rng(6);
	if (k == 0 || k == 1)
		return random_string();
	if (k == 2) {
		Value *v = v_new(A, V_BOOL, NULL);
		v->b = rng(2);
		return v;
	}
	Value *v = v_new(A, k == 3 ? V_LIST : V_MAP, NULL);
	int n = (int)rng(4);
	for (int i = 0; i < n; i++) {
		if (v->kind == V_LIST) {
			v_list_push(A, v, random_value(depth + 1));
		} else {
			Value *key = random_string();
			v_map_put(A, v, key->s, NULL, random_value(depth + 1));
		}
	}
	return v;
}

/* The writer gives libyaml's bytes: hand-picked trees, then 20,000 random ones. */
static void
test_same_as_libyaml(void **state)
{
	(void)state;
	for (int round = 0; round < 20000; round++) {
		Value *docs[3];
		int n = 1 + (int)rng(3);
		for (int i = 0; i < n; i++)
			docs[i] = random_value(0);
		char *mine = values_to_yaml(docs, n), *ref = ref_yaml(docs, n);
		if (strcmp(mine, ref) != 0)
			fail_msg("round %d: emit_yaml.c wrote\n%s\nlibyaml writes\n%s", round, mine, ref);
		free(mine);
		free(ref);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_block_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_expanded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_equal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corpus_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_as_libyaml, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
