/* page_user: 用户管理 — accounts of the caller's subtree: list, new, detail, change, reset. */
#include "page/page.h"

#include <string.h>

#include "http/html.h"
#include "domain/role.h"
#include "domain/user.h"

static const struct page_done done_texts[] = {
    {"created", "已新增用户。"},
    {"saved", "已保存修改。"},
    {"disabled", "已停用该账号，其登录会话已全部结束。"},
    {"enabled", "已启用该账号。"},
    {"reset", "已重置密码。请将新密码当面或通过安全渠道告知本人。"},
    {"nochange", "没有需要保存的修改。"},
    {NULL, NULL}};

static void
status_cell(struct buf *b, int disabled)
{
	if (disabled)
		html_raw(b, "<span class=\"tag\">已停用</span>");
	else
		html_raw(b, "正常");
}

static void
user_table(struct req *r, const struct db_user *list, size_t n)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b,
		 "<div class=\"table-wrap\"><table class=\"list users cards\"><thead><tr><th>姓名</th>"
		 "<th>用户名</th><th>角色</th><th>所属单位</th><th>状态</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_fmt(b, "<tr><td class=\"card-title\"><a href=\"/users/%lld\">",
			 (long long)list[i].id);
		html_text(b, list[i].display_name);
		html_raw(b, "</a></td><td class=\"code\" data-label=\"用户名\">");
		html_text(b, list[i].username);
		html_raw(b, "</td><td data-label=\"角色\">");
		html_text(b, role_label(role_parse(list[i].role)));
		html_raw(b, "</td><td class=\"card-wide\" data-label=\"所属单位\">");
		page_unit_link(r, list[i].org_id, list[i].org_name);
		html_raw(b, "</td><td data-label=\"状态\">");
		status_cell(b, list[i].disabled);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

void
page_users(struct req *r)
{
	struct buf *b = &r->out;
	const char *q = param_str(&r->query, F_Q);
	int64_t org_id = param_int(&r->query, F_ORG_ID, 0);
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	struct db_user *list;
	struct page_units units;
	struct db_org unit;
	struct xg_error err;
	size_t n;

	if (page_units_load(r, &units, &err) != XG_OK ||
	    (org_id > 0 &&
	     xg_from_db(&err, db_org_get(r->db, r->a, r->actor.org_path, org_id, &unit), r->db,
			"单位") != XG_OK) ||
	    xg_from_db(&err,
		       db_user_list(r->db, r->a, r->actor.org_path, org_id, q, limit, offset, &list,
				    &n, &total),
		       r->db, "用户") != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "用户管理", "users");
	html_raw(b, "<form method=\"get\" action=\"/users\" class=\"filters\" role=\"search\">");
	page_unit_filter(r, &units, org_id, org_id > 0 ? &unit : NULL, "/users");
	html_raw(b,
		 "<span class=\"filter\"><label for=\"f-q\">姓名或用户名</label><input id=\"f-q\" "
		 "name=\"q\" type=\"search\"");
	if (q != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, q);
		html_raw(b, "\"");
	}
	html_raw(b, "></span><button type=\"submit\" class=\"primary\">查询</button>");
	if (role_can(r->actor.role, PERM_USER_WRITE)) {
		if (org_id > 0)
			html_fmt(b, "<a class=\"btn\" href=\"/users/new?org_id=%lld\">新增用户</a>",
				 (long long)org_id);
		else
			html_raw(b, "<a class=\"btn\" href=\"/users/new\">新增用户</a>");
	}
	html_raw(b, "</form><p class=\"count\">共 ");
	html_int(b, total, 1);
	if (org_id > 0)
		html_raw(b, " 个用户（本单位）</p>");
	else
		html_raw(b, " 个用户（含下级单位）</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的用户。</p>");
	else
		user_table(r, list, n);
	page_pager(r, page_query_href(r, "/users?", (const enum field_id[]){F_ORG_ID, F_Q}, 2),
		   total, limit, offset);
	page_end(r);
}

