/*
 * test_org: the rules of the organisation tree on a real database (SQLite, and PostgreSQL
 * when XUANGUAN_TEST_PG is set) — scope, moves, closing, own unit, CSV import, the audit
 * trail, and storage faults (src/org.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/tree.h"
#include "domain/org.h"
#include "testdb.h"

#define NOW 1700000000

/* A unit with the given parent (0: a root by the system actor). Returns its id. */
static int64_t
mk(struct testdb *t, const struct actor *who, int64_t parent, const char *code, const char *kind)
{
	struct arena *a = arena_new();
	struct org_change c = {.set_parent = parent != 0,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .set_members = true,
			       .parent_id = parent,
			       .code = code,
			       .name = code,
			       .kind = kind,
			       .members = 10};
	struct xg_error err = {0};
	struct db_org o;
	enum xg_rc rc = org_create(t->db, a, who, &c, NOW, &o, &err);
	int64_t id = o.id;

	if (rc != XG_OK)
		fail_msg("org_create %s: %d %s", code, rc, err.message);
	arena_free(a);
	return id;
}

static struct db_org
get(struct testdb *t, struct arena *a, int64_t id)
{
	struct db_org o;

	memset(&o, 0, sizeof(o));
	assert_int_equal(db_org_get(t->db, a, NULL, id, &o), DB_OK);
	return o;
}

static int64_t
audits(struct testdb *t, const char *action)
{
	struct db_audit_filter f = {.action = action, .to = INT64_MAX, .limit = 1};
	struct arena *a = arena_new();
	struct db_audit *rows;
	size_t n;
	int64_t total = -1;

	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	arena_free(a);
	return total;
}

static int64_t
units(struct testdb *t)
{
	return testdb_count(t, "SELECT count(*) FROM org");
}

/* A staff account's actor at unit o (strings borrowed from o's arena). */
static struct actor
staff_at(const struct db_org *o)
{
	struct actor x = {.user_id = 99,
			  .username = "staff1",
			  .role = ROLE_STAFF,
			  .org_id = o->id,
			  .org_path = o->path,
			  .org_name = o->name,
			  .client = "10.0.0.9"};
	return x;
}

/*
 * The tree used by most tests:
 *   R (市科协)
 *   ├── A (区县科协) ── A1 ── A11
 *   └── B (区县科协)
 */
struct tree {
	int64_t r, a, a1, a11, b;
};

static struct tree
build(struct testdb *t)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x;

	x.r = mk(t, &sys, 0, "R", "市科协");
	x.a = mk(t, &sys, x.r, "A", "区县科协");
	x.b = mk(t, &sys, x.r, "B", "区县科协");
	x.a1 = mk(t, &sys, x.a, "A1", "乡镇街道科协");
	x.a11 = mk(t, &sys, x.a1, "A11", "其他");
	return x;
}

/* A new kind of unit is audited in its own transaction: the actor, the kind's id and its name. */
static void
test_kind_create_audited(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct db_audit_filter f = {.action = "kind.create", .to = INT64_MAX, .limit = 5};
	struct db_audit *rows;
	struct xg_error err;
	char want[32];
	int64_t id = 0, total = -1, kinds;
	size_t n;

	kinds = testdb_count(t, "SELECT count(*) FROM org_kind");
	assert_int_equal(org_kind_create(t->db, &sys, "科普基地", NOW, &id, &err), XG_OK);
	assert_true(id > 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org_kind"), kinds + 1);
	assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
	assert_int_equal(total, 1);
	snprintf(want, sizeof(want), "%lld", (long long)id);
	assert_string_equal(rows[0].object_type, "kind");
	assert_string_equal(rows[0].object_id, want);
	assert_string_equal(rows[0].summary, "科普基地");
	assert_string_equal(rows[0].actor_name, sys.username);
	assert_int_equal(rows[0].at, NOW);
	/* A refused duplicate adds neither a kind nor an entry. */
	assert_int_equal(org_kind_create(t->db, &sys, "科普基地", NOW, &id, &err), XG_CONFLICT);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org_kind"), kinds + 1);
	assert_int_equal(audits(t, "kind.create"), 1);
	arena_free(a);
}

static void
test_create_under_parent(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct tree x = build(t);
	struct db_org r = get(t, a, x.r), u = get(t, a, x.a11);
	char want[64];

	assert_int_equal(r.parent_id, 0);
	assert_int_equal(r.depth, 0);
	assert_int_equal(r.children, 2);
	snprintf(want, sizeof(want), "/%lld/%lld/%lld/%lld/", (long long)x.r, (long long)x.a,
		 (long long)x.a1, (long long)x.a11);
	assert_string_equal(u.path, want);
	assert_int_equal(u.depth, 3);
	assert_int_equal(u.parent_id, x.a1);
	assert_string_equal(u.kind, "其他");
	assert_int_equal(u.members, 10);
	assert_false(u.closed);
	assert_int_equal(u.created_at, NOW);
	/* Five units, five audit entries. */
	assert_int_equal(audits(t, "org.create"), 5);
	arena_free(a);
}

static void
test_scoped_create(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct tree x = build(t);
	struct db_org ua = get(t, a, x.a);
	struct actor st = staff_at(&ua);
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .code = "NEW",
			       .name = "新单位",
			       .kind = "其他"};
	struct xg_error err = {0};
	struct db_org o;
	int64_t before = units(t);

	/* Under a sibling's unit or above the actor's own: as if it did not exist. */
	c.parent_id = x.b;
	assert_int_equal(org_create(t->db, a, &st, &c, NOW, &o, &err), XG_NOTFOUND);
	assert_string_equal(err.field, "parent_id");
	c.parent_id = x.r;
	assert_int_equal(org_create(t->db, a, &st, &c, NOW, &o, &err), XG_NOTFOUND);
	c.parent_id = 424242;
	assert_int_equal(org_create(t->db, a, &st, &c, NOW, &o, &err), XG_NOTFOUND);
	/* No parent at all: only the system creates roots. */
	c.set_parent = false;
	assert_int_equal(org_create(t->db, a, &st, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.field, "parent_id");
	assert_int_equal(units(t), before);
	/* Inside the subtree, deep down too. */
	c.set_parent = true;
	c.parent_id = x.a11;
	assert_int_equal(org_create(t->db, a, &st, &c, NOW, &o, &err), XG_OK);
	assert_int_equal(o.parent_id, x.a11);
	assert_int_equal(units(t), before + 1);
	arena_free(a);
}

static void
test_create_refusals(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .parent_id = x.b,
			       .code = "C",
			       .name = "单位",
			       .kind = "其他"};
	struct xg_error err = {0};
	struct db_org o;
	int64_t before = units(t);
	char longname[400] = "";

	c.code = "A1"; /* taken */
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_CONFLICT);
	assert_string_equal(err.code, "duplicate_code");
	assert_string_equal(err.field, "code");
	c.code = "has space";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.field, "code");
	c.code = "C";
	c.kind = "不存在的类型";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "unknown_kind");
	c.kind = "其他";
	c.name = " 前后有空格";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.field, "name");
	c.name = "换行\n名称";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	c.name = "bad\xff";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	for (int i = 0; i < 101; i++)
		strcat(longname, "科");
	c.name = longname; /* 101 characters */
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "too_long");
	longname[strlen(longname) - 3] = '\0'; /* 100 characters are fine */
	c.name = longname;
	c.code = "LONG";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_OK);
	c.name = "单位";
	c.code = "C";
	c.set_members = true;
	c.members = -1;
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.field, "members");
	c.members = ORG_MEMBERS_MAX + 1;
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	c.members = 0;
	c.set_code = false;
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_int_equal(units(t), before + 1);
	assert_int_equal(audits(t, "org.create"), 6);
	arena_free(a);
}

