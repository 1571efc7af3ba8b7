/* api_org: the organisation tree over JSON, always within the caller's subtree. */
#include "api/api.h"
#include "domain/org.h"

#define PAGE_DEFAULT 50

static void
answer_org(struct req *r, unsigned status, const struct db_org *o)
{
	api_json(r, status, org_to_json(o));
}

static json_t *
org_list(const struct db_org *list, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, org_to_json(&list[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

void
api_org_get(struct req *r)
{
	struct db_org o;
	struct xg_error err;

	if (xg_from_db(&err, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &o), r->db,
		       "单位") != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_org(r, 200, &o);
}

void
api_org_children(struct req *r)
{
	int64_t limit = param_int(&r->query, F_LIMIT, PAGE_DEFAULT);
	int64_t offset = param_int(&r->query, F_OFFSET, 0);
	struct db_org parent, *list;
	struct xg_error err;
	size_t n;

	/* The parent itself must be in scope: a sibling's unit answers 404, not an empty list. */
	if (xg_from_db(&err, db_org_get(r->db, r->a, r->actor.org_path, r->id[0], &parent), r->db,
		       "单位") != XG_OK ||
	    xg_from_db(
		&err,
		db_org_children(r->db, r->a, r->actor.org_path, r->id[0], limit, offset, &list, &n),
		r->db, "单位") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I,s:o*}", "total", (json_int_t)parent.children, "items",
			   org_list(list, n)));
}

void
api_org_search(struct req *r)
{
	const char *q = param_str(&r->query, F_Q);
	int64_t limit = param_int(&r->query, F_LIMIT, PAGE_DEFAULT);
	int64_t offset = param_int(&r->query, F_OFFSET, 0);
	struct db_org *list;
	struct xg_error err;
	int64_t total;
	size_t n;

	if (xg_from_db(&err,
		       db_org_search(r->db, r->a, r->actor.org_path, q ? q : "", limit, offset,
				     &list, &n, &total),
		       r->db, "单位") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", org_list(list, n)));
}

/* The fields of a create or update body, as a change. */
static void
read_change(struct req *r, struct org_change *c)
{
	c->set_parent = param_has(&r->body, F_PARENT_ID);
	c->parent_id = param_int(&r->body, F_PARENT_ID, 0);
	c->set_code = param_has(&r->body, F_CODE);
	c->code = param_str(&r->body, F_CODE);
	c->set_name = param_has(&r->body, F_NAME);
	c->name = param_str(&r->body, F_NAME);
	c->set_kind = param_has(&r->body, F_KIND);
	c->kind = param_str(&r->body, F_KIND);
	c->set_members = param_has(&r->body, F_MEMBERS);
	c->members = param_int(&r->body, F_MEMBERS, 0);
}

void
api_org_create(struct req *r)
{
	struct org_change c = {0};
	struct db_org out;
	struct xg_error err;

	read_change(r, &c);
	if (org_create(r->db, r->a, &r->actor, &c, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_org(r, 201, &out);
}

void
api_org_update(struct req *r)
{
	struct org_change c = {0};
	struct db_org out;
	struct xg_error err;

	read_change(r, &c);
	c.set_closed = param_has(&r->body, F_CLOSED);
	c.closed = param_bool(&r->body, F_CLOSED, false);
	if (!c.set_parent && !c.set_code && !c.set_name && !c.set_kind && !c.set_members &&
	    !c.set_closed) {
		xg_fail(&err, XG_INVALID, "empty_change", NULL, "请求中没有要修改的字段");
		api_error(r, &err);
		return;
	}
	if (org_update(r->db, r->a, &r->actor, r->id[0], &c, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	answer_org(r, 200, &out);
}

void
api_kind_list(struct req *r)
{
	struct db_kind *kinds;
	struct xg_error err;
	json_t *arr;
	size_t n, i;

	if (xg_from_db(&err, db_kind_list(r->db, r->a, &kinds, &n), r->db, "单位类型") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s}", "id", (json_int_t)kinds[i].id,
						     "name", kinds[i].name));
	api_json(r, 200, json_pack("{s:o*}", "items", arr));
}
