/* api_notice: notices (消息) over JSON — the caller's list, marking one read, who read one — and a
 * task's reminders (催办). Rules: domain/notice.h. */
#include "api/api.h"
#include "domain/notice.h"

#define PAGE_DEFAULT 50

/* Append to arr the JSON of each of n items, or drop arr (NULL) when memory runs out. */
#define JSON_ITEMS(arr, items, n, to_json)                                                         \
	do {                                                                                       \
		for (size_t i_ = 0; (arr) != NULL && i_ < (n); i_++)                               \
			if (json_array_append_new((arr), to_json) != 0) {                          \
				json_decref(arr);                                                  \
				(arr) = NULL;                                                      \
			}                                                                          \
	} while (0)

void
api_notice_list(struct req *r)
{
	struct db_notice *list;
	struct xg_error err;
	int64_t total = 0, unread = 0;
	json_t *arr;
	size_t n;

	if (notice_list(r->db, r->a, &r->actor, param_bool(&r->query, F_UNREAD, false),
			param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
			param_int(&r->query, F_OFFSET, 0), r->now, &list, &n, &total, &unread,
			&err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, n, notice_to_json(&list[i_]));
	api_json(r, 200,
		 json_pack("{s:I,s:I,s:o*}", "total", (json_int_t)total, "unread",
			   (json_int_t)unread, "items", arr));
}

void
api_notice_read(struct req *r)
{
	struct db_notice n;
	struct xg_error err;

	if (notice_read(r->db, r->a, &r->actor, r->id[0], r->now, &n, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, notice_to_json(&n));
}

void
api_notice_reads(struct req *r)
{
	struct db_notice n;
	struct db_notice_read *list;
	struct xg_error err;
	json_t *arr;
	size_t count;

	if (notice_reads(r->db, r->a, &r->actor, r->id[0], &n, &list, &count, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, count, notice_read_to_json(&list[i_]));
	api_json(r, 200,
		 json_pack("{s:I,s:I,s:o*}", "notice_id", (json_int_t)n.id, "total",
			   (json_int_t)count, "items", arr));
}

void
api_task_remind(struct req *r)
{
	struct xg_error err;
	size_t count = 0;

	if (notice_remind(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0),
			  param_str(&r->body, F_TEXT), r->now, &count, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201,
		 json_pack("{s:I,s:I}", "task_id", (json_int_t)r->id[0], "reminded",
			   (json_int_t)count));
}

void
api_task_reminders(struct req *r)
{
	struct db_reminder *list;
	struct xg_error err;
	json_t *arr;
	size_t n;

	if (notice_reminders(r->db, r->a, &r->actor, r->id[0], &list, &n, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, n, notice_reminder_to_json(&list[i_]));
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)n, "items", arr));
}
