/* auth: login, throttling, sessions and tokens. */
#include "domain/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

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

enum xg_rc
auth_hash_password(const char *password, char out[AUTH_HASH_MAX], struct xg_error *err)
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPS, PW_MEM,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
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

static bool
locked(struct db *db, struct arena *a, const char *key, int64_t now)
{
	struct db_throttle t;

	return db_throttle_get(db, a, key, &t) == DB_OK && t.locked_until > now;
}

/* Count one failure on key; lock it once it reaches limit. Returns whether it is now locked. */
static enum db_rc
count_failure(struct db *db, struct arena *a, const struct policy *pol, const char *key,
	      int64_t limit, int64_t now, bool *now_locked)
{
	struct db_throttle t;
	enum db_rc rc = db_throttle_fail(db, a, key, now, now - pol->lock_window, &t);

	*now_locked = false;
	if (rc != DB_OK)
		return rc;
	if (t.failures >= limit && t.locked_until <= now) {
		*now_locked = true;
		rc = db_throttle_lock(db, key, now + pol->lock_seconds);
	}
	return rc;
}

static enum xg_rc
record_failure(struct db *db, struct arena *a, const struct policy *pol, const char *username,
	       const struct db_user *u, const char *client, int64_t now, struct xg_error *err)
{
	struct actor anon = {.username = username, .client = client};
	const char *ukey = arena_printf(a, "user:%s", username);
	const char *akey = arena_printf(a, "addr:%s", client);
	const char *scope = u != NULL ? u->org_path : NULL;
	int64_t uid = u != NULL ? u->id : 0;
	bool ulock = false, alock = false;
	enum xg_rc rc;

	if (ukey == NULL || akey == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	anon.user_id = uid;
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK)
		rc = xg_from_db(
		    err, count_failure(db, a, pol, ukey, pol->lock_user_failures, now, &ulock), db,
		    "登录记录");
	if (rc == XG_OK)
		rc = xg_from_db(
		    err, count_failure(db, a, pol, akey, pol->lock_addr_failures, now, &alock), db,
		    "登录记录");
	if (rc == XG_OK)
		rc = audit_record(db, &anon, scope, "login.fail", "user", uid, "用户名或密码错误",
				  NULL, NULL, now, err);
	if (rc == XG_OK && ulock)
		rc = audit_record(db, &anon, scope, "login.lock", "user", uid,
				  "账号连续登录失败，已临时锁定", NULL, NULL, now, err);
	if (rc == XG_OK && alock)
		rc = audit_record(db, &anon, scope, "login.lock", "address", 0,
				  "该地址连续登录失败，已临时锁定", NULL, NULL, now, err);
	return xg_tx_end(db, rc, err);
}

static enum xg_rc
refuse_locked(struct db *db, struct arena *a, const struct policy *pol, const char *username,
	      const char *client, int64_t now, struct xg_error *err)
{
	struct actor anon = {.username = username, .client = client};

	/* Best effort: a blocked attempt is worth a line, but its failure must not unlock. */
	if (audit_record(db, &anon, NULL, "login.blocked", "user", 0, "锁定期间尝试登录", NULL,
			 NULL, now, NULL) != XG_OK)
		log_warn("could not audit a blocked login: %s", db_error(db));
	(void)a;
	return xg_fail(err, XG_LOCKED, "locked", NULL,
		       "登录失败次数过多，已临时锁定，请 %lld 分钟后再试或联系安全管理员",
		       (long long)((pol->lock_seconds + 59) / 60));
}

enum xg_rc
auth_login(struct db *db, struct arena *a, const struct policy *pol, const char *username,
	   const char *password, const char *client, int64_t now, struct auth_login *out,
	   struct xg_error *err)
{
	char token_hash[AUTH_TOKEN_LEN + 1];
	struct db_user u;
	const char *ukey = arena_printf(a, "user:%s", username);
	const char *akey = arena_printf(a, "addr:%s", client);
	enum db_rc rc;
	enum xg_rc xrc;
	bool found, ok;
	int64_t sid;

	if (ukey == NULL || akey == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	if (locked(db, a, ukey, now) || locked(db, a, akey, now))
		return refuse_locked(db, a, pol, username, client, now, err);
	rc = db_user_by_name(db, a, username, &u);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return xg_from_db(err, rc, db, "账号");
	found = rc == DB_OK;
	if (found) {
		ok = auth_verify_password(u.pw_hash, password);
	} else {
		const char *h = dummy_hash();
		if (h != NULL)
			(void)auth_verify_password(h, password);
		ok = false;
	}
	if (!ok) {
		xrc = record_failure(db, a, pol, username, found ? &u : NULL, client, now, err);
		if (xrc != XG_OK)
			return xrc;
		return xg_fail(err, XG_UNAUTH, "bad_credentials", NULL, "用户名或密码错误");
	}
	if (u.disabled)
		return xg_fail(err, XG_UNAUTH, "account_disabled", NULL,
			       "该账号已停用，请联系本单位管理员");

	auth_new_token(out->token);
	auth_new_token(out->csrf);
	auth_token_hash(out->token, token_hash);
	auth_actor_of(&u, client, &out->actor);
	xrc = xg_tx_begin(db, err);
	if (xrc == XG_OK)
		xrc = xg_from_db(err, db_throttle_clear(db, ukey), db, "登录记录");
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

enum xg_rc
auth_unlock(struct db *db, const struct actor *actor, const char *key, int64_t now,
	    struct xg_error *err)
{
	struct arena *a = arena_new();
	struct db_throttle t;
	enum xg_rc rc;

	if (a == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK) {
		enum db_rc drc = db_throttle_get(db, a, key, &t);
		rc = drc == DB_NOTFOUND
			 ? xg_fail(err, XG_NOTFOUND, "not_found", "key", "没有该锁定记录")
			 : xg_from_db(err, drc, db, "锁定记录");
	}
	if (rc == XG_OK)
		rc = xg_from_db(err, db_throttle_clear(db, key), db, "锁定记录");
	if (rc == XG_OK)
		rc = audit_record(db, actor, NULL, "lock.clear", "lock", 0, key, NULL, NULL, now,
				  err);
	rc = xg_tx_end(db, rc, err);
	arena_free(a);
	return rc;
}
