/* plan: plans under a task, the parent's light rule, adjustments of assignments, and the records
 * behind a task. */
#include "domain/plan.h"

#include <string.h>

#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"

/* The light rule */

/*
 * The plans under the nroots tasks roots, one row per root and planning
 * unit, each counting the lights its sub-task assignments take through
 * every level below on the day of now (domain/light.h plan_tree_fold): one
 * read of the whole forest, whatever its size.
 */
static enum xg_rc
read_lights(struct db *db, struct arena *a, const struct actor *actor, const int64_t *roots,
	    size_t nroots, int64_t now, struct db_task_lights **rows, size_t *n,
	    struct xg_error *err)
{
	struct db_plan_node *nodes = NULL;
	size_t nnodes = 0;
	enum xg_rc rc;

	*rows = NULL;
	*n = 0;
	rc = xg_from_db(err,
			db_task_plan_tree(db, a, actor->org_path, roots, nroots, &nodes, &nnodes),
			db, "任务");
	if (rc != XG_OK || nnodes == 0)
		return rc;
	*rows = arena_alloc(a, nnodes * sizeof(**rows));
	if (*rows == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	*n = plan_tree_fold(nodes, nnodes, day_of(now), *rows);
	return XG_OK;
}

/* The row of unit org_id's plan under task_id among rows (by task, then unit: plan_tree_fold's
 * order), or a zero plan. */
static struct db_task_lights
plan_of(const struct db_task_lights *rows, size_t n, int64_t task_id, int64_t org_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct db_task_lights *m = &rows[mid];
		if (m->task_id < task_id || (m->task_id == task_id && m->org_id < org_id))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && rows[lo].task_id == task_id && rows[lo].org_id == org_id)
		return rows[lo];
	return (struct db_task_lights){0};
}

enum xg_rc
plan_fill_task(struct db *db, struct arena *a, const struct actor *actor, struct db_task *t,
	       int64_t now, struct xg_error *err)
{
	return plan_fill_tasks(db, a, actor, t, 1, now, err);
}

enum xg_rc
plan_fill_tasks(struct db *db, struct arena *a, const struct actor *actor, struct db_task *tasks,
		size_t n, int64_t now, struct xg_error *err)
{
	struct db_task_lights *rows = NULL;
	int64_t *roots;
	size_t nrows = 0, i, r;
	enum xg_rc rc;

	if (n == 0)
		return XG_OK;
	roots = arena_alloc(a, n * sizeof(*roots));
	if (roots == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < n; i++)
		roots[i] = tasks[i].id;
	rc = read_lights(db, a, actor, roots, n, now, &rows, &nrows, err);
	for (i = 0; rc == XG_OK && i < n; i++) {
		struct db_task_lights *p = &tasks[i].plan;
		*p = (struct db_task_lights){0};
		/* rows come by task: every planning unit's plan under this one, summed */
		for (r = 0; r < nrows; r++)
			if (rows[r].task_id == tasks[i].id) {
				p->total += rows[r].total;
				p->done += rows[r].done;
				p->red += rows[r].red;
				p->yellow += rows[r].yellow;
			}
	}
	return rc;
}

enum xg_rc
plan_fill_units(struct db *db, struct arena *a, const struct actor *actor, int64_t task_id,
		struct db_task_unit *units, size_t n, int64_t now, struct xg_error *err)
{
	struct db_task_lights *rows = NULL;
	size_t nrows = 0, i;
	enum xg_rc rc = XG_OK;

	if (n > 0)
		rc = read_lights(db, a, actor, &task_id, 1, now, &rows, &nrows, err);
	for (i = 0; rc == XG_OK && i < n; i++)
		units[i].plan = plan_of(rows, nrows, task_id, units[i].org_id);
	return rc;
}

enum xg_rc
plan_fill_cells(struct db *db, struct arena *a, const struct actor *actor,
		struct db_task_cell *cells, size_t n, int64_t now, struct xg_error *err)
{
	struct db_task_lights *rows = NULL;
	int64_t *roots;
	size_t nroots = 0, nrows = 0, i, k;
	enum xg_rc rc;

