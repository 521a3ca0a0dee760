/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * The scanner never holds a field of more than SCAN_FIELD_MAX raw bytes:
 * a quoted field of that size has more than CSV_FIELD_MAX bytes of
 * content even if every byte were a doubled quote, so libcsv is then fed
 * the partial record and must report the field as too long.
 */
#define SCAN_FIELD_MAX (2 * (size_t)CSV_FIELD_MAX + 2)

enum scan_result { SCAN_NONE, SCAN_RECORD, SCAN_RUNAWAY, SCAN_IOERR };

/* Byte classes for the scanner (csv_reader.cls). */
enum { CL_TEXT, CL_BLANK, CL_QUOTE, CL_DELIM, CL_EOL };

/* What the scanner found: offsets relative to in->pos. */
struct span {
	size_t len;		/* record bytes, terminator excluded */
	size_t tlen;		/* 1 (CR or LF) or 0 (end of input) */
	uint64_t lines;		/* line breaks inside quoted fields */
	size_t open_q;		/* offset of the last opening quote */
	bool inq;		/* still inside quotes at the end */
	bool plain;		/* no quote, space or tab in the record */
};

/*
 * libcsv grows its field buffer only through this hook: cap it.  libcsv
 * grows a full buffer before it looks at the next byte, even when that
 * byte ends the field, so a field of exactly CSV_FIELD_MAX bytes needs one
 * byte more; a longer field fails at the byte after its CSV_FIELD_MAX+1st.
 */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > CSV_FIELD_MAX + 1)
		return NULL;
	return realloc(p, n);
}

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

void
csv_reader_init(struct csv_reader *c, struct inbuf *in, unsigned char delim,
    uint64_t first_line)
{
	memset(c, 0, sizeof(*c));
	c->in = in;
	c->delim = delim;
	c->line = first_line;
	c->cls[' '] = CL_BLANK;
	c->cls['\t'] = CL_BLANK;
	c->cls['"'] = CL_QUOTE;
	c->cls['\r'] = CL_EOL;
	c->cls['\n'] = CL_EOL;
	c->cls[delim] = CL_DELIM;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		diag_fatal(EXIT_INTERNAL, "out of memory");
	csv_set_delim(&c->p, delim);
	csv_set_space_func(&c->p, never_space);
	csv_set_realloc_func(&c->p, capped_realloc);
	csv_set_blk_size(&c->p, 64 * 1024);
}

void
csv_reader_release(struct csv_reader *c)
{
	csv_free(&c->p);
	for (size_t i = 0; i < c->ncols; i++)
		free(c->names[i]);
	free(c->names);
	free(c->nlens);
	c->names = NULL;
	c->ncols = 0;
}

/* Skip blank lines (terminators at the start of a record). */
static int
skip_blank(struct csv_reader *c)
{
	struct inbuf *in = c->in;

	for (;;) {
		if (in->pos == in->end) {
			int r = inbuf_fill(in, 0);

			if (r <= 0)
				return r;
			continue;
		}
		char ch = in->buf[in->pos];

		if (ch == '\n' && c->after_cr) {
			c->after_cr = false;
			in->pos++;
			continue;
		}
		c->after_cr = false;
		if (ch != '\n' && ch != '\r')
			return 1;
		c->line++;
		c->after_cr = ch == '\r';
		in->pos++;
	}
}

/*
 * Find the end of the record starting at in->pos.  Quotes toggle the
 * quoted state (a doubled quote toggles twice), which frames every
 * well-formed record exactly as libcsv does.
 */
/*
 * The common case first: a whole line in the buffer with no quote and no
 * CR is one record, found by memchr (vectorised) instead of a byte loop.
 */
