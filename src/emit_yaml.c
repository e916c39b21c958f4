/*
 * emit_yaml.c - values as YAML text: the one YAML writer (the Helm values,
 * convert's output, the kit's manifests, loadtool).
 *
 * Block style, 2-space indent (a sequence inside a mapping without extra
 * indent, as kubectl writes it), key order kept, no line folding.  A string
 * is asked for plain unless load_yaml.c would read the plain text as
 * something else (true, 1, null, "", ~, <<, 0x1F ...) or another YAML 1.1
 * reader would (dates, 1:20), or it holds a ${VAR} placeholder (envsubst may
 * put 'true' or '1' there); then double-quoted.  Strings with line breaks are
 * asked for as literal blocks ('|').  Numbers keep their source spelling when
 * it reads back as the same number.
 *
 * The text is written directly, as libyaml 0.2.5's emitter writes the same
 * events with these settings (unicode, indent 2, width -1, LF breaks): the
 * functions below are that emitter's, cut down to the events karpgen makes
 * (no anchors, tags or non-empty flow collections).  Its scalar analysis
 * decides when the asked-for style cannot hold the string (':' inside, a
 * leading '*', '-', '&', trailing spaces, control characters ...) and falls
 * back to single or double quotes, so the choice is deterministic and always
 * reads back as the same string.  Writing directly costs a fraction of
 * libyaml's per-event machinery (the kit of 2,000 groups is 2,600 files);
 * tests/unit/test_emit_yaml.c checks the bytes against libyaml's emitter.
 */
#include "karpgen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* YAML 1.1 timestamps (2001-12-14...) and sexagesimal numbers (1:20). */
static bool
other_readers_type(const char *s, size_t n)
{
	if (n >= 8 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
	    s[4] == '-' && is_digit(s[5]))
		return true;
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	bool colon = false;
	for (; i < n; i++) {
		if (s[i] == ':')
			colon = true;
		else if (!is_digit(s[i]) && s[i] != '_' && s[i] != '.')
			return false;
	}
	return colon;
}

/* Invalid UTF-8 (never from the loaders, which check it) becomes U+FFFD. */
static char *
valid_utf8(const char *s, size_t n, size_t *out_n)
{
	Buf b = { 0 };
	size_t bad;
	while (!utf8_valid(s, n, &bad)) {
		buf_add(&b, s, bad);
		buf_add(&b, "\xEF\xBF\xBD", 3);
		s += bad + 1;
		n -= bad + 1;
	}
	buf_add(&b, s, n);
	*out_n = b.len;
	return b.s;
}


/* ------------------------------------------------ the emitter's state */

enum Style { ST_PLAIN, ST_SINGLE, ST_DOUBLE, ST_LITERAL };

typedef struct W {
	Buf out;
	int column;             /* in characters */
	int indent;             /* -1 before the first collection */
	bool whitespace;        /* the last thing written was white space */
	bool indention;         /* nothing but indentation on the line so far */
	bool mapping_context;   /* the node being written is a mapping's key or value */
	bool simple_key;        /* ... an implicit key ("key: value") */
	int open_ended;         /* 2: the last document ends in a kept line break */
} W;

/* A byte of s, or the NUL libyaml's copy of the string ends in. */
static inline unsigned char
at(const unsigned char *s, size_t n, size_t i)
{
	return i < n ? s[i] : 0;
}

static inline size_t
width(unsigned char c)
{
	return (c & 0x80) == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
	    (c & 0xF8) == 0xF0 ? 4 : 1;
}

static bool
is_break(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i);
	return c == '\r' || c == '\n' || (c == 0xC2 && at(s, n, i + 1) == 0x85) ||
	    (c == 0xE2 && at(s, n, i + 1) == 0x80 && (at(s, n, i + 2) == 0xA8 || at(s, n, i + 2) == 0xA9));
}

static bool
is_blankz(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i);
	return c == ' ' || c == '\t' || c == 0 || is_break(s, n, i);
}

