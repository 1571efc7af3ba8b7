/* document: rules of directives in the system, their corrections, addressees, proposals and the
 * syllabus they give a campaign. */
#include "domain/document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"

static enum xg_rc
no_memory(struct xg_error *err)
{
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
}

static const char *
by_name(const struct actor *actor)
{
	return actor->display_name != NULL ? actor->display_name : actor->username;
}

/* The campaign a directive is imported into: visible, and run at or above the actor's unit. */
static enum xg_rc
check_campaign(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	       struct xg_error *err)
{
	struct db_campaign c;
	enum db_rc drc = db_campaign_get(db, a, actor->org_path, id, &c);

	if (drc == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "unknown_campaign", "campaign_id",
			       "专项工作不存在");
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "专项工作");
	if (actor->org_path != NULL && !tree_within(actor->org_path, c.org_path))
		return xg_fail(err, XG_INVALID, "campaign_scope", "campaign_id",
			       "本单位不在这项专项工作的范围内");
	return XG_OK;
}

static enum xg_rc
audit_doc(struct db *db, const struct actor *actor, const struct db_directive *d,
	  const char *action, json_t *after, int64_t now, struct xg_error *err)
{
	enum xg_rc rc;

	if (after == NULL)
		return no_memory(err);
	rc = audit_record(db, actor, d->org_path, action, "directive", d->id,
			  d->title != NULL ? d->title : "", NULL, after, now, err);
	json_decref(after);
	return rc;
}

static const char *
json_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static enum xg_rc
insert_sections(struct db *db, int64_t id, json_t *structure, struct xg_error *err)
{
	json_t *sections = json_object_get(structure, "sections"), *s;
	size_t i;

	json_array_foreach(sections, i, s)
	{
		struct db_directive_section row = {
		    .directive_id = id,
		    .seq = (int64_t)i + 1,
		    .level = json_integer_value(json_object_get(s, "level")),
		    .path = json_str(s, "path"),
		    .number = json_str(s, "number"),
		    .heading = json_str(s, "heading"),
		};
		enum xg_rc rc;

		if (row.path == NULL || row.number == NULL || row.heading == NULL)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "章节不完整");
		rc = xg_from_db(err, db_directive_section_insert(db, &row), db, "章节");
		if (rc != XG_OK)
			return rc;
	}
	return XG_OK;
}

/* An addressee the reader left unresolved: the name mapped before by the actor's unit or above,
 * when that unit is still in the actor's subtree. */
static enum xg_rc
remembered(struct db *db, struct arena *a, const struct actor *actor, const char *name,
	   int64_t *unit, struct xg_error *err)
{
	struct db_org o;
	enum db_rc drc;

	*unit = 0;
	if (actor->org_path == NULL)
		return XG_OK;
	drc = db_name_map_lookup(db, actor->org_path, name, unit);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "主送单位");
	if (*unit == 0)
		return XG_OK;
	drc = db_org_get(db, a, actor->org_path, *unit, &o);
	if (drc == DB_NOTFOUND || (drc == DB_OK && o.closed))
		*unit = 0;
	else if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	return XG_OK;
}

static enum xg_rc
insert_addressees(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		  const struct document_input *in, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	size_t i, k;

	for (i = 0; rc == XG_OK && i < in->naddressees; i++) {
		const struct document_addressee *ad = &in->addressees[i];
		int64_t unit = 0;

		for (k = 0; rc == XG_OK && k < ad->nunits; k++)
			rc = xg_from_db(
			    err, db_directive_addressee_insert(db, id, ad->name, ad->units[k]), db,
			    "主送单位");
		if (rc != XG_OK || ad->nunits > 0)
			continue;
		rc = remembered(db, a, actor, ad->name, &unit, err);
		if (rc == XG_OK)
			rc = xg_from_db(err, db_directive_addressee_insert(db, id, ad->name, unit),
					db, "主送单位");
	}
	return rc;
}

