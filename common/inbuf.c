/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inbuf.h"
#include "xalloc.h"

#define INBUF_CHUNK (256 * 1024)

void
inbuf_init(struct inbuf *b, int fd)
{
	memset(b, 0, sizeof(*b));
	b->fd = fd;
	b->cap = INBUF_CHUNK;
	b->buf = xmalloc(b->cap + 1);
}

void
inbuf_release(struct inbuf *b)
{
	if (b->fd > 0)
		close(b->fd);
	free(b->buf);
	b->buf = NULL;
}

int
inbuf_fill(struct inbuf *b, size_t min_free)
{
	if (b->eof)
		return 0;
	if (b->pos > 0) {
		memmove(b->buf, b->buf + b->pos, b->end - b->pos);
		b->end -= b->pos;
		b->pos = 0;
	}
	if (min_free < INBUF_CHUNK / 2)
		min_free = INBUF_CHUNK / 2;
	if (b->cap - b->end < min_free) {
		size_t cap = b->cap;

		while (cap - b->end < min_free)
			cap *= 2;
		b->buf = xreallocarray(b->buf, cap + 1, 1);
		b->cap = cap;
	}
	for (;;) {
		ssize_t n = read(b->fd, b->buf + b->end, b->cap - b->end);

		if (n > 0) {
			b->end += (size_t)n;
			return 1;
		}
		if (n == 0) {
			b->eof = true;
			return 0;
		}
		if (errno != EINTR) {
			b->err = errno;
			return -1;
		}
	}
}
