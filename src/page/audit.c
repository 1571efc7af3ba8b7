/* page_audit: 审计日志 — the auditor reads and filters the trail; nothing here changes it. */
#include "page/page.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/record.h"
#include "http/html.h"
#include "domain/policy.h"
#include "base/csv.h"
#include "base/day.h"
#include "base/str.h"

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
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

/* The filter's actions and object types are domain/audit.c's lists, the one place that names them.
 */
static void
filters(struct req *r)
{
	struct buf *b = &r->out;
	const char *action = param_str(&r->query, F_ACTION);
	const char *type = param_str(&r->query, F_OBJECT_TYPE);
	size_t i, nactions, nobjects;
	const struct audit_name *actions = audit_actions(&nactions);
	const struct audit_name *objects = audit_objects(&nobjects);

	html_raw(b, "<form method=\"get\" action=\"/audit\" class=\"filters\" role=\"search\">");
	page_filter_input(r, "操作人账号", F_ACTOR, "text");
	html_raw(b, "<span class=\"filter\"><label for=\"f-action\">操作</label>"
		    "<select id=\"f-action\" name=\"action\"><option value=\"\">全部</option>");
	for (i = 0; i < nactions; i++)
		option(b, actions[i].code, actions[i].label, action);
	html_raw(
	    b,
	    "</select></span><span class=\"filter\"><label for=\"f-object_type\">对象</label>"
	    "<select id=\"f-object_type\" name=\"object_type\"><option value=\"\">全部</option>");
	for (i = 0; i < nobjects; i++)
		option(b, objects[i].code, objects[i].label, type);
	html_raw(b, "</select></span>");
	page_filter_input(r, "对象编号", F_OBJECT_ID, "text");
	page_filter_input(r, "起始日期", F_FROM, "date");
	page_filter_input(r, "截止日期", F_TO, "date");
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button>"
		    "<a class=\"btn\" href=\"/audit\">清除条件</a></form>");
}

