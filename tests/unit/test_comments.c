/*
 * test_comments.c - YAML comments by a side channel (comments.c): which
 * comment goes with which key, what is never a comment, and that the text
 * with comments still reads back to the same values.
 */
#include "unit.h"

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

static Comments *C;

/* Load `text` as the only input, return its first document. */
static Value *
load(const char *text)
{
	const SrcFile *f = src_from_mem(A, "in.yaml", text, strlen(text));
	Value **docs = NULL;
	int n = yaml_load(A, f, &docs);
	assert_true(n >= 1);
	C = comments_new(A);
	comments_add_file(C, f, docs, n);
	return docs[0];
}

/* The YAML of `doc` with comments, as an arena string. */
static const char *
emit(const Value *doc)
{
	char *s = comments_yaml(C, doc);
	const char *r = arena_strdup(A, s);
	free(s);
	return r;
}

static int
lost_notes(void)
{
	int n, k = 0;
	Diag *const *d = diag_sorted(&n);
	for (int i = 0; i < n; i++)
		k += d[i]->rule == KG323 && strstr(d[i]->msg, "could not be kept") != NULL;
	return k;
}

static void
test_leading_and_trailing(void **state)
{
	(void)state;
	Value *doc = load("# header\n---\n# above a\na: 1 # after a\nb:\n  # above c\n  c: x # after c\n");
	const char *out = emit(doc);
	assert_string_equal(out, "# header\n# above a\na: 1 # after a\nb:\n  # above c\n  c: x # after c\n");
	comments_report_lost(C);
	assert_int_equal(lost_notes(), 0);
}

static void
test_renamed_key_keeps_comments(void **state)
{
	(void)state;
	Value *doc = load("# about ttl\nttl: 60 # seconds\nother: 2\n");
	/* a member that continues `ttl` under another name, as convert.c writes it */
	Value *out = v_new(A, V_MAP, &doc->loc);
	v_map_put(A, out, "consolidateAfter", &doc->members[0].key_loc, v_str(A, "1m", 2, &doc->members[0].val->loc));
	Loc none = { 0 };
	v_map_put(A, out, "new", &none, v_str(A, "x", 1, &none));
	assert_string_equal(emit(out), "# about ttl\nconsolidateAfter: 1m # seconds\nnew: x\n");
}

static void
test_block_scalar_is_text(void **state)
{
	(void)state;
	Value *doc = load("userData: | # the header comment\n  #!/bin/bash\n  # text\n  echo hi\n# above tags\ntags: {}\n");
	const char *out = emit(doc);
	assert_non_null(strstr(out, "userData: | # the header comment\n  #!/bin/bash\n  # text\n  echo hi\n"));
	assert_non_null(strstr(out, "# above tags\ntags: {}\n"));
	/* the text lines were not taken as comments, so nothing is lost either */
	comments_report_lost(C);
	assert_int_equal(lost_notes(), 0);
}

static void
test_other_indentation_is_lost(void **state)
{
	(void)state;
	Value *doc = load("a:\n  b: 1\n    # deeper\n  # last of a\nc: 2\n# end\n");
	const char *out = emit(doc);
	assert_string_equal(out, "a:\n  b: 1\nc: 2\n");
	comments_report_lost(C);
	assert_int_equal(lost_notes(), 1);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_non_null(strstr(d[n - 1]->msg, "3 comment lines"));
}

static void
test_flow_and_own_lines(void **state)
{
	(void)state;
	/* keys inside a flow map take no comment from the line above; convert's own lines are not input */
	Value *doc = load(CONVERT_MARK ": from x.yaml:1\n# kept\nm: {a: 1, b: 2} # after the flow map\n");
	const char *out = emit(doc);
	assert_string_equal(out, "# kept\nm: # after the flow map\n  a: 1\n  b: 2\n");
	comments_report_lost(C);
	assert_int_equal(lost_notes(), 0);
}

static void
test_list_items(void **state)
{
	(void)state;
	Value *doc = load("reqs:\n  # first\n  - key: a\n    op: In # the operator\n  # second\n  - key: b\n");
	assert_string_equal(emit(doc), "reqs:\n# first\n- key: a\n  op: In # the operator\n# second\n- key: b\n");
}

static void
test_no_comments_no_change(void **state)
{
	(void)state;
	Value *doc = load("a: 1\nb: [x, \"2\"]\n");
	char *plain = value_to_yaml(doc);
	assert_string_equal(emit(doc), plain);
	free(plain);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_leading_and_trailing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_key_keeps_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_scalar_is_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_indentation_is_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_and_own_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_comments_no_change, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
