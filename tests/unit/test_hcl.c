/*
 * test_hcl.c - the HCL lexer and parser: token kinds and positions, escapes,
 * heredoc indent stripping, operator precedence as the source ranges each
 * precedence level consumes, template forms, the values and locations of
 * hcl_parse(), duplicates and error recovery.
 *
 * hcl_parse.c is compiled into this test (its entry point renamed) so that the
 * grammar functions, which are static, can be called one at a time.
 */
#include "unit.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

Value *hcl_parse_under_test(Arena *a, const SrcFile *f);
Value *hcl_parse_printed_under_test(Arena *a, const SrcFile *f);
#define hcl_parse hcl_parse_under_test
#define hcl_parse_printed hcl_parse_printed_under_test
#include "../../src/hcl_parse.c"
#undef hcl_parse
#undef hcl_parse_printed

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

static SrcFile *
file(const char *text)
{
	return src_from_mem(A, "t.tf", text, strlen(text));
}

static HclLexer *
lexer(const char *text)
{
	HclLexer *lx = arena_alloc(A, sizeof *lx);
	hcl_lex_init(lx, A, file(text));
	return lx;
}

static Value *
parse(const char *text)
{
	Value *v = hcl_parse(A, file(text));
	assert_non_null(v);
	return v;
}

/* Parse text that must have no diagnostic at all. */
static Value *
parse_ok(const char *text)
{
	Value *v = parse(text);
	int n;
	Diag *const *d = diag_sorted(&n);
	if (n)
		fail_msg("unexpected diagnostic: %s", d[0]->msg);
	return v;
}

static void
assert_str(const Value *v, const char *s)
{
	assert_non_null(v);
	assert_int_equal(v->kind, V_STR);
	assert_int_equal(v->len, strlen(s));
	assert_memory_equal(v->s, s, v->len);
}

static void
assert_unknown(const Value *v, const char *s, bool template)
{
	assert_non_null(v);
	assert_int_equal(v->kind, V_UNKNOWN);
	assert_string_equal(v->s, s);
	assert_int_equal(!!(v->flags & VF_TEMPLATE), template);
}

static void
assert_loc(const Loc *l, int line, int col, int end_line, int end_col)
{
	assert_int_equal(l->line, line);
	assert_int_equal(l->col, col);
	assert_int_equal(l->end_line, end_line);
	assert_int_equal(l->end_col, end_col);
}

/* ------------------------------------------------------------------ lexer */

static void
test_token_kinds(void **state)
{
	(void)state;
	HclLexer *lx = lexer("a-b = 1.5e+3 + x.y[0] ... => ~} <= >= == != && || ! ? : , ( ) { } [ ] % / * - < > 7. :: \"");
	static const HclTok want[] = {
		HT_IDENT, HT_ASSIGN, HT_NUMBER, HT_PLUS, HT_IDENT, HT_DOT, HT_IDENT, HT_LBRACK, HT_NUMBER,
		HT_RBRACK, HT_ELLIPSIS, HT_ARROW, HT_RBRACE, HT_LE, HT_GE, HT_EQ, HT_NE, HT_AND, HT_OR,
		HT_NOT, HT_QUESTION, HT_COLON, HT_COMMA, HT_LPAREN, HT_RPAREN, HT_LBRACE, HT_RBRACE,
		HT_LBRACK, HT_RBRACK, HT_PERCENT, HT_SLASH, HT_STAR, HT_MINUS, HT_LT, HT_GT, HT_NUMBER,
		HT_DOT, HT_DCOLON, HT_OQUOTE, HT_EOF,
	};
	HclToken t;
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		t = hcl_lex_next(lx);
		if (t.kind != want[i])
			fail_msg("token %zu: %s, expected %s", i, hcl_tok_name(t.kind), hcl_tok_name(want[i]));
		if (i == 0)
			assert_int_equal(t.len, 3);     /* '-' continues an identifier */
		if (i == 2) {
			assert_int_equal(t.len, 6);     /* 1.5e+3 */
			assert_memory_equal(t.text, "1.5e+3", 6);
		}
		if (i == 12)
			assert_true(t.strip);           /* ~} */
		if (i == 35)
			assert_int_equal(t.len, 1);     /* "7." is a number then a dot */
	}
	assert_int_equal(diag_count(SEV_ERROR), 0);
}

