#!/bin/sh
# CLI tests for ipt-plan (spec: ipt-plan.md; io.md sections 5 and 7).
# Expected values are written by hand from the spec, never pasted from
# the program's output; the date arithmetic is in the comments.
#
# Calendar facts used throughout: 2026-12-07 is a Monday (2026 starts on
# a Thursday; 1 December is day 334 = 47 weeks + 5 days later, a
# Tuesday), so the Mondays run 7, 14, 21, 28 December 2026, then 4, 11,
# 18, 25 January, 1, 8, 15, 22 February 2027.  2027-01-01 is a Friday.
# "week W" of a date is 1 + (its Monday - 2026-12-07) / 7 unless stated.
. "$(dirname "$0")/../lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
VERSION=$(sed -n 's/^VERSION *= *//p' "$D/../../Makefile")
SAMPLE_HOLIDAYS=$D/../../sample-data/holidays.txt

# ---------------------------------------------------------------- helpers

# want_cols COLS TEXT: `cut -d, -f COLS` of the data lines of stdout,
# joined with spaces, must be TEXT (plan output has no quoted fields)
want_cols() {
	got=$(sed 1d "$T/out" | cut -d, -f "$1" | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$2" ]; then ok; else
		bad "columns $1 are '$got', want '$2'" "$T/out"; fi
}

# want_usage MESSAGE: exit 64 with exactly the two usage lines
want_usage() {
	want_rc 64
	want_err "ipt-plan: $1
Try 'ipt-plan --help'."
	want_no_out
}

# The input header: screened records (ipt-screen.md section 7 columns
# that ipt-plan reads, an extra column "site", and start_date).
H=id,site,screen_status,screen_reasons,focal_area,focal_area_secondary,ipt_track,sessions_recommended,session_minutes,outcome_measures,episode,dispute_with,dispute_stage,start_date

# csv LINE...: write H and the lines to $T/in.csv
csv() { printf '%s\n' "$H" "$@" >"$T/in.csv"; }

# holidays LINE...: write the lines to $T/h.txt
holidays() { printf '%s\n' "$@" >"$T/h.txt"; }

OUTHDR=id,plan_status,ipt_track,focal_area,contact,kind,session,date,weekday,week,phase,minutes,focus,tasks,measures,review,plan_note

FIRST="diagnosis_review;psychoeducation;sick_role;medication_check;risk_review"
CONTRACT="problem_area_selection;interpersonal_formulation;treatment_contract"
STAGE1="mood_event_link;current_interpersonal_problem_analysis"
STAGE2="mood_event_link;communication_pattern_feedback;role_play"
STAGE3="mood_event_link;behavioural_experiments;scenario_simulation"
LAST="consolidate_gains;feelings_about_ending;followup_plan"
MIM="member_interaction_monitoring"
FU="booster_review;relapse_check"
B="phq9;gad7;wsas"

# ------------------------------------------- 1. the smallest plan, exactly

# ipt, N = 6: sessions 1-2 initial, 3-4 middle, 5-6 termination (N < 12).
# Middle i = 1 <= ceil(2/3) = 1: stage 1; i = 2 <= ceil(4/3) = 2: stage 2.
# Reviews (N < 12): session 4 early_response_check, 6 final_review; the
# battery on 1, 4 and 6.  Mondays 2026-12-07 ... 2027-01-11 (across the
# year end).  Follow-ups 3, 6, 12 months after 2027-01-11:
#   2027-04-11: Jan 11 + 20 + 28 + 31 + 11 = 90 days = 12 weeks + 6: a
#     Sunday, so Monday 04-12 (no note: a weekend alone); 04-12 is
#     24 + 31 + 28 + 31 + 12 = 126 days = 18 weeks after 12-07: week 19;
#   2027-07-11: 90 + 30 + 31 + 30 = 181 days = 25 weeks + 6: a Sunday,
#     so Monday 07-12: 126 + 91 = 217 days = 31 weeks: week 32;
#   2028-01-11: 365 days = 52 weeks + 1: a Tuesday; its Monday 2028-01-10
#     is 24 + 365 + 10 = 399 days = 57 weeks after 12-07: week 58.
t smallest_ipt
csv "P1,north,eligible,,grief,,ipt,6,60,phq9;gad7;wsas,first,,,2026-12-07"
run ipt-plan "$T/in.csv"
want_rc 0
want_no_err
cat >"$T/want" <<EOF
$OUTHDR
P1,planned,ipt,grief,1,individual,1,2026-12-07,mon,1,initial,60,assessment,$FIRST,$B,,
P1,planned,ipt,grief,2,individual,2,2026-12-14,mon,2,initial,60,assessment,interpersonal_inventory;$CONTRACT,phq9,,
P1,planned,ipt,grief,3,individual,3,2026-12-21,mon,3,middle,60,grief,$STAGE1;facilitate_mourning,phq9,,
P1,planned,ipt,grief,4,individual,4,2026-12-28,mon,4,middle,60,grief,$STAGE2;reconstruct_relationship_with_deceased,$B,early_response_check,
P1,planned,ipt,grief,5,individual,5,2027-01-04,mon,5,termination,60,termination,discuss_ending;review_progress,phq9,,
P1,planned,ipt,grief,6,individual,6,2027-01-11,mon,6,termination,60,termination,$LAST,$B,final_review,
P1,planned,ipt,grief,7,followup,,2027-04-12,mon,19,followup,60,followup,$FU,$B,,
P1,planned,ipt,grief,8,followup,,2027-07-12,mon,32,followup,60,followup,$FU,$B,,
P1,planned,ipt,grief,9,followup,,2028-01-11,tue,58,followup,60,followup,$FU,$B,,
EOF
want_out_file "$T/want"

t column_order
want_line 1 "$OUTHDR"

t determinism
cp "$T/out" "$T/first"
run ipt-plan "$T/in.csv"
want_rc 0
want_out_file "$T/first"

# --start is used only without a valid start_date: the record's wins.
t start_date_wins
run ipt-plan --start 2027-03-01 "$T/in.csv"
want_rc 0
want_out_file "$T/first"

# ----------------------------------------------- 2. tracks and doses

# shape TRACK N: the expected "kind,session,phase" of every contact, by
# the rules of sections 5 and 8: 2 initial and 2 termination sessions
# when N < 12, else 3 and 3; ipt_a: sessions 1 and N parent_joint;
# ipt_g: pre_group first, mid_group after session ceil(N/2), post_group
# after N; then the 3 default follow-ups.
shape() {
	awk -v tr="$1" -v n="$2" 'BEGIN {
		ini = n < 12 ? 2 : 3; ter = ini; h = int((n + 1) / 2)
		if (tr == "ipt_g") s = s " pre_group,,initial"
		for (k = 1; k <= n; k++) {
			kind = tr == "ipt_g" ? "group" : "individual"
			if (tr == "ipt_a" && (k == 1 || k == n))
				kind = "parent_joint"
			ph = k <= ini ? "initial" : k > n - ter ? "termination" \
			    : "middle"
			s = s " " kind "," k "," ph
			if (tr == "ipt_g" && k == h) s = s " mid_group,,middle"
		}
		if (tr == "ipt_g") s = s " post_group,,termination"
		for (f = 0; f < 3; f++) s = s " followup,,followup"
		print substr(s, 2) }'
}

