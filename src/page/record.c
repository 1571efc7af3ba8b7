/* page_record: 工作台账 — one ledger per kind (filter bar, totals, sortable columns, pages) and a
 * record's own page with its actions (edit, delete, review steps). */
#include "page/page.h"

#include <string.h>

#include "http/html.h"
#include "domain/record.h"
#include "domain/role.h"

#define LEDGER_CAMPAIGNS 200 /* campaigns offered by the filter's select */

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

const char *
page_record_state_label(const char *state)
{
	static const struct {
		const char *code, *label;
	} states[] = {{"recorded", "已登记"},
		      {"draft", "草稿"},
		      {"submitted", "待审核"},
		      {"approved", "已通过"},
		      {"returned", "已退回"}};
	size_t i;

	for (i = 0; state != NULL && i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(state, states[i].code) == 0)
			return states[i].label;
	return "未知";
}

static void
kind_tabs(struct req *r, enum record_kind active, const char *base)
{
	struct buf *b = &r->out;
	int k;

	html_raw(b, "<nav class=\"tabs\" aria-label=\"台账类型\">");
	for (k = 0; k < RECORD_KIND__MAX; k++) {
		html_raw(b, "<a href=\"");
		html_attr(b, base);
		html_url_arg(b, record_kind_code((enum record_kind)k));
		html_raw(b, "\"");
		if (k == (int)active)
			html_raw(b, " class=\"active\" aria-current=\"page\"");
		html_raw(b, ">");
		html_text(b, record_kind_label((enum record_kind)k));
		html_raw(b, "</a>");
	}
	html_raw(b, "</nav>");
}

/* The ledger: everything it shows, read before anything is rendered. */
struct ledger {
	enum record_kind kind;
	struct db_record_filter f;
	struct db_record_totals t;
	struct db_record *list;
	size_t n;
	int64_t total;
	struct page_units units;
	struct db_org unit; /* the unit filtered on, when org_id is given */
	int64_t org_id;
	bool subtree;
	struct db_campaign *camps;
	size_t ncamps;
	int64_t ncamps_total;
};

/* The filters that the ledger's links carry (kind is written first by each link itself). */
static const enum field_id filter_ids[] = {F_ORG_ID, F_SUBTREE, F_CAMPAIGN_ID, F_FROM,
					   F_TO,     F_Q,	F_STATE};
#define NFILTERS (sizeof(filter_ids) / sizeof(filter_ids[0]))

/* The kind of the query (理论学习 when absent); XG_INVALID when unknown. */
static enum xg_rc
query_kind(struct req *r, enum record_kind *k, struct xg_error *err)
{
	const char *code = nonempty(param_str(&r->query, F_KIND));

	*k = code == NULL ? RECORD_STUDY : record_kind_parse(code);
	if (*k == RECORD_KIND__MAX)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
	return XG_OK;
}

