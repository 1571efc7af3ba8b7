/* db/org: unit kinds and the organisation tree. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "base/tree.h"

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
	enum db_rc rc =
	    db_run_rows(db, SQL_KIND_LIST, NULL, 0, a, sizeof(**out), fill_kind, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_kind_by_name(struct db *db, struct arena *a, const char *name, struct db_kind *out)
{
	struct db_param p[] = {P_TEXT(name)};
	struct db_result r;
	enum db_rc rc = db_run_one(db, SQL_KIND_BY_NAME, p, NPARAMS(p), a, &r);

	if (rc != DB_OK)
		return rc;
	read_kind(&r, 0, 0, out);
	return DB_OK;
}

enum db_rc
db_kind_insert(struct db *db, const char *name, int64_t *id)
{
	struct db_param p[] = {P_TEXT(name)};
	return db_run_int(db, SQL_KIND_INSERT, p, NPARAMS(p), id);
}

/* Organisation tree */

enum db_rc
db_tree_lock(struct db *db)
{
	return db_run(db, SQL_TREE_LOCK, NULL, 0, NULL, NULL);
}

enum db_rc
db_snapshot(struct db *db)
{
	return db_run(db, SQL_SNAPSHOT, NULL, 0, NULL, NULL);
}

enum db_rc
db_path_lock(struct db *db, bool shared)
{
	return db_run(db, shared ? SQL_PATH_SHARE : SQL_PATH_LOCK, NULL, 0, NULL, NULL);
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
	enum db_rc rc = db_run_rows(db, id, p, np, a, sizeof(**out), fill_org, &rows, n);

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
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(id), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return org_one(db, a, SQL_ORG_GET, p, NPARAMS(p), out);
}

enum db_rc
db_org_by_code(struct db *db, struct arena *a, const char *scope, const char *code,
	       struct db_org *out)
{
	struct tree_range sr;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(code), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return org_one(db, a, SQL_ORG_BY_CODE, p, NPARAMS(p), out);
}

enum db_rc
db_org_children(struct db *db, struct arena *a, const char *scope, int64_t id, int64_t limit,
		int64_t offset, struct db_org **out, size_t *n)
{
	struct tree_range sr;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(id), P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(limit),
			       P_INT(offset)};
	return org_rows(db, a, SQL_ORG_CHILDREN, p, NPARAMS(p), out, n);
}

enum db_rc
db_org_search(struct db *db, struct arena *a, const char *scope, const char *q, int64_t limit,
	      int64_t offset, struct db_org **out, size_t *n, int64_t *total)
{
	struct tree_range sr;
	char *pat = db_like_pattern(a, q);
	enum db_rc rc;

	if (pat == NULL)
		return DB_ERR;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(pat), P_INT(limit),
			       P_INT(offset)};
	rc = org_rows(db, a, SQL_ORG_SEARCH, p, NPARAMS(p), out, n);
	if (rc == DB_OK)
		rc = db_run_int(db, SQL_ORG_SEARCH_COUNT, p, 3, total);
	return rc;
}

enum db_rc
db_org_subtree(struct db *db, struct arena *a, const char *scope, int64_t limit, int64_t offset,
	       struct db_org **out, size_t *n)
{
	struct tree_range sr;
	if (db_scope_range(db, scope, &sr) != DB_OK)
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

	if (db_scope_range(db, path, &sr) != DB_OK)
		return DB_ERR;
	a = arena_new();
	if (a == NULL)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi)};
	rc = db_run(db, SQL_ORG_SUBTREE_COUNT, p, NPARAMS(p), a, &r);
	if (rc == DB_OK && r.nrows == 1) {
		*units = db_ival(&r, 0, 0);
		*members = db_ival(&r, 0, 1);
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
	rc = db_run(db, SQL_ORG_NEXT_ID, NULL, 0, a, &r);
	if (rc != DB_OK)
		return rc;
	id = db_ival(&r, 0, 0);
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
	rc = db_run(db, SQL_ORG_INSERT, p, NPARAMS(p), NULL, NULL);
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
	enum db_rc rc = db_run(db, SQL_ORG_UPDATE, p, NPARAMS(p), NULL, &r);

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

	if (db_scope_range(db, org->path, &sr) != DB_OK)
		return DB_ERR;
	if (tree_child(new_parent->path, org->id, prefix, sizeof(prefix)) != TREE_OK) {
		snprintf(db->err, sizeof(db->err), "unit %lld: new path too deep",
			 (long long)org->id);
		return DB_ERR;
	}
	struct db_param pp[] = {P_INT(org->id), P_INT(new_parent->id)};
	/* The unit's assignments are counted at its parent (task_unit_counts). */
	rc = db_task_count_move(db, org->id, org->parent_id, new_parent->id);
	if (rc == DB_OK)
		rc = db_run(db, SQL_ORG_SET_PARENT, pp, NPARAMS(pp), NULL, NULL);
	if (rc != DB_OK)
		return rc;
	/* New path = new prefix + the part of the old path after the unit's own segment. */
	struct db_param p[] = {P_TEXT(prefix),
			       P_INT((int64_t)strlen(org->path) + 1),
			       P_INT(new_parent->depth + 1 - org->depth),
			       P_INT(now),
			       P_TEXT(sr.lo),
			       P_TEXT(sr.hi)};
	return db_run(db, SQL_ORG_MOVE_SUBTREE, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_org_open_children(struct db *db, int64_t id, int64_t *count)
{
	struct db_param p[] = {P_INT(id)};
	return db_run_int(db, SQL_ORG_OPEN_CHILDREN, p, NPARAMS(p), count);
}

enum db_rc
db_org_subtree_depth(struct db *db, const char *path, int64_t *depth)
{
	struct tree_range sr;

	if (db_scope_range(db, path, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return db_run_int(db, SQL_ORG_SUBTREE_DEPTH, p, NPARAMS(p), depth);
}
