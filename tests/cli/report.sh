#!/bin/sh
# CLI tests for ipt-report (spec: ipt-report.md; io.md section 7).
# Expected values are worked out by hand from the spec, never pasted from
# the program's output; the arithmetic is in the comments.  Wilson
# intervals, exact-fraction rounding and the random cohorts of the
# property test come from tests/cli/data/report/tool.py, an independent
# implementation of the spec's formulas (never the program's code).
#
# Calendar facts: 2027 is not a leap year, so February has 28 days and
# 2027-03-01 - 28 days = 2027-02-01.  The report date of the small cohort
# is AS = 2027-03-01; with --window 7 the period is (02-22, 03-01], i.e.
# 2027-02-23 to 2027-03-01; with --inactive-days 28 a patient whose last
# record is 2027-02-01 is active and one last seen 2027-01-31 ended.
. "$(dirname "$0")/../lib.sh"

R=$(cd "$(dirname "$0")" && pwd)/data/report
TOOL="python3 $R/tool.py"
AS=2027-03-01

# ---------------------------------------------------------------- helpers

# wil X N: "percent ci_low ci_high" of x/n as jq -r prints the JSON
# numbers (section 7: percent from the exact fraction, the Wilson bounds
# at z = 1.959964 from the double, one decimal, half away from zero)
wil() { $TOOL wilson "$1" "$2"; }

# RATE: a jq filter printing a rate's five numbers on one line
RATE='"\(.numerator) \(.denominator) \(.percent) \(.ci_low) \(.ci_high)"'

# want_rate I NAME X N: outcome I's rate NAME is X/N with its interval
want_rate() {
	want_jq ".outcomes[$1].rates.$2 | $RATE" "$3 $4 $(wil "$3" "$4")"
}

# want_usage TEXT: exit 64, nothing on stdout, and exactly the two lines
# of io.md section 7, the first naming TEXT
want_usage() {
	want_rc 64
	want_no_out
	want_err_lines 2
	want_err_line 2 "Try 'ipt-report --help'."
	l1=$(sed -n 1p "$T/err")
	case $l1 in
	"ipt-report: "*"$1"*) ok ;;
	*) bad "usage line '$l1' does not name '$1'" "$T/err" ;;
	esac
}

# py_checks: turn tool.py's "ok NAME" / "FAIL NAME: why" lines (stdin)
# into passes and failures of the case NAME names
py_checks() {
	while IFS= read -r line; do
		case $line in
		"ok "*) ok ;;
		*) bad "$line" ;;
		esac
	done
}

# SAFETY: a jq filter, the ids of the json report's safety list
SAFETY='[.safety[].id] | join(" ")'

# The small cohort (tests/cli/data/report/cohort.txt) as CSV and JSON Lines.
$TOOL csv <"$R/cohort.txt" >"$T/c.csv"
$TOOL jsonl <"$R/cohort.txt" >"$T/c.jsonl"
IN=$R/intake.csv
PL=$R/plans.csv

# ================================================ 1. the small cohort
#
# Per patient (section 3), as of 2027-03-01, --inactive-days 28, with
# --intake intake.csv and --plans plans.csv.  "dep" is phq9 unless noted.
#
# P1: attended 3 (01-04, 01-11, 01-18), ended (ended yes), finished.
#   phq9 18, 10, 4 (n 3); gad7 12, 8, 5 (n 3); wsas 20, 10 (n 2).
#   paired (3 >= 2, 3 >= 2); caseness_start 18 >= 10; caseness_end: 4 <
#   10 and 5 < 8: no; recovered yes.  RI: 18 - 4 = 14 >= 6, nothing
#   worse: yes; RD no; RR yes.  response 2 x 4 = 8 <= 18 yes; remission
#   18 >= 10 and 4 < 5 yes (the edge below 5).  planned: intake 12 (the
#   plan's 8 sessions lose); T = 3; dropout 3 < 12 - 3 = 9: yes.
#   latest_risk: 01-04's phq9_risk not_endorsed.
# P10: attended 4 (01-10 ... 01-31), last record 01-31 < 02-01: ended by
#   inactivity (29 days), finished.  phq9 15, 11, 8 (n 3); gad7 6, 10.
#   paired.  caseness_start 15 >= 10; caseness_end: 8 < 10 but gad7 10 >=
#   8: yes; recovered no.  RI: phq9 15 - 8 = 7 >= 6, but gad7 got worse
#   by 10 - 6 = 4 >= 4: no.  RD: gad7 + 4, but phq9 improved by 7: no
#   (the "neither" clause both ways).  response 16 <= 15 no; remission
#   8 < 5 no.  planned unknown (intake age 'x', no sessions, no plan):
#   dropout empty (ended).  worsening: gad7 + 4 >= 4 yes (no clause).
#   latest_risk: 01-31 holds not_endorsed and cssrs low: low (01-10's
#   positive is older).
# P11: attended 2 (02-16, 02-22), active.  phq9 11 once (n 1: a single
#   score); epds 15, 13 (n 2).  paired no (dep n 1).  caseness 11 >= 10
#   start and end.  latest_risk: 02-22 holds phq9 unknown and epds
#   positive: positive > unknown.
# P12: attended 2 (02-23, 02-27), active; phqa 11, 12 (dep_measure phqa);
#   gad7 9, 12; paired; caseness 11 >= 10 both; worsening: +1, +3: no.
#   latest_risk: 02-23 is the latest record with a risk field (02-27 has
#   none): phqa_risk 'bogus' -> unknown, cssrs low: unknown > low.
# P13: attended 2 (02-09; 03-01 attended 'maybe': flagged, counted as
#   yes); end_date 2027-03-15 is after as-of: not ended.  phq9 7, 6.
#   paired; caseness no and no.  latest_risk: 02-09 (03-01 has no risk
#   field): not_endorsed and low: low.
# P14: one record 02-24 attended no, session '0' (flagged: no session).
#   attended 0, first_date and last_date empty, last_record 02-24;
#   dep_measure empty, every n 0, paired no; not_assessed.
# P2: attended 2 (01-05, 01-19; 01-12 attended no, its phq9 27 does not
#   count), end_date 01-20 <= as-of: ended; finished (2 >= 2).  phq9 10,
#   5 (n 2).  paired (dep only); caseness_start 10 >= 10; end 5: no;
#   recovered yes; RI: 10 - 5 = 5 < 6 no; RR no.  response 2 x 5 = 10 <=
#   10 yes (the edge); remission: 5 < 5 no (the edge).  planned unknown,
#   dropout empty.  not_assessed.
# P3: attended 3 (02-01, 02-08, 02-24), ended (ended yes on 02-24, in the
#   period).  phq9 8, 12, 17; gad7 5, 7.  paired; caseness_start: 8 < 10,
#   5 < 8: no; caseness_end 17: yes.  RD: 17 - 8 = 9 >= 6, nothing
#   improved: yes.  response 34 <= 8 no; not in the remission
#   denominator (8 < 10).  planned 11 (plan); T = 2; dropout 3 < 9 yes.
#   worsening yes; not_assessed.
# P4: phqa 16, 9, 3 (01-06, 01-13, 01-20; ended yes); attended 3,
#   finished, paired, caseness 16 then 3: recovered; RI 13; RR; response
#   6 <= 16; remission 3 < 5.  intake: P4 twice, the later record (age 15,
#   no sessions) wins: planned unknown.  latest_risk: 01-13's
#   not_endorsed.
# P5: attended 2 (01-07, 01-14); 01-28 attended no with end_date 01-28:
#   ended, finished.  phqa 14, 8; gad7 '22' outside 0..21: flagged and
#   ignored (gad7_n 0); wsas 15, 12.  paired; caseness 14 then 8:
#   recovered; RI 14 - 8 = 6 >= 6 (the edge): yes; RR yes; response 16
#   <= 14 no; remission 8 no.  age 18.  not_assessed.
# P6: attended 9 (2026-12-07 ... 2027-02-01), ended yes, finished.  phq9
#   22, 15; gad7 14, 9.  paired; caseness end 15: not recovered; RI 7:
#   yes; response 30 <= 22 no.  planned 12 (intake), T = 3: dropout 9 <
#   9 no (the edge).  latest_risk: 02-01: phq9_risk 'maybe' -> unknown,
#   epds not_endorsed: unknown.
# P7: attended 8 (01-05 attended no), ended yes (02-02), finished.  phq9
#   13, 6; gad7 9 once: paired no.  caseness_end: gad7 9 >= 8 yes.
#   response 12 <= 13 yes; remission 6 no.  planned 11 (the intake has
#   no sessions: the plan's 11), T = 2: dropout 8 < 9 yes (the edge).
#   age 19 (not 12-18).  not_assessed.
# P8: attended 3 (02-12, 02-19, 02-26; the second 02-26 record is
#   attended no), active.  phq9 9, 10, 16; gad7 7 once: paired no.
#   caseness start 9 < 10, 7 < 8 no; end 16 yes.  worsening 16 - 9 = 7.
#   planned 16 (intake; the plan's 7 lose); not ended: dropout no.
#   latest_risk: two records tie on (02-26, 3): phq9 positive vs
#   not_endorsed -> positive, epds not_endorsed, cssrs low vs high ->
#   high: high.  The 2027-03-02 record (phq9 2) is future-dated and the
#   2027-02-30 one invalid: both ignored.
# P9: attended 1 (01-25; 02-01 attended no), last record 02-01 = as-of -
#   28: active.  phq9 14 once: paired no; caseness 14 both.  latest_risk:
#   01-25: phq9 positive, cssrs moderate: moderate.  03-05 is future.
#
# The --by values (section 5): site: P1 north; P10 south; P11 north; P12
# south; P13 north; P14 (none) (no value, no intake row); P2 south (no
# value on its records: the intake's); P3 south; P4 north; P5 north then
# south then empty: south (an empty later value does not reset it); P6
# north (the intake's south is not used); P7 south (intake north unused);
# P8: 02-12 north, and on the tied (02-26, 3) records north and south:
# the byte-greater south is later: south; P9 south.  focal_area: P1
# grief, P10 dispute, P11 transition, P12 grief, P13 dispute, P14 (none),
# P2 dispute (intake), P3 transition, P4 transition, P5 grief, P6 dispute
# (intake grief unused), P7 grief, P8 transition, P9 dispute.

