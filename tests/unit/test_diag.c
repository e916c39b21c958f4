/*
 * test_diag.c - the diagnostics engine: catalogue, sorting, --werror,
 * --disable, and the text, json, github and sarif formats.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static Arena *A;
static SrcFile *F;

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	diag_init(A);
	const char *text = "a = 1\nbad = \"x\"\n\tb = 2\n";
	F = src_from_mem(A, "in.tfvars", text, strlen(text));
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

static char *
render(Format fmt)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	DiagOutput o = { .format = fmt, .color = COLOR_NEVER, .tool_command = "lint" };
	diag_print(f, &o);
	fclose(f);
	return s;
}

static Loc
at(int line, int col, int end_col)
{
	Loc l = { .file = F, .line = line, .col = col, .end_line = line, .end_col = end_col };
	return l;
}

static void
test_catalogue(void **state)
{
	(void)state;
	assert_int_equal(rule_lookup("KG201"), KG201);
	assert_int_equal(rule_lookup("kg201"), KG201);
	assert_int_equal(rule_lookup("az-coverage"), KG201);
	assert_int_equal(rule_lookup("nope"), -1);
	for (int i = 0; i < RULE_COUNT; i++) {
		assert_int_equal(strlen(rule_table[i].id), 5);
		assert_int_equal(rule_lookup(rule_table[i].name), i);
	}
}

static void
test_text_sorted_with_excerpt(void **state)
{
	(void)state;
	Loc b = at(2, 7, 10), a = at(1, 5, 6);
	Diag *d = diag(KG106, &b, "'bad' must be a number");
	diag_note(d, &a, "the previous value is here");
	diag(KG110, &a, "unknown key 'a'");
	char *s = render(FMT_TEXT);
	const char *want =
	    "in.tfvars:1:5: warning: unknown key 'a' [KG110 unknown-key]\n"
	    "    1 | a = 1\n"
	    "      |     ^\n"
	    "in.tfvars:2:7: error: 'bad' must be a number [KG106 type-mismatch]\n"
	    "    2 | bad = \"x\"\n"
	    "      |       ^~~\n"
	    "in.tfvars:1:5: note: the previous value is here\n"
	    "    1 | a = 1\n"
	    "      |     ^\n"
	    "1 error, 1 warning, 0 notes\n";
	assert_string_equal(s, want);
	free(s);
}

/*
 * A stream with a descriptor (stderr, a file) is written through a buffer of
 * diag_print()'s own: the same bytes as a memory stream gets, after what the
 * stream held already and before what follows, in a handful of writes.
 */
static void
test_buffered_stream_keeps_order(void **state)
{
	(void)state;
	Loc b = at(2, 7, 10);
	for (int i = 0; i < 2000; i++)
		diag(KG106, &b, "'bad' must be a number (%d)", i);
	char *want = render(FMT_TEXT);
	FILE *f = tmpfile();
	assert_non_null(f);
	fputs("before\n", f);          /* still in f's buffer when diag_print() starts */
	DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER, .tool_command = "lint" };
	diag_print(f, &o);
	fputs("after\n", f);
	fflush(f);
	long n = ftell(f);
	assert_true(n > 0);
	char *got = malloc((size_t)n + 1);
	assert_non_null(got);
	rewind(f);
	assert_int_equal(fread(got, 1, (size_t)n, f), (size_t)n);
	got[n] = '\0';
	fclose(f);
	assert_int_equal(strncmp(got, "before\n", 7), 0);
	assert_int_equal(strncmp(got + 7, want, strlen(want)), 0);
	assert_string_equal(got + 7 + strlen(want), "after\n");
	free(got);
	free(want);
}

static void
test_caret_after_tab(void **state)
{
	(void)state;
	Loc l = at(3, 2, 3);
	diag(KG110, &l, "unknown key 'b'");
	char *s = render(FMT_TEXT);
	assert_non_null(strstr(s, "    3 | \tb = 2\n      | \t^\n"));
	free(s);
}

static void
test_werror_and_disable(void **state)
{
	(void)state;
	Loc l = at(1, 1, 2);
	diag_set_werror(true);
	diag(KG110, &l, "unknown key 'a'");
	diag_disable(KG106);
	Diag *d = diag(KG106, &l, "dropped");
	diag_note(d, &l, "dropped too");
	assert_int_equal(diag_count(SEV_ERROR), 1);
	assert_int_equal(diag_count(SEV_WARNING), 0);
	char *s = render(FMT_TEXT);
	assert_non_null(strstr(s, "error: unknown key 'a' [KG110 unknown-key]"));
	assert_null(strstr(s, "dropped"));
	free(s);
}

static void
test_json_shape(void **state)
{
	(void)state;
	Loc l = at(2, 7, 10), n = at(1, 1, 2);
	Diag *d = diag(KG201, &l, "zones 'usw2-az3' missing");
	diag_note(d, &n, "used here");
	char *s = render(FMT_JSON);
	assert_non_null(strstr(s, "\"file\": \"in.tfvars\""));
	assert_non_null(strstr(s, "\"line\": 2"));
	assert_non_null(strstr(s, "\"column\": 7"));
	assert_non_null(strstr(s, "\"end_line\": 2"));
	assert_non_null(strstr(s, "\"end_column\": 10"));
	assert_non_null(strstr(s, "\"severity\": \"error\""));
	assert_non_null(strstr(s, "\"rule\": \"KG201\""));
	assert_non_null(strstr(s, "\"name\": \"az-coverage\""));
	assert_non_null(strstr(s, "\"message\": \"used here\""));
	assert_non_null(strstr(s, "\"errors\": 1"));
	assert_non_null(strstr(s, "\"warnings\": 0"));
	free(s);
}

static void
test_github_escapes(void **state)
{
	(void)state;
	Loc l = at(2, 7, 10);
	diag(KG106, &l, "50%% of 'a,b'\nsecond line");
	char *s = render(FMT_GITHUB);
	assert_string_equal(s, "::error file=in.tfvars,line=2,col=7,endLine=2,endColumn=10,"
	    "title=KG106 type-mismatch::50%25 of 'a,b'%0Asecond line\n");
	free(s);
}

static void
test_sarif_has_rules(void **state)
{
	(void)state;
	Loc l = at(1, 1, 2);
	diag(KG221, &l, "unknown instance type 'c6i.2xlarg'");
	char *s = render(FMT_SARIF);
	assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(s, "\"id\": \"KG506\""));
	assert_non_null(strstr(s, "\"ruleId\": \"KG221\""));
	assert_non_null(strstr(s, "\"startLine\": 1"));
	free(s);
}

static void
test_location_less(void **state)
{
	(void)state;
	diag(KG203, NULL, "no node group is left to run the controller");
	char *s = render(FMT_TEXT);
	assert_non_null(strstr(s, "karpgen: error: no node group"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_sorted_with_excerpt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caret_after_tab, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffered_stream_keeps_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_werror_and_disable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif_has_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_location_less, setup, teardown),
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
