/* SPDX-License-Identifier: MIT */
/*
 * partial.h - ipt-report --partial and --merge (ipt-report.md section 8):
 * a caseload's mergeable state as JSON Lines, and the merge of such
 * records back into a caseload.
 *
 * Merging partials P1..Pk of any split of the session records gives the
 * caseload (every patient_state, every --by value with its key) and the
 * caseload_counts that reading all the records in one process gives:
 * patient states merge with patient_state_merge(), group values with
 * caseload_by_update(), counts by addition.
 *
 * Record format, version 1.  One JSON object per line, keys in this
 * order, no spaces.  Every record starts with the same five keys:
 *
 *   "ipt_report_partial":1      the format version; --merge takes only 1
 *   "as_of":"YYYY-MM-DD"        --as-of
 *   "window":N                  --window
 *   "inactive_days":N           --inactive-days
 *   "by":["col",...]            --by, in order ([] without --by)
 *
 * Then a patient record (one per patient, ids in byte order) has:
 *
 *   "id":"..."                  the exact id bytes, always a string
 *   "records":N,"attended":N    N >= 1; attended <= records
 *   "first_date":D,"last_date":D   of attended records; null iff none
 *   "last_record":D             latest record of any kind
 *   "ended_yes":B,"end_date":D  end_date: earliest, or null
 *   "phq9":S,"phqa":S,"gad7":S,"wsas":S,"epds":S
 *       S is null (no score) or
 *       {"n":N,"first":[D,s,v],"last":[D,s,v],"prev":[D,s,v]|null}
 *       with s the session number or null, v the total; prev (the score
 *       before the last) is null exactly when n is 1
 *   "risk_key":[D,s]|null       the latest record with a risk value
 *   "risk":[L,L,L,L]            phq9_risk, phqa_risk, epds_risk,
 *       cssrs_risk on it: level names (not_endorsed, low, unknown,
 *       positive, moderate, high) or null; all null iff risk_key is null
 *   "period_contacts":N,"period_ended":B
 *   "traj":[[D,B,p,a],...]      the first (at most 16) attended records:
 *       date, has a session number, phq9 and phqa totals or null; in
 *       section 3 order
 *   "tsum":[[k,n,sum,sq],...]   trajectory sums of session number k
 *       (1..16), k increasing, entries with all three zero left out
 *   "overflow":B                a trajectory sum did not fit
 *   "by_values":[G,...]         one per --by column: null (no value) or
 *       ["value",D,s], the value and its record's (date, session)
 *
 * D is a date "YYYY-MM-DD", B true or false, N an integer.  The last
 * record of a partial is its trailer, the counts that belong to no
 * patient:
 *
 *   "trailer":true,"read":N,"future":N,"invalid":N,"used":N,"flagged":N,
 *   "reasons":{"missing id":N,"missing or invalid date":N,...}
 *
 * reasons has one key per caseload_reason_name(), in enum cl_col order.
 *
 * Reading is strict: a missing or unknown key, a value of the wrong type
 * or out of its range, an unknown level name, a list out of order or too
 * long, or a state that patient_state_add() could not have produced
 * (e.g. attended > records) is a fatal data error.  Counts are at most
 * PARTIAL_COUNT_MAX (exact in a JSON number), merged totals too.
 */
#ifndef IPT_PARTIAL_H
#define IPT_PARTIAL_H

#include <limits.h>
#include <stddef.h>

#include "caseload.h"
#include "obuf.h"
#include "record.h"

#define PARTIAL_VERSION 1

/* The largest count a partial holds: exact in a JSON number (< 2^53). */
#if LONG_MAX > 2000000000000000
#define PARTIAL_COUNT_MAX 1000000000000000L
#else
#define PARTIAL_COUNT_MAX (LONG_MAX / 2)
#endif

/* The options a partial depends on; merge time must give the same. */
struct partial_cfg {
	long as_of;		/* days from 1970-01-01 */
	long window;		/* --window */
	long inactive_days;	/* --inactive-days */
	const char *const *by;	/* --by column names, borrowed */
	size_t nby;
};

/*
 * Write cl's patients in id byte order (caseload_sort()), then the
 * trailer with c's counts, to out.  Returns 0, or -1 when out has failed
 * (out->err holds the errno; the caller reports it, usually at
 * obuf_close()).
 */
int partial_put(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, struct obuf *out);

/*
 * partial_put() through an obuf of its own on fd (not closed), flushed
 * before returning.  Returns 0, or -1 with errno set on a write error.
 */
int partial_write(struct caseload *cl, const struct caseload_counts *c,
    const struct partial_cfg *cfg, int fd);

/*
 * Merge one partial record r (JSON or JSON Lines input, from the stream
 * layer) into cl and c.  cl must have cfg's --by columns set
 * (caseload_set_by()).  Returns 0, or -1 after reporting a fatal data
 * error naming the record and the field (exit 65 recorded with
 * diag_status()): a record that is not a version 1 partial, as_of,
 * window, inactive_days or by different from cfg, or a malformed state.
 * On error cl and c are left as they were.
 */
int partial_merge_record(struct caseload *cl, struct caseload_counts *c,
    const struct partial_cfg *cfg, struct record *r);

/*
 * After the last record: check that the patients' records add up to the
 * trailers' used counts, which catches a partial cut short (a lost
 * trailer or lost patients).  Returns 0, or -1 after reporting a fatal
 * data error (exit 65).
 */
int partial_merge_finish(const struct caseload *cl,
    const struct caseload_counts *c);

#endif
