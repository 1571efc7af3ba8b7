/*
 * test_auth: passwords, login with throttling and lock-out, sessions with idle and absolute
 * expiry, API tokens and unlocking, on SQLite and PostgreSQL (src/auth.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/user.h"
#include "domain/org.h"
#include "testdb.h"

#define NOW 1700000000
#define PW "Correct-Horse-9"

/* One Argon2id hash of PW for every account: hashing costs a tenth of a second and 64 MiB. */
static const char *
pw_hash(void)
{
	static char h[AUTH_HASH_MAX];
	struct xg_error err;

	if (h[0] == '\0')
		assert_int_equal(auth_hash_password(PW, h, &err), XG_OK);
	return h;
}

struct fx {
	struct testdb *t;
	struct arena *a;
	struct policy pol;
	int64_t root, alice, bob;
};

/* Per test: a fresh database with unit R and accounts alice (staff) and bob (viewer). */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change c = {.set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .code = "R",
			       .name = "市科协",
			       .kind = "市科协"};
	struct xg_error err;
	struct db_org o;

	if (f == NULL || testdb_setup(state) != 0)
		return -1;
	f->t = *state;
	f->a = arena_new();
	policy_defaults(&f->pol);
	if (org_create(f->t->db, f->a, &sys, &c, NOW, &o, &err) != XG_OK)
		return -1;
	f->root = o.id;
	if (db_user_insert(f->t->db, o.id, "alice", "爱丽丝", "staff", pw_hash(), NOW, &f->alice) !=
		DB_OK ||
	    db_user_insert(f->t->db, o.id, "bob", "鲍勃", "viewer", pw_hash(), NOW, &f->bob) !=
		DB_OK)
		return -1;
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
login(struct fx *f, const char *user, const char *pw, const char *client, int64_t now,
      struct auth_login *out, struct xg_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	return auth_login(f->t->db, f->a, &f->pol, user, pw, client, now, out, err);
}

static enum xg_rc
resolve(struct fx *f, const char *token, int64_t now, struct actor *out)
{
	struct xg_error err = {0};

	return auth_resolve(f->t->db, f->a, &f->pol, token, "10.1.1.1", now, out, &err);
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

static int64_t
failures(struct fx *f, const char *key)
{
	struct db_throttle th;
	enum db_rc rc = db_throttle_get(f->t->db, f->a, key, &th);

	if (rc == DB_NOTFOUND)
		return 0;
	assert_int_equal(rc, DB_OK);
	return th.failures;
}

static bool
is_hex(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return true;
}

/* Pure functions */

static void
test_hash_and_verify(void **state)
{
	char h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
	struct xg_error err;
	(void)state;

	assert_int_equal(auth_hash_password("密码Pass1!", h1, &err), XG_OK);
	assert_int_equal(auth_hash_password("密码Pass1!", h2, &err), XG_OK);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_string_not_equal(h1, h2); /* salted */
	assert_true(auth_verify_password(h1, "密码Pass1!"));
	assert_true(auth_verify_password(h2, "密码Pass1!"));
	assert_false(auth_verify_password(h1, "密码Pass1"));
	assert_false(auth_verify_password(h1, ""));
	assert_false(auth_verify_password("not a hash", "x"));
	assert_false(auth_verify_password("", ""));
	assert_null(strstr(h1, "Pass1"));
}

static void
test_tokens(void **state)
{
	char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1], h1[AUTH_TOKEN_LEN + 1],
	    h1b[AUTH_TOKEN_LEN + 1];
	(void)state;

	auth_new_token(t1);
	auth_new_token(t2);
	assert_true(is_hex(t1, AUTH_TOKEN_LEN));
	assert_string_not_equal(t1, t2);
	auth_token_hash(t1, h1);
	auth_token_hash(t1, h1b);
	assert_true(is_hex(h1, AUTH_TOKEN_LEN));
	assert_string_equal(h1, h1b);
	assert_string_not_equal(h1, t1); /* what we store is not the token */
}

/* Login */

