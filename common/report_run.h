/* SPDX-License-Identifier: MIT */
/*
 * report_run.h - ipt-report's whole run once the options are parsed:
 * read session records (or, with --merge, partial states) into a
 * caseload, then write the partial state, the per-patient table or the
 * report (ipt-report.md sections 1, 2, 4, 6 and 8).
 */
#ifndef IPT_REPORT_RUN_H
#define IPT_REPORT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

struct report_opts {
	long as_of;		/* days */
	long window, inactive_days, min_cell;
	const char *const *by;	/* --by columns, borrowed */
	size_t nby;
	const char *intake, *plans;	/* file names, or NULL */
	bool patients, redact, partial, merge;
};

/*
 * Run ipt-report over c's operands with o, writing to out_fd.  Reports
 * every problem itself (exit statuses recorded with diag); returns 0,
 * or an exit status when the run stopped before reading (usage error).
 */
int report_run(const struct cli *c, const struct report_opts *o,
    int out_fd);

#endif
