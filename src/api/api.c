/* api: JSON answers and errors, and the session cookie. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

void
api_json(struct req *r, unsigned status, json_t *j)
{
	char *text;

	if (j == NULL) {
		log_error("out of memory building JSON for %s", r->path);
		struct xg_error err;
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		api_error(r, &err);
		return;
	}
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL) {
		http_reply(r, 500, "application/json; charset=utf-8",
			   "{\"error\":{\"code\":\"internal\",\"message\":\"系统内部错误\"}}", 63);
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

	if (e != NULL && err->field != NULL)
		json_object_set_new(e, "field", json_string(err->field));
	wrap = e != NULL ? json_pack("{s:o}", "error", e) : NULL; /* takes e */
	if (wrap != NULL)
		text = json_dumps(wrap, JSON_COMPACT);
	json_decref(wrap);
	r->status = http_status_of(err->rc);
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	if (text == NULL) {
		buf_puts(&r->out,
			 "{\"error\":{\"code\":\"internal\",\"message\":\"系统内部错误\"}}");
		r->status = 500;
		return;
	}
	buf_puts(&r->out, text);
	free(text);
}
