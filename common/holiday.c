/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "holiday.h"
#include "xalloc.h"

void
holidays_init(struct holidays *h)
{
	h->day = NULL;
	h->n = 0;
	h->cap = 0;
	h->sorted = true;
}

void
holidays_release(struct holidays *h)
{
	free(h->day);
	holidays_init(h);
}

void
holidays_add(struct holidays *h, long day)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->day = xreallocarray(h->day, h->cap, sizeof(*h->day));
	}
	h->day[h->n++] = day;
	h->sorted = false;
}

static int
cmp_day(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

void
holidays_sort(struct holidays *h)
{
	size_t k = 0;

	if (h->n > 0)
		qsort(h->day, h->n, sizeof(*h->day), cmp_day);
	for (size_t i = 0; i < h->n; i++)
		if (k == 0 || h->day[i] != h->day[k - 1])
			h->day[k++] = h->day[i];
	h->n = k;
	h->sorted = true;
}

/* Index of the first holiday >= day (h->n when none). */
static size_t
lower_bound(const struct holidays *h, long day)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->day[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
holidays_contains(const struct holidays *h, long day)
{
	size_t i = lower_bound(h, day);

	return i < h->n && h->day[i] == day;
}

bool
holidays_workday(const struct holidays *h, long day)
{
	return date_weekday(day) < 5 && !holidays_contains(h, day);
}

long
holidays_next_workday(const struct holidays *h, long day)
{
	while (!holidays_workday(h, day))
		day++;
	return day;
}

long
holidays_prev_workday(const struct holidays *h, long day)
{
	while (!holidays_workday(h, day))
		day--;
	return day;
}

bool
holidays_between(const struct holidays *h, long from, long to)
{
	long lo = from < to ? from : to + 1;
	long hi = from < to ? to - 1 : from;

	for (size_t i = lower_bound(h, lo); i < h->n && h->day[i] <= hi; i++)
		if (date_weekday(h->day[i]) < 5)
			return true;
	return false;
}


static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
holidays_parse_line(const char *s, size_t n, long *day, const char **text,
    size_t *tlen)
{
	const char *hash = memchr(s, '#', n);
	size_t end = hash != NULL ? (size_t)(hash - s) : n;
	size_t start = 0;

	/* The CR of a CRLF; after a '#' it is part of the comment anyway. */
	if (hash == NULL && end > 0 && s[end - 1] == '\r')
		end--;
	while (start < end && is_blank(s[start]))
		start++;
	while (end > start && is_blank(s[end - 1]))
		end--;
	*text = s + start;
	*tlen = end - start;
	if (end == start)
		return 0;
	return date_parse(s + start, end - start, day) ? 1 : -1;
}

/* Read the lines of f; HOL_OK, or an error with err filled in. */
static enum holiday_load
read_lines(struct holidays *h, FILE *f, const char *path, char *err,
    size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	enum holiday_load res = HOL_OK;

	while ((len = getline(&line, &cap, f)) >= 0) {
		const char *s = line, *text;
		size_t n = (size_t)len, tlen;
		long day;

		lineno++;
		if (n > 0 && s[n - 1] == '\n')
			n--;
		if (lineno == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		int r = holidays_parse_line(s, n, &day, &text, &tlen);

		if (r > 0)
			holidays_add(h, day);
		if (r < 0) {
			snprintf(err, errlen, "%s:%zu: '%.*s' is not a date",
			    path, lineno, (int)tlen, text);
			res = HOL_BAD_LINE;
			break;
		}
	}
	if (res == HOL_OK && ferror(f)) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
		    strerror(errno));
		res = HOL_UNREADABLE;
	}
	free(line);
	return res;
}

enum holiday_load
holidays_load(struct holidays *h, const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f = fopen(path, "r");
	enum holiday_load res;

	if (f == NULL) {
		snprintf(err, errlen, "cannot open '%s': %s", path,
		    strerror(errno));
		return HOL_UNREADABLE;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot open '%s': %s", path,
		    strerror(EISDIR));
		fclose(f);
		return HOL_UNREADABLE;
	}
	res = read_lines(h, f, path, err, errlen);
	fclose(f);
	return res;
}
