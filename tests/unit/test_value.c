/* SPDX-License-Identifier: MIT */
/*
 * test_value.c - typed values (io.md section 6), civil-day arithmetic,
 * the number printer and grammar (section 5), UTF-8 validation.
 *
 * Every expected value below was worked out by hand from the spec, not
 * copied from the program's output.  Day numbers are checked against a
 * deliberately naive day counter written here (year by year, month by
 * month), never against the library itself.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "num.h"
#include "record.h"
#include "utf8.h"
#include "value.h"
#include "unit.h"

/* ---- a field built by hand ---- */

static struct field
mk(enum vkind kind, const char *val, double num)
{
	struct field f;

	memset(&f, 0, sizeof(f));
	f.name = "x";
	f.nlen = 1;
	f.val = val ? val : "";
	f.len = strlen(f.val);
	f.kind = kind;
	f.num = num;
	return f;
}

static const char *
state_name(enum vstate s)
{
	return s == VAL_OK ? "OK" : s == VAL_MISSING ? "MISSING" : "INVALID";
}

/* ---- a naive day counter for the expected values ---- */

static bool
ref_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
ref_mdays(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};

	return m == 2 && ref_leap(y) ? 29 : md[m - 1];
}

static long
ref_days(int y, int m, int d)
{
	long n = 0;

	for (int yy = 1970; yy < y; yy++)
		n += ref_leap(yy) ? 366 : 365;
	for (int yy = y; yy < 1970; yy++)
		n -= ref_leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		n += ref_mdays(y, mm);
	return n + d - 1;
}

/* ---- value_int ---- */

struct int_case {
	enum vkind kind;
	const char *text;	/* NULL with kind VK_NULL + nofield: no field */
	double num;
	enum vstate want;
	long v;
};

static const struct int_case ints[] = {
	{ VK_CSV, "2", 0, VAL_OK, 2 },
	{ VK_CSV, " 2 ", 0, VAL_OK, 2 },
	{ VK_CSV, "\t-3\t", 0, VAL_OK, -3 },
	{ VK_CSV, "-0", 0, VAL_OK, 0 },
	{ VK_CSV, "007", 0, VAL_OK, 7 },
	{ VK_CSV, "0", 0, VAL_OK, 0 },
	{ VK_CSV, "-12", 0, VAL_OK, -12 },
	{ VK_CSV, "1000000000000000", 0, VAL_OK, 1000000000000000L },
	{ VK_CSV, "-1000000000000000", 0, VAL_OK, -1000000000000000L },
	{ VK_CSV, "1000000000000001", 0, VAL_INVALID, 0 },
	{ VK_CSV, "99999999999999999999999999", 0, VAL_INVALID, 0 },
	{ VK_CSV, "2.0", 0, VAL_INVALID, 0 },
	{ VK_CSV, "+2", 0, VAL_INVALID, 0 },
	{ VK_CSV, "0x2", 0, VAL_INVALID, 0 },
	{ VK_CSV, "2e0", 0, VAL_INVALID, 0 },
	{ VK_CSV, "2.5", 0, VAL_INVALID, 0 },
	{ VK_CSV, "NaN", 0, VAL_INVALID, 0 },
	{ VK_CSV, "inf", 0, VAL_INVALID, 0 },
	{ VK_CSV, "-", 0, VAL_INVALID, 0 },
	{ VK_CSV, "--1", 0, VAL_INVALID, 0 },
	{ VK_CSV, "1 2", 0, VAL_INVALID, 0 },
	{ VK_CSV, "1,5", 0, VAL_INVALID, 0 },
	{ VK_CSV, "\xd9\xa1", 0, VAL_INVALID, 0 },	/* Arabic-Indic 1 */
	{ VK_CSV, "\xef\xbc\x92", 0, VAL_INVALID, 0 },	/* fullwidth 2 */
	{ VK_CSV, "2\n", 0, VAL_INVALID, 0 },
	{ VK_CSV, "", 0, VAL_MISSING, 0 },
	{ VK_CSV, "   ", 0, VAL_MISSING, 0 },
	{ VK_CSV, "\t \t", 0, VAL_MISSING, 0 },
	{ VK_STR, "3", 0, VAL_OK, 3 },
	{ VK_STR, " 4 ", 0, VAL_OK, 4 },
	{ VK_STR, "-05", 0, VAL_OK, -5 },
	{ VK_STR, "", 0, VAL_MISSING, 0 },
	{ VK_STR, "2.0", 0, VAL_INVALID, 0 },
	{ VK_STR, "x", 0, VAL_INVALID, 0 },
	{ VK_NUM, "2", 2.0, VAL_OK, 2 },
	{ VK_NUM, "-7", -7.0, VAL_OK, -7 },
	{ VK_NUM, "0", -0.0, VAL_OK, 0 },
	{ VK_NUM, "2.5", 2.5, VAL_INVALID, 0 },
	{ VK_NUM, "1e+300", 1e300, VAL_INVALID, 0 },
	{ VK_NUM, "1e+16", 1e16, VAL_INVALID, 0 },
	{ VK_NUM, "1000000000000000", 1e15, VAL_OK, 1000000000000000L },
	{ VK_TRUE, "true", 0, VAL_INVALID, 0 },
	{ VK_FALSE, "false", 0, VAL_INVALID, 0 },
	{ VK_RAW, "[1]", 0, VAL_INVALID, 0 },
	{ VK_NULL, "", 0, VAL_MISSING, 0 },
};

