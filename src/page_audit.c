/* page_audit: 审计日志 — the auditor reads and filters the trail; nothing here changes it. */
#include "page.h"

#include <stdint.h>
#include <string.h>

#include "audit.h"
#include "html.h"
#include "str.h"

#define CST_OFFSET (8 * 3600) /* dates are typed in China Standard Time */

/* The actions an auditor may pick; their labels come from audit.c, the one place that names them. */
static const char *const actions[] = {
	"login.ok",    "login.fail",  "login.lock",	 "login.blocked",	 "logout",
	"org.create",  "org.update",  "org.move",	 "org.close",		 "org.reopen",
	"org.import",  "kind.create", "user.create",	 "user.update",		 "user.disable",
	"user.enable", "user.password", "user.reset_password", "token.create", "token.delete",
	"policy.update", "lock.clear",
};

static const struct {
	const char *code;
	const char *label;
} object_types[] = {{"org", "单位"}, {"user", "账号"}, {"policy", "安全策略"},
		    {"lock", "锁定"}, {"token", "接口令牌"}};

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD" as the Unix time of that midnight in China; -1 when malformed. */
static int64_t
parse_date(const char *s)
{
	int64_t y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    str_parse_i64((struct slice){s, 4}, 1970, 9999, &y) != 0 ||
	    str_parse_i64((struct slice){s + 5, 2}, 1, 12, &m) != 0 ||
	    str_parse_i64((struct slice){s + 8, 2}, 1, 31, &d) != 0)
		return -1;
	return days_from_civil(y, m, d) * 86400 - CST_OFFSET;
}

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static void
text_filter(struct req *r, const char *label, const char *name, const char *type)
{
	struct buf *b = &r->out;
	const char *v = param_str(&r->query, name);

	html_raw(b, "<span class=\"filter\"><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label><input id=\"f-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" type=\"");
	html_attr(b, type);
	html_raw(b, "\"");
	if (v != NULL) {
		html_raw(b, " value=\"");
		html_attr(b, v);
		html_raw(b, "\"");
	}
	html_raw(b, "></span>");
}

static void
option(struct buf *b, const char *value, const char *label, const char *current)
{
	html_raw(b, "<option value=\"");
	html_attr(b, value);
	html_raw(b, "\"");
	if (current != NULL && strcmp(current, value) == 0)
		html_raw(b, " selected");
	html_raw(b, ">");
	html_text(b, label);
	html_raw(b, "</option>");
}

static void
filters(struct req *r)
{
	struct buf *b = &r->out;
	const char *action = param_str(&r->query, "action");
	const char *type = param_str(&r->query, "object_type");
	size_t i;

	html_raw(b, "<form method=\"get\" action=\"/audit\" class=\"filters\" role=\"search\">");
	text_filter(r, "操作人账号", "actor", "text");
	html_raw(b, "<span class=\"filter\"><label for=\"f-action\">操作</label>"
		    "<select id=\"f-action\" name=\"action\"><option value=\"\">全部</option>");
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		option(b, actions[i], audit_action_label(actions[i]), action);
	html_raw(b, "</select></span><span class=\"filter\"><label for=\"f-object_type\">对象</label>"
		    "<select id=\"f-object_type\" name=\"object_type\"><option value=\"\">全部</option>");
	for (i = 0; i < sizeof(object_types) / sizeof(object_types[0]); i++)
		option(b, object_types[i].code, object_types[i].label, type);
	html_raw(b, "</select></span>");
	text_filter(r, "对象编号", "object_id", "text");
	text_filter(r, "起始日期", "from", "date");
	text_filter(r, "截止日期", "to", "date");
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button>"
		    "<a class=\"btn\" href=\"/audit\">清除条件</a></form>");
}

static const char *
object_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(object_types) / sizeof(object_types[0]); i++)
		if (strcmp(code, object_types[i].code) == 0)
			return object_types[i].label;
	return code;
}

