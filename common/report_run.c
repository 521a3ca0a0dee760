/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "caseload.h"
#include "diag.h"
#include "filter.h"
#include "joins.h"
#include "partial.h"
#include "rdoc_build.h"
#include "report_run.h"
#include "stream.h"

/* Everything one run holds. */
struct run {
	const struct report_opts *o;
	struct partial_cfg pc;	/* what --partial writes and --merge checks */
	struct caseload cl;
	struct caseload_counts cnt;
	uint64_t partials;	/* --merge: partial records read */
	uint64_t side_flagged;	/* flagged --intake and --plans records */
	uint64_t session_rejected;	/* rejected session or partial records */
};

static bool
usable(int status)
{
	return status == EXIT_OK || status == EXIT_SOME ||
	    status == EXIT_NOINPUT;
}

/* The one limit a patient's state has (report.h: overflow). */
static void
check_limits(const struct run *run)
{
	for (size_t k = 0; k < run->cl.n; k++)
		if (run->cl.e[k].st.overflow) {
			diag_error("a patient has more than 5 million records "
			    "with one session number: beyond ipt-report's "
			    "limits");
			diag_status(EXIT_DATA);
			return;
		}
}

/* Read every record of the operands into the caseload. */
static void
read_all(const struct cli *c, struct run *run)
{
	/*
	 * A partial line that cannot be read would silently lose a
	 * patient: with --merge every reject is fatal.
	 */
	struct stream_opts so = {c->in_fmt, (unsigned char)c->delim,
	    c->strict || run->o->merge, c->rejects};
	struct stream in;
	struct record *r;
	int rc;

	if (stream_open(&in, c->files, c->nfiles, &so) != 0) {
		stream_close(&in);
		return;
	}
	while ((rc = stream_next(&in, &r)) == 1) {
		if (!run->o->merge) {
			caseload_add_record(&run->cl, r, run->o->as_of,
			    &run->cnt);
			/* The exit status and summary count flagged records. */
			diag_count.flagged += r->flagged;
			continue;
		}
		run->partials++;
		if (partial_merge_record(&run->cl, &run->cnt, &run->pc,
		    r) != 0)
			break;
	}
	if (stream_close(&in) != 0)
		diag_status(EXIT_IO);
	/* Before the side files add theirs. */
	run->session_rejected = diag_count.rejected;
	if (run->o->merge && usable(diag_exit_status())) {
		/* A part cut short (a lost trailer) is caught here. */
		if (partial_merge_finish(&run->cl, &run->cnt) != 0)
			return;
		/* The merged run's status is the unsplit run's. */
		diag_count.flagged += run->cnt.flagged;
	}
}

/* plans_lookup: the attended count and ended status of a patient. */
static bool
patient_of(void *ctx, const char *id, size_t len, long *attended,
    bool *ended)
{
	const struct run *run = ctx;
	const struct patient_state *st = caseload_find(&run->cl, id, len);
	struct patient_facts f;

	if (st == NULL)
		return false;
	/* ended does not depend on planned: REP_UNKNOWN will do. */
	patient_facts(st, run->o->as_of, run->o->inactive_days, REP_UNKNOWN,
	    &f);
	*attended = f.attended;
	*ended = f.ended;
	return true;
}

static int
write_report(struct rdoc_input *in, enum fmt fmt, int fd)
{
	struct rdoc d;
	int rc;

	rdoc_build(&d, in);
	switch (fmt) {
	case FMT_HTML:
		rc = rdoc_write_html(&d, fd);
		break;
	case FMT_JSON:
		rc = rdoc_write_json(&d, fd);
		break;
	case FMT_CSV:
		rc = rdoc_write_csv(&d, fd);
		break;
	default:
		rc = rdoc_write_md(&d, fd);
		break;
	}
	rdoc_release(&d);
	return rc;
}

/*
 * The output could not be written: exit 74, quietly for a closed pipe
 * (io.md 7; errno still holds the failed write's error).
 */
static void
write_failed(void)
{
	if (errno != EPIPE)
		diag_error("write error: %s", strerror(errno));
	diag_status(EXIT_IO);
}

