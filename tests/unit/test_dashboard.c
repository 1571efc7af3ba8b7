/*
 * test_dashboard: the dashboard's figures (src/domain/dashboard.c) on SQLite and PostgreSQL: the
 * same as stats_read, stats_pending and the subtree's totals read directly; kept on the connection
 * with the stats answers and new after any write; their kept bytes read back exactly, and bytes cut
 * short or not ours refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/dashboard.h"
#include "domain/org.h"
#include "domain/record.h"
#include "testdb.h"
#include "testorg.h"

#define NOW 1700000000

static int64_t
mk(struct db *db, struct arena *a, int64_t parent, const char *code, struct db_org *o)
{
	return testorg_make(db, a, parent, code, 7, o);
}

static struct record_input
rec(int64_t org, const char *kind, const char *day)
{
	struct record_input in = {.set_org = true,
				  .set_kind = true,
				  .set_day = true,
				  .set_title = true,
				  .set_participants = true,
				  .org_id = org,
				  .kind = kind,
				  .day = day,
				  .title = "专题",
				  .participants = 10};
	if (strcmp(kind, "publicity") == 0)
		in.set_participants = false;
	return in;
}

/* Publicity at org, submitted for review: pending until a reviewer above approves it. */
static void
submitted(struct db *db, struct arena *a, int64_t org)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct record_input in = rec(org, "publicity", "2025-04-05");
	struct db_record out;
	struct xg_error err = {0};
	json_t *detail = json_pack("{s:s}", "channel", "官网");

	in.detail = detail;
	if (record_create(db, a, &sys, &in, NOW, &out, &err) != XG_OK)
		fail_msg("record_create: %s", err.message);
	json_decref(detail);
	if (record_review(db, a, &sys, out.id, RECORD_SUBMIT, NULL, NOW, &out, &err) != XG_OK)
		fail_msg("record_review: %s", err.message);
}

static void
year(struct stats_period *p)
{
	struct xg_error err = {0};

	assert_int_equal(stats_period_parse("2025-01", "2025-12", p, &err), XG_OK);
}

/* The figures read the long way, in no kept answer: what the dashboard must equal. */
static void
direct(struct db *db, struct arena *a, const struct actor *who, int64_t org,
       const struct stats_period *p, struct dashboard *d)
{
	struct xg_error err = {0};

	memset(d, 0, sizeof(*d));
	assert_int_equal(stats_read(db, a, who, org, 0, p, &d->s, &err), XG_OK);
	assert_int_equal(stats_pending(db, &d->s.unit, 0, p, &d->pending, &err), XG_OK);
	assert_int_equal(db_org_subtree_totals(db, d->s.unit.path, &d->units, &d->members), DB_OK);
}

static void
assert_same(const struct dashboard *x, const struct dashboard *y)
{
	size_t i;

	assert_int_equal(x->pending, y->pending);
	assert_int_equal(x->units, y->units);
	assert_int_equal(x->members, y->members);
	assert_int_equal(x->s.unit.id, y->s.unit.id);
	assert_string_equal(x->s.unit.name, y->s.unit.name);
	assert_string_equal(x->s.unit.path, y->s.unit.path);
	assert_memory_equal(&x->s.total, &y->s.total, sizeof(x->s.total));
	assert_int_equal(x->s.nmonths, y->s.nmonths);
	for (i = 0; i < x->s.nmonths; i++) {
		assert_string_equal(x->s.months[i].month, y->s.months[i].month);
		assert_memory_equal(&x->s.months[i].f, &y->s.months[i].f, sizeof(x->s.months[i].f));
	}
	assert_int_equal(x->s.nchildren, y->s.nchildren);
	for (i = 0; i < x->s.nchildren; i++) {
		assert_int_equal(x->s.children[i].org->id, y->s.children[i].org->id);
		assert_string_equal(x->s.children[i].org->name, y->s.children[i].org->name);
		assert_int_equal(x->s.children[i].org->closed, y->s.children[i].org->closed);
		assert_memory_equal(&x->s.children[i].f, &y->s.children[i].f,
				    sizeof(x->s.children[i].f));
	}
}

/* Counts its calls and fails, so that nothing is kept: stats_answer calls it only on a miss. */
static enum xg_rc
count(void *ctx, struct arena *a, const struct stats *s, const struct stats_period *p,
      const char **text, size_t *len, struct xg_error *err)
{
	(void)a;
	(void)s;
	(void)p;
	(void)text;
	(void)len;
	(*(int *)ctx)++;
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "not kept");
}

/* Is the dashboard of org kept on this connection? Asked as stats_answer's form "dash". */
static bool
is_kept(struct db *db, struct arena *a, const struct actor *who, int64_t org,
	const struct stats_period *p)
{
	struct xg_error err = {0};
	const char *text;
	size_t len;
	int made = 0;
	enum xg_rc rc =
	    stats_answer(db, a, who, org, 0, p, "dash", count, &made, &text, &len, &err);

	assert_int_equal(rc, made == 0 ? XG_OK : XG_INTERNAL);
	return made == 0;
}

