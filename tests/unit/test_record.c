/*
 * test_record: work records on a real database (SQLite, and PostgreSQL when XUANGUAN_TEST_PG is
 * set) — the roll-up arithmetic, scope, the kind's fields, edits and soft deletion, the review
 * of publicity, campaigns, audit rows and the recomputation of xuanguan check
 * (src/domain/record.h, src/domain/campaign.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/campaign.h"
#include "domain/org.h"
#include "domain/record.h"
#include "testdb.h"
#include "testorg.h"

#define NOW 1700000000

/* Pure arithmetic */

static struct db_record
rec(const char *path, const char *kind, const char *day, int64_t camp, int64_t p, int64_t h)
{
	struct db_record r = {.id = 7,
			      .org_path = path,
			      .kind = kind,
			      .day = day,
			      .campaign_id = camp,
			      .participants = p,
			      .hours = h,
			      .state = "recorded"};
	return r;
}

static const struct rollup_delta *
find(const struct rollup_delta *d, size_t n, int64_t org, int64_t camp, const char *month)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i].org_id == org && d[i].campaign_id == camp &&
		    strcmp(d[i].month, month) == 0)
			return &d[i];
	return NULL;
}

static void
test_deltas_create_every_ancestor(void **state)
{
	struct rollup_delta d[ROLLUP_DELTAS_MAX];
	struct db_record r = rec("/1/4/9/", "training", "2025-03-18", 5, 30, 8);
	size_t n = record_rollup_deltas(NULL, &r, d), i;
	int64_t ids[] = {1, 4, 9};

	(void)state;
	assert_int_equal(n, 6); /* three levels, the all-campaigns row and campaign 5 */
	for (i = 0; i < 3; i++) {
		const struct rollup_delta *a = find(d, n, ids[i], 0, "2025-03");
		const struct rollup_delta *c = find(d, n, ids[i], 5, "2025-03");
		assert_non_null(a);
		assert_non_null(c);
		assert_int_equal(a->records, 1);
		assert_int_equal(a->participants, 30);
		assert_int_equal(a->hours, 8);
		assert_int_equal(c->participants, 30);
		assert_string_equal(a->kind, "training");
	}
	for (i = 1; i < n; i++) /* sorted: one lock order for every writer */
		assert_true(
		    d[i - 1].org_id < d[i].org_id ||
		    (d[i - 1].org_id == d[i].org_id && d[i - 1].campaign_id < d[i].campaign_id));
}

static void
test_deltas_edit_moves_figures(void **state)
{
	struct rollup_delta d[ROLLUP_DELTAS_MAX];
	struct db_record old = rec("/1/4/", "study", "2025-03-31", 0, 10, 0);
	struct db_record new_ = rec("/1/4/", "study", "2025-04-01", 0, 12, 0);
	size_t n = record_rollup_deltas(&old, &new_, d);

	(void)state;
	assert_int_equal(n, 4);
	assert_int_equal(find(d, n, 4, 0, "2025-03")->records, -1);
	assert_int_equal(find(d, n, 4, 0, "2025-03")->participants, -10);
	assert_int_equal(find(d, n, 1, 0, "2025-04")->records, 1);
	assert_int_equal(find(d, n, 1, 0, "2025-04")->participants, 12);

	/* Same month: the two halves merge into one row per key, records unchanged. */
	new_.day = "2025-03-02";
	n = record_rollup_deltas(&old, &new_, d);
	assert_int_equal(n, 2);
	assert_int_equal(find(d, n, 4, 0, "2025-03")->records, 0);
	assert_int_equal(find(d, n, 4, 0, "2025-03")->participants, 2);

	/* Nothing that counts changed: nothing to write. */
	n = record_rollup_deltas(&old, &old, d);
	assert_int_equal(n, 0);
}

static void
test_deltas_publicity_and_deletion(void **state)
{
	struct rollup_delta d[ROLLUP_DELTAS_MAX];
	struct db_record draft = rec("/1/", "publicity", "2025-01-05", 0, 0, 0);
	struct db_record approved = draft, gone;

	(void)state;
	assert_false(record_counts(&draft));
	assert_int_equal(record_rollup_deltas(NULL, &draft, d), 0);
	approved.state = "approved";
	assert_int_equal(record_rollup_deltas(&draft, &approved, d), 1);
	assert_int_equal(d[0].records, 1);
	gone = approved;
	gone.deleted = 1;
	assert_int_equal(record_rollup_deltas(&approved, &gone, d), 1);
	assert_int_equal(d[0].records, -1);
}

