/* day: China-time calendar arithmetic (Howard Hinnant's civil-date algorithms), no libc time zones.
 */
#include "base/day.h"

#include <stdio.h>
#include <string.h>

#include "base/str.h"

/* Floor division: the day of a time before 1970 must still round down. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
day_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
day_to_civil(int64_t day, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
day_parse(const char *ymd, int64_t *day)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t y, m, d;

	if (ymd == NULL || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-' ||
	    str_parse_i64((struct slice){ymd, 4}, DAY_YEAR_MIN, DAY_YEAR_MAX, &y) != 0 ||
	    str_parse_i64((struct slice){ymd + 5, 2}, 1, 12, &m) != 0 ||
	    str_parse_i64((struct slice){ymd + 8, 2}, 1, 31, &d) != 0 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return -1;
	*day = day_from_civil(y, m, d);
	return 0;
}

int64_t
day_start(int64_t day)
{
	return day * DAY_SECONDS - DAY_ZONE_OFFSET;
}

int64_t
day_of(int64_t t)
{
	return floor_div(t + DAY_ZONE_OFFSET, DAY_SECONDS);
}

void
day_format(int64_t day, char *out, size_t cap)
{
	int64_t y, m, d;

	day_to_civil(day, &y, &m, &d);
	snprintf(out, cap, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
}

void
day_format_time(int64_t t, char *out, size_t cap)
{
	int64_t day = day_of(t), secs = t + DAY_ZONE_OFFSET - day * DAY_SECONDS;
	int64_t y, m, d;

	day_to_civil(day, &y, &m, &d);
	snprintf(out, cap, "%04lld-%02lld-%02lld %02lld:%02lld", (long long)y, (long long)m,
		 (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60));
}
