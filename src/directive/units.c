/* directive_units: turn the subjects of tasks into units of the organisation tree. */
#include "directive/directive.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"

/* A collective name, recognised by a word it contains, and the kind of unit it means. */
struct collective {
	const char *word;
	const char *kind; /* NULL: every kind whose name ends in 科协 */
};

static const struct collective collectives[] = {
    {"区县科协", "区县科协"},	{"区（县）科协", "区县科协"}, {"区县（自治县）科协", "区县科协"},
    {"乡镇", "乡镇街道科协"},	{"街道科协", "乡镇街道科协"}, {"企事业", "企事业科协"},
    {"企业科协", "企事业科协"}, {"高校科协", "高校科协"},     {"学会", "市级学会"},
    {"支部", "机关支部"},	{"直属单位", "直属单位"},     {"党组织", "党组织"},
    {"各级科协", NULL},
};

static bool
has(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

static bool
ends_with(const char *s, const char *w)
{
	size_t n = strlen(s), m = strlen(w);

	return n >= m && strcmp(s + n - m, w) == 0;
}

/* Collective names speak of many (各…, 市级…, 机关各…); a bare 学会 is one society's name. */
static bool
collective_form(const char *s)
{
	return strncmp(s, "各", strlen("各")) == 0 || has(s, "机关各") || has(s, "市级") ||
	       strcmp(s, "区县科协") == 0 || strcmp(s, "直属单位") == 0 ||
	       strcmp(s, "乡镇街道科协") == 0;
}

static int
add_code(struct arena *a, struct directive_list *l, const char *code)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (strcmp(l->v[k], code) == 0)
			return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		void **v = arena_alloc(a, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = arena_strdup(a, code);
	if (l->v[l->n] == NULL)
		return -1;
	l->n++;
	return 0;
}

/*
 * A name in the short form documents use: 科学技术协会 → 科协, brackets
 * dropped. Writes into out (cap bytes); a longer name is cut, which only
 * costs a match.
 */
static void
short_name(const char *s, char *out, size_t cap)
{
	static const char long_form[] = "科学技术协会";
	size_t o = 0, m = strlen(long_form);

	while (*s != '\0' && o + 8 < cap) {
		if (strncmp(s, long_form, m) == 0) {
			memcpy(out + o, "科协", strlen("科协"));
			o += strlen("科协");
			s += m;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
}

static bool
ends_with_name(const char *name, const char *s)
{
	char a[256], b[256];

	short_name(name, a, sizeof(a));
	short_name(s, b, sizeof(b));
	return ends_with(a, b);
}

/*
 * Units named by s itself: the same name (科协 and 科学技术协会 being one),
 * else the units whose name ends with it (办公室 → 市科协办公室), the
 * shortest such names only, since the nearest body is the one meant.
 */
static int
named(struct arena *a, struct directive_list *l, const char *s, const struct directive_unit *units,
      size_t n, bool *found)
{
	char want[256], have[256];
	size_t k, best = SIZE_MAX;

	short_name(s, want, sizeof(want));
	for (k = 0; k < n; k++) {
		if (units[k].name == NULL)
			continue;
		short_name(units[k].name, have, sizeof(have));
		if (strcmp(have, want) == 0) {
			*found = true;
			if (add_code(a, l, units[k].code) != 0)
				return -1;
		}
	}
	if (*found || strlen(want) < strlen("办公室"))
		return 0;
	for (k = 0; k < n; k++)
		if (units[k].name != NULL && ends_with_name(units[k].name, s) &&
		    strlen(units[k].name) < best)
			best = strlen(units[k].name);
	for (k = 0; k < n && best != SIZE_MAX; k++)
		if (units[k].name != NULL && strlen(units[k].name) == best &&
		    ends_with_name(units[k].name, s)) {
			*found = true;
			if (add_code(a, l, units[k].code) != 0)
				return -1;
		}
	return 0;
}

/* The units one subject names, appended to l. Returns 0 or -1 when out of memory. */
static int
resolve_subject(struct arena *a, struct directive_list *l, const char *s,
		const struct directive_unit *units, size_t n)
{
	size_t c = sizeof(collectives) / sizeof(collectives[0]), k;
	bool found = false;

	/* The first collective word that matches decides: 各区县科协党组织 are district bodies. */
	if (collective_form(s))
		for (c = 0; c < sizeof(collectives) / sizeof(collectives[0]); c++)
			if (has(s, collectives[c].word))
				break;
	/* Anything that is not a collective name is looked up as one unit's name. */
	if (c == sizeof(collectives) / sizeof(collectives[0]))
		return named(a, l, s, units, n, &found);
	for (k = 0; k < n; k++) {
		const char *kind = units[k].kind ? units[k].kind : "";
		bool hit = collectives[c].kind ? strcmp(kind, collectives[c].kind) == 0
					       : ends_with(kind, "科协");

		if (hit && add_code(a, l, units[k].code) != 0)
			return -1;
	}
	return 0;
}

enum directive_rc
directive_units_resolve(struct directive *d, const struct directive_unit *units, size_t n)
{
	size_t t, s;

	for (t = 0; t < d->tasks.n; t++) {
		struct directive_task *task = d->tasks.v[t];

		task->units.n = 0;
		for (s = 0; s < task->subjects.n; s++) {
			const char *sub = task->subjects.v[s];
			size_t k;

			/* 各单位 are the units the document is addressed to. */
			if (strcmp(sub, "各单位") == 0 || strcmp(sub, "各有关单位") == 0) {
				for (k = 0; k < d->addressees.n; k++)
					if (resolve_subject(d->arena, &task->units,
							    d->addressees.v[k], units, n) != 0)
						return DIRECTIVE_ENOMEM;
				continue;
			}
			if (resolve_subject(d->arena, &task->units, sub, units, n) != 0)
				return DIRECTIVE_ENOMEM;
		}
	}
	return DIRECTIVE_OK;
}

enum directive_rc
directive_units_of(struct directive *d, const char *name, const struct directive_unit *units,
		   size_t n, struct directive_list *out)
{
	out->n = 0;
	return resolve_subject(d->arena, out, name, units, n) != 0 ? DIRECTIVE_ENOMEM
								    : DIRECTIVE_OK;
}
