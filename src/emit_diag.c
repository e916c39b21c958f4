/*
 * emit_diag.c - the diagnostics of a run as bytes: text as gcc prints them
 * (with the source line and a caret), GitHub workflow commands, the
 * Markdown of REPORT.md; JSON and SARIF through emit_json.c, which owns
 * jansson.  Printed once, sorted by input file and position, then one
 * summary line (text) or one document (json, sarif), through a buffer of
 * 64 KiB writes (bench/diag-flood.sh).
 */
#include "karpgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const sev_name[] = { "note", "warning", "error" };

/* ------------------------------------------------------------ text format */

enum { C_RESET, C_BOLD, C_NOTE, C_WARN, C_ERR, C_CARET };
static const char *const ansi[] = {
	"\033[0m", "\033[1m", "\033[1;36m", "\033[1;35m", "\033[1;31m", "\033[1;32m",
};

static bool use_color;

static const char *
col(int c)
{
	return use_color ? ansi[c] : "";
}

/* A C1 control (U+0080-U+009F: CSI, NEL ...), which a terminal obeys. */
static bool
c1_control(uint32_t cp)
{
	return cp >= 0x80 && cp < 0xA0;
}

/*
 * Text from the inputs (a name in a message, a file name) as a terminal
 * shows it safely, as git quotes paths: C0 and C1 controls, DEL and invalid
 * UTF-8 escaped ('\n', '\033', '\u009b', '\xff'), so that an escape
 * sequence in an input cannot move the cursor, recolour or retitle the
 * terminal, or hide a line of the report.  Backslashes stay as they are.
 */
static void
put_text(FILE *out, const char *s)
{
	static const char named[] = { ['\n'] = 'n', ['\t'] = 't', ['\r'] = 'r' };
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned char ch = *p;
		uint32_t cp;
		size_t k = utf8_decode((const char *)p, strnlen((const char *)p, 4), &cp);
		if (k == 1) {
			if (ch >= 0x20 && ch != 0x7f)
				fputc(ch, out);
			else if (ch < sizeof named && named[ch])
				fprintf(out, "\\%c", named[ch]);
			else
				fprintf(out, "\\%03o", ch);
			p++;
		} else if (k > 1) {
			if (c1_control(cp))
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(p, 1, k, out);
			p += k;
		} else {
			fprintf(out, "\\x%02x", ch);
			p++;
		}
	}
}

static void
print_where(FILE *out, const Loc *l)
{
	if (!l->file) {
		fprintf(out, "%skarpgen:%s ", col(C_BOLD), col(C_RESET));
		return;
	}
	fputs(col(C_BOLD), out);
	put_text(out, l->file->name);
	if (l->line > 0)
		fprintf(out, ":%d:%d:%s ", l->line, l->col, col(C_RESET));
	else
		fprintf(out, ":%s ", col(C_RESET));
}

/*
 * The source line with a caret under the range, as gcc prints it.  Tabs are
 * kept so the caret lines up; control characters (C0, C1) and invalid bytes
 * are shown as '?', and very long lines are cut around the column.
 */
/* Where print_excerpt() last found a column (reset by diag_print()). */
static struct {
	const char *line;
	size_t off;
	int col;
} col_cache;

static void
print_excerpt(FILE *out, const Loc *l)
{
	if (!l->file || l->line < 1 || l->line > l->file->nlines)
		return;
	size_t len;
	const char *s = src_line(l->file, l->line, &len);
	/* byte offset of the column; diagnostics come sorted, so going on from
	 * the last one on the same line keeps a flood on one long line linear */
	size_t start = 0;
	int c = 1;
	if (s == col_cache.line && l->col >= col_cache.col && col_cache.off <= len)
		start = col_cache.off, c = col_cache.col;
	for (; start < len && c < l->col; start++)
		if (((unsigned char)s[start + 1] & 0xC0) != 0x80)
			c++;
	col_cache.line = s, col_cache.off = start, col_cache.col = c;
	enum { WIDE = 160 };
	size_t from = start > WIDE / 2 ? start - WIDE / 2 : 0;
	size_t to = len - from > WIDE ? from + WIDE : len;
	while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
		from++;
	while (to < len && ((unsigned char)s[to] & 0xC0) == 0x80)
		to++;
	fprintf(out, "%5d | %s", l->line, from ? "..." : "");
	for (size_t i = from; i < to;) {
		unsigned char ch = (unsigned char)s[i];
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (k == 1) {
			fputc(ch == '\t' || (ch >= 0x20 && ch != 0x7f) ? ch : '?', out);
			i++;
		} else if (k > 1 && !c1_control(cp)) {
			fwrite(s + i, 1, k, out);
			i += k;
		} else {
			/* an invalid byte: never copied to a terminal or a log raw */
			fputc('?', out);
			i++;
		}
	}
	fputs(to < len ? "...\n" : "\n", out);
	fprintf(out, "      | %s", from ? "   " : "");
	int width = 0;
	for (size_t i = from; i < start; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch & 0xC0) != 0x80)
			fputc(ch == '\t' ? '\t' : ' ', out);
	}
	int endc = (l->end_line == l->line && l->end_col > l->col) ? l->end_col : l->col + 1;
	width = endc - l->col;
	if (width > WIDE)
		width = WIDE;
	fputs(col(C_CARET), out);
	fputc('^', out);
	for (int i = 1; i < width; i++)
		fputc('~', out);
	fprintf(out, "%s\n", col(C_RESET));
}