enum xg_rc
document_import(struct db *db, struct arena *a, const struct actor *actor,
		const struct document_input *in, int64_t now, int64_t *id, struct xg_error *err)
{
	struct db_directive d = {0}, got;
	char *text = NULL;
	enum xg_rc rc;

	if (actor->org_path == NULL || actor->org_id == 0)
		return xg_fail(err, XG_FORBIDDEN, "forbidden", NULL, "只有单位的工作人员可以导入文件");
	text = json_dumps(in->structure, JSON_COMPACT);
	if (text == NULL)
		return no_memory(err);
	d = (struct db_directive){.campaign_id = in->campaign_id,
				  .org_id = actor->org_id,
				  .title = in->title,
				  .doc_no = in->doc_no,
				  .issuer = in->issuer,
				  .date = in->date,
				  .original = in->original,
				  .parsed = in->parsed,
				  .structure = text,
				  .created_by = actor->user_id,
				  .created_at = now};
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK) {
		rc = check_campaign(db, a, actor, in->campaign_id, err);
		if (rc == XG_OK)
			rc = xg_from_db(err, db_directive_insert(db, &d, id), db, "文件");
		if (rc == XG_OK)
			rc = insert_sections(db, *id, in->structure, err);
		if (rc == XG_OK)
			rc = insert_addressees(db, a, actor, *id, in, err);
		if (rc == XG_OK)
			rc = xg_from_db(err, db_directive_get(db, a, actor->org_path, *id, &got), db,
					"文件");
		if (rc == XG_OK)
			rc = audit_doc(db, actor, &got, "directive.create",
				       document_summary_json(&got), now, err);
		rc = xg_tx_end(db, rc, err);
	}
	free(text);
	return rc;
}

/* The directive and its texts, structure parsed (the caller frees it). */
static enum xg_rc
read_doc(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	 struct db_directive *d, json_t **structure, struct xg_error *err)
{
	enum xg_rc rc = xg_from_db(err, db_directive_get(db, a, actor->org_path, id, d), db, "文件");

	if (rc == XG_OK)
		rc = xg_from_db(err, db_directive_texts(db, a, d), db, "文件");
	if (rc != XG_OK)
		return rc;
	*structure = json_loads(d->structure != NULL ? d->structure : "{}", 0, NULL);
	if (*structure == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "文件结构无法读取");
	return XG_OK;
}

static bool
writable(const struct actor *actor, const struct db_directive *d)
{
	return actor->org_path == NULL || tree_within(d->org_path, actor->org_path);
}

static enum xg_rc
check_writable(const struct actor *actor, const struct db_directive *d, struct xg_error *err)
{
	if (writable(actor, d))
		return XG_OK;
	return xg_fail(err, XG_FORBIDDEN, "not_issuer", NULL,
		       "这份文件由%s导入，只有该单位及其上级可以修改", d->org_name);
}

enum xg_rc
document_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	      struct document_view *out, struct xg_error *err)
{
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	rc = read_doc(db, a, actor, id, &out->d, &out->structure, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_directive_sections(db, a, id, &out->sections, &out->nsections),
				db, "章节");
	if (rc == XG_OK)
		rc = xg_from_db(
		    err, db_directive_addressees(db, a, id, &out->addressees, &out->naddressees),
		    db, "主送单位");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_directive_changes(db, a, id, &out->changes, &out->nchanges),
				db, "修改记录");
	out->writable = rc == XG_OK && writable(actor, &out->d);
	return rc;
}

void
document_view_free(struct document_view *v)
{
	if (v != NULL) {
		json_decref(v->structure);
		v->structure = NULL;
	}
}

/* Corrections */

/* Keep one change: the row, and the same in the audit's list. */
static enum xg_rc
keep_change(struct db *db, const struct actor *actor, int64_t id, const char *part,
	    const char *before, const char *after, int64_t now, json_t *log, struct xg_error *err)
{
	struct db_directive_change c = {.directive_id = id,
					.part = part,
					.before = before,
					.after = after,
					.by_user = actor->user_id,
					.by_name = by_name(actor),
					.at = now};

	if (json_array_append_new(log, json_pack("{s:s,s:s?,s:s?}", "part", part, "before", before,
						 "after", after)) != 0)
		return no_memory(err);
	return xg_from_db(err, db_directive_change_insert(db, &c), db, "修改记录");
}