static void
test_login_ok(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct actor who;

	assert_int_equal(login(f, "alice", PW, "10.0.0.1", NOW, &l, &err), XG_OK);
	assert_true(is_hex(l.token, AUTH_TOKEN_LEN));
	assert_true(is_hex(l.csrf, AUTH_TOKEN_LEN));
	assert_string_equal(l.actor.username, "alice");
	assert_int_equal(l.actor.role, ROLE_STAFF);
	assert_int_equal(l.actor.org_id, f->root);
	assert_int_equal(l.actor.user_id, f->alice);
	assert_true(l.actor.session_id > 0);
	assert_int_equal(audits(f, "login.ok"), 1);
	/* The token finds the session; only its hash is stored. */
	assert_int_equal(resolve(f, l.token, NOW + 1, &who), XG_OK);
	assert_int_equal(who.user_id, f->alice);
	assert_string_equal(who.csrf, l.csrf);
	assert_int_equal(who.session_id, l.actor.session_id);
	{
		int64_t n = -2;
		assert_int_equal(
		    testdb_exec(f->t, &n, "SELECT count(*) FROM sessions WHERE token_hash = '%s'",
				l.token),
		    0);
		assert_int_equal(n, 0);
	}
}

static void
test_wrong_password_counts(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	char known[256], unknown[256];

	assert_int_equal(login(f, "alice", "wrong", "10.0.0.2", NOW, &l, &err), XG_UNAUTH);
	assert_string_equal(err.code, "bad_credentials");
	snprintf(known, sizeof(known), "%s", err.message);
	/* Counted on the account at this address, the address, and the account everywhere. */
	assert_int_equal(failures(f, "user:alice@10.0.0.2"), 1);
	assert_int_equal(failures(f, "user:alice"), 1);
	assert_int_equal(failures(f, "addr:10.0.0.2"), 1);
	assert_int_equal(audits(f, "login.fail"), 1);
	/* An unknown name answers exactly alike (no account enumeration) and is counted too. */
	assert_int_equal(login(f, "nobody", PW, "10.0.0.2", NOW, &l, &err), XG_UNAUTH);
	snprintf(unknown, sizeof(unknown), "%s", err.message);
	assert_string_equal(known, unknown);
	assert_string_equal(err.code, "bad_credentials");
	assert_int_equal(failures(f, "addr:10.0.0.2"), 2);
	assert_int_equal(audits(f, "login.fail"), 2);
	/* No session was opened. */
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 0);
	/*
	 * A success clears the account's count at this address and gives back its
	 * own attempt elsewhere; the failure before it still counts.
	 */
	assert_int_equal(login(f, "alice", PW, "10.0.0.2", NOW, &l, &err), XG_OK);
	assert_int_equal(failures(f, "user:alice@10.0.0.2"), 0);
	assert_int_equal(failures(f, "user:alice"), 1);
	assert_int_equal(failures(f, "addr:10.0.0.2"), 2);
}

static void
test_account_lock(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	int i;

	f->pol.lock_user_failures = 3;
	f->pol.lock_seconds = 900;
	for (i = 0; i < 3; i++)
		assert_int_equal(login(f, "alice", "bad", "10.0.0.3", NOW + i, &l, &err),
				 XG_UNAUTH);
	assert_int_equal(audits(f, "login.lock"), 1);
	/* Now even the right password is refused from that address, before it is checked. */
	assert_int_equal(login(f, "alice", PW, "10.0.0.3", NOW + 10, &l, &err), XG_LOCKED);
	assert_string_equal(err.code, "locked");
	assert_true(err.retry_after > 0 && err.retry_after <= 900);
	/* The guesses lock the guesser's line, not the owner: alice logs in from elsewhere. */
	assert_int_equal(login(f, "alice", PW, "10.9.9.9", NOW + 11, &l, &err), XG_OK);
	/* The attacker locks alice-at-that-address out, not bob, even from the same address. */
	assert_int_equal(login(f, "bob", PW, "10.0.0.3", NOW + 12, &l, &err), XG_OK);
	/* Refused attempts are one audit row per block, whatever their number... */
	for (i = 0; i < 20; i++)
		assert_int_equal(login(f, "alice", PW, "10.0.0.3", NOW + 13, &l, &err), XG_LOCKED);
	assert_int_equal(audits(f, "login.blocked"), 1);
	assert_int_equal(audits(f, "login.blocked_total"), 0);
	/* ...and one with their count at the next attempt let through. The lock ends by itself. */
	assert_int_equal(login(f, "alice", PW, "10.0.0.3", NOW + 2 + 901, &l, &err), XG_OK);
	assert_int_equal(audits(f, "login.blocked"), 1);
	assert_int_equal(audits(f, "login.blocked_total"), 1);
	{
		struct db_audit_filter flt = {
		    .action = "login.blocked_total", .to = INT64_MAX, .limit = 1};
		struct db_audit *rows;
		size_t n;
		int64_t total;
		assert_int_equal(db_audit_list(f->t->db, f->a, &flt, &rows, &n, &total), DB_OK);
		assert_int_equal(n, 1);
		assert_non_null(rows[0].after);
		assert_non_null(strstr(rows[0].after, "\"refused\":21"));
		assert_string_equal(rows[0].summary, "user:alice@10.0.0.3");
	}
}

