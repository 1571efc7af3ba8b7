/* directive_docx: the paragraphs of a .docx (libzip + libxml2) as text lines for the reader. */
#include "directive/directive.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"

/* word/document.xml of a few pages is well below this; a larger one is a zip bomb. */
#define DOCX_XML_MAX ((zip_uint64_t)64 << 20)

static void
docx_error(struct directive_error *err, const char *msg)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

static bool
is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       n->ns != NULL && n->ns->href != NULL &&
	       strstr((const char *)n->ns->href, "wordprocessingml") != NULL;
}

/*
 * Word's automatic numbering (word/numbering.xml): a heading numbered by a list
 * style has no marker in its text, so the marker Word shows is written out
 * again — 一、 （一） 1. （1） — for the reader to see the levels.
 */
#define NUM_MAX 256  /* w:num and w:abstractNum entries kept */
#define NUM_LEVELS 9 /* w:ilvl 0-8 */

enum num_fmt { FMT_NONE = 0, FMT_DECIMAL, FMT_CHINESE, FMT_FULLWIDTH, FMT__MAX };

struct num_level {
	enum num_fmt fmt;
	int start;
	char text[32]; /* w:lvlText, e.g. "（%1）" */
};

struct abstract_num {
	int id;
	struct num_level lvl[NUM_LEVELS];
};

/* All of it lives in one heap block for one conversion. */
struct numbering {
	struct abstract_num abs[NUM_MAX];
	size_t n_abs;
	int num_id[NUM_MAX];  /* w:num/@w:numId */
	int num_abs[NUM_MAX]; /* its abstractNumId */
	int count[NUM_MAX][NUM_LEVELS];
	size_t n_num;
};

static int
int_prop(const xmlNode *n, const char *name, int dflt)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	long x = dflt;
	char *end;

	if (v == NULL)
		return dflt;
	x = strtol((const char *)v, &end, 10);
	if (end == (char *)v || *end != '\0' || x < -1000000 || x > 1000000)
		x = dflt;
	xmlFree(v);
	return (int)x;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	const xmlNode *k;

	for (k = n ? n->children : NULL; k != NULL; k = k->next)
		if (is_w(k, name))
			return k;
	return NULL;
}

static void
read_levels(struct abstract_num *a, const xmlNode *n)
{
	const xmlNode *k;

	for (k = n->children; k != NULL; k = k->next) {
		const xmlNode *f, *t, *st;
		int ilvl;
		xmlChar *v;

		if (!is_w(k, "lvl"))
			continue;
		ilvl = int_prop(k, "ilvl", -1);
		if (ilvl < 0 || ilvl >= NUM_LEVELS)
			continue;
		f = child(k, "numFmt");
		t = child(k, "lvlText");
		st = child(k, "start");
		a->lvl[ilvl].start = st ? int_prop(st, "val", 1) : 1;
		a->lvl[ilvl].fmt = FMT_NONE;
		if (f != NULL && (v = xmlGetProp(f, (const xmlChar *)"val")) != NULL) {
			if (strcmp((const char *)v, "decimal") == 0)
				a->lvl[ilvl].fmt = FMT_DECIMAL;
			else if (strncmp((const char *)v, "chineseCounting", 15) == 0 ||
				 strcmp((const char *)v, "ideographTraditional") == 0 ||
				 strcmp((const char *)v, "japaneseCounting") == 0 ||
				 strcmp((const char *)v, "taiwaneseCounting") == 0)
				a->lvl[ilvl].fmt = FMT_CHINESE;
			else if (strcmp((const char *)v, "decimalFullWidth") == 0)
				a->lvl[ilvl].fmt = FMT_FULLWIDTH;
			xmlFree(v);
		}
		/* A marker pattern longer than the buffer is no marker (a cut one could split
		 * UTF-8). */
		if (t != NULL && (v = xmlGetProp(t, (const xmlChar *)"val")) != NULL) {
			if (strlen((const char *)v) < sizeof(a->lvl[ilvl].text))
				memcpy(a->lvl[ilvl].text, v, strlen((const char *)v) + 1);
			xmlFree(v);
		}
	}
}

