/* route: the one route table and the router that checks every request before a handler runs. */
#ifndef XG_ROUTE_H
#define XG_ROUTE_H

#include "http/request.h"
#include "http/param.h"

/*
 * What a route's body is. BODY_UPLOAD: a file of any type (the handler
 * decides by its content), up to the server's upload limit instead of
 * HTTP_BODY_MAX, streamed to an unlinked temporary file (r->upload_fd)
 * rather than held in memory.
 */
enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM, BODY_UPLOAD };

/*
 * What the {id} of a route names, so a refusal can answer 404 for what the
 * caller cannot see: whether the object is within the caller's reach, and
 * the 404 text. A new kind of object is a new entry in server/routes.c, not an edit
 * of the router.
 */
struct route_object {
	const char *missing; /* "单位不存在" */
	bool (*visible)(struct req *r, int64_t id);
};

/*
 * How a family of routes answers an error: JSON {"error":{...}} for the API,
 * an HTML page (or the login redirect) for pages. The router and the server
 * reach renderers only through this, so they never name one.
 */
struct route_kind {
	const char *name; /* "api", "page" */
	void (*error)(struct req *r, const struct xg_error *err);
	bool csrf_in_header; /* the CSRF token comes in X-CSRF-Token, not the form's _csrf */
};

/* The kind that answers a path no route matched (by its prefix): server/routes.c. */
const struct route_kind *route_kind_of_path(const char *path);

enum route_flag {
	ROUTE_NO_CSRF = 1u << 1,    /* the login form: no session yet, so no CSRF token */
	ROUTE_NO_SESSION = 1u << 2, /* static files: no policy read, no session lookup */
	/* Its handler does nothing after its transaction's commit but write the answer, which holds
	 * nothing that only the commit makes true: with group commit the answer may wait for its
	 * batch without holding a thread (server/mhd.c, db_commit_later). */
	ROUTE_LATE_ANSWER = 1u << 3,
};

/*
 * A route: its kind (how it answers errors), method, path pattern ({id}
 * matches a positive integer), the handler, the permission the caller's role
 * must hold (PERM_PUBLIC: no login), and the fields the query string and
 * body may carry (NULL: none). Written with designated initialisers; a
 * route without a kind or a permission is refused when the server starts
 * (route_table_check), so a forgotten .perm can never make a route public.
 * object says what {id} names: when the role lacks the permission, an
 * object outside the caller's subtree still answers 404, never 403, so a
 * refusal does not reveal that it exists.
 */
struct route {
	const struct route_kind *kind;
	enum http_method method;
	const char *pattern;
	void (*handler)(struct req *r);
	unsigned perm;
	enum body_kind body;
	const struct field *query;
	const struct field *fields;
	unsigned flags;
	const struct route_object *object;
};

/* The table (server/routes.c) and its length. */
extern const struct route route_table[];
extern const size_t route_count;

/* 0 when every route has a kind, a handler, a pattern and a permission; else -1, naming the route
 * on standard error. Called at start-up. */
int route_table_check(void);

/* The route r's method and path name (its {id}s go to r->id), or NULL; answers nothing: the server
 * asks when the head arrives, to know the body's limit, and keeps the answer in r->route. */
const struct route *route_lookup(struct req *r);

/* Answer err the way r's route (or, before one is found, r's path) answers errors. */
void route_error(struct req *r, const struct xg_error *err);

/*
 * Route r: find its route (404/405 otherwise), authenticate, check the
 * role's permission, the CSRF token of cookie sessions and the declared
 * fields, then call the handler. Always leaves an answer in r.
 */
void route_dispatch(struct req *r);

#endif