# last session date for N weekly Mondays from 2026-12-07 (+ 7 (N - 1)):
#   6: +35 = 2027-01-11; 8: +49 = 01-25; 10: +63 = 02-08;
#   12: +77 = 02-22; 14: +91 = 03-08; 16: +105 = 03-22;
#   24: +161 = 2027-05-17 (24 + 31 + 28 + 31 + 30 = 144 to April 30).
last_date() {
	case $1 in
	6) echo 2027-01-11 ;; 8) echo 2027-01-25 ;; 10) echo 2027-02-08 ;;
	12) echo 2027-02-22 ;; 14) echo 2027-03-08 ;; 16) echo 2027-03-22 ;;
	24) echo 2027-05-17 ;;
	esac
}

for tn in "ipt 6" "ipt 12" "ipt 14" "ipt 16" "ipt 24" "ipt_b 6" "ipt_b 8" \
    "ipt_b 24" "ipt_a 6" "ipt_a 12" "ipt_a 24" "ipt_g 6" "ipt_g 8" \
    "ipt_g 10" "ipt_g 24"; do
	set -- $tn
	t "dose_$1_$2"
	csv "D1,north,eligible,,grief,,$1,$2,60,phq9;gad7;wsas,first,,,2026-12-07"
	run ipt-plan "$T/in.csv"
	want_rc 0
	want_no_err
	want_cols 6,7,11 "$(shape "$1" "$2")"
	lastline=$(awk -F, -v n="$2" '$7 == n { print $8 }' "$T/out")
	if [ "$lastline" = "$(last_date "$2")" ]; then ok; else
		bad "session $2 on '$lastline'" "$T/out"; fi
done

# The dose fields: group sessions session_minutes, every other contact of
# ipt_g 60; the individual tracks session_minutes everywhere.
t group_minutes
csv "G1,north,eligible,,grief,,ipt_g,6,90,phq9,first,,,2026-12-07"
run ipt-plan "$T/in.csv"
want_cols 12 "60 90 90 90 60 90 90 90 60 60 60 60"
t adolescent_minutes
csv "A1,north,eligible,,grief,,ipt_a,6,45,phqa;gad7,first,,,2026-12-07"
run ipt-plan "$T/in.csv"
want_cols 12 "45 45 45 45 45 45 45 45 45"
want_cols 15 "phqa;gad7 phqa phqa phqa;gad7 phqa phqa;gad7 phqa;gad7 phqa;gad7 phqa;gad7"

# --sessions and --minutes override every eligible patient's dose (the
# screened values are then not even checked); group meetings stay 60.
t sessions_minutes_override
csv "O1,north,eligible,,grief,,ipt,99,7,phq9,first,,,2026-12-07" \
    "O2,north,eligible,,grief,,ipt_g,8,90,phq9,first,,,2026-12-07"
run ipt-plan --sessions 6 --minutes 50 --followups 1 "$T/in.csv"
want_rc 0
want_no_err
want_cols 1,12 "O1,50 O1,50 O1,50 O1,50 O1,50 O1,50 O1,50 O2,60 O2,50 O2,50 O2,50 O2,60 O2,50 O2,50 O2,50 O2,60 O2,60"

# ------------------------------------ 3. the group track with holidays

# ipt_g, N = 8, from 2026-12-07, with the sample England and Wales bank
# holidays (2026-12-25, 2026-12-28, 2027-01-01 ... ).  Group 4's nominal
# Monday 12-28 is a holiday: Tuesday 12-29, moved_from.  Group 5: the
# Monday of the week after 12-29's week, 2027-01-04, unmarked.
# pre_group: 12-07 - 7 = 11-30 (week 0).  mid_group: group ceil(8/2) = 4
# (12-29) + 2 = Thursday 12-31, a working day, before group 5.
# post_group: 01-25 + 7 = 02-01 (week 9).  Follow-ups from 2027-01-25:
# 04-25 is a Sunday (Jan 25 + 6 + 28 + 31 + 25 = 90 days = 12 weeks + 6)
# so Monday 04-26, week 21 (24 + 31 + 28 + 31 + 26 = 140 days = 20 weeks);
# 07-25 a Sunday too (+ 91 days), so 07-26, week 34 (140 + 91 = 231 =
# 33 weeks); 2028-01-25 a Tuesday (+ 365 days), Monday 2028-01-24 is
# 24 + 365 + 24 = 413 days = 59 weeks after 12-07: week 60.
t group_with_holidays
csv "G1,north,eligible,,role_transition,,ipt_g,8,90,phq9;gad7;wsas,first,,,"
run ipt-plan --start 2026-12-07 --holidays "$SAMPLE_HOLIDAYS" "$T/in.csv"
want_rc 0
want_no_err
cat >"$T/want" <<EOF
$OUTHDR
G1,planned,ipt_g,role_transition,1,pre_group,,2026-11-30,mon,0,initial,60,assessment,group_preparation;problem_area_selection;treatment_contract,$B,,
G1,planned,ipt_g,role_transition,2,group,1,2026-12-07,mon,1,initial,90,assessment,$FIRST;$MIM,$B,,
G1,planned,ipt_g,role_transition,3,group,2,2026-12-14,mon,2,initial,90,assessment,interpersonal_inventory;$CONTRACT;$MIM,phq9,,
G1,planned,ipt_g,role_transition,4,group,3,2026-12-21,mon,3,middle,90,role_transition,$STAGE1;mourn_old_role;$MIM,phq9,,
G1,planned,ipt_g,role_transition,5,group,4,2026-12-29,tue,4,middle,90,role_transition,$STAGE1;evaluate_new_role;$MIM,$B,early_response_check,moved_from:2026-12-28
G1,planned,ipt_g,role_transition,6,mid_group,,2026-12-31,thu,4,middle,60,role_transition,progress_review;goal_refinement,$B,midpoint_review,
G1,planned,ipt_g,role_transition,7,group,5,2027-01-04,mon,5,middle,90,role_transition,$STAGE2;build_mastery_new_role;$MIM,phq9,,
G1,planned,ipt_g,role_transition,8,group,6,2027-01-11,mon,6,middle,90,role_transition,$STAGE3;develop_new_supports;$MIM,phq9,,
G1,planned,ipt_g,role_transition,9,group,7,2027-01-18,mon,7,termination,90,termination,discuss_ending;review_progress;$MIM,phq9,,
G1,planned,ipt_g,role_transition,10,group,8,2027-01-25,mon,8,termination,90,termination,$LAST;$MIM,$B,final_review,
G1,planned,ipt_g,role_transition,11,post_group,,2027-02-01,mon,9,termination,60,termination,consolidate_gains;followup_plan,$B,,
G1,planned,ipt_g,role_transition,12,followup,,2027-04-26,mon,21,followup,60,followup,$FU,$B,,
G1,planned,ipt_g,role_transition,13,followup,,2027-07-26,mon,34,followup,60,followup,$FU,$B,,
G1,planned,ipt_g,role_transition,14,followup,,2028-01-25,tue,60,followup,60,followup,$FU,$B,,
EOF
want_out_file "$T/want"

