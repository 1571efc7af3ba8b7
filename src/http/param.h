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

enum field_type { FT_STRING, FT_INT, FT_BOOL };

struct field {
	const char *name;
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
		NULL, FT_STRING, false, 0, 0, 0, false, false                                      \
	}

/* The checked value of one declared field. */
struct param {
	const struct field *f;
	bool present;
	const char *s; /* FT_STRING (valid UTF-8, no stray control characters) */
	int64_t i;     /* FT_INT */
	bool b;	       /* FT_BOOL */
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

/* Typed reads by name; a field that was not declared is a programming error (asserted). */
bool param_has(const struct params *p, const char *name);
const char *param_str(const struct params *p, const char *name); /* NULL when absent */
int64_t param_int(const struct params *p, const char *name, int64_t def);
bool param_bool(const struct params *p, const char *name, bool def);

#endif
