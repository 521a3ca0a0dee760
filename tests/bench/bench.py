#!/usr/bin/env python3
"""Helper for tests/bench/run.sh (python3 standard library only).

  bench.py check REF.csv NAME=FILE ...
      Cross-check: every FILE (CSV or JSON Lines, detected by its first
      byte) must hold the same records as REF.csv (mawk's output) in
      id, phq9_total, phq9_band, gad7_total, gad7_band, columns found by
      name.  Exit 1 with the first differences otherwise.

  bench.py run SPEC
      Timing.  SPEC has one command per line, tab-separated:
          name  format  kind  records  input-file  command...
      kind: fast (every round), slow (first BENCH_SLOW_ROUNDS rounds only),
      rss (not timed; peak RSS only).  Each round runs every timed command
      once, stdout to /dev/null, in an order shuffled with a fixed seed.
      Peak RSS: one run per command under /usr/bin/time -f %M, after the
      rounds; for the slow commands (15-60 s a run) the first timed run is
      that run (the wrapper costs ~1 ms), to keep the bench short.  RSS
      runs use `setarch -R` (no address-space randomisation) when it works:
      then a run's peak RSS is reproducible to the KiB, and ipt-score's
      RSS at 100k and 1M records can be compared for exact equality
      (without it, single runs vary by ~+-150 KiB and a 256 KiB tolerance
      is used).  Prints the table and the targets; exit 0 unless a command
      fails.
"""
import csv
import json
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

COLS = ("id", "phq9_total", "phq9_band", "gad7_total", "gad7_band")


def die(msg):
    sys.stderr.write("bench: " + msg + "\n")
    sys.exit(1)


# ---------------------------------------------------------------- check


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def read_records(path):
    """[(id, phq9_total, phq9_band, gad7_total, gad7_band), ...] by name."""
    with open(path, newline="", encoding="utf-8") as f:
        head = f.read(1)
        f.seek(0)
        rows = []
        if head == "{":
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    die("%s line %d: not JSON: %s" % (path, n, e))
                missing = [c for c in COLS if c not in obj]
                if missing:
                    die("%s line %d: no key %s" % (path, n, ", ".join(missing)))
                rows.append(tuple(_cell(obj[c]) for c in COLS))
        else:
            r = csv.reader(f)
            header = next(r, None)
            if header is None:
                die("%s: empty output" % path)
            idx = []
            for c in COLS:
                if c not in header:
                    die("%s: no column %s in header %s" % (path, c, ",".join(header)))
                idx.append(header.index(c))
            for rec in r:
                if len(rec) != len(header):
                    die("%s line %d: %d fields, header has %d"
                        % (path, r.line_num, len(rec), len(header)))
                rows.append(tuple(rec[i] for i in idx))
    return rows


def cmd_check(argv):
    if len(argv) < 2:
        die("usage: bench.py check REF.csv NAME=FILE ...")
    ref = read_records(argv[0])
    if not ref:
        die("%s: no records" % argv[0])
    bad = False
    for arg in argv[1:]:
        name, _, path = arg.partition("=")
        got = read_records(path)
        diffs = []
        if len(got) != len(ref):
            diffs.append("%d records, mawk has %d" % (len(got), len(ref)))
        for i, (a, b) in enumerate(zip(ref, got)):
            if a != b:
                diffs.append("record %d: mawk %s, %s %s" % (i + 1, ",".join(a), name, ",".join(b)))
        if diffs:
            bad = True
            sys.stderr.write("bench: CROSS-CHECK FAILED: %s (%s) differs from mawk in %s:\n"
                             % (name, path, "/".join(COLS[1:])))
            for d in diffs[:10]:
                sys.stderr.write("  " + d + "\n")
            if len(diffs) > 10:
                sys.stderr.write("  ... %d more\n" % (len(diffs) - 10))
        else:
            print("  %-16s %d records agree with mawk" % (name, len(got)))
    if bad:
        sys.exit(1)


# ---------------------------------------------------------------- run


class Cmd:
    def __init__(self, name, fmt, kind, records, infile, argv):
        self.name, self.fmt, self.kind, self.infile, self.argv = name, fmt, kind, infile, argv
        self.records = int(records)
        self.bytes = os.path.getsize(infile)
        self.times = []
        self.rss_kib = None

    @property
    def label(self):
        return "%s %s" % (self.name, self.fmt)


