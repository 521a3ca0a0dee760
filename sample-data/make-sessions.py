#!/usr/bin/env python3
"""Write sample-data/sessions.csv: SYNTHETIC session records for ipt-tools.

    python3 sample-data/make-sessions.py > sample-data/sessions.csv
    python3 sample-data/make-sessions.py --check SCREENED.csv [PLANS.csv]

Every value is made up by a seeded generator below.  No real patient data
is used or implied; ids, sites and dates are invented.  The output is the
same on every run and every Python 3 version (own PRNG, fixed seed).

One story, end to end.  The patients are the 24 eligible patients of
`ipt-screen sample-data/intake.csv` (table PATIENTS below), treated on the
plans of

    ipt-screen sample-data/intake.csv > screened.csv
    ipt-plan --start 2026-12-07 --followups 1,3,6 \\
        --holidays sample-data/holidays.txt screened.csv > plans.csv

and the extract is reported on as of Monday 2027-03-01 (AS_OF):

    ipt-score sample-data/sessions.csv |
    ipt-report --as-of 2027-03-01 --intake screened.csv --plans plans.csv \\
        --by site

Records: one per treatment session (`session` = the plan's treatment
session number; ipt_g: the group session number) and per follow-up
contact (no `session`), each dated exactly as ipt-plan dates it: session
1 on Monday 2026-12-07, then weekly; Monday 2026-12-28 (Boxing Day
substitute) moves session 4 to Tuesday 2026-12-29; the one-month
follow-up is the last session's date plus one month (next working day).
Pre-, mid- and post-group meetings and parent_joint flags are plan-only.
Each record holds the plan's `measures` for that contact: the symptom
measure (PHQ-9, or PHQ-A for ipt_a) every session; the battery (plus
GAD-7, WSAS, and EPDS when perinatal) at session 1, the review sessions,
the last session and follow-ups, and also on a record that ends a course
early.  Columns: id,date,session,site,attended,ended, then the items.
`attended` is yes or no (no: did not attend, no items); `ended` = yes on
the record that ends a course, else empty.

What is in it, on purpose, as of 2027-03-01 (tests and reports rely on
these):
  - Finished courses (ended, attended >= 2): 18.  Completed 12-session
    courses end with `ended` yes on session 12 (2027-02-22); R005 and
    R007 (8 sessions) on 2027-01-25; R006 (ipt_g, 10) on 2027-02-08.  Mostly
    improving; recovered among others R001, R012, R038; not recovered:
    R013 and R044 (little change), R039 (reliable improvement, but GAD-7
    still 9 at the end), R011, R043.  R045 starts below caseness (PHQ-9 8,
    GAD-7 6), R009 has one GAD-7 only (not paired).
  - R043: the one reliable deterioration (PHQ-9 12 -> 20, GAD-7 9 -> 14),
    item 9 positive from session 11; its course ends early on session 13
    (2027-03-01, in the period; stepped up), where it has the one C-SSRS
    screen (items 1-3 yes: cssrs_risk moderate).
  - Dropouts (planned 12, T = 3): R009 came to sessions 1-5, nothing
    after 2027-01-04 (ended by inactivity); R010 came once, did not
    attend sessions 2 and 3, nothing after 2026-12-21 (ended by
    inactivity; a single score); R011 ended (`ended` yes) after session 4.
  - Active (a record within 28 days, not ended), sessions 14 due on
    2027-03-08: R002 (16 sessions; did not attend session 6; item 9
    positive on session 13, 2027-03-01), R003 (phq9_9 missing on its
    latest record, session 13: prorated PHQ-9, risk unknown), R046
    (PHQ-9 9 on session 12, 18 on session 13: worse by 9 this period and
    by 6 since session 1), R047 (has a session 14 record dated
    2027-03-08, after AS_OF: ignored as future-dated).
  - R008 (12 sessions, perinatal: EPDS in its battery) came to sessions
    1-9 and did not attend 10 (2027-02-08) and 11 (2027-02-15): active,
    two overdue sessions.
  - Follow-ups: R005 and R007 have a one-month follow-up record on
    2027-02-25 (in the period); R006's one-month follow-up, 2027-03-08, is
    due in the week after AS_OF.
  - Adolescent: R004 (age 15, ipt_a) fills in the PHQ-A (phqa_1..phqa_9),
    17 -> 3: remission_adolescent 1 of 1.
  - Item 9 positive early on only: R012 sessions 1-2, R038 session 1.
  - Missing answers: R003 s13 phq9_9 (prorated, risk unknown); R013 s3
    phq9_2, phq9_5, phq9_7 (insufficient); R038 s6 gad7_4 (prorated);
    R039 s1 wsas_3 (prorated); R012 s6 the whole GAD-7 (absent).
  - wsas_1 = na (retired, age 66): every WSAS of R040 (prorated).
  - Invalid answers (flagged by ipt-score): R041 s7 phq9_3 = 5; R044 s10
    gad7_2 = x; R042 s6 wsas_4 = 10.  Invalid for ipt-report: R014 s8
    attended = maybe (flagged, counts as yes).
  - Did not attend (attended = no): R002 s6, R008 s10-11, R010 s2-3,
    R041 s5.

PATIENTS was taken from `ipt-screen sample-data/intake.csv` (its eligible
records: id, site, ipt_track, sessions_recommended, age,
outcome_measures).  If intake.csv or ipt-screen changes, refresh it from

    bin/ipt-screen sample-data/intake.csv |
    python3 -c 'import csv,sys
    for r in csv.DictReader(sys.stdin):
        if r["screen_status"] == "eligible":
            print(r["id"], r["site"], r["ipt_track"],
                  r["sessions_recommended"], r["age"], r["outcome_measures"])'

and check it with `--check SCREENED.csv` (exit 1 and a message per
difference).  With PLANS.csv (ipt-plan output for the options above),
--check also verifies that every generated record's date is the plan's
date of that treatment session or of the patient's one-month follow-up.
"""