static void
test_deltas_deepest_tree_fits(void **state)
{
	struct rollup_delta d[ROLLUP_DELTAS_MAX];
	char path[TREE_PATH_CAP] = "";
	struct db_record a, b;
	int i;

	(void)state;
	for (i = 1; i <= TREE_DEPTH_MAX; i++) {
		char seg[24];
		snprintf(seg, sizeof(seg), "%s%d/", i == 1 ? "/" : "", i);
		strcat(path, seg);
	}
	a = rec(path, "lecture", "2025-01-01", 3, 0, 0);
	b = rec(path, "lecture", "2026-01-01", 4, 0, 0);
	assert_int_equal(record_rollup_deltas(&a, &b, d), ROLLUP_DELTAS_MAX);
}

static const struct rollup_shift *
find_shift(const struct rollup_shift *s, size_t n, int64_t org)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].org_id == org)
			return &s[i];
	return NULL;
}

static void
test_move_shifts(void **state)
{
	struct rollup_shift s[ROLLUP_SHIFTS_MAX];
	size_t n;

	(void)state;
	/* Across: /1/2/3/ under /1/4/ leaves 2, joins 4; the root keeps its counts, 3 its own. */
	n = record_move_shifts("/1/2/3/", "/1/4/", s);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].org_id, 2);
	assert_int_equal(s[0].sign, -1);
	assert_int_equal(s[1].org_id, 4);
	assert_int_equal(s[1].sign, 1);
	/* Up: /1/2/3/4/ under /1/2/ leaves only 3. */
	n = record_move_shifts("/1/2/3/4/", "/1/2/", s);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].org_id, 3);
	assert_int_equal(s[0].sign, -1);
	/* Down: /1/2/ under /1/5/6/ joins 5 and 6 and leaves nothing. */
	n = record_move_shifts("/1/2/", "/1/5/6/", s);
	assert_int_equal(n, 2);
	assert_non_null(find_shift(s, n, 5));
	assert_int_equal(find_shift(s, n, 6)->sign, 1);
	assert_null(find_shift(s, n, 1));
	assert_null(find_shift(s, n, 2));
	/* Under its own parent: nothing moves. */
	assert_int_equal(record_move_shifts("/1/2/3/", "/1/2/", s), 0);
}

static void
test_move_shifts_deepest_tree_fits(void **state)
{
	struct rollup_shift s[ROLLUP_SHIFTS_MAX];
	char from[TREE_PATH_CAP] = "", to[TREE_PATH_CAP] = "";
	int i;

	(void)state;
	/* Two paths of TREE_DEPTH_MAX levels sharing nothing: every level on each side moves. */
	for (i = 1; i <= TREE_DEPTH_MAX; i++) {
		char seg[24];
		snprintf(seg, sizeof(seg), "%s%d/", i == 1 ? "/" : "", i);
		strcat(from, seg);
		snprintf(seg, sizeof(seg), "%s%d/", i == 1 ? "/" : "", 100 + i);
		strcat(to, seg);
	}
	assert_int_equal(record_move_shifts(from, to, s), 2 * TREE_DEPTH_MAX - 1);
}

/* On a database */

struct tree {
	int64_t r, a, a1, b;
	struct db_org ro, ao, a1o, bo;
};

static int64_t
mk(struct testdb *t, struct arena *ar, int64_t parent, const char *code, struct db_org *o)
{
	return testorg_make(t->db, ar, parent, code, 0, o);
}

/* R ── A ── A1, R ── B */
static void
mk_tree(struct testdb *t, struct arena *ar, struct tree *tr)
{
	tr->r = mk(t, ar, 0, "R", &tr->ro);
	tr->a = mk(t, ar, tr->r, "A", &tr->ao);
	tr->a1 = mk(t, ar, tr->a, "A1", &tr->a1o);
	tr->b = mk(t, ar, tr->r, "B", &tr->bo);
}

