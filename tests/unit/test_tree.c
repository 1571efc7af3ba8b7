/* test_tree: materialised-path arithmetic (src/base/tree.h) — ids, levels, parent, ranges,
 * "is within", a child's path, and the depth limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/tree.h"

static void
test_ids(void **state)
{
	int64_t ids[4];
	(void)state;

	assert_int_equal(tree_ids("/1/5/50/", ids, 4), 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 5);
	assert_int_equal(ids[2], 50);
	assert_int_equal(tree_ids("/1/5/50/", ids, 2), 2);
	assert_int_equal(tree_ids("", ids, 4), 0);
	assert_int_equal(tree_ids(NULL, ids, 4), 0);
	assert_int_equal(tree_ids("/1/x/", ids, 4), 1);
	assert_int_equal(tree_ids("/1/-2/", ids, 4), 1);
	assert_int_equal(tree_ids("/9223372036854775807/", ids, 4), 1);
	assert_int_equal(ids[0], INT64_MAX);
	assert_int_equal(tree_ids("/9223372036854775808/", ids, 4), 0);
}

static void
test_levels_id_parent(void **state)
{
	(void)state;

	assert_int_equal(tree_levels("/1/"), 1);
	assert_int_equal(tree_levels("/1/24/25/"), 3);
	assert_int_equal(tree_levels(NULL), 0);
	assert_int_equal(tree_levels(""), 0);
	assert_int_equal(tree_levels("/"), 0);
	assert_int_equal(tree_levels("/1/24"), 0); /* no closing slash: not a path */
	assert_int_equal(tree_levels("/1//2/"), 0);
	assert_int_equal(tree_levels("/1/0/"), 0); /* ids are positive */
	assert_int_equal(tree_id("/1/24/25/"), 25);
	assert_int_equal(tree_id("/7/"), 7);
	assert_int_equal(tree_id("/1/a/"), 0);
	assert_int_equal(tree_parent_id("/1/24/25/"), 24);
	assert_int_equal(tree_parent_id("/1/24/"), 1);
	assert_int_equal(tree_parent_id("/1/"), 0);
	assert_int_equal(tree_parent_id(NULL), 0);
}

static void
test_within(void **state)
{
	(void)state;

	assert_true(tree_within("/1/24/25/", "/1/24/"));
	assert_true(tree_within("/1/24/", "/1/24/")); /* itself */
	assert_true(tree_within("/1/24/", NULL));
	assert_true(tree_within("/1/24/", ""));
	assert_false(tree_within("/1/2/", "/1/24/"));
	assert_false(tree_within("/1/240/", "/1/24/")); /* segments are whole */
	assert_false(tree_within("/1/", "/1/24/"));
	assert_false(tree_within(NULL, "/1/"));
}

static void
test_range(void **state)
{
	struct tree_range r;
	char longest[TREE_PATH_CAP + 8];
	size_t i, n = 0;
	(void)state;

	assert_int_equal(tree_range("/1/24/", &r), TREE_OK);
	assert_string_equal(r.lo, "/1/24/");
	assert_string_equal(r.hi, "/1/240");
	/* "/1/240/" sorts after hi, "/1/24/9/" inside: bytewise, '/' < '0'. */
	assert_true(strcmp("/1/24/9/", r.lo) >= 0 && strcmp("/1/24/9/", r.hi) < 0);
	assert_false(strcmp("/1/240/", r.hi) < 0);
	assert_int_equal(tree_range(NULL, &r), TREE_OK);
	assert_string_equal(r.lo, "/");
	assert_string_equal(r.hi, "0");
	assert_int_equal(tree_range("", &r), TREE_OK);
	assert_string_equal(r.lo, "/");
	assert_int_equal(tree_range("/1/24", &r), TREE_BAD);

	/* The longest valid path (TREE_DEPTH_MAX ids of 19 digits) fits whole. */
	longest[n++] = '/';
	for (i = 0; i < TREE_DEPTH_MAX; i++)
		n += (size_t)snprintf(longest + n, sizeof(longest) - n, "%lld/",
				      (long long)INT64_MAX);
	assert_int_equal(n, TREE_PATH_MAX);
	assert_int_equal(tree_range(longest, &r), TREE_OK);
	assert_int_equal(strlen(r.lo), TREE_PATH_MAX);
	assert_int_equal(strlen(r.hi), TREE_PATH_MAX);
	assert_int_equal(r.hi[TREE_PATH_MAX - 1], '0');
	assert_memory_equal(r.hi, longest, TREE_PATH_MAX - 1);

	/* Longer than any valid path: refused, never cut into a wider range. */
	memcpy(longest + n, "1/", 3);
	assert_int_equal(tree_range(longest, &r), TREE_TOO_LONG);
	assert_string_equal(r.lo, "");
	assert_string_equal(r.hi, "");
}

static void
test_child(void **state)
{
	char out[TREE_PATH_CAP], small[6];
	size_t i;
	(void)state;

	assert_int_equal(tree_child(NULL, 1, out, sizeof(out)), TREE_OK);
	assert_string_equal(out, "/1/");
	assert_int_equal(tree_child("/", 3, out, sizeof(out)), TREE_OK);
	assert_string_equal(out, "/3/");
	assert_int_equal(tree_child("/1/24/", 25, out, sizeof(out)), TREE_OK);
	assert_string_equal(out, "/1/24/25/");
	assert_int_equal(tree_child("/1/24/", 0, out, sizeof(out)), TREE_BAD);
	assert_int_equal(tree_child("/1/x/", 2, out, sizeof(out)), TREE_BAD);
	assert_int_equal(tree_child("/1/24/", 25, small, sizeof(small)), TREE_TOO_LONG);
	assert_string_equal(small, "");

	/* Level TREE_DEPTH_MAX may be made; one more may not. */
	strcpy(out, "/");
	for (i = 1; i < TREE_DEPTH_MAX; i++) {
		char next[TREE_PATH_CAP];
		assert_int_equal(tree_child(out, (int64_t)i + 1, next, sizeof(next)), TREE_OK);
		strcpy(out, next);
	}
	assert_int_equal(tree_levels(out), TREE_DEPTH_MAX - 1);
	{
		char last[TREE_PATH_CAP], beyond[TREE_PATH_CAP];
		assert_int_equal(tree_child(out, 999, last, sizeof(last)), TREE_OK);
		assert_int_equal(tree_levels(last), TREE_DEPTH_MAX);
		assert_int_equal(tree_child(last, 1000, beyond, sizeof(beyond)), TREE_TOO_DEEP);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids),	   cmocka_unit_test(test_levels_id_parent),
	    cmocka_unit_test(test_within), cmocka_unit_test(test_range),
	    cmocka_unit_test(test_child),
	};

	return cmocka_run_group_tests_name("tree", tests, NULL, NULL);
}
