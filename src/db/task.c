/* db/task: tasks, their assignments to units and the progress reported on them. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* 0 is "none": NULL in the table. */
#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_task(const struct db_result *r, size_t i, void *dst)
{
	read_task(r, i, 0, dst);
}

static void
fill_task_unit(const struct db_result *r, size_t i, void *dst)
{
	read_task_unit(r, i, 0, dst);
}

static void
fill_progress(const struct db_result *r, size_t i, void *dst)
{
	read_task_progress(r, i, 0, dst);
}

enum db_rc
db_task_insert(struct db *db, const struct db_task *t, int64_t *id)
{
	struct db_param p[] = {P_INT(t->assigner_org_id), P_ID(t->campaign_id),
			       P_ID(t->parent_id),	  P_TEXT(t->title),
			       P_TEXT(t->paragraph),	  P_TEXT(t->section_path),
			       P_TEXT(t->start_date),	  P_TEXT(t->due_date),
			       P_ID(t->created_by),	  P_INT(t->created_at)};
	return db_run_int(db, SQL_TASK_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_task_assign(struct db *db, int64_t task_id, int64_t org_id, const char *role, int64_t now)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_TEXT(role), P_INT(now)};
	enum db_rc rc = db_run(db, SQL_TASK_UNIT_INSERT, p, NPARAMS(p), NULL, NULL);

	return rc == DB_OK ? db_task_count_add(db, task_id, org_id) : rc;
}

enum db_rc
db_task_assign_kind(struct db *db, int64_t task_id, int64_t assigner_id, const char *assigner_path,
		    const char *kind, int64_t now)
{
	struct tree_range sr;

	if (db_scope_range(db, assigner_path, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(task_id),	   P_INT(now),	  P_TEXT(kind),
			       P_INT(assigner_id), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	enum db_rc rc = db_run(db, SQL_TASK_UNIT_INSERT_KIND, p, NPARAMS(p), NULL, NULL);

	return rc == DB_OK ? db_task_count_task(db, task_id) : rc;
}

enum db_rc
db_task_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_task *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(0), P_INT(id)};
	return db_run_first(db, SQL_TASK_GET, p, NPARAMS(p), a, sizeof(*out), fill_task, out);
}

enum db_rc
db_task_list(struct db *db, struct arena *a, const char *scope, int64_t campaign_id, int64_t limit,
	     int64_t offset, struct db_task **out, size_t *n, int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(campaign_id), P_INT(limit),
			       P_INT(offset)};
	return db_run_page(db, SQL_TASK_COUNT, 3, SQL_TASK_LIST, p, NPARAMS(p), a, sizeof(**out),
			   fill_task, (void **)out, n, total);
}

enum db_rc
db_task_units(struct db *db, struct arena *a, const char *scope, int64_t task_id, int64_t limit,
	      int64_t offset, struct db_task_unit **out, size_t *n, int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(task_id), P_INT(limit),
			       P_INT(offset)};
	return db_run_page(db, SQL_TASK_UNITS_COUNT, 3, SQL_TASK_UNITS, p, NPARAMS(p), a,
			   sizeof(**out), fill_task_unit, (void **)out, n, total);
}

enum db_rc
db_task_unit_get(struct db *db, struct arena *a, int64_t task_id, int64_t org_id,
		 struct db_task_unit *out)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id)};
	return db_run_first(db, SQL_TASK_UNIT_GET, p, NPARAMS(p), a, sizeof(*out), fill_task_unit,
			    out);
}

enum db_rc
db_task_sign(struct db *db, int64_t task_id, int64_t org_id, int64_t user_id, int64_t now,
	     bool *done)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_ID(user_id), P_INT(now)};
	int64_t signed_org = 0;
	enum db_rc rc = db_task_count_unit_out(db, task_id, org_id);

	if (rc == DB_OK)
		rc = db_run_int(db, SQL_TASK_UNIT_SIGN, p, NPARAMS(p), &signed_org);
	if (rc == DB_OK)
		rc = db_task_count_unit_in(db, task_id, org_id);
	*done = rc == DB_OK && signed_org == org_id;
	return rc;
}

enum db_rc
db_task_progress(struct db *db, struct db_task_progress *pr, bool *done)
{
	struct db_param up[] = {P_INT(pr->task_id), P_INT(pr->org_id), P_INT(pr->percent),
				P_INT(pr->at)};
	struct db_param ins[] = {
	    P_INT(pr->task_id),	  P_INT(pr->org_id),	  P_INT(pr->percent), P_TEXT(pr->text),
	    P_ID(pr->by_user),	  P_TEXT(pr->by_name),	  P_INT(pr->at),      P_TEXT(pr->milestone),
	    P_TEXT(pr->problems), P_TEXT(pr->help_needed)};
	int64_t org = 0;
	enum db_rc rc = db_task_count_unit_out(db, pr->task_id, pr->org_id);

	if (rc == DB_OK)
		rc = db_run_int(db, SQL_TASK_UNIT_PROGRESS, up, NPARAMS(up), &org);
	if (rc == DB_OK)
		rc = db_task_count_unit_in(db, pr->task_id, pr->org_id);
	*done = rc == DB_OK && org == pr->org_id;
	if (rc == DB_OK && *done)
		rc = db_run_int(db, SQL_TASK_PROGRESS_INSERT, ins, NPARAMS(ins), &pr->id);
	return rc;
}

enum db_rc
db_task_progress_list(struct db *db, struct arena *a, int64_t task_id, int64_t org_id,
		      int64_t limit, struct db_task_progress **out, size_t *n)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_INT(limit)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_TASK_PROGRESS_LIST, p, NPARAMS(p), a, sizeof(**out),
				    fill_progress, &rows, n);

	*out = rows;
	return rc;
}
