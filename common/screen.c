/* SPDX-License-Identifier: MIT */
/*
 * screen.c - ipt-screen's decision, as tables walked in the spec's order.
 *
 * Every rule reads a struct screen_input, where a value is usable only
 * when its state is VAL_OK: missing and invalid are the same thing to
 * every rule, so an unreadable answer can never pass for a reassuring
 * one.  The tables below are the spec's tables; change a rule there,
 * not in the code that walks them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "screen.h"
#include "xalloc.h"

/* ---- vocabularies (section 1), indexed by the enums of screen.h ---- */

static const char *const voc_diagnosis[] = {
	"depression", "dysthymia", "perinatal_depression", "anxiety",
	"social_anxiety", "gad", "panic", "ptsd", "adjustment",
	"eating_disorder", "bipolar", "psychosis", "substance_use",
	"dementia", "other", NULL
};
static const char *const voc_episode[] = {"first", "recurrent", NULL};
static const char *const voc_medication[] = {
	"none", "ssri", "snri", "other", NULL
};
static const char *const voc_response[] = {
	"adequate", "partial", "none", NULL
};
static const char *const voc_suicide[] = {
	"none", "low", "moderate", "high", NULL
};
static const char *const voc_organic[] = {
	"excluded", "suspected", "confirmed", NULL
};
static const char *const voc_concurrent[] = {
	"none", "psychoanalysis", "psychodynamic", "cbt", "counselling",
	"other", NULL
};
static const char *const voc_format[] = {
	"individual", "group", "brief", "any", NULL
};
static const char *const voc_dispute_with[] = {
	"none", "partner", "parent", "child", "family", "friend",
	"colleague", "other", NULL
};
static const char *const voc_stage[] = {
	"renegotiation", "impasse", "dissolution", NULL
};
static const char *const voc_transition[] = {
	"none", "job_loss", "job_change", "retirement", "relocation",
	"migration", "divorce", "separation", "childbirth", "pregnancy",
	"illness", "caregiving", "graduation", "school_change", "other", NULL
};
static const char *const voc_screening[] = {
	"positive", "not_endorsed", "unknown", NULL
};
static const char *const voc_cssrs[] = {
	"high", "moderate", "unknown", "low", "not_endorsed", NULL
};

/* ---- the input columns (section 1) ---- */

enum col_type { TY_INT, TY_CODE, TY_YESNO, TY_DATE };

#define NO_MAX (-1L)

struct column {
	const char *name;
	enum col_type type;
	const char *const *vocab;	/* TY_CODE */
	long min, max;			/* TY_INT; max NO_MAX: unbounded */
};

static const struct column columns[SC_NCOLS] = {
	[SC_AGE] = {"age", TY_INT, NULL, 0, 120},
	[SC_DIAGNOSIS] = {"diagnosis", TY_CODE, voc_diagnosis, 0, 0},
	[SC_EPISODE] = {"episode", TY_CODE, voc_episode, 0, 0},
	[SC_MEDICATION] = {"medication", TY_CODE, voc_medication, 0, 0},
	[SC_MED_RESPONSE] = {"medication_response", TY_CODE, voc_response,
	    0, 0},
	[SC_SUICIDE_RISK] = {"suicide_risk", TY_CODE, voc_suicide, 0, 0},
	[SC_PSYCHOSIS] = {"psychosis", TY_YESNO, NULL, 0, 0},
	[SC_MANIA] = {"mania", TY_YESNO, NULL, 0, 0},
	[SC_HOMICIDAL] = {"homicidal", TY_YESNO, NULL, 0, 0},
	[SC_SUBSTANCE_DEP] = {"substance_dependence", TY_YESNO, NULL, 0, 0},
	[SC_INTELLECTUAL] = {"intellectual_disability", TY_YESNO, NULL, 0, 0},
	[SC_PREGNANT] = {"pregnant", TY_YESNO, NULL, 0, 0},
	[SC_BREASTFEEDING] = {"breastfeeding", TY_YESNO, NULL, 0, 0},
	[SC_POSTPARTUM] = {"postpartum", TY_YESNO, NULL, 0, 0},
	[SC_SOCIAL_ISOLATION] = {"social_isolation", TY_YESNO, NULL, 0, 0},
	[SC_ORGANIC] = {"organic_brain", TY_CODE, voc_organic, 0, 0},
	[SC_CONCURRENT] = {"concurrent_therapy", TY_CODE, voc_concurrent,
	    0, 0},
	[SC_FORMAT] = {"format_preference", TY_CODE, voc_format, 0, 0},
	[SC_ONSET] = {"onset_date", TY_DATE, NULL, 0, 0},
	[SC_REFERRAL] = {"referral_date", TY_DATE, NULL, 0, 0},
	[SC_BEREAVEMENT] = {"bereavement_date", TY_DATE, NULL, 0, 0},
	[SC_DISPUTE_WITH] = {"dispute_with", TY_CODE, voc_dispute_with, 0, 0},
	[SC_DISPUTE_STAGE] = {"dispute_stage", TY_CODE, voc_stage, 0, 0},
	[SC_DISPUTE_SINCE] = {"dispute_since", TY_DATE, NULL, 0, 0},
	[SC_TRANSITION] = {"transition", TY_CODE, voc_transition, 0, 0},
	[SC_TRANSITION_DATE] = {"transition_date", TY_DATE, NULL, 0, 0},
	[SC_CLOSE_REL] = {"close_relationships", TY_INT, NULL, 0, NO_MAX},
	[SC_PHQ9_TOTAL] = {"phq9_total", TY_INT, NULL, 0, 27},
	[SC_PHQ9_RISK] = {"phq9_risk", TY_CODE, voc_screening, 0, 0},
	[SC_PHQA_TOTAL] = {"phqa_total", TY_INT, NULL, 0, 27},
	[SC_PHQA_RISK] = {"phqa_risk", TY_CODE, voc_screening, 0, 0},
	[SC_EPDS_TOTAL] = {"epds_total", TY_INT, NULL, 0, 30},
	[SC_EPDS_RISK] = {"epds_risk", TY_CODE, voc_screening, 0, 0},
	[SC_WSAS_TOTAL] = {"wsas_total", TY_INT, NULL, 0, 40},
	[SC_CSSRS_RISK] = {"cssrs_risk", TY_CODE, voc_cssrs, 0, 0},
};

