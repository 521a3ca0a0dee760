/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv.c - libFuzzer harness for the CSV record reader (common/csvio.c).
 *
 * The input is a whole CSV file, read the way ipt-* reads a file: through
 * an inbuf on a file descriptor, delimiter ',', header first, then records
 * until the end, a fatal framing error or a read error.  Invariants
 * (abort() on violation):
 *   - records and rejects together are at most one per input byte;
 *   - every record (accepted or rejected) has 1 <= line <= the input's
 *     physical lines, strictly increasing, after the header's line;
 *   - its raw text is part of the input, in order;
 *   - an accepted record has exactly the header's field count, names
 *     borrowed from the header in order, NUL-free valid UTF-8 values,
 *     each no longer than the raw text;
 *   - a rejection has a reason; a fatal error has a position inside the
 *     input and a message;
 *   - round trip: the accepted records written by the CSV writer read
 *     back as the same header and the same values (except one io.md
 *     ambiguity, see below);
 *   - the plain-line splitter agrees with libcsv: reading the input
 *     again with libcsv_only gives the same records, rejections, lines
 *     and fatal error, byte for byte.
 */
#include "fuzz_util.h"

#include "csvio.h"
#include "inbuf.h"
#include "record.h"
#include "stream.h"
#include "writer.h"

static int in_fd = -1, out_fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	out_fd = fz_tmpfile();
	return 0;
}

/* The accepted records' values, for the round trip: len, bytes, ... */
struct vlog {
	char *p;
	size_t len, cap;
	size_t nrec;
};

static void
vlog_put(struct vlog *l, const void *p, size_t n)
{
	if (l->cap - l->len < n) {
		size_t cap = l->cap ? l->cap : 1024;

		while (cap - l->len < n)
			cap *= 2;
		l->p = realloc(l->p, cap);
		FZ_CHECK(l->p != NULL);
		l->cap = cap;
	}
	memcpy(l->p + l->len, p, n);
	l->len += n;
}

static void
vlog_record(struct vlog *l, const struct record *r)
{
	vlog_put(l, &r->n, sizeof(r->n));
	for (size_t i = 0; i < r->n; i++) {
		vlog_put(l, &r->f[i].len, sizeof(r->f[i].len));
		vlog_put(l, r->f[i].val, r->f[i].len);
	}
	l->nrec++;
}

/* Compare r with the next logged record at *off. */
static void
vlog_match(const struct vlog *l, size_t *off, const struct record *r)
{
	size_t n, len;

	FZ_CHECK(*off + sizeof(n) <= l->len);
	memcpy(&n, l->p + *off, sizeof(n));
	*off += sizeof(n);
	FZ_CHECK(r->n == n);
	for (size_t i = 0; i < n; i++) {
		memcpy(&len, l->p + *off, sizeof(len));
		*off += sizeof(len);
		if (r->f[i].len != len || memcmp(r->f[i].val, l->p + *off, len))
			fz_fail("round trip: field %zu of a record changed "
			    "(%zu bytes, was %zu)", i, r->f[i].len, len);
		*off += len;
	}
}

/* The header as the writer wants it. */
static void
header_cols(const struct csv_reader *c, struct colnames *cols)
{
	cols->name = (const char **)c->names;
	cols->len = c->nlens;
	cols->n = c->ncols;
}

static void
check_header(const struct csv_reader *c, uint64_t maxline)
{
	FZ_CHECK(c->ncols >= 1 && c->ncols <= CSV_COLUMNS_MAX);
	FZ_CHECK(c->header_line >= 1 && c->header_line <= maxline);
	for (size_t i = 0; i < c->ncols; i++) {
		FZ_CHECK(c->nlens[i] > 0);
		FZ_CHECK(c->names[i][c->nlens[i]] == '\0');
		FZ_CHECK(utf8_valid_nonul(c->names[i], c->nlens[i]));
		for (size_t j = 0; j < i; j++)
			FZ_CHECK(c->nlens[i] != c->nlens[j] ||
			    memcmp(c->names[i], c->names[j], c->nlens[i]) != 0);
	}
}

/* Read the written output back and compare it with the log. */
static void
round_trip(const struct csv_reader *orig, const struct vlog *l)
{
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[256];
	size_t off = 0, nrec = 0;
	int res;

	inbuf_init(&in, fz_reader_fd(out_fd));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	res = csv_read_header(&c);
	if (res != CSVR_RECORD)
		fz_fail("round trip: header read back as %d (%s)", res, c.err);
	FZ_CHECK(c.ncols == orig->ncols);
	for (size_t i = 0; i < c.ncols; i++)
		FZ_CHECK(c.nlens[i] == orig->nlens[i] &&
		    memcmp(c.names[i], orig->names[i], c.nlens[i]) == 0);
	while ((res = csv_read_record(&c, &r, why, sizeof(why))) ==
	    CSVR_RECORD) {
		FZ_CHECK(nrec < l->nrec);
		vlog_match(l, &off, &r);
		nrec++;
	}
	if (res != CSVR_EOF)
		fz_fail("round trip: record %zu read back as %d (%s%s)",
		    nrec + 1, res, res == CSVR_REJECT ? why : "", c.err);
	if (nrec != l->nrec)
		fz_fail("round trip: %zu records written, %zu read back",
		    l->nrec, nrec);
	FZ_CHECK(off == l->len);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
}

