/* SPDX-License-Identifier: MIT */
/*
 * ipt-score - score outcome questionnaires (ipt-score(1)).
 *
 * Options, then one loop: read a record, score it, write it.  Everything
 * else lives in common/.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "instrument.h"
#include "score.h"
#include "stream.h"
#include "writer.h"

#define ERR_MAX 256

enum { OPT_INSTRUMENTS = CLI_TOOL_OPT, OPT_DEFINE, OPT_LIST, OPT_CODING };

struct score_opts {
	const char *instruments;
	const char *define;
	bool list;
	enum item_coding coding;
};

static const struct option score_long[] = {
	{"coding", required_argument, NULL, OPT_CODING},
	{"define", required_argument, NULL, OPT_DEFINE},
	{"instruments", required_argument, NULL, OPT_INSTRUMENTS},
	{"list", no_argument, NULL, OPT_LIST},
	{NULL, 0, NULL, 0}
};

static int
score_option(int c, const char *arg, void *ctx)
{
	struct score_opts *o = ctx;

	switch (c) {
	case OPT_CODING:
		if (strcmp(arg, "score") == 0)
			o->coding = CODING_SCORE;
		else if (strcmp(arg, "position") == 0)
			o->coding = CODING_POSITION;
		else {
			cli_usage_error("invalid coding '%s': score or position",
			    arg);
			return -1;
		}
		return 0;
	case OPT_DEFINE:
		o->define = arg;
		return 0;
	case OPT_INSTRUMENTS:
		o->instruments = arg;
		return 0;
	case OPT_LIST:
		o->list = true;
		return 0;
	}
	return -1;
}

static const struct cli_tool tool = {
	.name = "ipt-score",
	.synopsis = "[options] [FILE ...]",
	.summary = "Score questionnaire items (PHQ-9, PHQ-A, PHQ-2, GAD-7, "
	    "GAD-2, EPDS, WSAS, K10,\nWHO-5, C-SSRS screener, custom "
	    "instruments): totals, bands, statuses, risk.",
	.options =
	    "      --instruments LIST   score only these prefixes "
	    "(comma-separated)\n"
	    "      --define FILE        add custom instruments from a JSON "
	    "file\n"
	    "      --list               print the instrument table as JSON "
	    "and exit\n"
	    "      --coding score|position  EPDS items as scores (default) "
	    "or box positions\n",
	.example =
	    "  ipt-score sessions.csv > scored.csv\n"
	    "  ipt-score -o jsonl sessions.csv | jq -c "
	    "'select(.phq9_risk != \"not_endorsed\")'",
	.longopts = score_long,
	.opt = score_option,
};

static int
list_instruments(const struct scorer *sc)
{
	if (instruments_list(&sc->set, stdout) != 0 || cli_close_stdout() != 0)
		return EXIT_IO;
	return EXIT_OK;
}

/* Read the first header and choose the instruments; -1 on fatal. */
static int
configure(struct stream *in, struct scorer *sc, struct colnames *cols)
{
	char err[ERR_MAX];
	int r = stream_columns(in, cols);

	if (r < 0)
		return -1;
	if (r == 0) {
		cols->n = 0;
		return 0;
	}
	if (scorer_configure(sc, cols, err, sizeof(err)) != 0) {
		diag_error("%s: %s", in->name, err);
		diag_status(EXIT_DATA);
		return -1;
	}
	if (scorer_count(sc) == 0)
		diag_note("no instrument items found; records passed through "
		    "unchanged");
	return 0;
}

/* The main loop; returns when the input ends or a fatal error stops it. */
static void
score_all(struct stream *in, struct scorer *sc, struct writer *w)
{
	char why[ERR_MAX];
	struct record *r;

	while (w->out.err == 0 && stream_next(in, &r) > 0) {
		int res = scorer_apply(sc, r, in->fmt == FMT_CSV, why,
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

static void
finish_output(struct writer *w)
{
	if (writer_finish(w) != 0 || cli_close_stdout() != 0) {
		if (w->out.err != EPIPE && w->out.err != 0)
			diag_error("write error: %s", strerror(w->out.err));
		diag_status(EXIT_IO);
	}
}

static int
run(const struct cli *c, struct scorer *sc)
{
	struct stream in;
	struct writer w;
	struct colnames cols;
	struct stream_opts so = {c->in_fmt, (unsigned char)c->delim, c->strict,
	    c->rejects};
	char extra[64];

	if (stream_open(&in, c->files, c->nfiles, &so) != 0)
		return diag_finish();
	int ok = configure(&in, sc, &cols);
	enum fmt of = c->out_fmt != FMT_NONE ? c->out_fmt
	    : stream_first_format(&in) != FMT_NONE ? stream_first_format(&in)
	    : FMT_CSV;

	writer_init(&w, of, c->delim, STDOUT_FILENO);
	if (ok == 0) {
		if (stream_first_format(&in) == FMT_CSV && cols.n > 0)
			writer_csv_header(&w, &cols, scorer_columns(sc));
		score_all(&in, sc, &w);
	}
	finish_output(&w);
	stream_close(&in);
	if (sc->insufficient > 0) {
		snprintf(extra, sizeof(extra), "insufficient %" PRIu64,
		    sc->insufficient);
		diag_set_summary_extra(extra);
	}
	return diag_finish();
}

int
main(int argc, char **argv)
{
	struct score_opts o = {NULL, NULL, false, CODING_SCORE};
	struct cli_tool t = tool;
	struct cli c;
	struct scorer sc;
	char err[ERR_MAX];
	int rc;

	diag_init("ipt-score");
	t.ctx = &o;
	if ((rc = cli_parse(&c, &t, argc, argv)) != CLI_RUN)
		return rc;
	diag_set_quiet(c.quiet);
	diag_set_stats(c.stats);
	if (scorer_init(&sc, o.define, o.instruments, o.coding, err,
	    sizeof(err)) != 0) {
		cli_usage_error("%s", err);
		scorer_release(&sc);
		return EXIT_USAGE;
	}
	rc = o.list ? list_instruments(&sc) : run(&c, &sc);
	scorer_release(&sc);
	return rc;
}
