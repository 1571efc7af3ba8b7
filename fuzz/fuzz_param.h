/*
 * fuzz_param: what the form and JSON targets share: a field table with every type and option,
 * and the properties every answer of the field checker must have. Header-only: each target
 * is its own program.
 */
#ifndef XG_FUZZ_PARAM_H
#define XG_FUZZ_PARAM_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "http/param.h"

/* Every type and option of http/param.h. */
static const struct field fuzz_fields[] = {
    {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .max_len = 5},
    {.id = F_LABEL, .type = FT_STRING, .nullable = true, .multiline = true, .max_len = 300},
    {.id = F_MEMBERS, .type = FT_INT, .min = 0, .max = 1000},
    {.id = F_PARENT_ID, .type = FT_INT, .min = 1, .max = INT64_MAX, .nullable = true},
    {.id = F_OFFSET, .type = FT_INT, .min = INT64_MIN, .max = INT64_MAX},
    {.id = F_CLOSED, .type = FT_BOOL},
    {.id = F_DISABLED, .type = FT_BOOL, .nullable = true},
    FIELDS_END,
};

/* A field name as the checker may repeat it: [a-z0-9_]{1,32}, never raw input. */
static inline int
fuzz_name_ok(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* Abort unless the checker's answer (rc, p, err) keeps every promise of http/param.h. */
static inline void
fuzz_check_params(enum xg_rc rc, const struct params *p, const struct xg_error *err)
{
	size_t i;

	if (rc != XG_OK) {
		struct slice m = str_slice(err->message);
		if (rc != XG_INVALID && rc != XG_INTERNAL)
			abort();
		if (err->rc != rc || err->code == NULL || m.n == 0 || str_utf8_check(m) != m.n)
			abort();
		if (err->field != NULL && !fuzz_name_ok(err->field))
			abort();
		return;
	}
	if (p->n != sizeof(fuzz_fields) / sizeof(fuzz_fields[0]) - 1)
		abort();
	for (i = 0; i < p->n; i++) {
		const struct param *v = &p->v[i];
		const struct field *f = v->f;
		if (f != &fuzz_fields[i] || (f->required && !v->present))
			abort();
		if (!v->present)
			continue;
		if (f->type == FT_STRING) {
			struct slice s = str_slice(v->s);
			if (v->s == NULL || str_utf8_check(s) != s.n ||
			    str_utf8_len(s) > (f->max_len ? f->max_len : 200) ||
			    str_has_control(s, f->multiline ? "\n\r\t" : NULL))
				abort();
		}
		if (f->type == FT_INT && (v->i < f->min || v->i > f->max))
			abort();
	}
}

#endif