# mid_group pushed onto the next group session: group 4 on Monday 12-28
# (no holiday there now), + 2 = Wednesday 12-30; 12-30, 12-31 and 01-01
# are holidays, so the next weekday is Monday 2027-01-04 = group 5's
# date: mid_group takes it, just before group 5, moved from 12-30.
t mid_group_collision
holidays 2026-12-30 2026-12-31 2027-01-01
csv "G2,north,eligible,,grief,,ipt_g,8,90,phq9,first,,,2026-12-07"
run ipt-plan --holidays "$T/h.txt" --followups '' "$T/in.csv"
want_rc 0
want_cols 5,6,7,8,10,17 "1,pre_group,,2026-11-30,0, 2,group,1,2026-12-07,1, 3,group,2,2026-12-14,2, 4,group,3,2026-12-21,3, 5,group,4,2026-12-28,4, 6,mid_group,,2027-01-04,5,moved_from:2026-12-30 7,group,5,2027-01-04,5, 8,group,6,2027-01-11,6, 9,group,7,2027-01-18,7, 10,group,8,2027-01-25,8, 11,post_group,,2027-02-01,9,"

# pre_group moved back: group 1 on Monday 2027-01-04; 7 days before is
# Monday 12-28, a holiday; earlier: Sunday, Saturday, Friday 12-25 (a
# holiday), so Thursday 12-24.  Its Monday 12-21 is two weeks before
# group 1's: week -1.
t pre_group_back
csv "G3,north,eligible,,grief,,ipt_g,8,90,phq9,first,,,2027-01-04"
run ipt-plan --holidays "$SAMPLE_HOLIDAYS" "$T/in.csv"
want_rc 0
want_line 2 "G3,planned,ipt_g,grief,1,pre_group,,2026-12-24,thu,-1,initial,60,assessment,group_preparation;problem_area_selection;treatment_contract,phq9,,moved_from:2026-12-28"
want_line 3 "G3,planned,ipt_g,grief,2,group,1,2027-01-04,mon,1,initial,90,assessment,$FIRST;$MIM,phq9,,"

# ------------------------------------------------- 4. the calendar

# A holiday on a session day: session 4's Monday 2026-12-28 -> Tuesday
# 12-29 (moved_from); session 5 is on the Monday of the week after:
# 2027-01-04, unmarked.
t holiday_session_day
holidays "2026-12-28   # Boxing Day (substitute)"
csv "C1,north,eligible,,grief,,ipt,6,60,phq9,first,,,2026-12-07"
run ipt-plan --holidays "$T/h.txt" --followups '' "$T/in.csv"
want_rc 0
want_cols 8,9,10,17 "2026-12-07,mon,1, 2026-12-14,mon,2, 2026-12-21,mon,3, 2026-12-29,tue,4,moved_from:2026-12-28 2027-01-04,mon,5, 2027-01-11,mon,6,"

# A whole holiday week (Monday 12-28 to Friday 01-01): session 4 goes to
# Monday 2027-01-04 (week 5), marked; 5 and 6 follow a week later each,
# unmarked: the course is a week longer.  Follow-up 1 month after
# 01-18: Thursday 2027-02-18 (Monday 02-15 is 70 days = 10 weeks after
# 12-07: week 11).  Two holiday files: their union counts.
t holiday_week
holidays 2026-12-28 2026-12-29 2026-12-30
printf '2026-12-31\n2027-01-01\n2026-12-30\n2026-12-26\n' >"$T/h2.txt"
run ipt-plan --holidays "$T/h.txt" --holidays "$T/h2.txt" --followups 1 "$T/in.csv"
want_rc 0
want_cols 7,8,10,17 "1,2026-12-07,1, 2,2026-12-14,2, 3,2026-12-21,3, 4,2027-01-04,5,moved_from:2026-12-28 5,2027-01-11,6, 6,2027-01-18,7, ,2027-02-18,11,"

# A holiday on a follow-up date.  Last session 2027-01-11:
#   3 months: Sunday 04-11; Monday 04-12 is a holiday: Tuesday 04-13,
#     moved from 04-11 (a weekday holiday lies in [04-11, 04-13));
#   6 months: Sunday 07-11 -> Monday 07-12, unmarked (weekend only);
#   12 months: Tuesday 2028-01-11 is a holiday: Wednesday 01-12, marked.
t holiday_followup
holidays 2027-04-12 2028-01-11
run ipt-plan --holidays "$T/h.txt" "$T/in.csv"
want_rc 0
want_cols 6,8,9,17 "individual,2026-12-07,mon, individual,2026-12-14,mon, individual,2026-12-21,mon, individual,2026-12-28,mon, individual,2027-01-04,mon, individual,2027-01-11,mon, followup,2027-04-13,tue,moved_from:2027-04-11 followup,2027-07-12,mon, followup,2028-01-12,wed,moved_from:2028-01-11"

