/* directive_body: the stage that builds the section tree. */
#ifndef XG_DIRECTIVE_BODY_H
#define XG_DIRECTIVE_BODY_H

#include "directive/util.h"

/* The section tree and preamble of lines [c->body0, c->body1). Failures set c->oom. */
void directive_body(struct dctx *c);

#endif
