/* page_task: 任务 — the tasks the caller sees with their lights, the staff's form that assigns a
 * new one, and a task's page: its assignments, and for an assigned unit 签收 and progress. */
#include "page/task_page.h"

#include <string.h>

#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/plan.h"
#include "domain/role.h"
#include "domain/task.h"
#include "domain/task_view.h"
#include "http/html.h"

#define CAMPAIGNS_SHOWN 100

static const struct page_done done_texts[] = {{"created", "已下达任务。"},
					      {"signed", "已签收。"},
					      {"reported", "已报送进展。"},
					      {NULL, NULL}};

/* Shared with page/task_view.c (page.h) */

void
page_task_light(struct req *r, enum task_light l)
{
	static const char *const words[] = {
	    [LIGHT_GREEN] = "正常", [LIGHT_YELLOW] = "临期", [LIGHT_RED] = "逾期"};
	struct buf *b = &r->out;

	html_raw(b, "<span class=\"light light-");
	html_attr(b, task_light_code(l));
	html_raw(b, "\">");
	html_text(b, task_light_label(l));
	html_raw(b, "·");
	html_text(b, words[l]);
	html_raw(b, "</span>");
}

enum xg_rc
page_task_campaigns(struct req *r, struct db_campaign **out, size_t *n, struct xg_error *err)
{
	int64_t total = 0;

	return xg_from_db(
	    err,
	    db_campaign_list(r->db, r->a, r->actor.org_path, CAMPAIGNS_SHOWN, 0, out, n, &total),
	    r->db, "专项工作");
}

void
page_task_campaign_filter(struct req *r, const struct db_campaign *c, size_t n, int64_t current,
			  const char *all)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-campaign_id\">专项工作</label>"
		    "<select id=\"f-campaign_id\" name=\"campaign_id\"><option value=\"\">");
	html_text(b, all);
	html_raw(b, "</option>");
	for (i = 0; i < n; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)c[i].id,
			 c[i].id == current ? " selected" : "");
		html_text(b, c[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></span>");
}

void
page_task_views_nav(struct req *r, const char *active)
{
	static const char *const keys[] = {"list", "matrix", "overdue", "timeline"};
	static const char *const hrefs[] = {"/tasks", "/tasks/matrix", "/tasks/overdue",
					    "/tasks/timeline"};
	static const char *const labels[] = {"任务列表", "任务矩阵", "逾期任务", "时间表"};
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<nav class=\"tabs\" aria-label=\"任务视图\">");
	for (i = 0; i < 4; i++) {
		html_raw(b, "<a href=\"");
		html_attr(b, hrefs[i]);
		html_raw(b, "\"");
		if (strcmp(active, keys[i]) == 0)
			html_raw(b, " class=\"active\" aria-current=\"page\"");
		html_raw(b, ">");
		html_text(b, labels[i]);
		html_raw(b, "</a>");
	}
	html_raw(b, "</nav>");
}

/* The list */

static const char *const lights[] = {"red", "yellow", "green"};

static enum xg_rc
check_light(const char *light, struct xg_error *err)
{
	size_t i;

	if (light == NULL)
		return XG_OK;
	for (i = 0; i < 3; i++)
		if (strcmp(light, lights[i]) == 0)
			return XG_OK;
	return xg_fail(err, XG_INVALID, "invalid", "light", "进度灯只能是红、黄、绿");
}

static void
light_filter(struct req *r, const char *current)
{
	static const enum task_light ls[] = {LIGHT_RED, LIGHT_YELLOW, LIGHT_GREEN};
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-light\">进度灯</label>"
		    "<select id=\"f-light\" name=\"light\"><option value=\"\">全部</option>");
	for (i = 0; i < 3; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, lights[i]);
		html_raw(b, "\"");
		if (current != NULL && strcmp(current, lights[i]) == 0)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, task_light_label(ls[i]));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></span>");
}

