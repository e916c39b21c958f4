/*
 * hcl_parse.c - HCL native syntax (grammar/hcl.ebnf) into the value tree.
 *
 * A recursive-descent parser: each function is named after the grammar rule
 * it implements and cites it.  Expressions come back as a small Expr (kind
 * and source range); the value tree is made from it only where a value is
 * wanted, in the shape HashiCorp's hcl2json (the cdktf build of tmccombs'
 * converter) prints:
 *
 *  - literals (numbers, bools, null), strings without sequences, heredocs,
 *    and "-" / "!" applied to a number / bool literal are evaluated;
 *  - tuples and objects are converted element by element, so a partly
 *    literal one keeps its literal parts;
 *  - a template that is one interpolation ("${x}") is the value of x;
 *  - any other template prints its parts: literal text as is, a literal
 *    interpolated as text (numbers in plain decimal), an interpolated
 *    conditional as "%{if c}a%{else}b%{endif}", every other interpolated
 *    expression as "${<its exact source text>}";
 *  - every other expression is V_UNKNOWN holding its exact source text.
 *
 * Blocks nest by type and then by each label, ending in a list of bodies
 * that blocks with the same type and labels share.
 *
 * Errors: a syntax error is reported (KG101) and control returns, by
 * longjmp, to the innermost body, which skips to the next line at its own
 * bracket level and goes on; everything is in the arena, so nothing leaks.
 * A resource limit (KG102) or HCL_MAX_ERRORS syntax errors stop the file.
 * Nesting is bounded by LIMIT_DEPTH, so the C stack is too.
 */
#include "karpgen.h"

#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef enum NKind {
	N_LITERAL,    /* number, bool or null */
	N_TEMPLATE,   /* quoted or heredoc template */
	N_WRAP,       /* a template that is a single interpolation */
	N_TUPLE, N_OBJECT,
	N_UNARY,
	N_TRAVERSAL,  /* a variable and literal attribute / index steps */
	N_COND,
	N_OTHER,
} NKind;

/*
 * Expression functions build their Expr in the caller's storage (an out
 * parameter): returning a struct whose fields were just stored one by one
 * makes the copy's wide loads wait on those stores, a stall on every level
 * of the precedence chain.
 */
typedef struct Expr Expr;
struct Expr {
	NKind kind;
	VKind lit;                  /* N_LITERAL, and N_UNARY when folded: V_NULL, V_BOOL or V_NUM */
	bool folded, b, neg;
	bool literal, heredoc;      /* N_TEMPLATE: no sequence is left; a heredoc */
	HclPos start, end;
	union {
		struct {                /* N_LITERAL / folded N_UNARY of a number: the NumericLit */
			const char *num;
			size_t num_len;
		};
		struct {                /* N_TEMPLATE: what hcl2json prints */
			const char *text;
			size_t len;
		};
		Value *v;               /* N_TUPLE, N_OBJECT */
		const Expr *inner;      /* N_WRAP */
		struct {                /* N_COND; the predicate is [start, cond_end) */
			const Expr *yes, *no;
			uint32_t cond_end;
		};
	};
};

/*
 * A body's names -> members, with what each is (attribute, list of blocks, or
 * map of labels): linear while small, hashed beyond.  Objects need only the
 * member of a key, and use an SMap over their members.
 */
enum { ENT_ATTR, ENT_BLOCKS, ENT_LABELS };

typedef struct Index Index;
typedef struct Ent {
	const char *key;
	int member;                 /* in the map's members */
	int kind;
	Index *child;               /* ENT_LABELS: the index of the nested map */
} Ent;

struct Index {
	VEC(Ent) ents;
	SMap hash;                  /* key -> ents index + 1, beyond SMALL_MAP */
};

/* A growable string in the arena (a malloc'd Buf would leak on longjmp). */
typedef struct ABuf {
	char *s;
	size_t len, cap;
} ABuf;

typedef struct Parser {
	Arena *a;
	HclLexer lx;
	HclToken tok;               /* the current token */
	HclPos prev_end;            /* end of the token before it */
	bool nl_sig;                /* a newline ends the expression here */
	int depth;
	int brackets;               /* ( [ { open in expressions, for error recovery */
	long values;
	size_t tbytes, tbytes_max;  /* template text made, and its bound */
	uint32_t item_off;          /* where the body item being read starts */
	int item_col;
	jmp_buf *recover;           /* the innermost body */
	jmp_buf stop;
	bool printed;               /* strings as hcl2json prints them ("$${" kept), not their values */
	bool lit_values;            /* template_seq() appends literal text as its value, unescaped */
} Parser;

enum { SMALL_MAP = 16 };

static void expression(Parser *p, Expr *e);

/* ------------------------------------------------------------- helpers */

static Loc
loc(const Parser *p, HclPos a, HclPos b)
{
	return hcl_loc(&p->lx, a, b);
}

static const char *
src(const Parser *p, HclPos a)
{
	return p->lx.s + a.off;
}

NORETURN static void
stop(Parser *p)
{
	longjmp(p->stop, 1);
}

NORETURN static void
bail(Parser *p)
{
	if (p->lx.errors >= HCL_MAX_ERRORS)
		stop(p);
	longjmp(*p->recover, 1);
}

PRINTF(3, 4) NORETURN static void
limit(Parser *p, HclPos at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Loc l = loc(p, at, at);
	Diag *d = vdiag(KG102, SEV_ERROR, &l, fmt, ap);
	va_end(ap);
	diag_note(d, NULL, "karpgen stops reading '%s' here", p->lx.file->name);
	stop(p);
}

static void
note(Diag *d, const Loc *l, const char *msg)
{
	if (d)
		diag_note(d, l, "%s", msg);
}

/* The current token as the grammar sees it: a newline where one matters. */
static HclTok
cur(const Parser *p)
{
	if (p->tok.kind != HT_EOF && p->nl_sig && p->tok.nl_before)
		return HT_NEWLINE;
	return p->tok.kind;
}

static void
skip_nl(Parser *p)
{
	p->tok.nl_before = false;
}

/* Next token, whatever it is (error recovery). */
static void
step(Parser *p)
{
	p->prev_end = p->tok.end;
	hcl_lex_scan(&p->lx, &p->tok);
}

/* Next token; a lexical error (already reported) abandons the item. */
static void
advance(Parser *p)
{
	step(p);
	if (p->tok.kind == HT_ERROR)
		bail(p);
}

static bool
is_kw(const HclToken *t, const char *kw)
{
	return t->kind == HT_IDENT && t->len == strlen(kw) && memcmp(t->text, kw, t->len) == 0;
}

/* How the current token reads in a message. */
static const char *
desc(const Parser *p)
{
	HclTok k = cur(p);
	if (k == HT_IDENT || k == HT_NUMBER) {
		int n = p->tok.len > 40 ? 40 : (int)p->tok.len;
		return arena_printf(p->a, "'%.*s%s'", n, p->tok.text, p->tok.len > 40 ? "..." : "");
	}
	return hcl_tok_name(k);
}

/* KG101 at the current token (at the end of the line for a newline or EOF). */
PRINTF(2, 3) static Diag *
error_here(Parser *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	HclTok k = cur(p);
	HclPos a = p->tok.start, b = p->tok.end;
	if (k == HT_NEWLINE || k == HT_EOF)
		a = b = p->prev_end;
	return hcl_syntax_error(&p->lx, a, b, "%s", msg);
}

/* The bracket opened at `open` is not closed where the current token is. */
NORETURN static void
unclosed(Parser *p, const HclToken *open, const char *closer, const char *what)
{
	Diag *d = error_here(p, "expected '%s' to close %s, found %s", closer, what, desc(p));
	Loc l = loc(p, open->start, open->end);
	if (d)
		diag_note(d, &l, "%s opens here", what);
	bail(p);
}

static void
enter(Parser *p, int n, HclPos at)
{
	p->depth += n;
	if (p->depth > LIMIT_DEPTH)
		limit(p, at, "nesting deeper than %d levels", LIMIT_DEPTH);
}

static Value *
newval(Parser *p, VKind k, HclPos a, HclPos b)
{
	if (++p->values > LIMIT_VALUES)
		limit(p, a, "more than %d values in one file", LIMIT_VALUES);
	Loc l = loc(p, a, b);
	return v_new(p->a, k, &l);
}

