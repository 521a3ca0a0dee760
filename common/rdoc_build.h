/* SPDX-License-Identifier: MIT */
/*
 * rdoc_build.h - from a caseload and its side files to one struct rdoc
 * (ipt-report.md sections 3 to 7), and the per-patient table of
 * section 4.
 */
#ifndef IPT_RDOC_BUILD_H
#define IPT_RDOC_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "caseload.h"
#include "joins.h"
#include "rdoc.h"
#include "stream.h"

#define RDOC_BY_MAX 16	/* --by columns at most */

/* What a report is computed from.  Everything is borrowed. */
struct rdoc_input {
	long as_of;		/* days */
	long window;		/* --window, as printed; the period itself is
				   the caseload's (caseload_set_period()) */
	long inactive_days;
	long min_cell;
	bool redact;
	char delim;		/* -d, for csv output */
	const char *const *by;	/* --by columns (the caseload's) */
	size_t nby;
	struct caseload *cl;	/* sorted by rdoc_build() */
	const struct caseload_counts *cnt;
	const struct intake *intake;	/* NULL: no --intake */
	const struct plans *plans;	/* NULL: no --plans */
};

/*
 * Compute the whole report into d.  d borrows ids and group values from
 * in->cl and due entries from in->plans: they must outlive d.  Free d
 * with rdoc_release().
 */
void rdoc_build(struct rdoc *d, const struct rdoc_input *in);

/*
 * Write section 4's per-patient table, ids in byte order, in fmt (csv,
 * json or jsonl) to fd.  Returns 0, or -1 after a write error (reported
 * by the writer, exit status recorded).
 */
int rdoc_write_patients(const struct rdoc_input *in, enum fmt fmt, int fd);

/*
 * Whether name is a column of section 4's table (a --by column may not
 * be one: the table would hold it twice).
 */
bool rdoc_is_patient_column(const char *name);

/* A patient's planned sessions: the intake's, else the plan's. */
long rdoc_planned(const struct rdoc_input *in, const struct caseload_entry *e);

#endif