static bool
query_flag(const struct req *r, enum field_id id)
{
	const char *v = param_str(&r->query, id);
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

/* The filter as GET /api/v1/records reads the same query (api/record.c's read_filter). */
static enum xg_rc
gather_filter(struct req *r, struct ledger *l, struct xg_error *err)
{
	struct db_record_filter *f = &l->f;
	enum xg_rc rc = query_kind(r, &l->kind, err);

	memset(f, 0, sizeof(*f));
	f->scope = r->actor.org_path;
	l->org_id = param_int(&r->query, F_ORG_ID, 0);
	l->subtree = query_flag(r, F_SUBTREE);
	if (rc == XG_OK && l->org_id != 0) {
		rc =
		    xg_from_db(err, db_org_get(r->db, r->a, r->actor.org_path, l->org_id, &l->unit),
			       r->db, "单位");
		if (l->subtree)
			f->scope = l->unit.path;
		else
			f->org_id = l->org_id;
	}
	if (rc != XG_OK)
		return rc;
	f->kind = record_kind_code(l->kind);
	f->campaign_id = param_int(&r->query, F_CAMPAIGN_ID, 0);
	f->from = nonempty(param_str(&r->query, F_FROM));
	f->to = nonempty(param_str(&r->query, F_TO));
	if (f->from != NULL && (rc = xg_check_day(f->from, "from", err)) != XG_OK)
		return rc;
	if (f->to != NULL && (rc = xg_check_day(f->to, "to", err)) != XG_OK)
		return rc;
	f->q = nonempty(param_str(&r->query, F_Q));
	f->state = l->kind == RECORD_PUBLICITY ? nonempty(param_str(&r->query, F_STATE)) : NULL;
	f->limit = page_limit(r);
	f->offset = param_int(&r->query, F_OFFSET, 0);
	return record_sort_parse(nonempty(param_str(&r->query, F_SORT)), &f->sort, err);
}

static enum xg_rc
gather_ledger(struct req *r, struct ledger *l, struct xg_error *err)
{
	enum xg_rc rc = gather_filter(r, l, err);

	if (rc == XG_OK)
		rc = page_units_load(r, &l->units, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_campaign_list(r->db, r->a, r->actor.org_path, LEDGER_CAMPAIGNS,
						 0, &l->camps, &l->ncamps, &l->ncamps_total),
				r->db, "专项工作");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_record_list(r->db, r->a, &l->f, &l->list, &l->n, &l->total),
				r->db, "台账");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_record_totals(r->db, r->a, &l->f, &l->t), r->db, "台账");
	return rc;
}

/* "/records?kind=lecture&" followed by the filters: the base of every link of the ledger. */
static const char *
ledger_href(struct req *r, const struct ledger *l, const char *path, bool with_sort)
{
	const char *base = arena_printf(r->a, "%s?kind=%s&", path, record_kind_code(l->kind));
	const char *href = base != NULL ? page_query_href(r, base, filter_ids, NFILTERS) : NULL;
	const char *sort = nonempty(param_str(&r->query, F_SORT));

	if (href != NULL && with_sort && sort != NULL)
		href = arena_printf(r->a, "%ssort=%s&", href, record_sort_key(l->f.sort));
	return href != NULL ? href : "/records?";
}

static void
select_option(struct buf *b, const char *value, const char *label, bool selected)
{
	html_raw(b, "<option value=\"");
	html_attr(b, value);
	if (selected)
		html_raw(b, "\" selected>");
	else
		html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</option>");
}

static void
campaign_filter(struct req *r, const struct ledger *l)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-campaign_id\">专项工作</label>"
		    "<select id=\"f-campaign_id\" name=\"campaign_id\"><option value=\"\">全部"
		    "</option>");
	for (i = 0; i < l->ncamps; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)l->camps[i].id,
			 l->camps[i].id == l->f.campaign_id ? " selected" : "");
		html_text(b, l->camps[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></span>");
}

static void
state_filter(struct req *r, const struct ledger *l)
{
	static const char *const states[] = {"draft", "submitted", "approved", "returned"};
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-state\">审核状态</label>"
		    "<select id=\"f-state\" name=\"state\"><option value=\"\">全部</option>");
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		select_option(b, states[i], page_record_state_label(states[i]),
			      l->f.state != NULL && strcmp(l->f.state, states[i]) == 0);
	html_raw(b, "</select></span>");
}

static void
filter_bar(struct req *r, const struct ledger *l)
{
	struct buf *b = &r->out;

	html_raw(b, "<form method=\"get\" action=\"/records\" class=\"filters\" role=\"search\">"
		    "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(b, record_kind_code(l->kind));
	html_raw(b, "\">");
	page_unit_filter(r, &l->units, l->org_id, l->org_id != 0 ? &l->unit : NULL,
			 arena_printf(r->a, "/records?kind=%s", record_kind_code(l->kind)));
	html_raw(b, "<span class=\"filter check\"><label><input type=\"checkbox\" "
		    "name=\"subtree\" value=\"1\"");
	if (l->subtree)
		html_raw(b, " checked");
	html_raw(b, "> 含下级</label></span>");
	campaign_filter(r, l);
	page_filter_input(r, "起始日期", F_FROM, "date");
	page_filter_input(r, "截止日期", F_TO, "date");
	page_filter_input(r, "关键词", F_Q, "search");
	if (l->kind == RECORD_PUBLICITY)
		state_filter(r, l);
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button><a class=\"btn\" "
		    "href=\"/records?kind=");
	html_attr(b, record_kind_code(l->kind));
	html_raw(b, "\">清除条件</a></form>");
}

