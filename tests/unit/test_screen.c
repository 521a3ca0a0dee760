/* SPDX-License-Identifier: MIT */
/*
 * test_screen.c - ipt-screen's pure decision functions (ipt-screen.md
 * sections 2-6), and the parsing of one record (section 1).
 *
 * Every expected value below was worked out by hand from the spec, not
 * copied from the program's output.  Inputs are written as
 * "column=value ..." strings; the column names and vocabularies here are
 * copied from the spec by hand, independently of screen.c, so that a typo
 * in either shows up.  A value "!" makes the column invalid (flagged:
 * counts as missing), to check that invalid never differs from missing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "record.h"
#include "screen.h"
#include "stream.h"
#include "unit.h"

/* ---- inputs from text ---- */

enum ty { INT, CODE, YN, DATE };

static const struct {
	const char *name;
	enum screen_col col;
	enum ty ty;
	const char *vocab;	/* CODE: space-separated, in spec order */
} cols[] = {
	{"age", SC_AGE, INT, NULL},
	{"diagnosis", SC_DIAGNOSIS, CODE, "depression dysthymia "
	    "perinatal_depression anxiety social_anxiety gad panic ptsd "
	    "adjustment eating_disorder bipolar psychosis substance_use "
	    "dementia other"},
	{"episode", SC_EPISODE, CODE, "first recurrent"},
	{"medication", SC_MEDICATION, CODE, "none ssri snri other"},
	{"medication_response", SC_MED_RESPONSE, CODE,
	    "adequate partial none"},
	{"suicide_risk", SC_SUICIDE_RISK, CODE, "none low moderate high"},
	{"psychosis", SC_PSYCHOSIS, YN, NULL},
	{"mania", SC_MANIA, YN, NULL},
	{"homicidal", SC_HOMICIDAL, YN, NULL},
	{"substance_dependence", SC_SUBSTANCE_DEP, YN, NULL},
	{"intellectual_disability", SC_INTELLECTUAL, YN, NULL},
	{"pregnant", SC_PREGNANT, YN, NULL},
	{"breastfeeding", SC_BREASTFEEDING, YN, NULL},
	{"postpartum", SC_POSTPARTUM, YN, NULL},
	{"social_isolation", SC_SOCIAL_ISOLATION, YN, NULL},
	{"organic_brain", SC_ORGANIC, CODE, "excluded suspected confirmed"},
	{"concurrent_therapy", SC_CONCURRENT, CODE, "none psychoanalysis "
	    "psychodynamic cbt counselling other"},
	{"format_preference", SC_FORMAT, CODE, "individual group brief any"},
	{"onset_date", SC_ONSET, DATE, NULL},
	{"referral_date", SC_REFERRAL, DATE, NULL},
	{"bereavement_date", SC_BEREAVEMENT, DATE, NULL},
	{"dispute_with", SC_DISPUTE_WITH, CODE, "none partner parent child "
	    "family friend colleague other"},
	{"dispute_stage", SC_DISPUTE_STAGE, CODE,
	    "renegotiation impasse dissolution"},
	{"dispute_since", SC_DISPUTE_SINCE, DATE, NULL},
	{"transition", SC_TRANSITION, CODE, "none job_loss job_change "
	    "retirement relocation migration divorce separation childbirth "
	    "pregnancy illness caregiving graduation school_change other"},
	{"transition_date", SC_TRANSITION_DATE, DATE, NULL},
	{"close_relationships", SC_CLOSE_REL, INT, NULL},
	{"phq9_total", SC_PHQ9_TOTAL, INT, NULL},
	{"phq9_risk", SC_PHQ9_RISK, CODE, "positive not_endorsed unknown"},
	{"phqa_total", SC_PHQA_TOTAL, INT, NULL},
	{"phqa_risk", SC_PHQA_RISK, CODE, "positive not_endorsed unknown"},
	{"epds_total", SC_EPDS_TOTAL, INT, NULL},
	{"epds_risk", SC_EPDS_RISK, CODE, "positive not_endorsed unknown"},
	{"wsas_total", SC_WSAS_TOTAL, INT, NULL},
	{"cssrs_risk", SC_CSSRS_RISK, CODE,
	    "high moderate unknown low not_endorsed"},
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static void
die(const char *what, const char *s)
{
	fprintf(stderr, "test_screen: bad test input: %s '%s'\n", what, s);
	exit(2);
}

/* Index of word in a space-separated list. */
static long
word_index(const char *list, const char *w)
{
	size_t n = strlen(w);
	long i = 0;

	for (const char *p = list; *p != '\0'; i++) {
		size_t k = strcspn(p, " ");

		if (k == n && strncmp(p, w, n) == 0)
			return i;
		p += k;
		p += *p == ' ';
	}
	die("code", w);
	return -1;
}

static long
parse_value(enum ty ty, const char *vocab, const char *v)
{
	int y, m, d;

	switch (ty) {
	case INT:
		return strtol(v, NULL, 10);
	case CODE:
		return word_index(vocab, v);
	case YN:
		if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
			return v[0] == 'y';
		die("yes/no", v);
		break;
	case DATE:
		if (sscanf(v, "%d-%d-%d", &y, &m, &d) != 3)
			die("date", v);
		return date_to_days(y, m, d);
	}
	return 0;
}

static void
set_one(struct screen_input *in, const char *name, const char *v)
{
	for (size_t k = 0; k < NCOLS; k++) {
		if (strcmp(cols[k].name, name) != 0)
			continue;
		if (strcmp(v, "!") == 0) {
			in->col[cols[k].col].st = VAL_INVALID;
			in->col[cols[k].col].v = 0;
			return;
		}
		in->col[cols[k].col].st = VAL_OK;
		in->col[cols[k].col].v = parse_value(cols[k].ty, cols[k].vocab,
		    v);
		return;
	}
	die("column", name);
}

/* Fill *in from "col=value col=value ...". */
static void
input(struct screen_input *in, const char *spec)
{
	char buf[1024], *tok, *save = NULL;

	screen_input_init(in);
	in->has_id = true;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL)
			die("setting", tok);
		*eq = '\0';
		set_one(in, tok, eq + 1);
	}
}

