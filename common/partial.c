/* SPDX-License-Identifier: MIT */
/*
 * partial.c - ipt-report --partial and --merge: see partial.h for the
 * record format.
 *
 * Writing walks the caseload in id order.  Reading takes the record's
 * top-level fields as the stream layer typed them and parses the nested
 * ones (VK_RAW, compact JSON printed by json.c) with cJSON, under the
 * default allocator (json.c installs its arena only around its own
 * parse).  A record is validated completely before anything is merged,
 * so a rejected record leaves the caseload as it was.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "json.h"
#include "partial.h"
#include "report.h"
#include "utf8.h"
#include "value.h"
#include "xalloc.h"


/* The trajectory's measures: phq9 and phqa (struct rep_traj_rec). */
#define TRAJ_SCORE_MAX 27

/* Keys of the two kinds of record, in the order they are written. */
static const char *const patient_keys[] = {
	"ipt_report_partial", "as_of", "window", "inactive_days", "by",
	"id", "records", "attended", "first_date", "last_date",
	"last_record", "ended_yes", "end_date",
	"phq9", "phqa", "gad7", "wsas", "epds",	/* rep_measure_name() */
	"risk_key", "risk", "period_contacts", "period_ended", "traj",
	"tsum", "overflow", "by_values", NULL
};
static const char *const trailer_keys[] = {
	"ipt_report_partial", "as_of", "window", "inactive_days", "by",
	"trailer", "read", "future", "invalid", "used", "flagged",
	"reasons", NULL
};

/* ---- writing ---- */

static void
put_date(struct obuf *b, long d)
{
	char s[11];

	if (d == REP_NO_DATE) {
		obuf_puts(b, "null");
		return;
	}
	date_format(d, s);
	obuf_putc(b, '"');
	obuf_put(b, s, 10);
	obuf_putc(b, '"');
}

static void
put_session(struct obuf *b, long s)
{
	if (s == REP_NO_SESSION)
		obuf_puts(b, "null");
	else
		obuf_putll(b, s);
}

static void
put_bool(struct obuf *b, bool v)
{
	obuf_puts(b, v ? "true" : "false");
}

/* [D,s] */
static void
put_key(struct obuf *b, const struct rep_key *k)
{
	obuf_putc(b, '[');
	put_date(b, k->date);
	obuf_putc(b, ',');
	put_session(b, k->session);
	obuf_putc(b, ']');
}

/* [D,s,v] */
static void
put_scored(struct obuf *b, const struct rep_key *k, int v)
{
	obuf_putc(b, '[');
	put_date(b, k->date);
	obuf_putc(b, ',');
	put_session(b, k->session);
	obuf_putc(b, ',');
	obuf_putll(b, v);
	obuf_putc(b, ']');
}

static void
put_score_or_null(struct obuf *b, int v)
{
	if (v == REP_NO_SCORE)
		obuf_puts(b, "null");
	else
		obuf_putll(b, v);
}

static void
put_span(struct obuf *b, const struct rep_score_span *sp)
{
	if (sp->n == 0) {
		obuf_puts(b, "null");
		return;
	}
	obuf_puts(b, "{\"n\":");
	obuf_putll(b, sp->n);
	obuf_puts(b, ",\"first\":");
	put_scored(b, &sp->first_key, sp->first);
	obuf_puts(b, ",\"last\":");
	put_scored(b, &sp->last_key, sp->last);
	obuf_puts(b, ",\"prev\":");
	if (sp->prev == REP_NO_SCORE)
		obuf_puts(b, "null");
	else
		put_scored(b, &sp->prev_key, sp->prev);
	obuf_putc(b, '}');
}

static void
put_head(struct obuf *b, const struct partial_cfg *cfg)
{
	obuf_puts(b, "{\"ipt_report_partial\":");
	obuf_putll(b, PARTIAL_VERSION);
	obuf_puts(b, ",\"as_of\":");
	put_date(b, cfg->as_of);
	obuf_puts(b, ",\"window\":");
	obuf_putll(b, cfg->window);
	obuf_puts(b, ",\"inactive_days\":");
	obuf_putll(b, cfg->inactive_days);
	obuf_puts(b, ",\"by\":[");
	for (size_t k = 0; k < cfg->nby; k++) {
		if (k > 0)
			obuf_putc(b, ',');
		json_put_string(b, cfg->by[k], strlen(cfg->by[k]));
	}
	obuf_putc(b, ']');
}

static void
put_traj(struct obuf *b, const struct patient_state *s)
{
	obuf_puts(b, ",\"traj\":[");
	for (uint32_t i = 0; i < s->ntraj && i < REP_TRAJ_MAX; i++) {
		const struct rep_traj_rec *t = &s->traj[i];

		if (i > 0)
			obuf_putc(b, ',');
		obuf_putc(b, '[');
		put_date(b, t->date);
		obuf_putc(b, ',');
		put_bool(b, t->numbered != 0);
		obuf_putc(b, ',');
		put_score_or_null(b, t->score[0]);
		obuf_putc(b, ',');
		put_score_or_null(b, t->score[1]);
		obuf_putc(b, ']');
	}
	obuf_puts(b, "],\"tsum\":[");
	for (int k = 0, first = 1; k < REP_TRAJ_MAX; k++) {
		const struct rep_traj_sum *t = &s->tsum[k];

		if (t->n == 0 && t->sum == 0 && t->sq == 0)
			continue;
		if (!first)
			obuf_putc(b, ',');
		first = 0;
		obuf_putc(b, '[');
		obuf_putll(b, k + 1);
		obuf_putc(b, ',');
		obuf_putll(b, t->n);
		obuf_putc(b, ',');
		obuf_putll(b, t->sum);
		obuf_putc(b, ',');
		obuf_putll(b, t->sq);
		obuf_putc(b, ']');
	}
	obuf_putc(b, ']');
}

