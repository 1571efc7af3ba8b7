/* api: JSON answers and errors, and the session cookie. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/log.h"

/* The answer when even an error cannot be built; its length is counted by the compiler. */
static const char internal_json[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"系统内部错误\"}}";

/*
 * json_dumps, or NULL (out of memory) also when any of jansson's allocations failed on the
 * way: jansson 2.14 drops an object key it has no memory for and returns the torn text as
 * whole (see base/alloc.h). The caller frees the text.
 */
static char *
dumps(const json_t *j)
{
	unsigned long failures = alloc_json_failures();
	char *text = json_dumps(j, JSON_COMPACT);

	if (text != NULL && alloc_json_failures() != failures) {
		free(text);
		return NULL;
	}
	return text;
}

void
api_internal(struct req *r)
{
	struct xg_error err;

	xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	api_error(r, &err);
}

void
api_json(struct req *r, unsigned status, json_t *j)
{
	char *text;

	if (j == NULL) {
		log_error("out of memory building JSON for %s", r->path);
		api_internal(r);
		return;
	}
	text = dumps(j);
	json_decref(j);
	if (text == NULL) {
		http_reply(r, 500, "application/json; charset=utf-8", internal_json,
			   sizeof(internal_json) - 1);
		return;
	}
	http_reply(r, status, "application/json; charset=utf-8", text, strlen(text));
	free(text);
}

void
api_error(struct req *r, const struct xg_error *err)
{
	json_t *e = json_pack("{s:s,s:s}", "code", err->code ? err->code : "error", "message",
			      err->message);
	json_t *wrap;
	char *text = NULL;

	/* Without its field the answer would be torn: better the internal error. */
	if (e != NULL && err->field != NULL &&
	    json_object_set_new(e, "field", json_string(err->field)) != 0) {
		json_decref(e);
		e = NULL;
	}
	wrap = e != NULL ? json_pack("{s:o}", "error", e) : NULL; /* takes e */
	if (wrap != NULL)
		text = dumps(wrap);
	json_decref(wrap);
	r->status = http_status_of(err->rc);
	r->retry_after = err->retry_after;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	if (text == NULL) {
		buf_append(&r->out, internal_json, sizeof(internal_json) - 1);
		r->status = 500;
		return;
	}
	buf_puts(&r->out, text);
	free(text);
}