static void
total_item(struct buf *b, const char *label, int64_t v, const char *cls)
{
	html_raw(b, "<div class=\"stat\"><div class=\"stat-label\">");
	html_text(b, label);
	html_raw(b, "</div><div class=\"stat-value\" data-total=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_int(b, v, 1);
	html_raw(b, "</div></div>");
}

/* The totals over the filter: rows, and the kind's own figures over the rows that count. */
static void
totals(struct req *r, const struct ledger *l)
{
	struct buf *b = &r->out;

	html_raw(b, "<div class=\"stats totals\" aria-label=\"合计\">");
	total_item(b, "条数", l->t.records, "records");
	if (l->kind == RECORD_PUBLICITY)
		total_item(b, "已通过（计入统计）", l->t.counted, "counted");
	if (record_kind_has(l->kind, "participants"))
		total_item(b, "人次", l->t.participants, "participants");
	if (record_kind_has(l->kind, "audience"))
		total_item(b, "受众人次", l->t.audience, "audience");
	if (record_kind_has(l->kind, "hours"))
		total_item(b, "学时", l->t.hours, "hours");
	html_raw(b, "</div>");
}

/* A sortable column's head: a link to the ascending order, or to the other direction of the
 * order in force (marked). */
static void
sort_head(struct req *r, const struct ledger *l, const char *label, const char *key, bool num)
{
	struct buf *b = &r->out;
	const char *cur = record_sort_key(l->f.sort);
	bool asc = strcmp(cur, key) == 0, desc = cur[0] == '-' && strcmp(cur + 1, key) == 0;

	if (num)
		html_raw(b, "<th class=\"num\"");
	else
		html_raw(b, "<th");
	if (asc)
		html_raw(b, " aria-sort=\"ascending\"");
	else if (desc)
		html_raw(b, " aria-sort=\"descending\"");
	html_raw(b, "><a href=\"");
	html_attr(b, ledger_href(r, l, "/records", false));
	html_raw(b, "sort=");
	if (asc)
		html_raw(b, "-");
	html_attr(b, key);
	html_raw(b, "\">");
	html_text(b, label);
	if (asc)
		html_raw(b, " ▲");
	else if (desc)
		html_raw(b, " ▼");
	html_raw(b, "</a></th>");
}

/* A figure's cell; label names it on a phone's card (data-label, app.css table.cards). */
static void
figure_cell(struct buf *b, const char *label, int64_t v)
{
	html_raw(b, "<td class=\"num\" data-label=\"");
	html_attr(b, label);
	html_raw(b, "\">");
	html_int(b, v, 1);
	html_raw(b, "</td>");
}

static void
ledger_row(struct req *r, const struct ledger *l, const struct db_record *rec)
{
	struct buf *b = &r->out;

	html_raw(b, "<tr><td class=\"nowrap\" data-label=\"日期\">");
	html_text(b, rec->day);
	html_raw(b, "</td><td class=\"card-wide\" data-label=\"单位\">");
	html_text(b, rec->org_name);
	html_fmt(b, "</td><td class=\"card-title\"><a href=\"/records/%lld\">", (long long)rec->id);
	html_text(b, rec->title);
	html_raw(b, "</a></td>");
	if (record_kind_has(l->kind, "participants"))
		figure_cell(b, "人次", rec->participants);
	if (record_kind_has(l->kind, "audience"))
		figure_cell(b, "受众人次", rec->audience);
	if (record_kind_has(l->kind, "hours"))
		figure_cell(b, "学时", rec->hours);
	if (l->kind == RECORD_PUBLICITY) {
		html_raw(b, "<td class=\"card-light\"><span class=\"tag state-");
		html_attr(b, rec->state);
		html_raw(b, "\">");
		html_text(b, page_record_state_label(rec->state));
		html_raw(b, "</span></td>");
	}
	html_raw(b, "<td class=\"opt\" data-label=\"填报人\">");
	html_text(b, rec->recorded_by_name);
	html_raw(b, "</td></tr>");
}

static void
ledger_table(struct req *r, const struct ledger *l)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"table-wrap\"><table class=\"list ledger cards\"><thead><tr>");
	sort_head(r, l, "日期", "date", false);
	sort_head(r, l, "单位", "org", false);
	sort_head(r, l, "标题", "title", false);
	if (record_kind_has(l->kind, "participants"))
		sort_head(r, l, "人次", "participants", true);
	if (record_kind_has(l->kind, "audience"))
		sort_head(r, l, "受众人次", "audience", true);
	if (record_kind_has(l->kind, "hours"))
		sort_head(r, l, "学时", "hours", true);
	if (l->kind == RECORD_PUBLICITY)
		html_raw(b, "<th>审核状态</th>");
	html_raw(b, "<th class=\"opt\">填报人</th></tr></thead><tbody>");
	for (i = 0; i < l->n; i++)
		ledger_row(r, l, &l->list[i]);
	html_raw(b, "</tbody></table></div>");
}