/*
 * The questionnaires of section 1 and the columns that, when in the
 * header, make ipt-screen use the instrument as given instead of scoring
 * it.  The spec names <p>_total and <p>_risk for each (only cssrs_risk
 * for the C-SSRS), also where ipt-score writes no such column.
 */
static const struct {
	const char *prefix;
	const char *given[2];
} questionnaires[] = {
	{"phq9", {"phq9_total", "phq9_risk"}},
	{"phqa", {"phqa_total", "phqa_risk"}},
	{"gad7", {"gad7_total", "gad7_risk"}},
	{"wsas", {"wsas_total", "wsas_risk"}},
	{"epds", {"epds_total", "epds_risk"}},
	{"cssrs", {"cssrs_risk", NULL}},
};
#define NQUEST (sizeof(questionnaires) / sizeof(questionnaires[0]))

/* ---- small readers of the input ---- */

static bool
known(const struct screen_input *in, enum screen_col c)
{
	return in->col[c].st == VAL_OK;
}

/* The column holds exactly v (a code index, 1 for yes, an integer). */
static bool
is(const struct screen_input *in, enum screen_col c, long v)
{
	return known(in, c) && in->col[c].v == v;
}

static bool
yes(const struct screen_input *in, enum screen_col c)
{
	return is(in, c, 1);
}

static bool
age_from(const struct screen_input *in, long lo, long hi)
{
	return known(in, SC_AGE) && in->col[SC_AGE].v >= lo &&
	    in->col[SC_AGE].v <= hi;
}

static bool
adolescent(const struct screen_input *in)
{
	return age_from(in, 12, 18);
}

/* phq9_total or phqa_total of 20 or more. */
static bool
severe(const struct screen_input *in)
{
	return (known(in, SC_PHQ9_TOTAL) && in->col[SC_PHQ9_TOTAL].v >= 20) ||
	    (known(in, SC_PHQA_TOTAL) && in->col[SC_PHQA_TOTAL].v >= 20);
}

static bool
perinatal(const struct screen_input *in)
{
	return yes(in, SC_PREGNANT) || yes(in, SC_BREASTFEEDING) ||
	    yes(in, SC_POSTPARTUM) || is(in, SC_DIAGNOSIS, DX_PERINATAL);
}

void
screen_input_init(struct screen_input *in)
{
	memset(in, 0, sizeof(*in));
	for (int c = 0; c < SC_NCOLS; c++)
		in->col[c].st = VAL_MISSING;
}

/* ---- section 2: risk level ---- */

/* The structured assessments and how each answer ranks. */
static const enum risk_level from_cssrs[] = {
	[CL_HIGH] = RL_HIGH, [CL_MODERATE] = RL_MODERATE,
	[CL_UNKNOWN] = RL_UNKNOWN, [CL_LOW] = RL_LOW,
	[CL_NOT_ENDORSED] = RL_NOT_ENDORSED
};
/* The clinician's "none" is an assessment that found no risk. */
static const enum risk_level from_rating[] = {
	[SR_NONE] = RL_NOT_ENDORSED, [SR_LOW] = RL_LOW,
	[SR_MODERATE] = RL_MODERATE, [SR_HIGH] = RL_HIGH
};
static const struct {
	enum screen_col col;
	const enum risk_level *level;	/* by code index */
} assessments[] = {
	{SC_CSSRS_RISK, from_cssrs},
	{SC_SUICIDE_RISK, from_rating},
};

/* The screening items whose "positive" an all-clear cannot outweigh. */
static const enum screen_col screening_items[] = {
	SC_PHQ9_RISK, SC_PHQA_RISK, SC_EPDS_RISK
};

