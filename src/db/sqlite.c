/* db_sqlite: the embedded SQLite backend (WAL, synchronous=FULL, statements prepared once). */
#include "db/backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/sql.h"

struct sqlite_conn {
	sqlite3 *h;
	sqlite3_stmt *stmts[SQL__MAX];
	struct timespec busy_since; /* when the current wait for a lock began */
	long busy_ms;		    /* how long a wait for a lock may last */
	char err[256];
};

static void
set_err(struct sqlite_conn *c, const char *what)
{
	snprintf(c->err, sizeof(c->err), "%s: %s", what, sqlite3_errmsg(c->h));
}

static enum db_rc
map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_CONSTRAINT:
		return DB_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERR;
	}
}

/* Pragmas every connection needs: durability first (a 2xx write survives power loss). A server's
 * reading connections get a smaller page cache when they are given a gate (db/conn.c). */
static const char *const conn_pragmas = "PRAGMA journal_mode=WAL;"
					"PRAGMA synchronous=FULL;"
					"PRAGMA foreign_keys=ON;";

/* How long a statement waits for a lock another connection holds before it answers busy. */
#define BUSY_WAIT_MS 10000
/*
 * How long a checkpoint that waits (RESTART, TRUNCATE) waits for readers and
 * writers: the checkpointer holds the process's gate meanwhile, so a long
 * reader (an export) must make it give up and try later, not stop the writers.
 */
#define CKPT_WAIT_MS 200

/*
 * SQLite's own busy handler (busy_timeout) sleeps 1, 2, 5, ... then 100 ms
 * between tries, so a writer of another process, or a checkpoint, that
 * meets the lock waits for its next wake-up rather than for the lock, which
 * is held for a millisecond or two. Try every half millisecond for the first
 * 20 ms, then every 2 ms; give up after busy_ms (BUSY_WAIT_MS as before).
 */
static int
busy_wait(void *arg, int count)
{
	struct sqlite_conn *c = arg;
	struct timespec now, nap = {0, 500000};
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		c->busy_since = now;
	ms = (now.tv_sec - c->busy_since.tv_sec) * 1000 +
	     (now.tv_nsec - c->busy_since.tv_nsec) / 1000000;
	if (ms >= c->busy_ms)
		return 0;
	if (ms >= 20)
		nap.tv_nsec = 2000000;
	nanosleep(&nap, NULL);
	return 1;
}

static enum db_rc
sq_connect(const char *url, bool readonly, void **out, char *err, size_t errlen)
{
	struct sqlite_conn *c;
	const char *path = db_url_path(url);
	int rc;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	rc = sqlite3_open_v2(
	    path, &c->h,
	    (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
		SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 c->h ? sqlite3_errmsg(c->h) : "out of memory");
		sqlite3_close(c->h);
		free(c);
		return DB_ERR;
	}
	sqlite3_extended_result_codes(c->h, 1);
	c->busy_ms = BUSY_WAIT_MS;
	sqlite3_busy_handler(c->h, busy_wait, c);
	/* A reader leaves the file as it found it: no journal mode switch, nothing created. */
	if (!readonly && sqlite3_exec(c->h, conn_pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure %s: %s", path, sqlite3_errmsg(c->h));
		sqlite3_close(c->h);
		free(c);
		return DB_ERR;
	}
	*out = c;
	return DB_OK;
}

static void
sq_disconnect(void *conn)
{
	struct sqlite_conn *c = conn;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < SQL__MAX; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->h);
	free(c);
}

static enum db_rc
sq_exec_script(void *conn, const char *sql)
{
	struct sqlite_conn *c = conn;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		set_err(c, "script");
		return map_rc(rc);
	}
	return DB_OK;
}

static enum db_rc
bind_all(struct sqlite_conn *c, sqlite3_stmt *st, const struct db_param *p, size_t n)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		int at = (int)i + 1;
		switch (p[i].type) {
		case DBP_NULL:
			rc = sqlite3_bind_null(st, at);
			break;
		case DBP_INT:
			rc = sqlite3_bind_int64(st, at, p[i].i);
			break;
		case DBP_TEXT:
			rc = sqlite3_bind_text(st, at, p[i].s, -1, SQLITE_STATIC);
			break;
		case DBP_BLOB:
			rc = sqlite3_bind_blob64(st, at, p[i].s, p[i].n, SQLITE_STATIC);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		set_err(c, "bind");
		return DB_ERR;
	}
	return DB_OK;
}

/* Rows are collected in a growing array of value pointers in the arena. */
static enum db_rc
collect_rows(struct sqlite_conn *c, sqlite3_stmt *st, struct arena *a, struct db_result *res)
{
	size_t cap = 0, ncols = (size_t)sqlite3_column_count(st);
	const char **v = NULL;
	int rc;

	res->ncols = ncols;
	res->nrows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t k;
		if ((res->nrows + 1) * ncols > cap) {
			size_t ncap = cap ? cap * 2 : ncols * 16;
			const char **nv = arena_alloc(a, ncap * sizeof(*nv));
			if (nv == NULL)
				return DB_ERR;
			if (cap)
				memcpy(nv, v, cap * sizeof(*nv));
			v = nv;
			cap = ncap;
		}
		for (k = 0; k < ncols; k++) {
			const unsigned char *t = sqlite3_column_text(st, (int)k);
			int len = sqlite3_column_bytes(st, (int)k);
			if (t == NULL) {
				v[res->nrows * ncols + k] = NULL;
				continue;
			}
			v[res->nrows * ncols + k] = arena_strndup(a, (const char *)t, (size_t)len);
			if (v[res->nrows * ncols + k] == NULL)
				return DB_ERR;
		}
		res->nrows++;
	}
	if (rc != SQLITE_DONE) {
		set_err(c, "step");
		return map_rc(rc);
	}
	res->v = v;
	return DB_OK;
}

