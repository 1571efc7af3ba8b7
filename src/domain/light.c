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

/* Deepest first, then by the plan a node is a step of: (root_id, parent_id, org_id). */
struct node_key {
	int64_t depth, root_id, parent_id, org_id;
};

static int
node_key_cmp(const struct db_plan_node *x, const struct node_key *k)
{
	if (x->depth != k->depth)
		return x->depth > k->depth ? -1 : 1;
	if (x->root_id != k->root_id)
		return x->root_id < k->root_id ? -1 : 1;
	if (x->parent_id != k->parent_id)
		return x->parent_id < k->parent_id ? -1 : 1;
	if (x->org_id != k->org_id)
		return x->org_id < k->org_id ? -1 : 1;
	return 0;
}

/* The key of the plan node x is a step of. */
static struct node_key
key_of(const struct db_plan_node *x)
{
	return (struct node_key){x->depth, x->root_id, x->parent_id, x->org_id};
}

static int
node_cmp(const void *pa, const void *pb)
{
	struct node_key k = key_of(pb);

	return node_key_cmp(pa, &k);
}

/* The first of the n sorted nodes not before key k (n when none). */
static size_t
lower_bound(const struct db_plan_node *nodes, size_t n, const struct node_key *k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (node_key_cmp(&nodes[mid], k) < 0)
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
	struct node_key k = key_of(&nodes[i]);

	*c = (struct db_task_lights){.task_id = k.parent_id,
				     .org_id = k.org_id,
				     .light_rule = nodes[i].light_rule,
				     .light_share = nodes[i].light_share};
	for (; i < n && node_key_cmp(&nodes[i], &k) == 0; i++) {
		c->total++;
		c->done += nodes[i].done != 0;
		c->red += nodes[i].light == LIGHT_RED;
		c->yellow += nodes[i].light == LIGHT_YELLOW;
	}
	return i;
}

size_t
plan_tree_fold(struct db_plan_node *nodes, size_t n, int64_t today, struct db_task_lights *out)
{
	struct db_task_lights c;
	struct node_key k;
	size_t i, first, nout = 0;

	if (n == 0)
		return 0;
	qsort(nodes, n, sizeof(*nodes), node_cmp);
	/* A node's plan lies one level deeper, so before it: folded already. */
	for (i = 0; i < n; i++) {
		struct db_plan_node *x = &nodes[i];
		k = (struct node_key){x->depth + 1, x->root_id, x->task_id, x->unit_id};
		first = lower_bound(nodes, i, &k);
		if (first < i && node_key_cmp(&nodes[first], &k) == 0) {
			count_plan(nodes, i, first, &c);
			x->light = plan_light(light_rule_parse(x->light_rule), x->light_share, &c);
		} else {
			x->light = task_light(x->due_date, x->done != 0, today, x->warn_days);
		}
	}
	/* The first level, last in the order, one run per root and planning unit. */
	k = (struct node_key){1, INT64_MIN, INT64_MIN, INT64_MIN};
	for (i = lower_bound(nodes, n, &k); i < n;)
		i = count_plan(nodes, n, i, &out[nout++]);
	return nout;
}
