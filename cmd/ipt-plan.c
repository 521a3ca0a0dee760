/* SPDX-License-Identifier: MIT */
/*
 * ipt-plan - session-by-session treatment plans (ipt-plan(1)).
 *
 * Options, the holiday files, then one loop: read a screened record,
 * plan it, write its contacts (or the record saying why not).  The
 * planning itself lives in common/plan.c, the calendar in holiday.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "diag.h"
#include "holiday.h"
#include "plan.h"
#include "xalloc.h"

#define ERR_MAX 1024

enum {
	OPT_ELIGIBLE_ONLY = CLI_TOOL_OPT, OPT_FOLLOWUPS, OPT_HOLIDAYS,
	OPT_KEEP, OPT_MINUTES, OPT_NESTED, OPT_SESSIONS, OPT_START,
	OPT_WEEKDAY
};

struct plan_opts {
	struct plan_config cfg;
	int followup[PLAN_FOLLOWUPS_MAX];
	const char **holidays;	/* --holidays FILE, in order (argv strings) */
	int nholidays;
};

static const struct option plan_long[] = {
	{"eligible-only", no_argument, NULL, OPT_ELIGIBLE_ONLY},
	{"followups", required_argument, NULL, OPT_FOLLOWUPS},
	{"holidays", required_argument, NULL, OPT_HOLIDAYS},
	{"keep", required_argument, NULL, OPT_KEEP},
	{"minutes", required_argument, NULL, OPT_MINUTES},
	{"nested", no_argument, NULL, OPT_NESTED},
	{"sessions", required_argument, NULL, OPT_SESSIONS},
	{"start", required_argument, NULL, OPT_START},
	{"weekday", required_argument, NULL, OPT_WEEKDAY},
	{NULL, 0, NULL, 0}
};

/* The options that take a value to check; -1 after a usage error. */
static int
value_option(struct plan_opts *o, int c, const char *arg)
{
	struct plan_config *cfg = &o->cfg;

	switch (c) {
	case OPT_FOLLOWUPS:
		if (plan_parse_followups(arg, o->followup,
		    &cfg->cal.nfollowups) == 0)
			return 0;
		cli_usage_error("invalid --followups '%s': ascending months "
		    "1-%d, comma-separated", arg, PLAN_FOLLOWUP_MONTHS_MAX);
		return -1;
	case OPT_MINUTES:
		if (cli_parse_range(arg, strlen(arg), PLAN_MINUTES_MIN, PLAN_MINUTES_MAX,
		    &cfg->minutes) == 0)
			return 0;
		cli_usage_error("invalid --minutes '%s': an integer %d-%d", arg,
		    PLAN_MINUTES_MIN, PLAN_MINUTES_MAX);
		return -1;
	case OPT_SESSIONS:
		if (cli_parse_range(arg, strlen(arg), PLAN_SESSIONS_MIN, PLAN_SESSIONS_MAX,
		    &cfg->sessions) == 0)
			return 0;
		cli_usage_error("invalid --sessions '%s': an integer %d-%d",
		    arg, PLAN_SESSIONS_MIN, PLAN_SESSIONS_MAX);
		return -1;
	case OPT_START:
		cfg->has_start = date_parse(arg, strlen(arg),
		    &cfg->start);
		if (cfg->has_start)
			return 0;
		cli_usage_error("invalid --start '%s': a date YYYY-MM-DD", arg);
		return -1;
	case OPT_WEEKDAY:
		if (plan_parse_weekday(arg, &cfg->cal.weekday) == 0)
			return 0;
		cli_usage_error("invalid --weekday '%s': mon, tue, wed, thu "
		    "or fri", arg);
		return -1;
	}
	return -1;
}

static int
plan_option(int c, const char *arg, void *ctx)
{
	struct plan_opts *o = ctx;

	switch (c) {
	case OPT_ELIGIBLE_ONLY:
		o->cfg.eligible_only = true;
		return 0;
	case OPT_HOLIDAYS:
		o->holidays = xreallocarray(o->holidays, (size_t)o->nholidays + 1,
		    sizeof(*o->holidays));
		o->holidays[o->nholidays++] = arg;
		return 0;
	case OPT_KEEP:
		o->cfg.keep = arg;
		return 0;
	case OPT_NESTED:
		o->cfg.nested = true;
		return 0;
	}
	return value_option(o, c, arg);
}

