/* directive_time: deadlines in a task's text. */
#ifndef XG_DIRECTIVE_TIME_H
#define XG_DIRECTIVE_TIME_H

#include "directive/util.h"

/* Deadlines found in s[0..n), appended to t->deadlines. Failures set c->oom. */
void directive_deadlines(struct dctx *c, struct directive_task *t, const char *s, size_t n);

#endif
