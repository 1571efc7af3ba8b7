/* page_task_view: the task views — the matrix of tasks × a unit's children with their lights, the
 * overdue assignments of a subtree, and a unit's timeline (bars from start to due, today marked,
 * printed 30 tasks to an A4 landscape page). Each links to its Excel export. */
#include "page/task_page.h"

#include <string.h>

#include "base/day.h"
#include "domain/task_view.h"
#include "http/html.h"

#define TIMELINE_PAGE_ROWS 30 /* rows of one printed A4 landscape page */
#define BAR_WIDTH 1000	      /* the bars' drawing width (SVG user units) */

/* What every view reads first: the unit picker's units and the campaigns. */
struct view_common {
	struct page_units units;
	struct db_campaign *camps;
	size_t ncamps;
	int64_t campaign_id;
};

static enum xg_rc
gather_common(struct req *r, struct view_common *c, struct xg_error *err)
{
	enum xg_rc rc = page_units_load(r, &c->units, err);

	c->campaign_id = param_int(&r->query, F_CAMPAIGN_ID, 0);
	if (rc == XG_OK)
		rc = page_task_campaigns(r, &c->camps, &c->ncamps, err);
	return rc;
}

/* Filter bar and export link of a view at path (e.g. "/tasks/matrix"), for unit. */
static void
view_head(struct req *r, const struct view_common *c, const char *key, const char *path,
	  const char *xlsx, const struct db_org *unit)
{
	struct buf *b = &r->out;

	page_task_views_nav(r, key);
	html_raw(b, "<form method=\"get\" action=\"");
	html_attr(b, path);
	html_raw(b, "\" class=\"filters\" role=\"search\">");
	page_unit_select(r, &c->units, unit->id);
	page_task_campaign_filter(r, c->camps, c->ncamps, c->campaign_id, "全部");
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button></form>"
		    "<p class=\"toolbar\"><a class=\"btn export\" href=\"");
	html_attr(b, xlsx);
	html_fmt(b, "?org_id=%lld", (long long)unit->id);
	if (c->campaign_id != 0)
		html_fmt(b, "&amp;campaign_id=%lld", (long long)c->campaign_id);
	html_raw(b, "\">导出Excel</a></p>");
}

/* "/tasks/matrix?org_id=3&campaign_id=2&" for the pager. */
static const char *
view_href(struct req *r, const char *path, const struct view_common *c, int64_t org_id)
{
	const char *h = c->campaign_id != 0
			    ? arena_printf(r->a, "%s?org_id=%lld&campaign_id=%lld&", path,
					   (long long)org_id, (long long)c->campaign_id)
			    : arena_printf(r->a, "%s?org_id=%lld&", path, (long long)org_id);
	return h != NULL ? h : "/tasks?";
}

/* A cell: the light's word in its colour, the state and percent as its title. */
static void
matrix_cell(struct req *r, const struct db_task_cell *c)
{
	struct buf *b = &r->out;
	enum task_light l;

	if (c == NULL) {
		html_raw(b, "<td class=\"cell none\" title=\"未分派\">—</td>");
		return;
	}
	l = task_cell_light(c, r->now);
	html_raw(b, "<td class=\"cell\"><span class=\"light light-");
	html_attr(b, task_light_code(l));
	html_raw(b, "\" title=\"");
	html_attr(b, c->org_name);
	html_raw(b, "：");
	html_attr(b, task_state_label(c->state));
	html_fmt(b, " %lld%%\">", (long long)c->percent);
	html_text(b, task_light_label(l));
	html_raw(b, "</span></td>");
}

static void
task_head_cell(struct req *r, const struct db_task *t)
{
	struct buf *b = &r->out;

	html_fmt(b, "<th scope=\"row\" class=\"task\"><a href=\"/tasks/%lld\">", (long long)t->id);
	html_text(b, t->title);
	html_raw(b, "</a><small>");
	html_text(b, t->due_date);
	html_raw(b, "</small></th>");
}

