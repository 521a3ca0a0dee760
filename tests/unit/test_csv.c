/* SPDX-License-Identifier: MIT */
/*
 * test_csv.c - the CSV reader and field writer (io.md section 3).
 *
 * Each reader case is an input text and the events it must produce: the
 * header (names and line), then one entry per csv_read_record() call up to
 * and including the final CSVR_EOF or CSVR_FATAL.  Every expected value
 * below was worked out by hand from the spec, not copied from the
 * program's output.
 *
 * Expected reasons: a string starting with '=' must equal the rest
 * exactly; otherwise it is a list of '|'-separated pieces that must all
 * appear in the text (the spec fixes the meaning, not every word).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "inbuf.h"
#include "obuf.h"
#include "record.h"
#include "tmpfd.h"
#include "unit.h"

#define MAXF 6
#define MAXH 6
#define MAXR 8
#define END { 0, 0, 0, {NULL}, NULL, NULL, 0, 0 }

struct exp_rec {
	int res;		/* CSVR_*; 0 (CSVR_EOF) ends the list */
	unsigned line;		/* r->line, or err_line for CSVR_FATAL */
	unsigned col;		/* err_col for CSVR_FATAL (0: not checked) */
	const char *f[MAXF];	/* field values for CSVR_RECORD */
	const char *why;	/* reason (REJECT) or err (FATAL) */
	const char *raw;	/* expected raw text, NULL: not checked */
	size_t rawlen;		/* 0: strlen(raw) */
	int nf;			/* number of fields, 0: count f[] */
};

struct csv_case {
	const char *name;
	const char *in;
	size_t inlen;		/* 0: strlen(in) */
	char delim;
	int hres;		/* csv_read_header() result */
	const char *hdr[MAXH];	/* header names (CSVR_RECORD) */
	unsigned hline;		/* header line, or err_line for a bad header */
	const char *herr;	/* err for a bad header */
	struct exp_rec rec[MAXR];
};

/* Does text match the expectation (see the comment at the top)? */
static bool
why_matches(const char *text, const char *want)
{
	if (want[0] == '=')
		return strcmp(text, want + 1) == 0;
	while (*want != '\0') {
		size_t n = strcspn(want, "|");
		char piece[128];

		snprintf(piece, sizeof(piece), "%.*s", (int)n, want);
		if (strstr(text, piece) == NULL)
			return false;
		want += n;
		if (*want == '|')
			want++;
	}
	return true;
}

static const char *
res_name(int r)
{
	switch (r) {
	case CSVR_RECORD: return "RECORD";
	case CSVR_EOF: return "EOF";
	case CSVR_REJECT: return "REJECT";
	case CSVR_FATAL: return "FATAL";
	case CSVR_IOERR: return "IOERR";
	default: return "?";
	}
}

