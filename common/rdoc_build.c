/* SPDX-License-Identifier: MIT */
/*
 * rdoc_build.c - the report's numbers: every patient's facts once, then
 * the sections of ipt-report.md section 6, printed by section 7.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "rdoc_build.h"
#include "writer.h"
#include "xalloc.h"

#define NONE_GROUP "(none)"

/*
 * One patient as the sections need it, in id order.  Facts are not kept:
 * at 100,000 patients they would be 20 MB, and patient_facts() is cheap
 * enough to run again where a second pass needs them (pt_facts()).
 */
struct pt {
	const struct caseload_entry *e;
	long planned;
	long age;
	const char **group;	/* nby values, borrowed; into gvals */
};

long
rdoc_planned(const struct rdoc_input *in, const struct caseload_entry *e)
{
	const struct intake_row *row = NULL;

	if (in->intake != NULL)
		row = intake_find(in->intake, e->id, e->len);
	if (row != NULL && row->sessions_recommended != REP_UNKNOWN)
		return row->sessions_recommended;
	if (in->plans != NULL)
		return plans_planned(in->plans, e->id, e->len);
	return REP_UNKNOWN;
}

/* Section 5: the latest non-empty record value, else the intake's. */
static const char *
group_value(const struct caseload_entry *e, const struct intake_row *row,
    size_t k)
{
	if (e->by != NULL && e->by[k].val != NULL)
		return e->by[k].val;
	if (row != NULL && row->by != NULL && row->by[k] != NULL)
		return row->by[k];
	return NONE_GROUP;
}

static void
patient_load(const struct rdoc_input *in, const struct caseload_entry *e,
    struct pt *p, const char **gslot)
{
	const struct intake_row *row = NULL;

	if (in->intake != NULL)
		row = intake_find(in->intake, e->id, e->len);
	p->e = e;
	p->age = row != NULL ? row->age : REP_UNKNOWN;
	p->planned = rdoc_planned(in, e);
	p->group = gslot;
	for (size_t k = 0; k < in->nby; k++)
		gslot[k] = group_value(e, row, k);
}

static void
pt_facts(const struct rdoc_input *in, const struct pt *p,
    struct patient_facts *f)
{
	patient_facts(&p->e->st, in->as_of, in->inactive_days, p->planned, f);
}

/* ---- numbers ---- */

static void
v_count(struct rdoc_value *v, long long n)
{
	v->kind = RK_COUNT;
	rep_fmt_frac(n, 1, 0, v->value);
}

static void
v_frac(struct rdoc_value *v, enum rdoc_kind kind, struct rep_frac fr)
{
	v->kind = kind;
	v->na = fr.den == 0;
	if (!v->na)
		rep_fmt_frac(fr.num, fr.den, 1, v->value);
}

static void
v_double(struct rdoc_value *v, bool ok, double x, int decimals)
{
	v->kind = RK_SCORE;
	v->na = !ok;
	if (ok)
		rep_fmt_double(x, decimals, v->value);
}

static void
v_rate(struct rdoc_value *v, const struct rep_count *c, long min_cell)
{
	v->kind = RK_RATE;
	v->num = c->num;
	v->den = c->den;
	/* Section 2: below K is suppressed, so with K > 0 also 0 / 0. */
	if (c->den < min_cell) {
		v->suppressed = true;
		return;
	}
	if (!rep_wilson(c->num, c->den, &v->low, &v->high)) {
		v->na = true;
		return;
	}
	rep_fmt_percent(c->num, c->den, v->value);
	rep_fmt_double(v->low, 1, v->ci_low);
	rep_fmt_double(v->high, 1, v->ci_high);
}