/* A referral that is eligible as it stands: the vignettes change it. */
#define OK_BASE "age=34 diagnosis=depression suicide_risk=none " \
	"organic_brain=excluded phq9_total=12 wsas_total=15 "

/* ---- section 2: risk level ---- */

static const struct {
	const char *in, *risk;
} risk_cases[] = {
	/* 3: no structured assessment, whatever the screens say */
	{"", "unknown"},
	{"phq9_risk=not_endorsed", "unknown"},
	{"phq9_risk=positive", "unknown"},
	{"epds_risk=not_endorsed phqa_risk=not_endorsed", "unknown"},
	/* 1: each assessment alone; none counts as not_endorsed */
	{"suicide_risk=none", "not_endorsed"},
	{"suicide_risk=low", "low"},
	{"suicide_risk=moderate", "moderate"},
	{"suicide_risk=high", "high"},
	{"cssrs_risk=not_endorsed", "not_endorsed"},
	{"cssrs_risk=low", "low"},
	{"cssrs_risk=unknown", "unknown"},
	{"cssrs_risk=moderate", "moderate"},
	{"cssrs_risk=high", "high"},
	/* 1: the worst of both, high > moderate > unknown > low > ne */
	{"cssrs_risk=unknown suicide_risk=low", "unknown"},
	{"cssrs_risk=unknown suicide_risk=none", "unknown"},
	{"cssrs_risk=unknown suicide_risk=moderate", "moderate"},
	{"cssrs_risk=low suicide_risk=high", "high"},
	{"cssrs_risk=high suicide_risk=none", "high"},
	{"cssrs_risk=not_endorsed suicide_risk=low", "low"},
	{"cssrs_risk=moderate suicide_risk=low", "moderate"},
	{"cssrs_risk=not_endorsed suicide_risk=none", "not_endorsed"},
	/* 2: a positive screen against all-clear assessments */
	{"suicide_risk=none phq9_risk=positive", "unknown"},
	{"cssrs_risk=not_endorsed phqa_risk=positive", "unknown"},
	{"cssrs_risk=not_endorsed suicide_risk=none epds_risk=positive",
	    "unknown"},
	{"suicide_risk=none phq9_risk=not_endorsed", "not_endorsed"},
	{"suicide_risk=none phq9_risk=unknown", "not_endorsed"},
	/* ... but only against not_endorsed: a low rating stands */
	{"suicide_risk=low phq9_risk=positive", "low"},
	{"cssrs_risk=not_endorsed suicide_risk=low epds_risk=positive",
	    "low"},
	/* invalid counts as missing, never as a milder answer */
	{"suicide_risk=!", "unknown"},
	{"cssrs_risk=!", "unknown"},
	{"cssrs_risk=! suicide_risk=low", "low"},
	{"suicide_risk=none phq9_risk=!", "not_endorsed"},
};

