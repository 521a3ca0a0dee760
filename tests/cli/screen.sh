#!/bin/sh
# CLI tests for ipt-screen (spec: ipt-screen.md; io.md sections 5-7).
# Expected values are written by hand from the spec, never pasted from
# the program's output.  Day counts were worked out on a calendar.
. "$(dirname "$0")/../lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(sed -n 's/^VERSION *= *//p' "$ROOT/Makefile")
SAMPLE=$ROOT/sample-data/intake.csv
cd "$T" || exit 1	# messages then name files as in.csv, not a path

# ---------------------------------------------------------------- helpers

# The intake columns, and a referral that is eligible as it stands: a
# depressed adult with a rated risk of none, organic causes excluded, a
# baseline PHQ-9 and WSAS, and a dispute with a partner as focal area.
COLS="id age diagnosis episode medication medication_response suicide_risk
psychosis mania homicidal substance_dependence intellectual_disability
pregnant breastfeeding postpartum social_isolation organic_brain
concurrent_therapy format_preference onset_date referral_date
bereavement_date dispute_with dispute_stage dispute_since transition
transition_date close_relationships phq9_total wsas_total"
BASE="id=V1 age=34 diagnosis=depression suicide_risk=none
organic_brain=excluded phq9_total=12 wsas_total=15 dispute_with=partner"

# vig 'COL=VALUE ...': write in.csv, one record: BASE with these changes
# (COL= empties a column; a COL not in COLS is appended to the header).
vig() {
	awk -v cols="$COLS" -v set="$BASE $1" 'BEGIN {
		n = split(cols, name, /[ \n]+/)
		for (i = 1; i <= n; i++) known[name[i]] = 1
		m = split(set, kv, /[ \n]+/)
		for (i = 1; i <= m; i++) {
			if (kv[i] == "") continue
			j = index(kv[i], "=")
			k = substr(kv[i], 1, j - 1)
			if (!(k in known)) { name[++n] = k; known[k] = 1 }
			val[k] = substr(kv[i], j + 1)
		}
		for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "," : ""), name[i]
		print ""
		for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "," : ""), val[name[i]]
		print "" }' >in.csv
}

# screen 'CHANGES' [OPTION...]: run ipt-screen -o jsonl on a vignette
screen() {
	vig "$1"
	shift
	run ipt-screen -o jsonl "$@" in.csv
}

# decision STATUS REASONS NOTES: the three columns of the one record
# (null: empty)
decision() {
	want_jq .screen_status "$1"
	want_jq .screen_reasons "$2"
	want_jq .screen_notes "$3"
}

# ------------------------------------------------- 1. the eligible baseline

t eligible
screen ''
want_rc 0
want_no_err
want_jq .risk_level not_endorsed
decision eligible null null
want_jq .focal_area role_dispute
want_jq .focal_area_secondary null
want_jq .focal_evidence 'role_dispute: partner, ongoing'
want_jq .ipt_track ipt
want_jq .sessions_recommended 12
want_jq .session_minutes 60
want_jq .outcome_measures 'phq9;gad7;wsas'
want_jq .priority routine
want_jq '[.sessions_recommended, .session_minutes] | map(type) | join(",")' \
    number,number

t eligible_csv_output_columns
vig ''
run ipt-screen in.csv
want_rc 0
want_line 1 "id,age,diagnosis,episode,medication,medication_response,\
suicide_risk,psychosis,mania,homicidal,substance_dependence,\
intellectual_disability,pregnant,breastfeeding,postpartum,social_isolation,\
organic_brain,concurrent_therapy,format_preference,onset_date,referral_date,\
bereavement_date,dispute_with,dispute_stage,dispute_since,transition,\
transition_date,close_relationships,phq9_total,wsas_total,risk_level,\
screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,\
focal_evidence,ipt_track,sessions_recommended,session_minutes,\
outcome_measures,priority"
want_line 2 "V1,34,depression,,,,none,,,,,,,,,,excluded,,,,,,partner,,,,,,\
12,15,not_endorsed,eligible,,,role_dispute,,\"role_dispute: partner, \
ongoing\",ipt,12,60,phq9;gad7;wsas,routine"

# ------------------------------------------- 2. one vignette per rule

# Each changes the baseline so that exactly the rule named matches.

t age_under_12
screen 'age=11'
want_rc 0
decision refer age_under_12 null
want_jq .ipt_track null
want_jq .sessions_recommended null
want_jq .outcome_measures null
want_jq .focal_area role_dispute

t age_under_12_edge_12
screen 'age=12'
decision eligible null adolescent_family_involvement

t bipolar_or_mania
screen 'diagnosis=bipolar'
decision refer bipolar_or_mania null

t bipolar_or_mania_mania_yes
screen 'mania=yes'
decision refer bipolar_or_mania null

t organic_brain_disorder
screen 'organic_brain=confirmed'
decision refer organic_brain_disorder null

t organic_brain_disorder_dementia
screen 'diagnosis=dementia'
decision refer organic_brain_disorder null

t organic_brain_disorder_dementia_organic_missing
screen 'diagnosis=dementia organic_brain='
decision refer 'organic_brain_disorder;organic_not_ruled_out' null

t primary_psychosis
screen 'diagnosis=psychosis'
decision refer primary_psychosis null

t primary_substance_use
screen 'diagnosis=substance_use'
decision refer primary_substance_use null

t adolescent_intellectual_disability
screen 'age=15 intellectual_disability=yes'
decision refer adolescent_intellectual_disability \
    adolescent_family_involvement

t diagnosis_not_indicated
screen 'diagnosis=other'
decision refer diagnosis_not_indicated null

