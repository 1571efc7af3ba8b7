/*
 * http: one request and its answer, independent of the HTTP library.
 * A request owns an arena that lives until the answer is sent; everything a
 * handler allocates for the request comes from it.
 */
#ifndef XG_HTTP_H
#define XG_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/actor.h"
#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "http/param.h"
#include "domain/policy.h"
#include "domain/error.h"

/* The session cookie's name (set by login, read by the router). */
#define HTTP_SESSION_COOKIE "xg_session"

#define HTTP_BODY_MAX ((size_t)1 << 20) /* 1 MiB: no form or JSON of ours comes near */

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

/* The method's name ("GET"), and the method of a name (HTTP_OTHER when unknown). */
const char *http_method_name(enum http_method m);
enum http_method http_method_of(const char *name);

/*
 * How a request's headers, cookies and query string are read: supplied by
 * the server side (server/mhd.c), so that this floor knows no HTTP library
 * and tests can build a request by hand. query returns -1 when a value holds
 * a NUL byte.
 */
struct req_source {
	const char *(*header)(void *conn, const char *name);
	const char *(*cookie)(void *conn, const char *name);
	int (*query)(void *conn, struct arena *a, struct raw_pair **out, size_t *n);
};

/* What handlers may know of the server's configuration (read-only, set at start-up). */
struct site {
	const char *name;    /* shown in the top band and titles */
	bool secure_cookies; /* add Secure to cookies: set when served over HTTPS */
	const char *tmp_dir; /* where uploads and exports wait, unlinked, while they are made */
};

struct app; /* the server's own state: opaque here, used only by server/ */
struct route;
struct late_answers; /* server/late.h */

struct req {
	const struct app *app;
	const struct site *site;
	struct arena *a;
	struct db *db;
	enum http_method method;
	const char *path;
	const char *client;
	int64_t now;
	struct policy policy;

	/* Who is asking: set by the router before any handler runs. */
	bool authed;
	bool via_cookie;
	struct actor actor;

	/* What the router matched and checked. */
	const struct route *route;
	int64_t id[2]; /* the {id} segments of the path, in order */
	struct params query;
	struct params body;

	/* The answer. */
	unsigned status;
	struct buf out;
	const char *content_type;
	const char *set_cookie;
	const char *location;
	const char *allow;
	int64_t retry_after; /* seconds for a Retry-After header (429, 503); 0: none */
	bool cacheable;	     /* static assets only */
	int body_fd;	     /* >= 0: the body is this open file (streamed, not in out) */
	uint64_t body_size;
	const char *disposition; /* Content-Disposition, for downloads */
	const char *csp;	 /* a stricter Content-Security-Policy for a download, or NULL */

	/* Library side (server/mhd.c). */
	const struct req_source *src;
	void *conn;
	bool started;	  /* the head has been read and checked */
	bool nul_in_path; /* the raw path holds %00 (refused) */
	bool close_after; /* answer with Connection: close (a body left unread) */
	struct buf in;
	size_t in_seen; /* body bytes received, kept or not */
	bool in_too_large;
	uint64_t
	    body_max;  /* the most this request's route accepts (HTTP_BODY_MAX unless an upload) */
	int upload_fd; /* an upload route's body, in an unlinked temporary file (-1: none) */
	uint64_t upload_size;
	bool upload_failed; /* the temporary file could not be written */
	/* A write whose answer may wait for its batch's COMMIT (server/late.c): late_of, the server's
	 * count of them, is set when the ticket is armed (NULL: not armed); parked: the connection is
	 * suspended until that batch ends. */
	struct db_ticket ticket;
	struct late_answers *late_of;
	bool parked;
};

/* A request header or cookie value, or NULL. */
const char *http_header(struct req *r, const char *name);
const char *http_cookie(struct req *r, const char *name);
/* Query-string pairs (decoded), for the router's validation; -1 when a value holds a NUL byte. */
int http_query_pairs(struct req *r, struct raw_pair **out, size_t *n);

/* The HTTP status for a domain error (the only place this mapping lives). */
unsigned http_status_of(enum xg_rc rc);

/* Set the answer to data with a content type (copied). */
void http_reply(struct req *r, unsigned status, const char *content_type, const char *data,
		size_t len);
/*
 * Set the answer to the open file fd (size bytes from its start), sent as
 * the client reads it, so an export of a million rows never sits in memory.
 * The request owns fd from here: it is closed after sending, or when the
 * answer is replaced or dropped. download names the file the browser saves
 * (ASCII; NULL: shown inline).
 */
void http_reply_file(struct req *r, unsigned status, const char *content_type, int fd,
		     uint64_t size, const char *download);
/*
 * http_reply_file as a download named name (UTF-8, e.g. Chinese), sent as
 * RFC 6266's filename*=UTF-8''… with ascii (a plain ASCII name) beside it
 * for clients that know only filename=.
 */
void http_reply_download(struct req *r, unsigned status, const char *content_type, int fd,
			 uint64_t size, const char *ascii, const char *name);
/* A new, already unlinked temporary file in the site's tmp_dir (read-write), or -1 (logged). */
int http_temp_file(struct req *r);
/*
 * An upload route's body (upload_size bytes of upload_fd) whole in memory, for readers that
 * need it whole (a CSV, a document); the caller frees it with free(). NULL (logged) when it
 * cannot be read back or memory runs out.
 */
char *http_upload_read(struct req *r);
/* Redirect (303 See Other) to a local path. */
void http_redirect(struct req *r, const char *location);

/* The Set-Cookie value for a new session (lives for the policy's absolute limit). */
const char *http_session_cookie(struct req *r, const char *token);
/* The Set-Cookie value that ends the session cookie. */
const char *http_clear_cookie(struct req *r);

#endif
