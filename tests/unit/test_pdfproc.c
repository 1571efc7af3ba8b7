/* test_pdfproc: the PDF helper run in its own process (directive/pdfproc.c) and its text split
 * into pages (directive_pdf_text): statuses, limits and a missing helper. Stand-ins for the helper
 * are small scripts in a temporary directory; the real one is build/san/xuanguan-pdftext (or
 * $XUANGUAN_PDFTEXT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "directive/directive.h"
#include "directive/input.h"
#include "directive/pdfproc.h"

static char dir[] = "/tmp/xg-pdfproc-XXXXXX";
static char real[4096];

/* A stand-in helper: a script with body, named by $XUANGUAN_PDFTEXT. */
static void
stand_in(const char *name, const char *body)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(setenv(PDFPROC_ENV_PATH, path, 1), 0);
}

static enum directive_rc
run(const char *input, struct buf *out, struct directive_error *err)
{
	buf_init(out);
	return directive_pdfproc(input, strlen(input), out, err);
}

static int
setup(void **state)
{
	const char *env = getenv(PDFPROC_ENV_PATH);

	(void)state;
	/* Not beside the test binaries: the build's own, from the top of the tree (where tests
	 * run). */
	snprintf(real, sizeof(real), "%s", env != NULL ? env : "build/san/xuanguan-pdftext");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Each test starts with the real helper and the default time limit. */
static int
reset(void **state)
{
	(void)state;
	unsetenv(PDFPROC_ENV_SECONDS);
	return setenv(PDFPROC_ENV_PATH, real, 1);
}

static void
test_real_helper(void **state)
{
	FILE *f = fopen("tests/directive/fixtures/guoban_pdf.pdf", "rb");
	static char pdf[1 << 20];
	size_t n;
	struct buf out;
	struct directive_error err;

	(void)state;
	assert_non_null(f);
	n = fread(pdf, 1, sizeof(pdf), f);
	fclose(f);
	buf_init(&out);
	assert_int_equal(directive_pdf_text(pdf, n, &out, &err), DIRECTIVE_OK);
	assert_non_null(strstr(buf_cstr(&out), "关于加快推进科普基础设施建设的通知\n"));
	assert_null(strchr(buf_cstr(&out), '\f'));
	buf_free(&out);
	/* Not a PDF after all, and a damaged one: the helper says which. */
	buf_init(&out);
	assert_int_equal(directive_pdf_text("%PDF-1.4 junk", 13, &out, &err), DIRECTIVE_EPDF);
	assert_non_null(strstr(err.msg, "not a readable PDF (damaged)"));
	assert_int_equal(directive_pdfproc("hello", 5, &out, &err), DIRECTIVE_EPDF);
	assert_non_null(strstr(err.msg, "no %PDF- header"));
	buf_free(&out);
}

/* Pages end in \f: an empty page, page numbers at each page's foot, all split and dropped. */
static void
test_pages_split(void **state)
{
	struct buf out;
	struct directive_error err;

	(void)state;
	stand_in("pages", "printf '甲乙丙丁。\\n- 1 -\\f\\f戊己庚辛。\\n- 3 -\\f'");
	buf_init(&out);
	assert_int_equal(directive_pdf_text("%PDF-", 5, &out, &err), DIRECTIVE_OK);
	assert_string_equal(buf_cstr(&out), "甲乙丙丁。\n戊己庚辛。\n");
	buf_free(&out);
	stand_in("nopages", "exit 0");
	buf_init(&out);
	assert_int_equal(directive_pdf_text("%PDF-", 5, &out, &err), DIRECTIVE_EPDF);
	assert_string_equal(err.msg, "a PDF without pages");
	buf_free(&out);
}

/* The PDF comes on standard input, byte for byte; nothing of our environment goes with it. */
static void
test_input_and_environment(void **state)
{
	struct buf out;
	struct directive_error err;

	(void)state;
	stand_in("cat", "exec /bin/cat");
	assert_int_equal(run("%PDF-1.7 any bytes\n\001\377", &out, &err), DIRECTIVE_OK);
	assert_string_equal(buf_cstr(&out), "%PDF-1.7 any bytes\n\001\377");
	buf_free(&out);
	stand_in("env", "exec /usr/bin/env");
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_OK);
	assert_null(strstr(buf_cstr(&out), PDFPROC_ENV_PATH));
	buf_free(&out);
	/* No descriptor of ours reaches it, even one opened without close-on-exec: it sees its
	 * standard three and the one ls opens to list them. */
	{
		int leak = open("/dev/null", O_RDONLY);

		assert_true(leak > 2);
		stand_in("fds", "exec /bin/ls /proc/self/fd");
		assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_OK);
		assert_string_equal(buf_cstr(&out), "0\n1\n2\n3\n");
		buf_free(&out);
		close(leak);
	}
	/* Its limits are on its command line. */
	stand_in("args", "echo \"$@\"");
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_OK);
	assert_string_equal(buf_cstr(&out), "--memory-mib 512 --cpu-seconds 30\n");
	buf_free(&out);
}

