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
	[HT_OQUOTE] = "'\"'", [HT_HEREDOC] = "a heredoc",
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

/* The code point at s[off] and its length in bytes (at least 1: the file is valid UTF-8). */
static uint32_t
decode(const HclLexer *lx, size_t off, int *n)
{
	uint32_t cp;
	size_t k = utf8_decode(lx->s + off, lx->len - off, &cp);
	*n = k ? (int)k : 1;
	return cp;
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

/* ASCII character classes, one table for the lexer's hot loops. */
enum { C_START = 1, C_CONT = 2, C_TSPECIAL = 4 };

static const unsigned char cclass[128] = {
	['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3, ['H'] = 3,
	['I'] = 3, ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3, ['O'] = 3, ['P'] = 3,
	['Q'] = 3, ['R'] = 3, ['S'] = 3, ['T'] = 3, ['U'] = 3, ['V'] = 3, ['W'] = 3, ['X'] = 3,
	['Y'] = 3, ['Z'] = 3, ['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3,
	['g'] = 3, ['h'] = 3, ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3,
	['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3, ['t'] = 3, ['u'] = 3, ['v'] = 3,
	['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3, ['_'] = 3,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2,
	['8'] = 2, ['9'] = 2, ['-'] = 2,
	/* what may end or interrupt a template literal */
	['"'] = C_TSPECIAL, ['\\'] = C_TSPECIAL, ['\n'] = C_TSPECIAL, ['\r'] = C_TSPECIAL,
	['$'] = C_TSPECIAL, ['%'] = C_TSPECIAL,
};

static bool
id_start(uint32_t cp)
{
	if (cp < 0x80)
		return cclass[cp] & C_START;
	return !in_ranges(cp, not_ident, NRANGES(not_ident)) && !in_ranges(cp, marks, NRANGES(marks));
}

static bool
id_continue(uint32_t cp)
{
	if (cp < 0x80)
		return cclass[cp] & C_CONT;
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

/*
 * Move to byte offset `to` (>= the current one), keeping line and column:
 * columns count the bytes that start a character.  Locals, so the loop does
 * not store the position through lx at every byte.
 */
static void
move_to(HclLexer *lx, size_t to)
{
	const unsigned char *s = (const unsigned char *)lx->s, *p = s + lx->pos.off, *e = s + to;
	int line = lx->pos.line, col = lx->pos.col;
	for (; p < e; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col += (*p & 0xC0) != 0x80;
		}
	}
	lx->pos = (HclPos){ (uint32_t)to, line, col };
}

static inline void
bump_n(HclLexer *lx, size_t n)
{
	move_to(lx, lx->pos.off + n);
}

static inline void
bump(HclLexer *lx)
{
	move_to(lx, lx->pos.off + 1);
}

/* Identifier = IdStart { IdContinue | "-" } ; length in bytes at `off`, 0 if none. */
static size_t
ident_len(const HclLexer *lx, size_t off)
{
	if (off >= lx->len)
		return 0;
	const unsigned char *s = (const unsigned char *)lx->s;
	int n;
	size_t i = off;
	if (s[i] < 0x80) {
		if (!(cclass[s[i]] & C_START))
			return 0;
		i++;
	} else {
		if (!id_start(decode(lx, i, &n)))
			return 0;
		i += (size_t)n;
	}
	while (i < lx->len) {
		if (s[i] < 0x80) {
			if (!(cclass[s[i]] & C_CONT))
				break;
			i++;
		} else {
			if (!id_continue(decode(lx, i, &n)))
				break;
			i += (size_t)n;
		}
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
		/*
		 * Runs of spaces, tabs and newlines first, on a pointer: the text
		 * ends with a NUL (SrcFile), which stops the loop like any other
		 * byte that is not white space.
		 */
		const char *s = lx->s, *p = s + lx->pos.off, *line = NULL;
		for (;;) {
			if (*p == ' ' || *p == '\t') {
				p++;
			} else if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
				p += *p == '\n' ? 1 : 2;
				line = p;
				lx->pos.line++;
			} else {
				break;
			}
		}
		/* spaces and tabs are one column each; the position is stored whole */
		int col = line ? (int)(p - line) + 1 : lx->pos.col + (int)(p - (s + lx->pos.off));
		if (line)
			nl = true;
		lx->pos = (HclPos){ (uint32_t)(p - s), lx->pos.line, col };
		int c = peekc(lx, 0);
		if (c == '#' || (c == '/' && peekc(lx, 1) == '/')) {
			/* LineComment: up to, not including, the newline, which the loop takes */
			const char *end = memchr(lx->s + lx->pos.off, '\n', lx->len - lx->pos.off);
			move_to(lx, end ? (size_t)(end - lx->s) : lx->len);
			nl = true;
		} else if (c == '/' && peekc(lx, 1) == '*') {
			HclPos open = lx->pos;
			const char *from = lx->s + lx->pos.off + 2;
			const char *end = memmem(from, lx->len - lx->pos.off - 2, "*/", 2);
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

/* Operators and delimiters: the token at lx->pos and its length, HT_EOF if none. */
static HclTok
punct(const HclLexer *lx, size_t *len)
{
	int c = peekc(lx, 0), d = peekc(lx, 1);
	*len = 2;
	switch (c) {
	case '&': return d == '&' ? HT_AND : HT_EOF;
	case '|': return d == '|' ? HT_OR : HT_EOF;
	case '=': if (d == '=') return HT_EQ; if (d == '>') return HT_ARROW; break;
	case '!': if (d == '=') return HT_NE; break;
	case '<': if (d == '=') return HT_LE; break;
	case '>': if (d == '=') return HT_GE; break;
	case '.':
		if (d == '.' && peekc(lx, 2) == '.') {
			*len = 3;
			return HT_ELLIPSIS;
		}
		break;
	}
	*len = 1;
	switch (c) {
	case '+': return HT_PLUS;
	case '-': return HT_MINUS;
	case '*': return HT_STAR;
	case '/': return HT_SLASH;
	case '%': return HT_PERCENT;
	case '!': return HT_NOT;
	case '<': return HT_LT;
	case '>': return HT_GT;
	case '=': return HT_ASSIGN;
	case ':': return HT_COLON;
	case '?': return HT_QUESTION;
	case '.': return HT_DOT;
	case ',': return HT_COMMA;
	case '{': return HT_LBRACE;
	case '}': return HT_RBRACE;
	case '[': return HT_LBRACK;
	case ']': return HT_RBRACK;
	case '(': return HT_LPAREN;
	case ')': return HT_RPAREN;
	}
	return HT_EOF;
}

/*
 * HeredocTemplate intro: ( "<<" | "<<-" ) Identifier Newline ; the newline is
 * consumed.  A space before the marker or text after it is reported and
 * passed over, so that the heredoc's own lines are not read as HCL.
 */
static void
heredoc_intro(HclLexer *lx, HclToken *t)
{
	const char *intro = peekc(lx, 2) == '-' ? "<<-" : "<<";
	size_t skip = strlen(intro), sp = 0;
	t->indent = skip == 3;
	while (peekc(lx, skip + sp) == ' ' || peekc(lx, skip + sp) == '\t')
		sp++;
	size_t n = ident_len(lx, lx->pos.off + skip + sp);
	bump_n(lx, skip);
	if (n == 0) {
		Diag *d = hcl_syntax_error(lx, t->start, lx->pos, "expected a heredoc marker after '%s'", intro);
		if (d)
			diag_note(d, NULL, "a heredoc starts with '<<EOT' (or '<<-EOT') and a newline");
		t->kind = HT_ERROR;
		t->end = lx->pos;
		return;
	}
	if (sp) {
		HclPos at = lx->pos;
		bump_n(lx, sp);
		Diag *d = hcl_syntax_error(lx, at, lx->pos, "space between '%s' and the heredoc marker", intro);
		if (d)
			diag_note(d, NULL, "write the marker right after '%s', as in '%sEOT'", intro, intro);
	}
	t->text = lx->s + lx->pos.off;
	t->len = n;
	bump_n(lx, n);
	t->end = lx->pos;
	t->kind = HT_HEREDOC;
	int c = peekc(lx, 0);
	if (c == '\r' && peekc(lx, 1) == '\n') {
		bump_n(lx, 2);
	} else if (c == '\n') {
		bump(lx);
	} else {
		Diag *d = hcl_syntax_error(lx, t->start, t->end,
		    "expected a newline after the heredoc marker '%.*s'", (int)n, t->text);
		if (d)
			diag_note(d, NULL, "the text of a heredoc starts on the line after '%s%.*s'",
			    intro, (int)n, t->text);
		const char *nl = memchr(lx->s + lx->pos.off, '\n', lx->len - lx->pos.off);
		bump_n(lx, nl ? (size_t)(nl - (lx->s + lx->pos.off)) + 1 : lx->len - lx->pos.off);
	}
	return;
}

/*
 * The next expression token, into *t.  Positions are kept in a local and
 * stored whole: a struct read back right after its fields were stored one
 * by one waits for those stores (on every token).
 */
void
hcl_lex_scan(HclLexer *lx, HclToken *t)
{
	*t = (HclToken){ .nl_before = skip_space(lx) };
	HclPos pos = lx->pos;
	t->start = pos;
	int c = peekc(lx, 0);
	if (c < 0) {
		t->kind = HT_EOF;
		t->end = pos;
		return;
	}
	if (is_digit(c)) {
		t->kind = HT_NUMBER;
		t->text = lx->s + pos.off;
		t->len = number_len(lx);
		pos.off += (uint32_t)t->len;        /* ASCII, on one line */
		pos.col += (int)t->len;
		lx->pos = pos;
		t->end = pos;
		return;
	}
	if (c < 0x80 && (cclass[c] & C_START)) {
		/* an ASCII identifier, the usual case: no decoding, columns are bytes */
		const unsigned char *u = (const unsigned char *)lx->s;
		size_t i = pos.off + 1;
		while (i < lx->len && u[i] < 0x80 && (cclass[u[i]] & C_CONT))
			i++;
		if (i == lx->len || u[i] < 0x80) {
			t->kind = HT_IDENT;
			t->text = lx->s + pos.off;
			t->len = i - pos.off;
			pos.col += (int)t->len;
			pos.off = (uint32_t)i;
			lx->pos = pos;
			t->end = pos;
			return;
		}
	}
	/* non-ASCII, or an ASCII start that goes on with non-ASCII characters */
	size_t n = c >= 0x80 || (cclass[c] & C_START) ? ident_len(lx, pos.off) : 0;
	if (n) {
		t->kind = HT_IDENT;
		t->text = lx->s + pos.off;
		t->len = n;
		bump_n(lx, n);
		t->end = lx->pos;
		return;
	}
	if (c == '"') {
		pos.off++;
		pos.col++;
		lx->pos = pos;
		t->kind = HT_OQUOTE;
		t->end = pos;
		return;
	}
	if (c == '<' && peekc(lx, 1) == '<') {
		heredoc_intro(lx, t);
		return;
	}
	if (c == '~' && peekc(lx, 1) == '}') {
		pos.off += 2;
		pos.col += 2;
		lx->pos = pos;
		t->kind = HT_RBRACE;
		t->strip = true;
		t->end = pos;
		return;
	}
	size_t k;
	HclTok pk = punct(lx, &k);
	if (pk != HT_EOF) {
		pos.off += (uint32_t)k;             /* ASCII, on one line */
		pos.col += (int)k;
		lx->pos = pos;
		t->kind = pk;
		t->end = pos;
		return;
	}
	/* an invalid character: report it and hand the parser an error token */
	int len;
	uint32_t cp = decode(lx, pos.off, &len);
	bump_n(lx, (size_t)len);
	t->kind = HT_ERROR;
	t->end = lx->pos;
	Diag *d;
	if (cp >= 0x20 && cp < 0x7F)
		d = hcl_syntax_error(lx, t->start, t->end, "unexpected character '%c'", (int)cp);
	else if (cp == 0xFEFF)
		d = hcl_syntax_error(lx, t->start, t->end, "unexpected byte order mark (U+FEFF)");
	else
		d = hcl_syntax_error(lx, t->start, t->end, "unexpected character U+%04X", (unsigned)cp);
	if (d && cp == '\'')
		diag_note(d, NULL, "strings are quoted with '\"'");
	else if (d && cp == '$')
		diag_note(d, NULL, "'${...}' interpolation is written inside a quoted string");
	else if (d && cp == '\r')
		diag_note(d, NULL, "lines end with LF or CR LF, not a lone CR");
}

HclToken
hcl_lex_next(HclLexer *lx)
{
	HclToken t;
	hcl_lex_scan(lx, &t);
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
	out[0] = '\\';
	if (c < 0 || c == '\n' || c == '\r')
		return 1;       /* a backslash at the end of the line: the string is unterminated */
	Diag *d;
	if (c >= 0x20 && c < 0x7F)
		d = hcl_syntax_error(lx, at, (HclPos){ at.off + 2, at.line, at.col + 2 },
		    "invalid escape sequence '\\%c'", c);
	else
		d = hcl_syntax_error(lx, at, lx->pos, "invalid escape sequence");
	if (d)
		diag_note(d, NULL, "the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN and \\UNNNNNNNN; "
		    "write '\\\\' for a backslash");
	return 1;
}

/* "${" "%{" (and the escaped "$${" "%%{") at lx->pos + ahead */
static bool
seq_at(const HclLexer *lx, size_t ahead)
{
	int c = peekc(lx, ahead);
	return (c == '$' || c == '%') && peekc(lx, ahead + 1) == '{';
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
static void
template_literal(HclLexer *lx, HclTemplate *t, HclToken *tok)
{
	/* the literal's raw extent first, so the decoded copy is allocated once */
	size_t i = lx->pos.off, n = lx->len;
	const char *s = lx->s;
	bool plain = true;      /* no escape: the text is the source */
	for (;;) {
		while (i < n && ((unsigned char)s[i] >= 0x80 || !(cclass[(unsigned char)s[i]] & C_TSPECIAL)))
			i++;
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
			plain = false;
			continue;
		}
		if ((c == '$' || c == '%') && i + 1 < n) {
			if (s[i + 1] == '{')
				break;
			if (s[i + 1] == c && i + 2 < n && s[i + 2] == '{') {
				i += 3;
				plain = false;
				continue;
			}
		}
		i++;
	}
	size_t raw = i - lx->pos.off;
	char *out = arena_alloc(lx->arena, raw + 1);
	size_t w = 0, j = lx->pos.off;
	if (plain) {
		memcpy(out, s + j, raw);
		w = raw;
		j = i;
	}
	while (j < i) {
		char c = s[j];
		if (!t->heredoc && c == '\\') {
			/* escapes report at their position: bring the lexer there */
			move_to(lx, j);
			w += escape(lx, out + w);
			j = lx->pos.off;
		} else if ((c == '$' || c == '%') && j + 2 < n && s[j + 1] == c && s[j + 2] == '{') {
			out[w++] = c;
			out[w++] = '{';
			j += 3;
		} else {
			out[w++] = c;
			j++;
		}
	}
	move_to(lx, i);
	/* an escape cannot run past the literal's end: a trailing '\' stops at the newline */
	out[w] = '\0';
	tok->kind = HT_LIT;
	tok->text = out;
	tok->len = w;
	tok->end = lx->pos;
	if (t->heredoc)
		t->line_start = w > 0 && out[w - 1] == '\n';
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
	template_literal(lx, t, &tok);
	return tok;
}
