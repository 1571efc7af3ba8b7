/* test_param: declared-field validation of query strings, forms and JSON bodies (src/param.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "http/html.h"
#include "http/param.h"

static const struct field org_fields[] = {
    {.id = F_CODE, .type = FT_STRING, .required = true, .max_len = 32},
    {.id = F_NAME, .type = FT_STRING, .required = true, .max_len = 5},
    {.id = F_MEMBERS, .type = FT_INT, .min = 0, .max = 1000},
    {.id = F_CLOSED, .type = FT_BOOL},
    {.id = F_LABEL, .type = FT_STRING, .nullable = true, .multiline = true},
    {.id = F_PARENT_ID, .type = FT_INT, .min = 1, .max = INT64_MAX, .nullable = true},
    FIELDS_END,
};

struct ctx {
	struct arena *a;
	struct params p;
	struct xg_error err;
};

static int
setup(void **state)
{
	static struct ctx c;

	memset(&c, 0, sizeof(c));
	c.a = arena_new();
	*state = &c;
	return c.a != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;

	arena_free(c->a);
	return 0;
}

static enum xg_rc
json(struct ctx *c, const char *body)
{
	memset(&c->err, 0, sizeof(c->err));
	return param_from_json(c->a, org_fields, body, strlen(body), &c->p, &c->err);
}

/* Expect body refused as XG_INVALID with this code (and field, when not NULL). */
static void
json_bad(struct ctx *c, const char *body, const char *code, const char *field)
{
	enum xg_rc rc = json(c, body);

	if (rc != XG_INVALID)
		fail_msg("accepted %s (rc %d)", body, rc);
	assert_int_equal(c->err.rc, XG_INVALID);
	assert_string_equal(c->err.code, code);
	if (field != NULL)
		assert_string_equal(c->err.field, field);
	assert_true(strlen(c->err.message) > 0);
}

static void
test_json_ok(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(json(c, "{\"code\":\"A1\",\"name\":\"市科协\",\"members\":12,"
				 "\"closed\":true,\"label\":\"两行\\n文本\\t好\"}"),
			 XG_OK);
	assert_string_equal(param_str(&c->p, F_CODE), "A1");
	assert_string_equal(param_str(&c->p, F_NAME), "市科协");
	assert_int_equal(param_int(&c->p, F_MEMBERS, -1), 12);
	assert_true(param_bool(&c->p, F_CLOSED, false));
	assert_string_equal(param_str(&c->p, F_LABEL), "两行\n文本\t好");
	assert_false(param_has(&c->p, F_PARENT_ID));
	assert_int_equal(param_int(&c->p, F_PARENT_ID, 77), 77);
}

static void
test_json_unknown_field(void **state)
{
	struct ctx *c = *state;

	json_bad(c, "{\"code\":\"A1\",\"name\":\"x\",\"admin\":true}", "unknown_field", NULL);
	/* The field member names it; the message never repeats the request. */
	assert_string_equal(c->err.field, "admin");
	assert_null(strstr(c->err.message, "admin"));
	json_bad(c, "{\"code\":\"A1\",\"name\":\"x\",\"\\u00e9\\ud800x\":1}", "invalid_json", NULL);
	json_bad(c, "{\"code\":\"A1\",\"name\":\"x\",\"Code\":\"B\"}", "unknown_field", NULL);
}

static void
test_json_wrong_types(void **state)
{
	struct ctx *c = *state;

	json_bad(c, "{\"code\":1,\"name\":\"x\"}", "wrong_type", "code");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":\"12\"}", "wrong_type", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":1.0}", "wrong_type", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":true}", "wrong_type", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"closed\":1}", "wrong_type", "closed");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"closed\":\"true\"}", "wrong_type", "closed");
	json_bad(c, "{\"code\":[\"A\"],\"name\":\"x\"}", "wrong_type", "code");
	json_bad(c, "{\"code\":{},\"name\":\"x\"}", "wrong_type", "code");
}

static void
test_json_required(void **state)
{
	struct ctx *c = *state;

	json_bad(c, "{\"name\":\"x\"}", "required", "code");
	json_bad(c, "{\"code\":\"A\"}", "required", "name");
	json_bad(c, "{}", "required", "code");
	/* null is "absent", and required fields are not nullable */
	json_bad(c, "{\"code\":null,\"name\":\"x\"}", "wrong_type", "code");
}

