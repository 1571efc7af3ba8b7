/* test_buf: the growable buffer — growth, sticky error, detach, printf (src/buf.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

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
test_empty(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;
	(void)state;

	buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* Detaching an empty buffer gives an empty string the caller frees, never NULL. */
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);
	buf_free(&b);
	buf_free(NULL); /* accepts NULL */
}

static void
test_append_and_grow(void **state)
{
	struct buf b;
	size_t i;
	(void)state;

	buf_init(&b);
	buf_puts(&b, "市科协");
	buf_putc(&b, '/');
	buf_append(&b, "abcdef", 3);
	buf_append(&b, NULL, 0); /* nothing to add is fine */
	assert_string_equal(buf_cstr(&b), "市科协/abc");
	assert_int_equal(b.len, strlen("市科协/abc"));
	/* Grow well past the first allocation, one byte at a time: contents stay whole and
	 * NUL-ended. */
	for (i = 0; i < 100000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, strlen("市科协/abc") + 100000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(b.data[strlen("市科协/abc") + 26], 'a');
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void
test_binary(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b);
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_free(&b);
}

static void
test_printf(void **state)
{
	struct buf b;
	char big[5000];
	(void)state;

	buf_init(&b);
	buf_printf(&b, "%d-%s-%lld", 42, "x", (long long)INT64_MIN);
	assert_string_equal(buf_cstr(&b), "42-x--9223372036854775808");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, strlen("42-x--9223372036854775808") + 2 + sizeof(big) - 1);
	assert_int_equal(b.data[b.len - 1], ']');
	buf_printf(&b, "%s", "");
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void
test_reset(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b);
	buf_puts(&b, "hello");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	assert_non_null(b.data); /* keeps its memory */
	buf_puts(&b, "again");
	assert_string_equal(buf_cstr(&b), "again");
	buf_free(&b);
}

static void
test_sticky_error(void **state)
{
	struct buf b;
	size_t len = 7;
	(void)state;

	buf_init(&b);
	buf_puts(&b, "kept");
	/* Past BUF_MAX: the append is refused and the error sticks. */
	buf_append(&b, "x", BUF_MAX);
	assert_int_not_equal(b.err, 0);
	buf_puts(&b, "ignored");
	buf_printf(&b, "%s", "ignored");
	buf_putc(&b, 'c');
	assert_int_not_equal(b.err, 0);
	assert_string_equal(buf_cstr(&b), ""); /* an errored buffer never shows half a result */
	assert_null(buf_detach(&b, &len));
	assert_int_equal(len, 7); /* untouched */
	/* Detach released it; the buffer is empty and usable again. */
	assert_int_equal(b.err, 0);
	assert_null(b.data);
	buf_puts(&b, "ok");
	assert_string_equal(buf_cstr(&b), "ok");
	buf_free(&b);
}

static void
test_reset_clears_error(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b);
	buf_append(&b, "x", SIZE_MAX);
	assert_int_not_equal(b.err, 0);
	buf_reset(&b);
	assert_int_equal(b.err, 0);
	buf_puts(&b, "fresh");
	assert_string_equal(buf_cstr(&b), "fresh");
	buf_free(&b);
}

static void
test_detach(void **state)
{
	struct buf b;
	size_t len = 0;
	char *p;
	(void)state;

	buf_init(&b);
	buf_printf(&b, "%s=%d", "n", 5);
	p = buf_detach(&b, &len);
	assert_string_equal(p, "n=5");
	assert_int_equal(len, 3);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
	/* len may be NULL */
	buf_puts(&b, "y");
	p = buf_detach(&b, NULL);
	assert_string_equal(p, "y");
	free(p);
	buf_free(&b);
}

static void
test_out_of_memory(void **state)
{
	struct buf b;
	char *chunk;
	size_t i;
	(void)state;

#ifndef __SANITIZE_ADDRESS__
	skip(); /* the failing allocator comes from ASan's options */
#endif
	chunk = calloc(1, 8u << 20);
	assert_non_null(chunk);
	buf_init(&b);
	buf_puts(&b, "head");
	/* Grow by 8 MiB until the allocator refuses: the error sticks, nothing crashes or leaks. */
	for (i = 0; i < 32 && b.err == 0; i++)
		buf_append(&b, chunk, 8u << 20);
	assert_int_not_equal(b.err, 0);
	assert_true(i < 32);
	buf_printf(&b, "%s", "more");
	assert_string_equal(buf_cstr(&b), "");
	assert_null(buf_detach(&b, NULL));
	/* A fresh start works. */
	buf_puts(&b, "ok");
	assert_string_equal(buf_cstr(&b), "ok");
	buf_free(&b);
	free(chunk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_append_and_grow),
	    cmocka_unit_test(test_binary),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_reset),
	    cmocka_unit_test(test_sticky_error),
	    cmocka_unit_test(test_reset_clears_error),
	    cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
