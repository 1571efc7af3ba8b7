/* page_directive: 文件 — the directives the caller sees, the import form (its script posts to the
 * API, the reader being out of a page's reach), a directive's page with its original beside the
 * parse (map an addressee, confirm or correct a proposal) and its syllabus coverage below a unit. */
#include "page/page.h"

#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "domain/document.h"
#include "domain/role.h"
#include "http/html.h"
#include "page/task_page.h"

static const struct page_done done_texts[] = {{"mapped", "已对应主送单位。"},
					      {"confirmed", "已确认为任务。"},
					      {"corrected", "已保存修改。"},
					      {NULL, NULL}};

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* GET /directives?campaign_id= */
void
page_directives(struct req *r)
{
	static const enum field_id ids[] = {F_CAMPAIGN_ID};
	struct buf *b = &r->out;
	int64_t limit = page_limit(r), offset = param_int(&r->query, F_OFFSET, 0), total = 0;
	int64_t campaign = param_int(&r->query, F_CAMPAIGN_ID, 0);
	struct db_campaign *camps;
	struct db_directive *list = NULL;
	size_t ncamps, n = 0, i;
	struct xg_error err;
	const char *href;
	enum xg_rc rc;

	rc = page_task_campaigns(r, &camps, &ncamps, &err);
	if (rc == XG_OK)
		rc = xg_from_db(&err,
				db_directive_list(r->db, r->a, r->actor.org_path, campaign, true,
						  limit, offset, &list, &n, &total),
				r->db, "文件");
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	href = page_query_href(r, "/directives?", ids, 1);
	page_begin(r, "文件", "directives");
	html_raw(b, "<form method=\"get\" action=\"/directives\" class=\"filters\" role=\"search\">");
	page_task_campaign_filter(r, camps, ncamps, campaign, "全部");
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button></form>");
	if (role_can(r->actor.role, PERM_TASK_ASSIGN))
		html_raw(b, "<p class=\"toolbar\"><a class=\"btn primary\" href=\"/directives/new\">"
			    "导入文件</a></p>");
	html_raw(b, "<p class=\"count\">共 <span data-total>");
	html_int(b, total, 1);
	html_raw(b, "</span> 份</p>");
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">还没有文件。</p>");
	} else {
		html_raw(b, "<div class=\"table-wrap\"><table class=\"list directives cards\"><thead><tr>"
			    "<th>文件</th><th>专项工作</th><th>成文日期</th><th>导入单位</th>"
			    "<th class=\"num\">建议任务（已确认/共）</th><th>学习情况</th></tr></thead>"
			    "<tbody>");
		for (i = 0; i < n; i++) {
			html_fmt(b, "<tr><td class=\"card-title\"><a href=\"/directives/%lld\">",
				 (long long)list[i].id);
			html_text(b, list[i].title != NULL ? list[i].title : "（无标题）");
			html_raw(b, "</a>");
			if (list[i].doc_no != NULL) {
				html_raw(b, "<br><small>");
				html_text(b, list[i].doc_no);
				html_raw(b, "</small>");
			}
			html_raw(b, "</td><td class=\"card-wide\" data-label=\"专项工作\">");
			html_text(b, list[i].campaign_name);
			html_raw(b, "</td><td class=\"nowrap\" data-label=\"成文日期\">");
			html_text(b, list[i].date != NULL ? list[i].date : "—");
			html_raw(b, "</td><td data-label=\"导入单位\">");
			html_text(b, list[i].org_name);
			html_fmt(
			    b,
			    "</td><td class=\"num\" data-label=\"建议任务\">%lld/%lld</td><td><a "
			    "href=\"/directives/%lld/coverage\">学习覆盖</a></td></tr>",
			    (long long)list[i].confirmed, (long long)list[i].proposals,
			    (long long)list[i].id);
		}
		html_raw(b, "</tbody></table></div>");
	}
	page_pager(r, href != NULL ? href : "/directives?", total, limit, offset);
	page_end(r);
}

