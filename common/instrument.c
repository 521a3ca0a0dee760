/* SPDX-License-Identifier: MIT */
/*
 * instrument.c - the questionnaire table, item-column matching and the
 * scoring rules of ipt-score.md sections 1-5 and 7.
 *
 * Pure logic: callers hand in parsed cells and get back totals, bands,
 * statuses, risk levels and per-item problems.  The only I/O is reading a
 * --define file and printing the --list document.  Everything is ASCII and
 * locale-free on purpose: output must not depend on the environment.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "instrument.h"

/*
 * Custom item values are capped so that items * max, and the proration
 * numerator 2 * sum * items, stay far from overflow.
 */
#define ITEM_LIMIT 1000000
#define DEFINE_MAX_BYTES (1024L * 1024)	/* a --define file */

#define PHQ9_BANDS { { "minimal", 4 }, { "mild", 9 }, { "moderate", 14 }, \
	{ "moderately_severe", 19 }, { "severe", 27 } }
#define TWO_ITEM_BANDS { { "negative", 2 }, { "positive", 6 } }

static const struct instrument builtins[] = {
	{ .prefix = "phq9", .name = "PHQ-9", .kind = INSTR_SUM,
	  .items = 9, .min = 0, .max = 3, .max_missing = 2,
	  .bands = PHQ9_BANDS, .nbands = 5, .risk_item = 9,
	  .caseness_min = 10, .flags = INSTR_BUILTIN },
	{ .prefix = "phqa", .name = "PHQ-9 modified for adolescents (PHQ-A)",
	  .kind = INSTR_SUM, .items = 9, .min = 0, .max = 3, .max_missing = 2,
	  .bands = PHQ9_BANDS, .nbands = 5, .risk_item = 9,
	  .caseness_min = -1, .flags = INSTR_BUILTIN | INSTR_PHQA_EXTRAS },
	{ .prefix = "phq2", .name = "PHQ-2", .kind = INSTR_SUM,
	  .items = 2, .min = 0, .max = 3, .max_missing = 0,
	  .bands = TWO_ITEM_BANDS, .nbands = 2, .risk_item = 0,
	  .caseness_min = -1, .flags = INSTR_BUILTIN },
	{ .prefix = "gad7", .name = "GAD-7", .kind = INSTR_SUM,
	  .items = 7, .min = 0, .max = 3, .max_missing = 2,
	  .bands = { { "minimal", 4 }, { "mild", 9 }, { "moderate", 14 },
	  { "severe", 21 } }, .nbands = 4, .risk_item = 0,
	  .caseness_min = 8, .flags = INSTR_BUILTIN },
	{ .prefix = "gad2", .name = "GAD-2", .kind = INSTR_SUM,
	  .items = 2, .min = 0, .max = 3, .max_missing = 0,
	  .bands = TWO_ITEM_BANDS, .nbands = 2, .risk_item = 0,
	  .caseness_min = -1, .flags = INSTR_BUILTIN },
	{ .prefix = "epds", .name = "Edinburgh Postnatal Depression Scale",
	  .kind = INSTR_SUM, .items = 10, .min = 0, .max = 3, .max_missing = 0,
	  .bands = { { "unlikely", 9 }, { "possible", 12 }, { "likely", 30 } },
	  .nbands = 3, .risk_item = 10, .caseness_min = -1,
	  .flags = INSTR_BUILTIN | INSTR_EPDS },
	{ .prefix = "wsas", .name = "Work and Social Adjustment Scale",
	  .kind = INSTR_SUM, .items = 5, .min = 0, .max = 8, .max_missing = 1,
	  .bands = { { "subclinical", 9 }, { "significant", 20 },
	  { "severe", 40 } }, .nbands = 3, .risk_item = 0,
	  .caseness_min = -1, .flags = INSTR_BUILTIN | INSTR_WSAS_NA },
	{ .prefix = "k10", .name = "Kessler K10", .kind = INSTR_SUM,
	  .items = 10, .min = 1, .max = 5, .max_missing = 0,
	  .bands = { { "low", 15 }, { "moderate", 21 }, { "high", 29 },
	  { "very_high", 50 } }, .nbands = 4, .risk_item = 0,
	  .caseness_min = -1, .flags = INSTR_BUILTIN },
	{ .prefix = "who5", .name = "WHO-5 Well-Being Index", .kind = INSTR_SUM,
	  .items = 5, .min = 0, .max = 5, .max_missing = 0,
	  .bands = { { "depression_likely", 7 }, { "poor", 12 },
	  { "good", 25 } }, .nbands = 3, .risk_item = 0,
	  .caseness_min = -1, .flags = INSTR_BUILTIN | INSTR_PERCENT },
	/* Items are yes/no; scoring walks the rule table of section 5. */
	{ .prefix = "cssrs", .name = "C-SSRS screener", .kind = INSTR_CSSRS,
	  .items = 6, .min = 0, .max = 1, .max_missing = 0, .nbands = 0,
	  .risk_item = 0, .caseness_min = -1, .flags = INSTR_BUILTIN },
};

