/* lecture: rules of lecture teams and lecture orders (点单式宣讲). */
#include "domain/lecture.h"

#include <string.h>

#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"
#include "domain/notice.h"
#include "domain/record.h"

json_t *
lecture_order_to_json(const struct db_lecture_order *o)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s?,s:s?,s:s?,s:I,s:s,s:o,s:s?,s:s?,s:s?,s:o,"
			 "s:s,s:I,s:I}",
			 "id", (json_int_t)o->id, "org_id", (json_int_t)o->org_id, "org_name",
			 o->org_name, "team_id", (json_int_t)o->team_id, "team_name",
			 o->team_name, "topic", o->topic, "section_path", o->section_path,
			 "preferred_dates", o->preferred_dates, "audience_kind", o->audience_kind,
			 "audience_size", (json_int_t)o->audience_size, "state", o->state,
			 "lecturer_id",
			 o->lecturer_id != 0 ? json_integer(o->lecturer_id) : json_null(),
			 "lecturer_name", o->lecturer_name, "lecture_date", o->lecture_date,
			 "reason", o->reason, "record_id",
			 o->record_id != 0 ? json_integer(o->record_id) : json_null(),
			 "requested_by", o->requested_by_name, "created_at",
			 (json_int_t)o->created_at, "updated_at", (json_int_t)o->updated_at);
}

json_t *
lecture_lecturer_to_json(const struct db_lecturer *l)
{
	return json_pack("{s:I,s:I,s:s,s:s?}", "id", (json_int_t)l->id, "team_id",
			 (json_int_t)l->org_id, "name", l->name, "title", l->title);
}

static enum xg_rc
check_len(const char *s, const char *field, const char *label, size_t max, struct xg_error *err)
{
	if (s != NULL && str_utf8_len(str_slice(s)) > max)
		return xg_fail(err, XG_INVALID, "too_long", field, "%s不能超过 %zu 个字", label,
			       max);
	return XG_OK;
}

/* Up to LECTURE_DATES_MAX real days "YYYY-MM-DD", separated by commas. */
static enum xg_rc
check_dates(const char *s, struct xg_error *err)
{
	char day[DAY_TEXT_CAP];
	size_t count = 0;
	const char *p = s;
	int64_t d;

	if (s == NULL || s[0] == '\0')
		return XG_OK;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		if (len != 10 || ++count > LECTURE_DATES_MAX)
			return xg_fail(err, XG_INVALID, "bad_dates", "preferred_dates",
				       "希望日期最多 %d 个，格式为 YYYY-MM-DD，以逗号分隔",
				       LECTURE_DATES_MAX);
		memcpy(day, p, len);
		day[len] = '\0';
		if (day_parse(day, &d) != 0)
			return xg_fail(err, XG_INVALID, "bad_dates", "preferred_dates",
				       "希望日期 %s 不是有效日期", day);
		p += len;
		if (*p == ',' && *++p == '\0')
			return xg_fail(err, XG_INVALID, "bad_dates", "preferred_dates",
				       "希望日期的格式为 YYYY-MM-DD，以逗号分隔");
	}
	return XG_OK;
}

/* A team unit the asking unit (path) may ask: of the team kind, open, placed on its path. */
static enum xg_rc
check_team(struct db *db, struct arena *a, int64_t team_id, const char *path, struct db_org *team,
	   struct xg_error *err)
{
	struct db_org *teams;
	size_t n, i;
	enum xg_rc rc = xg_from_db(err, db_lecture_teams(db, a, LECTURE_TEAM_KIND, path, &teams, &n),
				   db, "宣讲团");

	for (i = 0; rc == XG_OK && i < n; i++)
		if (teams[i].id == team_id) {
			*team = teams[i];
			return XG_OK;
		}
	if (rc == XG_OK)
		rc = xg_fail(err, XG_INVALID, "unknown_team", "team_id",
			     "宣讲团不存在，或不在本单位及上级单位之下");
	return rc;
}

