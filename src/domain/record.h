/* record: work records (工作台账) — one thing that happened at one unit — their review, and the
 * roll-up counters kept up the tree in the same transaction as every write. */
#ifndef XG_RECORD_H
#define XG_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/tree.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

enum record_kind {
	RECORD_STUDY,	       /* 理论学习 */
	RECORD_TRAINING,       /* 教育培训 */
	RECORD_PUBLICITY,      /* 宣传阐释: reviewed before it counts */
	RECORD_LECTURE,	       /* 宣讲活动 */
	RECORD_IMPLEMENTATION, /* 贯彻落实 */
	RECORD_KIND__MAX
};

/* The API code ("study") and the Chinese label ("理论学习"); static strings. */
const char *record_kind_code(enum record_kind k);
const char *record_kind_label(enum record_kind k);
/* The kind of a code; RECORD_KIND__MAX when unknown. */
enum record_kind record_kind_parse(const char *code);

#define RECORD_TITLE_MAX 200
#define RECORD_COUNT_MAX 10000000 /* participants, audience, hours of one record */
#define RECORD_REASON_MAX 500

/* How a kind's own field is typed and checked. */
enum record_field_type {
	RF_TEXT,     /* one line, at most max characters */
	RF_LONGTEXT, /* several lines, at most max characters */
	RF_INT,	     /* 0..RECORD_COUNT_MAX */
	RF_BOOL,
	RF_CHOICE, /* one of choices (NULL-terminated) */
	RF_DATE,   /* YYYY-MM-DD */
};

struct record_field {
	const char *name; /* the JSON and form name */
	const char *label;
	enum record_field_type type;
	size_t max;
	const char *const *choices;
};

/* The fields of kind k (*n of them), and every kind's fields at once (for routes); static. */
const struct record_field *record_fields(enum record_kind k, size_t *n);

/* Which of the counted figures kind k takes: participants, audience, hours. */
bool record_kind_has(enum record_kind k, const char *figure);

/* A new record or a change to one: only the fields marked set are applied. */
struct record_input {
	bool set_org, set_kind, set_day, set_title, set_campaign;
	bool set_participants, set_audience, set_hours;
	int64_t org_id;
	const char *kind;
	const char *day; /* YYYY-MM-DD */
	const char *title;
	int64_t campaign_id; /* 0 with set_campaign: none */
	int64_t participants, audience, hours;
	/* The kind's fields present in the request, name → JSON string, integer or boolean; an
	 * empty string clears a text. Borrowed; may be NULL. */
	json_t *detail;
	/* The syllabus sections it covered (domain/document.h), replacing those named before. */
	bool set_sections;
	const int64_t *sections;
	size_t nsections;
	/* The task the record carries out (0 with set_task: none): assigned to the record's
	 * unit or to a unit above it, and not found 不适用 for it. */
	bool set_task;
	int64_t task_id;
};

/*
 * Create a record for in->org_id, the actor's unit or one below it (else
 * XG_NOTFOUND). unit, kind, date and title are required; the campaign, when
 * given, must be visible and run above or at the unit. Publicity starts as
 * a draft; the rest count at once. The roll-ups of the unit and every
 * ancestor are updated and the write audited, in one transaction, without
 * the tree's lock. *out is allocated from a.
 */
enum xg_rc record_create(struct db *db, struct arena *a, const struct actor *actor,
			 const struct record_input *in, int64_t now, struct db_record *out,
			 struct xg_error *err);

/*
 * For imports (domain/record_import.c), which write many records in one
 * transaction: record_tx_begin begins a transaction that writes records (the
 * path lock held in share mode; the caller ends it with xg_tx_end), and
 * record_create_in_tx is record_create inside it.
 */
enum xg_rc record_tx_begin(struct db *db, struct xg_error *err);
enum xg_rc record_create_in_tx(struct db *db, struct arena *a, const struct actor *actor,
			       const struct record_input *in, int64_t now, struct db_record *out,
			       struct xg_error *err);

/*
 * Change record id (unit and kind stay). Publicity under review or approved
 * is XG_CONFLICT: return it first. Roll-ups move the old figures out and the
 * new in. Audited with before and after.
 */
