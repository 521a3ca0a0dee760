#!/bin/sh
# ipt-score benchmark (make bench).  Method and targets:
# shared/reference/perf.md.  POSIX sh + python3 (timing, medians, shuffle).
#
#  1. Builds tests/bench/gen.c and writes BENCH_N (1,000,000) wide records
#     (id,date,session,site,phq9_1..9,gad7_1..7), the same rows as CSV and
#     as JSON Lines, to build/bench/ (fixed seed: byte-identical everywhere;
#     reused while gen.c and BENCH_N are unchanged).  No empty cells, so
#     ipt-score and every peer do exactly the same job.
#  2. Cross-check on the first 1000 records: phq9_total, phq9_band,
#     gad7_total, gad7_band (columns found by name) of ipt-score (CSV and
#     JSONL), Miller and jq must equal mawk's; else exit 1.
#  3. Interleaved timing, output to /dev/null: BENCH_ROUNDS (11) rounds, each
#     running every command once in an order shuffled with seed BENCH_SEED
#     (1).  The slow JSONL peers (jq, Miller JSONL) run only in the first
#     BENCH_SLOW_ROUNDS (3) rounds: at 15-60 s a run (perf.md's VM / a
#     slower 2-core VM) they would otherwise blow the ~10 min budget.
#  4. Peak RSS (/usr/bin/time -f %M; under `setarch -R` when it works, so
#     the figure is reproducible to the KiB), one run each (for jq and
#     Miller JSONL their first timed run, to save 1-2 min), plus ipt-score
#     on the first 100,000 records: its RSS must equal the 1M figure.
#  5. Prints the table and the targets.  Exit 0 even when a target is
#     missed; non-zero only when a command fails or the cross-check fails.
#  6. Then ipt-screen and ipt-plan (throughput, constant memory), and
#     ipt-report (tests/bench/report_bench.py: wall time and peak RSS of
#     the md report on 1M session records of 100k patients against the
#     targets, RSS against patients and records, and the GNU parallel
#     recipe on 2 job slots against one process; a report of the recipe
#     that differs from the single process's fails the bench).  A tool
#     that is not built is skipped.
#
# Environment: IPT_SCORE (binary, default bin/ipt-score; may be a command
# with arguments, e.g. a stand-in script), BENCH_N, BENCH_ROUNDS,
# BENCH_SLOW_ROUNDS, BENCH_SEED, CC; IPT_SCREEN, IPT_PLAN, IPT_REPORT,
# BENCH_REPORT_ROUNDS.
# Raw per-run times go to build/bench/results.tsv.
set -eu

IPT=${IPT_SCORE:-bin/ipt-score}
case $IPT in
/*|*' '*) ;;                               # absolute, or a command line
*/*) [ -z "${IPT_SCORE:-}" ] || IPT=$PWD/$IPT ;;   # relative to the caller
esac
cd "$(dirname "$0")/../.."
here=tests/bench
out=build/bench
N=${BENCH_N:-1000000}
CC=${CC:-cc}
export BENCH_ROUNDS="${BENCH_ROUNDS:-11}" BENCH_SLOW_ROUNDS="${BENCH_SLOW_ROUNDS:-3}"
export BENCH_SEED="${BENCH_SEED:-1}" BENCH_RESULTS="$out/results.tsv"

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

case $N in ''|*[!0-9]*) die "BENCH_N must be a number, not '$N'" ;; esac
[ "$N" -ge 100000 ] || die "BENCH_N must be at least 100000 (the RSS comparison uses 100k)"

# --- tools ---------------------------------------------------------------
have python3 || die "python3 is required"
[ -x /usr/bin/time ] || die "/usr/bin/time is required (Debian package 'time')"
if ! have mlr || ! have mawk || ! have jq; then
    if [ -f tests/deps.sh ]; then
        say "bench: a peer is missing: running sh tests/deps.sh bench"
        sh tests/deps.sh bench || say "bench: tests/deps.sh bench failed; going on"
    fi
fi
have mawk || die "mawk is required (reference for the cross-check)"
if have mlr; then MLR=mlr; else MLR=; say "bench: mlr (Miller) not found: Miller peers skipped"; fi
if have jq; then JQ=jq; else JQ=; say "bench: jq not found: jq peer skipped"; fi

ipt_bin=${IPT%% *}
[ -x "$ipt_bin" ] || have "$ipt_bin" ||
    die "$ipt_bin not found or not executable (run 'make all', or set IPT_SCORE)"