static struct actor
actor_at(int64_t uid, enum role role, const struct db_org *o)
{
	struct actor x = {.user_id = uid,
			  .username = "u",
			  .display_name = "填报人",
			  .role = role,
			  .org_id = o->id,
			  .org_path = o->path,
			  .org_name = o->name,
			  .client = "10.0.0.9"};
	return x;
}

/* The stored counters of org (all campaigns when camp is 0) for kind in month, summed. */
static int64_t
figure(struct testdb *t, int64_t org, int64_t camp, const char *kind, const char *month,
       const char *col)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "SELECT coalesce(sum(%s), 0) FROM rollup WHERE org_id = %lld AND campaign_id = "
		 "%lld AND kind = '%s' AND month = '%s'",
		 col, (long long)org, (long long)camp, kind, month);
	return testdb_count(t, sql);
}

static void
check_line(void *cls, const char *text)
{
	buf_puts(cls, text);
}

static size_t
check_diffs(struct testdb *t)
{
	struct xg_error err = {0};
	struct buf b;
	size_t diffs = 99;

	buf_init(&b);
	assert_int_equal(record_check_rollups(t->db, check_line, &b, &diffs, &err), XG_OK);
	if (diffs != 0)
		print_message("%s", buf_cstr(&b));
	buf_free(&b);
	return diffs;
}

static struct record_input
study(int64_t org, const char *day, int64_t participants)
{
	struct record_input in = {.set_org = true,
				  .set_kind = true,
				  .set_day = true,
				  .set_title = true,
				  .set_participants = true,
				  .org_id = org,
				  .kind = "study",
				  .day = day,
				  .title = "专题学习",
				  .participants = participants};
	return in;
}

static void
test_create_rolls_up_the_path(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor rep;
	struct db_record out;
	struct xg_error err = {0};
	struct record_input in;

	mk_tree(t, ar, &tr);
	rep = actor_at(5, ROLE_REPORTER, &tr.ao);
	in = study(tr.a1, "2025-06-03", 25);
	in.detail =
	    json_pack("{s:s,s:s,s:i}", "form", "主题党日", "mode", "集中研学", "expected", 30);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_OK);
	json_decref(in.detail);
	assert_string_equal(out.state, "recorded");
	assert_int_equal(out.author_org_id, tr.a);
	assert_non_null(strstr(out.detail, "\"form\":\"主题党日\""));
	assert_int_equal(figure(t, tr.a1, 0, "study", "2025-06", "records"), 1);
	assert_int_equal(figure(t, tr.a, 0, "study", "2025-06", "participants"), 25);
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-06", "participants"), 25);
	assert_int_equal(figure(t, tr.b, 0, "study", "2025-06", "records"), 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE action = 'record.create'"
					 " AND after_data IS NOT NULL"),
			 1);
	assert_int_equal(check_diffs(t), 0);
	arena_free(ar);
}

/*
 * Each record written answers its own id (on SQLite the connection's last rowid, the INSERT
 * returning nothing): not another row's, though the same transaction inserts the audit row after
 * it, and not the first record's for the second.
 */
static void
test_create_answers_its_own_id(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor rep;
	struct db_record out[2];
	struct xg_error err = {0};
	struct record_input in;
	int64_t v = -1;
	int i;

	mk_tree(t, ar, &tr);
	rep = actor_at(5, ROLE_REPORTER, &tr.ao);
	for (i = 0; i < 2; i++) {
		in = study(i == 0 ? tr.a1 : tr.a, "2025-06-03", 10 + i);
		in.title = i == 0 ? "第一条" : "第二条";
		assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out[i], &err), XG_OK);
		assert_true(out[i].id > 0);
		assert_string_equal(out[i].title, in.title);
		assert_int_equal(
		    testdb_exec(t, &v, "SELECT id FROM records WHERE title = '%s'", in.title), 0);
		assert_int_equal(out[i].id, v);
		assert_int_equal(
		    testdb_exec(t, &v,
				"SELECT count(*) FROM audit WHERE action = 'record.create'"
				" AND object_id = '%lld'",
				(long long)out[i].id),
		    0);
		assert_int_equal(v, 1);
	}
	assert_true(out[1].id != out[0].id);
	arena_free(ar);
}

