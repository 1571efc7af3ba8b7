/* db/task_view: the storage side of the task views — the list in parts, the matrix of tasks and
 * a unit's children, overdue assignments and a unit's timeline. */
#include "db/db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"

/* A subtree of at least this many units is large: its overdue list walks the tasks first. At
 * about a thousand units, both ways read alike on the generated 50,000 (docs/bench.md). */
#define TASK_SCOPE_LARGE 2000

static void
fill_task(const struct db_result *r, size_t i, void *dst)
{
	read_task(r, i, 0, dst);
}

static void
fill_cell(const struct db_result *r, size_t i, void *dst)
{
	read_task_cell(r, i, 0, dst);
}

enum db_rc
db_task_list_part(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
		  int64_t limit, int64_t offset, struct db_task **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(campaign_id), P_INT(limit),
			       P_INT(offset)};
	/* A caller who sees every unit sees every assignment: no unit is looked up. */
	struct db_param w[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(sr.lo), P_TEXT(sr.hi)};
	int64_t whole = 0;
	rc = db_run_int(db, SQL_TASK_SCOPE_WHOLE, w, NPARAMS(w), &whole);
	if (rc == DB_OK)
		rc = whole == 1 ? db_run_rows(db, SQL_TASK_LIST_ALL, p + 2, 3, a, sizeof(**out),
					      fill_task, &rows, n)
				: db_run_rows(db, SQL_TASK_LIST_WHOLE, p, NPARAMS(p), a,
					      sizeof(**out), fill_task, &rows, n);
	*out = rows;
	return rc;
}

/* A task of the matrix's page with the number of tasks in the whole matrix beside it. */
struct matrix_row {
	struct db_task task;
	int64_t total;
};

static void
fill_matrix_row(const struct db_result *r, size_t i, void *dst)
{
	struct matrix_row *m = dst;

	m->total = db_ival(r, i, read_task(r, i, 0, &m->task));
}

/* A child of the matrix's unit (SQL_TASK_MATRIX_CHILDREN), in path order. */
struct matrix_child {
	int64_t id;
	const char *code, *name, *path;
};

DB_READER(read_matrix_child, struct matrix_child, DB_MATRIX_CHILD_COLUMNS)

static void
fill_child(const struct db_result *r, size_t i, void *dst)
{
	(void)read_matrix_child(r, i, 0, dst);
}

/* An assignment of the page by ids (SQL_TASK_MATRIX_MARKS) and, once found, its place. */
struct matrix_mark {
	int64_t task_id, org_id, percent;
	const char *role, *state;
	const char *due; /* its own date (SQL_TASK_MATRIX_DUES), else NULL: the task's */
	size_t place;	 /* child's index × tasks + task's index */
};

DB_READER(read_matrix_mark, struct matrix_mark, DB_MATRIX_MARK_COLUMNS)

static void
fill_mark(const struct db_result *r, size_t i, void *dst)
{
	struct matrix_mark *m = dst;

	(void)read_matrix_mark(r, i, 0, m);
	m->due = NULL;
}

/* An assignment of the page with a date of its own (SQL_TASK_MATRIX_DUES). */
struct matrix_due {
	int64_t task_id, org_id;
	const char *due;
};

static void
fill_due(const struct db_result *r, size_t i, void *dst)
{
	struct matrix_due *d = dst;

	d->task_id = db_ival(r, i, 0);
	d->org_id = db_ival(r, i, 1);
	d->due = db_val(r, i, 2);
}

/* An id and its index in the array it came from, for bsearch. */
struct id_at {
	int64_t id;
	size_t at;
};

