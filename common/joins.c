/* SPDX-License-Identifier: MIT */
/*
 * joins.c - reading --intake and --plans (see joins.h).
 *
 * Both files go through one loop, read_file(), that streams the records
 * to a per-file callback.  Columns are looked up by name once per schema.
 * Ids map to entries through the idmap the caseload uses too; it only
 * answers lookups, it is never iterated, so hash order cannot leak into
 * any output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "joins.h"
#include "num.h"
#include "report.h"
#include "value.h"
#include "xalloc.h"

#define MIN_ENTRIES 16

static const struct join_opts join_defaults = { FMT_NONE, ',', false, NULL };

/* ---- columns and values ---- */

/* Columns found by name, bound again whenever the schema changes. */
struct join_cols {
	const char *const *name;	/* name[0]: the id column ("id") */
	size_t n;
	const char *id_name;	/* --id COL, or NULL */
	long *pos;		/* per name: field index, -1 when absent */
	bool bound;
	uint64_t schema;
	size_t nfields;
};

static void
cols_init(struct join_cols *c, const char *const *name, size_t n,
    const char *id_name)
{
	c->name = name;
	c->n = n;
	c->id_name = id_name;
	c->pos = xreallocarray(NULL, n, sizeof(*c->pos));
	c->bound = false;
}

static void
cols_bind(struct join_cols *c, const struct record *r)
{
	if (c->bound && c->schema == r->schema && c->nfields == r->n)
		return;
	for (size_t k = 0; k < c->n; k++)
		c->pos[k] = record_find(r, c->name[k], strlen(c->name[k]));
	/* io.md 6: `id` if the input has one, else `patient_id`. */
	if (c->id_name != NULL)
		c->pos[0] = record_find(r, c->id_name, strlen(c->id_name));
	else if (c->pos[0] < 0)
		c->pos[0] = record_find(r, "patient_id", 10);
	c->schema = r->schema;
	c->nfields = r->n;
	c->bound = true;
}

/* Column k of r, or NULL when r has none. */
static struct field *
cols_field(const struct join_cols *c, struct record *r, size_t k)
{
	return c->pos[k] >= 0 ? &r->f[c->pos[k]] : NULL;
}

/* The id's exact bytes, or false after flagging a missing one. */
static bool
read_id(const struct join_cols *c, struct record *r, const char **id,
    size_t *len)
{
	const struct field *f = cols_field(c, r, 0);
	const char *t;
	size_t n = 0;
	char msg[128];

	if (f != NULL && f->kind != VK_NULL)
		value_trim(f, &t, &n);
	if (n > 0) {
		*id = f->val;
		*len = f->len;
		return true;
	}
	if (f == NULL && c->id_name != NULL)
		snprintf(msg, sizeof(msg), "no patient id: no '%.40s' field; "
		    "record ignored", c->id_name);
	else if (f == NULL)
		snprintf(msg, sizeof(msg), "no patient id: no 'id' or "
		    "'patient_id' field; record ignored");
	else
		snprintf(msg, sizeof(msg), "no patient id: field '%.*s' is "
		    "empty; record ignored",
		    (int)(f->nlen > 40 ? 40 : f->nlen), f->name);
	record_flag(r, msg);
	return false;
}

/* The trimmed value as an owned string, or NULL when it is missing. */
static char *
copy_value(const struct field *f)
{
	const char *s;
	size_t n;

	if (f == NULL || f->kind == VK_NULL)
		return NULL;
	value_trim(f, &s, &n);
	return n > 0 ? xmemdup(s, n) : NULL;
}

/* An integer lo..hi, or REP_UNKNOWN (flagged when not missing). */
static long
read_int_range(struct record *r, const struct field *f, long lo, long hi)
{
	char msg[64];
	long v;

	switch (value_int(f, &v)) {
	case VAL_OK:
		if (v >= lo && v <= hi)
			return v;
		snprintf(msg, sizeof(msg), "is outside %ld..%ld; read as "
		    "unknown", lo, hi);
		value_flag(r, f, msg);
		break;
	case VAL_INVALID:
		value_flag(r, f, "is not an integer; read as unknown");
		break;
	case VAL_MISSING:
		break;
	}
	return REP_UNKNOWN;
}