/*
 * Guesses spread over many addresses pass the ceiling: the account then
 * slows (one attempt per growing delay, 429 with a wait) but never locks,
 * and its owner's usual address is not slowed at all.
 */
static void
test_ceiling_slows(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	char addr[32];
	int i;
	int64_t first;

	f->pol.lock_user_failures = 3; /* ceiling 12 across addresses */
	assert_int_equal(login(f, "alice", PW, "10.1.1.1", NOW, &l, &err), XG_OK);
	for (i = 0; i < 12; i++) {
		snprintf(addr, sizeof(addr), "10.50.0.%d", i);
		assert_int_equal(login(f, "alice", "bad", addr, NOW + 1, &l, &err), XG_UNAUTH);
	}
	/* Past the ceiling: one attempt goes through and takes the slot, the next waits. */
	assert_int_equal(login(f, "alice", "bad", "10.60.0.1", NOW + 1, &l, &err), XG_UNAUTH);
	assert_int_equal(login(f, "alice", PW, "10.60.0.2", NOW + 1, &l, &err), XG_LOCKED);
	assert_string_equal(err.code, "slowed");
	first = err.retry_after;
	assert_true(first >= 1);
	/* The owner from their usual address is not slowed. */
	assert_int_equal(login(f, "alice", PW, "10.1.1.1", NOW + 1, &l, &err), XG_OK);
	/* The delay grows with the guesses, and ends: it slows, it does not lock. */
	assert_int_equal(login(f, "alice", "bad", "10.60.0.3", NOW + 1 + first, &l, &err),
			 XG_UNAUTH);
	assert_int_equal(login(f, "alice", PW, "10.60.0.4", NOW + 1 + first, &l, &err), XG_LOCKED);
	assert_true(err.retry_after > first);
	assert_int_equal(
	    login(f, "alice", PW, "10.60.0.5", NOW + 1 + first + err.retry_after, &l, &err), XG_OK);
	/* Nothing was locked: the locks list shows only slowed keys, never an address. */
	assert_int_equal(failures(f, "addr:10.60.0.5"), 0);
}

/* `user passwd` and `user enable` (the system actor) clear the account's lock-out. */
static void
test_repair_clears_lock(void **state)
{
	struct fx *f = *state;
	struct actor sys = ACTOR_SYSTEM("cli");
	struct user_change en = {.set_disabled = true, .disabled = false};
	struct auth_login l;
	struct xg_error err;
	struct db_user u;
	int i;

	f->pol.lock_user_failures = 3;
	for (i = 0; i < 3; i++)
		login(f, "alice", "bad", "10.0.0.8", NOW, &l, &err);
	assert_int_equal(login(f, "alice", PW, "10.0.0.8", NOW + 1, &l, &err), XG_LOCKED);
	assert_int_equal(user_set_password(f->t->db, f->a, &f->pol, &sys, f->alice, NULL,
					   "Repaired-Pass-77", NOW + 2, &err),
			 XG_OK);
	assert_int_equal(audits(f, "lock.clear"), 1);
	assert_int_equal(login(f, "alice", "Repaired-Pass-77", "10.0.0.8", NOW + 3, &l, &err),
			 XG_OK);
	for (i = 0; i < 3; i++)
		login(f, "bob", "bad", "10.0.0.9", NOW, &l, &err);
	assert_int_equal(login(f, "bob", PW, "10.0.0.9", NOW + 4, &l, &err), XG_LOCKED);
	assert_int_equal(user_update(f->t->db, f->a, &sys, f->bob, &en, NOW + 5, &u, &err), XG_OK);
	assert_int_equal(login(f, "bob", PW, "10.0.0.9", NOW + 6, &l, &err), XG_OK);
}