# A start on a weekend: Saturday 2026-12-05 -> Monday 12-07, unmarked;
# --weekday wed from the same Saturday: Wednesday 12-09, then weekly.
t weekend_start
csv "C2,north,eligible,,grief,,ipt,6,60,phq9,first,,,2026-12-05"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
want_cols 8,9,10,17 "2026-12-07,mon,1, 2026-12-14,mon,2, 2026-12-21,mon,3, 2026-12-28,mon,4, 2027-01-04,mon,5, 2027-01-11,mon,6,"
t weekday_option
run ipt-plan --followups '' --weekday WED "$T/in.csv"
want_rc 0
want_cols 8,9,10 "2026-12-09,wed,1 2026-12-16,wed,2 2026-12-23,wed,3 2026-12-30,wed,4 2027-01-06,wed,5 2027-01-13,wed,6"

# --weekday fri from Monday 12-07: Friday 12-11.  Session 3's nominal
# Friday 12-25 is a holiday and has no later weekday in its week; next
# week's Friday 2027-01-01 is a holiday too; so Friday 01-08 (week 5),
# moved from 12-25.  Session 4: Friday of the week after: 01-15.
t weekday_fri_holidays
csv "C3,north,eligible,,grief,,ipt,6,60,phq9,first,,,2026-12-07"
run ipt-plan --followups '' --weekday fri --holidays "$SAMPLE_HOLIDAYS" "$T/in.csv"
want_rc 0
want_cols 8,9,10,17 "2026-12-11,fri,1, 2026-12-18,fri,2, 2027-01-08,fri,5,moved_from:2026-12-25 2027-01-15,fri,6, 2027-01-22,fri,7, 2027-01-29,fri,8,"

# The last session on 31 January, a 1-month follow-up.  Fridays from
# 2019-12-27 (2019-12-25 was a Wednesday): the sixth, 35 days later, is
# Friday 2020-01-31.  31 February is clamped to 2020-02-29 (a leap year),
# a Saturday (29 days after a Friday): the next weekday, Monday
# 2020-03-02, unmarked; its Monday is 2020-03-02, 70 days after the
# first Monday 2019-12-23 (8 + 31 + 29 + 2): week 11.
t january_31
csv "C4,north,eligible,,grief,,ipt,6,60,phq9,first,,,2019-12-27"
run ipt-plan --followups 1 "$T/in.csv"
want_rc 0
want_line 7 "C4,planned,ipt,grief,6,individual,6,2020-01-31,fri,6,termination,60,termination,$LAST,phq9,final_review,"
want_line 8 "C4,planned,ipt,grief,7,followup,,2020-03-02,mon,11,followup,60,followup,$FU,phq9,,"
# Mondays from 2027-12-27 (a Monday: the sample's substitute Christmas):
# the sixth is Monday 2028-01-31; + 1 month = 2028-02-29, a Tuesday.
t january_31_leap
csv "C5,north,eligible,,grief,,ipt,6,60,phq9,first,,,2027-12-27"
run ipt-plan --followups 1,2 "$T/in.csv"
want_rc 0
want_cols 8,9 "2027-12-27,mon 2028-01-03,mon 2028-01-10,mon 2028-01-17,mon 2028-01-24,mon 2028-01-31,mon 2028-02-29,tue 2028-03-31,fri"

# ------------------------------------------- 5. focus, tasks, variants

# N = 16 with a secondary area: M = 10 middle sessions (4 to 13); the
# first ceil(20/3) = 7 on role_transition (cycling its 4 strategies),
# the last 3 on grief (its cycle restarting).  Stages: i <= ceil(10/3) =
# 4, i <= 7, then the rest.  Reviews: 6 early, 10 significant, 16 final.
t secondary_area
csv "S1,north,eligible,,role_transition,grief,ipt,16,60,phq9,first,,,2026-12-07"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
cat >"$T/want" <<EOF
4,role_transition,$STAGE1;mourn_old_role,
5,role_transition,$STAGE1;evaluate_new_role,
6,role_transition,$STAGE1;build_mastery_new_role,early_response_check
7,role_transition,$STAGE1;develop_new_supports,
8,role_transition,$STAGE2;mourn_old_role,
9,role_transition,$STAGE2;evaluate_new_role,
10,role_transition,$STAGE2;build_mastery_new_role,significant_relief_check
11,grief,$STAGE3;facilitate_mourning,
12,grief,$STAGE3;reconstruct_relationship_with_deceased,
13,grief,$STAGE3;reestablish_interests_relationships,
EOF
sed -n '5,14p' "$T/out" | cut -d, -f7,13,14,16 >"$T/got"
want_same "$T/want" "$T/got"
want_field 1 focal_area role_transition

# A secondary role_dispute area at dissolution, N = 12: M = 6, primary
# ceil(12/3) = 4, so middle 5 (session 8) is the first role_dispute
# session: the strategy, then mourn_relationship_end.  N = 6 leaves the
# secondary area no session (ceil(4/3) = 2 = M).
t secondary_dispute
csv "S2,north,eligible,,grief,role_dispute,ipt,12,60,phq9,first,,dissolution,2026-12-07" \
    "S3,north,eligible,,grief,role_dispute,ipt,6,60,phq9,first,,dissolution,2026-12-07"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
want_cols 7,13 "1,assessment 2,assessment 3,assessment 4,grief 5,grief 6,grief 7,grief 8,role_dispute 9,role_dispute 10,termination 11,termination 12,termination 1,assessment 2,assessment 3,grief 4,grief 5,termination 6,termination"
want_line 9 "S2,planned,ipt,grief,8,individual,8,2027-01-25,mon,8,middle,60,role_dispute,$STAGE3;identify_dispute_stage;mourn_relationship_end,phq9,,"
want_line 10 "S2,planned,ipt,grief,9,individual,9,2027-02-01,mon,9,middle,60,role_dispute,$STAGE3;explore_expectations,phq9,,"

# Undetermined (and missing) focal area: middle focus
# interpersonal_inventory_review, no strategy code; mid_group likewise.
t undetermined
csv "U1,north,eligible,,undetermined,,ipt,6,60,phq9,first,,,2026-12-07" \
    "U2,north,eligible,,,,ipt_g,6,90,phq9,first,,,2026-12-07"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
want_cols 1,4,6,13,14 "U1,undetermined,individual,assessment,$FIRST U1,undetermined,individual,assessment,interpersonal_inventory;$CONTRACT U1,undetermined,individual,interpersonal_inventory_review,$STAGE1 U1,undetermined,individual,interpersonal_inventory_review,$STAGE2 U1,undetermined,individual,termination,discuss_ending;review_progress U1,undetermined,individual,termination,$LAST U2,undetermined,pre_group,assessment,group_preparation;problem_area_selection;treatment_contract U2,undetermined,group,assessment,$FIRST;$MIM U2,undetermined,group,assessment,interpersonal_inventory;$CONTRACT;$MIM U2,undetermined,group,interpersonal_inventory_review,$STAGE1;$MIM U2,undetermined,mid_group,interpersonal_inventory_review,progress_review;goal_refinement U2,undetermined,group,interpersonal_inventory_review,$STAGE2;$MIM U2,undetermined,group,termination,discuss_ending;review_progress;$MIM U2,undetermined,group,termination,$LAST;$MIM U2,undetermined,post_group,termination,consolidate_gains;followup_plan"

