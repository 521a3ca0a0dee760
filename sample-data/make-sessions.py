#!/usr/bin/env python3
"""Write sample-data/sessions.csv: SYNTHETIC session records for ipt-tools.

    python3 sample-data/make-sessions.py > sample-data/sessions.csv

Every value is made up by a seeded generator below.  No real patient data
is used or implied; ids, sites and dates are invented.  The output is the
same on every run and every Python 3 version (own PRNG, fixed seed).

What is in it, on purpose (later tests and reports rely on these):
  - 32 patients P001..P032, 4-12 weekly sessions each (P027: 2), first
    sessions March to May 2026; mostly improving PHQ-9, GAD-7 and WSAS.
  - P021 deteriorates (PHQ-9 from 11 to 23 over 10 sessions; item 9
    positive from session 5) and has the one C-SSRS screen (session 5).
  - P027 drops out after 2 sessions.
  - Missing answers: P002 s3 phq9_9 (prorated PHQ-9, risk unknown);
    P003 s2 phq9_2, phq9_5, phq9_7 (insufficient); P006 s4 gad7_4;
    P010 s1 wsas_3; P018 s5 the whole GAD-7 (absent).
  - wsas_1 = na once: P011 s6.
  - Invalid answers (flagged): P007 s4 phq9_3 = 5; P013 s5 gad7_2 = x;
    P024 s3 wsas_4 = 10.
"""

import datetime
import sys

SEED = 20260302
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

N_PATIENTS = 32
SITES = ["north", "central", "south"]
FIRST_MONDAY = datetime.date(2026, 3, 2)
LAST_DAY = datetime.date(2026, 6, 26)   # end of the extract
DETERIORATES = "P021"
DROPOUT = "P027"
CSSRS_AT = (DETERIORATES, 5)

HEADER = (["id", "date", "session", "site"]
          + ["phq9_%d" % i for i in range(1, 10)]
          + ["gad7_%d" % i for i in range(1, 8)]
          + ["wsas_%d" % i for i in range(1, 6)]
          + ["cssrs_%d" % i for i in range(1, 7)] + ["cssrs_6_recent"])

# (patient, session) -> {column: value written as is}
EDITS = {
    ("P002", 3): {"phq9_9": ""},
    ("P003", 2): {"phq9_2": "", "phq9_5": "", "phq9_7": ""},
    ("P006", 4): {"gad7_4": ""},
    ("P010", 1): {"wsas_3": ""},
    ("P018", 5): {"gad7_%d" % i: "" for i in range(1, 8)},
    ("P011", 6): {"wsas_1": "na"},
    ("P007", 4): {"phq9_3": "5"},
    ("P013", 5): {"gad7_2": "x"},
    ("P024", 3): {"wsas_4": "10"},
}
# Patients an edit needs to have at least this many sessions.
MIN_SESSIONS = {}
for (pid, s) in EDITS:
    MIN_SESSIONS[pid] = max(MIN_SESSIONS.get(pid, 4), s)


def spread(total, n, top):
    """n item values in 0..top summing to total (clamped to 0..n*top)."""
    total = max(0, min(total, n * top))
    items = [0] * n
    for _ in range(total):
        free = [i for i in range(n) if items[i] < top]
        items[rng.choice(free)] += 1
    return items


def path(start, end, n, noise):
    """n totals going from start to end, with some noise, never negative."""
    out = []
    for k in range(n):
        t = start + (end - start) * k / max(1, n - 1)
        t += rng.uniform(-noise, noise)
        out.append(max(0, int(round(t))))
    return out


def patient(num):
    pid = "P%03d" % num
    site = rng.choice(SITES)
    start = FIRST_MONDAY + datetime.timedelta(
        weeks=rng.randint(0, 11), days=rng.randint(0, 4))
    most = (LAST_DAY - start).days // 7 + 1
    n = min(rng.randint(max(4, MIN_SESSIONS.get(pid, 4)), 12), most)

    phq_b = rng.randint(10, 23)
    gad_b = rng.randint(7, 18)
    wsas_b = rng.randint(10, 30)
    if rng.randint(1, 6) == 1:          # little change
        f = rng.uniform(0.8, 1.0)
    else:                               # improves
        f = rng.uniform(0.25, 0.65)
    phq_e, gad_e, wsas_e = (round(x * f) for x in (phq_b, gad_b, wsas_b))
    risky = rng.randint(1, 6) == 1      # item 9 positive at first
    if pid == DETERIORATES:
        phq_b, phq_e, gad_e, wsas_e = 12, 21, gad_b + 5, wsas_b + 8
        n = max(n, 9)
        start = FIRST_MONDAY + datetime.timedelta(weeks=1, days=2)
        risky = False
    planned = n
    if pid == DROPOUT:                  # planned 8, came twice
        planned, n = 8, 2
        start = FIRST_MONDAY + datetime.timedelta(weeks=1)

    phq = [min(t, 27) for t in path(phq_b, phq_e, planned, 2.0)]
    gad = [min(t, 21) for t in path(gad_b, gad_e, planned, 1.5)]
    wsas = [min(t, 40) for t in path(wsas_b, wsas_e, planned, 3.0)]

    rows = []
    for k in range(n):
        s = k + 1
        if pid == DETERIORATES:
            item9 = 0 if s < 5 else (1 if s < 8 else 2)
        elif risky:
            item9 = 1 if s <= 2 else 0
        else:
            item9 = 0
        item9 = min(item9, phq[k])
        p = spread(phq[k] - item9, 8, 3) + [item9]
        row = {"id": pid, "site": site, "session": str(s),
               "date": (start + datetime.timedelta(weeks=k)).isoformat()}
        for i, v in enumerate(p, 1):
            row["phq9_%d" % i] = str(v)
        for i, v in enumerate(spread(gad[k], 7, 3), 1):
            row["gad7_%d" % i] = str(v)
        for i, v in enumerate(spread(wsas[k], 5, 8), 1):
            row["wsas_%d" % i] = str(v)
        if (pid, s) == CSSRS_AT:
            row.update({"cssrs_1": "yes", "cssrs_2": "yes", "cssrs_3": "no",
                        "cssrs_4": "no", "cssrs_5": "no", "cssrs_6": "no"})
        row.update(EDITS.get((pid, s), {}))
        rows.append(row)
    return rows


def main():
    out = sys.stdout
    out.write(",".join(HEADER) + "\n")
    for num in range(1, N_PATIENTS + 1):
        for row in patient(num):
            out.write(",".join(row.get(c, "") for c in HEADER) + "\n")


if __name__ == "__main__":
    main()
