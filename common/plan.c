/* SPDX-License-Identifier: MIT */
/*
 * plan.c - treatment plans: the vocabularies as tables, the calendar,
 * the per-contact content, and the record layer (see plan.h).
 *
 * The order of every task list below is the order ipt-plan.md section 6
 * gives; the man page lists the same codes in the same order.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "plan.h"
#include "cli.h"
#include "diag.h"
#include "writer.h"
#include "stream.h"
#include "filter.h"
#include "value.h"
#include "xalloc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vocabularies (NULL-terminated where value_code() reads them) ---- */

static const char *const track_names[] = {
	"ipt", "ipt_b", "ipt_a", "ipt_g", NULL
};
static const char *const area_names[] = {
	"grief", "role_dispute", "role_transition", "interpersonal_deficits",
	"undetermined", NULL
};
static const char *const status_names[] = {
	"eligible", "refer", "defer", "needs_assessment", NULL
};
enum { STATUS_ELIGIBLE = 0 };
static const char *const stage_names[] = {
	"renegotiation", "impasse", "dissolution", NULL
};
static const char *const dispute_with_names[] = {
	"none", "partner", "parent", "child", "family", "friend", "colleague",
	"other", NULL
};
enum { DISPUTE_WITH_PARENT = 2 };
static const char *const episode_names[] = {"first", "recurrent", NULL};
enum { EPISODE_RECURRENT = 1 };
static const char *const kind_names[] = {
	"individual", "group", "parent_joint", "pre_group", "mid_group",
	"post_group", "followup"
};
static const char *const phase_names[] = {
	"initial", "middle", "termination", "followup"
};
static const char *const focus_names[] = {
	"grief", "role_dispute", "role_transition", "interpersonal_deficits",
	"interpersonal_inventory_review", "assessment", "termination",
	"followup"
};
static const char *const review_names[] = {
	"", "early_response_check", "significant_relief_check",
	"final_review", "midpoint_review"
};
static const char *const weekday_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL
};

static const char *const task_names[T_NTASKS] = {
	[T_DIAGNOSIS_REVIEW] = "diagnosis_review",
	[T_PSYCHOEDUCATION] = "psychoeducation",
	[T_SICK_ROLE] = "sick_role",
	[T_MEDICATION_CHECK] = "medication_check",
	[T_RISK_REVIEW] = "risk_review",
	[T_INTERPERSONAL_INVENTORY] = "interpersonal_inventory",
	[T_CLOSENESS_CIRCLE] = "closeness_circle",
	[T_PROBLEM_AREA_SELECTION] = "problem_area_selection",
	[T_INTERPERSONAL_FORMULATION] = "interpersonal_formulation",
	[T_TREATMENT_CONTRACT] = "treatment_contract",
	[T_MOOD_EVENT_LINK] = "mood_event_link",
	[T_CURRENT_PROBLEM_ANALYSIS] = "current_interpersonal_problem_analysis",
	[T_COMMUNICATION_PATTERN_FEEDBACK] = "communication_pattern_feedback",
	[T_ROLE_PLAY] = "role_play",
	[T_BEHAVIOURAL_EXPERIMENTS] = "behavioural_experiments",
	[T_SCENARIO_SIMULATION] = "scenario_simulation",
	[T_FACILITATE_MOURNING] = "facilitate_mourning",
	[T_RECONSTRUCT_RELATIONSHIP] = "reconstruct_relationship_with_deceased",
	[T_REESTABLISH_INTERESTS] = "reestablish_interests_relationships",
	[T_IDENTIFY_DISPUTE_STAGE] = "identify_dispute_stage",
	[T_EXPLORE_EXPECTATIONS] = "explore_expectations",
	[T_COMMUNICATION_ANALYSIS] = "communication_analysis",
	[T_MODIFY_EXPECTATIONS] = "modify_expectations_or_communication",
	[T_MOURN_OLD_ROLE] = "mourn_old_role",
	[T_EVALUATE_NEW_ROLE] = "evaluate_new_role",
	[T_BUILD_MASTERY] = "build_mastery_new_role",
	[T_DEVELOP_NEW_SUPPORTS] = "develop_new_supports",
	[T_REDUCE_ISOLATION] = "reduce_isolation",
	[T_REVIEW_PAST_RELATIONSHIPS] = "review_past_relationships",
	[T_SOCIAL_SKILLS_PRACTICE] = "social_skills_practice",
	[T_THERAPEUTIC_RELATIONSHIP_MODEL] = "therapeutic_relationship_model",
	[T_REOPEN_NEGOTIATION] = "reopen_negotiation",
	[T_MOURN_RELATIONSHIP_END] = "mourn_relationship_end",
	[T_PARENT_ADOLESCENT_NEGOTIATION] = "parent_adolescent_negotiation",
	[T_DISCUSS_ENDING] = "discuss_ending",
	[T_REVIEW_PROGRESS] = "review_progress",
	[T_RELAPSE_WARNING_SIGNS] = "relapse_warning_signs",
	[T_RELAPSE_PREVENTION_PLAN] = "relapse_prevention_plan",
	[T_CONSOLIDATE_GAINS] = "consolidate_gains",
	[T_FEELINGS_ABOUT_ENDING] = "feelings_about_ending",
	[T_FOLLOWUP_PLAN] = "followup_plan",
	[T_MAINTENANCE_OPTION] = "maintenance_option",
	[T_BOOSTER_REVIEW] = "booster_review",
	[T_RELAPSE_CHECK] = "relapse_check",
	[T_MEMBER_INTERACTION_MONITORING] = "member_interaction_monitoring",
	[T_GROUP_PREPARATION] = "group_preparation",
	[T_PROGRESS_REVIEW] = "progress_review",
	[T_GOAL_REFINEMENT] = "goal_refinement",
};

/* A fixed list of task codes. */
struct tasks {
	enum plan_task t[5];
	int n;
};

static const struct tasks first_session = {{T_DIAGNOSIS_REVIEW,
    T_PSYCHOEDUCATION, T_SICK_ROLE, T_MEDICATION_CHECK, T_RISK_REVIEW}, 5};
static const struct tasks contract = {{T_PROBLEM_AREA_SELECTION,
    T_INTERPERSONAL_FORMULATION, T_TREATMENT_CONTRACT}, 3};
