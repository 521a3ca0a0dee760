/* SPDX-License-Identifier: MIT */
/*
 * value.h - reading typed values out of fields (io.md section 6).
 *
 * Every parser takes a field that may be NULL (column absent) and returns
 * VAL_MISSING (absent, null, or empty after trimming spaces and tabs),
 * VAL_OK with the value stored, or VAL_INVALID.  Nothing here allocates
 * or depends on the locale.
 */
#ifndef IPT_VALUE_H
#define IPT_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

enum vstate { VAL_MISSING, VAL_OK, VAL_INVALID };

#define VALUE_QUOTE_MAX 20	/* bytes of a value quoted in a message */

/* The field's text without surrounding spaces and tabs. */
void value_trim(const struct field *f, const char **s, size_t *n);

/*
 * Integer: -?[0-9]+ as text or JSON string, or a JSON number with an
 * integral value.  Values beyond +-1e15 are invalid (no count or answer
 * is that large, and it keeps every result exact in a double).
 */
enum vstate value_int(const struct field *f, long *out);

/* yes/no, y/n, true/false, 1/0 (any case), JSON booleans, JSON 1 or 0. */
enum vstate value_yesno(const struct field *f, bool *out);

/*
 * Date YYYY-MM-DD (1900-2199), or a datetime YYYY-MM-DD[T ]hh:mm[:ss]
 * [Z|+-hh:mm] read as its date; *days from 1970-01-01.
 */
enum vstate value_date(const struct field *f, long *days);

/*
 * A code from vocab (lower-case words, NULL-terminated), matched
 * case-insensitively; *idx is its index.
 */
enum vstate value_code(const struct field *f, const char *const *vocab,
    int *idx);

/* True when the trimmed value equals word (lower case), ignoring case. */
bool value_is_word(const struct field *f, const char *word);

/*
 * Write the value as a message quotes it: its first VALUE_QUOTE_MAX bytes,
 * cut back to a UTF-8 character boundary, then "..." when longer.  out
 * must hold VALUE_QUOTE_MAX + 4 bytes.
 */
void value_quote(const struct field *f, char *out);

/* ASCII-only helpers (never the locale's). */
static inline char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when a[0..n) equals the lower-case word b, ignoring ASCII case. */
bool ascii_ieq(const char *a, size_t n, const char *b);



/*
 * Flag an invalid value in a record that will still be written: warn
 * "FILE:LINE: record N: field 'NAME': 'VALUE' PROBLEM" (capped, -q hides
 * it) and mark the record flagged.
 */
void value_flag(struct record *r, const struct field *f, const char *problem);

/* Flag a problem that is not about one value: "FILE:LINE: record N: MSG". */
void record_flag(struct record *r, const char *msg);
#endif