enum risk_level
screen_risk(const struct screen_input *in)
{
	enum risk_level worst = RL_NOT_ENDORSED;
	bool assessed = false;

	for (size_t k = 0; k < sizeof(assessments) / sizeof(assessments[0]);
	    k++) {
		enum screen_col c = assessments[k].col;

		if (!known(in, c))
			continue;
		assessed = true;
		if (assessments[k].level[in->col[c].v] > worst)
			worst = assessments[k].level[in->col[c].v];
	}
	if (!assessed)
		return RL_UNKNOWN;	/* a screen alone never says no risk */
	if (worst != RL_NOT_ENDORSED)
		return worst;
	/* A positive screen against an all-clear assessment: reassess. */
	for (size_t k = 0; k < sizeof(screening_items) /
	    sizeof(screening_items[0]); k++)
		if (is(in, screening_items[k], SRISK_POSITIVE))
			return RL_UNKNOWN;
	return worst;
}

/* ---- a bounded string builder (never overflows, truncates) ---- */

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sbuf_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n < b->cap - b->len ? (size_t)n
		    : b->cap - b->len - 1;
}

/* Append sep (unless b is empty) and s. */
static void
sbuf_join(struct sbuf *b, const char *sep, const char *s)
{
	sbuf_printf(b, "%s%s", b->len > 0 ? sep : "", s);
}

/* ---- section 5: focal area ---- */

/* The reference date and window of one record. */
struct focal_ctx {
	const struct screen_input *in;
	long window;
	bool has_ref;
	long ref;
	const char *ref_word;		/* "onset" or "referral" */
};

/* One life event as section 5 weighs it. */
struct event {
	bool present;		/* has a segment */
	bool candidate;		/* linked: a focal-area candidate */
	long d;			/* distance, for ordering */
};

static long
distance(long a, long b)
{
	return a > b ? a - b : b - a;
}

/* ", N days before|after REF" when there is a reference date. */
static void
put_distance(struct sbuf *b, const struct focal_ctx *c, long date)
{
	long n;

	if (!c->has_ref)
		return;
	n = distance(c->ref, date);
	sbuf_printf(b, ", %ld %s %s %s", n, n == 1 ? "day" : "days",
	    date <= c->ref ? "before" : "after", c->ref_word);
}

/* Linked unless more than the window before the reference date. */
static bool
linked(const struct focal_ctx *c, long date)
{
	return !c->has_ref || c->ref - date <= c->window;
}

static void
put_date(struct sbuf *b, long days)
{
	char s[11];

	date_format(days, s);
	sbuf_printf(b, "%s", s);
}

static struct event
grief_event(const struct focal_ctx *c, struct sbuf *b)
{
	struct event e = {false, false, 0};
	long date = c->in->col[SC_BEREAVEMENT].v;

	if (!known(c->in, SC_BEREAVEMENT))
		return e;
	e.present = true;
	e.candidate = linked(c, date);
	e.d = c->has_ref ? distance(c->ref, date) : 0;
	sbuf_printf(b, "grief: death ");
	put_date(b, date);
	put_distance(b, c, date);
	if (!e.candidate)
		sbuf_printf(b, ", not linked");
	return e;
}

static struct event
dispute_event(const struct focal_ctx *c, struct sbuf *b)
{
	struct event e = {false, false, 0};
	const struct screen_input *in = c->in;
	long since = in->col[SC_DISPUTE_SINCE].v;

	if (!known(in, SC_DISPUTE_WITH) || is(in, SC_DISPUTE_WITH, DW_NONE))
		return e;
	e.present = e.candidate = true;	/* ongoing: no window */
	sbuf_printf(b, "role_dispute: %s",
	    voc_dispute_with[in->col[SC_DISPUTE_WITH].v]);
	if (known(in, SC_DISPUTE_STAGE))
		sbuf_printf(b, ", %s", voc_stage[in->col[SC_DISPUTE_STAGE].v]);
	if (!known(in, SC_DISPUTE_SINCE)) {
		sbuf_printf(b, ", ongoing");
		return e;
	}
	e.d = c->has_ref ? distance(c->ref, since) : 0;
	sbuf_printf(b, ", since ");
	put_date(b, since);
	put_distance(b, c, since);
	return e;
}

static struct event
transition_event(const struct focal_ctx *c, struct sbuf *b)
{
	struct event e = {false, false, 0};
	const struct screen_input *in = c->in;
	long date = in->col[SC_TRANSITION_DATE].v;

	if (!known(in, SC_TRANSITION) || is(in, SC_TRANSITION, TR_NONE))
		return e;
	e.present = true;
	sbuf_printf(b, "role_transition: %s",
	    voc_transition[in->col[SC_TRANSITION].v]);
	if (!known(in, SC_TRANSITION_DATE)) {
		/* Undated: a candidate, but after any dated, linked event. */
		e.candidate = true;
		e.d = c->window;
		sbuf_printf(b, ", undated");
		return e;
	}
	e.candidate = linked(c, date);
	e.d = c->has_ref ? distance(c->ref, date) : 0;
	sbuf_printf(b, " ");
	put_date(b, date);
	put_distance(b, c, date);
	if (!e.candidate)
		sbuf_printf(b, ", not linked");
	return e;
}

