#!/bin/sh
# demo.sh - a short tour of ipt-score, ipt-screen, ipt-plan and
# ipt-report on the synthetic sample data.
#
# Run from the repository root by `make demo`, after the build.  IPT_BIN
# names the directory holding the tools (default: bin).
#
# The tools exit 1 when they flag records; the sample data has a few
# invalid answers on purpose, so 0 and 1 are both a working demo.  Any
# other status fails the demo.  Output is captured to a file first, so
# that `head` cannot hide the exit status.
set -u

bin=${IPT_BIN:-bin}
data=sample-data/sessions.csv
show="id session phq9_total phq9_band phq9_status phq9_risk gad7_total wsas_total"

for name in ipt-score ipt-screen ipt-plan ipt-report; do
	if [ ! -x "$bin/$name" ]; then
		echo "demo: $bin/$name not found; run make first" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipt-demo.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM

# tool TOOL OUT ERR ARG...: run TOOL (its standard input is the
# caller's); accept exit status 0 or 1 only, left in rc.
tool() {
	t=$1 out=$2 err=$3
	shift 3
	"$bin/$t" "$@" >"$out" 2>"$err"
	rc=$?
	case $rc in
	0|1)	return 0 ;;
	esac
	cat "$err" >&2
	echo "demo: $t $* exited with status $rc" >&2
	exit 1
}
cat <<EOF
ipt-tools demo: ipt-score on synthetic session records ($data).
The data is made up (sample-data/make-sessions.py); no real patients.
ipt-tools supports clinicians and researchers; it does not make clinical
decisions.

\$ $bin/ipt-score $data
EOF

tool ipt-score "$tmp/out.csv" "$tmp/err" "$data"
status=$rc

# Some of the columns, first 24 records.  The sample data has no quoted
# fields, so splitting on commas is safe here.  column(1) merges empty
# cells, so they are shown as '-' when it is used.
if command -v column >/dev/null 2>&1; then
	empty=- fmt="column -s, -t"
else
	empty='' fmt=cat
fi
awk -F, -v want="$show" -v empty="$empty" '
	NR == 1 {
		n = split(want, w, " ")
		for (i = 1; i <= NF; i++) col[$i] = i
		for (j = 1; j <= n; j++) if (w[j] in col) pick[++k] = col[w[j]]
	}
	{
		line = ""
		for (j = 1; j <= k; j++) {
			v = $(pick[j])
			if (v == "") v = empty
			line = line (j > 1 ? "," : "") v
		}
		print line
	}' "$tmp/out.csv" | head -25 | $fmt

records=$(($(wc -l <"$tmp/out.csv") - 1))
cols=$(head -1 "$tmp/out.csv" | awk -F, '{ print NF }')
echo "(first 24 of $records records; $cols columns, some shown)"
echo
echo "Its standard error (exit status $status; 1 means some records were flagged):"
cat "$tmp/err"

echo
echo "\$ $bin/ipt-score -o jsonl $data | head -3"
tool ipt-score "$tmp/out.jsonl" "$tmp/err" -o jsonl "$data"
head -3 "$tmp/out.jsonl"

# ------------------------------------------------------------ ipt-screen

intake=sample-data/intake.csv
screen_show="id age diagnosis risk_level screen_status focal_area ipt_track sessions_recommended priority"


cat <<EOF

ipt-screen on synthetic intake records ($intake, made up by
sample-data/make-intake.py): risk level, eligibility with its reasons,
focal problem area, track and dose.

\$ $bin/ipt-screen $intake
EOF

tool ipt-screen "$tmp/screen.csv" "$tmp/err" "$intake"
status=$rc

