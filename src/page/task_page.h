/* page/task_page: what the task pages (page/task.c, page/task_view.c) share — the light badge,
 * the campaign filter and the tabs of the task views. */
#ifndef XG_PAGE_TASK_PAGE_H
#define XG_PAGE_TASK_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/task.h"
#include "page/page.h"

/* The light as a coloured badge WITH its word (红·逾期): never colour alone. */
void page_task_light(struct req *r, enum task_light l);
/* The campaigns the caller sees (the first CAMPAIGNS_SHOWN), for a filter. */
enum xg_rc page_task_campaigns(struct req *r, struct db_campaign **out, size_t *n,
			       struct xg_error *err);
/* A filter-bar select of those campaigns; all is the label of "any". */
void page_task_campaign_filter(struct req *r, const struct db_campaign *c, size_t n,
			       int64_t current, const char *all);
/* The tabs 任务列表 · 任务矩阵 · 逾期任务 · 时间表; active is list, matrix, overdue or timeline. */
void page_task_views_nav(struct req *r, const char *active);

#endif