static void
group_values(struct rdoc_group *g, struct cohort *c, long min_cell)
{
	double x;
	bool ok;

	memset(g->v, 0, sizeof(g->v));
	v_count(&g->v[RM_PATIENTS], c->patients);
	v_count(&g->v[RM_ACTIVE], c->active);
	v_count(&g->v[RM_ENDED], c->ended);
	v_count(&g->v[RM_FINISHED], c->finished);
	v_count(&g->v[RM_DROPOUTS], c->dropouts);
	v_frac(&g->v[RM_SESSIONS_MEAN], RK_COUNT, cohort_sessions_mean(c));
	v_frac(&g->v[RM_SESSIONS_MEDIAN], RK_COUNT,
	    cohort_sessions_median(c));
	v_count(&g->v[RM_N], c->score_n);
	g->v[RM_N].kind = RK_SCORE;
	v_frac(&g->v[RM_FIRST_MEAN], RK_SCORE, cohort_first_mean(c));
	v_frac(&g->v[RM_LAST_MEAN], RK_SCORE, cohort_last_mean(c));
	v_frac(&g->v[RM_CHANGE_MEAN], RK_SCORE, cohort_change_mean(c));
	ok = cohort_first_sd(c, &x);
	v_double(&g->v[RM_FIRST_SD], ok, x, 1);
	ok = cohort_effect_size(c, &x);
	v_double(&g->v[RM_EFFECT_SIZE_D], ok, x, 2);
	for (int r = 0; r < REP_RATES; r++)
		v_rate(&g->v[RM_RATE0 + r], &c->rate[r], min_cell);
}

/* ---- section 5: overall and --by groups ---- */

static size_t nby_cmp;		/* qsort has no context argument */

static int
group_cmp(const void *a, const void *b)
{
	const struct pt *p = *(const struct pt *const *)a;
	const struct pt *q = *(const struct pt *const *)b;

	for (size_t k = 0; k < nby_cmp; k++) {
		int c = strcmp(p->group[k], q->group[k]);

		if (c != 0)
			return c;
	}
	/* Equal groups: id order, so the sort is fully determined. */
	return strcmp(p->e->id, q->e->id);
}

static void
add_group(struct rdoc *d, struct cohort *c, const char **vals, size_t nby,
    long min_cell)
{
	struct rdoc_group *g;

	d->groups = xreallocarray(d->groups, d->ngroups + 1,
	    sizeof(*d->groups));
	g = &d->groups[d->ngroups++];
	g->val = NULL;
	if (vals != NULL) {
		g->val = xreallocarray(NULL, nby, sizeof(*g->val));
		for (size_t k = 0; k < nby; k++)
			g->val[k] = xmemdup(vals[k], strlen(vals[k]));
	}
	group_values(g, c, min_cell);
}

static bool
same_group(const struct pt *p, const struct pt *q, size_t nby)
{
	for (size_t k = 0; k < nby; k++)
		if (strcmp(p->group[k], q->group[k]) != 0)
			return false;
	return true;
}

/* The --by groups, after the overall group (built in the patient pass). */
static void
build_groups(struct rdoc *d, const struct rdoc_input *in, struct pt *pts,
    size_t n)
{
	struct patient_facts f;
	struct cohort c;
	struct pt **ord;
	size_t i = 0;

	if (in->nby == 0 || n == 0)
		return;
	ord = xreallocarray(NULL, n, sizeof(*ord));
	for (size_t k = 0; k < n; k++)
		ord[k] = &pts[k];
	nby_cmp = in->nby;
	qsort(ord, n, sizeof(*ord), group_cmp);
	while (i < n) {
		size_t j = i;

		cohort_init(&c);
		for (; j < n && same_group(ord[i], ord[j], in->nby); j++) {
			pt_facts(in, ord[j], &f);
			cohort_add(&c, &f, ord[j]->age);
		}
		add_group(d, &c, ord[i]->group, in->nby, in->min_cell);
		cohort_release(&c);
		i = j;
	}
	free(ord);
}

/* ---- section 6.2: safety ---- */

/* Listed first to last: high, moderate, positive, unknown, low. */
static int
risk_rank(enum rep_level l)
{
	switch (l) {
	case REP_LVL_HIGH:	return 0;
	case REP_LVL_MODERATE:	return 1;
	case REP_LVL_POSITIVE:	return 2;
	case REP_LVL_UNKNOWN:	return 3;
	case REP_LVL_LOW:	return 4;
	default:		return 5;	/* worsening only */
	}
}

