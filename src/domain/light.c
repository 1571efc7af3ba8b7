/* light: the rules of the lights (domain/light.h). */
#include "domain/light.h"

#include <stdlib.h>
#include <string.h>

#include "base/day.h"

const char *
task_light_code(enum task_light l)
{
	switch (l) {
	case LIGHT_YELLOW:
		return "yellow";
	case LIGHT_RED:
		return "red";
	case LIGHT_GREEN:
		break;
	}
	return "green";
}

enum task_light
task_light(const char *due_date, bool done, int64_t today, int64_t warn_days)
{
	int64_t due;

	if (done || due_date == NULL || day_parse(due_date, &due) != 0)
		return LIGHT_GREEN;
	if (today > due)
		return LIGHT_RED;
	return due - today <= warn_days ? LIGHT_YELLOW : LIGHT_GREEN;
}

static const char *const rule_codes[LIGHT_RULE__MAX] = {
    [LIGHT_RULE_WORST] = "worst",
    [LIGHT_RULE_SHARE] = "share",
};

const char *
light_rule_code(enum light_rule r)
{
	return (unsigned)r < LIGHT_RULE__MAX ? rule_codes[r] : rule_codes[0];
}

enum light_rule
light_rule_parse(const char *code)
{
	int r;

	if (code == NULL)
		return LIGHT_RULE_WORST;
	for (r = 0; r < LIGHT_RULE__MAX; r++)
		if (strcmp(code, rule_codes[r]) == 0)
			return (enum light_rule)r;
	return LIGHT_RULE__MAX;
}

enum task_light
plan_light(enum light_rule rule, int64_t share, const struct db_task_lights *c)
{
	int64_t green = c->total - c->red - c->yellow;

	if (c->total <= 0)
		return LIGHT_GREEN;
	if (rule == LIGHT_RULE_SHARE) {
		if (green * 100 >= share * c->total)
			return LIGHT_GREEN;
		return c->red * 100 > (100 - share) * c->total ? LIGHT_RED : LIGHT_YELLOW;
	}
	if (c->red > 0)
		return LIGHT_RED;
	return c->yellow > 0 ? LIGHT_YELLOW : LIGHT_GREEN;
}

enum task_light
light_with_plan(enum task_light own, const char *rule, int64_t share,
		const struct db_task_lights *plan)
{
	if (plan->total == 0)
		return own;
	return plan_light(light_rule_parse(rule), share, plan);
}

/* Deepest first, then by the plan a node is a step of: (parent_id, org_id). */
static int
node_key_cmp(const struct db_plan_node *x, int64_t depth, int64_t parent_id, int64_t org_id)
{
	if (x->depth != depth)
		return x->depth > depth ? -1 : 1;
	if (x->parent_id != parent_id)
		return x->parent_id < parent_id ? -1 : 1;
	if (x->org_id != org_id)
		return x->org_id < org_id ? -1 : 1;
	return 0;
}

static int
node_cmp(const void *pa, const void *pb)
{
	const struct db_plan_node *y = pb;

	return node_key_cmp(pa, y->depth, y->parent_id, y->org_id);
}

/* The first of the n sorted nodes not before the key (n when none). */
static size_t
lower_bound(const struct db_plan_node *nodes, size_t n, int64_t depth, int64_t parent_id,
	    int64_t org_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (node_key_cmp(&nodes[mid], depth, parent_id, org_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Count into c the (already folded) lights of nodes[i..] while they are steps of one plan. */
static size_t
count_plan(const struct db_plan_node *nodes, size_t n, size_t i, struct db_task_lights *c)
{
	const struct db_plan_node *first = &nodes[i];

	*c = (struct db_task_lights){.org_id = first->org_id};
	for (; i < n && node_key_cmp(&nodes[i], first->depth, first->parent_id,
				     first->org_id) == 0;
	     i++) {
		c->total++;
		c->done += nodes[i].done != 0;
		c->red += nodes[i].light == LIGHT_RED;
		c->yellow += nodes[i].light == LIGHT_YELLOW;
	}
	return i;
}

size_t
plan_tree_fold(enum light_rule rule, int64_t share, struct db_plan_node *nodes, size_t n,
	       struct db_task_lights *out)
{
	struct db_task_lights c;
	size_t i, k, nout = 0;

	if (n == 0)
		return 0;
	qsort(nodes, n, sizeof(*nodes), node_cmp);
	/* A node's plan lies one level deeper, so before it: folded already. */
	for (i = 0; i < n; i++) {
		k = lower_bound(nodes, i, nodes[i].depth + 1, nodes[i].task_id, nodes[i].unit_id);
		if (k < i && node_key_cmp(&nodes[k], nodes[i].depth + 1, nodes[i].task_id,
					  nodes[i].unit_id) == 0) {
			count_plan(nodes, i, k, &c);
			nodes[i].light = plan_light(rule, share, &c);
		} else if (nodes[i].light < LIGHT_GREEN || nodes[i].light > LIGHT_RED)
			nodes[i].light = LIGHT_GREEN;
	}
	/* The first level, last in the order, one run per planning unit. */
	for (i = lower_bound(nodes, n, 1, nodes[n - 1].parent_id, INT64_MIN); i < n;)
		i = count_plan(nodes, n, i, &out[nout++]);
	return nout;
}
