/* SPDX-License-Identifier: MIT */
/*
 * report.h - the pure metrics core of ipt-report (ipt-report.md sections
 * 3, 5 and 7): no I/O, no locale, no allocation except the cohort's list
 * of session counts.
 *
 * A patient's session records are folded one at a time into a fixed-size
 * struct patient_state that keeps only what the facts need.  Every field
 * of the state is a minimum, a maximum or a sum over the records under a
 * total order, so feeding the same records in any order, or folding parts
 * separately and merging the states, gives the same state: this is what
 * lets --partial/--merge shard the input.
 *
 * The caller reads and validates the records (section 1): it drops
 * records dated after as-of, turns an invalid session into "none", an
 * invalid risk value into REP_LVL_UNKNOWN, and drops invalid totals,
 * ended and end_date values.
 */
#ifndef IPT_REPORT_H
#define IPT_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REP_NO_DATE LONG_MIN	/* a date the patient never had */
#define REP_NO_SCORE (-1)	/* a total that is missing */
#define REP_NO_SESSION 0	/* a record without a (valid) session */
#define REP_UNKNOWN (-1)	/* planned, age: not known */

/*
 * z for the 95% Wilson interval, as section 7 prints it.  The exact
 * quantile is 1.959963984540054; the spec fixes the rounded value.
 */
#define REP_Z 1.959964

/* The measures with a first and last score, in column order. */
enum rep_measure {
	REP_PHQ9, REP_PHQA, REP_GAD7, REP_WSAS, REP_EPDS, REP_MEASURES
};

/* The risk fields, in the order section 6 lists them. */
enum rep_risk_field {
	REP_RISK_PHQ9, REP_RISK_PHQA, REP_RISK_EPDS, REP_RISK_CSSRS,
	REP_RISK_FIELDS
};

/*
 * Risk values on one scale, better first, so that "worst" is the maximum:
 * high > moderate > positive > unknown > low > not_endorsed.  REP_LVL_NONE
 * is an empty field; as a patient's latest_risk it means not_assessed.
 */
enum rep_level {
	REP_LVL_NONE, REP_LVL_NOT_ENDORSED, REP_LVL_LOW, REP_LVL_UNKNOWN,
	REP_LVL_POSITIVE, REP_LVL_MODERATE, REP_LVL_HIGH, REP_LEVELS
};

enum rep_ended { REP_ENDED_MISSING, REP_ENDED_NO, REP_ENDED_YES };

/*
 * Where a record sorts within its patient: section 3's (date, session).
 * 32 bits each keep a patient's state small (there are 16 keys in it):
 * every date of years 0000-9999 fits, and a session number above
 * REP_SESSION_MAX is read as REP_SESSION_MAX (caseload.c).
 */
struct rep_key {
	int32_t date;		/* days from 1970-01-01, or REP_KEY_NO_DATE */
	int32_t session;	/* >= 1, or REP_NO_SESSION (sorts first) */
};

#define REP_KEY_NO_DATE INT32_MIN	/* a key not set: no such record */
#define REP_SESSION_MAX INT32_MAX

/* One session record, already validated. */
struct rep_obs {
	struct rep_key key;
	bool attended;
	/*
	 * Section 6.3, decided by the caller from --as-of and --window:
	 * the record is dated in the period; its end_date is in the period.
	 */
	bool in_period, end_in_period;
	int score[REP_MEASURES];	/* valid total or REP_NO_SCORE */
	enum rep_level risk[REP_RISK_FIELDS];	/* REP_LVL_NONE when empty */
	enum rep_ended ended;
	long end_date;			/* or REP_NO_DATE */
};

/*
 * First, last and last-but-one score of one measure; first_key.date is
 * REP_NO_DATE if none, prev is REP_NO_SCORE while n < 2.
 */
struct rep_score_span {
	struct rep_key first_key, last_key, prev_key;
	int first, last, prev;
	long n;
};

/*
 * Section 6.7's trajectory needs, per session number 1..REP_TRAJ_MAX,
 * the dep scores of attended records with that number: the `session`
 * field, else the record's ordinal among the patient's attended records.
 *
 * Numbered records are summed as they come, in tsum[number - 1]; sums
 * merge by addition.  They sum phq9 once the patient has any phq9 score
 * (then phq9 is dep), else phqa: a part without phq9 has no phq9 scores
 * to lose, so a merge keeps the phq9 sums when either part has them.
 *
 * Ordinals need order, so the first REP_TRAJ_MAX attended records are
 * kept (a record past them has an ordinal above REP_TRAJ_MAX).  Only the
 * date and whether a record is numbered matter for the ordinal of an
 * unnumbered record (unnumbered records sort first on their date), so
 * the session number is not kept.
 */
