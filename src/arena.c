/*
 * arena.c - one arena per run, and the malloc'd output buffer.
 *
 * Chunks are chained; a request larger than a chunk gets a chunk of its own.
 * arena_free() releases every chunk at once (chibicc, QBE, git mem-pool).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK_SIZE = 256 << 10, ALIGN = _Alignof(max_align_t) };

typedef struct Chunk {
	struct Chunk *next;
	size_t size, used;
	_Alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
	Chunk *head;
	size_t total;
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
	return a;
}

void
arena_free(Arena *a)
{
	if (!a)
		return;
	for (Chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *
arena_alloc(Arena *a, size_t size)
{
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
	Chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
		if (want > SIZE_MAX - sizeof(Chunk))
			fatal_oom();
		Chunk *n = malloc(sizeof(Chunk) + want);
		if (!n)
			fatal_oom();
		n->size = want;
		n->used = 0;
		if (want != CHUNK_SIZE && c) {
			/* a big block goes behind the current chunk, which keeps its free space */
			n->next = c->next;
			c->next = n;
			n->used = size;
			a->total += size;
			memset(n->data, 0, size);
			return n->data;
		}
		n->next = c;
		a->head = c = n;
	}
	void *p = c->data + c->used;
	c->used += size;
	a->total += size;
	memset(p, 0, size);
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
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
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