static void
test_risk(void)
{
	struct screen_input in;

	for (size_t k = 0; k < sizeof(risk_cases) / sizeof(risk_cases[0]);
	    k++) {
		input(&in, risk_cases[k].in);
		CHECKF(strcmp(screen_risk_name(screen_risk(&in)),
		    risk_cases[k].risk) == 0, "'%s': got %s, want %s",
		    risk_cases[k].in, screen_risk_name(screen_risk(&in)),
		    risk_cases[k].risk);
	}
}

/* ---- section 3: every rule, one vignette each ---- */

static const struct {
	const char *in, *status, *reasons;
} rule_cases[] = {
	{OK_BASE, "eligible", ""},
	/* refer */
	{OK_BASE "age=11", "refer", "age_under_12"},
	{OK_BASE "age=0", "refer", "age_under_12"},
	{OK_BASE "diagnosis=bipolar", "refer", "bipolar_or_mania"},
	{OK_BASE "mania=yes", "refer", "bipolar_or_mania"},
	{OK_BASE "mania=no", "eligible", ""},
	{OK_BASE "organic_brain=confirmed", "refer",
	    "organic_brain_disorder"},
	{OK_BASE "diagnosis=dementia", "refer", "organic_brain_disorder"},
	{OK_BASE "diagnosis=psychosis", "refer", "primary_psychosis"},
	{OK_BASE "diagnosis=substance_use", "refer", "primary_substance_use"},
	{OK_BASE "age=15 intellectual_disability=yes", "refer",
	    "adolescent_intellectual_disability"},
	{OK_BASE "age=12 intellectual_disability=yes", "refer",
	    "adolescent_intellectual_disability"},
	{OK_BASE "age=18 intellectual_disability=yes", "refer",
	    "adolescent_intellectual_disability"},
	{OK_BASE "age=19 intellectual_disability=yes", "eligible", ""},
	{OK_BASE "diagnosis=other", "refer", "diagnosis_not_indicated"},
	/* defer */
	{OK_BASE "suicide_risk=high", "defer", "suicide_risk_high"},
	{OK_BASE "suicide_risk=! cssrs_risk=high", "defer",
	    "suicide_risk_high"},
	{OK_BASE "psychosis=yes", "defer", "acute_psychosis"},
	{OK_BASE "homicidal=yes", "defer", "homicidal_ideation"},
	{OK_BASE "substance_dependence=yes", "defer",
	    "active_substance_dependence"},
	{OK_BASE "concurrent_therapy=psychoanalysis", "defer",
	    "concurrent_deep_psychotherapy"},
	{OK_BASE "concurrent_therapy=psychodynamic", "defer",
	    "concurrent_deep_psychotherapy"},
	{OK_BASE "concurrent_therapy=cbt", "eligible", ""},
	/* needs_assessment */
	{OK_BASE "suicide_risk=!", "needs_assessment", "risk_unknown"},
	{OK_BASE "cssrs_risk=unknown", "needs_assessment", "risk_unknown"},
	{OK_BASE "phq9_risk=positive", "needs_assessment", "risk_unknown"},
	{OK_BASE "organic_brain=!", "needs_assessment",
	    "organic_not_ruled_out"},
	{OK_BASE "organic_brain=suspected", "needs_assessment",
	    "organic_not_ruled_out"},
	{OK_BASE "age=!", "needs_assessment", "age_unknown"},
	{OK_BASE "diagnosis=!", "needs_assessment", "diagnosis_unknown"},
	{OK_BASE "phq9_total=!", "needs_assessment", "baseline_missing"},
	{OK_BASE "phq9_total=! phqa_total=3", "eligible", ""},
	{OK_BASE "phq9_total=! epds_total=0", "eligible", ""},
	{OK_BASE "wsas_total=!", "needs_assessment", "functioning_unassessed"},
	/* every matching code is listed, in table order */
	{OK_BASE "diagnosis=dementia organic_brain=!", "refer",
	    "organic_brain_disorder;organic_not_ruled_out"},
	{OK_BASE "age=8 diagnosis=bipolar psychosis=yes suicide_risk=high",
	    "refer", "age_under_12;bipolar_or_mania;suicide_risk_high;"
	    "acute_psychosis"},
	{OK_BASE "homicidal=yes suicide_risk=! age=!", "defer",
	    "homicidal_ideation;risk_unknown;age_unknown"},
	{"", "needs_assessment", "risk_unknown;organic_not_ruled_out;"
	    "age_unknown;diagnosis_unknown;baseline_missing;"
	    "functioning_unassessed"},
	{"age=! diagnosis=! organic_brain=! suicide_risk=! cssrs_risk=! "
	    "phq9_total=! wsas_total=!", "needs_assessment", "risk_unknown;"
	    "organic_not_ruled_out;age_unknown;diagnosis_unknown;"
	    "baseline_missing;functioning_unassessed"},
};