/* Middle sessions: the three stages, in order. */
static const struct tasks stages[3] = {
	{{T_CURRENT_PROBLEM_ANALYSIS}, 1},
	{{T_COMMUNICATION_PATTERN_FEEDBACK, T_ROLE_PLAY}, 2},
	{{T_BEHAVIOURAL_EXPERIMENTS, T_SCENARIO_SIMULATION}, 2},
};
/* Each area's strategies, cycled through its middle sessions. */
static const struct tasks strategies[] = {
	[AREA_GRIEF] = {{T_FACILITATE_MOURNING, T_RECONSTRUCT_RELATIONSHIP,
	    T_REESTABLISH_INTERESTS}, 3},
	[AREA_ROLE_DISPUTE] = {{T_IDENTIFY_DISPUTE_STAGE,
	    T_EXPLORE_EXPECTATIONS, T_COMMUNICATION_ANALYSIS,
	    T_MODIFY_EXPECTATIONS}, 4},
	[AREA_ROLE_TRANSITION] = {{T_MOURN_OLD_ROLE, T_EVALUATE_NEW_ROLE,
	    T_BUILD_MASTERY, T_DEVELOP_NEW_SUPPORTS}, 4},
	[AREA_DEFICITS] = {{T_REDUCE_ISOLATION, T_REVIEW_PAST_RELATIONSHIPS,
	    T_SOCIAL_SKILLS_PRACTICE, T_THERAPEUTIC_RELATIONSHIP_MODEL}, 4},
	[AREA_UNDETERMINED] = {.n = 0},	/* no strategy code */
};
static const struct tasks ending_first = {{T_DISCUSS_ENDING,
    T_REVIEW_PROGRESS}, 2};
static const struct tasks ending_between = {{T_RELAPSE_WARNING_SIGNS,
    T_RELAPSE_PREVENTION_PLAN}, 2};
static const struct tasks ending_last = {{T_CONSOLIDATE_GAINS,
    T_FEELINGS_ABOUT_ENDING, T_FOLLOWUP_PLAN}, 3};
static const struct tasks followup_tasks = {{T_BOOSTER_REVIEW,
    T_RELAPSE_CHECK}, 2};
static const struct tasks pre_group_tasks = {{T_GROUP_PREPARATION,
    T_PROBLEM_AREA_SELECTION, T_TREATMENT_CONTRACT}, 3};
static const struct tasks mid_group_tasks = {{T_PROGRESS_REVIEW,
    T_GOAL_REFINEMENT}, 2};
static const struct tasks post_group_tasks = {{T_CONSOLIDATE_GAINS,
    T_FOLLOWUP_PLAN}, 2};

const char *
plan_track_name(enum plan_track t)
{
	return track_names[t];
}

const char *
plan_area_name(enum plan_area a)
{
	return a == AREA_NONE ? "" : area_names[a];
}

const char *
plan_kind_name(enum contact_kind k)
{
	return kind_names[k];
}

const char *
plan_phase_name(enum plan_phase p)
{
	return phase_names[p];
}

const char *
plan_focus_name(enum plan_focus f)
{
	return focus_names[f];
}

const char *
plan_review_name(enum plan_review r)
{
	return review_names[r];
}

const char *
plan_task_name(enum plan_task t)
{
	return task_names[t];
}

const char *
plan_weekday_name(int wd)
{
	return weekday_names[wd];
}

/* ---- phases and contents (sections 5 to 8) ---- */

void
plan_shape(const struct plan_input *in, struct plan_shape *sh)
{
	int n = in->sessions;

	sh->initial = n < 12 ? 2 : 3;
	sh->termination = n < 12 ? 2 : 3;
	sh->middle = n - sh->initial - sh->termination;
	/* ceil(2M/3) middle sessions on the primary area, the rest on the
	 * secondary one (none at all when M is 2). */
	sh->primary = in->secondary == AREA_NONE ? sh->middle
	    : (2 * sh->middle + 2) / 3;
}

int
plan_dispute_session(const struct plan_input *in)
{
	struct plan_shape sh;

	plan_shape(in, &sh);
	if (in->area == AREA_ROLE_DISPUTE)
		return 1;
	if (in->secondary == AREA_ROLE_DISPUTE && sh.primary < sh.middle)
		return sh.primary + 1;
	return 0;
}

static void
add_task(struct contact *c, enum plan_task t)
{
	if (c->ntask < PLAN_TASKS_MAX)
		c->task[c->ntask++] = (unsigned char)t;
}

static void
add_tasks(struct contact *c, const struct tasks *l)
{
	for (int i = 0; i < l->n; i++)
		add_task(c, l->t[i]);
}

static void
initial_session(const struct plan_input *in, const struct plan_shape *sh,
    int k, struct contact *c)
{
	c->phase = PHASE_INITIAL;
	c->focus = FOCUS_ASSESSMENT;
	if (k == 1)
		add_tasks(c, &first_session);
	if (k == 2) {
		add_task(c, T_INTERPERSONAL_INVENTORY);
		if (in->track == TRACK_IPT_A)
			add_task(c, T_CLOSENESS_CIRCLE);
	}
	if (k == sh->initial)
		add_tasks(c, &contract);
}

/* Middle session i (1..M). */
static void
middle_session(const struct plan_input *in, const struct plan_shape *sh,
    int i, struct contact *c)
{
	bool second = in->secondary != AREA_NONE && i > sh->primary;
	enum plan_area a = second ? in->secondary : in->area;
	int j = second ? i - sh->primary - 1 : i - 1;
	int m = sh->middle;

	c->phase = PHASE_MIDDLE;
	c->focus = a == AREA_UNDETERMINED ? FOCUS_INVENTORY_REVIEW
	    : (enum plan_focus)a;
	add_task(c, T_MOOD_EVENT_LINK);
	add_tasks(c, &stages[i <= (m + 2) / 3 ? 0 : i <= (2 * m + 2) / 3 ?
	    1 : 2]);
	if (strategies[a].n > 0)
		add_task(c, strategies[a].t[j % strategies[a].n]);
	if (i == plan_dispute_session(in)) {
		if (in->stage == STAGE_IMPASSE)
			add_task(c, T_REOPEN_NEGOTIATION);
		else if (in->stage == STAGE_DISSOLUTION)
			add_task(c, T_MOURN_RELATIONSHIP_END);
	}
	if (in->track == TRACK_IPT_A && in->parent_dispute && i == 1) {
		c->kind = KIND_PARENT_JOINT;
		add_task(c, T_PARENT_ADOLESCENT_NEGOTIATION);
	}
}

