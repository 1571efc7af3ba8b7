/* test_policy: password rules, bounded fields, loading overlays and all-or-nothing updates
 * (src/policy.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/actor.h"
#include "domain/policy.h"
#include "testdb.h"

static enum xg_rc
check(const struct policy *p, const char *pw, const char *user)
{
	struct xg_error err = {0};
	enum xg_rc rc = policy_check_password(p, pw, user, &err);

	if (rc != XG_OK) {
		assert_string_equal(err.field, "password");
		assert_true(strlen(err.message) > 0);
		if (pw[0] != '\0')
			assert_null(strstr(err.message, pw)); /* never repeats the password */
	}
	return rc;
}

static void
test_defaults(void **state)
{
	const struct policy_field *f;
	struct policy p;
	size_t n, i;
	(void)state;

	policy_defaults(&p);
	f = policy_fields(&n);
	assert_true(n >= 9);
	for (i = 0; i < n; i++) {
		assert_true(f[i].min <= f[i].def && f[i].def <= f[i].max);
		assert_int_equal(policy_get(&p, &f[i]), f[i].def);
		assert_true(strlen(f[i].label) > 0);
	}
	assert_true(p.session_idle <= p.session_absolute);
	{
		json_t *j = policy_to_json(&p);
		assert_non_null(j);
		assert_int_equal(json_integer_value(json_object_get(j, "pw_min_length")),
				 p.pw_min_length);
		assert_int_equal(json_object_size(j), n);
		json_decref(j);
	}
}

/* The defaults docs/security.md promises, value by value. */
static void
test_documented_defaults(void **state)
{
	struct policy p;
	(void)state;

	policy_defaults(&p);
	assert_int_equal(p.pw_min_length, 10);
	assert_int_equal(p.pw_min_classes, 3);
	assert_int_equal(p.lock_user_failures, 5);
	assert_int_equal(p.lock_addr_failures, 20);
	assert_int_equal(p.lock_window, 15 * 60);
	assert_int_equal(p.lock_seconds, 15 * 60);
	assert_int_equal(p.session_idle, 30 * 60);
	assert_int_equal(p.session_absolute, 8 * 3600);
	assert_int_equal(p.token_days, 365);
}

static void
test_password_length_in_characters(void **state)
{
	struct policy p;
	(void)state;

	policy_defaults(&p);
	p.pw_min_length = 8;
	p.pw_min_classes = 1;
	assert_int_equal(check(&p, "abcdefgh", NULL), XG_OK);
	assert_int_equal(check(&p, "abcdefg", NULL), XG_INVALID);
	/* Seven Chinese characters are 21 bytes but only 7 characters: too short. */
	assert_int_equal(check(&p, "科学技术协会好", NULL), XG_INVALID);
	assert_int_equal(check(&p, "科学技术协会很好", NULL), XG_OK);
	assert_int_equal(check(&p, "", NULL), XG_INVALID);
	/* An upper bound exists (128 characters). */
	{
		char pw[200];
		memset(pw, 'a', 128);
		pw[128] = '\0';
		assert_int_equal(check(&p, pw, NULL), XG_OK);
		pw[128] = 'a';
		pw[129] = '\0';
		assert_int_equal(check(&p, pw, NULL), XG_INVALID);
	}
}

static void
test_password_classes(void **state)
{
	struct policy p;
	(void)state;

	policy_defaults(&p);
	p.pw_min_length = 8;
	p.pw_min_classes = 3;
	assert_int_equal(check(&p, "alllowercase", NULL), XG_INVALID);
	assert_int_equal(check(&p, "lowerUPPER", NULL), XG_INVALID);
	assert_int_equal(check(&p, "lowerUPPER1", NULL), XG_OK);
	assert_int_equal(check(&p, "lower123!!", NULL), XG_OK);
	assert_int_equal(check(&p, "12345678", NULL), XG_INVALID);
	assert_int_equal(check(&p, "科协abcd1234", NULL), XG_OK); /* non-ASCII counts as "other" */
	p.pw_min_classes = 4;
	assert_int_equal(check(&p, "lowerUPPER1", NULL), XG_INVALID);
	assert_int_equal(check(&p, "lowerUPPER1!", NULL), XG_OK);
}

static void
test_password_contains_username(void **state)
{
	struct policy p;
	(void)state;

	policy_defaults(&p);
	p.pw_min_length = 8;
	p.pw_min_classes = 1;
	assert_int_equal(check(&p, "xxzhangwei99", "zhangwei"), XG_INVALID);
	assert_int_equal(check(&p, "zhangwei", "zhangwei"), XG_INVALID);
	assert_int_equal(check(&p, "xxzhangwe99", "zhangwei"), XG_OK);
	assert_int_equal(check(&p, "anything-goes", ""), XG_OK);
	assert_int_equal(check(&p, "anything-goes", NULL), XG_OK);
}

static void
test_password_bad_bytes(void **state)
{
	struct policy p;
	(void)state;

	policy_defaults(&p);
	p.pw_min_classes = 1;
	assert_int_equal(check(&p, "abcdefghij\xff", NULL), XG_INVALID);
	assert_int_equal(check(&p, "abcdefghij\n", NULL), XG_INVALID);
	assert_int_equal(check(&p, "abcdef\x1bghij", NULL), XG_INVALID);
}

/* Storage: a fresh database per test (struct testdb *) on each backend. */