static void
test_json_nullable(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(
	    json(c, "{\"code\":\"A\",\"name\":\"x\",\"label\":null,\"parent_id\":null}"), XG_OK);
	assert_false(param_has(&c->p, F_LABEL));
	assert_null(param_str(&c->p, F_LABEL));
	assert_false(param_has(&c->p, F_PARENT_ID));
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":null}", "wrong_type", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"closed\":null}", "wrong_type", "closed");
}

static void
test_json_max_length_in_characters(void **state)
{
	struct ctx *c = *state;

	/* name allows 5 characters: five Chinese characters (15 bytes) are fine, six are not. */
	assert_int_equal(json(c, "{\"code\":\"A\",\"name\":\"中国科协会\"}"), XG_OK);
	assert_int_equal(json(c, "{\"code\":\"A\",\"name\":\"abcde\"}"), XG_OK);
	json_bad(c, "{\"code\":\"A\",\"name\":\"中国科学协会\"}", "too_long", "name");
	json_bad(c, "{\"code\":\"A\",\"name\":\"abcdef\"}", "too_long", "name");
	/* The default maximum is 200 characters. */
	{
		char body[1200];
		size_t o = (size_t)snprintf(body, sizeof(body),
					    "{\"code\":\"A\",\"name\":\"x\",\"label\":\"");
		for (int i = 0; i < 200; i++)
			o += (size_t)snprintf(body + o, sizeof(body) - o, "科");
		snprintf(body + o, sizeof(body) - o, "\"}");
		assert_int_equal(json(c, body), XG_OK);
		snprintf(body + o, sizeof(body) - o, "x\"}");
		json_bad(c, body, "too_long", "label");
	}
}

static void
test_json_text_rules(void **state)
{
	struct ctx *c = *state;

	/* Control characters in a single-line field. */
	json_bad(c, "{\"code\":\"A\\nB\",\"name\":\"x\"}", "invalid_text", "code");
	json_bad(c, "{\"code\":\"A\\u001bB\",\"name\":\"x\"}", "invalid_text", "code");
	json_bad(c, "{\"code\":\"A\\u007fB\",\"name\":\"x\"}", "invalid_text", "code");
	/* NUL is refused by the JSON reader or by the field check, never passed on. */
	assert_int_equal(json(c, "{\"code\":\"A\\u0000B\",\"name\":\"x\"}"), XG_INVALID);
	/* A multiline field still refuses other controls. */
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"label\":\"a\\u0007\"}", "invalid_text",
		 "label");
	/* Invalid UTF-8 in the body, and a lone surrogate escape. */
	json_bad(c, "{\"code\":\"A\xff\",\"name\":\"x\"}", "invalid_json", NULL);
	json_bad(c, "{\"code\":\"A\xc0\xaf\",\"name\":\"x\"}", "invalid_json", NULL);
	json_bad(c, "{\"code\":\"\\ud800\",\"name\":\"x\"}", "invalid_json", NULL);
}

static void
test_json_int_ranges(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(json(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":0}"), XG_OK);
	assert_int_equal(json(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":1000}"), XG_OK);
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":1001}", "out_of_range", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":-1}", "out_of_range", "members");
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"parent_id\":0}", "out_of_range", "parent_id");
	/* Past int64: the JSON reader refuses it rather than wrapping. */
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\",\"members\":99999999999999999999}",
		 "invalid_json", NULL);
}

static void
test_json_malformed(void **state)
{
	struct ctx *c = *state;

	json_bad(c, "", "empty_body", NULL);
	json_bad(c, "{", "invalid_json", NULL);
	json_bad(c, "{\"code\":\"A\",}", "invalid_json", NULL);
	json_bad(c, "[1,2]", "invalid_json", NULL);
	json_bad(c, "\"code\"", "invalid_json", NULL);
	json_bad(c, "null", "invalid_json", NULL);
	json_bad(c, "{\"code\":\"A\",\"name\":\"x\"} trailing", "invalid_json", NULL);
	/* Duplicate keys are refused, not resolved silently. */
	json_bad(c, "{\"code\":\"A\",\"code\":\"B\",\"name\":\"x\"}", "invalid_json", NULL);
}

