/* auth: passwords (Argon2id), login with throttling, sessions and API tokens, all kept in the
 * database. */
#ifndef XG_AUTH_H
#define XG_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/actor.h"
#include "base/arena.h"
#include "db/db.h"
#include "domain/policy.h"
#include "domain/error.h"

#define AUTH_HASH_MAX 128 /* room for an encoded Argon2id hash */
#define AUTH_TOKEN_LEN 64 /* hex characters of a session or API token */
#define AUTH_LABEL_MAX 50 /* characters of an API token's label */

/* Initialise libsodium; -1 when the library cannot start (call once at start-up). */
int auth_init(void);

#define AUTH_HASH_SLOTS_DEFAULT 4      /* Argon2id hashes in flight at once (64 MiB each) */
#define AUTH_HASH_WAIT_MS_DEFAULT 2000 /* how long a login waits for a slot before 503 */

/*
 * Bound the password hashes in flight to slots, each waiting at most wait_ms
 * for a slot. Call at start-up, before threads; the defaults hold otherwise.
 */
void auth_hash_limit(int slots, int64_t wait_ms);
/*
 * Take a hash slot (waiting up to the configured time) or answer XG_BUSY
 * ("服务繁忙，请稍后再试", retry_after set). Every XG_OK needs one
 * auth_hash_release().
 */
enum xg_rc auth_hash_acquire(struct xg_error *err);
void auth_hash_release(void);

/*
 * Hash password with Argon2id into out (NUL-terminated), inside a hash slot;
 * XG_BUSY when no slot frees in time, XG_INTERNAL when out of memory.
 */
enum xg_rc auth_hash_password(const char *password, char out[AUTH_HASH_MAX], struct xg_error *err);
/* Verify password against hash. Takes no slot: callers hold one (auth_hash_acquire). */
bool auth_verify_password(const char *hash, const char *password);

/* A fresh random token of AUTH_TOKEN_LEN hex characters, and the hash we store for it. */
void auth_new_token(char out[AUTH_TOKEN_LEN + 1]);
void auth_token_hash(const char *token, char out[AUTH_TOKEN_LEN + 1]);

struct auth_login {
	char token[AUTH_TOKEN_LEN + 1]; /* the cookie value: shown once, stored hashed */
	char csrf[AUTH_TOKEN_LEN + 1];
	struct actor actor;
};

/*
 * Check username/password from client, under the lock-out policy, and on
 * success open a cookie session. Attempts are counted before any password is
 * checked, per account at this address, per address, and per account across
 * addresses not seen before (see domain/auth.c); a refused attempt answers XG_LOCKED
 * with err->retry_after set, and no hash slot free in time XG_BUSY.
 */
enum xg_rc auth_login(struct db *db, struct arena *a, const struct policy *pol,
		      const char *username, const char *password, const char *client, int64_t now,
		      struct auth_login *out, struct xg_error *err);

/*
 * The actor behind token (cookie session or API token), or XG_UNAUTH when it
 * is unknown, expired (idle or absolute) or its account is disabled.
 * Refreshes the session's last use at most once a minute.
 */
enum xg_rc auth_resolve(struct db *db, struct arena *a, const struct policy *pol, const char *token,
			const char *client, int64_t now, struct actor *out, struct xg_error *err);

/* End the actor's session (audited). */
enum xg_rc auth_logout(struct db *db, const struct actor *actor, int64_t now, struct xg_error *err);

/*
 * Create an API token for actor's own account; token gets the secret (shown
 * once). label is a name a person reads (1..AUTH_LABEL_MAX characters).
 */
enum xg_rc auth_token_create(struct db *db, const struct policy *pol, const struct actor *actor,
			     const char *label, int64_t now, char token[AUTH_TOKEN_LEN + 1],
			     int64_t *id, int64_t *expires_at, struct xg_error *err);

/* Delete the actor's own API token id (XG_NOTFOUND for anyone else's). Audited. */
enum xg_rc auth_token_delete(struct db *db, const struct actor *actor, int64_t id, int64_t now,
			     struct xg_error *err);

/*
 * Clear the lock-out state of key: "user:NAME" clears every key of the
 * account (from every address), "user:NAME@ADDRESS" and "addr:ADDRESS" just
 * that one. Audited as "lock.clear" (and the refused attempts still uncounted
 * as "login.blocked_total"); XG_NOTFOUND when nothing was locked or counted.
 */
enum xg_rc auth_unlock(struct db *db, const struct actor *actor, const char *key, int64_t now,
		       struct xg_error *err);
/*
 * Clear every lock-out key of account username inside the caller's
 * transaction (a password reset, an account enabled). Audited as
 * "lock.clear" when there was anything to clear.
 */
enum xg_rc auth_clear_account(struct db *db, const struct actor *actor, const char *username,
			      int64_t now, struct xg_error *err);

/* Build the actor of user u (for sessions and for command-line tools acting as a user). */
void auth_actor_of(const struct db_user *u, const char *client, struct actor *out);

#endif
