/* test_plan: the light a task with a plan takes from its sub-tasks' assignments (domain/plan.h),
 * by each rule, at the edges of the share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/day.h"
#include "domain/plan.h"

/* total assignments, of them done, red and yellow (the rest green). */
static enum task_light
light(enum light_rule rule, int64_t share, int64_t total, int64_t done, int64_t red, int64_t yellow)
{
	struct db_task_lights c = {.total = total, .done = done, .red = red, .yellow = yellow};
	return plan_light(rule, share, &c);
}

static void
test_worst(void **state)
{
	(void)state;
	assert_int_equal(light(LIGHT_RULE_WORST, 80, 0, 0, 0, 0), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_WORST, 80, 10, 9, 0, 0), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_WORST, 80, 10, 9, 0, 1), LIGHT_YELLOW);
	/* one red among a hundred is red, whatever the share says */
	assert_int_equal(light(LIGHT_RULE_WORST, 80, 100, 90, 1, 0), LIGHT_RED);
	assert_int_equal(light(LIGHT_RULE_WORST, 80, 3, 0, 1, 2), LIGHT_RED);
}

static void
test_share(void **state)
{
	(void)state;
	/* 80%: green from 8 green of 10 */
	assert_int_equal(light(LIGHT_RULE_SHARE, 80, 10, 0, 1, 1), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_SHARE, 80, 10, 0, 0, 3), LIGHT_YELLOW);
	/* red only past 20% red: 2 of 10 is yellow, 3 of 10 red */
	assert_int_equal(light(LIGHT_RULE_SHARE, 80, 10, 0, 2, 1), LIGHT_YELLOW);
	assert_int_equal(light(LIGHT_RULE_SHARE, 80, 10, 0, 3, 0), LIGHT_RED);
	/* 1 red of 3 at 60%: 2 green are 66% — green where worst says red */
	assert_int_equal(light(LIGHT_RULE_SHARE, 60, 3, 1, 1, 0), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_WORST, 60, 3, 1, 1, 0), LIGHT_RED);
	/* 100%: every one green, and a single red is red */
	assert_int_equal(light(LIGHT_RULE_SHARE, 100, 4, 4, 0, 0), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_SHARE, 100, 4, 0, 0, 1), LIGHT_YELLOW);
	assert_int_equal(light(LIGHT_RULE_SHARE, 100, 4, 0, 1, 0), LIGHT_RED);
	/* 1%: one green in a hundred is enough */
	assert_int_equal(light(LIGHT_RULE_SHARE, 1, 100, 0, 99, 0), LIGHT_GREEN);
	assert_int_equal(light(LIGHT_RULE_SHARE, 1, 100, 0, 100, 0), LIGHT_RED);
	assert_int_equal(light(LIGHT_RULE_SHARE, 80, 0, 0, 0, 0), LIGHT_GREEN);
}

static void
test_rule_codes(void **state)
{
	(void)state;
	assert_int_equal(light_rule_parse("worst"), LIGHT_RULE_WORST);
	assert_int_equal(light_rule_parse("share"), LIGHT_RULE_SHARE);
	assert_int_equal(light_rule_parse(NULL), LIGHT_RULE_WORST);
	assert_int_equal(light_rule_parse("Worst"), LIGHT_RULE__MAX);
	assert_int_equal(light_rule_parse(""), LIGHT_RULE__MAX);
	assert_string_equal(light_rule_code(LIGHT_RULE_SHARE), "share");
	assert_string_equal(light_rule_code(LIGHT_RULE__MAX), "worst");
}

/* Due dates that give a light on TODAY with 7 warning days. */
#define RED "2025-05-31"
#define YELLOW "2025-06-05"
#define GREEN "2025-12-31"

/* One assignment of a plan tree under root 1: task, its parent, the planning unit, the unit
 * assigned, depth, done, due date; rule and share r, x. */
#define NODE(t, p, o, u, d, dn, due, r, x)                                                         \
	{                                                                                          \
		.task_id = t, .parent_id = p, .root_id = 1, .org_id = o, .unit_id = u, .depth = d, \
		.done = dn, .due_date = due, .warn_days = 7, .light_rule = r, .light_share = x,    \
		.light = -1                                                                        \
	}

static int64_t
today(void)
{
	int64_t d;

	assert_int_equal(day_parse("2025-06-02", &d), 0);
	return d;
}

/*
 * Root task 1. District 100 plans steps 10 (street 200) and 11 (street 201);
 * district 101 plans step 12 (unit 202, yellow). Street 200 plans 20 (unit
 * 300, red) and 21 (unit 301, done); unit 301 plans 30 (unit 400, yellow,
 * or done with leaf_done) under 21. A plan under step 11 by unit 999, who
 * is not 11's unit, is nobody's plan of step 11. Given in no useful order.
 */