static void
test_address_lock(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	char name[32];
	int i;

	f->pol.lock_addr_failures = 3;
	f->pol.lock_user_failures = 100;
	/* Guessing different names from one address. */
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "guess%d", i);
		assert_int_equal(login(f, name, "x", "10.6.6.6", NOW, &l, &err), XG_UNAUTH);
	}
	assert_int_equal(login(f, "bob", PW, "10.6.6.6", NOW + 1, &l, &err), XG_LOCKED);
	/* The same account from elsewhere is fine. */
	assert_int_equal(login(f, "bob", PW, "10.7.7.7", NOW + 1, &l, &err), XG_OK);
	{
		struct db_throttle *locked;
		size_t n;
		assert_int_equal(db_throttle_locked(f->t->db, f->a, NOW + 1, &locked, &n), DB_OK);
		assert_int_equal(n, 1);
		assert_string_equal(locked[0].key, "addr:10.6.6.6");
	}
}

static void
test_failures_outside_window_do_not_add_up(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;

	f->pol.lock_user_failures = 3;
	f->pol.lock_window = 600;
	assert_int_equal(login(f, "alice", "bad", "10.0.0.4", NOW, &l, &err), XG_UNAUTH);
	assert_int_equal(login(f, "alice", "bad", "10.0.0.4", NOW + 1, &l, &err), XG_UNAUTH);
	/* The window has passed: counting starts again. */
	assert_int_equal(login(f, "alice", "bad", "10.0.0.4", NOW + 700, &l, &err), XG_UNAUTH);
	assert_int_equal(failures(f, "user:alice"), 1);
	assert_int_equal(login(f, "alice", "bad", "10.0.0.4", NOW + 701, &l, &err), XG_UNAUTH);
	assert_int_equal(login(f, "alice", PW, "10.0.0.4", NOW + 702, &l, &err), XG_OK);
}

static void
test_unlock(void **state)
{
	struct fx *f = *state;
	struct actor sec = {.user_id = 7, .username = "sec", .role = ROLE_SECADMIN, .client = "c"};
	struct auth_login l;
	struct xg_error err;
	int i;

	f->pol.lock_user_failures = 3;
	for (i = 0; i < 3; i++)
		login(f, "alice", "bad", "10.0.0.5", NOW, &l, &err);
	assert_int_equal(login(f, "alice", PW, "10.0.0.5", NOW + 1, &l, &err), XG_LOCKED);
	assert_int_equal(auth_unlock(f->t->db, &sec, "user:alice", NOW + 2, &err), XG_OK);
	assert_int_equal(audits(f, "lock.clear"), 1);
	assert_int_equal(login(f, "alice", PW, "10.0.0.5", NOW + 3, &l, &err), XG_OK);
	assert_int_equal(auth_unlock(f->t->db, &sec, "user:nobody", NOW + 4, &err), XG_NOTFOUND);
	assert_int_equal(audits(f, "lock.clear"), 1);
}

static void
test_disabled_account(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct actor who;

	assert_int_equal(login(f, "bob", PW, "10.0.0.6", NOW, &l, &err), XG_OK);
	assert_int_equal(db_user_update(f->t->db, f->bob, f->root, "鲍勃", "viewer", 1, NOW),
			 DB_OK);
	/* A live session stops working... */
	assert_int_equal(resolve(f, l.token, NOW + 1, &who), XG_UNAUTH);
	/* ... and the right password no longer opens one. */
	assert_int_equal(login(f, "bob", PW, "10.0.0.6", NOW + 2, &l, &err), XG_UNAUTH);
	assert_string_equal(err.code, "account_disabled");
}

