/* Benchmark input generator for ipt-score (tests/bench/run.sh).
 *
 *   gen N CSV_OUT JSONL_OUT [SEED]
 *
 * Writes N wide records, the same rows to both files:
 *   id,date,session,site,phq9_1..phq9_9,gad7_1..gad7_7
 * CSV with a header row; JSON Lines with one object per line, session and
 * item values as numbers, id/date/site as strings.
 *
 *   id       P000000..P199999 (random, repeats allowed)
 *   date     2026-01-05 + 0..364 days, ISO 8601
 *   session  1..16
 *   site     SITE-01..SITE-20
 *   items    0..3; each row draws a severity level 0..3 and every item is
 *            level-1, level or level+1 (clamped), so all bands occur.
 *
 * No empty cells / nulls: every peer does exactly the same job.
 * The PRNG is splitmix64 with a fixed default seed (42), all arithmetic is
 * on uint64_t and nothing depends on the locale or the platform, so the
 * output is byte-identical everywhere.  C11, no dependencies.
 */
#include "genlib.h"

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: gen N CSV_OUT JSONL_OUT [SEED]\n");
        return 2;
    }
    char *end;
    unsigned long long n = strtoull(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0') {
        fprintf(stderr, "gen: bad N '%s'\n", argv[1]);
        return 2;
    }
    rng_state = 42;
    if (argc == 5) {
        rng_state = strtoull(argv[4], &end, 10);
        if (*argv[4] == '\0' || *end != '\0') {
            fprintf(stderr, "gen: bad SEED '%s'\n", argv[4]);
            return 2;
        }
    }
    make_dates();

    struct buf c, j;
    buf_open(&c, argv[2]);
    buf_open(&j, argv[3]);

    static const char *const item_keys[16] = {
        "phq9_1", "phq9_2", "phq9_3", "phq9_4", "phq9_5", "phq9_6", "phq9_7", "phq9_8", "phq9_9",
        "gad7_1", "gad7_2", "gad7_3", "gad7_4", "gad7_5", "gad7_6", "gad7_7",
    };
    buf_str(&c, "id,date,session,site");
    for (int k = 0; k < 16; k++) {
        buf_put(&c, ",", 1);
        buf_str(&c, item_keys[k]);
    }
    buf_put(&c, "\n", 1);

    char line[512];
    for (unsigned long long r = 0; r < n; r++) {
        unsigned id = rng_below(200000);
        unsigned date = rng_below(365);
        unsigned session = 1 + rng_below(16);
        unsigned site = 1 + rng_below(20);
        int items[16];
        int level = (int)rng_below(4);
        for (int k = 0; k < 16; k++) {
            if (k == 9) { /* GAD-7: its own level, correlated with PHQ-9 */
                level += (int)rng_below(3) - 1;
                level = level < 0 ? 0 : level > 3 ? 3 : level;
            }
            unsigned u = rng_below(8); /* 0-1: -1, 2-5: 0, 6-7: +1 */
            int v = level + (u < 2 ? -1 : u < 6 ? 0 : 1);
            items[k] = v < 0 ? 0 : v > 3 ? 3 : v;
        }

        /* CSV */
        int len = snprintf(line, sizeof line, "P%06u,%s,%u,SITE-%02u", id, dates[date],
                           session, site);
        for (int k = 0; k < 16; k++) {
            line[len++] = ',';
            line[len++] = (char)('0' + items[k]);
        }
        line[len++] = '\n';
        buf_put(&c, line, (size_t)len);

        /* JSON Lines */
        len = snprintf(line, sizeof line,
                       "{\"id\":\"P%06u\",\"date\":\"%s\",\"session\":%u,\"site\":\"SITE-%02u\"",
                       id, dates[date], session, site);
        for (int k = 0; k < 16; k++) {
            line[len++] = ',';
            line[len++] = '"';
            size_t kl = strlen(item_keys[k]);
            memcpy(line + len, item_keys[k], kl);
            len += (int)kl;
            line[len++] = '"';
            line[len++] = ':';
            line[len++] = (char)('0' + items[k]);
        }
        line[len++] = '}';
        line[len++] = '\n';
        buf_put(&j, line, (size_t)len);
    }
    buf_close(&c);
    buf_close(&j);
    return 0;
}