	if (n == 0)
		return XG_OK;
	roots = arena_alloc(a, n * sizeof(*roots));
	if (roots == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	/* Each task once (a view's cells come task by task, or in due order). */
	for (i = 0; i < n; i++) {
		if (nroots > 0 && roots[nroots - 1] == cells[i].task_id)
			continue;
		for (k = 0; k < nroots && roots[k] != cells[i].task_id; k++)
			;
		if (k == nroots)
			roots[nroots++] = cells[i].task_id;
	}
	rc = read_lights(db, a, actor, roots, nroots, now, &rows, &nrows, err);
	for (i = 0; rc == XG_OK && i < n; i++)
		cells[i].plan = plan_of(rows, nrows, cells[i].task_id, cells[i].org_id);
	return rc;
}

/* Plans */

/* Task id as the actor sees it: XG_NOTFOUND when it does not (a sibling's plan). */
static enum xg_rc
visible_task(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     struct xg_error *err)
{
	struct db_task t;

	return xg_from_db(err, db_task_get(db, a, actor->org_path, id, &t), db, "任务");
}

static enum xg_rc
check_text(const char *s, const char *field, const char *label, size_t max, struct xg_error *err)
{
	if (s != NULL && str_utf8_len(str_slice(s)) > max)
		return xg_fail(err, XG_INVALID, "too_long", field, "%s不能超过 %zu 个字", label,
			       max);
	return XG_OK;
}

static enum xg_rc
audit_task(struct db *db, const struct actor *actor, const char *path, const char *action,
	   int64_t id, const char *title, json_t *before, json_t *after, int64_t now,
	   struct xg_error *err)
{
	enum xg_rc rc;

	if (after == NULL)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	else
		rc = audit_record(db, actor, path, action, "task", id, title, before, after, now,
				  err);
	json_decref(before);
	json_decref(after);
	return rc;
}

static enum xg_rc
check_subtask(const struct subtask_input *in, const char *parent_due, struct xg_error *err)
{
	enum xg_rc rc = xg_check_name(in->title, "title", "任务名称", TASK_TITLE_MAX, err);

	if (rc == XG_OK)
		rc = check_text(in->milestone, "milestone", "节点", PLAN_MILESTONE_MAX, err);
	if (rc == XG_OK && in->due_date != NULL)
		rc = xg_check_day(in->due_date, "due_date", err);
	if (rc == XG_OK && in->start_date != NULL)
		rc = xg_check_day(in->start_date, "start_date", err);
	if (rc == XG_OK && in->due_date != NULL && strcmp(in->due_date, parent_due) > 0)
		rc = xg_fail(err, XG_INVALID, "due_after_parent", "due_date",
			     "子任务的完成时限不能晚于上级任务的完成时限（%s）", parent_due);
	if (rc == XG_OK && in->start_date != NULL &&
	    strcmp(in->start_date, in->due_date != NULL ? in->due_date : parent_due) > 0)
		rc = xg_fail(err, XG_INVALID, "date_order", "due_date", "完成时限不能早于开始日期");
	return rc;
}

/* Assign the sub-task to each unit of in, open and strictly below the planning unit. */
static enum xg_rc
assign_units(struct db *db, struct arena *a, const struct db_org *planner, int64_t task_id,
	     const struct subtask_input *in, int64_t now, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	struct db_org u;
	enum db_rc drc;
	size_t i;

	for (i = 0; rc == XG_OK && i < in->nunits; i++) {
		drc = db_org_get(db, a, planner->path, in->units[i], &u);
		if (drc == DB_NOTFOUND || (drc == DB_OK && u.id == planner->id))
			return xg_fail(err, XG_INVALID, "unit_scope", "units",
				       "单位 %lld 不在%s之下，不能向它分派任务",
				       (long long)in->units[i], planner->name);
		if (drc != DB_OK)
			return xg_from_db(err, drc, db, "单位");
		if (u.closed)
			return xg_fail(err, XG_INVALID, "unit_closed", "units",
				       "%s已撤销，不能分派任务", u.name);
		drc = db_task_assign(db, task_id, u.id, "member", now);
		if (drc == DB_CONFLICT)
			return xg_fail(err, XG_INVALID, "duplicate_unit", "units",
				       "单位 %lld 重复出现", (long long)u.id);
		rc = xg_from_db(err, drc, db, "任务");
	}
	return rc;
}

/* A step the planning unit does itself: assigned to it and signed at once. */
static enum xg_rc
assign_self(struct db *db, const struct actor *actor, const struct db_org *planner, int64_t task_id,
	    int64_t now, struct xg_error *err)
{
	bool done = false;
	enum xg_rc rc =
	    xg_from_db(err, db_task_assign(db, task_id, planner->id, "lead", now), db, "任务");

	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_sign(db, task_id, planner->id, actor->user_id, now, &done),
				db, "任务");
	return rc;
}

