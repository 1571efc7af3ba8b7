/* api_record: work records (工作台账) and the figures rolled up from them, over JSON, always within
 * the caller's subtree. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/day.h"
#include "base/tree.h"
#include "domain/record.h"
#include "domain/stats.h"

#define PAGE_DEFAULT 20

static json_t *
record_list_json(const struct db_record *list, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, record_to_json(&list[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* The kind's fields the request carries, as a JSON object keyed by their names. */
static json_t *
read_detail(struct req *r)
{
	json_t *d = json_object();
	int k;

	for (k = 0; d != NULL && k < RECORD_KIND__MAX; k++) {
		size_t n, i;
		const struct record_field *f = record_fields((enum record_kind)k, &n);
		for (i = 0; i < n; i++) {
			enum field_id id = param_field_of(f[i].name);
			json_t *v;
			if (id == F__NONE || !param_has(&r->body, id) ||
			    json_object_get(d, f[i].name) != NULL)
				continue;
			if (f[i].type == RF_INT)
				v = json_integer(param_int(&r->body, id, 0));
			else if (f[i].type == RF_BOOL)
				v = json_boolean(param_bool(&r->body, id, false));
			else
				v = json_string(param_str(&r->body, id));
			if (v == NULL || json_object_set_new(d, f[i].name, v) != 0) {
				json_decref(d);
				return NULL;
			}
		}
	}
	return d;
}

static bool
read_input(struct req *r, struct record_input *in)
{
	in->set_org = param_has(&r->body, F_ORG_ID);
	in->org_id = param_int(&r->body, F_ORG_ID, 0);
	in->set_kind = param_has(&r->body, F_KIND);
	in->kind = param_str(&r->body, F_KIND);
	in->set_day = param_has(&r->body, F_DATE);
	in->day = param_str(&r->body, F_DATE);
	in->set_title = param_has(&r->body, F_TITLE);
	in->title = param_str(&r->body, F_TITLE);
	in->set_campaign = param_has(&r->body, F_CAMPAIGN_ID);
	in->campaign_id = param_int(&r->body, F_CAMPAIGN_ID, 0);
	in->set_participants = param_has(&r->body, F_PARTICIPANTS);
	in->participants = param_int(&r->body, F_PARTICIPANTS, 0);
	in->set_audience = param_has(&r->body, F_AUDIENCE);
	in->audience = param_int(&r->body, F_AUDIENCE, 0);
	in->set_hours = param_has(&r->body, F_HOURS);
	in->hours = param_int(&r->body, F_HOURS, 0);
	in->set_sections = param_has(&r->body, F_SECTIONS);
	in->sections = param_ids(&r->body, F_SECTIONS, &in->nsections);
	in->set_task = param_has(&r->body, F_TASK_ID);
	in->task_id = param_int(&r->body, F_TASK_ID, 0);
	in->detail = read_detail(r);
	return in->detail != NULL;
}

void
api_record_create(struct req *r)
{
	struct record_input in = {0};
	struct db_record out;
	struct xg_error err;

	if (!read_input(r, &in)) {
		api_internal(r);
		return;
	}
	if (record_create(r->db, r->a, &r->actor, &in, r->now, &out, &err) != XG_OK)
		api_error(r, &err);
	else
		api_json(r, 201, record_to_json(&out));
	json_decref(in.detail);
}

void
api_record_update(struct req *r)
{
	struct record_input in = {0};
	struct db_record out;
	struct xg_error err;

	if (!read_input(r, &in)) {
		api_internal(r);
		return;
	}
	if (r->body.n == 0 || (!in.set_org && !in.set_kind && !in.set_day && !in.set_title &&
			       !in.set_campaign && !in.set_participants && !in.set_audience &&
			       !in.set_hours && !in.set_sections && !in.set_task &&
			       json_object_size(in.detail) == 0)) {
		xg_fail(&err, XG_INVALID, "empty_change", NULL, "请求中没有要修改的字段");
		api_error(r, &err);
	} else if (record_update(r->db, r->a, &r->actor, r->id[0], &in, r->now, &out, &err) !=
		   XG_OK) {
		api_error(r, &err);
	} else {
		api_json(r, 200, record_to_json(&out));
	}
	json_decref(in.detail);
}

