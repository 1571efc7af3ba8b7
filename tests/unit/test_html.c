/* test_html: escaping by context, URL arguments, grouped integers and times (src/html.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "http/html.h"

/* Run one writer into a fresh buffer and compare. */
#define EXPECT(call, want)                                                                         \
	do {                                                                                       \
		struct buf b_;                                                                     \
		buf_init(&b_);                                                                     \
		call;                                                                              \
		assert_int_equal(b_.err, 0);                                                       \
		assert_string_equal(buf_cstr(&b_), (want));                                        \
		buf_free(&b_);                                                                     \
	} while (0)

static void
test_text(void **state)
{
	(void)state;
	EXPECT(html_text(&b_, "<script>alert(1)</script>"),
	       "&lt;script&gt;alert(1)&lt;/script&gt;");
	EXPECT(html_text(&b_, "a & b \"c\" 'd'"), "a &amp; b &quot;c&quot; &#39;d&#39;");
	EXPECT(html_text(&b_, "&amp;"), "&amp;amp;"); /* never trusts entities already there */
	EXPECT(html_text(&b_, "'); DROP TABLE x; --"), "&#39;); DROP TABLE x; --");
	EXPECT(html_text(&b_, "市科协"), "市科协");
	EXPECT(html_text(&b_, ""), "");
	EXPECT(html_text(&b_, NULL), "");
	EXPECT(html_text(&b_, "<<>>"), "&lt;&lt;&gt;&gt;");
}

static void
test_attr(void **state)
{
	(void)state;
	EXPECT(html_attr(&b_, "\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
	EXPECT(html_attr(&b_, "' autofocus '"), "&#39; autofocus &#39;");
	EXPECT(html_attr(&b_, NULL), "");
	/* Attribute writing with the literal-only raw writer. */
	EXPECT((html_raw(&b_, "<a title=\""), html_attr(&b_, "<b>"), html_raw(&b_, "\">")),
	       "<a title=\"&lt;b&gt;\">");
}

static void
test_url_arg(void **state)
{
	(void)state;
	EXPECT(html_url_arg(&b_, "abcXYZ019-_.~"), "abcXYZ019-_.~");
	EXPECT(html_url_arg(&b_, "a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
	EXPECT(html_url_arg(&b_, "科"), "%E7%A7%91");
	EXPECT(html_url_arg(&b_, "\"><script>"), "%22%3E%3Cscript%3E");
	EXPECT(html_url_arg(&b_, "javascript:alert(1)"), "javascript%3Aalert%281%29");
	EXPECT(html_url_arg(&b_, NULL), "");
}

static void
test_int(void **state)
{
	(void)state;
	EXPECT(html_int(&b_, 0, 1), "0");
	EXPECT(html_int(&b_, 7, 1), "7");
	EXPECT(html_int(&b_, 999, 1), "999");
	EXPECT(html_int(&b_, 1000, 1), "1,000");
	EXPECT(html_int(&b_, 12345, 1), "12,345");
	EXPECT(html_int(&b_, 123456, 1), "123,456");
	EXPECT(html_int(&b_, 1234567, 1), "1,234,567");
	EXPECT(html_int(&b_, 1234567, 0), "1234567");
	EXPECT(html_int(&b_, -5, 1), "-5");
	EXPECT(html_int(&b_, -999, 1), "-999");
	EXPECT(html_int(&b_, -1000, 1), "-1,000");
	EXPECT(html_int(&b_, -123456, 1), "-123,456");
	EXPECT(html_int(&b_, -1234567, 0), "-1234567");
	EXPECT(html_int(&b_, INT64_MAX, 1), "9,223,372,036,854,775,807");
	EXPECT(html_int(&b_, INT64_MIN, 1), "-9,223,372,036,854,775,808");
}

static void
test_time(void **state)
{
	(void)state;
	/* 2024-01-01 00:00 UTC is 08:00 in China Standard Time. */
	EXPECT(html_time(&b_, 1704067200), "2024-01-01 08:00");
	/* 2023-12-31 16:00 UTC is already the next day in Beijing. */
	EXPECT(html_time(&b_, 1704038400), "2024-01-01 00:00");
	EXPECT(html_time(&b_, 1704038399), "2023-12-31 23:59");
	/* Leap day. */
	EXPECT(html_time(&b_, 1709164800), "2024-02-29 08:00");
	/* No time prints nothing. */
	EXPECT(html_time(&b_, 0), "");
	EXPECT(html_time(&b_, -1), "");
}

static void
test_fmt(void **state)
{
	(void)state;
	EXPECT(html_fmt(&b_, "<td>%d</td>", 5), "<td>5</td>");
}

static void
test_script_json(void **state)
{
	(void)state;
	EXPECT(html_script_json(&b_, "{\"n\":\"</script><!--&x\"}"),
	       "{\"n\":\"\\u003c/script\\u003e\\u003c!--\\u0026x\"}");
	EXPECT(html_script_json(&b_, "[1,\"渝中\"]"), "[1,\"渝中\"]");
	EXPECT(html_script_json(&b_, NULL), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),    cmocka_unit_test(test_attr),
	    cmocka_unit_test(test_url_arg), cmocka_unit_test(test_int),
	    cmocka_unit_test(test_time),    cmocka_unit_test(test_fmt),
	    cmocka_unit_test(test_script_json),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