/* A list typed as one line, split at the separators given, as a JSON array of strings. */
static json_t *
split_list(const char *s, const char *const *seps)
{
	json_t *arr = json_array();
	const char *p = s;

	while (arr != NULL && *p != '\0') {
		const char *end = p + strlen(p), *next = end;
		size_t k;

		for (k = 0; seps[k] != NULL; k++) {
			const char *hit = strstr(p, seps[k]);
			if (hit != NULL && hit < end) {
				end = hit;
				next = hit + strlen(seps[k]);
			}
		}
		while (p < end && *p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		if (end > p && json_array_append_new(arr, json_stringn(p, (size_t)(end - p))) != 0) {
			json_decref(arr);
			return NULL;
		}
		p = next;
	}
	return arr;
}

/* The text of an item of a list: a string, or an object's "text". */
static const char *
item_text(json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : json_str(v, "text");
	return s != NULL ? s : "";
}

/* A JSON array of strings (or of objects with "text") as one line joined by sep. */
static char *
join_list(struct arena *a, json_t *arr, const char *sep)
{
	size_t i, len = 1, at = 0, seplen = strlen(sep);
	json_t *v;
	char *out;

	json_array_foreach(arr, i, v) len += strlen(item_text(v)) + seplen;
	out = arena_alloc(a, len);
	if (out == NULL)
		return NULL;
	json_array_foreach(arr, i, v)
	{
		const char *s = item_text(v);
		size_t n = strlen(s);

		if (i > 0) {
			memcpy(out + at, sep, seplen);
			at += seplen;
		}
		memcpy(out + at, s, n);
		at += n;
	}
	out[at] = '\0';
	return out;
}

static enum xg_rc
correct_section(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		json_t *structure, const struct document_edit *e, int64_t now, json_t *log,
		struct xg_error *err)
{
	json_t *sections = json_object_get(structure, "sections"), *s, *found = NULL;
	enum xg_rc rc = xg_check_name(e->heading, "heading", "章节标题", DOCUMENT_HEADING_MAX, err);
	const char *before;
	char *part;
	size_t i;

	if (rc != XG_OK)
		return rc;
	json_array_foreach(sections, i, s) if (found == NULL &&
					       strcmp(json_str(s, "path") ? json_str(s, "path")
									  : "",
						      e->section_path) == 0) found = s;
	if (found == NULL)
		return xg_fail(err, XG_INVALID, "unknown_section", "section_path",
			       "文件中没有这一章节");
	before = arena_strdup(a, json_str(found, "heading"));
	part = arena_printf(a, "sections/%s/heading", e->section_path);
	if (before == NULL || part == NULL ||
	    json_object_set_new(found, "heading", json_string(e->heading)) != 0)
		return no_memory(err);
	rc = xg_from_db(err, db_directive_section_heading(db, id, e->section_path, e->heading), db,
			"章节");
	if (rc == XG_OK)
		rc = keep_change(db, actor, id, part, before, e->heading, now, log, err);
	return rc;
}

/* Set key of proposal t to v (a string, or NULL), keeping the change. */
static enum xg_rc
set_field(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t index,
	  json_t *t, const char *key, json_t *v, const char *before, const char *after,
	  int64_t now, json_t *log, struct xg_error *err)
{
	char *part = arena_printf(a, "tasks/%lld/%s", (long long)index, key);

	/* before may be the value about to be replaced (and freed): keep a copy. */
	if (before != NULL && (before = arena_strdup(a, before)) == NULL) {
		json_decref(v);
		return no_memory(err);
	}
	if (v == NULL || part == NULL || json_object_set_new(t, key, v) != 0)
		return no_memory(err);
	return keep_change(db, actor, id, part, before, after, now, log, err);
}

static enum xg_rc
check_dates(json_t *t, const struct document_edit *e, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	const char *start, *due;

	if (e->start_date != NULL && e->start_date[0] != '\0')
		rc = xg_check_day(e->start_date, "start_date", err);
	if (rc == XG_OK && e->due_date != NULL && e->due_date[0] != '\0')
		rc = xg_check_day(e->due_date, "due_date", err);
	start = e->start_date != NULL ? e->start_date : json_str(t, "start_date");
	due = e->due_date != NULL ? e->due_date : json_str(t, "due_date");
	if (rc == XG_OK && start != NULL && due != NULL && start[0] != '\0' && due[0] != '\0' &&
	    strcmp(start, due) > 0)
		rc = xg_fail(err, XG_INVALID, "date_order", "due_date", "完成时限不能早于开始日期");
	return rc;
}

static json_t *
day_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

static enum xg_rc
correct_task(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     json_t *structure, const struct document_edit *e, int64_t now, json_t *log,
	     struct xg_error *err)
{
	static const char *const subject_seps[] = {"、", "，", ",", "；", ";", NULL};
	static const char *const target_seps[] = {"；", ";", NULL};
	json_t *t = json_array_get(json_object_get(structure, "tasks"), (size_t)e->task);
	enum xg_rc rc = XG_OK;

	if (t == NULL || e->task < 0)
		return xg_fail(err, XG_INVALID, "unknown_task", "task", "没有第 %lld 项建议任务",
			       (long long)e->task + 1);
	if (json_integer_value(json_object_get(t, "task_id")) != 0)
		return xg_fail(err, XG_CONFLICT, "already_confirmed", "task",
			       "这项建议已确认为任务，请在任务中修改");
	if (e->title != NULL)
		rc = xg_check_name(e->title, "title", "任务名称", TASK_TITLE_MAX, err);
	if (rc == XG_OK && e->subjects != NULL &&
	    str_utf8_len(str_slice(e->subjects)) > DOCUMENT_SUBJECTS_MAX)
		rc = xg_fail(err, XG_INVALID, "too_long", "subjects", "责任主体过长");
	if (rc == XG_OK)
		rc = check_dates(t, e, err);
	if (rc == XG_OK && e->title != NULL)
		rc = set_field(db, a, actor, id, e->task, t, "title", json_string(e->title),
			       json_str(t, "title"), e->title, now, log, err);
	if (rc == XG_OK && e->subjects != NULL)
		rc = set_field(db, a, actor, id, e->task, t, "subjects",
			       split_list(e->subjects, subject_seps),
			       join_list(a, json_object_get(t, "subjects"), "、"), e->subjects, now,
			       log, err);
	if (rc == XG_OK && e->start_date != NULL)
		rc = set_field(db, a, actor, id, e->task, t, "start_date",
			       day_or_null(e->start_date), json_str(t, "start_date"), e->start_date,
			       now, log, err);
	if (rc == XG_OK && e->due_date != NULL)
		rc = set_field(db, a, actor, id, e->task, t, "due_date", day_or_null(e->due_date),
			       json_str(t, "due_date"), e->due_date, now, log, err);
	if (rc == XG_OK && e->targets != NULL) {
		json_t *list = split_list(e->targets, target_seps), *v;
		json_t *objs = json_array();
		size_t i;

		json_array_foreach(list, i, v) json_array_append_new(
		    objs, json_pack("{s:O}", "text", v));
		json_decref(list);
		rc = set_field(db, a, actor, id, e->task, t, "targets", objs,
			       join_list(a, json_object_get(t, "targets"), "；"), e->targets, now,
			       log, err);
	}
	return rc;
}

/* Write structure over d's version (or fail XG_CONFLICT) and audit what changed. */
static enum xg_rc
save(struct db *db, const struct actor *actor, const struct db_directive *d, json_t *structure,
     const char *action, json_t *log, int64_t now, struct xg_error *err)
{
	char *text = json_dumps(structure, JSON_COMPACT);
	bool done = false;
	enum xg_rc rc;

	if (text == NULL)
		return no_memory(err);
	rc = xg_from_db(err, db_directive_save(db, d->id, d->version, text, now, &done), db,
			"文件");
	free(text);
	if (rc == XG_OK && !done)
		return xg_fail(err, XG_CONFLICT, "changed_meanwhile", NULL,
			       "文件已被他人修改，请刷新后重试");
	if (rc == XG_OK)
		rc = audit_doc(db, actor, d, action, json_pack("{s:O}", "changes", log), now, err);
	return rc;
}

enum xg_rc
document_correct(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		 const struct document_edit *e, int64_t now, struct xg_error *err)
{
	struct db_directive d;
	json_t *structure = NULL, *log = json_array();
	enum xg_rc rc;

	if (log == NULL)
		return no_memory(err);
	if ((e->section_path == NULL) != (e->heading == NULL))
		rc = xg_fail(err, XG_INVALID, "required",
			     e->section_path == NULL ? "section_path" : "heading",
			     "修改章节标题需要同时给出章节和新标题");
	else if (e->section_path == NULL && e->task < 0)
		rc = xg_fail(err, XG_INVALID, "nothing_to_change", NULL,
			     "请指定要修改的章节或建议任务");
	else if (e->task < 0 && (e->title != NULL || e->subjects != NULL || e->start_date != NULL ||
				 e->due_date != NULL || e->targets != NULL))
		rc = xg_fail(err, XG_INVALID, "required", "task", "请指定要修改的建议任务");
	else
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK) {
		json_decref(log);
		return rc;
	}
	rc = read_doc(db, a, actor, id, &d, &structure, err);
	if (rc == XG_OK)
		rc = check_writable(actor, &d, err);
	if (rc == XG_OK && e->version != 0 && e->version != d.version)
		rc = xg_fail(err, XG_CONFLICT, "changed_meanwhile", NULL,
			     "文件已被他人修改，请刷新后重试");
	if (rc == XG_OK && e->section_path != NULL)
		rc = correct_section(db, a, actor, id, structure, e, now, log, err);
	if (rc == XG_OK && e->task >= 0)
		rc = correct_task(db, a, actor, id, structure, e, now, log, err);
	if (rc == XG_OK && json_array_size(log) == 0)
		rc = xg_fail(err, XG_INVALID, "nothing_to_change", NULL, "没有要修改的内容");
	if (rc == XG_OK)
		rc = save(db, actor, &d, structure, "directive.correct", log, now, err);
	json_decref(structure);
	json_decref(log);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
document_map(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     const char *name, int64_t org_id, int64_t now, struct xg_error *err)
{
	struct db_directive d;
	struct db_org unit;
	json_t *structure = NULL, *log = json_array();
	bool done = false;
	enum xg_rc rc = log != NULL ? xg_tx_begin(db, err) : no_memory(err);
	enum db_rc drc;

	if (rc != XG_OK) {
		json_decref(log);
		return rc;
	}
	rc = read_doc(db, a, actor, id, &d, &structure, err);
	if (rc == XG_OK)
		rc = check_writable(actor, &d, err);
	if (rc == XG_OK) {
		drc = db_org_get(db, a, actor->org_path, org_id, &unit);
		if (drc == DB_NOTFOUND)
			rc = xg_fail(err, XG_INVALID, "unit_scope", "org_id",
				     "单位不存在或不在本单位之下");
		else
			rc = xg_from_db(err, drc, db, "单位");
	}
	if (rc == XG_OK)
		rc = xg_from_db(err, db_directive_addressee_map(db, id, name, unit.id, &done), db,
				"主送单位");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_INVALID, "unknown_addressee", "name",
			     "这份文件没有待对应的主送单位“%s”", name);
	if (rc == XG_OK && actor->org_id != 0)
		rc = xg_from_db(err,
				db_name_map_put(db, actor->org_id, name, unit.id, actor->user_id,
						now),
				db, "主送单位");
	if (rc == XG_OK)
		rc = keep_change(db, actor, id, arena_printf(a, "addressees/%s", name), NULL,
				 unit.name, now, log, err);
	if (rc == XG_OK)
		rc = save(db, actor, &d, structure, "directive.map", log, now, err);
	json_decref(structure);
	json_decref(log);
	return xg_tx_end(db, rc, err);
}

