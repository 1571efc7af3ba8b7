/* test_stats: the dashboard's periods (src/domain/stats.h) — whole months only, from their first
 * day to their last, refused when malformed, reversed or too long; the quick periods of a day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/day.h"
#include "domain/stats.h"

static void
test_parse(void **state)
{
	struct stats_period p;
	struct xg_error err;

	(void)state;
	assert_int_equal(stats_period_parse("2024-02", "2024-02", &p, &err), XG_OK);
	assert_string_equal(p.from_day, "2024-02-01");
	assert_string_equal(p.to_day, "2024-02-29"); /* a leap year */
	assert_int_equal(stats_period_parse("2023-11", "2024-12", &p, &err), XG_OK);
	assert_string_equal(p.from, "2023-11");
	assert_string_equal(p.to_day, "2024-12-31");
	assert_int_equal(stats_period_parse("2023-02", "2023-04", &p, &err), XG_OK);
	assert_string_equal(p.to_day, "2023-04-30");
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {"2024-13", "2024-00", "24-01",   "2024-1",  "2024-01-01",
					  "2024/01", "",	"1969-12", "2024-01x"};
	struct stats_period p;
	struct xg_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(stats_period_parse(bad[i], "2024-12", &p, &err), XG_INVALID);
		assert_string_equal(err.field, "from");
		assert_int_equal(stats_period_parse("2024-01", bad[i], &p, &err), XG_INVALID);
		assert_string_equal(err.field, "to");
	}
	assert_int_equal(stats_period_parse(NULL, "2024-12", &p, &err), XG_INVALID);
	assert_int_equal(stats_period_parse("2024-05", "2024-04", &p, &err), XG_INVALID);
	assert_string_equal(err.code, "invalid_period");
	/* STATS_MONTHS_MAX months pass, one more does not. */
	assert_int_equal(stats_period_parse("2015-01", "2024-12", &p, &err), XG_OK);
	assert_int_equal(stats_period_parse("2014-12", "2024-12", &p, &err), XG_INVALID);
	assert_string_equal(err.code, "period_too_long");
}

static void
test_quick(void **state)
{
	struct stats_period p;
	int64_t day;

	(void)state;
	assert_int_equal(day_parse("2024-08-15", &day), 0);
	stats_period_month(day, &p);
	assert_string_equal(p.from_day, "2024-08-01");
	assert_string_equal(p.to_day, "2024-08-31");
	stats_period_quarter(day, &p);
	assert_string_equal(p.from, "2024-07");
	assert_string_equal(p.to_day, "2024-09-30");
	stats_period_year(day, &p);
	assert_string_equal(p.from_day, "2024-01-01");
	assert_string_equal(p.to_day, "2024-12-31");
	assert_int_equal(day_parse("2024-12-31", &day), 0);
	stats_period_quarter(day, &p);
	assert_string_equal(p.from, "2024-10");
	assert_string_equal(p.to, "2024-12");
}

/* The API's period: days widened to whole months, open ends, nothing upside down. */
static void
test_days(void **state)
{
	struct stats_period p;
	struct xg_error err;

	(void)state;
	assert_int_equal(stats_period_days("2024-02-10", "2024-02-11", &p, &err), XG_OK);
	assert_string_equal(p.from_day, "2024-02-01");
	assert_string_equal(p.to_day, "2024-02-29");
	assert_true(p.sparse);
	assert_int_equal(stats_period_days(NULL, "2025-12-31", &p, &err), XG_OK);
	assert_string_equal(p.from, "0000-00");
	assert_string_equal(p.from_day, "");
	assert_string_equal(p.to_day, "2025-12-31");
	assert_int_equal(stats_period_days("2025-03-05", NULL, &p, &err), XG_OK);
	assert_string_equal(p.from_day, "2025-03-01");
	assert_string_equal(p.to, "9999-99");
	assert_string_equal(p.to_day, "");
	assert_int_equal(stats_period_days("2025-03-05", "2025-02-28", &p, &err), XG_INVALID);
	assert_string_equal(err.field, "to");
	assert_int_equal(stats_period_days("2025-02-30", NULL, &p, &err), XG_INVALID);
	assert_string_equal(err.field, "from");
	/* the same month is a period, whichever days */
	assert_int_equal(stats_period_days("2025-03-31", "2025-03-01", &p, &err), XG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_quick),
	    cmocka_unit_test(test_days),
	};
	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