/* An export's URL: the filters alone, without the '&' a link's base ends with. */
static const char *
export_href(struct req *r, const struct ledger *l, const char *path)
{
	char *href = arena_strdup(r->a, ledger_href(r, l, path, false));
	size_t n = href != NULL ? strlen(href) : 0;

	if (n > 0 && href[n - 1] == '&')
		href[n - 1] = '\0';
	return href != NULL ? href : path;
}

static void
toolbar(struct req *r, const struct ledger *l)
{
	struct buf *b = &r->out;

	html_raw(b, "<p class=\"toolbar\">");
	if (role_can(r->actor.role, PERM_RECORD_WRITE)) {
		html_raw(b, "<a class=\"btn primary\" href=\"/records/new?kind=");
		html_attr(b, record_kind_code(l->kind));
		html_raw(b, "\">新增");
		html_text(b, record_kind_label(l->kind));
		html_raw(b, "</a>");
	}
	/* Exactly the filter in force; the exports themselves are GET /api/v1/records.{xlsx,csv}.
	 */
	html_raw(b, "<a class=\"btn export\" href=\"");
	html_attr(b, export_href(r, l, "/api/v1/records.xlsx"));
	html_raw(b, "\">导出Excel</a><a class=\"btn export\" href=\"");
	html_attr(b, export_href(r, l, "/api/v1/records.csv"));
	html_raw(b, "\">导出CSV</a></p>");
}

static const struct page_done done_texts[] = {{"deleted", "已删除该条台账。"}, {NULL, NULL}};

