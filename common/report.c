/* SPDX-License-Identifier: MIT */
/*
 * report.c - per-patient state and facts, cohort metrics, Wilson
 * intervals and section 7's rounding for ipt-report.
 *
 * Order independence rests on one rule: every "first" is the minimum and
 * every "last" the maximum of a total order.  For scores that order is
 * (date, session, value), which is section 3's order with its tie rule
 * (the higher value later) built in; for the latest risk record, tied
 * records are merged field by field with max(), which is commutative.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

/* The two IAPT measures of section 3: dep, then gad7. */
enum { IAPT_DEP, IAPT_GAD7, IAPT_N };
static const int iapt_caseness[IAPT_N] = {10, 8};
static const int iapt_reliable[IAPT_N] = {6, 4};

int
rep_key_cmp(const struct rep_key *a, const struct rep_key *b)
{
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->session != b->session)
		return a->session < b->session ? -1 : 1;
	return 0;
}

const int rep_total_max[REP_MEASURES] = {27, 27, 21, 40, 30};

unsigned
rep_risk_levels(enum rep_risk_field i)
{
	unsigned plain = 1u << REP_LVL_NOT_ENDORSED | 1u << REP_LVL_UNKNOWN |
	    1u << REP_LVL_POSITIVE;
	unsigned cssrs = 1u << REP_LVL_NOT_ENDORSED | 1u << REP_LVL_LOW |
	    1u << REP_LVL_UNKNOWN | 1u << REP_LVL_MODERATE | 1u << REP_LVL_HIGH;

	return i == REP_RISK_CSSRS ? cssrs : plain;
}

/* (key, value) order: the higher value is later on a tied key. */
int
rep_scored_cmp(const struct rep_key *ka, int va, const struct rep_key *kb,
    int vb)
{
	int c = rep_key_cmp(ka, kb);

	if (c != 0)
		return c;
	return (va > vb) - (va < vb);
}

/* The earlier of two dates, REP_NO_DATE standing for none. */
static long
min_date(long a, long b)
{
	if (a == REP_NO_DATE)
		return b;
	if (b == REP_NO_DATE)
		return a;
	return a < b ? a : b;
}

static long
max_date(long a, long b)
{
	return a > b ? a : b;	/* REP_NO_DATE is LONG_MIN */
}

void
rep_obs_init(struct rep_obs *o, long date, long session)
{
	o->key.date = (int32_t)date;
	o->key.session = session > REP_SESSION_MAX ? REP_SESSION_MAX :
	    (int32_t)session;
	o->attended = false;
	o->in_period = o->end_in_period = false;
	for (int m = 0; m < REP_MEASURES; m++)
		o->score[m] = REP_NO_SCORE;
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		o->risk[i] = REP_LVL_NONE;
	o->ended = REP_ENDED_MISSING;
	o->end_date = REP_NO_DATE;
}

static void
span_init(struct rep_score_span *sp)
{
	sp->first_key.date = sp->last_key.date = REP_KEY_NO_DATE;
	sp->first_key.session = sp->last_key.session = REP_NO_SESSION;
	sp->prev_key = sp->first_key;
	sp->first = sp->last = sp->prev = REP_NO_SCORE;
	sp->n = 0;
}

void
patient_state_init(struct patient_state *s)
{
	s->records = 0;
	s->attended = 0;
	s->first_date = s->last_date = s->last_record = REP_NO_DATE;
	s->ended_yes = false;
	s->end_date = REP_NO_DATE;
	for (int m = 0; m < REP_MEASURES; m++)
		span_init(&s->m[m]);
	s->risk_key.date = REP_KEY_NO_DATE;
	s->risk_key.session = REP_NO_SESSION;
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		s->risk[i] = REP_LVL_NONE;
	s->period_contacts = 0;
	s->period_ended = false;
	s->ntraj = 0;
	memset(s->traj, 0, sizeof(s->traj));
	memset(s->tsum, 0, sizeof(s->tsum));
	s->overflow = false;
}

/*
 * The last two scores of a and b together: the union's top two under
 * scored order are among each part's top two.
 */
