/*
 * load_json.c - RFC 8259 JSON into the value tree, with positions.
 *
 * jansson keeps no positions, so this is a small recursive-descent parser of
 * its own.  Each function is named after the RFC 8259 rule it implements.
 * Recursion is bounded by LIMIT_DEPTH (checked before descending), so
 * 200,000 '[' end in a KG102 diagnostic, not a stack overflow.
 *
 * Positions: the parser keeps the current line and a column cursor that only
 * moves forward along the line, so computing line:col for every value costs
 * O(file size) in total, even for a single 20 MB line.
 *
 * Choices, as documented in karpgen.h:
 *   - a lone UTF-16 surrogate in a \u escape becomes U+FFFD with a KG103
 *     warning (Go's encoding/json, which Kubernetes reads with, does the same
 *     silently);
 *   - numbers keep their exact spelling in `s`; `num` is strtod's value
 *     (+-inf for 1e400), and VF_INTEGER + `i` are set only when the spelling
 *     has no fraction or exponent and fits in int64;
 *   - a UTF-8 byte-order mark is skipped; UTF-16 is a KG103.
 */
#include "karpgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Duplicate keys reported per file; a flood of them ends in one summary. */
enum { DUP_REPORTS = 100 };

typedef struct JP {
	Arena *a;
	const SrcFile *f;
	const char *s;
	size_t len, pos;
	int line;               /* line of `pos` (1-based) */
	size_t line_start;      /* byte offset where that line starts */
	size_t cur_off;         /* column cursor: byte offset ... */
	int cur_col;            /* ... and its column */
	int depth;
	int nvalues;
	int dup_budget;         /* KG108 reports left (a flood ends in a summary) */
	bool failed;
	Diag *err;              /* the one syntax error, for notes */
	bool err_at_eof;
	bool eof_noted;
	bool surrogate_warned;
} JP;

/* A position on the current line (off >= line_start). */
typedef struct Mark { int line, col; } Mark;

static Mark
mark_at(JP *p, size_t off)
{
	if (off < p->cur_off) {
		p->cur_off = p->line_start;
		p->cur_col = 1;
	}
	const unsigned char *t = (const unsigned char *)p->s;
	int c = p->cur_col;
	for (size_t i = p->cur_off; i < off; i++)
		c += (t[i] & 0xC0) != 0x80;
	p->cur_off = off;
	p->cur_col = c;
	return (Mark){ p->line, c };
}

static Loc
loc_span(JP *p, Mark start, Mark end)
{
	return (Loc){ .file = p->f, .line = start.line, .col = start.col,
		.end_line = end.line, .end_col = end.col };
}

/* The range [off, end) on the current line. */
static Loc
loc_here(JP *p, size_t off, size_t end)
{
	Mark a = mark_at(p, off);
	return loc_span(p, a, mark_at(p, end));
}

/* ws = *( %x20 / %x09 / %x0A / %x0D ) */
static void
ws(JP *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	for (; i < p->len; i++) {
		char c = s[i];
		if (c == '\n') {
			p->line++;
			p->line_start = p->cur_off = i + 1;
			p->cur_col = 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			break;
		}
	}
	p->pos = i;
}

static Value *
fail_at(JP *p, size_t off, size_t end, const char *fmt, ...) PRINTF(4, 5);

static Value *
fail_at(JP *p, size_t off, size_t end, const char *fmt, ...)
{
	if (end > p->len)
		end = p->len;
	Loc l = loc_here(p, off, end > off ? end : off);
	va_list ap;
	va_start(ap, fmt);
	p->err = vdiag(KG101, SEV_ERROR, &l, fmt, ap);
	va_end(ap);
	p->failed = true;
	p->err_at_eof = off >= p->len;
	return NULL;
}

/* How the character at `off` reads in a message: 'x', U+0001 or end of input. */
static const char *
what_at(JP *p, size_t off, size_t *width)
{
	*width = 1;
	if (off >= p->len)
		return "end of input";
	unsigned char c = (unsigned char)p->s[off];
	if (c >= 0x20 && c < 0x7F)
		return arena_printf(p->a, "'%c'", c);
	if (c < 0x80)
		return arena_printf(p->a, "U+%04X", c);
	uint32_t cp;
	size_t w = utf8_decode(p->s + off, p->len - off, &cp);
	if (!w)
		w = 1;
	*width = w;
	return arena_printf(p->a, "'%.*s'", (int)w, p->s + off);
}