/* Sessions */

static void
test_bad_tokens(void **state)
{
	struct fx *f = *state;
	char t[AUTH_TOKEN_LEN + 1];
	struct actor who;

	assert_int_equal(resolve(f, NULL, NOW, &who), XG_UNAUTH);
	assert_int_equal(resolve(f, "", NOW, &who), XG_UNAUTH);
	assert_int_equal(resolve(f, "abc", NOW, &who), XG_UNAUTH);
	auth_new_token(t);
	assert_int_equal(resolve(f, t, NOW, &who), XG_UNAUTH);
	assert_int_equal(resolve(f, "'; DELETE FROM sessions; --", NOW, &who), XG_UNAUTH);
}

static void
test_idle_expiry(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct actor who;

	f->pol.session_idle = 600;
	f->pol.session_absolute = 3600;
	assert_int_equal(login(f, "alice", PW, "10.0.0.7", NOW, &l, &err), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 500, &who), XG_OK);	/* refreshes last use */
	assert_int_equal(resolve(f, l.token, NOW + 1050, &who), XG_OK); /* 550 s after that */
	/* 601 s of silence ends it, and for good. */
	assert_int_equal(resolve(f, l.token, NOW + 1050 + 601, &who), XG_UNAUTH);
	assert_int_equal(resolve(f, l.token, NOW + 1050 + 602, &who), XG_UNAUTH);
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 0);
}

static void
test_absolute_expiry(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct actor who;
	int64_t at;

	f->pol.session_idle = 600;
	f->pol.session_absolute = 1800;
	assert_int_equal(login(f, "alice", PW, "10.0.0.8", NOW, &l, &err), XG_OK);
	/* Busy all the time, but the session still ends 1800 s after login. */
	for (at = NOW + 500; at <= NOW + 1800; at += 500)
		assert_int_equal(resolve(f, l.token, at, &who), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 1801, &who), XG_UNAUTH);
}

/*
 * The documented defaults (docs/security.md), on the policy setup() loads: a cookie session lives
 * 30 minutes idle and 8 hours in all; 5 failures within 15 minutes lock an account for 15 minutes.
 */
static void
test_default_lifetimes_and_window(void **state)
{
	struct fx *f = *state;
	struct auth_login l, l2;
	struct xg_error err;
	struct actor who;
	int64_t at;
	int i;

	assert_int_equal(login(f, "alice", PW, "10.0.1.1", NOW, &l, &err), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 1800, &who), XG_OK); /* 30 min idle: alive */
	assert_int_equal(resolve(f, l.token, NOW + 1800 + 1800 + 1, &who), XG_UNAUTH);

	/* In use every 25 minutes, it still ends 8 hours after login. */
	assert_int_equal(login(f, "alice", PW, "10.0.1.1", NOW, &l2, &err), XG_OK);
	for (at = NOW + 1500; at < NOW + 28800; at += 1500)
		assert_int_equal(resolve(f, l2.token, at, &who), XG_OK);
	assert_int_equal(resolve(f, l2.token, NOW + 28799, &who), XG_OK);
	assert_int_equal(resolve(f, l2.token, NOW + 28800, &who), XG_UNAUTH);

	/* Four failures 899 s apart at most stay in one window; the fifth locks. */
	for (i = 0; i < 4; i++)
		assert_int_equal(login(f, "bob", "bad", "10.0.1.2", NOW + i * 224, &l, &err),
				 XG_UNAUTH);
	assert_int_equal(login(f, "bob", "bad", "10.0.1.2", NOW + 899, &l, &err), XG_UNAUTH);
	assert_int_equal(login(f, "bob", PW, "10.0.1.2", NOW + 900, &l, &err), XG_LOCKED);
	/* Locked for 15 minutes from the fifth failure, then free. */
	assert_int_equal(login(f, "bob", PW, "10.0.1.2", NOW + 899 + 899, &l, &err), XG_LOCKED);
	assert_int_equal(login(f, "bob", PW, "10.0.1.2", NOW + 899 + 900, &l, &err), XG_OK);
}

