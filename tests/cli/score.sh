#!/bin/sh
# CLI tests for ipt-score (spec: ipt-score.md; io.md sections 5 and 7).
# Expected values are written by hand from the spec, never pasted from
# the program's output.
. "$(dirname "$0")/../lib.sh"

D=$(cd "$(dirname "$0")" && pwd)/data/score
VERSION=$(sed -n 's/^VERSION *= *//p' "$D/../../../../Makefile")

# ---------------------------------------------------------------- helpers

# hdr PFX N: the item header PFX_1,...,PFX_N
hdr() {
	awk -v p="$1" -v k="$2" 'BEGIN {
		for (i = 1; i <= k; i++) printf "%s%s_%d", (i > 1 ? "," : ""), p, i
		print "" }'
}

# fill N LO HI TOTAL: N item values in LO..HI summing to TOTAL (greedy)
fill() {
	awk -v k="$1" -v lo="$2" -v hi="$3" -v tot="$4" 'BEGIN {
		r = tot - k * lo
		for (i = 1; i <= k; i++) {
			a = r > hi - lo ? hi - lo : r
			r -= a
			printf "%s%d", (i > 1 ? "," : ""), lo + a
		}
		print "" }'
}

# rep N VALUE: VALUE N times, comma-separated
rep() {
	awk -v k="$1" -v v="$2" 'BEGIN {
		for (i = 1; i <= k; i++) printf "%s%s", (i > 1 ? "," : ""), v
		print "" }'
}

# csv LINE...: write the lines to $T/in.csv
csv() { printf '%s\n' "$@" >"$T/in.csv"; }

# ------------------------------------------- 1. band edges, every instrument

# edges PFX N LO HI; stdin: lines "TOTAL BAND EXTRA" (EXTRA: caseness or
# percent where the instrument has one, else -)
edges() {
	e_p=$1 e_n=$2 e_lo=$3 e_hi=$4
	while read -r e_tot e_band e_extra; do
		t "band_${e_p}_${e_tot}_${e_band}"
		{ hdr "$e_p" "$e_n"; fill "$e_n" "$e_lo" "$e_hi" "$e_tot"; } >"$T/in.csv"
		run ipt-score "$T/in.csv" </dev/null
		want_rc 0
		want_field 1 "${e_p}_total" "$e_tot"
		want_field 1 "${e_p}_band" "$e_band"
		want_field 1 "${e_p}_status" complete
		case $e_p in
		phq9) want_field 1 phq9_caseness "$e_extra" ;;
		gad7) want_field 1 gad7_caseness "$e_extra" ;;
		who5) want_field 1 who5_percent "$e_extra" ;;
		esac
	done
}

edges phq9 9 0 3 <<'EOF'
0 minimal no
4 minimal no
5 mild no
9 mild no
10 moderate yes
14 moderate yes
15 moderately_severe yes
19 moderately_severe yes
20 severe yes
27 severe yes
EOF

edges phqa 9 0 3 <<'EOF'
0 minimal -
4 minimal -
5 mild -
9 mild -
10 moderate -
14 moderate -
15 moderately_severe -
19 moderately_severe -
20 severe -
27 severe -
EOF

edges phq2 2 0 3 <<'EOF'
0 negative -
2 negative -
3 positive -
6 positive -
EOF

edges gad7 7 0 3 <<'EOF'
0 minimal no
4 minimal no
5 mild no
7 mild no
8 mild yes
9 mild yes
10 moderate yes
14 moderate yes
15 severe yes
21 severe yes
EOF

edges gad2 2 0 3 <<'EOF'
0 negative -
2 negative -
3 positive -
6 positive -
EOF

edges epds 10 0 3 <<'EOF'
0 unlikely -
9 unlikely -
10 possible -
12 possible -
13 likely -
30 likely -
EOF

edges wsas 5 0 8 <<'EOF'
0 subclinical -
9 subclinical -
10 significant -
20 significant -
21 severe -
40 severe -
EOF

edges k10 10 1 5 <<'EOF'
10 low -
15 low -
16 moderate -
21 moderate -
22 high -
29 high -
30 very_high -
50 very_high -
EOF

edges who5 5 0 5 <<'EOF'
0 depression_likely 0
7 depression_likely 28
8 poor 32
12 poor 48
13 good 52
25 good 100
EOF

# phq9 caseness at 9/10 with a prorated total too
t caseness_phq9_prorated_10
csv "$(hdr phq9 9)" "2,2,2,2,0,0,1,0,"
# 8 answered, sum 9: (2*9*9+8)/16 = 170/16 = 10
run ipt-score "$T/in.csv"
want_field 1 phq9_total 10
want_field 1 phq9_status prorated
want_field 1 phq9_caseness yes

t caseness_empty_without_total
csv "$(hdr phq9 9),$(hdr gad7 7)" "1,1,1,1,1,1,,,,1,,,,,,"
run ipt-score "$T/in.csv"
want_field 1 phq9_status insufficient
want_field 1 phq9_caseness ""
want_field 1 gad7_status insufficient
want_field 1 gad7_caseness ""

# ---------------------------------------------------------- 2. proration

t prorate_phq9_spec_example_8_answered_13
csv "$(hdr phq9 9)" "3,3,3,2,2,0,0,0,"
# (2*13*9+8)/16 = 242/16 = 15
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_total 15
want_field 1 phq9_band moderately_severe
want_field 1 phq9_status prorated
want_field 1 phq9_risk unknown
want_no_err

t prorate_phq9_half_up_4_5_to_5
csv "$(hdr phq9 9)" ",1,1,1,1,0,0,0,0"
# 8 answered, sum 4: 36/8 = 4.5 -> 5 (2*4*9+8)/16 = 80/16 = 5
run ipt-score "$T/in.csv"
want_field 1 phq9_total 5
want_field 1 phq9_band mild
want_field 1 phq9_status prorated
want_field 1 phq9_risk not_endorsed

t prorate_phq9_half_up_13_5_to_14
csv "$(hdr phq9 9)" "3,3,3,3,,0,0,0,0"
# 8 answered, sum 12: 108/8 = 13.5 -> 14
run ipt-score "$T/in.csv"
want_field 1 phq9_total 14
want_field 1 phq9_band moderate
want_field 1 phq9_status prorated

t prorate_phq9_below_half_rounds_down
csv "$(hdr phq9 9)" "1,1,1,,0,0,0,0,0"
# 8 answered, sum 3: 27/8 = 3.375 -> 3  (2*3*9+8)/16 = 62/16 = 3
run ipt-score "$T/in.csv"
want_field 1 phq9_total 3
want_field 1 phq9_band minimal

t prorate_phq9_two_missing_7_answered_13
csv "$(hdr phq9 9)" "3,3,3,2,2,,,0,0"
# (2*13*9+7)/14 = 241/14 = 17
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_total 17
want_field 1 phq9_band moderately_severe
want_field 1 phq9_status prorated
want_field 1 phq9_caseness yes

t prorate_phq9_three_missing_insufficient
csv "$(hdr phq9 9)" "3,3,3,2,2,,,,0"
run ipt-score --stats "$T/in.csv"
want_rc 0
want_field 1 phq9_total ""
want_field 1 phq9_band ""
want_field 1 phq9_status insufficient
want_field 1 phq9_risk not_endorsed
want_field 1 phq9_caseness ""
want_err "ipt-score: records in 1, out 1, rejected 0, flagged 0; insufficient 1"

