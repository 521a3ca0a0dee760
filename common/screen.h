/* SPDX-License-Identifier: MIT */
/*
 * screen.h - the screening decision of ipt-screen (ipt-screen.md).
 *
 * Three layers, each usable alone:
 *
 *   1. screen_read(): a record's intake columns (section 1) parsed into a
 *      struct screen_input, flagging every invalid value; an invalid
 *      value is then missing for every rule.
 *   2. Pure functions of a struct screen_input: risk level (section 2),
 *      focal area and evidence (5), status, reasons and notes (3, 4),
 *      track and dose (6), priority.  screen_decide() runs them all.
 *      They read no record, print nothing and allocate nothing.
 *   3. screen_write(): the 12 output columns (section 7) into the record.
 *
 * The rules live in tables in screen.c, walked in the spec's order.
 *
 * Memory: a struct screener owns the column positions it caches; release
 * it with screener_release().  struct screen_input and struct
 * screen_decision hold no pointers to memory that needs freeing: every
 * string in them is static or inside the struct.
 */
#ifndef IPT_SCREEN_H
#define IPT_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "record.h"
#include "score.h"
#include "stream.h"
#include "value.h"
#include "writer.h"

#define SCREEN_LINK_DAYS 365		/* --link-days default */
#define SCREEN_LINK_DAYS_MAX 3650
#define SCREEN_EVIDENCE_MAX 512		/* focal_evidence, with its NUL */
#define SCREEN_LIST_MAX 512		/* a ;-joined list, with its NUL */

/* The intake columns ipt-screen reads, in the order they are checked. */
enum screen_col {
	SC_AGE, SC_DIAGNOSIS, SC_EPISODE, SC_MEDICATION, SC_MED_RESPONSE,
	SC_SUICIDE_RISK, SC_PSYCHOSIS, SC_MANIA, SC_HOMICIDAL,
	SC_SUBSTANCE_DEP, SC_INTELLECTUAL, SC_PREGNANT, SC_BREASTFEEDING,
	SC_POSTPARTUM, SC_SOCIAL_ISOLATION, SC_ORGANIC, SC_CONCURRENT,
	SC_FORMAT, SC_ONSET, SC_REFERRAL, SC_BEREAVEMENT, SC_DISPUTE_WITH,
	SC_DISPUTE_STAGE, SC_DISPUTE_SINCE, SC_TRANSITION, SC_TRANSITION_DATE,
	SC_CLOSE_REL,
	/* questionnaire columns, as given or as scored */
	SC_PHQ9_TOTAL, SC_PHQ9_RISK, SC_PHQA_TOTAL, SC_PHQA_RISK,
	SC_EPDS_TOTAL, SC_EPDS_RISK, SC_WSAS_TOTAL, SC_CSSRS_RISK,
	SC_NCOLS
};

/*
 * Code vocabularies: the enum values are the indices in the vocabulary
 * tables of screen.c (value_code()'s idx), in the spec's order.
 */
enum diagnosis {
	DX_DEPRESSION, DX_DYSTHYMIA, DX_PERINATAL, DX_ANXIETY,
	DX_SOCIAL_ANXIETY, DX_GAD, DX_PANIC, DX_PTSD, DX_ADJUSTMENT,
	DX_EATING, DX_BIPOLAR, DX_PSYCHOSIS, DX_SUBSTANCE, DX_DEMENTIA,
	DX_OTHER
};
enum episode { EP_FIRST, EP_RECURRENT };
enum medication { MED_NONE, MED_SSRI, MED_SNRI, MED_OTHER };
enum med_response { RESP_ADEQUATE, RESP_PARTIAL, RESP_NONE };
enum suicide_rating { SR_NONE, SR_LOW, SR_MODERATE, SR_HIGH };
enum organic { ORG_EXCLUDED, ORG_SUSPECTED, ORG_CONFIRMED };
enum concurrent {
	CT_NONE, CT_PSYCHOANALYSIS, CT_PSYCHODYNAMIC, CT_CBT, CT_COUNSELLING,
	CT_OTHER
};
enum format_pref { FP_INDIVIDUAL, FP_GROUP, FP_BRIEF, FP_ANY };
enum dispute_with { DW_NONE };		/* then partner ... other */
enum transition { TR_NONE };		/* then job_loss ... other */
enum screening_risk { SRISK_POSITIVE, SRISK_NOT_ENDORSED, SRISK_UNKNOWN };
enum cssrs_level {
	CL_HIGH, CL_MODERATE, CL_UNKNOWN, CL_LOW, CL_NOT_ENDORSED
};

/*
 * One parsed column.  v is the integer, the date (days from 1970-01-01),
 * the code's index, or 1/0 for yes/no; meaningful only when st == VAL_OK.
 * VAL_INVALID was flagged and counts as missing for every rule.
 */
struct screen_val {
	enum vstate st;
	long v;
};

struct screen_input {
	struct screen_val col[SC_NCOLS];
	bool has_id;
};

