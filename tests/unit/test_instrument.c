/* SPDX-License-Identifier: MIT */
/*
 * test_instrument.c - the instrument table, column matching, scoring,
 * --define and --list (ipt-score.md sections 1-7).
 *
 * Every expected value below was worked out by hand from the spec, not
 * copied from the program's output.  Item cells are written as a
 * comma-separated string, one cell per item: "" missing, "x" not an
 * integer, "na" the word na, anything else an integer.  Extra yes/no
 * columns are one character each: '-' column not in the input, '.' empty,
 * 'y' yes, 'n' no, 'x' not yes/no, '7' the integer 7.  Problem strings
 * have one character per item: '.' none, 'i' not an integer, 'r' out of
 * range, 'n' na where it is not allowed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "instrument.h"
#include "unit.h"

#define NONE (-1)		/* no total, no percent */

static struct instrument_set set;
static char tmpdir[] = "/tmp/test_instrument.XXXXXX";

static const struct instrument *
inst(const char *prefix)
{
	int i = instrument_find(&set, prefix, strlen(prefix));

	if (i < 0) {
		fprintf(stderr, "no instrument '%s'\n", prefix);
		exit(2);
	}
	return &set.inst[i];
}

/* Fill items[1..] from a cell string; returns the number of cells. */
static int
parse_cells(const char *s, struct item_val *items)
{
	int n = 0;

	for (;;) {
		size_t len = strcspn(s, ",");
		struct item_val *c = &items[++n];

		c->v = 0;
		if (len == 0)
			c->state = ITEM_MISSING;
		else if (strncmp(s, "x", len) == 0)
			c->state = ITEM_NOT_INT;
		else if (strncmp(s, "na", len) == 0)
			c->state = ITEM_NA;
		else {
			c->state = ITEM_VALUE;
			c->v = strtol(s, NULL, 10);
		}
		if (s[len] == '\0')
			return n;
		s += len + 1;
	}
}

static void
parse_extras(const char *s, struct extras *ex)
{
	memset(ex, 0, sizeof(*ex));
	for (int k = 0; k < 2 && s[k] != '\0'; k++) {
		ex->present[k] = s[k] != '-';
		ex->val[k].state = ITEM_VALUE;
		if (s[k] == '.')
			ex->val[k].state = ITEM_MISSING;
		else if (s[k] == 'x')
			ex->val[k].state = ITEM_NOT_INT;
		else if (s[k] == 'y')
			ex->val[k].v = 1;
		else if (s[k] == 'n')
			ex->val[k].v = 0;
		else
			ex->val[k].v = s[k] - '0';
	}
}

static char
problem_char(enum item_problem p)
{
	switch (p) {
	case PROB_NONE:		return '.';
	case PROB_NOT_INT:	return 'i';
	case PROB_RANGE:	return 'r';
	case PROB_NA:		return 'n';
	}
	return '?';
}

static void
problem_string(const enum item_problem *p, int from, int to, char *out)
{
	for (int i = from; i <= to; i++)
		*out++ = problem_char(p[i]);
	*out = '\0';
}

/* --- the built-in table ------------------------------------------------ */

static void
test_builtins(void)
{
	static const struct {
		const char *prefix;
		enum instr_kind kind;
		int items, min, max, max_missing, nbands, risk_item;
		int caseness_min;
		unsigned flags;
	} want[] = {
		{ "phq9", INSTR_SUM, 9, 0, 3, 2, 5, 9, 10, 0 },
		{ "phqa", INSTR_SUM, 9, 0, 3, 2, 5, 9, -1, INSTR_PHQA_EXTRAS },
		{ "phq2", INSTR_SUM, 2, 0, 3, 0, 2, 0, -1, 0 },
		{ "gad7", INSTR_SUM, 7, 0, 3, 2, 4, 0, 8, 0 },
		{ "gad2", INSTR_SUM, 2, 0, 3, 0, 2, 0, -1, 0 },
		{ "epds", INSTR_SUM, 10, 0, 3, 0, 3, 10, -1, INSTR_EPDS },
		{ "wsas", INSTR_SUM, 5, 0, 8, 1, 3, 0, -1, INSTR_WSAS_NA },
		{ "k10", INSTR_SUM, 10, 1, 5, 0, 4, 0, -1, 0 },
		{ "who5", INSTR_SUM, 5, 0, 5, 0, 3, 0, -1, INSTR_PERCENT },
		{ "cssrs", INSTR_CSSRS, 6, 0, 1, 0, 0, 0, -1, 0 },
	};
	const struct instrument *b;
	int n;

	b = instrument_builtins(&n);
	CHECK_INT(n, 10);
	CHECK_INT(set.n, 10);
	for (int i = 0; i < 10 && i < n; i++) {
		CHECK_STR(b[i].prefix, want[i].prefix);
		CHECK_STR(set.inst[i].prefix, want[i].prefix);
		CHECK_INT(b[i].kind, want[i].kind);
		CHECK_INT(b[i].items, want[i].items);
		CHECK_INT(b[i].min, want[i].min);
		CHECK_INT(b[i].max, want[i].max);
		CHECK_INT(b[i].max_missing, want[i].max_missing);
		CHECK_INT(b[i].nbands, want[i].nbands);
		CHECK_INT(b[i].risk_item, want[i].risk_item);
		CHECK_INT(b[i].caseness_min, want[i].caseness_min);
		CHECK_INT(b[i].flags, want[i].flags | INSTR_BUILTIN);
		for (int k = 1; k <= INSTR_MAX_ITEMS; k++)
			CHECK(!b[i].reverse[k]);
	}
	CHECK_INT(instrument_find(&set, "PHQ9", 4), 0);
	CHECK_INT(instrument_find(&set, "cssrs", 5), 9);
	CHECK_INT(instrument_find(&set, "K10", 3), 7);
	CHECK_INT(instrument_find(&set, "phq", 3), -1);
	CHECK_INT(instrument_find(&set, "phq9x", 4), 0);	/* len counts */
	CHECK_INT(instrument_find(&set, "phq9x", 5), -1);
}

static void
test_names(void)
{
	static const struct {
		enum score_status st;
		const char *name;
	} st[] = {
		{ ST_ABSENT, "absent" }, { ST_COMPLETE, "complete" },
		{ ST_PRORATED, "prorated" },
		{ ST_INSUFFICIENT, "insufficient" },
		{ ST_INVALID, "invalid" }, { ST_INCOMPLETE, "incomplete" },
	};
	static const struct {
		enum risk r;
		const char *name;
	} rk[] = {
		{ RISK_EMPTY, "" }, { RISK_POSITIVE, "positive" },
		{ RISK_NOT_ENDORSED, "not_endorsed" },
		{ RISK_UNKNOWN, "unknown" },
		{ RISK_HIGH, "high" }, { RISK_MODERATE, "moderate" },
		{ RISK_LOW, "low" },
	};

	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		CHECK_STR(score_status_name(st[i].st), st[i].name);
	for (size_t i = 0; i < sizeof(rk) / sizeof(rk[0]); i++)
		CHECK_STR(risk_name(rk[i].r), rk[i].name);
}

/* --- bands: both sides of every boundary, on complete forms ------------ */

/* A complete form of in whose items (as scores) add up to total. */
static void
fill_total(const struct instrument *in, long total, struct item_val *items)
{
	long rest = total - (long)in->items * in->min;

	for (int i = 1; i <= in->items; i++) {
		long add = rest < in->max - in->min ? rest : in->max - in->min;

		items[i].state = ITEM_VALUE;
		items[i].v = in->min + add;
		rest -= add;
	}
}

