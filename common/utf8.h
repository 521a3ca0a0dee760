/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - UTF-8 validation per RFC 3629: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
#ifndef IPT_UTF8_H
#define IPT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is valid UTF-8 and holds no NUL byte. */
bool utf8_valid_nonul(const char *s, size_t n);

/* True when s[0..n) is valid UTF-8 (NUL bytes allowed). */
bool utf8_valid(const char *s, size_t n);

/*
 * The largest m <= n such that s[0..m) does not end inside a multi-byte
 * character (s itself is assumed valid).
 */
size_t utf8_cut(const char *s, size_t n);

#endif