static void
test_rules(void)
{
	struct screen_input in;
	struct screen_decision d;
	char buf[SCREEN_LIST_MAX];

	for (size_t k = 0; k < sizeof(rule_cases) / sizeof(rule_cases[0]);
	    k++) {
		input(&in, rule_cases[k].in);
		screen_decide(&in, 365, &d);
		CHECKF(strcmp(screen_status_name(d.status),
		    rule_cases[k].status) == 0, "'%s': status %s, want %s",
		    rule_cases[k].in, screen_status_name(d.status),
		    rule_cases[k].status);
		screen_reasons(&d, buf);
		CHECKF(strcmp(buf, rule_cases[k].reasons) == 0,
		    "'%.120s': reasons '%.150s', want '%.150s'", rule_cases[k].in, buf,
		    rule_cases[k].reasons);
	}
	CHECK_INT(screen_rule_count(), 18);
	CHECK_STR(screen_rule_code(0), "age_under_12");
	CHECK_STR(screen_rule_code(17), "functioning_unassessed");
}

/* ---- section 4: notes ---- */

static const struct {
	const char *in, *notes;
} note_cases[] = {
	{OK_BASE "bereavement_date=2026-01-01", ""},
	{OK_BASE, "focal_area_undetermined"},
	{OK_BASE "social_isolation=yes",
	    "deficits_poorer_prognosis"},
	{OK_BASE "close_relationships=1", "deficits_poorer_prognosis"},
	{OK_BASE "close_relationships=2", "focal_area_undetermined"},
	{OK_BASE "close_relationships=0 social_isolation=no",
	    "deficits_poorer_prognosis"},
	{OK_BASE "suicide_risk=moderate transition=job_loss",
	    "risk_moderate_safety_plan"},
	{OK_BASE "suicide_risk=low transition=job_loss", "risk_low_monitor"},
	{OK_BASE "cssrs_risk=low transition=job_loss", "risk_low_monitor"},
	{OK_BASE "age=12 transition=job_loss",
	    "adolescent_family_involvement"},
	{OK_BASE "age=18 transition=job_loss",
	    "adolescent_family_involvement"},
	{OK_BASE "age=19 transition=job_loss", ""},
	{OK_BASE "age=11 transition=job_loss", ""},
	{OK_BASE "pregnant=yes transition=job_loss", "perinatal_ipt_preferred"},
	{OK_BASE "breastfeeding=yes transition=job_loss",
	    "perinatal_ipt_preferred"},
	{OK_BASE "postpartum=yes transition=job_loss",
	    "perinatal_ipt_preferred"},
	{OK_BASE "diagnosis=perinatal_depression transition=job_loss",
	    "perinatal_ipt_preferred"},
	{OK_BASE "pregnant=no breastfeeding=no postpartum=no "
	    "transition=job_loss", ""},
	{OK_BASE "medication_response=none transition=job_loss",
	    "medication_resistant"},
	{OK_BASE "medication_response=partial transition=job_loss", ""},
	{OK_BASE "medication=ssri transition=job_loss", "ssri_snri_adjunct"},
	{OK_BASE "medication=snri transition=job_loss", "ssri_snri_adjunct"},
	{OK_BASE "medication=other transition=job_loss", ""},
	{OK_BASE "phq9_total=20 transition=job_loss", "severe_symptoms"},
	{OK_BASE "phq9_total=19 transition=job_loss", ""},
	{OK_BASE "phq9_total=! phqa_total=20 transition=job_loss",
	    "severe_symptoms"},
	{OK_BASE "age=19 intellectual_disability=yes transition=job_loss",
	    "intellectual_disability_adapt"},
	{OK_BASE "age=18 intellectual_disability=yes transition=job_loss",
	    "adolescent_family_involvement"},
	/* notes never change the status; all of them, in order */
	{"suicide_risk=moderate age=15 pregnant=yes medication=ssri "
	    "medication_response=none phqa_total=22 social_isolation=yes",
	    "risk_moderate_safety_plan;adolescent_family_involvement;"
	    "perinatal_ipt_preferred;medication_resistant;ssri_snri_adjunct;"
	    "severe_symptoms;deficits_poorer_prognosis"},
	{"suicide_risk=low age=40 intellectual_disability=yes",
	    "risk_low_monitor;intellectual_disability_adapt;"
	    "focal_area_undetermined"},
};

