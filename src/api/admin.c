/* api_admin: the separated administrators' endpoints — audit log (auditor), policy and locks
 * (secadmin). */
#include <string.h>

#include "api/api.h"
#include "domain/audit.h"
#include "domain/auth.h"

static json_t *
audit_json(const struct db_audit *e)
{
	json_t *j =
	    json_pack("{s:I,s:I,s:s,s:s?,s:s,s:s,s:s?,s:s?,s:s?,s:s?}", "id", (json_int_t)e->id,
		      "at", (json_int_t)e->at, "actor", e->actor_name, "client", e->client, "action",
		      e->action, "action_label", audit_action_label(e->action), "object_type",
		      e->object_type, "object_label", audit_object_label(e->object_type),
		      "object_id", e->object_id, "summary", e->summary);
	json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
	json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;

	if (j == NULL) {
		json_decref(before);
		json_decref(after);
		return NULL;
	}
	json_object_set_new(j, "before", before ? before : json_null());
	json_object_set_new(j, "after", after ? after : json_null());
	return j;
}

void
api_audit_list(struct req *r)
{
	struct db_audit_filter f = {
	    .scope = audit_scope_of(&r->actor),
	    .actor = param_str(&r->query, F_ACTOR),
	    .action = param_str(&r->query, F_ACTION),
	    .object_type = param_str(&r->query, F_OBJECT_TYPE),
	    .object_id = param_str(&r->query, F_OBJECT_ID),
	    .before_id = param_int(&r->query, F_BEFORE, 0),
	    .limit = param_int(&r->query, F_LIMIT, 50),
	    .offset = param_int(&r->query, F_OFFSET, 0),
	};
	struct db_audit *list;
	struct xg_error err;
	int64_t total;
	json_t *arr;
	size_t n, i;
	enum xg_rc rc =
	    audit_filter_days(&f, param_str(&r->query, F_FROM), param_str(&r->query, F_TO), &err);

	if (rc == XG_OK)
		rc = xg_from_db(&err, db_audit_list(r->db, r->a, &f, &list, &n, &total), r->db,
				"审计日志");
	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, audit_json(&list[i]));
	/* A full page may have more after it: next_before asks for them (keyset paging). */
	api_json(
	    r, 200,
	    json_pack("{s:I,s:o*,s:o*}", "total", (json_int_t)total, "items", arr, "next_before",
		      n > 0 && (int64_t)n == f.limit ? json_integer(list[n - 1].id) : json_null()));
}

void
api_policy_get(struct req *r)
{
	api_json(r, 200, policy_to_json(&r->policy));
}

void
api_policy_update(struct req *r)
{
	const char *keys[16];
	int64_t values[16];
	size_t nf, i, n = 0;
	const struct policy_field *fields = policy_fields(&nf);
	struct policy after;
	struct xg_error err;

	for (i = 0; i < nf && n < 16; i++)
		if (param_has(&r->body, param_field_of(fields[i].key))) {
			keys[n] = fields[i].key;
			values[n++] = param_int(&r->body, param_field_of(fields[i].key), 0);
		}
	if (n == 0) {
		xg_fail(&err, XG_INVALID, "empty_change", NULL, "请求中没有要修改的策略项");
		api_error(r, &err);
		return;
	}
	if (policy_update(r->db, &r->actor, keys, values, n, r->now, &err) != XG_OK ||
	    xg_from_db(&err, policy_load(r->db, &after), r->db, "安全策略") != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, policy_to_json(&after));
}

void
api_lock_list(struct req *r)
{
	struct db_throttle *list;
	struct xg_error err;
	json_t *arr;
	size_t n, i;

	if (xg_from_db(&err, db_throttle_locked(r->db, r->a, r->now, &list, &n), r->db,
		       "锁定记录") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr,
				      json_pack("{s:s,s:I,s:I}", "key", list[i].key, "failures",
						(json_int_t)list[i].failures, "locked_until",
						(json_int_t)list[i].locked_until));
	api_json(r, 200, json_pack("{s:o*}", "items", arr));
}

void
api_lock_clear(struct req *r)
{
	struct xg_error err;

	if (auth_unlock(r->db, &r->actor, param_str(&r->body, F_KEY), r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, json_pack("{s:b}", "ok", 1));
}
