/* SPDX-License-Identifier: MIT */
/*
 * fuzz_score.c - libFuzzer harness for the ipt-score record path:
 * reader -> scorer (common/score.c, instrument.c, value.c) -> writer.
 *
 * Input: one mode byte, then the file.
 *   bits 0-1  the reading path: 0 the CSV reader, 1 the JSON Lines
 *             reader, both driven here as stream.c drives them; 2 and 3
 *             the stream itself (stream_open/stream_columns/stream_next/
 *             stream_reject: format detection, BOM), exactly as
 *             cmd/ipt-score.c's run() does
 *   bits 2-3  output format: the input's, csv, json, jsonl
 *   bits 4-5  delimiter: ',' ';' TAB '|'
 *   bit 6     --coding position
 * The scorer is set up as ipt-score does without options (scorer_init
 * with no --define and no --instruments, scorer_configure with the first
 * header or the first JSON record's names); output goes to /dev/null.
 * Invariants (abort() on violation):
 *   - in = out + rejected, counted here (and diag_count in stream mode);
 *   - a CSV header scorer_configure accepted never makes scorer_apply
 *     fatal, and CSV records written as CSV are never rejected;
 *   - phq9_risk (ipt-score.md 4), whenever phq9 is scored, from the
 *     record's item 9 column (phq9_9, phq9_q9 or phq9q9, any case):
 *     missing (absent, null, empty or blank) -> "unknown", or empty when
 *     phq9_status is "absent", never "not_endorsed"; a valid integer 0
 *     -> "not_endorsed"; 1, 2 or 3 (text trimmed of spaces and tabs,
 *     leading zeros allowed, or an integral JSON number) -> "positive";
 *     anything else -> "unknown", with phq9_status "invalid" and the
 *     record flagged; an answered item 9 never leaves the status
 *     "absent".
 */
#include <math.h>

#include "fuzz_util.h"

#include "csvio.h"
#include "inbuf.h"
#include "instrument.h"
#include "json.h"
#include "record.h"
#include "score.h"
#include "stream.h"
#include "writer.h"

#define WHY_MAX 256

static int in_fd = -1, null_fd = -1;
static char in_path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in_fd);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0)
		fz_fail("cannot open /dev/null: %s", strerror(errno));
	return 0;
}

struct counts {
	uint64_t in, out, rejected;
};

/* ---- the phq9_risk oracle ---- */

static bool
ieq(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = a[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != b[i])
			return false;
	}
	return true;
}

enum expect { EXP_MISSING, EXP_ZERO, EXP_POSITIVE, EXP_UNKNOWN };

/* What item 9's cell says, by ipt-score.md 4 and io.md 6. */
static enum expect
item9_expect(const struct field *f)
{
	if (f == NULL || f->kind == VK_NULL)
		return EXP_MISSING;
	if (f->kind == VK_NUM) {
		if (f->num == floor(f->num) && f->num >= 0 && f->num <= 3)
			return f->num == 0 ? EXP_ZERO : EXP_POSITIVE;
		return EXP_UNKNOWN;
	}
	if (f->kind != VK_CSV && f->kind != VK_STR)
		return EXP_UNKNOWN;
	const char *s = f->val;
	size_t n = f->len;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return EXP_MISSING;
	size_t i = s[0] == '-' ? 1 : 0;

	if (i == n)
		return EXP_UNKNOWN;
	int v = 0;

	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return EXP_UNKNOWN;
		if (v < 10)
			v = v * 10 + (s[i] - '0');
	}
	if (s[0] == '-')
		return v == 0 ? EXP_ZERO : EXP_UNKNOWN;
	return v == 0 ? EXP_ZERO : v <= 3 ? EXP_POSITIVE : EXP_UNKNOWN;
}

static const struct field *
field_named(const struct record *r, const char *name)
{
	long i = record_find(r, name, strlen(name));

	return i < 0 ? NULL : &r->f[i];
}

