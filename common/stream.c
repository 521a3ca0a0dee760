/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "json.h"
#include "stream.h"
#include "utf8.h"
#include "xalloc.h"

#define WHY_MAX 256

int
stream_open(struct stream *s, char **files, int n, const struct stream_opts *o)
{
	static char *stdin_only[] = {"-"};

	memset(s, 0, sizeof(*s));
	s->files = n > 0 ? files : stdin_only;
	s->nfiles = n > 0 ? n : 1;
	s->o = *o;
	record_init(&s->rec);
	if (o->rejects == NULL)
		return 0;
	int fd = open(o->rejects, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd < 0) {
		diag_error("cannot create '%s': %s", o->rejects, strerror(errno));
		diag_status(EXIT_CANTCREAT);
		return -1;
	}
	obuf_init(&s->rej, fd);
	s->rej_open = true;
	return 0;
}

enum fmt
stream_first_format(struct stream *s)
{
	return s->first_fmt;
}

/* ---- opening files and detecting formats ---- */

static int
open_operand(const char *name)
{
	struct stat st;
	int fd;

	if (strcmp(name, "-") == 0)
		return 0;
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error("cannot open '%s': %s", name, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error("cannot open '%s': %s", name, strerror(EISDIR));
		close(fd);
		return -1;
	}
	return fd;
}

/* Skip a BOM, then look at the first non-whitespace byte. */
static int
detect(struct stream *s, enum fmt *f)
{
	struct inbuf *in = &s->in;
	size_t k = 0;

	while (in->end - in->pos < 3 && !in->eof)
		if (inbuf_fill(in, 0) < 0)
			return -1;
	if (in->end - in->pos >= 3 && memcmp(in->buf + in->pos, "\xEF\xBB\xBF",
	    3) == 0)
		in->pos += 3;
	if (s->o.in_fmt != FMT_NONE) {
		*f = s->o.in_fmt;
		return 0;
	}
	for (;;) {
		for (; in->pos + k < in->end; k++) {
			char c = in->buf[in->pos + k];

			if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
			    c == '\f' || c == '\v')
				continue;
			*f = c == '[' ? FMT_JSON : c == '{' ? FMT_JSONL : FMT_CSV;
			return 0;
		}
		int r = inbuf_fill(in, 0);

		if (r < 0)
			return -1;
		if (r == 0) {
			*f = FMT_CSV;
			return 0;
		}
	}
}

static void
read_error(struct stream *s)
{
	diag_error("cannot read '%s': %s", s->name, strerror(s->in.err));
	diag_status(EXIT_IO);
	s->failed = true;
}

static void
fatal_at(struct stream *s, const char *msg, uint64_t line, uint64_t col)
{
	if (col > 0)
		diag_error("%s:%" PRIu64 ":%" PRIu64 ": %s", s->name, line, col,
		    msg);
	else if (line > 0)
		diag_error("%s:%" PRIu64 ": %s", s->name, line, msg);
	else
		diag_error("%s: %s", s->name, msg);
	diag_status(EXIT_DATA);
	s->failed = true;
}

static bool
has_name(char *const *names, const size_t *lens, size_t n, const char *name,
    size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (lens[i] == len && memcmp(names[i], name, len) == 0)
			return true;
	return false;
}

/* Remember the first CSV header; check later ones against it (io.md 1). */
static int
check_columns(struct stream *s)
{
	struct csv_reader *c = &s->csv;

	if (s->hdr == NULL) {
		s->nhdr = c->ncols;
		s->hdr = xcalloc(c->ncols, sizeof(*s->hdr));
		s->hlen = xcalloc(c->ncols, sizeof(*s->hlen));
		for (size_t i = 0; i < c->ncols; i++) {
			s->hdr[i] = xmemdup(c->names[i], c->nlens[i]);
			s->hlen[i] = c->nlens[i];
		}
		return 0;
	}
	const char *diff = NULL;

	for (size_t i = 0; i < c->ncols && diff == NULL; i++)
		if (!has_name(s->hdr, s->hlen, s->nhdr, c->names[i], c->nlens[i]))
			diff = c->names[i];
	for (size_t j = 0; j < s->nhdr && diff == NULL; j++)
		if (!has_name(c->names, c->nlens, c->ncols, s->hdr[j], s->hlen[j]))
			diff = s->hdr[j];
	if (diff == NULL)
		return 0;
	char msg[200];

	snprintf(msg, sizeof(msg), "columns differ from the first file: '%.60s'",
	    diff);
	fatal_at(s, msg, 0, 0);
	return -1;
}

