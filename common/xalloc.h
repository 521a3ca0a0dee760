/* SPDX-License-Identifier: MIT */
/*
 * xalloc.h - allocation that cannot fail from the caller's point of view.
 *
 * On exhaustion these print "PROG: out of memory" and exit with status 70
 * (internal error): no tool can carry on meaningfully without memory, and
 * a partial output must never end with status 0.
 */
#ifndef IPT_XALLOC_H
#define IPT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* Like realloc(p, n * size), checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n);	/* adds a terminating NUL */

#endif
