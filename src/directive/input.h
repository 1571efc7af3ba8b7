/* directive_input: recognise what a file is and hand its text to the reader. */
#ifndef XG_DIRECTIVE_INPUT_H
#define XG_DIRECTIVE_INPUT_H

#include <stddef.h>

#include "directive/directive.h"

struct buf;

/* What a file's first bytes (and, for .docx, its name) say it is. */
enum directive_format {
	DIRECTIVE_FMT_TEXT = 0, /* UTF-8, else GB18030/GBK or UTF-16 without a mark */
	DIRECTIVE_FMT_UTF16,	/* a UTF-16 byte order mark */
	DIRECTIVE_FMT_DOCX,	/* a zip (PK\3\4) or a name ending in .docx */
	DIRECTIVE_FMT_PDF,	/* %PDF- */
	DIRECTIVE_FMT_OLE2,	/* an OLE2 compound file: Word 97-2003 .doc, WPS .wps */
	DIRECTIVE_FMT__MAX
};

/* The format of len bytes at data; name (may be NULL) only decides for .docx. */
enum directive_format directive_sniff(const void *data, size_t len, const char *name);

/*
 * Parse a file of any format the reader knows: text in UTF-8, GB18030/GBK or UTF-16 (a
 * warning says what was converted), .docx, or a PDF's text layer. An OLE2 file gives
 * DIRECTIVE_EOLE (convert it to .docx first), a PDF without usable text DIRECTIVE_EPDF; for
 * a PDF also the errors of directive_pdf_text. Ownership and other errors as directive_parse.
 */
enum directive_rc directive_parse_input(const void *data, size_t len, const char *name,
					struct directive **out, struct directive_error *err);

/*
 * The text layer of a PDF as lines joined by '\n' into out (caller owns, initialised): page
 * numbers and a running head dropped, lines wrapped by the page joined into paragraphs. The
 * PDF itself is read by the helper program xuanguan-pdftext in its own process, with limits
 * (directive/pdfproc.h). Returns DIRECTIVE_OK, DIRECTIVE_EPDF (not a PDF, encrypted, damaged,
 * no text layer, no Unicode map), DIRECTIVE_EPDFLIMIT (past the helper's time, memory or
 * output limit), DIRECTIVE_EPDFTOOL (the helper is not installed or cannot start),
 * DIRECTIVE_ETOOBIG or DIRECTIVE_ENOMEM, with err filled.
 */
enum directive_rc directive_pdf_text(const void *data, size_t len, struct buf *out,
				     struct directive_error *err);

/*
 * Parse len bytes of text that directive_pdf_text gave, as directive_parse_input parses a PDF
 * (with its warning first), so that a caller that keeps the text runs the PDF reader once.
 * Ownership and errors as directive_parse.
 */
enum directive_rc directive_parse_pdf_text(const char *text, size_t len, struct directive **out,
					   struct directive_error *err);

#endif
