/* api_campaign: campaigns (专项工作) over JSON — those of the caller's subtree and of its
 * ancestors. */
#include "api/api.h"
#include "domain/campaign.h"

#define PAGE_DEFAULT 50

/* The fields of a body; only a creation names the running unit (it never changes). */
static void
read_change(struct req *r, bool create, struct campaign_change *c)
{
	c->set_org = create && param_has(&r->body, F_ORG_ID);
	c->org_id = create ? param_int(&r->body, F_ORG_ID, 0) : 0;
	c->set_name = param_has(&r->body, F_NAME);
	c->name = param_str(&r->body, F_NAME);
	c->set_start = param_has(&r->body, F_START_DATE);
	c->start_date = param_str(&r->body, F_START_DATE);
	c->set_end = param_has(&r->body, F_END_DATE);
	c->end_date = param_str(&r->body, F_END_DATE);
	c->set_description = param_has(&r->body, F_DESCRIPTION);
	c->description = param_str(&r->body, F_DESCRIPTION);
	c->set_warn_days = param_has(&r->body, F_WARN_DAYS);
	c->warn_days = param_int(&r->body, F_WARN_DAYS, 0);
	c->set_light_rule = param_has(&r->body, F_LIGHT_RULE);
	c->light_rule = param_str(&r->body, F_LIGHT_RULE);
	c->set_light_share = param_has(&r->body, F_LIGHT_SHARE);
	c->light_share = param_int(&r->body, F_LIGHT_SHARE, 0);
}

void
api_campaign_list(struct req *r)
{
	int64_t limit = param_int(&r->query, F_LIMIT, PAGE_DEFAULT);
	int64_t offset = param_int(&r->query, F_OFFSET, 0);
	struct db_campaign *list;
	struct xg_error err;
	int64_t total = 0;
	json_t *arr;
	size_t n, i;

	if (xg_from_db(
		&err,
		db_campaign_list(r->db, r->a, r->actor.org_path, limit, offset, &list, &n, &total),
		r->db, "专项工作") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, campaign_to_json(&list[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_campaign_get(struct req *r)
{
	struct db_campaign c;
	struct xg_error err;

	if (xg_from_db(&err, db_campaign_get(r->db, r->a, r->actor.org_path, r->id[0], &c), r->db,
		       "专项工作") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, campaign_to_json(&c));
}

void
api_campaign_create(struct req *r)
{
	struct campaign_change c = {0};
	struct db_campaign out;
	struct xg_error err;

	read_change(r, true, &c);
	if (campaign_create(r->db, r->a, &r->actor, &c, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, campaign_to_json(&out));
}

void
api_campaign_update(struct req *r)
{
	struct campaign_change c = {0};
	struct db_campaign out;
	struct xg_error err;

	read_change(r, false, &c);
	if (!c.set_name && !c.set_start && !c.set_end && !c.set_description && !c.set_org &&
	    !c.set_warn_days && !c.set_light_rule && !c.set_light_share) {
		xg_fail(&err, XG_INVALID, "empty_change", NULL, "请求中没有要修改的字段");
		api_error(r, &err);
		return;
	}
	if (campaign_update(r->db, r->a, &r->actor, r->id[0], &c, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, campaign_to_json(&out));
}