enum xg_rc
plan_add(struct db *db, struct arena *a, const struct actor *actor, int64_t parent_id,
	 const struct subtask_input *in, int64_t now, struct db_task *out, struct xg_error *err)
{
	struct db_task parent = {0}, t;
	struct db_org planner = {0};
	struct db_task_unit pu = {0};
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = task_assignment(db, a, actor, parent_id, in->org_id, &parent, &planner, &pu, err);
	if (rc == XG_OK && strcmp(pu.state, "assigned") == 0)
		rc = xg_fail(err, XG_CONFLICT, "not_signed", NULL,
			     "%s尚未签收这项任务，请先签收再制定具体方案", planner.name);
	if (rc == XG_OK)
		rc = check_subtask(in, pu.due_date, err);
	t = (struct db_task){.assigner_org_id = planner.id,
			     .campaign_id = parent.campaign_id,
			     .parent_id = parent.id,
			     .title = in->title,
			     .paragraph = parent.paragraph,
			     .section_path = parent.section_path,
			     .start_date = in->start_date,
			     .due_date = in->due_date != NULL ? in->due_date : pu.due_date,
			     .milestone = in->milestone,
			     .created_by = actor->user_id,
			     .created_at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_subtask_insert(db, &t, &t.id), db, "任务");
	if (rc == XG_OK)
		rc = in->nunits > 0 ? assign_units(db, a, &planner, t.id, in, now, err)
				    : assign_self(db, actor, &planner, t.id, now, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_get(db, a, actor->org_path, t.id, out), db, "任务");
	if (rc == XG_OK)
		rc = audit_task(db, actor, planner.path, "task.plan", out->id, out->title, NULL,
				task_to_json(out, now), now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
plan_list(struct db *db, struct arena *a, const struct actor *actor, int64_t parent_id,
	  int64_t org_id, int64_t limit, int64_t offset, int64_t now, struct db_task **out,
	  size_t *n, int64_t *total, struct xg_error *err)
{
	struct db_org unit;
	enum xg_rc rc = visible_task(db, a, actor, parent_id, err);
	size_t i;

	*n = 0;
	if (rc == XG_OK && org_id != 0)
		rc = xg_from_db(err, db_org_get(db, a, actor->org_path, org_id, &unit), db, "单位");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_subtask_list(db, a, actor->org_path, parent_id, org_id, limit,
						offset, out, n, total),
				db, "任务");
	for (i = 0; rc == XG_OK && i < *n; i++)
		rc = plan_fill_task(db, a, actor, &(*out)[i], now, err);
	return rc;
}

/* Adjustments */

json_t *
plan_adjustment_to_json(const struct db_task_adjustment *j)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:s?,s:s?,s:s,s:s,s:s?,s:s,s:I,s:s?,s:o}", "id",
			 (json_int_t)j->id, "task_id", (json_int_t)j->task_id, "org_id",
			 (json_int_t)j->org_id, "org_name", j->org_name, "kind", j->kind, "value",
			 j->value, "old_value", j->old_value, "reason", j->reason, "state",
			 j->state, "answer", j->answer, "asked_by", j->asked_by_name, "asked_at",
			 (json_int_t)j->asked_at, "answered_by", j->answered_by_name, "answered_at",
			 j->answered_at != 0 ? json_integer(j->answered_at) : json_null());
}