def run_once(cmd, prefix=()):
    """Run cmd with stdout to /dev/null; return wall seconds. Exit on failure."""
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        rc = subprocess.call(list(prefix) + cmd.argv, stdin=subprocess.DEVNULL,
                             stdout=devnull, stderr=err)
        t = time.perf_counter() - t0
        if rc != 0:
            err.seek(0)
            msg = err.read().decode("utf-8", "replace")[-2000:]
            die("command failed (exit %d): %s\n%s" % (rc, " ".join(cmd.argv), msg))
    return t


def _setarch_works():
    try:
        return subprocess.call(["setarch", "-R", "true"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL) == 0
    except OSError:
        return False


NO_ASLR = ("setarch", "-R") if _setarch_works() else ()


def measure_rss(cmd):
    """One run under /usr/bin/time -f %M: (wall seconds, peak RSS KiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as tf:
        t = run_once(cmd, NO_ASLR + ("/usr/bin/time", "-f", "%M", "-o", tf.name))
        out = tf.read().split()
    try:
        return t, int(out[-1])
    except (IndexError, ValueError):
        die("no peak RSS from /usr/bin/time for %s" % " ".join(cmd.argv))


def short(n):
    for div, suf in ((1000000, "M"), (1000, "k")):
        if n >= div and n % div == 0:
            return "%d%s" % (n // div, suf)
    return str(n)


def fmt_mib(kib):
    return "-" if kib is None else "%.1f" % (kib / 1024.0)


def cmd_run(argv):
    if len(argv) != 1:
        die("usage: bench.py run SPEC")
    rounds = int(os.environ.get("BENCH_ROUNDS", "7"))
    slow_rounds = int(os.environ.get("BENCH_SLOW_ROUNDS", "3"))
    seed = int(os.environ.get("BENCH_SEED", "1"))
    results = os.environ.get("BENCH_RESULTS", "")
    if rounds < 1 or slow_rounds < 1:
        die("BENCH_ROUNDS and BENCH_SLOW_ROUNDS must be >= 1")
    slow_rounds = min(slow_rounds, rounds)

    cmds = []
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            name, fmt, kind, records, infile, command = line.split("\t", 5)
            if kind not in ("fast", "slow", "rss"):
                die("bad kind %r in spec" % kind)
            cmds.append(Cmd(name, fmt, kind, records, infile, shlex.split(command)))
    timed = [c for c in cmds if c.kind != "rss"]

    # Interleaved rounds, shuffled with a fixed seed.
    rng = random.Random(seed)
    t_start = time.perf_counter()
    for r in range(rounds):
        batch = [c for c in timed if c.kind == "fast" or r < slow_rounds]
        rng.shuffle(batch)
        line = []
        for c in batch:
            if c.kind == "slow" and c.rss_kib is None:
                t, c.rss_kib = measure_rss(c)
            else:
                t = run_once(c)
            c.times.append(t)
            line.append("%s %.3f" % (c.label, t))
        print("  round %d/%d: %s" % (r + 1, rounds, ", ".join(line)), flush=True)
    print("  timing took %.0f s; peak RSS runs next" % (time.perf_counter() - t_start), flush=True)

    # Peak RSS, one run each (the slow ones have theirs).
    for c in cmds:
        if c.rss_kib is None:
            c.rss_kib = measure_rss(c)[1]

    if results:
        with open(results, "w", encoding="utf-8") as f:
            f.write("name\tformat\tinput_bytes\tseconds_per_run\tpeak_rss_kib\n")
            for c in cmds:
                f.write("%s\t%s\t%d\t%s\t%d\n" % (c.name, c.fmt, c.bytes,
                                                  ",".join("%.4f" % t for t in c.times), c.rss_kib))

    # Table.
    ipt = {c.fmt: c for c in timed if c.name == "ipt-score"}
    print()
    hdr = ("command", "input", "runs", "median s", "min-max s", "MB/s",
           "ipt-score speed x", "peak RSS MiB")
    rows = []
    for c in timed:
        med = statistics.median(c.times)
        c.median = med
        c.mbps = c.bytes / 1e6 / med
    for c in timed:
        base = ipt.get(c.fmt)
        if c.name == "ipt-score":
            ratio = "1.00 (self)"
        elif base is not None:
            ratio = "%.2f" % (c.median / base.median)
        else:
            ratio = "-"
        rows.append((c.name, c.fmt, str(len(c.times)), "%.3f" % c.median,
                     "%.3f-%.3f" % (min(c.times), max(c.times)), "%.1f" % c.mbps,
                     ratio, fmt_mib(c.rss_kib)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(hdr)]
    def pr(cells):
        print("  " + "  ".join(s.ljust(w) if i < 2 else s.rjust(w)
                               for i, (s, w) in enumerate(zip(cells, widths))).rstrip())
    pr(hdr)
    pr(["-" * w for w in widths])
    for r in rows:
        pr(r)
    print("  (ipt-score speed x = peer median / ipt-score median, same input, same run;"
          " MB = 10^6 B of input;")
    print("   peak RSS: one run each, %s)"
          % ("ASLR off (setarch -R)" if NO_ASLR else "ASLR on: +-150 KiB run to run"))

    # Memory: ipt-score at 100k and 1M records.
    print()
    mem = {}
    for c in cmds:
        if c.name == "ipt-score":
            mem.setdefault(c.fmt, {})[c.kind == "rss" and "small" or "full"] = c
    for fmt, d in sorted(mem.items()):
        parts = []
        for k in ("small", "full"):
            if k in d:
                parts.append("%s records: %s MiB (%d KiB)" % ("{:,}".format(d[k].records),
                                                              fmt_mib(d[k].rss_kib), d[k].rss_kib))
        print("  ipt-score peak RSS, %s  %s" % (fmt.ljust(5), ";  ".join(parts)))

    # Targets (shared/reference/perf.md). Reported, never fatal.
    print()
    tgt = []
    def peer(name, fmt):
        for c in timed:
            if c.name == name and c.fmt == fmt:
                return c
        return None
    def add(desc, value, ok):
        tgt.append((desc, value, "-" if ok is None else ("met" if ok else "MISSED")))
    for fmt, mbps_min, peers in (("CSV", 250, (("mlr", 8), ("mawk", 2))),
                                 ("JSONL", 130, (("jq", 9),))):
        b = ipt.get(fmt)
        if b is None:
            continue
        add("%s throughput >= %d MB/s" % (fmt, mbps_min), "%.1f MB/s" % b.mbps, b.mbps >= mbps_min)
        for pname, x in peers:
            p = peer(pname, fmt)
            label = {"mlr": "Miller"}.get(pname, pname)
            if p is None:
                add("%s speed >= %dx %s" % (fmt, x, label), "skipped (%s missing)" % pname, None)
            else:
                r = p.median / b.median
                add("%s speed >= %dx %s" % (fmt, x, label), "%.2fx" % r, r >= x)
    ipt_rss = [c.rss_kib for c in cmds if c.name == "ipt-score"]
    if ipt_rss:
        add("ipt-score peak RSS <= 8 MiB (every run)", "max %s MiB" % fmt_mib(max(ipt_rss)),
            max(ipt_rss) <= 8 * 1024)
    # A page or two moves between runs even without ASLR (allocator and
    # loader); what matters is that memory does not grow with the input.
    tol = 64 if NO_ASLR else 256
    for fmt, d in sorted(mem.items()):
        if "small" in d and "full" in d:
            diff = d["full"].rss_kib - d["small"].rss_kib
            add("%s peak RSS does not grow from %s to %s records (+%d KiB)"
                % (fmt, short(d["small"].records), short(d["full"].records), tol),
                "%+d KiB" % diff, diff <= tol)
    w0 = max(len(t[0]) for t in tgt) if tgt else 0
    w1 = max(len(t[1]) for t in tgt) if tgt else 0
    print("  %s  %s  %s" % ("target".ljust(w0), "result".ljust(w1), "status"))
    print("  %s  %s  %s" % ("-" * w0, "-" * w1, "------"))
    for d, v, s in tgt:
        print("  %s  %s  %s" % (d.ljust(w0), v.ljust(w1), s))
    missed = sum(1 for t in tgt if t[2] == "MISSED")
    print()
    print("  whole bench (timing and RSS runs) took %.0f s" % (time.perf_counter() - t_start))
    print("  %d of %d targets met%s (the bench reports; it does not fail on a missed target)"
          % (sum(1 for t in tgt if t[2] == "met"), len(tgt),
             ", %d MISSED" % missed if missed else ""))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("check", "run"):
        die("usage: bench.py check|run ...")
    (cmd_check if sys.argv[1] == "check" else cmd_run)(sys.argv[2:])


if __name__ == "__main__":
    main()
