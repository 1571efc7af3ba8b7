/*
 * testorg: a unit made through the domain as the system would make it (org_create), for the
 * tests that need a small tree. Header-only with a static function, as testdb.h, because each
 * tests/unit/test_*.c is its own binary; cmocka.h must come before it.
 */
#ifndef XG_TESTORG_H
#define XG_TESTORG_H

#include <stdint.h>

#include "domain/actor.h"
#include "domain/org.h"

/* When the tests' units are made (2023-11-14 22:13:20 UTC), as their own NOW. */
#define TESTORG_WHEN 1700000000

/* A unit with code (also its name) of kind 其他 under parent (0: a root), with members when not
 * 0, into *o; fails the test if it cannot be made. Returns its id. */
static inline int64_t
testorg_make(struct db *db, struct arena *a, int64_t parent, const char *code, int64_t members,
	     struct db_org *o)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change c = {.set_parent = parent != 0,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .set_members = members != 0,
			       .parent_id = parent,
			       .code = code,
			       .name = code,
			       .kind = "其他",
			       .members = members};
	struct xg_error err = {0};

	if (org_create(db, a, &sys, &c, TESTORG_WHEN, o, &err) != XG_OK)
		fail_msg("org_create %s: %s", code, err.message);
	return o->id;
}

#endif
