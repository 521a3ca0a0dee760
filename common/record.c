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
}

/* Copy p[0..n) and a NUL into the arena; returns the offset. */
static size_t
arena_put(struct record *r, const char *p, size_t n)
{
	size_t off = r->alen;

	if (r->acap - r->alen < n + 1) {
		size_t cap = r->acap ? r->acap : 4096;

		while (cap - r->alen < n + 1)
			cap *= 2;
		r->arena = xreallocarray(r->arena, cap, 1);
		r->acap = cap;
	}
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
record_add(struct record *r, const char *name, size_t nlen, bool borrowed,
    const char *val, size_t len, enum vkind kind, double num)
{
	struct field *f = grow_field(r);

	f->nlen = nlen;
	if (borrowed) {
		f->name = name;
		f->noff = REC_NAME_BORROWED;
	} else {
		f->name = NULL;
		f->noff = arena_put(r, name, nlen);
	}
	f->voff = arena_put(r, val, len);
	f->val = NULL;
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

void
record_set(struct record *r, size_t i, const char *name, const char *val,
    size_t len, enum vkind kind, double num)
{
	char *old = r->arena;
	size_t off = arena_put(r, val, len);
	struct field *f;

	if (i == r->n) {
		f = grow_field(r);
		f->name = name;
		f->nlen = strlen(name);
		f->noff = REC_NAME_BORROWED;
	} else {
		f = &r->f[i];
	}
	f->voff = off;
	f->len = len;
	f->kind = kind;
	f->num = num;
	if (r->arena != old)
		record_resolve(r);
	else
		f->val = r->arena + off;
}

void
record_set_int(struct record *r, size_t i, const char *name, long v)
{
	char buf[NUM_BUFSZ];
	size_t n = num_format((double)v, buf);

	record_set(r, i, name, buf, n, VK_NUM, (double)v);
}

void
record_set_str(struct record *r, size_t i, const char *name, const char *s)
{
	record_set(r, i, name, s, strlen(s), VK_STR, 0);
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
	a->bound = false;
	a->schema = 0;
	a->nbase = 0;
}

void
addcols_release(struct addcols *a)
{
	free(a->pos);
	a->pos = NULL;
}

/* Compute pos[] for r's schema: existing index, or appended in order. */
static void
addcols_compute(struct addcols *a, const struct record *r)
{
	size_t next = r->n;

	for (size_t k = 0; k < a->n; k++) {
		long i = record_find(r, a->names[k], strlen(a->names[k]));

		a->pos[k] = i >= 0 ? (size_t)i : next++;
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
	for (size_t k = 0; k < a->n; k++)
		if (a->pos[k] == r->n)
			record_set_null(r, r->n, a->names[k]);
}
