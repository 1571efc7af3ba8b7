/* test_evidence: the content sniffer of evidence files and their names (src/domain/evidence.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "domain/evidence.h"
#include "page/page.h"

/* A zip holding the named (empty-ish) entries, built by libzip, in memory (*n bytes, malloc'd). */
static unsigned char *
make_zip(const char *const *names, size_t *n)
{
	char path[] = "/tmp/xg-test-evidence-XXXXXX";
	int fd = mkstemp(path);
	zip_t *za;
	size_t i;
	unsigned char *data;
	FILE *fp;
	long len;

	assert_true(fd >= 0);
	close(fd);
	za = zip_open(path, ZIP_TRUNCATE, NULL);
	assert_non_null(za);
	for (i = 0; names[i] != NULL; i++) {
		zip_source_t *src = zip_source_buffer(za, "<x/>", 4, 0);
		assert_non_null(src);
		assert_true(zip_file_add(za, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)len);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	unlink(path);
	*n = (size_t)len;
	return data;
}

/* The type of data as the server sees an upload: from an open file. It must agree with
 * evidence_sniff. */
static enum evidence_type
sniff_both(const void *data, size_t n)
{
	char path[] = "/tmp/xg-test-evidence-XXXXXX";
	int fd = mkstemp(path);
	enum evidence_type t;

	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(evidence_sniff_fd(fd, n, &t), 0);
	/* The caller's descriptor stays open and usable. */
	assert_true(lseek(fd, 0, SEEK_SET) == 0);
	close(fd);
	assert_int_equal(t, evidence_sniff(data, n));
	return t;
}

static void
test_images_and_pdf(void **state)
{
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F'};
	static const unsigned char not_jpeg[] = {0xff, 0xd8, 0x00, 0xe0, 0, 0x10, 'J', 'F'};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
	static const unsigned char png_bad[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\r', 0, 0};

	(void)state;
	assert_int_equal(sniff_both(jpeg, sizeof(jpeg)), EVIDENCE_JPEG);
	assert_int_equal(sniff_both(jpeg, 3), EVIDENCE_JPEG);
	assert_int_equal(sniff_both(jpeg, 2), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both(not_jpeg, sizeof(not_jpeg)), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both(png, sizeof(png)), EVIDENCE_PNG);
	assert_int_equal(sniff_both(png, 7), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both(png_bad, sizeof(png_bad)), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both("%PDF-1.7\n", 9), EVIDENCE_PDF);
	assert_int_equal(sniff_both("%PDF", 4), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both(" %PDF-1.7", 9), EVIDENCE_UNKNOWN);
	assert_int_equal(sniff_both("GIF89a....", 10), EVIDENCE_UNKNOWN);
	assert_int_equal(evidence_sniff("", 0), EVIDENCE_UNKNOWN);
}

static void
test_office_documents(void **state)
{
	static const char *const docx[] = {"[Content_Types].xml", "_rels/.rels",
					   "word/document.xml", NULL};
	static const char *const xlsx[] = {"[Content_Types].xml", "xl/workbook.xml",
					   "xl/worksheets/sheet1.xml", NULL};
	static const char *const only_types[] = {"[Content_Types].xml", "docProps/app.xml", NULL};
	static const char *const no_types[] = {"word/document.xml", NULL};
	static const char *const plain[] = {"readme.txt", NULL};
	/* Names are compared exactly: a look-alike path is not the part. */
	static const char *const wrong_case[] = {"[Content_Types].xml", "Word/Document.xml", NULL};
	const char *const *const cases[] = {docx, xlsx, only_types, no_types, plain, wrong_case};
	const enum evidence_type want[] = {EVIDENCE_DOCX,    EVIDENCE_XLSX,    EVIDENCE_UNKNOWN,
					   EVIDENCE_UNKNOWN, EVIDENCE_UNKNOWN, EVIDENCE_UNKNOWN};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n;
		unsigned char *z = make_zip(cases[i], &n);
		assert_int_equal(sniff_both(z, n), want[i]);
		/* Cut short, the directory is gone: not a document. */
		assert_int_equal(sniff_both(z, n / 2), EVIDENCE_UNKNOWN);
		free(z);
	}
	assert_int_equal(sniff_both("PK\003\004garbage-not-a-zip", 22), EVIDENCE_UNKNOWN);
}

static void
test_media_types(void **state)
{
	(void)state;
	assert_string_equal(evidence_media_type(EVIDENCE_JPEG), "image/jpeg");
	assert_string_equal(evidence_media_type(EVIDENCE_PNG), "image/png");
	assert_string_equal(evidence_media_type(EVIDENCE_PDF), "application/pdf");
	assert_null(evidence_media_type(EVIDENCE_UNKNOWN));
	assert_true(evidence_inline("image/jpeg"));
	assert_true(evidence_inline("image/png"));
	assert_false(evidence_inline("application/pdf"));
	assert_false(evidence_inline(evidence_media_type(EVIDENCE_DOCX)));
	assert_false(evidence_inline(NULL));
}

static void
test_names(void **state)
{
	struct xg_error err;
	char long_name[3 * 201 + 1];
	size_t i;

	(void)state;
	assert_int_equal(evidence_check_name("签到表.jpg", &err), XG_OK);
	assert_int_equal(evidence_check_name("2025年5月 中心组学习纪要（终稿）.docx", &err), XG_OK);
	static const char *const bad[] = {"a/b.pdf", "..\\b.pdf", ".", "..", "", "a\tb.pdf",
					  " 签到表.jpg"};
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(evidence_check_name(bad[i], &err), XG_INVALID);
		assert_string_equal(err.field, "name");
	}
	assert_int_equal(evidence_check_name(NULL, &err), XG_INVALID);
	for (i = 0; i < 200; i++)
		memcpy(long_name + 3 * i, "长", 3);
	long_name[3 * 200] = '\0';
	assert_int_equal(evidence_check_name(long_name, &err), XG_OK);
	memcpy(long_name + 3 * 200, "长", 3);
	long_name[3 * 201] = '\0';
	assert_int_equal(evidence_check_name(long_name, &err), XG_INVALID);
}