/* Pairs (query strings and forms) */

static enum xg_rc
pairs(struct ctx *c, const struct raw_pair *raw, size_t n)
{
	static const char *const implicit[] = {"_csrf", NULL};

	memset(&c->err, 0, sizeof(c->err));
	return param_from_pairs(c->a, org_fields, raw, n, implicit, &c->p, &c->err);
}

static void
test_pairs_ok(void **state)
{
	struct ctx *c = *state;
	const struct raw_pair raw[] = {{"code", "A1"},	 {"name", "科协"}, {"members", "42"},
				       {"closed", "on"}, {"_csrf", "tok"}, {"parent_id", ""}};

	assert_int_equal(pairs(c, raw, 6), XG_OK);
	assert_string_equal(param_str(&c->p, F_CODE), "A1");
	assert_int_equal(param_int(&c->p, F_MEMBERS, -1), 42);
	assert_true(param_bool(&c->p, F_CLOSED, false));
	/* An empty form input for an integer is "not given". */
	assert_false(param_has(&c->p, F_PARENT_ID));
}

static void
test_pairs_bool_words(void **state)
{
	struct ctx *c = *state;
	static const char *const yes[] = {"1", "true", "on"}, *const no[] = {"0", "false", ""};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct raw_pair raw[] = {{"code", "A"}, {"name", "x"}, {"closed", yes[i]}};
		assert_int_equal(pairs(c, raw, 3), XG_OK);
		assert_true(param_bool(&c->p, F_CLOSED, false));
		raw[2].value = no[i];
		assert_int_equal(pairs(c, raw, 3), XG_OK);
		assert_false(param_bool(&c->p, F_CLOSED, true));
	}
	{
		struct raw_pair raw[] = {{"code", "A"}, {"name", "x"}, {"closed", "yes"}};
		assert_int_equal(pairs(c, raw, 3), XG_INVALID);
		assert_string_equal(c->err.code, "wrong_type");
	}
}

static void
test_pairs_refusals(void **state)
{
	struct ctx *c = *state;
	struct raw_pair dup[] = {{"code", "A"}, {"name", "x"}, {"code", "B"}};
	struct raw_pair unknown[] = {{"code", "A"}, {"name", "x"}, {"q", "1"}};
	struct raw_pair junk_int[] = {{"code", "A"}, {"name", "x"}, {"members", "12abc"}};
	struct raw_pair big_int[] = {
	    {"code", "A"}, {"name", "x"}, {"members", "99999999999999999999"}};
	struct raw_pair range[] = {{"code", "A"}, {"name", "x"}, {"members", "1001"}};
	struct raw_pair ctrl[] = {{"code", "A\r\nSet-Cookie: x"}, {"name", "x"}};
	struct raw_pair utf[] = {{"code", "A"}, {"name", "\xe4\xb8"}};
	struct raw_pair longname[] = {{"code", "A"}, {"name", "中国科学协会"}};
	struct raw_pair badname[] = {{"code", "A"}, {"name", "x"}, {"\xff\xfe", "1"}};
	struct raw_pair missing[] = {{"name", "x"}};

	assert_int_equal(pairs(c, dup, 3), XG_INVALID);
	assert_string_equal(c->err.code, "duplicate_field");
	assert_string_equal(c->err.field, "code");
	assert_int_equal(pairs(c, unknown, 3), XG_INVALID);
	assert_string_equal(c->err.code, "unknown_field");
	assert_string_equal(c->err.field, "q");
	assert_int_equal(pairs(c, junk_int, 3), XG_INVALID);
	assert_string_equal(c->err.code, "wrong_type");
	assert_int_equal(pairs(c, big_int, 3), XG_INVALID);
	assert_string_equal(c->err.code, "wrong_type");
	assert_int_equal(pairs(c, range, 3), XG_INVALID);
	assert_string_equal(c->err.code, "out_of_range");
	assert_int_equal(pairs(c, ctrl, 2), XG_INVALID);
	assert_string_equal(c->err.code, "invalid_text");
	assert_int_equal(pairs(c, utf, 2), XG_INVALID);
	assert_string_equal(c->err.code, "invalid_utf8");
	assert_int_equal(pairs(c, longname, 2), XG_INVALID);
	assert_string_equal(c->err.code, "too_long");
	assert_int_equal(pairs(c, badname, 3), XG_INVALID);
	assert_string_equal(c->err.code, "unknown_field");
	assert_null(c->err.field); /* invalid bytes are named nowhere */
	assert_null(strstr(c->err.message, "\xff"));
	assert_int_equal(pairs(c, missing, 1), XG_INVALID);
	assert_string_equal(c->err.code, "required");
}

