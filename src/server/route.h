/* route: the one route table and the router that checks every request before a handler runs. */
#ifndef XG_ROUTE_H
#define XG_ROUTE_H

#include "http/request.h"
#include "http/param.h"

enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM };

/* What the {id} of a route names, so a refusal can answer 404 for what the caller cannot see. */
enum route_object { OBJ_NONE = 0, OBJ_ORG, OBJ_USER };

enum route_flag {
	ROUTE_API = 1u << 0,	 /* answers JSON, errors as {"error":{...}} */
	ROUTE_NO_CSRF = 1u << 1, /* the login form: no session yet, so no CSRF token */
	ROUTE_NO_SESSION = 1u << 2, /* static files: no policy read, no session lookup */
};

/*
 * A route: method, path pattern ({id} matches a positive integer), the
 * handler, the permission the caller's role must hold (PERM_NONE: public),
 * and the fields the query string and body may carry. A route without a
 * permission cannot be written: perm is required in the table. object says
 * what {id} names: when the role lacks the permission, an object outside
 * the caller's subtree still answers 404, never 403, so a refusal does not
 * reveal that it exists.
 */
struct route {
	enum http_method method;
	const char *pattern;
	void (*handler)(struct req *r);
	unsigned perm;
	enum body_kind body;
	const struct field *query;
	const struct field *fields;
	unsigned flags;
	enum route_object object;
};

/* The table (routes.c) and its length. */
extern const struct route route_table[];
extern const size_t route_count;

/*
 * Route r: find its route (404/405 otherwise), authenticate, check the
 * role's permission, the CSRF token of cookie sessions and the declared
 * fields, then call the handler. Always leaves an answer in r.
 */
void route_dispatch(struct req *r);

#endif
