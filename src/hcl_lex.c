/*
 * hcl_lex.c - the lexical rules of grammar/hcl.ebnf.
 *
 * Two modes, chosen by the parser: hcl_lex_next() reads expression tokens,
 * skipping spaces and comments and marking the next token when a newline
 * came before it; hcl_lex_template() reads the text of a quoted or heredoc
 * template up to its next "${" or "%{" sequence or its end.  The position
 * (line, column in characters) moves with the lexer, so no token costs more
 * than its own length and a 20 MB line lexes in linear time.
 *
 * The input is known to be valid UTF-8 without NUL bytes (hcl_parse()
 * checks before lexing), so decoding never fails here.
 */
#include "karpgen.h"

#include <string.h>

void
hcl_lex_init(HclLexer *lx, Arena *a, const SrcFile *f)
{
	memset(lx, 0, sizeof *lx);
	lx->arena = a;
	lx->file = f;
	lx->s = f->text;
	lx->len = f->len;
	lx->pos = (HclPos){ 0, 1, 1 };
}

Loc
hcl_loc(const HclLexer *lx, HclPos from, HclPos to)
{
	Loc l = { .file = lx->file, .line = from.line, .col = from.col,
		.end_line = to.line, .end_col = to.col };
	if (to.off <= from.off)
		l.end_line = 0;
	return l;
}

Diag *
hcl_syntax_error(HclLexer *lx, HclPos from, HclPos to, const char *fmt, ...)
{
	if (lx->quiet)
		return NULL;
	lx->errors++;
	Loc l = hcl_loc(lx, from, to);
	va_list ap;
	va_start(ap, fmt);
	Diag *d = vdiag(KG101, SEV_ERROR, &l, fmt, ap);
	va_end(ap);
	if (lx->errors == HCL_MAX_ERRORS)
		diag_note(d, NULL, "karpgen stops reading '%s' after %d syntax errors",
		    lx->file->name, HCL_MAX_ERRORS);
	return d;
}

static const char *const tok_names[HT_COUNT] = {
	[HT_EOF] = "the end of the file", [HT_ERROR] = "an invalid token",
	[HT_NEWLINE] = "a newline", [HT_IDENT] = "an identifier", [HT_NUMBER] = "a number",
	[HT_OQUOTE] = "a string", [HT_HEREDOC] = "a heredoc",
	[HT_PLUS] = "'+'", [HT_MINUS] = "'-'", [HT_STAR] = "'*'", [HT_SLASH] = "'/'",
	[HT_PERCENT] = "'%'", [HT_AND] = "'&&'", [HT_OR] = "'||'", [HT_NOT] = "'!'",
	[HT_EQ] = "'=='", [HT_NE] = "'!='", [HT_LT] = "'<'", [HT_GT] = "'>'",
	[HT_LE] = "'<='", [HT_GE] = "'>='", [HT_ASSIGN] = "'='", [HT_COLON] = "':'",
	[HT_QUESTION] = "'?'", [HT_ARROW] = "'=>'", [HT_ELLIPSIS] = "'...'",
	[HT_DOT] = "'.'", [HT_COMMA] = "','", [HT_LBRACE] = "'{'", [HT_RBRACE] = "'}'",
	[HT_LBRACK] = "'['", [HT_RBRACK] = "']'", [HT_LPAREN] = "'('", [HT_RPAREN] = "')'",
	[HT_LIT] = "template text", [HT_INTERP] = "'${'", [HT_DIRECTIVE] = "'%{'",
	[HT_CQUOTE] = "the end of the string", [HT_HEREDOC_END] = "the end of the heredoc",
};

const char *
hcl_tok_name(HclTok k)
{
	return k < HT_COUNT && tok_names[k] ? tok_names[k] : "a token";
}

/* ---------------------------------------------------------- characters */

