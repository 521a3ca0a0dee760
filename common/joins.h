/* SPDX-License-Identifier: MIT */
/*
 * joins.h - ipt-report's side files (ipt-report.md sections 2, 3 and
 * 6.4): --intake, patient records joined by id, and --plans, ipt-plan's
 * output reduced to each id's planned session count and the due and
 * overdue lists.
 *
 * Each file is read once, through the stream layer, as a stream of its
 * own: any format, detected per file (io.md 2); rejected records are
 * warned about and counted in diag_count.rejected there; record numbers
 * in messages count from 1 in the file, and diag_count.in (the session
 * records) is left as it was.  An invalid value is flagged with
 * value_flag() or record_flag() (a capped warning naming file, line,
 * record and field, quoting the value); a record with any flag counts
 * once in the struct's flagged and in diag_count.flagged, so that the exit
 * status is 1.
 *
 * Ids are the exact bytes of the id field: the column `id` when the
 * record has it, else `patient_id` (or the column join_opts names); no
 * trimming, no case folding; an id empty after trimming is missing, and
 * its record is flagged and skipped.  Lookups take <id, len>.
 *
 * Everything the structs hold is owned by them and valid until the
 * matching _release(); pointers returned by lookups are borrowed.
 * Nothing observable depends on hash order or on the order of the input
 * records (except which duplicate intake record comes last).
 *
 * Load between records, not while a record of another stream is still in
 * use: JSON records borrow their strings from the JSON reader's arena,
 * which is shared, and which reading (and closing) a file resets.
 */
#ifndef IPT_JOINS_H
#define IPT_JOINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idmap.h"
#include "stream.h"

/*
 * How a side file is read: the input options of io.md 1 that apply to
 * it.  There is no rejects member: the --rejects file belongs to the
 * session records (opening it again would truncate it).
 */
struct join_opts {
	enum fmt in_fmt;	/* FMT_NONE: detect (the default) */
	unsigned char delim;	/* CSV delimiter; ',' by default */
	bool strict;		/* a rejected record is fatal (exit 65) */
	const char *id_name;	/* --id COL (borrowed); NULL: io.md 6 */
};

/* ---- --intake ---- */

struct intake_row {
	char *id;		/* owned, NUL-terminated */
	size_t len;
	long age;		/* 0..120, or REP_UNKNOWN (report.h) */
	long sessions_recommended;	/* 1..60, or REP_UNKNOWN */
	/*
	 * The --by columns' values (nby of them), trimmed of spaces and
	 * tabs, owned; NULL when the column is absent, null, or empty after
	 * trimming.  NULL itself when nby is 0.
	 */
	char **by;
};

struct intake {
	struct intake_row *row;	/* one per id, in order of first sight */
	size_t n, cap;
	size_t nby;
	uint64_t records;	/* records read (not counting rejected ones) */
	uint64_t flagged;	/* records with any flagged value */
	struct idmap map;	/* private */
};

/* An empty intake: intake_find() finds nothing, release is harmless. */
void intake_init(struct intake *in);

/*
 * Read the intake file path ("-": standard input) into in, which need
 * not be initialised.  by[0..nby) are the --by column names (borrowed,
 * read during the call only).  Per record: the id; `age`, an integer
 * 0-120, and `sessions_recommended`, an integer 1-60, each flagged and
 * read as REP_UNKNOWN when invalid (REP_UNKNOWN without a flag when
 * missing); the by values.  A record without an id is flagged and
 * skipped.  A duplicate id is flagged and the later record wins whole
 * (its missing values too).
 *
 * Returns 0, or -1 after a fatal error already reported (the file cannot
 * be opened: exit 66 recorded; framing, header or a --strict reject:
 * exit 65); in is then empty, as after intake_init().
 */
int intake_load(struct intake *in, const char *path,
    const char *const *by, size_t nby);
/* intake_load() with input options; o NULL: the defaults. */
int intake_load_opts(struct intake *in, const char *path,
    const char *const *by, size_t nby, const struct join_opts *o);

