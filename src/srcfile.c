/*
 * srcfile.c - whole-file reads and the offset -> line:col map.
 */
#include "karpgen.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int next_index;

static SrcFile *
src_index(Arena *a, SrcFile *f)
{
	/* count lines first so the offset table is allocated once; memchr is
	 * several times faster than a byte loop, and every input passes here */
	int n = 1;
	const char *end = f->text + f->len;
	for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	uint32_t *off = arena_alloc(a, (size_t)n * sizeof *off);
	int k = 0;
	off[k++] = 0;
	for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		off[k++] = (uint32_t)(p - f->text + 1);
	f->line_off = off;
	f->nlines = n;
	f->index = next_index++;
	return f;
}

SrcFile *
src_from_mem(Arena *a, const char *name, const char *text, size_t len)
{
	SrcFile *f = arena_alloc(a, sizeof *f);
	f->name = arena_strdup(a, name);
	f->text = arena_strndup(a, text, len);
	f->len = len;
	return src_index(a, f);
}

static SrcFile *
too_large(const Loc *where, const char *path, FILE *fp)
{
	diag(KG102, where, "'%s' is larger than the %d MiB input limit", path, LIMIT_FILE_SIZE >> 20);
	if (fp != stdin)
		fclose(fp);
	return NULL;
}

SrcFile *
src_read(Arena *a, const char *path)
{
	/* diagnostics about the file itself carry its name and no line */
	SrcFile *stub = arena_alloc(a, sizeof *stub);
	stub->name = arena_strdup(a, path);
	stub->text = "";
	stub->index = next_index;
	Loc where = { .file = stub };
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp) {
		diag(KG100, &where, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	bool have_st = fp != stdin && fstat(fileno(fp), &st) == 0;
	if (have_st && S_ISDIR(st.st_mode)) {
		diag(KG100, &where, "cannot read '%s': %s", path, strerror(EISDIR));
		fclose(fp);
		return NULL;
	}
	/*
	 * read in pieces so that pipes and growing files are bounded too; a
	 * regular file gets its size at once, so nothing is copied and a run
	 * over thousands of small files (validate on a repository) costs what
	 * they hold, not 64 KiB each
	 */
	size_t cap = 1 << 16, len = 0;
	if (have_st && S_ISREG(st.st_mode) && st.st_size > LIMIT_FILE_SIZE)
		return too_large(&where, path, fp);  /* refused before reading: memory stays small */
	if (have_st && S_ISREG(st.st_mode) && st.st_size >= 0)
		cap = (size_t)st.st_size + 1;
	char *buf = arena_alloc(a, cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap >= LIMIT_FILE_SIZE)
				return too_large(&where, path, fp);
			size_t nc = cap * 2 > LIMIT_FILE_SIZE ? LIMIT_FILE_SIZE : cap * 2;
			buf = arena_realloc(a, buf, len, nc + 1);
			cap = nc;
		}
		size_t got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0) {
			if (ferror(fp)) {
				diag(KG100, &where, "cannot read '%s': %s", path, strerror(errno));
				if (fp != stdin)
					fclose(fp);
				return NULL;
			}
			break;
		}
	}
	if (fp != stdin)
		fclose(fp);
	buf[len] = '\0';
	SrcFile *f = arena_alloc(a, sizeof *f);
	f->name = arena_strdup(a, path);
	f->text = buf;
	f->len = len;
	return src_index(a, f);
}

