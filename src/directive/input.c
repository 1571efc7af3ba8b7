/* directive_input: any file people have — UTF-8, GB18030/GBK, UTF-16, .docx, PDF — to the reader.
 */
#include "directive/input.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/charset.h"
#include "base/str.h"
#include "directive/pdfproc.h"
#include "directive/util.h"

static void
input_error(struct directive_error *err, const char *msg)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

enum directive_format
directive_sniff(const void *data, size_t len, const char *name)
{
	static const unsigned char ole2[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	const unsigned char *u = data;
	size_t n = name != NULL ? strlen(name) : 0;

	if (len >= 5 && memcmp(u, "%PDF-", 5) == 0)
		return DIRECTIVE_FMT_PDF;
	if (len >= 8 && memcmp(u, ole2, 8) == 0)
		return DIRECTIVE_FMT_OLE2;
	if ((len >= 4 && memcmp(u, "PK\x03\x04", 4) == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".docx") == 0))
		return DIRECTIVE_FMT_DOCX;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return DIRECTIVE_FMT_UTF16;
	return DIRECTIVE_FMT_TEXT;
}

/* Is the UTF-8 in b plausible Chinese text: no control characters, a third of it Han? */
static bool
plausible(const struct buf *b)
{
	struct slice sl = {b->data, b->len};
	size_t i = 0, han = 0, all = 0;

	while (i < sl.n) {
		int32_t c = str_utf8_next(sl, &i);

		if (c < 0 || (c < 0x20 && c != '\t' && c != '\r' && c != '\n'))
			return false;
		all++;
		han += directive_is_han(c);
	}
	return all > 0 && han * 3 >= all;
}

/*
 * UTF-16 without a byte order mark: NUL bytes (which text in UTF-8 or GB18030 never has)
 * and a decoding, little- or big-endian, that gives plausible Chinese text.
 * Returns "UTF-16LE", "UTF-16BE" or NULL.
 */
static const char *
utf16_bare(const unsigned char *u, size_t len)
{
	static const char *const order[] = {"UTF-16LE", "UTF-16BE"};
	const char *found = NULL;
	size_t k;

	if (len < 4 || len % 2 != 0 || memchr(u, 0, len) == NULL)
		return NULL;
	for (k = 0; k < 2 && found == NULL; k++) {
		struct buf b;

		buf_init(&b);
		if (charset_to_utf8(order[k], u, len, &b) == 0 && plausible(&b))
			found = order[k];
		buf_free(&b);
	}
	return found;
}

/*
 * Text that is not UTF-8 is taken for GB18030 (which includes GBK and GB2312) only when it
 * fails as UTF-8 almost at once: a UTF-8 file with one damaged byte further in keeps its
 * UTF-8 error, which names the place.
 */
static bool
looks_legacy(const char *text, size_t len, size_t bad)
{
	struct slice s = {text, bad};
	size_t i = 0, multi = 0;

	(void)len;
	while (i < bad) {
		size_t at = i;

		str_utf8_next(s, &i);
		if (i - at > 1)
			multi++;
	}
	return multi < 3;
}

/* Prepend a warning for the whole document to d (the conversion happened first). */
static enum directive_rc
warn_first(struct directive *d, const char *msg)
{
	struct directive_warning *w = arena_alloc(d->arena, sizeof(*w));
	void **v = arena_alloc(d->arena, (d->warnings.n + 1) * sizeof(*v));
	char *m = arena_strndup(d->arena, msg, strlen(msg));

	if (w == NULL || v == NULL || m == NULL)
		return DIRECTIVE_ENOMEM;
	w->line = 0;
	w->msg = m;
	v[0] = w;
	if (d->warnings.n)
		memcpy(v + 1, d->warnings.v, d->warnings.n * sizeof(*v));
	d->warnings.v = v;
	d->warnings.n++;
	d->warnings.cap = d->warnings.n;
	return DIRECTIVE_OK;
}

