#!/bin/sh
# report-pipeline.sh - the weekly pipeline on the sample data, as README.md
# and ipt-report(1) show it: screen, plan, score, report.
#
#   sh tests/report-pipeline.sh OUTDIR [FORMAT]
#
# Writes OUTDIR/screened.csv, OUTDIR/plans.csv, OUTDIR/scored.csv and
# OUTDIR/report.FORMAT (default html).  IPT_BIN names the directory that
# holds the tools (default: bin).  Exit status 0 or 1 of a tool (1: the
# sample data flags a few values on purpose) is a working run; anything
# else stops the script with that tool's stderr.
set -u

bin=${IPT_BIN:-bin}
out=${1:?usage: report-pipeline.sh OUTDIR [FORMAT]}
fmt=${2:-html}
data=sample-data
AS_OF=2027-03-01	# the date sample-data/make-sessions.py is built around

mkdir -p "$out" || exit 1

# run OUT TOOL ARG...: TOOL's stdout into OUT; exit status 0 or 1 only.
run() {
	o=$1
	shift
	"$@" >"$o" 2>"$out/stderr"
	rc=$?
	case $rc in
	0|1)	return 0 ;;
	esac
	cat "$out/stderr" >&2
	echo "report-pipeline: $* exited with status $rc" >&2
	exit 1
}

run "$out/screened.csv" "$bin/ipt-screen" "$data/intake.csv"
run "$out/plans.csv" "$bin/ipt-plan" --start 2026-12-07 --followups 1,3,6 \
    --holidays "$data/holidays.txt" "$out/screened.csv"
run "$out/scored.csv" "$bin/ipt-score" "$data/sessions.csv"
run "$out/report.$fmt" "$bin/ipt-report" --as-of "$AS_OF" \
    --intake "$out/screened.csv" --plans "$out/plans.csv" --by site \
    -o "$fmt" "$out/scored.csv"