static void
ab_add(Parser *p, ABuf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		size_t nc = b->cap ? b->cap : 64;
		while (nc - b->len <= n)
			nc *= 2;
		p->tbytes += nc - b->cap;
		if (p->tbytes > p->tbytes_max)
			limit(p, p->tok.start, "templates expand to more than %zu bytes", p->tbytes_max);
		b->s = arena_realloc(p->a, b->s, b->len, nc);
		b->cap = nc;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
ab_puts(Parser *p, ABuf *b, const char *s)
{
	ab_add(p, b, s, strlen(s));
}

/*
 * Literal text as hcl2json prints it: "${" and "%{" escaped again as "$${"
 * and "%%{", because in HCL's JSON form a bare "${" starts an interpolation.
 */
static void
ab_add_escaped(Parser *p, ABuf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if ((s[i] == '$' || s[i] == '%') && s[i + 1] == '{') {
			ab_add(p, b, s + from, i + 1 - from);
			from = i;       /* the '$' or '%' again, then the '{' */
		}
	ab_add(p, b, s + from, n - from);
}

/* ---------------------------------------------------------------- index */

/*
 * Lookups by name are a linear scan while a body or object has at most
 * SMALL_MAP names (most do; no table is built for them), then an SMap of
 * name -> position + 1, filled with every name so far the first time.
 */
static void
hashed_add(Parser *p, SMap *h, int n, const char *(*key_of)(const void *, int), const void *of)
{
	if (n <= SMALL_MAP)
		return;
	for (int i = h->cap ? n - 1 : 0; i < n; i++)
		smap_put(p->a, h, key_of(of, i), (void *)(intptr_t)(i + 1));
}

static const char *
ent_key(const void *ix, int i)
{
	return ((const Index *)ix)->ents.v[i].key;
}

static Ent *
index_find(Index *ix, const char *key)
{
	if (!ix->hash.cap) {
		for (int i = 0; i < ix->ents.n; i++)
			if (strcmp(ix->ents.v[i].key, key) == 0)
				return &ix->ents.v[i];
		return NULL;
	}
	intptr_t i = (intptr_t)smap_get(&ix->hash, key);
	return i ? &ix->ents.v[i - 1] : NULL;
}

static Ent *
index_add(Parser *p, Index *ix, const char *key, int member, int kind)
{
	Ent e = { key, member, kind, NULL };
	VEC_PUSH(p->a, ix->ents, e);
	hashed_add(p, &ix->hash, ix->ents.n, ent_key, ix);
	return &ix->ents.v[ix->ents.n - 1];
}

static const char *
member_key(const void *map, int i)
{
	return ((const Value *)map)->members[i].key;
}

/* The member of `map` named `key`, or -1; `h` is the map's table. */
static int
member_find(const SMap *h, const Value *map, const char *key)
{
	if (!h->cap) {
		for (int i = 0; i < map->n; i++)
			if (strcmp(map->members[i].key, key) == 0)
				return i;
		return -1;
	}
	return (int)(intptr_t)smap_get(h, key) - 1;
}

/* ------------------------------------------------------ value conversion */

/* The value of a number literal, with the sign of a folded "-". */
static void
set_number(Parser *p, Value *v, const Expr *e)
{
	char *d = arena_alloc(p->a, e->num_len + 2);
	d[0] = '-';
	memcpy(d + 1, e->num, e->num_len);
	const char *text = e->neg ? d : d + 1;
	if (!memchr(e->num, '.', e->num_len) && !memchr(e->num, 'e', e->num_len) &&
	    !memchr(e->num, 'E', e->num_len)) {
		errno = 0;
		long long i = strtoll(text, NULL, 10);
		if (errno == 0) {
			v->i = i;
			v->num = (double)i;
			v->flags |= VF_INTEGER;
			return;
		}
	}
	v->num = strtod(text, NULL);
}

/* The value hcl2json prints for an expression. */
static Value *
to_value(Parser *p, const Expr *e)
{
	Value *v;
	switch (e->kind) {
	case N_WRAP:
		return to_value(p, e->inner);
	case N_TUPLE:
	case N_OBJECT:
		return e->v;
	case N_TEMPLATE:
		v = newval(p, e->literal ? V_STR : V_UNKNOWN, e->start, e->end);
		v->s = e->text;
		v->len = e->len;
		v->flags |= e->literal ? (e->heredoc ? VF_HEREDOC : VF_QUOTED) : VF_TEMPLATE;
		v_nul_refused(v);
		return v;
	case N_LITERAL:
	case N_UNARY:
		if (e->kind == N_LITERAL || e->folded) {
			v = newval(p, e->lit, e->start, e->end);
			v->len = e->end.off - e->start.off;
			v->s = arena_strndup(p->a, src(p, e->start), v->len);
			if (e->lit == V_BOOL)
				v->b = e->b;
			else if (e->lit == V_NUM)
				set_number(p, v, e);
			return v;
		}
		/* FALLTHROUGH */
	default:
		v = newval(p, V_UNKNOWN, e->start, e->end);
		v->len = e->end.off - e->start.off;
		v->s = arena_strndup(p->a, src(p, e->start), v->len);
		return v;
	}
}

/*
 * A NumericLit as text, the way go-cty turns a number into a string
 * (big.Float, format 'f', shortest): plain decimal, no exponent, no
 * redundant zeros.  An absurd exponent keeps the spelling as written.
 */
static void
number_text(Parser *p, ABuf *b, const char *s, size_t n)
{
	char *dig = arena_alloc(p->a, n + 1);
	size_t nd = 0, i = 0;
	long point = 0, exp = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, point++)
		dig[nd++] = s[i];
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			dig[nd++] = s[i];
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		errno = 0;
		char *end;
		exp = strtol(s + i + 1, &end, 10);
		if (errno || exp > 4096 || exp < -4096) {
			ab_add(p, b, s, n);
			return;
		}
	}
	point += exp;
	size_t lo = 0;
	while (lo < nd && dig[lo] == '0') {
		lo++;
		point--;
	}
	while (nd > lo && dig[nd - 1] == '0')
		nd--;
	if (lo == nd) {
		ab_puts(p, b, "0");
		return;
	}
	const char *d = dig + lo;
	long len = (long)(nd - lo);
	if (point <= 0) {
		ab_puts(p, b, "0.");
		for (long z = 0; z < -point; z++)
			ab_puts(p, b, "0");
		ab_add(p, b, d, (size_t)len);
	} else if (point >= len) {
		ab_add(p, b, d, (size_t)len);
		for (long z = 0; z < point - len; z++)
			ab_puts(p, b, "0");
	} else {
		ab_add(p, b, d, (size_t)point);
		ab_puts(p, b, ".");
		ab_add(p, b, d + point, (size_t)(len - point));
	}
}

static void
wrap_source(Parser *p, ABuf *b, HclPos a, HclPos z)
{
	ab_puts(p, b, "${");
	ab_add(p, b, src(p, a), z.off - a.off);
	ab_puts(p, b, "}");
}

/*
 * Append what hcl2json prints for `e` as a part of a template; true when
 * that is literal text.
 */
static bool
template_part(Parser *p, ABuf *b, const Expr *e)
{
	switch (e->kind) {
	case N_LITERAL:
		if (e->lit == V_BOOL) {
			ab_puts(p, b, e->b ? "true" : "false");
			return true;
		}
		if (e->lit == V_NUM) {
			number_text(p, b, e->num, e->num_len);
			return true;
		}
		break;
	case N_TEMPLATE:
		/* a literal's text is its value unless printing: escape it, as hcl2json does */
		if (e->literal && !p->printed && !p->lit_values)
			ab_add_escaped(p, b, e->text, e->len);
		else
			ab_add(p, b, e->text, e->len);
		return e->literal;
	case N_WRAP:
		return template_part(p, b, e->inner);
	case N_COND: {
		ABuf no = { 0 };
		ab_puts(p, b, "%{if ");
		ab_add(p, b, src(p, e->start), e->cond_end - e->start.off);
		ab_puts(p, b, "}");
		template_part(p, b, e->yes);
		template_part(p, &no, e->no);
		if (no.len) {
			ab_puts(p, b, "%{else}");
			ab_add(p, b, no.s, no.len);
		}
		ab_puts(p, b, "%{endif}");
		return false;
	}
	default:
		break;
	}
	wrap_source(p, b, e->start, e->end);
	return false;
}

/* An object key: a variable or traversal names itself; else as a template part. */
static const char *
key_text(Parser *p, const Expr *k)
{
	if (k->kind == N_TRAVERSAL)
		return arena_strndup(p->a, src(p, k->start), k->end.off - k->start.off);
	if (k->kind == N_TEMPLATE)
		return k->text;         /* NUL-terminated, by the lexer or by ab_add() */
	ABuf b = { 0 };
	template_part(p, &b, k);
	return b.s ? b.s : "";
}

/* ------------------------------------------------------------ templates */

typedef enum TKind { TT_LIT, TT_INTERP, TT_IF, TT_ELSE, TT_ENDIF, TT_FOR, TT_ENDFOR } TKind;