/* ---- the file loop ---- */

/*
 * Stream path's records to fn, counting them and the flagged ones.
 * Returns 0, or -1 after a fatal error (reported, exit status recorded).
 */
static int
read_file(const char *path, const struct join_opts *o,
    void (*fn)(struct record *, void *), void *ctx, uint64_t *records,
    uint64_t *flagged)
{
	struct stream_opts so = { o->in_fmt, o->delim, o->strict, NULL };
	char *files[1] = { (char *)path };
	uint64_t session_in = diag_count.in;
	struct stream s;
	struct record *r;
	int res;

	/*
	 * The stream numbers records with diag_count.in: start at 1 in this
	 * file, and give the session records their count back afterwards.
	 */
	diag_count.in = 0;
	/* Without a rejects file stream_open() cannot fail. */
	stream_open(&s, files, 1, &so);
	while ((res = stream_next(&s, &r)) > 0) {
		fn(r, ctx);
		(*records)++;
		if (r->flagged) {
			(*flagged)++;
			diag_count.flagged++;
		}
	}
	/* Nothing opened: the stream reported it and recorded exit 66. */
	if (res == 0 && stream_first_format(&s) == FMT_NONE)
		res = -1;
	stream_close(&s);
	diag_count.in = session_in;
	return res;
}

/* ---- --intake ---- */

enum { IN_ID, IN_AGE, IN_SESSIONS, IN_BY };

struct intake_ctx {
	struct intake *in;
	struct join_cols cols;
};

void
intake_init(struct intake *in)
{
	memset(in, 0, sizeof(*in));
}

void
intake_release(struct intake *in)
{
	for (size_t i = 0; i < in->n; i++) {
		struct intake_row *row = &in->row[i];

		for (size_t k = 0; k < in->nby; k++)
			free(row->by[k]);
		free(row->by);
		free(row->id);
	}
	free(in->row);
	idmap_release(&in->map);
	intake_init(in);
}

const struct intake_row *
intake_find(const struct intake *in, const char *id, size_t len)
{
	size_t k = idmap_find(&in->map, id, len);

	return k == IDMAP_NONE ? NULL : &in->row[k];
}

/*
 * The row for id[0..len): a new one, or the earlier one emptied for the
 * later record to fill (the duplicate flagged on idf).
 */
static struct intake_row *
intake_row_for(struct intake *in, struct record *r, const struct field *idf,
    const char *id, size_t len)
{
	size_t k = idmap_find(&in->map, id, len);
	struct intake_row *row;

	if (k != IDMAP_NONE) {
		value_flag(r, idf, "is a duplicate id; the later record wins");
		row = &in->row[k];
		for (size_t b = 0; b < in->nby; b++) {
			free(row->by[b]);
			row->by[b] = NULL;
		}
		return row;
	}
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : MIN_ENTRIES;
		in->row = xreallocarray(in->row, in->cap, sizeof(*in->row));
	}
	row = &in->row[in->n];
	row->id = xmemdup(id, len);
	row->len = len;
	row->by = in->nby ? xcalloc(in->nby, sizeof(*row->by)) : NULL;
	idmap_put(&in->map, row->id, len, in->n++);
	return row;
}

static void
intake_record(struct record *r, void *arg)
{
	struct intake_ctx *x = arg;
	struct intake_row *row;
	const char *id;
	size_t len;

	cols_bind(&x->cols, r);
	if (!read_id(&x->cols, r, &id, &len))
		return;
	row = intake_row_for(x->in, r, cols_field(&x->cols, r, IN_ID), id,
	    len);
	row->age = read_int_range(r, cols_field(&x->cols, r, IN_AGE), 0, 120);
	row->sessions_recommended = read_int_range(r,
	    cols_field(&x->cols, r, IN_SESSIONS), 1, 60);
	for (size_t k = 0; k < x->in->nby; k++)
		row->by[k] = copy_value(cols_field(&x->cols, r, IN_BY + k));
}

int
intake_load(struct intake *in, const char *path, const char *const *by,
    size_t nby)
{
	return intake_load_opts(in, path, by, nby, NULL);
}

