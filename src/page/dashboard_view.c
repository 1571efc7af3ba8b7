/* page_dashboard_view: the dashboard's figures — cards, the monthly trend, the children's table —
 * server-rendered, and the same figures as JSON for the charts (web/static/dashboard.js). */
#include "page/dashboard_view.h"

#include <jansson.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "http/html.h"

/* The children's table: its figure columns, which are also the sort keys. */
const struct dash_col dash_cols[] = {
    {"study", "学习 次数", RECORD_STUDY, STATS_RECORDS},
    {"study_people", "学习 人次", RECORD_STUDY, STATS_PARTICIPANTS},
    {"training", "培训 人次", RECORD_TRAINING, STATS_PARTICIPANTS},
    {"training_hours", "培训 学时", RECORD_TRAINING, STATS_HOURS},
    {"lecture", "宣讲 场次", RECORD_LECTURE, STATS_RECORDS},
    {"lecture_audience", "宣讲 受众人次", RECORD_LECTURE, STATS_AUDIENCE},
    {"publicity", "宣传 稿件", RECORD_PUBLICITY, STATS_RECORDS},
    {"implementation", "贯彻落实 项", RECORD_IMPLEMENTATION, STATS_RECORDS},
    {NULL, NULL, RECORD_KIND__MAX, STATS_FIGURE__MAX},
};

const char *
dash_href(struct req *r, const struct dash *d, int64_t org_id, const char *sort)
{
	char *s = arena_printf(r->a, "/dashboard?org_id=%lld&from=%s&to=%s", (long long)org_id,
			       d->period.from, d->period.to);

	if (s != NULL && d->campaign_id != 0)
		s = arena_printf(r->a, "%s&campaign_id=%lld", s, (long long)d->campaign_id);
	if (s != NULL && sort != NULL)
		s = arena_printf(r->a, "%s&sort=%s", s, sort);
	return s != NULL ? s : "/dashboard";
}

const char *
dash_ledger_href(struct req *r, const struct dash *d, int64_t org_id, enum record_kind k,
		 const char *state)
{
	char *s = arena_printf(r->a, "/records?kind=%s&org_id=%lld&subtree=1", record_kind_code(k),
			       (long long)org_id);

	if (s != NULL && d->campaign_id != 0)
		s = arena_printf(r->a, "%s&campaign_id=%lld", s, (long long)d->campaign_id);
	if (s != NULL)
		s = arena_printf(r->a, "%s&from=%s&to=%s", s, d->period.from_day, d->period.to_day);
	if (s != NULL && state != NULL)
		s = arena_printf(r->a, "%s&state=%s", s, state);
	return s != NULL ? s : "/records";
}

/* The state a figure's records are in: only approved publicity counts. */
const char *
dash_counted_state(enum record_kind k)
{
	return k == RECORD_PUBLICITY ? "approved" : NULL;
}

void
dash_figure_link(struct req *r, const char *href, int64_t v)
{
	struct buf *b = &r->out;

	if (v == 0) {
		html_raw(b, "0");
		return;
	}
	html_raw(b, "<a href=\"");
	html_attr(b, href);
	html_raw(b, "\">");
	html_int(b, v, 1);
	html_raw(b, "</a>");
}

/* A card: a kind's main figure and, when it has one, a second. */
struct card {
	const char *title;
	enum record_kind kind;
	enum stats_figure main;
	const char *main_unit;
	enum stats_figure sub; /* STATS_FIGURE__MAX: none */
	const char *sub_unit;
};

static const struct card cards[] = {
    {"理论学习", RECORD_STUDY, STATS_RECORDS, "次", STATS_PARTICIPANTS, "人次"},
    {"教育培训", RECORD_TRAINING, STATS_PARTICIPANTS, "人次", STATS_HOURS, "学时"},
    {"宣讲活动", RECORD_LECTURE, STATS_RECORDS, "场次", STATS_AUDIENCE, "受众人次"},
    {"宣传阐释", RECORD_PUBLICITY, STATS_RECORDS, "篇稿件", STATS_FIGURE__MAX, NULL},
    {"贯彻落实", RECORD_IMPLEMENTATION, STATS_RECORDS, "项", STATS_FIGURE__MAX, NULL},
};

/* The names of the figures as GET /api/v1/orgs/{id}/stats spells them. */
static const char *const figure_names[STATS_FIGURE__MAX] = {
    [STATS_RECORDS] = "records",
    [STATS_PARTICIPANTS] = "participants",
    [STATS_AUDIENCE] = "audience",
    [STATS_HOURS] = "hours",
};