static void
test_positions_and_newlines(void **state)
{
	(void)state;
	HclLexer *lx = lexer("é_ü = 1 # comment\n\t/* a\nb */ x // more\r\ny /* inline */ z\n");
	HclToken t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_IDENT);
	assert_int_equal(t.len, 5);                     /* bytes */
	assert_int_equal(t.start.col, 1);
	assert_int_equal(t.end.col, 4);                 /* columns count characters */
	t = hcl_lex_next(lx);
	assert_int_equal(t.start.col, 5);
	t = hcl_lex_next(lx);
	assert_false(t.nl_before);
	t = hcl_lex_next(lx);                           /* x, after a line comment and a block comment */
	assert_int_equal(t.kind, HT_IDENT);
	assert_true(t.nl_before);
	assert_int_equal(t.start.line, 3);
	assert_int_equal(t.start.col, 6);
	t = hcl_lex_next(lx);                           /* y, after "// more" and CR LF */
	assert_true(t.nl_before);
	assert_int_equal(t.start.line, 4);
	t = hcl_lex_next(lx);                           /* z: an inline comment is a space */
	assert_false(t.nl_before);
	assert_int_equal(t.start.col, 16);
	t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_EOF);
	assert_true(t.nl_before);

	/* an identifier that starts in ASCII and goes on beyond it */
	lx = lexer("naïve-x.y");
	t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_IDENT);
	assert_int_equal(t.len, 8);
	assert_int_equal(t.end.col, 8);
	assert_int_equal(hcl_lex_next(lx).kind, HT_DOT);
}

static void
test_escapes(void **state)
{
	(void)state;
	HclLexer *lx = lexer("\"\\n\\r\\t\\\"\\\\\\u00e9\\U0001F600 $${x} %%{y} $x %x\"");
	HclToken t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_OQUOTE);
	HclTemplate tm = { .open = t.start };
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_LIT);
	const char *want = "\n\r\t\"\\\xC3\xA9\xF0\x9F\x98\x80 ${x} %{y} $x %x";
	assert_int_equal(t.len, strlen(want));
	assert_memory_equal(t.text, want, t.len);
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_CQUOTE);
	assert_int_equal(diag_count(SEV_ERROR), 0);
}

static void
test_bad_escapes(void **state)
{
	(void)state;
	static const char *const bad[] = { "\"\\q\"", "\"\\u12\"", "\"\\uD800\"", "\"\\U00110000\"" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		diag_init(A);
		HclLexer *lx = lexer(bad[i]);
		HclToken t = hcl_lex_next(lx);
		HclTemplate tm = { .open = t.start };
		t = hcl_lex_template(lx, &tm);
		assert_int_equal(t.kind, HT_LIT);
		assert_int_equal(diag_count(SEV_ERROR), 1);
		int n;
		Diag *const *d = diag_sorted(&n);
		assert_int_equal(d[0]->rule, KG101);
		assert_int_equal(d[0]->loc.col, 2);
		assert_int_equal(hcl_lex_template(lx, &tm).kind, HT_CQUOTE);
	}
}

static void
test_template_sequences(void **state)
{
	(void)state;
	HclLexer *lx = lexer("\"a${~ x ~}b%{if y}\"");
	HclToken t = hcl_lex_next(lx);
	HclTemplate tm = { .open = t.start };
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_LIT);
	assert_string_equal(t.text, "a");
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_INTERP);
	assert_true(t.strip);
	assert_int_equal(hcl_lex_next(lx).kind, HT_IDENT);
	t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_RBRACE);
	assert_true(t.strip);
	t = hcl_lex_template(lx, &tm);
	assert_string_equal(t.text, "b");
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_DIRECTIVE);
	assert_false(t.strip);
}

