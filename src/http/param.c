/* param: validation of declared request fields. */
#include "http/param.h"

#include <assert.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"

static const char *const field_names[F__MAX] = {
#define PARAM_FIELD_NAME(id, name) [F_##id] = name,
    PARAM_FIELDS(PARAM_FIELD_NAME)
#undef PARAM_FIELD_NAME
};

const char *
param_field_name(enum field_id id)
{
	return id > F__NONE && id < F__MAX ? field_names[id] : "?";
}

enum field_id
param_field_of(const char *name)
{
	int id;

	for (id = F__NONE + 1; id < F__MAX; id++)
		if (strcmp(field_names[id], name) == 0)
			return (enum field_id)id;
	return F__NONE;
}

static const struct field *
find_field(const struct field *fields, const char *name)
{
	const struct field *f;

	for (f = fields; f != NULL && f->id != F__NONE; f++)
		if (strcmp(field_names[f->id], name) == 0)
			return f;
	return NULL;
}

static size_t
count_fields(const struct field *fields)
{
	size_t n = 0;

	while (fields != NULL && fields[n].id != F__NONE)
		n++;
	return n;
}

/*
 * An unknown field's name is repeated in the error only when it looks like a
 * field name ([a-z0-9_], 1..32): the answer must never carry the request's markup back.
 */
static const char *
field_name_or_null(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return NULL;
	return name;
}

static enum xg_rc
init_params(struct arena *a, const struct field *fields, struct params *out, struct xg_error *err)
{
	size_t i;

	out->n = count_fields(fields);
	out->v = arena_alloc(a, (out->n + 1) * sizeof(*out->v));
	if (out->v == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < out->n; i++)
		out->v[i].f = &fields[i];
	return XG_OK;
}

static struct param *
slot(struct params *p, const struct field *f)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].f == f)
			return &p->v[i];
	return NULL;
}

static enum xg_rc
check_string(const struct field *f, const char *s, size_t n, struct xg_error *err)
{
	struct slice sl = {s, n};
	size_t max = f->max_len ? f->max_len : 200;

	if (str_utf8_check(sl) != n)
		return xg_fail(err, XG_INVALID, "invalid_utf8", param_field_name(f->id),
			       "字段 %s 含有无效的 UTF-8 编码", param_field_name(f->id));
	if (memchr(s, '\0', n) != NULL || str_has_control(sl, f->multiline ? "\n\r\t" : NULL))
		return xg_fail(err, XG_INVALID, "invalid_text", param_field_name(f->id),
			       "字段 %s 含有控制字符", param_field_name(f->id));
	if (str_utf8_len(sl) > max)
		return xg_fail(err, XG_INVALID, "too_long", param_field_name(f->id),
			       "字段 %s 不能超过 %zu 个字符", param_field_name(f->id), max);
	return XG_OK;
}

static enum xg_rc
wrong_type(const struct field *f, struct xg_error *err)
{
	static const char *const names[] = {[FT_STRING] = "文本",
					    [FT_INT] = "整数",
					    [FT_BOOL] = "true 或 false",
					    [FT_IDS] = "编号列表"};
	return xg_fail(err, XG_INVALID, "wrong_type", param_field_name(f->id), "字段 %s 应为%s",
		       param_field_name(f->id), names[f->type]);
}

static enum xg_rc
check_int(const struct field *f, int64_t v, struct xg_error *err)
{
	if (v < f->min || v > f->max)
		return xg_fail(err, XG_INVALID, "out_of_range", param_field_name(f->id),
			       "字段 %s 应在 %lld 到 %lld 之间", param_field_name(f->id),
			       (long long)f->min, (long long)f->max);
	return XG_OK;
}

static enum xg_rc
check_required(const struct params *p, struct xg_error *err)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].f->required && !p->v[i].present)
			return xg_fail(err, XG_INVALID, "required", param_field_name(p->v[i].f->id),
				       "缺少必填字段 %s", param_field_name(p->v[i].f->id));
	return XG_OK;
}

