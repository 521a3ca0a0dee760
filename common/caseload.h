/* SPDX-License-Identifier: MIT */
/*
 * caseload.h - ipt-report's patients: session records read by section 1
 * of ipt-report.md and folded per patient id into a struct patient_state
 * (report.h).
 *
 * A caseload maps patient ids to states (idmap.h).  Ids are the exact
 * bytes of the id field (io.md 6: no trimming, no case folding; an id that
 * is empty after trimming is missing), copied and owned.  The map grows by
 * doubling, so memory grows with patients, not records.  Iteration is in
 * byte order of ids (strcmp), sorted on demand.
 */
#ifndef IPT_CASELOAD_H
#define IPT_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idmap.h"
#include "record.h"
#include "report.h"

/* The section 1 columns a session record is read from. */
enum cl_col {
	CL_ID, CL_DATE, CL_SESSION, CL_ATTENDED,
	CL_PHQ9, CL_PHQA, CL_GAD7, CL_WSAS, CL_EPDS,	/* rep_measure order */
	CL_PHQ9_RISK, CL_PHQA_RISK, CL_EPDS_RISK, CL_CSSRS_RISK,
	CL_ENDED, CL_END_DATE, CL_NCOLS
};

/* Section 1's record counts (records_used = read - future - invalid). */
struct caseload_counts {
	uint64_t read;		/* every record given */
	uint64_t future;	/* dated after as-of: ignored */
	uint64_t invalid;	/* no valid id or date: ignored */
	uint64_t used;
	uint64_t flagged;	/* records with any flagged value */
	/*
	 * Section 6.8's flagged values by reason, one count per flagged
	 * value, indexed by the column (caseload_reason_name()).
	 */
	uint64_t reason[CL_NCOLS];
};

/*
 * "missing id", "missing or invalid date", "invalid session", ...,
 * "invalid end_date": the data-quality line of reason[c].
 */
const char *caseload_reason_name(enum cl_col c);

/*
 * A patient's group value for one --by column (section 5): the value
 * on its latest record where it is non-empty, a byte-greater value
 * winning a tie of keys.  val is NULL when no record had one.
 */
struct cl_by {
	char *val;		/* owned, NUL-terminated, trimmed */
	size_t len;
	struct rep_key key;
};

struct caseload_entry {
	char *id;		/* owned, NUL-terminated */
	size_t len;
	struct cl_by *by;	/* owned, one per --by column; NULL if none */
	struct patient_state st;
};

struct caseload {
	struct caseload_entry *e;	/* patients, in insertion order */
	size_t n, ecap;
	struct idmap map;	/* id -> index into e */
	size_t *order;		/* indexes into e by id, after caseload_sort() */
	size_t norder;		/* entries order[] covers; n when current */
	/* The id column: a name given, or io.md's id, else patient_id. */
	const char *id_name;
	/* Column positions for the schema last seen (-1: absent). */
	bool bound;
	uint64_t schema;
	size_t nbound;
	long pos[CL_NCOLS];
	/* Section 6.3's period [period_from, period_to], days. */
	long period_from, period_to;
	/* --by columns (borrowed) and their positions in the bound schema. */
	const char *const *by;
	size_t nby;
	long *bypos;
	struct caseload_counts *cnt;	/* during caseload_add_record() */
};

/*
 * An empty caseload.  id_name is the id column (--id), borrowed; NULL for
 * io.md's rule: `id` if the record has it, else `patient_id`.
 */
void caseload_init(struct caseload *cl, const char *id_name);

/*
 * Section 6.3's period, days, both ends included; without this call the
 * period is empty.  Call before adding records.
 */
void caseload_set_period(struct caseload *cl, long from, long to);

/*
 * The --by columns by[0..n), borrowed: they must outlive cl.  Call
 * before adding records.
 */
void caseload_set_by(struct caseload *cl, const char *const *by, size_t n);

/*
 * Fold a group value into e (section 5's rule): val[0..len) with key.
 * The caller gives only non-empty, trimmed values; val is copied.
 * Used by caseload_add_record() and by --merge.
 */
void caseload_by_update(const struct caseload *cl,
    struct caseload_entry *e, size_t k, const char *val, size_t len,
    const struct rep_key *key);

/*
 * The entry of patient id[0..len), created empty when new (the id is
 * copied).  Valid until the next call that adds a patient.
 */
struct caseload_entry *caseload_entry_get(struct caseload *cl,
    const char *id, size_t len);
void caseload_release(struct caseload *cl);

static inline size_t
caseload_size(const struct caseload *cl)
{
	return cl->n;
}

/* The state of patient id[0..len), or NULL when it has none. */
struct patient_state *caseload_find(const struct caseload *cl,
    const char *id, size_t len);

/*
 * The state of patient id[0..len), created empty (patient_state_init)
 * when new; the id is copied.  The pointer is valid until the next call
 * that adds a patient.
 */
struct patient_state *caseload_get(struct caseload *cl, const char *id,
    size_t len);

/*
 * Read one session record by section 1 and fold it into its patient's
 * state: a record without a valid id or date is flagged and counted
 * invalid, one dated after as_of (days) counted future, both ignored;
 * invalid values are flagged (value_flag/record_flag: warning and
 * r->flagged) and read as the section says.  Counts are added to *c.
 */
void caseload_add_record(struct caseload *cl, struct record *r, long as_of,
    struct caseload_counts *c);

/*
 * Sort the patients by id (strcmp byte order) for caseload_at(); call
 * again after adding patients.  Returns the number of patients.
 */
size_t caseload_sort(struct caseload *cl);

/* The k-th patient in id order (k < caseload_sort()'s result). */
const struct caseload_entry *caseload_at(const struct caseload *cl,
    size_t k);

#endif