static void
test_heredoc_tokens(void **state)
{
	(void)state;
	HclLexer *lx = lexer("<<-EOT\n  a ${b}\n EOTX\n  EOT\nz");
	HclToken t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_HEREDOC);
	assert_true(t.indent);
	assert_int_equal(t.len, 3);
	assert_memory_equal(t.text, "EOT", 3);
	HclTemplate tm = { .heredoc = true, .marker = t.text, .marker_len = t.len, .line_start = true };
	t = hcl_lex_template(lx, &tm);
	assert_string_equal(t.text, "  a ");
	assert_int_equal(hcl_lex_template(lx, &tm).kind, HT_INTERP);
	hcl_lex_next(lx);
	hcl_lex_next(lx);
	t = hcl_lex_template(lx, &tm);
	assert_string_equal(t.text, "\n");
	t = hcl_lex_template(lx, &tm);                  /* " EOTX" is text, not the marker */
	assert_string_equal(t.text, " EOTX\n");
	t = hcl_lex_template(lx, &tm);
	assert_int_equal(t.kind, HT_HEREDOC_END);
	t = hcl_lex_next(lx);
	assert_int_equal(t.kind, HT_IDENT);
	assert_true(t.nl_before);
}

/* ------------------------------------------------------- grammar functions */

/* A parser on `text` for calling one grammar function; a syntax error fails the test. */
static Parser *
parser_on(const char *text)
{
	Parser *p = arena_alloc(A, sizeof *p);
	p->a = A;
	hcl_lex_init(&p->lx, A, file(text));
	p->tbytes_max = 1 << 20;
	p->prev_end = (HclPos){ 0, 1, 1 };
	p->tok = hcl_lex_next(&p->lx);
	return p;
}

#define GUARD(p) do { \
		static jmp_buf rec_; \
		(p)->recover = &rec_; \
		if (setjmp(rec_) || setjmp((p)->stop)) \
			fail_msg("unexpected syntax error or limit"); \
	} while (0)

/* The source text that binary_op() at precedence `level` consumes from `text`. */
static char *
at_level(const char *text, int level)
{
	Parser *p = parser_on(text);
	GUARD(p);
	Expr e;
	binary_op(p, level, &e);
	return arena_strndup(A, text + e.start.off, e.end.off - e.start.off);
}

static void
test_precedence(void **state)
{
	(void)state;
	/* each level takes the operators of its level and above, left to right */
	assert_string_equal(at_level("a * b + c", 6), "a * b");
	assert_string_equal(at_level("a + b * c", 6), "a");
	assert_string_equal(at_level("a + b * c - d", 5), "a + b * c - d");
	assert_string_equal(at_level("a + b < c", 5), "a + b");
	assert_string_equal(at_level("a < b == c", 4), "a < b");
	assert_string_equal(at_level("a == b && c", 3), "a == b");
	assert_string_equal(at_level("a && b || c", 2), "a && b");
	assert_string_equal(at_level("a && b || c", 1), "a && b || c");
	assert_string_equal(at_level("a % b / c * d + e", 6), "a % b / c * d");
	/* unary binds tighter than any binary operator, and takes the traversal */
	assert_string_equal(at_level("-a.b[0] * c", 7), "-a.b[0]");
	assert_string_equal(at_level("!a == b", 7), "!a");

	/* the conditional is lowest: its predicate is the whole binary expression */
	Parser *p = parser_on("a || b && c ? d + 1 : e ? f : g");
	GUARD(p);
	Expr e;
	expression(p, &e);
	assert_int_equal(e.kind, N_COND);
	assert_int_equal(e.cond_end, strlen("a || b && c"));
	assert_int_equal(e.yes->start.off, strlen("a || b && c ? "));
	assert_int_equal(e.yes->end.off, strlen("a || b && c ? d + 1"));
	assert_int_equal(e.no->kind, N_COND);      /* right-associative */
	assert_int_equal(e.end.off, strlen("a || b && c ? d + 1 : e ? f : g"));
}