/*
 * The latest due date a sub-task's assignment may move to: its planning
 * unit's own for the parent (NULL: no limit, a task of its own).
 */
static enum xg_rc
due_limit(struct db *db, struct arena *a, const struct db_task *task, const char **limit,
	  struct xg_error *err)
{
	struct db_task_unit pu;
	enum db_rc drc;

	*limit = NULL;
	if (task->parent_id == 0)
		return XG_OK;
	drc = db_task_unit_get(db, a, task->parent_id, task->assigner_org_id, &pu);
	if (drc == DB_OK)
		*limit = pu.due_date;
	return drc == DB_NOTFOUND ? XG_OK : xg_from_db(err, drc, db, "任务");
}

static enum xg_rc
check_due_limit(const char *value, const char *limit, struct xg_error *err)
{
	if (limit != NULL && strcmp(value, limit) > 0)
		return xg_fail(err, XG_INVALID, "due_after_parent", "value",
			       "子任务的完成时限不能晚于上级任务的完成时限（%s）", limit);
	return XG_OK;
}

/* The request's value checked for its kind, and what it would change (old). */
static enum xg_rc
check_adjust(struct db *db, struct arena *a, const struct db_task *task,
	     const struct db_task_unit *u, const char *kind, const char *value, const char *reason,
	     const char **old, struct xg_error *err)
{
	const char *limit;
	enum xg_rc rc = xg_check_name(reason, "reason", "理由", ADJUST_REASON_MAX, err);

	if (rc != XG_OK)
		return rc;
	if (kind == NULL)
		return xg_fail(err, XG_INVALID, "required", "kind", "请选择调整类型");
	if (strcmp(kind, ADJUST_NA) == 0) {
		*old = NULL;
		return value == NULL || *value == '\0'
			   ? XG_OK
			   : xg_fail(err, XG_INVALID, "unexpected", "value",
				     "申请不适用时不填写调整内容");
	}
	if (strcmp(kind, ADJUST_WORDING) == 0) {
		*old = task->title;
		return xg_check_name(value, "value", "任务名称", TASK_TITLE_MAX, err);
	}
	if (strcmp(kind, ADJUST_DUE_DATE) != 0)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind",
			       "调整类型应为 wording、due_date 或 not_applicable");
	*old = u->due_date;
	rc = xg_check_day(value, "value", err);
	if (rc == XG_OK)
		rc = due_limit(db, a, task, &limit, err);
	return rc == XG_OK ? check_due_limit(value, limit, err) : rc;
}

enum xg_rc
plan_adjust(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t org_id,
	    const char *kind, const char *value, const char *reason, int64_t now,
	    struct db_task_adjustment *out, struct xg_error *err)
{
	struct db_task task = {0};
	struct db_org unit = {0};
	struct db_task_unit u = {0};
	struct db_task_adjustment j = {0};
	const char *old = NULL;
	enum db_rc drc;
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = task_assignment(db, a, actor, id, org_id, &task, &unit, &u, err);
	if (rc == XG_OK)
		rc = check_adjust(db, a, &task, &u, kind, value, reason, &old, err);
	j = (struct db_task_adjustment){
	    .task_id = id,
	    .org_id = unit.id,
	    .kind = kind,
	    .value = value != NULL && *value != '\0' ? value : NULL,
	    .old_value = old,
	    .reason = reason,
	    .asked_by = actor->user_id,
	    .asked_by_name = actor->display_name != NULL ? actor->display_name : actor->username,
	    .asked_at = now};
	if (rc == XG_OK) {
		drc = db_adjust_insert(db, &j, &j.id);
		rc = drc == DB_CONFLICT ? xg_fail(err, XG_CONFLICT, "pending", NULL,
						  "%s已有一项调整申请等待答复", unit.name)
					: xg_from_db(err, drc, db, "调整申请");
	}
	if (rc == XG_OK)
		rc = xg_from_db(err, db_adjust_get(db, a, id, j.id, out), db, "调整申请");
	if (rc == XG_OK)
		rc = audit_task(db, actor, unit.path, "task.adjust", task.id, task.title, NULL,
				plan_adjustment_to_json(out), now, err);
	return xg_tx_end(db, rc, err);
}

