/* SPDX-License-Identifier: MIT */
/*
 * rdoc_markup.c - the md and html reports, written once (ipt-report.md
 * section 6): the sections in order, their sentences, and what each shows
 * for an empty list, a value that is n/a or suppressed, a missing --plans
 * and --redact.  rdoc_markup.h says what a format supplies.
 *
 * Choices where section 6 is silent (the man page states them; those of
 * every format, for n/a, suppressed rates and --redact, open rdoc_text.c):
 * - A missing number is "n/a", except that empty values in the safety
 *   and due tables are blank cells.  Percents carry a "%" sign; an
 *   interval is "L to H" (a trajectory bound may be negative).
 * - An empty list (safety, not_assessed, due, overdue, trajectory,
 *   flagged reasons) is the word "none", never a missing section.
 * - The outcomes are one table per group: "Overall", then each --by
 *   group headed "col = value; col = value".
 * - With --redact the safety list is a table of counts by latest_risk
 *   (high, moderate, positive, unknown, low, worsening only, total), the
 *   not_assessed line a count, and due and overdue counts.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>

#include "date.h"
#include "rdoc_markup.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Blocks: the format's markup around our words ---- */

static void
words(struct rdoc_out *o, const char *s)
{
	obuf_puts(&o->b, s);
}

static void
data(struct rdoc_out *o, const char *s)
{
	o->m->data(&o->b, s);
}

static void
section_open(struct rdoc_out *o, const char *id, const char *title)
{
	if (o->m->section_open != NULL)
		o->m->section_open(o, id);
	o->m->heading_open(o, 2);
	words(o, title);
	o->m->heading_close(o, 2);
}

static void
section_close(struct rdoc_out *o)
{
	if (o->m->section_close != NULL)
		o->m->section_close(o);
}

/* A paragraph of our words only. */
static void
para(struct rdoc_out *o, const char *cls, const char *s)
{
	o->m->para_open(o, cls);
	words(o, s);
	o->m->para_close(o);
}

/* A list item "label: n". */
static void
item_count(struct rdoc_out *o, const char *label, uint64_t n)
{
	o->m->item_open(o);
	words(o, label);
	words(o, ": ");
	rdoc_put_u64(&o->b, n);
	o->m->item_close(o);
}

static void
hook(struct rdoc_out *o, const struct rdoc *d, enum rdoc_hook at)
{
	if (o->m->hook != NULL)
		o->m->hook(o, d, at);
}

/* ---- Tables ---- */

static void
table_open(struct rdoc_out *o, const struct rdoc_col *cols, size_t ncols)
{
	o->cols = cols;
	o->ncols = ncols;
	o->col = 0;
	o->m->table_open(o);
}

static void
table_close(struct rdoc_out *o)
{
	assert(o->col == 0);	/* every row is whole */
	o->m->table_close(o);
}

static void
cell(struct rdoc_out *o, enum rdoc_cell kind, const char *s)
{
	o->m->cell(o, kind, s);
	o->col = (o->col + 1) % o->ncols;
}

static void
cell_long(struct rdoc_out *o, long long v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", v);
	cell(o, RC_TEXT, s);
}

static void
cell_count(struct rdoc_out *o, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRIu64, v);
	cell(o, RC_TEXT, s);
}

static void
cell_date(struct rdoc_out *o, long days)
{
	char s[11];

	date_format(days, s);
	cell(o, RC_TEXT, s);
}

static void
cell_percent(struct rdoc_out *o, const char *value)
{
	char s[REP_NUM_BUFSZ + 1];

	snprintf(s, sizeof(s), "%s%%", value);
	cell(o, RC_TEXT, s);
}

static void
cell_interval(struct rdoc_out *o, const char *low, const char *high)
{
	char s[2 * REP_NUM_BUFSZ + 4];

	snprintf(s, sizeof(s), "%s to %s", low, high);
	cell(o, RC_TEXT, s);
}

