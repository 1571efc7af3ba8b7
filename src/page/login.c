/* page_login: logging in and out with the login form and the session cookie. */
#include "page/page.h"

#include <string.h>

#include "domain/auth.h"
#include "http/html.h"

/* Only a local path may follow the login: never another site ("//host") nor a scheme. */
static const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strchr(next, '\\') != NULL || strncmp(next, "/login", 6) == 0)
		return "/";
	return next;
}

static void
login_form(struct req *r, const char *username, const char *next, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "登录", NULL);
	html_raw(b, "<div class=\"login-box\"><p class=\"lead\">请使用本单位分配的账号登录。</p>");
	if (err != NULL)
		page_notice(r, false, err->message);
	html_raw(b, "<form method=\"post\" action=\"/login\" class=\"form stacked\">");
	if (next != NULL && strcmp(next, "/") != 0) {
		html_raw(b, "<input type=\"hidden\" name=\"next\" value=\"");
		html_attr(b, next);
		html_raw(b, "\">");
	}
	page_row_begin(r, "用户名", "username", true);
	html_raw(b, "<input id=\"f-username\" name=\"username\" type=\"text\" required"
		    " autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"");
	if (username != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, username);
		html_raw(b, "\"");
	} else {
		html_raw(b, " autofocus");
	}
	html_raw(b, ">");
	page_row_end(r, "username", NULL);
	page_row_begin(r, "密码", "password", true);
	html_raw(b, "<input id=\"f-password\" name=\"password\" type=\"password\" required"
		    " autocomplete=\"current-password\"");
	if (username != NULL)
		html_raw(b, " autofocus");
	html_raw(b, ">");
	page_row_end(r, "password", NULL);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">登录"
		    "</button></div></form><p class=\"hint\">忘记密码或账号被锁定，请联系本单位"
		    "系统管理员。</p></div>");
	page_end(r);
}

void
page_login_form(struct req *r)
{
	if (r->authed) {
		http_redirect(r, "/");
		return;
	}
	login_form(r, NULL, safe_next(param_str(&r->query, F_NEXT)), NULL);
}

void
page_login(struct req *r)
{
	const char *username = param_str(&r->body, F_USERNAME);
	const char *next = safe_next(param_str(&r->body, F_NEXT));
	struct auth_login out;
	struct xg_error err;

	if (auth_login(r->db, r->a, &r->policy, username, param_str(&r->body, F_PASSWORD),
		       r->client, r->now, &out, &err) != XG_OK) {
		/* A failed login shows the form again, not the generic error page. */
		login_form(r, username, next, &err);
		r->retry_after = err.retry_after;
		return;
	}
	r->set_cookie = http_session_cookie(r, out.token);
	http_redirect(r, next);
}

void
page_logout(struct req *r)
{
	struct xg_error err;

	if (auth_logout(r->db, &r->actor, r->now, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	r->set_cookie = http_clear_cookie(r);
	http_redirect(r, "/login");
}