/* Termination session t (1..T). */
static void
termination_session(const struct plan_input *in, const struct plan_shape *sh,
    int t, struct contact *c)
{
	c->phase = PHASE_TERMINATION;
	c->focus = FOCUS_TERMINATION;
	if (t == 1) {
		add_tasks(c, &ending_first);
	} else if (t < sh->termination) {
		add_tasks(c, &ending_between);
	} else {
		add_tasks(c, &ending_last);
		if (in->recurrent)
			add_task(c, T_MAINTENANCE_OPTION);
	}
}

static enum plan_review
session_review(int n, int k)
{
	if (k == n)
		return REVIEW_FINAL;
	if (n >= 12)
		return k == 6 ? REVIEW_EARLY_RESPONSE : k == 10 ?
		    REVIEW_SIGNIFICANT_RELIEF : REVIEW_NONE;
	return k == 4 ? REVIEW_EARLY_RESPONSE : REVIEW_NONE;
}

/* Treatment session k (1..N), everything but its dates. */
static void
session_contact(const struct plan_input *in, const struct plan_shape *sh,
    int k, struct contact *c)
{
	int n = in->sessions;

	c->kind = in->track == TRACK_IPT_G ? KIND_GROUP
	    : in->track == TRACK_IPT_A && (k == 1 || k == n) ?
	    KIND_PARENT_JOINT : KIND_INDIVIDUAL;
	c->session = k;
	c->minutes = in->minutes;
	if (k <= sh->initial)
		initial_session(in, sh, k, c);
	else if (k > n - sh->termination)
		termination_session(in, sh, k - (n - sh->termination), c);
	else
		middle_session(in, sh, k - sh->initial, c);
	if (in->track == TRACK_IPT_G)
		add_task(c, T_MEMBER_INTERACTION_MONITORING);
	c->review = session_review(n, k);
	c->battery = k == 1 || k == n || c->review != REVIEW_NONE;
}

/* A contact that is not a treatment session: every measure, no session. */
static void
other_contact(struct contact *c, enum contact_kind kind, enum plan_phase ph,
    enum plan_focus focus, const struct tasks *l, int minutes)
{
	c->kind = kind;
	c->phase = ph;
	c->focus = focus;
	add_tasks(c, l);
	c->minutes = minutes;
	c->battery = true;
	c->review = kind == KIND_MID_GROUP ? REVIEW_MIDPOINT : REVIEW_NONE;
}

/* ---- the calendar (section 4) ---- */

static long
monday(long day)
{
	return day - date_weekday(day);
}

/*
 * A session's actual date: its nominal date, else the next non-holiday
 * weekday of that week, else the session weekday of the next week, where
 * the same rule applies again.  Never earlier, never in another session's
 * week.
 */
static long
place_session(const struct holidays *hol, long nominal, int wd)
{
	long d = nominal;

	for (;;) {
		for (long x = d; date_weekday(x) < 5; x++)
			if (!holidays_contains(hol, x))
				return x;
		d = monday(d) + 7 + wd;
	}
}

/* Nominal and actual dates of sessions 1..N. */
static void
schedule(const struct plan_input *in, const struct plan_calendar *cal,
    long *nominal, long *actual)
{
	int swd = date_weekday(in->start);
	int wd = cal->weekday >= 0 ? cal->weekday : swd < 5 ? swd : 0;

	nominal[1] = in->start + (wd - swd + 7) % 7;
	actual[1] = place_session(cal->hol, nominal[1], wd);
	for (int k = 2; k <= in->sessions; k++) {
		nominal[k] = monday(actual[k - 1]) + 7 + wd;
		actual[k] = place_session(cal->hol, nominal[k], wd);
	}
}

static void
set_dates(struct contact *c, long nominal, long actual,
    const struct holidays *hol)
{
	c->nominal = nominal;
	c->date = actual;
	/* A move off a weekend alone is no move worth a note. */
	c->moved = actual != nominal && holidays_between(hol, nominal, actual);
}

/* The group meetings around the N sessions; returns the new count. */
static size_t
group_meetings(const struct plan_input *in, const struct plan_calendar *cal,
    const long *actual, struct contact *c, size_t n)
{
	int h = (in->sessions + 1) / 2;
	enum plan_focus mid = in->area == AREA_UNDETERMINED ?
	    FOCUS_INVENTORY_REVIEW : (enum plan_focus)in->area;
	long d;

	other_contact(&c[n], KIND_PRE_GROUP, PHASE_INITIAL, FOCUS_ASSESSMENT,
	    &pre_group_tasks, PLAN_MEETING_MINUTES);
	set_dates(&c[n], actual[1] - 7,
	    holidays_prev_workday(cal->hol, actual[1] - 7), cal->hol);
	n++;
	other_contact(&c[n], KIND_MID_GROUP, PHASE_MIDDLE, mid,
	    &mid_group_tasks, PLAN_MEETING_MINUTES);
	d = holidays_next_workday(cal->hol, actual[h] + 2);
	if (d >= actual[h + 1])
		d = actual[h + 1];	/* then it sorts just before it */
	set_dates(&c[n], actual[h] + 2, d, cal->hol);
	n++;
	other_contact(&c[n], KIND_POST_GROUP, PHASE_TERMINATION,
	    FOCUS_TERMINATION, &post_group_tasks, PLAN_MEETING_MINUTES);
	set_dates(&c[n], actual[in->sessions] + 7,
	    holidays_next_workday(cal->hol, actual[in->sessions] + 7),
	    cal->hol);
	return n + 1;
}