static void
put_patient(struct obuf *b, const struct caseload_entry *e,
    const struct partial_cfg *cfg)
{
	const struct patient_state *s = &e->st;

	put_head(b, cfg);
	obuf_puts(b, ",\"id\":");
	json_put_string(b, e->id, e->len);
	obuf_puts(b, ",\"records\":");
	obuf_putll(b, s->records);
	obuf_puts(b, ",\"attended\":");
	obuf_putll(b, s->attended);
	obuf_puts(b, ",\"first_date\":");
	put_date(b, s->first_date);
	obuf_puts(b, ",\"last_date\":");
	put_date(b, s->last_date);
	obuf_puts(b, ",\"last_record\":");
	put_date(b, s->last_record);
	obuf_puts(b, ",\"ended_yes\":");
	put_bool(b, s->ended_yes);
	obuf_puts(b, ",\"end_date\":");
	put_date(b, s->end_date);
	for (int m = 0; m < REP_MEASURES; m++) {
		obuf_puts(b, ",\"");
		obuf_puts(b, rep_measure_name((enum rep_measure)m));
		obuf_puts(b, "\":");
		put_span(b, &s->m[m]);
	}
	obuf_puts(b, ",\"risk_key\":");
	if (s->risk_key.date == REP_KEY_NO_DATE)
		obuf_puts(b, "null");
	else
		put_key(b, &s->risk_key);
	obuf_puts(b, ",\"risk\":[");
	for (int i = 0; i < REP_RISK_FIELDS; i++) {
		if (i > 0)
			obuf_putc(b, ',');
		if (s->risk[i] == REP_LVL_NONE) {
			obuf_puts(b, "null");
		} else {
			obuf_putc(b, '"');
			obuf_puts(b, rep_level_name(s->risk[i]));
			obuf_putc(b, '"');
		}
	}
	obuf_puts(b, "],\"period_contacts\":");
	obuf_putll(b, s->period_contacts);
	obuf_puts(b, ",\"period_ended\":");
	put_bool(b, s->period_ended);
	put_traj(b, s);
	obuf_puts(b, ",\"overflow\":");
	put_bool(b, s->overflow);
	obuf_puts(b, ",\"by_values\":[");
	for (size_t k = 0; k < cfg->nby; k++) {
		const struct cl_by *g = e->by != NULL ? &e->by[k] : NULL;

		if (k > 0)
			obuf_putc(b, ',');
		if (g == NULL || g->val == NULL) {
			obuf_puts(b, "null");
			continue;
		}
		obuf_putc(b, '[');
		json_put_string(b, g->val, g->len);
		obuf_putc(b, ',');
		put_date(b, g->key.date);
		obuf_putc(b, ',');
		put_session(b, g->key.session);
		obuf_putc(b, ']');
	}
	obuf_puts(b, "]}\n");
}

static void
put_trailer(struct obuf *b, const struct caseload_counts *c,
    const struct partial_cfg *cfg)
{
	put_head(b, cfg);
	obuf_puts(b, ",\"trailer\":true,\"read\":");
	obuf_putll(b, (long long)c->read);
	obuf_puts(b, ",\"future\":");
	obuf_putll(b, (long long)c->future);
	obuf_puts(b, ",\"invalid\":");
	obuf_putll(b, (long long)c->invalid);
	obuf_puts(b, ",\"used\":");
	obuf_putll(b, (long long)c->used);
	obuf_puts(b, ",\"flagged\":");
	obuf_putll(b, (long long)c->flagged);
	obuf_puts(b, ",\"reasons\":{");
	for (int k = 0; k < CL_NCOLS; k++) {
		const char *name = caseload_reason_name((enum cl_col)k);

		if (k > 0)
			obuf_putc(b, ',');
		json_put_string(b, name, strlen(name));
		obuf_putc(b, ':');
		obuf_putll(b, (long long)c->reason[k]);
	}
	obuf_puts(b, "}}\n");
}

int
partial_put(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, struct obuf *out)
{
	size_t n = caseload_sort(cl);

	for (size_t k = 0; k < n && out->err == 0; k++)
		put_patient(out, caseload_at(cl, k), cfg);
	put_trailer(out, c, cfg);
	return out->err ? -1 : 0;
}

int
partial_write(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, int fd)
{
	struct obuf b;
	int rc, err;

	obuf_init(&b, fd);
	rc = partial_put(cl, c, cfg, &b);
	if (obuf_close(&b, 0) < 0)
		rc = -1;
	err = b.err;
	if (rc < 0)
		errno = err ? err : EIO;
	return rc;
}

/* ---- reading: messages ---- */