/* The code point at s[off] (valid UTF-8) and its length in bytes. */
static uint32_t
decode(const char *s, size_t off, int *n)
{
	const unsigned char *p = (const unsigned char *)s + off;
	if (p[0] < 0x80) {
		*n = 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		*n = 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if ((p[0] & 0xF0) == 0xE0) {
		*n = 3;
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	}
	*n = 4;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static size_t
encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

typedef struct Range { uint32_t lo, hi; } Range;

/*
 * Non-ASCII code points that are neither ID_Start nor ID_Continue: controls,
 * spaces, punctuation, symbols, arrows and box drawing, emoji, private use.
 * Everything else above U+007F is taken as a letter: a pragmatic stand-in
 * for the Unicode tables (grammar/hcl.ebnf).
 */
static const Range not_ident[] = {
	{ 0x0080, 0x00A9 }, { 0x00AB, 0x00B4 }, { 0x00B6, 0x00B9 }, { 0x00BB, 0x00BF },
	{ 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 }, { 0x02C2, 0x02C5 }, { 0x02D2, 0x02DF },
	{ 0x037E, 0x037E }, { 0x0387, 0x0387 }, { 0x055A, 0x055F }, { 0x0589, 0x058A },
	{ 0x05BE, 0x05BE }, { 0x0600, 0x060F }, { 0x061B, 0x061F }, { 0x066A, 0x066D },
	{ 0x06D4, 0x06D4 }, { 0x0964, 0x0965 }, { 0x0E3F, 0x0E3F }, { 0x1680, 0x1680 },
	{ 0x180E, 0x180E }, { 0x2000, 0x203E }, { 0x2041, 0x2053 }, { 0x2055, 0x206F },
	{ 0x20A0, 0x20CF }, { 0x2100, 0x2101 }, { 0x2103, 0x2106 }, { 0x2108, 0x2109 },
	{ 0x2114, 0x2114 }, { 0x2116, 0x2118 }, { 0x211E, 0x2123 }, { 0x2125, 0x2125 },
	{ 0x2127, 0x2127 }, { 0x2129, 0x2129 }, { 0x213A, 0x213B }, { 0x2140, 0x2144 },
	{ 0x214A, 0x214D }, { 0x214F, 0x215F }, { 0x2190, 0x2BFF }, { 0x2E00, 0x2E7F },
	{ 0x3000, 0x3004 }, { 0x3008, 0x3020 }, { 0x3030, 0x3030 }, { 0x303D, 0x303F },
	{ 0xD800, 0xF8FF }, { 0xFD3E, 0xFD3F }, { 0xFE10, 0xFE1F }, { 0xFE30, 0xFE32 },
	{ 0xFE35, 0xFE4C }, { 0xFE50, 0xFE6F }, { 0xFEFF, 0xFEFF }, { 0xFF01, 0xFF0F },
	{ 0xFF1A, 0xFF20 }, { 0xFF3B, 0xFF3E }, { 0xFF40, 0xFF40 }, { 0xFF5B, 0xFF65 },
	{ 0xFFF0, 0xFFFF }, { 0x1F000, 0x1FBFF }, { 0xE0000, 0x10FFFF },
};

/* Combining marks: ID_Continue but not ID_Start. */
static const Range marks[] = {
	{ 0x0300, 0x036F }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x20D0, 0x20FF },
	{ 0xFE20, 0xFE2F },
};

static bool
in_ranges(uint32_t cp, const Range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define NRANGES(t) (sizeof t / sizeof *t)

static bool
id_start(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
	return !in_ranges(cp, not_ident, NRANGES(not_ident)) && !in_ranges(cp, marks, NRANGES(marks));
}

static bool
id_continue(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
		    (cp >= '0' && cp <= '9') || cp == '-';
	return !in_ranges(cp, not_ident, NRANGES(not_ident));
}

/* Go's unicode.IsSpace, which HashiCorp's strip markers and "<<-" use. */
bool
hcl_is_space(uint32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
	case 0x205F: case 0x3000:
		return true;
	}
	return cp >= 0x2000 && cp <= 0x200A;
}

/* ------------------------------------------------------------ movement */

static inline int
peekc(const HclLexer *lx, size_t ahead)
{
	size_t i = lx->pos.off + ahead;
	return i < lx->len ? (unsigned char)lx->s[i] : -1;
}

/* Advance one byte, keeping line and column (columns count lead bytes). */
static inline void
bump(HclLexer *lx)
{
	unsigned char c = (unsigned char)lx->s[lx->pos.off++];
	if (c == '\n') {
		lx->pos.line++;
		lx->pos.col = 1;
	} else if ((c & 0xC0) != 0x80) {
		lx->pos.col++;
	}
}

static inline void
bump_n(HclLexer *lx, size_t n)
{
	while (n--)
		bump(lx);
}

/* Identifier = IdStart { IdContinue | "-" } ; length in bytes at `off`, 0 if none. */
static size_t
ident_len(const HclLexer *lx, size_t off)
{
	if (off >= lx->len)
		return 0;
	int n;
	uint32_t cp = decode(lx->s, off, &n);
	if (!id_start(cp))
		return 0;
	size_t i = off + (size_t)n;
	while (i < lx->len) {
		cp = decode(lx->s, i, &n);
		if (!id_continue(cp))
			break;
		i += (size_t)n;
	}
	return i - off;
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* NumericLit = decimal+ ("." decimal+)? (expmark decimal+)? ; */
static size_t
number_len(const HclLexer *lx)
{
	size_t i = lx->pos.off, n = lx->len;
	const char *s = lx->s;
	while (i < n && is_digit(s[i]))
		i++;
	if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
		i++;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < n && is_digit(s[j])) {
			while (j < n && is_digit(s[j]))
				j++;
			i = j;
		}
	}
	return i - lx->pos.off;
}

