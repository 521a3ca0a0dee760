/* SPDX-License-Identifier: MIT */
/*
 * date.h - civil-day arithmetic on the proleptic Gregorian calendar.
 *
 * Days are counted from 1970-01-01 (day 0).  No time zones, no mktime():
 * a date is a label for a day, nothing more.
 */
#ifndef IPT_DATE_H
#define IPT_DATE_H

#include <stdbool.h>
#include <stddef.h>

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

bool date_valid(int y, int m, int d);

/* The number in exactly width digits at s, or -1 if one is not a digit. */
int date_digits(const char *s, int width);

/*
 * Exactly YYYY-MM-DD in s[0..n), a real date in DATE_MIN_YEAR..
 * DATE_MAX_YEAR: true with *days set, else false.
 */
bool date_parse(const char *s, size_t n, long *days);
int date_days_in_month(int y, int m);
long date_to_days(int y, int m, int d);
void date_from_days(long days, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(long days);
/* Add months, clamping the day to the end of the target month. */
long date_add_months(long days, int months);
/* Write YYYY-MM-DD and a NUL into out (11 bytes). */
void date_format(long days, char *out);

/*
 * The date a report is "as of" when no --as-of is given: the UTC date of
 * SOURCE_DATE_EPOCH when that is set (reproducible builds' convention),
 * else today's local date.  Returns 0, or -1 when SOURCE_DATE_EPOCH is
 * set but is not a decimal count of seconds (0 to 253402300799, the end
 * of 9999) or the clock cannot be read.
 */
int date_today(long *days);

#endif