static int
cmp_id_at(const void *x, const void *y)
{
	const struct id_at *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

static int
cmp_place(const void *x, const void *y)
{
	const struct matrix_mark *a = x, *b = y;

	return (a->place > b->place) - (a->place < b->place);
}

/* ids[i] = (id of element i, i) sorted by id: n elements of size bytes whose first member is
 * the id. NULL when out of memory. */
static struct id_at *
ids_sorted(struct arena *a, const void *v, size_t n, size_t size)
{
	struct id_at *ids = arena_alloc(a, (n > 0 ? n : 1) * sizeof(*ids));
	size_t i;

	if (ids == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		memcpy(&ids[i].id, (const unsigned char *)v + i * size, sizeof(ids[i].id));
		ids[i].at = i;
	}
	qsort(ids, n, sizeof(*ids), cmp_id_at);
	return ids;
}

/* Index of id in ids (n, sorted), or n when it is not there. */
static size_t
index_of(const struct id_at *ids, size_t n, int64_t id)
{
	struct id_at key = {.id = id};
	const struct id_at *hit = bsearch(&key, ids, n, sizeof(*ids), cmp_id_at);

	return hit != NULL ? hit->at : n;
}

/*
 * The page's cells from its assignments by ids: each in its place (the
 * children's path order, then the tasks'), with its task's title and dates
 * and its unit's code, name and path — the rows one statement read
 * before, in its order. An assignment of a child or task not shown (none,
 * in one snapshot) has no place and is left out. Its due date is its own
 * when dues (ndues) has one for it, else the task's.
 */
static enum db_rc
lay_cells(struct arena *a, const struct db_task *tasks, size_t ntasks,
	  const struct matrix_child *kids, size_t nkids, struct matrix_mark *marks, size_t nmarks,
	  const struct matrix_due *dues, size_t ndues, struct db_task_cell **cells,
	  size_t *ncells)
{
	struct id_at *tid = ids_sorted(a, tasks, ntasks, sizeof(*tasks));
	struct id_at *kid = ids_sorted(a, kids, nkids, sizeof(*kids));
	size_t i, k = 0, none = nkids * ntasks;

	*cells = arena_alloc(a, (nmarks + 1) * sizeof(**cells));
	if (tid == NULL || kid == NULL || *cells == NULL)
		return DB_ERR;
	for (i = 0; i < nmarks; i++) {
		size_t t = index_of(tid, ntasks, marks[i].task_id);
		size_t c = index_of(kid, nkids, marks[i].org_id);
		marks[i].place = t < ntasks && c < nkids ? c * ntasks + t : none;
	}
	qsort(marks, nmarks, sizeof(*marks), cmp_place);
	for (i = 0; i < ndues; i++) {
		size_t t = index_of(tid, ntasks, dues[i].task_id);
		size_t c = index_of(kid, nkids, dues[i].org_id);
		struct matrix_mark key = {.place = c * ntasks + t}, *hit;
		if (t < ntasks && c < nkids &&
		    (hit = bsearch(&key, marks, nmarks, sizeof(*marks), cmp_place)) != NULL)
			hit->due = dues[i].due;
	}
	for (i = 0; i < nmarks && marks[i].place < none; i++) {
		const struct db_task *t = &tasks[marks[i].place % ntasks];
		const struct matrix_child *c = &kids[marks[i].place / ntasks];
		(*cells)[k++] = (struct db_task_cell){.task_id = t->id,
						      .title = t->title,
						      .start_date = t->start_date,
						      .due_date = marks[i].due != NULL
								      ? marks[i].due
								      : t->due_date,
						      .created_at = t->created_at,
						      .warn_days = t->warn_days,
						      .org_id = c->id,
						      .org_code = c->code,
						      .org_name = c->name,
						      .org_path = c->path,
						      .role = marks[i].role,
						      .state = marks[i].state,
						      .percent = marks[i].percent};
	}
	*ncells = k;
	return DB_OK;
}

enum db_rc
db_task_matrix(struct db *db, struct arena *a, const char *scope, int64_t parent_id,
	       int64_t campaign_id, int64_t limit, int64_t offset, struct db_task **tasks,
	       size_t *ntasks, int64_t *total, struct db_task_cell **cells, size_t *ncells)
{
	struct tree_range sr;
	void *rows = NULL, *krows = NULL, *mrows = NULL, *drows = NULL;
	size_t nkids = 0, nmarks = 0, ndues = 0, i;
	struct matrix_row *m;
	enum db_rc rc;

	*tasks = NULL;
	*cells = NULL;
	*ntasks = *ncells = 0;
	*total = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_INT(parent_id),   P_TEXT(sr.lo), P_TEXT(sr.hi),
			       P_INT(campaign_id), P_INT(limit),  P_INT(offset)};
	/* The page carries the count, so the children's assignments are read once; a page past
	 * the end has no row to carry it. */
	rc = db_run_rows(db, SQL_TASK_MATRIX_TASKS, p, NPARAMS(p), a, sizeof(*m), fill_matrix_row,
			 &rows, ntasks);
	if (rc != DB_OK)
		return rc;
	if (*ntasks == 0)
		return offset > 0 ? db_run_int(db, SQL_TASK_MATRIX_COUNT, p, 4, total) : DB_OK;
	m = rows;
	*tasks = arena_alloc(a, *ntasks * sizeof(**tasks));
	if (*tasks == NULL)
		return DB_ERR;
	for (i = 0; i < *ntasks; i++)
		(*tasks)[i] = m[i].task;
	*total = m[0].total;
	/* The cells of exactly this page: the tasks from its first to its last in list order. */
	const struct db_task *first = &(*tasks)[0], *last = &(*tasks)[*ntasks - 1];
	struct db_param c[] = {P_INT(parent_id),       P_TEXT(sr.lo),		P_TEXT(sr.hi),
			       P_INT(campaign_id),     P_TEXT(first->due_date), P_INT(first->id),
			       P_TEXT(last->due_date), P_INT(last->id)};
	rc = db_run_rows(db, SQL_TASK_MATRIX_CHILDREN, c, 3, a, sizeof(struct matrix_child),
			 fill_child, &krows, &nkids);
	if (rc == DB_OK)
		rc = db_run_rows(db, SQL_TASK_MATRIX_MARKS, c, NPARAMS(c), a,
				 sizeof(struct matrix_mark), fill_mark, &mrows, &nmarks);
	if (rc == DB_OK)
		rc = db_run_rows(db, SQL_TASK_MATRIX_DUES, c, NPARAMS(c), a,
				 sizeof(struct matrix_due), fill_due, &drows, &ndues);
	if (rc == DB_OK)
		rc = lay_cells(a, *tasks, *ntasks, krows, nkids, mrows, nmarks, drows, ndues, cells,
			       ncells);
	return rc;
}