static void
figure(struct req *r, const struct dash *d, enum record_kind k, enum stats_figure f)
{
	struct buf *b = &r->out;

	html_raw(b, "<span class=\"fig\" data-figure=\"");
	html_attr(b, figure_names[f]);
	html_raw(b, "\">");
	dash_figure_link(r, dash_ledger_href(r, d, d->s.unit.id, k, dash_counted_state(k)),
			 d->s.total.v[k][f]);
	html_raw(b, "</span>");
}

static void
card(struct req *r, const struct dash *d, const struct card *c)
{
	struct buf *b = &r->out;

	html_raw(b, "<div class=\"stat dash-card\" data-kind=\"");
	html_attr(b, record_kind_code(c->kind));
	html_raw(b, "\"><div class=\"stat-label\">");
	html_text(b, c->title);
	html_raw(b, "</div><div class=\"stat-value\">");
	figure(r, d, c->kind, c->main);
	html_raw(b, "<small>");
	html_text(b, c->main_unit);
	html_raw(b, "</small></div>");
	if (c->sub != STATS_FIGURE__MAX) {
		html_raw(b, "<div class=\"stat-sub\">");
		figure(r, d, c->kind, c->sub);
		html_raw(b, " ");
		html_text(b, c->sub_unit);
		html_raw(b, "</div>");
	}
	html_raw(b, "</div>");
}

void
dash_cards(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<div class=\"stats dash-cards\">");
	for (i = 0; i < sizeof(cards) / sizeof(cards[0]); i++)
		card(r, d, &cards[i]);
	html_raw(b, "<div class=\"stat dash-card pending\" data-kind=\"pending\">"
		    "<div class=\"stat-label\">待审核</div><div class=\"stat-value\">"
		    "<span class=\"fig\" data-figure=\"records\">");
	dash_figure_link(r, dash_ledger_href(r, d, d->s.unit.id, RECORD_PUBLICITY, "submitted"),
			 d->pending);
	html_raw(b, "</span><small>篇宣传稿件</small></div></div></div>");
}