static void
change_detail(struct buf *b, const struct db_audit *e)
{
	if (e->before == NULL && e->after == NULL)
		return;
	html_raw(b, "<details><summary>变更内容</summary>");
	if (e->before != NULL) {
		html_raw(b, "<div class=\"diff\"><span>变更前</span><pre>");
		html_text(b, e->before);
		html_raw(b, "</pre></div>");
	}
	if (e->after != NULL) {
		html_raw(b, "<div class=\"diff\"><span>变更后</span><pre>");
		html_text(b, e->after);
		html_raw(b, "</pre></div>");
	}
	html_raw(b, "</details>");
}

static void
audit_table(struct req *r, const struct db_audit *list, size_t n)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"table-wrap\"><table class=\"list audit\"><thead><tr><th>时间</th>"
		    "<th>操作人</th><th>地址</th><th>操作</th><th>对象</th><th>摘要</th></tr></thead>"
		    "<tbody>");
	for (i = 0; i < n; i++) {
		html_raw(b, "<tr><td class=\"nowrap\">");
		html_time(b, list[i].at);
		html_raw(b, "</td><td>");
		if (list[i].actor_name != NULL)
			html_text(b, list[i].actor_name);
		else
			html_raw(b, "<span class=\"muted\">匿名</span>");
		html_raw(b, "</td><td class=\"code\">");
		html_text(b, list[i].client);
		html_raw(b, "</td><td>");
		html_text(b, audit_action_label(list[i].action));
		html_raw(b, "</td><td>");
		html_text(b, object_label(list[i].object_type));
		if (list[i].object_id != NULL && strcmp(list[i].object_id, "0") != 0) {
			html_raw(b, " <span class=\"code\">#");
			html_text(b, list[i].object_id);
			html_raw(b, "</span>");
		}
		html_raw(b, "</td><td>");
		html_text(b, list[i].summary);
		change_detail(b, &list[i]);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

/* The list's URL with its filters, for the pager. */
static const char *
list_href(struct req *r)
{
	static const char *const names[] = {"actor", "action", "object_type", "object_id", "from",
					    "to"};
	struct buf href;
	const char *out;
	size_t i;

	buf_init(&href);
	buf_puts(&href, "/audit?");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = nonempty(param_str(&r->query, names[i]));
		if (v == NULL)
			continue;
		buf_puts(&href, names[i]);
		buf_putc(&href, '=');
		html_url_arg(&href, v);
		buf_putc(&href, '&');
	}
	out = arena_strdup(r->a, buf_cstr(&href));
	buf_free(&href);
	return out;
}

void
page_audit(struct req *r)
{
	struct buf *b = &r->out;
	const char *from = nonempty(param_str(&r->query, "from"));
	const char *to = nonempty(param_str(&r->query, "to"));
	struct db_audit_filter f = {
		.scope = r->actor.org_path,
		.actor = nonempty(param_str(&r->query, "actor")),
		.action = nonempty(param_str(&r->query, "action")),
		.object_type = nonempty(param_str(&r->query, "object_type")),
		.object_id = nonempty(param_str(&r->query, "object_id")),
		.limit = page_limit(r),
		.offset = param_int(&r->query, "offset", 0),
	};
	struct db_audit *list = NULL;
	struct xg_error err;
	int64_t total = 0;
	size_t n = 0;

	f.from = from != NULL ? parse_date(from) : 0;
	f.to = to != NULL ? parse_date(to) : INT64_MAX;
	if (f.from < 0 || f.to < 0) {
		page_begin(r, "审计日志", "audit");
		r->status = 400;
		page_notice(r, false, "日期格式应为 YYYY-MM-DD，例如 2026-01-31。");
		filters(r);
		page_end(r);
		return;
	}
	if (to != NULL)
		f.to += 86400; /* the end date is included */
	if (xg_from_db(&err, db_audit_list(r->db, r->a, &f, &list, &n, &total), r->db, "审计日志") !=
	    XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "审计日志", "audit");
	filters(r);
	html_raw(b, "<p class=\"count\">共 ");
	html_int(b, total, 1);
	html_raw(b, " 条记录。审计日志只能查阅，任何人都不能修改或删除。</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的记录。</p>");
	else
		audit_table(r, list, n);
	page_pager(r, list_href(r), total, f.limit, f.offset);
	page_end(r);
}