static void
run_case(const struct csv_case *t)
{
	size_t inlen = t->inlen ? t->inlen : strlen(t->in);
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[160];
	int res;

	inbuf_init(&in, mem_fd(t->in, inlen));
	csv_reader_init(&c, &in, (unsigned char)(t->delim ? t->delim : ','),
	    1);
	record_init(&r);

	res = csv_read_header(&c);
	CHECKF(res == t->hres, "%s: header result %s, want %s", t->name,
	    res_name(res), res_name(t->hres));
	if (res == CSVR_RECORD && t->hres == CSVR_RECORD) {
		size_t nh = 0;

		while (nh < MAXH && t->hdr[nh] != NULL)
			nh++;
		CHECKF(c.ncols == nh, "%s: %zu columns, want %zu", t->name,
		    c.ncols, nh);
		for (size_t i = 0; i < nh && i < c.ncols; i++)
			CHECKF(c.nlens[i] == strlen(t->hdr[i]) &&
			    memcmp(c.names[i], t->hdr[i], c.nlens[i]) == 0,
			    "%s: column %zu is '%.*s', want '%s'", t->name, i,
			    (int)c.nlens[i], c.names[i], t->hdr[i]);
		CHECKF(c.header_line == t->hline,
		    "%s: header line %llu, want %u", t->name,
		    (unsigned long long)c.header_line, t->hline);
	}
	if (res == CSVR_FATAL && t->hres == CSVR_FATAL) {
		CHECKF(why_matches(c.err, t->herr), "%s: header err '%s', "
		    "want '%s'", t->name, c.err, t->herr);
		CHECKF(c.err_line == t->hline, "%s: header err_line %llu, "
		    "want %u", t->name, (unsigned long long)c.err_line,
		    t->hline);
	}
	if (res != CSVR_RECORD || t->hres != CSVR_RECORD)
		goto out;

	for (int k = 0; k < MAXR; k++) {
		const struct exp_rec *e = &t->rec[k];

		memset(why, 0, sizeof(why));
		res = csv_read_record(&c, &r, why, sizeof(why));
		CHECKF(res == e->res, "%s: event %d: result %s, want %s (%s)",
		    t->name, k, res_name(res), res_name(e->res),
		    res == CSVR_FATAL ? c.err : why);
		if (res != e->res)
			break;
		if (res == CSVR_EOF) {
			/* End of input stays the end. */
			res = csv_read_record(&c, &r, why, sizeof(why));
			CHECKF(res == CSVR_EOF, "%s: EOF again: %s", t->name,
			    res_name(res));
			break;
		}
		if (res == CSVR_FATAL) {
			CHECKF(why_matches(c.err, e->why), "%s: event %d: err "
			    "'%s', want '%s'", t->name, k, c.err, e->why);
			CHECKF(c.err_line == e->line, "%s: event %d: err_line "
			    "%llu, want %u", t->name, k,
			    (unsigned long long)c.err_line, e->line);
			if (e->col != 0)
				CHECKF(c.err_col == e->col, "%s: event %d: "
				    "err_col %llu, want %u", t->name, k,
				    (unsigned long long)c.err_col, e->col);
			break;
		}
		CHECKF(r.line == e->line, "%s: event %d: line %llu, want %u",
		    t->name, k, (unsigned long long)r.line, e->line);
		if (e->raw != NULL) {
			size_t rl = e->rawlen ? e->rawlen : strlen(e->raw);

			CHECKF(r.rawlen == rl && r.raw != NULL &&
			    memcmp(r.raw, e->raw, rl) == 0,
			    "%s: event %d: raw '%.*s' (%zu), want '%s' (%zu)",
			    t->name, k, (int)r.rawlen, r.raw ? r.raw : "",
			    r.rawlen, e->raw, rl);
		}
		if (res == CSVR_REJECT) {
			CHECKF(why_matches(why, e->why), "%s: event %d: why "
			    "'%s', want '%s'", t->name, k, why, e->why);
			continue;
		}
		size_t nf = 0;

		while (nf < MAXF && e->f[nf] != NULL)
			nf++;
		CHECKF(r.n == nf, "%s: event %d: %zu fields, want %zu",
		    t->name, k, r.n, nf);
		for (size_t i = 0; i < nf && i < r.n; i++) {
			const struct field *f = &r.f[i];

			CHECKF(f->kind == VK_CSV, "%s: event %d: field %zu "
			    "kind %d", t->name, k, i, (int)f->kind);
			CHECKF(f->len == strlen(e->f[i]) &&
			    memcmp(f->val, e->f[i], f->len) == 0 &&
			    f->val[f->len] == '\0',
			    "%s: event %d: field %zu is '%.*s', want '%s'",
			    t->name, k, i, (int)f->len, f->val, e->f[i]);
			CHECKF(f->nlen == c.nlens[i] &&
			    memcmp(f->name, c.names[i], f->nlen) == 0,
			    "%s: event %d: field %zu name '%.*s'", t->name, k,
			    i, (int)f->nlen, f->name);
		}
	}
out:
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
}

