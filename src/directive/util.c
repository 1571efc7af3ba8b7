/* directive_util: the helpers every stage of the reader shares — lists, UTF-8 steps, finds,
 * numbers, dates, kinds, heading markers, list splitting. Depends on nothing of the stages. */
#include "directive/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"

/* A title line longer than this is a paragraph. */
#define SHORT_LINE 50

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

char *
directive_join(struct dctx *c, size_t i, size_t e, size_t *len)
{
	size_t k, o = 0, total = 0;
	char *s;

	for (k = i; k < e; k++)
		total += c->ln[k].n;
	s = arena_alloc(c->a, total + 1);
	if (s == NULL) {
		c->oom = 1;
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	for (k = i; k < e; k++) {
		size_t x = 0;

		while (x < c->ln[k].n) {
			size_t at = x;

			if (!directive_is_space(directive_cp(c->ln[k].p, c->ln[k].n, &x))) {
				memcpy(s + o, c->ln[k].p + at, x - at);
				o += x - at;
			}
		}
	}
	s[o] = '\0';
	if (len != NULL)
		*len = o;
	return s;
}

int32_t
directive_cp(const char *p, size_t n, size_t *i)
{
	struct slice s = {p, n};

	/* ASCII needs no decoder; everything else goes through the one in base/str. */
	if (*i < n && (unsigned char)p[*i] < 0x80)
		return (unsigned char)p[(*i)++];
	return str_utf8_next(s, i);
}

size_t
directive_cp_back(const char *p, size_t i)
{
	return str_utf8_prev(p, i);
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

bool
directive_starts_any(const char *p, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (directive_starts(p, n, *words))
			return true;
	return false;
}

bool
directive_ends_any(const char *p, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (directive_ends(p, n, *words))
			return true;
	return false;
}

bool
directive_has_any(const char *p, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (directive_find(p, n, *words) < n)
			return true;
	return false;
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

static bool
cn_numeral(int32_t c)
{
	return c == 0x4e00 || c == 0x4e8c || c == 0x4e09 || c == 0x56db || c == 0x4e94 ||
	       c == 0x516d || c == 0x4e03 || c == 0x516b || c == 0x4e5d || c == 0x5341;
}

static bool
digit(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

int
directive_marker(const char *p, size_t n, size_t *len)
{
	size_t i = 0, at;
	int32_t c;
	int count = 0;

	*len = 0;
	c = directive_cp(p, n, &i);
	if (c == 0xff08) { /* （一） or （1）, half-width ones were made full width */
		bool cn = false, dg = false;

		for (;;) {
			at = i;
			c = directive_cp(p, n, &i);
			if (cn_numeral(c))
				cn = true;
			else if (digit(c))
				dg = true;
			else
				break;
			count++;
		}
		if (c != 0xff09 || count == 0 || count > 3 || cn == dg)
			return 0;
		/* A stray 、 after the bracket, （一）、, belongs to the marker. */
		at = i;
		if (directive_cp(p, n, &at) == 0x3001)
			i = at;
		*len = i;
		return cn ? 2 : 4;
	}
	if (cn_numeral(c)) {
		count = 1;
		for (;;) {
			at = i;
			c = directive_cp(p, n, &i);
			if (!cn_numeral(c))
				break;
			if (++count > 3)
				return 0;
		}
		/* 一、 is the rule; 一. and 一． are copy slips we accept. */
		if (c != 0x3001 && c != '.' && c != 0xff0e)
			return 0;
		*len = i;
		return 1;
	}
	if (digit(c)) {
		count = 1;
		for (;;) {
			at = i;
			c = directive_cp(p, n, &i);
			if (!digit(c))
				break;
			if (++count > 2)
				return 0;
		}
		if (c == '.' || c == 0xff0e || c == 0x3001) {
			size_t k = i;
			int32_t next = directive_cp(p, n, &k);

			/* 1.5万 is a number, not a marker. */
			if (digit(next))
				return 0;
			*len = i;
			return 3;
		}
		if (c == ')' || c == 0xff09) {
			*len = i;
			return 4;
		}
		return 0;
	}
	return 0;
}

bool
directive_is_open(int32_t c)
{
	return c == '(' || c == 0xff08 || c == '[' || c == 0x3010 || c == 0x3014 || c == 0x3016 ||
	       c == 0xff3b || c == 0xfe5d || c == '{' || c == 0x3008;
}

bool
directive_is_close(int32_t c)
{
	return c == ')' || c == 0xff09 || c == ']' || c == 0x3011 || c == 0x3015 || c == 0x3017 ||
	       c == 0xff3d || c == 0xfe5e || c == '}' || c == 0x3009;
}

void
directive_split(struct dctx *c, struct directive_list *l, const char *s, size_t n, bool on_dunhao)
{
	size_t i = 0, start = 0;
	int depth = 0;

	while (i <= n) {
		size_t at = i;
		int32_t ch = i < n ? directive_cp(s, n, &i) : -2;
		bool sep;

		if (ch == -2)
			i = n + 1;
		if (directive_is_open(ch) || ch == 0x300a) /* 《 */
			depth++;
		else if ((directive_is_close(ch) || ch == 0x300b) && depth > 0)
			depth--;
		sep = ch == -2 || (depth == 0 && (ch == 0xff0c || ch == ',' || ch == 0xff1b ||
						  ch == ';' || (on_dunhao && ch == 0x3001)));
		if (sep) {
			const char *p = s + start;
			size_t m = at - start;

			directive_trim(&p, &m);
			/* A closing 。 ends the list; it is not part of a name. */
			if (directive_ends(p, m, "。"))
				m -= 3;
			if (m > 0)
				directive_push(c, l, directive_dup(c, p, m));
			start = i;
		}
	}
}

/* True when the line has any of the punctuation that ends or splits a sentence. */
bool
directive_has_punct(const char *p, size_t n)
{
	static const char *const marks[] = {"。", "，", "；", "：", "？", "！", ":", ";", ","};
	size_t k;

	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (directive_find(p, n, marks[k]) < n)
			return true;
	return false;
}

bool
directive_title_like(const char *p, size_t n)
{
	size_t mlen;

	return n > 0 && !directive_has_punct(p, n) && directive_chars(p, n) <= SHORT_LINE &&
	       directive_marker(p, n, &mlen) == 0;
}

bool
directive_annex_start(const char *p, size_t n)
{
	size_t i = strlen("附件");

	if (!directive_starts(p, n, "附件"))
		return false;
	while (i < n && ((p[i] >= '0' && p[i] <= '9')))
		i++;
	if (i < n &&
	    (directive_starts(p + i, n - i, "：") || directive_starts(p + i, n - i, ":")) &&
	    i > strlen("附件"))
		i = n; /* 附件1：标题 */
	return i == n;
}
