/* api_plan: plans under a task (sub-tasks), adjustments of assignments and their answers, and the
 * records behind a task, over JSON. Rules and scope: domain/plan.h. */
#include "api/api.h"
#include "domain/plan.h"
#include "domain/record.h"

#define PAGE_DEFAULT 50

/* A list answer {total, items}, or an error when memory ran out (api_json answers 500). */
#define LIST_JSON(r, total, list, n, to_json)                                                      \
	do {                                                                                       \
		json_t *arr_ = json_array();                                                       \
		for (size_t i_ = 0; arr_ != NULL && i_ < (n); i_++)                                \
			if (json_array_append_new(arr_, to_json) != 0) {                           \
				json_decref(arr_);                                                 \
				arr_ = NULL;                                                       \
			}                                                                          \
		api_json((r), 200,                                                                 \
			 json_pack("{s:I,s:o*}", "total", (json_int_t)(total), "items", arr_));    \
	} while (0)

void
api_plan_add(struct req *r)
{
	struct subtask_input in = {
	    .org_id = param_int(&r->body, F_ORG_ID, 0),
	    .title = param_str(&r->body, F_TITLE),
	    .milestone = param_str(&r->body, F_MILESTONE),
	    .start_date = param_str(&r->body, F_START_DATE),
	    .due_date = param_str(&r->body, F_DUE_DATE),
	};
	struct db_task out;
	struct xg_error err;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	if (plan_add(r->db, r->a, &r->actor, r->id[0], &in, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, task_to_json(&out, r->now));
}

void
api_plan_list(struct req *r)
{
	struct db_task *list;
	struct xg_error err;
	int64_t total = 0;
	size_t n = 0;

	if (plan_list(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0),
		      param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
		      param_int(&r->query, F_OFFSET, 0), r->now, &list, &n, &total,
		      &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	LIST_JSON(r, total, list, n, task_to_json(&list[i_], r->now));
}

void
api_plan_adjust(struct req *r)
{
	struct db_task_adjustment out;
	struct xg_error err;

	if (plan_adjust(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0),
			param_str(&r->body, F_KIND), param_str(&r->body, F_VALUE),
			param_str(&r->body, F_REASON), r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, plan_adjustment_to_json(&out));
}

static void
answer(struct req *r, bool accept)
{
	struct db_task_adjustment out;
	struct xg_error err;

	if (plan_answer(r->db, r->a, &r->actor, r->id[0], r->id[1], accept,
			param_str(&r->body, F_REASON), r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, plan_adjustment_to_json(&out));
}

void
api_plan_accept(struct req *r)
{
	answer(r, true);
}

void
api_plan_refuse(struct req *r)
{
	answer(r, false);
}

void
api_plan_adjustments(struct req *r)
{
	struct db_task_adjustment *list;
	struct xg_error err;
	int64_t total = 0;
	size_t n = 0;

	if (plan_adjustments(r->db, r->a, &r->actor, r->id[0],
			     param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
			     param_int(&r->query, F_OFFSET, 0), &list, &n, &total, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	LIST_JSON(r, total, list, n, plan_adjustment_to_json(&list[i_]));
}

void
api_plan_records(struct req *r)
{
	struct db_record *list;
	struct xg_error err;
	int64_t total = 0;
	size_t n = 0;

	if (plan_records(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0),
			 param_bool(&r->query, F_SUBTREE, false),
			 param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
			 param_int(&r->query, F_OFFSET, 0), &list, &n, &total, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	LIST_JSON(r, total, list, n, record_to_json(&list[i_]));
}
