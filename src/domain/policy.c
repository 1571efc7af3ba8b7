/* policy: security policy with bounded fields kept in the settings table. */
#include "domain/policy.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/actor.h"
#include "domain/audit.h"
#include "base/str.h"

/* The settings key of the policy's version, counted up by every change (policy_current). */
#define POLICY_VERSION_KEY "policy.version"

#define F(k, l, lo, hi, d, m)                                                                      \
	{                                                                                          \
		k, l, lo, hi, d, offsetof(struct policy, m)                                        \
	}

static const struct policy_field fields[] = {
    F("pw_min_length", "密码最小长度", 8, 64, 10, pw_min_length),
    F("pw_min_classes", "密码须含字符种类数", 1, 4, 3, pw_min_classes),
    F("lock_user_failures", "单个账号连续失败锁定次数", 3, 100, 5, lock_user_failures),
    F("lock_addr_failures", "单个地址连续失败锁定次数", 3, 1000, 20, lock_addr_failures),
    F("lock_window", "失败计数窗口（秒）", 60, 86400, 900, lock_window),
    F("lock_seconds", "锁定时长（秒）", 60, 86400, 900, lock_seconds),
    F("session_idle", "会话空闲超时（秒）", 60, 86400, 1800, session_idle),
    F("session_absolute", "会话最长时长（秒）", 300, 604800, 28800, session_absolute),
    F("token_days", "接口令牌有效期（天）", 1, 3650, 365, token_days),
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const struct policy_field *
policy_fields(size_t *n)
{
	*n = NFIELDS;
	return fields;
}

static int64_t *
slot(struct policy *p, const struct policy_field *f)
{
	return (int64_t *)(void *)((char *)p + f->offset);
}

int64_t
policy_get(const struct policy *p, const struct policy_field *f)
{
	return *(const int64_t *)(const void *)((const char *)p + f->offset);
}

void
policy_defaults(struct policy *p)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		*slot(p, &fields[i]) = fields[i].def;
}

static const struct policy_field *
find(const char *key)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

enum db_rc
policy_load(struct db *db, struct policy *p)
{
	struct arena *a = arena_new();
	const char **keys, **values;
	size_t n, i;
	enum db_rc rc;

	policy_defaults(p);
	if (a == NULL)
		return DB_ERR;
	rc = db_setting_list(db, a, &keys, &values, &n);
	for (i = 0; rc == DB_OK && i < n; i++) {
		const struct policy_field *f = find(keys[i]);
		int64_t v;
		if (f != NULL && str_parse_i64(str_slice(values[i]), f->min, f->max, &v) == 0)
			*slot(p, f) = v;
	}
	arena_free(a);
	return rc;
}

enum xg_rc
policy_set(struct db *db, const char *key, int64_t value, struct xg_error *err)
{
	const struct policy_field *f = find(key);
	char text[32];

	if (f == NULL)
		return xg_fail(err, XG_INVALID, "unknown_field", key, "不支持的策略项");
	if (value < f->min || value > f->max)
		return xg_fail(err, XG_INVALID, "out_of_range", f->key, "%s应在 %lld 到 %lld 之间",
			       f->label, (long long)f->min, (long long)f->max);
	snprintf(text, sizeof(text), "%lld", (long long)value);
	if (xg_from_db(err, db_setting_put(db, f->key, text), db, "安全策略") != XG_OK)
		return err->rc;
	return xg_from_db(err, db_setting_bump(db, POLICY_VERSION_KEY), db, "安全策略");
}

void
policy_cache_init(struct policy_cache *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
}

void
policy_cache_free(struct policy_cache *c)
{
	pthread_mutex_destroy(&c->lock);
}

/*
 * The version is read before the policy: a change landing in between makes
 * the copy newer than its version says, and the next request reads again.
 */