t suicide_risk_high
screen 'suicide_risk=high'
want_jq .risk_level high
decision defer suicide_risk_high null
want_jq .priority urgent
want_jq .ipt_track null

t acute_psychosis
screen 'psychosis=yes'
decision defer acute_psychosis null
want_jq .priority urgent

t homicidal_ideation
screen 'homicidal=yes'
decision defer homicidal_ideation null

t active_substance_dependence
screen 'substance_dependence=yes'
decision defer active_substance_dependence null

t concurrent_deep_psychotherapy
screen 'concurrent_therapy=psychoanalysis'
decision defer concurrent_deep_psychotherapy null

t concurrent_deep_psychotherapy_psychodynamic
screen 'concurrent_therapy=psychodynamic'
decision defer concurrent_deep_psychotherapy null

t concurrent_therapy_cbt_is_fine
screen 'concurrent_therapy=cbt'
decision eligible null null

t risk_unknown
screen 'suicide_risk='
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t organic_not_ruled_out
screen 'organic_brain=suspected'
decision needs_assessment organic_not_ruled_out null

t organic_not_ruled_out_missing
screen 'organic_brain='
decision needs_assessment organic_not_ruled_out null

t age_unknown
screen 'age='
decision needs_assessment age_unknown null

t diagnosis_unknown
screen 'diagnosis='
decision needs_assessment diagnosis_unknown null

t baseline_missing
screen 'phq9_total='
decision needs_assessment baseline_missing null

t baseline_missing_epds_counts
screen 'phq9_total= epds_total=4'
decision eligible null null

t baseline_missing_phqa_counts
screen 'phq9_total= phqa_total=9'
decision eligible null null

t functioning_unassessed
screen 'wsas_total='
decision needs_assessment functioning_unassessed null

t all_rules_listed_first_status_wins
screen 'age=9 diagnosis=bipolar psychosis=yes suicide_risk= organic_brain=suspected wsas_total='
decision refer 'age_under_12;bipolar_or_mania;acute_psychosis;risk_unknown;organic_not_ruled_out;functioning_unassessed' null
want_jq .priority urgent

t nothing_known
printf 'id\nN1\n' >in.csv
run ipt-screen in.csv
want_rc 0
want_line 1 'id,risk_level,screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,focal_evidence,ipt_track,sessions_recommended,session_minutes,outcome_measures,priority'
want_line 2 'N1,unknown,needs_assessment,risk_unknown;organic_not_ruled_out;age_unknown;diagnosis_unknown;baseline_missing;functioning_unassessed,focal_area_undetermined,undetermined,,,,,,,routine'

# ------------------------------------------- 3. one vignette per note

t risk_moderate_safety_plan
screen 'suicide_risk=moderate'
want_jq .risk_level moderate
decision eligible null risk_moderate_safety_plan
want_jq .priority urgent

t risk_low_monitor
screen 'suicide_risk=low'
want_jq .risk_level low
decision eligible null risk_low_monitor
want_jq .priority routine

t adolescent_family_involvement
screen 'age=16'
decision eligible null adolescent_family_involvement
want_jq .ipt_track ipt_a
want_jq .outcome_measures 'phqa;gad7;wsas'

t perinatal_ipt_preferred
screen 'pregnant=yes'
decision eligible null perinatal_ipt_preferred
want_jq .outcome_measures 'phq9;gad7;wsas;epds'

t perinatal_ipt_preferred_diagnosis
screen 'diagnosis=perinatal_depression'
decision eligible null perinatal_ipt_preferred

t perinatal_ipt_preferred_breastfeeding
screen 'breastfeeding=yes'
decision eligible null perinatal_ipt_preferred

t perinatal_ipt_preferred_postpartum
screen 'postpartum=y'
decision eligible null perinatal_ipt_preferred

t medication_resistant
screen 'medication_response=none'
decision eligible null medication_resistant
want_jq .sessions_recommended 14

t ssri_snri_adjunct
screen 'medication=ssri'
decision eligible null ssri_snri_adjunct

t ssri_snri_adjunct_snri
screen 'medication=snri'
decision eligible null ssri_snri_adjunct

t severe_symptoms
screen 'phq9_total=20'
decision eligible null severe_symptoms
want_jq .priority urgent

t severe_symptoms_edge_19
screen 'phq9_total=19'
decision eligible null null
want_jq .priority routine

t intellectual_disability_adapt
screen 'age=19 intellectual_disability=yes'
decision eligible null intellectual_disability_adapt

t deficits_poorer_prognosis
screen 'dispute_with= social_isolation=yes close_relationships=3'
decision eligible null deficits_poorer_prognosis
want_jq .focal_area interpersonal_deficits
want_jq .focal_evidence 'interpersonal_deficits: social_isolation yes, close_relationships 3'

t focal_area_undetermined
screen 'dispute_with='
decision eligible null focal_area_undetermined
want_jq .focal_area undetermined
want_jq .focal_evidence null

t notes_all_in_order
screen 'age=17 suicide_risk=moderate pregnant=yes medication=snri medication_response=none phq9_total=25 dispute_with= close_relationships=0'
decision eligible null 'risk_moderate_safety_plan;adolescent_family_involvement;perinatal_ipt_preferred;medication_resistant;ssri_snri_adjunct;severe_symptoms;deficits_poorer_prognosis'

# ------------------------------------------- 4. risk level

t risk_positive_screen_against_not_endorsed_is_unknown
# PHQ-9 items scored here: item 9 = 1 is a positive screen, and the
# clinician's rating "none" is the only assessment.
printf '%s\n' 'id,age,diagnosis,organic_brain,suicide_risk,wsas_total,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9' \
    'P1,40,depression,excluded,none,12,1,1,1,1,1,1,1,1,1' >in.csv
