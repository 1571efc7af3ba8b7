/* page_layout: the frame every page shares — top band, navigation, error pages and form pieces. */
#include "page/page.h"

#include <string.h>

#include "http/html.h"
#include "domain/role.h"

/* One navigation entry; perm 0 with href NULL marks a feature that is not there yet. */
struct nav_item {
	const char *key;
	const char *label;
	const char *href;
	unsigned perm;
};

#define NAV_ITEMS_MAX 14

struct nav_group {
	const char *title;
	bool business; /* only for the roles that work in the tree, not the three administrators */
	struct nav_item items[NAV_ITEMS_MAX];
};

/*
 * The groups of UI.md in their order. Later features (文件, 情况报告 …) are
 * listed greyed so that people see where they will appear, but only to
 * the business roles: the three administrators never use them.
 */
static const struct nav_group nav_groups[] = {
    {NULL,
     false,
     {{"home", "工作台", "/", PERM_LOGIN}, {"notices", "消息", "/notices", PERM_TASK_READ}}},
    {"业务工作",
     true,
     {{"directives", "文件", "/directives", PERM_TASK_READ},
      {"tasks", "任务", "/tasks", PERM_TASK_READ},
      {"ledger", "工作台账", "/records", PERM_RECORD_READ},
      {"review", "审核", "/review", PERM_RECORD_REVIEW},
      {"campaigns", "专项工作", "/campaigns", PERM_RECORD_READ},
      {"lectures", "宣讲点单", "/lecture-orders", PERM_RECORD_READ},
      {"inspect", "督促检查", "/inspections", PERM_TASK_READ},
      {"reports", "情况报告", NULL, 0},
      {"stats", "统计分析", NULL, 0}}},
    /* "/orgs/self" stands for the caller's own unit, whose id is known only per request. */
    {"组织机构",
     false,
     {{"orgs", "本单位及下级", "/orgs/self", PERM_ORG_READ},
      {"org-search", "单位查询", "/orgs", PERM_ORG_READ}}},
    {"系统管理",
     false,
     {{"users", "用户管理", "/users", PERM_USER_READ},
      {"roles", "角色", "/roles", PERM_USER_READ},
      {"security", "安全策略", "/security", PERM_SECURITY},
      {"audit", "审计日志", "/audit", PERM_AUDIT_READ}}},
    {"个人", false, {{"account", "修改密码", "/account", PERM_LOGIN}}},
};

static bool
is_business(enum role role)
{
	return role == ROLE_STAFF || role == ROLE_SUPERVISOR || role == ROLE_REPORTER ||
	       role == ROLE_VIEWER;
}

static bool
item_visible(const struct req *r, const struct nav_group *g, const struct nav_item *it)
{
	if (it->href == NULL)
		return g->business && is_business(r->actor.role);
	return role_can(r->actor.role, it->perm);
}

/* The caller's unread notices beside 消息: one indexed count; none shown when it fails. */
static void
unread_badge(struct req *r)
{
	int64_t n = 0;

	if (r->db == NULL ||
	    db_notice_unread(r->db, r->actor.org_id, r->actor.user_id, &n) != DB_OK || n <= 0)
		return;
	html_raw(&r->out, " <span class=\"badge\" title=\"未读消息\">");
	html_int(&r->out, n, 1);
	html_raw(&r->out, "</span>");
}

static void
nav_link(struct req *r, const struct nav_item *it, const char *active)
{
	struct buf *b = &r->out;

	if (it->href == NULL) {
		html_raw(b, "<li><span class=\"nav-off\">");
		html_text(b, it->label);
		html_raw(b, "<small>即将上线</small></span></li>");
		return;
	}
	html_raw(b, "<li><a href=\"");
	if (strcmp(it->href, "/orgs/self") == 0)
		html_fmt(b, "/orgs/%lld", (long long)r->actor.org_id);
	else
		html_attr(b, it->href);
	html_raw(b, "\"");
	if (active != NULL && strcmp(active, it->key) == 0)
		html_raw(b, " class=\"active\" aria-current=\"page\"");
	html_raw(b, ">");
	html_text(b, it->label);
	if (strcmp(it->key, "notices") == 0)
		unread_badge(r);
	html_raw(b, "</a></li>");
}

static void
nav(struct req *r, const char *active)
{
	struct buf *b = &r->out;
	size_t g, i;

	html_raw(b, "<nav class=\"side\" id=\"side\" aria-label=\"导航\">");
	for (g = 0; g < sizeof(nav_groups) / sizeof(nav_groups[0]); g++) {
		const struct nav_group *grp = &nav_groups[g];
		bool any = false;
		for (i = 0; i < NAV_ITEMS_MAX && grp->items[i].key != NULL; i++)
			any = any || item_visible(r, grp, &grp->items[i]);
		if (!any)
			continue;
		if (grp->title != NULL) {
			html_raw(b, "<h2>");
			html_text(b, grp->title);
			html_raw(b, "</h2>");
		}
		html_raw(b, "<ul>");
		for (i = 0; i < NAV_ITEMS_MAX && grp->items[i].key != NULL; i++)
			if (item_visible(r, grp, &grp->items[i]))
				nav_link(r, &grp->items[i], active);
		html_raw(b, "</ul>");
	}
	html_raw(b, "</nav>");
}

