/*
 * test_fault: allocation faults on the request path, SQLite's discipline. For N = 1, 2, 3, ...
 * the Nth allocation (arena blocks, buffer growth, and jansson's, routed through base/alloc)
 * fails — once, then from N on — until the operation runs through without a failure. Each
 * time the operation must end cleanly: an error status, the whole answer or none of it, nothing
 * written to the database; LeakSanitizer checks at exit that nothing leaked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/csv.h"
#include "domain/org.h"
#include "http/html.h"
#include "http/param.h"
#include "testdb.h"

#define NOW 1700000000
#define MAX_N 100000

/* jansson allocates through the same counter: main installs base/alloc's jansson allocator. */

/* One run of an operation under the hook; true when it succeeded (and checked its result). */
typedef bool (*fault_op)(void *ctx);

/*
 * Run op with the Nth allocation failing, N = 1, 2, ..., first one failure at a time, then
 * every allocation from N on, until a run sees no failure: that run must succeed. op checks
 * the rest (the result when it succeeds, the cleanliness of the failure when it does not).
 */
static void
fault_loop(const char *what, fault_op op, void *ctx)
{
	long runs[2] = {0, 0};
	int persist;

	for (persist = 0; persist <= 1; persist++) {
		long n;
		for (n = 1; n < MAX_N; n++) {
			bool ok;
			long hits;
			alloc_fail_arm(n, persist);
			ok = op(ctx);
			hits = alloc_fail_hits();
			alloc_fail_arm(0, false);
			if (hits == 0) {
				if (!ok)
					fail_msg("%s: fails with no allocation failing", what);
				break;
			}
		}
		assert_true(n > 1); /* the operation allocates at all: the loop saw failures */
		assert_true(n < MAX_N);
		runs[persist] = n;
	}
	printf("[   INFO   ] %s: %ld runs failing one allocation, %ld failing all from the Nth\n",
	       what, runs[0], runs[1]);
}

/* Declared fields */

static const struct field fields[] = {
    {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = 50},
    {.id = F_MEMBERS, .type = FT_INT, .min = 0, .max = 1000},
    {.id = F_CLOSED, .type = FT_BOOL},
    FIELDS_END,
};

/* A failure of ours is XG_INTERNAL: a valid request must not be answered 400. */
static bool
params_ok(enum xg_rc rc, const struct params *p, const struct xg_error *err)
{
	if (rc != XG_OK) {
		if (rc != XG_INTERNAL)
			fail_msg("rc %d code %s: %s", rc, err->code, err->message);
		assert_int_equal(err->rc, XG_INTERNAL);
		assert_string_equal(err->code, "internal");
		return false;
	}
	assert_string_equal(param_str(p, F_CODE), "QX01");
	assert_string_equal(param_str(p, F_NAME), "海淀区科协 \"甲\"");
	assert_int_equal(param_int(p, F_MEMBERS, -1), 12);
	assert_true(param_bool(p, F_CLOSED, false));
	return true;
}

/*
 * The request's arena already holds the router's allocations when the body is read. Filling
 * the first block up to `fill` bytes (base/arena.c's blocks are 16 KiB) moves the next block's
 * allocation onto each of the parser's allocations in turn.
 */
static const size_t fills[] = {0,	    16384 - 512, 16384 - 256, 16384 - 160,
			       16384 - 128, 16384 - 96,	 16384 - 80,  16384 - 64,
			       16384 - 48,  16384 - 32,	 16384 - 16};

static struct arena *
filled_arena(const size_t *fill)
{
	struct arena *a = arena_new();

	if (a != NULL && *fill > 0 && arena_alloc(a, *fill) == NULL) {
		arena_free(a);
		return NULL;
	}
	return a;
}

static bool
op_param_json(void *ctx)
{
	static const char body[] =
	    "{\"code\":\"QX01\",\"name\":\"海淀区科协 \\\"甲\\\"\",\"members\":12,\"closed\":true}";
	struct arena *a = filled_arena(ctx);
	struct params p;
	struct xg_error err = {0};
	bool ok;

	if (a == NULL)
		return false;
	ok = params_ok(param_from_json(a, fields, body, sizeof(body) - 1, &p, &err), &p, &err);
	arena_free(a);
	return ok;
}

