/*
 * param: declared request fields and their validation. Each route names the
 * fields it accepts (query string, JSON body or form body); anything
 * undeclared is refused, anything invalid is answered 400 before the
 * handler runs, and handlers read typed, checked values.
 */
#ifndef XG_PARAM_H
#define XG_PARAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/error.h"

/*
 * Every field name a request may carry, once: the enum handlers read by
 * (F_LIMIT) and the name on the wire ("limit"). A misspelt field is a
 * compile error, not a runtime surprise.
 */
#define PARAM_FIELDS(X)                                                                            \
	X(ACTION, "action")                                                                        \
	X(ACTOR, "actor")                                                                          \
	X(ANSWER, "answer")                                                                        \
	X(AUDIENCE, "audience")                                                                    \
	X(AUDIENCE_KIND, "audience_kind")                                                          \
	X(AUDIENCE_SIZE, "audience_size")                                                          \
	X(BATCH, "batch")                                                                          \
	X(BEFORE, "before")                                                                        \
	X(CAMPAIGN_ID, "campaign_id")                                                              \
	X(CHANNEL, "channel")                                                                      \
	X(CLASS_NAME, "class_name")                                                                \
	X(CLOSED, "closed")                                                                        \
	X(CODE, "code")                                                                            \
	X(CONFIRM, "confirm")                                                                      \
	X(CO_UNITS, "co_units")                                                                    \
	X(DATE, "date")                                                                            \
	X(DEADLINE, "deadline")                                                                    \
	X(DESCRIPTION, "description")                                                              \
	X(DISABLED, "disabled")                                                                    \
	X(DISPLAY_NAME, "display_name")                                                            \
	X(DONE, "done")                                                                            \
	X(DUE_DATE, "due_date")                                                                    \
	X(END_DATE, "end_date")                                                                    \
	X(EXPECTED, "expected")                                                                    \
	X(FINDINGS, "findings")                                                                    \
	X(FORM, "form")                                                                            \
	X(FORMAT, "format")                                                                        \
	X(FROM, "from")                                                                            \
	X(GENRE, "genre")                                                                          \
	X(HEADING, "heading")                                                                      \
	X(HELP_NEEDED, "help_needed")                                                              \
	X(HOST, "host")                                                                            \
	X(HOURS, "hours")                                                                          \
	X(IDS, "ids")                                                                              \
	X(INDICATOR, "indicator")                                                                  \
	X(INDICATOR_VALUE, "indicator_value")                                                      \
	X(ITEMS, "items")                                                                          \
	X(KEY, "key")                                                                              \
	X(KIND, "kind")                                                                            \
	X(LIGHT_RULE, "light_rule")                                                                \
	X(LIGHT_SHARE, "light_share")                                                              \
	X(LABEL, "label")                                                                          \
	X(LEAD_UNIT, "lead_unit")                                                                  \
	X(LECTURER, "lecturer")                                                                    \
	X(LIGHT, "light")                                                                          \
	X(LECTURER_ID, "lecturer_id")                                                              \
	X(LIMIT, "limit")                                                                          \
	X(LINK, "link")                                                                            \
	X(LOCK_ADDR_FAILURES, "lock_addr_failures")                                                \
	X(LOCK_SECONDS, "lock_seconds")                                                            \
	X(LOCK_USER_FAILURES, "lock_user_failures")                                                \
	X(LOCK_WINDOW, "lock_window")                                                              \
	X(MATERIALS, "materials")                                                                  \
	X(MEMBERS, "members")                                                                      \
	X(MILESTONE, "milestone")                                                                  \
	X(MINUTES, "minutes")                                                                      \
	X(MODE, "mode")                                                                            \
	X(NAME, "name")                                                                            \
	X(NEXT, "next")                                                                            \
	X(NOTE, "note")                                                                            \
	X(OBJECT_ID, "object_id")                                                                  \
	X(OBJECT_TYPE, "object_type")                                                              \
	X(OFFSET, "offset")                                                                        \
	X(OLD_PASSWORD, "old_password")                                                            \
	X(ONLINE, "online")                                                                        \
	X(ORGANISER, "organiser")                                                                  \
	X(ORG_ID, "org_id")                                                                        \
	X(PARAGRAPH, "paragraph")                                                                  \
	X(PARENT_ID, "parent_id")                                                                  \
	X(PARTICIPANTS, "participants")                                                            \
	X(PARTY_LESSON, "party_lesson")                                                            \
	X(PASSWORD, "password")                                                                    \
	X(PASSWORD2, "password2")                                                                  \
	X(PERCENT, "percent")                                                                      \
	X(PLACE, "place")                                                                          \
	X(PREFERRED_DATES, "preferred_dates")                                                      \
	X(PROBLEMS, "problems")                                                                    \
	X(PROGRESS, "progress")                                                                    \
	X(PW_MIN_CLASSES, "pw_min_classes")                                                        \
	X(PW_MIN_LENGTH, "pw_min_length")                                                          \
	X(Q, "q")                                                                                  \
	X(REASON, "reason")                                                                        \
	X(REQUIREMENT, "requirement")                                                              \
	X(ROLE, "role")                                                                            \
	X(SECTIONS, "sections")                                                                    \
	X(SECTION_PATH, "section_path")                                                            \
	X(SESSION_ABSOLUTE, "session_absolute")                                                    \
	X(SESSION_IDLE, "session_idle")                                                            \
	X(SORT, "sort")                                                                            \
	X(START_DATE, "start_date")                                                                \
	X(STATE, "state")                                                                          \
	X(SUBJECTS, "subjects")                                                                    \
	X(SUBTREE, "subtree")                                                                      \
	X(TARGETS, "targets")                                                                      \
	X(TASK, "task")                                                                            \
	X(TASK_ID, "task_id")                                                                      \
	X(TEAM_ID, "team_id")                                                                      \
	X(TEXT, "text")                                                                            \
	X(TITLE, "title")                                                                          \
	X(TO, "to")                                                                                \
	X(TOKEN_DAYS, "token_days")                                                                \
	X(TOPIC, "topic")                                                                          \
	X(UNITS, "units")                                                                          \
	X(UNIT_KIND, "unit_kind")                                                                  \
	X(UNREAD, "unread")                                                                        \
	X(USERNAME, "username")                                                                    \
	X(VALUE, "value")                                                                          \
	X(VENUE_KIND, "venue_kind")                                                                \
	X(VERSION, "version")                                                                      \
	X(VOLUNTEER, "volunteer")                                                                  \
	X(WARN_DAYS, "warn_days")

