/* inspection: rules of inspections and rectifications — who records, who answers, who closes,
 * within whose subtree; every step audited in its transaction. */
#include "domain/inspection.h"

#include <string.h>

#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"
#include "domain/role.h"

/* JSON */

json_t *
inspection_to_json(const struct db_inspection *i)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "id", (json_int_t)i->id,
			 "org_id", (json_int_t)i->org_id, "org_name", i->org_name, "date", i->day,
			 "items", i->items, "findings", i->findings, "created_by_name",
			 i->created_by_name, "created_at", (json_int_t)i->created_at, "units",
			 (json_int_t)i->units, "pending", (json_int_t)i->pending, "overdue",
			 (json_int_t)i->overdue);
}

json_t *
inspection_unit_to_json(const struct db_inspection_unit *u)
{
	return json_pack("{s:I,s:s,s:s}", "org_id", (json_int_t)u->org_id, "code", u->org_code,
			 "name", u->org_name);
}

static json_t *
time_or_null(int64_t t)
{
	return t != 0 ? json_integer(t) : json_null();
}

json_t *
rect_to_json(const struct db_rectification *x, int64_t now)
{
	return json_pack(
	    "{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:o,s:s?,s:s?,s:o,s:s,s:I}", "id",
	    (json_int_t)x->id, "inspection_id", (json_int_t)x->inspection_id, "org_id",
	    (json_int_t)x->org_id, "org_name", x->org_name, "requirement", x->what, "deadline",
	    x->deadline, "state", x->state, "answer", x->answer, "answered_by_name",
	    x->answered_by_name, "answered_at", time_or_null(x->answered_at), "note", x->note,
	    "closed_by_name", x->closed_by_name, "closed_at", time_or_null(x->closed_at), "light",
	    task_light_code(rect_light(x, day_of(now))), "updated_at", (json_int_t)x->updated_at);
}

/* Lights and states */

enum task_light
rect_light(const struct db_rectification *x, int64_t today)
{
	bool done = strcmp(x->state, "answered") == 0 || strcmp(x->state, "closed") == 0;

	return task_light(x->deadline, done, today, RECT_WARN_DAYS);
}

const char *
rect_state_label(const char *state)
{
	if (strcmp(state, "answered") == 0)
		return "已反馈";
	if (strcmp(state, "closed") == 0)
		return "已销号";
	if (strcmp(state, "reopened") == 0)
		return "重新整改";
	return "待整改";
}

bool
inspection_is_inspector(const struct actor *actor, const struct db_inspection *i)
{
	return role_can(actor->role, PERM_INSPECT) && tree_within(i->org_path, actor->org_path);
}

static bool
waits_for_answer(const struct db_rectification *x)
{
	return strcmp(x->state, "open") == 0 || strcmp(x->state, "reopened") == 0;
}

/* The rectifying side: the unit or above it, but strictly below the inspecting unit. */
static bool
rectifying_side(const struct actor *actor, const struct db_rectification *x)
{
	return role_can(actor->role, PERM_TASK_WORK) && tree_within(x->org_path, actor->org_path) &&
	       !tree_within(x->inspector_path, actor->org_path);
}

bool
rect_may_answer(const struct actor *actor, const struct db_rectification *x)
{
	return rectifying_side(actor, x) && waits_for_answer(x);
}

bool
rect_may_attach(const struct actor *actor, const struct db_rectification *x)
{
	return rectifying_side(actor, x) && strcmp(x->state, "closed") != 0;
}

/* Checks */

static enum xg_rc
check_text(const char *s, const char *field, const char *label, size_t max, bool required,
	   struct xg_error *err)
{
	if (s == NULL || *s == '\0')
		return required ? xg_fail(err, XG_INVALID, "required", field, "请填写%s", label)
				: XG_OK;
	if (str_utf8_len(str_slice(s)) > max)
		return xg_fail(err, XG_INVALID, "too_long", field, "%s不能超过 %zu 个字", label,
			       max);
	return XG_OK;
}

