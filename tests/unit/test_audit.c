/* test_audit: audit records, day boundaries in China Standard Time, auditor scope, labels
 * (src/audit.h, src/xg_error.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "testdb.h"

static void
test_day_start(void **state)
{
	struct xg_error err;
	int64_t t = 0;
	(void)state;

	/* 2024-01-01 00:00 in Beijing is 2023-12-31 16:00 UTC. */
	assert_int_equal(audit_day_start("2024-01-01", "from", &t, &err), XG_OK);
	assert_int_equal(t, 1704038400);
	assert_int_equal(audit_day_start("1970-01-02", "from", &t, &err), XG_OK);
	assert_int_equal(t, 86400 - 8 * 3600);
	assert_int_equal(audit_day_start("2024-02-29", "from", &t, &err), XG_OK);
	assert_int_equal(audit_day_start("2000-02-29", "from", &t, &err), XG_OK);
	assert_int_equal(audit_day_start("2024-12-31", "to", &t, &err), XG_OK);
	assert_int_equal(t, 1735574400);
}

static void
test_day_start_refusals(void **state)
{
	static const char *const bad[] = {
	    "",		  "2024-1-01",	 "2024-01-1",  "2024/01/01", "2023-02-29",
	    "1900-02-29", "2024-13-01",	 "2024-00-10", "2024-04-31", "2024-01-32",
	    "1969-12-31", "2024-01-01x", "+024-01-01", "2024-0a-01", "２０２４-01-01"};
	struct xg_error err;
	int64_t t = 42;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (audit_day_start(bad[i], "from", &t, &err) != XG_INVALID)
			fail_msg("accepted date \"%s\"", bad[i]);
		assert_string_equal(err.field, "from");
		assert_int_equal(t, 42);
	}
	assert_int_equal(audit_day_start(NULL, "to", &t, &err), XG_INVALID);
}

static void
test_scope_of(void **state)
{
	struct actor top = {.role = ROLE_AUDITOR, .org_path = "/1/"};
	struct actor below = {.role = ROLE_AUDITOR, .org_path = "/1/5/"};
	struct actor none = {.role = ROLE_AUDITOR, .org_path = NULL};
	(void)state;

	assert_null(audit_scope_of(&top)); /* a root auditor reads everything */
	assert_null(audit_scope_of(&none));
	assert_string_equal(audit_scope_of(&below), "/1/5/");
}

static void
test_labels(void **state)
{
	(void)state;
	assert_string_equal(audit_action_label("org.create"), "新增单位");
	assert_string_equal(audit_action_label("login.lock"), "登录锁定");
	assert_string_equal(audit_action_label("something.new"), "something.new");
}

static void
test_xg_fail_and_map(void **state)
{
	struct xg_error err;
	char big[600];
	(void)state;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(xg_fail(&err, XG_INVALID, "c", "f", "%s", big), XG_INVALID);
	assert_int_equal(strlen(err.message), sizeof(err.message) - 1); /* cut, never overflowing */
	assert_int_equal(xg_fail(NULL, XG_BUSY, "c", NULL, "x"), XG_BUSY);
	assert_int_equal(xg_from_db(&err, DB_OK, NULL, "x"), XG_OK);
	assert_int_equal(xg_from_db(&err, DB_NOTFOUND, NULL, "单位"), XG_NOTFOUND);
	assert_int_equal(xg_from_db(&err, DB_CONFLICT, NULL, "单位"), XG_CONFLICT);
	assert_int_equal(xg_from_db(&err, DB_BUSY, NULL, "单位"), XG_BUSY);
	assert_int_equal(xg_from_db(&err, DB_ERR, NULL, "单位"), XG_INTERNAL);
	assert_string_equal(err.code, "internal");
	assert_int_equal(xg_from_db(&err, DB_TOONEW, NULL, "单位"), XG_INTERNAL);
}