static void
print_text(FILE *out, Diag *const *d, int n, const DiagOutput *o)
{
	static const int sev_color[] = { C_NOTE, C_WARN, C_ERR };
	for (int i = 0; i < n; i++) {
		const Diag *g = d[i];
		print_where(out, &g->loc);
		fprintf(out, "%s%s:%s ", col(sev_color[g->sev]), sev_name[g->sev], col(C_RESET));
		put_text(out, g->msg);
		fprintf(out, " [%s %s]\n", rule_table[g->rule].id, rule_table[g->rule].name);
		print_excerpt(out, &g->loc);
		for (int k = 0; k < g->notes.n; k++) {
			const DiagNote *nt = &g->notes.v[k];
			if (nt->loc.file)
				print_where(out, &nt->loc);
			else
				print_where(out, &g->loc);
			fprintf(out, "%snote:%s ", col(C_NOTE), col(C_RESET));
			put_text(out, nt->msg);
			fputc('\n', out);
			if (nt->loc.file)
				print_excerpt(out, &nt->loc);
		}
	}
	if (diag_cut_total()) {
		/* what the caps cut, by rule: the counts below include it */
		fprintf(out, "%skarpgen:%s %snote:%s %d more diagnostic%s not shown (", col(C_BOLD), col(C_RESET),
		    col(C_NOTE), col(C_RESET), diag_cut_total(), diag_cut_total() == 1 ? "" : "s");
		const char *sep = "";
		for (int r = 0; r < RULE_COUNT; r++)
			if (diag_cut((RuleId)r)) {
				fprintf(out, "%s%s: %d", sep, rule_table[r].id, diag_cut((RuleId)r));
				sep = ", ";
			}
		fputs("); '--max-diagnostics 0' shows every one\n", out);
	}
	if (o->quiet)
		return;
	int ne = diag_count(SEV_ERROR), nw = diag_count(SEV_WARNING), nn = diag_count(SEV_NOTE);
	fprintf(out, "%d error%s, %d warning%s, %d note%s\n", ne, ne == 1 ? "" : "s",
	    nw, nw == 1 ? "" : "s", nn, nn == 1 ? "" : "s");
}

/* ---------------------------------------------------------- github format */

/* GitHub workflow commands: '%', CR and LF escaped in data, plus ':' and ',' in properties. */
static void
gh_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': fputs(property ? "%3A" : ":", out); break;
		case ',': fputs(property ? "%2C" : ",", out); break;
		default: fputc(*s, out);
		}
	}
}

static void
print_github(FILE *out, Diag *const *d, int n, const DiagOutput *o)
{
	static const char *const cmd[] = { "notice", "warning", "error" };
	for (int i = 0; i < n; i++) {
		const Diag *g = d[i];
		fprintf(out, "::%s ", cmd[g->sev]);
		if (g->loc.file) {
			fputs("file=", out);
			gh_escape(out, g->loc.file->name, true);
			if (g->loc.line > 0) {
				fprintf(out, ",line=%d,col=%d", g->loc.line, g->loc.col);
				if (g->loc.end_line > 0)
					fprintf(out, ",endLine=%d,endColumn=%d", g->loc.end_line, g->loc.end_col);
			}
			fputc(',', out);
		}
		fputs("title=", out);
		gh_escape(out, rule_table[g->rule].id, true);
		fputc(' ', out);
		gh_escape(out, rule_table[g->rule].name, true);
		fputs("::", out);
		gh_escape(out, g->msg, false);
		for (int k = 0; k < g->notes.n; k++) {
			const DiagNote *nt = &g->notes.v[k];
			fputs("%0Anote: ", out);
			if (nt->loc.file && nt->loc.line > 0) {
				gh_escape(out, nt->loc.file->name, false);
				fprintf(out, ":%d:%d: ", nt->loc.line, nt->loc.col);
			}
			gh_escape(out, nt->msg, false);
		}
		fputc('\n', out);
	}
	(void)o;
}