/* Order of the overdue list: due date (the assignment's own or the task's), task, unit. */
static int
cmp_overdue(const struct db_task_cell *x, const struct db_task_cell *y)
{
	int d = strcmp(x->due_date, y->due_date);

	if (d != 0)
		return d;
	if (x->task_id != y->task_id)
		return x->task_id < y->task_id ? -1 : 1;
	return (x->org_id > y->org_id) - (x->org_id < y->org_id);
}

/* The rows skip.. of x and y (each in list order) merged, limit of them at most. */
static enum db_rc
merge_overdue(struct arena *a, const struct db_task_cell *x, size_t nx,
	      const struct db_task_cell *y, size_t ny, size_t skip, int64_t limit,
	      struct db_task_cell **out, size_t *n)
{
	size_t cap = nx + ny < (size_t)limit ? nx + ny : (size_t)limit, i = 0, j = 0, k = 0, at;
	struct db_task_cell *m = arena_alloc(a, (cap > 0 ? cap : 1) * sizeof(*m));

	if (m == NULL)
		return DB_ERR;
	for (at = 0; (i < nx || j < ny) && k < cap; at++) {
		const struct db_task_cell *c =
		    j >= ny || (i < nx && cmp_overdue(&x[i], &y[j]) < 0) ? &x[i++] : &y[j++];
		if (at >= skip)
			m[k++] = *c;
	}
	*out = m;
	*n = k;
	return DB_OK;
}

/*
 * The page of the assignments past the task's date (as the subtree's size
 * chooses the statement), limit rows from offset, and their count up to
 * cap (total NULL: not counted).
 */