static void
test_names_stored_verbatim(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	static const char *const names[] = {"<script>alert(1)</script>", "'); DROP TABLE x; --",
					    "100%_科协\\"};
	struct xg_error err = {0};
	struct db_org o;

	for (size_t i = 0; i < 3; i++) {
		char code[8];
		struct org_change c = {.set_parent = true,
				       .set_code = true,
				       .set_name = true,
				       .set_kind = true,
				       .parent_id = x.b,
				       .name = names[i],
				       .kind = "其他",
				       .code = code};
		snprintf(code, sizeof(code), "V%zu", i);
		assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_OK);
		assert_string_equal(get(t, a, o.id).name, names[i]);
	}
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org WHERE code = 'R'"), 1);
	arena_free(a);
}

static void
test_move_subtree(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_parent = true, .parent_id = x.b};
	struct xg_error err = {0};
	struct db_org o, b, u1, u11;
	char want[64];

	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW + 5, &o, &err), XG_OK);
	b = get(t, a, x.b);
	u1 = get(t, a, x.a1);
	u11 = get(t, a, x.a11);
	snprintf(want, sizeof(want), "%s%lld/", b.path, (long long)x.a1);
	assert_string_equal(u1.path, want);
	assert_int_equal(u1.parent_id, x.b);
	assert_int_equal(u1.depth, 2);
	snprintf(want, sizeof(want), "%s%lld/%lld/", b.path, (long long)x.a1, (long long)x.a11);
	assert_string_equal(u11.path, want);
	assert_int_equal(u11.depth, 3);
	assert_int_equal(u11.parent_id, x.a1);
	assert_int_equal(get(t, a, x.a).children, 0);
	assert_int_equal(b.children, 1);
	assert_int_equal(audits(t, "org.move"), 1);
	/* The moved subtree is found under its new parent's scope, and no longer under the old. */
	assert_int_equal(db_org_get(t->db, a, b.path, x.a11, &o), DB_OK);
	assert_int_equal(db_org_get(t->db, a, get(t, a, x.a).path, x.a11, &o), DB_NOTFOUND);

	/* Move a deeper subtree up one level: depths shrink. */
	c.parent_id = x.r;
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW + 6, &o, &err), XG_OK);
	assert_int_equal(get(t, a, x.a1).depth, 1);
	assert_int_equal(get(t, a, x.a11).depth, 2);
	/* Moving to the present parent changes nothing and is still fine. */
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW + 7, &o, &err), XG_OK);
	arena_free(a);
}

static void
test_move_into_own_subtree_refused(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_parent = true};
	struct xg_error err = {0};
	struct db_org o;
	const char *p11 = get(t, a, x.a11).path;

	c.parent_id = x.a11;
	assert_int_equal(org_update(t->db, a, &sys, x.a, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "cycle");
	c.parent_id = x.a;
	assert_int_equal(org_update(t->db, a, &sys, x.a, &c, NOW, &o, &err), XG_INVALID);
	/* A rename in the same change is not half-applied. */
	c.parent_id = x.a1;
	c.set_name = true;
	c.name = "改名";
	assert_int_equal(org_update(t->db, a, &sys, x.a, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(get(t, a, x.a).name, "A");
	assert_string_equal(get(t, a, x.a11).path, p11);
	/* The root does not move. */
	c.set_name = false;
	c.parent_id = x.b;
	assert_int_equal(org_update(t->db, a, &sys, x.r, &c, NOW, &o, &err), XG_INVALID);
	/* Nor under a missing unit. */
	c.parent_id = 31337;
	assert_int_equal(org_update(t->db, a, &sys, x.a, &c, NOW, &o, &err), XG_NOTFOUND);
	assert_int_equal(audits(t, "org.move"), 0);
	arena_free(a);
}

static void
test_sibling_ids_not_prefixes(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_parent = true};
	struct xg_error err = {0};
	struct db_org o, ua;
	char code[16], prefix[24], idtext[24];
	int64_t look = 0;

	/* Add siblings until one's id begins with A's digits (A = 2 gives 20): "/R/20/" vs "/R/2/".
	 */
	snprintf(prefix, sizeof(prefix), "%lld", (long long)x.a);
	for (int i = 0; i < 200 && look == 0; i++) {
		int64_t id;
		snprintf(code, sizeof(code), "S%d", i);
		id = mk(t, &sys, x.r, code, "其他");
		snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
		if (strncmp(idtext, prefix, strlen(prefix)) == 0 && id != x.a)
			look = id;
	}
	assert_true(look != 0);
	ua = get(t, a, x.a);
	/* A staff account at A cannot see the look-alike sibling ... */
	{
		struct actor st = staff_at(&ua);
		struct org_change rn = {.set_name = true, .name = "越权"};
		assert_int_equal(db_org_get(t->db, a, ua.path, look, &o), DB_NOTFOUND);
		assert_int_equal(org_update(t->db, a, &st, look, &rn, NOW, &o, &err), XG_NOTFOUND);
	}
	/* ... and moving A under it is no cycle. */
	c.parent_id = look;
	assert_int_equal(org_update(t->db, a, &sys, x.a, &c, NOW, &o, &err), XG_OK);
	assert_int_equal(get(t, a, x.a11).depth, 4);
	arena_free(a);
}

static void
test_close_rules(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_closed = true, .closed = true};
	struct org_change child = {.set_parent = true,
				   .set_code = true,
				   .set_name = true,
				   .set_kind = true,
				   .code = "LATE",
				   .name = "迟到",
				   .kind = "其他"};
	struct xg_error err = {0};
	struct db_org o;

	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW, &o, &err), XG_CONFLICT);
	assert_string_equal(err.code, "has_children");
	assert_false(get(t, a, x.a1).closed);
	assert_int_equal(org_update(t->db, a, &sys, x.a11, &c, NOW, &o, &err), XG_OK);
	assert_true(o.closed);
	/* Closed children do not block closing the parent. */
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW, &o, &err), XG_OK);
	assert_int_equal(audits(t, "org.close"), 2);
	/* Nothing new under a closed unit. */
	child.parent_id = x.a1;
	assert_int_equal(org_create(t->db, a, &sys, &child, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "parent_closed");
	/* Nor moved under one. */
	{
		struct org_change mv = {.set_parent = true, .parent_id = x.a1};
		assert_int_equal(org_update(t->db, a, &sys, x.b, &mv, NOW, &o, &err), XG_INVALID);
	}
	/* Reopening is its own audited action. */
	c.closed = false;
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &c, NOW, &o, &err), XG_OK);
	assert_int_equal(audits(t, "org.reopen"), 1);
	/* Closed units are kept, never deleted. */
	assert_int_equal(units(t), 5);
	arena_free(a);
}