/* The row of id[0..len), or NULL when the intake has none. */
const struct intake_row *intake_find(const struct intake *in,
    const char *id, size_t len);

/* Free everything; in is left as after intake_init(). */
void intake_release(struct intake *in);

/* ---- --plans ---- */

/* One due or overdue contact. */
struct plan_entry {
	char *id;		/* owned, NUL-terminated */
	size_t idlen;
	long date;		/* days from 1970-01-01 */
	char *kind;		/* owned: individual, group, parent_joint,
				   pre_group, mid_group, post_group, followup */
	long session;		/* treatment session number; 0: none */
	char *measures;		/* owned, trimmed; NULL when empty */
	long contact;		/* ipt-plan's contact number, >= 1 */
};

/*
 * What the caseload knows of an id, asked while the plans are read (the
 * caseload is complete by then).  patient() returns false when id[0..len)
 * is not a patient; otherwise it sets *attended (the attended count) and
 * *ended.  It is asked at most once per id, and only about ids with a
 * valid planned treatment session dated before as_of - 7.
 */
struct plans_lookup {
	void *ctx;
	bool (*patient)(void *ctx, const char *id, size_t len,
	    long *attended, bool *ended);
};

/* Private: what the plans say of one id. */
struct plan_id {
	char *id;		/* owned */
	size_t len;
	long planned;		/* treatment-session contacts */
	bool looked_up;		/* attended and ended hold the answer */
	long attended;
	bool ended;
};

struct plans {
	/* Both sorted by (date, id bytes, contact), then the other fields. */
	struct plan_entry *due;
	size_t ndue;
	struct plan_entry *overdue;
	size_t noverdue;
	uint64_t records;	/* records read (not counting rejected ones) */
	uint64_t flagged;	/* records with any flagged value */
	/* private */
	size_t duecap, overduecap;
	struct plan_id *ids;
	size_t nids, idcap;
	struct idmap map;
};

/* Empty plans: plans_planned() is REP_UNKNOWN, no entries. */
void plans_init(struct plans *pl);

/*
 * Read ipt-plan output from path ("-": standard input) into pl, which
 * need not be initialised, as of as_of (days), streaming: memory holds
 * one small entry per planned id and the due and overdue contacts only.
 *
 * Both of ipt-plan's forms are read: one record per contact (ipt-plan.md
 * section 3) and --nested (one record per patient, no `contact` field,
 * its contacts in a `contacts` array); the form is decided per record.
 * Per record: the id and `plan_status` (planned or not_planned; anything
 * else is flagged and the record ignored).  not_planned records count
 * for nothing.  A planned contact gives its id a plan, and
 * - counts in the id's planned when `session` is an integer >= 1;
 * - is due when dated in (as_of, as_of + 7], whatever its kind or id;
 * - is overdue when it has a session number, is dated strictly before
 *   as_of - 7, the session number is above the id's attended count
 *   (lk; 0 when the id is not a patient) and the id is not an ended
 *   patient.
 * An invalid `session`, `date`, `contact` (an integer >= 1) or `kind`,
 * or a missing `date`, `contact` or `kind`, is flagged and the contact is
 * left out of due and overdue (an invalid session also out of planned).
 * lk may be NULL: no id is a patient.
 *
 * Returns 0, or -1 after a fatal error already reported (as for
 * intake_load()); pl is then empty, as after plans_init().
 */
int plans_load(struct plans *pl, const char *path, long as_of,
    const struct plans_lookup *lk);
/* plans_load() with input options; o NULL: the defaults. */
int plans_load_opts(struct plans *pl, const char *path, long as_of,
    const struct plans_lookup *lk, const struct join_opts *o);

/*
 * The number of treatment sessions in id[0..len)'s plan (0 when its plan
 * has none), or REP_UNKNOWN when the id has no planned contact at all.
 */
long plans_planned(const struct plans *pl, const char *id, size_t len);

/* Free everything; pl is left as after plans_init(). */
void plans_release(struct plans *pl);

#endif