static void
test_logout(void **state)
{
	struct fx *f = *state;
	struct auth_login l, l2;
	struct xg_error err;
	struct actor who;

	assert_int_equal(login(f, "alice", PW, "10.0.0.9", NOW, &l, &err), XG_OK);
	assert_int_equal(login(f, "alice", PW, "10.0.0.9", NOW, &l2, &err), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 1, &who), XG_OK);
	assert_int_equal(auth_logout(f->t->db, &who, NOW + 2, &err), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 3, &who), XG_UNAUTH);
	/* Only that session ended. */
	assert_int_equal(resolve(f, l2.token, NOW + 3, &who), XG_OK);
	assert_int_equal(audits(f, "logout"), 1);
}

/* API tokens */

static void
test_api_tokens(void **state)
{
	struct fx *f = *state;
	struct auth_login l;
	struct xg_error err;
	struct actor who, bob;
	char token[AUTH_TOKEN_LEN + 1];
	int64_t id, expires;
	struct db_session *list;
	size_t n;

	f->pol.token_days = 30;
	f->pol.session_idle = 600;
	assert_int_equal(login(f, "alice", PW, "10.0.1.1", NOW, &l, &err), XG_OK);
	assert_int_equal(auth_token_create(f->t->db, &f->pol, &l.actor, "报表脚本", NOW, token, &id,
					   &expires, &err),
			 XG_OK);
	assert_int_equal(expires, NOW + 30 * 86400);
	assert_true(is_hex(token, AUTH_TOKEN_LEN));
	assert_int_equal(audits(f, "token.create"), 1);
	/* A token is not a cookie session: no CSRF token, no idle expiry. */
	assert_int_equal(resolve(f, token, NOW + 5 * 86400, &who), XG_OK);
	assert_int_equal(who.user_id, f->alice);
	assert_null(who.csrf);
	assert_int_equal(db_token_list(f->t->db, f->a, f->alice, &list, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].label, "报表脚本");
	/* It ends after its lifetime. */
	assert_int_equal(resolve(f, token, NOW + 30 * 86400, &who), XG_UNAUTH);

	assert_int_equal(auth_token_create(f->t->db, &f->pol, &l.actor, "第二个", NOW, token, &id,
					   &expires, &err),
			 XG_OK);
	/* Someone else cannot delete it. */
	assert_int_equal(login(f, "bob", PW, "10.0.1.2", NOW, &l, &err), XG_OK);
	bob = l.actor;
	assert_int_equal(auth_token_delete(f->t->db, &bob, id, NOW, &err), XG_NOTFOUND);
	assert_int_equal(resolve(f, token, NOW + 1, &who), XG_OK);
	/* Nor can a cookie session be deleted as if it were a token. */
	assert_int_equal(auth_token_delete(f->t->db, &bob, bob.session_id, NOW, &err), XG_NOTFOUND);
	/* The owner can. */
	who.client = "10.0.1.1";
	assert_int_equal(auth_token_delete(f->t->db, &who, id, NOW, &err), XG_OK);
	assert_int_equal(resolve(f, token, NOW + 2, &who), XG_UNAUTH);
	assert_int_equal(audits(f, "token.delete"), 1);
}

/*
 * Storage faults: with the audit log unwritable, logins, logouts and tokens fail as a whole
 * (no session without its audit entry), and a broken session table refuses, never admits.
 */