/* The life events, in evidence order, which is also the tie order. */
static const struct {
	enum focal_area area;
	struct event (*eval)(const struct focal_ctx *, struct sbuf *);
} life_events[] = {
	{FA_GRIEF, grief_event},
	{FA_ROLE_DISPUTE, dispute_event},
	{FA_ROLE_TRANSITION, transition_event},
};
#define NLIFE (sizeof(life_events) / sizeof(life_events[0]))

/* The last resort: isolation or few close relationships. */
static bool
deficits_event(const struct focal_ctx *c, struct sbuf *b)
{
	const struct screen_input *in = c->in;
	bool few = known(in, SC_CLOSE_REL) && in->col[SC_CLOSE_REL].v <= 1;
	char n[24] = "unknown";

	if (!yes(in, SC_SOCIAL_ISOLATION) && !few)
		return false;
	if (known(in, SC_CLOSE_REL))
		snprintf(n, sizeof(n), "%ld", in->col[SC_CLOSE_REL].v);
	sbuf_printf(b, "interpersonal_deficits: social_isolation %s, "
	    "close_relationships %s", !known(in, SC_SOCIAL_ISOLATION) ?
	    "unknown" : yes(in, SC_SOCIAL_ISOLATION) ? "yes" : "no", n);
	return true;
}

static void
focal_context(const struct screen_input *in, long window,
    struct focal_ctx *c)
{
	c->in = in;
	c->window = window;
	c->has_ref = true;
	if (known(in, SC_ONSET)) {
		c->ref = in->col[SC_ONSET].v;
		c->ref_word = "onset";
	} else if (known(in, SC_REFERRAL)) {
		c->ref = in->col[SC_REFERRAL].v;
		c->ref_word = "referral";
	} else {
		c->has_ref = false;
		c->ref = 0;
		c->ref_word = "";
	}
}

/* Insert area at distance d into the first n of area[]/dist[], by d. */
static void
add_candidate(enum focal_area *area, long *dist, size_t *n,
    enum focal_area fa, long d)
{
	size_t j = (*n)++;

	/* Strictly greater: ties keep the order grief, dispute, transition. */
	for (; j > 0 && dist[j - 1] > d; j--) {
		area[j] = area[j - 1];
		dist[j] = dist[j - 1];
	}
	area[j] = fa;
	dist[j] = d;
}

void
screen_focal(const struct screen_input *in, long link_days,
    struct screen_decision *d)
{
	struct focal_ctx c;
	struct sbuf b = {d->evidence, 0, sizeof(d->evidence)};
	char seg[SCREEN_EVIDENCE_MAX];
	enum focal_area area[NLIFE + 1];
	long dist[NLIFE + 1];
	size_t n = 0;

	focal_context(in, link_days, &c);
	d->evidence[0] = '\0';
	for (size_t k = 0; k < NLIFE; k++) {
		struct sbuf sb = {seg, 0, sizeof(seg)};
		struct event e;

		seg[0] = '\0';
		e = life_events[k].eval(&c, &sb);
		if (e.present)
			sbuf_join(&b, "; ", seg);
		if (e.candidate)
			add_candidate(area, dist, &n, life_events[k].area, e.d);
	}
	if (n == 0) {
		struct sbuf sb = {seg, 0, sizeof(seg)};

		if (deficits_event(&c, &sb)) {
			sbuf_join(&b, "; ", seg);
			add_candidate(area, dist, &n, FA_DEFICITS, 0);
		}
	}
	d->focal = n > 0 ? area[0] : FA_UNDETERMINED;
	d->secondary = n > 1 ? area[1] : FA_NONE;
}

/* ---- section 3: status and reasons ---- */

typedef bool rule_fn(const struct screen_input *,
    const struct screen_decision *);

static bool
r_age_under_12(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return known(in, SC_AGE) && in->col[SC_AGE].v < 12;
}

static bool
r_bipolar(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_DIAGNOSIS, DX_BIPOLAR) || yes(in, SC_MANIA);
}

static bool
r_organic(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_ORGANIC, ORG_CONFIRMED) ||
	    is(in, SC_DIAGNOSIS, DX_DEMENTIA);
}

static bool
r_psychosis_dx(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_DIAGNOSIS, DX_PSYCHOSIS);
}

static bool
r_substance_dx(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_DIAGNOSIS, DX_SUBSTANCE);
}

static bool
r_adolescent_id(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return adolescent(in) && yes(in, SC_INTELLECTUAL);
}

static bool
r_dx_other(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_DIAGNOSIS, DX_OTHER);
}

static bool
r_risk_high(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->risk == RL_HIGH;
}

static bool
r_acute_psychosis(const struct screen_input *in,
    const struct screen_decision *d)
{
	(void)d;
	return yes(in, SC_PSYCHOSIS);
}

static bool
r_homicidal(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return yes(in, SC_HOMICIDAL);
}

static bool
r_dependence(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return yes(in, SC_SUBSTANCE_DEP);
}

static bool
r_deep_therapy(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_CONCURRENT, CT_PSYCHOANALYSIS) ||
	    is(in, SC_CONCURRENT, CT_PSYCHODYNAMIC);
}

static bool
r_risk_unknown(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->risk == RL_UNKNOWN;
}

