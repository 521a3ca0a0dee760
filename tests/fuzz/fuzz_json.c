/* SPDX-License-Identifier: MIT */
/*
 * fuzz_json.c - libFuzzer harness for the JSON readers (common/json.c).
 *
 * Input: one mode byte, then the file.  Mode bit 0 set: a JSON array
 * (io.md 4, the element scanner); clear: JSON Lines.  The file is read the
 * way ipt-* reads it (an inbuf on a file descriptor, json_read_record()
 * until the end, a fatal framing error or a read error); then the same
 * bytes go to json_text_to_record() directly, in a malloc(size + 1) copy
 * with a NUL after it: the cJSON_ParseWithLengthOpts(len + 1) layout the
 * readers use.  Invariants (abort() on violation):
 *   - at most one record or reject per input byte; JSON Lines is never
 *     fatal; a fatal error has a message and a position in the input;
 *   - 1 <= line <= the input's physical lines, strictly increasing for
 *     JSON Lines, non-decreasing for an array (elements share lines);
 *   - raw text is part of the input, in order; a rejection has a reason;
 *   - an accepted record: at most 4096 fields, non-empty distinct names,
 *     NUL-free valid UTF-8 names and values, finite numbers whose text
 *     reads back as the same double, nested values as compact JSON;
 *   - json_text_to_record() refuses a NUL byte and invalid UTF-8, and for
 *     a one-line JSON Lines file agrees with the reader;
 *   - against an independent RFC 8259 validator (jv_check, with io.md 4's
 *     own rules: an object at the top, no duplicate key, no \u0000,
 *     nesting <= 64, no empty top-level key, <= 4096 keys, finite
 *     numbers): every accepted record's text is a valid object those
 *     rules allow, and json_text_to_record() accepts every such object
 *     (except where the validator is unsure: duplicate keys that differ
 *     only by escapes, lone surrogates);
 *   - round trip: the accepted records written by the writer (JSON Lines
 *     or a JSON array, as read) read back as the same fields;
 *   - the flat-object fast path agrees with cJSON: json_text_to_record()
 *     with json_flat_fast off gives the same result, reason and fields
 *     (names, values, kinds, numbers).
 */
#include <math.h>

#include "fuzz_util.h"

#include "inbuf.h"
#include "json.h"
#include "record.h"
#include "stream.h"
#include "writer.h"

static int in_fd = -1, out_fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	in_fd = fz_tmpfile();
	out_fd = fz_tmpfile();
	return 0;
}

/* ---- invariants of one accepted record ---- */

static int
cmp_field_names(const void *a, const void *b)
{
	const struct field *x = *(const struct field *const *)a;
	const struct field *y = *(const struct field *const *)b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);

	if (c != 0)
		return c;
	return x->nlen < y->nlen ? -1 : x->nlen > y->nlen;
}

static void
check_json_record(const struct record *r)
{
	fz_check_fields(r);
	FZ_CHECK(r->n <= JSON_KEYS_MAX);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];

		FZ_CHECK(f->nlen > 0);
		FZ_CHECK(f->name[f->nlen] == '\0');
		FZ_CHECK(strlen(f->name) == f->nlen);
		switch (f->kind) {
		case VK_NUM:
			FZ_CHECK(isfinite(f->num));
			FZ_CHECK(f->len > 0 && strtod(f->val, NULL) == f->num);
			break;
		case VK_RAW:
			FZ_CHECK(f->len >= 2);
			FZ_CHECK((f->val[0] == '{' && f->val[f->len - 1] == '}') ||
			    (f->val[0] == '[' && f->val[f->len - 1] == ']'));
			break;
		case VK_TRUE:
			FZ_CHECK(strcmp(f->val, "true") == 0);
			break;
		case VK_FALSE:
			FZ_CHECK(strcmp(f->val, "false") == 0);
			break;
		case VK_STR:
		case VK_NULL:
			break;
		default:
			fz_fail("JSON field of kind %d", (int)f->kind);
		}
	}
	if (r->n < 2)
		return;
	const struct field **v = malloc(r->n * sizeof(*v));

	FZ_CHECK(v != NULL);
	for (size_t i = 0; i < r->n; i++)
		v[i] = &r->f[i];
	qsort(v, r->n, sizeof(*v), cmp_field_names);
	for (size_t i = 1; i < r->n; i++)
		if (cmp_field_names(&v[i - 1], &v[i]) == 0)
			fz_fail("duplicate key in an accepted record");
	free(v);
}

