/* test_arena: the region allocator — zeroed, aligned memory, big allocations, strings
 * (src/arena.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"

/*
 * Allocation fault injection: under AddressSanitizer, allocations above 64 MiB fail (return
 * NULL) instead of aborting, so the out-of-memory paths run for real.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1:max_allocation_size_mb=64";
}

static void
test_alignment(void **state)
{
	struct arena *a = arena_new();
	size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1};
	size_t i;
	(void)state;

	assert_non_null(a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xab, sizes[i]); /* ASan: the whole size is ours */
	}
	/* Zero bytes still gives a distinct, aligned pointer. */
	assert_non_null(arena_alloc(a, 0));
	arena_free(a);
}

static void
test_zeroed_and_distinct(void **state)
{
	struct arena *a = arena_new();
	unsigned char *p, *q;
	size_t i;
	(void)state;

	p = arena_alloc(a, 64);
	q = arena_alloc(a, 64);
	for (i = 0; i < 64; i++)
		assert_int_equal(p[i] | q[i], 0);
	memset(p, 1, 64);
	for (i = 0; i < 64; i++)
		assert_int_equal(q[i], 0); /* no overlap */
	assert_true(q >= p + 64 || p >= q + 64);
	arena_free(a);
}

static void
test_many_blocks(void **state)
{
	struct arena *a = arena_new();
	int64_t *v[4000];
	size_t i;
	(void)state;

	/* Far more than one block; every allocation keeps its value. */
	for (i = 0; i < 4000; i++) {
		v[i] = arena_alloc(a, 40);
		assert_non_null(v[i]);
		v[i][0] = (int64_t)i;
		v[i][4] = -(int64_t)i;
	}
	for (i = 0; i < 4000; i++) {
		assert_int_equal(v[i][0], (int64_t)i);
		assert_int_equal(v[i][4], -(int64_t)i);
	}
	arena_free(a);
}

static void
test_big_allocations(void **state)
{
	struct arena *a = arena_new();
	unsigned char *small1, *big, *small2, *huge;
	(void)state;

	small1 = arena_alloc(a, 10);
	big = arena_alloc(a, 100000); /* larger than a block */
	small2 = arena_alloc(a, 10);
	huge = arena_alloc(a, 8u << 20);
	assert_non_null(small1);
	assert_non_null(big);
	assert_non_null(small2);
	assert_non_null(huge);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_int_equal((uintptr_t)huge % 16, 0);
	assert_int_equal(big[0] | big[99999] | huge[(8u << 20) - 1], 0);
	memset(big, 7, 100000);
	memset(huge, 9, 8u << 20);
	memset(small1, 1, 10);
	memset(small2, 2, 10);
	assert_int_equal(big[50000], 7);
	assert_int_equal(small1[9], 1);
	/* The small allocation after a big one may share the head block with the first. */
	assert_true(small2 != small1);
	arena_free(a);
}

static void
test_absurd_size(void **state)
{
	struct arena *a = arena_new();
	(void)state;

	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_alloc(a, SIZE_MAX / 2 + 1));
	/* The arena is still usable afterwards. */
	assert_non_null(arena_alloc(a, 16));
	arena_free(a);
}

static void
test_strings(void **state)
{
	struct arena *a = arena_new();
	char *s;
	(void)state;

	s = arena_strndup(a, "市科协abc", 9);
	assert_string_equal(s, "市科协");
	assert_string_equal(arena_strdup(a, "x"), "x");
	assert_null(arena_strdup(a, NULL));
	s = arena_strndup(a, "", 0);
	assert_non_null(s);
	assert_string_equal(s, "");
	s = arena_printf(a, "%s/%lld/", "/1", (long long)50);
	assert_string_equal(s, "/1/50/");
	s = arena_printf(a, "%s", "");
	assert_string_equal(s, "");
	{
		char big[40000];
		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		s = arena_printf(a, "<%s>", big);
		assert_int_equal(strlen(s), sizeof(big) + 1);
	}
	arena_free(a);
}

static void
test_out_of_memory(void **state)
{
	struct arena *a = arena_new();
	char *s;
	(void)state;

#ifndef __SANITIZE_ADDRESS__
	arena_free(a);
	skip(); /* the failing allocator comes from ASan's options */
#endif
	assert_non_null(arena_alloc(a, 100));
	assert_null(arena_alloc(a, (size_t)80 << 20));
	assert_null(arena_strndup(a, "", (size_t)80 << 20));
	assert_null(arena_printf(a, "%*s", 80 << 20, "x"));
	/* The arena survives its failed allocations. */
	s = arena_strdup(a, "还能用");
	assert_string_equal(s, "还能用");
	arena_free(a);
}

static void
test_free_null(void **state)
{
	(void)state;
	arena_free(NULL);
	arena_free(arena_new()); /* an unused arena */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alignment),	  cmocka_unit_test(test_zeroed_and_distinct),
	    cmocka_unit_test(test_many_blocks),	  cmocka_unit_test(test_big_allocations),
	    cmocka_unit_test(test_absurd_size),	  cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_out_of_memory), cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