/* GET /directives/new: the form; static/directive-import.js posts it to the API. */
void
page_directive_new(struct req *r)
{
	struct buf *b = &r->out;
	int64_t campaign = param_int(&r->query, F_CAMPAIGN_ID, 0);
	struct db_campaign *camps;
	size_t ncamps, i;
	struct xg_error err;

	if (page_task_campaigns(r, &camps, &ncamps, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "导入文件", "directives");
	html_raw(b, "<p class=\"lead\">粘贴文件全文，或选择 .txt / .docx 文件。系统读出章节、主送单位和建议"
		    "任务，导入后可对照原文逐项核对、修改，再确认为任务。</p>");
	html_raw(b, "<form id=\"directive-import\" class=\"form\" method=\"get\" "
		    "action=\"/directives/new\"");
	if (r->actor.csrf != NULL) {
		html_raw(b, " data-csrf=\"");
		html_attr(b, r->actor.csrf);
		html_raw(b, "\"");
	}
	/* Rows as every form has them: the script puts a refusal's message beside its field. */
	html_raw(b, " novalidate>");
	page_row_begin(r, "专项工作", "campaign_id", true);
	html_raw(b, "<select id=\"f-campaign_id\" name=\"campaign_id\" required>");
	for (i = 0; i < ncamps; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)camps[i].id,
			 camps[i].id == campaign ? " selected" : "");
		html_text(b, camps[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "campaign_id", NULL);
	page_row_begin(r, "粘贴全文", "text", false);
	html_raw(b, "<textarea id=\"f-text\" name=\"text\" rows=\"14\"></textarea>");
	page_row_end(r, "text", NULL);
	page_row_begin(r, "或选择文件", "file", false);
	html_raw(b, "<input id=\"f-file\" name=\"file\" type=\"file\" "
		    "accept=\".txt,.docx,text/plain\">");
	page_row_end(r, "file", NULL);
	html_raw(
	    b,
	    "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">读取并导入"
	    "</button><a class=\"btn\" href=\"/directives\">取消</a></div></form>"
	    "<noscript><p class=\"notice error\">导入需要浏览器启用脚本；也可由管理员在服务器上用"
	    "命令 xuanguan directive 导入。</p></noscript>"
	    "<div id=\"import-result\" aria-live=\"polite\"></div>"
	    "<script src=\"/static/directive-import.js\" defer></script>");
	page_end(r);
}

/* A directive's page */

/*
 * A form a staff member posted and the rules refused: the page is shown
 * again with that form open, what was typed in it (read back from the
 * request's body) and the message beside its field (UI.md), as the
 * ledger's forms do.
 */
enum dir_form { DF_NONE, DF_HEADING, DF_MAP, DF_CONFIRM, DF_CORRECT };

struct dir_posted {
	enum dir_form form;
	int64_t task;	 /* the proposal of a confirm or correct form */
	const char *key; /* the section path (heading) or the addressee's name (map) */
	const struct xg_error *err;
};

struct dir_page {
	struct document_view v;
	struct page_units units;
	struct db_kind *kinds;
	size_t nkinds;
	struct dir_posted posted; /* DF_NONE: a plain view */
};

/* The error for form f (the proposal task, or the row named key) when it is the one posted. */
static const struct xg_error *
posted_err(const struct dir_page *p, enum dir_form f, int64_t task, const char *key)
{
	const struct dir_posted *d = &p->posted;

	if (d->form != f || d->task != task)
		return NULL;
	if (key != NULL && (d->key == NULL || strcmp(key, d->key) != 0))
		return NULL;
	return d->err;
}

/* What was typed in field id when err says the form is shown again, else the stored value. */
static const char *
typed_or(struct req *r, const struct xg_error *err, enum field_id id, const char *stored)
{
	return err != NULL ? param_str(&r->body, id) : stored;
}

static enum xg_rc
gather(struct req *r, struct dir_page *p, struct xg_error *err)
{
	enum xg_rc rc;

	memset(p, 0, sizeof(*p));
	rc = document_read(r->db, r->a, &r->actor, r->id[0], &p->v, err);
	if (rc == XG_OK && p->v.writable)
		rc = page_units_load(r, &p->units, err);
	if (rc == XG_OK && p->v.writable)
		rc = xg_from_db(err, db_kind_list(r->db, r->a, &p->kinds, &p->nkinds), r->db,
				"单位类型");
	return rc;
}

/* The strings of array arr (or of its objects' "text"), joined by sep, into b escaped. */
static void
joined(struct buf *b, json_t *arr, const char *sep)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
	{
		if (i > 0)
			html_text(b, sep);
		html_text(b, json_is_string(v) ? json_string_value(v)
					       : json_string_value(json_object_get(v, "text")));
	}
}