typedef struct TItem {
	TKind kind;
	HclPos start, end;
	bool strip_l, strip_r;      /* "${~" / "%{~", and "~}" */
	char *text;                 /* TT_LIT */
	size_t len;
	const Expr *e;              /* TT_INTERP, TT_IF (predicate), TT_FOR (collection) */
	const char *kvar, *vvar;    /* TT_FOR */
	size_t klen, vlen;
} TItem;

typedef VEC(TItem) TItems;

static const struct {
	const char *word;
	TKind kind;
} directives[] = {
	{ "if", TT_IF }, { "else", TT_ELSE }, { "endif", TT_ENDIF },
	{ "for", TT_FOR }, { "endfor", TT_ENDFOR },
};

static const char *
directive_name(TKind k)
{
	for (size_t i = 0; i < sizeof directives / sizeof *directives; i++)
		if (directives[i].kind == k)
			return directives[i].word;
	return "?";
}

/* The closing "}" or "~}" of a template sequence opened at `seq`. */
static void
sequence_end(Parser *p, const HclToken *seq, TItem *it, const char *what)
{
	if (p->tok.kind != HT_RBRACE) {
		Diag *d = error_here(p, "expected '}' to close %s, found %s", what, desc(p));
		Loc l = loc(p, seq->start, seq->end);
		if (d)
			diag_note(d, &l, "%s opens here", what);
		bail(p);
	}
	it->strip_r = p->tok.strip;
	it->end = p->tok.end;
}

/* TemplateInterpolation = ( "${" | "${~" ) Expression ( "}" | "~}" ) ; */
static TItem
template_interpolation(Parser *p, const HclToken *seq)
{
	TItem it = { .kind = TT_INTERP, .start = seq->start, .strip_l = seq->strip };
	bool nl = p->nl_sig;
	p->nl_sig = false;
	enter(p, 1, seq->start);
	advance(p);
	Expr *e = arena_alloc(p->a, sizeof *e);
	expression(p, e);
	it.e = e;
	sequence_end(p, seq, &it, "the interpolation");
	p->depth--;
	p->nl_sig = nl;
	/* the lexer goes on with the template right after the "}" */
	return it;
}

/*
 * TemplateDirective = TemplateIf | TemplateFor ; one "%{ ... }" sequence of
 * either; template_seq() matches them up.
 */
static TItem
template_directive(Parser *p, const HclToken *seq)
{
	TItem it = { .start = seq->start, .strip_l = seq->strip };
	bool nl = p->nl_sig;
	p->nl_sig = false;
	advance(p);
	size_t i = 0, nd = sizeof directives / sizeof *directives;
	if (p->tok.kind == HT_IDENT)
		while (i < nd && !is_kw(&p->tok, directives[i].word))
			i++;
	if (p->tok.kind != HT_IDENT || i == nd) {
		Diag *d = error_here(p, "expected 'if', 'else', 'endif', 'for' or 'endfor' after '%%{', found %s",
		    desc(p));
		note(d, NULL, "write '%%{' for a literal '%{'");
		bail(p);
	}
	it.kind = directives[i].kind;
	advance(p);
	if (it.kind == TT_IF) {
		Expr *e = arena_alloc(p->a, sizeof *e);
		expression(p, e);
		it.e = e;
	} else if (it.kind == TT_FOR) {
		if (p->tok.kind != HT_IDENT) {
			error_here(p, "expected a variable name after 'for', found %s", desc(p));
			bail(p);
		}
		it.vvar = p->tok.text;
		it.vlen = p->tok.len;
		advance(p);
		if (p->tok.kind == HT_COMMA) {
			advance(p);
			if (p->tok.kind != HT_IDENT) {
				error_here(p, "expected a variable name after ',', found %s", desc(p));
				bail(p);
			}
			it.kvar = it.vvar;
			it.klen = it.vlen;
			it.vvar = p->tok.text;
			it.vlen = p->tok.len;
			advance(p);
		}
		if (!is_kw(&p->tok, "in")) {
			error_here(p, "expected 'in' after the variables of the 'for' directive, found %s", desc(p));
			bail(p);
		}
		advance(p);
		Expr *e = arena_alloc(p->a, sizeof *e);
		expression(p, e);
		it.e = e;
	}
	sequence_end(p, seq, &it, arena_printf(p->a, "the '%s' directive", directive_name(it.kind)));
	p->nl_sig = nl;
	return it;
}

/* The code point at s[0, len) (valid UTF-8) and its length in bytes, at least 1. */
static uint32_t
utf8_at(const char *s, size_t len, size_t *n)
{
	uint32_t cp;
	*n = utf8_decode(s, len, &cp);
	if (!*n)
		*n = 1;
	return cp;
}

/* Leading white space of a literal: its length in characters and in bytes. */
static size_t
leading_space(const TItem *it, size_t *bytes)
{
	size_t k = 0, chars = 0, n;
	while (k < it->len && hcl_is_space(utf8_at(it->text + k, it->len - k, &n))) {
		k += n;
		chars++;
	}
	*bytes = k;
	return chars;
}

/* Strip markers: "~" trims the white space of the literal next to it. */
static void
apply_strip(TItems *items)
{
	for (int i = 0; i < items->n; i++) {
		TItem *it = &items->v[i];
		if (it->kind == TT_LIT)
			continue;
		if (it->strip_l && i > 0 && items->v[i - 1].kind == TT_LIT) {
			TItem *l = &items->v[i - 1];
			while (l->len > 0) {
				/* back up to the start of the last character */
				size_t k = l->len - 1, n;
				while (k > 0 && ((unsigned char)l->text[k] & 0xC0) == 0x80)
					k--;
				if (!hcl_is_space(utf8_at(l->text + k, l->len - k, &n)))
					break;
				l->len = k;
			}
			l->text[l->len] = '\0';
		}
		if (it->strip_r && i + 1 < items->n && items->v[i + 1].kind == TT_LIT) {
			TItem *r = &items->v[i + 1];
			size_t k;
			leading_space(r, &k);
			r->text += k;
			r->len -= k;
		}
	}
}

/*
 * "<<-": remove the smallest indent from every line-leading literal.  A line
 * that is only white space does not count and is kept as it is; a line that
 * starts with a sequence has no indent.
 */
static void
flush_heredoc(TItems *items)
{
	size_t min = SIZE_MAX;
	bool line_start = true;
	for (int i = 0; i < items->n; i++) {
		TItem *it = &items->v[i];
		if (line_start) {
			line_start = false;
			if (it->kind != TT_LIT) {
				min = 0;
			} else {
				size_t bytes, chars = leading_space(it, &bytes);
				bool blank = bytes == it->len && it->len > 0 && it->text[it->len - 1] == '\n';
				if (!blank && chars < min)
					min = chars;
			}
		}
		if (it->kind == TT_LIT && it->len > 0 && it->text[it->len - 1] == '\n')
			line_start = true;
	}
	if (min == SIZE_MAX || min == 0)
		return;
	line_start = true;
	for (int i = 0; i < items->n; i++) {
		TItem *it = &items->v[i];
		if (line_start && it->kind == TT_LIT) {
			size_t bytes, chars = leading_space(it, &bytes);
			bool blank = bytes == it->len && it->len > 0 && it->text[it->len - 1] == '\n';
			if (!blank) {
				/* remove `min` characters, all white space */
				size_t k = 0;
				for (size_t c = 0; c < min && c < chars; c++) {
					k++;
					while (k < it->len && ((unsigned char)it->text[k] & 0xC0) == 0x80)
						k++;
				}
				it->text += k;
				it->len -= k;
			}
		}
		line_start = it->kind == TT_LIT && it->len > 0 && it->text[it->len - 1] == '\n';
	}
}

static bool template_seq(Parser *p, const TItems *items, int *i, ABuf *out, TKind stop1, TKind stop2,
    const TItem *opener);

/* TemplateIf: "%{if c}" yes [ "%{else}" no ] "%{endif}", printed as hcl2json does. */
static void
template_if(Parser *p, const TItems *items, int *i, ABuf *out)
{
	const TItem *it = &items->v[(*i)++];
	ABuf yes = { 0 }, no = { 0 };
	template_seq(p, items, i, &yes, TT_ELSE, TT_ENDIF, it);
	if (items->v[*i].kind == TT_ELSE) {
		(*i)++;
		template_seq(p, items, i, &no, TT_ENDIF, TT_ENDIF, it);
	}
	(*i)++;
	ab_puts(p, out, "%{if ");
	ab_add(p, out, src(p, it->e->start), it->e->end.off - it->e->start.off);
	ab_puts(p, out, "}");
	if (yes.len)
		ab_add(p, out, yes.s, yes.len);
	if (no.len) {
		ab_puts(p, out, "%{else}");
		ab_add(p, out, no.s, no.len);
	}
	ab_puts(p, out, "%{endif}");
}