int
intake_load_opts(struct intake *in, const char *path, const char *const *by,
    size_t nby, const struct join_opts *o)
{
	const char **names = xreallocarray(NULL, IN_BY + nby, sizeof(*names));
	struct intake_ctx x;
	int res;

	if (o == NULL)
		o = &join_defaults;
	intake_init(in);
	in->nby = nby;
	names[IN_ID] = "id";
	names[IN_AGE] = "age";
	names[IN_SESSIONS] = "sessions_recommended";
	for (size_t k = 0; k < nby; k++)
		names[IN_BY + k] = by[k];
	x.in = in;
	cols_init(&x.cols, names, IN_BY + nby, o->id_name);
	res = read_file(path, o, intake_record, &x, &in->records,
	    &in->flagged);
	free(x.cols.pos);
	free(names);
	if (res != 0)
		intake_release(in);
	return res;
}

/* ---- --plans ---- */

/* The plans' columns: the id, the status, a contact's fields, the list. */
enum {
	PL_ID, PL_STATUS,
	PL_SESSION, PL_DATE, PL_CONTACT, PL_KIND, PL_MEASURES,
	PL_CONTACTS, PL_NCOLS
};
/* A contact's fields, in the order of PL_SESSION ... PL_MEASURES. */
enum { PC_SESSION, PC_DATE, PC_CONTACT, PC_KIND, PC_MEASURES, PC_NFIELDS };

static const char *const plan_col[PL_NCOLS] = {
	"id", "plan_status", "session", "date", "contact", "kind", "measures",
	"contacts"
};
static const char *const status_vocab[] = { "planned", "not_planned", NULL };
static const char *const kind_vocab[] = {
	"individual", "group", "parent_joint", "pre_group", "mid_group",
	"post_group", "followup", NULL
};

/* One planned contact, read and valid. */
struct contact {
	long session;		/* 0: none */
	long date;
	long contact;
	int kind;		/* index in kind_vocab */
	const struct field *measures;
};

struct plans_ctx {
	struct plans *pl;
	long as_of;
	const struct plans_lookup *lk;
	struct join_cols cols;
	struct record sub;	/* one contact of a nested record */
};

void
plans_init(struct plans *pl)
{
	memset(pl, 0, sizeof(*pl));
}

static void
entries_free(struct plan_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].id);
		free(e[i].kind);
		free(e[i].measures);
	}
	free(e);
}

void
plans_release(struct plans *pl)
{
	entries_free(pl->due, pl->ndue);
	entries_free(pl->overdue, pl->noverdue);
	for (size_t i = 0; i < pl->nids; i++)
		free(pl->ids[i].id);
	free(pl->ids);
	idmap_release(&pl->map);
	plans_init(pl);
}

long
plans_planned(const struct plans *pl, const char *id, size_t len)
{
	size_t k = idmap_find(&pl->map, id, len);

	return k == IDMAP_NONE ? REP_UNKNOWN : pl->ids[k].planned;
}

/* The index of id[0..len)'s entry in pl->ids, created when new. */
static size_t
plan_id_get(struct plans *pl, const char *id, size_t len)
{
	size_t k = idmap_find(&pl->map, id, len);
	struct plan_id *p;

	if (k != IDMAP_NONE)
		return k;
	if (pl->nids == pl->idcap) {
		pl->idcap = pl->idcap ? pl->idcap * 2 : MIN_ENTRIES;
		pl->ids = xreallocarray(pl->ids, pl->idcap, sizeof(*pl->ids));
	}
	p = &pl->ids[pl->nids];
	p->id = xmemdup(id, len);
	p->len = len;
	p->planned = 0;
	p->looked_up = false;
	p->attended = 0;
	p->ended = false;
	idmap_put(&pl->map, p->id, len, pl->nids);
	return pl->nids++;
}

/* Ask the caseload about p once: not a patient is attended 0, not ended. */
static void
look_up(const struct plans_lookup *lk, struct plan_id *p)
{
	if (p->looked_up)
		return;
	p->attended = 0;
	p->ended = false;
	if (lk != NULL && lk->patient != NULL &&
	    !lk->patient(lk->ctx, p->id, p->len, &p->attended, &p->ended)) {
		p->attended = 0;
		p->ended = false;
	}
	p->looked_up = true;
}