static int
start_csv(struct stream *s)
{
	csv_reader_init(&s->csv, &s->in, s->o.delim, 1);
	int r = csv_read_header(&s->csv);

	if (r == CSVR_IOERR) {
		read_error(s);
		return -1;
	}
	if (r == CSVR_EOF) {
		fatal_at(s, "no header", 0, 0);
		return -1;
	}
	if (r == CSVR_FATAL) {
		fatal_at(s, s->csv.err, s->csv.err_line, s->csv.err_col);
		return -1;
	}
	s->schema = ++s->schema_seq;
	return check_columns(s);
}

/* Open the next operand; 1 opened, 0 none left, -1 fatal. */
static int
open_next(struct stream *s)
{
	while (s->next < s->nfiles) {
		const char *name = s->files[s->next++];
		int fd = open_operand(name);

		if (fd < 0) {
			diag_status(EXIT_NOINPUT);
			continue;
		}
		s->name = strcmp(name, "-") == 0 ? "<stdin>" : name;
		inbuf_init(&s->in, fd);
		s->open = true;
		if (detect(s, &s->fmt) < 0) {
			read_error(s);
			return -1;
		}
		if (s->first_fmt == FMT_NONE)
			s->first_fmt = s->fmt;
		if (s->fmt == FMT_CSV)
			return start_csv(s) == 0 ? 1 : -1;
		json_reader_init(&s->json, &s->in, s->fmt == FMT_JSON, 1);
		return 1;
	}
	return 0;
}

static void
close_current(struct stream *s)
{
	if (!s->open)
		return;
	if (s->fmt == FMT_CSV)
		csv_reader_release(&s->csv);
	else
		json_reader_release(&s->json);
	inbuf_release(&s->in);
	s->open = false;
}

/* ---- rejects ---- */

static void
put_base64(struct obuf *b, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		obuf_putc(b, tab[(v >> 18) & 63]);
		obuf_putc(b, tab[(v >> 12) & 63]);
		obuf_putc(b, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		obuf_putc(b, i + 2 < n ? tab[v & 63] : '=');
	}
}

static void
write_reject(struct stream *s, const struct record *r, const char *why)
{
	struct obuf *b = &s->rej;

	obuf_puts(b, "{\"file\":");
	json_put_string(b, s->name, strlen(s->name));
	obuf_puts(b, ",\"line\":");
	obuf_putll(b, (long long)r->line);
	obuf_puts(b, ",\"record\":");
	obuf_putll(b, (long long)r->recno);
	obuf_puts(b, ",\"reason\":");
	json_put_string(b, why, strlen(why));
	if (utf8_valid_nonul(r->raw, r->rawlen)) {
		obuf_puts(b, ",\"raw\":");
		json_put_string(b, r->raw, r->rawlen);
	} else {
		obuf_puts(b, ",\"raw_base64\":\"");
		put_base64(b, (const unsigned char *)r->raw, r->rawlen);
		obuf_putc(b, '"');
	}
	if (r->raw_cut)
		obuf_puts(b, ",\"raw_truncated\":true");
	obuf_puts(b, "}\n");
}

int
stream_reject(struct stream *s, const struct record *r, const char *why)
{
	diag_count.rejected++;
	diag_warn_reject("%s:%" PRIu64 ": record %" PRIu64 ": %s", s->name,
	    r->line, r->recno, why);
	if (s->rej_open)
		write_reject(s, r, why);
	if (!s->o.strict)
		return 0;
	diag_status(EXIT_DATA);
	s->failed = true;
	return -1;
}

/* ---- records ---- */

