/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct diag_counts diag_count;

static const char *prog = "ipt";
static bool quiet, stats;
static unsigned warned_reject, warned_flag;
static uint64_t hidden;
static unsigned seen;		/* bit per condition, see cond_bit() */
static char extra[128];
static char summary[256];	/* diag_set_summary(); "" for the standard one */

/* Exit statuses in the order io.md gives for "the first wins". */
static const enum exit_status precedence[] = {
	EXIT_USAGE, EXIT_CANTCREAT, EXIT_IO, EXIT_INTERNAL, EXIT_DATA,
	EXIT_NOINPUT, EXIT_SOME
};
#define NPREC (sizeof(precedence) / sizeof(precedence[0]))

static unsigned
cond_bit(enum exit_status st)
{
	for (unsigned i = 0; i < NPREC; i++)
		if (precedence[i] == st)
			return 1u << i;
	return 1u << 3;		/* unknown status: treat as internal */
}

void
diag_init(const char *name)
{
	prog = name;
}

const char *
diag_prog(void)
{
	return prog;
}

void
diag_set_quiet(bool q)
{
	quiet = q;
}

void
diag_set_stats(bool s)
{
	stats = s;
}

void
diag_status(enum exit_status st)
{
	if (st != EXIT_OK)
		seen |= cond_bit(st);
}

static void vmsg(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
static void capped(unsigned *count, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
diag_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

/* Print one capped warning; *count is this kind's printed count. */
static void
capped(unsigned *count, const char *fmt, va_list ap)
{
	if (quiet)
		return;
	if (*count >= DIAG_WARN_CAP) {
		hidden++;
		return;
	}
	(*count)++;
	vmsg(fmt, ap);
}

void
diag_warn_reject(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	capped(&warned_reject, fmt, ap);
	va_end(ap);
}

void
diag_warn_flag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	capped(&warned_flag, fmt, ap);
	va_end(ap);
}

void
diag_fatal(enum exit_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fflush(stderr);
	_Exit(st);
}

void
diag_set_summary_extra(const char *s)
{
	snprintf(extra, sizeof(extra), "%s", s ? s : "");
}

void
diag_reset(void)
{
	memset(&diag_count, 0, sizeof(diag_count));
	warned_reject = warned_flag = 0;
	hidden = 0;
	seen = 0;
	extra[0] = '\0';
	summary[0] = '\0';
}

void
diag_set_summary(const char *s)
{
	snprintf(summary, sizeof(summary), "%s", s ? s : "");
}

int
diag_exit_status(void)
{
	unsigned bits = seen;

	if (diag_count.rejected > 0 || diag_count.flagged > 0)
		bits |= cond_bit(EXIT_SOME);
	for (unsigned i = 0; i < NPREC; i++)
		if (bits & (1u << i))
			return precedence[i];
	return EXIT_OK;
}

int
diag_finish(void)
{
	bool trouble = diag_count.rejected > 0 || diag_count.flagged > 0;

	if (hidden > 0)
		fprintf(stderr, "%s: %" PRIu64 " more warnings not shown\n",
		    prog, hidden);
	if (!trouble && !stats && !(seen & cond_bit(EXIT_DATA)))
		return diag_exit_status();
	if (summary[0] != '\0') {
		fprintf(stderr, "%s: %s\n", prog, summary);
	} else {
		fprintf(stderr, "%s: records in %" PRIu64 ", out %" PRIu64
		    ", rejected %" PRIu64 ", flagged %" PRIu64 "%s%s\n", prog,
		    diag_count.in, diag_count.out, diag_count.rejected,
		    diag_count.flagged, extra[0] ? "; " : "", extra);
	}
	return diag_exit_status();
}
