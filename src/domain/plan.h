/* plan: a unit's plan (具体方案) under a task it signed for — sub-tasks with dates and milestones,
 * assigned down its own subtree — the light a parent takes from its plan by the campaign's rule,
 * requests to adjust an assignment (wording, due date, 不适用) and their answers. */
#ifndef XG_PLAN_H
#define XG_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/light.h"
#include "domain/task.h"

#define PLAN_MILESTONE_MAX 200
#define ADJUST_REASON_MAX 500
#define LIGHT_SHARE_DEFAULT 80

/*
 * Fill t->plan with the lights of t's sub-task assignments that the actor
 * sees, all plans summed, on the day of now; with plans the task's JSON
 * light comes from them. XG_OK with a zero plan when it has none.
 */
enum xg_rc plan_fill_task(struct db *db, struct arena *a, const struct actor *actor,
			  struct db_task *t, int64_t now, struct xg_error *err);
/* The same for each of n tasks of a list, in one read. */
enum xg_rc plan_fill_tasks(struct db *db, struct arena *a, const struct actor *actor,
			   struct db_task *tasks, size_t n, int64_t now, struct xg_error *err);
/* The same for each of n assignments of task_id: each unit's own plan under the task. */
enum xg_rc plan_fill_units(struct db *db, struct arena *a, const struct actor *actor,
			   int64_t task_id, struct db_task_unit *units, size_t n, int64_t now,
			   struct xg_error *err);
/*
 * The same for the n cells of a task view (the matrix, a timeline): each
 * cell's unit's own plan under its task, for every task of the view in one
 * read; task_cell_light then shows the plan's light.
 */
enum xg_rc plan_fill_cells(struct db *db, struct arena *a, const struct actor *actor,
			   struct db_task_cell *cells, size_t n, int64_t now, struct xg_error *err);

/* A step of a plan. Lists are borrowed. */
struct subtask_input {
	int64_t org_id; /* the planning unit: 0 is the actor's own */
	const char *title;
	const char *milestone;	/* what marks it reached, or NULL */
	const char *start_date; /* NULL: none */
	const char *due_date;	/* NULL: the planning unit's own due date for the parent */
	const int64_t *units;	/* units strictly below the planning unit */
	size_t nunits;
};

/*
 * Add a sub-task to in->org_id's plan under task parent_id: the unit must be
 * the actor's or below it, assigned the parent (XG_INVALID not_assigned),
 * signed for it (XG_CONFLICT not_signed) and concerned by it (XG_CONFLICT
 * not_applicable). Its due date defaults to the unit's own for the parent
 * and may only be earlier (XG_INVALID due_after_parent). It is assigned to
 * in->units, open units strictly below the planning unit; with none, to the
 * planning unit itself, signed at once (a step it does itself: it gets a
 * light and progress like any other). It keeps the parent's campaign,
 * paragraph and section. Audited as "task.plan". *out as the actor sees it.
 */
enum xg_rc plan_add(struct db *db, struct arena *a, const struct actor *actor, int64_t parent_id,
		    const struct subtask_input *in, int64_t now, struct db_task *out,
		    struct xg_error *err);

/*
 * The sub-tasks of parent_id planned by org_id (0: every plan the actor
 * sees; else a unit the actor sees, or XG_NOTFOUND) that the actor sees,
 * with their plan lights filled. A district never sees a sibling's plan.
 */
enum xg_rc plan_list(struct db *db, struct arena *a, const struct actor *actor, int64_t parent_id,
		     int64_t org_id, int64_t limit, int64_t offset, int64_t now,
		     struct db_task **out, size_t *n, int64_t *total, struct xg_error *err);

/* Kinds of adjustment. */
#define ADJUST_WORDING "wording"   /* value: the task's new title */
#define ADJUST_DUE_DATE "due_date" /* value: the unit's new due date */
#define ADJUST_NA "not_applicable" /* no value: the unit is not concerned */

/*
 * Ask to adjust the assignment of task id to org_id (0: the actor's unit, as
 * task_sign): kind, value (see above) and reason, required. One pending
 * request per assignment (XG_CONFLICT pending). For a sub-task a due date
 * may not pass the planning unit's own (XG_INVALID due_after_parent).
 * Audited as "task.adjust".
 */
enum xg_rc plan_adjust(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t org_id, const char *kind, const char *value, const char *reason,
		       int64_t now, struct db_task_adjustment *out, struct xg_error *err);

/*
 * Answer request aid of task id, from the assigner's side (the actor's unit
 * is the assigning unit or above it; else XG_FORBIDDEN). A refusal needs a
 * reason. Accepting applies the request: wording retitles the task for
 * every unit; a due date moves for the asking unit only; 不适用 takes the
 * unit out of the counts and lights (its rows and history stay). A request
 * answered already is XG_CONFLICT. Audited as "task.adjust.accept" or
 * "task.adjust.refuse" with before and after.
 */
enum xg_rc plan_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t aid, bool accept, const char *reason, int64_t now,
		       struct db_task_adjustment *out, struct xg_error *err);

/* Every request on task id the actor sees (its units', or all on the assigner's side). */
enum xg_rc plan_adjustments(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    int64_t limit, int64_t offset, struct db_task_adjustment **out,
			    size_t *n, int64_t *total, struct xg_error *err);

/*
 * The records of org_id (0: the actor's unit; else one it sees) — or of its
 * whole subtree with subtree — that carry out task id or a sub-task below it.
 */
enum xg_rc plan_records(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			int64_t org_id, bool subtree, int64_t limit, int64_t offset,
			struct db_record **out, size_t *n, int64_t *total, struct xg_error *err);

/* JSON of a request (new reference; NULL when out of memory). */
json_t *plan_adjustment_to_json(const struct db_task_adjustment *j);

#endif
