/* SPDX-License-Identifier: MIT */
/*
 * json.h - JSON Lines and JSON array records over cJSON, and JSON output.
 *
 * Every record text is validated before and after cJSON parses it
 * (io.md 4): no NUL byte, valid UTF-8, no \u0000 escape, nesting at most
 * JSON_DEPTH_MAX, an object at the top with a non-empty key each, no
 * duplicate key at any depth, no number outside the double range.  Keys
 * are case-sensitive.  Nested objects and arrays are carried as compact
 * JSON text (VK_RAW) printed by our own serializer.
 *
 * A JSON array is read element by element by a small scanner (depth,
 * in-string and escape state) so that memory is bounded by the largest
 * element; the scanner alone decides the framing.
 */
#ifndef IPT_JSON_H
#define IPT_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "inbuf.h"
#include "obuf.h"
#include "record.h"

#define JSON_RECORD_MAX (1024 * 1024)	/* a line or an element */
#define JSON_DEPTH_MAX 64
#define JSON_KEYS_MAX 4096

enum json_result {
	JSONR_RECORD = 1, JSONR_EOF = 0, JSONR_REJECT = 2,
	JSONR_FATAL = -1, JSONR_IOERR = -2
};

struct json_reader {
	struct inbuf *in;	/* borrowed */
	bool array;		/* a JSON array, else JSON Lines */
	uint64_t line;		/* physical line of the byte at in->pos */
	bool after_cr;
	int state;		/* array framing state */
	char *text;		/* the current record text, NUL-terminated */
	size_t textcap;
	char err[160];
	uint64_t err_line, err_col;
};

void json_reader_init(struct json_reader *j, struct inbuf *in, bool array,
    uint64_t first_line);
void json_reader_release(struct json_reader *j);

/*
 * Read the next record into r (cleared first) with r->line, r->raw and
 * r->rawlen set (raw valid until the next read).  Returns JSONR_RECORD,
 * JSONR_REJECT (why says why), JSONR_EOF, JSONR_FATAL (array framing:
 * err, err_line, err_col) or JSONR_IOERR.
 */
int json_read_record(struct json_reader *j, struct record *r, char *why,
    size_t whylen);

/*
 * Parse text[0..n) (text[n] must be NUL) as one record into r.  Returns
 * 0, or -1 with the reason in why.  Exposed for the fuzz harnesses.
 */
int json_text_to_record(char *text, size_t n, struct record *r, char *why,
    size_t whylen);

/*
 * Flat objects (no escapes, no nesting, small integers) are read without
 * cJSON, the rest with it.  False: every record through cJSON (the
 * fuzzer compares the two; nothing else should touch it).
 */
extern bool json_flat_fast;

/* Free the memory kept for parsing (call once at exit, for leak checks). */
void json_release_memory(void);

/* Write s[0..n) as a JSON string with minimal escaping (io.md 5). */
void json_put_string(struct obuf *b, const char *s, size_t n);

#endif
