/* api_user: accounts over JSON, within the caller's subtree and the caller's role's reach. */
#include "api/api.h"
#include "domain/user.h"

void
api_user_list(struct req *r)
{
	const char *q = param_str(&r->query, F_Q);
	int64_t org_id = param_int(&r->query, F_ORG_ID, 0);
	int64_t limit = param_int(&r->query, F_LIMIT, 50);
	int64_t offset = param_int(&r->query, F_OFFSET, 0);
	struct db_user *list;
	struct db_org o;
	struct xg_error err;
	json_t *arr;
	int64_t total;
	size_t n, i;

	/* A unit filter outside the subtree answers 404, like the unit itself. */
	if ((org_id > 0 && xg_from_db(&err, db_org_get(r->db, r->a, r->actor.org_path, org_id, &o),
				      r->db, "单位") != XG_OK) ||
	    xg_from_db(&err,
		       db_user_list(r->db, r->a, r->actor.org_path, org_id, q, limit, offset, &list,
				    &n, &total),
		       r->db, "账号") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, user_to_json(&list[i]));
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_user_get(struct req *r)
{
	struct db_user u;
	struct xg_error err;

	if (xg_from_db(&err, db_user_get(r->db, r->a, r->actor.org_path, r->id[0], &u), r->db,
		       "账号") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, user_to_json(&u));
}

void
api_user_create(struct req *r)
{
	struct user_new in = {.username = param_str(&r->body, F_USERNAME),
			      .display_name = param_str(&r->body, F_DISPLAY_NAME),
			      .role = param_str(&r->body, F_ROLE),
			      .org_id = param_int(&r->body, F_ORG_ID, 0),
			      .password = param_str(&r->body, F_PASSWORD)};
	struct db_user u;
	struct xg_error err;
	int64_t id;

	if (user_create(r->db, r->a, &r->policy, &r->actor, &in, r->now, &id, &err) != XG_OK ||
	    xg_from_db(&err, db_user_get(r->db, r->a, NULL, id, &u), r->db, "账号") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, user_to_json(&u));
}

void
api_user_update(struct req *r)
{
	struct user_change c = {
	    .set_display_name = param_has(&r->body, F_DISPLAY_NAME),
	    .display_name = param_str(&r->body, F_DISPLAY_NAME),
	    .set_role = param_has(&r->body, F_ROLE),
	    .role = param_str(&r->body, F_ROLE),
	    .set_org = param_has(&r->body, F_ORG_ID),
	    .org_id = param_int(&r->body, F_ORG_ID, 0),
	    .set_disabled = param_has(&r->body, F_DISABLED),
	    .disabled = param_bool(&r->body, F_DISABLED, false),
	};
	struct db_user out;
	struct xg_error err;

	if (!c.set_display_name && !c.set_role && !c.set_org && !c.set_disabled) {
		xg_fail(&err, XG_INVALID, "empty_change", NULL, "请求中没有要修改的字段");
		api_error(r, &err);
		return;
	}
	if (user_update(r->db, r->a, &r->actor, r->id[0], &c, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, user_to_json(&out));
}

void
api_user_password(struct req *r)
{
	struct xg_error err;

	if (r->id[0] == r->actor.user_id) {
		xg_fail(&err, XG_INVALID, "own_account", NULL,
			"修改本人密码请使用 /api/v1/me/password，并提供当前密码");
		api_error(r, &err);
		return;
	}
	if (user_set_password(r->db, r->a, &r->policy, &r->actor, r->id[0], NULL,
			      param_str(&r->body, F_PASSWORD), r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:b}", "ok", 1));
}
