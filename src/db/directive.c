/* db/directive: directives in the system, their sections (the syllabus), corrections, addressees,
 * the names mapped by hand, and the sections records name. */
#include "db/db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* 0 is "none": NULL in the table. */
#define P_ID(x) ((x) != 0 ? P_INT(x) : P_TEXT(NULL))

static void
fill_directive(const struct db_result *r, size_t i, void *dst)
{
	read_directive(r, i, 0, dst);
}

static void
fill_section(const struct db_result *r, size_t i, void *dst)
{
	read_directive_section(r, i, 0, dst);
}

static void
fill_change(const struct db_result *r, size_t i, void *dst)
{
	read_directive_change(r, i, 0, dst);
}

static void
fill_addressee(const struct db_result *r, size_t i, void *dst)
{
	read_directive_addressee(r, i, 0, dst);
}

static void
fill_coverage(const struct db_result *r, size_t i, void *dst)
{
	read_coverage(r, i, 0, dst);
}

static void
fill_id(const struct db_result *r, size_t i, void *dst)
{
	*(int64_t *)dst = db_ival(r, i, 0);
}

enum db_rc
db_directive_insert(struct db *db, const struct db_directive *d, int64_t *id)
{
	struct db_param p[] = {P_INT(d->campaign_id), P_INT(d->org_id),	   P_TEXT(d->title),
			       P_TEXT(d->doc_no),     P_TEXT(d->issuer),   P_TEXT(d->date),
			       P_TEXT(d->original),   P_TEXT(d->parsed),   P_TEXT(d->structure),
			       P_ID(d->created_by),   P_INT(d->created_at)};
	return db_run_int(db, SQL_DIRECTIVE_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_directive_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		 struct db_directive *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(scope), P_INT(id)};
	return db_run_first(db, SQL_DIRECTIVE_GET, p, NPARAMS(p), a, sizeof(*out), fill_directive,
			    out);
}

enum db_rc
db_directive_texts(struct db *db, struct arena *a, struct db_directive *out)
{
	struct db_param p[] = {P_INT(out->id)};
	struct db_result res;
	enum db_rc rc = db_run_one(db, SQL_DIRECTIVE_TEXTS, p, NPARAMS(p), a, &res);

	if (rc != DB_OK)
		return rc;
	out->original = db_val(&res, 0, 0);
	out->parsed = db_val(&res, 0, 1);
	out->structure = db_val(&res, 0, 2);
	return DB_OK;
}

/* A directive of the list, then (past DB_COLUMNS_END) its two counts. */
static void
fill_directive_counted(const struct db_result *r, size_t i, void *dst)
{
	struct db_directive *d = dst;
	size_t c = read_directive(r, i, 0, d) + 1;

	d->proposals = db_ival(r, i, c);
	d->confirmed = db_ival(r, i, c + 1);
}

enum db_rc
db_directive_list(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
		  bool counted, int64_t limit, int64_t offset, struct db_directive **out, size_t *n,
		  int64_t *total)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo),	   P_TEXT(sr.hi), P_TEXT(scope),
			       P_INT(campaign_id), P_INT(limit),  P_INT(offset)};
	return db_run_page(db, SQL_DIRECTIVE_COUNT, 4,
			   counted ? SQL_DIRECTIVE_LIST_COUNTED : SQL_DIRECTIVE_LIST, p, NPARAMS(p),
			   a, sizeof(**out), counted ? fill_directive_counted : fill_directive,
			   (void **)out, n, total);
}

enum db_rc
db_directive_save(struct db *db, int64_t id, int64_t version, const char *structure, int64_t now,
		  bool *done)
{
	struct db_param p[] = {P_INT(id), P_INT(version), P_TEXT(structure), P_INT(now)};
	int64_t got = 0;
	enum db_rc rc = db_run_int(db, SQL_DIRECTIVE_SAVE, p, NPARAMS(p), &got);

	*done = rc == DB_OK && got == id;
	return rc;
}