static void
test_expression_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		NKind kind;
		size_t len;     /* of the range; 0: all of it */
	} cases[] = {
		{ "12", N_LITERAL, 0 }, { "true", N_LITERAL, 0 }, { "null", N_LITERAL, 0 },
		{ "-1.5", N_UNARY, 0 }, { "x", N_TRAVERSAL, 0 }, { "x.y[0][\"k\"].z", N_TRAVERSAL, 0 },
		{ "x.0", N_TRAVERSAL, 0 }, { "x[y]", N_OTHER, 0 }, { "x[*].y", N_OTHER, 0 },
		{ "x.*.y", N_OTHER, 0 }, { "f(a, b...)", N_OTHER, 0 }, { "(a)", N_OTHER, 0 },
		{ "[1, 2]", N_TUPLE, 0 }, { "{a = 1}", N_OBJECT, 0 }, { "[for x in y : x if x]", N_OTHER, 0 },
		{ "{for k, v in y : k => v...}", N_OTHER, 0 }, { "\"s\"", N_TEMPLATE, 0 },
		{ "\"${x}\"", N_WRAP, 0 }, { "\"a${x}\"", N_TEMPLATE, 0 }, { "<<EOT\nx\nEOT", N_TEMPLATE, 0 },
		{ "a + b # c", N_OTHER, 5 }, { "f(\n1,\n2\n)", N_OTHER, 0 }, { "true(1)", N_OTHER, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Parser *p = parser_on(cases[i].text);
		GUARD(p);
		Expr e;
		expression(p, &e);
		if (e.kind != cases[i].kind)
			fail_msg("'%s': kind %d, expected %d", cases[i].text, e.kind, cases[i].kind);
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		assert_int_equal(e.start.off, 0);
		assert_int_equal(e.end.off, len);
		assert_int_equal(p->tok.kind, HT_EOF);
	}
}

/* ------------------------------------------------------------ hcl_parse */

static void
test_literals(void **state)
{
	(void)state;
	Value *b = parse_ok("i = 42\nf = 1.50\ne = 1e3\nn = -7\nbig = 123456789012345678901234567890\n"
	    "t = true\nfa = !true\nnu = null\ns = \"str\"\nneg = -x\nneg2 = - 2\n");
	Value *v = v_get(b, "i");
	assert_int_equal(v->kind, V_NUM);
	assert_true(v->flags & VF_INTEGER);
	assert_int_equal(v->i, 42);
	v = v_get(b, "f");
	assert_false(v->flags & VF_INTEGER);
	assert_true(v->num == 1.5);
	assert_string_equal(v->s, "1.50");
	assert_true(v_get(b, "e")->num == 1000);
	assert_false(v_get(b, "e")->flags & VF_INTEGER);
	assert_int_equal(v_get(b, "n")->i, -7);
	assert_string_equal(v_get(b, "n")->s, "-7");
	assert_false(v_get(b, "big")->flags & VF_INTEGER);
	assert_true(v_get(b, "big")->num > 1e29);
	assert_true(v_get(b, "t")->b);
	assert_int_equal(v_get(b, "fa")->kind, V_BOOL);
	assert_false(v_get(b, "fa")->b);
	assert_int_equal(v_get(b, "nu")->kind, V_NULL);
	assert_str(v_get(b, "s"), "str");
	assert_true(v_get(b, "s")->flags & VF_QUOTED);
	assert_unknown(v_get(b, "neg"), "-x", false);
	assert_int_equal(v_get(b, "neg2")->i, -2);
}

static void
test_heredocs(void **state)
{
	(void)state;
	Value *b = parse_ok(
	    "plain = <<EOT\n  keep\n\tthis\nEOT\n"
	    "flush = <<-EOT\n    four\n      six\n\n  \n    \\n is literal\n    EOT\n"
	    "tabs = <<-EOT\n\t\ta\n\tb\n\tEOT\n"
	    "seq = <<-EOT\n    a\n  ${x} b\n    c\n  EOT\n"
	    "lead = <<-EOT\n${x}\n    y\nEOT\n"
	    "empty = <<EOT\nEOT\n");
	assert_str(v_get(b, "plain"), "  keep\n\tthis\n");
	assert_true(v_get(b, "plain")->flags & VF_HEREDOC);
	/* the smallest indent (4) goes; a line of only spaces keeps its spaces */
	assert_str(v_get(b, "flush"), "four\n  six\n\n  \n\\n is literal\n");
	assert_str(v_get(b, "tabs"), "\ta\nb\n");
	/* a literal before a sequence counts: indent 2 */
	assert_unknown(v_get(b, "seq"), "  a\n${x} b\n  c\n", true);
	/* a line that starts with a sequence has no indent */
	assert_unknown(v_get(b, "lead"), "${x}\n    y\n", true);
	assert_str(v_get(b, "empty"), "");
}

