/* SPDX-License-Identifier: MIT */
/*
 * ipt-screen - eligibility, contraindications and focal problem area
 * for IPT referrals (ipt-screen(1)).
 *
 * Options, then one loop: read a record, score its questionnaires, screen
 * it, write it.  The rules live in common/screen.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "filter.h"
#include "screen.h"

#define ERR_MAX 256

enum { OPT_LINK_DAYS = CLI_TOOL_OPT };

static const struct option screen_long[] = {
	{"link-days", required_argument, NULL, OPT_LINK_DAYS},
	{NULL, 0, NULL, 0}
};

static int
screen_option(int c, const char *arg, void *ctx)
{
	long *link_days = ctx;
	int v;

	if (c != OPT_LINK_DAYS)
		return -1;
	if (cli_parse_range(arg, strlen(arg), 0, SCREEN_LINK_DAYS_MAX,
	    &v) != 0) {
		cli_usage_error("invalid --link-days '%s': an integer 0-%d",
		    arg, SCREEN_LINK_DAYS_MAX);
		return -1;
	}
	*link_days = v;
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

int
main(int argc, char **argv)
{
	long link_days = SCREEN_LINK_DAYS;
	struct cli_tool t = tool;
	struct screen_tool st;
	struct filter f;
	struct cli c;
	int rc;

	diag_init("ipt-screen");
	t.ctx = &link_days;
	if ((rc = cli_parse(&c, &t, argc, argv)) != CLI_RUN)
		return rc;
	diag_set_quiet(c.quiet);
	diag_set_stats(c.stats);
	screen_tool_init(&st, link_days);
	screen_filter(&st, &f);
	filter_run(&c, &f);
	screen_tool_release(&st);
	return diag_finish();
}
