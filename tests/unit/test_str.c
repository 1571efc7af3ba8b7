/* test_str: bounded integer parsing, UTF-8 checks and control characters (src/str.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "base/str.h"

/* A slice over bytes that may hold NULs or invalid UTF-8 (n given). */
#define S(lit) ((struct slice){(lit), sizeof(lit) - 1})

static int
parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	return str_parse_i64(str_slice(s), min, max, out);
}

static void
test_parse_ok(void **state)
{
	int64_t v = 0;
	(void)state;

	assert_int_equal(parse("0", INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse("12345", INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, 12345);
	assert_int_equal(parse("-42", INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, -42);
	assert_int_equal(parse("007", INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, 7);
	v = 99;
	assert_int_equal(parse("-0", INT64_MIN, INT64_MAX, &v), 0);
	assert_int_equal(v, 0);
}

static void
test_parse_limits(void **state)
{
	int64_t v = 0;
	(void)state;

	assert_int_equal(parse("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(parse("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	/* One past either end overflows. */
	assert_int_equal(parse("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(parse("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(parse("99999999999999999999", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(parse("18446744073709551616", INT64_MIN, INT64_MAX, &v), -1);
}

static void
test_parse_bounds(void **state)
{
	int64_t v = 77;
	(void)state;

	assert_int_equal(parse("1", 1, 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(parse("10", 1, 10, &v), 0);
	assert_int_equal(v, 10);
	v = 77;
	assert_int_equal(parse("0", 1, 10, &v), -1);
	assert_int_equal(parse("11", 1, 10, &v), -1);
	assert_int_equal(parse("-1", 0, 10, &v), -1);
	assert_int_equal(parse("-0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	v = 77;
	/* The output is untouched on failure. */
	assert_int_equal(parse("12x", 0, 100, &v), -1);
	assert_int_equal(v, 77);
}

static void
test_parse_junk(void **state)
{
	static const char *const bad[] = {
	    "",	    "-",   "+1",  " 1",	 "1 ", "1x", "x1",
	    "0x10", "1e3", "1.0", "--1", "1-", "１", /* a full-width digit */
	    "\t1",  "1\n", "- 1", "٣",
	};
	int64_t v = 5;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], INT64_MIN, INT64_MAX, &v) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 5);
	}
	/* An embedded NUL is junk too (slices carry their length). */
	assert_int_equal(str_parse_i64(S("1\0002"), INT64_MIN, INT64_MAX, &v), -1);
	/* A NULL string is an empty slice. */
	assert_int_equal(parse(NULL, INT64_MIN, INT64_MAX, &v), -1);
}

static void
test_slices(void **state)
{
	struct slice s = str_slice("abc");
	(void)state;

	assert_int_equal(s.n, 3);
	assert_int_equal(str_slice(NULL).n, 0);
	assert_true(str_eq(s, "abc"));
	assert_false(str_eq(s, "ab"));
	assert_false(str_eq(s, "abcd"));
	assert_true(str_has_prefix(s, "ab"));
	assert_true(str_has_prefix(s, ""));
	assert_false(str_has_prefix(s, "abcd"));
	assert_true(str_ct_equal("abcd", "abcd", 4));
	assert_false(str_ct_equal("abcd", "abce", 4));
	assert_true(str_ct_equal("x", "y", 0));
}

static void
test_utf8_valid(void **state)
{
	(void)state;

	assert_int_equal(str_utf8_check(S("")), 0);
	assert_int_equal(str_utf8_check(S("plain ascii")), 11);
	assert_int_equal(str_utf8_check(S("\xc2\x80")), 2);	    /* U+0080 */
	assert_int_equal(str_utf8_check(S("\xdf\xbf")), 2);	    /* U+07FF */
	assert_int_equal(str_utf8_check(S("\xe0\xa0\x80")), 3);	    /* U+0800 */
	assert_int_equal(str_utf8_check(S("\xed\x9f\xbf")), 3);	    /* U+D7FF */
	assert_int_equal(str_utf8_check(S("\xee\x80\x80")), 3);	    /* U+E000 */
	assert_int_equal(str_utf8_check(S("\xef\xbf\xbf")), 3);	    /* U+FFFF */
	assert_int_equal(str_utf8_check(S("\xf0\x90\x80\x80")), 4); /* U+10000 */
	assert_int_equal(str_utf8_check(S("\xf4\x8f\xbf\xbf")), 4); /* U+10FFFF */
	assert_int_equal(str_utf8_check(S("市科协")), 9);
	assert_int_equal(str_utf8_check(S("a\0b")),
			 3); /* NUL is valid UTF-8; control checks catch it */
}

static void
test_utf8_invalid(void **state)
{
	(void)state;

	/* Overlong encodings of '/' and of U+0000, U+07FF, U+FFFF. */
	assert_int_equal(str_utf8_check(S("\xc0\xaf")), 0);
	assert_int_equal(str_utf8_check(S("\xc1\xbf")), 0);
	assert_int_equal(str_utf8_check(S("ab\xc0\x80")), 2);
	assert_int_equal(str_utf8_check(S("\xe0\x80\xaf")), 0);
	assert_int_equal(str_utf8_check(S("\xe0\x9f\xbf")), 0);
	assert_int_equal(str_utf8_check(S("\xf0\x80\x80\xaf")), 0);
	assert_int_equal(str_utf8_check(S("\xf0\x8f\xbf\xbf")), 0);
	/* UTF-16 surrogates, alone and paired. */
	assert_int_equal(str_utf8_check(S("\xed\xa0\x80")), 0);
	assert_int_equal(str_utf8_check(S("x\xed\xbf\xbf")), 1);
	assert_int_equal(str_utf8_check(S("\xed\xa0\xbd\xed\xb8\x80")), 0);
	/* Past U+10FFFF, and bytes that never occur. */
	assert_int_equal(str_utf8_check(S("\xf4\x90\x80\x80")), 0);
	assert_int_equal(str_utf8_check(S("\xf5\x80\x80\x80")), 0);
	assert_int_equal(str_utf8_check(S("\xf8\x88\x80\x80\x80")), 0);
	assert_int_equal(str_utf8_check(S("ok\xfe")), 2);
	assert_int_equal(str_utf8_check(S("ok\xff")), 2);
	/* A lone continuation byte. */
	assert_int_equal(str_utf8_check(S("\x80")), 0);
	assert_int_equal(str_utf8_check(S("市\xbf")), 3);
	/* Truncated sequences, at the end and before ASCII. */
	assert_int_equal(str_utf8_check(S("\xe5\xb8")), 0);
	assert_int_equal(str_utf8_check(S("ab\xe5")), 2);
	assert_int_equal(str_utf8_check(S("\xf0\x90\x80")), 0);
	assert_int_equal(str_utf8_check(S("\xe5\xb8x")), 0);
	assert_int_equal(str_utf8_check(S("\xc2")), 0);
	/* GBK bytes of 科协 are not UTF-8: what a spreadsheet saved in the wrong encoding gives. */
	assert_true(str_utf8_check(S("\xbf\xc6\xd0\xad")) != 4);
}

static void
test_utf8_next(void **state)
{
	struct slice s = S("a\xc3\xa9\xe5\xb8\x82\xf0\x9f\x98\x80\xff");
	size_t i = 0;
	(void)state;

	assert_int_equal(str_utf8_next(s, &i), 'a');
	assert_int_equal(i, 1);
	assert_int_equal(str_utf8_next(s, &i), 0xe9);
	assert_int_equal(i, 3);
	assert_int_equal(str_utf8_next(s, &i), 0x5e02); /* 市 */
	assert_int_equal(i, 6);
	assert_int_equal(str_utf8_next(s, &i), 0x1f600);
	assert_int_equal(i, 10);
	assert_int_equal(str_utf8_next(s, &i), -1); /* a bad byte advances by one */
	assert_int_equal(i, 11);
	assert_int_equal(str_utf8_next(s, &i), -1); /* at the end */
	assert_int_equal(i, 11);
}

static void
test_utf8_len(void **state)
{
	(void)state;

	assert_int_equal(str_utf8_len(S("")), 0);
	assert_int_equal(str_utf8_len(S("abc")), 3);
	assert_int_equal(str_utf8_len(S("市科协")), 3);
	assert_int_equal(str_utf8_len(S("科协2024")), 6);
	assert_int_equal(str_utf8_len(S("\xf0\x9f\x98\x80")), 1);
	assert_int_equal(str_utf8_len(S("\xe3\x80\x80")), 1); /* the ideographic space */
}

static void
test_has_control(void **state)
{
	(void)state;

	assert_false(str_has_control(S("plain 文本"), NULL));
	assert_false(str_has_control(S(""), NULL));
	assert_true(str_has_control(S("a\nb"), NULL));
	assert_true(str_has_control(S("a\tb"), NULL));
	assert_true(str_has_control(S("a\rb"), NULL));
	assert_true(str_has_control(S("\x1b[31m"), NULL));
	assert_true(str_has_control(S("del\x7f"), NULL));
	assert_true(str_has_control(S("nul\0"), NULL));
	assert_true(str_has_control(S("\x01"), NULL));
	assert_false(str_has_control(S("\x20~"), NULL));
	/* allow lets line breaks and tabs through, but never NUL or other controls. */
	assert_false(str_has_control(S("a\nb\tc\r\n"), "\n\r\t"));
	assert_true(str_has_control(S("a\nb\x0b"), "\n\r\t"));
	assert_true(str_has_control(S("a\nb\0"), "\n\r\t"));
	assert_true(str_has_control(S("a\x7f"), "\n\r\t"));
	/* Bytes of multi-byte characters are never controls (C1 controls are not checked). */
	assert_false(str_has_control(S("\xc2\xa0\xe2\x80\xa8"), NULL));
}

/*
 * An independent oracle: Table 3-7 of the Unicode Standard (well-formed UTF-8 byte
 * sequences). Returns the length of the valid sequence at p, or 0.
 */
static size_t
table37(const unsigned char *p, size_t left)
{
	static const struct {
		unsigned char lo[4], hi[4];
		size_t n;
	} rows[] = {
	    {{0x00}, {0x7f}, 1},
	    {{0xc2, 0x80}, {0xdf, 0xbf}, 2},
	    {{0xe0, 0xa0, 0x80}, {0xe0, 0xbf, 0xbf}, 3},
	    {{0xe1, 0x80, 0x80}, {0xec, 0xbf, 0xbf}, 3},
	    {{0xed, 0x80, 0x80}, {0xed, 0x9f, 0xbf}, 3},
	    {{0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf}, 3},
	    {{0xf0, 0x90, 0x80, 0x80}, {0xf0, 0xbf, 0xbf, 0xbf}, 4},
	    {{0xf1, 0x80, 0x80, 0x80}, {0xf3, 0xbf, 0xbf, 0xbf}, 4},
	    {{0xf4, 0x80, 0x80, 0x80}, {0xf4, 0x8f, 0xbf, 0xbf}, 4},
	};
	size_t r, k;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (rows[r].n > left)
			continue;
		for (k = 0; k < rows[r].n; k++)
			if (p[k] < rows[r].lo[k] || p[k] > rows[r].hi[k])
				break;
		if (k == rows[r].n)
			return rows[r].n;
	}
	return 0;
}

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_utf8_against_table37(void **state)
{
	/* Bytes near every boundary of the table, and some ASCII. */
	static const unsigned char pick[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
					     0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
					     0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
	unsigned char buf[8];
	uint32_t seed = 0x9e3779b9;
	int round;
	(void)state;

	for (round = 0; round < 200000; round++) {
		size_t n = 1 + rnd(&seed) % 6, i = 0, want;
		for (size_t k = 0; k < n; k++)
			buf[k] = pick[rnd(&seed) % sizeof(pick)];
		/* The oracle's answer: the offset of the first ill-formed sequence, or n. */
		while (i < n) {
			size_t len = table37(buf + i, n - i);
			if (len == 0)
				break;
			i += len;
		}
		want = i;
		if (str_utf8_check((struct slice){(const char *)buf, n}) != want)
			fail_msg("round %d: %zu bytes, want %zu", round, n, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ok),	 cmocka_unit_test(test_parse_limits),
	    cmocka_unit_test(test_parse_bounds), cmocka_unit_test(test_parse_junk),
	    cmocka_unit_test(test_slices),	 cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_utf8_invalid), cmocka_unit_test(test_utf8_next),
	    cmocka_unit_test(test_utf8_len),	 cmocka_unit_test(test_utf8_against_table37),
	    cmocka_unit_test(test_has_control),
	};
	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
