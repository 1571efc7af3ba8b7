/* page_lecture: 宣讲点单 — ask a lecture team for a talk; both sides' list of orders with the
 * team's accept and decline forms and the asker's "given" form; the team's calendar of a month. */
#include "page/page.h"

#include <stdio.h>
#include <string.h>

#include "base/day.h"
#include "base/tree.h"
#include "domain/lecture.h"
#include "domain/role.h"
#include "http/html.h"

#define ORDERS_SHOWN 100
#define CALENDAR_SHOWN 100

static const struct page_done done_texts[] = {{"requested", "已提交点单，宣讲团会收到消息。"},
					      {"accepted", "已接单，点单单位会收到消息。"},
					      {"declined", "已回复不能接单。"},
					      {"given", "已确认宣讲完成，并记入宣讲活动台账。"},
					      {NULL, NULL}};

/* What the page shows, gathered before anything is rendered. */
struct lecture_view {
	struct db_org *teams; /* the teams the caller's unit may ask */
	size_t nteams;
	struct db_lecture_order *orders;
	size_t norders;
	int64_t total;
	struct db_lecture_order *calendar; /* orders of the caller's teams with a date this month */
	size_t ncal;
	char from[DAY_TEXT_CAP], to[DAY_TEXT_CAP];
	struct db_lecturer **lecturers; /* per order, the lecturers of its team (team side only) */
	size_t *nlecturers;
};

/* What a failed form had typed (the ask form). */
struct lecture_typed {
	const char *topic, *section_path, *preferred_dates, *audience_kind;
	int64_t team_id, audience_size;
};

static const char *
state_label(const char *s)
{
	if (strcmp(s, "requested") == 0)
		return "待接单";
	if (strcmp(s, "accepted") == 0)
		return "已接单";
	if (strcmp(s, "declined") == 0)
		return "未接单";
	return "已完成";
}

static bool
team_side(const struct req *r, const struct db_lecture_order *o)
{
	return tree_within(o->team_path, r->actor.org_path);
}

static bool
asking_side(const struct req *r, const struct db_lecture_order *o)
{
	return tree_within(o->org_path, r->actor.org_path);
}

/* The month shown by the calendar: from/to of the query, or the month of today. */
static void
calendar_month(struct req *r, struct lecture_view *v)
{
	int64_t y, m, d, today = day_of(r->now);
	const char *from = param_str(&r->query, F_FROM), *to = param_str(&r->query, F_TO);
	int64_t x;

	if (from != NULL && to != NULL && day_parse(from, &x) == 0 && day_parse(to, &x) == 0) {
		snprintf(v->from, sizeof(v->from), "%s", from);
		snprintf(v->to, sizeof(v->to), "%s", to);
		return;
	}
	day_to_civil(today, &y, &m, &d);
	day_format(day_from_civil(y, m, 1), v->from, sizeof(v->from));
	day_format(m == 12 ? day_from_civil(y + 1, 1, 1) - 1 : day_from_civil(y, m + 1, 1) - 1, v->to,
		   sizeof(v->to));
}

static enum xg_rc
gather(struct req *r, struct lecture_view *v, struct xg_error *err)
{
	struct db_lecture_filter f = {
	    .scope = r->actor.org_path, .limit = ORDERS_SHOWN, .offset = 0};
	int64_t ctotal = 0;
	enum xg_rc rc = lecture_teams(r->db, r->a, &r->actor, 0, &v->teams, &v->nteams, err);
	size_t i;

	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_lecture_order_list(r->db, r->a, &f, &v->orders, &v->norders,
						      &v->total),
				r->db, "宣讲点单");
	calendar_month(r, v);
	f.from = v->from;
	f.to = v->to;
	f.limit = CALENDAR_SHOWN;
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_lecture_order_list(r->db, r->a, &f, &v->calendar, &v->ncal,
						      &ctotal),
				r->db, "宣讲点单");
	v->lecturers = arena_alloc(r->a, (v->norders + 1) * sizeof(*v->lecturers));
	v->nlecturers = arena_alloc(r->a, (v->norders + 1) * sizeof(*v->nlecturers));
	if (rc == XG_OK && (v->lecturers == NULL || v->nlecturers == NULL))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; rc == XG_OK && i < v->norders; i++) {
		v->nlecturers[i] = 0;
		v->lecturers[i] = NULL;
		if (strcmp(v->orders[i].state, "requested") == 0 && team_side(r, &v->orders[i]))
			rc = xg_from_db(err,
					db_lecturer_list(r->db, r->a, v->orders[i].team_id,
							 &v->lecturers[i], &v->nlecturers[i]),
					r->db, "宣讲人");
	}
	return rc;
}

