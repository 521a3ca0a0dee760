/* SPDX-License-Identifier: MIT */
#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"
#include "num.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* Array framing states. */
enum { AR_START, AR_FIRST, AR_AFTER, AR_COMMA, AR_DONE };

void
json_reader_init(struct json_reader *j, struct inbuf *in, bool array,
    uint64_t first_line)
{
	memset(j, 0, sizeof(*j));
	j->in = in;
	j->array = array;
	j->line = first_line;
	j->state = AR_START;
}

void
json_reader_release(struct json_reader *j)
{
	free(j->text);
	j->text = NULL;
}

/* ---- a bump allocator for cJSON trees ---- */

/*
 * Every record's tree is built and deleted before the next one, so cJSON
 * can allocate from blocks that are reset per record instead of calling
 * malloc and free for every node and string (a fifth of the JSON time).
 * The hooks are installed only around our own parse: other cJSON users
 * keep the C library's allocator.
 */
struct block {
	struct block *next;
	size_t len, cap;
	max_align_t data[];
};

#define BLOCK_SIZE (64 * 1024)

static struct block *blocks;	/* the newest first */

static void *
arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (blocks == NULL || blocks->cap - blocks->len < n) {
		size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		struct block *b = malloc(sizeof(*b) + cap);

		if (b == NULL)
			return NULL;
		b->next = blocks;
		b->len = 0;
		b->cap = cap;
		blocks = b;
	}
	void *p = (char *)blocks->data + blocks->len;

	blocks->len += n;
	return p;
}

static void
arena_free(void *p)
{
	(void)p;		/* released all at once by arena_reset() */
}

/* Forget every allocation; keep one block for the next record. */
static void
arena_reset(void)
{
	while (blocks != NULL && blocks->next != NULL) {
		struct block *b = blocks;

		blocks = b->next;
		free(b);
	}
	if (blocks != NULL)
		blocks->len = 0;
}

void
json_release_memory(void)
{
	arena_reset();
	free(blocks);
	blocks = NULL;
}

static cJSON *
parse_in_arena(const char *text, size_t n)
{
	static cJSON_Hooks arena_hooks = {arena_alloc, arena_free};
	const char *end = NULL;
	cJSON *root;

	cJSON_InitHooks(&arena_hooks);
	root = cJSON_ParseWithLengthOpts(text, n + 1, &end, 1);
	cJSON_InitHooks(NULL);
	return root;
}

/* ---- validation of one record's text ---- */

/*
 * One pass over the text outside cJSON: nesting depth and \u0000 escapes
 * (cJSON would silently cut the string there).  Returns NULL or a reason.
 */
/*
 * One pass over the text before cJSON sees it.  cJSON is lenient where
 * RFC 8259 is not: it takes any byte up to 0x20 as whitespace, raw
 * control characters and bad \u escapes inside strings, and numbers such
 * as 007, 1. and -.5.  It also cuts a string silently at \u0000 and
 * recurses to depth 1000.  This pass checks the lexical grammar (tokens,
 * whitespace, escapes, numbers) and the depth; cJSON then checks the
 * structure.  Returns NULL or the reason for rejecting the record.
 */

enum { LX_PLAIN, LX_WS, LX_QUOTE, LX_OPEN, LX_CLOSE, LX_NUM, LX_CTRL };

static unsigned char lex_class[256];

