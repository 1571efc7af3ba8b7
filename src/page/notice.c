/* page_notice: 消息 — the caller's notices, unread first, each marked read with one button. */
#include "page/page.h"

#include <string.h>

#include "domain/notice.h"
#include "http/html.h"

static const struct page_done done_texts[] = {{"read", "已标为已读。"}, {NULL, NULL}};

static const char *
kind_label(const char *kind)
{
	static const struct {
		const char *code, *label;
	} kinds[] = {{"reminder", "催办"},
		     {"sign_request", "签收"},
		     {"adjustment_answer", "调整答复"},
		     {"lecture_order", "宣讲点单"},
		     {"other", "通知"}};
	size_t i;

	for (i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].code) == 0)
			return kinds[i].label;
	return "通知";
}

static void
notice_item(struct req *r, const struct db_notice *n, bool unread_only)
{
	struct buf *b = &r->out;

	html_fmt(b, "<li class=\"msg%s\" id=\"notice-%lld\"><div class=\"msg-head\">",
		 n->read_at == 0 ? " unread" : "", (long long)n->id);
	html_fmt(b, "<span class=\"tag tag-%s\">", strcmp(n->kind, "reminder") == 0 ? "warn" : "info");
	html_text(b, kind_label(n->kind));
	html_raw(b, "</span><strong class=\"msg-title\">");
	/* Only our own paths become links (a notice's link is written by us, never typed). */
	if (n->link != NULL && n->link[0] == '/' && n->link[1] != '/') {
		html_raw(b, "<a href=\"");
		html_attr(b, n->link);
		html_raw(b, "\">");
		html_text(b, n->title);
		html_raw(b, "</a>");
	} else {
		html_text(b, n->title);
	}
	html_raw(b, "</strong><span class=\"muted msg-meta\">");
	html_text(b, n->sender_name);
	html_raw(b, " · ");
	html_time(b, n->created_at);
	html_raw(b, "</span></div>");
	if (n->body != NULL && n->body[0] != '\0') {
		html_raw(b, "<div class=\"msg-body\">");
		html_text(b, n->body);
		html_raw(b, "</div>");
	}
	if (n->read_at == 0) {
		html_fmt(b, "<form method=\"post\" action=\"/notices/%lld/read%s\" class=\"inline\">",
			 (long long)n->id, unread_only ? "?unread=1" : "");
		page_csrf_input(r);
		html_raw(b, "<button type=\"submit\">标为已读</button></form>");
	} else {
		html_raw(b, "<span class=\"muted\">已读于 ");
		html_time(b, n->read_at);
		html_raw(b, "</span>");
	}
	html_raw(b, "</li>");
}

void
page_notices(struct req *r)
{
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0,
		unread = 0;
	bool unread_only = param_bool(&r->query, F_UNREAD, false);
	struct db_notice *list;
	struct xg_error err;
	const char *done;
	size_t n, i;

	if (notice_list(r->db, r->a, &r->actor, unread_only, limit, offset, r->now, &list, &n,
			&total, &unread, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "消息", "notices");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	html_raw(b, "<p class=\"toolbar\">");
	if (unread_only)
		html_raw(b, "<a class=\"btn\" href=\"/notices\">全部消息</a>");
	else
		html_raw(b, "<a class=\"btn\" href=\"/notices?unread=1\">只看未读</a>");
	html_raw(b, "</p><p class=\"count\">共 ");
	html_int(b, total, 1);
	html_raw(b, " 条，未读 <strong class=\"unread-count\">");
	html_int(b, unread, 1);
	html_raw(b, "</strong> 条（本单位收到的，和发给本人的）</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有消息。</p>");
	html_raw(b, "<ul class=\"notices\">");
	for (i = 0; i < n; i++)
		notice_item(r, &list[i], unread_only);
	html_raw(b, "</ul>");
	page_pager(r, unread_only ? "/notices?unread=1&" : "/notices?", total, limit, offset);
	page_end(r);
}

void
page_notice_read(struct req *r)
{
	struct db_notice n;
	struct xg_error err;

	if (notice_read(r->db, r->a, &r->actor, r->id[0], r->now, &n, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	http_redirect(r, param_bool(&r->query, F_UNREAD, false) ? "/notices?unread=1&done=read"
								 : "/notices?done=read");
}