/* Read numbering.xml's definitions into num. Unknown or excess entries are skipped. */
static void
read_numbering(struct numbering *num, const xmlNode *root)
{
	const xmlNode *k;

	for (k = root ? root->children : NULL; k != NULL; k = k->next) {
		if (is_w(k, "abstractNum") && num->n_abs < NUM_MAX) {
			struct abstract_num *a = &num->abs[num->n_abs++];

			a->id = int_prop(k, "abstractNumId", -1);
			read_levels(a, k);
		} else if (is_w(k, "num") && num->n_num < NUM_MAX) {
			const xmlNode *an = child(k, "abstractNumId");

			num->num_id[num->n_num] = int_prop(k, "numId", -1);
			num->num_abs[num->n_num] = an ? int_prop(an, "val", -1) : -1;
			num->n_num++;
		}
	}
}

/* One counter value in a level's format. */
static void
put_number(struct buf *out, enum num_fmt fmt, int v)
{
	static const char *const cn[] = {"〇", "一", "二", "三", "四",
					 "五", "六", "七", "八", "九"};

	if (fmt == FMT_CHINESE && v > 0 && v < 100) {
		if (v >= 20)
			buf_puts(out, cn[v / 10]);
		if (v >= 10)
			buf_puts(out, "十");
		if (v % 10 != 0 || v < 10)
			buf_puts(out, cn[v % 10]);
	} else if (fmt == FMT_FULLWIDTH && v >= 0) {
		char d[16];
		size_t k;

		snprintf(d, sizeof(d), "%d", v);
		for (k = 0; d[k] != '\0'; k++) {
			char w[4] = {(char)0xef, (char)0xbc, (char)(0x90 + (d[k] - '0')), 0};

			buf_puts(out, w);
		}
	} else {
		buf_printf(out, "%d", v);
	}
}

/* The marker Word shows for a numbered paragraph p, appended to out; nothing for bullets. */
static void
marker(struct numbering *num, const xmlNode *p, struct buf *out)
{
	const xmlNode *np = child(child(p, "pPr"), "numPr"), *il, *id;
	const struct abstract_num *a = NULL;
	const char *t;
	int ilvl, numid, k;
	size_t slot, j;

	if (num == NULL || np == NULL)
		return;
	il = child(np, "ilvl");
	id = child(np, "numId");
	ilvl = il ? int_prop(il, "val", 0) : 0;
	numid = id ? int_prop(id, "val", 0) : 0;
	if (numid <= 0 || ilvl < 0 || ilvl >= NUM_LEVELS)
		return;
	for (slot = 0; slot < num->n_num && num->num_id[slot] != numid; slot++)
		;
	if (slot == num->n_num)
		return;
	for (j = 0; j < num->n_abs && a == NULL; j++)
		if (num->abs[j].id == num->num_abs[slot])
			a = &num->abs[j];
	if (a == NULL || a->lvl[ilvl].fmt == FMT_NONE)
		return;
	/* Count this level; the levels under it start again. */
	num->count[slot][ilvl]++;
	for (k = ilvl + 1; k < NUM_LEVELS; k++)
		num->count[slot][k] = 0;
	for (t = a->lvl[ilvl].text; *t != '\0'; t++) {
		if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
			int l = t[1] - '1';
			int v =
			    a->lvl[l].start - 1 + (num->count[slot][l] ? num->count[slot][l] : 1);

			put_number(out, a->lvl[l].fmt == FMT_NONE ? FMT_DECIMAL : a->lvl[l].fmt, v);
			t++;
		} else {
			buf_putc(out, *t);
		}
	}
}

/* The text of runs under n: w:t, w:tab as a tab, w:br as a space (soft breaks stay in the line). */
static void
runs(const xmlNode *n, struct buf *out)
{
	const xmlNode *k;

	for (k = n->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(k, "t")) {
			xmlChar *t = xmlNodeGetContent(k);

			if (t != NULL) {
				buf_puts(out, (const char *)t);
				xmlFree(t);
			}
		} else if (is_w(k, "tab")) {
			buf_putc(out, '\t');
		} else if (is_w(k, "br") || is_w(k, "cr")) {
			buf_putc(out, ' ');
		} else if (!is_w(k, "p") && !is_w(k, "tbl")) {
			runs(k, out);
		}
	}
}

