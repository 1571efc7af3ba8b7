/* db/audit: the append-only audit log. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* Audit */

enum db_rc
db_audit_insert(struct db *db, const struct db_audit *a)
{
	struct db_param p[] = {
	    P_INT(a->at),	    a->actor_id ? P_INT(a->actor_id) : P_TEXT(NULL),
	    P_TEXT(a->actor_name),  P_TEXT(a->org_path),
	    P_TEXT(a->client),	    P_TEXT(a->action),
	    P_TEXT(a->object_type), P_TEXT(a->object_id),
	    P_TEXT(a->summary),	    P_TEXT(a->before),
	    P_TEXT(a->after)};
	return db_run(db, SQL_AUDIT_INSERT, p, NPARAMS(p), NULL, NULL);
}

static void
fill_audit(const struct db_result *r, size_t i, void *dst)
{
	read_audit(r, i, 0, dst);
}

enum db_rc
db_audit_list(struct db *db, struct arena *a, const struct db_audit_filter *f,
	      struct db_audit **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(f->scope ? sr.lo : NULL),
			       P_TEXT(f->scope ? sr.hi : NULL),
			       P_TEXT(f->actor),
			       P_TEXT(f->action),
			       P_TEXT(f->object_type),
			       P_TEXT(f->object_id),
			       P_INT(f->from),
			       P_INT(f->to),
			       P_INT(f->before_id),
			       P_INT(f->limit),
			       P_INT(f->offset)};
	rc = db_run_rows(db, SQL_AUDIT_LIST, p, NPARAMS(p), a, sizeof(**out), fill_audit, &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return db_run_int(db, SQL_AUDIT_COUNT, p, 8, total);
}

struct audit_walk {
	int (*row)(void *cls, const struct db_audit *e);
	void *cls;
};

/* One row of the walk, read through the same fill as a list's rows. */
static int
audit_walk_row(void *cls, const char *const *v, size_t ncols)
{
	struct audit_walk *w = cls;
	struct db_result one = {.nrows = 1, .ncols = ncols, .v = (const char **)v};
	struct db_audit e;

	fill_audit(&one, 0, &e);
	return w->row(w->cls, &e);
}

enum db_rc
db_audit_each(struct db *db, const struct db_audit_filter *f,
	      int (*row)(void *cls, const struct db_audit *e), void *cls)
{
	struct audit_walk w = {.row = row, .cls = cls};
	struct tree_range sr;

	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(f->scope ? sr.lo : NULL),
			       P_TEXT(f->scope ? sr.hi : NULL),
			       P_TEXT(f->actor),
			       P_TEXT(f->action),
			       P_TEXT(f->object_type),
			       P_TEXT(f->object_id),
			       P_INT(f->from),
			       P_INT(f->to),
			       P_INT(0),
			       P_INT(INT64_MAX),
			       P_INT(0)};
	db->err[0] = '\0';
	return db->ops->each(db->conn, (int)SQL_AUDIT_LIST, db_sql_text(SQL_AUDIT_LIST, db->is_pg),
			     p, NPARAMS(p), audit_walk_row, &w);
}
