/* SPDX-License-Identifier: MIT */
/*
 * test_holiday.c - the holiday calendar of ipt-plan (ipt-plan.md sections
 * 2 and 4): the line grammar, the set, working-day helpers, file loading.
 *
 * Weekdays below were worked out by hand: 2026-12-01 is a Tuesday (the
 * year 2026 starts on a Thursday; 334 days to 1 December, 334 = 47 * 7 +
 * 5, Thursday + 5 = Tuesday), so December 2026 has Mondays 7, 14, 21, 28
 * and 2027-01-01 is a Friday.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "holiday.h"
#include "unit.h"

static long
day(int y, int m, int d)
{
	return date_to_days(y, m, d);
}

/* ---- the line grammar ---- */

static const struct {
	const char *line;
	int want;		/* 1 date, 0 blank or comment, -1 bad */
	const char *text;	/* for -1: the text quoted in the message */
	int y, m, d;
} lines[] = {
	{"2026-12-25", 1, NULL, 2026, 12, 25},
	{"  \t2026-12-25 \t", 1, NULL, 2026, 12, 25},
	{"2026-12-25# Christmas", 1, NULL, 2026, 12, 25},
	{"2026-12-25\t# Christmas", 1, NULL, 2026, 12, 25},
	{"2026-12-25\r", 1, NULL, 2026, 12, 25},	/* CRLF */
	{"2026-12-25 # x\r", 1, NULL, 2026, 12, 25},
	{"2028-02-29", 1, NULL, 2028, 2, 29},		/* leap day */
	{"", 0, NULL, 0, 0, 0},
	{"   \t ", 0, NULL, 0, 0, 0},
	{"\r", 0, NULL, 0, 0, 0},
	{"# only a comment", 0, NULL, 0, 0, 0},
	{"   # indented comment", 0, NULL, 0, 0, 0},
	{"x", -1, "x", 0, 0, 0},
	{"  x  # why", -1, "x", 0, 0, 0},
	{"2027-02-29", -1, "2027-02-29", 0, 0, 0},	/* not a leap year */
	{"2026-13-01", -1, "2026-13-01", 0, 0, 0},
	{"2026-1-5", -1, "2026-1-5", 0, 0, 0},
	{"2026-12-25 Christmas", -1, "2026-12-25 Christmas", 0, 0, 0},
	{"2026-12-25T00:00", -1, "2026-12-25T00:00", 0, 0, 0},
	{"2026-12-25 2026-12-26", -1, "2026-12-25 2026-12-26", 0, 0, 0},
	{"1899-12-31", -1, "1899-12-31", 0, 0, 0},
	{"2200-01-01", -1, "2200-01-01", 0, 0, 0},
	{"+026-12-25", -1, "+026-12-25", 0, 0, 0},
	{"\v2026-12-25", -1, "\v2026-12-25", 0, 0, 0},	/* only spaces, tabs */
};

static void
test_lines(void)
{
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *text = NULL;
		size_t tlen = 0;
		long d = -1;
		int r = holidays_parse_line(lines[i].line,
		    strlen(lines[i].line), &d, &text, &tlen);

		CHECKF(r == lines[i].want, "line '%s': %d", lines[i].line, r);
		if (r == 1 && lines[i].want == 1)
			CHECKF(d == day(lines[i].y, lines[i].m, lines[i].d),
			    "line '%s'", lines[i].line);
		if (r == -1 && lines[i].want == -1)
			CHECKF(tlen == strlen(lines[i].text) &&
			    memcmp(text, lines[i].text, tlen) == 0,
			    "line '%s': text '%.*s'", lines[i].line, (int)tlen,
			    text);
	}
}

static void
test_parse_date(void)
{
	long d = 0;

	CHECK(date_parse("2026-12-07", 10, &d));
	CHECK_INT(d, day(2026, 12, 7));
	CHECK(date_parse("1900-01-01", 10, &d));
	CHECK(date_parse("2199-12-31", 10, &d));
	CHECK(!date_parse("2026-12-7", 9, &d));
	CHECK(!date_parse("2026-12-07 ", 11, &d));
	CHECK(!date_parse("2026/12/07", 10, &d));
	CHECK(!date_parse("2026-02-30", 10, &d));
	CHECK(!date_parse("", 0, &d));
}

/* ---- the set and the working-day helpers ---- */