static void
test_notes(void)
{
	struct screen_input in;
	struct screen_decision d;
	char buf[SCREEN_LIST_MAX];

	for (size_t k = 0; k < sizeof(note_cases) / sizeof(note_cases[0]);
	    k++) {
		input(&in, note_cases[k].in);
		screen_decide(&in, 365, &d);
		screen_notes(&d, buf);
		CHECKF(strcmp(buf, note_cases[k].notes) == 0,
		    "'%.120s': notes '%.150s', want '%.150s'", note_cases[k].in, buf,
		    note_cases[k].notes);
	}
	CHECK_INT(screen_note_count(), 10);
	/* Notes never change the status. */
	input(&in, OK_BASE "suicide_risk=moderate medication_response=none");
	screen_decide(&in, 365, &d);
	CHECK_STR(screen_status_name(d.status), "eligible");
}

/* ---- section 5: focal area and evidence ---- */

static const struct {
	long w;
	const char *in, *focal, *secondary, *evidence;
} focal_cases[] = {
	/* the spec's example */
	{365, "onset_date=2026-04-12 bereavement_date=2026-03-02 "
	    "dispute_with=partner dispute_stage=impasse transition=job_loss "
	    "transition_date=2024-01-03", "role_dispute", "grief",
	    "grief: death 2026-03-02, 41 days before onset; role_dispute: "
	    "partner, impasse, ongoing; role_transition: job_loss 2024-01-03, "
	    "830 days before onset, not linked"},
	/* nothing at all */
	{365, "", "undetermined", "", ""},
	{365, "onset_date=2026-04-12", "undetermined", "", ""},
	/* grief window edges: 2025-04-12 is 365 days before 2026-04-12 */
	{365, "onset_date=2026-04-12 bereavement_date=2025-04-12", "grief", "",
	    "grief: death 2025-04-12, 365 days before onset"},
	{365, "onset_date=2026-04-12 bereavement_date=2025-04-11",
	    "undetermined", "",
	    "grief: death 2025-04-11, 366 days before onset, not linked"},
	/* transition window edges; referral as the reference */
	{365, "referral_date=2026-04-12 transition=retirement "
	    "transition_date=2025-04-12", "role_transition", "",
	    "role_transition: retirement 2025-04-12, 365 days before "
	    "referral"},
	{365, "referral_date=2026-04-12 transition=retirement "
	    "transition_date=2025-04-11", "undetermined", "",
	    "role_transition: retirement 2025-04-11, 366 days before "
	    "referral, not linked"},
	/* --link-days 30 and 0 */
	{30, "onset_date=2026-03-01 bereavement_date=2026-01-30", "grief", "",
	    "grief: death 2026-01-30, 30 days before onset"},
	{30, "onset_date=2026-03-01 bereavement_date=2026-01-29",
	    "undetermined", "",
	    "grief: death 2026-01-29, 31 days before onset, not linked"},
	{0, "onset_date=2026-03-01 bereavement_date=2026-03-01", "grief", "",
	    "grief: death 2026-03-01, 0 days before onset"},
	{0, "onset_date=2026-03-01 bereavement_date=2026-02-28",
	    "undetermined", "",
	    "grief: death 2026-02-28, 1 day before onset, not linked"},
	/* events after the reference are linked whatever the window */
	{0, "onset_date=2026-03-01 transition=illness "
	    "transition_date=2028-03-01", "role_transition", "",
	    "role_transition: illness 2028-03-01, 731 days after onset"},
	{365, "onset_date=2026-03-01 bereavement_date=2026-03-02", "grief", "",
	    "grief: death 2026-03-02, 1 day after onset"},
	/* onset wins over referral; an invalid onset falls back */
	{365, "onset_date=2026-03-01 referral_date=2026-04-01 "
	    "bereavement_date=2026-02-01", "grief", "",
	    "grief: death 2026-02-01, 28 days before onset"},
	{365, "onset_date=! referral_date=2026-04-01 "
	    "bereavement_date=2026-02-01", "grief", "",
	    "grief: death 2026-02-01, 59 days before referral"},
	/* no reference date: no distance, no window, all d = 0 */
	{365, "bereavement_date=1990-01-01 dispute_with=colleague "
	    "dispute_since=2000-01-01", "grief", "role_dispute",
	    "grief: death 1990-01-01; role_dispute: colleague, since "
	    "2000-01-01"},
	/* undated transition: d = W, so after dated linked events */
	{365, "onset_date=2026-04-12 transition=divorce "
	    "bereavement_date=2025-05-01", "grief", "role_transition",
	    "grief: death 2025-05-01, 346 days before onset; "
	    "role_transition: divorce, undated"},
	{365, "transition=divorce bereavement_date=2025-05-01",
	    "grief", "role_transition",
	    "grief: death 2025-05-01; role_transition: divorce, undated"},
	/* ... but the tie at d = W goes to grief (tie order) */
	{365, "onset_date=2026-04-12 bereavement_date=2025-04-12 "
	    "transition=divorce", "grief", "role_transition",
	    "grief: death 2025-04-12, 365 days before onset; "
	    "role_transition: divorce, undated"},
	/* dated dispute: d from dispute_since; closest first */
	{365, "onset_date=2026-04-12 dispute_with=parent "
	    "dispute_stage=renegotiation dispute_since=2026-04-10 "
	    "bereavement_date=2026-03-02", "role_dispute", "grief",
	    "grief: death 2026-03-02, 41 days before onset; role_dispute: "
	    "parent, renegotiation, since 2026-04-10, 2 days before onset"},
	/* an old dispute is still a candidate (no window) */
	{365, "onset_date=2026-04-12 dispute_with=family "
	    "dispute_since=2010-01-01 transition=job_loss "
	    "transition_date=2026-01-01", "role_transition", "role_dispute",
	    "role_dispute: family, since 2010-01-01, 5945 days before onset; "
	    "role_transition: job_loss 2026-01-01, 101 days before onset"},
	/* three candidates: at most two areas; ties in table order */
	{365, "onset_date=2026-04-12 bereavement_date=2026-04-12 "
	    "dispute_with=friend transition=migration "
	    "transition_date=2026-04-12", "grief", "role_dispute",
	    "grief: death 2026-04-12, 0 days before onset; role_dispute: "
	    "friend, ongoing; role_transition: migration 2026-04-12, "
	    "0 days before onset"},
	/* none is no event, whatever dates come with it */
	{365, "onset_date=2026-04-12 dispute_with=none "
	    "dispute_since=2026-01-01 transition=none "
	    "transition_date=2026-01-01", "undetermined", "", ""},
	/* invalid event columns have no segment or become undated */
	{365, "onset_date=2026-04-12 bereavement_date=! dispute_with=! "
	    "transition=!", "undetermined", "", ""},
	{365, "onset_date=2026-04-12 transition=relocation "
	    "transition_date=!", "role_transition", "",
	    "role_transition: relocation, undated"},
	{365, "onset_date=2026-04-12 dispute_with=child dispute_stage=! "
	    "dispute_since=!", "role_dispute", "",
	    "role_dispute: child, ongoing"},
	/* deficits: only when no other candidate */
	{365, "social_isolation=yes", "interpersonal_deficits", "",
	    "interpersonal_deficits: social_isolation yes, "
	    "close_relationships unknown"},
	{365, "social_isolation=no close_relationships=1",
	    "interpersonal_deficits", "", "interpersonal_deficits: "
	    "social_isolation no, close_relationships 1"},
	{365, "close_relationships=0", "interpersonal_deficits", "",
	    "interpersonal_deficits: social_isolation unknown, "
	    "close_relationships 0"},
	{365, "social_isolation=! close_relationships=2", "undetermined", "",
	    ""},
	{365, "social_isolation=yes close_relationships=!",
	    "interpersonal_deficits", "", "interpersonal_deficits: "
	    "social_isolation yes, close_relationships unknown"},
	{365, "social_isolation=yes dispute_with=partner", "role_dispute", "",
	    "role_dispute: partner, ongoing"},
	/* an unlinked event does not block deficits */
	{365, "onset_date=2026-04-12 bereavement_date=2020-01-01 "
	    "social_isolation=yes close_relationships=3",
	    "interpersonal_deficits", "", "grief: death 2020-01-01, "
	    "2293 days before onset, not linked; interpersonal_deficits: "
	    "social_isolation yes, close_relationships 3"},
};