static enum db_rc
overdue_by_task(struct db *db, struct arena *a, const struct tree_range *sr,
		const struct tree_range *ur, int64_t campaign_id, const char *today, int64_t cap,
		int64_t limit, int64_t offset, struct db_task_cell **out, size_t *n, int64_t *total)
{
	void *rows = NULL;
	enum db_rc rc;

	struct db_param p[] = {P_TEXT(sr->lo),
			       P_TEXT(sr->hi),
			       P_TEXT(ur->lo),
			       P_TEXT(ur->hi),
			       P_TEXT(today),
			       P_INT(campaign_id),
			       P_INT(cap),
			       P_INT(offset)};
	/* Over a large subtree, the tasks past due in due order and each one's assignments read
	 * least; over a small one, the subtree's own assignments. */
	struct db_param q[] = {P_TEXT(ur->lo), P_TEXT(ur->hi), P_INT(TASK_SCOPE_LARGE)};
	int64_t units = 0, whole = 0;
	rc = db_run_int(db, SQL_TASK_SCOPE_UNITS, q, NPARAMS(q), &units);
	bool large = units >= TASK_SCOPE_LARGE;
	/* Over every unit (the root's), no unit is looked up to be kept: only the page's. */
	struct db_param w[] = {P_TEXT(sr->lo), P_TEXT(sr->hi), P_TEXT(ur->lo), P_TEXT(ur->hi)};
	if (rc == DB_OK && large)
		rc = db_run_int(db, SQL_TASK_SCOPE_WHOLE, w, NPARAMS(w), &whole);
	if (rc == DB_OK && whole == 1) {
		struct db_param e[] = {P_TEXT(today), P_INT(campaign_id),
				       P_INT(cap), P_INT(offset)};
		if (total != NULL)
			rc = db_run_int(db, SQL_TASK_OVERDUE_WHOLE_COUNT, e, 3, total);
		e[2] = P_INT(limit);
		if (rc == DB_OK)
			rc = db_run_rows(db, SQL_TASK_OVERDUE_WHOLE, e, NPARAMS(e), a,
					 sizeof(**out), fill_cell, &rows, n);
		*out = rows;
		return rc;
	}
	if (rc == DB_OK && total != NULL)
		rc = db_run_int(db, large ? SQL_TASK_OVERDUE_BY_TASK_COUNT : SQL_TASK_OVERDUE_COUNT,
				p, 7, total);
	p[6] = P_INT(limit);
	if (rc == DB_OK)
		rc = db_run_rows(db, large ? SQL_TASK_OVERDUE_BY_TASK : SQL_TASK_OVERDUE, p,
				 NPARAMS(p), a, sizeof(**out), fill_cell, &rows, n);
	*out = rows;
	return rc;
}

/* An assignment with a date of its own past it or past the task's (SQL_TASK_OVERDUE_OWNED). */
struct owned {
	struct db_task_cell cell; /* first: its due date is its own */
	const char *task_due;
};

static void
fill_owned(const struct db_result *r, size_t i, void *dst)
{
	struct owned *o = dst;

	o->task_due = db_val(r, i, read_task_cell(r, i, 0, &o->cell) + 1);
}

static int
cmp_cells(const void *x, const void *y)
{
	return cmp_overdue(x, y);
}

/* How many of x (n, in the list's order by the task's date) come before cell c in it. */
static size_t
shadows_before(const struct owned *const *x, size_t n, const struct db_task_cell *c)
{
	size_t k = 0;

	for (; k < n; k++) {
		int d = strcmp(x[k]->task_due, c->due_date);
		if (d > 0 || (d == 0 && (x[k]->cell.task_id > c->task_id ||
					 (x[k]->cell.task_id == c->task_id &&
					  x[k]->cell.org_id >= c->org_id))))
			break;
	}
	return k;
}

static bool
is_shadow(const struct owned *const *x, size_t n, const struct db_task_cell *c)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (x[k]->cell.task_id == c->task_id && x[k]->cell.org_id == c->org_id)
			return true;
	return false;
}

