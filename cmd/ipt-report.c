/* SPDX-License-Identifier: MIT */
/*
 * ipt-report - weekly caseload and outcome report from scored session
 * records (ipt-report.md).  Options here; the run is report_run().
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "diag.h"
#include "rdoc_build.h"
#include "report_run.h"
#include "xalloc.h"

enum {
	OPT_AS_OF = CLI_TOOL_OPT, OPT_BY, OPT_INACTIVE_DAYS, OPT_INTAKE,
	OPT_MERGE, OPT_MIN_CELL, OPT_PARTIAL, OPT_PATIENTS, OPT_PLANS,
	OPT_REDACT, OPT_WINDOW
};

/* Option values: wide enough for any sensible service, small enough
 * that date arithmetic never overflows. */
#define DAYS_MAX 36600
#define MIN_CELL_MAX 1000000

struct opts {
	struct report_opts r;
	bool has_as_of;
	char *bybuf;		/* --by's copy, split in place */
	const char *by[RDOC_BY_MAX];
};

static const struct option report_long[] = {
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"by", required_argument, NULL, OPT_BY},
	{"inactive-days", required_argument, NULL, OPT_INACTIVE_DAYS},
	{"intake", required_argument, NULL, OPT_INTAKE},
	{"merge", no_argument, NULL, OPT_MERGE},
	{"min-cell", required_argument, NULL, OPT_MIN_CELL},
	{"partial", no_argument, NULL, OPT_PARTIAL},
	{"patients", no_argument, NULL, OPT_PATIENTS},
	{"plans", required_argument, NULL, OPT_PLANS},
	{"redact", no_argument, NULL, OPT_REDACT},
	{"window", required_argument, NULL, OPT_WINDOW},
	{NULL, 0, NULL, 0}
};

/* --by COLS: comma-separated, each non-empty, distinct, not a table column. */
static int
parse_by(struct opts *o, const char *arg)
{
	char *s, *save = NULL;

	free(o->bybuf);
	o->bybuf = xmemdup(arg, strlen(arg));
	o->r.nby = 0;
	for (s = o->bybuf;; s = NULL) {
		char *item = strtok_r(s, ",", &save);

		if (item == NULL)
			break;
		if (o->r.nby == RDOC_BY_MAX) {
			cli_usage_error("--by: at most %d columns", RDOC_BY_MAX);
			return -1;
		}
		for (size_t k = 0; k < o->r.nby; k++)
			if (strcmp(o->by[k], item) == 0) {
				cli_usage_error("--by: column '%s' given twice",
				    item);
				return -1;
			}
		if (rdoc_is_patient_column(item)) {
			cli_usage_error("--by: '%s' is a column of the "
			    "per-patient table", item);
			return -1;
		}
		o->by[o->r.nby++] = item;
	}
	/* strtok_r skips empty items: check for them on the original. */
	if (o->r.nby == 0 || arg[0] == ',' || arg[strlen(arg) - 1] == ',' ||
	    strstr(arg, ",,") != NULL) {
		cli_usage_error("invalid --by '%s': comma-separated column "
		    "names, none empty", arg);
		return -1;
	}
	o->r.by = o->by;
	return 0;
}

static int
number_option(const char *opt, const char *arg, int lo, int hi, long *v)
{
	int n;

	if (cli_parse_range(arg, strlen(arg), lo, hi, &n) == 0) {
		*v = n;
		return 0;
	}
	cli_usage_error("invalid --%s '%s': an integer %d-%d", opt, arg, lo,
	    hi);
	return -1;
}

static int
report_option(int c, const char *arg, void *ctx)
{
	struct opts *o = ctx;

	switch (c) {
	case OPT_AS_OF:
		o->has_as_of = date_parse(arg, strlen(arg), &o->r.as_of);
		if (o->has_as_of)
			return 0;
		cli_usage_error("invalid --as-of '%s': a date YYYY-MM-DD", arg);
		return -1;
	case OPT_BY:
		return parse_by(o, arg);
	case OPT_INACTIVE_DAYS:
		return number_option("inactive-days", arg, 0, DAYS_MAX,
		    &o->r.inactive_days);
	case OPT_WINDOW:
		return number_option("window", arg, 1, DAYS_MAX, &o->r.window);
	case OPT_MIN_CELL:
		return number_option("min-cell", arg, 0, MIN_CELL_MAX,
		    &o->r.min_cell);
	case OPT_INTAKE:
		o->r.intake = arg;
		return 0;
	case OPT_PLANS:
		o->r.plans = arg;
		return 0;
	case OPT_MERGE:
		o->r.merge = true;
		return 0;
	case OPT_PARTIAL:
		o->r.partial = true;
		return 0;
	case OPT_PATIENTS:
		o->r.patients = true;
		return 0;
	case OPT_REDACT:
		o->r.redact = true;
		return 0;
	}
	return -1;
}

