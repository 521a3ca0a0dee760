#!/usr/bin/env python3
"""ipt-report benchmark (tests/bench/run.sh's last section; stdlib only).

  report_bench.py IPT_REPORT AS_OF OUTDIR NAME=FILE:RECORDS:PATIENTS ...

Every NAME=FILE is a session-record file (CSV or JSON Lines, by its
extension) written by gen_sessions.c.  The first JSONL and the first CSV
of 1,000,000 records are "the 1M files".

 1. Correctness: the md report (--by site) of each 1M file; the two must
    be byte-identical (a report names no file, so CSV and JSONL input of
    the same records give the same report).  Then the GNU parallel
    recipe of ipt-report(1) on 2 job slots,
        parallel --will-cite --pipe -N 200000 --block 50M \\
            ipt-report --partial --as-of D --by site < FILE.jsonl |
            ipt-report --merge --as-of D --by site
    and the --pipe-part form; each must give the single process's report
    byte for byte, else exit 1.  Likewise --merge of the partials of the
    file's two halves (written once, merged from files), whose two steps
    are timed too: where the recipe's time goes.
 2. Timing: BENCH_REPORT_ROUNDS (5) interleaved rounds, each running every
    command once in an order shuffled with BENCH_SEED (1): ipt-report on
    every file, and the two parallel pipelines on the 1M JSONL file.
    Medians and min-max of the wall time (time.perf_counter around the
    whole command, report to /dev/null).
 3. Peak RSS: one run of each single-process command under
    /usr/bin/time -f %M (and setarch -R when it works), and of one
    `ipt-report --partial` job on a 200,000-record block.
 4. Prints the tables and the targets (1M records / 100k patients: wall
    < 1.5 s, RSS < 100 MiB).  A missed target is reported, not fatal.
"""
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_WALL = 1.5
TARGET_RSS_MIB = 100.0


def die(msg):
    sys.stderr.write("bench: " + msg + "\n")
    sys.exit(1)


