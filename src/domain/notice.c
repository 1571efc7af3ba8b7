/* notice: rules of notices, read receipts and reminders. */
#include "domain/notice.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"
#include "domain/light.h"

/* The digest lists at most this many assignments; the rest are counted. */
#define DIGEST_ITEMS_MAX 20

const char *
notice_sender_name(const struct actor *actor)
{
	if (actor->user_id == 0)
		return "系统";
	return actor->display_name != NULL ? actor->display_name : actor->username;
}

json_t *
notice_to_json(const struct db_notice *n)
{
	return json_pack(
	    "{s:I,s:I,s:s,s:s,s:s?,s:s?,s:o,s:o,s:o,s:s,s:I,s:b,s:o}", "id", (json_int_t)n->id,
	    "org_id", (json_int_t)n->org_id, "kind", n->kind, "title", n->title, "body", n->body,
	    "link", n->link, "task_id", n->task_id != 0 ? json_integer(n->task_id) : json_null(),
	    "order_id", n->order_id != 0 ? json_integer(n->order_id) : json_null(), "sender_org_id",
	    n->sender_org_id != 0 ? json_integer(n->sender_org_id) : json_null(), "sender_name",
	    n->sender_name, "created_at", (json_int_t)n->created_at, "read", n->read_at != 0,
	    "read_at", n->read_at != 0 ? json_integer(n->read_at) : json_null());
}

json_t *
notice_read_to_json(const struct db_notice_read *r)
{
	return json_pack("{s:I,s:s,s:s,s:I}", "user_id", (json_int_t)r->user_id, "username",
			 r->username, "display_name", r->display_name, "read_at",
			 (json_int_t)r->read_at);
}

json_t *
notice_reminder_to_json(const struct db_reminder *r)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:I,s:s,s:s?,s:s,s:I,s:I}", "id", (json_int_t)r->id,
			 "task_id", (json_int_t)r->task_id, "org_id", (json_int_t)r->org_id,
			 "org_name", r->org_name, "notice_id", (json_int_t)r->notice_id, "kind",
			 r->automatic ? "digest" : "manual", "text", r->text, "by", r->by_name,
			 "at", (json_int_t)r->at, "reads", (json_int_t)r->reads);
}

enum xg_rc
notice_send(struct db *db, const struct db_notice *n, int64_t *id, struct xg_error *err)
{
	int64_t got = 0;
	enum xg_rc rc = xg_from_db(err, db_notice_insert(db, n, &got), db, "消息");

	if (id != NULL)
		*id = got;
	return rc;
}

enum xg_rc
notice_task_assigned(struct db *db, const struct actor *actor, const struct db_task *t, int64_t now,
		     struct xg_error *err)
{
	char title[NOTICE_QUOTE_BYTES + 64], body[NOTICE_QUOTE_BYTES + 256], link[64];
	struct db_notice n = {.title = title,
			      .body = body,
			      .link = link,
			      .sender_org_id = t->assigner_org_id,
			      .sender_name = notice_sender_name(actor),
			      .created_at = now};

	snprintf(title, sizeof(title), "请签收任务：%s", t->title);
	snprintf(body, sizeof(body), "%s分派了任务“%s”，完成时限 %s。请及时签收并报送进展。",
		 t->assigner_name != NULL ? t->assigner_name : "上级单位", t->title, t->due_date);
	snprintf(link, sizeof(link), "/tasks/%lld", (long long)t->id);
	return xg_from_db(err, db_notice_sign_requests(db, t->id, &n), db, "消息");
}

/* Digests */

/* Is assignment d due for a reminder on day today: yellow or red. */
static bool
due_now(const struct db_due *d, int64_t today)
{
	return task_light(d->due_date, false, today, d->warn_days) != LIGHT_GREEN;
}