static void
test_set(void)
{
	struct holidays h;

	holidays_init(&h);
	/* Christmas 2026 (Fri), Boxing Day substitute (Mon 28), a Saturday,
	 * a duplicate, out of order. */
	holidays_add(&h, day(2026, 12, 28));
	holidays_add(&h, day(2026, 12, 25));
	holidays_add(&h, day(2026, 12, 26));
	holidays_add(&h, day(2026, 12, 25));
	holidays_add(&h, day(2027, 1, 1));
	holidays_sort(&h);
	CHECK_INT(h.n, 4);
	CHECK(holidays_contains(&h, day(2026, 12, 25)));
	CHECK(holidays_contains(&h, day(2026, 12, 26)));
	CHECK(!holidays_contains(&h, day(2026, 12, 27)));
	CHECK(!holidays_contains(&h, day(2026, 12, 24)));
	CHECK(!holidays_contains(&h, day(2027, 1, 2)));
	/* working days: Thu 24 yes, Fri 25 holiday, Sat 26, Sun 27 no */
	CHECK(holidays_workday(&h, day(2026, 12, 24)));
	CHECK(!holidays_workday(&h, day(2026, 12, 25)));
	CHECK(!holidays_workday(&h, day(2026, 12, 27)));
	CHECK(holidays_workday(&h, day(2026, 12, 29)));
	/* next: Fri 25 -> Sat, Sun, Mon 28 holiday -> Tue 29 */
	CHECK_INT(holidays_next_workday(&h, day(2026, 12, 25)),
	    day(2026, 12, 29));
	CHECK_INT(holidays_next_workday(&h, day(2026, 12, 24)),
	    day(2026, 12, 24));
	/* Fri 2027-01-01 holiday, Sat 2, Sun 3 -> Mon 4 */
	CHECK_INT(holidays_next_workday(&h, day(2027, 1, 1)), day(2027, 1, 4));
	/* prev: Mon 28 holiday, Sun, Sat, Fri 25 holiday -> Thu 24 */
	CHECK_INT(holidays_prev_workday(&h, day(2026, 12, 28)),
	    day(2026, 12, 24));
	/* between: [Sat 26, Tue 29) holds Mon 28 */
	CHECK(holidays_between(&h, day(2026, 12, 26), day(2026, 12, 29)));
	/* [Sat 26, Mon 28) holds only the Saturday holiday: not a weekday */
	CHECK(!holidays_between(&h, day(2026, 12, 26), day(2026, 12, 28)));
	/* backwards: from Mon 28 (included) down to Thu 24 (excluded) */
	CHECK(holidays_between(&h, day(2026, 12, 28), day(2026, 12, 24)));
	/* backwards from Sun 27 to Fri 25 excluded: nothing */
	CHECK(!holidays_between(&h, day(2026, 12, 27), day(2026, 12, 25)));
	CHECK(!holidays_between(&h, day(2026, 12, 29), day(2026, 12, 29)));
	holidays_release(&h);
	/* an empty set */
	holidays_init(&h);
	holidays_sort(&h);
	CHECK(!holidays_contains(&h, day(2026, 12, 25)));
	CHECK_INT(holidays_next_workday(&h, day(2026, 12, 26)),
	    day(2026, 12, 28));
	holidays_release(&h);
}

/* ---- files ---- */

static char dir[64];

static const char *
write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void
test_load(void)
{
	struct holidays h;
	char err[HOLIDAY_ERR_MAX], want[256];
	const char *p;

	holidays_init(&h);
	p = write_file("ok.txt", "\xEF\xBB\xBF# bank holidays\r\n"
	    "2026-12-25\r\n\r\n  2026-12-28 # substitute\r\n2027-01-01");
	CHECK_INT(holidays_load(&h, p, err, sizeof(err)), HOL_OK);
	holidays_sort(&h);
	CHECK_INT(h.n, 3);
	CHECK(holidays_contains(&h, day(2027, 1, 1)));

	p = write_file("bad.txt", "2026-12-25\n\n  x  # comment\n2026-12-28\n");
	CHECK_INT(holidays_load(&h, p, err, sizeof(err)), HOL_BAD_LINE);
	snprintf(want, sizeof(want), "%s:3: 'x' is not a date", p);
	CHECK_STR(err, want);

	p = write_file("empty.txt", "");
	CHECK_INT(holidays_load(&h, p, err, sizeof(err)), HOL_OK);

	snprintf(want, sizeof(want), "%s/none.txt", dir);
	CHECK_INT(holidays_load(&h, want, err, sizeof(err)), HOL_UNREADABLE);
	CHECK(strstr(err, "cannot open '") == err);
	CHECK_INT(holidays_load(&h, dir, err, sizeof(err)), HOL_UNREADABLE);
	CHECK(strstr(err, "Is a directory") != NULL);
	holidays_release(&h);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_holiday.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_lines();
	test_parse_date();
	test_set();
	test_load();
	/* leave nothing behind */
	const char *names[] = {"ok.txt", "bad.txt", "empty.txt"};
	for (size_t i = 0; i < 3; i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return unit_done("holiday");
}
