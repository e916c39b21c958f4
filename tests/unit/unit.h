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
#endif
