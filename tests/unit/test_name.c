/* test_name: the one rule for names a person reads (src/base/name.h), over each listed code point.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/name.h"
#include "domain/error.h"

/* Encode c as UTF-8 into out (NUL-terminated); returns the length. */
static size_t
utf8(int32_t c, char *out)
{
	size_t n;

	if (c < 0x80) {
		out[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	out[n] = '\0';
	return n;
}

/* "中" c "文", "中" c, c "文" and c alone: each must be refused (as invisible or control). */
static void
assert_refused_everywhere(int32_t c)
{
	char ch[5], s[16];
	enum name_fault f;

	utf8(c, ch);
	snprintf(s, sizeof(s), "中%s文", ch);
	f = name_check(str_slice(s), 50);
	if (f != NAME_INVISIBLE && f != NAME_CONTROL)
		fail_msg("U+%04X inside a name: fault %d", (unsigned)c, (int)f);
	snprintf(s, sizeof(s), "中%s", ch);
	assert_int_not_equal(name_check(str_slice(s), 50), NAME_OK);
	snprintf(s, sizeof(s), "%s文", ch);
	assert_int_not_equal(name_check(str_slice(s), 50), NAME_OK);
	assert_int_not_equal(name_check(str_slice(ch), 50), NAME_OK);
	assert_true(name_char_refused(c));
}

/* The code points issue 7 lists one by one, and the Cf characters unit names already refused. */
static void
test_listed_code_points(void **state)
{
	static const int32_t listed[] = {
	    0x3164, 0x2800,  0x115f,   0x1160, 0xffa0, 0x034f, 0x180e, 0x061c,	0x0085,	 0x2028,
	    0x2029, 0x202e,  0x202a,   0x202d, 0x200b, 0x200c, 0x200d, 0x200e,	0x200f,	 0x2060,
	    0x2066, 0x2069,  0xfeff,   0x00ad, 0xfff9, 0xfe0f, 0xfe00, 0xe0100, 0x180b,	 0xe000,
	    0xf8ff, 0xf0000, 0x10fffd, 0xfffe, 0xffff, 0xfdd0, 0x0600, 0x06dd,	0x1d173,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		assert_refused_everywhere(listed[i]);
}

static void
test_tag_block_and_controls(void **state)
{
	int32_t c;

	(void)state;
	for (c = 0xe0000; c <= 0xe007f; c++)
		assert_refused_everywhere(c);
	for (c = 0x01; c < 0x20; c++)
		assert_refused_everywhere(c);
	for (c = 0x7f; c <= 0x9f; c++)
		assert_refused_everywhere(c);
}

static void
test_spaces_at_the_edges(void **state)
{
	static const int32_t sp[] = {0x20,   0xa0,   0x1680, 0x2000, 0x2007,
				     0x200a, 0x202f, 0x205f, 0x3000};
	char ch[5], s[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
		utf8(sp[i], ch);
		assert_true(name_char_space(sp[i]));
		snprintf(s, sizeof(s), "%s江北区科协", ch);
		assert_int_equal(name_check(str_slice(s), 50), NAME_EDGE_SPACE);
		snprintf(s, sizeof(s), "江北区科协%s", ch);
		assert_int_equal(name_check(str_slice(s), 50), NAME_EDGE_SPACE);
		/* Inside a name a space is fine: "王 小明", "Zhang San". */
		snprintf(s, sizeof(s), "王%s小明", ch);
		assert_int_equal(name_check(str_slice(s), 50), NAME_OK);
		/* Only spaces: nothing to read. */
		snprintf(s, sizeof(s), "%s%s", ch, ch);
		assert_int_not_equal(name_check(str_slice(s), 50), NAME_OK);
	}
}

static void
test_good_names(void **state)
{
	static const char *const ok[] = {
	    "重庆市江北区科学技术协会",
	    "市级学会（协会、研究会）",
	    "Zhang San",
	    "王小明",
	    "A",
	    "科技馆·展教部",
	    "Ä Ö ü é",
	    "𠀀姓",
	    "第1支部",
	    "Ελληνικά",
	    "한국어",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (name_check(str_slice(ok[i]), 50) != NAME_OK)
			fail_msg("refused a good name: %s", ok[i]);
}

static void
test_faults(void **state)
{
	(void)state;
	assert_int_equal(name_check(str_slice(""), 50), NAME_EMPTY);
	assert_int_equal(name_check(str_slice(NULL), 50), NAME_EMPTY);
	assert_int_equal(name_check(str_slice("a\xff"), 50), NAME_BAD_UTF8);
	assert_int_equal(name_check(str_slice("\xed\xa0\x80"), 50), NAME_BAD_UTF8);
	assert_int_equal(name_check(str_slice("一二三"), 3), NAME_OK);
	assert_int_equal(name_check(str_slice("一二三四"), 3), NAME_TOO_LONG);
	assert_int_equal(name_check(str_slice("a\tb"), 50), NAME_CONTROL);
	for (int f = 0; f < NAME_FAULT__MAX; f++)
		assert_non_null(name_fault_text((enum name_fault)f));
}

/* The domain's wrapper gives the codes the API has always answered with. */
static void
test_domain_codes(void **state)
{
	struct xg_error err;

	(void)state;
	assert_int_equal(xg_check_name("", "name", "单位名称", 10, &err), XG_INVALID);
	assert_string_equal(err.code, "required");
	assert_string_equal(err.field, "name");
	assert_int_equal(xg_check_name("\xe3\x85\xa4", "display_name", "姓名", 10, &err),
			 XG_INVALID);
	assert_string_equal(err.code, "invalid_text");
	assert_non_null(strstr(err.message, "姓名"));
	assert_int_equal(xg_check_name("a\xc3", "name", "名称", 10, &err), XG_INVALID);
	assert_string_equal(err.code, "invalid_utf8");
	assert_int_equal(xg_check_name("一二三四", "label", "说明", 3, &err), XG_INVALID);
	assert_string_equal(err.code, "too_long");
	assert_int_equal(xg_check_name("正常", "label", "说明", 3, &err), XG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_listed_code_points),
	    cmocka_unit_test(test_tag_block_and_controls),
	    cmocka_unit_test(test_spaces_at_the_edges),
	    cmocka_unit_test(test_good_names),
	    cmocka_unit_test(test_faults),
	    cmocka_unit_test(test_domain_codes),
	};
	return cmocka_run_group_tests_name("name", tests, NULL, NULL);
}
