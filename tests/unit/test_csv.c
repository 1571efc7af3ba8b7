/* test_csv: the RFC 4180 reader — quotes, CRLF, BOM, line numbers, errors and recovery (src/csv.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "base/buf.h"

#include "base/csv.h"

struct rec {
	enum csv_rc rc;
	char **f;
	size_t n;
	size_t line;
};

static struct rec
next(struct csv_reader *r, struct arena *a)
{
	struct rec x = {0};
	x.rc = csv_next(r, a, &x.f, &x.n, &x.line);
	return x;
}

#define READER(r, lit) csv_init((r), (lit), sizeof(lit) - 1)

static void
test_simple(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "code,parent_code,name\nA1,,市科协\nB2,A1,区科协\n");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.n, 3);
	assert_int_equal(x.line, 1);
	assert_string_equal(x.f[0], "code");
	assert_string_equal(x.f[2], "name");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.line, 2);
	assert_string_equal(x.f[0], "A1");
	assert_string_equal(x.f[1], ""); /* empty field */
	assert_string_equal(x.f[2], "市科协");
	x = next(&r, a);
	assert_int_equal(x.line, 3);
	assert_string_equal(x.f[1], "A1");
	assert_int_equal(next(&r, a).rc, CSV_END);
	assert_int_equal(next(&r, a).rc, CSV_END); /* stays at the end */
	arena_free(a);
}

static void
test_no_final_newline_and_empty_fields(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "a,,\n,,c");
	x = next(&r, a);
	assert_int_equal(x.n, 3);
	assert_string_equal(x.f[2], "");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.n, 3);
	assert_string_equal(x.f[0], "");
	assert_string_equal(x.f[2], "c");
	assert_int_equal(next(&r, a).rc, CSV_END);
	/* Empty input: no records at all. */
	READER(&r, "");
	assert_int_equal(next(&r, a).rc, CSV_END);
	arena_free(a);
}

static void
test_quotes(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "\"a,b\",\"say \"\"hi\"\"\",\"\",\"'); DROP TABLE x; --\"\n");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.n, 4);
	assert_string_equal(x.f[0], "a,b");
	assert_string_equal(x.f[1], "say \"hi\"");
	assert_string_equal(x.f[2], "");
	assert_string_equal(x.f[3], "'); DROP TABLE x; --");
	assert_int_equal(next(&r, a).rc, CSV_END);
	arena_free(a);
}

static void
test_crlf_and_bom(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "\xef\xbb\xbf"
		   "code,name\r\nX,\"q\"\r\nY,z\r\n");
	x = next(&r, a);
	assert_int_equal(x.n, 2);
	assert_string_equal(x.f[0], "code"); /* the BOM is not part of the first field */
	assert_string_equal(x.f[1], "name"); /* nor is the CR part of the last */
	x = next(&r, a);
	assert_int_equal(x.line, 2);
	assert_string_equal(x.f[1], "q");
	x = next(&r, a);
	assert_int_equal(x.line, 3);
	assert_string_equal(x.f[1], "z");
	assert_int_equal(next(&r, a).rc, CSV_END);
	/* A BOM alone is an empty file. */
	READER(&r, "\xef\xbb\xbf");
	assert_int_equal(next(&r, a).rc, CSV_END);
	arena_free(a);
}

static void
test_embedded_newlines_keep_line_numbers(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "h1,h2\nA,\"two\nlines\"\nB,\"three\r\nline\ns\"\nC,end\n");
	x = next(&r, a);
	assert_int_equal(x.line, 1);
	x = next(&r, a);
	assert_int_equal(x.line, 2);
	assert_string_equal(x.f[1], "two\nlines");
	x = next(&r, a);
	assert_int_equal(x.line, 4); /* the record above took lines 2 and 3 */
	assert_string_equal(x.f[1], "three\r\nline\ns");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.line, 7);
	assert_string_equal(x.f[0], "C");
	assert_int_equal(next(&r, a).rc, CSV_END);
	arena_free(a);
}

