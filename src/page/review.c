/* page_review: 审核 — the publicity waiting for the caller's review, approved or returned one by
 * one or in bulk, each result reported. */
#include "page/page.h"

#include <string.h>

#include "base/str.h"
#include "http/html.h"
#include "domain/record.h"

#define REVIEW_BULK_MAX 100 /* records one bulk step takes */

/* The outcome of one step of a bulk review. */
struct review_result {
	int64_t id;
	const char *title; /* NULL when the record could not be read */
	bool ok;
	const char *message; /* why it failed (trusted Chinese text from the domain) */
};

struct review_view {
	struct db_record *list;
	size_t n;
	int64_t total, limit, offset;
};

static enum xg_rc
gather_queue(struct req *r, struct review_view *v, struct xg_error *err)
{
	v->limit = page_limit(r);
	v->offset = param_int(&r->query, F_OFFSET, 0);
	return xg_from_db(err,
			  db_record_review_list(r->db, r->a, r->actor.org_path, r->actor.user_id,
						v->limit, v->offset, &v->list, &v->n, &v->total),
			  r->db, "台账");
}

static void
queue_table(struct req *r, const struct review_view *v)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"table-wrap\"><table class=\"list review cards\"><thead><tr><th "
		    "class=\"sel\"><span class=\"sr\">选择</span></th><th>日期</th><th>单位</th>"
		    "<th>标题</th><th>填报人</th></tr></thead><tbody>");
	for (i = 0; i < v->n; i++) {
		const struct db_record *rec = &v->list[i];
		html_fmt(b,
			 "<tr><td class=\"sel\"><input type=\"checkbox\" name=\"ids\" "
			 "value=\"%lld\" id=\"pick-%lld\" aria-label=\"选择\"></td><td "
			 "class=\"nowrap\" data-label=\"日期\">",
			 (long long)rec->id, (long long)rec->id);
		html_text(b, rec->day);
		html_raw(b, "</td><td class=\"card-wide\" data-label=\"单位\">");
		html_text(b, rec->org_name);
		html_fmt(b, "</td><td class=\"card-title\"><a href=\"/records/%lld\">",
			 (long long)rec->id);
		html_text(b, rec->title);
		html_raw(b, "</a></td><td data-label=\"填报人\">");
		html_text(b, rec->recorded_by_name);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void
results_list(struct req *r, const struct review_result *res, size_t n, bool approve)
{
	struct buf *b = &r->out;
	size_t i, ok = 0;

	for (i = 0; i < n; i++)
		ok += res[i].ok;
	if (ok == n)
		html_raw(b, "<div class=\"notice ok results\" role=\"status\">");
	else
		html_raw(b, "<div class=\"notice warn results\" role=\"alert\">");
	html_raw(b, "<p>成功 ");
	html_int(b, (int64_t)ok, 1);
	html_raw(b, " 条，未成功 ");
	html_int(b, (int64_t)(n - ok), 1);
	html_raw(b, " 条。</p><ul class=\"plain\">");
	for (i = 0; i < n; i++) {
		if (res[i].ok)
			html_raw(b, "<li class=\"ok\">");
		else
			html_raw(b, "<li class=\"failed\">");
		html_fmt(b, "#%lld ", (long long)res[i].id);
		if (res[i].title != NULL)
			html_text(b, res[i].title);
		html_raw(b, "：");
		if (res[i].ok && approve)
			html_raw(b, "已通过");
		else if (res[i].ok)
			html_raw(b, "已退回");
		else
			html_text(b, res[i].message);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></div>");
}

/* The page: results of a bulk step first (when there are), then the queue. */
static void
render(struct req *r, const struct review_view *v, const struct review_result *res, size_t nres,
       bool approve, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "审核", "review");
	if (err != NULL)
		page_notice(r, false, err->message);
	if (nres > 0)
		results_list(r, res, nres, approve);
	html_raw(b, "<p class=\"lead\">下级单位提交的宣传阐释稿件，审核通过后计入统计。"
		    "本人填报的稿件和本单位的稿件由上级单位审核，不在此列。</p>"
		    "<p class=\"count\">待审核 ");
	html_int(b, v->total, 1);
	html_raw(b, " 条</p>");
	if (v->n == 0) {
		html_raw(b, "<p class=\"empty\">没有待您审核的稿件。</p>");
		page_end(r);
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/review\" class=\"review-form\">");
	page_csrf_input(r);
	queue_table(r, v);
	html_raw(b, "<div class=\"bulk\"><label for=\"f-reason\">退回原因（退回时必填，"
		    "对所选稿件相同）</label><textarea id=\"f-reason\" name=\"reason\" rows=\"2\" "
		    "maxlength=\"500\"></textarea><div class=\"actions\"><button type=\"submit\" "
		    "name=\"action\" value=\"approve\" class=\"primary\">通过所选</button>"
		    "<button type=\"submit\" name=\"action\" value=\"return\">退回所选</button>"
		    "</div></div></form>");
	page_pager(r, "/review?", v->total, v->limit, v->offset);
	page_end(r);
}

void
page_review(struct req *r)
{
	struct review_view v = {0};
	struct xg_error err;

	if (gather_queue(r, &v, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render(r, &v, NULL, 0, true, NULL);
}

/* The ids of the ticked boxes: at least one, at most REVIEW_BULK_MAX. */
static enum xg_rc
ticked(struct req *r, const int64_t **ids, size_t *n, struct xg_error *err)
{
	*ids = param_ids(&r->body, F_IDS, n);
	if (*n > REVIEW_BULK_MAX)
		return xg_fail(err, XG_INVALID, "too_many", "ids", "一次最多审核 %d 条，请分批操作",
			       REVIEW_BULK_MAX);
	if (*n == 0)
		return xg_fail(err, XG_INVALID, "required", "ids", "请先勾选要审核的稿件");
	return XG_OK;
}

/* One record's step; the record is read first only to name it in the report. */
static void
review_one(struct req *r, int64_t id, enum record_step step, const char *reason,
	   struct review_result *res)
{
	struct db_record rec, out;
	struct xg_error err;

	res->id = id;
	if (db_record_get(r->db, r->a, r->actor.org_path, id, &rec) == DB_OK)
		res->title = rec.title;
	res->ok =
	    record_review(r->db, r->a, &r->actor, id, step, reason, r->now, &out, &err) == XG_OK;
	if (!res->ok)
		res->message = err.rc == XG_NOTFOUND ? "稿件不存在或不在您的管理范围内"
			       : err.rc == XG_INTERNAL ? "系统内部错误，请稍后重试"
						       : arena_strdup(r->a, err.message);
}

void
page_review_bulk(struct req *r)
{
	const int64_t *ids = NULL;
	struct review_result *res = NULL;
	struct review_view v = {0};
	const char *action = param_str(&r->body, F_ACTION);
	const char *reason = param_str(&r->body, F_REASON);
	struct xg_error err, gerr;
	enum xg_rc rc;
	size_t n = 0, i;
	bool ret = action != NULL && strcmp(action, "return") == 0;

	rc = ticked(r, &ids, &n, &err);
	if (rc == XG_OK && !ret && (action == NULL || strcmp(action, "approve") != 0))
		rc = xg_fail(&err, XG_INVALID, "unknown_action", "action", "请选择通过或退回");
	if (rc == XG_OK && ret && (reason == NULL || *reason == '\0'))
		rc = xg_fail(&err, XG_INVALID, "required", "reason", "退回时请填写退回原因");
	if (rc == XG_OK && (res = arena_alloc(r->a, n * sizeof(*res))) == NULL)
		rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; rc == XG_OK && i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		review_one(r, ids[i], ret ? RECORD_RETURN : RECORD_APPROVE, ret ? reason : NULL,
			   &res[i]);
	}
	if (gather_queue(r, &v, &gerr) != XG_OK) {
		page_error(r, &gerr);
		return;
	}
	render(r, &v, res, rc == XG_OK ? n : 0, !ret, rc == XG_OK ? NULL : &err);
}
