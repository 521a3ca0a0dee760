#!/bin/sh
# shellcheck disable=SC2012
# smoke.sh - short libFuzzer runs of every harness (make fuzz-smoke).
#
#   sh tests/fuzz/smoke.sh           after sh tests/fuzz/build.sh
#   IPT_FUZZ_SECONDS=600 sh tests/fuzz/smoke.sh     a longer run
#
# For each harness (fuzz_csv, fuzz_json, fuzz_score, fuzz_screen, fuzz_plan,
# fuzz_report):
#   1. replay every file of tests/fuzz/regress/ once (all harnesses get
#      all files: any input must be handled by any harness);
#   2. fuzz for IPT_FUZZ_SECONDS (default 30) seconds, with its dictionary,
#      from a copy of its seeds in build/fuzz/corpus-NAME (the corpus grows
#      there, outside git; tests/fuzz/seeds/ stays small).
# A crash, an invariant violation (abort), a leak, a timeout (-timeout=5)
# or running out of memory (-rss_limit_mb=2048) fails the harness; the
# input is saved under build/fuzz/crash-NAME/ and the script says how to
# keep it as a numbered regression case, tests/fuzz/regress/NN-NAME-what.ext
# (ext csv, json or jsonl as the input is; for every harness but fuzz_csv
# the first byte is the mode byte described at the top of the harness).
# Closing line: "fuzz: N passed, N failed" (one count per harness).
set -u

cd "$(dirname "$0")/../.." || exit 1
out=build/fuzz
secs=${IPT_FUZZ_SECONDS:-30}
harnesses="csv json score screen plan report"

mkdir -p "$out"
# Both dictionaries for fuzz_score, which reads CSV and JSON.
cat tests/fuzz/csv.dict tests/fuzz/json.dict >"$out/score.dict" 2>/dev/null
# fuzz_report: the same plus ipt-report's columns, values and partial keys.
{
	cat "$out/score.dict"
	for w in phq9_total phqa_total gad7_total wsas_total epds_total \
	    phq9_risk phqa_risk epds_risk cssrs_risk attended ended end_date \
	    session site focal_area high moderate positive unknown low \
	    not_endorsed yes no 2026-03-01 2026-02-23 2026-01-31 \
	    ipt_report_partial as_of window inactive_days by records \
	    first_date last_date last_record ended_yes phq9 phqa gad7 wsas \
	    epds first last prev risk_key period_contacts period_ended \
	    traj tsum overflow by_values trailer read future invalid used \
	    flagged reasons; do
		printf 'kw_%s="%s"\n' "$(printf '%s' "$w" | tr -c 'a-z0-9_\n' _)" "$w"
	done
	printf 'kw_key_partial="\\"ipt_report_partial\\":1,"\n'
	printf 'kw_null_tuple="[\\"2026-03-01\\",null,5]"\n'
} >"$out/report.dict"

dict_of() {
	case $1 in
	score|screen|plan)	echo "$out/score.dict" ;;
	report)	echo "$out/report.dict" ;;
	*)	echo "tests/fuzz/$1.dict" ;;
	esac
}

# next_regress: the next free two-digit number in tests/fuzz/regress/.
next_regress() {
	n=$(ls tests/fuzz/regress/ 2>/dev/null |
	    sed -n 's/^\([0-9][0-9]*\)-.*/\1/p' | sort -n | tail -n 1)
	printf '%02d' $(( ${n:-0} + 1 ))
}

# ext_of FILE NAME: the extension a regression case of this input gets.
ext_of() {
	if [ "$2" = csv ]; then
		echo csv
		return
	fi
	# after the mode byte: '[' a JSON array, '{' JSON Lines, else CSV
	c=$(dd if="$1" bs=1 skip=1 count=64 2>/dev/null | tr -d ' \t\r\n' |
	    cut -c1)
	case $c in
	'[')	echo json ;;
	'{')	echo jsonl ;;
	*)	[ "$2" = json ] && echo jsonl || echo csv ;;
	esac
}

# report LOG: the lines of a failure report worth reading: the input
# replayed, the error, the stack frames in our code (or the fetched
# library sources), the summary.
report() {
	grep 'Running: ' "$1" | tail -n 1 | sed 's/^ */    /'
	grep -E 'invariant violated|ERROR: |SUMMARY: |^ *#[0-9]+ .*(common/|tests/fuzz/|fuzz/src/)' \
	    "$1" | head -n 14 | sed 's/^ */    /'
}

# Options for every run.  -close_fd_mask=2 silences what the code under
# test writes to stderr (ipt's own fatal-error messages); libFuzzer's and
# the sanitizers' reports, and the harnesses' invariant messages, still
# print.
common="-timeout=5 -rss_limit_mb=2048 -max_len=65536 -close_fd_mask=2"

pass=0
fail=0
for h in $harnesses; do
	bin=$out/fuzz_$h
	log=$out/smoke-$h.log
	art=$out/crash-$h
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin missing (run sh tests/fuzz/build.sh)" >&2
		fail=$((fail + 1))
		continue
	fi
	mkdir -p "$out/corpus-$h" "$art"
	cp tests/fuzz/seeds/"$h"/* "$out/corpus-$h/"

	# 1. the regression cases
	set --
	for f in tests/fuzz/regress/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -gt 0 ]; then
		# shellcheck disable=SC2086
		if ! "$bin" $common "$@" >"$log" 2>&1; then
			echo "fuzz: fuzz_$h FAILED on a regression case" \
			    "(tests/fuzz/regress/):"
			report "$log"
			echo "    full log: $log"
			fail=$((fail + 1))
			continue
		fi
	fi

	# 2. fuzzing
	before=$(ls "$art" | wc -l)
	t0=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" $common -max_total_time="$secs" -print_final_stats=1 \
	    -dict="$(dict_of "$h")" -artifact_prefix="$art/" \
	    "$out/corpus-$h" >"$log" 2>&1
	rc=$?
	t1=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' \
	    "$log" | tail -n 1)
	cov=$(sed -n 's/^#[0-9]*.*cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz: fuzz_$h ok: ${execs:-?} execs in $((t1 - t0)) s," \
		    "cov ${cov:-?}, corpus $(ls "$out/corpus-$h" | wc -l)" \
		    "inputs"
		pass=$((pass + 1))
		continue
	fi
	fail=$((fail + 1))
	echo "fuzz: fuzz_$h FAILED (exit $rc) after ${execs:-?} execs:"
	report "$log"
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" |
	    tail -n 1)
	if [ -z "$crash" ] && [ "$(ls "$art" | wc -l)" -gt "$before" ]; then
		crash=$art/$(ls -t "$art" | head -n 1)
	fi
	echo "    full log: $log"
	if [ -n "$crash" ]; then
		nn=$(next_regress)
		ext=$(ext_of "$crash" "$h")
		echo "    crash input saved as: $crash"
		echo "    keep it as a numbered regression case, minimised:"
		echo "      $bin -minimize_crash=1 -runs=10000 \\"
		echo "        -exact_artifact_path=tests/fuzz/regress/$nn-$h-WHAT.$ext $crash"
		echo "    (or copy it there as it is), then fix the bug"
	else
		echo "    no crash input was saved (see the log)"
	fi
done

echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
