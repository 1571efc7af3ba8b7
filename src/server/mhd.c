/* mhd: the libmicrohttpd side of a request — reading it, limits, and sending the answer with
 * security headers. */
#include "http/request.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/app.h"
#include "server/guard.h"
#include "server/late.h"
#include "server/mhd.h"
#include "base/clock.h"
#include "base/log.h"
#include "server/route.h"

static const char *
mhd_header(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *
mhd_cookie(void *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, name);
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

static int
mhd_query(void *conn, struct arena *a, struct raw_pair **out, size_t *n)
{
	struct pair_acc acc = {.a = a};

	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_pair, &acc);
	*out = acc.v;
	*n = acc.n;
	return acc.bad ? -1 : 0;
}

static const struct req_source mhd_source = {
    .header = mhd_header, .cookie = mhd_cookie, .query = mhd_query};

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

/* A %00 in the path would cut it short once decoded: such a request is refused whole. */
static bool
raw_path_has_nul(const char *uri)
{
	const char *p;

	for (p = uri; *p != '\0' && *p != '?'; p++)
		if (p[0] == '%' && p[1] == '0' && p[2] == '0')
			return true;
	return false;
}

/* MHD_OPTION_URI_LOG_CALLBACK: the request begins, with its raw (undecoded) URI. */
void *
mhd_on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const struct app *app = cls;
	struct arena *a = arena_new();
	struct req *r;

	if (a == NULL)
		return NULL;
	r = arena_alloc(a, sizeof(*r));
	if (r == NULL) {
		arena_free(a);
		return NULL;
	}
	memset(r, 0, sizeof(*r));
	r->app = app;
	r->site = &app->site;
	r->a = a;
	r->src = &mhd_source;
	r->conn = c;
	r->client = client_address(c, a);
	r->nul_in_path = raw_path_has_nul(uri);
	r->now = clock_now();
	r->status = 500;
	r->body_fd = -1;
	r->upload_fd = -1;
	buf_init(&r->in);
	buf_init(&r->out);
	if (r->client == NULL) {
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
	if (r->parked) {
		/* Never seen: a parked connection is not closed before its batch wakes it. Its
		 * ticket is still in the batch, so its memory must outlive it: keep it. */
		log_error("a request closed while its write waited for its batch: %s", r->path);
		return;
	}
	buf_free(&r->in);
	buf_free(&r->out);
	if (r->body_fd >= 0)
		close(r->body_fd);
	if (r->upload_fd >= 0)
		close(r->upload_fd);
	arena_free(r->a);
}

/* Headers every answer carries: no sniffing, no framing, scripts and styles from us only (or a
 * stricter policy the handler chose for a download, csp). */
static void
add_security_headers(struct MHD_Response *resp, bool cacheable, const char *csp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				csp != NULL ? csp
					    : "default-src 'self'; script-src 'self'; style-src 'self';"
					      " img-src 'self' data:; object-src 'none'; base-uri 'none';"
					      " form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control",
				cacheable ? "public, max-age=3600" : "no-store");
}

/* The body: the streamed file when there is one (an error answer never streams one), else out. */
static struct MHD_Response *
make_response(struct req *r)
{
	struct MHD_Response *resp;
	char *data;
	size_t len;

	if (r->body_fd >= 0 && r->status < 400) {
		resp = MHD_create_response_from_fd64(r->body_size, r->body_fd);
		if (resp != NULL)
			r->body_fd = -1; /* the library closes it after sending */
		return resp;
	}
	if (r->out.err) {
		log_error("answer buffer failed for %s", r->path);
		buf_reset(&r->out);
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "系统内部错误");
	}
	if (r->out.len == 0)
		return MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	/*
	 * The answer's bytes are handed to the library (which free()s them once sent), not copied:
	 * with a copy, each 100 KB stats answer was held twice until its client had it, 32 clients
	 * at a time (docs/operations.md, "Memory").
	 */
	data = buf_detach(&r->out, &len);
	resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		free(data);
	return resp;
}

