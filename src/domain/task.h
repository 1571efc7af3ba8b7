/* task: tasks (任务) a unit assigns to units below it, signing for them (签收), progress, and the
 * lights that say at a glance whether an assignment is on time — computed when read, from the
 * due date and the clock, never stored. */
#ifndef XG_TASK_H
#define XG_TASK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/light.h"
#include "domain/evidence.h"

#define TASK_TITLE_MAX 200
#define TASK_PARAGRAPH_MAX 5000
#define TASK_SECTION_MAX 50
#define TASK_TEXT_MAX 2000
#define TASK_WARN_DAYS_DEFAULT 7

/* A new task. Lists of unit ids are borrowed. */
struct task_input {
	int64_t org_id; /* the assigning unit: 0 is the actor's own */
	int64_t campaign_id;
	const char *title;
	const char *paragraph;
	const char *section_path;
	const char *start_date; /* NULL: none */
	const char *due_date;
	const int64_t *units; /* responsible units */
	size_t nunits;
	int64_t lead_unit; /* 0: none */
	const int64_t *co_units;
	size_t nco_units;
	const char *unit_kind; /* every open unit of this kind below the assigner, or NULL */
	int64_t
	    directive_id; /* the directive it was confirmed from (0: none); the caller checks it */
};

/*
 * Create a task assigned by in->org_id (the actor's unit or one below it) to
 * units strictly below the assigner, open ones only. Every unit once; at
 * least one. Audited as "task.create". *out is the task as the actor sees it.
 */
enum xg_rc task_create(struct db *db, struct arena *a, const struct actor *actor,
		       const struct task_input *in, int64_t now, struct db_task *out,
		       struct xg_error *err);
/* task_create inside the caller's open transaction (a directive's proposal confirmed). */
enum xg_rc task_create_in_tx(struct db *db, struct arena *a, const struct actor *actor,
			     const struct task_input *in, int64_t now, struct db_task *out,
			     struct xg_error *err);

/*
 * In the caller's open transaction: task id as the actor sees it (*task), the unit org_id (0:
 * the actor's unit) of the actor's subtree (*unit) and its assignment that still applies (*u).
 * XG_NOTFOUND outside the subtree, XG_INVALID "not_assigned" for a unit without the task,
 * XG_CONFLICT "not_applicable" once it was confirmed not to apply. Memory from a.
 */
enum xg_rc task_assignment(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   int64_t org_id, struct db_task *task, struct db_org *unit,
			   struct db_task_unit *u, struct xg_error *err);

/*
 * Sign for task id on behalf of org_id (0: the actor's unit), which must be
 * assigned the task and be the actor's unit or below it. XG_CONFLICT when
 * signed already. Audited as "task.sign".
 */
enum xg_rc task_sign(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		     int64_t org_id, int64_t now, struct db_task_unit *out, struct xg_error *err);

/*
 * Report progress on task id for org_id (as task_sign): percent 0..100 (100
 * is done) and a text. The assignment must be signed for first. Every report
 * is kept. Audited as "task.progress".
 */
enum xg_rc task_report(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t org_id, int64_t percent, const char *text, int64_t now,
		       struct db_task_unit *out, struct xg_error *err);

/* A progress report in full: percent, and texts that may each be NULL. */
#define TASK_MILESTONE_MAX 200
struct task_report_input {
	int64_t percent;
	const char *text;
	const char *milestone;	 /* the milestone reached (节点) */
	const char *problems;	 /* problems met */
	const char *help_needed; /* help asked of the units above */
};

/* As task_report, with every field of a report; *progress_id (when not NULL) gets the new
 * report's id, to attach files to. */
enum xg_rc task_report_full(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    int64_t org_id, const struct task_report_input *in, int64_t now,
			    struct db_task_unit *out, int64_t *progress_id, struct xg_error *err);

/*
 * Attach an evidence file (domain/evidence.h) to progress report pid of task
 * id. The task must be visible and the report's unit in the actor's subtree
 * (the reporting side, not the assigner above it): else XG_NOTFOUND. Who
 * sees the report (task_progress_read) downloads the file.
 */
enum xg_rc task_progress_attach(struct db *db, struct arena *a, const struct actor *actor,
				int64_t id, int64_t pid, const struct evidence_upload *up,
				int64_t now, struct db_file *out, struct xg_error *err);

/*
 * The assignment of task id to org_id (0: the actor's unit) and its latest
 * reports, newest first: org_id must be in the actor's subtree, or the
 * actor must see the assigning unit. Otherwise XG_NOTFOUND.
 */
#define TASK_REPORTS_SHOWN 50
enum xg_rc task_progress_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			      int64_t org_id, struct db_task_unit *u,
			      struct db_task_progress **list, size_t *n, struct xg_error *err);

/* The light a task or an assignment shows on the day of now: its plan's through every level when
 * plan was filled (domain/plan.h) and counts any step, else its own. The API and the pages both
 * read these, so they show the same light. */
enum task_light task_shown_light(const struct db_task *t, int64_t now);
enum task_light task_unit_shown_light(const struct db_task_unit *u, int64_t now);

/*
 * Recount the assignments per (unit, task) that the matrix reads
 * (task_unit_counts) and compare (xuanguan check), in bounded memory. Each
 * difference, in key order, goes to line as one line of text ending in a
 * newline; *diffs counts them.
 */
enum xg_rc task_check_counts(struct db *db, void (*line)(void *cls, const char *text), void *cls,
			     size_t *diffs, struct xg_error *err);

/* JSON forms (new references; NULL when out of memory). now gives the day lights are read on. */
json_t *task_to_json(const struct db_task *t, int64_t now);
json_t *task_unit_to_json(const struct db_task_unit *u, int64_t now);
json_t *task_progress_to_json(const struct db_task_progress *p);

#endif
