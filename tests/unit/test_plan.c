/* SPDX-License-Identifier: MIT */
/*
 * test_plan.c - treatment plans (ipt-plan.md): phases, the calendar with
 * holiday moves, focus and tasks, measures and reviews, track variants,
 * option values, and the record layer's precedence of not_planned
 * reasons.
 *
 * Every expected contact below was written by hand from the spec; the
 * date arithmetic is in the comments.  Calendar facts used: 2026-12-07
 * is a Monday (2026-12-01 is a Tuesday), so the Mondays run 7, 14, 21,
 * 28 December, then 4, 11, 18, 25 January 2027 and 1 February 2027;
 * 2027-01-01 is a Friday.  2019-12-25 was a Wednesday, so 2019-12-27 is a
 * Friday and 2020-01-31 (35 days later) a Friday too; 2020 is a leap
 * year, and 2020-02-29 (29 days after 31 January) is a Saturday.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "holiday.h"
#include "plan.h"
#include "record.h"
#include "unit.h"

static long
day(int y, int m, int d)
{
	return date_to_days(y, m, d);
}

/*
 * One contact as a line: KIND SESSION DATE WEEKDAY WEEK PHASE MINUTES
 * FOCUS | TASKS | M REVIEW NOTE, where M is B (battery) or S (symptom
 * measure) and "-" stands for empty.
 */
static const char *
describe(const struct contact *c)
{
	static char line[512];
	char date[16], nominal[16], tasks[300] = "";
	size_t n = 0;

	for (int i = 0; i < c->ntask; i++)
		n += (size_t)snprintf(tasks + n, sizeof(tasks) - n, "%s%s",
		    i > 0 ? ";" : "", plan_task_name(c->task[i]));
	date_format(c->date, date);
	date_format(c->nominal, nominal);
	snprintf(line, sizeof(line), "%s %s%.0d %s %s %ld %s %d %s | %s | %s "
	    "%s %s%s", plan_kind_name(c->kind), c->session ? "" : "-",
	    c->session, date, plan_weekday_name(date_weekday(c->date)),
	    c->week, plan_phase_name(c->phase), c->minutes,
	    plan_focus_name(c->focus), tasks, c->battery ? "B" : "S",
	    c->review ? plan_review_name(c->review) : "-",
	    c->moved ? "moved_from:" : "-", c->moved ? nominal : "");
	return line;
}

static struct holidays hol;
static int followups[PLAN_FOLLOWUPS_MAX];

/* Plan in with the given holidays (NULL-terminated Y, M, D triples). */
static size_t
build(const struct plan_input *in, int weekday, const int *months, int nm,
    const int *days, struct contact *c)
{
	struct plan_calendar cal = {weekday, followups, nm, &hol};

	if (nm > 0)
		memcpy(followups, months, (size_t)nm * sizeof(*months));
	holidays_release(&hol);
	holidays_init(&hol);
	for (int i = 0; days != NULL && days[i] != 0; i += 3)
		holidays_add(&hol, day(days[i], days[i + 1], days[i + 2]));
	holidays_sort(&hol);
	return plan_build(in, &cal, c);
}

static void
check_lines(const struct contact *c, size_t n, const char *const *want,
    size_t nwant, int line)
{
	CHECKF(n == nwant, "line %d: %zu contacts, want %zu", line, n, nwant);
	for (size_t i = 0; i < n && i < nwant; i++) {
		const char *got = describe(&c[i]);

		if (strcmp(got, want[i]) != 0)
			fprintf(stderr, "line %d: contact %zu:\n  got  %s\n"
			    "  want %s\n", line, i + 1, got, want[i]);
		CHECK(strcmp(got, want[i]) == 0);
	}
}

#define CHECK_PLAN(c, n, want) \
	check_lines((c), (n), (want), sizeof(want) / sizeof((want)[0]), \
	    __LINE__)

static struct contact c[PLAN_CONTACTS_MAX];

static struct plan_input
input(enum plan_track t, int n, int minutes, enum plan_area a,
    enum plan_area sec, long start)
{
	struct plan_input in;

	memset(&in, 0, sizeof(in));
	in.track = t;
	in.sessions = n;
	in.minutes = minutes;
	in.area = a;
	in.secondary = sec;
	in.stage = STAGE_NONE;
	in.start = start;
	return in;
}

#define FIRST "diagnosis_review;psychoeducation;sick_role;" \
	"medication_check;risk_review"
#define CONTRACT "problem_area_selection;interpersonal_formulation;" \
	"treatment_contract"
#define STAGE1 "mood_event_link;current_interpersonal_problem_analysis"
#define STAGE2 "mood_event_link;communication_pattern_feedback;role_play"
#define STAGE3 "mood_event_link;behavioural_experiments;scenario_simulation"
#define LAST "consolidate_gains;feelings_about_ending;followup_plan"
#define MIM ";member_interaction_monitoring"

/* ---- phases ---- */