/* ---- The head ---- */

/* "As of 2026-03-02. Period: 2026-02-24 to 2026-03-02 (7 days)." */
static void
as_of(struct rdoc_out *o, const struct rdoc *d)
{
	char day[11];

	date_format(d->as_of, day);
	o->m->para_open(o, "meta");
	words(o, "As of ");
	o->m->strong(&o->b, day);
	words(o, ". Period: ");
	rdoc_put_date(&o->b, d->period_from);
	words(o, " to ");
	rdoc_put_date(&o->b, d->period_to);
	words(o, " (");
	obuf_putll(&o->b, d->window);
	words(o, d->window == 1 ? " day)." : " days).");
	o->m->para_close(o);
}

static void
inputs(struct rdoc_out *o, const struct rdoc *d)
{
	o->m->para_open(o, NULL);
	words(o, "Records read: ");
	rdoc_put_u64(&o->b, d->read);
	words(o, ", used: ");
	rdoc_put_u64(&o->b, d->used);
	words(o, ", flagged: ");
	rdoc_put_u64(&o->b, d->flagged);
	words(o, ", ignored as future-dated: ");
	rdoc_put_u64(&o->b, d->future);
	words(o, ", ignored as invalid: ");
	rdoc_put_u64(&o->b, d->invalid);
	words(o, ". Patients: ");
	rdoc_put_u64(&o->b, d->patients);
	words(o, ".");
	o->m->para_close(o);
}

static void
head(struct rdoc_out *o, const struct rdoc *d)
{
	hook(o, d, RH_BEGIN);
	o->m->heading_open(o, 1);
	words(o, RDOC_TITLE);
	o->m->heading_close(o, 1);
	as_of(o, d);
	inputs(o, d);
	if (d->redact)
		para(o, NULL, "Patient ids are withheld (--redact).");
	para(o, "aid", RDOC_AID);
	hook(o, d, RH_HEAD_END);
}

/* ---- Safety follow-up ---- */

static const struct rdoc_col safety_cols[] = {
	{"id", RA_LEFT}, {"last_record", RA_LEFT}, {"latest_risk", RA_LEFT},
	{"phq9_risk", RA_LEFT}, {"phqa_risk", RA_LEFT},
	{"epds_risk", RA_LEFT}, {"cssrs_risk", RA_LEFT},
	{"dep_last", RA_RIGHT}, {"worsening", RA_LEFT}
};

static void
safety_row(struct rdoc_out *o, const struct rdoc_safety *s)
{
	cell(o, RC_DATA, s->id);
	cell_date(o, s->last_record);
	cell(o, RC_LEVEL, rep_level_name(s->latest_risk));
	for (int f = 0; f < REP_RISK_FIELDS; f++)
		cell(o, RC_TEXT, s->risk[f] == REP_LVL_NONE ? "" :
		    rep_level_name(s->risk[f]));
	if (s->dep_last == REP_NO_SCORE)
		cell(o, RC_TEXT, "");
	else
		cell_long(o, s->dep_last);
	if (s->worsening)
		cell(o, RC_ALERT, "yes");
	else
		cell(o, RC_TEXT, "no");
}

static void
safety_redacted(struct rdoc_out *o, const struct rdoc *d)
{
	static const struct rdoc_col cols[] = {
		{"latest_risk", RA_LEFT}, {"patients", RA_RIGHT}
	};

	table_open(o, cols, NELEM(cols));
	for (int l = REP_LVL_HIGH; l >= REP_LVL_LOW; l--) {
		cell(o, RC_LEVEL, rep_level_name((enum rep_level)l));
		cell_count(o, d->safety_by_risk[l]);
	}
	cell(o, RC_TEXT, "worsening only");
	cell_count(o, d->safety_worsening_only);
	cell(o, RC_ROWHEAD, "total");
	cell_count(o, rdoc_safety_count(d));
	table_close(o);
	o->m->para_open(o, NULL);
	words(o, "No risk answer recorded: ");
	rdoc_put_u64(&o->b, d->nnot_assessed);
	o->m->para_close(o);
}

