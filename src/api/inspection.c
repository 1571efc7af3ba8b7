/* api_inspection: inspections (督查) and rectifications (整改) over JSON, and the evidence files
 * of rectification answers and of progress reports. Scope: domain/inspection.h, domain/task.h. */
#include "api/api.h"

#include <string.h>

#include "base/day.h"
#include "domain/inspection.h"
#include "domain/task.h"

#define PAGE_DEFAULT 50

/* A JSON array of files (NULL when out of memory). */
static json_t *
files_json(const struct db_file *files, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, evidence_to_json(&files[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* A rectification with its files; NULL when a read or memory fails. */
static json_t *
rect_with_files(struct req *r, const struct db_rectification *x)
{
	struct db_file *files = NULL;
	size_t n = 0;
	json_t *j;

	if (db_file_rect_list(r->db, r->a, x->id, &files, &n) != DB_OK)
		return NULL;
	j = rect_to_json(x, r->now);
	/* set_new takes its value even when it fails, and refuses a NULL one */
	if (j != NULL && json_object_set_new(j, "files", files_json(files, n)) != 0) {
		json_decref(j);
		j = NULL;
	}
	if (j != NULL && json_object_set_new(j, "may_answer",
					     json_boolean(rect_may_answer(&r->actor, x))) != 0) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

void
api_inspection_list(struct req *r)
{
	struct db_inspection *list;
	struct xg_error err;
	int64_t total = 0;
	char today[16];
	json_t *arr;
	size_t n, i;

	day_format(day_of(r->now), today, sizeof(today));
	if (xg_from_db(&err,
		       db_inspection_list(r->db, r->a, r->actor.org_path, today,
					  param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
					  param_int(&r->query, F_OFFSET, 0), &list, &n, &total),
		       r->db, "督查") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, inspection_to_json(&list[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_inspection_create(struct req *r)
{
	struct inspection_input in = {
	    .org_id = param_int(&r->body, F_ORG_ID, 0),
	    .day = param_str(&r->body, F_DATE),
	    .items = param_str(&r->body, F_ITEMS),
	    .findings = param_str(&r->body, F_FINDINGS),
	};
	struct db_inspection out;
	struct xg_error err;

	in.units = param_ids(&r->body, F_UNITS, &in.nunits);
	if (inspection_create(r->db, r->a, &r->actor, &in, r->now, &out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, inspection_to_json(&out));
}

void
api_inspection_get(struct req *r)
{
	struct db_inspection ins;
	struct db_inspection_unit *units;
	struct db_rectification *rects;
	struct xg_error err;
	json_t *j, *ju, *jr;
	size_t nu, nr, i;

	if (inspection_read(r->db, r->a, &r->actor, r->id[0], r->now, &ins, &units, &nu, &rects,
			    &nr, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	ju = json_array();
	for (i = 0; ju != NULL && i < nu; i++)
		if (json_array_append_new(ju, inspection_unit_to_json(&units[i])) != 0) {
			json_decref(ju);
			ju = NULL;
		}
	jr = json_array();
	for (i = 0; jr != NULL && i < nr; i++) {
		json_t *x = rect_with_files(r, &rects[i]);
		if (x == NULL || json_array_append_new(jr, x) != 0) {
			json_decref(jr);
			jr = NULL;
		}
	}
	j = inspection_to_json(&ins);
	if (j == NULL || ju == NULL || jr == NULL) {
		json_decref(j);
		json_decref(ju);
		json_decref(jr);
		api_internal(r);
		return;
	}
	/* set_new takes its value even when it fails */
	if (json_object_set_new(j, "inspected_units", ju) != 0 ||
	    json_object_set_new(j, "rectifications", jr) != 0 ||
	    json_object_set_new(j, "may_inspect",
				json_boolean(inspection_is_inspector(&r->actor, &ins))) != 0) {
		json_decref(j);
		api_internal(r);
		return;
	}
	api_json(r, 200, j);
}

void
api_rect_create(struct req *r)
{
	struct db_rectification out;
	struct xg_error err;

	if (rect_create(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_ORG_ID, 0),
			param_str(&r->body, F_REQUIREMENT), param_str(&r->body, F_DEADLINE), r->now,
			&out, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, rect_to_json(&out, r->now));
}

void
api_rect_get(struct req *r)
{
	struct db_rectification x;
	struct xg_error err;
	json_t *j;

	if (xg_from_db(&err, db_rect_get(r->db, r->a, r->actor.org_path, r->id[0], &x), r->db,
		       "整改") != XG_OK) {
		api_error(r, &err);
		return;
	}
	j = rect_with_files(r, &x);
	if (j == NULL) {
		api_internal(r);
		return;
	}
	api_json(r, 200, j);
}

/* answer, close and reopen share their shape. */
static void
rect_step(struct req *r,
	  enum xg_rc (*step)(struct db *, struct arena *, const struct actor *, int64_t,
			     const char *, int64_t, struct db_rectification *, struct xg_error *),
	  enum field_id text)
{
	struct db_rectification out;
	struct xg_error err;

	if (step(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, text), r->now, &out, &err) !=
	    XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, rect_to_json(&out, r->now));
}

void
api_rect_answer(struct req *r)
{
	rect_step(r, rect_answer, F_ANSWER);
}

void
api_rect_close(struct req *r)
{
	rect_step(r, rect_close, F_NOTE);
}

void
api_rect_reopen(struct req *r)
{
	rect_step(r, rect_reopen, F_NOTE);
}

static struct evidence_upload
upload_of(struct req *r)
{
	return (struct evidence_upload){
	    .name = param_str(&r->query, F_NAME),
	    .fd = r->upload_fd,
	    .size = r->upload_size,
	    .max = r->body_max,
	};
}

void
api_rect_upload(struct req *r)
{
	struct evidence_upload up = upload_of(r);
	struct db_file f;
	struct xg_error err;

	if (rect_attach(r->db, r->a, &r->actor, r->id[0], &up, r->now, &f, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, evidence_to_json(&f));
}

void
api_progress_upload(struct req *r)
{
	struct evidence_upload up = upload_of(r);
	struct db_file f;
	struct xg_error err;

	if (task_progress_attach(r->db, r->a, &r->actor, r->id[0], r->id[1], &up, r->now, &f,
				 &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, evidence_to_json(&f));
}