/* 1 planned, 0 not planned, -1 flagged (the record is ignored). */
static int
read_status(const struct join_cols *c, struct record *r)
{
	const struct field *f = cols_field(c, r, PL_STATUS);
	int idx = 0;

	switch (value_code(f, status_vocab, &idx)) {
	case VAL_OK:
		return idx == 0;
	case VAL_INVALID:
		value_flag(r, f, "is not planned or not_planned; record "
		    "ignored");
		return -1;
	case VAL_MISSING:
		break;
	}
	record_flag(r, f == NULL ? "no plan status: no 'plan_status' field; "
	    "record ignored" : "no plan status: field 'plan_status' is empty; "
	    "record ignored");
	return -1;
}

/* Flag a missing contact field: where prefixes key in nested records. */
static void
flag_missing(struct record *r, const struct field *f, const char *where,
    const char *key, const char *what)
{
	char msg[160];

	if (f == NULL)
		snprintf(msg, sizeof(msg), "no %s: no '%s%s' field; not listed "
		    "as due or overdue", what, where, key);
	else
		snprintf(msg, sizeof(msg), "no %s: field '%.*s' is empty; not "
		    "listed as due or overdue", what,
		    (int)(f->nlen > 60 ? 60 : f->nlen), f->name);
	record_flag(r, msg);
}

/* The session number, 0 when missing; false after flagging it. */
static bool
read_session(struct record *r, const struct field *f, long *session)
{
	long v;

	*session = 0;
	switch (value_int(f, &v)) {
	case VAL_OK:
		if (v >= 1) {
			*session = v;
			return true;
		}
		/* FALLTHROUGH */
	case VAL_INVALID:
		value_flag(r, f, "is not a session number (an integer >= 1); "
		    "contact ignored");
		return false;
	case VAL_MISSING:
		break;
	}
	return true;
}

static bool
read_date(struct record *r, const struct field *f, const char *where,
    long *date)
{
	switch (value_date(f, date)) {
	case VAL_OK:
		return true;
	case VAL_INVALID:
		value_flag(r, f, "is not a valid date (YYYY-MM-DD); not listed "
		    "as due or overdue");
		return false;
	case VAL_MISSING:
		break;
	}
	flag_missing(r, f, where, "date", "date");
	return false;
}

static bool
read_contact(struct record *r, const struct field *f, const char *where,
    long *contact)
{
	switch (value_int(f, contact)) {
	case VAL_OK:
		if (*contact >= 1)
			return true;
		/* FALLTHROUGH */
	case VAL_INVALID:
		value_flag(r, f, "is not a contact number (an integer >= 1); "
		    "not listed as due or overdue");
		return false;
	case VAL_MISSING:
		break;
	}
	flag_missing(r, f, where, "contact", "contact number");
	return false;
}

static bool
read_kind(struct record *r, const struct field *f, const char *where,
    int *kind)
{
	switch (value_code(f, kind_vocab, kind)) {
	case VAL_OK:
		return true;
	case VAL_INVALID:
		value_flag(r, f, "is not a contact kind; not listed as due or "
		    "overdue");
		return false;
	case VAL_MISSING:
		break;
	}
	flag_missing(r, f, where, "kind", "contact kind");
	return false;
}

static void
push(struct plan_entry **list, size_t *n, size_t *cap,
    const struct plan_id *p, const struct contact *c)
{
	struct plan_entry *e;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : MIN_ENTRIES;
		*list = xreallocarray(*list, *cap, sizeof(**list));
	}
	e = &(*list)[(*n)++];
	e->id = xmemdup(p->id, p->len);
	e->idlen = p->len;
	e->date = c->date;
	e->kind = xstrdup(kind_vocab[c->kind]);
	e->session = c->session;
	e->measures = copy_value(c->measures);
	e->contact = c->contact;
}

