/* db/record_walk: the storage side of record exports (every row of a filter, one at a time) and
 * imports (units and campaigns by the names people write in a spreadsheet). */
#include "db/db.h"

#include <string.h>

#include "db/store.h"

struct walk {
	int (*row)(void *cls, const struct db_record_row *e);
	void *cls;
};

static int
walk_row(void *cls, const char *const *v, size_t ncols)
{
	struct walk *w = cls;
	struct db_result one = {.nrows = 1, .ncols = ncols, .v = (const char **)v};
	struct db_record_row e;
	size_t c;

	memset(&e, 0, sizeof(e));
	/* DB_COLUMNS closes its list with a constant column: the code and the name follow it. */
	c = read_record(&one, 0, 0, &e.r) + 1;
	if (c + 2 > ncols)
		return 1; /* not the statement's shape: stop rather than read past the row */
	e.org_code = v[c];
	e.campaign_name = v[c + 1];
	return w->row(w->cls, &e);
}

enum db_rc
db_record_each(struct db *db, const struct db_record_filter *f,
	       int (*row)(void *cls, const struct db_record_row *e), void *cls)
{
	struct walk w = {.row = row, .cls = cls};
	struct tree_range sr;
	struct arena *a;
	char *pat = NULL;
	enum db_rc rc;

	if (db_scope_range(db, f->scope, &sr) != DB_OK)
		return DB_ERR;
	a = arena_new();
	if (a == NULL || (f->q != NULL && (pat = db_like_pattern(a, f->q)) == NULL)) {
		arena_free(a);
		return DB_ERR;
	}
	struct db_param p[] = {P_TEXT(sr.lo),	P_TEXT(sr.hi),	       P_INT(f->org_id),
			       P_TEXT(f->kind), P_INT(f->campaign_id), P_TEXT(f->from),
			       P_TEXT(f->to),	P_TEXT(pat),	       P_TEXT(f->state)};
	db->err[0] = '\0';
	rc = db->ops->each(db->conn, (int)SQL_RECORD_EACH, db_sql_text(SQL_RECORD_EACH, db->is_pg),
			   p, NPARAMS(p), walk_row, &w);
	arena_free(a);
	return rc;
}

/* The first of at most two rows of statement id into *out (of size bytes): none is DB_NOTFOUND,
 * two are DB_CONFLICT. */
static enum db_rc
one_of_two(struct db *db, struct arena *a, enum db_sql id, const struct db_param *p, size_t np,
	   size_t size, db_row_fill fill, void *out)
{
	void *rows = NULL;
	size_t n = 0;
	enum db_rc rc = db_run_rows(db, id, p, np, a, size, fill, &rows, &n);

	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	if (n > 1)
		return DB_CONFLICT;
	memcpy(out, rows, size);
	return DB_OK;
}

static void
fill_org(const struct db_result *r, size_t i, void *dst)
{
	read_org(r, i, 0, dst);
}

static void
fill_campaign(const struct db_result *r, size_t i, void *dst)
{
	read_campaign(r, i, 0, dst);
}

enum db_rc
db_org_by_name(struct db *db, struct arena *a, const char *scope, const char *name,
	       struct db_org *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(name), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	return one_of_two(db, a, SQL_ORG_BY_NAME, p, NPARAMS(p), sizeof(*out), fill_org, out);
}

enum db_rc
db_campaign_by_name(struct db *db, struct arena *a, const char *scope, const char *name,
		    struct db_campaign *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_TEXT(name)};
	return one_of_two(db, a, SQL_CAMPAIGN_BY_NAME, p, NPARAMS(p), sizeof(*out), fill_campaign,
			  out);
}