void
page_records(struct req *r)
{
	struct buf *b = &r->out;
	struct ledger l;
	struct xg_error err;
	const char *done;

	memset(&l, 0, sizeof(l));
	if (gather_ledger(r, &l, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "工作台账", "ledger");
	kind_tabs(r, l.kind, "/records?kind=");
	if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	filter_bar(r, &l);
	toolbar(r, &l);
	totals(r, &l);
	if (l.kind == RECORD_PUBLICITY)
		html_raw(b, "<p class=\"hint\">宣传阐释稿件经上级单位审核通过后才计入统计。</p>");
	if (l.n == 0)
		html_raw(b, "<p class=\"empty\">没有符合条件的台账。</p>");
	else
		ledger_table(r, &l);
	page_pager(r, ledger_href(r, &l, "/records", true), l.total, l.f.limit, l.f.offset);
	page_end(r);
}

/* A record's page */

struct record_view {
	struct db_record rec;
	struct db_campaign camp;
	bool has_camp;
	struct page_evidence ev; /* 佐证材料 */
};

static enum xg_rc
gather_record(struct req *r, struct record_view *v, struct xg_error *err)
{
	enum db_rc rc;

	memset(v, 0, sizeof(*v));
	if (xg_from_db(err, db_record_get(r->db, r->a, r->actor.org_path, r->id[0], &v->rec), r->db,
		       "台账") != XG_OK)
		return err->rc;
	if (page_evidence_load(r, v->rec.id, &v->ev, err) != XG_OK)
		return err->rc;
	if (v->rec.campaign_id == 0)
		return XG_OK;
	rc = db_campaign_get(r->db, r->a, r->actor.org_path, v->rec.campaign_id, &v->camp);
	v->has_camp = rc == DB_OK;
	return rc == DB_NOTFOUND ? XG_OK : xg_from_db(err, rc, r->db, "专项工作");
}

static void
info_row(struct buf *b, const char *label)
{
	html_raw(b, "<div><dt>");
	html_text(b, label);
	html_raw(b, "</dt><dd>");
}

static void
info_int(struct buf *b, const char *label, int64_t v)
{
	info_row(b, label);
	html_int(b, v, 1);
	html_raw(b, "</dd></div>");
}

/* The kind's own fields, in the order of its table, as the record keeps them. */
static void
detail_rows(struct buf *b, const struct db_record *rec)
{
	enum record_kind k = record_kind_parse(rec->kind);
	json_t *d = json_loads(rec->detail != NULL ? rec->detail : "{}", 0, NULL), *v;
	const struct record_field *f;
	size_t n, i;

	f = record_fields(k, &n);
	for (i = 0; d != NULL && i < n; i++) {
		v = json_object_get(d, f[i].name);
		info_row(b, f[i].label);
		if (v == NULL)
			html_raw(b, "<span class=\"muted\">—</span>");
		else if (json_is_true(v))
			html_raw(b, "是");
		else if (json_is_false(v))
			html_raw(b, "否");
		else if (json_is_integer(v))
			html_int(b, (int64_t)json_integer_value(v), 1);
		else
			html_text(b, json_string_value(v));
		html_raw(b, "</dd></div>");
	}
	json_decref(d);
}

static void
record_info(struct req *r, const struct record_view *v)
{
	struct buf *b = &r->out;
	const struct db_record *rec = &v->rec;
	enum record_kind k = record_kind_parse(rec->kind);

	html_raw(b, "<dl class=\"info\">");
	info_row(b, "类型");
	html_text(b, record_kind_label(k));
	html_raw(b, "</dd></div>");
	info_row(b, "单位");
	page_unit_link(r, rec->org_id, rec->org_name);
	html_raw(b, "</dd></div>");
	info_row(b, "日期");
	html_text(b, rec->day);
	html_raw(b, "</dd></div>");
	info_row(b, "专项工作");
	if (v->has_camp)
		html_text(b, v->camp.name);
	else
		html_raw(b, "<span class=\"muted\">—</span>");
	html_raw(b, "</dd></div>");
	if (record_kind_has(k, "participants"))
		info_int(b, "人次", rec->participants);
	if (record_kind_has(k, "audience"))
		info_int(b, "受众人次", rec->audience);
	if (record_kind_has(k, "hours"))
		info_int(b, "学时", rec->hours);
	detail_rows(b, rec);
	if (k == RECORD_PUBLICITY) {
		info_row(b, "审核状态");
		html_raw(b, "<span class=\"tag state-");
		html_attr(b, rec->state);
		html_raw(b, "\">");
		html_text(b, page_record_state_label(rec->state));
		html_raw(b, "</span></dd></div>");
	}
	info_row(b, "填报人");
	html_text(b, rec->recorded_by_name);
	html_raw(b, "</dd></div>");
	info_row(b, "填报时间");
	html_time(b, rec->recorded_at);
	html_raw(b, "</dd></div>");
	info_row(b, "最后修改");
	html_time(b, rec->updated_at);
	html_raw(b, "</dd></div></dl>");
}

/* Publicity under review or approved is not edited (domain/record.c says it again). */
static bool
editable(const struct db_record *rec)
{
	return strcmp(rec->kind, "publicity") != 0 ||
	       (strcmp(rec->state, "submitted") != 0 && strcmp(rec->state, "approved") != 0);
}

static void
post_form_open(struct req *r, const struct db_record *rec, const char *step, const char *cls,
	       const char *confirm)
{
	struct buf *b = &r->out;

	html_fmt(b, "<form method=\"post\" action=\"/records/%lld/", (long long)rec->id);
	html_attr(b, step);
	html_raw(b, "\" class=\"");
	html_attr(b, cls);
	html_raw(b, "\"");
	if (confirm != NULL) {
		html_raw(b, " data-confirm=\"");
		html_attr(b, confirm);
		html_raw(b, "\"");
	}
	html_raw(b, ">");
	page_csrf_input(r);
}

static void
reason_box(struct req *r, const char *id, const char *label, const struct xg_error *err,
	   const char *step, const char *failed_step)
{
	struct buf *b = &r->out;

	html_raw(b, "<label for=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "<span class=\"req\">*</span></label><textarea id=\"");
	html_attr(b, id);
	html_raw(b, "\" name=\"reason\" rows=\"2\" maxlength=\"500\" required></textarea>");
	if (err != NULL && failed_step != NULL && strcmp(step, failed_step) == 0) {
		html_raw(b, "<p class=\"field-error\" role=\"alert\">");
		html_text(b, err->message);
		html_raw(b, "</p>");
	}
}

static void
review_actions(struct req *r, const struct db_record *rec, const struct xg_error *err,
	       const char *failed)
{
	struct buf *b = &r->out;
	bool write = role_can(r->actor.role, PERM_RECORD_WRITE);
	bool review = role_can(r->actor.role, PERM_RECORD_REVIEW);

	if (write && (strcmp(rec->state, "draft") == 0 || strcmp(rec->state, "returned") == 0)) {
		post_form_open(r, rec, "submit", "inline", NULL);
		html_raw(b, "<button type=\"submit\" class=\"primary\">提交审核</button></form>");
	}
	if (review && strcmp(rec->state, "submitted") == 0 &&
	    rec->recorded_by != r->actor.user_id) {
		html_raw(b, "<div class=\"review-box\"><h2>审核</h2>");
		post_form_open(r, rec, "approve", "inline", NULL);
		html_raw(b, "<button type=\"submit\" class=\"primary\">通过</button></form>");
		post_form_open(r, rec, "return", "stack", NULL);
		reason_box(r, "f-return-reason", "退回原因", err, "return", failed);
		html_raw(b, "<button type=\"submit\">退回</button></form></div>");
	}
}

static void
delete_form(struct req *r, const struct db_record *rec, const struct xg_error *err,
	    const char *failed)
{
	const char *confirm =
	    arena_printf(r->a, "删除台账“%s”（%s）？删除后不再计入统计。", rec->title, rec->day);

	html_raw(&r->out, "<details class=\"danger-zone\"");
	if (failed != NULL && strcmp(failed, "delete") == 0)
		html_raw(&r->out, " open");
	html_raw(&r->out, "><summary>删除这条台账</summary>");
	post_form_open(r, rec, "delete", "stack", confirm);
	reason_box(r, "f-delete-reason", "删除原因", err, "delete", failed);
	html_raw(&r->out,
		 "<button type=\"submit\" class=\"danger\">删除</button></form></details>");
}

static const struct page_done record_done[] = {
    {"created", "已保存。这条台账已出现在台账列表和统计中。"},
    {"created_draft", "已保存为草稿。提交审核并通过后计入统计。"},
    {"saved", "已保存修改。"},
    {"submitted", "已提交审核。"},
    {"approved", "已审核通过，已计入统计。"},
    {"returned", "已退回，填报人会看到退回原因。"},
    {NULL, NULL}};

/* The record's page; err and failed (the step that failed: "delete", "return", ...) when a
 * post is answered with the page again. */
static void
show_record(struct req *r, const struct xg_error *err, const char *failed)
{
	struct buf *b = &r->out;
	struct record_view v;
	struct xg_error gerr;
	const char *done;

	if (gather_record(r, &v, &gerr) != XG_OK) {
		page_error(r, &gerr);
		return;
	}
	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, v.rec.title, "ledger");
	html_raw(b, "<p class=\"back\"><a href=\"/records?kind=");
	html_attr(b, v.rec.kind);
	html_raw(b, "\">‹ ");
	html_text(b, record_kind_label(record_kind_parse(v.rec.kind)));
	html_raw(b, "台账</a></p>");
	if (err != NULL && err->field == NULL)
		page_notice(r, false, err->message);
	else if (err == NULL && (done = page_done_text(r, record_done)) != NULL)
		page_notice(r, true, done);
	if (strcmp(v.rec.state, "returned") == 0) {
		html_raw(b,
			 "<div class=\"notice warn returned\" role=\"alert\"><strong>稿件已被退回"
			 "</strong>：");
		html_text(b, v.rec.review_reason);
		if (v.rec.recorded_by == r->actor.user_id)
			html_raw(b, "<br>请按退回原因修改后重新提交审核。");
		html_raw(b, "</div>");
	}
	record_info(r, &v);
	html_raw(b, "<div class=\"actions\">");
	if (role_can(r->actor.role, PERM_RECORD_WRITE) && editable(&v.rec))
		html_fmt(b, "<a class=\"btn\" href=\"/records/%lld/edit\">编辑</a>",
			 (long long)v.rec.id);
	if (strcmp(v.rec.kind, "publicity") == 0)
		review_actions(r, &v.rec, err, failed);
	html_raw(b, "</div>");
	page_evidence_section(r, &v.rec, &v.ev, role_can(r->actor.role, PERM_RECORD_WRITE));
	if (role_can(r->actor.role, PERM_RECORD_WRITE))
		delete_form(r, &v.rec, err, failed);
	page_end(r);
}