/* Paragraphs become lines; a table row becomes one line with its cells separated by tabs. */
static void
blocks(const xmlNode *n, struct buf *out, struct numbering *num, int depth)
{
	const xmlNode *k;

	if (depth > 64)
		return;
	for (k = n->children; k != NULL; k = k->next) {
		if (is_w(k, "p")) {
			marker(num, k, out);
			runs(k, out);
			buf_putc(out, '\n');
		} else if (is_w(k, "tr")) {
			const xmlNode *cell;
			int first = 1;

			for (cell = k->children; cell != NULL; cell = cell->next) {
				const xmlNode *p;

				if (!is_w(cell, "tc"))
					continue;
				if (!first)
					buf_putc(out, '\t');
				first = 0;
				for (p = cell->children; p != NULL; p = p->next)
					if (is_w(p, "p")) {
						if (p != cell->children)
							buf_putc(out, ' ');
						runs(p, out);
					}
			}
			buf_putc(out, '\n');
		} else if (k->type == XML_ELEMENT_NODE) {
			blocks(k, out, num, depth + 1);
		}
	}
}

/*
 * word/numbering.xml read into a new struct numbering (free() it), or NULL when
 * the document has none, it cannot be read, or memory is short: numbering is
 * an extra, the text reads without it.
 */
static struct numbering *
numbering(zip_t *z)
{
	struct numbering *num = NULL;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	xmlDoc *doc = NULL;
	char *xml = NULL;
	zip_int64_t got;

	zip_stat_init(&st);
	if (zip_stat(z, "word/numbering.xml", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > DOCX_XML_MAX || st.size == 0)
		goto done;
	xml = malloc(st.size);
	zf = xml ? zip_fopen(z, "word/numbering.xml", 0) : NULL;
	if (zf == NULL || (got = zip_fread(zf, xml, st.size)) < 0 || (zip_uint64_t)got != st.size)
		goto done;
	doc = xmlReadMemory(xml, (int)st.size, "numbering.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		goto done;
	num = calloc(1, sizeof(*num));
	if (num != NULL)
		read_numbering(num, xmlDocGetRootElement(doc));
done:
	xmlFreeDoc(doc);
	if (zf != NULL)
		zip_fclose(zf);
	free(xml);
	return num;
}

enum directive_rc
directive_docx_text(const void *data, size_t len, struct buf *out, struct directive_error *err)
{
	zip_source_t *src = NULL;
	zip_t *z = NULL;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	zip_error_t ze;
	xmlDoc *doc = NULL;
	char *xml = NULL;
	zip_int64_t got;
	struct numbering *num = NULL;
	enum directive_rc rc = DIRECTIVE_EDOCX;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		docx_error(err, "cannot read the .docx");
		goto done;
	}
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (z == NULL) {
		docx_error(err, "not a .docx: the file is not a readable zip archive");
		goto done;
	}
	src = NULL; /* the archive owns it now */
	zip_stat_init(&st);
	if (zip_stat(z, "word/document.xml", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		docx_error(err, "not a .docx: no word/document.xml in the archive");
		goto done;
	}
	if (st.size > DOCX_XML_MAX) {
		docx_error(err, "word/document.xml is too large");
		rc = DIRECTIVE_ETOOBIG;
		goto done;
	}
	xml = malloc(st.size + 1);
	if (xml == NULL) {
		rc = DIRECTIVE_ENOMEM;
		docx_error(err, "out of memory");
		goto done;
	}
	zf = zip_fopen(z, "word/document.xml", 0);
	if (zf == NULL || (got = zip_fread(zf, xml, st.size)) < 0 || (zip_uint64_t)got != st.size) {
		docx_error(err, "cannot decompress word/document.xml");
		goto done;
	}
	/* No network, no entity expansion: the document is untrusted input. */
	doc = xmlReadMemory(xml, (int)st.size, "document.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		docx_error(err, "word/document.xml is not well-formed XML");
		goto done;
	}
	num = numbering(z);
	blocks(xmlDocGetRootElement(doc), out, num, 0);
	if (out->err) {
		rc = DIRECTIVE_ENOMEM;
		docx_error(err, "out of memory");
		goto done;
	}
	rc = DIRECTIVE_OK;
done:
	free(num);
	xmlFreeDoc(doc);
	if (zf != NULL)
		zip_fclose(zf);
	free(xml);
	if (z != NULL)
		zip_discard(z);
	if (src != NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

enum directive_rc
directive_parse_docx(const void *data, size_t len, struct directive **out,
		     struct directive_error *err)
{
	struct buf text;
	enum directive_rc rc;

	*out = NULL;
	if (len > DIRECTIVE_MAX_INPUT) {
		docx_error(err, "input too large");
		return DIRECTIVE_ETOOBIG;
	}
	buf_init(&text);
	rc = directive_docx_text(data, len, &text, err);
	if (rc == DIRECTIVE_OK)
		rc = directive_parse(text.len ? text.data : "", text.len, out, err);
	buf_free(&text);
	return rc;
}