static void
span_merge_last(struct rep_score_span *a, const struct rep_score_span *b)
{
	struct rep_key k[4] = {a->last_key, a->prev_key, b->last_key,
	    b->prev_key};
	int v[4] = {a->last, a->prev, b->last, b->prev};
	int top = -1, second = -1;

	for (int i = 0; i < 4; i++) {
		if (v[i] == REP_NO_SCORE)
			continue;
		if (top < 0 || rep_scored_cmp(&k[i], v[i], &k[top], v[top]) > 0) {
			second = top;
			top = i;
		} else if (second < 0 ||
		    rep_scored_cmp(&k[i], v[i], &k[second], v[second]) > 0) {
			second = i;
		}
	}
	a->last_key = k[top];
	a->last = v[top];
	if (second >= 0) {
		a->prev_key = k[second];
		a->prev = v[second];
	}
}

/* Merge a span b (possibly empty) into a. */
static void
span_merge(struct rep_score_span *a, const struct rep_score_span *b)
{
	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	if (rep_scored_cmp(&b->first_key, b->first, &a->first_key, a->first) < 0) {
		a->first_key = b->first_key;
		a->first = b->first;
	}
	span_merge_last(a, b);
	a->n += b->n;
}

/*
 * Merge a latest-risk candidate (key, risk) into s: a later key replaces
 * it, a tied key combines field by field, worst value kept.
 */
static void
risk_merge(struct patient_state *s, const struct rep_key *key,
    const enum rep_level *risk)
{
	int c = s->risk_key.date == REP_KEY_NO_DATE ? 1 :
	    rep_key_cmp(key, &s->risk_key);

	if (c < 0)
		return;
	if (c > 0) {
		s->risk_key = *key;
		for (int i = 0; i < REP_RISK_FIELDS; i++)
			s->risk[i] = risk[i];
		return;
	}
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		if (risk[i] > s->risk[i])
			s->risk[i] = risk[i];
}

/*
 * Section 3's order on trajectory records as far as ordinals need it:
 * date, unnumbered first, then the scores (the higher later).
 */
int
rep_traj_cmp(const struct rep_traj_rec *a, const struct rep_traj_rec *b)
{
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->numbered != b->numbered)
		return a->numbered < b->numbered ? -1 : 1;
	for (int i = 0; i < 2; i++)
		if (a->score[i] != b->score[i])
			return a->score[i] < b->score[i] ? -1 : 1;
	return 0;
}

/* a += b, or false when it would wrap. */
static bool
add_u32(uint32_t *a, uint32_t b)
{
	if (b > UINT32_MAX - *a)
		return false;
	*a += b;
	return true;
}

/*
 * The numbered sums of the union: phq9 sums when either part has a phq9
 * score (a part without one contributes none), else phqa sums.
 */
static void
tsum_merge(struct patient_state *into, const struct patient_state *from)
{
	bool into_phq9 = into->m[REP_PHQ9].n > 0;
	bool from_phq9 = from->m[REP_PHQ9].n > 0;

	if (from_phq9 && !into_phq9)
		memset(into->tsum, 0, sizeof(into->tsum));
	if (into_phq9 && !from_phq9)
		return;
	into->overflow = into->overflow || from->overflow;
	for (int k = 0; k < REP_TRAJ_MAX; k++) {
		struct rep_traj_sum *a = &into->tsum[k];
		const struct rep_traj_sum *b = &from->tsum[k];

		if (!add_u32(&a->n, b->n) || !add_u32(&a->sum, b->sum) ||
		    !add_u32(&a->sq, b->sq))
			into->overflow = true;
	}
}

/*
 * Keep the first REP_TRAJ_MAX attended records of both parts: a sorted
 * merge of two sorted lists, cut at the limit.  Call before the spans
 * are merged: tsum_merge() looks at each part's own phq9 count.
 */
static void
traj_merge(struct patient_state *into, const struct patient_state *from)
{
	struct rep_traj_rec out[REP_TRAJ_MAX];
	uint32_t i = 0, j = 0, n = 0;

	while (n < REP_TRAJ_MAX && (i < into->ntraj || j < from->ntraj)) {
		if (j >= from->ntraj || (i < into->ntraj &&
		    rep_traj_cmp(&into->traj[i], &from->traj[j]) <= 0))
			out[n++] = into->traj[i++];
		else
			out[n++] = from->traj[j++];
	}
	memcpy(into->traj, out, n * sizeof(out[0]));
	into->ntraj = n;
	tsum_merge(into, from);
}

