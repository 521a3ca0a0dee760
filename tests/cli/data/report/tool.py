#!/usr/bin/env python3
"""Helpers for tests/cli/report.sh: an independent implementation of the
parts of ipt-report.md the test needs (never the program's output).

  tool.py csv|jsonl < cohort.txt         compact records -> CSV / JSON Lines
  tool.py shuffle SEED < in.csv          the data rows in a random order
  tool.py split SEED K IN PREFIX         the rows of IN into PREFIX1..K.csv
  tool.py wilson X N                     "percent ci_low ci_high" (jq style)
  tool.py mean NUM DEN                   NUM/DEN rounded to 1 decimal
  tool.py prop-gen SEED DIR              a random cohort and its safety set
  tool.py prop-check DIR                 check DIR's outputs; "ok NAME" or
                                         "FAIL NAME: why" lines
"""
import datetime as dt
import json
import math
import random
import re
import sys

COLS = ["id", "date", "session", "attended", "phq9_total", "phqa_total",
        "gad7_total", "wsas_total", "epds_total", "phq9_risk", "phqa_risk",
        "epds_risk", "cssrs_risk", "ended", "end_date", "site",
        "focal_area"]
SHORT = {"phq9": "phq9_total", "phqa": "phqa_total", "gad7": "gad7_total",
         "wsas": "wsas_total", "epds": "epds_total"}
NUMERIC = {"session", "phq9_total", "phqa_total", "gad7_total",
           "wsas_total", "epds_total"}


def csv_field(v):
    if any(c in v for c in ',"\r\n') or (v and (v[0] in " \t" or
                                                   v[-1] in " \t")):
        return '"' + v.replace('"', '""') + '"'
    return v


def compact(lines):
    """Records of the compact form: dicts over COLS ('' = empty)."""
    out = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        w = line.split()
        rec = dict.fromkeys(COLS, "")
        for k, v in zip(["id", "date", "session", "attended"], w[:4]):
            rec[k] = "" if v == "-" else v
        for kv in w[4:]:
            k, v = kv.split("=", 1)
            rec[SHORT.get(k, k)] = v
        out.append(rec)
    return out


def write_csv(recs, f):
    f.write(",".join(COLS) + "\n")
    for r in recs:
        f.write(",".join(csv_field(r[c]) for c in COLS) + "\n")


def write_jsonl(recs, f):
    """Non-empty fields only; integers as JSON numbers."""
    for r in recs:
        o = {}
        for c in COLS:
            v = r[c]
            if v == "":
                continue
            o[c] = int(v) if c in NUMERIC and re.fullmatch(r"-?[0-9]+", v) \
                else v
        f.write(json.dumps(o, separators=(",", ":")) + "\n")


def read_csv_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines[0], lines[1:]     # our CSV never quotes a line break


# ---- numbers (ipt-report.md section 7) ----