PHDR=id,first_date,last_date,last_record,attended,ended,finished,dep_measure,dep_first,dep_last,dep_n,gad7_first,gad7_last,gad7_n,wsas_first,wsas_last,wsas_n,epds_first,epds_last,epds_n,paired,caseness_start,caseness_end,recovered,reliable_improvement,reliable_deterioration,reliable_recovery,response,remission,planned,dropout,worsening,latest_risk

t patients_table
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" \
    --by site,focal_area --patients -o csv "$T/c.csv"
want_rc 1
# ids in strcmp order: P1 < P10 < P11 < ... < P14 < P2 < ... < P9
cat >"$T/want" <<EOF
$PHDR,site,focal_area
P1,2027-01-04,2027-01-18,2027-01-18,3,yes,yes,phq9,18,4,3,12,5,3,20,10,2,,,0,yes,yes,no,yes,yes,no,yes,yes,yes,12,yes,no,not_endorsed,north,grief
P10,2027-01-10,2027-01-31,2027-01-31,4,yes,yes,phq9,15,8,3,6,10,2,,,0,,,0,yes,yes,yes,no,no,no,no,no,no,,,yes,low,south,dispute
P11,2027-02-16,2027-02-22,2027-02-22,2,no,no,phq9,11,11,1,,,0,,,0,15,13,2,no,yes,yes,no,no,no,no,no,no,,no,no,positive,north,transition
P12,2027-02-23,2027-02-27,2027-02-27,2,no,no,phqa,11,12,2,9,12,2,,,0,,,0,yes,yes,yes,no,no,no,no,no,no,,no,no,unknown,south,grief
P13,2027-02-09,2027-03-01,2027-03-01,2,no,no,phq9,7,6,2,,,0,,,0,,,0,yes,no,no,no,no,no,no,no,no,,no,no,low,north,dispute
P14,,,2027-02-24,0,no,no,,,,0,,,0,,,0,,,0,no,no,no,no,no,no,no,no,no,,no,no,not_assessed,(none),(none)
P2,2027-01-05,2027-01-19,2027-01-19,2,yes,yes,phq9,10,5,2,,,0,,,0,,,0,yes,yes,no,yes,no,no,no,yes,no,,,no,not_assessed,south,dispute
P3,2027-02-01,2027-02-24,2027-02-24,3,yes,yes,phq9,8,17,3,5,7,2,,,0,,,0,yes,no,yes,no,no,yes,no,no,no,11,yes,yes,not_assessed,south,transition
P4,2027-01-06,2027-01-20,2027-01-20,3,yes,yes,phqa,16,3,3,,,0,,,0,,,0,yes,yes,no,yes,yes,no,yes,yes,yes,,,no,not_endorsed,north,transition
P5,2027-01-07,2027-01-14,2027-01-28,2,yes,yes,phqa,14,8,2,,,0,15,12,2,,,0,yes,yes,no,yes,yes,no,yes,no,no,,,no,not_assessed,south,grief
P6,2026-12-07,2027-02-01,2027-02-01,9,yes,yes,phq9,22,15,2,14,9,2,,,0,,,0,yes,yes,yes,no,yes,no,no,no,no,12,no,no,unknown,north,dispute
P7,2026-12-08,2027-02-02,2027-02-02,8,yes,yes,phq9,13,6,2,9,9,1,,,0,,,0,no,yes,yes,no,no,no,no,yes,no,11,yes,no,not_assessed,south,grief
P8,2027-02-12,2027-02-26,2027-02-26,3,no,no,phq9,9,16,3,7,7,1,,,0,,,0,no,no,yes,no,no,no,no,no,no,16,no,yes,high,south,transition
P9,2027-01-25,2027-01-25,2027-02-01,1,no,no,phq9,14,14,1,,,0,,,0,,,0,no,yes,yes,no,no,no,no,no,no,,no,no,moderate,south,dispute
EOF
want_out_file "$T/want"
cp "$T/want" "$T/patients.want"

# The same table as JSON Lines: typed (io.md section 5: integers as
# numbers, empty as null).
t patients_jsonl
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" \
    --by site,focal_area --patients -o jsonl "$T/c.csv"
want_rc 1
want_lines 14
want_jq_s '[.[].id] | join(" ")' "P1 P10 P11 P12 P13 P14 P2 P3 P4 P5 P6 P7 P8 P9"
want_jq_s '.[6] | "\(.dropout) \(.planned) \(.dep_n) \(.site)"' "null null 2 south"
want_jq_s '.[5] | [.first_date, .dep_first, .epds_n, .latest_risk] | tostring' '[null,null,0,"not_assessed"]'
want_jq_s '.[0] | [.attended, .planned, .recovered] | tostring' '[3,12,"yes"]'

# Without --intake: planned comes from the plans alone.  P1 (record 1):
# 8 sessions in its plan, T = 2, 3 < 8 - 2 = 6: dropout yes.  P6 (11):
# no plan: unknown, ended: dropout empty.  P8 (13): the plan's 7.  P7
# (12) and P3 (8): 11.  Without --by there are no group columns.
t patients_plans_only
run ipt-report --as-of $AS --plans "$PL" --patients -o csv "$T/c.csv"
want_rc 1
want_line 1 "$PHDR"
want_field 1 planned 8
want_field 1 dropout yes
want_field 11 planned ""
want_field 11 dropout ""
want_field 13 planned 7
want_field 12 planned 11
want_field 8 planned 11

# Without --plans nor --intake every planned is unknown, every dropout
# of an ended course empty.
t patients_no_side_files
run ipt-report --as-of $AS --patients -o csv "$T/c.csv"
want_rc 1
got=$(cut -d, -f 30,31 "$T/out" | sed 1d | tr '\n' ' ')
# ended: P1 P10 P2 P3 P4 P5 P6 P7 -> ",", active -> ",no"
if [ "$got" = ", , ,no ,no ,no ,no , , , , , , ,no ,no " ]; then ok; else
	bad "planned,dropout columns are '$got'" "$T/out"; fi

# ---- the report, json
#
# inputs: 55 records read (cohort.txt: P1 3, P10 4, P11 2, P12 2, P13 2,
# P14 1, P2 3, P3 3, P4 3, P5 3, P6 9, P7 9, P8 5, P9 3, P99 1, no id 1,
# bad date 1); future 3 (P8 03-02, P9 03-05, P99 03-08); invalid 2 (no
# id; 2027-02-30); used 55 - 3 - 2 = 50; flagged 7 (P12 phqa_risk, P13
# attended, P14 session, P5 gad7_total, P6 phq9_risk, the two invalid).
# Patients: the 14 above (P99 has only a future record).
t report_json
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" -o json "$T/c.csv"
want_rc 1
want_lines 1
want_jq '"\(.report) \(.version) \(.as_of) \(.period.from) \(.period.to)"' \
    "ipt-report 1 2027-03-01 2027-02-23 2027-03-01"
want_jq '.inputs | "\(.records_read) \(.records_used) \(.records_flagged) \(.records_future) \(.records_invalid) \(.patients)"' \
    "55 50 7 3 2 14"
