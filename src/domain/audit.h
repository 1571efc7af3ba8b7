/* audit: the append-only audit log; every change writes one entry in the change's own transaction.
 */
#ifndef XG_AUDIT_H
#define XG_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/actor.h"
#include "db/db.h"
#include "domain/error.h"

/*
 * Record that actor did action (e.g. "org.create") to object_type/object_id
 * at time now. before/after are JSON snapshots (may be NULL; borrowed).
 * org_path scopes the entry for auditors below the top: the actor's unit,
 * or scope_path when given (an anonymous login failure on a known account).
 */
enum xg_rc audit_record(struct db *db, const struct actor *actor, const char *scope_path,
			const char *action, const char *object_type, int64_t object_id,
			const char *summary, json_t *before, json_t *after, int64_t now,
			struct xg_error *err);

/*
 * The Unix time at which day ymd ("YYYY-MM-DD") starts in China Standard
 * Time (UTC+8), the zone of our users. XG_INVALID names field otherwise.
 */
enum xg_rc audit_day_start(const char *ymd, const char *field, int64_t *out, struct xg_error *err);

/*
 * The scope an auditor reads: their subtree, or everything (NULL) for an
 * auditor at a root unit, who also sees entries without a unit (failed
 * logins of unknown names).
 */
const char *audit_scope_of(const struct actor *auditor);

/*
 * Set f's time range from the days a person typed (YYYY-MM-DD, China time;
 * NULL for no bound): from the start of `from` to the end of `to`,
 * both included. XG_INVALID names the field at fault.
 */
enum xg_rc audit_filter_days(struct db_audit_filter *f, const char *from, const char *to,
			     struct xg_error *err);

/* A code of the log and its Chinese label. */
struct audit_name {
	const char *code;
	const char *label;
};

/* The Chinese label of an action code ("org.create" → "新增单位"); the code itself when unknown. */
const char *audit_action_label(const char *action);
/* The Chinese label of an object type ("record" → "台账"); the code itself when unknown. */
const char *audit_object_label(const char *object_type);
/* The Chinese label of a field of an object's snapshot ("record", "kind" → "台账类型"), or NULL. */
const char *audit_field_label(const char *object_type, const char *field);
/* Every action and every object type the log is written with, labelled, for filters. */
const struct audit_name *audit_actions(size_t *n);
const struct audit_name *audit_objects(size_t *n);

#endif
