/*
 * test_user: account rules on SQLite and PostgreSQL — scope, who may manage which role, own
 * account, disabling, passwords, the audit trail and storage faults (src/user.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/auth.h"
#include "domain/org.h"
#include "domain/user.h"
#include "testdb.h"

#define NOW 1700000000
#define PW "Strong-Pass-2024"

struct fx {
	struct testdb *t;
	struct arena *a;
	struct policy pol;
	struct db_org r, ua, ub;
	struct actor sys, staff_a; /* the system; a staff account (id 1000) at A */
};

static int64_t
mkunit(struct fx *f, int64_t parent, const char *code, struct db_org *out)
{
	struct org_change c = {.set_parent = parent != 0,
			       .parent_id = parent,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .code = code,
			       .name = code,
			       .kind = "其他"};
	struct xg_error err;

	assert_int_equal(org_create(f->t->db, f->a, &f->sys, &c, NOW, out, &err), XG_OK);
	return out->id;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || testdb_setup(state) != 0)
		return -1;
	f->t = *state;
	f->a = arena_new();
	policy_defaults(&f->pol);
	f->sys = ACTOR_SYSTEM("127.0.0.1");
	mkunit(f, 0, "R", &f->r);
	mkunit(f, f->r.id, "A", &f->ua);
	mkunit(f, f->r.id, "B", &f->ub);
	f->staff_a = (struct actor){.user_id = 1000,
				    .username = "boss",
				    .role = ROLE_STAFF,
				    .org_id = f->ua.id,
				    .org_path = f->ua.path,
				    .client = "10.2.2.2"};
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	void *t = f->t;

	arena_free(f->a);
	free(f);
	return testdb_teardown(&t);
}

static enum xg_rc
create(struct fx *f, const struct actor *who, const char *name, const char *role, int64_t org,
       const char *pw, int64_t *id, struct xg_error *err)
{
	struct user_new in = {
	    .username = name, .display_name = "张三", .role = role, .org_id = org, .password = pw};

	memset(err, 0, sizeof(*err));
	return user_create(f->t->db, f->a, &f->pol, who, &in, NOW, id, err);
}

static int64_t
audits(struct fx *f, const char *action)
{
	struct db_audit_filter flt = {.action = action, .to = INT64_MAX, .limit = 1};
	struct db_audit *rows;
	size_t n;
	int64_t total = -1;

	assert_int_equal(db_audit_list(f->t->db, f->a, &flt, &rows, &n, &total), DB_OK);
	return total;
}

static void
test_username_rules(void **state)
{
	static const char *const good[] = {"ab", "zhang.san", "user_1", "a-b",
					   "abcdefghijklmnopqrstuvwxyz012345"};
	static const char *const bad[] = {
	    "",	   "a", "Zhang", "张三", "a b", "a@b", "a/b", "abcdefghijklmnopqrstuvwxyz0123456",
	    "a\nb"};
	struct xg_error err;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(user_check_username(good[i], &err), XG_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (user_check_username(bad[i], &err) != XG_INVALID)
			fail_msg("accepted username \"%s\"", bad[i]);
		assert_string_equal(err.field, "username");
	}
	assert_int_equal(user_check_username(NULL, &err), XG_INVALID);
}

