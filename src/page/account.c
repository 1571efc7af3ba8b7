/* page_account: one's own account — who and where one is, and changing one's own password. */
#include "page/page.h"

#include <string.h>

#include "http/html.h"
#include "domain/role.h"
#include "domain/user.h"

static void
account_page(struct req *r, const char *done, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "修改密码", "account");
	if (done != NULL)
		page_notice(r, true, done);
	if (err != NULL && (err->field == NULL || (strcmp(err->field, "password") != 0 &&
						   strcmp(err->field, "old_password") != 0 &&
						   strcmp(err->field, "password2") != 0)))
		page_notice(r, false, err->message);
	html_raw(b, "<dl class=\"info\"><div><dt>用户名</dt><dd class=\"code\">");
	html_text(b, r->actor.username);
	html_raw(b, "</dd></div><div><dt>姓名</dt><dd>");
	html_text(b, r->actor.display_name);
	html_raw(b, "</dd></div><div><dt>角色</dt><dd>");
	html_text(b, role_label(r->actor.role));
	html_raw(b, "</dd></div><div><dt>所属单位</dt><dd>");
	html_text(b, r->actor.org_name);
	html_raw(b, "</dd></div></dl><section><h2>修改密码</h2>"
		    "<form method=\"post\" action=\"/account/password\" class=\"form\">");
	page_csrf_input(r);
	page_row_begin(r, "当前密码", "old_password", true);
	html_raw(b, "<input id=\"f-old_password\" name=\"old_password\" type=\"password\" required "
		    "autocomplete=\"current-password\">");
	page_row_end(r, "old_password", err);
	page_input(r, "新密码", "password", "password", NULL, true, err);
	page_input(r, "再次输入新密码", "password2", "password", NULL, true, err);
	html_fmt(
	    b,
	    "<p class=\"hint\">密码至少 %lld 个字符，须包含小写字母、大写字母、数字、符号中的至少"
	    " %lld 种，且不能包含用户名。</p>",
	    (long long)r->policy.pw_min_length, (long long)r->policy.pw_min_classes);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">修改密码"
		    "</button></div></form></section>");
	page_end(r);
}

void
page_account(struct req *r)
{
	static const struct page_done texts[] = {
	    {"password", "密码已修改。您在其他设备上的登录已全部结束。"}, {NULL, NULL}};

	account_page(r, page_done_text(r, texts), NULL);
}

void
page_account_password(struct req *r)
{
	const char *pw = param_str(&r->body, F_PASSWORD);
	const char *again = param_str(&r->body, F_PASSWORD2);
	struct xg_error err;

	if (again == NULL || strcmp(pw, again) != 0)
		xg_fail(&err, XG_INVALID, "mismatch", "password2", "两次输入的新密码不一致");
	else if (user_set_password(r->db, r->a, &r->policy, &r->actor, r->actor.user_id,
				   param_str(&r->body, F_OLD_PASSWORD), pw, r->now,
				   &err) == XG_OK) {
		http_redirect(r, "/account?done=password");
		return;
	}
	account_page(r, NULL, &err);
}