static const struct cli_tool tool = {
	.name = "ipt-plan",
	.synopsis = "[options] [FILE ...]",
	.summary = "Write each eligible patient's IPT treatment plan, one "
	    "record per contact:\ndates, phases, focus, tasks, "
	    "questionnaires, reviews and follow-ups.",
	.options =
	    "      --start DATE         first session date (YYYY-MM-DD) when "
	    "a record has no\n"
	    "                           valid start_date\n"
	    "      --weekday DAY        mon ... fri (default: the start "
	    "date's weekday)\n"
	    "      --holidays FILE      dates with no contacts (repeatable)\n"
	    "      --sessions N         the dose for every patient, 6-24\n"
	    "      --minutes N          session length, 15-180\n"
	    "      --followups LIST     months after the last session "
	    "(default 3,6,12)\n"
	    "      --keep COLS          input columns to carry, "
	    "comma-separated\n"
	    "      --eligible-only      write nothing for patients not "
	    "eligible\n"
	    "      --nested             one JSON record per patient "
	    "(with -o json or jsonl)\n",
	.example =
	    "  ipt-screen intake.csv | ipt-plan --start 2026-12-07 "
	    "--holidays holidays.txt > plans.csv",
	.longopts = plan_long,
	.opt = plan_option,
};

/* Read every --holidays file into hol; an exit status, or 0. */
static int
load_holidays(const struct plan_opts *o, struct holidays *hol)
{
	char err[HOLIDAY_ERR_MAX];

	for (int i = 0; i < o->nholidays; i++) {
		switch (holidays_load(hol, o->holidays[i], err, sizeof(err))) {
		case HOL_OK:
			break;
		case HOL_BAD_LINE:
			cli_usage_error("%s", err);
			return EXIT_USAGE;
		case HOL_UNREADABLE:
			diag_error("%s", err);
			return EXIT_NOINPUT;
		}
	}
	holidays_sort(hol);
	return 0;
}

/* The summary line of ipt-plan.md section 2, then diag_finish(). */
static int
plan_finish(const struct plan_counts *k)
{
	char line[256];

	snprintf(line, sizeof(line), "records in %" PRIu64 ", planned %"
	    PRIu64 ", not planned %" PRIu64 ", rejected %" PRIu64
	    ", flagged %" PRIu64 "; contacts %" PRIu64, diag_count.in,
	    k->planned, k->not_planned, diag_count.rejected,
	    diag_count.flagged, k->contacts);
	diag_set_summary(line);
	return diag_finish();
}

/* Checks that need every option; CLI_RUN to go on, else an exit status. */
static int
setup(struct plan_opts *o, const struct cli *c, struct holidays *hol)
{
	int rc;

	if (o->cfg.nested && c->out_fmt != FMT_JSON && c->out_fmt != FMT_JSONL) {
		cli_usage_error("--nested needs -o json or -o jsonl");
		return EXIT_USAGE;
	}
	if ((rc = load_holidays(o, hol)) != 0)
		return rc;
	o->cfg.cal.followup = o->followup;
	o->cfg.cal.hol = hol;
	return CLI_RUN;
}

int
main(int argc, char **argv)
{
	static const int default_followups[] = {3, 6, 12};
	struct plan_opts o;
	struct cli_tool t = tool;
	struct cli c;
	struct holidays hol;
	struct planner p;
	int rc;

	memset(&o, 0, sizeof(o));
	memcpy(o.followup, default_followups, sizeof(default_followups));
	o.cfg.cal.nfollowups = 3;
	o.cfg.cal.weekday = -1;
	diag_init("ipt-plan");
	holidays_init(&hol);
	t.ctx = &o;
	rc = cli_parse(&c, &t, argc, argv);
	if (rc == CLI_RUN)
		rc = setup(&o, &c, &hol);
	if (rc == CLI_RUN) {
		diag_set_quiet(c.quiet);
		diag_set_stats(c.stats);
		planner_init(&p, &o.cfg);
		struct plan_counts k;

		rc = plan_run(&c, &p, STDOUT_FILENO, &k);
		if (rc == 0)
			rc = plan_finish(&k);
		planner_release(&p);
	}
	holidays_release(&hol);
	free(o.holidays);
	return rc;
}