# Some of the columns, first 24 records.  focal_evidence is quoted (it
# holds commas), so the fields are split by a small quote-aware reader.
awk -v want="$screen_show" -v empty="$empty" '
	function split_csv(line, f,    n, i, c, q, v) {
		n = 0; v = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q && c == "\"" && substr(line, i + 1, 1) == "\"") {
				v = v c; i++
			} else if (c == "\"") {
				q = !q
			} else if (c == "," && !q) {
				f[++n] = v; v = ""
			} else {
				v = v c
			}
		}
		f[++n] = v
		return n
	}
	{
		nf = split_csv($0, f)
		if (NR == 1) {
			n = split(want, w, " ")
			for (i = 1; i <= nf; i++) col[f[i]] = i
			for (j = 1; j <= n; j++) if (w[j] in col) pick[++k] = col[w[j]]
		}
		line = ""
		for (j = 1; j <= k; j++) {
			v = f[pick[j]]
			if (v == "") v = empty
			line = line (j > 1 ? "," : "") v
		}
		print line
	}' "$tmp/screen.csv" | head -25 | $fmt

records=$(($(wc -l <"$tmp/screen.csv") - 1))
echo "(first 24 of $records records; some columns)"
echo
echo "Its standard error (exit status $status; 1 means some records were flagged):"
cat "$tmp/err"

echo
echo "\$ $bin/ipt-screen -o jsonl $intake | head -1"
tool ipt-screen "$tmp/screen.jsonl" "$tmp/err" -o jsonl "$intake"
head -1 "$tmp/screen.jsonl"

# ---- ipt-plan: the screened records become plans -----------------------

cat <<EOF

ipt-plan turns each eligible screened patient into dated contacts around
the England and Wales bank holidays in sample-data/holidays.txt; everyone
else gets one not_planned record saying why.

\$ $bin/ipt-screen $intake | $bin/ipt-plan --start 2026-12-07 --holidays sample-data/holidays.txt
EOF
tool ipt-plan "$tmp/plan.csv" "$tmp/err" --start 2026-12-07 \
    --holidays sample-data/holidays.txt <"$tmp/screen.csv"
status=$rc
first=$(awk -F, 'NR > 1 && $2 == "planned" { print $1; exit }' "$tmp/plan.csv")
echo "(the plan of $first, the first planned patient; some columns)"
awk -F, -v id="$first" -v empty="$empty" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
	NR == 1 || $1 == id {
		line = ""
		n = split("contact kind session date weekday phase focus review plan_note", w, " ")
		for (j = 1; j <= n; j++) {
			v = $col[w[j]]
			if (v == "") v = empty
			line = line (j > 1 ? "," : "") v
		}
		print line
	}' "$tmp/plan.csv" | $fmt
echo
echo "Its standard error (exit status $status):"
cat "$tmp/err"
awk -F, 'NR > 1 { s[$2]++ } END { printf "plan_status: planned %d contacts, not_planned %d patients\n", s["planned"], s["not_planned"] }' "$tmp/plan.csv"

echo
# ---- ipt-report: the weekly report on the whole pipeline ----------------
cat <<EOF

ipt-report turns scored sessions into the weekly caseload and outcome
report.  The sample sessions (sample-data/make-sessions.py) are the
eligible referrals above, attending on their planned dates; the report is
as of Monday 2027-03-01:

\$ $bin/ipt-screen $intake > screened.csv
\$ $bin/ipt-plan --start 2026-12-07 --followups 1,3,6 --holidays sample-data/holidays.txt screened.csv > plans.csv
\$ $bin/ipt-score $data | $bin/ipt-report --as-of 2027-03-01 --intake screened.csv --plans plans.csv --by site

EOF
IPT_BIN=$bin sh tests/report-pipeline.sh "$tmp/report" md || exit 1
cat "$tmp/report/report.md"
echo
echo "Its standard error:"
cat "$tmp/report/stderr"
echo "(-o html writes one self-contained page with charts; make report-png renders it.)"

echo
echo "More: man ./man/ipt-score.1, ./man/ipt-screen.1, ./man/ipt-plan.1, ./man/ipt-report.1 and README.md."
