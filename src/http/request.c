/* request: one request and its answer — reading through the server's source, status of an error,
 * and the answer's body, redirect and cookies. */
#include "http/request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

static const char *const method_names[] = {
    [HTTP_GET] = "GET",	    [HTTP_HEAD] = "HEAD",     [HTTP_POST] = "POST", [HTTP_PUT] = "PUT",
    [HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE", [HTTP_OTHER] = "?",
};

const char *
http_method_name(enum http_method m)
{
	return m <= HTTP_OTHER ? method_names[m] : "?";
}

enum http_method
http_method_of(const char *name)
{
	int m;

	for (m = HTTP_GET; m < HTTP_OTHER; m++)
		if (strcmp(name, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

const char *
http_header(struct req *r, const char *name)
{
	return r->src != NULL ? r->src->header(r->conn, name) : NULL;
}

const char *
http_cookie(struct req *r, const char *name)
{
	return r->src != NULL ? r->src->cookie(r->conn, name) : NULL;
}

int
http_query_pairs(struct req *r, struct raw_pair **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	return r->src != NULL ? r->src->query(r->conn, r->a, out, n) : 0;
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
	case XG_METHOD:
		return 405;
	case XG_CONFLICT:
		return 409;
	case XG_TOO_LARGE:
		return 413;
	case XG_MEDIA:
		return 415;
	case XG_LOCKED:
		return 429;
	case XG_BUSY:
		return 503;
	case XG_INTERNAL:
		break;
	}
	return 500;
}

/* A streamed body set earlier is dropped when the answer changes (an error after all). */
static void
drop_file(struct req *r)
{
	if (r->body_fd >= 0)
		close(r->body_fd);
	r->body_fd = -1;
	r->disposition = NULL;
	r->csp = NULL;
}

void
http_reply(struct req *r, unsigned status, const char *content_type, const char *data, size_t len)
{
	drop_file(r);
	r->status = status;
	r->content_type = content_type;
	buf_reset(&r->out);
	buf_append(&r->out, data, len);
}

void
http_reply_file(struct req *r, unsigned status, const char *content_type, int fd, uint64_t size,
		const char *download)
{
	drop_file(r);
	buf_reset(&r->out);
	r->status = status;
	r->content_type = content_type;
	r->body_fd = fd;
	r->body_size = size;
	if (download != NULL)
		r->disposition = arena_printf(r->a, "attachment; filename=\"%s\"", download);
}

void
http_reply_download(struct req *r, unsigned status, const char *content_type, int fd,
		    uint64_t size, const char *ascii, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *p;

	http_reply_file(r, status, content_type, fd, size, ascii);
	buf_init(&b);
	buf_printf(&b, "attachment; filename=\"%s\"; filename*=UTF-8''", ascii);
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p) != NULL) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	if (!b.err) {
		const char *d = arena_strndup(r->a, b.data, b.len);
		if (d != NULL)
			r->disposition = d;
	}
	buf_free(&b);
}

int
http_temp_file(struct req *r)
{
	char *path = arena_printf(r->a, "%s/xuanguan-XXXXXX", r->site->tmp_dir);
	int fd = path != NULL ? mkstemp(path) : -1;

	if (fd < 0) {
		log_error("cannot make a temporary file in %s: %s", r->site->tmp_dir,
			  strerror(errno));
		return -1;
	}
	unlink(path); /* nothing is left behind, whatever happens to the process */
	return fd;
}

char *
http_upload_read(struct req *r)
{
	char *data = malloc(r->upload_size + 1);
	uint64_t got = 0;

	while (data != NULL && got < r->upload_size) {
		ssize_t n = pread(r->upload_fd, data + got, r->upload_size - got, (off_t)got);
		if (n <= 0) {
			log_error("cannot read back an upload: %s",
				  n < 0 ? strerror(errno) : "short");
			free(data);
			return NULL;
		}
		got += (uint64_t)n;
	}
	return data;
}

void
http_redirect(struct req *r, const char *location)
{
	drop_file(r);
	r->status = 303;
	r->location = arena_strdup(r->a, location);
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}

/* The cookie lives for the absolute session limit; the server checks idle expiry itself. */
const char *
http_session_cookie(struct req *r, const char *token)
{
	return arena_printf(
	    r->a, HTTP_SESSION_COOKIE "=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
	    token, (long long)r->policy.session_absolute,
	    r->site->secure_cookies ? "; Secure" : "");
}

const char *
http_clear_cookie(struct req *r)
{
	return arena_printf(r->a,
			    HTTP_SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
			    r->site->secure_cookies ? "; Secure" : "");
}
