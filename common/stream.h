/* SPDX-License-Identifier: MIT */
/*
 * stream.h - the operands as one stream of records (io.md 1, 2, 7).
 *
 * Opens each FILE in turn ("-" or none: standard input), detects its
 * format, checks each CSV header against the first, numbers the records
 * across the whole stream, and handles rejected records itself: the
 * warning, the counters, the --rejects file and --strict.  Callers see
 * only accepted records.
 *
 * The record returned by stream_next() is owned by the stream and valid
 * until the next call; the caller may add fields to it.
 */
#ifndef IPT_STREAM_H
#define IPT_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "csvio.h"
#include "inbuf.h"
#include "json.h"
#include "obuf.h"
#include "record.h"

enum fmt { FMT_NONE, FMT_CSV, FMT_JSON, FMT_JSONL, FMT_MD, FMT_HTML };

struct stream_opts {
	enum fmt in_fmt;	/* FMT_NONE: detect per file */
	unsigned char delim;
	bool strict;
	const char *rejects;	/* --rejects FILE, or NULL */
};

/* The first header's (or first JSON record's) column names. */
struct colnames {
	const char **name;
	size_t *len;
	size_t n;
};

struct stream {
	char **files;
	int nfiles, next;
	struct stream_opts o;
	/* the current file */
	bool open;
	const char *name;
	struct inbuf in;
	enum fmt fmt;
	struct csv_reader csv;
	struct json_reader json;
	/* across files */
	enum fmt first_fmt;	/* of the first file opened */
	char **hdr;		/* the first CSV header (copies) */
	size_t *hlen, nhdr;
	uint64_t schema_seq;
	uint64_t schema;	/* of the current file (CSV) */
	struct colnames prev;	/* last JSON record's names, for schemas */
	char *prevbuf;
	size_t prevcap;
	struct record rec;
	bool pending;		/* rec holds a record read ahead */
	bool done, failed;
	struct obuf rej;
	bool rej_open;
	struct colnames cols;
};

/*
 * Start a stream over files[0..n) (n == 0: standard input).  Creates the
 * --rejects file; returns 0, or -1 after reporting when it cannot be
 * created (exit status 73 recorded).
 */
int stream_open(struct stream *s, char **files, int n,
    const struct stream_opts *o);

/*
 * The column names of the first CSV header, or of the first accepted
 * JSON record (read ahead and returned by the next stream_next()).
 * Returns 1, 0 when the stream holds no header nor record, or -1 after a
 * fatal error.  *c stays valid until the first stream_next().
 */
int stream_columns(struct stream *s, struct colnames *c);

/* The format of the first file opened (FMT_NONE before any). */
enum fmt stream_first_format(struct stream *s);

/*
 * Next accepted record: 1 with *r set, 0 at the end, -1 after a fatal
 * error (already reported, exit status recorded).
 */
int stream_next(struct stream *s, struct record **r);

/*
 * Reject r for a reason found after reading (a tool or writer rule):
 * warns, counts, writes it to --rejects.  Returns 0, or -1 when --strict
 * makes it fatal.
 */
int stream_reject(struct stream *s, const struct record *r, const char *why);

/* Close everything; returns 0, or -1 when the rejects file failed (74). */
int stream_close(struct stream *s);

#endif
