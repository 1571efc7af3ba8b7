/* str: string slices, bounded number parsing and UTF-8 checks. */
#include "base/str.h"

#include <string.h>

struct slice
str_slice(const char *s)
{
	struct slice r = {s != NULL ? s : "", s != NULL ? strlen(s) : 0};
	return r;
}

bool
str_eq(struct slice a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && memcmp(a.p, lit, n) == 0;
}

bool
str_has_prefix(struct slice a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n >= n && memcmp(a.p, lit, n) == 0;
}

int
str_parse_i64(struct slice s, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0, limit;

	if (s.n == 0)
		return -1;
	if (s.p[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == s.n || s.n - i > 19)
		return -1;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < s.n; i++) {
		unsigned d;
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		d = (unsigned)(s.p[i] - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	{
		int64_t r;
		if (neg)
			r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		else
			r = (int64_t)v;
		if (r < min || r > max)
			return -1;
		*out = r;
	}
	return 0;
}

int32_t
str_utf8_next(struct slice s, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s.p + *i;
	size_t left = s.n - *i;
	uint32_t c;
	size_t len, k;

	if (left == 0)
		return -1;
	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		*i += 1;
		return -1;
	}
	if (left < len) {
		*i += 1;
		return -1;
	}
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			*i += 1;
			return -1;
		}
		c = (c << 6) | (p[k] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff)) {
		*i += 1;
		return -1;
	}
	*i += len;
	return (int32_t)c;
}

size_t
str_utf8_prev(const char *p, size_t i)
{
	const unsigned char *u = (const unsigned char *)p;

	while (i > 0) {
		i--;
		if ((u[i] & 0xc0) != 0x80)
			break;
	}
	return i;
}

size_t
str_utf8_check(struct slice s)
{
	size_t i = 0;

	while (i < s.n) {
		size_t at = i;
		if (str_utf8_next(s, &i) < 0)
			return at;
	}
	return s.n;
}

size_t
str_utf8_len(struct slice s)
{
	size_t i = 0, n = 0;

	while (i < s.n) {
		str_utf8_next(s, &i);
		n++;
	}
	return n;
}

bool
str_has_control(struct slice s, const char *allow)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 || c == 0x7f) &&
		    (allow == NULL || strchr(allow, c) == NULL || c == 0))
			return true;
	}
	return false;
}

bool
str_ct_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