/* libyaml's IS_PRINTABLE: characters a scalar may hold unescaped (not 4-byte ones). */
static bool
is_printable(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i), c1 = at(s, n, i + 1), c2 = at(s, n, i + 2);
	return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED) ||
	    (c == 0xED && c1 < 0xA0) || c == 0xEE ||
	    (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

/* Append bytes; the common case (room left) stays out of buf_add().  The text is NUL-terminated at the end. */
static inline void
out(W *w, const char *s, size_t n)
{
	Buf *b = &w->out;
	if (b->cap - b->len <= n) {
		buf_add(b, s, n);
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

static inline void
put(W *w, char c)
{
	out(w, &c, 1);
	w->column++;
}

static inline void
put_break(W *w)
{
	out(w, "\n", 1);
	w->column = 0;
}

/* One character of s at *i, as it is. */
static inline void
write_char(W *w, const unsigned char *s, size_t n, size_t *i)
{
	size_t k = width(s[*i]);
	if (*i + k > n)
		k = n - *i;
	out(w, (const char *)s + *i, k);
	*i += k;
	w->column++;
}

static void
write_break(W *w, const unsigned char *s, size_t n, size_t *i)
{
	if (s[*i] == '\n') {
		put_break(w);
		++*i;
		return;
	}
	write_char(w, s, n, i);
	w->column = 0;
}

static void
write_indent(W *w)
{
	int indent = w->indent >= 0 ? w->indent : 0;
	if (!w->indention || w->column > indent || (w->column == indent && !w->whitespace))
		put_break(w);
	static const char spaces[] = "                                                                ";
	while (w->column < indent) {
		int k = indent - w->column < 64 ? indent - w->column : 64;
		out(w, spaces, (size_t)k);
		w->column += k;
	}
	w->whitespace = true;
	w->indention = true;
}

static void
write_indicator(W *w, const char *ind, bool need_whitespace, bool is_whitespace, bool is_indention)
{
	if (need_whitespace && !w->whitespace)
		put(w, ' ');
	size_t n = strlen(ind);
	out(w, ind, n);
	w->column += (int)n;
	w->whitespace = is_whitespace;
	w->indention = w->indention && is_indention;
}

/* ------------------------------------------------------------ scalars */

typedef struct Analysis {
	bool multiline, block_plain, single_quoted, block;
} Analysis;

/* libyaml's yaml_emitter_analyze_scalar (block context: flow_plain_allowed is never asked). */
static Analysis
analyze(const unsigned char *s, size_t n)
{
	if (n == 0)
		return (Analysis){ .block_plain = true, .single_quoted = true };
	bool block_ind = false, line_breaks = false, special = false;
	bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
	bool break_space = false, space_break = false, prev_space = false, prev_break = false;
	if (n >= 3 && ((s[0] == '-' && s[1] == '-' && s[2] == '-') || (s[0] == '.' && s[1] == '.' && s[2] == '.')))
		block_ind = true;
	/* whether the first character is followed by white space (or the end) */
	bool preceded_ws = true, followed_ws = is_blankz(s, n, width(s[0]));
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (i > 0 && c > ' ' && c < 0x7F && c != ':' && c != '#') {
			/* the common case: a character that changes nothing but what precedes the next */
			prev_space = prev_break = preceded_ws = false;
			i++;
			continue;
		}
		if (i == 0) {
			if (strchr("#,[]{}&*!|>'\"%@`", c) && c)
				block_ind = true;
			if ((c == '?' || c == ':') && followed_ws)
				block_ind = true;
			if (c == '-' && followed_ws)
				block_ind = true;
		} else {
			if (c == ':' && is_blankz(s, n, i + 1))
				block_ind = true;
			if (c == '#' && preceded_ws)
				block_ind = true;
		}
		if (!is_printable(s, n, i))
			special = true;
		bool brk = is_break(s, n, i);
		if (brk)
			line_breaks = true;
		size_t k = width(c);
		if (c == ' ') {
			leading_space |= i == 0;
			trailing_space |= i + k == n;
			break_space |= prev_break;
			prev_space = true;
			prev_break = false;
		} else if (brk) {
			leading_break |= i == 0;
			trailing_break |= i + k == n;
			space_break |= prev_space;
			prev_space = false;
			prev_break = true;
		} else {
			prev_space = prev_break = false;
		}
		preceded_ws = is_blankz(s, n, i);
		i += k;
	}
	Analysis a = { line_breaks, true, true, true };
	if (leading_space || leading_break || trailing_space || trailing_break)
		a.block_plain = false;
	if (trailing_space)
		a.block = false;
	if (break_space)
		a.block_plain = a.single_quoted = false;
	if (space_break || special)
		a.block_plain = a.single_quoted = a.block = false;
	if (line_breaks || block_ind)
		a.block_plain = false;
	return a;
}

/* libyaml's yaml_emitter_select_scalar_style (no tags, implicit both ways, block context). */
static enum Style
select_style(const W *w, const Analysis *a, size_t n, enum Style style)
{
	if (w->simple_key && a->multiline)
		style = ST_DOUBLE;
	if (style == ST_PLAIN && (!a->block_plain || (n == 0 && w->simple_key)))
		style = ST_SINGLE;
	if (style == ST_SINGLE && !a->single_quoted)
		style = ST_DOUBLE;
	if (style == ST_LITERAL && (!a->block || w->simple_key))
		style = ST_DOUBLE;
	return style;
}

static void
write_plain(W *w, const unsigned char *s, size_t n)
{
	if (!w->whitespace && n)
		put(w, ' ');
	/* plain text holds no line break (the analysis made it quoted): one run */
	out(w, (const char *)s, n);
	for (size_t i = 0; i < n; i++)
		w->column += (s[i] & 0xC0) != 0x80;
	w->whitespace = w->indention = false;
}

static void
write_single(W *w, const unsigned char *s, size_t n)
{
	bool breaks = false;
	write_indicator(w, "'", true, false, false);
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ') {
			write_char(w, s, n, &i);
		} else if (is_break(s, n, i)) {
			if (!breaks && s[i] == '\n')
				put_break(w);
			write_break(w, s, n, &i);
			w->indention = breaks = true;
		} else {
			if (breaks)
				write_indent(w);
			if (s[i] == '\'')
				put(w, '\'');
			write_char(w, s, n, &i);
			w->indention = breaks = false;
		}
	}
	if (breaks)
		write_indent(w);
	write_indicator(w, "'", false, false, false);
	w->whitespace = w->indention = false;
}