static void
task_rows(struct req *r, const struct db_task *list, size_t n)
{
	struct buf *b = &r->out;
	size_t i;

	/* On a phone each row is a card (app.css, table.cards): the title on a line of its own, then
	 * the light and each figure after its data-label. */
	html_raw(b, "<div class=\"table-wrap\"><table class=\"list tasks cards\"><thead><tr>"
		    "<th>任务</th><th>下达单位</th><th>完成时限</th><th class=\"num\">签收</th>"
		    "<th class=\"num\">完成</th><th>进度灯</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		const struct db_task *t = &list[i];
		html_fmt(b, "<tr><td class=\"card-title\"><a href=\"/tasks/%lld\">", (long long)t->id);
		html_text(b, t->title);
		html_raw(b, "</a></td><td class=\"card-wide\" data-label=\"下达单位\">");
		html_text(b, t->assigner_name);
		html_raw(b, "</td><td class=\"nowrap\" data-label=\"完成时限\">");
		html_text(b, t->due_date);
		html_fmt(b,
			 "</td><td class=\"num\" data-label=\"签收\">%lld/%lld</td>"
			 "<td class=\"num\" data-label=\"完成\">%lld/%lld</td><td class=\"card-light\">",
			 (long long)t->signed_units, (long long)t->units, (long long)t->done_units,
			 (long long)t->units);
		page_task_light(r, task_shown_light(t, r->now));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void
page_tasks(struct req *r)
{
	static const enum field_id ids[] = {F_CAMPAIGN_ID, F_LIGHT};
	struct buf *b = &r->out;
	const char *light = param_str(&r->query, F_LIGHT);
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	int64_t campaign = param_int(&r->query, F_CAMPAIGN_ID, 0);
	struct db_campaign *camps;
	struct db_task *list = NULL;
	size_t ncamps, n = 0;
	struct xg_error err;
	char today[DAY_TEXT_CAP];
	const char *done, *href;
	enum xg_rc rc;

	if (light != NULL && light[0] == '\0')
		light = NULL;
	day_format(day_of(r->now), today, sizeof(today));
	rc = check_light(light, &err);
	if (rc == XG_OK)
		rc = page_task_campaigns(r, &camps, &ncamps, &err);
	/* A task with a plan shows its plan's light, as on its own page and in the API's list; the
	 * light filter selects by the light shown. */
	if (rc == XG_OK)
		rc = task_list_read(r->db, r->a, &r->actor, campaign, light, limit, offset, r->now,
				    &list, &n, &total, &err);
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	href = page_query_href(r, "/tasks?", ids, 2);
	page_begin(r, "任务", "tasks");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	page_task_views_nav(r, "list");
	html_raw(b, "<form method=\"get\" action=\"/tasks\" class=\"filters\" role=\"search\">");
	page_task_campaign_filter(r, camps, ncamps, campaign, "全部");
	light_filter(r, light);
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button>"
		    "<a class=\"btn\" href=\"/tasks\">清除条件</a></form>");
	if (role_can(r->actor.role, PERM_TASK_ASSIGN))
		html_raw(b, "<p class=\"toolbar\"><a class=\"btn primary\" href=\"/tasks/new\">"
			    "下达任务</a></p>");
	html_raw(b, "<p class=\"count\">共 <span data-total>");
	html_int(b, total, 1);
	html_raw(b, "</span> 项（本单位及下级下达的，和下达给本单位及下级的）</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的任务。</p>");
	else
		task_rows(r, list, n);
	page_pager(r, href != NULL ? href : "/tasks?", total, limit, offset);
	page_end(r);
}

/* A new task */

struct task_form {
	const char *title, *paragraph, *section_path, *start_date, *due_date, *unit_kind;
	int64_t org_id, campaign_id, lead_unit;
	const int64_t *units, *co_units;
	size_t nunits, nco_units;
	struct page_units all;
	struct db_campaign *camps;
	size_t ncamps;
	struct db_kind *kinds;
	size_t nkinds;
};

static bool
has_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void
unit_multi(struct req *r, const struct task_form *f, const char *name, const char *label,
	   const int64_t *chosen, size_t nchosen, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;
	int64_t d;

	if (f->all.too_many) {
		struct buf typed;
		buf_init(&typed);
		for (i = 0; i < nchosen; i++)
			buf_printf(&typed, "%s%lld", i > 0 ? "," : "", (long long)chosen[i]);
		page_input(r, label, name, "text",
			   typed.err ? NULL : arena_strdup(r->a, buf_cstr(&typed)), false, err);
		buf_free(&typed);
		html_raw(b, "<p class=\"hint\">填写单位编号，多个用逗号分隔。</p>");
		return;
	}
	page_row_begin(r, label, name, false);
	html_raw(b, "<select multiple size=\"8\" id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\">");
	/* Units strictly below the caller's own: a task goes down the tree. */
	for (i = 1; i < f->all.n; i++) {
		if (f->all.list[i].closed)
			continue;
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)f->all.list[i].id,
			 has_id(chosen, nchosen, f->all.list[i].id) ? " selected" : "");
		for (d = f->all.list[0].depth + 1; d < f->all.list[i].depth; d++)
			html_raw(b, "　");
		html_text(b, f->all.list[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select><p class=\"hint\">按住 Ctrl（手机上直接点选）可选择多个单位。</p>");
	page_row_end(r, name, err);
}

static void
render_new(struct req *r, const struct task_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "下达任务", "tasks");
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	else if (err != NULL)
		page_notice(r, false, "请按提示修改后再提交。");
	html_raw(b, "<form method=\"post\" action=\"/tasks/new\" class=\"form\">");
	page_csrf_input(r);
	page_unit_picker(r, &f->all,
			 &(struct page_unit_picker){.name = "org_id",
						    .label = "下达单位",
						    .number_label = "下达单位编号",
						    .required = true},
			 f->org_id, err);
	page_input(r, "任务名称", "title", "text", f->title, true, err);
	page_row_begin(r, "原文段落", "paragraph", false);
	html_raw(b, "<textarea id=\"f-paragraph\" name=\"paragraph\" rows=\"4\">");
	html_text(b, f->paragraph);
	html_raw(b, "</textarea>");
	page_row_end(r, "paragraph", err);
	page_input(r, "章节", "section_path", "text", f->section_path, false, err);
	page_input(r, "开始日期", "start_date", "date", f->start_date, false, err);
	page_input(r, "完成时限", "due_date", "date", f->due_date, true, err);
	page_row_begin(r, "专项工作", "campaign_id", false);
	html_raw(
	    b,
	    "<select id=\"f-campaign_id\" name=\"campaign_id\"><option value=\"0\">不属于专项工作"
	    "</option>");
	for (i = 0; i < f->ncamps; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)f->camps[i].id,
			 f->camps[i].id == f->campaign_id ? " selected" : "");
		html_text(b, f->camps[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "campaign_id", err);
	html_raw(
	    b, "<fieldset class=\"units\"><legend>承办单位（按类型、按名单，或两者并用）</legend>");
	page_row_begin(r, "按单位类型", "unit_kind", false);
	html_raw(
	    b,
	    "<select id=\"f-unit_kind\" name=\"unit_kind\"><option value=\"\">不按类型</option>");
	for (i = 0; i < f->nkinds; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, f->kinds[i].name);
		html_raw(b, "\"");
		if (f->unit_kind != NULL && strcmp(f->unit_kind, f->kinds[i].name) == 0)
			html_raw(b, " selected");
		html_raw(b, ">下级全部");
		html_text(b, f->kinds[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "unit_kind", err);
	unit_multi(r, f, "units", "承办单位", f->units, f->nunits, err);
	if (f->all.too_many) {
		page_input(r, "牵头单位编号", "lead_unit", "number",
			   f->lead_unit > 0 ? arena_printf(r->a, "%lld", (long long)f->lead_unit)
					    : NULL,
			   false, err);
	} else {
		page_row_begin(r, "牵头单位", "lead_unit", false);
		html_raw(b, "<select id=\"f-lead_unit\" name=\"lead_unit\"><option value=\"0\">无"
			    "</option>");
		for (i = 1; i < f->all.n; i++) {
			if (f->all.list[i].closed)
				continue;
			html_fmt(b, "<option value=\"%lld\"%s>", (long long)f->all.list[i].id,
				 f->all.list[i].id == f->lead_unit ? " selected" : "");
			html_text(b, f->all.list[i].name);
			html_raw(b, "</option>");
		}
		html_raw(b, "</select>");
		page_row_end(r, "lead_unit", err);
	}
	unit_multi(r, f, "co_units", "配合单位", f->co_units, f->nco_units, err);
	html_raw(b, "</fieldset><div class=\"row buttons\"><button type=\"submit\" "
		    "class=\"primary\">下达</button><a class=\"btn\" href=\"/tasks\">取消</a></div>"
		    "</form>");
	page_end(r);
}

static enum xg_rc
gather_form(struct req *r, struct task_form *f, struct xg_error *err)
{
	enum xg_rc rc = page_units_load(r, &f->all, err);

	if (rc == XG_OK)
		rc = page_task_campaigns(r, &f->camps, &f->ncamps, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_kind_list(r->db, r->a, &f->kinds, &f->nkinds), r->db,
				"单位类型");
	return rc;
}

void
page_task_new_form(struct req *r)
{
	struct task_form f = {.org_id = r->actor.org_id};
	struct xg_error err;

	if (gather_form(r, &f, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_new(r, &f, NULL);
}

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

void
page_task_new(struct req *r)
{
	struct task_form f = {
	    .title = param_str(&r->body, F_TITLE),
	    .paragraph = nonempty(param_str(&r->body, F_PARAGRAPH)),
	    .section_path = nonempty(param_str(&r->body, F_SECTION_PATH)),
	    .start_date = nonempty(param_str(&r->body, F_START_DATE)),
	    .due_date = param_str(&r->body, F_DUE_DATE),
	    .unit_kind = nonempty(param_str(&r->body, F_UNIT_KIND)),
	    .org_id = param_int(&r->body, F_ORG_ID, 0),
	    .campaign_id = param_int(&r->body, F_CAMPAIGN_ID, 0),
	    .lead_unit = param_int(&r->body, F_LEAD_UNIT, 0),
	};
	struct db_task out;
	struct xg_error err, gerr;
	enum xg_rc rc = XG_OK;

	f.units = param_ids(&r->body, F_UNITS, &f.nunits);
	f.co_units = param_ids(&r->body, F_CO_UNITS, &f.nco_units);
	if (rc == XG_OK) {
		struct task_input in = {.org_id = f.org_id,
					.campaign_id = f.campaign_id,
					.title = f.title != NULL ? f.title : "",
					.paragraph = f.paragraph,
					.section_path = f.section_path,
					.start_date = f.start_date,
					.due_date = f.due_date != NULL ? f.due_date : "",
					.units = f.units,
					.nunits = f.nunits,
					.lead_unit = f.lead_unit,
					.co_units = f.co_units,
					.nco_units = f.nco_units,
					.unit_kind = f.unit_kind};
		rc = task_create(r->db, r->a, &r->actor, &in, r->now, &out, &err);
	}
	if (rc == XG_OK) {
		const char *to = arena_printf(r->a, "/tasks/%lld?done=created", (long long)out.id);
		http_redirect(r, to != NULL ? to : "/tasks?done=created");
		return;
	}
	if (rc != XG_INVALID || gather_form(r, &f, &gerr) != XG_OK) {
		page_error(r, rc != XG_INVALID ? &err : &gerr);
		return;
	}
	render_new(r, &f, &err);
}

/* A task's page */

struct task_page {
	struct db_task task;
	struct db_task_unit *units;
	size_t nunits;
	int64_t total, limit, offset;
	bool has_own; /* an assignment the caller works on is shown */
	struct db_task_unit own;
	struct db_task_progress *reports;
	size_t nreports;
	struct page_progress_files *files; /* of each report */
};

/* What was typed in the progress form, shown again beside an error (NULL: nothing typed). */
struct progress_typed {
	const char *percent, *text, *milestone, *problems, *help_needed;
};

static const char *
role_word(const char *role)
{
	if (strcmp(role, "lead") == 0)
		return "牵头";
	if (strcmp(role, "co") == 0)
		return "配合";
	return "承办";
}

/* The evidence files of each report shown. */
static enum xg_rc
gather_report_files(struct req *r, struct task_page *p, struct xg_error *err)
{
	size_t i;

	p->files = arena_alloc(r->a, (p->nreports + 1) * sizeof(*p->files));
	if (p->files == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < p->nreports; i++)
		if (page_progress_files_load(r, p->reports[i].id, &p->files[i], err) != XG_OK)
			return err->rc;
	return XG_OK;
}

/* The assignment shown below the list: ?org_id=, else the caller's own unit's when assigned. */
static enum xg_rc
gather_task(struct req *r, int64_t org_id, struct task_page *p, struct xg_error *err)
{
	enum xg_rc rc;

	memset(p, 0, sizeof(*p));
	p->limit = page_limit(r);
	p->offset = param_int(&r->query, F_OFFSET, 0);
	rc = xg_from_db(err, db_task_get(r->db, r->a, r->actor.org_path, r->id[0], &p->task), r->db,
			"任务");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_units(r->db, r->a, r->actor.org_path, r->id[0], p->limit,
					      p->offset, &p->units, &p->nunits, &p->total),
				r->db, "任务");
	/* Lights through every level of the plans below, as the API shows them. */
	if (rc == XG_OK)
		rc = plan_fill_task(r->db, r->a, &r->actor, &p->task, r->now, err);
	if (rc == XG_OK)
		rc = plan_fill_units(r->db, r->a, &r->actor, r->id[0], p->units, p->nunits, r->now,
				     err);
	if (rc != XG_OK)
		return rc;
	if (org_id == 0 &&
	    db_task_unit_get(r->db, r->a, r->id[0], r->actor.org_id, &p->own) != DB_OK)
		return XG_OK; /* the caller's unit has no assignment of its own */
	rc = task_progress_read(r->db, r->a, &r->actor, r->id[0], org_id, &p->own, &p->reports,
				&p->nreports, err);
	p->has_own = rc == XG_OK;
	if (rc == XG_OK)
		rc = gather_report_files(r, p, err);
	return rc;
}

/* One line of the task's facts: label and (already escaped) value between fact_begin/end. */
static void
fact_begin(struct buf *b, const char *label)
{
	html_raw(b, "<div><dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
}

static void
task_facts(struct req *r, const struct db_task *t)
{
	struct buf *b = &r->out;

	html_raw(b, "<dl class=\"info\">");
	fact_begin(b, "下达单位");
	html_text(b, t->assigner_name);
	html_raw(b, "</dd></div>");
	if (t->section_path != NULL) {
		fact_begin(b, "章节");
		html_text(b, t->section_path);
		html_raw(b, "</dd></div>");
	}
	fact_begin(b, "开始日期");
	html_text(b, t->start_date != NULL ? t->start_date : "—");
	html_raw(b, "</dd></div>");
	fact_begin(b, "完成时限");
	html_text(b, t->due_date);
	html_raw(b, "</dd></div>");
	fact_begin(b, "进度灯");
	page_task_light(r, task_shown_light(t, r->now));
	html_raw(b, "</dd></div>");
	fact_begin(b, "签收 / 完成");
	html_fmt(b, "%lld / %lld（共 %lld 个单位）</dd></div>", (long long)t->signed_units,
		 (long long)t->done_units, (long long)t->units);
	if (t->paragraph != NULL) {
		html_raw(b, "<div><dt>原文</dt><dd class=\"paragraph\">");
		html_text(b, t->paragraph);
		html_raw(b, "</dd></div>");
	}
	html_raw(b, "</dl>");
}

static void
unit_rows(struct req *r, const struct task_page *p)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b,
		 "<h2>承办单位</h2><div class=\"table-wrap\"><table class=\"list task-units cards\">"
		 "<thead><tr><th>单位</th><th>角色</th><th>状态</th><th class=\"num\">完成比例</th>"
		 "<th>进度灯</th><th>进展</th></tr></thead><tbody>");
	for (i = 0; i < p->nunits; i++) {
		const struct db_task_unit *u = &p->units[i];
		html_raw(b, "<tr><td class=\"card-title\">");
		page_unit_link(r, u->org_id, u->org_name);
		html_raw(b, "</td><td data-label=\"角色\">");
		html_text(b, role_word(u->role));
		html_raw(b, "</td><td data-label=\"状态\">");
		html_text(b, task_state_label(u->state));
		html_fmt(b,
			 "</td><td class=\"num\" data-label=\"完成比例\">%lld%%</td>"
			 "<td class=\"card-light\">",
			 (long long)u->percent);
		page_task_light(r, task_unit_shown_light(u, r->now));
		html_fmt(b, "</td><td><a href=\"/tasks/%lld?org_id=%lld#work\">查看</a></td></tr>",
			 (long long)p->task.id, (long long)u->org_id);
	}
	html_raw(b, "</tbody></table></div>");
}

/* A multi-line field of the progress form, with what was typed. */
static void
progress_textarea(struct req *r, const char *label, const char *name, const char *value,
		  const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_row_begin(r, label, name, false);
	html_fmt(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"3\">", name, name);
	html_text(b, value);
	html_raw(b, "</textarea>");
	page_row_end(r, name, err);
}

static void
progress_form(struct req *r, const struct task_page *p, const struct progress_typed *t,
	      const struct xg_error *err)
{
	struct buf *b = &r->out;
	const struct db_task_unit *u = &p->own;

	html_fmt(b, "<form method=\"post\" action=\"/tasks/%lld/progress\" class=\"form\">",
		 (long long)p->task.id);
	page_csrf_input(r);
	html_fmt(b, "<input type=\"hidden\" name=\"org_id\" value=\"%lld\">", (long long)u->org_id);
	page_input(r, "完成比例（%）", "percent", "number",
		   t->percent != NULL ? t->percent
				      : arena_printf(r->a, "%lld", (long long)u->percent),
		   true, err);
	page_input(r, "达到的节点", "milestone", "text", t->milestone, false, err);
	progress_textarea(r, "进展情况", "text", t->text, err);
	progress_textarea(r, "存在的问题", "problems", t->problems, err);
	progress_textarea(r, "需要的支持", "help_needed", t->help_needed, err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">"
		    "报送进展</button></div></form>");
}

/* A labelled text of a report, when it has one. */
static void
report_part(struct buf *b, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	html_raw(b, "<br><span class=\"muted\">");
	html_text(b, label);
	html_raw(b, "：</span>");
	html_text(b, text);
}

static void
reports_list(struct req *r, const struct task_page *p, bool may_attach)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<h3>进展报送</h3>");
	if (p->nreports == 0) {
		html_raw(b, "<p class=\"empty\">还没有报送进展。</p>");
		return;
	}
	html_raw(b, "<ol class=\"reports\">");
	for (i = 0; i < p->nreports; i++) {
		const struct db_task_progress *rp = &p->reports[i];
		html_raw(b, "<li><span class=\"muted\">");
		html_time(b, rp->at);
		html_raw(b, " ");
		html_text(b, rp->by_name);
		html_fmt(b, "</span> 完成 %lld%%：", (long long)rp->percent);
		html_text(b, rp->text);
		report_part(b, "节点", rp->milestone);
		report_part(b, "问题", rp->problems);
		report_part(b, "需要的支持", rp->help_needed);
		page_progress_files(r, p->task.id, rp, &p->files[i], may_attach);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
	if (may_attach)
		page_files_script(r);
}

static void
work_section(struct req *r, const struct task_page *p, const struct progress_typed *t,
	     const struct xg_error *err)
{
	struct buf *b = &r->out;
	const struct db_task_unit *u = &p->own;
	bool may_work = role_can(r->actor.role, PERM_TASK_WORK) &&
			(r->actor.org_path == NULL || tree_within(u->org_path, r->actor.org_path));

	html_raw(b, "<section id=\"work\" class=\"work\"><h2>");
	html_text(b, u->org_name);
	html_raw(b, "的办理情况</h2><p>状态：");
	html_text(b, task_state_label(u->state));
	html_fmt(b, "，完成 %lld%%。</p>", (long long)u->percent);
	if (may_work && strcmp(u->state, "assigned") == 0) {
		html_fmt(b, "<form method=\"post\" action=\"/tasks/%lld/sign\" class=\"inline\">",
			 (long long)p->task.id);
		page_csrf_input(r);
		html_fmt(b,
			 "<input type=\"hidden\" name=\"org_id\" value=\"%lld\">"
			 "<button type=\"submit\" class=\"primary\">签收</button></form>",
			 (long long)u->org_id);
	} else if (may_work) {
		progress_form(r, p, t, err);
	}
	reports_list(r, p, page_progress_may_attach(r, u));
	html_raw(b, "</section>");
}

static void
render_task(struct req *r, const struct task_page *p, const struct progress_typed *t,
	    const struct xg_error *err)
{
	const char *done, *href;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, p->task.title, "tasks");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	task_facts(r, &p->task);
	unit_rows(r, p);
	href = arena_printf(r->a, "/tasks/%lld?", (long long)p->task.id);
	page_pager(r, href != NULL ? href : "/tasks?", p->total, p->limit, p->offset);
	if (p->has_own)
		work_section(r, p, t, err);
	page_end(r);
}