cp "$T/out" "$T/report.json"

# Counts: active (not ended) P11 P12 P13 P14 P8 P9 = 6; ended 8;
# finished = the 8 ended, each with >= 2 attended; dropouts P1 P3 P7 = 3.
# sessions among the finished: P1 3, P10 4, P2 2, P3 3, P4 3, P5 2, P6 9,
# P7 8: sum 34, mean 34/8 = 4.25 -> 4.3 (half away from zero, exact: a
# binary printf would give 4.2); sorted 2 2 3 3 3 4 8 9, median (3 + 3)/2
# = 3.0 (json 3).
t report_counts
want_jq '.outcomes[0] | "\(.group | length) \(.counts | [.patients, .active, .ended, .finished, .dropouts, .sessions_mean, .sessions_median] | join(" "))"' \
    "0 14 6 8 8 3 4.3 3"

# Scores, finished with dep_n >= 2 (all 8): first 18 15 10 8 16 14 22 13
# (sum 116), last 4 8 5 17 3 8 15 6 (sum 66).  first_mean 116/8 = 14.5;
# last_mean 66/8 = 8.25 -> 8.3; change_mean (66 - 116)/8 = -6.25 -> -6.3
# (half away from zero).  first_sd: deviations from 14.5: 3.5 .5 -4.5
# -6.5 1.5 -.5 7.5 -1.5, squares sum 12.25 + .25 + 20.25 + 42.25 + 2.25
# + .25 + 56.25 + 2.25 = 136; sqrt(136/7) = 4.4078 -> 4.4.
# effect_size_d = 6.25 / 4.4078 = 1.4179 -> 1.42.
t report_scores
want_jq '.outcomes[0].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | join(" ")' \
    "8 14.5 8.3 -6.3 4.4 1.42"

# Rates (section 5 table):
#   recovery: finished, paired, caseness_start = P1 P10 P2 P4 P5 P6 (P3
#     starts below caseness, P7 is not paired) = 6; recovered P1 P2 P4
#     P5 = 4.  4/6 = 66.666.. -> 66.7; Wilson: z^2 = 3.841459, centre
#     (4 + 1.920730)/9.841459 = .601611, half-width 1.959964 x
#     sqrt(4 x 2/6 + .960365)/9.841459 = .301618: 29.9993 -> 30.0,
#     90.3229 -> 90.3.
#   reliable_improvement: finished and paired = the 6 + P3 = 7; P1 P4 P5
#     P6 = 4: 57.1, 25.0458 -> 25.0, 84.1780 -> 84.2.
#   reliable_deterioration: P3 = 1/7: 14.3, 2.6, 51.3.
#   reliable_recovery: recovered and RI: P1 P4 P5 = 3/6: 50.0, 18.8, 81.2.
#   response: finished, dep_n >= 2, dep_first > 0: all 8; P1 P2 P4 P7 =
#     4/8: 50.0, 21.5, 78.5.
#   remission: dep_first >= 10: the 8 but P3 = 7; P1 P4 = 2/7: 28.6,
#     8.2219 -> 8.2, 64.1066 -> 64.1.
#   remission_adolescent: of the 7, age 12-18: P2 (12) P4 (15) P5 (18),
#     not P7 (19), P1 (40), P6 (35), P10 (unknown); P4 = 1/3: 33.3, 6.1,
#     79.2.
#   dropout: ended with planned known: P1 (12) P3 (11) P6 (12) P7 (11) =
#     4; dropouts P1 P3 P7 = 3/4: 75.0, 30.0642 -> 30.1, 95.4413 -> 95.4.
t report_rates
want_rate 0 recovery 4 6
want_rate 0 reliable_improvement 4 7
want_rate 0 reliable_deterioration 1 7
want_rate 0 reliable_recovery 3 6
want_rate 0 response 4 8
want_rate 0 remission 2 7
want_rate 0 remission_adolescent 1 3
want_rate 0 dropout 3 4
want_jq '[.outcomes[0].rates | keys_unsorted[]] | join(" ")' \
    "recovery reliable_improvement reliable_deterioration reliable_recovery response remission remission_adolescent dropout"
want_jq '[.outcomes[0].rates[] | has("suppressed")] | any' false

# Benchmarks against the exact intervals: recovery 50 in [30.0, 90.3]:
# within; reliable improvement 69.1 in [25.0, 84.2]: within; remission
# 65-70 lies wholly above [8.2, 64.1]: below; adolescent 80 above
# 79.234: below; dropout 19.7 under [30.06, 95.4]: above.
t report_benchmarks
want_jq '[.benchmarks[] | "\(.rate)=\(.reference):\(.verdict)"] | join(" ")' \
    "recovery=50:within reliable_improvement=69.1:within remission=65-70:below remission_adolescent=80:below dropout=19.7:above"

# Safety (section 6.2): in scope are the active P11 P12 P13 P14 P8 P9 and
# the ended P3 (a record 02-24 in the period); the other ended patients
# are out (P6 unknown and P10 low included: no record in the period).
# high P8, moderate P9, positive P11, unknown P12, low P13, then the
# worsening-only P3; not_assessed in scope: P14 and P3 (byte order).
t report_safety
want_jq "$SAFETY" "P8 P9 P11 P12 P13 P3"
want_jq '[.safety[].latest_risk] | join(" ")' \
    "high moderate positive unknown low not_assessed"
want_jq '.not_assessed | join(" ")' "P14 P3"
# the risk fields of the latest risk record, merged over the tie (P8)
want_jq '.safety[0] | "\(.last_record) \(.risk.phq9_risk) \(.risk.phqa_risk) \(.risk.epds_risk) \(.risk.cssrs_risk) \(.dep_last) \(.worsening)"' \
    "2027-02-26 positive null not_endorsed high 16 yes"
# P12: the invalid 'bogus' is written unknown
want_jq '.safety[3] | "\(.risk | tostring) \(.dep_last) \(.worsening)"' \
    '{"phq9_risk":null,"phqa_risk":"unknown","epds_risk":null,"cssrs_risk":"low"} 12 no'
want_jq '.safety[1] | "\(.last_record) \(.risk.phq9_risk) \(.risk.cssrs_risk) \(.dep_last)"' \
    "2027-02-01 positive moderate 14"
want_jq '.safety[5] | "\(.risk | tostring) \(.dep_last) \(.worsening)"' \
    '{"phq9_risk":null,"phqa_risk":null,"epds_risk":null,"cssrs_risk":null} 17 yes'

# This period (02-23 to 03-01): contacts = attended records: P3 02-24,
# P8 02-26 (its tied record is attended no), P12 02-23 and 02-27, P13
# 03-01 (attended 'maybe' = yes) = 5 (P14's 02-24 is attended no, the
# no-id 02-25 record is ignored); new patients (first_date in the
# period): P12 = 1; ended: P3 (ended yes on 02-24) = 1; worsened: P8's
# latest dep 16 on 02-26 is 6 above its previous 10 = 1 (P3's 17 is only
# 5 above its previous 12, though 9 above its first).
t report_period
want_jq '.period_activity | "\(.contacts) \(.new_patients) \(.ended) \(.worsened)"' "5 1 1 1"

# Due (as_of, as_of + 7] = 03-02 ... 03-08, ordered by date, id:
# P8 session 6 03-02; P7's follow-up 03-05 (an ended course: still due);
# P3 session 6 03-08 (session 5 is on 03-01 = as_of: not due); P50 (not a
# patient) session 2 03-08.  P8's session 7 on 03-09 is out.
# Overdue: treatment sessions strictly before 03-01 - 7 = 02-22, above the
# attended count, ids not ended: P50 (attended 0) session 1 02-15; P8
# (attended 3) session 4 02-21 (session 5 on 02-22 is not before 02-22;
# session 3 is not above 3).  P1 P3 P7 are ended: never overdue.
t report_due
want_jq '[.due[] | "\(.id)/\(.date)/\(.kind)/\(.session)"] | join(" ")' \
    "P8/2027-03-02/individual/6 P7/2027-03-05/followup/null P3/2027-03-08/individual/6 P50/2027-03-08/individual/2"
want_jq '[.overdue[] | "\(.id)/\(.date)/\(.kind)/\(.session)"] | join(" ")' \
    "P50/2027-02-15/individual/1 P8/2027-02-21/individual/4"

