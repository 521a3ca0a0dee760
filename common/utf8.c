/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* Length of the valid sequence at s (n bytes left), or 0 if invalid. */
static size_t
seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp, min;

	if (c < 0xC2 || c > 0xF4)
		return 0;	/* continuation, overlong lead, or > U+10FFFF */
	if (c < 0xE0) {
		len = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c < 0xF0) {
		len = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static bool
validate(const char *s, size_t n, bool allow_nul)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		/* Fast path: eight ASCII bytes at a time. */
		if (n - i >= 8) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) == 0 &&
			    (allow_nul || ((w - 0x0101010101010101ULL) & ~w &
			    0x8080808080808080ULL) == 0)) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			if (p[i] == 0 && !allow_nul)
				return false;
			i++;
			continue;
		}
		size_t len = seq_len(p + i, n - i);

		if (len == 0)
			return false;
		i += len;
	}
	return true;
}

bool
utf8_valid_nonul(const char *s, size_t n)
{
	return validate(s, n, false);
}

bool
utf8_valid(const char *s, size_t n)
{
	return validate(s, n, true);
}

size_t
utf8_cut(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t m = n;

	/* Step back over continuation bytes to the lead of the last char. */
	while (m > 0 && (p[m - 1] & 0xC0) == 0x80)
		m--;
	if (m == 0)
		return n;
	unsigned c = p[m - 1];
	size_t need = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

	return n - (m - 1) >= need ? n : m - 1;
}