static void
test_record(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor who = {.user_id = 3,
			    .username = "甲",
			    .role = ROLE_STAFF,
			    .org_path = "/1/2/",
			    .client = "192.0.2.1"};
	struct actor anon = {.username = NULL, .client = "192.0.2.9"};
	struct db_audit_filter f = {.to = INT64_MAX, .limit = 10};
	struct db_audit *rows;
	struct xg_error err;
	size_t n;
	int64_t total;
	json_t *before = json_pack("{s:s,s:i}", "name", "<b>旧</b>", "n", 1);
	json_t *after = json_pack("{s:s}", "name", "新");

	assert_int_equal(audit_record(t->db, &who, NULL, "org.update", "org", 7, "摘要", before,
				      after, 1000, &err),
			 XG_OK);
	assert_int_equal(
	    audit_record(t->db, &anon, NULL, "login.fail", "user", 0, NULL, NULL, NULL, 1001, &err),
	    XG_OK);
	assert_int_equal(
	    audit_record(t->db, &who, "/1/9/", "org.create", "org", 8, "x", NULL, NULL, 1002, &err),
	    XG_OK);
	json_decref(before);
	json_decref(after);
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(n, 3);
	/* Newest first: the explicit scope path wins over the actor's. */
	assert_string_equal(rows[0].org_path, "/1/9/");
	/* Anonymous: no actor, no unit, no object id. */
	assert_int_equal(rows[1].actor_id, 0);
	assert_string_equal(rows[1].actor_name, "");
	assert_null(rows[1].org_path);
	assert_null(rows[1].object_id);
	assert_string_equal(rows[1].client, "192.0.2.9");
	/* Snapshots are compact JSON with sorted keys, stored verbatim. */
	assert_string_equal(rows[2].before, "{\"n\":1,\"name\":\"<b>旧</b>\"}");
	assert_string_equal(rows[2].after, "{\"name\":\"新\"}");
	assert_string_equal(rows[2].object_id, "7");
	assert_int_equal(rows[2].actor_id, 3);
	assert_int_equal(rows[2].at, 1000);
	/* A scoped auditor at /1/2/ sees only the first. */
	f.scope = "/1/2/";
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 1);
	arena_free(a);
}

struct walk {
	size_t seen;
	size_t stop_at; /* 0: never stop */
	int64_t last_at;
	bool ordered;
	char first_summary[32];
};

static int
walk_row(void *cls, const struct db_audit *e)
{
	struct walk *w = cls;

	if (w->seen == 0)
		snprintf(w->first_summary, sizeof(w->first_summary), "%s",
			 e->summary ? e->summary : "");
	else if (e->at > w->last_at)
		w->ordered = false;
	w->last_at = e->at;
	w->seen++;
	return w->stop_at != 0 && w->seen == w->stop_at;
}

/* The walk reads every matching row once, newest first, in scope, and stops when asked to. */
static void
test_each(void **state)
{
	struct testdb *t = *state;
	struct actor who = {
	    .user_id = 3, .username = "甲", .role = ROLE_STAFF, .org_path = "/1/2/"};
	struct db_audit_filter f = {.to = INT64_MAX, .limit = 1, .offset = 5};
	struct walk w = {.ordered = true};
	struct xg_error err;
	char summary[32];
	int i;

	for (i = 0; i < 250; i++) {
		snprintf(summary, sizeof(summary), "第%d条", i);
		assert_int_equal(audit_record(t->db, &who, i % 5 == 0 ? "/1/9/" : NULL,
					      "org.update", "org", i, summary, NULL, NULL, 1000 + i,
					      &err),
				 XG_OK);
	}
	/* limit and offset are a list's: the walk ignores them and reads the whole selection. */
	assert_int_equal(db_audit_each(t->db, &f, walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 250);
	assert_true(w.ordered);
	assert_string_equal(w.first_summary, "第249条");
	/* A lower auditor's scope holds in a walk too: 200 rows at /1/2/. */
	f.scope = "/1/2/";
	memset(&w, 0, sizeof(w));
	w.ordered = true;
	assert_int_equal(db_audit_each(t->db, &f, walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 200);
	/* Stopping early is not an error, and the connection serves the next statement. */
	memset(&w, 0, sizeof(w));
	w.stop_at = 7;
	assert_int_equal(db_audit_each(t->db, &f, walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 7);
	f.scope = NULL;
	f.action = "login.fail";
	memset(&w, 0, sizeof(w));
	assert_int_equal(db_audit_each(t->db, &f, walk_row, &w), DB_OK);
	assert_int_equal(w.seen, 0);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_day_start),	    cmocka_unit_test(test_day_start_refusals),
	    cmocka_unit_test(test_scope_of),	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_xg_fail_and_map),
	};
	struct CMUnitTest stored[] = {
	    cmocka_unit_test_setup_teardown(test_record, testdb_setup, testdb_teardown),
	    cmocka_unit_test_setup_teardown(test_each, testdb_setup, testdb_teardown),
	};
	int failed = cmocka_run_group_tests_name("audit", pure, NULL, NULL);

	return failed + testdb_run("audit", stored, sizeof(stored) / sizeof(stored[0]));
}
