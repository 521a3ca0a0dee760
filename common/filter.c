/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "diag.h"
#include "filter.h"

#define WHY_MAX 256

/* Read the first header and hand it to the tool; -1 on a fatal error. */
static int
configure(struct stream *in, const struct filter *f, struct colnames *cols)
{
	char err[WHY_MAX];
	int r = stream_columns(in, cols);

	if (r <= 0) {
		cols->n = 0;
		return r;
	}
	if (f->configure(f->ctx, cols, err, sizeof(err)) != 0) {
		diag_error("%s: %s", in->name, err);
		diag_status(EXIT_DATA);
		return -1;
	}
	return 0;
}

static void
loop(struct stream *in, const struct filter *f, struct writer *w)
{
	char why[WHY_MAX];
	struct record *r;

	while (w->out.err == 0 && stream_next(in, &r) > 0) {
		int res = f->apply(f->ctx, r, in->fmt == FMT_CSV, why,
		    sizeof(why));

		if (res < 0) {
			diag_error("%s: %s", in->name, why);
			diag_status(EXIT_DATA);
			return;
		}
		if (res == 0 && writer_put(w, r, why, sizeof(why)) == 0) {
			diag_count.out++;
			diag_count.flagged += r->flagged;
			continue;
		}
		if (stream_reject(in, r, why) != 0)
			return;
	}
}

/* Close the output; a write error is exit 74 (EPIPE without a word). */
void
filter_finish_output(struct writer *w, int fd)
{
	int failed = writer_finish(w) != 0;

	if (fd == 1 && cli_close_stdout() != 0)
		failed = 1;
	if (failed) {
		if (w->out.err != EPIPE && w->out.err != 0)
			diag_error("write error: %s", strerror(w->out.err));
		diag_status(EXIT_IO);
	}
}

void
filter_run(const struct cli *c, const struct filter *f)
{
	struct stream in;
	struct writer w;
	struct colnames cols;
	struct stream_opts so = {c->in_fmt, (unsigned char)c->delim, c->strict,
	    c->rejects};

	if (stream_open(&in, c->files, c->nfiles, &so) != 0) {
		stream_close(&in);
		return;
	}
	int ok = configure(&in, f, &cols);
	enum fmt first = stream_first_format(&in);
	enum fmt of = c->out_fmt != FMT_NONE ? c->out_fmt
	    : first != FMT_NONE ? first : FMT_CSV;

	writer_init(&w, of, c->delim, f->out_fd);
	if (ok == 0) {
		if (first == FMT_CSV && cols.n > 0)
			f->csv_header(f->ctx, &w, &cols);
		loop(&in, f, &w);
	}
	filter_finish_output(&w, f->out_fd);
	stream_close(&in);
}
