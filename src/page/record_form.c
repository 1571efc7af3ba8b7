/* page_record_form: the form that records one thing a unit did, per kind, new or changed — one
 * column a contact person fills in on a phone, the most used fields first. */
#include "page/page.h"

#include <string.h>

#include "base/str.h"
#include "http/html.h"
#include "domain/record.h"

#define FORM_CAMPAIGNS 200 /* campaigns offered by the select */
#define FORM_VALUES 32	   /* common fields and the longest kind's own */

/* The values the form shows: the record's, or what was typed (kept after an error). */
struct form_values {
	const char *name[FORM_VALUES];
	const char *text[FORM_VALUES];
	size_t n;
};

static void
fv_put(struct form_values *v, const char *name, const char *text)
{
	if (v->n < FORM_VALUES) {
		v->name[v->n] = name;
		v->text[v->n++] = text;
	}
}

static const char *
fv_get(const struct form_values *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->name[i], name) == 0)
			return v->text[i];
	return NULL;
}

/* Everything the form shows, read before it is rendered. */
struct record_form {
	enum record_kind kind;
	int64_t id; /* 0: a new record */
	int64_t org_id, campaign_id;
	struct form_values v;
	struct page_units units;
	struct db_campaign *camps;
	size_t ncamps;
	const char *unit_name; /* an existing record's unit (it does not change) */
};

static enum xg_rc
gather_lists(struct req *r, struct record_form *f, struct xg_error *err)
{
	int64_t total;
	enum xg_rc rc = f->id == 0 ? page_units_load(r, &f->units, err) : XG_OK;

	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_campaign_list(r->db, r->a, r->actor.org_path, FORM_CAMPAIGNS, 0,
						 &f->camps, &f->ncamps, &total),
				r->db, "专项工作");
	return rc;
}

static const char *
int_text(struct req *r, int64_t v)
{
	return arena_printf(r->a, "%lld", (long long)v);
}

/* The values of an existing record. */
static void
values_of_record(struct req *r, const struct db_record *rec, struct form_values *v)
{
	json_t *d = json_loads(rec->detail != NULL ? rec->detail : "{}", 0, NULL), *j;
	const struct record_field *f;
	size_t n, i;

	fv_put(v, "date", rec->day);
	fv_put(v, "title", rec->title);
	fv_put(v, "participants", int_text(r, rec->participants));
	fv_put(v, "audience", int_text(r, rec->audience));
	fv_put(v, "hours", int_text(r, rec->hours));
	f = record_fields(record_kind_parse(rec->kind), &n);
	for (i = 0; d != NULL && i < n; i++) {
		j = json_object_get(d, f[i].name);
		if (json_is_string(j))
			fv_put(v, f[i].name, arena_strdup(r->a, json_string_value(j)));
		else if (json_is_integer(j))
			fv_put(v, f[i].name, int_text(r, (int64_t)json_integer_value(j)));
		else if (json_is_true(j))
			fv_put(v, f[i].name, "1");
	}
	json_decref(d);
}

/* The values of a posted form, as typed. */
static void
values_of_body(struct req *r, enum record_kind k, struct form_values *v)
{
	static const enum field_id common[] = {F_DATE, F_TITLE, F_PARTICIPANTS, F_AUDIENCE,
					       F_HOURS};
	const struct record_field *f;
	size_t n, i;

	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		fv_put(v, param_field_name(common[i]), param_str(&r->body, common[i]));
	f = record_fields(k, &n);
	for (i = 0; i < n; i++) {
		enum field_id id = param_field_of(f[i].name);
		if (f[i].type == RF_BOOL)
			fv_put(v, f[i].name, param_bool(&r->body, id, false) ? "1" : NULL);
		else
			fv_put(v, f[i].name, param_str(&r->body, id));
	}
}

/* Rendering */

static bool
field_bad(const struct xg_error *err, const char *name)
{
	return err != NULL && err->field != NULL && strcmp(err->field, name) == 0;
}

static void
text_row(struct req *r, const struct record_form *f, const char *label, const char *name,
	 const char *type, bool required, const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_row_begin(r, label, name, required);
	page_input_open(r, name, type, fv_get(&f->v, name));
	if (strcmp(type, "number") == 0)
		html_raw(b, " min=\"0\" step=\"1\" inputmode=\"numeric\"");
	if (required)
		html_raw(b, " required");
	if (field_bad(err, name))
		html_raw(b, " aria-invalid=\"true\" autofocus");
	html_raw(b, ">");
	page_row_end(r, name, err);
}