/*
 * No open unit may sit under a closed one: closing needs closed children, and the
 * same must hold the other way round when a child is reopened (regression test).
 */
static void
test_reopen_under_closed_parent(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change cl = {.set_closed = true, .closed = true};
	struct org_change op = {.set_closed = true, .closed = false};
	struct xg_error err = {0};
	struct db_org o;
	enum xg_rc rc;

	assert_int_equal(org_update(t->db, a, &sys, x.a11, &cl, NOW, &o, &err), XG_OK);
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &cl, NOW, &o, &err), XG_OK);
	rc = org_update(t->db, a, &sys, x.a11, &op, NOW, &o, &err);
	assert_int_equal(rc, XG_CONFLICT);
	assert_string_equal(err.code, "parent_closed");
	assert_true(get(t, a, x.a11).closed);
	/* Reopened and moved under an open unit in one change: fine. */
	op.set_parent = true;
	op.parent_id = x.b;
	assert_int_equal(org_update(t->db, a, &sys, x.a11, &op, NOW, &o, &err), XG_OK);
	assert_false(o.closed);
	assert_int_equal(o.parent_id, x.b);
	/* Parent first, then child: fine. */
	op = (struct org_change){.set_closed = true, .closed = false};
	assert_int_equal(org_update(t->db, a, &sys, x.a1, &op, NOW, &o, &err), XG_OK);
	assert_int_equal(audits(t, "org.reopen"), 2);
	arena_free(a);
}

static void
test_own_unit(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct tree x = build(t);
	struct db_org ua = get(t, a, x.a);
	struct actor st = staff_at(&ua);
	struct org_change mv = {.set_parent = true, .parent_id = x.b};
	struct org_change cl = {.set_closed = true, .closed = true};
	struct org_change rn = {.set_name = true, .name = "新名称"};
	struct xg_error err = {0};
	struct db_org o;

	assert_int_equal(org_update(t->db, a, &st, x.a, &mv, NOW, &o, &err), XG_FORBIDDEN);
	assert_string_equal(err.code, "own_unit");
	assert_int_equal(org_update(t->db, a, &st, x.a, &cl, NOW, &o, &err), XG_FORBIDDEN);
	assert_int_equal(org_update(t->db, a, &st, x.a, &rn, NOW, &o, &err), XG_OK);
	assert_string_equal(o.name, "新名称");
	/* Outside the subtree: not found, for reads and writes alike. */
	assert_int_equal(org_update(t->db, a, &st, x.b, &rn, NOW, &o, &err), XG_NOTFOUND);
	assert_int_equal(org_update(t->db, a, &st, x.r, &rn, NOW, &o, &err), XG_NOTFOUND);
	/* Moving a unit of the subtree out of it. */
	mv.parent_id = x.b;
	assert_int_equal(org_update(t->db, a, &st, x.a1, &mv, NOW, &o, &err), XG_NOTFOUND);
	assert_int_equal(get(t, a, x.a1).parent_id, x.a);
	/* Within the subtree it may move units about. */
	mv.parent_id = x.a;
	assert_int_equal(org_update(t->db, a, &st, x.a11, &mv, NOW, &o, &err), XG_OK);
	assert_int_equal(get(t, a, x.a11).depth, 2);
	/* The audit entry carries the actor and the client address. */
	{
		struct db_audit_filter f = {.action = "org.move", .to = INT64_MAX, .limit = 5};
		struct db_audit *rows;
		size_t n;
		int64_t total;
		assert_int_equal(db_audit_list(t->db, a, &f, &rows, &n, &total), DB_OK);
		assert_int_equal(n, 1);
		assert_string_equal(rows[0].actor_name, "staff1");
		assert_int_equal(rows[0].actor_id, 99);
		assert_string_equal(rows[0].client, "10.0.0.9");
		assert_non_null(rows[0].before);
		assert_non_null(rows[0].after);
	}
	arena_free(a);
}

static void
test_audit_is_append_only(void **state)
{
	struct testdb *t = *state;
	int64_t n;

	build(t);
	n = testdb_count(t, "SELECT count(*) FROM audit");
	assert_int_equal(n, 5);
	assert_int_not_equal(testdb_exec(t, NULL, "UPDATE audit SET summary = 'forged'"), 0);
	assert_int_not_equal(testdb_exec(t, NULL, "DELETE FROM audit"), 0);
	assert_int_not_equal(testdb_exec(t, NULL, "DELETE FROM audit WHERE id = 1"), 0);
	if (t->be->pg)
		assert_int_not_equal(testdb_exec(t, NULL, "TRUNCATE audit"), 0);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit"), n);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit WHERE summary = 'forged'"), 0);
}

/* CSV import */

static enum xg_rc
import(struct testdb *t, const struct actor *who, const char *csv, struct buf *report,
       size_t *count, struct xg_error *err)
{
	struct arena *a = arena_new();
	enum xg_rc rc;

	buf_reset(report);
	rc = org_import_csv(t->db, a, who, csv, strlen(csv), NOW, report, count, err);
	arena_free(a);
	return rc;
}

static void
test_import_any_order(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct buf report;
	struct xg_error err = {0};
	struct db_org o, p;
	size_t count = 0;
	/* Children before parents, a parent from the database (B), quoting and CRLF. */
	const char *csv = "\xef\xbb\xbf"
			  "code,parent_code,name,kind,members\r\n"
			  "G2,G1,\"孙单位, 带逗号\",其他,3\r\n"
			  "G1,P1,子单位,其他,\r\n"
			  "P1,B,\"父单位 \"\"甲\"\"\",乡镇街道科协,120\r\n";

	buf_init(&report);
	assert_int_equal(import(t, &sys, csv, &report, &count, &err), XG_OK);
	assert_int_equal(report.len, 0);
	assert_int_equal(count, 3);
	assert_int_equal(db_org_by_code(t->db, a, NULL, "G2", &o), DB_OK);
	assert_string_equal(o.name, "孙单位, 带逗号");
	assert_int_equal(o.depth, 4);
	assert_int_equal(db_org_by_code(t->db, a, NULL, "P1", &p), DB_OK);
	assert_int_equal(p.parent_id, x.b);
	assert_string_equal(p.name, "父单位 \"甲\"");
	assert_int_equal(p.members, 120);
	assert_int_equal(audits(t, "org.import"), 1);
	assert_int_equal(audits(t, "org.create"), 5 + 3);
	buf_free(&report);
	arena_free(a);
}