static void
check_risk(const struct scorer *sc, const struct record *r)
{
	int phq9 = instrument_find(&sc->set, "phq9", 4);
	const struct field *item = NULL, *risk, *status;
	int nitem = 0;

	if (phq9 < 0 || !sc->active[phq9])
		return;
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];

		if (ieq(f->name, f->nlen, "phq9_9") ||
		    ieq(f->name, f->nlen, "phq9_q9") ||
		    ieq(f->name, f->nlen, "phq9q9")) {
			item = f;
			nitem++;
		}
	}
	/* two columns for one item are fatal (CSV) or rejected (JSON) */
	FZ_CHECK(nitem <= 1);
	risk = field_named(r, "phq9_risk");
	status = field_named(r, "phq9_status");
	FZ_CHECK(risk != NULL && status != NULL);
	FZ_CHECK(status->kind == VK_STR || status->kind == VK_CODE);
	bool absent = strcmp(status->val, "absent") == 0;
	const char *got = risk->kind == VK_NULL ? "" : risk->val;
	const char *want;
	enum expect e = item9_expect(item);

	switch (e) {
	case EXP_MISSING:
		want = absent ? "" : "unknown";
		break;
	case EXP_ZERO:
		want = "not_endorsed";
		break;
	case EXP_POSITIVE:
		want = "positive";
		break;
	default:
		want = "unknown";
		break;
	}
	/* an answered item 9 means the form was administered */
	if ((e == EXP_ZERO || e == EXP_POSITIVE) && absent)
		fz_fail("phq9_status is 'absent' with item 9 answered");
	/* a present but invalid item 9 makes the status invalid, flagged */
	if (e == EXP_UNKNOWN && (strcmp(status->val, "invalid") != 0 ||
	    !r->flagged))
		fz_fail("item 9 invalid but phq9_status '%s'%s", status->val,
		    r->flagged ? "" : ", record not flagged");
	if (strcmp(got, want) != 0)
		fz_fail("phq9_risk is '%s', expected '%s' (item 9 %s, status "
		    "'%s')", got, want, item == NULL ? "absent" : "present",
		    status->val);
	if (risk->kind != VK_NULL)
		FZ_CHECK(risk->kind == VK_STR || risk->kind == VK_CODE);
}

/* ---- one accepted record through the scorer and the writer ---- */

static void
score_write(struct scorer *sc, struct writer *w, struct record *r,
    bool from_csv, struct counts *n, bool *fatal, char *why)
{
	int res;

	why[0] = '\0';
	res = scorer_apply(sc, r, from_csv, why, WHY_MAX);
	FZ_CHECK(res >= -1 && res <= 1);
	if (res < 0) {
		/* configure() already refused a header with two columns */
		FZ_CHECK(!from_csv);
		*fatal = true;
		return;
	}
	if (res == 1) {
		FZ_CHECK(why[0] != '\0');
		n->rejected++;
		return;
	}
	fz_check_fields(r);
	if (writer_put(w, r, why, WHY_MAX) != 0) {
		/* only a JSON record can hold a key outside the CSV header */
		FZ_CHECK(!from_csv && w->fmt == FMT_CSV);
		FZ_CHECK(why[0] != '\0');
		n->rejected++;
		return;
	}
	n->out++;
	check_risk(sc, r);
}

static enum fmt
out_format(uint8_t mode, enum fmt in)
{
	static const enum fmt f[4] = {FMT_NONE, FMT_CSV, FMT_JSON, FMT_JSONL};

	return f[(mode >> 2) & 3] != FMT_NONE ? f[(mode >> 2) & 3] : in;
}

static void
scorer_setup(struct scorer *sc, uint8_t mode)
{
	char err[WHY_MAX];

	if (scorer_init(sc, NULL, NULL, (mode & 64) ? CODING_POSITION
	    : CODING_SCORE, err, sizeof(err)) != 0)
		fz_fail("scorer_init without options failed: %s", err);
}

/* ---- path 0: the CSV reader ---- */