#define NBUILTINS ((int)(sizeof(builtins) / sizeof(builtins[0])))

/* The extra yes/no columns of section 1, and where they go. */
static const struct {
	const char *prefix;
	const char *column;
	int slot;
} extra_columns[] = {
	{ "phqa", "phqa_suicide_month", 0 },
	{ "phqa", "phqa_attempt_ever", 1 },
	{ "cssrs", "cssrs_6_recent", 0 },
};

/* A yes/no answer, or why there is none. */
enum answer {
	ANS_NOT_ASKED,		/* the column is not in the input */
	ANS_EMPTY,
	ANS_BAD,		/* present but not yes or no */
	ANS_NO,
	ANS_YES
};

/* What the items of a summed instrument added up to. */
struct tally {
	int answered;
	int missing;		/* WSAS "na" included */
	int invalid;
	bool na;		/* WSAS item 1 said "na": a value */
	long long sum;
};

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Whether a[0..n) equals b[0..n) ignoring ASCII case. */
static bool
mem_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) !=
		    ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

/* Whether s[0..len) is the whole of word, ignoring ASCII case. */
static bool
word_ieq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && mem_ieq(s, word, len);
}

const struct instrument *
instrument_builtins(int *n)
{
	*n = NBUILTINS;
	return builtins;
}

void
instrument_set_init(struct instrument_set *set)
{
	memcpy(set->inst, builtins, sizeof(builtins));
	set->n = NBUILTINS;
}

void
instrument_set_release(struct instrument_set *set)
{
	/* Nothing is allocated yet; callers call this all the same. */
	set->n = 0;
}

int
instrument_find(const struct instrument_set *set, const char *prefix,
    size_t len)
{
	for (int i = 0; i < set->n; i++)
		if (word_ieq(prefix, len, set->inst[i].prefix))
			return i;
	return -1;
}

/* --- column names ------------------------------------------------------ */

/* s[0..len) as an item number 1..items without a leading zero, or 0. */
static int
item_number(const char *s, size_t len, int items)
{
	int n = 0;

	if (len == 0 || len > 3 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!ascii_digit((unsigned char)s[i]))
			return 0;
		n = n * 10 + (s[i] - '0');
	}
	return n <= items ? n : 0;
}

/* The item named by what follows a prefix: _<n>, _q<n> or q<n>; or 0. */
static int
item_suffix(const char *s, size_t len, int items)
{
	int c0 = len >= 1 ? ascii_lower((unsigned char)s[0]) : 0;
	int c1 = len >= 2 ? ascii_lower((unsigned char)s[1]) : 0;

	if (c0 == '_' && c1 == 'q')
		return item_number(s + 2, len - 2, items);
	if (c0 == '_' || c0 == 'q')
		return item_number(s + 1, len - 1, items);
	return 0;
}

/*
 * Prefixes hold no '_' and the separators start with '_' or 'q' followed
 * by digits, so two prefixes can never both match one name; preferring the
 * longest prefix is a cheap guarantee all the same.
 */
bool
instrument_match_item(const struct instrument_set *set,
    const char *name, size_t len, int *inst, int *item)
{
	size_t best = 0;

	for (int i = 0; i < set->n; i++) {
		const struct instrument *in = &set->inst[i];
		size_t plen = strlen(in->prefix);
		int n;

		if (plen >= len || plen <= best ||
		    !mem_ieq(name, in->prefix, plen))
			continue;
		n = item_suffix(name + plen, len - plen, in->items);
		if (n > 0) {
			best = plen;
			*inst = i;
			*item = n;
		}
	}
	return best > 0;
}

bool
instrument_match_extra(const struct instrument_set *set,
    const char *name, size_t len, int *inst, int *slot)
{
	size_t n = sizeof(extra_columns) / sizeof(extra_columns[0]);
	int i;

	for (size_t k = 0; k < n; k++) {
		if (!word_ieq(name, len, extra_columns[k].column))
			continue;
		i = instrument_find(set, extra_columns[k].prefix,
		    strlen(extra_columns[k].prefix));
		if (i < 0)
			return false;
		*inst = i;
		*slot = extra_columns[k].slot;
		return true;
	}
	return false;
}