# Trajectory (dep scores of attended records by session number):
#   1: P1 18, P10 15, P12 11, P13 7, P2 10, P3 8, P4 16, P5 14, P6 22,
#      P7 13, P8 9, P9 14 (P11's session 1 has no dep score): n 12, sum
#      157, mean 13.0833 -> 13.1; sample SD 4.37884, half-width
#      1.959964 x 4.37884 / sqrt(12) = 2.47752: 10.6058 -> 10.6,
#      15.5608 -> 15.6.
#   2: P1 10, P10 11, P11 11, P12 12, P13 6, P3 12, P4 9, P5 8, P8 10 (P2's
#      is not attended): n 9, sum 89, mean 9.9; SD 1.96497: 8.6, 11.2.
#   3: P1 4, P2 5, P3 17, P4 3, P8 16: n 5, mean 9.0; SD 6.89202: 2.959
#      -> 3.0, 15.041 -> 15.0.
#   4: P10 8 (n 1: no band); 5, 6, 7: no score; 8: P7 6; 9: P6 15.
t report_trajectory
want_jq '[.trajectory[] | "\(.session):\(.n):\(.mean):\(.ci_low):\(.ci_high)"] | join(" ")' \
    "1:12:13.1:10.6:15.6 2:9:9.9:8.6:11.2 3:5:9:3:15 4:1:8:null:null 8:1:6:null:null 9:1:15:null:null"

# Data quality: 7 flagged records, one reason each; single dep score:
# P9 and P11 = 2; future 3; invalid 2.
t report_data_quality
want_jq '.data_quality | "\([.flagged[]] | add) \(.flagged | length) \(.single_score) \(.future) \(.invalid)"' \
    "7 7 2 3 2"

# The report's stderr: one warning per flagged record (io.md section 7:
# file, line, record number, the field, the value quoted), then the
# summary; exit 1.  The bad date is the 55th record, on line 56.
t report_warnings
want_err_has "ipt-report: $T/c.csv:56: record 55: field 'date': '2027-02-30'"
want_err_has "ipt-report: $T/c.csv:55: record 54: "
want_err_has "ipt-report: $T/c.csv:26: record 25: field 'gad7_total': '22'"
want_err_has "ipt-report: $T/c.csv:11: record 10: field 'phqa_risk': 'bogus'"
want_err_has "ipt-report: $T/c.csv:15: record 14: field 'session': '0'"
want_err_has "ipt-report: $T/c.csv:14: record 13: field 'attended': 'maybe'"
want_err_has "ipt-report: $T/c.csv:36: record 35: field 'phq9_risk': 'maybe'"
want_err_has "$IN:3: record 2: field 'age': 'x'"
want_err_has "$IN:8: record 7: field 'id': 'P4'"

# ---- the same numbers in csv: the overall rows in full
t report_csv_overall
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" -o csv "$T/c.csv"
want_rc 1
want_lines 22
cat >"$T/want" <<'EOF'
group,metric,numerator,denominator,value,ci_low,ci_high
,patients,,,14,,
,active,,,6,,
,ended,,,8,,
,finished,,,8,,
,dropouts,,,3,,
,sessions_mean,,,4.3,,
,sessions_median,,,3.0,,
,n,,,8,,
,first_mean,,,14.5,,
,last_mean,,,8.3,,
,change_mean,,,-6.3,,
,first_sd,,,4.4,,
,effect_size_d,,,1.42,,
,recovery,4,6,66.7,30.0,90.3
,reliable_improvement,4,7,57.1,25.0,84.2
,reliable_deterioration,1,7,14.3,2.6,51.3
,reliable_recovery,3,6,50.0,18.8,81.2
,response,4,8,50.0,21.5,78.5
,remission,2,7,28.6,8.2,64.1
,remission_adolescent,1,3,33.3,6.1,79.2
,dropout,3,4,75.0,30.1,95.4
EOF
want_out_file "$T/want"
cp "$T/want" "$T/csv.overall"

# ---- md: the same numbers, the sections in order
t report_md
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" "$T/c.csv"
want_rc 1
want_out_has "2027-03-01"
want_out_has "2027-02-23"
want_out_has "| recovery | 66.7% | 4 | 6 | 30.0 to 90.3 |"
want_out_has "| sessions_mean | 4.3 |"
want_out_has "| change_mean | -6.3 |"
want_out_has "| effect_size_d | 1.42 |"
want_out_has "does not make clinical decisions"
# section order of 6: safety, this period, due, outcomes, benchmarks,
# trajectory, data quality
got=$(grep '^## ' "$T/out" | tr '\n' '|')
case $got in
*Safety*period*Due*Outcomes*Benchmarks*Trajectory*quality*) ok ;;
*) bad "md sections in the order '$got'" "$T/out" ;;
esac
# no file name in the report (so a merged report equals the unsplit one)
if grep -q 'c\.csv\|intake\.csv\|plans\.csv' "$T/out"; then
	bad "a file name in the md report" "$T/out"; else ok; fi
# the md safety table: ids in the json order; then the not-assessed line
got=$(sed -n '/^## Safety/,/^## This/p' "$T/out" | grep '^| P' | cut -d' ' -f2 | tr '\n' ' ')
if [ "$got" = "P8 P9 P11 P12 P13 P3 " ]; then ok; else
	bad "md safety ids '$got'" "$T/out"; fi
grep 'P14' "$T/out" | grep -q 'P3' && ok || bad "md not-assessed line" "$T/out"

# ---- html: self-contained; the same numbers as md
t report_html
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" -o html "$T/c.csv"
want_rc 1
want_out_has "<svg"
want_out_has "66.7"
want_out_has "30.0"
want_out_has "P13"
if grep -qi '<script\|<link\|@import\|src="http\|url(http' "$T/out"; then
	bad "html is not self-contained" "$T/out"; else ok; fi
# every number of the overall csv rows (value, ci_low, ci_high) is in the
# html too
miss=
for v in $(sed 1d "$T/csv.overall" | cut -d, -f5-7 | tr ',' '\n' | sort -u); do
	grep -qF -- "$v" "$T/out" || miss="$miss $v"
done
if [ -z "$miss" ]; then ok; else bad "html lacks:$miss" "$T/out"; fi

# ================================================ 2. --by

# Groups by site (values above): (none) P14; north P1 P11 P13 P4 P6;
# south P10 P12 P2 P3 P5 P7 P8 P9 - in byte order, "(" < "n" < "s".
#   north: patients 5, active P11 P13 = 2, ended 3, finished P1 P4 P6 = 3,
#     dropouts P1 = 1 (P6 no, P4 unknown); sessions 3 3 9: mean 15/3 =
#     5.0, median 3.0.  Scores: first 18 16 22 (56/3 = 18.67 -> 18.7),
#     last 4 3 15 (22/3 = 7.33 -> 7.3), change -34/3 = -11.33 -> -11.3;
#     SD of 18 16 22: deviations -2/3 -8/3 10/3, squares 168/9, /2 =
#     9.333, sqrt 3.0551 -> 3.1; d = 11.333/3.0551 = 3.7097 -> 3.71.
#     recovery P1 P4 of 3; RI 3/3; RD 0/3; RR 2/3; response P1 P4 of 3;
#     remission P1 P4 of 3; adolescent P4 1/1; dropout P1 of P1 P6 = 1/2.
#   south: patients 8, active P12 P8 P9 = 3, ended 5, finished P10 P2 P3
#     P5 P7 = 5, dropouts P3 P7 = 2; sessions 4 2 3 2 8: 19/5 = 3.8,
#     median 3.0.  Scores first 15 10 8 14 13 (60/5 = 12.0), last 8 5 17
#     8 6 (44/5 = 8.8), change -16/5 = -3.2; SD: deviations 3 -2 -4 2 1,
#     squares 34, /4 = 8.5, sqrt 2.9155 -> 2.9; d = 3.2/2.9155 = 1.0976
#     -> 1.10 (json 1.1).  recovery P2 P5 of P10 P2 P5 = 2/3; RI P5 of
#     P10 P2 P3 P5 = 1/4; RD P3 1/4; RR P5 1/3; response P2 P7 of 5 =
#     2/5; remission 0 of P10 P2 P5 P7 = 0/4; adolescent P2 P5: 0/2;
#     dropout P3 P7 of P3 P7 = 2/2.
#   (none): P14 only: patients 1, active 1, everything else 0 or n/a.
t by_site
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --by site -o json "$T/c.csv"
want_rc 1
want_jq '[.outcomes[] | .group | tostring] | join(" ")' \
    '{} {"site":"(none)"} {"site":"north"} {"site":"south"}'
want_jq '.outcomes[2].counts | [.patients, .active, .ended, .finished, .dropouts, .sessions_mean, .sessions_median] | join(" ")' \
    "5 2 3 3 1 5 3"
want_jq '.outcomes[2].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | join(" ")' \
    "3 18.7 7.3 -11.3 3.1 3.71"