# ipt_a with a dispute with a parent (focal area grief): the first middle
# session is parent_joint too, ending in parent_adolescent_negotiation;
# session 2 adds closeness_circle; recurrent: maintenance_option.
# Codes are matched case-insensitively and written in lower case.
t adolescent_parent
csv "A2,north,eligible,,Grief,,IPT_A,12,45, PHQA ;gad7,Recurrent,Parent,,2026-12-07"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
want_no_err
want_cols 6,7,14,15 "parent_joint,1,$FIRST,phqa;gad7 individual,2,interpersonal_inventory;closeness_circle,phqa individual,3,$CONTRACT,phqa parent_joint,4,$STAGE1;facilitate_mourning;parent_adolescent_negotiation,phqa individual,5,$STAGE1;reconstruct_relationship_with_deceased,phqa individual,6,$STAGE2;reestablish_interests_relationships,phqa;gad7 individual,7,$STAGE2;facilitate_mourning,phqa individual,8,$STAGE3;reconstruct_relationship_with_deceased,phqa individual,9,$STAGE3;reestablish_interests_relationships,phqa individual,10,discuss_ending;review_progress,phqa;gad7 individual,11,relapse_warning_signs;relapse_prevention_plan,phqa parent_joint,12,$LAST;maintenance_option,phqa;gad7"
want_field 1 ipt_track ipt_a
want_field 1 focal_area grief

# role_dispute at impasse: reopen_negotiation after the strategy code.
t dispute_impasse
csv "R1,north,eligible,,role_dispute,,ipt_a,6,45,phqa,first,parent,IMPASSE,2026-12-07"
run ipt-plan --followups '' "$T/in.csv"
want_rc 0
want_line 4 "R1,planned,ipt_a,role_dispute,3,parent_joint,3,2026-12-21,mon,3,middle,45,role_dispute,$STAGE1;identify_dispute_stage;reopen_negotiation;parent_adolescent_negotiation,phqa,,"

# ------------------------------ 6. not planned, flags and the summary

# A3: sessions 30 (flagged) -> invalid:sessions_recommended.  A4: no
# start at all -> no_start_date (flagged).  A5: an unknown status.  A2,
# A6: not eligible (no flag), the screen reasons after the status.  A7:
# not eligible with bad columns: they are not checked.  A8: bad track
# and bad sessions: both flagged, the note names the first.
t mixed
csv "A1,north,eligible,,grief,,ipt,6,60,phq9;gad7;wsas,first,,,2026-12-07" \
    "A2,south,defer,Suicide_Risk_High; risk_unknown,Role_Dispute,,,,,,,,," \
    "A3,north,eligible,,grief,,ipt,30,60,phq9,first,,,2026-12-07" \
    "A4,north,eligible,,grief,,ipt,6,60,phq9,first,,," \
    "A5,north,Maybe,,grief,,ipt,6,60,phq9,first,,,2026-12-07" \
    "A6,north,needs_assessment,,,,,,,,,,," \
    "A7,north,refer,age_under_12,x,y,z,99,1,,,,,bad" \
    "A8,north,eligible,,grief,,ipt_x,5,60,phq9,first,,,2026-12-07"
run ipt-plan "$T/in.csv"
want_rc 1
cat >"$T/want" <<EOF
$OUTHDR
A1,planned,ipt,grief,1,individual,1,2026-12-07,mon,1,initial,60,assessment,$FIRST,$B,,
A1,planned,ipt,grief,2,individual,2,2026-12-14,mon,2,initial,60,assessment,interpersonal_inventory;$CONTRACT,phq9,,
A1,planned,ipt,grief,3,individual,3,2026-12-21,mon,3,middle,60,grief,$STAGE1;facilitate_mourning,phq9,,
A1,planned,ipt,grief,4,individual,4,2026-12-28,mon,4,middle,60,grief,$STAGE2;reconstruct_relationship_with_deceased,$B,early_response_check,
A1,planned,ipt,grief,5,individual,5,2027-01-04,mon,5,termination,60,termination,discuss_ending;review_progress,phq9,,
A1,planned,ipt,grief,6,individual,6,2027-01-11,mon,6,termination,60,termination,$LAST,$B,final_review,
A1,planned,ipt,grief,7,followup,,2027-04-12,mon,19,followup,60,followup,$FU,$B,,
A1,planned,ipt,grief,8,followup,,2027-07-12,mon,32,followup,60,followup,$FU,$B,,
A1,planned,ipt,grief,9,followup,,2028-01-11,tue,58,followup,60,followup,$FU,$B,,
A2,not_planned,,role_dispute,,,,,,,,,,,,,screen_status:defer;suicide_risk_high;risk_unknown
A3,not_planned,ipt,grief,,,,,,,,,,,,,invalid:sessions_recommended
A4,not_planned,ipt,grief,,,,,,,,,,,,,no_start_date
A5,not_planned,ipt,grief,,,,,,,,,,,,,invalid:screen_status
A6,not_planned,,undetermined,,,,,,,,,,,,,screen_status:needs_assessment
A7,not_planned,z,x,,,,,,,,,,,,,screen_status:refer;age_under_12
A8,not_planned,ipt_x,grief,,,,,,,,,,,,,invalid:ipt_track
EOF
want_out_file "$T/want"
want_err "ipt-plan: $T/in.csv:4: record 3: field 'sessions_recommended': '30' is outside 6..24
ipt-plan: $T/in.csv:5: record 4: no start date: no valid 'start_date' and no --start
ipt-plan: $T/in.csv:6: record 5: field 'screen_status': 'Maybe' is not a known code
ipt-plan: $T/in.csv:9: record 8: field 'ipt_track': 'ipt_x' is not a known code
ipt-plan: $T/in.csv:9: record 8: field 'sessions_recommended': '5' is outside 6..24
ipt-plan: records in 8, planned 1, not planned 7, rejected 0, flagged 4; contacts 9"

