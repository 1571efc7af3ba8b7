/* csv: RFC 4180 reader. */
#include "base/csv.h"

#include <string.h>

#include "base/buf.h"

#define CSV_MAX_FIELDS 64

void
csv_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->n = len;
	r->at = 0;
	r->line = 1;
	r->error = NULL;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r->at = 3; /* Excel writes a byte-order mark */
}

const char *
csv_error(const struct csv_reader *r)
{
	return r->error != NULL ? r->error : "格式错误";
}

static enum csv_rc
bad(struct csv_reader *r, const char *why)
{
	r->error = why;
	return CSV_BAD;
}

/* Read one field at r->at; stops before the separator or line end. */
static enum csv_rc
read_field(struct csv_reader *r, struct buf *f)
{
	if (r->at < r->n && r->p[r->at] == '"') {
		r->at++;
		for (;;) {
			if (r->at >= r->n)
				return bad(r, "引号没有闭合");
			if (r->p[r->at] == '"') {
				if (r->at + 1 < r->n && r->p[r->at + 1] == '"') {
					buf_putc(f, '"');
					r->at += 2;
					continue;
				}
				r->at++;
				break;
			}
			if (r->p[r->at] == '\n')
				r->line++;
			buf_putc(f, r->p[r->at++]);
		}
		if (r->at < r->n && r->p[r->at] != ',' && r->p[r->at] != '\n' &&
		    r->p[r->at] != '\r')
			return bad(r, "引号后面有多余的字符");
		return CSV_ROW;
	}
	while (r->at < r->n && r->p[r->at] != ',' && r->p[r->at] != '\n' && r->p[r->at] != '\r') {
		if (r->p[r->at] == '"')
			return bad(r, "字段中间出现引号，请把整个字段用引号括起来");
		buf_putc(f, r->p[r->at++]);
	}
	return CSV_ROW;
}

enum csv_rc
csv_next(struct csv_reader *r, struct arena *a, char ***fields, size_t *nfields, size_t *line)
{
	char **out;
	size_t n = 0;
	struct buf f;
	enum csv_rc rc = CSV_ROW;

	*line = r->line;
	if (r->at >= r->n)
		return CSV_END;
	buf_init(&f);
	/* Out of memory is a bad record too, skipped like the others: returning before the
	 * record would have a caller that goes on reporting read the same record for ever. */
	out = arena_alloc(a, CSV_MAX_FIELDS * sizeof(*out));
	if (out == NULL)
		rc = bad(r, "内存不足");
	while (rc == CSV_ROW) {
		buf_reset(&f);
		rc = read_field(r, &f);
		if (rc != CSV_ROW)
			break;
		if (n == CSV_MAX_FIELDS) {
			rc = bad(r, "列数过多");
			break;
		}
		out[n] = f.err ? NULL : arena_strndup(a, f.data ? f.data : "", f.len);
		if (out[n] == NULL) {
			rc = bad(r, "内存不足");
			break;
		}
		n++;
		if (r->at < r->n && r->p[r->at] == ',') {
			r->at++;
			continue;
		}
		if (r->at < r->n && r->p[r->at] == '\r')
			r->at++;
		if (r->at < r->n && r->p[r->at] == '\n')
			r->at++;
		r->line++;
		break;
	}
	buf_free(&f);
	if (rc != CSV_ROW) {
		/* Skip to the next line so the caller can go on reporting. */
		while (r->at < r->n && r->p[r->at] != '\n')
			r->at++;
		if (r->at < r->n)
			r->at++;
		r->line++;
		return rc;
	}
	*fields = out;
	*nfields = n;
	return CSV_ROW;
}

/* A first character with which a spreadsheet would start a formula. */
static int
formula_start(char c)
{
	return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

int
csv_formula_like(const char *s)
{
	return s != NULL && formula_start(s[0]);
}

const char *
csv_unguard(const char *s)
{
	return s != NULL && s[0] == '\'' && formula_start(s[1]) ? s + 1 : s;
}

void
csv_put(struct buf *b, const char *s, int first)
{
	const char *p;

	if (!first)
		buf_putc(b, ',');
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL && !formula_start(s[0])) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula_start(s[0]))
		buf_putc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void
csv_end_row(struct buf *b)
{
	buf_puts(b, "\r\n");
}
