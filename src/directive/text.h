/* directive_text: the first stage — check the input and cut it into normalised lines. */
#ifndef XG_DIRECTIVE_TEXT_H
#define XG_DIRECTIVE_TEXT_H

#include "directive/util.h"

/*
 * Normalise len bytes of UTF-8 text into c->ln. Returns DIRECTIVE_OK, DIRECTIVE_EUTF8,
 * DIRECTIVE_ENOTDOC (err filled) or DIRECTIVE_ENOMEM.
 */
enum directive_rc directive_text_lines(struct dctx *c, const char *text, size_t len,
				       struct directive_error *err);

#endif