static void
test_figures_as_read_directly_and_new_after_writes(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct stats_period p;
	struct dashboard want, got;
	struct db_org r, x, y, b;
	struct record_input in;
	struct db_record out;
	struct xg_error err = {0};
	struct db *other;
	char e[256];
	int i;

	year(&p);
	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	mk(t->db, a, r.id, "Y", &y);
	mk(t->db, a, x.id, "B", &b);
	in = rec(b.id, "study", "2025-03-04");
	assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
	submitted(t->db, a, y.id);

	assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	direct(t->db, a, &sys, r.id, &p, &want);
	assert_same(&got, &want);
	assert_int_equal(got.s.total.v[RECORD_STUDY][STATS_RECORDS], 1);
	assert_int_equal(got.pending, 1);
	assert_int_equal(got.units, 4);
	assert_int_equal(got.members, 28);
	assert_int_equal(got.s.nmonths, 12);
	assert_int_equal(got.s.nchildren, 2);
	/* Kept: given again without reading (on PostgreSQL once the cluster is quiet a moment). */
	for (i = 0; i < 100 && !is_kept(t->db, a, &sys, r.id, &p); i++)
		assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	assert_true(i < 100);
	assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	assert_same(&got, &want);

	/* A record and a unit written by another connection: new figures, new size. */
	assert_int_equal(db_open(t->url, &other, e, sizeof(e)), DB_OK);
	in = rec(b.id, "study", "2025-07-08");
	assert_int_equal(record_create(other, a, &sys, &in, NOW, &out, &err), XG_OK);
	mk(other, a, y.id, "C", &b);
	db_close(other);
	assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	direct(t->db, a, &sys, r.id, &p, &want);
	assert_same(&got, &want);
	assert_int_equal(got.s.total.v[RECORD_STUDY][STATS_RECORDS], 2);
	assert_int_equal(got.units, 5);
	/* More publicity waiting for review, submitted on this connection. */
	submitted(t->db, a, x.id);
	assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	assert_int_equal(got.pending, 2);
	direct(t->db, a, &sys, r.id, &p, &want);
	assert_same(&got, &want);
	arena_free(a);
}

/* A caller below the unit: 404 whether or not the unit's figures are kept. */
static void
test_scope_checked_when_kept(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1"), below;
	struct stats_period p;
	struct dashboard got;
	struct db_org r, x;
	struct xg_error err = {0};

	year(&p);
	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	below = sys;
	below.org_id = x.id;
	below.org_path = x.path;
	assert_int_equal(dashboard_read(t->db, a, &sys, r.id, 0, &p, &got, &err), XG_OK);
	assert_int_equal(dashboard_read(t->db, a, &below, r.id, 0, &p, &got, &err), XG_NOTFOUND);
	assert_int_equal(dashboard_read(t->db, a, &below, x.id, 0, &p, &got, &err), XG_OK);
	assert_int_equal(got.s.unit.id, x.id);
	arena_free(a);
}

/* The kept bytes read back as written; every shorter prefix, a longer text and a wrong tag refused.
 */
static void
test_pack_round_trip_and_refusals(void **state)
{
	struct arena *a = arena_new();
	struct db_org unit = {.id = 3,
			      .parent_id = 1,
			      .code = "U",
			      .name = "单位",
			      .kind = "其他",
			      .path = "/1/3/",
			      .depth = 2,
			      .members = 9,
			      .children = 2};
	struct db_org kids[2] = {{.id = 8, .name = "甲", .path = "/1/3/8/", .closed = 1},
				 {.id = 9, .name = "乙", .path = "/1/3/9/"}};
	struct stats_month months[2] = {{.month = "2025-01"}, {.month = "2025-02"}};
	struct stats_child children[3] = {{.org = &kids[0]}, {.org = &kids[1]}, {0}};
	struct dashboard d = {.pending = 4, .units = 3, .members = 21}, back;
	struct xg_error err = {0};
	const char *text;
	char *longer;
	size_t len, n;

	(void)state;
	d.s.unit = unit;
	d.s.total.v[RECORD_LECTURE][STATS_AUDIENCE] = 150;
	months[1].f.v[RECORD_STUDY][STATS_RECORDS] = 2;
	children[1].f.v[RECORD_TRAINING][STATS_HOURS] = 16;
	d.s.months = months;
	d.s.nmonths = 2;
	d.s.children = children;
	d.s.nchildren = 2;
	text = dashboard_pack(a, &d, &len);
	assert_non_null(text);
	assert_int_equal(dashboard_unpack(a, text, len, &back, &err), XG_OK);
	assert_same(&back, &d);
	assert_string_equal(back.s.unit.code, "U");
	assert_null(back.s.children[0].org->code); /* NULL stays NULL */
	assert_int_equal(back.s.unit.members, 9);
	for (n = 0; n < len; n++)
		assert_int_equal(dashboard_unpack(a, text, n, &back, &err), XG_INTERNAL);
	longer = arena_alloc(a, len + 1);
	memcpy(longer, text, len);
	longer[len] = 'x';
	assert_int_equal(dashboard_unpack(a, longer, len + 1, &back, &err), XG_INTERNAL);
	longer[0] = 'Q';
	assert_int_equal(dashboard_unpack(a, longer, len, &back, &err), XG_INTERNAL);
	arena_free(a);
}

#define T(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)

int
main(void)
{
	struct CMUnitTest tests[] = {
	    T(test_figures_as_read_directly_and_new_after_writes),
	    T(test_scope_checked_when_kept),
	    cmocka_unit_test(test_pack_round_trip_and_refusals),
	};

	return testdb_run("dashboard", tests, sizeof(tests) / sizeof(tests[0]));
}