#define H3 { "a", "b", "c" }
#define REC(l, raw, ...) { CSVR_RECORD, l, 0, { __VA_ARGS__ }, NULL, raw, 0, 0 }
#define REJ(l, raw, why) { CSVR_REJECT, l, 0, { NULL }, why, raw, 0, 0 }
#define FATAL(l, col, err) { CSVR_FATAL, l, col, { NULL }, err, NULL, 0, 0 }

static const struct csv_case cases[] = {
	/* ---- terminators ---- */
	{ "plain LF", "a,b,c\n1,2,3\n4,5,6\n", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "CRLF", "a,b,c\r\n1,2,3\r\n4,5,6\r\n", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "CR only", "a,b,c\r1,2,3\r4,5,6\r", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "mixed terminators", "a,b,c\r\n1,2,3\r4,5,6\n7,8,9\r\nx,y,z", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		REC(3, "4,5,6", "4", "5", "6"),
		REC(4, "7,8,9", "7", "8", "9"),
		REC(5, "x,y,z", "x", "y", "z"),
		END } },
	{ "no final newline", "a,b,c\n1,2,3", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		END } },
	{ "header only, no newline", "a,b,c", 0, 0, CSVR_RECORD, H3, 1, NULL,
	    { END } },
	{ "header only", "a,b,c\r\n", 0, 0, CSVR_RECORD, H3, 1, NULL,
	    { END } },
	{ "final CR", "a,b,c\n1,2,3\r", 0, 0, CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		END } },

	/* ---- quoting ---- */
	{ "quoted delimiter and quotes",
	    "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",z\n", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "\"x,y\",\"say \"\"hi\"\"\",z", "x,y", "say \"hi\"",
		    "z"),
		END } },
	{ "quoted only quotes", "a,b,c\n\"\"\"\",\"\"\"\"\"\",\"a\"\"\"\n", 0,
	    0, CSVR_RECORD, H3, 1, NULL, {
		REC(2, "\"\"\"\",\"\"\"\"\"\",\"a\"\"\"", "\"", "\"\"",
		    "a\""),
		END } },
	{ "quoted LF", "a,b,c\n1,\"line1\nline2\",3\n4,5,6\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,\"line1\nline2\",3", "1", "line1\nline2", "3"),
		REC(4, "4,5,6", "4", "5", "6"),
		END } },
	{ "quoted CRLF", "a,b,c\r\n1,\"x\r\ny\",3\r\n4,5,6\r\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,\"x\r\ny\",3", "1", "x\r\ny", "3"),
		REC(4, "4,5,6", "4", "5", "6"),
		END } },
	{ "quoted CR", "a,b,c\n1,\"x\ry\",3\n4,5,6\n", 0, 0, CSVR_RECORD, H3,
	    1, NULL, {
		REC(2, "1,\"x\ry\",3", "1", "x\ry", "3"),
		REC(4, "4,5,6", "4", "5", "6"),
		END } },
	{ "quoted LF CR is two lines", "a,b,c\n1,\"x\n\ry\",3\n4,5,6\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,\"x\n\ry\",3", "1", "x\n\ry", "3"),
		REC(5, "4,5,6", "4", "5", "6"),
		END } },
	{ "quoted breaks in two fields",
	    "a,b,c\n\"p\n\nq\",\"\r\n\",\"\n\"\n4,5,6\n", 0, 0, CSVR_RECORD,
	    H3, 1, NULL, {
		REC(2, "\"p\n\nq\",\"\r\n\",\"\n\"", "p\n\nq", "\r\n", "\n"),
		REC(7, "4,5,6", "4", "5", "6"),
		END } },
	{ "quoted break in header", "\"a\nx\",b,c\n1,2,3\n", 0, 0,
	    CSVR_RECORD, { "a\nx", "b", "c" }, 1, NULL, {
		REC(3, "1,2,3", "1", "2", "3"),
		END } },
	{ "quoted blank-looking value", "a,b,c\n1,\"\n\n\",3\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,\"\n\n\",3", "1", "\n\n", "3"),
		END } },

	/* ---- blank lines, spaces, empty values ---- */
	{ "blank lines anywhere",
	    "\n\r\n\ra,b,c\n\n1,2,3\r\n\r\n4,5,6\n\n", 0, 0, CSVR_RECORD, H3,
	    4, NULL, {
		REC(6, "1,2,3", "1", "2", "3"),
		REC(8, "4,5,6", "4", "5", "6"),
		END } },
	{ "blank lines at the end, no newline", "a,b,c\n1,2,3\n\n\r\r", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		END } },
	{ "line of spaces is a record", "a\n\n \n  x  \n", 0, 0, CSVR_RECORD,
	    { "a" }, 1, NULL, {
		REC(3, " ", " "),
		REC(4, "  x  ", "  x  "),
		END } },
	{ "line of spaces is a ragged record", "a,b,c\n   \n1,2,3\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "   ", "=expected 3 fields, got 1"),
		REC(3, "1,2,3", "1", "2", "3"),
		END } },
	{ "unquoted spaces kept", "a,b,c\n 1 , 2,3 \n\t,x\t, \n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, " 1 , 2,3 ", " 1 ", " 2", "3 "),
		REC(3, "\t,x\t, ", "\t", "x\t", " "),
		END } },
	{ "header names as written", " a ,B,\"c \"\n1,2,3\n", 0, 0,
	    CSVR_RECORD, { " a ", "B", "c " }, 1, NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		END } },
	{ "header is case-sensitive", "a,A\n1,2\n", 0, 0, CSVR_RECORD,
	    { "a", "A" }, 1, NULL, {
		REC(2, "1,2", "1", "2"),
		END } },
	{ "empty values", "a,b,c\n,\"\",\n\"\",,\"\"\n", 0, 0, CSVR_RECORD,
	    H3, 1, NULL, {
		REC(2, ",\"\",", "", "", ""),
		REC(3, "\"\",,\"\"", "", "", ""),
		END } },
	{ "one empty column", "a\n\"\"\n", 0, 0, CSVR_RECORD, { "a" }, 1,
	    NULL, {
		REC(2, "\"\"", ""),
		END } },
	{ "=1+2 read as is", "a,b,c\n=1+2,-1,@x\n", 0, 0, CSVR_RECORD, H3, 1,
	    NULL, {
		REC(2, "=1+2,-1,@x", "=1+2", "-1", "@x"),
		END } },

	/* ---- rejected records ---- */
	{ "ragged rows", "a,b,c\n1,2\n1,2,3,4\n5,6,7\n", 0, 0, CSVR_RECORD,
	    H3, 1, NULL, {
		REJ(2, "1,2", "=expected 3 fields, got 2"),
		REJ(3, "1,2,3,4", "=expected 3 fields, got 4"),
		REC(4, "5,6,7", "5", "6", "7"),
		END } },
	{ "ragged last row without newline", "a,b,c\n1,2,3\n4,5", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1,2,3", "1", "2", "3"),
		REJ(3, "4,5", "=expected 3 fields, got 2"),
		END } },
	{ "ragged quoted row", "a,b,c\n\"1,2\",3\n", 0, 0, CSVR_RECORD, H3,
	    1, NULL, {
		REJ(2, "\"1,2\",3", "=expected 3 fields, got 2"),
		END } },
	{ "NUL byte in a field", "a,b,c\n1,x\0y,3\n4,5,6\n", 20, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		{ CSVR_REJECT, 2, 0, { NULL }, "NUL|'b'", "1,x\0y,3", 7, 0 },
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "NUL byte in a quoted field", "a,b,c\n1,2,\"\0\"\n4,5,6\n", 19, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		{ CSVR_REJECT, 2, 0, { NULL }, "NUL|'c'", "1,2,\"\0\"", 7,
		    0 },
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "invalid UTF-8 byte", "a,b,c\n1,2,\xff\n4,5,6\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "1,2,\xff", "UTF-8|'c'"),
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "overlong UTF-8", "a,b,c\n1,\xc0\xaf,3\n4,5,6\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "1,\xc0\xaf,3", "UTF-8|'b'"),
		REC(3, "4,5,6", "4", "5", "6"),
		END } },
	{ "overlong 3-byte UTF-8", "a,b,c\n\xe0\x80\xaf,2,3\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "\xe0\x80\xaf,2,3", "UTF-8|'a'"),
		END } },
	{ "surrogate in UTF-8", "a,b,c\n1,\"x\xed\xa0\x80\",3\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "1,\"x\xed\xa0\x80\",3", "UTF-8|'b'"),
		END } },
	{ "above U+10FFFF", "a,b,c\n1,2,\xf4\x90\x80\x80\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "1,2,\xf4\x90\x80\x80", "UTF-8|'c'"),
		END } },
	{ "truncated UTF-8 before delimiter", "a,b,c\n\xe2\x82,2,3\n", 0, 0,
	    CSVR_RECORD, H3, 1, NULL, {
		REJ(2, "\xe2\x82,2,3", "UTF-8|'a'"),
		END } },
	{ "valid UTF-8", "a,b,c\n\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80\n",
	    0, 0, CSVR_RECORD, H3, 1, NULL, {
		REC(2, "\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80", "\xc3\xa9",
		    "\xe2\x82\xac", "\xf0\x9f\x98\x80"),
		END } },

	/* ---- header errors ---- */
	{ "empty input", "", 0, 0, CSVR_EOF, { NULL }, 0, NULL, { END } },
	{ "blank lines only", "\n\r\n\r\n", 0, 0, CSVR_EOF, { NULL }, 0, NULL,
	    { END } },
	{ "empty header name", "a,,c\n1,2,3\n", 0, 0, CSVR_FATAL, { NULL },
	    1, "empty", { END } },
	{ "empty last header name", "\na,b,\n1,2,3\n", 0, 0, CSVR_FATAL,
	    { NULL }, 2, "empty", { END } },
	{ "empty quoted header name", "a,\"\",c\n", 0, 0, CSVR_FATAL,
	    { NULL }, 1, "empty", { END } },
	{ "duplicate header name", "a,b,a\n1,2,3\n", 0, 0, CSVR_FATAL,
	    { NULL }, 1, "duplicate|'a'", { END } },
	{ "duplicate header name after blank lines", "\n\nx,y,y\n", 0, 0,
	    CSVR_FATAL, { NULL }, 3, "duplicate|'y'", { END } },
	{ "NUL in header", "a,b\0,c\n1,2,3\n", 13, 0, CSVR_FATAL, { NULL },
	    1, "NUL", { END } },
	{ "invalid UTF-8 in header", "a,\xff,c\n1,2,3\n", 0, 0, CSVR_FATAL,
	    { NULL }, 1, "UTF-8", { END } },
	{ "overlong UTF-8 in header", "a,\xc1\xbf\n", 0, 0, CSVR_FATAL,
	    { NULL }, 1, "UTF-8", { END } },

	/* ---- framing errors ---- */
	{ "stray quote", "x\na\"b\n", 0, 0, CSVR_RECORD, { "x" }, 1, NULL, {
		FATAL(2, 2, "quote"),
		END } },
	{ "stray quote later in a record", "x,y\n1,2\n1,ab\"c\n", 0, 0,
	    CSVR_RECORD, { "x", "y" }, 1, NULL, {
		REC(2, "1,2", "1", "2"),
		FATAL(3, 5, "quote"),
		END } },
	{ "text after closing quote", "x\n\"ab\"c\n", 0, 0, CSVR_RECORD,
	    { "x" }, 1, NULL, {
		FATAL(2, 5, "after closing quote"),
		END } },
	{ "text after closing quote on a later line",
	    "x,y\n1,\"a\nb\"c\n", 0, 0, CSVR_RECORD, { "x", "y" }, 1, NULL, {
		FATAL(3, 3, "after closing quote"),
		END } },
	{ "unterminated quote", "x,y\n1,2\n3,\"abc\ndef\n", 0, 0,
	    CSVR_RECORD, { "x", "y" }, 1, NULL, {
		REC(2, "1,2", "1", "2"),
		FATAL(3, 3, "=unterminated quoted field"),
		END } },
	{ "unterminated quote opened on a later line",
	    "x,y\n1,\"a\nb\",\"c\nd", 0, 0, CSVR_RECORD, { "x", "y" }, 1,
	    NULL, {
		FATAL(3, 4, "=unterminated quoted field"),
		END } },
	{ "unterminated quote in header", "x,\"y\n", 0, 0, CSVR_FATAL,
	    { NULL }, 1, "=unterminated quoted field", { END } },

	/* ---- delimiters ---- */
	{ "tab delimiter", "a\tb\tc\n1\t2,x\t\"3\t4\"\n", 0, '\t',
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1\t2,x\t\"3\t4\"", "1", "2,x", "3\t4"),
		END } },
	{ "semicolon delimiter", "a;b;c\n1;\"2;x\";3,4\n", 0, ';',
	    CSVR_RECORD, H3, 1, NULL, {
		REC(2, "1;\"2;x\";3,4", "1", "2;x", "3,4"),
		END } },
	{ "semicolon delimiter, comma header", "a,b;c\n1;2\n", 0, ';',
	    CSVR_RECORD, { "a,b", "c" }, 1, NULL, {
		REC(2, "1;2", "1", "2"),
		END } },
};

