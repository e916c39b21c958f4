/*
 * arena.c - one arena per run, and the malloc'd output buffer.
 *
 * Chunks are chained; a request larger than a chunk gets a chunk of its own.
 * arena_free() releases every chunk at once (chibicc, QBE, git mem-pool).
 *
 * Chunks are mapped, not malloc'd: fresh anonymous pages are zero, so an
 * allocation needs no memset, and a page the run never reaches costs nothing.
 * Each chunk is twice the one before (256 KiB up to 8 MiB), so a small run
 * stays small and a large one takes few page faults: chunks of 2 MiB and more
 * ask for transparent huge pages, one fault per 2 MiB instead of 512.
 */
#include "karpgen.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

enum {
	CHUNK_MIN = 256 << 10,
	CHUNK_MAX = 8 << 20,
	HUGE_PAGE = 2 << 20,
	ALIGN = _Alignof(max_align_t)
};

typedef struct Chunk {
	struct Chunk *next;
	size_t size, used, mapped;
	_Alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
	Chunk *head;
	size_t total;
	size_t next_size;       /* of the next regular chunk */
};

void
fatal_oom(void)
{
	fputs("karpgen: fatal error: out of memory\n", stderr);
	exit(2);
}

Arena *
arena_new(void)
{
	Arena *a = calloc(1, sizeof *a);
	if (!a)
		fatal_oom();
	a->next_size = CHUNK_MIN;
	return a;
}

void
arena_free(Arena *a)
{
	if (!a)
		return;
	for (Chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		munmap(c, c->mapped);
	}
	free(a);
}

/* A zeroed chunk with room for `want` bytes. */
static Chunk *
chunk_new(size_t want)
{
	if (want > SIZE_MAX - sizeof(Chunk) - HUGE_PAGE)
		fatal_oom();
	size_t len = (sizeof(Chunk) + want + 4095) & ~(size_t)4095;
	void *p;
	if (len >= HUGE_PAGE) {
		/* a huge page needs a 2 MiB-aligned address: map more, unmap the ends */
		len = (len + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
		char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw == MAP_FAILED)
			fatal_oom();
		char *al = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
		if (al > raw)
			munmap(raw, (size_t)(al - raw));
		if (al + len < raw + len + HUGE_PAGE)
			munmap(al + len, (size_t)(raw + len + HUGE_PAGE - (al + len)));
		p = al;
#ifdef MADV_HUGEPAGE
		(void)madvise(p, len, MADV_HUGEPAGE);   /* a hint: refused is fine */
#endif
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			fatal_oom();
	}
	Chunk *c = p;
	c->mapped = len;
	c->size = len - sizeof(Chunk);
	c->used = 0;
	return c;
}

void *
arena_alloc(Arena *a, size_t size)
{
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
	Chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		if (size > a->next_size / 4) {
			/* a big block goes behind the current chunk, which keeps its free space */
			Chunk *n = chunk_new(size);
			n->used = size;
			a->total += size;
			if (c) {
				n->next = c->next;
				c->next = n;
			} else {
				n->next = NULL;
				a->head = n;
			}
			return n->data;
		}
		Chunk *n = chunk_new(a->next_size);
		if (a->next_size < CHUNK_MAX)
			a->next_size *= 2;
		n->next = c;
		a->head = c = n;
	}
	void *p = c->data + c->used;
	c->used += size;
	a->total += size;
	return p;
}

void *
arena_realloc(Arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(a, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		fatal_oom();
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
	/* format straight into the current chunk's free space: one pass when it fits */
	Chunk *c = a->head;
	size_t room = c ? c->size - c->used : 0;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? (char *)c->data + c->used : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < room)
		return arena_alloc(a, (size_t)n + 1);   /* the same bytes, now owned */
	if (room)
		memset(c->data + c->used, 0, room);     /* the arena's free space stays zero */
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* a, then sep, then b: the "path.key" that diagnostics name, without printf. */
char *
arena_join(Arena *a, const char *x, const char *sep, const char *y)
{
	size_t nx = strlen(x), ns = strlen(sep), ny = strlen(y);
	char *p = arena_alloc(a, nx + ns + ny + 1);
	memcpy(p, x, nx);
	memcpy(p + nx, sep, ns);
	memcpy(p + nx + ns, y, ny + 1);
	return p;
}

char *
arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const Arena *a)
{
	return a->total;
}