static bool
scan_fast(struct csv_reader *c, struct span *sp)
{
	const char *b = c->in->buf + c->in->pos;
	const char *nl = memchr(b, '\n', c->in->end - c->in->pos);
	size_t len;

	if (nl == NULL)
		return false;
	len = (size_t)(nl - b);
	if (memchr(b, '"', len) != NULL || memchr(b, '\r', len) != NULL)
		return false;
	memset(sp, 0, sizeof(*sp));
	sp->len = len;
	sp->tlen = 1;
	sp->plain = memchr(b, ' ', len) == NULL && memchr(b, '\t', len) == NULL;
	return true;
}

static int
scan(struct csv_reader *c, struct span *sp)
{
	struct inbuf *in = c->in;
	size_t k = 0, field_start = 0, cr_at = SIZE_MAX;
	const unsigned char *cls = c->cls;

	memset(sp, 0, sizeof(*sp));
	sp->plain = true;
	for (;;) {
		const unsigned char *b = (const unsigned char *)in->buf + in->pos;
		size_t avail = in->end - in->pos;

		for (; k < avail; k++) {
			unsigned char ch = b[k];

			if (cls[ch] == CL_TEXT)
				continue;
			switch (cls[ch]) {
			case CL_BLANK:
				sp->plain = false;
				break;
			case CL_QUOTE:
				sp->plain = false;
				sp->inq = !sp->inq;
				if (sp->inq)
					sp->open_q = k;
				break;
			case CL_DELIM:
				if (!sp->inq)
					field_start = k + 1;
				break;
			default:	/* CR or LF */
				if (!sp->inq) {
					sp->len = k;
					sp->tlen = 1;
					return SCAN_RECORD;
				}
				if (!(ch == '\n' && cr_at == k - 1))
					sp->lines++;
				if (ch == '\r')
					cr_at = k;
			}
		}
		if (k - field_start > SCAN_FIELD_MAX) {
			sp->len = k;
			return SCAN_RUNAWAY;
		}
		int r = inbuf_fill(in, k + 1);

		if (r < 0)
			return SCAN_IOERR;
		if (r == 0) {
			sp->len = k;
			return SCAN_RECORD;
		}
	}
}

