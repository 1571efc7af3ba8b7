/* page/dashboard_view: the dashboard's figures as they are drawn — what page/dashboard.c gathers
 * (struct dash), the figure columns, the links of a figure, and the renderers of cards, trend,
 * children and chart data (page/dashboard_view.c). page/dashboard.c reads the query, gathers and
 * renders the frame around them. */
#ifndef XG_PAGE_DASHBOARD_VIEW_H
#define XG_PAGE_DASHBOARD_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/record.h"
#include "domain/stats.h"
#include "page/page.h"

#define DASH_CAMPAIGNS_MAX 100 /* campaigns offered in the select */
#define DASH_CHART_CHILDREN 30 /* children drawn in the bar chart; the table has them all */

/* A figure column of the children's table; its key is also the sort of the query. */
struct dash_col {
	const char *key; /* "study", "lecture_audience" */
	const char *label;
	enum record_kind kind;
	enum stats_figure figure;
};
extern const struct dash_col dash_cols[]; /* ends with a NULL key */

/* Everything the dashboard shows, read before it is rendered. */
struct dash {
	int64_t org_id, campaign_id;
	struct stats_period period;
	bool widened;		     /* days were asked for: widened to their months */
	const struct dash_col *sort; /* NULL: the tree's order */
	bool asc;
	struct stats s;
	int64_t pending;	/* publicity waiting for review in the subtree */
	int64_t units, members; /* open units of the subtree and their members (org readers) */
	struct db_org *crumbs;	/* from the caller's unit down to this one */
	size_t ncrumbs;
	size_t *order; /* children in the table's order */
	struct page_units units_pick;
	struct db_campaign *camps;
	size_t ncamps;
	int64_t camps_total;
};

/* The dashboard of org_id with d's campaign and period and the sort given (NULL: none). Arena. */
const char *dash_href(struct req *r, const struct dash *d, int64_t org_id, const char *sort);
/* The ledger of kind k at org_id and below for d's campaign and period, in state (NULL: any). */
const char *dash_ledger_href(struct req *r, const struct dash *d, int64_t org_id,
			     enum record_kind k, const char *state);
/* The state of the records a figure of kind k counts ("approved" for publicity, else NULL). */
const char *dash_counted_state(enum record_kind k);
/* v with thousands separators, linked to href when it is not 0. */
void dash_figure_link(struct req *r, const char *href, int64_t v);

void dash_cards(struct req *r, const struct dash *d);
void dash_trend(struct req *r, const struct dash *d);
void dash_children(struct req *r, const struct dash *d);
/* The charts' figures as JSON in <script type="application/json" id="dash-data">. */
void dash_chart_data(struct req *r, const struct dash *d);

#endif