static bool
is_implicit(const char *name, const char *const *implicit)
{
	for (; implicit != NULL && *implicit != NULL; implicit++)
		if (strcmp(name, *implicit) == 0)
			return true;
	return false;
}

#define IDS_MAX_DEFAULT 1000

/* Room for the ids of field f in p, from the arena (n of them at most). */
static enum xg_rc
ids_room(struct arena *a, struct param *p, size_t n, struct xg_error *err)
{
	size_t max = p->f->max_len != 0 ? p->f->max_len : IDS_MAX_DEFAULT;

	if (n > max)
		return xg_fail(err, XG_INVALID, "too_many", param_field_name(p->f->id),
			       "字段 %s 最多 %zu 项", param_field_name(p->f->id), max);
	p->ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	p->nids = 0;
	return p->ids != NULL ? XG_OK : xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
}

/* Add v to p's ids: in range and not yet there. */
static enum xg_rc
ids_add(struct param *p, int64_t v, struct xg_error *err)
{
	int64_t *ids = (int64_t *)p->ids;
	size_t i;

	if (check_int(p->f, v, err) != XG_OK)
		return err->rc;
	for (i = 0; i < p->nids; i++)
		if (ids[i] == v)
			return xg_fail(err, XG_INVALID, "duplicate_id", param_field_name(p->f->id),
				       "字段 %s 中编号 %lld 重复", param_field_name(p->f->id),
				       (long long)v);
	ids[p->nids++] = v;
	return XG_OK;
}

/* "1,2,3"; "" is an empty list. */
static enum xg_rc
ids_from_text(struct arena *a, struct param *p, const char *value, struct xg_error *err)
{
	size_t n = value[0] != '\0';
	const char *s, *item = value;
	enum xg_rc rc;

	for (s = value; *s != '\0'; s++)
		n += *s == ',';
	rc = ids_room(a, p, n, err);
	for (s = value; rc == XG_OK && n > 0; s++) {
		int64_t v;
		if (*s != ',' && *s != '\0')
			continue;
		if (str_parse_i64((struct slice){item, (size_t)(s - item)}, INT64_MIN, INT64_MAX,
				  &v) != 0)
			return wrong_type(p->f, err);
		rc = ids_add(p, v, err);
		if (*s == '\0')
			break;
		item = s + 1;
	}
	return rc;
}

/* A JSON array of integers. */
static enum xg_rc
ids_from_json(struct arena *a, struct param *p, json_t *v, struct xg_error *err)
{
	enum xg_rc rc;
	size_t i;
	json_t *item;

	if (!json_is_array(v))
		return wrong_type(p->f, err);
	rc = ids_room(a, p, json_array_size(v), err);
	json_array_foreach(v, i, item)
	{
		if (rc != XG_OK)
			break;
		if (!json_is_integer(item))
			return wrong_type(p->f, err);
		rc = ids_add(p, json_integer_value(item), err);
	}
	return rc;
}

/* A text value for field f (from a query string or a form). */
static enum xg_rc
set_text(struct arena *a, struct param *p, const char *value, struct xg_error *err)
{
	const struct field *f = p->f;
	enum xg_rc rc;

	if (p->present && f->type == FT_IDS) {
		/* Checkboxes of one name: each adds its ids, and the list is read again whole. */
		value = arena_printf(a, "%s,%s", p->s, value);
		if (value == NULL)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		p->present = false;
	}
	if (p->present)
		return xg_fail(err, XG_INVALID, "duplicate_field", param_field_name(f->id),
			       "字段 %s 重复出现", param_field_name(f->id));
	/* A list's length is checked in items, not characters. */
	rc = f->type == FT_IDS ? XG_OK : check_string(f, value, strlen(value), err);
	if (rc != XG_OK)
		return rc;
	switch (f->type) {
	case FT_STRING:
		p->s = value;
		break;
	case FT_INT:
		if (value[0] == '\0')
			return XG_OK; /* an empty form input is "not given" */
		if (str_parse_i64(str_slice(value), INT64_MIN, INT64_MAX, &p->i) != 0)
			return wrong_type(f, err);
		rc = check_int(f, p->i, err);
		if (rc != XG_OK)
			return rc;
		break;
	case FT_BOOL:
		if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "on") == 0)
			p->b = true;
		else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 || value[0] == '\0')
			p->b = false;
		else
			return wrong_type(f, err);
		break;
	case FT_IDS:
		p->s = value;
		rc = ids_from_text(a, p, value, err);
		if (rc != XG_OK)
			return rc;
		break;
	}
	p->present = true;
	return XG_OK;
}

