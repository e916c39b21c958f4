/*
 * unit.h - what every cmocka unit test includes: cmocka's own headers in the
 * order it requires, and the internal header.
 */
#ifndef UNIT_H
#define UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "karpgen.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * cmocka ends a test with longjmp() when an assertion fails or skip() is
 * called, but does not declare _fail() and _skip() noreturn: say so, so
 * that -Wnull-dereference (make DEVELOPER=1) knows no code runs after them.
 */
NORETURN void _fail(const char *const file, const int line);
NORETURN void _skip(const char *const file, const int line);

/*
 * A test that needs ../shared (the corpus, the reference) and finds it
 * absent: skipped outside CI, failed under it (KARPGEN_CI, which .ci/run
 * exports, or CI), as tests/corpus.sh does for the shell suites: a skip
 * there would hide the check behind a green run.
 */
static inline NORETURN void
shared_absent(const char *path)
{
	const char *vars[] = { getenv("KARPGEN_CI"), getenv("CI") };
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
		if (vars[i] && *vars[i] && strcmp(vars[i], "0") != 0 && strcasecmp(vars[i], "false") != 0)
			fail_msg("%s is absent, and this is CI: the check did not run; put it at ../shared", path);
	print_message("skipped: %s is absent\n", path);
	skip();
}
#endif