/* SQLite numbers parameters ?1..?N; the shared SQL text writes $1..$N, PostgreSQL style. */
static char *
to_sqlite_params(const char *sql)
{
	size_t n = strlen(sql), i, o = 0;
	char *out = malloc(n + 1);
	int in_str = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		char ch = sql[i];
		if (ch == '\'')
			in_str = !in_str;
		if (!in_str && ch == '$' && i + 1 < n && sql[i + 1] >= '1' && sql[i + 1] <= '9')
			ch = '?';
		out[o++] = ch;
	}
	out[o] = '\0';
	return out;
}

/* The prepared statement for id (prepared on first use and kept), with params bound. */
static enum db_rc
prepare_bound(struct sqlite_conn *c, int id, const char *sql, const struct db_param *params,
	      size_t nparams, sqlite3_stmt **out)
{
	sqlite3_stmt *st = NULL;

	if (id >= 0 && id < SQL__MAX)
		st = c->stmts[id];
	if (st == NULL) {
		char *text = to_sqlite_params(sql);
		int prc;
		if (text == NULL)
			return DB_ERR;
		prc = sqlite3_prepare_v2(c->h, text, -1, &st, NULL);
		free(text);
		if (prc != SQLITE_OK) {
			set_err(c, "prepare");
			return DB_ERR;
		}
		if (id >= 0 && id < SQL__MAX)
			c->stmts[id] = st;
	}
	*out = st;
	return bind_all(c, st, params, nparams);
}

/* Ready the statement for its next use (or drop it when it is not one of the table's). */
static void
done_with(int id, sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (id < 0 || id >= SQL__MAX)
		sqlite3_finalize(st);
}

static enum db_rc
sq_query(void *conn, int id, const char *sql, const struct db_param *params, size_t nparams,
	 struct arena *a, struct db_result *res)
{
	struct sqlite_conn *c = conn;
	sqlite3_stmt *st = NULL;
	enum db_rc rc;

	memset(res, 0, sizeof(*res));
	rc = prepare_bound(c, id, sql, params, nparams, &st);
	if (rc == DB_OK)
		rc = collect_rows(c, st, a, res);
	if (rc == DB_OK) {
		res->changes = sqlite3_changes64(c->h);
		res->last_id = sqlite3_last_insert_rowid(c->h);
	}
	if (st != NULL)
		done_with(id, st);
	return rc;
}

#define EACH_COLS_MAX 64

static enum db_rc
sq_each(void *conn, int id, const char *sql, const struct db_param *params, size_t nparams,
	db_row_fn row, void *cls)
{
	struct sqlite_conn *c = conn;
	const char *v[EACH_COLS_MAX];
	sqlite3_stmt *st = NULL;
	size_t ncols, k;
	enum db_rc rc;
	int src = SQLITE_DONE;

	rc = prepare_bound(c, id, sql, params, nparams, &st);
	ncols = st != NULL ? (size_t)sqlite3_column_count(st) : 0;
	if (rc == DB_OK && ncols > EACH_COLS_MAX) {
		snprintf(c->err, sizeof(c->err), "statement %d: more than %d columns", id,
			 EACH_COLS_MAX);
		rc = DB_ERR;
	}
	while (rc == DB_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		for (k = 0; k < ncols; k++)
			v[k] = (const char *)sqlite3_column_text(st, (int)k);
		if (row(cls, v, ncols) != 0) {
			src = SQLITE_DONE;
			break;
		}
	}
	if (rc == DB_OK && src != SQLITE_DONE) {
		set_err(c, "step");
		rc = map_rc(src);
	}
	if (st != NULL)
		done_with(id, st);
	return rc;
}

static const char *
sq_last_error(void *conn)
{
	return ((struct sqlite_conn *)conn)->err;
}

static void
sq_wal_manual(void *conn)
{
	sqlite3_wal_autocheckpoint(((struct sqlite_conn *)conn)->h, 0);
}

static bool
sq_in_tx(void *conn)
{
	return sqlite3_get_autocommit(((struct sqlite_conn *)conn)->h) == 0;
}

static enum db_rc
sq_checkpoint(void *conn, enum db_ckpt mode, int *frames, int *copied)
{
	static const int modes[DB_CKPT__MAX] = {
	    [DB_CKPT_PASSIVE] = SQLITE_CHECKPOINT_PASSIVE,
	    [DB_CKPT_RESTART] = SQLITE_CHECKPOINT_RESTART,
	    [DB_CKPT_TRUNCATE] = SQLITE_CHECKPOINT_TRUNCATE,
	};
	struct sqlite_conn *c = conn;
	int rc;

	c->busy_ms = CKPT_WAIT_MS;
	rc = sqlite3_wal_checkpoint_v2(c->h, NULL, modes[mode], frames, copied);
	c->busy_ms = BUSY_WAIT_MS;
	if (rc != SQLITE_OK) {
		set_err(c, "checkpoint");
		return map_rc(rc);
	}
	return DB_OK;
}

const struct db_ops db_sqlite_ops = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .exec_script = sq_exec_script,
    .query = sq_query,
    .each = sq_each,
    .last_error = sq_last_error,
    .wal_manual = sq_wal_manual,
    .in_tx = sq_in_tx,
    .checkpoint = sq_checkpoint,
};