run ipt-screen -o jsonl in.csv
want_rc 0
want_jq .phq9_risk positive
want_jq .phq9_total 9
want_jq .risk_level unknown
decision needs_assessment risk_unknown focal_area_undetermined

t risk_positive_screen_against_cssrs_not_endorsed_is_unknown
screen 'suicide_risk= cssrs_risk=not_endorsed epds_risk=positive epds_total=14'
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t risk_positive_screen_against_low_stays_low
screen 'suicide_risk=low phqa_risk=positive'
want_jq .risk_level low
decision eligible null risk_low_monitor

t risk_not_endorsed_screen_with_not_endorsed_assessment
screen 'phq9_risk=not_endorsed'
want_jq .risk_level not_endorsed

t risk_screen_alone_is_unknown
screen 'suicide_risk= phq9_risk=not_endorsed'
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t risk_worst_of_cssrs_and_rating
screen 'suicide_risk=low cssrs_risk=high'
want_jq .risk_level high
decision defer suicide_risk_high null

t risk_incomplete_cssrs_outweighs_low
screen 'suicide_risk=low cssrs_risk=unknown'
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t risk_moderate_outweighs_incomplete_cssrs
screen 'suicide_risk=moderate cssrs_risk=unknown'
want_jq .risk_level moderate

t risk_cssrs_items_scored
# C-SSRS items: 1 yes, 2 no, 6 no -> low (rule 7); the rating none
# does not lower it.
printf '%s\n' 'id,age,diagnosis,organic_brain,suicide_risk,phq9_total,wsas_total,cssrs_1,cssrs_2,cssrs_6' \
    'C1,40,depression,excluded,none,11,12,yes,no,no' >in.csv
run ipt-screen -o jsonl in.csv
want_rc 0
want_jq .cssrs_risk low
want_jq .cssrs_status complete
want_jq .risk_level low
decision eligible null 'risk_low_monitor;focal_area_undetermined'

t risk_case_insensitive_codes
screen 'suicide_risk=NONE cssrs_risk=Not_Endorsed'
want_rc 0
want_jq .risk_level not_endorsed

# ------------------------------------------- 5. focal area and evidence

ONSET='dispute_with= onset_date=2026-04-12'

t focal_spec_example
printf '%s\n' 'id,onset_date,bereavement_date,dispute_with,dispute_stage,transition,transition_date,suicide_risk,age,diagnosis,organic_brain,phq9_total,wsas_total' \
    'S1,2026-04-12,2026-03-02,partner,impasse,job_loss,2024-01-03,none,34,depression,excluded,14,12' >in.csv
run ipt-screen in.csv
want_rc 0
want_line 2 'S1,2026-04-12,2026-03-02,partner,impasse,job_loss,2024-01-03,none,34,depression,excluded,14,12,not_endorsed,eligible,,,role_dispute,grief,"grief: death 2026-03-02, 41 days before onset; role_dispute: partner, impasse, ongoing; role_transition: job_loss 2024-01-03, 830 days before onset, not linked",ipt,14,60,phq9;gad7;wsas,routine'

# 2025-04-12 is 365 days before 2026-04-12 (no 29 February between).
t grief_window_exactly_link_days
screen "$ONSET bereavement_date=2025-04-12"
want_jq .focal_area grief
want_jq .focal_evidence 'grief: death 2025-04-12, 365 days before onset'
want_jq .screen_notes null

t grief_window_one_day_more
screen "$ONSET bereavement_date=2025-04-11"
want_jq .focal_area undetermined
want_jq .focal_evidence 'grief: death 2025-04-11, 366 days before onset, not linked'
want_jq .screen_notes focal_area_undetermined

t grief_window_link_days_30
screen "$ONSET bereavement_date=2026-03-13" --link-days 30
want_jq .focal_area grief
want_jq .focal_evidence 'grief: death 2026-03-13, 30 days before onset'

t grief_window_link_days_30_one_day_more
screen "$ONSET bereavement_date=2026-03-12" --link-days 30
want_jq .focal_area undetermined
want_jq .focal_evidence 'grief: death 2026-03-12, 31 days before onset, not linked'

t grief_window_link_days_0
screen "$ONSET bereavement_date=2026-04-12" --link-days=0
want_jq .focal_evidence 'grief: death 2026-04-12, 0 days before onset'
want_jq .focal_area grief

t grief_window_link_days_0_one_day_more
screen "$ONSET bereavement_date=2026-04-11" --link-days 0
want_jq .focal_evidence 'grief: death 2026-04-11, 1 day before onset, not linked'
want_jq .focal_area undetermined

t grief_after_onset_is_linked
screen "$ONSET bereavement_date=2026-05-12" --link-days 0
want_jq .focal_area grief
want_jq .focal_evidence 'grief: death 2026-05-12, 30 days after onset'

REFERRAL='dispute_with= referral_date=2026-03-01'

# 2025-03-01 is 365 days before 2026-03-01; 2025-02-28 is 366.
t transition_window_exactly_link_days
screen "$REFERRAL transition=job_loss transition_date=2025-03-01"
want_jq .focal_area role_transition
want_jq .focal_evidence 'role_transition: job_loss 2025-03-01, 365 days before referral'

t transition_window_one_day_more
screen "$REFERRAL transition=job_loss transition_date=2025-02-28"
want_jq .focal_area undetermined
want_jq .focal_evidence 'role_transition: job_loss 2025-02-28, 366 days before referral, not linked'

t transition_window_link_days_60
screen "$REFERRAL transition=relocation transition_date=2025-12-31" --link-days 60
want_jq .focal_area role_transition
want_jq .focal_evidence 'role_transition: relocation 2025-12-31, 60 days before referral'