want_rate 2 recovery 2 3
want_rate 2 reliable_improvement 3 3
want_rate 2 reliable_deterioration 0 3
want_rate 2 reliable_recovery 2 3
want_rate 2 response 2 3
want_rate 2 remission 2 3
want_rate 2 remission_adolescent 1 1
want_rate 2 dropout 1 2
want_jq '.outcomes[3].counts | [.patients, .active, .ended, .finished, .dropouts, .sessions_mean, .sessions_median] | join(" ")' \
    "8 3 5 5 2 3.8 3"
want_jq '.outcomes[3].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | join(" ")' \
    "5 12 8.8 -3.2 2.9 1.1"
want_rate 3 recovery 2 3
want_rate 3 reliable_improvement 1 4
want_rate 3 reliable_deterioration 1 4
want_rate 3 reliable_recovery 1 3
want_rate 3 response 2 5
want_rate 3 remission 0 4
want_rate 3 remission_adolescent 0 2
want_rate 3 dropout 2 2
# (none): denominators 0: n/a = null, numerator and denominator 0
want_jq '.outcomes[1].counts | [.patients, .active, .ended, .finished, .dropouts, .sessions_mean, .sessions_median] | tostring' \
    "[1,1,0,0,0,null,null]"
want_jq '.outcomes[1].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | tostring' \
    "[0,null,null,null,null,null]"
want_jq '[.outcomes[1].rates[] | "\(.numerator)/\(.denominator)/\(.percent)/\(.ci_low)/\(.ci_high)"] | unique | join(" ")' \
    "0/0/null/null/null"
# benchmarks stay overall only
want_jq '.benchmarks | length' 5

# csv groups "site=north"; n/a empty; the effect size with two decimals
t by_site_csv
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --by site -o csv "$T/c.csv"
want_rc 1
want_lines 85
want_out_has "site=(none),recovery,0,0,,,"
want_out_has "site=(none),sessions_mean,,,,,"
want_out_has "site=north,reliable_improvement,3,3,100.0,43.9,100.0"
want_out_has "site=south,effect_size_d,,,1.10,,"
want_out_has "site=south,sessions_mean,,,3.8,,"
want_out_has "site=south,remission,0,4,0.0,0.0,49.0"
want_out_has "site=south,dropout,2,2,100.0,34.2,100.0"

# md: n/a for a denominator of zero
t by_site_md
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --by site "$T/c.csv"
want_rc 1
got=$(sed -n '/^### site = (none)/,/^###/p' "$T/out" | grep '^| recovery |')
case $got in
*"n/a"*) ok ;;
*) bad "md (none) recovery row '$got'" "$T/out" ;;
esac
got=$(sed -n '/^### site = (none)/,/^###/p' "$T/out" | grep '^| sessions_mean |')
case $got in
*"n/a"*) ok ;;
*) bad "md (none) sessions_mean row '$got'" "$T/out" ;;
esac

# Two columns: combinations with a patient, byte order column by column:
# (none)/(none) P14; north/dispute P13 P6; north/grief P1;
# north/transition P11 P4; south/dispute P10 P2 P9; south/grief P12 P5
# P7; south/transition P3 P8.
t by_two_columns
run ipt-report --as-of $AS --intake "$IN" --by site,focal_area -o json "$T/c.csv"
want_rc 1
want_jq '[.outcomes[1:][] | "\(.group.site)/\(.group.focal_area)=\(.counts.patients)"] | join(" ")' \
    "(none)/(none)=1 north/dispute=2 north/grief=1 north/transition=2 south/dispute=3 south/grief=3 south/transition=2"
want_jq '.outcomes[1].group | keys_unsorted | join(",")' "site,focal_area"
# south/dispute: finished P10 (4) P2 (2): sessions 6/2 = 3.0, median 3.0
want_jq '.outcomes[5].counts | "\(.finished) \(.sessions_mean) \(.sessions_median)"' "2 3 3"

# The other column order: focal_area first.
# (none)/(none) P14; dispute/north P13 P6; dispute/south P10 P2 P9;
# grief/north P1; grief/south P12 P5 P7; transition/north P11 P4;
# transition/south P3 P8.
t by_two_columns_swapped
run ipt-report --as-of $AS --intake "$IN" --by focal_area,site -o csv "$T/c.csv"
want_rc 1
got=$(grep ',patients,' "$T/out" | cut -d, -f1,5 | tr '\n' ' ')
if [ "$got" = ",14 focal_area=(none);site=(none),1 focal_area=dispute;site=north,2 focal_area=dispute;site=south,3 focal_area=grief;site=north,1 focal_area=grief;site=south,3 focal_area=transition;site=north,2 focal_area=transition;site=south,2 " ]; then ok; else
	bad "groups '$got'" "$T/out"; fi

# Without --intake: P2 has no site of its own: (none) with P14.
t by_no_intake
run ipt-report --as-of $AS --by site -o json "$T/c.csv"
want_rc 1
want_jq '[.outcomes[1:][] | "\(.group.site)=\(.counts.patients)"] | join(" ")' \
    "(none)=2 north=5 south=7"
run ipt-report --as-of $AS --by site --patients -o csv "$T/c.csv"
want_field 7 site "(none)"
want_field 11 site north
want_field 13 site south
want_field 10 site south

# The --by columns are passed through to the --patients table (above),
# and groups are in byte order (strcmp): "B" < "a" < "b", not a locale's
# a < B < b.  G1's records: site a (01-04) then b (01-11): b.  G2: b then
# empty: b.  G3: B.  G4: "a" and "b" tie on (01-04, 1): the byte-greater
# b is later.  G6: a.
t by_byte_order
printf '%s\n' id,date,session,site,phq9_total \
    G1,2027-01-04,1,a,10 G1,2027-01-11,2,b,5 \
    G2,2027-01-04,1,b,10 G2,2027-01-11,2,,5 \
    G3,2027-01-04,1,B,10 \
    G4,2027-01-04,1,a,10 G4,2027-01-04,1,b,5 \
    G6,2027-01-04,1,a,10 >"$T/g.csv"
run ipt-report --as-of 2027-01-20 --by site --patients -o csv "$T/g.csv"
want_rc 0
got=$(cut -d, -f1,34 "$T/out" | tr '\n' ' ')
if [ "$got" = "id,site G1,b G2,b G3,B G4,b G6,a " ]; then ok; else
	bad "sites '$got'" "$T/out"; fi
run ipt-report --as-of 2027-01-20 --by site -o json "$T/g.csv"
want_rc 0
want_jq '[.outcomes[1:][] | "\(.group.site)=\(.counts.patients)"] | join("|")' \
    "B=1|a=1|b=3"

# ================================================ 3. edge cases

# --inactive-days: 28 is the default (same report); with 27, P9 (last
# record 02-01 < 03-01 - 27 = 02-02) ends: attended 1, not finished,
# out of the safety scope (no record in the period); with 29, P10 (last
# 01-31, not < 01-31) is active: its low risk enters the list, before
# P13 by id, and it is no longer finished (7 finished).
t inactive_default
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --inactive-days 28 -o json "$T/c.csv"
want_out_file "$T/report.json"
t inactive_27
run ipt-report --as-of $AS --inactive-days 27 -o json "$T/c.csv"
want_rc 1
want_jq "$SAFETY" "P8 P11 P12 P13 P3"
want_jq '.outcomes[0].counts | "\(.active) \(.ended) \(.finished)"' "5 9 8"
t inactive_29
run ipt-report --as-of $AS --inactive-days 29 -o json "$T/c.csv"
want_rc 1
want_jq "$SAFETY" "P8 P9 P11 P12 P10 P13 P3"
want_jq '.outcomes[0].counts | "\(.active) \(.ended) \(.finished)"' "7 7 7"
run ipt-report --as-of $AS --inactive-days 29 --patients -o csv "$T/c.csv"
want_field 2 ended no
want_field 2 finished no
want_field 2 recovered no

# --window 14: period 2027-02-16 to 03-01.  Contacts: the 5 of the 7-day
# period (P3 02-24, P8 02-26, P12 02-23 and 02-27, P13 03-01) and P11
# 02-16 and 02-22, P8 02-19: 5 + 3 = 8.  New: P11 (first 02-16, the
# first day) and P12 = 2.  Ended: P3 = 1; worsened: P8 = 1.
t window_14
run ipt-report --as-of $AS --window 14 -o json "$T/c.csv"
want_rc 1
want_jq '"\(.period.from) \(.period.to)"' "2027-02-16 2027-03-01"
want_jq '.period_activity | "\(.contacts) \(.new_patients) \(.ended) \(.worsened)"' "8 2 1 1"
want_jq "$SAFETY" "P8 P9 P11 P12 P13 P3"