static void
lex_init(void)
{
	for (int c = 0; c < 0x20; c++)
		lex_class[c] = LX_CTRL;
	lex_class[' '] = lex_class['\t'] = lex_class['\n'] = LX_WS;
	lex_class['\r'] = LX_WS;
	lex_class['"'] = LX_QUOTE;
	lex_class['{'] = lex_class['['] = LX_OPEN;
	lex_class['}'] = lex_class[']'] = LX_CLOSE;
	lex_class['-'] = LX_NUM;
	for (int c = '0'; c <= '9'; c++)
		lex_class[c] = LX_NUM;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static size_t
skip_digits(const char *s, size_t i, size_t n)
{
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* The end of the number token at s[i], or 0 when it breaks the grammar. */
static size_t
number_end(const char *s, size_t i, size_t n)
{
	size_t j;

	if (s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && is_digit(s[i]))
		i = skip_digits(s, i, n);
	else
		return 0;
	if (i < n && s[i] == '.') {
		j = skip_digits(s, i + 1, n);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = skip_digits(s, i, n);
		if (j == i)
			return 0;
		i = j;
	}
	/* "01", "1.2.3", "1e5e": the token must end here. */
	if (i < n && (is_digit(s[i]) || s[i] == '.' || s[i] == 'e' ||
	    s[i] == 'E' || s[i] == '+' || s[i] == '-'))
		return 0;
	return i;
}

/* The end of the string whose opening quote is at s[i], or 0 if bad. */
static size_t
string_end(const char *s, size_t i, size_t n, const char **why)
{
	for (i++; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0;
		if (c != '\\')
			continue;
		if (++i >= n)
			return 0;
		if (strchr("\"\\/bfnrt", s[i]) != NULL && s[i] != '\0')
			continue;
		if (s[i] != 'u' || n - i < 5 || !is_hex(s[i + 1]) ||
		    !is_hex(s[i + 2]) || !is_hex(s[i + 3]) || !is_hex(s[i + 4]))
			return 0;
		if (memcmp(s + i + 1, "0000", 4) == 0) {
			*why = "NUL character in a string";
			return 0;
		}
		i += 4;
	}
	return 0;
}

static const char *
prescan(const char *s, size_t n)
{
	const char *why = "not valid JSON";
	int depth = 0;
	size_t i = 0, e;

	if (lex_class['"'] == 0)
		lex_init();
	while (i < n) {
		switch (lex_class[(unsigned char)s[i]]) {
		case LX_CTRL:
			return why;	/* cJSON would skip it as whitespace */
		case LX_QUOTE:
			if ((e = string_end(s, i, n, &why)) == 0)
				return why;
			i = e;
			continue;
		case LX_NUM:
			if ((e = number_end(s, i, n)) == 0)
				return why;
			i = e;
			continue;
		case LX_OPEN:
			if (++depth > JSON_DEPTH_MAX)
				return "nesting deeper than 64 levels";
			break;
		case LX_CLOSE:
			depth--;
			break;
		}
		i++;
	}
	return NULL;
}

static uint64_t
hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * True when the object's children have two equal keys.  An open-addressing
 * table sized to twice the key count keeps this linear: objects of
 * thousands of keys must not cost a quadratic scan.
 */
static bool
has_duplicate_key(const cJSON *obj, const char **dup)
{
	const char *small[128];
	const char **tab = small;
	size_t n = 0, size = 1;
	const cJSON *c;
	bool found = false;

	for (c = obj->child; c != NULL; c = c->next)
		n++;
	if (n < 2)
		return false;
	while (size < 2 * n)
		size *= 2;
	if (size > sizeof(small) / sizeof(small[0]))
		tab = xcalloc(size, sizeof(*tab));
	else
		memset(small, 0, size * sizeof(small[0]));
	for (c = obj->child; c != NULL && !found; c = c->next) {
		size_t i = (size_t)hash_key(c->string) & (size - 1);

		while (tab[i] != NULL && !found) {
			if (strcmp(tab[i], c->string) == 0) {
				*dup = c->string;
				found = true;
			}
			i = (i + 1) & (size - 1);
		}
		tab[i] = c->string;
	}
	if (tab != small)
		free(tab);
	return found;
}

/* Duplicate keys and non-finite numbers at every depth. */
static const char *
check_tree(const cJSON *v, char *why, size_t whylen)
{
	if (cJSON_IsNumber(v) && !isfinite(v->valuedouble))
		return "number outside the double range";
	if (cJSON_IsObject(v)) {
		const char *dup = NULL;

		if (has_duplicate_key(v, &dup)) {
			snprintf(why, whylen, "duplicate key '%.40s'", dup);
			return why;
		}
	}
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		const char *r = check_tree(c, why, whylen);

		if (r != NULL)
			return r;
	}
	return NULL;
}

static const char *
check_top(const cJSON *obj)
{
	size_t n = 0;

	for (const cJSON *c = obj->child; c != NULL; c = c->next) {
		if (c->string[0] == '\0')
			return "empty key";
		if (++n > JSON_KEYS_MAX)
			return "more than 4096 keys";
	}
	return NULL;
}

/* ---- conversion to fields ---- */

static void sb_value(struct strbuf *b, const cJSON *v);

static void
sb_string(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i;

	strbuf_put(b, "\"", 1);
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";
		const char *e = NULL;

		if (c == '"')
			e = "\\\"";
		else if (c == '\\')
			e = "\\\\";
		else if (c == '\n')
			e = "\\n";
		else if (c == '\r')
			e = "\\r";
		else if (c == '\t')
			e = "\\t";
		else if (c == '\b')
			e = "\\b";
		else if (c == '\f')
			e = "\\f";
		else if (c < 0x20) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
			e = esc;
		}
		if (e != NULL) {
			strbuf_put(b, s + start, i - start);
			strbuf_put(b, e, strlen(e));
			start = i + 1;
		}
	}
	strbuf_put(b, s + start, i - start);
	strbuf_put(b, "\"", 1);
}

