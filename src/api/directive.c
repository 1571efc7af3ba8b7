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
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		api_error(r, &err);
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

/* The document as UTF-8 text, for keeping beside its parse: NULL when it cannot be had. */
static char *
original_text(struct arena *a, const char *data, size_t len, const char *name)
{
	struct directive_error derr;
	struct buf b;
	char *out = NULL;
	int ok = -1;

	buf_init(&b);
	switch (directive_sniff(data, len, name)) {
	case DIRECTIVE_FMT_TEXT:
		if (str_utf8_check((struct slice){.p = data, .n = len}) == len) {
			buf_append(&b, data, len);
			ok = 0;
		} else
			ok = charset_to_utf8("GB18030", data, len, &b);
		break;
	case DIRECTIVE_FMT_UTF16:
		ok = charset_to_utf8("UTF-16", data, len, &b);
		break;
	case DIRECTIVE_FMT_DOCX:
		ok = directive_docx_text(data, len, &b, &derr) == DIRECTIVE_OK ? 0 : -1;
		break;
	case DIRECTIVE_FMT_PDF:
		ok = directive_pdf_text(data, len, &b, &derr) == DIRECTIVE_OK ? 0 : -1;
		break;
	default:
		break;
	}
	if (ok == 0 && !b.err) {
		out = arena_alloc(a, b.len + 1);
		if (out != NULL) {
			memcpy(out, b.data, b.len);
			out[b.len] = '\0';
		}
	}
	buf_free(&b);
	return out;
}

/* A unit code and its id, sorted by code for lookups. */
struct code_id {
	const char *code;
	int64_t id;
};

static int
code_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct code_id *)pa)->code, ((const struct code_id *)pb)->code);
}

/* The units the caller's subtree holds, as the reader and the lookups need them. */
struct unit_table {
	struct directive_unit *units;
	struct code_id *ids;
	size_t n;
};