static bool
op_param_form(void *ctx)
{
	static const char *const implicit[] = {"_csrf", NULL};
	static const char body[] = "code=QX01&name=%E6%B5%B7%E6%B7%80%E5%8C%BA%E7%A7%91%E5%8D%8F+"
				   "%22%E7%94%B2%22&members=12&closed=on&_csrf=abc";
	struct arena *a = filled_arena(ctx);
	struct raw_pair *pairs;
	struct params p;
	struct xg_error err = {0};
	size_t n;
	enum xg_rc rc;
	bool ok;

	if (a == NULL)
		return false;
	rc = param_parse_form(a, body, sizeof(body) - 1, &pairs, &n, &err);
	if (rc == XG_OK) {
		assert_int_equal(n, 5);
		rc = param_from_pairs(a, fields, pairs, n, implicit, &p, &err);
	}
	ok = params_ok(rc, &p, &err);
	arena_free(a);
	return ok;
}

static void
test_param_json(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fills) / sizeof(fills[0]); i++)
		fault_loop("param_from_json", op_param_json, (void *)&fills[i]);
}

static void
test_param_form(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fills) / sizeof(fills[0]); i++)
		fault_loop("param_parse_form + param_from_pairs", op_param_form, (void *)&fills[i]);
}

/* CSV: every record, or CSV_BAD saying memory ran out; never a short or wrong record. */

static bool
op_csv(void *ctx)
{
	static const char text[] = "\xef\xbb\xbf"
				   "code,parent_code,name,kind,members\r\n"
				   "G2,G1,\"孙单位, 带逗号\",其他,3\r\n"
				   "P1,B,\"父单位 \"\"甲\"\"\",乡镇街道科协,120\r\n";
	static const char *const want[][5] = {
	    {"code", "parent_code", "name", "kind", "members"},
	    {"G2", "G1", "孙单位, 带逗号", "其他", "3"},
	    {"P1", "B", "父单位 \"甲\"", "乡镇街道科协", "120"},
	};
	struct arena *a = arena_new();
	struct csv_reader r;
	char **f;
	size_t nf, line, row = 0, i;
	enum csv_rc rc;
	bool ok = true;

	(void)ctx;
	if (a == NULL)
		return false;
	csv_init(&r, text, sizeof(text) - 1);
	while ((rc = csv_next(&r, a, &f, &nf, &line)) != CSV_END) {
		if (rc == CSV_BAD) {
			assert_string_equal(csv_error(&r), "内存不足");
			ok = false;
		} else {
			assert_int_equal(nf, 5);
			for (i = 0; i < 5; i++)
				assert_string_equal(f[i], want[row][i]);
		}
		assert_int_equal(line, row + 1);
		row++;
	}
	assert_int_equal(row, 3);
	arena_free(a);
	return ok;
}

static void
test_csv(void **state)
{
	(void)state;
	fault_loop("csv_next", op_csv, NULL);
}

/* HTML escaping into a buffer: the whole escaped text, or the sticky error and nothing. */

struct html_case {
	const char *s;
	const char *want; /* written with the hook disarmed */
};

static void
html_write(struct buf *b, const char *s)
{
	html_raw(b, "<p title=\"");
	html_attr(b, s);
	html_raw(b, "\">");
	html_text(b, s);
	html_raw(b, "</p><a href=\"/org?q=");
	html_url_arg(b, s);
	html_raw(b, "\">");
}

static bool
op_html(void *ctx)
{
	const struct html_case *c = ctx;
	struct buf b;
	char *got;

	buf_init(&b);
	html_write(&b, c->s);
	if (b.err) {
		assert_string_equal(buf_cstr(&b), "");
		assert_null(buf_detach(&b, NULL));
		return false;
	}
	got = buf_detach(&b, NULL);
	assert_non_null(got); /* the buffer held data: detaching allocates nothing */
	assert_string_equal(got, c->want);
	free(got);
	return true;
}

