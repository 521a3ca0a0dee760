/* SPDX-License-Identifier: MIT */
/*
 * test_partial.c - ipt-report --partial / --merge (ipt-report.md
 * section 8): a caseload written as a partial and read back through the
 * stream layer is the same caseload; partials of random splits of the
 * records, merged in any order (also as JSON arrays, and partials of
 * merged partials), give the caseload and counts of the unsplit records
 * and byte-identical partials; mismatched options, foreign records and
 * malformed fields are fatal data errors (exit 65) naming the record and
 * the field, and leave the caseload as it was.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caseload.h"
#include "date.h"
#include "diag.h"
#include "json.h"
#include "partial.h"
#include "report.h"
#include "stream.h"
#include "tmpfd.h"
#include "state_eq.h"
#include "unit.h"

static long as_of;		/* 2026-03-01 */
static const char *const by2[] = {"site", "focal"};

/* ---- generated session records ---- */

enum {
	C_ID, C_DATE, C_SESSION, C_ATTENDED, C_PHQ9, C_PHQA, C_GAD7, C_WSAS,
	C_EPDS, C_PHQ9R, C_PHQAR, C_EPDSR, C_CSSRSR, C_ENDED, C_END_DATE,
	C_SITE, C_FOCAL, NCOLS
};

static const char *const colname[NCOLS] = {
	"id", "date", "session", "attended", "phq9_total", "phqa_total",
	"gad7_total", "wsas_total", "epds_total", "phq9_risk", "phqa_risk",
	"epds_risk", "cssrs_risk", "ended", "end_date", "site", "focal"
};

struct srec {
	char v[NCOLS][24];
};

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* xorshift64*: deterministic across platforms. */
static uint32_t
rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717u) >> 33) % n;
}

static void
put_day(char *out, long d)
{
	date_format(d, out);
}

static void
gen_total(char *out, int max)
{
	uint32_t p = rnd(100);

	if (p < 45)
		out[0] = '\0';
	else if (p < 49)
		snprintf(out, 24, "%d", max + 1 + (int)rnd(50));
	else
		snprintf(out, 24, "%u", rnd((uint32_t)max + 1));
}

static void
gen_risk(char *out, bool cssrs)
{
	static const char *const plain[] = {"positive", "not_endorsed",
	    "unknown", "bogus"};
	static const char *const cs[] = {"high", "moderate", "low",
	    "not_endorsed", "unknown", "bogus"};
	uint32_t p = rnd(100);

	if (p < 60)
		out[0] = '\0';
	else if (cssrs)
		snprintf(out, 24, "%s", cs[rnd(6)]);
	else
		snprintf(out, 24, "%s", plain[rnd(4)]);
}

static void
gen(struct srec *s, int npatients)
{
	static const char *const sites[] = {"A", "B", " B ", "C", ""};
	static const char *const focal[] = {"grief", "role dispute",
	    "transition", "deficits", "", ""};
	static const int max[5] = {27, 27, 21, 40, 30};
	uint32_t p = rnd(100);

	memset(s, 0, sizeof(*s));
	if (p < 4)
		s->v[C_ID][0] = '\0';
	else if (p < 6)
		snprintf(s->v[C_ID], 24, "  ");
	else if (p < 8)
		snprintf(s->v[C_ID], 24, "Zo\xc3\xab \"q\"");
	else
		snprintf(s->v[C_ID], 24, "P%u", rnd((uint32_t)npatients));
	p = rnd(100);
	if (p < 3)
		snprintf(s->v[C_DATE], 24, "2026-02-30");
	else if (p < 5)
		s->v[C_DATE][0] = '\0';
	else if (p < 9)
		put_day(s->v[C_DATE], as_of + 1 + (long)rnd(5));
	else
		put_day(s->v[C_DATE], as_of - 3 * (long)rnd(30));
	p = rnd(100);
	if (p < 30)
		s->v[C_SESSION][0] = '\0';
	else if (p < 34)
		snprintf(s->v[C_SESSION], 24, p < 32 ? "0" : "x");
	else
		snprintf(s->v[C_SESSION], 24, "%u", 1 + rnd(20));
	p = rnd(100);
	snprintf(s->v[C_ATTENDED], 24, "%s", p < 60 ? "" : p < 80 ? "yes" :
	    p < 95 ? "no" : "maybe");
	for (int m = 0; m < 5; m++)
		gen_total(s->v[C_PHQ9 + m], max[m]);
	for (int i = 0; i < 4; i++)
		gen_risk(s->v[C_PHQ9R + i], i == 3);
	p = rnd(100);
	snprintf(s->v[C_ENDED], 24, "%s", p < 85 ? "" : p < 93 ? "no" :
	    p < 98 ? "y" : "perhaps");
	p = rnd(100);
	if (p < 92)
		s->v[C_END_DATE][0] = '\0';
	else if (p < 97)
		put_day(s->v[C_END_DATE], as_of - (long)rnd(100));
	else if (p < 99)
		put_day(s->v[C_END_DATE], as_of + 10);
	else
		snprintf(s->v[C_END_DATE], 24, "soon");
	snprintf(s->v[C_SITE], 24, "%s", sites[rnd(5)]);
	snprintf(s->v[C_FOCAL], 24, "%s", focal[rnd(6)]);
}

