/* Benchmark input generator for ipt-report (tests/bench/run.sh).
 *
 *   gen_sessions N PATIENTS CSV_OUT JSONL_OUT [SEED]
 *
 * Writes N scored session records (ipt-score's output columns that
 * ipt-report reads) of PATIENTS patients, the same rows to both files:
 *   id,date,session,site,attended,phq9_total,gad7_total,phq9_risk,
 *   cssrs_risk,ended,end_date
 * CSV with a header row; JSON Lines with one object per line, every key
 * on every line (an empty cell is null), session and totals as numbers.
 *
 *   id        P000000..P(PATIENTS-1); the first PATIENTS records are a
 *             permutation of all patients (every patient has a record),
 *             the rest draw a patient at random: records of one patient
 *             are scattered over the file, about N / PATIENTS each
 *   session   1, 2, ... in file order per patient
 *   date      the patient's start (2026-01-05 + 0..299 days) + 7 per
 *             session + 0..2, capped at 2026-12-31 + 3 (a few records
 *             are after an as-of of 2026-12-31)
 *   site      SITE-01..SITE-20, the patient's own on 95% of records,
 *             another on 2%, empty on 3%
 *   attended  yes (88%), no (8%), empty (4%)
 *   phq9_total, gad7_total  a severity that falls with the session
 *             number, plus noise, clamped to 0..27 and 0..21; empty on
 *             10% and 30% of records
 *   phq9_risk  not_endorsed (58%), positive (4%), unknown (3%), empty
 *   cssrs_risk empty (85%), else high, moderate, low, not_endorsed,
 *             unknown
 *   ended     yes on 8% of records from session 8 on, else empty
 *   end_date  the record's date on 2% of records from session 10 on
 *
 * The PRNG is splitmix64 with a fixed default seed (7); all arithmetic is
 * on integers and nothing depends on the locale or the platform, so the
 * output is byte-identical everywhere.  C11, no dependencies.
 */
#include "genlib.h"

struct patient {
    uint16_t start;             /* day index of session 1 */
    uint8_t sev;                /* PHQ-9 at session 1 */
    uint8_t site;               /* 1..20 */
    uint32_t sessions;          /* records so far */
};

static unsigned long long parse_num(const char *what, const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '\0' || *end != '\0') {
        fprintf(stderr, "gen_sessions: bad %s '%s'\n", what, s);
        exit(2);
    }
    return v;
}

/* Append s (n bytes) to line at *len. */
static void put(char *line, int *len, const char *s)
{
    size_t n = strlen(s);
    memcpy(line + *len, s, n);
    *len += (int)n;
}