/* One unit's digest of items[0..n) (all of org_id, some not due yet), unless made already. */
static enum xg_rc
digest_one(struct db *db, struct arena *a, int64_t org_id, const struct db_due *items, size_t n,
	   int64_t now, bool *made, struct xg_error *err)
{
	int64_t today = day_of(now), notice_id = 0, due;
	char day[DAY_TEXT_CAP];
	size_t i, listed = 0, count = 0;
	struct buf body;
	const char *key;
	bool exists = false;
	enum xg_rc rc;

	*made = false;
	for (i = 0; i < n; i++)
		count += due_now(&items[i], today);
	if (count == 0)
		return XG_OK;
	day_format(today, day, sizeof(day));
	key = arena_printf(a, "digest:%lld:%s", (long long)org_id, day);
	if (key == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	/* Most reads find the day's digest made: a read, no write. */
	rc = xg_from_db(err, db_notice_key_exists(db, key, &exists), db, "消息");
	if (rc != XG_OK || exists)
		return rc;
	buf_init(&body);
	for (i = 0; i < n; i++) {
		if (!due_now(&items[i], today) || day_parse(items[i].due_date, &due) != 0)
			continue;
		if (++listed > DIGEST_ITEMS_MAX)
			continue;
		if (today > due)
			buf_printf(&body, "· %s（完成时限 %s，已逾期 %lld 天）\n", items[i].title,
				   items[i].due_date, (long long)(today - due));
		else
			buf_printf(&body, "· %s（完成时限 %s，还剩 %lld 天）\n", items[i].title,
				   items[i].due_date, (long long)(due - today));
	}
	if (listed > DIGEST_ITEMS_MAX)
		buf_printf(&body, "另有 %zu 项，请在任务列表中查看。\n", listed - DIGEST_ITEMS_MAX);
	struct db_notice nt = {.org_id = org_id,
			       .kind = "reminder",
			       .title = arena_printf(a, "催办汇总：%zu 项任务临期或逾期", count),
			       .body = body.err ? NULL : arena_strdup(a, buf_cstr(&body)),
			       .link = "/tasks",
			       .sender_name = "系统",
			       .created_at = now,
			       .dedup_key = key};
	buf_free(&body);
	if (nt.title == NULL || nt.body == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = notice_send(db, &nt, &notice_id, err);
	/* Another request made it in between: the key keeps the day to one digest. */
	for (i = 0; rc == XG_OK && notice_id != 0 && i < n; i++) {
		struct db_reminder m = {.task_id = items[i].task_id,
					.org_id = org_id,
					.notice_id = notice_id,
					.automatic = true,
					.by_name = "系统",
					.at = now};
		if (due_now(&items[i], today))
			rc = xg_from_db(err, db_reminder_insert(db, &m), db, "催办");
	}
	*made = rc == XG_OK && notice_id != 0;
	return xg_tx_end(db, rc, err);
}

enum xg_rc
notice_digest(struct db *db, struct arena *a, int64_t org_id, int64_t now, size_t *made,
	      struct xg_error *err)
{
	char until[DAY_TEXT_CAP];
	struct db_due *items;
	size_t n, i, j, count = 0;
	enum xg_rc rc;

	day_format(day_of(now) + NOTICE_LOOKAHEAD_DAYS, until, sizeof(until));
	rc = xg_from_db(err, db_due_list(db, a, org_id, until, &items, &n), db, "任务");
	/* Rows come by unit: one digest per run of equal units. */
	for (i = 0; rc == XG_OK && i < n; i = j) {
		bool one = false;
		for (j = i; j < n && items[j].org_id == items[i].org_id; j++)
			;
		rc = digest_one(db, a, items[i].org_id, &items[i], j - i, now, &one, err);
		count += one;
	}
	if (made != NULL)
		*made = count;
	return rc;
}

enum xg_rc
notice_list(struct db *db, struct arena *a, const struct actor *actor, bool unread_only,
	    int64_t limit, int64_t offset, int64_t now, struct db_notice **out, size_t *n,
	    int64_t *total, int64_t *unread, struct xg_error *err)
{
	enum xg_rc rc = notice_digest(db, a, actor->org_id, now, NULL, err);

	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_notice_list(db, a, actor->org_id, actor->user_id, unread_only,
					       limit, offset, out, n, total),
				db, "消息");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_notice_unread(db, actor->org_id, actor->user_id, unread),
				db, "消息");
	return rc;
}

/* Is the actor a recipient of n: its unit's, to everyone of it or to the actor. */
static bool
recipient(const struct actor *actor, const struct db_notice *n)
{
	return n->org_id == actor->org_id && (n->user_id == 0 || n->user_id == actor->user_id);
}

enum xg_rc
notice_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t now,
	    struct db_notice *out, struct xg_error *err)
{
	enum xg_rc rc = xg_from_db(err, db_notice_get(db, a, id, actor->user_id, out), db, "消息");

	if (rc == XG_OK && !recipient(actor, out))
		rc = xg_fail(err, XG_NOTFOUND, "not_found", NULL, "消息不存在");
	if (rc == XG_OK && out->read_at == 0) {
		rc = xg_from_db(err, db_notice_mark_read(db, id, actor->user_id, now), db, "消息");
		if (rc == XG_OK)
			rc = xg_from_db(err, db_notice_get(db, a, id, actor->user_id, out), db,
					"消息");
	}
	return rc;
}