static void
test_scope_and_refusals_change_nothing(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor rep;
	struct db_record out;
	struct xg_error err = {0};
	struct record_input in;

	mk_tree(t, ar, &tr);
	rep = actor_at(5, ROLE_REPORTER, &tr.ao);
	/* A sibling's unit is not found, exactly like a missing one. */
	in = study(tr.b, "2025-06-03", 5);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_NOTFOUND);
	in = study(tr.a, "2025-02-30", 5);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_INVALID);
	assert_string_equal(err.field, "date");
	in = study(tr.a, "2025-02-03", 5);
	in.set_audience = true; /* a study has no audience */
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_INVALID);
	assert_string_equal(err.field, "audience");
	in = study(tr.a, "2025-02-03", 5);
	in.detail = json_pack("{s:s}", "channel", "微博"); /* a publicity field */
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_INVALID);
	assert_string_equal(err.field, "channel");
	json_decref(in.detail);
	in.detail = json_pack("{s:s}", "form", "座谈会"); /* not one of the forms */
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_INVALID);
	json_decref(in.detail);
	in = study(tr.a, "2025-02-03", RECORD_COUNT_MAX + 1);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_INVALID);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM records"), 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM rollup"), 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE action LIKE 'record.%'"),
			 0);
	arena_free(ar);
}

static void
test_edit_and_delete(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor rep, other;
	struct db_record out, cur;
	struct xg_error err = {0};
	struct record_input in, ch = {0};

	mk_tree(t, ar, &tr);
	rep = actor_at(5, ROLE_REPORTER, &tr.ao);
	in = study(tr.a, "2025-06-03", 25);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_OK);
	ch.set_day = true;
	ch.day = "2025-07-01";
	ch.set_participants = true;
	ch.participants = 40;
	assert_int_equal(record_update(t->db, ar, &rep, out.id, &ch, NOW + 1, &cur, &err), XG_OK);
	assert_string_equal(cur.day, "2025-07-01");
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-06", "records"), 0);
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-07", "participants"), 40);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE action = 'record.update'"
					 " AND before_data LIKE '%2025-06-03%'"
					 " AND after_data LIKE '%2025-07-01%'"),
			 1);
	/* Someone of a sibling unit cannot see it to change or delete it. */
	other = actor_at(6, ROLE_STAFF, &tr.bo);
	assert_int_equal(record_update(t->db, ar, &other, out.id, &ch, NOW, &cur, &err),
			 XG_NOTFOUND);
	assert_int_equal(record_delete(t->db, ar, &other, out.id, "重复", NOW, &err), XG_NOTFOUND);
	assert_int_equal(record_delete(t->db, ar, &rep, out.id, "", NOW, &err), XG_INVALID);
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-07", "records"), 1);
	assert_int_equal(record_delete(t->db, ar, &rep, out.id, "重复填报", NOW + 2, &err), XG_OK);
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-07", "records"), 0);
	assert_int_equal(figure(t, tr.a, 0, "study", "2025-07", "participants"), 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM records WHERE deleted = 1"
					 " AND deleted_reason = '重复填报'"),
			 1);
	assert_int_equal(db_record_get(t->db, ar, NULL, out.id, &cur), DB_NOTFOUND);
	assert_int_equal(record_delete(t->db, ar, &rep, out.id, "再删", NOW, &err), XG_NOTFOUND);
	assert_int_equal(check_diffs(t), 0);
	arena_free(ar);
}