static enum directive_rc
parse_converted(const char *charset, const char *msg, const void *data, size_t len,
		struct directive **out, struct directive_error *err)
{
	struct buf b;
	enum directive_rc rc;

	buf_init(&b);
	if (charset_to_utf8(charset, data, len, &b) != 0) {
		buf_free(&b);
		return DIRECTIVE_EUTF8;
	}
	rc = directive_parse(b.len ? b.data : "", b.len, out, err);
	if (rc == DIRECTIVE_OK && warn_first(*out, msg) != DIRECTIVE_OK) {
		directive_free(*out);
		*out = NULL;
		input_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
	}
	buf_free(&b);
	return rc;
}

static enum directive_rc
parse_text(const void *data, size_t len, struct directive **out, struct directive_error *err)
{
	struct slice s = {data, len};
	const char *bare;
	size_t bad;
	enum directive_rc rc;

	bare = utf16_bare(data, len);
	if (bare != NULL) {
		rc = parse_converted(bare, "文件为 UTF-16 编码（无字节顺序标记），已转换为 UTF-8",
				     data, len, out, err);
		if (rc != DIRECTIVE_EUTF8)
			return rc;
	}
	bad = str_utf8_check(s);
	if (bad == len || !looks_legacy(data, len, bad))
		return directive_parse(len ? data : "", len, out, err);
	rc = parse_converted("GB18030", "文件为 GB18030/GBK 编码，已转换为 UTF-8", data, len, out,
			     err);
	if (rc == DIRECTIVE_EUTF8)
		/* Neither UTF-8 nor GB18030: the UTF-8 error names the first bad byte. */
		return directive_parse(data, len, out, err);
	return rc;
}

/*
 * Lines of a page that are page furniture: a page number alone (3, — 3 —, - 3 -, 第3页,
 * 3/12) goes, as does a running head repeated at the top of most pages.
 */
static bool
page_number(const char *p, size_t n)
{
	size_t i = 0, digits = 0;

	while (i < n) {
		int32_t c = directive_cp(p, n, &i);

		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2212 ||
			   c == 0x7b2c || c == 0x9875 || c == '/' || c == 0x3000 || c == 0xff0d))
			return false;
	}
	return digits > 0 && digits <= 4;
}

/* Does the line end a paragraph (。！？：；, a closing bracket or quote after them)? */
static bool
ends_paragraph(const char *p, size_t n)
{
	static const char *const ends[] = {"。", "！", "？", "：", "；", ":", "。”", "。）", NULL};
	size_t k;

	for (k = 0; ends[k] != NULL; k++)
		if (n >= strlen(ends[k]) &&
		    memcmp(p + n - strlen(ends[k]), ends[k], strlen(ends[k])) == 0)
			return true;
	return false;
}

/* The number of characters in p[0..n). */
static size_t
chars(const char *p, size_t n)
{
	struct slice s = {p, n};

	return str_utf8_len(s);
}

struct pline {
	const char *p;
	size_t n;
};

/* Number of lines of s (an upper bound for page_lines). */
static size_t
count_lines(const char *s)
{
	size_t k = 1;

	for (; *s != '\0'; s++)
		k += *s == '\n';
	return k;
}

/* Split s into at most max lines trimmed of spaces (borrowed from s); returns how many. */
static size_t
page_lines(const char *s, struct pline *lines, size_t max)
{
	size_t k = 0;
	const char *p = s;

	while (*p != '\0' && k < max) {
		const char *e = strchr(p, '\n');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
		const char *q = p;

		while (n > 0 && (*q == ' ' || *q == '\t' || *q == '\r')) {
			q++;
			n--;
		}
		while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t' || q[n - 1] == '\r'))
			n--;
		while (n >= 3 && memcmp(q, "\xe3\x80\x80", 3) == 0) {
			q += 3;
			n -= 3;
		}
		if (n > 0) {
			lines[k].p = q;
			lines[k].n = n;
			k++;
		}
		p = e != NULL ? e + 1 : p + strlen(p);
	}
	return k;
}