static void
test_exit_statuses(void **state)
{
	static const struct {
		const char *body;
		enum directive_rc rc;
		const char *msg;
	} cases[] = {
	    {"exit 2", DIRECTIVE_EPDF, "no %PDF- header"},
	    {"exit 3", DIRECTIVE_EPDF, "protected by a password"},
	    {"exit 4", DIRECTIVE_EPDF, "(damaged)"},
	    {"exit 5", DIRECTIVE_ETOOBIG, "input too large"},
	    {"exit 1", DIRECTIVE_EPDF, "exit status 1"},
	    {"kill -SEGV $$", DIRECTIVE_EPDF, "signal 11"},
	    {"kill -XCPU $$", DIRECTIVE_EPDFLIMIT, "CPU time"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		struct buf out;
		struct directive_error err;

		stand_in("status", cases[k].body);
		assert_int_equal(run("%PDF-", &out, &err), cases[k].rc);
		if (strstr(err.msg, cases[k].msg) == NULL)
			fail_msg("%s: %s", cases[k].body, err.msg);
		buf_free(&out);
	}
}

/* Past the wall clock or the output cap the helper is killed and the PDF refused. */
static void
test_limits(void **state)
{
	struct buf out;
	struct directive_error err;

	(void)state;
	/* Text it would write after the deadline never arrives: it is stopped at the deadline. */
	stand_in("late", "/bin/sleep 5; printf 'late\\f'");
	assert_int_equal(setenv(PDFPROC_ENV_SECONDS, "1", 1), 0);
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFLIMIT);
	assert_string_equal(err.msg, "the PDF reader took more than 1 s on this file: stopped");
	assert_int_equal(out.len, 0);
	buf_free(&out);
	/* Output, then silence with the pipe still open. */
	stand_in("stalls", "printf 'page\\f'; exec /bin/sleep 60");
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFLIMIT);
	buf_free(&out);
	unsetenv(PDFPROC_ENV_SECONDS);
	stand_in("floods", "exec /usr/bin/head -c 17000000 /dev/zero");
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFLIMIT);
	assert_non_null(strstr(err.msg, "passed 16 MiB"));
	assert_true(out.len <= PDFPROC_OUTPUT_MAX);
	buf_free(&out);
}

/* A helper that is not there is the server's fault, named as such; so is a junk time limit. */
static void
test_missing(void **state)
{
	struct buf out;
	struct directive_error err;

	(void)state;
	assert_int_equal(setenv(PDFPROC_ENV_PATH, "/nonexistent/xuanguan-pdftext", 1), 0);
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFTOOL);
	assert_non_null(strstr(err.msg, "No such file"));
	buf_free(&out);
	/* Not named: looked for beside this test program (build/san/tests/), where it is not. */
	unsetenv(PDFPROC_ENV_PATH);
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFTOOL);
	assert_non_null(strstr(err.msg, "is not installed"));
	buf_free(&out);
	stand_in("cat", "exec /bin/cat");
	assert_int_equal(setenv(PDFPROC_ENV_SECONDS, "ten", 1), 0);
	assert_int_equal(run("%PDF-", &out, &err), DIRECTIVE_EPDFTOOL);
	assert_non_null(strstr(err.msg, PDFPROC_ENV_SECONDS));
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_real_helper, reset),
	    cmocka_unit_test_setup(test_pages_split, reset),
	    cmocka_unit_test_setup(test_input_and_environment, reset),
	    cmocka_unit_test_setup(test_exit_statuses, reset),
	    cmocka_unit_test_setup(test_limits, reset),
	    cmocka_unit_test_setup(test_missing, reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