/* --- scoring ----------------------------------------------------------- */

/* Why item i of a summed instrument cannot be used, or PROB_NONE. */
static enum item_problem
item_problem(const struct instrument *in, int i, const struct item_val *c)
{
	switch (c->state) {
	case ITEM_MISSING:
		return PROB_NONE;
	case ITEM_VALUE:
		if (c->v < in->min || c->v > in->max)
			return PROB_RANGE;
		return PROB_NONE;
	case ITEM_NA:
		if ((in->flags & INSTR_WSAS_NA) && i == 1)
			return PROB_NONE;
		return PROB_NA;
	default:
		return PROB_NOT_INT;
	}
}

/* EPDS items 3 and 5-10 are printed with the highest score on top. */
static bool
epds_reversed(int i)
{
	return i == 3 || i >= 5;
}

/* The score of a range-checked value v of item i. */
static long
item_score(const struct instrument *in, int i, long v,
    enum item_coding coding)
{
	bool rev = in->reverse[i];

	if ((in->flags & INSTR_EPDS) && coding == CODING_POSITION)
		rev = epds_reversed(i);
	return rev ? in->min + in->max - v : v;
}

static void
tally_item(const struct instrument *in, int i, const struct item_val *c,
    enum item_coding coding, struct tally *t, struct score_result *res)
{
	res->problem[i] = item_problem(in, i, c);
	if (res->problem[i] != PROB_NONE)
		t->invalid++;
	else if (c->state == ITEM_MISSING)
		t->missing++;
	else if (c->state == ITEM_NA) {
		t->missing++;
		t->na = true;
	} else {
		t->answered++;
		t->sum += item_score(in, i, c->v, coding);
	}
}

static enum score_status
sum_status(const struct instrument *in, const struct tally *t)
{
	if (t->invalid > 0)
		return ST_INVALID;
	if (t->answered == 0 && !t->na)
		return ST_ABSENT;
	if (t->missing == 0)
		return ST_COMPLETE;
	if (t->missing <= in->max_missing && t->answered > 0)
		return ST_PRORATED;
	return ST_INSUFFICIENT;
}

/*
 * Sum scaled to all items, rounded half up, in exact integers (section 3).
 * Item values are never negative, so C's truncating division is floor.
 */
static long
prorate(const struct instrument *in, const struct tally *t)
{
	long long n = in->items, a = t->answered;

	return (long)((2 * t->sum * n + a) / (2 * a));
}

static const char *
band_of(const struct instrument *in, long total)
{
	for (int b = 0; b < in->nbands; b++)
		if (total <= in->bands[b].max)
			return in->bands[b].label;
	return NULL;
}

/* Risk from the instrument's risk item alone: never imputed. */
static enum risk
item_risk(const struct instrument *in, const struct item_val *items,
    enum item_coding coding, const struct score_result *res)
{
	int i = in->risk_item;

	if (items[i].state != ITEM_VALUE || res->problem[i] != PROB_NONE)
		return RISK_UNKNOWN;
	if (item_score(in, i, items[i].v, coding) >= 1)
		return RISK_POSITIVE;
	return RISK_NOT_ENDORSED;
}

/* Read extra column k as yes/no, noting a bad value in *prob. */
static enum answer
extra_answer(const struct extras *ex, int k, enum item_problem *prob)
{
	const struct item_val *c;

	if (ex == NULL || !ex->present[k])
		return ANS_NOT_ASKED;
	c = &ex->val[k];
	if (c->state == ITEM_MISSING)
		return ANS_EMPTY;
	if (c->state == ITEM_VALUE && (c->v == 0 || c->v == 1))
		return c->v == 1 ? ANS_YES : ANS_NO;
	*prob = PROB_NOT_INT;
	return ANS_BAD;
}

/*
 * Section 4: a yes anywhere is positive; not_endorsed needs item 9 at 0
 * and a no in every extra column the input has; an empty or bad answer in
 * a column that exists keeps the risk unknown.
 */
static enum risk
phqa_risk(const struct instrument *in, const struct item_val *items,
    const struct extras *ex, enum item_coding coding,
    struct score_result *res)
{
	enum risk r = item_risk(in, items, coding, res);
	enum answer a[2];
	bool quiet = true, all_no = true;