static void
test_templates(void **state)
{
	(void)state;
	Value *b = parse_ok(
	    "wrap = \"${var.x}\"\n"
	    "wrapb = \"${true}\"\n"
	    "wrapl = \"${[1, x]}\"\n"
	    "lit = \"a${\"b\"}${1.50e1}${false}\"\n"
	    "mix = \"x-${var.y[\"k\"]}-z\"\n"
	    "cond = \"p${c ? \"a\" : \"\"}q${d ? e : \"f\"}\"\n"
	    "ifd = \"%{ if c ~} yes %{~ else } no %{ endif }\"\n"
	    "ford = \"%{for k, v in m}${k}=${v},%{endfor}\"\n"
	    "strip = \"a ${~ x ~} b\"\n"
	    "esc = \"$${x} %%{y}\"\n"
	    "num = \"${0.000}-${007}-${1.5e-3}-${12e2}\"\n"
	    "neg = \"a${-1}\"\n"
	    "nul = \"a${null}\"\n");
	assert_unknown(v_get(b, "wrap"), "var.x", false);
	assert_int_equal(v_get(b, "wrapb")->kind, V_BOOL);
	Value *l = v_get(b, "wrapl");
	assert_int_equal(l->kind, V_LIST);
	assert_int_equal(l->n, 2);
	assert_str(v_get(b, "lit"), "ab15false");
	assert_unknown(v_get(b, "mix"), "x-${var.y[\"k\"]}-z", true);
	assert_unknown(v_get(b, "cond"), "p%{if c}a%{endif}q%{if d}${e}%{else}f%{endif}", true);
	assert_unknown(v_get(b, "ifd"), "%{if c}yes%{else} no %{endif}", true);
	assert_unknown(v_get(b, "ford"), "%{for k, v in m}${k}=${v},%{endfor}", true);
	assert_unknown(v_get(b, "strip"), "a${x}b", true);
	assert_str(v_get(b, "esc"), "${x} %{y}");
	assert_str(v_get(b, "num"), "0-7-0.0015-1200");
	assert_unknown(v_get(b, "neg"), "a${-1}", true);
	assert_unknown(v_get(b, "nul"), "a${null}", true);
}

/*
 * "$${" and "%%{": the value has "${" and "%{"; the printed form (parse
 * --json) keeps them escaped wherever hcl2json does: quoted strings, both
 * heredoc forms, literal parts of templates, object keys, not block labels.
 */
static void
test_template_escapes(void **state)
{
	(void)state;
	const char *text =
	    "q = \"$${x} %%{y} $$ %% {z}\"\n"
	    "m = \"p-${v}-$${x}\"\n"
	    "h = <<EOT\n$${x} %%{ if }\nEOT\n"
	    "f = <<-EOT\n  $${x}\n  EOT\n"
	    "n = \"${\"$${n}\"}\"\n"
	    "l = \"a${1}$${b}\"\n"
	    "k = { \"$${k}\" = 1 }\n"
	    "e = \"a$\\u007b\"\n"
	    "resource \"r\" \"$${l}\" {}\n";
	Value *b = parse_ok(text);
	assert_str(v_get(b, "q"), "${x} %{y} $$ %% {z}");
	assert_unknown(v_get(b, "m"), "p-${v}-$${x}", true);
	assert_str(v_get(b, "h"), "${x} %{ if }\n");
	assert_str(v_get(b, "f"), "${x}\n");
	assert_str(v_get(b, "n"), "${n}");
	assert_str(v_get(b, "l"), "a1${b}");
	assert_non_null(v_get(v_get(b, "k"), "${k}"));
	assert_str(v_get(b, "e"), "a${");
	assert_non_null(v_get(v_get(v_get(b, "resource"), "r"), "${l}"));

	Value *p = hcl_parse_printed(A, file(text));
	assert_non_null(p);
	assert_str(v_get(p, "q"), "$${x} %%{y} $$ %% {z}");
	assert_unknown(v_get(p, "m"), "p-${v}-$${x}", true);
	assert_str(v_get(p, "h"), "$${x} %%{ if }\n");
	assert_str(v_get(p, "f"), "$${x}\n");
	assert_str(v_get(p, "n"), "$${n}");
	assert_str(v_get(p, "l"), "a1$${b}");
	assert_non_null(v_get(v_get(p, "k"), "$${k}"));
	assert_str(v_get(p, "e"), "a$${");
	assert_non_null(v_get(v_get(v_get(p, "resource"), "r"), "${l}"));
}