# --eligible-only: A2, A6, A7 (valid, not eligible) are left out but
# counted; every other not_planned record is still written.
t eligible_only
run ipt-plan --eligible-only -q "$T/in.csv"
want_rc 1
want_cols 1,2,17 "A1,planned, A1,planned, A1,planned, A1,planned, A1,planned, A1,planned, A1,planned, A1,planned, A1,planned, A3,not_planned,invalid:sessions_recommended A4,not_planned,no_start_date A5,not_planned,invalid:screen_status A8,not_planned,invalid:ipt_track"
want_err "ipt-plan: records in 8, planned 1, not planned 7, rejected 0, flagged 4; contacts 9"

# --start rescues A4, and a bad start_date (flagged, then --start used).
t start_rescue
csv "B1,north,eligible,,grief,,ipt,6,60,phq9,first,,,2026-13-01" \
    "B2,north,eligible,,grief,,ipt,6,60,phq9,first,,,"
run ipt-plan --start 2026-12-07 --followups '' "$T/in.csv"
want_rc 1
want_cols 1,7,8 "B1,1,2026-12-07 B1,2,2026-12-14 B1,3,2026-12-21 B1,4,2026-12-28 B1,5,2027-01-04 B1,6,2027-01-11 B2,1,2026-12-07 B2,2,2026-12-14 B2,3,2026-12-21 B2,4,2026-12-28 B2,5,2027-01-04 B2,6,2027-01-11"
want_err "ipt-plan: $T/in.csv:2: record 1: field 'start_date': '2026-13-01' is not a valid date (YYYY-MM-DD)
ipt-plan: records in 2, planned 2, not planned 0, rejected 0, flagged 1; contacts 12"

# Every invalid column of section 1, one record each, in order; with
# --sessions and --minutes the dose columns are not checked.
t invalid_columns
csv "I1,n,eligible,,grief,,,12,60,phq9,,,,2026-12-07" \
    "I2,n,eligible,,grief,,ipt,twelve,60,phq9,,,,2026-12-07" \
    "I3,n,eligible,,grief,,ipt,12,181,phq9,,,,2026-12-07" \
    "I4,n,eligible,,grief,,ipt,12,60,,,,,2026-12-07" \
    "I5,n,eligible,,grief,,ipt,12,60,phq9;;gad7,,,,2026-12-07" \
    "I6,n,eligible,,grief,,ipt,12,60,phq9;bdi,,,,2026-12-07" \
    "I7,n,eligible,,loss,,ipt,12,60,phq9,,,,2026-12-07" \
    "I8,n,eligible,,grief,undetermined,ipt,12,60,phq9,,,,2026-12-07" \
    "I9,n,eligible,,grief,other,ipt,12,60,phq9,,,,2026-12-07"
run ipt-plan -q "$T/in.csv"
want_rc 1
want_cols 1,17 "I1,invalid:ipt_track I2,invalid:sessions_recommended I3,invalid:session_minutes I4,invalid:outcome_measures I5,invalid:outcome_measures I6,invalid:outcome_measures I7,invalid:focal_area I8,invalid:focal_area_secondary I9,invalid:focal_area_secondary"
want_err "ipt-plan: records in 9, planned 0, not planned 9, rejected 0, flagged 9; contacts 0"
t invalid_messages
run ipt-plan "$T/in.csv"
want_err_line 1 "ipt-plan: $T/in.csv:2: record 1: field 'ipt_track' is empty"
want_err_line 2 "ipt-plan: $T/in.csv:3: record 2: field 'sessions_recommended': 'twelve' is not an integer"
want_err_line 3 "ipt-plan: $T/in.csv:4: record 3: field 'session_minutes': '181' is outside 15..180"
want_err_line 4 "ipt-plan: $T/in.csv:5: record 4: field 'outcome_measures' is empty"
want_err_line 5 "ipt-plan: $T/in.csv:6: record 5: field 'outcome_measures': 'phq9;;gad7' is not a list of ipt-score instruments"
want_err_line 8 "ipt-plan: $T/in.csv:9: record 8: field 'focal_area_secondary': 'undetermined' is not a valid secondary area"
t invalid_overridden
run ipt-plan -q --sessions 6 --minutes 30 --followups '' "$T/in.csv"
want_cols 1,17 "I1,invalid:ipt_track I2, I2, I2, I2, I2, I2, I3, I3, I3, I3, I3, I3, I4,invalid:outcome_measures I5,invalid:outcome_measures I6,invalid:outcome_measures I7,invalid:focal_area I8,invalid:focal_area_secondary I9,invalid:focal_area_secondary"

# An input without an id column: the output's id column is "id", empty,
# and each record is flagged (and planned all the same).
t no_id_column
printf '%s\n' "screen_status,focal_area,ipt_track,sessions_recommended,session_minutes,outcome_measures,start_date" \
    "eligible,grief,ipt,6,60,phq9,2026-12-07" >"$T/noid.csv"
run ipt-plan --followups '' "$T/noid.csv"
want_rc 1
want_line 1 "$OUTHDR"
want_line 2 ",planned,ipt,grief,1,individual,1,2026-12-07,mon,1,initial,60,assessment,$FIRST,phq9,,"
want_err "ipt-plan: $T/noid.csv:2: record 1: no patient id: no 'id' or 'patient_id' field
ipt-plan: records in 1, planned 1, not planned 0, rejected 0, flagged 1; contacts 6"

# patient_id when there is no id column.
t patient_id
printf '%s\n' "patient_id,screen_status,focal_area" "X9,defer,grief" >"$T/pid.csv"
run ipt-plan "$T/pid.csv"
want_rc 0
want_out "patient_id,plan_status,ipt_track,focal_area,contact,kind,session,date,weekday,week,phase,minutes,focus,tasks,measures,review,plan_note
X9,not_planned,,grief,,,,,,,,,,,,,screen_status:defer"

# A rejected record (ragged row) is counted: N = P + Q + R.
t rejected
csv "A1,north,eligible,,grief,,ipt,6,60,phq9,first,,,2026-12-07" \
    "A2,north,defer" \
    "A3,south,refer,,,,,,,,,,,"
run ipt-plan --stats "$T/in.csv"
want_rc 1
want_lines 11
want_err "ipt-plan: $T/in.csv:3: record 2: expected 14 fields, got 3
ipt-plan: records in 3, planned 1, not planned 1, rejected 1, flagged 0; contacts 9"