/*
 * Append the text of pages to out: page numbers and a running head dropped, lines that a
 * page wrapped joined back into one paragraph a line. Returns the number of dropped lines,
 * or (size_t)-1 when memory ran out.
 */
static size_t
pdf_join(char **pages, int np, struct buf *out)
{
	struct pline *lines = NULL, two[2];
	const char *head = NULL;
	size_t head_n = 0, dropped = 0;
	int pg, same = 0;
	bool open = false; /* the last line written continues on the next */

	/* A first line repeated on most pages (two at least) is a running head. */
	if (np >= 2) {
		size_t k0 = page_lines(pages[0], two, 2);

		if (k0 > 0) {
			head = two[0].p;
			head_n = two[0].n;
			for (pg = 1; pg < np; pg++) {
				struct pline one[1];

				if (page_lines(pages[pg], one, 1) == 1 && one[0].n == head_n &&
				    memcmp(one[0].p, head, head_n) == 0)
					same++;
			}
			if (same * 2 < np - 1 || same == 0)
				head = NULL;
		}
	}
	for (pg = 0; pg < np; pg++) {
		size_t n, k, width = 0, from = 0;

		free(lines);
		lines = malloc(count_lines(pages[pg]) * sizeof(*lines));
		if (lines == NULL)
			return (size_t)-1;
		n = page_lines(pages[pg], lines, count_lines(pages[pg]));

		if (n > 0 && head != NULL && lines[0].n == head_n &&
		    memcmp(lines[0].p, head, head_n) == 0) {
			from = 1;
			dropped++;
		}
		while (n > from && page_number(lines[n - 1].p, lines[n - 1].n)) {
			n--;
			dropped++;
		}
		while (n > from && page_number(lines[from].p, lines[from].n)) {
			from++;
			dropped++;
		}
		for (k = from; k < n; k++)
			if (chars(lines[k].p, lines[k].n) > width)
				width = chars(lines[k].p, lines[k].n);
		for (k = from; k < n; k++) {
			size_t mlen;

			if (open && directive_marker(lines[k].p, lines[k].n, &mlen) == 0) {
				/* continues the paragraph of the line before */
			} else if (out->len > 0) {
				buf_append(out, "\n", 1);
			}
			buf_append(out, lines[k].p, lines[k].n);
			/* A full line that does not end a sentence was wrapped by the page. */
			open = width >= 20 && chars(lines[k].p, lines[k].n) * 10 >= width * 9 &&
			       !ends_paragraph(lines[k].p, lines[k].n);
		}
	}
	free(lines);
	buf_append(out, "\n", 1);
	return dropped;
}

/*
 * Split the helper's output (each page's text followed by '\f') into NUL-terminated pages in
 * place; *np gets their number. Returns the array (free() it), or NULL when memory ran out.
 */
static char **
split_pages(struct buf *raw, int *np)
{
	char **pages;
	size_t i, n = 0, k = 0;

	for (i = 0; i < raw->len; i++) {
		if (raw->data[i] == '\0')
			raw->data[i] = ' '; /* never in poppler's text; would cut a page short */
		n += raw->data[i] == '\f';
	}
	if (n > INT_MAX)
		return NULL;
	pages = calloc(n + 1, sizeof(*pages));
	if (pages == NULL)
		return NULL;
	for (i = 0; i < raw->len && k < n; i++) {
		if (i == 0 || raw->data[i - 1] == '\0')
			pages[k] = raw->data + i;
		if (raw->data[i] == '\f') {
			raw->data[i] = '\0';
			k++;
		}
	}
	*np = (int)n;
	return pages;
}