/* "expected X, found Y" at the current position. */
static Value *
expected(JP *p, const char *what)
{
	size_t w;
	const char *found = what_at(p, p->pos, &w);
	if (p->pos >= p->len)
		return fail_at(p, p->pos, p->pos, "unexpected end of input, expected %s", what);
	if (p->s[p->pos] == '/' && p->pos + 1 < p->len &&
	    (p->s[p->pos + 1] == '/' || p->s[p->pos + 1] == '*'))
		return fail_at(p, p->pos, p->pos + 2, "comments are not allowed in JSON");
	return fail_at(p, p->pos, p->pos + w, "expected %s, found %s", what, found);
}

/* When the input ended inside a container, point at where it was opened. */
static void
note_unclosed(JP *p, const Loc *open, char c)
{
	if (p->failed && p->err_at_eof && !p->eof_noted) {
		diag_note(p->err, open, "'%c' opened here is not closed", c);
		p->eof_noted = true;
	}
}

static void
put_utf8(char **o, unsigned c)
{
	unsigned char *u = (unsigned char *)*o;
	if (c < 0x80) {
		*u++ = (unsigned char)c;
	} else if (c < 0x800) {
		*u++ = (unsigned char)(0xC0 | c >> 6);
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*u++ = (unsigned char)(0xE0 | c >> 12);
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		*u++ = (unsigned char)(0xF0 | c >> 18);
		*u++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	}
	*o = (char *)u;
}