static void
test_publicity_review(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor author, same_unit, above, sup_above;
	struct db_record out, cur;
	struct xg_error err = {0};
	struct record_input in = {.set_org = true,
				  .set_kind = true,
				  .set_day = true,
				  .set_title = true,
				  .kind = "publicity",
				  .day = "2025-05-20",
				  .title = "宣传稿"};

	mk_tree(t, ar, &tr);
	author = actor_at(5, ROLE_STAFF, &tr.ao);
	same_unit = actor_at(6, ROLE_STAFF, &tr.ao);
	above = actor_at(7, ROLE_STAFF, &tr.ro);
	sup_above = actor_at(8, ROLE_SUPERVISOR, &tr.ro);
	in.org_id = tr.a1;
	assert_int_equal(record_create(t->db, ar, &author, &in, NOW, &out, &err), XG_OK);
	assert_string_equal(out.state, "draft");
	assert_int_equal(figure(t, tr.r, 0, "publicity", "2025-05", "records"), 0);
	/* Only what was submitted is reviewed. */
	assert_int_equal(
	    record_review(t->db, ar, &above, out.id, RECORD_APPROVE, NULL, NOW, &cur, &err),
	    XG_CONFLICT);
	assert_int_equal(
	    record_review(t->db, ar, &author, out.id, RECORD_SUBMIT, NULL, NOW, &cur, &err), XG_OK);
	assert_string_equal(cur.state, "submitted");
	/* Submitted: no more edits until it comes back. */
	struct record_input ch = {.set_title = true, .title = "改标题"};
	assert_int_equal(record_update(t->db, ar, &author, out.id, &ch, NOW, &cur, &err),
			 XG_CONFLICT);
	/* Never the author, nor someone of the author's own unit. */
	assert_int_equal(
	    record_review(t->db, ar, &author, out.id, RECORD_APPROVE, NULL, NOW, &cur, &err),
	    XG_FORBIDDEN);
	assert_int_equal(
	    record_review(t->db, ar, &same_unit, out.id, RECORD_APPROVE, NULL, NOW, &cur, &err),
	    XG_FORBIDDEN);
	assert_int_equal(
	    record_review(t->db, ar, &above, out.id, RECORD_RETURN, "", NOW, &cur, &err),
	    XG_INVALID);
	assert_int_equal(
	    record_review(t->db, ar, &above, out.id, RECORD_RETURN, "来源未注明", NOW, &cur, &err),
	    XG_OK);
	assert_string_equal(cur.state, "returned");
	assert_string_equal(cur.review_reason, "来源未注明");
	assert_int_equal(figure(t, tr.r, 0, "publicity", "2025-05", "records"), 0);
	assert_int_equal(record_update(t->db, ar, &author, out.id, &ch, NOW, &cur, &err), XG_OK);
	assert_int_equal(
	    record_review(t->db, ar, &author, out.id, RECORD_SUBMIT, NULL, NOW, &cur, &err), XG_OK);
	assert_int_equal(
	    record_review(t->db, ar, &sup_above, out.id, RECORD_APPROVE, NULL, NOW, &cur, &err),
	    XG_OK);
	assert_string_equal(cur.state, "approved");
	assert_null(cur.review_reason);
	assert_int_equal(figure(t, tr.r, 0, "publicity", "2025-05", "records"), 1);
	assert_int_equal(figure(t, tr.a1, 0, "publicity", "2025-05", "records"), 1);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE action IN"
					 " ('record.submit', 'record.approve', 'record.return')"),
			 4);
	/* Other kinds are not reviewed. */
	in = study(tr.a, "2025-05-01", 3);
	assert_int_equal(record_create(t->db, ar, &author, &in, NOW, &out, &err), XG_OK);
	assert_int_equal(
	    record_review(t->db, ar, &author, out.id, RECORD_SUBMIT, NULL, NOW, &cur, &err),
	    XG_INVALID);
	assert_int_equal(check_diffs(t), 0);
	arena_free(ar);
}

