/* SPDX-License-Identifier: MIT */
/*
 * writer.h - records out as CSV, a JSON array, or JSON Lines (io.md 5).
 *
 * CSV: the header is set once, either from the input header plus the
 * tool's added columns (writer_csv_header) or, with JSON input, from the
 * first record written.  Later records are mapped by name: a column with
 * no field is empty; a field with no column rejects the record.
 * JSON: fields in record order, CSV text typed on the way out (empty is
 * null, a JSON number token stays a number, anything else a string).
 *
 * Output goes through an obuf on fd; writer_finish() closes a JSON array
 * already begun, so what was written parses even after a fatal error.
 */
#ifndef IPT_WRITER_H
#define IPT_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "obuf.h"
#include "record.h"
#include "stream.h"

struct writer {
	enum fmt fmt;
	char delim;
	bool num_safe;		/* numbers never hold the delimiter */
	bool code_safe;		/* nor do codes */
	struct obuf out;
	uint64_t nrec;		/* records written */
	/* CSV header (owned copies) and the field map for one schema */
	char **hdr;
	size_t *hlen, nhdr;
	bool have_hdr;
	uint64_t schema;
	size_t nfields;		/* r->n the map was built for */
	size_t *map;		/* map[h]: field index for column h, or SIZE_MAX */
	bool identity;
	/* JSON: each field's "name": text, rendered once per schema */
	struct obuf keys;
	size_t *keyoff;		/* nkeys + 1 offsets into keys.buf */
	size_t nkeys;
	uint64_t keyschema;
};

void writer_init(struct writer *w, enum fmt fmt, char delim, int fd);

/*
 * Set and write the CSV header: names[0..n), then each added column whose
 * name is not already among them (a no-op for JSON output).
 */
void writer_csv_header(struct writer *w, const struct colnames *in,
    const struct addcols *add);

/*
 * Write r.  Returns 0, or -1 when r cannot be mapped to the CSV header
 * (the reason, naming the key, is in why; nothing was written).
 */
int writer_put(struct writer *w, const struct record *r, char *why,
    size_t whylen);

/*
 * Close a JSON array (writing "[]" if nothing was), flush and free.
 * Does not close fd.  Returns 0, or -1 with w->out.err set.
 */
int writer_finish(struct writer *w);

#endif