static void
test_focal(void)
{
	struct screen_input in;
	struct screen_decision d;

	for (size_t k = 0; k < sizeof(focal_cases) / sizeof(focal_cases[0]);
	    k++) {
		memset(&d, 0, sizeof(d));
		input(&in, focal_cases[k].in);
		screen_focal(&in, focal_cases[k].w, &d);
		CHECKF(strcmp(screen_focal_name(d.focal),
		    focal_cases[k].focal) == 0, "'%s': focal %s, want %s",
		    focal_cases[k].in, screen_focal_name(d.focal),
		    focal_cases[k].focal);
		CHECKF(strcmp(screen_focal_name(d.secondary),
		    focal_cases[k].secondary) == 0,
		    "'%s': secondary %s, want %s", focal_cases[k].in,
		    screen_focal_name(d.secondary), focal_cases[k].secondary);
		CHECKF(strcmp(d.evidence, focal_cases[k].evidence) == 0,
		    "'%.100s': evidence\n  '%.180s', want\n  '%.180s'", focal_cases[k].in,
		    d.evidence, focal_cases[k].evidence);
	}
}

/* ---- section 6: track, dose, measures, priority ---- */

static const struct {
	const char *in, *track;
	int sessions, minutes;
	const char *measures, *priority;
} track_cases[] = {
	{OK_BASE, "ipt", 12, 60, "phq9;gad7;wsas", "routine"},
	{OK_BASE "format_preference=individual", "ipt", 12, 60,
	    "phq9;gad7;wsas", "routine"},
	{OK_BASE "format_preference=any", "ipt", 12, 60, "phq9;gad7;wsas",
	    "routine"},
	/* individual: +2 secondary, +2 recurrent or not responding */
	{OK_BASE "episode=recurrent", "ipt", 14, 60, "phq9;gad7;wsas",
	    "routine"},
	{OK_BASE "episode=first", "ipt", 12, 60, "phq9;gad7;wsas", "routine"},
	{OK_BASE "medication_response=none", "ipt", 14, 60, "phq9;gad7;wsas",
	    "routine"},
	{OK_BASE "episode=recurrent medication_response=none", "ipt", 14, 60,
	    "phq9;gad7;wsas", "routine"},
	{OK_BASE "dispute_with=partner transition=job_loss", "ipt", 14, 60,
	    "phq9;gad7;wsas", "routine"},
	{OK_BASE "dispute_with=partner transition=job_loss "
	    "episode=recurrent", "ipt", 16, 60, "phq9;gad7;wsas", "routine"},
	{OK_BASE "dispute_with=partner bereavement_date=2026-01-01 "
	    "transition=job_loss medication_response=none episode=recurrent",
	    "ipt", 16, 60, "phq9;gad7;wsas", "routine"},
	/* adolescents first, whatever the format */
	{OK_BASE "age=12 format_preference=group", "ipt_a", 12, 45,
	    "phqa;gad7;wsas", "routine"},
	{OK_BASE "age=18 episode=recurrent dispute_with=parent "
	    "transition=school_change", "ipt_a", 12, 45, "phqa;gad7;wsas",
	    "routine"},
	/* group: 8, or 10 with a second area or a recurrent episode */
	{OK_BASE "format_preference=group", "ipt_g", 8, 90, "phq9;gad7;wsas",
	    "routine"},
	{OK_BASE "format_preference=group episode=recurrent", "ipt_g", 10, 90,
	    "phq9;gad7;wsas", "routine"},
	{OK_BASE "format_preference=group dispute_with=partner "
	    "transition=job_loss episode=recurrent", "ipt_g", 10, 90,
	    "phq9;gad7;wsas", "routine"},
	{OK_BASE "format_preference=group medication_response=none", "ipt_g",
	    8, 90, "phq9;gad7;wsas", "routine"},
	/* brief: 8 */
	{OK_BASE "format_preference=brief episode=recurrent "
	    "dispute_with=partner transition=job_loss", "ipt_b", 8, 60,
	    "phq9;gad7;wsas", "routine"},
	/* perinatal adds epds */
	{OK_BASE "postpartum=yes", "ipt", 12, 60, "phq9;gad7;wsas;epds",
	    "routine"},
	{OK_BASE "age=17 pregnant=yes", "ipt_a", 12, 45,
	    "phqa;gad7;wsas;epds", "routine"},
	/* priority */
	{OK_BASE "suicide_risk=moderate", "ipt", 12, 60, "phq9;gad7;wsas",
	    "urgent"},
	{OK_BASE "suicide_risk=low", "ipt", 12, 60, "phq9;gad7;wsas",
	    "routine"},
	{OK_BASE "phq9_total=20", "ipt", 12, 60, "phq9;gad7;wsas", "urgent"},
	{OK_BASE "phq9_total=19", "ipt", 12, 60, "phq9;gad7;wsas", "routine"},
	{OK_BASE "phqa_total=20", "ipt", 12, 60, "phq9;gad7;wsas", "urgent"},
	/* not eligible: no track, no dose, no measures; priority stays */
	{OK_BASE "psychosis=yes", "", 0, 0, "", "urgent"},
	{OK_BASE "suicide_risk=high", "", 0, 0, "", "urgent"},
	{OK_BASE "age=9", "", 0, 0, "", "routine"},
	{OK_BASE "wsas_total=!", "", 0, 0, "", "routine"},
};