def half_away(num, den, places=1):
    """num/den rounded half away from zero, exactly, as text."""
    sign = "-" if num * den < 0 else ""
    num, den = abs(num), abs(den)
    scale = 10 ** places
    q = (2 * num * scale + den) // (2 * den)
    if q == 0:
        sign = ""
    s = str(q // scale)
    if places:
        s += "." + str(q % scale).zfill(places)
    return sign + s


def round_double(x, places=1):
    """A double rounded half away from zero (section 7: from the double)."""
    scale = 10 ** places
    q = math.floor(abs(x) * scale + 0.5)
    s = ("-" if x < 0 and q != 0 else "") + str(q // scale)
    if places:
        s += "." + str(q % scale).zfill(places)
    return s


def jq_num(text):
    """How jq -r prints the JSON number written as TEXT ("50.0" -> 50)."""
    v = float(text)
    return str(int(v)) if v == int(v) else text


Z = 1.959964


def wilson(x, n):
    c = (x + Z * Z / 2) / (n + Z * Z)
    h = Z * math.sqrt(x * (n - x) / n + Z * Z / 4) / (n + Z * Z)
    return max(0.0, 100 * (c - h)), min(100.0, 100 * (c + h))


# ---- the property test of section 6.2 ----

RANK = {"high": 0, "moderate": 1, "positive": 2, "unknown": 3, "low": 4,
        "not_endorsed": 5}
VOCAB = {"phq9_risk": {"positive", "not_endorsed", "unknown"},
         "phqa_risk": {"positive", "not_endorsed", "unknown"},
         "epds_risk": {"positive", "not_endorsed", "unknown"},
         "cssrs_risk": {"high", "moderate", "low", "not_endorsed",
                        "unknown"}}
RISKS = ["phq9_risk", "phqa_risk", "epds_risk", "cssrs_risk"]
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def pdate(s):
    s = s.strip(" \t")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return None
    try:
        d = dt.date.fromisoformat(s)
    except ValueError:
        return None
    return d if 1900 <= d.year <= 2199 else None


def pint(s, lo, hi):
    s = s.strip(" \t")
    if not re.fullmatch(r"-?[0-9]+", s):
        return None
    v = int(s)
    return v if lo <= v <= hi else None


def rand_id(rng, used):
    while True:
        s = "Zq" + "".join(rng.choice("bcdfghjkmnpqrstvwxz")
                           for _ in range(8))
        if s not in used:
            used.add(s)
            return s


def prop_gen(seed, outdir):
    rng = random.Random(seed)
    as_of = dt.date(2027, 1, 1) + dt.timedelta(rng.randrange(365))
    window = rng.randint(1, 21)
    inactive = rng.randint(7, 45)
    used = set()
    recs = []
    for _ in range(40):
        pid = rand_id(rng, used)
        dep = rng.choice(["phq9_total", "phqa_total"])
        style = rng.random()
        span = rng.choice([20, 60, 120])
        keys = []
        for _ in range(rng.randint(1, 8)):
            r = dict.fromkeys(COLS, "")
            r["id"] = pid
            if keys and rng.random() < 0.25:     # a tie on (date, session)
                d, s = rng.choice(keys)
            else:
                d = as_of - dt.timedelta(rng.randrange(span))
                if rng.random() < 0.08:
                    d = as_of + dt.timedelta(rng.randint(1, 10))
                s = rng.choice(["", "1", "2", "3", "4", "5", "6", "0", "x",
                                "2", "3"])
            keys.append((d, s))
            r["date"] = d.isoformat()
            r["session"] = s
            r["attended"] = rng.choice(["", "yes", "yes", "no", "Y", "0",
                                        "maybe", "true"])
            if rng.random() < 0.8:
                r[dep] = rng.choice([str(rng.randint(0, 27))] * 6 +
                                    ["28", "x", ""])
            if rng.random() < 0.6:
                r["gad7_total"] = rng.choice([str(rng.randint(0, 21))] * 6 +
                                             ["22", ""])
            for f in RISKS:
                if rng.random() < (0.5 if style < 0.7 else 0.0):
                    if f == "cssrs_risk":
                        v = rng.choice(["high", "moderate", "low", "low",
                                        "not_endorsed", "not_endorsed",
                                        "unknown", "positive", "Moderate",
                                        " low ", "bogus", ""])
                    else:
                        v = rng.choice(["positive", "not_endorsed",
                                        "not_endorsed", "unknown", "high",
                                        "Positive", "x", " ", ""])
                    r[f] = v
            if rng.random() < 0.08:
                r["ended"] = rng.choice(["yes", "no", "Y", "maybe", "1"])
            if rng.random() < 0.06:
                r["end_date"] = rng.choice([
                    (as_of - dt.timedelta(rng.randrange(60))).isoformat(),
                    (as_of + dt.timedelta(rng.randint(1, 30))).isoformat(),
                    "2027-13-01"])
            recs.append(r)
    for _ in range(3):                            # never records of a patient
        r = dict.fromkeys(COLS, "")
        r["id"] = rng.choice(sorted(used))
        r["date"] = rng.choice(["2027-02-30", "", "03/01/2027"])
        r["cssrs_risk"] = "high"
        r["ended"] = "yes"
        recs.append(r)
        r = dict.fromkeys(COLS, "")
        r["date"] = as_of.isoformat()
        r["cssrs_risk"] = "high"
        recs.append(r)
    rng.shuffle(recs)

    # expected, by section 3 and 6.2
    pts = {}
    for r in recs:
        pid = r["id"]
        d = pdate(r["date"])
        if pid.strip(" \t") == "" or d is None or d > as_of:
            continue
        pts.setdefault(pid, []).append((d, r))
    period_from = as_of - dt.timedelta(window - 1)
    safety, na, by = [], [], dict.fromkeys(
        ["high", "moderate", "positive", "unknown", "low", "not_assessed",
         "worsening"], 0)
    for pid, rs in pts.items():
        last_record = max(d for d, _ in rs)
        ended = last_record < as_of - dt.timedelta(inactive)
        for d, r in rs:
            e = r["ended"].strip(" \t").lower()
            if e in YES:
                ended = True
            ed = pdate(r["end_date"])
            if ed is not None and ed <= as_of:
                ended = True
        if ended and last_record < period_from:
            continue

        def skey(r):
            s = pint(r["session"], 1, 10 ** 9)
            return -1 if s is None else s

        def att(r):
            return r["attended"].strip(" \t").lower() not in NO

        def span(col, hi):
            v = sorted((d, skey(r), x) for d, r in rs if att(r)
                       for x in [pint(r[col], 0, hi)] if x is not None)
            return (v[0][2], v[-1][2]) if v else None

        dep = span("phq9_total", 27) or span("phqa_total", 27)
        gad = span("gad7_total", 21)
        worse = (dep is not None and dep[1] - dep[0] >= 6) or \
            (gad is not None and gad[1] - gad[0] >= 4)
        riskrecs = [(d, skey(r), r) for d, r in rs
                    if any(r[f].strip(" \t") for f in RISKS)]
        level = None
        if riskrecs:
            top = max((d, s) for d, s, _ in riskrecs)
            for d, s, r in riskrecs:
                if (d, s) != top:
                    continue
                for f in RISKS:
                    v = r[f].strip(" \t").lower()
                    if not v:
                        continue
                    if v not in VOCAB[f]:
                        v = "unknown"
                    if level is None or RANK[v] < RANK[level]:
                        level = v
        if level is None:
            na.append(pid)
            by["not_assessed"] += 1
        if level is not None and RANK[level] <= 4:
            safety.append((RANK[level], pid, level))
            by[level] += 1
        elif worse:
            safety.append((5, pid, "worsening"))
            by["worsening"] += 1
    safety.sort()
    na.sort()
    with open(f"{outdir}/in.csv", "w") as f:
        write_csv(recs, f)
    with open(f"{outdir}/expect.json", "w") as f:
        json.dump({"as_of": as_of.isoformat(), "window": window,
                   "inactive": inactive,
                   "safety": [p for _, p, _ in safety],
                   "levels": [lv for _, _, lv in safety],
                   "not_assessed": na, "by_risk": by,
                   "ids": sorted(used)}, f)
    print(as_of.isoformat(), window, inactive)


def md_safety(md):
    """Ids of the md safety table, in order, and the not-assessed line."""
    sec = md.split("## Safety follow-up", 1)[1].split("\n## ", 1)[0]
    ids = []
    for line in sec.split("\n"):
        if line.startswith("| ") and not line.startswith("| id |"):
            ids.append(line[2:].split(" |", 1)[0])
    m = re.search(r"^No risk answer recorded: (.*)$", sec, re.M)
    na = m.group(1) if m else None
    return ids, na


def prop_check(d):
    e = json.load(open(f"{d}/expect.json"))
    res = []

    def check(name, cond, why):
        res.append(f"ok {name}" if cond else f"FAIL {name}: {why}")

    j = json.load(open(f"{d}/out.json"))
    got = [s["id"] for s in j["safety"]]
    check("json_safety", got == e["safety"],
          f"got {got}, want {e['safety']}")
    lv = [s["latest_risk"] if s["latest_risk"] in RANK and
          RANK[s["latest_risk"]] <= 4 else "worsening" for s in j["safety"]]
    check("json_levels", lv == e["levels"], f"got {lv}, want {e['levels']}")
    check("json_not_assessed", j["not_assessed"] == e["not_assessed"],
          f"got {j['not_assessed']}, want {e['not_assessed']}")
    md = open(f"{d}/out.md", encoding="utf-8").read()
    ids, na = md_safety(md)
    check("md_safety", ids == e["safety"], f"got {ids}, want {e['safety']}")
    # the line lists the ids (the spec fixes no separator) or says "none"
    got_na = sorted(re.findall(r"Zq[a-z]{8}", na or ""))
    ok_na = got_na == e["not_assessed"] and \
        (na == "none") == (not e["not_assessed"])
    check("md_not_assessed", ok_na, f"got {na!r}, want {e['not_assessed']}")
    html = open(f"{d}/out.html", encoding="utf-8").read()
    miss = [i for i in e["safety"] + e["not_assessed"] if i not in html]
    check("html_ids", not miss, f"missing {miss}")
    jr = json.load(open(f"{d}/red.json"))
    check("redact_count", jr["safety"]["count"] == len(e["safety"]),
          f"got {jr['safety']['count']}, want {len(e['safety'])}")
    check("redact_by_risk", jr["safety"]["by_risk"] == e["by_risk"],
          f"got {jr['safety']['by_risk']}, want {e['by_risk']}")
    check("redact_not_assessed", jr["not_assessed"] == len(e["not_assessed"]),
          f"got {jr['not_assessed']}, want {len(e['not_assessed'])}")
    leak = []
    for ext in ("md", "html", "json", "csv"):
        text = open(f"{d}/red.{ext}", encoding="utf-8").read()
        leak += [f"{i} in {ext}" for i in e["ids"] if i in text]
    check("redact_no_ids", not leak, f"{leak[:5]}")
    print("\n".join(res))


def main():
    a = sys.argv[1:]
    if a[0] in ("csv", "jsonl"):
        recs = compact(sys.stdin)
        (write_csv if a[0] == "csv" else write_jsonl)(recs, sys.stdout)
    elif a[0] == "shuffle":
        head, rows = read_csv_rows("/dev/stdin")
        random.Random(int(a[1])).shuffle(rows)
        sys.stdout.write("\n".join([head] + rows) + "\n")
    elif a[0] == "split":
        rng = random.Random(int(a[1]))
        k = int(a[2])
        head, rows = read_csv_rows(a[3])
        parts = [[] for _ in range(k)]
        for r in rows:
            parts[rng.randrange(k)].append(r)
        for i, p in enumerate(parts):
            with open(f"{a[4]}{i + 1}.csv", "w") as f:
                f.write("\n".join([head] + p) + "\n")
    elif a[0] == "wilson":
        x, n = int(a[1]), int(a[2])
        lo, hi = wilson(x, n)
        print(jq_num(half_away(100 * x, n)), jq_num(round_double(lo)),
              jq_num(round_double(hi)))
    elif a[0] == "mean":
        print(half_away(int(a[1]), int(a[2])))
    elif a[0] == "prop-gen":
        prop_gen(int(a[1]), a[2])
    elif a[0] == "prop-check":
        prop_check(a[1])
    else:
        sys.exit("tool.py: unknown command " + a[0])


if __name__ == "__main__":
    main()
