/* route: matching, authentication, permission, CSRF and field checks — in this order, for every
 * request. */
#include "server/route.h"

#include <string.h>
#include <strings.h>

#include <stdio.h>

#include "base/log.h"
#include "base/str.h"
#include "domain/auth.h"
#include "server/app.h"

/* Match path against pattern; {id} segments must be positive integers and go to ids. */
static bool
match(const char *pattern, const char *path, int64_t ids[2])
{
	size_t nid = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (strncmp(pattern, "{file}", 6) == 0) {
			/* A static file name: [a-z0-9._-], not starting with a dot, to the end. */
			size_t n = strspn(path, "abcdefghijklmnopqrstuvwxyz0123456789._-");
			if (n == 0 || path[0] == '.' || path[n] != '\0')
				return false;
			pattern += 6;
			path += n;
			continue;
		}
		if (strncmp(pattern, "{id}", 4) == 0) {
			const char *end = strchr(path, '/');
			size_t n = end ? (size_t)(end - path) : strlen(path);
			int64_t v;
			if (nid == 2 ||
			    str_parse_i64((struct slice){path, n}, 1, INT64_MAX, &v) != 0)
				return false;
			ids[nid++] = v;
			pattern += 4;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

void
route_error(struct req *r, const struct xg_error *err)
{
	const struct route_kind *kind =
	    r->route != NULL ? r->route->kind : route_kind_of_path(r->path);

	kind->error(r, err);
}

static void
fail(struct req *r, enum xg_rc rc, const char *code, const char *message)
{
	struct xg_error err;

	xg_fail(&err, rc, code, NULL, "%s", message);
	route_error(r, &err);
}

const struct route *
route_lookup(struct req *r)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	size_t i;

	for (i = 0; i < route_count; i++) {
		int64_t ids[2] = {0, 0};
		if (route_table[i].method == m && match(route_table[i].pattern, r->path, ids)) {
			r->id[0] = ids[0];
			r->id[1] = ids[1];
			return &route_table[i];
		}
	}
	return NULL;
}

/* Find the route; 404 when no pattern fits, 405 (with Allow) when only the method is wrong. */
static const struct route *
find_route(struct req *r)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	struct buf allow;
	size_t i;
	bool path_known = false;

	buf_init(&allow);
	for (i = 0; i < route_count; i++) {
		int64_t ids[2] = {0, 0};
		if (!match(route_table[i].pattern, r->path, ids))
			continue;
		if (route_table[i].method == m) {
			buf_free(&allow);
			r->id[0] = ids[0];
			r->id[1] = ids[1];
			return &route_table[i];
		}
		buf_printf(&allow, "%s%s", path_known ? ", " : "",
			   http_method_name(route_table[i].method));
		path_known = true;
	}
	if (path_known) {
		r->allow = arena_strdup(r->a, buf_cstr(&allow));
		fail(r, XG_METHOD, "method_not_allowed", "不支持该请求方法");
	} else {
		fail(r, XG_NOTFOUND, "not_found", "页面不存在");
	}
	buf_free(&allow);
	return NULL;
}

/* The token of the request: a bearer token for scripts, else the session cookie. */
static const char *
request_token(struct req *r, bool *via_cookie)
{
	const char *h = http_header(r, "Authorization");

	*via_cookie = false;
	if (h != NULL && strncmp(h, "Bearer ", 7) == 0)
		return h + 7;
	*via_cookie = true;
	return http_cookie(r, HTTP_SESSION_COOKIE);
}

/* Who is asking. A missing or dead token is simply "not logged in"; a storage fault is answered. */
enum auth_outcome { AUTH_ANON, AUTH_OK, AUTH_ANSWERED };

static enum auth_outcome
authenticate(struct req *r)
{
	struct xg_error err;
	const char *token = request_token(r, &r->via_cookie);

	if (token == NULL)
		return AUTH_ANON;
	if (auth_resolve(r->db, r->a, &r->policy, token, r->client, r->now, &r->actor, &err) ==
	    XG_OK) {
		r->authed = true;
		return AUTH_OK;
	}
	if (err.rc == XG_UNAUTH)
		return AUTH_ANON;
	route_error(r, &err);
	return AUTH_ANSWERED;
}

static bool
unsafe(enum http_method m)
{
	return m != HTTP_GET && m != HTTP_HEAD;
}

static bool
csrf_ok(struct req *r, const char *given)
{
	size_t n;

	if (given == NULL || r->actor.csrf == NULL)
		return false;
	n = strlen(r->actor.csrf);
	return strlen(given) == n && str_ct_equal(given, r->actor.csrf, n);
}