/* Physical line and 1-based column of offset k in the current record. */
static void
locate(const struct csv_reader *c, size_t k, uint64_t *line, uint64_t *col)
{
	const char *b = c->in->buf + c->in->pos;
	size_t start = 0;
	uint64_t l = c->line;

	for (size_t i = 0; i < k; i++) {
		if (b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')))
			l++;
		if (b[i] == '\r' || b[i] == '\n')
			start = i + 1;
	}
	*line = l;
	*col = k - start + 1;
}

static int
fail_at(struct csv_reader *c, size_t k, const char *msg)
{
	locate(c, k, &c->err_line, &c->err_col);
	snprintf(c->err, sizeof(c->err), "%s", msg);
	return CSVR_FATAL;
}

/* Name the libcsv error that stopped parsing at offset k. */
static int
parse_error(struct csv_reader *c, size_t k)
{
	const char *b = c->in->buf + c->in->pos;

	/* libcsv fails on the byte after the one that overflowed the cap:
	 * report the overflowing byte. */
	if (csv_error(&c->p) == CSV_ENOMEM)
		return fail_at(c, k > 0 ? k - 1 : 0,
		    "field longer than 1048576 bytes");
	if (b[k] == '"')
		return fail_at(c, k, "quote in unquoted field");
	return fail_at(c, k, "text after closing quote");
}

/* A header field: keep a copy of its name. */
static void
on_header_field(void *s, size_t len, void *data)
{
	struct csv_reader *c = data;

	if (c->nf <= CSV_COLUMNS_MAX) {
		c->names = xreallocarray(c->names, c->nf + 1, sizeof(*c->names));
		c->nlens = xreallocarray(c->nlens, c->nf + 1, sizeof(*c->nlens));
		c->names[c->nf] = xmemdup(s ? s : "", len);
		c->nlens[c->nf] = len;
		c->ncols = c->nf + 1;
	}
	c->nf++;
}

/*
 * A data field, the hot path: a callback of its own, so that the
 * header's allocations do not weigh on its register use.
 */
static void
on_field(void *s, size_t len, void *data)
{
	struct csv_reader *c = data;

	if (c->nf < c->ncols) {
		/* parse_next() reserved room for the whole record. */
		record_add_reserved(c->rec, c->names[c->nf], c->nlens[c->nf],
		    s, len, VK_CSV);
	}
	c->nf++;
}

static void
on_row(int term, void *data)
{
	(void)term;
	(void)data;
}

/*
 * Split a plain line (scan_fast(): LF-terminated, no quote, no CR) at the
 * delimiters, as libcsv in strict mode without trimming would: every
 * byte between two delimiters is the field.  A line longer than the
 * field cap goes to libcsv instead, which reports an overlong field the
 * way it always does.  Returns false when it did not split.
 */
static bool
split_plain(struct csv_reader *c, const char *b, size_t len)
{
	const char *end = b + len, *f = b, *d;

	if (len > CSV_FIELD_MAX || c->header_mode || c->libcsv_only)
		return false;
	while ((d = memchr(f, c->delim, (size_t)(end - f))) != NULL) {
		on_field((void *)f, (size_t)(d - f), c);
		f = d + 1;
	}
	on_field((void *)f, (size_t)(end - f), c);
	return true;
}

/*
 * Scan and parse one record: fields arrive through on_field().  On
 * success *sp describes the record, still at in->pos (the caller calls
 * consume() when done with the raw text).
 */
static int
parse_next(struct csv_reader *c, struct span *sp)
{
	int r = skip_blank(c);

	if (r < 0)
		return CSVR_IOERR;
	if (r == 0)
		return CSVR_EOF;
	c->nf = 0;
	bool fast = scan_fast(c, sp);

	r = fast ? SCAN_RECORD : scan(c, sp);
	if (r == SCAN_IOERR)
		return CSVR_IOERR;
	const char *b = c->in->buf + c->in->pos;
	size_t feed = sp->len + sp->tlen;

	/* Fields are never longer than the record: no arena growth inside. */
	if (!c->header_mode)
		record_reserve(c->rec, sp->len + c->ncols + 1, c->ncols + 1);
	/* Most lines: no libcsv state to keep, as the last row ended. */
	if (fast && split_plain(c, b, sp->len))
		return CSVR_RECORD;
	void (*cb)(void *, size_t, void *) = c->header_mode ? on_header_field
	    : on_field;
	size_t got = csv_parse(&c->p, b, feed, cb, on_row, c);

	if (got < feed)
		return parse_error(c, got);
	if (r == SCAN_RUNAWAY)
		diag_fatal(EXIT_INTERNAL,
		    "internal error: scanner and libcsv disagree on a long field");
	if (sp->tlen == 0 && sp->inq) {
		/* libcsv reports the open quote only when finishing. */
		if (csv_fini(&c->p, cb, on_row, c) != 0)
			return fail_at(c, sp->open_q, "unterminated quoted field");
		diag_fatal(EXIT_INTERNAL,
		    "internal error: scanner and libcsv disagree on a quote");
	}
	/* End a last record that has no terminator as if it had one, so
	 * that libcsv checks its last field like any other. */
	if (sp->tlen == 0 && csv_parse(&c->p, "\n", 1, cb, on_row, c) != 1)
		return parse_error(c, sp->len);
	return CSVR_RECORD;
}

static void
consume(struct csv_reader *c, const struct span *sp)
{
	c->in->pos += sp->len + sp->tlen;
	c->line += sp->lines + (sp->tlen ? 1 : 0);
	if (sp->tlen)
		c->after_cr = c->in->buf[c->in->pos - 1] == '\r';
}

static int
header_error(struct csv_reader *c, const char *msg, const char *name)
{
	c->err_line = c->header_line;
	c->err_col = 0;
	if (name != NULL)
		snprintf(c->err, sizeof(c->err), "%s '%.60s' in header", msg,
		    name);
	else
		snprintf(c->err, sizeof(c->err), "%s", msg);
	return CSVR_FATAL;
}

static int
check_header(struct csv_reader *c, size_t nf)
{
	if (nf > CSV_COLUMNS_MAX)
		return header_error(c, "more than 4096 columns in header", NULL);
	for (size_t i = 0; i < c->ncols; i++) {
		if (memchr(c->names[i], '\0', c->nlens[i]) != NULL)
			return header_error(c, "NUL byte in header", NULL);
		if (!utf8_valid(c->names[i], c->nlens[i]))
			return header_error(c, "invalid UTF-8 in header", NULL);
		if (c->nlens[i] == 0)
			return header_error(c, "empty column name in header",
			    NULL);
	}
	for (size_t i = 0; i < c->ncols; i++)
		for (size_t j = i + 1; j < c->ncols; j++)
			if (c->nlens[i] == c->nlens[j] &&
			    memcmp(c->names[i], c->names[j], c->nlens[i]) == 0)
				return header_error(c, "duplicate column",
				    c->names[i]);
	return CSVR_RECORD;
}

int
csv_read_header(struct csv_reader *c)
{
	struct span sp;
	int r;

	c->header_mode = true;
	r = parse_next(c, &sp);
	c->header_mode = false;
	if (r != CSVR_RECORD)
		return r;
	c->header_line = c->line;
	size_t nf = c->nf;

	consume(c, &sp);
	return check_header(c, nf);
}

/* Which field holds the NUL byte or the invalid UTF-8. */
static void
bad_bytes_reason(const struct record *r, char *why, size_t whylen)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		const char *v = r->arena + f->voff;

		if (memchr(v, '\0', f->len) != NULL) {
			snprintf(why, whylen, "NUL byte in field '%.*s'",
			    (int)f->nlen, f->name);
			return;
		}
		if (!utf8_valid(v, f->len)) {
			snprintf(why, whylen, "invalid UTF-8 in field '%.*s'",
			    (int)f->nlen, f->name);
			return;
		}
	}
	snprintf(why, whylen, "invalid UTF-8 or NUL byte");
}