static void
test_shape(void)
{
	static const struct {
		int n, init, mid, term, primary;	/* primary: with a secondary */
	} t[] = {
		{6, 2, 2, 2, 2},	/* ceil(4/3) = 2: secondary gets none */
		{8, 2, 4, 2, 3},	/* ceil(8/3) = 3 */
		{10, 2, 6, 2, 4},
		{11, 2, 7, 2, 5},	/* ceil(14/3) = 5 */
		{12, 3, 6, 3, 4},
		{14, 3, 8, 3, 6},	/* ceil(16/3) = 6 */
		{16, 3, 10, 3, 7},	/* ceil(20/3) = 7 */
		{24, 3, 18, 3, 12},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct plan_input in = input(TRACK_IPT, t[i].n, 60, AREA_GRIEF,
		    AREA_NONE, 0);
		struct plan_shape sh;

		plan_shape(&in, &sh);
		CHECKF(sh.initial == t[i].init && sh.middle == t[i].mid &&
		    sh.termination == t[i].term && sh.primary == t[i].mid,
		    "N=%d", t[i].n);
		in.secondary = AREA_ROLE_DISPUTE;
		plan_shape(&in, &sh);
		CHECKF(sh.primary == t[i].primary, "N=%d: primary %d", t[i].n,
		    sh.primary);
	}
}

static void
test_dispute_session(void)
{
	struct plan_input in = input(TRACK_IPT, 12, 60, AREA_ROLE_DISPUTE,
	    AREA_NONE, 0);

	CHECK_INT(plan_dispute_session(&in), 1);
	in.area = AREA_GRIEF;
	CHECK_INT(plan_dispute_session(&in), 0);
	in.secondary = AREA_ROLE_DISPUTE;	/* M 6, primary 4: middle 5 */
	CHECK_INT(plan_dispute_session(&in), 5);
	in.sessions = 6;			/* M 2, primary 2: none */
	CHECK_INT(plan_dispute_session(&in), 0);
	in.area = AREA_UNDETERMINED;
	in.sessions = 16;			/* M 10, primary 7: middle 8 */
	CHECK_INT(plan_dispute_session(&in), 8);
}

/* ---- whole plans ---- */

/*
 * ipt, N = 6 (2 initial, 2 middle, 2 termination), Mondays from
 * 2026-12-07, across the year end.  Middle i = 1 <= ceil(2/3) = 1: stage
 * 1; i = 2 <= ceil(4/3) = 2: stage 2.  N < 12: session 4 is the early
 * response check.  Follow-up at 1 month: 2027-01-11 + 1 month =
 * 2027-02-11, a Thursday (Monday 2027-02-08 is 24 + 31 + 8 = 63 days =
 * 9 weeks after 2026-12-07: week 10).
 */
static void
test_smallest(void)
{
	static const int m1[] = {1};
	static const char *const want[] = {
		"individual 1 2026-12-07 mon 1 initial 60 assessment | " FIRST
		    " | B - -",
		"individual 2 2026-12-14 mon 2 initial 60 assessment | "
		    "interpersonal_inventory;" CONTRACT " | S - -",
		"individual 3 2026-12-21 mon 3 middle 60 grief | " STAGE1
		    ";facilitate_mourning | S - -",
		"individual 4 2026-12-28 mon 4 middle 60 grief | " STAGE2
		    ";reconstruct_relationship_with_deceased | B "
		    "early_response_check -",
		"individual 5 2027-01-04 mon 5 termination 60 termination | "
		    "discuss_ending;review_progress | S - -",
		"individual 6 2027-01-11 mon 6 termination 60 termination | "
		    LAST " | B final_review -",
		"followup - 2027-02-11 thu 10 followup 60 followup | "
		    "booster_review;relapse_check | B - -",
	};
	struct plan_input in = input(TRACK_IPT, 6, 60, AREA_GRIEF, AREA_NONE,
	    day(2026, 12, 7));
	size_t n = build(&in, -1, m1, 1, NULL, c);

	CHECK_PLAN(c, n, want);
}

/*
 * A holiday on a session day: Monday 2026-12-28 (session 4) moves to
 * Tuesday 12-29 with moved_from; session 5 is the Monday of the week after
 * 12-29's week (Monday 12-28): 2027-01-04, not marked.  Recurrent episode:
 * maintenance_option on the last session.
 */
static void
test_holiday_in_week(void)
{
	static const int hd[] = {2026, 12, 28, 0};
	static const char *const want[] = {
		"individual 4 2026-12-29 tue 4 middle 45 grief | " STAGE2
		    ";reconstruct_relationship_with_deceased | B "
		    "early_response_check moved_from:2026-12-28",
		"individual 5 2027-01-04 mon 5 termination 45 termination | "
		    "discuss_ending;review_progress | S - -",
		"individual 6 2027-01-11 mon 6 termination 45 termination | "
		    LAST ";maintenance_option | B final_review -",
	};
	struct plan_input in = input(TRACK_IPT_B, 6, 45, AREA_GRIEF,
	    AREA_NONE, day(2026, 12, 7));
	size_t n;

	in.recurrent = true;
	n = build(&in, -1, NULL, 0, hd, c);
	CHECK_INT(n, 6);
	check_lines(c + 3, 3, want, 3, __LINE__);
}

/*
 * A whole holiday week, Monday 2026-12-28 to Friday 2027-01-01: session 4
 * goes to the Monday of the next week, 2027-01-04 (week 5), marked; the
 * later sessions follow one week later each, unmarked.  Follow-up at 1
 * month: 2027-01-18 + 1 month = 2027-02-18, a Thursday; its Monday
 * 02-15 is 24 + 31 + 15 = 70 days = 10 weeks after 12-07: week 11.
 */