t insufficient_is_not_a_flag_no_summary
run ipt-score "$T/in.csv"
want_rc 0
want_no_err

t insufficient_counts_records_not_instruments
csv "$(hdr phq9 9),$(hdr gad7 7)" \
	"1,,,,,,,,,1,,,,,," \
	"1,,,,,,,,,0,0,0,0,0,0,0" \
	"0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"
run ipt-score --stats "$T/in.csv"
want_rc 0
want_err "ipt-score: records in 3, out 3, rejected 0, flagged 0; insufficient 2"

t insufficient_with_flag_summary_appends
csv "$(hdr phq9 9)" "1,,,,,,,," "9,0,0,0,0,0,0,0,0"
run ipt-score "$T/in.csv"
want_rc 1
want_err_has "ipt-score: records in 2, out 2, rejected 0, flagged 1; insufficient 1"

t prorate_gad7_two_missing
csv "$(hdr gad7 7)" "2,2,1,1,1,,"
# 5 answered, sum 7: (2*7*7+5)/10 = 103/10 = 10
run ipt-score "$T/in.csv"
want_field 1 gad7_total 10
want_field 1 gad7_band moderate
want_field 1 gad7_status prorated
want_field 1 gad7_caseness yes

t prorate_gad7_three_missing_insufficient
csv "$(hdr gad7 7)" "3,3,3,3,,,"
run ipt-score "$T/in.csv"
want_field 1 gad7_total ""
want_field 1 gad7_status insufficient

t prorate_wsas_one_missing
csv "$(hdr wsas 5)" "3,2,2,2,"
# 4 answered, sum 9: (2*9*5+4)/8 = 94/8 = 11
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_total 11
want_field 1 wsas_band significant
want_field 1 wsas_status prorated

t prorate_wsas_half_up
csv "$(hdr wsas 5)" "2,0,0,0,"
# 4 answered, sum 2: 10/4 = 2.5 -> 3  (2*2*5+4)/8 = 24/8 = 3
run ipt-score "$T/in.csv"
want_field 1 wsas_total 3
want_field 1 wsas_status prorated

t prorate_wsas_two_missing_insufficient
csv "$(hdr wsas 5)" "3,2,2,,"
run ipt-score --stats "$T/in.csv"
want_rc 0
want_field 1 wsas_total ""
want_field 1 wsas_band ""
want_field 1 wsas_status insufficient
want_err "ipt-score: records in 1, out 1, rejected 0, flagged 0; insufficient 1"

t wsas_na_counts_as_missing_prorated
csv "$(hdr wsas 5)" "na,8,8,8,8"
# 4 answered, sum 32: (2*32*5+4)/8 = 324/8 = 40
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_total 40
want_field 1 wsas_band severe
want_field 1 wsas_status prorated
want_no_err

t wsas_na_upper_case_accepted
csv "$(hdr wsas 5)" "NA,1,1,1,1"
# (2*4*5+4)/8 = 44/8 = 5
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_total 5
want_field 1 wsas_status prorated

t wsas_na_plus_one_missing_insufficient
csv "$(hdr wsas 5)" "na,8,8,8,"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_total ""
want_field 1 wsas_status insufficient

t wsas_na_alone_insufficient_not_absent
csv "$(hdr wsas 5)" "na,,,,"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_total ""
want_field 1 wsas_band ""
want_field 1 wsas_status insufficient

t wsas_na_in_item2_invalid
csv "$(hdr wsas 5)" "1,na,1,1,1"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 wsas_total ""
want_field 1 wsas_band ""
want_field 1 wsas_status invalid
want_err_has "ipt-score: $T/in.csv:2: record 1: field 'wsas_2': 'na' is only allowed in wsas_1"

t wsas_empty_absent
csv "$(hdr wsas 5),x" ",,,,,1"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 wsas_status absent
want_field 1 wsas_total ""