static void
textarea_row(struct req *r, const struct record_form *f, const struct record_field *rf,
	     const struct xg_error *err)
{
	struct buf *b = &r->out;

	page_row_begin(r, rf->label, rf->name, false);
	html_raw(b, "<textarea id=\"f-");
	html_attr(b, rf->name);
	html_raw(b, "\" name=\"");
	html_attr(b, rf->name);
	html_fmt(b, "\" rows=\"3\" maxlength=\"%zu\"", rf->max);
	if (field_bad(err, rf->name))
		html_raw(b, " aria-invalid=\"true\" autofocus");
	html_raw(b, ">");
	html_text(b, fv_get(&f->v, rf->name));
	html_raw(b, "</textarea>");
	page_row_end(r, rf->name, err);
}

/* A choice as a row of radio chips: one tap on a phone, no list to open. */
static void
choice_row(struct req *r, const struct record_form *f, const struct record_field *rf,
	   const struct xg_error *err)
{
	struct buf *b = &r->out;
	const char *cur = fv_get(&f->v, rf->name);
	size_t i;

	html_raw(b, "<div class=\"row\"><span class=\"label\" id=\"l-");
	html_attr(b, rf->name);
	html_raw(b, "\">");
	html_text(b, rf->label);
	html_raw(b, "</span><div class=\"ctl chips\" role=\"radiogroup\" aria-labelledby=\"l-");
	html_attr(b, rf->name);
	html_raw(b, "\">");
	for (i = 0; rf->choices[i] != NULL; i++) {
		html_raw(b, "<label class=\"chip-opt\"><input type=\"radio\" name=\"");
		html_attr(b, rf->name);
		html_raw(b, "\" value=\"");
		html_attr(b, rf->choices[i]);
		html_raw(b, "\"");
		if (cur != NULL && strcmp(cur, rf->choices[i]) == 0)
			html_raw(b, " checked");
		html_raw(b, "><span>");
		html_text(b, rf->choices[i]);
		html_raw(b, "</span></label>");
	}
	page_row_end(r, rf->name, err);
}

static void
bool_row(struct req *r, const struct record_form *f, const struct record_field *rf)
{
	struct buf *b = &r->out;

	html_raw(b, "<div class=\"row check\"><span class=\"label\"></span><div class=\"ctl\">"
		    "<label class=\"check\"><input type=\"checkbox\" value=\"1\" id=\"f-");
	html_attr(b, rf->name);
	html_raw(b, "\" name=\"");
	html_attr(b, rf->name);
	html_raw(b, "\"");
	if (fv_get(&f->v, rf->name) != NULL)
		html_raw(b, " checked");
	html_raw(b, "> ");
	html_text(b, rf->label);
	html_raw(b, "</label></div></div>");
}

static void
kind_row(struct req *r, const struct record_form *f, const struct record_field *rf,
	 const struct xg_error *err)
{
	switch (rf->type) {
	case RF_TEXT:
		text_row(r, f, rf->label, rf->name, strcmp(rf->name, "link") == 0 ? "url" : "text",
			 false, err);
		break;
	case RF_LONGTEXT:
		textarea_row(r, f, rf, err);
		break;
	case RF_INT:
		text_row(r, f, rf->label, rf->name, "number", false, err);
		break;
	case RF_BOOL:
		bool_row(r, f, rf);
		break;
	case RF_CHOICE:
		choice_row(r, f, rf, err);
		break;
	case RF_DATE:
		text_row(r, f, rf->label, rf->name, "date", false, err);
		break;
	}
}

static void
campaign_row(struct req *r, const struct record_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	page_row_begin(r, "专项工作", "campaign_id", false);
	html_raw(b, "<select id=\"f-campaign_id\" name=\"campaign_id\"><option value=\"0\">不属于"
		    "专项工作</option>");
	for (i = 0; i < f->ncamps; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)f->camps[i].id,
			 f->camps[i].id == f->campaign_id ? " selected" : "");
		html_text(b, f->camps[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "campaign_id", err);
}

static void
unit_row(struct req *r, const struct record_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;

	if (f->id != 0) {
		html_raw(b, "<div class=\"row\"><span class=\"label\">单位</span><div class=\"ctl "
			    "static\">");
		html_text(b, f->unit_name);
		html_raw(b, "</div></div>");
		return;
	}
	page_unit_picker(r, &f->units,
			 &(struct page_unit_picker){.name = "org_id",
						    .label = "单位",
						    .number_label = "单位编号",
						    .required = true,
						    .hint = "可为本单位或下级单位填报"},
			 f->org_id, err);
}