enum db_rc
db_task_overdue(struct db *db, struct arena *a, const char *scope, const char *path,
		int64_t campaign_id, const char *today, int64_t limit, int64_t offset,
		struct db_task_cell **out, size_t *n, int64_t *total)
{
	struct tree_range sr, ur;
	struct db_task_cell *own, *raw = NULL, *kept = NULL;
	const struct owned **shadows;
	struct owned *owned;
	void *rows = NULL;
	size_t nowned = 0, nown = 0, nraw = 0, nx = 0, nkept = 0, i;
	int64_t from, at, next, want, town;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK || path == NULL ||
	    db_scope_range(db, path, &ur) != DB_OK)
		return DB_ERR;
	/*
	 * The assignments past the task's date (the list as it was, by the keys)
	 * hold a few with a date of their own (shadows, nx): those are dropped,
	 * and those past their own date (own, the first offset + limit of them:
	 * nown) merged in. Row r of the list is row r - b of the others, b of the
	 * own before it (0 ≤ b ≤ nown), so the others from index offset - nown,
	 * limit + nown of them, hold every row of the page. They are read from
	 * there (from), shadows dropped, until that many are kept past the index
	 * of the first kept one (at: known from the shadows before it, at most
	 * from); an own row before them or after them is before or after the page.
	 */
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_TEXT(ur.lo),
			       P_TEXT(ur.hi), P_TEXT(today), P_INT(campaign_id)};
	rc = db_run_rows(db, SQL_TASK_OVERDUE_OWNED, p, NPARAMS(p), a, sizeof(*owned), fill_owned,
			 &rows, &nowned);
	if (rc != DB_OK)
		return rc;
	if (nowned == 0)
		return overdue_by_task(db, a, &sr, &ur, campaign_id, today,
				       DB_TASK_OVERDUE_COUNT_MAX + 1, limit, offset, out, n, total);
	owned = rows;
	own = arena_alloc(a, nowned * sizeof(*own));
	shadows = arena_alloc(a, nowned * sizeof(*shadows));
	if (own == NULL || shadows == NULL)
		return DB_ERR;
	for (i = 0; i < nowned; i++) {
		if (strcmp(owned[i].task_due, today) < 0)
			shadows[nx++] = &owned[i];
		if (strcmp(owned[i].cell.due_date, today) < 0)
			own[nown++] = owned[i].cell;
	}
	qsort(own, nown, sizeof(*own), cmp_cells);
	town = (int64_t)nown;
	if (town > offset + limit)
		nown = (size_t)(offset + limit);
	from = offset > (int64_t)nown ? offset - (int64_t)nown : 0;
	/* Every shadow is among the rows counted, which stop nx rows later. */
	rc = overdue_by_task(db, a, &sr, &ur, campaign_id, today,
			     DB_TASK_OVERDUE_COUNT_MAX + 1 + (int64_t)nx, 0, 0, &raw, &nraw, total);
	*total -= (int64_t)nx;
	at = from;
	for (next = from, want = limit + (int64_t)nown; rc == DB_OK;) {
		int64_t more = want - (int64_t)nkept + (from - at);
		struct db_task_cell *k;
		if (more <= 0)
			break;
		rc = overdue_by_task(db, a, &sr, &ur, campaign_id, today, 0, more, next, &raw,
				     &nraw, NULL);
		k = rc == DB_OK ? arena_alloc(a, (nkept + nraw + 1) * sizeof(*k)) : NULL;
		if (rc == DB_OK && k == NULL)
			rc = DB_ERR;
		if (rc != DB_OK)
			break;
		if (nkept > 0)
			memcpy(k, kept, nkept * sizeof(*k));
		kept = k;
		for (i = 0; i < nraw; i++) {
			if (is_shadow(shadows, nx, &raw[i]))
				continue;
			if (nkept == 0)
				at = next + (int64_t)i -
				     (int64_t)shadows_before(shadows, nx, &raw[i]);
			kept[nkept++] = raw[i];
		}
		next += (int64_t)nraw;
		if ((int64_t)nraw < more)
			break; /* the end of the list */
	}
	if (rc != DB_OK)
		return rc;
	/* None kept: the others ended before from. */
	if (nkept == 0)
		at = *total;
	rc = merge_overdue(a, kept, nkept, own, nown, (size_t)(offset - (at < offset ? at : offset)),
			   limit, out, n);
	*total += town;
	if (*total > DB_TASK_OVERDUE_COUNT_MAX + 1)
		*total = DB_TASK_OVERDUE_COUNT_MAX + 1;
	return rc;
}

enum db_rc
db_task_timeline(struct db *db, struct arena *a, const char *scope, int64_t org_id,
		 int64_t campaign_id, int64_t limit, struct db_task_cell **out, size_t *n)
{
	struct tree_range sr;
	void *rows = NULL;
	enum db_rc rc;

	*out = NULL;
	*n = 0;
	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(org_id), P_INT(campaign_id),
			       P_INT(limit)};
	rc = db_run_rows(db, SQL_TASK_TIMELINE, p, NPARAMS(p), a, sizeof(**out), fill_cell, &rows,
			 n);
	*out = rows;
	return rc;
}
