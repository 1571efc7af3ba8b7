/* page_dashboard: 工作台 of one unit — its figures for a campaign and whole months, the trend,
 * its children's figures (table and chart, each leading down), each figure leading to its records.
 */
#include "page/dashboard_view.h"

#include <string.h>

#include "base/day.h"
#include "base/tree.h"
#include "domain/dashboard.h"
#include "domain/role.h"
#include "http/html.h"

/*
 * A month of the query: "YYYY-MM", or a day "YYYY-MM-DD" widened to its
 * month as GET /api/v1/orgs/{id}/stats does (the roll-ups are monthly), in
 * which case *widened is set. def when absent. Arena memory.
 */
static const char *
month_arg(struct req *r, enum field_id id, const char *def, bool *widened)
{
	const char *s = param_str(&r->query, id);
	int64_t day;

	if (s == NULL)
		return def;
	if (strlen(s) == 10 && day_parse(s, &day) == 0) {
		*widened = true;
		return arena_strndup(r->a, s, 7);
	}
	return s;
}

/* The sort of the query: a column's key (largest first), KEY.asc, or absent (the tree's order). */
static enum xg_rc
sort_arg(struct req *r, struct dash *d, struct xg_error *err)
{
	const char *s = param_str(&r->query, F_SORT);
	size_t i, n;

	if (s == NULL || strcmp(s, "name") == 0)
		return XG_OK;
	n = strlen(s);
	d->asc = n > 4 && strcmp(s + n - 4, ".asc") == 0;
	if (d->asc)
		n -= 4;
	for (i = 0; dash_cols[i].key != NULL; i++)
		if (strlen(dash_cols[i].key) == n && strncmp(dash_cols[i].key, s, n) == 0) {
			d->sort = &dash_cols[i];
			return XG_OK;
		}
	return xg_fail(err, XG_INVALID, "invalid_sort", "sort", "排序字段无效");
}

static enum xg_rc
query_read(struct req *r, struct dash *d, struct xg_error *err)
{
	struct stats_period year;

	stats_period_year(day_of(r->now), &year);
	d->org_id = param_int(&r->query, F_ORG_ID, r->actor.org_id);
	d->campaign_id = param_int(&r->query, F_CAMPAIGN_ID, 0);
	if (stats_period_parse(month_arg(r, F_FROM, year.from, &d->widened),
			       month_arg(r, F_TO, year.to, &d->widened), &d->period, err) != XG_OK)
		return err->rc;
	return sort_arg(r, d, err);
}

/* The units from the caller's own down to the one shown, for the breadcrumb. */
static enum xg_rc
crumbs_load(struct req *r, struct dash *d, struct xg_error *err)
{
	int64_t ids[TREE_DEPTH_MAX];
	size_t n = tree_ids(d->s.unit.path, ids, TREE_DEPTH_MAX), i;
	bool in = r->actor.org_path == NULL;

	d->crumbs = arena_alloc(r->a, (n + 1) * sizeof(*d->crumbs));
	if (d->crumbs == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < n; i++) {
		in = in || ids[i] == r->actor.org_id;
		if (!in)
			continue; /* above the caller: never named */
		if (ids[i] == d->s.unit.id) {
			d->crumbs[d->ncrumbs++] = d->s.unit;
			continue;
		}
		if (xg_from_db(
			err,
			db_org_get(r->db, r->a, r->actor.org_path, ids[i], &d->crumbs[d->ncrumbs]),
			r->db, "单位") != XG_OK)
			return err->rc;
		d->ncrumbs++;
	}
	return XG_OK;
}

/* Does child i come before child j in the table's order? */
static bool
before(const struct dash *d, size_t i, size_t j)
{
	const struct stats_figures *a = &d->s.children[i].f, *b = &d->s.children[j].f;
	int64_t x, y;

	if (d->sort == NULL)
		return i < j;
	x = a->v[d->sort->kind][d->sort->figure];
	y = b->v[d->sort->kind][d->sort->figure];
	if (x != y)
		return d->asc ? x < y : x > y;
	return i < j; /* ties keep the tree's order */
}

/* The children in the table's order (an insertion sort: at most STATS_CHILDREN_MAX, stable). */
static enum xg_rc
order_children(struct req *r, struct dash *d, struct xg_error *err)
{
	size_t i, j;

	d->order = arena_alloc(r->a, (d->s.nchildren + 1) * sizeof(*d->order));
	if (d->order == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < d->s.nchildren; i++) {
		size_t v = i;
		for (j = i; j > 0 && before(d, v, d->order[j - 1]); j--)
			d->order[j] = d->order[j - 1];
		d->order[j] = v;
	}
	return XG_OK;
}

/* The figures as the API's stats answer reads them, and kept with them (domain/dashboard). */
static enum xg_rc
figures_load(struct req *r, struct dash *d, struct xg_error *err)
{
	struct dashboard f;

	if (dashboard_read(r->db, r->a, &r->actor, d->org_id, d->campaign_id, &d->period, &f,
			   err) != XG_OK)
		return err->rc;
	d->s = f.s;
	d->pending = f.pending;
	d->units = f.units;
	d->members = f.members;
	return XG_OK;
}

