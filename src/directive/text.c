/* directive_text: check and normalise the input into trimmed, numbered lines. */
#include "directive/text.h"
#include "directive/util.h"

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"

/* Line and column (in characters) of byte off, for error messages. */
static void
position(const char *text, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

static void
fail(struct directive_error *err, const char *text, size_t off, const char *what)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	err->offset = off;
	position(text, off, &err->line, &err->column);
	/* The message names the place but never echoes the bytes themselves. */
	snprintf(err->msg, sizeof(err->msg), "%s at byte %zu (line %zu, column %zu)", what, off,
		 err->line, err->column);
}

/* Is c a numeral that may stand inside a heading bracket: 一…十 or a digit? */
static bool
marker_numeral(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19) || c == 0x4e00 ||
	       c == 0x4e8c || c == 0x4e09 || c == 0x56db || c == 0x4e94 || c == 0x516d ||
	       c == 0x4e03 || c == 0x516b || c == 0x4e5d || c == 0x5341;
}

/*
 * A line opening with a heading marker in half-width (or mixed) brackets,
 * "(一)" "(1）", gets full-width ones so that later stages see one form.
 * Returns the new line, or NULL when nothing was changed.
 */
static char *
fix_brackets(struct dctx *c, const char *p, size_t n, size_t no, size_t *out_n)
{
	size_t i = 0, k, close_at, close_len;
	int32_t open, ch;
	int count = 0;
	char *s;

	open = directive_cp(p, n, &i);
	if (open != '(' && open != 0xff08)
		return NULL;
	k = i;
	for (;;) {
		size_t at = k;

		ch = directive_cp(p, n, &k);
		if (ch == ')' || ch == 0xff09) {
			close_at = at;
			close_len = k - at;
			break;
		}
		if (ch < 0 || !marker_numeral(ch) || ++count > 3)
			return NULL;
	}
	if (count == 0 || (open == 0xff08 && ch == 0xff09))
		return NULL;
	s = arena_alloc(c->a, n + 8);
	if (s == NULL) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, "（", 3);
	memcpy(s + 3, p + i, close_at - i);
	memcpy(s + 3 + (close_at - i), "）", 3);
	memcpy(s + 6 + (close_at - i), p + close_at + close_len, n - close_at - close_len);
	*out_n = 6 + (close_at - i) + (n - close_at - close_len);
	directive_warn(c, no, "半角括号“%.*s”改为全角", (int)(close_at + close_len), p);
	return s;
}

enum directive_rc
directive_text_lines(struct dctx *c, const char *text, size_t len, struct directive_error *err)
{
	struct slice sl = {text, len};
	size_t off, i, start, no = 1, lines = 1, crlf = 0, wide_line = 0;
	bool han = false;

	if (len == 0) {
		fail(err, text, 0, "empty input: not a document");
		return DIRECTIVE_ENOTDOC;
	}
	off = str_utf8_check(sl);
	if (off != len) {
		fail(err, text, off, "invalid UTF-8");
		return DIRECTIVE_EUTF8;
	}
	for (i = 0; i < len; i++) {
		unsigned char u = (unsigned char)text[i];

		if (u == '\n' || (u == '\r' && (i + 1 == len || text[i + 1] != '\n')))
			lines++;
		else if (u < 0x20 && u != '\t' && u != '\r' && u != '\f' && u != '\v') {
			fail(err, text, i,
			     "binary data (a control character): not a text document");
			return DIRECTIVE_ENOTDOC;
		}
	}
	c->ln = arena_alloc(c->a, (lines + 1) * sizeof(*c->ln));
	if (c->ln == NULL) {
		c->oom = 1;
		return DIRECTIVE_ENOMEM;
	}
	i = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		i = 3;
		directive_warn(c, 1, "去除了字节顺序标记（BOM）");
	}
	while (i <= len) {
		const char *p;
		size_t n, k;
		char *fixed;

		start = i;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		p = text + start;
		n = i - start;
		if (i < len && text[i] == '\r') {
			if (i + 1 < len && text[i + 1] == '\n') {
				crlf++;
				i++;
			}
		}
		i++;
		if (wide_line == 0 && directive_find(p, n, "\xe3\x80\x80") < n)
			wide_line = no;
		directive_trim(&p, &n);
		for (k = 0; !han && k < n;)
			han = directive_is_han(directive_cp(p, n, &k));
		if (n > 0) {
			size_t fixed_n = 0;

			fixed = fix_brackets(c, p, n, no, &fixed_n);
			if (fixed != NULL) {
				p = fixed;
				n = fixed_n;
			}
			c->ln[c->nl].p = p;
			c->ln[c->nl].n = n;
			c->ln[c->nl].no = no;
			c->nl++;
		}
		no++;
	}
	if (crlf)
		directive_warn(c, 1, "Windows 换行（CRLF）已统一为 LF");
	if (wide_line)
		directive_warn(c, wide_line, "去除了行首行尾的全角空格");
	if (!han) {
		fail(err, text, 0, "no Chinese text: not an official document");
		return DIRECTIVE_ENOTDOC;
	}
	return c->oom ? DIRECTIVE_ENOMEM : DIRECTIVE_OK;
}