enum db_rc
db_directive_section_insert(struct db *db, const struct db_directive_section *s)
{
	struct db_param p[] = {P_INT(s->directive_id), P_INT(s->seq),	  P_INT(s->level),
			       P_TEXT(s->path),	       P_TEXT(s->number), P_TEXT(s->heading)};
	return db_run(db, SQL_DIRECTIVE_SECTION_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_directive_section_heading(struct db *db, int64_t directive_id, const char *path,
			     const char *heading)
{
	struct db_param p[] = {P_INT(directive_id), P_TEXT(path), P_TEXT(heading)};
	int64_t id = 0;
	enum db_rc rc = db_run_int(db, SQL_DIRECTIVE_SECTION_HEADING, p, NPARAMS(p), &id);

	return rc == DB_OK && id == 0 ? DB_NOTFOUND : rc;
}

enum db_rc
db_directive_sections(struct db *db, struct arena *a, int64_t directive_id,
		      struct db_directive_section **out, size_t *n)
{
	struct db_param p[] = {P_INT(directive_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_DIRECTIVE_SECTIONS, p, NPARAMS(p), a, sizeof(**out),
				    fill_section, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_directive_section_get(struct db *db, struct arena *a, int64_t id,
			 struct db_directive_section *out)
{
	struct db_param p[] = {P_INT(id)};
	return db_run_first(db, SQL_DIRECTIVE_SECTION_GET, p, NPARAMS(p), a, sizeof(*out),
			    fill_section, out);
}

enum db_rc
db_directive_change_insert(struct db *db, const struct db_directive_change *c)
{
	struct db_param p[] = {
	    P_INT(c->directive_id), P_TEXT(c->part),	P_TEXT(c->before), P_TEXT(c->after),
	    P_ID(c->by_user),	    P_TEXT(c->by_name), P_INT(c->at)};
	return db_run(db, SQL_DIRECTIVE_CHANGE_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_directive_changes(struct db *db, struct arena *a, int64_t directive_id,
		     struct db_directive_change **out, size_t *n)
{
	struct db_param p[] = {P_INT(directive_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_DIRECTIVE_CHANGES, p, NPARAMS(p), a, sizeof(**out),
				    fill_change, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_directive_addressee_insert(struct db *db, int64_t directive_id, const char *name, int64_t org_id)
{
	struct db_param p[] = {P_INT(directive_id), P_TEXT(name), P_ID(org_id)};
	return db_run(db, SQL_DIRECTIVE_ADDRESSEE_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_directive_addressees(struct db *db, struct arena *a, int64_t directive_id,
			struct db_directive_addressee **out, size_t *n)
{
	struct db_param p[] = {P_INT(directive_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_DIRECTIVE_ADDRESSEES, p, NPARAMS(p), a, sizeof(**out),
				    fill_addressee, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_directive_addressee_map(struct db *db, int64_t directive_id, const char *name, int64_t org_id,
			   bool *done)
{
	struct db_param p[] = {P_INT(directive_id), P_TEXT(name), P_INT(org_id)};
	int64_t id = 0;
	enum db_rc rc = db_run_int(db, SQL_DIRECTIVE_ADDRESSEE_MAP, p, NPARAMS(p), &id);

	*done = rc == DB_OK && id != 0;
	return rc;
}

enum db_rc
db_name_map_put(struct db *db, int64_t org_id, const char *name, int64_t target_id, int64_t by,
		int64_t now)
{
	struct db_param p[] = {P_INT(org_id), P_TEXT(name), P_INT(target_id), P_ID(by), P_INT(now)};
	return db_run(db, SQL_NAME_MAP_PUT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_name_map_lookup(struct db *db, const char *path, const char *name, int64_t *target_id)
{
	struct db_param p[] = {P_TEXT(name), P_TEXT(path)};

	*target_id = 0;
	return db_run_int(db, SQL_NAME_MAP_LOOKUP, p, NPARAMS(p), target_id);
}

enum db_rc
db_record_sections_clear(struct db *db, int64_t record_id)
{
	struct db_param p[] = {P_INT(record_id)};
	return db_run(db, SQL_RECORD_SECTIONS_CLEAR, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_record_section_add(struct db *db, int64_t record_id, const struct db_directive_section *s)
{
	struct db_param p[] = {P_INT(record_id), P_INT(s->id), P_INT(s->directive_id),
			       P_TEXT(s->path)};
	return db_run(db, SQL_RECORD_SECTION_ADD, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_record_section_ids(struct db *db, struct arena *a, int64_t record_id, int64_t **out, size_t *n)
{
	struct db_param p[] = {P_INT(record_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_RECORD_SECTION_IDS, p, NPARAMS(p), a, sizeof(**out),
				    fill_id, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_directive_coverage(struct db *db, struct arena *a, int64_t directive_id, int64_t org_id,
		      struct db_coverage **out, size_t *n)
{
	struct db_param p[] = {P_INT(directive_id), P_INT(org_id)};
	void *rows = NULL;
	enum db_rc rc = db_run_rows(db, SQL_DIRECTIVE_COVERAGE, p, NPARAMS(p), a, sizeof(**out),
				    fill_coverage, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_task_set_directive(struct db *db, int64_t task_id, int64_t directive_id)
{
	struct db_param p[] = {P_INT(task_id), P_INT(directive_id)};
	return db_run(db, SQL_TASK_SET_DIRECTIVE, p, NPARAMS(p), NULL, NULL);
}