static void
sb_container(struct strbuf *b, const cJSON *v, bool obj)
{
	strbuf_put(b, obj ? "{" : "[", 1);
	for (const cJSON *c = v->child; c != NULL; c = c->next) {
		if (c != v->child)
			strbuf_put(b, ",", 1);
		if (obj) {
			sb_string(b, c->string);
			strbuf_put(b, ":", 1);
		}
		sb_value(b, c);
	}
	strbuf_put(b, obj ? "}" : "]", 1);
}

static void
sb_value(struct strbuf *b, const cJSON *v)
{
	char num[NUM_BUFSZ];

	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		sb_container(b, v, cJSON_IsObject(v));
	else if (cJSON_IsString(v))
		sb_string(b, v->valuestring);
	else if (cJSON_IsNumber(v))
		strbuf_put(b, num, num_format(v->valuedouble, num));
	else if (cJSON_IsTrue(v))
		strbuf_put(b, "true", 4);
	else if (cJSON_IsFalse(v))
		strbuf_put(b, "false", 5);
	else
		strbuf_put(b, "null", 4);
}

/*
 * Names and string values point into the cJSON tree, which lives until
 * the next record is parsed: no copies on the hot path.
 */
static void
add_member(struct record *r, const cJSON *c, struct strbuf *tmp)
{
	const char *k = c->string;
	size_t klen = strlen(k);
	char num[NUM_BUFSZ];

	if (cJSON_IsString(c)) {
		record_add_borrowed(r, k, klen, c->valuestring,
		    strlen(c->valuestring), VK_STR, 0);
	} else if (cJSON_IsNumber(c)) {
		record_add(r, k, klen, true, num,
		    num_format(c->valuedouble, num), VK_NUM, c->valuedouble);
	} else if (cJSON_IsTrue(c)) {
		record_add_borrowed(r, k, klen, "true", 4, VK_TRUE, 0);
	} else if (cJSON_IsFalse(c)) {
		record_add_borrowed(r, k, klen, "false", 5, VK_FALSE, 0);
	} else if (cJSON_IsNull(c)) {
		record_add_borrowed(r, k, klen, "", 0, VK_NULL, 0);
	} else {
		tmp->len = 0;
		sb_value(tmp, c);
		record_add(r, k, klen, true, tmp->s, tmp->len, VK_RAW, 0);
	}
}

/* ---- flat objects without cJSON ---- */

bool json_flat_fast = true;

/*
 * One member of a flat object as the fast path found it: offsets into
 * the text of the key and value (strings without their quotes).
 */
struct flat_member {
	size_t k, klen, v, vlen;
	enum vkind kind;
	double num;
};

#define FLAT_MAX 64		/* members; more goes to cJSON */

static size_t
flat_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

/*
 * A string with no escape and no control character at s[i] (its quote):
 * the end, or 0.  With this, a flat object needs no prescan().
 */