/* The side files, then the table or the report. */
static void
write_output(const struct cli *c, struct run *run, int fd)
{
	const struct report_opts *o = run->o;
	struct plans_lookup lk = {run, patient_of};
	struct intake intake;
	struct plans plans;
	struct rdoc_input in = {o->as_of, o->window, o->inactive_days,
	    o->min_cell, o->redact, c->delim, o->by, o->nby, &run->cl,
	    &run->cnt, NULL, NULL};
	/* -d and --strict apply to the side files; each detects its format. */
	struct join_opts jo = {FMT_NONE, (unsigned char)c->delim, c->strict,
	    NULL};
	bool ok = true;

	intake_init(&intake);
	plans_init(&plans);
	if (o->intake != NULL) {
		ok = intake_load_opts(&intake, o->intake, o->by, o->nby,
		    &jo) == 0;
		in.intake = &intake;
		run->side_flagged += intake.flagged;
	}
	if (ok && o->plans != NULL) {
		ok = plans_load_opts(&plans, o->plans, o->as_of, &lk,
		    &jo) == 0;
		in.plans = &plans;
		run->side_flagged += plans.flagged;
	}
	/* A side file that failed (reported, 65 or 66) leaves no report. */
	if (ok) {
		if (o->patients)
			ok = rdoc_write_patients(&in, c->out_fmt == FMT_NONE ?
			    FMT_CSV : c->out_fmt, fd) == 0;
		else
			ok = write_report(&in, c->out_fmt, fd) == 0;
		if (fd == STDOUT_FILENO && cli_close_stdout() != 0)
			ok = false;
		if (!ok)
			write_failed();
	}
	intake_release(&intake);
	plans_release(&plans);
}

/* The closing summary: ipt-report's own counts (io.md 7). */
static void
set_summary(const struct run *run)
{
	char line[320];

	if (run->o->merge)
		snprintf(line, sizeof(line), "partial records in %" PRIu64
		    ", rejected %" PRIu64 "; records read %" PRIu64 ", used %"
		    PRIu64 ", flagged %" PRIu64 "; patients %zu",
		    run->partials, run->session_rejected, run->cnt.read,
		    run->cnt.used, run->cnt.flagged,
		    caseload_size(&run->cl));
	else
		snprintf(line, sizeof(line), "records in %" PRIu64 ", used %"
		    PRIu64 ", future %" PRIu64 ", invalid %" PRIu64
		    ", rejected %" PRIu64 ", flagged %" PRIu64
		    "; patients %zu; side files flagged %" PRIu64,
		    run->cnt.read + run->session_rejected, run->cnt.used,
		    run->cnt.future, run->cnt.invalid, run->session_rejected,
		    run->cnt.flagged, caseload_size(&run->cl),
		    run->side_flagged);
	diag_set_summary(line);
}

int
report_run(const struct cli *c, const struct report_opts *o, int out_fd)
{
	struct run run;

	memset(&run, 0, sizeof(run));
	run.o = o;
	run.pc = (struct partial_cfg){o->as_of, o->window, o->inactive_days,
	    o->by, o->nby};
	caseload_init(&run.cl, NULL);
	caseload_set_period(&run.cl, o->as_of - o->window + 1, o->as_of);
	caseload_set_by(&run.cl, o->by, o->nby);
	read_all(c, &run);
	check_limits(&run);
	/*
	 * A fatal error leaves no report: one built from part of a file
	 * would lie.  A file that could not be opened (66) is like cat(1):
	 * the others are read and reported, and the status says so.
	 */
	if (usable(diag_exit_status())) {
		if (o->partial) {
			if (partial_write(&run.cl, &run.cnt, &run.pc,
			    out_fd) != 0 ||
			    (out_fd == STDOUT_FILENO &&
			    cli_close_stdout() != 0))
				write_failed();
		} else {
			write_output(c, &run, out_fd);
		}
	}
	set_summary(&run);
	caseload_release(&run.cl);
	return 0;
}