static struct record *
to_record(struct record *r, const struct srec *s, uint64_t recno)
{
	record_clear(r);
	for (int c = 0; c < NCOLS; c++)
		record_add(r, colname[c], strlen(colname[c]), true, s->v[c],
		    strlen(s->v[c]), VK_CSV, 0);
	r->schema = 42;
	r->file = "gen.csv";
	r->recno = recno;
	r->line = recno + 1;
	r->flagged = false;
	return r;
}

/* ---- caseloads ---- */

static struct partial_cfg
cfg_of(size_t nby)
{
	struct partial_cfg cfg = {as_of, 7, 28, by2, nby};

	return cfg;
}

static void
cl_start(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg)
{
	caseload_init(cl, NULL);
	caseload_set_period(cl, cfg->as_of - cfg->window + 1, cfg->as_of);
	caseload_set_by(cl, cfg->by, cfg->nby);
	memset(c, 0, sizeof(*c));
}

/* Fold recs[idx[0..n)] into a fresh caseload. */
static void
cl_build(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, const struct srec *recs,
    const size_t *idx, size_t n)
{
	struct record r;

	record_init(&r);
	cl_start(cl, c, cfg);
	for (size_t k = 0; k < n; k++)
		caseload_add_record(cl, to_record(&r, &recs[idx[k]], k + 1),
		    cfg->as_of, c);
	record_release(&r);
}

static bool
by_eq(const struct caseload_entry *a, const struct caseload_entry *b,
    size_t nby)
{
	for (size_t k = 0; k < nby; k++) {
		const struct cl_by *x = a->by ? &a->by[k] : NULL;
		const struct cl_by *y = b->by ? &b->by[k] : NULL;
		bool hx = x != NULL && x->val != NULL;
		bool hy = y != NULL && y->val != NULL;

		if (hx != hy)
			return false;
		if (hx && (x->len != y->len || memcmp(x->val, y->val,
		    x->len) != 0 || !key_eq(&x->key, &y->key)))
			return false;
	}
	return true;
}

static bool
counts_eq(const struct caseload_counts *a, const struct caseload_counts *b)
{
	if (a->read != b->read || a->future != b->future ||
	    a->invalid != b->invalid || a->used != b->used ||
	    a->flagged != b->flagged)
		return false;
	for (int k = 0; k < CL_NCOLS; k++)
		if (a->reason[k] != b->reason[k])
			return false;
	return true;
}

/* Same patients (ids, states, group values). */
static bool
caseload_eq(struct caseload *a, struct caseload *b, size_t nby)
{
	size_t n = caseload_sort(a);

	if (caseload_sort(b) != n)
		return false;
	for (size_t k = 0; k < n; k++) {
		const struct caseload_entry *x = caseload_at(a, k);
		const struct caseload_entry *y = caseload_at(b, k);

		if (x->len != y->len || memcmp(x->id, y->id, x->len) != 0 ||
		    !state_eq(&x->st, &y->st) || !by_eq(x, y, nby))
			return false;
	}
	return true;
}

/* ---- files ---- */

#define MAXFILES 8

struct files {
	char path[MAXFILES][32];
	char *name[MAXFILES];
	int n;
};

static void
files_add(struct files *f, const char *text, size_t len)
{
	char *p = f->path[f->n];
	int fd;

	snprintf(p, 32, "/tmp/ipt-partial.XXXXXX");
	fd = mkstemp(p);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	if (write(fd, text, len) != (ssize_t)len) {
		perror("write");
		exit(2);
	}
	close(fd);
	f->name[f->n] = p;
	f->n++;
}

static void
files_clear(struct files *f)
{
	for (int i = 0; i < f->n; i++)
		unlink(f->path[i]);
	f->n = 0;
}

/* The partial of cl and c as text (caller frees). */
static char *
partial_text(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, size_t *len)
{
	int fd = tmp_fd();
	char *t;

	if (partial_write(cl, c, cfg, fd) != 0) {
		perror("partial_write");
		exit(2);
	}
	t = slurp(fd, len);
	close(fd);
	return t;
}

/* Capture what goes to stderr between these two calls. */
static int saved_err = -1, cap_fd = -1;

