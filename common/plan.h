/* SPDX-License-Identifier: MIT */
/*
 * plan.h - session-by-session treatment plans of ipt-plan (ipt-plan.md).
 *
 * Two layers:
 *
 *   1. Pure planning.  plan_build() turns a struct plan_input (one
 *      patient's track, dose, focal areas and start date) and the
 *      calendar options into the patient's contacts, in date order:
 *      dates with holiday moves (section 4), phases (5), focus and tasks
 *      (6), measures and reviews (7), track variants (8).  It reads no
 *      record, prints nothing and allocates nothing.  The vocabularies
 *      (tasks, strategies, kinds, phases, focus, reviews) are tables in
 *      plan.c that the code walks.
 *   2. Records.  A struct planner binds the input columns, reads one
 *      record into a plan_input (flagging invalid values, section 1),
 *      plans it, and writes each contact, or the one not_planned record,
 *      or the --nested record, as an output record.
 *
 * Memory: a struct planner owns its column names, buffers and the contact
 * array of the current patient, reused for the next one (constant memory
 * whatever the number of patients); release it with planner_release().
 * It borrows the holidays given in its config, which must outlive it.
 * Output records are built by the caller's struct record; field names in
 * them are borrowed from the planner or from static tables, so the
 * planner must outlive every output record's use.
 */
#ifndef IPT_PLAN_H
#define IPT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "holiday.h"
#include "instrument.h"
#include "cli.h"
#include "record.h"
#include "strbuf.h"
#include "stream.h"

#define PLAN_SESSIONS_MIN 6
#define PLAN_SESSIONS_MAX 24
#define PLAN_MINUTES_MIN 15
#define PLAN_MINUTES_MAX 180
#define PLAN_MEETING_MINUTES 60		/* group track: the other contacts */
#define PLAN_FOLLOWUP_MONTHS_MAX 60
#define PLAN_FOLLOWUPS_MAX PLAN_FOLLOWUP_MONTHS_MAX	/* 1, 2, ... 60 */
/* Treatment sessions, pre-, mid- and post-group meetings, follow-ups. */
#define PLAN_CONTACTS_MAX (PLAN_SESSIONS_MAX + 3 + PLAN_FOLLOWUPS_MAX)
#define PLAN_TASKS_MAX 8		/* task codes on one contact */

/* Vocabularies: each enum value is the index in plan.c's name table. */
enum plan_track { TRACK_IPT, TRACK_IPT_B, TRACK_IPT_A, TRACK_IPT_G };
enum plan_area {
	AREA_GRIEF, AREA_ROLE_DISPUTE, AREA_ROLE_TRANSITION, AREA_DEFICITS,
	AREA_UNDETERMINED,
	AREA_NONE		/* no secondary area (never written) */
};
enum plan_stage {
	STAGE_RENEGOTIATION, STAGE_IMPASSE, STAGE_DISSOLUTION,
	STAGE_NONE		/* missing or invalid */
};
enum contact_kind {
	KIND_INDIVIDUAL, KIND_GROUP, KIND_PARENT_JOINT, KIND_PRE_GROUP,
	KIND_MID_GROUP, KIND_POST_GROUP, KIND_FOLLOWUP
};
enum plan_phase { PHASE_INITIAL, PHASE_MIDDLE, PHASE_TERMINATION,
	PHASE_FOLLOWUP };