static void
test_campaigns(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor top, rep_b, rep_a;
	struct db_campaign c, c2, seen;
	struct db_record out;
	struct xg_error err = {0};
	struct campaign_change cc = {.set_org = true,
				     .set_name = true,
				     .set_start = true,
				     .set_end = true,
				     .name = "学习宣传贯彻专项",
				     .start_date = "2025-01-01",
				     .end_date = "2025-12-31"};
	struct record_input in;

	mk_tree(t, ar, &tr);
	top = actor_at(7, ROLE_STAFF, &tr.ro);
	rep_a = actor_at(5, ROLE_STAFF, &tr.ao);
	rep_b = actor_at(6, ROLE_REPORTER, &tr.bo);
	cc.org_id = tr.a;
	cc.end_date = "2024-12-31";
	assert_int_equal(campaign_create(t->db, ar, &top, &cc, NOW, &c, &err), XG_INVALID);
	cc.end_date = "2025-12-31";
	assert_int_equal(campaign_create(t->db, ar, &rep_b, &cc, NOW, &c, &err), XG_NOTFOUND);
	assert_int_equal(campaign_create(t->db, ar, &top, &cc, NOW, &c, &err), XG_OK);
	/* Visible below the running unit and above it; not to a sibling. */
	assert_int_equal(db_campaign_get(t->db, ar, tr.a1o.path, c.id, &seen), DB_OK);
	assert_int_equal(db_campaign_get(t->db, ar, tr.ro.path, c.id, &seen), DB_OK);
	assert_int_equal(db_campaign_get(t->db, ar, tr.bo.path, c.id, &seen), DB_NOTFOUND);
	/* A record in the campaign counts in its own row and the row of all campaigns. */
	in = study(tr.a1, "2025-03-03", 9);
	in.set_campaign = true;
	in.campaign_id = c.id;
	assert_int_equal(record_create(t->db, ar, &rep_a, &in, NOW, &out, &err), XG_OK);
	assert_int_equal(figure(t, tr.r, c.id, "study", "2025-03", "participants"), 9);
	assert_int_equal(figure(t, tr.r, 0, "study", "2025-03", "participants"), 9);
	/* A unit outside the campaign's running unit cannot join it. */
	cc.org_id = tr.b;
	cc.name = "乙区专项";
	assert_int_equal(campaign_create(t->db, ar, &top, &cc, NOW, &c2, &err), XG_OK);
	in.campaign_id = c2.id;
	assert_int_equal(record_create(t->db, ar, &top, &in, NOW, &out, &err), XG_INVALID);
	assert_string_equal(err.field, "campaign_id");
	/* Changing a campaign: only within one's subtree, audited with before and after. */
	struct campaign_change up = {.set_name = true, .name = "新名称"};
	assert_int_equal(campaign_update(t->db, ar, &rep_a, c.id, &up, NOW, &seen, &err), XG_OK);
	assert_int_equal(campaign_update(t->db, ar, &rep_a, c2.id, &up, NOW, &seen, &err),
			 XG_NOTFOUND);
	struct actor a1_staff = actor_at(9, ROLE_STAFF, &tr.a1o);
	assert_int_equal(campaign_update(t->db, ar, &a1_staff, c.id, &up, NOW, &seen, &err),
			 XG_FORBIDDEN);
	assert_int_equal(
	    testdb_count(
		t, "SELECT count(*) FROM audit WHERE action = 'campaign.update'"
		   " AND before_data LIKE '%学习宣传贯彻专项%' AND after_data LIKE '%新名称%'"),
	    1);
	assert_int_equal(check_diffs(t), 0);
	arena_free(ar);
}

static void
test_check_finds_differences(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct actor rep;
	struct db_record out;
	struct xg_error err = {0};
	struct record_input in;

	mk_tree(t, ar, &tr);
	rep = actor_at(5, ROLE_REPORTER, &tr.ao);
	in = study(tr.a1, "2025-06-03", 25);
	assert_int_equal(record_create(t->db, ar, &rep, &in, NOW, &out, &err), XG_OK);
	assert_int_equal(check_diffs(t), 0);
	assert_int_equal(testdb_exec(t, NULL,
				     "UPDATE rollup SET participants = participants + 1"
				     " WHERE org_id = %lld AND campaign_id = 0",
				     (long long)tr.a),
			 0);
	assert_int_equal(
	    testdb_exec(t, NULL, "DELETE FROM rollup WHERE org_id = %lld", (long long)tr.r), 0);
	assert_int_equal(check_diffs(t), 2);
	arena_free(ar);
}

static void
move(struct testdb *t, struct arena *ar, int64_t id, int64_t parent)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change c = {.set_parent = true, .parent_id = parent};
	struct db_org o;
	struct xg_error err = {0};

	if (org_update(t->db, ar, &sys, id, &c, NOW, &o, &err) != XG_OK)
		fail_msg("move %lld: %s", (long long)id, err.message);
	assert_int_equal(o.parent_id, parent);
}

/* Each of org's figures for study in 2025-05, all campaigns and campaign camp. */
static void
assert_study(struct testdb *t, int64_t org, int64_t camp, int64_t records, int64_t all,
	     int64_t in_camp)
{
	assert_int_equal(figure(t, org, 0, "study", "2025-05", "records"), records);
	assert_int_equal(figure(t, org, 0, "study", "2025-05", "participants"), all);
	assert_int_equal(figure(t, org, camp, "study", "2025-05", "participants"), in_camp);
}

