/* notice: in-app notices (消息) to units and accounts with read receipts per person, sign-for
 * requests when a task is assigned, and reminders (催办): on demand by the assigner's side, and
 * automatic ones gathered into at most one digest per unit per day, made lazily and idempotently
 * (when the unit's notices are read, or by `xuanguan remind`). */
#ifndef XG_NOTICE_H
#define XG_NOTICE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

#define NOTICE_TEXT_MAX 500
/* Room for the title of the task a notice quotes (at most 200 characters of up to 4 bytes); a
 * longer one is cut, never overrun. */
#define NOTICE_QUOTE_BYTES (200 * 4)
#define NOTICE_REMINDERS_SHOWN 200
/* The digest looks this far ahead: a campaign warns at most 90 days before a due date. */
#define NOTICE_LOOKAHEAD_DAYS 90

/* The name a notice shows for its sender: the actor's display name, or 系统. */
const char *notice_sender_name(const struct actor *actor);

/*
 * In the caller's open transaction: one sign_request notice to every unit
 * assigned task t (just created by actor). For domain/task.c's task_create.
 */
enum xg_rc notice_task_assigned(struct db *db, const struct actor *actor, const struct db_task *t,
				int64_t now, struct xg_error *err);

/* In the caller's open transaction: send n (see db_notice_insert); *id may be NULL. */
enum xg_rc notice_send(struct db *db, const struct db_notice *n, int64_t *id, struct xg_error *err);

/*
 * The day's digest (催办汇总) of unit org_id (0: every unit with work due):
 * one notice listing its assignments that are due within their campaign's
 * warning days or overdue, with a reminder row for each, unless that day's
 * digest exists already (its dedup key "digest:<unit>:<day>"). Nothing is
 * written for a unit with nothing due. Runs its own transactions. *made
 * (may be NULL) counts the digests made by this call.
 */
enum xg_rc notice_digest(struct db *db, struct arena *a, int64_t org_id, int64_t now, size_t *made,
			 struct xg_error *err);

/*
 * The notices the actor receives (its unit's, and those to the actor
 * alone), unread first, after making the unit's digest of the day. *unread
 * counts the unread ones.
 */
enum xg_rc notice_list(struct db *db, struct arena *a, const struct actor *actor, bool unread_only,
		       int64_t limit, int64_t offset, int64_t now, struct db_notice **out,
		       size_t *n, int64_t *total, int64_t *unread, struct xg_error *err);

/* Mark notice id read by the actor, a recipient (else XG_NOTFOUND); reading again is no change.
 * *out is the notice with the receipt. */
enum xg_rc notice_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		       int64_t now, struct db_notice *out, struct xg_error *err);

/*
 * Who read notice id: for the sender's side (the sending unit in the actor's
 * subtree) and for units above the recipient (the recipient in the actor's
 * subtree); XG_NOTFOUND for anyone else.
 */
enum xg_rc notice_reads(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			struct db_notice *notice, struct db_notice_read **out, size_t *n,
			struct xg_error *err);

/*
 * Remind (催办) the units of task id that are not done — or only org_id —
 * with text (NULL: a standard one): one notice to each and a reminder row.
 * For the assigner's side: the assigning unit must be in the actor's
 * subtree (else XG_NOTFOUND when the actor cannot see the task,
 * XG_FORBIDDEN when it sees it as an assignee). XG_CONFLICT when nothing is
 * left to remind. *count gets the number of units reminded. Audited as
 * "task.remind".
 */
enum xg_rc notice_remind(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 int64_t org_id, const char *text, int64_t now, size_t *count,
			 struct xg_error *err);

/* The reminders of task id the actor sees (XG_NOTFOUND when it cannot see the task). */
enum xg_rc notice_reminders(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    struct db_reminder **out, size_t *n, struct xg_error *err);

/* JSON forms (new references; NULL when out of memory). */
json_t *notice_to_json(const struct db_notice *n);
json_t *notice_read_to_json(const struct db_notice_read *r);
json_t *notice_reminder_to_json(const struct db_reminder *r);

#endif