static void
ask_form(struct req *r, const struct lecture_view *v, const struct lecture_typed *t,
	 const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section class=\"panel\"><h2>申请宣讲（点单）</h2>");
	if (v->nteams == 0) {
		html_raw(b, "<p class=\"empty\">本单位及上级单位没有宣讲团。</p></section>");
		return;
	}
	html_raw(b, "<form method=\"post\" action=\"/lecture-orders\" class=\"form\" "
		    "id=\"ask-form\">");
	page_csrf_input(r);
	page_row_begin(r, "宣讲团", "team_id", true);
	html_raw(b, "<select id=\"f-team_id\" name=\"team_id\" required>");
	for (i = 0; i < v->nteams; i++) {
		html_fmt(b, "<option value=\"%lld\"%s>", (long long)v->teams[i].id,
			 v->teams[i].id == t->team_id ? " selected" : "");
		html_text(b, v->teams[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>");
	page_row_end(r, "team_id", err);
	page_input(r, "宣讲主题", "topic", "text", t->topic, true, err);
	page_input(r, "学习章节", "section_path", "text", t->section_path, false, err);
	page_input(r, "希望日期", "preferred_dates", "date", t->preferred_dates, false, err);
	page_input(r, "受众类型", "audience_kind", "text", t->audience_kind, false, err);
	page_row_begin(r, "预计人数", "audience_size", false);
	page_input_open(r, "audience_size", "number",
			t->audience_size > 0 ? arena_printf(r->a, "%lld", (long long)t->audience_size)
					     : NULL);
	html_fmt(b, " min=\"0\" max=\"%d\">", LECTURE_AUDIENCE_MAX);
	page_row_end(r, "audience_size", err);
	html_raw(b, "<div class=\"row buttons\"><button type=\"submit\" class=\"primary\">提交点单"
		    "</button></div></form></section>");
}

/* The forms of one order: the team's accept and decline, the asker's "given". */
static void
order_actions(struct req *r, const struct db_lecture_order *o, const struct db_lecturer *ls,
	      size_t nl)
{
	struct buf *b = &r->out;
	size_t i;

	if (!role_can(r->actor.role, PERM_RECORD_WRITE))
		return;
	if (strcmp(o->state, "requested") == 0 && team_side(r, o)) {
		html_fmt(b, "<form method=\"post\" action=\"/lecture-orders/%lld/accept\" "
			    "class=\"inline act\">",
			 (long long)o->id);
		page_csrf_input(r);
		html_fmt(b, "<label>宣讲人 <select name=\"lecturer_id\" required "
			    "id=\"lecturer-%lld\">",
			 (long long)o->id);
		for (i = 0; i < nl; i++) {
			html_fmt(b, "<option value=\"%lld\">", (long long)ls[i].id);
			html_text(b, ls[i].name);
			html_raw(b, "</option>");
		}
		html_fmt(b, "</select></label> <label>日期 <input type=\"date\" name=\"date\" "
			    "required id=\"date-%lld\"></label> ",
			 (long long)o->id);
		html_raw(b, "<button type=\"submit\" class=\"primary\">接单</button></form>");
		html_fmt(b, "<form method=\"post\" action=\"/lecture-orders/%lld/decline\" "
			    "class=\"inline act\">",
			 (long long)o->id);
		page_csrf_input(r);
		html_fmt(b, "<label>原因 <input type=\"text\" name=\"reason\" required "
			    "maxlength=\"%d\" id=\"reason-%lld\"></label> ",
			 LECTURE_REASON_MAX, (long long)o->id);
		html_raw(b, "<button type=\"submit\">不能接单</button></form>");
	}
	if (strcmp(o->state, "accepted") == 0 && asking_side(r, o)) {
		html_fmt(b, "<form method=\"post\" action=\"/lecture-orders/%lld/done\" "
			    "class=\"inline act\">",
			 (long long)o->id);
		page_csrf_input(r);
		html_fmt(b, "<label>实到受众 <input type=\"number\" name=\"audience\" min=\"0\" "
			    "required id=\"audience-%lld\"",
			 (long long)o->id);
		if (o->audience_size > 0)
			html_fmt(b, " value=\"%lld\"", (long long)o->audience_size);
		html_raw(b, "> 人</label> <button type=\"submit\" class=\"primary\">"
			    "确认宣讲完成并记入台账</button></form>");
	}
}

static void
order_table(struct req *r, const struct lecture_view *v)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section class=\"panel\"><h2>点单</h2><p class=\"count\">共 ");
	html_int(b, v->total, 1);
	html_raw(b, " 份（本单位及下级点的，和本单位及下级宣讲团收到的）</p>");
	if (v->norders == 0) {
		html_raw(b, "<p class=\"empty\">还没有点单。</p></section>");
		return;
	}
	html_raw(b, "<div class=\"table-wrap\"><table class=\"list orders cards\"><thead><tr>"
		    "<th>点单单位</th><th>宣讲团</th><th>主题</th><th>希望日期</th>"
		    "<th>受众</th><th>状态</th><th>安排</th><th>操作</th></tr></thead><tbody>");
	for (i = 0; i < v->norders; i++) {
		const struct db_lecture_order *o = &v->orders[i];
		html_fmt(b, "<tr id=\"order-%lld\"><td data-label=\"点单单位\">", (long long)o->id);
		html_text(b, o->org_name);
		html_raw(b, "</td><td data-label=\"宣讲团\">");
		html_text(b, o->team_name);
		html_raw(b, "</td><td class=\"card-title\">");
		html_text(b, o->topic);
		if (o->section_path != NULL) {
			html_raw(b, " <small class=\"muted\">（");
			html_text(b, o->section_path);
			html_raw(b, "）</small>");
		}
		html_raw(b, "</td><td class=\"nowrap\" data-label=\"希望日期\">");
		html_text(b, o->preferred_dates);
		html_raw(b, "</td><td data-label=\"受众\">");
		html_text(b, o->audience_kind);
		if (o->audience_size > 0) {
			html_raw(b, " <span class=\"num\">");
			html_int(b, o->audience_size, 1);
			html_raw(b, "</span> 人");
		}
		html_fmt(b, "</td><td class=\"card-light\"><span class=\"tag order-%s\">", o->state);
		html_text(b, state_label(o->state));
		html_raw(b, "</span></td><td data-label=\"安排\">");
		if (o->lecture_date != NULL) {
			html_text(b, o->lecturer_name);
			html_raw(b, " · <span class=\"nowrap\">");
			html_text(b, o->lecture_date);
			html_raw(b, "</span>");
		}
		if (o->reason != NULL) {
			html_raw(b, "原因：");
			html_text(b, o->reason);
		}
		if (o->record_id != 0)
			html_fmt(b, " <a href=\"/records/%lld\">台账</a>", (long long)o->record_id);
		html_raw(b, "</td><td class=\"card-wide\">");
		order_actions(r, o, v->lecturers[i], v->nlecturers[i]);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div></section>");
}

/* The team's month: every order with a lecture date in it that a team of the caller's gives. */
static void
calendar(struct req *r, const struct lecture_view *v)
{
	struct buf *b = &r->out;
	size_t i, shown = 0;

	for (i = 0; i < v->ncal; i++)
		shown += team_side(r, &v->calendar[i]);
	html_raw(b, "<section class=\"panel\"><h2>宣讲日程</h2><form method=\"get\" "
		    "action=\"/lecture-orders\" class=\"filters\">");
	html_raw(b, "<label>从 <input type=\"date\" name=\"from\" value=\"");
	html_attr(b, v->from);
	html_raw(b, "\"></label> <label>到 <input type=\"date\" name=\"to\" value=\"");
	html_attr(b, v->to);
	html_raw(b, "\"></label> <button type=\"submit\">查看</button></form>");
	if (shown == 0) {
		html_raw(b, "<p class=\"empty\">这段时间本单位的宣讲团没有安排宣讲。</p></section>");
		return;
	}
	html_raw(b, "<ul class=\"calendar\">");
	for (i = 0; i < v->ncal; i++) {
		const struct db_lecture_order *o = &v->calendar[i];
		if (!team_side(r, o))
			continue;
		html_raw(b, "<li><span class=\"cal-date\">");
		html_text(b, o->lecture_date);
		html_raw(b, "</span> ");
		html_text(b, o->lecturer_name);
		html_raw(b, " 到");
		html_text(b, o->org_name);
		html_raw(b, "宣讲“");
		html_text(b, o->topic);
		html_fmt(b, "”<span class=\"tag order-%s\">", o->state);
		html_text(b, state_label(o->state));
		html_raw(b, "</span></li>");
	}
	html_raw(b, "</ul></section>");
}

static void
render(struct req *r, const struct lecture_view *v, const struct lecture_typed *t,
       const struct xg_error *err)
{
	const char *done;

	page_begin_status(r, err != NULL ? http_status_of(err->rc) : 200, "宣讲点单", "lectures");
	if (err != NULL)
		page_notice(r, false, err->message);
	else if ((done = page_done_text(r, done_texts)) != NULL)
		page_notice(r, true, done);
	if (role_can(r->actor.role, PERM_RECORD_WRITE))
		ask_form(r, v, t, err);
	order_table(r, v);
	calendar(r, v);
	page_end(r);
}

/* Gather and render, with err's message and the ask form as typed when a step failed. */
static void
show(struct req *r, const struct lecture_typed *t, const struct xg_error *err)
{
	struct lecture_view v = {0};
	struct xg_error gerr;

	if (gather(r, &v, &gerr) != XG_OK) {
		page_error(r, &gerr);
		return;
	}
	render(r, &v, t, err);
}

void
page_lectures(struct req *r)
{
	struct lecture_typed t = {0};
	show(r, &t, NULL);
}

/* A step's outcome: to the list with its confirmation, the list with the error for what a person
 * can fix, else an error page. */
static void
after_step(struct req *r, enum xg_rc rc, const struct xg_error *err, const char *done_href,
	   const struct lecture_typed *t)
{
	struct lecture_typed none = {0};

	if (rc == XG_OK)
		http_redirect(r, done_href);
	else if (rc == XG_INVALID || rc == XG_CONFLICT || rc == XG_FORBIDDEN)
		show(r, t != NULL ? t : &none, err);
	else
		page_error(r, err);
}

void
page_lecture_new(struct req *r)
{
	struct lecture_typed t = {.team_id = param_int(&r->body, F_TEAM_ID, 0),
				  .topic = param_str(&r->body, F_TOPIC),
				  .section_path = param_str(&r->body, F_SECTION_PATH),
				  .preferred_dates = param_str(&r->body, F_PREFERRED_DATES),
				  .audience_kind = param_str(&r->body, F_AUDIENCE_KIND),
				  .audience_size = param_int(&r->body, F_AUDIENCE_SIZE, 0)};
	struct lecture_input in = {.team_id = t.team_id,
				   .topic = t.topic != NULL ? t.topic : "",
				   .section_path = t.section_path,
				   .preferred_dates = t.preferred_dates,
				   .audience_kind = t.audience_kind != NULL && t.audience_kind[0]
							? t.audience_kind
							: NULL,
				   .audience_size = t.audience_size};
	struct db_lecture_order o;
	struct xg_error err;

	after_step(r, lecture_request(r->db, r->a, &r->actor, &in, r->now, &o, &err), &err,
		   "/lecture-orders?done=requested", &t);
}

void
page_lecture_accept(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;

	after_step(r,
		   lecture_accept(r->db, r->a, &r->actor, r->id[0],
				  param_int(&r->body, F_LECTURER_ID, 0),
				  param_str(&r->body, F_DATE), r->now, &o, &err),
		   &err, "/lecture-orders?done=accepted", NULL);
}

void
page_lecture_decline(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;
	const char *reason = param_str(&r->body, F_REASON);

	after_step(r,
		   lecture_decline(r->db, r->a, &r->actor, r->id[0], reason != NULL ? reason : "",
				   r->now, &o, &err),
		   &err, "/lecture-orders?done=declined", NULL);
}

void
page_lecture_done(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;

	after_step(r,
		   lecture_done(r->db, r->a, &r->actor, r->id[0],
				param_int(&r->body, F_AUDIENCE, 0), r->now, &o, NULL, &err),
		   &err, "/lecture-orders?done=given", NULL);
}