static void
test_holiday_week(void)
{
	static const int m1[] = {1};
	static const int hd[] = {2026, 12, 28, 2026, 12, 29, 2026, 12, 30,
	    2026, 12, 31, 2027, 1, 1, 0};
	static const char *const want[] = {
		"individual 3 2026-12-21 mon 3 middle 60 role_dispute | " STAGE1
		    ";identify_dispute_stage;mourn_relationship_end | S - -",
		"individual 4 2027-01-04 mon 5 middle 60 role_dispute | " STAGE2
		    ";explore_expectations | B early_response_check "
		    "moved_from:2026-12-28",
		"individual 5 2027-01-11 mon 6 termination 60 termination | "
		    "discuss_ending;review_progress | S - -",
		"individual 6 2027-01-18 mon 7 termination 60 termination | "
		    LAST " | B final_review -",
		"followup - 2027-02-18 thu 11 followup 60 followup | "
		    "booster_review;relapse_check | B - -",
	};
	struct plan_input in = input(TRACK_IPT, 6, 60, AREA_ROLE_DISPUTE,
	    AREA_NONE, day(2026, 12, 7));
	size_t n;

	in.stage = STAGE_DISSOLUTION;
	n = build(&in, -1, m1, 1, hd, c);
	CHECK_INT(n, 7);
	check_lines(c + 2, 5, want, 5, __LINE__);
}

/*
 * --weekday fri from Monday 2026-12-07: D0 = Friday 12-11.  Session 3's
 * nominal Friday 12-25 is a holiday with no later weekday in its week;
 * the next week's Friday 2027-01-01 is a holiday too; so Friday 01-08
 * (Monday 01-04 is 28 days after 12-07: week 5), marked from 12-25.
 * Session 4: the Friday of the week after: 01-15.
 */
static void
test_weekday_option(void)
{
	static const int hd[] = {2026, 12, 25, 2027, 1, 1, 0};
	struct plan_input in = input(TRACK_IPT, 6, 60, AREA_GRIEF, AREA_NONE,
	    day(2026, 12, 7));
	size_t n = build(&in, 4, NULL, 0, hd, c);

	CHECK_INT(n, 6);
	CHECK_INT(c[0].date, day(2026, 12, 11));
	CHECK(!c[0].moved);
	CHECK_INT(c[1].date, day(2026, 12, 18));
	CHECK_INT(c[2].date, day(2027, 1, 8));
	CHECK_INT(c[2].week, 5);
	CHECK(c[2].moved);
	CHECK_INT(c[2].nominal, day(2026, 12, 25));
	CHECK_INT(c[3].date, day(2027, 1, 15));
	CHECK(!c[3].moved);
	CHECK_INT(c[5].date, day(2027, 1, 29));
}

/*
 * A Saturday start (2026-12-05) with no --weekday: sessions on Mondays
 * from 12-07, not marked as moved (a weekend alone sets nothing).  A
 * Wednesday start keeps Wednesday.
 */
static void
test_weekend_start(void)
{
	struct plan_input in = input(TRACK_IPT, 6, 60, AREA_GRIEF, AREA_NONE,
	    day(2026, 12, 5));
	size_t n = build(&in, -1, NULL, 0, NULL, c);

	CHECK_INT(n, 6);
	CHECK_INT(c[0].date, day(2026, 12, 7));
	CHECK(!c[0].moved);
	CHECK_INT(c[0].week, 1);
	in.start = day(2026, 12, 9);
	build(&in, -1, NULL, 0, NULL, c);
	CHECK_INT(c[0].date, day(2026, 12, 9));
	CHECK_INT(c[1].date, day(2026, 12, 16));
}

/*
 * Follow-ups from a last session on 31 January.  Fridays from
 * 2019-12-27: the sixth is 2020-01-31.  + 1 month = 31 February, clamped
 * to 2020-02-29, a Saturday: the next weekday is Monday 2020-03-02, not
 * marked.  With a holiday on 03-02: Tuesday 03-03, marked from 02-29 (a
 * weekday holiday lies in [02-29, 03-03)).  Then from Monday 2028-01-31
 * (Mondays from 2027-12-27): 2028-02-29, a Tuesday, stays.
 */
static void
test_month_end(void)
{
	static const int m1[] = {1};
	static const int hd[] = {2020, 3, 2, 0};
	struct plan_input in = input(TRACK_IPT, 6, 60, AREA_GRIEF, AREA_NONE,
	    day(2019, 12, 27));
	size_t n = build(&in, -1, m1, 1, NULL, c);

	CHECK_INT(n, 7);
	CHECK_INT(c[5].date, day(2020, 1, 31));
	CHECK_INT(c[6].date, day(2020, 3, 2));
	CHECK_INT(c[6].nominal, day(2020, 2, 29));
	CHECK(!c[6].moved);
	build(&in, -1, m1, 1, hd, c);
	CHECK_INT(c[6].date, day(2020, 3, 3));
	CHECK(c[6].moved);
	CHECK_STR(describe(&c[6]), "followup - 2020-03-03 tue 11 followup 60 "
	    "followup | booster_review;relapse_check | B - "
	    "moved_from:2020-02-29");
	in.start = day(2027, 12, 27);
	build(&in, -1, m1, 1, NULL, c);
	CHECK_INT(c[5].date, day(2028, 1, 31));
	CHECK_INT(c[6].date, day(2028, 2, 29));
}