/* The roles the caller may give: role_may_manage decides, the page only follows it. */
static void
role_select(struct req *r, const char *current, const struct xg_error *err)
{
	struct buf *b = &r->out;
	int i;

	page_row_begin(r, "角色", "role", true);
	html_raw(b, "<select id=\"f-role\" name=\"role\" required><option value=\"\">请选择"
		    "</option>");
	for (i = 0; i < ROLE__MAX; i++) {
		if (!role_may_manage(r->actor.role, (enum role)i))
			continue;
		html_raw(b, "<option value=\"");
		html_attr(b, role_code((enum role)i));
		html_raw(b, "\"");
		if (current != NULL && strcmp(current, role_code((enum role)i)) == 0)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, role_label((enum role)i));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "role", err);
}

/* The unit an account belongs to. */
static void
unit_select(struct req *r, const struct page_units *units, int64_t current,
	    const struct xg_error *err)
{
	static const struct page_unit_picker picker = {
	    .name = "org_id",
	    .label = "所属单位",
	    .number_label = "所属单位编号",
	    .required = true,
	};

	page_unit_picker(r, units, &picker, current, err);
}

static bool
names_field(const struct xg_error *err, const char *const *names, size_t n)
{
	size_t i;

	if (err == NULL || err->field == NULL)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(err->field, names[i]) == 0)
			return true;
	return false;
}

struct user_form {
	const char *username;
	const char *display_name;
	const char *role;
	int64_t org_id;
};

static void
new_form(struct req *r, const struct user_form *f, const struct xg_error *err)
{
	static const char *const fields[] = {"username", "display_name", "role", "org_id",
					     "password"};
	struct buf *b = &r->out;
	struct page_units units;
	struct xg_error lerr;

	if (page_units_load(r, &units, &lerr) != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "新增用户", "users");
	if (err != NULL && !names_field(err, fields, 5))
		page_notice(r, false, err->message);
	html_raw(
	    b, "<form method=\"post\" action=\"/users/new\" class=\"form\" autocomplete=\"off\">");
	page_csrf_input(r);
	html_raw(b, "<p class=\"hint\">带 <span class=\"req\">*</span> 的为必填项。</p>");
	page_input(r, "用户名", "username", "text", f->username, true, err);
	page_input(r, "姓名", "display_name", "text", f->display_name, true, err);
	role_select(r, f->role, err);
	unit_select(r, &units, f->org_id, err);
	page_input(r, "初始密码", "password", "password", NULL, true, err);
	html_fmt(
	    b,
	    "<p class=\"hint\">密码至少 %lld 个字符，须包含小写字母、大写字母、数字、符号中的至少"
	    " %lld 种，且不能包含用户名。</p>",
	    (long long)r->policy.pw_min_length, (long long)r->policy.pw_min_classes);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存"
		    "</button><a class=\"btn\" href=\"/users\">取消</a></div></form>");
	page_end(r);
}

void
page_user_new_form(struct req *r)
{
	struct user_form f = {.org_id = param_int(&r->query, F_ORG_ID, r->actor.org_id)};

	new_form(r, &f, NULL);
}

