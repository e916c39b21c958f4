/*
 * srcfile.c - whole-file reads and the offset -> line:col map.
 */
#include "karpgen.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int next_index;

/*
 * A mapped file's pages are given back (madvise) as each pass over the text
 * goes by, in pieces of this size: a pass over a 64 MiB file then holds one
 * piece, not the file (validate streams the documents of such a file).
 */
enum { PIECE = 1 << 20 };

void
src_release(const SrcFile *f, size_t upto)
{
	SrcFile *m = (SrcFile *)f;   /* what is resident is not part of the file's value */
	if (!f->mapped || upto > f->len)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), end = upto / page * page;
	if (end > f->released) {
		madvise((char *)f->text + f->released, end - f->released, MADV_DONTNEED);
		m->released = end;
	}
}

/* Start a new pass over the text: everything may be given back again. */
static void
src_rewind(const SrcFile *f)
{
	((SrcFile *)f)->released = 0;
}

static SrcFile *
src_index(Arena *a, SrcFile *f)
{
	/*
	 * The start of every LINE_STEP-th line: src_line() finds the others
	 * from there (a 64 MiB file of short lines costs 1 MiB, not 16).
	 * Lines are counted first so the table is allocated once; memchr is
	 * several times faster than a byte loop, and every input passes here.
	 */
	int n = 1;
	const char *end = f->text + f->len;
	src_rewind(f);
	for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		n++;
		if (f->mapped && (size_t)(p - f->text) >= f->released + PIECE)
			src_release(f, (size_t)(p - f->text));
	}
	uint32_t *off = arena_alloc(a, ((size_t)n / LINE_STEP + 1) * sizeof *off);
	int k = 0, line = 0;
	src_rewind(f);
	off[k++] = 0;
	for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		if (++line % LINE_STEP == 0)
			off[k++] = (uint32_t)(p - f->text + 1);
		if (f->mapped && (size_t)(p - f->text) >= f->released + PIECE)
			src_release(f, (size_t)(p - f->text));
	}
	src_release(f, f->len);
	src_rewind(f);
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
	src_index(a, f);
	diag_track_file(f);
	return f;
}

SrcFile *
src_map(Arena *a, const char *path)
{
	int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	/* small files, pipes, and what src_read() refuses (too large, a directory) go the usual way */
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < (1 << 20) ||
	    st.st_size > LIMIT_FILE_SIZE) {
		if (fd >= 0)
			close(fd);
		return src_read(a, path);
	}
	size_t len = (size_t)st.st_size, page = (size_t)sysconf(_SC_PAGESIZE);
	/* one page more than the file, left anonymous (zero): the text ends in a NUL like src_read()'s */
	size_t span = (len / page + 1) * page;
	char *base = mmap(NULL, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mmap(base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
		if (base != MAP_FAILED)
			munmap(base, span);
		close(fd);
		return src_read(a, path);
	}
	close(fd);
	SrcFile *f = arena_alloc(a, sizeof *f);
	f->name = arena_strdup(a, path);
	f->text = base;
	f->len = len;
	f->mapped = true;
	src_index(a, f);
	diag_track_file(f);
	return f;
}

const char *
src_find(const SrcFile *f, size_t from, const char *needle, size_t n)
{
	if (from > f->len || n == 0)
		return NULL;
	if (!f->mapped)
		return memmem(f->text + from, f->len - from, needle, n);
	/*
	 * A search is a pass of its own, beside the caller's (suppress.c looks
	 * for its marker in the middle of validate's stream of documents): the
	 * caller's mark is put back after it, or the stream's next pages would
	 * lie below a mark already at the end of the file and stay resident
	 * (50,000 EC2NodeClasses that each fire KG251 held the 55 MB file).
	 */
	size_t mark = f->released;
	const char *hit = NULL;
	if (from == 0)
		src_rewind(f);
	while (from < f->len && !hit) {
		/* pieces overlap by n - 1 bytes, so a match across two is found */
		size_t len = f->len - from > PIECE ? PIECE + n - 1 : f->len - from;
		if (len > f->len - from)
			len = f->len - from;
		hit = memmem(f->text + from, len, needle, n);
		from += len > PIECE ? PIECE : len;
		if (!hit)
			src_release(f, from);
	}
	((SrcFile *)f)->released = mark;
	return hit;
}

/* The start of 0-based line `l`: from the indexed line before it, on over the newlines between. */
size_t
src_line_start(const SrcFile *f, int l)
{
	size_t off = f->line_off[l / LINE_STEP];
	const char *end = f->text + f->len;
	for (int k = l % LINE_STEP; k > 0; k--) {
		const char *nl = memchr(f->text + off, '\n', (size_t)(end - (f->text + off)));
		off = (size_t)(nl - f->text) + 1;
	}
	return off;
}

static int
line_of(const SrcFile *f, size_t off)
{
	int lo = 0, hi = (f->nlines - 1) / LINE_STEP;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (f->line_off[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	int l = lo * LINE_STEP;
	size_t at = f->line_off[lo];
	const char *nl;
	while (l + 1 < f->nlines && (nl = memchr(f->text + at, '\n', off - at)) != NULL) {
		at = (size_t)(nl - f->text) + 1;
		l++;
	}
	return l;
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
	int l;
	size_t from;
	int c = 1;
	if (f->memo_col > 0 && off >= f->memo_off && !memchr(f->text + f->memo_off, '\n', off - f->memo_off)) {
		l = f->memo_line, from = f->memo_off, c = f->memo_col;
	} else {
		l = line_of(f, off);
		from = src_line_start(f, l);
	}
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
	size_t start = src_line_start(f, line - 1);
	const char *nl = line < f->nlines ? memchr(f->text + start, '\n', f->len - start) : NULL;
	size_t end = nl ? (size_t)(nl - f->text) : f->len;
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
	/*
	 * Two passes as before (a NUL anywhere is reported before bad UTF-8),
	 * each in pieces given back once checked (a mapped file); a piece of
	 * the UTF-8 pass ends before a character.
	 */
	src_rewind(f);
	for (size_t from = 0; from < n; from += PIECE) {
		size_t len = n - from > PIECE ? PIECE : n - from;
		const char *nul = memchr(f->text + from, '\0', len);
		if (nul) {
			size_t off = (size_t)(nul - f->text);
			Loc l = loc_at(f, off, off + 1);
			diag(KG103, &l, "NUL byte in '%s'", f->name);
			return false;
		}
		src_release(f, from + len);
	}
	src_rewind(f);
	for (size_t from = 0; from < n;) {
		size_t to = n - from > PIECE ? from + PIECE : n;
		while (to < n && (t[to] & 0xC0) == 0x80)
			to++;
		size_t bad;
		if (!utf8_valid(f->text + from, to - from, &bad)) {
			bad += from;
			Loc l = loc_at(f, bad, bad + 1);
			Diag *d = diag(KG103, &l, "invalid UTF-8 byte 0x%02X in '%s'", t[bad], f->name);
			diag_note(d, NULL, "karpgen reads UTF-8 text; convert the file, e.g. with 'iconv -t UTF-8'");
			return false;
		}
		src_release(f, to);
		from = to;
	}
	src_rewind(f);
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
