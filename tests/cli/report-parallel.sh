#!/bin/sh
# CLI tests for ipt-report's sharding (ipt-report.md section 8; the GNU
# parallel recipe of ipt-report(1)): session records cut into blocks by
# `parallel --pipe`, each block reduced to a partial, the partials merged,
# must give the report of one process reading every record, byte for
# byte, in every format, whatever the block size, the number of jobs and
# the order of the partial records.
#
# The input is generated (python3, fixed seed): 3,000 JSON Lines session
# records of 400 patients in random order, so most patients' records land
# in several blocks (checked below).  It holds flagged values, future and
# invalid records, ended courses, end dates, risk answers, and site values
# that change over a course.
#
# GNU parallel is required: without it this script fails (make check runs
# tests/deps.sh, which installs it).
. "$(dirname "$0")/../lib.sh"

D=2026-06-30		# the as-of date of every run
BY=site

# ---------------------------------------------------------------- GNU parallel

t "GNU parallel is installed"
if ! command -v parallel >/dev/null 2>&1 ||
    ! parallel --version 2>/dev/null | head -n 1 | grep -q 'GNU parallel'; then
	bad "GNU parallel not found (moreutils' parallel is another program): 'make check' installs it (sh tests/deps.sh)"
	finish report-parallel
	exit 1
fi
ok

# ---------------------------------------------------------------- the input

t "generate the session records"
python3 - "$T/in.jsonl" <<'PY'
import datetime, json, random, sys

rnd = random.Random(20260630)
base = datetime.date(2026, 1, 1)
ids = ["P%03d" % i for i in range(395)] + ["Zo\u00eb", "a \"quoted\" id",
       "x,y", "\u00e9l\u00e8ve", "P-long-" + "z" * 60]
sites = ["north", "south", "east", "west central", ""]
recs = []
for pid in ids:
    start = rnd.randint(0, 150)
    n = rnd.randint(1, 14)
    home = rnd.choice(sites)
    for s in range(1, n + 1):
        day = start + 7 * (s - 1) + rnd.randint(0, 2)
        r = {"id": pid, "date": (base + datetime.timedelta(days=day)).isoformat()}
        r["session"] = s if rnd.random() < 0.9 else None
        r["attended"] = rnd.choice(["yes"] * 6 + ["no", None, "maybe"])
        r["site"] = home if rnd.random() < 0.85 else rnd.choice(sites)
        sev = max(0, 20 - 2 * s + rnd.randint(-4, 4))
        if rnd.random() < 0.8:
            r["phq9_total"] = min(27, sev)
        if rnd.random() < 0.6:
            r["gad7_total"] = min(21, max(0, sev - 3 + rnd.randint(-2, 2)))
        if rnd.random() < 0.02:
            r["phq9_total"] = 31            # out of range: flagged
        if rnd.random() < 0.1:
            r["wsas_total"] = rnd.randint(0, 40)
        if rnd.random() < 0.5:
            r["phq9_risk"] = rnd.choice(["not_endorsed"] * 5 +
                                        ["positive", "unknown", "bogus"])
        if rnd.random() < 0.2:
            r["cssrs_risk"] = rnd.choice(["high", "moderate", "low",
                                          "not_endorsed", "unknown"])
        if s == n and rnd.random() < 0.5:
            if rnd.random() < 0.5:
                r["ended"] = "yes"
            else:
                r["end_date"] = r["date"]
        recs.append(r)
recs.append({"id": "", "date": "2026-03-01", "phq9_total": 5})
recs.append({"id": "P001", "date": "2026-02-30"})
recs.append({"id": "P002", "date": "2026-07-09", "phq9_total": 9})
rnd.shuffle(recs)
recs = recs[:3000]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
PY
if [ -s "$T/in.jsonl" ] && [ "$(wc -l <"$T/in.jsonl")" -eq 3000 ]; then
	ok
else
	bad "python3 did not write 3000 records"
fi

# The single-process reports, one per format (exit 1: flagged records).
# The merged run's exit status is the unsplit run's: 1 too.
for fmt in md json csv html; do
	t "single process -o $fmt"
	run ipt-report --as-of $D --by $BY -o $fmt "$T/in.jsonl"
	want_rc 1
	cp "$T/out" "$T/single.$fmt"
done
SRC=1
t "the single report is not trivial"
run jq -r '[.inputs.patients, (.safety | length), .inputs.records_flagged,
    .inputs.records_future, .inputs.records_invalid] | map(. > 0) | all' \
    "$T/single.json"
want_out true

# ---------------------------------------------------------------- helpers

