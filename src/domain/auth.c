/* auth: login, throttling, sessions and tokens. */
#include "domain/auth.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "base/log.h"

/* Argon2id at libsodium's interactive cost: about 0.1 s and 64 MiB per login on a 2020s core. */
#define PW_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(crypto_pwhash_STRBYTES <= AUTH_HASH_MAX, "hash buffer too small");

int
auth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/*
 * Hashes in flight: each takes PW_MEM, so a counting semaphore puts a ceiling
 * on memory however many logins arrive at once. Process-wide by nature (it
 * guards the process's memory); sized once at start-up, before any thread.
 */
static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv = PTHREAD_COND_INITIALIZER;
static int slot_cap = AUTH_HASH_SLOTS_DEFAULT;
static int64_t slot_wait_ms = AUTH_HASH_WAIT_MS_DEFAULT;
static int slot_used;

void
auth_hash_limit(int slots, int64_t wait_ms)
{
	pthread_mutex_lock(&slot_mu);
	slot_cap = slots > 0 ? slots : 1;
	slot_wait_ms = wait_ms >= 0 ? wait_ms : 0;
	pthread_mutex_unlock(&slot_mu);
}

enum xg_rc
auth_hash_acquire(struct xg_error *err)
{
	struct timespec deadline;
	bool got = false;

	clock_gettime(CLOCK_REALTIME, &deadline);
	pthread_mutex_lock(&slot_mu);
	deadline.tv_sec += (time_t)(slot_wait_ms / 1000);
	deadline.tv_nsec += (long)(slot_wait_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	while (slot_used >= slot_cap)
		if (pthread_cond_timedwait(&slot_cv, &slot_mu, &deadline) == ETIMEDOUT)
			break;
	if (slot_used < slot_cap) {
		slot_used++;
		got = true;
	}
	pthread_mutex_unlock(&slot_mu);
	if (got)
		return XG_OK;
	xg_fail(err, XG_BUSY, "busy", NULL, "服务繁忙，请稍后再试");
	if (err != NULL)
		err->retry_after = 1;
	return XG_BUSY;
}

void
auth_hash_release(void)
{
	pthread_mutex_lock(&slot_mu);
	if (slot_used > 0)
		slot_used--;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

enum xg_rc
auth_hash_password(const char *password, char out[AUTH_HASH_MAX], struct xg_error *err)
{
	enum xg_rc rc = auth_hash_acquire(err);
	int r;

	if (rc != XG_OK)
		return rc;
	r = crypto_pwhash_str_alg(out, password, strlen(password), PW_OPS, PW_MEM,
				  crypto_pwhash_ALG_ARGON2ID13);
	auth_hash_release();
	if (r != 0)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内存不足，请稍后重试");
	return XG_OK;
}

bool
auth_verify_password(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
auth_new_token(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[AUTH_TOKEN_LEN / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, raw, sizeof(raw));
}

void
auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char h[AUTH_TOKEN_LEN / 2];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, h, sizeof(h));
}

void
auth_actor_of(const struct db_user *u, const char *client, struct actor *out)
{
	memset(out, 0, sizeof(*out));
	out->user_id = u->id;
	out->username = u->username;
	out->display_name = u->display_name;
	out->role = role_parse(u->role);
	out->org_id = u->org_id;
	out->org_path = u->org_path;
	out->org_name = u->org_name;
	out->client = client;
}

/*
 * A hash to verify against when the account does not exist, so timing does not
 * tell which names exist. Made once, under pthread_once, then only read.
 */
static char dummy[AUTH_HASH_MAX];
static bool dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	dummy_ok = crypto_pwhash_str_alg(dummy, "xuanguan-dummy", 14, PW_OPS, PW_MEM,
					 crypto_pwhash_ALG_ARGON2ID13) == 0;
}

static const char *
dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy_ok ? dummy : NULL;
}

