/* page_role: 角色 — what each role may do and whom it may manage (from domain/role.c). */
#include "page/page.h"

#include "http/html.h"
#include "domain/role.h"

static const struct {
	unsigned perm;
	const char *label;
} perm_labels[] = {
    {PERM_ORG_READ, "查看本单位及下级单位"},
    {PERM_ORG_WRITE, "新增、修改、撤销单位"},
    {PERM_USER_READ, "查看账号"},
    {PERM_USER_WRITE, "新增、修改、停用账号，重置密码"},
    {PERM_SECURITY, "设置安全策略，解除登录锁定"},
    {PERM_AUDIT_READ, "查阅审计日志"},
    {PERM_DIRECTIVE, "上传并解析公文"},
};

static void
perms_cell(struct buf *b, enum role role)
{
	size_t i;
	bool any = false;

	html_raw(b, "<td><ul class=\"plain\">");
	for (i = 0; i < sizeof(perm_labels) / sizeof(perm_labels[0]); i++)
		if (role_can(role, perm_labels[i].perm)) {
			html_raw(b, "<li>");
			html_text(b, perm_labels[i].label);
			html_raw(b, "</li>");
			any = true;
		}
	if (!any)
		html_raw(b, "<li>登录</li>");
	html_raw(b, "</ul></td>");
}

static void
manages_cell(struct buf *b, enum role role)
{
	int t;
	bool any = false;

	html_raw(b, "<td>");
	for (t = 0; t < ROLE__MAX; t++)
		if (role_may_manage(role, (enum role)t)) {
			if (any)
				html_raw(b, "、");
			html_text(b, role_label((enum role)t));
			any = true;
		}
	if (!any)
		html_raw(b, "<span class=\"muted\">—</span>");
	html_raw(b, "</td>");
}

void
page_roles(struct req *r)
{
	struct buf *b = &r->out;
	int i;

	page_begin(r, "角色", "roles");
	html_raw(
	    b,
	    "<p class=\"lead\">角色由系统规定，不能在此修改。每个账号只能在其所属单位及下级单位"
	    "范围内行使权限。系统管理员、安全管理员、安全审计员三员分立：管理账号的人不能查阅审计"
	    "日志，查阅审计日志的人不能做任何修改。</p>");
	html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>角色</th>"
		    "<th>可以做什么</th><th>可以管理的账号角色</th></tr></thead><tbody>");
	for (i = 0; i < ROLE__MAX; i++) {
		html_raw(b, "<tr><th scope=\"row\">");
		html_text(b, role_label((enum role)i));
		html_raw(b, "<small class=\"code\">");
		html_text(b, role_code((enum role)i));
		html_raw(b, "</small></th>");
		perms_cell(b, (enum role)i);
		manages_cell(b, (enum role)i);
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
	page_end(r);
}
