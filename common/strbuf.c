/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

void
strbuf_put(struct strbuf *b, const char *p, size_t n)
{
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->len < n + 1)
			cap *= 2;
		b->s = xreallocarray(b->s, cap, 1);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
strbuf_puts(struct strbuf *b, const char *s)
{
	strbuf_put(b, s, strlen(s));
}

void
strbuf_putl(struct strbuf *b, long v)
{
	char tmp[24];

	strbuf_put(b, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%ld", v));
}

void
strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	strbuf_put(b, "", 0);
}

void
strbuf_release(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