static size_t
plain_string(const char *s, size_t i, size_t n)
{
	size_t j;

	if (i >= n || s[i] != '"')
		return 0;
	for (j = i + 1; j < n; j++) {
		unsigned char c = (unsigned char)s[j];

		if (c == '"')
			return j + 1;
		if (c == '\\' || c < 0x20)
			return 0;
	}
	return 0;
}

/*
 * An integer token of at most 15 digits (exact as a double, written by
 * num_format() as itself): its value, or false.  "-0" is left to cJSON.
 */
static bool
small_int(const char *s, size_t i, size_t e, double *v)
{
	bool neg = s[i] == '-';
	long long x = 0;

	if (neg)
		i++;
	if (e - i > 15 || e == i || (neg && s[i] == '0'))
		return false;
	for (; i < e; i++) {
		if (!is_digit(s[i]))
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = neg ? -(double)x : (double)x;
	return true;
}

/* One value at s[i]: its member fields; the end, or 0 to give up. */
static size_t
flat_value(const char *s, size_t i, size_t n, struct flat_member *m)
{
	size_t e;

	if (i >= n)
		return 0;
	if (s[i] == '"') {
		if ((e = plain_string(s, i, n)) == 0)
			return 0;
		m->v = i + 1;
		m->vlen = e - i - 2;
		m->kind = VK_STR;
		return e;
	}
	if (s[i] == '-' || is_digit(s[i])) {
		if ((e = number_end(s, i, n)) == 0 ||
		    !small_int(s, i, e, &m->num))
			return 0;
		m->v = i;
		m->vlen = e - i;
		m->kind = VK_NUM;
		return e;
	}
	static const struct { const char *lit; enum vkind kind; } lits[] = {
		{"true", VK_TRUE}, {"false", VK_FALSE}, {"null", VK_NULL}
	};
	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(lits[k].lit);

		if (n - i >= len && memcmp(s + i, lits[k].lit, len) == 0) {
			m->v = i;
			m->vlen = lits[k].kind == VK_NULL ? 0 : len;
			m->kind = lits[k].kind;
			return i + len;
		}
	}
	return 0;
}

/*
 * Two members with the same key: the cJSON path words the reason.  The
 * length and the last byte rule out most pairs before memcmp().
 */
static bool
flat_duplicate(const char *s, const struct flat_member *m, size_t nm)
{
	for (size_t a = 1; a < nm; a++) {
		size_t len = m[a].klen;
		char last = s[m[a].k + len - 1];

		for (size_t b = 0; b < a; b++)
			if (m[b].klen == len && s[m[b].k + len - 1] == last &&
			    memcmp(s + m[a].k, s + m[b].k, len) == 0)
				return true;
	}
	return false;
}

/*
 * Find the members of a flat object: keys and string values without
 * escapes, small integers, true, false, null; at most FLAT_MAX members,
 * no empty or repeated key.  Anything else returns -1 and is left to
 * cJSON, which must then agree on every record (the fuzzer checks).
 */
static long
flat_scan(const char *s, size_t n, struct flat_member *m)
{
	size_t i = flat_ws(s, 0, n), nm = 0, e;

	if (i >= n || s[i] != '{')
		return -1;
	i = flat_ws(s, i + 1, n);
	if (i < n && s[i] == '}')
		return flat_ws(s, i + 1, n) == n ? 0 : -1;
	for (;;) {
		if (nm == FLAT_MAX || (e = plain_string(s, i, n)) == 0 ||
		    e - i == 2)
			return -1;
		m[nm].k = i + 1;
		m[nm].klen = e - i - 2;
		i = flat_ws(s, e, n);
		if (i >= n || s[i] != ':')
			return -1;
		i = flat_ws(s, i + 1, n);
		if ((i = flat_value(s, i, n, &m[nm])) == 0)
			return -1;
		nm++;
		i = flat_ws(s, i, n);
		if (i < n && s[i] == ',') {
			i = flat_ws(s, i + 1, n);
			continue;
		}
		if (i >= n || s[i] != '}' || flat_ws(s, i + 1, n) != n)
			return -1;
		break;
	}
	/* A quadratic check is cheap for FLAT_MAX keys. */
	return flat_duplicate(s, m, nm) ? -1 : (long)nm;
}