/*
 * Spaces, tabs, newlines and comments before a token.  Returns true when a
 * newline (or a line comment, which ends with one) was crossed.
 */
static bool
skip_space(HclLexer *lx)
{
	bool nl = false;
	for (;;) {
		int c = peekc(lx, 0);
		if (c == ' ' || c == '\t') {
			bump(lx);
		} else if (c == '\n') {
			bump(lx);
			nl = true;
		} else if (c == '\r' && peekc(lx, 1) == '\n') {
			bump_n(lx, 2);
			nl = true;
		} else if (c == '#' || (c == '/' && peekc(lx, 1) == '/')) {
			/* LineComment: up to, not including, the newline, which the loop takes */
			const char *end = memchr(lx->s + lx->pos.off, '\n', lx->len - lx->pos.off);
			size_t stop = end ? (size_t)(end - lx->s) : lx->len;
			while (lx->pos.off < stop)
				bump(lx);
			nl = true;
		} else if (c == '/' && peekc(lx, 1) == '*') {
			HclPos open = lx->pos;
			const char *s = lx->s + lx->pos.off + 2;
			const char *end = memmem(s, lx->len - lx->pos.off - 2, "*/", 2);
			if (!end) {
				Diag *d = hcl_syntax_error(lx, open, (HclPos){ open.off + 2, open.line, open.col + 2 },
				    "unterminated comment");
				if (d)
					diag_note(d, NULL, "close the comment with '*/'");
				bump_n(lx, lx->len - lx->pos.off);
				return nl;
			}
			bump_n(lx, (size_t)(end - (lx->s + lx->pos.off)) + 2);
		} else {
			return nl;
		}
	}
}

/* Punctuation, longest first within each leading character. */
static const struct Punct {
	const char *text;
	HclTok kind;
} puncts[] = {
	{ "...", HT_ELLIPSIS }, { "&&", HT_AND }, { "||", HT_OR }, { "==", HT_EQ },
	{ "!=", HT_NE }, { "<=", HT_LE }, { ">=", HT_GE }, { "=>", HT_ARROW },
	{ "+", HT_PLUS }, { "-", HT_MINUS }, { "*", HT_STAR }, { "/", HT_SLASH },
	{ "%", HT_PERCENT }, { "!", HT_NOT }, { "<", HT_LT }, { ">", HT_GT },
	{ "=", HT_ASSIGN }, { ":", HT_COLON }, { "?", HT_QUESTION }, { ".", HT_DOT },
	{ ",", HT_COMMA }, { "{", HT_LBRACE }, { "}", HT_RBRACE }, { "[", HT_LBRACK },
	{ "]", HT_RBRACK }, { "(", HT_LPAREN }, { ")", HT_RPAREN },
};

