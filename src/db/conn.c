/* db/conn: opening a database, the write gate, running statements, transactions and migrations. */
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"
#include "db/schema.h"
#include "db/sql.h"
#include "db/store.h"
#include "base/log.h"
#include "base/str.h"
#include "base/tree.h"

/*
 * SQLite lets one writer in at a time and makes the others poll, sleeping up
 * to 100 ms between tries: under many writers a write waits for a wake-up,
 * not for the lock, and the slowest wait a second. Writers of one process
 * queue on this mutex instead and enter as soon as the one before leaves;
 * the busy timeout still governs writers of other processes.
 *
 * Group commit (db_gate_batches): COMMIT's fsync is most of the time a
 * writer holds the gate, so the writers of one process share it. The gate
 * owns one write connection (w); db_begin points the writer's struct db at
 * it. The first writer of a batch runs BEGIN IMMEDIATE; each writer works
 * inside SAVEPOINT w, which db_commit releases (its part joins the batch)
 * and db_rollback rolls back (its part alone is undone). db_commit then
 * leaves the gate and waits for its batch's COMMIT. The writer that leaves
 * the gate with nobody queued at it, or whose batch holds max_writers or is
 * max_age_ms old, commits the batch and hands every writer in it the result;
 * a writer that waited max_age_ms takes the gate and commits its batch
 * itself, so a batch never waits for a writer that does not come. A failed
 * COMMIT, or an error after which SQLite rolled the whole transaction back
 * (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM: w is no longer in a
 * transaction), fails every writer of the batch.
 *
 * A writer given a ticket (db_commit_later) does not wait: its db_commit
 * returns once its part is in the batch, and the batch's end hands the
 * result to the ticket (waking a parked one) instead; the writer's next
 * statement on db waits for that end first (settle). A server uses it to
 * answer a write without holding a thread (server/late.c).
 */
struct db_gate {
	pthread_mutex_t lock;
	/* The checkpointer (db_gate_watch); NULL: COMMIT checkpoints, as SQLite does by default. */
	void *watcher;
	void (*committed)(void *watcher);
	void (*stop)(void *watcher);
	struct db *w;		      /* the write connection; NULL: no batches */
	atomic_int queued;	      /* threads waiting in gate_enter */
	/* Held with lock: the open batch. */
	bool open;
	int members;
	struct timespec began;
	struct db_ticket *waiters; /* a writer's own on its stack, or a parked answer's */
	int max_writers;
	int max_age_ms;
	struct db_gate_stats stats;
	/* The members' wake-up; done_lock guards their done flags and the stats. */
	pthread_mutex_t done_lock;
	pthread_cond_t done;
};

enum { BATCH_WRITERS = 64, BATCH_AGE_MS = 10 };

struct db_gate *
db_gate_new(void)
{
	struct db_gate *g = calloc(1, sizeof(*g));
	pthread_condattr_t attr;

	if (g == NULL)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	pthread_mutex_init(&g->done_lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->done, &attr);
	pthread_condattr_destroy(&attr);
	atomic_init(&g->queued, 0);
	g->max_writers = BATCH_WRITERS;
	g->max_age_ms = BATCH_AGE_MS;
	return g;
}

static enum db_rc batch_commit(struct db_gate *g);