void
page_user_new(struct req *r)
{
	struct user_new in = {.username = param_str(&r->body, F_USERNAME),
			      .display_name = param_str(&r->body, F_DISPLAY_NAME),
			      .role = param_str(&r->body, F_ROLE),
			      .org_id = param_int(&r->body, F_ORG_ID, 0),
			      .password = param_str(&r->body, F_PASSWORD)};
	struct xg_error err;
	struct user_form f;
	int64_t id;

	if (user_create(r->db, r->a, &r->policy, &r->actor, &in, r->now, &id, &err) != XG_OK) {
		f = (struct user_form){in.username, in.display_name, in.role, in.org_id};
		new_form(r, &f, &err);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/users/%lld?done=created", (long long)id));
}

static void
info(struct req *r, const struct db_user *u)
{
	struct buf *b = &r->out;

	html_raw(b, "<dl class=\"info\"><div><dt>用户名</dt><dd class=\"code\">");
	html_text(b, u->username);
	html_raw(b, "</dd></div><div><dt>姓名</dt><dd>");
	html_text(b, u->display_name);
	html_raw(b, "</dd></div><div><dt>角色</dt><dd>");
	html_text(b, role_label(role_parse(u->role)));
	html_raw(b, "</dd></div><div><dt>所属单位</dt><dd>");
	page_unit_link(r, u->org_id, u->org_name);
	html_raw(b, "</dd></div><div><dt>状态</dt><dd>");
	status_cell(b, u->disabled);
	html_raw(b, "</dd></div><div><dt>创建时间</dt><dd>");
	html_time(b, u->created_at);
	html_raw(b, "</dd></div><div><dt>密码修改时间</dt><dd>");
	html_time(b, u->pw_changed_at);
	html_raw(b, "</dd></div></dl>");
}

/* May the caller change this account? The domain decides again; this only hides useless forms. */
static bool
may_change(const struct req *r, const struct db_user *u)
{
	return role_can(r->actor.role, PERM_USER_WRITE) && u->id != r->actor.user_id &&
	       role_may_manage(r->actor.role, role_parse(u->role));
}

/* The data-confirm question of a destructive form: verb, the account it acts on, then the rest. */
static void
confirm_attr(struct req *r, const char *verb, const struct db_user *u, const char *rest)
{
	html_raw(&r->out, " data-confirm=\"");
	html_attr(&r->out, arena_printf(r->a, "%s账号“%s”（%s）%s", verb, u->display_name,
					u->username, rest));
	html_raw(&r->out, "\"");
}

static void
edit_forms(struct req *r, const struct db_user *u, const struct page_units *units,
	   const struct user_form *f, const struct xg_error *err, bool reset_err)
{
	struct buf *b = &r->out;

	html_fmt(b,
		 "<section><h2>修改账号</h2><form method=\"post\" action=\"/users/%lld\" "
		 "class=\"form\">",
		 (long long)u->id);
	page_csrf_input(r);
	page_input(r, "姓名", "display_name", "text", f->display_name, true,
		   reset_err ? NULL : err);
	role_select(r, f->role, reset_err ? NULL : err);
	unit_select(r, units, f->org_id, reset_err ? NULL : err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存"
		    "</button></div></form></section>");

	html_fmt(b,
		 "<section><h2>重置密码</h2><form method=\"post\" action=\"/users/%lld/password\" "
		 "class=\"form\"",
		 (long long)u->id);
	confirm_attr(r, "确定重置", u, "的密码吗？其已登录的会话将全部结束。");
	html_raw(b, ">");
	page_csrf_input(r);
	page_input(r, "新密码", "password", "password", NULL, true, reset_err ? err : NULL);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\">重置密码</button></div>"
		    "</form></section>");

	html_fmt(b,
		 "<section class=\"danger-zone\"><h2>账号状态</h2><form method=\"post\" "
		 "action=\"/users/%lld\"",
		 (long long)u->id);
	if (!u->disabled)
		confirm_attr(r, "确定停用", u,
			     "吗？停用后该账号不能登录，已登录的会话立即结束；可随时重新启用。");
	html_raw(b, ">");
	page_csrf_input(r);
	if (u->disabled)
		html_raw(b,
			 "<input type=\"hidden\" name=\"disabled\" value=\"0\"><p class=\"hint\">"
			 "该账号已停用。</p><button type=\"submit\">启用账号</button>");
	else
		html_raw(
		    b,
		    "<input type=\"hidden\" name=\"disabled\" value=\"1\"><p class=\"hint\">"
		    "停用后该账号不能登录，已登录的会话立即结束；历史记录保留，可随时重新启用。</p>"
		    "<button type=\"submit\" class=\"danger\">停用账号</button>");
	html_raw(b, "</form></section>");
}

/*
 * An account's page: what it is, and the forms the caller may use on it.
 * err (with the form it belongs to: reset_err for the password form) is
 * shown with its status; the units to choose from are read first.
 */
