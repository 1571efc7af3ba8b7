/* api_task: tasks (任务) over JSON — assigning, the assignments with their lights, signing and
 * progress. Scope: domain/task.h. */
#include "api/api.h"
#include "domain/plan.h"
#include "domain/task_view.h"
#include "domain/task.h"

#define PAGE_DEFAULT 50
#define UNITS_PAGE_DEFAULT 100
#define PROGRESS_SHOWN 50

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
api_task_list(struct req *r)
{
	struct db_task *list;
	struct xg_error err;
	int64_t total = 0;
	json_t *arr;
	size_t n;

	/* A task with a plan takes its light from it (domain/plan.h), and light selects by it. */
	if (task_list_read(
		r->db, r->a, &r->actor, param_int(&r->query, F_CAMPAIGN_ID, 0),
		param_str(&r->query, F_LIGHT), param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
		param_int(&r->query, F_OFFSET, 0), r->now, &list, &n, &total, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, n, task_to_json(&list[i_], r->now));
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_task_get(struct req *r)
{
	struct db_task t;
	struct xg_error err;

	if (xg_from_db(&err, db_task_get(r->db, r->a, r->actor.org_path, r->id[0], &t), r->db,
		       "任务") != XG_OK ||
	    plan_fill_task(r->db, r->a, &r->actor, &t, r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, task_to_json(&t, r->now));
}

void
api_task_create(struct req *r)
{
	struct task_input in = {
	    .org_id = param_int(&r->body, F_ORG_ID, 0),
	    .campaign_id = param_int(&r->body, F_CAMPAIGN_ID, 0),
	    .title = param_str(&r->body, F_TITLE),
	    .paragraph = param_str(&r->body, F_PARAGRAPH),
	    .section_path = param_str(&r->body, F_SECTION_PATH),
	    .start_date = param_str(&r->body, F_START_DATE),
	    .due_date = param_str(&r->body, F_DUE_DATE),
	    .lead_unit = param_int(&r->body, F_LEAD_UNIT, 0),
	    .unit_kind = param_str(&r->body, F_UNIT_KIND),
	};
	struct db_task out;
	struct xg_error err;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	in.co_units = param_ids(&r->body, F_CO_UNITS, &in.nco_units);
	if (task_create(r->db, r->a, &r->actor, &in, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, task_to_json(&out, r->now));
}

void
api_task_units(struct req *r)
{
	struct db_task_unit *list;
	struct db_task t;
	struct xg_error err;
	int64_t total = 0;
	json_t *arr;
	size_t n;

	/* The assignments the caller sees, of a task it sees (else 404, not an empty list). */
	if (xg_from_db(&err, db_task_get(r->db, r->a, r->actor.org_path, r->id[0], &t), r->db,
		       "任务") != XG_OK ||
	    xg_from_db(&err,
		       db_task_units(r->db, r->a, r->actor.org_path, r->id[0],
				     param_int(&r->query, F_LIMIT, UNITS_PAGE_DEFAULT),
				     param_int(&r->query, F_OFFSET, 0), &list, &n, &total),
		       r->db, "任务") != XG_OK ||
	    plan_fill_units(r->db, r->a, &r->actor, r->id[0], list, n, r->now, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, n, task_unit_to_json(&list[i_], r->now));
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_task_sign(struct req *r)
{
	struct db_task_unit out;
	struct xg_error err;

	if (task_sign(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0), r->now,
		      &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, task_unit_to_json(&out, r->now));
}

void
api_task_report(struct req *r)
{
	struct task_report_input in = {
	    .percent = param_int(&r->body, F_PERCENT, 0),
	    .text = param_str(&r->body, F_TEXT),
	    .milestone = param_str(&r->body, F_MILESTONE),
	    .problems = param_str(&r->body, F_PROBLEMS),
	    .help_needed = param_str(&r->body, F_HELP_NEEDED),
	};
	struct db_task_unit out;
	struct xg_error err;
	int64_t pid = 0;
	json_t *j;

	if (task_report_full(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0),
			     &in, r->now, &out, &pid, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	/* The assignment as it now stands, and the new report's id to attach files to. */
	j = task_unit_to_json(&out, r->now);
	if (j != NULL && json_object_set_new(j, "progress_id", json_integer(pid)) != 0) {
		json_decref(j);
		j = NULL;
	}
	api_json(r, 201, j);
}

/* A report with its evidence files (NULL when a read or memory fails). */
static json_t *
progress_with_files(struct req *r, const struct db_task_progress *p)
{
	struct db_file *files = NULL;
	json_t *j, *arr;
	size_t n = 0;

	if (db_file_progress_list(r->db, r->a, p->id, &files, &n) != DB_OK)
		return NULL;
	arr = json_array();
	JSON_ITEMS(arr, files, n, evidence_to_json(&files[i_]));
	j = task_progress_to_json(p);
	if (j == NULL || arr == NULL) {
		json_decref(j);
		json_decref(arr);
		return NULL;
	}
	/* set_new takes arr even when it fails */
	if (json_object_set_new(j, "files", arr) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* The reports of one assignment, newest first (org_id: default the caller's unit). */
void
api_task_progress_list(struct req *r)
{
	struct db_task_progress *list;
	struct db_task_unit u;
	struct xg_error err;
	json_t *arr;
	size_t n;

	if (task_progress_read(r->db, r->a, &r->actor, r->id[0], param_int(&r->query, F_ORG_ID, 0),
			       &u, &list, &n, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	JSON_ITEMS(arr, list, n, progress_with_files(r, &list[i_]));
	api_json(r, 200,
		 json_pack("{s:o*,s:o*}", "unit", task_unit_to_json(&u, r->now), "items", arr));
}