/* ---- an independent RFC 8259 validator, with io.md 4's extra rules ---- */

enum jv_result {
	JV_INVALID,		/* not RFC 8259 JSON: must be rejected */
	JV_REJECT,		/* valid JSON that io.md 4 rejects */
	JV_UNSURE,		/* valid, but beyond what this oracle decides */
	JV_OK			/* one valid object io.md 4 accepts */
};

#define JV_DEPTH_CAP 100	/* deeper is rejected by io.md anyway */

struct jv {
	const unsigned char *s;
	size_t n, i;
	bool reject, unsure, too_deep;
};

struct span2 {
	const unsigned char *p;
	size_t len;
};

static void
jv_ws(struct jv *v)
{
	while (v->i < v->n && (v->s[v->i] == ' ' || v->s[v->i] == '\t' ||
	    v->s[v->i] == '\n' || v->s[v->i] == '\r'))
		v->i++;
}

static bool
jv_lit(struct jv *v, const char *w)
{
	size_t k = strlen(w);

	if (v->n - v->i < k || memcmp(v->s + v->i, w, k) != 0)
		return false;
	v->i += k;
	return true;
}

static int
jv_hex4(struct jv *v)
{
	int x = 0;

	if (v->n - v->i < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		unsigned char c = v->s[v->i + (size_t)k];

		x <<= 4;
		if (c >= '0' && c <= '9')
			x |= c - '0';
		else if (c >= 'a' && c <= 'f')
			x |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x |= c - 'A' + 10;
		else
			return -1;
	}
	v->i += 4;
	return x;
}

/* A string; *esc set when it holds an escape. */
static bool
jv_string(struct jv *v, bool *esc)
{
	*esc = false;
	if (v->i >= v->n || v->s[v->i] != '"')
		return false;
	v->i++;
	while (v->i < v->n) {
		unsigned char c = v->s[v->i++];

		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		*esc = true;
		if (v->i >= v->n)
			return false;
		c = v->s[v->i++];
		if (strchr("\"\\/bfnrt", c) != NULL && c != '\0')
			continue;
		if (c != 'u')
			return false;
		int u = jv_hex4(v);

		if (u < 0)
			return false;
		if (u == 0)
			v->reject = true;	/* \u0000 */
		if (u >= 0xDC00 && u <= 0xDFFF)
			v->unsure = true;	/* lone low surrogate */
		if (u >= 0xD800 && u <= 0xDBFF) {
			size_t at = v->i;
			int lo = -1;

			if (v->n - v->i >= 2 && v->s[v->i] == '\\' &&
			    v->s[v->i + 1] == 'u') {
				v->i += 2;
				lo = jv_hex4(v);
				if (lo < 0)
					return false;
			}
			if (lo < 0xDC00 || lo > 0xDFFF) {
				v->unsure = true;	/* lone high surrogate */
				v->i = at;
			}
		}
	}
	return false;
}

static bool
jv_digits(struct jv *v)
{
	size_t at = v->i;

	while (v->i < v->n && v->s[v->i] >= '0' && v->s[v->i] <= '9')
		v->i++;
	return v->i > at;
}

static bool
jv_number(struct jv *v)
{
	size_t at = v->i;
	char buf[400];

	if (v->i < v->n && v->s[v->i] == '-')
		v->i++;
	if (v->i < v->n && v->s[v->i] == '0')
		v->i++;
	else if (v->i < v->n && v->s[v->i] >= '1' && v->s[v->i] <= '9')
		jv_digits(v);
	else
		return false;
	if (v->i < v->n && v->s[v->i] == '.') {
		v->i++;
		if (!jv_digits(v))
			return false;
	}
	if (v->i < v->n && (v->s[v->i] == 'e' || v->s[v->i] == 'E')) {
		v->i++;
		if (v->i < v->n && (v->s[v->i] == '+' || v->s[v->i] == '-'))
			v->i++;
		if (!jv_digits(v))
			return false;
	}
	size_t len = v->i - at;
	char *t = len < sizeof(buf) ? buf : malloc(len + 1);

	FZ_CHECK(t != NULL);
	memcpy(t, v->s + at, len);
	t[len] = '\0';
	if (!isfinite(strtod(t, NULL)))
		v->reject = true;	/* outside the double range */
	if (t != buf)
		free(t);
	return true;
}

static int
cmp_span(const void *a, const void *b)
{
	const struct span2 *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	return c != 0 ? c : x->len < y->len ? -1 : x->len > y->len;
}

