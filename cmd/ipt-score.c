/* SPDX-License-Identifier: MIT */
/*
 * ipt-score - score outcome questionnaires (ipt-score(1)).
 *
 * Options, then one loop: read a record, score it, write it.  Everything
 * else lives in common/.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "filter.h"
#include "instrument.h"
#include "score.h"

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

/* "; insufficient N" after the summary counts (ipt-score.md 3). */
static void
set_summary(const struct scorer *sc)
{
	char extra[64];

	if (sc->insufficient == 0)
		return;
	snprintf(extra, sizeof(extra), "insufficient %" PRIu64,
	    sc->insufficient);
	diag_set_summary_extra(extra);
}

int
main(int argc, char **argv)
{
	struct score_opts o = {NULL, NULL, false, CODING_SCORE};
	struct cli_tool t = tool;
	struct cli c;
	struct scorer sc;
	struct filter f;
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
	if (o.list) {
		rc = list_instruments(&sc);
	} else {
		scorer_filter(&sc, &f);
		filter_run(&c, &f);
		set_summary(&sc);
		rc = diag_finish();
	}
	scorer_release(&sc);
	return rc;
}
