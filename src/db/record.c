/* db/record: campaigns, work records and their roll-up counters. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* Campaigns */

static void
fill_campaign(const struct db_result *r, size_t i, void *dst)
{
	read_campaign(r, i, 0, dst);
}

enum db_rc
db_campaign_insert(struct db *db, int64_t org_id, const char *name, const char *start,
		   const char *end, const char *description, int64_t warn_days, int64_t by,
		   int64_t now, int64_t *id)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(name),	   P_TEXT(start),
			       P_TEXT(end),   P_TEXT(description), by ? P_INT(by) : P_TEXT(NULL),
			       P_INT(now),    P_INT(warn_days)};
	return db_run_int(db, SQL_CAMPAIGN_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_campaign_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		struct db_campaign *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_INT(id)};
	return db_run_first(db, SQL_CAMPAIGN_GET, p, NPARAMS(p), a, sizeof(*out), fill_campaign,
			    out);
}

enum db_rc
db_campaign_list(struct db *db, struct arena *a, const char *scope, int64_t limit, int64_t offset,
		 struct db_campaign **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_INT(limit),
			       P_INT(offset)};
	rc = db_run_rows(db, SQL_CAMPAIGN_LIST, p, NPARAMS(p), a, sizeof(**out), fill_campaign,
			 &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return db_run_int(db, SQL_CAMPAIGN_COUNT, p, 3, total);
}