/* The ids of a JSON array of integers, from the arena. */
static int64_t *
ids_of(struct arena *a, json_t *arr, size_t *n)
{
	int64_t *ids = arena_alloc(a, (json_array_size(arr) + 1) * sizeof(*ids));
	json_t *v;
	size_t i;

	*n = 0;
	if (ids == NULL)
		return NULL;
	json_array_foreach(arr, i, v) if (json_integer_value(v) > 0) ids[(*n)++] =
	    json_integer_value(v);
	return ids;
}

enum xg_rc
document_confirm(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		 int64_t index, const struct task_input *in, int64_t now, struct db_task *out,
		 struct xg_error *err)
{
	struct db_directive d;
	struct task_input ti = *in;
	json_t *structure = NULL, *t, *log = json_array();
	enum xg_rc rc = log != NULL ? xg_tx_begin(db, err) : no_memory(err);

	if (rc != XG_OK) {
		json_decref(log);
		return rc;
	}
	rc = read_doc(db, a, actor, id, &d, &structure, err);
	if (rc == XG_OK)
		rc = check_writable(actor, &d, err);
	t = rc == XG_OK && index >= 0
		? json_array_get(json_object_get(structure, "tasks"), (size_t)index)
		: NULL;
	if (rc == XG_OK && t == NULL)
		rc = xg_fail(err, XG_INVALID, "unknown_task", "task", "没有第 %lld 项建议任务",
			     (long long)index + 1);
	if (rc == XG_OK && json_integer_value(json_object_get(t, "task_id")) != 0)
		rc = xg_fail(err, XG_CONFLICT, "already_confirmed", "task",
			     "这项建议已确认为任务（任务 %lld）",
			     (long long)json_integer_value(json_object_get(t, "task_id")));
	if (rc == XG_OK) {
		ti.campaign_id = d.campaign_id;
		ti.directive_id = d.id;
		ti.section_path = json_str(t, "path");
		ti.paragraph = json_str(t, "paragraph");
		if (ti.title == NULL)
			ti.title = json_str(t, "title");
		if (ti.start_date == NULL)
			ti.start_date = json_str(t, "start_date");
		if (ti.due_date == NULL)
			ti.due_date = json_str(t, "due_date");
		if (ti.due_date == NULL)
			rc = xg_fail(err, XG_INVALID, "required", "due_date", "请填写完成时限");
		if (ti.nunits == 0 && ti.lead_unit == 0 && ti.nco_units == 0 &&
		    ti.unit_kind == NULL)
			ti.units = ids_of(a, json_object_get(t, "units"), &ti.nunits);
	}
	if (rc == XG_OK)
		rc = task_create_in_tx(db, a, actor, &ti, now, out, err);
	if (rc == XG_OK && json_object_set_new(t, "task_id", json_integer(out->id)) != 0)
		rc = no_memory(err);
	if (rc == XG_OK)
		rc = keep_change(db, actor, id, arena_printf(a, "tasks/%lld/task_id", (long long)index),
				 NULL, arena_printf(a, "%lld", (long long)out->id), now, log, err);
	if (rc == XG_OK)
		rc = save(db, actor, &d, structure, "directive.confirm", log, now, err);
	json_decref(structure);
	json_decref(log);
	return xg_tx_end(db, rc, err);
}