enum xg_rc record_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 const struct record_input *in, int64_t now, struct db_record *out,
			 struct xg_error *err);

/* Delete record id softly, for reason (required); its figures leave the roll-ups. Audited. */
enum xg_rc record_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 const char *reason, int64_t now, struct xg_error *err);

enum record_step {
	RECORD_SUBMIT,	/* draft or returned → submitted (anyone who may write it) */
	RECORD_APPROVE, /* submitted → approved: counts from now on */
	RECORD_RETURN,	/* submitted → returned, with a reason */
};

/*
 * Move publicity id one step of its review. Approval and return are for a
 * reviewer whose unit is above the author's unit, never the author
 * (XG_FORBIDDEN); a step from the wrong state is XG_CONFLICT; other kinds
 * are XG_INVALID. Audited; an approval adds the record to the roll-ups.
 */
enum xg_rc record_review(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 enum record_step step, const char *reason, int64_t now,
			 struct db_record *out, struct xg_error *err);

/*
 * The list order named by key: "date", "org", "title", "participants",
 * "audience" or "hours", ascending, or with a leading '-' descending. NULL
 * or "" is the default (newest first). XG_OK, or XG_INVALID naming "sort"
 * for any other key (a whitelist: the key never reaches SQL).
 */
enum xg_rc record_sort_parse(const char *key, enum db_record_sort *out, struct xg_error *err);
/* The key of an order ("-date"); static. */
const char *record_sort_key(enum db_record_sort s);

/* The JSON form of a record, its kind's fields inline (new reference; NULL when out of memory). */
json_t *record_to_json(const struct db_record *r);

/* Roll-up arithmetic */

/* Does r count in the roll-ups? Not deleted, and publicity only when approved. */
bool record_counts(const struct db_record *r);

/* One change to one counter row. */
struct rollup_delta {
	int64_t org_id;
	int64_t campaign_id; /* 0: the row of all campaigns */
	const char *kind;
	char month[8]; /* YYYY-MM */
	int64_t records, participants, audience, hours;
};

/* The most rows one write touches: old and new, every level, all campaigns and the record's. */
#define ROLLUP_DELTAS_MAX (2 * TREE_DEPTH_MAX * 2)

/*
 * The changes to the counters when a record goes from old to new (either
 * may be NULL: a creation or a deletion): old's figures out of its unit's
 * path and new's into its own, per ancestor, for the campaign row 0 and the
 * record's campaign. Equal keys are merged, zero changes dropped, the rest
 * sorted (so concurrent writers lock rows in one order). Returns how many
 * were written to out (at most ROLLUP_DELTAS_MAX).
 */
size_t record_rollup_deltas(const struct db_record *old, const struct db_record *new_,
			    struct rollup_delta *out);

/* A unit whose counters change when a unit moves: sign -1 for an ancestor it leaves, 1 for one it
 * joins. */
struct rollup_shift {
	int64_t org_id;
	int sign;
};

/* The most units one move touches: every old and every new ancestor. */
#define ROLLUP_SHIFTS_MAX (2 * TREE_DEPTH_MAX)

/*
 * The ancestors a unit at old_path leaves and joins when it moves under the
 * unit at new_parent_path: those on one path only (a common ancestor keeps
 * the counts), the leaving ones first. Returns how many were written to out
 * (at most ROLLUP_SHIFTS_MAX).
 */
size_t record_move_shifts(const char *old_path, const char *new_parent_path,
			  struct rollup_shift *out);

/*
 * Move the roll-ups of the unit at old_path, which moves under the unit at
 * new_parent_path, in the caller's transaction: its own counters (its
 * subtree's sums) out of the ancestors it leaves and into those it joins.
 * The caller holds the tree lock and the path lock (db_path_lock).
 */
enum xg_rc record_move_rollups(struct db *db, const char *old_path, const char *new_parent_path,
			       struct xg_error *err);

/*
 * Recompute every roll-up from the records and compare (xuanguan check),
 * in bounded memory: the database groups both sides. Each difference, in
 * key order, goes to line as one line of text ending in a newline; *diffs
 * counts them.
 */
enum xg_rc record_check_rollups(struct db *db, void (*line)(void *cls, const char *text), void *cls,
				size_t *diffs, struct xg_error *err);

#endif
