/* api_lecture: lecture teams (宣讲团) and lecture orders (点单式宣讲) over JSON. Rules:
 * domain/lecture.h. */
#include "api/api.h"
#include "domain/lecture.h"
#include "domain/record.h"

#define PAGE_DEFAULT 50

/* The teams the caller's unit (or org_id of its subtree) may ask, each with its lecturers. */
void
api_lecture_teams(struct req *r)
{
	struct db_org *teams;
	struct xg_error err;
	size_t n, i, j;
	json_t *arr;

	if (lecture_teams(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0), &teams, &n,
			  &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++) {
		struct db_lecturer *ls;
		size_t nl;
		json_t *people = json_array();
		if (xg_from_db(&err, db_lecturer_list(r->db, r->a, teams[i].id, &ls, &nl), r->db,
			       "宣讲人") != XG_OK) {
			json_decref(people);
			json_decref(arr);
			api_error(r, &err);
			return;
		}
		for (j = 0; people != NULL && j < nl; j++)
			if (json_array_append_new(people, lecture_lecturer_to_json(&ls[j])) != 0) {
				json_decref(people);
				people = NULL;
			}
		if (json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o*}", "id",
							 (json_int_t)teams[i].id, "code",
							 teams[i].code, "name", teams[i].name,
							 "lecturers", people)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)n, "items", arr));
}

void
api_lecturer_create(struct req *r)
{
	struct db_lecturer l = {.org_id = r->id[0],
				.name = param_str(&r->body, F_NAME),
				.title = param_str(&r->body, F_TITLE)};
	struct xg_error err;

	if (lecture_lecturer_add(r->db, r->a, &r->actor, r->id[0], l.name, l.title, r->now, &l.id,
				 &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, lecture_lecturer_to_json(&l));
}

void
api_lecture_list(struct req *r)
{
	struct db_lecture_filter f = {.scope = r->actor.org_path,
				      .team_id = param_int(&r->query, F_TEAM_ID, 0),
				      .state = param_str(&r->query, F_STATE),
				      .from = param_str(&r->query, F_FROM),
				      .to = param_str(&r->query, F_TO),
				      .limit = param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
				      .offset = param_int(&r->query, F_OFFSET, 0)};
	struct db_lecture_order *list;
	struct xg_error err;
	int64_t total = 0;
	json_t *arr;
	size_t n, i;

	if ((f.from != NULL && xg_check_day(f.from, "from", &err) != XG_OK) ||
	    (f.to != NULL && xg_check_day(f.to, "to", &err) != XG_OK) ||
	    xg_from_db(&err, db_lecture_order_list(r->db, r->a, &f, &list, &n, &total), r->db,
		       "宣讲点单") != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < n; i++)
		if (json_array_append_new(arr, lecture_order_to_json(&list[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200, json_pack("{s:I,s:o*}", "total", (json_int_t)total, "items", arr));
}

void
api_lecture_get(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;

	if (lecture_get(r->db, r->a, &r->actor, r->id[0], &o, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, lecture_order_to_json(&o));
}

void
api_lecture_create(struct req *r)
{
	struct lecture_input in = {.org_id = param_int(&r->body, F_ORG_ID, 0),
				   .team_id = param_int(&r->body, F_TEAM_ID, 0),
				   .topic = param_str(&r->body, F_TOPIC),
				   .section_path = param_str(&r->body, F_SECTION_PATH),
				   .preferred_dates = param_str(&r->body, F_PREFERRED_DATES),
				   .audience_kind = param_str(&r->body, F_AUDIENCE_KIND),
				   .audience_size = param_int(&r->body, F_AUDIENCE_SIZE, 0)};
	struct db_lecture_order o;
	struct xg_error err;

	if (lecture_request(r->db, r->a, &r->actor, &in, r->now, &o, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 201, lecture_order_to_json(&o));
}

void
api_lecture_accept(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;

	if (lecture_accept(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_LECTURER_ID, 0),
			   param_str(&r->body, F_DATE), r->now, &o, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, lecture_order_to_json(&o));
}

void
api_lecture_decline(struct req *r)
{
	struct db_lecture_order o;
	struct xg_error err;

	if (lecture_decline(r->db, r->a, &r->actor, r->id[0], param_str(&r->body, F_REASON), r->now,
			    &o, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200, lecture_order_to_json(&o));
}

/* The order given, with the lecture record it created. */
void
api_lecture_done(struct req *r)
{
	struct db_lecture_order o;
	struct db_record rec;
	struct xg_error err;

	if (lecture_done(r->db, r->a, &r->actor, r->id[0], param_int(&r->body, F_AUDIENCE, 0),
			 r->now, &o, &rec, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:o*,s:o*}", "order", lecture_order_to_json(&o), "record",
			   record_to_json(&rec)));
}