static bool jv_value(struct jv *v, int depth);

static bool
jv_object(struct jv *v, int depth)
{
	struct span2 *keys = NULL;
	size_t nkeys = 0, cap = 0;
	bool ok = false, esc, anyesc = false;

	v->i++;			/* '{' */
	jv_ws(v);
	if (v->i < v->n && v->s[v->i] == '}') {
		v->i++;
		return true;
	}
	for (;;) {
		size_t at;

		jv_ws(v);
		at = v->i;
		if (!jv_string(v, &esc))
			goto out;
		anyesc |= esc;
		if (nkeys == cap) {
			cap = cap ? 2 * cap : 16;
			keys = realloc(keys, cap * sizeof(*keys));
			FZ_CHECK(keys != NULL);
		}
		keys[nkeys].p = v->s + at + 1;
		keys[nkeys].len = v->i - at - 2;
		if (depth == 1 && keys[nkeys].len == 0)
			v->reject = true;	/* empty key at the top */
		nkeys++;
		jv_ws(v);
		if (v->i >= v->n || v->s[v->i] != ':')
			goto out;
		v->i++;
		if (!jv_value(v, depth))
			goto out;
		jv_ws(v);
		if (v->i < v->n && v->s[v->i] == ',') {
			v->i++;
			continue;
		}
		if (v->i < v->n && v->s[v->i] == '}') {
			v->i++;
			break;
		}
		goto out;
	}
	ok = true;
	if (depth == 1 && nkeys > JSON_KEYS_MAX)
		v->reject = true;
	if (anyesc) {
		v->unsure = true;	/* duplicates would need decoding */
	} else if (nkeys > 1) {
		qsort(keys, nkeys, sizeof(*keys), cmp_span);
		for (size_t k = 1; k < nkeys; k++)
			if (cmp_span(&keys[k - 1], &keys[k]) == 0)
				v->reject = true;	/* duplicate key */
	}
out:
	free(keys);
	return ok;
}

static bool
jv_array(struct jv *v, int depth)
{
	v->i++;			/* '[' */
	jv_ws(v);
	if (v->i < v->n && v->s[v->i] == ']') {
		v->i++;
		return true;
	}
	for (;;) {
		if (!jv_value(v, depth))
			return false;
		jv_ws(v);
		if (v->i < v->n && v->s[v->i] == ',') {
			v->i++;
			continue;
		}
		if (v->i < v->n && v->s[v->i] == ']') {
			v->i++;
			return true;
		}
		return false;
	}
}

/* A value at nesting depth+1 (containers) or depth (scalars). */
static bool
jv_value(struct jv *v, int depth)
{
	bool esc;

	jv_ws(v);
	if (v->i >= v->n)
		return false;
	switch (v->s[v->i]) {
	case '{':
	case '[':
		if (depth + 1 > JSON_DEPTH_MAX)
			v->reject = true;
		if (depth + 1 > JV_DEPTH_CAP) {
			v->too_deep = true;
			return false;
		}
		return v->s[v->i] == '{' ? jv_object(v, depth + 1)
		    : jv_array(v, depth + 1);
	case '"':
		return jv_string(v, &esc);
	case 't':
		return jv_lit(v, "true");
	case 'f':
		return jv_lit(v, "false");
	case 'n':
		return jv_lit(v, "null");
	default:
		return jv_number(v);
	}
}

/* What io.md 4 says about p[0..n) as one record's text. */
static enum jv_result
jv_check(const uint8_t *p, size_t n)
{
	struct jv v = {p, n, 0, false, false, false};
	bool ok;

	jv_ws(&v);
	bool object = v.i < n && p[v.i] == '{';

	ok = jv_value(&v, 0);
	if (ok) {
		jv_ws(&v);
		ok = v.i == n;
	}
	if (v.too_deep)
		return JV_REJECT;	/* valid or not: past io.md's depth */
	if (!ok)
		return JV_INVALID;
	if (memchr(p, '\0', n) != NULL || !utf8_valid((const char *)p, n))
		return JV_REJECT;	/* (a NUL cannot be valid anyway) */
	if (!object || v.reject)
		return JV_REJECT;
	return v.unsure ? JV_UNSURE : JV_OK;
}

/* An accepted record's text must be a valid object io.md 4 allows. */
static void
check_accepted_text(const uint8_t *p, size_t n)
{
	enum jv_result v = jv_check(p, n);

	if (v == JV_INVALID)
		fz_fail("a record's text is not valid JSON (RFC 8259) but "
		    "was accepted");
	if (v == JV_REJECT)
		fz_fail("a record io.md 4 rejects (not an object, duplicate "
		    "key, \\u0000, nesting > 64, empty key, > 4096 keys, or a "
		    "number outside the double range) was accepted");
}