static void
render_form(struct req *r, const struct record_form *f, const struct xg_error *err)
{
	struct buf *b = &r->out;
	const struct record_field *rf;
	size_t n, i;
	const char *label = record_kind_label(f->kind);

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200,
			  arena_printf(r->a, "%s%s", f->id ? "修改" : "新增", label), "ledger");
	if (err != NULL)
		page_notice(r, false,
			    err->field != NULL ? "请按提示修改标红的项目后再保存。" : err->message);
	if (f->id != 0)
		html_fmt(b, "<form method=\"post\" action=\"/records/%lld/edit\" ",
			 (long long)f->id);
	else
		html_raw(b, "<form method=\"post\" action=\"/records/new\" ");
	html_raw(b, "class=\"form record-form\" novalidate>");
	page_csrf_input(r);
	html_raw(b, "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(b, record_kind_code(f->kind));
	html_raw(b, "\">");
	unit_row(r, f, err);
	text_row(r, f, "日期", "date", "date", true, err);
	text_row(r, f, "标题", "title", "text", true, err);
	if (record_kind_has(f->kind, "participants"))
		text_row(r, f, f->kind == RECORD_TRAINING ? "培训人次" : "实到人数", "participants",
			 "number", false, err);
	if (record_kind_has(f->kind, "audience"))
		text_row(r, f, "受众人次", "audience", "number", false, err);
	if (record_kind_has(f->kind, "hours"))
		text_row(r, f, "学时", "hours", "number", false, err);
	rf = record_fields(f->kind, &n);
	for (i = 0; i < n; i++)
		kind_row(r, f, &rf[i], err);
	campaign_row(r, f, err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">保存"
		    "</button><a class=\"btn\" href=\"");
	if (f->id != 0)
		html_fmt(b, "/records/%lld", (long long)f->id);
	else {
		html_raw(b, "/records?kind=");
		html_attr(b, record_kind_code(f->kind));
	}
	html_raw(b, "\">取消</a></div></form>");
	page_end(r);
}

/* Reading a posted form */

/* A figure typed in a box: empty is "not given"; anything but digits is refused beside it. */
static enum xg_rc
read_count(struct req *r, enum field_id id, const char *label, bool *set, int64_t *v,
	   struct xg_error *err)
{
	const char *s = param_str(&r->body, id);

	*set = false;
	if (s == NULL || *s == '\0')
		return XG_OK;
	if (str_parse_i64(str_slice(s), 0, INT64_MAX, v) != 0)
		return xg_fail(err, XG_INVALID, "invalid_type", param_field_name(id),
			       "%s应为不小于 0 的整数", label);
	*set = true;
	return XG_OK;
}

/* The kind's fields of the form as a JSON object; on a change every field is sent, so that an
 * emptied box or an unticked box clears it. */
static enum xg_rc
read_detail(struct req *r, enum record_kind k, json_t *d, struct xg_error *err)
{
	const struct record_field *f;
	size_t n, i;
	enum xg_rc rc = XG_OK;

	f = record_fields(k, &n);
	for (i = 0; rc == XG_OK && i < n; i++) {
		enum field_id id = param_field_of(f[i].name);
		const char *s = param_str(&r->body, id);
		json_t *v = NULL;
		int64_t num = 0;
		bool set = false;
		if (f[i].type == RF_BOOL) {
			v = json_boolean(param_bool(&r->body, id, false));
		} else if (f[i].type == RF_INT) {
			rc = read_count(r, id, f[i].label, &set, &num, err);
			if (rc == XG_OK && set)
				v = json_integer(num);
			else
				continue;
		} else {
			v = json_string(s != NULL ? s : "");
		}
		if (v == NULL || json_object_set_new(d, f[i].name, v) != 0)
			rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	}
	return rc;
}

