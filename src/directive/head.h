/* directive_head: the stage that reads the parts around the body. */
#ifndef XG_DIRECTIVE_HEAD_H
#define XG_DIRECTIVE_HEAD_H

#include "directive/util.h"

/*
 * Head (marks, number, title, addressees) and tail (attachments, signature, date, …) of
 * c->ln into c->d; sets c->body0/body1 and the reference date. Failures set c->oom.
 */
void directive_head(struct dctx *c);

#endif
