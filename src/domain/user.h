/* user: the rules of accounts — who may create or change which account, names, passwords. */
#ifndef XG_USER_H
#define XG_USER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/actor.h"
#include "base/arena.h"
#include "db/db.h"
#include "domain/policy.h"
#include "domain/error.h"

/* A new account. */
struct user_new {
	const char *username;
	const char *display_name;
	const char *role;
	int64_t org_id;
	const char *password;
};

/* A change to an account: only the fields marked set are applied. */
struct user_change {
	bool set_display_name, set_role, set_org, set_disabled;
	const char *display_name;
	const char *role;
	int64_t org_id;
	bool disabled;
};

enum xg_rc user_check_username(const char *username, struct xg_error *err);

/*
 * Create an account in the actor's subtree. The actor's role must be allowed
 * to manage the new account's role (role_may_manage). Audited (never the
 * password). *id gets the new account's id.
 */
enum xg_rc user_create(struct db *db, struct arena *a, const struct policy *pol,
		       const struct actor *actor, const struct user_new *in, int64_t now,
		       int64_t *id, struct xg_error *err);

/*
 * Change account id (in the actor's subtree, else XG_NOTFOUND). Nobody
 * changes their own role, unit or status. Disabling ends the account's
 * sessions and tokens.
 */
enum xg_rc user_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       const struct user_change *c, int64_t now, struct db_user *out,
		       struct xg_error *err);

/*
 * Set the password of account id. For one's own account the current
 * password must be given (old_password); managers reset others' passwords
 * without it. Ends the account's other sessions.
 */
enum xg_rc user_set_password(struct db *db, struct arena *a, const struct policy *pol,
			     const struct actor *actor, int64_t id, const char *old_password,
			     const char *new_password, int64_t now, struct xg_error *err);

/* JSON form of an account (never its hash); new reference or NULL. */
json_t *user_to_json(const struct db_user *u);

#endif