/* TemplateFor: "%{for k, v in c}" body "%{endfor}". */
static void
template_for(Parser *p, const TItems *items, int *i, ABuf *out)
{
	const TItem *it = &items->v[(*i)++];
	ABuf body = { 0 };
	template_seq(p, items, i, &body, TT_ENDFOR, TT_ENDFOR, it);
	(*i)++;
	ab_puts(p, out, "%{for ");
	if (it->kvar) {
		ab_add(p, out, it->kvar, it->klen);
		ab_puts(p, out, ", ");
	}
	ab_add(p, out, it->vvar, it->vlen);
	ab_puts(p, out, " in ");
	ab_add(p, out, src(p, it->e->start), it->e->end.off - it->e->start.off);
	ab_puts(p, out, "}");
	if (body.len)
		ab_add(p, out, body.s, body.len);
	ab_puts(p, out, "%{endfor}");
}

/*
 * Template = { TemplateLiteral | TemplateInterpolation | TemplateDirective } ;
 * the items from *i up to a directive in {stop1, stop2} (left at *i), or to
 * the end when `opener` is NULL.  Returns true when all of it is literal.
 */
static bool
template_seq(Parser *p, const TItems *items, int *i, ABuf *out, TKind stop1, TKind stop2,
    const TItem *opener)
{
	bool lit = true;
	while (*i < items->n) {
		const TItem *it = &items->v[*i];
		switch (it->kind) {
		case TT_LIT:
			if (p->lit_values)
				ab_add(p, out, it->text, it->len);
			else
				ab_add_escaped(p, out, it->text, it->len);
			(*i)++;
			break;
		case TT_INTERP:
			lit &= template_part(p, out, it->e);
			(*i)++;
			break;
		case TT_IF:
			template_if(p, items, i, out);
			lit = false;
			break;
		case TT_FOR:
			template_for(p, items, i, out);
			lit = false;
			break;
		default:
			if (opener && (it->kind == stop1 || it->kind == stop2))
				return lit;
			{
				Diag *d = hcl_syntax_error(&p->lx, it->start, it->end,
				    "'%%{%s}' without a matching '%%{%s}'", directive_name(it->kind),
				    it->kind == TT_ENDFOR ? "for" : "if");
				if (opener) {
					Loc l = loc(p, opener->start, opener->end);
					if (d)
						diag_note(d, &l, "the innermost open directive is this '%%{%s}'",
						    directive_name(opener->kind));
				}
				bail(p);
			}
		}
	}
	if (opener) {
		const char *end = opener->kind == TT_IF ? "endif" : "endfor";
		Diag *d = hcl_syntax_error(&p->lx, opener->start, opener->end, "'%%{%s}' without '%%{%s}'",
		    directive_name(opener->kind), end);
		if (d)
			diag_note(d, NULL, "close it with '%%{%s}' before the end of the template", end);
		bail(p);
	}
	return lit;
}

/* A template of one literal (`lit`) or none, ending at `end`. */
static void
plain_template(Parser *p, const HclToken *open, const HclTemplate *t, const HclToken *lit, HclPos end,
    int depth, Expr *e)
{
	*e = (Expr){ .kind = N_TEMPLATE, .start = open->start, .end = end, .heredoc = t->heredoc,
		.literal = true, .text = lit ? lit->text : "", .len = lit ? lit->len : 0 };
	if (p->printed && lit && (memchr(lit->text, '{', lit->len))) {
		ABuf b = { 0 };
		ab_add_escaped(p, &b, lit->text, lit->len);
		e->text = b.s;
		e->len = b.len;
	}
	p->depth = depth;
	p->tok.end = end;
	advance(p);
}

/*
 * TemplateExpr = QuotedTemplate | HeredocTemplate ; the template whose
 * opening token is current.  Its items are collected first, then strip
 * markers and "<<-" trim the literals, then the directives are matched.
 */
static void
template_expr(Parser *p, HclTemplate *t, bool flush, Expr *e)
{
	HclToken open = p->tok;
	TItems items = { 0 };
	int open_dirs = 0;
	int base = p->depth;
	enter(p, 1, open.start);
	/*
	 * Most strings are one literal or none (the common case of a tfvars
	 * file): those are read without the item list.
	 */
	HclToken x = hcl_lex_template(&p->lx, t);
	if (x.kind == HT_LIT && !flush) {
		HclToken y = hcl_lex_template(&p->lx, t);
		if (y.kind == HT_CQUOTE || y.kind == HT_HEREDOC_END) {
			plain_template(p, &open, t, &x, y.end, base, e);
			return;
		}
		TItem lit = { .kind = TT_LIT, .start = x.start, .end = x.end,
			.text = (char *)x.text, .len = x.len };
		p->values++;
		VEC_PUSH(p->a, items, lit);
		x = y;
	} else if (x.kind == HT_CQUOTE || x.kind == HT_HEREDOC_END) {
		plain_template(p, &open, t, NULL, x.end, base, e);
		return;
	}
	for (;; x = hcl_lex_template(&p->lx, t)) {
		TItem it = { 0 };
		if (x.kind == HT_CQUOTE || x.kind == HT_HEREDOC_END)
			break;
		if (x.kind == HT_ERROR)
			bail(p);
		if (x.kind == HT_LIT) {
			it = (TItem){ .kind = TT_LIT, .start = x.start, .end = x.end,
				.text = (char *)x.text, .len = x.len };
		} else if (x.kind == HT_INTERP) {
			it = template_interpolation(p, &x);
		} else {
			it = template_directive(p, &x);
			/* bound the nesting template_seq() will recurse through */
			if (it.kind == TT_IF || it.kind == TT_FOR) {
				open_dirs++;
				enter(p, 1, it.start);
			} else if ((it.kind == TT_ENDIF || it.kind == TT_ENDFOR) && open_dirs > 0) {
				open_dirs--;
				p->depth--;
			}
		}
		if (++p->values > LIMIT_VALUES)
			limit(p, x.start, "more than %d values in one file", LIMIT_VALUES);
		VEC_PUSH(p->a, items, it);
	}
	p->depth = base;
	apply_strip(&items);
	if (flush)
		flush_heredoc(&items);

	if (items.n == 1 && items.v[0].kind == TT_INTERP) {
		*e = (Expr){ .kind = N_WRAP, .start = open.start, .end = x.end, .heredoc = t->heredoc,
			.inner = items.v[0].e };
	} else {
		ABuf out = { 0 };
		int i = 0;
		bool lit = template_seq(p, &items, &i, &out, TT_LIT, TT_LIT, NULL);
		/*
		 * That is the text hcl2json prints, literal parts escaped; a
		 * literal template's value is its text unescaped, made again
		 * (escapes cannot be undone on the joined text: "$" then "{").
		 */
		if (lit && !p->printed) {
			out = (ABuf){ 0 };
			i = 0;
			p->lit_values = true;
			template_seq(p, &items, &i, &out, TT_LIT, TT_LIT, NULL);
			p->lit_values = false;
		}
		*e = (Expr){ .kind = N_TEMPLATE, .start = open.start, .end = x.end, .heredoc = t->heredoc,
			.literal = lit, .text = out.s ? out.s : "", .len = out.len };
	}
	/* back to expression tokens after the closing quote or marker */
	p->tok.end = x.end;
	advance(p);
}

/* QuotedTemplate = '"' Template '"' ; */
static void
quoted_template(Parser *p, Expr *e)
{
	HclTemplate t = { .open = p->tok.start };
	template_expr(p, &t, false, e);
}

/* HeredocTemplate = ( "<<" | "<<-" ) Identifier Newline Template HeredocEnd ; */
static void
heredoc_template(Parser *p, Expr *e)
{
	HclTemplate t = { .heredoc = true, .marker = p->tok.text, .marker_len = p->tok.len,
		.line_start = true, .open = p->tok.start };
	template_expr(p, &t, p->tok.indent, e);
}

