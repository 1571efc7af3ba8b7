/* html: escapers by context. */
#include "http/html.h"

#include <stdio.h>
#include <string.h>

#include "base/day.h"

void
html_raw_literal(struct buf *b, const char *lit)
{
	buf_puts(b, lit);
}

static void
escape(struct buf *b, const char *s)
{
	const char *p, *run;

	if (s == NULL)
		return;
	for (p = run = s; *p != '\0'; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
}

void
html_text(struct buf *b, const char *s)
{
	escape(b, s);
}

void
html_attr(struct buf *b, const char *s)
{
	escape(b, s);
}

void
html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	if (s == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, e, 3);
		}
	}
}

void
html_script_json(struct buf *b, const char *json)
{
	for (; json != NULL && *json != '\0'; json++) {
		if (*json == '<')
			buf_puts(b, "\\u003c");
		else if (*json == '>')
			buf_puts(b, "\\u003e");
		else if (*json == '&')
			buf_puts(b, "\\u0026");
		else
			buf_putc(b, *json);
	}
}

void
html_int(struct buf *b, int64_t v, int group)
{
	char digits[32];
	size_t n, i;
	int neg = v < 0;

	snprintf(digits, sizeof(digits), "%lld", (long long)v);
	if (!group) {
		buf_puts(b, digits);
		return;
	}
	if (neg)
		buf_putc(b, '-');
	n = strlen(digits + neg);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[neg + i]);
	}
}

void
html_time(struct buf *b, int64_t t)
{
	char s[DAY_TIME_TEXT_CAP];

	if (t <= 0)
		return;
	day_format_time(t, s, sizeof(s));
	buf_puts(b, s);
}
