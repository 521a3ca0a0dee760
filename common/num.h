/* SPDX-License-Identifier: MIT */
/*
 * num.h - our own number printer and the JSON number grammar (io.md 5).
 *
 * Never locale-dependent: the tools never call setlocale(), so the C
 * library stays in the "C" locale whatever LANG or LC_ALL say.
 */
#ifndef IPT_NUM_H
#define IPT_NUM_H

#include <stdbool.h>
#include <stddef.h>

#define NUM_BUFSZ 32

/*
 * Print a finite x into out (at least NUM_BUFSZ bytes) and return the
 * length: an integral value with magnitude below 2^53 as plain digits
 * ("-0" as "0"); otherwise the shortest "%.{1..17}g" form that reads back
 * as the same double.
 */
size_t num_format(double x, char *out);

/*
 * True when s[0..n) matches -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 * exactly and reads as a finite double.
 */
bool num_is_json_number(const char *s, size_t n);

#endif