static int
safety_cmp(const void *a, const void *b)
{
	const struct rdoc_safety *p = a, *q = b;
	int c = risk_rank(p->latest_risk) - risk_rank(q->latest_risk);

	return c != 0 ? c : strcmp(p->id, q->id);
}

/*
 * The patients section 6.2 looks at: not ended, or with any record in
 * the period (last_record is never after as_of).
 */
static bool
safety_scope(const struct rdoc *d, const struct patient_facts *f)
{
	return !f->ended || f->last_record >= d->period_from;
}

/*
 * Section 6.2 for one patient.  Patients come in id order, so the
 * not-assessed list is in id order too; the safety list is sorted after
 * the pass.  *cap tracks the safety array, which grows as needed.
 */
static void
safety_add(struct rdoc *d, const struct pt *p, const struct patient_facts *f,
    size_t *cap)
{
	bool risky = risk_rank(f->latest_risk) < 5;
	struct rdoc_safety *s;

	if (!safety_scope(d, f))
		return;
	if (f->latest_risk == REP_LVL_NONE)
		d->not_assessed[d->nnot_assessed++] = p->e->id;
	if (!risky && !f->worsening)
		return;
	if (d->nsafety == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		d->safety = xreallocarray(d->safety, *cap, sizeof(*d->safety));
	}
	s = &d->safety[d->nsafety++];
	s->id = p->e->id;
	s->last_record = f->last_record;
	s->latest_risk = f->latest_risk;
	memcpy(s->risk, f->risk, sizeof(s->risk));
	s->dep_last = f->dep_last;
	s->worsening = f->worsening;
	if (risky)
		d->safety_by_risk[f->latest_risk]++;
	else
		d->safety_worsening_only++;
}

/* ---- section 6.3, 6.7 and 6.8 ---- */

static void
period_add(struct rdoc *d, const struct pt *p, const struct patient_facts *f)
{
	d->contacts += (uint64_t)p->e->st.period_contacts;
	d->new_patients += rep_in_days(f->first_date, d->period_from,
	    d->period_to);
	d->ended += p->e->st.period_ended;
	d->worsened += patient_worsened_in(&p->e->st, f, d->period_from,
	    d->period_to);
	d->single_score += f->dep_n == 1;
}

static void
traj_point(struct rdoc_traj *t, long session, const struct rep_traj_acc *a)
{
	double n, mean, sd, half;

	t->session = session;
	t->present = a->n > 0;
	if (!t->present)
		return;
	t->n = (long)a->n;
	rep_fmt_frac((long long)a->sum, (long long)a->n, 1, t->mean);
	n = (double)a->n;
	mean = (double)a->sum / n;
	t->mean_d = t->low_d = t->high_d = mean;
	t->band = a->n >= 2;
	if (!t->band)
		return;
	/* n * sum(x^2) - sum(x)^2 is exact in integers; see cohort_first_sd. */
	sd = sqrt((double)(a->n * a->sq - a->sum * a->sum) /
	    (n * (n - 1)));
	half = REP_Z * sd / sqrt(n);
	t->low_d = mean - half;
	t->high_d = mean + half;
	rep_fmt_double(t->low_d, 1, t->ci_low);
	rep_fmt_double(t->high_d, 1, t->ci_high);
}

static void
finish_trajectory(struct rdoc *d, const struct rep_traj_acc *acc)
{
	for (int k = 0; k < RDOC_TRAJ_SESSIONS; k++)
		traj_point(&d->traj[k], k + 1, &acc[k]);
}

static int
reason_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rdoc_reason *)a)->reason,
	    ((const struct rdoc_reason *)b)->reason);
}

