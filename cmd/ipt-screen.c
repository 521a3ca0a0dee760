/* SPDX-License-Identifier: MIT */
/*
 * ipt-screen - eligibility, contraindications and focal problem area
 * for IPT referrals (ipt-screen(1)).
 *
 * Options, then one loop: read a record, score its questionnaires, screen
 * it, write it.  The rules live in common/screen.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "score.h"
#include "screen.h"
#include "stream.h"
#include "writer.h"

#define ERR_MAX 256

enum { OPT_LINK_DAYS = CLI_TOOL_OPT };

static const struct option screen_long[] = {
	{"link-days", required_argument, NULL, OPT_LINK_DAYS},
	{NULL, 0, NULL, 0}
};

/* An integer 0..SCREEN_LINK_DAYS_MAX in plain digits; -1 otherwise. */
static long
parse_link_days(const char *arg)
{
	long v = 0;

	if (arg[0] == '\0')
		return -1;
	for (const char *p = arg; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > SCREEN_LINK_DAYS_MAX)
			return -1;
	}
	return v;
}

static int
screen_option(int c, const char *arg, void *ctx)
{
	long *link_days = ctx;

	if (c != OPT_LINK_DAYS)
		return -1;
	if ((*link_days = parse_link_days(arg)) < 0) {
		cli_usage_error("invalid --link-days '%s': an integer 0-%d",
		    arg, SCREEN_LINK_DAYS_MAX);
		return -1;
	}
	return 0;
}

static const struct cli_tool tool = {
	.name = "ipt-screen",
	.synopsis = "[options] [FILE ...]",
	.summary = "Screen IPT referrals: risk level, eligibility with "
	    "reasons, cautions,\nfocal problem area with its evidence, "
	    "track and dose.",
	.options =
	    "      --link-days N        days before onset that still link "
	    "an event\n"
	    "                           to the episode (0-3650, default "
	    "365)\n",
	.example =
	    "  ipt-screen intake.csv > screened.csv\n"
	    "  ipt-screen -o jsonl intake.csv | jq -c "
	    "'select(.screen_status != \"eligible\")'",
	.longopts = screen_long,
	.opt = screen_option,
};

/* Read the first header, choose what to score; -1 on fatal. */
static int
configure(struct stream *in, struct scorer *sc, struct colnames *cols)
{
	const char *scored[8];
	char err[ERR_MAX];
	int r = stream_columns(in, cols);

	if (r < 0)
		return -1;
	if (r == 0) {
		cols->n = 0;
		return 0;
	}
	screen_scored_prefixes(cols, scored);
	scorer_restrict(sc, scored);
	if (scorer_configure(sc, cols, err, sizeof(err)) != 0) {
		diag_error("%s: %s", in->name, err);
		diag_status(EXIT_DATA);
		return -1;
	}
	return 0;
}

/* The main loop; returns when the input ends or a fatal error stops it. */
static void
screen_all(struct stream *in, struct scorer *sc, struct screener *scr,
    struct writer *w)
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
		if (res == 0)
			screen_apply(scr, r);
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
run(const struct cli *c, struct scorer *sc, struct screener *scr)
{
	struct stream in;
	struct writer w;
	struct colnames cols;
	struct stream_opts so = {c->in_fmt, (unsigned char)c->delim, c->strict,
	    c->rejects};

	if (stream_open(&in, c->files, c->nfiles, &so) != 0)
		return diag_finish();
	int ok = configure(&in, sc, &cols);
	enum fmt of = c->out_fmt != FMT_NONE ? c->out_fmt
	    : stream_first_format(&in) != FMT_NONE ? stream_first_format(&in)
	    : FMT_CSV;

	writer_init(&w, of, c->delim, STDOUT_FILENO);
	if (ok == 0) {
		if (stream_first_format(&in) == FMT_CSV && cols.n > 0)
			screen_csv_header(scr, &w, &cols, scorer_columns(sc));
		screen_all(&in, sc, scr, &w);
	}
	finish_output(&w);
	stream_close(&in);
	return diag_finish();
}

int
main(int argc, char **argv)
{
	long link_days = SCREEN_LINK_DAYS;
	struct cli_tool t = tool;
	struct cli c;
	struct scorer sc;
	struct screener scr;
	char err[ERR_MAX];
	int rc;

	diag_init("ipt-screen");
	t.ctx = &link_days;
	if ((rc = cli_parse(&c, &t, argc, argv)) != CLI_RUN)
		return rc;
	diag_set_quiet(c.quiet);
	diag_set_stats(c.stats);
	if (scorer_init(&sc, NULL, NULL, CODING_SCORE, err, sizeof(err)) != 0) {
		diag_error("%s", err);	/* the built-ins alone cannot fail */
		scorer_release(&sc);
		return EXIT_INTERNAL;
	}
	screener_init(&scr, link_days);
	rc = run(&c, &sc, &scr);
	screener_release(&scr);
	scorer_release(&sc);
	return rc;
}
