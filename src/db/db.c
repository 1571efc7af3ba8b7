/* db: typed storage functions over the statement table, shared by both backends. */
#include "db/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"
#include "db/rows.h"
#include "db/schema.h"
#include "db/sql.h"
#include "base/str.h"
#include "base/tree.h"

struct db {
	const struct db_ops *ops;
	void *conn;
	int is_pg;
	struct db_gate *gate; /* SQLite: writers of this process take turns here */
	bool in_gate;
	char err[256];
	/* ROLLBACK's arena, made at open: a rollback must not need memory, or one failed
	 * allocation would leave the connection inside its transaction for good. It stays
	 * empty: ROLLBACK returns no rows. */
	struct arena *spare;
};

/*
 * SQLite lets one writer in at a time and makes the others poll, sleeping up
 * to 100 ms between tries: under many writers a write waits for a wake-up,
 * not for the lock, and the slowest wait a second. Writers of one process
 * queue on this mutex instead and enter as soon as the one before leaves;
 * the busy timeout still governs writers of other processes.
 */
struct db_gate {
	pthread_mutex_t lock;
};

struct db_gate *
db_gate_new(void)
{
	struct db_gate *g = calloc(1, sizeof(*g));

	if (g != NULL)
		pthread_mutex_init(&g->lock, NULL);
	return g;
}

void
db_gate_free(struct db_gate *g)
{
	if (g == NULL)
		return;
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void
db_set_gate(struct db *db, struct db_gate *g)
{
	db->gate = db->is_pg ? NULL : g;
}

/* Wait for the gate as long as SQLite would wait for the lock (10 s), then answer busy. */
static enum db_rc
gate_enter(struct db *db)
{
	struct timespec until;

	if (db->gate == NULL)
		return DB_OK;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	if (pthread_mutex_timedlock(&db->gate->lock, &until) != 0) {
		snprintf(db->err, sizeof(db->err), "waited 10 s for this process's other writers");
		return DB_BUSY;
	}
	db->in_gate = true;
	return DB_OK;
}

static void
gate_leave(struct db *db)
{
	if (!db->in_gate)
		return;
	db->in_gate = false;
	pthread_mutex_unlock(&db->gate->lock);
}

#define P_INT(x) ((struct db_param){.type = DBP_INT, .i = (x)})
#define P_TEXT(x) ((struct db_param){.type = (x) != NULL ? DBP_TEXT : DBP_NULL, .s = (x)})
#define NPARAMS(p) (sizeof(p) / sizeof((p)[0]))

static enum db_rc
open_db(const char *url, bool readonly, struct db **out, char *err, size_t errlen)
{
	struct db *db;
	enum db_rc rc;

	*out = NULL;
	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, "no database given (use --db or XUANGUAN_DB)");
		return DB_ERR;
	}
	db = calloc(1, sizeof(*db));
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	if (db_url_is_pg(url)) {
		db->ops = &db_pg_ops;
		db->is_pg = 1;
	} else {
		db->ops = &db_sqlite_ops;
	}
	db->spare = arena_new();
	rc = db->spare != NULL ? db->ops->connect(url, readonly, &db->conn, err, errlen) : DB_ERR;
	if (rc != DB_OK) {
		if (db->spare == NULL)
			snprintf(err, errlen, "out of memory");
		arena_free(db->spare);
		free(db);
		return rc;
	}
	*out = db;
	return DB_OK;
}

enum db_rc
db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	return open_db(url, false, out, err, errlen);
}

enum db_rc
db_open_readonly(const char *url, struct db **out, char *err, size_t errlen)
{
	return open_db(url, true, out, err, errlen);
}

bool
db_url_is_pg(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

const char *
db_url_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db->ops->disconnect(db->conn);
	arena_free(db->spare);
	free(db);
}

const char *
db_backend(const struct db *db)
{
	return db->ops->name;
}

const char *
db_error(const struct db *db)
{
	return db->err[0] ? db->err : db->ops->last_error(db->conn);
}

const char *
db_rc_name(enum db_rc rc)
{
	switch (rc) {
	case DB_OK:
		return "ok";
	case DB_NOTFOUND:
		return "not found";
	case DB_CONFLICT:
		return "conflict";
	case DB_BUSY:
		return "busy";
	case DB_TOONEW:
		return "schema too new";
	case DB_ERR:
		break;
	}
	return "error";
}

/*
 * Run statement id. A NULL arena means the caller wants no rows back (a
 * write): a scratch arena holds whatever the backend returns.
 */
static enum db_rc
run(struct db *db, enum db_sql id, const struct db_param *p, size_t n, struct arena *a,
    struct db_result *res)
{
	struct db_result scratch_res;
	struct arena *scratch = NULL;
	enum db_rc rc;