/* Stable sort by date: equal dates keep the order they were made in. */
static void
sort_contacts(struct contact *c, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct contact t = c[i];
		size_t j = i;

		for (; j > 0 && c[j - 1].date > t.date; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
}

size_t
plan_build(const struct plan_input *in, const struct plan_calendar *cal,
    struct contact *c)
{
	long nominal[PLAN_SESSIONS_MAX + 1], actual[PLAN_SESSIONS_MAX + 1];
	struct plan_shape sh;
	size_t n = 0;
	int last = in->sessions;
	bool group = in->track == TRACK_IPT_G;

	memset(c, 0, PLAN_CONTACTS_MAX * sizeof(*c));
	plan_shape(in, &sh);
	schedule(in, cal, nominal, actual);
	if (group)
		n = group_meetings(in, cal, actual, c, n);
	for (int k = 1; k <= last; k++, n++) {
		session_contact(in, &sh, k, &c[n]);
		set_dates(&c[n], nominal[k], actual[k], cal->hol);
	}
	for (int f = 0; f < cal->nfollowups; f++, n++) {
		long d = date_add_months(actual[last], cal->followup[f]);

		other_contact(&c[n], KIND_FOLLOWUP, PHASE_FOLLOWUP,
		    FOCUS_FOLLOWUP, &followup_tasks,
		    group ? PLAN_MEETING_MINUTES : in->minutes);
		set_dates(&c[n], d, holidays_next_workday(cal->hol, d),
		    cal->hol);
	}
	sort_contacts(c, n);
	for (size_t i = 0; i < n; i++)
		c[i].week = 1 + (monday(c[i].date) - monday(actual[1])) / 7;
	return n;
}

/* ---- option values ---- */

int
plan_parse_weekday(const char *s, int *wd)
{
	for (int i = 0; i < 5; i++) {
		if (ascii_ieq(s, strlen(s), weekday_names[i])) {
			*wd = i;
			return 0;
		}
	}
	return -1;
}

int
plan_parse_followups(const char *s, int *months, int *n)
{
	int k = 0;

	*n = 0;
	if (s[0] == '\0')
		return 0;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		int m;

		if (len == 0 || s[0] == '0' ||
		    cli_parse_range(s, len, 1, PLAN_FOLLOWUP_MONTHS_MAX, &m) != 0 ||
		    (k > 0 && m <= months[k - 1]))
			return -1;
		months[k++] = m;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	*n = k;
	return 0;
}

/* ---- growable strings ---- */

/* Append s[0..n) trimmed of spaces and tabs, in ASCII lower case. */
static void
buf_put_lower(struct strbuf *b, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = ascii_lower(s[i]);

		strbuf_put(b, &c, 1);
	}
}

/* ---- columns ---- */

static const char *const in_names[PC_NCOLS] = {
	[PC_STATUS] = "screen_status",
	[PC_REASONS] = "screen_reasons",
	[PC_TRACK] = "ipt_track",
	[PC_SESSIONS] = "sessions_recommended",
	[PC_MINUTES] = "session_minutes",
	[PC_MEASURES] = "outcome_measures",
	[PC_AREA] = "focal_area",
	[PC_SECONDARY] = "focal_area_secondary",
	[PC_DISPUTE_WITH] = "dispute_with",
	[PC_DISPUTE_STAGE] = "dispute_stage",
	[PC_EPISODE] = "episode",
	[PC_START_DATE] = "start_date",
};

/* Output columns after the id and the kept ones (section 3). */
static const char *const flat_names[] = {
	"plan_status", "ipt_track", "focal_area", "contact", "kind",
	"session", "date", "weekday", "week", "phase", "minutes", "focus",
	"tasks", "measures", "review", "plan_note"
};
static const char *const nested_names[] = {
	"plan_status", "ipt_track", "focal_area", "plan_note", "contacts"
};

void
planner_init(struct planner *p, const struct plan_config *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	p->id_pos = -1;
}

void
planner_release(struct planner *p)
{
	free(p->id_name);
	for (size_t i = 0; i < p->nkeep; i++)
		free(p->keep[i]);
	free(p->keep);
	free(p->keep_pos);
	free(p->out_name);
	free(p->out_len);
	strbuf_release(&p->battery);
	strbuf_release(&p->note);
	strbuf_release(&p->text);
	memset(p, 0, sizeof(*p));
}

static bool
has_column(const struct colnames *cols, const char *name, size_t len)
{
	for (size_t i = 0; i < cols->n; i++)
		if (cols->len[i] == len && memcmp(cols->name[i], name, len) == 0)
			return true;
	return false;
}

static bool
is_output_name(const struct planner *p, const char *name, size_t len)
{
	for (size_t i = 0; i < NELEM(flat_names); i++)
		if (strlen(flat_names[i]) == len &&
		    memcmp(flat_names[i], name, len) == 0)
			return true;
	return p->cfg.nested && len == 8 && memcmp(name, "contacts", 8) == 0;
}

/* Check one --keep item; 0, or -1 with the message in err. */
static int
check_keep(struct planner *p, const struct colnames *cols, const char *s,
    size_t len, char *err, size_t errlen)
{
	const char *why = NULL;

	if (len == 0)
		why = "an empty column name";
	else if (p->has_id && strlen(p->id_name) == len &&
	    memcmp(p->id_name, s, len) == 0)
		why = "the id column";
	else if (is_output_name(p, s, len))
		why = "an output column";
	else if (!has_column(cols, s, len))
		why = "not a column of the input";
	for (size_t i = 0; why == NULL && i < p->nkeep; i++)
		if (strlen(p->keep[i]) == len && memcmp(p->keep[i], s, len) == 0)
			why = "given twice";
	if (why == NULL)
		return 0;
	if (len == 0)
		snprintf(err, errlen, "invalid --keep '%s': %s", p->cfg.keep,
		    why);
	else
		snprintf(err, errlen, "invalid --keep: '%.*s' is %s",
		    (int)len, s, why);
	return -1;
}

static int
parse_keep(struct planner *p, const struct colnames *cols, char *err,
    size_t errlen)
{
	const char *s = p->cfg.keep;

	if (s == NULL)
		return 0;
	p->keep = xcalloc(strlen(s) + 1, sizeof(*p->keep));
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (check_keep(p, cols, s, len, err, errlen) != 0)
			return -1;
		p->keep[p->nkeep++] = xmemdup(s, len);
		if (comma == NULL)
			return 0;
		s = comma + 1;
	}
}

