/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "json.h"
#include "num.h"
#include "writer.h"
#include "xalloc.h"

void
writer_init(struct writer *w, enum fmt fmt, char delim, int fd)
{
	memset(w, 0, sizeof(*w));
	w->fmt = fmt;
	w->delim = delim;
	/* Printed numbers hold only these bytes: with another delimiter
	 * they never need quotes. */
	w->num_safe = strchr("0123456789+-.eE", delim) == NULL;
	w->code_safe = strchr("abcdefghijklmnopqrstuvwxyz0123456789_", delim)
	    == NULL;
	obuf_init(&w->out, fd);
}

static void
add_header_name(struct writer *w, const char *name, size_t len)
{
	w->hdr = xreallocarray(w->hdr, w->nhdr + 1, sizeof(*w->hdr));
	w->hlen = xreallocarray(w->hlen, w->nhdr + 1, sizeof(*w->hlen));
	w->hdr[w->nhdr] = xmemdup(name, len);
	w->hlen[w->nhdr] = len;
	w->nhdr++;
}

static bool
in_header(const struct writer *w, const char *name, size_t len, size_t *at)
{
	for (size_t h = 0; h < w->nhdr; h++) {
		if (w->hlen[h] == len && memcmp(w->hdr[h], name, len) == 0) {
			*at = h;
			return true;
		}
	}
	return false;
}

static void
write_header(struct writer *w)
{
	for (size_t h = 0; h < w->nhdr; h++) {
		if (h > 0)
			obuf_putc(&w->out, w->delim);
		csv_put_field(&w->out, w->hdr[h], w->hlen[h], w->delim);
	}
	obuf_putc(&w->out, '\n');
	w->have_hdr = true;
}

void
writer_csv_header(struct writer *w, const struct colnames *in,
    const struct addcols *add)
{
	size_t at;

	if (w->fmt != FMT_CSV || w->have_hdr)
		return;
	for (size_t i = 0; i < in->n; i++)
		add_header_name(w, in->name[i], in->len[i]);
	for (size_t k = 0; add != NULL && k < add->n; k++) {
		size_t len = strlen(add->names[k]);

		if (!in_header(w, add->names[k], len, &at))
			add_header_name(w, add->names[k], len);
	}
	write_header(w);
}

/* Build map[] for r's layout; returns -1 naming a field with no column. */
static int
build_map(struct writer *w, const struct record *r, char *why, size_t whylen)
{
	size_t at;

	w->map = xreallocarray(w->map, w->nhdr ? w->nhdr : 1, sizeof(*w->map));
	for (size_t h = 0; h < w->nhdr; h++)
		w->map[h] = SIZE_MAX;
	w->identity = r->n == w->nhdr;
	for (size_t i = 0; i < r->n; i++) {
		if (!in_header(w, r->f[i].name, r->f[i].nlen, &at)) {
			snprintf(why, whylen,
			    "key '%.40s' is not in the CSV header (use -o jsonl)",
			    r->f[i].name);
			w->schema = 0;
			w->nfields = SIZE_MAX;
			return -1;
		}
		w->map[at] = i;
		if (at != i)
			w->identity = false;
	}
	w->schema = r->schema;
	w->nfields = r->n;
	return 0;
}

static void
csv_value(struct writer *w, const struct field *f)
{
	if ((f->kind == VK_NUM && w->num_safe) ||
	    (f->kind == VK_CODE && w->code_safe))
		obuf_put(&w->out, f->val, f->len);	/* never quoted */
	else if (f->kind != VK_NULL)
		csv_put_field(&w->out, f->val, f->len, w->delim);
}

static bool
lone_empty(const struct writer *w, const struct record *r)
{
	size_t i = w->identity ? 0 : w->map[0];

	return i == SIZE_MAX || r->f[i].kind == VK_NULL || r->f[i].len == 0;
}

