/* page_org: 组织机构 — a unit with its place, figures, children, users; search; forms. */
#include "page/page.h"

#include <string.h>

#include "http/html.h"
#include "domain/org.h"
#include "domain/role.h"
#include "base/str.h"
#include "base/tree.h"

#define UNIT_USERS 20 /* users listed on a unit's page; the user list has the rest */

/* Map a storage status to an error page; true when the page was answered. */
static bool
failed(struct req *r, enum db_rc rc, const char *what)
{
	struct xg_error err;

	if (xg_from_db(&err, rc, r->db, what) == XG_OK)
		return false;
	page_error(r, &err);
	return true;
}

static const struct page_done done_texts[] = {
    {"created", "已新增单位。"},	  {"saved", "已保存修改。"},
    {"closed", "已撤销该单位。"},	  {"reopened", "已恢复该单位。"},
    {"nochange", "没有需要保存的修改。"}, {NULL, NULL}};

/*
 * The unit's place, from the caller's own unit down: units above the
 * caller's are never named, so a district sees "渝中区科协 › …", not the
 * whole chain above it. Gathered before the page is rendered.
 */
struct crumbs {
	struct db_org *up; /* the units shown, top first */
	size_t n;
	size_t levels; /* levels from the caller's unit down to this one */
};

static enum xg_rc
crumbs_load(struct req *r, const struct db_org *o, struct crumbs *c, struct xg_error *err)
{
	int64_t ids[TREE_DEPTH_MAX];
	size_t n = tree_ids(o->path, ids, TREE_DEPTH_MAX), i, start = n;

	*c = (struct crumbs){0};
	for (i = 0; i < n; i++)
		if (ids[i] == r->actor.org_id || r->actor.org_path == NULL) {
			start = i;
			break;
		}
	c->levels = n - start;
	c->up = arena_alloc(r->a, (c->levels + 1) * sizeof(*c->up));
	if (c->up == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = start; i < n; i++) {
		enum db_rc rc;
		if (ids[i] == o->id) {
			c->up[c->n++] = *o;
			continue;
		}
		rc = db_org_get(r->db, r->a, r->actor.org_path, ids[i], &c->up[c->n]);
		if (rc == DB_NOTFOUND)
			continue;
		if (xg_from_db(err, rc, r->db, "单位") != XG_OK)
			return err->rc;
		c->n++;
	}
	return XG_OK;
}

static void
breadcrumb(struct req *r, const struct crumbs *c, int64_t here_id, const char *last)
{
	struct buf *b = &r->out;
	size_t i;

	if (c->levels <= 1 && last == NULL)
		return; /* the caller's own unit: its title says all */
	html_raw(b, "<nav class=\"crumbs\" aria-label=\"单位路径\"><ol>");
	for (i = 0; i < c->n; i++) {
		html_raw(b, "<li>");
		if (c->up[i].id == here_id && last == NULL) {
			html_raw(b, "<span aria-current=\"page\">");
			html_text(b, c->up[i].name);
			html_raw(b, "</span>");
		} else {
			page_unit_link(r, c->up[i].id, c->up[i].name);
		}
		html_raw(b, "</li>");
	}
	if (last != NULL) {
		html_raw(b, "<li><span aria-current=\"page\">");
		html_text(b, last);
		html_raw(b, "</span></li>");
	}
	html_raw(b, "</ol></nav>");
}

