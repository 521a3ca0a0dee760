/* SPDX-License-Identifier: MIT */
/*
 * diag.h - messages, counts and the exit status (io.md section 7).
 *
 * One process-wide state: the program name, the record counters, the
 * warning caps and the set of exit conditions seen so far.  Every message
 * goes to stderr and starts with "PROG: ".  Warnings about records are
 * capped at DIAG_WARN_CAP of each kind (rejected, flagged); the rest are
 * counted and announced by diag_finish().  Nothing here exits except
 * diag_fatal(), which is for internal errors only: data errors are
 * recorded with diag_status() and the caller unwinds normally, so that a
 * JSON array is closed and the summary printed.
 */
#ifndef IPT_DIAG_H
#define IPT_DIAG_H

#include <stdbool.h>
#include <stdint.h>

enum exit_status {
	EXIT_OK = 0,
	EXIT_SOME = 1,		/* records rejected or flagged */
	EXIT_USAGE = 64,
	EXIT_DATA = 65,		/* fatal data error */
	EXIT_NOINPUT = 66,	/* an input file could not be opened */
	EXIT_INTERNAL = 70,
	EXIT_CANTCREAT = 73,	/* the --rejects file */
	EXIT_IO = 74		/* read or write error */
};

#define DIAG_WARN_CAP 20

struct diag_counts {
	uint64_t in, out, rejected, flagged;
};

extern struct diag_counts diag_count;

void diag_init(const char *prog);
const char *diag_prog(void);
void diag_set_quiet(bool quiet);
void diag_set_stats(bool stats);

/* Record that an exit condition happened; the worst one wins at the end. */
void diag_status(enum exit_status st);

/* A message that is never capped nor silenced by -q (file and fatal errors). */
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A message about a rejected record / a flagged value: capped, -q hides it. */
void diag_warn_reject(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
void diag_warn_flag(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* A one-off note (not a warning about a record): always printed. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the message and exit at once with st (internal errors, no memory). */
_Noreturn void diag_fatal(enum exit_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Text a tool appends to the summary line after "; " (e.g. "insufficient
 * 12"); NULL or "" for none.  The string is copied.
 */
void diag_set_summary_extra(const char *extra);

/*
 * Replace the counts of the summary line: diag_finish() then prints
 * "PROG: <line>" instead of "PROG: records in N, out N, rejected N,
 * flagged N[; extra]", under the same conditions.  For the tools that do
 * not write one record per input record and print their own counts
 * (io.md section 7: ipt-plan, ipt-report); set it just before
 * diag_finish(), once the counts are known.  NULL or "" restores the
 * standard line.  The string is copied.
 */
void diag_set_summary(const char *line);

/*
 * End of run: print "N more warnings not shown" when warnings were
 * dropped, then the summary line when anything was rejected or flagged,
 * when --stats was given, or when a fatal data error happened.  Returns the
 * exit status by the precedence 64, 73, 74, 70, 65, 66, 1, 0.
 */
int diag_finish(void);

/* Forget counts, warnings and exit conditions (fuzz harnesses: per input). */
void diag_reset(void);

/* The exit status diag_finish() would return, without printing. */
int diag_exit_status(void);

#endif