/* The section of the record pages: every name escaped, the controls only for who may edit. */
static void
test_section(void **state)
{
	struct db_file files[2] = {
	    {.id = 41, .record_id = 7, .name = "签到表<script>.jpg", .media_type = "image/jpeg",
	     .size = 2048, .uploaded_by_name = "孙\"丽华", .uploaded_at = 1748918400},
	    {.id = 42, .record_id = 7, .name = "纪要.pdf", .media_type = "application/pdf",
	     .size = 3 * 1024 * 1024, .uploaded_by_name = "孙丽华", .uploaded_at = 1748918400},
	};
	struct page_evidence ev = {.files = files, .n = 2}, none = {0};
	struct db_record rec = {.id = 7};
	struct req r;
	char *html;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.actor.csrf = "tok123";
	buf_init(&r.out);
	page_evidence_section(&r, &rec, &ev, true);
	assert_false(r.out.err);
	buf_putc(&r.out, '\0');
	html = r.out.data;
	assert_null(strstr(html, "<script>.jpg"));
	assert_non_null(strstr(html, "签到表&lt;script&gt;.jpg"));
	assert_null(strstr(html, "孙\"丽华"));
	assert_non_null(strstr(html, "href=\"/api/v1/files/41\">"));
	assert_non_null(strstr(html, "href=\"/api/v1/files/42\" download>"));
	assert_non_null(strstr(html, "2.0 KB"));
	assert_non_null(strstr(html, "3.0 MB"));
	assert_non_null(strstr(html, "data-evidence-upload=\"/api/v1/records/7/files\""));
	assert_non_null(strstr(html, "data-evidence-delete=\"/api/v1/files/42\""));
	assert_non_null(strstr(html, "value=\"tok123\""));

	buf_reset(&r.out);
	page_evidence_section(&r, &rec, &ev, false);
	buf_putc(&r.out, '\0');
	html = r.out.data;
	assert_non_null(strstr(html, "/api/v1/files/41"));
	assert_null(strstr(html, "data-evidence-upload"));
	assert_null(strstr(html, "data-evidence-delete"));
	assert_null(strstr(html, "tok123"));

	buf_reset(&r.out);
	page_evidence_section(&r, &rec, &none, false);
	buf_putc(&r.out, '\0');
	assert_non_null(strstr(r.out.data, "暂无佐证材料"));
	buf_free(&r.out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_images_and_pdf),
	    cmocka_unit_test(test_office_documents),
	    cmocka_unit_test(test_media_types),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
