/* db/file_owner: evidence files of progress reports and rectifications, and files of any owner
 * as a reader within its scope may download them. */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_file(const struct db_result *r, size_t i, void *dst)
{
	struct db_file *out = dst;

	memset(out, 0, sizeof(*out));
	read_file(r, i, 0, out);
}

static void
fill_progress(const struct db_result *r, size_t i, void *dst)
{
	read_task_progress(r, i, 0, dst);
}

enum db_rc
db_file_owned_insert(struct db *db, const struct db_file *f, int64_t *id)
{
	if ((f->progress_id != 0) == (f->rectification_id != 0))
		return DB_ERR;
	struct db_param p[] = {P_ID(f->progress_id), P_ID(f->rectification_id),
			       P_TEXT(f->name),	     P_TEXT(f->media_type),
			       P_INT(f->size),	     P_TEXT(f->sha256),
			       P_ID(f->uploaded_by), P_TEXT(f->uploaded_by_name),
			       P_INT(f->uploaded_at)};
	return db_run_int(db, SQL_FILE_OWNED_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_file_any_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_file *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	return db_run_first(db, SQL_FILE_ANY_GET, p, NPARAMS(p), a, sizeof(*out), fill_file, out);
}

static enum db_rc
list_of(struct db *db, struct arena *a, enum db_sql stmt, int64_t owner, struct db_file **out,
	size_t *n)
{
	struct db_param p[] = {P_INT(owner)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, stmt, p, NPARAMS(p), a, sizeof(**out), fill_file, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_file_progress_list(struct db *db, struct arena *a, int64_t progress_id, struct db_file **out,
		      size_t *n)
{
	return list_of(db, a, SQL_FILE_PROGRESS_LIST, progress_id, out, n);
}

enum db_rc
db_file_rect_list(struct db *db, struct arena *a, int64_t rect_id, struct db_file **out, size_t *n)
{
	return list_of(db, a, SQL_FILE_RECT_LIST, rect_id, out, n);
}

enum db_rc
db_task_progress_get(struct db *db, struct arena *a, int64_t task_id, int64_t id,
		     struct db_task_progress *out)
{
	struct db_param p[] = {P_INT(task_id), P_INT(id)};
	return db_run_first(db, SQL_TASK_PROGRESS_GET, p, NPARAMS(p), a, sizeof(*out),
			    fill_progress, out);
}