t transition_window_link_days_60_one_day_more
screen "$REFERRAL transition=relocation transition_date=2025-12-30" --link-days 60
want_jq .focal_area undetermined
want_jq .focal_evidence 'role_transition: relocation 2025-12-30, 61 days before referral, not linked'

t transition_undated_after_dated_events
# undated: d = 365; grief 41 days before onset comes first
screen "$ONSET transition=retirement bereavement_date=2026-03-02"
want_jq .focal_area grief
want_jq .focal_area_secondary role_transition
want_jq .focal_evidence 'grief: death 2026-03-02, 41 days before onset; role_transition: retirement, undated'

t focal_closest_first
# dispute since 2026-04-02 (10 days), death 2026-03-02 (41 days)
screen "$ONSET dispute_with=parent dispute_stage=renegotiation dispute_since=2026-04-02 bereavement_date=2026-03-02"
want_jq .focal_area role_dispute
want_jq .focal_area_secondary grief
want_jq .focal_evidence 'grief: death 2026-03-02, 41 days before onset; role_dispute: parent, renegotiation, since 2026-04-02, 10 days before onset'

t focal_ties_in_table_order
# all three at 0 days: grief, then role_dispute; at most two areas
screen "$ONSET bereavement_date=2026-04-12 dispute_with=friend transition=divorce transition_date=2026-04-12"
want_jq .focal_area grief
want_jq .focal_area_secondary role_dispute
want_jq .focal_evidence 'grief: death 2026-04-12, 0 days before onset; role_dispute: friend, ongoing; role_transition: divorce 2026-04-12, 0 days before onset'
want_jq .sessions_recommended 14

t focal_no_reference_date
screen 'dispute_with=colleague dispute_since=2020-05-05 transition=illness transition_date=2001-01-01'
want_jq .focal_area role_dispute
want_jq .focal_area_secondary role_transition
want_jq .focal_evidence 'role_dispute: colleague, since 2020-05-05; role_transition: illness 2001-01-01'

t focal_none_is_no_event
screen "$ONSET dispute_with=none dispute_since=2026-01-01 transition=none transition_date=2026-01-01"
want_jq .focal_area undetermined
want_jq .focal_evidence null

t focal_deficits_only_without_other_candidate
screen "$ONSET close_relationships=1 transition=migration transition_date=2026-01-01"
want_jq .focal_area role_transition
want_jq .screen_notes null

t focal_deficits_close_relationships_1
screen "$ONSET close_relationships=1 social_isolation=no"
want_jq .focal_area interpersonal_deficits
want_jq .focal_evidence 'interpersonal_deficits: social_isolation no, close_relationships 1'

t focal_deficits_close_relationships_2_is_not
screen "$ONSET close_relationships=2"
want_jq .focal_area undetermined

# ------------------------------------------- 6. track and dose

t track_group
screen 'format_preference=group'
want_jq .ipt_track ipt_g
want_jq .sessions_recommended 8
want_jq .session_minutes 90

t track_group_recurrent
screen 'format_preference=group episode=recurrent'
want_jq .sessions_recommended 10

t track_brief
screen 'format_preference=brief episode=recurrent'
want_jq .ipt_track ipt_b
want_jq .sessions_recommended 8
want_jq .session_minutes 60

t track_individual_max_16
screen 'episode=recurrent transition=job_loss'
want_jq .ipt_track ipt
want_jq .focal_area role_dispute
want_jq .focal_area_secondary role_transition
want_jq .sessions_recommended 16

t track_adolescent_before_group
screen 'age=14 format_preference=group'
want_jq .ipt_track ipt_a
want_jq .sessions_recommended 12
want_jq .session_minutes 45

# ------------------------------------------- 7. questionnaires (section 1)

# Items of the six instruments are scored by ipt-score's code: the same
# columns, in the same order, before the screen's.
printf '%s\n' \
    'id,site,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7,wsas_1,wsas_2,wsas_3,wsas_4,wsas_5,cssrs_1,cssrs_2,cssrs_6,age,diagnosis,organic_brain' \
    'Q1,north,2,2,2,2,2,2,2,2,0,1,1,1,1,1,1,1,4,4,4,4,,no,no,no,30,depression,excluded' \
    'Q2,south,3,3,3,3,3,3,3,,,0,0,0,0,0,0,0,na,2,2,2,2,yes,yes,no,25,dysthymia,excluded' \
    'Q3,east,1,x,1,1,1,1,1,1,1,,,,,,,,,,,,,,,,50,gad,excluded' >items.csv

t items_scored_same_columns_as_ipt_score
run ipt-score items.csv
cp "$T/out" score.csv
run ipt-screen items.csv
want_rc 1
awk -F, 'NR == 1 { print NF }' score.csv >nf
n=$(cat nf)
head -1 "$T/out" | cut -d, -f"1-$n" >hdr.got
head -1 score.csv >hdr.want
want_same hdr.want hdr.got
want_line 1 "$(cat hdr.want),risk_level,screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,focal_evidence,ipt_track,sessions_recommended,session_minutes,outcome_measures,priority"

t items_scored_same_values_as_ipt_score
run ipt-score -o jsonl items.csv
cp "$T/out" score.jsonl
run ipt-screen -o jsonl items.csv
jq -c 'del(.risk_level, .screen_status, .screen_reasons, .screen_notes, .focal_area, .focal_area_secondary, .focal_evidence, .ipt_track, .sessions_recommended, .session_minutes, .outcome_measures, .priority)' "$T/out" >got.jsonl
jq -c . score.jsonl >want.jsonl
want_same want.jsonl got.jsonl