#define TREES_MAX 16

/* One record being read. */
struct pctx {
	const struct record *r;
	const struct partial_cfg *cfg;
	cJSON *tree[TREES_MAX];	/* parsed nested fields, freed at the end */
	size_t ntree;
};

static void vfail(const struct pctx *x, const char *path, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));

static void
vfail(const struct pctx *x, const char *path, const char *fmt, va_list ap)
{
	const struct record *r = x->r;
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (path != NULL)
		diag_error("%s:%" PRIu64 ": record %" PRIu64 ": field '%s': %s",
		    r->file != NULL ? r->file : "<input>", r->line, r->recno,
		    path, msg);
	else
		diag_error("%s:%" PRIu64 ": record %" PRIu64 ": %s",
		    r->file != NULL ? r->file : "<input>", r->line, r->recno,
		    msg);
	diag_status(EXIT_DATA);
}

/* Report a fatal data error about field path (NULL: the record). */
static int fail(const struct pctx *x, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(const struct pctx *x, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(x, path, fmt, ap);
	va_end(ap);
	return -1;
}

static void
free_trees(struct pctx *x)
{
	for (size_t i = 0; i < x->ntree; i++)
		cJSON_Delete(x->tree[i]);
	x->ntree = 0;
}

/* ---- reading: top-level fields ---- */

static bool
num_in(double d, long long lo, long long hi, long long *out)
{
	if (!isfinite(d) || d != floor(d) || d < (double)lo || d > (double)hi)
		return false;
	*out = (long long)d;
	return true;
}

/* The field called name, or NULL after reporting that it is missing. */
static const struct field *
need(const struct pctx *x, const char *name)
{
	long i = record_find(x->r, name, strlen(name));

	if (i < 0) {
		fail(x, name, "is missing");
		return NULL;
	}
	return &x->r->f[i];
}

static int
f_int(const struct pctx *x, const char *name, long long lo, long long hi,
    long long *out)
{
	const struct field *f = need(x, name);

	if (f == NULL)
		return -1;
	if (f->kind != VK_NUM || !num_in(f->num, lo, hi, out))
		return fail(x, name, "is not an integer in %lld..%lld", lo, hi);
	return 0;
}

static int
f_long(const struct pctx *x, const char *name, long lo, long hi, long *out)
{
	long long v;

	if (f_int(x, name, lo, hi, &v) < 0)
		return -1;
	*out = (long)v;
	return 0;
}

static int
f_bool(const struct pctx *x, const char *name, bool *out)
{
	const struct field *f = need(x, name);

	if (f == NULL)
		return -1;
	if (f->kind != VK_TRUE && f->kind != VK_FALSE)
		return fail(x, name, "is not true or false");
	*out = f->kind == VK_TRUE;
	return 0;
}

/*
 * A date, or REP_NO_DATE for null when nullable.  A record's date
 * (dated) is on or before as-of.
 */
static int
f_date(const struct pctx *x, const char *name, bool nullable, bool dated,
    long *out)
{
	const struct field *f = need(x, name);

	if (f == NULL)
		return -1;
	if (nullable && f->kind == VK_NULL) {
		*out = REP_NO_DATE;
		return 0;
	}
	if (f->kind != VK_STR || !date_parse(f->val, f->len, out))
		return fail(x, name, nullable ? "is not a date (YYYY-MM-DD) "
		    "or null" : "is not a date (YYYY-MM-DD)");
	if (dated && *out > x->cfg->as_of)
		return fail(x, name, "is after as_of");
	return 0;
}

/*
 * A nested object or array, parsed; NULL for null when nullable.  The
 * tree is freed with the context.
 */
static int
f_json(struct pctx *x, const char *name, bool nullable, const cJSON **out)
{
	const struct field *f = need(x, name);
	const char *end = NULL;
	cJSON *t;

	if (f == NULL)
		return -1;
	*out = NULL;
	if (nullable && f->kind == VK_NULL)
		return 0;
	if (f->kind != VK_RAW)
		return fail(x, name, nullable ? "is not an array, an object or "
		    "null" : "is not an array or an object");
	if (x->ntree == TREES_MAX)
		diag_fatal(EXIT_INTERNAL, "partial: too many nested fields");
	t = cJSON_ParseWithLengthOpts(f->val, f->len + 1, &end, 1);
	if (t == NULL)
		return fail(x, name, "is not valid JSON");
	x->tree[x->ntree++] = t;
	*out = t;
	return 0;
}

/* ---- reading: nested values ---- */

/*
 * The n elements of array v into el[0..n), or -1 after reporting when
 * v is not an array of exactly n elements (at most n with atmost; *got
 * then holds the count).
 */
static int
j_tuple(const struct pctx *x, const char *path, const cJSON *v, size_t n,
    const cJSON **el, bool atmost, size_t *got)
{
	size_t k = 0;

	if (!cJSON_IsArray(v))
		return fail(x, path, "is not an array");
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		if (k == n)
			return fail(x, path, atmost ? "has more than %zu elements"
			    : "does not have %zu elements", n);
		el[k++] = c;
	}
	if (!atmost && k != n)
		return fail(x, path, "does not have %zu elements", n);
	if (got != NULL)
		*got = k;
	return 0;
}

