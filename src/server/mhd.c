/* http: the libmicrohttpd side of a request — reading it, limits, and sending the answer with
 * security headers. */
#include "http/request.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "server/app.h"
#include "server/mhd.h"
#include "base/log.h"
#include "server/route.h"

const char *
http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
http_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct pair_acc {
	struct arena *a;
	struct raw_pair *v;
	size_t n, cap;
	bool bad;
};

static enum MHD_Result
collect_pair(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
	     const char *value, size_t value_size)
{
	struct pair_acc *acc = cls;

	(void)kind;
	/* A decoded %00 would silently cut the value short: refuse the whole query instead. */
	if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size)) {
		acc->bad = true;
		return MHD_NO;
	}
	if (acc->n == acc->cap) {
		size_t ncap = acc->cap ? acc->cap * 2 : 16;
		struct raw_pair *nv = arena_alloc(acc->a, ncap * sizeof(*nv));
		if (nv == NULL) {
			acc->bad = true;
			return MHD_NO;
		}
		if (acc->n)
			memcpy(nv, acc->v, acc->n * sizeof(*nv));
		acc->v = nv;
		acc->cap = ncap;
	}
	acc->v[acc->n].name = key;
	acc->v[acc->n].value = value != NULL ? value : "";
	acc->n++;
	return MHD_YES;
}

int
http_query_pairs(struct req *r, struct raw_pair **out, size_t *n)
{
	struct pair_acc acc = {.a = r->a};

	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, collect_pair, &acc);
	*out = acc.v;
	*n = acc.n;
	return acc.bad ? -1 : 0;
}

unsigned
http_status_of(enum xg_rc rc)
{
	switch (rc) {
	case XG_OK:
		return 200;
	case XG_INVALID:
		return 400;
	case XG_UNAUTH:
		return 401;
	case XG_FORBIDDEN:
		return 403;
	case XG_NOTFOUND:
		return 404;
	case XG_CONFLICT:
		return 409;
	case XG_LOCKED:
		return 429;
	case XG_BUSY:
		return 503;
	case XG_INTERNAL:
		break;
	}
	return 500;
}

void
http_reply(struct req *r, unsigned status, const char *content_type, const char *data, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	buf_reset(&r->out);
	buf_append(&r->out, data, len);
}

void
http_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->location = arena_strdup(r->a, location);
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}

/* Request lifetime */

static const char *
client_address(struct MHD_Connection *c, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[NI_MAXHOST];
	socklen_t len;

	if (ci == NULL || ci->client_addr == NULL)
		return "unknown";
	len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
						     : sizeof(struct sockaddr_in);
	if (getnameinfo(ci->client_addr, len, host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		return "unknown";
	return arena_strdup(a, host);
}

static enum http_method
parse_method(const char *m)
{
	static const struct {
		const char *name;
		enum http_method m;
	} map[] = {{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD},   {"POST", HTTP_POST},
		   {"PUT", HTTP_PUT}, {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(m, map[i].name) == 0)
			return map[i].m;
	return HTTP_OTHER;
}

static struct req *
req_new(const struct app *app, struct MHD_Connection *c, const char *url, const char *method)
{
	struct arena *a = arena_new();
	struct req *r;

	if (a == NULL)
		return NULL;
	r = arena_alloc(a, sizeof(*r));
	if (r == NULL) {
		arena_free(a);
		return NULL;
	}
	r->app = app;
	r->a = a;
	r->conn = c;
	r->method = parse_method(method);
	r->path = arena_strdup(a, url);
	r->client = client_address(c, a);
	r->now = (int64_t)time(NULL);
	r->status = 500;
	buf_init(&r->in);
	buf_init(&r->out);
	if (r->path == NULL || r->client == NULL) {
		arena_free(a);
		return NULL;
	}
	return r;
}

static void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	buf_free(&r->in);
	buf_free(&r->out);
	arena_free(r->a);
}

/* Headers every answer carries: no sniffing, no framing, scripts and styles from us only. */
static void
add_security_headers(struct MHD_Response *resp, bool cacheable)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self';"
				" img-src 'self' data:; object-src 'none'; base-uri 'none';"
				" form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control",
				cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result
send_answer(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->out.err) {
		log_error("answer buffer failed for %s", r->path);
		buf_reset(&r->out);
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "系统内部错误");
	}
	resp = MHD_create_response_from_buffer(r->out.len, r->out.data ? r->out.data : (void *)"",
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	add_security_headers(resp, r->cacheable);
	if (r->content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	if (r->set_cookie != NULL)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->location != NULL)
		MHD_add_response_header(resp, "Location", r->location);
	if (r->allow != NULL)
		MHD_add_response_header(resp, "Allow", r->allow);
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
reject_early(struct MHD_Connection *c, unsigned status, const char *json)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	add_security_headers(resp, false);
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Connection", "close");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static const char too_large_json[] =
    "{\"error\":{\"code\":\"too_large\",\"message\":\"请求体过大（上限 1 MiB）\"}}";

/*
 * Bodies past HTTP_BODY_MAX are answered 413. A client that waits for
 * "100 Continue", or announces more than HTTP_DISCARD_MAX, is answered
 * before it sends anything; any other is read to the end (and discarded) so
 * that it can read the 413 instead of meeting a reset connection.
 */
#define HTTP_DISCARD_MAX ((size_t)16 << 20)

static bool
reject_before_body(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
	char *end;
	unsigned long long v;

	if (cl == NULL)
		return false;
	v = strtoull(cl, &end, 10);
	if (*end != '\0' || v > HTTP_DISCARD_MAX)
		return true;
	return v > HTTP_BODY_MAX && expect != NULL && strcasecmp(expect, "100-continue") == 0;
}

enum MHD_Result
http_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
		const char *version, const char *upload_data, size_t *upload_data_size,
		void **con_cls)
{
	const struct app *app = cls;
	struct req *r = *con_cls;
	enum MHD_Result ret;

	(void)version;
	if (r == NULL) {
		if (reject_before_body(c))
			return reject_early(c, 413, too_large_json);
		r = req_new(app, c, url, method);
		if (r == NULL)
			return MHD_NO;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		r->in_seen += *upload_data_size;
		if (r->in_seen > HTTP_DISCARD_MAX)
			return MHD_NO; /* past any honest mistake: drop the connection */
		if (r->in_seen > HTTP_BODY_MAX)
			r->in_too_large = true;
		else
			buf_append(&r->in, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->in_too_large || r->in.err)
		return reject_early(c, 413, too_large_json);
	r->db = app_db_acquire(app);
	route_dispatch(r);
	app_db_release(app, r->db);
	r->db = NULL;
	ret = send_answer(c, r);
	return ret;
}

void
http_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		  enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}
