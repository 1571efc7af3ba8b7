/* routes: the route table of xuanguan — every URL, its permission and the fields it accepts. */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "api/api.h"
#include "db/db.h"
#include "domain/campaign.h"
#include "domain/document.h"
#include "domain/evidence.h"
#include "domain/lecture.h"
#include "domain/notice.h"
#include "domain/inspection.h"
#include "domain/org.h"
#include "domain/record.h"
#include "domain/plan.h"
#include "domain/task.h"
#include "domain/task_view.h"
#include "domain/role.h"
#include "base/tree.h"
#include "page/page.h"
#include "server/assets.h"
#include "server/route.h"

#define ID_MAX INT64_MAX

/* The two kinds of route: the JSON API and the pages. */
static const struct route_kind kind_api = {
    .name = "api", .error = api_error, .csrf_in_header = true};
static const struct route_kind kind_page = {.name = "page", .error = page_error};

const struct route_kind *
route_kind_of_path(const char *path)
{
	return path != NULL && strncmp(path, "/api/", 5) == 0 ? &kind_api : &kind_page;
}

/* What an {id} names, and whether the caller can see it (its subtree is the scope of the read). */
static bool
org_visible(struct req *r, int64_t id)
{
	struct db_org o;
	return db_org_get(r->db, r->a, r->actor.org_path, id, &o) != DB_NOTFOUND;
}

static bool
user_visible(struct req *r, int64_t id)
{
	struct db_user u;
	return db_user_get(r->db, r->a, r->actor.org_path, id, &u) != DB_NOTFOUND;
}

static bool
campaign_visible(struct req *r, int64_t id)
{
	struct db_campaign c;
	return db_campaign_get(r->db, r->a, r->actor.org_path, id, &c) != DB_NOTFOUND;
}

static bool
record_visible(struct req *r, int64_t id)
{
	struct db_record rec;
	return db_record_get(r->db, r->a, r->actor.org_path, id, &rec) != DB_NOTFOUND;
}

static bool
file_visible(struct req *r, int64_t id)
{
	struct db_file f;
	return db_file_any_get(r->db, r->a, r->actor.org_path, id, &f) != DB_NOTFOUND;
}

static const struct route_object obj_org = {.missing = "单位不存在", .visible = org_visible};
static const struct route_object obj_user = {.missing = "账号不存在", .visible = user_visible};
static const struct route_object obj_campaign = {.missing = "专项工作不存在",
						 .visible = campaign_visible};
static bool
task_visible(struct req *r, int64_t id)
{
	struct db_task t;
	return db_task_get(r->db, r->a, r->actor.org_path, id, &t) != DB_NOTFOUND;
}

static const struct route_object obj_task = {.missing = "任务不存在", .visible = task_visible};
static bool
directive_visible(struct req *r, int64_t id)
{
	struct db_directive d;
	return db_directive_get(r->db, r->a, r->actor.org_path, id, &d) != DB_NOTFOUND;
}

static const struct route_object obj_directive = {.missing = "文件不存在",
						  .visible = directive_visible};

static bool
inspection_visible(struct req *r, int64_t id)
{
	struct db_inspection i;
	return db_inspection_get(r->db, r->a, r->actor.org_path, "", id, &i) != DB_NOTFOUND;
}

static bool
rect_visible(struct req *r, int64_t id)
{
	struct db_rectification x;
	return db_rect_get(r->db, r->a, r->actor.org_path, id, &x) != DB_NOTFOUND;
}

static const struct route_object obj_inspection = {.missing = "督查记录不存在",
						   .visible = inspection_visible};
static const struct route_object obj_rect = {.missing = "整改事项不存在", .visible = rect_visible};
static const struct route_object obj_record = {.missing = "台账不存在", .visible = record_visible};
/* A notice: the recipient's unit or the sender's unit in the caller's subtree (the handlers narrow
 * it: only a recipient marks it read). */
static bool
notice_visible(struct req *r, int64_t id)
{
	struct db_notice n;
	if (db_notice_get(r->db, r->a, id, r->actor.user_id, &n) != DB_OK)
		return false;
	return tree_within(n.org_path, r->actor.org_path) ||
	       (n.sender_path != NULL && tree_within(n.sender_path, r->actor.org_path));
}

static bool
lecture_visible(struct req *r, int64_t id)
{
	struct db_lecture_order o;
	return db_lecture_order_get(r->db, r->a, r->actor.org_path, id, &o) != DB_NOTFOUND;
}

static const struct route_object obj_notice = {.missing = "消息不存在", .visible = notice_visible};
static const struct route_object obj_lecture = {.missing = "宣讲点单不存在",
						.visible = lecture_visible};
static const struct route_object obj_file = {.missing = "附件不存在", .visible = file_visible};

/* Fields many routes share. */
#define FIELD_LIMIT                                                                                \
	{                                                                                          \
		.id = F_LIMIT, .type = FT_INT, .min = 1, .max = 100                                \
	}
#define FIELD_OFFSET                                                                               \
	{                                                                                          \
		.id = F_OFFSET, .type = FT_INT, .min = 0, .max = ID_MAX                            \
	}
#define FIELD_Q                                                                                    \
	{                                                                                          \
		.id = F_Q, .type = FT_STRING, .max_len = 100                                       \
	}

