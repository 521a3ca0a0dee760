/* SPDX-License-Identifier: MIT */
/*
 * tmpfd.h - temporary files for unit tests that drive readers and writers
 * through real descriptors.  Each helper exits with status 2 when the
 * system fails it (that is not a test failure).
 */
#ifndef IPT_TMPFD_H
#define IPT_TMPFD_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A descriptor reading n bytes of p (a deleted temporary file). */
static inline int
mem_fd(const void *p, size_t n)
{
	char path[] = "/tmp/ipt-unit.XXXXXX";
	int fd = mkstemp(path);
	const char *s = p;

	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	unlink(path);
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			perror("write");
			exit(2);
		}
		s += w;
		n -= (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		perror("lseek");
		exit(2);
	}
	return fd;
}

/* An empty temporary file to write to. */
static inline int
tmp_fd(void)
{
	return mem_fd("", 0);
}

/* Everything in fd from its start; NUL-terminated, caller frees. */
static inline char *
slurp(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);

	if (buf == NULL || lseek(fd, 0, SEEK_SET) != 0)
		exit(2);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				exit(2);
		}
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0) {
			perror("read");
			exit(2);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