static bool
r_organic_open(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return !known(in, SC_ORGANIC) || is(in, SC_ORGANIC, ORG_SUSPECTED);
}

static bool
r_age_unknown(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return !known(in, SC_AGE);
}

static bool
r_dx_unknown(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return !known(in, SC_DIAGNOSIS);
}

static bool
r_no_baseline(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return !known(in, SC_PHQ9_TOTAL) && !known(in, SC_PHQA_TOTAL) &&
	    !known(in, SC_EPDS_TOTAL);
}

static bool
r_no_wsas(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return !known(in, SC_WSAS_TOTAL);
}

/* Section 3's table, in its order: the first match decides the status. */
static const struct {
	enum screen_status status;
	const char *code;
	rule_fn *match;
} rules[] = {
	{STATUS_REFER, "age_under_12", r_age_under_12},
	{STATUS_REFER, "bipolar_or_mania", r_bipolar},
	{STATUS_REFER, "organic_brain_disorder", r_organic},
	{STATUS_REFER, "primary_psychosis", r_psychosis_dx},
	{STATUS_REFER, "primary_substance_use", r_substance_dx},
	{STATUS_REFER, "adolescent_intellectual_disability", r_adolescent_id},
	{STATUS_REFER, "diagnosis_not_indicated", r_dx_other},
	{STATUS_DEFER, "suicide_risk_high", r_risk_high},
	{STATUS_DEFER, "acute_psychosis", r_acute_psychosis},
	{STATUS_DEFER, "homicidal_ideation", r_homicidal},
	{STATUS_DEFER, "active_substance_dependence", r_dependence},
	{STATUS_DEFER, "concurrent_deep_psychotherapy", r_deep_therapy},
	{STATUS_NEEDS_ASSESSMENT, "risk_unknown", r_risk_unknown},
	{STATUS_NEEDS_ASSESSMENT, "organic_not_ruled_out", r_organic_open},
	{STATUS_NEEDS_ASSESSMENT, "age_unknown", r_age_unknown},
	{STATUS_NEEDS_ASSESSMENT, "diagnosis_unknown", r_dx_unknown},
	{STATUS_NEEDS_ASSESSMENT, "baseline_missing", r_no_baseline},
	{STATUS_NEEDS_ASSESSMENT, "functioning_unassessed", r_no_wsas},
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

/* ---- section 4: notes ---- */

static bool
n_moderate(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->risk == RL_MODERATE;
}

static bool
n_low(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->risk == RL_LOW;
}

static bool
n_family(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return adolescent(in);
}

static bool
n_perinatal(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return perinatal(in);
}

static bool
n_resistant(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_MED_RESPONSE, RESP_NONE);
}

static bool
n_adjunct(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_MEDICATION, MED_SSRI) || is(in, SC_MEDICATION, MED_SNRI);
}

static bool
n_severe(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return severe(in);
}

static bool
n_id_adapt(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return known(in, SC_AGE) && in->col[SC_AGE].v > 18 &&
	    yes(in, SC_INTELLECTUAL);
}

static bool
n_deficits(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->focal == FA_DEFICITS;
}

static bool
n_undetermined(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->focal == FA_UNDETERMINED;
}

static const struct {
	const char *code;
	rule_fn *match;
} notes[] = {
	{"risk_moderate_safety_plan", n_moderate},
	{"risk_low_monitor", n_low},
	{"adolescent_family_involvement", n_family},
	{"perinatal_ipt_preferred", n_perinatal},
	{"medication_resistant", n_resistant},
	{"ssri_snri_adjunct", n_adjunct},
	{"severe_symptoms", n_severe},
	{"intellectual_disability_adapt", n_id_adapt},
	{"deficits_poorer_prognosis", n_deficits},
	{"focal_area_undetermined", n_undetermined},
};
#define NNOTES (sizeof(notes) / sizeof(notes[0]))

_Static_assert(NRULES <= SCREEN_MAX_RULES, "raise SCREEN_MAX_RULES");
_Static_assert(NNOTES <= SCREEN_MAX_NOTES, "raise SCREEN_MAX_NOTES");

/* ---- section 6: track and dose ---- */

static bool
t_group(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_FORMAT, FP_GROUP);
}

static bool
t_brief(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return is(in, SC_FORMAT, FP_BRIEF);
}

static bool
t_always(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	(void)d;
	return true;
}

static int
s_fixed(const struct screen_input *in, const struct screen_decision *d,
    int base)
{
	(void)in;
	(void)d;
	return base;
}

/* IPT-G: a second area or a recurrent episode earns two more weeks. */
static int
s_group(const struct screen_input *in, const struct screen_decision *d,
    int base)
{
	return d->secondary != FA_NONE || is(in, SC_EPISODE, EP_RECURRENT)
	    ? base + 2 : base;
}

static int
s_individual(const struct screen_input *in, const struct screen_decision *d,
    int base)
{
	int n = base;

	if (d->secondary != FA_NONE)
		n += 2;
	if (is(in, SC_EPISODE, EP_RECURRENT) ||
	    is(in, SC_MED_RESPONSE, RESP_NONE))
		n += 2;
	return n > 16 ? 16 : n;
}

