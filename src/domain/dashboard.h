/* dashboard: what a unit's 工作台 shows of the data — its figures (stats), its publicity waiting
 * for review and the size of its subtree — kept on the connection with the API's stats answers and
 * given again on the same terms (stats_answer). */
#ifndef XG_DASHBOARD_H
#define XG_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/stats.h"

struct dashboard {
	struct stats s;	 /* as stats_read gives them */
	int64_t pending; /* stats_pending: publicity waiting for review in the subtree */
	int64_t units;	 /* open units of the subtree, its own included (db_org_subtree_totals) */
	int64_t members; /* and their members */
};

/*
 * The dashboard's figures of unit org_id (in the actor's subtree, else
 * XG_NOTFOUND) for campaign_id (0: all; one the actor cannot see is
 * XG_NOTFOUND) over the period, all read in one snapshot. They are kept on
 * the connection (stats_answer, form "dash") and given again without reading
 * a roll-up while the connection sees the same data; any write since makes new
 * ones. The actor's scope is checked every time. Everything in *out comes
 * from a. XG_OK, or as stats_read failed. On a connection in no transaction
 * only.
 */
enum xg_rc dashboard_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
			  int64_t campaign_id, const struct stats_period *p, struct dashboard *out,
			  struct xg_error *err);

/*
 * The kept form of d, and back: dashboard_pack writes d into a (*len bytes,
 * NUL-terminated; NULL when out of memory); dashboard_unpack reads such bytes
 * into *d, strings and arrays from a. Exposed for the unit tests. Unpack: XG_OK,
 * or XG_INTERNAL for bytes that dashboard_pack did not write.
 */
const char *dashboard_pack(struct arena *a, const struct dashboard *d, size_t *len);
enum xg_rc dashboard_unpack(struct arena *a, const char *text, size_t len, struct dashboard *d,
			    struct xg_error *err);

#endif