static void
test_band_edges(void)
{
	static const struct {
		const char *prefix;
		long total;
		const char *band;
		int caseness;
		long percent;
	} cases[] = {
		{ "phq9", 0, "minimal", 0, NONE },
		{ "phq9", 4, "minimal", 0, NONE },
		{ "phq9", 5, "mild", 0, NONE },
		{ "phq9", 9, "mild", 0, NONE },
		{ "phq9", 10, "moderate", 1, NONE },
		{ "phq9", 14, "moderate", 1, NONE },
		{ "phq9", 15, "moderately_severe", 1, NONE },
		{ "phq9", 19, "moderately_severe", 1, NONE },
		{ "phq9", 20, "severe", 1, NONE },
		{ "phq9", 27, "severe", 1, NONE },
		{ "phqa", 0, "minimal", -1, NONE },
		{ "phqa", 4, "minimal", -1, NONE },
		{ "phqa", 5, "mild", -1, NONE },
		{ "phqa", 9, "mild", -1, NONE },
		{ "phqa", 10, "moderate", -1, NONE },
		{ "phqa", 14, "moderate", -1, NONE },
		{ "phqa", 15, "moderately_severe", -1, NONE },
		{ "phqa", 19, "moderately_severe", -1, NONE },
		{ "phqa", 20, "severe", -1, NONE },
		{ "phqa", 27, "severe", -1, NONE },
		{ "phq2", 0, "negative", -1, NONE },
		{ "phq2", 2, "negative", -1, NONE },
		{ "phq2", 3, "positive", -1, NONE },
		{ "phq2", 6, "positive", -1, NONE },
		{ "gad7", 0, "minimal", 0, NONE },
		{ "gad7", 4, "minimal", 0, NONE },
		{ "gad7", 5, "mild", 0, NONE },
		{ "gad7", 7, "mild", 0, NONE },
		{ "gad7", 8, "mild", 1, NONE },
		{ "gad7", 9, "mild", 1, NONE },
		{ "gad7", 10, "moderate", 1, NONE },
		{ "gad7", 14, "moderate", 1, NONE },
		{ "gad7", 15, "severe", 1, NONE },
		{ "gad7", 21, "severe", 1, NONE },
		{ "gad2", 0, "negative", -1, NONE },
		{ "gad2", 2, "negative", -1, NONE },
		{ "gad2", 3, "positive", -1, NONE },
		{ "gad2", 6, "positive", -1, NONE },
		{ "epds", 0, "unlikely", -1, NONE },
		{ "epds", 9, "unlikely", -1, NONE },
		{ "epds", 10, "possible", -1, NONE },
		{ "epds", 12, "possible", -1, NONE },
		{ "epds", 13, "likely", -1, NONE },
		{ "epds", 30, "likely", -1, NONE },
		{ "wsas", 0, "subclinical", -1, NONE },
		{ "wsas", 9, "subclinical", -1, NONE },
		{ "wsas", 10, "significant", -1, NONE },
		{ "wsas", 20, "significant", -1, NONE },
		{ "wsas", 21, "severe", -1, NONE },
		{ "wsas", 40, "severe", -1, NONE },
		{ "k10", 10, "low", -1, NONE },
		{ "k10", 15, "low", -1, NONE },
		{ "k10", 16, "moderate", -1, NONE },
		{ "k10", 21, "moderate", -1, NONE },
		{ "k10", 22, "high", -1, NONE },
		{ "k10", 29, "high", -1, NONE },
		{ "k10", 30, "very_high", -1, NONE },
		{ "k10", 50, "very_high", -1, NONE },
		{ "who5", 0, "depression_likely", -1, 0 },
		{ "who5", 7, "depression_likely", -1, 28 },
		{ "who5", 8, "poor", -1, 32 },
		{ "who5", 12, "poor", -1, 48 },
		{ "who5", 13, "good", -1, 52 },
		{ "who5", 25, "good", -1, 100 },
	};
	struct item_val items[INSTR_MAX_ITEMS + 1];
	struct score_result r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct instrument *in = inst(cases[i].prefix);

		fill_total(in, cases[i].total, items);
		instrument_score(in, items, NULL, CODING_SCORE, &r);
		CHECKF(r.status == ST_COMPLETE, "%s %ld", cases[i].prefix,
		    cases[i].total);
		CHECK(r.has_total);
		CHECK_INT(r.total, cases[i].total);
		CHECK_STR(r.band, cases[i].band);
		CHECK_INT(r.caseness, cases[i].caseness);
		CHECK_INT(r.has_percent, cases[i].percent != NONE);
		if (r.has_percent)
			CHECK_INT(r.percent, cases[i].percent);
	}
}

/* --- summed instruments: proration, statuses, risk ---------------------- */

struct score_case {
	const char *prefix;
	enum item_coding coding;
	const char *cells;
	const char *extras;	/* NULL: no extras at all */
	enum score_status status;
	long total;		/* NONE: no total */
	const char *band;
	enum risk risk;
	int caseness;
	const char *problems;	/* NULL: no item has a problem */
	const char *extra_problems;	/* NULL: ".." */
};

#define S CODING_SCORE
#define P CODING_POSITION