static void
test_int(void)
{
	long v;

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		const struct int_case *t = &ints[i];
		struct field f = mk(t->kind, t->text, t->num);
		enum vstate s;

		v = -999;
		s = value_int(&f, &v);
		CHECKF(s == t->want, "value_int case %zu ('%s', kind %d): %s, "
		    "want %s", i, t->text, (int)t->kind, state_name(s),
		    state_name(t->want));
		if (s == VAL_OK && t->want == VAL_OK)
			CHECKF(v == t->v, "value_int case %zu ('%s'): %ld, "
			    "want %ld", i, t->text, v, t->v);
	}
	/* A JSON number 2.0: cJSON keeps no token, num is 2. */
	struct field f = mk(VK_NUM, "2", 2.0);

	CHECK_INT(value_int(&f, &v), VAL_OK);
	CHECK_INT(v, 2);
	CHECK_INT(value_int(NULL, &v), VAL_MISSING);
	/* A value with a NUL-free length shorter than the buffer. */
	f = mk(VK_CSV, "12345", 0);
	f.len = 2;
	CHECK_INT(value_int(&f, &v), VAL_OK);
	CHECK_INT(v, 12);
}

/* ---- value_yesno ---- */

struct yn_case {
	enum vkind kind;
	const char *text;
	double num;
	enum vstate want;
	bool v;
};

static const struct yn_case yns[] = {
	{ VK_CSV, "yes", 0, VAL_OK, true },
	{ VK_CSV, "no", 0, VAL_OK, false },
	{ VK_CSV, "y", 0, VAL_OK, true },
	{ VK_CSV, "n", 0, VAL_OK, false },
	{ VK_CSV, "true", 0, VAL_OK, true },
	{ VK_CSV, "false", 0, VAL_OK, false },
	{ VK_CSV, "1", 0, VAL_OK, true },
	{ VK_CSV, "0", 0, VAL_OK, false },
	{ VK_CSV, "YES", 0, VAL_OK, true },
	{ VK_CSV, "Yes", 0, VAL_OK, true },
	{ VK_CSV, "yEs", 0, VAL_OK, true },
	{ VK_CSV, "NO", 0, VAL_OK, false },
	{ VK_CSV, "nO", 0, VAL_OK, false },
	{ VK_CSV, "Y", 0, VAL_OK, true },
	{ VK_CSV, "N", 0, VAL_OK, false },
	{ VK_CSV, "TRUE", 0, VAL_OK, true },
	{ VK_CSV, "True", 0, VAL_OK, true },
	{ VK_CSV, "FALSE", 0, VAL_OK, false },
	{ VK_CSV, "fAlSe", 0, VAL_OK, false },
	{ VK_CSV, " yes\t", 0, VAL_OK, true },
	{ VK_CSV, "\t0 ", 0, VAL_OK, false },
	{ VK_STR, "Y", 0, VAL_OK, true },
	{ VK_STR, "false", 0, VAL_OK, false },
	{ VK_STR, "1", 0, VAL_OK, true },
	{ VK_TRUE, "true", 0, VAL_OK, true },
	{ VK_FALSE, "false", 0, VAL_OK, false },
	{ VK_NUM, "1", 1.0, VAL_OK, true },
	{ VK_NUM, "0", 0.0, VAL_OK, false },
	{ VK_NUM, "0", -0.0, VAL_OK, false },
	{ VK_NUM, "2", 2.0, VAL_INVALID, false },
	{ VK_NUM, "0.5", 0.5, VAL_INVALID, false },
	{ VK_NUM, "-1", -1.0, VAL_INVALID, false },
	{ VK_CSV, "2", 0, VAL_INVALID, false },
	{ VK_CSV, "-1", 0, VAL_INVALID, false },
	{ VK_CSV, "01", 0, VAL_INVALID, false },
	{ VK_CSV, "1.0", 0, VAL_INVALID, false },
	{ VK_CSV, "ja", 0, VAL_INVALID, false },
	{ VK_CSV, "t", 0, VAL_INVALID, false },
	{ VK_CSV, "f", 0, VAL_INVALID, false },
	{ VK_CSV, "ye", 0, VAL_INVALID, false },
	{ VK_CSV, "yess", 0, VAL_INVALID, false },
	{ VK_CSV, "yes please", 0, VAL_INVALID, false },
	{ VK_CSV, "on", 0, VAL_INVALID, false },
	{ VK_CSV, "null", 0, VAL_INVALID, false },
	{ VK_STR, "maybe", 0, VAL_INVALID, false },
	{ VK_RAW, "[1]", 0, VAL_INVALID, false },
	{ VK_CSV, "", 0, VAL_MISSING, false },
	{ VK_CSV, "  ", 0, VAL_MISSING, false },
	{ VK_STR, "", 0, VAL_MISSING, false },
	{ VK_NULL, "", 0, VAL_MISSING, false },
};