static int
line_of(const SrcFile *f, size_t off)
{
	int lo = 0, hi = f->nlines - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (f->line_off[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

void
src_linecol(const SrcFile *f, size_t off, int *line, int *col)
{
	if (off > f->len)
		off = f->len;
	/*
	 * Columns count characters from the start of the line.  Callers mostly ask
	 * in increasing order, so the count goes on from the last answer when it is
	 * on the same line: on a long line (a generated type text, a minified file)
	 * each answer costs what lies between, not the whole line again.
	 */
	SrcFile *memo = (SrcFile *)f;   /* the memo is not part of the file's value */
	int l = line_of(f, off);
	size_t from = f->line_off[l];
	int c = 1;
	if (f->memo_col > 0 && l == f->memo_line && off >= f->memo_off)
		from = f->memo_off, c = f->memo_col;
	for (size_t i = from; i < off; i++)
		if (((unsigned char)f->text[i] & 0xC0) != 0x80)
			c++;
	memo->memo_off = off, memo->memo_line = l, memo->memo_col = c;
	*line = l + 1;
	*col = c;
}

const char *
src_line(const SrcFile *f, int line, size_t *len)
{
	if (line < 1 || line > f->nlines) {
		*len = 0;
		return "";
	}
	size_t start = f->line_off[line - 1];
	size_t end = line < f->nlines ? f->line_off[line] - 1 : f->len;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return f->text + start;
}

size_t
src_col_offset(const char *s, size_t len, int col)
{
	size_t off = 0;
	for (int k = 1; k < col && off < len; k++) {
		off++;
		while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

Loc
loc_at(const SrcFile *f, size_t off, size_t end_off)
{
	Loc l = { .file = f };
	src_linecol(f, off, &l.line, &l.col);
	src_linecol(f, end_off, &l.end_line, &l.end_col);
	return l;
}

/*
 * The one UTF-8 decoder: the code point at s[0, n) and its length in bytes,
 * or 0 (and U+FFFD) for what UTF-8 forbids - a stray continuation byte, a
 * cut or overlong sequence, a surrogate, anything over U+10FFFF.
 */
size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	*cp = 0xFFFD;
	if (n == 0)
		return 0;
	unsigned c = p[0];
	size_t k;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		k = 1, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		k = 2, min = 0x800, c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		k = 3, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	uint32_t v = c;
	for (size_t j = 1; j <= k; j++) {
		if (j >= n || (p[j] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[j] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return k + 1;
}

bool
utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: most input is ASCII */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k) {
			if (bad_off)
				*bad_off = i;
			return false;
		}
		i += k;
	}
	return true;
}

/*
 * Front-ends read UTF-8 text.  A UTF-16 file (PowerShell's '>' writes one)
 * shows up as a BOM or as NUL bytes in every other position; say so instead
 * of pointing at the first NUL.
 */
bool
src_check_text(const SrcFile *f)
{
	const unsigned char *t = (const unsigned char *)f->text;
	size_t n = f->len;
	bool bom = n >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF));
	bool le = n >= 4 && t[0] && !t[1] && t[2] && !t[3];
	bool be = n >= 4 && !t[0] && t[1] && !t[2] && t[3];
	if (bom || le || be) {
		Loc l = loc_at(f, 0, 0);
		Diag *d = diag(KG103, &l, "'%s' is UTF-16 text, not UTF-8", f->name);
		diag_note(d, NULL, "convert it first, e.g. 'iconv -f UTF-16 -t UTF-8' "
		    "(PowerShell's '>' writes UTF-16; use 'Out-File -Encoding utf8')");
		return false;
	}
	const char *nul = memchr(f->text, '\0', n);
	if (nul) {
		size_t off = (size_t)(nul - f->text);
		Loc l = loc_at(f, off, off + 1);
		diag(KG103, &l, "NUL byte in '%s'", f->name);
		return false;
	}
	size_t bad;
	if (!utf8_valid(f->text, n, &bad)) {
		Loc l = loc_at(f, bad, bad + 1);
		Diag *d = diag(KG103, &l, "invalid UTF-8 byte 0x%02X in '%s'", t[bad], f->name);
		diag_note(d, NULL, "karpgen reads UTF-8 text; convert the file, e.g. with 'iconv -t UTF-8'");
		return false;
	}
	return true;
}

/* A file embedded in the binary at build time (templates/, data/iam/). */
const EmbeddedText *
embedded_text(const char *path)
{
	for (const EmbeddedText *e = embedded_texts; e->path; e++)
		if (strcmp(e->path, path) == 0)
			return e;
	return NULL;
}