static void
test_import_all_or_nothing(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf report;
	struct xg_error err = {0};
	size_t count = 99;
	int64_t before, audit_before;
	const char *csv = "code,parent_code,name,kind,members\n"
			  "OK1,R,好单位,其他,1\n"
			  "BAD2,R,坏人数,其他,many\n"
			  "BAD3,R,坏类型,不存在,1\n"
			  "bad code,R,坏编码,其他,1\n"
			  "OK5,OK1,\"多行\n名称\",其他,1\n"
			  "SHORT,R\n"
			  "\"OPEN,R,x,其他,1\n";

	build(t);
	before = units(t);
	audit_before = testdb_count(t, "SELECT count(*) FROM audit");
	buf_init(&report);
	assert_int_equal(import(t, &sys, csv, &report, &count, &err), XG_INVALID);
	assert_int_equal(count, 0);
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 4 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 5 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 6 行")); /* control character in the name */
	assert_non_null(
	    strstr(buf_cstr(&report), "第 8 行")); /* too few columns, line after the newline */
	assert_non_null(strstr(buf_cstr(&report), "第 9 行")); /* unclosed quote */
	assert_null(strstr(buf_cstr(&report), "第 2 行"));
	assert_int_equal(units(t), before);
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM audit"), audit_before);
	buf_free(&report);
}

static void
test_import_cycles_and_missing_parents(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf report;
	struct xg_error err = {0};
	size_t count;
	const char *csv = "code,parent_code,name,kind,members\n"
			  "X,Y,甲,其他,1\n"
			  "Y,X,乙,其他,1\n"
			  "Z,NOPE,丙,其他,1\n"
			  "W,R,丁,其他,1\n";

	build(t);
	buf_init(&report);
	assert_int_equal(import(t, &sys, csv, &report, &count, &err), XG_INVALID);
	assert_non_null(strstr(buf_cstr(&report), "第 2 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	assert_non_null(strstr(buf_cstr(&report), "循环"));
	assert_non_null(strstr(buf_cstr(&report), "第 4 行"));
	assert_null(strstr(buf_cstr(&report), "第 5 行"));
	assert_int_equal(testdb_count(t, "SELECT count(*) FROM org WHERE code = 'W'"), 0);
	buf_free(&report);
}

static void
test_import_duplicates(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf report;
	struct xg_error err = {0};
	size_t count;
	int64_t before;
	enum xg_rc rc;

	build(t);
	before = units(t);
	buf_init(&report);
	/* The same code twice in the file. */
	assert_int_equal(import(t, &sys,
				"code,parent_code,name,kind,members\n"
				"D1,R,一,其他,1\n"
				"D1,R,二,其他,1\n",
				&report, &count, &err),
			 XG_INVALID);
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	/* A code already in the database, followed by more rows: a line-numbered report (on
	   PostgreSQL too, where a failed statement spoils the rest of the transaction). */
	rc = import(t, &sys,
		    "code,parent_code,name,kind,members\n"
		    "N1,R,新一,其他,1\n"
		    "A1,R,重复,其他,1\n"
		    "N2,R,新二,其他,1\n",
		    &report, &count, &err);
	assert_int_equal(rc, XG_INVALID);
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	assert_null(strstr(buf_cstr(&report), "第 2 行"));
	assert_null(strstr(buf_cstr(&report), "第 4 行"));
	assert_int_equal(units(t), before);
	buf_free(&report);
}

/* Many rows (past the first allocation of 64), in the worst order: every parent comes last. */
static void
test_import_many_rows(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf csv, report;
	struct xg_error err = {0};
	struct db_org o;
	size_t count = 0;
	int i;

	build(t);
	buf_init(&csv);
	buf_init(&report);
	buf_puts(&csv, "code,parent_code,name,kind,members\n");
	/*
	 * Five chains of 30 under R, each written bottom up (K0's parent is K1,
	 * ..., K29's parent is R), so every pass places one row of each: 150
	 * rows, 30 passes, and the deepest row at depth 30 (within the limit).
	 */
	for (i = 0; i < 150; i++) {
		int chain = i / 30, k = i % 30;
		if (i == 75)
			buf_puts(&csv, "\n"); /* a blank line is skipped */
		if (k < 29)
			buf_printf(&csv, "M%d-%d,M%d-%d,链%d,其他,%d\n", chain, k, chain, k + 1, i,
				   i);
		else
			buf_printf(&csv, "M%d-%d,R,链%d,其他,%d\n", chain, k, i, i);
	}
	assert_int_equal(csv.err, 0);
	assert_int_equal(
	    org_import_csv(t->db, a, &sys, csv.data, csv.len, NOW, &report, &count, &err), XG_OK);
	assert_int_equal(count, 150);
	assert_int_equal(db_org_by_code(t->db, a, NULL, "M0-0", &o), DB_OK);
	assert_int_equal(o.depth, 30);
	assert_int_equal(o.members, 0);
	assert_int_equal(db_org_by_code(t->db, a, NULL, "M4-0", &o), DB_OK);
	assert_int_equal(o.depth, 30);
	assert_int_equal(o.members, 120);
	assert_int_equal(units(t), 155);
	buf_free(&csv);
	buf_free(&report);
	arena_free(a);
}

/* A row whose parent row is itself bad says so, instead of calling the parent missing. */
static void
test_import_parent_row_bad(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf report;
	struct xg_error err = {0};
	size_t count;

	build(t);
	buf_init(&report);
	assert_int_equal(import(t, &sys,
				"code,parent_code,name,kind,members\n"
				"KID,DAD,子,其他,1\n"
				"DAD,R,父,没有这种类型,1\n",
				&report, &count, &err),
			 XG_INVALID);
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 2 行"));
	assert_null(strstr(buf_cstr(&report), "循环"));
	buf_free(&report);
}

static void
test_import_refusals(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct db_org ua = get(t, a, x.a);
	struct actor st = staff_at(&ua);
	struct buf report;
	struct xg_error err = {0};
	size_t count;

	buf_init(&report);
	assert_int_equal(import(t, &sys, "", &report, &count, &err), XG_INVALID);
	assert_int_equal(import(t, &sys, "code,name\nA,B\n", &report, &count, &err), XG_INVALID);
	assert_string_equal(err.code, "bad_header");
	assert_int_equal(
	    import(t, &sys, "code,parent_code,name,kind,members\n", &report, &count, &err),
	    XG_INVALID);
	assert_string_equal(err.code, "empty");
	/* GBK text (a spreadsheet saved in the wrong encoding). */
	assert_int_equal(import(t, &sys,
				"code,parent_code,name,kind,members\nQ,R,\xbf\xc6\xd0\xad,其他,1\n",
				&report, &count, &err),
			 XG_INVALID);
	assert_string_equal(err.code, "invalid_utf8");
	/* A scoped actor imports under its subtree only: R and B are out of reach. */
	assert_int_equal(import(t, &st,
				"code,parent_code,name,kind,members\n"
				"S1,A,内,其他,1\n"
				"S2,B,外,其他,1\n"
				"S3,,顶层,其他,1\n",
				&report, &count, &err),
			 XG_INVALID);
	assert_null(strstr(buf_cstr(&report), "第 2 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 3 行"));
	assert_non_null(strstr(buf_cstr(&report), "第 4 行"));
	assert_int_equal(import(t, &st, "code,parent_code,name,kind,members\nS1,A,内,其他,1\n",
				&report, &count, &err),
			 XG_OK);
	assert_int_equal(count, 1);
	buf_free(&report);
	arena_free(a);
}

/* Four processes add units under one parent at once: ids and paths never collide. */
static void
test_concurrent_creates(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct db_org *kids_out;
	size_t n;
	pid_t kids[4];
	int i, status;

	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			struct db *db = NULL;
			char err[256], code[32];
			int k, bad = 0;
			if (db_open(t->url, &db, err, sizeof(err)) != DB_OK)
				_exit(2);
			for (k = 0; k < 10; k++) {
				struct arena *ka = arena_new();
				struct org_change c = {.set_parent = true,
						       .set_code = true,
						       .set_name = true,
						       .set_kind = true,
						       .parent_id = x.b,
						       .code = code,
						       .name = "并发",
						       .kind = "其他"};
				struct xg_error e;
				struct db_org o;
				enum xg_rc rc;
				snprintf(code, sizeof(code), "P%d-%d", i, k);
				do
					rc = org_create(db, ka, &sys, &c, NOW, &o, &e);
				while (rc == XG_BUSY);
				bad += rc != XG_OK;
				arena_free(ka);
			}
			db_close(db);
			_exit(bad ? 1 : 0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(db_org_children(t->db, a, NULL, x.b, 100, 0, &kids_out, &n), DB_OK);
	assert_int_equal(n, 40);
	assert_int_equal(testdb_count(t, "SELECT count(DISTINCT path) FROM org"), 45);
	assert_int_equal(audits(t, "org.create"), 45);
	arena_free(a);
}

/* Storage faults: the change fails cleanly and leaves nothing behind. */

static void
test_fault_audit_table_missing(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .parent_id = x.b,
			       .code = "F1",
			       .name = "故障",
			       .kind = "其他"};
	struct org_change rn = {.set_name = true, .name = "改名失败"};
	struct xg_error err = {0};
	struct buf report;
	struct db_org o;
	size_t count;
	int64_t before = units(t);

	/* Behind the storage layer's back, the audit table goes away: every change must fail. */
	assert_int_equal(testdb_exec(t, NULL, "ALTER TABLE audit RENAME TO audit_hidden"), 0);
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INTERNAL);
	assert_null(strstr(err.message, "audit")); /* no storage details for the person */
	assert_int_equal(org_update(t->db, a, &sys, x.a, &rn, NOW, &o, &err), XG_INTERNAL);
	buf_init(&report);
	assert_int_not_equal(import(t, &sys, "code,parent_code,name,kind,members\nF2,R,x,其他,1\n",
				    &report, &count, &err),
			     XG_OK);
	buf_free(&report);
	assert_int_equal(testdb_exec(t, NULL, "ALTER TABLE audit_hidden RENAME TO audit"), 0);
	/* No unit without its audit entry. */
	assert_int_equal(units(t), before);
	assert_string_equal(get(t, a, x.a).name, "A");
	/* The connection is usable again afterwards. */
	c.code = "F3";
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_OK);
	assert_int_equal(units(t), before + 1);
	arena_free(a);
}

