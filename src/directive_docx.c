/* directive_docx: the paragraphs of a .docx (libzip + libxml2) as text lines for the reader. */
#include "directive.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"

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
blocks(const xmlNode *n, struct buf *out, int depth)
{
	const xmlNode *k;

	if (depth > 64)
		return;
	for (k = n->children; k != NULL; k = k->next) {
		if (is_w(k, "p")) {
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
			blocks(k, out, depth + 1);
		}
	}
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
	blocks(xmlDocGetRootElement(doc), out, 0);
	if (out->err) {
		rc = DIRECTIVE_ENOMEM;
		docx_error(err, "out of memory");
		goto done;
	}
	rc = DIRECTIVE_OK;
done:
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
