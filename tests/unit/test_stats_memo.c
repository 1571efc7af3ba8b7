/*
 * test_stats_memo: read snapshots and their tokens, the connection's memo (src/db/memo.c) and the
 * stats answers kept in it (stats_answer, src/domain/stats.h), on SQLite and PostgreSQL: a kept
 * answer is given again only while nothing has been written, by this connection, another one or
 * another process.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "domain/campaign.h"
#include "domain/org.h"
#include "domain/record.h"
#include "domain/stats.h"
#include "testdb.h"
#include "testorg.h"

#define NOW 1700000000

static void
token_of(struct db *db, char tok[DB_TOKEN_CAP])
{
	assert_int_equal(db_snapshot_begin(db, tok), DB_OK);
	assert_true(tok[0] != '\0');
	db_snapshot_end(db);
}

static int64_t
mk(struct db *db, struct arena *a, int64_t parent, const char *code, struct db_org *o)
{
	return testorg_make(db, a, parent, code, 0, o);
}

static void
test_token_names_the_data(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	char t1[DB_TOKEN_CAP], t2[DB_TOKEN_CAP], t3[DB_TOKEN_CAP], t4[DB_TOKEN_CAP];
	struct db_org r, o;
	struct db *other;
	char err[256];
	int i;

	mk(t->db, a, 0, "R", &r);
	/* Nothing written: the same data, the same token (on PostgreSQL once no commit anywhere in
	 * the cluster fell between the two: other databases' transactions take ids from the same
	 * counter). */
	for (i = 0; i < 100; i++) {
		token_of(t->db, t1);
		token_of(t->db, t2);
		if (strcmp(t1, t2) == 0)
			break;
	}
	assert_string_equal(t1, t2);
	/* A write in another connection (raw SQL, another handle). */
	assert_int_equal(
	    testdb_exec(t, NULL, "UPDATE org SET name = 'R2' WHERE id = %lld", (long long)r.id), 0);
	token_of(t->db, t3);
	assert_string_not_equal(t2, t3);
	/* A write on this very connection (SQLite's data_version does not see those). */
	mk(t->db, a, r.id, "A", &o);
	token_of(t->db, t4);
	assert_string_not_equal(t3, t4);
	/* Inside a snapshot, another connection's commit is not seen, and the token holds. */
	assert_int_equal(db_open(t->url, &other, err, sizeof(err)), DB_OK);
	assert_int_equal(db_snapshot_begin(t->db, t1), DB_OK);
	if (!t->be->pg) /* nothing written since t4 (PostgreSQL: unless elsewhere in the cluster) */
		assert_string_equal(t1, t4);
	mk(other, a, r.id, "B", &o);
	assert_int_equal(db_org_get(t->db, a, NULL, o.id, &o), DB_NOTFOUND);
	db_snapshot_end(t->db);
	assert_int_equal(db_org_get(t->db, a, NULL, o.id, &o), DB_OK);
	token_of(t->db, t2);
	assert_string_not_equal(t1, t2);
	db_close(other);
	arena_free(a);
}

static void
test_memo_bounds(void **state)
{
	struct testdb *t = *state;
	static char big[DB_MEMO_VALUE_MAX + 1];
	char key[32];
	const char *v;
	size_t len, i;

	db_memo_put(t->db, "k", "tok1", "one", 3);
	v = db_memo_get(t->db, "k", "tok1", &len);
	assert_non_null(v);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "one", 4);
	assert_null(db_memo_get(t->db, "k", "tok2", &len)); /* other data */
	assert_null(db_memo_get(t->db, "k", "", &len));
	assert_null(db_memo_get(t->db, "j", "tok1", &len));
	db_memo_put(t->db, "k", "tok2", "two", 3); /* replaces the older answer */
	assert_null(db_memo_get(t->db, "k", "tok1", &len));
	assert_non_null(db_memo_get(t->db, "k", "tok2", &len));
	db_memo_put(t->db, "e", "", "x", 1); /* no token: never kept */
	assert_null(db_memo_get(t->db, "e", "", &len));
	/* Too large to keep. */
	memset(big, 'b', sizeof(big));
	db_memo_put(t->db, "big", "tok", big, sizeof(big));
	assert_null(db_memo_get(t->db, "big", "tok", &len));
	/* DB_MEMO_SLOTS answers at most, the least recently used leaving first. */
	for (i = 0; i < DB_MEMO_SLOTS; i++) {
		snprintf(key, sizeof(key), "s%zu", i);
		db_memo_put(t->db, key, "tok", key, strlen(key));
		if (i == 0)
			assert_non_null(db_memo_get(t->db, "k", "tok2", &len)); /* used: stays */
	}
	assert_null(db_memo_get(t->db, "s0", "tok", &len)); /* "k" was used after s0 was put */
	assert_non_null(db_memo_get(t->db, "k", "tok2", &len));
	assert_non_null(db_memo_get(t->db, "s1", "tok", &len));
	/* DB_MEMO_BYTES at most: the two oldest large answers leave for a third. */
	db_memo_put(t->db, "L1", "tok", big, DB_MEMO_VALUE_MAX);
	db_memo_put(t->db, "L2", "tok", big, DB_MEMO_VALUE_MAX);
	assert_non_null(db_memo_get(t->db, "L1", "tok", &len));
	db_memo_put(t->db, "L3", "tok", big, DB_MEMO_VALUE_MAX);
	assert_null(db_memo_get(t->db, "L2", "tok", &len));
	assert_non_null(db_memo_get(t->db, "L1", "tok", &len));
	assert_non_null(db_memo_get(t->db, "L3", "tok", &len));
	assert_int_equal(len, DB_MEMO_VALUE_MAX);
}

