/* task_view: the read-only views of tasks — the matrix of tasks × a unit's children with their
 * lights, the overdue assignments of a subtree, a unit's timeline — with the lights of
 * domain/task.h, computed when read. Nothing here writes. */
#ifndef XG_TASK_VIEW_H
#define XG_TASK_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/task.h"

#define TASK_TIMELINE_MAX 1000 /* a unit's assignments a timeline shows */
#define TASK_MATRIX_EXPORT_MAX 2000 /* tasks in one export of a matrix */

/* The Chinese words people read: 绿 黄 红, and 待签收 已签收 已完成 for a state (static). */
const char *task_light_label(enum task_light l);
const char *task_state_label(const char *state);

/* The light of one assignment on the day of now: its plan's through every level when the cell's
 * plan was filled (plan_fill_cells) and counts any step, else its own. */
enum task_light task_cell_light(const struct db_task_cell *c, int64_t now);
/* Whole days a task due on due_date is late on the day of now (0 when not late). */
int64_t task_days_overdue(const char *due_date, int64_t now);

/* A column of the matrix: one child. */
struct task_matrix_col {
	int64_t org_id;
	const char *code;
	const char *name;
};

/* The matrix of a page of tasks × the children of a unit (arena memory). */
struct task_matrix {
	struct db_org unit; /* whose children are the columns */
	struct db_task *tasks;
	size_t ntasks;
	int64_t total; /* tasks in every page */
	struct task_matrix_col *cols; /* the children assigned one of the page's tasks, path order */
	size_t ncols;
	const struct db_task_cell **grid; /* ntasks × ncols, row by row; NULL: not assigned */
};

/*
 * The task list (db_task_list: assigned by a unit of the actor's subtree,
 * or to one; campaign_id, 0: any), with light ("red", "yellow", "green";
 * NULL: any) only the tasks showing that light on the day of now — the
 * light the list shows, a plan's through every level when the task has one
 * (task_shown_light) — limit from offset of *total, each with its plan
 * filled. Another light is XG_INVALID. With a light every task of the list
 * is read (a part at a time) and its plan's light computed: the cost of the
 * whole list, not of a page.
 */
#define TASK_LIST_PART 500
enum xg_rc task_list_read(struct db *db, struct arena *a, const struct actor *actor,
			  int64_t campaign_id, const char *light, int64_t limit, int64_t offset,
			  int64_t now, struct db_task **out, size_t *n, int64_t *total,
			  struct xg_error *err);

/*
 * Read the matrix of org_id's children (0: the actor's unit; outside the
 * actor's subtree: XG_NOTFOUND) for campaign_id (0: any): limit tasks from
 * offset. A child's cell is its own assignment's, with its light on the
 * day of now (its plan's when it planned under the task).
 */
enum xg_rc task_matrix_read(struct db *db, struct arena *a, const struct actor *actor,
			    int64_t org_id, int64_t campaign_id, int64_t limit, int64_t offset,
			    int64_t now, struct task_matrix *out, struct xg_error *err);

/* The overdue assignments of a subtree (arena memory). */
struct task_overdue {
	struct db_org unit;
	struct db_task_cell *rows;
	size_t n;
	int64_t total; /* at most DB_TASK_OVERDUE_COUNT_MAX, then more is set */
	bool more;
};
/* Read them for org_id's subtree (0: the actor's unit; outside: XG_NOTFOUND) on the day of now. */
enum xg_rc task_overdue_read(struct db *db, struct arena *a, const struct actor *actor,
			     int64_t org_id, int64_t campaign_id, int64_t limit, int64_t offset,
			     int64_t now, struct task_overdue *out, struct xg_error *err);

/* A unit's timeline: its own assignments in due order (at most TASK_TIMELINE_MAX). */
struct task_timeline {
	struct db_org unit;
	struct db_task_cell *rows;
	size_t n;
	int64_t first_day, last_day; /* the span of the bars and today (base/day.h days) */
	int64_t today;
};
enum xg_rc task_timeline_read(struct db *db, struct arena *a, const struct actor *actor,
			      int64_t org_id, int64_t campaign_id, int64_t now,
			      struct task_timeline *out, struct xg_error *err);
/* The day a bar starts: the task's start date, else the day it was created. */
int64_t task_cell_start_day(const struct db_task_cell *c);

/* JSON forms (new references; NULL when out of memory). */
json_t *task_cell_to_json(const struct db_task_cell *c, int64_t now);
/*
 * The matrix's JSON answer ({org_id, name, total, tasks, units, cells}, docs/api.md) appended to
 * out: the cells written straight into it. XG_INTERNAL when memory ran out (out then holds a torn
 * text).
 */
enum xg_rc task_matrix_write(const struct task_matrix *m, int64_t now, struct buf *out,
			     struct xg_error *err);

#endif
