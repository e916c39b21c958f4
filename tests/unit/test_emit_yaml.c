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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