/* Rows tasks, columns children (a PC); the same cells transposed for a phone. */
static void
matrix_tables(struct req *r, const struct task_matrix *m)
{
	struct buf *b = &r->out;
	size_t i, j;

	html_raw(b, "<div class=\"table-wrap matrix-wide\"><table class=\"list matrix\"><thead><tr>"
		    "<th>任务 / 完成时限</th>");
	for (j = 0; j < m->ncols; j++) {
		html_raw(b, "<th class=\"unit\">");
		page_unit_link(r, m->cols[j].org_id, m->cols[j].name);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < m->ntasks; i++) {
		html_raw(b, "<tr>");
		task_head_cell(r, &m->tasks[i]);
		for (j = 0; j < m->ncols; j++)
			matrix_cell(r, m->grid[i * m->ncols + j]);
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");

	html_raw(b, "<div class=\"table-wrap matrix-tall\"><table class=\"list matrix\"><thead><tr>"
		    "<th>单位</th>");
	for (i = 0; i < m->ntasks; i++)
		task_head_cell(r, &m->tasks[i]);
	html_raw(b, "</tr></thead><tbody>");
	for (j = 0; j < m->ncols; j++) {
		html_raw(b, "<tr><th scope=\"row\">");
		page_unit_link(r, m->cols[j].org_id, m->cols[j].name);
		html_raw(b, "</th>");
		for (i = 0; i < m->ntasks; i++)
			matrix_cell(r, m->grid[i * m->ncols + j]);
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void
page_task_matrix(struct req *r)
{
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0);
	struct view_common c;
	struct task_matrix m;
	struct xg_error err;
	enum xg_rc rc = gather_common(r, &c, &err);

	if (rc == XG_OK)
		rc = task_matrix_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
				      c.campaign_id, limit, offset, r->now, &m, &err);
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "任务矩阵", "tasks");
	view_head(r, &c, "matrix", "/tasks/matrix", "/api/v1/tasks/matrix.xlsx", &m.unit);
	html_raw(b, "<p class=\"count\">");
	html_text(b, m.unit.name);
	html_raw(b, "的下级单位：共 <span data-total>");
	html_int(b, m.total, 1);
	html_raw(b, "</span> 项任务。每格是该下级单位承办情况的进度灯（红·逾期，黄·临期，绿·正常）；下级单位制定了具体方案的，按方案各级汇总。"
		    "</p>");
	if (m.ntasks == 0)
		html_raw(b, "<p class=\"empty\">下级单位没有承办的任务。</p>");
	else
		matrix_tables(r, &m);
	page_pager(r, view_href(r, "/tasks/matrix", &c, m.unit.id), m.total, limit, offset);
	page_end(r);
}

void
page_task_overdue(struct req *r)
{
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0);
	struct view_common c;
	struct task_overdue o;
	struct xg_error err;
	size_t i;
	enum xg_rc rc = gather_common(r, &c, &err);

	if (rc == XG_OK)
		rc = task_overdue_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
				       c.campaign_id, limit, offset, r->now, &o, &err);
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "逾期任务", "tasks");
	view_head(r, &c, "overdue", "/tasks/overdue", "/api/v1/tasks/overdue.xlsx", &o.unit);
	html_raw(b, "<p class=\"count\">");
	html_text(b, o.unit.name);
	html_raw(b, "及下级：");
	if (o.more)
		html_raw(b, "超过 ");
	html_raw(b, "<span data-total>");
	html_int(b, o.total, 1);
	html_raw(b, "</span> 项逾期未完成，最早到期的在前。</p>");
	if (o.n == 0) {
		html_raw(b, "<p class=\"empty\">没有逾期的任务。</p>");
	} else {
		html_raw(b, "<div class=\"table-wrap\"><table class=\"list overdue cards\"><thead><tr>"
			    "<th>单位</th><th>任务</th><th>完成时限</th><th class=\"num\">逾期天数"
			    "</th><th>状态</th><th class=\"num\">完成比例</th></tr></thead><tbody>");
		for (i = 0; i < o.n; i++) {
			const struct db_task_cell *e = &o.rows[i];
			html_raw(b, "<tr><td class=\"card-wide\" data-label=\"单位\">");
			page_unit_link(r, e->org_id, e->org_name);
			html_fmt(b, "</td><td class=\"card-title\"><a href=\"/tasks/%lld?org_id=%lld#work\">",
				 (long long)e->task_id, (long long)e->org_id);
			html_text(b, e->title);
			html_raw(b, "</a></td><td class=\"nowrap\" data-label=\"完成时限\">");
			html_text(b, e->due_date);
			html_raw(b, "</td><td class=\"num card-light\"><span class=\"light light-red\">红"
				    "</span> 逾期 ");
			html_int(b, task_days_overdue(e->due_date, r->now), 1);
			html_raw(b, " 天</td><td data-label=\"状态\">");
			html_text(b, task_state_label(e->state));
			html_fmt(b, "</td><td class=\"num\" data-label=\"完成比例\">%lld%%</td></tr>",
				 (long long)e->percent);
		}
		html_raw(b, "</tbody></table></div>");
	}
	page_pager(r, view_href(r, "/tasks/overdue", &c, o.unit.id), o.total, limit, offset);
	page_end(r);
}

/* x of day on the bars' scale from first to last (inclusive). */
static int64_t
bar_x(const struct task_timeline *t, int64_t day)
{
	int64_t span = t->last_day - t->first_day + 1;

	return (day - t->first_day) * BAR_WIDTH / span;
}

