/* SPDX-License-Identifier: MIT */
/*
 * inbuf.h - a growable read buffer over a file descriptor.
 *
 * Unconsumed bytes are buf[pos..end).  inbuf_fill() moves them to the
 * front, grows the buffer when it is full, and reads more.  Pointers into
 * buf are invalidated by inbuf_fill(); keep offsets relative to pos.
 */
#ifndef IPT_INBUF_H
#define IPT_INBUF_H

#include <stdbool.h>
#include <stddef.h>

struct inbuf {
	int fd;
	char *buf;
	size_t cap, pos, end;
	bool eof;
	int err;		/* errno of a failed read, or 0 */
};

/* Take fd (closed by inbuf_release unless it is 0). */
void inbuf_init(struct inbuf *b, int fd);
void inbuf_release(struct inbuf *b);

/*
 * Read more input.  Returns 1 when bytes were added, 0 at end of input,
 * -1 on a read error (b->err set).  min_free asks for at least that much
 * room before reading (the buffer grows to make it).
 */
int inbuf_fill(struct inbuf *b, size_t min_free);

#endif
