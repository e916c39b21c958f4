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

/*
 * cmocka ends a test with longjmp() when an assertion fails or skip() is
 * called, but does not declare _fail() and _skip() noreturn: say so, so
 * that -Wnull-dereference (make DEVELOPER=1) knows no code runs after them.
 */
NORETURN void _fail(const char *const file, const int line);
NORETURN void _skip(const char *const file, const int line);
#endif
