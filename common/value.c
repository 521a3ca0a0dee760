/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <inttypes.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "utf8.h"
#include "value.h"

#define INT_LIMIT 1000000000000000L	/* 1e15 */

bool
ascii_ieq(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] == '\0' || ascii_lower(a[i]) != b[i])
			return false;
	return b[i] == '\0';
}

static bool
is_text(const struct field *f)
{
	return f->kind == VK_CSV || f->kind == VK_STR || f->kind == VK_CODE;
}

void
value_trim(const struct field *f, const char **s, size_t *n)
{
	const char *p = f->val;
	size_t len = f->len;

	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	*s = p;
	*n = len;
}

/* Missing test shared by all parsers; on false, s and n hold the text. */
static bool
missing(const struct field *f, const char **s, size_t *n)
{
	if (f == NULL || f->kind == VK_NULL)
		return true;
	value_trim(f, s, n);
	return is_text(f) && *n == 0;
}

static enum vstate
parse_digits(const char *s, size_t n, long *out)
{
	size_t i = 0;
	bool neg = false;
	long v = 0;

	if (n > 0 && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == n)
		return VAL_INVALID;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return VAL_INVALID;
		v = v * 10 + (s[i] - '0');
		if (v > INT_LIMIT)
			return VAL_INVALID;
	}
	*out = neg ? -v : v;
	return VAL_OK;
}

enum vstate
value_int(const struct field *f, long *out)
{
	const char *s = NULL;
	size_t n = 0;

	if (missing(f, &s, &n))
		return VAL_MISSING;
	if (f->kind == VK_NUM) {
		if (!isfinite(f->num) || floor(f->num) != f->num ||
		    fabs(f->num) > (double)INT_LIMIT)
			return VAL_INVALID;
		*out = (long)f->num;
		return VAL_OK;
	}
	if (!is_text(f))
		return VAL_INVALID;
	return parse_digits(s, n, out);
}

enum vstate
value_yesno(const struct field *f, bool *out)
{
	static const char *const yes[] = {"yes", "y", "true", "1", NULL};
	static const char *const no[] = {"no", "n", "false", "0", NULL};
	const char *s = NULL;
	size_t n = 0;

	if (missing(f, &s, &n))
		return VAL_MISSING;
	if (f->kind == VK_TRUE || f->kind == VK_FALSE) {
		*out = f->kind == VK_TRUE;
		return VAL_OK;
	}
	if (f->kind == VK_NUM) {
		if (f->num != 0 && f->num != 1)
			return VAL_INVALID;
		*out = f->num == 1;
		return VAL_OK;
	}
	if (!is_text(f))
		return VAL_INVALID;
	for (int i = 0; yes[i] != NULL; i++) {
		if (ascii_ieq(s, n, yes[i])) {
			*out = true;
			return VAL_OK;
		}
		if (ascii_ieq(s, n, no[i])) {
			*out = false;
			return VAL_OK;
		}
	}
	return VAL_INVALID;
}

/* hh:mm[:ss][Z|+-hh:mm] after the date; true when valid and complete. */
static bool
valid_time(const char *s, size_t n)
{
	int hh, mm, ss;
	size_t i = 5;

	if (n < 5 || s[2] != ':')
		return false;
	hh = date_digits(s, 2);
	mm = date_digits(s + 3, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return false;
	if (i < n && s[i] == ':') {
		if (n - i < 3 || (ss = date_digits(s + i + 1, 2)) < 0 ||
		    ss > 59)
			return false;
		i += 3;
	}
	if (i == n)
		return true;
	if (s[i] == 'Z')
		return i + 1 == n;
	if ((s[i] != '+' && s[i] != '-') || n - i != 6 || s[i + 3] != ':')
		return false;
	hh = date_digits(s + i + 1, 2);
	mm = date_digits(s + i + 4, 2);
	return hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59;
}

enum vstate
value_date(const struct field *f, long *days)
{
	const char *s = NULL;
	size_t n = 0;

	if (missing(f, &s, &n))
		return VAL_MISSING;
	if (!is_text(f) || n < 10 || !date_parse(s, 10, days))
		return VAL_INVALID;
	if (n > 10 && ((s[10] != 'T' && s[10] != ' ') ||
	    !valid_time(s + 11, n - 11)))
		return VAL_INVALID;
	return VAL_OK;
}

enum vstate
value_code(const struct field *f, const char *const *vocab, int *idx)
{
	const char *s = NULL;
	size_t n = 0;

	if (missing(f, &s, &n))
		return VAL_MISSING;
	if (!is_text(f))
		return VAL_INVALID;
	for (int i = 0; vocab[i] != NULL; i++) {
		if (ascii_ieq(s, n, vocab[i])) {
			*idx = i;
			return VAL_OK;
		}
	}
	return VAL_INVALID;
}

bool
value_is_word(const struct field *f, const char *word)
{
	const char *s = NULL;
	size_t n = 0;

	if (missing(f, &s, &n) || !is_text(f))
		return false;
	return ascii_ieq(s, n, word);
}

void
value_quote(const struct field *f, char *out)
{
	size_t n = f->len, cut = n;

	if (n > VALUE_QUOTE_MAX)
		cut = utf8_cut(f->val, VALUE_QUOTE_MAX);
	memcpy(out, f->val, cut);
	if (cut < n)
		memcpy(out + cut, "...", 4);
	else
		out[cut] = '\0';
}

void
value_flag(struct record *r, const struct field *f, const char *problem)
{
	char q[VALUE_QUOTE_MAX + 4];

	value_quote(f, q);
	r->flagged = true;
	diag_warn_flag("%s:%" PRIu64 ": record %" PRIu64 ": field '%.*s': "
	    "'%s' %s", r->file, r->line, r->recno, (int)f->nlen, f->name, q,
	    problem);
}

void
record_flag(struct record *r, const char *msg)
{
	r->flagged = true;
	diag_warn_flag("%s:%" PRIu64 ": record %" PRIu64 ": %s", r->file,
	    r->line, r->recno, msg);
}