/* The same joined, as arena text (NULL for none): what a correction compares with. */
static const char *
joined_text(struct req *r, json_t *arr, const char *sep)
{
	struct buf t;
	const char *out;

	buf_init(&t);
	joined(&t, arr, sep);
	out = t.err ? NULL : arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return out;
}

static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
facts(struct req *r, const struct db_directive *d)
{
	struct buf *b = &r->out;

	html_raw(b, "<dl class=\"info\"><div><dt>文号</dt><dd>");
	html_text(b, d->doc_no != NULL ? d->doc_no : "—");
	html_raw(b, "</dd></div><div><dt>发文单位</dt><dd>");
	html_text(b, d->issuer != NULL ? d->issuer : "—");
	html_raw(b, "</dd></div><div><dt>成文日期</dt><dd>");
	html_text(b, d->date != NULL ? d->date : "—");
	html_raw(b, "</dd></div><div><dt>专项工作</dt><dd>");
	html_text(b, d->campaign_name);
	html_raw(b, "</dd></div><div><dt>导入单位</dt><dd>");
	html_text(b, d->org_name);
	html_fmt(b, "</dd></div><div><dt>学习覆盖</dt><dd><a href=\"/directives/%lld/coverage\">"
		    "查看各单位学习情况</a></dd></div></dl>",
		 (long long)d->id);
}