void
db_gate_free(struct db_gate *g)
{
	if (g == NULL)
		return;
	if (g->watcher != NULL)
		g->stop(g->watcher);
	if (g->open)
		(void)batch_commit(g);
	if (g->stats.batches > 0)
		log_info("group commit: %llu batches carried %llu writes; %llu batches failed",
			 (unsigned long long)g->stats.batches, (unsigned long long)g->stats.writers,
			 (unsigned long long)g->stats.failed);
	db_close(g->w);
	pthread_cond_destroy(&g->done);
	pthread_mutex_destroy(&g->done_lock);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

static enum db_rc gate_enter(struct db *db);
static void gate_leave(struct db *db);

void
db_set_gate(struct db *db, struct db_gate *g)
{
	db->gate = db->is_pg ? NULL : g;
	if (db->gate != NULL && g->watcher != NULL)
		db->ops->wal_manual(db->conn);
	/*
	 * With batches, a connection given the gate is a server worker's: its transactions run on the
	 * gate's write connection (which keeps SQLite's 2 MiB cache), so its own cache serves reads.
	 * 512 KiB holds what a request touches more than once (the upper pages of the indexes); the
	 * rest is read again from the OS's file cache. A server has threads + 2 of them, and stats
	 * read anew after a write fill every one (docs/operations.md, "Memory"). The command line's
	 * connections keep SQLite's default.
	 */
	if (db->gate != NULL && g->w != NULL)
		(void)db->ops->exec_script(db->conn, "PRAGMA cache_size=-512;");
}

void
db_gate_watch(struct db_gate *g, void (*committed)(void *arg), void (*stop)(void *arg), void *arg)
{
	g->committed = committed;
	g->stop = stop;
	g->watcher = arg;
	if (g->w != NULL)
		g->w->ops->wal_manual(g->w->conn);
}

/* Tell the checkpointer, if any, that a COMMIT of the gate's writers happened. */
static void
gate_committed(struct db_gate *g)
{
	if (g->watcher != NULL)
		g->committed(g->watcher);
}

enum db_rc
db_gate_batches(struct db_gate *g, const char *url, char *err, size_t errlen)
{
	enum db_rc rc;

	if (db_url_is_pg(url) || g->w != NULL)
		return DB_OK;
	rc = db_open(url, &g->w, err, errlen);
	if (rc == DB_OK && g->watcher != NULL)
		g->w->ops->wal_manual(g->w->conn);
	return rc;
}

void
db_gate_stats(struct db_gate *g, struct db_gate_stats *out)
{
	pthread_mutex_lock(&g->done_lock);
	*out = g->stats;
	pthread_mutex_unlock(&g->done_lock);
	out->queued = atomic_load(&g->queued);
}

void
db_gate_tune(struct db_gate *g, int max_writers, int max_age_ms)
{
	pthread_mutex_lock(&g->lock);
	g->max_writers = max_writers > 0 ? max_writers : 1;
	g->max_age_ms = max_age_ms > 0 ? max_age_ms : 1;
	pthread_mutex_unlock(&g->lock);
}

/* The checkpointer's RESTART and TRUNCATE wait for writers: an open batch is one, so it is
 * committed first (nobody else can add to it while the gate is held). */
enum db_rc
db_gate_hold(struct db *db)
{
	enum db_rc rc = gate_enter(db);

	if (rc == DB_OK && db->gate != NULL && db->gate->open)
		(void)batch_commit(db->gate);
	return rc;
}

void
db_gate_release(struct db *db)
{
	gate_leave(db);
}

/* Wait for the gate as long as SQLite would wait for the lock (10 s), then answer busy. */
static enum db_rc
gate_enter(struct db *db)
{
	struct timespec until;
	int rc;

	if (db->gate == NULL)
		return DB_OK;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	atomic_fetch_add(&db->gate->queued, 1);
	rc = pthread_mutex_timedlock(&db->gate->lock, &until);
	atomic_fetch_sub(&db->gate->queued, 1);
	if (rc != 0) {
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

static long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* With the gate held: end the open batch with rc, waking every writer in it (each gets msg as its
 * error when rc is not DB_OK). */
static void
batch_finish(struct db_gate *g, enum db_rc rc, const char *msg)
{
	struct db_ticket *m, *next;

	pthread_mutex_lock(&g->done_lock);
	for (m = g->waiters; m != NULL; m = next) {
		next = m->next; /* a woken answer may be gone once done_lock is let go */
		m->rc = rc;
		if (rc != DB_OK)
			snprintf(m->err, sizeof(m->err), "%s", msg);
		m->done = true;
		if (m->parked)
			m->wake(m->arg);
	}
	g->stats.batches++;
	g->stats.writers += (uint64_t)g->members;
	if (rc != DB_OK)
		g->stats.failed++;
	pthread_cond_broadcast(&g->done);
	pthread_mutex_unlock(&g->done_lock);
	g->waiters = NULL;
	g->members = 0;
	g->open = false;
}

/* With the gate held: the batch lost its transaction (or must lose it); roll back what is left and
 * fail every writer in it. */
static void
batch_fail(struct db_gate *g, const char *why)
{
	char msg[sizeof(g->w->err)];

	snprintf(msg, sizeof(msg), "this write's batch was rolled back: %s", why);
	if (g->w->ops->in_tx(g->w->conn))
		(void)db_run(g->w, SQL_ROLLBACK, NULL, 0, g->w->spare, NULL);
	batch_finish(g, DB_ERR, msg);
}

/* With the gate held: COMMIT the open batch (one fsync for all its writers) and hand them the
 * result. ROLLBACK and COMMIT return no rows: the spare arena serves both without memory. */
static enum db_rc
batch_commit(struct db_gate *g)
{
	char why[sizeof(g->w->err)];
	enum db_rc rc;

	if (!g->open)
		return DB_OK;
	rc = db_run(g->w, SQL_COMMIT, NULL, 0, g->w->spare, NULL);
	if (rc != DB_OK) {
		snprintf(why, sizeof(why), "%s", db_error(g->w));
		batch_fail(g, why);
		return rc;
	}
	if (g->members > 0)
		gate_committed(g);
	batch_finish(g, DB_OK, NULL);
	return DB_OK;
}

/* With the gate held: whether the writer now leaving it should commit the open batch. */
static bool
batch_due(struct db_gate *g)
{
	return g->open && (atomic_load(&g->queued) == 0 || g->members >= g->max_writers ||
			   ms_since(&g->began) >= g->max_age_ms);
}

/* Leave a batched gate: the last writer out commits the batch (its own result reaches it, if it
 * is a member, as a waiter's); a long transaction (db_next_tx_alone) commits its own at once. */
static void
batch_leave(struct db *db)
{
	if (db->alone || batch_due(db->gate))
		(void)batch_commit(db->gate);
	gate_leave(db);
}

/* Point db at the gate's write connection for its transaction, or back at its own. */
static void
use_write_conn(struct db *db, bool on)
{
	if (on) {
		db->own_conn = db->conn;
		db->conn = db->gate->w->conn;
	} else {
		db->conn = db->own_conn;
		db->own_conn = NULL;
	}
	db->batched = on;
}

/* Keep the write connection's message in db's own buffer before db leaves it. */
static void
keep_error(struct db *db)
{
	char keep[sizeof(db->err)];

	snprintf(keep, sizeof(keep), "%s", db_error(db));
	snprintf(db->err, sizeof(db->err), "%s", keep);
}

static enum db_rc
batch_begin(struct db *db)
{
	struct db_gate *g = db->gate;
	enum db_rc rc = gate_enter(db);

	if (rc != DB_OK)
		return rc;
	if (g->open && !g->w->ops->in_tx(g->w->conn))
		batch_fail(g, "the transaction ended under it"); /* defensive: see batch_undo */
	if (g->open &&
	    (db->alone || g->members >= g->max_writers || ms_since(&g->began) >= g->max_age_ms))
		(void)batch_commit(g);
	use_write_conn(db, true);
	if (!g->open) {
		rc = db_run(db, SQL_BEGIN, NULL, 0, db->spare, NULL);
		if (rc == DB_OK) {
			g->open = true;
			clock_gettime(CLOCK_MONOTONIC, &g->began);
		}
	}
	if (rc == DB_OK)
		rc = db_run(db, SQL_BATCH_SAVEPOINT, NULL, 0, db->spare, NULL);
	if (rc != DB_OK) {
		keep_error(db);
		if (g->open && !g->w->ops->in_tx(g->w->conn))
			batch_fail(g, db->err);
		use_write_conn(db, false);
		batch_leave(db);
	}
	return rc;
}

/* Undo db's part of the batch alone; when that cannot be done (SQLite rolled the transaction back
 * itself, or ROLLBACK TO failed), the whole batch fails. db then leaves the gate. */
static void
batch_undo(struct db *db)
{
	struct db_gate *g = db->gate;
	enum db_rc rc = DB_ERR;

	keep_error(db);
	if (g->w->ops->in_tx(g->w->conn)) {
		rc = db_run(db, SQL_BATCH_ROLLBACK_TO, NULL, 0, db->spare, NULL);
		if (rc == DB_OK)
			rc = db_run(db, SQL_BATCH_RELEASE, NULL, 0, db->spare, NULL);
	}
	if (rc != DB_OK && g->open)
		batch_fail(g, db->err);
	use_write_conn(db, false);
	batch_leave(db);
}

/* Wait for the end of the batch that me joined, with db out of the gate: me's result. */
static enum db_rc
batch_wait(struct db *db, struct db_ticket *me)
{
	struct db_gate *g = me->gate;
	struct timespec until;
	enum db_rc rc;

	pthread_mutex_lock(&g->done_lock);
	while (!me->done) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += (long)g->max_age_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		if (pthread_cond_timedwait(&g->done, &g->done_lock, &until) == 0 || me->done)
			continue;
		/* Nobody came to end the batch: take the gate and commit it. */
		pthread_mutex_unlock(&g->done_lock);
		if (gate_enter(db) == DB_OK) {
			pthread_mutex_lock(&g->done_lock);
			rc = me->done ? DB_OK : DB_ERR;
			pthread_mutex_unlock(&g->done_lock);
			/* Not done: the open batch is ours (a batch ends only by waking it). */
			if (rc != DB_OK)
				(void)batch_commit(g);
			/* Whoever left the gate while this thread queued there left the batch
			 * after ours open, counting on it. */
			batch_leave(db);
		}
		pthread_mutex_lock(&g->done_lock);
	}
	rc = me->rc;
	pthread_mutex_unlock(&g->done_lock);
	if (rc != DB_OK) {
		snprintf(db->err, sizeof(db->err), "%s", me->err);
		db->batch_lost = true;
	}
	return rc;
}

/* Release db's savepoint into the open batch and leave the gate; then wait for the batch's
 * COMMIT, or hand the wait to db's ticket (db_commit_later). */
static enum db_rc
batch_end(struct db *db)
{
	struct db_gate *g = db->gate;
	/* The committer writes the batch's error into the ticket, not into db->err, which a
	 * take-over's gate_enter may write at the same time. */
	struct db_ticket mine = {0};
	struct db_ticket *me = db->later != NULL ? db->later : &mine;
	enum db_rc rc = db_run(db, SQL_BATCH_RELEASE, NULL, 0, db->spare, NULL);

	if (rc != DB_OK) {
		batch_undo(db);
		db->batch_lost = true;
		return rc;
	}
	use_write_conn(db, false);
	me->gate = g;
	me->pending = true;
	me->next = g->waiters;
	g->waiters = me;
	g->members++;
	batch_leave(db);
	if (me != &mine) {
		db->later = NULL;
		db->unsettled = me;
		return DB_OK;
	}
	/* Nobody answers before the batch's COMMIT returned. */
	return batch_wait(db, me);
}

/* A statement after a commit whose wait went to the ticket waits for it now. */
static enum db_rc
settle(struct db *db)
{
	struct db_ticket *t = db->unsettled;
	enum db_rc rc;

	if (t == NULL)
		return DB_OK;
	db->unsettled = NULL;
	rc = batch_wait(db, t);
	db->batch_lost = false; /* no transaction of db's own was in that batch's part */
	return rc;
}

void
db_commit_later(struct db *db, struct db_ticket *t)
{
	db->later = t;
	db->unsettled = NULL;
}

bool
db_ticket_park(struct db_ticket *t)
{
	bool parked = false;

	if (!t->pending)
		return false;
	pthread_mutex_lock(&t->gate->done_lock);
	if (!t->done) {
		t->park(t->arg);
		t->parked = parked = true;
	}
	pthread_mutex_unlock(&t->gate->done_lock);
	return parked;
}

enum db_rc
db_ticket_result(struct db_ticket *t)
{
	enum db_rc rc;

	if (!t->pending)
		return DB_OK;
	pthread_mutex_lock(&t->gate->done_lock);
	rc = t->done ? t->rc : DB_ERR;
	pthread_mutex_unlock(&t->gate->done_lock);
	return rc;
}

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
	if (db->memo != NULL)
		db->memo_free(db->memo);
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
enum db_rc
db_run(struct db *db, enum db_sql id, const struct db_param *p, size_t n, struct arena *a,
       struct db_result *res)
{
	struct db_result scratch_res;
	struct arena *scratch = NULL;
	enum db_rc rc = settle(db);

	if (rc != DB_OK)
		return rc;
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

const char *
db_val(const struct db_result *r, size_t row, size_t col)
{
	return r->v[row * r->ncols + col];
}

/* Values come from our own schema, so a bad integer is a storage fault, read as 0. */
int64_t
db_ival(const struct db_result *r, size_t row, size_t col)
{
	const char *s = db_val(r, row, col);
	int64_t v = 0;

	if (s != NULL && str_parse_i64(str_slice(s), INT64_MIN, INT64_MAX, &v) != 0)
		v = 0;
	return v;
}

/* Run a statement that reads one row: DB_NOTFOUND when there is none. */
enum db_rc
db_run_one(struct db *db, enum db_sql id, const struct db_param *p, size_t n, struct arena *a,
	   struct db_result *res)
{
	enum db_rc rc = db_run(db, id, p, n, a, res);

	if (rc == DB_OK && res->nrows == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Fill the element at dst from row i of r. */
typedef void (*db_row_fill)(const struct db_result *r, size_t i, void *dst);

/*
 * Run a statement and turn its rows into an arena array of elements of
 * size bytes (one spare zeroed element at the end, so *out is never NULL).
 */
enum db_rc
db_run_rows(struct db *db, enum db_sql id, const struct db_param *p, size_t np, struct arena *a,
	    size_t size, db_row_fill fill, void **out, size_t *n)
{
	struct db_result r;
	enum db_rc rc = db_run(db, id, p, np, a, &r);
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

enum db_rc
db_run_first(struct db *db, enum db_sql id, const struct db_param *p, size_t np, struct arena *a,
	     size_t size, db_row_fill fill, void *out)
{
	void *rows = NULL;
	size_t n = 0;
	enum db_rc rc = db_run_rows(db, id, p, np, a, size, fill, &rows, &n);

	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	memcpy(out, rows, size);
	return DB_OK;
}

enum db_rc
db_run_page(struct db *db, enum db_sql count_id, size_t ncount, enum db_sql list_id,
	    const struct db_param *p, size_t np, struct arena *a, size_t size, db_row_fill fill,
	    void **out, size_t *n, int64_t *total)
{
	enum db_rc rc = db_run_int(db, count_id, p, ncount, total);

	*out = NULL;
	*n = 0;
	if (rc == DB_OK)
		rc = db_run_rows(db, list_id, p, np, a, size, fill, out, n);
	return rc;
}

/* Run a statement whose answer is one integer (a count, or an INSERT's RETURNING id); 0 when no
 * row. */
enum db_rc
db_run_int(struct db *db, enum db_sql id, const struct db_param *p, size_t n, int64_t *out)
{
	struct arena *a = arena_new();
	struct db_result r;
	enum db_rc rc;

	if (a == NULL)
		return DB_ERR;
	rc = db_run(db, id, p, n, a, &r);
	if (rc == DB_OK)
		*out = r.nrows == 1 ? db_ival(&r, 0, 0) : 0;
	arena_free(a);
	return rc;
}

/*
 * The range of scope's subtree (base/tree). A scope that is not a path or
 * does not fit is an error, never a shorter (wider) range.
 */
enum db_rc
db_scope_range(struct db *db, const char *scope, struct tree_range *r)
{
	if (tree_range(scope, r) == TREE_OK)
		return DB_OK;
	snprintf(db->err, sizeof(db->err), "scope path malformed or longer than %d bytes",
		 TREE_PATH_MAX);
	return DB_ERR;
}

/* A LIKE pattern matching q anywhere, with LIKE's own wildcards in q escaped. */
char *
db_like_pattern(struct arena *a, const char *q)
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
db_begin(struct db *db)
{
	enum db_rc rc = settle(db); /* before the gate: its wait may need to take the gate */

	if (rc != DB_OK)
		return rc;
	db->batch_lost = false;
	db->alone = db->next_alone;
	db->next_alone = false;
	if (db->gate != NULL && db->gate->w != NULL)
		return batch_begin(db);
	rc = gate_enter(db);
	if (rc == DB_OK)
		rc = db_run(db, SQL_BEGIN, NULL, 0, NULL, NULL);
	if (rc != DB_OK)
		gate_leave(db);
	return rc;
}

void
db_next_tx_alone(struct db *db)
{
	db->next_alone = true;
}

enum db_rc
db_commit(struct db *db)
{
	enum db_rc rc;

	if (db->batched)
		return batch_end(db);
	rc = db_run(db, SQL_COMMIT, NULL, 0, NULL, NULL);
	/* A failed commit is rolled back by the caller, which leaves the gate then. */
	if (rc == DB_OK && db->in_gate) {
		gate_committed(db->gate);
		gate_leave(db);
	}
	return rc;
}

void
db_rollback(struct db *db)
{
	char keep[sizeof(db->err)];

	if (db->batched) {
		batch_undo(db);
		return;
	}
	if (db->batch_lost) {
		/* db_commit failed, undid this writer's part and kept the reason. */
		db->batch_lost = false;
		return;
	}
	/* Keep the error that caused the rollback for the log. */
	snprintf(keep, sizeof(keep), "%s", db->ops->last_error(db->conn));
	(void)db_run(db, SQL_ROLLBACK, NULL, 0, db->spare, NULL);
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
		rc = db_run(db, SQL_SCHEMA_VERSION, NULL, 0, a, &r);
	if (rc == DB_OK)
		*version = r.nrows == 1 ? (int)db_ival(&r, 0, 0) : 0;
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
			rc = db_run(db, SQL_SCHEMA_RECORD, p, NPARAMS(p), NULL, NULL);
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
	rc = db_run_int(db, SQL_SCHEMA_EXISTS, NULL, 0, &exists);
	if (rc == DB_OK && exists > 0) {
		struct arena *a = arena_new();
		struct db_result r;
		rc = a != NULL ? db_run(db, SQL_SCHEMA_VERSION, NULL, 0, a, &r) : DB_ERR;
		if (rc == DB_OK)
			*version = r.nrows == 1 ? (int)db_ival(&r, 0, 0) : 0;
		arena_free(a);
	}
	if (rc != DB_OK)
		return rc;
	if (*version > db_schema_latest())
		return DB_TOONEW;
	return *version == db_schema_latest() ? DB_OK : DB_ERR;
}