static void
test_yesno(void)
{
	bool v;

	for (size_t i = 0; i < sizeof(yns) / sizeof(yns[0]); i++) {
		const struct yn_case *t = &yns[i];
		struct field f = mk(t->kind, t->text, t->num);
		enum vstate s;

		v = !t->v;
		s = value_yesno(&f, &v);
		CHECKF(s == t->want, "value_yesno case %zu ('%s', kind %d): "
		    "%s, want %s", i, t->text, (int)t->kind, state_name(s),
		    state_name(t->want));
		if (s == VAL_OK && t->want == VAL_OK)
			CHECKF(v == t->v, "value_yesno case %zu ('%s'): %d",
			    i, t->text, (int)v);
	}
	CHECK_INT(value_yesno(NULL, &v), VAL_MISSING);
}

/* ---- value_date ---- */

struct date_case {
	enum vkind kind;
	const char *text;
	enum vstate want;
	int y, m, d;
};

static const struct date_case dates[] = {
	{ VK_CSV, "2026-03-05", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "1970-01-01", VAL_OK, 1970, 1, 1 },
	{ VK_CSV, "1900-01-01", VAL_OK, 1900, 1, 1 },
	{ VK_CSV, "2199-12-31", VAL_OK, 2199, 12, 31 },
	{ VK_CSV, "2024-02-29", VAL_OK, 2024, 2, 29 },
	{ VK_CSV, "2000-02-29", VAL_OK, 2000, 2, 29 },
	{ VK_CSV, "2026-12-31", VAL_OK, 2026, 12, 31 },
	{ VK_CSV, " 2026-03-05\t", VAL_OK, 2026, 3, 5 },
	{ VK_STR, "2026-03-05", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-02-29", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2100-02-29", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "1900-02-29", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-13-01", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-00-10", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-01-00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-02-30", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-04-31", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-01-32", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "1/2/2026", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026/01/02", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-1-2", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "26-01-02", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "20260102", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "+2026-01-02", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "02026-01-02", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "1899-12-31", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2200-01-01", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "0000-01-01", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05x", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05Z", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "today", VAL_INVALID, 0, 0, 0 },
	/* datetimes: read as their date */
	{ VK_CSV, "2026-03-05T14:30", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05 14:30", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05T14:30:15", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05T14:30:15Z", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05T14:30Z", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05T14:30+01:00", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05T23:59:59-05:30", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-03-05 00:00:00", VAL_OK, 2026, 3, 5 },
	{ VK_CSV, "2026-12-31T23:59:59+14:00", VAL_OK, 2026, 12, 31 },
	{ VK_STR, "2024-02-29T12:00:00Z", VAL_OK, 2024, 2, 29 },
	{ VK_CSV, "2026-03-05T24:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:60", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00:60", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T1:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:0", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00:", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00:0", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00:00.5", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00+0100", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00+01", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00+01:00Z", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00ZZ", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05T12:00 +01:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05  12:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05t12:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-03-05_12:00", VAL_INVALID, 0, 0, 0 },
	{ VK_CSV, "2026-02-30T12:00", VAL_INVALID, 0, 0, 0 },
	/* missing */
	{ VK_CSV, "", VAL_MISSING, 0, 0, 0 },
	{ VK_CSV, " \t ", VAL_MISSING, 0, 0, 0 },
	{ VK_NULL, "", VAL_MISSING, 0, 0, 0 },
	/* a JSON number is not a date */
	{ VK_NUM, "20260305", VAL_INVALID, 0, 0, 0 },
	{ VK_TRUE, "true", VAL_INVALID, 0, 0, 0 },
};

static void
test_date_values(void)
{
	long days;

	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		const struct date_case *t = &dates[i];
		struct field f = mk(t->kind, t->text, 20260305);
		enum vstate s;

		days = -999999;
		s = value_date(&f, &days);
		CHECKF(s == t->want, "value_date case %zu ('%s'): %s, want %s",
		    i, t->text, state_name(s), state_name(t->want));
		if (s == VAL_OK && t->want == VAL_OK)
			CHECKF(days == ref_days(t->y, t->m, t->d),
			    "value_date case %zu ('%s'): %ld, want %ld", i,
			    t->text, days, ref_days(t->y, t->m, t->d));
	}
	CHECK_INT(value_date(NULL, &days), VAL_MISSING);
}