enum plan_focus {
	FOCUS_GRIEF, FOCUS_ROLE_DISPUTE, FOCUS_ROLE_TRANSITION,
	FOCUS_DEFICITS,		/* the four areas, in enum plan_area order */
	FOCUS_INVENTORY_REVIEW,	/* the middle focus of "undetermined" */
	FOCUS_ASSESSMENT, FOCUS_TERMINATION, FOCUS_FOLLOWUP
};
enum plan_review {
	REVIEW_NONE, REVIEW_EARLY_RESPONSE, REVIEW_SIGNIFICANT_RELIEF,
	REVIEW_FINAL, REVIEW_MIDPOINT
};
enum plan_task {
	/* session 1 */
	T_DIAGNOSIS_REVIEW, T_PSYCHOEDUCATION, T_SICK_ROLE,
	T_MEDICATION_CHECK, T_RISK_REVIEW,
	/* session 2, the last initial session */
	T_INTERPERSONAL_INVENTORY, T_CLOSENESS_CIRCLE,
	T_PROBLEM_AREA_SELECTION, T_INTERPERSONAL_FORMULATION,
	T_TREATMENT_CONTRACT,
	/* middle sessions: the link, the three stages */
	T_MOOD_EVENT_LINK, T_CURRENT_PROBLEM_ANALYSIS,
	T_COMMUNICATION_PATTERN_FEEDBACK, T_ROLE_PLAY,
	T_BEHAVIOURAL_EXPERIMENTS, T_SCENARIO_SIMULATION,
	/* strategies: grief */
	T_FACILITATE_MOURNING, T_RECONSTRUCT_RELATIONSHIP,
	T_REESTABLISH_INTERESTS,
	/* role_dispute */
	T_IDENTIFY_DISPUTE_STAGE, T_EXPLORE_EXPECTATIONS,
	T_COMMUNICATION_ANALYSIS, T_MODIFY_EXPECTATIONS,
	/* role_transition */
	T_MOURN_OLD_ROLE, T_EVALUATE_NEW_ROLE, T_BUILD_MASTERY,
	T_DEVELOP_NEW_SUPPORTS,
	/* interpersonal_deficits */
	T_REDUCE_ISOLATION, T_REVIEW_PAST_RELATIONSHIPS,
	T_SOCIAL_SKILLS_PRACTICE, T_THERAPEUTIC_RELATIONSHIP_MODEL,
	/* dispute stage, IPT-A */
	T_REOPEN_NEGOTIATION, T_MOURN_RELATIONSHIP_END,
	T_PARENT_ADOLESCENT_NEGOTIATION,
	/* termination */
	T_DISCUSS_ENDING, T_REVIEW_PROGRESS, T_RELAPSE_WARNING_SIGNS,
	T_RELAPSE_PREVENTION_PLAN, T_CONSOLIDATE_GAINS,
	T_FEELINGS_ABOUT_ENDING, T_FOLLOWUP_PLAN, T_MAINTENANCE_OPTION,
	/* follow-ups */
	T_BOOSTER_REVIEW, T_RELAPSE_CHECK,
	/* group */
	T_MEMBER_INTERACTION_MONITORING, T_GROUP_PREPARATION,
	T_PROGRESS_REVIEW, T_GOAL_REFINEMENT,
	T_NTASKS
};

/* The lower-case names, as written in output. */
const char *plan_track_name(enum plan_track t);
const char *plan_area_name(enum plan_area a);
const char *plan_kind_name(enum contact_kind k);
const char *plan_phase_name(enum plan_phase p);
const char *plan_focus_name(enum plan_focus f);
const char *plan_review_name(enum plan_review r);	/* "" for none */
const char *plan_task_name(enum plan_task t);
const char *plan_weekday_name(int wd);			/* 0 = "mon" */

/* One patient's plan parameters, already validated. */
struct plan_input {
	enum plan_track track;
	int sessions;		/* N, PLAN_SESSIONS_MIN..MAX */
	int minutes;		/* treatment sessions, individual follow-ups */
	enum plan_area area;	/* may be AREA_UNDETERMINED */
	enum plan_area secondary;	/* AREA_NONE when none */
	bool parent_dispute;	/* dispute_with = parent (used by ipt_a) */
	enum plan_stage stage;	/* dispute_stage */
	bool recurrent;		/* episode = recurrent */
	long start;		/* the start date (days) */
};

/* Calendar options shared by every patient. */
struct plan_calendar {
	int weekday;		/* 0 (mon) to 4 (fri); -1: the start's */
	const int *followup;	/* months, strictly ascending */
	int nfollowups;
	const struct holidays *hol;	/* sorted; never NULL */
};

struct contact {
	enum contact_kind kind;
	int session;		/* treatment session number; 0 for others */
	long date;		/* actual date (days) */
	long nominal;		/* the date before any holiday move */
	bool moved;		/* plan_note moved_from:NOMINAL */
	long week;
	enum plan_phase phase;
	int minutes;
	enum plan_focus focus;
	unsigned char task[PLAN_TASKS_MAX];	/* enum plan_task */
	int ntask;
	bool battery;		/* measures: every measure, else the first */
	enum plan_review review;
};

/* Sessions in each phase for a dose of n (section 5). */
struct plan_shape {
	int initial, middle, termination;
	int primary;		/* middle sessions on the primary area */
};

void plan_shape(const struct plan_input *in, struct plan_shape *sh);

/*
 * The middle-session number (1-based) of the first middle session whose
 * focus is role_dispute, or 0: the only session that reads
 * dispute_stage.
 */
int plan_dispute_session(const struct plan_input *in);

/*
 * Plan one patient: write the contacts to c[0..PLAN_CONTACTS_MAX) in
 * date order and return how many.  Cannot fail.
 */
