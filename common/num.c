/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xalloc.h"

#define TWO53 9007199254740992.0

static size_t
format_integer(double x, char *out)
{
	long long v = (long long)x;
	char tmp[24];
	size_t i = sizeof(tmp), n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
	    : (unsigned long long)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		out[n++] = '-';
	while (i < sizeof(tmp))
		out[n++] = tmp[i++];
	out[n] = '\0';
	return n;
}

size_t
num_format(double x, char *out)
{
	if (x >= 0 && x < 10 && x == (int)x) {	/* item answers: the hot path */
		out[0] = (char)('0' + (int)x);
		out[1] = '\0';
		return 1;
	}
	if (x == floor(x) && fabs(x) < TWO53)
		return format_integer(x, out);
	for (int prec = 1; prec <= 17; prec++) {
		int n = snprintf(out, NUM_BUFSZ, "%.*g", prec, x);

		if (strtod(out, NULL) == x)
			return (size_t)n;
	}
	return (size_t)snprintf(out, NUM_BUFSZ, "%.17g", x);
}

static size_t
digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

bool
num_is_json_number(const char *s, size_t n)
{
	size_t i = 0, j;
	char buf[400];

	if (i < n && s[i] == '-')
		i++;
	if (i >= n)
		return false;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		i = digits(s, i, n);
	else
		return false;
	if (i < n && s[i] == '.') {
		j = digits(s, i + 1, n);
		if (j == i + 1)
			return false;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = digits(s, i, n);
		if (j == i)
			return false;
		i = j;
	}
	if (i != n)
		return false;
	if (n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		return isfinite(strtod(buf, NULL));
	}
	char *big = xmemdup(s, n);
	bool finite = isfinite(strtod(big, NULL));

	free(big);
	return finite;
}
