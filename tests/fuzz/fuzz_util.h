/* SPDX-License-Identifier: MIT */
/*
 * fuzz_util.h - shared helpers for the libFuzzer harnesses (tests/fuzz/).
 *
 * Included by exactly one harness per binary: everything is static.
 *
 * - fz_fail(): an invariant failed.  The message goes to the real stderr
 *   (a descriptor saved before libFuzzer's -close_fd_mask can close it),
 *   then abort(), which libFuzzer turns into a crash artifact.
 * - fz_input(): the input as a file, the way production reads: an
 *   unlinked temporary file rewritten for every input, handed to
 *   inbuf_init() as a fresh descriptor at offset 0.
 * - __wrap_diag_fatal(): build.sh links with -Wl,--wrap=diag_fatal, so an
 *   internal error or an out-of-memory exit inside common/ aborts (a
 *   finding with an artifact) instead of _Exit()ing silently.
 */
#ifndef IPT_FUZZ_UTIL_H
#define IPT_FUZZ_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fz_err_fd = 2;

__attribute__((format(printf, 1, 2), noreturn)) static void
fz_fail(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof(msg) - 2)
		n = (int)sizeof(msg) - 2;
	msg[n++] = '\n';
	if (write(fz_err_fd, "fuzz: invariant violated: ", 26) < 0 ||
	    write(fz_err_fd, msg, (size_t)n) < 0) {
		/* nothing more to do: abort anyway */
	}
	abort();
}

#define FZ_CHECK(cond)							\
	do {								\
		if (!(cond))						\
			fz_fail("%s:%d: %s", __FILE__, __LINE__, #cond);	\
	} while (0)

_Noreturn void __wrap_diag_fatal(enum exit_status st, const char *fmt, ...);

_Noreturn void
__wrap_diag_fatal(enum exit_status st, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fz_fail("diag_fatal(%d) called: %s", (int)st, msg);
}

/* Once, from LLVMFuzzerInitialize: keep a handle on the real stderr. */
__attribute__((unused)) static void
fz_init(void)
{
	int fd = dup(2);

	if (fd >= 0) {
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		fz_err_fd = fd;
	}
	diag_init("fuzz");
	diag_set_quiet(true);
}

/* An unlinked temporary file, open read-write. */
__attribute__((unused)) static int
fz_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/ipt-fuzz-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		fz_fail("mkstemp '%s': %s", path, strerror(errno));
	unlink(path);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* Replace the contents of fd with p[0..n) and rewind it. */
__attribute__((unused)) static void
fz_rewrite(int fd, const void *p, size_t n)
{
	const char *s = p;
	size_t off = 0;

	if (ftruncate(fd, 0) != 0)
		fz_fail("ftruncate: %s", strerror(errno));
	while (off < n) {
		ssize_t w = pwrite(fd, s + off, n - off, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fz_fail("pwrite: %s", strerror(errno));
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		fz_fail("lseek: %s", strerror(errno));
}

/*
 * A new descriptor reading the temporary file from offset 0, for
 * inbuf_init() (which closes it in inbuf_release()).  dup() shares the
 * offset with fd, so fd must have been rewound (fz_rewrite does).
 */
__attribute__((unused)) static int
fz_reader_fd(int fd)
{
	int r;

	if (lseek(fd, 0, SEEK_SET) != 0)
		fz_fail("lseek: %s", strerror(errno));
	r = dup(fd);
	if (r <= 0)
		fz_fail("dup: %s", strerror(errno));
	return r;
}

/* Physical lines of p[0..n): LF, CRLF and CR each end one (io.md 3). */
__attribute__((unused)) static uint64_t
fz_lines(const uint8_t *p, size_t n)
{
	uint64_t lines = 1;

	for (size_t i = 0; i < n; i++)
		if (p[i] == '\r' || (p[i] == '\n' && (i == 0 || p[i - 1] != '\r')))
			lines++;
	return lines;
}

/*
 * raw[0..len) must occur in the input at or after *from (records come in
 * order); on success *from moves to the match's start plus one.
 */
__attribute__((unused)) static void
fz_check_raw(const uint8_t *in, size_t size, const char *raw, size_t len,
    size_t *from)
{
	FZ_CHECK(len <= size);
	FZ_CHECK(raw != NULL || len == 0);
	if (len == 0)
		return;
	for (size_t off = *from; off + len <= size; off++) {
		if (in[off] == (uint8_t)raw[0] && memcmp(in + off, raw, len) == 0) {
			*from = off + 1;
			return;
		}
	}
	fz_fail("record raw text (%zu bytes) is not in the input after "
	    "offset %zu", len, *from);
}

/* What every resolved record must look like, whatever its source. */
__attribute__((unused)) static void
fz_check_fields(const struct record *r)
{
	FZ_CHECK(r->n <= r->cap);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];

		FZ_CHECK(f->name != NULL);
		FZ_CHECK(f->val != NULL);
		FZ_CHECK(f->val[f->len] == '\0');
		FZ_CHECK(f->kind <= VK_RAW);
		if (f->kind == VK_NULL)
			FZ_CHECK(f->len == 0);
		/* accepted values hold no NUL and valid UTF-8 (io.md 3, 4) */
		FZ_CHECK(utf8_valid_nonul(f->val, f->len));
		FZ_CHECK(utf8_valid_nonul(f->name, f->nlen));
	}
}

#endif