	for (int k = 0; k < 2; k++) {
		a[k] = extra_answer(ex, k, &res->extra_problem[k]);
		if (a[k] != ANS_NOT_ASKED && a[k] != ANS_EMPTY)
			quiet = false;
		if (a[k] != ANS_NOT_ASKED && a[k] != ANS_NO)
			all_no = false;
	}
	if (res->status == ST_ABSENT && quiet)
		return RISK_EMPTY;
	if (r == RISK_POSITIVE || a[0] == ANS_YES || a[1] == ANS_YES)
		return RISK_POSITIVE;
	if (r == RISK_NOT_ENDORSED && all_no)
		return RISK_NOT_ENDORSED;
	return RISK_UNKNOWN;
}

static void
score_sum(const struct instrument *in, const struct item_val *items,
    const struct extras *ex, enum item_coding coding,
    struct score_result *res)
{
	struct tally t = { 0, 0, 0, false, 0 };

	for (int i = 1; i <= in->items; i++)
		tally_item(in, i, &items[i], coding, &t, res);
	res->status = sum_status(in, &t);
	if (res->status == ST_COMPLETE || res->status == ST_PRORATED) {
		res->has_total = true;
		/* A complete form needs no scaling (nor a division). */
		res->total = res->status == ST_COMPLETE ? t.sum
		    : prorate(in, &t);
		res->band = band_of(in, res->total);
	}
	if (in->flags & INSTR_PHQA_EXTRAS)
		res->risk = phqa_risk(in, items, ex, coding, res);
	else if (in->risk_item > 0 && res->status != ST_ABSENT)
		res->risk = item_risk(in, items, coding, res);
	if (in->caseness_min >= 0 && res->has_total)
		res->caseness = res->total >= in->caseness_min;
	if ((in->flags & INSTR_PERCENT) && res->has_total) {
		res->has_percent = true;
		res->percent = res->total * 4;
	}
}

/* A C-SSRS item: yes (1) or no (0); anything else is flagged. */
static enum answer
cssrs_answer(const struct item_val *c, enum item_problem *prob)
{
	if (c->state == ITEM_MISSING)
		return ANS_EMPTY;
	if (c->state == ITEM_VALUE && (c->v == 0 || c->v == 1))
		return c->v == 1 ? ANS_YES : ANS_NO;
	*prob = PROB_NOT_INT;
	return ANS_BAD;
}

static bool
known(enum answer a)
{
	return a == ANS_YES || a == ANS_NO;
}

/*
 * The first matching rule of section 5.  a[1..6] are the items, a[7] is
 * cssrs_6_recent; a bad answer is as good as missing.
 */
static int
cssrs_rule(const enum answer *a, bool any)
{
	if (!any)
		return 0;
	if (a[4] == ANS_YES || a[5] == ANS_YES)
		return 1;
	if (a[6] == ANS_YES && a[7] != ANS_NO)
		return 2;
	if (a[3] == ANS_YES)
		return 3;
	if (a[6] == ANS_YES)
		return 4;
	if (!known(a[1]) || !known(a[2]) || !known(a[6]))
		return 5;
	if (a[2] == ANS_YES && (!known(a[3]) || !known(a[4]) || !known(a[5])))
		return 6;
	if (a[1] == ANS_YES || a[2] == ANS_YES)
		return 7;
	return 8;
}

static void
score_cssrs(const struct item_val *items, const struct extras *ex,
    struct score_result *res)
{
	static const enum risk level[] = {
		RISK_EMPTY, RISK_HIGH, RISK_HIGH, RISK_MODERATE, RISK_MODERATE,
		RISK_UNKNOWN, RISK_UNKNOWN, RISK_LOW, RISK_NOT_ENDORSED
	};
	enum answer a[8];
	bool any = false, bad = false;
	int rule;

	for (int i = 1; i <= 6; i++)
		a[i] = cssrs_answer(&items[i], &res->problem[i]);
	a[7] = extra_answer(ex, 0, &res->extra_problem[0]);
	for (int i = 1; i <= 7; i++) {
		any = any || known(a[i]) || a[i] == ANS_BAD;
		bad = bad || a[i] == ANS_BAD;
	}
	rule = cssrs_rule(a, any);
	res->risk = level[rule];
	if (rule == 0)
		res->status = ST_ABSENT;
	else if (bad)
		res->status = ST_INVALID;
	else if (rule == 5 || rule == 6)
		res->status = ST_INCOMPLETE;
	else
		res->status = ST_COMPLETE;
}