	db->err[0] = '\0';
	if (a == NULL) {
		scratch = arena_new();
		if (scratch == NULL)
			return DB_ERR;
		a = scratch;
	}
	if (res == NULL)
		res = &scratch_res;
	rc = db->ops->query(db->conn, (int)id, db_sql_text(id, db->is_pg), p, n, a, res);
	arena_free(scratch);
	if (scratch != NULL)
		res->v = NULL; /* the rows died with the scratch arena */
	return rc;
}

static const char *
val(const struct db_result *r, size_t row, size_t col)
{
	return r->v[row * r->ncols + col];
}

/* Values come from our own schema, so a bad integer is a storage fault, read as 0. */
static int64_t
ival(const struct db_result *r, size_t row, size_t col)
{
	const char *s = val(r, row, col);
	int64_t v = 0;

	if (s != NULL && str_parse_i64(str_slice(s), INT64_MIN, INT64_MAX, &v) != 0)
		v = 0;
	return v;
}

/* The readers of db/rows.h: each fills a struct from row i's columns from c on and returns the
 * column after them, so joined rows read one after the other. */
#define READ_INT(r, i, c) ival(r, i, c)
#define READ_BOOL(r, i, c) (ival(r, i, c) != 0)
#define READ_TEXT(r, i, c) val(r, i, c)
#define DB_COLUMN_READ(kind, member, sql) out->member = READ_##kind(r, i, c++);
#define DB_READER(name, type, columns)                                                             \
	static size_t name(const struct db_result *r, size_t i, size_t c, type *out)               \
	{                                                                                          \
		columns(DB_COLUMN_READ) return c;                                                  \
	}

DB_READER(read_kind, struct db_kind, DB_KIND_COLUMNS)
DB_READER(read_org, struct db_org, DB_ORG_COLUMNS)
DB_READER(read_user, struct db_user, DB_USER_COLUMNS)
DB_READER(read_session, struct db_session, DB_SESSION_COLUMNS)
DB_READER(read_audit, struct db_audit, DB_AUDIT_COLUMNS)
DB_READER(read_campaign, struct db_campaign, DB_CAMPAIGN_COLUMNS)
DB_READER(read_record, struct db_record, DB_RECORD_COLUMNS)
DB_READER(read_rollup, struct db_rollup, DB_ROLLUP_COLUMNS)

/* Run a statement that reads one row: DB_NOTFOUND when there is none. */
static enum db_rc
run_one(struct db *db, enum db_sql id, const struct db_param *p, size_t n, struct arena *a,
	struct db_result *res)
{
	enum db_rc rc = run(db, id, p, n, a, res);