# --- data ----------------------------------------------------------------
mkdir -p "$out/check"
csv=$out/bench.csv
jsonl=$out/bench.jsonl
stamp="N=$N gen=$(cksum < $here/gen.c)"
$CC -std=c11 -O2 -o "$out/gen" "$here/gen.c" || die "cannot build $here/gen.c"
if [ ! -f "$csv" ] || [ ! -f "$jsonl" ] || [ "$(cat "$out/data.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "bench: generating $N records (CSV and JSON Lines) in $out/"
    rm -f "$out/data.stamp"
    "$out/gen" "$N" "$csv" "$jsonl"
    head -n 100001 "$csv" > "$out/bench_100k.csv"
    head -n 100000 "$jsonl" > "$out/bench_100k.jsonl"
    head -n 1001 "$csv" > "$out/check/in.csv"
    head -n 1000 "$jsonl" > "$out/check/in.jsonl"
    printf '%s\n' "$stamp" > "$out/data.stamp"
fi
csv_b=$(wc -c < "$csv" | tr -d ' ')
jsonl_b=$(wc -c < "$jsonl" | tr -d ' ')

# --- correctness cross-check (first 1000 records) ------------------------
say "bench: cross-check on the first 1000 records (by column name, against mawk)"
c=$out/check
mawk -f $here/score.awk "$c/in.csv" > "$c/mawk.csv" || die "mawk failed on $c/in.csv"
$IPT "$c/in.csv" > "$c/ipt.csv" || die "ipt-score failed on $c/in.csv (exit $?)"
$IPT "$c/in.jsonl" > "$c/ipt.jsonl" || die "ipt-score failed on $c/in.jsonl (exit $?)"
set -- "ipt-score_csv=$c/ipt.csv" "ipt-score_jsonl=$c/ipt.jsonl"
if [ -n "$MLR" ]; then
    mlr --icsv --ocsv put -f $here/score.mlr "$c/in.csv" > "$c/mlr.csv" || die "mlr failed"
    mlr --ijsonl --ojsonl put -f $here/score.mlr "$c/in.jsonl" > "$c/mlr.jsonl" || die "mlr failed"
    set -- "$@" "mlr_csv=$c/mlr.csv" "mlr_jsonl=$c/mlr.jsonl"
fi
if [ -n "$JQ" ]; then
    jq -c -f $here/score.jq "$c/in.jsonl" > "$c/jq.jsonl" || die "jq failed"
    set -- "$@" "jq=$c/jq.jsonl"
fi
python3 $here/bench.py check "$c/mawk.csv" "$@" || {
    printf '%s\n' "bench: CROSS-CHECK FAILED: ipt-score or a peer computes different totals/bands" >&2
    exit 1
}

# --- timing ----------------------------------------------------------------
spec=$out/spec.tsv
tab=$(printf '\t')
{
    echo "ipt-score${tab}CSV${tab}fast${tab}$N${tab}$csv${tab}$IPT $csv"
    echo "mawk${tab}CSV${tab}fast${tab}$N${tab}$csv${tab}mawk -f $here/score.awk $csv"
    [ -z "$MLR" ] || echo "mlr${tab}CSV${tab}fast${tab}$N${tab}$csv${tab}mlr --icsv --ocsv put -f $here/score.mlr $csv"
    echo "ipt-score${tab}JSONL${tab}fast${tab}$N${tab}$jsonl${tab}$IPT $jsonl"
    [ -z "$JQ" ] || echo "jq${tab}JSONL${tab}slow${tab}$N${tab}$jsonl${tab}jq -c -f $here/score.jq $jsonl"
    [ -z "$MLR" ] || echo "mlr${tab}JSONL${tab}slow${tab}$N${tab}$jsonl${tab}mlr --ijsonl --ojsonl put -f $here/score.mlr $jsonl"
    echo "ipt-score${tab}CSV${tab}rss${tab}100000${tab}$out/bench_100k.csv${tab}$IPT $out/bench_100k.csv"
    echo "ipt-score${tab}JSONL${tab}rss${tab}100000${tab}$out/bench_100k.jsonl${tab}$IPT $out/bench_100k.jsonl"
} > "$spec"

cat "$csv" "$jsonl" > /dev/null   # into the page cache
say "bench: ipt-score = $IPT; $N records: CSV $csv_b B, JSONL $jsonl_b B"
say "bench: $BENCH_ROUNDS interleaved rounds (jq and Miller JSONL: $BENCH_SLOW_ROUNDS), shuffle seed $BENCH_SEED, output to /dev/null, $(nproc 2>/dev/null || echo '?') CPUs"
python3 $here/bench.py run "$spec"

# --- ipt-screen: throughput and constant memory ----------------------------
# BENCH_N generated intake records (tests/bench/gen_intake.c, fixed seed),
# 3 timed runs (median), then peak RSS on the first 100,000 and on all.
SCREEN=${IPT_SCREEN:-bin/ipt-screen}
bench_screen() {
if [ ! -x "$SCREEN" ]; then
    say "bench: $SCREEN not built: ipt-screen skipped"
    return 0
fi
intake=$out/intake.csv
istamp="N=$N gen=$(cksum < $here/gen_intake.c)"
$CC -std=c11 -O2 -o "$out/gen_intake" "$here/gen_intake.c" ||
    die "cannot build $here/gen_intake.c"
if [ ! -f "$intake" ] || [ "$(cat "$out/intake.stamp" 2>/dev/null)" != "$istamp" ]; then
    say "bench: generating $N intake records in $intake"
    "$out/gen_intake" "$N" "$intake"
    head -n 100001 "$intake" > "$out/intake_100k.csv"
    printf '%s\n' "$istamp" > "$out/intake.stamp"
fi
"$SCREEN" -q "$out/intake_100k.csv" > /dev/null
rc=$?
[ "$rc" -le 1 ] || die "ipt-screen failed on $out/intake_100k.csv (exit $rc)"
ib=$(wc -c < "$intake" | tr -d ' ')
times=
for r in 1 2 3; do
    t=$( { /usr/bin/time -f '%e' "$SCREEN" -q "$intake" > /dev/null; } 2>&1 | tail -n 1)
    times="$times $t"
done
med=$(printf '%s\n' $times | sort -n | sed -n 2p)
rss() {
    if setarch -R true 2>/dev/null; then
        { setarch -R /usr/bin/time -f '%M' "$SCREEN" -q "$1" > /dev/null; } 2>&1 | tail -n 1
    else
        { /usr/bin/time -f '%M' "$SCREEN" -q "$1" > /dev/null; } 2>&1 | tail -n 1
    fi
}
r100=$(rss "$out/intake_100k.csv")
r1m=$(rss "$intake")
say ""
say "ipt-screen on $N intake records ($ib B CSV), 3 runs:$times s"
python3 - "$N" "$ib" "$med" "$r100" "$r1m" <<'PY'
import sys
n, b, med, r100, r1m = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print("  median %.3f s  %.1f MB/s  %.0f k records/s" % (med, b / 1e6 / med, n / med / 1e3))
print("  peak RSS: 100,000 records %.1f MiB (%d KiB); %d records %.1f MiB (%d KiB): %s"
      % (r100 / 1024, r100, n, r1m / 1024, r1m,
         "constant" if abs(r1m - r100) <= 256 else "GROWS"))
PY

}
bench_screen

# --- ipt-plan: contacts per second and constant memory ----------------------
# 100,000 screened patients, nine in ten eligible, the four tracks and
# their doses in turn (made by awk from the record number: deterministic),
# planned from a fixed start around the sample holidays; 3 timed runs
# (median), then peak RSS on 10,000 and on 100,000 patients.
PLAN=${IPT_PLAN:-bin/ipt-plan}
bench_plan() {
if [ ! -x "$PLAN" ]; then
    say "bench: $PLAN not built: ipt-plan skipped"
    return 0
fi
have mawk || die "mawk is required (makes the screened records)"
screened=$out/screened_100k.csv
mawk 'BEGIN {
    split("ipt ipt_a ipt_g ipt_b", tr, " ")
    split("12 12 10 8", ses, " "); split("60 45 90 60", min, " ")
    split("grief role_dispute role_transition interpersonal_deficits", fa, " ")
    print "id,screen_status,screen_reasons,ipt_track,sessions_recommended," \
        "session_minutes,focal_area,focal_area_secondary,outcome_measures," \
        "episode,dispute_with,dispute_stage"
    for (i = 1; i <= 100000; i++) {
        if (i % 10 == 0) {
            printf "P%06d,defer,suicide_risk_high,,,,grief,,,,,\n", i
            continue
        }
        t = 1 + i % 4; f = 1 + i % 4; g = 1 + (i + 1) % 4
        printf "P%06d,eligible,,%s,%d,%d,%s,%s,phq9;gad7;wsas,%s,parent,impasse\n",
            i, tr[t], ses[t] + (i % 3) * 2, min[t], fa[f], (i % 5 ? "" : fa[g]),
            (i % 2 ? "first" : "recurrent")
    }
}' > "$screened"
head -n 10001 "$screened" > "$out/screened_10k.csv"
popts="--start 2026-12-07 --holidays sample-data/holidays.txt"
# shellcheck disable=SC2086
"$PLAN" -q $popts "$screened" > "$out/plans.csv"
rc=$?
[ "$rc" -le 1 ] || die "ipt-plan failed on $screened (exit $rc)"
contacts=$(awk -F, 'NR > 1 && $2 == "planned"' "$out/plans.csv" | wc -l | tr -d ' ')
times=
for r in 1 2 3; do
    # shellcheck disable=SC2086
    t=$( { /usr/bin/time -f '%e' "$PLAN" -q $popts "$screened" > /dev/null; } 2>&1 | tail -n 1)
    times="$times $t"
done
med=$(printf '%s\n' $times | sort -n | sed -n 2p)
prss() {
    # shellcheck disable=SC2086
    if setarch -R true 2>/dev/null; then
        { setarch -R /usr/bin/time -f '%M' "$PLAN" -q $popts "$1" > /dev/null; } 2>&1 | tail -n 1
    else
        { /usr/bin/time -f '%M' "$PLAN" -q $popts "$1" > /dev/null; } 2>&1 | tail -n 1
    fi
}
p10=$(prss "$out/screened_10k.csv")
p100=$(prss "$screened")
say ""
say "ipt-plan on 100,000 screened patients ($contacts contacts), 3 runs:$times s"
python3 - "$contacts" "$med" "$p10" "$p100" <<'PY'
import sys
c, med, r10, r100 = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print("  median %.3f s  %.0f k contacts/s  %.0f k patients/s" % (med, c / med / 1e3, 100000 / med / 1e3))
print("  peak RSS: 10,000 patients %.1f MiB (%d KiB); 100,000 patients %.1f MiB (%d KiB): %s"
      % (r10 / 1024, r10, r100 / 1024, r100, "constant" if abs(r100 - r10) <= 256 else "GROWS"))
PY
}
bench_plan

