/*
 * fuzz.h - shared by the libFuzzer targets: one arena and one diagnostics
 * run per input, freed at the end, so leaks and use-after-free show up.
 */
#ifndef FUZZ_H
#define FUZZ_H
#include "karpgen.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline SrcFile *
fuzz_begin(Arena **a, const uint8_t *data, size_t size, const char *name)
{
	*a = arena_new();
	diag_init(*a);
	return src_from_mem(*a, name, (const char *)data, size);
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
