/* page_home: 工作台 — the caller's unit at a glance and the ways onward their role allows. */
#include "page/page.h"

#include <stdint.h>

#include "http/html.h"
#include "domain/role.h"

#define HOME_CHILDREN 10 /* direct units listed on the dashboard; the unit page has them all */

static void
stat(struct buf *b, const char *label, int64_t v, const char *unit)
{
	html_raw(b, "<div class=\"stat\"><div class=\"stat-label\">");
	html_text(b, label);
	html_raw(b, "</div><div class=\"stat-value\">");
	html_int(b, v, 1);
	html_raw(b, "<small>");
	html_text(b, unit);
	html_raw(b, "</small></div></div>");
}

static void
quick_links(struct req *r)
{
	struct buf *b = &r->out;
	enum role role = r->actor.role;

	html_raw(b, "<h2>快捷入口</h2><ul class=\"quick\">");
	if (role_can(role, PERM_ORG_READ)) {
		html_fmt(b, "<li><a href=\"/orgs/%lld\">本单位详情</a></li>",
			 (long long)r->actor.org_id);
		html_raw(b, "<li><a href=\"/orgs\">单位查询</a></li>");
	}
	if (role_can(role, PERM_ORG_WRITE))
		html_fmt(b, "<li><a href=\"/orgs/%lld/new\">新增下级单位</a></li>",
			 (long long)r->actor.org_id);
	if (role_can(role, PERM_USER_READ))
		html_raw(b, "<li><a href=\"/users\">用户管理</a></li>");
	if (role_can(role, PERM_USER_WRITE))
		html_raw(b, "<li><a href=\"/users/new\">新增用户</a></li>");
	if (role_can(role, PERM_SECURITY))
		html_raw(b, "<li><a href=\"/security\">安全策略与锁定</a></li>");
	if (role_can(role, PERM_AUDIT_READ))
		html_raw(b, "<li><a href=\"/audit\">审计日志</a></li>");
	html_raw(b, "<li><a href=\"/account\">修改密码</a></li></ul>");
}

static void
children_table(struct req *r, const struct db_org *unit)
{
	struct buf *b = &r->out;
	struct db_org *list;
	size_t n, i;

	if (db_org_children(r->db, r->a, r->actor.org_path, unit->id, HOME_CHILDREN, 0, &list,
			    &n) != DB_OK ||
	    n == 0)
		return;
	html_raw(
	    b,
	    "<h2>直属下级单位</h2><div class=\"table-wrap\"><table class=\"list\"><thead>"
	    "<tr><th>单位名称</th><th>类型</th><th class=\"num\">成员数</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html_fmt(b, "<tr%s><td><a href=\"/orgs/%lld\">",
			 list[i].closed ? " class=\"closed\"" : "", (long long)list[i].id);
		html_text(b, list[i].name);
		html_raw(b, "</a>");
		if (list[i].closed)
			html_raw(b, " <span class=\"tag\">已撤销</span>");
		html_raw(b, "</td><td>");
		html_text(b, list[i].kind);
		html_raw(b, "</td><td class=\"num\">");
		html_int(b, list[i].members, 1);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	if (unit->children > (int64_t)n)
		html_fmt(
		    b, "<p class=\"more\"><a href=\"/orgs/%lld\">查看全部 %lld 个直属单位</a></p>",
		    (long long)unit->id, (long long)unit->children);
}

/* The auditor's figures: entries and failed logins of the last 24 hours, in their scope. */
static void
audit_stats(struct req *r)
{
	struct db_audit_filter f = {
	    .scope = r->actor.org_path, .from = r->now - 86400, .to = INT64_MAX, .limit = 1};
	struct db_audit *list;
	int64_t all = 0, failed = 0;
	size_t n;

	if (db_audit_list(r->db, r->a, &f, &list, &n, &all) != DB_OK)
		return;
	f.action = "login.fail";
	if (db_audit_list(r->db, r->a, &f, &list, &n, &failed) != DB_OK)
		return;
	stat(&r->out, "近 24 小时审计记录", all, "条");
	stat(&r->out, "近 24 小时登录失败", failed, "次");
}

void
page_home(struct req *r)
{
	struct buf *b = &r->out;
	struct db_org unit;
	struct xg_error err;
	int64_t units = 0, members = 0;

	if (xg_from_db(&err, db_org_get(r->db, r->a, r->actor.org_path, r->actor.org_id, &unit),
		       r->db, "单位") != XG_OK ||
	    xg_from_db(&err, db_org_subtree_totals(r->db, unit.path, &units, &members), r->db,
		       "单位") != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "工作台", "home");
	html_raw(b, "<p class=\"lead\">");
	html_text(b, r->actor.display_name);
	html_raw(b, "，您好。当前单位：<strong>");
	html_text(b, unit.name);
	html_raw(b, "</strong></p><div class=\"stats\">");
	if (role_can(r->actor.role, PERM_ORG_READ)) {
		stat(b, "本单位及下级（正常）", units, "个");
		stat(b, "直属下级单位", unit.children, "个");
		stat(b, "成员合计", members, "人");
	}
	if (role_can(r->actor.role, PERM_AUDIT_READ))
		audit_stats(r);
	html_raw(b, "</div>");
	quick_links(r);
	if (role_can(r->actor.role, PERM_ORG_READ))
		children_table(r, &unit);
	page_end(r);
}
