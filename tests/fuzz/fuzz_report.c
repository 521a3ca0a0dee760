/* SPDX-License-Identifier: MIT */
/*
 * fuzz_report.c - libFuzzer harness for ipt-report's record path, driven
 * as common/report_run.c drives it: the stream layer over the input file,
 * each record folded into a caseload with caseload_add_record() (or, in
 * merge mode, merged with partial_merge_record()), then rdoc_build() with
 * a fixed --as-of 2026-03-01 and --window 7, and the four writers.
 *
 * Input: one mode byte, then the file.
 *   bits 0-1  input format: detected, csv, json, jsonl
 *   bit 2     --by site
 *   bit 3     merge mode: the file is partial records (--merge)
 *   bit 4     --redact
 *   bit 5     --by focal_area (after site when both)
 *   bit 6     --min-cell 5
 *   bit 7     --inactive-days 0 (else 28)
 * Invariants (abort() on violation):
 *   - section 6.2 by construction: every patient (caseload_sort() order)
 *     that is in scope (not ended, or last_record in the period) and whose
 *     latest_risk is high, moderate, positive, unknown or low, or who is
 *     worsening, is in d.safety exactly once with its own facts; nobody
 *     else is; not_assessed lists exactly the in-scope patients with
 *     latest_risk not_assessed, in id order; the safety list is ordered by
 *     latest_risk (high first, worsening-only last), then id; the redact
 *     counts add up to the list;
 *   - counts: read = used + future + invalid; used = the patients'
 *     records; patients = caseload size; every patient has a record;
 *   - the JSON report parses with cJSON, its inputs equal the counts and
 *     its "safety" holds d.nsafety entries (the same ids, in order) or,
 *     with --redact, count = d.nsafety;
 *   - with --redact, the md, json, csv and html reports are byte-identical
 *     to those of the same caseload with every id renamed, and no renamed
 *     id (nor any original id of 3 bytes or more that is not text of the
 *     report anyway) appears in them;
 *   - round trip: partial_write() of the caseload, read back through the
 *     stream layer (JSON Lines) with partial_merge_record() into a fresh
 *     caseload, gives byte-identical md, json, csv and html reports, and
 *     writing that caseload's partial again gives the same bytes;
 *   - section 8's split: the records cut in two parts (even and odd
 *     records, so most patients are in both), each folded into its own
 *     caseload, the partials written odd part first into one file and
 *     merged, give the same partial text as the whole caseload;
 *   - merge mode (strict reading, as --merge): never a crash or a leak;
 *     a record that fails leaves the caseload and counts as they were
 *     (checked for the first three failures: the partial equals that of
 *     the records merged before it).  Unlike --merge, which stops there,
 *     the records after a failure are merged too, and the report of what
 *     was merged is built and checked as above (but for used = the
 *     patients' records, which needs whole partials); exit 65 is recorded
 *     exactly when a record failed or partial_merge_finish() did;
 *   - exit status 70 is never recorded.
 * FUZZ_REPORT_VERBOSE set in the environment: one line per input on
 * stderr (how many patients, how many partial records merged).
 */
#include "fuzz_util.h"

#include <cjson/cJSON.h>

#include "caseload.h"
#include "cli.h"
#include "date.h"
#include "partial.h"
#include "rdoc.h"
#include "rdoc_build.h"
#include "report.h"
#include "stream.h"

#define AS_OF "2026-03-01"
#define WINDOW 7
#define RENAME_PREFIX "zqRnmId"

static int in_fd = -1, part_fd = -1, out_fd = -1;
static bool verbose;	/* FUZZ_REPORT_VERBOSE set: one line per input */
static char in_path[64], part_path[64];
static long as_of;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	part_fd = fz_tmpfile();
	out_fd = fz_tmpfile();
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in_fd);
	snprintf(part_path, sizeof(part_path), "/proc/self/fd/%d", part_fd);
	verbose = getenv("FUZZ_REPORT_VERBOSE") != NULL;
	if (!date_parse(AS_OF, 10, &as_of))
		fz_fail("bad as-of %s", AS_OF);
	return 0;
}

/* ---- helpers ---- */

