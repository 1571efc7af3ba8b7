/* stats: a unit's figures for a campaign and a span of whole months, read from the roll-ups — its
 * totals, month by month, per direct child — and the publicity waiting for review below it. */
#ifndef XG_STATS_H
#define XG_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/record.h"

/* The four figures a roll-up counts, per kind. */
enum stats_figure {
	STATS_RECORDS,
	STATS_PARTICIPANTS, /* 人次: attendees of a study, trainees of a training */
	STATS_AUDIENCE,	    /* 受众人次 of a lecture */
	STATS_HOURS,	    /* 学时 */
	STATS_FIGURE__MAX
};

struct stats_figures {
	int64_t v[RECORD_KIND__MAX][STATS_FIGURE__MAX];
};

struct stats_month {
	char month[8]; /* YYYY-MM */
	struct stats_figures f;
};

struct stats_child {
	const struct db_org *org;
	struct stats_figures f;
};

/*
 * The roll-ups are kept per month, so a period is whole months: from's first day to to's last.
 * A sparse period lists only the months with something counted and may be open at either end
 * (from "0000-00" and from_day "", to "9999-99" and to_day ""): the API's; a dense one lists
 * every month, empty ones too, at most STATS_MONTHS_MAX: a dashboard's.
 */
struct stats_period {
	char from[8], to[8];	       /* YYYY-MM, from <= to */
	char from_day[11], to_day[11]; /* YYYY-MM-01 and the month's last day */
	bool sparse;
};

struct stats {
	struct db_org unit;
	struct stats_figures total;
	struct stats_month *months; /* the period's months in order (sparse: non-zero ones only) */
	size_t nmonths;
	struct stats_child *children; /* direct children in the order of db_org_children */
	size_t nchildren;
};

#define STATS_CHILDREN_MAX 1000
#define STATS_MONTHS_MAX 120 /* ten years: the longest period a dashboard shows */

/*
 * Read a period of months "YYYY-MM".."YYYY-MM" into *p: each a real month
 * (DAY_YEAR_MIN..DAY_YEAR_MAX), from not after to, at most STATS_MONTHS_MAX
 * months. XG_OK, or XG_INVALID naming the field at fault ("from" or "to").
 */
enum xg_rc stats_period_parse(const char *from, const char *to, struct stats_period *p,
			      struct xg_error *err);

/*
 * The sparse period of the days from_day..to_day ("YYYY-MM-DD", either NULL:
 * open), each widened to its whole month. XG_INVALID names "from" or "to".
 */
enum xg_rc stats_period_days(const char *from_day, const char *to_day, struct stats_period *p,
			     struct xg_error *err);

/* The period of the year, the quarter or the month of day (base/day). */
void stats_period_year(int64_t day, struct stats_period *p);
void stats_period_quarter(int64_t day, struct stats_period *p);
void stats_period_month(int64_t day, struct stats_period *p);

/* Add a roll-up's counters to f (a kind that is not ours is left out). */
void stats_figures_add(struct stats_figures *f, const struct db_rollup *u);

/*
 * The figures of unit org_id (in the actor's subtree, else XG_NOTFOUND) for
 * campaign_id (0: all; one the actor cannot see is XG_NOTFOUND) over the
 * period. Only approved publicity counts. Everything in *out comes from a.
 */
enum xg_rc stats_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
		      int64_t campaign_id, const struct stats_period *p, struct stats *out,
		      struct xg_error *err);

/* Publicity submitted and waiting for review in the subtree of unit (campaign, period). */
enum xg_rc stats_pending(struct db *db, const struct db_org *unit,
			 int64_t campaign_id, const struct stats_period *p, int64_t *pending,
			 struct xg_error *err);

/*
 * Make (*render) a text of the figures of stats_read(org_id, campaign_id, p), e.g. the API's JSON.
 * The text depends on the unit, campaign, period and form only, never on who asks, so it is kept
 * on the connection (db_memo) with the token of the snapshot it was read in, and given again
 * without reading a roll-up while that connection sees the same data: any write since, by this
 * process or another, makes a new one. The actor's scope is checked every time, in the same
 * snapshot. form names the renderer (the key of its texts, a few letters). XG_OK with *text (*len
 * bytes, NUL-terminated), which lives until the arena is freed or the connection's next
 * stats_answer, whichever comes first; else as stats_read or render failed. On a connection in
 * no transaction only.
 */
typedef enum xg_rc (*stats_render_fn)(void *ctx, struct arena *a, const struct stats *s,
				      const struct stats_period *p, const char **text, size_t *len,
				      struct xg_error *err);
enum xg_rc stats_answer(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
			int64_t campaign_id, const struct stats_period *p, const char *form,
			stats_render_fn render, void *ctx, const char **text, size_t *len,
			struct xg_error *err);

#endif