/* StringLit = '"' { QuotedLiteral } '"' ; the decoded text, for block labels. */
static const char *
string_lit(Parser *p, const char *what)
{
	HclTemplate t = { .open = p->tok.start };
	ABuf b = { 0 };
	for (;;) {
		HclToken x = hcl_lex_template(&p->lx, &t);
		if (x.kind == HT_CQUOTE) {
			p->tok.end = x.end;
			break;
		}
		if (x.kind == HT_ERROR)
			bail(p);
		if (x.kind == HT_LIT) {
			ab_add(p, &b, x.text, x.len);
			continue;
		}
		Diag *d = hcl_syntax_error(&p->lx, x.start, x.end, "%s cannot hold '%s'", what,
		    x.kind == HT_INTERP ? "${" : "%{");
		note(d, NULL, x.kind == HT_INTERP ? "labels are literal strings; write '$${' for a literal '${'" :
		    "labels are literal strings; write '%%{' for a literal '%{'");
		bail(p);
	}
	advance(p);
	return b.s ? b.s : "";
}

/* ---------------------------------------------------------- expressions */

/* ForIntro = "for" Identifier [ "," Identifier ] "in" Expression ":" ; */
static void
for_intro(Parser *p)
{
	advance(p);
	if (p->tok.kind != HT_IDENT) {
		error_here(p, "expected a variable name after 'for', found %s", desc(p));
		bail(p);
	}
	advance(p);
	if (p->tok.kind == HT_COMMA) {
		advance(p);
		if (p->tok.kind != HT_IDENT) {
			error_here(p, "expected a variable name after ',', found %s", desc(p));
			bail(p);
		}
		advance(p);
	}
	if (!is_kw(&p->tok, "in")) {
		Diag *d = error_here(p, "expected 'in' after the variables of the for expression, found %s", desc(p));
		note(d, NULL, "a for expression reads '[for k, v in collection : ...]'");
		bail(p);
	}
	advance(p);
	Expr coll;
	expression(p, &coll);
	if (p->tok.kind != HT_COLON) {
		error_here(p, "expected ':' after the collection of the for expression, found %s", desc(p));
		bail(p);
	}
	advance(p);
}

/*
 * ForExpr = ForTupleExpr | ForObjectExpr ;
 * ForTupleExpr = "[" ForIntro Expression [ ForCond ] "]" ;
 * ForObjectExpr = "{" ForIntro Expression "=>" Expression [ "..." ] [ ForCond ] "}" ;
 * ForCond = "if" Expression ;
 * Called on "for", with `open` the bracket before it.
 */
static void
for_expr(Parser *p, const HclToken *open, bool object, Expr *e)
{
	Expr part;      /* only the source range of the whole matters */
	p->nl_sig = false;
	for_intro(p);
	expression(p, &part);
	if (object) {
		if (p->tok.kind != HT_ARROW) {
			Diag *d = error_here(p, "expected '=>' after the key of the for expression, found %s", desc(p));
			note(d, NULL, "an object for expression reads '{for k, v in collection : key => value}'");
			bail(p);
		}
		advance(p);
		expression(p, &part);
		if (p->tok.kind == HT_ELLIPSIS)
			advance(p);
	}
	if (is_kw(&p->tok, "if")) {
		advance(p);
		expression(p, &part);
	}
	HclTok closer = object ? HT_RBRACE : HT_RBRACK;
	if (p->tok.kind != closer)
		unclosed(p, open, object ? "}" : "]", "the for expression");
	*e = (Expr){ .kind = N_OTHER, .start = open->start, .end = p->tok.end };
}

/* Tuple = "[" [ Expression { ( "," | Newline ) Expression } [ "," ] ] "]" ; */
static void
tuple(Parser *p, const HclToken *open, Expr *out)
{
	Value *list = newval(p, V_LIST, open->start, open->end);
	for (;;) {
		if (p->tok.kind == HT_RBRACK)
			break;
		if (p->tok.kind == HT_EOF)
			unclosed(p, open, "]", "the tuple");
		Expr e;
		expression(p, &e);
		v_list_push(p->a, list, to_value(p, &e));
		if (p->tok.kind == HT_COMMA) {
			advance(p);
			continue;
		}
		if (p->tok.kind == HT_RBRACK)
			break;
		if (p->tok.nl_before && p->tok.kind != HT_EOF)
			continue;
		if (p->tok.kind == HT_EOF)
			unclosed(p, open, "]", "the tuple");
		Diag *d = error_here(p, "expected ',' or ']' after a tuple element, found %s", desc(p));
		Loc l = loc(p, open->start, open->end);
		if (d)
			diag_note(d, &l, "the tuple opens here");
		bail(p);
	}
	list->loc = loc(p, open->start, p->tok.end);
	*out = (Expr){ .kind = N_TUPLE, .start = open->start, .end = p->tok.end, .v = list };
}

/* ObjectElem = ObjectKey ( "=" | ":" ) Expression ; ObjectKey = Expression ; */
static void
object_elem(Parser *p, Value *map, SMap *mh)
{
	Expr k, v;
	expression(p, &k);
	HclTok t = cur(p);
	if (t != HT_ASSIGN && t != HT_COLON) {
		Diag *d = error_here(p, "expected '=' or ':' after the object key, found %s", desc(p));
		note(d, NULL, "an object element is written 'key = value'");
		bail(p);
	}
	advance(p);
	expression(p, &v);
	Value *val = to_value(p, &v);
	const char *key = key_text(p, &k);
	Loc kl = loc(p, k.start, k.end);
	if (k.kind == N_TEMPLATE)
		v_key_nul(key, k.len, &kl);
	/* a key given twice: the last one wins, as in hcl2json */
	int m = member_find(mh, map, key);
	if (m >= 0) {
		map->members[m].val = val;
		map->members[m].key_loc = kl;
		return;
	}
	v_map_put(p->a, map, key, &kl, val);
	hashed_add(p, mh, map->n, member_key, map);
}

/*
 * Object = "{" { Newline } [ ObjectElem { ( "," | Newline ) { Newline } ObjectElem } [ "," ]
 *          { Newline } ] "}" ;
 */
static void
object(Parser *p, const HclToken *open, Expr *out)
{
	Value *map = newval(p, V_MAP, open->start, open->end);
	SMap mh = { 0 };
	for (;;) {
		skip_nl(p);
		if (p->tok.kind == HT_RBRACE)
			break;
		if (p->tok.kind == HT_EOF)
			unclosed(p, open, "}", "the object");
		object_elem(p, map, &mh);
		HclTok t = cur(p);
		if (t == HT_COMMA) {
			advance(p);
			continue;
		}
		if (t == HT_NEWLINE || t == HT_RBRACE)
			continue;
		if (t == HT_EOF)
			unclosed(p, open, "}", "the object");
		Diag *d = error_here(p, "expected ',' or a newline after an object element, found %s", desc(p));
		Loc l = loc(p, open->start, open->end);
		if (d)
			diag_note(d, &l, "the object opens here");
		bail(p);
	}
	map->loc = loc(p, open->start, p->tok.end);
	*out = (Expr){ .kind = N_OBJECT, .start = open->start, .end = p->tok.end, .v = map };
}

/* CollectionValue = Tuple | Object ; or a ForExpr, when "for" follows the bracket. */
static void
collection_value(Parser *p, Expr *e)
{
	HclToken open = p->tok;
	bool obj = open.kind == HT_LBRACE, nl = p->nl_sig;
	enter(p, 1, open.start);
	p->brackets++;
	p->nl_sig = obj;
	advance(p);
	if (obj)
		skip_nl(p);
	if (is_kw(&p->tok, "for"))
		for_expr(p, &open, obj, e);
	else if (obj)
		object(p, &open, e);
	else
		tuple(p, &open, e);
	p->nl_sig = nl;
	p->depth--;
	p->brackets--;
	advance(p);
}

static const char *
call_what(Parser *p, const HclToken *name)
{
	return arena_printf(p->a, "the call of '%.*s'", (int)name->len, name->text);
}

/*
 * FunctionCall = FunctionName "(" Arguments ")" ;
 * Arguments = [ Expression { "," Expression } [ "," | "..." ] ] ;
 * with `name` the FunctionName read and "(" current.
 */
static void
function_call(Parser *p, const HclToken *name, Expr *e)
{
	Expr arg;
	HclToken open = p->tok;
	bool nl = p->nl_sig;
	p->nl_sig = false;
	enter(p, 1, open.start);
	p->brackets++;
	advance(p);
	while (p->tok.kind != HT_RPAREN) {
		if (p->tok.kind == HT_EOF)
			unclosed(p, &open, ")", call_what(p, name));
		expression(p, &arg);
		if (p->tok.kind == HT_ELLIPSIS) {
			advance(p);
			if (p->tok.kind != HT_RPAREN) {
				Diag *d = error_here(p, "expected ')' after '...', found %s", desc(p));
				note(d, NULL, "'...' expands the last argument only");
				bail(p);
			}
			break;
		}
		if (p->tok.kind == HT_COMMA) {
			advance(p);
			continue;
		}
		if (p->tok.kind != HT_RPAREN) {
			if (p->tok.kind == HT_EOF)
				unclosed(p, &open, ")", call_what(p, name));
			Diag *d = error_here(p, "expected ',' or ')' after an argument of '%.*s', found %s",
			    (int)name->len, name->text, desc(p));
			Loc l = loc(p, open.start, open.end);
			if (d)
				diag_note(d, &l, "the argument list opens here");
			bail(p);
		}
	}
	*e = (Expr){ .kind = N_OTHER, .start = name->start, .end = p->tok.end };
	p->nl_sig = nl;
	p->depth--;
	p->brackets--;
	advance(p);
}