static void
sections(struct req *r, const struct dir_page *p)
{
	struct buf *b = &r->out;
	size_t i;

	html_fmt(b, "<h2>章节（%zu）</h2><ol class=\"dir-sections\">", p->v.nsections);
	for (i = 0; i < p->v.nsections; i++) {
		const struct db_directive_section *s = &p->v.sections[i];
		html_fmt(b, "<li class=\"level-%lld\"><span class=\"num\">", (long long)s->level);
		html_text(b, s->number);
		html_raw(b, "</span> ");
		html_text(b, s->heading);
		if (p->v.writable) {
			const struct xg_error *err = posted_err(p, DF_HEADING, -1, s->path);
			const char *heading = typed_or(r, err, F_HEADING, s->heading);
			html_fmt(
			    b,
			    "<details class=\"fix\"%s><summary>修改标题</summary><form "
			    "method=\"post\" action=\"/directives/%lld/correct\" class=\"inline\">",
			    err != NULL ? " open" : "", (long long)p->v.d.id);
			page_csrf_input(r);
			html_raw(b, "<input type=\"hidden\" name=\"section_path\" value=\"");
			html_attr(b, s->path);
			html_fmt(b, "\"><input type=\"hidden\" name=\"version\" value=\"%lld\">",
				 (long long)p->v.d.version);
			html_raw(b, "<label>标题 <input name=\"heading\" required value=\"");
			html_attr(b, heading != NULL ? heading : "");
			html_raw(b, "\"");
			if (err != NULL && err->field != NULL && strcmp(err->field, "heading") == 0)
				html_raw(b, " aria-invalid=\"true\" autofocus");
			html_raw(b, "></label><button type=\"submit\">保存</button>");
			if (err != NULL && err->field != NULL &&
			    strcmp(err->field, "heading") == 0) {
				html_raw(b, "<p class=\"field-error\" role=\"alert\">");
				html_text(b, err->message);
				html_raw(b, "</p>");
			}
			html_raw(b, "</form></details>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

static void
addressees(struct req *r, const struct dir_page *p)
{
	struct buf *b = &r->out;
	size_t i;

	html_fmt(b, "<h2>主送单位（%zu）</h2><ul class=\"addressees\">", p->v.naddressees);
	for (i = 0; i < p->v.naddressees; i++) {
		const struct db_directive_addressee *ad = &p->v.addressees[i];
		size_t k, same = 1;

		/* A name resolved to many units (各区县科协) is one line: its count and first few. */
		while (i + same < p->v.naddressees && ad->org_id != 0 &&
		       strcmp(p->v.addressees[i + same].name, ad->name) == 0)
			same++;
		html_raw(b, "<li>");
		html_text(b, ad->name);
		if (ad->org_id != 0) {
			html_fmt(b, " → %zu 个单位：", same);
			for (k = 0; k < same && k < 5; k++) {
				if (k > 0)
					html_raw(b, "、");
				page_unit_link(r, ad[k].org_id, ad[k].org_name);
			}
			if (same > 5)
				html_raw(b, " 等");
			i += same - 1;
		} else {
			html_raw(b, " <span class=\"tag warn\">未对应单位</span>");
		}
		if (ad->org_id == 0 && p->v.writable) {
			const struct xg_error *err = posted_err(p, DF_MAP, -1, ad->name);
			html_fmt(b, "<form method=\"post\" action=\"/directives/%lld/addressees\" "
				    "class=\"map\">",
				 (long long)p->v.d.id);
			page_csrf_input(r);
			html_raw(b, "<input type=\"hidden\" name=\"name\" value=\"");
			html_attr(b, ad->name);
			html_raw(b, "\">");
			page_unit_picker(r, &p->units,
					 &(struct page_unit_picker){.name = "org_id",
								    .label = "对应单位",
								    .number_label = "对应单位编号",
								    .required = true},
					 err != NULL ? param_int(&r->body, F_ORG_ID, 0) : 0, err);
			html_raw(b, "<button type=\"submit\">对应</button></form>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

static void
confirm_form(struct req *r, const struct dir_page *p, size_t index, json_t *t)
{
	struct buf *b = &r->out;
	const struct xg_error *err = posted_err(p, DF_CONFIRM, (int64_t)index, NULL);
	const char *kind = typed_or(r, err, F_UNIT_KIND, NULL);
	const int64_t *picked = NULL;
	size_t npicked = 0, i, k;

	if (err != NULL)
		picked = param_ids(&r->body, F_UNITS, &npicked);
	html_fmt(b,
		 "<details class=\"confirm\"%s><summary>确认为任务</summary><form method=\"post\" "
		 "action=\"/directives/%lld/tasks\" class=\"form\">",
		 err != NULL ? " open" : "", (long long)p->v.d.id);
	page_csrf_input(r);
	html_fmt(b, "<input type=\"hidden\" name=\"task\" value=\"%zu\">", index);
	page_input(r, "任务名称", "title", "text", typed_or(r, err, F_TITLE, jstr(t, "title")),
		   true, err);
	page_input(r, "开始日期", "start_date", "date",
		   typed_or(r, err, F_START_DATE, jstr(t, "start_date")), false, err);
	page_input(r, "完成时限", "due_date", "date",
		   typed_or(r, err, F_DUE_DATE, jstr(t, "due_date")), true, err);
	page_row_begin(r, "承办单位类型", "unit_kind", false);
	html_raw(b, "<select id=\"f-unit_kind\" name=\"unit_kind\"><option value=\"\">不按类型"
		    "</option>");
	for (i = 0; i < p->nkinds; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, p->kinds[i].name);
		html_raw(b, "\"");
		if (kind != NULL && strcmp(kind, p->kinds[i].name) == 0)
			html_raw(b, " selected");
		html_raw(b, ">下级全部");
		html_text(b, p->kinds[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "unit_kind", err);
	if (p->units.too_many) {
		page_input(r, "承办单位编号", "units", "text", typed_or(r, err, F_UNITS, NULL),
			   false, err);
	} else {
		page_row_begin(r, "承办单位", "units", false);
		html_raw(b, "<select multiple size=\"6\" id=\"f-units\" name=\"units\">");
		for (i = 1; i < p->units.n; i++) {
			bool on = false;
			if (p->units.list[i].closed)
				continue;
			for (k = 0; k < npicked; k++)
				on = on || picked[k] == p->units.list[i].id;
			html_fmt(b, "<option value=\"%lld\"%s>", (long long)p->units.list[i].id,
				 on ? " selected" : "");
			html_text(b, p->units.list[i].name);
			html_raw(b, "</option>");
		}
		html_raw(b, "</select>");
		page_row_end(r, "units", err);
	}
	html_raw(b, "<p class=\"hint\">不选类型也不选单位时，按文件读出的单位下达。</p>"
		    "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">确认下达"
		    "</button></div></form></details>");
}

static void
correct_form(struct req *r, const struct dir_page *p, size_t index, json_t *t)
{
	struct buf *b = &r->out;
	const struct xg_error *err = posted_err(p, DF_CORRECT, (int64_t)index, NULL);

	html_fmt(b,
		 "<details class=\"fix\"%s><summary>修改识别结果</summary><form method=\"post\" "
		 "action=\"/directives/%lld/correct\" class=\"form\">",
		 err != NULL ? " open" : "", (long long)p->v.d.id);
	page_csrf_input(r);
	html_fmt(b, "<input type=\"hidden\" name=\"task\" value=\"%zu\">"
		    "<input type=\"hidden\" name=\"version\" value=\"%lld\">",
		 index, (long long)p->v.d.version);
	page_input(r, "任务名称", "title", "text", typed_or(r, err, F_TITLE, jstr(t, "title")),
		   false, err);
	page_input(
	    r, "责任主体（用、分隔）", "subjects", "text",
	    typed_or(r, err, F_SUBJECTS, joined_text(r, json_object_get(t, "subjects"), "、")),
	    false, err);
	page_input(r, "开始日期", "start_date", "date",
		   typed_or(r, err, F_START_DATE, jstr(t, "start_date")), false, err);
	page_input(r, "完成时限", "due_date", "date",
		   typed_or(r, err, F_DUE_DATE, jstr(t, "due_date")), false, err);
	page_input(r, "目标（用；分隔）", "targets", "text",
		   typed_or(r, err, F_TARGETS, joined_text(r, json_object_get(t, "targets"), "；")),
		   false, err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\">保存修改</button></div>"
		    "</form></details>");
}

static void
proposals(struct req *r, const struct dir_page *p)
{
	struct buf *b = &r->out;
	json_t *list = json_object_get(p->v.structure, "tasks"), *t;
	size_t i;

	html_fmt(b, "<h2>建议任务（%zu）</h2><ol class=\"proposals\">", json_array_size(list));
	json_array_foreach(list, i, t)
	{
		json_int_t tid = json_integer_value(json_object_get(t, "task_id"));
		html_raw(b, "<li class=\"proposal\"><h3>");
		html_text(b, jstr(t, "title"));
		html_raw(b, "</h3><dl class=\"info\"><div><dt>章节</dt><dd>");
		html_text(b, jstr(t, "path") != NULL ? jstr(t, "path") : "—");
		html_raw(b, "</dd></div><div><dt>责任主体</dt><dd>");
		if (json_array_size(json_object_get(t, "subjects")) == 0)
			html_raw(b, "—");
		joined(b, json_object_get(t, "subjects"), "、");
		html_raw(b, "</dd></div><div><dt>时间</dt><dd>");
		html_text(b, jstr(t, "start_date") != NULL ? jstr(t, "start_date") : "");
		html_raw(b, " 至 ");
		html_text(b, jstr(t, "due_date") != NULL ? jstr(t, "due_date") : "（未写明）");
		html_raw(b, "</dd></div><div><dt>目标</dt><dd>");
		if (json_array_size(json_object_get(t, "targets")) == 0)
			html_raw(b, "—");
		joined(b, json_object_get(t, "targets"), "；");
		html_raw(b, "</dd></div></dl>");
		if (tid != 0)
			html_fmt(b, "<p class=\"confirmed\">已确认：<a href=\"/tasks/%lld\">查看任务"
				    "</a></p>",
				 (long long)tid);
		else if (p->v.writable) {
			confirm_form(r, p, i, t);
			correct_form(r, p, i, t);
		} else
			html_raw(b, "<p class=\"muted\">尚未确认</p>");
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

static void
changes(struct req *r, const struct dir_page *p)
{
	struct buf *b = &r->out;
	size_t i;

	if (p->v.nchanges == 0)
		return;
	html_raw(b, "<h2>修改记录</h2><ul class=\"changes\">");
	for (i = 0; i < p->v.nchanges; i++) {
		const struct db_directive_change *c = &p->v.changes[i];
		html_raw(b, "<li><span class=\"muted\">");
		html_time(b, c->at);
		html_raw(b, " ");
		html_text(b, c->by_name);
		html_raw(b, "</span> ");
		html_text(b, c->part);
		html_raw(b, "：");
		html_text(b, c->before != NULL ? c->before : "（空）");
		html_raw(b, " → ");
		html_text(b, c->after != NULL ? c->after : "（空）");
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* Whether the posted form shows its error beside a field of its own (else only the notice does). */
static bool
shown_beside(const struct dir_posted *d)
{
	static const char *const fields[][6] = {
	    [DF_NONE] = {NULL},
	    [DF_HEADING] = {"heading", NULL},
	    [DF_MAP] = {"org_id", NULL},
	    [DF_CONFIRM] = {"title", "start_date", "due_date", "unit_kind", "units", NULL},
	    [DF_CORRECT] = {"title", "subjects", "start_date", "due_date", "targets", NULL},
	};
	size_t i;

	if (d->err == NULL || d->err->field == NULL)
		return false;
	for (i = 0; fields[d->form][i] != NULL; i++)
		if (strcmp(fields[d->form][i], d->err->field) == 0)
			return true;
	return false;
}

static void
render(struct req *r, const struct dir_page *p)
{
	struct buf *b = &r->out;
	const char *done;

	const struct xg_error *err = p->posted.err;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200,
			  p->v.d.title != NULL ? p->v.d.title : "文件", "directives");
	if (err != NULL)
		page_notice(r, false,
			    shown_beside(&p->posted) ? "未能保存：请按提示修改标红的项目后再提交。"
						     : err->message);
	else if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	facts(r, &p->v.d);
	html_raw(b, "<div class=\"dir-cols\"><section class=\"dir-original\"><h2>原文</h2>"
		    "<pre class=\"original\">");
	html_text(b, p->v.d.original != NULL ? p->v.d.original : "");
	html_raw(b, "</pre></section><section class=\"dir-parse\">");
	sections(r, p);
	addressees(r, p);
	proposals(r, p);
	changes(r, p);
	html_raw(b, "</section></div>");
	page_end(r);
}

/* GET /directives/{id} */
void
page_directive(struct req *r)
{
	struct dir_page p;
	struct xg_error err;

	if (gather(r, &p, &err) != XG_OK) {
		document_view_free(&p.v);
		page_error(r, &err);
		return;
	}
	render(r, &p);
	document_view_free(&p.v);
}

/*
 * The answer to a refused form: the page again, with the form open, what
 * was typed and the message (a refusal of the input or a conflict); any
 * other failure (not found, not allowed, storage) is an error page.
 */
static void
reshow(struct req *r, enum dir_form form, int64_t task, const char *key, const struct xg_error *err)
{
	struct dir_page p;
	struct xg_error gerr;

	if (err->rc != XG_INVALID && err->rc != XG_CONFLICT) {
		page_error(r, err);
		return;
	}
	if (gather(r, &p, &gerr) != XG_OK) {
		document_view_free(&p.v);
		page_error(r, &gerr);
		return;
	}
	p.posted = (struct dir_posted){.form = form, .task = task, .key = key, .err = err};
	render(r, &p);
	document_view_free(&p.v);
}

static void
back(struct req *r, const char *done)
{
	const char *to = arena_printf(r->a, "/directives/%lld?done=%s", (long long)r->id[0], done);
	http_redirect(r, to != NULL ? to : "/directives");
}

/* POST /directives/{id}/addressees: name, org_id */
void
page_directive_map(struct req *r)
{
	struct xg_error err;

	if (document_map(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_NAME),
			 param_int(&r->body, F_ORG_ID, 0), r->now, &err) != XG_OK) {
		reshow(r, DF_MAP, -1, param_str(&r->body, F_NAME), &err);
		return;
	}
	back(r, "mapped");
}

/* POST /directives/{id}/tasks: task, title, dates, unit_kind, units */
void
page_directive_confirm(struct req *r)
{
	struct task_input in = {.title = nonempty(param_str(&r->body, F_TITLE)),
				.start_date = nonempty(param_str(&r->body, F_START_DATE)),
				.due_date = nonempty(param_str(&r->body, F_DUE_DATE)),
				.unit_kind = nonempty(param_str(&r->body, F_UNIT_KIND))};
	struct db_task out;
	struct xg_error err;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	if (document_confirm(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_TASK, -1),
			     &in, r->now, &out, &err) != XG_OK) {
		reshow(r, DF_CONFIRM, param_int(&r->body, F_TASK, -1), NULL, &err);
		return;
	}
	back(r, "confirmed");
}

/* A typed value, or NULL when it is what the proposal says already (a form sends every box). */
static const char *
changed(const char *typed, const char *now)
{
	if (typed == NULL)
		return NULL;
	if (strcmp(typed, now != NULL ? now : "") == 0)
		return NULL;
	return typed;
}

/* POST /directives/{id}/correct: section_path + heading, or task + its fields; version */
void
page_directive_correct(struct req *r)
{
	struct document_edit e = {.section_path = nonempty(param_str(&r->body, F_SECTION_PATH)),
				  .heading = param_str(&r->body, F_HEADING),
				  .task = param_int(&r->body, F_TASK, -1),
				  .version = param_int(&r->body, F_VERSION, 0)};
	struct document_view v;
	struct xg_error err;
	enum xg_rc rc;

	memset(&v, 0, sizeof(v));
	rc = document_read(r->db, r->a, &r->actor, r->id[0], &v, &err);
	if (rc == XG_OK && e.task >= 0) {
		json_t *t = json_array_get(json_object_get(v.structure, "tasks"), (size_t)e.task);
		e.title = changed(nonempty(param_str(&r->body, F_TITLE)), jstr(t, "title"));
		e.subjects = changed(param_str(&r->body, F_SUBJECTS),
				     joined_text(r, json_object_get(t, "subjects"), "、"));
		e.start_date = changed(param_str(&r->body, F_START_DATE), jstr(t, "start_date"));
		e.due_date = changed(param_str(&r->body, F_DUE_DATE), jstr(t, "due_date"));
		e.targets = changed(param_str(&r->body, F_TARGETS),
				    joined_text(r, json_object_get(t, "targets"), "；"));
	}
	if (rc == XG_OK)
		rc = document_correct(r->db, r->a, &r->actor, r->id[0], &e, r->now, &err);
	document_view_free(&v);
	if (rc != XG_OK) {
		if (e.task >= 0)
			reshow(r, DF_CORRECT, e.task, NULL, &err);
		else
			reshow(r, DF_HEADING, -1, e.section_path, &err);
		return;
	}
	back(r, "corrected");
}

/* GET /directives/{id}/coverage?org_id= */
void
page_directive_coverage(struct req *r)
{
	struct buf *b = &r->out;
	struct document_coverage c;
	struct page_units units;
	struct xg_error err;
	size_t i, k, none = 0;
	enum xg_rc rc;

	rc = document_coverage(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0),
			       &c, &err);
	if (rc == XG_OK)
		rc = page_units_load(r, &units, &err);
	if (rc != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "学习覆盖", "directives");
	html_fmt(b, "<p class=\"crumbs\"><a href=\"/directives/%lld\">", (long long)c.d.id);
	html_text(b, c.d.title != NULL ? c.d.title : "文件");
	html_raw(b, "</a> › ");
	html_text(b, c.unit.name);
	html_raw(b, " 的下级单位</p>");
	html_fmt(b, "<form method=\"get\" action=\"/directives/%lld/coverage\" class=\"filters\">",
		 (long long)c.d.id);
	page_unit_select(r, &units, c.unit.id);
	html_raw(b, "<button type=\"submit\" class=\"primary\">查看</button></form>");
	html_raw(
	    b,
	    "<p class=\"hint\">每格：台账条数 / 参加人次。灰底并标“未覆盖”的单位还没有一条"
	    "台账学到任何章节。</p><div class=\"table-wrap\"><table class=\"list coverage cards\">"
	    "<thead><tr><th>单位</th>");
	for (k = 0; k < c.nsections; k++) {
		html_raw(b, "<th class=\"num\" title=\"");
		html_attr(b, c.sections[k].heading);
		html_raw(b, "\">");
		html_text(b, c.sections[k].number);
		html_raw(b, "</th>");
	}
	html_raw(b, "<th class=\"num\">合计</th></tr></thead><tbody>");
	for (i = 0; i < c.nchildren; i++) {
		int64_t recs = 0, people = 0;
		for (k = 0; k < c.nsections; k++) {
			const struct db_coverage *cell =
			    document_cell(&c, c.children[i].id, c.sections[k].id);
			if (cell != NULL) {
				recs += cell->records;
				people += cell->participants;
			}
		}
		if (recs == 0)
			html_raw(b, "<tr class=\"uncovered\"><td class=\"card-title\">");
		else
			html_raw(b, "<tr><td class=\"card-title\">");
		page_unit_link(r, c.children[i].id, c.children[i].name);
		if (recs == 0) {
			html_raw(b, " <span class=\"tag warn\">未覆盖</span>");
			none++;
		}
		html_raw(b, "</td>");
		for (k = 0; k < c.nsections; k++) {
			const struct db_coverage *cell =
			    document_cell(&c, c.children[i].id, c.sections[k].id);
			/* On a phone: a unit's card of the sections it covered, named in full. */
			if (cell == NULL) {
				html_raw(b, "<td class=\"num none\">—");
			} else {
				html_raw(b, "<td class=\"num\" data-label=\"");
				html_attr(b, c.sections[k].number);
				html_attr(b, c.sections[k].heading);
				html_raw(b, "\">");
				html_int(b, cell->records, 1);
				html_raw(b, " / ");
				html_int(b, cell->participants, 1);
			}
			html_raw(b, "</td>");
		}
		html_raw(b, "<td class=\"num card-light\" data-label=\"合计\">");
		html_int(b, recs, 1);
		html_raw(b, " / ");
		html_int(b, people, 1);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	html_fmt(b, "<p class=\"count\">共 %zu 个下级单位，其中 %zu 个未覆盖任何章节。</p>",
		 c.nchildren, none);
	html_raw(b, "<h2>章节</h2><ol class=\"dir-sections\">");
	for (k = 0; k < c.nsections; k++) {
		html_raw(b, "<li><span class=\"num\">");
		html_text(b, c.sections[k].number);
		html_raw(b, "</span> ");
		html_text(b, c.sections[k].heading);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
	page_end(r);
}
