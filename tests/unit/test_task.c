/* test_task: the lights of an assignment (domain/task.h) and the clock they are read by
 * (base/clock.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <time.h>

#include "base/clock.h"
#include "base/day.h"
#include "domain/task.h"

static int64_t
day(const char *ymd)
{
	int64_t d = 0;

	assert_int_equal(day_parse(ymd, &d), 0);
	return d;
}

static void
test_light_boundaries(void **state)
{
	(void)state;
	/* due 2025-03-31, warned 7 days before */
	assert_int_equal(task_light("2025-03-31", false, day("2025-03-23"), 7), LIGHT_GREEN);
	assert_int_equal(task_light("2025-03-31", false, day("2025-03-24"), 7), LIGHT_YELLOW);
	assert_int_equal(task_light("2025-03-31", false, day("2025-03-31"), 7), LIGHT_YELLOW);
	assert_int_equal(task_light("2025-03-31", false, day("2025-04-01"), 7), LIGHT_RED);
	assert_int_equal(task_light("2025-03-31", true, day("2025-04-01"), 7), LIGHT_GREEN);
	/* no warning days: yellow only on the due day itself */
	assert_int_equal(task_light("2025-03-31", false, day("2025-03-30"), 0), LIGHT_GREEN);
	assert_int_equal(task_light("2025-03-31", false, day("2025-03-31"), 0), LIGHT_YELLOW);
	assert_string_equal(task_light_code(LIGHT_RED), "red");
	assert_string_equal(task_light_code(LIGHT_YELLOW), "yellow");
	assert_string_equal(task_light_code(LIGHT_GREEN), "green");
}

static void
test_clock_start(void **state)
{
	char err[160];
	int64_t now;

	(void)state;
	assert_int_equal(clock_start("2023-03-01T09:00:00+08:00", err, sizeof(err)), 0);
	now = clock_now();
	/* 2023-03-01 01:00:00 UTC, give or take the seconds this test takes */
	assert_true(now >= 1677632400 && now < 1677632400 + 60);
	assert_int_equal(day_of(now), day("2023-03-01"));
	assert_int_equal(clock_start("2023-03-01T01:00:00Z", err, sizeof(err)), 0);
	assert_true(clock_now() >= 1677632400 && clock_now() < 1677632400 + 60);
	assert_int_equal(clock_start("2023-03-01", err, sizeof(err)), 0);
	assert_int_equal(day_of(clock_now()), day("2023-03-01"));
	assert_int_equal(clock_start("2023-02-30", err, sizeof(err)), -1);
	assert_int_equal(clock_start("2023-03-01T25:00:00Z", err, sizeof(err)), -1);
	assert_int_equal(clock_start("2023-03-01T09:00:00+8", err, sizeof(err)), -1);
	assert_int_equal(clock_start("2023-03-01 09:00:00Z", err, sizeof(err)), -1);
	assert_int_equal(clock_start(NULL, err, sizeof(err)), 0);
	assert_true(clock_now() - (int64_t)time(NULL) <= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_light_boundaries),
	    cmocka_unit_test(test_clock_start),
	};
	return cmocka_run_group_tests_name("task", tests, NULL, NULL);
}
