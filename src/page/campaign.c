/* page_campaign: 专项工作 — the campaigns the caller sees, and the staff's forms that set them up.
 */
#include "page/page.h"

#include <string.h>

#include "base/tree.h"
#include "http/html.h"
#include "domain/campaign.h"
#include "domain/role.h"

static const struct page_done done_texts[] = {
    {"created", "已新增专项工作。"}, {"saved", "已保存修改。"}, {NULL, NULL}};

static void
campaign_table(struct req *r, const struct db_campaign *list, size_t n)
{
	struct buf *b = &r->out;
	bool write = role_can(r->actor.role, PERM_CAMPAIGN_WRITE);
	size_t i;

	html_raw(b,
		 "<div class=\"table-wrap\"><table class=\"list campaigns cards\"><thead><tr>"
		 "<th>名称</th><th>牵头单位</th><th>开始日期</th><th>结束日期</th><th>说明</th>");
	if (write)
		html_raw(b, "<th>操作</th>");
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_fmt(b,
			 "<tr><td class=\"card-title\"><a "
			 "href=\"/records?kind=study&amp;campaign_id=%lld\">",
			 (long long)list[i].id);
		html_text(b, list[i].name);
		html_raw(b, "</a></td><td class=\"card-wide\" data-label=\"牵头单位\">");
		page_unit_link(r, list[i].org_id, list[i].org_name);
		html_raw(b, "</td><td class=\"nowrap\" data-label=\"开始日期\">");
		html_text(b, list[i].start_date);
		html_raw(b, "</td><td class=\"nowrap\" data-label=\"结束日期\">");
		html_text(b, list[i].end_date);
		html_raw(b, "</td><td class=\"card-wide\">");
		html_text(b, list[i].description);
		html_raw(b, "</td>");
		if (write &&
		    (r->actor.org_path == NULL || tree_within(list[i].org_path, r->actor.org_path)))
			html_fmt(b, "<td><a href=\"/campaigns/%lld/edit\">修改</a></td>",
				 (long long)list[i].id);
		else if (write)
			html_raw(b, "<td><span class=\"muted\">上级牵头</span></td>");
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void
page_campaigns(struct req *r)
{
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	struct db_campaign *list;
	struct xg_error err;
	const char *done;
	size_t n;

	if (xg_from_db(
		&err,
		db_campaign_list(r->db, r->a, r->actor.org_path, limit, offset, &list, &n, &total),
		r->db, "专项工作") != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "专项工作", "campaigns");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	if (role_can(r->actor.role, PERM_CAMPAIGN_WRITE))
		html_raw(b, "<p class=\"toolbar\"><a class=\"btn primary\" href=\"/campaigns/new\">"
			    "新增专项工作</a></p>");
	html_raw(b, "<p class=\"count\">共 ");
	html_int(b, total, 1);
	html_raw(b, " 项（本单位及下级牵头的，和上级牵头的）</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">还没有专项工作。</p>");
	else
		campaign_table(r, list, n);
	page_pager(r, "/campaigns?", total, limit, offset);
	page_end(r);
}

/* What the form shows: the campaign's values or what was typed. */
struct campaign_form {
	int64_t id; /* 0: new */
	int64_t org_id;
	const char *org_name; /* an existing campaign's running unit (fixed) */
	const char *name, *start_date, *end_date, *description;
	struct page_units units;
};

static void
render_form(struct req *r, const struct campaign_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200,
			  f->id ? "修改专项工作" : "新增专项工作", "campaigns");
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	if (f->id != 0)
		html_fmt(b, "<form method=\"post\" action=\"/campaigns/%lld/edit\" class=\"form\">",
			 (long long)f->id);
	else
		html_raw(b, "<form method=\"post\" action=\"/campaigns/new\" class=\"form\">");
	page_csrf_input(r);
	if (f->id == 0) {
		page_unit_picker(r, &f->units,
				 &(struct page_unit_picker){.name = "org_id",
							    .label = "牵头单位",
							    .number_label = "牵头单位编号",
							    .required = true},
				 f->org_id, err);
	} else {
		html_raw(b, "<div class=\"row\"><span class=\"label\">牵头单位</span><div "
			    "class=\"ctl static\">");
		html_text(b, f->org_name);
		html_raw(b, "</div></div>");
	}
	page_input(r, "名称", "name", "text", f->name, true, err);
	page_input(r, "开始日期", "start_date", "date", f->start_date, true, err);
	page_input(r, "结束日期", "end_date", "date", f->end_date, true, err);
	page_row_begin(r, "说明", "description", false);
	html_raw(b, "<textarea id=\"f-description\" name=\"description\" rows=\"4\">");
	html_text(b, f->description);
	html_raw(b, "</textarea>");
	page_row_end(r, "description", err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存"
		    "</button><a class=\"btn\" href=\"/campaigns\">取消</a></div></form>");
	page_end(r);
}

void
page_campaign_new_form(struct req *r)
{
	struct campaign_form f = {.org_id = r->actor.org_id};
	struct xg_error err;

	if (page_units_load(r, &f.units, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_form(r, &f, NULL);
}

static void
read_change(struct req *r, struct campaign_change *c)
{
	c->set_name = c->set_start = c->set_end = c->set_description = true;
	c->name = param_str(&r->body, F_NAME) != NULL ? param_str(&r->body, F_NAME) : "";
	c->start_date =
	    param_str(&r->body, F_START_DATE) != NULL ? param_str(&r->body, F_START_DATE) : "";
	c->end_date =
	    param_str(&r->body, F_END_DATE) != NULL ? param_str(&r->body, F_END_DATE) : "";
	c->description = param_str(&r->body, F_DESCRIPTION);
}

static void
form_of_change(struct campaign_form *f, const struct campaign_change *c)
{
	f->name = c->name;
	f->start_date = c->start_date;
	f->end_date = c->end_date;
	f->description = c->description;
}

void
page_campaign_new(struct req *r)
{
	struct campaign_change c = {.set_org = true, .org_id = param_int(&r->body, F_ORG_ID, 0)};
	struct campaign_form f = {.org_id = c.org_id};
	struct db_campaign out;
	struct xg_error err, gerr;
	enum xg_rc rc;

	read_change(r, &c);
	rc = campaign_create(r->db, r->a, &r->actor, &c, r->now, &out, &err);
	if (rc == XG_OK) {
		http_redirect(r, "/campaigns?done=created");
		return;
	}
	if (rc == XG_INTERNAL || rc == XG_BUSY || page_units_load(r, &f.units, &gerr) != XG_OK) {
		page_error(r, rc == XG_INTERNAL || rc == XG_BUSY ? &err : &gerr);
		return;
	}
	form_of_change(&f, &c);
	render_form(r, &f, &err);
}

static enum xg_rc
gather_campaign(struct req *r, struct db_campaign *c, struct campaign_form *f, struct xg_error *err)
{
	if (xg_from_db(err, db_campaign_get(r->db, r->a, r->actor.org_path, r->id[0], c), r->db,
		       "专项工作") != XG_OK)
		return err->rc;
	*f = (struct campaign_form){.id = c->id,
				    .org_id = c->org_id,
				    .org_name = c->org_name,
				    .name = c->name,
				    .start_date = c->start_date,
				    .end_date = c->end_date,
				    .description = c->description};
	return XG_OK;
}

void
page_campaign_edit_form(struct req *r)
{
	struct db_campaign c;
	struct campaign_form f;
	struct xg_error err;

	if (gather_campaign(r, &c, &f, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_form(r, &f, NULL);
}

void
page_campaign_edit(struct req *r)
{
	struct campaign_change ch = {0};
	struct db_campaign c, out;
	struct campaign_form f;
	struct xg_error err;
	enum xg_rc rc;

	if (gather_campaign(r, &c, &f, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	read_change(r, &ch);
	rc = campaign_update(r->db, r->a, &r->actor, c.id, &ch, r->now, &out, &err);
	if (rc == XG_OK) {
		http_redirect(r, "/campaigns?done=saved");
		return;
	}
	if (rc != XG_INVALID) {
		page_error(r, &err);
		return;
	}
	form_of_change(&f, &ch);
	render_form(r, &f, &err);
}