static size_t
cascade(struct db_plan_node *n, const char *rule, int64_t share, bool leaf_done)
{
	const struct db_plan_node nodes[] = {
	    NODE(30, 21, 301, 400, 3, leaf_done, YELLOW, rule, share),
	    NODE(12, 1, 101, 202, 1, 0, YELLOW, rule, share),
	    NODE(20, 10, 200, 300, 2, 0, RED, rule, share),
	    NODE(11, 1, 100, 201, 1, 0, GREEN, rule, share),
	    NODE(22, 11, 999, 302, 2, 0, RED, rule, share),
	    NODE(10, 1, 100, 200, 1, 0, GREEN, rule, share),
	    NODE(21, 10, 200, 301, 2, 1, RED, rule, share),
	};
	memcpy(n, nodes, sizeof(nodes));
	return sizeof(nodes) / sizeof(nodes[0]);
}

static const struct db_plan_node *
node_of(const struct db_plan_node *n, size_t count, int64_t task)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (n[i].task_id == task)
			return &n[i];
	fail_msg("no node of task %lld", (long long)task);
	return NULL;
}

static void
test_tree_worst(void **state)
{
	struct db_plan_node n[8];
	struct db_task_lights out[8];
	size_t count = cascade(n, "worst", 80, false), rows;

	(void)state;
	rows = plan_tree_fold(n, count, today(), out);
	/* a done step with a plan below it takes the plan's light */
	assert_int_equal(node_of(n, count, 21)->light, LIGHT_YELLOW);
	/* the red two levels down reaches the district's step */
	assert_int_equal(node_of(n, count, 10)->light, LIGHT_RED);
	assert_int_equal(node_of(n, count, 11)->light, LIGHT_GREEN);
	assert_int_equal(node_of(n, count, 22)->light, LIGHT_RED);
	assert_int_equal(rows, 2);
	assert_int_equal(out[0].task_id, 1);
	assert_int_equal(out[0].org_id, 100);
	assert_int_equal(out[0].total, 2);
	assert_int_equal(out[0].red, 1);
	assert_int_equal(out[0].yellow, 0);
	assert_string_equal(out[0].light_rule, "worst");
	assert_int_equal(out[1].org_id, 101);
	assert_int_equal(out[1].total, 1);
	assert_int_equal(out[1].yellow, 1);
	assert_int_equal(plan_light(LIGHT_RULE_WORST, 80, &out[0]), LIGHT_RED);
	assert_int_equal(plan_tree_fold(n, 0, today(), out), 0);
}

static void
test_tree_share(void **state)
{
	struct db_plan_node n[8];
	struct db_task_lights out[8];
	size_t count = cascade(n, "share", 50, false), rows;

	(void)state;
	/* share 50: step 21's plan is 0% green, 0% red: yellow; step 10's is 50% red, not more */
	rows = plan_tree_fold(n, count, today(), out);
	assert_int_equal(rows, 2);
	assert_int_equal(node_of(n, count, 21)->light, LIGHT_YELLOW);
	assert_int_equal(node_of(n, count, 10)->light, LIGHT_YELLOW);
	assert_int_equal(out[0].red, 0);
	assert_int_equal(out[0].yellow, 1);
	assert_int_equal(out[0].done, 0);
	/* the leaf below 21 done: a done leaf is green, so 21 is, and 10 is 50% green */
	count = cascade(n, "share", 50, true);
	plan_tree_fold(n, count, today(), out);
	assert_int_equal(node_of(n, count, 30)->light, LIGHT_GREEN);
	assert_int_equal(node_of(n, count, 21)->light, LIGHT_GREEN);
	assert_int_equal(node_of(n, count, 10)->light, LIGHT_GREEN);
	assert_int_equal(out[0].red + out[0].yellow, 0);
	/* share 60 on the same tree: 50% green is too few, 50% red more than 40% */
	count = cascade(n, "share", 60, true);
	plan_tree_fold(n, count, today(), out);
	assert_int_equal(node_of(n, count, 21)->light, LIGHT_GREEN);
	assert_int_equal(node_of(n, count, 10)->light, LIGHT_RED);
	assert_int_equal(out[0].red, 1);
}

/* Two roots in one read, one below the other: each tree folds on its own. */
static void
test_tree_forest(void **state)
{
	struct db_plan_node n[16];
	struct db_task_lights out[16];
	size_t count = cascade(n, "worst", 80, false), i, rows;

	(void)state;
	/* the street's plan under step 10 read again from root 10, one level up */
	n[count] = (struct db_plan_node)NODE(20, 10, 200, 300, 1, 0, RED, "worst", 80);
	n[count + 1] = (struct db_plan_node)NODE(21, 10, 200, 301, 1, 1, RED, "worst", 80);
	n[count + 2] = (struct db_plan_node)NODE(30, 21, 301, 400, 2, 0, YELLOW, "worst", 80);
	for (i = count; i < count + 3; i++)
		n[i].root_id = 10;
	rows = plan_tree_fold(n, count + 3, today(), out);
	assert_int_equal(rows, 3);
	assert_int_equal(out[2].task_id, 10);
	assert_int_equal(out[2].org_id, 200);
	assert_int_equal(out[2].total, 2);
	assert_int_equal(out[2].red, 1);
	assert_int_equal(out[2].yellow, 1);
	assert_int_equal(out[0].task_id, 1);
	assert_int_equal(out[0].red, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_worst),      cmocka_unit_test(test_share),
	    cmocka_unit_test(test_rule_codes), cmocka_unit_test(test_tree_worst),
	    cmocka_unit_test(test_tree_share), cmocka_unit_test(test_tree_forest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
