/* page_security: 安全策略 — the secadmin's policy form and the list of current lock-outs. */
#include "page/page.h"

#include <string.h>

#include "domain/auth.h"
#include "http/html.h"
#include "domain/policy.h"

#define POLICY_FIELDS_MAX 16

static void
policy_form(struct req *r, const struct policy *shown, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t n, i;
	const struct policy_field *fields = policy_fields(&n);

	html_raw(b, "<section><h2>密码、锁定与会话</h2><form method=\"post\" action=\"/security\" "
		    "class=\"form wide-labels\">");
	page_csrf_input(r);
	for (i = 0; i < n; i++) {
		const struct policy_field *f = &fields[i];
		page_row_begin(r, f->label, f->key, true);
		html_raw(b, "<input type=\"number\" inputmode=\"numeric\" required id=\"f-");
		html_attr(b, f->key);
		html_raw(b, "\" name=\"");
		html_attr(b, f->key);
		html_fmt(b, "\" min=\"%lld\" max=\"%lld\" value=\"%lld\">", (long long)f->min,
			 (long long)f->max, (long long)policy_get(shown, f));
		html_fmt(b, "<p class=\"hint\">范围 %lld–%lld，默认 %lld</p>", (long long)f->min,
			 (long long)f->max, (long long)f->def);
		page_row_end(r, f->key, err);
	}
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存策略"
		    "</button></div></form></section>");
}

static void
lock_label(struct buf *b, const char *key)
{
	if (strncmp(key, "user:", 5) == 0) {
		html_raw(b, "账号 <span class=\"code\">");
		html_text(b, key + 5);
	} else if (strncmp(key, "addr:", 5) == 0) {
		html_raw(b, "地址 <span class=\"code\">");
		html_text(b, key + 5);
	} else {
		html_raw(b, "<span class=\"code\">");
		html_text(b, key);
	}
	html_raw(b, "</span>");
}

/* The locks in force, read before the page is rendered. */
struct locks {
	struct db_throttle *list;
	size_t n;
};

static void
locks(struct req *r, const struct locks *l)
{
	struct buf *b = &r->out;
	const struct db_throttle *list = l->list;
	size_t i;

	html_raw(b, "<section><h2>当前锁定</h2>");
	if (l->n == 0) {
		html_raw(b, "<p class=\"empty\">当前没有被锁定的账号或地址。</p></section>");
		return;
	}
	html_raw(b,
		 "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>锁定对象</th>"
		 "<th class=\"num\">失败次数</th><th>锁定至</th><th>操作</th></tr></thead><tbody>");
	for (i = 0; i < l->n; i++) {
		html_raw(b, "<tr><td>");
		lock_label(b, list[i].key);
		html_raw(b, "</td><td class=\"num\">");
		html_int(b, list[i].failures, 1);
		html_raw(b, "</td><td class=\"nowrap\">");
		html_time(b, list[i].locked_until);
		html_raw(b, "</td><td><form method=\"post\" action=\"/security/unlock\" "
			    "class=\"inline\" data-confirm=\"");
		html_attr(b, arena_printf(r->a, "确定解除对%s %s 的锁定吗？此操作将记入审计日志。",
					  strncmp(list[i].key, "addr:", 5) == 0 ? "地址" : "账号",
					  strchr(list[i].key, ':') ? strchr(list[i].key, ':') + 1
								   : list[i].key));
		html_raw(b, "\">");
		page_csrf_input(r);
		html_raw(b, "<input type=\"hidden\" name=\"key\" value=\"");
		html_attr(b, list[i].key);
		html_raw(b, "\"><button type=\"submit\">解除锁定</button></form></td></tr>");
	}
	html_raw(b, "</tbody></table></div></section>");
}

static void
security_page(struct req *r, const struct policy *shown, const char *done,
	      const struct xg_error *err)
{
	struct locks l = {0};
	struct xg_error lerr;

	if (xg_from_db(&lerr, db_throttle_locked(r->db, r->a, r->now, &l.list, &l.n), r->db,
		       "锁定记录") != XG_OK) {
		page_error(r, &lerr);
		return;
	}
	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "安全策略", "security");
	if (done != NULL)
		page_notice(r, true, done);
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	else if (err != NULL)
		page_notice(r, false, "有一项设置不符合要求，请查看下方提示。");
	policy_form(r, shown, err);
	locks(r, &l);
	page_end(r);
}

void
page_security(struct req *r)
{
	static const struct page_done texts[] = {{"saved", "已保存安全策略，新的设置立即生效。"},
						 {"unlocked", "已解除锁定。"},
						 {"nochange", "没有需要保存的修改。"},
						 {NULL, NULL}};

	security_page(r, &r->policy, page_done_text(r, texts), NULL);
}

void
page_security_update(struct req *r)
{
	const char *keys[POLICY_FIELDS_MAX];
	int64_t values[POLICY_FIELDS_MAX];
	struct policy typed = r->policy;
	size_t nf, i, n = 0;
	const struct policy_field *fields = policy_fields(&nf);
	struct xg_error err;

	/* Only changed values go to policy_update, so the audit entry shows what really changed. */
	for (i = 0; i < nf && n < POLICY_FIELDS_MAX; i++) {
		int64_t v;
		if (!param_has(&r->body, param_field_of(fields[i].key)))
			continue;
		v = param_int(&r->body, param_field_of(fields[i].key), 0);
		*(int64_t *)(void *)((char *)&typed + fields[i].offset) = v;
		if (v == policy_get(&r->policy, &fields[i]))
			continue;
		keys[n] = fields[i].key;
		values[n++] = v;
	}
	if (n == 0) {
		http_redirect(r, "/security?done=nochange");
		return;
	}
	if (policy_update(r->db, &r->actor, keys, values, n, r->now, &err) != XG_OK) {
		security_page(r, &typed, NULL, &err);
		return;
	}
	http_redirect(r, "/security?done=saved");
}

void
page_security_unlock(struct req *r)
{
	struct xg_error err;

	if (auth_unlock(r->db, &r->actor, param_str(&r->body, F_KEY), r->now, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	http_redirect(r, "/security?done=unlocked");
}