void
page_record(struct req *r)
{
	show_record(r, NULL, NULL);
}

void
page_record_delete(struct req *r)
{
	struct xg_error err;
	struct db_record rec;
	const char *kind = "study";

	if (db_record_get(r->db, r->a, r->actor.org_path, r->id[0], &rec) == DB_OK)
		kind = rec.kind;
	if (record_delete(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_REASON), r->now,
			  &err) != XG_OK) {
		show_record(r, &err, "delete");
		return;
	}
	http_redirect(r, arena_printf(r->a, "/records?kind=%s&done=deleted", kind));
}

static void
step(struct req *r, enum record_step s, const char *name, const char *done)
{
	struct xg_error err;
	struct db_record out;

	if (record_review(r->db, r->a, &r->actor, r->id[0], s,
			  s == RECORD_RETURN ? param_str(&r->body, F_REASON) : NULL, r->now, &out,
			  &err) != XG_OK) {
		show_record(r, &err, name);
		return;
	}
	http_redirect(r, arena_printf(r->a, "/records/%lld?done=%s", (long long)r->id[0], done));
}

void
page_record_submit(struct req *r)
{
	step(r, RECORD_SUBMIT, "submit", "submitted");
}

void
page_record_approve(struct req *r)
{
	step(r, RECORD_APPROVE, "approve", "approved");
}

void
page_record_return(struct req *r)
{
	step(r, RECORD_RETURN, "return", "returned");
}