void
instrument_score(const struct instrument *in, const struct item_val *items,
    const struct extras *ex, enum item_coding coding,
    struct score_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = ST_ABSENT;
	res->has_total = false;
	res->band = NULL;
	res->risk = RISK_EMPTY;
	res->caseness = -1;
	res->has_percent = false;
	if (in->kind == INSTR_CSSRS)
		score_cssrs(items, ex, res);
	else
		score_sum(in, items, ex, coding, res);
}

const char *
score_status_name(enum score_status st)
{
	switch (st) {
	case ST_ABSENT:		return "absent";
	case ST_COMPLETE:	return "complete";
	case ST_PRORATED:	return "prorated";
	case ST_INSUFFICIENT:	return "insufficient";
	case ST_INVALID:	return "invalid";
	case ST_INCOMPLETE:	return "incomplete";
	}
	return "";
}

const char *
risk_name(enum risk r)
{
	switch (r) {
	case RISK_EMPTY:	return "";
	case RISK_POSITIVE:	return "positive";
	case RISK_NOT_ENDORSED:	return "not_endorsed";
	case RISK_UNKNOWN:	return "unknown";
	case RISK_HIGH:		return "high";
	case RISK_MODERATE:	return "moderate";
	case RISK_LOW:		return "low";
	}
	return "";
}

/* --- --list ------------------------------------------------------------ */

/* s as a JSON string: only '"', '\\' and control bytes need escapes. */
static int
list_string(const char *s, FILE *out)
{
	int bad = putc('"', out) == EOF;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			bad |= fprintf(out, "\\%c", c) < 0;
		else if (c < 0x20)
			bad |= fprintf(out, "\\u%04x", c) < 0;
		else
			bad |= putc(c, out) == EOF;
	}
	bad |= putc('"', out) == EOF;
	return bad ? -1 : 0;
}

/* "reverse":[..],"bands":[..] */
static int
list_items(const struct instrument *in, FILE *out)
{
	const char *sep = "";
	int bad = fputs(",\"reverse\":[", out) == EOF;

	for (int i = 1; i <= in->items; i++) {
		if (!in->reverse[i])
			continue;
		bad |= fprintf(out, "%s%d", sep, i) < 0;
		sep = ",";
	}
	bad |= fputs("],\"bands\":[", out) == EOF;
	for (int b = 0; b < in->nbands; b++) {
		if (b > 0)
			bad |= putc(',', out) == EOF;
		bad |= fputs("{\"label\":", out) == EOF;
		bad |= list_string(in->bands[b].label, out) < 0;
		bad |= fprintf(out, ",\"max\":%d}", in->bands[b].max) < 0;
	}
	bad |= fputs("]", out) == EOF;
	return bad ? -1 : 0;
}

/* An optional integer: null when absent. */
static int
list_opt(const char *key, bool has, int v, FILE *out)
{
	if (has)
		return fprintf(out, ",\"%s\":%d", key, v) < 0 ? -1 : 0;
	return fprintf(out, ",\"%s\":null", key) < 0 ? -1 : 0;
}

static int
list_one(const struct instrument *in, FILE *out)
{
	int bad = fputs("{\"prefix\":", out) == EOF;

	bad |= list_string(in->prefix, out) < 0;
	bad |= fputs(",\"name\":", out) == EOF;
	bad |= list_string(in->name, out) < 0;
	if (in->kind == INSTR_CSSRS) {
		bad |= fputs(",\"kind\":\"cssrs_screener\"}", out) == EOF;
		return bad ? -1 : 0;
	}
	bad |= fprintf(out, ",\"items\":%d,\"min\":%d,\"max\":%d"
	    ",\"max_missing\":%d", in->items, in->min, in->max,
	    in->max_missing) < 0;
	bad |= list_items(in, out) < 0;
	bad |= list_opt("risk_item", in->risk_item > 0, in->risk_item,
	    out) < 0;
	bad |= list_opt("caseness_min", in->caseness_min >= 0,
	    in->caseness_min, out) < 0;
	bad |= putc('}', out) == EOF;
	return bad ? -1 : 0;
}

int
instruments_list(const struct instrument_set *set, FILE *out)
{
	int bad = fputs("{\"instruments\":[", out) == EOF;

	for (int i = 0; i < set->n; i++) {
		if (i > 0)
			bad |= putc(',', out) == EOF;
		bad |= list_one(&set->inst[i], out) < 0;
	}
	bad |= fputs("]}\n", out) == EOF;
	return bad ? -1 : 0;
}