static void
day_text(struct buf *b, int64_t day)
{
	char s[DAY_TEXT_CAP];

	day_format(day, s, sizeof(s));
	html_text(b, s);
}

static void
gantt_head(struct req *r, const struct task_timeline *t)
{
	struct buf *b = &r->out;

	html_raw(b, "<table class=\"list gantt\"><thead><tr><th class=\"g-title\">任务</th>"
		    "<th class=\"g-date\">开始</th><th class=\"g-date\">完成时限</th>"
		    "<th class=\"g-state\">状态</th><th class=\"g-bar\"><span class=\"from\">");
	day_text(b, t->first_day);
	html_raw(b, "</span><span class=\"today-label\">今天 ");
	day_text(b, t->today);
	html_raw(b, "</span><span class=\"to\">");
	day_text(b, t->last_day);
	html_raw(b, "</span></th></tr></thead><tbody>");
}

/* One bar: an SVG (geometry as attributes, so the CSP's ban on inline styles holds). */
static void
gantt_row(struct req *r, const struct task_timeline *t, const struct db_task_cell *c)
{
	struct buf *b = &r->out;
	enum task_light l = task_cell_light(c, r->now);
	int64_t s = task_cell_start_day(c), d = s, x0, x1, tx;

	if (day_parse(c->due_date, &d) != 0 || d < s)
		d = s;
	x0 = bar_x(t, s);
	x1 = bar_x(t, d + 1);
	tx = bar_x(t, t->today);
	html_fmt(b, "<tr><td class=\"g-title\"><a href=\"/tasks/%lld\">", (long long)c->task_id);
	html_text(b, c->title);
	html_raw(b, "</a></td><td class=\"g-date\">");
	day_text(b, s);
	html_raw(b, "</td><td class=\"g-date\">");
	html_text(b, c->due_date);
	html_raw(b, "</td><td class=\"g-state\">");
	page_task_light(r, l);
	html_fmt(b,
		 "</td><td class=\"g-bar\"><svg viewBox=\"0 0 %d 10\" preserveAspectRatio=\"none\" "
		 "role=\"img\" aria-label=\"",
		 BAR_WIDTH);
	day_text(b, s);
	html_raw(b, " 至 ");
	html_attr(b, c->due_date);
	html_fmt(b, "\"><rect class=\"bar bar-%s\" x=\"%lld\" y=\"1\" width=\"%lld\" height=\"8\"/>",
		 task_light_code(l), (long long)x0, (long long)(x1 - x0 > 2 ? x1 - x0 : 2));
	if (c->percent > 0)
		html_fmt(b, "<rect class=\"done\" x=\"%lld\" y=\"4\" width=\"%lld\" height=\"2\"/>",
			 (long long)x0, (long long)((x1 - x0) * c->percent / 100));
	html_fmt(b, "<line class=\"today\" x1=\"%lld\" x2=\"%lld\" y1=\"0\" y2=\"10\"/></svg></td></tr>",
		 (long long)tx, (long long)tx);
}

void
page_task_timeline(struct req *r)
{
	struct buf *b = &r->out;
	struct view_common c;
	struct task_timeline t;
	struct xg_error err;
	size_t i;
	enum xg_rc rc = gather_common(r, &c, &err);

	if (rc == XG_OK)
		rc = task_timeline_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
					c.campaign_id, r->now, &t, &err);
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "任务时间表", "tasks");
	/* Printed on A4 landscape: a stylesheet for print only, on this page only. */
	html_raw(b, "<link rel=\"stylesheet\" href=\"/static/print-landscape.css\" media=\"print\">");
	view_head(r, &c, "timeline", "/tasks/timeline", "/api/v1/tasks/timeline.xlsx", &t.unit);
	html_raw(b, "<p class=\"count\">");
	html_text(b, t.unit.name);
	html_raw(b, "承办的任务：共 <span data-total>");
	html_int(b, (int64_t)t.n, 1);
	html_raw(b, "</span> 项。竖线是今天；打印时每页 30 项（A4 横向）。</p>");
	if (t.n == 0)
		html_raw(b, "<p class=\"empty\">没有承办的任务。</p>");
	/* One table per printed page, so that every page has its header and breaks after it. */
	for (i = 0; i < t.n; i++) {
		if (i % TIMELINE_PAGE_ROWS == 0) {
			if (i > 0)
				html_raw(b, "</tbody></table></div>");
			html_raw(b, "<div class=\"table-wrap gantt-page\">");
			gantt_head(r, &t);
		}
		gantt_row(r, &t, &t.rows[i]);
	}
	if (t.n > 0)
		html_raw(b, "</tbody></table></div>");
	page_end(r);
}
