/* SPDX-License-Identifier: MIT */
/*
 * instrument.h - the questionnaire table and pure scoring rules.
 *
 * Knows nothing about records, files or output.  Callers parse each item
 * cell into a struct item_val (value.h rules) and hand an instrument's
 * items to instrument_score(), which applies ipt-score.md sections 2-5:
 * range checks, reversal, proration in exact integers, bands, risk.
 *
 * Memory: the built-in table is static.  Instruments added by
 * instruments_define() live in a struct instrument_set that the caller
 * owns and releases with instrument_set_release().
 */
#ifndef IPT_INSTRUMENT_H
#define IPT_INSTRUMENT_H

#include <stdbool.h>
#include <stdio.h>

#define INSTR_MAX_ITEMS 64	/* items per instrument (custom ones too) */
#define INSTR_MAX_BANDS 16
#define INSTR_MAX 64		/* instruments in one set */
#define INSTR_PREFIX_MAX 32	/* bytes in a prefix, without the NUL */
#define INSTR_LABEL_MAX 32

enum instr_kind {
	INSTR_SUM,		/* items summed, prorated, banded */
	INSTR_CSSRS		/* C-SSRS screener: rule table, no total */
};

/* Special behaviours of some built-ins (never settable by --define). */
enum instr_flags {
	INSTR_WSAS_NA = 1 << 0,		/* item 1 may be "na" */
	INSTR_PERCENT = 1 << 1,		/* writes <p>_percent = total * 4 */
	INSTR_PHQA_EXTRAS = 1 << 2,	/* phqa_suicide_month, phqa_attempt_ever */
	INSTR_EPDS = 1 << 3,		/* --coding position reverses items */
	INSTR_BUILTIN = 1 << 4
};

struct band {
	char label[INSTR_LABEL_MAX + 1];
	int max;		/* highest total in this band */
};

struct instrument {
	char prefix[INSTR_PREFIX_MAX + 1];	/* lower case */
	char name[128];
	enum instr_kind kind;
	int items;		/* item numbers are 1..items */
	int min, max;		/* item range */
	int max_missing;	/* most missing items that may be prorated */
	bool reverse[INSTR_MAX_ITEMS + 1];	/* by item number */
	struct band bands[INSTR_MAX_BANDS];
	int nbands;
	int risk_item;		/* 0: none */
	int caseness_min;	/* < 0: no <p>_caseness column */
	unsigned flags;		/* enum instr_flags */
};

/* One parsed item cell. */
enum item_state {
	ITEM_MISSING,		/* empty, null or absent */
	ITEM_VALUE,		/* an integer, not yet range-checked */
	ITEM_NOT_INT,		/* present but not an integer (or not yes/no) */
	ITEM_NA			/* the word "na" (only valid in WSAS item 1) */
};

struct item_val {
	enum item_state state;
	long v;			/* ITEM_VALUE only */
};

enum score_status {
	ST_ABSENT, ST_COMPLETE, ST_PRORATED, ST_INSUFFICIENT, ST_INVALID,
	ST_INCOMPLETE		/* C-SSRS only */
};

enum risk {
	RISK_EMPTY,		/* not administered: the column is empty */
	RISK_POSITIVE, RISK_NOT_ENDORSED, RISK_UNKNOWN,
	/* C-SSRS levels */
	RISK_HIGH, RISK_MODERATE, RISK_LOW
};

enum item_coding { CODING_SCORE, CODING_POSITION };

/* Which item values were rejected and why (for the caller's warnings). */
enum item_problem {
	PROB_NONE,
	PROB_NOT_INT,		/* "'x' is not an integer" / "not yes or no" */
	PROB_RANGE,		/* "'5' is outside 0..3" */
	PROB_NA			/* "na" where only WSAS item 1 allows it */
};

struct score_result {
	enum score_status status;
	bool has_total;
	long total;
	const char *band;	/* NULL when there is no total */
	enum risk risk;		/* RISK_EMPTY if the instrument has no risk */
	int caseness;		/* -1 empty, 0 no, 1 yes */
	bool has_percent;
	long percent;
	enum item_problem problem[INSTR_MAX_ITEMS + 1];	/* by item number */
	enum item_problem extra_problem[2];	/* PHQ-A extras / cssrs_6_recent */
};

/*
 * Extra yes/no answers that some instruments read besides their items.
 * For PHQ-A: [0] phqa_suicide_month, [1] phqa_attempt_ever.
 * For C-SSRS: [0] cssrs_6_recent.  present[i] is false when the column
 * is not in the input at all (never asked); then val[i] is ignored.
 * Yes/no values are ITEM_VALUE with v = 1 (yes) or 0 (no).
 */
struct extras {
	bool present[2];
	struct item_val val[2];
};

struct instrument_set {
	struct instrument inst[INSTR_MAX];
	int n;
};

/* The built-ins in spec order (phq9 phqa phq2 gad7 gad2 epds wsas k10 who5 cssrs). */
const struct instrument *instrument_builtins(int *n);

/* Initialise set with every built-in, in table order.  Cannot fail. */
void instrument_set_init(struct instrument_set *set);
void instrument_set_release(struct instrument_set *set);

/* Index in set of the instrument with this prefix (case-insensitive), or -1. */
int instrument_find(const struct instrument_set *set, const char *prefix,
    size_t len);

/*
 * Add the instruments defined in the JSON file at path (ipt-score.md
 * section 7).  Returns 0, or -1 with a message in err (no program name,
 * e.g. "'defs.json': bands do not cover 0..48") and set unchanged.
 */
int instruments_define(struct instrument_set *set, const char *path,
    char *err, size_t errlen);

/* Print set as the --list JSON document (one line, then a newline). */
int instruments_list(const struct instrument_set *set, FILE *out);

/*
 * Match a column name against the item patterns of the instruments in set:
 * <prefix>_<n>, <prefix>_q<n>, <prefix>q<n>, case-insensitive, n in
 * 1..items without leading zeros.  On a match, *inst is the index in set
 * and *item the item number; returns true.  The PHQ-A and C-SSRS extra
 * columns are not items: see instrument_match_extra().
 */
bool instrument_match_item(const struct instrument_set *set,
    const char *name, size_t len, int *inst, int *item);

/*
 * Match phqa_suicide_month (-> *slot 0), phqa_attempt_ever (1),
 * cssrs_6_recent (0), case-insensitive; *inst is the index in set.
 */
bool instrument_match_extra(const struct instrument_set *set,
    const char *name, size_t len, int *inst, int *slot);

/*
 * Score one administration.  items[1..in->items] are the parsed cells;
 * ex may be NULL when the instrument reads no extras.  Fills *res,
 * including per-item problems; never fails.
 */
void instrument_score(const struct instrument *in, const struct item_val *items,
    const struct extras *ex, enum item_coding coding, struct score_result *res);

/* Lower-case names of statuses and risks as written in output. */
const char *score_status_name(enum score_status st);
const char *risk_name(enum risk r);	/* "" for RISK_EMPTY */

#endif