/* --- --define ---------------------------------------------------------- */

/* Where in the --define file we are, for messages. */
struct def {
	const char *path;
	int inst;		/* instrument number from 1, 0 at file level */
	int band;		/* band number from 1, 0 outside bands */
	char *err;
	size_t errlen;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
def_fail(const struct def *d, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d->err == NULL || d->errlen == 0)
		return -1;
	if (d->band > 0)
		snprintf(d->err, d->errlen, "'%s': instrument %d: band %d: %s",
		    d->path, d->inst, d->band, msg);
	else if (d->inst > 0)
		snprintf(d->err, d->errlen, "'%s': instrument %d: %s",
		    d->path, d->inst, msg);
	else
		snprintf(d->err, d->errlen, "'%s': %s", d->path, msg);
	return -1;
}

/* Whether v is an integral, finite JSON number in lo..hi. */
static bool
json_int(const cJSON *v, long lo, long hi, long *out)
{
	double x;

	if (!cJSON_IsNumber(v))
		return false;
	x = v->valuedouble;
	if (!isfinite(x) || x != floor(x) || x < (double)lo || x > (double)hi)
		return false;
	*out = (long)x;
	return true;
}

static int
get_int(const struct def *d, const cJSON *obj, const char *key, long lo,
    long hi, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL)
		return def_fail(d, "missing key '%s'", key);
	if (!json_int(v, lo, hi, out))
		return def_fail(d, "%s must be an integer in %ld..%ld", key, lo,
		    hi);
	return 0;
}

/* An integer that may be null or absent (then *out = none). */
static int
get_opt_int(const struct def *d, const cJSON *obj, const char *key, long lo,
    long hi, long none, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = none;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!json_int(v, lo, hi, out))
		return def_fail(d, "%s must be null or an integer in %ld..%ld",
		    key, lo, hi);
	return 0;
}

static int
get_string(const struct def *d, const cJSON *obj, const char *key,
    const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL)
		return def_fail(d, "missing key '%s'", key);
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return def_fail(d, "%s must be a string", key);
	*out = v->valuestring;
	return 0;
}

/* Reject keys outside known (a NULL-terminated list) and repeated keys. */
static int
check_keys(const struct def *d, const cJSON *obj, const char *const *known_keys)
{
	const cJSON *c, *e;
	int k;

	cJSON_ArrayForEach(c, obj) {
		for (k = 0; known_keys[k] != NULL; k++)
			if (strcmp(c->string, known_keys[k]) == 0)
				break;
		if (known_keys[k] == NULL)
			return def_fail(d, "unknown key '%s'", c->string);
		/* Every earlier key is known and unique: at most a few. */
		for (e = obj->child; e != c; e = e->next)
			if (strcmp(e->string, c->string) == 0)
				return def_fail(d, "duplicate key '%s'",
				    c->string);
	}
	return 0;
}

static bool
ascii_lower_alpha(int c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Whether s is 1 to max bytes of [a-z0-9_] (a label) or, for a prefix,
 * [a-z][a-z0-9]*: prefixes hold no '_' so that column names stay unique.
 */
static bool
word_ok(const char *s, size_t max, bool prefix)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || (prefix && !ascii_lower_alpha(s[0])))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (ascii_lower_alpha(s[i]) || ascii_digit(s[i]))
			continue;
		if (prefix || s[i] != '_')
			return false;
	}
	return true;
}

