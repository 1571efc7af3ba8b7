/* page_inspection: 督促检查 — the inspections the caller sees, the form that records one, and an
 * inspection's page: its findings, the rectifications with their lights and states, the answer
 * form for the inspected unit and the close and reopen forms for the inspector. */
#include "page/page.h"

#include <string.h>

#include "base/day.h"
#include "domain/inspection.h"
#include "domain/role.h"
#include "http/html.h"

static const struct page_done done_texts[] = {
    {"created", "已登记督查记录。"},  {"asked", "已提出整改要求。"},
    {"answered", "已提交整改情况。"}, {"closed", "已销号。"},
    {"reopened", "已要求重新整改。"}, {NULL, NULL}};

static const char *const light_labels[] = {
    [LIGHT_GREEN] = "正常",
    [LIGHT_YELLOW] = "临期",
    [LIGHT_RED] = "逾期",
};

static void
light_tag(struct buf *b, enum task_light l)
{
	if (l == LIGHT_RED)
		html_raw(b, "<span class=\"light light-red\">");
	else if (l == LIGHT_YELLOW)
		html_raw(b, "<span class=\"light light-yellow\">");
	else
		html_raw(b, "<span class=\"light light-green\">");
	html_text(b, light_labels[l]);
	html_raw(b, "</span>");
}

/* The list */