static const struct score_case sum_cases[] = {
	/* PHQ-9: the spec's example, 8 answered summing to 13 -> 14.625 */
	{ "phq9", S, "3,3,2,2,1,1,1,0,", NULL, ST_PRORATED, 15,
	  "moderately_severe", RISK_UNKNOWN, 1, NULL, NULL },
	/* 4 * 9 / 8 = 4.5 rounds up, across the minimal/mild edge */
	{ "phq9", S, "1,1,1,1,0,0,0,0,", NULL, ST_PRORATED, 5, "mild",
	  RISK_UNKNOWN, 0, NULL, NULL },
	/* 3 * 9 / 8 = 3.375 rounds down */
	{ "phq9", S, "1,1,1,0,0,0,0,0,", NULL, ST_PRORATED, 3, "minimal",
	  RISK_UNKNOWN, 0, NULL, NULL },
	/* 7 answered (max missing 2): 6 * 9 / 7 = 7.71 -> 8 */
	{ "phq9", S, "1,1,1,1,1,1,0,,", NULL, ST_PRORATED, 8, "mild",
	  RISK_UNKNOWN, 0, NULL, NULL },
	/* 7 answered summing to 8 with item 9 present: 10.29 -> 10 */
	{ "phq9", S, "1,1,1,1,1,1,,,2", NULL, ST_PRORATED, 10, "moderate",
	  RISK_POSITIVE, 1, NULL, NULL },
	/* 3 missing: past max missing */
	{ "phq9", S, "1,1,1,1,1,1,,,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "phq9", S, "1,1,1,1,1,,,,0", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phq9", S, ",,,,,,,,0", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phq9", S, "0,0,0,0,0,0,0,0,0", NULL, ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, 0, NULL, NULL },
	{ "phq9", S, "0,0,0,0,0,0,0,0,1", NULL, ST_COMPLETE, 1, "minimal",
	  RISK_POSITIVE, 0, NULL, NULL },
	{ "phq9", S, "3,3,3,3,3,3,3,3,3", NULL, ST_COMPLETE, 27, "severe",
	  RISK_POSITIVE, 1, NULL, NULL },
	/* missing item 9 is never not_endorsed, even when all else is 0 */
	{ "phq9", S, "0,0,0,0,0,0,0,0,", NULL, ST_PRORATED, 0, "minimal",
	  RISK_UNKNOWN, 0, NULL, NULL },
	/* invalid: risk still read from a valid item 9 */
	{ "phq9", S, "x,0,0,0,0,0,0,0,2", NULL, ST_INVALID, NONE, NULL,
	  RISK_POSITIVE, -1, "i........", NULL },
	{ "phq9", S, "0,0,0,0,0,0,0,0,x", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, "........i", NULL },
	{ "phq9", S, "0,0,0,0,0,0,0,0,4", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, "........r", NULL },
	{ "phq9", S, "0,0,0,0,0,0,0,0,-1", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, "........r", NULL },
	{ "phq9", S, ",,,,,,,,x", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, "........i", NULL },
	{ "phq9", S, "na,0,0,0,0,0,0,0,0", NULL, ST_INVALID, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, "n........", NULL },
	{ "phq9", S, ",,,,,,,,", NULL, ST_ABSENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },
	/* --coding affects EPDS only */
	{ "phq9", P, "3,0,0,0,0,0,0,0,0", NULL, ST_COMPLETE, 3, "minimal",
	  RISK_NOT_ENDORSED, 0, NULL, NULL },

	/* PHQ-A and its two extra columns */
	{ "phqa", S, ",,,,,,,,", "--", ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "..", ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "-.", ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phqa", S, ",,,,,,,,", NULL, ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "y-", ST_ABSENT, NONE, NULL, RISK_POSITIVE,
	  -1, NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "-y", ST_ABSENT, NONE, NULL, RISK_POSITIVE,
	  -1, NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "n-", ST_ABSENT, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "nn", ST_ABSENT, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "phqa", S, ",,,,,,,,", "x-", ST_ABSENT, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, "i." },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "--", ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", NULL, ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "nn", ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "n-", ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "-n", ST_COMPLETE, 0, "minimal",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "n.", ST_COMPLETE, 0, "minimal",
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "nx", ST_COMPLETE, 0, "minimal",
	  RISK_UNKNOWN, -1, NULL, ".i" },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "7n", ST_COMPLETE, 0, "minimal",
	  RISK_UNKNOWN, -1, NULL, "i." },
	{ "phqa", S, "0,0,0,0,0,0,0,0,0", "ny", ST_COMPLETE, 0, "minimal",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,1", "nn", ST_COMPLETE, 1, "minimal",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,", "nn", ST_PRORATED, 0, "minimal",
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "phqa", S, "0,0,0,0,0,0,0,0,", "y-", ST_PRORATED, 0, "minimal",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "phqa", S, "x,0,0,0,0,0,0,0,0", "nn", ST_INVALID, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, "i........", NULL },
	{ "phqa", S, "2,2,2,2,2,2,,,", "..", ST_INSUFFICIENT, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },

	/* PHQ-2 and GAD-2: no proration */
	{ "phq2", S, "2,1", NULL, ST_COMPLETE, 3, "positive", RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phq2", S, "1,", NULL, ST_INSUFFICIENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "phq2", S, ",", NULL, ST_ABSENT, NONE, NULL, RISK_EMPTY, -1, NULL,
	  NULL },
	{ "phq2", S, "x,", NULL, ST_INVALID, NONE, NULL, RISK_EMPTY, -1, "i.",
	  NULL },
	{ "gad2", S, "3,3", NULL, ST_COMPLETE, 6, "positive", RISK_EMPTY, -1,
	  NULL, NULL },

	/* GAD-7: 3 * 7 / 6 = 3.5 rounds up */
	{ "gad7", S, "1,1,1,0,0,0,", NULL, ST_PRORATED, 4, "minimal",
	  RISK_EMPTY, 0, NULL, NULL },
	{ "gad7", S, "1,1,1,1,1,1,", NULL, ST_PRORATED, 7, "mild",
	  RISK_EMPTY, 0, NULL, NULL },
	{ "gad7", S, "1,1,1,1,1,,", NULL, ST_PRORATED, 7, "mild",
	  RISK_EMPTY, 0, NULL, NULL },
	/* 6 * 7 / 5 = 8.4: caseness from the prorated total */
	{ "gad7", S, "2,1,1,1,1,,", NULL, ST_PRORATED, 8, "mild",
	  RISK_EMPTY, 1, NULL, NULL },
	{ "gad7", S, "1,1,1,1,,,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },

	/* EPDS read as scores */
	{ "epds", S, "0,0,0,0,0,0,0,0,0,0", NULL, ST_COMPLETE, 0, "unlikely",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "epds", S, "0,0,0,0,0,0,0,0,0,1", NULL, ST_COMPLETE, 1, "unlikely",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "epds", S, "3,3,3,3,3,3,3,3,3,3", NULL, ST_COMPLETE, 30, "likely",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "epds", S, "0,0,0,0,0,0,0,0,0,4", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, ".........r", NULL },
	{ "epds", S, ",0,0,0,0,0,0,0,0,0", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "epds", S, "0,0,0,0,0,0,0,0,0,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },
	/* EPDS read as positions: 3, 5-10 become 3 - x */
	{ "epds", P, "0,0,0,0,0,0,0,0,0,0", NULL, ST_COMPLETE, 21, "likely",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "epds", P, "3,3,3,3,3,3,3,3,3,3", NULL, ST_COMPLETE, 9, "unlikely",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "epds", P, "1,1,1,1,1,1,1,1,1,3", NULL, ST_COMPLETE, 15, "likely",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "epds", P, "0,0,3,0,3,3,3,3,3,2", NULL, ST_COMPLETE, 1, "unlikely",
	  RISK_POSITIVE, -1, NULL, NULL },
	{ "epds", P, "3,3,0,3,3,3,3,3,3,3", NULL, ST_COMPLETE, 12, "possible",
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	/* the range check is on the raw position */
	{ "epds", P, "4,0,0,0,0,0,0,0,0,0", NULL, ST_INVALID, NONE, NULL,
	  RISK_POSITIVE, -1, "r.........", NULL },
	{ "epds", P, "0,0,0,0,0,0,0,0,0,-1", NULL, ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, ".........r", NULL },

	/* WSAS: "na" in item 1 counts as missing but is a value */
	{ "wsas", S, "na,8,8,8,8", NULL, ST_PRORATED, 40, "severe",
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, "na,3,3,3,2", NULL, ST_PRORATED, 14, "significant",
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, "na,2,2,2,2", NULL, ST_PRORATED, 10, "significant",
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, ",2,2,2,1", NULL, ST_PRORATED, 9, "subclinical",
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, "na,1,1,1,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, "na,,,,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },
	{ "wsas", S, ",,,,", NULL, ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "wsas", S, "1,na,2,3,4", NULL, ST_INVALID, NONE, NULL, RISK_EMPTY,
	  -1, ".n...", NULL },
	{ "wsas", S, "9,0,0,0,0", NULL, ST_INVALID, NONE, NULL, RISK_EMPTY,
	  -1, "r....", NULL },
	{ "wsas", S, "2,2,2,2,2", NULL, ST_COMPLETE, 10, "significant",
	  RISK_EMPTY, -1, NULL, NULL },
	/* "na" is WSAS's alone */
	{ "gad2", S, "na,1", NULL, ST_INVALID, NONE, NULL, RISK_EMPTY, -1,
	  "n.", NULL },

	/* K10 items are 1-5 */
	{ "k10", S, "0,1,1,1,1,1,1,1,1,1", NULL, ST_INVALID, NONE, NULL,
	  RISK_EMPTY, -1, "r.........", NULL },
	{ "k10", S, "1,1,1,1,1,1,1,1,1,6", NULL, ST_INVALID, NONE, NULL,
	  RISK_EMPTY, -1, ".........r", NULL },
	{ "k10", S, "1,1,1,1,1,1,1,1,1,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },

	/* WHO-5: no percent without a total */
	{ "who5", S, "1,1,1,1,", NULL, ST_INSUFFICIENT, NONE, NULL,
	  RISK_EMPTY, -1, NULL, NULL },
	{ "who5", S, "6,0,0,0,0", NULL, ST_INVALID, NONE, NULL, RISK_EMPTY,
	  -1, "r....", NULL },
};

static void
check_score(const struct score_case *c, const struct score_result *r,
    int items)
{
	char got[INSTR_MAX_ITEMS + 1];

	CHECKF(r->status == c->status, "%s '%s': status %s", c->prefix,
	    c->cells, score_status_name(r->status));
	CHECK_INT(r->has_total, c->total != NONE);
	if (r->has_total && c->total != NONE)
		CHECKF(r->total == c->total, "%s '%s': total %ld", c->prefix,
		    c->cells, r->total);
	if (c->band == NULL)
		CHECK(r->band == NULL);
	else
		CHECK_STR(r->band, c->band);
	CHECKF(r->risk == c->risk, "%s '%s' '%s': risk '%s'", c->prefix,
	    c->cells, c->extras ? c->extras : "", risk_name(r->risk));
	CHECK_INT(r->caseness, c->caseness);
	problem_string(r->problem, 1, items, got);
	if (c->problems != NULL)
		CHECK_STR(got, c->problems);
	else
		CHECK(strspn(got, ".") == strlen(got));
	problem_string(r->extra_problem, 0, 1, got);
	CHECK_STR(got, c->extra_problems ? c->extra_problems : "..");
}

static void
run_score_cases(const struct score_case *cases, size_t n)
{
	struct item_val items[INSTR_MAX_ITEMS + 1];
	struct extras ex;
	struct score_result r;

	for (size_t i = 0; i < n; i++) {
		const struct instrument *in = inst(cases[i].prefix);

		CHECK_INT(parse_cells(cases[i].cells, items), in->items);
		if (cases[i].extras != NULL)
			parse_extras(cases[i].extras, &ex);
		instrument_score(in, items, cases[i].extras ? &ex : NULL,
		    cases[i].coding, &r);
		check_score(&cases[i], &r, in->items);
		if (strcmp(cases[i].prefix, "who5") != 0)
			CHECK(!r.has_percent);
	}
}

static void
test_sum_scoring(void)
{
	run_score_cases(sum_cases, sizeof(sum_cases) / sizeof(sum_cases[0]));
}

/* --- C-SSRS -------------------------------------------------------------- */

static const struct score_case cssrs_cases[] = {
	/* rule 0 */
	{ "cssrs", S, ",,,,,", "-", ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "cssrs", S, ",,,,,", ".", ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	{ "cssrs", S, ",,,,,", NULL, ST_ABSENT, NONE, NULL, RISK_EMPTY, -1,
	  NULL, NULL },
	/* rule 1: item 4 or 5, even with item 6 unanswered */
	{ "cssrs", S, "1,1,0,1,0,0", "-", ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	{ "cssrs", S, "0,0,,,1,", "-", ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	{ "cssrs", S, ",,,1,,", NULL, ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	/* rule 2: item 6 with recent yes or missing (or invalid) */
	{ "cssrs", S, "1,1,0,0,0,1", "y", ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	{ "cssrs", S, "1,1,0,0,0,1", "-", ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	{ "cssrs", S, "1,1,0,0,0,1", ".", ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	{ "cssrs", S, "1,1,0,0,0,1", "x", ST_INVALID, NONE, NULL, RISK_HIGH,
	  -1, NULL, "i." },
	{ "cssrs", S, "0,0,,,,1", NULL, ST_COMPLETE, NONE, NULL, RISK_HIGH,
	  -1, NULL, NULL },
	/* rule 3: item 3, used literally even when item 2 is no */
	{ "cssrs", S, "1,1,1,0,0,0", "-", ST_COMPLETE, NONE, NULL,
	  RISK_MODERATE, -1, NULL, NULL },
	{ "cssrs", S, "0,0,1,,,0", "-", ST_COMPLETE, NONE, NULL,
	  RISK_MODERATE, -1, NULL, NULL },
	{ "cssrs", S, "1,1,1,0,0,1", "n", ST_COMPLETE, NONE, NULL,
	  RISK_MODERATE, -1, NULL, NULL },
	/* rule 4: item 6, not recent */
	{ "cssrs", S, "1,1,0,0,0,1", "n", ST_COMPLETE, NONE, NULL,
	  RISK_MODERATE, -1, NULL, NULL },
	{ "cssrs", S, "0,0,,,,1", "n", ST_COMPLETE, NONE, NULL,
	  RISK_MODERATE, -1, NULL, NULL },
	/* rule 5: item 1, 2 or 6 missing or invalid */
	{ "cssrs", S, ",0,,,,0", "-", ST_INCOMPLETE, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "cssrs", S, "0,,,,,0", "-", ST_INCOMPLETE, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "cssrs", S, "1,1,0,0,0,", "-", ST_INCOMPLETE, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "cssrs", S, "x,0,,,,0", "-", ST_INVALID, NONE, NULL, RISK_UNKNOWN,
	  -1, "i.....", NULL },
	{ "cssrs", S, "2,0,,,,0", "-", ST_INVALID, NONE, NULL, RISK_UNKNOWN,
	  -1, "i.....", NULL },
	{ "cssrs", S, "0,0,,,,na", "-", ST_INVALID, NONE, NULL, RISK_UNKNOWN,
	  -1, ".....i", NULL },
	{ "cssrs", S, ",,,,,", "y", ST_INCOMPLETE, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "cssrs", S, ",,,,,", "x", ST_INVALID, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, "i." },
	{ "cssrs", S, "x,,,,,", NULL, ST_INVALID, NONE, NULL, RISK_UNKNOWN,
	  -1, "i.....", NULL },
	/* rule 6: item 2 yes and one of 3-5 missing */
	{ "cssrs", S, "1,1,,0,0,0", "-", ST_INCOMPLETE, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "cssrs", S, "0,1,0,0,,0", "-", ST_INCOMPLETE, NONE, NULL,
	  RISK_UNKNOWN, -1, NULL, NULL },
	{ "cssrs", S, "1,1,0,x,0,0", "-", ST_INVALID, NONE, NULL,
	  RISK_UNKNOWN, -1, "...i..", NULL },
	/* rule 7: item 1 or 2 yes */
	{ "cssrs", S, "1,0,,,,0", "-", ST_COMPLETE, NONE, NULL, RISK_LOW, -1,
	  NULL, NULL },
	{ "cssrs", S, "0,1,0,0,0,0", "-", ST_COMPLETE, NONE, NULL, RISK_LOW,
	  -1, NULL, NULL },
	{ "cssrs", S, "1,0,0,0,0,0", "y", ST_COMPLETE, NONE, NULL, RISK_LOW,
	  -1, NULL, NULL },
	/* rule 8 */
	{ "cssrs", S, "0,0,,,,0", "-", ST_COMPLETE, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "cssrs", S, "0,0,0,0,0,0", "n", ST_COMPLETE, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, NULL },
	{ "cssrs", S, "0,0,,,,0", "x", ST_INVALID, NONE, NULL,
	  RISK_NOT_ENDORSED, -1, NULL, "i." },
};

static void
test_cssrs(void)
{
	run_score_cases(cssrs_cases,
	    sizeof(cssrs_cases) / sizeof(cssrs_cases[0]));
}

/* --- column names -------------------------------------------------------- */

static void
test_match_item(void)
{
	static const struct {
		const char *name;
		const char *prefix;	/* NULL: not an item column */
		int item;
	} cases[] = {
		{ "phq9_1", "phq9", 1 },
		{ "phq9_9", "phq9", 9 },
		{ "PHQ9_Q1", "phq9", 1 },
		{ "phq9_q3", "phq9", 3 },
		{ "Phq9Q9", "phq9", 9 },
		{ "phq9q2", "phq9", 2 },
		{ "phq9_10", NULL, 0 },
		{ "phq9_0", NULL, 0 },
		{ "phq9_01", NULL, 0 },
		{ "phq9_q01", NULL, 0 },
		{ "phq9q01", NULL, 0 },
		{ "phq9_", NULL, 0 },
		{ "phq9_q", NULL, 0 },
		{ "phq9", NULL, 0 },
		{ "phq91", NULL, 0 },
		{ "phq9__1", NULL, 0 },
		{ "phq9_1x", NULL, 0 },
		{ "phq9_1 ", NULL, 0 },
		{ "phq9_+1", NULL, 0 },
		{ "phq9_-1", NULL, 0 },
		{ "phq9-1", NULL, 0 },
		{ "phqa_9", "phqa", 9 },
		{ "phqa_suicide_month", NULL, 0 },
		{ "phqa_attempt_ever", NULL, 0 },
		{ "phq2_2", "phq2", 2 },
		{ "phq2_3", NULL, 0 },
		{ "gad7_7", "gad7", 7 },
		{ "gad2q1", "gad2", 1 },
		{ "epds_10", "epds", 10 },
		{ "EPDS_Q10", "epds", 10 },
		{ "epds_11", NULL, 0 },
		{ "wsas_5", "wsas", 5 },
		{ "k10_10", "k10", 10 },
		{ "k10q10", "k10", 10 },
		{ "k10_q010", NULL, 0 },
		{ "who5_q5", "who5", 5 },
		{ "who5_6", NULL, 0 },
		{ "cssrs_6", "cssrs", 6 },
		{ "cssrs_7", NULL, 0 },
		{ "cssrs_6_recent", NULL, 0 },
		{ "x_1", NULL, 0 },
		{ "", NULL, 0 },
		{ "_1", NULL, 0 },
	};
	int i, item;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		bool ok = instrument_match_item(&set, cases[k].name,
		    strlen(cases[k].name), &i, &item);

		CHECKF(ok == (cases[k].prefix != NULL), "'%s'", cases[k].name);
		if (!ok || cases[k].prefix == NULL)
			continue;
		CHECK_STR(set.inst[i].prefix, cases[k].prefix);
		CHECK_INT(item, cases[k].item);
	}
	/* The name is s[0..len), not NUL-terminated. */
	CHECK(instrument_match_item(&set, "phq9_12", 6, &i, &item));
	CHECK_INT(item, 1);
	CHECK(!instrument_match_item(&set, "phq9_12", 5, &i, &item));
}

static void
test_match_extra(void)
{
	static const struct {
		const char *name;
		const char *prefix;
		int slot;
	} cases[] = {
		{ "phqa_suicide_month", "phqa", 0 },
		{ "PHQA_Suicide_Month", "phqa", 0 },
		{ "phqa_attempt_ever", "phqa", 1 },
		{ "PHQA_ATTEMPT_EVER", "phqa", 1 },
		{ "cssrs_6_recent", "cssrs", 0 },
		{ "CSSRS_6_Recent", "cssrs", 0 },
		{ "phqa_suicide_months", NULL, 0 },
		{ "phqa_suicide", NULL, 0 },
		{ "phqa_9", NULL, 0 },
		{ "cssrs_6", NULL, 0 },
		{ "phq9_suicide_month", NULL, 0 },
	};
	int i, slot;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		bool ok = instrument_match_extra(&set, cases[k].name,
		    strlen(cases[k].name), &i, &slot);

		CHECKF(ok == (cases[k].prefix != NULL), "'%s'", cases[k].name);
		if (!ok || cases[k].prefix == NULL)
			continue;
		CHECK_STR(set.inst[i].prefix, cases[k].prefix);
		CHECK_INT(slot, cases[k].slot);
	}
	CHECK(instrument_match_extra(&set, "cssrs_6_recentXX", 14, &i, &slot));
}

/* --- --list -------------------------------------------------------------- */

#define PHQ9_BANDS_JSON "\"bands\":[{\"label\":\"minimal\",\"max\":4}," \
	"{\"label\":\"mild\",\"max\":9},{\"label\":\"moderate\",\"max\":14}," \
	"{\"label\":\"moderately_severe\",\"max\":19}," \
	"{\"label\":\"severe\",\"max\":27}]"
#define TWO_BANDS_JSON "\"bands\":[{\"label\":\"negative\",\"max\":2}," \
	"{\"label\":\"positive\",\"max\":6}]"

static const char builtins_json[] =
	"{\"instruments\":["
	"{\"prefix\":\"phq9\",\"name\":\"PHQ-9\",\"items\":9,\"min\":0,"
	"\"max\":3,\"max_missing\":2,\"reverse\":[]," PHQ9_BANDS_JSON ","
	"\"risk_item\":9,\"caseness_min\":10},"
	"{\"prefix\":\"phqa\",\"name\":\"PHQ-9 modified for adolescents "
	"(PHQ-A)\",\"items\":9,\"min\":0,\"max\":3,\"max_missing\":2,"
	"\"reverse\":[]," PHQ9_BANDS_JSON ",\"risk_item\":9,"
	"\"caseness_min\":null},"
	"{\"prefix\":\"phq2\",\"name\":\"PHQ-2\",\"items\":2,\"min\":0,"
	"\"max\":3,\"max_missing\":0,\"reverse\":[]," TWO_BANDS_JSON ","
	"\"risk_item\":null,\"caseness_min\":null},"
	"{\"prefix\":\"gad7\",\"name\":\"GAD-7\",\"items\":7,\"min\":0,"
	"\"max\":3,\"max_missing\":2,\"reverse\":[],\"bands\":["
	"{\"label\":\"minimal\",\"max\":4},{\"label\":\"mild\",\"max\":9},"
	"{\"label\":\"moderate\",\"max\":14},{\"label\":\"severe\",\"max\":21}"
	"],\"risk_item\":null,\"caseness_min\":8},"
	"{\"prefix\":\"gad2\",\"name\":\"GAD-2\",\"items\":2,\"min\":0,"
	"\"max\":3,\"max_missing\":0,\"reverse\":[]," TWO_BANDS_JSON ","
	"\"risk_item\":null,\"caseness_min\":null},"
	"{\"prefix\":\"epds\",\"name\":\"Edinburgh Postnatal Depression "
	"Scale\",\"items\":10,\"min\":0,\"max\":3,\"max_missing\":0,"
	"\"reverse\":[],\"bands\":[{\"label\":\"unlikely\",\"max\":9},"
	"{\"label\":\"possible\",\"max\":12},{\"label\":\"likely\",\"max\":30}"
	"],\"risk_item\":10,\"caseness_min\":null},"
	"{\"prefix\":\"wsas\",\"name\":\"Work and Social Adjustment Scale\","
	"\"items\":5,\"min\":0,\"max\":8,\"max_missing\":1,\"reverse\":[],"
	"\"bands\":[{\"label\":\"subclinical\",\"max\":9},"
	"{\"label\":\"significant\",\"max\":20},{\"label\":\"severe\","
	"\"max\":40}],\"risk_item\":null,\"caseness_min\":null},"
	"{\"prefix\":\"k10\",\"name\":\"Kessler K10\",\"items\":10,\"min\":1,"
	"\"max\":5,\"max_missing\":0,\"reverse\":[],\"bands\":["
	"{\"label\":\"low\",\"max\":15},{\"label\":\"moderate\",\"max\":21},"
	"{\"label\":\"high\",\"max\":29},{\"label\":\"very_high\",\"max\":50}"
	"],\"risk_item\":null,\"caseness_min\":null},"
	"{\"prefix\":\"who5\",\"name\":\"WHO-5 Well-Being Index\",\"items\":5,"
	"\"min\":0,\"max\":5,\"max_missing\":0,\"reverse\":[],\"bands\":["
	"{\"label\":\"depression_likely\",\"max\":7},{\"label\":\"poor\","
	"\"max\":12},{\"label\":\"good\",\"max\":25}],\"risk_item\":null,"
	"\"caseness_min\":null},"
	"{\"prefix\":\"cssrs\",\"name\":\"C-SSRS screener\","
	"\"kind\":\"cssrs_screener\"}";

/* The --list text of s, in a malloc'd string. */
static char *
list_text(const struct instrument_set *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL) {
		perror("open_memstream");
		exit(2);
	}
	CHECK_INT(instruments_list(s, fp), 0);
	fclose(fp);
	return buf;
}

static void
test_list_builtins(void)
{
	char want[sizeof(builtins_json) + 8];
	char *got = list_text(&set);

	snprintf(want, sizeof(want), "%s]}\n", builtins_json);
	CHECK_STR(got, want);
	free(got);
}

/* A write error is reported (where the system has /dev/full). */
static void
test_list_write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL)
		return;
	setvbuf(fp, NULL, _IONBF, 0);
	CHECK_INT(instruments_list(&set, fp), -1);
	fclose(fp);
}

/* --- --define ------------------------------------------------------------ */

/* tmpdir/name, in a static buffer. */
static const char *
tmp_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/*
 * Write text to tmpdir/name, with every ' turned into " so that the JSON
 * in the tables stays readable; \' gives an escaped quote in JSON.
 */
static const char *
write_defs(const char *name, const char *text, size_t len)
{
	const char *path = tmp_path(name);
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(2);
	}
	for (size_t i = 0; i < len; i++)
		putc(text[i] == '\'' ? '"' : text[i], fp);
	if (fclose(fp) == EOF) {
		perror(path);
		exit(2);
	}
	return path;
}

/* instruments_define on a fresh set; the set must be unchanged on error. */
static int
define_text(struct instrument_set *s, const char *text, char *err,
    size_t errlen)
{
	const char *path = write_defs("defs.json", text, strlen(text));
	struct instrument_set before;
	int rc;

	memcpy(&before, s, sizeof(before));
	rc = instruments_define(s, path, err, errlen);

	if (rc != 0)
		CHECK(memcmp(&before, s, sizeof(before)) == 0);
	return rc;
}

#define IFAS_HEAD "'prefix':'ifas','name':'IFAS','items':12,'min':0,'max':4"
#define IFAS_BANDS \
	"'bands':[{'label':'low','max':15},{'label':'high','max':48}]"
#define IFAS IFAS_HEAD ",'max_missing':1,'reverse':[3,7]," IFAS_BANDS
#define ONE(x) "{'instruments':[{" x "}]}"

static const struct {
	const char *json;
	const char *msg;	/* after "'<path>': " */
} define_errors[] = {
	{ "{", "invalid JSON at line 1" },
	{ "{'instruments':\n[}", "invalid JSON at line 2" },
	{ "{'instruments':[]} x", "invalid JSON at line 1" },
	{ "", "invalid JSON at line 1" },
	{ "[]", "top level must be an object" },
	{ "{}", "missing key 'instruments'" },
	{ "{'instruments':{}}", "instruments must be an array" },
	{ "{'instruments':[],'x':1}", "unknown key 'x'" },
	{ "{'instruments':[],'instruments':[]}",
	  "duplicate key 'instruments'" },
	{ "{'instruments':[1]}", "instrument 1: not an object" },
	{ ONE(IFAS ",'foo':1"), "instrument 1: unknown key 'foo'" },
	{ ONE(IFAS ",'Items':12"), "instrument 1: unknown key 'Items'" },
	{ ONE(IFAS ",'items':12"), "instrument 1: duplicate key 'items'" },
	{ ONE("'prefix':'cssrs2','name':'x','kind':'cssrs_screener'"),
	  "instrument 1: kind cssrs_screener cannot be defined" },
	{ ONE(IFAS ",'kind':'sum'"),
	  "instrument 1: unknown kind (custom instruments have none)" },
	{ ONE("'name':'IFAS','items':2,'min':0,'max':1,'max_missing':0,"
	  "'bands':[{'label':'all','max':2}]"),
	  "instrument 1: missing key 'prefix'" },
	{ ONE("'prefix':7,'name':'x'"),
	  "instrument 1: prefix must be a string" },
	{ ONE("'prefix':'IFAS','name':'x'"), "instrument 1: prefix 'IFAS' "
	  "must match [a-z][a-z0-9]* (at most 32 bytes)" },
	{ ONE("'prefix':'1fas','name':'x'"), "instrument 1: prefix '1fas' "
	  "must match [a-z][a-z0-9]* (at most 32 bytes)" },
	{ ONE("'prefix':'if_as','name':'x'"), "instrument 1: prefix 'if_as' "
	  "must match [a-z][a-z0-9]* (at most 32 bytes)" },
	{ ONE("'prefix':'','name':'x'"), "instrument 1: prefix '' "
	  "must match [a-z][a-z0-9]* (at most 32 bytes)" },
	{ ONE("'prefix':'abcdefghijklmnopqrstuvwxyz0123456','name':'x'"),
	  "instrument 1: prefix 'abcdefghijklmnopqrstuvwxyz0123456' "
	  "must match [a-z][a-z0-9]* (at most 32 bytes)" },
	{ ONE("'prefix':'phq9','name':'x'"),
	  "instrument 1: prefix 'phq9' is a built-in" },
	{ ONE("'prefix':'cssrs','name':'x'"),
	  "instrument 1: prefix 'cssrs' is a built-in" },
	{ "{'instruments':[{" IFAS "},{" IFAS "}]}",
	  "instrument 2: prefix 'ifas' is already defined" },
	{ ONE("'prefix':'ifas','items':2"),
	  "instrument 1: missing key 'name'" },
	{ ONE("'prefix':'ifas','name':''"),
	  "instrument 1: name must be 1 to 127 bytes" },
	{ ONE("'prefix':'ifas','name':null"),
	  "instrument 1: name must be a string" },
	{ ONE("'prefix':'ifas','name':'\xff'"),
	  "instrument 1: name is not valid UTF-8" },
	{ ONE("'prefix':'ifas','name':'\xc0\xaf'"),
	  "instrument 1: name is not valid UTF-8" },
	{ ONE("'prefix':'ifas','name':'x','min':0"),
	  "instrument 1: missing key 'items'" },
	{ ONE("'prefix':'ifas','name':'x','items':0"),
	  "instrument 1: items must be an integer in 1..64" },
	{ ONE("'prefix':'ifas','name':'x','items':65"),
	  "instrument 1: items must be an integer in 1..64" },
	{ ONE("'prefix':'ifas','name':'x','items':2.5"),
	  "instrument 1: items must be an integer in 1..64" },
	{ ONE("'prefix':'ifas','name':'x','items':'9'"),
	  "instrument 1: items must be an integer in 1..64" },
	{ ONE("'prefix':'ifas','name':'x','items':1e400"),
	  "instrument 1: items must be an integer in 1..64" },
	{ ONE("'prefix':'ifas','name':'x','items':2,'min':-1"),
	  "instrument 1: min must be an integer in 0..999999" },
	{ ONE("'prefix':'ifas','name':'x','items':2,'min':0,'max':0"),
	  "instrument 1: max must be an integer in 1..1000000" },
	{ ONE("'prefix':'ifas','name':'x','items':2,'min':2,'max':1"),
	  "instrument 1: max must be an integer in 3..1000000" },
	{ ONE(IFAS_HEAD "," IFAS_BANDS),
	  "instrument 1: missing key 'max_missing'" },
	{ ONE(IFAS_HEAD ",'max_missing':12," IFAS_BANDS),
	  "instrument 1: max_missing must be an integer in 0..11" },
	{ ONE(IFAS_HEAD ",'max_missing':13," IFAS_BANDS),
	  "instrument 1: max_missing must be an integer in 0..11" },
	{ ONE(IFAS_HEAD ",'max_missing':-1," IFAS_BANDS),
	  "instrument 1: max_missing must be an integer in 0..11" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'reverse':3," IFAS_BANDS),
	  "instrument 1: reverse must be an array of item numbers" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'reverse':[13]," IFAS_BANDS),
	  "instrument 1: reverse: item numbers must be integers in 1..12" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'reverse':[0]," IFAS_BANDS),
	  "instrument 1: reverse: item numbers must be integers in 1..12" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'reverse':[3,3]," IFAS_BANDS),
	  "instrument 1: reverse: item 3 listed twice" },
	{ ONE(IFAS_HEAD ",'max_missing':0"),
	  "instrument 1: missing key 'bands'" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[]"),
	  "instrument 1: bands must be an array of 1 to 16 bands" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':{}"),
	  "instrument 1: bands must be an array of 1 to 16 bands" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'a','max':1},"
	  "{'label':'a','max':2},{'label':'a','max':3},{'label':'a','max':4},"
	  "{'label':'a','max':5},{'label':'a','max':6},{'label':'a','max':7},"
	  "{'label':'a','max':8},{'label':'a','max':9},"
	  "{'label':'a','max':10},{'label':'a','max':11},"
	  "{'label':'a','max':12},{'label':'a','max':13},"
	  "{'label':'a','max':14},{'label':'a','max':15},"
	  "{'label':'a','max':16},{'label':'a','max':48}]"),
	  "instrument 1: bands must be an array of 1 to 16 bands" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[1]"),
	  "instrument 1: band 1: not an object" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'a','max':48,"
	  "'min':0}]"), "instrument 1: band 1: unknown key 'min'" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'max':48}]"),
	  "instrument 1: band 1: missing key 'label'" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'Low','max':48}]"),
	  "instrument 1: band 1: label must match [a-z0-9_]+ "
	  "(at most 32 bytes)" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'','max':48}]"),
	  "instrument 1: band 1: label must match [a-z0-9_]+ "
	  "(at most 32 bytes)" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':"
	  "'abcdefghijklmnopqrstuvwxyz_123456','max':48}]"),
	  "instrument 1: band 1: label must match [a-z0-9_]+ "
	  "(at most 32 bytes)" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'low'}]"),
	  "instrument 1: band 1: missing key 'max'" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'low','max':15},"
	  "{'label':'high','max':49}]"),
	  "instrument 1: band 2: max must be an integer in 0..48" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'low','max':20},"
	  "{'label':'mid','max':20},{'label':'high','max':48}]"),
	  "instrument 1: band 2: max 20 is not above the previous band's "
	  "max 20" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'low','max':20},"
	  "{'label':'mid','max':10},{'label':'high','max':48}]"),
	  "instrument 1: band 2: max 10 is not above the previous band's "
	  "max 20" },
	{ ONE(IFAS_HEAD ",'max_missing':0,'bands':[{'label':'low','max':15},"
	  "{'label':'high','max':47}]"),
	  "instrument 1: bands do not cover 0..48" },
	{ ONE("'prefix':'ifas','name':'x','items':12,'min':1,'max':4,"
	  "'max_missing':0,'bands':[{'label':'low','max':11},"
	  "{'label':'high','max':48}]"),
	  "instrument 1: band 1: max must be an integer in 12..48" },
	{ ONE(IFAS ",'risk_item':13"),
	  "instrument 1: risk_item must be null or an integer in 1..12" },
	{ ONE(IFAS ",'risk_item':0"),
	  "instrument 1: risk_item must be null or an integer in 1..12" },
	{ ONE(IFAS ",'risk_item':'1'"),
	  "instrument 1: risk_item must be null or an integer in 1..12" },
	{ ONE(IFAS ",'caseness_min':49"),
	  "instrument 1: caseness_min must be null or an integer in 0..48" },
	{ ONE(IFAS ",'caseness_min':-1"),
	  "instrument 1: caseness_min must be null or an integer in 0..48" },
	/* the first instrument is fine; the set must not keep it */
	{ "{'instruments':[{" IFAS "},{'prefix':'two','name':'x',"
	  "'items':1,'min':0,'max':1,'max_missing':1,'bands':[]}]}",
	  "instrument 2: max_missing must be an integer in 0..0" },
};

