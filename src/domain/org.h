/* org: the rules of the organisation tree — creating, changing, moving, closing and importing
 * units. */
#ifndef XG_ORG_H
#define XG_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/actor.h"
#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "domain/error.h"

#define ORG_MEMBERS_MAX 100000000 /* no unit has more than a hundred million members */

/* A change to a unit: only the fields marked set are applied. */
struct org_change {
	bool set_parent, set_code, set_name, set_kind, set_members, set_closed;
	int64_t parent_id;
	const char *code;
	const char *name;
	const char *kind;
	int64_t members;
	bool closed;
};

/* Field checks, shared by the API, pages and import; XG_INVALID names the field. */
enum xg_rc org_check_code(const char *code, struct xg_error *err);
enum xg_rc org_check_name(const char *name, struct xg_error *err);
enum xg_rc org_check_members(int64_t members, struct xg_error *err);

/*
 * Create a unit under c->parent_id (set_parent required unless the actor is
 * the system creating a root). The parent must be in the actor's subtree
 * (else XG_NOTFOUND) and open. Audited. *out is allocated from a.
 */
enum xg_rc org_create(struct db *db, struct arena *a, const struct actor *actor,
		      const struct org_change *c, int64_t now, struct db_org *out,
		      struct xg_error *err);

/*
 * Change unit id. The actor's own unit may be renamed but not moved or
 * closed; a move keeps the subtree together and refuses cycles; a unit
 * with open children cannot be closed. Audited with before and after.
 */
enum xg_rc org_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		      const struct org_change *c, int64_t now, struct db_org *out,
		      struct xg_error *err);

/*
 * Import units from CSV text (UTF-8, header code,parent_code,name,kind,members).
 * All or nothing: every bad row is reported in report as "第 N 行：reason"
 * lines and nothing is written. Rows may come in any order; a parent may be
 * an existing unit or another row. *count gets the rows imported.
 */
enum xg_rc org_import_csv(struct db *db, struct arena *a, const struct actor *actor,
			  const char *text, size_t len, int64_t now, struct buf *report,
			  size_t *count, struct xg_error *err);

/*
 * Add a kind of unit (kinds are data: DOMAIN.md's ten come with the schema).
 * The name follows the unit-name rules, at most 20 characters; a taken name
 * is XG_CONFLICT. Audited as "kind.create". *id gets the new kind's id.
 */
enum xg_rc org_kind_create(struct db *db, const struct actor *actor, const char *name, int64_t now,
			   int64_t *id, struct xg_error *err);

/* The JSON form of a unit (new reference; NULL when out of memory). */
json_t *org_to_json(const struct db_org *o);

#endif