/*
 * FunctionName = Identifier { "::" Identifier } ; a namespaced name
 * (Terraform 1.8's provider::kubernetes::manifest_decode), with its first
 * Identifier in `name` and "::" current.  On return `name` spans the whole
 * name and "(" must follow, as HashiCorp's parser requires.
 */
static void
function_name(Parser *p, HclToken *name)
{
	while (cur(p) == HT_DCOLON) {
		advance(p);
		if (cur(p) != HT_IDENT) {
			Diag *d = error_here(p, "expected a function name after '::', found %s", desc(p));
			note(d, NULL, "'::' separates the parts of a namespaced function name, as in "
			    "'provider::kubernetes::manifest_decode(...)'");
			bail(p);
		}
		name->end = p->tok.end;
		name->len = p->tok.end.off - name->start.off;
		advance(p);
	}
	if (cur(p) != HT_LPAREN) {
		Diag *d = error_here(p, "expected '(' after the function name '%.*s', found %s",
		    (int)name->len, name->text, desc(p));
		note(d, NULL, "a namespaced name is only a function's: call it with its arguments in '(...)'");
		bail(p);
	}
}

/* LiteralValue = NumericLit | "true" | "false" | "null" ; with the token current. */
static void
literal_value(Parser *p, Expr *e)
{
	if (p->tok.kind == HT_NUMBER)
		*e = (Expr){ .kind = N_LITERAL, .start = p->tok.start, .end = p->tok.end, .lit = V_NUM,
			.num = p->tok.text, .num_len = p->tok.len };
	else if (is_kw(&p->tok, "null"))
		*e = (Expr){ .kind = N_LITERAL, .start = p->tok.start, .end = p->tok.end, .lit = V_NULL };
	else
		*e = (Expr){ .kind = N_LITERAL, .start = p->tok.start, .end = p->tok.end, .lit = V_BOOL,
			.b = is_kw(&p->tok, "true") };
	advance(p);
}

/*
 * ExprTerm = LiteralValue | CollectionValue | TemplateExpr | FunctionCall
 *          | VariableExpr | ForExpr | "(" Expression ")" ;
 */
static void
expr_term(Parser *p, Expr *e)
{
	HclTok k = cur(p);
	switch (k) {
	case HT_NUMBER:
		literal_value(p, e);
		return;
	case HT_IDENT: {
		HclToken name = p->tok;
		/* "true", "false", "null": lengths 4 and 5, first letters t f n */
		bool maybe_kw = (name.len == 4 || name.len == 5) && strchr("tfn", name.text[0]);
		if (maybe_kw && (is_kw(&name, "true") || is_kw(&name, "false") || is_kw(&name, "null"))) {
			/* a call of a function named like a keyword wins, as in HCL */
			HclLexer save = p->lx;
			save.quiet++;
			HclToken next = hcl_lex_next(&save);
			if ((next.kind != HT_LPAREN && next.kind != HT_DCOLON) || (p->nl_sig && next.nl_before)) {
				literal_value(p, e);
				return;
			}
		}
		advance(p);
		if (cur(p) == HT_DCOLON)
			function_name(p, &name);
		if (cur(p) == HT_LPAREN) {
			function_call(p, &name, e);
			return;
		}
		/* VariableExpr = Identifier ; */
		*e = (Expr){ .kind = N_TRAVERSAL, .start = name.start, .end = name.end };
		return;
	}
	case HT_OQUOTE:
		quoted_template(p, e);
		return;
	case HT_HEREDOC:
		heredoc_template(p, e);
		return;
	case HT_LBRACK:
	case HT_LBRACE:
		collection_value(p, e);
		return;
	case HT_LPAREN: {
		HclToken open = p->tok;
		bool nl = p->nl_sig;
		p->nl_sig = false;
		enter(p, 1, open.start);
		p->brackets++;
		advance(p);
		Expr inner;
		expression(p, &inner);
		if (p->tok.kind != HT_RPAREN)
			unclosed(p, &open, ")", "the parenthesis");
		*e = (Expr){ .kind = N_OTHER, .start = open.start, .end = p->tok.end };
		p->nl_sig = nl;
		p->depth--;
		p->brackets--;
		advance(p);
		return;
	}
	default: {
		Diag *d = error_here(p, "expected an expression, found %s", desc(p));
		if (k == HT_NEWLINE)
			note(d, NULL, "a newline ends the value here; wrap an expression that spans lines "
			    "in parentheses");
		else if (k == HT_RBRACE || k == HT_RBRACK || k == HT_RPAREN || k == HT_EOF)
			note(d, NULL, "give the value, or remove what expects one");
		bail(p);
	}
	}
}

/* Is this Index key literal, so that the traversal stays static? */
static bool
literal_key(const Expr *k)
{
	return k->kind == N_LITERAL || (k->kind == N_TEMPLATE && k->literal);
}

/*
 * Traversal = ExprTerm { GetAttr | Index | LegacyIndex | Splat } ;
 * GetAttr = "." Identifier ; LegacyIndex = "." decimal { decimal } ;
 * Index = "[" Expression "]" ; AttrSplat = "." "*" ; FullSplat = "[" "*" "]" ;
 */
static void
traversal(Parser *p, Expr *t)
{
	bool any = false, scope = t->kind == N_TRAVERSAL;
	HclPos end = t->end;
	for (;;) {
		HclTok k = cur(p);
		if (k == HT_DOT) {
			HclToken dot = p->tok;
			advance(p);
			HclTok n = cur(p);
			if (n == HT_STAR) {
				scope = false;
			} else if (n == HT_NUMBER && strspn(p->tok.text, "0123456789") < p->tok.len) {
				Diag *d = error_here(p, "expected an attribute name or index after '.', found %s", desc(p));
				note(d, NULL, "legacy indexes do not chain: write 'a[0][1]' rather than 'a.0.1'");
				bail(p);
			} else if (n != HT_IDENT && n != HT_NUMBER) {
				Diag *d = error_here(p, "expected an attribute name after '.', found %s", desc(p));
				Loc l = loc(p, dot.start, dot.end);
				if (d)
					diag_note(d, &l, "the '.' is here");
				bail(p);
			}
			end = p->tok.end;
			advance(p);
		} else if (k == HT_LBRACK) {
			HclToken open = p->tok;
			bool nl = p->nl_sig;
			p->nl_sig = false;
			enter(p, 1, open.start);
			p->brackets++;
			advance(p);
			if (p->tok.kind == HT_STAR) {
				scope = false;
				advance(p);
				if (p->tok.kind != HT_RBRACK)
					unclosed(p, &open, "]", "the splat");
			} else {
				Expr key;
				expression(p, &key);
				if (!literal_key(&key))
					scope = false;
				if (p->tok.kind != HT_RBRACK)
					unclosed(p, &open, "]", "the index");
			}
			end = p->tok.end;
			p->nl_sig = nl;
			p->depth--;
			p->brackets--;
			advance(p);
		} else {
			break;
		}
		any = true;
	}
	if (any)
		*t = (Expr){ .kind = scope ? N_TRAVERSAL : N_OTHER, .start = t->start, .end = end };
}

/* UnaryOp = ( "-" | "!" ) UnaryOp | Traversal ; */
static void
unary_op(Parser *p, Expr *e)
{
	HclTok k = cur(p);
	if (k != HT_MINUS && k != HT_NOT) {
		expr_term(p, e);
		traversal(p, e);
		return;
	}
	HclToken op = p->tok;
	advance(p);
	enter(p, 1, op.start);
	Expr v;
	unary_op(p, &v);
	p->depth--;
	/* hcl2json evaluates an operator applied straight to a literal */
	if (v.kind == N_LITERAL && k == HT_MINUS && v.lit == V_NUM)
		*e = (Expr){ .kind = N_UNARY, .start = op.start, .end = v.end, .folded = true, .lit = V_NUM,
			.num = v.num, .num_len = v.num_len, .neg = true };
	else if (v.kind == N_LITERAL && k == HT_NOT && v.lit == V_BOOL)
		*e = (Expr){ .kind = N_UNARY, .start = op.start, .end = v.end, .folded = true, .lit = V_BOOL,
			.b = !v.b };
	else
		*e = (Expr){ .kind = N_UNARY, .start = op.start, .end = v.end };
}