/* ---- value_code and value_is_word ---- */

static void
test_code(void)
{
	static const char *const vocab[] = {"mdd", "gad", "ptsd", NULL};
	static const struct {
		enum vkind kind;
		const char *text;
		enum vstate want;
		int idx;
	} t[] = {
		{ VK_CSV, "mdd", VAL_OK, 0 },
		{ VK_CSV, "MDD", VAL_OK, 0 },
		{ VK_CSV, " Gad ", VAL_OK, 1 },
		{ VK_CSV, "pTsD", VAL_OK, 2 },
		{ VK_STR, "PTSD", VAL_OK, 2 },
		{ VK_CSV, "\tmdd", VAL_OK, 0 },
		{ VK_CSV, "pts", VAL_INVALID, 0 },
		{ VK_CSV, "ptsdx", VAL_INVALID, 0 },
		{ VK_CSV, "m d d", VAL_INVALID, 0 },
		{ VK_CSV, "md", VAL_INVALID, 0 },
		{ VK_CSV, "mdd,gad", VAL_INVALID, 0 },
		{ VK_CSV, "MD\xc3\x90", VAL_INVALID, 0 },
		{ VK_CSV, "", VAL_MISSING, 0 },
		{ VK_CSV, "  ", VAL_MISSING, 0 },
		{ VK_NULL, "", VAL_MISSING, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct field f = mk(t[i].kind, t[i].text, 0);
		int idx = -1;
		enum vstate s = value_code(&f, vocab, &idx);

		CHECKF(s == t[i].want, "value_code case %zu ('%s'): %s, want "
		    "%s", i, t[i].text, state_name(s), state_name(t[i].want));
		if (s == VAL_OK && t[i].want == VAL_OK)
			CHECKF(idx == t[i].idx, "value_code case %zu: idx %d, "
			    "want %d", i, idx, t[i].idx);
	}
	int idx;

	CHECK_INT(value_code(NULL, vocab, &idx), VAL_MISSING);

	struct field f = mk(VK_CSV, " NA ", 0);

	CHECK(value_is_word(&f, "na"));
	CHECK(!value_is_word(&f, "n"));
	f = mk(VK_CSV, "nan", 0);
	CHECK(!value_is_word(&f, "na"));
	CHECK(!value_is_word(NULL, "na"));
}

/* ---- value_quote ---- */

static void
test_quote(void)
{
	static const struct {
		const char *in;
		const char *want;
	} t[] = {
		{ "", "" },
		{ "short", "short" },
		{ "  x  ", "  x  " },
		{ "abcdefghijklmnopqrst", "abcdefghijklmnopqrst" },
		{ "abcdefghijklmnopqrstu", "abcdefghijklmnopqrst..." },
		{ "abcdefghijklmnopqrstuvwxyz0123456789",
		    "abcdefghijklmnopqrst..." },
		/* 11 x e-acute = 22 bytes: 10 whole characters fit */
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
		  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9..." },
		/* "a" + 10 x e-acute = 21 bytes: byte 20 splits the 10th */
		{ "a\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9",
		  "a\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9..." },
		/* 18 ASCII + a 4-byte emoji = 22 bytes: cut to 18 */
		{ "abcdefghijklmnopqr\xf0\x9f\x98\x80",
		  "abcdefghijklmnopqr..." },
		/* 17 ASCII + emoji = 21 bytes: cut to 17 */
		{ "abcdefghijklmnopq\xf0\x9f\x98\x80",
		  "abcdefghijklmnopq..." },
		/* 16 ASCII + emoji = 20 bytes: fits whole */
		{ "abcdefghijklmnop\xf0\x9f\x98\x80",
		  "abcdefghijklmnop\xf0\x9f\x98\x80" },
		/* 18 ASCII + 3-byte euro = 21 bytes: cut to 18 */
		{ "abcdefghijklmnopqr\xe2\x82\xac",
		  "abcdefghijklmnopqr..." },
		/* 19 ASCII + e-acute = 21 bytes: cut to 19 */
		{ "abcdefghijklmnopqrs\xc3\xa9",
		  "abcdefghijklmnopqrs..." },
		/* 18 ASCII + e-acute = 20 bytes: fits whole */
		{ "abcdefghijklmnopqr\xc3\xa9",
		  "abcdefghijklmnopqr\xc3\xa9" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct field f = mk(VK_CSV, t[i].in, 0);
		char out[VALUE_QUOTE_MAX + 4];

		memset(out, 'Z', sizeof(out));
		value_quote(&f, out);
		CHECKF(memchr(out, '\0', sizeof(out)) != NULL &&
		    strcmp(out, t[i].want) == 0,
		    "value_quote case %zu: got '%.*s', want '%s'", i,
		    (int)sizeof(out), out, t[i].want);
	}
}

/* ---- date.h ---- */

static void
test_date_arith(void)
{
	/* Known day numbers, worked out by hand. */
	CHECK_INT(date_to_days(1970, 1, 1), 0);
	CHECK_INT(date_to_days(2000, 1, 1), 10957);
	CHECK_INT(date_to_days(1900, 1, 1), -25567);
	CHECK_INT(date_to_days(2024, 2, 29), 19782);
	CHECK_INT(date_to_days(1969, 12, 31), -1);

	/* Every day 1900-01-01 .. 2199-12-31, walked one day at a time. */
	long n = ref_days(1900, 1, 1);
	long bad_to = 0, bad_from = 0, bad_wd = 0, bad_fmt = 0, days = 0;
	int wd = 0;		/* 1900-01-01 was a Monday */
	char first[128] = "";

	for (int y = 1900; y <= 2199; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= ref_mdays(y, m); d++, n++, days++) {
				int yy, mm, dd;
				char fmt[11], want[40];

				if (date_to_days(y, m, d) != n) {
					if (bad_to++ == 0)
						snprintf(first, sizeof(first),
						    "to_days %d-%d-%d", y, m,
						    d);
				}
				date_from_days(n, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d) {
					if (bad_from++ == 0)
						snprintf(first, sizeof(first),
						    "from_days %ld", n);
				}
				if (date_weekday(n) != wd)
					bad_wd++;
				wd = (wd + 1) % 7;
				date_format(n, fmt);
				snprintf(want, sizeof(want), "%04d-%02d-%02d",
				    y, m, d);
				if (strcmp(fmt, want) != 0)
					bad_fmt++;
			}
		}
	}
	CHECKF(bad_to == 0, "%ld bad date_to_days (first: %s)", bad_to,
	    first);
	CHECKF(bad_from == 0, "%ld bad date_from_days (first: %s)", bad_from,
	    first);
	CHECKF(bad_wd == 0, "%ld bad date_weekday", bad_wd);
	CHECKF(bad_fmt == 0, "%ld bad date_format", bad_fmt);
	/* 300 years: 300 * 365 + 73 leap days (2000 is, 1900 and 2100 not) */
	CHECK_INT(days, 300 * 365 + 73);

	/* Weekdays of known dates (0 = Monday). */
	CHECK_INT(date_weekday(date_to_days(2026, 11, 25)), 2);	/* Wed */
	CHECK_INT(date_weekday(0), 3);				/* Thu */
	CHECK_INT(date_weekday(date_to_days(2000, 1, 1)), 5);	/* Sat */
	CHECK_INT(date_weekday(date_to_days(1900, 1, 1)), 0);	/* Mon */
	CHECK_INT(date_weekday(date_to_days(2024, 2, 29)), 3);	/* Thu */
	CHECK_INT(date_weekday(date_to_days(2026, 1, 1)), 3);	/* Thu */
	CHECK_INT(date_weekday(date_to_days(2026, 3, 8)), 6);	/* Sun */

	/* date_valid, date_days_in_month */
	CHECK(date_valid(2024, 2, 29));
	CHECK(!date_valid(2026, 2, 29));
	CHECK(!date_valid(2100, 2, 29));
	CHECK(date_valid(2000, 2, 29));
	CHECK(!date_valid(1899, 12, 31));
	CHECK(!date_valid(2200, 1, 1));
	CHECK(!date_valid(2026, 0, 1));
	CHECK(!date_valid(2026, 13, 1));
	CHECK(!date_valid(2026, 4, 31));
	CHECK(!date_valid(2026, 1, 0));
	CHECK_INT(date_days_in_month(2024, 2), 29);
	CHECK_INT(date_days_in_month(2026, 2), 28);
	CHECK_INT(date_days_in_month(2100, 2), 28);
	CHECK_INT(date_days_in_month(2000, 2), 29);
	CHECK_INT(date_days_in_month(2026, 4), 30);
	CHECK_INT(date_days_in_month(2026, 12), 31);

	/* date_add_months: clamping to the end of the target month. */
	static const struct {
		int y, m, d, months, wy, wm, wd;
	} am[] = {
		{ 2026, 1, 31, 1, 2026, 2, 28 },
		{ 2024, 1, 31, 1, 2024, 2, 29 },
		{ 2026, 11, 15, 3, 2027, 2, 15 },
		{ 2026, 12, 31, 1, 2027, 1, 31 },
		{ 2026, 3, 31, -1, 2026, 2, 28 },
		{ 2026, 1, 15, -1, 2025, 12, 15 },
		{ 2026, 5, 31, 1, 2026, 6, 30 },
		{ 2024, 2, 29, 12, 2025, 2, 28 },
		{ 2024, 2, 29, 48, 2028, 2, 29 },
		{ 2026, 7, 14, 0, 2026, 7, 14 },
		{ 2026, 1, 31, -13, 2024, 12, 31 },
		{ 2026, 3, 31, -25, 2024, 2, 29 },
		{ 2026, 8, 31, 6, 2027, 2, 28 },
		{ 2026, 10, 31, 2, 2026, 12, 31 },
		{ 2026, 10, 31, 14, 2027, 12, 31 },
		{ 1999, 12, 31, 2, 2000, 2, 29 },
		{ 2026, 1, 1, -1, 2025, 12, 1 },
		{ 2026, 1, 30, 1, 2026, 2, 28 },
		{ 2026, 2, 28, 1, 2026, 3, 28 },
	};

	for (size_t i = 0; i < sizeof(am) / sizeof(am[0]); i++) {
		long got = date_add_months(ref_days(am[i].y, am[i].m, am[i].d),
		    am[i].months);
		long want = ref_days(am[i].wy, am[i].wm, am[i].wd);
		char g[11];

		date_format(got, g);
		CHECKF(got == want, "%04d-%02d-%02d %+d months: %s, want "
		    "%04d-%02d-%02d", am[i].y, am[i].m, am[i].d, am[i].months,
		    g, am[i].wy, am[i].wm, am[i].wd);
	}

	char out[11];

	date_format(ref_days(2026, 3, 5), out);
	CHECK_STR(out, "2026-03-05");
	date_format(ref_days(1900, 1, 1), out);
	CHECK_STR(out, "1900-01-01");
	date_format(ref_days(2199, 12, 31), out);
	CHECK_STR(out, "2199-12-31");
}

