/* inspection: inspections (督查) a supervising unit records of units below it, and the
 * rectifications (整改) it asks of them — open → answered → closed, or reopened — with a light
 * from the deadline like a task's. */
#ifndef XG_INSPECTION_H
#define XG_INSPECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/evidence.h"
#include "domain/task.h"

#define INSPECTION_ITEMS_MAX 2000
#define INSPECTION_FINDINGS_MAX 5000
#define RECT_WHAT_MAX 2000
#define RECT_ANSWER_MAX 5000
#define RECT_NOTE_MAX 1000
/* A rectification's light turns yellow this many days before its deadline. */
#define RECT_WARN_DAYS 3

/* A new inspection. The list of units is borrowed. */
struct inspection_input {
	int64_t org_id;	 /* the inspecting unit: 0 is the actor's own; else a unit of its subtree */
	const char *day; /* YYYY-MM-DD, not after today */
	const char *items;    /* what was checked */
	const char *findings; /* what was found */
	const int64_t *units; /* the units inspected: strictly below the inspecting unit, open */
	size_t nunits;
};

/*
 * Record an inspection by in->org_id of in->units. Every unit once, at least
 * one. Audited as "inspection.create". *out is the inspection as the actor
 * sees it.
 */
enum xg_rc inspection_create(struct db *db, struct arena *a, const struct actor *actor,
			     const struct inspection_input *in, int64_t now,
			     struct db_inspection *out, struct xg_error *err);

/*
 * Inspection id as the actor sees it (XG_NOTFOUND when it sees neither the
 * inspecting unit nor an inspected one), with the inspected units and the
 * rectifications it may see (all of them from the inspecting side, else
 * those of its subtree's units). Arena memory.
 */
enum xg_rc inspection_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   int64_t now, struct db_inspection *out,
			   struct db_inspection_unit **units, size_t *nunits,
			   struct db_rectification **rects, size_t *nrects, struct xg_error *err);

/* Whether the actor is on the inspecting side of inspection i (its unit or above, and a role
 * that inspects): it asks for, closes and reopens rectifications. */
bool inspection_is_inspector(const struct actor *actor, const struct db_inspection *i);
/* Whether the actor may answer rectification x now: its unit is x's or above it but below the
 * inspecting unit, its role works on tasks, and x waits for an answer. */
bool rect_may_answer(const struct actor *actor, const struct db_rectification *x);
/* Whether the actor may attach files to x's answer: the answering side, x not closed. */
bool rect_may_attach(const struct actor *actor, const struct db_rectification *x);

/*
 * Ask org_id, one of the inspected units, to rectify what by deadline
 * (YYYY-MM-DD, not before the inspection's day). Only the inspecting side
 * (else XG_FORBIDDEN; XG_NOTFOUND when the inspection is not visible).
 * Audited as "rectification.create".
 */
enum xg_rc rect_create(struct db *db, struct arena *a, const struct actor *actor,
		       int64_t inspection_id, int64_t org_id, const char *what,
		       const char *deadline, int64_t now, struct db_rectification *out,
		       struct xg_error *err);

/*
 * The steps, each audited ("rectification.answer|close|reopen"): answer
 * (required text) by the rectifying side while open or reopened; close
 * (note optional) by the inspecting side once answered; reopen (note
 * required: what is still missing) by the inspecting side once answered or
 * closed. A step from the wrong state is XG_CONFLICT; from the wrong side
 * XG_FORBIDDEN; a rectification the actor cannot see XG_NOTFOUND.
 */
enum xg_rc rect_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       const char *answer, int64_t now, struct db_rectification *out,
		       struct xg_error *err);
enum xg_rc rect_close(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      const char *note, int64_t now, struct db_rectification *out,
		      struct xg_error *err);
enum xg_rc rect_reopen(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       const char *note, int64_t now, struct db_rectification *out,
		       struct xg_error *err);

/* Attach an evidence file to rectification id's answer: by the rectifying side, not once
 * closed (XG_CONFLICT). */
enum xg_rc rect_attach(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       const struct evidence_upload *up, int64_t now, struct db_file *out,
		       struct xg_error *err);

/* The light of x on day today: green once answered or closed, else from the deadline. */
enum task_light rect_light(const struct db_rectification *x, int64_t today);
/* The Chinese name of a state ("待整改"); static. */
const char *rect_state_label(const char *state);

/* JSON forms (new references; NULL when out of memory). */
json_t *inspection_to_json(const struct db_inspection *i);
json_t *inspection_unit_to_json(const struct db_inspection_unit *u);
json_t *rect_to_json(const struct db_rectification *x, int64_t now);

#endif