enum xg_rc
notice_reads(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     struct db_notice *notice, struct db_notice_read **out, size_t *n, struct xg_error *err)
{
	enum xg_rc rc =
	    xg_from_db(err, db_notice_get(db, a, id, actor->user_id, notice), db, "消息");

	if (rc == XG_OK && !recipient(actor, notice) &&
	    !(notice->sender_path != NULL && tree_within(notice->sender_path, actor->org_path)) &&
	    !tree_within(notice->org_path, actor->org_path))
		rc = xg_fail(err, XG_NOTFOUND, "not_found", NULL, "消息不存在");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_notice_reads(db, a, id, out, n), db, "消息");
	return rc;
}

/* Reminders on demand */

static enum xg_rc
remind_one(struct db *db, struct arena *a, const struct actor *actor, const struct db_task *t,
	   const struct db_task_unit *u, const char *text, int64_t now, struct xg_error *err)
{
	int64_t notice_id = 0;
	struct db_notice nt = {.org_id = u->org_id,
			       .kind = "reminder",
			       .title = arena_printf(a, "催办：%s", t->title),
			       .body = text != NULL
					   ? text
					   : arena_printf(a, "请抓紧推进任务“%s”，完成时限 %s。",
							  t->title, t->due_date),
			       .link = arena_printf(a, "/tasks/%lld", (long long)t->id),
			       .task_id = t->id,
			       .sender_org_id = t->assigner_org_id,
			       .sender_name = notice_sender_name(actor),
			       .created_at = now};
	enum xg_rc rc;

	if (nt.title == NULL || nt.body == NULL || nt.link == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = notice_send(db, &nt, &notice_id, err);
	struct db_reminder m = {.task_id = t->id,
				.org_id = u->org_id,
				.notice_id = notice_id,
				.automatic = false,
				.text = text,
				.by_name = nt.sender_name,
				.at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_reminder_insert(db, &m), db, "催办");
	return rc;
}

enum xg_rc
notice_remind(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t org_id,
	      const char *text, int64_t now, size_t *count, struct xg_error *err)
{
	struct db_task t;
	struct db_task_unit *units = NULL, one;
	size_t n = 0, i;
	int64_t total = 0;
	enum xg_rc rc = XG_OK;

	*count = 0;
	if (text != NULL && text[0] == '\0')
		text = NULL;
	if (text != NULL && str_utf8_len(str_slice(text)) > NOTICE_TEXT_MAX)
		return xg_fail(err, XG_INVALID, "too_long", "text", "催办内容不能超过 %d 个字",
			       NOTICE_TEXT_MAX);
	rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_task_get(db, a, actor->org_path, id, &t), db, "任务");
	if (rc == XG_OK && !tree_within(t.assigner_path, actor->org_path))
		rc = xg_fail(err, XG_FORBIDDEN, "not_assigner", NULL,
			     "只有分派单位及其上级可以催办这项任务");
	if (rc == XG_OK && org_id != 0) {
		enum db_rc drc = db_task_unit_get(db, a, id, org_id, &one);
		if (drc == DB_NOTFOUND)
			rc = xg_fail(err, XG_INVALID, "not_assigned", "org_id",
				     "该单位没有承担这项任务");
		else
			rc = xg_from_db(err, drc, db, "任务");
		units = &one;
		n = 1;
	} else if (rc == XG_OK) {
		/* The assigner's side sees every assignment of the task. */
		rc = xg_from_db(
		    err,
		    db_task_units(db, a, t.assigner_path, id, INT64_MAX, 0, &units, &n, &total), db,
		    "任务");
	}
	for (i = 0; rc == XG_OK && i < n; i++) {
		if (strcmp(units[i].state, "done") == 0)
			continue;
		rc = remind_one(db, a, actor, &t, &units[i], text, now, err);
		(*count)++;
	}
	if (rc == XG_OK && *count == 0)
		rc = xg_fail(err, XG_CONFLICT, "all_done", NULL, "承办单位均已完成，无需催办");
	if (rc == XG_OK) {
		json_t *after = json_pack("{s:I,s:I,s:s?}", "units", (json_int_t)*count, "org_id",
					  (json_int_t)org_id, "text", text);
		if (after == NULL)
			rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		else
			rc = audit_record(db, actor, t.assigner_path, "task.remind", "task", t.id,
					  t.title, NULL, after, now, err);
		json_decref(after);
	}
	return xg_tx_end(db, rc, err);
}

enum xg_rc
notice_reminders(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		 struct db_reminder **out, size_t *n, struct xg_error *err)
{
	struct db_task t;
	enum xg_rc rc = xg_from_db(err, db_task_get(db, a, actor->org_path, id, &t), db, "任务");

	if (rc == XG_OK)
		rc = xg_from_db(
		    err,
		    db_reminder_list(db, a, actor->org_path, id, NOTICE_REMINDERS_SHOWN, out, n),
		    db, "催办");
	return rc;
}