static int
hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* The single-character escapes of RFC 8259 section 7, by the letter after '\'. */
static const char escape_of[128] = {
	['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f',
	['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

/*
 * string = quotation-mark *char quotation-mark  (RFC 8259 section 7)
 *
 * The first pass finds the closing quote and checks escapes and control
 * characters; only strings with escapes take the second, decoding pass.
 * Decoded text is never longer than its source, so one allocation does.
 */
static bool
string(JP *p, const char **out, size_t *outlen, Loc *loc)
{
	const char *s = p->s;
	size_t start = p->pos, i = start + 1;
	bool esc = false;
	for (;;) {
		if (i >= p->len || s[i] == '\n') {
			fail_at(p, start, start + 1, "unterminated string");
			if (i < p->len)
				diag_note(p->err, NULL, "a line break inside a string is written '\\n'");
			return false;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			break;
		if (c == '\\') {
			esc = true;
			unsigned char e = i + 1 < p->len ? (unsigned char)s[i + 1] : 0;
			if (e == 'u') {
				if (i + 6 > p->len || hex4(s + i + 2) < 0) {
					fail_at(p, i, i + 2, "invalid escape '\\u': expected 4 hex digits");
					return false;
				}
				i += 6;
				continue;
			}
			if (e >= 128 || !escape_of[e]) {
				if (e == 0 && i + 1 >= p->len)
					fail_at(p, start, start + 1, "unterminated string");
				else if (e >= 0x20 && e < 0x7F)
					fail_at(p, i, i + 2, "invalid escape '\\%c' in string", e);
				else
					fail_at(p, i, i + 2, "invalid escape in string");
				return false;
			}
			i += 2;
			continue;
		}
		if (c < 0x20) {
			fail_at(p, i, i + 1, "control character U+%04X in string", c);
			diag_note(p->err, NULL, "write it as an escape, e.g. '\\u%04x'", c);
			return false;
		}
		i++;
	}
	size_t end = i + 1;
	*loc = loc_here(p, start, end);
	if (!esc) {
		*out = arena_strndup(p->a, s + start + 1, i - start - 1);
		*outlen = i - start - 1;
		p->pos = end;
		return true;
	}
	char *buf = arena_alloc(p->a, i - start), *o = buf;
	for (size_t k = start + 1; k < i;) {
		if (s[k] != '\\') {
			*o++ = s[k++];
			continue;
		}
		if (s[k + 1] != 'u') {
			*o++ = escape_of[(unsigned char)s[k + 1]];
			k += 2;
			continue;
		}
		unsigned c = (unsigned)hex4(s + k + 2);
		size_t at = k;
		k += 6;
		if (c >= 0xD800 && c <= 0xDBFF && k + 6 <= i && s[k] == '\\' && s[k + 1] == 'u') {
			int lo = hex4(s + k + 2);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
				k += 6;
			}
		}
		if (c >= 0xD800 && c <= 0xDFFF && p->surrogate_warned) {
			c = 0xFFFD;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			/* once per file: going back along the line costs its length */
			p->surrogate_warned = true;
			Loc l = loc_here(p, at, at + 6);
			Diag *d = diag_sev(KG103, SEV_WARNING, &l,
			    "lone UTF-16 surrogate '\\u%04x' in string", c);
			diag_note(d, NULL, "it is read as U+FFFD, as Go's encoding/json reads it");
			c = 0xFFFD;
		}
		put_utf8(&o, c);
	}
	*o = '\0';
	*out = buf;
	*outlen = (size_t)(o - buf);
	p->pos = end;
	return true;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The extent of a malformed number or word, for the message. */
static size_t
token_end(JP *p, size_t off)
{
	size_t e = off;
	while (e < p->len && e - off < 40 && (strchr("+-.eE_", p->s[e]) ||
	    (p->s[e] >= '0' && p->s[e] <= '9') || (p->s[e] >= 'a' && p->s[e] <= 'z') ||
	    (p->s[e] >= 'A' && p->s[e] <= 'Z')) && p->s[e])
		e++;
	return e > off ? e : off + 1;
}

static Value *
bad_number(JP *p, size_t start, const char *why)
{
	size_t e = token_end(p, start);
	return fail_at(p, start, e, "invalid number '%.*s': %s", (int)(e - start), p->s + start, why);
}

/* number = [ minus ] int [ frac ] [ exp ]  (RFC 8259 section 6) */
static Value *
number(JP *p)
{
	const char *s = p->s;
	size_t start = p->pos, i = start;
	bool integral = true;
	if (i < p->len && s[i] == '-')
		i++;
	if (i >= p->len || !is_digit(s[i]))
		return bad_number(p, start, "expected a digit after '-'");
	if (s[i] == '0' && i + 1 < p->len && is_digit(s[i + 1]))
		return bad_number(p, start, "leading zeros are not allowed");
	while (i < p->len && is_digit(s[i]))
		i++;
	if (i < p->len && s[i] == '.') {
		integral = false;
		i++;
		if (i >= p->len || !is_digit(s[i]))
			return bad_number(p, start, "expected a digit after '.'");
		while (i < p->len && is_digit(s[i]))
			i++;
	}
	if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
		integral = false;
		i++;
		if (i < p->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= p->len || !is_digit(s[i]))
			return bad_number(p, start, "expected a digit in the exponent");
		while (i < p->len && is_digit(s[i]))
			i++;
	}
	Loc l = loc_here(p, start, i);
	Value *v = v_new(p->a, V_NUM, &l);
	size_t n = i - start;
	char *text = arena_strndup(p->a, s + start, n);
	v->s = text;
	v->len = n;
	size_t digits = n - (s[start] == '-');
	if (integral && digits <= 18) {
		/* exact, and (double)i rounds as strtod would */
		int64_t x = 0;
		for (size_t k = start + (s[start] == '-'); k < i; k++)
			x = x * 10 + (s[k] - '0');
		v->i = s[start] == '-' ? -x : x;
		v->num = (double)v->i;
		v->flags |= VF_INTEGER;
	} else {
		v->num = strtod(text, NULL);
		if (integral) {
			errno = 0;
			long long x = strtoll(text, NULL, 10);
			if (errno != ERANGE) {
				v->i = x;
				v->flags |= VF_INTEGER;
			}
		}
	}
	p->pos = i;
	return v;
}

/* The literals of RFC 8259 section 3, and what people write instead. */
static const struct {
	const char *word;
	VKind kind;
	bool b;
} literals[] = {
	{ "true", V_BOOL, true }, { "false", V_BOOL, false }, { "null", V_NULL, false },
};

static Value *
literal(JP *p)
{
	size_t start = p->pos, e = start;
	while (e < p->len && ((p->s[e] >= 'a' && p->s[e] <= 'z') || (p->s[e] >= 'A' && p->s[e] <= 'Z') ||
	    is_digit(p->s[e]) || p->s[e] == '_'))
		e++;
	size_t n = e - start;
	for (size_t k = 0; k < sizeof literals / sizeof *literals; k++)
		if (strlen(literals[k].word) == n && memcmp(literals[k].word, p->s + start, n) == 0) {
			Loc l = loc_here(p, start, e);
			Value *v = v_new(p->a, literals[k].kind, &l);
			v->b = literals[k].b;
			p->pos = e;
			return v;
		}
	fail_at(p, start, e, "invalid literal '%.*s'", (int)(n > 40 ? 40 : n), p->s + start);
	for (size_t k = 0; k < sizeof literals / sizeof *literals; k++)
		if (strlen(literals[k].word) == n && strncasecmp(literals[k].word, p->s + start, n) == 0)
			diag_note(p->err, NULL, "JSON's literals are lower case: '%s'", literals[k].word);
	if ((n == 3 && memcmp(p->s + start, "NaN", 3) == 0) ||
	    (n == 8 && memcmp(p->s + start, "Infinity", 8) == 0))
		diag_note(p->err, NULL, "JSON has no NaN or Infinity");
	return NULL;
}

static Value *value(JP *p);

static bool
enter(JP *p)
{
	if (++p->depth > LIMIT_DEPTH) {
		Loc l = loc_here(p, p->pos, p->pos + 1);
		diag(KG102, &l, "nesting deeper than %d levels", LIMIT_DEPTH);
		p->failed = true;
		return false;
	}
	return true;
}

/*
 * value-separator or the end of an object or array (sections 4 and 5), after
 * a member or element: 1 after a ',' (another item follows), 0 at `close`,
 * -1 after a KG101 (a trailing comma, or anything else).
 */
static int
after_item(JP *p, char close, const Loc *open_loc)
{
	const char *noun = close == '}' ? "object" : "array";
	ws(p);
	if (p->pos < p->len && p->s[p->pos] == ',') {
		Loc comma = loc_here(p, p->pos, p->pos + 1);
		p->pos++;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->err = diag(KG101, &comma, "trailing comma in %s", noun);
			p->failed = true;
			diag_note(p->err, NULL, "remove the ',' before '%c'", close);
			return -1;
		}
		return 1;
	}
	if (p->pos < p->len && p->s[p->pos] == close)
		return 0;
	expected(p, close == '}' ? "',' or '}' after object member" : "',' or ']' after array element");
	note_unclosed(p, open_loc, close == '}' ? '{' : '[');
	return -1;
}

/* member = string name-separator value  (RFC 8259 section 4), into obj; false after a KG101. */
static bool
member(JP *p, Value *obj, const Loc *open_loc)
{
	if (p->pos >= p->len || p->s[p->pos] != '"') {
		bool word = p->pos < p->len && (p->s[p->pos] == '\'' ||
		    (p->s[p->pos] >= 'a' && p->s[p->pos] <= 'z') ||
		    (p->s[p->pos] >= 'A' && p->s[p->pos] <= 'Z') || p->s[p->pos] == '_');
		expected(p, obj->n ? "a string key after ','" : "a string key or '}'");
		if (word)
			diag_note(p->err, NULL, "object keys are written in double quotes");
		note_unclosed(p, open_loc, '{');
		return false;
	}
	const char *key;
	size_t klen;
	Loc kloc;
	if (!string(p, &key, &klen, &kloc)) {
		note_unclosed(p, open_loc, '{');
		return false;
	}
	ws(p);
	if (p->pos >= p->len || p->s[p->pos] != ':') {
		expected(p, "':' after object key");
		note_unclosed(p, open_loc, '{');
		return false;
	}
	p->pos++;
	ws(p);
	Value *v = value(p);
	if (!v) {
		note_unclosed(p, open_loc, '{');
		return false;
	}
	v_key_nul(key, klen, &kloc);
	v_map_put(p->a, obj, key, &kloc, v);
	return true;
}

/* An array's element (section 5), into arr; false after a KG101. */
static bool
element(JP *p, Value *arr, const Loc *open_loc)
{
	Value *v = value(p);
	if (!v) {
		note_unclosed(p, open_loc, '[');
		return false;
	}
	v_list_push(p->a, arr, v);
	return true;
}

/*
 * object = begin-object [ member *( value-separator member ) ] end-object  (section 4)
 * array = begin-array [ value *( value-separator value ) ] end-array  (section 5)
 * `close` is '}' or ']'.
 */
static Value *
collection(JP *p, char close)
{
	bool object = close == '}';
	size_t open = p->pos;
	Mark start = mark_at(p, open);
	Loc open_loc = loc_here(p, open, open + 1);
	if (!enter(p))
		return NULL;
	Value *c = v_new(p->a, object ? V_MAP : V_LIST, NULL);
	p->pos++;
	ws(p);
	if (p->pos >= p->len || p->s[p->pos] != close)
		for (;;) {
			if (!(object ? member(p, c, &open_loc) : element(p, c, &open_loc)))
				return NULL;
			int next = after_item(p, close, &open_loc);
			if (next < 0)
				return NULL;
			if (next == 0)
				break;
		}
	p->pos++;
	c->loc = loc_span(p, start, mark_at(p, p->pos));
	p->depth--;
	if (object)
		v_map_dedup(p->a, c, &p->dup_budget);
	return c;
}

/* value = false / null / true / object / array / number / string  (section 3) */
static Value *
value(JP *p)
{
	if (p->pos >= p->len)
		return expected(p, "a value");
	if (++p->nvalues > LIMIT_VALUES) {
		Loc l = loc_here(p, p->pos, p->pos + 1);
		diag(KG102, &l, "more than %d values in one file", LIMIT_VALUES);
		p->failed = true;
		return NULL;
	}
	char c = p->s[p->pos];
	switch (c) {
	case '{':
		return collection(p, '}');
	case '[':
		return collection(p, ']');
	case '"': {
		const char *s;
		size_t n;
		Loc l;
		if (!string(p, &s, &n, &l))
			return NULL;
		Value *v = v_new(p->a, V_STR, &l);
		v->s = s;
		v->len = n;
		v_nul_refused(v);
		return v;
	}
	case '-':
		return number(p);
	default:
		break;
	}
	if (is_digit(c))
		return number(p);
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return literal(p);
	if ((c == '+' || c == '.') && p->pos + 1 < p->len && is_digit(p->s[p->pos + 1]))
		return bad_number(p, p->pos, c == '+' ? "a leading '+' is not allowed" :
		    "a digit is required before '.'");
	expected(p, "a value");
	if (c == '\'')
		diag_note(p->err, NULL, "JSON strings are written in double quotes");
	return NULL;
}

/*
 * JSON-text = ws value ws  (section 2), repeated: `aws ... >> file` leaves
 * several values one after the other.
 */
static Value *
json_text(JP *p, int *count)
{
	VEC(Value *) vals = { 0 };
	ws(p);
	Mark first = mark_at(p, p->pos);
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (vals.n && (c == ',' || c == ']' || c == '}' || c == ':')) {
			size_t w;
			const char *what = what_at(p, p->pos, &w);
			fail_at(p, p->pos, p->pos + w, "unexpected %s after the end of a JSON value", what);
			if (c == ',')
				diag_note(p->err, NULL, "concatenated JSON values are separated by whitespace only");
			return NULL;
		}
		Value *v = value(p);
		if (!v)
			return NULL;
		VEC_PUSH(p->a, vals, v);
		ws(p);
	}
	if (vals.n == 0) {
		fail_at(p, p->pos, p->pos, "empty input, expected a JSON value");
		return NULL;
	}
	*count = vals.n;
	if (vals.n == 1)
		return vals.v[0];
	Value *list = v_new(p->a, V_LIST, NULL);
	list->loc = (Loc){ .file = p->f, .line = first.line, .col = first.col,
		.end_line = vals.v[vals.n - 1]->loc.end_line, .end_col = vals.v[vals.n - 1]->loc.end_col };
	list->items = vals.v;
	list->n = vals.n;
	return list;
}

Value *
json_load(Arena *a, const SrcFile *f, int *count)
{
	*count = 0;
	if (!src_check_text(f))
		return NULL;
	JP p = { .a = a, .f = f, .s = f->text, .len = f->len, .line = 1, .cur_col = 1,
		.dup_budget = DUP_REPORTS };
	if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0)
		p.pos = 3;
	Value *v = json_text(&p, count);
	v_dedup_summary(f, p.dup_budget);
	return v;
}