/* FunctionName = Identifier { "::" Identifier } ; then "(" must follow. */
static void
test_provider_functions(void **state)
{
	(void)state;
	Value *b = parse_ok(
	    "d = provider::kubernetes::manifest_decode_multi(file(\"m.yaml\"))\n"
	    "s = provider :: aws :: arn_parse(\"x\")[0]\n"
	    "n = null::f(1)\n"
	    "t = \"a-${provider::k::f(1)}\"\n");
	assert_unknown(v_get(b, "d"), "provider::kubernetes::manifest_decode_multi(file(\"m.yaml\"))", false);
	assert_unknown(v_get(b, "s"), "provider :: aws :: arn_parse(\"x\")[0]", false);
	assert_unknown(v_get(b, "n"), "null::f(1)", false);
	assert_unknown(v_get(b, "t"), "a-${provider::k::f(1)}", true);

	static const char *const bad[] = { "a = provider::x\n", "a = provider::(1)\n", "a = p::q::\n" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		diag_init(A);
		parse(bad[i]);
		int n;
		Diag *const *d = diag_sorted(&n);
		assert_int_equal(n, 1);
		assert_int_equal(d[0]->rule, KG101);
	}
}

static void
test_collections(void **state)
{
	(void)state;
	Value *b = parse_ok(
	    "t = [\n  1\n  \"a\", var.x,\n]\n"
	    "m = [a\n  - b]\n"
	    "o = {\n  id = 1, \"q k\" = 2\n  (k) = 3\n  a.b = 4\n  5 : 6\n  d = 8\n  d = 9\n}\n"
	    "e = {}\n");
	Value *t = v_get(b, "t");
	assert_int_equal(t->n, 3);
	assert_unknown(t->items[2], "var.x", false);
	assert_int_equal(v_get(b, "m")->n, 1);          /* a newline inside an element is a space */
	assert_unknown(v_get(b, "m")->items[0], "a\n  - b", false);
	Value *o = v_get(b, "o");
	assert_int_equal(o->n, 6);
	assert_int_equal(v_get(o, "id")->i, 1);
	assert_int_equal(v_get(o, "q k")->i, 2);
	assert_int_equal(v_get(o, "${(k)}")->i, 3);
	assert_int_equal(v_get(o, "a.b")->i, 4);
	assert_int_equal(v_get(o, "5")->i, 6);
	assert_int_equal(v_get(o, "d")->i, 9);        /* the last one wins, as in hcl2json */
	assert_int_equal(v_get(b, "e")->kind, V_MAP);
}

static void
test_blocks(void **state)
{
	(void)state;
	Value *b = parse_ok(
	    "resource \"aws_x\" \"a\" {\n  n = 1\n}\n"
	    "resource \"aws_x\" b { n = 2 }\n"
	    "resource \"aws_x\" \"a\" {\n  nested {\n  }\n}\n"
	    "locals {\n  x = 1\n}\nlocals {}\n");
	Value *r = v_get(b, "resource");
	assert_int_equal(r->kind, V_MAP);
	assert_false(r->flags & VF_BLOCK);
	Value *a = v_path(b, "resource.aws_x.a");
	assert_int_equal(a->kind, V_LIST);
	assert_true(a->flags & VF_BLOCK);
	assert_int_equal(a->n, 2);
	assert_true(a->items[0]->flags & VF_BLOCK);
	assert_int_equal(v_get(a->items[0], "n")->i, 1);
	Value *nested = v_get(a->items[1], "nested");
	assert_int_equal(nested->n, 1);
	assert_int_equal(nested->items[0]->n, 0);
	assert_int_equal(v_get(v_path(b, "resource.aws_x.b")->items[0], "n")->i, 2);
	assert_int_equal(v_get(b, "locals")->n, 2);
	/* block ranges: type to closing brace */
	assert_loc(&a->items[0]->loc, 1, 1, 3, 2);
	assert_loc(&v_member(v_get(r, "aws_x"), "a")->key_loc, 1, 18, 1, 21);
}

