/* test_day: the China-time calendar (src/base/day.h) — parsing, days, today in UTC+8, formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/day.h"

static void
test_parse(void **state)
{
	static const char *const bad[] = {
	    "",		  "2024-1-01",	"2024-01-1",  "2024/01/01",    "2024-13-01", "2024-00-10",
	    "2024-01-32", "2023-02-29", "1900-02-29", "1969-12-31",    "20240101",   "2024-01-01x",
	    "+024-01-01", " 2024-01-0", "2024-04-31", "１２３４-01-01"};
	int64_t day = -7;
	size_t i;
	(void)state;

	assert_int_equal(day_parse("1970-01-01", &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(day_parse("1970-01-02", &day), 0);
	assert_int_equal(day, 1);
	assert_int_equal(day_parse("2000-02-29", &day), 0);
	assert_int_equal(day, 11016);
	assert_int_equal(day_parse("2024-02-29", &day), 0);
	assert_int_equal(day_parse("9999-12-31", &day), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = -7;
		if (day_parse(bad[i], &day) != -1 || day != -7)
			fail_msg("accepted %s", bad[i]);
	}
	assert_int_equal(day_parse(NULL, &day), -1);
}

/* Midnight in Beijing is 16:00 UTC the day before. */
static void
test_start_and_today(void **state)
{
	int64_t day;
	(void)state;

	assert_int_equal(day_parse("2024-01-01", &day), 0);
	assert_int_equal(day_start(day), 1704038400); /* 2023-12-31T16:00:00Z */
	assert_int_equal(day_of(1704038400), day);
	assert_int_equal(day_of(1704038399), day - 1); /* 23:59:59 the evening before */
	assert_int_equal(day_of(1704038400 + DAY_SECONDS - 1), day);
	assert_int_equal(day_of(0), 0);			    /* 08:00 on 1970-01-01 in China */
	assert_int_equal(day_of(-DAY_ZONE_OFFSET - 1), -1); /* before 1970 rounds down */
}

static void
test_format(void **state)
{
	char s[DAY_TIME_TEXT_CAP], d[DAY_TEXT_CAP];
	int64_t day, y, m, dd;
	(void)state;

	day_format_time(1704038400, s, sizeof(s));
	assert_string_equal(s, "2024-01-01 00:00");
	day_format_time(1700000000, s, sizeof(s)); /* 2023-11-14T22:13:20Z */
	assert_string_equal(s, "2023-11-15 06:13");
	day_format(0, d, sizeof(d));
	assert_string_equal(d, "1970-01-01");
	/* Every day round-trips through its text, leap days and century years included. */
	for (day = 0; day < 12000 * 3; day += 7) {
		int64_t back = -1;
		day_format(day, d, sizeof(d));
		assert_int_equal(day_parse(d, &back), 0);
		assert_int_equal(back, day);
		day_to_civil(day, &y, &m, &dd);
		assert_int_equal(day_from_civil(y, m, dd), day);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_start_and_today),
	    cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests_name("day", tests, NULL, NULL);
}