/*
 * Lock-out model (docs/security.md). Three keys per attempt, counted before
 * any password is hashed, each in one atomic statement:
 *   "user:NAME@ADDRESS"  the account from one address: locks after
 *                        lock_user_failures, so a stranger's guesses lock the
 *                        stranger's line, not the owner's;
 *   "addr:ADDRESS"       one address across names: locks after lock_addr_failures;
 *   "user:NAME"          the account from every address it was not seen at: past a
 *                        ceiling it slows (one attempt per growing delay), never locks.
 * Attempts are counted as failures up front (so racing requests cannot pass the
 * limit) and a success gives its count back.
 */
#define SEEN_SECONDS (90 * 86400) /* an address stays "usual" this long after a login */
#define SLOW_MIN 4		  /* seconds: the first delay of a slowed account */
#define SLOW_MAX 60		  /* seconds: the longest delay of a slowed account */
#define CEILING_FACTOR 4	  /* the ceiling across addresses, in lock_user_failures */

/* One key's state for this attempt. */
struct gate {
	const char *key;
	bool counted;
	struct db_throttle t;
};

struct attempt {
	struct gate ua, addr, user;
	bool seen;		    /* the account logged in from this address lately */
	const struct gate *refused; /* the key that refused the attempt, or NULL */
	int64_t retry;		    /* seconds to wait when refused */
};

static int64_t
ceiling(const struct policy *pol)
{
	return pol->lock_user_failures * CEILING_FACTOR;
}

/* The delay before the next attempt once failures pass the ceiling: 4, 8, 16 ... SLOW_MAX s. */
static int64_t
slow_delay(const struct policy *pol, int64_t failures)
{
	int64_t over = failures - ceiling(pol) - 1, d = SLOW_MIN;

	while (over-- > 0 && d < SLOW_MAX)
		d *= 2;
	return d < SLOW_MAX ? d : SLOW_MAX;
}

static enum db_rc
count(struct db *db, struct arena *a, const struct policy *pol, struct gate *g, bool locking,
      int64_t now)
{
	enum db_rc rc =
	    locking ? db_throttle_fail_locking(db, a, g->key, now, now - pol->lock_window, &g->t)
		    : db_throttle_fail(db, a, g->key, now, now - pol->lock_window, &g->t);

	g->counted = rc == DB_OK;
	return rc;
}

/*
 * Whether a locking key (account at address, or address) refuses; sets the
 * wait. Over the limit without a lock means attempts still in flight: their
 * outcome locks the key or clears it within a second or so.
 */
static bool
lock_refuses(const struct gate *g, int64_t limit, int64_t now, int64_t *retry)
{
	if (g->t.locked_until > now) {
		*retry = g->t.locked_until - now;
		return true;
	}
	if (g->t.failures <= limit)
		return false;
	*retry = 1;
	return true;
}

/*
 * Count the attempt on its keys, most specific first, and stop at the first
 * that refuses it (so a refused attempt weighs on no other key).
 */
static enum xg_rc
gate_attempt(struct db *db, struct arena *a, const struct policy *pol, const char *username,
	     const char *client, int64_t now, struct attempt *at, struct xg_error *err)
{
	enum db_rc rc;
	int64_t seen_at = 0;
	bool claimed;

	rc = db_login_seen(db, username, client, &seen_at);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return xg_from_db(err, rc, db, "登录记录");
	at->seen = rc == DB_OK && seen_at >= now - SEEN_SECONDS;
	rc = count(db, a, pol, &at->ua, true, now);
	if (rc == DB_OK && lock_refuses(&at->ua, pol->lock_user_failures, now, &at->retry)) {
		at->refused = &at->ua;
		return XG_OK;
	}
	if (rc == DB_OK)
		rc = count(db, a, pol, &at->addr, true, now);
	if (rc == DB_OK && lock_refuses(&at->addr, pol->lock_addr_failures, now, &at->retry)) {
		at->refused = &at->addr;
		return XG_OK;
	}
	if (rc == DB_OK && !at->seen)
		rc = count(db, a, pol, &at->user, false, now);
	if (rc == DB_OK && at->user.counted && at->user.t.failures > ceiling(pol)) {
		int64_t delay = slow_delay(pol, at->user.t.failures);
		rc = db_throttle_claim(db, at->user.key, now, now + delay, &claimed);
		if (rc == DB_OK && !claimed) {
			at->refused = &at->user;
			at->retry =
			    at->user.t.locked_until > now ? at->user.t.locked_until - now : delay;
		}
	}
	return xg_from_db(err, rc, db, "登录记录");
}

