/* stats: a unit's figures over whole months from the roll-ups, by month and by child, and its
 * publicity waiting for review. */
#include "domain/stats.h"

#include <stdio.h>
#include <string.h>

#include "base/day.h"

/* Months counted from year 0: y * 12 + (m - 1). */
static int64_t
month_index(int64_t y, int64_t m)
{
	return y * 12 + (m - 1);
}

/* "YYYY-MM" of a real month into *idx; -1 for anything else. */
static int
month_parse(const char *s, int64_t *idx)
{
	char ymd[DAY_TEXT_CAP];
	int64_t day, y, m, d;

	if (s == NULL || strlen(s) != 7)
		return -1;
	snprintf(ymd, sizeof(ymd), "%s-01", s);
	if (day_parse(ymd, &day) != 0)
		return -1;
	day_to_civil(day, &y, &m, &d);
	*idx = month_index(y, m);
	return 0;
}

/* "YYYY-MM" of month idx (a year of DAY_YEAR_MIN..DAY_YEAR_MAX: four digits) into out[8]. */
static void
month_text(int64_t idx, char out[8])
{
	int64_t y = idx / 12, m = idx % 12 + 1;

	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* Fill p for the months fi..ti (indices). */
static void
period_fill(int64_t fi, int64_t ti, struct stats_period *p)
{
	int64_t next = ti + 1;

	month_text(fi, p->from);
	month_text(ti, p->to);
	memcpy(p->from_day, p->from, 7);
	memcpy(p->from_day + 7, "-01", 4);
	day_format(day_from_civil(next / 12, next % 12 + 1, 1) - 1, p->to_day,
		   sizeof(p->to_day));
}

enum xg_rc
stats_period_parse(const char *from, const char *to, struct stats_period *p, struct xg_error *err)
{
	int64_t fi, ti;

	if (month_parse(from, &fi) != 0)
		return xg_fail(err, XG_INVALID, "invalid_month", "from", "起始月份格式应为 YYYY-MM");
	if (month_parse(to, &ti) != 0)
		return xg_fail(err, XG_INVALID, "invalid_month", "to", "截止月份格式应为 YYYY-MM");
	if (ti < fi)
		return xg_fail(err, XG_INVALID, "invalid_period", "to", "截止月份不能早于起始月份");
	if (ti - fi + 1 > STATS_MONTHS_MAX)
		return xg_fail(err, XG_INVALID, "period_too_long", "to",
			       "统计期间最长 %d 个月，请缩短", STATS_MONTHS_MAX);
	period_fill(fi, ti, p);
	return XG_OK;
}

static void
civil_of(int64_t day, int64_t *y, int64_t *m)
{
	int64_t d;

	day_to_civil(day, y, m, &d);
}

void
stats_period_year(int64_t day, struct stats_period *p)
{
	int64_t y, m;

	civil_of(day, &y, &m);
	period_fill(month_index(y, 1), month_index(y, 12), p);
}

void
stats_period_quarter(int64_t day, struct stats_period *p)
{
	int64_t y, m, first;

	civil_of(day, &y, &m);
	first = (m - 1) / 3 * 3 + 1;
	period_fill(month_index(y, first), month_index(y, first + 2), p);
}

void
stats_period_month(int64_t day, struct stats_period *p)
{
	int64_t y, m;

	civil_of(day, &y, &m);
	period_fill(month_index(y, m), month_index(y, m), p);
}

static void
figures_add(struct stats_figures *f, const struct db_rollup *u)
{
	enum record_kind k = record_kind_parse(u->kind);

	if (k >= RECORD_KIND__MAX)
		return;
	f->v[k][STATS_RECORDS] += u->records;
	f->v[k][STATS_PARTICIPANTS] += u->participants;
	f->v[k][STATS_AUDIENCE] += u->audience;
	f->v[k][STATS_HOURS] += u->hours;
}

/* Every month of the period, zeros included, with the unit's rows added in; the total too. */
static enum xg_rc
months_fill(struct arena *a, const struct stats_period *p, const struct db_rollup *rows, size_t n,
	    struct stats *out, struct xg_error *err)
{
	int64_t fi, ti, mi;
	size_t i;

	if (month_parse(p->from, &fi) != 0 || month_parse(p->to, &ti) != 0)
		return xg_fail(err, XG_INVALID, "invalid_month", "from", "统计期间有误");
	out->nmonths = (size_t)(ti - fi + 1);
	out->months = arena_alloc(a, out->nmonths * sizeof(*out->months));
	if (out->months == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	memset(out->months, 0, out->nmonths * sizeof(*out->months));
	for (i = 0; i < out->nmonths; i++)
		month_text(fi + (int64_t)i, out->months[i].month);
	for (i = 0; i < n; i++) {
		if (month_parse(rows[i].month, &mi) != 0 || mi < fi || mi > ti)
			continue;
		figures_add(&out->months[mi - fi].f, &rows[i]);
		figures_add(&out->total, &rows[i]);
	}
	return XG_OK;
}

/* The direct children and their figures (rows ordered by child, children by db_org_children). */
static enum xg_rc
children_fill(struct arena *a, const struct db_org *kids, size_t nk, const struct db_rollup *rows,
	      size_t n, struct stats *out, struct xg_error *err)
{
	size_t i, j;

	out->nchildren = nk;
	out->children = arena_alloc(a, (nk + 1) * sizeof(*out->children));
	if (out->children == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	memset(out->children, 0, (nk + 1) * sizeof(*out->children));
	for (j = 0; j < nk; j++)
		out->children[j].org = &kids[j];
	for (i = 0; i < n; i++)
		for (j = 0; j < nk; j++)
			if (kids[j].id == rows[i].org_id) {
				figures_add(&out->children[j].f, &rows[i]);
				break;
			}
	return XG_OK;
}

static enum xg_rc
pending_count(struct db *db, struct arena *a, int64_t campaign_id, const struct stats_period *p,
	      struct stats *out, struct xg_error *err)
{
	struct db_record_filter f = {.scope = out->unit.path,
				     .kind = record_kind_code(RECORD_PUBLICITY),
				     .campaign_id = campaign_id,
				     .from = p->from_day,
				     .to = p->to_day,
				     .state = "submitted"};

	return xg_from_db(err, db_record_count(db, a, &f, &out->pending), db, "待审核");
}

enum xg_rc
stats_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	   int64_t campaign_id, const struct stats_period *p, struct stats *out,
	   struct xg_error *err)
{
	struct db_rollup *rows = NULL, *crows = NULL;
	struct db_org *kids = NULL;
	struct db_campaign c;
	size_t n = 0, nc = 0, nk = 0;
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	rc = xg_from_db(err, db_org_get(db, a, actor->org_path, org_id, &out->unit), db, "单位");
	if (rc == XG_OK && campaign_id != 0)
		rc = xg_from_db(err, db_campaign_get(db, a, actor->org_path, campaign_id, &c), db,
				"专项工作");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_rollup_read(db, a, org_id, campaign_id, p->from, p->to, &rows,
					       &n),
				db, "统计");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_rollup_children(db, a, org_id, campaign_id, p->from, p->to,
						   &crows, &nc),
				db, "统计");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_children(db, a, actor->org_path, org_id, STATS_CHILDREN_MAX,
						0, &kids, &nk),
				db, "单位");
	if (rc == XG_OK)
		rc = months_fill(a, p, rows, n, out, err);
	if (rc == XG_OK)
		rc = children_fill(a, kids, nk, crows, nc, out, err);
	if (rc == XG_OK)
		rc = pending_count(db, a, campaign_id, p, out, err);
	return rc;
}