static void
test_stray_quote_and_recovery(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	/* A quote inside an unquoted field, then text after a closing quote: each a bad line. */
	READER(&r, "ok,1\nbad\"field,2\n\"closed\"junk,3\ngood,4\n");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_BAD);
	assert_int_equal(x.line, 2);
	assert_non_null(csv_error(&r));
	assert_true(strlen(csv_error(&r)) > 0);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_BAD);
	assert_int_equal(x.line, 3);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW); /* the reader goes on with the next line */
	assert_int_equal(x.line, 4);
	assert_string_equal(x.f[0], "good");
	assert_string_equal(x.f[1], "4");
	assert_int_equal(next(&r, a).rc, CSV_END);
	arena_free(a);
}

static void
test_unclosed_quote(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	struct rec x;
	(void)state;

	READER(&r, "a,b\n\"never closed,x\ny,z\n");
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_BAD);
	assert_int_equal(x.line, 2);
	assert_string_not_equal(csv_error(&r), "");
	assert_int_equal(next(&r, a).rc, CSV_END); /* the quote swallowed the rest */
	arena_free(a);
}

static void
test_too_many_fields(void **state)
{
	struct arena *a = arena_new();
	struct csv_reader r;
	char text[400];
	struct rec x;
	size_t i, o = 0;
	(void)state;

	for (i = 0; i < 100; i++)
		text[o++] = ',';
	memcpy(text + o, "\nnext,row\n", 10);
	o += 10;
	csv_init(&r, text, o);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_BAD);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.line, 2);
	assert_string_equal(x.f[0], "next");
	arena_free(a);
}

static void
test_error_text_default(void **state)
{
	struct csv_reader r;
	(void)state;

	READER(&r, "x");
	assert_non_null(csv_error(&r)); /* never NULL, even before any error */
}

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Write random records the way a spreadsheet would, read them back: same fields, same lines. */
static void
test_round_trip(void **state)
{
	static const char *const atoms[] = {"a", "科", ",", "\"", "\n", "\r\n", " ", "x\"y", ""};
	uint32_t seed = 12345;
	int round;
	(void)state;

	for (round = 0; round < 2000; round++) {
		struct arena *a = arena_new();
		struct buf text, want[8][6];
		size_t nrec = 1 + rnd(&seed) % 8, nf[8], start[8], line = 1, r, f;
		struct csv_reader rd;

		buf_init(&text);
		for (r = 0; r < nrec; r++) {
			nf[r] = 1 + rnd(&seed) % 6;
			start[r] = line;
			for (f = 0; f < nf[r]; f++) {
				size_t k, natoms = rnd(&seed) % 4, quoted;
				buf_init(&want[r][f]);
				for (k = 0; k < natoms; k++)
					buf_puts(&want[r][f], atoms[rnd(&seed) % 9]);
				/* An empty lone field would read back as a blank line: give it a
				 * quote. */
				quoted = strpbrk(buf_cstr(&want[r][f]), ",\"\r\n") != NULL ||
					 (nf[r] == 1 && want[r][f].len == 0) || rnd(&seed) % 5 == 0;
				if (f > 0)
					buf_putc(&text, ',');
				if (quoted)
					buf_putc(&text, '"');
				for (const char *c = buf_cstr(&want[r][f]); *c != '\0'; c++) {
					if (*c == '"')
						buf_putc(&text, '"');
					if (*c == '\n')
						line++;
					buf_putc(&text, *c);
				}
				if (quoted)
					buf_putc(&text, '"');
			}
			buf_puts(&text, rnd(&seed) % 2 ? "\r\n" : "\n");
			line++;
		}
		assert_int_equal(text.err, 0);
		csv_init(&rd, text.data, text.len);
		for (r = 0; r < nrec; r++) {
			struct rec x = next(&rd, a);
			if (x.rc != CSV_ROW)
				fail_msg("round %d record %zu: %d (%s)", round, r, x.rc,
					 csv_error(&rd));
			assert_int_equal(x.n, nf[r]);
			assert_int_equal(x.line, start[r]);
			for (f = 0; f < nf[r]; f++)
				assert_string_equal(x.f[f], buf_cstr(&want[r][f]));
		}
		assert_int_equal(next(&rd, a).rc, CSV_END);
		for (r = 0; r < nrec; r++)
			for (f = 0; f < nf[r]; f++)
				buf_free(&want[r][f]);
		buf_free(&text);
		arena_free(a);
	}
}

