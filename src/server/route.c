/* route: matching, authentication, permission, CSRF and field checks — in this order, for every
 * request. */
#include "server/route.h"

#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "server/app.h"
#include "domain/auth.h"
#include "base/log.h"
#include "page/page.h"
#include "base/str.h"

#define SESSION_COOKIE "xg_session"

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

static bool
is_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0;
}

static void
fail(struct req *r, bool api, enum xg_rc rc, const char *code, const char *message)
{
	struct xg_error err;

	xg_fail(&err, rc, code, NULL, "%s", message);
	if (api)
		api_error(r, &err);
	else
		page_error(r, &err);
}

static const char *
method_name(enum http_method m)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "?"};
	return names[m];
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
			   method_name(route_table[i].method));
		path_known = true;
	}
	if (path_known) {
		r->allow = arena_strdup(r->a, buf_cstr(&allow));
		fail(r, is_api_path(r->path), XG_INVALID, "method_not_allowed", "不支持该请求方法");
		r->status = 405;
	} else {
		fail(r, is_api_path(r->path), XG_NOTFOUND, "not_found", "页面不存在");
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
	return http_cookie(r, SESSION_COOKIE);
}

/* Who is asking. A missing or dead token is simply "not logged in"; a storage fault is answered. */
enum auth_outcome { AUTH_ANON, AUTH_OK, AUTH_ANSWERED };

static enum auth_outcome
authenticate(struct req *r, bool api)
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
	if (api)
		api_error(r, &err);
	else
		page_error(r, &err);
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

static enum xg_rc
read_body(struct req *r, const struct route *rt, const char **form_csrf, struct xg_error *err)
{
	static const char *const implicit[] = {"_csrf", NULL};
	const char *ctype = http_header(r, "Content-Type");
	struct raw_pair *pairs;
	size_t n, i;
	enum xg_rc rc;

	*form_csrf = NULL;
	if (rt->body == BODY_NONE) {
		if (r->in.len > 0)
			return xg_fail(err, XG_INVALID, "unexpected_body", NULL,
				       "该请求不接受请求体");
		return param_from_pairs(r->a, rt->fields, NULL, 0, NULL, &r->body, err);
	}
	if (rt->body == BODY_JSON) {
		if (ctype == NULL || strncasecmp(ctype, "application/json", 16) != 0)
			return xg_fail(err, XG_INVALID, "unsupported_media_type", NULL,
				       "请求体应为 JSON（Content-Type: application/json）");
		return param_from_json(r->a, rt->fields, r->in.data, r->in.len, &r->body, err);
	}
	if (ctype == NULL || strncasecmp(ctype, "application/x-www-form-urlencoded", 33) != 0)
		return xg_fail(err, XG_INVALID, "unsupported_media_type", NULL, "表单编码不受支持");
	rc = param_parse_form(r->a, r->in.data, r->in.len, &pairs, &n, err);
	if (rc != XG_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].name, "_csrf") == 0)
			*form_csrf = pairs[i].value;
	return param_from_pairs(r->a, rt->fields, pairs, n, implicit, &r->body, err);
}

static void
checked_call(struct req *r, const struct route *rt, bool api)
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
	if (rc == XG_OK)
		rc = read_body(r, rt, &form_csrf, &err);
	if (rc == XG_OK && r->authed && r->via_cookie && unsafe(r->method) &&
	    !(rt->flags & ROUTE_NO_CSRF) &&
	    !csrf_ok(r, api ? http_header(r, "X-CSRF-Token") : form_csrf))
		rc = xg_fail(&err, XG_FORBIDDEN, "csrf", NULL,
			     "页面已过期或请求来源无法确认，请刷新页面后重试");
	if (rc != XG_OK) {
		if (api)
			api_error(r, &err);
		else
			page_error(r, &err);
		if (err.code != NULL && strcmp(err.code, "unsupported_media_type") == 0)
			r->status = 415;
		return;
	}
	rt->handler(r);
}

/* Whether the object named by the route's {id} is within the caller's subtree (true when none). */
static bool
object_visible(struct req *r, const struct route *rt)
{
	struct db_org o;
	struct db_user u;

	switch (rt->object) {
	case OBJ_ORG:
		return db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &o) != DB_NOTFOUND;
	case OBJ_USER:
		return db_user_get(r->db, r->a, r->actor.org_path, r->id[0], &u) != DB_NOTFOUND;
	case OBJ_NONE:
		break;
	}
	return true;
}

void
route_dispatch(struct req *r)
{
	const struct route *rt = find_route(r);
	bool api;

	if (rt == NULL)
		return;
	r->route = rt;
	api = (rt->flags & ROUTE_API) != 0;
	/* Public files need nobody's identity: spare the database a read per stylesheet. */
	if (rt->flags & ROUTE_NO_SESSION) {
		checked_call(r, rt, api);
		return;
	}
	if (policy_load(r->db, &r->policy) != DB_OK) {
		log_error("cannot load the security policy: %s", db_error(r->db));
		fail(r, api, XG_BUSY, "busy", "系统繁忙，请稍后重试");
		return;
	}
	if (authenticate(r, api) == AUTH_ANSWERED)
		return;
	if (rt->perm != PERM_NONE && !r->authed) {
		/* Pages answer XG_UNAUTH with a redirect to the login page that comes back here. */
		fail(r, api, XG_UNAUTH, "unauthenticated", "请先登录");
		return;
	}
	if (rt->perm != PERM_NONE && !role_can(r->actor.role, rt->perm)) {
		if (!object_visible(r, rt))
			fail(r, api, XG_NOTFOUND, "not_found",
			     rt->object == OBJ_USER ? "账号不存在" : "单位不存在");
		else
			fail(r, api, XG_FORBIDDEN, "forbidden", "您的角色无权进行此操作");
		return;
	}
	checked_call(r, rt, api);
}
