/* day: the calendar of our users — dates as "YYYY-MM-DD", days, and "today" in China Standard Time
 * (UTC+8, no daylight saving), whatever the server's own time zone. */
#ifndef XG_DAY_H
#define XG_DAY_H

#include <stddef.h>
#include <stdint.h>

#define DAY_SECONDS 86400
#define DAY_ZONE_OFFSET (8 * 3600) /* China Standard Time is UTC+8 all year */
#define DAY_YEAR_MIN 1970
#define DAY_YEAR_MAX 9999

/* A day is counted from 1970-01-01 (day 0) on the proleptic Gregorian calendar. */

/* The day of year y, month m (1..12), day d (1..31); the date is not checked. */
int64_t day_from_civil(int64_t y, int64_t m, int64_t d);

/* The date of day (the inverse of day_from_civil). */
void day_to_civil(int64_t day, int64_t *y, int64_t *m, int64_t *d);

/*
 * Parse ymd, exactly "YYYY-MM-DD" with a real date between DAY_YEAR_MIN and
 * DAY_YEAR_MAX, into *day. Returns 0, or -1 (with *day untouched) otherwise.
 */
int day_parse(const char *ymd, int64_t *day);

/* The Unix time at which day starts in China. */
int64_t day_start(int64_t day);

/* The day, in China, of Unix time t ("today" is day_of(now)). */
int64_t day_of(int64_t t);

/* Write day as "YYYY-MM-DD" into out (at least 11 bytes). */
#define DAY_TEXT_CAP 11
void day_format(int64_t day, char *out, size_t cap);

/* Write Unix time t as "YYYY-MM-DD HH:MM" in China time into out (at least 17 bytes). */
#define DAY_TIME_TEXT_CAP 17
void day_format_time(int64_t t, char *out, size_t cap);

#endif