/*
 * The site's name; a subtitle after " — " is marked so that a phone can
 * drop it ("宣贯" fits beside the menu button, the whole name does not).
 */
static void
brand(struct req *r)
{
	struct buf *b = &r->out;
	const char *name = r->site->name;
	const char *dash = name != NULL ? strstr(name, " — ") : NULL;

	html_raw(b, "<a class=\"brand\" href=\"/\">");
	if (dash == NULL) {
		html_text(b, name);
	} else {
		html_text(b, arena_strndup(r->a, name, (size_t)(dash - name)));
		html_raw(b, "<span class=\"sub\">— ");
		html_text(b, dash + strlen(" — "));
		html_raw(b, "</span>");
	}
	html_raw(b, "</a>");
}

static void
top_band(struct req *r)
{
	struct buf *b = &r->out;

	html_raw(b, "<header class=\"top\">");
	if (r->authed)
		/* The checkbox drives the phone menu by CSS alone: it works with scripts off too.
		 */
		html_raw(b, "<label class=\"menu-btn\" for=\"nav-toggle\" aria-label=\"菜单\">"
			    "<span class=\"bars\"></span>菜单</label>");
	brand(r);
	if (r->authed) {
		html_raw(b, "<div class=\"who\"><span class=\"unit\">");
		html_text(b, r->actor.org_name);
		html_raw(b, "</span><a class=\"user\" href=\"/account\" title=\"个人设置\">");
		html_text(b, r->actor.display_name);
		html_raw(b, "<small>");
		html_text(b, role_label(r->actor.role));
		html_raw(b,
			 "</small></a><form method=\"post\" action=\"/logout\" class=\"logout\">");
		page_csrf_input(r);
		html_raw(b, "<button type=\"submit\">退出</button></form></div>");
	}
	html_raw(b, "</header>");
}

void
page_begin(struct req *r, const char *title, const char *active)
{
	page_begin_status(r, 200, title, active);
}

void
page_begin_status(struct req *r, unsigned status, const char *title, const char *active)
{
	struct buf *b = &r->out;

	buf_reset(b);
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	html_raw(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">"
		    "<meta name=\"renderer\" content=\"webkit\">"
		    "<link rel=\"icon\" href=\"data:,\"><title>");
	html_text(b, title);
	html_raw(b, " - ");
	html_text(b, r->site->name);
	html_raw(b, "</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
		    "<script src=\"/static/app.js\" defer></script></head><body");
	if (r->authed)
		html_raw(b, " class=\"app\"><a class=\"skip\" href=\"#main\">跳到正文</a>"
			    "<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\" "
			    "aria-label=\"显示导航菜单\">");
	else
		html_raw(b, " class=\"bare\">");
	top_band(r);
	html_raw(b, "<div class=\"frame\">");
	if (r->authed)
		nav(r, active);
	html_raw(b, "<main class=\"main\" id=\"main\"><h1>");
	html_text(b, title);
	html_raw(b, "</h1>");
}

void
page_end(struct req *r)
{
	html_raw(&r->out, "</main></div></body></html>\n");
}

void
page_csrf_input(struct req *r)
{
	if (r->actor.csrf == NULL)
		return;
	html_raw(&r->out, "<input type=\"hidden\" name=\"_csrf\" value=\"");
	html_attr(&r->out, r->actor.csrf);
	html_raw(&r->out, "\">");
}

static const char *
error_title(enum xg_rc rc)
{
	switch (rc) {
	case XG_NOTFOUND:
		return "页面不存在";
	case XG_FORBIDDEN:
		return "无权访问";
	case XG_INVALID:
	case XG_METHOD:
	case XG_TOO_LARGE:
	case XG_MEDIA:
		return "请求有误";
	case XG_CONFLICT:
		return "操作冲突";
	case XG_LOCKED:
		return "暂时锁定";
	case XG_BUSY:
		return "系统繁忙";
	default:
		return "系统错误";
	}
}

/* To the login page, coming back to the page asked for (a GET only: a form post is not replayed).
 */
static void
login_redirect(struct req *r)
{
	struct buf to;

	if (r->method != HTTP_GET || r->path == NULL || strcmp(r->path, "/") == 0) {
		http_redirect(r, "/login");
		return;
	}
	buf_init(&to);
	buf_puts(&to, "/login?next=");
	html_url_arg(&to, r->path);
	http_redirect(r, to.err ? "/login" : buf_cstr(&to));
	buf_free(&to);
}

/*
 * The message of err is Chinese text that never carries input (the
 * xg_error contract); a 404 gets one fixed text, so that a unit outside
 * the caller's subtree looks exactly like one that does not exist.
 */