enum db_rc
policy_current(struct policy_cache *c, struct db *db, struct policy *out)
{
	int64_t version;
	enum db_rc rc = db_setting_counter(db, POLICY_VERSION_KEY, &version);
	bool hit;

	if (rc != DB_OK)
		return rc;
	pthread_mutex_lock(&c->lock);
	hit = c->valid && c->version == version;
	if (hit)
		*out = c->p;
	pthread_mutex_unlock(&c->lock);
	if (hit)
		return DB_OK;
	rc = policy_load(db, out);
	if (rc != DB_OK)
		return rc;
	pthread_mutex_lock(&c->lock);
	c->p = *out;
	c->version = version;
	c->valid = true;
	pthread_mutex_unlock(&c->lock);
	return DB_OK;
}

/* Whether hay contains needle, ignoring the case of Latin letters (usernames are Latin). */
static bool
contains_ignoring_case(const char *hay, const char *needle)
{
	size_t n = needle != NULL ? strlen(needle) : 0, i, k;

	if (n == 0)
		return false;
	for (i = 0; hay[i] != '\0'; i++) {
		for (k = 0; k < n && hay[i + k] != '\0'; k++) {
			char x = hay[i + k], y = needle[k];
			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (y >= 'A' && y <= 'Z')
				y = (char)(y - 'A' + 'a');
			if (x != y)
				break;
		}
		if (k == n)
			return true;
	}
	return false;
}

enum xg_rc
policy_check_password(const struct policy *p, const char *password, const char *username,
		      struct xg_error *err)
{
	struct slice s = str_slice(password);
	int lower = 0, upper = 0, digit = 0, other = 0, classes;
	size_t i, len;

	if (str_utf8_check(s) != s.n || str_has_control(s, NULL))
		return xg_fail(err, XG_INVALID, "invalid_password", "password",
			       "密码含有无法识别的字符");
	len = str_utf8_len(s);
	if ((int64_t)len < p->pw_min_length)
		return xg_fail(err, XG_INVALID, "weak_password", "password",
			       "密码至少需要 %lld 个字符", (long long)p->pw_min_length);
	if (len > 128)
		return xg_fail(err, XG_INVALID, "invalid_password", "password",
			       "密码不能超过 128 个字符");
	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= 'A' && c <= 'Z')
			upper = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
		else
			other = 1;
	}
	classes = lower + upper + digit + other;
	if (classes < p->pw_min_classes)
		return xg_fail(err, XG_INVALID, "weak_password", "password",
			       "密码须包含小写字母、大写字母、数字、符号中的至少 %lld 种",
			       (long long)p->pw_min_classes);
	if (contains_ignoring_case(password, username))
		return xg_fail(err, XG_INVALID, "weak_password", "password", "密码不能包含用户名");
	return XG_OK;
}

json_t *
policy_to_json(const struct policy *p)
{
	json_t *j = json_object();
	size_t i;

	for (i = 0; j != NULL && i < NFIELDS; i++)
		json_object_set_new(j, fields[i].key, json_integer(policy_get(p, &fields[i])));
	return j;
}

enum xg_rc
policy_update(struct db *db, const struct actor *actor, const char *const *keys,
	      const int64_t *values, size_t n, int64_t now, struct xg_error *err)
{
	struct policy before, after;
	json_t *jb, *ja;
	enum xg_rc rc;
	size_t i;

	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, policy_load(db, &before), db, "安全策略");
	for (i = 0; rc == XG_OK && i < n; i++)
		rc = policy_set(db, keys[i], values[i], err);
	if (rc == XG_OK)
		rc = xg_from_db(err, policy_load(db, &after), db, "安全策略");
	if (rc == XG_OK && after.session_idle > after.session_absolute)
		rc = xg_fail(err, XG_INVALID, "out_of_range", "session_idle",
			     "会话空闲超时不能长于会话最长时长");
	if (rc == XG_OK) {
		jb = policy_to_json(&before);
		ja = policy_to_json(&after);
		rc = audit_record(db, actor, NULL, "policy.update", "policy", 0, "修改安全策略", jb,
				  ja, now, err);
		json_decref(jb);
		json_decref(ja);
	}
	return xg_tx_end(db, rc, err);
}