/*
 * Group, N = 8 (2, 4, 2), from 2026-12-07, follow-up at 3 months.
 * pre_group 7 days before group 1: 11-30 (week 0).  mid_group: group
 * ceil(8/2) = 4 is 12-28, + 2 days = Wednesday 12-30.  post_group:
 * 2027-01-25 + 7 = 02-01.  Follow-up: 2027-01-25 + 3 months = 04-25, a
 * Sunday: Monday 04-26 (24 + 31 + 28 + 31 + 26 = 140 days = 20 weeks
 * after 12-07: week 21), 60 minutes.  Middle stages: ceil(4/3) = 2,
 * ceil(8/3) = 3.
 */
static void
test_group(void)
{
	static const int m3[] = {3};
	static const char *const want[] = {
		"pre_group - 2026-11-30 mon 0 initial 60 assessment | "
		    "group_preparation;problem_area_selection;"
		    "treatment_contract | B - -",
		"group 1 2026-12-07 mon 1 initial 90 assessment | " FIRST MIM
		    " | B - -",
		"group 2 2026-12-14 mon 2 initial 90 assessment | "
		    "interpersonal_inventory;" CONTRACT MIM " | S - -",
		"group 3 2026-12-21 mon 3 middle 90 role_transition | " STAGE1
		    ";mourn_old_role" MIM " | S - -",
		"group 4 2026-12-28 mon 4 middle 90 role_transition | " STAGE1
		    ";evaluate_new_role" MIM " | B early_response_check -",
		"mid_group - 2026-12-30 wed 4 middle 60 role_transition | "
		    "progress_review;goal_refinement | B midpoint_review -",
		"group 5 2027-01-04 mon 5 middle 90 role_transition | " STAGE2
		    ";build_mastery_new_role" MIM " | S - -",
		"group 6 2027-01-11 mon 6 middle 90 role_transition | " STAGE3
		    ";develop_new_supports" MIM " | S - -",
		"group 7 2027-01-18 mon 7 termination 90 termination | "
		    "discuss_ending;review_progress" MIM " | S - -",
		"group 8 2027-01-25 mon 8 termination 90 termination | "
		    LAST MIM " | B final_review -",
		"post_group - 2027-02-01 mon 9 termination 60 termination | "
		    "consolidate_gains;followup_plan | B - -",
		"followup - 2027-04-26 mon 21 followup 60 followup | "
		    "booster_review;relapse_check | B - -",
	};
	struct plan_input in = input(TRACK_IPT_G, 8, 90, AREA_ROLE_TRANSITION,
	    AREA_NONE, day(2026, 12, 7));
	size_t n = build(&in, -1, m3, 1, NULL, c);

	CHECK_PLAN(c, n, want);
}

/*
 * mid_group pushed onto the next group session: group 4 on Monday
 * 12-28, + 2 = Wednesday 12-30; 12-30, 12-31 and 01-01 are holidays, so
 * the next weekday is Monday 2027-01-04, group 5's date: mid_group takes
 * it and comes just before group 5, marked from 12-30.
 */
static void
test_mid_group_collision(void)
{
	static const int hd[] = {2026, 12, 30, 2026, 12, 31, 2027, 1, 1, 0};
	struct plan_input in = input(TRACK_IPT_G, 8, 90, AREA_GRIEF,
	    AREA_NONE, day(2026, 12, 7));
	size_t n = build(&in, -1, NULL, 0, hd, c);

	CHECK_INT(n, 11);
	CHECK_INT(c[4].kind, KIND_GROUP);
	CHECK_INT(c[4].session, 4);
	CHECK_INT(c[5].kind, KIND_MID_GROUP);
	CHECK_INT(c[5].date, day(2027, 1, 4));
	CHECK(c[5].moved);
	CHECK_INT(c[5].nominal, day(2026, 12, 30));
	CHECK_INT(c[5].week, 5);
	CHECK_INT(c[6].kind, KIND_GROUP);
	CHECK_INT(c[6].session, 5);
	CHECK_INT(c[6].date, day(2027, 1, 4));
}

/*
 * pre_group moved back: group 1 on Monday 2027-01-04, 7 days before is
 * Monday 12-28, a holiday; the nearest earlier weekday that is not one:
 * Sunday 27, Saturday 26, Friday 25 (holiday), Thursday 12-24, marked.
 * Its week: Monday 12-21 is 14 days before 01-04: week 1 - 2 = -1.
 */
static void
test_pre_group_back(void)
{
	static const int hd[] = {2026, 12, 25, 2026, 12, 28, 0};
	struct plan_input in = input(TRACK_IPT_G, 10, 90, AREA_GRIEF,
	    AREA_NONE, day(2027, 1, 4));
	size_t n = build(&in, -1, NULL, 0, hd, c);

	CHECK_INT(n, 13);
	CHECK_STR(describe(&c[0]), "pre_group - 2026-12-24 thu -1 initial 60 "
	    "assessment | group_preparation;problem_area_selection;"
	    "treatment_contract | B - moved_from:2026-12-28");
	/* N = 10: mid_group after group ceil(10/2) = 5, 2027-02-01 + 2 */
	CHECK_INT(c[6].kind, KIND_MID_GROUP);
	CHECK_INT(c[6].date, day(2027, 2, 3));
}

