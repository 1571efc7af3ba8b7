/* db/task_view: the storage side of the task views — the list in parts, the matrix of tasks and
 * a unit's children, overdue assignments and a unit's timeline. */
#include "db/db.h"

#include <stdbool.h>
#include <string.h>

#include "db/store.h"

/* A subtree of at least this many units is large: its overdue list walks the tasks first. At
 * about a thousand units, both ways read alike on the generated 50,000 (docs/bench.md). */
#define TASK_SCOPE_LARGE 2000

static void
fill_task(const struct db_result *r, size_t i, void *dst)
{
	read_task(r, i, 0, dst);
}

static void
fill_cell(const struct db_result *r, size_t i, void *dst)
{
	read_task_cell(r, i, 0, dst);
}

enum db_rc
db_task_list_part(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
		  int64_t limit, int64_t offset, struct db_task **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(campaign_id), P_INT(limit),
			       P_INT(offset)};
	rc = db_run_rows(db, SQL_TASK_LIST_WHOLE, p, NPARAMS(p), a, sizeof(**out), fill_task, &rows,
			 n);
	*out = rows;
	return rc;
}

/* A task of the matrix's page with the number of tasks in the whole matrix beside it. */
struct matrix_row {
	struct db_task task;
	int64_t total;
};

static void
fill_matrix_row(const struct db_result *r, size_t i, void *dst)
{
	struct matrix_row *m = dst;

	m->total = db_ival(r, i, read_task(r, i, 0, &m->task));
}

enum db_rc
db_task_matrix(struct db *db, struct arena *a, const char *scope, int64_t parent_id,
	       int64_t campaign_id, int64_t limit, int64_t offset, struct db_task **tasks,
	       size_t *ntasks, int64_t *total, struct db_task_cell **cells, size_t *ncells)
{
	struct tree_range sr;
	void *rows = NULL, *crows = NULL;
	struct matrix_row *m;
	enum db_rc rc;
	size_t i;

	*tasks = NULL;
	*cells = NULL;
	*ntasks = *ncells = 0;
	*total = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(parent_id),   P_TEXT(sr.lo), P_TEXT(sr.hi),
			       P_INT(campaign_id), P_INT(limit),  P_INT(offset)};
	/* The page carries the count, so the children's assignments are read once; a page past
	 * the end has no row to carry it. */
	rc = db_run_rows(db, SQL_TASK_MATRIX_TASKS, p, NPARAMS(p), a, sizeof(*m), fill_matrix_row,
			 &rows, ntasks);
	if (rc != DB_OK)
		return rc;
	if (*ntasks == 0)
		return offset > 0 ? db_run_int(db, SQL_TASK_MATRIX_COUNT, p, 4, total) : DB_OK;
	m = rows;
	*tasks = arena_alloc(a, *ntasks * sizeof(**tasks));
	if (*tasks == NULL)
		return DB_ERR;
	for (i = 0; i < *ntasks; i++)
		(*tasks)[i] = m[i].task;
	*total = m[0].total;
	/* The cells of exactly this page: the tasks from its first to its last in list order. */
	const struct db_task *first = &(*tasks)[0], *last = &(*tasks)[*ntasks - 1];
	struct db_param c[] = {P_INT(parent_id),       P_TEXT(sr.lo),		P_TEXT(sr.hi),
			       P_INT(campaign_id),     P_TEXT(first->due_date), P_INT(first->id),
			       P_TEXT(last->due_date), P_INT(last->id)};
	rc = db_run_rows(db, SQL_TASK_MATRIX_CELLS, c, NPARAMS(c), a, sizeof(**cells), fill_cell,
			 &crows, ncells);
	*cells = crows;
	return rc;
}

enum db_rc
db_task_overdue(struct db *db, struct arena *a, const char *scope, const char *path,
		int64_t campaign_id, const char *today, int64_t limit, int64_t offset,
		struct db_task_cell **out, size_t *n, int64_t *total)
{
	struct tree_range sr, ur;
	void *rows = NULL;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK || path == NULL ||
	    db_scope_range(db, path, &ur) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),
			       P_TEXT(sr.hi),
			       P_TEXT(ur.lo),
			       P_TEXT(ur.hi),
			       P_TEXT(today),
			       P_INT(campaign_id),
			       P_INT(DB_TASK_OVERDUE_COUNT_MAX + 1),
			       P_INT(offset)};
	/* Over a large subtree, the tasks past due in due order and each one's assignments read
	 * least; over a small one, the subtree's own assignments. */
	struct db_param q[] = {P_TEXT(ur.lo), P_TEXT(ur.hi), P_INT(TASK_SCOPE_LARGE)};
	int64_t units = 0, whole = 0;
	rc = db_run_int(db, SQL_TASK_SCOPE_UNITS, q, NPARAMS(q), &units);
	bool large = units >= TASK_SCOPE_LARGE;
	/* Over every unit (the root's), no unit is looked up to be kept: only the page's. */
	struct db_param w[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(ur.lo), P_TEXT(ur.hi)};
	if (rc == DB_OK && large)
		rc = db_run_int(db, SQL_TASK_SCOPE_WHOLE, w, NPARAMS(w), &whole);
	if (rc == DB_OK && whole == 1) {
		struct db_param e[] = {P_TEXT(today), P_INT(campaign_id),
				       P_INT(DB_TASK_OVERDUE_COUNT_MAX + 1), P_INT(offset)};
		rc = db_run_int(db, SQL_TASK_OVERDUE_WHOLE_COUNT, e, 3, total);
		e[2] = P_INT(limit);
		if (rc == DB_OK)
			rc = db_run_rows(db, SQL_TASK_OVERDUE_WHOLE, e, NPARAMS(e), a,
					 sizeof(**out), fill_cell, &rows, n);
		*out = rows;
		return rc;
	}
	if (rc == DB_OK)
		rc = db_run_int(db, large ? SQL_TASK_OVERDUE_BY_TASK_COUNT : SQL_TASK_OVERDUE_COUNT,
				p, 7, total);
	p[6] = P_INT(limit);
	if (rc == DB_OK)
		rc = db_run_rows(db, large ? SQL_TASK_OVERDUE_BY_TASK : SQL_TASK_OVERDUE, p,
				 NPARAMS(p), a, sizeof(**out), fill_cell, &rows, n);
	*out = rows;
	return rc;
}

enum db_rc
db_task_timeline(struct db *db, struct arena *a, const char *scope, int64_t org_id,
		 int64_t campaign_id, int64_t limit, struct db_task_cell **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(org_id), P_INT(campaign_id),
			       P_INT(limit)};
	rc = db_run_rows(db, SQL_TASK_TIMELINE, p, NPARAMS(p), a, sizeof(**out), fill_cell, &rows,
			 n);
	*out = rows;
	return rc;
}