static enum xg_rc
read_form(struct req *r, enum record_kind k, struct record_input *in, struct xg_error *err)
{
	enum xg_rc rc;

	in->set_kind = true;
	in->kind = record_kind_code(k);
	in->set_day = true;
	in->day = param_str(&r->body, F_DATE) != NULL ? param_str(&r->body, F_DATE) : "";
	in->set_title = true;
	in->title = param_str(&r->body, F_TITLE) != NULL ? param_str(&r->body, F_TITLE) : "";
	in->set_campaign = true;
	in->campaign_id = param_int(&r->body, F_CAMPAIGN_ID, 0);
	rc = record_kind_has(k, "participants")
		 ? read_count(r, F_PARTICIPANTS, "人数", &in->set_participants, &in->participants,
			      err)
		 : XG_OK;
	if (rc == XG_OK && record_kind_has(k, "audience"))
		rc = read_count(r, F_AUDIENCE, "受众人次", &in->set_audience, &in->audience, err);
	if (rc == XG_OK && record_kind_has(k, "hours"))
		rc = read_count(r, F_HOURS, "学时", &in->set_hours, &in->hours, err);
	in->detail = json_object();
	if (in->detail == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	return rc == XG_OK ? read_detail(r, k, in->detail, err) : rc;
}

/* Handlers */

static enum record_kind
kind_of(const char *code)
{
	enum record_kind k = record_kind_parse(code);
	return k == RECORD_KIND__MAX ? RECORD_STUDY : k;
}

void
page_record_new_form(struct req *r)
{
	struct record_form f = {0};
	struct xg_error err;
	const char *code = param_str(&r->query, F_KIND);

	f.kind = kind_of(code);
	if (code != NULL && *code != '\0' && record_kind_parse(code) == RECORD_KIND__MAX) {
		xg_fail(&err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
		page_error(r, &err);
		return;
	}
	f.org_id = r->actor.org_id;
	if (gather_lists(r, &f, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	render_form(r, &f, NULL);
}

void
page_record_new(struct req *r)
{
	struct record_form f = {0};
	struct record_input in = {0};
	struct db_record out;
	struct xg_error err, gerr;
	const char *code = param_str(&r->body, F_KIND);
	enum xg_rc rc;

	if (record_kind_parse(code) == RECORD_KIND__MAX) {
		xg_fail(&err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
		page_error(r, &err);
		return;
	}
	f.kind = kind_of(code);
	in.set_org = true;
	in.org_id = param_int(&r->body, F_ORG_ID, 0);
	rc = read_form(r, f.kind, &in, &err);
	if (rc == XG_OK)
		rc = record_create(r->db, r->a, &r->actor, &in, r->now, &out, &err);
	json_decref(in.detail);
	if (rc == XG_OK) {
		http_redirect(
		    r, arena_printf(r->a, "/records/%lld?done=%s", (long long)out.id,
				    f.kind == RECORD_PUBLICITY ? "created_draft" : "created"));
		return;
	}
	if (rc == XG_INTERNAL || rc == XG_BUSY) {
		page_error(r, &err);
		return;
	}
	f.org_id = in.org_id;
	f.campaign_id = in.campaign_id;
	values_of_body(r, f.kind, &f.v);
	if (gather_lists(r, &f, &gerr) != XG_OK) {
		page_error(r, &gerr);
		return;
	}
	render_form(r, &f, &err);
}

/* The record being changed, within the caller's subtree. */
static enum xg_rc
gather_record(struct req *r, struct record_form *f, struct db_record *rec, struct xg_error *err)
{
	if (xg_from_db(err, db_record_get(r->db, r->a, r->actor.org_path, r->id[0], rec), r->db,
		       "台账") != XG_OK)
		return err->rc;
	f->id = rec->id;
	f->kind = kind_of(rec->kind);
	f->org_id = rec->org_id;
	f->campaign_id = rec->campaign_id;
	f->unit_name = rec->org_name;
	return gather_lists(r, f, err);
}

void
page_record_edit_form(struct req *r)
{
	struct record_form f = {0};
	struct db_record rec;
	struct xg_error err;

	if (gather_record(r, &f, &rec, &err) != XG_OK) {
		page_error(r, &err);
		return;
	}
	values_of_record(r, &rec, &f.v);
	render_form(r, &f, NULL);
}

void
page_record_edit(struct req *r)
{
	struct record_form f = {0};
	struct record_input in = {0};
	struct db_record rec, out;
	struct xg_error err, gerr;
	enum xg_rc rc;

	if (gather_record(r, &f, &rec, &gerr) != XG_OK) {
		page_error(r, &gerr);
		return;
	}
	rc = read_form(r, f.kind, &in, &err);
	if (rc == XG_OK)
		rc = record_update(r->db, r->a, &r->actor, rec.id, &in, r->now, &out, &err);
	json_decref(in.detail);
	if (rc == XG_OK) {
		http_redirect(r, arena_printf(r->a, "/records/%lld?done=saved", (long long)rec.id));
		return;
	}
	if (rc == XG_INTERNAL || rc == XG_BUSY || rc == XG_NOTFOUND) {
		page_error(r, &err);
		return;
	}
	f.campaign_id = in.campaign_id;
	values_of_body(r, f.kind, &f.v);
	render_form(r, &f, &err);
}
