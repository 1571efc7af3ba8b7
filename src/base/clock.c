/* clock: the machine's time, or an instant given at start that then runs on. */
#include "base/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/day.h"

/* Seconds to add to the machine's clock; set once at start, before any thread reads it. */
static int64_t offset;

/* "HH:MM:SS" into seconds of the day. */
static int
parse_time(const char *s, int64_t *secs)
{
	int h, m, sec, used = 0;

	if (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &used) != 3 || used != 8 || h > 23 || m > 59 ||
	    sec > 59)
		return -1;
	*secs = (int64_t)h * 3600 + m * 60 + sec;
	return 0;
}

/* "Z", "+08:00" or "-05:30" into seconds east of UTC. */
static int
parse_zone(const char *s, int64_t *east)
{
	int h, m, used = 0;

	if (strcmp(s, "Z") == 0) {
		*east = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || sscanf(s + 1, "%2d:%2d%n", &h, &m, &used) != 2 ||
	    used != 5 || s[6] != '\0' || h > 14 || m > 59)
		return -1;
	*east = (s[0] == '-' ? -1 : 1) * ((int64_t)h * 3600 + m * 60);
	return 0;
}

/* The Unix time of text, or -1 with err. */
static int
parse_instant(const char *text, int64_t *out)
{
	char date[DAY_TEXT_CAP];
	int64_t day, secs, east;

	if (strlen(text) < 10)
		return -1;
	memcpy(date, text, 10);
	date[10] = '\0';
	if (day_parse(date, &day) != 0)
		return -1;
	if (text[10] == '\0') {
		*out = day_start(day);
		return 0;
	}
	if (text[10] != 'T' || strlen(text) < 19 || parse_time(text + 11, &secs) != 0 ||
	    parse_zone(text + 19, &east) != 0)
		return -1;
	*out = day * DAY_SECONDS + secs - east;
	return 0;
}

int
clock_start(const char *text, char *err, size_t errlen)
{
	int64_t at;

	offset = 0;
	if (text == NULL || *text == '\0')
		return 0;
	if (parse_instant(text, &at) != 0) {
		snprintf(err, errlen,
			 "XUANGUAN_NOW: expected an instant such as 2023-03-01T09:00:00+08:00 or a "
			 "date such as 2023-03-01");
		return -1;
	}
	offset = at - (int64_t)time(NULL);
	return 0;
}

int64_t
clock_now(void)
{
	return (int64_t)time(NULL) + offset;
}