# --window 1: the period is 03-01 alone: contacts P13 = 1; no new, ended
# or worsened; P3 (ended, last record 02-24) leaves the safety scope.
t window_1
run ipt-report --as-of $AS --window 1 -o json "$T/c.csv"
want_rc 1
want_jq '"\(.period.from) \(.period.to)"' "2027-03-01 2027-03-01"
want_jq '.period_activity | "\(.contacts) \(.new_patients) \(.ended) \(.worsened)"' "1 0 0 0"
want_jq "$SAFETY" "P8 P9 P11 P12 P13"
want_jq '.not_assessed | join(" ")' "P14"

# --window 35: 03-01 - 34 days = 01-26 (28 days back is 02-01, 6 more).
# Ended in scope now: P3, P6 (02-01), P7 (02-02), P5 (01-28), P10
# (01-31).  Safety: high P8, moderate P9, positive P11, unknown P12 and
# P6 (by id), low P10 and P13, worsening-only P3; not_assessed P14 P3 P5
# P7.  Contacts (attended records 01-26 ... 03-01): P6 02-01; P7 01-26,
# 02-02; P10 01-31; P11 2; P12 2; P13 02-09, 03-01; P3 3; P8 3 = 1 + 2 +
# 1 + 2 + 2 + 2 + 3 + 3 = 16.  New (first_date 01-26 ... 03-01): P11 P12
# P13 P3 P8 = 5 (P9's 01-25 is a day early).  Ended: ended yes or
# end_date in the period: P3 02-24, P6 02-01, P7 02-02, P5 end_date
# 01-28 = 4 (P10 ended by inactivity, P2's end_date 01-20 is before).
# Worsened: P8 only (P6's latest 15 is below its 22).
t window_35
run ipt-report --as-of $AS --window 35 -o json "$T/c.csv"
want_rc 1
want_jq '"\(.period.from) \(.period.to)"' "2027-01-26 2027-03-01"
want_jq "$SAFETY" "P8 P9 P11 P12 P6 P10 P13 P3"
want_jq '.not_assessed | join(" ")' "P14 P3 P5 P7"
want_jq '.period_activity | "\(.contacts) \(.new_patients) \(.ended) \(.worsened)"' "16 5 4 1"

# Courses ended in the period (02-23 ... 03-01): E (record 02-10, end_date
# 02-25 in the period) counts; F (record 02-24, end_date 01-15 before the
# period: ended, but not in the period) does not; G (end_date 03-05 after
# as-of: not ended) does not; H (ended yes on 02-24 and 02-25, end_date
# 02-24) counts once; J (ended no) does not: 2.  Contacts (attended
# empty = yes): F, G, H twice, J = 5; new: F G H J = 4.
t period_ended
printf '%s\n' id,date,ended,end_date E,2027-02-10,,2027-02-25 \
    F,2027-02-24,,2027-01-15 G,2027-02-24,,2027-03-05 \
    H,2027-02-24,yes,2027-02-24 H,2027-02-25,yes, J,2027-02-24,no, >"$T/e.csv"
run ipt-report --as-of $AS -o json "$T/e.csv"
want_rc 0
want_jq '.period_activity | "\(.contacts) \(.new_patients) \(.ended) \(.worsened)"' "5 4 2 0"
want_jq '.outcomes[0].counts | "\(.active) \(.ended)"' "2 3"

# --min-cell 7: denominators below 7 are suppressed: recovery (6),
# reliable_recovery (6), remission_adolescent (3), dropout (4); 7 is not
# below 7: reliable_improvement, reliable_deterioration, remission stay,
# and response (8).  Benchmarks of a suppressed rate are n/a.
t min_cell_json
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --min-cell 7 -o json "$T/c.csv"
want_rc 1
want_jq '[.outcomes[0].rates | to_entries[] | select(.value.suppressed == true) | .key] | join(" ")' \
    "recovery reliable_recovery remission_adolescent dropout"
want_jq '.outcomes[0].rates.recovery | tostring' \
    '{"numerator":null,"denominator":null,"percent":null,"ci_low":null,"ci_high":null,"suppressed":true}'
want_rate 0 reliable_improvement 4 7
want_jq '.outcomes[0].rates.remission | has("suppressed")' false
want_jq '[.benchmarks[] | .verdict] | join(" ")' "n/a within below n/a n/a"
t min_cell_csv
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --min-cell 7 -o csv "$T/c.csv"
want_rc 1
got=$(awk -F, '$1 == "" && ($2 == "recovery" || $2 == "dropout" || $2 == "response") { print $2 ":" $5 ":" $6 ":" $7 }' "$T/out" | tr '\n' ' ')
if [ "$got" = "recovery:suppressed:: response:50.0:21.5:78.5 dropout:suppressed:: " ]; then ok; else
	bad "csv rows '$got'" "$T/out"; fi
t min_cell_md
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" --min-cell 7 "$T/c.csv"
want_rc 1
grep '^| recovery |' "$T/out" | head -1 | grep -q suppressed && ok ||
	bad "md recovery row is not suppressed" "$T/out"

# A file of invalid records only: no patients, every count 0, rates n/a,
# the warnings, exit 1.  Line 2: no id; line 3: 2027-13-01; line 4: a
# datetime is read as its date part (valid).
t invalid_only
printf '%s\n' id,date,phq9_total ,2027-01-04,10 X1,2027-13-01,10 \
    X2,2027-01-05T10:00,12 >"$T/bad.csv"
run ipt-report --as-of 2027-01-10 -o json "$T/bad.csv"
want_rc 1
want_jq '.inputs | "\(.records_read) \(.records_used) \(.records_flagged) \(.records_invalid) \(.patients)"' "3 1 2 2 1"
want_err_has "ipt-report: $T/bad.csv:3: record 2: field 'date': '2027-13-01'"
want_err_has "ipt-report: $T/bad.csv:2: record 1: "
want_jq '.outcomes[0].rates.recovery.percent' null

# Record order (section 3), as of 2027-01-20 (no one inactive):
# T1: 20 and 10 tie on (01-04, 1): the higher is later, so the first is
#   10; the last 15 (01-11): 10, 15, n 3; 15 - 10 = 5: not worsening.
# T2: 12 and 14 tie on (01-11, 2): the last is 14; 14 - 8 = 6: worsening.
# T3: 20 without a session sorts before 5 with session 1 on 01-04:
#   first 20, last 5.
# T4: session numbers compare as integers: (01-04, 2) 3 before (01-04,
#   10) 9: first 3, last 9, worsening (6).
# T5: 7 tied with 7: first and last 7, n 2.
# T7: ended yes on 01-04 is not undone by ended no on 01-11: ended;
#   attended 2: finished.
t record_order
printf '%s\n' id,date,session,phq9_total,ended \
    T1,2027-01-04,1,20, T1,2027-01-04,1,10, T1,2027-01-11,2,15, \
    T2,2027-01-11,2,12, T2,2027-01-04,1,8, T2,2027-01-11,2,14, \
    T3,2027-01-04,1,5, T3,2027-01-04,,20, \
    T4,2027-01-04,10,9, T4,2027-01-04,2,3, \
    T5,2027-01-04,1,7, T5,2027-01-04,1,7, \
    T7,2027-01-04,1,10,yes T7,2027-01-11,2,4,no >"$T/o.csv"
run ipt-report --as-of 2027-01-20 --patients -o csv "$T/o.csv"
want_rc 0
got=$(cut -d, -f1,6,7,9,10,11,32 "$T/out" | sed 1d | tr '\n' ' ')
if [ "$got" = "T1,no,no,10,15,3,no T2,no,no,8,14,3,yes T3,no,no,20,5,2,no T4,no,no,3,9,2,yes T5,no,no,7,7,2,no T7,yes,yes,10,4,2,no " ]; then
	ok; else bad "id,ended,finished,dep_first,dep_last,dep_n,worsening: '$got'" "$T/out"; fi

# Trajectory without session numbers: the ordinal among attended records
# (the 01-08 record is attended no and does not count): 10 -> 1, 12 ->
# 2, 14 -> 3; one patient: n 1, no band.
t trajectory_ordinal
printf '%s\n' id,date,attended,phq9_total U1,2027-01-04,yes,10 \
    U1,2027-01-08,no,27 U1,2027-01-11,,12 U1,2027-01-18,yes,14 >"$T/u.csv"
run ipt-report --as-of 2027-01-20 -o json "$T/u.csv"
want_rc 0
want_jq '[.trajectory[] | "\(.session):\(.n):\(.mean):\(.ci_low)"] | join(" ")' \
    "1:1:10:null 2:1:12:null 3:1:14:null"