/* Build "c1,c2,...,cN\n" followed by one data row "v1,...,vN\n". */
static char *
wide_input(size_t ncols, size_t *len)
{
	size_t cap = ncols * 16 + 16, n = 0;
	char *s = malloc(cap);

	if (s == NULL)
		exit(2);
	for (size_t i = 1; i <= ncols; i++)
		n += (size_t)snprintf(s + n, cap - n, "%sc%zu",
		    i > 1 ? "," : "", i);
	s[n++] = '\n';
	for (size_t i = 1; i <= ncols; i++)
		n += (size_t)snprintf(s + n, cap - n, "%sv%zu",
		    i > 1 ? "," : "", i);
	s[n++] = '\n';
	*len = n;
	return s;
}

static void
test_columns(void)
{
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[160];
	size_t len;
	char *s = wide_input(CSV_COLUMNS_MAX, &len);

	/* Exactly 4096 columns is accepted. */
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(c.ncols, 4096);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_RECORD);
	CHECK_INT(r.n, 4096);
	if (r.n == 4096) {
		CHECK_STR(r.f[4095].val, "v4096");
		CHECK(r.f[4095].nlen == 5 &&
		    memcmp(r.f[4095].name, "c4096", 5) == 0);
	}
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_EOF);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* 4097 columns is a bad header. */
	s = wide_input(CSV_COLUMNS_MAX + 1, &len);
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	CHECK_INT(csv_read_header(&c), CSVR_FATAL);
	CHECKF(strstr(c.err, "4096") != NULL, "err '%s'", c.err);
	CHECK_INT(c.err_line, 1);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* A data row far wider than its header is only rejected. */
	s = wide_input(5000, &len);
	/* replace the header by "x,y": the input is then "x,y\n" + row */
	{
		char *nl = memchr(s, '\n', len);
		size_t rest = len - (size_t)(nl + 1 - s);

		memmove(s + 4, nl + 1, rest);
		memcpy(s, "x,y\n", 4);
		len = 4 + rest;
	}
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(c.ncols, 2);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_REJECT);
	CHECK_STR(why, "expected 2 fields, got 5000");
	CHECK_INT(r.line, 2);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_EOF);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);
}

