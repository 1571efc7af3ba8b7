/* db/setting: the settings table (policy values and version counters). */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* Settings */

enum db_rc
db_setting_bump(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run(db, SQL_SETTING_BUMP, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_setting_counter(struct db *db, const char *key, int64_t *value)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run_int(db, SQL_SETTING_INT, p, NPARAMS(p), value);
}

enum db_rc
db_setting_get(struct db *db, struct arena *a, const char *key, const char **value)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_result r;
	enum db_rc rc = db_run_one(db, SQL_SETTING_GET, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	*value = db_val(&r, 0, 0);
	return DB_OK;
}

enum db_rc
db_setting_put(struct db *db, const char *key, const char *value)
{
	struct db_param p[] = {P_TEXT(key), P_TEXT(value)};
	return db_run(db, SQL_SETTING_PUT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_setting_list(struct db *db, struct arena *a, const char ***keys, const char ***values, size_t *n)
{
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_SETTING_LIST, NULL, 0, a, &r);
	size_t i;

	*n = 0;
	if (rc != DB_OK)
		return rc;
	*keys = arena_alloc(a, (r.nrows + 1) * sizeof(char *));
	*values = arena_alloc(a, (r.nrows + 1) * sizeof(char *));
	if (*keys == NULL || *values == NULL)
		return DB_ERR;
	for (i = 0; i < r.nrows; i++) {
		(*keys)[i] = db_val(&r, i, 0);
		(*values)[i] = db_val(&r, i, 1);
	}
	*n = r.nrows;
	return DB_OK;
}