static void
test_track(void)
{
	struct screen_input in;
	struct screen_decision d;
	char buf[SCREEN_LIST_MAX];

	for (size_t k = 0; k < sizeof(track_cases) / sizeof(track_cases[0]);
	    k++) {
		const char *s = track_cases[k].in;

		input(&in, s);
		screen_decide(&in, 365, &d);
		CHECKF(strcmp(screen_track_name(d.track),
		    track_cases[k].track) == 0, "'%s': track %s, want %s", s,
		    screen_track_name(d.track), track_cases[k].track);
		CHECKF(d.sessions == track_cases[k].sessions,
		    "'%s': sessions %d, want %d", s, d.sessions,
		    track_cases[k].sessions);
		CHECKF(d.minutes == track_cases[k].minutes,
		    "'%s': minutes %d, want %d", s, d.minutes,
		    track_cases[k].minutes);
		screen_measures(&in, &d, buf);
		CHECKF(strcmp(buf, track_cases[k].measures) == 0,
		    "'%.120s': measures '%.150s', want '%.150s'", s, buf,
		    track_cases[k].measures);
		CHECKF(strcmp(d.urgent ? "urgent" : "routine",
		    track_cases[k].priority) == 0, "'%s': priority, want %s",
		    s, track_cases[k].priority);
	}
}

