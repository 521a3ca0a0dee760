#!/usr/bin/env python3
"""Write sample-data/intake.csv: SYNTHETIC intake records for ipt-screen.

    python3 sample-data/make-intake.py > sample-data/intake.csv

Every value is made up: the referrals R001..R040 are vignettes written
below, one or two per screening rule, and R041..R048 are drawn by a seeded
generator.  No real patient data is used or implied; ids, sites and dates
are invented.  The output is the same on every run and every Python 3
version (own PRNG, fixed seed).

What is in it, on purpose (tests/cli/screen.sh checks the coverage):
  - every screen_status, every reason code, every note, every focal area,
    every track (ipt, ipt_a, ipt_g, ipt_b), doses 8, 10, 12, 14 and 16,
    priority urgent and routine;
  - PHQ-9 items (phq9_1..phq9_9), scored by ipt-screen with ipt-score's
    code (R038 has one item missing: prorated);
  - given columns, used as they are: suicide_risk, cssrs_risk, phqa_total
    and phqa_risk (adolescents), epds_total and epds_risk (perinatal),
    wsas_total.  A given phq9_total is not here: in one CSV header it
    would stop the PHQ-9 items from being scored for every record
    (ipt-screen.md section 1);
  - two invalid values, flagged on purpose: R036 diagnosis 'mdd' (not a
    code) and R044 onset_date 2026-02-30 (no such day);
  - a pass-through column, site.
"""

import datetime
import sys

SEED = 20260412
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

    def choice(self, seq):
        return seq[self.randint(0, len(seq) - 1)]


rng = SplitMix64(SEED)

HEADER = ["id", "site", "age", "diagnosis", "episode", "medication",
          "medication_response", "suicide_risk", "cssrs_risk",
          "psychosis", "mania", "homicidal", "substance_dependence",
          "intellectual_disability", "pregnant", "breastfeeding",
          "postpartum", "social_isolation", "organic_brain",
          "concurrent_therapy", "format_preference", "onset_date",
          "referral_date", "bereavement_date", "dispute_with",
          "dispute_stage", "dispute_since", "transition",
          "transition_date", "close_relationships"] \
    + ["phq9_%d" % i for i in range(1, 10)] \
    + ["phqa_total", "phqa_risk", "epds_total", "epds_risk", "wsas_total"]

SITES = ["north", "central", "south"]

# A referral that passes every rule: the vignettes change it.  "phq9" is
# not a column: (total, item 9) for generated items, or None for none.
BASE = {
    "age": "38", "diagnosis": "depression", "episode": "first",
    "medication": "none", "suicide_risk": "none",
    "organic_brain": "excluded", "concurrent_therapy": "none",
    "format_preference": "individual", "onset_date": "2026-02-01",
    "referral_date": "2026-03-16", "dispute_with": "partner",
    "dispute_stage": "renegotiation", "close_relationships": "3",
    "wsas_total": "16", "phq9": (13, 0),
}

# R001..R040: (what it shows, changes to BASE)
VIGNETTES = [
    ("eligible, role dispute, 12 sessions", {}),
    ("grief and transition, recurrent: 16 sessions",
     {"episode": "recurrent", "dispute_with": "none", "dispute_stage": "",
      "bereavement_date": "2026-01-09", "transition": "relocation",
      "transition_date": "2025-11-20"}),
    ("not responding to an SSRI: 14 sessions",
     {"medication": "ssri", "medication_response": "none"}),
    ("adolescent: IPT-A with PHQ-A given",
     {"age": "15", "phq9": None, "phqa_total": "14",
      "phqa_risk": "not_endorsed", "dispute_with": "parent",
      "dispute_stage": "impasse"}),
    ("group, first episode: 8 sessions", {"format_preference": "group"}),
    ("group, recurrent: 10 sessions",
     {"format_preference": "group", "episode": "recurrent"}),
    ("brief IPT: 8 sessions",
     {"format_preference": "brief", "dispute_with": "colleague",
      "dispute_since": "2025-12-01"}),
    ("perinatal: postpartum, EPDS given",
     {"diagnosis": "perinatal_depression", "postpartum": "yes",
      "breastfeeding": "yes", "phq9": None, "epds_total": "16",
      "epds_risk": "not_endorsed", "dispute_with": "none",
      "dispute_stage": "", "transition": "childbirth",
      "transition_date": "2026-01-05"}),
    ("moderate rated risk: safety plan, urgent",
     {"suicide_risk": "moderate", "phq9": (17, 1)}),
    ("low risk on the C-SSRS", {"cssrs_risk": "low", "phq9": (11, 1)}),
    ("severe symptoms: urgent", {"phq9": (23, 0)}),
    ("adult with intellectual disability",
     {"age": "29", "intellectual_disability": "yes"}),
    ("interpersonal deficits",
     {"dispute_with": "none", "dispute_stage": "",
      "social_isolation": "yes", "close_relationships": "0"}),
    ("no focal area found", {"dispute_with": "", "dispute_stage": ""}),
    ("child of 10", {"age": "10", "phq9": None, "phqa_total": "12",
                     "phqa_risk": "not_endorsed"}),
    ("bipolar disorder", {"diagnosis": "bipolar", "episode": "recurrent"}),
    ("current mania", {"mania": "yes"}),
    ("confirmed organic brain disorder", {"organic_brain": "confirmed"}),
    ("dementia, organic cause not assessed",
     {"age": "81", "diagnosis": "dementia", "organic_brain": ""}),
    ("primary psychotic disorder", {"diagnosis": "psychosis"}),
    ("primary substance use disorder", {"diagnosis": "substance_use"}),
    ("adolescent with intellectual disability",
     {"age": "14", "intellectual_disability": "yes", "phq9": None,
      "phqa_total": "15", "phqa_risk": "not_endorsed"}),
    ("diagnosis not indicated", {"diagnosis": "other"}),
    ("high risk on the C-SSRS",
     {"cssrs_risk": "high", "phq9": (21, 2)}),
    ("acute psychosis", {"psychosis": "yes"}),
    ("homicidal ideation", {"homicidal": "yes"}),
    ("active substance dependence", {"substance_dependence": "yes"}),
    ("in psychoanalysis", {"concurrent_therapy": "psychoanalysis"}),
    ("no risk assessment", {"suicide_risk": ""}),
    ("item 9 positive against a rating of none", {"phq9": (14, 1)}),
    ("organic cause suspected", {"organic_brain": "suspected"}),
    ("age not recorded", {"age": ""}),
    ("diagnosis not recorded", {"diagnosis": ""}),
    ("no baseline measure", {"phq9": None}),
    ("functioning not assessed", {"wsas_total": ""}),
    ("diagnosis written as 'mdd' (flagged)", {"diagnosis": "mdd"}),
    ("incomplete C-SSRS outweighs a low rating",
     {"suicide_risk": "low", "cssrs_risk": "unknown"}),
    ("prorated PHQ-9; old death not linked; dated transition",
     {"phq9": (15, 0, "missing_3"), "dispute_with": "none",
      "dispute_stage": "", "bereavement_date": "2019-06-30",
      "transition": "job_loss", "transition_date": "2025-12-15"}),
    ("grief; anxiety on an SNRI",
     {"diagnosis": "anxiety", "medication": "snri",
      "medication_response": "partial", "dispute_with": "none",
      "dispute_stage": "", "bereavement_date": "2026-01-20",
      "close_relationships": "4"}),
    ("retirement; dysthymia, group",
     {"age": "66", "diagnosis": "dysthymia", "dispute_with": "none",
      "dispute_stage": "", "transition": "retirement",
      "transition_date": "2025-09-30", "format_preference": "any"}),
]