	if (rc == DB_OK && res->nrows == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Fill the element at dst from row i of r. */
typedef void (*row_fill)(const struct db_result *r, size_t i, void *dst);

/*
 * Run a statement and turn its rows into an arena array of elements of
 * size bytes (one spare zeroed element at the end, so *out is never NULL).
 */
static enum db_rc
run_rows(struct db *db, enum db_sql id, const struct db_param *p, size_t np, struct arena *a,
	 size_t size, row_fill fill, void **out, size_t *n)
{
	struct db_result r;
	enum db_rc rc = run(db, id, p, np, a, &r);
	unsigned char *v;
	size_t i;

	*n = 0;
	if (rc != DB_OK)
		return rc;
	v = arena_alloc(a, (r.nrows + 1) * size);
	if (v == NULL)
		return DB_ERR;
	for (i = 0; i < r.nrows; i++)
		fill(&r, i, v + i * size);
	*out = v;
	*n = r.nrows;
	return DB_OK;
}

/* Run a statement whose answer is one integer (a count, or an INSERT's RETURNING id); 0 when no
 * row. */
static enum db_rc
run_int(struct db *db, enum db_sql id, const struct db_param *p, size_t n, int64_t *out)
{
	struct arena *a = arena_new();
	struct db_result r;
	enum db_rc rc;

	if (a == NULL)
		return DB_ERR;
	rc = run(db, id, p, n, a, &r);
	if (rc == DB_OK)
		*out = r.nrows == 1 ? ival(&r, 0, 0) : 0;
	arena_free(a);
	return rc;
}

/*
 * The range of scope's subtree (base/tree). A scope that is not a path or
 * does not fit is an error, never a shorter (wider) range.
 */
static enum db_rc
scope_range(struct db *db, const char *scope, struct tree_range *r)
{
	if (tree_range(scope, r) == TREE_OK)
		return DB_OK;
	snprintf(db->err, sizeof(db->err), "scope path malformed or longer than %d bytes",
		 TREE_PATH_MAX);
	return DB_ERR;
}

enum db_rc
db_begin(struct db *db)
{
	enum db_rc rc = gate_enter(db);

	if (rc == DB_OK)
		rc = run(db, SQL_BEGIN, NULL, 0, NULL, NULL);
	if (rc != DB_OK)
		gate_leave(db);
	return rc;
}

enum db_rc
db_commit(struct db *db)
{
	enum db_rc rc = run(db, SQL_COMMIT, NULL, 0, NULL, NULL);

	/* A failed commit is rolled back by the caller, which leaves the gate then. */
	if (rc == DB_OK)
		gate_leave(db);
	return rc;
}

void
db_rollback(struct db *db)
{
	char keep[sizeof(db->err)];

	/* Keep the error that caused the rollback for the log. */
	snprintf(keep, sizeof(keep), "%s", db->ops->last_error(db->conn));
	(void)run(db, SQL_ROLLBACK, NULL, 0, db->spare, NULL);
	gate_leave(db);
	snprintf(db->err, sizeof(db->err), "%s", keep);
}

/* Schema */

static enum db_rc
schema_version(struct db *db, int *version)
{
	struct arena *a = arena_new();
	struct db_result r;
	enum db_rc rc;

	if (a == NULL)
		return DB_ERR;
	rc = db->ops->exec_script(db->conn,
				  "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER"
				  " PRIMARY KEY, applied_at BIGINT NOT NULL)");
	if (rc == DB_OK)
		rc = run(db, SQL_SCHEMA_VERSION, NULL, 0, a, &r);
	if (rc == DB_OK)
		*version = r.nrows == 1 ? (int)ival(&r, 0, 0) : 0;
	arena_free(a);
	return rc;
}

enum db_rc
db_migrate(struct db *db, int *from, int *to)
{
	enum db_rc rc;
	int v, cur = 0;

	rc = db_begin(db);
	if (rc != DB_OK)
		return rc;
	rc = schema_version(db, &cur);
	if (rc != DB_OK)
		goto fail;
	*from = cur;
	if (cur > db_schema_latest()) {
		rc = DB_TOONEW;
		goto fail;
	}
	for (v = cur + 1; v <= db_schema_latest(); v++) {
		const struct db_migration *m = db_schema_migration(v);
		struct db_param p[] = {P_INT(v), P_INT((int64_t)time(NULL))};
		rc = db->ops->exec_script(db->conn, db->is_pg ? m->pg : m->sqlite);
		if (rc == DB_OK)
			rc = run(db, SQL_SCHEMA_RECORD, p, NPARAMS(p), NULL, NULL);
		if (rc != DB_OK)
			goto fail;
	}
	rc = db_commit(db);
	if (rc != DB_OK)
		goto fail;
	*to = db_schema_latest();
	return DB_OK;
fail:
	db_rollback(db);
	return rc;
}

enum db_rc
db_schema_check(struct db *db, int *version)
{
	int64_t exists = 0;
	enum db_rc rc;

	/* Only read: a checking command must not create the migrations table. */
	*version = 0;
	rc = run_int(db, SQL_SCHEMA_EXISTS, NULL, 0, &exists);
	if (rc == DB_OK && exists > 0) {
		struct arena *a = arena_new();
		struct db_result r;
		rc = a != NULL ? run(db, SQL_SCHEMA_VERSION, NULL, 0, a, &r) : DB_ERR;
		if (rc == DB_OK)
			*version = r.nrows == 1 ? (int)ival(&r, 0, 0) : 0;
		arena_free(a);
	}
	if (rc != DB_OK)
		return rc;
	if (*version > db_schema_latest())
		return DB_TOONEW;
	return *version == db_schema_latest() ? DB_OK : DB_ERR;
}

/* Kinds */

static void
fill_kind(const struct db_result *r, size_t i, void *dst)
{
	read_kind(r, i, 0, dst);
}

enum db_rc
db_kind_list(struct db *db, struct arena *a, struct db_kind **out, size_t *n)
{
	void *rows = NULL;
	enum db_rc rc = run_rows(db, SQL_KIND_LIST, NULL, 0, a, sizeof(**out), fill_kind, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_kind_by_name(struct db *db, struct arena *a, const char *name, struct db_kind *out)
{
	struct db_param p[] = {P_TEXT(name)};
	struct db_result r;
	enum db_rc rc = run_one(db, SQL_KIND_BY_NAME, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	read_kind(&r, 0, 0, out);
	return DB_OK;
}

enum db_rc
db_kind_insert(struct db *db, const char *name, int64_t *id)
{
	struct db_param p[] = {P_TEXT(name)};
	return run_int(db, SQL_KIND_INSERT, p, NPARAMS(p), id);
}

/* Organisation tree */

enum db_rc
db_tree_lock(struct db *db)
{
	return run(db, SQL_TREE_LOCK, NULL, 0, NULL, NULL);
}

enum db_rc
db_snapshot(struct db *db)
{
	return run(db, SQL_SNAPSHOT, NULL, 0, NULL, NULL);
}

enum db_rc
db_path_lock(struct db *db, bool shared)
{
	return run(db, shared ? SQL_PATH_SHARE : SQL_PATH_LOCK, NULL, 0, NULL, NULL);
}

static void
fill_org(const struct db_result *r, size_t i, void *dst)
{
	read_org(r, i, 0, dst);
}

static enum db_rc
org_rows(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	 struct db_org **out, size_t *n)
{
	void *rows = NULL;
	enum db_rc rc = run_rows(db, id, p, np, a, sizeof(**out), fill_org, &rows, n);

	*out = rows;
	return rc;
}

static enum db_rc
org_one(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	struct db_org *out)
{
	struct db_org *list;
	size_t n;
	enum db_rc rc = org_rows(db, a, id, p, np, &list, &n);

	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = list[0];
	return DB_OK;
}

enum db_rc
db_org_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_org *out)
{
	struct tree_range sr;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(id), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return org_one(db, a, SQL_ORG_GET, p, NPARAMS(p), out);
}

enum db_rc
db_org_by_code(struct db *db, struct arena *a, const char *scope, const char *code,
	       struct db_org *out)
{
	struct tree_range sr;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(code), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return org_one(db, a, SQL_ORG_BY_CODE, p, NPARAMS(p), out);
}

enum db_rc
db_org_children(struct db *db, struct arena *a, const char *scope, int64_t id, int64_t limit,
		int64_t offset, struct db_org **out, size_t *n)
{
	struct tree_range sr;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(id), P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(limit),
			       P_INT(offset)};
	return org_rows(db, a, SQL_ORG_CHILDREN, p, NPARAMS(p), out, n);
}

/* A LIKE pattern matching q anywhere, with LIKE's own wildcards in q escaped. */
static char *
like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q), i, o = 0;
	char *s = arena_alloc(a, 2 * n + 3);

	if (s == NULL)
		return NULL;
	s[o++] = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			s[o++] = '\\';
		s[o++] = q[i];
	}
	s[o++] = '%';
	s[o] = '\0';
	return s;
}