/*
 * N = 16 with a secondary area: M = 10, the first ceil(20/3) = 7 middle
 * sessions (4 to 10) on role_transition, cycling its 4 strategies; the
 * last 3 (11 to 13) on grief, restarting its cycle.  Stages: i <= 4,
 * i <= 7, then the rest.  Reviews: 6, 10 and the last (16).
 */
static void
test_secondary(void)
{
	static const char *const want[] = {
		"role_transition " STAGE1 ";mourn_old_role -",
		"role_transition " STAGE1 ";evaluate_new_role -",
		"role_transition " STAGE1 ";build_mastery_new_role "
		    "early_response_check",
		"role_transition " STAGE1 ";develop_new_supports -",
		"role_transition " STAGE2 ";mourn_old_role -",
		"role_transition " STAGE2 ";evaluate_new_role -",
		"role_transition " STAGE2 ";build_mastery_new_role "
		    "significant_relief_check",
		"grief " STAGE3 ";facilitate_mourning -",
		"grief " STAGE3 ";reconstruct_relationship_with_deceased -",
		"grief " STAGE3 ";reestablish_interests_relationships -",
	};
	struct plan_input in = input(TRACK_IPT, 16, 60, AREA_ROLE_TRANSITION,
	    AREA_GRIEF, day(2026, 12, 7));
	size_t n = build(&in, -1, NULL, 0, NULL, c);

	CHECK_INT(n, 16);
	for (int i = 0; i < 10; i++) {
		const struct contact *x = &c[3 + i];
		char got[300];
		size_t k = (size_t)snprintf(got, sizeof(got), "%s ",
		    plan_focus_name(x->focus));

		for (int t = 0; t < x->ntask; t++)
			k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%s",
			    t ? ";" : "", plan_task_name(x->task[t]));
		snprintf(got + k, sizeof(got) - k, " %s", x->review ?
		    plan_review_name(x->review) : "-");
		CHECK_STR(got, want[i]);
		CHECK_INT(x->session, 4 + i);
		CHECK_INT(x->phase, PHASE_MIDDLE);
	}
	CHECK_INT(c[15].review, REVIEW_FINAL);
	CHECK_INT(c[13].phase, PHASE_TERMINATION);
}

/*
 * N = 24 (3, 18, 3): stages change after ceil(18/3) = 6 and ceil(36/3)
 * = 12 middle sessions; 24 sessions weekly from 2026-12-07 end on
 * 2026-12-07 + 23 weeks = 2027-05-17.
 */
static void
test_largest(void)
{
	struct plan_input in = input(TRACK_IPT, 24, 60, AREA_DEFICITS,
	    AREA_NONE, day(2026, 12, 7));
	size_t n = build(&in, -1, NULL, 0, NULL, c);

	CHECK_INT(n, 24);
	CHECK_INT(c[23].date, day(2027, 5, 17));
	CHECK_INT(c[23].week, 24);
	CHECK_INT(c[8].task[1], T_CURRENT_PROBLEM_ANALYSIS);	/* s9, i6 */
	CHECK_INT(c[9].task[1], T_COMMUNICATION_PATTERN_FEEDBACK); /* i7 */
	CHECK_INT(c[14].task[1], T_COMMUNICATION_PATTERN_FEEDBACK); /* i12 */
	CHECK_INT(c[15].task[1], T_BEHAVIOURAL_EXPERIMENTS);	/* i13 */
	/* strategies cycle by 4: i1 reduce_isolation, i5 again */
	CHECK_INT(c[3].task[2], T_REDUCE_ISOLATION);
	CHECK_INT(c[7].task[2], T_REDUCE_ISOLATION);
	CHECK_INT(c[6].task[2], T_THERAPEUTIC_RELATIONSHIP_MODEL);
	CHECK_INT(c[20].phase, PHASE_MIDDLE);		/* session 21 */
	CHECK_INT(c[21].phase, PHASE_TERMINATION);	/* session 22 */
	CHECK_INT(c[5].review, REVIEW_EARLY_RESPONSE);
	CHECK_INT(c[9].review, REVIEW_SIGNIFICANT_RELIEF);
	CHECK_INT(c[22].review, REVIEW_NONE);
}

/*
 * ipt_a, N = 12, role_dispute at impasse with a parent: sessions 1 and
 * 12 and the first middle session (4) are parent_joint; session 4 ends
 * with reopen_negotiation then parent_adolescent_negotiation.
 */