/*
 * The audit log gets one row when a key starts refusing and one with the
 * number refused at the next attempt it lets through (or when it is cleared),
 * never one per refused attempt: unauthenticated clients must not fill it.
 */
static enum xg_rc
note_refusal(struct db *db, const struct attempt *at, const char *username, const char *client,
	     int64_t now, struct xg_error *err)
{
	struct actor anon = {.username = username, .client = client};
	int64_t n = 0;
	enum xg_rc rc =
	    xg_from_db(err, db_throttle_block(db, at->refused->key, &n), db, "登录记录");

	if (rc == XG_OK && n == 1)
		rc = audit_record(db, &anon, NULL, "login.blocked", "lock", 0, at->refused->key,
				  NULL, NULL, now, err);
	return rc;
}

static enum xg_rc
write_blocked_total(struct db *db, const struct actor *who, const char *key, int64_t blocked,
		    int64_t now, struct xg_error *err)
{
	json_t *after = json_pack("{s:s,s:I}", "key", key, "refused", (json_int_t)blocked);
	enum xg_rc rc = audit_record(db, who, NULL, "login.blocked_total", "lock", 0, key, NULL,
				     after, now, err);

	json_decref(after);
	return rc;
}

static enum xg_rc
close_blocks(struct db *db, const struct attempt *at, const char *username, const char *client,
	     int64_t now, struct xg_error *err)
{
	struct actor anon = {.username = username, .client = client};
	const struct gate *g[] = {&at->ua, &at->addr, &at->user};
	enum xg_rc rc = XG_OK;
	size_t i;

	for (i = 0; rc == XG_OK && i < sizeof(g) / sizeof(g[0]); i++) {
		if (!g[i]->counted || g[i]->t.blocked == 0)
			continue;
		rc = write_blocked_total(db, &anon, g[i]->key, g[i]->t.blocked, now, err);
		if (rc == XG_OK)
			rc = xg_from_db(err, db_throttle_unblock(db, g[i]->key), db, "登录记录");
	}
	return rc;
}

static enum xg_rc
refuse(const struct attempt *at, struct xg_error *err)
{
	int64_t minutes = (at->retry + 59) / 60;

	if (at->refused == &at->user)
		xg_fail(err, XG_LOCKED, "slowed", NULL,
			"该账号近期登录失败次数过多，请 %lld 秒后再试或联系安全管理员",
			(long long)at->retry);
	else
		xg_fail(err, XG_LOCKED, "locked", NULL,
			"登录失败次数过多，已临时锁定，请 %lld 分钟后再试或联系安全管理员",
			(long long)(minutes > 0 ? minutes : 1));
	err->retry_after = at->retry > 0 ? at->retry : 1;
	return XG_LOCKED;
}

/* A wrong password: audited; the keys that reached their limit lock. */
static enum xg_rc
record_failure(struct db *db, const struct policy *pol, const struct attempt *at,
	       const char *username, const struct db_user *u, const char *client, int64_t now,
	       struct xg_error *err)
{
	struct actor anon = {.username = username, .client = client};
	const char *scope = u != NULL ? u->org_path : NULL;
	int64_t uid = u != NULL ? u->id : 0;
	bool ulock = at->ua.t.failures >= pol->lock_user_failures;
	bool alock = at->addr.t.failures >= pol->lock_addr_failures;
	enum xg_rc rc;