/* An attended record as the trajectory sees it. */
static void
traj_one(struct patient_state *one, const struct rep_obs *o)
{
	struct rep_traj_rec *t = &one->traj[0];
	int phq9 = o->score[REP_PHQ9], phqa = o->score[REP_PHQA];
	int v = phq9 != REP_NO_SCORE ? phq9 : phqa;

	one->ntraj = 1;
	t->date = (int32_t)o->key.date;
	t->numbered = o->key.session != REP_NO_SESSION;
	t->score[0] = (int8_t)phq9;
	t->score[1] = (int8_t)phqa;
	if (v == REP_NO_SCORE || o->key.session < 1 ||
	    o->key.session > REP_TRAJ_MAX)
		return;
	one->tsum[o->key.session - 1].n = 1;
	one->tsum[o->key.session - 1].sum = (uint32_t)v;
	one->tsum[o->key.session - 1].sq = (uint32_t)(v * v);
}

static bool
has_risk(const enum rep_level *risk)
{
	for (int i = 0; i < REP_RISK_FIELDS; i++)
		if (risk[i] != REP_LVL_NONE)
			return true;
	return false;
}

void
patient_state_add(struct patient_state *s, const struct rep_obs *o)
{
	struct patient_state one;

	/* One record is a state of its own; merging keeps a single rule. */
	patient_state_init(&one);
	one.records = 1;
	one.last_record = o->key.date;
	one.ended_yes = o->ended == REP_ENDED_YES;
	one.end_date = o->end_date;
	one.period_ended = (o->in_period && o->ended == REP_ENDED_YES) ||
	    o->end_in_period;
	if (o->attended) {
		one.attended = 1;
		one.period_contacts = o->in_period;
		traj_one(&one, o);
		one.first_date = one.last_date = o->key.date;
		for (int m = 0; m < REP_MEASURES; m++) {
			struct rep_score_span *sp = &one.m[m];

			if (o->score[m] == REP_NO_SCORE)
				continue;
			sp->first_key = sp->last_key = o->key;
			sp->first = sp->last = o->score[m];
			sp->n = 1;
		}
	}
	if (has_risk(o->risk)) {
		one.risk_key = o->key;
		for (int i = 0; i < REP_RISK_FIELDS; i++)
			one.risk[i] = o->risk[i];
	}
	patient_state_merge(s, &one);
}

void
patient_state_merge(struct patient_state *into,
    const struct patient_state *from)
{
	traj_merge(into, from);	/* first: it reads the parts' phq9 counts */
	into->records += from->records;
	into->attended += from->attended;
	into->first_date = min_date(into->first_date, from->first_date);
	into->last_date = max_date(into->last_date, from->last_date);
	into->last_record = max_date(into->last_record, from->last_record);
	into->ended_yes = into->ended_yes || from->ended_yes;
	into->end_date = min_date(into->end_date, from->end_date);
	for (int m = 0; m < REP_MEASURES; m++)
		span_merge(&into->m[m], &from->m[m]);
	if (from->risk_key.date != REP_KEY_NO_DATE)
		risk_merge(into, &from->risk_key, from->risk);
	into->period_contacts += from->period_contacts;
	into->period_ended = into->period_ended || from->period_ended;
}

static void
facts_scores(const struct patient_state *s, struct patient_facts *f)
{
	for (int m = 0; m < REP_MEASURES; m++) {
		f->m_first[m] = s->m[m].first;
		f->m_last[m] = s->m[m].last;
		f->m_n[m] = s->m[m].n;
	}
	if (f->m_n[REP_PHQ9] > 0)
		f->dep = REP_PHQ9;
	else if (f->m_n[REP_PHQA] > 0)
		f->dep = REP_PHQA;
	else
		f->dep = -1;
	f->dep_first = f->dep < 0 ? REP_NO_SCORE : f->m_first[f->dep];
	f->dep_last = f->dep < 0 ? REP_NO_SCORE : f->m_last[f->dep];
	f->dep_n = f->dep < 0 ? 0 : f->m_n[f->dep];
}