# Rounding (section 7).  80 finished patients, 2 attended sessions each
# (ended yes): V01 phq9 1 -> 0; V02 ... V40 1 -> 1; V41 ... V80 27 -> 27.
#   response: denominator dep_first > 0 = 80; 2 x 0 <= 1 only for V01:
#     1/80 = 1.25% -> 1.3 (exact fraction, half away from zero; the
#     double 1.25 printed by printf would be 1.2).
#   change_mean: -1/80 = -0.0125 -> 0.0, without a minus sign.
#   first_mean (40 + 40 x 27)/80 = 1120/80 = 14.0; last_mean 1119/80 =
#     13.9875 -> 14.0.  first_sd: deviations +-13, 80 x 169 / 79 =
#     171.14, sqrt 13.082 -> 13.1; d = 0.0125/13.082 = 0.00096 -> 0.00.
# With V02 1 -> 3 as well: change +1/80 -> 0.0; d = -0.0125/13.082 =
# -0.00096 -> 0.00, without a minus sign; response still 1/80.
mk_round() {
	awk -v v02="$1" 'BEGIN {
		print "id,date,session,phq9_total,ended"
		for (i = 1; i <= 80; i++) {
			id = sprintf("V%02d", i)
			f = i <= 40 ? 1 : 27
			l = i == 1 ? 0 : i == 2 ? v02 : f
			print id ",2027-01-04,1," f ","
			print id ",2027-01-11,2," l ",yes"
		}
	}' >"$T/v.csv"
}
t rounding_half_away
mk_round 1
run ipt-report --as-of 2027-01-20 -o json "$T/v.csv"
want_rc 0
want_rate 0 response 1 80
want_jq '.outcomes[0].rates.response.percent' 1.3
want_jq '.outcomes[0].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | join(" ")' \
    "80 14 14 0 13.1 0"
run ipt-report --as-of 2027-01-20 -o csv "$T/v.csv"
want_out_has ",change_mean,,,0.0,,"
want_out_has ",effect_size_d,,,0.00,,"
want_out_has ",last_mean,,,14.0,,"
want_out_has ",response,1,80,1.3,"
t rounding_negative_zero
mk_round 3
run ipt-report --as-of 2027-01-20 -o csv "$T/v.csv"
want_rc 0
want_out_has ",change_mean,,,0.0,,"
want_out_has ",effect_size_d,,,0.00,,"
run ipt-report --as-of 2027-01-20 "$T/v.csv"
want_out_has "| change_mean | 0.0 |"
want_out_has "| effect_size_d | 0.00 |"

# sessions among 4 finished courses attending 2, 2, 3 and 6 sessions:
# mean 13/4 = 3.25 -> 3.3 (half away from zero; half-even would give
# 3.2); median (2 + 3)/2 = 2.5.
t sessions_rounding
awk 'BEGIN {
	print "id,date,ended"
	split("2 2 3 6", k, " ")
	for (i = 1; i <= 4; i++)
		for (j = 1; j <= k[i]; j++)
			printf "S%d,2027-01-%02d,%s\n", i, j, j == k[i] ? "yes" : ""
}' >"$T/s.csv"
run ipt-report --as-of 2027-01-20 -o csv "$T/s.csv"
want_rc 0
want_out_has ",finished,,,4,,"
want_out_has ",sessions_mean,,,3.3,,"
want_out_has ",sessions_median,,,2.5,,"

# first_sd = 0: two finished patients, both first 10 (last 4 and 6):
# first_sd 0.0, effect_size_d n/a (null; empty in csv).
t effect_size_sd_zero
printf '%s\n' id,date,session,phq9_total,ended W1,2027-01-04,1,10, \
    W1,2027-01-11,2,4,yes W2,2027-01-04,1,10, W2,2027-01-11,2,6,yes >"$T/w.csv"
run ipt-report --as-of 2027-01-20 -o json "$T/w.csv"
want_rc 0
want_jq '.outcomes[0].scores | [.n, .first_mean, .last_mean, .change_mean, .first_sd, .effect_size_d] | tostring' \
    "[2,10,5,-5,0,null]"
run ipt-report --as-of 2027-01-20 -o csv "$T/w.csv"
want_out_has ",effect_size_d,,,,,"
want_out_has ",first_sd,,,0.0,,"

# Benchmark verdicts use the exact interval, not the rounded one: N
# ended courses (one record each, attended no, ended yes), the first X
# with sessions_recommended 10 (T = 2: 0 < 8, dropouts), the others 1
# (0 < 1 - 2 = -1 is false).
#   8/22: 36.36 -> 36.4; Wilson low 19.7332 (prints 19.7), high 57.05:
#     19.7 lies below the exact interval: "above".
#   8/75: 10.67 -> 10.7; low 5.50, high 19.6614 (prints 19.7): 19.7 lies
#     above it: "below".
mk_dropouts() {
	awk -v x="$1" -v n="$2" -v dir="$T" 'BEGIN {
		print "id,date,attended,ended" >(dir "/dr.csv")
		print "id,sessions_recommended" >(dir "/dri.csv")
		for (i = 1; i <= n; i++) {
			id = sprintf("D%02d", i)
			print id ",2027-01-04,no,yes" >(dir "/dr.csv")
			print id "," (i <= x ? 10 : 1) >(dir "/dri.csv")
		}
	}'
}
t benchmark_exact_above
mk_dropouts 8 22
run ipt-report --as-of 2027-01-20 --intake "$T/dri.csv" -o json "$T/dr.csv"
want_rc 0
want_rate 0 dropout 8 22
want_jq '.outcomes[0].rates.dropout.ci_low' 19.7
want_jq '.benchmarks[4] | "\(.rate) \(.verdict)"' "dropout above"
t benchmark_exact_below
mk_dropouts 8 75
run ipt-report --as-of 2027-01-20 --intake "$T/dri.csv" -o json "$T/dr.csv"
want_rc 0
want_rate 0 dropout 8 75
want_jq '.outcomes[0].rates.dropout.ci_high' 19.7
want_jq '.benchmarks[4] | "\(.rate) \(.verdict)"' "dropout below"

# The json report's keys, in the order of section 6.
t json_key_order
run ipt-report --as-of $AS --intake "$IN" --plans "$PL" -o json "$T/c.csv"
want_jq 'keys_unsorted | join(" ")' \
    "report version as_of period inputs safety not_assessed period_activity due overdue outcomes benchmarks trajectory data_quality"
want_jq '.inputs | keys_unsorted | join(" ")' \
    "records_read records_used records_flagged records_future records_invalid patients"
want_jq '.safety[0] | keys_unsorted | join(" ")' \
    "id last_record latest_risk risk dep_last worsening"
want_jq '.safety[0].risk | keys_unsorted | join(" ")' \
    "phq9_risk phqa_risk epds_risk cssrs_risk"
want_jq '.outcomes[0] | keys_unsorted | join(" ")' "group counts scores rates"
want_jq '.outcomes[0].counts | keys_unsorted | join(" ")' \
    "patients active ended finished dropouts sessions_mean sessions_median"
want_jq '.outcomes[0].scores | keys_unsorted | join(" ")' \
    "n first_mean last_mean change_mean first_sd effect_size_d"
want_jq '.due[0] | keys_unsorted | join(" ")' "id date kind session measures"

# ================================================ 4. the safety list, by property
#
# 20 random cohorts of 40 patients (tool.py prop-gen SEED: random as-of,
# --window 1-21, --inactive-days 7-45, ties on (date, session), invalid
# and missing risk values, C-SSRS levels, invalid sessions, attended
# values, totals, ended and end_date, future-dated and invalid records).
# tool.py computes the safety list and the not-assessed line by section
# 3 and 6.2 on its own, and checks: json list equal in order, json
# latest_risk levels, json not_assessed equal, md table ids in order, md
# not-assessed line, html holds every id; with --redact: json count,
# by_risk and not_assessed count, and no id anywhere in md, html, json,
# csv.
seed=1
while [ $seed -le 20 ]; do
	t "safety_property_$seed"
	P=$T/prop$seed
	mkdir -p "$P"
	set -- $($TOOL prop-gen $seed "$P")
	for fmt in md html json; do
		ipt-report -q --as-of "$1" --window "$2" --inactive-days "$3" \
		    -o $fmt "$P/in.csv" >"$P/out.$fmt" 2>/dev/null
	done
	for fmt in md html json csv; do
		ipt-report -q --redact --as-of "$1" --window "$2" \
		    --inactive-days "$3" -o $fmt "$P/in.csv" >"$P/red.$fmt" \
		    2>/dev/null
	done
	$TOOL prop-check "$P" >"$P/res" 2>&1
	py_checks <"$P/res"
	# ten checks a cohort, none lost to a crash
	[ "$(grep -c '^ok ' "$P/res")" -eq 10 ] && ok ||
		bad "tool.py prop-check did not report 10 passes" "$P/res"
	seed=$((seed + 1))