/* The fields of a flat object, as add_member() would make them. */
static bool
flat_to_record(const char *text, size_t n, struct record *r)
{
	struct flat_member m[FLAT_MAX];
	long nm = json_flat_fast ? flat_scan(text, n, m) : -1;

	if (nm < 0)
		return false;
	for (long k = 0; k < nm; k++)
		record_add(r, text + m[k].k, m[k].klen, false,
		    text + m[k].v, m[k].vlen, m[k].kind, m[k].num);
	return true;
}

int
json_text_to_record(char *text, size_t n, struct record *r, char *why,
    size_t whylen)
{
	const char *reason = NULL;
	cJSON *root = NULL;

	arena_reset();		/* the previous record's tree, at once */

	if (memchr(text, '\0', n) != NULL)
		reason = "NUL byte";
	else if (!utf8_valid(text, n))
		reason = "invalid UTF-8";
	else if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		reason = "not valid JSON";	/* a BOM inside the stream */
	else if (flat_to_record(text, n, r))
		return 0;	/* flat_scan() checked all prescan() would */
	else
		reason = prescan(text, n);
	if (reason == NULL) {
		root = parse_in_arena(text, n);
		if (root == NULL)
			reason = "not valid JSON";
		else if (!cJSON_IsObject(root))
			reason = "not a JSON object";
		else if ((reason = check_top(root)) == NULL)
			reason = check_tree(root, why, whylen);
	}
	if (reason == NULL) {
		struct strbuf tmp = STRBUF_INIT;

		for (const cJSON *c = root->child; c != NULL; c = c->next)
			add_member(r, c, &tmp);
		strbuf_release(&tmp);
	} else if (reason != why) {
		snprintf(why, whylen, "%s", reason);
	}
	return reason == NULL ? 0 : -1;
}

/* Keep a NUL-terminated copy of s[0..n) in j->text. */
static char *
keep_text(struct json_reader *j, const char *s, size_t n)
{
	if (j->textcap < n + 1) {
		j->textcap = n + 1;
		j->text = xreallocarray(j->text, j->textcap, 1);
	}
	memcpy(j->text, s, n);
	j->text[n] = '\0';
	return j->text;
}

/* ---- JSON Lines ---- */

static bool
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/*
 * Find the next line: *len is its length without the LF, *found whether
 * an LF ended it.  A line over the limit is reported with *len past it.
 */
static int
next_line(struct json_reader *j, size_t *len, bool *found)
{
	struct inbuf *in = j->in;
	size_t from = 0;

	for (;;) {
		size_t avail = in->end - in->pos;
		const char *p = memchr(in->buf + in->pos + from, '\n',
		    avail - from);

		if (p != NULL) {
			*len = (size_t)(p - (in->buf + in->pos));
			*found = true;
			return 1;
		}
		from = avail;
		if (avail > JSON_RECORD_MAX + 1) {
			*len = avail;
			*found = false;
			return 2;	/* too long: caller discards */
		}
		int r = inbuf_fill(in, 0);

		if (r < 0)
			return -1;
		if (r == 0) {
			*len = avail;
			*found = false;
			return avail > 0 ? 1 : 0;
		}
	}
}

/* Skip the rest of an over-long line; returns -1 on a read error. */
static int
discard_line(struct json_reader *j)
{
	struct inbuf *in = j->in;

	for (;;) {
		const char *p = memchr(in->buf + in->pos, '\n', in->end - in->pos);

		if (p != NULL) {
			in->pos = (size_t)(p - in->buf) + 1;
			return 0;
		}
		in->pos = in->end;
		int r = inbuf_fill(in, 0);

		if (r <= 0)
			return r;
	}
}

