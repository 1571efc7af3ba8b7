/* lecture: lecture teams (宣讲团) and lecture orders (点单式宣讲). A team is a unit of the kind
 * LECTURE_TEAM_KIND (data, added like any kind) with its lecturers. A unit asks a team placed at
 * its own unit or above it for a talk; the team's side accepts (lecturer, date) or declines (a
 * reason); after the talk the asking side confirms it once with the audience, which creates the
 * lecture record (台账) that the roll-ups count. Each step sends a notice to the other side. */
#ifndef XG_LECTURE_H
#define XG_LECTURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

#define LECTURE_TEAM_KIND "宣讲团"
#define LECTURE_TOPIC_MAX 200
#define LECTURE_DATES_MAX 3
#define LECTURE_DATES_LEN (LECTURE_DATES_MAX * 11)
#define LECTURE_AUDIENCE_MAX 100000
#define LECTURE_REASON_MAX 500
#define LECTURE_KIND_MAX 50
#define LECTURE_NAME_MAX 50
#define LECTURE_TITLE_MAX 100

struct lecture_input {
	int64_t org_id; /* the asking unit: 0 is the actor's own */
	int64_t team_id;
	const char *topic;
	const char *section_path;    /* the syllabus section, or NULL */
	const char *preferred_dates; /* up to three YYYY-MM-DD, comma-separated, or NULL */
	const char *audience_kind;
	int64_t audience_size;
};

/*
 * Ask team in->team_id for a talk on behalf of in->org_id (the actor's unit
 * or below it, else XG_NOTFOUND). The team must be an open unit of the team
 * kind whose parent is the asking unit or one of its ancestors (else
 * XG_INVALID "unknown_team", whether it exists or not). Audited as
 * "lecture.request"; the team gets a notice.
 */
enum xg_rc lecture_request(struct db *db, struct arena *a, const struct actor *actor,
			   const struct lecture_input *in, int64_t now,
			   struct db_lecture_order *out, struct xg_error *err);

/* Order id as the actor sees it (asked by or of a unit of its subtree), else XG_NOTFOUND. */
enum xg_rc lecture_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       struct db_lecture_order *out, struct xg_error *err);

/*
 * The team's side (the team in the actor's subtree, else XG_FORBIDDEN when
 * the actor sees the order from the asking side): accept a requested order
 * with a lecturer of the team and a date, or decline it with a reason.
 * XG_CONFLICT from any other state. Audited; the asking unit gets a notice.
 */
enum xg_rc lecture_accept(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			  int64_t lecturer_id, const char *date, int64_t now,
			  struct db_lecture_order *out, struct xg_error *err);
enum xg_rc lecture_decline(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   const char *reason, int64_t now, struct db_lecture_order *out,
			   struct xg_error *err);

/*
 * The asking side confirms an accepted order was given, with the audience
 * counted: one transaction creates the lecture record of the asking unit
 * (its date the lecture date, its lecturer and audience kind from the
 * order) and marks the order given with it. XG_CONFLICT unless accepted.
 * Audited; the team gets a notice. *rec (may be NULL) gets the record.
 */
enum xg_rc lecture_done(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			int64_t audience, int64_t now, struct db_lecture_order *out,
			struct db_record *rec, struct xg_error *err);

/* The teams unit org_id (0: the actor's; else in its subtree) may ask. */
enum xg_rc lecture_teams(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
			 struct db_org **out, size_t *n, struct xg_error *err);

/* Add a lecturer to team_id (a team in the actor's subtree). Audited as "lecturer.create". */
enum xg_rc lecture_lecturer_add(struct db *db, struct arena *a, const struct actor *actor,
				int64_t team_id, const char *name, const char *title, int64_t now,
				int64_t *id, struct xg_error *err);

/* JSON forms (new references; NULL when out of memory). */
json_t *lecture_order_to_json(const struct db_lecture_order *o);
json_t *lecture_lecturer_to_json(const struct db_lecturer *l);

#endif
