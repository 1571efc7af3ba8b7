/* directive: the reader's driver and the small helpers its stages share. */
#include "directive/directive.h"
#include "directive/impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"

void
directive_push(struct dctx *c, struct directive_list *l, void *item)
{
	if (c->oom)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		void **v = arena_alloc(c->a, cap * sizeof(*v));

		if (v == NULL) {
			c->oom = 1;
			return;
		}
		/* The old array stays in the arena; doubling keeps the waste below the live size.
		 */
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = item;
}

void
directive_warn(struct dctx *c, size_t line, const char *fmt, ...)
{
	struct directive_warning *w;
	char msg[256];
	va_list ap;

	if (c->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w = arena_alloc(c->a, sizeof(*w));
	if (w == NULL) {
		c->oom = 1;
		return;
	}
	w->line = line;
	w->msg = directive_dup(c, msg, strlen(msg));
	directive_push(c, &c->d->warnings, w);
}

char *
directive_dup(struct dctx *c, const char *p, size_t n)
{
	char *s = c->oom ? NULL : arena_strndup(c->a, p, n);

	if (s == NULL) {
		c->oom = 1;
		return (char *)"";
	}
	return s;
}

int32_t
directive_cp(const char *p, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k = *i;
	int32_t c;

	if (k >= n)
		return -1;
	if (u[k] < 0x80) {
		*i = k + 1;
		return u[k];
	}
	if (u[k] < 0xe0 && k + 1 < n) {
		c = ((u[k] & 0x1f) << 6) | (u[k + 1] & 0x3f);
		*i = k + 2;
	} else if (u[k] < 0xf0 && k + 2 < n) {
		c = ((u[k] & 0x0f) << 12) | ((u[k + 1] & 0x3f) << 6) | (u[k + 2] & 0x3f);
		*i = k + 3;
	} else if (k + 3 < n) {
		c = ((u[k] & 0x07) << 18) | ((u[k + 1] & 0x3f) << 12) | ((u[k + 2] & 0x3f) << 6) |
		    (u[k + 3] & 0x3f);
		*i = k + 4;
	} else {
		/* Only reachable on a truncated sequence, which validation rules out. */
		*i = k + 1;
		return -1;
	}
	return c;
}

size_t
directive_cp_back(const char *p, size_t i)
{
	const unsigned char *u = (const unsigned char *)p;

	while (i > 0) {
		i--;
		if ((u[i] & 0xc0) != 0x80)
			break;
	}
	return i;
}

bool
directive_is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0x3000 || c == 0xa0 ||
	       (c >= 0x2000 && c <= 0x200b) || c == 0xfeff || c == 0x202f || c == 0x205f;
}

bool
directive_in_set(const char *set, const char *p, size_t n)
{
	unsigned char u = n ? (unsigned char)p[0] : 0;
	size_t len = u < 0x80 ? 1 : u < 0xe0 ? 2 : u < 0xf0 ? 3 : 4;
	char one[5];

	if (n == 0 || len > n || u == 0)
		return false;
	/* strstr is vectorised; a whole character of valid UTF-8 only matches on a boundary. */
	memcpy(one, p, len);
	one[len] = '\0';
	return strstr(set, one) != NULL;
}

bool
directive_is_han(int32_t c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c == 0x3007 ||
	       (c >= 0x20000 && c <= 0x2ffff) || (c >= 0xf900 && c <= 0xfaff);
}

void
directive_trim(const char **p, size_t *n)
{
	size_t i = 0, j;

	while (i < *n) {
		size_t k = i;

		if (!directive_is_space(directive_cp(*p, *n, &k)))
			break;
		i = k;
	}
	j = *n;
	while (j > i) {
		size_t b = directive_cp_back(*p, j), k = b;

		if (!directive_is_space(directive_cp(*p, *n, &k)))
			break;
		j = b;
	}
	*p += i;
	*n = j - i;
}

size_t
directive_chars(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			k++;
	return k;
}

size_t
directive_find(const char *p, size_t n, const char *lit)
{
	size_t m = strlen(lit), i = 0;
	const char *q;

	if (m == 0 || m > n)
		return n;
	/* memmem is a GNU extension; memchr on the first byte does the same work portably. */
	while (i + m <= n && (q = memchr(p + i, lit[0], n - m + 1 - i)) != NULL) {
		i = (size_t)(q - p);
		if (memcmp(q, lit, m) == 0)
			return i;
		i++;
	}
	return n;
}

bool
directive_starts(const char *p, size_t n, const char *lit)
{
	size_t m;

	/* Most calls fail on the first bytes; test them before measuring the literal. */
	if (n == 0 || p[0] != lit[0])
		return lit[0] == '\0';
	if (lit[1] != '\0' && (n < 2 || p[1] != lit[1]))
		return false;
	if (lit[1] != '\0' && lit[2] != '\0' && (n < 3 || p[2] != lit[2]))
		return false;
	m = strlen(lit);
	return m <= n && memcmp(p, lit, m) == 0;
}

bool
directive_ends(const char *p, size_t n, const char *lit)
{
	size_t m = strlen(lit);

	return m <= n && memcmp(p + n - m, lit, m) == 0;
}

static int
cn_digit(int32_t c)
{
	static const int32_t d[] = {0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94,
				    0x516d, 0x4e03, 0x516b, 0x4e5d}; /* 〇一二三四五六七八九 */
	int k;

	for (k = 0; k < 10; k++)
		if (c == d[k])
			return k;
	if (c == 0x96f6) /* 零 */
		return 0;
	if (c == 0x4e24) /* 两 */
		return 2;
	return -1;
}

