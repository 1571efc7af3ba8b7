/* db/plan: plans (sub-tasks under a task), their lights, adjustments of assignments, the parent's
 * light rule of a campaign, and the records that carry out a task. */
#include "db/db.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "db/store.h"

/* 0 is "none": NULL in the table. */
#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_task(const struct db_result *r, size_t i, void *dst)
{
	read_task(r, i, 0, dst);
}

static void
fill_adjustment(const struct db_result *r, size_t i, void *dst)
{
	read_task_adjustment(r, i, 0, dst);
}

static void
fill_record(const struct db_result *r, size_t i, void *dst)
{
	read_record(r, i, 0, dst);
}

enum db_rc
db_subtask_insert(struct db *db, const struct db_task *t, int64_t *id)
{
	struct db_param p[] = {
	    P_INT(t->assigner_org_id), P_ID(t->campaign_id), P_ID(t->parent_id),
	    P_TEXT(t->title),	       P_TEXT(t->paragraph), P_TEXT(t->section_path),
	    P_TEXT(t->start_date),     P_TEXT(t->due_date),  P_ID(t->created_by),
	    P_INT(t->created_at),      P_TEXT(t->milestone)};
	return db_run_int(db, SQL_SUBTASK_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_subtask_list(struct db *db, struct arena *a, const char *scope, int64_t parent_id,
		int64_t org_id, int64_t limit, int64_t offset, struct db_task **out, size_t *n,
		int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(0),	   P_INT(parent_id),
			       P_INT(org_id), P_INT(limit),  P_INT(offset)};
	return db_run_page(db, SQL_SUBTASK_COUNT, 5, SQL_SUBTASK_LIST, p, NPARAMS(p), a,
			   sizeof(**out), fill_task, (void **)out, n, total);
}

static void
fill_node(const struct db_result *r, size_t i, void *dst)
{
	read_plan_node(r, i, 0, dst);
}

enum db_rc
db_task_plan_tree(struct db *db, struct arena *a, const char *scope, const int64_t *roots,
		  size_t nroots, struct db_plan_node **out, size_t *n)
{
	struct tree_range sr;
	struct buf ids;
	void *rows = NULL;
	enum db_rc rc;
	size_t i;

	*out = NULL;
	*n = 0;
	if (nroots == 0)
		return DB_OK;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	/* The roots as one bound JSON array: one statement for any number of them. */
	buf_init(&ids);
	buf_putc(&ids, '[');
	for (i = 0; i < nroots; i++)
		buf_printf(&ids, "%s%lld", i > 0 ? "," : "", (long long)roots[i]);
	buf_putc(&ids, ']');
	if (ids.err) {
		buf_free(&ids);
		return DB_ERR;
	}
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(buf_cstr(&ids))};
	rc = db_run_rows(db, SQL_TASK_PLAN_TREE, p, NPARAMS(p), a, sizeof(**out), fill_node, &rows,
			 n);
	buf_free(&ids);
	*out = rows;
	return rc;
}

enum db_rc
db_task_unit_set_due(struct db *db, int64_t task_id, int64_t org_id, const char *due, int64_t now)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_TEXT(due), P_INT(now)};
	return db_run(db, SQL_TASK_UNIT_SET_DUE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_task_unit_set_na(struct db *db, int64_t task_id, int64_t org_id, int64_t now)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_INT(now)};
	/* The matrix's sums are kept beside the counts (db/task_count.c). */
	enum db_rc rc = db_task_count_unit_out(db, task_id, org_id);

	if (rc == DB_OK)
		rc = db_run(db, SQL_TASK_UNIT_SET_NA, p, NPARAMS(p), NULL, NULL);
	return rc == DB_OK ? db_task_count_unit_in(db, task_id, org_id) : rc;
}

enum db_rc
db_task_set_title(struct db *db, int64_t id, const char *title, int64_t now)
{
	struct db_param p[] = {P_INT(id), P_TEXT(title), P_INT(now)};
	return db_run(db, SQL_TASK_SET_TITLE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_adjust_insert(struct db *db, const struct db_task_adjustment *j, int64_t *id)
{
	struct db_param p[] = {P_INT(j->task_id), P_INT(j->org_id),	    P_TEXT(j->kind),
			       P_TEXT(j->value),  P_TEXT(j->old_value),	    P_TEXT(j->reason),
			       P_ID(j->asked_by), P_TEXT(j->asked_by_name), P_INT(j->asked_at)};
	return db_run_int(db, SQL_ADJUST_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_adjust_get(struct db *db, struct arena *a, int64_t task_id, int64_t id,
	      struct db_task_adjustment *out)
{
	struct db_param p[] = {P_INT(task_id), P_INT(id)};
	return db_run_first(db, SQL_ADJUST_GET, p, NPARAMS(p), a, sizeof(*out), fill_adjustment,
			    out);
}

enum db_rc
db_adjust_list(struct db *db, struct arena *a, const char *scope, int64_t task_id, int64_t limit,
	       int64_t offset, struct db_task_adjustment **out, size_t *n, int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(task_id), P_INT(limit),
			       P_INT(offset)};
	return db_run_page(db, SQL_ADJUST_COUNT, 3, SQL_ADJUST_LIST, p, NPARAMS(p), a,
			   sizeof(**out), fill_adjustment, (void **)out, n, total);
}

enum db_rc
db_adjust_answer(struct db *db, int64_t id, const char *state, const char *answer, int64_t by,
		 const char *by_name, int64_t now, bool *done)
{
	struct db_param p[] = {P_INT(id), P_TEXT(state),   P_TEXT(answer),
			       P_ID(by),  P_TEXT(by_name), P_INT(now)};
	int64_t got = 0;
	enum db_rc rc = db_run_int(db, SQL_ADJUST_ANSWER, p, NPARAMS(p), &got);

	*done = rc == DB_OK && got == id;
	return rc;
}

enum db_rc
db_campaign_set_light_rule(struct db *db, int64_t id, const char *rule, int64_t share)
{
	struct db_param p[] = {P_INT(id), P_TEXT(rule), P_INT(share)};
	return db_run(db, SQL_CAMPAIGN_SET_LIGHT_RULE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_record_set_task(struct db *db, int64_t record_id, int64_t task_id)
{
	struct db_param p[] = {P_INT(record_id), P_ID(task_id)};
	return db_run(db, SQL_RECORD_SET_TASK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_task_covers(struct db *db, int64_t task_id, const char *path, bool *covers)
{
	struct db_param p[] = {P_INT(task_id), P_TEXT(path)};
	int64_t n = 0;
	enum db_rc rc = db_run_int(db, SQL_TASK_COVERS, p, NPARAMS(p), &n);

	*covers = rc == DB_OK && n > 0;
	return rc;
}

enum db_rc
db_task_records(struct db *db, struct arena *a, const char *scope, int64_t org_id, int64_t task_id,
		int64_t limit, int64_t offset, struct db_record **out, size_t *n, int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),  P_TEXT(sr.hi), P_INT(org_id),
			       P_INT(task_id), P_INT(limit),  P_INT(offset)};
	return db_run_page(db, SQL_TASK_RECORDS_COUNT, 4, SQL_TASK_RECORDS, p, NPARAMS(p), a,
			   sizeof(**out), fill_record, (void **)out, n, total);
}
