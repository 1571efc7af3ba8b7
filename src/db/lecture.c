/* db/lecture: lecture teams' lecturers and lecture orders (点单式宣讲). */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

/* 0 is "none": NULL in the table. */
#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_lecturer(const struct db_result *r, size_t i, void *dst)
{
	read_lecturer(r, i, 0, dst);
}

static void
fill_order(const struct db_result *r, size_t i, void *dst)
{
	read_lecture_order(r, i, 0, dst);
}

static void
fill_org(const struct db_result *r, size_t i, void *dst)
{
	read_org(r, i, 0, dst);
}

enum db_rc
db_lecturer_insert(struct db *db, int64_t team_id, const char *name, const char *title, int64_t now,
		   int64_t *id)
{
	struct db_param p[] = {P_INT(team_id), P_TEXT(name), P_TEXT(title), P_INT(now)};
	return db_run_int(db, SQL_LECTURER_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_lecturer_list(struct db *db, struct arena *a, int64_t team_id, struct db_lecturer **out,
		 size_t *n)
{
	struct db_param p[] = {P_INT(team_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_LECTURER_LIST, p, NPARAMS(p), a, sizeof(**out),
				    fill_lecturer, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_lecturer_get(struct db *db, struct arena *a, int64_t id, struct db_lecturer *out)
{
	struct db_param p[] = {P_INT(id)};
	return db_run_first(db, SQL_LECTURER_GET, p, NPARAMS(p), a, sizeof(*out), fill_lecturer,
			    out);
}

enum db_rc
db_lecture_teams(struct db *db, struct arena *a, const char *kind, const char *path,
		 struct db_org **out, size_t *n)
{
	struct db_param p[] = {P_TEXT(kind), P_TEXT(path)};
	void *rows = NULL;
	enum db_rc rc =
	    db_run_rows(db, SQL_LECTURE_TEAMS, p, NPARAMS(p), a, sizeof(**out), fill_org, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_lecture_order_insert(struct db *db, const struct db_lecture_order *o, int64_t *id)
{
	struct db_param p[] = {
	    P_INT(o->org_id),	     P_INT(o->team_id),		 P_TEXT(o->topic),
	    P_TEXT(o->section_path), P_TEXT(o->preferred_dates), P_TEXT(o->audience_kind),
	    P_INT(o->audience_size), P_ID(o->requested_by),	 P_TEXT(o->requested_by_name),
	    P_INT(o->created_at)};
	return db_run_int(db, SQL_LECTURE_ORDER_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_lecture_order_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		     struct db_lecture_order *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	return db_run_first(db, SQL_LECTURE_ORDER_GET, p, NPARAMS(p), a, sizeof(*out), fill_order,
			    out);
}

enum db_rc
db_lecture_order_list(struct db *db, struct arena *a, const struct db_lecture_filter *f,
		      struct db_lecture_order **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;
	bool calendar = f->from != NULL || f->to != NULL;

	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),	P_TEXT(sr.hi), P_INT(f->team_id), P_TEXT(f->state),
			       P_TEXT(f->from), P_TEXT(f->to), P_INT(f->limit),	  P_INT(f->offset)};
	rc = db_run_int(db, SQL_LECTURE_ORDER_COUNT, p, 6, total);
	if (rc == DB_OK)
		rc = db_run_rows(db, calendar ? SQL_LECTURE_ORDER_CALENDAR : SQL_LECTURE_ORDER_LIST,
				 p, NPARAMS(p), a, sizeof(**out), fill_order, &rows, n);
	*out = rows;
	return rc;
}

/* Run a step that answers the order's id when it moved. */
static enum db_rc
step(struct db *db, enum db_sql id, const struct db_param *p, size_t np, int64_t order, bool *done)
{
	int64_t moved = 0;
	enum db_rc rc = db_run_int(db, id, p, np, &moved);

	*done = rc == DB_OK && moved == order;
	return rc;
}

enum db_rc
db_lecture_order_accept(struct db *db, int64_t id, int64_t lecturer_id, const char *date,
			int64_t now, bool *done)
{
	struct db_param p[] = {P_INT(id), P_INT(lecturer_id), P_TEXT(date), P_INT(now)};
	return step(db, SQL_LECTURE_ORDER_ACCEPT, p, NPARAMS(p), id, done);
}

enum db_rc
db_lecture_order_decline(struct db *db, int64_t id, const char *reason, int64_t now, bool *done)
{
	struct db_param p[] = {P_INT(id), P_TEXT(reason), P_INT(now)};
	return step(db, SQL_LECTURE_ORDER_DECLINE, p, NPARAMS(p), id, done);
}

enum db_rc
db_lecture_order_given(struct db *db, int64_t id, int64_t record_id, int64_t audience, int64_t now,
		       bool *done)
{
	struct db_param p[] = {P_INT(id), P_INT(record_id), P_INT(audience), P_INT(now)};
	return step(db, SQL_LECTURE_ORDER_GIVEN, p, NPARAMS(p), id, done);
}
