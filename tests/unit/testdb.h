/*
 * testdb: a fresh, migrated database per test, on SQLite (a mkstemp file in /tmp) or, when
 * XUANGUAN_TEST_PG names an admin URL (a role with CREATEDB), on PostgreSQL (a new database
 * xg_u_<pid>_<n>, dropped at the end). Header-only with static functions because the Makefile
 * builds each tests/unit/test_*.c as its own binary. Test code may use libpq and sqlite3
 * directly for setup and for looking behind the storage layer (raw SQL via testdb_exec).
 */
#ifndef XG_TESTDB_H
#define XG_TESTDB_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"

/* cmocka.h (with its stdarg/stddef/setjmp prelude) must come first. */

/* Which backend a cmocka group runs on; passed as the group state. */
struct testdb_backend {
	int pg;
	const char *admin_url; /* PostgreSQL admin URL (pg only) */
};

struct testdb {
	const struct testdb_backend *be;
	struct db *db;
	char url[512];	 /* what db_open was given */
	char path[64];	 /* SQLite file */
	char pgname[64]; /* PostgreSQL database */
};

static inline void
testdb_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Run one SQL statement on the PostgreSQL admin connection; 0 on success. */
static inline int
testdb_admin_exec(const struct testdb_backend *be, const char *sql)
{
	PGconn *c = PQconnectdb(be->admin_url);
	PGresult *r;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "testdb: cannot connect to %s: %s", be->admin_url,
			PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, testdb_quiet, NULL);
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* The admin URL with its database name replaced by name (keeps any ?query). */
static inline int
testdb_pg_url(const char *admin, const char *name, char *out, size_t cap)
{
	const char *host = strstr(admin, "://");
	const char *slash, *query;
	int n;

	if (host == NULL)
		return -1;
	slash = strchr(host + 3, '/');
	query = strchr(host + 3, '?');
	if (slash == NULL || (query != NULL && query < slash))
		slash = query != NULL ? query : admin + strlen(admin);
	n = snprintf(out, cap, "%.*s/%s%s", (int)(slash - admin), admin, name,
		     query != NULL ? query : "");
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* Open a new empty database (not migrated) for be; 0 on success. */
static inline int
testdb_create_raw(struct testdb *t, const struct testdb_backend *be)
{
	static int counter;
	char err[256], sql[128];

	memset(t, 0, sizeof(*t));
	t->be = be;
	if (be->pg) {
		snprintf(t->pgname, sizeof(t->pgname), "xg_u_%ld_%d", (long)getpid(), ++counter);
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", t->pgname);
		testdb_admin_exec(be, sql);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->pgname);
		if (testdb_admin_exec(be, sql) != 0)
			return -1;
		if (testdb_pg_url(be->admin_url, t->pgname, t->url, sizeof(t->url)) != 0)
			return -1;
	} else {
		int fd;
		snprintf(t->path, sizeof(t->path), "/tmp/xg_unit_XXXXXX");
		fd = mkstemp(t->path);
		if (fd < 0)
			return -1;
		close(fd);
		snprintf(t->url, sizeof(t->url), "%s", t->path);
	}
	if (db_open(t->url, &t->db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "testdb: db_open %s: %s\n", t->url, err);
		return -1;
	}
	return 0;
}

/* A fresh database with every migration applied; 0 on success. */
static inline int
testdb_create(struct testdb *t, const struct testdb_backend *be)
{
	int from = -1, to = -1;

	if (testdb_create_raw(t, be) != 0)
		return -1;
	if (db_migrate(t->db, &from, &to) != DB_OK) {
		fprintf(stderr, "testdb: migrate: %s\n", db_error(t->db));
		return -1;
	}
	return 0;
}

