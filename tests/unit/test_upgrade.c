/*
 * test_upgrade: a database as the program left it before migration 12 (evidence files of records
 * in their own two tables, records and their roll-ups), upgraded by this program's `xuanguan init`
 * and read by it: every file streams back the same bytes (SHA-256 over the chunks as the server
 * sends them, and the stored digest), a deleted one stays deleted, a new upload takes a new id,
 * and `xuanguan check` finds the roll-ups in agreement — on SQLite and on PostgreSQL (a fresh
 * database per run).
 *
 * The old database is made with the migrations 1..11 this binary embeds: a shipped migration is
 * never edited (db/schema.c), so they are the very scripts the older program ran. Its rows are
 * written with the storage calls whose statements were the same at version 11 (files, chunks,
 * bulk records and roll-ups), so no SQL of a later schema touches it before the upgrade.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/arena.h"
#include "db/schema.h"
#include "domain/record.h"
#include "testdb.h"

#define OLD_VERSION 11 /* the last schema before the files were shared by three owners */
#define NOW 1700000000
#define NFILES 3

/* The binary under test: the same build as the unit tests (tests/unit/run.sh runs from the root).
 */
static const char *
xuanguan_bin(void)
{
	const char *b = getenv("XG_BIN");

	return b != NULL && b[0] != '\0' ? b : "build/san/xuanguan";
}

/* Run a multi-statement script on a raw connection, as the older program's migrate did. */
static void
script(struct testdb *t, const char *sql)
{
	if (t->be->pg) {
		PGconn *c = PQconnectdb(t->url);
		PGresult *r;
		PQsetNoticeProcessor(c, testdb_quiet, NULL);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			fail_msg("script: %s", PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *h = NULL;
		char *e = NULL;
		assert_int_equal(sqlite3_open(t->path, &h), SQLITE_OK);
		sqlite3_busy_timeout(h, 5000);
		if (sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, &e) != SQLITE_OK ||
		    sqlite3_exec(h, sql, NULL, NULL, &e) != SQLITE_OK)
			fail_msg("script: %s", e != NULL ? e : "?");
		sqlite3_close(h);
	}
}

/* The schema of version OLD_VERSION, recorded as the older program recorded it. */
static void
make_old_schema(struct testdb *t)
{
	char sql[128];
	int v;

	script(t, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER"
		  " PRIMARY KEY, applied_at BIGINT NOT NULL)");
	for (v = 1; v <= OLD_VERSION; v++) {
		const struct db_migration *m = db_schema_migration(v);
		assert_non_null(m);
		script(t, t->be->pg ? m->pg : m->sqlite);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO schema_migrations (version, applied_at) VALUES (%d, %d)", v,
			 NOW);
		script(t, sql);
	}
}

/* The bytes of test file i: a text, a binary over two chunks (every byte value), a small one. */
static unsigned char *
file_bytes(size_t i, size_t *n)
{
	static const size_t sizes[NFILES] = {43, 2 * (256 << 10) + 4099, 5};
	unsigned char *p = malloc(sizes[i]);
	size_t k;

	assert_non_null(p);
	for (k = 0; k < sizes[i]; k++)
		p[k] = i == 0 ? (unsigned char)"学习记录：签到表照片。\n"[k % 34]
			      : (unsigned char)((k * 131 + i) & 0xff);
	*n = sizes[i];
	return p;
}