/* The output column names: the id, the kept columns, the fixed ones. */
static void
set_out_names(struct planner *p)
{
	const char *const *fixed = p->cfg.nested ? nested_names : flat_names;
	size_t nfixed = p->cfg.nested ? NELEM(nested_names) : NELEM(flat_names);

	p->nout = 1 + p->nkeep + nfixed;
	p->out_name = xcalloc(p->nout, sizeof(*p->out_name));
	p->out_len = xcalloc(p->nout, sizeof(*p->out_len));
	p->out_name[0] = p->id_name;
	for (size_t i = 0; i < p->nkeep; i++)
		p->out_name[1 + i] = p->keep[i];
	for (size_t i = 0; i < nfixed; i++)
		p->out_name[1 + p->nkeep + i] = fixed[i];
	for (size_t i = 0; i < p->nout; i++)
		p->out_len[i] = strlen(p->out_name[i]);
}

enum plan_columns_result
planner_columns(struct planner *p, const struct colnames *cols, char *err,
    size_t errlen)
{
	p->has_id = true;
	if (has_column(cols, "id", 2))
		p->id_name = xstrdup("id");
	else if (has_column(cols, "patient_id", 10))
		p->id_name = xstrdup("patient_id");
	else {
		p->id_name = xstrdup("id");	/* every value empty */
		p->has_id = false;
	}
	if (parse_keep(p, cols, err, errlen) != 0)
		return PLAN_COLUMNS_USAGE;
	p->keep_pos = xcalloc(p->nkeep + 1, sizeof(*p->keep_pos));
	set_out_names(p);
	if (!has_column(cols, "screen_status", 13)) {
		snprintf(err, errlen, "input has no 'screen_status' column "
		    "(run ipt-screen first)");
		return PLAN_COLUMNS_NO_STATUS;
	}
	return PLAN_COLUMNS_OK;
}

void
planner_header(const struct planner *p, struct colnames *out)
{
	out->name = p->out_name;
	out->len = p->out_len;
	out->n = p->nout;
}

/* Find the input columns in r's layout (once per schema). */
static void
bind(struct planner *p, const struct record *r)
{
	for (int c = 0; c < PC_NCOLS; c++)
		p->pos[c] = record_find(r, in_names[c], strlen(in_names[c]));
	p->id_pos = p->has_id ? record_find(r, p->id_name,
	    strlen(p->id_name)) : -1;
	for (size_t i = 0; i < p->nkeep; i++)
		p->keep_pos[i] = record_find(r, p->keep[i], strlen(p->keep[i]));
	p->schema = r->schema;
	p->nbound = r->n;
	p->bound = true;
}

static const struct field *
col(const struct planner *p, const struct record *r, enum plan_col c)
{
	return p->pos[c] >= 0 ? &r->f[p->pos[c]] : NULL;
}

/* ---- reading a record (section 1) ---- */

/* Flag a needed value that is missing: absent, null or blank. */
static void
flag_missing(struct planner *p, struct record *r, enum plan_col c)
{
	char msg[80];

	snprintf(msg, sizeof(msg), "field '%s' is %s", in_names[c],
	    col(p, r, c) == NULL ? "missing" : "empty");
	record_flag(r, msg);
}

/*
 * Read a code of vocab in column c: its index, or -1 when missing
 * (flagged if required) or invalid (always flagged).  *st says which.
 */
static int
read_code(struct planner *p, struct record *r, enum plan_col c,
    const char *const *vocab, bool required, enum vstate *st)
{
	const struct field *f = col(p, r, c);
	int idx = -1;

	*st = value_code(f, vocab, &idx);
	if (*st == VAL_MISSING && required)
		flag_missing(p, r, c);
	if (*st == VAL_INVALID)
		value_flag(r, f, "is not a known code");
	return *st == VAL_OK ? idx : -1;
}

static void
check_id(struct planner *p, struct record *r)
{
	const struct field *f = p->id_pos >= 0 ? &r->f[p->id_pos] : NULL;
	const char *s;
	size_t n = 0;
	char msg[80];

	if (f != NULL && f->kind != VK_NULL)
		value_trim(f, &s, &n);
	if (n > 0)
		return;
	if (!p->has_id)
		snprintf(msg, sizeof(msg), "no patient id: no 'id' or "
		    "'patient_id' field");
	else
		snprintf(msg, sizeof(msg), "no patient id: field '%s' is %s",
		    p->id_name, f == NULL ? "missing" : "empty");
	record_flag(r, msg);
}

static bool
read_track(struct planner *p, struct record *r)
{
	enum vstate st;
	int t = read_code(p, r, PC_TRACK, track_names, true, &st);

	p->in.track = t >= 0 ? (enum plan_track)t : TRACK_IPT;
	return t >= 0;
}