static int
j_int(const struct pctx *x, const char *path, const cJSON *v, long long lo,
    long long hi, long long *out)
{
	if (!cJSON_IsNumber(v) || !num_in(v->valuedouble, lo, hi, out))
		return fail(x, path, "is not an integer in %lld..%lld", lo, hi);
	return 0;
}

/* A score 0..max, or REP_NO_SCORE for null when nullable. */
static int
j_score(const struct pctx *x, const char *path, const cJSON *v, int max,
    bool nullable, int *out)
{
	long long s;

	if (nullable && cJSON_IsNull(v)) {
		*out = REP_NO_SCORE;
		return 0;
	}
	if (!cJSON_IsNumber(v) || !num_in(v->valuedouble, 0, max, &s))
		return fail(x, path, nullable ? "is not an integer in 0..%d or "
		    "null" : "is not an integer in 0..%d", max);
	*out = (int)s;
	return 0;
}

/* A record's date: on or before as-of. */
static int
j_date(const struct pctx *x, const char *path, const cJSON *v, long *out)
{
	if (!cJSON_IsString(v) || !date_parse(v->valuestring,
	    strlen(v->valuestring), out))
		return fail(x, path, "is not a date (YYYY-MM-DD)");
	if (*out > x->cfg->as_of)
		return fail(x, path, "is after as_of");
	return 0;
}

static int
j_session(const struct pctx *x, const char *path, const cJSON *v, long *out)
{
	long long s;

	if (cJSON_IsNull(v)) {
		*out = REP_NO_SESSION;
		return 0;
	}
	if (!cJSON_IsNumber(v) || !num_in(v->valuedouble, 1,
	    REP_SESSION_MAX, &s))
		return fail(x, path, "is not a session number or null");
	*out = (long)s;
	return 0;
}

/*
 * A key's date and session (struct rep_key's 32-bit fields): the
 * elements at and at + 1 of the tuple at path, named so in messages;
 * at < 0: both named path.
 */
static int
j_keypart(const struct pctx *x, const char *path, int at, const cJSON *d,
    const cJSON *s, struct rep_key *k)
{
	char p[64];
	long date = 0, session = 0;

	snprintf(p, sizeof(p), at < 0 ? "%s" : "%s[%d]", path, at);
	if (j_date(x, p, d, &date) < 0)
		return -1;
	snprintf(p, sizeof(p), at < 0 ? "%s" : "%s[%d]", path, at + 1);
	if (j_session(x, p, s, &session) < 0)
		return -1;
	k->date = (int32_t)date;
	k->session = (int32_t)session;
	return 0;
}

/* [D,s]: a record's (date, session). */
static int
j_key(const struct pctx *x, const char *path, const cJSON *v,
    struct rep_key *k)
{
	const cJSON *el[2] = {NULL, NULL};

	if (j_tuple(x, path, v, 2, el, false, NULL) < 0)
		return -1;
	return j_keypart(x, path, 0, el[0], el[1], k);
}

/* [D,s,v]: a score 0..max with its record's key. */
static int
j_scored(const struct pctx *x, const char *path, const cJSON *v, int max,
    struct rep_key *k, int *score)
{
	const cJSON *el[3] = {NULL, NULL, NULL};
	char p[64];