enum field_id {
	F__NONE = 0, /* ends a field list */
#define PARAM_FIELD_ENUM(id, name) F_##id,
	PARAM_FIELDS(PARAM_FIELD_ENUM)
#undef PARAM_FIELD_ENUM
	    F__MAX
};

/* The wire name of a field ("limit"), and the field of a wire name (F__NONE when unknown). */
const char *param_field_name(enum field_id id);
enum field_id param_field_of(const char *name);

/* FT_IDS: a list of ids — a JSON array of integers, or "1,2,3" in a query or form, where the
 * name may also come several times (checkboxes of one name) — each in [min, max], at most
 * max_len of them (0: 1000), none twice. */
enum field_type { FT_STRING, FT_INT, FT_BOOL, FT_IDS };

/*
 * A declared field, written with designated initialisers:
 * {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32}.
 */
struct field {
	enum field_id id;
	enum field_type type;
	bool required;
	size_t max_len; /* characters, for FT_STRING (0: 200) */
	int64_t min;	/* for FT_INT */
	int64_t max;
	bool nullable;	/* JSON null accepted (reads as absent) */
	bool multiline; /* FT_STRING may contain line breaks and tabs */
};

#define FIELDS_END                                                                                 \
	{                                                                                          \
		.id = F__NONE                                                                      \
	}

/* The checked value of one declared field. */
struct param {
	const struct field *f;
	bool present;
	const char *s;	    /* FT_STRING (valid UTF-8, no stray control characters) */
	int64_t i;	    /* FT_INT */
	bool b;		    /* FT_BOOL */
	const int64_t *ids; /* FT_IDS */
	size_t nids;
};

struct params {
	struct param *v;
	size_t n;
};

/* A raw name/value pair from a query string or form body (values already percent-decoded). */
struct raw_pair {
	const char *name;
	const char *value;
};

/*
 * Check raw text pairs (query string or form) against fields; ignore names
 * in `implicit` (e.g. "_csrf"). Fills out from the arena.
 */
enum xg_rc param_from_pairs(struct arena *a, const struct field *fields, const struct raw_pair *raw,
			    size_t nraw, const char *const *implicit, struct params *out,
			    struct xg_error *err);
/* Check a JSON body (must be one object) against fields. */
enum xg_rc param_from_json(struct arena *a, const struct field *fields, const char *body,
			   size_t len, struct params *out, struct xg_error *err);
/* Parse an application/x-www-form-urlencoded body into pairs (arena memory). */
enum xg_rc param_parse_form(struct arena *a, const char *body, size_t len, struct raw_pair **out,
			    size_t *n, struct xg_error *err);

/* Typed reads; a field that the route did not declare is a programming error (asserted). */
bool param_has(const struct params *p, enum field_id id);
const char *param_str(const struct params *p, enum field_id id); /* NULL when absent */
int64_t param_int(const struct params *p, enum field_id id, int64_t def);
bool param_bool(const struct params *p, enum field_id id, bool def);
/* FT_IDS: the ids (NULL and *n = 0 when absent). */
const int64_t *param_ids(const struct params *p, enum field_id id, size_t *n);

#endif
