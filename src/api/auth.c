/* api_auth: login, logout, the caller's own account and API tokens. */
#include <string.h>

#include "api/api.h"
#include "domain/auth.h"
#include "base/tree.h"
#include "domain/org.h"
#include "domain/user.h"

/* The caller and where they stand: their unit and the path down to it (names only). */
static json_t *
me_json(struct req *r, const struct actor *who)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)who->user_id,
			      "username", who->username, "display_name", who->display_name, "role",
			      role_code(who->role), "role_label", role_label(who->role), "org_id",
			      (json_int_t)who->org_id, "org_name", who->org_name);
	json_t *crumbs = json_array();
	int64_t ids[TREE_DEPTH_MAX];
	size_t n = tree_ids(who->org_path, ids, TREE_DEPTH_MAX), i;

	if (j == NULL || crumbs == NULL) {
		json_decref(j);
		json_decref(crumbs);
		return NULL;
	}
	/* The breadcrumb of the caller's own place; ancestors show their name and nothing else. */
	for (i = 0; i < n; i++) {
		struct db_org o;
		if (db_org_get(r->db, r->a, NULL, ids[i], &o) == DB_OK)
			json_array_append_new(
			    crumbs, json_pack("{s:I,s:s}", "id", (json_int_t)o.id, "name", o.name));
	}
	json_object_set_new(j, "org_path", crumbs);
	return j;
}

void
api_login(struct req *r)
{
	struct auth_login login;
	struct xg_error err;
	json_t *j;

	if (auth_login(r->db, r->a, &r->policy, param_str(&r->body, F_USERNAME),
		       param_str(&r->body, F_PASSWORD), r->client, r->now, &login, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	r->set_cookie = http_session_cookie(r, login.token);
	j = json_pack("{s:o*,s:s}", "user", me_json(r, &login.actor), "csrf_token", login.csrf);
	api_json(r, 200, j);
}

void
api_logout(struct req *r)
{
	struct xg_error err;

	if (auth_logout(r->db, &r->actor, r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	if (r->via_cookie)
		r->set_cookie = http_clear_cookie(r);
	api_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void
api_me(struct req *r)
{
	json_t *j = me_json(r, &r->actor);

	if (j != NULL && r->actor.csrf != NULL)
		json_object_set_new(j, "csrf_token", json_string(r->actor.csrf));
	api_json(r, 200, j);
}

void
api_me_password(struct req *r)
{
	struct xg_error err;

	if (user_set_password(r->db, r->a, &r->policy, &r->actor, r->actor.user_id,
			      param_str(&r->body, F_OLD_PASSWORD), param_str(&r->body, F_PASSWORD),
			      r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void
api_token_list(struct req *r)
{
	struct db_session *list;
	struct xg_error err;
	json_t *arr;
	size_t n, i;

	if (xg_from_db(&err, db_token_list(r->db, r->a, r->actor.user_id, &list, &n), r->db,
		       "接口令牌") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s?,s:I,s:I,s:I}", "id",
						     (json_int_t)list[i].id, "label", list[i].label,
						     "created_at", (json_int_t)list[i].created_at,
						     "last_used_at", (json_int_t)list[i].last_seen,
						     "expires_at", (json_int_t)list[i].expires_at));
	api_json(r, 200, json_pack("{s:o*}", "tokens", arr));
}

void
api_token_create(struct req *r)
{
	char token[AUTH_TOKEN_LEN + 1];
	struct xg_error err;
	int64_t id, expires;

	if (auth_token_create(r->db, &r->policy, &r->actor, param_str(&r->body, F_LABEL), r->now,
			      token, &id, &expires, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201,
		 json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "token", token, "expires_at",
			   (json_int_t)expires));
}

void
api_token_delete(struct req *r)
{
	struct xg_error err;

	if (auth_token_delete(r->db, &r->actor, r->id[0], r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:b}", "ok", 1));
}