static const struct cli_tool tool = {
	.name = "ipt-report",
	.synopsis = "[options] [FILE ...]",
	.summary = "Write a caseload and outcome report from scored session "
	    "records: safety\nfollow-up, this period, due contacts, NHS "
	    "Talking Therapies outcomes, benchmarks.",
	.options =
	    "      --as-of DATE         report date (default: today, or "
	    "SOURCE_DATE_EPOCH)\n"
	    "      --window N           days in the period (default 7)\n"
	    "      --by COLS            also break outcomes down by these "
	    "columns\n"
	    "      --intake FILE        ipt-screen output: age, "
	    "sessions_recommended, groups\n"
	    "      --plans FILE         ipt-plan output: due and overdue "
	    "contacts\n"
	    "      --inactive-days N    no record for more than N days: "
	    "ended (default 28)\n"
	    "      --patients           the per-patient table instead "
	    "(-o csv, json, jsonl)\n"
	    "      --redact             no patient ids: lists become counts\n"
	    "      --min-cell K         rates with a denominator below K "
	    "are suppressed\n"
	    "      --partial            write the mergeable state (JSON "
	    "Lines)\n"
	    "      --merge              read partial states instead of "
	    "session records\n",
	.example =
	    "  ipt-score sessions.csv | ipt-report --intake screened.csv "
	    "--plans plans.csv -o html > weekly.html",
	.report_formats = true,
	.longopts = report_long,
	.opt = report_option,
};

/* Checks that need every option; CLI_RUN to go on, else an exit status. */
static int
setup(struct opts *o, struct cli *c)
{
	struct report_opts *r = &o->r;

	if (r->partial && r->merge) {
		cli_usage_error("--partial and --merge exclude each other");
		return EXIT_USAGE;
	}
	if (r->partial && (r->intake != NULL || r->plans != NULL)) {
		cli_usage_error("--intake and --plans are used at merge time, "
		    "not with --partial");
		return EXIT_USAGE;
	}
	if (r->partial && r->patients) {
		cli_usage_error("--partial and --patients exclude each other");
		return EXIT_USAGE;
	}
	if (r->partial && c->out_fmt != FMT_NONE && c->out_fmt != FMT_JSONL) {
		cli_usage_error("--partial writes JSON Lines (-o jsonl)");
		return EXIT_USAGE;
	}
	if (r->patients && r->redact) {
		cli_usage_error("--patients lists patients by id: it cannot "
		    "be --redact'ed");
		return EXIT_USAGE;
	}
	if (r->patients && (c->out_fmt == FMT_MD || c->out_fmt == FMT_HTML)) {
		cli_usage_error("--patients writes -o csv, json or jsonl");
		return EXIT_USAGE;
	}
	if (!r->patients && !r->partial && c->out_fmt == FMT_JSONL) {
		cli_usage_error("a report is -o md, html, json or csv");
		return EXIT_USAGE;
	}
	if (!o->has_as_of && date_today(&r->as_of) != 0) {
		cli_usage_error("invalid SOURCE_DATE_EPOCH: seconds since "
		    "1970-01-01 UTC; or give --as-of");
		return EXIT_USAGE;
	}
	return CLI_RUN;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct cli_tool t = tool;
	struct cli c;
	int rc;

	memset(&o, 0, sizeof(o));
	o.r.window = 7;
	o.r.inactive_days = 28;
	diag_init("ipt-report");
	t.ctx = &o;
	rc = cli_parse(&c, &t, argc, argv);
	if (rc == CLI_RUN)
		rc = setup(&o, &c);
	if (rc == CLI_RUN) {
		diag_set_quiet(c.quiet);
		diag_set_stats(c.stats);
		rc = report_run(&c, &o.r, STDOUT_FILENO);
		if (rc == 0)
			rc = diag_finish();
	}
	free(o.bybuf);
	return rc;
}