static void
test_define_errors(void)
{
	struct instrument_set s;
	char err[512], want[1024];

	for (size_t i = 0; i < sizeof(define_errors) / sizeof(define_errors[0]);
	    i++) {
		instrument_set_init(&s);
		CHECKF(define_text(&s, define_errors[i].json, err,
		    sizeof(err)) == -1, "case %zu", i);
		snprintf(want, sizeof(want), "'%s': %s", tmp_path("defs.json"),
		    define_errors[i].msg);
		CHECK_STR(err, want);
		CHECK_INT(s.n, 10);
		CHECK_INT(instrument_find(&s, "ifas", 4), -1);
		instrument_set_release(&s);
	}
}

/* A --define document with n trivial instruments c0, c1, ... */
static char *
many_defs(int n)
{
	char *buf = malloc((size_t)n * 128 + 32);
	size_t len;

	if (buf == NULL) {
		perror("malloc");
		exit(2);
	}
	len = (size_t)sprintf(buf, "{'instruments':[");
	for (int i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "%s{'prefix':'c%d',"
		    "'name':'x','items':1,'min':0,'max':1,'max_missing':0,"
		    "'bands':[{'label':'a','max':1}]}", i > 0 ? "," : "", i);
	strcpy(buf + len, "]}");
	return buf;
}