size_t plan_build(const struct plan_input *in, const struct plan_calendar *cal,
    struct contact *c);

/* Option values (ipt-plan.md section 2); each returns 0 or -1. */
int plan_parse_weekday(const char *s, int *wd);
int plan_parse_followups(const char *s, int *months, int *n);

/* ---- the record layer ---- */

enum plan_outcome {
	PLAN_PLANNED,		/* the contacts are ready */
	PLAN_NOT_PLANNED,	/* one not_planned record to write */
	PLAN_OMITTED		/* not eligible under --eligible-only */
};

/* What planner_columns() found wrong with the first header. */
enum plan_columns_result {
	PLAN_COLUMNS_OK = 0,
	PLAN_COLUMNS_USAGE = -1,	/* a bad --keep: exit 64 */
	PLAN_COLUMNS_NO_STATUS = -2	/* no screen_status: exit 65 */
};

struct plan_config {
	bool has_start;
	long start;		/* --start */
	int sessions;		/* --sessions, or 0 */
	int minutes;		/* --minutes, or 0 */
	struct plan_calendar cal;
	const char *keep;	/* --keep as given, or NULL */
	bool eligible_only, nested;
};

enum plan_col {
	PC_STATUS, PC_REASONS, PC_TRACK, PC_SESSIONS, PC_MINUTES,
	PC_MEASURES, PC_AREA, PC_SECONDARY, PC_DISPUTE_WITH,
	PC_DISPUTE_STAGE, PC_EPISODE, PC_START_DATE, PC_NCOLS
};

struct planner {
	struct plan_config cfg;
	/* output columns: the id, the kept ones, then the fixed ones */
	char *id_name;		/* "id" when the input has no id column */
	bool has_id;		/* the input has an id column */
	char **keep;
	size_t nkeep;
	const char **out_name;	/* every output column, for the header */
	size_t *out_len;
	size_t nout;
	/* input positions for one schema */
	bool bound;
	uint64_t schema;
	size_t nbound;
	long pos[PC_NCOLS];
	long id_pos;
	long *keep_pos;
	/* the current patient */
	struct plan_input in;
	char symptom[INSTR_PREFIX_MAX + 1];	/* first outcome measure */
	struct strbuf battery;	/* every outcome measure, ;-joined */
	struct strbuf note;		/* the not_planned plan_note */
	struct strbuf text;		/* scratch: rendering */
	struct contact c[PLAN_CONTACTS_MAX];
	size_t n;
	enum plan_outcome outcome;
};

/* Start a planner; cfg is copied (its holidays are borrowed). */
void planner_init(struct planner *p, const struct plan_config *cfg);
void planner_release(struct planner *p);

/*
 * Take the input's column names (the first CSV header or JSON record):
 * pick the id column ("id", else "patient_id"), check --keep and that
 * screen_status exists, and set the output columns.  Returns
 * PLAN_COLUMNS_OK, or an error with a message (no program name) in err.
 */
enum plan_columns_result planner_columns(struct planner *p,
    const struct colnames *cols, char *err, size_t errlen);

/* The output column names (valid as long as p), for the CSV header. */
void planner_header(const struct planner *p, struct colnames *out);

/*
 * Read and plan one record; flags r (warnings, r->flagged) for every
 * invalid value the planning reads.  On PLAN_PLANNED the contacts are
 * p->c[0..p->n).
 */
enum plan_outcome plan_record(struct planner *p, struct record *r);

/*
 * Build output records from the input record r just planned.  out is
 * cleared first; its provenance is r's.  plan_put_contact(): contact k
 * (PLAN_PLANNED only); plan_put_not_planned(): the single record of a
 * not_planned patient; plan_put_nested(): the --nested record of either.
 */
void plan_put_contact(struct planner *p, const struct record *r,
    struct record *out, size_t k);
void plan_put_not_planned(struct planner *p, const struct record *r,
    struct record *out);
void plan_put_nested(struct planner *p, const struct record *r,
    struct record *out);

/* What ipt-plan's summary counts besides diag_count. */
struct plan_counts {
	uint64_t planned, not_planned, contacts;
};

/*
 * The whole run: open the operands of c, check the first header
 * (planner_columns), and write every patient's records to out_fd.
 * Fills *k.  Returns 0, or an exit status to return at once without a
 * summary (64 for a --keep error found in the header).
 */
int plan_run(const struct cli *c, struct planner *p, int out_fd,
    struct plan_counts *k);

#endif