enum db_rc
db_org_search(struct db *db, struct arena *a, const char *scope, const char *q, int64_t limit,
	      int64_t offset, struct db_org **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	char *pat = like_pattern(a, q);
	enum db_rc rc;

	if (pat == NULL)
		return DB_ERR;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(pat), P_INT(limit),
			       P_INT(offset)};
	rc = org_rows(db, a, SQL_ORG_SEARCH, p, NPARAMS(p), out, n);
	if (rc == DB_OK)
		rc = run_int(db, SQL_ORG_SEARCH_COUNT, p, 3, total);
	return rc;
}

enum db_rc
db_org_subtree(struct db *db, struct arena *a, const char *scope, int64_t limit, int64_t offset,
	       struct db_org **out, size_t *n)
{
	struct tree_range sr;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(limit), P_INT(offset)};
	return org_rows(db, a, SQL_ORG_SUBTREE, p, NPARAMS(p), out, n);
}

enum db_rc
db_org_all(struct db *db, struct arena *a, struct db_org **out, size_t *n)
{
	return db_org_subtree(db, a, NULL, INT64_MAX, 0, out, n);
}

enum db_rc
db_org_subtree_totals(struct db *db, const char *path, int64_t *units, int64_t *members)
{
	struct tree_range sr;
	struct arena *a;
	struct db_result r;
	enum db_rc rc;

	if (scope_range(db, path, &sr) != DB_OK)
		return DB_ERR;
	a = arena_new();
	if (a == NULL)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi)};
	rc = run(db, SQL_ORG_SUBTREE_COUNT, p, NPARAMS(p), a, &r);
	if (rc == DB_OK && r.nrows == 1) {
		*units = ival(&r, 0, 0);
		*members = ival(&r, 0, 1);
	}
	arena_free(a);
	return rc;
}

enum db_rc
db_org_insert(struct db *db, struct arena *a, int64_t parent_id, const char *code, const char *name,
	      int64_t kind_id, int64_t members, int64_t now, struct db_org *out)
{
	struct db_org parent;
	struct db_result r;
	const char *ppath = NULL;
	int64_t id, depth = 0;
	char *path;
	enum db_rc rc;

	if (parent_id != 0) {
		rc = db_org_get(db, a, NULL, parent_id, &parent);
		if (rc != DB_OK)
			return rc;
		ppath = parent.path;
		depth = parent.depth + 1;
	}
	/* The id is taken first so the row goes in with its final path (paths are unique). */
	rc = run(db, SQL_ORG_NEXT_ID, NULL, 0, a, &r);
	if (rc != DB_OK)
		return rc;
	id = ival(&r, 0, 0);
	/* The rules refuse a tree too deep first (domain/org.c); this is the storage's own guard.
	 */
	path = arena_alloc(a, TREE_PATH_CAP);
	if (path == NULL || tree_child(ppath, id, path, TREE_PATH_CAP) != TREE_OK) {
		snprintf(db->err, sizeof(db->err), "unit %lld: path too deep", (long long)id);
		return DB_ERR;
	}
	struct db_param p[] = {P_INT(id),      parent_id ? P_INT(parent_id) : P_TEXT(NULL),
			       P_TEXT(code),   P_TEXT(name),
			       P_INT(kind_id), P_TEXT(path),
			       P_INT(depth),   P_INT(members),
			       P_INT(now)};
	rc = run(db, SQL_ORG_INSERT, p, NPARAMS(p), NULL, NULL);
	if (rc != DB_OK)
		return rc;
	return db_org_get(db, a, NULL, id, out);
}