/* Ordered by severity, mildest first, so that the worst is the largest. */
enum risk_level {
	RL_NOT_ENDORSED, RL_LOW, RL_UNKNOWN, RL_MODERATE, RL_HIGH
};

enum screen_status {
	STATUS_REFER, STATUS_DEFER, STATUS_NEEDS_ASSESSMENT, STATUS_ELIGIBLE
};

enum focal_area {
	FA_GRIEF, FA_ROLE_DISPUTE, FA_ROLE_TRANSITION, FA_DEFICITS,
	FA_UNDETERMINED, FA_NONE	/* FA_NONE: no secondary area */
};

enum ipt_track { TRACK_IPT_A, TRACK_IPT_G, TRACK_IPT_B, TRACK_IPT,
	TRACK_NONE };

#define SCREEN_MAX_RULES 32
#define SCREEN_MAX_NOTES 16

struct screen_decision {
	enum risk_level risk;
	enum screen_status status;
	bool reason[SCREEN_MAX_RULES];	/* by rule, in table order */
	bool note[SCREEN_MAX_NOTES];	/* by note, in table order */
	enum focal_area focal, secondary;
	char evidence[SCREEN_EVIDENCE_MAX];	/* "" when no segment */
	enum ipt_track track;		/* TRACK_NONE unless eligible */
	int sessions, minutes;		/* 0 unless eligible */
	bool urgent;
};

/* ---- the pure layer ---- */

/* Clear in: every column missing, no id. */
void screen_input_init(struct screen_input *in);

/* Section 2. */
enum risk_level screen_risk(const struct screen_input *in);

/*
 * Section 5: focal area, secondary area and focal_evidence for a window
 * of link_days days.  Fills d->focal, d->secondary, d->evidence.
 */
void screen_focal(const struct screen_input *in, long link_days,
    struct screen_decision *d);

/* Sections 2-6: the whole decision.  Cannot fail. */
void screen_decide(const struct screen_input *in, long link_days,
    struct screen_decision *d);

/*
 * The lists of the decision as written: screen_reasons, screen_notes,
 * outcome_measures, ";"-joined ("" when empty).  out must hold
 * SCREEN_LIST_MAX bytes; returns out.
 */
char *screen_reasons(const struct screen_decision *d, char *out);
char *screen_notes(const struct screen_decision *d, char *out);
char *screen_measures(const struct screen_input *in,
    const struct screen_decision *d, char *out);

/* Lower-case names as written; "" for FA_NONE and TRACK_NONE. */
const char *screen_risk_name(enum risk_level rl);
const char *screen_status_name(enum screen_status st);
const char *screen_focal_name(enum focal_area fa);
const char *screen_track_name(enum ipt_track t);

/* The number of rule and note codes, and each one's name (for tests). */
int screen_rule_count(void);
const char *screen_rule_code(int i);
int screen_note_count(void);
const char *screen_note_code(int i);

/* ---- records ---- */

struct screener {
	long link_days;
	struct addcols add;		/* the 12 output columns */
	/* column positions for one schema (-1: absent) */
	uint64_t schema;
	size_t nbound;
	bool bound;
	long pos[SC_NCOLS];
	long id_pos;			/* "id", else "patient_id", else -1 */
};

/* Set up with a window of link_days days (0..SCREEN_LINK_DAYS_MAX). */
void screener_init(struct screener *s, long link_days);
void screener_release(struct screener *s);

/*
 * Section 1: the instruments the scorer may score given the first
 * header's names: phq9, phqa, gad7, wsas, epds and cssrs, less those
 * whose total or risk column is in the header (used as given).  Fills
 * out (room for 7) with a NULL-terminated list of static prefixes.
 */
void screen_scored_prefixes(const struct colnames *c, const char **out);

/*
 * Write the CSV header: the input's names, the scorer's added columns
 * not among them, then the screen's columns not among them.
 */
void screen_csv_header(const struct screener *s, struct writer *w,
    const struct colnames *in, const struct addcols *scored);

/*
 * Parse r's intake columns into *in (section 1), flagging a missing id
 * and every invalid value in r.
 */
void screen_read(struct screener *s, struct record *r,
    struct screen_input *in);

/* Write the 12 output columns of d into r (section 7). */
void screen_write(struct screener *s, struct record *r,
    const struct screen_input *in, const struct screen_decision *d);

/* screen_read, screen_decide, screen_write. */
void screen_apply(struct screener *s, struct record *r);

/*
 * ipt-screen as a filter (filter.h): the questionnaires the intake holds
 * are scored first (section 1), then each record is screened.  Set up
 * with screen_tool_init(); release with screen_tool_release().
 */
struct screen_tool {
	struct scorer sc;
	struct screener scr;
};

void screen_tool_init(struct screen_tool *t, long link_days);
void screen_tool_release(struct screen_tool *t);
void screen_filter(struct screen_tool *t, struct filter *f);

#endif
