/* light: the rules of the lights (domain/light.h). */
#include "domain/light.h"

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