/* HeredocTemplate intro: ( "<<" | "<<-" ) Identifier Newline ; the newline is consumed. */
static HclToken
heredoc_intro(HclLexer *lx, HclToken t)
{
	size_t skip = 2;
	t.indent = peekc(lx, 2) == '-';
	if (t.indent)
		skip++;
	size_t n = ident_len(lx, lx->pos.off + skip);
	if (n == 0) {
		bump_n(lx, skip);
		Diag *d = hcl_syntax_error(lx, t.start, lx->pos, "expected a heredoc marker after '%s'",
		    t.indent ? "<<-" : "<<");
		if (d)
			diag_note(d, NULL, "a heredoc starts with '<<EOT' (or '<<-EOT') and a newline");
		t.kind = HT_ERROR;
		t.end = lx->pos;
		return t;
	}
	bump_n(lx, skip);
	t.text = lx->s + lx->pos.off;
	t.len = n;
	bump_n(lx, n);
	t.end = lx->pos;
	int c = peekc(lx, 0);
	if (c == '\r' && peekc(lx, 1) == '\n') {
		bump_n(lx, 2);
	} else if (c == '\n') {
		bump(lx);
	} else {
		Diag *d = hcl_syntax_error(lx, t.start, t.end,
		    "expected a newline after the heredoc marker '%.*s'", (int)n, t.text);
		if (d)
			diag_note(d, NULL, "the text of a heredoc starts on the line after '%s%.*s'",
			    t.indent ? "<<-" : "<<", (int)n, t.text);
		t.kind = HT_ERROR;
		return t;
	}
	t.kind = HT_HEREDOC;
	return t;
}

HclToken
hcl_lex_next(HclLexer *lx)
{
	HclToken t = { 0 };
	t.nl_before = skip_space(lx);
	t.start = lx->pos;
	int c = peekc(lx, 0);
	if (c < 0) {
		t.kind = HT_EOF;
		t.end = lx->pos;
		return t;
	}
	if (is_digit(c)) {
		t.kind = HT_NUMBER;
		t.text = lx->s + lx->pos.off;
		t.len = number_len(lx);
		bump_n(lx, t.len);
		t.end = lx->pos;
		return t;
	}
	size_t n = ident_len(lx, lx->pos.off);
	if (n) {
		t.kind = HT_IDENT;
		t.text = lx->s + lx->pos.off;
		t.len = n;
		bump_n(lx, n);
		t.end = lx->pos;
		return t;
	}
	if (c == '"') {
		bump(lx);
		t.kind = HT_OQUOTE;
		t.end = lx->pos;
		return t;
	}
	if (c == '<' && peekc(lx, 1) == '<')
		return heredoc_intro(lx, t);
	if (c == '~' && peekc(lx, 1) == '}') {
		bump_n(lx, 2);
		t.kind = HT_RBRACE;
		t.strip = true;
		t.end = lx->pos;
		return t;
	}
	for (size_t i = 0; i < sizeof puncts / sizeof *puncts; i++) {
		size_t k = strlen(puncts[i].text);
		if (lx->pos.off + k <= lx->len && memcmp(lx->s + lx->pos.off, puncts[i].text, k) == 0) {
			bump_n(lx, k);
			t.kind = puncts[i].kind;
			t.end = lx->pos;
			return t;
		}
	}
	/* an invalid character: report it and hand the parser an error token */
	int len;
	uint32_t cp = decode(lx->s, lx->pos.off, &len);
	bump_n(lx, (size_t)len);
	t.kind = HT_ERROR;
	t.end = lx->pos;
	Diag *d;
	if (cp >= 0x20 && cp < 0x7F)
		d = hcl_syntax_error(lx, t.start, t.end, "unexpected character '%c'", (int)cp);
	else if (cp == 0xFEFF)
		d = hcl_syntax_error(lx, t.start, t.end, "unexpected byte order mark (U+FEFF)");
	else
		d = hcl_syntax_error(lx, t.start, t.end, "unexpected character U+%04X", (unsigned)cp);
	if (d && cp == '\'')
		diag_note(d, NULL, "strings are quoted with '\"'");
	else if (d && cp == '$')
		diag_note(d, NULL, "'${...}' interpolation is written inside a quoted string");
	else if (d && cp == '\r')
		diag_note(d, NULL, "lines end with LF or CR LF, not a lone CR");
	return t;
}