static void
today_text(int64_t now, char *out, size_t cap)
{
	day_format(day_of(now), out, cap);
}

static enum xg_rc
check_inspection(const struct inspection_input *in, int64_t now, struct xg_error *err)
{
	char today[16];
	enum xg_rc rc = xg_check_day(in->day, "date", err);
	size_t i, j;

	today_text(now, today, sizeof(today));
	if (rc == XG_OK && strcmp(in->day, today) > 0)
		rc = xg_fail(err, XG_INVALID, "future_date", "date", "检查日期不能晚于今天");
	if (rc == XG_OK)
		rc = check_text(in->items, "items", "检查内容", INSPECTION_ITEMS_MAX, true, err);
	if (rc == XG_OK)
		rc = check_text(in->findings, "findings", "发现的问题", INSPECTION_FINDINGS_MAX,
				true, err);
	if (rc == XG_OK && in->nunits == 0)
		rc = xg_fail(err, XG_INVALID, "required", "units", "请选择被检查单位");
	for (i = 0; rc == XG_OK && i < in->nunits; i++)
		for (j = 0; j < i; j++)
			if (in->units[i] == in->units[j])
				return xg_fail(err, XG_INVALID, "duplicate_unit", "units",
					       "单位 %lld 重复出现", (long long)in->units[i]);
	return rc;
}

/* Audit a change: before (NULL for a creation, when has_before is false) and after, taken. */
static enum xg_rc
audit_json(struct db *db, const struct actor *actor, const char *path, const char *action,
	   const char *type, int64_t id, const char *summary, bool has_before, json_t *before,
	   json_t *after, int64_t now, struct xg_error *err)
{
	enum xg_rc rc;

	if (after == NULL || (has_before && before == NULL))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	else
		rc = audit_record(db, actor, path, action, type, id, summary, before, after, now,
				  err);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* Inspections */

static enum xg_rc
add_unit(struct db *db, struct arena *a, const struct db_org *inspector, int64_t inspection_id,
	 int64_t unit_id, struct xg_error *err)
{
	struct db_org u;
	enum db_rc drc = db_org_get(db, a, inspector->path, unit_id, &u);

	if (drc == DB_NOTFOUND || (drc == DB_OK && u.id == inspector->id))
		return xg_fail(err, XG_INVALID, "unit_scope", "units",
			       "单位 %lld 不在%s之下，不能检查它", (long long)unit_id,
			       inspector->name);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	if (u.closed)
		return xg_fail(err, XG_INVALID, "unit_closed", "units", "%s已撤销，不能检查",
			       u.name);
	return xg_from_db(err, db_inspection_unit_insert(db, inspection_id, u.id), db, "督查");
}

enum xg_rc
inspection_create(struct db *db, struct arena *a, const struct actor *actor,
		  const struct inspection_input *in, int64_t now, struct db_inspection *out,
		  struct xg_error *err)
{
	struct db_org inspector = {0};
	struct db_inspection row = {0};
	char today[16];
	size_t i;
	enum xg_rc rc = check_inspection(in, now, err);

	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err,
			db_org_get(db, a, actor->org_path,
				   in->org_id != 0 ? in->org_id : actor->org_id, &inspector),
			db, "单位");
	row = (struct db_inspection){
	    .org_id = inspector.id,
	    .day = in->day,
	    .items = in->items,
	    .findings = in->findings,
	    .created_by = actor->user_id,
	    .created_by_name = actor->display_name != NULL ? actor->display_name : actor->username,
	    .created_at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_inspection_insert(db, &row, &row.id), db, "督查");
	for (i = 0; rc == XG_OK && i < in->nunits; i++)
		rc = add_unit(db, a, &inspector, row.id, in->units[i], err);
	today_text(now, today, sizeof(today));
	if (rc == XG_OK)
		rc = xg_from_db(err, db_inspection_get(db, a, actor->org_path, today, row.id, out),
				db, "督查");
	if (rc == XG_OK)
		rc = audit_json(db, actor, inspector.path, "inspection.create", "inspection",
				out->id, out->org_name, false, NULL, inspection_to_json(out), now,
				err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
inspection_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t now,
		struct db_inspection *out, struct db_inspection_unit **units, size_t *nunits,
		struct db_rectification **rects, size_t *nrects, struct xg_error *err)
{
	char today[16];
	enum xg_rc rc;

	today_text(now, today, sizeof(today));
	rc = xg_from_db(err, db_inspection_get(db, a, actor->org_path, today, id, out), db, "督查");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_inspection_units(db, a, actor->org_path, id, units, nunits),
				db, "督查");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_rect_list(db, a, actor->org_path, id, rects, nrects), db,
				"督查");
	return rc;
}