/* Length of the UTF-8 sequence at s (RFC 3629), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s)
{
	size_t n;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static bool
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		if ((n = utf8_seq(p)) == 0)
			return false;
		p += n;
	}
	return true;
}

static int
read_kind(const struct def *d, const cJSON *el)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(el, "kind");

	if (v == NULL)
		return 0;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "cssrs_screener") == 0)
		return def_fail(d, "kind cssrs_screener cannot be defined");
	return def_fail(d, "unknown kind (custom instruments have none)");
}

static int
read_names(const struct def *d, const struct instrument_set *set,
    const cJSON *el, struct instrument *in)
{
	const char *p = NULL, *name = NULL;
	int n;

	if (get_string(d, el, "prefix", &p) == -1)
		return -1;
	if (!word_ok(p, INSTR_PREFIX_MAX, true))
		return def_fail(d, "prefix '%s' must match [a-z][a-z0-9]* "
		    "(at most %d bytes)", p, INSTR_PREFIX_MAX);
	for (n = 0; n < NBUILTINS; n++)
		if (word_ieq(p, strlen(p), builtins[n].prefix))
			return def_fail(d, "prefix '%s' is a built-in", p);
	if (instrument_find(set, p, strlen(p)) >= 0)
		return def_fail(d, "prefix '%s' is already defined", p);
	if (get_string(d, el, "name", &name) == -1)
		return -1;
	if (name[0] == '\0' || strlen(name) >= sizeof(in->name))
		return def_fail(d, "name must be 1 to %zu bytes",
		    sizeof(in->name) - 1);
	if (!utf8_ok(name))
		return def_fail(d, "name is not valid UTF-8");
	strcpy(in->prefix, p);
	strcpy(in->name, name);
	return 0;
}

static int
read_range(const struct def *d, const cJSON *el, struct instrument *in)
{
	long items, min, max, max_missing;

	if (get_int(d, el, "items", 1, INSTR_MAX_ITEMS, &items) == -1 ||
	    get_int(d, el, "min", 0, ITEM_LIMIT - 1, &min) == -1 ||
	    get_int(d, el, "max", min + 1, ITEM_LIMIT, &max) == -1 ||
	    get_int(d, el, "max_missing", 0, items - 1, &max_missing) == -1)
		return -1;
	in->items = (int)items;
	in->min = (int)min;
	in->max = (int)max;
	in->max_missing = (int)max_missing;
	return 0;
}

static int
read_reverse(const struct def *d, const cJSON *el, struct instrument *in)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(el, "reverse");
	const cJSON *v;
	long n;

	if (arr == NULL || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return def_fail(d, "reverse must be an array of item numbers");
	cJSON_ArrayForEach(v, arr) {
		if (!json_int(v, 1, in->items, &n))
			return def_fail(d, "reverse: item numbers must be "
			    "integers in 1..%d", in->items);
		if (in->reverse[n])
			return def_fail(d, "reverse: item %ld listed twice", n);
		in->reverse[n] = true;
	}
	return 0;
}

/* Band number in->nbands + 1, whose max must exceed the previous one. */
static int
read_band(const struct def *d, const cJSON *b, struct instrument *in)
{
	static const char *const keys[] = { "label", "max", NULL };
	struct band *bd = &in->bands[in->nbands];
	const char *label = NULL;
	long max;

	if (!cJSON_IsObject(b))
		return def_fail(d, "not an object");
	if (check_keys(d, b, keys) == -1 ||
	    get_string(d, b, "label", &label) == -1)
		return -1;
	if (!word_ok(label, INSTR_LABEL_MAX, false))
		return def_fail(d, "label must match [a-z0-9_]+ (at most %d "
		    "bytes)", INSTR_LABEL_MAX);
	if (get_int(d, b, "max", (long)in->items * in->min,
	    (long)in->items * in->max, &max) == -1)
		return -1;
	if (in->nbands > 0 && max <= in->bands[in->nbands - 1].max)
		return def_fail(d, "max %ld is not above the previous band's "
		    "max %d", max, in->bands[in->nbands - 1].max);
	strcpy(bd->label, label);
	bd->max = (int)max;
	return 0;
}

static int
read_bands(struct def *d, const cJSON *el, struct instrument *in)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(el, "bands");
	const cJSON *b;
	int lo = in->items * in->min, hi = in->items * in->max;
	int n;

	if (arr == NULL)
		return def_fail(d, "missing key 'bands'");
	n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
	if (n < 1 || n > INSTR_MAX_BANDS)
		return def_fail(d, "bands must be an array of 1 to %d bands",
		    INSTR_MAX_BANDS);
	cJSON_ArrayForEach(b, arr) {
		d->band = in->nbands + 1;
		if (read_band(d, b, in) == -1)
			return -1;
		in->nbands++;
	}
	d->band = 0;
	/* Each band starts above the previous; the first starts at lo. */
	if (in->bands[in->nbands - 1].max != hi)
		return def_fail(d, "bands do not cover %d..%d", lo, hi);
	return 0;
}

static int
read_extras(const struct def *d, const cJSON *el, struct instrument *in)
{
	long lo = (long)in->items * in->min, hi = (long)in->items * in->max;
	long risk, caseness;

	if (get_opt_int(d, el, "risk_item", 1, in->items, 0, &risk) == -1 ||
	    get_opt_int(d, el, "caseness_min", lo, hi, -1, &caseness) == -1)
		return -1;
	in->risk_item = (int)risk;
	in->caseness_min = (int)caseness;
	return 0;
}

