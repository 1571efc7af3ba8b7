/* page_home: 工作台 — the caller's unit at a glance and the ways onward their role allows. */
#include "page/page.h"

#include <stdint.h>

#include "base/day.h"
#include "domain/audit.h"
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

/* Everything the dashboard shows, read before it is rendered. */
struct home {
	struct db_org unit;
	int64_t units, members; /* open units of the subtree and their members */
	struct db_org *children;
	size_t nchildren;
	bool audit;
	int64_t audit_all, audit_failed; /* entries and failed logins of the last 24 hours */
};

static void
children_table(struct req *r, const struct home *h)
{
	struct buf *b = &r->out;
	size_t i;

	if (h->nchildren == 0)
		return;
	html_raw(
	    b,
	    "<h2>直属下级单位</h2><div class=\"table-wrap\"><table class=\"list\"><thead>"
	    "<tr><th>单位名称</th><th>类型</th><th class=\"num\">成员数</th></tr></thead><tbody>");
	for (i = 0; i < h->nchildren; i++) {
		page_unit_row_begin(r, &h->children[i]);
		html_raw(b, "<td>");
		html_text(b, h->children[i].kind);
		html_raw(b, "</td><td class=\"num\">");
		html_int(b, h->children[i].members, 1);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	if (h->unit.children > (int64_t)h->nchildren)
		html_fmt(
		    b, "<p class=\"more\"><a href=\"/orgs/%lld\">查看全部 %lld 个直属单位</a></p>",
		    (long long)h->unit.id, (long long)h->unit.children);
}

/*
 * The auditor's figures: entries and failed logins of the last 24 hours, in
 * the scope /audit reads (audit_scope_of: an auditor at the top also counts
 * entries without a unit, such as failed logins of unknown names).
 */
static enum xg_rc
audit_stats_load(struct req *r, struct home *h, struct xg_error *err)
{
	struct db_audit_filter f = {.scope = audit_scope_of(&r->actor),
				    .from = r->now - DAY_SECONDS,
				    .to = INT64_MAX,
				    .limit = 1};
	struct db_audit *list;
	enum xg_rc rc;
	size_t n;

	rc = xg_from_db(err, db_audit_list(r->db, r->a, &f, &list, &n, &h->audit_all), r->db,
			"审计日志");
	f.action = "login.fail";
	if (rc == XG_OK)
		rc = xg_from_db(err, db_audit_list(r->db, r->a, &f, &list, &n, &h->audit_failed),
				r->db, "审计日志");
	return rc;
}

static enum xg_rc
home_load(struct req *r, struct home *h, struct xg_error *err)
{
	enum xg_rc rc;

	*h = (struct home){.audit = role_can(r->actor.role, PERM_AUDIT_READ)};
	rc = xg_from_db(err, db_org_get(r->db, r->a, r->actor.org_path, r->actor.org_id, &h->unit),
			r->db, "单位");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_subtree_totals(r->db, h->unit.path, &h->units, &h->members),
				r->db, "单位");
	if (rc == XG_OK && role_can(r->actor.role, PERM_ORG_READ) && h->unit.children > 0)
		rc = xg_from_db(err,
				db_org_children(r->db, r->a, r->actor.org_path, h->unit.id,
						HOME_CHILDREN, 0, &h->children, &h->nchildren),
				r->db, "下级单位");
	if (rc == XG_OK && h->audit)
		rc = audit_stats_load(r, h, err);
	return rc;
}

void
page_home(struct req *r)
{
	struct buf *b = &r->out;
	struct xg_error err;
	struct home h;

	/* Those who read work records land on their unit's figures; the rest on this overview. */
	if (role_can(r->actor.role, PERM_RECORD_READ)) {
		page_dashboard(r);
		return;
	}
	if (home_load(r, &h, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "工作台", "home");
	html_raw(b, "<p class=\"lead\">");
	html_text(b, r->actor.display_name);
	html_raw(b, "，您好。当前单位：<strong>");
	html_text(b, h.unit.name);
	html_raw(b, "</strong></p><div class=\"stats\">");
	if (role_can(r->actor.role, PERM_ORG_READ)) {
		stat(b, "本单位及下级（正常）", h.units, "个");
		stat(b, "直属下级单位", h.unit.children, "个");
		stat(b, "成员合计", h.members, "人");
	}
	if (h.audit) {
		stat(b, "近 24 小时审计记录", h.audit_all, "条");
		stat(b, "近 24 小时登录失败", h.audit_failed, "次");
	}
	html_raw(b, "</div>");
	quick_links(r);
	if (role_can(r->actor.role, PERM_ORG_READ))
		children_table(r, &h);
	page_end(r);
}