/* Whether the Content-Type names media type `type` (parameters such as charset allowed). */
static bool
media_is(const char *ctype, const char *type)
{
	size_t n = strlen(type);

	return ctype != NULL && strncasecmp(ctype, type, n) == 0 &&
	       (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ' || ctype[n] == '\t');
}

/*
 * A login carries no CSRF token (there is no session yet), so another site
 * could post one to log the victim into the attacker's account. Browsers say
 * where a request comes from: refuse a login that is not from our own pages.
 * Scripts send neither header and are not affected.
 */
static bool
same_origin(struct req *r)
{
	const char *site = http_header(r, "Sec-Fetch-Site");
	const char *origin = http_header(r, "Origin");
	const char *host = http_header(r, "Host");
	const char *rest;

	if (site != NULL && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	if (origin == NULL)
		return true;
	if (host == NULL)
		return false;
	if (strncmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	else if (strncmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	else
		return false; /* "null" and anything odd */
	return strcasecmp(rest, host) == 0;
}

static enum xg_rc
read_body(struct req *r, const struct route *rt, const char **form_csrf, struct xg_error *err)
{
	static const char *const implicit[] = {"_csrf", NULL};
	const char *ctype = http_header(r, "Content-Type");
	struct raw_pair *pairs;
	size_t n, i;
	enum xg_rc rc;

	*form_csrf = NULL;
	if (rt->body == BODY_UPLOAD) /* the file is the handler's; no fields */
		return param_from_pairs(r->a, rt->fields, NULL, 0, NULL, &r->body, err);
	if (rt->body == BODY_NONE) {
		if (r->in.len > 0)
			return xg_fail(err, XG_INVALID, "unexpected_body", NULL,
				       "该请求不接受请求体");
		return param_from_pairs(r->a, rt->fields, NULL, 0, NULL, &r->body, err);
	}
	if (rt->body == BODY_JSON) {
		if (!media_is(ctype, "application/json"))
			return xg_fail(err, XG_MEDIA, "unsupported_media_type", NULL,
				       "请求体应为 JSON（Content-Type: application/json）");
		return param_from_json(r->a, rt->fields, r->in.data, r->in.len, &r->body, err);
	}
	if (!media_is(ctype, "application/x-www-form-urlencoded"))
		return xg_fail(err, XG_MEDIA, "unsupported_media_type", NULL, "表单编码不受支持");
	rc = param_parse_form(r->a, r->in.data, r->in.len, &pairs, &n, err);
	if (rc != XG_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].name, "_csrf") == 0)
			*form_csrf = pairs[i].value;
	return param_from_pairs(r->a, rt->fields, pairs, n, implicit, &r->body, err);
}

static void
checked_call(struct req *r, const struct route *rt)
{
	struct raw_pair *q;
	struct xg_error err;
	const char *form_csrf = NULL;
	size_t nq;
	enum xg_rc rc;

	if (http_query_pairs(r, &q, &nq) != 0)
		rc = xg_fail(&err, XG_INVALID, "invalid_text", NULL, "查询参数含有控制字符");
	else
		rc = param_from_pairs(r->a, rt->query, q, nq, NULL, &r->query, &err);
	if (rc == XG_OK && unsafe(r->method) && (rt->flags & ROUTE_NO_CSRF) && !same_origin(r))
		rc = xg_fail(&err, XG_FORBIDDEN, "cross_site", NULL,
			     "请求来源无法确认：请在本系统的登录页登录");
	if (rc == XG_OK)
		rc = read_body(r, rt, &form_csrf, &err);
	if (rc == XG_OK && r->authed && r->via_cookie && unsafe(r->method) &&
	    !(rt->flags & ROUTE_NO_CSRF) &&
	    !csrf_ok(r, rt->kind->csrf_in_header ? http_header(r, "X-CSRF-Token") : form_csrf))
		rc = xg_fail(&err, XG_FORBIDDEN, "csrf", NULL,
			     "页面已过期或请求来源无法确认，请刷新页面后重试");
	if (rc != XG_OK) {
		route_error(r, &err);
		return;
	}
	rt->handler(r);
}

void
route_dispatch(struct req *r)
{
	/* The server looked the route up already when the head arrived (for its body limit). */
	const struct route *rt = r->route != NULL ? r->route : find_route(r);

	if (rt == NULL)
		return;
	r->route = rt;
	/* Public files need nobody's identity: spare the database a read per stylesheet. */
	if (rt->flags & ROUTE_NO_SESSION) {
		checked_call(r, rt);
		return;
	}
	if (policy_current(r->app->policy, r->db, &r->policy) != DB_OK) {
		log_error("cannot load the security policy: %s", db_error(r->db));
		fail(r, XG_BUSY, "busy", "系统繁忙，请稍后重试");
		return;
	}
	if (authenticate(r) == AUTH_ANSWERED)
		return;
	if (rt->perm != PERM_PUBLIC && !r->authed) {
		/* Pages answer XG_UNAUTH with a redirect to the login page that comes back here. */
		fail(r, XG_UNAUTH, "unauthenticated", "请先登录");
		return;
	}
	if (!role_can(r->actor.role, rt->perm)) {
		if (rt->object != NULL && !rt->object->visible(r, r->id[0]))
			fail(r, XG_NOTFOUND, "not_found", rt->object->missing);
		else
			fail(r, XG_FORBIDDEN, "forbidden", "您的角色无权进行此操作");
		return;
	}
	checked_call(r, rt);
}

int
route_table_check(void)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < route_count; i++) {
		const struct route *rt = &route_table[i];
		if (rt->kind == NULL || rt->handler == NULL || rt->pattern == NULL ||
		    rt->perm == 0) {
			fprintf(stderr,
				"xuanguan: route %zu (%s) lacks a kind, handler or permission\n", i,
				rt->pattern ? rt->pattern : "?");
			rc = -1;
		}
	}
	return rc;
}