/*
 * "x\n" then a field of n bytes of 'a' (quoted when q), then "\n",
 * "1\n" (a second record) when tail.
 */
static char *
long_field_input(size_t n, bool q, size_t *len)
{
	char *s = malloc(n + 16);
	size_t k = 0;

	if (s == NULL)
		exit(2);
	memcpy(s, "x\n", 2);
	k = 2;
	if (q)
		s[k++] = '"';
	memset(s + k, 'a', n);
	k += n;
	if (q)
		s[k++] = '"';
	memcpy(s + k, "\n1\n", 3);
	*len = k + 3;
	return s;
}

static void
test_long_fields(void)
{
	const size_t max = CSV_FIELD_MAX;
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[160];
	size_t len;
	char *s;

	CHECK_INT(CSV_FIELD_MAX, 1048576);

	/* Exactly 1 MiB, unquoted: accepted, and reading goes on. */
	s = long_field_input(max, false, &len);
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	int res = csv_read_record(&c, &r, why, sizeof(why));

	CHECKF(res == CSVR_RECORD, "1 MiB field: result %d, err '%s'", res,
	    res == CSVR_FATAL ? c.err : why);
	if (res == CSVR_RECORD) {
		CHECK_INT(r.line, 2);
		CHECK_INT(r.n, 1);
		CHECK_INT(r.f[0].len, max);
		CHECK_INT(r.rawlen, max);
		CHECK(r.f[0].val[0] == 'a' && r.f[0].val[max - 1] == 'a');
		CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)),
		    CSVR_RECORD);
		CHECK_INT(r.line, 3);
		CHECK(r.n == 1 && strcmp(r.f[0].val, "1") == 0);
		CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_EOF);
	}
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* Exactly 1 MiB followed by a delimiter: accepted too. */
	s = malloc(max + 16);
	if (s == NULL)
		exit(2);
	memcpy(s, "x,y\n", 4);
	memset(s + 4, 'b', max);
	memcpy(s + 4 + max, ",1\n", 3);
	inbuf_init(&in, mem_fd(s, max + 7));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	res = csv_read_record(&c, &r, why, sizeof(why));
	CHECKF(res == CSVR_RECORD, "1 MiB field before ',': result %d, "
	    "err '%s'", res, res == CSVR_FATAL ? c.err : why);
	if (res == CSVR_RECORD) {
		CHECK_INT(r.n, 2);
		CHECK_INT(r.f[0].len, max);
		CHECK_STR(r.f[1].val, "1");
	}
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* 1 MiB + 1, unquoted: fatal on line 2 at the 1048577th byte. */
	s = long_field_input(max + 1, false, &len);
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_FATAL);
	CHECK_STR(c.err, "field longer than 1048576 bytes");
	CHECK_INT(c.err_line, 2);
	CHECK_INT(c.err_col, max + 1);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* 1 MiB + 1 of content, quoted: fatal too. */
	s = long_field_input(max + 1, true, &len);
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_FATAL);
	CHECK_STR(c.err, "field longer than 1048576 bytes");
	CHECK_INT(c.err_line, 2);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* A 3 MiB unquoted field (well past any buffer): fatal, no crash. */
	s = long_field_input(3 * max, false, &len);
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_FATAL);
	CHECK_STR(c.err, "field longer than 1048576 bytes");
	CHECK_INT(c.err_line, 2);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);

	/* A 3 MiB quoted field never closed: fatal, no crash. */
	s = long_field_input(3 * max, true, &len);
	len -= 4;		/* drop the closing quote and "\n1\n" */
	inbuf_init(&in, mem_fd(s, len));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_FATAL);
	CHECK_INT(c.err_line, 2);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
	free(s);
}