#define REP_TRAJ_MAX 16

struct rep_traj_rec {
	int32_t date;
	int8_t numbered;	/* 1: has a session number (sorts later) */
	int8_t score[2];	/* phq9, phqa: REP_NO_SCORE when none */
};

/* Sums stay exact: rep_overflow is set rather than let one wrap. */
struct rep_traj_sum {
	uint32_t n, sum, sq;
};

/*
 * Everything section 3 needs from a patient's records.  Plain data with
 * no pointers: copy it by assignment.
 */
struct patient_state {
	long records;		/* records folded in (0: not a patient) */
	long attended;
	long first_date, last_date;	/* of attended records */
	long last_record;
	bool ended_yes;		/* some record has ended yes */
	long end_date;		/* earliest end_date, or REP_NO_DATE */
	struct rep_score_span m[REP_MEASURES];
	/* The latest record with a risk value; ties merged field by field. */
	struct rep_key risk_key;	/* date REP_NO_DATE: none yet */
	enum rep_level risk[REP_RISK_FIELDS];
	/* Section 6.3: attended records in the period; a course ended in it. */
	long period_contacts;
	bool period_ended;
	/* Section 6.7: see struct rep_traj_rec. */
	uint32_t ntraj;
	struct rep_traj_rec traj[REP_TRAJ_MAX];
	struct rep_traj_sum tsum[REP_TRAJ_MAX];
	/*
	 * A trajectory sum would not fit: over 5 million records of one
	 * patient with one session number.  The caller reports it.
	 */
	bool overflow;
};

/* A record with nothing in it: not attended, no score, no risk, no end. */
void rep_obs_init(struct rep_obs *o, long date, long session);

void patient_state_init(struct patient_state *s);
/* Fold one record into s. */
void patient_state_add(struct patient_state *s, const struct rep_obs *o);
/*
 * Fold the records summarised by from into into: the result is the state
 * of the union of both parts (each record in exactly one of them).
 */
void patient_state_merge(struct patient_state *into,
    const struct patient_state *from);

/* -1, 0 or 1 as a sorts before, with or after b. */
int rep_key_cmp(const struct rep_key *a, const struct rep_key *b);
/* Section 3's order of scores: (key, value), the higher value later. */
int rep_scored_cmp(const struct rep_key *ka, int va, const struct rep_key *kb,
    int vb);
/* The order of the trajectory's records (struct rep_traj_rec). */
int rep_traj_cmp(const struct rep_traj_rec *a, const struct rep_traj_rec *b);

/* The largest valid total of each measure (io.md 6): 27, 27, 21, 40, 30. */
extern const int rep_total_max[REP_MEASURES];

/*
 * The levels risk field i can hold (ipt-score.md's vocabularies), as a
 * bit set: bit l for enum rep_level l.
 */
unsigned rep_risk_levels(enum rep_risk_field i);

/* A yes/no fact that may also be empty (dropout only). */
enum rep_tri { REP_NO, REP_YES, REP_EMPTY };

/* Section 3's facts of one patient.  Scores: REP_NO_SCORE when none. */
struct patient_facts {
	long attended;
	long first_date, last_date, last_record;	/* or REP_NO_DATE */
	int m_first[REP_MEASURES], m_last[REP_MEASURES];
	long m_n[REP_MEASURES];
	int dep;		/* REP_PHQ9, REP_PHQA, or -1 (dep_measure empty) */
	int dep_first, dep_last;
	long dep_n;
	bool ended, finished, paired, caseness_start, caseness_end;
	bool recovered, reliable_improvement, reliable_deterioration;
	bool reliable_recovery, response, remission, worsening;
	long planned;		/* or REP_UNKNOWN */
	int termination;	/* T: 3 or 2; 0 when planned is unknown */
	enum rep_tri dropout;
	enum rep_level latest_risk;	/* REP_LVL_NONE: not_assessed */
	enum rep_level risk[REP_RISK_FIELDS];	/* of the latest risk record */
};

/*
 * Compute the facts of the patient summarised by s as of as_of (days),
 * with --inactive-days inactive_days and planned sessions (REP_UNKNOWN
 * when neither the intake nor a plan says).  s must hold at least one
 * record.
 */
