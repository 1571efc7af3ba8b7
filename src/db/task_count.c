/* db/task_count: the assignments of each unit's children counted per task (task_unit_counts),
 * with how many are 不适用, signed and done, kept in the transaction of every write that adds
 * or changes an assignment or moves a unit. */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

enum db_rc
db_task_count_add(struct db *db, int64_t task_id, int64_t org_id)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id)};
	return db_run(db, SQL_TASK_COUNT_ADD, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_task_count_task(struct db *db, int64_t task_id)
{
	struct db_param p[] = {P_INT(task_id)};
	return db_run(db, SQL_TASK_COUNT_TASK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_task_count_campaign(struct db *db, int64_t campaign_id)
{
	struct db_param p[] = {P_INT(campaign_id)};
	return db_run(db, SQL_TASK_COUNT_CAMPAIGN, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_task_count_move(struct db *db, int64_t org_id, int64_t old_parent, int64_t new_parent)
{
	enum db_rc rc = DB_OK;

	if (old_parent == new_parent)
		return DB_OK;
	if (old_parent != 0) {
		struct db_param p[] = {P_INT(org_id), P_INT(old_parent)};
		rc = db_run(db, SQL_TASK_COUNT_LEAVE, p, NPARAMS(p), NULL, NULL);
		if (rc == DB_OK)
			rc = db_run(db, SQL_TASK_COUNT_PRUNE, p + 1, 1, NULL, NULL);
	}
	if (rc == DB_OK && new_parent != 0) {
		struct db_param p[] = {P_INT(org_id), P_INT(new_parent)};
		rc = db_run(db, SQL_TASK_COUNT_JOIN, p, NPARAMS(p), NULL, NULL);
	}
	return rc;
}

enum db_rc
db_task_count_unit_out(struct db *db, int64_t task_id, int64_t org_id)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_INT(-1)};
	enum db_rc rc = db_run(db, SQL_TASK_COUNT_HOLD, p, 2, NULL, NULL);

	return rc == DB_OK ? db_run(db, SQL_TASK_COUNT_UNIT, p, NPARAMS(p), NULL, NULL) : rc;
}

enum db_rc
db_task_count_unit_in(struct db *db, int64_t task_id, int64_t org_id)
{
	struct db_param p[] = {P_INT(task_id), P_INT(org_id), P_INT(1)};
	return db_run(db, SQL_TASK_COUNT_UNIT, p, NPARAMS(p), NULL, NULL);
}

struct count_check_walk {
	int (*row)(void *cls, int64_t org_id, int64_t task_id, const struct db_task_counts *want,
		   const struct db_task_counts *have);
	void *cls;
};

static int
count_check_row(void *cls, const char *const *v, size_t ncols)
{
	struct count_check_walk *w = cls;
	struct db_result one = {.nrows = 1, .ncols = ncols, .v = (const char **)v};
	struct db_task_counts want, have;

	if (ncols != 10)
		return 1;
	want = (struct db_task_counts){.n = db_ival(&one, 0, 2),
				       .na = db_ival(&one, 0, 4),
				       .signed_n = db_ival(&one, 0, 6),
				       .done = db_ival(&one, 0, 8)};
	have = (struct db_task_counts){.n = db_ival(&one, 0, 3),
				       .na = db_ival(&one, 0, 5),
				       .signed_n = db_ival(&one, 0, 7),
				       .done = db_ival(&one, 0, 9)};
	return w->row(w->cls, db_ival(&one, 0, 0), db_ival(&one, 0, 1), &want, &have);
}

enum db_rc
db_task_count_check_each(struct db *db,
			 int (*row)(void *cls, int64_t org_id, int64_t task_id,
				    const struct db_task_counts *want,
				    const struct db_task_counts *have),
			 void *cls)
{
	struct count_check_walk w = {.row = row, .cls = cls};

	db->err[0] = '\0';
	return db->ops->each(db->conn, (int)SQL_TASK_COUNT_CHECK,
			     db_sql_text(SQL_TASK_COUNT_CHECK, db->is_pg), NULL, 0, count_check_row,
			     &w);
}