import csv
import datetime
import os
import sys

SEED = 20261207
MASK = (1 << 64) - 1


class SplitMix64:
    """Small, fully specified PRNG, so the output never depends on the
    version of Python's random module."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def randint(self, lo, hi):
        return lo + self.next() % (hi - lo + 1)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * (self.next() >> 11) / float(1 << 53)

    def choice(self, seq):
        return seq[self.randint(0, len(seq) - 1)]


rng = SplitMix64(SEED)

D = datetime.date
DAY = datetime.timedelta(days=1)
START = D(2026, 12, 7)          # ipt-plan --start
AS_OF = D(2027, 3, 1)           # the report date the data is made for
HOLIDAYS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "holidays.txt")

# Taken from `ipt-screen sample-data/intake.csv`, eligible records (see the
# docstring for how to refresh it): id, site, ipt_track,
# sessions_recommended, age, outcome_measures.
PATIENTS = [
    ("R001", "central", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R002", "south", "ipt", 16, 38, "phq9;gad7;wsas"),
    ("R003", "north", "ipt", 14, 38, "phq9;gad7;wsas"),
    ("R004", "central", "ipt_a", 12, 15, "phqa;gad7;wsas"),
    ("R005", "south", "ipt_g", 8, 38, "phq9;gad7;wsas"),
    ("R006", "north", "ipt_g", 10, 38, "phq9;gad7;wsas"),
    ("R007", "central", "ipt_b", 8, 38, "phq9;gad7;wsas"),
    ("R008", "south", "ipt", 12, 38, "phq9;gad7;wsas;epds"),
    ("R009", "north", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R010", "central", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R011", "south", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R012", "north", "ipt", 12, 29, "phq9;gad7;wsas"),
    ("R013", "central", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R014", "south", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R038", "south", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R039", "north", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R040", "central", "ipt", 12, 66, "phq9;gad7;wsas"),
    ("R041", "south", "ipt", 12, 49, "phq9;gad7;wsas"),
    ("R042", "north", "ipt", 12, 32, "phq9;gad7;wsas"),
    ("R043", "central", "ipt", 14, 61, "phq9;gad7;wsas"),
    ("R044", "south", "ipt", 12, 42, "phq9;gad7;wsas"),
    ("R045", "north", "ipt", 12, 38, "phq9;gad7;wsas"),
    ("R046", "central", "ipt", 14, 48, "phq9;gad7;wsas"),
    ("R047", "south", "ipt", 14, 21, "phq9;gad7;wsas"),
]

# The course of each patient.
#   upto:     the last treatment session that has a record (default: all)
#   dna:      sessions with attended = no
#   ended:    the session whose record has ended = yes
#   followup: a record for the one-month follow-up
#   dep, gad, wsas, epds: (first, last) totals: at session 1 and at the
#             last attended session; in between a noisy straight line
#   fu:       totals at the follow-up: (dep, gad, wsas)
#   set:      {session: {measure: total}} overrides
#   item9:    {session: value of item 9 (phq9_9 / phqa_9)}
#   edit:     {session: {column: value written as is}}
COURSES = {
    "R001": dict(ended=12, dep=(16, 4), gad=(13, 4), wsas=(22, 8)),
    "R002": dict(upto=13, dna=[6], dep=(19, 11), gad=(14, 9),
                 wsas=(26, 16), item9={13: 1}),
    "R003": dict(upto=13, dep=(15, 8), gad=(11, 7), wsas=(20, 12),
                 edit={13: {"phq9_9": ""}}),
    "R004": dict(ended=12, dep=(17, 3), gad=(11, 4), wsas=(18, 6)),
    "R005": dict(ended=8, followup=True, dep=(14, 6), gad=(10, 5),
                 wsas=(19, 9), fu=(5, 4, 8)),
    "R006": dict(ended=10, dep=(18, 8), gad=(14, 7), wsas=(24, 11)),
    "R007": dict(ended=8, followup=True, dep=(12, 4), gad=(9, 5),
                 wsas=(16, 7), fu=(3, 4, 6)),
    "R008": dict(upto=11, dna=[10, 11], dep=(14, 10), gad=(10, 8),
                 wsas=(21, 15), epds=(15, 11)),
    "R009": dict(upto=5, dep=(15, 12), gad=(12, 12), wsas=(23, 20)),
    "R010": dict(upto=3, dna=[2, 3], dep=(16, 16), gad=(12, 12),
                 wsas=(25, 25)),
    "R011": dict(upto=4, ended=4, dep=(13, 13), gad=(10, 11),
                 wsas=(20, 21)),
    "R012": dict(ended=12, dep=(20, 7), gad=(15, 6), wsas=(28, 10),
                 item9={1: 1, 2: 1},
                 edit={6: {"gad7_%d" % i: "" for i in range(1, 8)}}),
    "R013": dict(ended=12, dep=(14, 11), gad=(9, 8), wsas=(19, 17),
                 edit={3: {"phq9_2": "", "phq9_5": "", "phq9_7": ""}}),
    "R014": dict(ended=12, dep=(11, 4), gad=(8, 3), wsas=(15, 5),
                 edit={8: {"attended": "maybe"}}),
    "R038": dict(ended=12, dep=(17, 6), gad=(12, 5), wsas=(24, 9),
                 item9={1: 1}, edit={6: {"gad7_4": ""}}),
    "R039": dict(ended=12, dep=(19, 9), gad=(14, 9), wsas=(27, 14),
                 edit={1: {"wsas_3": ""}}),
    "R040": dict(ended=12, dep=(13, 3), gad=(7, 3), wsas=(14, 5),
                 edit={s: {"wsas_1": "na"} for s in (1, 6, 10, 12)}),
    "R041": dict(ended=12, dna=[5], dep=(15, 5), gad=(11, 6),
                 wsas=(21, 9), edit={7: {"phq9_3": "5"}}),
    "R042": dict(ended=12, dep=(10, 4), gad=(11, 5), wsas=(17, 7),
                 edit={6: {"wsas_4": "10"}}),
    "R043": dict(upto=13, ended=13, dep=(12, 20), gad=(9, 14),
                 wsas=(18, 27), item9={11: 1, 12: 1, 13: 2},
                 cssrs={13: ("yes", "yes", "yes", "no", "no", "no", "")}),
    "R044": dict(ended=12, dep=(16, 12), gad=(13, 11), wsas=(22, 19),
                 edit={10: {"gad7_2": "x"}}),
    "R045": dict(ended=12, dep=(8, 4), gad=(6, 3), wsas=(12, 5)),
    "R046": dict(upto=13, dep=(12, 9), gad=(10, 8), wsas=(19, 15),
                 set={12: {"phq9": 9}, 13: {"phq9": 18}}),
    "R047": dict(ended=14, dep=(17, 7), gad=(13, 6), wsas=(25, 11)),
}

HEADER = (["id", "date", "session", "site", "attended", "ended"]
          + ["phq9_%d" % i for i in range(1, 10)]
          + ["phqa_%d" % i for i in range(1, 10)]
          + ["gad7_%d" % i for i in range(1, 8)]
          + ["wsas_%d" % i for i in range(1, 6)]
          + ["epds_%d" % i for i in range(1, 11)]
          + ["cssrs_%d" % i for i in range(1, 7)] + ["cssrs_6_recent"])

ITEMS = {"phq9": (9, 3), "phqa": (9, 3), "gad7": (7, 3), "wsas": (5, 8),
         "epds": (10, 3)}       # prefix -> (number of items, top value)


# ---------------------------------------------------------------- calendar
# As ipt-plan.md section 4, for --start on a weekday and no --weekday.

def read_holidays(path):
    days = set()
    with open(path) as f:
        for line in f:
            text = line.split("#", 1)[0].strip()
            if text:
                days.add(datetime.date.fromisoformat(text))
    return days


HOLIDAYS = read_holidays(HOLIDAYS_FILE)


def working(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def monday(d):
    return d - d.weekday() * DAY


def treatment_dates(n):
    """Actual dates of treatment (or group) sessions 1..n."""
    d0 = START
    while d0.weekday() >= 5:                # a weekend start: next Monday
        d0 += DAY
    wd = d0.weekday()
    dates = []
    nominal = d0
    for _ in range(n):
        d = nominal
        while True:
            cand = d
            while cand.weekday() < 5 and cand in HOLIDAYS:
                cand += DAY
            if cand.weekday() < 5:          # a working day in the same week
                break
            d = monday(d) + datetime.timedelta(days=7 + wd)
        dates.append(cand)
        nominal = monday(cand) + datetime.timedelta(days=7 + wd)
    return dates


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y += d.year
    mo += 1
    last = (D(y + mo // 12, mo % 12 + 1, 1) - DAY).day
    return D(y, mo, min(d.day, last))


def followup_date(last, months):
    d = add_months(last, months)
    while not working(d):
        d += DAY
    return d


# ------------------------------------------------------------------ scores

def spread(total, n, top):
    """n item values in 0..top summing to total (clamped to 0..n*top)."""
    total = max(0, min(total, n * top))
    items = [0] * n
    for _ in range(total):
        free = [i for i in range(n) if items[i] < top]
        items[rng.choice(free)] += 1
    return items


def line(first, last, sessions, noise, top):
    """Totals at the given session numbers: first at the first, last at
    the last, a noisy straight line in between, within 0..top."""
    out = {}
    a, b = sessions[0], sessions[-1]
    for s in sessions:
        if s in (a, b):
            t = first if s == a else last
        else:
            t = first + (last - first) * (s - a) / (b - a)
            t = int(round(t + rng.uniform(-noise, noise)))
        out[s] = max(0, min(top, t))
    return out


def fill(row, prefix, total, item9=0):
    n, top = ITEMS[prefix]
    if prefix in ("phq9", "phqa"):
        item9 = min(item9, total, top)
        vals = spread(total - item9, n - 1, top) + [item9]
    else:
        vals = spread(total, n, top)
    for i, v in enumerate(vals, 1):
        row["%s_%d" % (prefix, i)] = str(v)


# --------------------------------------------------------------- records

def battery_sessions(n):
    """Sessions that have the whole battery (ipt-plan.md section 7)."""
    reviews = (6, 10) if n >= 12 else (4,)
    return {1, n} | set(reviews)


def patient_rows(pid, site, track, n, age, measures):
    c = COURSES[pid]
    measures = measures.split(";")
    dep = measures[0]
    dates = treatment_dates(n)
    upto = c.get("upto", n)
    dna = set(c.get("dna", []))
    attended = [s for s in range(1, upto + 1) if s not in dna]
    battery = battery_sessions(n)
    if "ended" in c:
        battery.add(c["ended"])
    traj = {dep: line(c["dep"][0], c["dep"][1], attended, 2.0, 27)}
    for m, key, top, noise in (("gad7", "gad", 21, 1.5),
                               ("wsas", "wsas", 40, 3.0),
                               ("epds", "epds", 30, 1.5)):
        if m in measures:
            traj[m] = line(c[key][0], c[key][1],
                           [s for s in attended if s in battery],
                           noise, top)
    for s, over in c.get("set", {}).items():
        for m, v in over.items():
            traj[m][s] = v

    rows = []
    for s in range(1, upto + 1):
        row = {"id": pid, "date": dates[s - 1].isoformat(),
               "session": str(s), "site": site}
        if s in dna:
            row["attended"] = "no"
        else:
            row["attended"] = "yes"
            fill(row, dep, traj[dep][s], c.get("item9", {}).get(s, 0))
            for m in measures[1:]:
                if s in traj[m]:
                    fill(row, m, traj[m][s])
            if s in c.get("cssrs", {}):
                v = c["cssrs"][s]
                for i in range(6):
                    row["cssrs_%d" % (i + 1)] = v[i]
                row["cssrs_6_recent"] = v[6]
        if c.get("ended") == s:
            row["ended"] = "yes"
        row.update(c.get("edit", {}).get(s, {}))
        rows.append(row)
    if c.get("followup"):
        row = {"id": pid, "date": followup_date(dates[-1], 1).isoformat(),
               "site": site, "attended": "yes"}
        for m, v in zip([dep, "gad7", "wsas"], c["fu"]):
            fill(row, m, v)
        rows.append(row)
    return rows


def generate():
    rows = []
    for p in PATIENTS:
        rows.extend(patient_rows(*p))
    return rows


# ----------------------------------------------------------------- check

def check(screened, plans):
    errors = []
    want = {}
    with open(screened, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("screen_status") == "eligible":
                want[r["id"]] = (r["id"], r["site"], r["ipt_track"],
                                 int(r["sessions_recommended"]),
                                 int(r["age"]) if r["age"] else None,
                                 r["outcome_measures"])
    have = {p[0]: p for p in PATIENTS}
    for pid in sorted(set(want) | set(have)):
        if pid not in want:
            errors.append("%s: in PATIENTS, not eligible in %s"
                          % (pid, screened))
        elif pid not in have:
            errors.append("%s: eligible in %s, not in PATIENTS"
                          % (pid, screened))
        elif want[pid] != have[pid]:
            errors.append("%s: PATIENTS has %r, %s has %r"
                          % (pid, have[pid][1:], screened, want[pid][1:]))
    if plans:
        sess, fu1 = {}, {}
        with open(plans, newline="") as f:
            for r in csv.DictReader(f):
                if r.get("plan_status") != "planned":
                    continue
                if r["session"]:
                    sess[(r["id"], r["session"])] = r["date"]
                elif r["kind"] == "followup" and r["id"] not in fu1:
                    fu1[r["id"]] = r["date"]
        for row in generate():
            pid, s, d = row["id"], row.get("session", ""), row["date"]
            plan = sess.get((pid, s)) if s else fu1.get(pid)
            what = "session %s" % s if s else "first follow-up"
            if plan != d:
                errors.append("%s %s: dated %s, planned %s"
                              % (pid, what, d, plan or "nowhere"))
    for e in errors:
        sys.stderr.write("make-sessions.py: %s\n" % e)
    if errors:
        sys.stderr.write("make-sessions.py: PATIENTS or the calendar no "
                         "longer matches; see the docstring to refresh\n")
        return 1
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "--check":
        if len(argv) not in (3, 4):
            sys.stderr.write("usage: make-sessions.py [--check SCREENED.csv "
                             "[PLANS.csv]]\n")
            return 64
        return check(argv[2], argv[3] if len(argv) == 4 else None)
    if len(argv) != 1:
        sys.stderr.write("usage: make-sessions.py [--check SCREENED.csv "
                         "[PLANS.csv]]\n")
        return 64
    rows = generate()
    out = sys.stdout
    out.write(",".join(HEADER) + "\n")
    for row in rows:
        out.write(",".join(row.get(c, "") for c in HEADER) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