/* Give JSON records a schema id that changes when their names change. */
static void
json_schema(struct stream *s, struct record *r)
{
	bool same = s->prev.n == r->n;

	for (size_t i = 0; same && i < r->n; i++)
		same = s->prev.len[i] == r->f[i].nlen &&
		    memcmp(s->prev.name[i], r->f[i].name, r->f[i].nlen) == 0;
	if (!same) {
		size_t total = 0, off = 0;

		for (size_t i = 0; i < r->n; i++)
			total += r->f[i].nlen;
		if (s->prevcap < total + 1) {
			s->prevcap = total + 1;
			s->prevbuf = xreallocarray(s->prevbuf, s->prevcap, 1);
		}
		s->prev.name = xreallocarray(s->prev.name, r->n + 1,
		    sizeof(*s->prev.name));
		s->prev.len = xreallocarray(s->prev.len, r->n + 1,
		    sizeof(*s->prev.len));
		for (size_t i = 0; i < r->n; i++) {
			memcpy(s->prevbuf + off, r->f[i].name, r->f[i].nlen);
			s->prev.name[i] = s->prevbuf + off;
			s->prev.len[i] = r->f[i].nlen;
			off += r->f[i].nlen;
		}
		s->prev.n = r->n;
		s->schema_seq++;
	}
	r->schema = s->schema_seq;
}

/* Read one record from the open file: 1 record, 2 rejected, 0 end, -1. */
static int
read_one(struct stream *s, struct record *r)
{
	char why[WHY_MAX];
	int res;

	if (s->fmt == FMT_CSV)
		res = csv_read_record(&s->csv, r, why, sizeof(why));
	else
		res = json_read_record(&s->json, r, why, sizeof(why));
	if (res == CSVR_EOF)
		return 0;
	if (res == CSVR_IOERR) {
		read_error(s);
		return -1;
	}
	if (res == CSVR_FATAL) {
		if (s->fmt == FMT_CSV)
			fatal_at(s, s->csv.err, s->csv.err_line, s->csv.err_col);
		else
			fatal_at(s, s->json.err, s->json.err_line,
			    s->json.err_col);
		return -1;
	}
	r->file = s->name;
	r->recno = ++diag_count.in;
	if (res == CSVR_REJECT)
		return stream_reject(s, r, why) == 0 ? 2 : -1;
	if (s->fmt == FMT_CSV)
		r->schema = s->schema;
	else
		json_schema(s, r);
	return 1;
}

/* Advance to the next accepted record in s->rec. */
static int
fetch(struct stream *s)
{
	while (!s->done && !s->failed) {
		if (!s->open) {
			int r = open_next(s);

			if (r < 0)
				break;
			if (r == 0) {
				s->done = true;
				break;
			}
		}
		int r = read_one(s, &s->rec);

		if (r == 1)
			return 1;
		if (r == 0)
			close_current(s);
	}
	return s->failed ? -1 : 0;
}

int
stream_columns(struct stream *s, struct colnames *c)
{
	while (!s->open && !s->done && !s->failed) {
		int r = open_next(s);

		if (r <= 0) {
			s->done = r == 0;
			return r;
		}
	}
	if (s->failed)
		return -1;
	if (!s->open || s->fmt != FMT_CSV) {
		if (!s->pending) {
			int r = fetch(s);

			if (r <= 0)
				return r;
			s->pending = true;
		}
		if (s->fmt != FMT_CSV) {
			*c = s->prev;
			return 1;
		}
	}
	s->cols.name = (const char **)s->csv.names;
	s->cols.len = s->csv.nlens;
	s->cols.n = s->csv.ncols;
	*c = s->cols;
	return 1;
}

int
stream_next(struct stream *s, struct record **r)
{
	if (s->pending) {
		s->pending = false;
		*r = &s->rec;
		return 1;
	}
	int res = fetch(s);

	*r = &s->rec;
	return res;
}

int
stream_close(struct stream *s)
{
	int rc = 0;

	close_current(s);
	for (size_t i = 0; i < s->nhdr; i++)
		free(s->hdr[i]);
	free(s->hdr);
	free(s->hlen);
	free(s->prev.name);
	free(s->prev.len);
	free(s->prevbuf);
	record_release(&s->rec);
	json_release_memory();
	if (s->rej_open && obuf_close(&s->rej, 1) != 0) {
		diag_error("cannot write '%s': %s", s->o.rejects,
		    strerror(s->rej.err));
		diag_status(EXIT_IO);
		rc = -1;
	}
	s->rej_open = false;
	return rc;
}