static void
capture_start(void)
{
	fflush(stderr);
	cap_fd = tmp_fd();
	saved_err = dup(2);
	dup2(cap_fd, 2);
}

static char *
capture_end(void)
{
	size_t n;
	char *t;

	fflush(stderr);
	dup2(saved_err, 2);
	close(saved_err);
	t = slurp(cap_fd, &n);
	close(cap_fd);
	return t;
}

/*
 * Merge the files f into cl and c (already started) through the stream
 * layer, as --merge does: stop at the first failure.  Returns 0, or -1.
 */
static int
merge_files(struct files *f, struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, bool finish)
{
	struct stream s;
	struct stream_opts o = {FMT_NONE, ',', false, NULL};
	struct record *r;
	int rc = 0, got;

	if (stream_open(&s, f->name, f->n, &o) != 0)
		return -1;
	while ((got = stream_next(&s, &r)) == 1)
		if (partial_merge_record(cl, c, cfg, r) != 0) {
			rc = -1;
			break;
		}
	if (got < 0)
		rc = -1;
	stream_close(&s);
	if (rc == 0 && finish)
		rc = partial_merge_finish(cl, c);
	return rc;
}

/* Merge one text into cl and c; *err gets stderr (caller frees). */
static int
merge_text(const char *text, struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, char **err)
{
	struct files f = {.n = 0};
	int rc;

	files_add(&f, text, strlen(text));
	diag_reset();
	capture_start();
	rc = merge_files(&f, cl, c, cfg, true);
	*err = capture_end();
	files_clear(&f);
	return rc;
}

/* ---- tests ---- */

#define NRECS 400

static struct srec recs[NRECS];

/* The whole set once, written and read back. */
static void
test_roundtrip(size_t nby)
{
	struct partial_cfg cfg = cfg_of(nby);
	struct caseload a, b;
	struct caseload_counts ca, cb;
	size_t idx[NRECS], la, lb;
	struct files f = {.n = 0};
	char *ta, *tb;

	for (size_t k = 0; k < NRECS; k++)
		idx[k] = k;
	cl_build(&a, &ca, &cfg, recs, idx, NRECS);
	CHECK(caseload_size(&a) > 5);
	CHECK(ca.future > 0 && ca.invalid > 0 && ca.flagged > 0);
	ta = partial_text(&a, &ca, &cfg, &la);
	files_add(&f, ta, la);
	cl_start(&b, &cb, &cfg);
	diag_reset();
	CHECK_INT(merge_files(&f, &b, &cb, &cfg, true), 0);
	CHECK_INT(diag_exit_status(), 0);
	CHECK(caseload_eq(&a, &b, nby));
	CHECK(counts_eq(&ca, &cb));
	tb = partial_text(&b, &cb, &cfg, &lb);
	CHECK(la == lb && memcmp(ta, tb, la) == 0);
	files_clear(&f);

	/* The same partial as a JSON array. */
	{
		size_t n = 0, cap = la * 2 + 8;
		char *arr = malloc(cap);
		struct caseload d;
		struct caseload_counts cd;

		if (arr == NULL)
			exit(2);
		arr[n++] = '[';
		for (size_t i = 0; i < la; i++) {
			if (ta[i] == '\n' && i + 1 < la)
				arr[n++] = ',';
			arr[n++] = ta[i];
		}
		arr[n++] = ']';
		arr[n++] = '\n';
		files_add(&f, arr, n);
		cl_start(&d, &cd, &cfg);
		CHECK_INT(merge_files(&f, &d, &cd, &cfg, true), 0);
		CHECK(caseload_eq(&a, &d, nby));
		CHECK(counts_eq(&ca, &cd));
		files_clear(&f);
		caseload_release(&d);
		free(arr);
	}
	free(ta);
	free(tb);
	caseload_release(&a);
	caseload_release(&b);
}

