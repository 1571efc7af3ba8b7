/* test_plan: the light a task with a plan takes from its sub-tasks' assignments (domain/plan.h),
 * by each rule, at the edges of the share. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_worst),
	    cmocka_unit_test(test_share),
	    cmocka_unit_test(test_rule_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