/* ---- the accepted records, kept for the round trip ---- */

struct rlog {
	struct record *r;
	size_t n, cap;
};

static void
rlog_add(struct rlog *l, const struct record *src)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->r = realloc(l->r, l->cap * sizeof(*l->r));
		FZ_CHECK(l->r != NULL);
	}
	struct record *d = &l->r[l->n++];

	record_init(d);
	for (size_t i = 0; i < src->n; i++)
		record_add(d, src->f[i].name, src->f[i].nlen, false,
		    src->f[i].val, src->f[i].len, src->f[i].kind, src->f[i].num);
	record_resolve(d);
}

static void
rlog_free(struct rlog *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_release(&l->r[i]);
	free(l->r);
}

static void
same_record(const struct record *a, const struct record *b, size_t k)
{
	if (a->n != b->n)
		fz_fail("round trip: record %zu has %zu fields, was %zu", k,
		    a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct field *x = &a->f[i], *y = &b->f[i];

		if (x->nlen != y->nlen || memcmp(x->name, y->name, x->nlen) != 0)
			fz_fail("round trip: record %zu field %zu: name changed",
			    k, i);
		if (x->kind != y->kind)
			fz_fail("round trip: record %zu field %zu: kind %d, was "
			    "%d", k, i, (int)x->kind, (int)y->kind);
		if (x->len != y->len || memcmp(x->val, y->val, x->len) != 0)
			fz_fail("round trip: record %zu field %zu: value changed",
			    k, i);
	}
}

static void
round_trip(const struct rlog *l, bool array)
{
	struct inbuf in;
	struct json_reader j;
	struct record r;
	char why[256];
	size_t k = 0;
	int res;

	inbuf_init(&in, fz_reader_fd(out_fd));
	json_reader_init(&j, &in, array, 1);
	record_init(&r);
	while ((res = json_read_record(&j, &r, why, sizeof(why))) ==
	    JSONR_RECORD) {
		FZ_CHECK(k < l->n);
		same_record(&r, &l->r[k], k + 1);
		k++;
	}
	if (res != JSONR_EOF)
		fz_fail("round trip: record %zu read back as %d (%s%s)", k + 1,
		    res, res == JSONR_REJECT ? why : "", j.err);
	if (k != l->n)
		fz_fail("round trip: %zu records written, %zu read back", l->n, k);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);
}

/* ---- json_text_to_record on the whole input ---- */

/*
 * The flat-object fast path against cJSON: every field of a record as
 * bytes (name, value, kind, number), so that two parses can be compared
 * after the first one's memory is gone.
 */
struct snap {
	char *p;
	size_t len, cap;
};

static void
snap_put(struct snap *sn, const void *p, size_t n)
{
	if (sn->cap - sn->len < n) {
		sn->cap = 2 * (sn->cap + n);
		sn->p = realloc(sn->p, sn->cap);
		FZ_CHECK(sn->p != NULL);
	}
	memcpy(sn->p + sn->len, p, n);
	sn->len += n;
}

static void
snap_record(struct snap *sn, int res, const struct record *r)
{
	snap_put(sn, &res, sizeof(res));
	if (res != 0)
		return;
	for (size_t i = 0; i < r->n; i++) {
		const struct field *f = &r->f[i];
		double num = f->kind == VK_NUM ? f->num : 0;

		snap_put(sn, &f->nlen, sizeof(f->nlen));
		snap_put(sn, f->name, f->nlen);
		snap_put(sn, &f->len, sizeof(f->len));
		snap_put(sn, f->val, f->len);
		snap_put(sn, &f->kind, sizeof(f->kind));
		snap_put(sn, &num, sizeof(num));
	}
}

/* The input parsed by cJSON alone, as a snapshot. */
static void
cjson_only(const char *buf, size_t size, struct snap *sn)
{
	char why[256];
	char *copy = malloc(size + 1);
	struct record r;
	int res;

	FZ_CHECK(copy != NULL);
	memcpy(copy, buf, size + 1);
	record_init(&r);
	json_flat_fast = false;
	res = json_text_to_record(copy, size, &r, why, sizeof(why));
	json_flat_fast = true;
	snap_record(sn, res, &r);
	record_release(&r);
	free(copy);
}