void
page_error(struct req *r, const struct xg_error *err)
{
	struct buf *b = &r->out;

	if (err->rc == XG_UNAUTH) {
		login_redirect(r);
		return;
	}
	page_begin_status(r, http_status_of(err->rc), error_title(err->rc), NULL);
	html_raw(b, "<div class=\"notice error\"><p>");
	if (err->rc == XG_NOTFOUND)
		html_raw(b, "您要访问的内容不存在，或不在您的管理范围内。");
	else if (err->rc == XG_INTERNAL)
		html_raw(b, "系统内部错误，已记录。请稍后重试；如仍有问题，请联系系统管理员。");
	else
		html_text(b, err->message);
	html_raw(b, "</p></div><p class=\"actions\">");
	if (r->authed)
		html_raw(b, "<a class=\"btn\" href=\"/\">返回工作台</a>");
	else
		html_raw(b, "<a class=\"btn\" href=\"/login\">前往登录</a>");
	html_raw(b, "</p>");
	page_end(r);
}

void
page_row_begin(struct req *r, const char *label, const char *name, bool required)
{
	struct buf *b = &r->out;

	html_raw(b, "<div class=\"row\"><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	if (required)
		html_raw(b, "<span class=\"req\" title=\"必填\">*</span>");
	html_raw(b, "</label><div class=\"ctl\">");
}

void
page_row_end(struct req *r, const char *name, const struct xg_error *err)
{
	struct buf *b = &r->out;

	if (err != NULL && err->rc != XG_OK && err->field != NULL &&
	    strcmp(err->field, name) == 0) {
		html_raw(b, "<p class=\"field-error\" role=\"alert\">");
		html_text(b, err->message);
		html_raw(b, "</p>");
	}
	html_raw(b, "</div></div>");
}

void
page_input_open(struct req *r, const char *name, const char *type, const char *value)
{
	struct buf *b = &r->out;

	html_raw(b, "<input id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" type=\"");
	html_attr(b, type);
	html_raw(b, "\"");
	if (value != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, value);
		html_raw(b, "\"");
	}
}

void
page_input(struct req *r, const char *label, const char *name, const char *type, const char *value,
	   bool required, const struct xg_error *err)
{
	struct buf *b = &r->out;
	bool bad =
	    err != NULL && err->rc != XG_OK && err->field != NULL && strcmp(err->field, name) == 0;

	page_row_begin(r, label, name, required);
	page_input_open(r, name, type, value);
	if (strcmp(type, "password") == 0)
		html_raw(b, " autocomplete=\"new-password\"");
	if (strcmp(type, "number") == 0)
		html_raw(b, " min=\"0\" inputmode=\"numeric\"");
	if (required)
		html_raw(b, " required");
	if (bad)
		html_raw(b, " aria-invalid=\"true\" autofocus");
	html_raw(b, ">");
	page_row_end(r, name, err);
}

void
page_notice(struct req *r, bool ok, const char *text)
{
	if (ok)
		html_raw(&r->out, "<div class=\"notice ok\" role=\"status\">");
	else
		html_raw(&r->out, "<div class=\"notice error\" role=\"alert\">");
	html_text(&r->out, text);
	html_raw(&r->out, "</div>");
}

const char *
page_done_text(const struct req *r, const struct page_done *texts)
{
	const char *done = param_str(&r->query, F_DONE);

	for (; done != NULL && texts->code != NULL; texts++)
		if (strcmp(done, texts->code) == 0)
			return texts->text;
	return NULL;
}

int64_t
page_limit(const struct req *r)
{
	int64_t v = param_int(&r->query, F_LIMIT, 20);

	return v == 50 || v == 100 ? v : 20;
}

static void
pager_link(struct req *r, const char *href, int64_t limit, int64_t offset, const char *label,
	   bool current)
{
	struct buf *b = &r->out;

	if (current) {
		html_raw(b, "<span class=\"current\">");
		html_text(b, label);
		html_raw(b, "</span>");
		return;
	}
	html_raw(b, "<a href=\"");
	html_attr(b, href);
	html_fmt(b, "limit=%lld&amp;offset=%lld\">", (long long)limit, (long long)offset);
	html_text(b, label);
	html_raw(b, "</a>");
}

void
page_pager(struct req *r, const char *href, int64_t total, int64_t limit, int64_t offset)
{
	static const int64_t sizes[] = {20, 50, 100};
	static const char *const size_labels[] = {"20", "50", "100"};
	struct buf *b = &r->out;
	int64_t pages = total > 0 ? (total + limit - 1) / limit : 1;
	int64_t page = offset / limit + 1;
	size_t i;

	if (total <= sizes[0] && offset == 0)
		return; /* one short page: the count above the list says it all */
	html_raw(b, "<nav class=\"pager\" aria-label=\"分页\"><span>共 ");
	html_int(b, total, 1);
	html_raw(b, " 条，第 ");
	html_int(b, page, 1);
	html_raw(b, " / ");
	html_int(b, pages, 1);
	html_raw(b, " 页</span>");
	if (page > 1)
		pager_link(r, href, limit, offset - limit < 0 ? 0 : offset - limit, "上一页",
			   false);
	if (page < pages)
		pager_link(r, href, limit, offset + limit, "下一页", false);
	html_raw(b, "<span class=\"sizes\">每页");
	for (i = 0; i < 3; i++)
		pager_link(r, href, sizes[i], 0, size_labels[i], sizes[i] == limit);
	html_raw(b, "条</span></nav>");
}