/* The syllabus */

enum xg_rc
document_coverage(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		  int64_t org_id, struct document_coverage *out, struct xg_error *err)
{
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	rc = xg_from_db(err, db_directive_get(db, a, actor->org_path, id, &out->d), db, "文件");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_get(db, a, actor->org_path,
					   org_id != 0 ? org_id : actor->org_id, &out->unit),
				db, "单位");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_directive_sections(db, a, id, &out->sections, &out->nsections),
				db, "章节");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_children(db, a, actor->org_path, out->unit.id, INT32_MAX, 0,
						&out->children, &out->nchildren),
				db, "单位");
	if (rc == XG_OK)
		rc = xg_from_db(
		    err, db_directive_coverage(db, a, id, out->unit.id, &out->cells, &out->ncells),
		    db, "覆盖情况");
	return rc;
}

const struct db_coverage *
document_cell(const struct document_coverage *c, int64_t org_id, int64_t section_id)
{
	size_t i;

	for (i = 0; i < c->ncells; i++)
		if (c->cells[i].org_id == org_id && c->cells[i].section_id == section_id)
			return &c->cells[i];
	return NULL;
}

enum xg_rc
document_record_sections(struct db *db, struct arena *a, const struct actor *actor,
			 const struct db_record *rec, const int64_t *ids, size_t n,
			 struct xg_error *err)
{
	enum xg_rc rc;
	size_t i;

