/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

static void *
check(void *p)
{
	if (p == NULL)
		diag_fatal(EXIT_INTERNAL, "out of memory");
	return p;
}

void *
xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		diag_fatal(EXIT_INTERNAL, "out of memory");
	size_t total = n * size;

	return check(realloc(p, total > 0 ? total : 1));
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const void *p, size_t n)
{
	char *s = xmalloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