static void
shuffle(size_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd((uint32_t)i), t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Random splits into 2-4 parts, merged in a shuffled order. */
static void
test_splits(size_t nby, int nsplits)
{
	struct partial_cfg cfg = cfg_of(nby);
	struct caseload whole, part, merged;
	struct caseload_counts cw, cp, cm;
	size_t all[NRECS], len, lw, fails = 0;
	char *tw;

	for (size_t k = 0; k < NRECS; k++)
		all[k] = k;
	cl_build(&whole, &cw, &cfg, recs, all, NRECS);
	tw = partial_text(&whole, &cw, &cfg, &lw);
	for (int s = 0; s < nsplits; s++) {
		size_t k = 2 + rnd(3), order[4];
		size_t idx[4][NRECS], n[4] = {0, 0, 0, 0};
		struct files f = {.n = 0};
		char *t;
		bool ok;

		/* Each record to a random part, in a shuffled order. */
		shuffle(all, NRECS);
		for (size_t i = 0; i < NRECS; i++) {
			size_t p = rnd((uint32_t)k);

			idx[p][n[p]++] = all[i];
		}
		for (size_t p = 0; p < k; p++) {
			cl_build(&part, &cp, &cfg, recs, idx[p], n[p]);
			t = partial_text(&part, &cp, &cfg, &len);
			files_add(&f, t, len);
			free(t);
			caseload_release(&part);
			order[p] = p;
		}
		/* Merge in a shuffled order of the files. */
		shuffle(order, k);
		{
			struct files g = {.n = (int)k};

			for (size_t p = 0; p < k; p++)
				g.name[p] = f.name[order[p]];
			cl_start(&merged, &cm, &cfg);
			ok = merge_files(&g, &merged, &cm, &cfg, true) == 0;
		}
		ok = ok && caseload_eq(&whole, &merged, nby) &&
		    counts_eq(&cw, &cm);
		t = partial_text(&merged, &cm, &cfg, &len);
		ok = ok && len == lw && memcmp(t, tw, lw) == 0;
		free(t);
		caseload_release(&merged);

		/*
		 * Associativity: the partial of the first two parts merged,
		 * then merged with the others.
		 */
		cl_start(&merged, &cm, &cfg);
		{
			struct files g = {.n = 2};
			struct files h = {.n = 0};

			g.name[0] = f.name[0];
			g.name[1] = f.name[1];
			ok = merge_files(&g, &merged, &cm, &cfg, true) == 0 && ok;
			t = partial_text(&merged, &cm, &cfg, &len);
			caseload_release(&merged);
			files_add(&h, t, len);
			free(t);
			for (size_t p = 2; p < k; p++)
				h.name[h.n++] = f.name[p];
			cl_start(&merged, &cm, &cfg);
			ok = merge_files(&h, &merged, &cm, &cfg, true) == 0 && ok;
			h.n = 1;
			files_clear(&h);
		}
		ok = ok && caseload_eq(&whole, &merged, nby) &&
		    counts_eq(&cw, &cm);
		caseload_release(&merged);
		files_clear(&f);
		if (!ok)
			fails++;
		CHECKF(ok, "split %d into %zu parts (nby %zu)", s, k, nby);
	}
	CHECK_INT(fails, 0);
	free(tw);
	caseload_release(&whole);
}

/* A state no record stream of a test can reach: overflowed sums. */
static void
test_odd_state(void)
{
	struct partial_cfg cfg = cfg_of(2);
	struct caseload a, b;
	struct caseload_counts ca, cb;
	struct caseload_entry *e;
	struct rep_obs o;
	struct files f = {.n = 0};
	size_t len;
	char *t;

	cl_start(&a, &ca, &cfg);
	e = caseload_entry_get(&a, "X", 1);
	rep_obs_init(&o, as_of - 3, 4);
	o.attended = true;
	o.score[REP_PHQ9] = 20;
	o.risk[REP_RISK_CSSRS] = REP_LVL_HIGH;
	patient_state_add(&e->st, &o);
	e->st.overflow = true;
	e->st.tsum[3].n = UINT32_MAX;
	e->st.tsum[3].sum = UINT32_MAX - 5;
	e->st.tsum[15].sq = 7;
	caseload_by_update(&a, e, 1, "x y", 3, &o.key);
	ca.read = ca.used = 1;
	t = partial_text(&a, &ca, &cfg, &len);
	files_add(&f, t, len);
	cl_start(&b, &cb, &cfg);
	CHECK_INT(merge_files(&f, &b, &cb, &cfg, true), 0);
	CHECK(caseload_eq(&a, &b, 2));
	CHECK(counts_eq(&ca, &cb));
	files_clear(&f);
	free(t);
	caseload_release(&a);
	caseload_release(&b);
}

/* ---- malformed partials ---- */

/*
 * A small partial: one patient with two scores, a risk, trajectory and
 * group values, and its trailer.
 */
static char *
small_partial(void)
{
	struct partial_cfg cfg = cfg_of(1);
	struct caseload cl;
	struct caseload_counts c;
	struct record r;
	static const struct srec s[3] = {
		{{"P1", "2026-02-01", "1", "yes", "14", "", "9", "", "",
		    "positive", "", "", "low", "", "", "A", ""}},
		{{"P1", "2026-02-20", "", "yes", "8", "", "", "", "", "",
		    "", "", "", "", "", "B", ""}},
		{{"", "2026-02-20", "", "", "", "", "", "", "", "", "", "",
		    "", "", "", "", ""}},
	};
	size_t len;
	char *t;

	record_init(&r);
	cl_start(&cl, &c, &cfg);
	for (int k = 0; k < 3; k++)
		caseload_add_record(&cl, to_record(&r, &s[k], (uint64_t)k + 1),
		    as_of, &c);
	t = partial_text(&cl, &c, &cfg, &len);
	caseload_release(&cl);
	record_release(&r);
	return t;
}

/* text with the first occurrence of from replaced by to (caller frees). */
static char *
replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t a, b = strlen(from), c = strlen(to), n = strlen(text);
	char *out;

	if (p == NULL) {
		fprintf(stderr, "replace: '%s' not in the partial\n", from);
		exit(2);
	}
	a = (size_t)(p - text);
	out = malloc(n - b + c + 1);
	if (out == NULL)
		exit(2);
	memcpy(out, text, a);
	memcpy(out + a, to, c);
	memcpy(out + a + c, p + b, n - a - b + 1);
	return out;
}