static void
run_csv(uint8_t mode, unsigned char delim)
{
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	struct scorer sc;
	struct writer w;
	struct colnames cols;
	struct counts n = {0, 0, 0};
	char why[WHY_MAX], err[WHY_MAX];
	bool fatal = false;
	int res;

	scorer_setup(&sc, mode);
	inbuf_init(&in, fz_reader_fd(in_fd));
	csv_reader_init(&c, &in, delim, 1);
	record_init(&r);
	if (csv_read_header(&c) != CSVR_RECORD)
		goto out;
	cols.name = (const char **)c.names;
	cols.len = c.nlens;
	cols.n = c.ncols;
	if (scorer_configure(&sc, &cols, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0');
		goto out;
	}
	writer_init(&w, out_format(mode, FMT_CSV), (char)delim, null_fd);
	writer_csv_header(&w, &cols, scorer_columns(&sc));
	while (!fatal) {
		res = csv_read_record(&c, &r, why, sizeof(why));
		if (res != CSVR_RECORD && res != CSVR_REJECT)
			break;
		r.file = "<fuzz>";
		r.recno = ++n.in;
		if (res == CSVR_REJECT) {
			n.rejected++;
			continue;
		}
		r.schema = 1;
		score_write(&sc, &w, &r, true, &n, &fatal, why);
	}
	FZ_CHECK(writer_finish(&w) == 0);
	if (n.in != n.out + n.rejected)
		fz_fail("CSV: records in %llu, out %llu, rejected %llu",
		    (unsigned long long)n.in, (unsigned long long)n.out,
		    (unsigned long long)n.rejected);
out:
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	scorer_release(&sc);
}

/* ---- path 1: the JSON Lines reader ---- */

/* The previous record's names, for schema ids as stream.c gives them. */
struct names {
	char *buf;
	size_t *len, n, cap, bufcap;
	uint64_t seq;
};

static void
set_schema(struct names *p, struct record *r)
{
	bool same = p->n == r->n && p->seq > 0;
	size_t off = 0;

	for (size_t i = 0; same && i < r->n; i++) {
		same = p->len[i] == r->f[i].nlen &&
		    memcmp(p->buf + off, r->f[i].name, r->f[i].nlen) == 0;
		off += r->f[i].nlen;
	}
	if (!same) {
		size_t total = 0;

		for (size_t i = 0; i < r->n; i++)
			total += r->f[i].nlen;
		if (p->bufcap < total + 1) {
			p->bufcap = total + 1;
			p->buf = realloc(p->buf, p->bufcap);
		}
		if (p->cap < r->n + 1) {
			p->cap = r->n + 1;
			p->len = realloc(p->len, p->cap * sizeof(*p->len));
		}
		FZ_CHECK(p->buf != NULL && p->len != NULL);
		off = 0;
		for (size_t i = 0; i < r->n; i++) {
			memcpy(p->buf + off, r->f[i].name, r->f[i].nlen);
			p->len[i] = r->f[i].nlen;
			off += r->f[i].nlen;
		}
		p->n = r->n;
		p->seq++;
	}
	r->schema = p->seq;
}

static void
run_jsonl(uint8_t mode)
{
	struct inbuf in;
	struct json_reader j;
	struct record r;
	struct scorer sc;
	struct writer w;
	struct names prev = {0};
	struct counts n = {0, 0, 0};
	char why[WHY_MAX], err[WHY_MAX];
	bool configured = false, fatal = false;
	int res;

	scorer_setup(&sc, mode);
	inbuf_init(&in, fz_reader_fd(in_fd));
	json_reader_init(&j, &in, false, 1);
	record_init(&r);
	writer_init(&w, out_format(mode, FMT_JSONL), ',', null_fd);
	while (!fatal) {
		res = json_read_record(&j, &r, why, sizeof(why));
		FZ_CHECK(res != JSONR_FATAL);
		if (res != JSONR_RECORD && res != JSONR_REJECT)
			break;
		r.file = "<fuzz>";
		r.recno = ++n.in;
		if (res == JSONR_REJECT) {
			n.rejected++;
			continue;
		}
		set_schema(&prev, &r);
		if (!configured) {
			/* the first accepted record's names, as ipt-score */
			const char **name = malloc((r.n + 1) * sizeof(*name));
			size_t *len = malloc((r.n + 1) * sizeof(*len));
			struct colnames cols = {name, len, r.n};
			int cr;

			FZ_CHECK(name != NULL && len != NULL);
			for (size_t i = 0; i < r.n; i++) {
				name[i] = r.f[i].name;
				len[i] = r.f[i].nlen;
			}
			cr = scorer_configure(&sc, &cols, err, sizeof(err));
			free(name);
			free(len);
			if (cr != 0)
				goto out;	/* fatal: nothing written */
			configured = true;
		}
		score_write(&sc, &w, &r, false, &n, &fatal, why);
	}
	FZ_CHECK(!fatal);
	if (n.in != n.out + n.rejected)
		fz_fail("JSONL: records in %llu, out %llu, rejected %llu",
		    (unsigned long long)n.in, (unsigned long long)n.out,
		    (unsigned long long)n.rejected);
out:
	FZ_CHECK(writer_finish(&w) == 0);
	free(prev.buf);
	free(prev.len);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);
	scorer_release(&sc);
}

