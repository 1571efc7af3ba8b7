/* db/bulk: loading many units and records at once, for generated databases. */
#include "db/db.h"

#include "db/store.h"

enum db_rc
db_bulk_org(struct db *db, const struct db_org *o, int64_t kind_id)
{
	struct db_param p[] = {
	    P_INT(o->id),	 o->parent_id ? P_INT(o->parent_id) : P_TEXT(NULL),
	    P_TEXT(o->code),	 P_TEXT(o->name),
	    P_INT(kind_id),	 P_TEXT(o->path),
	    P_INT(o->depth),	 P_INT(o->members),
	    P_INT(o->created_at)};
	return db_run(db, SQL_ORG_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_bulk_org_done(struct db *db)
{
	return db_run(db, SQL_BULK_ORG_DONE, NULL, 0, NULL, NULL);
}

enum db_rc
db_bulk_records(struct db *db, const char *rows_json)
{
	struct db_param p[] = {P_TEXT(rows_json)};
	return db_run(db, SQL_BULK_RECORDS, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_bulk_tasks(struct db *db, const char *rows_json, int64_t assigner_id, int64_t campaign_id,
	      int64_t created_at)
{
	struct db_param p[] = {P_TEXT(rows_json), P_INT(assigner_id), P_INT(campaign_id),
			       P_INT(created_at)};
	return db_run(db, SQL_BULK_TASKS, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_bulk_task_units(struct db *db, int64_t campaign_id, int64_t seed, int64_t share,
		   int64_t created_at, int64_t *n)
{
	struct db_param p[] = {P_INT(campaign_id), P_INT(seed % 2147483648), P_INT(share),
			       P_INT(created_at)};
	enum db_rc rc = db_run(db, SQL_BULK_TASK_UNITS, p, NPARAMS(p), NULL, NULL);

	*n = 0;
	if (rc == DB_OK)
		rc = db_task_count_campaign(db, campaign_id);
	return rc == DB_OK ? db_run_int(db, SQL_BULK_TASK_UNITS_COUNT, p, 1, n) : rc;
}
