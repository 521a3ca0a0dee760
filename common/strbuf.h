/* SPDX-License-Identifier: MIT */
/*
 * strbuf.h - a growable, always NUL-terminated string.
 *
 * Initialise with STRBUF_INIT (or zero it); the buffer is owned by the
 * struct and freed by strbuf_release().  strbuf_reset() keeps the memory,
 * so one strbuf reused per record does not allocate on the hot path.
 * Allocation failure exits (xalloc.h).
 */
#ifndef IPT_STRBUF_H
#define IPT_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *s;		/* NULL until the first put */
	size_t len, cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_put(struct strbuf *b, const char *p, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putl(struct strbuf *b, long v);
/* Empty the string ("" afterwards, never NULL). */
void strbuf_reset(struct strbuf *b);
void strbuf_release(struct strbuf *b);

#endif
