/* campaign: the campaigns (专项工作) that work records belong to — who runs them, when, and who
 * sees them. */
#ifndef XG_CAMPAIGN_H
#define XG_CAMPAIGN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

#define CAMPAIGN_NAME_MAX 100
#define CAMPAIGN_DESCRIPTION_MAX 2000
#define CAMPAIGN_WARN_DAYS_DEFAULT 7 /* a task's light turns yellow a week before it is due */
#define CAMPAIGN_WARN_DAYS_MAX 90
#define CAMPAIGN_LIGHT_SHARE_DEFAULT 80

/* A new campaign or a change to one: only the fields marked set are applied. */
struct campaign_change {
	bool set_org, set_name, set_start, set_end, set_description, set_warn_days;
	bool set_light_rule, set_light_share; /* how a parent task's light comes from its plan */
	const char *light_rule;		      /* worst share (domain/plan.h) */
	int64_t light_share;		      /* 1..100 */
	int64_t org_id;
	const char *name;
	const char *start_date; /* YYYY-MM-DD */
	const char *end_date;
	const char *description; /* "" clears it */
	int64_t warn_days;	 /* 0..CAMPAIGN_WARN_DAYS_MAX */
};

/*
 * Create a campaign run by c->org_id, a unit of the actor's subtree (else
 * XG_NOTFOUND); name, start and end are required, end not before start.
 * Audited as "campaign.create". *out is allocated from a.
 */
enum xg_rc campaign_create(struct db *db, struct arena *a, const struct actor *actor,
			   const struct campaign_change *c, int64_t now, struct db_campaign *out,
			   struct xg_error *err);

/*
 * Change campaign id. The actor sees the campaigns of its subtree and of its
 * ancestors but changes only those run within its subtree (else
 * XG_FORBIDDEN); the running unit does not change. Audited with before and
 * after as "campaign.update".
 */
enum xg_rc campaign_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   const struct campaign_change *c, int64_t now, struct db_campaign *out,
			   struct xg_error *err);

/* The JSON form of a campaign (new reference; NULL when out of memory). */
json_t *campaign_to_json(const struct db_campaign *c);

#endif