static bool
t_adolescent(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return adolescent(in);
}

/* Section 6's table: the first row whose condition matches. */
static const struct {
	enum ipt_track track;
	rule_fn *match;
	int base;
	int (*sessions)(const struct screen_input *,
	    const struct screen_decision *, int);
	int minutes;
} tracks[] = {
	{TRACK_IPT_A, t_adolescent, 12, s_fixed, 45},
	{TRACK_IPT_G, t_group, 8, s_group, 90},
	{TRACK_IPT_B, t_brief, 8, s_fixed, 60},
	{TRACK_IPT, t_always, 12, s_individual, 60},
};
#define NTRACKS (sizeof(tracks) / sizeof(tracks[0]))

static bool
m_phqa(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->track == TRACK_IPT_A;
}

static bool
m_phq9(const struct screen_input *in, const struct screen_decision *d)
{
	(void)in;
	return d->track != TRACK_IPT_A;
}

static bool
m_epds(const struct screen_input *in, const struct screen_decision *d)
{
	(void)d;
	return perinatal(in);
}

/* outcome_measures, in order: the symptom measure first. */
static const struct {
	const char *code;
	rule_fn *match;
} measures[] = {
	{"phqa", m_phqa},
	{"phq9", m_phq9},
	{"gad7", t_always},
	{"wsas", t_always},
	{"epds", m_epds},
};
#define NMEASURES (sizeof(measures) / sizeof(measures[0]))

static void
choose_track(const struct screen_input *in, struct screen_decision *d)
{
	d->track = TRACK_NONE;
	d->sessions = d->minutes = 0;
	if (d->status != STATUS_ELIGIBLE)
		return;
	for (size_t k = 0; k < NTRACKS; k++) {
		if (tracks[k].match(in, d)) {
			d->track = tracks[k].track;
			d->sessions = tracks[k].sessions(in, d, tracks[k].base);
			d->minutes = tracks[k].minutes;
			return;
		}
	}
}

/* ---- the whole decision ---- */

void
screen_decide(const struct screen_input *in, long link_days,
    struct screen_decision *d)
{
	memset(d, 0, sizeof(*d));
	d->risk = screen_risk(in);
	screen_focal(in, link_days, d);
	/* Every rule is tried: the reasons list all, the first status wins. */
	d->status = STATUS_ELIGIBLE;
	for (size_t k = 0; k < NRULES; k++) {
		d->reason[k] = rules[k].match(in, d);
		if (d->reason[k] && rules[k].status < d->status)
			d->status = rules[k].status;
	}
	for (size_t k = 0; k < NNOTES; k++)
		d->note[k] = notes[k].match(in, d);
	choose_track(in, d);
	d->urgent = d->risk == RL_HIGH || d->risk == RL_MODERATE ||
	    yes(in, SC_PSYCHOSIS) || severe(in);
}

char *
screen_reasons(const struct screen_decision *d, char *out)
{
	struct sbuf b = {out, 0, SCREEN_LIST_MAX};

	out[0] = '\0';
	for (size_t k = 0; k < NRULES; k++)
		if (d->reason[k])
			sbuf_join(&b, ";", rules[k].code);
	return out;
}

char *
screen_notes(const struct screen_decision *d, char *out)
{
	struct sbuf b = {out, 0, SCREEN_LIST_MAX};

	out[0] = '\0';
	for (size_t k = 0; k < NNOTES; k++)
		if (d->note[k])
			sbuf_join(&b, ";", notes[k].code);
	return out;
}

char *
screen_measures(const struct screen_input *in,
    const struct screen_decision *d, char *out)
{
	struct sbuf b = {out, 0, SCREEN_LIST_MAX};

	out[0] = '\0';
	if (d->track == TRACK_NONE)
		return out;
	for (size_t k = 0; k < NMEASURES; k++)
		if (measures[k].match(in, d))
			sbuf_join(&b, ";", measures[k].code);
	return out;
}

const char *
screen_risk_name(enum risk_level rl)
{
	static const char *const name[] = {
		[RL_NOT_ENDORSED] = "not_endorsed", [RL_LOW] = "low",
		[RL_UNKNOWN] = "unknown", [RL_MODERATE] = "moderate",
		[RL_HIGH] = "high"
	};

	return name[rl];
}

const char *
screen_status_name(enum screen_status st)
{
	static const char *const name[] = {
		[STATUS_REFER] = "refer", [STATUS_DEFER] = "defer",
		[STATUS_NEEDS_ASSESSMENT] = "needs_assessment",
		[STATUS_ELIGIBLE] = "eligible"
	};

	return name[st];
}

const char *
screen_focal_name(enum focal_area fa)
{
	static const char *const name[] = {
		[FA_GRIEF] = "grief", [FA_ROLE_DISPUTE] = "role_dispute",
		[FA_ROLE_TRANSITION] = "role_transition",
		[FA_DEFICITS] = "interpersonal_deficits",
		[FA_UNDETERMINED] = "undetermined", [FA_NONE] = ""
	};

	return name[fa];
}