/* ---- section 1: which questionnaires are scored ---- */

static void
check_prefixes(const char *header, const char *want)
{
	const char *name[16], *out[8];
	size_t len[16];
	struct colnames c = {name, len, 0};
	char buf[256], got[128] = "", *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", header);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		name[c.n] = tok;
		len[c.n++] = strlen(tok);
	}
	screen_scored_prefixes(&c, out);
	for (size_t k = 0; out[k] != NULL; k++) {
		strcat(got, k > 0 ? "," : "");
		strcat(got, out[k]);
	}
	CHECKF(strcmp(got, want) == 0, "header '%s': '%s', want '%s'", header,
	    got, want);
}

static void
test_prefixes(void)
{
	check_prefixes("id", "phq9,phqa,gad7,wsas,epds,cssrs");
	check_prefixes("id,phq9_total", "phqa,gad7,wsas,epds,cssrs");
	check_prefixes("id,phq9_risk,epds_total", "phqa,gad7,wsas,cssrs");
	check_prefixes("cssrs_risk,wsas_total,gad7_total,phqa_risk",
	    "phq9,epds");
	/* exact names only: other scored columns do not count */
	check_prefixes("phq9_band,cssrs_status,PHQ9_TOTAL,cssrs_total",
	    "phq9,phqa,gad7,wsas,epds,cssrs");
}

/* ---- section 1: parsing one record ---- */

static void
add(struct record *r, const char *name, const char *val)
{
	record_add(r, name, strlen(name), false, val, strlen(val), VK_CSV, 0);
}

static void
test_read(void)
{
	struct screener s;
	struct screen_input in;
	struct record r;

	diag_init("test_screen");
	diag_set_quiet(true);
	screener_init(&s, 365);
	record_init(&r);
	r.file = "t.csv";
	r.line = 2;
	r.recno = 1;
	r.schema = 1;
	add(&r, "id", "  ");
	add(&r, "age", "121");
	add(&r, "diagnosis", " Depression ");
	add(&r, "onset_date", "2026-02-30");
	add(&r, "close_relationships", "1.5");
	add(&r, "suicide_risk", "nil");
	add(&r, "psychosis", "Y");
	add(&r, "phq9_total", "28");
	add(&r, "Age", "30");		/* names are exact: not age */
	screen_read(&s, &r, &in);
	CHECK(!in.has_id);
	CHECK(r.flagged);
	CHECK_INT(in.col[SC_AGE].st, VAL_INVALID);
	CHECK_INT(in.col[SC_DIAGNOSIS].st, VAL_OK);
	CHECK_INT(in.col[SC_DIAGNOSIS].v, DX_DEPRESSION);
	CHECK_INT(in.col[SC_ONSET].st, VAL_INVALID);
	CHECK_INT(in.col[SC_CLOSE_REL].st, VAL_INVALID);
	CHECK_INT(in.col[SC_SUICIDE_RISK].st, VAL_INVALID);
	CHECK_INT(in.col[SC_PSYCHOSIS].st, VAL_OK);
	CHECK_INT(in.col[SC_PSYCHOSIS].v, 1);
	CHECK_INT(in.col[SC_PHQ9_TOTAL].st, VAL_INVALID);
	CHECK_INT(in.col[SC_WSAS_TOTAL].st, VAL_MISSING);
	record_release(&r);
	screener_release(&s);
}

int
main(void)
{
	test_risk();
	test_rules();
	test_notes();
	test_focal();
	test_track();
	test_prefixes();
	test_read();
	return unit_done("test_screen");
}