int
csv_read_record(struct csv_reader *c, struct record *r, char *why,
    size_t whylen)
{
	struct span sp;
	int res;

	record_clear(r);
	c->rec = r;
	res = parse_next(c, &sp);
	if (res != CSVR_RECORD)
		return res;
	r->line = c->line;
	r->raw = c->in->buf + c->in->pos;
	r->rawlen = sp.len;
	res = CSVR_RECORD;
	if (c->nf != c->ncols) {
		snprintf(why, whylen, "expected %zu fields, got %zu", c->ncols,
		    c->nf);
		res = CSVR_REJECT;
	} else if (!utf8_valid_nonul(r->raw, r->rawlen)) {
		bad_bytes_reason(r, why, whylen);
		res = CSVR_REJECT;
	}
	r->nin = r->n;
	r->raw_plain = sp.plain && res == CSVR_RECORD;
	/* The raw text stays readable: consume() only moves the offset. */
	consume(c, &sp);
	return res;
}

/* Bytes that force quoting anywhere in a field. */
static unsigned char special[256];
static int special_delim = -1;

static void
init_special(char delim)
{
	memset(special, 0, sizeof(special));
	special[(unsigned char)'"'] = 1;
	special['\r'] = 1;
	special['\n'] = 1;
	special[(unsigned char)delim] = 1;
	special_delim = (unsigned char)delim;
}

static bool
needs_quote(const char *s, size_t n, char delim)
{
	if (special_delim != (unsigned char)delim)
		init_special(delim);
	if (n == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return true;
	for (size_t i = 0; i < n; i++)
		if (special[(unsigned char)s[i]])
			return true;
	return false;
}

void
csv_put_field(struct obuf *b, const char *s, size_t n, char delim)
{
	if (!needs_quote(s, n, delim)) {
		obuf_put(b, s, n);
		return;
	}
	obuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			obuf_putc(b, '"');
		obuf_putc(b, s[i]);
	}
	obuf_putc(b, '"');
}