/* Append the instrument described by el to set, or fail leaving n alone. */
static int
define_one(struct def *d, struct instrument_set *set, const cJSON *el)
{
	static const char *const keys[] = {
		"prefix", "name", "kind", "items", "min", "max", "max_missing",
		"reverse", "bands", "risk_item", "caseness_min", NULL
	};
	struct instrument *in = &set->inst[set->n];

	memset(in, 0, sizeof(*in));
	if (!cJSON_IsObject(el))
		return def_fail(d, "not an object");
	if (check_keys(d, el, keys) == -1 || read_kind(d, el) == -1 ||
	    read_names(d, set, el, in) == -1 || read_range(d, el, in) == -1 ||
	    read_reverse(d, el, in) == -1 || read_bands(d, el, in) == -1 ||
	    read_extras(d, el, in) == -1)
		return -1;
	in->kind = INSTR_SUM;
	in->flags = 0;
	set->n++;
	return 0;
}

/* Work on a copy so that a failure halfway leaves set untouched. */
static int
define_all(struct def *d, struct instrument_set *set, const cJSON *root)
{
	static const char *const keys[] = { "instruments", NULL };
	const cJSON *arr, *el;
	struct instrument_set *tmp;

	if (!cJSON_IsObject(root))
		return def_fail(d, "top level must be an object");
	if (check_keys(d, root, keys) == -1)
		return -1;
	arr = cJSON_GetObjectItemCaseSensitive(root, "instruments");
	if (arr == NULL)
		return def_fail(d, "missing key 'instruments'");
	if (!cJSON_IsArray(arr))
		return def_fail(d, "instruments must be an array");
	if (cJSON_GetArraySize(arr) > INSTR_MAX - set->n)
		return def_fail(d, "too many instruments (at most %d in all)",
		    INSTR_MAX);
	if ((tmp = malloc(sizeof(*tmp))) == NULL)
		return def_fail(d, "out of memory");
	memcpy(tmp, set, sizeof(*tmp));
	cJSON_ArrayForEach(el, arr) {
		d->inst++;
		if (define_one(d, tmp, el) == -1) {
			free(tmp);
			return -1;
		}
	}
	memcpy(set, tmp, sizeof(*set));
	free(tmp);
	return 0;
}

/* The whole file at d->path, NUL-terminated, in *buf (caller frees). */
static int
read_file(const struct def *d, char **buf, size_t *len)
{
	FILE *fp;
	int saved;

	if ((fp = fopen(d->path, "r")) == NULL)
		return def_fail(d, "cannot read: %s", strerror(errno));
	if ((*buf = malloc(DEFINE_MAX_BYTES + 2)) == NULL) {
		fclose(fp);
		return def_fail(d, "out of memory");
	}
	*len = fread(*buf, 1, DEFINE_MAX_BYTES + 1, fp);
	saved = errno;
	if (ferror(fp) || *len > DEFINE_MAX_BYTES) {
		fclose(fp);
		free(*buf);
		if (*len > DEFINE_MAX_BYTES)
			return def_fail(d, "larger than %ld bytes",
			    DEFINE_MAX_BYTES);
		return def_fail(d, "cannot read: %s", strerror(saved));
	}
	fclose(fp);
	(*buf)[*len] = '\0';
	return 0;
}

/* Line number of position p in buf, for parse errors. */
static int
line_of(const char *buf, const char *p)
{
	int line = 1;

	for (; p != NULL && buf < p; buf++)
		if (*buf == '\n')
			line++;
	return line;
}

static cJSON *
parse_file(const struct def *d, const char *buf, size_t len)
{
	const char *end = NULL;
	cJSON *root;

	/* cJSON would stop at a NUL and ignore the rest of the file. */
	if (memchr(buf, '\0', len) != NULL) {
		def_fail(d, "contains a NUL byte");
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
	if (root == NULL)
		def_fail(d, "invalid JSON at line %d", line_of(buf, end));
	return root;
}

int
instruments_define(struct instrument_set *set, const char *path,
    char *err, size_t errlen)
{
	struct def d = { path, 0, 0, err, errlen };
	char *buf = NULL;
	size_t len = 0;
	cJSON *root;
	int rc;

	if (read_file(&d, &buf, &len) == -1)
		return -1;
	root = parse_file(&d, buf, len);
	free(buf);
	if (root == NULL)
		return -1;
	rc = define_all(&d, set, root);
	cJSON_Delete(root);
	return rc;
}