static void
write_double(W *w, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	write_indicator(w, "\"", true, false, false);
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (is_printable(s, n, i) && !(c == 0xEF && at(s, n, i + 1) == 0xBB && at(s, n, i + 2) == 0xBF) &&
		    !is_break(s, n, i) && c != '"' && c != '\\') {
			write_char(w, s, n, &i);
			continue;
		}
		size_t k = width(c);
		uint32_t v = k == 1 ? c : k == 2 ? c & 0x1Fu : k == 3 ? c & 0x0Fu : c & 0x07u;
		for (size_t j = 1; j < k; j++)
			v = (v << 6) + (at(s, n, i + j) & 0x3Fu);
		i += k;
		put(w, '\\');
		static const struct { uint32_t cp; char c; } named[] = {
			{ 0x00, '0' }, { 0x07, 'a' }, { 0x08, 'b' }, { 0x09, 't' }, { 0x0A, 'n' }, { 0x0B, 'v' },
			{ 0x0C, 'f' }, { 0x0D, 'r' }, { 0x1B, 'e' }, { 0x22, '"' }, { 0x5C, '\\' }, { 0x85, 'N' },
			{ 0xA0, '_' }, { 0x2028, 'L' }, { 0x2029, 'P' },
		};
		size_t e = 0;
		while (e < sizeof named / sizeof *named && named[e].cp != v)
			e++;
		if (e < sizeof named / sizeof *named) {
			put(w, named[e].c);
			continue;
		}
		int digits = v <= 0xFF ? 2 : v <= 0xFFFF ? 4 : 8;
		put(w, digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
		for (int sh = (digits - 1) * 4; sh >= 0; sh -= 4)
			put(w, hex[v >> sh & 0xF]);
	}
	write_indicator(w, "\"", false, false, false);
	w->whitespace = w->indention = false;
}

/* The '|' header: an indentation indicator when the text starts with a space or break, and chomping. */
static void
write_block_hints(W *w, const unsigned char *s, size_t n)
{
	if (n && (s[0] == ' ' || is_break(s, n, 0)))
		write_indicator(w, "2", false, false, false);
	w->open_ended = 0;
	const char *chomp = NULL;
	if (n == 0) {
		chomp = "-";
	} else {
		size_t last = n - 1;
		while (last > 0 && (s[last] & 0xC0) == 0x80)
			last--;
		if (!is_break(s, n, last)) {
			chomp = "-";
		} else if (last == 0) {
			chomp = "+";
			w->open_ended = 2;
		} else {
			size_t prev = last - 1;
			while (prev > 0 && (s[prev] & 0xC0) == 0x80)
				prev--;
			if (is_break(s, n, prev)) {
				chomp = "+";
				w->open_ended = 2;
			}
		}
	}
	if (chomp)
		write_indicator(w, chomp, false, false, false);
}