/* ----------------------------------------------------------- templates */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One backslash escape of a quoted template at lx->pos (on the '\'); appends
 * the character it stands for to out and returns how many bytes it wrote.
 * A bad escape is reported and kept as written.
 */
static size_t
escape(HclLexer *lx, char *out)
{
	static const char simple[][2] = { { 'n', '\n' }, { 'r', '\r' }, { 't', '\t' },
		{ '"', '"' }, { '\\', '\\' } };
	HclPos at = lx->pos;
	int c = peekc(lx, 1);
	for (size_t i = 0; i < sizeof simple / sizeof *simple; i++)
		if (c == simple[i][0]) {
			bump_n(lx, 2);
			out[0] = simple[i][1];
			return 1;
		}
	if (c == 'u' || c == 'U') {
		int want = c == 'u' ? 4 : 8, got = 0;
		uint32_t cp = 0;
		while (got < want && hexval(peekc(lx, 2 + (size_t)got)) >= 0)
			cp = cp << 4 | (uint32_t)hexval(peekc(lx, 2 + (size_t)got++));
		if (got == want && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
			bump_n(lx, 2 + (size_t)want);
			return encode(cp, out);
		}
		bump_n(lx, 2 + (size_t)got);
		Diag *d = got < want ?
		    hcl_syntax_error(lx, at, lx->pos, "'\\%c' needs %d hexadecimal digits", c, want) :
		    hcl_syntax_error(lx, at, lx->pos, "'\\%c%.*s' is not a Unicode character", c, want,
			lx->s + at.off + 2);
		if (d)
			diag_note(d, NULL, "write '\\uNNNN' or '\\UNNNNNNNN' with a code point outside "
			    "U+D800-U+DFFF and at most U+10FFFF");
		size_t n = lx->pos.off - at.off;
		memcpy(out, lx->s + at.off, n);
		return n;
	}
	/* an unknown escape: keep the backslash and let the character be read normally */
	bump(lx);
	Diag *d;
	if (c >= 0x20 && c < 0x7F)
		d = hcl_syntax_error(lx, at, (HclPos){ at.off + 2, at.line, at.col + 2 },
		    "invalid escape sequence '\\%c'", c);
	else
		d = hcl_syntax_error(lx, at, lx->pos, "invalid escape sequence");
	if (d)
		diag_note(d, NULL, "the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN and \\UNNNNNNNN; "
		    "write '\\\\' for a backslash");
	out[0] = '\\';
	return 1;
}

/* "${" "%{" (and the escaped "$${" "%%{") at lx->pos + ahead */
static bool
seq_at(const HclLexer *lx, size_t ahead)
{
	int c = peekc(lx, ahead);
	return (c == '$' || c == '%') && peekc(lx, ahead + 1) == '{';
}

static bool
escaped_seq_at(const HclLexer *lx)
{
	int c = peekc(lx, 0);
	return (c == '$' || c == '%') && peekc(lx, 1) == c && peekc(lx, 2) == '{';
}

/* Is lx->pos at the heredoc's closing marker (after optional spaces and tabs)? */
static size_t
heredoc_end_len(const HclLexer *lx, const HclTemplate *t)
{
	size_t i = lx->pos.off;
	while (i < lx->len && (lx->s[i] == ' ' || lx->s[i] == '\t'))
		i++;
	if (i + t->marker_len > lx->len || memcmp(lx->s + i, t->marker, t->marker_len) != 0)
		return 0;
	size_t j = i + t->marker_len;
	if (j < lx->len && lx->s[j] != '\n' && !(lx->s[j] == '\r' && j + 1 < lx->len && lx->s[j + 1] == '\n'))
		return 0;
	return j - lx->pos.off;
}

/*
 * TemplateLiteral: the text up to the next sequence, the end of the template
 * or (in a heredoc) the end of the line, which is included: "<<-" and strip
 * markers work on the literals that begin lines.
 */
static HclToken
template_literal(HclLexer *lx, HclTemplate *t, HclToken tok)
{
	/* the literal's raw extent first, so the decoded copy is allocated once */
	size_t i = lx->pos.off, n = lx->len;
	const char *s = lx->s;
	for (;;) {
		if (i >= n)
			break;
		char c = s[i];
		if (t->heredoc) {
			if (c == '\n') {
				i++;
				break;
			}
		} else if (c == '"' || c == '\n' || (c == '\r' && i + 1 < n && s[i + 1] == '\n')) {
			break;
		} else if (c == '\\') {
			i += i + 1 < n && s[i + 1] != '\n' ? 2 : 1;
			continue;
		}
		if ((c == '$' || c == '%') && i + 1 < n) {
			if (s[i + 1] == '{')
				break;
			if (s[i + 1] == c && i + 2 < n && s[i + 2] == '{') {
				i += 3;
				continue;
			}
		}
		i++;
	}
	size_t raw = i - lx->pos.off;
	char *out = arena_alloc(lx->arena, raw + 1);
	size_t w = 0;
	while (lx->pos.off < i) {
		if (!t->heredoc && s[lx->pos.off] == '\\') {
			w += escape(lx, out + w);
		} else if (escaped_seq_at(lx)) {
			out[w++] = s[lx->pos.off];
			out[w++] = '{';
			bump_n(lx, 3);
		} else {
			out[w++] = s[lx->pos.off];
			bump(lx);
		}
	}
	/* an escape cannot run past the literal's end: a trailing '\' stops at the newline */
	out[w] = '\0';
	tok.kind = HT_LIT;
	tok.text = out;
	tok.len = w;
	tok.end = lx->pos;
	if (t->heredoc)
		t->line_start = w > 0 && out[w - 1] == '\n';
	return tok;
}

HclToken
hcl_lex_template(HclLexer *lx, HclTemplate *t)
{
	HclToken tok = { 0 };
	tok.start = lx->pos;
	int c = peekc(lx, 0);
	if (t->heredoc && t->line_start) {
		size_t n = heredoc_end_len(lx, t);
		if (n) {
			bump_n(lx, n);
			tok.kind = HT_HEREDOC_END;
			tok.end = lx->pos;
			return tok;
		}
	}
	if (c < 0 || (!t->heredoc && (c == '\n' || (c == '\r' && peekc(lx, 1) == '\n')))) {
		tok.kind = HT_ERROR;
		tok.end = lx->pos;
		Diag *d;
		if (t->heredoc) {
			d = hcl_syntax_error(lx, t->open, (HclPos){ t->open.off + 2, t->open.line, t->open.col + 2 },
			    "unterminated heredoc '%.*s'", (int)t->marker_len, t->marker);
			if (d)
				diag_note(d, NULL, "end the heredoc with a line holding only '%.*s'",
				    (int)t->marker_len, t->marker);
		} else {
			d = hcl_syntax_error(lx, t->open, (HclPos){ t->open.off + 1, t->open.line, t->open.col + 1 },
			    "unterminated string");
			if (d)
				diag_note(d, NULL, "close the string with '\"' on the same line; "
				    "write '\\n' for a newline, or use a heredoc");
		}
		return tok;
	}
	if (!t->heredoc && c == '"') {
		bump(lx);
		tok.kind = HT_CQUOTE;
		tok.end = lx->pos;
		return tok;
	}
	if (seq_at(lx, 0)) {
		tok.kind = c == '$' ? HT_INTERP : HT_DIRECTIVE;
		bump_n(lx, 2);
		if (peekc(lx, 0) == '~') {
			bump(lx);
			tok.strip = true;
		}
		tok.end = lx->pos;
		if (t->heredoc)
			t->line_start = false;
		return tok;
	}
	return template_literal(lx, t, tok);
}