static enum xg_rc
audit_order(struct db *db, const struct actor *actor, const char *path, const char *action,
	    const struct db_lecture_order *o, int64_t now, struct xg_error *err)
{
	json_t *after = lecture_order_to_json(o);
	enum xg_rc rc;

	if (after == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	rc = audit_record(db, actor, path, action, "lecture_order", o->id, o->topic, NULL, after,
			  now, err);
	json_decref(after);
	return rc;
}

/* A notice about order o to unit to_org from the unit from_org. */
static enum xg_rc
tell(struct db *db, struct arena *a, const struct actor *actor, const struct db_lecture_order *o,
     int64_t to_org, int64_t from_org, const char *title, const char *body, int64_t now,
     struct xg_error *err)
{
	struct db_notice n = {.org_id = to_org,
			      .kind = "lecture_order",
			      .title = title,
			      .body = body,
			      .link = arena_printf(a, "/lecture-orders?id=%lld", (long long)o->id),
			      .order_id = o->id,
			      .sender_org_id = from_org,
			      .sender_name = notice_sender_name(actor),
			      .created_at = now};

	if (title == NULL || body == NULL || n.link == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	return notice_send(db, &n, NULL, err);
}

enum xg_rc
lecture_request(struct db *db, struct arena *a, const struct actor *actor,
		const struct lecture_input *in, int64_t now, struct db_lecture_order *out,
		struct xg_error *err)
{
	struct db_org unit = {0}, team = {0};
	struct db_lecture_order o;
	int64_t id = 0;
	enum xg_rc rc = xg_check_name(in->topic, "topic", "宣讲主题", LECTURE_TOPIC_MAX, err);

	if (rc == XG_OK)
		rc = check_len(in->section_path, "section_path", "章节", 50, err);
	if (rc == XG_OK)
		rc = check_len(in->audience_kind, "audience_kind", "受众类型", LECTURE_KIND_MAX, err);
	if (rc == XG_OK)
		rc = check_dates(in->preferred_dates, err);
	if (rc == XG_OK && (in->audience_size < 0 || in->audience_size > LECTURE_AUDIENCE_MAX))
		rc = xg_fail(err, XG_INVALID, "out_of_range", "audience_size",
			     "预计人数应在 0 到 %d 之间", LECTURE_AUDIENCE_MAX);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err,
			db_org_get(db, a, actor->org_path,
				   in->org_id != 0 ? in->org_id : actor->org_id, &unit),
			db, "单位");
	if (rc == XG_OK)
		rc = check_team(db, a, in->team_id, unit.path, &team, err);
	o = (struct db_lecture_order){
	    .org_id = unit.id,
	    .team_id = team.id,
	    .topic = in->topic,
	    .section_path = in->section_path != NULL && in->section_path[0] != '\0'
				? in->section_path
				: NULL,
	    .preferred_dates = in->preferred_dates != NULL && in->preferred_dates[0] != '\0'
				   ? in->preferred_dates
				   : NULL,
	    .audience_kind = in->audience_kind,
	    .audience_size = in->audience_size,
	    .requested_by = actor->user_id,
	    .requested_by_name = notice_sender_name(actor),
	    .created_at = now};
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_insert(db, &o, &id), db, "宣讲点单");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_get(db, a, NULL, id, out), db, "宣讲点单");
	if (rc == XG_OK)
		rc = tell(db, a, actor, out, team.id, unit.id,
			  arena_printf(a, "宣讲点单：%s", out->topic),
			  arena_printf(a, "%s申请宣讲“%s”%s%s%s，受众%s约 %lld 人。请接单或说明原因。",
				       unit.name, out->topic,
				       out->preferred_dates != NULL ? "，希望日期 " : "",
				       out->preferred_dates != NULL ? out->preferred_dates : "", "",
				       out->audience_kind != NULL ? out->audience_kind : "",
				       (long long)out->audience_size),
			  now, err);
	if (rc == XG_OK)
		rc = audit_order(db, actor, unit.path, "lecture.request", out, now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
lecture_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	    struct db_lecture_order *out, struct xg_error *err)
{
	return xg_from_db(err, db_lecture_order_get(db, a, actor->org_path, id, out), db,
			  "宣讲点单");
}

/* In the open transaction: order id, seen from the team's side. */
static enum xg_rc
team_side(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	  struct db_lecture_order *o, struct xg_error *err)
{
	enum xg_rc rc = lecture_get(db, a, actor, id, o, err);

	if (rc == XG_OK && !tree_within(o->team_path, actor->org_path))
		rc = xg_fail(err, XG_FORBIDDEN, "not_team", NULL, "只有宣讲团一方可以接单或拒单");
	return rc;
}