static void
build_reasons(struct rdoc *d, const struct caseload_counts *c)
{
	d->reasons = xreallocarray(NULL, CL_NCOLS, sizeof(*d->reasons));
	for (int k = 0; k < CL_NCOLS; k++) {
		if (c->reason[k] == 0)
			continue;
		d->reasons[d->nreasons].reason =
		    caseload_reason_name((enum cl_col)k);
		d->reasons[d->nreasons++].count = c->reason[k];
	}
	qsort(d->reasons, d->nreasons, sizeof(*d->reasons), reason_cmp);
}

/* ---- section 6.4 and 6.6 ---- */

static void
build_due(struct rdoc *d, const struct plans *pl)
{
	const struct plan_entry *src[2] = {pl->due, pl->overdue};
	size_t nsrc[2] = {pl->ndue, pl->noverdue};
	struct rdoc_due *dst[2];

	d->has_plans = true;
	for (int l = 0; l < 2; l++) {
		dst[l] = xreallocarray(NULL, nsrc[l] ? nsrc[l] : 1,
		    sizeof(*dst[l]));
		for (size_t k = 0; k < nsrc[l]; k++) {
			dst[l][k].id = src[l][k].id;
			dst[l][k].date = src[l][k].date;
			dst[l][k].kind = src[l][k].kind;
			dst[l][k].session = src[l][k].session;
			dst[l][k].measures = src[l][k].measures != NULL ?
			    src[l][k].measures : "";
		}
	}
	d->due = dst[0];
	d->ndue = nsrc[0];
	d->overdue = dst[1];
	d->noverdue = nsrc[1];
}

static const struct {
	enum rep_rate rate;
	const char *reference, *source;
	double low, high;
} benchmarks[] = {
	{RATE_RECOVERY, "50", "NHS Talking Therapies standard (51.8% "
	    "nationally, June 2020)", 50, 50},
	{RATE_RELIABLE_IMPROVEMENT, "69.1", "NHS Talking Therapies, "
	    "June 2020", 69.1, 69.1},
	{RATE_REMISSION, "65-70", "IPT for a single depressive episode "
	    "(project brief)", 65, 70},
	{RATE_REMISSION_ADOLESCENT, "80", "IPT-A (project brief)", 80, 80},
	{RATE_DROPOUT, "19.7", "Swift and Greenberg 2012, psychotherapy "
	    "meta-analysis", 19.7, 19.7},
};

/*
 * The verdict on the exact interval: below when the reference lies above
 * it, within when they overlap, above when the reference lies below.
 */
static enum rdoc_verdict
verdict(const struct rdoc_value *v, double ref_low, double ref_high)
{
	if (v->na || v->suppressed)
		return RV_NA;
	if (ref_low > v->high)
		return RV_BELOW;
	if (ref_high < v->low)
		return RV_ABOVE;
	return RV_WITHIN;
}

static void
build_benchmarks(struct rdoc *d)
{
	const struct rdoc_group *all = &d->groups[0];

	d->nbench = sizeof(benchmarks) / sizeof(benchmarks[0]);
	for (size_t k = 0; k < d->nbench; k++) {
		struct rdoc_bench *b = &d->bench[k];

		b->rate = benchmarks[k].rate;
		b->reference = benchmarks[k].reference;
		b->source = benchmarks[k].source;
		b->ref_low = benchmarks[k].low;
		b->ref_high = benchmarks[k].high;
		b->verdict = verdict(&all->v[RM_RATE0 + b->rate], b->ref_low,
		    b->ref_high);
	}
}

/* ---- the whole report ---- */

static void
build_header(struct rdoc *d, const struct rdoc_input *in, size_t n)
{
	const struct caseload_counts *c = in->cnt;

	memset(d, 0, sizeof(*d));
	d->as_of = in->as_of;
	d->window = in->window;
	/* The period the caseload counted its period facts in. */
	d->period_from = in->cl->period_from;
	d->period_to = in->cl->period_to;
	d->redact = in->redact;
	d->min_cell = in->min_cell;
	d->delim = in->delim;
	d->read = c->read;
	d->used = c->used;
	d->flagged = c->flagged;
	d->future = c->future;
	d->invalid = c->invalid;
	d->patients = n;
	d->by = (char **)in->by;
	d->nby = in->nby;
}