/* Section 6.4: list c as due or overdue when it is either. */
static void
place(struct plans_ctx *x, size_t k, const struct contact *c)
{
	struct plans *pl = x->pl;
	struct plan_id *p = &pl->ids[k];

	if (c->date > x->as_of && c->date <= x->as_of + 7) {
		push(&pl->due, &pl->ndue, &pl->duecap, p, c);
		return;
	}
	if (c->session == 0 || c->date >= x->as_of - 7)
		return;
	look_up(x->lk, p);
	if (!p->ended && c->session > p->attended)
		push(&pl->overdue, &pl->noverdue, &pl->overduecap, p, c);
}

/*
 * One planned contact of id[0..len), its fields in f (NULL: absent), r
 * the record to flag.  Every field is read, so that each invalid one is
 * warned about.  A contact with a flagged value is left out of both
 * lists: with a bad date, number or kind its place in them is a guess.
 */
static void
plans_contact(struct plans_ctx *x, struct record *r,
    const struct field *const *f, const char *where, const char *id,
    size_t len)
{
	size_t k = plan_id_get(x->pl, id, len);
	struct contact c;
	bool ok;

	ok = read_session(r, f[PC_SESSION], &c.session);
	if (c.session > 0)
		x->pl->ids[k].planned++;
	ok = read_date(r, f[PC_DATE], where, &c.date) && ok;
	ok = read_contact(r, f[PC_CONTACT], where, &c.contact) && ok;
	ok = read_kind(r, f[PC_KIND], where, &c.kind) && ok;
	c.measures = f[PC_MEASURES];
	if (ok)
		place(x, k, &c);
}

/* Append the cJSON member m to sub as field WHERE+KEY. */
static void
add_json_field(struct record *sub, const char *where, const cJSON *m)
{
	char name[96], num[NUM_BUFSZ];
	int nlen = snprintf(name, sizeof(name), "%s%s", where, m->string);
	size_t nl = nlen < 0 ? 0 : (size_t)nlen;
	char *text;

	if (nl >= sizeof(name))
		nl = sizeof(name) - 1;
	if (cJSON_IsString(m)) {
		record_add(sub, name, nl, false, m->valuestring,
		    strlen(m->valuestring), VK_STR, 0);
	} else if (cJSON_IsNumber(m)) {
		record_add(sub, name, nl, false, num,
		    num_format(m->valuedouble, num), VK_NUM, m->valuedouble);
	} else if (cJSON_IsNull(m)) {
		record_add(sub, name, nl, false, "", 0, VK_NULL, 0);
	} else if (cJSON_IsBool(m)) {
		record_add(sub, name, nl, false, cJSON_IsTrue(m) ? "true" :
		    "false", cJSON_IsTrue(m) ? 4 : 5,
		    cJSON_IsTrue(m) ? VK_TRUE : VK_FALSE, 0);
	} else {
		if ((text = cJSON_PrintUnformatted(m)) == NULL)
			diag_fatal(EXIT_INTERNAL, "out of memory");
		record_add(sub, name, nl, false, text, strlen(text), VK_RAW,
		    0);
		free(text);
	}
}

/* Element i of a nested record's contacts, read as a record of its own. */
static void
nested_contact(struct plans_ctx *x, struct record *r, const cJSON *c,
    size_t i, const char *id, size_t len)
{
	struct record *sub = &x->sub;
	const struct field *f[PC_NFIELDS];
	long pos[PC_NFIELDS];
	char where[40], msg[64];

	snprintf(where, sizeof(where), "contacts[%zu].", i);
	if (!cJSON_IsObject(c)) {
		snprintf(msg, sizeof(msg), "contacts[%zu] is not an object; "
		    "ignored", i);
		record_flag(r, msg);
		return;
	}
	record_clear(sub);
	sub->file = r->file;
	sub->line = r->line;
	sub->recno = r->recno;
	for (int k = 0; k < PC_NFIELDS; k++)
		pos[k] = -1;
	for (const cJSON *m = c->child; m != NULL; m = m->next) {
		for (int k = 0; k < PC_NFIELDS; k++) {
			if (strcmp(m->string, plan_col[PL_SESSION + k]) != 0)
				continue;
			pos[k] = (long)sub->n;
			add_json_field(sub, where, m);
		}
	}
	/* Only now: adding fields may move sub->f. */
	for (int k = 0; k < PC_NFIELDS; k++)
		f[k] = pos[k] >= 0 ? &sub->f[pos[k]] : NULL;
	plans_contact(x, sub, f, where, id, len);
	if (sub->flagged)
		r->flagged = true;
}