static int
read_line(struct json_reader *j, struct record *r, char *why, size_t whylen)
{
	struct inbuf *in = j->in;
	size_t len;
	bool lf;

	for (;;) {
		int res = next_line(j, &len, &lf);

		if (res < 0)
			return JSONR_IOERR;
		if (res == 0)
			return JSONR_EOF;
		r->line = j->line++;
		if (res == 2) {
			size_t keep = utf8_cut(in->buf + in->pos, JSON_RECORD_MAX);

			r->raw = keep_text(j, in->buf + in->pos, keep);
			r->rawlen = keep;
			r->raw_cut = true;
			if (discard_line(j) < 0)
				return JSONR_IOERR;
			snprintf(why, whylen, "line longer than 1048576 bytes");
			return JSONR_REJECT;
		}
		char *s = in->buf + in->pos;

		in->pos += len + (lf ? 1 : 0);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (blank(s, len))
			continue;
		r->raw = s;
		r->rawlen = len;
		if (len > JSON_RECORD_MAX) {
			snprintf(why, whylen, "line longer than 1048576 bytes");
			return JSONR_REJECT;
		}
		s[len] = '\0';	/* the LF or CR we just consumed, or spare */
		if (json_text_to_record(s, len, r, why, whylen) != 0)
			return JSONR_REJECT;
		return JSONR_RECORD;
	}
}

/* ---- JSON array ---- */

static bool
json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Make sure in->buf[in->pos + k] exists; 0 at end of input, -1 error. */
static int
need(struct json_reader *j, size_t k)
{
	while (j->in->end - j->in->pos <= k) {
		int r = j->in->eof ? 0 : inbuf_fill(j->in, k + 1);

		if (r <= 0)
			return r;
	}
	return 1;
}

/* Consume one byte, counting physical lines (LF, CRLF or CR). */
static void
advance(struct json_reader *j, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = j->in->buf[j->in->pos++];

		if (c == '\n' && !j->after_cr)
			j->line++;
		else if (c == '\r')
			j->line++;
		j->after_cr = c == '\r';
	}
}

/* Skip whitespace; returns the next byte, or -1 at end, -2 on error. */
static int
skip_ws(struct json_reader *j)
{
	for (;;) {
		int r = need(j, 0);

		if (r < 0)
			return -2;
		if (r == 0)
			return -1;
		char c = j->in->buf[j->in->pos];

		if (!json_ws(c))
			return (unsigned char)c;
		advance(j, 1);
	}
}

/* Column of the byte at in->pos: count back to the last line break. */
static uint64_t
column(const struct json_reader *j)
{
	size_t i = j->in->pos;

	while (i > 0 && j->in->buf[i - 1] != '\n' && j->in->buf[i - 1] != '\r')
		i--;
	return j->in->pos - i + 1;
}

static int
frame_error(struct json_reader *j, uint64_t line, uint64_t col,
    const char *msg)
{
	j->err_line = line;
	j->err_col = col;
	snprintf(j->err, sizeof(j->err), "%s", msg);
	return JSONR_FATAL;
}

/*
 * Length of the element starting at in->pos, by depth, in-string and
 * escape state.  Returns 1 with *len, or a JSONR_FATAL/JSONR_IOERR.
 */
static int
element_len(struct json_reader *j, size_t *len, uint64_t line, uint64_t col)
{
	char stack[JSON_DEPTH_MAX + 1];
	size_t depth = 0, deep = 0, k = 0;
	bool instr = false, esc = false, scalar;

	scalar = j->in->buf[j->in->pos] != '{' && j->in->buf[j->in->pos] != '[';
	for (;; k++) {
		if (k > JSON_RECORD_MAX)
			return frame_error(j, line, col,
			    "element longer than 1048576 bytes");
		int r = need(j, k);

		if (r < 0)
			return JSONR_IOERR;
		if (r == 0) {
			if (scalar && !instr && k > 0) {
				*len = k;
				return 1;
			}
			return frame_error(j, line, col,
			    "unexpected end of input before ']'");
		}
		char c = j->in->buf[j->in->pos + k];

		if (instr) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				instr = false;
			if (!instr && scalar && k > 0 &&
			    j->in->buf[j->in->pos] == '"') {
				*len = k + 1;
				return 1;
			}
			continue;
		}
		if (c == '"') {
			instr = true;
		} else if (c == '{' || c == '[') {
			/* Deeper than the stack: only the depth is tracked. */
			if (depth < sizeof(stack))
				stack[depth] = c;
			else
				deep++;
			depth++;
		} else if (c == '}' || c == ']') {
			if (scalar || depth == 0) {
				*len = k;
				return 1;
			}
			depth--;
			if (deep > 0)
				deep--;
			else if (stack[depth] != (c == '}' ? '{' : '['))
				return frame_error(j, line, col,
				    "bracket mismatch");
			if (depth == 0) {
				*len = k + 1;
				return 1;
			}
		} else if (scalar && (c == ',' || json_ws(c))) {
			*len = k;
			return 1;
		}
	}
}