enum xg_rc
param_from_pairs(struct arena *a, const struct field *fields, const struct raw_pair *raw,
		 size_t nraw, const char *const *implicit, struct params *out, struct xg_error *err)
{
	enum xg_rc rc = init_params(a, fields, out, err);
	size_t i;

	for (i = 0; rc == XG_OK && i < nraw; i++) {
		const struct field *f;
		if (is_implicit(raw[i].name, implicit))
			continue;
		f = find_field(fields, raw[i].name);
		/* The message never repeats the request; the field name goes in its own member. */
		if (f == NULL)
			return xg_fail(err, XG_INVALID, "unknown_field",
				       field_name_or_null(raw[i].name), "请求中有不支持的字段");
		rc = set_text(a, slot(out, f), raw[i].value, err);
	}
	if (rc == XG_OK)
		rc = check_required(out, err);
	return rc;
}

static enum xg_rc
set_json(struct arena *a, struct param *p, json_t *v, struct xg_error *err)
{
	const struct field *f = p->f;

	if (json_is_null(v)) {
		if (!f->nullable)
			return wrong_type(f, err);
		return XG_OK;
	}
	switch (f->type) {
	case FT_STRING:
		if (!json_is_string(v))
			return wrong_type(f, err);
		if (check_string(f, json_string_value(v), json_string_length(v), err) != XG_OK)
			return err->rc;
		p->s = json_string_value(v);
		break;
	case FT_INT:
		if (!json_is_integer(v))
			return wrong_type(f, err);
		p->i = json_integer_value(v);
		if (check_int(f, p->i, err) != XG_OK)
			return err->rc;
		break;
	case FT_BOOL:
		if (!json_is_boolean(v))
			return wrong_type(f, err);
		p->b = json_is_true(v);
		break;
	case FT_IDS:
		if (ids_from_json(a, p, v, err) != XG_OK)
			return err->rc;
		break;
	}
	p->present = true;
	return XG_OK;
}

enum xg_rc
param_from_json(struct arena *a, const struct field *fields, const char *body, size_t len,
		struct params *out, struct xg_error *err)
{
	json_error_t jerr;
	json_t *doc, *v;
	const char *key;
	unsigned long failures;
	enum xg_rc rc;

	rc = init_params(a, fields, out, err);
	if (rc != XG_OK)
		return rc;
	if (len == 0)
		return xg_fail(err, XG_INVALID, "empty_body", NULL, "请求体为空，应为 JSON 对象");
	failures = alloc_json_failures();
	doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	/* Out of memory is ours, not the sender's, and may have shortened a string: see
	 * base/alloc.h. Without alloc_json_malloc installed, jansson's own code says it. */
	if (alloc_json_failures() != failures ||
	    (doc == NULL && json_error_code(&jerr) == json_error_out_of_memory)) {
		json_decref(doc);
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	}
	if (doc == NULL)
		return xg_fail(err, XG_INVALID, "invalid_json", NULL,
			       "请求体不是有效的 JSON（第 %d 行第 %d 列）", jerr.line, jerr.column);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return xg_fail(err, XG_INVALID, "invalid_json", NULL, "请求体应为 JSON 对象");
	}
	json_object_foreach(doc, key, v)
	{
		const struct field *f = find_field(fields, key);
		if (f == NULL) {
			/* jansson guarantees keys are valid UTF-8; the key lives as long as doc. */
			rc =
			    xg_fail(err, XG_INVALID, "unknown_field", NULL, "请求中有不支持的字段");
			err->field = field_name_or_null(key) ? arena_strdup(a, key) : NULL;
			break;
		}
		rc = set_json(a, slot(out, f), v, err);
		if (rc != XG_OK)
			break;
	}
	if (rc == XG_OK)
		rc = check_required(out, err);
	/* Copy strings into the arena so the document can go now. */
	for (size_t i = 0; rc == XG_OK && i < out->n; i++)
		if (out->v[i].present && out->v[i].f->type == FT_STRING &&
		    (out->v[i].s = arena_strdup(a, out->v[i].s)) == NULL)
			rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	json_decref(doc);
	return rc;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into *out, arena memory ('+' is a space in forms). */