/* Close and remove the database (the WAL files too). */
static inline void
testdb_destroy(struct testdb *t)
{
	char sql[128], side[96];

	db_close(t->db);
	t->db = NULL;
	if (t->be != NULL && t->be->pg && t->pgname[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", t->pgname);
		testdb_admin_exec(t->be, sql);
	} else if (t->path[0] != '\0') {
		unlink(t->path);
		snprintf(side, sizeof(side), "%s-wal", t->path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", t->path);
		unlink(side);
	}
}

/*
 * Run one printf-formatted SQL statement on a second, raw connection to the test database
 * (behind the storage layer's back). *rows, when not NULL, gets the integer in the first
 * column of the first row (or -1 when there is none). Returns 0 when the statement ran.
 */
static inline int testdb_exec(struct testdb *t, int64_t *rows, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int
testdb_exec(struct testdb *t, int64_t *rows, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	int ok = 0;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (rows != NULL)
		*rows = -1;
	if (t->be->pg) {
		PGconn *c = PQconnectdb(t->url);
		PGresult *r;
		PQsetNoticeProcessor(c, testdb_quiet, NULL);
		r = PQexec(c, sql);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
		if (ok && rows != NULL && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
			*rows = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *h = NULL;
		sqlite3_stmt *st = NULL;
		if (sqlite3_open(t->path, &h) == SQLITE_OK &&
		    sqlite3_busy_timeout(h, 5000) == SQLITE_OK &&
		    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
			int rc = sqlite3_step(st);
			if (rc == SQLITE_ROW && rows != NULL &&
			    sqlite3_column_type(st, 0) != SQLITE_NULL)
				*rows = sqlite3_column_int64(st, 0);
			ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
		}
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	return ok ? 0 : -1;
}

/* The single integer a query answers (or -1). */
static inline int64_t
testdb_count(struct testdb *t, const char *sql)
{
	int64_t v = -1;

	if (testdb_exec(t, &v, "%s", sql) != 0)
		return -1;
	return v;
}

/* The PostgreSQL admin URL from the environment, or NULL. */
static inline const char *
testdb_pg_admin(void)
{
	const char *u = getenv("XUANGUAN_TEST_PG");
	return u != NULL && *u != '\0' ? u : NULL;
}

/* cmocka per-test setup/teardown: the group state is a struct testdb_backend. */
static inline int
testdb_setup(void **state)
{
	const struct testdb_backend *be = *state;
	struct testdb *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	if (testdb_create(t, be) != 0) {
		testdb_destroy(t);
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int
testdb_teardown(void **state)
{
	struct testdb *t = *state;

	if (t != NULL) {
		testdb_destroy(t);
		free(t);
	}
	return 0;
}

/*
 * Run the tests of one backend: every test but those named for the other backend
 * ("test_sqlite_*" run on SQLite only, "test_pg_*" on PostgreSQL only).
 */
static inline int
testdb_run_on(const char *title, const struct testdb_backend *be, struct CMUnitTest *tests,
	      size_t n)
{
	const char *other = be->pg ? "test_sqlite_" : "test_pg_";
	struct CMUnitTest *mine = calloc(n, sizeof(*mine));
	size_t i, k = 0;
	int failed;

	if (mine == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		if (strncmp(tests[i].name, other, strlen(other)) == 0)
			continue;
		mine[k] = tests[i];
		mine[k++].initial_state = (void *)be;
	}
	printf("[----------] %s\n", title);
	failed = _cmocka_run_group_tests(title, mine, k, NULL, NULL);
	free(mine);
	return failed;
}

/*
 * Run tests once on SQLite and once more on PostgreSQL (XUANGUAN_TEST_PG). Without
 * PostgreSQL the run fails, like the API runner, unless XG_ALLOW_NO_PG=1 skips that
 * half out loud. Each test gets a fresh struct testdb * as its state (use
 * testdb_setup/testdb_teardown), or the struct testdb_backend when it has no
 * setup. Returns the number of failed tests.
 */
static inline int
testdb_run(const char *name, struct CMUnitTest *tests, size_t n)
{
	struct testdb_backend sq = {0, NULL}, pg = {1, testdb_pg_admin()};
	char title[128];
	int failed;

	snprintf(title, sizeof(title), "%s (sqlite)", name);
	failed = testdb_run_on(title, &sq, tests, n);
	if (pg.admin_url == NULL) {
		const char *allow = getenv("XG_ALLOW_NO_PG");
		if (allow != NULL && strcmp(allow, "1") == 0) {
			printf("[  SKIPPED ] %s on PostgreSQL: XUANGUAN_TEST_PG is not set"
			       " (XG_ALLOW_NO_PG=1)\n",
			       name);
			return failed;
		}
		printf("[  FAILED  ] %s on PostgreSQL: XUANGUAN_TEST_PG is not set"
		       " (set it, or XG_ALLOW_NO_PG=1 to skip)\n",
		       name);
		return failed + 1;
	}
	snprintf(title, sizeof(title), "%s (postgresql)", name);
	return failed + testdb_run_on(title, &pg, tests, n);
}

#endif