/*
 * One pass over the patients, in id order: the safety list, the period,
 * the trajectory and the overall outcomes, each patient's facts computed
 * once.
 */
static void
patient_pass(struct rdoc *d, const struct rdoc_input *in,
    const struct pt *pts, size_t n)
{
	struct rep_traj_acc acc[REP_TRAJ_MAX];
	struct patient_facts f;
	struct cohort all;
	size_t cap = 0;

	memset(acc, 0, sizeof(acc));
	cohort_init(&all);
	d->not_assessed = xreallocarray(NULL, n ? n : 1,
	    sizeof(*d->not_assessed));
	for (size_t k = 0; k < n; k++) {
		pt_facts(in, &pts[k], &f);
		safety_add(d, &pts[k], &f, &cap);
		period_add(d, &pts[k], &f);
		patient_trajectory(&pts[k].e->st, &f, acc);
		cohort_add(&all, &f, pts[k].age);
	}
	if (d->nsafety > 1)	/* safety is NULL while empty */
		qsort(d->safety, d->nsafety, sizeof(*d->safety), safety_cmp);
	add_group(d, &all, NULL, 0, in->min_cell);	/* groups[0] */
	cohort_release(&all);
	finish_trajectory(d, acc);
}

void
rdoc_build(struct rdoc *d, const struct rdoc_input *in)
{
	size_t n = caseload_sort(in->cl);
	struct pt *pts = xreallocarray(NULL, n ? n : 1, sizeof(*pts));
	size_t ng = n * in->nby;
	const char **gvals = xreallocarray(NULL, ng > 0 ? ng : 1,
	    sizeof(*gvals));

	build_header(d, in, n);
	for (size_t k = 0; k < n; k++)
		patient_load(in, caseload_at(in->cl, k), &pts[k],
		    gvals + k * in->nby);
	patient_pass(d, in, pts, n);
	if (in->plans != NULL)
		build_due(d, in->plans);
	build_groups(d, in, pts, n);
	build_benchmarks(d);
	build_reasons(d, in->cnt);
	/* Group values were copied into d; ids stay borrowed from cl. */
	free(gvals);
	free(pts);
}

/* ---- section 4: the per-patient table ---- */

static const char *const pt_cols[] = {
	"id", "first_date", "last_date", "last_record", "attended", "ended",
	"finished", "dep_measure", "dep_first", "dep_last", "dep_n",
	"gad7_first", "gad7_last", "gad7_n", "wsas_first", "wsas_last",
	"wsas_n", "epds_first", "epds_last", "epds_n", "paired",
	"caseness_start", "caseness_end", "recovered",
	"reliable_improvement", "reliable_deterioration",
	"reliable_recovery", "response", "remission", "planned", "dropout",
	"worsening", "latest_risk"
};
#define PT_NCOLS (sizeof(pt_cols) / sizeof(pt_cols[0]))

bool
rdoc_is_patient_column(const char *name)
{
	for (size_t k = 0; k < PT_NCOLS; k++)
		if (strcmp(name, pt_cols[k]) == 0)
			return true;
	return false;
}

/* Appends fields in pt_cols order: *i is the next index. */
static void
put_date(struct record *r, size_t *i, long day)
{
	char buf[16];

	if (day == REP_NO_DATE) {
		record_set_null(r, *i, pt_cols[*i]);
	} else {
		date_format(day, buf);
		record_set_str(r, *i, pt_cols[*i], buf);
	}
	(*i)++;
}

static void
put_int(struct record *r, size_t *i, long v, bool empty)
{
	if (empty)
		record_set_null(r, *i, pt_cols[*i]);
	else
		record_set_int(r, *i, pt_cols[*i], v);
	(*i)++;
}

static void
put_yes(struct record *r, size_t *i, bool yes)
{
	record_set_static(r, *i, pt_cols[*i], yes ? "yes" : "no");
	(*i)++;
}