static enum xg_rc
decode(struct arena *a, const char *s, size_t n, const char **out, struct xg_error *err)
{
	char *d = arena_alloc(a, n + 1);
	size_t i, o = 0;

	if (d == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[o++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return xg_fail(err, XG_INVALID, "invalid_form", NULL,
					       "表单数据编码有误");
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			/* %00 would cut the value short: C strings end at NUL. */
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return xg_fail(err, XG_INVALID, "invalid_form", NULL,
					       "表单数据编码有误");
			d[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[o++] = s[i];
		}
	}
	d[o] = '\0';
	*out = d;
	return XG_OK;
}

enum xg_rc
param_parse_form(struct arena *a, const char *body, size_t len, struct raw_pair **out, size_t *n,
		 struct xg_error *err)
{
	size_t count = 1, i, k = 0, start = 0;
	struct raw_pair *pairs;

	*n = 0;
	if (len == 0)
		return XG_OK;
	for (i = 0; i < len; i++)
		if (body[i] == '&')
			count++;
	pairs = arena_alloc(a, count * sizeof(*pairs));
	if (pairs == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i <= len; i++) {
		const char *eq;
		size_t seg;
		if (i < len && body[i] != '&')
			continue;
		seg = i - start;
		if (seg > 0) {
			eq = memchr(body + start, '=', seg);
			size_t nl = eq ? (size_t)(eq - (body + start)) : seg;
			enum xg_rc rc = decode(a, body + start, nl, &pairs[k].name, err);
			pairs[k].value = "";
			if (rc == XG_OK && eq != NULL)
				rc = decode(a, eq + 1, seg - nl - 1, &pairs[k].value, err);
			if (rc != XG_OK)
				return rc; /* a bad escape, or out of memory (not the sender's
					      fault) */
			k++;
		}
		start = i + 1;
	}
	*out = pairs;
	*n = k;
	return XG_OK;
}

static const struct param *
get(const struct params *p, enum field_id id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].f->id == id)
			return &p->v[i];
	assert(!"field read by a handler but not declared by its route");
	return NULL;
}

bool
param_has(const struct params *p, enum field_id id)
{
	const struct param *v = get(p, id);
	return v != NULL && v->present;
}

const char *
param_str(const struct params *p, enum field_id id)
{
	const struct param *v = get(p, id);
	return v != NULL && v->present && v->f->type == FT_STRING ? v->s : NULL;
}

int64_t
param_int(const struct params *p, enum field_id id, int64_t def)
{
	const struct param *v = get(p, id);
	return v != NULL && v->present && v->f->type == FT_INT ? v->i : def;
}

bool
param_bool(const struct params *p, enum field_id id, bool def)
{
	const struct param *v = get(p, id);
	return v != NULL && v->present && v->f->type == FT_BOOL ? v->b : def;
}

const int64_t *
param_ids(const struct params *p, enum field_id id, size_t *n)
{
	const struct param *v = get(p, id);

	if (v == NULL || !v->present || v->f->type != FT_IDS) {
		*n = 0;
		return NULL;
	}
	*n = v->nids;
	return v->ids;
}