static void
test_locations(void **state)
{
	(void)state;
	Value *b = parse_ok("# é\nk\u00e9y = {\n  \"é\" = [1, \"ü\", x.y]\n  n = <<EOT\nabc\nEOT\n}\n");
	const Member *m = v_member(b, "kéy");
	assert_non_null(m);
	assert_loc(&m->key_loc, 2, 1, 2, 4);
	assert_loc(&m->val->loc, 2, 7, 7, 2);
	const Member *e = v_member(m->val, "é");
	assert_loc(&e->key_loc, 3, 3, 3, 6);
	Value *list = e->val;
	assert_loc(&list->loc, 3, 9, 3, 22);
	assert_loc(&list->items[0]->loc, 3, 10, 3, 11);
	assert_loc(&list->items[1]->loc, 3, 13, 3, 16);
	assert_loc(&list->items[2]->loc, 3, 18, 3, 21);
	assert_loc(&v_get(m->val, "n")->loc, 4, 7, 6, 4);
	/* the whole file */
	assert_loc(&b->loc, 1, 1, 8, 1);
}

static void
test_duplicates(void **state)
{
	(void)state;
	Value *b = parse("a = 1\nb {}\na = 2\nb = 3\nc \"x\" {}\nc {}\n");
	assert_int_equal(v_get(b, "a")->i, 1);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 3);
	assert_int_equal(d[0]->rule, KG108);
	assert_string_equal(d[0]->msg, "duplicate attribute 'a'");
	assert_loc(&d[0]->loc, 3, 1, 3, 2);
	assert_int_equal(d[0]->notes.n, 1);
	assert_int_equal(d[0]->notes.v[0].loc.line, 1);
	assert_string_equal(d[1]->msg, "'b' is both an attribute and a block");
	assert_int_equal(d[1]->notes.v[0].loc.line, 2);
	assert_string_equal(d[2]->msg, "blocks of type 'c' with different numbers of labels");
}

static void
test_error_recovery(void **state)
{
	(void)state;
	Value *b = parse("a = 1\nb = [1,\nc = 3\nd = (1 +\n  2)\ne = \"x\ny = { z = 1 z2 }\ngood = true\n");
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_true(n >= 3);
	for (int i = 0; i < n; i++)
		assert_int_equal(d[i]->rule, KG101);
	assert_int_equal(v_get(b, "a")->i, 1);
	assert_int_equal(v_get(b, "d")->kind, V_UNKNOWN);   /* newlines inside () are spaces */
	assert_true(v_get(b, "good")->b);
	/* the unterminated string is reported at its quote */
	bool seen = false;
	for (int i = 0; i < n; i++)
		if (strcmp(d[i]->msg, "unterminated string") == 0) {
			assert_loc(&d[i]->loc, 6, 5, 6, 6);
			seen = true;
		}
	assert_true(seen);
}

static void
test_error_cap_and_limits(void **state)
{
	(void)state;
	char text[4000] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "= =\n");
	parse(text);
	assert_int_equal(diag_count(SEV_ERROR), HCL_MAX_ERRORS);

	diag_init(A);
	char deep[2000] = "a = ";
	memset(deep + 4, '[', 1000);
	parse(deep);
	int n;
	Diag *const *d = diag_sorted(&n);
	assert_int_equal(n, 1);
	assert_int_equal(d[0]->rule, KG102);
	assert_true(diag_fatal());
}

static void
test_encoding(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
		int col;
	} cases[] = {
		{ "a = \"x\0\"", 8, 7 }, { "a = \"\xff\"", 7, 6 }, { "\xEF\xBB\xBF" "a = 1", 8, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		diag_init(A);
		SrcFile *f = src_from_mem(A, "t.tf", cases[i].text, cases[i].len);
		assert_null(hcl_parse(A, f));
		int n;
		Diag *const *d = diag_sorted(&n);
		assert_int_equal(n, 1);
		assert_int_equal(d[0]->rule, KG103);
		assert_int_equal(d[0]->loc.col, cases[i].col);
	}
	/* empty input: an empty body */
	diag_init(A);
	Value *v = parse_ok("");
	assert_int_equal(v->kind, V_MAP);
	assert_int_equal(v->n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_token_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions_and_newlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expression_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredocs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_functions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_recovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_cap_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding, setup, teardown),
	};
	return cmocka_run_group_tests_name("hcl", tests, NULL, NULL);
}