	if (n > 0 && strcmp(rec->kind, "study") != 0 && strcmp(rec->kind, "training") != 0 &&
	    strcmp(rec->kind, "lecture") != 0)
		return xg_fail(err, XG_INVALID, "sections_kind", "sections",
			       "只有理论学习、教育培训和宣讲台账可以关联学习章节");
	rc = xg_from_db(err, db_record_sections_clear(db, rec->id), db, "台账");
	for (i = 0; rc == XG_OK && i < n; i++) {
		struct db_directive_section s;
		struct db_directive d;
		enum db_rc drc = db_directive_section_get(db, a, ids[i], &s);

		if (drc == DB_OK)
			drc = db_directive_get(db, a, actor->org_path, s.directive_id, &d);
		if (drc == DB_NOTFOUND)
			return xg_fail(err, XG_INVALID, "unknown_section", "sections",
				       "学习章节 %lld 不存在", (long long)ids[i]);
		if (drc != DB_OK)
			return xg_from_db(err, drc, db, "章节");
		if (d.campaign_id != rec->campaign_id)
			return xg_fail(err, XG_INVALID, "section_campaign", "sections",
				       "学习章节“%s”不属于这条台账的专项工作", s.heading);
		rc = xg_from_db(err, db_record_section_add(db, rec->id, &s), db, "台账");
	}
	return rc;
}