/* Framing between elements: returns 1 to read an element, else a result. */
static int
array_frame(struct json_reader *j)
{
	for (;;) {
		int c = skip_ws(j);

		if (c == -2)
			return JSONR_IOERR;
		if (j->state == AR_DONE || (j->state == AR_START && c == -1)) {
			if (c == -1)
				return JSONR_EOF;	/* an empty file: no records */
			return frame_error(j, j->line, column(j), "text after ']'");
		}
		if (c == -1)
			return frame_error(j, j->line, column(j),
			    "unexpected end of input before ']'");
		if (j->state == AR_START) {
			if (c != '[')
				return frame_error(j, j->line, column(j),
				    "not a JSON array");
			advance(j, 1);
			j->state = AR_FIRST;
			continue;
		}
		if (c == ']' && j->state != AR_COMMA) {
			advance(j, 1);
			j->state = AR_DONE;
			continue;
		}
		if (c == ']')
			return frame_error(j, j->line, column(j),
			    "trailing comma");
		if (j->state == AR_AFTER) {
			if (c != ',')
				return frame_error(j, j->line, column(j),
				    "missing comma between elements");
			advance(j, 1);
			j->state = AR_COMMA;
			continue;
		}
		if (c == ',')
			return frame_error(j, j->line, column(j),
			    "missing element before ','");
		return 1;
	}
}

static int
read_element(struct json_reader *j, struct record *r, char *why,
    size_t whylen)
{
	int res = array_frame(j);
	size_t len = 0;

	if (res != 1)
		return res;
	r->line = j->line;
	res = element_len(j, &len, j->line, column(j));
	if (res != 1)
		return res;
	if (len > JSON_RECORD_MAX)
		return frame_error(j, r->line, column(j),
		    "element longer than 1048576 bytes");
	char *s = keep_text(j, j->in->buf + j->in->pos, len);

	advance(j, len);
	j->state = AR_AFTER;
	r->raw = s;
	r->rawlen = len;
	if (json_text_to_record(s, len, r, why, whylen) != 0)
		return JSONR_REJECT;
	return JSONR_RECORD;
}

int
json_read_record(struct json_reader *j, struct record *r, char *why,
    size_t whylen)
{
	record_clear(r);
	return j->array ? read_element(j, r, why, whylen)
	    : read_line(j, r, why, whylen);
}

/* 1 for bytes a JSON string must escape. */
static const unsigned char json_esc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static void
put_escape(struct obuf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '"': obuf_put(b, "\\\"", 2); break;
	case '\\': obuf_put(b, "\\\\", 2); break;
	case '\n': obuf_put(b, "\\n", 2); break;
	case '\r': obuf_put(b, "\\r", 2); break;
	case '\t': obuf_put(b, "\\t", 2); break;
	case '\b': obuf_put(b, "\\b", 2); break;
	case '\f': obuf_put(b, "\\f", 2); break;
	default: {
		char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

		obuf_put(b, e, 6);
	}
	}
}

void
json_put_string(struct obuf *b, const char *s, size_t n)
{
	size_t start = 0;

	obuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!json_esc[c])
			continue;
		obuf_put(b, s + start, i - start);
		start = i + 1;
		put_escape(b, c);
	}
	obuf_put(b, s + start, n - start);
	obuf_putc(b, '"');
}