t items_scored_values_by_hand
run ipt-screen -o jsonl items.csv
# Q1: phq9 16, item 9 = 0; gad7 7; wsas 4 items of 4 prorated: 16*5/4 = 20
# Q2: phq9 7 answered summing to 21: (2*21*9+7)/14 = 385/14 = 27; item 9
# missing: unknown; wsas na + 4 answered (one missing) -> 8*5/4 = 10;
# C-SSRS 2 yes with 3-5 not asked: unknown (rule 6), so risk unknown
# Q3: phq9 invalid (item 2 'x'): no total, but item 9 = 1 is valid, so
# phq9_risk is positive; no assessment at all: risk unknown
want_jq_s 'map(.phq9_total) | join(",")' '16,27,'
want_jq_s 'map(.phq9_risk) | join(",")' 'not_endorsed,unknown,positive'
want_jq_s 'map(.wsas_total) | join(",")' '20,10,'
want_jq_s 'map(.cssrs_risk) | join(",")' 'not_endorsed,unknown,'
want_jq_s 'map(.risk_level) | join(",")' 'not_endorsed,unknown,unknown'
want_jq_s 'map(.screen_status) | join(",")' 'eligible,needs_assessment,needs_assessment'
want_jq_s 'map(.screen_notes) | join(",")' 'focal_area_undetermined,severe_symptoms;focal_area_undetermined,focal_area_undetermined'
want_jq_s 'map(.priority) | join(",")' 'routine,urgent,routine'
want_jq_s '.[2].screen_reasons' 'risk_unknown;baseline_missing;functioning_unassessed'
want_err_has "ipt-screen: items.csv:4: record 3: field 'phq9_2': 'x' is not an integer"

t items_of_other_instruments_are_not_scored
printf '%s\n' 'id,k10_1,phq2_1,phq2_2' 'K1,3,1,1' >in.csv
run ipt-screen in.csv
want_rc 0
want_no_err
want_line 1 'id,k10_1,phq2_1,phq2_2,risk_level,screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,focal_evidence,ipt_track,sessions_recommended,session_minutes,outcome_measures,priority'

t given_phq9_total_used_as_given
# phq9_total in the header: the items are not read at all (no warning
# for the bad item, item 9 not used as a screen, no phq9_band added).
printf '%s\n' 'id,age,diagnosis,organic_brain,suicide_risk,wsas_total,phq9_total,phq9_2,phq9_9' \
    'G1,40,depression,excluded,none,10,13,x,3' >in.csv
run ipt-screen in.csv
want_rc 0
want_no_err
want_line 1 'id,age,diagnosis,organic_brain,suicide_risk,wsas_total,phq9_total,phq9_2,phq9_9,risk_level,screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,focal_evidence,ipt_track,sessions_recommended,session_minutes,outcome_measures,priority'
want_line 2 'G1,40,depression,excluded,none,10,13,x,3,not_endorsed,eligible,,focal_area_undetermined,undetermined,,,ipt,12,60,phq9;gad7;wsas,routine'

t given_instrument_duplicate_items_not_checked
# items not read at all: two columns for phq9 item 1 are no error
printf '%s\n' 'id,phq9_total,phq9_1,PHQ9_q1' 'G3,5,1,1' >in.csv
run ipt-screen -o jsonl in.csv
want_rc 0
want_jq .phq9_total 5

t scored_instrument_duplicate_items_fatal
printf '%s\n' 'id,phq9_1,PHQ9_q1' 'G4,1,1' >in.csv
run ipt-screen in.csv
want_rc 65
want_err_has "ipt-screen: in.csv: two columns for item 'phq9_1': 'phq9_1' and 'PHQ9_q1'"

t given_phq9_risk_stops_scoring
printf '%s\n' 'id,phq9_risk,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9' \
    'G2,positive,3,3,3,3,3,3,3,3,3' >in.csv
run ipt-screen -o jsonl in.csv
want_rc 0
want_jq 'has("phq9_total")' false
want_jq .risk_level unknown
want_jq .screen_reasons 'risk_unknown;organic_not_ruled_out;age_unknown;diagnosis_unknown;baseline_missing;functioning_unassessed'

t given_phq9_total_out_of_range_flagged
screen 'phq9_total=28'
want_rc 1
want_err "ipt-screen: in.csv:2: record 1: field 'phq9_total': '28' is outside 0..27
ipt-screen: records in 1, out 1, rejected 0, flagged 1"
decision needs_assessment baseline_missing null
want_jq .phq9_total 28

t given_phq9_total_not_integer_flagged
screen 'phq9_total=12.5'
want_rc 1
want_err_has "field 'phq9_total': '12.5' is not an integer"
decision needs_assessment baseline_missing null

t given_wsas_total_out_of_range_flagged
screen 'wsas_total=41'
want_rc 1
want_err_has "field 'wsas_total': '41' is outside 0..40"
decision needs_assessment functioning_unassessed null

t given_cssrs_risk_bad_code_flagged
screen 'suicide_risk= cssrs_risk=severe'
want_rc 1
want_err_has "field 'cssrs_risk': 'severe' is not a known code"
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t given_epds_risk_bad_code_flagged
screen 'epds_risk=yes'
want_rc 1
want_err_has "field 'epds_risk': 'yes' is not a known code"
want_jq .risk_level not_endorsed

t given_gad7_total_not_checked
screen 'gad7_total=99'
want_rc 0
want_no_err
decision eligible null null

# ------------------------------------------- 8. bad values: flagged, missing

t bad_date_flagged_counts_missing
# onset invalid: the reference falls back to the referral date
screen "dispute_with= onset_date=2026-02-30 referral_date=2026-04-12 bereavement_date=2026-03-02"
want_rc 1
want_err "ipt-screen: in.csv:2: record 1: field 'onset_date': '2026-02-30' is not a valid date (YYYY-MM-DD)
ipt-screen: records in 1, out 1, rejected 0, flagged 1"
want_jq .focal_evidence 'grief: death 2026-03-02, 41 days before referral'
want_jq .onset_date 2026-02-30

