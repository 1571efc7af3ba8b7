/*
 * page: the server-rendered pages in Chinese (one file per page, page_*.c)
 * and their shared layout (page_layout.c). Every value is printed through
 * html.h's escapers. Error pages never echo the request.
 */
#ifndef XG_PAGE_H
#define XG_PAGE_H

#include "http.h"

/* Layout (page_layout.c). nav is the key of the active navigation item ("home", "orgs", ...). */
void page_begin(struct req *r, const char *title, const char *nav);
void page_end(struct req *r);
/* Answer an error page with the status of err->rc (login page redirect for XG_UNAUTH). */
void page_error(struct req *r, const struct xg_error *err);
/* The hidden CSRF input of a form posted by the logged-in user. */
void page_csrf_input(struct req *r);

/* page_static.c: GET /static/{file} */
void page_static(struct req *r);
/* page_login.c */
void page_login_form(struct req *r);
void page_login(struct req *r);
void page_logout(struct req *r);
/* page_home.c: 工作台 */
void page_home(struct req *r);
/* page_org.c: 组织机构 */
void page_org(struct req *r);
void page_org_search(struct req *r);
void page_org_new_form(struct req *r);
void page_org_new(struct req *r);
void page_org_edit_form(struct req *r);
void page_org_edit(struct req *r);
/* page_user.c: 用户管理 */
void page_users(struct req *r);
void page_user_new_form(struct req *r);
void page_user_new(struct req *r);
void page_user(struct req *r);
void page_user_edit(struct req *r);
void page_user_reset(struct req *r);
/* page_account.c: own account */
void page_account(struct req *r);
void page_account_password(struct req *r);
/* page_audit.c: 审计日志 */
void page_audit(struct req *r);
/* page_security.c: 安全策略 */
void page_security(struct req *r);
void page_security_update(struct req *r);
void page_security_unlock(struct req *r);

#endif