static void
test_sqlite_fault_database_locked(void **state)
{
	struct testdb *t = *state;
	struct arena *a;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .code = "L1",
			       .name = "锁",
			       .kind = "其他"};
	struct xg_error err = {0};
	struct db_org o;
	sqlite3 *h = NULL;
	int64_t before;

	if (t->be->pg)
		skip(); /* PostgreSQL waits for row locks; the SQLite writer lock is what we test */
	a = arena_new();
	c.parent_id = build(t).b;
	before = units(t);
	/* Another process holds the write lock longer than the busy timeout. */
	assert_int_equal(sqlite3_open(t->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_BUSY);
	assert_int_equal(err.rc, XG_BUSY);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(units(t), before);
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_OK);
	arena_free(a);
}

/* Units whose stored path disagrees with their parent's (0 in a consistent tree). */
static int64_t
broken_paths(struct testdb *t)
{
	return testdb_count(t, "SELECT count(*) FROM org c JOIN org p ON p.id = c.parent_id"
			       " WHERE c.path <> p.path || CAST(c.id AS TEXT) || '/'"
			       " OR c.depth <> p.depth + 1");
}

/*
 * Two server processes move A under B and B under A at the same moment. Each move on its
 * own is fine; both together would make a cycle. Exactly one may succeed, and the tree must
 * stay consistent. A test-only trigger slows every UPDATE of org down so the two
 * transactions overlap for certain.
 */
/*
 * Wait, without a clock, until n sessions of this database sleep in the test trigger's pg_sleep:
 * the staged step has been reached. Polls every 10 ms; gives up (failing) after 60 s.
 */
static void
wait_for_sleepers(struct testdb *t, int64_t n)
{
	int i;

	for (i = 0; i < 6000; i++) {
		if (testdb_count(t, "SELECT count(*) FROM pg_stat_activity WHERE datname ="
				    " current_database() AND wait_event = 'PgSleep'") >= n)
			return;
		usleep(10000);
	}
	fail_msg("no session reached the test trigger's pg_sleep");
}

/* Wait until the xg_slow session has entered its n-th slowed statement and sleeps there. */
static void
wait_for_slow_update(struct testdb *t, int64_t n)
{
	int i;

	for (i = 0; i < 6000; i++) {
		if (testdb_count(t, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
				    " FROM xg_slow_n") >= n &&
		    testdb_count(t, "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
				    " 'xg_slow' AND wait_event = 'PgSleep'") >= 1)
			return;
		usleep(10000);
	}
	fail_msg("the slowed session did not reach its statement number %lld", (long long)n);
}

/*
 * Two server processes move unit m1 under p1 and m2 under p2 at the same moment. Each move
 * on its own is fine; both together would make a cycle. Exactly one succeeds, and the
 * tree must stay consistent. A test-only trigger slows every UPDATE of org down so the two
 * transactions overlap for certain. Returns how many moves succeeded.
 */