void
dash_trend(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	size_t i;
	int k;

	html_raw(
	    b,
	    "<section class=\"dash-section\"><h2>月度趋势（各类台账条数）</h2>"
	    "<div class=\"chart\" id=\"chart-trend\" role=\"img\" "
	    "aria-label=\"各类台账按月条数\"></div>"
	    "<details class=\"dash-detail\"><summary>按月明细</summary>"
	    "<div class=\"table-wrap\"><table class=\"list dash-months\"><thead><tr><th>月份</th>");
	for (k = 0; k < RECORD_KIND__MAX; k++) {
		html_raw(b, "<th class=\"num\">");
		html_text(b, record_kind_label((enum record_kind)k));
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < d->s.nmonths; i++) {
		html_raw(b, "<tr><td>");
		html_text(b, d->s.months[i].month);
		html_raw(b, "</td>");
		for (k = 0; k < RECORD_KIND__MAX; k++) {
			html_raw(b, "<td class=\"num\">");
			html_int(b, d->s.months[i].f.v[k][STATS_RECORDS], 1);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div></details></section>");
}

/* A column's header: a link that sorts by it, largest first, or the other way when it already
 * does. */
static void
sort_header(struct req *r, const struct dash *d, const struct dash_col *c)
{
	struct buf *b = &r->out;
	bool on = d->sort == c;
	const char *next = on && !d->asc ? arena_printf(r->a, "%s.asc", c->key) : c->key;

	html_raw(b, "<th class=\"num\"");
	if (on && d->asc)
		html_raw(b, " aria-sort=\"ascending\"");
	else if (on)
		html_raw(b, " aria-sort=\"descending\"");
	html_raw(b, "><a href=\"");
	html_attr(b, dash_href(r, d, d->s.unit.id, next != NULL ? next : c->key));
	html_raw(b, "\">");
	html_text(b, c->label);
	if (on && d->asc)
		html_raw(b, " ▲");
	else if (on)
		html_raw(b, " ▼");
	html_raw(b, "</a></th>");
}

static void
child_row(struct req *r, const struct dash *d, const struct stats_child *c)
{
	struct buf *b = &r->out;
	size_t i;

	html_fmt(b, "<tr data-org=\"%lld\"%s><td class=\"card-title\"><a class=\"drill\" href=\"",
		 (long long)c->org->id, c->org->closed ? " class=\"closed\"" : "");
	html_attr(b, dash_href(r, d, c->org->id, param_str(&r->query, F_SORT)));
	html_raw(b, "\">");
	html_text(b, c->org->name);
	html_raw(b, "</a>");
	if (c->org->closed)
		html_raw(b, " <span class=\"tag\">已撤销</span>");
	html_raw(b, "</td>");
	for (i = 0; dash_cols[i].key != NULL; i++) {
		enum record_kind k = dash_cols[i].kind;
		html_raw(b, "<td class=\"num\" data-col=\"");
		html_attr(b, dash_cols[i].key);
		html_raw(b, "\" data-label=\"");
		html_attr(b, dash_cols[i].label);
		html_raw(b, "\">");
		dash_figure_link(r, dash_ledger_href(r, d, c->org->id, k, dash_counted_state(k)),
				 c->f.v[k][dash_cols[i].figure]);
		html_raw(b, "</td>");
	}
	html_raw(b, "</tr>");
}

void
dash_children(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section class=\"dash-section\"><h2>下级单位</h2>");
	if (d->s.nchildren == 0) {
		html_raw(b, "<p class=\"empty\">本单位没有下级单位。</p></section>");
		return;
	}
	html_raw(b, "<div class=\"chart chart-children\" id=\"chart-children\" role=\"img\" "
		    "aria-label=\"下级单位各类台账条数\"></div>");
	if (d->s.nchildren > DASH_CHART_CHILDREN)
		html_fmt(b, "<p class=\"hint\">图中显示表格顺序的前 %d 个单位。</p>",
			 DASH_CHART_CHILDREN);
	html_raw(
	    b, "<p class=\"hint\">点击单位名称或图中的柱查看该单位的工作台；点击数字查看对应台账。"
	       "</p><div class=\"table-wrap\"><table class=\"list dash-children cards\"><thead><tr>"
	       "<th");
	if (d->sort == NULL)
		html_raw(b, " aria-sort=\"other\"");
	html_raw(b, "><a href=\"");
	html_attr(b, dash_href(r, d, d->s.unit.id, NULL));
	html_raw(b, "\">单位</a></th>");
	for (i = 0; dash_cols[i].key != NULL; i++)
		sort_header(r, d, &dash_cols[i]);
	html_raw(b, "</tr></thead><tbody>");
	for (i = 0; i < d->s.nchildren; i++)
		child_row(r, d, &d->s.children[d->order[i]]);
	html_raw(b, "</tbody></table></div></section>");
}

/* JSON for the charts */

static json_t *
kinds_json(void)
{
	json_t *a = json_array();
	int k;

	for (k = 0; a != NULL && k < RECORD_KIND__MAX; k++)
		if (json_array_append_new(
			a, json_pack("{s:s,s:s}", "code", record_kind_code((enum record_kind)k),
				     "label", record_kind_label((enum record_kind)k))) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* Records per kind of a set of figures: [study, training, publicity, lecture, implementation]. */
static json_t *
records_json(const struct stats_figures *f)
{
	json_t *a = json_array();
	int k;

	for (k = 0; a != NULL && k < RECORD_KIND__MAX; k++)
		if (json_array_append_new(a, json_integer(f->v[k][STATS_RECORDS])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
months_json(const struct dash *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < d->s.nmonths; i++)
		if (json_array_append_new(a, json_pack("{s:s,s:o}", "month", d->s.months[i].month,
						       "records",
						       records_json(&d->s.months[i].f))) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
children_json(struct req *r, const struct dash *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < d->s.nchildren && i < DASH_CHART_CHILDREN; i++) {
		const struct stats_child *c = &d->s.children[d->order[i]];
		if (json_array_append_new(
			a, json_pack("{s:I,s:s,s:s,s:o}", "org_id", (json_int_t)c->org->id, "name",
				     c->org->name, "href",
				     dash_href(r, d, c->org->id, param_str(&r->query, F_SORT)),
				     "records", records_json(&c->f))) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

void
dash_chart_data(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	unsigned long failures = alloc_json_failures();
	/* "o" (not "o*"): a part that failed fails the whole, rather than leaving a key out. */
	json_t *j = json_pack("{s:o,s:o,s:o}", "kinds", kinds_json(), "months", months_json(d),
			      "children", children_json(r, d));
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (text == NULL || alloc_json_failures() != failures) {
		free(text);
		b->err = 1; /* answered 500 rather than shown with torn chart data */
		return;
	}
	html_raw(b, "<script type=\"application/json\" id=\"dash-data\">");
	html_script_json(b, text);
	html_raw(b, "</script>");
	free(text);
}
