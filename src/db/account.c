/* db/account: users, sessions and tokens, and the login throttle. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* Users */

static void
fill_user(const struct db_result *r, size_t i, void *dst)
{
	read_user(r, i, 0, dst);
}

enum db_rc
db_user_insert(struct db *db, int64_t org_id, const char *username, const char *display_name,
	       const char *role, const char *pw_hash, int64_t now, int64_t *id)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(username), P_TEXT(display_name),
			       P_TEXT(role),  P_TEXT(pw_hash),	P_INT(now)};
	return db_run_int(db, SQL_USER_INSERT, p, NPARAMS(p), id);
}

static enum db_rc
user_one(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	 struct db_user *out)
{
	struct db_result r;
	enum db_rc rc = db_run_one(db, id, p, np, a, &r);

	if (rc != DB_OK)
		return rc;
	fill_user(&r, 0, out);
	return DB_OK;
}

enum db_rc
db_user_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_user *out)
{
	struct tree_range sr;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(id), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return user_one(db, a, SQL_USER_GET, p, NPARAMS(p), out);
}

enum db_rc
db_user_by_name(struct db *db, struct arena *a, const char *username, struct db_user *out)
{
	struct db_param p[] = {P_TEXT(username)};
	return user_one(db, a, SQL_USER_BY_NAME, p, NPARAMS(p), out);
}