# --stats on a clean run; the warning cap (20 of a kind, then one line).
t stats_clean
csv "A1,north,defer,,grief,,,,,,,,,"
run ipt-plan --stats "$T/in.csv"
want_rc 0
want_err "ipt-plan: records in 1, planned 0, not planned 1, rejected 0, flagged 0; contacts 0"
t warning_cap
{ printf '%s\n' "$H"; i=1; while [ $i -le 23 ]; do
	printf 'W%d,n,eligible,,grief,,ipt,6,60,phq9,,,,\n' $i; i=$((i + 1)); done
} >"$T/in.csv"
run ipt-plan "$T/in.csv"
want_rc 1
want_err_lines 22
want_err_line 21 "ipt-plan: 3 more warnings not shown"
want_err_line 22 "ipt-plan: records in 23, planned 0, not planned 23, rejected 0, flagged 23; contacts 0"
t warning_cap_quiet
run ipt-plan -q "$T/in.csv"
want_rc 1
want_err "ipt-plan: records in 23, planned 0, not planned 23, rejected 0, flagged 23; contacts 0"

# ------------------------------------------------------------- 7. --keep

t keep_order
csv "K1,north,defer,,grief,,,,,,,,,2026-12-07"
run ipt-plan --keep start_date,site "$T/in.csv"
want_rc 0
want_out "id,start_date,site,plan_status,ipt_track,focal_area,contact,kind,session,date,weekday,week,phase,minutes,focus,tasks,measures,review,plan_note
K1,2026-12-07,north,not_planned,,grief,,,,,,,,,,,,,screen_status:defer"
t keep_planned
csv "K2,east,eligible,,grief,,ipt,6,60,phq9,,,,2026-12-07"
run ipt-plan --keep site --followups '' "$T/in.csv"
want_rc 0
want_cols 1,2,3,6 "K2,east,planned,1 K2,east,planned,2 K2,east,planned,3 K2,east,planned,4 K2,east,planned,5 K2,east,planned,6"
t keep_unknown
run ipt-plan --keep site,ward "$T/in.csv"
want_usage "invalid --keep: 'ward' is not a column of the input"
t keep_id
run ipt-plan --keep id "$T/in.csv"
want_usage "invalid --keep: 'id' is the id column"
t keep_twice
run ipt-plan --keep site,start_date,site "$T/in.csv"
want_usage "invalid --keep: 'site' is given twice"
t keep_empty
run ipt-plan --keep site,,start_date "$T/in.csv"
want_usage "invalid --keep 'site,,start_date': an empty column name"
t keep_output_column
run ipt-plan --keep focal_area "$T/in.csv"
want_usage "invalid --keep: 'focal_area' is an output column"

# ----------------------------------------------------- 8. JSON output

# Flat records in JSON: contact, session, week and minutes are numbers,
# empty fields null; the id keeps io.md's typing (CSV "007" a string).
t json_flat
csv "007,north,eligible,,grief,,ipt,6,60,phq9,,,,2026-12-07" \
    "8,north,refer,,grief,,,,,,,,,"
run ipt-plan -o jsonl --followups 1 "$T/in.csv"
want_rc 0
want_lines 8
want_line 1 '{"id":"007","plan_status":"planned","ipt_track":"ipt","focal_area":"grief","contact":1,"kind":"individual","session":1,"date":"2026-12-07","weekday":"mon","week":1,"phase":"initial","minutes":60,"focus":"assessment","tasks":"'"$FIRST"'","measures":"phq9","review":null,"plan_note":null}'
want_line 7 '{"id":"007","plan_status":"planned","ipt_track":"ipt","focal_area":"grief","contact":7,"kind":"followup","session":null,"date":"2027-02-11","weekday":"thu","week":10,"phase":"followup","minutes":60,"focus":"followup","tasks":"'"$FU"'","measures":"phq9","review":null,"plan_note":null}'
want_line 8 '{"id":8,"plan_status":"not_planned","ipt_track":null,"focal_area":"grief","contact":null,"kind":null,"session":null,"date":null,"weekday":null,"week":null,"phase":null,"minutes":null,"focus":null,"tasks":null,"measures":null,"review":null,"plan_note":"screen_status:refer"}'

# --nested: one object per patient; contacts an array (empty when not
# planned) of the per-contact fields.
t nested_jsonl
run ipt-plan -o jsonl --nested --keep site --followups 1 "$T/in.csv"
want_rc 0
want_lines 2
want_jq_s '.[0] | keys_unsorted | join(",")' "id,site,plan_status,ipt_track,focal_area,plan_note,contacts"
want_jq_s '.[0].contacts[0] | keys_unsorted | join(",")' "contact,kind,session,date,weekday,week,phase,minutes,focus,tasks,measures,review,plan_note"
want_jq_s '[.[0].plan_note, (.[0].contacts | length), .[0].contacts[6].session, .[0].contacts[6].date, .[0].contacts[3].review] | map(tostring) | join(" ")' "null 7 null 2027-02-11 early_response_check"
want_jq_s '[.[0].contacts[] | .week | type] | unique | join(",")' "number"
want_line 2 '{"id":8,"site":"north","plan_status":"not_planned","ipt_track":null,"focal_area":"grief","plan_note":"screen_status:refer","contacts":[]}'
t nested_json
run ipt-plan -o json --nested --followups '' "$T/in.csv"
want_rc 0
want_jq 'length' 2
want_jq '.[0].contacts[5] | [.contact, .session, .week, .minutes] | map(type) | join(",")' "number,number,number,number"
want_jq '.[0].contacts[5].plan_note' null
want_line 1 '['
want_line 4 ']'
t nested_moved
csv "N1,north,eligible,,grief,,ipt,6,60,phq9,,,,2026-12-07"
holidays 2026-12-28
run ipt-plan -o jsonl --nested --holidays "$T/h.txt" --followups '' "$T/in.csv"
want_jq '.contacts[3] | .date + " " + .weekday + " " + .plan_note' "2026-12-29 tue moved_from:2026-12-28"
t nested_needs_json
run ipt-plan --nested "$T/in.csv"
want_usage "--nested needs -o json or -o jsonl"
t nested_csv
run ipt-plan --nested -o csv "$T/in.csv"
want_usage "--nested needs -o json or -o jsonl"

# JSON input, CSV output (the header comes from ipt-plan's columns).
t json_in_csv_out
printf '%s\n' '{"id":"J1","screen_status":"eligible","focal_area":"grief","ipt_track":"ipt","sessions_recommended":6,"session_minutes":60,"outcome_measures":"phq9","start_date":"2026-12-07T09:30"}' \
    '{"id":"J2","screen_status":"defer","screen_reasons":null}' >"$T/in.jsonl"
