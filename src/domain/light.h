/* light: the lights that say at a glance whether work is on time — an assignment's from its due
 * date and the clock, a parent's from its plan by the campaign's rule. Computed when read, never
 * stored, so none goes stale and no job turns one red. */
#ifndef XG_LIGHT_H
#define XG_LIGHT_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum task_light {
	LIGHT_GREEN,  /* done, or on track */
	LIGHT_YELLOW, /* due within the campaign's warning days and not done */
	LIGHT_RED,    /* past its due date and not done */
};

/* "green", "yellow", "red". */
const char *task_light_code(enum task_light l);

/* The light of an assignment due on due_date (YYYY-MM-DD) on day today (base/day.h). */
enum task_light task_light(const char *due_date, bool done, int64_t today, int64_t warn_days);

/*
 * How a task with a plan takes its light from the assignments of its
 * sub-tasks (each with its own light from its due date; 不适用 left out):
 *   worst  the worst of them: red if any is red, else yellow if any is
 *          yellow, else green;
 *   share  with X the campaign's light_share (1..100): green when at least
 *          X% of them are green (done, or on track), red when more than
 *          (100 - X)% are red (overdue), yellow otherwise. The two cannot
 *          both hold, since green and red shares add up to at most 100%.
 */
enum light_rule { LIGHT_RULE_WORST, LIGHT_RULE_SHARE, LIGHT_RULE__MAX };

/* "worst", "share"; the rule of a code, LIGHT_RULE__MAX when unknown (NULL: worst). */
const char *light_rule_code(enum light_rule r);
enum light_rule light_rule_parse(const char *code);

/* The light of a plan whose assignments counted c (c->total 0: green). */
enum task_light plan_light(enum light_rule rule, int64_t share, const struct db_task_lights *c);

/* The light of a task or an assignment whose own light is own: its plan's (by the rule of code
 * rule, share as above) when plan counts any assignment, else own. */
enum task_light light_with_plan(enum task_light own, const char *rule, int64_t share,
				const struct db_task_lights *plan);

/*
 * Lights through every level of a cascade. A unit's plan under a task may
 * assign sub-tasks whose units write plans of their own, and so on down:
 * an assignment whose unit has a plan under it (the nodes one level deeper
 * with parent_id its task_id and org_id its unit_id) takes the light of
 * that plan by rule, and that plan counts the lights its own assignments
 * take the same way; an assignment without a plan keeps its own light
 * (green when done). So under worst one red step anywhere down the cascade
 * turns every light above it red; under share each level counts its green
 * steps (a done leaf is green), and a step with a plan is green when its
 * plan is.
 *
 * plan_tree_fold sorts the n nodes in place (deepest first) and sets each
 * one's light (its own from its due date on day today, its warning days
 * and whether it is done; or its plan's by its campaign's rule); then
 * writes to out, which has room for n, one row per root and planning unit
 * of the first level (each unit's plan under a root task), by root and
 * unit id, counting the lights its sub-task assignments take, with the
 * rule, and returns how many rows it wrote. O(n log n), no reads.
 */
size_t plan_tree_fold(struct db_plan_node *nodes, size_t n, int64_t today,
		      struct db_task_lights *out);

#endif