static void
info_row(struct buf *b, const char *label)
{
	html_raw(b, "<div><dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
}

/* Everything a unit's page shows, read before it is rendered. */
struct unit_view {
	struct db_org o;
	struct crumbs crumbs;
	int64_t units, members; /* open units of the subtree and their members */
	struct db_org *children;
	size_t nchildren;
	int64_t limit, offset;
	bool show_users;
	struct db_user *users;
	size_t nusers;
	int64_t total_users;
};

static void
info(struct req *r, const struct unit_view *v)
{
	struct buf *b = &r->out;
	const struct db_org *o = &v->o;

	html_raw(b, "<dl class=\"info\">");
	info_row(b, "单位编码");
	html_text(b, o->code);
	html_raw(b, "</dd></div>");
	info_row(b, "单位类型");
	html_text(b, o->kind);
	html_raw(b, "</dd></div>");
	info_row(b, "状态");
	if (o->closed)
		html_raw(b, "<span class=\"tag\">已撤销</span>");
	else
		html_raw(b, "正常");
	html_raw(b, "</dd></div>");
	info_row(b, "本单位成员");
	html_int(b, o->members, 1);
	html_raw(b, " 人</dd></div>");
	info_row(b, "本级及下级");
	html_int(b, v->units, 1);
	html_raw(b, " 个正常单位，成员合计 ");
	html_int(b, v->members, 1);
	html_raw(b, " 人</dd></div>");
	info_row(b, "最近更新");
	html_time(b, o->updated_at);
	html_raw(b, "</dd></div></dl>");
}

/* Where each search result sits: its parent, when in the caller's subtree (else not named). */
static enum xg_rc
parents_load(struct req *r, const struct db_org *list, size_t n, struct db_org **out,
	     struct xg_error *err)
{
	struct db_org *up = arena_alloc(r->a, (n + 1) * sizeof(*up));
	size_t i;

	if (up == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < n; i++) {
		enum db_rc rc;
		if (i > 0 && list[i].parent_id == up[i - 1].id) {
			up[i] = up[i - 1]; /* results come grouped: one read per new parent */
			continue;
		}
		rc = db_org_get(r->db, r->a, r->actor.org_path, list[i].parent_id, &up[i]);
		if (rc == DB_NOTFOUND) {
			up[i] = (struct db_org){.id = list[i].parent_id}; /* above the caller */
			continue;
		}
		if (xg_from_db(err, rc, r->db, "上级单位") != XG_OK)
			return err->rc;
	}
	*out = up;
	return XG_OK;
}

static void
parent_cell(struct req *r, const struct db_org *parent)
{
	struct buf *b = &r->out;

	html_raw(b, "<td class=\"opt\">");
	if (parent->name == NULL)
		html_raw(b, "<span class=\"muted\">—</span>");
	else
		page_unit_link(r, parent->id, parent->name);
	html_raw(b, "</td>");
}

/*
 * A table of units: the children of a unit, or the results of a search
 * (parents given: results come from anywhere in the subtree, so say where).
 */
static void
org_table(struct req *r, const struct db_org *list, size_t n, const struct db_org *parents)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>单位名称</th>");
	if (parents != NULL)
		html_raw(b, "<th class=\"opt\">上级单位</th>");
	html_raw(b, "<th>单位编码</th><th>类型</th><th class=\"num\">成员数</th>"
		    "<th class=\"num opt\">下级单位</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		page_unit_row_begin(r, &list[i]);
		if (parents != NULL)
			parent_cell(r, &parents[i]);
		html_raw(b, "<td class=\"code\">");
		html_text(b, list[i].code);
		html_raw(b, "</td><td class=\"nowrap\">");
		html_text(b, list[i].kind);
		html_raw(b, "</td><td class=\"num\">");
		html_int(b, list[i].members, 1);
		html_raw(b, "</td><td class=\"num opt\">");
		html_int(b, list[i].children, 1);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void
children(struct req *r, const struct unit_view *v)
{
	struct buf *b = &r->out;

	html_raw(b, "<section><h2>下级单位");
	if (v->o.children > 0) {
		html_raw(b, "<small>共 ");
		html_int(b, v->o.children, 1);
		html_raw(b, " 个</small>");
	}
	html_raw(b, "</h2>");
	if (v->o.children == 0) {
		html_raw(b, "<p class=\"empty\">暂无下级单位。</p></section>");
		return;
	}
	org_table(r, v->children, v->nchildren, NULL);
	page_pager(r, arena_printf(r->a, "/orgs/%lld?", (long long)v->o.id), v->o.children,
		   v->limit, v->offset);
	html_raw(b, "</section>");
}

static void
users(struct req *r, const struct unit_view *v)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section><h2>本单位用户</h2>");
	if (v->nusers == 0) {
		html_raw(b, "<p class=\"empty\">本单位暂无用户。</p></section>");
		return;
	}
	html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>姓名</th>"
		    "<th>用户名</th><th>角色</th><th>状态</th></tr></thead><tbody>");
	for (i = 0; i < v->nusers; i++) {
		const struct db_user *u = &v->users[i];
		html_fmt(b, "<tr><td><a href=\"/users/%lld\">", (long long)u->id);
		html_text(b, u->display_name);
		html_raw(b, "</a></td><td class=\"code\">");
		html_text(b, u->username);
		html_raw(b, "</td><td>");
		html_text(b, role_label(role_parse(u->role)));
		html_raw(b, "</td><td>");
		if (u->disabled)
			html_raw(b, "<span class=\"tag\">已停用</span>");
		else
			html_raw(b, "正常");
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	if (v->total_users > (int64_t)v->nusers)
		html_fmt(
		    b,
		    "<p class=\"more\"><a href=\"/users?org_id=%lld\">查看全部 %lld 个用户</a></p>",
		    (long long)v->o.id, (long long)v->total_users);
	html_raw(b, "</section>");
}

static enum xg_rc
unit_view_load(struct req *r, struct unit_view *v, struct xg_error *err)
{
	enum xg_rc rc;

	*v = (struct unit_view){.limit = page_limit(r),
				.offset = param_int(&r->query, F_OFFSET, 0),
				.show_users = role_can(r->actor.role, PERM_USER_READ)};
	rc = xg_from_db(err, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &v->o), r->db,
			"单位");
	if (rc == XG_OK)
		rc = crumbs_load(r, &v->o, &v->crumbs, err);
	if (rc == XG_OK)
		rc =
		    xg_from_db(err, db_org_subtree_totals(r->db, v->o.path, &v->units, &v->members),
			       r->db, "单位");
	if (rc == XG_OK && v->o.children > 0)
		rc = xg_from_db(err,
				db_org_children(r->db, r->a, r->actor.org_path, v->o.id, v->limit,
						v->offset, &v->children, &v->nchildren),
				r->db, "下级单位");
	if (rc == XG_OK && v->show_users)
		rc = xg_from_db(err,
				db_user_list(r->db, r->a, r->actor.org_path, v->o.id, NULL,
					     UNIT_USERS, 0, &v->users, &v->nusers, &v->total_users),
				r->db, "用户");
	return rc;
}