	anon.user_id = uid;
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK && ulock)
		rc = xg_from_db(err, db_throttle_lock(db, at->ua.key, now + pol->lock_seconds), db,
				"登录记录");
	if (rc == XG_OK && alock)
		rc = xg_from_db(err, db_throttle_lock(db, at->addr.key, now + pol->lock_seconds),
				db, "登录记录");
	if (rc == XG_OK)
		rc = audit_record(db, &anon, scope, "login.fail", "user", uid, "用户名或密码错误",
				  NULL, NULL, now, err);
	if (rc == XG_OK && ulock)
		rc = audit_record(db, &anon, scope, "login.lock", "user", uid,
				  "该账号在此地址连续登录失败，已临时锁定", NULL, NULL, now, err);
	if (rc == XG_OK && alock)
		rc = audit_record(db, &anon, scope, "login.lock", "address", 0,
				  "该地址连续登录失败，已临时锁定", NULL, NULL, now, err);
	return xg_tx_end(db, rc, err);
}

/* The password was right: give back the attempt counted up front, and remember the address. */
static enum db_rc
record_success(struct db *db, const struct attempt *at, const char *username, const char *client,
	       int64_t now)
{
	enum db_rc rc = db_throttle_clear(db, at->ua.key);

	if (rc == DB_OK && at->addr.counted)
		rc = db_throttle_refund(db, at->addr.key);
	if (rc == DB_OK && at->user.counted)
		rc = db_throttle_refund(db, at->user.key);
	if (rc == DB_OK)
		rc = db_login_seen_put(db, username, client, now);
	return rc;
}

static bool
check_password(const struct db_user *u, bool found, const char *password)
{
	const char *h;

	if (found)
		return auth_verify_password(u->pw_hash, password);
	h = dummy_hash();
	if (h != NULL)
		(void)auth_verify_password(h, password);
	return false;
}

enum xg_rc
auth_login(struct db *db, struct arena *a, const struct policy *pol, const char *username,
	   const char *password, const char *client, int64_t now, struct auth_login *out,
	   struct xg_error *err)
{
	char token_hash[AUTH_TOKEN_LEN + 1];
	struct attempt at = {0};
	struct db_user u;
	enum db_rc rc;
	enum xg_rc xrc;
	bool found, ok;
	int64_t sid;

