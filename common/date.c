/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};

	return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

bool
date_valid(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 &&
	    d >= 1 && d <= date_days_in_month(y, m);
}

int
date_digits(const char *s, int width)
{
	int v = 0;

	for (int i = 0; i < width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
date_parse(const char *s, size_t n, long *days)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = date_digits(s, 4);
	m = date_digits(s + 5, 2);
	d = date_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
		return false;
	*days = date_to_days(y, m, d);
	return true;
}

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
long
date_to_days(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
date_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	long w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

long
date_add_months(long days, int months)
{
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	long idx = (long)y * 12 + (m - 1) + months;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	return date_to_days(y, m, d);
}

void
date_format(long days, char *out)
{
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Seconds of SOURCE_DATE_EPOCH: digits only, at most the end of 9999. */
static int
epoch_seconds(const char *s, long long *secs)
{
	long long v = 0;

	if (*s == '\0' || strlen(s) > 12)
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v > 253402300799LL)
		return -1;
	*secs = v;
	return 0;
}

int
date_today(long *days)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs;
	struct tm tm;
	time_t now;

	if (sde != NULL) {
		if (epoch_seconds(sde, &secs) != 0)
			return -1;
		*days = (long)(secs / 86400);
		return 0;
	}
	now = time(NULL);
	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
		return -1;
	*days = date_to_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}