static void
user_page(struct req *r, const struct db_user *u, const struct user_form *f, const char *done,
	  const struct xg_error *err, bool reset_err)
{
	static const char *const fields[] = {"display_name", "role", "org_id", "password"};
	struct page_units units = {0};
	struct xg_error lerr;
	bool change = may_change(r, u);

	if (change && page_units_load(r, &units, &lerr) != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, u->display_name, "users");
	html_raw(&r->out, "<p class=\"back\"><a href=\"/users\">‹ 返回用户列表</a></p>");
	if (done != NULL)
		page_notice(r, true, done);
	if (err != NULL && !names_field(err, fields, 4))
		page_notice(r, false, err->message);
	info(r, u);
	if (change)
		edit_forms(r, u, &units, f, err, reset_err);
	else if (u->id == r->actor.user_id)
		html_raw(&r->out,
			 "<p class=\"hint\">这是您本人的账号：角色、单位和状态由管理员调整；"
			 "修改密码请前往<a href=\"/account\">修改密码</a>。</p>");
	else if (role_can(r->actor.role, PERM_USER_WRITE))
		html_raw(&r->out, "<p class=\"hint\">您的角色不能修改该账号。</p>");
	page_end(r);
}

static bool
load(struct req *r, struct db_user *u)
{
	struct xg_error err;

	if (xg_from_db(&err, db_user_get(r->db, r->a, r->actor.org_path, r->id[0], u), r->db,
		       "用户") == XG_OK)
		return true;
	page_error(r, &err);
	return false;
}

void
page_user(struct req *r)
{
	struct db_user u;
	struct user_form f;

	if (!load(r, &u))
		return;
	f = (struct user_form){u.username, u.display_name, u.role, u.org_id};
	user_page(r, &u, &f, page_done_text(r, done_texts), NULL, false);
}

void
page_user_edit(struct req *r)
{
	const struct params *p = &r->body;
	struct user_change c = {0};
	struct db_user u, after;
	struct xg_error err;
	struct user_form f;
	const char *done = "saved";

	if (!load(r, &u))
		return;
	c.display_name = param_str(p, F_DISPLAY_NAME);
	c.role = param_str(p, F_ROLE);
	c.org_id = param_int(p, F_ORG_ID, u.org_id);
	c.disabled = param_bool(p, F_DISABLED, u.disabled != 0);
	/* Only what changed goes to the domain, so the audit log records the real change. */
	c.set_display_name = c.display_name != NULL && strcmp(c.display_name, u.display_name) != 0;
	c.set_role = c.role != NULL && strcmp(c.role, u.role) != 0;
	c.set_org = c.org_id != u.org_id;
	c.set_disabled = c.disabled != (u.disabled != 0);
	if (c.set_disabled)
		done = c.disabled ? "disabled" : "enabled";
	if (!c.set_display_name && !c.set_role && !c.set_org && !c.set_disabled) {
		http_redirect(r, arena_printf(r->a, "/users/%lld?done=nochange", (long long)u.id));
		return;
	}
	if (user_update(r->db, r->a, &r->actor, u.id, &c, r->now, &after, &err) != XG_OK) {
		f = (struct user_form){u.username, c.display_name ? c.display_name : u.display_name,
				       c.role ? c.role : u.role, c.org_id};
		user_page(r, &u, &f, NULL, &err, false);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/users/%lld?done=%s", (long long)u.id, done));
}

void
page_user_reset(struct req *r)
{
	struct db_user u;
	struct xg_error err;
	struct user_form f;

	if (!load(r, &u))
		return;
	if (user_set_password(r->db, r->a, &r->policy, &r->actor, u.id, NULL,
			      param_str(&r->body, F_PASSWORD), r->now, &err) != XG_OK) {
		f = (struct user_form){u.username, u.display_name, u.role, u.org_id};
		user_page(r, &u, &f, NULL, &err, true);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/users/%lld?done=reset", (long long)u.id));
}
