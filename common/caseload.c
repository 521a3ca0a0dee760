/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caseload.h"
#include "value.h"
#include "xalloc.h"

#define MIN_ENTRIES 16

static const char *const col_name[CL_NCOLS] = {
	[CL_ID] = "id", [CL_DATE] = "date", [CL_SESSION] = "session",
	[CL_ATTENDED] = "attended",
	[CL_PHQ9] = "phq9_total", [CL_PHQA] = "phqa_total",
	[CL_GAD7] = "gad7_total", [CL_WSAS] = "wsas_total",
	[CL_EPDS] = "epds_total",
	[CL_PHQ9_RISK] = "phq9_risk", [CL_PHQA_RISK] = "phqa_risk",
	[CL_EPDS_RISK] = "epds_risk", [CL_CSSRS_RISK] = "cssrs_risk",
	[CL_ENDED] = "ended", [CL_END_DATE] = "end_date"
};


/* Risk vocabularies (ipt-score.md) and their levels on report.h's scale. */
static const char *const risk_vocab[] = {
	"positive", "not_endorsed", "unknown", NULL
};
static const enum rep_level risk_level[] = {
	REP_LVL_POSITIVE, REP_LVL_NOT_ENDORSED, REP_LVL_UNKNOWN
};
static const char *const cssrs_vocab[] = {
	"high", "moderate", "low", "not_endorsed", "unknown", NULL
};
static const enum rep_level cssrs_level[] = {
	REP_LVL_HIGH, REP_LVL_MODERATE, REP_LVL_LOW, REP_LVL_NOT_ENDORSED,
	REP_LVL_UNKNOWN
};

void
caseload_init(struct caseload *cl, const char *id_name)
{
	cl->e = NULL;
	cl->n = cl->ecap = 0;
	idmap_init(&cl->map);
	cl->order = NULL;
	cl->norder = 0;
	cl->id_name = id_name;
	cl->bound = false;
	cl->schema = 0;
	cl->nbound = 0;
	for (int c = 0; c < CL_NCOLS; c++)
		cl->pos[c] = -1;
	cl->period_from = 1;
	cl->period_to = 0;
	cl->by = NULL;
	cl->nby = 0;
	cl->bypos = NULL;
	cl->cnt = NULL;
}

void
caseload_set_period(struct caseload *cl, long from, long to)
{
	cl->period_from = from;
	cl->period_to = to;
}

void
caseload_set_by(struct caseload *cl, const char *const *by, size_t n)
{
	free(cl->bypos);
	cl->by = by;
	cl->nby = n;
	cl->bypos = n ? xreallocarray(NULL, n, sizeof(*cl->bypos)) : NULL;
	cl->bound = false;
}

const char *
caseload_reason_name(enum cl_col c)
{
	static char names[CL_NCOLS][32];

	if ((unsigned)c >= CL_NCOLS)
		return "";
	if (c == CL_ID)
		return "missing id";
	if (c == CL_DATE)
		return "missing or invalid date";
	if (names[c][0] == '\0')
		snprintf(names[c], sizeof(names[c]), "invalid %s", col_name[c]);
	return names[c];
}

void
caseload_release(struct caseload *cl)
{
	size_t nby = cl->nby;

	for (size_t i = 0; i < cl->n; i++) {
		free(cl->e[i].id);
		if (cl->e[i].by != NULL)
			for (size_t k = 0; k < nby; k++)
				free(cl->e[i].by[k].val);
		free(cl->e[i].by);
	}
	free(cl->e);
	idmap_release(&cl->map);
	free(cl->order);
	free(cl->bypos);
	caseload_init(cl, cl->id_name);
}

struct patient_state *
caseload_find(const struct caseload *cl, const char *id, size_t len)
{
	size_t k = idmap_find(&cl->map, id, len);

	return k == IDMAP_NONE ? NULL : &cl->e[k].st;
}

struct patient_state *
caseload_get(struct caseload *cl, const char *id, size_t len)
{
	return &caseload_entry_get(cl, id, len)->st;
}