static void
test_html(void **state)
{
	struct html_case c;
	struct buf s, want;

	(void)state;
	buf_init(&s);
	buf_init(&want);
	for (int i = 0; i < 64; i++)
		buf_puts(&s, "<script>alert('科协' & \"x\")</script>");
	html_write(&want, s.data);
	assert_false(s.err || want.err);
	assert_non_null(strstr(want.data, "&lt;script&gt;"));
	assert_non_null(strstr(want.data, "%3Cscript%3E"));
	c.s = s.data;
	c.want = want.data;
	fault_loop("html_attr + html_text + html_url_arg", op_html, &c);
	buf_free(&want);
	buf_free(&s);
}

/* JSON answers: the whole answer, or a 500 with the fixed internal error, never a torn one. */

static const char internal_json[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"系统内部错误\"}}";

static void
req_init(struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->path = "/api/v1/test";
	buf_init(&r->out);
}

/*
 * After a failure: 500 and the fixed error, or a failed answer buffer, which the server answers
 * with a plain 500 (send_answer in server/mhd.c).
 */
static void
assert_internal(struct req *r)
{
	if (r->out.err)
		return;
	if (r->status != 500)
		fail_msg("status %u: %.*s", r->status, (int)r->out.len, r->out.data);
	assert_int_equal(r->out.len, sizeof(internal_json) - 1);
	assert_memory_equal(r->out.data, internal_json, sizeof(internal_json) - 1);
}

static bool
op_api_json(void *ctx)
{
	static const char want[] = "{\"id\":7,\"name\":\"海淀区科协\",\"tags\":[\"a\",\"b\"]}";
	struct req r;
	json_t *j;
	bool ok;

	(void)ctx;
	req_init(&r);
	j = json_pack("{s:I,s:s,s:[s,s]}", "id", (json_int_t)7, "name", "海淀区科协", "tags", "a",
		      "b");
	api_json(&r, 200, j);
	ok = r.status == 200 && !r.out.err;
	if (ok) {
		assert_int_equal(r.out.len, sizeof(want) - 1);
		assert_memory_equal(r.out.data, want, sizeof(want) - 1);
	} else {
		assert_internal(&r);
	}
	buf_free(&r.out);
	return ok;
}

static bool
op_api_error(void *ctx)
{
	static const char want[] = "{\"error\":{\"code\":\"too_long\",\"message\":"
				   "\"字段 name 不能超过 50 个字符\",\"field\":\"name\"}}";
	struct req r;
	struct xg_error err;
	bool ok;

	(void)ctx;
	req_init(&r);
	xg_fail(&err, XG_INVALID, "too_long", "name", "字段 name 不能超过 %d 个字符", 50);
	api_error(&r, &err);
	ok = r.status == 400 && !r.out.err && r.out.len == sizeof(want) - 1;
	if (ok)
		assert_memory_equal(r.out.data, want, sizeof(want) - 1);
	else
		assert_internal(&r);
	buf_free(&r.out);
	return ok;
}

static void
test_api_json(void **state)
{
	(void)state;
	fault_loop("api_json", op_api_json, NULL);
}

static void
test_api_error(void **state)
{
	(void)state;
	fault_loop("api_error", op_api_error, NULL);
}

/* Import: all the units and their audit entry, or an error and nothing written at all. */

struct import_case {
	struct testdb *t;
	const char *csv;
	enum xg_rc want; /* XG_OK, or the refusal expected without faults */
	size_t units;	 /* units the file adds when it is accepted */
	int64_t orgs;	 /* rows in org before */
	int64_t audits;	 /* rows in audit before */
};

static bool
op_import(void *ctx)
{
	struct import_case *c = ctx;
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct arena *a = arena_new();
	struct buf report;
	struct xg_error err = {0};
	size_t count = 99;
	enum xg_rc rc;

	if (a == NULL)
		return false;
	buf_init(&report);
	rc = org_import_csv(c->t->db, a, &sys, c->csv, strlen(c->csv), NOW, &report, &count, &err);
	buf_free(&report);
	arena_free(a);
	if (rc == XG_OK) {
		/* An import that saw an allocation fail has lost something: it must not commit. */
		assert_int_equal(alloc_fail_hits(), 0);
		assert_int_equal(c->want, XG_OK);
		assert_int_equal(count, c->units);
		assert_int_equal(testdb_count(c->t, "SELECT count(*) FROM org"),
				 c->orgs + (int64_t)c->units);
		assert_int_equal(testdb_count(c->t, "SELECT count(*) FROM audit"),
				 c->audits + (int64_t)c->units + 1);
		/* The codes out of the way for the next run (the audit log is append-only). */
		assert_int_equal(testdb_exec(c->t, NULL,
					     "UPDATE org SET code = 'OLD' || id WHERE code IN "
					     "('G2','G1','P1')"),
				 0);
		c->orgs += (int64_t)c->units;
		c->audits += (int64_t)c->units + 1;
		return true;
	}
	assert_int_equal(count, 0);
	assert_int_equal(testdb_count(c->t, "SELECT count(*) FROM org"), c->orgs);
	assert_int_equal(testdb_count(c->t, "SELECT count(*) FROM audit"), c->audits);
	return rc == c->want && err.rc == rc;
}

static void
import_loop(struct testdb *t, const char *what, const char *csv, enum xg_rc want, size_t units)
{
	struct import_case c = {.t = t, .csv = csv, .want = want, .units = units};

	c.orgs = testdb_count(t, "SELECT count(*) FROM org");
	c.audits = testdb_count(t, "SELECT count(*) FROM audit");
	assert_true(c.orgs >= 0 && c.audits >= 0);
	fault_loop(what, op_import, &c);
}

/* A root unit B that the imported rows may hang under. */
static void
root_b(struct testdb *t)
{
	struct actor sys = ACTOR_SYSTEM("127.0.0.1");
	struct arena *a = arena_new();
	struct org_change ch = {.set_code = true,
				.set_name = true,
				.set_kind = true,
				.set_members = true,
				.code = "B",
				.name = "市科协",
				.kind = "其他",
				.members = 1};
	struct xg_error err = {0};
	struct db_org o;

	assert_non_null(a);
	assert_int_equal(org_create(t->db, a, &sys, &ch, NOW, &o, &err), XG_OK);
	arena_free(a);
}

static void
test_import(void **state)
{
	struct testdb *t = *state;

	root_b(t);
	import_loop(t, "org_import_csv",
		    "code,parent_code,name,kind,members\r\n"
		    "G2,G1,\"孙单位, 带逗号\",其他,3\r\n"
		    "G1,P1,子单位,其他,\r\n"
		    "P1,B,\"父单位 \"\"甲\"\"\",乡镇街道科协,120\r\n",
		    XG_OK, 3);
}

/* A file with a bad row is refused whole, also when memory for the report runs out. */
static void
test_import_bad_row(void **state)
{
	struct testdb *t = *state;

	root_b(t);
	import_loop(t, "org_import_csv (a bad row)",
		    "code,parent_code,name,kind,members\r\n"
		    "G1,B,子单位,其他,\r\n"
		    "P1,B,坏人数,其他,many\r\n",
		    XG_INVALID, 0);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_param_json), cmocka_unit_test(test_param_form),
	    cmocka_unit_test(test_csv),	       cmocka_unit_test(test_html),
	    cmocka_unit_test(test_api_json),   cmocka_unit_test(test_api_error),
	};
	struct CMUnitTest db[] = {
	    cmocka_unit_test_setup_teardown(test_import, testdb_setup, testdb_teardown),
	    cmocka_unit_test_setup_teardown(test_import_bad_row, testdb_setup, testdb_teardown),
	};
	int failed;

	json_set_alloc_funcs(alloc_json_malloc, free);
	failed = cmocka_run_group_tests_name("fault", pure, NULL, NULL);
	return failed + testdb_run("fault", db, sizeof(db) / sizeof(db[0]));
}