const char *
screen_track_name(enum ipt_track t)
{
	static const char *const name[] = {
		[TRACK_IPT_A] = "ipt_a", [TRACK_IPT_G] = "ipt_g",
		[TRACK_IPT_B] = "ipt_b", [TRACK_IPT] = "ipt", [TRACK_NONE] = ""
	};

	return name[t];
}

int
screen_rule_count(void)
{
	return (int)NRULES;
}

const char *
screen_rule_code(int i)
{
	return rules[i].code;
}

int
screen_note_count(void)
{
	return (int)NNOTES;
}

const char *
screen_note_code(int i)
{
	return notes[i].code;
}

/* ---- records ---- */

static const char *const out_names[] = {
	"risk_level", "screen_status", "screen_reasons", "screen_notes",
	"focal_area", "focal_area_secondary", "focal_evidence", "ipt_track",
	"sessions_recommended", "session_minutes", "outcome_measures",
	"priority"
};
#define NOUT (sizeof(out_names) / sizeof(out_names[0]))

enum out_col {
	OUT_RISK, OUT_STATUS, OUT_REASONS, OUT_NOTES, OUT_FOCAL,
	OUT_SECONDARY, OUT_EVIDENCE, OUT_TRACK, OUT_SESSIONS, OUT_MINUTES,
	OUT_MEASURES, OUT_PRIORITY
};

void
screener_init(struct screener *s, long link_days)
{
	memset(s, 0, sizeof(*s));
	s->link_days = link_days;
	addcols_init(&s->add, out_names, NOUT);
}

void
screener_release(struct screener *s)
{
	addcols_release(&s->add);
}

static bool
colnames_has(const struct colnames *c, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < c->n; i++)
		if (c->len[i] == n && memcmp(c->name[i], name, n) == 0)
			return true;
	return false;
}

void
screen_scored_prefixes(const struct colnames *c, const char **out)
{
	size_t n = 0;

	for (size_t k = 0; k < NQUEST; k++) {
		const char *const *g = questionnaires[k].given;

		if (colnames_has(c, g[0]) || (g[1] != NULL &&
		    colnames_has(c, g[1])))
			continue;
		out[n++] = questionnaires[k].prefix;
	}
	out[n] = NULL;
}

void
screen_csv_header(const struct screener *s, struct writer *w,
    const struct colnames *in, const struct addcols *scored)
{
	struct colnames all;

	all.n = 0;
	all.name = xcalloc(in->n + scored->n + 1, sizeof(*all.name));
	all.len = xcalloc(in->n + scored->n + 1, sizeof(*all.len));
	for (size_t i = 0; i < in->n; i++) {
		all.name[all.n] = in->name[i];
		all.len[all.n++] = in->len[i];
	}
	for (size_t k = 0; k < scored->n; k++) {
		if (colnames_has(in, scored->names[k]))
			continue;	/* replaced in place */
		all.name[all.n] = scored->names[k];
		all.len[all.n++] = strlen(scored->names[k]);
	}
	writer_csv_header(w, &all, &s->add);
	free(all.name);
	free(all.len);
}

/* Find the intake columns (and the id) of r's schema. */
static void
bind(struct screener *s, const struct record *r)
{
	for (int c = 0; c < SC_NCOLS; c++)
		s->pos[c] = record_find(r, columns[c].name,
		    strlen(columns[c].name));
	s->id_pos = record_find(r, "id", 2);
	if (s->id_pos < 0)
		s->id_pos = record_find(r, "patient_id", 10);
	s->schema = r->schema;
	s->nbound = r->n;
	s->bound = true;
}

/* Parse one field by its column's type; the problem text when invalid. */
static const char *
parse_col(const struct column *c, const struct field *f, struct screen_val *v,
    char *buf, size_t len)
{
	bool b = false;
	int idx = 0;

	switch (c->type) {
	case TY_INT:
		v->st = value_int(f, &v->v);
		if (v->st == VAL_INVALID)
			return "is not an integer";
		if (v->st == VAL_OK && (v->v < c->min ||
		    (c->max != NO_MAX && v->v > c->max))) {
			v->st = VAL_INVALID;
			if (c->max == NO_MAX)
				snprintf(buf, len, "is less than %ld", c->min);
			else
				snprintf(buf, len, "is outside %ld..%ld",
				    c->min, c->max);
			return buf;
		}
		return NULL;
	case TY_CODE:
		v->st = value_code(f, c->vocab, &idx);
		v->v = idx;
		return "is not a known code";
	case TY_YESNO:
		v->st = value_yesno(f, &b);
		v->v = b;
		return "is not yes or no";
	case TY_DATE:
		v->st = value_date(f, &v->v);
		return "is not a valid date (YYYY-MM-DD)";
	}
	return NULL;
}

static void
check_id(const struct screener *s, struct record *r, struct screen_input *in)
{
	const struct field *f;
	const char *t;
	size_t n;
	char msg[80];

	if (s->id_pos < 0) {
		record_flag(r, "no patient id: no 'id' or 'patient_id' field");
		return;
	}
	f = &r->f[s->id_pos];
	value_trim(f, &t, &n);
	if (f->kind != VK_NULL && n > 0) {
		in->has_id = true;
		return;
	}
	snprintf(msg, sizeof(msg), "no patient id: field '%.*s' is empty",
	    (int)f->nlen, f->name);
	record_flag(r, msg);
}