/*
 * For scratch arenas filled and dropped in rounds (the kit's NodePools):
 * the current chunk is kept, zeroed where it was used, so that the next
 * round reuses pages already mapped instead of faulting in fresh ones.
 */
void
arena_reset(Arena *a)
{
	Chunk *keep = a->head;
	if (!keep)
		return;
	for (Chunk *c = keep->next, *next; c; c = next) {
		next = c->next;
		munmap(c, c->mapped);
	}
	memset(keep->data, 0, keep->used);
	keep->used = 0;
	keep->next = NULL;
	a->total = 0;
}

static void
buf_reserve(Buf *b, size_t n)
{
	if (b->cap - b->len > n)
		return;
	size_t nc = b->cap ? b->cap : 256;
	while (nc - b->len <= n) {
		if (nc > SIZE_MAX / 2)
			fatal_oom();
		nc *= 2;
	}
	char *p = realloc(b->s, nc);
	if (!p)
		fatal_oom();
	b->s = p;
	b->cap = nc;
}

void
buf_add(Buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(Buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n >= 0) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	}
	va_end(ap);
}

void
buf_free(Buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* ---------------------------------------------------------------- SMap */

/* FNV-1a: short keys (names, YAML anchors, HCL attribute names) hash well. */
static uint32_t
smap_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of `k`: its own, or the empty one where it would go (cap > 0). */
static int
smap_find(const SMap *m, const char *k)
{
	uint32_t mask = (uint32_t)m->cap - 1, j = smap_hash(k) & mask;
	while (m->key[j] && strcmp(m->key[j], k) != 0)
		j = (j + 1) & mask;
	return (int)j;
}

void *
smap_get(const SMap *m, const char *k)
{
	if (!m->cap)
		return NULL;
	int j = smap_find(m, k);
	return m->key[j] ? m->val[j] : NULL;
}

void
smap_put(Arena *a, SMap *m, const char *k, void *v)
{
	/* at most half full, so a probe always ends at an empty slot */
	if (2 * (m->n + 1) > m->cap) {
		SMap nm = { 0 };
		nm.cap = m->cap ? 2 * m->cap : 16;
		nm.key = arena_alloc(a, (size_t)nm.cap * sizeof *nm.key);
		nm.val = arena_alloc(a, (size_t)nm.cap * sizeof *nm.val);
		for (int i = 0; i < m->cap; i++)
			if (m->key[i]) {
				int j = smap_find(&nm, m->key[i]);
				nm.key[j] = m->key[i];
				nm.val[j] = m->val[i];
			}
		nm.n = m->n;
		*m = nm;
	}
	int j = smap_find(m, k);
	if (!m->key[j]) {
		m->key[j] = k;
		m->n++;
	}
	m->val[j] = v;
}

void
smap_clear(SMap *m)
{
	if (m->n)
		memset(m->key, 0, (size_t)m->cap * sizeof *m->key);
	m->n = 0;
}

const char *
expr_brief(Arena *a, const char *expr)
{
	enum { MAX = 60 };
	Buf b = { 0 };
	bool space = false, cut = false;
	for (const char *p = expr ? expr : ""; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = b.len > 0;
			continue;
		}
		if (b.len >= MAX) {
			cut = true;
			break;
		}
		if (space)
			buf_add(&b, " ", 1);
		space = false;
		buf_add(&b, p, 1);
	}
	if (cut)
		buf_puts(&b, "...");
	char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}