done

# The small cohort redacted: count 6 (P8 P9 P11 P12 P13 P3), by risk one
# each, not_assessed 2 (P14 P3), worsening-only 1 (P3); due and overdue
# become counts (4 and 2); no "P<digit>" id anywhere in any format.
t redact_small
run ipt-report --redact --as-of $AS --intake "$IN" --plans "$PL" -o json "$T/c.csv"
want_rc 1
want_jq '.safety | tostring' \
    '{"count":6,"by_risk":{"high":1,"moderate":1,"positive":1,"unknown":1,"low":1,"not_assessed":2,"worsening":1}}'
want_jq '"\(.not_assessed) \(.due) \(.overdue)"' "2 4 2"
for fmt in md html json csv; do
	run ipt-report --redact --as-of $AS --intake "$IN" --plans "$PL" \
	    --by site -o $fmt "$T/c.csv"
	if grep -q 'P[0-9]' "$T/out"; then
		bad "an id in the redacted $fmt report" "$T/out"; else ok; fi
done

# ================================================ 5. determinism

# shuffled record order, and JSON Lines, give byte-identical reports
t determinism
$TOOL shuffle 7 <"$T/c.csv" >"$T/s1.csv"
$TOOL shuffle 8 <"$T/c.csv" >"$T/s2.csv"
$TOOL jsonl <"$R/cohort.txt" | awk 'NR % 2 == 0' >"$T/even.jsonl"
$TOOL jsonl <"$R/cohort.txt" | awk 'NR % 2 == 1' >"$T/odd.jsonl"
cat "$T/even.jsonl" "$T/odd.jsonl" >"$T/s.jsonl"
for fmt in md html json csv; do
	o="--as-of $AS --intake $IN --plans $PL --by site,focal_area -o $fmt"
	ipt-report $o "$T/c.csv" >"$T/base.$fmt" 2>/dev/null
	for v in s1.csv s2.csv c.jsonl s.jsonl; do
		run ipt-report $o "$T/$v"
		want_rc 1
		want_out_file "$T/base.$fmt"
	done
	run ipt-report $o "$T/c.csv"
	want_out_file "$T/base.$fmt"
done

# SOURCE_DATE_EPOCH: 2027-03-01 is 57 x 365 + 14 leap days (1972 ...
# 2024) + 31 + 28 = 20878 days after 1970-01-01; 20878 x 86400 =
# 1803859200; + 86399 = 1803945599 is 23:59:59 UTC that day, already
# 2027-03-02 in a UTC+14 zone: the UTC date is the default as-of.
t source_date_epoch
run env TZ=Etc/GMT-14 SOURCE_DATE_EPOCH=1803945599 ipt-report \
    --intake "$IN" --plans "$PL" -o json "$T/c.csv"
want_rc 1
want_out_file "$T/report.json"
run env SOURCE_DATE_EPOCH=1803859200 ipt-report --intake "$IN" \
    --plans "$PL" -o json "$T/c.csv"
want_out_file "$T/report.json"
# --as-of wins over SOURCE_DATE_EPOCH
ipt-report --as-of 2027-02-20 -o json "$T/c.csv" >"$T/feb20.json" 2>/dev/null
run env SOURCE_DATE_EPOCH=1803945599 ipt-report --as-of 2027-02-20 \
    -o json "$T/c.csv"
want_out_file "$T/feb20.json"
want_jq .as_of 2027-02-20

# ================================================ 6. usage errors

t usage_partial_intake
run ipt-report --partial --intake "$IN" "$T/c.csv"
want_usage --intake
t usage_partial_plans
run ipt-report --partial --plans "$PL" "$T/c.csv"
want_usage --plans
t usage_partial_merge
run ipt-report --partial --merge "$T/c.csv"
want_usage --merge
for d in 2027-02-29 2027-13-01 tomorrow 1/3/2027 ''; do
	t "usage_as_of_$d"
	run ipt-report --as-of "$d" "$T/c.csv"
	want_usage --as-of
done
for w in 0 -1 x 1x ''; do
	t "usage_window_$w"
	run ipt-report --window "$w" "$T/c.csv"
	want_usage --window
done
for b in site,,focal_area ,site site, '' site,site site,focal_area,site; do
	t "usage_by_$b"
	run ipt-report --by "$b" "$T/c.csv"
	want_usage --by
done
t usage_jsonl_report
run ipt-report -o jsonl "$T/c.csv"
want_usage -o
t usage_patients_md
run ipt-report --patients -o md "$T/c.csv"
want_usage --patients
t usage_patients_html
run ipt-report --patients -o html "$T/c.csv"
want_usage --patients

# ================================================ 7. sharding

# split the small cohort's records into 3 files, 10 random ways; each
# part's partial state, concatenated, merged, equals the unsplit report
# byte for byte (section 8), with and without --by site, with --intake
# and --plans given at merge time.
for fmt in md json csv html; do
	ipt-report --as-of $AS -o $fmt "$T/c.csv" >"$T/u.$fmt" 2>/dev/null
	ipt-report --as-of $AS --intake "$IN" --plans "$PL" -o $fmt \
	    "$T/c.csv" >"$T/ui.$fmt" 2>/dev/null
	ipt-report --as-of $AS --intake "$IN" --plans "$PL" --by site \
	    -o $fmt "$T/c.csv" >"$T/ub.$fmt" 2>/dev/null
done
ipt-report --as-of $AS --intake "$IN" --plans "$PL" --by site --patients \
    -o csv "$T/c.csv" >"$T/ub.patients" 2>/dev/null
split=1
while [ $split -le 10 ]; do
	t "shard_split_$split"
	$TOOL split $split 3 "$T/c.csv" "$T/part"
	: >"$T/all.jsonl"
	: >"$T/allb.jsonl"
	for k in 1 2 3; do
		ipt-report --partial --as-of $AS "$T/part$k.csv" \
		    >>"$T/all.jsonl" 2>/dev/null
		ipt-report --partial --as-of $AS --by site "$T/part$k.csv" \
		    >>"$T/allb.jsonl" 2>/dev/null
	done
	for fmt in md json csv html; do
		run ipt-report --merge --as-of $AS -o $fmt "$T/all.jsonl"
		want_out_file "$T/u.$fmt"
		run ipt-report --merge --as-of $AS --intake "$IN" --plans "$PL" \
		    -o $fmt "$T/all.jsonl"
		want_out_file "$T/ui.$fmt"
		run ipt-report --merge --as-of $AS --intake "$IN" --plans "$PL" \
		    --by site -o $fmt "$T/allb.jsonl"
		want_out_file "$T/ub.$fmt"
	done
	run ipt-report --merge --as-of $AS --intake "$IN" --plans "$PL" \
	    --by site --patients -o csv "$T/allb.jsonl"
	want_out_file "$T/ub.patients"
	split=$((split + 1))
done

# every partial record carries "ipt_report_partial":1; one trailer
t shard_partial_format
run ipt-report --partial --as-of $AS "$T/c.csv"
want_rc 1
want_jq_s '[.[] | .ipt_report_partial] | unique | tostring' "[1]"
# 14 patients + 1 trailer
want_lines 15

# --merge refuses a different --as-of, --window, --inactive-days or --by
t shard_mismatch_as_of
ipt-report --partial --as-of $AS "$T/c.csv" >"$T/p.jsonl" 2>/dev/null
run ipt-report --merge --as-of 2027-03-02 "$T/p.jsonl"
want_rc 65
want_err_has "as_of"
t shard_mismatch_window
run ipt-report --merge --as-of $AS --window 8 "$T/p.jsonl"
want_rc 65
want_err_has "window"
t shard_mismatch_inactive
run ipt-report --merge --as-of $AS --inactive-days 27 "$T/p.jsonl"
want_rc 65
t shard_mismatch_by
run ipt-report --merge --as-of $AS --by site "$T/p.jsonl"
want_rc 65
# a session record (CSV, or a JSON object without the marker), or a
# marker other than 1
t shard_not_partial_csv
run ipt-report --merge --as-of $AS "$T/c.csv"
want_rc 65
t shard_not_partial_jsonl
run ipt-report --merge --as-of $AS "$T/c.jsonl"
want_rc 65
t shard_partial_version_2
{ head -2 "$T/p.jsonl"; echo '{"ipt_report_partial":2}'; } >"$T/p2.jsonl"
run ipt-report --merge --as-of $AS "$T/p2.jsonl"
want_rc 65

finish report