static void
put_score(struct record *r, size_t *i, int first, int last, long n)
{
	put_int(r, i, first, first == REP_NO_SCORE);
	put_int(r, i, last, last == REP_NO_SCORE);
	put_int(r, i, n, false);
}

static void
patient_record(struct record *r, const struct pt *p,
    const struct patient_facts *f, const char *const *by, size_t nby)
{
	size_t i = 0;

	record_clear(r);
	record_set_str(r, i, pt_cols[i], p->e->id);
	i++;
	put_date(r, &i, f->first_date);
	put_date(r, &i, f->last_date);
	put_date(r, &i, f->last_record);
	put_int(r, &i, f->attended, false);
	put_yes(r, &i, f->ended);
	put_yes(r, &i, f->finished);
	if (f->dep < 0)
		record_set_null(r, i, pt_cols[i]);
	else
		record_set_static(r, i, pt_cols[i],
		    rep_measure_name((enum rep_measure)f->dep));
	i++;
	put_score(r, &i, f->dep_first, f->dep_last, f->dep_n);
	put_score(r, &i, f->m_first[REP_GAD7], f->m_last[REP_GAD7],
	    f->m_n[REP_GAD7]);
	put_score(r, &i, f->m_first[REP_WSAS], f->m_last[REP_WSAS],
	    f->m_n[REP_WSAS]);
	put_score(r, &i, f->m_first[REP_EPDS], f->m_last[REP_EPDS],
	    f->m_n[REP_EPDS]);
	put_yes(r, &i, f->paired);
	put_yes(r, &i, f->caseness_start);
	put_yes(r, &i, f->caseness_end);
	put_yes(r, &i, f->recovered);
	put_yes(r, &i, f->reliable_improvement);
	put_yes(r, &i, f->reliable_deterioration);
	put_yes(r, &i, f->reliable_recovery);
	put_yes(r, &i, f->response);
	put_yes(r, &i, f->remission);
	put_int(r, &i, f->planned, f->planned == REP_UNKNOWN);
	if (f->dropout == REP_EMPTY)
		record_set_null(r, i, pt_cols[i]);
	else
		record_set_static(r, i, pt_cols[i],
		    f->dropout == REP_YES ? "yes" : "no");
	i++;
	put_yes(r, &i, f->worsening);
	record_set_static(r, i, pt_cols[i], rep_level_name(f->latest_risk));
	i++;
	for (size_t k = 0; k < nby; k++, i++)
		record_set_str(r, i, by[k], p->group[k]);
	r->schema = 1;	/* every record has the same names */
}

int
rdoc_write_patients(const struct rdoc_input *in, enum fmt fmt, int fd)
{
	size_t n = caseload_sort(in->cl);
	const char *gvals[RDOC_BY_MAX];
	const char *names[PT_NCOLS + RDOC_BY_MAX];
	size_t lens[PT_NCOLS + RDOC_BY_MAX];
	struct colnames cn = {names, lens, 0};
	struct writer w;
	struct record r;
	struct patient_facts f;
	struct pt p;
	char why[256];
	int rc = 0;

	writer_init(&w, fmt, in->delim != '\0' ? in->delim : ',', fd);
	assert(in->nby <= RDOC_BY_MAX);
	for (size_t k = 0; k < PT_NCOLS + in->nby; k++) {
		names[k] = k < PT_NCOLS ? pt_cols[k] : in->by[k - PT_NCOLS];
		lens[k] = strlen(names[k]);
		cn.n++;
	}
	writer_csv_header(&w, &cn, NULL);
	record_init(&r);
	for (size_t k = 0; k < n && rc == 0; k++) {
		patient_load(in, caseload_at(in->cl, k), &p, gvals);
		pt_facts(in, &p, &f);
		patient_record(&r, &p, &f, in->by, in->nby);
		rc = writer_put(&w, &r, why, sizeof(why));
	}
	record_release(&r);
	if (writer_finish(&w) != 0)
		rc = -1;
	return rc;
}