static void
test_adolescent(void)
{
	static const char *const want[] = {
		"parent_joint 1 2026-12-07 mon 1 initial 45 assessment | "
		    FIRST " | B - -",
		"individual 2 2026-12-14 mon 2 initial 45 assessment | "
		    "interpersonal_inventory;closeness_circle | S - -",
		"individual 3 2026-12-21 mon 3 initial 45 assessment | "
		    CONTRACT " | S - -",
		"parent_joint 4 2026-12-28 mon 4 middle 45 role_dispute | "
		    STAGE1 ";identify_dispute_stage;reopen_negotiation;"
		    "parent_adolescent_negotiation | S - -",
		"individual 5 2027-01-04 mon 5 middle 45 role_dispute | "
		    STAGE1 ";explore_expectations | S - -",
	};
	struct plan_input in = input(TRACK_IPT_A, 12, 45, AREA_ROLE_DISPUTE,
	    AREA_NONE, day(2026, 12, 7));
	size_t n;

	in.parent_dispute = true;
	in.stage = STAGE_IMPASSE;
	n = build(&in, -1, NULL, 0, NULL, c);
	CHECK_INT(n, 12);
	check_lines(c, 5, want, 5, __LINE__);
	CHECK_INT(c[11].kind, KIND_PARENT_JOINT);
	CHECK_INT(c[10].kind, KIND_INDIVIDUAL);
	/* without the parent dispute, only sessions 1 and 12 */
	in.parent_dispute = false;
	build(&in, -1, NULL, 0, NULL, c);
	CHECK_INT(c[3].kind, KIND_INDIVIDUAL);
	CHECK_INT(c[3].ntask, 4);
}

/*
 * A secondary role_dispute area at dissolution: N = 12, M = 6, primary 4,
 * so middle 5 (session 8) is the first role_dispute session.
 * Undetermined primary: interpersonal_inventory_review, no strategy.
 */
static void
test_dispute_secondary_and_undetermined(void)
{
	struct plan_input in = input(TRACK_IPT, 12, 60, AREA_UNDETERMINED,
	    AREA_ROLE_DISPUTE, day(2026, 12, 7));
	size_t n;

	in.stage = STAGE_DISSOLUTION;
	n = build(&in, -1, NULL, 0, NULL, c);
	CHECK_INT(n, 12);
	CHECK_INT(c[3].focus, FOCUS_INVENTORY_REVIEW);
	CHECK_INT(c[3].ntask, 2);	/* mood_event_link + stage 1 */
	CHECK_INT(c[7].focus, FOCUS_ROLE_DISPUTE);
	CHECK_STR(describe(&c[7]), "individual 8 2027-01-25 mon 8 middle 60 "
	    "role_dispute | " STAGE3 ";identify_dispute_stage;"
	    "mourn_relationship_end | S - -");
	CHECK_INT(c[8].ntask, 4);	/* explore_expectations, no extra */
}

/* ---- vocabularies and option values ---- */

static void
test_names(void)
{
	for (int t = 0; t < T_NTASKS; t++) {
		const char *s = plan_task_name((enum plan_task)t);
		int repeats = 0;

		CHECKF(s != NULL && s[0] != '\0' &&
		    strspn(s, "abcdefghijklmnopqrstuvwxyz_") == strlen(s),
		    "task %d", t);
		for (int u = 0; s != NULL && u < t; u++)
			repeats += strcmp(s, plan_task_name((enum plan_task)u)) ==
			    0;
		CHECKF(repeats == 0, "task %d repeats", t);
	}
	CHECK_INT(T_NTASKS, 48);
	CHECK_STR(plan_kind_name(KIND_POST_GROUP), "post_group");
	CHECK_STR(plan_focus_name(FOCUS_INVENTORY_REVIEW),
	    "interpersonal_inventory_review");
	CHECK_STR(plan_area_name(AREA_DEFICITS), "interpersonal_deficits");
	CHECK_STR(plan_review_name(REVIEW_MIDPOINT), "midpoint_review");
	CHECK_STR(plan_track_name(TRACK_IPT_G), "ipt_g");
}

static void
test_options(void)
{
	static const struct {
		const char *s;
		int n;		/* -1: invalid */
		int last;
	} f[] = {
		{"3,6,12", 3, 12}, {"", 0, 0}, {"1", 1, 1}, {"60", 1, 60},
		{"1,60", 2, 60}, {"61", -1, 0}, {"0", -1, 0}, {"03", -1, 0},
		{"6,3", -1, 0}, {"3,3", -1, 0}, {"3,,6", -1, 0}, {"3,", -1, 0},
		{",3", -1, 0}, {" 3", -1, 0}, {"3 ", -1, 0}, {"+3", -1, 0},
		{"x", -1, 0}, {"99999999999", -1, 0},
	};
	int months[PLAN_FOLLOWUPS_MAX], n, v, wd;
	char all[256];
	size_t k = 0;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int r = plan_parse_followups(f[i].s, months, &n);

		CHECKF(f[i].n < 0 ? r == -1 : r == 0 && n == f[i].n &&
		    (n == 0 || months[n - 1] == f[i].last), "'%s'", f[i].s);
	}
	for (int m = 1; m <= 60; m++)
		k += (size_t)snprintf(all + k, sizeof(all) - k, "%s%d",
		    m > 1 ? "," : "", m);
	CHECK(plan_parse_followups(all, months, &n) == 0 && n == 60);

	CHECK(cli_parse_range("6", strlen("6"), 6, 24, &v) == 0 && v == 6);
	CHECK(cli_parse_range("24", strlen("24"), 6, 24, &v) == 0 && v == 24);
	CHECK(cli_parse_range("5", strlen("5"), 6, 24, &v) == -1);
	CHECK(cli_parse_range("25", strlen("25"), 6, 24, &v) == -1);
	CHECK(cli_parse_range("", strlen(""), 6, 24, &v) == -1);
	CHECK(cli_parse_range("+8", strlen("+8"), 6, 24, &v) == -1);
	CHECK(cli_parse_range("8x", strlen("8x"), 6, 24, &v) == -1);
	CHECK(cli_parse_range("99999999999999999999", strlen("99999999999999999999"), 15, 180, &v) == -1);

	CHECK(plan_parse_weekday("mon", &wd) == 0 && wd == 0);
	CHECK(plan_parse_weekday("FRI", &wd) == 0 && wd == 4);
	CHECK(plan_parse_weekday("Wed", &wd) == 0 && wd == 2);
	CHECK(plan_parse_weekday("sat", &wd) == -1);
	CHECK(plan_parse_weekday("monday", &wd) == -1);
	CHECK(plan_parse_weekday("", &wd) == -1);
}