/* Rectifications */

enum xg_rc
rect_create(struct db *db, struct arena *a, const struct actor *actor, int64_t inspection_id,
	    int64_t org_id, const char *what, const char *deadline, int64_t now,
	    struct db_rectification *out, struct xg_error *err)
{
	struct db_inspection ins;
	struct db_inspection_unit *units = NULL;
	struct db_rectification x = {0};
	char today[16];
	size_t n = 0, i;
	bool listed = false;
	enum xg_rc rc = check_text(what, "requirement", "整改要求", RECT_WHAT_MAX, true, err);

	if (rc == XG_OK)
		rc = xg_check_day(deadline, "deadline", err);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	today_text(now, today, sizeof(today));
	rc = xg_from_db(err, db_inspection_get(db, a, actor->org_path, today, inspection_id, &ins),
			db, "督查");
	if (rc == XG_OK && !inspection_is_inspector(actor, &ins))
		rc = xg_fail(err, XG_FORBIDDEN, "not_inspector", NULL,
			     "只有检查单位可以提出整改要求");
	if (rc == XG_OK && strcmp(deadline, ins.day) < 0)
		rc = xg_fail(err, XG_INVALID, "date_order", "deadline", "整改期限不能早于检查日期");
	if (rc == XG_OK)
		rc =
		    xg_from_db(err, db_inspection_units(db, a, actor->org_path, ins.id, &units, &n),
			       db, "督查");
	for (i = 0; rc == XG_OK && i < n; i++)
		listed = listed || units[i].org_id == org_id;
	if (rc == XG_OK && !listed)
		rc = xg_fail(err, XG_INVALID, "not_inspected", "org_id",
			     "这个单位不在本次检查的单位之中");
	x = (struct db_rectification){.inspection_id = ins.id,
				      .org_id = org_id,
				      .what = what,
				      .deadline = deadline,
				      .created_at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_rect_insert(db, &x, actor->user_id, &x.id), db, "整改");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_rect_get(db, a, actor->org_path, x.id, out), db, "整改");
	if (rc == XG_OK)
		rc = audit_json(db, actor, out->org_path, "rectification.create", "rectification",
				out->id, out->org_name, false, NULL, rect_to_json(out, now), now,
				err);
	return xg_tx_end(db, rc, err);
}

enum rect_step { STEP_ANSWER, STEP_CLOSE, STEP_REOPEN };

static const char *const step_action[] = {
    [STEP_ANSWER] = "rectification.answer",
    [STEP_CLOSE] = "rectification.close",
    [STEP_REOPEN] = "rectification.reopen",
};

/* Whether the actor is on the side that takes this step. */
static bool
on_side(const struct actor *actor, const struct db_rectification *x, enum rect_step s)
{
	if (s == STEP_ANSWER)
		return rectifying_side(actor, x);
	return role_can(actor->role, PERM_INSPECT) &&
	       tree_within(x->inspector_path, actor->org_path);
}

static enum db_rc
run_step(struct db *db, const struct actor *actor, int64_t id, enum rect_step s, const char *text,
	 int64_t now, bool *done)
{
	const char *by = actor->display_name != NULL ? actor->display_name : actor->username;

	switch (s) {
	case STEP_ANSWER:
		return db_rect_answer(db, id, text, by, now, done);
	case STEP_CLOSE:
		return db_rect_close(db, id, text, by, now, done);
	case STEP_REOPEN:
		break;
	}
	return db_rect_reopen(db, id, text, now, done);
}