static void
test_create_in_scope(void **state)
{
	struct fx *f = *state;
	struct xg_error err;
	struct db_user u;
	int64_t id, before;

	assert_int_equal(create(f, &f->staff_a, "clerk", "reporter", f->ua.id, PW, &id, &err),
			 XG_OK);
	assert_int_equal(db_user_get(f->t->db, f->a, f->ua.path, id, &u), DB_OK);
	assert_string_equal(u.role, "reporter");
	assert_true(auth_verify_password(u.pw_hash, PW));
	assert_int_equal(audits(f, "user.create"), 1);
	/* The audit entry never holds the password or its hash. */
	assert_int_equal(testdb_count(f->t,
				      "SELECT count(*) FROM audit WHERE after_data LIKE '%argon2%'"
				      " OR after_data LIKE '%Strong-Pass%'"),
			 0);
	before = testdb_count(f->t, "SELECT count(*) FROM users");
	/* A sibling's unit, and the unit above, do not exist for this actor. */
	assert_int_equal(create(f, &f->staff_a, "x1", "viewer", f->ub.id, PW, &id, &err),
			 XG_NOTFOUND);
	assert_int_equal(create(f, &f->staff_a, "x2", "viewer", f->r.id, PW, &id, &err),
			 XG_NOTFOUND);
	/* Staff never create administrators. */
	assert_int_equal(create(f, &f->staff_a, "x3", "sysadmin", f->ua.id, PW, &id, &err),
			 XG_FORBIDDEN);
	assert_int_equal(create(f, &f->staff_a, "x4", "auditor", f->ua.id, PW, &id, &err),
			 XG_FORBIDDEN);
	assert_int_equal(create(f, &f->staff_a, "x5", "root", f->ua.id, PW, &id, &err), XG_INVALID);
	assert_string_equal(err.code, "unknown_role");
	/* Password policy, including the username inside the password. */
	assert_int_equal(create(f, &f->staff_a, "x6", "viewer", f->ua.id, "short", &id, &err),
			 XG_INVALID);
	assert_string_equal(err.field, "password");
	assert_int_equal(
	    create(f, &f->staff_a, "wangwu", "viewer", f->ua.id, "Xwangwu-2024!", &id, &err),
	    XG_INVALID);
	assert_int_equal(create(f, &f->staff_a, "x7", "viewer", f->ua.id, NULL, &id, &err),
			 XG_INVALID);
	/* Taken name. */
	assert_int_equal(create(f, &f->staff_a, "clerk", "viewer", f->ua.id, PW, &id, &err),
			 XG_CONFLICT);
	assert_string_equal(err.field, "username");
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM users"), before);
	assert_int_equal(audits(f, "user.create"), 1);
}

static void
test_create_in_closed_unit(void **state)
{
	struct fx *f = *state;
	struct org_change cl = {.set_closed = true, .closed = true};
	struct xg_error err;
	struct db_org o;
	int64_t id;

	assert_int_equal(org_update(f->t->db, f->a, &f->sys, f->ub.id, &cl, NOW, &o, &err), XG_OK);
	assert_int_equal(create(f, &f->sys, "late", "viewer", f->ub.id, PW, &id, &err), XG_INVALID);
	assert_string_equal(err.code, "org_closed");
}