long
directive_num(const char *p, size_t n, size_t *i, int chinese)
{
	size_t k = *i, last = *i;
	long v = 0, cur = 0;
	int any = 0, digits = 0, tens = 0;
	int32_t c;

	while (k < n && digits < 12) {
		size_t at = k;

		c = directive_cp(p, n, &k);
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 0xff10 && c <= 0xff19)
			c -= 0xff10;
		else {
			k = at;
			break;
		}
		v = v * 10 + c;
		digits++;
		any = 1;
		last = k;
	}
	if (any) {
		*i = last;
		return v;
	}
	if (!chinese)
		return -1;
	/* Chinese numerals: 十一, 二十, 二十三, or digit by digit as in 二〇二二. */
	k = *i;
	while (k < n && digits < 8) {
		size_t at = k;
		int dv;

		c = directive_cp(p, n, &k);
		dv = cn_digit(c);
		if (c == 0x5341) { /* 十 */
			if (tens)
				break;
			cur = (digits == 0 ? 1 : cur) * 10;
			tens = 1;
		} else if (dv >= 0) {
			if (tens)
				cur += dv;
			else
				cur = cur * 10 + dv;
		} else {
			k = at;
			break;
		}
		digits++;
		last = k;
	}
	if (digits == 0)
		return -1;
	*i = last;
	return cur;
}

int
directive_mdays(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 31;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

void
directive_date(char out[11], int y, int m, int d)
{
	unsigned yy = (unsigned)y % 10000, mm = (unsigned)m % 100, dd = (unsigned)d % 100;

	snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
}

static void
skip_spaces(const char *p, size_t n, size_t *i)
{
	while (*i < n) {
		size_t k = *i;

		if (!directive_is_space(directive_cp(p, n, &k)))
			break;
		*i = k;
	}
}

bool
directive_parse_date(const char *p, size_t n, int *y, int *m, int *d)
{
	size_t i = 0;
	long yy, mm, dd;

	yy = directive_num(p, n, &i, 1);
	skip_spaces(p, n, &i);
	if (yy < 1900 || yy > 2199 || !directive_starts(p + i, n - i, "年"))
		return false;
	i += strlen("年");
	skip_spaces(p, n, &i);
	mm = directive_num(p, n, &i, 1);
	skip_spaces(p, n, &i);
	if (mm < 1 || mm > 12 || !directive_starts(p + i, n - i, "月"))
		return false;
	i += strlen("月");
	skip_spaces(p, n, &i);
	dd = directive_num(p, n, &i, 1);
	skip_spaces(p, n, &i);
	if (dd < 1 || dd > directive_mdays((int)yy, (int)mm) ||
	    !directive_starts(p + i, n - i, "日"))
		return false;
	i += strlen("日");
	if (i != n)
		return false;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return true;
}

const char *
directive_kind_of(const char *s, size_t n)
{
	/* Longest first so that 通报 is not read as 报, nor 命令 as 令. */
	static const char *const kinds[] = {"决议", "决定", "命令", "公报", "公告", "通告",
					    "意见", "通知", "通报", "报告", "请示", "批复",
					    "议案", "纪要", "函",   "令"};
	size_t k, open;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (directive_ends(s, n, kinds[k]))
			return strcmp(kinds[k], "令") == 0 ? "命令" : kinds[k];
	/* A note in brackets after the kind, …的通知（第二批）, does not hide it. */
	if (directive_ends(s, n, "）")) {
		for (open = n - 3; open > 0; open--)
			if (directive_starts(s + open, n - open, "（"))
				return directive_kind_of(s, open);
	}
	return NULL;
}

const char *
directive_rc_str(enum directive_rc rc)
{
	switch (rc) {
	case DIRECTIVE_OK:
		return "ok";
	case DIRECTIVE_EUTF8:
		return "invalid UTF-8";
	case DIRECTIVE_ENOTDOC:
		return "not a document";
	case DIRECTIVE_EDOCX:
		return "unreadable .docx";
	case DIRECTIVE_ETOOBIG:
		return "input too large";
	case DIRECTIVE_ENOMEM:
		return "out of memory";
	case DIRECTIVE_RC__MAX:
		break;
	}
	return "unknown error";
}

void
directive_free(struct directive *d)
{
	if (d == NULL)
		return;
	/* The directive itself lives in its arena. */
	arena_free(d->arena);
}

static void
set_error(struct directive_error *err, const char *msg)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

enum directive_rc
directive_parse(const char *text, size_t len, struct directive **out, struct directive_error *err)
{
	struct arena *a = NULL;
	struct dctx c;
	enum directive_rc rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (len > DIRECTIVE_MAX_INPUT) {
		set_error(err, "input too large");
		rc = DIRECTIVE_ETOOBIG;
		goto done;
	}
	a = arena_new();
	if (a == NULL || (c.d = arena_alloc(a, sizeof(*c.d))) == NULL) {
		set_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
		goto done;
	}
	c.a = a;
	c.d->arena = a;
	rc = directive_text_lines(&c, text, len, err);
	if (rc != DIRECTIVE_OK)
		goto done;
	directive_head(&c);
	directive_body(&c);
	directive_tasks(&c);
	if (c.oom) {
		set_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
		goto done;
	}
	*out = c.d;
	a = NULL;
done:
	arena_free(a);
	return rc;
}