	if (username == NULL || password == NULL)
		return xg_fail(err, XG_UNAUTH, "bad_credentials", NULL, "用户名或密码错误");
	at.ua.key = arena_printf(a, "user:%s@%s", username, client);
	at.addr.key = arena_printf(a, "addr:%s", client);
	at.user.key = arena_printf(a, "user:%s", username);
	if (at.ua.key == NULL || at.addr.key == NULL || at.user.key == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	/* Count first, in one transaction: racing guesses each see their own number. */
	xrc = xg_tx_begin(db, err);
	if (xrc == XG_OK)
		xrc = gate_attempt(db, a, pol, username, client, now, &at, err);
	if (xrc == XG_OK)
		xrc = at.refused != NULL ? note_refusal(db, &at, username, client, now, err)
					 : close_blocks(db, &at, username, client, now, err);
	xrc = xg_tx_end(db, xrc, err);
	if (xrc != XG_OK)
		return xrc;
	if (at.refused != NULL)
		return refuse(&at, err);
	xrc = auth_hash_acquire(err);
	if (xrc != XG_OK)
		return xrc;
	rc = db_user_by_name(db, a, username, &u);
	found = rc == DB_OK;
	ok = (rc == DB_OK || rc == DB_NOTFOUND) && check_password(&u, found, password);
	auth_hash_release();
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return xg_from_db(err, rc, db, "账号");
	if (!ok) {
		xrc = record_failure(db, pol, &at, username, found ? &u : NULL, client, now, err);
		if (xrc != XG_OK)
			return xrc;
		return xg_fail(err, XG_UNAUTH, "bad_credentials", NULL, "用户名或密码错误");
	}
	if (u.disabled) {
		if (record_success(db, &at, username, client, now) != DB_OK)
			log_warn("could not give back a login attempt: %s", db_error(db));
		return xg_fail(err, XG_UNAUTH, "account_disabled", NULL,
			       "该账号已停用，请联系本单位管理员");
	}

	auth_new_token(out->token);
	auth_new_token(out->csrf);
	auth_token_hash(out->token, token_hash);
	auth_actor_of(&u, client, &out->actor);
	xrc = xg_tx_begin(db, err);
	if (xrc == XG_OK)
		xrc =
		    xg_from_db(err, record_success(db, &at, username, client, now), db, "登录记录");
	/* Logins are rare next to requests: a good moment to drop sessions past their end. */
	if (xrc == XG_OK)
		xrc = xg_from_db(err, db_session_purge(db, now), db, "会话");
	if (xrc == XG_OK)
		xrc = xg_from_db(err,
				 db_session_insert(db, token_hash, u.id, "cookie", out->csrf, NULL,
						   client, now, now + pol->session_absolute, &sid),
				 db, "会话");
	if (xrc == XG_OK) {
		out->actor.session_id = sid;
		out->actor.csrf = arena_strdup(a, out->csrf);
		xrc = audit_record(db, &out->actor, NULL, "login.ok", "user", u.id, "登录成功",
				   NULL, NULL, now, err);
	}
	return xg_tx_end(db, xrc, err);
}

static int64_t
refresh_interval(const struct policy *pol)
{
	int64_t quarter = pol->session_idle / 4;
	return quarter < 60 ? (quarter > 0 ? quarter : 1) : 60;
}

static enum xg_rc
expired(struct db *db, int64_t sid, struct xg_error *err)
{
	if (db_session_delete(db, sid) != DB_OK)
		log_warn("could not delete an expired session: %s", db_error(db));
	return xg_fail(err, XG_UNAUTH, "session_expired", NULL, "登录已过期，请重新登录");
}

enum xg_rc
auth_resolve(struct db *db, struct arena *a, const struct policy *pol, const char *token,
	     const char *client, int64_t now, struct actor *out, struct xg_error *err)
{
	char token_hash[AUTH_TOKEN_LEN + 1];
	struct db_session s;
	struct db_user u;
	enum db_rc rc;
	bool cookie;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN)
		return xg_fail(err, XG_UNAUTH, "unauthenticated", NULL, "请先登录");
	auth_token_hash(token, token_hash);
	rc = db_session_lookup(db, a, token_hash, &s, &u);
	if (rc == DB_NOTFOUND)
		return xg_fail(err, XG_UNAUTH, "unauthenticated", NULL, "请先登录");
	if (rc != DB_OK)
		return xg_from_db(err, rc, db, "会话");
	cookie = strcmp(s.kind, "cookie") == 0;
	if (now >= s.expires_at || (cookie && now - s.last_seen > pol->session_idle) ||
	    (cookie && now - s.created_at > pol->session_absolute))
		return expired(db, s.id, err);
	if (u.disabled)
		return xg_fail(err, XG_UNAUTH, "account_disabled", NULL, "该账号已停用");
	/*
	 * A write per request would serialise readers on SQLite: refresh the last use
	 * once a minute, or more often when the idle limit is short.
	 */
	if (now - s.last_seen >= refresh_interval(pol) && db_session_touch(db, s.id, now) != DB_OK)
		log_warn("could not refresh a session: %s", db_error(db));
	auth_actor_of(&u, client, out);
	out->session_id = s.id;
	out->csrf = cookie ? s.csrf : NULL;
	return XG_OK;
}

enum xg_rc
auth_logout(struct db *db, const struct actor *actor, int64_t now, struct xg_error *err)
{
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc == XG_OK)
		rc = xg_from_db(err, db_session_delete(db, actor->session_id), db, "会话");
	if (rc == XG_OK)
		rc = audit_record(db, actor, NULL, "logout", "user", actor->user_id, "退出登录",
				  NULL, NULL, now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
auth_token_create(struct db *db, const struct policy *pol, const struct actor *actor,
		  const char *label, int64_t now, char token[AUTH_TOKEN_LEN + 1], int64_t *id,
		  int64_t *expires_at, struct xg_error *err)
{
	char token_hash[AUTH_TOKEN_LEN + 1];
	json_t *after;
	enum xg_rc rc;

	rc = xg_check_name(label, "label", "令牌说明", AUTH_LABEL_MAX, err);
	if (rc != XG_OK)
		return rc;
	auth_new_token(token);
	auth_token_hash(token, token_hash);
	*expires_at = now + pol->token_days * 86400;
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_session_insert(db, token_hash, actor->user_id, "api", NULL,
						  label, actor->client, now, *expires_at, id),
				db, "接口令牌");
	if (rc == XG_OK) {
		after = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)*id, "label", label,
				  "expires_at", (json_int_t)*expires_at);
		rc = audit_record(db, actor, NULL, "token.create", "token", *id, label, NULL, after,
				  now, err);
		json_decref(after);
	}
	return xg_tx_end(db, rc, err);
}