static void
test_load_overlay_and_bounds(void **state)
{
	struct testdb *t = *state;
	struct policy p, d;

	policy_defaults(&d);
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_memory_equal(&p, &d, sizeof(p)); /* nothing stored: the defaults */

	assert_int_equal(db_setting_put(t->db, "pw_min_length", "12"), DB_OK);
	assert_int_equal(db_setting_put(t->db, "lock_user_failures", "1"), DB_OK);  /* below 3 */
	assert_int_equal(db_setting_put(t->db, "lock_window", "abc"), DB_OK);	    /* junk */
	assert_int_equal(db_setting_put(t->db, "session_idle", "99999999"), DB_OK); /* above */
	assert_int_equal(db_setting_put(t->db, "token_days", " 30"), DB_OK);	    /* junk */
	assert_int_equal(db_setting_put(t->db, "unrelated", "5"), DB_OK);
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_int_equal(p.pw_min_length, 12);
	assert_int_equal(p.lock_user_failures, d.lock_user_failures);
	assert_int_equal(p.lock_window, d.lock_window);
	assert_int_equal(p.session_idle, d.session_idle);
	assert_int_equal(p.token_days, d.token_days);
}

static void
test_set_bounds(void **state)
{
	struct testdb *t = *state;
	struct xg_error err = {0};
	struct policy p;

	assert_int_equal(policy_set(t->db, "pw_min_length", 7, &err), XG_INVALID);
	assert_string_equal(err.code, "out_of_range");
	assert_string_equal(err.field, "pw_min_length");
	assert_int_equal(policy_set(t->db, "pw_min_length", 65, &err), XG_INVALID);
	assert_int_equal(policy_set(t->db, "no_such_key", 1, &err), XG_INVALID);
	assert_string_equal(err.code, "unknown_field");
	assert_int_equal(policy_set(t->db, "pw_min_length", 8, &err), XG_OK);
	assert_int_equal(policy_set(t->db, "pw_min_classes", 4, &err), XG_OK);
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_int_equal(p.pw_min_length, 8);
	assert_int_equal(p.pw_min_classes, 4);
}

static int64_t
audit_count(struct testdb *t, const char *action)
{
	struct db_audit_filter f = {.action = action, .to = INT64_MAX, .limit = 100};
	struct arena *a = arena_new();
	struct db_audit *rows;
	size_t n;
	int64_t total = -1;

	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	arena_free(a);
	return total;
}

static void
test_update_all_or_nothing(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct xg_error err = {0};
	struct policy p, d;
	const char *keys[] = {"pw_min_length", "lock_seconds", "token_days"};
	int64_t good[] = {14, 600, 30};
	int64_t bad[] = {20, 700, 999999}; /* the last is out of range */

	policy_defaults(&d);
	assert_int_equal(policy_update(t->db, &sys, keys, bad, 3, 1000, &err), XG_INVALID);
	assert_string_equal(err.field, "token_days");
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_memory_equal(&p, &d, sizeof(p)); /* nothing of the bad update stayed */
	assert_int_equal(audit_count(t, "policy.update"), 0);

	/* An unknown key spoils the whole update too. */
	{
		const char *k2[] = {"pw_min_length", "bogus"};
		int64_t v2[] = {15, 1};
		assert_int_equal(policy_update(t->db, &sys, k2, v2, 2, 1000, &err), XG_INVALID);
		assert_int_equal(policy_load(t->db, &p), DB_OK);
		assert_int_equal(p.pw_min_length, d.pw_min_length);
	}
	/* Idle longer than absolute is refused as a whole, though each value is in bounds. */
	{
		const char *k3[] = {"session_idle", "session_absolute"};
		int64_t v3[] = {7200, 3600};
		assert_int_equal(policy_update(t->db, &sys, k3, v3, 2, 1000, &err), XG_INVALID);
		assert_string_equal(err.field, "session_idle");
		assert_int_equal(policy_load(t->db, &p), DB_OK);
		assert_int_equal(p.session_idle, d.session_idle);
		assert_int_equal(p.session_absolute, d.session_absolute);
	}
	assert_int_equal(audit_count(t, "policy.update"), 0);

	assert_int_equal(policy_update(t->db, &sys, keys, good, 3, 1000, &err), XG_OK);
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_int_equal(p.pw_min_length, 14);
	assert_int_equal(p.lock_seconds, 600);
	assert_int_equal(p.token_days, 30);
	assert_int_equal(audit_count(t, "policy.update"), 1);
	/* The audit entry holds the policy before and after. */
	{
		struct db_audit_filter f = {
		    .action = "policy.update", .to = INT64_MAX, .limit = 10};
		struct arena *a = arena_new();
		struct db_audit *rows;
		size_t n;
		int64_t total;
		assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
		assert_int_equal(n, 1);
		assert_non_null(rows[0].before);
		assert_non_null(rows[0].after);
		assert_non_null(strstr(rows[0].before, "\"pw_min_length\":10"));
		assert_non_null(strstr(rows[0].after, "\"pw_min_length\":14"));
		assert_string_equal(rows[0].actor_name, "system");
		arena_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_documented_defaults),
	    cmocka_unit_test(test_password_length_in_characters),
	    cmocka_unit_test(test_password_classes),
	    cmocka_unit_test(test_password_contains_username),
	    cmocka_unit_test(test_password_bad_bytes),
	};
	struct CMUnitTest stored[] = {
	    cmocka_unit_test_setup_teardown(test_load_overlay_and_bounds, testdb_setup,
					    testdb_teardown),
	    cmocka_unit_test_setup_teardown(test_set_bounds, testdb_setup, testdb_teardown),
	    cmocka_unit_test_setup_teardown(test_update_all_or_nothing, testdb_setup,
					    testdb_teardown),
	};
	int failed = cmocka_run_group_tests_name("policy", pure, NULL, NULL);

	return failed + testdb_run("policy storage", stored, sizeof(stored) / sizeof(stored[0]));
}