/* Binary operator precedence levels (grammar/hcl.ebnf, BinaryOp); 0: not one. */
static const unsigned char op_levels[HT_COUNT] = {
	[HT_OR] = 1, [HT_AND] = 2, [HT_EQ] = 3, [HT_NE] = 3,
	[HT_GT] = 4, [HT_GE] = 4, [HT_LT] = 4, [HT_LE] = 4,
	[HT_PLUS] = 5, [HT_MINUS] = 5, [HT_STAR] = 6, [HT_SLASH] = 6, [HT_PERCENT] = 6,
};

static int
op_level(HclTok t)
{
	return op_levels[t];
}

/* BinaryOp = UnaryOp { BinaryOperator UnaryOp } ; operators of level >= min, left to right. */
static void
binary_op(Parser *p, int min, Expr *e)
{
	unary_op(p, e);
	for (;;) {
		int level = op_level(cur(p));
		if (level == 0 || level < min)
			return;
		advance(p);
		Expr rhs;
		binary_op(p, level + 1, &rhs);
		*e = (Expr){ .kind = N_OTHER, .start = e->start, .end = rhs.end };
	}
}

/* Conditional = BinaryOp [ "?" Expression ":" Expression ] ; */
static void
conditional(Parser *p, Expr *e)
{
	binary_op(p, 1, e);
	if (cur(p) != HT_QUESTION)
		return;
	HclToken q = p->tok;
	advance(p);
	enter(p, 1, q.start);
	Expr *yes = arena_alloc(p->a, sizeof *yes), *no = arena_alloc(p->a, sizeof *no);
	expression(p, yes);
	if (cur(p) != HT_COLON) {
		Diag *d = error_here(p, "expected ':' after the true result of the conditional, found %s", desc(p));
		Loc l = loc(p, q.start, q.end);
		if (d)
			diag_note(d, &l, "the conditional's '?' is here");
		bail(p);
	}
	advance(p);
	expression(p, no);
	p->depth--;
	*e = (Expr){ .kind = N_COND, .start = e->start, .end = no->end, .cond_end = e->end.off,
		.yes = yes, .no = no };
}

/* Expression = Conditional ; */
static void
expression(Parser *p, Expr *e)
{
	conditional(p, e);
}

/* ----------------------------------------------------------- structure */

static const char *
tok_str(Parser *p, const HclToken *t)
{
	return arena_strndup(p->a, t->text, t->len);
}

/* The end of a body item: a newline or the end of the file. */
static void
item_end(Parser *p, const char *what, const HclToken *name)
{
	HclTok t = cur(p);
	if (t == HT_NEWLINE || t == HT_EOF)
		return;
	Diag *d = error_here(p, "expected a newline after %s '%.*s', found %s", what, (int)name->len,
	    name->text, desc(p));
	note(d, NULL, "put each attribute and block on its own line");
	bail(p);
}

/* KG108: `what` is defined again at `at`; the first definition is member `first`. */
static void
duplicate(const Loc *at, const Member *first, const char *msg, const char *first_msg)
{
	Diag *d = diag(KG108, at, "%s", msg);
	diag_note(d, &first->key_loc, "%s", first_msg);
}

static void
set_attribute(Parser *p, Value *map, Index *ix, const HclToken *name, Value *v)
{
	const char *key = tok_str(p, name);
	Loc kl = loc(p, name->start, name->end);
	Ent *e = index_find(ix, key);
	if (e) {
		const Member *m = &map->members[e->member];
		if (e->kind == ENT_ATTR)
			duplicate(&kl, m, arena_printf(p->a, "duplicate attribute '%s'", key),
			    arena_printf(p->a, "'%s' is first set here", key));
		else
			duplicate(&kl, m, arena_printf(p->a, "'%s' is both an attribute and a block", key),
			    arena_printf(p->a, "the block '%s' is here", key));
		return;
	}
	v_map_put(p->a, map, key, &kl, v);
	index_add(p, ix, key, map->n - 1, ENT_ATTR);
}

/* Attribute = Identifier "=" Expression ( Newline | EOF ) ; with "=" current. */
static void
attribute(Parser *p, Value *map, Index *ix, const HclToken *name, bool one_line)
{
	advance(p);
	Expr e;
	expression(p, &e);
	if (!one_line)
		item_end(p, "the value of", name);
	set_attribute(p, map, ix, name, to_value(p, &e));
}

typedef struct Label {
	const char *text;
	Loc loc;
} Label;

/*
 * A block into its parent's map, hcl2json's way: type, then each label, as
 * nested maps; the last holds the list of bodies with that type and labels.
 */
static void
merge_block(Parser *p, Value *map, Index *ix, const HclToken *type, const Label *labels, int nl,
    Value *body)
{
	const char *key = tok_str(p, type);
	Loc kl = loc(p, type->start, type->end);
	Value *m = map;
	for (int i = 0; i <= nl; i++) {
		Ent *e = index_find(ix, key);
		int want = i < nl ? ENT_LABELS : ENT_BLOCKS;
		if (e && e->kind != want) {
			const Member *first = &m->members[e->member];
			if (e->kind == ENT_ATTR)
				duplicate(&kl, first, arena_printf(p->a, "'%s' is both an attribute and a block", key),
				    arena_printf(p->a, "the attribute '%s' is set here", key));
			else
				duplicate(&kl, first, arena_printf(p->a,
				    "blocks of type '%.*s' with different numbers of labels", (int)type->len, type->text),
				    "another block of that type is here");
			return;
		}
		if (i == nl) {
			if (e) {
				v_list_push(p->a, m->members[e->member].val, body);
			} else {
				Value *list = newval(p, V_LIST, type->start, type->end);
				list->loc = body->loc;
				list->flags |= VF_BLOCK;
				v_list_push(p->a, list, body);
				v_map_put(p->a, m, key, &kl, list);
				index_add(p, ix, key, m->n - 1, ENT_BLOCKS);
			}
			return;
		}
		if (!e) {
			Value *nm = newval(p, V_MAP, type->start, type->end);
			nm->loc = body->loc;
			v_map_put(p->a, m, key, &kl, nm);
			e = index_add(p, ix, key, m->n - 1, ENT_LABELS);
			e->child = arena_alloc(p->a, sizeof *e->child);
		}
		ix = e->child;
		m = m->members[e->member].val;
		key = labels[i].text;
		kl = labels[i].loc;
	}
}

static void body(Parser *p, Value *map, Index *ix, const HclToken *open);

/*
 * Block = Identifier { BlockLabel } "{" Newline Body "}" ( Newline | EOF ) ;
 * OneLineBlock = Identifier { BlockLabel } "{" [ Identifier "=" Expression ] "}" ( Newline | EOF ) ;
 * BlockLabel = StringLit | Identifier ;
 */
static void
block(Parser *p, Value *map, Index *ix, const HclToken *type)
{
	VEC(Label) labels = { 0 };
	const char *what = arena_printf(p->a, "block '%.*s'", (int)type->len, type->text);
	for (;;) {
		HclTok t = cur(p);
		Label l = { .loc = loc(p, p->tok.start, p->tok.end) };
		if (t == HT_IDENT) {
			l.text = tok_str(p, &p->tok);
			advance(p);
		} else if (t == HT_OQUOTE) {
			HclPos start = p->tok.start;
			l.text = string_lit(p, arena_printf(p->a, "a label of %s", what));
			l.loc = loc(p, start, p->prev_end);
		} else {
			break;
		}
		VEC_PUSH(p->a, labels, l);
	}
	if (cur(p) == HT_NEWLINE && p->tok.kind == HT_LBRACE) {
		/* Allman-style braces: say so, and read the block anyway */
		Diag *d = hcl_syntax_error(&p->lx, p->tok.start, p->tok.end,
		    "the '{' of %s must be on the line of its type and labels", what);
		note(d, NULL, "a newline ends the block's header; move the '{' up");
		skip_nl(p);
	}
	if (cur(p) != HT_LBRACE) {
		Diag *d = error_here(p, "expected a label or '{' after %s, found %s",
		    labels.n ? arena_printf(p->a, "the labels of %s", what) : arena_printf(p->a, "'%.*s'",
		    (int)type->len, type->text), desc(p));
		note(d, NULL, "an attribute is written 'name = value'; a block 'type \"label\" {', "
		    "with '{' on the same line");
		bail(p);
	}
	HclToken open = p->tok;
	enter(p, 2 + labels.n, open.start);
	Value *bv = newval(p, V_MAP, type->start, open.end);
	bv->flags |= VF_BLOCK;
	Index bix = { 0 };
	advance(p);
	if (p->tok.nl_before || p->tok.kind == HT_EOF) {
		body(p, bv, &bix, &open);
		if (p->tok.kind != HT_RBRACE)
			unclosed(p, &open, "}", what);
	} else if (p->tok.kind != HT_RBRACE) {
		/* a one-line block: at most one attribute */
		if (p->tok.kind == HT_IDENT) {
			HclToken name = p->tok;
			advance(p);
			if (cur(p) == HT_ASSIGN) {
				attribute(p, bv, &bix, &name, true);
			} else {
				Diag *d = error_here(p, "expected '=' after '%.*s' in single-line %s, found %s",
				    (int)name.len, name.text, what, desc(p));
				note(d, NULL, "a single-line block holds one attribute; put nested blocks on lines of their own");
				bail(p);
			}
		}
		if (cur(p) != HT_RBRACE) {
			Diag *d = error_here(p, "expected '}' to close single-line %s, found %s", what, desc(p));
			note(d, NULL, "a single-line block holds one attribute; put more on lines of their own");
			bail(p);
		}
	}
	bv->loc = loc(p, type->start, p->tok.end);
	p->depth -= 2 + labels.n;
	advance(p);
	item_end(p, "the closing '}' of block", type);
	merge_block(p, map, ix, type, labels.v, labels.n, bv);
}