# recipe N JOBS FMT [MERGE-OPTION...]: the man page's recipe on in.jsonl,
# `parallel --pipe -N N -j JOBS ipt-report --partial | ipt-report --merge`;
# parallel's exit status goes to $T/prc, its job log to $T/joblog, the
# partials (tee) to $T/parts.jsonl.
recipe() {
	n=$1 j=$2 fmt=$3
	shift 3
	{
		parallel --will-cite --pipe -N "$n" -j "$j" \
		    --joblog "$T/joblog" \
		    ipt-report -q --partial --as-of $D --by $BY \
		    <"$T/in.jsonl" 2>"$T/perr"
		echo $? >"$T/prc"
	} | tee "$T/parts.jsonl" |
	    ipt-report --merge --as-of $D --by $BY -o "$fmt" "$@"
}

# want_jobs N: the job log shows N jobs, each exiting 0 or 1 (1: flagged
# records in its block), none killed; parallel's own status agrees.
want_jobs() {
	got=$(awk -F'\t' 'NR > 1' "$T/joblog" | wc -l | tr -d ' ')
	badjobs=$(awk -F'\t' 'NR > 1 && ($7 > 1 || $8 != 0)' "$T/joblog" |
	    wc -l | tr -d ' ')
	ones=$(awk -F'\t' 'NR > 1 && $7 == 1' "$T/joblog" | wc -l | tr -d ' ')
	prc=$(cat "$T/prc")
	if [ "$got" -eq "$1" ] && [ "$badjobs" -eq 0 ] &&
	    [ "$prc" -eq "$ones" ]; then
		ok
	else
		bad "parallel: $got jobs (want $1), $badjobs failed, status $prc" \
		    "$T/joblog"
	fi
}

# ---------------------------------------------------------------- the recipe

for fmt in md json csv html; do
	t "parallel -N 500, default jobs, -o $fmt"
	run recipe 500 100% $fmt
	want_rc $SRC
	want_out_file "$T/single.$fmt"
	want_jobs 6
done

t "the blocks split patients"
# Patients with a partial record in more than one block.
split=$(grep -o '"id":"[^"]*"' "$T/parts.jsonl" | sort | uniq -d | wc -l)
if [ "$split" -ge 100 ]; then ok; else
	bad "only $split patients are split across blocks"; fi

t "parallel -j1 -N 500 -o md"
run recipe 500 1 md
want_rc $SRC
want_out_file "$T/single.md"
want_jobs 6

t "parallel -j4 -N 500 -o json"
run recipe 500 4 json
want_rc $SRC
want_out_file "$T/single.json"
want_jobs 6

t "parallel -j4 -N 137 -o csv"
run recipe 137 4 csv
want_rc $SRC
want_out_file "$T/single.csv"
want_jobs 22

t "parallel -j4 -N 41 -o html"
run recipe 41 4 html
want_rc $SRC
want_out_file "$T/single.html"
want_jobs 74

t "parallel -j2 -N 3000 (one block) -o json"
run recipe 3000 2 json
want_rc $SRC
want_out_file "$T/single.json"
want_jobs 1

t "parallel --pipe-part --block -1 -o md"
run sh -c 'parallel --will-cite --pipe-part -a "$1" --block -1 \
    ipt-report -q --partial --as-of "$2" --by "$3" |
    ipt-report --merge --as-of "$2" --by "$3" -o md' sh \
    "$T/in.jsonl" $D $BY
want_rc $SRC
want_out_file "$T/single.md"

# ------------------------------------------- the partials in another order

# The partials of 74 blocks (one trailer each), lines shuffled with a
# fixed seed, then reversed: the same report in every format.
run recipe 41 4 md
cp "$T/parts.jsonl" "$T/parts41.jsonl"
python3 - "$T/parts41.jsonl" "$T/shuffled.jsonl" <<'PY'
import random, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
random.Random(7).shuffle(lines)
open(sys.argv[2], "w", encoding="utf-8").writelines(lines)
PY
t "shuffled partial lines differ from the parallel order"
if cmp -s "$T/parts41.jsonl" "$T/shuffled.jsonl"; then
	bad "the shuffle left the lines in place"; else ok; fi
for fmt in md json csv html; do
	t "shuffled partial lines, -o $fmt"
	run ipt-report --merge --as-of $D --by $BY -o $fmt "$T/shuffled.jsonl"
	want_rc $SRC
	want_out_file "$T/single.$fmt"
done
t "reversed partial lines, -o json"
awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }' \
    "$T/parts41.jsonl" >"$T/reversed.jsonl"
run ipt-report --merge --as-of $D --by $BY -o json "$T/reversed.jsonl"
want_rc $SRC
want_out_file "$T/single.json"

finish report-parallel