void
api_record_get(struct req *r)
{
	struct db_record rec;
	struct xg_error err;

	if (xg_from_db(&err, db_record_get(r->db, r->a, r->actor.org_path, r->id[0], &rec), r->db,
		       "台账") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, record_to_json(&rec));
}

void
api_record_delete(struct req *r)
{
	struct xg_error err;

	if (record_delete(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_REASON), r->now,
			  &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)r->id[0], "deleted", 1));
}

static void
review(struct req *r, enum record_step step)
{
	const char *reason = step == RECORD_RETURN ? param_str(&r->body, F_REASON) : NULL;
	struct db_record out;
	struct xg_error err;

	if (record_review(r->db, r->a, &r->actor, r->id[0], step, reason, r->now, &out, &err) !=
	    XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, record_to_json(&out));
}

void
api_record_submit(struct req *r)
{
	review(r, RECORD_SUBMIT);
}

void
api_record_approve(struct req *r)
{
	review(r, RECORD_APPROVE);
}

void
api_record_return(struct req *r)
{
	review(r, RECORD_RETURN);
}

/* The filter of a list's query; XG_NOTFOUND when org_id is outside the caller's subtree. */
static enum xg_rc
read_filter(struct req *r, struct db_record_filter *f, struct xg_error *err)
{
	int64_t org_id = param_int(&r->query, F_ORG_ID, 0);
	const char *kind = param_str(&r->query, F_KIND);
	struct db_org unit;
	int64_t d;

	memset(f, 0, sizeof(*f));
	f->scope = r->actor.org_path;
	if (org_id != 0) {
		enum xg_rc rc = xg_from_db(
		    err, db_org_get(r->db, r->a, r->actor.org_path, org_id, &unit), r->db, "单位");
		if (rc != XG_OK)
			return rc;
		if (param_bool(&r->query, F_SUBTREE, false))
			f->scope = unit.path;
		else
			f->org_id = org_id;
	}
	if (kind != NULL && record_kind_parse(kind) == RECORD_KIND__MAX)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
	f->kind = kind;
	f->campaign_id = param_int(&r->query, F_CAMPAIGN_ID, 0);
	f->from = param_str(&r->query, F_FROM);
	f->to = param_str(&r->query, F_TO);
	if ((f->from != NULL && day_parse(f->from, &d) != 0) ||
	    (f->to != NULL && day_parse(f->to, &d) != 0))
		return xg_fail(err, XG_INVALID, "invalid_date", f->from != NULL ? "from" : "to",
			       "日期格式应为 YYYY-MM-DD");
	f->q = param_str(&r->query, F_Q);
	f->state = param_str(&r->query, F_STATE);
	f->limit = param_int(&r->query, F_LIMIT, PAGE_DEFAULT);
	f->offset = param_int(&r->query, F_OFFSET, 0);
	return record_sort_parse(param_str(&r->query, F_SORT), &f->sort, err);
}

void
api_record_list(struct req *r)
{
	struct db_record_filter f;
	struct db_record *list;
	struct xg_error err;
	int64_t total = 0;
	size_t n;

	if (read_filter(r, &f, &err) != XG_OK ||
	    xg_from_db(&err, db_record_list(r->db, r->a, &f, &list, &n, &total), r->db, "台账") !=
		XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items",
			   record_list_json(list, n)));
}

/* Stats: the roll-ups of one unit (domain/stats.h), by kind, by month and by child */