static int
put_csv(struct writer *w, const struct record *r, char *why, size_t whylen)
{
	if (!w->have_hdr) {
		for (size_t i = 0; i < r->n; i++)
			add_header_name(w, r->f[i].name, r->f[i].nlen);
		write_header(w);
	}
	if ((w->schema != r->schema || w->nfields != r->n) &&
	    build_map(w, r, why, whylen) != 0)
		return -1;
	size_t h = 0;

	if (w->identity && r->raw_plain && r->nin > 0) {
		/* Input fields untouched and needing no quotes: copy them. */
		obuf_put(&w->out, r->raw, r->rawlen);
		h = r->nin;
		for (; h < w->nhdr; h++) {
			obuf_putc(&w->out, w->delim);
			csv_value(w, &r->f[h]);
		}
		obuf_putc(&w->out, '\n');
		return 0;
	}
	for (; h < w->nhdr; h++) {
		size_t i = w->identity ? h : w->map[h];

		if (h > 0)
			obuf_putc(&w->out, w->delim);
		if (i != SIZE_MAX)
			csv_value(w, &r->f[i]);
	}
	/* A lone empty field would be a blank line, which readers skip:
	 * quote it so the record survives a round trip. */
	if (w->nhdr == 1 && lone_empty(w, r))
		obuf_put(&w->out, "\"\"", 2);
	obuf_putc(&w->out, '\n');
	return 0;
}

static void
json_value(struct obuf *b, const struct field *f)
{
	switch (f->kind) {
	case VK_CSV:
		if (f->len == 0)
			obuf_put(b, "null", 4);
		else if (num_is_json_number(f->val, f->len))
			obuf_put(b, f->val, f->len);
		else
			json_put_string(b, f->val, f->len);
		break;
	case VK_STR:
		json_put_string(b, f->val, f->len);
		break;
	case VK_CODE:		/* nothing to escape */
		obuf_putc(b, '"');
		obuf_put(b, f->val, f->len);
		obuf_putc(b, '"');
		break;
	case VK_NULL:
		obuf_put(b, "null", 4);
		break;
	default:		/* numbers, booleans, raw JSON: as printed */
		obuf_put(b, f->val, f->len);
		break;
	}
}

/*
 * Records of one schema share their keys: escape them once into w->keys
 * (an obuf that is never flushed: fd -1, grown as needed).
 */
static void
render_keys(struct writer *w, const struct record *r)
{
	if (w->keys.buf == NULL)
		obuf_init(&w->keys, -1);
	w->keys.len = 0;
	w->keyoff = xreallocarray(w->keyoff, r->n + 1, sizeof(*w->keyoff));
	for (size_t i = 0; i < r->n; i++) {
		w->keyoff[i] = w->keys.len;
		if (w->keys.cap - w->keys.len < 6 * r->f[i].nlen + 8) {
			w->keys.cap = 2 * w->keys.cap + 6 * r->f[i].nlen + 8;
			w->keys.buf = xreallocarray(w->keys.buf, w->keys.cap, 1);
		}
		json_put_string(&w->keys, r->f[i].name, r->f[i].nlen);
		obuf_putc(&w->keys, ':');
	}
	w->keyoff[r->n] = w->keys.len;
	w->nkeys = r->n;
	w->keyschema = r->schema;
}

static void
put_json(struct writer *w, const struct record *r)
{
	struct obuf *b = &w->out;

	if (w->keyschema != r->schema || w->nkeys != r->n)
		render_keys(w, r);
	if (w->fmt == FMT_JSON)
		obuf_puts(b, w->nrec == 0 ? "[\n" : ",\n");
	obuf_putc(b, '{');
	for (size_t i = 0; i < r->n; i++) {
		if (i > 0)
			obuf_putc(b, ',');
		obuf_put(b, w->keys.buf + w->keyoff[i],
		    w->keyoff[i + 1] - w->keyoff[i]);
		json_value(b, &r->f[i]);
	}
	obuf_putc(b, '}');
	if (w->fmt == FMT_JSONL)
		obuf_putc(b, '\n');
}

int
writer_put(struct writer *w, const struct record *r, char *why, size_t whylen)
{
	if (w->fmt == FMT_CSV) {
		if (put_csv(w, r, why, whylen) != 0)
			return -1;
	} else {
		put_json(w, r);
	}
	w->nrec++;
	return 0;
}

int
writer_finish(struct writer *w)
{
	if (w->fmt == FMT_JSON)
		obuf_puts(&w->out, w->nrec == 0 ? "[]\n" : "\n]\n");
	for (size_t h = 0; h < w->nhdr; h++)
		free(w->hdr[h]);
	free(w->hdr);
	free(w->hlen);
	free(w->map);
	free(w->keyoff);
	free(w->keys.buf);
	w->hdr = NULL;
	w->nhdr = 0;
	return obuf_close(&w->out, 0);
}