enum directive_rc
directive_pdf_text(const void *data, size_t len, struct buf *out, struct directive_error *err)
{
	struct buf raw;
	char **pages = NULL;
	int np = 0, pg;
	size_t text = 0, bad = 0, i;
	enum directive_rc rc;

	buf_init(&raw);
	rc = directive_pdfproc(data, len, &raw, err);
	if (rc != DIRECTIVE_OK)
		goto done;
	rc = DIRECTIVE_EPDF;
	if (raw.len == 0) {
		input_error(err, "a PDF without pages");
		goto done;
	}
	pages = split_pages(&raw, &np);
	if (pages == NULL) {
		input_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
		goto done;
	}
	for (pg = 0; pg < np; pg++) {
		for (i = 0; pages[pg][i] != '\0'; i++)
			if ((unsigned char)pages[pg][i] > ' ')
				text++;
		/* U+FFFD: a glyph the font gives no Unicode for. */
		for (const char *q = pages[pg]; (q = strstr(q, "\xef\xbf\xbd")) != NULL; q += 3)
			bad++;
	}
	if (text == 0) {
		input_error(err, "a PDF without a text layer (a scanned image?): it needs OCR, "
				 "or the original .docx");
		goto done;
	}
	if (bad * 20 > text / 3) {
		input_error(err, "a PDF whose fonts have no Unicode map (the text comes out as "
				 "replacement characters): ask for the original .docx");
		goto done;
	}
	rc = pdf_join(pages, np, out) == (size_t)-1 || out->err ? DIRECTIVE_ENOMEM : DIRECTIVE_OK;
	if (rc != DIRECTIVE_OK)
		input_error(err, "out of memory");
done:
	free(pages);
	buf_free(&raw);
	return rc;
}

enum directive_rc
directive_parse_pdf_text(const char *text, size_t len, struct directive **out,
			 struct directive_error *err)
{
	enum directive_rc rc = directive_parse(len ? text : "", len, out, err);

	if (rc == DIRECTIVE_OK &&
	    warn_first(*out, "PDF 文本层已提取：页码、页眉已去除，跨行段落已合并；"
			     "行号为提取后文本的行号") != DIRECTIVE_OK) {
		directive_free(*out);
		*out = NULL;
		input_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
	}
	return rc;
}

static enum directive_rc
parse_pdf(const void *data, size_t len, struct directive **out, struct directive_error *err)
{
	struct buf b;
	enum directive_rc rc;

	buf_init(&b);
	rc = directive_pdf_text(data, len, &b, err);
	if (rc == DIRECTIVE_OK)
		rc = directive_parse_pdf_text(b.data, b.len, out, err);
	buf_free(&b);
	return rc;
}

enum directive_rc
directive_parse_input(const void *data, size_t len, const char *name, struct directive **out,
		      struct directive_error *err)
{
	enum directive_rc rc;

	*out = NULL;
	if (len > DIRECTIVE_MAX_INPUT) {
		input_error(err, "input too large");
		return DIRECTIVE_ETOOBIG;
	}
	switch (directive_sniff(data, len, name)) {
	case DIRECTIVE_FMT_PDF:
		return parse_pdf(data, len, out, err);
	case DIRECTIVE_FMT_OLE2:
		input_error(err,
			    "a Word 97-2003 (.doc) or WPS file: save it as .docx and read that");
		return DIRECTIVE_EOLE;
	case DIRECTIVE_FMT_DOCX:
		return directive_parse_docx(data, len, out, err);
	case DIRECTIVE_FMT_UTF16:
		rc = parse_converted("UTF-16", "文件为 UTF-16 编码，已转换为 UTF-8", data, len, out,
				     err);
		if (rc == DIRECTIVE_EUTF8)
			input_error(err, "a UTF-16 file (it starts with a byte order mark) with "
					 "invalid characters");
		return rc;
	case DIRECTIVE_FMT_TEXT:
	case DIRECTIVE_FMT__MAX:
		break;
	}
	return parse_text(len ? data : "", len, out, err);
}