/* Query strings */
static const struct field q_page[] = {
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_org_search[] = {
    FIELD_Q,
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_users[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELD_Q,
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_audit[] = {
    {.id = F_ACTOR, .type = FT_STRING, .max_len = 64},
    {.id = F_ACTION, .type = FT_STRING, .max_len = 64},
    {.id = F_OBJECT_TYPE, .type = FT_STRING, .max_len = 32},
    {.id = F_OBJECT_ID, .type = FT_STRING, .max_len = 32},
    {.id = F_FROM, .type = FT_STRING, .max_len = 10},	       /* YYYY-MM-DD, China time */
    {.id = F_TO, .type = FT_STRING, .max_len = 10},	       /* YYYY-MM-DD, inclusive */
    {.id = F_BEFORE, .type = FT_INT, .min = 1, .max = ID_MAX}, /* keyset: older than this id */
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_user_new[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field q_next[] = {
    {.id = F_NEXT, .type = FT_STRING, .max_len = 200},
    FIELDS_END,
};

/* Work records: the common fields, then every kind's own (domain/record.c checks which kind
 * takes which). */
#define DATE_FIELD(fid)                                                                            \
	{                                                                                          \
		.id = fid, .type = FT_STRING, .max_len = 10                                        \
	}
#define COUNT_FIELD(fid)                                                                           \
	{                                                                                          \
		.id = fid, .type = FT_INT, .min = 0, .max = RECORD_COUNT_MAX                       \
	}
#define TEXT_FIELD(fid, n)                                                                         \
	{                                                                                          \
		.id = fid, .type = FT_STRING, .max_len = n                                         \
	}
#define LONG_FIELD(fid, n)                                                                         \
	{                                                                                          \
		.id = fid, .type = FT_STRING, .max_len = n, .multiline = true                      \
	}
#define RECORD_FIELDS                                                                              \
	{.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 0, .max = ID_MAX}, DATE_FIELD(F_DATE),        \
	    TEXT_FIELD(F_TITLE, RECORD_TITLE_MAX), COUNT_FIELD(F_PARTICIPANTS),                    \
	    COUNT_FIELD(F_AUDIENCE), COUNT_FIELD(F_HOURS), TEXT_FIELD(F_FORM, 20),                 \
	    TEXT_FIELD(F_MODE, 20), TEXT_FIELD(F_TOPIC, 200), LONG_FIELD(F_MATERIALS, 2000),       \
	    TEXT_FIELD(F_HOST, 50), COUNT_FIELD(F_EXPECTED), LONG_FIELD(F_MINUTES, 5000),          \
	    TEXT_FIELD(F_CLASS_NAME, 200), TEXT_FIELD(F_BATCH, 50), TEXT_FIELD(F_ORGANISER, 100),  \
	    DATE_FIELD(F_START_DATE), DATE_FIELD(F_END_DATE), {.id = F_ONLINE, .type = FT_BOOL},   \
	    TEXT_FIELD(F_CHANNEL, 20), TEXT_FIELD(F_GENRE, 20), TEXT_FIELD(F_LINK, 500),           \
	    TEXT_FIELD(F_LECTURER, 200), TEXT_FIELD(F_VENUE_KIND, 30), TEXT_FIELD(F_PLACE, 200),   \
	    TEXT_FIELD(F_AUDIENCE_KIND, 100), TEXT_FIELD(F_FORMAT, 20),                            \
	    {.id = F_VOLUNTEER, .type = FT_BOOL}, {.id = F_PARTY_LESSON, .type = FT_BOOL},         \
	    TEXT_FIELD(F_INDICATOR, 200), COUNT_FIELD(F_INDICATOR_VALUE),                          \
	    LONG_FIELD(F_PROGRESS, 2000),                                                          \
	    {.id = F_SECTIONS, .type = FT_IDS, .min = 1, .max = ID_MAX},                           \
	{                                                                                          \
		.id = F_TASK_ID, .type = FT_INT, .min = 0, .max = ID_MAX                           \
	}
static const struct field b_record_create[] = {
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 20},
    RECORD_FIELDS,
    FIELDS_END,
};
static const struct field b_record_update[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_KIND, .type = FT_STRING, .max_len = 20},
    RECORD_FIELDS,
    FIELDS_END,
};
static const struct field b_reason[] = {
    {.id = F_REASON, .type = FT_STRING, .required = true, .max_len = RECORD_REASON_MAX},
    FIELDS_END,
};
static const struct field q_records[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_SUBTREE, .type = FT_BOOL},
    {.id = F_KIND, .type = FT_STRING, .max_len = 20},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    FIELD_Q,
    {.id = F_STATE, .type = FT_STRING, .max_len = 20},
    {.id = F_SORT, .type = FT_STRING, .max_len = 20},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_record_import[] = {
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 20},
    FIELDS_END,
};
static const struct field q_record_import_page[] = {
    {.id = F_KIND, .type = FT_STRING, .max_len = 20},
    FIELDS_END,
};
static const struct field q_stats[] = {
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
/* Tasks (domain/task.h). */
static const struct field b_task_create[] = {
    {.id = F_TITLE, .type = FT_STRING, .required = true, .max_len = TASK_TITLE_MAX},
    {.id = F_DUE_DATE, .type = FT_STRING, .required = true, .max_len = 10},
    DATE_FIELD(F_START_DATE),
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX, .nullable = true},
    LONG_FIELD(F_PARAGRAPH, TASK_PARAGRAPH_MAX),
    {.id = F_SECTION_PATH, .type = FT_STRING, .max_len = TASK_SECTION_MAX},
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_LEAD_UNIT, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CO_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_UNIT_KIND, .type = FT_STRING, .max_len = 50},
    FIELDS_END,
};
static const struct field q_tasks[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_LIGHT, .type = FT_STRING, .max_len = 10},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_task_unit[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field q_task_units[] = {
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field b_task_progress[] = {
    {.id = F_PERCENT, .type = FT_INT, .required = true, .min = 0, .max = 100},
    LONG_FIELD(F_TEXT, TASK_TEXT_MAX),
    {.id = F_MILESTONE, .type = FT_STRING, .max_len = TASK_MILESTONE_MAX},
    LONG_FIELD(F_PROBLEMS, TASK_TEXT_MAX),
    LONG_FIELD(F_HELP_NEEDED, TASK_TEXT_MAX),
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
/* Directives in the system (domain/document.h). The import's body is a file, or JSON checked by
 * api/directive.c against its own declared fields. */
static const struct field q_directive_create[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_NAME, .type = FT_STRING, .max_len = 255},
    FIELDS_END,
};
static const struct field q_directives[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
/* Task views: the matrix, overdue and timeline of a unit (org_id: default the caller's). */
static const struct field q_task_view[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field b_directive_update[] = {
    {.id = F_SECTION_PATH, .type = FT_STRING, .max_len = TASK_SECTION_MAX},
    {.id = F_HEADING, .type = FT_STRING, .max_len = DOCUMENT_HEADING_MAX},
    {.id = F_TASK, .type = FT_INT, .min = 0, .max = 100000},
    {.id = F_TITLE, .type = FT_STRING, .max_len = TASK_TITLE_MAX},
    {.id = F_SUBJECTS, .type = FT_STRING, .max_len = DOCUMENT_SUBJECTS_MAX},
    {.id = F_START_DATE, .type = FT_STRING, .max_len = 10},
    {.id = F_DUE_DATE, .type = FT_STRING, .max_len = 10},
    {.id = F_TARGETS, .type = FT_STRING, .max_len = DOCUMENT_TARGETS_MAX},
    {.id = F_VERSION, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_directive_map[] = {
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = 200},
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_directive_confirm[] = {
    {.id = F_TASK, .type = FT_INT, .required = true, .min = 0, .max = 100000},
    {.id = F_TITLE, .type = FT_STRING, .max_len = TASK_TITLE_MAX},
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_DUE_DATE),
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_LEAD_UNIT, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CO_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_UNIT_KIND, .type = FT_STRING, .max_len = 50},
    FIELDS_END,
};
static const struct field q_coverage[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
/* Directive pages (page/directive.c): forms posted by staff; the import goes to the API. */
static const struct field q_directive_pages[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_directive_page[] = {
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},
    FIELDS_END,
};
static const struct field b_directive_map_form[] = {
    TEXT_FIELD(F_NAME, 200),
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_directive_confirm_form[] = {
    {.id = F_TASK, .type = FT_INT, .required = true, .min = 0, .max = 100000},
    TEXT_FIELD(F_TITLE, 2 * TASK_TITLE_MAX),
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_DUE_DATE),
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    TEXT_FIELD(F_UNIT_KIND, 50),
    FIELDS_END,
};
static const struct field b_directive_correct_form[] = {
    TEXT_FIELD(F_SECTION_PATH, TASK_SECTION_MAX),
    TEXT_FIELD(F_HEADING, DOCUMENT_HEADING_MAX),
    {.id = F_TASK, .type = FT_INT, .min = 0, .max = 100000},
    TEXT_FIELD(F_TITLE, TASK_TITLE_MAX),
    TEXT_FIELD(F_SUBJECTS, DOCUMENT_SUBJECTS_MAX),
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_DUE_DATE),
    TEXT_FIELD(F_TARGETS, DOCUMENT_TARGETS_MAX),
    {.id = F_VERSION, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
/* Task pages: the list with its light filter, a task's page, its forms. Numbers typed in a form
 * arrive as text, checked by the page, so that a wrong one is said beside its box. */
static const struct field q_task_pages[] = {
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_LIGHT, .type = FT_STRING, .max_len = 10},
    FIELD_LIMIT,
    FIELD_OFFSET,
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},
    FIELDS_END,
};
static const struct field q_task_page[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX}, FIELD_LIMIT, FIELD_OFFSET,
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},	       FIELDS_END,
};
static const struct field b_task_form[] = {
    TEXT_FIELD(F_TITLE, 2 * TASK_TITLE_MAX),
    DATE_FIELD(F_DUE_DATE),
    DATE_FIELD(F_START_DATE),
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 0, .max = ID_MAX},
    LONG_FIELD(F_PARAGRAPH, 2 * TASK_PARAGRAPH_MAX),
    TEXT_FIELD(F_SECTION_PATH, 2 * TASK_SECTION_MAX),
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_LEAD_UNIT, .type = FT_INT, .min = 0, .max = ID_MAX},
    {.id = F_CO_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    TEXT_FIELD(F_UNIT_KIND, 50),
    FIELDS_END,
};
static const struct field b_task_sign_form[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_task_progress_form[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    TEXT_FIELD(F_PERCENT, 12),
    LONG_FIELD(F_TEXT, 2 * TASK_TEXT_MAX),
    TEXT_FIELD(F_MILESTONE, 2 * TASK_MILESTONE_MAX),
    LONG_FIELD(F_PROBLEMS, 2 * TASK_TEXT_MAX),
    LONG_FIELD(F_HELP_NEEDED, 2 * TASK_TEXT_MAX),
    FIELDS_END,
};
/* Plans, adjustments, the records behind a task (domain/plan.h). */
static const struct field b_plan_add[] = {
    {.id = F_TITLE, .type = FT_STRING, .required = true, .max_len = TASK_TITLE_MAX},
    {.id = F_MILESTONE, .type = FT_STRING, .max_len = PLAN_MILESTONE_MAX},
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_DUE_DATE),
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field q_plan_list[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field b_plan_adjust[] = {
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 20},
    {.id = F_VALUE, .type = FT_STRING, .max_len = TASK_TITLE_MAX},
    {.id = F_REASON, .type = FT_STRING, .required = true, .max_len = ADJUST_REASON_MAX},
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_plan_answer[] = {
    {.id = F_REASON, .type = FT_STRING, .max_len = ADJUST_REASON_MAX},
    FIELDS_END,
};
static const struct field q_plan_records[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_SUBTREE, .type = FT_BOOL},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
/* Notices and reminders (domain/notice.h). */
static const struct field q_notices[] = {
    {.id = F_UNREAD, .type = FT_BOOL},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field b_task_remind[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    LONG_FIELD(F_TEXT, NOTICE_TEXT_MAX),
    FIELDS_END,
};
static const struct field q_notices_page[] = {
    {.id = F_UNREAD, .type = FT_BOOL},
    {.id = F_DONE, .type = FT_STRING, .max_len = 20},
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field q_unread[] = {
    {.id = F_UNREAD, .type = FT_BOOL},
    FIELDS_END,
};
static const struct field q_lecture_page[] = {
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    {.id = F_DONE, .type = FT_STRING, .max_len = 20},
    FIELDS_END,
};
/* Lecture teams and orders (domain/lecture.h). */
static const struct field q_lecture_teams[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_lecturer[] = {
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = LECTURE_NAME_MAX},
    {.id = F_TITLE, .type = FT_STRING, .max_len = LECTURE_TITLE_MAX},
    FIELDS_END,
};
static const struct field q_lecture_orders[] = {
    {.id = F_TEAM_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_STATE, .type = FT_STRING, .max_len = 20},
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    FIELD_LIMIT,
    FIELD_OFFSET,
    FIELDS_END,
};
static const struct field b_lecture_order[] = {
    {.id = F_TEAM_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_TOPIC, .type = FT_STRING, .required = true, .max_len = LECTURE_TOPIC_MAX},
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_SECTION_PATH, .type = FT_STRING, .max_len = 50},
    {.id = F_PREFERRED_DATES, .type = FT_STRING, .max_len = LECTURE_DATES_LEN},
    {.id = F_AUDIENCE_KIND, .type = FT_STRING, .max_len = LECTURE_KIND_MAX},
    {.id = F_AUDIENCE_SIZE, .type = FT_INT, .min = 0, .max = LECTURE_AUDIENCE_MAX},
    FIELDS_END,
};
static const struct field b_lecture_accept[] = {
    {.id = F_LECTURER_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_DATE, .type = FT_STRING, .required = true, .max_len = 10},
    FIELDS_END,
};
static const struct field b_lecture_decline[] = {
    {.id = F_REASON, .type = FT_STRING, .required = true, .max_len = LECTURE_REASON_MAX},
    FIELDS_END,
};
static const struct field b_lecture_done[] = {
    {.id = F_AUDIENCE, .type = FT_INT, .required = true, .min = 0, .max = RECORD_COUNT_MAX},
    FIELDS_END,
};
/* Inspections and rectifications (domain/inspection.h). */
static const struct field b_inspection_create[] = {
    {.id = F_DATE, .type = FT_STRING, .required = true, .max_len = 10},
    LONG_FIELD(F_ITEMS, INSPECTION_ITEMS_MAX),
    LONG_FIELD(F_FINDINGS, INSPECTION_FINDINGS_MAX),
    {.id = F_UNITS, .type = FT_IDS, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field b_rect_create[] = {
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    LONG_FIELD(F_REQUIREMENT, RECT_WHAT_MAX),
    {.id = F_DEADLINE, .type = FT_STRING, .required = true, .max_len = 10},
    FIELDS_END,
};
static const struct field b_rect_answer[] = {
    LONG_FIELD(F_ANSWER, RECT_ANSWER_MAX),
    FIELDS_END,
};
static const struct field b_rect_note[] = {
    LONG_FIELD(F_NOTE, RECT_NOTE_MAX),
    FIELDS_END,
};
/* The inspection form: the chosen units come as repeated values of one select (or typed ids). */
static const struct field f_inspection_form[] = {
    {.id = F_DATE, .type = FT_STRING, .max_len = 10},
    LONG_FIELD(F_ITEMS, INSPECTION_ITEMS_MAX),
    LONG_FIELD(F_FINDINGS, INSPECTION_FINDINGS_MAX),
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    FIELDS_END,
};
static const struct field f_rect_form[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    LONG_FIELD(F_REQUIREMENT, RECT_WHAT_MAX),
    {.id = F_DEADLINE, .type = FT_STRING, .max_len = 10},
    FIELDS_END,
};
/* The dashboard: months YYYY-MM (a day is widened to its month, as the stats API does). */
static const struct field q_dashboard[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    {.id = F_SORT, .type = FT_STRING, .max_len = 32},
    FIELDS_END,
};
static const struct field b_campaign_create[] = {
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = CAMPAIGN_NAME_MAX},
    {.id = F_START_DATE, .type = FT_STRING, .required = true, .max_len = 10},
    {.id = F_END_DATE, .type = FT_STRING, .required = true, .max_len = 10},
    LONG_FIELD(F_DESCRIPTION, CAMPAIGN_DESCRIPTION_MAX),
    {.id = F_WARN_DAYS, .type = FT_INT, .min = 0, .max = CAMPAIGN_WARN_DAYS_MAX},
    {.id = F_LIGHT_RULE, .type = FT_STRING, .max_len = 10},
    {.id = F_LIGHT_SHARE, .type = FT_INT, .min = 1, .max = 100},
    FIELDS_END,
};
static const struct field b_campaign_update[] = {
    {.id = F_NAME, .type = FT_STRING, .max_len = CAMPAIGN_NAME_MAX},
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_END_DATE),
    LONG_FIELD(F_DESCRIPTION, CAMPAIGN_DESCRIPTION_MAX),
    {.id = F_WARN_DAYS, .type = FT_INT, .min = 0, .max = CAMPAIGN_WARN_DAYS_MAX},
    {.id = F_LIGHT_RULE, .type = FT_STRING, .max_len = 10},
    {.id = F_LIGHT_SHARE, .type = FT_INT, .min = 1, .max = 100},
    FIELDS_END,
};

/* The ledger's pages. Figures and whole numbers arrive as text, checked by the page, so that a
 * wrong one is shown beside its box with what was typed kept. */
static const struct field q_ledger[] = {
    {.id = F_KIND, .type = FT_STRING, .max_len = 20},
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_SUBTREE, .type = FT_STRING, .max_len = 5},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    DATE_FIELD(F_FROM),
    DATE_FIELD(F_TO),
    FIELD_Q,
    {.id = F_STATE, .type = FT_STRING, .max_len = 20},
    {.id = F_SORT, .type = FT_STRING, .max_len = 20},
    FIELD_LIMIT,
    FIELD_OFFSET,
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},
    FIELDS_END,
};
static const struct field q_kind[] = {
    {.id = F_KIND, .type = FT_STRING, .max_len = 20},
    FIELDS_END,
};
#define FORM_COUNT(fid)                                                                            \
	{                                                                                          \
		.id = fid, .type = FT_STRING, .max_len = 12                                        \
	}
static const struct field b_record_form[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 20},
    {.id = F_CAMPAIGN_ID, .type = FT_INT, .min = 0, .max = ID_MAX},
    DATE_FIELD(F_DATE),
    TEXT_FIELD(F_TITLE, 2 * RECORD_TITLE_MAX),
    FORM_COUNT(F_PARTICIPANTS),
    FORM_COUNT(F_AUDIENCE),
    FORM_COUNT(F_HOURS),
    TEXT_FIELD(F_FORM, 20),
    TEXT_FIELD(F_MODE, 20),
    TEXT_FIELD(F_TOPIC, 400),
    LONG_FIELD(F_MATERIALS, 4000),
    TEXT_FIELD(F_HOST, 100),
    FORM_COUNT(F_EXPECTED),
    LONG_FIELD(F_MINUTES, 10000),
    TEXT_FIELD(F_CLASS_NAME, 400),
    TEXT_FIELD(F_BATCH, 100),
    TEXT_FIELD(F_ORGANISER, 200),
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_END_DATE),
    {.id = F_ONLINE, .type = FT_BOOL},
    TEXT_FIELD(F_CHANNEL, 20),
    TEXT_FIELD(F_GENRE, 20),
    TEXT_FIELD(F_LINK, 1000),
    TEXT_FIELD(F_LECTURER, 400),
    TEXT_FIELD(F_VENUE_KIND, 30),
    TEXT_FIELD(F_PLACE, 400),
    TEXT_FIELD(F_AUDIENCE_KIND, 200),
    TEXT_FIELD(F_FORMAT, 20),
    {.id = F_VOLUNTEER, .type = FT_BOOL},
    {.id = F_PARTY_LESSON, .type = FT_BOOL},
    TEXT_FIELD(F_INDICATOR, 400),
    FORM_COUNT(F_INDICATOR_VALUE),
    LONG_FIELD(F_PROGRESS, 4000),
    FIELDS_END,
};
/* A reason typed in a page's box: checked by the domain, so that an empty one is said beside it. */
static const struct field b_reason_form[] = {
    {.id = F_REASON, .type = FT_STRING, .max_len = RECORD_REASON_MAX, .multiline = true},
    FIELDS_END,
};
/* The review page's bulk step: the ticked boxes (ids, repeated), the button, one reason. */
static const struct field b_review_bulk[] = {
    {.id = F_IDS, .type = FT_IDS, .min = 1, .max = ID_MAX},
    {.id = F_ACTION, .type = FT_STRING, .max_len = 10},
    {.id = F_REASON, .type = FT_STRING, .max_len = RECORD_REASON_MAX, .multiline = true},
    FIELDS_END,
};
static const struct field b_campaign_form[] = {
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_NAME, .type = FT_STRING, .max_len = 2 * CAMPAIGN_NAME_MAX},
    DATE_FIELD(F_START_DATE),
    DATE_FIELD(F_END_DATE),
    LONG_FIELD(F_DESCRIPTION, 2 * CAMPAIGN_DESCRIPTION_MAX),
    FIELDS_END,
};