/* ipt-plan --nested: the patient's contacts are a JSON array in list. */
static void
plans_nested(struct plans_ctx *x, struct record *r, const struct field *list,
    const char *id, size_t len)
{
	cJSON *root;
	const cJSON *c;
	size_t i = 0;

	if (list->kind != VK_RAW || list->val[0] != '[') {
		value_flag(r, list, "is not an array of contacts; ignored");
		return;
	}
	/* The reader checked this text, so only memory can fail here. */
	root = cJSON_ParseWithLength(list->val, list->len);
	if (root == NULL)
		diag_fatal(EXIT_INTERNAL, "out of memory");
	cJSON_ArrayForEach(c, root)
		nested_contact(x, r, c, i++, id, len);
	cJSON_Delete(root);
}

static void
plans_record(struct record *r, void *arg)
{
	struct plans_ctx *x = arg;
	const struct field *f[PC_NFIELDS];
	const struct field *list;
	const char *id;
	size_t len;

	cols_bind(&x->cols, r);
	if (!read_id(&x->cols, r, &id, &len))
		return;
	if (read_status(&x->cols, r) != 1)
		return;
	/*
	 * A nested record has no `contact` (ipt-plan refuses --keep of an
	 * output column), so a flat one may still carry a kept `contacts`.
	 */
	list = cols_field(&x->cols, r, PL_CONTACTS);
	if (cols_field(&x->cols, r, PL_CONTACT) == NULL && list != NULL) {
		plans_nested(x, r, list, id, len);
		return;
	}
	for (int k = 0; k < PC_NFIELDS; k++)
		f[k] = cols_field(&x->cols, r, (size_t)(PL_SESSION + k));
	plans_contact(x, r, f, "", id, len);
}

static int
cmp_long(long a, long b)
{
	return (a > b) - (a < b);
}

static int
cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* NULL (no measures) first. */
static int
cmp_opt_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/*
 * Section 6.4's order, (date, id, contact); the rest only breaks ties
 * between duplicate plans, so that the order never depends on the input.
 */
static int
entry_cmp(const void *pa, const void *pb)
{
	const struct plan_entry *a = pa, *b = pb;
	int c = cmp_long(a->date, b->date);

	if (c == 0)
		c = cmp_bytes(a->id, a->idlen, b->id, b->idlen);
	if (c == 0)
		c = cmp_long(a->contact, b->contact);
	if (c == 0)
		c = cmp_long(a->session, b->session);
	if (c == 0)
		c = strcmp(a->kind, b->kind);
	if (c == 0)
		c = cmp_opt_str(a->measures, b->measures);
	return c;
}

int
plans_load(struct plans *pl, const char *path, long as_of,
    const struct plans_lookup *lk)
{
	return plans_load_opts(pl, path, as_of, lk, NULL);
}

int
plans_load_opts(struct plans *pl, const char *path, long as_of,
    const struct plans_lookup *lk, const struct join_opts *o)
{
	struct plans_ctx x;
	int res;

	if (o == NULL)
		o = &join_defaults;
	plans_init(pl);
	x.pl = pl;
	x.as_of = as_of;
	x.lk = lk;
	cols_init(&x.cols, plan_col, PL_NCOLS, o->id_name);
	record_init(&x.sub);
	res = read_file(path, o, plans_record, &x, &pl->records,
	    &pl->flagged);
	record_release(&x.sub);
	free(x.cols.pos);
	if (res != 0) {
		plans_release(pl);
		return res;
	}
	if (pl->ndue > 1)
		qsort(pl->due, pl->ndue, sizeof(*pl->due), entry_cmp);
	if (pl->noverdue > 1)
		qsort(pl->overdue, pl->noverdue, sizeof(*pl->overdue),
		    entry_cmp);
	return 0;
}