void patient_facts(const struct patient_state *s, long as_of,
    long inactive_days, long planned, struct patient_facts *f);

/*
 * Section 6.3's last fact: the patient's latest dep score is dated in
 * [from, to] and at least 6 above the dep score before it.  f must be
 * the facts patient_facts() computed from s.
 */
bool patient_worsened_in(const struct patient_state *s,
    const struct patient_facts *f, long from, long to);

/* Section 6.7 over a cohort: attended dep scores per session number. */
struct rep_traj_acc {
	uint64_t n, sum, sq;
};

/*
 * Add the dep scores of the patient summarised by s (facts f) to
 * acc[0..REP_TRAJ_MAX), acc[k] for session number k + 1.
 */
void patient_trajectory(const struct patient_state *s,
    const struct patient_facts *f, struct rep_traj_acc *acc);

/* day (REP_NO_DATE: none) lies in [from, to]: section 6.3's period. */
static inline bool
rep_in_days(long day, long from, long to)
{
	return day != REP_NO_DATE && day >= from && day <= to;
}

/* Names as the outputs write them. */
const char *rep_measure_name(enum rep_measure m);	/* "phq9" ... */
const char *rep_level_name(enum rep_level l);	/* "not_assessed" for NONE */

/* Section 5's rates, in the order of its table. */
enum rep_rate {
	RATE_RECOVERY, RATE_RELIABLE_IMPROVEMENT, RATE_RELIABLE_DETERIORATION,
	RATE_RELIABLE_RECOVERY, RATE_RESPONSE, RATE_REMISSION,
	RATE_REMISSION_ADOLESCENT, RATE_DROPOUT, REP_RATES
};

const char *rep_rate_name(enum rep_rate r);

struct rep_count {
	long num, den;
};

/*
 * Section 5 for one group of patients.  The struct owns sessions; free it
 * with cohort_release().  Sums are integers so that means and SDs of
 * scores are exact until the final division.
 */
struct cohort {
	long patients, active, ended, finished, dropouts;
	long *sessions;		/* attended, one per finished patient */
	size_t nsessions, cap;
	long long sessions_sum;
	/* Scores among finished patients with dep_n >= 2. */
	long score_n;
	long long first_sum, last_sum, first_sq;
	struct rep_count rate[REP_RATES];
};

void cohort_init(struct cohort *c);
void cohort_release(struct cohort *c);
/* Count one patient; age from the intake, or REP_UNKNOWN. */
void cohort_add(struct cohort *c, const struct patient_facts *f, long age);

/*
 * An exact fraction num/den for a mean or median; den == 0 means n/a
 * (no patient to average over).
 */
struct rep_frac {
	long long num, den;
};

struct rep_frac cohort_sessions_mean(const struct cohort *c);
/* Sorts c->sessions in place (a cohort is summarised once, at the end). */
struct rep_frac cohort_sessions_median(struct cohort *c);
struct rep_frac cohort_first_mean(const struct cohort *c);
struct rep_frac cohort_last_mean(const struct cohort *c);
struct rep_frac cohort_change_mean(const struct cohort *c);
/* Sample SD of the first scores: false (n/a) when n < 2. */
bool cohort_first_sd(const struct cohort *c, double *sd);
/* mean(first - last) / first_sd: false (n/a) when n < 2 or sd == 0. */
bool cohort_effect_size(const struct cohort *c, double *d);

/*
 * The 95% Wilson score interval of x/n in percent, unrounded, clamped to
 * [0, 100]: false (n/a) when n == 0.  Benchmarks compare against these
 * exact bounds; outputs print them with rep_fmt_double(.., 1, ..).
 */
bool rep_wilson(long x, long n, double *low, double *high);

#define REP_NUM_BUFSZ 32

/*
 * Section 7's printing: decimals digits after the point, rounded half
 * away from zero, no minus sign on a result that rounds to zero.
 * rep_fmt_frac() rounds the exact fraction num/den (den > 0) in integer
 * arithmetic; rep_fmt_double() rounds the exact binary value of x
 * (finite).  out holds REP_NUM_BUFSZ bytes; the length is returned.
 */
size_t rep_fmt_frac(long long num, long long den, int decimals, char *out);
size_t rep_fmt_double(double x, int decimals, char *out);
/* A rate's percent, 100 x / n with one decimal; n > 0. */
size_t rep_fmt_percent(long x, long n, char *out);

#endif
