/* test_record_table: the columns of a ledger per kind and the text of their cells
 * (domain/record_table.h), the neutraliser of formula-like cells and its inverse (base/csv.h), and
 * GBK text turned into UTF-8 (base/charset.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/charset.h"
#include "base/csv.h"
#include "domain/record_table.h"

static void
test_formula_cells_neutralised(void **state)
{
	static const char *const bad[] = {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"};
	static const char *const good[] = {"1", "学习", "a=b", "'x", ""};
	struct buf b;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(csv_formula_like(bad[i]));
		buf_init(&b);
		csv_put(&b, bad[i], 1);
		assert_int_equal(buf_cstr(&b)[0], '"');
		assert_int_equal(buf_cstr(&b)[1], '\'');
		buf_free(&b);
		/* what the reader gets back ("'=1+1") is the original once unguarded */
		char guarded[32];
		guarded[0] = '\'';
		strcpy(guarded + 1, bad[i]);
		assert_string_equal(csv_unguard(guarded), bad[i]);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_false(csv_formula_like(good[i]));
		assert_ptr_equal(csv_unguard(good[i]), good[i]);
	}
	/* an apostrophe is taken off only before what it disarms */
	assert_false(csv_formula_like("'=x"));
	assert_string_equal(csv_unguard("'=x"), "=x");
	assert_false(csv_formula_like(NULL));
	assert_null(csv_unguard(NULL));
}

static const char *
labels(const struct record_column *c, size_t n, struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? "," : "", c[i].label);
	return buf_cstr(b);
}

static void
test_columns_per_kind(void **state)
{
	struct record_column c[RECORD_TABLE_MAX];
	struct buf b;
	size_t n;
	int k;
	(void)state;

	buf_init(&b);
	n = record_table(RECORD_STUDY, c);
	assert_string_equal(labels(c, n, &b), "单位,单位编码,日期,标题,专项工作,人数,形式,方式,学习主题,"
					      "学习材料,主持人,应到人数,会议记录,填报人,填报时间");
	n = record_table(RECORD_TRAINING, c);
	assert_string_equal(labels(c, n, &b), "单位,单位编码,日期,标题,专项工作,人数,学时,专题班,期次,"
					      "主办单位,开始日期,结束日期,线上培训,填报人,填报时间");
	n = record_table(RECORD_PUBLICITY, c);
	assert_string_equal(labels(c, n, &b),
			    "单位,单位编码,日期,标题,专项工作,发布渠道,稿件类型,链接,状态,填报人,填报时间");
	n = record_table(RECORD_LECTURE, c);
	assert_non_null(record_table_find(c, n, "受众人次"));
	assert_null(record_table_find(c, n, "人数"));
	n = record_table(RECORD_KIND__MAX, c);
	assert_string_equal(labels(c, n, &b), "单位,单位编码,日期,标题,专项工作,类型,人数,受众人次,学时,"
					      "状态,填报人,填报时间");
	/* counts are numbers; what only an export shows is not read back by an import */
	assert_true(record_table_find(c, n, "人数")->number);
	assert_false(record_table_find(c, n, "标题")->number);
	assert_false(record_table_find(c, n, "状态")->imported);
	assert_false(record_table_find(c, n, "填报人")->imported);
	assert_true(record_table_find(c, n, "单位编码")->imported);
	for (k = 0; k < RECORD_KIND__MAX; k++) {
		size_t nf, i, j;
		const struct record_field *f = record_fields((enum record_kind)k, &nf);
		n = record_table((enum record_kind)k, c);
		assert_true(n <= RECORD_TABLE_MAX);
		for (i = 0; i < nf; i++)
			assert_ptr_equal(record_table_find(c, n, f[i].label)->field, &f[i]);
		for (i = 0; i < n; i++) /* headers are unique, so an import maps each to one column */
			for (j = i + 1; j < n; j++)
				assert_string_not_equal(c[i].label, c[j].label);
	}
	buf_free(&b);
}

static void
test_cells(void **state)
{
	struct record_column c[RECORD_TABLE_MAX];
	struct db_record_row e = {0};
	char tmp[RECORD_CELL_CAP];
	json_t *d = json_pack("{s:b,s:s,s:s}", "online", 1, "batch", "第一期", "organiser", "");
	size_t n = record_table(RECORD_TRAINING, c);
	(void)state;

	e.r.kind = "training";
	e.r.state = "recorded";
	e.r.org_name = "渝中区科协";
	e.r.title = "培训";
	e.r.participants = 25;
	e.r.hours = 8;
	e.r.recorded_at = 1735689600; /* 2025-01-01 08:00 China time */
	e.org_code = "QX03";
	assert_string_equal(record_table_cell(record_table_find(c, n, "线上培训"), &e, d, tmp), "是");
	json_object_set_new(d, "online", json_false());
	assert_string_equal(record_table_cell(record_table_find(c, n, "线上培训"), &e, d, tmp), "否");
	assert_string_equal(record_table_cell(record_table_find(c, n, "期次"), &e, d, tmp), "第一期");
	assert_null(record_table_cell(record_table_find(c, n, "开始日期"), &e, d, tmp));
	assert_null(record_table_cell(record_table_find(c, n, "专项工作"), &e, d, tmp));
	assert_string_equal(record_table_cell(record_table_find(c, n, "人数"), &e, d, tmp), "25");
	assert_string_equal(record_table_cell(record_table_find(c, n, "学时"), &e, d, tmp), "8");
	assert_string_equal(record_table_cell(record_table_find(c, n, "单位编码"), &e, d, tmp), "QX03");
	assert_string_equal(record_table_cell(record_table_find(c, n, "填报时间"), &e, d, tmp),
			    "2025-01-01 08:00");
	assert_null(record_table_cell(record_table_find(c, n, "期次"), &e, NULL, tmp));
	assert_string_equal(record_state_label("approved"), "已通过");
	assert_string_equal(record_state_label("returned"), "已退回");
	assert_string_equal(record_state_label("draft"), "草稿");
	json_decref(d);
}

static void
test_gbk_to_utf8(void **state)
{
	/* 台账 in GBK */
	static const char gbk[] = "\xcc\xa8\xd5\xcb,1";
	struct buf b;
	(void)state;

	buf_init(&b);
	assert_int_equal(charset_to_utf8("GB18030", gbk, sizeof(gbk) - 1, &b), 0);
	assert_string_equal(buf_cstr(&b), "台账,1");
	buf_free(&b);
	buf_init(&b);
	assert_int_equal(charset_to_utf8("GB18030", "\x81", 1, &b), -1); /* cut short */
	buf_free(&b);
	buf_init(&b);
	assert_int_equal(charset_to_utf8("NO-SUCH-CHARSET", "a", 1, &b), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formula_cells_neutralised),
	    cmocka_unit_test(test_columns_per_kind),
	    cmocka_unit_test(test_cells),
	    cmocka_unit_test(test_gbk_to_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