void
page_task(struct req *r)
{
	struct task_page p;
	struct xg_error err;

	if (gather_task(r, param_int(&r->query, F_ORG_ID, 0), &p, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_task(r, &p, &(struct progress_typed){0}, NULL);
}

static void
back_to_task(struct req *r, int64_t org_id, const char *done)
{
	const char *to = arena_printf(r->a, "/tasks/%lld?org_id=%lld&done=%s#work",
				      (long long)r->id[0], (long long)org_id, done);
	http_redirect(r, to != NULL ? to : "/tasks");
}

void
page_task_sign(struct req *r)
{
	struct db_task_unit out;
	struct xg_error err;

	if (task_sign(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0), r->now,
		      &out, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	back_to_task(r, out.org_id, "signed");
}

void
page_task_progress(struct req *r)
{
	struct progress_typed t = {.percent = param_str(&r->body, F_PERCENT),
				   .text = param_str(&r->body, F_TEXT),
				   .milestone = param_str(&r->body, F_MILESTONE),
				   .problems = param_str(&r->body, F_PROBLEMS),
				   .help_needed = param_str(&r->body, F_HELP_NEEDED)};
	struct task_report_input in = {.percent = -1,
				       .text = nonempty(t.text),
				       .milestone = nonempty(t.milestone),
				       .problems = nonempty(t.problems),
				       .help_needed = nonempty(t.help_needed)};
	int64_t org_id = param_int(&r->body, F_ORG_ID, 0);
	struct db_task_unit out;
	struct task_page p;
	struct xg_error err, gerr;
	enum xg_rc rc = XG_OK;

	if (t.percent == NULL || str_parse_i64(str_slice(t.percent), 0, 100, &in.percent) != 0)
		rc = xg_fail(&err, XG_INVALID, "out_of_range", "percent",
			     "完成比例应为 0 到 100 之间的整数");
	if (rc == XG_OK)
		rc = task_report_full(r->db, r->a, &r->actor, r->id[0], org_id, &in, r->now, &out,
				      NULL, &err);
	if (rc == XG_OK) {
		back_to_task(r, out.org_id, "reported");
		return;
	}
	if (rc != XG_INVALID || gather_task(r, org_id, &p, &gerr) != XG_OK) {
		page_error(r, rc != XG_INVALID ? &err : &gerr);
		return;
	}
	render_task(r, &p, &t, &err);
}
