/* task: rules of tasks, their assignments and lights. */
#include "domain/task.h"

#include <string.h>

#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"
#include "domain/notice.h"

/* JSON */

enum task_light
task_shown_light(const struct db_task *t, int64_t now)
{
	/* Every unit found 不适用 leaves nothing to do. */
	bool done = t->done_units == t->units;

	return light_with_plan(task_light(t->due_date, done, day_of(now), t->warn_days),
			       t->light_rule, t->light_share, &t->plan);
}

enum task_light
task_unit_shown_light(const struct db_task_unit *u, int64_t now)
{
	return light_with_plan(
	    task_light(u->due_date, strcmp(u->state, "done") == 0, day_of(now), u->warn_days),
	    u->light_rule, u->light_share, &u->plan);
}

/* Add the members of the plans' additions to j, or drop j. */
static json_t *
add_plan_fields(json_t *j, const char *rule, int64_t parent_id, const char *milestone)
{
	if (j != NULL &&
	    (json_object_set_new(j, "light_rule", json_string(rule != NULL ? rule : "worst")) !=
		 0 ||
	     json_object_set_new(j, "parent_id",
				 parent_id != 0 ? json_integer(parent_id) : json_null()) != 0 ||
	     json_object_set_new(j, "milestone",
				 milestone != NULL ? json_string(milestone) : json_null()) != 0)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
task_to_json(const struct db_task *t, int64_t now)
{
	enum task_light l = task_shown_light(t, now);

	return add_plan_fields(
	    json_pack("{s:I,s:I,s:s,s:o,s:s,s:s?,s:s?,s:s?,s:s,s:I,s:I,s:I,s:s,s:I,s:I}", "id",
		      (json_int_t)t->id, "org_id", (json_int_t)t->assigner_org_id, "org_name",
		      t->assigner_name, "campaign_id",
		      t->campaign_id != 0 ? json_integer(t->campaign_id) : json_null(), "title",
		      t->title, "paragraph", t->paragraph, "section_path", t->section_path,
		      "start_date", t->start_date, "due_date", t->due_date, "units",
		      (json_int_t)t->units, "signed_units", (json_int_t)t->signed_units,
		      "done_units", (json_int_t)t->done_units, "light", task_light_code(l),
		      "created_at", (json_int_t)t->created_at, "updated_at",
		      (json_int_t)t->updated_at),
	    t->light_rule, t->parent_id, t->milestone);
}

json_t *
task_unit_to_json(const struct db_task_unit *u, int64_t now)
{
	enum task_light l = task_unit_shown_light(u, now);
	bool na = u->na_at != 0;

	/* A unit found 不适用 has no light: it is out of the counts. */
	return json_pack(
	    "{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:o,s:s?,s:o}", "task_id", (json_int_t)u->task_id,
	    "org_id", (json_int_t)u->org_id, "code", u->org_code, "name", u->org_name, "role",
	    u->role, "state", na ? "not_applicable" : u->state, "percent", (json_int_t)u->percent,
	    "signed_at", u->signed_at != 0 ? json_integer(u->signed_at) : json_null(), "done_at",
	    u->done_at != 0 ? json_integer(u->done_at) : json_null(), "light",
	    na ? json_null() : json_string(task_light_code(l)), "due_date", u->due_date,
	    "not_applicable_at", na ? json_integer(u->na_at) : json_null());
}

json_t *
task_progress_to_json(const struct db_task_progress *p)
{
	return json_pack("{s:I,s:I,s:s?,s:s?,s:s?,s:s?,s:s,s:I}", "id", (json_int_t)p->id,
			 "percent", (json_int_t)p->percent, "text", p->text, "milestone",
			 p->milestone, "problems", p->problems, "help_needed", p->help_needed, "by",
			 p->by_name, "at", (json_int_t)p->at);
}

/* Checks of a new task's own fields */

static enum xg_rc
check_text(const char *s, const char *field, const char *label, size_t max, struct xg_error *err)
{
	if (s != NULL && str_utf8_len(str_slice(s)) > max)
		return xg_fail(err, XG_INVALID, "too_long", field, "%s不能超过 %zu 个字", label,
			       max);
	return XG_OK;
}

static enum xg_rc
check_fields(const struct task_input *in, struct xg_error *err)
{
	enum xg_rc rc = xg_check_name(in->title, "title", "任务名称", TASK_TITLE_MAX, err);

	if (rc == XG_OK)
		rc = check_text(in->paragraph, "paragraph", "原文", TASK_PARAGRAPH_MAX, err);
	if (rc == XG_OK)
		rc = check_text(in->section_path, "section_path", "章节", TASK_SECTION_MAX, err);
	if (rc == XG_OK)
		rc = xg_check_day(in->due_date, "due_date", err);
	if (rc == XG_OK && in->start_date != NULL)
		rc = xg_check_day(in->start_date, "start_date", err);
	if (rc == XG_OK && in->start_date != NULL && strcmp(in->start_date, in->due_date) > 0)
		rc = xg_fail(err, XG_INVALID, "date_order", "due_date", "完成时限不能早于开始日期");
	if (rc == XG_OK && in->nunits == 0 && in->lead_unit == 0 && in->nco_units == 0 &&
	    in->unit_kind == NULL)
		rc = xg_fail(err, XG_INVALID, "required", "units", "请指定承办单位");
	return rc;
}

/* The same unit named twice across units, lead_unit and co_units. */
static int64_t
repeated_unit(const struct task_input *in)
{
	size_t i, j;

	for (i = 0; i < in->nco_units; i++) {
		if (in->co_units[i] == in->lead_unit)
			return in->lead_unit;
		for (j = 0; j < in->nunits; j++)
			if (in->units[j] == in->co_units[i])
				return in->co_units[i];
	}
	for (j = 0; j < in->nunits; j++)
		if (in->units[j] == in->lead_unit)
			return in->lead_unit;
	return 0;
}

/* Assign unit id (role) of task t: strictly below the assigner, open. */
static enum xg_rc
assign_one(struct db *db, struct arena *a, const struct db_org *assigner, int64_t task_id,
	   int64_t unit_id, const char *role, const char *field, int64_t now, struct xg_error *err)
{
	struct db_org u;
	enum db_rc drc = db_org_get(db, a, assigner->path, unit_id, &u);

	if (drc == DB_NOTFOUND || (drc == DB_OK && u.id == assigner->id))
		return xg_fail(err, XG_INVALID, "unit_scope", field,
			       "单位 %lld 不在%s之下，不能向它分派任务", (long long)unit_id,
			       assigner->name);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	if (u.closed)
		return xg_fail(err, XG_INVALID, "unit_closed", field, "%s已撤销，不能分派任务",
			       u.name);
	return xg_from_db(err, db_task_assign(db, task_id, u.id, role, now), db, "任务");
}

/* Every kind of assignment of in, then at least one must exist. */
static enum xg_rc
assign_all(struct db *db, struct arena *a, const struct db_org *assigner, int64_t task_id,
	   const struct task_input *in, int64_t now, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	struct db_kind kind;
	size_t i;

	if (in->lead_unit != 0)
		rc = assign_one(db, a, assigner, task_id, in->lead_unit, "lead", "lead_unit", now,
				err);
	for (i = 0; rc == XG_OK && i < in->nco_units; i++)
		rc = assign_one(db, a, assigner, task_id, in->co_units[i], "co", "co_units", now,
				err);
	for (i = 0; rc == XG_OK && i < in->nunits; i++)
		rc =
		    assign_one(db, a, assigner, task_id, in->units[i], "member", "units", now, err);
	if (rc != XG_OK || in->unit_kind == NULL)
		return rc;
	if (db_kind_by_name(db, a, in->unit_kind, &kind) == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "unknown_kind", "unit_kind", "单位类型不存在");
	return xg_from_db(
	    err, db_task_assign_kind(db, task_id, assigner->id, assigner->path, in->unit_kind, now),
	    db, "任务");
}

/* The campaign of a task: visible, and run by the assigner or above it. */
static enum xg_rc
check_campaign(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	       const struct db_org *assigner, struct xg_error *err)
{
	struct db_campaign c;
	enum db_rc drc;

	if (id == 0)
		return XG_OK;
	drc = db_campaign_get(db, a, actor->org_path, id, &c);
	if (drc == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "unknown_campaign", "campaign_id",
			       "专项工作不存在");
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "专项工作");
	if (!tree_within(assigner->path, c.org_path))
		return xg_fail(err, XG_INVALID, "campaign_scope", "campaign_id",
			       "分派单位不在这项专项工作的范围内");
	return XG_OK;
}

static enum xg_rc
audit_task(struct db *db, const struct actor *actor, const char *path, const char *action,
	   const struct db_task *t, json_t *after, int64_t now, struct xg_error *err)
{
	enum xg_rc rc;

	if (after == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = audit_record(db, actor, path, action, "task", t->id, t->title, NULL, after, now, err);
	json_decref(after);
	return rc;
}

enum xg_rc
task_create(struct db *db, struct arena *a, const struct actor *actor, const struct task_input *in,
	    int64_t now, struct db_task *out, struct xg_error *err)
{
	enum xg_rc rc;

	db_next_tx_alone(db); /* one row per unit assigned: every 区县科协, or more */
	rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = task_create_in_tx(db, a, actor, in, now, out, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
task_create_in_tx(struct db *db, struct arena *a, const struct actor *actor,
		  const struct task_input *in, int64_t now, struct db_task *out,
		  struct xg_error *err)
{
	struct db_task t = {0};
	struct db_org assigner = {0};
	int64_t twice = repeated_unit(in);
	enum xg_rc rc = check_fields(in, err);

	if (rc == XG_OK && twice != 0)
		rc = xg_fail(err, XG_INVALID, "duplicate_unit", "units", "单位 %lld 重复出现",
			     (long long)twice);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err,
			db_org_get(db, a, actor->org_path,
				   in->org_id != 0 ? in->org_id : actor->org_id, &assigner),
			db, "单位");
	if (rc == XG_OK)
		rc = check_campaign(db, a, actor, in->campaign_id, &assigner, err);
	t = (struct db_task){.assigner_org_id = assigner.id,
			     .campaign_id = in->campaign_id,
			     .title = in->title,
			     .paragraph = in->paragraph,
			     .section_path = in->section_path,
			     .start_date = in->start_date,
			     .due_date = in->due_date,
			     .created_by = actor->user_id,
			     .created_at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_insert(db, &t, &t.id), db, "任务");
	if (rc == XG_OK && in->directive_id != 0)
		rc = xg_from_db(err, db_task_set_directive(db, t.id, in->directive_id), db, "任务");
	if (rc == XG_OK)
		rc = assign_all(db, a, &assigner, t.id, in, now, err);
	if (rc == XG_OK && db_task_get(db, a, actor->org_path, t.id, out) == DB_NOTFOUND)
		rc = xg_fail(err, XG_INVALID, "no_units", "unit_kind", "没有符合条件的承办单位");
	/* Each assigned unit is asked to sign for it (消息), in the same transaction. */
	if (rc == XG_OK)
		rc = notice_task_assigned(db, actor, out, now, err);
	if (rc == XG_OK)
		rc = audit_task(db, actor, assigner.path, "task.create", out,
				task_to_json(out, now), now, err);
	return rc;
}

enum xg_rc
task_assignment(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		int64_t org_id, struct db_task *task, struct db_org *unit, struct db_task_unit *u,
		struct xg_error *err)
{
	enum xg_rc rc = xg_from_db(err, db_task_get(db, a, actor->org_path, id, task), db, "任务");
	enum db_rc drc;

	if (rc == XG_OK)
		rc = xg_from_db(
		    err,
		    db_org_get(db, a, actor->org_path, org_id != 0 ? org_id : actor->org_id, unit),
		    db, "单位");
	if (rc != XG_OK)
		return rc;
	drc = db_task_unit_get(db, a, id, unit->id, u);
	if (drc == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "not_assigned", "org_id", "%s没有承担这项任务",
			       unit->name);
	if (drc == DB_OK && u->na_at != 0)
		return xg_fail(err, XG_CONFLICT, "not_applicable", "org_id",
			       "这项任务对%s已确认不适用", unit->name);
	return xg_from_db(err, drc, db, "任务");
}

enum xg_rc
task_sign(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t org_id,
	  int64_t now, struct db_task_unit *out, struct xg_error *err)
{
	struct db_task task;
	struct db_org unit;
	bool done = false;
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = task_assignment(db, a, actor, id, org_id, &task, &unit, out, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_sign(db, id, unit.id, actor->user_id, now, &done), db,
				"任务");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "already_signed", NULL, "%s已签收这项任务",
			     unit.name);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_unit_get(db, a, id, unit.id, out), db, "任务");
	if (rc == XG_OK)
		rc = audit_task(db, actor, unit.path, "task.sign", &task,
				task_unit_to_json(out, now), now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
task_report(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t org_id,
	    int64_t percent, const char *text, int64_t now, struct db_task_unit *out,
	    struct xg_error *err)
{
	struct task_report_input in = {.percent = percent, .text = text};

	return task_report_full(db, a, actor, id, org_id, &in, now, out, NULL, err);
}

static enum xg_rc
check_report(const struct task_report_input *in, struct xg_error *err)
{
	enum xg_rc rc = check_text(in->text, "text", "进展情况", TASK_TEXT_MAX, err);

	if (rc == XG_OK)
		rc = check_text(in->milestone, "milestone", "节点", TASK_MILESTONE_MAX, err);
	if (rc == XG_OK)
		rc = check_text(in->problems, "problems", "存在问题", TASK_TEXT_MAX, err);
	if (rc == XG_OK)
		rc = check_text(in->help_needed, "help_needed", "需要协调解决的事项",
				TASK_TEXT_MAX, err);
	return rc;
}

/* An empty text is no text. */
static const char *
opt_text(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

enum xg_rc
task_report_full(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		 int64_t org_id, const struct task_report_input *in, int64_t now,
		 struct db_task_unit *out, int64_t *progress_id, struct xg_error *err)
{
	struct db_task task;
	struct db_org unit = {0};
	struct db_task_progress p = {0};
	bool done = false;
	int64_t percent = in->percent;
	const char *text = in->text;
	enum xg_rc rc = check_report(in, err);

	if (rc == XG_OK && (percent < 0 || percent > 100))
		rc = xg_fail(err, XG_INVALID, "out_of_range", "percent",
			     "完成比例应在 0 到 100 之间");
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = task_assignment(db, a, actor, id, org_id, &task, &unit, out, err);
	p = (struct db_task_progress){.task_id = id,
				      .org_id = unit.id,
				      .percent = percent,
				      .text = text,
				      .by_user = actor->user_id,
				      .by_name = actor->display_name != NULL ? actor->display_name
									     : actor->username,
				      .at = now,
				      .milestone = opt_text(in->milestone),
				      .problems = opt_text(in->problems),
				      .help_needed = opt_text(in->help_needed)};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_progress(db, &p, &done), db, "任务");
	if (progress_id != NULL)
		*progress_id = p.id;
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "not_signed", NULL, "%s尚未签收这项任务，请先签收",
			     unit.name);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_unit_get(db, a, id, unit.id, out), db, "任务");
	if (rc == XG_OK)
		rc = audit_task(db, actor, unit.path, "task.progress", &task,
				task_unit_to_json(out, now), now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
task_progress_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		   int64_t org_id, struct db_task_unit *u, struct db_task_progress **list,
		   size_t *n, struct xg_error *err)
{
	struct db_task task;
	enum xg_rc rc = xg_from_db(err, db_task_get(db, a, actor->org_path, id, &task), db, "任务");

	if (rc == XG_OK)
		rc = xg_from_db(
		    err, db_task_unit_get(db, a, id, org_id != 0 ? org_id : actor->org_id, u), db,
		    "任务");
	/* A district sees its own subtree's assignments; only the assigner's side sees all. */
	if (rc == XG_OK && !tree_within(u->org_path, actor->org_path) &&
	    !tree_within(task.assigner_path, actor->org_path))
		rc = xg_fail(err, XG_NOTFOUND, "not_found", NULL, "任务不存在");
	if (rc == XG_OK)
		rc = xg_from_db(
		    err, db_task_progress_list(db, a, id, u->org_id, TASK_REPORTS_SHOWN, list, n),
		    db, "任务");
	return rc;
}

/* The owner of a progress report's file: a report of a visible task, made by a unit of the
 * actor's subtree. */
static enum xg_rc
progress_owner(struct db *db, struct arena *a, const struct actor *actor,
	       const struct evidence_owner *o, struct db_file *f, struct xg_error *err)
{
	struct db_task task;
	struct db_task_progress p;
	struct db_org unit;
	enum xg_rc rc =
	    xg_from_db(err, db_task_get(db, a, actor->org_path, o->parent, &task), db, "任务");

	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_progress_get(db, a, task.id, o->id, &p), db,
				"进展报告");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_org_get(db, a, actor->org_path, p.org_id, &unit), db,
				"进展报告");
	if (rc == XG_OK)
		f->progress_id = p.id;
	return rc;
}