/* BodyItem = Attribute | Block | OneLineBlock ; with its identifier current. */
static void
body_item(Parser *p, Value *map, Index *ix)
{
	HclToken name = p->tok;
	advance(p);
	switch (cur(p)) {
	case HT_ASSIGN:
		attribute(p, map, ix, &name, false);
		break;
	case HT_IDENT:
	case HT_OQUOTE:
	case HT_LBRACE:
		block(p, map, ix, &name);
		break;
	default: {
		Diag *d = error_here(p, "expected '=' or '{' after '%.*s', found %s", (int)name.len, name.text,
		    desc(p));
		note(d, NULL, "an attribute is written 'name = value', a block 'name {' and its body on the lines below");
		bail(p);
	}
	}
}

/* Skip a template (error recovery): its text, and its sequences by brace counting. */
static void
skip_template(Parser *p, const HclToken *open, int level)
{
	if (level > LIMIT_DEPTH)
		limit(p, open->start, "nesting deeper than %d levels", LIMIT_DEPTH);
	HclTemplate t = { .heredoc = open->kind == HT_HEREDOC, .marker = open->text,
		.marker_len = open->len, .line_start = true, .open = open->start };
	for (;;) {
		HclToken x = hcl_lex_template(&p->lx, &t);
		if (x.kind == HT_CQUOTE || x.kind == HT_HEREDOC_END || x.kind == HT_ERROR)
			return;
		if (x.kind == HT_LIT)
			continue;
		for (int depth = 0;;) {
			HclToken y = hcl_lex_next(&p->lx);
			if (y.kind == HT_EOF)
				return;
			if (y.kind == HT_OQUOTE || y.kind == HT_HEREDOC)
				skip_template(p, &y, level + 1);
			else if (y.kind == HT_LBRACE)
				depth++;
			else if (y.kind == HT_RBRACE && depth-- == 0)
				break;
		}
	}
}

/*
 * After a syntax error: skip, quietly, to the first token that starts a line
 * at the item's bracket level, `depth` being the brackets the item had open.
 * A bracket may never be closed: a line that starts with an identifier at or
 * left of the item's own column is taken as the next item all the same.
 */
static void
resync(Parser *p, int depth)
{
	p->lx.quiet++;
	bool first = p->tok.start.off == p->item_off;
	for (;; first = false) {
		HclToken *t = &p->tok;
		if (t->kind == HT_EOF)
			break;
		if (!first && t->nl_before &&
		    (depth == 0 || (t->kind == HT_IDENT && t->start.col <= p->item_col)))
			break;
		switch (t->kind) {
		case HT_LBRACE: case HT_LBRACK: case HT_LPAREN:
			depth++;
			break;
		case HT_RBRACE: case HT_RBRACK: case HT_RPAREN:
			if (depth > 0)
				depth--;
			break;
		case HT_OQUOTE: case HT_HEREDOC:
			skip_template(p, t, 0);
			break;
		default:
			break;
		}
		step(p);
	}
	p->lx.quiet--;
}

/* Body = { Newline | BodyItem } ; up to "}" (when `open`, the block's "{") or EOF. */
static void
body(Parser *p, Value *map, Index *ix, const HclToken *open)
{
	jmp_buf here, *outer = p->recover;
	const int base = p->depth, base_brackets = p->brackets;
	p->recover = &here;
	if (setjmp(here)) {
		int open_brackets = p->brackets - base_brackets;
		p->depth = base;
		p->brackets = base_brackets;
		p->nl_sig = true;
		resync(p, open_brackets);
	}
	for (;;) {
		HclTok k = p->tok.kind;
		if (k == HT_EOF || (k == HT_RBRACE && open))
			break;
		p->item_off = p->tok.start.off;
		p->item_col = p->tok.start.col;
		if (k == HT_IDENT) {
			body_item(p, map, ix);
			continue;
		}
		if (k == HT_ERROR)
			bail(p);        /* the lexer has reported it */
		skip_nl(p);             /* describe the token, not the line break before it */
		Diag *d = k == HT_RBRACE ? error_here(p, "unexpected '}'") :
		    error_here(p, "expected an attribute or block name, found %s", desc(p));
		if (k == HT_RBRACE)
			note(d, NULL, "no block is open here");
		else if (k == HT_OQUOTE)
			note(d, NULL, "names in a body are bare identifiers; quoted keys belong in objects");
		else if (op_level(k) || k == HT_ASSIGN || k == HT_QUESTION || k == HT_COLON || k == HT_DOT ||
		    k == HT_ARROW)
			note(d, NULL, "a newline ended the line above; an expression that spans lines "
			    "must be inside parentheses or brackets");
		bail(p);
	}
	p->recover = outer;
}

/* ConfigFile = Body EOF ; */
static void
config_file(Parser *p, Value *root)
{
	Index ix = { 0 };
	p->nl_sig = true;
	p->tok = hcl_lex_next(&p->lx);
	body(p, root, &ix, NULL);
}

/* ------------------------------------------------------------- encoding */

/* KG103 for a byte order mark, a NUL byte or invalid UTF-8; false if found. */
static bool
check_encoding(const SrcFile *f)
{
	size_t bad = f->len;
	bool valid = utf8_valid(f->text, f->len, &bad);
	const char *nul = memchr(f->text, '\0', f->len);
	if (f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) {
		Loc l = loc_at(f, 0, 3);
		Diag *d = diag(KG103, &l, "byte order mark at the start of the file");
		diag_note(d, NULL, "HCL is UTF-8 without a byte order mark; save the file without one");
		return false;
	}
	if (nul && (valid || (size_t)(nul - f->text) < bad)) {
		size_t off = (size_t)(nul - f->text);
		Loc l = loc_at(f, off, off + 1);
		Diag *d = diag(KG103, &l, "NUL byte in HCL text");
		diag_note(d, NULL, "HCL input is UTF-8 text: is this a binary file?");
		return false;
	}
	if (!valid) {
		Loc l = loc_at(f, bad, bad + 1);
		Diag *d = diag(KG103, &l, "invalid UTF-8 byte 0x%02X", (unsigned char)f->text[bad]);
		diag_note(d, NULL, "HCL input is UTF-8 text: convert the file to UTF-8");
		return false;
	}
	return true;
}

static Value *
parse_file(Arena *a, const SrcFile *f, bool printed)
{
	if (!check_encoding(f))
		return NULL;
	Parser *p = arena_alloc(a, sizeof *p);
	p->a = a;
	p->printed = printed;
	hcl_lex_init(&p->lx, a, f);
	p->tbytes_max = 16 * (size_t)f->len + (1u << 20);
	p->prev_end = (HclPos){ 0, 1, 1 };
	HclPos end;
	end.off = (uint32_t)f->len;
	src_linecol(f, f->len, &end.line, &end.col);
	Loc whole = { .file = f, .line = 1, .col = 1, .end_line = end.line, .end_col = end.col };
	Value *root = v_new(a, V_MAP, &whole);
	root->flags |= VF_BLOCK;
	if (setjmp(p->stop) == 0)
		config_file(p, root);
	return root;
}

Value *
hcl_parse(Arena *a, const SrcFile *f)
{
	return parse_file(a, f, false);
}

Value *
hcl_parse_printed(Arena *a, const SrcFile *f)
{
	return parse_file(a, f, true);
}