/*
 * The IAPT outcome facts over dep and gad7, counting only the measures
 * that have a score (section 3: "over the measures with a score").
 */
static void
facts_iapt(struct patient_facts *f)
{
	int first[IAPT_N] = {f->dep_first, f->m_first[REP_GAD7]};
	int last[IAPT_N] = {f->dep_last, f->m_last[REP_GAD7]};
	long n[IAPT_N] = {f->dep_n, f->m_n[REP_GAD7]};
	bool scored = false, all_pairs = true, improved = false;
	bool worse = false;

	f->caseness_start = f->caseness_end = false;
	for (int i = 0; i < IAPT_N; i++) {
		if (n[i] == 0)
			continue;
		scored = true;
		all_pairs = all_pairs && n[i] >= 2;
		f->caseness_start |= first[i] >= iapt_caseness[i];
		f->caseness_end |= last[i] >= iapt_caseness[i];
		improved |= first[i] - last[i] >= iapt_reliable[i];
		worse |= last[i] - first[i] >= iapt_reliable[i];
	}
	f->paired = scored && all_pairs;
	f->recovered = f->finished && f->paired && f->caseness_start &&
	    !f->caseness_end;
	f->reliable_improvement = f->finished && f->paired && improved &&
	    !worse;
	f->reliable_deterioration = f->finished && f->paired && worse &&
	    !improved;
	f->reliable_recovery = f->recovered && f->reliable_improvement;
	f->worsening = worse;
}

static void
facts_depression(struct patient_facts *f)
{
	bool pair = f->finished && f->dep_n >= 2;

	f->response = pair && f->dep_first > 0 &&
	    2 * f->dep_last <= f->dep_first;
	f->remission = pair && f->dep_first >= 10 && f->dep_last < 5;
}

static void
facts_planned(struct patient_facts *f, long planned)
{
	f->planned = planned;
	if (planned == REP_UNKNOWN) {
		f->termination = 0;
		/* Premises fail on an active course; an ended one: unknown. */
		f->dropout = f->ended ? REP_EMPTY : REP_NO;
		return;
	}
	f->termination = planned >= 12 ? 3 : 2;
	f->dropout = f->ended && f->attended < planned - f->termination ?
	    REP_YES : REP_NO;
}

static void
facts_risk(const struct patient_state *s, struct patient_facts *f)
{
	f->latest_risk = REP_LVL_NONE;
	for (int i = 0; i < REP_RISK_FIELDS; i++) {
		f->risk[i] = s->risk[i];
		if (s->risk[i] > f->latest_risk)
			f->latest_risk = s->risk[i];
	}
}

void
patient_facts(const struct patient_state *s, long as_of,
    long inactive_days, long planned, struct patient_facts *f)
{
	f->attended = s->attended;
	f->first_date = s->first_date;
	f->last_date = s->last_date;
	f->last_record = s->last_record;
	facts_scores(s, f);
	/* Strictly older than the limit: exactly inactive_days is active. */
	f->ended = s->ended_yes ||
	    (s->end_date != REP_NO_DATE && s->end_date <= as_of) ||
	    (s->last_record != REP_NO_DATE &&
	    s->last_record < as_of - inactive_days);
	f->finished = f->ended && f->attended >= 2;
	facts_iapt(f);
	facts_depression(f);
	facts_planned(f, planned);
	facts_risk(s, f);
}

bool
patient_worsened_in(const struct patient_state *s,
    const struct patient_facts *f, long from, long to)
{
	const struct rep_score_span *sp;

	if (f->dep < 0)
		return false;
	sp = &s->m[f->dep];
	return sp->n >= 2 && sp->last_key.date >= from &&
	    sp->last_key.date <= to && sp->last - sp->prev >= 6;
}

static void
traj_acc(struct rep_traj_acc *a, uint64_t n, uint64_t sum, uint64_t sq)
{
	a->n += n;
	a->sum += sum;
	a->sq += sq;
}