enum db_rc
db_org_update(struct db *db, int64_t id, const char *code, const char *name, int64_t kind_id,
	      int64_t members, int closed, int64_t now)
{
	struct db_param p[] = {P_INT(id),      P_TEXT(code),  P_TEXT(name), P_INT(kind_id),
			       P_INT(members), P_INT(closed), P_INT(now)};
	struct db_result r;
	enum db_rc rc = run(db, SQL_ORG_UPDATE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

enum db_rc
db_org_move(struct db *db, const struct db_org *org, const struct db_org *new_parent, int64_t now)
{
	char prefix[TREE_PATH_CAP];
	struct tree_range sr;
	enum db_rc rc;

	if (scope_range(db, org->path, &sr) != DB_OK)
		return DB_ERR;
	if (tree_child(new_parent->path, org->id, prefix, sizeof(prefix)) != TREE_OK) {
		snprintf(db->err, sizeof(db->err), "unit %lld: new path too deep",
			 (long long)org->id);
		return DB_ERR;
	}
	struct db_param pp[] = {P_INT(org->id), P_INT(new_parent->id)};
	rc = run(db, SQL_ORG_SET_PARENT, pp, NPARAMS(pp), NULL, NULL);
	if (rc != DB_OK)
		return rc;
	/* New path = new prefix + the part of the old path after the unit's own segment. */
	struct db_param p[] = {P_TEXT(prefix),
			       P_INT((int64_t)strlen(org->path) + 1),
			       P_INT(new_parent->depth + 1 - org->depth),
			       P_INT(now),
			       P_TEXT(sr.lo),
			       P_TEXT(sr.hi)};
	return run(db, SQL_ORG_MOVE_SUBTREE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_org_open_children(struct db *db, int64_t id, int64_t *count)
{
	struct db_param p[] = {P_INT(id)};
	return run_int(db, SQL_ORG_OPEN_CHILDREN, p, NPARAMS(p), count);
}

enum db_rc
db_org_subtree_depth(struct db *db, const char *path, int64_t *depth)
{
	struct tree_range sr;

	if (scope_range(db, path, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return run_int(db, SQL_ORG_SUBTREE_DEPTH, p, NPARAMS(p), depth);
}

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
	return run_int(db, SQL_USER_INSERT, p, NPARAMS(p), id);
}

static enum db_rc
user_one(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	 struct db_user *out)
{
	struct db_result r;
	enum db_rc rc = run_one(db, id, p, np, a, &r);

	if (rc != DB_OK)
		return rc;
	fill_user(&r, 0, out);
	return DB_OK;
}

enum db_rc
db_user_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_user *out)
{
	struct tree_range sr;
	if (scope_range(db, scope, &sr) != DB_OK)
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
	enum db_rc rc = run(db, SQL_USER_UPDATE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

enum db_rc
db_user_set_password(struct db *db, int64_t id, const char *pw_hash, int64_t now)
{
	struct db_param p[] = {P_INT(id), P_TEXT(pw_hash), P_INT(now)};
	struct db_result r;
	enum db_rc rc = run(db, SQL_USER_SET_PASSWORD, p, NPARAMS(p), NULL, &r);

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
	if (q != NULL && *q != '\0' && (pat = like_pattern(a, q)) == NULL)
		return DB_ERR;
	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(org_id),
			       P_TEXT(pat),   P_INT(limit),  P_INT(offset)};
	rc = run_rows(db, SQL_USER_LIST, p, NPARAMS(p), a, sizeof(**out), fill_user, &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return run_int(db, SQL_USER_COUNT, p, 4, total);
}

/* Sessions */

enum db_rc
db_session_insert(struct db *db, const char *token_hash, int64_t user_id, const char *kind,
		  const char *csrf, const char *label, const char *client, int64_t now,
		  int64_t expires_at, int64_t *id)
{
	struct db_param p[] = {P_TEXT(token_hash), P_INT(user_id), P_TEXT(kind), P_TEXT(csrf),
			       P_TEXT(label),	   P_TEXT(client), P_INT(now),	 P_INT(expires_at)};
	return run_int(db, SQL_SESSION_INSERT, p, NPARAMS(p), id);
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
	enum db_rc rc = run_one(db, SQL_SESSION_LOOKUP, p, NPARAMS(p), a, &r);

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
	return run(db, SQL_SESSION_TOUCH, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_delete(struct db *db, int64_t id)
{
	struct db_param p[] = {P_INT(id)};
	return run(db, SQL_SESSION_DELETE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_delete_user(struct db *db, int64_t user_id, int64_t keep_id)
{
	struct db_param p[] = {P_INT(user_id), P_INT(keep_id)};
	return run(db, SQL_SESSION_DELETE_USER, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_session_purge(struct db *db, int64_t now)
{
	struct db_param p[] = {P_INT(now)};
	return run(db, SQL_SESSION_PURGE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_token_list(struct db *db, struct arena *a, int64_t user_id, struct db_session **out, size_t *n)
{
	struct db_param p[] = {P_INT(user_id)};
	void *rows = NULL;
	enum db_rc rc =
	    run_rows(db, SQL_TOKEN_LIST, p, NPARAMS(p), a, sizeof(**out), fill_session, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_token_delete(struct db *db, int64_t id, int64_t user_id)
{
	struct db_param p[] = {P_INT(id), P_INT(user_id)};
	struct db_result r;
	enum db_rc rc = run(db, SQL_TOKEN_DELETE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Throttling */

static void
fill_throttle(const struct db_result *r, size_t i, const char *key, struct db_throttle *t)
{
	t->key = key;
	t->failures = ival(r, i, 0);
	t->window_start = ival(r, i, 1);
	t->locked_until = ival(r, i, 2);
	t->blocked = ival(r, i, 3);
}

enum db_rc
db_throttle_get(struct db *db, struct arena *a, const char *key, struct db_throttle *out)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_result r;
	enum db_rc rc = run_one(db, SQL_THROTTLE_GET, p, NPARAMS(p), a, &r);

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
	enum db_rc rc = run(db, id, p, NPARAMS(p), a, &r);

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
	return run(db, SQL_THROTTLE_LOCK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_throttle_clear(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return run(db, SQL_THROTTLE_CLEAR, p, NPARAMS(p), NULL, NULL);
}

static void
fill_lock(const struct db_result *r, size_t i, void *dst)
{
	struct db_throttle *t = dst;

	t->key = val(r, i, 0);
	t->failures = ival(r, i, 1);
	t->window_start = 0;
	t->locked_until = ival(r, i, 2);
	t->blocked = 0;
}

enum db_rc
db_throttle_locked(struct db *db, struct arena *a, int64_t now, struct db_throttle **out, size_t *n)
{
	struct db_param p[] = {P_INT(now)};
	void *rows = NULL;
	enum db_rc rc =
	    run_rows(db, SQL_THROTTLE_LOCKED, p, NPARAMS(p), a, sizeof(**out), fill_lock, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_throttle_claim(struct db *db, const char *key, int64_t now, int64_t until, bool *claimed)
{
	struct db_param p[] = {P_TEXT(key), P_INT(until), P_INT(now)};
	struct db_result r;
	enum db_rc rc = run(db, SQL_THROTTLE_CLAIM, p, NPARAMS(p), NULL, &r);

	*claimed = rc == DB_OK && r.changes == 1;
	return rc;
}

enum db_rc
db_throttle_block(struct db *db, const char *key, int64_t *blocked)
{
	struct db_param p[] = {P_TEXT(key)};
	return run_int(db, SQL_THROTTLE_BLOCK, p, NPARAMS(p), blocked);
}

enum db_rc
db_throttle_unblock(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return run(db, SQL_THROTTLE_UNBLOCK, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_throttle_refund(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return run(db, SQL_THROTTLE_REFUND, p, NPARAMS(p), NULL, NULL);
}

static void
fill_account_row(const struct db_result *r, size_t i, void *dst)
{
	struct db_throttle *t = dst;
	const char *key = val(r, i, 0);
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
		rc = run_rows(db, SQL_THROTTLE_ACCOUNT, p, NPARAMS(p), a, sizeof(**out),
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
		rc = run(db, SQL_THROTTLE_CLEAR_ACCOUNT, p, NPARAMS(p), NULL, NULL);
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
		rc = run_one(db, SQL_LOGIN_SEEN_GET, p, NPARAMS(p), a, &r);
	if (rc == DB_OK)
		*at = ival(&r, 0, 0);
	arena_free(a);
	return rc;
}

enum db_rc
db_login_seen_put(struct db *db, const char *username, const char *client, int64_t now)
{
	struct db_param p[] = {P_TEXT(username), P_TEXT(client), P_INT(now)};
	return run(db, SQL_LOGIN_SEEN_PUT, p, NPARAMS(p), NULL, NULL);
}

/* Settings */

enum db_rc
db_setting_bump(struct db *db, const char *key)
{
	struct db_param p[] = {P_TEXT(key)};
	return run(db, SQL_SETTING_BUMP, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_setting_counter(struct db *db, const char *key, int64_t *value)
{
	struct db_param p[] = {P_TEXT(key)};
	return run_int(db, SQL_SETTING_INT, p, NPARAMS(p), value);
}

enum db_rc
db_setting_get(struct db *db, struct arena *a, const char *key, const char **value)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_result r;
	enum db_rc rc = run_one(db, SQL_SETTING_GET, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	*value = val(&r, 0, 0);
	return DB_OK;
}

enum db_rc
db_setting_put(struct db *db, const char *key, const char *value)
{
	struct db_param p[] = {P_TEXT(key), P_TEXT(value)};
	return run(db, SQL_SETTING_PUT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_setting_list(struct db *db, struct arena *a, const char ***keys, const char ***values, size_t *n)
{
	struct db_result r;
	enum db_rc rc = run(db, SQL_SETTING_LIST, NULL, 0, a, &r);
	size_t i;

	*n = 0;
	if (rc != DB_OK)
		return rc;
	*keys = arena_alloc(a, (r.nrows + 1) * sizeof(char *));
	*values = arena_alloc(a, (r.nrows + 1) * sizeof(char *));
	if (*keys == NULL || *values == NULL)
		return DB_ERR;
	for (i = 0; i < r.nrows; i++) {
		(*keys)[i] = val(&r, i, 0);
		(*values)[i] = val(&r, i, 1);
	}
	*n = r.nrows;
	return DB_OK;
}

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
	return run(db, SQL_AUDIT_INSERT, p, NPARAMS(p), NULL, NULL);
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

	if (scope_range(db, f->scope, &sr) != DB_OK)
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
	rc = run_rows(db, SQL_AUDIT_LIST, p, NPARAMS(p), a, sizeof(**out), fill_audit, &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return run_int(db, SQL_AUDIT_COUNT, p, 8, total);
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

	if (scope_range(db, f->scope, &sr) != DB_OK)
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

/* Campaigns */

static void
fill_campaign(const struct db_result *r, size_t i, void *dst)
{
	read_campaign(r, i, 0, dst);
}

enum db_rc
db_campaign_insert(struct db *db, int64_t org_id, const char *name, const char *start,
		   const char *end, const char *description, int64_t by, int64_t now, int64_t *id)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(name),	   P_TEXT(start),
			       P_TEXT(end),   P_TEXT(description), by ? P_INT(by) : P_TEXT(NULL),
			       P_INT(now)};
	return run_int(db, SQL_CAMPAIGN_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_campaign_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		struct db_campaign *out)
{
	struct tree_range sr;
	void *rows = NULL;
	size_t n;
	enum db_rc rc;

	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_INT(id)};
	rc = run_rows(db, SQL_CAMPAIGN_GET, p, NPARAMS(p), a, sizeof(*out), fill_campaign, &rows,
		      &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = *(struct db_campaign *)rows;
	return DB_OK;
}

enum db_rc
db_campaign_list(struct db *db, struct arena *a, const char *scope, int64_t limit, int64_t offset,
		 struct db_campaign **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_INT(limit),
			       P_INT(offset)};
	rc = run_rows(db, SQL_CAMPAIGN_LIST, p, NPARAMS(p), a, sizeof(**out), fill_campaign, &rows,
		      n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return run_int(db, SQL_CAMPAIGN_COUNT, p, 3, total);
}

enum db_rc
db_campaign_update(struct db *db, int64_t id, const char *name, const char *start, const char *end,
		   const char *description, int64_t now)
{
	struct db_param p[] = {P_INT(id),   P_TEXT(name),	 P_TEXT(start),
			       P_TEXT(end), P_TEXT(description), P_INT(now)};
	struct db_result r;
	enum db_rc rc = run(db, SQL_CAMPAIGN_UPDATE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Work records */

static void
fill_record(const struct db_result *r, size_t i, void *dst)
{
	struct db_record *out = dst;

	memset(out, 0, sizeof(*out));
	read_record(r, i, 0, out);
}

#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL)) /* an optional reference: 0 is NULL */

enum db_rc
db_record_insert(struct db *db, const struct db_record *r, int64_t *id)
{
	struct db_param p[] = {P_INT(r->org_id),
			       P_TEXT(r->kind),
			       P_TEXT(r->day),
			       P_TEXT(r->title),
			       P_ID(r->campaign_id),
			       P_INT(r->participants),
			       P_INT(r->audience),
			       P_INT(r->hours),
			       P_TEXT(r->detail),
			       P_TEXT(r->state),
			       P_ID(r->author_org_id),
			       P_ID(r->recorded_by),
			       P_TEXT(r->recorded_by_name),
			       P_INT(r->recorded_at)};
	return run_int(db, SQL_RECORD_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_record_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_record *out)
{
	struct tree_range sr;
	void *rows = NULL;
	size_t n;
	enum db_rc rc;

	if (scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	rc = run_rows(db, SQL_RECORD_GET, p, NPARAMS(p), a, sizeof(*out), fill_record, &rows, &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = *(struct db_record *)rows;
	return DB_OK;
}

enum db_rc
db_record_update(struct db *db, const struct db_record *r)
{
	struct db_param p[] = {P_INT(r->id),
			       P_TEXT(r->day),
			       P_TEXT(r->title),
			       P_ID(r->campaign_id),
			       P_INT(r->participants),
			       P_INT(r->audience),
			       P_INT(r->hours),
			       P_TEXT(r->detail),
			       P_TEXT(r->state),
			       P_TEXT(r->review_reason),
			       P_ID(r->reviewed_by),
			       r->reviewed_at ? P_INT(r->reviewed_at) : P_TEXT(NULL),
			       P_INT(r->updated_at),
			       P_INT(r->deleted ? 1 : 0),
			       P_TEXT(r->deleted_reason),
			       P_ID(r->deleted_by),
			       r->deleted_at ? P_INT(r->deleted_at) : P_TEXT(NULL)};
	struct db_result res;
	enum db_rc rc = run(db, SQL_RECORD_UPDATE, p, NPARAMS(p), NULL, &res);

	if (rc == DB_OK && res.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

enum db_rc
db_record_list(struct db *db, struct arena *a, const struct db_record_filter *f,
	       struct db_record **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	void *rows = NULL;
	char *pat = NULL;
	enum db_rc rc;

	*n = 0;
	if (scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	if (f->q != NULL && (pat = like_pattern(a, f->q)) == NULL)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),	P_TEXT(sr.hi),	       P_INT(f->org_id),
			       P_TEXT(f->kind), P_INT(f->campaign_id), P_TEXT(f->from),
			       P_TEXT(f->to),	P_TEXT(pat),	       P_TEXT(f->state),
			       P_INT(f->limit), P_INT(f->offset)};
	rc = run_rows(db, SQL_RECORD_LIST, p, NPARAMS(p), a, sizeof(**out), fill_record, &rows, n);
	*out = rows;
	if (rc != DB_OK)
		return rc;
	return run_int(db, SQL_RECORD_COUNT, p, 9, total);
}

/* Roll-ups */

/* Concurrent writers of one figure spread over this many rows on PostgreSQL. */
#define ROLLUP_SLOTS 8

static void
fill_rollup(const struct db_result *r, size_t i, void *dst)
{
	read_rollup(r, i, 0, dst);
}

enum db_rc
db_rollup_apply(struct db *db, const char *deltas_json, int64_t hint)
{
	int64_t slot = db->is_pg ? (hint < 0 ? -hint : hint) % ROLLUP_SLOTS : 0;
	struct db_param p[] = {P_TEXT(deltas_json), P_INT(slot)};

	return run(db, SQL_ROLLUP_APPLY, p, NPARAMS(p), NULL, NULL);
}

static enum db_rc
rollup_rows(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	    struct db_rollup **out, size_t *n)
{
	void *rows = NULL;
	enum db_rc rc = run_rows(db, id, p, np, a, sizeof(**out), fill_rollup, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_rollup_read(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
	       const char *from_month, const char *to_month, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id), P_INT(campaign_id), P_TEXT(from_month),
			       P_TEXT(to_month)};
	return rollup_rows(db, a, SQL_ROLLUP_READ, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_children(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
		   const char *from_month, const char *to_month, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id), P_INT(campaign_id), P_TEXT(from_month),
			       P_TEXT(to_month)};
	return rollup_rows(db, a, SQL_ROLLUP_CHILDREN, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_unit(struct db *db, struct arena *a, int64_t org_id, struct db_rollup **out, size_t *n)
{
	struct db_param p[] = {P_INT(org_id)};
	return rollup_rows(db, a, SQL_ROLLUP_UNIT, p, NPARAMS(p), out, n);
}

enum db_rc
db_rollup_move(struct db *db, int64_t org_id, const char *shifts_json)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(shifts_json)};
	return run(db, SQL_ROLLUP_MOVE, p, NPARAMS(p), NULL, NULL);
}

struct rollup_walk {
	int (*row)(void *cls, const struct db_rollup *u);
	int (*counted)(void *cls, const char *org_path, const struct db_rollup *u);
	void *cls;
};

static int
rollup_walk_row(void *cls, const char *const *v, size_t ncols)
{
	struct rollup_walk *w = cls;
	struct db_result one = {.nrows = 1, .ncols = ncols, .v = (const char **)v};
	struct db_rollup u;

	fill_rollup(&one, 0, &u);
	if (w->row != NULL)
		return w->row(w->cls, &u);
	/* The counted records name their unit by path (column 0), not by id. */
	u.org_id = 0;
	return w->counted(w->cls, v[0], &u);
}

enum db_rc
db_rollup_each(struct db *db, int (*row)(void *cls, const struct db_rollup *u), void *cls)
{
	struct rollup_walk w = {.row = row, .cls = cls};

	db->err[0] = '\0';
	return db->ops->each(db->conn, (int)SQL_ROLLUP_ALL, db_sql_text(SQL_ROLLUP_ALL, db->is_pg),
			     NULL, 0, rollup_walk_row, &w);
}

enum db_rc
db_record_counted_each(struct db *db,
		       int (*row)(void *cls, const char *org_path, const struct db_rollup *u),
		       void *cls)
{
	struct rollup_walk w = {.counted = row, .cls = cls};

	db->err[0] = '\0';
	return db->ops->each(db->conn, (int)SQL_RECORD_COUNTED,
			     db_sql_text(SQL_RECORD_COUNTED, db->is_pg), NULL, 0, rollup_walk_row,
			     &w);
}