static enum xg_rc
take_step(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum rect_step s,
	  const char *text, int64_t now, struct db_rectification *out, struct xg_error *err)
{
	static const char *const not_now[] = {
	    [STEP_ANSWER] = "这项整改不在待整改状态，不能再反馈",
	    [STEP_CLOSE] = "只有已反馈的整改可以销号",
	    [STEP_REOPEN] = "只有已反馈或已销号的整改可以重新整改",
	};
	struct db_rectification before;
	bool done = false;
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_rect_get(db, a, actor->org_path, id, &before), db, "整改");
	if (rc == XG_OK && !on_side(actor, &before, s))
		rc = xg_fail(err, XG_FORBIDDEN, "wrong_side", NULL,
			     s == STEP_ANSWER ? "只有被检查单位可以反馈整改情况"
					      : "只有检查单位可以销号或要求重新整改");
	if (rc == XG_OK)
		rc = xg_from_db(err, run_step(db, actor, id, s, text, now, &done), db, "整改");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL, "%s", not_now[s]);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_rect_get(db, a, actor->org_path, id, out), db, "整改");
	if (rc == XG_OK)
		rc = audit_json(db, actor, out->org_path, step_action[s], "rectification", out->id,
				out->org_name, true, rect_to_json(&before, now),
				rect_to_json(out, now), now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
rect_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	    const char *answer, int64_t now, struct db_rectification *out, struct xg_error *err)
{
	enum xg_rc rc = check_text(answer, "answer", "整改情况", RECT_ANSWER_MAX, true, err);

	return rc != XG_OK ? rc : take_step(db, a, actor, id, STEP_ANSWER, answer, now, out, err);
}

enum xg_rc
rect_close(struct db *db, struct arena *a, const struct actor *actor, int64_t id, const char *note,
	   int64_t now, struct db_rectification *out, struct xg_error *err)
{
	enum xg_rc rc = check_text(note, "note", "销号意见", RECT_NOTE_MAX, false, err);

	return rc != XG_OK ? rc
			   : take_step(db, a, actor, id, STEP_CLOSE,
				       note != NULL && *note != '\0' ? note : NULL, now, out, err);
}

enum xg_rc
rect_reopen(struct db *db, struct arena *a, const struct actor *actor, int64_t id, const char *note,
	    int64_t now, struct db_rectification *out, struct xg_error *err)
{
	enum xg_rc rc = check_text(note, "note", "重新整改的理由", RECT_NOTE_MAX, true, err);

	return rc != XG_OK ? rc : take_step(db, a, actor, id, STEP_REOPEN, note, now, out, err);
}

/* The owner of a rectification's file: visible, from the rectifying side, not closed. */
static enum xg_rc
rect_owner(struct db *db, struct arena *a, const struct actor *actor,
	   const struct evidence_owner *o, struct db_file *f, struct xg_error *err)
{
	struct db_rectification x;
	enum xg_rc rc = xg_from_db(err, db_rect_get(db, a, actor->org_path, o->id, &x), db, "整改");

	if (rc == XG_OK && !rectifying_side(actor, &x))
		rc = xg_fail(err, XG_FORBIDDEN, "wrong_side", NULL,
			     "只有被检查单位可以上传整改佐证材料");
	if (rc == XG_OK && strcmp(x.state, "closed") == 0)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL,
			     "这项整改已销号，不能再上传材料");
	if (rc == XG_OK)
		f->rectification_id = x.id;
	return rc;
}

enum xg_rc
rect_attach(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	    const struct evidence_upload *up, int64_t now, struct db_file *out,
	    struct xg_error *err)
{
	struct evidence_owner o = {.check = rect_owner, .id = id};

	return evidence_attach_to(db, a, actor, &o, up, now, out, err);
}