/*
 * The partial with from replaced by to must fail with a message holding
 * want; the caseload and counts stay those of the records before.
 */
static void
bad_case(const char *base, const char *from, const char *to,
    const char *want, const struct partial_cfg *cfg)
{
	char *text = replace(base, from, to), *err;
	bool in_trailer = strstr(base, from) > strchr(base, '\n');
	struct caseload cl;
	struct caseload_counts c, c0;
	int rc;

	cl_start(&cl, &c, cfg);
	rc = merge_text(text, &cl, &c, cfg, &err);
	CHECKF(rc == -1, "'%s' -> '%s' accepted", from, to);
	CHECKF(diag_exit_status() == EXIT_DATA, "'%s' -> '%s': status %d",
	    from, to, diag_exit_status());
	CHECKF(strstr(err, want) != NULL, "'%s' -> '%s': message '%s', "
	    "want '%s'", from, to, err, want);
	CHECKF(strstr(err, "record ") != NULL, "no record number in '%s'",
	    err);
	/*
	 * Nothing of the failed record was merged: no counts (the trailer
	 * comes last), no patient unless the trailer failed.
	 */
	memset(&c0, 0, sizeof(c0));
	CHECK(counts_eq(&c, &c0));
	CHECKF(caseload_size(&cl) == (in_trailer ? 1 : 0),
	    "'%s' -> '%s': %zu patients", from, to, caseload_size(&cl));
	free(err);
	free(text);
	caseload_release(&cl);
}