/* ---- num_format ---- */

static void
test_num_format(void)
{
	static const struct {
		double x;
		const char *want;
	} t[] = {
		{ 0.0, "0" },
		{ -0.0, "0" },
		{ 1.0, "1" },
		{ -1.0, "-1" },
		{ 42.0, "42" },
		{ 100.0, "100" },
		{ 1e15, "1000000000000000" },
		{ 9007199254740991.0, "9007199254740991" },	/* 2^53-1 */
		{ -9007199254740991.0, "-9007199254740991" },
		/*
		 * 2^53 is not below 2^53: shortest %g.  %.15g gives
		 * 9.00719925474099e+15 = 9007199254740990 (a different
		 * double); %.16g has exponent 15 < precision 16, so %g uses
		 * the fixed form: 9007199254740992.
		 */
		{ 9007199254740992.0, "9007199254740992" },
		{ -9007199254740992.0, "-9007199254740992" },
		{ 9007199254740994.0, "9007199254740994" },	/* 2^53+2 */
		{ 1e16, "1e+16" },
		{ 1e20, "1e+20" },
		{ 1e21, "1e+21" },
		{ 123456789012345678e3, "1.2345678901234568e+20" },
		{ 0.1, "0.1" },
		{ 0.5, "0.5" },
		{ -2.5, "-2.5" },
		{ 1e-07, "1e-07" },
		{ 1e-05, "1e-05" },
		{ 0.0001, "0.0001" },
		{ 123.456, "123.456" },
		{ 4.35, "4.35" },
		{ 2.5e-3, "0.0025" },
		{ 1.0 / 3.0, "0.3333333333333333" },
		{ 2.0 / 3.0, "0.6666666666666666" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 1000000000000000.5, "1000000000000000.5" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
		{ -1.7976931348623157e308, "-1.7976931348623157e+308" },
		{ 5e-324, "5e-324" },
		{ 2.2250738585072014e-308, "2.2250738585072014e-308" },
		{ -1e-300, "-1e-300" },
		{ 1.5e300, "1.5e+300" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[NUM_BUFSZ];

		memset(out, 'Z', sizeof(out));
		size_t n = num_format(t[i].x, out);

		CHECKF(memchr(out, '\0', sizeof(out)) != NULL &&
		    strcmp(out, t[i].want) == 0 && n == strlen(t[i].want),
		    "num_format case %zu (%.17g): got '%.*s' (%zu), want '%s'",
		    i, t[i].x, (int)sizeof(out), out, n, t[i].want);
	}
}

/* ---- num_is_json_number ---- */

static void
test_json_number(void)
{
	static const struct {
		const char *s;
		bool want;
	} t[] = {
		{ "0", true },
		{ "-0", true },
		{ "12", true },
		{ "007", false },
		{ "00", false },
		{ "-01", false },
		{ "1.5", true },
		{ "0.0", true },
		{ "-12.50e-3", true },
		{ "1e5", true },
		{ "1E+5", true },
		{ "1e-5", true },
		{ "1e05", true },
		{ "1e-400", true },	/* finite: reads as 0 */
		{ ".5", false },
		{ "1.", false },
		{ "1.e5", false },
		{ "+1", false },
		{ "1e400", false },
		{ "-1e400", false },
		{ "1e", false },
		{ "1e+", false },
		{ "NaN", false },
		{ "nan", false },
		{ "Infinity", false },
		{ "-Infinity", false },
		{ "inf", false },
		{ "", false },
		{ "-", false },
		{ "--1", false },
		{ "0x10", false },
		{ " 1", false },
		{ "1 ", false },
		{ "1.5.5", false },
		{ "1,5", false },
		{ "true", false },
		{ "null", false },
		{ "\xd9\xa1", false },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECKF(num_is_json_number(t[i].s, strlen(t[i].s)) == t[i].want,
		    "num_is_json_number('%s') should be %d", t[i].s,
		    (int)t[i].want);
	/* Only s[0..n) counts. */
	CHECK(num_is_json_number("123abc", 3));
	CHECK(!num_is_json_number("123abc", 4));
	CHECK(num_is_json_number("1e5x", 3));
	CHECK(!num_is_json_number("1e5x", 2));
	/* A very long token (past any fixed buffer). */
	size_t n = 1000;
	char *s = malloc(n + 3);

	if (s == NULL)
		exit(2);
	s[0] = '1';
	memset(s + 1, '0', n - 1);
	CHECK(!num_is_json_number(s, n));	/* 1e999: not finite */
	memcpy(s, "0.", 2);
	memset(s + 2, '5', n - 2);
	CHECK(num_is_json_number(s, n));
	free(s);
}

/* ---- UTF-8 ---- */

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		size_t n;		/* 0: strlen */
		bool nonul;		/* utf8_valid_nonul */
		bool valid;		/* utf8_valid */
	} t[] = {
		{ "", 0, true, true },
		{ "abc", 0, true, true },
		{ "\x7f", 0, true, true },
		{ "\xc2\x80", 0, true, true },		/* U+0080 */
		{ "\xc3\xa9", 0, true, true },		/* e-acute */
		{ "\xdf\xbf", 0, true, true },		/* U+07FF */
		{ "\xe0\xa0\x80", 0, true, true },	/* U+0800 */
		{ "\xe2\x82\xac", 0, true, true },	/* euro */
		{ "\xed\x9f\xbf", 0, true, true },	/* U+D7FF */
		{ "\xee\x80\x80", 0, true, true },	/* U+E000 */
		{ "\xef\xbf\xbf", 0, true, true },	/* U+FFFF */
		{ "\xf0\x90\x80\x80", 0, true, true },	/* U+10000 */
		{ "\xf0\x9f\x98\x80", 0, true, true },	/* emoji */
		{ "\xf4\x8f\xbf\xbf", 0, true, true },	/* U+10FFFF */
		{ "\xc0\xaf", 0, false, false },	/* overlong '/' */
		{ "\xc1\xbf", 0, false, false },
		{ "\xc0\x80", 0, false, false },	/* overlong NUL */
		{ "\xe0\x80\xaf", 0, false, false },
		{ "\xe0\x9f\xbf", 0, false, false },
		{ "\xf0\x80\x80\xaf", 0, false, false },
		{ "\xf0\x8f\xbf\xbf", 0, false, false },
		{ "\xed\xa0\x80", 0, false, false },	/* U+D800 */
		{ "\xed\xbf\xbf", 0, false, false },	/* U+DFFF */
		{ "\xed\xa0\xbd\xed\xb8\x80", 0, false, false },	/* CESU */
		{ "\xf4\x90\x80\x80", 0, false, false },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 0, false, false },
		{ "\xf8\x88\x80\x80\x80", 0, false, false },
		{ "\xfe", 0, false, false },
		{ "\xff", 0, false, false },
		{ "\x80", 0, false, false },		/* lone continuation */
		{ "a\xbf" "b", 0, false, false },
		{ "\xc3", 0, false, false },		/* truncated */
		{ "\xe2\x82", 0, false, false },
		{ "\xf0\x9f\x98", 0, false, false },
		{ "\xc3" "A", 0, false, false },	/* bad continuation */
		{ "\xe2\x28\xa1", 0, false, false },
		{ "\xf0\x9f\x98" "a", 0, false, false },
		{ "a\0b", 3, false, true },
		{ "\0", 1, false, true },
		/* the eight-byte fast path */
		{ "abcdefghijklmnop", 0, true, true },
		{ "abcdefgh\0jklmnop", 16, false, true },
		{ "abcdefghijklmno\0", 16, false, true },
		{ "\0bcdefghijklmnop", 16, false, true },
		{ "abcdefghijk\xc3\xa9nopq", 0, true, true },
		{ "abcdefghijk\xc3" "mnopq", 0, false, false },
		{ "abcdefg\xed\xa0\x80klmnopq", 0, false, false },
		{ "abcdefghijklmnopqrstuvw\xff", 0, false, false },
		{ "abcdefghijklmnopqrstuvw\xc3", 0, false, false },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = t[i].n ? t[i].n : strlen(t[i].s);

		CHECKF(utf8_valid_nonul(t[i].s, n) == t[i].nonul,
		    "utf8_valid_nonul case %zu should be %d", i,
		    (int)t[i].nonul);
		CHECKF(utf8_valid(t[i].s, n) == t[i].valid,
		    "utf8_valid case %zu should be %d", i, (int)t[i].valid);
	}
	/* Only s[0..n) is looked at. */
	CHECK(utf8_valid_nonul("ab\xff", 2));
	CHECK(!utf8_valid_nonul("\xc3\xa9", 1));

	/* utf8_cut */
	CHECK_INT(utf8_cut("abc", 3), 3);
	CHECK_INT(utf8_cut("a\xc3\xa9", 2), 1);
	CHECK_INT(utf8_cut("a\xc3\xa9", 3), 3);
	CHECK_INT(utf8_cut("\xf0\x9f\x98\x80", 3), 0);
	CHECK_INT(utf8_cut("\xf0\x9f\x98\x80", 4), 4);
	CHECK_INT(utf8_cut("ab\xe2\x82\xac", 4), 2);
}

int
main(void)
{
	test_int();
	test_yesno();
	test_date_values();
	test_code();
	test_quote();
	test_date_arith();
	test_num_format();
	test_json_number();
	test_utf8();
	return unit_done("test_value");
}
