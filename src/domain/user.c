/* user: account rules. */
#include "domain/user.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "base/str.h"

enum xg_rc
user_check_username(const char *username, struct xg_error *err)
{
	size_t i, n = username != NULL ? strlen(username) : 0;

	if (n == 0)
		return xg_fail(err, XG_INVALID, "required", "username", "请填写用户名");
	if (n < 2 || n > 32)
		return xg_fail(err, XG_INVALID, "invalid_username", "username",
			       "用户名应为 2 到 32 个字符");
	for (i = 0; i < n; i++) {
		char ch = username[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '.' || ch == '-'))
			return xg_fail(err, XG_INVALID, "invalid_username", "username",
				       "用户名只能包含小写字母、数字和 _ . -");
	}
	return XG_OK;
}

static enum xg_rc
check_display_name(const char *s, struct xg_error *err)
{
	return xg_check_name(s, "display_name", "姓名", 50, err);
}

/*
 * May actor give or change an account of role? The system actor (the
 * command line on the server) keeps every account; everyone else follows
 * role_may_manage, which keeps administrator accounts out of the web's reach.
 */
static enum xg_rc
check_role(const struct actor *actor, const char *role, struct xg_error *err)
{
	enum role r = role_parse(role);

	if (r == ROLE__MAX)
		return xg_fail(err, XG_INVALID, "unknown_role", "role", "角色不存在");
	if (actor->user_id == 0)
		return XG_OK;
	if (role_is_admin(r))
		return xg_fail(err, XG_FORBIDDEN, "forbidden_role", "role",
			       "您的角色不能设置“%"
			       "s”角色的账号（三员分立：管理员账号只能在服务器上用命令行维护）",
			       role_label(r));
	if (!role_may_manage(actor->role, r))
		return xg_fail(err, XG_FORBIDDEN, "forbidden_role", "role",
			       "您的角色不能设置“%s”角色的账号", role_label(r));
	return XG_OK;
}

json_t *
user_to_json(const struct db_user *u)
{
	enum role r = role_parse(u->role);

	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:b,s:I,s:I}", "id", (json_int_t)u->id,
			 "username", u->username, "display_name", u->display_name, "role", u->role,
			 "role_label", role_label(r), "org_id", (json_int_t)u->org_id, "org_name",
			 u->org_name, "org_code", u->org_code, "disabled", u->disabled,
			 "created_at", (json_int_t)u->created_at, "pw_changed_at",
			 (json_int_t)u->pw_changed_at);
}

static enum xg_rc
org_in_scope(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	     struct xg_error *err)
{
	struct db_org o;
	enum db_rc rc = db_org_get(db, a, actor->org_path, org_id, &o);

	if (rc == DB_NOTFOUND)
		return xg_fail(err, XG_NOTFOUND, "not_found", "org_id", "所属单位不存在");
	if (rc != DB_OK)
		return xg_from_db(err, rc, db, "单位");
	if (o.closed)
		return xg_fail(err, XG_INVALID, "org_closed", "org_id", "所属单位已撤销");
	return XG_OK;
}