/* JSON */

json_t *
document_summary_json(const struct db_directive *d)
{
	return json_pack("{s:I,s:I,s:s?,s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:I,s:I,s:I}", "id",
			 (json_int_t)d->id, "campaign_id", (json_int_t)d->campaign_id,
			 "campaign_name", d->campaign_name, "org_id", (json_int_t)d->org_id,
			 "org_name", d->org_name, "title", d->title, "doc_no", d->doc_no, "issuer",
			 d->issuer, "date", d->date, "version", (json_int_t)d->version,
			 "created_at", (json_int_t)d->created_at, "updated_at",
			 (json_int_t)d->updated_at);
}

/* The addressees grouped by name, in the order written, each with its units. */
static json_t *
addressees_json(const struct document_view *v)
{
	json_t *arr = json_array(), *cur = NULL;
	const char *last = NULL;
	size_t i;

	for (i = 0; arr != NULL && i < v->naddressees; i++) {
		const struct db_directive_addressee *ad = &v->addressees[i];

		if (last == NULL || strcmp(last, ad->name) != 0) {
			cur = json_pack("{s:s,s:b,s:[]}", "name", ad->name, "resolved", 0, "units");
			if (cur == NULL || json_array_append_new(arr, cur) != 0)
				goto fail;
			last = ad->name;
		}
		if (ad->org_id == 0)
			continue;
		if (json_object_set_new(cur, "resolved", json_true()) != 0 ||
		    json_array_append_new(json_object_get(cur, "units"),
					  json_pack("{s:I,s:s?,s:s?}", "id", (json_int_t)ad->org_id,
						    "code", ad->org_code, "name", ad->org_name)) != 0)
			goto fail;
	}
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

static json_t *
sections_json(const struct db_directive_section *s, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:I}", "id",
							 (json_int_t)s[i].id, "path", s[i].path,
							 "number", s[i].number, "heading",
							 s[i].heading, "level",
							 (json_int_t)s[i].level)) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static json_t *