static void
test_fault_audit_unwritable(void **state)
{
	struct fx *f = *state;
	struct auth_login l, l2;
	struct xg_error err;
	struct actor who;
	char token[AUTH_TOKEN_LEN + 1];
	int64_t id, exp;

	assert_int_equal(login(f, "alice", PW, "10.0.2.1", NOW, &l, &err), XG_OK);
	assert_int_equal(resolve(f, l.token, NOW + 1, &who), XG_OK);
	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE audit RENAME TO audit_hidden"), 0);
	assert_int_equal(login(f, "alice", PW, "10.0.2.1", NOW + 2, &l2, &err), XG_INTERNAL);
	assert_int_equal(login(f, "alice", "wrong", "10.0.2.1", NOW + 3, &l2, &err), XG_INTERNAL);
	assert_int_equal(
	    auth_token_create(f->t->db, &f->pol, &who, "t", NOW + 4, token, &id, &exp, &err),
	    XG_INTERNAL);
	assert_int_equal(auth_logout(f->t->db, &who, NOW + 5, &err), XG_INTERNAL);
	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE audit_hidden RENAME TO audit"), 0);
	/* Only the first session exists, and it still works. */
	assert_int_equal(testdb_count(f->t, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(resolve(f, l.token, NOW + 6, &who), XG_OK);
	assert_int_equal(failures(f, "user:alice"), 0);

	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE sessions RENAME TO sessions_hidden"),
			 0);
	assert_int_equal(resolve(f, l.token, NOW + 7, &who), XG_INTERNAL);
	assert_int_equal(testdb_exec(f->t, NULL, "ALTER TABLE sessions_hidden RENAME TO sessions"),
			 0);
	assert_int_equal(resolve(f, l.token, NOW + 8, &who), XG_OK);
}

static void
test_actor_of(void **state)
{
	struct db_user u = {.id = 5,
			    .org_id = 2,
			    .username = "u",
			    .display_name = "U",
			    .role = "auditor",
			    .org_path = "/1/2/",
			    .org_name = "N"};
	struct actor x;
	(void)state;

	auth_actor_of(&u, "1.2.3.4", &x);
	assert_int_equal(x.role, ROLE_AUDITOR);
	assert_string_equal(x.org_path, "/1/2/");
	assert_string_equal(x.client, "1.2.3.4");
	assert_int_equal(x.session_id, 0);
	assert_null(x.csrf);
	u.role = "bogus";
	auth_actor_of(&u, NULL, &x);
	assert_int_equal(x.role, ROLE__MAX); /* an unknown role has no permissions */
	assert_int_equal(role_perms(x.role), 0);
}

/* Hash slots: at most the configured number of Argon2id hashes at once; the rest wait, then 503. */
static void
test_hash_slots(void **state)
{
	struct xg_error err;
	char h[AUTH_HASH_MAX];

	(void)state;
	auth_hash_limit(2, 50);
	assert_int_equal(auth_hash_acquire(&err), XG_OK);
	assert_int_equal(auth_hash_acquire(&err), XG_OK);
	/* Full: a third waits its 50 ms and is told to come back. */
	assert_int_equal(auth_hash_acquire(&err), XG_BUSY);
	assert_string_equal(err.code, "busy");
	assert_string_equal(err.message, "服务繁忙，请稍后再试");
	assert_true(err.retry_after >= 1);
	assert_int_equal(auth_hash_password("Some-Pass-2024", h, &err), XG_BUSY);
	auth_hash_release();
	/* A slot freed: hashing works again, and gives its slot back. */
	assert_int_equal(auth_hash_password("Some-Pass-2024", h, &err), XG_OK);
	assert_int_equal(auth_hash_acquire(&err), XG_OK);
	auth_hash_release();
	auth_hash_release();
	auth_hash_limit(AUTH_HASH_SLOTS_DEFAULT, AUTH_HASH_WAIT_MS_DEFAULT);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_hash_and_verify),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_actor_of),
	    cmocka_unit_test(test_hash_slots),
	};
	struct CMUnitTest tests[] = {
	    T(test_login_ok),
	    T(test_wrong_password_counts),
	    T(test_account_lock),
	    T(test_ceiling_slows),
	    T(test_repair_clears_lock),
	    T(test_address_lock),
	    T(test_failures_outside_window_do_not_add_up),
	    T(test_unlock),
	    T(test_disabled_account),
	    T(test_bad_tokens),
	    T(test_idle_expiry),
	    T(test_absolute_expiry),
	    T(test_default_lifetimes_and_window),
	    T(test_logout),
	    T(test_api_tokens),
	    T(test_fault_audit_unwritable),
	};
	int failed;

	if (auth_init() != 0)
		return 1;
	failed = cmocka_run_group_tests_name("auth", pure, NULL, NULL);
	return failed + testdb_run("auth", tests, sizeof(tests) / sizeof(tests[0]));
}