def run(cmd, stdout=subprocess.DEVNULL, shell=False):
    """Run cmd; returns its wall time.  ipt-report's 1 (flagged) is fine."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, shell=shell)
    t = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        die("command failed (exit %d): %s\n%s" % (
            p.returncode, cmd if shell else " ".join(map(shlex.quote, cmd)),
            p.stderr.decode(errors="replace")[-2000:]))
    return t


def have_setarch():
    try:
        return subprocess.run(["setarch", "-R", "true"],
                              stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False


def peak_rss(cmd):
    """KiB, from /usr/bin/time -f %M."""
    pre = ["setarch", "-R"] if have_setarch() else []
    with tempfile.NamedTemporaryFile("r") as tf:
        p = subprocess.run(pre + ["/usr/bin/time", "-o", tf.name, "-f", "%M"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode not in (0, 1):
            die("RSS run failed (exit %d): %s" % (p.returncode, " ".join(cmd)))
        return int(tf.read().strip().splitlines()[-1])


def main():
    if len(sys.argv) < 5:
        die("usage: report_bench.py IPT_REPORT AS_OF OUTDIR NAME=FILE:N:P ...")
    ipt, as_of, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    files = []
    for a in sys.argv[4:]:
        name, rest = a.split("=", 1)
        path, n, p = rest.rsplit(":", 2)
        files.append((name, path, int(n), int(p)))
    rounds = int(os.environ.get("BENCH_REPORT_ROUNDS", "5"))
    seed = int(os.environ.get("BENCH_SEED", "1"))
    opts = ["-q", "--as-of", as_of, "--by", "site"]
    single = {name: [ipt] + opts + [path] for name, path, _, _ in files}

    big_jsonl = next((f for f in files if f[1].endswith(".jsonl") and f[2] == 1000000), None)
    big_csv = next((f for f in files if f[1].endswith(".csv") and f[2] == 1000000 and
                    f[3] == (big_jsonl[3] if big_jsonl else 100000)), None)
    if big_jsonl is None:
        die("no 1,000,000-record JSON Lines file given")

    # --- correctness --------------------------------------------------
    q = shlex.quote
    part = "%s -q --partial --as-of %s --by site" % (q(ipt), q(as_of))
    merge = "%s -q --merge --as-of %s --by site" % (q(ipt), q(as_of))
    pipes = {
        "parallel --pipe -N 200000 -j2":
            "parallel --will-cite --pipe -N 200000 --block 50M -j2 %s < %s | %s"
            % (part, q(big_jsonl[1]), merge),
        "parallel --pipe-part --block -1 -j2":
            "parallel --will-cite --pipe-part -a %s --block -1 -j2 %s | %s"
            % (q(big_jsonl[1]), part, merge),
    }
    ref = os.path.join(outdir, "report_single.md")
    with open(ref, "wb") as f:
        run(single[big_jsonl[0]], stdout=f)
    checks = []
    if big_csv is not None:
        out = os.path.join(outdir, "report_single_csv.md")
        with open(out, "wb") as f:
            run(single[big_csv[0]], stdout=f)
        checks.append(("CSV input vs JSONL input", out))
    for label, cmd in pipes.items():
        out = os.path.join(outdir, "report_%s.md" % label.split()[1].strip("-"))
        with open(out, "wb") as f:
            run(cmd, stdout=f, shell=True)
        checks.append((label + " vs single process", out))
    refb = open(ref, "rb").read()
    failed = False
    for label, out in checks:
        same = open(out, "rb").read() == refb
        print("bench: ipt-report %s: %s" % (label, "byte-identical" if same else "DIFFER"))
        failed |= not same
    if failed:
        die("ipt-report: the reports differ (see %s/report_*.md)" % outdir)

    # --- where the recipe's time goes ------------------------------------
    # The 1M JSONL file cut in two halves at a line end, each half's
    # partial written once; the steps are timed below with the rest.
    halves = [os.path.join(outdir, "report_half%d.jsonl" % k) for k in (1, 2)]
    parts = [os.path.join(outdir, "report_half%d.partial.jsonl" % k) for k in (1, 2)]
    with open(big_jsonl[1], "rb") as src:
        lines = src.readlines()
    half = len(lines) // 2
    for path, chunk in zip(halves, (lines[:half], lines[half:])):
        with open(path, "wb") as dst:
            dst.writelines(chunk)
    del lines
    for h, pt in zip(halves, parts):
        with open(pt, "wb") as f:
            run([ipt, "-q", "--partial", "--as-of", as_of, "--by", "site", h], stdout=f)
    merged = os.path.join(outdir, "report_merged_halves.md")
    with open(merged, "wb") as f:
        run([ipt, "-q", "--merge", "--as-of", as_of, "--by", "site"] + parts, stdout=f)
    same = open(merged, "rb").read() == refb
    print("bench: ipt-report --merge of the two halves' partials vs single process: %s"
          % ("byte-identical" if same else "DIFFER"))
    if not same:
        die("ipt-report: the reports differ (see %s)" % merged)
    steps = {
        "step: --partial of one half (500,000 records)":
            [ipt, "-q", "--partial", "--as-of", as_of, "--by", "site", halves[0]],
        "step: --merge of the two halves' partials (a file)":
            [ipt, "-q", "--merge", "--as-of", as_of, "--by", "site"] + parts,
    }
    parts_mb = sum(os.path.getsize(p) for p in parts) / 1e6

    # --- timing -------------------------------------------------------
    cmds = [(name, single[name], False) for name, _, _, _ in files]
    cmds += [(label, cmd, True) for label, cmd in pipes.items()]
    cmds += [(label, cmd, False) for label, cmd in steps.items()]
    times = {name: [] for name, _, _ in cmds}
    rnd = random.Random(seed)
    for _ in range(rounds):
        order = list(cmds)
        rnd.shuffle(order)
        for name, cmd, shell in order:
            times[name].append(run(cmd, shell=shell))

    # --- peak RSS -------------------------------------------------------
    rss = {name: peak_rss(single[name]) for name, _, _, _ in files}
    block = os.path.join(outdir, "report_block_200k.jsonl")
    with open(big_jsonl[1], "rb") as src, open(block, "wb") as dst:
        for i, line in enumerate(src):
            if i == 200000:
                break
            dst.write(line)
    rss_part = peak_rss([ipt, "-q", "--partial", "--as-of", as_of, "--by", "site", block])
    os.unlink(block)
    for p in halves:
        os.unlink(p)

    # --- tables -------------------------------------------------------
    ncpu = os.cpu_count() or 0
    print("")
    print("ipt-report: md report, --by site, --as-of %s; %d interleaved rounds "
          "(shuffle seed %d), report to /dev/null, %d CPUs" % (as_of, rounds, seed, ncpu))
    print("")
    print("| input | records | patients | MB | median s | min-max s | k records/s "
          "| peak RSS MiB | targets (1M/100k: < %.1f s, < %.0f MiB) |"
          % (TARGET_WALL, TARGET_RSS_MIB))
    print("|---|---:|---:|---:|---:|---|---:|---:|---|")
    for name, path, n, p in files:
        ts = times[name]
        med = statistics.median(ts)
        mb = os.path.getsize(path) / 1e6
        r = rss[name] / 1024
        verdict = ""
        if n == 1000000 and p == 100000:
            verdict = "wall %s, RSS %s" % (
                "ok" if med < TARGET_WALL else "MISSED",
                "ok" if r < TARGET_RSS_MIB else "MISSED")
        print("| %s | %s | %s | %.1f | %.3f | %.3f-%.3f | %.0f | %.1f | %s |" % (
            name, format(n, ","), format(p, ","), mb, med, min(ts), max(ts),
            n / med / 1e3, r, verdict))
    print("")
    # RSS against patients and records.
    byshape = {}
    for name, path, n, p in files:
        byshape.setdefault((n, p), []).append(rss[name])
    shapes = sorted(byshape)
    for (n, p) in shapes:
        lo, hi = min(byshape[(n, p)]), max(byshape[(n, p)])
        print("  RSS %s records / %s patients: %.1f-%.1f MiB" % (
            format(n, ","), format(p, ","), lo / 1024, hi / 1024))
    if (100000, 10000) in byshape and (1000000, 10000) in byshape:
        a = max(byshape[(100000, 10000)])
        b = max(byshape[(1000000, 10000)])
        print("  10x the records, same 10,000 patients: RSS x %.2f" % (b / a))
    if (1000000, 10000) in byshape and (1000000, 100000) in byshape:
        a = max(byshape[(1000000, 10000)])
        b = max(byshape[(1000000, 100000)])
        print("  same 1,000,000 records, 10x the patients: RSS x %.2f "
              "(%.0f B per added patient)" % (b / a, (b - a) * 1024 / 90000))
    print("")
    base = statistics.median(times[big_jsonl[0]])
    print("GNU parallel recipe on %s (%s records, %s patients), 2 job slots, "
          "vs one process:" % (big_jsonl[1], format(big_jsonl[2], ","),
                               format(big_jsonl[3], ",")))
    print("")
    print("| command | median s | min-max s | speed-up | report |")
    print("|---|---:|---|---:|---|")
    ts = times[big_jsonl[0]]
    print("| ipt-report (one process) | %.3f | %.3f-%.3f | 1.00 | reference |"
          % (base, min(ts), max(ts)))
    for label in pipes:
        ts = times[label]
        med = statistics.median(ts)
        print("| %s, partial \\| merge | %.3f | %.3f-%.3f | %.2f | byte-identical |"
              % (label, med, min(ts), max(ts), base / med))
    for label in steps:
        ts = times[label]
        print("| %s | %.3f | %.3f-%.3f | | |"
              % (label, statistics.median(ts), min(ts), max(ts)))
    print("")
    print("  the two halves' partials: %.1f MB, %s records" % (
        parts_mb, format(sum(1 for p in parts for _ in open(p, "rb")), ",")))
    print("  peak RSS of one --partial job on a 200,000-record block: %.1f MiB"
          % (rss_part / 1024))
    print("  commands:")
    print("    " + " ".join(map(shlex.quote, single[big_jsonl[0]])))
    for label, cmd in pipes.items():
        print("    " + cmd)


if __name__ == "__main__":
    main()