run ipt-plan -o csv --followups '' "$T/in.jsonl"
want_rc 0
want_lines 8
want_line 2 "J1,planned,ipt,grief,1,individual,1,2026-12-07,mon,1,initial,60,assessment,$FIRST,phq9,,"
want_line 8 "J2,not_planned,,undetermined,,,,,,,,,,,,,screen_status:defer"
t json_in_json_out
run ipt-plan --followups '' "$T/in.jsonl"
want_rc 0
want_lines 7
want_line 7 '{"id":"J2","plan_status":"not_planned","ipt_track":null,"focal_area":"undetermined","contact":null,"kind":null,"session":null,"date":null,"weekday":null,"week":null,"phase":null,"minutes":null,"focus":null,"tasks":null,"measures":null,"review":null,"plan_note":"screen_status:defer"}'

# --------------------------------------------- 9. empty and bad inputs

t empty_csv
printf '%s\n' "$H" >"$T/in.csv"
run ipt-plan "$T/in.csv"
want_rc 0
want_out "$OUTHDR"
want_no_err
t empty_json
printf '[]\n' >"$T/in.json"
run ipt-plan "$T/in.json"
want_rc 0
want_out "[]"
t empty_jsonl
printf '' >"$T/in.jsonl"
run ipt-plan -i jsonl "$T/in.jsonl"
want_rc 0
want_no_out

t no_screen_status
printf '%s\n' "id,focal_area,ipt_track" "Z1,grief,ipt" >"$T/raw.csv"
run ipt-plan "$T/raw.csv"
want_rc 65
want_no_out
want_err "ipt-plan: input has no 'screen_status' column (run ipt-screen first)
ipt-plan: records in 0, planned 0, not planned 0, rejected 0, flagged 0; contacts 0"
t no_screen_status_json
printf '%s\n' '{"id":"Z1","focal_area":"grief"}' >"$T/raw.jsonl"
run ipt-plan "$T/raw.jsonl"
want_rc 65
want_err_line 1 "ipt-plan: input has no 'screen_status' column (run ipt-screen first)"

# ------------------------------------------------- 10. option errors

csv "E1,north,eligible,,grief,,ipt,6,60,phq9,,,,2026-12-07"
t holidays_bad_line
holidays "# bank holidays" "2026-12-25" "  x  # oops" "2026-12-28"
run ipt-plan --holidays "$T/h.txt" "$T/in.csv"
want_usage "$T/h.txt:3: 'x' is not a date"
t holidays_bad_date
holidays "2026-12-25" "2027-02-29 # not a leap year"
run ipt-plan --holidays "$T/h.txt" "$T/in.csv"
want_usage "$T/h.txt:2: '2027-02-29' is not a date"
t holidays_trailing_text
holidays "2026-12-25 Christmas"
run ipt-plan --holidays "$T/h.txt" "$T/in.csv"
want_usage "$T/h.txt:1: '2026-12-25 Christmas' is not a date"
t holidays_second_file_bad
holidays 2026-12-28
printf '2026-12-25\n\n26/12/2026\n' >"$T/h2.txt"
run ipt-plan --holidays "$T/h.txt" --holidays "$T/h2.txt" "$T/in.csv"
want_usage "$T/h2.txt:3: '26/12/2026' is not a date"
t holidays_crlf
printf '\357\273\277# E&W\r\n2026-12-28\r\n\r\n   \t\r\n2026-12-26 # Saturday\r\n2026-12-28' >"$T/h.txt"
run ipt-plan --holidays "$T/h.txt" --followups '' "$T/in.csv"
want_rc 0
want_line 5 "E1,planned,ipt,grief,4,individual,4,2026-12-29,tue,4,middle,60,grief,$STAGE2;reconstruct_relationship_with_deceased,phq9,early_response_check,moved_from:2026-12-28"
t holidays_missing
run ipt-plan --holidays "$T/nonexistent.txt" "$T/in.csv"
want_rc 66
want_no_out
want_err "ipt-plan: cannot open '$T/nonexistent.txt': No such file or directory"
t holidays_directory
run ipt-plan --holidays "$T" "$T/in.csv"
want_rc 66
want_err "ipt-plan: cannot open '$T': Is a directory"

t start_bad_date
run ipt-plan --start 2026-02-30 "$T/in.csv"
want_usage "invalid --start '2026-02-30': a date YYYY-MM-DD"
t start_not_a_date
run ipt-plan --start 7/12/2026 "$T/in.csv"
want_usage "invalid --start '7/12/2026': a date YYYY-MM-DD"
t start_datetime
run ipt-plan --start 2026-12-07T09:00 "$T/in.csv"
want_usage "invalid --start '2026-12-07T09:00': a date YYYY-MM-DD"
t weekday_bad
run ipt-plan --weekday sat "$T/in.csv"
want_usage "invalid --weekday 'sat': mon, tue, wed, thu or fri"
t sessions_bad
run ipt-plan --sessions 5 "$T/in.csv"
want_usage "invalid --sessions '5': an integer 6-24"
t sessions_bad_high
run ipt-plan --sessions 25 "$T/in.csv"
want_usage "invalid --sessions '25': an integer 6-24"
t minutes_bad
run ipt-plan --minutes 181 "$T/in.csv"
want_usage "invalid --minutes '181': an integer 15-180"
t followups_descending
run ipt-plan --followups 6,3 "$T/in.csv"
want_usage "invalid --followups '6,3': ascending months 1-60, comma-separated"
t followups_zero
run ipt-plan --followups 0,3 "$T/in.csv"
want_usage "invalid --followups '0,3': ascending months 1-60, comma-separated"
t followups_61
run ipt-plan --followups 3,61 "$T/in.csv"
want_usage "invalid --followups '3,61': ascending months 1-60, comma-separated"
t followups_60
run ipt-plan --followups 60 "$T/in.csv"
want_rc 0
# 2027-01-11 + 60 months = 2032-01-11, a Sunday (5 years: 1826 days =
# 260 weeks + 6, one leap day, 2028) -> Monday 2032-01-12, which is
# 24 + 1826 + 12 = 1862 days = 266 weeks after 2026-12-07: week 267
want_line 8 "E1,planned,ipt,grief,7,followup,,2032-01-12,mon,267,followup,60,followup,$FU,phq9,,"

t help
run ipt-plan --help
want_rc 0
want_out_has "Usage: ipt-plan [options] [FILE ...]"
want_out_has "--holidays FILE"
want_out_has "does not make clinical"
t version
run ipt-plan --version
want_rc 0
want_line 1 "ipt-plan (ipt-tools) $VERSION"

finish plan