/*
 * R ── A ── A1 ── A1x, R ── B: records at A1 and A1x (some in a campaign, ids
 * spread over the slots on PostgreSQL) move with A1 across, up and down.
 */
static void
test_move_carries_rollups(void **state)
{
	struct testdb *t = *state;
	struct arena *ar = arena_new();
	struct tree tr;
	struct db_org a1x;
	struct actor top;
	struct db_campaign c;
	struct db_record out;
	struct xg_error err = {0};
	struct campaign_change cc = {.set_org = true,
				     .set_name = true,
				     .set_start = true,
				     .set_end = true,
				     .name = "专项",
				     .start_date = "2025-01-01",
				     .end_date = "2025-12-31"};
	struct record_input in;
	int i;

	mk_tree(t, ar, &tr);
	mk(t, ar, tr.a1, "A1x", &a1x);
	top = actor_at(7, ROLE_STAFF, &tr.ro);
	cc.org_id = tr.r;
	assert_int_equal(campaign_create(t->db, ar, &top, &cc, NOW, &c, &err), XG_OK);
	/* 10 records of 1..10 participants: 55 in all, the even ones (30) in the campaign. */
	for (i = 1; i <= 10; i++) {
		in = study(i % 3 ? tr.a1 : a1x.id, "2025-05-05", i);
		in.set_campaign = i % 2 == 0;
		in.campaign_id = c.id;
		assert_int_equal(record_create(t->db, ar, &top, &in, NOW, &out, &err), XG_OK);
	}
	/* And one at A itself, which stays. */
	in = study(tr.a, "2025-05-06", 100);
	assert_int_equal(record_create(t->db, ar, &top, &in, NOW, &out, &err), XG_OK);
	assert_study(t, tr.a, c.id, 11, 155, 30);
	assert_int_equal(check_diffs(t), 0);

	move(t, ar, tr.a1, tr.b); /* across */
	assert_study(t, tr.a, c.id, 1, 100, 0);
	assert_study(t, tr.b, c.id, 10, 55, 30);
	assert_study(t, tr.r, c.id, 11, 155, 30);
	assert_study(t, tr.a1, c.id, 10, 55, 30);
	assert_int_equal(check_diffs(t), 0);

	move(t, ar, tr.a1, tr.r); /* up */
	assert_study(t, tr.b, c.id, 0, 0, 0);
	assert_study(t, tr.r, c.id, 11, 155, 30);
	assert_int_equal(check_diffs(t), 0);

	move(t, ar, tr.a1, tr.a); /* down, home */
	move(t, ar, tr.a, tr.b);  /* a branch with records at three levels */
	assert_study(t, tr.b, c.id, 11, 155, 30);
	assert_study(t, tr.r, c.id, 11, 155, 30);
	assert_int_equal(check_diffs(t), 0);
	/* Slot by slot: a counter row never goes below zero. */
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM rollup WHERE records < 0"
					 " OR participants < 0 OR audience < 0 OR hours < 0"),
			 0);
	/* The audit says what moved. */
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE action = 'org.move'"), 4);
	arena_free(ar);
}

#define T(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_deltas_create_every_ancestor),
	    cmocka_unit_test(test_deltas_edit_moves_figures),
	    cmocka_unit_test(test_deltas_publicity_and_deletion),
	    cmocka_unit_test(test_deltas_deepest_tree_fits),
	    cmocka_unit_test(test_move_shifts),
	    cmocka_unit_test(test_move_shifts_deepest_tree_fits),
	};
	struct CMUnitTest tests[] = {
	    T(test_create_rolls_up_the_path),
	    T(test_create_answers_its_own_id),
	    T(test_scope_and_refusals_change_nothing),
	    T(test_edit_and_delete),
	    T(test_publicity_review),
	    T(test_campaigns),
	    T(test_check_finds_differences),
	    T(test_move_carries_rollups),
	};
	int failed = cmocka_run_group_tests_name("record", pure, NULL, NULL);

	return failed + testdb_run("record", tests, sizeof(tests) / sizeof(tests[0]));
}
