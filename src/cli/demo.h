/* demo: the demo organisation (a municipal association tree, DOMAIN.md §1) and demo accounts. */
#ifndef XG_DEMO_H
#define XG_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/error.h"

/* The password every demo account gets; printed by `make run`. */
#define DEMO_PASSWORD "Xuanguan@2026"

/* Load the demo tree and accounts into an empty database (XG_CONFLICT if units exist). */
enum xg_rc demo_load(struct db *db, int64_t now, size_t *units, size_t *users,
		     struct xg_error *err);

#endif