enum xg_rc
user_create(struct db *db, struct arena *a, const struct policy *pol, const struct actor *actor,
	    const struct user_new *in, int64_t now, int64_t *id, struct xg_error *err)
{
	char hash[AUTH_HASH_MAX];
	struct db_user u;
	enum db_rc drc;
	enum xg_rc rc;
	json_t *after;

	rc = user_check_username(in->username, err);
	if (rc == XG_OK)
		rc = check_display_name(in->display_name, err);
	if (rc == XG_OK)
		rc = check_role(actor, in->role, err);
	if (rc == XG_OK)
		rc = policy_check_password(pol, in->password != NULL ? in->password : "",
					   in->username, err);
	/* Hash outside the transaction: it takes a tenth of a second and must not hold the lock. */
	if (rc == XG_OK)
		rc = auth_hash_password(in->password, hash, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = org_in_scope(db, a, actor, in->org_id, err);
	if (rc == XG_OK) {
		drc = db_user_insert(db, in->org_id, in->username, in->display_name, in->role, hash,
				     now, id);
		if (drc == DB_CONFLICT)
			rc = xg_fail(err, XG_CONFLICT, "duplicate_username", "username",
				     "用户名已被使用，请换一个");
		else
			rc = xg_from_db(err, drc, db, "账号");
	}
	if (rc == XG_OK)
		rc = xg_from_db(err, db_user_get(db, a, NULL, *id, &u), db, "账号");
	if (rc == XG_OK) {
		after = user_to_json(&u);
		rc = audit_record(db, actor, u.org_path, "user.create", "user", u.id, u.username,
				  NULL, after, now, err);
		json_decref(after);
	}
	return xg_tx_end(db, rc, err);
}

static const char *
update_action(const struct db_user *cur, const struct user_change *c)
{
	if (c->set_disabled && c->disabled != cur->disabled)
		return c->disabled ? "user.disable" : "user.enable";
	return "user.update";
}

static enum xg_rc
apply_change(struct db *db, struct arena *a, const struct actor *actor, const struct db_user *cur,
	     const struct user_change *c, int64_t now, struct db_user *out, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	json_t *before, *after;

	/*
	 * Changing an account needs the right to manage both its present and its
	 * new role; one's own name is one's own (the rest is refused earlier).
	 */
	if (cur->id != actor->user_id)
		rc = check_role(actor, cur->role, err);
	if (rc == XG_OK && c->set_role)
		rc = check_role(actor, c->role, err);
	if (rc == XG_OK && c->set_org)
		rc = org_in_scope(db, a, actor, c->org_id, err);
	if (rc == XG_OK)
		rc = xg_from_db(
		    err,
		    db_user_update(db, cur->id, c->set_org ? c->org_id : cur->org_id,
				   c->set_display_name ? c->display_name : cur->display_name,
				   c->set_role ? c->role : cur->role,
				   c->set_disabled ? c->disabled : cur->disabled, now),
		    db, "账号");
	if (rc == XG_OK && c->set_disabled && c->disabled)
		rc = xg_from_db(err, db_session_delete_user(db, cur->id, 0), db, "会话");
	/* Enabling an account is a repair: its lock-out goes too. */
	if (rc == XG_OK && c->set_disabled && !c->disabled)
		rc = auth_clear_account(db, actor, cur->username, now, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_user_get(db, a, NULL, cur->id, out), db, "账号");
	if (rc != XG_OK)
		return rc;
	before = user_to_json(cur);
	after = user_to_json(out);
	rc = audit_record(db, actor, out->org_path, update_action(cur, c), "user", cur->id,
			  cur->username, before, after, now, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

enum xg_rc
user_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	    const struct user_change *c, int64_t now, struct db_user *out, struct xg_error *err)
{
	struct db_user cur;
	enum xg_rc rc = XG_OK;

	if (c->set_display_name)
		rc = check_display_name(c->display_name, err);
	if (rc != XG_OK)
		return rc;
	if (id == actor->user_id && (c->set_role || c->set_org || c->set_disabled))
		return xg_fail(err, XG_FORBIDDEN, "own_account", NULL,
			       "不能修改本人账号的角色、单位或状态");
	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_user_get(db, a, actor->org_path, id, &cur), db, "账号");
	if (rc == XG_OK)
		rc = apply_change(db, a, actor, &cur, c, now, out, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
user_set_password(struct db *db, struct arena *a, const struct policy *pol,
		  const struct actor *actor, int64_t id, const char *old_password,
		  const char *new_password, int64_t now, struct xg_error *err)
{
	char hash[AUTH_HASH_MAX];
	bool own = id == actor->user_id;
	struct db_user cur;
	enum xg_rc rc;

	rc = xg_from_db(err, db_user_get(db, a, actor->org_path, id, &cur), db, "账号");
	if (rc != XG_OK)
		return rc;
	if (own) {
		bool right;
		rc = auth_hash_acquire(err);
		if (rc != XG_OK)
			return rc;
		right = old_password != NULL && auth_verify_password(cur.pw_hash, old_password);
		auth_hash_release();
		if (!right)
			return xg_fail(err, XG_INVALID, "wrong_password", "old_password",
				       "当前密码不正确");
	} else {
		rc = check_role(actor, cur.role, err);
		if (rc != XG_OK)
			return rc;
	}
	rc = policy_check_password(pol, new_password, cur.username, err);
	if (rc == XG_OK)
		rc = auth_hash_password(new_password, hash, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_user_set_password(db, id, hash, now), db, "账号");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_session_delete_user(db, id, own ? actor->session_id : 0),
				db, "会话");
	if (rc == XG_OK)
		rc = audit_record(db, actor, cur.org_path,
				  own ? "user.password" : "user.reset_password", "user", id,
				  cur.username, NULL, NULL, now, err);
	/* A new password is a repair: the account's lock-out goes with the old one. */
	if (rc == XG_OK)
		rc = auth_clear_account(db, actor, cur.username, now, err);
	return xg_tx_end(db, rc, err);
}