static void
test_malformed(void)
{
	struct partial_cfg cfg = cfg_of(1);
	char *base = small_partial(), *err;
	struct caseload cl;
	struct caseload_counts c;

	/* The base itself merges. */
	cl_start(&cl, &c, &cfg);
	CHECK_INT(merge_text(base, &cl, &c, &cfg, &err), 0);
	CHECK_STR(err, "");
	CHECK_INT(caseload_size(&cl), 1);
	CHECK_INT(c.read, 3);
	CHECK_INT(c.invalid, 1);
	free(err);
	caseload_release(&cl);

	/* Not a partial, or another version. */
	bad_case(base, "\"ipt_report_partial\":1,", "",
	    "not an ipt-report partial record", &cfg);
	bad_case(base, "\"ipt_report_partial\":1", "\"ipt_report_partial\":2",
	    "version 2 is not supported", &cfg);
	bad_case(base, "\"ipt_report_partial\":1",
	    "\"ipt_report_partial\":\"1\"", "field 'ipt_report_partial'", &cfg);
	bad_case(base, "\"ipt_report_partial\":1",
	    "\"ipt_report_partial\":1.5", "field 'ipt_report_partial'", &cfg);
	/* Options that differ. */
	bad_case(base, "\"as_of\":\"2026-03-01\"", "\"as_of\":\"2026-03-02\"",
	    "--as-of 2026-03-02, this run has --as-of 2026-03-01", &cfg);
	bad_case(base, "\"window\":7", "\"window\":14",
	    "--window 14, this run has --window 7", &cfg);
	bad_case(base, "\"inactive_days\":28", "\"inactive_days\":30",
	    "--inactive-days 30", &cfg);
	bad_case(base, "\"by\":[\"site\"]", "\"by\":[]",
	    "made with --by '', this run has --by 'site'", &cfg);
	bad_case(base, "\"by\":[\"site\"]", "\"by\":[\"site\",\"focal\"]",
	    "field 'by'", &cfg);
	bad_case(base, "\"by\":[\"site\"]", "\"by\":[\"Site\"]",
	    "field 'by'", &cfg);
	bad_case(base, "\"by\":[\"site\"]", "\"by\":\"site\"",
	    "field 'by'", &cfg);
	/* Keys. */
	bad_case(base, "\"overflow\":false,", "", "field 'overflow': is "
	    "missing", &cfg);
	bad_case(base, "\"overflow\":false", "\"overflow\":false,\"x\":1",
	    "field 'x': is not a key", &cfg);
	bad_case(base, "\"id\":\"P1\",", "", "field 'id': is missing", &cfg);
	bad_case(base, "\"id\":\"P1\"", "\"id\":\"P1\",\"trailer\":true",
	    "not both", &cfg);
	/* Types and ranges. */
	bad_case(base, "\"id\":\"P1\"", "\"id\":\" \"", "field 'id'", &cfg);
	bad_case(base, "\"id\":\"P1\"", "\"id\":1", "field 'id'", &cfg);
	bad_case(base, "\"records\":2", "\"records\":\"2\"",
	    "field 'records'", &cfg);
	bad_case(base, "\"records\":2", "\"records\":0", "field 'records'",
	    &cfg);
	bad_case(base, "\"records\":2", "\"records\":1e300",
	    "field 'records'", &cfg);
	bad_case(base, "\"records\":2", "\"records\":2.5", "field 'records'",
	    &cfg);
	bad_case(base, "\"attended\":2", "\"attended\":3", "field 'attended'",
	    &cfg);
	bad_case(base, "\"ended_yes\":false", "\"ended_yes\":0",
	    "field 'ended_yes'", &cfg);
	bad_case(base, "\"last_record\":\"2026-02-20\"",
	    "\"last_record\":\"2026-02-30\"", "field 'last_record': is not a "
	    "date", &cfg);
	bad_case(base, "\"last_record\":\"2026-02-20\"",
	    "\"last_record\":\"2026-03-05\"", "field 'last_record': is after "
	    "as_of", &cfg);
	bad_case(base, "\"last_record\":\"2026-02-20\"",
	    "\"last_record\":null", "field 'last_record'", &cfg);
	bad_case(base, "\"first_date\":\"2026-02-01\"", "\"first_date\":null",
	    "field 'first_date'", &cfg);
	bad_case(base, "\"end_date\":null", "\"end_date\":\"2026-02-29\"",
	    "field 'end_date'", &cfg);
	/* Score spans. */
	bad_case(base, "\"n\":2", "\"n\":-1", "field 'phq9.n'", &cfg);
	bad_case(base, "\"n\":2", "\"n\":0", "field 'phq9.n'", &cfg);
	bad_case(base, "\"n\":2", "\"n\":3", "field 'phq9.n'", &cfg);
	bad_case(base, "\"first\":[\"2026-02-01\",1,14]",
	    "\"first\":[\"2026-13-01\",1,14]", "field 'phq9.first[0]'", &cfg);
	bad_case(base, "\"first\":[\"2026-02-01\",1,14]",
	    "\"first\":[\"2026-02-01\",0,14]", "field 'phq9.first[1]'", &cfg);
	bad_case(base, "\"first\":[\"2026-02-01\",1,14]",
	    "\"first\":[\"2026-02-01\",1,28]", "field 'phq9.first[2]'", &cfg);
	bad_case(base, "\"first\":[\"2026-02-01\",1,14]",
	    "\"first\":[\"2026-02-01\",1]", "field 'phq9.first'", &cfg);
	bad_case(base, "\"first\":[\"2026-02-01\",1,14]",
	    "\"first\":[\"2026-02-21\",1,14]", "field 'phq9'", &cfg);
	bad_case(base, "\"prev\":[\"2026-02-01\",1,14]", "\"prev\":null",
	    "field 'phq9.prev'", &cfg);
	bad_case(base, "\"prev\":null", "\"prev\":[\"2026-02-01\",1,9]",
	    "field 'gad7.prev'", &cfg);
	bad_case(base, "\"n\":1,", "\"n\":1,\"m\":1,", "field 'gad7'", &cfg);
	bad_case(base, "\"gad7\":{", "\"gad7\":{\"x\":1,", "field 'gad7'",
	    &cfg);
	bad_case(base, "\"wsas\":null", "\"wsas\":1", "field 'wsas'", &cfg);
	/* Risk. */
	bad_case(base, "\"positive\"", "\"severe\"", "field 'risk[0]'", &cfg);
	bad_case(base, "\"positive\"", "\"high\"", "field 'risk[0]'", &cfg);
	bad_case(base, "\"positive\"", "\"not_assessed\"", "field 'risk[0]'",
	    &cfg);
	bad_case(base, "\"positive\"", "\"Positive\"", "field 'risk[0]'",
	    &cfg);
	bad_case(base, "\"risk_key\":[\"2026-02-01\",1]", "\"risk_key\":null",
	    "field 'risk'", &cfg);
	bad_case(base, "\"positive\",null,null,\"low\"", "null,null,null,null",
	    "field 'risk'", &cfg);
	bad_case(base, "\"positive\",null,null,\"low\"", "\"positive\"",
	    "field 'risk'", &cfg);
	/* Trajectory. */
	bad_case(base, "\"traj\":[", "\"traj\":[[\"2026-02-01\",true,14,null],",
	    "field 'traj'", &cfg);
	bad_case(base, "\"traj\":[[\"2026-02-01\",true,14,null],"
	    "[\"2026-02-20\",false,8,null]]", "\"traj\":[[\"2026-02-20\","
	    "false,8,null],[\"2026-02-01\",true,14,null]]",
	    "field 'traj[1]': is out of order", &cfg);
	bad_case(base, "\"traj\":[[\"2026-02-01\",true,14,null],",
	    "\"traj\":[[\"2026-02-01\",1,14,null],", "field 'traj[0]'", &cfg);
	bad_case(base, "\"traj\":[[\"2026-02-01\",true,14,null],",
	    "\"traj\":[[\"2026-02-01\",true,-2,null],", "field 'traj[0]'",
	    &cfg);
	{
		/* 17 trajectory records. */
		char more[1024] = "\"traj\":[";

		for (int i = 0; i < 15; i++)
			strcat(more, "[\"2026-02-01\",true,14,null],");
		bad_case(base, "\"traj\":[", more,
		    "field 'traj': has more than 16 elements", &cfg);
	}
	bad_case(base, "\"tsum\":[[1,1,14,196]]", "\"tsum\":[[1,1,14,400]]",
	    "field 'tsum[0]': holds impossible sums", &cfg);
	bad_case(base, "\"tsum\":[[1,1,14,196]]", "\"tsum\":[[1,1,14,195]]",
	    "field 'tsum[0]': holds impossible sums", &cfg);
	bad_case(base, "\"tsum\":[[1,1,14,196]]", "\"tsum\":[[1,3,42,588]]",
	    "field 'tsum': counts more scores", &cfg);
	bad_case(base, "\"tsum\":[[1,1,14,196]]", "\"tsum\":[[0,1,14,196]]",
	    "field 'tsum[0]'", &cfg);
	bad_case(base, "\"tsum\":[[1,1,14,196]]",
	    "\"tsum\":[[2,1,14,196],[1,1,14,196]]", "field 'tsum[1]'", &cfg);
	bad_case(base, "\"tsum\":[[1,1,14,196]]", "\"tsum\":[[1,0,0,0]]",
	    "field 'tsum[0]'", &cfg);
	bad_case(base, "\"period_contacts\":0", "\"period_contacts\":-1",
	    "field 'period_contacts'", &cfg);
	/* Group values. */
	bad_case(base, "\"by_values\":[[\"B\",\"2026-02-20\",null]]",
	    "\"by_values\":[]", "field 'by_values'", &cfg);
	bad_case(base, "\"by_values\":[[\"B\",\"2026-02-20\",null]]",
	    "\"by_values\":[null,null]", "field 'by_values'", &cfg);
	bad_case(base, "\"by_values\":[[\"B\",\"2026-02-20\",null]]",
	    "\"by_values\":[[\" B\",\"2026-02-20\",null]]",
	    "field 'by_values[0]'", &cfg);
	bad_case(base, "\"by_values\":[[\"B\",\"2026-02-20\",null]]",
	    "\"by_values\":[[\"\",\"2026-02-20\",null]]",
	    "field 'by_values[0]'", &cfg);
	bad_case(base, "\"by_values\":[[\"B\",\"2026-02-20\",null]]",
	    "\"by_values\":[[\"B\",\"2026-02-20\",0]]",
	    "field 'by_values[0]'", &cfg);
	/* The trailer. */
	bad_case(base, "\"trailer\":true", "\"trailer\":false",
	    "field 'trailer'", &cfg);
	bad_case(base, "\"used\":2", "\"used\":3", "field 'used'", &cfg);
	bad_case(base, "\"flagged\":1", "\"flagged\":4", "field 'flagged'",
	    &cfg);
	bad_case(base, "\"missing id\":1,", "", "field 'reasons.missing id'",
	    &cfg);
	bad_case(base, "\"missing id\":1", "\"missing id\":1,\"x\":0",
	    "field 'reasons'", &cfg);
	bad_case(base, "\"missing id\":1", "\"missing id\":-1",
	    "field 'reasons.missing id'", &cfg);
	bad_case(base, "\"missing id\":1", "\"missing id\":4",
	    "field 'reasons.missing id'", &cfg);
	/* A lost trailer: the counts do not add up. */
	{
		char *cut = strdup(base), *last;

		if (cut == NULL)
			exit(2);
		last = strstr(cut, "\"trailer\"");
		while (last > cut && last[-1] != '\n')
			last--;
		*last = '\0';
		cl_start(&cl, &c, &cfg);
		CHECK_INT(merge_text(cut, &cl, &c, &cfg, &err), -1);
		CHECK(strstr(err, "partial input is incomplete") != NULL);
		CHECK_INT(diag_exit_status(), EXIT_DATA);
		free(err);
		free(cut);
		caseload_release(&cl);
	}
	/* Counts beyond the limit, merged. */
	{
		char *big = replace(base, "\"records\":2",
		    "\"records\":1000000000000000");
		char *two = malloc(2 * strlen(big) + 1);

		if (two == NULL)
			exit(2);
		strcpy(two, big);
		strcat(two, big);
		cl_start(&cl, &c, &cfg);
		CHECK_INT(merge_text(big, &cl, &c, &cfg, &err), -1);
		CHECK(strstr(err, "incomplete") != NULL);
		free(err);
		caseload_release(&cl);
		cl_start(&cl, &c, &cfg);
		CHECK_INT(merge_text(two, &cl, &c, &cfg, &err), -1);
		CHECK(strstr(err, "record 3: field 'records': the patient's "
		    "merged counts exceed") != NULL);
		CHECK_INT(caseload_find(&cl, "P1", 2)->records,
		    1000000000000000L);
		free(err);
		caseload_release(&cl);
		free(big);
		free(two);
	}
	/* A CSV file is not a partial. */
	cl_start(&cl, &c, &cfg);
	CHECK_INT(merge_text("ipt_report_partial,as_of\n1,2026-03-01\n", &cl,
	    &c, &cfg, &err), -1);
	CHECK(strstr(err, "field 'ipt_report_partial'") != NULL);
	free(err);
	/* Session records are not partials. */
	CHECK_INT(merge_text("{\"id\":\"P1\",\"date\":\"2026-02-01\"}\n", &cl,
	    &c, &cfg, &err), -1);
	CHECK(strstr(err, "record 1: not an ipt-report partial record") !=
	    NULL);
	free(err);
	caseload_release(&cl);
	free(base);
}