static void
write_literal(W *w, const unsigned char *s, size_t n)
{
	bool breaks = true;
	write_indicator(w, "|", true, false, false);
	write_block_hints(w, s, n);
	put_break(w);
	w->indention = w->whitespace = true;
	for (size_t i = 0; i < n;) {
		if (is_break(s, n, i)) {
			write_break(w, s, n, &i);
			w->indention = breaks = true;
		} else {
			if (breaks)
				write_indent(w);
			write_char(w, s, n, &i);
			w->indention = breaks = false;
		}
	}
}

/* A scalar in the style asked for, or the one libyaml falls back to; a the analysis of s. */
static void
write_scalar(W *w, const char *text, size_t n, const Analysis *a, enum Style style)
{
	const unsigned char *s = (const unsigned char *)text;
	style = select_style(w, a, n, style);
	int saved = w->indent;
	w->indent = w->indent < 0 ? 2 : w->indent + 2;
	switch (style) {
	case ST_PLAIN: write_plain(w, s, n); break;
	case ST_SINGLE: write_single(w, s, n); break;
	case ST_DOUBLE: write_double(w, s, n); break;
	case ST_LITERAL: write_literal(w, s, n); break;
	}
	w->indent = saved;
}

/*
 * Text every rule above lets through unchanged: ASCII letters, digits and
 * "._/-" (a letter, digit or '/' first), no white space, no indicator.  Its
 * analysis allows every style, it needs no escape, and it is one line.
 */
static const unsigned char safe_char[256] = {
	['.'] = 1, ['/'] = 2, ['-'] = 1, ['_'] = 1,
	['0'] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['A'] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	['a'] = 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static bool
is_safe(const char *s, size_t n)
{
	if (n == 0 || safe_char[(unsigned char)s[0]] != 2)
		return false;
	for (size_t i = 1; i < n; i++)
		if (!safe_char[(unsigned char)s[i]])
			return false;
	return true;
}

/* A safe text in the style asked for (plain or double-quoted), as write_scalar() writes it. */
static void
write_safe(W *w, const char *s, size_t n, enum Style style)
{
	if (style == ST_PLAIN) {
		if (!w->whitespace)
			put(w, ' ');
		out(w, s, n);
		w->column += (int)n;
	} else {
		write_indicator(w, "\"", true, false, false);
		out(w, s, n);
		w->column += (int)n;
		write_indicator(w, "\"", false, false, false);
	}
	w->whitespace = w->indention = false;
}

static void
emit_scalar(W *w, const char *s, size_t n, enum Style style)
{
	if (style != ST_LITERAL && is_safe(s, n)) {
		write_safe(w, s, n, style);
		return;
	}
	char *fixed = NULL;
	if (!utf8_valid(s, n, NULL)) {
		fixed = valid_utf8(s, n, &n);
		s = fixed;
	}
	Analysis a = analyze((const unsigned char *)s, n);
	write_scalar(w, s, n, &a, style);
	free(fixed);
}

/* The style karpgen asks for: see the top of the file. */
static enum Style
string_style(const char *s, size_t n, bool is_key)
{
	if (yaml_plain_kind(s, n) != V_STR || (is_key && n == 2 && memcmp(s, "<<", 2) == 0) ||
	    other_readers_type(s, n) || (memchr(s, '$', n) && memmem(s, n, "${", 2)))
		return ST_DOUBLE;
	if (!is_key && memchr(s, '\n', n))
		return ST_LITERAL;
	return ST_PLAIN;
}

static void
emit_number(W *w, const Value *v)
{
	if (v->s && v->len && yaml_plain_kind(v->s, v->len) == V_NUM) {
		emit_scalar(w, v->s, v->len, ST_PLAIN);
		return;
	}
	char buf[64];
	if (v->flags & VF_INTEGER)
		snprintf(buf, sizeof buf, "%lld", (long long)v->i);
	else if (isnan(v->num))
		snprintf(buf, sizeof buf, ".nan");
	else if (isinf(v->num))
		snprintf(buf, sizeof buf, "%s", v->num < 0 ? "-.inf" : ".inf");
	else
		/* the shortest %g that reads back as the same double */
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(buf, sizeof buf, "%.*g", prec, v->num);
			if (strtod(buf, NULL) == v->num)
				break;
		}
	emit_scalar(w, buf, strlen(buf), ST_PLAIN);
}