static int
crossed_moves(struct testdb *t, int64_t m1, int64_t p1, int64_t m2, int64_t p2)
{
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change mv = {.set_parent = true};
	struct xg_error err = {0};
	struct db_org o;
	enum xg_rc mine;
	int status;
	pid_t kid;

	assert_int_equal(
	    testdb_exec(t, NULL,
			"CREATE OR REPLACE FUNCTION xg_slow() RETURNS trigger LANGUAGE plpgsql"
			" AS $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$"),
	    0);
	assert_int_equal(testdb_exec(t, NULL,
				     "CREATE TRIGGER xg_slow BEFORE UPDATE ON org"
				     " FOR EACH STATEMENT EXECUTE FUNCTION xg_slow()"),
			 0);
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		struct db *db = NULL;
		struct arena *ka = arena_new();
		char msg[256];
		enum xg_rc rc = XG_INTERNAL;
		if (db_open(t->url, &db, msg, sizeof(msg)) == DB_OK) {
			mv.parent_id = p1;
			rc = org_update(db, ka, &sys, m1, &mv, NOW, &o, &err);
		}
		db_close(db);
		arena_free(ka);
		_exit(rc == XG_OK ? 0 : 1);
	}
	wait_for_sleepers(t, 1); /* the child is inside its first UPDATE now */
	mv.parent_id = p2;
	mine = org_update(t->db, a, &sys, m2, &mv, NOW, &o, &err);
	assert_int_equal(waitpid(kid, &status, 0), kid);
	assert_true(WIFEXITED(status));
	testdb_exec(t, NULL, "DROP TRIGGER xg_slow ON org");
	arena_free(a);
	return (WEXITSTATUS(status) == 0) + (mine == XG_OK);
}

/* A under B while B goes under A: PostgreSQL finds the deadlock, one answers XG_BUSY. */
static void
test_pg_crossed_moves(void **state)
{
	struct testdb *t = *state;
	struct tree x = build(t);

	/* Exactly one wins: the other meets the cycle (or the deadlock) and is refused. */
	assert_int_equal(crossed_moves(t, x.a, x.b, x.b, x.a), 1);
	assert_int_equal(broken_paths(t), 0);
}

/*
 * The same one level down: A under B's child while B goes under A's child. The cycle check
 * reads without locks; what saves the tree is that rewriting paths (a unique key) takes row
 * locks that the other move's foreign-key checks need, so the two deadlock.
 */
static void
test_pg_crossed_moves_deep(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	int64_t b1 = mk(t, &sys, x.b, "B1", "其他");
	int won = crossed_moves(t, x.a, b1, x.b, x.a1);

	assert_int_equal(won, 1);
	assert_int_equal(broken_paths(t), 0);
}

/*
 * The plain race, without any deadlock to save the day: B's move checks for a cycle, then
 * (before it moves anything) A's move runs and commits in full; then B's move writes.
 * A trigger holds up only the connection named xg_slow, at each UPDATE of org.
 */
static void
test_pg_move_race(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	int64_t b1 = mk(t, &sys, x.b, "B1", "其他");
	struct org_change mv = {.set_parent = true};
	struct xg_error err = {0};
	struct db_org o;
	struct arena *a = arena_new();
	struct db *fast = NULL;
	char url[600], msg[256];
	enum xg_rc slow_rc, fast_rc;
	int status, won;
	int64_t broken;
	pid_t kid;

	assert_int_equal(testdb_exec(t, NULL, "CREATE SEQUENCE xg_slow_n"), 0);
	assert_int_equal(testdb_exec(t, NULL,
				     "CREATE FUNCTION xg_slow() RETURNS trigger LANGUAGE plpgsql AS"
				     " $$ BEGIN IF current_setting('application_name') = 'xg_slow'"
				     " THEN PERFORM nextval('xg_slow_n'); PERFORM pg_sleep(1); END IF;"
				     " RETURN NULL; END $$"),
			 0);
	assert_int_equal(testdb_exec(t, NULL,
				     "CREATE TRIGGER xg_slow BEFORE UPDATE ON org"
				     " FOR EACH STATEMENT EXECUTE FUNCTION xg_slow()"),
			 0);
	snprintf(url, sizeof(url), "%s%capplication_name=xg_slow", t->url,
		 strchr(t->url, '?') != NULL ? '&' : '?');
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		struct db *db = NULL;
		struct arena *ka = arena_new();
		enum xg_rc rc = XG_INTERNAL;
		if (db_open(url, &db, msg, sizeof(msg)) == DB_OK) {
			mv.parent_id = x.a1;
			rc = org_update(db, ka, &sys, x.b, &mv, NOW, &o, &err); /* B under A1 */
		}
		db_close(db);
		arena_free(ka);
		_exit(rc == XG_OK ? 0 : 1);
	}
	/* The slow move sleeps 1 s in its first UPDATE (the unit's own fields), then reads the
	   new parent, checks for a cycle and sleeps again in the UPDATE of its parent: now. */
	wait_for_slow_update(t, 2);
	assert_int_equal(db_open(t->url, &fast, msg, sizeof(msg)), DB_OK);
	mv.parent_id = b1;
	fast_rc = org_update(fast, a, &sys, x.a, &mv, NOW, &o, &err); /* A under B1 */
	db_close(fast);
	assert_int_equal(waitpid(kid, &status, 0), kid);
	assert_true(WIFEXITED(status));
	slow_rc = WEXITSTATUS(status) == 0 ? XG_OK : XG_INTERNAL;
	testdb_exec(t, NULL, "DROP TRIGGER xg_slow ON org");
	arena_free(a);
	won = (slow_rc == XG_OK) + (fast_rc == XG_OK);
	broken = broken_paths(t);
	assert_int_equal(won, 1);
	assert_int_equal(broken, 0);
}

/*
 * A unit created under A1 while A (A1's parent) moves: the new unit's path is built from
 * A1's path as read before the move committed. The slow connection is the creator.
 */