/* Form decoding */

static enum xg_rc
form(struct ctx *c, const char *body, struct raw_pair **out, size_t *n)
{
	memset(&c->err, 0, sizeof(c->err));
	return param_parse_form(c->a, body, strlen(body), out, n, &c->err);
}

static void
test_form_decoding(void **state)
{
	struct ctx *c = *state;
	struct raw_pair *p;
	size_t n;

	assert_int_equal(form(c, "code=A1&name=%E5%B8%82+%E7%A7%91%E5%8D%8F&empty=&flag", &p, &n),
			 XG_OK);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].name, "code");
	assert_string_equal(p[0].value, "A1");
	assert_string_equal(p[1].value, "市 科协");
	assert_string_equal(p[2].name, "empty");
	assert_string_equal(p[2].value, "");
	assert_string_equal(p[3].name, "flag");
	assert_string_equal(p[3].value, "");
	/* Encoded separators stay data; lowercase hex works; empty segments are skipped. */
	assert_int_equal(form(c, "&a%3Db%26c=%2b%2B&&", &p, &n), XG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "a=b&c");
	assert_string_equal(p[0].value, "++");
	assert_int_equal(form(c, "", &p, &n), XG_OK);
	assert_int_equal(n, 0);
	/* The value keeps everything after the first '='. */
	assert_int_equal(form(c, "q=a=b", &p, &n), XG_OK);
	assert_string_equal(p[0].value, "a=b");
}

static void
test_form_bad_escapes(void **state)
{
	struct ctx *c = *state;
	static const char *const bad[] = {"a=%",  "a=%4",      "a=%zz", "a=%4g",
					  "a%=1", "a=1&b=%G0", "a=%%41"};
	struct raw_pair *p;
	size_t n, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (form(c, bad[i], &p, &n) != XG_INVALID)
			fail_msg("accepted form body \"%s\"", bad[i]);
		assert_string_equal(c->err.code, "invalid_form");
	}
}

/*
 * %00 decodes to a NUL byte inside a C string: the value would be cut short
 * silently ("A%00B" read as "A") unless decoding refuses it. A form field
 * with a NUL must be refused like any other control character.
 * (Regression test: this was a bug in src/param.c decode().)
 */
static void
test_form_nul_is_refused(void **state)
{
	struct ctx *c = *state;
	struct raw_pair *p;
	size_t n;
	enum xg_rc rc;

	rc = form(c, "code=A%00B&name=x", &p, &n);
	if (rc == XG_OK) {
		/* Decoding let it through: the checked value must then not be a silently shortened
		 * one. */
		rc = pairs(c, p, n);
	}
	assert_int_equal(rc, XG_INVALID);
	/* The same in a field name. */
	rc = form(c, "code%00x=A&name=x", &p, &n);
	if (rc == XG_OK)
		rc = pairs(c, p, n);
	assert_int_equal(rc, XG_INVALID);
}

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* What the pages write with html_url_arg, the form reader reads back unchanged. */
static void
test_form_round_trip(void **state)
{
	struct ctx *c = *state;
	static const char *const atoms[] = {"a", "科协", " ",	"+", "%",
					    "&", "=",	 "%41", "~", "\xf0\x9f\x98\x80",
					    "?", "/",	 "\"",	"'", "\t"};
	uint32_t seed = 4242;
	int round;

	for (round = 0; round < 3000; round++) {
		struct buf body, names[5], values[5];
		size_t np = 1 + rnd(&seed) % 5, i, k, n;
		struct raw_pair *p;

		buf_init(&body);
		for (i = 0; i < np; i++) {
			buf_init(&names[i]);
			buf_init(&values[i]);
			buf_puts(&names[i], "f");
			for (k = rnd(&seed) % 3; k > 0; k--)
				buf_puts(&names[i], atoms[rnd(&seed) % 15]);
			for (k = rnd(&seed) % 5; k > 0; k--)
				buf_puts(&values[i], atoms[rnd(&seed) % 15]);
			if (i > 0)
				buf_putc(&body, '&');
			html_url_arg(&body, buf_cstr(&names[i]));
			buf_putc(&body, '=');
			html_url_arg(&body, buf_cstr(&values[i]));
		}
		assert_int_equal(form(c, buf_cstr(&body), &p, &n), XG_OK);
		assert_int_equal(n, np);
		for (i = 0; i < np; i++) {
			assert_string_equal(p[i].name, buf_cstr(&names[i]));
			assert_string_equal(p[i].value, buf_cstr(&values[i]));
			buf_free(&names[i]);
			buf_free(&values[i]);
		}
		buf_free(&body);
	}
}