static void
inspection_table(struct req *r, const struct db_inspection *list, size_t n)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"table-wrap\"><table class=\"list inspections cards\"><thead><tr>"
		    "<th>检查日期</th><th>检查单位</th><th>检查内容</th>"
		    "<th class=\"num\">被检查单位</th><th class=\"num\">待整改</th>"
		    "<th class=\"num\">逾期</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_fmt(b, "<tr><td class=\"nowrap\" data-label=\"检查日期\"><a href=\"/inspections/%lld\">",
			 (long long)list[i].id);
		html_text(b, list[i].day);
		html_raw(b, "</a></td><td class=\"card-wide\" data-label=\"检查单位\">");
		page_unit_link(r, list[i].org_id, list[i].org_name);
		html_fmt(b, "</td><td class=\"card-title\"><a href=\"/inspections/%lld\">",
			 (long long)list[i].id);
		html_text(b, list[i].items);
		html_raw(b, "</a></td><td class=\"num\" data-label=\"被检查单位\">");
		html_int(b, list[i].units, 1);
		html_raw(b, "</td><td class=\"num\" data-label=\"待整改\">");
		html_int(b, list[i].pending, 1);
		html_raw(b, "</td><td class=\"num\" data-label=\"逾期\">");
		if (list[i].overdue > 0) {
			html_raw(b, "<span class=\"light light-red\">");
			html_int(b, list[i].overdue, 1);
			html_raw(b, "</span>");
		} else {
			html_raw(b, "0");
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void
page_inspections(struct req *r)
{
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	struct db_inspection *list;
	struct xg_error err;
	const char *done;
	char today[16];
	size_t n;

	day_format(day_of(r->now), today, sizeof(today));
	if (xg_from_db(&err,
		       db_inspection_list(r->db, r->a, r->actor.org_path, today, limit, offset,
					  &list, &n, &total),
		       r->db, "督查") != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "督促检查", "inspect");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	if (role_can(r->actor.role, PERM_INSPECT))
		html_raw(b,
			 "<p class=\"toolbar\"><a class=\"btn primary\" href=\"/inspections/new\">"
			 "登记督查</a></p>");
	html_raw(b, "<p class=\"count\">共 ");
	html_int(b, total, 1);
	html_raw(b, " 次（本单位及下级开展的，和检查本单位及下级的）</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">还没有督查记录。</p>");
	else
		inspection_table(r, list, n);
	page_pager(r, "/inspections?", total, limit, offset);
	page_end(r);
}

/* The new inspection's form */

struct inspection_form {
	const char *day, *items, *findings;
	const int64_t *chosen;
	size_t nchosen;
	struct page_units units;
};

static bool
chosen(const struct inspection_form *f, int64_t id)
{
	size_t i;

	for (i = 0; i < f->nchosen; i++)
		if (f->chosen[i] == id)
			return true;
	return false;
}

static void
textarea(struct req *r, const char *label, const char *name, const char *value, bool required,
	 const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_row_begin(r, label, name, required);
	html_raw(b, "<textarea id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" rows=\"4\">");
	html_text(b, value);
	html_raw(b, "</textarea>");
	page_row_end(r, name, err);
}

/* Units below the caller's own: a multiple select indented by depth (or ids past the limit). */
static void
units_row(struct req *r, const struct inspection_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	page_row_begin(r, "被检查单位", "units", true);
	if (f->units.too_many) {
		page_input_open(r, "units", "text", NULL);
		html_raw(b, " placeholder=\"单位编号，用逗号分隔\">");
	} else {
		html_raw(b, "<select id=\"f-units\" name=\"units\" multiple size=\"10\">");
		for (i = 0; i < f->units.n; i++) {
			const struct db_org *o = &f->units.list[i];
			if (o->id == r->actor.org_id || o->closed)
				continue;
			html_fmt(b, "<option value=\"%lld\"", (long long)o->id);
			if (chosen(f, o->id))
				html_raw(b, " selected");
			html_raw(b, ">");
			for (int64_t d = 1; d < o->depth - f->units.list[0].depth; d++)
				html_raw(b, "　");
			html_text(b, o->name);
			html_raw(b, "</option>");
		}
		html_raw(b,
			 "</select><p class=\"muted\">按住 Ctrl（手机上直接点选）可选多个单位</p>");
	}
	page_row_end(r, "units", err);
}

static void
render_form(struct req *r, const struct inspection_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "登记督查", "inspect");
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	html_raw(b, "<form method=\"post\" action=\"/inspections/new\" class=\"form\">");
	page_csrf_input(r);
	html_raw(b, "<div class=\"row\"><span class=\"label\">检查单位</span><div "
		    "class=\"ctl static\">");
	html_text(b, r->actor.org_name);
	html_raw(b, "</div></div>");
	page_input(r, "检查日期", "date", "date", f->day, true, err);
	units_row(r, f, err);
	textarea(r, "检查内容", "items", f->items, true, err);
	textarea(r, "发现的问题", "findings", f->findings, true, err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存"
		    "</button><a class=\"btn\" href=\"/inspections\">取消</a></div></form>");
	page_end(r);
}

void
page_inspection_new_form(struct req *r)
{
	struct inspection_form f = {0};
	char today[16];
	struct xg_error err;

	day_format(day_of(r->now), today, sizeof(today));
	f.day = arena_printf(r->a, "%s", today);
	if (page_units_load(r, &f.units, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_form(r, &f, NULL);
}

void
page_inspection_new(struct req *r)
{
	struct inspection_form f = {.day = param_str(&r->body, F_DATE),
				    .items = param_str(&r->body, F_ITEMS),
				    .findings = param_str(&r->body, F_FINDINGS)};
	struct inspection_input in = {.day = f.day, .items = f.items, .findings = f.findings};
	struct db_inspection out;
	struct xg_error err, lerr;
	enum xg_rc rc;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	f.chosen = in.units;
	f.nchosen = in.nunits;
	rc = inspection_create(r->db, r->a, &r->actor, &in, r->now, &out, &err);
	if (rc == XG_OK) {
		const char *to =
		    arena_printf(r->a, "/inspections/%lld?done=created", (long long)out.id);
		http_redirect(r, to != NULL ? to : "/inspections?done=created");
		return;
	}
	if (page_units_load(r, &f.units, &lerr) != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	render_form(r, &f, &err);
}

/* An inspection's page */

struct inspection_view {
	struct db_inspection ins;
	struct db_inspection_unit *units;
	size_t nunits;
	struct db_rectification *rects;
	size_t nrects;
	struct db_file **files; /* per rectification */
	size_t *nfiles;
	bool inspector;
};

static enum xg_rc
view_load(struct req *r, int64_t id, struct inspection_view *v, struct xg_error *err)
{
	enum xg_rc rc;
	size_t i;

	memset(v, 0, sizeof(*v));
	rc = inspection_read(r->db, r->a, &r->actor, id, r->now, &v->ins, &v->units, &v->nunits,
			     &v->rects, &v->nrects, err);
	if (rc != XG_OK)
		return rc;
	v->inspector = inspection_is_inspector(&r->actor, &v->ins);
	v->files = arena_alloc(r->a, (v->nrects + 1) * sizeof(*v->files));
	v->nfiles = arena_alloc(r->a, (v->nrects + 1) * sizeof(*v->nfiles));
	if (v->files == NULL || v->nfiles == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; rc == XG_OK && i < v->nrects; i++)
		rc = xg_from_db(
		    err,
		    db_file_rect_list(r->db, r->a, v->rects[i].id, &v->files[i], &v->nfiles[i]),
		    r->db, "附件");
	return rc;
}

static void
info_row(struct buf *b, const char *label)
{
	html_raw(b, "<div><dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
}

static void
inspection_info(struct req *r, const struct inspection_view *v)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<dl class=\"info\">");
	info_row(b, "检查单位");
	page_unit_link(r, v->ins.org_id, v->ins.org_name);
	html_raw(b, "</dd></div>");
	info_row(b, "检查日期");
	html_text(b, v->ins.day);
	html_raw(b, "</dd></div>");
	info_row(b, "被检查单位");
	for (i = 0; i < v->nunits; i++) {
		if (i > 0)
			html_raw(b, "、");
		page_unit_link(r, v->units[i].org_id, v->units[i].org_name);
	}
	html_raw(b, "</dd></div>");
	info_row(b, "检查内容");
	html_raw(b, "<span class=\"pre\">");
	html_text(b, v->ins.items);
	html_raw(b, "</span></dd></div>");
	info_row(b, "发现的问题");
	html_raw(b, "<span class=\"pre\">");
	html_text(b, v->ins.findings);
	html_raw(b, "</span></dd></div>");
	info_row(b, "登记人");
	html_text(b, v->ins.created_by_name);
	html_raw(b, "（");
	html_time(b, v->ins.created_at);
	html_raw(b, "）</dd></div></dl>");
}

/* A small form posting one text to /rectifications/{id}/{step}. */
static void
step_form(struct req *r, int64_t id, const char *step, const char *field, const char *label,
	  bool required, const char *button, bool primary)
{
	struct buf *b = &r->out;

	html_fmt(b, "<form method=\"post\" class=\"form step\" action=\"/rectifications/%lld/",
		 (long long)id);
	html_attr(b, step);
	html_raw(b, "\">");
	page_csrf_input(r);
	html_fmt(b, "<label for=\"f-%s-%lld\">", step, (long long)id);
	html_text(b, label);
	if (required)
		html_raw(b, " <span class=\"req\">*</span>");
	html_fmt(b, "</label><textarea id=\"f-%s-%lld\" name=\"", step, (long long)id);
	html_attr(b, field);
	html_raw(b, "\" rows=\"3\"");
	if (required)
		html_raw(b, " required");
	html_raw(b, "></textarea><button type=\"submit\"");
	if (primary)
		html_raw(b, " class=\"primary\"");
	html_raw(b, ">");
	html_text(b, button);
	html_raw(b, "</button></form>");
}

static void
rect_card(struct req *r, const struct inspection_view *v, size_t k)
{
	struct buf *b = &r->out;
	const struct db_rectification *x = &v->rects[k];
	bool answer = rect_may_answer(&r->actor, x);
	bool answered = strcmp(x->state, "answered") == 0, closed = strcmp(x->state, "closed") == 0;
	const char *url = NULL;

	html_fmt(b, "<article class=\"rect\" id=\"rect-%lld\"><header><h3>", (long long)x->id);
	page_unit_link(r, x->org_id, x->org_name);
	html_raw(b, "</h3> <span class=\"tag rect-");
	html_attr(b, x->state);
	html_raw(b, "\">");
	html_text(b, rect_state_label(x->state));
	html_raw(b, "</span> ");
	light_tag(b, rect_light(x, day_of(r->now)));
	html_raw(b, "</header><dl class=\"info\">");
	info_row(b, "整改要求");
	html_raw(b, "<span class=\"pre\">");
	html_text(b, x->what);
	html_raw(b, "</span></dd></div>");
	info_row(b, "整改期限");
	html_text(b, x->deadline);
	html_raw(b, "</dd></div>");
	if (x->answer != NULL) {
		info_row(b, "整改情况");
		html_raw(b, "<span class=\"pre\">");
		html_text(b, x->answer);
		html_raw(b, "</span><br><span class=\"muted\">");
		html_text(b, x->answered_by_name);
		html_raw(b, " ");
		html_time(b, x->answered_at);
		html_raw(b, "</span></dd></div>");
	}
	if (x->note != NULL) {
		info_row(b, closed ? "销号意见" : "检查单位意见");
		html_raw(b, "<span class=\"pre\">");
		html_text(b, x->note);
		html_raw(b, "</span></dd></div>");
	}
	html_raw(b, "</dl><h4>整改佐证材料</h4>");
	if (rect_may_attach(&r->actor, x))
		url = arena_printf(r->a, "/api/v1/rectifications/%lld/files", (long long)x->id);
	page_files_block(r, arena_printf(r->a, "x%lld", (long long)x->id), v->files[k],
			 v->nfiles[k], url);
	if (answer)
		step_form(r, x->id, "answer", "answer", "整改情况", true, "提交整改情况", true);
	if (v->inspector && answered)
		step_form(r, x->id, "close", "note", "销号意见", false, "同意销号", true);
	if (v->inspector && (answered || closed))
		step_form(r, x->id, "reopen", "note", "仍需整改的内容", true, "要求重新整改",
			  false);
	html_raw(b, "</article>");
}

static void
ask_form(struct req *r, const struct inspection_view *v)
{
	struct buf *b = &r->out;
	size_t i;

	html_fmt(b,
		 "<form method=\"post\" class=\"form\" action=\"/inspections/%lld/rectifications\">"
		 "<h3>提出整改要求</h3>",
		 (long long)v->ins.id);
	page_csrf_input(r);
	page_row_begin(r, "整改单位", "org_id", true);
	html_raw(b, "<select id=\"f-org_id\" name=\"org_id\" required>");
	for (i = 0; i < v->nunits; i++) {
		html_fmt(b, "<option value=\"%lld\">", (long long)v->units[i].org_id);
		html_text(b, v->units[i].org_name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "org_id", NULL);
	textarea(r, "整改要求", "requirement", NULL, true, NULL);
	page_input(r, "整改期限", "deadline", "date", NULL, true, NULL);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">"
		    "提出整改要求</button></div></form>");
}

static void
render_view(struct req *r, const struct inspection_view *v, const struct xg_error *err)
{
	struct buf *b = &r->out;
	const char *done;
	size_t i;
	bool uploads = false;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "督查记录", "inspect");
	html_raw(
	    b, "<p class=\"toolbar\"><a class=\"btn\" href=\"/inspections\">返回督查列表</a></p>");
	if (err != NULL)
		page_notice(r, false, err->message);
	else if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	inspection_info(r, v);
	html_raw(b, "<section class=\"rects\" aria-labelledby=\"rects-h\"><h2 id=\"rects-h\">"
		    "整改事项</h2>");
	if (v->nrects == 0)
		html_raw(b, "<p class=\"empty\">没有整改要求。</p>");
	for (i = 0; i < v->nrects; i++) {
		rect_card(r, v, i);
		uploads = uploads || rect_may_attach(&r->actor, &v->rects[i]);
	}
	if (v->inspector && v->nunits > 0)
		ask_form(r, v);
	html_raw(b, "</section>");
	if (uploads)
		page_files_script(r);
	page_end(r);
}

void
page_inspection(struct req *r)
{
	struct inspection_view v;
	struct xg_error err;

	if (view_load(r, r->id[0], &v, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_view(r, &v, NULL);
}

/* After a step: back to the inspection's page, or the page again with the error. */
static void
after_step(struct req *r, enum xg_rc rc, int64_t inspection_id, const char *done,
	   const struct xg_error *err)
{
	struct inspection_view v;
	struct xg_error lerr;

	if (rc == XG_OK) {
		const char *to = arena_printf(r->a, "/inspections/%lld?done=%s#rects-h",
					      (long long)inspection_id, done);
		http_redirect(r, to != NULL ? to : "/inspections");
		return;
	}
	if (inspection_id == 0 || view_load(r, inspection_id, &v, &lerr) != XG_OK) {
		page_error(r, err);
		return;
	}
	render_view(r, &v, err);
}

void
page_rect_new(struct req *r)
{
	struct db_rectification out;
	struct xg_error err;
	enum xg_rc rc =
	    rect_create(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0),
			param_str(&r->body, F_REQUIREMENT), param_str(&r->body, F_DEADLINE), r->now,
			&out, &err);

	after_step(r, rc, r->id[0], "asked", &err);
}

/* The inspection a rectification belongs to, as the caller sees it (0: none). */
static int64_t
inspection_of(struct req *r, int64_t rect_id)
{
	struct db_rectification x;

	return db_rect_get(r->db, r->a, r->actor.org_path, rect_id, &x) == DB_OK ? x.inspection_id
										 : 0;
}

void
page_rect_answer(struct req *r)
{
	struct db_rectification out;
	struct xg_error err;
	enum xg_rc rc = rect_answer(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_ANSWER),
				    r->now, &out, &err);

	after_step(r, rc, inspection_of(r, r->id[0]), "answered", &err);
}

void
page_rect_close(struct req *r)
{
	struct db_rectification out;
	struct xg_error err;
	enum xg_rc rc = rect_close(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_NOTE),
				   r->now, &out, &err);

	after_step(r, rc, inspection_of(r, r->id[0]), "closed", &err);
}

void
page_rect_reopen(struct req *r)
{
	struct db_rectification out;
	struct xg_error err;
	enum xg_rc rc = rect_reopen(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_NOTE),
				    r->now, &out, &err);

	after_step(r, rc, inspection_of(r, r->id[0]), "reopened", &err);
}