/* Render "study=<records> children=<n>" and count the renderings. */
static enum xg_rc
render(void *ctx, struct arena *a, const struct stats *s, const struct stats_period *p,
       const char **text, size_t *len, struct xg_error *err)
{
	int *made = ctx;
	char *out = arena_alloc(a, 64);

	(void)p;
	(void)err;
	assert_non_null(out);
	snprintf(out, 64, "study=%lld children=%zu",
		 (long long)s->total.v[RECORD_STUDY][STATS_RECORDS], s->nchildren);
	*text = out;
	*len = strlen(out);
	(*made)++;
	return XG_OK;
}

static struct record_input
study(int64_t org, const char *day)
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
				  .participants = 10};
	return in;
}

/* The answer for unit org, campaign camp (0: all) and the year as the actor sees it: its text, or
 * NULL when refused. */
static const char *
answer_of(struct db *db, struct arena *a, const struct actor *who, int64_t org, int64_t camp,
	  const char *year, int *made)
{
	struct stats_period p;
	struct xg_error err = {0};
	char from[16], to[16];
	const char *text = NULL;
	size_t len = 0;

	snprintf(from, sizeof(from), "%s-01-01", year);
	snprintf(to, sizeof(to), "%s-12-31", year);
	assert_int_equal(stats_period_days(from, to, &p, &err), XG_OK);
	if (stats_answer(db, a, who, org, camp, &p, "t", render, made, &text, &len, &err) != XG_OK)
		return NULL;
	assert_int_equal(len, strlen(text));
	return text;
}

/* The answer for unit org, all campaigns, 2025. */
static const char *
answer(struct db *db, struct arena *a, const struct actor *who, int64_t org, int *made)
{
	return answer_of(db, a, who, org, 0, "2025", made);
}

/*
 * The answer read until one is given without rendering, i.e. kept (the test fails after 100 reads):
 * on PostgreSQL any commit in the cluster, even in another database, makes a new snapshot, so a
 * quiet moment is waited for.
 */
static const char *
kept(struct db *db, struct arena *a, const struct actor *who, int64_t org, int64_t camp,
     const char *year, int *made)
{
	const char *text = NULL;
	int i, before;

	for (i = 0; i < 100; i++) {
		before = *made;
		text = answer_of(db, a, who, org, camp, year, made);
		if (*made == before)
			return text;
	}
	fail_msg("no answer of unit %lld was kept in 100 reads", (long long)org);
	return NULL;
}

/* The answer of unit org for 2025, which must be rendered anew (a first read, or changed data). */
static const char *
fresh(struct db *db, struct arena *a, const struct actor *who, int64_t org, int *made)
{
	int before = *made;
	const char *text = answer(db, a, who, org, made);

	assert_int_equal(*made, before + 1);
	return text;
}

static void
test_answer_kept_until_a_write(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct db_org r, x, y, b;
	struct record_input in;
	struct db_record out;
	struct xg_error err = {0};
	struct db *other;
	char e[256];
	int made = 0;

	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	mk(t->db, a, r.id, "Y", &y);
	mk(t->db, a, x.id, "B", &b);
	in = study(b.id, "2025-03-04");
	assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
	assert_string_equal(fresh(t->db, a, &sys, r.id, &made), "study=1 children=2");
	/* Nothing written: the kept text, not rendered again. */
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=1 children=2");
	/* Another unit: its own text. */
	assert_string_equal(fresh(t->db, a, &sys, x.id, &made), "study=1 children=1");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=1 children=2");
	/* A record written on this connection. */
	in = study(y.id, "2025-05-06");
	assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
	assert_string_equal(fresh(t->db, a, &sys, r.id, &made), "study=2 children=2");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=2 children=2");
	/* A record written by another connection (another thread or process). */
	assert_int_equal(db_open(t->url, &other, e, sizeof(e)), DB_OK);
	in = study(b.id, "2025-07-08");
	assert_int_equal(record_create(other, a, &sys, &in, NOW, &out, &err), XG_OK);
	db_close(other);
	assert_string_equal(fresh(t->db, a, &sys, r.id, &made), "study=3 children=2");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=3 children=2");
	/* A direct write behind the application's back. */
	assert_int_equal(
	    testdb_exec(t, NULL,
			"UPDATE rollup SET records = records + 5 WHERE org_id = %lld"
			" AND kind = 'study' AND campaign_id = 0 AND month = '2025-03'",
			(long long)r.id),
	    0);
	assert_string_equal(fresh(t->db, a, &sys, r.id, &made), "study=8 children=2");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=8 children=2");
	arena_free(a);
}