static void
test_update_rules(void **state)
{
	struct fx *f = *state;
	struct xg_error err;
	struct db_user u;
	int64_t clerk, aud, self;
	struct user_change c;

	assert_int_equal(create(f, &f->staff_a, "clerk", "viewer", f->ua.id, PW, &clerk, &err),
			 XG_OK);
	assert_int_equal(create(f, &f->sys, "aud", "auditor", f->ua.id, PW, &aud, &err), XG_OK);
	assert_int_equal(create(f, &f->sys, "boss", "staff", f->ua.id, PW, &self, &err), XG_OK);
	f->staff_a.user_id = self;

	/* Nobody changes their own role, unit or status; their own name is fine. */
	c = (struct user_change){.set_role = true, .role = "staff"};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, self, &c, NOW, &u, &err),
			 XG_FORBIDDEN);
	c = (struct user_change){.set_disabled = true, .disabled = true};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, self, &c, NOW, &u, &err),
			 XG_FORBIDDEN);
	c = (struct user_change){.set_display_name = true, .display_name = "新名字"};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, self, &c, NOW, &u, &err), XG_OK);
	assert_string_equal(u.display_name, "新名字");
	/* Staff cannot touch an administrator's account, nor raise anyone to one. */
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, aud, &c, NOW, &u, &err),
			 XG_FORBIDDEN);
	c = (struct user_change){.set_role = true, .role = "secadmin"};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err),
			 XG_FORBIDDEN);
	/* Nor move an account out of the subtree. */
	c = (struct user_change){.set_org = true, .org_id = f->ub.id};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err),
			 XG_NOTFOUND);
	assert_int_equal(db_user_get(f->t->db, f->a, NULL, clerk, &u), DB_OK);
	assert_int_equal(u.org_id, f->ua.id);
	assert_string_equal(u.role, "viewer");
	/* Bad display names. */
	c = (struct user_change){.set_display_name = true, .display_name = ""};
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err),
			 XG_INVALID);
	c.display_name = "控制\x01字符";
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err),
			 XG_INVALID);
	/* 50 characters (not bytes) are the most a name may have. */
	{
		char name[51 * 3 + 1] = "";
		int i;
		for (i = 0; i < 50; i++)
			memcpy(name + 3 * i, "名", 3); /* three bytes in UTF-8 */
		c.display_name = name;
		assert_int_equal(
		    user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err), XG_OK);
		assert_string_equal(u.display_name, name);
		memcpy(name + 3 * 50, "字", 3);
		assert_int_equal(
		    user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err), XG_INVALID);
		assert_string_equal(err.code, "too_long");
		assert_string_equal(err.field, "display_name");
	}
	/*
	 * The one rule for names: a direction override, a zero-width space, a
	 * filler that looks blank, a leading no-break space, a tag character.
	 */
	{
		static const char *const bad[] = {
		    "\xe2\x80\xae张三", "张\xe2\x80\x8b三",	"\xe3\x85\xa4",	    "\xe2\xa0\x80",
		    "\xc2\xa0张三",	"张三\xf3\xa0\x80\x81", "张\xe2\x80\xa8三", "张\xd8\x9c三"};
		size_t i;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			c.display_name = bad[i];
			assert_int_equal(
			    user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err),
			    XG_INVALID);
			assert_string_equal(err.field, "display_name");
		}
	}
	/* An account outside the actor's subtree does not exist. */
	{
		int64_t other;
		assert_int_equal(create(f, &f->sys, "other", "viewer", f->ub.id, PW, &other, &err),
				 XG_OK);
		c = (struct user_change){.set_display_name = true, .display_name = "改"};
		assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, other, &c, NOW, &u, &err),
				 XG_NOTFOUND);
	}
	/* The own name change and the 50-character name; nothing refused is recorded. */
	assert_int_equal(audits(f, "user.update"), 2);
}

static void
test_disable_ends_sessions(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct db_user u;
	struct actor who;
	char token[AUTH_TOKEN_LEN + 1];
	int64_t clerk, tid, exp;
	struct user_change c = {.set_disabled = true, .disabled = true};

	assert_int_equal(create(f, &f->staff_a, "clerk", "viewer", f->ua.id, PW, &clerk, &err),
			 XG_OK);
	assert_int_equal(
	    auth_login(f->t->db, f->a, &f->pol, "clerk", PW, "10.3.3.3", NOW, &l, &err), XG_OK);
	assert_int_equal(
	    auth_token_create(f->t->db, &f->pol, &l.actor, "t", NOW, token, &tid, &exp, &err),
	    XG_OK);
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err), XG_OK);
	assert_true(u.disabled);
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(auth_resolve(f->t->db, f->a, &f->pol, token, "x", NOW + 1, &who, &err),
			 XG_UNAUTH);
	assert_int_equal(audits(f, "user.disable"), 1);
	c.disabled = false;
	assert_int_equal(user_update(f->t->db, f->a, &f->staff_a, clerk, &c, NOW, &u, &err), XG_OK);
	assert_int_equal(audits(f, "user.enable"), 1);
}