/* Apply accepted request j to task. */
static enum xg_rc
apply_adjust(struct db *db, struct arena *a, const struct db_task *task,
	     const struct db_task_adjustment *j, int64_t now, struct xg_error *err)
{
	const char *limit;
	enum xg_rc rc;

	if (strcmp(j->kind, ADJUST_WORDING) == 0)
		return xg_from_db(err, db_task_set_title(db, task->id, j->value, now), db, "任务");
	if (strcmp(j->kind, ADJUST_NA) == 0)
		return xg_from_db(err, db_task_unit_set_na(db, task->id, j->org_id, now), db,
				  "任务");
	/* The parent's date may have moved since the request: check again. */
	rc = due_limit(db, a, task, &limit, err);
	if (rc == XG_OK)
		rc = check_due_limit(j->value, limit, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_task_unit_set_due(db, task->id, j->org_id, j->value, now),
				db, "任务");
	return rc;
}

enum xg_rc
plan_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t aid,
	    bool accept, const char *reason, int64_t now, struct db_task_adjustment *out,
	    struct xg_error *err)
{
	struct db_task task;
	struct db_task_adjustment cur;
	const char *by = actor->display_name != NULL ? actor->display_name : actor->username;
	bool done = false;
	enum xg_rc rc = XG_OK;

	if (!accept)
		rc = xg_check_name(reason, "reason", "不同意的理由", ADJUST_REASON_MAX, err);
	else
		rc = check_text(reason, "reason", "答复", ADJUST_REASON_MAX, err);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_task_get(db, a, actor->org_path, id, &task), db, "任务");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_adjust_get(db, a, id, aid, &cur), db, "调整申请");
	/* Out of sight of the caller: as missing. */
	if (rc == XG_OK && !tree_within(cur.org_path, actor->org_path) &&
	    !tree_within(task.assigner_path, actor->org_path))
		rc = xg_fail(err, XG_NOTFOUND, "not_found", NULL, "调整申请不存在");
	if (rc == XG_OK && !tree_within(task.assigner_path, actor->org_path))
		rc = xg_fail(err, XG_FORBIDDEN, "not_assigner", NULL,
			     "只有分派任务的单位（或其上级）可以答复调整申请");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_adjust_answer(db, aid, accept ? "accepted" : "refused",
						 reason != NULL && *reason != '\0' ? reason : NULL,
						 actor->user_id, by, now, &done),
				db, "调整申请");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "answered", NULL, "这项调整申请已经答复过了");
	if (rc == XG_OK && accept)
		rc = apply_adjust(db, a, &task, &cur, now, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_adjust_get(db, a, id, aid, out), db, "调整申请");
	if (rc == XG_OK)
		rc = audit_task(db, actor, cur.org_path,
				accept ? "task.adjust.accept" : "task.adjust.refuse", task.id,
				task.title, plan_adjustment_to_json(&cur),
				plan_adjustment_to_json(out), now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
plan_adjustments(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		 int64_t limit, int64_t offset, struct db_task_adjustment **out, size_t *n,
		 int64_t *total, struct xg_error *err)
{
	enum xg_rc rc = visible_task(db, a, actor, id, err);

	if (rc == XG_OK)
		rc = xg_from_db(
		    err, db_adjust_list(db, a, actor->org_path, id, limit, offset, out, n, total),
		    db, "调整申请");
	return rc;
}

/* Records behind a task */

enum xg_rc
plan_records(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t org_id,
	     bool subtree, int64_t limit, int64_t offset, struct db_record **out, size_t *n,
	     int64_t *total, struct xg_error *err)
{
	struct db_org unit;
	enum xg_rc rc = visible_task(db, a, actor, id, err);

	if (rc == XG_OK)
		rc = xg_from_db(
		    err,
		    db_org_get(db, a, actor->org_path, org_id != 0 ? org_id : actor->org_id, &unit),
		    db, "单位");

	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_records(db, a, unit.path, subtree ? 0 : unit.id, id, limit,
						offset, out, n, total),
				db, "台账");
	return rc;
}