/* ---- the record layer: precedence of not_planned reasons ---- */

static const char *const cols[] = {
	"id", "screen_status", "screen_reasons", "ipt_track",
	"sessions_recommended", "session_minutes", "focal_area",
	"focal_area_secondary", "outcome_measures", "start_date"
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static void
fill(struct record *r, const char *const *vals, uint64_t schema)
{
	record_clear(r);
	for (size_t i = 0; i < NCOLS; i++)
		record_add(r, cols[i], strlen(cols[i]), true, vals[i],
		    strlen(vals[i]), VK_CSV, 0);
	r->schema = schema;
	r->file = "t.csv";
	r->line = schema + 1;
	r->recno = schema;
}

static void
test_records(void)
{
	static const struct {
		const char *v[NCOLS];
		bool has_start;
		enum plan_outcome want;
		const char *note;
		bool flagged;
	} t[] = {
		{{"A", "eligible", "", "ipt", "12", "60", "grief", "",
		    "phq9;gad7", "2026-12-07"}, false, PLAN_PLANNED, "", false},
		/* not eligible wins over everything else */
		{{"B", " Defer ", "Suicide_Risk_High; risk_unknown", "bogus",
		    "99", "", "x", "y", "", "bad"}, false, PLAN_NOT_PLANNED,
		    "screen_status:defer;suicide_risk_high;risk_unknown",
		    false},
		{{"C", "refer", "", "", "", "", "", "", "", ""}, false,
		    PLAN_NOT_PLANNED, "screen_status:refer", false},
		{{"D", "maybe", "", "ipt", "12", "60", "grief", "", "phq9",
		    ""}, false, PLAN_NOT_PLANNED, "invalid:screen_status",
		    true},
		{{"E", "", "", "ipt", "12", "60", "grief", "", "phq9", ""},
		    false, PLAN_NOT_PLANNED, "invalid:screen_status", true},
		/* the first invalid column, in the order of section 1 */
		{{"F", "eligible", "", "ipt", "30", "600", "grief", "", "phq9",
		    ""}, true, PLAN_NOT_PLANNED, "invalid:sessions_recommended",
		    true},
		{{"G", "eligible", "", "ipt", "12", "60", "grief", "", "phq9;;",
		    ""}, true, PLAN_NOT_PLANNED, "invalid:outcome_measures",
		    true},
		{{"H", "eligible", "", "ipt", "12", "60", "grief", "",
		    "phq9;foo", ""}, true, PLAN_NOT_PLANNED,
		    "invalid:outcome_measures", true},
		{{"I", "eligible", "", "ipt", "12", "60", "bereavement", "",
		    "phq9", ""}, true, PLAN_NOT_PLANNED, "invalid:focal_area",
		    true},
		{{"J", "eligible", "", "ipt", "12", "60", "grief",
		    "undetermined", "phq9", ""}, true, PLAN_NOT_PLANNED,
		    "invalid:focal_area_secondary", true},
		{{"K", "eligible", "", "", "12", "60", "grief", "", "phq9", ""},
		    true, PLAN_NOT_PLANNED, "invalid:ipt_track", true},
		/* invalid before no_start_date */
		{{"L", "eligible", "", "ipt", "12", "10", "grief", "", "phq9",
		    ""}, false, PLAN_NOT_PLANNED, "invalid:session_minutes",
		    true},
		{{"M", "eligible", "", "ipt", "12", "60", "grief", "", "phq9",
		    ""}, false, PLAN_NOT_PLANNED, "no_start_date", true},
		{{"N", "eligible", "", "ipt", "12", "60", "grief", "", "phq9",
		    "2026-02-30"}, false, PLAN_NOT_PLANNED, "no_start_date",
		    true},
		/* a rescued start_date is flagged, still planned */
		{{"O", "eligible", "", "IPT_B", "8", "60", "", "", " PHQ9 ; Wsas",
		    "x"}, true, PLAN_PLANNED, "", true},
		/* a missing id is flagged, still planned */
		{{"", "eligible", "", "ipt", "8", "60", "grief", "", "phq9",
		    "2026-12-07"}, false, PLAN_PLANNED, "", true},
	};
	struct plan_config cfg;
	struct planner p;
	struct record r;
	struct colnames cn;
	size_t lens[NCOLS];
	char err[256];
	int months[] = {3, 6, 12};

	memset(&cfg, 0, sizeof(cfg));
	cfg.cal.weekday = -1;
	cfg.cal.followup = months;
	cfg.cal.nfollowups = 3;
	cfg.cal.hol = &hol;
	holidays_release(&hol);
	holidays_init(&hol);
	for (size_t i = 0; i < NCOLS; i++)
		lens[i] = strlen(cols[i]);
	cn.name = (const char **)cols;
	cn.len = lens;
	cn.n = NCOLS;
	record_init(&r);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cfg.has_start = t[i].has_start;
		cfg.start = day(2026, 12, 7);
		planner_init(&p, &cfg);
		CHECK_INT(planner_columns(&p, &cn, err, sizeof(err)),
		    PLAN_COLUMNS_OK);
		fill(&r, t[i].v, i + 1);
		CHECKF(plan_record(&p, &r) == t[i].want, "case %zu", i);
		CHECKF(strcmp(p.note.s, t[i].note) == 0, "case %zu: note '%s'",
		    i, p.note.s);
		CHECKF(r.flagged == t[i].flagged, "case %zu: flagged %d", i,
		    r.flagged);
		if (i == 14) {
			CHECK_STR(p.battery.s, "phq9;wsas");
			CHECK_STR(p.symptom, "phq9");
			CHECK_INT(p.in.track, TRACK_IPT_B);
			CHECK_INT(p.in.area, AREA_UNDETERMINED);
			CHECK_INT(p.n, 8 + 3);
		}
		planner_release(&p);
	}
	/* --eligible-only leaves out a valid, not eligible status only */
	cfg.eligible_only = true;
	planner_init(&p, &cfg);
	planner_columns(&p, &cn, err, sizeof(err));
	fill(&r, t[1].v, 100);
	CHECK_INT(plan_record(&p, &r), PLAN_OMITTED);
	fill(&r, t[3].v, 101);
	CHECK_INT(plan_record(&p, &r), PLAN_NOT_PLANNED);
	planner_release(&p);
	record_release(&r);
}

