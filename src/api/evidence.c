/* api_evidence: evidence files of work records — upload (the raw body), list, download, delete —
 * always within the caller's subtree. */
#include "api/api.h"

#include <string.h>
#include <unistd.h>

#include "domain/evidence.h"

/* What a browser may do with a file we serve: nothing active, whatever it holds. */
#define FILE_CSP                                                                                   \
	"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox;"                 \
	" frame-ancestors 'none'"

void
api_evidence_upload(struct req *r)
{
	struct evidence_upload up = {
	    .name = param_str(&r->query, F_NAME),
	    .fd = r->upload_fd,
	    .size = r->upload_size,
	    .max = r->body_max,
	};
	struct db_file f;
	struct xg_error err;

	if (evidence_attach(r->db, r->a, &r->actor, r->id[0], &up, r->now, &f, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, evidence_to_json(&f));
}

void
api_evidence_list(struct req *r)
{
	struct db_file *list;
	struct xg_error err;
	json_t *items;
	size_t n, i;

	if (evidence_list(r->db, r->a, &r->actor, r->id[0], &list, &n, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	items = json_array();
	for (i = 0; items != NULL && i < n; i++)
		if (json_array_append_new(items, evidence_to_json(&list[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	api_json(r, 200, json_pack("{s:o*}", "items", items));
}

/* A name fit for a quoted header value: ASCII without quotes, backslashes or controls. */
static const char *
ascii_name(struct req *r, const char *name)
{
	size_t n = strlen(name), i;
	char *s = arena_alloc(r->a, n + 1);

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		s[i] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '_' : (char)c;
	}
	s[n] = '\0';
	return s;
}

/* Percent-encoding of RFC 8187 (filename*=UTF-8''...): everything but attr-chars. */
static const char *
pct_name(struct req *r, const char *name)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t n = strlen(name), i, o = 0;
	char *s = arena_alloc(r->a, 3 * n + 1);

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("!#$&+-.^_`|~", c) != NULL) {
			s[o++] = (char)c;
		} else {
			s[o++] = '%';
			s[o++] = digits[c >> 4];
			s[o++] = digits[c & 15];
		}
	}
	s[o] = '\0';
	return s;
}

void
api_evidence_get(struct req *r)
{
	struct db_file f;
	struct xg_error err;
	const char *ascii, *pct, *disp;
	int fd;

	if (evidence_get(r->db, r->a, &r->actor, r->id[0], &f, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	ascii = ascii_name(r, f.name);
	pct = pct_name(r, f.name);
	disp = ascii != NULL && pct != NULL
		   ? arena_printf(r->a, "%s; filename=\"%s\"; filename*=UTF-8''%s",
				  evidence_inline(f.media_type) ? "inline" : "attachment", ascii,
				  pct)
		   : NULL;
	if (disp == NULL) {
		api_internal(r);
		return;
	}
	/* The bytes go through a temporary file, so memory holds one chunk at a time. */
	fd = http_temp_file(r);
	if (fd < 0) {
		api_internal(r);
		return;
	}
	if (evidence_copy_to(r->db, &f, fd, &err) != XG_OK) {
		close(fd);
		api_error(r, &err);
		return;
	}
	http_reply_file(r, 200, f.media_type, fd, (uint64_t)f.size, NULL);
	r->disposition = disp;
	r->csp = FILE_CSP;
}

void
api_evidence_delete(struct req *r)
{
	struct xg_error err;

	if (evidence_delete(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_REASON),
			    r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)r->id[0], "deleted", 1));
}