# --- ipt-report: wall time and memory per patient, and the sharding recipe ---
# tests/bench/gen_sessions.c (fixed seed) writes scored session records:
# 1,000,000 of 100,000 patients (CSV and JSON Lines), 1,000,000 of 10,000
# patients and 100,000 of 10,000 patients (CSV), so that peak RSS can be
# seen to follow the patients, not the records.  report_bench.py checks
# that the CSV and JSONL reports and the GNU parallel recipe's (2 job
# slots, -N 200000, and --pipe-part) are byte-identical to the single
# process's (exit 1 if not), then times every command in
# BENCH_REPORT_ROUNDS (5) interleaved rounds and prints the tables and
# the targets: 1M records / 100k patients in < 1.5 s and < 100 MiB.
# Environment: IPT_REPORT (default bin/ipt-report), BENCH_REPORT_ROUNDS.
REPORT=${IPT_REPORT:-bin/ipt-report}
bench_report() {
if [ ! -x "$REPORT" ]; then
    say "bench: $REPORT not built: ipt-report skipped"
    return 0
fi
if ! have parallel || ! parallel --version 2>/dev/null | head -n 1 | grep -q 'GNU parallel'; then
    die "GNU parallel is required for the ipt-report section (sh tests/deps.sh installs it)"
fi
rstamp="gen=$(cksum < $here/gen_sessions.c)"
$CC -std=c11 -O2 -o "$out/gen_sessions" "$here/gen_sessions.c" ||
    die "cannot build $here/gen_sessions.c"
if [ ! -f "$out/sessions_1m.jsonl" ] || [ ! -f "$out/sessions_100k.csv" ] ||
    [ "$(cat "$out/sessions.stamp" 2>/dev/null)" != "$rstamp" ]; then
    say "bench: generating session records for ipt-report in $out/"
    rm -f "$out/sessions.stamp"
    "$out/gen_sessions" 1000000 100000 "$out/sessions_1m.csv" "$out/sessions_1m.jsonl"
    "$out/gen_sessions" 1000000 10000 "$out/sessions_1m_10kp.csv" "$out/sessions_1m_10kp.jsonl"
    "$out/gen_sessions" 100000 10000 "$out/sessions_100k.csv" "$out/sessions_100k.jsonl"
    rm -f "$out/sessions_1m_10kp.jsonl" "$out/sessions_100k.jsonl"
    printf '%s\n' "$rstamp" > "$out/sessions.stamp"
fi
cat "$out"/sessions_*.csv "$out/sessions_1m.jsonl" > /dev/null   # page cache
say ""
python3 $here/report_bench.py "$REPORT" 2026-12-31 "$out" \
    "JSONL=$out/sessions_1m.jsonl:1000000:100000" \
    "CSV=$out/sessions_1m.csv:1000000:100000" \
    "CSV 10k patients=$out/sessions_1m_10kp.csv:1000000:10000" \
    "CSV 100k=$out/sessions_100k.csv:100000:10000"
}
bench_report