enum db_rc
db_campaign_update(struct db *db, int64_t id, const char *name, const char *start, const char *end,
		   const char *description, int64_t warn_days, int64_t now)
{
	struct db_param p[] = {P_INT(id),	    P_TEXT(name), P_TEXT(start),   P_TEXT(end),
			       P_TEXT(description), P_INT(now),	  P_INT(warn_days)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_CAMPAIGN_UPDATE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Work records */

static void
fill_record(const struct db_result *r, size_t i, void *dst)
{
	struct db_record *out = dst;

	memset(out, 0, sizeof(*out));
	read_record(r, i, 0, out);
}

#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL)) /* an optional reference: 0 is NULL */

enum db_rc
db_record_insert(struct db *db, const struct db_record *r, int64_t *id)
{
	struct db_param p[] = {P_INT(r->org_id),
			       P_TEXT(r->kind),
			       P_TEXT(r->day),
			       P_TEXT(r->title),
			       P_ID(r->campaign_id),
			       P_INT(r->participants),
			       P_INT(r->audience),
			       P_INT(r->hours),
			       P_TEXT(r->detail),
			       P_TEXT(r->state),
			       P_ID(r->author_org_id),
			       P_ID(r->recorded_by),
			       P_TEXT(r->recorded_by_name),
			       P_INT(r->recorded_at)};
	struct db_result res;
	enum db_rc rc;

	if (db->is_pg)
		return db_run_int(db, SQL_RECORD_INSERT, p, NPARAMS(p), id);
	/* SQLite's statement returns no row (db/sql.c): the spare arena serves it. */
	rc = db_run(db, SQL_RECORD_INSERT, p, NPARAMS(p), db->spare, &res);
	if (rc == DB_OK)
		*id = res.last_id;
	return rc;
}

enum db_rc
db_record_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_record *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	return db_run_first(db, SQL_RECORD_GET, p, NPARAMS(p), a, sizeof(*out), fill_record, out);
}

enum db_rc
db_record_update(struct db *db, const struct db_record *r)
{
	struct db_param p[] = {P_INT(r->id),
			       P_TEXT(r->day),
			       P_TEXT(r->title),
			       P_ID(r->campaign_id),
			       P_INT(r->participants),
			       P_INT(r->audience),
			       P_INT(r->hours),
			       P_TEXT(r->detail),
			       P_TEXT(r->state),
			       P_TEXT(r->review_reason),
			       P_ID(r->reviewed_by),
			       r->reviewed_at ? P_INT(r->reviewed_at) : P_TEXT(NULL),
			       P_INT(r->updated_at),
			       P_INT(r->deleted ? 1 : 0),
			       P_TEXT(r->deleted_reason),
			       P_ID(r->deleted_by),
			       r->deleted_at ? P_INT(r->deleted_at) : P_TEXT(NULL)};
	struct db_result res;
	enum db_rc rc = db_run(db, SQL_RECORD_UPDATE, p, NPARAMS(p), NULL, &res);

	if (rc == DB_OK && res.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* The statement of a list order: a whitelist, anything unknown is the default. */
static enum db_sql
list_sql(enum db_record_sort sort)
{
	static const enum db_sql by[DB_RECORD_SORT__MAX] = {
	    [DB_RECORD_SORT_DAY_DESC] = SQL_RECORD_LIST,
	    [DB_RECORD_SORT_DAY_ASC] = SQL_RECORD_LIST_DAY_ASC,
	    [DB_RECORD_SORT_ORG_ASC] = SQL_RECORD_LIST_ORG_ASC,
	    [DB_RECORD_SORT_ORG_DESC] = SQL_RECORD_LIST_ORG_DESC,
	    [DB_RECORD_SORT_TITLE_ASC] = SQL_RECORD_LIST_TITLE_ASC,
	    [DB_RECORD_SORT_TITLE_DESC] = SQL_RECORD_LIST_TITLE_DESC,
	    [DB_RECORD_SORT_PARTICIPANTS_ASC] = SQL_RECORD_LIST_PARTICIPANTS_ASC,
	    [DB_RECORD_SORT_PARTICIPANTS_DESC] = SQL_RECORD_LIST_PARTICIPANTS_DESC,
	    [DB_RECORD_SORT_AUDIENCE_ASC] = SQL_RECORD_LIST_AUDIENCE_ASC,
	    [DB_RECORD_SORT_AUDIENCE_DESC] = SQL_RECORD_LIST_AUDIENCE_DESC,
	    [DB_RECORD_SORT_HOURS_ASC] = SQL_RECORD_LIST_HOURS_ASC,
	    [DB_RECORD_SORT_HOURS_DESC] = SQL_RECORD_LIST_HOURS_DESC,
	};
	return (unsigned)sort < DB_RECORD_SORT__MAX ? by[sort] : SQL_RECORD_LIST;
}

enum db_rc
db_record_list(struct db *db, struct arena *a, const struct db_record_filter *f,
	       struct db_record **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	char *pat = NULL;
	enum db_rc rc;

	*n = 0;
	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	if (f->q != NULL && (pat = db_like_pattern(a, f->q)) == NULL)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),	P_TEXT(sr.hi),	       P_INT(f->org_id),
			       P_TEXT(f->kind), P_INT(f->campaign_id), P_TEXT(f->from),
			       P_TEXT(f->to),	P_TEXT(pat),	       P_TEXT(f->state),
			       P_INT(f->limit), P_INT(f->offset)};
	rc = db_run_rows(db, list_sql(f->sort), p, NPARAMS(p), a, sizeof(**out), fill_record, &rows,
			 n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return db_run_int(db, SQL_RECORD_COUNT, p, 9, total);
}

enum db_rc
db_record_pending(struct db *db, const char *scope, int64_t campaign_id, const char *from,
		  const char *to, int64_t *n)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(campaign_id), P_TEXT(from),
			       P_TEXT(to)};
	return db_run_int(db, SQL_RECORD_PENDING, p, NPARAMS(p), n);
}

enum db_rc
db_record_totals(struct db *db, struct arena *a, const struct db_record_filter *f,
		 struct db_record_totals *out)
{
	struct tree_range sr;
	struct db_result res;
	char *pat = NULL;
	enum db_rc rc;

	*out = (struct db_record_totals){0};
	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	if (f->q != NULL && (pat = db_like_pattern(a, f->q)) == NULL)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),	P_TEXT(sr.hi),	       P_INT(f->org_id),
			       P_TEXT(f->kind), P_INT(f->campaign_id), P_TEXT(f->from),
			       P_TEXT(f->to),	P_TEXT(pat),	       P_TEXT(f->state)};
	rc = db_run_one(db, SQL_RECORD_TOTALS, p, NPARAMS(p), a, &res);
	if (rc != DB_OK)
		return rc;
	out->records = db_ival(&res, 0, 0);
	out->counted = db_ival(&res, 0, 1);
	out->participants = db_ival(&res, 0, 2);
	out->audience = db_ival(&res, 0, 3);
	out->hours = db_ival(&res, 0, 4);
	return DB_OK;
}