/* The whole of fd (from offset 0), NUL-terminated; caller frees. */
static char *
slurp(int fd, size_t *len)
{
	size_t n = 0, cap = 4096;
	char *p = malloc(cap);

	FZ_CHECK(p != NULL);
	for (;;) {
		ssize_t r;

		if (cap - n < 2) {
			cap *= 2;
			p = realloc(p, cap);
			FZ_CHECK(p != NULL);
		}
		r = pread(fd, p + n, cap - n - 1, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			fz_fail("pread: %s", strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*len = n;
	return p;
}

struct text {
	char *p;
	size_t n;
};

enum { OUT_MD, OUT_JSON, OUT_CSV, OUT_HTML, NOUT };

static const char *const out_name[NOUT] = {"md", "json", "csv", "html"};

/* The four reports of d, each written to out_fd and read back. */
static void
write_all(const struct rdoc *d, struct text out[NOUT])
{
	for (int k = 0; k < NOUT; k++) {
		int rc;

		fz_rewrite(out_fd, "", 0);
		switch (k) {
		case OUT_MD:
			rc = rdoc_write_md(d, out_fd);
			break;
		case OUT_JSON:
			rc = rdoc_write_json(d, out_fd);
			break;
		case OUT_CSV:
			rc = rdoc_write_csv(d, out_fd);
			break;
		default:
			rc = rdoc_write_html(d, out_fd);
			break;
		}
		if (rc != 0)
			fz_fail("rdoc_write_%s failed", out_name[k]);
		out[k].p = slurp(out_fd, &out[k].n);
	}
}

static void
free_all(struct text out[NOUT])
{
	for (int k = 0; k < NOUT; k++)
		free(out[k].p);
}

static void
same_texts(const struct text a[NOUT], const struct text b[NOUT],
    const char *what)
{
	for (int k = 0; k < NOUT; k++)
		if (a[k].n != b[k].n || memcmp(a[k].p, b[k].p, a[k].n) != 0)
			fz_fail("%s: the %s reports differ (%zu vs %zu bytes)",
			    what, out_name[k], a[k].n, b[k].n);
}

static bool
contains(const struct text *t, const char *s, size_t n)
{
	if (n == 0 || n > t->n)
		return n == 0;
	for (size_t i = 0; i + n <= t->n; i++)
		if (t->p[i] == s[0] && memcmp(t->p + i, s, n) == 0)
			return true;
	return false;
}

static void
start(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg)
{
	caseload_init(cl, NULL);
	caseload_set_period(cl, cfg->as_of - cfg->window + 1, cfg->as_of);
	caseload_set_by(cl, cfg->by, cfg->nby);
	memset(c, 0, sizeof(*c));
}

/* The partial of cl and c as text (caller frees). */
static char *
partial_text(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, size_t *len)
{
	fz_rewrite(part_fd, "", 0);
	if (partial_write(cl, c, cfg, part_fd) != 0)
		fz_fail("partial_write: %s", strerror(errno));
	return slurp(part_fd, len);
}

/*
 * Merge the records of path (format fmt) into cl and c, as --merge reads
 * them (strict: a rejected line is fatal).  Record k (counted from 0) is
 * merged only if k < limit and, when use is not NULL, use[k] is set; a
 * record that fails is skipped and the next one merged (ok[k] tells, when
 * ok is not NULL: it must hold room for MERGE_MAX records; later records
 * are not read).  Returns the number of records read; *failed is set when
 * a record failed or the stream hit a fatal error.  With check_unchanged,
 * each of the first few failures is checked to leave cl and c as they
 * were (partial.h), by replaying the records merged before it.
 */
#define MERGE_MAX 32768

static void unchanged(const char *path, enum fmt fmt,
    const struct partial_cfg *cfg, const unsigned char *ok, size_t upto,
    struct caseload *cl, const struct caseload_counts *c);

static size_t
merge_file(const char *path, enum fmt fmt, struct caseload *cl,
    struct caseload_counts *c, const struct partial_cfg *cfg, size_t limit,
    const unsigned char *use, unsigned char *ok, bool check_unchanged,
    bool *failed)
{
	char *files[] = {(char *)path};
	/* As report_run() reads for --merge: every reject is fatal. */
	struct stream_opts so = {.in_fmt = fmt, .delim = ',', .strict = true,
	    .rejects = NULL};
	struct stream s;
	struct record *r;
	size_t n = 0, nfail = 0;
	int got = 0;

	*failed = false;
	if (stream_open(&s, files, 1, &so) != 0) {
		stream_close(&s);
		*failed = true;
		return 0;
	}
	while (n < limit && n < MERGE_MAX &&
	    (got = stream_next(&s, &r)) == 1) {
		if (use != NULL && !use[n]) {
			n++;
			continue;
		}
		if (partial_merge_record(cl, c, cfg, r) != 0) {
			*failed = true;
			if (check_unchanged && nfail++ < 3)
				unchanged(path, fmt, cfg, ok, n, cl, c);
		} else if (ok != NULL) {
			ok[n] = 1;
		}
		n++;
	}
	if (got < 0 || (n == MERGE_MAX && limit > MERGE_MAX))
		*failed = true;
	stream_close(&s);
	return n;
}

/*
 * cl and c must be the merge of the records k < upto with ok[k] set:
 * the partial of both is the same text.
 */
static void
unchanged(const char *path, enum fmt fmt, const struct partial_cfg *cfg,
    const unsigned char *ok, size_t upto, struct caseload *cl,
    const struct caseload_counts *c)
{
	struct caseload cl0;
	struct caseload_counts c0;
	char *p, *p0;
	size_t l, l0;
	bool f0;

	start(&cl0, &c0, cfg);
	FZ_CHECK(merge_file(path, fmt, &cl0, &c0, cfg, upto, ok, NULL, false,
	    &f0) == upto);
	FZ_CHECK(!f0);
	p = partial_text(cl, c, cfg, &l);
	p0 = partial_text(&cl0, &c0, cfg, &l0);
	if (l != l0 || memcmp(p, p0, l) != 0)
		fz_fail("partial record %zu failed but changed the caseload",
		    upto + 1);
	free(p);
	free(p0);
	caseload_release(&cl0);
}

/* ---- section 6.2 and the counts ---- */

/* The spec's order: high, moderate, positive, unknown, low, then others. */
static int
rank(enum rep_level l)
{
	switch (l) {
	case REP_LVL_HIGH:	return 0;
	case REP_LVL_MODERATE:	return 1;
	case REP_LVL_POSITIVE:	return 2;
	case REP_LVL_UNKNOWN:	return 3;
	case REP_LVL_LOW:	return 4;
	default:		return 5;
	}
}

/* The index of id in cl's id order, or SIZE_MAX. */
static size_t
find_sorted(const struct caseload *cl, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(caseload_at(cl, mid)->id, id);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static void
check_counts(const struct rdoc *d, const struct rdoc_input *in, size_t n,
    bool whole)
{
	const struct caseload_counts *c = in->cnt;
	uint64_t records = 0;

	FZ_CHECK(c->read == c->used + c->future + c->invalid);
	FZ_CHECK(c->flagged <= c->read);
	FZ_CHECK(d->read == c->read && d->used == c->used);
	FZ_CHECK(d->future == c->future && d->invalid == c->invalid);
	FZ_CHECK(d->flagged == c->flagged);
	FZ_CHECK(n == caseload_size(in->cl) && d->patients == n);
	for (size_t k = 0; k < n; k++) {
		const struct caseload_entry *e = caseload_at(in->cl, k);

		FZ_CHECK(e->st.records >= 1);
		FZ_CHECK(e->st.attended <= e->st.records);
		FZ_CHECK(e->len == strlen(e->id));
		if (k > 0)
			FZ_CHECK(strcmp(caseload_at(in->cl, k - 1)->id,
			    e->id) < 0);
		records += (uint64_t)e->st.records;
	}
	/* Not after a merge that skipped records (a trailer may be lost). */
	if (whole)
		FZ_CHECK(records == c->used);
}

static void
check_safety(const struct rdoc *d, const struct rdoc_input *in, size_t n)
{
	long from = in->as_of - in->window + 1;
	unsigned char *seen = calloc(n ? n : 1, 1);
	uint64_t by_risk[REP_LEVELS] = {0}, wonly = 0;
	size_t na = 0;

	FZ_CHECK(seen != NULL);
	FZ_CHECK(d->nsafety <= n && d->nnot_assessed <= n);
	for (size_t i = 0; i < d->nsafety; i++) {
		const struct rdoc_safety *s = &d->safety[i];
		size_t k = find_sorted(in->cl, n, s->id);

		FZ_CHECK(k != SIZE_MAX);
		FZ_CHECK(seen[k] == 0);
		seen[k] = 1;
		if (i > 0) {
			const struct rdoc_safety *p = &d->safety[i - 1];
			int rp = rank(p->latest_risk), rs = rank(s->latest_risk);

			FZ_CHECK(rp < rs || (rp == rs &&
			    strcmp(p->id, s->id) < 0));
		}
	}
	for (size_t k = 0; k < n; k++) {
		const struct caseload_entry *e = caseload_at(in->cl, k);
		struct patient_facts f;
		bool scope, risky, listed;

		patient_facts(&e->st, in->as_of, in->inactive_days,
		    rdoc_planned(in, e), &f);
		FZ_CHECK(f.last_record != REP_NO_DATE &&
		    f.last_record <= in->as_of);
		scope = !f.ended ||
		    (f.last_record >= from && f.last_record <= in->as_of);
		risky = f.latest_risk == REP_LVL_HIGH ||
		    f.latest_risk == REP_LVL_MODERATE ||
		    f.latest_risk == REP_LVL_POSITIVE ||
		    f.latest_risk == REP_LVL_UNKNOWN ||
		    f.latest_risk == REP_LVL_LOW;
		listed = scope && (risky || f.worsening);
		if (listed != (seen[k] != 0))
			fz_fail("safety: patient '%s' (latest_risk %s, "
			    "worsening %d, ended %d, last_record %ld) is %s "
			    "the list", e->id, rep_level_name(f.latest_risk),
			    f.worsening, f.ended, f.last_record,
			    listed ? "missing from" : "wrongly in");
		if (listed) {
			const struct rdoc_safety *s = NULL;

			for (size_t i = 0; i < d->nsafety; i++)
				if (strcmp(d->safety[i].id, e->id) == 0)
					s = &d->safety[i];
			FZ_CHECK(s != NULL);
			FZ_CHECK(s->latest_risk == f.latest_risk);
			FZ_CHECK(s->last_record == f.last_record);
			FZ_CHECK(s->dep_last == f.dep_last);
			FZ_CHECK(s->worsening == f.worsening);
			FZ_CHECK(memcmp(s->risk, f.risk, sizeof(f.risk)) == 0);
			if (risky)
				by_risk[f.latest_risk]++;
			else
				wonly++;
		}
		if (scope && f.latest_risk == REP_LVL_NONE) {
			FZ_CHECK(na < d->nnot_assessed);
			FZ_CHECK(strcmp(d->not_assessed[na], e->id) == 0);
			na++;
		}
	}
	FZ_CHECK(na == d->nnot_assessed);
	FZ_CHECK(wonly == d->safety_worsening_only);
	for (int l = 0; l < REP_LEVELS; l++)
		FZ_CHECK(by_risk[l] == d->safety_by_risk[l]);
	free(seen);
}

/* ---- the JSON report ---- */

static uint64_t
jnum(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v))
		fz_fail("json: %s is not a number", key);
	FZ_CHECK(v->valuedouble >= 0 && v->valuedouble < 9e15);
	return (uint64_t)v->valuedouble;
}

static void
check_json(const struct rdoc *d, const struct text *t)
{
	cJSON *root = cJSON_ParseWithLength(t->p, t->n);
	const cJSON *inputs, *safety, *na;

	if (root == NULL)
		fz_fail("json report does not parse (%zu bytes)", t->n);
	FZ_CHECK(cJSON_IsObject(root));
	FZ_CHECK(t->n > 0 && t->p[t->n - 1] == '\n');
	inputs = cJSON_GetObjectItemCaseSensitive(root, "inputs");
	FZ_CHECK(cJSON_IsObject(inputs));
	FZ_CHECK(jnum(inputs, "records_read") == d->read);
	FZ_CHECK(jnum(inputs, "records_used") == d->used);
	FZ_CHECK(jnum(inputs, "records_future") == d->future);
	FZ_CHECK(jnum(inputs, "records_invalid") == d->invalid);
	FZ_CHECK(jnum(inputs, "records_flagged") == d->flagged);
	FZ_CHECK(jnum(inputs, "patients") == d->patients);
	safety = cJSON_GetObjectItemCaseSensitive(root, "safety");
	na = cJSON_GetObjectItemCaseSensitive(root, "not_assessed");
	if (d->redact) {
		FZ_CHECK(cJSON_IsObject(safety));
		FZ_CHECK(jnum(safety, "count") == d->nsafety);
		FZ_CHECK(cJSON_IsNumber(na) &&
		    (size_t)na->valuedouble == d->nnot_assessed);
	} else {
		const cJSON *s;
		size_t i = 0;

		FZ_CHECK(cJSON_IsArray(safety));
		FZ_CHECK((size_t)cJSON_GetArraySize(safety) == d->nsafety);
		cJSON_ArrayForEach(s, safety) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(s,
			    "id");

			FZ_CHECK(cJSON_IsString(id));
			FZ_CHECK(strcmp(id->valuestring, d->safety[i].id) == 0);
			i++;
		}
		FZ_CHECK(cJSON_IsArray(na));
		FZ_CHECK((size_t)cJSON_GetArraySize(na) == d->nnot_assessed);
		i = 0;
		cJSON_ArrayForEach(s, na) {
			FZ_CHECK(cJSON_IsString(s));
			FZ_CHECK(strcmp(s->valuestring,
			    d->not_assessed[i]) == 0);
			i++;
		}
	}
	cJSON_Delete(root);
}

/* ---- --redact ---- */

/*
 * The same caseload with patient k renamed RENAME_PREFIX + k (which keeps
 * the id order): its redacted reports must be the same bytes, and hold
 * none of the new ids.  Original ids of 3 bytes or more must not appear
 * either, unless the report holds them as other text (then the renamed
 * report holds them too).
 */
static void
check_redact(const struct rdoc_input *in, size_t n,
    const struct text out[NOUT], const uint8_t *data, size_t size)
{
	struct caseload cl;
	struct rdoc_input in2 = *in;
	struct rdoc d;
	struct text out2[NOUT];
	char id[32];
	bool prefix_in_input = false;

	caseload_init(&cl, NULL);
	caseload_set_period(&cl, in->cl->period_from, in->cl->period_to);
	caseload_set_by(&cl, in->by, in->nby);
	for (size_t k = 0; k < n; k++) {
		const struct caseload_entry *e = caseload_at(in->cl, k);
		struct caseload_entry *e2;
		int len = snprintf(id, sizeof(id), RENAME_PREFIX "%08zu", k);

		e2 = caseload_entry_get(&cl, id, (size_t)len);
		e2->st = e->st;
		for (size_t b = 0; e->by != NULL && b < in->nby; b++)
			if (e->by[b].val != NULL)
				caseload_by_update(&cl, e2, b, e->by[b].val,
				    e->by[b].len, &e->by[b].key);
	}
	in2.cl = &cl;
	rdoc_build(&d, &in2);
	write_all(&d, out2);
	same_texts(out, out2, "--redact with ids renamed");
	for (size_t i = 0; i + sizeof(RENAME_PREFIX) - 1 <= size; i++)
		if (memcmp(data + i, RENAME_PREFIX,
		    sizeof(RENAME_PREFIX) - 1) == 0)
			prefix_in_input = true;
	for (size_t k = 0; k < n; k++) {
		const struct caseload_entry *e = caseload_at(in->cl, k);
		int len = snprintf(id, sizeof(id), RENAME_PREFIX "%08zu", k);

		for (int f = 0; f < NOUT; f++) {
			if (!prefix_in_input &&
			    contains(&out2[f], id, (size_t)len))
				fz_fail("--redact: a renamed id is in the %s "
				    "report", out_name[f]);
			if (e->len >= 3 && contains(&out[f], e->id, e->len) &&
			    !contains(&out2[f], e->id, e->len))
				fz_fail("--redact: id '%s' is in the %s report",
				    e->id, out_name[f]);
		}
	}
	free_all(out2);
	rdoc_release(&d);
	caseload_release(&cl);
}

/* ---- one caseload, all checks ---- */

/*
 * Build the report of cl and c and check everything; then write the
 * partial, merge it into a fresh caseload and check the reports are the
 * same bytes.  whole: cl and c hold whole partials (their patients'
 * records add up to the used count), not a merge that skipped records.
 */
static void
check_caseload(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, long min_cell, bool redact, bool whole,
    const uint8_t *data, size_t size)
{
	struct rdoc_input in = {.as_of = cfg->as_of, .window = cfg->window,
	    .inactive_days = cfg->inactive_days, .min_cell = min_cell,
	    .redact = redact, .by = cfg->by, .nby = cfg->nby, .cl = cl,
	    .cnt = c, .intake = NULL, .plans = NULL};
	struct rdoc d, d2;
	struct text out[NOUT], out2[NOUT];
	struct caseload cl2;
	struct caseload_counts c2;
	char *p1, *p2;
	size_t n, l1, l2;
	bool failed;

	rdoc_build(&d, &in);
	n = caseload_size(cl);
	if (verbose)
		dprintf(fz_err_fd, "fuzz_report: %zu patients, %zu in safety, "
		    "%zu not assessed, records read %llu\n", n, d.nsafety,
		    d.nnot_assessed, (unsigned long long)c->read);
	FZ_CHECK(caseload_sort(cl) == n);
	check_counts(&d, &in, n, whole);
	check_safety(&d, &in, n);
	write_all(&d, out);
	check_json(&d, &out[OUT_JSON]);
	if (redact)
		check_redact(&in, n, out, data, size);

	/* The round trip through a partial. */
	p1 = partial_text(cl, c, cfg, &l1);
	start(&cl2, &c2, cfg);
	diag_reset();
	merge_file(part_path, FMT_JSONL, &cl2, &c2, cfg, SIZE_MAX, NULL, NULL,
	    false, &failed);
	if (failed)
		fz_fail("the partial of a caseload does not merge back "
		    "(%zu bytes)", l1);
	if (whole && partial_merge_finish(&cl2, &c2) != 0)
		fz_fail("partial_merge_finish fails on a whole partial");
	FZ_CHECK(diag_exit_status() == EXIT_OK);
	FZ_CHECK(caseload_size(&cl2) == n);
	in.cl = &cl2;
	in.cnt = &c2;
	rdoc_build(&d2, &in);
	write_all(&d2, out2);
	same_texts(out, out2, "partial round trip");
	p2 = partial_text(&cl2, &c2, cfg, &l2);
	if (l1 != l2 || memcmp(p1, p2, l1) != 0)
		fz_fail("partial round trip: the partials differ");
	free(p1);
	free(p2);
	free_all(out);
	free_all(out2);
	rdoc_release(&d);
	rdoc_release(&d2);
	caseload_release(&cl2);
}

/* ---- the two modes ---- */

/*
 * Section 8 for one split: parts a (even records) and b (odd records),
 * their partials written b first into one file and merged, give the
 * caseload of all the records: the same partial text (hence the same
 * reports, which check_caseload() derives from it).
 */
static void
check_split(struct caseload *cl, struct caseload_counts *c,
    struct caseload *a, struct caseload_counts *ca, struct caseload *b,
    struct caseload_counts *cb, const struct partial_cfg *cfg)
{
	struct caseload m;
	struct caseload_counts cm;
	char *pm, *pc;
	size_t lm, lc;
	bool failed;

	FZ_CHECK(ca->read + cb->read == c->read);
	fz_rewrite(part_fd, "", 0);
	if (partial_write(b, cb, cfg, part_fd) != 0 ||
	    partial_write(a, ca, cfg, part_fd) != 0)
		fz_fail("partial_write: %s", strerror(errno));
	start(&m, &cm, cfg);
	diag_reset();
	merge_file(part_path, FMT_JSONL, &m, &cm, cfg, SIZE_MAX, NULL, NULL,
	    false, &failed);
	if (failed)
		fz_fail("split: the two parts' partials do not merge");
	if (partial_merge_finish(&m, &cm) != 0)
		fz_fail("split: partial_merge_finish fails");
	FZ_CHECK(diag_exit_status() == EXIT_OK);
	pm = partial_text(&m, &cm, cfg, &lm);
	pc = partial_text(cl, c, cfg, &lc);
	if (lm != lc || memcmp(pm, pc, lm) != 0)
		fz_fail("split: the merged parts differ from the whole "
		    "(partials of %zu and %zu bytes)", lm, lc);
	free(pm);
	free(pc);
	caseload_release(&m);
}

static void
run_records(enum fmt fmt, const struct partial_cfg *cfg, long min_cell,
    bool redact, const uint8_t *data, size_t size)
{
	char *files[] = {in_path};
	struct stream_opts so = {.in_fmt = fmt, .delim = ',', .strict = false,
	    .rejects = NULL};
	struct caseload cl, part[2];
	struct caseload_counts c, cpart[2];
	struct stream s;
	struct record *r;
	uint64_t got = 0;
	int rc;

	start(&cl, &c, cfg);
	start(&part[0], &cpart[0], cfg);
	start(&part[1], &cpart[1], cfg);
	if (stream_open(&s, files, 1, &so) == 0) {
		while ((rc = stream_next(&s, &r)) == 1) {
			caseload_add_record(&cl, r, cfg->as_of, &c);
			/* Adding reads r, never changes it. */
			caseload_add_record(&part[got % 2], r, cfg->as_of,
			    &cpart[got % 2]);
			diag_count.flagged += r->flagged;
			got++;
		}
	}
	stream_close(&s);
	FZ_CHECK(diag_exit_status() != EXIT_INTERNAL);
	FZ_CHECK(c.read == got);
	/*
	 * report_run() writes no report after a fatal error, but the
	 * caseload of the records read so far must still be sound.
	 */
	check_caseload(&cl, &c, cfg, min_cell, redact, true, data, size);
	check_split(&cl, &c, &part[0], &cpart[0], &part[1], &cpart[1], cfg);
	caseload_release(&part[0]);
	caseload_release(&part[1]);
	caseload_release(&cl);
}

/*
 * Merge mode.  --merge stops at the first record that fails; here the
 * records after it are merged too (each failure must leave the caseload
 * as it was, so this is the same caseload plus more), and the report is
 * built and checked whatever happened.
 */
static void
run_merge(enum fmt fmt, const struct partial_cfg *cfg, long min_cell,
    bool redact, const uint8_t *data, size_t size)
{
	static unsigned char ok[MERGE_MAX];
	struct caseload cl;
	struct caseload_counts c;
	size_t n;
	bool failed, whole;

	memset(ok, 0, sizeof(ok));
	start(&cl, &c, cfg);
	diag_reset();
	n = merge_file(in_path, fmt, &cl, &c, cfg, SIZE_MAX, NULL, ok, true,
	    &failed);
	FZ_CHECK(diag_exit_status() != EXIT_INTERNAL);
	whole = !failed && partial_merge_finish(&cl, &c) == 0;
	/* Exit 65 exactly when something failed. */
	FZ_CHECK((diag_exit_status() == EXIT_DATA) == !whole);
	if (verbose) {
		size_t good = 0;

		for (size_t k = 0; k < n; k++)
			good += ok[k];
		dprintf(fz_err_fd, "fuzz_report: merge: %zu records, %zu "
		    "merged, %s\n", n, good, whole ? "whole" :
		    failed ? "some failed" : "partial_merge_finish failed");
	}
	check_caseload(&cl, &c, cfg, min_cell, redact, whole, data, size);
	caseload_release(&cl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fmt fmts[] = {FMT_NONE, FMT_CSV, FMT_JSON, FMT_JSONL};
	static const char *const cols[] = {"site", "focal_area"};
	const char *by[2];
	struct partial_cfg cfg;
	size_t nby = 0;

	if (size < 1)
		return 0;
	if (data[0] & 4)
		by[nby++] = cols[0];
	if (data[0] & 32)
		by[nby++] = cols[1];
	cfg.as_of = as_of;
	cfg.window = WINDOW;
	cfg.inactive_days = data[0] & 128 ? 0 : 28;
	cfg.by = by;
	cfg.nby = nby;
	fz_rewrite(in_fd, data + 1, size - 1);
	diag_reset();
	if (data[0] & 8)
		run_merge(fmts[data[0] & 3], &cfg, data[0] & 64 ? 5 : 0,
		    data[0] & 16, data + 1, size - 1);
	else
		run_records(fmts[data[0] & 3], &cfg, data[0] & 64 ? 5 : 0,
		    data[0] & 16, data + 1, size - 1);
	FZ_CHECK(diag_exit_status() != EXIT_INTERNAL);
	return 0;
}