enum db_rc
db_user_update(struct db *db, int64_t id, int64_t org_id, const char *display_name,
	       const char *role, int disabled, int64_t now)
{
	struct db_param p[] = {P_INT(id),    P_INT(org_id),   P_TEXT(display_name),
			       P_TEXT(role), P_INT(disabled), P_INT(now)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_USER_UPDATE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

enum db_rc
db_user_set_password(struct db *db, int64_t id, const char *pw_hash, int64_t now)
{
	struct db_param p[] = {P_INT(id), P_TEXT(pw_hash), P_INT(now)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_USER_SET_PASSWORD, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

enum db_rc
db_user_list(struct db *db, struct arena *a, const char *scope, int64_t org_id, const char *q,
	     int64_t limit, int64_t offset, struct db_user **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	char *pat = NULL;
	void *rows = NULL;
	enum db_rc rc;

	*n = 0;
	if (q != NULL && *q != '\0' && (pat = db_like_pattern(a, q)) == NULL)
		return DB_ERR;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(org_id),
			       P_TEXT(pat),   P_INT(limit),  P_INT(offset)};
	rc = db_run_rows(db, SQL_USER_LIST, p, NPARAMS(p), a, sizeof(**out), fill_user, &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return db_run_int(db, SQL_USER_COUNT, p, 4, total);
}

/* Sessions */

enum db_rc
db_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *kind,
		  const char *csrf, const char *label, const char *client, int64_t now,
		  int64_t expires_at, int64_t *id)
{
	struct db_param p[] = {P_TEXT(token_hash), P_INT(user_id), P_TEXT(kind), P_TEXT(csrf),
			       P_TEXT(label),	   P_TEXT(client), P_INT(now),	 P_INT(expires_at)};
	return db_run_int(db, SQL_SESSION_INSERT, p, NPARAMS(p), id);
}

static void
fill_session(const struct db_result *r, size_t i, void *dst)
{
	read_session(r, i, 0, dst);
}

enum db_rc
db_session_lookup(struct db *db, struct arena *a, const char *token_hash, struct db_session *out,
		  struct db_user *user)
{
	struct db_param p[] = {P_TEXT(token_hash)};
	struct db_result r;
	enum db_rc rc = db_run_one(db, SQL_SESSION_LOOKUP, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	if (user != NULL)
		read_user(&r, 0, read_session(&r, 0, 0, out),
			  user); /* after the session's columns */
	else
		read_session(&r, 0, 0, out);
	return DB_OK;
}

enum db_rc
db_session_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_param p[] = {P_INT(id), P_INT(now)};
	return db_run(db, SQL_SESSION_TOUCH, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_delete(struct db *db, int64_t id)
{
	struct db_param p[] = {P_INT(id)};
	return db_run(db, SQL_SESSION_DELETE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_delete_user(struct db *db, int64_t user_id, int64_t keep_id)
{
	struct db_param p[] = {P_INT(user_id), P_INT(keep_id)};
	return db_run(db, SQL_SESSION_DELETE_USER, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_purge(struct db *db, int64_t now)
{
	struct db_param p[] = {P_INT(now)};
	return db_run(db, SQL_SESSION_PURGE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_token_list(struct db *db, struct arena *a, int64_t user_id, struct db_session **out, size_t *n)
{
	struct db_param p[] = {P_INT(user_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_TOKEN_LIST, p, NPARAMS(p), a, sizeof(**out),
				    fill_session, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_token_delete(struct db *db, int64_t id, int64_t user_id)
{
	struct db_param p[] = {P_INT(id), P_INT(user_id)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_TOKEN_DELETE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Throttling */

static void
fill_throttle(const struct db_result *r, size_t i, const char *key, struct db_throttle *t)
{
	t->key = key;
	t->failures = db_ival(r, i, 0);
	t->window_start = db_ival(r, i, 1);
	t->locked_until = db_ival(r, i, 2);
	t->blocked = db_ival(r, i, 3);
}

enum db_rc
db_throttle_get(struct db *db, struct arena *a, const char *key, struct db_throttle *out)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_result r;
	enum db_rc rc = db_run_one(db, SQL_THROTTLE_GET, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	fill_throttle(&r, 0, key, out);
	return DB_OK;
}

static enum db_rc
throttle_count(struct db *db, enum db_sql id, struct arena *a, const char *key, int64_t now,
	       int64_t window_floor, struct db_throttle *out)
{
	struct db_param p[] = {P_TEXT(key), P_INT(now), P_INT(window_floor)};
	struct db_result r;
	enum db_rc rc = db_run(db, id, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	if (r.nrows != 1)
		return DB_ERR;
	fill_throttle(&r, 0, key, out);
	return DB_OK;
}

enum db_rc
db_throttle_fail(struct db *db, struct arena *a, const char *key, int64_t now, int64_t window_floor,
		 struct db_throttle *out)
{
	return throttle_count(db, SQL_THROTTLE_FAIL, a, key, now, window_floor, out);
}

enum db_rc
db_throttle_fail_locking(struct db *db, struct arena *a, const char *key, int64_t now,
			 int64_t window_floor, struct db_throttle *out)
{
	return throttle_count(db, SQL_THROTTLE_FAIL_LOCKING, a, key, now, window_floor, out);
}

enum db_rc
db_throttle_lock(struct db *db, const char *key, int64_t until)
{
	struct db_param p[] = {P_TEXT(key), P_INT(until)};
	return db_run(db, SQL_THROTTLE_LOCK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_throttle_clear(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run(db, SQL_THROTTLE_CLEAR, p, NPARAMS(p), NULL, NULL);
}

static void
fill_lock(const struct db_result *r, size_t i, void *dst)
{
	struct db_throttle *t = dst;

	t->key = db_val(r, i, 0);
	t->failures = db_ival(r, i, 1);
	t->window_start = 0;
	t->locked_until = db_ival(r, i, 2);
	t->blocked = 0;
}

enum db_rc
db_throttle_locked(struct db *db, struct arena *a, int64_t now, struct db_throttle **out, size_t *n)
{
	struct db_param p[] = {P_INT(now)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_THROTTLE_LOCKED, p, NPARAMS(p), a, sizeof(**out),
				    fill_lock, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_throttle_claim(struct db *db, const char *key, int64_t now, int64_t until, bool *claimed)
{
	struct db_param p[] = {P_TEXT(key), P_INT(until), P_INT(now)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_THROTTLE_CLAIM, p, NPARAMS(p), NULL, &r);

	*claimed = rc == DB_OK && r.changes == 1;
	return rc;
}

enum db_rc
db_throttle_block(struct db *db, const char *key, int64_t *blocked)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run_int(db, SQL_THROTTLE_BLOCK, p, NPARAMS(p), blocked);
}

enum db_rc
db_throttle_unblock(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run(db, SQL_THROTTLE_UNBLOCK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_throttle_refund(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return db_run(db, SQL_THROTTLE_REFUND, p, NPARAMS(p), NULL, NULL);
}

static void
fill_account_row(const struct db_result *r, size_t i, void *dst)
{
	struct db_throttle *t = dst;
	const char *key = db_val(r, i, 0);
	struct db_result shifted = *r;

	/* The same columns as a throttle read, one to the right. */
	shifted.v = r->v + 1;
	fill_throttle(&shifted, i, key, t);
}

enum db_rc
db_throttle_account(struct db *db, struct arena *a, const char *username, struct db_throttle **out,
		    size_t *n)
{
	const char *key = arena_printf(a, "user:%s", username);
	const char *prefix = arena_printf(a, "user:%s@", username);
	void *rows = NULL;
	enum db_rc rc;

	*n = 0;
	if (key == NULL || prefix == NULL)
		return DB_ERR;
	{
		struct db_param p[] = {P_TEXT(key), P_TEXT(prefix)};
		rc = db_run_rows(db, SQL_THROTTLE_ACCOUNT, p, NPARAMS(p), a, sizeof(**out),
				 fill_account_row, &rows, n);
	}
	*out = rows;
	return rc;
}

enum db_rc
db_throttle_clear_account(struct db *db, const char *username)
{
	struct arena *a = arena_new();
	const char *key = a != NULL ? arena_printf(a, "user:%s", username) : NULL;
	const char *prefix = a != NULL ? arena_printf(a, "user:%s@", username) : NULL;
	enum db_rc rc = DB_ERR;

	if (key != NULL && prefix != NULL) {
		struct db_param p[] = {P_TEXT(key), P_TEXT(prefix)};
		rc = db_run(db, SQL_THROTTLE_CLEAR_ACCOUNT, p, NPARAMS(p), NULL, NULL);
	}
	arena_free(a);
	return rc;
}

enum db_rc
db_login_seen(struct db *db, const char *username, const char *client, int64_t *at)
{
	struct db_param p[] = {P_TEXT(username), P_TEXT(client)};
	struct arena *a = arena_new();
	struct db_result r;
	enum db_rc rc = DB_ERR;

	if (a != NULL)
		rc = db_run_one(db, SQL_LOGIN_SEEN_GET, p, NPARAMS(p), a, &r);
	if (rc == DB_OK)
		*at = db_ival(&r, 0, 0);
	arena_free(a);
	return rc;
}

enum db_rc
db_login_seen_put(struct db *db, const char *username, const char *client, int64_t now)
{
	struct db_param p[] = {P_TEXT(username), P_TEXT(client), P_INT(now)};
	return db_run(db, SQL_LOGIN_SEEN_PUT, p, NPARAMS(p), NULL, NULL);
}