/* Keys of the snapshots that say nothing to an auditor (bookkeeping of the row). */
static bool
noise_key(const char *key)
{
	static const char *const keys[] = {"id",       "created_at", "updated_at",    "depth",
					   "children", "path",	     "pw_changed_at", "org_path"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

/* A field of a record's kind (its detail: 形式, 宣讲人…), by its form's label, or NULL. */
static const char *
record_field_label(const char *key)
{
	enum record_kind k;
	size_t i, n;

	for (k = 0; k < RECORD_KIND__MAX; k++) {
		const struct record_field *f = record_fields(k, &n);
		for (i = 0; i < n; i++)
			if (strcmp(key, f[i].name) == 0)
				return f[i].label;
	}
	return NULL;
}

/* A snapshot's field by its Chinese label: the log's own, else a record form's, else the security
 * policy's, else its code. */
static const char *
key_label(const char *object_type, const char *key)
{
	const char *l = audit_field_label(object_type, key);
	size_t i, n;
	const struct policy_field *pf = policy_fields(&n);

	if (l == NULL && object_type != NULL && strcmp(object_type, "record") == 0)
		l = record_field_label(key);
	if (l != NULL)
		return l;
	for (i = 0; i < n; i++)
		if (strcmp(key, pf[i].key) == 0)
			return pf[i].label;
	return key;
}

static void
json_value(struct buf *b, json_t *v)
{
	char *text;

	if (v == NULL || json_is_null(v)) {
		html_raw(b, "<span class=\"muted\">—</span>");
	} else if (json_is_string(v)) {
		html_text(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		html_int(b, (int64_t)json_integer_value(v), 0);
	} else if (json_is_boolean(v)) {
		if (json_is_true(v))
			html_raw(b, "是");
		else
			html_raw(b, "否");
	} else {
		text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		html_text(b, text);
		free(text);
	}
}

static void
kv_row(struct buf *b, const char *object_type, const char *key, json_t *before, json_t *after,
       bool two)
{
	bool changed = two && !json_equal(before, after);

	if (changed)
		html_raw(b, "<tr class=\"changed\"><th>");
	else
		html_raw(b, "<tr><th>");
	html_text(b, key_label(object_type, key));
	html_raw(b, "</th>");
	if (two) {
		html_raw(b, "<td>");
		json_value(b, before);
		html_raw(b, "</td>");
	}
	html_raw(b, "<td>");
	json_value(b, after);
	html_raw(b, "</td></tr>");
}

/*
 * Before and after as a table of fields with Chinese labels, changed ones
 * marked; a snapshot that is not a JSON object is shown as escaped text.
 */
static void
change_table(struct buf *b, const char *object_type, json_t *before, json_t *after)
{
	bool two = before != NULL && after != NULL;
	json_t *base = after != NULL ? after : before;
	const char *key;
	json_t *v;

	html_raw(b, "<table class=\"kv\"><thead><tr><th>项目</th>");
	if (two)
		html_raw(b, "<th>变更前</th><th>变更后</th>");
	else if (after != NULL)
		html_raw(b, "<th>新值</th>");
	else
		html_raw(b, "<th>原值</th>");
	html_raw(b, "</tr></thead><tbody>");
	json_object_foreach(base, key, v)
	{
		if (noise_key(key))
			continue;
		if (two)
			kv_row(b, object_type, key, json_object_get(before, key), v, true);
		else
			kv_row(b, object_type, key, NULL, v, false);
	}
	/* Keys only the before snapshot has (a field that was removed). */
	if (two)
		json_object_foreach(before, key,
				    v) if (!noise_key(key) && json_object_get(after, key) == NULL)
		    kv_row(b, object_type, key, v, NULL, true);
	html_raw(b, "</tbody></table>");
}

static void
raw_snapshot(struct buf *b, const char *label_before, const char *text)
{
	if (text == NULL)
		return;
	html_raw(b, "<div class=\"diff\"><span>");
	html_text(b, label_before);
	html_raw(b, "</span><pre>");
	html_text(b, text);
	html_raw(b, "</pre></div>");
}

static void
change_detail(struct buf *b, const struct db_audit *e)
{
	json_t *before, *after;

	if (e->before == NULL && e->after == NULL)
		return;
	before = e->before != NULL ? json_loads(e->before, 0, NULL) : NULL;
	after = e->after != NULL ? json_loads(e->after, 0, NULL) : NULL;
	html_raw(b, "<details><summary>变更内容</summary>");
	if ((e->before == NULL || json_is_object(before)) &&
	    (e->after == NULL || json_is_object(after))) {
		change_table(b, e->object_type, before, after);
	} else {
		raw_snapshot(b, "变更前", e->before);
		raw_snapshot(b, "变更后", e->after);
	}
	html_raw(b, "</details>");
	json_decref(before);
	json_decref(after);
}

static void
audit_table(struct req *r, const struct db_audit *list, size_t n)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(
	    b,
	    "<div class=\"table-wrap\"><table class=\"list audit cards\"><thead><tr><th>时间</th>"
	    "<th>操作人</th><th>地址</th><th>操作</th><th>对象</th><th>摘要</th></tr></thead>"
	    "<tbody>");
	for (i = 0; i < n; i++) {
		html_raw(b, "<tr><td class=\"nowrap\" data-label=\"时间\">");
		html_time(b, list[i].at);
		html_raw(b, "</td><td data-label=\"操作人\">");
		if (list[i].actor_name != NULL)
			html_text(b, list[i].actor_name);
		else
			html_raw(b, "<span class=\"muted\">匿名</span>");
		html_raw(b, "</td><td class=\"code\" data-label=\"地址\">");
		html_text(b, list[i].client);
		html_raw(b, "</td><td class=\"card-title\">");
		html_text(b, audit_action_label(list[i].action));
		html_raw(b, "</td><td data-label=\"对象\">");
		html_text(b, audit_object_label(list[i].object_type));
		if (list[i].object_id != NULL && strcmp(list[i].object_id, "0") != 0) {
			html_raw(b, " <span class=\"code\">#");
			html_text(b, list[i].object_id);
			html_raw(b, "</span>");
		}
		html_raw(b, "</td><td class=\"card-wide\">");
		html_text(b, list[i].summary);
		change_detail(b, &list[i]);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

/* The filters a list's and an export's URLs carry. */
static const enum field_id filter_ids[] = {F_ACTOR,	F_ACTION, F_OBJECT_TYPE,
					   F_OBJECT_ID, F_FROM,	  F_TO};
#define NFILTERS (sizeof(filter_ids) / sizeof(filter_ids[0]))

/* The list's URL with its filters, for the pager. */
static const char *
list_href(struct req *r)
{
	return page_query_href(r, "/audit?", filter_ids, NFILTERS);
}

/* The export's URL: the same filters. */
static const char *
export_href(struct req *r)
{
	return page_query_href(r, "/audit/export?", filter_ids, NFILTERS);
}

/* The filter of the query; XG_INVALID for a date that is not one. Empty boxes filter nothing. */
static enum xg_rc
gather_filter(struct req *r, struct db_audit_filter *f, struct xg_error *err)
{
	*f = (struct db_audit_filter){
	    .scope = audit_scope_of(&r->actor),
	    .actor = nonempty(param_str(&r->query, F_ACTOR)),
	    .action = nonempty(param_str(&r->query, F_ACTION)),
	    .object_type = nonempty(param_str(&r->query, F_OBJECT_TYPE)),
	    .object_id = nonempty(param_str(&r->query, F_OBJECT_ID)),
	    .limit = page_limit(r),
	    .offset = param_int(&r->query, F_OFFSET, 0),
	};
	return audit_filter_days(f, nonempty(param_str(&r->query, F_FROM)),
				 nonempty(param_str(&r->query, F_TO)), err);
}

void
page_audit(struct req *r)
{
	struct buf *b = &r->out;
	struct db_audit_filter f;
	struct db_audit *list = NULL;
	struct xg_error err;
	int64_t total = 0;
	size_t n = 0;

	if (gather_filter(r, &f, &err) != XG_OK) {
		page_begin_status(r, 400, "审计日志", "audit");
		page_notice(r, false, "日期格式应为 YYYY-MM-DD，例如 2026-01-31。");
		filters(r);
		page_end(r);
		return;
	}
	if (xg_from_db(&err, db_audit_list(r->db, r->a, &f, &list, &n, &total), r->db,
		       "审计日志") != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "审计日志", "audit");
	filters(r);
	html_raw(b, "<p class=\"count\">共 ");
	html_int(b, total, 1);
	html_raw(b, " 条记录。审计日志只能查阅，任何人都不能修改或删除。");
	if (total > 0) {
		html_raw(b, "<a class=\"btn export\" href=\"");
		html_attr(b, export_href(r));
		html_raw(b, "\">导出 CSV</a>");
	}
	html_raw(b, "</p>");
	if (n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的记录。</p>");
	else
		audit_table(r, list, n);
	page_pager(r, list_href(r), total, f.limit, f.offset);
	page_end(r);
}

/* The export is written row by row to a temporary file, then streamed from it. */
struct export
{
	FILE *f;
	struct buf row;
	bool failed;
};

static int
export_row(void *cls, const struct db_audit *e)
{
	struct export *x = cls;
	char at[DAY_TIME_TEXT_CAP];

	day_format_time(e->at, at, sizeof(at));
	buf_reset(&x->row);
	csv_put(&x->row, at, 1);
	csv_put(&x->row, e->actor_name, 0);
	csv_put(&x->row, e->client, 0);
	csv_put(&x->row, audit_action_label(e->action), 0);
	csv_put(&x->row, audit_object_label(e->object_type), 0);
	csv_put(&x->row, e->object_id, 0);
	csv_put(&x->row, e->summary, 0);
	csv_put(&x->row, e->before, 0);
	csv_put(&x->row, e->after, 0);
	csv_end_row(&x->row);
	if (x->row.err || fwrite(x->row.data, 1, x->row.len, x->f) != x->row.len) {
		x->failed = true;
		return 1;
	}
	return 0;
}

/* The open temporary file f, written, as the answer (its descriptor kept, the FILE closed). */
static enum xg_rc
send_file(struct req *r, FILE *f, struct xg_error *err)
{
	long size;
	int fd;

	if (fflush(f) != 0 || (size = ftell(f)) < 0 || (fd = dup(fileno(f))) < 0)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "导出文件写入失败");
	lseek(fd, 0, SEEK_SET);
	http_reply_file(r, 200, "text/csv; charset=utf-8", fd, (uint64_t)size, "audit.csv");
	return XG_OK;
}

/*
 * GET /audit/export: every entry the filter selects (no paging), as CSV that
 * Excel opens. Rows go one at a time from the database to a temporary file,
 * which is then streamed: memory stays flat however long the log.
 */
void
page_audit_export(struct req *r)
{
	static const char header[] =
	    CSV_BOM "时间,操作人,来源地址,操作,对象类型,对象编号,摘要,修改前,修改后\r\n";
	struct export x = {.f = NULL};
	struct db_audit_filter f;
	struct xg_error err;
	enum xg_rc rc = gather_filter(r, &f, &err);
	int fd = rc == XG_OK ? http_temp_file(r) : -1;

	if (rc == XG_OK && (fd < 0 || (x.f = fdopen(fd, "w+b")) == NULL)) {
		if (fd >= 0)
			close(fd);
		rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "无法建立导出文件");
	}
	buf_init(&x.row);
	if (rc == XG_OK && fwrite(header, 1, sizeof(header) - 1, x.f) != sizeof(header) - 1)
		x.failed = true;
	if (rc == XG_OK && !x.failed)
		rc = xg_from_db(&err, db_audit_each(r->db, &f, export_row, &x), r->db, "审计日志");
	if (rc == XG_OK && x.failed)
		rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "导出文件写入失败");
	if (rc == XG_OK)
		rc = send_file(r, x.f, &err);
	buf_free(&x.row);
	if (x.f != NULL)
		fclose(x.f);
	if (rc != XG_OK)
		page_error(r, &err);
}
