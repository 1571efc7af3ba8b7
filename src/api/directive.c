/* api_directive: a document uploaded as it is (.txt, .docx, PDF, GBK or UTF-16 text) read into its
 * parts by the directive reader (directive/parse: nothing stored), and directives in the system
 * (文件); the reading and resolving is domain/document_reader.h, this file translates HTTP. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/document.h"
#include "domain/document_reader.h"
#include "domain/task.h"

void
api_directive_parse(struct req *r)
{
	struct xg_error err;
	struct buf out;
	char *data;

	if (r->upload_fd < 0 || r->upload_size == 0) {
		xg_fail(&err, XG_INVALID, "empty_body", NULL, "请上传公文文件（请求体为文件内容）");
		api_error(r, &err);
		return;
	}
	data = http_upload_read(r);
	if (data == NULL) {
		api_internal(r);
		return;
	}
	buf_init(&out);
	if (document_reader_json(data, (size_t)r->upload_size, param_str(&r->query, F_NAME), &out,
				 &err) == XG_OK)
		http_reply(r, 200, "application/json; charset=utf-8", out.data, out.len);
	else
		api_error(r, &err);
	free(data);
	buf_free(&out);
}

/* Directives in the system (文件): POST /api/v1/directives and the rest (domain/document.h). */

/* A pasted text: the JSON body of POST /api/v1/directives (the route itself takes any body). */
static const struct field b_directive_json[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .required = true, .min = 1, .max = INT64_MAX},
    {.id = F_TEXT, .type = FT_STRING, .required = true, .max_len = DOCUMENT_TEXT_MAX,
     .multiline = true},
    FIELDS_END,
};

static void
answer_document(struct req *r, int64_t id, unsigned status)
{
	struct document_view v;
	struct xg_error err;

	if (document_read(r->db, r->a, &r->actor, id, &v, &err) != XG_OK) {
		document_view_free(&v);
		api_error(r, &err);
		return;
	}
	api_json(r, status, document_to_json(&v, true));
	document_view_free(&v);
}

void
api_directive_create(struct req *r)
{
	const char *ct = http_header(r, "Content-Type");
	struct params body = {0};
	struct xg_error err;
	int64_t campaign_id = param_int(&r->query, F_CAMPAIGN_ID, 0), id = 0;
	char *data;
	enum xg_rc rc;

	if (r->upload_fd < 0 || r->upload_size == 0) {
		xg_fail(&err, XG_INVALID, "empty_body", NULL,
			"请粘贴公文文本或上传公文文件（请求体为文件内容）");
		api_error(r, &err);
		return;
	}
	data = http_upload_read(r);
	if (data == NULL) {
		api_internal(r);
		return;
	}
	/* A pasted text comes as JSON, checked against its declared fields like any body. */
	if (ct != NULL && strncmp(ct, "application/json", 16) == 0) {
		rc = param_from_json(r->a, b_directive_json, data, (size_t)r->upload_size, &body,
				     &err);
		if (rc == XG_OK && param_has(&r->query, F_CAMPAIGN_ID))
			rc = xg_fail(&err, XG_INVALID, "unknown_field", "campaign_id",
				     "专项工作请只在请求体中给出");
		if (rc == XG_OK) {
			const char *text = param_str(&body, F_TEXT);
			rc = document_reader_import(r->db, r->a, &r->actor,
						    param_int(&body, F_CAMPAIGN_ID, 0), text,
						    strlen(text), NULL, r->now, &id, &err);
		}
	} else if (campaign_id == 0) {
		rc = xg_fail(&err, XG_INVALID, "required", "campaign_id", "请选择专项工作");
	} else {
		rc = document_reader_import(r->db, r->a, &r->actor, campaign_id, data,
					    (size_t)r->upload_size, param_str(&r->query, F_NAME),
					    r->now, &id, &err);
	}
	free(data);
	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_document(r, id, 201);
}

void
api_directive_list(struct req *r)
{
	struct db_directive *list;
	struct xg_error err;
	int64_t total = 0;
	json_t *arr;
	size_t n, i;

	if (xg_from_db(&err,
		       db_directive_list(r->db, r->a, r->actor.org_path,
					 param_int(&r->query, F_CAMPAIGN_ID, 0), false,
					 param_int(&r->query, F_LIMIT, 50),
					 param_int(&r->query, F_OFFSET, 0), &list, &n, &total),
		       r->db, "文件") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, document_summary_json(&list[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_directive_get(struct req *r)
{
	answer_document(r, r->id[0], 200);
}

void
api_directive_update(struct req *r)
{
	struct document_edit e = {
	    .section_path = param_str(&r->body, F_SECTION_PATH),
	    .heading = param_str(&r->body, F_HEADING),
	    .task = param_int(&r->body, F_TASK, -1),
	    .title = param_str(&r->body, F_TITLE),
	    .subjects = param_str(&r->body, F_SUBJECTS),
	    .start_date = param_str(&r->body, F_START_DATE),
	    .due_date = param_str(&r->body, F_DUE_DATE),
	    .targets = param_str(&r->body, F_TARGETS),
	    .version = param_int(&r->body, F_VERSION, 0),
	};
	struct xg_error err;

	if (document_correct(r->db, r->a, &r->actor, r->id[0], &e, r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_document(r, r->id[0], 200);
}

void
api_directive_map(struct req *r)
{
	struct xg_error err;

	if (document_map(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_NAME),
			 param_int(&r->body, F_ORG_ID, 0), r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_document(r, r->id[0], 200);
}

void
api_directive_confirm(struct req *r)
{
	struct task_input in = {
	    .title = param_str(&r->body, F_TITLE),
	    .start_date = param_str(&r->body, F_START_DATE),
	    .due_date = param_str(&r->body, F_DUE_DATE),
	    .lead_unit = param_int(&r->body, F_LEAD_UNIT, 0),
	    .unit_kind = param_str(&r->body, F_UNIT_KIND),
	};
	struct db_task out;
	struct xg_error err;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	in.co_units = param_ids(&r->body, F_CO_UNITS, &in.nco_units);
	if (document_confirm(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_TASK, -1),
			     &in, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, task_to_json(&out, r->now));
}

void
api_directive_coverage(struct req *r)
{
	struct document_coverage c;
	struct xg_error err;

	if (document_coverage(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0),
			      &c, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, document_coverage_json(&c));
}
