/* db/inspection: inspections (督查) of units, the units inspected and the rectifications (整改)
 * asked of them, each step a guarded UPDATE. */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_inspection(const struct db_result *r, size_t i, void *dst)
{
	read_inspection(r, i, 0, dst);
}

static void
fill_unit(const struct db_result *r, size_t i, void *dst)
{
	read_inspection_unit(r, i, 0, dst);
}

static void
fill_rect(const struct db_result *r, size_t i, void *dst)
{
	read_rectification(r, i, 0, dst);
}

enum db_rc
db_inspection_insert(struct db *db, const struct db_inspection *in, int64_t *id)
{
	struct db_param p[] = {P_INT(in->org_id),    P_TEXT(in->day),
			       P_TEXT(in->items),    P_TEXT(in->findings),
			       P_ID(in->created_by), P_TEXT(in->created_by_name),
			       P_INT(in->created_at)};
	return db_run_int(db, SQL_INSPECTION_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_inspection_unit_insert(struct db *db, int64_t inspection_id, int64_t org_id)
{
	struct db_param p[] = {P_INT(inspection_id), P_INT(org_id)};
	return db_run(db, SQL_INSPECTION_UNIT_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_inspection_get(struct db *db, struct arena *a, const char *scope, const char *today, int64_t id,
		  struct db_inspection *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(today), P_INT(id)};
	return db_run_first(db, SQL_INSPECTION_GET, p, NPARAMS(p), a, sizeof(*out), fill_inspection,
			    out);
}

enum db_rc
db_inspection_list(struct db *db, struct arena *a, const char *scope, const char *today,
		   int64_t limit, int64_t offset, struct db_inspection **out, size_t *n,
		   int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(today), P_INT(limit),
			       P_INT(offset)};
	return db_run_page(db, SQL_INSPECTION_COUNT, 2, SQL_INSPECTION_LIST, p, NPARAMS(p), a,
			   sizeof(**out), fill_inspection, (void **)out, n, total);
}

enum db_rc
db_inspection_units(struct db *db, struct arena *a, const char *scope, int64_t id,
		    struct db_inspection_unit **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	rc = db_run_rows(db, SQL_INSPECTION_UNITS, p, NPARAMS(p), a, sizeof(**out), fill_unit,
			 &rows, n);
	*out = rows;
	return rc;
}

enum db_rc
db_rect_insert(struct db *db, const struct db_rectification *x, int64_t created_by, int64_t *id)
{
	struct db_param p[] = {P_INT(x->inspection_id), P_INT(x->org_id), P_TEXT(x->what),
			       P_TEXT(x->deadline),	P_ID(created_by), P_INT(x->created_at)};
	return db_run_int(db, SQL_RECT_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_rect_get(struct db *db, struct arena *a, const char *scope, int64_t id,
	    struct db_rectification *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	return db_run_first(db, SQL_RECT_GET, p, NPARAMS(p), a, sizeof(*out), fill_rect, out);
}

enum db_rc
db_rect_list(struct db *db, struct arena *a, const char *scope, int64_t inspection_id,
	     struct db_rectification **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(inspection_id)};
	rc = db_run_rows(db, SQL_RECT_LIST, p, NPARAMS(p), a, sizeof(**out), fill_rect, &rows, n);
	*out = rows;
	return rc;
}

/* Run a guarded step; *done when it changed rectification id. */
static enum db_rc
step(struct db *db, enum db_sql stmt, const struct db_param *p, size_t np, int64_t id, bool *done)
{
	int64_t changed = 0;
	enum db_rc rc = db_run_int(db, stmt, p, np, &changed);

	*done = rc == DB_OK && changed == id;
	return rc;
}

enum db_rc
db_rect_answer(struct db *db, int64_t id, const char *answer, const char *by_name, int64_t now,
	       bool *done)
{
	struct db_param p[] = {P_INT(id), P_TEXT(answer), P_TEXT(by_name), P_INT(now)};
	return step(db, SQL_RECT_ANSWER, p, NPARAMS(p), id, done);
}

enum db_rc
db_rect_close(struct db *db, int64_t id, const char *note, const char *by_name, int64_t now,
	      bool *done)
{
	struct db_param p[] = {P_INT(id), P_TEXT(note), P_TEXT(by_name), P_INT(now)};
	return step(db, SQL_RECT_CLOSE, p, NPARAMS(p), id, done);
}

enum db_rc
db_rect_reopen(struct db *db, int64_t id, const char *note, int64_t now, bool *done)
{
	struct db_param p[] = {P_INT(id), P_TEXT(note), P_INT(now)};
	return step(db, SQL_RECT_REOPEN, p, NPARAMS(p), id, done);
}