/* ---- csv_put_field ---- */

struct put_case {
	const char *in;
	size_t n;		/* 0: strlen(in) */
	char delim;
	const char *want;
};

static const struct put_case puts_[] = {
	{ "abc", 0, ',', "abc" },
	{ "", 0, ',', "" },
	{ "a,b", 0, ',', "\"a,b\"" },
	{ ",", 0, ',', "\",\"" },
	{ "say \"hi\"", 0, ',', "\"say \"\"hi\"\"\"" },
	{ "\"", 0, ',', "\"\"\"\"" },
	{ "a\rb", 0, ',', "\"a\rb\"" },
	{ "a\nb", 0, ',', "\"a\nb\"" },
	{ "a\r\nb", 0, ',', "\"a\r\nb\"" },
	{ " a", 0, ',', "\" a\"" },
	{ "a ", 0, ',', "\"a \"" },
	{ "\ta", 0, ',', "\"\ta\"" },
	{ "a\t", 0, ',', "\"a\t\"" },
	{ " ", 0, ',', "\" \"" },
	{ "a b", 0, ',', "a b" },
	{ "a\tb", 0, ',', "a\tb" },
	{ "=1+2", 0, ',', "=1+2" },
	{ "-1", 0, ',', "-1" },
	{ "@SUM(A1)", 0, ',', "@SUM(A1)" },
	{ "\xc3\xa9t\xc3\xa9", 0, ',', "\xc3\xa9t\xc3\xa9" },
	{ "a;b", 0, ',', "a;b" },
	{ "a;b", 0, ';', "\"a;b\"" },
	{ "a,b", 0, ';', "a,b" },
	{ "a\tb", 0, '\t', "\"a\tb\"" },
	{ "a,b", 0, '\t', "a,b" },
	{ "a|b", 0, '|', "\"a|b\"" },
	{ "x'y", 0, ',', "x'y" },
};