static void
safety_list(struct rdoc_out *o, const struct rdoc *d)
{
	if (d->nsafety == 0) {
		para(o, NULL, "none");
	} else {
		table_open(o, safety_cols, NELEM(safety_cols));
		for (size_t i = 0; i < d->nsafety; i++)
			safety_row(o, &d->safety[i]);
		table_close(o);
	}
	o->m->para_open(o, NULL);
	words(o, "No risk answer recorded: ");
	if (d->nnot_assessed == 0)
		words(o, "none");
	for (size_t i = 0; i < d->nnot_assessed; i++) {
		if (i > 0)
			words(o, ", ");
		data(o, d->not_assessed[i]);
	}
	o->m->para_close(o);
}

static void
safety(struct rdoc_out *o, const struct rdoc *d)
{
	section_open(o, "safety", "Safety follow-up");
	para(o, NULL, "Patients with an open course or a record in the "
	    "period whose latest risk answer is high, moderate, positive, "
	    "unknown or low, or whose scores are worsening.");
	if (d->redact)
		safety_redacted(o, d);
	else
		safety_list(o, d);
	section_close(o);
}

/* ---- This period and due ---- */

static void
period(struct rdoc_out *o, const struct rdoc *d)
{
	section_open(o, "period", "This period");
	o->m->para_open(o, NULL);
	words(o, "From ");
	rdoc_put_date(&o->b, d->period_from);
	words(o, " to ");
	rdoc_put_date(&o->b, d->period_to);
	words(o, ".");
	o->m->para_close(o);
	o->m->list_open(o);
	item_count(o, "Contacts attended", d->contacts);
	item_count(o, "New patients", d->new_patients);
	item_count(o, "Courses ended", d->ended);
	item_count(o, "Worsened (latest depression score at least 6 above "
	    "the one before)", d->worsened);
	o->m->list_close(o);
	section_close(o);
}

/* "Due from 2026-03-03 to 2026-03-09" or the overdue one. */
static void
due_title(struct rdoc_out *o, const struct rdoc *d, bool over)
{
	if (over) {
		words(o, "Overdue: treatment sessions planned before ");
		rdoc_put_date(&o->b, d->as_of - 7);
		words(o, " and not attended");
		return;
	}
	words(o, "Due from ");
	rdoc_put_date(&o->b, d->as_of + 1);
	words(o, " to ");
	rdoc_put_date(&o->b, d->as_of + 7);
}

static void
due_list(struct rdoc_out *o, const struct rdoc *d, bool over)
{
	static const struct rdoc_col cols[] = {
		{"id", RA_LEFT}, {"date", RA_LEFT}, {"kind", RA_LEFT},
		{"session", RA_RIGHT}, {"measures", RA_LEFT}
	};
	const struct rdoc_due *e = over ? d->overdue : d->due;
	size_t n = over ? d->noverdue : d->ndue;

	o->m->heading_open(o, 3);
	due_title(o, d, over);
	o->m->heading_close(o, 3);
	if (n == 0) {
		para(o, NULL, "none");
		return;
	}
	table_open(o, cols, NELEM(cols));
	for (size_t i = 0; i < n; i++) {
		cell(o, RC_DATA, e[i].id);
		cell_date(o, e[i].date);
		cell(o, RC_DATA, e[i].kind);
		if (e[i].session == 0)
			cell(o, RC_TEXT, "");
		else
			cell_long(o, e[i].session);
		cell(o, RC_DATA, e[i].measures);
	}
	table_close(o);
}

/* With --redact: "Due from ...: N" and "Overdue: ...: N". */
static void
due_counts(struct rdoc_out *o, const struct rdoc *d)
{
	o->m->list_open(o);
	for (int over = 0; over <= 1; over++) {
		o->m->item_open(o);
		due_title(o, d, over);
		words(o, ": ");
		rdoc_put_u64(&o->b, over ? d->noverdue : d->ndue);
		o->m->item_close(o);
	}
	o->m->list_close(o);
}