/* ---------------------------------------------------------- collections */

static void emit_value(W *w, const Value *v, int depth);

/* A mapping's key: implicit ("key:") when on one line and at most 128 bytes, else "? key". */
static void
emit_key(W *w, const char *k)
{
	size_t n = strlen(k);
	w->mapping_context = true;
	if (n <= 128 && is_safe(k, n)) {
		w->simple_key = true;
		write_safe(w, k, n, string_style(k, n, true));
		write_indicator(w, ":", false, false, false);
		return;
	}
	char *fixed = NULL;
	if (!utf8_valid(k, n, NULL)) {
		fixed = valid_utf8(k, n, &n);
		k = fixed;
	}
	Analysis a = analyze((const unsigned char *)k, n);
	w->mapping_context = true;
	w->simple_key = !a.multiline && n <= 128;
	if (w->simple_key) {
		write_scalar(w, k, n, &a, string_style(k, n, true));
		write_indicator(w, ":", false, false, false);
	} else {
		write_indicator(w, "?", true, false, true);
		write_scalar(w, k, n, &a, string_style(k, n, true));
		write_indent(w);
		write_indicator(w, ":", true, false, true);
	}
	free(fixed);
}

static void
emit_value(W *w, const Value *v, int depth)
{
	bool mapping_context = w->mapping_context;
	w->simple_key = w->mapping_context = false;
	if (!v || depth > LIMIT_DEPTH + 8) {
		emit_scalar(w, "null", 4, ST_PLAIN);
		return;
	}
	switch (v->kind) {
	case V_NULL:
		emit_scalar(w, "null", 4, ST_PLAIN);
		return;
	case V_BOOL:
		emit_scalar(w, v->b ? "true" : "false", v->b ? 4 : 5, ST_PLAIN);
		return;
	case V_NUM:
		emit_number(w, v);
		return;
	case V_STR:
	case V_UNKNOWN: {
		const char *s = v->s ? v->s : "";
		size_t n = v->s ? v->len : 0;
		emit_scalar(w, s, n, string_style(s, n, false));
		return;
	}
	case V_LIST:
	case V_MAP:
		break;
	}
	bool map = v->kind == V_MAP;
	if (!v->n) {
		/* an empty collection is written in flow style */
		write_indicator(w, map ? "{" : "[", true, true, false);
		write_indicator(w, map ? "}" : "]", false, false, false);
		return;
	}
	int saved = w->indent;
	if (w->indent < 0)
		w->indent = 0;
	else if (map || !(mapping_context && !w->indention))
		w->indent += 2;         /* a sequence in a mapping is not indented */
	for (int i = 0; i < v->n; i++) {
		write_indent(w);
		if (map) {
			emit_key(w, v->members[i].key ? v->members[i].key : "");
			w->mapping_context = true;
			emit_value(w, v->members[i].val, depth + 1);
		} else {
			write_indicator(w, "-", true, false, true);
			w->mapping_context = false;
			emit_value(w, v->items[i], depth + 1);
		}
	}
	w->indent = saved;
}

char *
values_to_yaml(Value *const *docs, int n)
{
	W w = { .indent = -1, .whitespace = true, .indention = true };
	for (int i = 0; i < n; i++) {
		if (i > 0) {
			/* every document but the first starts with '---' */
			write_indent(&w);
			write_indicator(&w, "---", true, false, false);
		}
		w.open_ended = 0;
		w.mapping_context = false;
		emit_value(&w, docs[i], 0);
		write_indent(&w);
		if (!w.open_ended)
			w.open_ended = 1;
	}
	if (w.open_ended == 2) {
		/* the last document ends in a kept line break: '...' ends it for the reader */
		write_indicator(&w, "...", true, false, false);
		write_indent(&w);
	}
	buf_add(&w.out, "", 0);      /* the NUL that out() does not write */
	return w.out.s;
}

char *
value_to_yaml(const Value *v)
{
	Value *one = (Value *)v;
	return values_to_yaml(&one, 1);
}
