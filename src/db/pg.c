/* db_pg: the PostgreSQL backend (libpq, statements prepared once per connection, text results). */
#include "db/backend.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/sql.h"

struct pg_conn {
	PGconn *h;
	unsigned char prepared[SQL__MAX];
	char err[256];
};

static void
set_err(struct pg_conn *c, const char *what, const PGresult *r)
{
	const char *msg = r != NULL ? PQresultErrorMessage(r) : PQerrorMessage(c->h);
	snprintf(c->err, sizeof(c->err), "%s: %s", what, msg);
}

/* SQLSTATE classes that the callers may act on: uniqueness and serialisation. */
static enum db_rc
map_state(const PGresult *r)
{
	const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	if (st == NULL)
		return DB_ERR;
	if (strncmp(st, "23", 2) == 0)
		return DB_CONFLICT;
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 || strcmp(st, "55P03") == 0)
		return DB_BUSY;
	return DB_ERR;
}

static void
quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static enum db_rc
pg_connect(const char *url, bool readonly, void **out, char *err, size_t errlen)
{
	/* Options after the URL override it; a read-only default survives PQreset. */
	const char *const keys[] = {"dbname", "options", NULL};
	const char *const vals[] = {url, "-c default_transaction_read_only=on", NULL};
	struct pg_conn *c = calloc(1, sizeof(*c));
	PGresult *r;

	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	c->h = readonly ? PQconnectdbParams(keys, vals, 1) : PQconnectdb(url);
	if (c->h == NULL || PQstatus(c->h) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
			 c->h ? PQerrorMessage(c->h) : "out of memory");
		PQfinish(c->h);
		free(c);
		return DB_ERR;
	}
	PQsetNoticeProcessor(c->h, quiet_notice, NULL);
	/* Durability is the server's synchronous_commit; we only pin the client's encoding and
	 * zone. */
	/* Like SQLite's busy timeout: a write waits at most 10 s for a lock, then answers busy. */
	/* Our statements are prepared once and run many times with parameters whose best plans
	 * differ by orders of magnitude (the root's 220 children or a unit's 3; a scope of 50,000
	 * units or of one). After five runs PostgreSQL may keep one generic plan, costed without
	 * the parameters: it estimates "parent_id = $1" at one row and ran the root's task
	 * matrix page 220 times over (185 ms instead of 16, docs/bench.md). Each run is planned
	 * for its own parameters instead (a fraction of a millisecond). */
	r = PQexec(c->h, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
			 " SET lock_timeout = '10s'; SET plan_cache_mode = force_custom_plan");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "cannot configure PostgreSQL session: %s",
			 PQerrorMessage(c->h));
		PQclear(r);
		PQfinish(c->h);
		free(c);
		return DB_ERR;
	}
	PQclear(r);
	*out = c;
	return DB_OK;
}

static void
pg_disconnect(void *conn)
{
	struct pg_conn *c = conn;

	if (c == NULL)
		return;
	PQfinish(c->h);
	free(c);
}

static enum db_rc
pg_exec_script(void *conn, const char *sql)
{
	struct pg_conn *c = conn;
	PGresult *r = PQexec(c->h, sql);
	enum db_rc rc = DB_OK;

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		set_err(c, "script", r);
		rc = map_state(r);
	}
	PQclear(r);
	return rc;
}

static enum db_rc
copy_result(struct pg_conn *c, PGresult *r, struct arena *a, struct db_result *res)
{
	size_t i, k;
	const char *ch;

	(void)c;
	res->nrows = (size_t)PQntuples(r);
	res->ncols = (size_t)PQnfields(r);
	if (res->nrows > 0) {
		res->v = arena_alloc(a, res->nrows * res->ncols * sizeof(*res->v));
		if (res->v == NULL)
			return DB_ERR;
	}
	for (i = 0; i < res->nrows; i++)
		for (k = 0; k < res->ncols; k++) {
			const char **slot = &res->v[i * res->ncols + k];
			if (PQgetisnull(r, (int)i, (int)k)) {
				*slot = NULL;
				continue;
			}
			*slot = arena_strndup(a, PQgetvalue(r, (int)i, (int)k),
					      (size_t)PQgetlength(r, (int)i, (int)k));
			if (*slot == NULL)
				return DB_ERR;
		}
	ch = PQcmdTuples(r);
	res->changes = (ch != NULL && *ch) ? strtoll(ch, NULL, 10) : 0;
	return DB_OK;
}

/* The server went away: reconnect once so the next request can succeed (statements are gone too).
 */
static void
reset_if_lost(struct pg_conn *c)
{
	if (PQstatus(c->h) == CONNECTION_OK)
		return;
	PQreset(c->h);
	memset(c->prepared, 0, sizeof(c->prepared));
}

#define PG_PARAMS_MAX 32

/* Parameters as libpq sends them: text, except blobs in binary (their lengths and formats set);
 * ints are written into the caller's ints. */
