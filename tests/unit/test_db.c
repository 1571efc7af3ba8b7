/*
 * test_db: the storage layer on SQLite and PostgreSQL — subtree range scoping, LIKE escaping,
 * pagination, migrations and the schema check, conflicts, transactions, throttling rows,
 * sessions, settings and audit filters (src/db.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/schema.h"
#include "testdb.h"

#define NOW 1700000000

static int64_t
kind_id(struct testdb *t, struct arena *a, const char *name)
{
	struct db_kind k;

	assert_int_equal(db_kind_by_name(t->db, a, name, &k), DB_OK);
	return k.id;
}

/* Insert a unit through the storage layer; returns its id. */
static int64_t
ins(struct testdb *t, struct arena *a, int64_t parent, const char *code, const char *name)
{
	struct db_org o;
	enum db_rc rc =
	    db_org_insert(t->db, a, parent, code, name, kind_id(t, a, "其他"), 7, NOW, &o);

	if (rc != DB_OK)
		fail_msg("db_org_insert %s: %s (%s)", code, db_rc_name(rc), db_error(t->db));
	return o.id;
}

static void
test_scope_5_is_not_50(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org o, *list;
	size_t n;
	int64_t root, id = 0, u5 = 0, u50 = 0, c5, total, units, members;
	char code[16], scope5[32];

	root = ins(t, a, 0, "ROOT", "根");
	assert_int_equal(root, 1);
	/* Units 2..50 under the root: "/1/5/" and "/1/50/" share a prefix of characters. */
	while (id < 50) {
		snprintf(code, sizeof(code), "U%lld", (long long)id + 1);
		id = ins(t, a, root, code, code);
		if (id == 5)
			u5 = id;
	}
	u50 = id;
	assert_int_equal(u5, 5);
	assert_int_equal(u50, 50);
	c5 = ins(t, a, u5, "C5", "五的下级");
	ins(t, a, u50, "C50", "五十的下级");
	assert_int_equal(db_org_get(t->db, a, NULL, u5, &o), DB_OK);
	snprintf(scope5, sizeof(scope5), "/%lld/5/", (long long)root);
	assert_string_equal(o.path, scope5);

	assert_int_equal(db_org_get(t->db, a, scope5, u50, &o), DB_NOTFOUND);
	assert_int_equal(db_org_get(t->db, a, scope5, u5, &o), DB_OK);
	assert_int_equal(db_org_get(t->db, a, scope5, c5, &o), DB_OK);
	assert_int_equal(db_org_get(t->db, a, scope5, root, &o), DB_NOTFOUND);
	assert_int_equal(db_org_by_code(t->db, a, scope5, "C50", &o), DB_NOTFOUND);
	assert_int_equal(db_org_by_code(t->db, a, scope5, "C5", &o), DB_OK);
	assert_int_equal(db_org_subtree(t->db, a, scope5, 100, 0, &list, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, u5); /* path order: the unit first */
	assert_int_equal(list[1].id, c5);
	assert_int_equal(db_org_search(t->db, a, scope5, "C", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].code, "C5");
	/* The root's children are out of scope from below, even the unit itself as a child. */
	assert_int_equal(db_org_children(t->db, a, scope5, root, 100, 0, &list, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, u5);
	assert_int_equal(db_org_subtree_totals(t->db, scope5, &units, &members), DB_OK);
	assert_int_equal(units, 2);
	assert_int_equal(members, 14);
	/* Accounts follow their unit's scope. */
	{
		int64_t uid;
		struct db_user u, *ul;
		assert_int_equal(
		    db_user_insert(t->db, u50, "fifty", "五十", "viewer", "h", NOW, &uid), DB_OK);
		assert_int_equal(db_user_get(t->db, a, scope5, uid, &u), DB_NOTFOUND);
		assert_int_equal(db_user_get(t->db, a, NULL, uid, &u), DB_OK);
		assert_int_equal(db_user_list(t->db, a, scope5, 0, NULL, 100, 0, &ul, &n, &total),
				 DB_OK);
		assert_int_equal(n, 0);
		assert_int_equal(total, 0);
	}
	/* Whole tree. */
	assert_int_equal(db_org_subtree(t->db, a, NULL, 1000, 0, &list, &n), DB_OK);
	assert_int_equal(n, 52);
	assert_int_equal(db_org_all(t->db, a, &list, &n), DB_OK);
	assert_int_equal(n, 52);
	arena_free(a);
}

static void
test_search_escapes_wildcards(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org *list;
	size_t n;
	int64_t total, root;

	root = ins(t, a, 0, "ROOT", "根");
	ins(t, a, root, "P1", "达标率100%单位");
	ins(t, a, root, "P2", "a_b学会");
	ins(t, a, root, "P3", "axb学会");
	ins(t, a, root, "P4", "back\\slash");
	ins(t, a, root, "Mixed-Case", "Science 协会");

	assert_int_equal(db_org_search(t->db, a, NULL, "%", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "P1");
	assert_int_equal(db_org_search(t->db, a, NULL, "_", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].code, "P2");
	assert_int_equal(db_org_search(t->db, a, NULL, "a_b", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_org_search(t->db, a, NULL, "\\", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].code, "P4");
	assert_int_equal(db_org_search(t->db, a, NULL, "'", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 0);
	/* Latin letters match without regard to case, in names and codes. */
	assert_int_equal(db_org_search(t->db, a, NULL, "science", 100, 0, &list, &n, &total),
			 DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_org_search(t->db, a, NULL, "mixed-case", 100, 0, &list, &n, &total),
			 DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_org_search(t->db, a, NULL, "学会", 100, 0, &list, &n, &total), DB_OK);
	assert_int_equal(n, 2);
	/* Users: the same escaping. */
	{
		int64_t uid;
		struct db_user *ul;
		assert_int_equal(db_user_insert(t->db, root, "a_b", "甲", "viewer", "h", NOW, &uid),
				 DB_OK);
		assert_int_equal(db_user_insert(t->db, root, "axb", "乙", "viewer", "h", NOW, &uid),
				 DB_OK);
		assert_int_equal(db_user_list(t->db, a, NULL, 0, "_", 100, 0, &ul, &n, &total),
				 DB_OK);
		assert_int_equal(n, 1);
		assert_string_equal(ul[0].username, "a_b");
		assert_int_equal(db_user_list(t->db, a, NULL, 0, "", 100, 0, &ul, &n, &total),
				 DB_OK);
		assert_int_equal(n, 2);
	}
	arena_free(a);
}

static void
test_pagination(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org *list;
	size_t n, seen = 0;
	int64_t root, total, off;
	char code[16];
	unsigned char hit[64] = {0};

	root = ins(t, a, 0, "ROOT", "根");
	for (int i = 0; i < 25; i++) {
		snprintf(code, sizeof(code), "K%02d", i);
		ins(t, a, root, code, "分页单位");
	}
	for (off = 0; off < 40; off += 10) {
		assert_int_equal(db_org_children(t->db, a, NULL, root, 10, off, &list, &n), DB_OK);
		assert_int_equal(n, off < 20 ? 10 : off < 30 ? 5 : 0);
		for (size_t i = 0; i < n; i++) {
			assert_false(hit[list[i].id]); /* no unit on two pages */
			hit[list[i].id] = 1;
			seen++;
		}
	}
	assert_int_equal(seen, 25);
	/* Pages are in code order. */
	assert_int_equal(db_org_children(t->db, a, NULL, root, 3, 0, &list, &n), DB_OK);
	assert_string_equal(list[0].code, "K00");
	assert_string_equal(list[2].code, "K02");
	/* The total of a search does not depend on the page. */
	assert_int_equal(db_org_search(t->db, a, NULL, "分页", 5, 20, &list, &n, &total), DB_OK);
	assert_int_equal(n, 5);
	assert_int_equal(total, 25);
	assert_int_equal(db_org_search(t->db, a, NULL, "分页", 5, 100, &list, &n, &total), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 25);
	arena_free(a);
}

static void
test_migrations(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_kind *kinds;
	size_t n;
	int from = -1, to = -1, v = -1;

	/* Already migrated by the fixture: a second run changes nothing. */
	assert_int_equal(db_migrate(t->db, &from, &to), DB_OK);
	assert_int_equal(from, db_schema_latest());
	assert_int_equal(to, db_schema_latest());
	assert_int_equal(db_schema_check(t->db, &v), DB_OK);
	assert_int_equal(v, db_schema_latest());
	assert_int_equal(db_kind_list(t->db, a, &kinds, &n), DB_OK);
	assert_int_equal(n, 10);
	assert_string_equal(kinds[0].name, "市科协");
	assert_string_equal(kinds[9].name, "其他");
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM schema_migrations"),
			 db_schema_latest());
	assert_null(db_schema_migration(0));
	assert_null(db_schema_migration(db_schema_latest() + 1));
	assert_non_null(db_schema_migration(1));
	/* Kinds are data: more can be added, names stay unique. */
	{
		int64_t id;
		assert_int_equal(db_kind_insert(t->db, "新类型", &id), DB_OK);
		assert_true(id > 0);
		assert_int_equal(db_kind_insert(t->db, "新类型", &id), DB_CONFLICT);
		assert_int_equal(db_kind_list(t->db, a, &kinds, &n), DB_OK);
		assert_int_equal(n, 11);
		assert_string_equal(kinds[10].name, "新类型");
	}
	arena_free(a);
}

static void
test_schema_too_old_and_too_new(void **state)
{
	const struct testdb_backend *be = *state;
	struct testdb t;
	int v = -1, from = -1, to = -1;

	/* An empty database is too old for serve. */
	assert_int_equal(testdb_create_raw(&t, be), 0);
	assert_int_equal(db_schema_check(t.db, &v), DB_ERR);
	assert_int_equal(v, 0);
	assert_int_equal(db_migrate(t.db, &from, &to), DB_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, db_schema_latest());
	assert_int_equal(db_schema_check(t.db, &v), DB_OK);
	/* A newer binary has been here: this one refuses to touch it. */
	assert_int_equal(
	    testdb_exec(&t, NULL,
			"INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 0)",
			db_schema_latest() + 1),
	    0);
	assert_int_equal(db_schema_check(t.db, &v), DB_TOONEW);
	assert_int_equal(v, db_schema_latest() + 1);
	assert_int_equal(db_migrate(t.db, &from, &to), DB_TOONEW);
	assert_int_equal(testdb_count(&t, "SELECT count(*) FROM schema_migrations"),
			 db_schema_latest() + 1);
	testdb_destroy(&t);
}

static void
test_conflicts_and_missing(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org o;
	int64_t root, uid;

	root = ins(t, a, 0, "ROOT", "根");
	assert_int_equal(
	    db_org_insert(t->db, a, root, "ROOT", "重名", kind_id(t, a, "其他"), 0, NOW, &o),
	    DB_CONFLICT);
	assert_int_equal(
	    db_org_insert(t->db, a, 999, "ORPHAN", "孤儿", kind_id(t, a, "其他"), 0, NOW, &o),
	    DB_NOTFOUND);
	assert_int_equal(db_org_update(t->db, 999, "X", "X", kind_id(t, a, "其他"), 0, 0, NOW),
			 DB_NOTFOUND);
	assert_int_equal(db_user_insert(t->db, root, "dup", "甲", "viewer", "h", NOW, &uid), DB_OK);
	assert_int_equal(db_user_insert(t->db, root, "dup", "乙", "viewer", "h", NOW, &uid),
			 DB_CONFLICT);
	/* Members can never go negative, whatever the caller does. */
	assert_int_equal(
	    db_org_update(t->db, root, "ROOT", "根", kind_id(t, a, "其他"), -1, 0, NOW),
	    DB_CONFLICT);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org"), 1);
	arena_free(a);
}

static void
test_transactions(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org o;
	int64_t root;

	db_rollback(t->db); /* harmless without a transaction */
	root = ins(t, a, 0, "ROOT", "根");
	assert_int_equal(db_begin(t->db), DB_OK);
	ins(t, a, root, "GONE", "回滚");
	assert_int_equal(db_org_by_code(t->db, a, NULL, "GONE", &o), DB_OK); /* visible inside */
	db_rollback(t->db);
	assert_int_equal(db_org_by_code(t->db, a, NULL, "GONE", &o), DB_NOTFOUND);
	assert_int_equal(db_begin(t->db), DB_OK);
	ins(t, a, root, "KEPT", "提交");
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org WHERE code = 'KEPT'"), 1);
	arena_free(a);
}

static void
test_throttle_rows(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_throttle th, *locked;
	size_t n;

	assert_int_equal(db_throttle_get(t->db, a, "user:x", &th), DB_NOTFOUND);
	assert_int_equal(db_throttle_fail(t->db, a, "user:x", NOW, NOW - 900, &th), DB_OK);
	assert_int_equal(th.failures, 1);
	assert_int_equal(th.window_start, NOW);
	assert_int_equal(db_throttle_fail(t->db, a, "user:x", NOW + 10, NOW + 10 - 900, &th),
			 DB_OK);
	assert_int_equal(th.failures, 2);
	assert_int_equal(th.window_start, NOW);
	/* After the window the count starts over. */
	assert_int_equal(db_throttle_fail(t->db, a, "user:x", NOW + 1000, NOW + 1000 - 900, &th),
			 DB_OK);
	assert_int_equal(th.failures, 1);
	assert_int_equal(th.window_start, NOW + 1000);
	assert_int_equal(db_throttle_lock(t->db, "user:x", NOW + 2000), DB_OK);
	assert_int_equal(db_throttle_locked(t->db, a, NOW + 1500, &locked, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(locked[0].locked_until, NOW + 2000);
	assert_int_equal(db_throttle_locked(t->db, a, NOW + 2000, &locked, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_throttle_clear(t->db, "user:x"), DB_OK);
	assert_int_equal(db_throttle_get(t->db, a, "user:x", &th), DB_NOTFOUND);
	arena_free(a);
}

static void
test_sessions_rows(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_session s;
	struct db_user u;
	int64_t root, uid, s1, s2, s3;

	root = ins(t, a, 0, "ROOT", "根");
	assert_int_equal(db_user_insert(t->db, root, "u1", "甲", "viewer", "h", NOW, &uid), DB_OK);
	assert_int_equal(db_session_insert(t->db, "h1", uid, "cookie", "c1", NULL, "1.1.1.1", NOW,
					   NOW + 100, &s1),
			 DB_OK);
	assert_int_equal(db_session_insert(t->db, "h1", uid, "cookie", "c1", NULL, "1.1.1.1", NOW,
					   NOW + 100, &s2),
			 DB_CONFLICT);
	assert_int_equal(
	    db_session_insert(t->db, "h2", uid, "cookie", "c2", NULL, NULL, NOW, NOW + 50, &s2),
	    DB_OK);
	assert_int_equal(
	    db_session_insert(t->db, "h3", uid, "api", NULL, "脚本", NULL, NOW, NOW + 500, &s3),
	    DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h1", &s, &u), DB_OK);
	assert_int_equal(s.id, s1);
	assert_string_equal(s.kind, "cookie");
	assert_string_equal(s.csrf, "c1");
	/* The account comes with the session, in the same read. */
	assert_int_equal(u.id, uid);
	assert_string_equal(u.username, "u1");
	assert_string_equal(u.role, "viewer");
	assert_string_equal(u.org_code, "ROOT");
	assert_false(u.disabled);
	assert_int_equal(db_session_touch(t->db, s1, NOW + 30), DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h1", &s, NULL), DB_OK);
	assert_int_equal(s.last_seen, NOW + 30);
	/* Purge drops what has expired. */
	assert_int_equal(db_session_purge(t->db, NOW + 60), DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h2", &s, NULL), DB_NOTFOUND);
	/* Every session of the user but one. */
	assert_int_equal(db_session_delete_user(t->db, uid, s1), DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h1", &s, NULL), DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h3", &s, NULL), DB_NOTFOUND);
	assert_int_equal(db_session_delete(t->db, s1), DB_OK);
	assert_int_equal(db_session_lookup(t->db, a, "h1", &s, NULL), DB_NOTFOUND);
	arena_free(a);
}

static void
test_settings(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	const char *v, **keys, **values;
	size_t n;

	assert_int_equal(db_setting_get(t->db, a, "k", &v), DB_NOTFOUND);
	assert_int_equal(db_setting_put(t->db, "k", "一"), DB_OK);
	assert_int_equal(db_setting_put(t->db, "k", "二"), DB_OK);
	assert_int_equal(db_setting_put(t->db, "a", "'; --"), DB_OK);
	assert_int_equal(db_setting_get(t->db, a, "k", &v), DB_OK);
	assert_string_equal(v, "二");
	assert_int_equal(db_setting_list(t->db, a, &keys, &values, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(keys[0], "a");
	assert_string_equal(values[0], "'; --");
	arena_free(a);
}

static void
test_audit_filters(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_audit *rows;
	size_t n;
	int64_t total;
	struct db_audit rec = {.actor_name = "甲", .action = "org.create", .object_type = "org"};
	struct db_audit_filter f = {.to = INT64_MAX, .limit = 100};

	for (int i = 0; i < 6; i++) {
		rec.at = NOW + i * 100;
		rec.org_path = i < 2 ? "/1/5/" : i < 4 ? "/1/50/" : NULL;
		rec.action = i % 2 ? "org.update" : "org.create";
		rec.before = i == 0 ? "{\"a\":1}" : NULL;
		assert_int_equal(db_audit_insert(t->db, &rec), DB_OK);
	}
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(n, 6);
	assert_true(rows[0].id > rows[5].id); /* newest first */
	assert_string_equal(rows[5].before, "{\"a\":1}");
	assert_null(rows[4].before);
	/* Scope: "/1/5/" is not "/1/50/"; entries without a unit only in the unscoped view. */
	f.scope = "/1/5/";
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 2);
	f.scope = "/1/";
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 4);
	f.scope = NULL;
	f.action = "org.update";
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 3);
	/* [from, to) */
	f.action = NULL;
	f.from = NOW + 100;
	f.to = NOW + 300;
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 2);
	/* Pages. */
	f.from = 0;
	f.to = INT64_MAX;
	f.limit = 4;
	f.offset = 4;
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 6);
	f.actor = "乙";
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 0);
	arena_free(a);
}

static void
test_open_failures(void **state)
{
	struct db *db = NULL;
	char err[256] = "";
	(void)state;

	assert_int_equal(db_open("/nonexistent-dir/x/y.db", &db, err, sizeof(err)), DB_ERR);
	assert_null(db);
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_int_equal(db_open("", &db, err, sizeof(err)), DB_ERR);
	assert_true(strlen(err) > 0);
	assert_int_equal(db_open(NULL, &db, err, sizeof(err)), DB_ERR);
	err[0] = '\0';
	assert_int_equal(db_open("postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2", &db,
				 err, sizeof(err)),
			 DB_ERR);
	assert_null(db);
	assert_true(strlen(err) > 0);
	db_close(NULL);
	assert_string_equal(db_rc_name(DB_TOONEW), "schema too new");
}

static void
test_backend_names(void **state)
{
	struct testdb *t = *state;

	assert_string_equal(db_backend(t->db), t->be->pg ? "postgresql" : "sqlite");
}

/* Durability: the file is in WAL mode (synchronous=FULL is per connection, set at open). */
static void
test_sqlite_wal_mode(void **state)
{
	struct testdb *t = *state;
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_open(t->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* References are enforced by the database itself, on both backends. */
static void
test_foreign_keys(void **state)
{
	struct testdb *t = *state;
	int64_t uid;

	assert_int_equal(db_user_insert(t->db, 424242, "orphan", "孤儿", "viewer", "h", NOW, &uid),
			 DB_CONFLICT);
	assert_int_equal(
	    db_session_insert(t->db, "hx", 424242, "cookie", NULL, NULL, NULL, NOW, NOW + 1, &uid),
	    DB_CONFLICT);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM users"), 0);
}

/*
 * Several server processes share one database: failures counted by four processes at
 * once add up exactly (the count is one atomic upsert, not read-modify-write).
 */
static void
test_throttle_across_processes(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_throttle th;
	pid_t kids[4];
	int i, status;

	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct db *db = NULL;
			struct arena *ka = arena_new();
			struct db_throttle kt;
			char err[256];
			int k, bad = 0;
			if (db_open(t->url, &db, err, sizeof(err)) != DB_OK)
				_exit(2);
			for (k = 0; k < 25; k++) {
				enum db_rc rc;
				do
					rc = db_throttle_fail(db, ka, "addr:shared", NOW, NOW - 900,
							      &kt);
				while (rc == DB_BUSY);
				bad += rc != DB_OK;
			}
			db_close(db);
			arena_free(ka);
			_exit(bad ? 1 : 0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(db_throttle_get(t->db, a, "addr:shared", &th), DB_OK);
	assert_int_equal(th.failures, 100);
	arena_free(a);
}

/* The server went away (PostgreSQL) or the file is not a database (SQLite): clean errors. */
static void
test_pg_fault_connection_lost(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db_org o;
	int64_t root;

	root = ins(t, a, 0, "ROOT", "根");
	if (!t->be->pg) {
		arena_free(a);
		skip(); /* SQLite has no server to lose; see test_sqlite_fault_corrupt_file */
	}
	assert_int_equal(
	    testdb_exec(t, NULL,
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			" WHERE datname = current_database() AND pid <> pg_backend_pid()"),
	    0);
	/* The request that meets the dead connection fails cleanly ... */
	assert_int_equal(db_org_get(t->db, a, NULL, root, &o), DB_ERR);
	assert_true(strlen(db_error(t->db)) > 0);
	/* ... and the connection is re-established, statements prepared again, for the next. */
	assert_int_equal(db_org_get(t->db, a, NULL, root, &o), DB_OK);
	assert_string_equal(o.code, "ROOT");
	assert_int_equal(db_begin(t->db), DB_OK);
	ins(t, a, root, "AFTER", "重连之后");
	assert_int_equal(db_commit(t->db), DB_OK);
	arena_free(a);
}

/*
 * The same when the dead connection is first met by a statement this connection has never
 * prepared: one request fails, the next one works.
 */
static void
test_pg_fault_connection_lost_before_prepare(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	const char *v;
	struct db_kind *kinds;
	size_t n;
	enum db_rc first, second;

	assert_int_equal(
	    testdb_exec(t, NULL,
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
			" WHERE datname = current_database() AND pid <> pg_backend_pid()"),
	    0);
	/* Statements never used on this connection (the fixture only migrated). */
	first = db_setting_get(t->db, a, "k", &v);
	/* One failure only: the very next request works, with no second try. */
	second = db_kind_list(t->db, a, &kinds, &n);
	arena_free(a);
	assert_int_equal(first, DB_ERR);
	assert_int_equal(second, DB_OK);
}

static void
test_sqlite_fault_corrupt_file(void **state)
{
	const struct testdb_backend *be = *state;
	struct testdb t;
	struct db *db2 = NULL;
	char err[256] = "";
	int v;
	FILE *fp;

	if (be->pg)
		skip();
	assert_int_equal(testdb_create(&t, be), 0);
	db_close(t.db);
	t.db = NULL;
	/* Scribble over the header, as a failing disk or a wrong file would. */
	fp = fopen(t.path, "r+b");
	assert_non_null(fp);
	for (int i = 0; i < 4096; i++)
		fputc(0x5a, fp);
	fclose(fp);
	if (db_open(t.path, &db2, err, sizeof(err)) == DB_OK) {
		assert_int_not_equal(db_schema_check(db2, &v), DB_OK);
		db_close(db2);
	} else {
		assert_null(db2);
		assert_true(strlen(err) > 0);
	}
	testdb_destroy(&t);
}

/*
 * A read-only connection reads, refuses every write, and checks the schema
 * without creating anything (issue 7: read commands never change the file).
 */
static void
test_readonly_connection(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct db *ro = NULL;
	struct db_kind *kinds;
	size_t n;
	char err[256];
	int version = -1;

	assert_int_equal(db_open_readonly(t->url, &ro, err, sizeof(err)), DB_OK);
	assert_int_equal(db_schema_check(ro, &version), DB_OK);
	assert_int_equal(version, db_schema_latest());
	assert_int_equal(db_kind_list(ro, a, &kinds, &n), DB_OK);
	assert_true(n > 0);
	assert_int_not_equal(db_setting_put(ro, "x", "y"), DB_OK);
	assert_int_not_equal(db_kind_insert(ro, "只读不写", &(int64_t){0}), DB_OK);
	db_close(ro);
	/* The writer saw nothing. */
	assert_int_equal(db_kind_by_name(t->db, a, "只读不写", &kinds[0]), DB_NOTFOUND);
	arena_free(a);
}

/* A SQLite file that is not ours: a read-only check leaves it byte for byte as it was. */
static void
test_readonly_foreign_sqlite(void **state)
{
	char path[] = "/tmp/xg-foreign-XXXXXX";
	int fd = mkstemp(path);
	struct db *ro = NULL;
	char err[256];
	int version = -1;
	struct stat st;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(db_open_readonly(path, &ro, err, sizeof(err)), DB_OK);
	assert_int_equal(db_schema_check(ro, &version), DB_ERR);
	assert_int_equal(version, 0);
	db_close(ro);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	unlink(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, testdb_setup, testdb_teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {cmocka_unit_test(test_open_failures)};
	struct CMUnitTest tests[] = {
	    T(test_scope_5_is_not_50),
	    T(test_search_escapes_wildcards),
	    T(test_pagination),
	    T(test_migrations),
	    cmocka_unit_test(test_schema_too_old_and_too_new),
	    T(test_conflicts_and_missing),
	    T(test_transactions),
	    T(test_throttle_rows),
	    T(test_sqlite_wal_mode),
	    T(test_foreign_keys),
	    T(test_throttle_across_processes),
	    T(test_sessions_rows),
	    T(test_settings),
	    T(test_audit_filters),
	    T(test_backend_names),
	    T(test_readonly_connection),
	    T(test_pg_fault_connection_lost),
	    T(test_pg_fault_connection_lost_before_prepare),
	    cmocka_unit_test(test_sqlite_fault_corrupt_file),
	    cmocka_unit_test(test_readonly_foreign_sqlite),
	};
	int failed = cmocka_run_group_tests_name("db", pure, NULL, NULL);

	return failed + testdb_run("db", tests, sizeof(tests) / sizeof(tests[0]));
}