	if (j_tuple(x, path, v, 3, el, false, NULL) < 0 ||
	    j_keypart(x, path, 0, el[0], el[1], k) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s[2]", path);
	return j_score(x, p, el[2], max, false, score);
}

/*
 * The members of object v named keys[0..n) into el; v has no other
 * member.  (The JSON layer rejects duplicate keys at every depth.)
 */
static int
j_object(const struct pctx *x, const char *path, const cJSON *v,
    const char *const *keys, size_t n, const cJSON **el)
{
	size_t members = 0;
	char p[64];

	if (!cJSON_IsObject(v))
		return fail(x, path, "is not an object");
	for (size_t k = 0; k < n; k++) {
		el[k] = cJSON_GetObjectItemCaseSensitive(v, keys[k]);
		if (el[k] == NULL) {
			snprintf(p, sizeof(p), "%s.%s", path, keys[k]);
			return fail(x, p, "is missing");
		}
	}
	for (const cJSON *c = v->child; c != NULL; c = c->next)
		members++;
	if (members != n)
		return fail(x, path, "has an unknown key");
	return 0;
}

/* ---- reading: the common head ---- */

/* names[0..n) joined with commas, cut to fit out. */
static void
join_names(const char *const *names, size_t n, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t k = 0; k < n && len + 1 < size; k++) {
		int w = snprintf(out + len, size - len, "%s%s", k ? "," : "",
		    names[k]);

		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (len >= size)
		len = utf8_cut(out, size - 1);
	out[len] = '\0';
}

static int
check_by(struct pctx *x)
{
	const struct partial_cfg *cfg = x->cfg;
	const cJSON *v;
	const char *got[16];
	char a[128], b[128];
	size_t n = 0;
	bool same = true;

	if (f_json(x, "by", false, &v) < 0)
		return -1;
	if (!cJSON_IsArray(v))
		return fail(x, "by", "is not an array");
	for (const cJSON *c = v->child; c != NULL; c = c->next, n++) {
		if (!cJSON_IsString(c))
			return fail(x, "by", "is not an array of column names");
		if (n < sizeof(got) / sizeof(got[0]))
			got[n] = c->valuestring;
		if (n >= cfg->nby || strcmp(c->valuestring, cfg->by[n]) != 0)
			same = false;
	}
	if (same && n == cfg->nby)
		return 0;
	join_names(got, n < 16 ? n : 16, a, sizeof(a));
	join_names(cfg->by, cfg->nby, b, sizeof(b));
	return fail(x, "by", "the partial was made with --by '%s', this run "
	    "has --by '%s'", a, b);
}

static int
check_head(struct pctx *x)
{
	const struct record *r = x->r;
	const struct partial_cfg *cfg = x->cfg;
	long i = record_find(r, "ipt_report_partial", 18);
	long long v;
	long d;
	char want[11], got[11];

	if (i < 0)
		return fail(x, NULL, "not an ipt-report partial record: no "
		    "'ipt_report_partial' field (--merge reads the output of "
		    "ipt-report --partial)");
	if (r->f[i].kind != VK_NUM || !num_in(r->f[i].num, 0, INT32_MAX, &v))
		return fail(x, "ipt_report_partial", "is not a version number");
	if (v != PARTIAL_VERSION)
		return fail(x, "ipt_report_partial", "partial format version "
		    "%lld is not supported (this ipt-report reads version %d)",
		    v, PARTIAL_VERSION);
	if (f_date(x, "as_of", false, false, &d) < 0)
		return -1;
	if (d != cfg->as_of) {
		date_format(d, got);
		date_format(cfg->as_of, want);
		return fail(x, "as_of", "the partial was made with --as-of %s, "
		    "this run has --as-of %s", got, want);
	}
	if (f_int(x, "window", -PARTIAL_COUNT_MAX, PARTIAL_COUNT_MAX, &v) < 0)
		return -1;
	if (v != cfg->window)
		return fail(x, "window", "the partial was made with --window "
		    "%lld, this run has --window %ld", v, cfg->window);
	if (f_int(x, "inactive_days", -PARTIAL_COUNT_MAX, PARTIAL_COUNT_MAX,
	    &v) < 0)
		return -1;
	if (v != cfg->inactive_days)
		return fail(x, "inactive_days", "the partial was made with "
		    "--inactive-days %lld, this run has --inactive-days %ld",
		    v, cfg->inactive_days);
	return check_by(x);
}

/* Every field of r is one of keys[]. */
static int
check_keys(const struct pctx *x, const char *const *keys)
{
	const struct record *r = x->r;

	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		bool known = false;

		for (size_t k = 0; keys[k] != NULL && !known; k++)
			known = strlen(keys[k]) == f->nlen &&
			    memcmp(keys[k], f->name, f->nlen) == 0;
		if (!known) {
			size_t n = f->nlen > 40 ? utf8_cut(f->name, 40) :
			    f->nlen;
			char name[48];

			memcpy(name, f->name, n);
			strcpy(name + n, f->nlen > n ? "..." : "");
			return fail(x, name, "is not a key of a partial record");
		}
	}
	return 0;
}

/* ---- reading: a patient record ---- */

static bool
in_dates(const struct patient_state *s, long d)
{
	return d >= s->first_date && d <= s->last_date;
}

static int
read_counts(struct pctx *x, struct patient_state *s)
{
	if (f_long(x, "records", 1, PARTIAL_COUNT_MAX, &s->records) < 0 ||
	    f_long(x, "attended", 0, s->records, &s->attended) < 0 ||
	    f_date(x, "first_date", true, true, &s->first_date) < 0 ||
	    f_date(x, "last_date", true, true, &s->last_date) < 0 ||
	    f_date(x, "last_record", false, true, &s->last_record) < 0 ||
	    f_bool(x, "ended_yes", &s->ended_yes) < 0 ||
	    f_date(x, "end_date", true, false, &s->end_date) < 0)
		return -1;
	if ((s->first_date == REP_NO_DATE) != (s->attended == 0))
		return fail(x, "first_date", "must be null exactly when "
		    "attended is 0");
	if ((s->last_date == REP_NO_DATE) != (s->attended == 0))
		return fail(x, "last_date", "must be null exactly when "
		    "attended is 0");
	if (s->attended > 0 && s->first_date > s->last_date)
		return fail(x, "last_date", "is before first_date");
	if (s->last_date > s->last_record)
		return fail(x, "last_record", "is before last_date");
	if (f_long(x, "period_contacts", 0, s->attended,
	    &s->period_contacts) < 0 ||
	    f_bool(x, "period_ended", &s->period_ended) < 0 ||
	    f_bool(x, "overflow", &s->overflow) < 0)
		return -1;
	return 0;
}

