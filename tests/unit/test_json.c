/* SPDX-License-Identifier: MIT */
/*
 * test_json.c - JSON record texts, the JSON Lines and JSON array readers,
 * and JSON string output (io.md sections 4 and 5).
 *
 * Every expected value below was worked out by hand from the spec, not
 * copied from the program's output.  Reject reasons are compared exactly;
 * framing errors of a JSON array (whose wording the spec does not fix)
 * are matched by '|'-separated pieces that must all appear.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inbuf.h"
#include "json.h"
#include "obuf.h"
#include "record.h"
#include "tmpfd.h"
#include "unit.h"

#define MAXF 8
#define MAXE 10

static bool
pieces_match(const char *text, const char *want)
{
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

/* ---- json_text_to_record ---- */

struct exp_field {
	const char *name;
	enum vkind kind;
	const char *val;
	double num;		/* VK_NUM only */
};

struct text_case {
	const char *name;
	const char *text;
	size_t n;		/* 0: strlen(text) */
	const char *why;	/* NULL: accepted */
	int nf;
	struct exp_field f[MAXF];
};

static const struct text_case texts[] = {
	/* ---- accepted ---- */
	{ "all kinds",
	    "{\"s\":\"x\",\"n\":12,\"t\":true,\"f\":false,\"z\":null,"
	    "\"o\":{\"k\":[1,2]}}", 0, NULL, 6, {
		{ "s", VK_STR, "x", 0 },
		{ "n", VK_NUM, "12", 12 },
		{ "t", VK_TRUE, "true", 0 },
		{ "f", VK_FALSE, "false", 0 },
		{ "z", VK_NULL, "", 0 },
		{ "o", VK_RAW, "{\"k\":[1,2]}", 0 } } },
	{ "nested re-serialised compactly",
	    "{\"a\": [1, 2.50, {\"b\" : \"x\"}]}", 0, NULL, 1, {
		{ "a", VK_RAW, "[1,2.5,{\"b\":\"x\"}]", 0 } } },
	{ "empty object", "{}", 0, NULL, 0, { { NULL, 0, NULL, 0 } } },
	{ "whitespace around", " \t{ \"a\" : 1 }\r\n ", 0, NULL, 1, {
		{ "a", VK_NUM, "1", 1 } } },
	{ "numbers printed by our printer",
	    "{\"a\":2.50,\"b\":-0,\"c\":1e16,\"d\":1E2,\"e\":0.1,"
	    "\"f\":-1.5e-7,\"g\":9007199254740993,\"h\":-12}", 0, NULL, 8, {
		{ "a", VK_NUM, "2.5", 2.5 },
		{ "b", VK_NUM, "0", 0 },
		{ "c", VK_NUM, "1e+16", 1e16 },
		{ "d", VK_NUM, "100", 100 },
		{ "e", VK_NUM, "0.1", 0.1 },
		{ "f", VK_NUM, "-1.5e-07", -1.5e-7 },
		/* 2^53 + 1 reads as 2^53 (round half to even) */
		{ "g", VK_NUM, "9007199254740992", 9007199254740992.0 },
		{ "h", VK_NUM, "-12", -12 } } },
	{ "string escapes decoded",
	    "{\"a\":\"x\\\"y\\\\z\\n\\u00e9\\ud83d\\ude00\\/\"}", 0, NULL, 1,
	    {
		{ "a", VK_STR, "x\"y\\z\n\xc3\xa9\xf0\x9f\x98\x80/", 0 } } },
	{ "nested strings re-escaped minimally",
	    "{\"a\":[\"\\n\",\"\\u0001\",\"\\/\",\"\\u001F\",\"\xc3\xa9\","
	    "\"\\u00e9\"]}", 0, NULL, 1, {
		{ "a", VK_RAW, "[\"\\n\",\"\\u0001\",\"/\",\"\\u001f\","
		    "\"\xc3\xa9\",\"\xc3\xa9\"]", 0 } } },
	{ "nested key re-escaped", "{\"a\":{\"k\\\"ey\":\"\\t\"}}", 0, NULL,
	    1, {
		{ "a", VK_RAW, "{\"k\\\"ey\":\"\\t\"}", 0 } } },
	{ "keys are case-sensitive", "{\"a\":1,\"A\":2}", 0, NULL, 2, {
		{ "a", VK_NUM, "1", 1 },
		{ "A", VK_NUM, "2", 2 } } },
	{ "nested empty key is fine", "{\"a\":{\"\":1}}", 0, NULL, 1, {
		{ "a", VK_RAW, "{\"\":1}", 0 } } },
	{ "nested literals", "{\"a\":[true,false,null,{}, [ ] ]}", 0, NULL,
	    1, {
		{ "a", VK_RAW, "[true,false,null,{},[]]", 0 } } },
	{ "nested numbers",
	    "{\"a\":[1.0, -0.0, 1e16, 100000000000000000000, 0.5, 1e-7]}", 0,
	    NULL, 1, {
		{ "a", VK_RAW, "[1,0,1e+16,1e+20,0.5,1e-07]", 0 } } },
	{ "escaped backslash then u0000", "{\"a\":\"\\\\u0000\"}", 0, NULL, 1,
	    {
		{ "a", VK_STR, "\\u0000", 0 } } },
	{ "escaped key", "{\"\\u0041b\":1}", 0, NULL, 1, {
		{ "Ab", VK_NUM, "1", 1 } } },
	{ "empty string", "{\"a\":\"\"}", 0, NULL, 1, {
		{ "a", VK_STR, "", 0 } } },
	{ "key order kept", "{\"z\":1,\"a\":2,\"m\":3}", 0, NULL, 3, {
		{ "z", VK_NUM, "1", 1 },
		{ "a", VK_NUM, "2", 2 },
		{ "m", VK_NUM, "3", 3 } } },
	{ "non-ASCII key and value", "{\"\xc3\xa9\":\"\xc3\xbc\"}", 0, NULL,
	    1, {
		{ "\xc3\xa9", VK_STR, "\xc3\xbc", 0 } } },
	{ "brackets inside strings are not nesting",
	    "{\"a\":\"[[[[{{{{\",\"b\":\"]]}}\"}", 0, NULL, 2, {
		{ "a", VK_STR, "[[[[{{{{", 0 },
		{ "b", VK_STR, "]]}}", 0 } } },
	{ "the string 1e400 is a string", "{\"a\":\"1e400\"}", 0, NULL, 1, {
		{ "a", VK_STR, "1e400", 0 } } },

	{ "number-like strings and keys", "{\"007\":\"007\",\"b\":\"1.\"}",
	    0, NULL, 2, {
		{ "007", VK_STR, "007", 0 },
		{ "b", VK_STR, "1.", 0 } } },
	{ "zeros that are valid", "{\"a\":0,\"b\":-0.5,\"c\":0e5,\"d\":1e05}",
	    0, NULL, 4, {
		{ "a", VK_NUM, "0", 0 },
		{ "b", VK_NUM, "-0.5", -0.5 },
		{ "c", VK_NUM, "0", 0 },
		{ "d", VK_NUM, "100000", 100000 } } },
	{ "tabs and CR as whitespace", "{\t\"a\"\t:\r\n1\t}", 0, NULL, 1, {
		{ "a", VK_NUM, "1", 1 } } },
	{ "DEL in a string is fine", "{\"a\":\"x\x7fy\"}", 0, NULL, 1, {
		{ "a", VK_STR, "x\x7fy", 0 } } },
	{ "escaped controls are fine", "{\"a\":\"\\t\\u001f\"}", 0, NULL, 1, {
		{ "a", VK_STR, "\t\x1f", 0 } } },

	/* ---- not valid JSON ---- */
	{ "truncated", "{\"a\":1", 0, "not valid JSON", 0, { { 0 } } },
	{ "trailing garbage", "{} x", 0, "not valid JSON", 0, { { 0 } } },
	{ "two objects", "{}{}", 0, "not valid JSON", 0, { { 0 } } },
	{ "two objects with space", "{\"a\":1} {\"b\":2}", 0,
	    "not valid JSON", 0, { { 0 } } },
	{ "line comment", "{\"a\":1} // c", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "block comment", "{/*c*/\"a\":1}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "trailing comma", "{\"a\":1,}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "single-quoted key", "{'a':1}", 0, "not valid JSON", 0, { { 0 } } },
	{ "single-quoted value", "{\"a\":'x'}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "lone high surrogate", "{\"a\":\"\\ud800\"}", 0, "not valid JSON",
	    0, { { 0 } } },
	{ "lone low surrogate", "{\"a\":\"\\udc00x\"}", 0, "not valid JSON",
	    0, { { 0 } } },
	{ "high surrogate then non-surrogate", "{\"a\":\"\\ud800\\u0041\"}", 0,
	    "not valid JSON", 0, { { 0 } } },
	{ "missing value", "{\"a\":}", 0, "not valid JSON", 0, { { 0 } } },
	{ "unquoted key", "{a:1}", 0, "not valid JSON", 0, { { 0 } } },
	{ "misspelt literal", "{\"a\":tru}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "empty text", "", 0, "not valid JSON", 0, { { 0 } } },
	{ "blank text", "   ", 0, "not valid JSON", 0, { { 0 } } },
	{ "leading zero", "{\"a\":01}", 0, "not valid JSON", 0, { { 0 } } },
	{ "negative leading zero", "{\"a\":-01}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "bare point", "{\"a\":1.}", 0, "not valid JSON", 0, { { 0 } } },
	{ "point then exponent", "{\"a\":1.e5}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "leading zero nested", "{\"a\":[1,007]}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "lone minus", "{\"a\":-}", 0, "not valid JSON", 0, { { 0 } } },
	{ "raw 0x1f in a string", "{\"a\":\"\x1f\"}", 0, "not valid JSON",
	    0, { { 0 } } },
	{ "raw CR in a key", "{\"a\rb\":1}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "plus sign", "{\"a\":+1}", 0, "not valid JSON", 0, { { 0 } } },
	{ "bare fraction", "{\"a\":.5}", 0, "not valid JSON", 0, { { 0 } } },
	{ "NaN", "{\"a\":NaN}", 0, "not valid JSON", 0, { { 0 } } },
	{ "raw tab in a string", "{\"a\":\"x\ty\"}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "raw LF in a string", "{\"a\":\"x\ny\"}", 0, "not valid JSON", 0,
	    { { 0 } } },
	{ "BOM before the object", "\xef\xbb\xbf{}", 0, "not valid JSON", 0,
	    { { 0 } } },

	/* ---- not a JSON object ---- */
	{ "number", "3", 0, "not a JSON object", 0, { { 0 } } },
	{ "string", "\"x\"", 0, "not a JSON object", 0, { { 0 } } },
	{ "null", "null", 0, "not a JSON object", 0, { { 0 } } },
	{ "true", "true", 0, "not a JSON object", 0, { { 0 } } },
	{ "empty array", "[]", 0, "not a JSON object", 0, { { 0 } } },
	{ "array of an object", "[{\"a\":1}]", 0, "not a JSON object", 0,
	    { { 0 } } },
	{ "number with spaces", " 3 ", 0, "not a JSON object", 0, { { 0 } } },

	/* ---- duplicate keys at any depth ---- */
	{ "duplicate at top", "{\"a\":1,\"a\":2}", 0, "duplicate key 'a'", 0,
	    { { 0 } } },
	{ "duplicate at top, apart", "{\"a\":1,\"b\":2,\"a\":null}", 0,
	    "duplicate key 'a'", 0, { { 0 } } },
	{ "duplicate nested", "{\"o\":{\"a\":1,\"a\":2}}", 0,
	    "duplicate key 'a'", 0, { { 0 } } },
	{ "duplicate in an array", "{\"o\":[{\"b\":1,\"b\":1}]}", 0,
	    "duplicate key 'b'", 0, { { 0 } } },
	{ "duplicate deep", "{\"o\":[[{\"p\":{\"q\":1,\"q\":2}}]]}", 0,
	    "duplicate key 'q'", 0, { { 0 } } },
	{ "duplicate by escape", "{\"ab\":1,\"a\\u0062\":2}", 0,
	    "duplicate key 'ab'", 0, { { 0 } } },

	/* ---- NUL ---- */
	{ "u0000 in a value", "{\"a\":\"x\\u0000y\"}", 0,
	    "NUL character in a string", 0, { { 0 } } },
	{ "u0000 in a key", "{\"\\u0000\":1}", 0, "NUL character in a string",
	    0, { { 0 } } },
	{ "u0000 nested", "{\"o\":{\"k\":[\"\\u0000\"]}}", 0,
	    "NUL character in a string", 0, { { 0 } } },
	{ "raw NUL in a string", "{\"a\":\"x\0\"}", 10, "NUL byte", 0,
	    { { 0 } } },
	{ "raw NUL after the object", "{\"a\":1}\0", 8, "NUL byte", 0,
	    { { 0 } } },

	/* ---- invalid UTF-8 ---- */
	{ "invalid byte", "{\"a\":\"\xff\"}", 0, "invalid UTF-8", 0,
	    { { 0 } } },
	{ "overlong", "{\"a\":\"\xc0\xaf\"}", 0, "invalid UTF-8", 0,
	    { { 0 } } },
	{ "surrogate bytes", "{\"a\":\"\xed\xa0\x80\"}", 0, "invalid UTF-8", 0,
	    { { 0 } } },
	{ "invalid key", "{\"\xfe\":1}", 0, "invalid UTF-8", 0, { { 0 } } },
	{ "above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 0,
	    "invalid UTF-8", 0, { { 0 } } },

	/* ---- empty key ---- */
	{ "empty key", "{\"\":1}", 0, "empty key", 0, { { 0 } } },
	{ "empty key second", "{\"a\":1,\"\":2}", 0, "empty key", 0,
	    { { 0 } } },

	/* ---- numbers outside the double range ---- */
	{ "1e400", "{\"a\":1e400}", 0, "number outside the double range", 0,
	    { { 0 } } },
	{ "-1e400", "{\"a\":-1e400}", 0, "number outside the double range", 0,
	    { { 0 } } },
	{ "1e400 nested", "{\"a\":{\"b\":[1e400]}}", 0,
	    "number outside the double range", 0, { { 0 } } },
};

static void
run_text(const struct text_case *t)
{
	size_t n = t->n ? t->n : strlen(t->text);
	char *text = malloc(n + 1);
	struct record r;
	char why[160] = "";

	if (text == NULL)
		exit(2);
	memcpy(text, t->text, n);
	text[n] = '\0';
	record_init(&r);
	int res = json_text_to_record(text, n, &r, why, sizeof(why));

	if (t->why != NULL) {
		CHECKF(res == -1, "%s: accepted, want '%s'", t->name, t->why);
		if (res == -1)
			CHECKF(strcmp(why, t->why) == 0, "%s: why '%s', "
			    "want '%s'", t->name, why, t->why);
		goto out;
	}
	CHECKF(res == 0, "%s: rejected: %s", t->name, why);
	if (res != 0)
		goto out;
	CHECKF(r.n == (size_t)t->nf, "%s: %zu fields, want %d", t->name, r.n,
	    t->nf);
	for (size_t i = 0; i < r.n && i < (size_t)t->nf; i++) {
		const struct field *f = &r.f[i];
		const struct exp_field *e = &t->f[i];

		CHECKF(f->nlen == strlen(e->name) &&
		    memcmp(f->name, e->name, f->nlen) == 0,
		    "%s: field %zu name '%.*s', want '%s'", t->name, i,
		    (int)f->nlen, f->name, e->name);
		CHECKF(f->kind == e->kind, "%s: field %zu kind %d, want %d",
		    t->name, i, (int)f->kind, (int)e->kind);
		CHECKF(f->len == strlen(e->val) &&
		    memcmp(f->val, e->val, f->len) == 0 &&
		    f->val[f->len] == '\0',
		    "%s: field %zu value '%.*s', want '%s'", t->name, i,
		    (int)f->len, f->val, e->val);
		if (e->kind == VK_NUM)
			CHECKF(f->num == e->num, "%s: field %zu num %.17g, "
			    "want %.17g", t->name, i, f->num, e->num);
	}
out:
	record_release(&r);
	free(text);
}

/* Parse a built text; returns the result, why in why. */
static int
parse_built(const char *s, size_t n, struct record *r, char *why,
    size_t whylen)
{
	char *text = malloc(n + 1);

	if (text == NULL)
		exit(2);
	memcpy(text, s, n);
	text[n] = '\0';
	why[0] = '\0';
	record_clear(r);
	int res = json_text_to_record(text, n, r, why, whylen);

	free(text);
	return res;
}

/* {"a": + (depth-1) x open + (depth-1) x close + } : depth levels. */
static char *
nested(size_t depth, char open, char close, size_t *len)
{
	size_t inner = depth - 1, cap = 16 + inner * 8, n = 0;
	char *s = malloc(cap);

	if (s == NULL)
		exit(2);
	n += (size_t)snprintf(s, cap, "{\"a\":");
	for (size_t i = 0; i < inner; i++) {
		if (open == '{') {
			memcpy(s + n, "{\"a\":", 5);
			n += 5;
		} else {
			s[n++] = open;
		}
	}
	if (open == '{' && inner > 0) {
		/* the innermost object needs a value: 1 */
		s[n++] = '1';
	}
	for (size_t i = 0; i < inner; i++)
		s[n++] = close;
	s[n++] = '}';
	s[n] = '\0';
	*len = n;
	return s;
}

static void
test_depth_and_keys(void)
{
	struct record r;
	char why[160];
	size_t len;
	char *s;

	record_init(&r);

	/* 64 levels (the record object is level 1): accepted. */
	s = nested(64, '[', ']', &len);
	CHECK_INT(parse_built(s, len, &r, why, sizeof(why)), 0);
	if (r.n == 1) {
		CHECK_INT(r.f[0].kind, VK_RAW);
		CHECK_INT(r.f[0].len, 2 * 63);
		CHECK(r.f[0].val[0] == '[' && r.f[0].val[62] == '[' &&
		    r.f[0].val[63] == ']');
	}
	free(s);

	s = nested(64, '{', '}', &len);
	CHECKF(parse_built(s, len, &r, why, sizeof(why)) == 0, "%s", why);
	free(s);

	/* 65 levels: rejected. */
	s = nested(65, '[', ']', &len);
	CHECK_INT(parse_built(s, len, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "nesting deeper than 64 levels");
	free(s);

	s = nested(65, '{', '}', &len);
	CHECK_INT(parse_built(s, len, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "nesting deeper than 64 levels");
	free(s);

	/* 100000 levels: rejected without a crash. */
	s = nested(100000, '[', ']', &len);
	CHECK_INT(parse_built(s, len, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "nesting deeper than 64 levels");
	free(s);

	s = nested(100000, '{', '}', &len);
	CHECK_INT(parse_built(s, len, &r, why, sizeof(why)), -1);
	CHECK_STR(why, "nesting deeper than 64 levels");
	free(s);

	/* 100000 opening brackets, never closed: rejected. */
	s = malloc(100001);
	if (s == NULL)
		exit(2);
	memset(s, '[', 100000);
	CHECK_INT(parse_built(s, 100000, &r, why, sizeof(why)), -1);
	memset(s, '{', 100000);
	CHECK_INT(parse_built(s, 100000, &r, why, sizeof(why)), -1);
	free(s);

	/* 4096 keys accepted, 4097 rejected. */
	for (size_t nk = 4096; nk <= 4097; nk++) {
		size_t cap = nk * 16 + 4, n = 0;

		s = malloc(cap);
		if (s == NULL)
			exit(2);
		s[n++] = '{';
		for (size_t i = 1; i <= nk; i++)
			n += (size_t)snprintf(s + n, cap - n, "%s\"k%zu\":%zu",
			    i > 1 ? "," : "", i, i);
		s[n++] = '}';
		int res = parse_built(s, n, &r, why, sizeof(why));

		if (nk == 4096) {
			CHECKF(res == 0, "4096 keys: %s", why);
			CHECK_INT(r.n, 4096);
			if (r.n == 4096) {
				CHECK(r.f[4095].nlen == 5 &&
				    memcmp(r.f[4095].name, "k4096", 5) == 0);
				CHECK_STR(r.f[4095].val, "4096");
			}
		} else {
			CHECK_INT(res, -1);
			CHECK_STR(why, "more than 4096 keys");
		}
		free(s);
	}

	/* A nested object may have more than 4096 keys (limit is on input
	 * columns). */
	record_release(&r);
}

/* ---- the readers ---- */

struct exp_ev {
	int res;		/* JSONR_*; JSONR_EOF ends the list */
	unsigned line;		/* r->line, or err_line for JSONR_FATAL */
	unsigned col;		/* err_col for JSONR_FATAL, 0: unchecked */
	const char *raw;	/* raw text, NULL: unchecked */
	const char *fields;	/* "name=val;..." for records */
	const char *why;	/* exact reject reason, or err pieces */
};

struct reader_case {
	const char *name;
	const char *in;
	size_t inlen;		/* 0: strlen(in) */
	bool array;
	struct exp_ev ev[MAXE];
};

#define REC(l, raw, f) { JSONR_RECORD, l, 0, raw, f, NULL }
#define REJ(l, raw, why) { JSONR_REJECT, l, 0, raw, NULL, why }
#define FATAL(l, c, err) { JSONR_FATAL, l, c, NULL, NULL, err }
#define EOFE { JSONR_EOF, 0, 0, NULL, NULL, NULL }

static const struct reader_case readers[] = {
	/* ---- JSON Lines ---- */
	{ "jsonl blank lines and CRLF",
	    "{\"a\":1}\n\n  \t\n{\"a\":2}\r\n\r\n{\"a\":3}", 0, false, {
		REC(1, "{\"a\":1}", "a=1"),
		REC(4, "{\"a\":2}", "a=2"),
		REC(6, "{\"a\":3}", "a=3"),
		EOFE } },
	{ "jsonl truncated last line", "{\"a\":1}\n{\"a\":", 0, false, {
		REC(1, "{\"a\":1}", "a=1"),
		REJ(2, "{\"a\":", "not valid JSON"),
		EOFE } },
	{ "jsonl rejects and goes on",
	    "[1]\n3\n{\"a\":1}{\"b\":2}\n{\"a\":1,\"a\":2}\n{\"ok\":true}\n", 0,
	    false, {
		REJ(1, "[1]", "not a JSON object"),
		REJ(2, "3", "not a JSON object"),
		REJ(3, "{\"a\":1}{\"b\":2}", "not valid JSON"),
		REJ(4, "{\"a\":1,\"a\":2}", "duplicate key 'a'"),
		REC(5, "{\"ok\":true}", "ok=true"),
		EOFE } },
	{ "jsonl empty object", "{}\n", 0, false, {
		REC(1, "{}", ""),
		EOFE } },
	{ "jsonl spaces kept in raw", "  {\"a\":\"x\"}  \r\n", 0, false, {
		REC(1, "  {\"a\":\"x\"}  ", "a=x"),
		EOFE } },
	{ "jsonl blank only", "\n \n\t\r\n", 0, false, { EOFE } },
	{ "jsonl empty", "", 0, false, { EOFE } },
	{ "jsonl final blank line without LF", "{\"a\":1}\n   ", 0, false, {
		REC(1, "{\"a\":1}", "a=1"),
		EOFE } },
	{ "jsonl NUL byte", "{\"a\":\"\0\"}\n{\"b\":1}\n", 18, false, {
		REJ(1, NULL, "NUL byte"),
		REC(2, "{\"b\":1}", "b=1"),
		EOFE } },
	{ "jsonl invalid UTF-8", "{\"a\":\"\xff\"}\n{\"b\":null}\n", 0, false,
	    {
		REJ(1, "{\"a\":\"\xff\"}", "invalid UTF-8"),
		REC(2, "{\"b\":null}", "b="),
		EOFE } },
	{ "jsonl several fields", "{\"a\":\"x\",\"b\":[1, 2],\"c\":false}\n", 0,
	    false, {
		REC(1, NULL, "a=x;b=[1,2];c=false"),
		EOFE } },
	{ "jsonl 1e400", "{\"a\":1e400}\n{\"a\":1e300}\n", 0, false, {
		REJ(1, "{\"a\":1e400}", "number outside the double range"),
		REC(2, NULL, "a=1e+300"),
		EOFE } },

	/* ---- JSON array ---- */
	{ "array empty", "[]", 0, true, { EOFE } },
	{ "array empty with spaces", "  [ ]  \n", 0, true, { EOFE } },
	{ "array empty over lines", "[\n]\n", 0, true, { EOFE } },
	{ "array of one empty object", "[{}]", 0, true, {
		REC(1, "{}", ""),
		EOFE } },
	{ "array elements on lines",
	    "[\n{\"a\":1},\n  {\"a\":2}\n,{\"a\":3}\n]\n", 0, true, {
		REC(2, "{\"a\":1}", "a=1"),
		REC(3, "{\"a\":2}", "a=2"),
		REC(4, "{\"a\":3}", "a=3"),
		EOFE } },
	{ "array element across lines",
	    "[\n{\"a\":\n[1,\n2]},\n{\"b\":1}]", 0, true, {
		REC(2, "{\"a\":\n[1,\n2]}", "a=[1,2]"),
		REC(5, "{\"b\":1}", "b=1"),
		EOFE } },
	{ "array CRLF and CR", "[\r\n{\"a\":1},\r{\"a\":2}\r\n]", 0, true, {
		REC(2, "{\"a\":1}", "a=1"),
		REC(3, "{\"a\":2}", "a=2"),
		EOFE } },
	{ "array trailing whitespace", "[{\"a\":1}] \r\n\t", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		EOFE } },
	{ "array missing comma", "[{\"a\":1}\n{\"a\":2}]", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		FATAL(2, 1, "missing|comma"),
		EOFE } },
	{ "array objects back to back", "[{}{}]", 0, true, {
		REC(1, "{}", ""),
		FATAL(1, 4, "comma"),
		EOFE } },
	{ "array trailing comma", "[{\"a\":1},\n]", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		FATAL(2, 1, "trailing comma"),
		EOFE } },
	{ "array leading comma", "[,{}]", 0, true, {
		FATAL(1, 0, ""),
		EOFE } },
	{ "array double comma", "[{}, ,{}]", 0, true, {
		REC(1, "{}", ""),
		FATAL(1, 0, ""),
		EOFE } },
	{ "array bracket mismatch", "[{\"a\":[1}]", 0, true, {
		FATAL(1, 2, "bracket mismatch"),
		EOFE } },
	{ "array bracket mismatch over lines", "[\n {\"a\":\n[1}]", 0, true, {
		FATAL(2, 2, "bracket mismatch"),
		EOFE } },
	{ "array end of input after comma", "[{\"a\":1},\n{\"a\":2}", 0, true,
	    {
		REC(1, "{\"a\":1}", "a=1"),
		REC(2, "{\"a\":2}", "a=2"),
		FATAL(2, 0, "end of input"),
		EOFE } },
	{ "array end of input in an element", "[{\"a\":1", 0, true, {
		FATAL(1, 2, "end of input"),
		EOFE } },
	{ "array end of input in an element on line 2",
	    "[{\"a\":1},\n  {\"b\":\"x", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		FATAL(2, 3, "end of input"),
		EOFE } },
	{ "array only an opening bracket", "[", 0, true, {
		FATAL(1, 0, "end of input"),
		EOFE } },
	{ "array text after ]", "[{\"a\":1}]\nx", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		FATAL(2, 1, "after ']'"),
		EOFE } },
	{ "array second ]", "[{\"a\":1}]]", 0, true, {
		REC(1, "{\"a\":1}", "a=1"),
		FATAL(1, 10, "after ']'"),
		EOFE } },
	{ "array two arrays", "[] []", 0, true, {
		FATAL(1, 4, "after ']'"),
		EOFE } },
	{ "array scalar elements rejected",
	    "[1,{\"a\":1},\"x\",null,[2],{\"b\":2}]", 0, true, {
		REJ(1, "1", "not a JSON object"),
		REC(1, "{\"a\":1}", "a=1"),
		REJ(1, "\"x\"", "not a JSON object"),
		REJ(1, "null", "not a JSON object"),
		REJ(1, "[2]", "not a JSON object"),
		REC(1, "{\"b\":2}", "b=2"),
		EOFE } },
	{ "array scalar elements on lines",
	    "[\n-1.5e3 ,\n true\n,\n{\"c\":3}\n]", 0, true, {
		REJ(2, "-1.5e3", "not a JSON object"),
		REJ(3, "true", "not a JSON object"),
		REC(5, "{\"c\":3}", "c=3"),
		EOFE } },
	{ "array brackets in strings", "[\"]\",{\"a\":\"]}\"}]", 0, true, {
		REJ(1, "\"]\"", "not a JSON object"),
		REC(1, "{\"a\":\"]}\"}", "a=]}"),
		EOFE } },
	{ "array invalid objects rejected",
	    "[{\"a\":1,\"a\":2},{\"a\":tru}, {\"b\":\"\\\"]\"}]", 0, true, {
		REJ(1, "{\"a\":1,\"a\":2}", "duplicate key 'a'"),
		REJ(1, "{\"a\":tru}", "not valid JSON"),
		REC(1, "{\"b\":\"\\\"]\"}", "b=\"]"),
		EOFE } },
	{ "array element with NUL character",
	    "[{\"a\":\"\\u0000\"},{\"b\":\"\xc3\xa9\"}]", 0, true, {
		REJ(1, "{\"a\":\"\\u0000\"}", "NUL character in a string"),
		REC(1, "{\"b\":\"\xc3\xa9\"}", "b=\xc3\xa9"),
		EOFE } },
	{ "array empty input", "", 0, true, { EOFE } },
};

/* "name=val;name=val" for r. */
static void
summary(const struct record *r, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < r->n && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%.*s=%.*s",
		    i > 0 ? ";" : "", (int)r->f[i].nlen, r->f[i].name,
		    (int)r->f[i].len, r->f[i].val);
}

static const char *
res_name(int r)
{
	switch (r) {
	case JSONR_RECORD: return "RECORD";
	case JSONR_EOF: return "EOF";
	case JSONR_REJECT: return "REJECT";
	case JSONR_FATAL: return "FATAL";
	case JSONR_IOERR: return "IOERR";
	default: return "?";
	}
}

static void
run_reader(const struct reader_case *t)
{
	size_t inlen = t->inlen ? t->inlen : strlen(t->in);
	struct inbuf in;
	struct json_reader j;
	struct record r;
	char why[160], sum[512];

	inbuf_init(&in, mem_fd(t->in, inlen));
	json_reader_init(&j, &in, t->array, 1);
	record_init(&r);
	for (int k = 0; k < MAXE; k++) {
		const struct exp_ev *e = &t->ev[k];

		why[0] = '\0';
		int res = json_read_record(&j, &r, why, sizeof(why));

		CHECKF(res == e->res, "%s: event %d: %s, want %s (%s)",
		    t->name, k, res_name(res), res_name(e->res),
		    res == JSONR_FATAL ? j.err : why);
		if (res != e->res)
			break;
		if (res == JSONR_EOF) {
			res = json_read_record(&j, &r, why, sizeof(why));
			CHECKF(res == JSONR_EOF, "%s: EOF again: %s", t->name,
			    res_name(res));
			break;
		}
		if (res == JSONR_FATAL) {
			CHECKF(pieces_match(j.err, e->why), "%s: event %d: "
			    "err '%s', want '%s'", t->name, k, j.err, e->why);
			CHECKF(j.err_line == e->line, "%s: event %d: err_line "
			    "%llu, want %u", t->name, k,
			    (unsigned long long)j.err_line, e->line);
			if (e->col)
				CHECKF(j.err_col == e->col, "%s: event %d: "
				    "err_col %llu, want %u", t->name, k,
				    (unsigned long long)j.err_col, e->col);
			break;
		}
		CHECKF(r.line == e->line, "%s: event %d: line %llu, want %u",
		    t->name, k, (unsigned long long)r.line, e->line);
		if (e->raw != NULL)
			CHECKF(r.rawlen == strlen(e->raw) && r.raw != NULL &&
			    memcmp(r.raw, e->raw, r.rawlen) == 0,
			    "%s: event %d: raw '%.*s', want '%s'", t->name, k,
			    (int)r.rawlen, r.raw ? r.raw : "", e->raw);
		if (res == JSONR_REJECT) {
			CHECKF(strcmp(why, e->why) == 0, "%s: event %d: why "
			    "'%s', want '%s'", t->name, k, why, e->why);
			continue;
		}
		summary(&r, sum, sizeof(sum));
		CHECKF(strcmp(sum, e->fields) == 0, "%s: event %d: fields "
		    "'%.200s', want '%.200s'", t->name, k, sum, e->fields);
	}
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);
}

/* A JSON Lines line {"a":"xxx..."} of exactly total bytes. */
static size_t
put_long_line(char *s, size_t total)
{
	memcpy(s, "{\"a\":\"", 6);
	memset(s + 6, 'x', total - 8);
	memcpy(s + total - 2, "\"}", 2);
	return total;
}

static void
test_long_lines(void)
{
	const size_t max = JSON_RECORD_MAX;
	size_t cap = 5 * max, n;
	char *s = malloc(cap);
	struct inbuf in;
	struct json_reader j;
	struct record r;
	char why[160];
	int res;

	if (s == NULL)
		exit(2);
	CHECK_INT(JSON_RECORD_MAX, 1048576);

	/* Exactly 1 MiB (terminator excluded) is accepted, CRLF too. */
	n = put_long_line(s, max);
	memcpy(s + n, "\r\n{\"b\":1}\n", 10);
	n += 10;
	inbuf_init(&in, mem_fd(s, n));
	json_reader_init(&j, &in, false, 1);
	record_init(&r);
	res = json_read_record(&j, &r, why, sizeof(why));
	CHECKF(res == JSONR_RECORD, "1 MiB line: %d (%s)", res, why);
	CHECK_INT(r.line, 1);
	if (res == JSONR_RECORD && r.n == 1)
		CHECK_INT(r.f[0].len, max - 8);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_RECORD);
	CHECK_INT(r.line, 2);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_EOF);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);

	/* 1 MiB + 1: rejected, and reading goes on with the next line. */
	n = put_long_line(s, max + 1);
	memcpy(s + n, "\n{\"b\":1}\n", 9);
	n += 9;
	inbuf_init(&in, mem_fd(s, n));
	json_reader_init(&j, &in, false, 1);
	record_init(&r);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_REJECT);
	CHECK_STR(why, "line longer than 1048576 bytes");
	CHECK_INT(r.line, 1);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_RECORD);
	CHECK_INT(r.line, 2);
	CHECK(r.n == 1 && strcmp(r.f[0].val, "1") == 0);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_EOF);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);

	/* 3 MiB line between two good ones, the long one last of all too. */
	n = 0;
	memcpy(s, "{\"a\":0}\n", 8);
	n = 8;
	n += put_long_line(s + n, 3 * max);
	memcpy(s + n, "\n{\"b\":1}\n", 9);
	n += 9;
	size_t tail = put_long_line(s + n, max + 100);

	n += tail;		/* no final LF */
	inbuf_init(&in, mem_fd(s, n));
	json_reader_init(&j, &in, false, 1);
	record_init(&r);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_RECORD);
	CHECK_INT(r.line, 1);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_REJECT);
	CHECK_STR(why, "line longer than 1048576 bytes");
	CHECK_INT(r.line, 2);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_RECORD);
	CHECK_INT(r.line, 3);
	CHECK(r.n == 1 && strcmp(r.f[0].val, "1") == 0);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_REJECT);
	CHECK_STR(why, "line longer than 1048576 bytes");
	CHECK_INT(r.line, 4);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_EOF);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);

	/* An array element over 1 MiB is fatal at the line it starts. */
	s[0] = '[';
	s[1] = '\n';
	n = 2 + put_long_line(s + 2, max + 1);
	s[n++] = ']';
	inbuf_init(&in, mem_fd(s, n));
	json_reader_init(&j, &in, true, 1);
	record_init(&r);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_FATAL);
	CHECK_INT(j.err_line, 2);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);

	/* An array element of exactly 1 MiB is accepted. */
	n = 2 + put_long_line(s + 2, max);
	s[n++] = ']';
	inbuf_init(&in, mem_fd(s, n));
	json_reader_init(&j, &in, true, 1);
	record_init(&r);
	res = json_read_record(&j, &r, why, sizeof(why));
	CHECKF(res == JSONR_RECORD, "1 MiB element: %d (%s)", res,
	    res == JSONR_FATAL ? j.err : why);
	CHECK_INT(r.line, 2);
	CHECK_INT(r.rawlen, max);
	CHECK_INT(json_read_record(&j, &r, why, sizeof(why)), JSONR_EOF);
	record_release(&r);
	json_reader_release(&j);
	inbuf_release(&in);

	free(s);
}

