/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "record.h"
#include "xalloc.h"

void
record_init(struct record *r)
{
	memset(r, 0, sizeof(*r));
}

void
record_release(struct record *r)
{
	free(r->f);
	free(r->arena);
	record_init(r);
}

void
record_clear(struct record *r)
{
	r->n = 0;
	r->alen = 0;
	r->raw = NULL;
	r->rawlen = 0;
	r->raw_cut = false;
	r->flagged = false;
	r->raw_plain = false;
	r->nin = 0;
}

static void
grow_arena(struct record *r, size_t need)
{
	size_t cap = r->acap ? r->acap : 4096;
	char *old = r->arena;

	while (cap - r->alen < need)
		cap *= 2;
	r->arena = xreallocarray(r->arena, cap, 1);
	r->acap = cap;
	if (r->arena != old)
		record_resolve(r);
}

/* Copy p[0..n) and a NUL into the arena; returns the offset. */
static inline size_t
arena_put(struct record *r, const char *p, size_t n)
{
	size_t off = r->alen;

	if (r->acap - r->alen < n + 1)
		grow_arena(r, n + 1);
	if (n > 0)
		memcpy(r->arena + off, p, n);
	r->arena[off + n] = '\0';
	r->alen += n + 1;
	return off;
}

static struct field *
grow_field(struct record *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->f = xreallocarray(r->f, r->cap, sizeof(*r->f));
	}
	return &r->f[r->n++];
}

void
record_reserve(struct record *r, size_t bytes, size_t fields)
{
	if (r->acap - r->alen < bytes)
		grow_arena(r, bytes);
	if (r->cap - r->n < fields) {
		while (r->cap - r->n < fields)
			r->cap = r->cap ? r->cap * 2 : 32;
		r->f = xreallocarray(r->f, r->cap, sizeof(*r->f));
	}
}

void
record_add(struct record *r, const char *name, size_t nlen, bool borrowed,
    const char *val, size_t len, enum vkind kind, double num)
{
	size_t noff = borrowed ? REC_NAME_BORROWED : arena_put(r, name, nlen);
	size_t voff = arena_put(r, val, len);
	struct field *f = grow_field(r);

	f->nlen = nlen;
	f->noff = noff;
	f->name = borrowed ? name : r->arena + noff;
	f->voff = voff;
	f->val = r->arena + voff;
	f->len = len;
	f->kind = kind;
	f->num = num;
}

void
record_add_borrowed(struct record *r, const char *name, size_t nlen,
    const char *val, size_t len, enum vkind kind, double num)
{
	struct field *f = grow_field(r);

	f->name = name;
	f->nlen = nlen;
	f->noff = REC_NAME_BORROWED;
	f->voff = REC_NO_VALUE;
	f->val = val;
	f->len = len;
	f->kind = kind;
	f->num = num;
}

void
record_resolve(struct record *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct field *f = &r->f[i];

		if (f->noff != REC_NAME_BORROWED)
			f->name = r->arena + f->noff;
		if (f->voff != REC_NO_VALUE)
			f->val = r->arena + f->voff;
	}
}

long
record_find(const struct record *r, const char *name, size_t nlen)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].nlen == nlen && memcmp(r->f[i].name, name, nlen) == 0)
			return (long)i;
	return -1;
}

/*
 * The field a record_set_*() call writes: field i, or a new one named
 * name when i == r->n.  Setting an input field ends the raw copy path.
 */
static struct field *
set_slot(struct record *r, size_t i, const char *name)
{
	struct field *f;

	if (i == r->n) {
		f = grow_field(r);
		f->name = name;
		f->nlen = strlen(name);
		f->noff = REC_NAME_BORROWED;
		return f;
	}
	if (i < r->nin)
		r->raw_plain = false;
	return &r->f[i];
}

void
record_set(struct record *r, size_t i, const char *name, const char *val,
    size_t len, enum vkind kind, double num)
{
	size_t off = arena_put(r, val, len);
	struct field *f = set_slot(r, i, name);

	f->voff = off;
	f->val = r->arena + off;
	f->len = len;
	f->kind = kind;
	f->num = num;
}

void
record_set_int(struct record *r, size_t i, const char *name, long v)
{
	char buf[NUM_BUFSZ];
	size_t n;

	if (v >= 0 && v < 10) {	/* most totals and counts: no printer */
		buf[0] = (char)('0' + v);
		n = 1;
	} else {
		n = num_format((double)v, buf);
	}
	record_set(r, i, name, buf, n, VK_NUM, (double)v);
}

void
record_set_str(struct record *r, size_t i, const char *name, const char *s)
{
	record_set(r, i, name, s, strlen(s), VK_STR, 0);
}

void
record_set_static(struct record *r, size_t i, const char *name,
    const char *s)
{
	struct field *f = set_slot(r, i, name);

	f->voff = REC_NO_VALUE;
	f->val = s;
	f->len = strlen(s);
	f->kind = VK_CODE;
	f->num = 0;
}

void
record_set_null(struct record *r, size_t i, const char *name)
{
	record_set(r, i, name, "", 0, VK_NULL, 0);
}

void
addcols_init(struct addcols *a, const char *const *names, size_t n)
{
	a->names = names;
	a->n = n;
	a->pos = xcalloc(n, sizeof(*a->pos));
	a->nlens = xcalloc(n, sizeof(*a->nlens));
	a->tmpl = xcalloc(n, sizeof(*a->tmpl));
	a->ntmpl = 0;
	for (size_t k = 0; k < n; k++)
		a->nlens[k] = strlen(names[k]);
	a->bound = false;
	a->schema = 0;
	a->nbase = 0;
}

void
addcols_release(struct addcols *a)
{
	free(a->pos);
	free(a->nlens);
	free(a->tmpl);
	a->tmpl = NULL;
	a->pos = NULL;
	a->nlens = NULL;
}

/* Compute pos[] for r's schema: existing index, or appended in order. */
static void
addcols_compute(struct addcols *a, const struct record *r)
{
	size_t next = r->n;

	a->ntmpl = 0;
	for (size_t k = 0; k < a->n; k++) {
		long i = record_find(r, a->names[k], a->nlens[k]);

		a->pos[k] = i >= 0 ? (size_t)i : next++;
		if (i >= 0)
			continue;
		struct field *f = &a->tmpl[a->ntmpl++];

		f->name = a->names[k];
		f->nlen = a->nlens[k];
		f->noff = REC_NAME_BORROWED;
		f->voff = REC_NO_VALUE;
		f->val = "";
		f->len = 0;
		f->kind = VK_NULL;
		f->num = 0;
	}
	a->schema = r->schema;
	a->nbase = r->n;
	a->bound = true;
}

void
addcols_bind(struct addcols *a, struct record *r)
{
	if (!a->bound || a->schema != r->schema || a->nbase != r->n)
		addcols_compute(a, r);
	/* Appended columns start as nulls: one copy of the template. */
	if (a->ntmpl == 0)
		return;
	record_reserve(r, 0, a->ntmpl);
	memcpy(r->f + r->n, a->tmpl, a->ntmpl * sizeof(*a->tmpl));
	r->n += a->ntmpl;
}