static void
due(struct rdoc_out *o, const struct rdoc *d)
{
	section_open(o, "due", "Due");
	if (!d->has_plans) {
		para(o, NULL, "No --plans file was given: no due or overdue "
		    "list.");
	} else if (d->redact) {
		due_counts(o, d);
	} else {
		due_list(o, d, false);
		due_list(o, d, true);
	}
	section_close(o);
}

/* ---- Outcomes ---- */

/* "Overall", or "site = A; focal_area = grief" for group g >= 1. */
static void
group_title(struct rdoc_out *o, const struct rdoc *d, size_t g)
{
	o->m->heading_open(o, 3);
	if (g == 0)
		words(o, "Overall");
	for (size_t j = 0; g > 0 && j < d->nby; j++) {
		if (j > 0)
			words(o, "; ");
		data(o, d->by[j]);
		words(o, " = ");
		data(o, d->groups[g].val[j]);
	}
	o->m->heading_close(o, 3);
}

/* metric, value, numerator, denominator, 95% CI. */
static void
value_row(struct rdoc_out *o, enum rdoc_metric m, const struct rdoc_value *v)
{
	bool rate = v->kind == RK_RATE;

	cell(o, RC_TEXT, rdoc_metric_name(m));
	if (rate && v->suppressed)
		cell(o, RC_NA, "suppressed");
	else if (v->na)
		cell(o, RC_NA, "n/a");
	else if (rate)
		cell_percent(o, v->value);
	else
		cell(o, RC_TEXT, v->value);
	if (!rate || v->suppressed) {
		for (int i = 0; i < 3; i++)
			cell(o, RC_BLANK, "");
		return;
	}
	cell_long(o, v->num);
	cell_long(o, v->den);
	if (v->na)
		cell(o, RC_NA, "n/a");
	else
		cell_interval(o, v->ci_low, v->ci_high);
}

static void
outcomes(struct rdoc_out *o, const struct rdoc *d)
{
	static const struct rdoc_col cols[] = {
		{"metric", RA_LEFT}, {"value", RA_RIGHT},
		{"numerator", RA_RIGHT}, {"denominator", RA_RIGHT},
		{"95% CI", RA_LEFT}
	};

	section_open(o, "outcomes", "Outcomes");
	o->m->para_open(o, NULL);
	words(o, "Counts over all patients; sessions among finished courses "
	    "(ended, 2 or more sessions attended). Scores: the depression "
	    "measure (PHQ-9, else PHQ-A) of finished courses with 2 or more "
	    "scores. Rates: percent with numerator, denominator and 95% "
	    "Wilson interval.");
	if (d->min_cell > 0) {
		words(o, " A rate whose denominator is below ");
		obuf_putll(&o->b, d->min_cell);
		words(o, " is suppressed.");
	}
	o->m->para_close(o);
	hook(o, d, RH_OUTCOMES);
	for (size_t g = 0; g < d->ngroups; g++) {
		group_title(o, d, g);
		table_open(o, cols, NELEM(cols));
		for (int m = 0; m < RM_METRICS; m++)
			value_row(o, (enum rdoc_metric)m, &d->groups[g].v[m]);
		table_close(o);
	}
	section_close(o);
}

/* ---- Benchmarks, trajectory, data quality ---- */

static void
bench_row(struct rdoc_out *o, const struct rdoc *d, const struct rdoc_bench *k)
{
	const struct rdoc_value *v = rdoc_overall(d, RM_RATE0 + k->rate);

	cell(o, RC_TEXT, rep_rate_name(k->rate));
	if (v->suppressed) {
		cell(o, RC_NA, "suppressed");
		cell(o, RC_BLANK, "");
	} else if (v->na) {
		cell(o, RC_NA, "n/a");
		cell(o, RC_NA, "n/a");
	} else {
		cell_percent(o, v->value);
		cell_interval(o, v->ci_low, v->ci_high);
	}
	cell_percent(o, k->reference);
	cell(o, RC_TEXT, rdoc_verdict_name(k->verdict));
	cell(o, RC_DATA, k->source);
}