/* ---- json_put_string ---- */

struct esc_case {
	const char *in;
	size_t n;		/* 0: strlen */
	const char *want;
};

static const struct esc_case escs[] = {
	{ "", 0, "\"\"" },
	{ "abc", 0, "\"abc\"" },
	{ "a\"b", 0, "\"a\\\"b\"" },
	{ "a\\b", 0, "\"a\\\\b\"" },
	{ "\n\r\t\b\f", 0, "\"\\n\\r\\t\\b\\f\"" },
	{ "\x01", 0, "\"\\u0001\"" },
	{ "\x1b[0m", 0, "\"\\u001b[0m\"" },
	{ "\x1f", 0, "\"\\u001f\"" },
	{ "\x0b", 0, "\"\\u000b\"" },
	{ "a\0b", 3, "\"a\\u0000b\"" },
	{ "a/b", 0, "\"a/b\"" },
	{ "</script>", 0, "\"</script>\"" },
	{ "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 0,
	    "\"\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\"" },
	{ "\xe2\x80\xa8", 0, "\"\xe2\x80\xa8\"" },
	{ " ~", 0, "\" ~\"" },
	{ "'", 0, "\"'\"" },
	{ "\"\"", 0, "\"\\\"\\\"\"" },
};

static void
test_put_string(void)
{
	for (size_t i = 0; i < sizeof(escs) / sizeof(escs[0]); i++) {
		const struct esc_case *t = &escs[i];
		int fd = mem_fd("", 0);
		struct obuf b;
		size_t len;

		obuf_init(&b, fd);
		json_put_string(&b, t->in, t->n ? t->n : strlen(t->in));
		CHECK_INT(obuf_close(&b, 0), 0);
		char *got = slurp(fd, &len);

		CHECKF(len == strlen(t->want) && strcmp(got, t->want) == 0,
		    "put_string case %zu: got '%s', want '%s'", i, got,
		    t->want);
		free(got);
		close(fd);
	}
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		run_text(&texts[i]);
	test_depth_and_keys();
	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		run_reader(&readers[i]);
	test_long_lines();
	test_put_string();
	return unit_done("test_json");
}