N_GENERATED = 8
COMMON_DX = ["depression", "depression", "depression", "dysthymia",
             "anxiety", "gad", "ptsd", "adjustment", "panic",
             "social_anxiety", "eating_disorder"]
TRANSITIONS = ["job_loss", "job_change", "retirement", "relocation",
               "migration", "divorce", "separation", "illness",
               "caregiving"]
DISPUTES = ["partner", "parent", "child", "family", "friend", "colleague"]
STAGES = ["renegotiation", "impasse", "dissolution", ""]


def items(total, item9, missing=None):
    """PHQ-9 answers summing to total with item 9 fixed, spread by the
    PRNG; missing = "missing_N" leaves item N empty (after the sum)."""
    vals = [0] * 8
    left = total - item9
    while left > 0:
        i = rng.randint(0, 7)
        if vals[i] < 3:
            vals[i] += 1
            left -= 1
    vals.append(item9)
    cells = [str(v) for v in vals]
    if missing:
        cells[int(missing.split("_")[1]) - 1] = ""
    return cells


def day(d):
    return d.isoformat()


def generated():
    """One typical referral drawn by the PRNG."""
    ref = datetime.date(2026, 3, 2) + datetime.timedelta(rng.randint(0, 90))
    onset = ref - datetime.timedelta(rng.randint(30, 300))
    rec = dict(BASE)
    rec.update({
        "age": str(rng.randint(19, 74)), "diagnosis": rng.choice(COMMON_DX),
        "episode": rng.choice(["first", "recurrent"]),
        "suicide_risk": rng.choice(["none", "none", "low"]),
        "onset_date": day(onset), "referral_date": day(ref),
        "close_relationships": str(rng.randint(0, 6)),
        "wsas_total": str(rng.randint(6, 30)),
        "phq9": (rng.randint(8, 19), rng.choice([0, 0, 0, 1])),
        "dispute_with": "", "dispute_stage": "",
    })
    if rng.randint(0, 1):
        rec["dispute_with"] = rng.choice(DISPUTES)
        rec["dispute_stage"] = rng.choice(STAGES)
    if rng.randint(0, 1):
        rec["transition"] = rng.choice(TRANSITIONS)
        rec["transition_date"] = day(onset - datetime.timedelta(
            rng.randint(-20, 200)))
    return rec


def row(n, rec):
    rec = dict(rec)
    rec["id"] = "R%03d" % n
    rec["site"] = SITES[n % 3]
    phq9 = rec.pop("phq9")
    cells = [""] * 9 if phq9 is None else items(*phq9)
    for i, v in enumerate(cells, 1):
        rec["phq9_%d" % i] = v
    return ",".join(rec.get(c, "") for c in HEADER)


def main():
    out = [",".join(HEADER)]
    for n, (_, change) in enumerate(VIGNETTES, 1):
        rec = dict(BASE)
        rec.update(change)
        out.append(row(n, rec))
    for k in range(N_GENERATED):
        n = len(VIGNETTES) + 1 + k
        rec = generated()
        if n == 44:
            rec["onset_date"] = "2026-02-30"
        out.append(row(n, rec))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