/* An integer column in lo..hi; override (an option) wins unread. */
static bool
read_int(struct planner *p, struct record *r, enum plan_col c, int override,
    int lo, int hi, int *out)
{
	const struct field *f = col(p, r, c);
	char problem[40];
	long v = 0;
	enum vstate st;

	if (override > 0) {
		*out = override;
		return true;
	}
	st = value_int(f, &v);
	if (st == VAL_MISSING)
		flag_missing(p, r, c);
	if (st == VAL_INVALID)
		value_flag(r, f, "is not an integer");
	if (st != VAL_OK)
		return false;
	if (v < lo || v > hi) {
		snprintf(problem, sizeof(problem), "is outside %d..%d", lo, hi);
		value_flag(r, f, problem);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool
read_sessions(struct planner *p, struct record *r)
{
	return read_int(p, r, PC_SESSIONS, p->cfg.sessions, PLAN_SESSIONS_MIN,
	    PLAN_SESSIONS_MAX, &p->in.sessions);
}

static bool
read_minutes(struct planner *p, struct record *r)
{
	return read_int(p, r, PC_MINUTES, p->cfg.minutes, PLAN_MINUTES_MIN,
	    PLAN_MINUTES_MAX, &p->in.minutes);
}

/* One item of outcome_measures: a built-in prefix, appended lower case. */
static bool
measure_item(struct planner *p, const char *s, size_t n)
{
	int nb;
	const struct instrument *b = instrument_builtins(&nb);
	size_t start = p->battery.len;

	buf_put_lower(&p->battery, s, n);
	for (int i = 0; i < nb; i++)
		if (strcmp(p->battery.s + start, b[i].prefix) == 0)
			return true;
	return false;
}

static bool
is_text(const struct field *f)
{
	return f->kind == VK_CSV || f->kind == VK_STR || f->kind == VK_CODE;
}

/* s[0..n): ;-separated prefixes into the battery and the symptom measure. */
static bool
parse_measures(struct planner *p, const char *s, size_t n)
{
	size_t len;

	for (;;) {
		const char *semi = memchr(s, ';', n);

		len = semi ? (size_t)(semi - s) : n;
		if (p->battery.len > 0)
			strbuf_put(&p->battery, ";", 1);
		if (!measure_item(p, s, len))
			return false;
		if (semi == NULL)
			break;
		n -= len + 1;
		s = semi + 1;
	}
	len = strcspn(p->battery.s, ";");	/* a prefix: fits symptom */
	memcpy(p->symptom, p->battery.s, len);
	p->symptom[len] = '\0';
	return true;
}

static bool
read_measures(struct planner *p, struct record *r)
{
	const struct field *f = col(p, r, PC_MEASURES);
	const char *s = "";
	size_t n = 0;

	strbuf_reset(&p->battery);
	if (f != NULL && f->kind != VK_NULL)
		value_trim(f, &s, &n);
	if (n == 0) {
		flag_missing(p, r, PC_MEASURES);
		return false;
	}
	if (!is_text(f) || !parse_measures(p, s, n)) {
		value_flag(r, f, "is not a list of ipt-score instruments");
		return false;
	}
	return true;
}

/* focal_area: a missing one is undetermined. */
static bool
read_area(struct planner *p, struct record *r)
{
	enum vstate st;
	int a = read_code(p, r, PC_AREA, area_names, false, &st);

	p->in.area = a >= 0 ? (enum plan_area)a : AREA_UNDETERMINED;
	return st != VAL_INVALID;
}

/* focal_area_secondary: missing is none; undetermined is no area. */
static bool
read_secondary(struct planner *p, struct record *r)
{
	const struct field *f = col(p, r, PC_SECONDARY);
	int a = -1;
	enum vstate st = value_code(f, area_names, &a);

	p->in.secondary = AREA_NONE;
	if (st == VAL_INVALID)
		value_flag(r, f, "is not a known code");
	else if (st == VAL_OK && a == AREA_UNDETERMINED)
		value_flag(r, f, "is not a valid secondary area");
	else if (st == VAL_OK)
		p->in.secondary = (enum plan_area)a;
	return st == VAL_MISSING || p->in.secondary != AREA_NONE;
}

/*
 * The columns an eligible record needs, in the order of section 1: the
 * first invalid one names the plan_note; every invalid one is flagged.
 */
static const struct checked {
	enum plan_col col;
	bool (*read)(struct planner *, struct record *);
} checked[] = {
	{PC_TRACK, read_track},
	{PC_SESSIONS, read_sessions},
	{PC_MINUTES, read_minutes},
	{PC_MEASURES, read_measures},
	{PC_AREA, read_area},
	{PC_SECONDARY, read_secondary},
};

/* The first invalid needed column, or NULL when all are valid. */
static const char *
read_needed(struct planner *p, struct record *r)
{
	const char *bad = NULL;

	for (size_t i = 0; i < NELEM(checked); i++)
		if (!checked[i].read(p, r) && bad == NULL)
			bad = in_names[checked[i].col];
	return bad;
}

/* The start: a valid start_date, else --start.  False when neither. */
static bool
read_start(struct planner *p, struct record *r)
{
	const struct field *f = col(p, r, PC_START_DATE);
	enum vstate st = value_date(f, &p->in.start);

	if (st == VAL_OK)
		return true;
	if (st == VAL_INVALID)
		value_flag(r, f, "is not a valid date (YYYY-MM-DD)");
	if (p->cfg.has_start) {
		p->in.start = p->cfg.start;
		return true;
	}
	record_flag(r, "no start date: no valid 'start_date' and no "
	    "--start");
	return false;
}

/*
 * The optional columns, read only where a rule uses them: episode for
 * the last session, dispute_with for ipt_a, dispute_stage for the first
 * role_dispute middle session.  Invalid values are flagged and count as
 * missing.
 */
static void
read_optional(struct planner *p, struct record *r)
{
	enum vstate st;
	int v;

	v = read_code(p, r, PC_EPISODE, episode_names, false, &st);
	p->in.recurrent = v == EPISODE_RECURRENT;
	p->in.parent_dispute = false;
	if (p->in.track == TRACK_IPT_A) {
		v = read_code(p, r, PC_DISPUTE_WITH, dispute_with_names, false,
		    &st);
		p->in.parent_dispute = v == DISPUTE_WITH_PARENT;
	}
	p->in.stage = STAGE_NONE;
	if (plan_dispute_session(&p->in) > 0) {
		v = read_code(p, r, PC_DISPUTE_STAGE, stage_names, false, &st);
		if (v >= 0)
			p->in.stage = (enum plan_stage)v;
	}
}

/* plan_note of a patient who is not eligible: screen_status:S[;reasons]. */
static void
status_note(struct planner *p, const struct record *r, int status)
{
	const struct field *f = col(p, r, PC_REASONS);
	const char *s = "";
	size_t n = 0;

	strbuf_puts(&p->note, "screen_status:");
	strbuf_puts(&p->note, status_names[status]);
	if (f != NULL && f->kind != VK_NULL)
		value_trim(f, &s, &n);
	while (n > 0) {
		const char *semi = memchr(s, ';', n);
		size_t len = semi ? (size_t)(semi - s) : n;
		size_t at = p->note.len;

		strbuf_put(&p->note, ";", 1);
		buf_put_lower(&p->note, s, len);
		if (p->note.len == at + 1)	/* an empty item: drop it */
			p->note.len = at;
		n -= semi ? len + 1 : len;
		s += semi ? len + 1 : len;
	}
	p->note.s[p->note.len] = '\0';
}

static enum plan_outcome
not_planned(struct planner *p, const char *note, const char *what)
{
	strbuf_puts(&p->note, note);
	if (what != NULL)
		strbuf_puts(&p->note, what);
	p->outcome = PLAN_NOT_PLANNED;
	return p->outcome;
}

enum plan_outcome
plan_record(struct planner *p, struct record *r)
{
	enum vstate st;
	const char *bad;
	int status;

	if (!p->bound || p->schema != r->schema || p->nbound != r->n)
		bind(p, r);
	p->n = 0;
	strbuf_reset(&p->note);
	check_id(p, r);
	status = read_code(p, r, PC_STATUS, status_names, true, &st);
	if (status < 0)
		return not_planned(p, "invalid:", "screen_status");
	if (status != STATUS_ELIGIBLE) {
		p->outcome = p->cfg.eligible_only ? PLAN_OMITTED
		    : PLAN_NOT_PLANNED;
		status_note(p, r, status);
		return p->outcome;
	}
	if ((bad = read_needed(p, r)) != NULL)
		return not_planned(p, "invalid:", bad);
	if (!read_start(p, r))
		return not_planned(p, "no_start_date", NULL);
	read_optional(p, r);
	p->n = plan_build(&p->in, &p->cfg.cal, p->c);
	p->outcome = PLAN_PLANNED;
	return p->outcome;
}

/* ---- writing records (section 3) ---- */

static void
copy_field(struct record *out, const char *name, const struct record *r,
    long at)
{
	const struct field *f = at >= 0 ? &r->f[at] : NULL;

	if (f == NULL)
		record_add(out, name, strlen(name), true, "", 0, VK_NULL, 0);
	else
		record_add(out, name, strlen(name), true, f->val, f->len,
		    f->kind, f->num);
}

/* Start out: provenance, the id and the kept columns. */
static void
put_head(const struct planner *p, const struct record *r, struct record *out)
{
	record_clear(out);
	out->schema = 1;	/* every output record has the same names */
	out->file = r->file;
	out->line = r->line;
	out->recno = r->recno;
	copy_field(out, p->id_name, r, p->id_pos);
	for (size_t i = 0; i < p->nkeep; i++)
		copy_field(out, p->keep[i], r, p->keep_pos[i]);
}

static void
put_code(struct record *out, const char *name, const char *code)
{
	if (code[0] == '\0')
		record_set_null(out, out->n, name);
	else
		record_set_static(out, out->n, name, code);
}

static void
put_text(struct record *out, const char *name, const char *s, size_t n)
{
	if (n == 0)
		record_set_null(out, out->n, name);
	else
		record_set(out, out->n, name, s, n, VK_STR, 0);
}

/*
 * ipt_track or focal_area of a not_planned patient, as screened: the
 * code in lower case, or the trimmed text in lower case when it is not
 * one; when missing, dflt ("" for empty).
 */
static void
put_screened(struct planner *p, const struct record *r, struct record *out,
    enum plan_col c, const char *const *vocab, const char *dflt)
{
	const struct field *f = col(p, r, c);
	int idx;
	enum vstate st = value_code(f, vocab, &idx);

	if (st == VAL_OK) {
		put_code(out, in_names[c], vocab[idx]);
	} else if (st == VAL_MISSING) {
		put_code(out, in_names[c], dflt);
	} else {
		strbuf_reset(&p->text);
		buf_put_lower(&p->text, f->val, f->len);
		put_text(out, in_names[c], p->text.s, p->text.len);
	}
}

/* Patient-level columns: plan_status, ipt_track, focal_area. */
static void
put_patient(struct planner *p, const struct record *r, struct record *out)
{
	if (p->outcome == PLAN_PLANNED) {
		put_code(out, "plan_status", "planned");
		put_code(out, "ipt_track", track_names[p->in.track]);
		put_code(out, "focal_area", area_names[p->in.area]);
		return;
	}
	put_code(out, "plan_status", "not_planned");
	put_screened(p, r, out, PC_TRACK, track_names, "");
	put_screened(p, r, out, PC_AREA, area_names, "undetermined");
}

static void
join_tasks(struct strbuf *b, const struct contact *c)
{
	for (int i = 0; i < c->ntask; i++) {
		if (i > 0)
			strbuf_put(b, ";", 1);
		strbuf_puts(b, task_names[c->task[i]]);
	}
}

static const char *
measures(const struct planner *p, const struct contact *c)
{
	return c->battery ? p->battery.s : p->symptom;
}

void
plan_put_contact(struct planner *p, const struct record *r,
    struct record *out, size_t k)
{
	const struct contact *c = &p->c[k];
	char day[16], note[32];

	put_head(p, r, out);
	put_patient(p, r, out);
	record_set_int(out, out->n, "contact", (long)k + 1);
	put_code(out, "kind", kind_names[c->kind]);
	if (c->session > 0)
		record_set_int(out, out->n, "session", c->session);
	else
		record_set_null(out, out->n, "session");
	date_format(c->date, day);
	put_text(out, "date", day, strlen(day));
	put_code(out, "weekday", weekday_names[date_weekday(c->date)]);
	record_set_int(out, out->n, "week", c->week);
	put_code(out, "phase", phase_names[c->phase]);
	record_set_int(out, out->n, "minutes", c->minutes);
	put_code(out, "focus", focus_names[c->focus]);
	strbuf_reset(&p->text);
	join_tasks(&p->text, c);
	put_text(out, "tasks", p->text.s, p->text.len);
	put_text(out, "measures", measures(p, c), strlen(measures(p, c)));
	put_code(out, "review", review_names[c->review]);
	date_format(c->nominal, day);
	snprintf(note, sizeof(note), "moved_from:%s", day);
	put_text(out, "plan_note", note, c->moved ? strlen(note) : 0);
}

void
plan_put_not_planned(struct planner *p, const struct record *r,
    struct record *out)
{
	put_head(p, r, out);
	put_patient(p, r, out);
	/* contact ... review: empty */
	for (size_t i = 3; i < NELEM(flat_names) - 1; i++)
		record_set_null(out, out->n, flat_names[i]);
	put_text(out, "plan_note", p->note.s, p->note.len);
}

/* "key": then a code as a JSON string, or null when "". */
static void
json_code(struct strbuf *b, const char *key, const char *code)
{
	strbuf_puts(b, ",\"");
	strbuf_puts(b, key);
	strbuf_puts(b, "\":");
	if (code[0] == '\0') {
		strbuf_puts(b, "null");
		return;
	}
	/* Codes, dates, task and measure lists hold only [a-z0-9_;:-]:
	 * nothing to escape. */
	strbuf_puts(b, "\"");
	strbuf_puts(b, code);
	strbuf_puts(b, "\"");
}

static void
json_int(struct strbuf *b, const char *key, long v, bool null)
{
	strbuf_puts(b, ",\"");
	strbuf_puts(b, key);
	strbuf_puts(b, "\":");
	if (null)
		strbuf_puts(b, "null");
	else
		strbuf_putl(b, v);
}

/* One contact as a compact JSON object, fields contact ... plan_note. */
static void
json_contact(const struct planner *p, struct strbuf *b, size_t k)
{
	const struct contact *c = &p->c[k];
	char day[16], note[32];

	strbuf_puts(b, "{\"contact\":");
	strbuf_putl(b, (long)k + 1);
	json_code(b, "kind", kind_names[c->kind]);
	json_int(b, "session", c->session, c->session == 0);
	date_format(c->date, day);
	json_code(b, "date", day);
	json_code(b, "weekday", weekday_names[date_weekday(c->date)]);
	json_int(b, "week", c->week, false);
	json_code(b, "phase", phase_names[c->phase]);
	json_int(b, "minutes", c->minutes, false);
	json_code(b, "focus", focus_names[c->focus]);
	strbuf_puts(b, ",\"tasks\":\"");
	join_tasks(b, c);
	strbuf_puts(b, "\"");
	json_code(b, "measures", measures(p, c));
	json_code(b, "review", review_names[c->review]);
	date_format(c->nominal, day);
	snprintf(note, sizeof(note), "moved_from:%s", day);
	json_code(b, "plan_note", c->moved ? note : "");
	strbuf_puts(b, "}");
}

void
plan_put_nested(struct planner *p, const struct record *r,
    struct record *out)
{
	bool planned = p->outcome == PLAN_PLANNED;

	put_head(p, r, out);
	put_patient(p, r, out);
	put_text(out, "plan_note", p->note.s, planned ? 0 : p->note.len);
	strbuf_reset(&p->text);
	strbuf_puts(&p->text, "[");
	for (size_t k = 0; planned && k < p->n; k++) {
		if (k > 0)
			strbuf_puts(&p->text, ",");
		json_contact(p, &p->text, k);
	}
	strbuf_puts(&p->text, "]");
	record_add(out, "contacts", 8, true, p->text.s, p->text.len, VK_RAW,
	    0);
}

/* ---- the run: stream in, contacts out ---- */

static int
put(struct writer *w, struct record *out)
{
	char why[256];

	if (writer_put(w, out, why, sizeof(why)) == 0)
		return 0;
	/* Every output record has the header's names: a bug if not. */
	diag_error("internal error: %s", why);
	diag_status(EXIT_INTERNAL);
	return -1;
}

/* Write what plan_record() decided for r; -1 after an internal error. */
static int
write_patient(struct planner *p, struct record *r, struct writer *w,
    struct record *out, struct plan_counts *k)
{
	enum plan_outcome res = plan_record(p, r);

	if (r->flagged)
		diag_count.flagged++;
	if (res != PLAN_PLANNED)
		k->not_planned++;
	else
		k->planned++;
	if (res == PLAN_OMITTED)
		return 0;
	if (p->cfg.nested) {
		plan_put_nested(p, r, out);
		k->contacts += res == PLAN_PLANNED ? p->n : 0;
		return put(w, out);
	}
	if (res == PLAN_NOT_PLANNED) {
		plan_put_not_planned(p, r, out);
		return put(w, out);
	}
	for (size_t i = 0; i < p->n; i++) {
		plan_put_contact(p, r, out, i);
		if (put(w, out) != 0)
			return -1;
		k->contacts++;
	}
	return 0;
}

/* The main loop; returns when the input ends or a fatal error stops it. */
static void
plan_all(struct stream *in, struct planner *p, struct writer *w,
    struct plan_counts *k)
{
	struct record out;
	struct record *r;

	record_init(&out);
	while (w->out.err == 0 && stream_next(in, &r) > 0) {
		if (write_patient(p, r, w, &out, k) != 0)
			break;
	}
	record_release(&out);
}

/*
 * Read the first header, set up the columns; 0 to go on, 1 when the input
 * is empty, or an exit status (64, 65) after reporting.
 */
static int
configure(struct stream *in, struct planner *p)
{
	char err[256];
	struct colnames cols;
	int r = stream_columns(in, &cols);

	if (r <= 0)
		return r < 0 ? EXIT_DATA : 1;
	switch (planner_columns(p, &cols, err, sizeof(err))) {
	case PLAN_COLUMNS_OK:
		return 0;
	case PLAN_COLUMNS_USAGE:
		cli_usage_error("%s", err);
		return EXIT_USAGE;
	case PLAN_COLUMNS_NO_STATUS:
		break;
	}
	diag_error("%s", err);
	diag_status(EXIT_DATA);
	return EXIT_DATA;
}

int
plan_run(const struct cli *c, struct planner *p, int out_fd,
    struct plan_counts *k)
{
	struct stream in;
	struct writer w;
	struct colnames cols;
	struct stream_opts so = {c->in_fmt, (unsigned char)c->delim, c->strict,
	    c->rejects};
	int ok;

	memset(k, 0, sizeof(*k));
	if (stream_open(&in, c->files, c->nfiles, &so) != 0) {
		stream_close(&in);
		return 0;
	}
	ok = configure(&in, p);
	if (ok == EXIT_USAGE) {
		stream_close(&in);
		return EXIT_USAGE;
	}
	enum fmt of = c->out_fmt != FMT_NONE ? c->out_fmt
	    : stream_first_format(&in) != FMT_NONE ? stream_first_format(&in)
	    : FMT_CSV;

	writer_init(&w, of, c->delim, out_fd);
	if (ok == 0) {
		planner_header(p, &cols);
		writer_csv_header(&w, &cols, NULL);
		plan_all(&in, p, &w, k);
	}
	filter_finish_output(&w, out_fd);
	if (stream_close(&in) != 0)
		diag_status(EXIT_IO);
	return 0;
}