void
page_org(struct req *r)
{
	struct buf *b = &r->out;
	struct unit_view v;
	struct xg_error err;
	const char *done;

	if (unit_view_load(r, &v, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, v.o.name, "orgs");
	breadcrumb(r, &v.crumbs, v.o.id, NULL);
	done = page_done_text(r, done_texts);
	if (done != NULL)
		page_notice(r, true, done);
	html_raw(b, "<div class=\"toolbar\">");
	if (role_can(r->actor.role, PERM_ORG_WRITE)) {
		html_fmt(b, "<a class=\"btn\" href=\"/orgs/%lld/edit\">编辑</a>",
			 (long long)v.o.id);
		if (!v.o.closed)
			html_fmt(
			    b, "<a class=\"btn primary\" href=\"/orgs/%lld/new\">新增下级单位</a>",
			    (long long)v.o.id);
	}
	if (v.show_users)
		html_fmt(b, "<a class=\"btn\" href=\"/users?org_id=%lld\">本单位用户</a>",
			 (long long)v.o.id);
	html_raw(b, "</div>");
	info(r, &v);
	children(r, &v);
	if (v.show_users)
		users(r, &v);
	page_end(r);
}

void
page_org_search(struct req *r)
{
	struct buf *b = &r->out;
	const char *q = param_str(&r->query, F_Q);
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	struct db_org *list, *parents = NULL;
	struct xg_error err;
	size_t n;

	if (xg_from_db(&err,
		       db_org_search(r->db, r->a, r->actor.org_path, q ? q : "", limit, offset,
				     &list, &n, &total),
		       r->db, "单位") != XG_OK ||
	    parents_load(r, list, n, &parents, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "单位查询", "org-search");
	html_raw(b,
		 "<form method=\"get\" action=\"/orgs\" class=\"filters\" role=\"search\">"
		 "<label for=\"f-q\">名称或编码</label><input id=\"f-q\" name=\"q\" type=\"search\""
		 " placeholder=\"输入单位名称或编码\"");
	if (q != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, q);
		html_raw(b, "\"");
	}
	html_raw(b, "><button type=\"submit\" class=\"primary\">查询</button></form>");
	html_raw(b, "<p class=\"count\">");
	if (q != NULL && q[0] != '\0')
		html_raw(b, "在您的管理范围内找到 ");
	else
		html_raw(b, "您的管理范围内共有 ");
	html_int(b, total, 1);
	html_raw(b, " 个单位</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的单位。请换一个关键词试试。</p>");
	else
		org_table(r, list, n, parents);
	page_pager(r, page_query_href(r, "/orgs?", (const enum field_id[]){F_Q}, 1), total, limit,
		   offset);
	page_end(r);
}

/* Form state: what was typed, to show again with the message next to its field. */
struct org_form {
	const char *code;
	const char *name;
	const char *kind;
	const char *members;
	int64_t parent_id;
};

/* What a form shows besides what was typed, read before it is rendered. */
struct form_data {
	const struct db_org *o; /* the unit edited, or the parent of a new one */
	struct crumbs crumbs;
	struct db_kind *kinds;
	size_t nkinds;
	bool pick_parent; /* the unit may move: not the caller's own unit, not a root */
	struct page_units units;
};

static enum xg_rc
form_load(struct req *r, const struct db_org *o, bool edit, struct form_data *d,
	  struct xg_error *err)
{
	enum xg_rc rc;

	*d = (struct form_data){.o = o};
	/* The caller's own unit stays where it is: its parent lies outside what they may see. */
	d->pick_parent = edit && o->id != r->actor.org_id && o->parent_id != 0;
	rc = crumbs_load(r, o, &d->crumbs, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_kind_list(r->db, r->a, &d->kinds, &d->nkinds), r->db,
				"单位类型");
	if (rc == XG_OK && d->pick_parent)
		rc = page_units_load(r, &d->units, err);
	return rc;
}

static void
kind_select(struct req *r, const struct form_data *d, const char *current,
	    const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	page_row_begin(r, "单位类型", "kind", true);
	html_raw(b,
		 "<select id=\"f-kind\" name=\"kind\" required><option value=\"\">请选择</option>");
	for (i = 0; i < d->nkinds; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, d->kinds[i].name);
		html_raw(b, "\"");
		if (current != NULL && strcmp(current, d->kinds[i].name) == 0)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, d->kinds[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "kind", err);
}

/* Errors that name no field of the form are shown above it. */
static bool
field_of_form(const struct xg_error *err)
{
	static const char *const names[] = {"code", "name", "kind", "members", "parent_id"};
	size_t i;

	if (err == NULL || err->field == NULL)
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(err->field, names[i]) == 0)
			return true;
	return false;
}

