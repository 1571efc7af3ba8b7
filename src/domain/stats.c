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
	day_format(day_from_civil(next / 12, next % 12 + 1, 1) - 1, p->to_day, sizeof(p->to_day));
}

enum xg_rc
stats_period_parse(const char *from, const char *to, struct stats_period *p, struct xg_error *err)
{
	int64_t fi, ti;

	if (month_parse(from, &fi) != 0)
		return xg_fail(err, XG_INVALID, "invalid_month", "from",
			       "起始月份格式应为 YYYY-MM");
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

/* One end of a sparse period: the month of day, or open (def, empty day) when day is NULL. */
static enum xg_rc
period_end(const char *day, const char *field, const char *label, const char *def, char month[8],
	   struct xg_error *err)
{
	int64_t d;

	if (day == NULL) {
		memcpy(month, def, 8);
		return XG_OK;
	}
	if (day_parse(day, &d) != 0)
		return xg_fail(err, XG_INVALID, "invalid_date", field, "%s格式应为 YYYY-MM-DD",
			       label);
	memcpy(month, day, 7);
	month[7] = '\0';
	return XG_OK;
}

enum xg_rc
stats_period_days(const char *from_day, const char *to_day, struct stats_period *p,
		  struct xg_error *err)
{
	struct stats_period end;
	char from[8], to[8];
	int64_t fi = 0, ti = 0;
	enum xg_rc rc = period_end(from_day, "from", "起始日期", "0000-00", from, err);

	if (rc == XG_OK)
		rc = period_end(to_day, "to", "截止日期", "9999-99", to, err);
	if (rc != XG_OK)
		return rc;
	if (strcmp(to, from) < 0)
		return xg_fail(err, XG_INVALID, "invalid_period", "to", "截止日期不能早于起始日期");
	memset(p, 0, sizeof(*p));
	memcpy(p->from, from, 8);
	memcpy(p->to, to, 8);
	/* A bounded end's day comes from the same rule as a dense period's; an open end has none.
	 */
	if (from_day != NULL && month_parse(from, &fi) == 0) {
		period_fill(fi, fi, &end);
		memcpy(p->from_day, end.from_day, sizeof(p->from_day));
	}
	if (to_day != NULL && month_parse(to, &ti) == 0) {
		period_fill(ti, ti, &end);
		memcpy(p->to_day, end.to_day, sizeof(p->to_day));
	}
	p->sparse = true;
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

void
stats_figures_add(struct stats_figures *f, const struct db_rollup *u)
{
	enum record_kind k = record_kind_parse(u->kind);

	if (k >= RECORD_KIND__MAX)
		return;
	f->v[k][STATS_RECORDS] += u->records;
	f->v[k][STATS_PARTICIPANTS] += u->participants;
	f->v[k][STATS_AUDIENCE] += u->audience;
	f->v[k][STATS_HOURS] += u->hours;
}

/* The sparse months: those of the rows (ordered by month) with something counted; the total. */
static enum xg_rc
months_sparse(struct arena *a, const struct db_rollup *rows, size_t n, struct stats *out,
	      struct xg_error *err)
{
	size_t i;

	out->months = arena_alloc(a, (n + 1) * sizeof(*out->months));
	if (out->months == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	out->nmonths = 0;
	for (i = 0; i < n;) {
		static const struct stats_figures zero;
		struct stats_month *m = &out->months[out->nmonths];
		memset(m, 0, sizeof(*m));
		snprintf(m->month, sizeof(m->month), "%s", rows[i].month);
		for (; i < n && strcmp(rows[i].month, m->month) == 0; i++) {
			stats_figures_add(&m->f, &rows[i]);
			stats_figures_add(&out->total, &rows[i]);
		}
		/* A month whose records were all moved or deleted leaves zero counters. */
		if (memcmp(&m->f, &zero, sizeof(zero)) != 0)
			out->nmonths++;
	}
	return XG_OK;
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
		stats_figures_add(&out->months[mi - fi].f, &rows[i]);
		stats_figures_add(&out->total, &rows[i]);
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
				stats_figures_add(&out->children[j].f, &rows[i]);
				break;
			}
	return XG_OK;
}

enum xg_rc
stats_pending(struct db *db, const struct db_org *unit, int64_t campaign_id,
	      const struct stats_period *p, int64_t *pending, struct xg_error *err)
{
	return xg_from_db(err,
			  db_record_pending(db, unit->path, campaign_id,
					    p->from_day[0] != '\0' ? p->from_day : NULL,
					    p->to_day[0] != '\0' ? p->to_day : NULL, pending),
			  db, "待审核");
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
		rc = xg_from_db(
		    err, db_rollup_read(db, a, org_id, campaign_id, p->from, p->to, &rows, &n), db,
		    "统计");
	if (rc == XG_OK)
		rc = xg_from_db(
		    err,
		    db_rollup_children(db, a, org_id, campaign_id, p->from, p->to, &crows, &nc), db,
		    "统计");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_children(db, a, actor->org_path, org_id, STATS_CHILDREN_MAX,
						0, &kids, &nk),
				db, "单位");
	if (rc == XG_OK)
		rc = p->sparse ? months_sparse(a, rows, n, out, err)
			       : months_fill(a, p, rows, n, out, err);
	if (rc == XG_OK)
		rc = children_fill(a, kids, nk, crows, nc, out, err);
	return rc;
}

/* Who may see unit org_id and campaign_id (0: all): XG_OK, or XG_NOTFOUND as stats_read says. */
static enum xg_rc
answer_scope(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	     int64_t campaign_id, struct xg_error *err)
{
	struct db_org unit;
	struct db_campaign c;
	enum xg_rc rc;

	rc = xg_from_db(err, db_org_get(db, a, actor->org_path, org_id, &unit), db, "单位");
	if (rc == XG_OK && campaign_id != 0)
		rc = xg_from_db(err, db_campaign_get(db, a, actor->org_path, campaign_id, &c), db,
				"专项工作");
	return rc;
}

enum xg_rc
stats_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	     int64_t campaign_id, const struct stats_period *p, const char *form,
	     stats_render_fn render, void *ctx, const char **text, size_t *len,
	     struct xg_error *err)
{
	char token[DB_TOKEN_CAP], key[DB_MEMO_KEY_CAP];
	struct stats s;
	enum xg_rc rc;
	int n;

	*text = NULL;
	*len = 0;
	/* Everything a text depends on, the period's four ends and its kind included. */
	n = snprintf(key, sizeof(key), "stats/%s/%lld/%lld/%s/%s/%s/%s/%d", form, (long long)org_id,
		     (long long)campaign_id, p->from, p->to, p->from_day, p->to_day,
		     (int)p->sparse);
	if (n < 0 || (size_t)n >= sizeof(key))
		key[0] = '\0'; /* never kept: read every time */
	rc = xg_from_db(err, db_snapshot_begin(db, token), db, "统计");
	if (rc != XG_OK)
		return rc;
	rc = answer_scope(db, a, actor, org_id, campaign_id, err);
	if (rc == XG_OK && key[0] != '\0')
		*text = db_memo_get(db, key, token, len);
	if (rc == XG_OK && *text == NULL) {
		rc = stats_read(db, a, actor, org_id, campaign_id, p, &s, err);
		if (rc == XG_OK)
			rc = render(ctx, a, &s, p, text, len, err);
		if (rc == XG_OK && key[0] != '\0')
			db_memo_put(db, key, token, *text, *len);
	}
	db_snapshot_end(db);
	return rc;
}