static void
bench(struct rdoc_out *o, const struct rdoc *d)
{
	static const struct rdoc_col cols[] = {
		{"rate", RA_LEFT}, {"value", RA_RIGHT}, {"95% CI", RA_LEFT},
		{"reference", RA_RIGHT}, {"verdict", RA_LEFT},
		{"source", RA_LEFT}
	};

	section_open(o, "benchmarks", "Benchmarks");
	table_open(o, cols, NELEM(cols));
	for (size_t i = 0; i < d->nbench; i++)
		bench_row(o, d, &d->bench[i]);
	table_close(o);
	para(o, "small", "below: the whole 95% interval is below the "
	    "reference; above: the whole interval is above it; within: the "
	    "interval includes it.");
	section_close(o);
}

static void
traj_table(struct rdoc_out *o, const struct rdoc *d)
{
	static const struct rdoc_col cols[] = {
		{"session", RA_RIGHT}, {"n", RA_RIGHT}, {"mean", RA_RIGHT},
		{"95% CI", RA_LEFT}
	};

	table_open(o, cols, NELEM(cols));
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++) {
		const struct rdoc_traj *t = &d->traj[i];

		if (!t->present)
			continue;
		cell_long(o, t->session);
		cell_long(o, t->n);
		cell(o, RC_TEXT, t->mean);
		if (t->band)
			cell_interval(o, t->ci_low, t->ci_high);
		else
			cell(o, RC_NA, "n/a");
	}
	table_close(o);
}

static void
traj(struct rdoc_out *o, const struct rdoc *d)
{
	bool any = false;

	section_open(o, "trajectory", "Trajectory");
	para(o, NULL, "Mean depression score (PHQ-9, else PHQ-A) of attended "
	    "sessions by session number, with its 95% confidence interval "
	    "(n of 2 or more).");
	for (int i = 0; i < RDOC_TRAJ_SESSIONS; i++)
		any = any || d->traj[i].present;
	if (any) {
		hook(o, d, RH_TRAJECTORY);
		traj_table(o, d);
	} else {
		para(o, NULL, "none");
	}
	section_close(o);
}

static void
quality(struct rdoc_out *o, const struct rdoc *d)
{
	static const struct rdoc_col cols[] = {
		{"flagged", RA_LEFT}, {"values", RA_RIGHT}
	};

	section_open(o, "quality", "Data quality");
	if (d->nreasons == 0) {
		para(o, NULL, "Flagged values: none");
	} else {
		table_open(o, cols, NELEM(cols));
		for (size_t i = 0; i < d->nreasons; i++) {
			cell(o, RC_DATA, d->reasons[i].reason);
			cell_count(o, d->reasons[i].count);
		}
		table_close(o);
	}
	o->m->list_open(o);
	item_count(o, "Patients with a single depression score",
	    d->single_score);
	item_count(o, "Records ignored as future-dated", d->future);
	item_count(o, "Records ignored as invalid (no valid id or date)",
	    d->invalid);
	o->m->list_close(o);
	section_close(o);
}

int
rdoc_write_marked(const struct rdoc *d, int fd, const struct rdoc_markup *m)
{
	struct rdoc_out o = {.m = m};

	obuf_init(&o.b, fd);
	head(&o, d);
	safety(&o, d);
	period(&o, d);
	due(&o, d);
	outcomes(&o, d);
	bench(&o, d);
	traj(&o, d);
	quality(&o, d);
	hook(&o, d, RH_END);
	return obuf_close(&o.b, 0);
}