static void
org_fields(struct req *r, const struct form_data *d, const struct org_form *f,
	   const struct xg_error *err)
{
	page_input(r, "单位名称", "name", "text", f->name, true, err);
	page_input(r, "单位编码", "code", "text", f->code, true, err);
	kind_select(r, d, f->kind, err);
	page_input(r, "成员数", "members", "number", f->members, false, err);
}

static void
new_form(struct req *r, unsigned status, const struct form_data *d, const struct org_form *f,
	 const struct xg_error *err)
{
	struct buf *b = &r->out;
	const struct db_org *parent = d->o;

	page_begin_status(r, status, "新增下级单位", "orgs");
	breadcrumb(r, &d->crumbs, parent->id, "新增下级单位");
	if (err != NULL && !field_of_form(err))
		page_notice(r, false, err->message);
	html_fmt(b, "<form method=\"post\" action=\"/orgs/%lld/new\" class=\"form\">",
		 (long long)parent->id);
	page_csrf_input(r);
	html_raw(b, "<p class=\"hint\">上级单位：");
	html_text(b, parent->name);
	html_raw(b, "。带 <span class=\"req\">*</span> 的为必填项。</p>");
	org_fields(r, d, f, err);
	html_fmt(
	    b,
	    "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存</button>"
	    "<a class=\"btn\" href=\"/orgs/%lld\">取消</a></div></form>",
	    (long long)parent->id);
	page_end(r);
}

/* Read what the new-unit form needs, then show it (with err's message when given). */
static void
show_new_form(struct req *r, const struct db_org *parent, const struct org_form *f,
	      const struct xg_error *err)
{
	struct form_data d;
	struct xg_error lerr;

	if (form_load(r, parent, false, &d, &lerr) != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	new_form(r, err != NULL ? http_status_of(err->rc) : 200, &d, f, err);
}

void
page_org_new_form(struct req *r)
{
	struct db_org parent;
	struct org_form f = {.members = "0"};

	if (failed(r, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &parent), "单位"))
		return;
	show_new_form(r, &parent, &f, NULL);
}

/*
 * The members box as typed: empty means 0; anything else must be a whole
 * number in range. Parsed here rather than by the route so that a slip
 * keeps the form and its message sits beside the box.
 */
static enum xg_rc
parse_members(const char *s, int64_t *out, struct xg_error *err)
{
	*out = 0;
	if (s == NULL || s[0] == '\0')
		return XG_OK;
	if (str_parse_i64(str_slice(s), 0, ORG_MEMBERS_MAX, out) != 0)
		return xg_fail(err, XG_INVALID, "out_of_range", "members",
			       "成员数应为 0 到 %d 之间的整数", ORG_MEMBERS_MAX);
	return XG_OK;
}

