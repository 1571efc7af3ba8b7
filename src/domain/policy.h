/* policy: the security policy (passwords, lock-out, sessions), stored in settings and shared by
 * every process. */
#ifndef XG_POLICY_H
#define XG_POLICY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>
#include <stdbool.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/error.h"

struct policy {
	int64_t pw_min_length;	    /* characters */
	int64_t pw_min_classes;	    /* of: lower, upper, digit, other */
	int64_t lock_user_failures; /* failures of one account within the window */
	int64_t lock_addr_failures; /* failures from one client address within the window */
	int64_t lock_window;	    /* seconds */
	int64_t lock_seconds;	    /* how long a lock lasts */
	int64_t session_idle;	    /* seconds without a request before a session ends */
	int64_t session_absolute;   /* seconds after login when a session ends regardless */
	int64_t token_days;	    /* lifetime of an API token */
};

/* One policy field: its settings key, bounds and Chinese label; for validation and pages. */
struct policy_field {
	const char *key;
	const char *label;
	int64_t min;
	int64_t max;
	int64_t def;
	size_t offset; /* of the int64_t in struct policy */
};

/* The fields, and their count. */
const struct policy_field *policy_fields(size_t *n);
/* The built-in defaults. */
void policy_defaults(struct policy *p);
/* Defaults overlaid with the settings stored in db (values out of range are ignored). */
enum db_rc policy_load(struct db *db, struct policy *p);

/*
 * A process's copy of the policy: read again only when its version in the
 * database has moved. Every change through policy_set counts the version
 * up in the change's own transaction, so every process sees a change on
 * its next request; a request costs one read of one row instead of the
 * whole policy. Safe to share between threads.
 */
struct policy_cache {
	pthread_mutex_t lock;
	bool valid;
	int64_t version;
	struct policy p;
};
void policy_cache_init(struct policy_cache *c);
void policy_cache_free(struct policy_cache *c);
/* The current policy into *out, from the cache when it is current. */
enum db_rc policy_current(struct policy_cache *c, struct db *db, struct policy *out);
/* Store one field after checking its bounds; XG_INVALID names the field. Caller holds a
 * transaction. */
enum xg_rc policy_set(struct db *db, const char *key, int64_t value, struct xg_error *err);
/*
 * Set n fields (keys[i] = values[i]) in one transaction, audited as
 * "policy.update" with the policy before and after. All or nothing.
 */
struct actor;
enum xg_rc policy_update(struct db *db, const struct actor *actor, const char *const *keys,
			 const int64_t *values, size_t n, int64_t now, struct xg_error *err);
/* The policy as JSON (new reference or NULL). */
json_t *policy_to_json(const struct policy *p);
/* Read field f of p. */
int64_t policy_get(const struct policy *p, const struct policy_field *f);

/* Check a new password against p; the message says what is missing. */
enum xg_rc policy_check_password(const struct policy *p, const char *password, const char *username,
				 struct xg_error *err);

#endif