void
patient_trajectory(const struct patient_state *s,
    const struct patient_facts *f, struct rep_traj_acc *acc)
{
	int m;

	if (f->dep < 0)
		return;
	/* tsum holds dep's sums: phq9 when the patient has any. */
	for (int k = 0; k < REP_TRAJ_MAX; k++)
		traj_acc(&acc[k], s->tsum[k].n, s->tsum[k].sum, s->tsum[k].sq);
	/* Unnumbered records take their ordinal among attended records. */
	m = f->dep == REP_PHQ9 ? 0 : 1;
	for (uint32_t i = 0; i < s->ntraj; i++) {
		const struct rep_traj_rec *t = &s->traj[i];
		uint64_t v = (uint64_t)t->score[m];

		if (!t->numbered && t->score[m] != REP_NO_SCORE)
			traj_acc(&acc[i], 1, v, v * v);
	}
}

const char *
rep_measure_name(enum rep_measure m)
{
	static const char *const names[REP_MEASURES] = {
		"phq9", "phqa", "gad7", "wsas", "epds"
	};

	return (unsigned)m < REP_MEASURES ? names[m] : "";
}

const char *
rep_level_name(enum rep_level l)
{
	static const char *const names[REP_LEVELS] = {
		"not_assessed", "not_endorsed", "low", "unknown", "positive",
		"moderate", "high"
	};

	return (unsigned)l < REP_LEVELS ? names[l] : "";
}

const char *
rep_rate_name(enum rep_rate r)
{
	static const char *const names[REP_RATES] = {
		"recovery", "reliable_improvement", "reliable_deterioration",
		"reliable_recovery", "response", "remission",
		"remission_adolescent", "dropout"
	};

	return (unsigned)r < REP_RATES ? names[r] : "";
}

void
cohort_init(struct cohort *c)
{
	*c = (struct cohort){0};
}

void
cohort_release(struct cohort *c)
{
	free(c->sessions);
	cohort_init(c);
}

static void
count(struct rep_count *r, bool in_denominator, bool in_numerator)
{
	if (!in_denominator)
		return;
	r->den++;
	if (in_numerator)
		r->num++;
}

static void
cohort_add_rates(struct cohort *c, const struct patient_facts *f, long age)
{
	bool fp = f->finished && f->paired;
	bool dep2 = f->finished && f->dep_n >= 2;
	bool adolescent = age >= 12 && age <= 18;

	count(&c->rate[RATE_RECOVERY], fp && f->caseness_start, f->recovered);
	count(&c->rate[RATE_RELIABLE_IMPROVEMENT], fp,
	    f->reliable_improvement);
	count(&c->rate[RATE_RELIABLE_DETERIORATION], fp,
	    f->reliable_deterioration);
	count(&c->rate[RATE_RELIABLE_RECOVERY], fp && f->caseness_start,
	    f->reliable_recovery);
	count(&c->rate[RATE_RESPONSE], dep2 && f->dep_first > 0, f->response);
	count(&c->rate[RATE_REMISSION], dep2 && f->dep_first >= 10,
	    f->remission);
	count(&c->rate[RATE_REMISSION_ADOLESCENT],
	    dep2 && f->dep_first >= 10 && adolescent, f->remission);
	count(&c->rate[RATE_DROPOUT], f->ended && f->planned != REP_UNKNOWN,
	    f->dropout == REP_YES);
}

void
cohort_add(struct cohort *c, const struct patient_facts *f, long age)
{
	c->patients++;
	if (f->ended)
		c->ended++;
	else
		c->active++;
	if (f->dropout == REP_YES)
		c->dropouts++;
	if (f->finished) {
		c->finished++;
		if (c->nsessions == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->sessions = xreallocarray(c->sessions, c->cap,
			    sizeof(*c->sessions));
		}
		c->sessions[c->nsessions++] = f->attended;
		c->sessions_sum += f->attended;
	}
	if (f->finished && f->dep_n >= 2) {
		c->score_n++;
		c->first_sum += f->dep_first;
		c->last_sum += f->dep_last;
		c->first_sq += (long long)f->dep_first * f->dep_first;
	}
	cohort_add_rates(c, f, age);
}

static struct rep_frac
frac(long long num, long long den)
{
	struct rep_frac r = {num, den};

	return r;
}

struct rep_frac
cohort_sessions_mean(const struct cohort *c)
{
	return frac(c->sessions_sum, (long long)c->nsessions);
}

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