/* --keep and the screen_status check on the first header */
static void
test_columns(void)
{
	static const struct {
		const char *keep;
		int want;
		const char *err;
	} t[] = {
		{"start_date,focal_area", PLAN_COLUMNS_USAGE,
		    "invalid --keep: 'focal_area' is an output column"},
		{"start_date,screen_reasons", PLAN_COLUMNS_OK, ""},
		{"site", PLAN_COLUMNS_USAGE,
		    "invalid --keep: 'site' is not a column of the input"},
		{"id", PLAN_COLUMNS_USAGE,
		    "invalid --keep: 'id' is the id column"},
		{"start_date,start_date", PLAN_COLUMNS_USAGE,
		    "invalid --keep: 'start_date' is given twice"},
		{"start_date,", PLAN_COLUMNS_USAGE,
		    "invalid --keep 'start_date,': an empty column name"},
		{"", PLAN_COLUMNS_USAGE,
		    "invalid --keep '': an empty column name"},
	};
	struct plan_config cfg;
	struct planner p;
	struct colnames cn, out;
	size_t lens[NCOLS];
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.cal.hol = &hol;
	for (size_t i = 0; i < NCOLS; i++)
		lens[i] = strlen(cols[i]);
	cn.name = (const char **)cols;
	cn.len = lens;
	cn.n = NCOLS;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cfg.keep = t[i].keep;
		planner_init(&p, &cfg);
		err[0] = '\0';
		CHECKF((int)planner_columns(&p, &cn, err, sizeof(err)) ==
		    t[i].want, "keep '%s'", t[i].keep);
		CHECK_STR(err, t[i].err);
		planner_release(&p);
	}
	cfg.keep = "start_date,screen_reasons";
	planner_init(&p, &cfg);
	planner_columns(&p, &cn, err, sizeof(err));
	planner_header(&p, &out);
	CHECK_INT(out.n, 19);
	CHECK_STR(out.name[0], "id");
	CHECK_STR(out.name[1], "start_date");
	CHECK_STR(out.name[2], "screen_reasons");
	CHECK_STR(out.name[3], "plan_status");
	CHECK_STR(out.name[18], "plan_note");
	planner_release(&p);
	/* no screen_status: the header is still set up, then the error */
	cn.n = 1;
	cfg.keep = NULL;
	planner_init(&p, &cfg);
	CHECK_INT(planner_columns(&p, &cn, err, sizeof(err)),
	    PLAN_COLUMNS_NO_STATUS);
	CHECK_STR(err, "input has no 'screen_status' column (run ipt-screen "
	    "first)");
	planner_release(&p);
}

int
main(void)
{
	diag_init("test_plan");
	diag_set_quiet(true);	/* the flag warnings of test_records */
	holidays_init(&hol);
	test_shape();
	test_dispute_session();
	test_smallest();
	test_holiday_in_week();
	test_holiday_week();
	test_weekday_option();
	test_weekend_start();
	test_month_end();
	test_group();
	test_mid_group_collision();
	test_pre_group_back();
	test_secondary();
	test_largest();
	test_adolescent();
	test_dispute_secondary_and_undetermined();
	test_names();
	test_options();
	test_records();
	test_columns();
	holidays_release(&hol);
	return unit_done("plan");
}