static enum db_rc
param_texts(struct pg_conn *c, int id, const struct db_param *params, size_t nparams,
	    const char **values, char (*ints)[24], int *lengths, int *formats)
{
	size_t i;

	if (nparams > PG_PARAMS_MAX || id < 0 || id >= SQL__MAX) {
		snprintf(c->err, sizeof(c->err), "statement %d: bad call", id);
		return DB_ERR;
	}
	for (i = 0; i < nparams; i++) {
		lengths[i] = 0;
		formats[i] = 0;
		switch (params[i].type) {
		case DBP_NULL:
			values[i] = NULL;
			break;
		case DBP_INT:
			snprintf(ints[i], sizeof(ints[i]), "%lld", (long long)params[i].i);
			values[i] = ints[i];
			break;
		case DBP_TEXT:
			values[i] = params[i].s;
			break;
		case DBP_BLOB:
			if (params[i].n > (size_t)INT32_MAX) {
				snprintf(c->err, sizeof(c->err), "statement %d: blob too long", id);
				return DB_ERR;
			}
			values[i] = params[i].s != NULL ? params[i].s : "";
			lengths[i] = (int)params[i].n;
			formats[i] = 1;
			break;
		}
	}
	return DB_OK;
}

/* Prepare statement id on this connection once; its name is written to name. */
static enum db_rc
prepare_once(struct pg_conn *c, int id, const char *sql, char *name, size_t cap)
{
	PGresult *r;
	enum db_rc rc;

	snprintf(name, cap, "xg%d", id);
	if (c->prepared[id])
		return DB_OK;
	r = PQprepare(c->h, name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_err(c, "prepare", r);
		rc = map_state(r);
		PQclear(r);
		reset_if_lost(c);
		return rc;
	}
	PQclear(r);
	c->prepared[id] = 1;
	return DB_OK;
}

static enum db_rc
pg_query(void *conn, int id, const char *sql, const struct db_param *params, size_t nparams,
	 struct arena *a, struct db_result *res)
{
	struct pg_conn *c = conn;
	const char *values[PG_PARAMS_MAX];
	char ints[PG_PARAMS_MAX][24];
	int lengths[PG_PARAMS_MAX], formats[PG_PARAMS_MAX];
	char name[16];
	PGresult *r;
	enum db_rc rc;

	memset(res, 0, sizeof(*res));
	rc = param_texts(c, id, params, nparams, values, ints, lengths, formats);
	if (rc == DB_OK)
		rc = prepare_once(c, id, sql, name, sizeof(name));
	if (rc != DB_OK)
		return rc;
	r = PQexecPrepared(c->h, name, (int)nparams, values, lengths, formats, 0);
	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		rc = copy_result(c, r, a, res);
		break;
	default:
		set_err(c, "query", r);
		rc = map_state(r);
		reset_if_lost(c);
		break;
	}
	PQclear(r);
	return rc;
}

#define EACH_COLS_MAX 64

/* One row of single-row mode to row(); returns its answer. */
static int
hand_row(PGresult *r, db_row_fn row, void *cls)
{
	const char *v[EACH_COLS_MAX];
	size_t k, ncols = (size_t)PQnfields(r);

	if (ncols > EACH_COLS_MAX)
		return -1;
	for (k = 0; k < ncols; k++)
		v[k] = PQgetisnull(r, 0, (int)k) ? NULL : PQgetvalue(r, 0, (int)k);
	return row(cls, v, ncols);
}

/*
 * Single-row mode: libpq hands over one row at a time instead of the whole
 * result. Every result is read to the end, even after row() stops, so the
 * connection is ready for the next statement.
 */
static enum db_rc
pg_each(void *conn, int id, const char *sql, const struct db_param *params, size_t nparams,
	db_row_fn row, void *cls)
{
	struct pg_conn *c = conn;
	const char *values[PG_PARAMS_MAX];
	char ints[PG_PARAMS_MAX][24];
	int lengths[PG_PARAMS_MAX], formats[PG_PARAMS_MAX];
	char name[16];
	PGresult *r;
	enum db_rc rc;
	bool stopped = false;

	rc = param_texts(c, id, params, nparams, values, ints, lengths, formats);
	if (rc == DB_OK)
		rc = prepare_once(c, id, sql, name, sizeof(name));
	if (rc != DB_OK)
		return rc;
	if (!PQsendQueryPrepared(c->h, name, (int)nparams, values, lengths, formats, 0) ||
	    !PQsetSingleRowMode(c->h)) {
		set_err(c, "send", NULL);
		reset_if_lost(c);
		return DB_ERR;
	}
	while ((r = PQgetResult(c->h)) != NULL) {
		switch (PQresultStatus(r)) {
		case PGRES_SINGLE_TUPLE:
			if (!stopped && hand_row(r, row, cls) != 0)
				stopped = true;
			break;
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			break;
		default:
			if (rc == DB_OK) {
				set_err(c, "query", r);
				rc = map_state(r);
			}
			break;
		}
		PQclear(r);
	}
	if (rc != DB_OK)
		reset_if_lost(c);
	return rc;
}

static const char *
pg_last_error(void *conn)
{
	return ((struct pg_conn *)conn)->err;
}

const struct db_ops db_pg_ops = {
    .name = "postgresql",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec_script = pg_exec_script,
    .query = pg_query,
    .each = pg_each,
    .last_error = pg_last_error,
};