enum db_rc
db_record_review_list(struct db *db, struct arena *a, const char *scope, int64_t user_id,
		      int64_t limit, int64_t offset, struct db_record **out, size_t *n,
		      int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	*n = 0;
	*out = NULL;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),  P_TEXT(sr.hi), P_TEXT(scope),
			       P_INT(user_id), P_INT(limit),  P_INT(offset)};
	rc = db_run_rows(db, SQL_RECORD_REVIEW_LIST, p, NPARAMS(p), a, sizeof(**out), fill_record,
			 &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return db_run_int(db, SQL_RECORD_REVIEW_COUNT, p, 4, total);
}

/* Roll-ups */

/* Concurrent writers of one figure spread over this many rows on PostgreSQL (bench/scale.sh builds
 * a binary with 1 to show what the slots buy). */
#ifndef ROLLUP_SLOTS
#define ROLLUP_SLOTS 8
#endif

static void
fill_rollup(const struct db_result *r, size_t i, void *dst)
{
	read_rollup(r, i, 0, dst);
}

enum db_rc
db_rollup_apply(struct db *db, const char *deltas_json, int64_t hint)
{
	int64_t slot = db->is_pg ? (hint < 0 ? -hint : hint) % ROLLUP_SLOTS : 0;
	struct db_param p[] = {P_TEXT(deltas_json), P_INT(slot)};

	return db_run(db, SQL_ROLLUP_APPLY, p, NPARAMS(p), NULL, NULL);
}

static enum db_rc
rollup_rows(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	    struct db_rollup **out, size_t *n)
{
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, id, p, np, a, sizeof(**out), fill_rollup, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_rollup_read(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
	       const char *from_month, const char *to_month, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id), P_INT(campaign_id), P_TEXT(from_month),
			       P_TEXT(to_month)};
	return rollup_rows(db, a, SQL_ROLLUP_READ, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_children(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
		   const char *from_month, const char *to_month, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id), P_INT(campaign_id), P_TEXT(from_month),
			       P_TEXT(to_month)};
	return rollup_rows(db, a, SQL_ROLLUP_CHILDREN, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_unit(struct db *db, struct arena *a, int64_t org_id, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id)};
	return rollup_rows(db, a, SQL_ROLLUP_UNIT, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_move(struct db *db, int64_t org_id, const char *shifts_json)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(shifts_json)};
	return db_run(db, SQL_ROLLUP_MOVE, p, NPARAMS(p), NULL, NULL);
}

struct rollup_check_walk {
	int (*row)(void *cls, const struct db_rollup *want, const struct db_rollup *have);
	void *cls;
};

static int
rollup_check_row(void *cls, const char *const *v, size_t ncols)
{
	struct rollup_check_walk *w = cls;
	struct db_result one = {.nrows = 1, .ncols = ncols, .v = (const char **)v};
	struct db_rollup want, have;
	const char *hv[8];

	if (ncols != 12)
		return 1;
	fill_rollup(&one, 0, &want);
	/* The stored side: the same key, its counters from column 8 on. */
	memcpy(hv, v, 4 * sizeof(*hv));
	memcpy(hv + 4, v + 8, 4 * sizeof(*hv));
	one = (struct db_result){.nrows = 1, .ncols = 8, .v = hv};
	fill_rollup(&one, 0, &have);
	return w->row(w->cls, &want, &have);
}

enum db_rc
db_rollup_check_each(struct db *db,
		     int (*row)(void *cls, const struct db_rollup *want,
				const struct db_rollup *have),
		     void *cls)
{
	struct rollup_check_walk w = {.row = row, .cls = cls};

	db->err[0] = '\0';
	return db->ops->each(db->conn, (int)SQL_ROLLUP_CHECK,
			     db_sql_text(SQL_ROLLUP_CHECK, db->is_pg), NULL, 0, rollup_check_row,
			     &w);
}