static void
test_pg_create_during_move(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	struct org_change mv = {.set_parent = true, .parent_id = x.b};
	struct xg_error err = {0};
	struct db_org o;
	struct arena *a = arena_new();
	struct db *fast = NULL;
	char url[600], msg[256];
	enum xg_rc fast_rc;
	int status;
	int64_t broken;
	pid_t kid;

	assert_int_equal(testdb_exec(t, NULL, "CREATE SEQUENCE xg_slow_n"), 0);
	assert_int_equal(testdb_exec(t, NULL,
				     "CREATE FUNCTION xg_slow() RETURNS trigger LANGUAGE plpgsql AS"
				     " $$ BEGIN IF current_setting('application_name') = 'xg_slow'"
				     " THEN PERFORM nextval('xg_slow_n'); PERFORM pg_sleep(1); END IF;"
				     " RETURN NULL; END $$"),
			 0);
	assert_int_equal(testdb_exec(t, NULL,
				     "CREATE TRIGGER xg_slow BEFORE INSERT ON org"
				     " FOR EACH STATEMENT EXECUTE FUNCTION xg_slow()"),
			 0);
	snprintf(url, sizeof(url), "%s%capplication_name=xg_slow", t->url,
		 strchr(t->url, '?') != NULL ? '&' : '?');
	kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		struct db *db = NULL;
		struct arena *ka = arena_new();
		struct org_change c = {.set_parent = true,
				       .parent_id = x.a1,
				       .set_code = true,
				       .set_name = true,
				       .set_kind = true,
				       .code = "NEWKID",
				       .name = "新下级",
				       .kind = "其他"};
		enum xg_rc rc = XG_INTERNAL;
		if (db_open(url, &db, msg, sizeof(msg)) == DB_OK)
			rc = org_create(db, ka, &sys, &c, NOW, &o, &err);
		db_close(db);
		arena_free(ka);
		_exit(rc == XG_OK ? 0 : 1);
	}
	wait_for_slow_update(t, 1); /* the creator has read A1's path and waits in its INSERT */
	assert_int_equal(db_open(t->url, &fast, msg, sizeof(msg)), DB_OK);
	fast_rc = org_update(fast, a, &sys, x.a, &mv, NOW, &o, &err);
	db_close(fast);
	assert_int_equal(fast_rc, XG_OK); /* it waited for the creator's tree lock */
	assert_int_equal(waitpid(kid, &status, 0), kid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	testdb_exec(t, NULL, "DROP TRIGGER xg_slow ON org");
	arena_free(a);
	broken = broken_paths(t);
	assert_int_equal(broken, 0);
}

/* Hold an exclusive lock on org from another connection while one org_create runs on db. */
static enum xg_rc
create_while_locked(struct testdb *t, struct db *db, const struct org_change *c)
{
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct xg_error err = {0};
	struct db_org o;
	PGconn *holder = PQconnectdb(t->url);
	PGresult *r = PQexec(holder, "BEGIN; LOCK TABLE org IN ACCESS EXCLUSIVE MODE");
	enum xg_rc rc = XG_OK;

	if (PQresultStatus(r) == PGRES_COMMAND_OK)
		rc = org_create(db, a, &sys, c, NOW, &o, &err);
	else
		rc = (enum xg_rc) - 1;
	PQclear(r);
	PQclear(PQexec(holder, "ROLLBACK"));
	PQfinish(holder);
	arena_free(a);
	return rc;
}

/* PostgreSQL: a lock held past the lock timeout answers XG_BUSY ("try again"), writing nothing. */
static void
test_pg_fault_lock_timeout(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .code = "L1",
			       .name = "锁",
			       .kind = "其他"};
	struct xg_error err = {0};
	struct db *warm = NULL, *fresh = NULL;
	struct db_org o;
	char sql[160], msg[256];
	enum xg_rc on_warm, on_fresh, after;
	int64_t before;

	c.parent_id = build(t).b;
	/* New connections to this database give up on a lock after 200 ms. */
	snprintf(sql, sizeof(sql), "ALTER DATABASE %s SET lock_timeout = '200ms'", t->pgname);
	assert_int_equal(testdb_admin_exec(t->be, sql), 0);
	assert_int_equal(db_open(t->url, &warm, msg, sizeof(msg)), DB_OK);
	assert_int_equal(db_open(t->url, &fresh, msg, sizeof(msg)), DB_OK);
	/* warm has every statement of org_create prepared already; fresh has none. */
	c.code = "WARM";
	assert_int_equal(org_create(warm, a, &sys, &c, NOW, &o, &err), XG_OK);
	before = units(t);
	c.code = "L1";
	on_warm = create_while_locked(t, warm, &c);
	on_fresh = create_while_locked(t, fresh, &c);
	after = org_create(fresh, a, &sys, &c, NOW, &o, &err);
	db_close(warm);
	db_close(fresh);
	arena_free(a);

	assert_int_equal(on_warm, XG_BUSY);
	assert_int_equal(after, XG_OK); /* the connection goes on once the lock is gone */
	assert_int_equal(units(t), before + 1);
	assert_int_equal(on_fresh, XG_BUSY);
}

/* Names have no spaces at either end, ASCII or the full-width 　 (U+3000) alike. */
static void
test_name_spaces(void **state)
{
	struct xg_error err;
	(void)state;

	assert_int_equal(org_check_name("科协", &err), XG_OK);
	assert_int_equal(org_check_name("中 关 村", &err), XG_OK); /* inside is fine */
	assert_int_equal(org_check_name(" 科协", &err), XG_INVALID);
	assert_int_equal(org_check_name("科协 ", &err), XG_INVALID);
	assert_int_equal(org_check_name("\xe3\x80\x80科协", &err), XG_INVALID);
	assert_int_equal(org_check_name("科协\xe3\x80\x80", &err), XG_INVALID);
	assert_string_equal(err.field, "name");
	/* What the old filter missed (issue 7, item 8): one rule for every name. */
	assert_int_equal(org_check_name("\xc2\xa0科协", &err), XG_INVALID);	/* no-break space */
	assert_int_equal(org_check_name("科\xd8\x9c协", &err), XG_INVALID);	/* U+061C */
	assert_int_equal(org_check_name("科\xc2\x85协", &err), XG_INVALID);	/* U+0085 */
	assert_int_equal(org_check_name("科\xe2\x80\xa8协", &err), XG_INVALID); /* U+2028 */
	assert_int_equal(org_check_name("科\xe2\x80\xa9协", &err), XG_INVALID); /* U+2029 */
	assert_int_equal(org_check_name("科\xe1\xa0\x8e协", &err), XG_INVALID); /* U+180E */
	assert_int_equal(org_check_name("科\xcd\x8f协", &err), XG_INVALID);	/* U+034F */
	assert_int_equal(org_check_name("科协\xf3\xa0\x80\x81", &err), XG_INVALID); /* tag */
	assert_int_equal(org_check_name("\xe3\x85\xa4", &err), XG_INVALID); /* U+3164 only */
	assert_int_equal(org_check_name("\xe2\xa0\x80", &err), XG_INVALID); /* U+2800 only */
	assert_string_equal(err.code, "invalid_text");
}

/* Deep trees: at most TREE_DEPTH_MAX levels, refused clearly by create, import and move. */

/* A chain of n units under parent, codes PREFIX1..PREFIXn; returns the last one's id. */
static int64_t
chain(struct testdb *t, int64_t parent, const char *prefix, int n, int64_t *ids)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	char code[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(code, sizeof(code), "%s%d", prefix, i + 1);
		parent = mk(t, &sys, parent, code, "其他");
		if (ids != NULL)
			ids[i] = parent;
	}
	return parent;
}

