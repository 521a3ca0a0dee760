/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "score.h"
#include "value.h"
#include "xalloc.h"

enum col_kind { COL_TOTAL, COL_BAND, COL_STATUS, COL_RISK, COL_CASENESS,
	COL_PERCENT };

static const char *const col_suffix[] = {
	"_total", "_band", "_status", "_risk", "_caseness", "_percent"
};

/* ---- set-up ---- */

static int
select_list(struct scorer *sc, const char *list, char *err, size_t errlen)
{
	const char *p = list;

	sc->explicit_set = true;
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		int i = instrument_find(&sc->set, p, n);

		if (i < 0) {
			snprintf(err, errlen, "unknown instrument '%.*s' in "
			    "--instruments", (int)(n > 40 ? 40 : n), p);
			return -1;
		}
		sc->active[i] = true;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
scorer_init(struct scorer *sc, const char *defines, const char *list,
    enum item_coding coding, char *err, size_t errlen)
{
	memset(sc, 0, sizeof(*sc));
	instrument_set_init(&sc->set);
	sc->coding = coding;
	if (defines != NULL &&
	    instruments_define(&sc->set, defines, err, errlen) != 0)
		return -1;
	if (list != NULL && select_list(sc, list, err, errlen) != 0)
		return -1;
	sc->pos = xcalloc(INSTR_MAX, sizeof(*sc->pos));
	sc->xpos = xcalloc(INSTR_MAX, sizeof(*sc->xpos));
	return 0;
}

void
scorer_restrict(struct scorer *sc, const char *const *prefixes)
{
	sc->restricted = true;
	memset(sc->detectable, 0, sizeof(sc->detectable));
	for (size_t k = 0; prefixes[k] != NULL; k++) {
		int i = instrument_find(&sc->set, prefixes[k],
		    strlen(prefixes[k]));

		if (i >= 0)
			sc->detectable[i] = true;
	}
}

/* Whether columns of instrument i are read at all. */
static bool
readable(const struct scorer *sc, int i)
{
	return !sc->restricted || sc->detectable[i];
}

static void
add_col(struct scorer *sc, int inst, enum col_kind k)
{
	const char *p = sc->set.inst[inst].prefix;
	size_t n = strlen(p) + strlen(col_suffix[k]) + 1;
	char *name = xmalloc(n);

	snprintf(name, n, "%s%s", p, col_suffix[k]);
	sc->cols = xreallocarray(sc->cols, sc->ncols + 1, sizeof(*sc->cols));
	sc->col_inst[sc->ncols] = inst;
	sc->col_kind[sc->ncols] = (unsigned char)k;
	sc->cols[sc->ncols++] = name;
}

static void
declare_columns(struct scorer *sc)
{
	sc->nactive = 0;
	for (int i = 0; i < sc->set.n; i++) {
		const struct instrument *in = &sc->set.inst[i];

		if (!sc->active[i])
			continue;
		sc->order[sc->nactive++] = i;
		if (in->kind == INSTR_CSSRS) {
			add_col(sc, i, COL_RISK);
			add_col(sc, i, COL_STATUS);
			continue;
		}
		add_col(sc, i, COL_TOTAL);
		add_col(sc, i, COL_BAND);
		add_col(sc, i, COL_STATUS);
		if (in->risk_item > 0)
			add_col(sc, i, COL_RISK);
		if (in->caseness_min >= 0)
			add_col(sc, i, COL_CASENESS);
		if (in->flags & INSTR_PERCENT)
			add_col(sc, i, COL_PERCENT);
	}
	addcols_init(&sc->add, (const char *const *)sc->cols, sc->ncols);
}

/* Two columns naming one item in the header: the message for err. */
static int
header_duplicates(const struct scorer *sc, const struct colnames *c,
    char *err, size_t errlen)
{
	for (size_t i = 0; i < c->n; i++) {
		int a, ai;

		if (!instrument_match_item(&sc->set, c->name[i], c->len[i], &a,
		    &ai) || !readable(sc, a))
			continue;
		for (size_t j = i + 1; j < c->n; j++) {
			int b, bi;

			if (instrument_match_item(&sc->set, c->name[j],
			    c->len[j], &b, &bi) && a == b && ai == bi) {
				snprintf(err, errlen, "two columns for item "
				    "'%s_%d': '%.*s' and '%.*s'",
				    sc->set.inst[a].prefix, ai, (int)c->len[i],
				    c->name[i], (int)c->len[j], c->name[j]);
				return -1;
			}
		}
	}
	return 0;
}

int
scorer_configure(struct scorer *sc, const struct colnames *c, char *err,
    size_t errlen)
{
	if (!sc->explicit_set) {
		for (size_t i = 0; i < c->n; i++) {
			int inst, item;

			if (instrument_match_item(&sc->set, c->name[i], c->len[i],
			    &inst, &item) && readable(sc, inst))
				sc->active[inst] = true;
		}
	}
	declare_columns(sc);
	return header_duplicates(sc, c, err, errlen);
}

int
scorer_count(const struct scorer *sc)
{
	return sc->nactive;
}

const struct addcols *
scorer_columns(const struct scorer *sc)
{
	return &sc->add;
}

void
scorer_release(struct scorer *sc)
{
	for (size_t i = 0; i < sc->ncols; i++)
		free(sc->cols[i]);
	free(sc->cols);
	if (sc->ncols > 0 || sc->add.pos != NULL)
		addcols_release(&sc->add);
	free(sc->pos);
	free(sc->xpos);
	free(sc->strays);
	instrument_set_release(&sc->set);
}

/* ---- per record ---- */

static void
bind_field(struct scorer *sc, const struct field *f, int i)
{
	int inst, item;

	if (instrument_match_item(&sc->set, f->name, f->nlen, &inst, &item)) {
		if (!readable(sc, inst))
			return;
		if (!sc->active[inst]) {
			sc->strays = xreallocarray(sc->strays, sc->nstrays + 1,
			    sizeof(*sc->strays));
			sc->strays[sc->nstrays].field = i;
			sc->strays[sc->nstrays++].inst = inst;
		} else if (sc->pos[inst][item] >= 0 && sc->dup[0] == '\0') {
			const struct field *g = f - (i - sc->pos[inst][item]);

			snprintf(sc->dup, sizeof(sc->dup), "two columns for "
			    "item '%s_%d': '%.*s' and '%.*s'",
			    sc->set.inst[inst].prefix, item, (int)g->nlen,
			    g->name, (int)f->nlen, f->name);
		} else {
			sc->pos[inst][item] = i;
		}
	} else if (instrument_match_extra(&sc->set, f->name, f->nlen, &inst,
	    &item) && sc->active[inst]) {
		sc->xpos[inst][item] = i;
	}
}

/* Find the item and extra columns of r's schema. */
static void
bind(struct scorer *sc, const struct record *r)
{
	memset(sc->pos, -1, INSTR_MAX * sizeof(*sc->pos));
	memset(sc->xpos, -1, INSTR_MAX * sizeof(*sc->xpos));
	sc->nstrays = 0;
	sc->dup[0] = '\0';
	for (size_t i = 0; i < r->n; i++)
		bind_field(sc, &r->f[i], (int)i);
	sc->schema = r->schema;
	sc->nbound = r->n;
	sc->bound = true;
}

/* Flag items of instruments outside the set, once per instrument. */
static void
flag_strays(struct scorer *sc, struct record *r)
{
	bool done[INSTR_MAX] = {false};
	char msg[200];

	if (sc->explicit_set)
		return;
	for (size_t k = 0; k < sc->nstrays; k++) {
		int inst = sc->strays[k].inst;
		const struct field *f = &r->f[sc->strays[k].field];
		const char *s;
		size_t n;

		value_trim(f, &s, &n);
		if (done[inst] || f->kind == VK_NULL || n == 0)
			continue;
		done[inst] = true;
		snprintf(msg, sizeof(msg), "items of '%s' present but %s is "
		    "not scored: %s", sc->set.inst[inst].prefix,
		    sc->set.inst[inst].prefix, sc->restricted ?
		    "the first record has none" : "name it with --instruments");
		record_flag(r, msg);
	}
}

static struct item_val
read_item_slow(const struct field *f, bool yesno)
{
	struct item_val v = {ITEM_MISSING, 0};
	enum vstate st;
	long n = 0;
	bool b = false;

	if (yesno) {
		st = value_yesno(f, &b);
		n = b;
	} else {
		st = value_int(f, &n);
	}
	if (st == VAL_OK) {
		v.state = ITEM_VALUE;
		v.v = n;
	} else if (st == VAL_INVALID) {
		v.state = value_is_word(f, "na") && !yesno ? ITEM_NA
		    : ITEM_NOT_INT;
	}
	return v;
}

/* One cell as an item; the common answer, one digit, without a call. */
static inline struct item_val
read_item(const struct field *f, bool yesno)
{
	if (f != NULL && !yesno && f->len == 1 && f->val[0] >= '0' &&
	    f->val[0] <= '9' && f->kind != VK_RAW)
		return (struct item_val){ITEM_VALUE, f->val[0] - '0'};
	return read_item_slow(f, yesno);
}

static const char *
problem_text(enum item_problem p, const struct instrument *in, bool yesno,
    char *buf, size_t len)
{
	switch (p) {
	case PROB_RANGE:
		snprintf(buf, len, "is outside %d..%d", in->min, in->max);
		return buf;
	case PROB_NA:
		return "is only allowed in wsas_1";
	default:
		return yesno ? "is not yes or no" : "is not an integer";
	}
}

static void
flag_problems(struct scorer *sc, struct record *r, int inst,
    const struct score_result *res)
{
	const struct instrument *in = &sc->set.inst[inst];
	bool yesno = in->kind == INSTR_CSSRS;
	char buf[64];

	for (int k = 1; k <= in->items; k++) {
		if (res->problem[k] == PROB_NONE)
			continue;
		value_flag(r, &r->f[sc->pos[inst][k]],
		    problem_text(res->problem[k], in, yesno, buf, sizeof(buf)));
	}
	for (int k = 0; k < 2; k++)
		if (res->extra_problem[k] != PROB_NONE && sc->xpos[inst][k] >= 0)
			value_flag(r, &r->f[sc->xpos[inst][k]],
			    "is not yes or no");
}

static void
score_one(struct scorer *sc, struct record *r, int inst,
    struct score_result *res)
{
	const struct instrument *in = &sc->set.inst[inst];
	struct item_val items[INSTR_MAX_ITEMS + 1];
	struct extras ex;
	bool yesno = in->kind == INSTR_CSSRS;

	memset(&ex, 0, sizeof(ex));
	for (int k = 1; k <= in->items; k++) {
		int p = sc->pos[inst][k];

		items[k] = read_item(p >= 0 ? &r->f[p] : NULL, yesno);
	}
	for (int k = 0; k < 2; k++) {
		int p = sc->xpos[inst][k];

		if (p >= 0) {
			ex.present[k] = true;
			ex.val[k] = read_item(&r->f[p], true);
		}
	}
	instrument_score(in, items, &ex, sc->coding, res);
	if (res->status == ST_INVALID || ex.present[0] || ex.present[1])
		flag_problems(sc, r, inst, res);
}

static void
put_col(struct record *r, size_t at, const char *name, enum col_kind k,
    const struct score_result *res)
{
	switch (k) {
	case COL_TOTAL:
		if (res->has_total)
			record_set_int(r, at, name, res->total);
		else
			record_set_null(r, at, name);
		break;
	case COL_BAND:
		if (res->band != NULL)	/* the set outlives every record */
			record_set_static(r, at, name, res->band);
		else
			record_set_null(r, at, name);
		break;
	case COL_STATUS:
		record_set_static(r, at, name, score_status_name(res->status));
		break;
	case COL_RISK:
		if (res->risk != RISK_EMPTY)
			record_set_static(r, at, name, risk_name(res->risk));
		else
			record_set_null(r, at, name);
		break;
	case COL_CASENESS:
		if (res->caseness >= 0)
			record_set_static(r, at, name,
			    res->caseness ? "yes" : "no");
		else
			record_set_null(r, at, name);
		break;
	case COL_PERCENT:
		if (res->has_percent)
			record_set_int(r, at, name, res->percent);
		else
			record_set_null(r, at, name);
		break;
	}
}

int
scorer_apply(struct scorer *sc, struct record *r, bool from_csv, char *why,
    size_t whylen)
{
	struct score_result res[INSTR_MAX];
	bool insufficient = false;

	if (!sc->bound || sc->schema != r->schema || sc->nbound != r->n)
		bind(sc, r);
	if (sc->dup[0] != '\0') {
		snprintf(why, whylen, "%s", sc->dup);
		return from_csv ? -1 : 1;
	}
	if (sc->nstrays > 0)
		flag_strays(sc, r);
	for (int k = 0; k < sc->nactive; k++) {
		int i = sc->order[k];

		score_one(sc, r, i, &res[i]);
		insufficient |= res[i].status == ST_INSUFFICIENT;
	}
	sc->insufficient += insufficient;
	addcols_bind(&sc->add, r);
	for (size_t k = 0; k < sc->ncols; k++)
		put_col(r, sc->add.pos[k], sc->cols[k],
		    (enum col_kind)sc->col_kind[k], &res[sc->col_inst[k]]);
	return 0;
}

/* ---- ipt-score as a filter ---- */

static int
filter_configure(void *ctx, const struct colnames *cols, char *err,
    size_t errlen)
{
	struct scorer *sc = ctx;

	if (scorer_configure(sc, cols, err, errlen) != 0)
		return -1;
	if (scorer_count(sc) == 0)
		diag_note("no instrument items found; records passed through "
		    "unchanged");
	return 0;
}

static void
filter_header(void *ctx, struct writer *w, const struct colnames *cols)
{
	writer_csv_header(w, cols, scorer_columns(ctx));
}

static int
filter_apply(void *ctx, struct record *r, bool from_csv, char *why,
    size_t whylen)
{
	return scorer_apply(ctx, r, from_csv, why, whylen);
}

void
scorer_filter(struct scorer *sc, struct filter *f)
{
	f->configure = filter_configure;
	f->csv_header = filter_header;
	f->apply = filter_apply;
	f->ctx = sc;
	f->out_fd = 1;
}
