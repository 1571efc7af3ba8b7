/* directive_target: numeric and comparative targets in a task's text. */
#ifndef XG_DIRECTIVE_TARGET_H
#define XG_DIRECTIVE_TARGET_H

#include "directive/util.h"

/* Targets found in s[0..n), appended to t->targets; deadlines must be found first. */
void directive_targets(struct dctx *c, struct directive_task *t, const char *s, size_t n);

#endif
