/* SPDX-License-Identifier: MIT */
/*
 * holiday.h - the holiday calendar of ipt-plan (ipt-plan.md sections 2, 4).
 *
 * A set of days (counted from 1970-01-01, as in date.h) on which nobody
 * is seen, read from --holidays files, and the helpers the calendar rules
 * need: is a day a working day (Monday to Friday and not a holiday), the
 * next and the previous working day.
 *
 * File grammar, one date a line: optional spaces or tabs, YYYY-MM-DD,
 * optional spaces or tabs, an optional "# comment".  Lines holding only
 * spaces, tabs or a comment are allowed; CRLF is accepted, and so is a
 * UTF-8 BOM at the start.  Weekend dates and duplicates are harmless.
 *
 * Memory: a struct holidays owns its array; release it with
 * holidays_release().  Lookups are binary searches on the sorted,
 * duplicate-free array that holidays_sort() leaves.
 */
#ifndef IPT_HOLIDAY_H
#define IPT_HOLIDAY_H

#include <stdbool.h>
#include <stddef.h>

#define HOLIDAY_ERR_MAX 1024	/* room for a holidays_load() message */

struct holidays {
	long *day;		/* sorted ascending, no duplicates (once sorted) */
	size_t n, cap;
	bool sorted;
};

/* What holidays_load() found wrong. */
enum holiday_load {
	HOL_OK = 0,
	HOL_UNREADABLE = -1,	/* cannot open or read the file: exit 66 */
	HOL_BAD_LINE = -2	/* a line that is not a date: exit 64 */
};

void holidays_init(struct holidays *h);
void holidays_release(struct holidays *h);

/* Add one day (any order; holidays_sort() before any lookup). */
void holidays_add(struct holidays *h, long day);

/* Sort and drop duplicates.  Lookups need it; adding again unsorts. */
void holidays_sort(struct holidays *h);

/*
 * Add the dates of the file at path (sorting is left to the caller).
 * Returns HOL_OK; HOL_UNREADABLE with err = "cannot open 'PATH': REASON"
 * (or "cannot read ..."); HOL_BAD_LINE with err = "PATH:LINE: 'TEXT' is
 * not a date", TEXT being the line before any '#', trimmed of spaces and
 * tabs.  On error, the dates before the bad line may have been added.
 */
enum holiday_load holidays_load(struct holidays *h, const char *path,
    char *err, size_t errlen);


/*
 * One line of a holiday file, without its LF (a final CR is allowed).
 * Returns 1 with *day set, 0 for a blank or comment line, -1 for a bad
 * line; then *text and *tlen give the text to quote in the message.
 */
int holidays_parse_line(const char *s, size_t n, long *day,
    const char **text, size_t *tlen);

/* True when day is in the set. */
bool holidays_contains(const struct holidays *h, long day);

/* True when day is a Monday to Friday that is not a holiday. */
bool holidays_workday(const struct holidays *h, long day);

/* The first working day on or after day. */
long holidays_next_workday(const struct holidays *h, long day);

/* The last working day on or before day. */
long holidays_prev_workday(const struct holidays *h, long day);

/*
 * True when a holiday falling on a weekday lies between from (included)
 * and to (excluded), in whichever direction to lies from from.
 */
bool holidays_between(const struct holidays *h, long from, long to);

#endif