static void
test_passwords(void **state)
{
	struct fx *f = *state;
	struct auth_login l1, l2;
	struct xg_error err;
	struct db_user u;
	struct actor me;
	int64_t clerk, admin;

	assert_int_equal(create(f, &f->staff_a, "clerk", "viewer", f->ua.id, PW, &clerk, &err),
			 XG_OK);
	assert_int_equal(create(f, &f->sys, "admin", "sysadmin", f->ua.id, PW, &admin, &err),
			 XG_OK);
	assert_int_equal(
	    auth_login(f->t->db, f->a, &f->pol, "clerk", PW, "1.1.1.1", NOW, &l1, &err), XG_OK);
	assert_int_equal(
	    auth_login(f->t->db, f->a, &f->pol, "clerk", PW, "1.1.1.2", NOW, &l2, &err), XG_OK);
	me = l1.actor;
	/* One's own password needs the current one. */
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &me, clerk, "wrong",
					   "Another-Pass-77", NOW, &err),
			 XG_INVALID);
	assert_string_equal(err.code, "wrong_password");
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &me, clerk, NULL,
					   "Another-Pass-77", NOW, &err),
			 XG_INVALID);
	assert_int_equal(
	    user_set_password(f->t->db, f->a, &f->pol, &me, clerk, PW, "weak", NOW, &err),
	    XG_INVALID);
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &me, clerk, PW,
					   "Another-Pass-77", NOW, &err),
			 XG_OK);
	/* This session stays, the other one ends. */
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(db_user_get(f->t->db, f->a, NULL, clerk, &u), DB_OK);
	assert_true(auth_verify_password(u.pw_hash, "Another-Pass-77"));
	assert_false(auth_verify_password(u.pw_hash, PW));
	assert_int_equal(audits(f, "user.password"), 1);
	/* A manager resets without the old password, within their rights only. */
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &f->staff_a, clerk, NULL,
					   "Reset-Pass-0001", NOW, &err),
			 XG_OK);
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &f->staff_a, admin, NULL,
					   "Reset-Pass-0002", NOW, &err),
			 XG_FORBIDDEN);
	assert_int_equal(audits(f, "user.reset_password"), 1);
}

static void
test_json_has_no_hash(void **state)
{
	struct fx *f = *state;
	struct xg_error err;
	struct db_user u;
	int64_t id;
	json_t *j;
	char *text;

	assert_int_equal(create(f, &f->sys, "clerk", "viewer", f->ua.id, PW, &id, &err), XG_OK);
	assert_int_equal(db_user_get(f->t->db, f->a, NULL, id, &u), DB_OK);
	j = user_to_json(&u);
	assert_non_null(j);
	text = json_dumps(j, 0);
	assert_null(strstr(text, "argon2"));
	assert_null(json_object_get(j, "pw_hash"));
	assert_string_equal(json_string_value(json_object_get(j, "role_label")),
			    role_label(ROLE_VIEWER));
	free(text);
	json_decref(j);
}

/*
 * 三员分立: a sysadmin over the web (a real account, not the system actor)
 * neither makes, repairs, disables, re-roles nor re-units an administrator
 * account, nor grants an administrator role; the command line (system actor) does.
 */