/*
 * Every reader event of the input in l: each record's result, line and
 * values (or reason), then the final result and any error.
 */
static void
events(bool libcsv_only, struct vlog *l)
{
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[256];
	int res;

	inbuf_init(&in, fz_reader_fd(in_fd));
	csv_reader_init(&c, &in, ',', 1);
	c.libcsv_only = libcsv_only;
	record_init(&r);
	res = csv_read_header(&c);
	while (res == CSVR_RECORD || res == CSVR_REJECT) {
		why[0] = '\0';
		res = csv_read_record(&c, &r, why, sizeof(why));
		vlog_put(l, &res, sizeof(res));
		if (res == CSVR_RECORD) {
			vlog_put(l, &r.line, sizeof(r.line));
			vlog_record(l, &r);
		} else if (res == CSVR_REJECT) {
			vlog_put(l, &r.line, sizeof(r.line));
			vlog_put(l, why, strlen(why));
		}
	}
	vlog_put(l, &res, sizeof(res));
	if (res == CSVR_FATAL) {
		vlog_put(l, c.err, strlen(c.err));
		vlog_put(l, &c.err_line, sizeof(c.err_line));
		vlog_put(l, &c.err_col, sizeof(c.err_col));
	}
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
}

static void
check_splitter(void)
{
	struct vlog a = {0}, b = {0};

	events(false, &a);
	events(true, &b);
	if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
		fz_fail("the plain-line splitter and libcsv disagree");
	free(a.p);
	free(b.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	struct writer w;
	struct colnames cols;
	struct vlog log = {0};
	char why[256];
	const uint64_t maxline = fz_lines(data, size);
	uint64_t last_line = 0, nread = 0, nrej = 0;
	size_t from = 0;
	bool wrote = false;
	int res;

	diag_count = (struct diag_counts){0, 0, 0, 0};
	fz_rewrite(in_fd, data, size);
	fz_rewrite(out_fd, "", 0);
	inbuf_init(&in, fz_reader_fd(in_fd));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);

	res = csv_read_header(&c);
	FZ_CHECK(res == CSVR_RECORD || res == CSVR_EOF || res == CSVR_FATAL);
	if (res == CSVR_RECORD) {
		check_header(&c, maxline);
		last_line = c.header_line;
		header_cols(&c, &cols);
		writer_init(&w, FMT_CSV, ',', out_fd);
		writer_csv_header(&w, &cols, NULL);
		wrote = true;
		for (;;) {
			why[0] = '\0';
			res = csv_read_record(&c, &r, why, sizeof(why));
			if (res != CSVR_RECORD && res != CSVR_REJECT)
				break;
			nread++;
			FZ_CHECK(nread <= size);
			FZ_CHECK(r.line >= 1 && r.line <= maxline);
			FZ_CHECK(r.line > last_line);
			last_line = r.line;
			fz_check_raw(data, size, r.raw, r.rawlen, &from);
			if (res == CSVR_REJECT) {
				nrej++;
				FZ_CHECK(why[0] != '\0');
				continue;
			}
			FZ_CHECK(r.n == c.ncols);
			fz_check_fields(&r);
			for (size_t i = 0; i < r.n; i++) {
				FZ_CHECK(r.f[i].name == c.names[i]);
				FZ_CHECK(r.f[i].nlen == c.nlens[i]);
				FZ_CHECK(r.f[i].kind == VK_CSV);
				FZ_CHECK(r.f[i].len <= r.rawlen);
			}
			r.schema = 1;
			/* A lone empty value is written as "" (not a blank
			 * line, which a reader skips): it must round-trip. */
			FZ_CHECK(writer_put(&w, &r, why, sizeof(why)) == 0);
			vlog_record(&log, &r);
		}
		FZ_CHECK(writer_finish(&w) == 0);
		FZ_CHECK(w.nrec == log.nrec);
	}
	FZ_CHECK(res == CSVR_EOF || res == CSVR_FATAL);
	if (res == CSVR_FATAL) {
		FZ_CHECK(c.err[0] != '\0');
		FZ_CHECK(c.err_line >= 1 && c.err_line <= maxline);
	}
	FZ_CHECK(nrej <= nread);
	/* also after a framing error: the records before it were written */
	if (wrote)
		round_trip(&c, &log);
	check_splitter();

	free(log.p);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	return 0;
}
