/* SPDX-License-Identifier: MIT */
/*
 * rdoc.h - one ipt-report report, computed and printed once, ready for
 * any format (ipt-report.md section 6).
 *
 * Every number is already printed by section 7 (rep_fmt_*), so md, html,
 * json and csv cannot disagree: the writers only lay the strings out.
 * Printed numbers are valid JSON numbers ("12", "-3.5", "0.0").
 *
 * Memory: an rdoc owns everything it points to (rdoc_release() frees it),
 * except the strings marked "borrowed", which live in the caseload or
 * plans the rdoc was built from and must outlive it.
 */
#ifndef IPT_RDOC_H
#define IPT_RDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

#define RDOC_TRAJ_SESSIONS 16	/* section 6.7: session numbers 1..16 */

/* One patient of the safety follow-up list (section 6.2). */
struct rdoc_safety {
	const char *id;		/* borrowed */
	long last_record;	/* days */
	enum rep_level latest_risk;	/* REP_LVL_NONE: not_assessed */
	/* The risk fields of the latest risk record; NONE is null/empty. */
	enum rep_level risk[REP_RISK_FIELDS];
	int dep_last;		/* REP_NO_SCORE: empty / null */
	bool worsening;
};

/* One due or overdue contact (section 6.4). */
struct rdoc_due {
	const char *id;		/* borrowed */
	long date;
	const char *kind;	/* borrowed */
	long session;		/* 0: none (empty / null) */
	const char *measures;	/* borrowed; "" when none */
};

/*
 * One metric of an outcome table, in the fixed order rdoc_metric_name()
 * gives.  kind says which fields are meaningful.
 */
enum rdoc_kind { RK_COUNT, RK_SCORE, RK_RATE };

struct rdoc_value {
	enum rdoc_kind kind;
	bool na;		/* n/a: JSON null, csv empty, md/html "n/a" */
	bool suppressed;	/* rates only: denominator below --min-cell */
	char value[REP_NUM_BUFSZ];	/* count, score or percent */
	/* Rates only: */
	long num, den;
	char ci_low[REP_NUM_BUFSZ], ci_high[REP_NUM_BUFSZ];
	double low, high;	/* exact interval, percent (benchmarks) */
};

/* Metric indexes into struct rdoc_group.v, in output order. */
enum rdoc_metric {
	/* counts */
	RM_PATIENTS, RM_ACTIVE, RM_ENDED, RM_FINISHED, RM_DROPOUTS,
	RM_SESSIONS_MEAN, RM_SESSIONS_MEDIAN,
	/* scores */
	RM_N, RM_FIRST_MEAN, RM_LAST_MEAN, RM_CHANGE_MEAN, RM_FIRST_SD,
	RM_EFFECT_SIZE_D,
	/* rates, in enum rep_rate order */
	RM_RATE0,
	RM_METRICS = RM_RATE0 + REP_RATES
};

#define RM_COUNT_FIRST RM_PATIENTS
#define RM_SCORE_FIRST RM_N

/* "patients", ..., "effect_size_d", then the rep_rate_name()s. */
const char *rdoc_metric_name(enum rdoc_metric m);

/* One row of the outcomes: overall (nval == 0) or one --by group. */
struct rdoc_group {
	char **val;		/* owned; one value per --by column */
	struct rdoc_value v[RM_METRICS];
};

enum rdoc_verdict { RV_NA, RV_BELOW, RV_WITHIN, RV_ABOVE };

/* One benchmark line (section 6.6). */
struct rdoc_bench {
	enum rep_rate rate;
	const char *reference;	/* static: "50", "65-70", ... */
	const char *source;	/* static: one line naming the source */
	double ref_low, ref_high;	/* the reference (a range for remission) */
	enum rdoc_verdict verdict;
};

/* One trajectory point (section 6.7); present only if n > 0. */
struct rdoc_traj {
	bool present;
	long session;		/* 1..16 */
	long n;
	char mean[REP_NUM_BUFSZ];
	bool band;		/* n >= 2: ci_low/ci_high are set */
	char ci_low[REP_NUM_BUFSZ], ci_high[REP_NUM_BUFSZ];
	double mean_d, low_d, high_d;	/* for drawing */
};

/* One data-quality reason: "invalid phq9_total", "missing id", ... */
struct rdoc_reason {
	const char *reason;	/* static */
	uint64_t count;
};

struct rdoc {
	long as_of, period_from, period_to;	/* days; period inclusive */
	long window;
	bool redact;
	long min_cell;
	char delim;		/* -d: csv's delimiter ('\0': ',') */

	/* Section 6.1 */
	uint64_t read, used, flagged, future, invalid;
	uint64_t patients;

	/* Section 6.2: the safety list, already ordered. */
	struct rdoc_safety *safety;
	size_t nsafety;
	/* Counts by latest_risk (index enum rep_level), for --redact. */
	uint64_t safety_by_risk[REP_LEVELS];
	uint64_t safety_worsening_only;
	/* Patients of the same set with latest_risk not_assessed, by id. */
	const char **not_assessed;	/* array owned, ids borrowed */
	size_t nnot_assessed;

	/* Section 6.3 */
	uint64_t contacts, new_patients, ended, worsened;

	/* Section 6.4; has_plans false: no --plans, the section says so. */
	bool has_plans;
	struct rdoc_due *due, *overdue;	/* arrays owned */
	size_t ndue, noverdue;

	/* Section 6.5: groups[0] is overall, then groups in byte order. */
	char **by;		/* borrowed --by column names */
	size_t nby;
	struct rdoc_group *groups;
	size_t ngroups;

	/* Section 6.6, overall only, in the spec's order. */
	struct rdoc_bench bench[5];
	size_t nbench;

	/* Section 6.7 */
	struct rdoc_traj traj[RDOC_TRAJ_SESSIONS];

	/* Section 6.8 */
	struct rdoc_reason *reasons;	/* owned array, by reason text */
	size_t nreasons;
	uint64_t single_score;	/* patients with exactly one dep score */
};

/* "n/a", "below", "within" or "above". */
const char *rdoc_verdict_name(enum rdoc_verdict v);

/*
 * The length of the safety list as --redact shows it: the patients
 * counted in safety_by_risk[] (low..high) and safety_worsening_only.
 */
uint64_t rdoc_safety_count(const struct rdoc *d);

/*
 * Metric m of the overall group; an n/a rate when there is no group, so
 * the benchmarks and the rates chart need not test for one.
 */
const struct rdoc_value *rdoc_overall(const struct rdoc *d,
    enum rdoc_metric m);

/*
 * Printers shared by the writers: v in decimal, a day number as
 * YYYY-MM-DD.  They cannot fail (a write error stays in the obuf).
 */
struct obuf;
void rdoc_put_u64(struct obuf *b, uint64_t v);
void rdoc_put_date(struct obuf *b, long days);

/* Write the report in one format to fd; 0, or -1 after a write error. */
int rdoc_write_md(const struct rdoc *d, int fd);
int rdoc_write_html(const struct rdoc *d, int fd);
int rdoc_write_json(const struct rdoc *d, int fd);
int rdoc_write_csv(const struct rdoc *d, int fd);

void rdoc_release(struct rdoc *d);

#endif