static enum MHD_Result
send_answer(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp = make_response(r);
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	add_security_headers(resp, r->cacheable, r->status < 400 ? r->csp : NULL);
	if (r->content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	if (r->disposition != NULL && r->status < 400)
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->set_cookie != NULL)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->location != NULL)
		MHD_add_response_header(resp, "Location", r->location);
	if (r->allow != NULL)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->close_after)
		MHD_add_response_header(resp, "Connection", "close");
	if (r->retry_after > 0) {
		char secs[24];
		snprintf(secs, sizeof(secs), "%lld", (long long)r->retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/*
 * Bodies past their route's limit are answered 413. A client that waits for
 * "100 Continue", or announces more than HTTP_DISCARD_MAX past the limit, is
 * answered before it sends anything; any other is read to the end (and
 * discarded) so that it can read the 413 instead of meeting a reset
 * connection.
 */
#define HTTP_DISCARD_MAX ((uint64_t)16 << 20)

static bool
reject_before_body(struct MHD_Connection *c, uint64_t max)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Expect");
	char *end;
	unsigned long long v;

	if (cl == NULL)
		return false;
	v = strtoull(cl, &end, 10);
	if (*end != '\0' || v > max + HTTP_DISCARD_MAX)
		return true;
	return v > max && expect != NULL && strcasecmp(expect, "100-continue") == 0;
}

/* "请求体过大（上限 1 MiB）", with the limit of r's route. */
static const char *
too_large_text(struct req *r)
{
	const char *t = arena_printf(r->a, "请求体过大（上限 %llu MiB）",
				     (unsigned long long)(r->body_max >> 20));
	return t != NULL ? t : "请求体过大";
}

/* Append n bytes of an upload to its temporary file, made (and unlinked) on the first bytes. */
static int
upload_write(struct req *r, const char *data, size_t n)
{
	if (r->upload_fd < 0 && (r->upload_fd = http_temp_file(r)) < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(r->upload_fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("cannot write an upload: %s", strerror(errno));
			return -1;
		}
		data += w;
		n -= (size_t)w;
		r->upload_size += (uint64_t)w;
	}
	return 0;
}

/* A piece of the body: kept in memory, or for an upload route in its file, up to the limit (an
 * upload goes to its file whatever the limit: with --upload-max 1 it equals HTTP_BODY_MAX). */
static void
take_body(struct req *r, const char *data, size_t n)
{
	r->in_seen += n;
	if (r->in_seen > r->body_max)
		r->in_too_large = true;
	else if (r->route == NULL || r->route->body != BODY_UPLOAD)
		buf_append(&r->in, data, n);
	else if (!r->upload_failed && upload_write(r, data, n) != 0)
		r->upload_failed = true;
}

/* Answer at once, in the format of the path's routes, and close: the request goes no further. */
static enum MHD_Result
refuse(struct MHD_Connection *c, struct req *r, enum xg_rc rc, const char *code, const char *msg)
{
	struct xg_error err;

	xg_fail(&err, rc, code, NULL, "%s", msg);
	route_error(r, &err);
	r->close_after = true;
	return send_answer(c, r);
}

/* The head has arrived: note the request, and refuse what must not go further. */
static enum MHD_Result
begin(struct MHD_Connection *c, struct req *r, const char *url, const char *method,
      const char *version)
{
	const struct route *rt;

	r->started = true;
	guard_head_done(c);
	r->method = http_method_of(method);
	r->path = arena_strdup(r->a, url);
	if (r->path == NULL)
		return MHD_NO;
	if (r->nul_in_path)
		return refuse(c, r, XG_INVALID, "invalid_path", "请求路径含有无效字符");
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && http_header(r, "Host") == NULL)
		return refuse(c, r, XG_INVALID, "missing_host", "请求缺少 Host 头");
	rt = r->route = route_lookup(r);
	r->body_max = rt != NULL && rt->body == BODY_UPLOAD
			  ? (uint64_t)r->app->cfg.upload_max_mb << 20
			  : HTTP_BODY_MAX;
	if (reject_before_body(c, r->body_max))
		return refuse(c, r, XG_TOO_LARGE, "too_large", too_large_text(r));
	return MHD_YES;
}

enum MHD_Result
mhd_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
	       const char *version, const char *upload_data, size_t *upload_data_size,
	       void **con_cls)
{
	const struct app *app = cls;
	struct req *r = *con_cls;

	if (r == NULL)
		return MHD_NO; /* out of memory when the request began */
	if (!r->started)
		return begin(c, r, url, method, version);
	if (r->parked) {
		/* Resumed: the batch of its write has ended. */
		r->parked = false;
		late_settle(r);
		return send_answer(c, r);
	}
	if (*upload_data_size > 0) {
		take_body(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/* past any honest mistake: drop the connection */
		return r->in_seen > r->body_max + HTTP_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (r->close_after)
		return MHD_YES; /* refused in begin(): answered already */
	if (r->in_too_large || r->in.err)
		return refuse(c, r, XG_TOO_LARGE, "too_large", too_large_text(r));
	if (r->upload_failed)
		return refuse(c, r, XG_BUSY, "upload_failed", "上传的文件暂存失败，请稍后重试");
	r->db = app_db_acquire(app);
	late_arm(r, app->late);
	route_dispatch(r);
	db_commit_later(r->db, NULL);
	app_db_release(app, r->db);
	r->db = NULL;
	if (late_park(r))
		return MHD_YES; /* answered when its batch ends */
	late_settle(r);
	return send_answer(c, r);
}

void
mhd_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
	guard_request_done(c);
}