/*
 * The stream diag_print() writes through.  stderr is unbuffered: printed to
 * it character by character, 50,000 diagnostics cost 1.4 million write(2)
 * calls.  A stream of our own on a duplicate of the descriptor, fully
 * buffered, writes the same bytes in 64 KiB pieces; `out` is flushed first,
 * and shares the descriptor's offset, so the order of the output is kept.
 * A stream without a descriptor (a memory stream) is written as it is.
 */
static FILE *
buffered(FILE *out)
{
	fflush(out);
	int fd = fileno(out);
	int nfd = fd >= 0 ? dup(fd) : -1;
	FILE *f = nfd >= 0 ? fdopen(nfd, "w") : NULL;
	if (!f) {
		if (nfd >= 0)
			close(nfd);
		return out;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	return f;
}

void
diag_print(FILE *to, const DiagOutput *o)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	memset(&col_cache, 0, sizeof col_cache);
	FILE *out = buffered(to);
	switch (o->format) {
	case FMT_TEXT:
		{
			/* no-color.org: NO_COLOR set and not empty; TERM=dumb has no escapes; an explicit --color wins */
			const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
			use_color = o->color == COLOR_ALWAYS || (o->color == COLOR_AUTO &&
			    !(nc && *nc) && !(term && strcmp(term, "dumb") == 0) && isatty(fileno(to)));
		}
		print_text(out, d, n, o);
		break;
	case FMT_GITHUB:
		print_github(out, d, n, o);
		break;
	case FMT_JSON:
		diag_print_json(out, d, n);
		break;
	case FMT_SARIF:
		diag_print_sarif(out, d, n, o);
		break;
	}
	/* a report that did not reach its reader (a full disk, /dev/full) is an I/O error: exit 2 */
	errno = 0;
	bool failed = ferror(out) != 0;
	failed |= (out != to ? fclose(out) : fflush(out)) != 0;
	if (failed) {
		diag_set_fatal();
		fprintf(stderr, "karpgen: error: cannot write the diagnostics%s%s [KG100 input-unreadable]\n",
		    errno ? ": " : "", errno ? strerror(errno) : "");
	}
}

/* ------------------------------------------------------- REPORT.md format */

/* `FILE:LINE:COL` (or `FILE`) and a space, as a Markdown code span */
static void
md_loc(Buf *b, const Loc *l)
{
	Buf w = { 0 };
	buf_puts(&w, l->file->name);
	if (l->line > 0)
		buf_printf(&w, ":%d:%d", l->line, l->col);
	md_escape(b, w.s, true);
	buf_puts(b, " ");
	buf_free(&w);
}

char *
diag_markdown(void)
{
	int n;
	Diag *const *d = diag_sorted(&n);
	Buf b = { 0 };
	if (n == 0)
		buf_puts(&b, "No diagnostics.\n");
	for (int i = 0; i < n; i++) {
		const Diag *g = d[i];
		buf_puts(&b, "- ");
		/* names from the inputs are in the messages and file names: md_escape(), as all the kit's Markdown */
		if (g->loc.file) {
			md_loc(&b, &g->loc);
		}
		buf_printf(&b, "**%s** ", sev_name[g->sev]);
		md_escape(&b, g->msg, false);
		buf_printf(&b, " [%s %s]\n", rule_table[g->rule].id, rule_table[g->rule].name);
		for (int k = 0; k < g->notes.n; k++) {
			const DiagNote *nt = &g->notes.v[k];
			buf_puts(&b, "  - note: ");
			if (nt->loc.file && nt->loc.line > 0) {
				md_loc(&b, &nt->loc);
			}
			md_escape(&b, nt->msg, false);
			buf_puts(&b, "\n");
		}
	}
	return b.s;
}

/*
 * Markdown text, for the diagnostics' Markdown format and every Markdown file of
 * the kit (REPORT.md, terraform/README.md): here, below both, so that the
 * printers of the diagnostics call nothing above them.
 */
void
md_escape(Buf *b, const char *s, bool code)
{
	if (code)
		buf_add(b, "`", 1);
	for (size_t i = 0, n = s ? strlen(s) : 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (k == 1 && (c < 0x20 || c == 0x7f)) {
			buf_add(b, " ", 1);  /* a line break would end the item, cell or span */
		} else if (k == 1 && c == '|') {
			buf_add(b, "\\|", 2);  /* GFM splits a table row on it, even in code */
		} else if (k == 1 && c == '`') {
			buf_add(b, code ? "'" : "\\`", code ? 1 : 2);  /* a backtick would end the span */
		} else if (k == 1 && !code && strchr("*<>", c)) {
			buf_add(b, "\\", 1);
			buf_add(b, s + i, 1);
		} else if (k >= 1 && i + k <= n && (k == 1 || utf8_valid(s + i, k, NULL))) {
			buf_add(b, s + i, k);
		} else {
			buf_add(b, "?", 1);
			k = 1;
		}
		i += k;
	}
	if (code)
		buf_add(b, "`", 1);
}