/* Each unit, campaign and period has its own text: none is given for another. */
static void
test_answer_per_unit_campaign_period(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct db_org r, x;
	struct db_campaign c;
	struct campaign_change cc;
	struct record_input in;
	struct db_record out;
	struct xg_error err = {0};
	int made = 0;

	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	cc = (struct campaign_change){.set_org = true,
				      .set_name = true,
				      .set_start = true,
				      .set_end = true,
				      .org_id = r.id,
				      .name = "专项",
				      .start_date = "2025-01-01",
				      .end_date = "2025-12-31"};
	assert_int_equal(campaign_create(t->db, a, &sys, &cc, NOW, &c, &err), XG_OK);
	in = study(x.id, "2025-03-04");
	assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
	in.campaign_id = c.id;
	in.set_campaign = true;
	in.day = "2025-04-05";
	assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
	/* Nothing written between these reads: each differs only by its key. */
	assert_string_equal(answer_of(t->db, a, &sys, r.id, 0, "2025", &made),
			    "study=2 children=1");
	assert_string_equal(answer_of(t->db, a, &sys, r.id, c.id, "2025", &made),
			    "study=1 children=1");
	assert_string_equal(answer_of(t->db, a, &sys, r.id, 0, "2024", &made),
			    "study=0 children=1");
	assert_string_equal(answer_of(t->db, a, &sys, x.id, 0, "2025", &made),
			    "study=2 children=0");
	assert_int_equal(made, 4);
	/* And each is kept. */
	assert_string_equal(kept(t->db, a, &sys, r.id, c.id, "2025", &made), "study=1 children=1");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2024", &made), "study=0 children=1");
	assert_string_equal(kept(t->db, a, &sys, r.id, 0, "2025", &made), "study=2 children=1");
	arena_free(a);
}

static void
test_scope_checked_when_kept(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1"), below;
	struct db_org r, x;
	int made = 0;

	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	below = sys;
	below.org_id = x.id;
	below.org_path = x.path;
	assert_non_null(answer(t->db, a, &sys, r.id, &made));
	assert_int_equal(made, 1);
	/* The root's answer is kept, and still not for a caller below it. */
	assert_null(answer(t->db, a, &below, r.id, &made));
	assert_non_null(answer(t->db, a, &below, x.id, &made));
	assert_int_equal(made, 2);
	arena_free(a);
}

/* Every allocation on the way failing in turn: an answer or a clean failure, and never a wrong text
 * kept for the next caller. */
static void
test_answer_under_failing_allocations(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct db_org r, x;
	struct record_input in;
	struct db_record out;
	struct xg_error err = {0};
	struct arena *a = arena_new();
	const char *text;
	int made = 0;
	long n;

	mk(t->db, a, 0, "R", &r);
	mk(t->db, a, r.id, "X", &x);
	for (n = 1; n < 200; n++) {
		struct arena *b = arena_new();
		long hits;
		/* A write first, so every round starts from data no answer was kept for. */
		in = study(x.id, "2025-02-03");
		assert_int_equal(record_create(t->db, a, &sys, &in, NOW, &out, &err), XG_OK);
		assert_non_null(b);
		alloc_fail_arm(n, false);
		text = answer(t->db, b, &sys, r.id, &made);
		hits = alloc_fail_hits();
		alloc_fail_arm(0, false);
		if (text != NULL) {
			char want[64];
			snprintf(want, sizeof(want), "study=%ld children=1", n);
			assert_string_equal(text, want);
		}
		arena_free(b);
		b = arena_new();
		text = answer(t->db, b, &sys, r.id, &made);
		assert_non_null(text);
		{
			char want[64];
			snprintf(want, sizeof(want), "study=%ld children=1", n);
			assert_string_equal(text, want);
		}
		arena_free(b);
		if (hits == 0)
			break; /* past the last allocation: every one has failed once */
	}
	assert_true(n < 200);
	arena_free(a);
}

#define T(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)

int
main(void)
{
	struct CMUnitTest tests[] = {
	    T(test_token_names_the_data),
	    T(test_memo_bounds),
	    T(test_answer_kept_until_a_write),
	    T(test_scope_checked_when_kept),
	    T(test_answer_per_unit_campaign_period),
	    T(test_answer_under_failing_allocations),
	};

	return testdb_run("stats_memo", tests, sizeof(tests) / sizeof(tests[0]));
}
