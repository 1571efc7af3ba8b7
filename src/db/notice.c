/* db/notice: notices (消息) to units and accounts, their read receipts, and the reminders (催办) of
 * task assignments. */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

/* 0 is "none": NULL in the table. */
#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_notice(const struct db_result *r, size_t i, void *dst)
{
	read_notice(r, i, 0, dst);
}

static void
fill_notice_read(const struct db_result *r, size_t i, void *dst)
{
	read_notice_read(r, i, 0, dst);
}

static void
fill_reminder(const struct db_result *r, size_t i, void *dst)
{
	read_reminder(r, i, 0, dst);
}

static void
fill_due(const struct db_result *r, size_t i, void *dst)
{
	read_due(r, i, 0, dst);
}

enum db_rc
db_notice_insert(struct db *db, const struct db_notice *n, int64_t *id)
{
	struct db_param p[] = {P_INT(n->org_id),       P_ID(n->user_id),     P_TEXT(n->kind),
			       P_TEXT(n->title),       P_TEXT(n->body),	     P_TEXT(n->link),
			       P_ID(n->task_id),       P_ID(n->order_id),    P_ID(n->sender_org_id),
			       P_TEXT(n->sender_name), P_INT(n->created_at), P_TEXT(n->dedup_key)};
	*id = 0;
	return db_run_int(db, SQL_NOTICE_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_notice_sign_requests(struct db *db, int64_t task_id, const struct db_notice *n)
{
	struct db_param p[] = {P_INT(task_id),	    P_TEXT(n->title),	    P_TEXT(n->body),
			       P_TEXT(n->link),	    P_ID(n->sender_org_id), P_TEXT(n->sender_name),
			       P_INT(n->created_at)};
	return db_run(db, SQL_NOTICE_SIGN_REQUESTS, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_notice_list(struct db *db, struct arena *a, int64_t org_id, int64_t user_id, bool unread_only,
	       int64_t limit, int64_t offset, struct db_notice **out, size_t *n, int64_t *total)
{
	struct db_param p[] = {P_INT(org_id), P_INT(user_id), P_INT(unread_only ? 1 : 0),
			       P_INT(limit), P_INT(offset)};
	void *rows = NULL;
	enum db_rc rc = db_run_int(db, SQL_NOTICE_COUNT, p, 3, total);

	if (rc == DB_OK)
		rc = db_run_rows(db, SQL_NOTICE_LIST, p, NPARAMS(p), a, sizeof(**out), fill_notice,
				 &rows, n);
	*out = rows;
	return rc;
}

enum db_rc
db_notice_unread(struct db *db, int64_t org_id, int64_t user_id, int64_t *count)
{
	struct db_param p[] = {P_INT(org_id), P_INT(user_id)};
	*count = 0;
	return db_run_int(db, SQL_NOTICE_UNREAD, p, NPARAMS(p), count);
}

enum db_rc
db_notice_get(struct db *db, struct arena *a, int64_t id, int64_t user_id, struct db_notice *out)
{
	struct db_param p[] = {P_INT(id), P_INT(user_id)};
	return db_run_first(db, SQL_NOTICE_GET, p, NPARAMS(p), a, sizeof(*out), fill_notice, out);
}

enum db_rc
db_notice_mark_read(struct db *db, int64_t id, int64_t user_id, int64_t now)
{
	struct db_param p[] = {P_INT(id), P_INT(user_id), P_INT(now)};
	return db_run(db, SQL_NOTICE_MARK_READ, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_notice_reads(struct db *db, struct arena *a, int64_t id, struct db_notice_read **out, size_t *n)
{
	struct db_param p[] = {P_INT(id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_NOTICE_READS, p, NPARAMS(p), a, sizeof(**out),
				    fill_notice_read, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_notice_key_exists(struct db *db, const char *key, bool *exists)
{
	struct db_param p[] = {P_TEXT(key)};
	int64_t count = 0;
	enum db_rc rc = db_run_int(db, SQL_NOTICE_KEY, p, NPARAMS(p), &count);

	*exists = rc == DB_OK && count > 0;
	return rc;
}

enum db_rc
db_due_list(struct db *db, struct arena *a, int64_t org_id, const char *until, struct db_due **out,
	    size_t *n)
{
	struct db_param p[] = {P_TEXT(until), P_INT(org_id)};
	void *rows = NULL;
	enum db_rc rc =
	    db_run_rows(db, SQL_DUE_LIST, p, NPARAMS(p), a, sizeof(**out), fill_due, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_reminder_insert(struct db *db, const struct db_reminder *r)
{
	struct db_param p[] = {
	    P_INT(r->task_id), P_INT(r->org_id),   P_INT(r->notice_id), P_INT(r->automatic ? 1 : 0),
	    P_TEXT(r->text),   P_TEXT(r->by_name), P_INT(r->at)};
	return db_run(db, SQL_REMINDER_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_reminder_list(struct db *db, struct arena *a, const char *scope, int64_t task_id, int64_t limit,
		 struct db_reminder **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(task_id), P_INT(limit)};
	rc = db_run_rows(db, SQL_REMINDER_LIST, p, NPARAMS(p), a, sizeof(**out), fill_reminder,
			 &rows, n);
	*out = rows;
	return rc;
}