/* Errors that the table cannot express: I/O, NUL bytes, counts. */
static void
test_define_file_errors(void)
{
	static const char nul[] = "{'instruments':[]}\0 ";
	struct instrument_set s;
	char err[512], want[1024], *many;
	const char *path;

	instrument_set_init(&s);
	path = tmp_path("nonexistent.json");
	snprintf(want, sizeof(want), "'%s': cannot read: %s", path,
	    strerror(ENOENT));
	CHECK_INT(instruments_define(&s, path, err, sizeof(err)), -1);
	CHECK_STR(err, want);

	path = tmp_path(".");
	snprintf(want, sizeof(want), "'%s': cannot read: %s", path,
	    strerror(EISDIR));
	CHECK_INT(instruments_define(&s, path, err, sizeof(err)), -1);
	CHECK_STR(err, want);

	path = write_defs("nul.json", nul, sizeof(nul) - 1);
	snprintf(want, sizeof(want), "'%s': contains a NUL byte", path);
	CHECK_INT(instruments_define(&s, path, err, sizeof(err)), -1);
	CHECK_STR(err, want);

	/* 64 instruments in a set: 10 built-ins leave room for 54. */
	many = many_defs(55);
	path = write_defs("many.json", many, strlen(many));
	free(many);
	snprintf(want, sizeof(want), "'%s': too many instruments (at most 64 "
	    "in all)", path);
	CHECK_INT(instruments_define(&s, path, err, sizeof(err)), -1);
	CHECK_STR(err, want);
	CHECK_INT(s.n, 10);
	many = many_defs(54);
	path = write_defs("many.json", many, strlen(many));
	free(many);
	CHECK_INT(instruments_define(&s, path, err, sizeof(err)), 0);
	CHECK_INT(s.n, 64);
	CHECK_INT(instrument_find(&s, "c53", 3), 63);
	instrument_set_release(&s);
}