void
page_org_new(struct req *r)
{
	struct db_org parent, made;
	struct xg_error err;
	struct org_change c = {
	    .set_parent = true, .set_code = true, .set_name = true, .set_kind = true};
	struct org_form f;

	if (failed(r, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &parent), "单位"))
		return;
	c.parent_id = parent.id;
	c.code = param_str(&r->body, F_CODE);
	c.name = param_str(&r->body, F_NAME);
	c.kind = param_str(&r->body, F_KIND);
	c.set_members = true;
	if (parse_members(param_str(&r->body, F_MEMBERS), &c.members, &err) != XG_OK ||
	    org_create(r->db, r->a, &r->actor, &c, r->now, &made, &err) != XG_OK) {
		f = (struct org_form){c.code, c.name, c.kind, param_str(&r->body, F_MEMBERS), 0};
		show_new_form(r, &parent, &f, &err);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/orgs/%lld?done=created", (long long)made.id));
}

static void
close_form(struct req *r, const struct db_org *o)
{
	struct buf *b = &r->out;

	html_raw(b, "<section class=\"danger-zone\"><h2>");
	if (o->closed)
		html_raw(b, "恢复单位");
	else
		html_raw(b, "撤销单位");
	html_raw(b, "</h2><p class=\"hint\">");
	if (o->closed)
		html_raw(b, "恢复后，该单位重新出现在统计和选择列表中。");
	else
		html_raw(b, "撤销后，该单位不再计入统计，也不能再新增下级单位；历史记录全部保留，"
			    "可以随时恢复。有正常下级单位的单位不能撤销。");
	html_fmt(b, "</p><form method=\"post\" action=\"/orgs/%lld/edit\">", (long long)o->id);
	page_csrf_input(r);
	if (o->closed)
		html_raw(b, "<input type=\"hidden\" name=\"closed\" value=\"0\">"
			    "<button type=\"submit\">恢复本单位</button>");
	else
		html_raw(b, "<input type=\"hidden\" name=\"closed\" value=\"1\">"
			    "<button type=\"submit\" class=\"danger\">撤销本单位…</button>");
	html_raw(b, "</form></section>");
}

static void
edit_form(struct req *r, unsigned status, const struct form_data *d, const struct org_form *f,
	  const struct xg_error *err)
{
	static const struct page_unit_picker parent_picker = {
	    .name = "parent_id",
	    .label = "上级单位",
	    .number_label = "上级单位编号",
	    .required = false,
	    .hint = "移动后，本单位的全部下级单位随之移动。",
	};
	struct page_unit_picker picker = parent_picker;
	struct buf *b = &r->out;
	const struct db_org *o = d->o;

	page_begin_status(r, status, "编辑单位", "orgs");
	breadcrumb(r, &d->crumbs, o->id, "编辑");
	if (err != NULL && !field_of_form(err))
		page_notice(r, false, err->message);
	html_fmt(b, "<form method=\"post\" action=\"/orgs/%lld/edit\" class=\"form\">",
		 (long long)o->id);
	page_csrf_input(r);
	html_raw(b, "<p class=\"hint\">带 <span class=\"req\">*</span> 的为必填项。</p>");
	org_fields(r, d, f, err);
	if (d->pick_parent) {
		picker.exclude = o->path; /* itself and its descendants */
		page_unit_picker(r, &d->units, &picker, f->parent_id, err);
	}
	html_fmt(
	    b,
	    "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存</button>"
	    "<a class=\"btn\" href=\"/orgs/%lld\">取消</a></div></form>",
	    (long long)o->id);
	if (o->id != r->actor.org_id)
		close_form(r, o);
	page_end(r);
}

/* Read what the edit form needs, then show it (with err's message when given). */
static void
show_edit_form(struct req *r, const struct db_org *o, const struct org_form *f,
	       const struct xg_error *err)
{
	struct form_data d;
	struct xg_error lerr;

	if (form_load(r, o, true, &d, &lerr) != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	edit_form(r, err != NULL ? http_status_of(err->rc) : 200, &d, f, err);
}

void
page_org_edit_form(struct req *r)
{
	struct db_org o;
	struct org_form f;

	if (failed(r, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &o), "单位"))
		return;
	f = (struct org_form){o.code, o.name, o.kind,
			      arena_printf(r->a, "%lld", (long long)o.members), o.parent_id};
	show_edit_form(r, &o, &f, NULL);
}