enum xg_rc
task_progress_attach(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     int64_t pid, const struct evidence_upload *up, int64_t now,
		     struct db_file *out, struct xg_error *err)
{
	struct evidence_owner o = {.check = progress_owner, .id = pid, .parent = id};

	return evidence_attach_to(db, a, actor, &o, up, now, out, err);
}

struct count_walk {
	void (*line)(void *cls, const char *text);
	void *cls;
	size_t *diffs;
};

/* One line for each count of a (unit, task) that differs. */
static void
count_line(struct count_walk *w, int64_t org_id, int64_t task_id, const char *what, int64_t want,
	   int64_t have)
{
	char text[192];

	if (want == have)
		return;
	snprintf(text, sizeof(text), "org %lld task %lld: %s %lld/%lld (recomputed/stored)\n",
		 (long long)org_id, (long long)task_id, what, (long long)want, (long long)have);
	w->line(w->cls, text);
}

static int
count_row(void *cls, int64_t org_id, int64_t task_id, const struct db_task_counts *want,
	  const struct db_task_counts *have)
{
	struct count_walk *w = cls;

	(*w->diffs)++;
	count_line(w, org_id, task_id, "assignments of its children", want->n, have->n);
	count_line(w, org_id, task_id, "of them not applicable", want->na, have->na);
	count_line(w, org_id, task_id, "of them signed", want->signed_n, have->signed_n);
	count_line(w, org_id, task_id, "of them done", want->done, have->done);
	return 0;
}

enum xg_rc
task_check_counts(struct db *db, void (*line)(void *cls, const char *text), void *cls,
		  size_t *diffs, struct xg_error *err)
{
	struct count_walk w = {.line = line, .cls = cls, .diffs = diffs};

	*diffs = 0;
	return xg_from_db(err, db_task_count_check_each(db, count_row, &w), db, "任务");
}