enum xg_rc
auth_token_delete(struct db *db, const struct actor *actor, int64_t id, int64_t now,
		  struct xg_error *err)
{
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc == XG_OK)
		rc = xg_from_db(err, db_token_delete(db, id, actor->user_id), db, "接口令牌");
	if (rc == XG_OK)
		rc = audit_record(db, actor, NULL, "token.delete", "token", id, NULL, NULL, NULL,
				  now, err);
	return xg_tx_end(db, rc, err);
}

/* Write the refused-attempt totals of rows and audit the clearing of what. Caller holds a tx. */
static enum xg_rc
audit_clear(struct db *db, const struct actor *actor, const char *what,
	    const struct db_throttle *rows, size_t n, int64_t now, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	size_t i;

	for (i = 0; rc == XG_OK && i < n; i++)
		if (rows[i].blocked > 0)
			rc = write_blocked_total(db, actor, rows[i].key, rows[i].blocked, now, err);
	if (rc == XG_OK)
		rc = audit_record(db, actor, NULL, "lock.clear", "lock", 0, what, NULL, NULL, now,
				  err);
	return rc;
}

static enum xg_rc
clear_account(struct db *db, struct arena *a, const struct actor *actor, const char *username,
	      int64_t now, bool *any, struct xg_error *err)
{
	struct db_throttle *rows;
	size_t n = 0;
	enum xg_rc rc =
	    xg_from_db(err, db_throttle_account(db, a, username, &rows, &n), db, "锁定记录");

	*any = n > 0;
	if (rc == XG_OK && n > 0)
		rc = xg_from_db(err, db_throttle_clear_account(db, username), db, "锁定记录");
	if (rc == XG_OK && n > 0)
		rc =
		    audit_clear(db, actor, arena_printf(a, "user:%s", username), rows, n, now, err);
	return rc;
}

enum xg_rc
auth_clear_account(struct db *db, const struct actor *actor, const char *username, int64_t now,
		   struct xg_error *err)
{
	struct arena *a = arena_new();
	enum xg_rc rc;
	bool any;

	if (a == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = clear_account(db, a, actor, username, now, &any, err);
	arena_free(a);
	return rc;
}

enum xg_rc
auth_unlock(struct db *db, const struct actor *actor, const char *key, int64_t now,
	    struct xg_error *err)
{
	struct arena *a = arena_new();
	struct db_throttle t;
	bool whole = strncmp(key, "user:", 5) == 0 && strchr(key, '@') == NULL;
	bool any = true;
	enum xg_rc rc;

	if (a == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK && whole) {
		rc = clear_account(db, a, actor, key + 5, now, &any, err);
	} else if (rc == XG_OK) {
		enum db_rc drc = db_throttle_get(db, a, key, &t);
		any = drc != DB_NOTFOUND;
		rc = drc == DB_NOTFOUND ? XG_OK : xg_from_db(err, drc, db, "锁定记录");
		if (rc == XG_OK && any)
			rc = xg_from_db(err, db_throttle_clear(db, key), db, "锁定记录");
		if (rc == XG_OK && any)
			rc = audit_clear(db, actor, key, &t, 1, now, err);
	}
	if (rc == XG_OK && !any)
		rc = xg_fail(err, XG_NOTFOUND, "not_found", "key", "没有该锁定记录");
	rc = xg_tx_end(db, rc, err);
	arena_free(a);
	return rc;
}