static void put_uint(char *line, int *len, unsigned v)
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        line[(*len)++] = tmp[--n];
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: gen_sessions N PATIENTS CSV_OUT JSONL_OUT [SEED]\n");
        return 2;
    }
    unsigned long long n = parse_num("N", argv[1]);
    unsigned long long np = parse_num("PATIENTS", argv[2]);
    if (np == 0 || np > 1000000 || np > n) {
        fprintf(stderr, "gen_sessions: PATIENTS must be 1..min(N, 1000000)\n");
        return 2;
    }
    rng_state = argc == 6 ? parse_num("SEED", argv[5]) : 7;
    make_dates();

    struct patient *pt = calloc((size_t)np, sizeof(*pt));
    if (!pt) {
        perror("gen_sessions");
        return 1;
    }
    for (unsigned long long p = 0; p < np; p++) {
        pt[p].start = (uint16_t)rng_below(300);
        pt[p].sev = (uint8_t)(8 + rng_below(20));
        pt[p].site = (uint8_t)(1 + rng_below(20));
    }
    /* A permutation step: gcd(step, np) == 1. */
    unsigned long long step = 48271 % np;
    if (step == 0)
        step = 1;
    for (;;) {
        unsigned long long a = step, b = np;
        while (b) {
            unsigned long long t = a % b;
            a = b;
            b = t;
        }
        if (a == 1)
            break;
        step++;
    }

    struct buf c, j;
    buf_open(&c, argv[3]);
    buf_open(&j, argv[4]);
    static const char hdr[] = "id,date,session,site,attended,phq9_total,gad7_total,"
                              "phq9_risk,cssrs_risk,ended,end_date\n";
    buf_put(&c, hdr, sizeof hdr - 1);

    static const char *const cssrs[] = {"high", "moderate", "low", "not_endorsed", "unknown"};
    char line[512], jl[768];
    for (unsigned long long r = 0; r < n; r++) {
        unsigned p = r < np ? (unsigned)((r * step) % np) : rng_below((unsigned)np);
        struct patient *q = &pt[p];
        unsigned s = ++q->sessions;
        unsigned day = q->start + 7 * (s - 1) + rng_below(3);
        if (day > 360 + rng_below(4))  /* 2026-12-31 is day 360 */
            day = 360 + rng_below(4);
        if (day >= NDAYS)
            day = NDAYS - 1;

        char id[16], site[16], phq[8], gad[8];
        const char *att, *prisk, *crisk, *ended;
        int have_end;
        snprintf(id, sizeof id, "P%06u", p);
        unsigned u = rng_below(100);
        site[0] = '\0';
        if (u < 95)
            snprintf(site, sizeof site, "SITE-%02u", (unsigned)q->site);
        else if (u < 97)
            snprintf(site, sizeof site, "SITE-%02u", 1 + rng_below(20));
        u = rng_below(100);
        att = u < 88 ? "yes" : u < 96 ? "no" : "";
        int sev = (int)q->sev - (int)(s > 16 ? 16 : s) + (int)rng_below(7) - 3;
        int ph = sev < 0 ? 0 : sev > 27 ? 27 : sev;
        int gd = sev - 4 + (int)rng_below(5) - 2;
        gd = gd < 0 ? 0 : gd > 21 ? 21 : gd;
        phq[0] = gad[0] = '\0';
        if (rng_below(100) >= 10)
            snprintf(phq, sizeof phq, "%d", ph);
        if (rng_below(100) >= 30)
            snprintf(gad, sizeof gad, "%d", gd);
        u = rng_below(100);
        prisk = u < 58 ? "not_endorsed" : u < 62 ? "positive" : u < 65 ? "unknown" : "";
        u = rng_below(100);
        crisk = u < 85 ? "" : cssrs[(u - 85) % 5];
        ended = s >= 8 && rng_below(100) < 8 ? "yes" : "";
        have_end = s >= 10 && rng_below(100) < 2;

        /* CSV */
        int len = 0;
        const char *cells[11] = {id, dates[day], NULL, site, att, phq, gad, prisk, crisk,
                                 ended, have_end ? dates[day] : ""};
        for (int k = 0; k < 11; k++) {
            if (k)
                line[len++] = ',';
            if (k == 2)
                put_uint(line, &len, s);
            else
                put(line, &len, cells[k]);
        }
        line[len++] = '\n';
        buf_put(&c, line, (size_t)len);

        /* JSON Lines: strings quoted, numbers bare, empty cells null */
        static const char *const keys[11] = {"id", "date", "session", "site", "attended",
                                             "phq9_total", "gad7_total", "phq9_risk",
                                             "cssrs_risk", "ended", "end_date"};
        len = 0;
        for (int k = 0; k < 11; k++) {
            jl[len++] = k ? ',' : '{';
            jl[len++] = '"';
            put(jl, &len, keys[k]);
            put(jl, &len, "\":");
            if (k == 2) {
                put_uint(jl, &len, s);
            } else if (cells[k][0] == '\0') {
                put(jl, &len, "null");
            } else if (k == 5 || k == 6) {
                put(jl, &len, cells[k]);
            } else {
                jl[len++] = '"';
                put(jl, &len, cells[k]);
                jl[len++] = '"';
            }
        }
        jl[len++] = '}';
        jl[len++] = '\n';
        buf_put(&j, jl, (size_t)len);
    }
    buf_close(&c);
    buf_close(&j);
    free(pt);
    return 0;
}