static enum xg_rc
dash_load(struct req *r, struct dash *d, struct xg_error *err)
{
	memset(d, 0, sizeof(*d));
	if (query_read(r, d, err) != XG_OK || figures_load(r, d, err) != XG_OK ||
	    crumbs_load(r, d, err) != XG_OK || order_children(r, d, err) != XG_OK ||
	    page_units_load(r, &d->units_pick, err) != XG_OK)
		return err->rc;
	return xg_from_db(err,
			  db_campaign_list(r->db, r->a, r->actor.org_path, DASH_CAMPAIGNS_MAX, 0,
					   &d->camps, &d->ncamps, &d->camps_total),
			  r->db, "专项工作");
}

static void
crumbs(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<nav class=\"crumbs\" aria-label=\"单位路径\"><ol>");
	for (i = 0; i < d->ncrumbs; i++) {
		html_raw(b, "<li>");
		if (i + 1 == d->ncrumbs) {
			html_raw(b, "<span aria-current=\"page\">");
			html_text(b, d->crumbs[i].name);
			html_raw(b, "</span>");
		} else {
			html_raw(b, "<a href=\"");
			html_attr(b, dash_href(r, d, d->crumbs[i].id, NULL));
			html_raw(b, "\">");
			html_text(b, d->crumbs[i].name);
			html_raw(b, "</a>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></nav>");
}

static void
campaign_select(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-campaign_id\">专项工作</label>"
		    "<select id=\"f-campaign_id\" name=\"campaign_id\"><option value=\"\">"
		    "全部</option>");
	for (i = 0; i < d->ncamps; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)d->camps[i].id,
			 d->camps[i].id == d->campaign_id ? " selected" : "");
		html_text(b, d->camps[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></span>");
}

static void
month_input(struct req *r, const char *name, const char *label, const char *value)
{
	struct buf *b = &r->out;

	html_raw(b, "<span class=\"filter\"><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label>");
	page_input_open(r, name, "month", value);
	html_raw(b, " placeholder=\"YYYY-MM\" pattern=\"[0-9]{4}-[0-9]{2}\" required></span>");
}

/* 本月 本季度 本年: the same unit and campaign over the period of today. */
static void
quick_periods(struct req *r, const struct dash *d)
{
	static const struct {
		const char *label;
		void (*fill)(int64_t day, struct stats_period *p);
	} quick[] = {{"本月", stats_period_month},
		     {"本季度", stats_period_quarter},
		     {"本年", stats_period_year}};
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"quick-periods\">");
	for (i = 0; i < sizeof(quick) / sizeof(quick[0]); i++) {
		struct dash q = *d;
		quick[i].fill(day_of(r->now), &q.period);
		html_raw(b, "<a href=\"");
		html_attr(b, dash_href(r, &q, d->s.unit.id, NULL));
		html_raw(b, "\"");
		if (strcmp(q.period.from, d->period.from) == 0 &&
		    strcmp(q.period.to, d->period.to) == 0)
			html_raw(b, " class=\"current\" aria-current=\"true\"");
		html_raw(b, ">");
		html_text(b, quick[i].label);
		html_raw(b, "</a>");
	}
	html_raw(b, "</span>");
}

static void
filter_bar(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;

	html_raw(b, "<form class=\"filters dash-filters\" method=\"get\" action=\"/dashboard\">");
	page_unit_select(r, &d->units_pick, d->s.unit.id);
	campaign_select(r, d);
	month_input(r, "from", "起始月份", d->period.from);
	month_input(r, "to", "截止月份", d->period.to);
	if (param_str(&r->query, F_SORT) != NULL) {
		html_raw(b, "<input type=\"hidden\" name=\"sort\" value=\"");
		html_attr(b, param_str(&r->query, F_SORT));
		html_raw(b, "\">");
	}
	html_raw(b, "<button type=\"submit\" class=\"primary\">查询</button>");
	quick_periods(r, d);
	html_raw(b, "</form>");
}

static void
period_note(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;

	if (d->widened)
		page_notice(r, false, "统计按整月进行：所选日期已扩展为所在月份的整月。");
	html_raw(b, "<p class=\"hint period-note\">统计期间：");
	html_text(b, d->period.from_day);
	html_raw(b, " 至 ");
	html_text(b, d->period.to_day);
	html_raw(b, "（按整月统计，自起始月 1 日至截止月末日）；宣传稿件只计审核通过的。</p>");
}

/* The unit, and for those who read units its size: units (open) and members of its subtree. */
static void
unit_lead(struct req *r, const struct dash *d)
{
	struct buf *b = &r->out;

	html_raw(b, "<p class=\"lead dash-unit\"><strong>");
	html_text(b, d->s.unit.name);
	html_raw(b, "</strong>");
	if (role_can(r->actor.role, PERM_ORG_READ)) {
		html_raw(b, "<span class=\"dash-size\">本单位及下级（正常）");
		html_int(b, d->units, 1);
		html_raw(b, " 个单位，成员合计 ");
		html_int(b, d->members, 1);
		html_raw(b, " 人</span>");
	}
	html_raw(b, "</p>");
}

void
page_dashboard(struct req *r)
{
	struct buf *b = &r->out;
	struct xg_error err;
	struct dash d;

	if (dash_load(r, &d, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	page_begin(r, "工作台", "home");
	crumbs(r, &d);
	unit_lead(r, &d);
	filter_bar(r, &d);
	period_note(r, &d);
	dash_cards(r, &d);
	dash_trend(r, &d);
	dash_children(r, &d);
	dash_chart_data(r, &d);
	html_raw(b, "<script src=\"/static/echarts.min.js\" defer></script>"
		    "<script src=\"/static/dashboard.js\" defer></script>");
	page_end(r);
}