static int
read_span(struct pctx *x, struct patient_state *s, int m)
{
	static const char *const keys[] = {"n", "first", "last", "prev"};
	const char *name = rep_measure_name((enum rep_measure)m);
	struct rep_score_span *sp = &s->m[m];
	const cJSON *v, *el[4] = {NULL};
	long long n = 0;
	char p[64];

	if (f_json(x, name, true, &v) < 0)
		return -1;
	if (v == NULL)
		return 0;	/* no score: as patient_state_init() left it */
	if (j_object(x, name, v, keys, 4, el) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s.n", name);
	if (j_int(x, p, el[0], 1, s->attended, &n) < 0)
		return -1;
	sp->n = (long)n;
	snprintf(p, sizeof(p), "%s.first", name);
	if (j_scored(x, p, el[1], rep_total_max[m], &sp->first_key,
	    &sp->first) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s.last", name);
	if (j_scored(x, p, el[2], rep_total_max[m], &sp->last_key,
	    &sp->last) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s.prev", name);
	if (n == 1) {
		if (!cJSON_IsNull(el[3]))
			return fail(x, p, "must be null when n is 1");
		if (rep_scored_cmp(&sp->first_key, sp->first, &sp->last_key,
		    sp->last) != 0)
			return fail(x, name, "first and last differ with n 1");
	} else {
		if (cJSON_IsNull(el[3]))
			return fail(x, p, "is null with n above 1");
		if (j_scored(x, p, el[3], rep_total_max[m], &sp->prev_key,
		    &sp->prev) < 0)
			return -1;
		if (rep_scored_cmp(&sp->first_key, sp->first, &sp->prev_key,
		    sp->prev) > 0 || rep_scored_cmp(&sp->prev_key, sp->prev,
		    &sp->last_key, sp->last) > 0)
			return fail(x, name, "first, prev and last are out of "
			    "order");
	}
	if (rep_scored_cmp(&sp->first_key, sp->first, &sp->last_key,
	    sp->last) > 0)
		return fail(x, name, "first is after last");
	if (!in_dates(s, sp->first_key.date) ||
	    !in_dates(s, sp->last_key.date))
		return fail(x, name, "a score is dated outside first_date.."
		    "last_date");
	return 0;
}

/* A risk level name allowed in field i, or null. */
static int
j_level(const struct pctx *x, const char *path, const cJSON *v, int i,
    enum rep_level *out)
{
	unsigned allowed = rep_risk_levels((enum rep_risk_field)i);

	if (cJSON_IsNull(v)) {
		*out = REP_LVL_NONE;
		return 0;
	}
	if (cJSON_IsString(v))
		for (int l = REP_LVL_NONE + 1; l < REP_LEVELS; l++)
			if ((allowed & 1u << l) != 0 && strcmp(v->valuestring,
			    rep_level_name((enum rep_level)l)) == 0) {
				*out = (enum rep_level)l;
				return 0;
			}
	return fail(x, path, "is not a risk level of this field, nor null");
}

static int
read_risk(struct pctx *x, struct patient_state *s)
{
	const cJSON *v, *el[REP_RISK_FIELDS] = {NULL};
	bool any = false;
	char p[32];

	if (f_json(x, "risk_key", true, &v) < 0)
		return -1;
	if (v != NULL) {
		if (j_key(x, "risk_key", v, &s->risk_key) < 0)
			return -1;
		if (s->risk_key.date > s->last_record)
			return fail(x, "risk_key", "is after last_record");
	}
	if (f_json(x, "risk", false, &v) < 0 ||
	    j_tuple(x, "risk", v, REP_RISK_FIELDS, el, false, NULL) < 0)
		return -1;
	for (int i = 0; i < REP_RISK_FIELDS; i++) {
		snprintf(p, sizeof(p), "risk[%d]", i);
		if (j_level(x, p, el[i], i, &s->risk[i]) < 0)
			return -1;
		any = any || s->risk[i] != REP_LVL_NONE;
	}
	if (any != (s->risk_key.date != REP_KEY_NO_DATE))
		return fail(x, "risk", any ? "has a level without risk_key" :
		    "has no level with a risk_key");
	return 0;
}

static int
read_traj(struct pctx *x, struct patient_state *s)
{
	const cJSON *v, *el[REP_TRAJ_MAX] = {NULL}, *t[4] = {NULL};
	size_t n = 0;
	long want = s->attended < REP_TRAJ_MAX ? s->attended : REP_TRAJ_MAX;
	char p[32];

	if (f_json(x, "traj", false, &v) < 0 ||
	    j_tuple(x, "traj", v, REP_TRAJ_MAX, el, true, &n) < 0)
		return -1;
	if ((long)n != want)
		return fail(x, "traj", "does not hold the first %ld attended "
		    "records", want);
	for (size_t i = 0; i < n; i++) {
		struct rep_traj_rec *r = &s->traj[i];
		long d = 0;
		int sc[2] = {0, 0};

		snprintf(p, sizeof(p), "traj[%zu]", i);
		if (j_tuple(x, p, el[i], 4, t, false, NULL) < 0)
			return -1;
		if (j_date(x, p, t[0], &d) < 0)
			return -1;
		if (!in_dates(s, d))
			return fail(x, p, "is dated outside first_date.."
			    "last_date");
		if (!cJSON_IsBool(t[1]))
			return fail(x, p, "has no true or false second");
		if (j_score(x, p, t[2], TRAJ_SCORE_MAX, true, &sc[0]) < 0 ||
		    j_score(x, p, t[3], TRAJ_SCORE_MAX, true, &sc[1]) < 0)
			return -1;
		r->date = (int32_t)d;
		r->numbered = cJSON_IsTrue(t[1]) ? 1 : 0;
		r->score[0] = (int8_t)sc[0];
		r->score[1] = (int8_t)sc[1];
		if (i > 0 && rep_traj_cmp(&s->traj[i - 1], r) > 0)
			return fail(x, p, "is out of order");
	}
	s->ntraj = (uint32_t)n;
	return 0;
}

static int
read_tsum(struct pctx *x, struct patient_state *s)
{
	const cJSON *v, *el[REP_TRAJ_MAX] = {NULL}, *t[4] = {NULL};
	size_t n = 0;
	long long prev = 0, total = 0;
	long dep_n = s->m[REP_PHQ9].n > 0 ? s->m[REP_PHQ9].n :
	    s->m[REP_PHQA].n;
	char p[32];

	if (f_json(x, "tsum", false, &v) < 0 ||
	    j_tuple(x, "tsum", v, REP_TRAJ_MAX, el, true, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		long long k = 0, a[3] = {0, 0, 0};

		snprintf(p, sizeof(p), "tsum[%zu]", i);
		if (j_tuple(x, p, el[i], 4, t, false, NULL) < 0 ||
		    j_int(x, p, t[0], 1, REP_TRAJ_MAX, &k) < 0)
			return -1;
		if (k <= prev)
			return fail(x, p, "is out of order");
		prev = k;
		for (int j = 0; j < 3; j++)
			if (j_int(x, p, t[j + 1], 0, UINT32_MAX, &a[j]) < 0)
				return -1;
		if (a[0] == 0 && a[1] == 0 && a[2] == 0)
			return fail(x, p, "is all zero");
		/*
		 * Scores 0..27: sum <= 27 n, v^2 <= 27 v, and (Cauchy-Schwarz)
		 * sum^2 <= n sq.  Products of values below 2^32 fit.
		 */
		if (!s->overflow && (a[0] == 0 || a[1] > TRAJ_SCORE_MAX * a[0] ||
		    a[2] > TRAJ_SCORE_MAX * a[1] ||
		    (uint64_t)a[1] * (uint64_t)a[1] >
		    (uint64_t)a[0] * (uint64_t)a[2]))
			return fail(x, p, "holds impossible sums");
		total += a[0];
		s->tsum[k - 1].n = (uint32_t)a[0];
		s->tsum[k - 1].sum = (uint32_t)a[1];
		s->tsum[k - 1].sq = (uint32_t)a[2];
	}
	/* The sums are of dep scores: phq9's if any, else phqa's. */
	if (!s->overflow && total > dep_n)
		return fail(x, "tsum", "counts more scores than the patient's "
		    "dep n");
	return 0;
}

/* A group value as read: val points into a parsed tree. */
struct gval {
	const char *val;	/* NULL: none */
	size_t len;
	struct rep_key key;
};

/* The patient's group values, one per --by column. */
static int
read_by_values(struct pctx *x, struct gval *g)
{
	size_t nby = x->cfg->nby, k = 0;
	const cJSON *v, *t[3] = {NULL, NULL, NULL};
	char p[48];

	if (f_json(x, "by_values", false, &v) < 0)
		return -1;
	if (!cJSON_IsArray(v))
		return fail(x, "by_values", "is not an array");
	for (const cJSON *c = v->child; c != NULL; c = c->next, k++) {
		const char *s;
		size_t len;

		snprintf(p, sizeof(p), "by_values[%zu]", k);
		if (k >= nby)
			return fail(x, "by_values", "has more than %zu elements",
			    nby);
		g[k].val = NULL;
		if (cJSON_IsNull(c))
			continue;
		if (j_tuple(x, p, c, 3, t, false, NULL) < 0)
			return -1;
		if (!cJSON_IsString(t[0]))
			return fail(x, p, "has no value string first");
		s = t[0]->valuestring;
		len = strlen(s);
		if (len == 0 || s[0] == ' ' || s[0] == '\t' ||
		    s[len - 1] == ' ' || s[len - 1] == '\t')
			return fail(x, p, "has a value that is empty or not "
			    "trimmed");
		if (j_keypart(x, p, -1, t[1], t[2], &g[k].key) < 0)
			return -1;
		g[k].val = s;
		g[k].len = len;
	}
	if (k != nby)
		return fail(x, "by_values", "does not have %zu elements", nby);
	return 0;
}

/* a + b <= PARTIAL_COUNT_MAX, both non-negative. */
static bool
fits(long a, long b)
{
	return a <= PARTIAL_COUNT_MAX - b;
}

static int
check_room(const struct pctx *x, const struct patient_state *into,
    const struct patient_state *s)
{
	bool ok = fits(into->records, s->records) &&
	    fits(into->attended, s->attended) &&
	    fits(into->period_contacts, s->period_contacts);

	for (int m = 0; m < REP_MEASURES; m++)
		ok = ok && fits(into->m[m].n, s->m[m].n);
	if (!ok)
		return fail(x, "records", "the patient's merged counts exceed "
		    "%ld", (long)PARTIAL_COUNT_MAX);
	return 0;
}

static int
merge_patient(struct pctx *x, struct caseload *cl)
{
	const struct field *idf = need(x, "id");
	struct patient_state s;
	struct gval *g;
	struct patient_state *old;
	struct caseload_entry *e;
	const char *t;
	size_t tn = 0;
	int rc = -1;

	if (idf == NULL)
		return -1;
	if (idf->kind != VK_STR)
		return fail(x, "id", "is not a string");
	value_trim(idf, &t, &tn);
	if (tn == 0)
		return fail(x, "id", "is empty");
	patient_state_init(&s);
	g = xcalloc(x->cfg->nby, sizeof(*g));
	if (read_counts(x, &s) < 0)
		goto out;
	for (int m = 0; m < REP_MEASURES; m++)
		if (read_span(x, &s, m) < 0)
			goto out;
	if (read_risk(x, &s) < 0 || read_traj(x, &s) < 0 ||
	    read_tsum(x, &s) < 0 || read_by_values(x, g) < 0)
		goto out;
	old = caseload_find(cl, idf->val, idf->len);
	if (old != NULL && check_room(x, old, &s) < 0)
		goto out;
	e = caseload_entry_get(cl, idf->val, idf->len);
	patient_state_merge(&e->st, &s);
	for (size_t k = 0; k < x->cfg->nby; k++)
		if (g[k].val != NULL)
			caseload_by_update(cl, e, k, g[k].val, g[k].len,
			    &g[k].key);
	rc = 0;
out:
	free(g);
	return rc;
}

/* ---- reading: the trailer ---- */

static int
merge_trailer(struct pctx *x, struct caseload_counts *c)
{
	static const char *const names[] = {
		"read", "future", "invalid", "used", "flagged"
	};
	const struct field *f = need(x, "trailer");
	struct caseload_counts t;
	uint64_t *dst[] = {&t.read, &t.future, &t.invalid, &t.used,
	    &t.flagged};
	uint64_t *sum[] = {&c->read, &c->future, &c->invalid, &c->used,
	    &c->flagged};
	const cJSON *v, *el[CL_NCOLS] = {NULL};
	const char *keys[CL_NCOLS];
	long long n;
	char p[64];

	if (f == NULL)
		return -1;
	if (f->kind != VK_TRUE)
		return fail(x, "trailer", "is not true");
	for (int i = 0; i < 5; i++) {
		if (f_int(x, names[i], 0, PARTIAL_COUNT_MAX, &n) < 0)
			return -1;
		*dst[i] = (uint64_t)n;
	}
	if (t.future + t.invalid > t.read ||
	    t.used != t.read - t.future - t.invalid)
		return fail(x, "used", "is not read - future - invalid");
	if (t.flagged > t.read)
		return fail(x, "flagged", "is above read");
	for (int k = 0; k < CL_NCOLS; k++)
		keys[k] = caseload_reason_name((enum cl_col)k);
	if (f_json(x, "reasons", false, &v) < 0 ||
	    j_object(x, "reasons", v, keys, CL_NCOLS, el) < 0)
		return -1;
	for (int k = 0; k < CL_NCOLS; k++) {
		snprintf(p, sizeof(p), "reasons.%s", keys[k]);
		if (j_int(x, p, el[k], 0, (long long)t.read, &n) < 0)
			return -1;
		t.reason[k] = (uint64_t)n;
	}
	for (int i = 0; i < 5; i++)
		if (*sum[i] > PARTIAL_COUNT_MAX - *dst[i])
			return fail(x, names[i], "the merged count exceeds %ld",
			    (long)PARTIAL_COUNT_MAX);
	for (int k = 0; k < CL_NCOLS; k++)
		if (c->reason[k] > PARTIAL_COUNT_MAX - t.reason[k])
			return fail(x, "reasons", "a merged count exceeds %ld",
			    (long)PARTIAL_COUNT_MAX);
	for (int i = 0; i < 5; i++)
		*sum[i] += *dst[i];
	for (int k = 0; k < CL_NCOLS; k++)
		c->reason[k] += t.reason[k];
	return 0;
}

int
partial_merge_record(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, struct record *r)
{
	struct pctx x = {.r = r, .cfg = cfg, .ntree = 0};
	bool trailer = record_find(r, "trailer", 7) >= 0;
	int rc;

	if (cl->nby != cfg->nby)
		diag_fatal(EXIT_INTERNAL, "partial: the caseload's --by "
		    "columns differ from the merge's");
	if (check_head(&x) < 0)
		rc = -1;
	else if (trailer && record_find(r, "id", 2) >= 0)
		rc = fail(&x, NULL, "a partial record has 'id' or 'trailer', "
		    "not both");
	else if (check_keys(&x, trailer ? trailer_keys : patient_keys) < 0)
		rc = -1;
	else
		rc = trailer ? merge_trailer(&x, c) : merge_patient(&x, cl);
	free_trees(&x);
	return rc;
}

int
partial_merge_finish(const struct caseload *cl,
    const struct caseload_counts *c)
{
	uint64_t records = 0;

	for (size_t k = 0; k < cl->n; k++)
		records += (uint64_t)cl->e[k].st.records;
	if (records == c->used)
		return 0;
	diag_error("partial input is incomplete: its patient records hold "
	    "%" PRIu64 " records, its trailers count %" PRIu64 " used (a "
	    "partial cut short, or one without its trailer?)", records,
	    c->used);
	diag_status(EXIT_DATA);
	return -1;
}