t bad_date_event_has_no_segment
screen "$ONSET bereavement_date=2026-13-01"
want_rc 1
want_err_has "field 'bereavement_date': '2026-13-01' is not a valid date (YYYY-MM-DD)"
want_jq .focal_area undetermined
want_jq .focal_evidence null

t bad_date_transition_undated
screen "$ONSET transition=caregiving transition_date=1/2/2026"
want_rc 1
want_err_has "field 'transition_date': '1/2/2026' is not a valid date (YYYY-MM-DD)"
want_jq .focal_evidence 'role_transition: caregiving, undated'

t bad_code_diagnosis
screen 'diagnosis=flu'
want_rc 1
want_err_has "ipt-screen: in.csv:2: record 1: field 'diagnosis': 'flu' is not a known code"
decision needs_assessment diagnosis_unknown null

t bad_code_dispute_stage
screen 'dispute_stage=stalled'
want_rc 1
want_err_has "field 'dispute_stage': 'stalled' is not a known code"
want_jq .focal_evidence 'role_dispute: partner, ongoing'

t bad_code_quoted_20_bytes
screen 'diagnosis=depression_with_anxious_distress'
want_rc 1
want_err_has "field 'diagnosis': 'depression_with_anxi...' is not a known code"

t code_trimmed_case_insensitive
printf '%s\n' 'id,age,diagnosis,suicide_risk,organic_brain,phq9_total,wsas_total' \
    'T1, 34 , Depression ,None,EXCLUDED,12,15' >in.csv
run ipt-screen -o jsonl in.csv
want_rc 0
want_no_err
decision eligible null focal_area_undetermined
want_jq .diagnosis ' Depression '

t bad_age_over_120
screen 'age=121'
want_rc 1
want_err_has "field 'age': '121' is outside 0..120"
decision needs_assessment age_unknown null

t bad_age_negative
screen 'age=-1'
want_rc 1
want_err_has "field 'age': '-1' is outside 0..120"
decision needs_assessment age_unknown null

t bad_age_not_integer
screen 'age=34.5'
want_rc 1
want_err_has "field 'age': '34.5' is not an integer"
decision needs_assessment age_unknown null

t age_edges_0_and_120
screen 'age=120'
want_rc 0
decision eligible null null
screen 'age=0'
want_rc 0
decision refer age_under_12 null

t bad_close_relationships_not_integer
screen "$ONSET close_relationships=one"
want_rc 1
want_err_has "field 'close_relationships': 'one' is not an integer"
want_jq .focal_area undetermined

t bad_close_relationships_negative
screen "$ONSET close_relationships=-1"
want_rc 1
want_err_has "field 'close_relationships': '-1' is less than 0"
want_jq .focal_area undetermined

t bad_social_isolation_counts_unknown
screen "$ONSET social_isolation=often close_relationships=0"
want_rc 1
want_err_has "field 'social_isolation': 'often' is not yes or no"
want_jq .focal_evidence 'interpersonal_deficits: social_isolation unknown, close_relationships 0'

t bad_suicide_risk_is_never_not_endorsed
screen 'suicide_risk=nil'
want_rc 1
want_err_has "field 'suicide_risk': 'nil' is not a known code"
want_jq .risk_level unknown
decision needs_assessment risk_unknown null

t bad_suicide_risk_with_positive_screen
screen 'suicide_risk=0 phq9_risk=positive'
want_rc 1
want_jq .risk_level unknown

t bad_yesno_psychosis
screen 'psychosis=maybe'
want_rc 1
want_err_has "field 'psychosis': 'maybe' is not yes or no"
decision eligible null null

t bad_organic_brain_is_not_excluded
screen 'organic_brain=no'
want_rc 1
want_err_has "field 'organic_brain': 'no' is not a known code"
decision needs_assessment organic_not_ruled_out null

t bad_values_one_flagged_record
screen 'age=200 diagnosis=flu onset_date=2026-02-30'
want_rc 1
want_err "ipt-screen: in.csv:2: record 1: field 'age': '200' is outside 0..120
ipt-screen: in.csv:2: record 1: field 'diagnosis': 'flu' is not a known code
ipt-screen: in.csv:2: record 1: field 'onset_date': '2026-02-30' is not a valid date (YYYY-MM-DD)
ipt-screen: records in 1, out 1, rejected 0, flagged 1"

t bad_values_quiet
screen 'age=200' -q
want_rc 1
want_err 'ipt-screen: records in 1, out 1, rejected 0, flagged 1'

t bad_values_strict_not_fatal
screen 'age=200' --strict
want_rc 1
want_jq .screen_status needs_assessment

# ------------------------------------------- 9. the patient id

t id_empty_flagged_and_screened
screen 'id='
want_rc 1
want_err "ipt-screen: in.csv:2: record 1: no patient id: field 'id' is empty
ipt-screen: records in 1, out 1, rejected 0, flagged 1"
decision eligible null null

t id_spaces_flagged
printf '%s\n' 'id,age' '"  ",30' >in.csv
run ipt-screen in.csv
want_rc 1
want_err_has "no patient id: field 'id' is empty"

t id_patient_id_column
printf '%s\n' 'patient_id,age' 'P9,30' >in.csv
run ipt-screen in.csv
want_rc 0
want_no_err