/* The second step of closing: say what will happen, and ask once. */
static void
confirm_close(struct req *r, const struct db_org *o)
{
	struct buf *b = &r->out;
	struct crumbs crumbs;
	struct xg_error err;

	if (crumbs_load(r, o, &crumbs, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "确认撤销单位", "orgs");
	breadcrumb(r, &crumbs, o->id, "撤销");
	html_raw(b, "<div class=\"notice warn\"><p>将撤销单位“");
	html_text(b, o->name);
	html_raw(b, "”（编码 ");
	html_text(b, o->code);
	html_raw(b, "）。撤销后该单位不再计入统计，也不能再新增下级单位；历史记录全部保留，"
		    "可以随时恢复。此操作将记入审计日志。</p></div>");
	html_fmt(b, "<form method=\"post\" action=\"/orgs/%lld/edit\" class=\"confirm\">",
		 (long long)o->id);
	page_csrf_input(r);
	html_fmt(b,
		 "<input type=\"hidden\" name=\"closed\" value=\"1\"><input type=\"hidden\" "
		 "name=\"confirm\" value=\"1\"><button type=\"submit\" class=\"danger\">确认撤销"
		 "</button><a class=\"btn\" href=\"/orgs/%lld/edit\">取消</a></form>",
		 (long long)o->id);
	page_end(r);
}

static bool
differs(const char *given, const char *current)
{
	return given != NULL && strcmp(given, current) != 0;
}

/* Only what changed is sent to org_update, so the audit log shows the real change. */
static void
collect_change(struct req *r, const struct db_org *o, struct org_change *c)
{
	const struct params *p = &r->body;

	c->code = param_str(p, F_CODE);
	c->name = param_str(p, F_NAME);
	c->kind = param_str(p, F_KIND);
	c->members = o->members;
	c->parent_id = param_int(p, F_PARENT_ID, o->parent_id);
	c->set_code = differs(c->code, o->code);
	c->set_name = differs(c->name, o->name);
	c->set_kind = differs(c->kind, o->kind);
	c->set_parent = c->parent_id != o->parent_id;
	if (param_has(p, F_CLOSED)) {
		c->closed = param_bool(p, F_CLOSED, false);
		c->set_closed = c->closed != (o->closed != 0);
	}
}

void
page_org_edit(struct req *r)
{
	struct db_org o, after;
	struct org_change c = {0};
	struct xg_error err;
	struct org_form f;
	const char *done;

	if (failed(r, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &o), "单位"))
		return;
	collect_change(r, &o, &c);
	if (param_has(&r->body, F_MEMBERS) &&
	    parse_members(param_str(&r->body, F_MEMBERS), &c.members, &err) != XG_OK) {
		f = (struct org_form){c.code ? c.code : o.code, c.name ? c.name : o.name,
				      c.kind ? c.kind : o.kind, param_str(&r->body, F_MEMBERS),
				      c.parent_id};
		show_edit_form(r, &o, &f, &err);
		return;
	}
	c.set_members = c.members != o.members;
	if (c.set_closed && c.closed && !param_bool(&r->body, F_CONFIRM, false)) {
		int64_t open = 0;
		/* Do not ask a question whose answer would be refused (org_update checks again). */
		if (failed(r, db_org_open_children(r->db, o.id, &open), "单位"))
			return;
		if (open > 0) {
			xg_fail(
			    &err, XG_CONFLICT, "has_children", "closed",
			    "该单位还有 %lld 个正常的下级单位，请先撤销或移走它们，再撤销本单位",
			    (long long)open);
			f = (struct org_form){o.code, o.name, o.kind,
					      arena_printf(r->a, "%lld", (long long)o.members),
					      o.parent_id};
			show_edit_form(r, &o, &f, &err);
			return;
		}
		confirm_close(r, &o);
		return;
	}
	if (!c.set_code && !c.set_name && !c.set_kind && !c.set_members && !c.set_parent &&
	    !c.set_closed) {
		http_redirect(r, arena_printf(r->a, "/orgs/%lld?done=nochange", (long long)o.id));
		return;
	}
	if (org_update(r->db, r->a, &r->actor, o.id, &c, r->now, &after, &err) != XG_OK) {
		f = (struct org_form){
		    c.code ? c.code : o.code, c.name ? c.name : o.name, c.kind ? c.kind : o.kind,
		    arena_printf(r->a, "%lld", (long long)c.members), c.parent_id};
		show_edit_form(r, &o, &f, &err);
		return;
	}
	done = !c.set_closed ? "saved" : c.closed ? "closed" : "reopened";
	http_redirect(r, arena_printf(r->a, "/orgs/%lld?done=%s", (long long)o.id, done));
}
