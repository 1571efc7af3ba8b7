/* directive_task: the stage that finds tasks in the section tree. */
#ifndef XG_DIRECTIVE_TASK_H
#define XG_DIRECTIVE_TASK_H

#include "directive/util.h"

/* One task per node (and preamble paragraph) that asks for something. Failures set c->oom. */
void directive_tasks(struct dctx *c);

#endif
