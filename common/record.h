/* SPDX-License-Identifier: MIT */
/*
 * record.h - one record: an ordered list of (name, value) fields.
 *
 * The readers fill a record, tools add or replace fields, the writers
 * consume it.  Values live in an arena owned by the record; field names
 * either live in the arena too (JSON keys) or are borrowed from storage
 * that outlives the record (a CSV header, a tool's column table).
 *
 * Pointers in struct field (name, val) stay valid until the next call
 * that changes the record (record_add, record_set_*, record_clear).
 * Reuse one record for every input record: record_clear() keeps the
 * memory, so the hot path does not allocate.
 */
#ifndef IPT_RECORD_H
#define IPT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum vkind {
	VK_NULL,		/* JSON null, or a column a tool leaves empty */
	VK_CSV,			/* CSV text: typed only when written as JSON */
	VK_STR,			/* JSON string (valid UTF-8, no NUL) */
	VK_CODE,		/* a string of [a-z0-9_] set by a tool */
	VK_NUM,			/* JSON number: num, and val its printed form */
	VK_TRUE, VK_FALSE,
	VK_RAW			/* nested object or array, compact JSON text */
};

struct field {
	const char *name;
	size_t nlen;
	const char *val;	/* NUL-terminated; "" for VK_NULL */
	size_t len;
	enum vkind kind;
	double num;		/* VK_NUM only */
	/* private: arena offsets until pointers are resolved */
	size_t noff, voff;
};

#define REC_NAME_BORROWED SIZE_MAX
#define REC_NO_VALUE SIZE_MAX

struct record {
	struct field *f;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
	/*
	 * Equal for two records exactly when their field names are the same
	 * in the same order (before a tool adds fields).  Readers set it so
	 * that tools and writers can cache name lookups per schema.
	 */
	uint64_t schema;
	/* Where the record came from, for messages and --rejects. */
	const char *file;	/* as given, or "<stdin>" */
	uint64_t line;		/* physical line where the record starts */
	uint64_t recno;		/* 1-based across the stream */
	const char *raw;	/* the record's text, without terminator */
	size_t rawlen;
	bool raw_cut;		/* raw holds only the first part of the text */
	bool flagged;		/* a tool flagged a value in it */
	/*
	 * CSV only: raw holds fields f[0..nin) exactly as a minimal-quoting
	 * writer with the same delimiter would write them (no quote, space
	 * or tab in it), and no field below nin was set since.  Writers may
	 * then copy raw instead of re-quoting each field.
	 */
	bool raw_plain;
	size_t nin;
};

void record_init(struct record *r);
void record_release(struct record *r);
/* Forget the fields and provenance, keep the memory. */
void record_clear(struct record *r);

/*
 * Append a field.  name is copied into the arena unless borrowed is true,
 * in which case it must outlive the record's use.  val is copied.  The
 * record stays resolved (every name and val pointer valid).
 */
void record_add(struct record *r, const char *name, size_t nlen,
    bool borrowed, const char *val, size_t len, enum vkind kind, double num);

/*
 * record_add() for a borrowed name when record_reserve() already made room
 * for the value, its NUL and the field: the readers' hot path.
 */
static inline void
record_add_reserved(struct record *r, const char *name, size_t nlen,
    const char *val, size_t len, enum vkind kind)
{
	struct field *f = &r->f[r->n++];
	char *dst = r->arena + r->alen;

	if (len <= 8) {		/* most cells: skip the memcpy call */
		for (size_t i = 0; i < len; i++)
			dst[i] = val[i];
	} else {
		memcpy(dst, val, len);
	}
	dst[len] = '\0';
	f->name = name;
	f->nlen = nlen;
	f->noff = REC_NAME_BORROWED;
	f->voff = r->alen;
	f->val = dst;
	f->len = len;
	f->kind = kind;
	f->num = 0;
	r->alen += len + 1;
}

/*
 * Append a field whose name and value are both borrowed (they must stay
 * valid as long as the record does; val NUL-terminated).
 */
void record_add_borrowed(struct record *r, const char *name, size_t nlen,
    const char *val, size_t len, enum vkind kind, double num);

/* Point every field's name and val into the arena (after it moved). */
void record_resolve(struct record *r);

/* Make room for bytes more arena bytes and fields more fields. */
void record_reserve(struct record *r, size_t bytes, size_t fields);

/* Index of the field with this exact name, or -1 (linear search). */
long record_find(const struct record *r, const char *name, size_t nlen);

/*
 * Set field i (i < r->n) to a new value, or append a field named name when
 * i == r->n.  The record stays resolved.
 */
void record_set(struct record *r, size_t i, const char *name,
    const char *val, size_t len, enum vkind kind, double num);
void record_set_int(struct record *r, size_t i, const char *name, long v);
void record_set_str(struct record *r, size_t i, const char *name,
    const char *s);
void record_set_null(struct record *r, size_t i, const char *name);
/*
 * Set a code: a string of [a-z0-9_] that outlives the record (from a
 * static table or the instrument set), borrowed, not copied.  Writers
 * know such a string needs no quoting nor escaping.
 */
void record_set_static(struct record *r, size_t i, const char *name,
    const char *s);

/*
 * The columns a tool adds to every record (io.md 5): declared once, bound
 * per schema.  addcols_bind() makes sure r has every added column (an
 * existing field of the same name is reused in place, others are appended
 * as nulls in declaration order) and returns the index of added column k
 * in pos[k].  names must outlive the addcols.
 */
struct addcols {
	const char *const *names;
	size_t *nlens;
	size_t n;
	uint64_t schema;	/* the schema pos[] was computed for */
	size_t *pos;
	size_t nbase;		/* r->n before the added columns */
	bool bound;
	struct field *tmpl;	/* the appended columns as nulls, in order */
	size_t ntmpl;
};

void addcols_init(struct addcols *a, const char *const *names, size_t n);
void addcols_release(struct addcols *a);
void addcols_bind(struct addcols *a, struct record *r);

#endif