static void
test_define_ok(void)
{
	static const char text[] = "{'instruments':[{" IFAS ","
	    "'risk_item':2,'caseness_min':20},{'prefix':'mini','name':"
	    "'Mini \\'two\\' \\\\ \\u0001 \\u00e9','items':2,'min':0,'max':2,"
	    "'max_missing':0,'bands':[{'label':'all','max':4}]}]}";
	struct instrument_set s;
	const struct instrument *in;
	char err[512] = "";

	instrument_set_init(&s);
	CHECK_INT(define_text(&s, text, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.n, 12);
	in = &s.inst[10];
	CHECK_STR(in->prefix, "ifas");
	CHECK_STR(in->name, "IFAS");
	CHECK_INT(in->kind, INSTR_SUM);
	CHECK_INT(in->items, 12);
	CHECK_INT(in->min, 0);
	CHECK_INT(in->max, 4);
	CHECK_INT(in->max_missing, 1);
	for (int i = 1; i <= INSTR_MAX_ITEMS; i++)
		CHECK_INT(in->reverse[i], i == 3 || i == 7);
	CHECK_INT(in->nbands, 2);
	CHECK_STR(in->bands[0].label, "low");
	CHECK_INT(in->bands[0].max, 15);
	CHECK_STR(in->bands[1].label, "high");
	CHECK_INT(in->bands[1].max, 48);
	CHECK_INT(in->risk_item, 2);
	CHECK_INT(in->caseness_min, 20);
	CHECK_INT(in->flags, 0);
	in = &s.inst[11];
	CHECK_STR(in->name, "Mini \"two\" \\ \x01 \xc3\xa9");
	CHECK_INT(in->risk_item, 0);
	CHECK_INT(in->caseness_min, -1);
	for (int i = 1; i <= INSTR_MAX_ITEMS; i++)
		CHECK(!in->reverse[i]);

	/* a second file cannot reuse a prefix defined by the first */
	CHECK_INT(define_text(&s, ONE(IFAS), err, sizeof(err)), -1);
	CHECK(strstr(err, "': instrument 1: prefix 'ifas' is already "
	    "defined") != NULL);
	CHECK_INT(s.n, 12);
	instrument_set_release(&s);
}

static bool
same_instrument(const struct instrument *a, const struct instrument *b)
{
	if (strcmp(a->prefix, b->prefix) != 0 ||
	    strcmp(a->name, b->name) != 0 || a->kind != b->kind ||
	    a->items != b->items || a->min != b->min ||
	    a->max != b->max || a->max_missing != b->max_missing ||
	    a->nbands != b->nbands || a->risk_item != b->risk_item ||
	    a->caseness_min != b->caseness_min || a->flags != b->flags)
		return false;
	for (int i = 0; i <= INSTR_MAX_ITEMS; i++)
		if (a->reverse[i] != b->reverse[i])
			return false;
	for (int k = 0; k < a->nbands; k++)
		if (strcmp(a->bands[k].label, b->bands[k].label) != 0 ||
		    a->bands[k].max != b->bands[k].max)
			return false;
	return true;
}

/* What --list prints for the two custom instruments of test_define_ok(). */
static const char custom_json[] =
	"{\"prefix\":\"ifas\",\"name\":\"IFAS\",\"items\":12,\"min\":0,"
	"\"max\":4,\"max_missing\":1,\"reverse\":[3,7],\"bands\":["
	"{\"label\":\"low\",\"max\":15},{\"label\":\"high\",\"max\":48}],"
	"\"risk_item\":2,\"caseness_min\":20},"
	"{\"prefix\":\"mini\","
	"\"name\":\"Mini \\\"two\\\" \\\\ \\u0001 \xc3\xa9\","
	"\"items\":2,\"min\":0,\"max\":2,\"max_missing\":0,\"reverse\":[],"
	"\"bands\":[{\"label\":\"all\",\"max\":4}],\"risk_item\":null,"
	"\"caseness_min\":null}";

static void
test_list_roundtrip(void)
{
	static const char text[] = "{'instruments':[{" IFAS ","
	    "'risk_item':2,'caseness_min':20},{'prefix':'mini','name':"
	    "'Mini \\'two\\' \\\\ \\u0001 \\u00e9','items':2,'min':0,'max':2,"
	    "'max_missing':0,'bands':[{'label':'all','max':4}]}]}";
	struct instrument_set s, again;
	char err[512], *got, *want, *doc;
	size_t n = sizeof(builtins_json) + sizeof(custom_json) + 8;

	instrument_set_init(&s);
	CHECK_INT(define_text(&s, text, err, sizeof(err)), 0);
	got = list_text(&s);
	want = malloc(n);
	snprintf(want, n, "%s,%s]}\n", builtins_json, custom_json);
	CHECK_STR(got, want);

	/* The listed custom entries, fed back, define the same instruments. */
	doc = malloc(n);
	snprintf(doc, n, "{\"instruments\":[%s]}", custom_json);
	instrument_set_init(&again);
	CHECK_INT(instruments_define(&again,
	    write_defs("again.json", doc, strlen(doc)), err, sizeof(err)), 0);
	CHECK_INT(again.n, 12);
	CHECK(same_instrument(&again.inst[10], &s.inst[10]));
	CHECK(same_instrument(&again.inst[11], &s.inst[11]));
	free(got);
	free(want);
	free(doc);
	instrument_set_release(&s);
	instrument_set_release(&again);
}

/* --- scoring a custom instrument ----------------------------------------- */

static const struct score_case custom_cases[] = {
	/* items 1-5, item 2 reversed (6 - x), risk item 2, caseness >= 12 */
	{ "cus", S, "1,1,1,1", NULL, ST_COMPLETE, 8, "low", RISK_POSITIVE, 0,
	  NULL, NULL },
	{ "cus", S, "5,5,5,5", NULL, ST_COMPLETE, 16, "high", RISK_POSITIVE,
	  1, NULL, NULL },
	{ "cus", S, "3,5,3,1", NULL, ST_COMPLETE, 8, "low", RISK_POSITIVE, 0,
	  NULL, NULL },
	/* 3 * 4 / 3 = 4 */
	{ "cus", S, "1,,1,1", NULL, ST_PRORATED, 4, "low", RISK_UNKNOWN, 0,
	  NULL, NULL },
	/* 11 * 4 / 3 = 14.67 -> 15 */
	{ "cus", S, "5,,5,1", NULL, ST_PRORATED, 15, "high", RISK_UNKNOWN, 1,
	  NULL, NULL },
	{ "cus", S, "1,6,1,1", NULL, ST_INVALID, NONE, NULL, RISK_UNKNOWN, -1,
	  ".r..", NULL },
	{ "cus", S, "0,1,1,1", NULL, ST_INVALID, NONE, NULL, RISK_POSITIVE,
	  -1, "r...", NULL },
	{ "cus", S, "2,,2,", NULL, ST_INSUFFICIENT, NONE, NULL, RISK_UNKNOWN,
	  -1, NULL, NULL },
	{ "cus", S, ",,,", NULL, ST_ABSENT, NONE, NULL, RISK_EMPTY, -1, NULL,
	  NULL },
	/* --coding position leaves custom instruments alone */
	{ "cus", P, "1,1,1,1", NULL, ST_COMPLETE, 8, "low", RISK_POSITIVE, 0,
	  NULL, NULL },
	/* items 0-2, risk item 1 */
	{ "zro", S, "0,2", NULL, ST_COMPLETE, 2, "all", RISK_NOT_ENDORSED, -1,
	  NULL, NULL },
	{ "zro", S, "1,2", NULL, ST_COMPLETE, 3, "all", RISK_POSITIVE, -1,
	  NULL, NULL },
	{ "zro", S, ",2", NULL, ST_INSUFFICIENT, NONE, NULL, RISK_UNKNOWN, -1,
	  NULL, NULL },
	{ "zro", S, "na,2", NULL, ST_INVALID, NONE, NULL, RISK_UNKNOWN, -1,
	  "n.", NULL },
};

static void
test_custom_scoring(void)
{
	static const char text[] = "{'instruments':[{'prefix':'cus',"
	    "'name':'Custom','items':4,'min':1,'max':5,'max_missing':1,"
	    "'reverse':[2],'bands':[{'label':'low','max':10},"
	    "{'label':'high','max':20}],'risk_item':2,'caseness_min':12},"
	    "{'prefix':'zro','name':'Zero','items':2,'min':0,'max':2,"
	    "'max_missing':0,'bands':[{'label':'all','max':4}],"
	    "'risk_item':1}]}";
	struct instrument_set saved = set;
	char err[512];
	int i, item;

	CHECK_INT(define_text(&set, text, err, sizeof(err)), 0);
	run_score_cases(custom_cases,
	    sizeof(custom_cases) / sizeof(custom_cases[0]));
	CHECK(instrument_match_item(&set, "CUS_Q4", 6, &i, &item));
	CHECK_INT(i, 10);
	CHECK_INT(item, 4);
	CHECK(!instrument_match_item(&set, "cus_5", 5, &i, &item));
	set = saved;
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	instrument_set_init(&set);
	test_builtins();
	test_names();
	test_band_edges();
	test_sum_scoring();
	test_cssrs();
	test_match_item();
	test_match_extra();
	test_list_builtins();
	test_list_write_error();
	test_define_errors();
	test_define_file_errors();
	test_define_ok();
	test_list_roundtrip();
	test_custom_scoring();
	instrument_set_release(&set);
	remove(tmp_path("defs.json"));
	remove(tmp_path("nul.json"));
	remove(tmp_path("many.json"));
	remove(tmp_path("again.json"));
	rmdir(tmpdir);
	return unit_done("test_instrument");
}
