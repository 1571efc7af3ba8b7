/* xg_error: the one error convention of the domain layer, mapped to HTTP in one place
 * (http_status). */
#ifndef XG_ERROR_H
#define XG_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum xg_rc {
	XG_OK = 0,
	XG_INVALID,   /* the input breaks a rule: 400/422 */
	XG_UNAUTH,    /* not logged in or bad credentials: 401 */
	XG_FORBIDDEN, /* logged in, but the role may not do this: 403 */
	XG_NOTFOUND,  /* missing, or outside the caller's subtree: 404 */
	XG_CONFLICT,  /* clashes with existing data: 409 */
	XG_LOCKED,    /* throttled or locked: 429 */
	XG_METHOD,    /* the path exists, the method does not: 405 */
	XG_TOO_LARGE, /* the body is larger than the route accepts: 413 */
	XG_MEDIA,     /* the body's media type is not the route's: 415 */
	XG_BUSY,      /* storage busy, try again: 503 */
	XG_INTERNAL,  /* a fault of ours: 500, logged, never detailed to users */
};

/*
 * What went wrong, for the person: code is a stable machine word
 * ("invalid_field"), field names the input at fault (or NULL), message is
 * Chinese text safe to show. Messages never echo raw input.
 */
struct xg_error {
	enum xg_rc rc;
	const char *code;
	const char *field;
	char message[256];
	int64_t retry_after; /* seconds, for XG_LOCKED and XG_BUSY answers (Retry-After); 0: none */
};

/* Fill err and return rc; fmt is a printf format for the message. */
enum xg_rc xg_fail(struct xg_error *err, enum xg_rc rc, const char *code, const char *field,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Map a storage status to a domain one, with a generic message; logs DB_ERR details. */
enum xg_rc xg_from_db(struct xg_error *err, enum db_rc rc, struct db *db, const char *what);

/* A day a person typed: exactly YYYY-MM-DD and a real date, else XG_INVALID naming field. */
enum xg_rc xg_check_day(const char *s, const char *field, struct xg_error *err);

/*
 * Check s under the one rule for names a person reads (base/name.h): 1..max
 * characters. On a fault fills err (XG_INVALID, naming field, the message
 * led by label) and returns it.
 */
enum xg_rc xg_check_name(const char *s, const char *field, const char *label, size_t max,
			 struct xg_error *err);

/* Transactions for domain functions: begin, then end with the outcome (commit on XG_OK, else roll
 * back). */
enum xg_rc xg_tx_begin(struct db *db, struct xg_error *err);
enum xg_rc xg_tx_end(struct db *db, enum xg_rc rc, struct xg_error *err);

#endif
