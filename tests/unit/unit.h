/* SPDX-License-Identifier: MIT */
/*
 * unit.h - a minimal table-driven test harness for common/.
 *
 * Each tests/unit/test_*.c is one program.  CHECK() records a failure with
 * its file and line and goes on; unit_done() prints the closing line
 * "<name>: N passed, N failed" and returns the exit status (0 when none
 * failed).  No test is ever skipped.
 */
#ifndef IPT_UNIT_H
#define IPT_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond) unit_check((cond), #cond, __FILE__, __LINE__, "")
#define CHECKF(cond, ...) do { \
	char unit_msg_[512]; \
	snprintf(unit_msg_, sizeof(unit_msg_), __VA_ARGS__); \
	unit_check((cond), #cond, __FILE__, __LINE__, unit_msg_); \
} while (0)
#define CHECK_STR(got, want) unit_check_str((got), (want), __FILE__, __LINE__)
#define CHECK_INT(got, want) unit_check_int((long long)(got), \
	(long long)(want), #got, __FILE__, __LINE__)

static inline void
unit_check(int ok, const char *expr, const char *file, int line,
    const char *msg)
{
	if (ok) {
		unit_pass++;
		return;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: check failed: %s %s\n", file, line, expr, msg);
}

static inline void
unit_check_str(const char *got, const char *want, const char *file, int line)
{
	if (got != NULL && want != NULL && strcmp(got, want) == 0) {
		unit_pass++;
		return;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: got '%s', want '%s'\n", file, line,
	    got ? got : "(null)", want ? want : "(null)");
}

static inline void
unit_check_int(long long got, long long want, const char *expr,
    const char *file, int line)
{
	if (got == want) {
		unit_pass++;
		return;
	}
	unit_fail++;
	fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", file, line, expr,
	    got, want);
}

static inline int
unit_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