t id_no_column_flagged
printf '%s\n' 'age,diagnosis' '30,depression' '40,anxiety' >in.csv
run ipt-screen in.csv
want_rc 1
want_err "ipt-screen: in.csv:2: record 1: no patient id: no 'id' or 'patient_id' field
ipt-screen: in.csv:3: record 2: no patient id: no 'id' or 'patient_id' field
ipt-screen: records in 2, out 2, rejected 0, flagged 2"
want_line 3 '40,anxiety,unknown,needs_assessment,risk_unknown;organic_not_ruled_out;baseline_missing;functioning_unassessed,focal_area_undetermined,undetermined,,,,,,,routine'

t id_json_null_flagged
printf '%s\n' '{"id":null,"age":30}' '{"id":7,"age":30}' >in.jsonl
run ipt-screen in.jsonl
want_rc 1
want_err "ipt-screen: in.jsonl:1: record 1: no patient id: field 'id' is empty
ipt-screen: records in 2, out 2, rejected 0, flagged 1"

# ------------------------------------------- 10. pass-through, formats

t pass_through_unknown_columns
printf '%s\n' 'site,id,Age,notes,"x, y"' 'north,U1,300,"said ""hi"", left",=1+2' >in.csv
run ipt-screen in.csv
want_rc 0
want_line 1 'site,id,Age,notes,"x, y",risk_level,screen_status,screen_reasons,screen_notes,focal_area,focal_area_secondary,focal_evidence,ipt_track,sessions_recommended,session_minutes,outcome_measures,priority'
want_line 2 'north,U1,300,"said ""hi"", left",=1+2,unknown,needs_assessment,risk_unknown;organic_not_ruled_out;age_unknown;diagnosis_unknown;baseline_missing;functioning_unassessed,focal_area_undetermined,undetermined,,,,,,,routine'

t delimiter_semicolon_quotes_lists
printf '%s\n' 'id;age' 'D1;30' >in.csv
run ipt-screen -d ';' in.csv
want_rc 0
want_line 2 'D1;30;unknown;needs_assessment;"risk_unknown;organic_not_ruled_out;diagnosis_unknown;baseline_missing;functioning_unassessed";focal_area_undetermined;undetermined;;;;;;;routine'

t json_types
screen 'suicide_risk=low' -o json
want_rc 0
want_line 1 '['
want_jq '.[0].sessions_recommended | type' number
want_jq '.[0].screen_reasons' null
want_jq '.[0].age | type' number

t json_stray_items_flagged
printf '%s\n' '{"id":"J1","age":30}' '{"id":"J2","phq9_1":2}' >in.jsonl
run ipt-screen in.jsonl
want_rc 1
want_err "ipt-screen: in.jsonl:2: record 2: items of 'phq9' present but phq9 is not scored: the first record has none
ipt-screen: records in 2, out 2, rejected 0, flagged 1"

t rejected_record_not_screened
printf '%s\n' 'id,age' 'R1,30' 'R2,30,extra' 'R3,31' >in.csv
run ipt-screen in.csv
want_rc 1
want_err "ipt-screen: in.csv:3: record 2: expected 2 fields, got 3
ipt-screen: records in 3, out 2, rejected 1, flagged 0"

t empty_jsonl_input
: >in.jsonl
run ipt-screen -i jsonl -o json in.jsonl
want_rc 0
want_line 1 '[]'

# Idempotence: ipt-screen on its own output, same format, is unchanged
# (scored columns are then used as given; screen columns replaced in place).
cat >mix.csv <<'EOF'
id,age,diagnosis,suicide_risk,organic_brain,onset_date,bereavement_date,dispute_with,transition,transition_date,close_relationships,format_preference,episode,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,wsas_1,wsas_2,wsas_3,wsas_4,wsas_5,cssrs_1,cssrs_2,cssrs_6,site
M1,34,depression,none,excluded,2026-04-12,2026-03-02,partner,job_loss,2024-01-03,,,,1,2,1,2,1,2,1,2,0,3,3,3,3,3,no,no,no,"a, b"
M2,16,depression,low,excluded,2026-01-10,,,school_change,2025-09-01,,group,,3,3,3,3,3,3,3,,1,1,1,1,1,1,,,,x
M3,,bipolar,,suspected,,,,,,0,,recurrent,x,,,,,,,,,,,,,,yes,yes,no,
M4,70,dysthymia,moderate,excluded,,,none,retirement,,1,brief,recurrent,0,0,0,0,0,0,0,0,0,0,0,0,0,0,no,no,no,
EOF

t idempotent_csv
run ipt-screen mix.csv
cp "$T/out" mix.out.csv
run ipt-screen mix.out.csv
want_rc 0
want_out_file mix.out.csv

t idempotent_jsonl
run ipt-screen -o jsonl mix.csv
cp "$T/out" mix.out.jsonl
run ipt-screen mix.out.jsonl
want_rc 0
want_out_file mix.out.jsonl

t idempotent_json_array
run ipt-screen -o json mix.csv
cp "$T/out" mix.out.json
run ipt-screen mix.out.json
want_rc 0
want_out_file mix.out.json

