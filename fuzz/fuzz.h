/*
 * fuzz.h - shared by the libFuzzer targets: one arena and one diagnostics
 * run per input, freed at the end, so leaks and use-after-free show up.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include "karpgen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline SrcFile *
fuzz_begin(Arena **a, const uint8_t *data, size_t size, const char *name)
{
	*a = arena_new();
	diag_init(*a);
	return src_from_mem(*a, name, (const char *)data, size);
}

/*
 * Several input files in one fuzz input, in the shape `head` prints them:
 * each file begins with a line "==> NAME <==" (NAME picks the extension the
 * loader sniffs by); text before the first such line, or all of it when
 * there is none, is a file named `dflt`.  At most FUZZ_MAX_FILES files.
 * fuzz/run.sh bundles the testdata cases of several inputs this way.
 */
enum { FUZZ_MAX_FILES = 8 };

/* The next line "==> NAME <==" at or after p: its start, the name, and the text after it. */
static inline const char *
fuzz_header(const char *p, const char *end, const char *start, const char **name, size_t *len,
    const char **after)
{
	for (const char *h = p; (h = memmem(h, (size_t)(end - h), "==> ", 4)); h += 4) {
		if (h != start && h[-1] != '\n')
			continue;
		const char *nl = memchr(h, '\n', (size_t)(end - h));
		const char *eol = nl ? nl : end;
		if (eol - h < 8 || memcmp(eol - 4, " <==", 4) != 0)
			continue;
		*name = h + 4;
		*len = (size_t)(eol - 4 - *name);
		*after = nl ? nl + 1 : end;
		return h;
	}
	return NULL;
}

static inline int
fuzz_files(Arena *a, const uint8_t *data, size_t size, const char *dflt, SrcFile **out)
{
	const char *start = (const char *)data, *p = start, *end = start + size;
	const char *name = dflt;
	size_t len = strlen(dflt);
	bool named = false;
	int n = 0;
	while (n < FUZZ_MAX_FILES) {
		const char *hn, *after;
		size_t hl;
		const char *h = fuzz_header(p, end, start, &hn, &hl, &after);
		const char *stop = h ? h : end;
		/* text before the first header is a file only when there is some */
		if (named || stop > p || !h)
			out[n++] = src_from_mem(a, arena_strndup(a, name, len), p, (size_t)(stop - p));
		if (!h)
			break;
		name = hn;
		len = hl;
		named = true;
		p = after;
	}
	return n;
}

static inline void
fuzz_end(Arena *a)
{
	/* render every diagnostic too: the printers see hostile text and locations */
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER };
		diag_print(null, &o);
		o.format = FMT_SARIF;
		diag_print(null, &o);
		fclose(null);
	}
	diag_init(NULL);
	arena_free(a);
}
#endif