/* Pages: done names the fixed confirmation to show after a save (never echoed). */
static const struct field q_done[] = {
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},
    FIELDS_END,
};
static const struct field q_org_view[] = {
    FIELD_LIMIT,
    FIELD_OFFSET,
    {.id = F_DONE, .type = FT_STRING, .max_len = 16},
    FIELDS_END,
};

/* Bodies */
static const struct field b_login[] = {
    {.id = F_USERNAME, .type = FT_STRING, .required = true, .max_len = 64},
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    FIELDS_END,
};
static const struct field b_login_form[] = {
    {.id = F_USERNAME, .type = FT_STRING, .required = true, .max_len = 64},
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    {.id = F_NEXT, .type = FT_STRING, .max_len = 200},
    FIELDS_END,
};
static const struct field b_org_create[] = {
    {.id = F_PARENT_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = 100},
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_MEMBERS, .type = FT_INT, .min = 0, .max = ORG_MEMBERS_MAX},
    FIELDS_END,
};
static const struct field b_org_update[] = {
    {.id = F_PARENT_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CODE, .type = FT_STRING, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .max_len = 100},
    {.id = F_KIND, .type = FT_STRING, .max_len = 32},
    {.id = F_MEMBERS, .type = FT_INT, .min = 0, .max = ORG_MEMBERS_MAX},
    {.id = F_CLOSED, .type = FT_BOOL},
    FIELDS_END,
};
/* The page form that edits a unit: confirm is the second step of closing one. */
static const struct field b_org_edit_form[] = {
    {.id = F_PARENT_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_CODE, .type = FT_STRING, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .max_len = 100},
    {.id = F_KIND, .type = FT_STRING, .max_len = 32},
    {.id = F_MEMBERS,
     .type = FT_STRING,
     .max_len = 12}, /* checked by the page: an empty box is 0 */
    {.id = F_CLOSED, .type = FT_BOOL},
    {.id = F_CONFIRM, .type = FT_BOOL},
    FIELDS_END,
};
/* The page form for a new child unit: the parent comes from the URL. */
static const struct field b_org_new_form[] = {
    {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = 100},
    {.id = F_KIND, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_MEMBERS,
     .type = FT_STRING,
     .max_len = 12}, /* checked by the page: an empty box is 0 */
    FIELDS_END,
};
static const struct field b_user_create[] = {
    {.id = F_USERNAME, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_DISPLAY_NAME, .type = FT_STRING, .required = true, .max_len = 50},
    {.id = F_ROLE, .type = FT_STRING, .required = true, .max_len = 16},
    {.id = F_ORG_ID, .type = FT_INT, .required = true, .min = 1, .max = ID_MAX},
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    FIELDS_END,
};
static const struct field b_user_update[] = {
    {.id = F_DISPLAY_NAME, .type = FT_STRING, .max_len = 50},
    {.id = F_ROLE, .type = FT_STRING, .max_len = 16},
    {.id = F_ORG_ID, .type = FT_INT, .min = 1, .max = ID_MAX},
    {.id = F_DISABLED, .type = FT_BOOL},
    FIELDS_END,
};
static const struct field b_password_reset[] = {
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    FIELDS_END,
};
static const struct field b_password_own[] = {
    {.id = F_OLD_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    FIELDS_END,
};
/* The page form asks for the new password twice, to catch a typing slip. */
static const struct field b_password_own_form[] = {
    {.id = F_OLD_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    {.id = F_PASSWORD, .type = FT_STRING, .required = true, .max_len = 128},
    {.id = F_PASSWORD2, .type = FT_STRING, .required = true, .max_len = 128},
    FIELDS_END,
};
static const struct field b_token[] = {
    {.id = F_LABEL, .type = FT_STRING, .required = true, .max_len = 50},
    FIELDS_END,
};
static const struct field b_policy[] = {
    {.id = F_PW_MIN_LENGTH, .type = FT_INT, .min = 8, .max = 64},
    {.id = F_PW_MIN_CLASSES, .type = FT_INT, .min = 1, .max = 4},
    {.id = F_LOCK_USER_FAILURES, .type = FT_INT, .min = 3, .max = 100},
    {.id = F_LOCK_ADDR_FAILURES, .type = FT_INT, .min = 3, .max = 1000},
    {.id = F_LOCK_WINDOW, .type = FT_INT, .min = 60, .max = 86400},
    {.id = F_LOCK_SECONDS, .type = FT_INT, .min = 60, .max = 86400},
    {.id = F_SESSION_IDLE, .type = FT_INT, .min = 60, .max = 86400},
    {.id = F_SESSION_ABSOLUTE, .type = FT_INT, .min = 300, .max = 604800},
    {.id = F_TOKEN_DAYS, .type = FT_INT, .min = 1, .max = 3650},
    FIELDS_END,
};
/* The file name, when the client knows it (only a name ending in .docx says anything). */
static const struct field q_document[] = {
    {.id = F_NAME, .type = FT_STRING, .max_len = 200},
    FIELDS_END,
};
/* An evidence file's name as the uploader gave it (domain/evidence.c checks it). */
static const struct field q_file_name[] = {
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = EVIDENCE_NAME_MAX},
    FIELDS_END,
};
static const struct field b_file_reason[] = {
    {.id = F_REASON, .type = FT_STRING, .required = true, .max_len = EVIDENCE_REASON_MAX},
    FIELDS_END,
};
static const struct field b_unlock[] = {
    {.id = F_KEY, .type = FT_STRING, .required = true, .max_len = 200},
    FIELDS_END,
};

const struct route route_table[] = {
    /* JSON API */
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/login",
     .handler = api_login,
     .perm = PERM_PUBLIC,
     .body = BODY_JSON,
     .fields = b_login,
     .flags = ROUTE_NO_CSRF},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/logout",
     .handler = api_logout,
     .perm = PERM_LOGIN},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/me",
     .handler = api_me,
     .perm = PERM_LOGIN},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/me/password",
     .handler = api_me_password,
     .perm = PERM_LOGIN,
     .body = BODY_JSON,
     .fields = b_password_own},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tokens",
     .handler = api_token_list,
     .perm = PERM_LOGIN},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tokens",
     .handler = api_token_create,
     .perm = PERM_LOGIN,
     .body = BODY_JSON,
     .fields = b_token},
    {.kind = &kind_api,
     .method = HTTP_DELETE,
     .pattern = "/api/v1/tokens/{id}",
     .handler = api_token_delete,
     .perm = PERM_LOGIN},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/org-kinds",
     .handler = api_kind_list,
     .perm = PERM_ORG_READ},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/orgs",
     .handler = api_org_search,
     .perm = PERM_ORG_READ,
     .query = q_org_search},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/orgs",
     .handler = api_org_create,
     .perm = PERM_ORG_WRITE,
     .body = BODY_JSON,
     .fields = b_org_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/orgs/{id}",
     .handler = api_org_get,
     .perm = PERM_ORG_READ,
     .object = &obj_org},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/orgs/{id}",
     .handler = api_org_update,
     .perm = PERM_ORG_WRITE,
     .body = BODY_JSON,
     .fields = b_org_update,
     .object = &obj_org},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/orgs/{id}/children",
     .handler = api_org_children,
     .perm = PERM_ORG_READ,
     .query = q_page,
     .object = &obj_org},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/orgs/{id}/stats",
     .handler = api_org_stats,
     .perm = PERM_RECORD_READ,
     .query = q_stats,
     .object = &obj_org},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/campaigns",
     .handler = api_campaign_list,
     .perm = PERM_RECORD_READ,
     .query = q_page},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/campaigns",
     .handler = api_campaign_create,
     .perm = PERM_CAMPAIGN_WRITE,
     .body = BODY_JSON,
     .fields = b_campaign_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/campaigns/{id}",
     .handler = api_campaign_get,
     .perm = PERM_RECORD_READ,
     .object = &obj_campaign},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/campaigns/{id}",
     .handler = api_campaign_update,
     .perm = PERM_CAMPAIGN_WRITE,
     .body = BODY_JSON,
     .fields = b_campaign_update,
     .object = &obj_campaign},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/records",
     .handler = api_record_list,
     .perm = PERM_RECORD_READ,
     .query = q_records},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records",
     .handler = api_record_create,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_record_create,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/records.csv",
     .handler = api_record_export_csv,
     .perm = PERM_RECORD_READ,
     .query = q_records},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/records.xlsx",
     .handler = api_record_export_xlsx,
     .perm = PERM_RECORD_READ,
     .query = q_records},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records/import",
     .handler = api_record_import,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_UPLOAD,
     .query = q_record_import},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/records/{id}",
     .handler = api_record_get,
     .perm = PERM_RECORD_READ,
     .object = &obj_record},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/records/{id}",
     .handler = api_record_update,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_record_update,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_DELETE,
     .pattern = "/api/v1/records/{id}",
     .handler = api_record_delete,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_reason,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records/{id}/submit",
     .handler = api_record_submit,
     .perm = PERM_RECORD_WRITE,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records/{id}/approve",
     .handler = api_record_approve,
     .perm = PERM_RECORD_REVIEW,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records/{id}/return",
     .handler = api_record_return,
     .perm = PERM_RECORD_REVIEW,
     .body = BODY_JSON,
     .fields = b_reason,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/records/{id}/files",
     .handler = api_evidence_upload,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_UPLOAD,
     .query = q_file_name,
     .object = &obj_record},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/records/{id}/files",
     .handler = api_evidence_list,
     .perm = PERM_RECORD_READ,
     .object = &obj_record},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/files/{id}",
     .handler = api_evidence_get,
     .perm = PERM_RECORD_READ,
     .object = &obj_file},
    {.kind = &kind_api,
     .method = HTTP_DELETE,
     .pattern = "/api/v1/files/{id}",
     .handler = api_evidence_delete,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_file_reason,
     .object = &obj_file},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks",
     .handler = api_task_list,
     .perm = PERM_TASK_READ,
     .query = q_tasks},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks",
     .handler = api_task_create,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_task_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/matrix",
     .handler = api_task_matrix,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/matrix.xlsx",
     .handler = api_task_matrix_xlsx,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/overdue",
     .handler = api_task_overdue,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/overdue.xlsx",
     .handler = api_task_overdue_xlsx,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/timeline",
     .handler = api_task_timeline,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/timeline.xlsx",
     .handler = api_task_timeline_xlsx,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}",
     .handler = api_task_get,
     .perm = PERM_TASK_READ,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/remind",
     .handler = api_task_remind,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_task_remind,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/reminders",
     .handler = api_task_reminders,
     .perm = PERM_TASK_READ,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/notices",
     .handler = api_notice_list,
     .perm = PERM_TASK_READ,
     .query = q_notices},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/notices/{id}/read",
     .handler = api_notice_read,
     .perm = PERM_TASK_READ,
     .object = &obj_notice},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/notices/{id}/reads",
     .handler = api_notice_reads,
     .perm = PERM_TASK_READ,
     .object = &obj_notice},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/lecture-teams",
     .handler = api_lecture_teams,
     .perm = PERM_RECORD_READ,
     .query = q_lecture_teams},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/lecture-teams/{id}/lecturers",
     .handler = api_lecturer_create,
     .perm = PERM_ORG_WRITE,
     .body = BODY_JSON,
     .fields = b_lecturer,
     .object = &obj_org},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/lecture-orders",
     .handler = api_lecture_list,
     .perm = PERM_RECORD_READ,
     .query = q_lecture_orders},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/lecture-orders",
     .handler = api_lecture_create,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_lecture_order},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/lecture-orders/{id}",
     .handler = api_lecture_get,
     .perm = PERM_RECORD_READ,
     .object = &obj_lecture},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/lecture-orders/{id}/accept",
     .handler = api_lecture_accept,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_lecture_accept,
     .object = &obj_lecture},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/lecture-orders/{id}/decline",
     .handler = api_lecture_decline,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_lecture_decline,
     .object = &obj_lecture},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/lecture-orders/{id}/done",
     .handler = api_lecture_done,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_JSON,
     .fields = b_lecture_done,
     .object = &obj_lecture},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/units",
     .handler = api_task_units,
     .perm = PERM_TASK_READ,
     .query = q_task_units,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/sign",
     .handler = api_task_sign,
     .perm = PERM_TASK_WORK,
     .query = q_task_unit,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/progress",
     .handler = api_task_report,
     .perm = PERM_TASK_WORK,
     .body = BODY_JSON,
     .fields = b_task_progress,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/progress",
     .handler = api_task_progress_list,
     .perm = PERM_TASK_READ,
     .query = q_task_unit,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/subtasks",
     .handler = api_plan_add,
     .perm = PERM_TASK_WORK,
     .body = BODY_JSON,
     .fields = b_plan_add,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/subtasks",
     .handler = api_plan_list,
     .perm = PERM_TASK_READ,
     .query = q_plan_list,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/adjust",
     .handler = api_plan_adjust,
     .perm = PERM_TASK_WORK,
     .body = BODY_JSON,
     .fields = b_plan_adjust,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/adjustments",
     .handler = api_plan_adjustments,
     .perm = PERM_TASK_READ,
     .query = q_task_units,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/adjustments/{id}/accept",
     .handler = api_plan_accept,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_plan_answer,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/adjustments/{id}/refuse",
     .handler = api_plan_refuse,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_plan_answer,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/tasks/{id}/records",
     .handler = api_plan_records,
     .perm = PERM_TASK_READ,
     .query = q_plan_records,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/tasks/{id}/progress/{id}/files",
     .handler = api_progress_upload,
     .perm = PERM_TASK_WORK,
     .body = BODY_UPLOAD,
     .query = q_file_name,
     .object = &obj_task},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/inspections",
     .handler = api_inspection_list,
     .perm = PERM_TASK_READ,
     .query = q_page},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/inspections",
     .handler = api_inspection_create,
     .perm = PERM_INSPECT,
     .body = BODY_JSON,
     .fields = b_inspection_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/inspections/{id}",
     .handler = api_inspection_get,
     .perm = PERM_TASK_READ,
     .object = &obj_inspection},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/inspections/{id}/rectifications",
     .handler = api_rect_create,
     .perm = PERM_INSPECT,
     .body = BODY_JSON,
     .fields = b_rect_create,
     .object = &obj_inspection},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/rectifications/{id}",
     .handler = api_rect_get,
     .perm = PERM_TASK_READ,
     .object = &obj_rect},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/rectifications/{id}/answer",
     .handler = api_rect_answer,
     .perm = PERM_TASK_WORK,
     .body = BODY_JSON,
     .fields = b_rect_answer,
     .object = &obj_rect},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/rectifications/{id}/close",
     .handler = api_rect_close,
     .perm = PERM_INSPECT,
     .body = BODY_JSON,
     .fields = b_rect_note,
     .object = &obj_rect},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/rectifications/{id}/reopen",
     .handler = api_rect_reopen,
     .perm = PERM_INSPECT,
     .body = BODY_JSON,
     .fields = b_rect_note,
     .object = &obj_rect},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/rectifications/{id}/files",
     .handler = api_rect_upload,
     .perm = PERM_TASK_WORK,
     .body = BODY_UPLOAD,
     .query = q_file_name,
     .object = &obj_rect},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/users",
     .handler = api_user_list,
     .perm = PERM_USER_READ,
     .query = q_users},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/users",
     .handler = api_user_create,
     .perm = PERM_USER_WRITE,
     .body = BODY_JSON,
     .fields = b_user_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/users/{id}",
     .handler = api_user_get,
     .perm = PERM_USER_READ,
     .object = &obj_user},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/users/{id}",
     .handler = api_user_update,
     .perm = PERM_USER_WRITE,
     .body = BODY_JSON,
     .fields = b_user_update,
     .object = &obj_user},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/users/{id}/password",
     .handler = api_user_password,
     .perm = PERM_USER_WRITE,
     .body = BODY_JSON,
     .fields = b_password_reset,
     .object = &obj_user},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/audit",
     .handler = api_audit_list,
     .perm = PERM_AUDIT_READ,
     .query = q_audit},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/security/policy",
     .handler = api_policy_get,
     .perm = PERM_SECURITY},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/security/policy",
     .handler = api_policy_update,
     .perm = PERM_SECURITY,
     .body = BODY_JSON,
     .fields = b_policy},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/security/locks",
     .handler = api_lock_list,
     .perm = PERM_SECURITY},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/directives",
     .handler = api_directive_create,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_UPLOAD,
     .query = q_directive_create},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/directives",
     .handler = api_directive_list,
     .perm = PERM_TASK_READ,
     .query = q_directives},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/directives/{id}",
     .handler = api_directive_get,
     .perm = PERM_TASK_READ,
     .object = &obj_directive},
    {.kind = &kind_api,
     .method = HTTP_PATCH,
     .pattern = "/api/v1/directives/{id}",
     .handler = api_directive_update,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_directive_update,
     .object = &obj_directive},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/directives/{id}/addressees",
     .handler = api_directive_map,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_directive_map,
     .object = &obj_directive},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/directives/{id}/tasks",
     .handler = api_directive_confirm,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_JSON,
     .fields = b_directive_confirm,
     .object = &obj_directive},
    {.kind = &kind_api,
     .method = HTTP_GET,
     .pattern = "/api/v1/directives/{id}/coverage",
     .handler = api_directive_coverage,
     .perm = PERM_TASK_READ,
     .query = q_coverage,
     .object = &obj_directive},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/directive/parse",
     .handler = api_directive_parse,
     .perm = PERM_DIRECTIVE,
     .body = BODY_UPLOAD,
     .query = q_document},
    {.kind = &kind_api,
     .method = HTTP_POST,
     .pattern = "/api/v1/security/unlock",
     .handler = api_lock_clear,
     .perm = PERM_SECURITY,
     .body = BODY_JSON,
     .fields = b_unlock},

    /* Pages */
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/static/{file}",
     .handler = assets_serve,
     .perm = PERM_PUBLIC,
     .flags = ROUTE_NO_SESSION},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/login",
     .handler = page_login_form,
     .perm = PERM_PUBLIC,
     .query = q_next},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/login",
     .handler = page_login,
     .perm = PERM_PUBLIC,
     .body = BODY_FORM,
     .fields = b_login_form,
     .flags = ROUTE_NO_CSRF},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/logout",
     .handler = page_logout,
     .perm = PERM_LOGIN,
     .body = BODY_FORM},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/",
     .handler = page_home,
     .perm = PERM_LOGIN,
     .query = q_dashboard}, /* record readers land on the dashboard (page_home) */
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/dashboard",
     .handler = page_dashboard,
     .perm = PERM_RECORD_READ,
     .query = q_dashboard},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/orgs",
     .handler = page_org_search,
     .perm = PERM_ORG_READ,
     .query = q_org_search},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/orgs/{id}",
     .handler = page_org,
     .perm = PERM_ORG_READ,
     .query = q_org_view,
     .object = &obj_org},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/orgs/{id}/new",
     .handler = page_org_new_form,
     .perm = PERM_ORG_WRITE,
     .object = &obj_org},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/orgs/{id}/new",
     .handler = page_org_new,
     .perm = PERM_ORG_WRITE,
     .body = BODY_FORM,
     .fields = b_org_new_form,
     .object = &obj_org},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/orgs/{id}/edit",
     .handler = page_org_edit_form,
     .perm = PERM_ORG_WRITE,
     .object = &obj_org},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/orgs/{id}/edit",
     .handler = page_org_edit,
     .perm = PERM_ORG_WRITE,
     .body = BODY_FORM,
     .fields = b_org_edit_form,
     .object = &obj_org},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/users",
     .handler = page_users,
     .perm = PERM_USER_READ,
     .query = q_users},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/users/new",
     .handler = page_user_new_form,
     .perm = PERM_USER_WRITE,
     .query = q_user_new},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/users/new",
     .handler = page_user_new,
     .perm = PERM_USER_WRITE,
     .body = BODY_FORM,
     .fields = b_user_create},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/users/{id}",
     .handler = page_user,
     .perm = PERM_USER_READ,
     .query = q_done,
     .object = &obj_user},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/users/{id}",
     .handler = page_user_edit,
     .perm = PERM_USER_WRITE,
     .body = BODY_FORM,
     .fields = b_user_update,
     .object = &obj_user},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/users/{id}/password",
     .handler = page_user_reset,
     .perm = PERM_USER_WRITE,
     .body = BODY_FORM,
     .fields = b_password_reset,
     .object = &obj_user},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/roles",
     .handler = page_roles,
     .perm = PERM_USER_READ},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/account",
     .handler = page_account,
     .perm = PERM_LOGIN,
     .query = q_done},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/account/password",
     .handler = page_account_password,
     .perm = PERM_LOGIN,
     .body = BODY_FORM,
     .fields = b_password_own_form},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/audit",
     .handler = page_audit,
     .perm = PERM_AUDIT_READ,
     .query = q_audit},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records/import",
     .handler = page_record_import,
     .perm = PERM_RECORD_WRITE,
     .query = q_record_import_page},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records/import/template.csv",
     .handler = page_record_import_template,
     .perm = PERM_RECORD_WRITE,
     .query = q_record_import},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/audit/export",
     .handler = page_audit_export,
     .perm = PERM_AUDIT_READ,
     .query = q_audit},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/security",
     .handler = page_security,
     .perm = PERM_SECURITY,
     .query = q_done},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/security",
     .handler = page_security_update,
     .perm = PERM_SECURITY,
     .body = BODY_FORM,
     .fields = b_policy},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/security/unlock",
     .handler = page_security_unlock,
     .perm = PERM_SECURITY,
     .body = BODY_FORM,
     .fields = b_unlock},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records",
     .handler = page_records,
     .perm = PERM_RECORD_READ,
     .query = q_ledger},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records/new",
     .handler = page_record_new_form,
     .perm = PERM_RECORD_WRITE,
     .query = q_kind},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/new",
     .handler = page_record_new,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_record_form,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records/{id}",
     .handler = page_record,
     .perm = PERM_RECORD_READ,
     .query = q_done,
     .object = &obj_record},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/records/{id}/edit",
     .handler = page_record_edit_form,
     .perm = PERM_RECORD_WRITE,
     .object = &obj_record},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/{id}/edit",
     .handler = page_record_edit,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_record_form,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/{id}/delete",
     .handler = page_record_delete,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_reason_form,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/{id}/submit",
     .handler = page_record_submit,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/{id}/approve",
     .handler = page_record_approve,
     .perm = PERM_RECORD_REVIEW,
     .body = BODY_FORM,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/records/{id}/return",
     .handler = page_record_return,
     .perm = PERM_RECORD_REVIEW,
     .body = BODY_FORM,
     .fields = b_reason_form,
     .object = &obj_record,
     .flags = ROUTE_LATE_ANSWER},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/review",
     .handler = page_review,
     .perm = PERM_RECORD_REVIEW,
     .query = q_page},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/review",
     .handler = page_review_bulk,
     .perm = PERM_RECORD_REVIEW,
     .body = BODY_FORM,
     .query = q_page,
     .fields = b_review_bulk},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/notices",
     .handler = page_notices,
     .perm = PERM_TASK_READ,
     .query = q_notices_page},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/notices/{id}/read",
     .handler = page_notice_read,
     .perm = PERM_TASK_READ,
     .body = BODY_FORM,
     .query = q_unread,
     .object = &obj_notice},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/lecture-orders",
     .handler = page_lectures,
     .perm = PERM_RECORD_READ,
     .query = q_lecture_page},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/lecture-orders",
     .handler = page_lecture_new,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_lecture_order},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/lecture-orders/{id}/accept",
     .handler = page_lecture_accept,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_lecture_accept,
     .object = &obj_lecture},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/lecture-orders/{id}/decline",
     .handler = page_lecture_decline,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_lecture_decline,
     .object = &obj_lecture},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/lecture-orders/{id}/done",
     .handler = page_lecture_done,
     .perm = PERM_RECORD_WRITE,
     .body = BODY_FORM,
     .fields = b_lecture_done,
     .object = &obj_lecture},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks",
     .handler = page_tasks,
     .perm = PERM_TASK_READ,
     .query = q_task_pages},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/directives",
     .handler = page_directives,
     .perm = PERM_TASK_READ,
     .query = q_directive_pages},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/directives/new",
     .handler = page_directive_new,
     .perm = PERM_TASK_ASSIGN,
     .query = q_directive_create},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/directives/{id}",
     .handler = page_directive,
     .perm = PERM_TASK_READ,
     .query = q_directive_page,
     .object = &obj_directive},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/directives/{id}/addressees",
     .handler = page_directive_map,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_FORM,
     .fields = b_directive_map_form,
     .object = &obj_directive},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/directives/{id}/tasks",
     .handler = page_directive_confirm,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_FORM,
     .fields = b_directive_confirm_form,
     .object = &obj_directive},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/directives/{id}/correct",
     .handler = page_directive_correct,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_FORM,
     .fields = b_directive_correct_form,
     .object = &obj_directive},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/directives/{id}/coverage",
     .handler = page_directive_coverage,
     .perm = PERM_TASK_READ,
     .query = q_coverage,
     .object = &obj_directive},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks/new",
     .handler = page_task_new_form,
     .perm = PERM_TASK_ASSIGN},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/tasks/new",
     .handler = page_task_new,
     .perm = PERM_TASK_ASSIGN,
     .body = BODY_FORM,
     .fields = b_task_form},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks/{id}",
     .handler = page_task,
     .perm = PERM_TASK_READ,
     .query = q_task_page,
     .object = &obj_task},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/tasks/{id}/sign",
     .handler = page_task_sign,
     .perm = PERM_TASK_WORK,
     .body = BODY_FORM,
     .fields = b_task_sign_form,
     .object = &obj_task},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/tasks/{id}/progress",
     .handler = page_task_progress,
     .perm = PERM_TASK_WORK,
     .body = BODY_FORM,
     .query = q_task_page, /* the page shown again with an error reads its paging */
     .fields = b_task_progress_form,
     .object = &obj_task},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks/matrix",
     .handler = page_task_matrix,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks/overdue",
     .handler = page_task_overdue,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/tasks/timeline",
     .handler = page_task_timeline,
     .perm = PERM_TASK_READ,
     .query = q_task_view},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/campaigns",
     .handler = page_campaigns,
     .perm = PERM_RECORD_READ,
     .query = q_org_view},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/inspections",
     .handler = page_inspections,
     .perm = PERM_TASK_READ,
     .query = q_org_view},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/inspections/new",
     .handler = page_inspection_new_form,
     .perm = PERM_INSPECT},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/inspections/new",
     .handler = page_inspection_new,
     .perm = PERM_INSPECT,
     .body = BODY_FORM,
     .fields = f_inspection_form},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/inspections/{id}",
     .handler = page_inspection,
     .perm = PERM_TASK_READ,
     .query = q_done,
     .object = &obj_inspection},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/inspections/{id}/rectifications",
     .handler = page_rect_new,
     .perm = PERM_INSPECT,
     .body = BODY_FORM,
     .fields = f_rect_form,
     .object = &obj_inspection},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/rectifications/{id}/answer",
     .handler = page_rect_answer,
     .perm = PERM_TASK_WORK,
     .body = BODY_FORM,
     .fields = b_rect_answer,
     .object = &obj_rect},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/rectifications/{id}/close",
     .handler = page_rect_close,
     .perm = PERM_INSPECT,
     .body = BODY_FORM,
     .fields = b_rect_note,
     .object = &obj_rect},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/rectifications/{id}/reopen",
     .handler = page_rect_reopen,
     .perm = PERM_INSPECT,
     .body = BODY_FORM,
     .fields = b_rect_note,
     .object = &obj_rect},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/campaigns/new",
     .handler = page_campaign_new_form,
     .perm = PERM_CAMPAIGN_WRITE},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/campaigns/new",
     .handler = page_campaign_new,
     .perm = PERM_CAMPAIGN_WRITE,
     .body = BODY_FORM,
     .fields = b_campaign_form},
    {.kind = &kind_page,
     .method = HTTP_GET,
     .pattern = "/campaigns/{id}/edit",
     .handler = page_campaign_edit_form,
     .perm = PERM_CAMPAIGN_WRITE,
     .object = &obj_campaign},
    {.kind = &kind_page,
     .method = HTTP_POST,
     .pattern = "/campaigns/{id}/edit",
     .handler = page_campaign_edit,
     .perm = PERM_CAMPAIGN_WRITE,
     .body = BODY_FORM,
     .fields = b_campaign_form,
     .object = &obj_campaign},
};

const size_t route_count = sizeof(route_table) / sizeof(route_table[0]);