static enum xg_rc
load_units(struct req *r, struct unit_table *t, struct xg_error *err)
{
	struct db_org *orgs;
	size_t n, k;
	enum xg_rc rc =
	    xg_from_db(err, db_org_subtree(r->db, r->a, r->actor.org_path, INT64_MAX, 0, &orgs, &n),
		       r->db, "单位");

	if (rc != XG_OK)
		return rc;
	t->units = arena_alloc(r->a, (n + 1) * sizeof(*t->units));
	t->ids = arena_alloc(r->a, (n + 1) * sizeof(*t->ids));
	if (t->units == NULL || t->ids == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	t->n = 0;
	for (k = 0; k < n; k++) {
		/* The importing unit never sends a directive to itself. */
		if (orgs[k].closed || orgs[k].id == r->actor.org_id)
			continue;
		t->units[t->n] = (struct directive_unit){orgs[k].code, orgs[k].name, orgs[k].kind};
		t->ids[t->n] = (struct code_id){orgs[k].code, orgs[k].id};
		t->n++;
	}
	qsort(t->ids, t->n, sizeof(*t->ids), code_cmp);
	return XG_OK;
}

/* The ids of a list of unit codes, as a JSON array. */
static json_t *
ids_json(const struct unit_table *t, const struct directive_list *codes)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < codes->n; i++) {
		struct code_id key = {.code = codes->v[i]};
		const struct code_id *hit = bsearch(&key, t->ids, t->n, sizeof(*t->ids), code_cmp);

		if (hit != NULL && json_array_append_new(arr, json_integer(hit->id)) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Every node of a tree, depth first, as the structure's flat list of sections. */
static int
add_sections(json_t *arr, const struct directive_list *nodes)
{
	size_t i;

	for (i = 0; i < nodes->n; i++) {
		const struct directive_node *n = nodes->v[i];

		if (json_array_append_new(arr, json_pack("{s:i,s:s,s:s,s:s}", "level", n->level,
							 "path", n->path, "number", n->number,
							 "heading", n->heading)) != 0 ||
		    add_sections(arr, &n->children) != 0)
			return -1;
	}
	return 0;
}

static json_t *
strings_json(const struct directive_list *l)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < l->n; i++)
		if (json_array_append_new(arr, json_string(l->v[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* A proposal: the node's words, who, by when (the latest end of its deadlines), how much. */
static json_t *
proposal_json(struct arena *a, const struct directive_task *t, const struct unit_table *units)
{
	const struct directive_node *n = t->node;
	const char *due = NULL, *start = NULL;
	json_t *targets = json_array();
	size_t i;

	for (i = 0; i < t->deadlines.n; i++) {
		const struct directive_deadline *dl = t->deadlines.v[i];
		if (dl->end[0] != '\0' && (due == NULL || strcmp(dl->end, due) > 0))
			due = dl->end;
	}
	for (i = 0; targets != NULL && i < t->targets.n; i++) {
		const struct directive_target *tg = t->targets.v[i];
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s?}", "text", tg->text, "metric",
				      tg->metric, "op", tg->op, "unit", tg->unit, "by",
				      tg->by[0] != '\0' ? tg->by : NULL);

		if (o != NULL && tg->has_value)
			json_object_set_new(o, "value", json_real(tg->value));
		if (o == NULL || json_array_append_new(targets, o) != 0) {
			json_decref(targets);
			return NULL;
		}
	}
	return json_pack(
	    "{s:s,s:s,s:s,s:s,s:o*,s:s?,s:s?,s:o*,s:o*}", "path", t->path, "title", n->heading,
	    "paragraph",
	    n->text[0] != '\0' ? arena_printf(a, "%s。%s", n->heading, n->text) : n->heading,
	    "strength", t->strength, "subjects", strings_json(&t->subjects), "start_date", start,
	    "due_date", due, "targets", targets, "units", ids_json(units, &t->units));
}

static json_t *
structure_json(struct arena *a, const struct directive *d, const struct unit_table *units)
{
	json_t *sections = json_array(), *tasks = json_array();
	size_t i;

	if (sections == NULL || tasks == NULL || add_sections(sections, &d->sections) != 0)
		goto fail;
	for (i = 0; i < d->tasks.n; i++)
		if (json_array_append_new(tasks, proposal_json(a, d->tasks.v[i], units)) != 0)
			goto fail;
	return json_pack("{s:o,s:o}", "sections", sections, "tasks", tasks);
fail:
	json_decref(sections);
	json_decref(tasks);
	return NULL;
}

/* The addressees with the units each stands for (none: left for staff to map). */
static enum xg_rc
addressees_of(struct arena *a, struct directive *d, const struct unit_table *units,
	      struct document_addressee **out, struct xg_error *err)
{
	struct document_addressee *list = arena_alloc(a, (d->addressees.n + 1) * sizeof(*list));
	size_t i, k;

	if (list == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < d->addressees.n; i++) {
		struct directive_list codes = {0};
		int64_t *ids;

		if (directive_units_of(d, d->addressees.v[i], units->units, units->n, &codes) !=
		    DIRECTIVE_OK)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		ids = arena_alloc(a, (codes.n + 1) * sizeof(*ids));
		if (ids == NULL)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		list[i] = (struct document_addressee){.name = d->addressees.v[i], .units = ids};
		for (k = 0; k < codes.n; k++) {
			struct code_id key = {.code = codes.v[k]};
			const struct code_id *hit =
			    bsearch(&key, units->ids, units->n, sizeof(*units->ids), code_cmp);
			if (hit != NULL)
				ids[list[i].nunits++] = hit->id;
		}
	}
	*out = list;
	return XG_OK;
}

/* Parse, resolve and store one document; *id gets the directive. */
static enum xg_rc
import(struct req *r, int64_t campaign_id, const char *data, size_t len, const char *name,
       int64_t *id, struct xg_error *err)
{
	struct directive *d = NULL;
	struct directive_error derr;
	struct unit_table units = {0};
	struct document_input in = {.campaign_id = campaign_id};
	struct document_addressee *ads = NULL;
	struct buf parsed;
	enum directive_rc drc;
	enum xg_rc rc;

	buf_init(&parsed);
	drc = directive_parse_input(data, len, name, &d, &derr);
	if (drc != DIRECTIVE_OK)
		return xg_fail(err, drc == DIRECTIVE_ENOMEM ? XG_INTERNAL : XG_INVALID,
			       "unreadable_document", NULL, "%s", refusal_text(drc));
	rc = load_units(r, &units, err);
	if (rc == XG_OK && directive_units_resolve(d, units.units, units.n) != DIRECTIVE_OK)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK)
		rc = addressees_of(r->a, d, &units, &ads, err);
	if (rc == XG_OK && (directive_json(d, 1, &parsed) != DIRECTIVE_OK || parsed.err ||
			    buf_cstr(&parsed) == NULL))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	in.original = rc == XG_OK ? original_text(r->a, data, len, name) : NULL;
	if (rc == XG_OK && in.original == NULL)
		rc = xg_fail(err, XG_INVALID, "unreadable_document", NULL, "%s",
			     refusal_text(DIRECTIVE_EUTF8));
	in.structure = rc == XG_OK ? structure_json(r->a, d, &units) : NULL;
	if (rc == XG_OK && in.structure == NULL)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK) {
		in.title = d->title;
		in.doc_no = d->number;
		in.issuer = d->issuer;
		in.date = d->date[0] != '\0' ? d->date : NULL;
		in.parsed = buf_cstr(&parsed);
		in.addressees = ads;
		in.naddressees = d->addressees.n;
		rc = document_import(r->db, r->a, &r->actor, &in, r->now, id, err);
	}
	json_decref(in.structure);
	buf_free(&parsed);
	directive_free(d);
	return rc;
}

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
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		api_error(r, &err);
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