static const struct field id_fields[] = {
    {.id = F_UNITS, .type = FT_IDS, .min = 1, .max = 1000, .max_len = 3},
    FIELDS_END,
};

/* A list of ids: a JSON array of integers, or "1,2,3" in a query; ranges, repeats and length
 * checked. */
static void
test_ids(void **state)
{
	struct ctx *c = *state;
	struct raw_pair q[] = {{"units", "4,5,6"}}, empty[] = {{"units", ""}};
	static const char *const bad_text[] = {"4,,5", "4,x", "4,5,", " 4", "0", "1,2,3,4", "7,7"};
	static const char *const bad_json[] = {
	    "{\"units\": [1, \"2\"]}", "{\"units\": [1.5]}",	    "{\"units\": 3}",
	    "{\"units\": [0]}",	       "{\"units\": [1, 2, 3, 4]}", "{\"units\": [9, 9]}"};
	const int64_t *ids;
	size_t n, i;

	static const char ok[] = "{\"units\": [3, 1000]}";

	assert_int_equal(param_from_json(c->a, id_fields, ok, strlen(ok), &c->p, &c->err), XG_OK);
	ids = param_ids(&c->p, F_UNITS, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 1000);
	assert_int_equal(param_from_pairs(c->a, id_fields, q, 1, NULL, &c->p, &c->err), XG_OK);
	ids = param_ids(&c->p, F_UNITS, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], 6);
	{
		/* Checkboxes of one name: each adds its ids; the limit and repeats count across. */
		struct raw_pair boxes[] = {{"units", "4"}, {"units", "5,6"}};
		struct raw_pair twice[] = {{"units", "4"}, {"units", "4"}};
		struct raw_pair many[] = {{"units", "1,2"}, {"units", "3,4"}};
		assert_int_equal(param_from_pairs(c->a, id_fields, boxes, 2, NULL, &c->p, &c->err),
				 XG_OK);
		ids = param_ids(&c->p, F_UNITS, &n);
		assert_int_equal(n, 3);
		assert_int_equal(ids[0], 4);
		assert_int_equal(ids[2], 6);
		assert_int_equal(param_from_pairs(c->a, id_fields, twice, 2, NULL, &c->p, &c->err),
				 XG_INVALID);
		assert_int_equal(param_from_pairs(c->a, id_fields, many, 2, NULL, &c->p, &c->err),
				 XG_INVALID);
	}
	assert_int_equal(param_from_pairs(c->a, id_fields, empty, 1, NULL, &c->p, &c->err), XG_OK);
	(void)param_ids(&c->p, F_UNITS, &n);
	assert_int_equal(n, 0);
	for (i = 0; i < sizeof(bad_text) / sizeof(bad_text[0]); i++) {
		struct raw_pair b[] = {{"units", bad_text[i]}};
		if (param_from_pairs(c->a, id_fields, b, 1, NULL, &c->p, &c->err) != XG_INVALID)
			fail_msg("accepted units=%s", bad_text[i]);
	}
	for (i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++)
		if (param_from_json(c->a, id_fields, bad_json[i], strlen(bad_json[i]), &c->p,
				    &c->err) != XG_INVALID)
			fail_msg("accepted %s", bad_json[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_json_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_unknown_field, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_wrong_types, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_required, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_nullable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_max_length_in_characters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_text_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_int_ranges, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pairs_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pairs_bool_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pairs_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_decoding, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_bad_escapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_nul_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_form_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
	};
	return cmocka_run_group_tests_name("param", tests, NULL, NULL);
}
