/* SPDX-License-Identifier: MIT */
/*
 * genlib.h - what the bench generators share (gen.c, gen_sessions.c):
 * the splitmix64 PRNG, a buffered file writer that exits on error, and
 * the 365 ISO dates from 2026-01-05.  Header-only: each generator is one
 * file compiled on its own by run.sh.
 */
#ifndef IPT_BENCH_GENLIB_H
#define IPT_BENCH_GENLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NDAYS 365               /* 2026-01-05 .. 2027-01-04 */

static uint64_t rng_state;

static inline uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n) for small n: multiply-high on the top 32 bits
 * (deterministic; the bias is below 2^-32 * n). */
static inline unsigned rng_below(unsigned n)
{
    return (unsigned)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

struct buf {
    FILE *f;
    const char *path;
    char *p;
    size_t len;
};

#define BUF_CAP (1u << 20)

static inline void buf_flush(struct buf *b)
{
    if (b->len && fwrite(b->p, 1, b->len, b->f) != b->len) {
        perror(b->path);
        exit(1);
    }
    b->len = 0;
}

static inline void buf_put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n > BUF_CAP)
        buf_flush(b);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static inline void buf_str(struct buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static inline void buf_open(struct buf *b, const char *path)
{
    b->path = path;
    b->f = fopen(path, "wb");
    b->p = malloc(BUF_CAP);
    b->len = 0;
    if (!b->f || !b->p) {
        perror(path);
        exit(1);
    }
}

static inline void buf_close(struct buf *b)
{
    buf_flush(b);
    if (fclose(b->f) != 0) {
        perror(b->path);
        exit(1);
    }
    free(b->p);
}

/* 365 ISO dates from 2026-01-05. */
static char dates[NDAYS][11];

static inline void make_dates(void)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 2026, m = 1, d = 5;
    for (int i = 0; i < NDAYS; i++) {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
        memcpy(dates[i], tmp, sizeof dates[i]); /* always 10 chars + NUL */
        int len = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (++d > len) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
}

#endif