/* Any bytes at all: the reader ends, lines only grow, and never run past the text. */
static void
test_random_bytes(void **state)
{
	static const char alphabet[] = "a,\"\n\r\xef\xbb\xbfx";
	uint32_t seed = 777;
	char text[64];
	int round;
	(void)state;

	for (round = 0; round < 20000; round++) {
		struct arena *a = arena_new();
		struct csv_reader rd;
		size_t n = rnd(&seed) % sizeof(text), i, newlines = 0, last = 0, steps = 0;
		struct rec x;

		for (i = 0; i < n; i++)
			text[i] = alphabet[rnd(&seed) % (sizeof(alphabet) - 1)];
		/* Line breaks: LF, CRLF, or a bare CR (old Mac files). */
		for (i = 0; i < n; i++)
			newlines += text[i] == '\n' ||
				    (text[i] == '\r' && (i + 1 == n || text[i + 1] != '\n'));
		csv_init(&rd, text, n);
		do {
			x = next(&rd, a);
			assert_true(x.line >= last);
			assert_true(x.line <= newlines + 1 || x.rc == CSV_END);
			last = x.line;
			assert_true(++steps <= n + 2);
			if (x.rc == CSV_ROW)
				for (i = 0; i < x.n; i++)
					assert_non_null(x.f[i]);
		} while (x.rc != CSV_END);
		arena_free(a);
	}
}

/* What csv_put writes, csv_next reads back; formulas are defused with an apostrophe. */
static void
test_writer(void **state)
{
	static const char *const in[] = {"平常", "a,b",		"say \"hi\"", "two\r\nlines",
					 "",	 "=SUM(A1:A9)", "+1",	      "-2",
					 "@x",	 "\tlead",	"ok-inside"};
	static const char *const back[] = {"平常", "a,b",	   "say \"hi\"", "two\r\nlines",
					   "",	   "'=SUM(A1:A9)", "'+1",	 "'-2",
					   "'@x",  "'\tlead",	   "ok-inside"};
	const size_t n = sizeof(in) / sizeof(in[0]);
	struct arena *a = arena_new();
	struct csv_reader r;
	struct buf b;
	struct rec x;
	size_t i;
	(void)state;

	buf_init(&b);
	for (i = 0; i < n; i++)
		csv_put(&b, in[i], i == 0);
	csv_put(&b, NULL, 0);
	csv_end_row(&b);
	assert_false(b.err);
	assert_non_null(strstr(buf_cstr(&b), ",\"'=SUM(A1:A9)\","));
	csv_init(&r, b.data, b.len);
	x = next(&r, a);
	assert_int_equal(x.rc, CSV_ROW);
	assert_int_equal(x.n, n + 1);
	for (i = 0; i < n; i++)
		assert_string_equal(x.f[i], back[i]);
	assert_string_equal(x.f[n], "");
	assert_int_equal(next(&r, a).rc, CSV_END);
	buf_free(&b);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple),
	    cmocka_unit_test(test_no_final_newline_and_empty_fields),
	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_crlf_and_bom),
	    cmocka_unit_test(test_embedded_newlines_keep_line_numbers),
	    cmocka_unit_test(test_stray_quote_and_recovery),
	    cmocka_unit_test(test_unclosed_quote),
	    cmocka_unit_test(test_too_many_fields),
	    cmocka_unit_test(test_error_text_default),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_random_bytes),
	    cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