struct caseload_entry *
caseload_entry_get(struct caseload *cl, const char *id, size_t len)
{
	size_t k = idmap_find(&cl->map, id, len);
	struct caseload_entry *e;

	if (k != IDMAP_NONE)
		return &cl->e[k];
	if (cl->n == cl->ecap) {
		cl->ecap = cl->ecap ? cl->ecap * 2 : MIN_ENTRIES;
		cl->e = xreallocarray(cl->e, cl->ecap, sizeof(*cl->e));
	}
	e = &cl->e[cl->n];
	e->id = xmemdup(id, len);	/* the map borrows this copy */
	e->len = len;
	e->by = NULL;
	patient_state_init(&e->st);
	idmap_put(&cl->map, e->id, len, cl->n++);
	return e;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct caseload_entry *x = *(const struct caseload_entry *const *)a;
	const struct caseload_entry *y = *(const struct caseload_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->id, y->id, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

size_t
caseload_sort(struct caseload *cl)
{
	const struct caseload_entry **p;

	if (cl->norder == cl->n && (cl->order != NULL || cl->n == 0))
		return cl->n;
	p = xreallocarray(NULL, cl->n ? cl->n : 1, sizeof(*p));
	for (size_t k = 0; k < cl->n; k++)
		p[k] = &cl->e[k];
	qsort(p, cl->n, sizeof(*p), entry_cmp);
	free(cl->order);
	cl->order = xreallocarray(NULL, cl->n ? cl->n : 1,
	    sizeof(*cl->order));
	for (size_t k = 0; k < cl->n; k++)
		cl->order[k] = (size_t)(p[k] - cl->e);
	free(p);
	cl->norder = cl->n;
	return cl->n;
}

const struct caseload_entry *
caseload_at(const struct caseload *cl, size_t k)
{
	return &cl->e[cl->order[k]];
}

/* Find section 1's columns in r's schema. */
static void
bind(struct caseload *cl, const struct record *r)
{
	for (int c = 0; c < CL_NCOLS; c++)
		cl->pos[c] = record_find(r, col_name[c], strlen(col_name[c]));
	if (cl->id_name != NULL)
		cl->pos[CL_ID] = record_find(r, cl->id_name,
		    strlen(cl->id_name));
	else if (cl->pos[CL_ID] < 0)
		cl->pos[CL_ID] = record_find(r, "patient_id", 10);
	for (size_t k = 0; k < cl->nby; k++)
		cl->bypos[k] = record_find(r, cl->by[k], strlen(cl->by[k]));
	cl->schema = r->schema;
	cl->nbound = r->n;
	cl->bound = true;
}

/* Count a flagged value of column c under section 6.8's reasons. */
static void
reason(struct caseload *cl, int c)
{
	cl->cnt->reason[c]++;
}

static struct field *
col(const struct caseload *cl, struct record *r, enum cl_col c)
{
	return cl->pos[c] >= 0 ? &r->f[cl->pos[c]] : NULL;
}

/* The id's exact bytes, or false after flagging a missing one. */
static bool
read_id(struct caseload *cl, struct record *r, const char **id,
    size_t *len)
{
	const struct field *f = col(cl, r, CL_ID);
	const char *t;
	size_t n = 0;
	char msg[96];

	if (f != NULL && f->kind != VK_NULL)
		value_trim(f, &t, &n);
	if (n > 0) {
		*id = f->val;
		*len = f->len;
		return true;
	}
	if (f == NULL && cl->id_name != NULL)
		snprintf(msg, sizeof(msg), "no patient id: no '%.40s' field; "
		    "record ignored", cl->id_name);
	else if (f == NULL)
		snprintf(msg, sizeof(msg), "no patient id: no 'id' or "
		    "'patient_id' field; record ignored");
	else
		snprintf(msg, sizeof(msg), "no patient id: field '%.*s' is "
		    "empty; record ignored", (int)(f->nlen > 40 ? 40 :
		    f->nlen), f->name);
	record_flag(r, msg);
	reason(cl, CL_ID);
	return false;
}

static bool
read_date(struct caseload *cl, struct record *r, long *days)
{
	struct field *f = col(cl, r, CL_DATE);

	switch (value_date(f, days)) {
	case VAL_OK:
		return true;
	case VAL_INVALID:
		value_flag(r, f, "is not a valid date (YYYY-MM-DD); record "
		    "ignored");
		reason(cl, CL_DATE);
		return false;
	case VAL_MISSING:
		break;
	}
	record_flag(r, f == NULL ? "no date: no 'date' field; record ignored"
	    : "no date: field 'date' is empty; record ignored");
	reason(cl, CL_DATE);
	return false;
}

static long
read_session(struct caseload *cl, struct record *r)
{
	struct field *f = col(cl, r, CL_SESSION);
	long v;

	switch (value_int(f, &v)) {
	case VAL_OK:
		if (v >= 1)
			return v;
		/* FALLTHROUGH */
	case VAL_INVALID:
		value_flag(r, f, "is not a session number (an integer >= 1); "
		    "read as no session");
		reason(cl, CL_SESSION);
		break;
	case VAL_MISSING:
		break;
	}
	return REP_NO_SESSION;
}

static bool
read_attended(struct caseload *cl, struct record *r)
{
	struct field *f = col(cl, r, CL_ATTENDED);
	bool b;

	switch (value_yesno(f, &b)) {
	case VAL_OK:
		return b;
	case VAL_INVALID:
		value_flag(r, f, "is not yes or no; read as yes");
		reason(cl, CL_ATTENDED);
		break;
	case VAL_MISSING:
		break;
	}
	return true;
}

static int
read_total(struct caseload *cl, struct record *r, int m)
{
	struct field *f = col(cl, r, (enum cl_col)(CL_PHQ9 + m));
	char msg[64];
	long v;

	switch (value_int(f, &v)) {
	case VAL_OK:
		if (v >= 0 && v <= rep_total_max[m])
			return (int)v;
		snprintf(msg, sizeof(msg), "is outside 0..%d; ignored",
		    rep_total_max[m]);
		value_flag(r, f, msg);
		reason(cl, CL_PHQ9 + m);
		break;
	case VAL_INVALID:
		value_flag(r, f, "is not an integer; ignored");
		reason(cl, CL_PHQ9 + m);
		break;
	case VAL_MISSING:
		break;
	}
	return REP_NO_SCORE;
}

static enum rep_level
read_risk(struct caseload *cl, struct record *r, int i)
{
	struct field *f = col(cl, r, (enum cl_col)(CL_PHQ9_RISK + i));
	bool cssrs = i == REP_RISK_CSSRS;
	int idx = 0;

	switch (value_code(f, cssrs ? cssrs_vocab : risk_vocab, &idx)) {
	case VAL_OK:
		return cssrs ? cssrs_level[idx] : risk_level[idx];
	case VAL_INVALID:
		value_flag(r, f, "is not a known risk value; read as unknown");
		reason(cl, CL_PHQ9_RISK + i);
		return REP_LVL_UNKNOWN;
	case VAL_MISSING:
		break;
	}
	return REP_LVL_NONE;
}

static enum rep_ended
read_ended(struct caseload *cl, struct record *r)
{
	struct field *f = col(cl, r, CL_ENDED);
	bool b;

	switch (value_yesno(f, &b)) {
	case VAL_OK:
		return b ? REP_ENDED_YES : REP_ENDED_NO;
	case VAL_INVALID:
		value_flag(r, f, "is not yes or no; ignored");
		reason(cl, CL_ENDED);
		break;
	case VAL_MISSING:
		break;
	}
	return REP_ENDED_MISSING;
}

static long
read_end_date(struct caseload *cl, struct record *r)
{
	struct field *f = col(cl, r, CL_END_DATE);
	long d;

	switch (value_date(f, &d)) {
	case VAL_OK:
		return d;
	case VAL_INVALID:
		value_flag(r, f, "is not a valid date (YYYY-MM-DD); ignored");
		reason(cl, CL_END_DATE);
		break;
	case VAL_MISSING:
		break;
	}
	return REP_NO_DATE;
}

void
caseload_by_update(const struct caseload *cl, struct caseload_entry *e,
    size_t k, const char *val, size_t len, const struct rep_key *key)
{
	struct cl_by *b;
	int c;

	if (e->by == NULL) {
		e->by = xreallocarray(NULL, cl->nby, sizeof(*e->by));
		memset(e->by, 0, cl->nby * sizeof(*e->by));
	}
	b = &e->by[k];
	if (b->val != NULL) {
		c = rep_key_cmp(key, &b->key);
		if (c == 0) {
			/* A tie of keys: the byte-greater value is later. */
			c = memcmp(val, b->val, len < b->len ? len : b->len);
			if (c == 0)
				c = (len > b->len) - (len < b->len);
		}
		if (c <= 0)
			return;
		free(b->val);
	}
	b->val = xmemdup(val, len);
	b->len = len;
	b->key = *key;
}

/* Fold the record's non-empty --by values into its patient's entry. */
static void
read_by(struct caseload *cl, struct record *r, struct caseload_entry *e,
    const struct rep_key *key)
{
	for (size_t k = 0; k < cl->nby; k++) {
		const char *v;
		size_t n = 0;

		if (cl->bypos[k] < 0 || r->f[cl->bypos[k]].kind == VK_NULL)
			continue;
		value_trim(&r->f[cl->bypos[k]], &v, &n);
		if (n > 0)
			caseload_by_update(cl, e, k, v, n, key);
	}
}

void
caseload_add_record(struct caseload *cl, struct record *r, long as_of,
    struct caseload_counts *c)
{
	struct caseload_entry *e;
	struct rep_obs o;
	const char *id = NULL;
	size_t len = 0;
	long date = 0;
	bool ok;

	if (!cl->bound || cl->schema != r->schema || cl->nbound != r->n)
		bind(cl, r);
	c->read++;
	cl->cnt = c;
	ok = read_id(cl, r, &id, &len);
	ok = read_date(cl, r, &date) && ok;
	if (!ok) {
		c->invalid++;
	} else if (date > as_of) {
		c->future++;
	} else {
		rep_obs_init(&o, date, read_session(cl, r));
		o.attended = read_attended(cl, r);
		for (int m = 0; m < REP_MEASURES; m++)
			o.score[m] = read_total(cl, r, m);
		for (int i = 0; i < REP_RISK_FIELDS; i++)
			o.risk[i] = read_risk(cl, r, i);
		o.ended = read_ended(cl, r);
		o.end_date = read_end_date(cl, r);
		o.in_period = rep_in_days(date, cl->period_from,
		    cl->period_to);
		o.end_in_period = rep_in_days(o.end_date, cl->period_from,
		    cl->period_to);
		e = caseload_entry_get(cl, id, len);
		patient_state_add(&e->st, &o);
		read_by(cl, r, e, &o.key);
		c->used++;
	}
	if (r->flagged)
		c->flagged++;
}