enum xg_rc
lecture_accept(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	       int64_t lecturer_id, const char *date, int64_t now, struct db_lecture_order *out,
	       struct xg_error *err)
{
	struct db_lecturer l;
	bool done = false;
	enum xg_rc rc = xg_check_day(date, "date", err);

	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = team_side(db, a, actor, id, out, err);
	if (rc == XG_OK) {
		enum db_rc drc = db_lecturer_get(db, a, lecturer_id, &l);
		if (drc == DB_NOTFOUND || (drc == DB_OK && l.org_id != out->team_id))
			rc = xg_fail(err, XG_INVALID, "unknown_lecturer", "lecturer_id",
				     "宣讲人不属于%s", out->team_name);
		else
			rc = xg_from_db(err, drc, db, "宣讲人");
	}
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_accept(db, id, lecturer_id, date, now, &done),
				db, "宣讲点单");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL, "这份点单已处理过（%s）",
			     out->state);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_get(db, a, NULL, id, out), db, "宣讲点单");
	if (rc == XG_OK)
		rc = tell(db, a, actor, out, out->org_id, out->team_id,
			  arena_printf(a, "宣讲点单已接单：%s", out->topic),
			  arena_printf(a, "%s已接单，由%s于 %s 宣讲“%s”。", out->team_name,
				       out->lecturer_name, out->lecture_date, out->topic),
			  now, err);
	if (rc == XG_OK)
		rc = audit_order(db, actor, out->team_path, "lecture.accept", out, now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
lecture_decline(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		const char *reason, int64_t now, struct db_lecture_order *out,
		struct xg_error *err)
{
	bool done = false;
	enum xg_rc rc = xg_check_name(reason, "reason", "原因", LECTURE_REASON_MAX, err);

	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = team_side(db, a, actor, id, out, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_decline(db, id, reason, now, &done), db,
				"宣讲点单");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL, "这份点单已处理过（%s）",
			     out->state);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_get(db, a, NULL, id, out), db, "宣讲点单");
	if (rc == XG_OK)
		rc = tell(db, a, actor, out, out->org_id, out->team_id,
			  arena_printf(a, "宣讲点单未能接单：%s", out->topic),
			  arena_printf(a, "%s未能接单，原因：%s", out->team_name, reason), now,
			  err);
	if (rc == XG_OK)
		rc = audit_order(db, actor, out->team_path, "lecture.decline", out, now, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
lecture_done(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     int64_t audience, int64_t now, struct db_lecture_order *out, struct db_record *rec,
	     struct xg_error *err)
{
	struct db_record r = {0};
	bool done = false;
	json_t *detail = NULL;
	enum xg_rc rc = XG_OK;

	if (audience < 0 || audience > RECORD_COUNT_MAX)
		return xg_fail(err, XG_INVALID, "out_of_range", "audience", "受众人数超出范围");
	/* The record's write takes the path lock, as every record write does. */
	rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = lecture_get(db, a, actor, id, out, err);
	if (rc == XG_OK && !tree_within(out->org_path, actor->org_path))
		rc = xg_fail(err, XG_FORBIDDEN, "not_requester", NULL,
			     "宣讲完成由点单单位确认并记入台账");
	if (rc == XG_OK && strcmp(out->state, "accepted") != 0)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL, "只有已接单的点单可以确认完成");
	if (rc == XG_OK) {
		detail = json_pack("{s:s?,s:s?}", "lecturer", out->lecturer_name, "audience_kind",
				   out->audience_kind);
		if (detail == NULL)
			rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	}
	struct record_input in = {
	    .set_org = true,
	    .set_kind = true,
	    .set_day = true,
	    .set_title = true,
	    .set_audience = true,
	    .org_id = out->org_id,
	    .kind = "lecture",
	    .day = out->lecture_date,
	    .title = rc == XG_OK && str_utf8_len(str_slice(out->topic)) + 3 <= RECORD_TITLE_MAX
			 ? arena_printf(a, "宣讲：%s", out->topic)
			 : out->topic,
	    .audience = audience,
	    .detail = detail};
	if (rc == XG_OK)
		rc = record_create_in_tx(db, a, actor, &in, now, &r, err);
	json_decref(detail);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_given(db, id, r.id, audience, now, &done), db,
				"宣讲点单");
	if (rc == XG_OK && !done)
		rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL, "只有已接单的点单可以确认完成");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_order_get(db, a, NULL, id, out), db, "宣讲点单");
	if (rc == XG_OK)
		rc = tell(db, a, actor, out, out->team_id, out->org_id,
			  arena_printf(a, "宣讲已完成：%s", out->topic),
			  arena_printf(a, "%s确认宣讲“%s”已完成，受众 %lld 人，已记入宣讲活动台账。",
				       out->org_name, out->topic, (long long)audience),
			  now, err);
	if (rc == XG_OK)
		rc = audit_order(db, actor, out->org_path, "lecture.done", out, now, err);
	rc = xg_tx_end(db, rc, err);
	if (rc == XG_OK && rec != NULL)
		*rec = r;
	return rc;
}

enum xg_rc
lecture_teams(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	      struct db_org **out, size_t *n, struct xg_error *err)
{
	struct db_org unit;
	enum xg_rc rc = xg_from_db(err,
				   db_org_get(db, a, actor->org_path,
					      org_id != 0 ? org_id : actor->org_id, &unit),
				   db, "单位");

	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecture_teams(db, a, LECTURE_TEAM_KIND, unit.path, out, n),
				db, "宣讲团");
	return rc;
}

enum xg_rc
lecture_lecturer_add(struct db *db, struct arena *a, const struct actor *actor, int64_t team_id,
		     const char *name, const char *title, int64_t now, int64_t *id,
		     struct xg_error *err)
{
	struct db_org team;
	enum xg_rc rc = xg_check_name(name, "name", "姓名", LECTURE_NAME_MAX, err);

	if (rc == XG_OK)
		rc = check_len(title, "title", "职务与专长", LECTURE_TITLE_MAX, err);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_org_get(db, a, actor->org_path, team_id, &team), db, "单位");
	if (rc == XG_OK && (team.kind == NULL || strcmp(team.kind, LECTURE_TEAM_KIND) != 0))
		rc = xg_fail(err, XG_INVALID, "not_team", NULL, "%s不是宣讲团", team.name);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_lecturer_insert(db, team.id, name, title, now, id), db,
				"宣讲人");
	if (rc == XG_OK)
		rc = audit_record(db, actor, team.path, "lecturer.create", "lecturer", *id, name,
				  NULL, NULL, now, err);
	return xg_tx_end(db, rc, err);
}
