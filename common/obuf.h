/* SPDX-License-Identifier: MIT */
/*
 * obuf.h - a buffered writer on a file descriptor.
 *
 * Data output bypasses stdio: one large buffer flushed with write(2) is
 * what makes the writers fast (perf.md), and it lets us see EPIPE and
 * ENOSPC ourselves.  The first write error is kept in err (an errno value)
 * and every later put is a no-op, so callers check once, at the end, with
 * obuf_close().
 */
#ifndef IPT_OBUF_H
#define IPT_OBUF_H

#include <stddef.h>
#include <string.h>

struct obuf {
	int fd;
	char *buf;
	size_t len, cap;
	int err;		/* errno of the first failed write, or 0 */
};

/* Start writing to fd (not owned unless obuf_close() is asked to close it). */
void obuf_init(struct obuf *b, int fd);

/* Write out the buffer; returns 0 or -1 (b->err set). */
int obuf_flush(struct obuf *b);

/*
 * Flush, free the buffer and, when close_fd, close the descriptor.
 * Returns 0, or -1 with b->err set when any write or the close failed.
 */
int obuf_close(struct obuf *b, int close_fd);

void obuf_grow_put(struct obuf *b, const void *p, size_t n);

static inline void
obuf_put(struct obuf *b, const void *p, size_t n)
{
	if (b->cap - b->len >= n) {
		memcpy(b->buf + b->len, p, n);
		b->len += n;
		return;
	}
	obuf_grow_put(b, p, n);
}

static inline void
obuf_putc(struct obuf *b, char c)
{
	if (b->len < b->cap) {
		b->buf[b->len++] = c;
		return;
	}
	obuf_grow_put(b, &c, 1);
}

static inline void
obuf_puts(struct obuf *b, const char *s)
{
	obuf_put(b, s, strlen(s));
}

/* Decimal digits of v. */
void obuf_putll(struct obuf *b, long long v);

#endif