/* ---- paths 2, 3: the stream, as cmd/ipt-score.c run() ---- */

static void
run_stream(uint8_t mode, unsigned char delim)
{
	char *files[1] = {in_path};
	struct stream_opts so = {FMT_NONE, delim, false, NULL};
	struct stream s;
	struct scorer sc;
	struct writer w;
	struct colnames cols;
	struct record *r;
	struct counts n = {0, 0, 0};
	char err[WHY_MAX], why[WHY_MAX];
	bool ok = true, fatal = false;
	int res;

	scorer_setup(&sc, mode);
	FZ_CHECK(stream_open(&s, files, 1, &so) == 0);
	res = stream_columns(&s, &cols);
	if (res < 0) {
		ok = false;
	} else if (res == 0) {
		cols.n = 0;
	} else if (scorer_configure(&sc, &cols, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0');
		ok = false;
	}
	enum fmt first = stream_first_format(&s);

	/* every file gets a format, even an empty one: else it did not open */
	if (first == FMT_NONE)
		fz_fail("stream could not open %s", in_path);
	enum fmt of = out_format(mode, first != FMT_NONE ? first : FMT_CSV);

	writer_init(&w, of, (char)delim, null_fd);
	if (ok) {
		if (first == FMT_CSV && cols.n > 0)
			writer_csv_header(&w, &cols, scorer_columns(&sc));
		while (!fatal && stream_next(&s, &r) > 0) {
			struct counts before = n;

			score_write(&sc, &w, r, s.fmt == FMT_CSV, &n, &fatal,
			    why);
			if (n.out > before.out)
				diag_count.out++;
			if (n.rejected > before.rejected)
				FZ_CHECK(stream_reject(&s, r, why) == 0);
		}
		FZ_CHECK(!fatal);
		if (diag_count.in != diag_count.out + diag_count.rejected)
			fz_fail("stream: records in %llu, out %llu, rejected "
			    "%llu", (unsigned long long)diag_count.in,
			    (unsigned long long)diag_count.out,
			    (unsigned long long)diag_count.rejected);
		FZ_CHECK(diag_count.out == n.out);
		FZ_CHECK(diag_count.rejected >= n.rejected);
	}
	FZ_CHECK(writer_finish(&w) == 0);
	FZ_CHECK(stream_close(&s) == 0);
	scorer_release(&sc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[4] = {',', ';', '\t', '|'};
	uint8_t mode;

	if (size == 0)
		return 0;
	mode = data[0];
	data++;
	size--;
	diag_count = (struct diag_counts){0, 0, 0, 0};
	fz_rewrite(in_fd, data, size);
	switch (mode & 3) {
	case 0:
		run_csv(mode, delims[(mode >> 4) & 3]);
		break;
	case 1:
		run_jsonl(mode);
		break;
	default:
		run_stream(mode, delims[(mode >> 4) & 3]);
		break;
	}
	return 0;
}
