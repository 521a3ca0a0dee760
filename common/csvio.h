/* SPDX-License-Identifier: MIT */
/*
 * csvio.h - CSV (RFC 4180) records over libcsv, and the CSV field writer.
 *
 * Reading: libcsv in strict mode parses each record; a small quote-aware
 * scanner in front of it finds record boundaries first, because libcsv
 * reports neither positions nor record text and both are needed (true
 * physical line numbers, the byte column of framing errors, the raw text
 * for --rejects).  The two agree on every well-formed input; on malformed
 * input libcsv reports the error and reading stops.
 *
 * Accepted: LF, CRLF and CR terminators (mixed too), quoted line breaks
 * kept byte for byte, blank lines skipped (line numbers stay physical).
 * Unquoted fields are never trimmed.  A field longer than CSV_FIELD_MAX
 * bytes (its content, after removing quotes) is a framing error.
 */
#ifndef IPT_CSVIO_H
#define IPT_CSVIO_H

#include <csv.h>
#include <stdbool.h>
#include <stdint.h>

#include "inbuf.h"
#include "obuf.h"
#include "record.h"

#define CSV_FIELD_MAX (1024 * 1024)
#define CSV_COLUMNS_MAX 4096

enum csv_result {
	CSVR_RECORD = 1,	/* *r holds a record */
	CSVR_EOF = 0,
	CSVR_REJECT = 2,	/* *r has provenance and raw text; why says why */
	CSVR_FATAL = -1,	/* framing or header error: err, err_line/col */
	CSVR_IOERR = -2		/* read error: in->err */
};

struct csv_reader {
	struct inbuf *in;	/* borrowed */
	struct csv_parser p;
	unsigned char delim;
	unsigned char cls[256];	/* byte classes for the record scanner */
	uint64_t line;		/* physical line of the byte at in->pos */
	bool after_cr;		/* the last terminator was a CR */
	/* the header: names owned here */
	char **names;
	size_t *nlens;
	size_t ncols;
	uint64_t header_line;
	/* callback state */
	struct record *rec;
	size_t nf;
	bool header_mode;
	/*
	 * Parse every record with libcsv, never with the plain-line splitter
	 * (tests and the fuzzer compare the two).
	 */
	bool libcsv_only;
	/* the last error */
	char err[160];
	uint64_t err_line, err_col;
};

/* Start reading in (positioned after any BOM) with the given delimiter. */
void csv_reader_init(struct csv_reader *c, struct inbuf *in,
    unsigned char delim, uint64_t first_line);
void csv_reader_release(struct csv_reader *c);

/*
 * Read the header (the first non-blank record).  Returns CSVR_RECORD,
 * CSVR_EOF when the input holds no record at all, CSVR_FATAL for a bad
 * header or framing, CSVR_IOERR.
 */
int csv_read_header(struct csv_reader *c);

/*
 * Read the next data record into r (cleared first; field names are
 * borrowed from the header; r->schema is left for the caller).  Sets
 * r->line, r->raw and r->rawlen; raw stays valid until the next read.
 * For CSVR_REJECT, why holds the reason (no data from the record).
 */
int csv_read_record(struct csv_reader *c, struct record *r, char *why,
    size_t whylen);

/* Write one field with minimal quoting (io.md 3). */
void csv_put_field(struct obuf *b, const char *s, size_t n, char delim);

#endif