static json_t *
figures_json(const struct stats_figures *f)
{
	json_t *o = json_object();
	int k;

	for (k = 0; o != NULL && k < RECORD_KIND__MAX; k++)
		if (json_object_set_new(
			o, record_kind_code((enum record_kind)k),
			json_pack("{s:I,s:I,s:I,s:I}", "records",
				  (json_int_t)f->v[k][STATS_RECORDS], "participants",
				  (json_int_t)f->v[k][STATS_PARTICIPANTS], "audience",
				  (json_int_t)f->v[k][STATS_AUDIENCE], "hours",
				  (json_int_t)f->v[k][STATS_HOURS])) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

/* The days the figures cover: whole months, so a day is widened to its month (null: open). */
static json_t *
day_or_null(const char *day)
{
	return day[0] != '\0' ? json_string(day) : json_null();
}

static int
dump_to_buf(const char *p, size_t n, void *data)
{
	buf_append(data, p, n);
	return 0;
}

/* Append j's compact JSON to b and drop j; a NULL j (jansson out of memory) marks b failed. */
static void
put_json(struct buf *b, json_t *j)
{
	if (j == NULL || json_dump_callback(j, dump_to_buf, b, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		b->err = 1;
	json_decref(j);
}

/*
 * The answer's JSON text (a stats_render_fn): into the arena, as stats_answer keeps it. Written a
 * month and a child at a time, the same text json_dumps gave of the whole tree: a tree of 220
 * children held about a megabyte of jansson's objects per answer in the making, in each worker's
 * malloc arena (docs/operations.md, "Memory").
 */
static enum xg_rc
stats_render(void *ctx, struct arena *a, const struct stats *s, const struct stats_period *p,
	     const char **text, size_t *len, struct xg_error *err)
{
	unsigned long failures = alloc_json_failures();
	struct buf b;
	char *copy = NULL;
	size_t i;

	(void)ctx;
	buf_init(&b);
	buf_printf(&b, "{\"org_id\":%lld,\"name\":", (long long)s->unit.id);
	put_json(&b, json_string(s->unit.name));
	buf_puts(&b, ",\"from\":");
	put_json(&b, day_or_null(p->from_day));
	buf_puts(&b, ",\"to\":");
	put_json(&b, day_or_null(p->to_day));
	buf_puts(&b, ",\"kinds\":");
	put_json(&b, figures_json(&s->total));
	buf_puts(&b, ",\"months\":[");
	for (i = 0; i < s->nmonths && !b.err; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		put_json(&b, json_pack("{s:s,s:o}", "month", s->months[i].month, "kinds",
				       figures_json(&s->months[i].f)));
	}
	buf_puts(&b, "],\"children\":[");
	for (i = 0; i < s->nchildren && !b.err; i++) {
		const struct stats_child *c = &s->children[i];
		if (i > 0)
			buf_putc(&b, ',');
		put_json(&b, json_pack("{s:I,s:s,s:b,s:o}", "org_id", (json_int_t)c->org->id,
				       "name", c->org->name, "closed", c->org->closed, "kinds",
				       figures_json(&c->f)));
	}
	buf_puts(&b, "]}");
	/* jansson drops what it has no memory for and carries on: a torn text must not be kept. */
	if (!b.err && alloc_json_failures() == failures &&
	    (copy = arena_alloc(a, b.len + 1)) != NULL) {
		memcpy(copy, b.data, b.len + 1);
		*len = b.len;
		*text = copy;
	}
	buf_free(&b);
	if (copy == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	return XG_OK;
}

/* The figures' text is the same for everyone who may see them: stats_answer keeps it while the data
 * is unchanged, and checks the caller's scope every time. */
void
api_org_stats(struct req *r)
{
	struct stats_period p;
	struct xg_error err;
	const char *text = NULL;
	size_t len = 0;

	if (stats_period_days(param_str(&r->query, F_FROM), param_str(&r->query, F_TO), &p, &err) !=
		XG_OK ||
	    stats_answer(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_CAMPAIGN_ID, 0),
			 &p, "api", stats_render, NULL, &text, &len, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	http_reply(r, 200, "application/json; charset=utf-8", text, len);
}

/* The list's filter, for the exports (api/record_export.c): the same fields, the same scope. */
enum xg_rc
api_record_filter(struct req *r, struct db_record_filter *f, struct xg_error *err)
{
	return read_filter(r, f, err);
}