static int
direct(const uint8_t *data, size_t size, struct record *r)
{
	struct snap fast = {0}, slow = {0};
	char why[256];
	char *buf = malloc(size + 1);
	int res;

	FZ_CHECK(buf != NULL);
	if (size > 0)
		memcpy(buf, data, size);
	buf[size] = '\0';
	record_init(r);
	cjson_only(buf, size, &slow);
	why[0] = '\0';
	res = json_text_to_record(buf, size, r, why, sizeof(why));
	FZ_CHECK(res == 0 || res == -1);
	snap_record(&fast, res, r);
	if (fast.len != slow.len || memcmp(fast.p, slow.p, fast.len) != 0)
		fz_fail("the flat-object fast path and cJSON disagree");
	free(fast.p);
	free(slow.p);
	if (res == 0) {
		FZ_CHECK(memchr(data, '\0', size) == NULL);
		FZ_CHECK(utf8_valid((const char *)data, size));
		check_json_record(r);
		check_accepted_text(data, size);
	} else {
		FZ_CHECK(why[0] != '\0');
		if (jv_check(data, size) == JV_OK)
			fz_fail("a valid JSON object io.md 4 accepts was "
			    "rejected: %s", why);
	}
	free(buf);
	return res;
}

/* JSON Lines whose one line the reader hands to json_text_to_record as is. */
static bool
one_plain_line(const uint8_t *p, size_t n)
{
	bool blank = true;

	if (n == 0 || memchr(p, '\n', n) != NULL || p[n - 1] == '\r')
		return false;
	for (size_t i = 0; i < n && blank; i++)
		blank = p[i] == ' ' || p[i] == '\t' || p[i] == '\r';
	return !blank;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inbuf in;
	struct json_reader j;
	struct record r, d;
	struct writer w;
	struct rlog log = {0};
	char why[256];
	bool array;
	uint64_t maxline, last_line = 0, nread = 0, nrec = 0;
	size_t from = 0;
	int res, first = -100;

	if (size == 0)
		return 0;
	array = data[0] & 1;
	data++;
	size--;
	maxline = fz_lines(data, size);
	diag_count = (struct diag_counts){0, 0, 0, 0};
	fz_rewrite(in_fd, data, size);
	fz_rewrite(out_fd, "", 0);
	inbuf_init(&in, fz_reader_fd(in_fd));
	json_reader_init(&j, &in, array, 1);
	record_init(&r);
	writer_init(&w, array ? FMT_JSON : FMT_JSONL, ',', out_fd);

	for (;;) {
		why[0] = '\0';
		res = json_read_record(&j, &r, why, sizeof(why));
		if (res != JSONR_RECORD && res != JSONR_REJECT)
			break;
		if (first == -100)
			first = res;
		nread++;
		FZ_CHECK(nread <= size);
		FZ_CHECK(r.line >= 1 && r.line <= maxline);
		FZ_CHECK(array ? r.line >= last_line : r.line > last_line);
		last_line = r.line;
		FZ_CHECK(!r.raw_cut);
		fz_check_raw(data, size, r.raw, r.rawlen, &from);
		if (res == JSONR_REJECT) {
			FZ_CHECK(why[0] != '\0');
			continue;
		}
		nrec++;
		check_json_record(&r);
		check_accepted_text((const uint8_t *)r.raw, r.rawlen);
		r.schema = nrec;	/* every record its own schema */
		FZ_CHECK(writer_put(&w, &r, why, sizeof(why)) == 0);
		rlog_add(&log, &r);
	}
	FZ_CHECK(res == JSONR_EOF || res == JSONR_FATAL);
	if (res == JSONR_FATAL) {
		FZ_CHECK(array);
		FZ_CHECK(j.err[0] != '\0');
		FZ_CHECK(j.err_line >= 1 && j.err_line <= maxline);
		FZ_CHECK(j.err_col >= 1 && j.err_col <= size + 1);
	}
	FZ_CHECK(writer_finish(&w) == 0);
	FZ_CHECK(w.nrec == nrec);
	round_trip(&log, array);

	int dres = direct(data, size, &d);

	/* One JSON Lines line: the reader must decide as the parser does. */
	if (!array && one_plain_line(data, size)) {
		FZ_CHECK(nread == 1);
		FZ_CHECK((first == JSONR_RECORD) == (dres == 0));
		if (dres == 0)
			same_record(&log.r[0], &d, 1);
	}

	record_release(&d);
	rlog_free(&log);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);
	return 0;
}