# max missing 0: one missing item is insufficient
for m in k10:10 epds:10 who5:5 phq2:2 gad2:2; do
	p=${m%%:*} k=${m#*:}
	t "max_missing_0_${p}_one_missing_insufficient"
	row=$(rep "$k" 1 | sed 's/,1$/,/')
	csv "$(hdr "$p" "$k")" "$row"
	run ipt-score --stats "$T/in.csv"
	want_rc 0
	want_field 1 "${p}_total" ""
	want_field 1 "${p}_band" ""
	want_field 1 "${p}_status" insufficient
	want_err "ipt-score: records in 1, out 1, rejected 0, flagged 0; insufficient 1"
done

t who5_percent_empty_when_insufficient
csv "$(hdr who5 5)" "5,5,5,5,"
run ipt-score "$T/in.csv"
want_field 1 who5_percent ""

t k10_zero_is_outside_range
csv "$(hdr k10 10)" "0,1,1,1,1,1,1,1,1,1"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 k10_status invalid
want_err_has "field 'k10_1': '0' is outside 1..5"

# ----------------------------------------------------------- 3. C-SSRS

CSSRS_HDR=cssrs_1,cssrs_2,cssrs_3,cssrs_4,cssrs_5,cssrs_6,cssrs_6_recent
# name|1|2|3|4|5|6|recent|risk|status|flagged
while IFS='|' read -r c_name c1 c2 c3 c4 c5 c6 c7 c_risk c_status c_flag; do
	t "cssrs_$c_name"
	csv "$CSSRS_HDR,id" "$c1,$c2,$c3,$c4,$c5,$c6,$c7,r1"
	run ipt-score "$T/in.csv" </dev/null
	want_field 1 cssrs_risk "$c_risk"
	want_field 1 cssrs_status "$c_status"
	if [ "$c_flag" = y ]; then
		want_rc 1
		want_err_has "is not yes or no"
	else
		want_rc 0
		want_no_err
	fi
done <<'EOF'
rule0_nothing_answered|||||||||absent|
rule1_item4_yes|yes|yes|no|yes|no|no||high|complete|
rule1_item5_yes|yes|yes|no|no|yes|no||high|complete|
rule1_item5_yes_item2_no_used_literally|no|no|||yes|no||high|complete|
rule1_item4_yes_rest_missing||||yes||||high|complete|
rule1_beats_invalid_item1|maybe|yes|no|yes|no|no||high|invalid|y
rule2_item6_recent_yes|no|no|||no|yes|yes|high|complete|
rule2_item6_recent_missing|no|no|||no|yes||high|complete|
rule2_item6_recent_invalid_counts_as_missing|no|no|||no|yes|soon|high|invalid|y
rule2_before_rule5_item1_missing||no||||yes|yes|high|complete|
rule3_item3_yes|yes|yes|yes|no|no|no||moderate|complete|
rule3_item3_yes_item1_missing||yes|yes|no|no|no||moderate|complete|
rule4_item6_yes_recent_no|no|no|||no|yes|no|moderate|complete|
rule4_item6_yes_recent_no_item1_yes|yes|yes|no|no|no|yes|no|moderate|complete|
rule5_item1_missing||no||||no||unknown|incomplete|
rule5_item2_missing|no|||||no||unknown|incomplete|
rule5_item6_missing|yes|no||||||unknown|incomplete|
rule5_item1_invalid|maybe|no||||no||unknown|invalid|y
rule5_item6_invalid|no|no||||2||unknown|invalid|y
rule5_recent_only|||||||no|unknown|incomplete|
rule6_item2_yes_item3_missing|yes|yes||no|no|no||unknown|incomplete|
rule6_item2_yes_item5_missing|yes|yes|no|no||no||unknown|incomplete|
rule6_item2_yes_items3to5_missing|yes|yes||||no||unknown|incomplete|
rule6_item4_invalid_counts_as_missing|yes|yes|no|perhaps|no|no||unknown|invalid|y
rule7_item1_yes|yes|no||||no||low|complete|
rule7_item2_yes_items3to5_no|no|yes|no|no|no|no||low|complete|
rule7_item1_yes_recent_no|yes|no||||no|no|low|complete|
rule8_all_no|no|no||||no||not_endorsed|complete|
rule8_all_no_items3to5_answered|no|no|no|no|no|no|no|not_endorsed|complete|
rule8_recent_invalid_flagged|no|no||||no|x|not_endorsed|invalid|y
EOF

# yes/no spellings, any case
while IFS='|' read -r c_name c1 c2 c3 c4 c5 c6 c7 c_risk; do
	t "cssrs_values_$c_name"
	csv "$CSSRS_HDR" "$c1,$c2,$c3,$c4,$c5,$c6,$c7"
	run ipt-score "$T/in.csv" </dev/null
	want_rc 0
	want_field 1 cssrs_risk "$c_risk"
	want_field 1 cssrs_status complete
done <<'EOF'
y_n_lower|y|y|n|n|n|n||low
Y_N_upper|Y|Y|N|N|N|N||low
true_false|TRUE|True|false|FALSE|False|false||low
one_zero|1|1|0|0|0|0||low
YES_No_mixed|YES|No|||nO|No||low
yes_high_via_Y|n|n|||Y|n||high
recent_True|no|no|||no|yes|True|high
recent_0|no|no|||no|Yes|0|moderate
EOF

t cssrs_invalid_message_form
csv "$CSSRS_HDR" "no,no,,,,no," "no,no,,,,nope,"
run ipt-score <"$T/in.csv"
want_rc 1
want_err "ipt-score: <stdin>:3: record 2: field 'cssrs_6': 'nope' is not yes or no
ipt-score: records in 2, out 2, rejected 0, flagged 1"
want_field 1 cssrs_risk not_endorsed
want_field 2 cssrs_risk unknown
want_field 2 cssrs_status invalid

t cssrs_columns_no_total_or_band
csv "$CSSRS_HDR" "no,no,,,,no,"
run ipt-score "$T/in.csv"
want_line 1 "$CSSRS_HDR,cssrs_risk,cssrs_status"

t cssrs_json_booleans_and_numbers
printf '%s\n' '{"cssrs_1":true,"cssrs_2":false,"cssrs_6":0}' \
	'{"cssrs_1":false,"cssrs_2":false,"cssrs_6":1,"cssrs_6_recent":false}' \
	'{"cssrs_1":"Y","cssrs_2":"n","cssrs_6":"no","cssrs_6_recent":null}' >"$T/in.jsonl"
run ipt-score "$T/in.jsonl"
want_rc 0
want_jq_s '[.[].cssrs_risk]|join(" ")' "low moderate low"

# ------------------------------------------------------- 4. risk semantics

t risk_phq9_9_missing_prorated_unknown
csv "$(hdr phq9 9)" "1,1,1,1,1,1,1,1,"
# (2*8*9+8)/16 = 152/16 = 9
run ipt-score "$T/in.csv"
want_field 1 phq9_total 9
want_field 1 phq9_status prorated
want_field 1 phq9_risk unknown

t risk_phq9_9_missing_insufficient_unknown
csv "$(hdr phq9 9)" "0,0,0,0,0,0,,,"
run ipt-score "$T/in.csv"
want_field 1 phq9_status insufficient
want_field 1 phq9_risk unknown

t risk_phq9_9_answered_insufficient_positive
csv "$(hdr phq9 9)" ",,,,,,,,2"
run ipt-score "$T/in.csv"
want_field 1 phq9_status insufficient
want_field 1 phq9_risk positive

t risk_phq9_9_zero_insufficient_not_endorsed
csv "$(hdr phq9 9)" ",,,,,,,,0"
run ipt-score "$T/in.csv"
want_field 1 phq9_status insufficient
want_field 1 phq9_risk not_endorsed

t risk_phq9_9_blank_spaces_is_missing
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,  "
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_status prorated
want_field 1 phq9_risk unknown

t risk_phq9_9_invalid_unknown_flagged
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,x"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 phq9_status invalid
want_field 1 phq9_risk unknown
want_field 1 phq9_total ""
want_err_has "field 'phq9_9': 'x'"

t risk_phq9_9_out_of_range_unknown_flagged
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,4"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 phq9_risk unknown
want_err_has "field 'phq9_9': '4' is outside 0..3"

t risk_phq9_valid_item9_with_other_invalid
csv "$(hdr phq9 9)" "9,0,0,0,0,0,0,0,0"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 phq9_status invalid
want_field 1 phq9_risk not_endorsed

t risk_phq9_9_zero_not_endorsed
csv "$(hdr phq9 9)" "3,3,3,3,3,3,3,3,0"
run ipt-score "$T/in.csv"
want_field 1 phq9_total 24
want_field 1 phq9_risk not_endorsed

t risk_phq9_9_one_positive
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,1"
run ipt-score "$T/in.csv"
want_field 1 phq9_total 1
want_field 1 phq9_risk positive

t risk_phq9_9_three_positive
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,3"
run ipt-score "$T/in.csv"
want_field 1 phq9_risk positive

t risk_phq9_absent_empty
csv "$(hdr phq9 9),$(hdr gad2 2)" ",,,,,,,,,1,1"
run ipt-score "$T/in.csv"
want_field 1 phq9_status absent
want_field 1 phq9_risk ""
want_field 1 phq9_caseness ""
want_field 1 gad2_total 2

t risk_phq9_written_when_item9_column_missing
csv "$(hdr phq9 8)" "1,1,1,1,1,1,1,1"
run ipt-score "$T/in.csv"
want_field 1 phq9_status prorated
want_field 1 phq9_total 9
want_field 1 phq9_risk unknown

# PHQ-A and its extra columns
PHQA=$(hdr phqa 9)
t risk_phqa_no_extra_columns_zero
csv "$PHQA" "1,1,1,1,1,1,1,1,0"
run ipt-score "$T/in.csv"
want_field 1 phqa_total 8
want_field 1 phqa_risk not_endorsed

t risk_phqa_extras_both_no
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "1,1,1,1,1,1,1,1,0,no,no"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phqa_risk not_endorsed

t risk_phqa_extra_month_only_column_no
csv "$PHQA,phqa_suicide_month" "1,1,1,1,1,1,1,1,0,no"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk not_endorsed

t risk_phqa_extra_present_empty_unknown
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "1,1,1,1,1,1,1,1,0,,no"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phqa_risk unknown
want_field 1 phqa_status complete

t risk_phqa_attempt_present_empty_unknown
csv "$PHQA,phqa_attempt_ever" "1,1,1,1,1,1,1,1,0,"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk unknown

t risk_phqa_month_yes_positive
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "0,0,0,0,0,0,0,0,0,yes,no"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk positive
want_field 1 phqa_total 0

t risk_phqa_attempt_yes_positive
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "0,0,0,0,0,0,0,0,0,no,Y"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk positive

t risk_phqa_item9_positive_extras_no
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "0,0,0,0,0,0,0,0,2,no,no"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk positive

t risk_phqa_yes_without_items_positive
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" ",,,,,,,,,,yes"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phqa_status absent
want_field 1 phqa_total ""
want_field 1 phqa_risk positive

t risk_phqa_no_without_items_unknown
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" ",,,,,,,,,no,no"
run ipt-score "$T/in.csv"
want_field 1 phqa_status absent
want_field 1 phqa_risk unknown

t risk_phqa_all_empty_risk_empty
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" ",,,,,,,,,,"
run ipt-score "$T/in.csv"
want_field 1 phqa_status absent
want_field 1 phqa_risk ""

t risk_phqa_item9_missing_extras_no_unknown
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "0,0,0,0,0,0,0,0,,no,no"
run ipt-score "$T/in.csv"
want_field 1 phqa_status prorated
want_field 1 phqa_risk unknown

t risk_phqa_extra_invalid_flagged_status_kept
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "1,1,1,1,1,1,1,1,0,maybe,no"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 phqa_status complete
want_field 1 phqa_total 8
want_field 1 phqa_risk unknown
want_err_has "field 'phqa_suicide_month': 'maybe' is not yes or no"

t risk_phqa_extra_invalid_other_yes_positive
csv "$PHQA,phqa_suicide_month,phqa_attempt_ever" "1,1,1,1,1,1,1,1,0,maybe,yes"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 phqa_risk positive

t risk_phqa_extra_columns_any_case
csv "$PHQA,PHQA_Suicide_Month,Phqa_Attempt_Ever" "0,0,0,0,0,0,0,0,0,no,YES"
run ipt-score "$T/in.csv"
want_field 1 phqa_risk positive

t risk_phqa_extra_columns_not_items_for_detection
csv "phqa_suicide_month,phqa_attempt_ever,id" "yes,no,1"
run ipt-score "$T/in.csv"
want_rc 0
want_out "phqa_suicide_month,phqa_attempt_ever,id
yes,no,1"
want_err_lines 1

# EPDS risk, score and position coding
EPDS=$(hdr epds 10)
t risk_epds_10_zero_not_endorsed
csv "$EPDS" "3,3,3,3,3,3,3,3,3,0"
run ipt-score "$T/in.csv"
want_field 1 epds_total 27
want_field 1 epds_risk not_endorsed

t risk_epds_10_one_positive
csv "$EPDS" "0,0,0,0,0,0,0,0,0,1"
run ipt-score "$T/in.csv"
want_field 1 epds_total 1
want_field 1 epds_band unlikely
want_field 1 epds_risk positive

t risk_epds_10_missing_unknown
csv "$EPDS" "0,0,0,0,0,0,0,0,0,"
run ipt-score "$T/in.csv"
want_field 1 epds_status insufficient
want_field 1 epds_risk unknown

t risk_epds_10_invalid_unknown
csv "$EPDS" "0,0,0,0,0,0,0,0,0,yes"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 epds_status invalid
want_field 1 epds_risk unknown

t risk_epds_absent_empty
csv "$EPDS,x" ",,,,,,,,,,1"
run ipt-score "$T/in.csv"
want_field 1 epds_status absent
want_field 1 epds_risk ""

t epds_position_10_at_3_not_endorsed
csv "$EPDS" "0,0,3,0,3,3,3,3,3,3"
# every score 0
run ipt-score --coding position "$T/in.csv"
want_rc 0
want_field 1 epds_total 0
want_field 1 epds_band unlikely
want_field 1 epds_risk not_endorsed

t epds_position_10_at_0_positive
csv "$EPDS" "0,0,3,0,3,3,3,3,3,0"
# only item 10 scores: 3 - 0 = 3
run ipt-score --coding position "$T/in.csv"
want_field 1 epds_total 3
want_field 1 epds_risk positive

t epds_position_all_top_boxes
csv "$EPDS" "0,0,0,0,0,0,0,0,0,0"
# items 1,2,4 score 0; items 3,5..10 score 3: 21
run ipt-score --coding position "$T/in.csv"
want_field 1 epds_total 21
want_field 1 epds_band likely
want_field 1 epds_risk positive

t epds_position_all_bottom_boxes
csv "$EPDS" "3,3,3,3,3,3,3,3,3,3"
# items 1,2,4 score 3; others 0: 9
run ipt-score --coding position "$T/in.csv"
want_field 1 epds_total 9
want_field 1 epds_band unlikely
want_field 1 epds_risk not_endorsed

t epds_position_mixed
csv "$EPDS" "1,2,1,0,2,0,1,2,3,2"
# 1 + 2 + (3-1) + 0 + (3-2) + (3-0) + (3-1) + (3-2) + (3-3) + (3-2)
# = 1+2+2+0+1+3+2+1+0+1 = 13
run ipt-score --coding position "$T/in.csv"
want_field 1 epds_total 13
want_field 1 epds_band likely
want_field 1 epds_risk positive

t epds_score_coding_same_row_not_reversed
# score coding (default): 1+2+1+0+2+0+1+2+3+2 = 14
run ipt-score "$T/in.csv"
want_field 1 epds_total 14
want_field 1 epds_risk positive

t epds_coding_score_explicit
run ipt-score --coding score "$T/in.csv"
want_field 1 epds_total 14

t epds_position_range_checked_raw
csv "$EPDS" "0,0,4,0,0,0,0,0,0,0"
run ipt-score --coding position "$T/in.csv"
want_rc 1
want_field 1 epds_status invalid
want_err_has "field 'epds_3': '4' is outside 0..3"

t epds_coding_position_other_instruments_unchanged
csv "$(hdr phq9 9),$(hdr gad7 7)" "3,0,0,0,0,0,0,0,1,3,0,0,0,0,0,0"
run ipt-score --coding position "$T/in.csv"
want_field 1 phq9_total 4
want_field 1 phq9_risk positive
want_field 1 gad7_total 3

t epds_coding_invalid_word_usage_error
run ipt-score --coding reversed "$T/in.csv"
want_rc 64
want_err_lines 2
want_err_line 2 "Try 'ipt-score --help'."
want_no_out

# ----------------------------------------------------------- 5. idempotence

{
	printf 'id,%s,%s,%s,%s,%s,%s,note\n' "$(hdr phq9 9)" "$(hdr gad7 7)" \
		"$(hdr wsas 5)" "$(hdr who5 5)" "$(hdr epds 10)" "$CSSRS_HDR"
	echo "a1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,3,3,3,3,3,4,4,4,4,4,0,1,2,3,0,1,2,3,0,1,yes,yes,no,no,no,no,no,first"
	echo "a2,3,3,3,2,2,0,0,0,,1,,1,1,1,1,1,na,8,8,8,8,,,,,,,,,,,,,,,,no,no,,,,no,,  spaced  "
	echo "a3,1,,,,,,,,2,0,0,0,0,0,0,0,,,,,,5,5,5,5,5,3,3,3,3,3,3,3,3,3,3,maybe,yes,yes,no,no,no,,"
	echo "a4,,,,,,,,,,,,,,,,,1,2,3,9,1,1,1,1,1,1,,,,,,,,,,,,,,,,,,\"quoted, note\""
} >"$T/mix.csv"

t idempotent_csv_on_own_output
run ipt-score "$T/mix.csv"
want_rc 1
want_err_has "ipt-score: records in 4, out 4, rejected 0, flagged 2"
cp "$T/out" "$T/mix.out.csv"
run ipt-score "$T/mix.out.csv"
want_rc 1
want_out_file "$T/mix.out.csv"

t idempotent_csv_rerun_byte_identical
run ipt-score "$T/mix.csv"
want_out_file "$T/mix.out.csv"
cp "$T/err" "$T/err1"
run ipt-score "$T/mix.csv"
want_same "$T/err1" "$T/err"

t idempotent_csv_output_columns
want_line 1 "id,$(hdr phq9 9),$(hdr gad7 7),$(hdr wsas 5),$(hdr who5 5),$(hdr epds 10),$CSSRS_HDR,note,phq9_total,phq9_band,phq9_status,phq9_risk,phq9_caseness,gad7_total,gad7_band,gad7_status,gad7_caseness,epds_total,epds_band,epds_status,epds_risk,wsas_total,wsas_band,wsas_status,who5_total,who5_band,who5_status,who5_percent,cssrs_risk,cssrs_status"

t idempotent_csv_values
# a1: phq9 9 mild; gad7 14 moderate; wsas 15 significant; who5 20 good 80;
# epds 0+1+2+3+0+1+2+3+0+1 = 13 likely, risk positive; cssrs rule 8
want_field 1 phq9_total 9
want_field 1 phq9_band mild
want_field 1 phq9_caseness no
want_field 1 gad7_total 14
want_field 1 gad7_caseness yes
want_field 1 wsas_total 15
want_field 1 who5_percent 80
want_field 1 epds_total 13
want_field 1 epds_risk positive
want_field 1 cssrs_risk low
# a2: phq9 spec example -> 15; gad7 6 answered sum 6: (84+6)/12 = 7, no;
# wsas na prorated 40; who5/epds absent; cssrs not_endorsed
want_field 2 phq9_total 15
want_field 2 gad7_total 7
want_field 2 gad7_band mild
want_field 2 gad7_caseness no
want_field 2 wsas_total 40
want_field 2 who5_status absent
want_field 2 epds_status absent
want_field 2 cssrs_risk not_endorsed

t idempotent_jsonl_on_own_output
run ipt-score -o jsonl "$T/mix.csv"
cp "$T/out" "$T/mix.jsonl"
run ipt-score "$T/mix.jsonl"
want_rc 1
cp "$T/out" "$T/mix.out.jsonl"
run ipt-score "$T/mix.out.jsonl"
want_rc 1
want_out_file "$T/mix.out.jsonl"

t idempotent_jsonl_rerun_byte_identical
run ipt-score "$T/mix.jsonl"
want_out_file "$T/mix.out.jsonl"

t idempotent_json_on_own_output
run ipt-score -o json "$T/mix.csv"
cp "$T/out" "$T/mix.json"
run ipt-score "$T/mix.json"
want_rc 1
cp "$T/out" "$T/mix.out.json"
run ipt-score "$T/mix.out.json"
want_rc 1
want_out_file "$T/mix.out.json"

t idempotent_json_rerun_byte_identical
run ipt-score "$T/mix.json"
want_out_file "$T/mix.out.json"

t csv_to_json_items_typed_as_numbers
run ipt-score -o json "$T/mix.csv"
want_jq '.[0].phq9_1|type' number
want_jq '.[1].wsas_1' na
want_jq '.[1].phq9_9' null
want_jq '.[0].id' a1
want_jq '.[1].note' "  spaced  "
want_jq '.[3].note' "quoted, note"

t json_from_csv_scores_like_csv
# the JSON (numbers for items) scored again and written as CSV gives the
# CSV result byte for byte
run ipt-score -o csv "$T/mix.out.json"
want_out_file "$T/mix.out.csv"

# The same records hand-written as CSV, JSON Lines and a JSON array
cat >"$T/same.csv" <<'EOF'
id,phq9_1,phq9_2,phq9_3,phq9_4,phq9_5,phq9_6,phq9_7,phq9_8,phq9_9,wsas_1,wsas_2,wsas_3,wsas_4,wsas_5,cssrs_1,cssrs_2,cssrs_6
p1,3,3,3,2,2,0,0,0,,na,1,2,3,4,yes,no,no
p2,0,0,0,0,0,0,0,0,1,0,0,0,0,0,,,
p3,,,,,,,,,,8,8,8,8,8,no,no,yes
EOF
cat >"$T/same.jsonl" <<'EOF'
{"id":"p1","phq9_1":3,"phq9_2":3,"phq9_3":3,"phq9_4":2,"phq9_5":2,"phq9_6":0,"phq9_7":0,"phq9_8":0,"phq9_9":null,"wsas_1":"na","wsas_2":1,"wsas_3":2,"wsas_4":3,"wsas_5":4,"cssrs_1":"yes","cssrs_2":"no","cssrs_6":"no"}
{"id":"p2","phq9_1":0,"phq9_2":0,"phq9_3":0,"phq9_4":0,"phq9_5":0,"phq9_6":0,"phq9_7":0,"phq9_8":0,"phq9_9":1,"wsas_1":0,"wsas_2":0,"wsas_3":0,"wsas_4":0,"wsas_5":0,"cssrs_1":null,"cssrs_2":null,"cssrs_6":null}
{"id":"p3","phq9_1":null,"phq9_2":null,"phq9_3":null,"phq9_4":null,"phq9_5":null,"phq9_6":null,"phq9_7":null,"phq9_8":null,"phq9_9":null,"wsas_1":8,"wsas_2":8,"wsas_3":8,"wsas_4":8,"wsas_5":8,"cssrs_1":"no","cssrs_2":"no","cssrs_6":"yes"}
EOF
{
	echo "["
	sed '$!s/$/,/' "$T/same.jsonl"
	echo "]"
} >"$T/same.json"

t same_records_csv_jsonl_json
run ipt-score -o jsonl "$T/same.csv"
want_rc 0
cp "$T/out" "$T/same.from-csv"
run ipt-score -o jsonl "$T/same.jsonl"
want_rc 0
want_out_file "$T/same.from-csv"
run ipt-score -o jsonl "$T/same.json"
want_rc 0
want_out_file "$T/same.from-csv"

t same_records_values
# p1: phq9 (2*13*9+8)/16 = 15; wsas na: 4 answered sum 10: (100+4)/8 = 13
# cssrs: p1 rule 7; p2 rule 0; p3 rule 2 (no cssrs_6_recent column: missing)
want_jq_s '[.[].phq9_total]|map(tostring)|join(" ")' "15 1 null"
want_jq_s '[.[].wsas_total]|map(tostring)|join(" ")' "13 0 40"
want_jq_s '[.[].cssrs_risk]|map(tostring)|join(" ")' "low null high"
want_jq_s '[.[].cssrs_status]|join(" ")' "complete absent complete"

t same_records_json_to_csv_matches_csv
run ipt-score "$T/same.csv"
cp "$T/out" "$T/same.out.csv"
run ipt-score -o csv "$T/same.jsonl"
want_out_file "$T/same.out.csv"

t json_item_values_forms
printf '%s\n' '{"gad2_1":2.0,"gad2_2":"1"}' '{"gad2_1":2e0,"gad2_2":" 1 "}' \
	'{"gad2_1":2.5,"gad2_2":1}' >"$T/in.jsonl"
run ipt-score "$T/in.jsonl"
want_rc 1
want_jq_s '[.[].gad2_total]|map(tostring)|join(" ")' "3 3 null"
want_jq_s '[.[].gad2_status]|join(" ")' "complete complete invalid"

# --------------------------------------------------------- 6. column naming

t alias_phq9_q_underscore
csv "$(hdr phq9_q 9 | sed 's/phq9_q_/phq9_q/g')" "1,1,1,1,1,1,1,1,2"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_total 10
want_field 1 phq9_status complete
want_field 1 phq9_risk positive

t alias_PHQ9Q_upper
csv "$(hdr PHQ9Q 9 | sed 's/PHQ9Q_/PHQ9Q/g')" "1,1,1,1,1,1,1,1,2"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_total 10
want_field 1 phq9_risk positive
want_line 1 "PHQ9Q1,PHQ9Q2,PHQ9Q3,PHQ9Q4,PHQ9Q5,PHQ9Q6,PHQ9Q7,PHQ9Q8,PHQ9Q9,phq9_total,phq9_band,phq9_status,phq9_risk,phq9_caseness"

t output_names_lower_case
csv "$(hdr GAD7 7),WHO5_1,Who5_2,who5_Q3,WHO5q4,who5_5" "1,1,1,1,1,1,1,5,5,5,5,5"
run ipt-score "$T/in.csv"
want_line 1 "GAD7_1,GAD7_2,GAD7_3,GAD7_4,GAD7_5,GAD7_6,GAD7_7,WHO5_1,Who5_2,who5_Q3,WHO5q4,who5_5,gad7_total,gad7_band,gad7_status,gad7_caseness,who5_total,who5_band,who5_status,who5_percent"
want_field 1 gad7_total 7
want_field 1 who5_total 25
want_field 1 who5_percent 100

t phq9_10_is_not_an_item
csv "$(hdr phq9 9),phq9_10" "0,0,0,0,0,0,0,0,0,3"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_total 0
want_field 1 phq9_status complete

t phq9_10_alone_detects_nothing
csv "phq9_10,id" "3,x"
run ipt-score "$T/in.csv"
want_rc 0
want_out "phq9_10,id
3,x"
want_err_lines 1

t leading_zero_item_number_not_an_item
csv "phq9_01,id" "3,x"
run ipt-score "$T/in.csv"
want_rc 0
want_out "phq9_01,id
3,x"

t item_zero_not_an_item
csv "gad2_0,gad2_1,gad2_2" "3,1,1"
run ipt-score "$T/in.csv"
want_field 1 gad2_total 2

t cssrs_6_recent_alone_not_detected
csv "cssrs_6_recent,id" "yes,x"
run ipt-score "$T/in.csv"
want_rc 0
want_out "cssrs_6_recent,id
yes,x"

t duplicate_item_columns_fatal
csv "id,phq9_1,PHQ9_q1,phq9_2" "x,1,1,1"
run ipt-score "$T/in.csv"
want_rc 65
want_err_has "'phq9_1'"
want_err_has "'PHQ9_q1'"
want_no_out

t duplicate_item_columns_alias_forms
csv "gad7q3,GAD7_3" "1,1"
run ipt-score "$T/in.csv"
want_rc 65
want_err_has "'gad7q3'"
want_err_has "'GAD7_3'"

t duplicate_extra_not_item_ok
csv "phq9_1,phq9_10,PHQ9_10" "1,2,3"
run ipt-score "$T/in.csv"
want_rc 0
want_field 1 phq9_status insufficient

t instruments_select_and_table_order
csv "$(hdr wsas 5),$(hdr gad2 2),$(hdr phq9 9)" "1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0"
run ipt-score --instruments gad2,phq9 "$T/in.csv"
want_rc 0
want_line 1 "$(hdr wsas 5),$(hdr gad2 2),$(hdr phq9 9),phq9_total,phq9_band,phq9_status,phq9_risk,phq9_caseness,gad2_total,gad2_band,gad2_status"
want_field 1 gad2_total 2
want_field 1 phq9_total 0
want_field 1 wsas_total NO-SUCH-COLUMN

t instruments_case_insensitive
run ipt-score --instruments WSAS "$T/in.csv"
want_rc 0
want_field 1 wsas_total 5
want_field 1 phq9_total NO-SUCH-COLUMN

t instruments_without_columns_absent
csv "id" "x"
run ipt-score --instruments cssrs,k10 "$T/in.csv"
want_rc 0
want_out "id,k10_total,k10_band,k10_status,cssrs_risk,cssrs_status
x,,,absent,,absent"

t instruments_unknown_prefix_usage
run ipt-score --instruments phq9,phq10 "$T/in.csv"
want_rc 64
want_err_lines 2
want_err_has "phq10"
want_err_line 2 "Try 'ipt-score --help'."
want_no_out

t no_item_columns_pass_through
printf 'id,name,"a, b"\n1,x,"q ""z"""\n2,,=1+2\n' >"$T/in.csv"
run ipt-score "$T/in.csv"
want_rc 0
want_out_file "$T/in.csv"
want_err_lines 1
want_err_has "ipt-score: "

t no_item_columns_pass_through_jsonl
printf '%s\n' '{"id":1,"x":[1,2]}' '{"id":2}' >"$T/in.jsonl"
run ipt-score "$T/in.jsonl"
want_rc 0
want_out_file "$T/in.jsonl"
want_err_lines 1

t json_later_record_unscored_instrument_flagged
printf '%s\n' '{"id":1,"phq9_1":1}' '{"id":2,"phq9_1":0,"gad7_1":3}' >"$T/in.jsonl"
run ipt-score <"$T/in.jsonl"
want_rc 1
want_err_has "ipt-score: <stdin>:2: record 2: items of 'gad7' present but gad7 is not scored"
want_jq_s 'length' 2
want_jq_s '.[1]|has("gad7_total")' false
want_jq_s '.[1].gad7_1' 3

t json_later_record_named_with_instruments_ok
run ipt-score --instruments phq9,gad7 "$T/in.jsonl"
want_rc 0
want_jq_s '[.[].gad7_status]|join(" ")' "absent insufficient"

t json_detected_from_first_record_only
printf '%s\n' '{"id":1}' '{"id":2,"phq9_1":0}' >"$T/in.jsonl"
run ipt-score "$T/in.jsonl"
want_rc 1
want_err_has "items of 'phq9' present but phq9 is not scored"

t json_two_keys_one_item_rejected
printf '%s\n' '{"phq9_1":1}' '{"phq9_1":1,"PHQ9Q1":2}' '{"phq9_1":0}' >"$T/in.jsonl"
run ipt-score "$T/in.jsonl"
want_rc 1
want_jq_s 'length' 2
want_err_has "records in 3, out 2, rejected 1"

# ----------------------------------------------------------- 7. --define

CUSTOM=$D/custom.json
IFAS=$(hdr ifas 4)
t define_custom_columns_after_builtins
csv "$IFAS,$(hdr gad2 2)" "4,0,0,0,1,1"
# reverse 2 and 4 (0+4-x): 4 + 4 + 0 + 4 = 12
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_rc 0
want_line 1 "$IFAS,$(hdr gad2 2),gad2_total,gad2_band,gad2_status,ifas_total,ifas_band,ifas_status,ifas_risk,ifas_caseness"
want_field 1 ifas_total 12
want_field 1 ifas_band high
want_field 1 ifas_status complete
want_field 1 ifas_risk not_endorsed
want_field 1 ifas_caseness yes
want_field 1 gad2_total 2

while read -r d_row d_tot d_band d_risk d_case; do
	t "define_custom_total_$d_tot"
	csv "$IFAS" "$d_row"
	run ipt-score --define "$CUSTOM" "$T/in.csv" </dev/null
	want_rc 0
	want_field 1 ifas_total "$d_tot"
	want_field 1 ifas_band "$d_band"
	want_field 1 ifas_risk "$d_risk"
	want_field 1 ifas_caseness "$d_case"
done <<'EOF'
0,4,0,4 0 low not_endorsed no
3,4,0,0 7 low not_endorsed no
4,4,0,0 8 high not_endorsed no
4,3,0,0 9 high not_endorsed yes
4,0,4,0 16 high positive yes
0,4,1,4 1 low positive no
EOF

t define_custom_prorated
csv "$IFAS" "2,,1,3"
# 2 + (4-3) = 3 answered items sum 2+1+1 = 4: (2*4*4+3)/6 = 35/6 = 5
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_field 1 ifas_total 5
want_field 1 ifas_status prorated
want_field 1 ifas_caseness no

t define_custom_insufficient
csv "$IFAS" "2,,1,"
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_field 1 ifas_total ""
want_field 1 ifas_status insufficient
want_field 1 ifas_risk positive
want_field 1 ifas_caseness ""

t define_custom_range_check
csv "$IFAS" "5,0,0,0"
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_rc 1
want_field 1 ifas_status invalid
want_err_has "field 'ifas_1': '5' is outside 0..4"

t define_custom_risk_item_missing_unknown
csv "$IFAS" "1,1,,1"
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_field 1 ifas_status prorated
want_field 1 ifas_risk unknown

t define_custom_absent
csv "$IFAS,$(hdr gad2 2)" ",,,,1,1"
run ipt-score --define "$CUSTOM" "$T/in.csv"
want_field 1 ifas_status absent
want_field 1 ifas_risk ""
want_field 1 ifas_caseness ""

t define_custom_json_typing
run ipt-score --define "$CUSTOM" -o jsonl "$T/in.csv"
want_jq '.ifas_total' null
want_jq '.ifas_status' absent

t define_custom_in_instruments
csv "$IFAS,$(hdr gad2 2)" "1,1,1,1,1,1"
run ipt-score --define "$CUSTOM" --instruments IFAS "$T/in.csv"
want_rc 0
want_line 1 "$IFAS,$(hdr gad2 2),ifas_total,ifas_band,ifas_status,ifas_risk,ifas_caseness"

for f in bad-syntax bad-builtin-prefix bad-bands-gap bad-max-missing bad-cssrs-kind; do
	t "define_${f}_usage_error"
	run ipt-score --define "$D/$f.json" "$T/in.csv" </dev/null
	want_rc 64
	want_err_lines 2
	want_err_has "$f.json"
	want_err_line 2 "Try 'ipt-score --help'."
	want_no_out
done

t define_missing_file_usage_error
run ipt-score --define "$D/no-such-file.json" "$T/in.csv"
want_rc 64
want_err_has "no-such-file.json"

t list_builtins
run ipt-score --list
want_rc 0
want_jq '.instruments|length' 10
want_jq '[.instruments[].prefix]|join(",")' "phq9,phqa,phq2,gad7,gad2,epds,wsas,k10,who5,cssrs"
want_jq '[.instruments[]|select(.kind == "cssrs_screener")|.prefix]|join(",")' cssrs
want_jq '.instruments[9]|keys_unsorted|join(",")' "prefix,name,kind"
want_jq '.instruments[9].name' "C-SSRS screener"
want_jq '.instruments[0]|[.items,.min,.max,.max_missing,.risk_item,.caseness_min]|map(tostring)|join(",")' "9,0,3,2,9,10"
want_jq '.instruments[7]|[.items,.min,.max,.max_missing,(.bands|map(.label+":"+(.max|tostring))|join(" "))]|map(tostring)|join(",")' "10,1,5,0,low:15 moderate:21 high:29 very_high:50"
want_jq '.instruments[3].caseness_min' 8
want_jq '.instruments[5].risk_item' 10
want_no_err

t list_with_define
run ipt-score --list --define "$CUSTOM"
want_rc 0
want_jq '.instruments|length' 11
want_jq '.instruments[10].prefix' ifas
want_jq '.instruments[10].reverse|map(tostring)|join(",")' "2,4"
want_jq '.instruments[10].caseness_min' 9

t list_output_is_a_valid_define
jq -c '{instruments: [.instruments[10]]}' "$T/out" >"$T/redefine.json"
csv "$IFAS" "4,0,0,0"
run ipt-score --define "$T/redefine.json" "$T/in.csv"
want_rc 0
want_field 1 ifas_total 12

# ------------------------------------------------------- 8. JSON typing

t json_typing_added_fields
csv "$(hdr phq9 9),$(hdr gad7 7),$(hdr who5 5)" \
	"1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,3,3,3,3,3" \
	"1,,,,,,,,,,,,,,,,,,,,"
run ipt-score -o json "$T/in.csv"
want_rc 0
want_jq '.[0]|[.phq9_total,.phq9_band,.phq9_status,.phq9_risk,.phq9_caseness]|map(type)|join(",")' "number,string,string,string,string"
want_jq '.[0]|[.gad7_total,.gad7_band,.gad7_status,.gad7_caseness]|map(type)|join(",")' "number,string,string,string"
want_jq '.[0]|[.who5_total,.who5_band,.who5_status,.who5_percent]|map(type)|join(",")' "number,string,string,number"
want_jq '.[0]|[.phq9_total,.gad7_total,.who5_total,.who5_percent]|map(tostring)|join(",")' "9,14,15,60"
want_jq '.[1]|[.phq9_total,.phq9_band,.phq9_caseness,.gad7_total,.gad7_band,.gad7_caseness,.who5_total,.who5_band,.who5_percent]|map(type)|unique|join(",")' "null"
want_jq '.[1]|[.phq9_status,.phq9_risk,.gad7_status,.who5_status]|join(",")' "insufficient,unknown,absent,absent"
want_line 1 "["
want_line 4 "]"

t json_typing_cssrs_null_when_absent
csv "$CSSRS_HDR" ",,,,,,"
run ipt-score -o jsonl "$T/in.csv"
want_jq '.cssrs_risk|type' null
want_jq '.cssrs_status' absent

t json_typing_replaces_existing_fields_in_place
printf '%s\n' '{"phq9_total":"old","gad2_1":1,"gad2_2":1,"z":1}' >"$T/in.jsonl"
run ipt-score --instruments gad2,phq9 "$T/in.jsonl"
want_out '{"phq9_total":null,"gad2_1":1,"gad2_2":1,"z":1,"phq9_band":null,"phq9_status":"absent","phq9_risk":null,"phq9_caseness":null,"gad2_total":2,"gad2_band":"negative","gad2_status":"complete"}'

# -------------------------------------------- 9. help, version, bad option

t help_stdout_exit_0
run ipt-score --help
want_rc 0
want_out_has "Usage: ipt-score"
want_out_has "Example"
want_out_has "ipt-score "
want_no_err

t help_short
run ipt-score -h
want_rc 0
want_out_has "Usage: ipt-score"

t version_long
run ipt-score --version
want_rc 0
want_line 1 "ipt-score (ipt-tools) $VERSION"
want_no_err

t version_short
run ipt-score -V
want_rc 0
want_line 1 "ipt-score (ipt-tools) $VERSION"

t unknown_option_usage
run ipt-score --no-such-option </dev/null
want_rc 64
want_err_lines 2
want_err_has "ipt-score: "
want_err_line 2 "Try 'ipt-score --help'."
want_no_out

t unknown_short_option_usage
run ipt-score -Z </dev/null
want_rc 64
want_err_lines 2
want_err_line 2 "Try 'ipt-score --help'."

t bad_output_format_usage
run ipt-score -o xml </dev/null
want_rc 64
want_err_lines 2

# ------------------------------------------------------------ 10. messages

t message_flagged_value_exact
csv "$(hdr phq9 9)" "0,0,0,0,0,0,0,0,0" "0,0,5,0,0,0,0,0,0" "1,1,1,1,1,1,1,1,1"
run ipt-score <"$T/in.csv"
want_rc 1
want_err "ipt-score: <stdin>:3: record 2: field 'phq9_3': '5' is outside 0..3
ipt-score: records in 3, out 3, rejected 0, flagged 1"
want_field 2 phq9_status invalid
want_field 2 phq9_total ""
want_field 2 phq9_band ""
want_field 2 phq9_risk not_endorsed
want_field 3 phq9_total 9

t message_file_name_as_given
run ipt-score "$T/in.csv"
want_err_has "ipt-score: $T/in.csv:3: record 2: field 'phq9_3': '5' is outside 0..3"

t message_one_warning_per_invalid_item_one_flagged_record
csv "$(hdr gad7 7)" "9,0,x,0,0,0,-1"
run ipt-score <"$T/in.csv"
want_rc 1
want_err_lines 4
want_err_has "field 'gad7_1': '9' is outside 0..3"
want_err_has "field 'gad7_3': 'x'"
want_err_has "field 'gad7_7': '-1' is outside 0..3"
want_err_line 4 "ipt-score: records in 1, out 1, rejected 0, flagged 1"

t message_quote_cut_to_20_bytes
csv "$(hdr gad2 2)" "abcdefghijklmnopqrstuvwxyz,1"
run ipt-score <"$T/in.csv"
want_rc 1
want_err_has "ipt-score: <stdin>:2: record 1: field 'gad2_1': 'abcdefghijklmnopqrst...'"
want_no_err_has "abcdefghijklmnopqrstu"

t message_quote_exactly_20_bytes_not_cut
csv "$(hdr gad2 2)" "abcdefghijklmnopqrst,1"
run ipt-score <"$T/in.csv"
want_err_has "field 'gad2_1': 'abcdefghijklmnopqrst' "
want_no_err_has "..."

t message_quote_cut_on_utf8_boundary
csv "$(hdr gad2 2)" "1234567890123456789é,1"
run ipt-score <"$T/in.csv"
want_err_has "field 'gad2_1': '1234567890123456789...'"

t message_quote_keeps_spaces_as_written
csv "$(hdr gad2 2)" " 7 ,1"
run ipt-score <"$T/in.csv"
want_err_has "field 'gad2_1': ' 7 ' is outside 0..3"

t message_line_numbers_physical
printf '%s\n' "$(hdr gad2 2),note" "" "1,1,\"two" "lines\"" "1,4,x" >"$T/in.csv"
run ipt-score <"$T/in.csv"
want_rc 1
want_err_has "ipt-score: <stdin>:5: record 2: field 'gad2_2': '4' is outside 0..3"

t message_summary_form
csv "$(hdr gad2 2)" "1,1" "1,4" "0,0"
run ipt-score <"$T/in.csv"
want_rc 1
want_err_line 2 "ipt-score: records in 3, out 3, rejected 0, flagged 1"

t message_summary_with_rejects
csv "$(hdr gad2 2)" "1,1" "1,4" "0,0,0"
run ipt-score <"$T/in.csv"
want_rc 1
want_err_has "ipt-score: records in 3, out 2, rejected 1, flagged 1"

t message_clean_run_silent
csv "$(hdr gad2 2)" "1,1" "0,0"
run ipt-score "$T/in.csv"
want_rc 0
want_no_err

t message_stats_clean_run
run ipt-score --stats "$T/in.csv"
want_rc 0
want_err "ipt-score: records in 2, out 2, rejected 0, flagged 0"

awk 'BEGIN { print "gad2_1,gad2_2"; for (i = 1; i <= 25; i++) print "9,0" }' >"$T/many.csv"
t message_at_most_20_warnings
run ipt-score <"$T/many.csv"
want_rc 1
want_err_lines 22
want_err_line 1 "ipt-score: <stdin>:2: record 1: field 'gad2_1': '9' is outside 0..3"
want_err_line 20 "ipt-score: <stdin>:21: record 20: field 'gad2_1': '9' is outside 0..3"
want_err_line 21 "ipt-score: 5 more warnings not shown"
want_err_line 22 "ipt-score: records in 25, out 25, rejected 0, flagged 25"

t message_at_most_20_of_each_kind
awk 'BEGIN { print "gad2_1,gad2_2"; for (i = 1; i <= 25; i++) { print "9,0"; print "1,1,1" } }' >"$T/in.csv"
run ipt-score <"$T/in.csv"
want_rc 1
k=$(grep -c "is outside 0..3" "$T/err")
if [ "$k" -eq 20 ]; then ok; else bad "$k flag warnings, want 20" "$T/err"; fi
k=$(grep -c "^ipt-score: <stdin>:[0-9]*: record [0-9]*: " "$T/err")
if [ "$k" -eq 40 ]; then ok; else bad "$k record warnings, want 40" "$T/err"; fi
want_err_has "ipt-score: 10 more warnings not shown"
want_err_lines 42
want_err_line 42 "ipt-score: records in 50, out 25, rejected 25, flagged 25"

t message_exactly_20_warnings_no_more_line
awk 'BEGIN { print "gad2_1,gad2_2"; for (i = 1; i <= 20; i++) print "9,0" }' >"$T/in.csv"
run ipt-score <"$T/in.csv"
want_err_lines 21
want_no_err_has "more warnings not shown"

t message_quiet_hides_warnings_keeps_summary
run ipt-score -q <"$T/many.csv"
want_rc 1
want_err "ipt-score: records in 25, out 25, rejected 0, flagged 25"

t message_quiet_long_option
run ipt-score --quiet <"$T/many.csv"
want_rc 1
want_err_lines 1

t message_quiet_fatal_still_printed
csv "phq9_1,PHQ9Q1" "1,1"
run ipt-score -q "$T/in.csv"
want_rc 65
want_err_has "'PHQ9Q1'"

t exit_1_when_flagged_only
csv "$(hdr who5 5)" "5,5,5,5,6"
run ipt-score "$T/in.csv"
want_rc 1
want_field 1 who5_status invalid
want_field 1 who5_percent ""

finish score