static void
sha256_hex(const unsigned char *p, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Stream state for db_file_chunks_each: the digest of what the server would send. */
struct stream {
	crypto_hash_sha256_state st;
	size_t bytes;
};

static int
on_chunk(void *cls, const void *data, size_t n)
{
	struct stream *s = cls;

	s->bytes += n;
	return crypto_hash_sha256_update(&s->st, data, n);
}

/* Write the rows the older program would hold: two units, records, roll-ups, three files. */
static void
fill_old(struct testdb *t, struct arena *a, int64_t ids[NFILES], char sums[NFILES][65])
{
	struct db_kind k;
	struct db_org root = {.id = 1,
			      .code = "SKX",
			      .name = "市科协",
			      .path = "/1/",
			      .depth = 0,
			      .members = 10,
			      .created_at = NOW};
	struct db_org unit = {.id = 2,
			      .parent_id = 1,
			      .code = "QX03",
			      .name = "渝中区科协",
			      .path = "/1/2/",
			      .depth = 1,
			      .members = 7,
			      .created_at = NOW};
	int64_t record_id = 0;
	size_t i;

	assert_int_equal(db_kind_by_name(t->db, a, "区县科协", &k), DB_OK);
	assert_int_equal(db_bulk_org(t->db, &root, k.id), DB_OK);
	assert_int_equal(db_bulk_org(t->db, &unit, k.id), DB_OK);
	assert_int_equal(db_bulk_org_done(t->db), DB_OK);
	assert_int_equal(
	    db_bulk_records(t->db,
			    "[[2,\"study\",\"2025-03-02\",\"专题学习\",null,12,0,2,{},\"recorded\","
			    "null,null,2,\"张三\",1700000000],"
			    "[2,\"study\",\"2025-03-09\",\"二次学习\",null,8,0,1,{},\"recorded\","
			    "null,null,2,\"张三\",1700000100]]"),
	    DB_OK);
	/* The unit's counters and its parent's: the subtree's sums, as the live writes keep them.
	 */
	assert_int_equal(db_rollup_apply(t->db,
					 "[[2,0,\"study\",\"2025-03\",2,20,0,3],"
					 "[1,0,\"study\",\"2025-03\",2,20,0,3]]",
					 0),
			 DB_OK);
	assert_int_equal(testdb_exec(t, &record_id, "SELECT min(id) FROM records"), 0);
	assert_true(record_id > 0);
	for (i = 0; i < NFILES; i++) {
		size_t n, off, seq = 0;
		unsigned char *p = file_bytes(i, &n);
		struct db_file f = {.record_id = record_id,
				    .name = i == 0 ? "签到表.txt" : "照片.jpg",
				    .media_type = i == 0 ? "text/plain" : "image/jpeg",
				    .size = (int64_t)n,
				    .uploaded_by_name = "张三",
				    .uploaded_at = NOW + (int64_t)i};
		sha256_hex(p, n, sums[i]);
		f.sha256 = sums[i];
		assert_int_equal(db_file_insert(t->db, &f, &ids[i]), DB_OK);
		for (off = 0; off < n; off += DB_FILE_CHUNK_MAX, seq++) {
			size_t len = n - off < DB_FILE_CHUNK_MAX ? n - off : DB_FILE_CHUNK_MAX;
			assert_int_equal(
			    db_file_chunk_insert(t->db, ids[i], (int64_t)seq, p + off, len), DB_OK);
		}
		free(p);
	}
	/* The last one was deleted by its uploader before the upgrade. */
	assert_int_equal(db_file_delete(t->db, ids[NFILES - 1], 0, "传错了", NOW + 10), DB_OK);
}

/* A roll-up that differs, as `xuanguan check` prints it. */
static void
print_diff(void *cls, const char *text)
{
	(void)cls;
	fprintf(stderr, "differs: %s\n", text);
}

/* Run the binary with args (already quoted) and its output to /dev/null; its exit status. */
static int
run_bin(const char *args)
{
	char cmd[1024];
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", xuanguan_bin(), args);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		fail_msg("%s did not exit normally", cmd);
	return WEXITSTATUS(st);
}

static void
test_upgrade_keeps_files_and_rollups(void **state)
{
	const struct testdb_backend *be = *state;
	struct arena *a = arena_new();
	struct testdb t;
	int64_t ids[NFILES], n = -1, version = 0, newid = 0;
	char sums[NFILES][65], args[700], err[256];
	struct db_file f;
	size_t i, diffs = 99;
	struct xg_error xe;

	assert_non_null(a);
	assert_int_equal(sodium_init() >= 0, 1);
	assert_int_equal(testdb_create_raw(&t, be), 0);
	make_old_schema(&t);
	fill_old(&t, a, ids, sums);
	db_close(t.db);
	t.db = NULL;

	/* An older database is refused by the commands that read it until it is upgraded. */
	snprintf(args, sizeof(args), "check --db '%s'", t.url);
	assert_int_not_equal(run_bin(args), 0);
	snprintf(args, sizeof(args), "init --db '%s'", t.url);
	assert_int_equal(run_bin(args), 0);
	snprintf(args, sizeof(args), "check --db '%s'", t.url);
	assert_int_equal(run_bin(args), 0);
	assert_int_equal(testdb_exec(&t, &version, "SELECT max(version) FROM schema_migrations"),
			 0);
	assert_int_equal(version, db_schema_latest());

	/* Read back as the server reads a download: the row in scope, then its chunks in order. */
	assert_int_equal(db_open(t.url, &t.db, err, sizeof(err)), DB_OK);
	for (i = 0; i < NFILES; i++) {
		struct stream s = {.bytes = 0};
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[65];
		size_t size;
		unsigned char *p = file_bytes(i, &size);
		free(p);
		if (i == NFILES - 1) {
			assert_int_equal(db_file_get(t.db, a, "/1/", ids[i], &f), DB_NOTFOUND);
			continue;
		}
		assert_int_equal(db_file_get(t.db, a, "/1/", ids[i], &f), DB_OK);
		assert_int_equal(f.size, (int64_t)size);
		assert_string_equal(f.sha256, sums[i]);
		assert_int_equal(f.progress_id, 0);
		assert_int_equal(f.rectification_id, 0);
		assert_string_equal(f.org_path, "/1/2/");
		crypto_hash_sha256_init(&s.st);
		assert_int_equal(db_file_chunks_each(t.db, ids[i], on_chunk, &s), DB_OK);
		crypto_hash_sha256_final(&s.st, h);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		assert_int_equal(s.bytes, size);
		assert_string_equal(hex, sums[i]);
	}
	assert_int_equal(testdb_exec(&t, &n, "SELECT count(*) FROM record_file_chunks"), 0);
	assert_int_equal(n, 1 + 3 + 1);
	/* Outside the unit's subtree the files are not there. */
	assert_int_equal(db_file_get(t.db, a, "/9/", ids[0], &f), DB_NOTFOUND);

	/* A file uploaded after the upgrade takes an id of its own. */
	f = (struct db_file){.record_id = f.record_id,
			     .name = "新.txt",
			     .media_type = "text/plain",
			     .size = 1,
			     .sha256 = sums[0],
			     .uploaded_by_name = "李四",
			     .uploaded_at = NOW + 100};
	assert_int_equal(db_file_insert(t.db, &f, &newid), DB_OK);
	assert_true(newid > ids[NFILES - 1]);

	/* The roll-ups still agree, read in one snapshot as `xuanguan check` reads them. */
	assert_int_equal(xg_tx_begin(t.db, &xe), XG_OK);
	assert_int_equal(db_snapshot(t.db), DB_OK);
	assert_int_equal(record_check_rollups(t.db, print_diff, NULL, &diffs, &xe), XG_OK);
	db_rollback(t.db);
	assert_int_equal(diffs, 0);

	testdb_destroy(&t);
	arena_free(a);
}

int
main(void)
{
	struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upgrade_keeps_files_and_rollups),
	};

	return testdb_run("upgrade", tests, sizeof(tests) / sizeof(tests[0]));
}