/*
 * What a merge accepted, written again and merged again, is the same
 * caseload, and written again the same text.
 */
static bool
rewrite_same(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg)
{
	struct caseload cl2;
	struct caseload_counts c2;
	size_t n1, n2;
	char *t1 = partial_text(cl, c, cfg, &n1), *t2, *err;
	bool ok;

	cl_start(&cl2, &c2, cfg);
	ok = merge_text(t1, &cl2, &c2, cfg, &err) == 0 &&
	    caseload_eq(cl, &cl2, cfg->nby) && counts_eq(c, &c2);
	t2 = partial_text(&cl2, &c2, cfg, &n2);
	ok = ok && n1 == n2 && memcmp(t1, t2, n1) == 0;
	if (!ok)
		fprintf(stderr, "not the same when written again:\n%s%s", t1,
		    err);
	free(t1);
	free(t2);
	free(err);
	caseload_release(&cl2);
	return ok;
}

/*
 * Every prefix of a valid partial, and every single-byte change of it,
 * is either rejected by the JSON layer, merged, or refused with exit 65:
 * never a crash (ASan, UBSan) or a leak.  What merges writes itself
 * again unchanged.
 */
static void
test_mutations(void)
{
	struct partial_cfg cfg = cfg_of(1);
	char *base = small_partial();
	size_t n = strlen(base);
	/* bytes[0] stands for "cut the text here". */
	static const char bytes[] = "\n0-9\"[]{},:nt.e ";
	int refused = 0, merged = 0;
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		for (size_t b = 0; b < sizeof(bytes) - 1; b++) {
			char *t = malloc(n + 1), *err;
			struct caseload cl;
			struct caseload_counts c;

			if (t == NULL)
				exit(2);
			memcpy(t, base, n);
			t[n] = '\0';
			if (b == 0) {
				t[i] = '\n';	/* a prefix */
				t[i + 1] = '\0';
			} else {
				t[i] = bytes[b];
			}
			cl_start(&cl, &c, &cfg);
			if (merge_text(t, &cl, &c, &cfg, &err) == 0) {
				merged++;
				ok = ok && rewrite_same(&cl, &c, &cfg);
			} else if (diag_exit_status() == EXIT_DATA) {
				refused++;
			}
			free(err);
			free(t);
			caseload_release(&cl);
		}
	}
	CHECK(refused > 0);
	CHECK(merged > 0);
	CHECK(ok);
	free(base);
}

int
main(void)
{
	long d = 0;

	diag_init("test_partial");
	diag_set_quiet(true);
	if (!date_parse("2026-03-01", 10, &d))
		abort();
	as_of = d;
	for (size_t k = 0; k < NRECS; k++)
		gen(&recs[k], 12);
	test_roundtrip(2);
	test_roundtrip(0);
	test_splits(2, 60);
	test_splits(0, 10);
	test_odd_state();
	test_malformed();
	test_mutations();
	json_release_memory();
	return unit_done("test_partial");
}