static void
test_put_field(void)
{
	for (size_t i = 0; i < sizeof(puts_) / sizeof(puts_[0]); i++) {
		const struct put_case *t = &puts_[i];
		int fd = tmp_fd();
		struct obuf b;
		size_t len;

		obuf_init(&b, fd);
		csv_put_field(&b, t->in, t->n ? t->n : strlen(t->in),
		    t->delim);
		CHECK_INT(obuf_close(&b, 0), 0);
		char *got = slurp(fd, &len);

		CHECKF(len == strlen(t->want) && strcmp(got, t->want) == 0,
		    "put_field case %zu: got '%s', want '%s'", i, got,
		    t->want);
		free(got);
		close(fd);
	}
}

/* Several reads over one reader: raw text stays the record's bytes. */
static void
test_raw_sequence(void)
{
	static const char text[] = "id,v\n1,\"a\r\nb\"\r\n\r\n2,\"\"\"\"\r3,x";
	struct inbuf in;
	struct csv_reader c;
	struct record r;
	char why[160];

	inbuf_init(&in, mem_fd(text, sizeof(text) - 1));
	csv_reader_init(&c, &in, ',', 1);
	record_init(&r);
	CHECK_INT(csv_read_header(&c), CSVR_RECORD);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_RECORD);
	CHECK_INT(r.line, 2);
	CHECK(r.rawlen == 8 && memcmp(r.raw, "1,\"a\r\nb\"", 8) == 0);
	CHECK(r.n == 2 && strcmp(r.f[1].val, "a\r\nb") == 0);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_RECORD);
	CHECK_INT(r.line, 5);
	CHECK(r.rawlen == 6 && memcmp(r.raw, "2,\"\"\"\"", 6) == 0);
	CHECK(r.n == 2 && strcmp(r.f[1].val, "\"") == 0);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_RECORD);
	CHECK_INT(r.line, 6);
	CHECK(r.rawlen == 3 && memcmp(r.raw, "3,x", 3) == 0);
	CHECK_INT(csv_read_record(&c, &r, why, sizeof(why)), CSVR_EOF);
	record_release(&r);
	csv_reader_release(&c);
	inbuf_release(&in);
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_columns();
	test_long_fields();
	test_put_field();
	test_raw_sequence();
	return unit_done("test_csv");
}