struct rep_frac
cohort_sessions_median(struct cohort *c)
{
	size_t n = c->nsessions;

	if (n == 0)
		return frac(0, 0);
	qsort(c->sessions, n, sizeof(*c->sessions), long_cmp);
	if (n % 2 == 1)
		return frac(c->sessions[n / 2], 1);
	return frac((long long)c->sessions[n / 2 - 1] + c->sessions[n / 2], 2);
}

struct rep_frac
cohort_first_mean(const struct cohort *c)
{
	return frac(c->first_sum, c->score_n);
}

struct rep_frac
cohort_last_mean(const struct cohort *c)
{
	return frac(c->last_sum, c->score_n);
}

struct rep_frac
cohort_change_mean(const struct cohort *c)
{
	return frac(c->last_sum - c->first_sum, c->score_n);
}

bool
cohort_first_sd(const struct cohort *c, double *sd)
{
	long long n = c->score_n;
	long long ss;

	if (n < 2)
		return false;
	/* n * sum(x^2) - sum(x)^2 is exact; only the last steps round. */
	ss = n * c->first_sq - c->first_sum * c->first_sum;
	*sd = sqrt((double)ss / ((double)n * (double)(n - 1)));
	return true;
}

bool
cohort_effect_size(const struct cohort *c, double *d)
{
	double sd;

	if (!cohort_first_sd(c, &sd) || sd == 0)
		return false;
	*d = (double)(c->first_sum - c->last_sum) / (double)c->score_n / sd;
	return true;
}

static double
clamp_percent(double p)
{
	return p < 0 ? 0 : p > 100 ? 100 : p;
}

bool
rep_wilson(long x, long n, double *low, double *high)
{
	double z2 = REP_Z * REP_Z;
	double centre, half;

	if (n <= 0)
		return false;
	centre = ((double)x + z2 / 2) / ((double)n + z2);
	half = REP_Z * sqrt((double)x * (double)(n - x) / (double)n +
	    z2 / 4) / ((double)n + z2);
	*low = clamp_percent(100 * (centre - half));
	*high = clamp_percent(100 * (centre + half));
	return true;
}

static long long
pow10ll(int decimals)
{
	long long p = 1;

	while (decimals-- > 0)
		p *= 10;
	return p;
}

/* Write the scaled magnitude q as digits with decimals after the point. */
static size_t
put_scaled(bool negative, unsigned long long q, int decimals, char *out)
{
	char digits[REP_NUM_BUFSZ];
	size_t nd = 0, len = 0;

	do {
		digits[nd++] = (char)('0' + q % 10);
		q /= 10;
	} while (q > 0 || nd <= (size_t)decimals);
	if (negative)
		out[len++] = '-';
	while (nd > 0) {
		out[len++] = digits[--nd];
		if (nd == (size_t)decimals && nd > 0)
			out[len++] = '.';
	}
	out[len] = '\0';
	return len;
}

size_t
rep_fmt_frac(long long num, long long den, int decimals, char *out)
{
	bool negative = (num < 0) != (den < 0);
	unsigned long long a, d, q, r;

	assert(den != 0);	/* the contract: callers print n/a for 0 */
	a = (unsigned long long)(num < 0 ? -num : num) *
	    (unsigned long long)pow10ll(decimals);
	d = (unsigned long long)(den < 0 ? -den : den);
	q = a / d;
	r = a % d;
	if (r >= d - r)		/* remainder at least half: away from zero */
		q++;
	return put_scaled(negative && q > 0, q, decimals, out);
}

/*
 * Round |x| * 10^decimals half away from zero on the exact binary value:
 * fma() gives the sign of |x| * s - k without an intermediate rounding,
 * so a double just below a .x5 tie is never pushed over it.
 */
size_t
rep_fmt_double(double x, int decimals, char *out)
{
	double a = fabs(x), s = (double)pow10ll(decimals);
	double k = floor(a * s);

	while (k > 0 && fma(a, s, -k) < 0)
		k -= 1;
	while (fma(a, s, -(k + 1)) >= 0)
		k += 1;
	if (fma(a, 2 * s, -(2 * k + 1)) >= 0)
		k += 1;
	return put_scaled(x < 0 && k > 0, (unsigned long long)k, decimals,
	    out);
}

size_t
rep_fmt_percent(long x, long n, char *out)
{
	return rep_fmt_frac(100LL * x, n, 1, out);
}