changes_json(const struct db_directive_change *c, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, json_pack("{s:s,s:s?,s:s?,s:s,s:I}", "part",
							 c[i].part, "before", c[i].before, "after",
							 c[i].after, "by", c[i].by_name, "at",
							 (json_int_t)c[i].at)) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* The proposals with their index and confirmed task (null when not yet). */
static json_t *
tasks_json(json_t *structure)
{
	json_t *arr = json_array(), *t;
	size_t i;

	json_array_foreach(json_object_get(structure, "tasks"), i, t)
	{
		json_t *c = json_deep_copy(t);
		json_int_t tid = json_integer_value(json_object_get(t, "task_id"));

		if (c == NULL || json_object_set_new(c, "index", json_integer((json_int_t)i)) != 0 ||
		    json_object_set_new(c, "task_id", tid != 0 ? json_integer(tid) : json_null()) !=
			0 ||
		    json_array_append_new(arr, c) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

json_t *
document_to_json(const struct document_view *v, bool with_original)
{
	json_t *j = document_summary_json(&v->d);

	if (j == NULL)
		return NULL;
	if (json_object_set_new(j, "sections", sections_json(v->sections, v->nsections)) != 0 ||
	    json_object_set_new(j, "tasks", tasks_json(v->structure)) != 0 ||
	    json_object_set_new(j, "addressees", addressees_json(v)) != 0 ||
	    json_object_set_new(j, "changes", changes_json(v->changes, v->nchanges)) != 0 ||
	    json_object_set_new(j, "writable", json_boolean(v->writable)) != 0 ||
	    (with_original &&
	     json_object_set_new(j, "original", json_string(v->d.original ? v->d.original : "")) !=
		 0)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
document_coverage_json(const struct document_coverage *c)
{
	json_t *j = json_pack("{s:I,s:{s:I,s:s},s:o,s:[],s:[]}", "directive_id",
			      (json_int_t)c->d.id, "org", "id", (json_int_t)c->unit.id, "name",
			      c->unit.name, "sections", sections_json(c->sections, c->nsections),
			      "units", "uncovered");
	json_t *units = json_object_get(j, "units"), *none = json_object_get(j, "uncovered");
	size_t i, k;

	for (i = 0; j != NULL && i < c->nchildren; i++) {
		const struct db_org *ch = &c->children[i];
		json_t *cells = json_array();
		int64_t records = 0, people = 0;

		for (k = 0; cells != NULL && k < c->nsections; k++) {
			const struct db_coverage *cell = document_cell(c, ch->id, c->sections[k].id);
			if (cell == NULL)
				continue;
			records += cell->records;
			people += cell->participants;
			json_array_append_new(cells, json_pack("{s:I,s:I,s:I}", "section_id",
							       (json_int_t)cell->section_id,
							       "records", (json_int_t)cell->records,
							       "participants",
							       (json_int_t)cell->participants));
		}
		if (cells == NULL ||
		    json_array_append_new(
			units, json_pack("{s:I,s:s,s:s,s:I,s:I,s:o}", "id", (json_int_t)ch->id, "code",
					 ch->code, "name", ch->name, "records", (json_int_t)records,
					 "participants", (json_int_t)people, "sections", cells)) !=
			0 ||
		    (records == 0 &&
		     json_array_append_new(none, json_pack("{s:I,s:s}", "id", (json_int_t)ch->id,
							   "name", ch->name)) != 0)) {
			json_decref(j);
			return NULL;
		}
	}
	return j;
}