void
screen_read(struct screener *s, struct record *r, struct screen_input *in)
{
	char buf[64];

	if (!s->bound || s->schema != r->schema || s->nbound != r->n)
		bind(s, r);
	screen_input_init(in);
	check_id(s, r, in);
	for (int c = 0; c < SC_NCOLS; c++) {
		const struct field *f = s->pos[c] >= 0 ? &r->f[s->pos[c]]
		    : NULL;
		const char *problem = parse_col(&columns[c], f, &in->col[c],
		    buf, sizeof(buf));

		if (in->col[c].st == VAL_INVALID)
			value_flag(r, f, problem);
	}
}

/* A text column: its value, or null when empty. */
static void
put_text(struct record *r, size_t at, const char *name, const char *s)
{
	if (s[0] == '\0')
		record_set_null(r, at, name);
	else
		record_set_str(r, at, name, s);
}

/* A code from a static table, or null when "". */
static void
put_code(struct record *r, size_t at, const char *name, const char *s)
{
	if (s[0] == '\0')
		record_set_null(r, at, name);
	else
		record_set_static(r, at, name, s);
}

static void
put_int(struct record *r, size_t at, const char *name, int v)
{
	if (v == 0)
		record_set_null(r, at, name);
	else
		record_set_int(r, at, name, v);
}

void
screen_write(struct screener *s, struct record *r,
    const struct screen_input *in, const struct screen_decision *d)
{
	const size_t *at;
	char buf[SCREEN_LIST_MAX];

	addcols_bind(&s->add, r);
	at = s->add.pos;
	put_code(r, at[OUT_RISK], out_names[OUT_RISK],
	    screen_risk_name(d->risk));
	put_code(r, at[OUT_STATUS], out_names[OUT_STATUS],
	    screen_status_name(d->status));
	put_text(r, at[OUT_REASONS], out_names[OUT_REASONS],
	    screen_reasons(d, buf));
	put_text(r, at[OUT_NOTES], out_names[OUT_NOTES], screen_notes(d, buf));
	put_code(r, at[OUT_FOCAL], out_names[OUT_FOCAL],
	    screen_focal_name(d->focal));
	put_code(r, at[OUT_SECONDARY], out_names[OUT_SECONDARY],
	    screen_focal_name(d->secondary));
	put_text(r, at[OUT_EVIDENCE], out_names[OUT_EVIDENCE], d->evidence);
	put_code(r, at[OUT_TRACK], out_names[OUT_TRACK],
	    screen_track_name(d->track));
	put_int(r, at[OUT_SESSIONS], out_names[OUT_SESSIONS], d->sessions);
	put_int(r, at[OUT_MINUTES], out_names[OUT_MINUTES], d->minutes);
	put_text(r, at[OUT_MEASURES], out_names[OUT_MEASURES],
	    screen_measures(in, d, buf));
	put_code(r, at[OUT_PRIORITY], out_names[OUT_PRIORITY],
	    d->urgent ? "urgent" : "routine");
}

void
screen_apply(struct screener *s, struct record *r)
{
	struct screen_input in;
	struct screen_decision d;

	screen_read(s, r, &in);
	screen_decide(&in, s->link_days, &d);
	screen_write(s, r, &in, &d);
}

/* ---- ipt-screen as a filter ---- */

void
screen_tool_init(struct screen_tool *t, long link_days)
{
	char err[160];

	/* The built-ins alone cannot fail to set up. */
	if (scorer_init(&t->sc, NULL, NULL, CODING_SCORE, err,
	    sizeof(err)) != 0)
		diag_fatal(EXIT_INTERNAL, "internal error: %s", err);
	screener_init(&t->scr, link_days);
}

void
screen_tool_release(struct screen_tool *t)
{
	screener_release(&t->scr);
	scorer_release(&t->sc);
}

/* Section 1: score what the header holds items of and no given column. */
static int
tool_configure(void *ctx, const struct colnames *cols, char *err,
    size_t errlen)
{
	struct screen_tool *t = ctx;
	const char *scored[8];

	screen_scored_prefixes(cols, scored);
	scorer_restrict(&t->sc, scored);
	return scorer_configure(&t->sc, cols, err, errlen);
}

static void
tool_header(void *ctx, struct writer *w, const struct colnames *cols)
{
	struct screen_tool *t = ctx;

	screen_csv_header(&t->scr, w, cols, scorer_columns(&t->sc));
}

static int
tool_apply(void *ctx, struct record *r, bool from_csv, char *why,
    size_t whylen)
{
	struct screen_tool *t = ctx;
	int res = scorer_apply(&t->sc, r, from_csv, why, whylen);

	if (res == 0)
		screen_apply(&t->scr, r);
	return res;
}

void
screen_filter(struct screen_tool *t, struct filter *f)
{
	f->configure = tool_configure;
	f->csv_header = tool_header;
	f->apply = tool_apply;
	f->ctx = t;
	f->out_fd = 1;
}