static void
test_depth_limit_create(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	/* R is level 1; 31 more levels make 32, the most a tree may have. */
	int64_t last = chain(t, x.r, "D", TREE_DEPTH_MAX - 1, NULL);
	struct db_org deepest = get(t, a, last), o;
	struct org_change c = {.set_parent = true,
			       .set_code = true,
			       .set_name = true,
			       .set_kind = true,
			       .parent_id = last,
			       .code = "TOO-DEEP",
			       .name = "过深的单位",
			       .kind = "其他"};
	struct xg_error err = {0};
	int64_t before = units(t);

	assert_int_equal(deepest.depth, TREE_DEPTH_MAX - 1);
	assert_int_equal(tree_levels(deepest.path), TREE_DEPTH_MAX);
	assert_int_equal(org_create(t->db, a, &sys, &c, NOW, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "too_deep");
	assert_string_equal(err.field, "parent_id");
	assert_non_null(strstr(err.message, "层级过深"));
	assert_non_null(strstr(err.message, "32"));
	assert_int_equal(units(t), before);
	/* A staff member at the deepest unit still reads it (its scope range is whole). */
	struct actor st = staff_at(&deepest);
	assert_int_equal(db_org_get(t->db, a, st.org_path, last, &o), DB_OK);
	arena_free(a);
}

static void
test_depth_limit_import(void **state)
{
	struct testdb *t = *state;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct buf csv, report;
	struct xg_error err = {0};
	size_t count = 9;
	int64_t before;
	int i;

	build(t);
	before = units(t);
	buf_init(&csv);
	buf_init(&report);
	buf_puts(&csv, "code,parent_code,name,kind,members\n");
	/* E1 under R (level 2) ... E40 (level 41): E32 on line 33 is the first too deep. */
	buf_puts(&csv, "E1,R,深1,其他,1\n");
	for (i = 2; i <= 40; i++)
		buf_printf(&csv, "E%d,E%d,深%d,其他,1\n", i, i - 1, i);
	assert_int_equal(csv.err, 0);
	assert_int_equal(import(t, &sys, buf_cstr(&csv), &report, &count, &err), XG_INVALID);
	assert_int_equal(count, 0);
	assert_non_null(strstr(buf_cstr(&report), "第 33 行：层级过深：组织机构最多32级"));
	assert_null(strstr(buf_cstr(&report), "第 32 行："));
	/* The rows below name the row that failed, not a cycle nor a missing parent. */
	assert_non_null(strstr(buf_cstr(&report), "第 34 行：上级单位所在的第 33 行有错误"));
	assert_null(strstr(buf_cstr(&report), "循环"));
	assert_null(strstr(buf_cstr(&report), "系统内部错误"));
	assert_int_equal(units(t), before); /* all or nothing */
	buf_free(&csv);
	buf_free(&report);
}

static void
test_depth_limit_move(void **state)
{
	struct testdb *t = *state;
	struct arena *a = arena_new();
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct tree x = build(t);
	int64_t c[20], d[15];
	struct org_change mv = {.set_parent = true};
	struct xg_error err = {0};
	struct db_org o, top, bottom;
	char path_before[TREE_PATH_CAP];

	chain(t, x.r, "C", 20, c); /* C20 at depth 20 */
	chain(t, x.r, "F", 15, d); /* F1..F15 at depths 1..15 */
	snprintf(path_before, sizeof(path_before), "%s", get(t, a, d[14]).path);

	/* Under C20, F15 would sit at depth 35 (level 36): refused, nothing moves. */
	mv.parent_id = c[19];
	assert_int_equal(org_update(t->db, a, &sys, d[0], &mv, NOW + 1, &o, &err), XG_INVALID);
	assert_string_equal(err.code, "too_deep");
	assert_non_null(strstr(err.message, "32"));
	assert_int_equal(get(t, a, d[0]).parent_id, x.r);
	assert_string_equal(get(t, a, d[14]).path, path_before);
	assert_int_equal(get(t, a, d[14]).depth, 15);
	/* Under C17 it would be level 33: still refused. */
	mv.parent_id = c[16];
	assert_int_equal(org_update(t->db, a, &sys, d[0], &mv, NOW + 2, &o, &err), XG_INVALID);

	/* Under C16 the deepest is exactly level 32: allowed, and every path is whole. */
	mv.parent_id = c[15];
	assert_int_equal(org_update(t->db, a, &sys, d[0], &mv, NOW + 3, &o, &err), XG_OK);
	top = get(t, a, d[0]);
	bottom = get(t, a, d[14]);
	assert_int_equal(top.depth, 17);
	assert_int_equal(bottom.depth, TREE_DEPTH_MAX - 1);
	assert_int_equal(tree_levels(bottom.path), TREE_DEPTH_MAX);
	assert_int_equal(tree_parent_id(bottom.path), d[13]);
	assert_true(tree_within(bottom.path, top.path));
	assert_int_equal(db_org_get(t->db, a, bottom.path, d[14], &o), DB_OK);

	/* And back: the later move rewrites depth and path of the whole branch. */
	mv.parent_id = x.r;
	assert_int_equal(org_update(t->db, a, &sys, d[0], &mv, NOW + 4, &o, &err), XG_OK);
	assert_string_equal(get(t, a, d[14]).path, path_before);
	assert_int_equal(get(t, a, d[14]).depth, 15);
	arena_free(a);
}

#define T(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)

int
main(void)
{
	const struct CMUnitTest pure[] = {cmocka_unit_test(test_name_spaces)};
	struct CMUnitTest tests[] = {
	    T(test_kind_create_audited),
	    T(test_create_under_parent),
	    T(test_scoped_create),
	    T(test_create_refusals),
	    T(test_names_stored_verbatim),
	    T(test_move_subtree),
	    T(test_move_into_own_subtree_refused),
	    T(test_sibling_ids_not_prefixes),
	    T(test_close_rules),
	    T(test_reopen_under_closed_parent),
	    T(test_own_unit),
	    T(test_audit_is_append_only),
	    T(test_import_any_order),
	    T(test_import_all_or_nothing),
	    T(test_import_cycles_and_missing_parents),
	    T(test_import_duplicates),
	    T(test_import_many_rows),
	    T(test_import_parent_row_bad),
	    T(test_import_refusals),
	    T(test_depth_limit_create),
	    T(test_depth_limit_import),
	    T(test_depth_limit_move),
	    T(test_concurrent_creates),
	    T(test_fault_audit_table_missing),
	    T(test_sqlite_fault_database_locked),
	    T(test_pg_fault_lock_timeout),
	    T(test_pg_crossed_moves),
	    T(test_pg_crossed_moves_deep),
	    T(test_pg_move_race),
	    T(test_pg_create_during_move),
	};
	int failed = cmocka_run_group_tests_name("org", pure, NULL, NULL);

	return failed + testdb_run("org", tests, sizeof(tests) / sizeof(tests[0]));
}