t idempotent_mix_values
run ipt-screen -o jsonl mix.csv
want_rc 1
# M1: phq9 12, item 9 = 0; wsas 15; cssrs not_endorsed; rating none
# M2: age 16 -> ipt_a 12 whatever the format; phq9 8 answered summing
#     to 22 -> (2*22*9+8)/16 = 404/16 = 25 (urgent); no C-SSRS answer:
#     the rating low alone
# M3: bipolar; item 'x' flagged; cssrs 2 yes, 3-5 missing -> unknown;
#     no WSAS
# M4: 70, brief, undated transition, close_relationships 1 ignored
want_jq_s 'map(.phq9_total) | join(",")' '12,25,,0'
want_jq_s 'map(.cssrs_risk) | join(",")' 'not_endorsed,,unknown,not_endorsed'
want_jq_s 'map(.risk_level) | join(",")' 'not_endorsed,low,unknown,moderate'
want_jq_s 'map(.screen_status) | join(",")' 'eligible,eligible,refer,eligible'
want_jq_s 'map(.focal_area) | join(",")' 'role_dispute,role_transition,interpersonal_deficits,role_transition'
want_jq_s 'map(.ipt_track) | join(",")' 'ipt,ipt_a,,ipt_b'
want_jq_s 'map(.sessions_recommended) | join(",")' '14,12,,8'
want_jq_s 'map(.priority) | join(",")' 'routine,urgent,routine,urgent'
want_jq_s '.[1].focal_evidence' 'role_transition: school_change 2025-09-01, 131 days before onset'
want_jq_s '.[2].screen_reasons' 'bipolar_or_mania;risk_unknown;organic_not_ruled_out;age_unknown;baseline_missing;functioning_unassessed'
want_jq_s '.[3].screen_notes' 'risk_moderate_safety_plan'

# ------------------------------------------- 11. options

t link_days_too_big
vig ''
run ipt-screen --link-days 3651 in.csv
want_rc 64
want_err "ipt-screen: invalid --link-days '3651': an integer 0-3650
Try 'ipt-screen --help'."
want_no_out

t link_days_negative
run ipt-screen --link-days=-1 in.csv
want_rc 64
want_err_lines 2
want_err_has "invalid --link-days '-1'"

t link_days_not_integer
run ipt-screen --link-days 30d in.csv
want_rc 64
want_err_lines 2

t link_days_empty
run ipt-screen --link-days= in.csv
want_rc 64

t link_days_plus_sign
run ipt-screen --link-days +30 in.csv
want_rc 64

t link_days_missing_argument
run ipt-screen in.csv --link-days
want_rc 64

t link_days_max_accepted
run ipt-screen --link-days 3650 in.csv
want_rc 0

t link_days_after_operand
screen "$ONSET bereavement_date=2026-03-12"
run ipt-screen -o jsonl in.csv --link-days 30
want_jq .focal_area undetermined

t help
run ipt-screen --help
want_rc 0
want_out_has 'Usage: ipt-screen [options] [FILE ...]'
want_out_has '--link-days N'
want_out_has 'ipt-screen intake.csv > screened.csv'

t version
run ipt-screen -V
want_rc 0
want_out_has "ipt-screen (ipt-tools) $VERSION"

t unknown_option
run ipt-screen --instruments phq9 in.csv
want_rc 64

t stats_clean
vig ''
run ipt-screen --stats in.csv
want_rc 0
want_err 'ipt-screen: records in 1, out 1, rejected 0, flagged 0'

t missing_file
run ipt-screen nosuch.csv
want_rc 66

# ------------------------------------------- 12. the sample covers everything

t sample_covers_every_code
run ipt-screen -o jsonl "$SAMPLE"
case $rc in 0|1) ok ;; *) bad "exit status $rc" "$T/err" ;; esac
jq -r '
	"status " + .screen_status,
	"risk " + .risk_level,
	"focal " + .focal_area,
	"priority " + .priority,
	(.ipt_track // empty | "track " + .),
	(.sessions_recommended // empty | "dose " + tostring),
	(.screen_reasons // "" | split(";")[] | "reason " + .),
	(.screen_notes // "" | split(";")[] | "note " + .)
' "$T/out" | sort -u >seen
missing=
for want in \
    'status refer' 'status defer' 'status needs_assessment' 'status eligible' \
    'risk high' 'risk moderate' 'risk low' 'risk not_endorsed' 'risk unknown' \
    'focal grief' 'focal role_dispute' 'focal role_transition' \
    'focal interpersonal_deficits' 'focal undetermined' \
    'track ipt' 'track ipt_a' 'track ipt_g' 'track ipt_b' \
    'dose 8' 'dose 10' 'dose 12' 'dose 14' 'dose 16' \
    'priority urgent' 'priority routine' \
    'reason age_under_12' 'reason bipolar_or_mania' \
    'reason organic_brain_disorder' 'reason primary_psychosis' \
    'reason primary_substance_use' \
    'reason adolescent_intellectual_disability' \
    'reason diagnosis_not_indicated' 'reason suicide_risk_high' \
    'reason acute_psychosis' 'reason homicidal_ideation' \
    'reason active_substance_dependence' \
    'reason concurrent_deep_psychotherapy' 'reason risk_unknown' \
    'reason organic_not_ruled_out' 'reason age_unknown' \
    'reason diagnosis_unknown' 'reason baseline_missing' \
    'reason functioning_unassessed' \
    'note risk_moderate_safety_plan' 'note risk_low_monitor' \
    'note adolescent_family_involvement' 'note perinatal_ipt_preferred' \
    'note medication_resistant' 'note ssri_snri_adjunct' \
    'note severe_symptoms' 'note intellectual_disability_adapt' \
    'note deficits_poorer_prognosis' 'note focal_area_undetermined'; do
	grep -qxF "$want" seen || missing="$missing [$want]"
done
if [ -z "$missing" ]; then ok; else bad "sample lacks:$missing"; fi

t sample_ids_and_size
n=$(jq -s 'length' "$T/out")
if [ "$n" -ge 40 ]; then ok; else bad "sample has $n records, want >= 40"; fi
want_jq_s '.[0].id' R001
want_jq_s '[.[] | select(.phq9_status != null)] | length > 0' true
want_jq_s '[.[] | select(.cssrs_risk != null)] | length > 0' true
want_jq_s '.[0] | has("cssrs_status")' false

t sample_idempotent
run ipt-screen "$SAMPLE"
cp "$T/out" sample.out.csv
run ipt-screen sample.out.csv
want_out_file sample.out.csv

finish screen
