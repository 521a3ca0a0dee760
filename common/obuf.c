/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "obuf.h"
#include "xalloc.h"

#define OBUF_SIZE (256 * 1024)

void
obuf_init(struct obuf *b, int fd)
{
	b->fd = fd;
	b->cap = OBUF_SIZE;
	b->buf = xmalloc(b->cap);
	b->len = 0;
	b->err = 0;
}

static int
write_all(struct obuf *b, const char *p, size_t n)
{
	while (n > 0 && b->err == 0) {
		ssize_t w = write(b->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			b->err = errno;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return b->err ? -1 : 0;
}

int
obuf_flush(struct obuf *b)
{
	int r = 0;

	if (b->len > 0 && b->err == 0)
		r = write_all(b, b->buf, b->len);
	b->len = 0;
	return b->err ? -1 : r;
}

void
obuf_grow_put(struct obuf *b, const void *p, size_t n)
{
	obuf_flush(b);
	if (n >= b->cap) {
		write_all(b, p, n);
		return;
	}
	memcpy(b->buf, p, n);
	b->len = n;
}

void
obuf_putll(struct obuf *b, long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
	    : (unsigned long long)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		tmp[--i] = '-';
	obuf_put(b, tmp + i, sizeof(tmp) - i);
}

int
obuf_close(struct obuf *b, int close_fd)
{
	obuf_flush(b);
	free(b->buf);
	b->buf = NULL;
	b->cap = 0;
	if (close_fd && close(b->fd) != 0 && b->err == 0)
		b->err = errno;
	return b->err ? -1 : 0;
}