static void
test_admins_kept_from_the_web(void **state)
{
	struct fx *f = *state;
	struct actor web;
	struct xg_error err;
	struct db_user u;
	int64_t aud, sec, clerk, id, before;
	struct user_change c;
	static const char *const admins[] = {"sysadmin", "secadmin", "auditor"};
	size_t i;

	assert_int_equal(create(f, &f->sys, "admin", "sysadmin", f->r.id, PW, &id, &err), XG_OK);
	assert_int_equal(create(f, &f->sys, "aud", "auditor", f->r.id, PW, &aud, &err), XG_OK);
	assert_int_equal(create(f, &f->sys, "sec", "secadmin", f->r.id, PW, &sec, &err), XG_OK);
	assert_int_equal(create(f, &f->sys, "clerk", "viewer", f->ua.id, PW, &clerk, &err), XG_OK);
	web = (struct actor){.user_id = id,
			     .username = "admin",
			     .role = ROLE_SYSADMIN,
			     .org_id = f->r.id,
			     .client = "10.9.9.9"};
	before = audits(f, NULL);
	for (i = 0; i < sizeof(admins) / sizeof(admins[0]); i++) {
		assert_int_equal(create(f, &web, "newadm", admins[i], f->r.id, PW, &id, &err),
				 XG_FORBIDDEN);
		assert_string_equal(err.code, "forbidden_role");
		assert_string_equal(err.field, "role");
		c = (struct user_change){.set_role = true, .role = admins[i]};
		assert_int_equal(user_update(f->t->db, f->a, &web, clerk, &c, NOW, &u, &err),
				 XG_FORBIDDEN);
	}
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &web, aud, NULL,
					   "Takeover-Pass-99", NOW, &err),
			 XG_FORBIDDEN);
	c = (struct user_change){.set_disabled = true, .disabled = true};
	assert_int_equal(user_update(f->t->db, f->a, &web, sec, &c, NOW, &u, &err), XG_FORBIDDEN);
	c = (struct user_change){.set_org = true, .org_id = f->ub.id};
	assert_int_equal(user_update(f->t->db, f->a, &web, aud, &c, NOW, &u, &err), XG_FORBIDDEN);
	c = (struct user_change){.set_role = true, .role = "viewer"};
	assert_int_equal(user_update(f->t->db, f->a, &web, aud, &c, NOW, &u, &err), XG_FORBIDDEN);
	assert_int_equal(audits(f, NULL), before);
	assert_int_equal(db_user_get(f->t->db, f->a, NULL, aud, &u), DB_OK);
	assert_true(auth_verify_password(u.pw_hash, PW));
	assert_string_equal(u.role, "auditor");
	/* The sysadmin keeps the business accounts, and their own name. */
	c = (struct user_change){.set_role = true, .role = "staff"};
	assert_int_equal(user_update(f->t->db, f->a, &web, clerk, &c, NOW, &u, &err), XG_OK);
	c = (struct user_change){.set_display_name = true, .display_name = "系统管理员甲"};
	assert_int_equal(user_update(f->t->db, f->a, &web, web.user_id, &c, NOW, &u, &err), XG_OK);
	/* The command line repairs them. */
	c = (struct user_change){.set_disabled = true, .disabled = true};
	assert_int_equal(user_update(f->t->db, f->a, &f->sys, sec, &c, NOW, &u, &err), XG_OK);
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &f->sys, aud, NULL,
					   "Repaired-Pass-99", NOW, &err),
			 XG_OK);
}

/* Storage faults: a failing audit write takes the account change with it. */
static void
test_fault_audit_table_missing(void **state)
{
	struct fx *f = *state;
	struct xg_error err;
	struct db_user u;
	int64_t id, clerk, before;
	struct user_change c = {.set_display_name = true, .display_name = "不应保存"};

	assert_int_equal(create(f, &f->sys, "clerk", "viewer", f->ua.id, PW, &clerk, &err), XG_OK);
	before = testdb_count(f->t, "SELECT count(*) FROM users");
	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE audit RENAME TO audit_hidden"), 0);
	assert_int_equal(create(f, &f->sys, "ghost", "viewer", f->ua.id, PW, &id, &err),
			 XG_INTERNAL);
	assert_int_equal(user_update(f->t->db, f->a, &f->sys, clerk, &c, NOW, &u, &err),
			 XG_INTERNAL);
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &f->sys, clerk, NULL,
					   "Never-Stored-99", NOW, &err),
			 XG_INTERNAL);
	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE audit_hidden RENAME TO audit"), 0);
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM users"), before);
	assert_int_equal(db_user_get(f->t->db, f->a, NULL, clerk, &u), DB_OK);
	assert_string_equal(u.display_name, "张三");
	assert_true(auth_verify_password(u.pw_hash, PW));
	/* And the connection recovers. */
	assert_int_equal(create(f, &f->sys, "ghost", "viewer", f->ua.id, PW, &id, &err), XG_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {cmocka_unit_test(test_username_rules)};
	struct CMUnitTest tests[] = {
	    T(test_create_in_scope),  T(test_create_in_closed_unit),
	    T(test_update_rules),     T(test_disable_ends_sessions),
	    T(test_passwords),	      T(test_admins_kept_from_the_web),
	    T(test_json_has_no_hash), T(test_fault_audit_table_missing),
	};
	int failed;

	if (auth_init() != 0)
		return 1;
	failed = cmocka_run_group_tests_name("user", pure, NULL, NULL);
	return failed + testdb_run("user", tests, sizeof(tests) / sizeof(tests[0]));
}
