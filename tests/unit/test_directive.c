/* test_directive: one test per rule of the directive reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "directive/directive.h"
#include "directive/input.h"

static struct directive *
parse_ok(const char *text)
{
	struct directive *d = NULL;
	struct directive_error err;

	assert_int_equal(directive_parse(text, strlen(text), &d, &err), DIRECTIVE_OK);
	assert_non_null(d);
	return d;
}

static const char *
str_at(const struct directive_list *l, size_t i)
{
	assert_true(i < l->n);
	return l->v[i];
}

static const struct directive_node *
node_at(const struct directive_list *l, size_t i)
{
	assert_true(i < l->n);
	return l->v[i];
}

static const struct directive_task *
task_path(const struct directive *d, const char *path)
{
	size_t k;

	for (k = 0; k < d->tasks.n; k++) {
		const struct directive_task *t = d->tasks.v[k];

		if (strcmp(t->path, path) == 0)
			return t;
	}
	fail_msg("no task at %s", path);
	return NULL;
}

static bool
has_warning(const struct directive *d, const char *part)
{
	size_t k;

	for (k = 0; k < d->warnings.n; k++) {
		const struct directive_warning *w = d->warnings.v[k];

		if (strstr(w->msg, part) != NULL)
			return true;
	}
	return false;
}

static const char head_doc[] = "XX市科学技术协会文件\n"
			       "X科协发〔2022〕35号\n"
			       "XX市科学技术协会\n"
			       "关于认真学习宣传贯彻党的二十大精神\n"
			       "的实施意见\n"
			       "各区县科协，各市级学会（协会、研究会），机关各部室：\n"
			       "为学习贯彻，提出如下意见。\n"
			       "一、总体要求\n"
			       "XX市科学技术协会\n"
			       "2022年11月8日\n";

static void
test_head(void **state)
{
	struct directive *d = parse_ok(head_doc);

	(void)state;
	assert_string_equal(d->number, "X科协发〔2022〕35号");
	assert_string_equal(d->issuer, "XX市科学技术协会");
	assert_string_equal(d->title,
			    "XX市科学技术协会关于认真学习宣传贯彻党的二十大精神的实施意见");
	assert_string_equal(d->kind, "意见");
	assert_int_equal(d->addressees.n, 3);
	/* 、 inside brackets does not split a name. */
	assert_string_equal(str_at(&d->addressees, 1), "各市级学会（协会、研究会）");
	assert_string_equal(d->date, "2022-11-08");
	assert_string_equal(d->signature, "XX市科学技术协会");
	assert_int_equal(d->preamble.n, 1);
	directive_free(d);
}

static void
test_number_brackets(void **state)
{
	static const char *const cases[][2] = {
	    {"X科协发[2022]35号\n关于开展活动的通知\n正文。\n", "X科协发〔2022〕35号"},
	    {"X科协发【2023】21号\n关于开展活动的通知\n正文。\n", "X科协发〔2023〕21号"},
	    {"X科协党组(2023)第35号\n关于开展活动的通知\n正文。\n", "X科协党组〔2023〕35号"},
	    {"X科协发（2024） 9 号\n关于开展活动的通知\n正文。\n", "X科协发〔2024〕9号"},
	    /* Only one of the pair wrong is still a wrong bracket, on either side. */
	    {"X科协发〔2022]35号\n关于开展活动的通知\n正文。\n", "X科协发〔2022〕35号"},
	    {"X科协发[2022〕35号\n关于开展活动的通知\n正文。\n", "X科协发〔2022〕35号"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct directive *d = parse_ok(cases[k][0]);

		assert_non_null(d->number);
		assert_string_equal(d->number, cases[k][1]);
		assert_true(has_warning(d, "六角括号"));
		assert_string_equal(d->kind, "通知");
		directive_free(d);
	}
}

static void
test_kinds(void **state)
{
	static const char *const cases[][2] = {
	    {"关于表彰先进的决定\n", "决定"},
	    {"关于商请支持的函\n", "函"},
	    {"关于情况的通报\n", "通报"},
	    {"关于经费的请示\n", "请示"},
	    {"关于同意设立的批复\n", "批复"},
	    {"XX会议纪要\n", "纪要"},
	    {"关于工作情况的报告\n", "报告"},
	    {"关于加强建设的实施意见\n", "意见"},
	    {"关于公布名单的通知（第二批）\n", "通知"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char text[256];
		struct directive *d;

		snprintf(text, sizeof(text), "%s各单位要认真落实。\n", cases[k][0]);
		d = parse_ok(text);
		assert_non_null(d->kind);
		assert_string_equal(d->kind, cases[k][1]);
		directive_free(d);
	}
}

static void
test_levels(void **state)
{
	struct directive *d = parse_ok("关于开展活动的通知\n"
				       "一、总体要求\n"
				       "（一）加强领导。各单位要成立领导小组。\n"
				       "1.明确责任。责任到人。\n"
				       "（1）制定方案\n"
				       "方案报办公室。\n"
				       "(2)半角括号。内容。\n"
				       "二、保障措施\n");
	const struct directive_node *one, *a, *n1, *p1;

	(void)state;
	assert_int_equal(d->sections.n, 2);
	one = node_at(&d->sections, 0);
	assert_int_equal(one->level, 1);
	assert_string_equal(one->number, "一、");
	assert_string_equal(one->heading, "总体要求");
	a = node_at(&one->children, 0);
	assert_int_equal(a->level, 2);
	assert_string_equal(a->heading, "加强领导");
	assert_string_equal(a->text, "各单位要成立领导小组。");
	n1 = node_at(&a->children, 0);
	assert_int_equal(n1->level, 3);
	assert_string_equal(n1->number, "1.");
	p1 = node_at(&n1->children, 0);
	assert_int_equal(p1->level, 4);
	assert_string_equal(p1->heading, "制定方案");
	assert_string_equal(p1->text, "");
	assert_int_equal(p1->paragraphs.n, 1);
	assert_string_equal(node_at(&n1->children, 1)->number, "（2）");
	assert_string_equal(node_at(&n1->children, 1)->path, "一/（一）/1/（2）");
	assert_true(has_warning(d, "半角括号"));
	directive_free(d);
}

static void
test_not_markers(void **state)
{
	/* 1.5万 is a number, 一是 a list word, 十分 an adverb: none opens a section. */
	struct directive *d = parse_ok("关于开展活动的通知\n"
				       "1.5万人参加了活动。\n"
				       "一是加强领导。\n"
				       "十分重要。\n");

	(void)state;
	assert_int_equal(d->sections.n, 0);
	assert_int_equal(d->preamble.n, 3);
	directive_free(d);
}

static void
test_tail(void **state)
{
	struct directive *d = parse_ok("关于开展活动的通知\n"
				       "各单位：\n"
				       "请认真落实。\n"
				       "附件：1.活动方案\n"
				       "2.统计表\n"
				       "XX市科协\n"
				       "2023年8月1日\n"
				       "（此件公开发布）\n"
				       "抄送：市委宣传部，\n"
				       "市科技局。\n"
				       "XX市科协办公室　2023年8月2日印发\n");

	(void)state;
	assert_int_equal(d->attachments.n, 2);
	assert_string_equal(str_at(&d->attachments, 0), "活动方案");
	assert_string_equal(str_at(&d->attachments, 1), "统计表");
	assert_string_equal(d->signature, "XX市科协");
	assert_string_equal(d->date, "2023-08-01");
	assert_int_equal(d->notes.n, 1);
	assert_int_equal(d->copy_to.n, 2);
	assert_string_equal(str_at(&d->copy_to, 1), "市科技局");
	assert_string_equal(d->printed_by, "XX市科协办公室");
	assert_string_equal(d->printed_date, "2023-08-02");
	directive_free(d);
}

static void
test_attachment_labels(void **state)
{
	struct directive *d = parse_ok("关于开展活动的通知\n"
				       "各单位：\n"
				       "请认真落实。\n"
				       "附件1：活动方案\n"
				       "附件2：统计表\n"
				       "XX市科协\n"
				       "2023年8月1日\n");

	(void)state;
	assert_int_equal(d->attachments.n, 2);
	assert_string_equal(str_at(&d->attachments, 1), "统计表");
	assert_string_equal(d->signature, "XX市科协");
	assert_int_equal(d->preamble.n, 1);
	directive_free(d);
	/* Two items on one line. */
	d = parse_ok("关于开展活动的通知\n请认真落实。\n附件：1.活动方案；2.统计表\nXX市科协\n"
		     "2023年8月1日\n");
	assert_int_equal(d->attachments.n, 2);
	assert_string_equal(str_at(&d->attachments, 0), "活动方案");
	assert_string_equal(str_at(&d->attachments, 1), "统计表");
	directive_free(d);
}

static void
test_annex_own_tree(void **state)
{
	struct directive *d = parse_ok("关于印发《活动方案》的通知\n"
				       "各单位：\n"
				       "现将《活动方案》印发给你们，请各单位于5月10日前报送安排。\n"
				       "一、总体要求\n"
				       "XX市科协\n"
				       "2023年4月20日\n"
				       "（此件公开发布）\n"
				       "活动方案\n"
				       "为做好活动，制定本方案。\n"
				       "一、活动内容\n"
				       "（一）举办讲座。各区县科协要举办讲座10场以上。\n");
	const struct directive_part *p;
	const struct directive_task *t;

	(void)state;
	assert_string_equal(d->date, "2023-04-20");
	assert_int_equal(d->notes.n, 1);
	assert_int_equal(d->annexes.n, 0);
	/* The plan is a document of its own: its 一、 does not collide with the body's. */
	assert_int_equal(d->preamble.n, 1);
	assert_int_equal(d->sections.n, 1);
	assert_int_equal(d->attachment_docs.n, 1);
	p = d->attachment_docs.v[0];
	assert_string_equal(p->label, "");
	assert_string_equal(p->title, "活动方案");
	assert_int_equal(p->preamble.n, 1);
	assert_int_equal(p->sections.n, 1);
	assert_string_equal(node_at(&p->sections, 0)->path, "附件/一");
	t = task_path(d, "正文第1段");
	assert_string_equal(t->subjects.v[0], "各单位");
	assert_int_equal(t->node->line, 3);
	t = task_path(d, "附件/一/（一）");
	assert_string_equal(t->subjects.v[0], "各区县科协");
	directive_free(d);
}

static void
test_attachments_labelled(void **state)
{
	struct directive *d = parse_ok("关于开展活动的通知\n"
				       "各单位：\n"
				       "一、活动内容\n"
				       "（一）举办讲座。\n"
				       "附件：1.活动方案\n"
				       "2.任务分工表\n"
				       "XX市科协\n"
				       "2023年4月20日\n"
				       "附件1\n"
				       "活动方案\n"
				       "一、活动安排\n"
				       "（一）\n"
				       "举办讲座\n"
				       "各区县科协要于6月底前举办讲座。\n"
				       "附件2：任务分工表\n"
				       "序号\t工作任务\t责任单位\t完成时限\n"
				       "1\t举办讲座\t科普部\t2023年6月底前\n"
				       "注：1.责任单位排在首位的为牵头单位。\n"
				       "2.各单位按职责落实。\n");
	const struct directive_part *p;
	const struct directive_node *n;

	(void)state;
	assert_int_equal(d->attachments.n, 2);
	assert_int_equal(d->sections.n, 1);
	assert_int_equal(node_at(&d->sections, 0)->children.n, 1);
	assert_int_equal(d->attachment_docs.n, 2);
	p = d->attachment_docs.v[0];
	assert_string_equal(p->label, "附件1");
	assert_string_equal(p->title, "活动方案");
	n = node_at(&node_at(&p->sections, 0)->children, 0);
	/* A marker alone on its line heads the line below it. */
	assert_string_equal(n->path, "附件1/一/（一）");
	assert_string_equal(n->heading, "举办讲座");
	assert_int_equal(n->paragraphs.n, 1);
	p = d->attachment_docs.v[1];
	assert_string_equal(p->label, "附件2");
	assert_string_equal(p->title, "任务分工表");
	assert_int_equal(p->sections.n, 1);
	/* Numbered notes under the table are notes, not headings. */
	assert_int_equal(p->notes.n, 2);
	assert_string_equal(str_at(&p->notes, 1), "2.各单位按职责落实。");
	assert_string_equal(task_path(d, "附件2/1")->subjects.v[0], "科普部");
	assert_string_equal(task_path(d, "附件1/一/（一）")->subjects.v[0], "各区县科协");
	directive_free(d);
	/* Markers alone on consecutive lines: each is a heading of its own, none swallows the
	 * next marker (a regression: the next line's marker length was taken for this one's). */
	d = parse_ok("关于开展活动的通知\n一、\n（一）\n1.\n（1）\n一、\n");
	assert_int_equal(d->sections.n, 2);
	n = node_at(&d->sections, 0);
	assert_string_equal(n->heading, "");
	assert_int_equal(n->children.n, 1);
	directive_free(d);
}

static void
test_forwarded(void **state)
{
	struct directive *d = parse_ok("关于转发《省科协关于学会工作的报告》的通知\n"
				       "各市级学会：\n"
				       "现将《省科协关于学会工作的报告》转发给你们，请认真学习。\n"
				       "XX市科协办公室\n"
				       "2024年2月20日\n"
				       "省科协关于学会工作的报告\n"
				       "省委组织部：\n"
				       "现将有关情况报告如下。\n"
				       "一、下一步打算\n"
				       "各省级学会要在2024年底前完成章程修订。\n"
				       "特此报告。\n"
				       "XX省科学技术协会\n"
				       "2024年1月15日\n");
	const struct directive_part *f;

	(void)state;
	assert_string_equal(d->date, "2024-02-20");
	assert_string_equal(d->signature, "XX市科协办公室");
	assert_int_equal(d->sections.n, 0);
	assert_int_equal(d->attachment_docs.n, 0);
	f = d->forwarded;
	assert_non_null(f);
	assert_string_equal(f->title, "省科协关于学会工作的报告");
	assert_string_equal(str_at(&f->addressees, 0), "省委组织部");
	assert_string_equal(f->signature, "XX省科学技术协会");
	assert_string_equal(f->date, "2024-01-15");
	assert_int_equal(f->preamble.n, 1);
	assert_int_equal(f->sections.n, 1);
	assert_int_equal(node_at(&f->sections, 0)->paragraphs.n, 2);
	assert_string_equal(task_path(d, "转发/一")->subjects.v[0], "各省级学会");
	directive_free(d);
}

static void
test_title_note_date(void **state)
{
	struct directive *d =
	    parse_ok("中共中央关于加强科普工作的决定\n"
		     "（2021年11月11日中国共产党第十九届中央委员会第六次全体会议通过）\n"
		     "一、总体要求\n"
		     "各级党委要在年底前制定方案。\n");

	(void)state;
	assert_string_equal(d->date, "2021-11-11");
	assert_int_equal(d->notes.n, 1);
	assert_true(has_warning(d, "题注"));
	assert_false(has_warning(d, "缺少成文日期"));
	assert_string_equal(((struct directive_deadline *)task_path(d, "一")->deadlines.v[0])->end,
			    "2021-12-31");
	directive_free(d);
	/* A date of its own at the end wins over the note. */
	d = parse_ok("XX市科协关于表彰的决定\n"
		     "（2023年2月10日市科协常委会议通过）\n"
		     "一、表彰名单\n"
		     "各单位要认真学习。\n"
		     "XX市科协\n"
		     "2023年2月12日\n");
	assert_string_equal(d->date, "2023-02-12");
	directive_free(d);
}

static void
test_head_variants(void **state)
{
	struct directive *d;

	(void)state;
	/* A site's table above, a title spaced out, an issue line under it. */
	d = parse_ok("发文字号：X科协发〔２０２３〕５号\n"
		     "关 于 开 展 活 动\n"
		     "的 通 知\n"
		     "第5期\n"
		     "各单位：\n"
		     "一、任务\n");
	assert_string_equal(d->title, "关于开展活动的通知");
	assert_string_equal(d->kind, "通知");
	assert_string_equal(d->number, "X科协发〔2023〕5号");
	assert_int_equal(d->notes.n, 2);
	assert_int_equal(d->addressees.n, 1);
	directive_free(d);
	/* A site prints the number in brackets under the title. */
	d = parse_ok("XX市科协关于开展活动的通知\n（X科协发〔2023〕5号）\n各单位：\n一、任务\n");
	assert_string_equal(d->number, "X科协发〔2023〕5号");
	assert_int_equal(d->addressees.n, 1);
	directive_free(d);
	/* The issuer's name above a title that repeats it. */
	d = parse_ok("XX市科学技术协会\nXX市科学技术协会关于开展活动的通知\n一、任务\n");
	assert_string_equal(d->issuer, "XX市科学技术协会");
	assert_string_equal(d->title, "XX市科学技术协会关于开展活动的通知");
	directive_free(d);
}

static void
test_missing_date(void **state)
{
	struct directive *d = parse_ok("X科协发〔2024〕9号\n"
				       "关于开展活动的通知\n"
				       "一、安排\n"
				       "各区县科协要在年底前报送材料。\n");
	const struct directive_task *t;
	const struct directive_deadline *dl;

	(void)state;
	assert_string_equal(d->date, "");
	assert_true(has_warning(d, "缺少成文日期"));
	assert_true(has_warning(d, "文号年份2024"));
	t = task_path(d, "一");
	assert_int_equal(t->deadlines.n, 1);
	dl = t->deadlines.v[0];
	assert_string_equal(dl->text, "年底前");
	assert_string_equal(dl->end, "2024-12-31");
	directive_free(d);
}

/* One task at 一 from a body paragraph, in a document dated 2022-11-08. */
static struct directive *
one_task(const char *para, const struct directive_task **t)
{
	char text[2048];
	struct directive *d;

	snprintf(text, sizeof(text), "关于开展活动的通知\n一、任务\n%s\nXX市科协\n2022年11月8日\n",
		 para);
	d = parse_ok(text);
	*t = task_path(d, "一");
	return d;
}

static void
test_deadlines(void **state)
{
	static const char *const cases[][4] = {
	    {"从现在起到明年年初，各单位要集中学习。", "从现在起到明年年初", "2022-11-08",
	     "2023-03-31"},
	    {"各单位要在年内完成。", "年内", "2022-11-08", "2022-12-31"},
	    {"各单位要于年底前完成。", "年底前", "2022-11-08", "2022-12-31"},
	    {"今年各单位要开展活动。", "今年", "2022-11-08", "2022-12-31"},
	    {"到2025年，比例超过15%。", "到2025年", "2022-11-08", "2025-12-31"},
	    {"2023年6月底前，各单位要完成。", "2023年6月底前", "2022-11-08", "2023-06-30"},
	    {"各单位要于3月底前报送。", "3月底前", "2022-11-08", "2023-03-31"},
	    {"2023年1月10日至2月10日，各单位要填报。", "2023年1月10日至2月10日", "2023-01-10",
	     "2023-02-10"},
	    {"明年上半年，各单位要完成。", "明年上半年", "2023-01-01", "2023-06-30"},
	    {"明年下半年，各单位要完成。", "明年下半年", "2023-07-01", "2023-12-31"},
	    {"2024年第二季度，各单位要完成。", "2024年第二季度", "2024-04-01", "2024-06-30"},
	    {"“十四五”时期，各单位要推进。", "十四五”时期", "2022-11-08", "2025-12-31"},
	    {"2023—2025年，各单位要持续推进。", "2023—2025年", "2023-01-01", "2025-12-31"},
	    {"各单位要于本月底前报送。", "本月底前", "2022-11-08", "2022-11-30"},
	    {"各单位要于5月30日前后举办。", "5月30日前后", "2023-05-30", "2023-05-30"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct directive_task *t;
		struct directive *d = one_task(cases[k][0], &t);
		const struct directive_deadline *dl;

		assert_true(t->deadlines.n >= 1);
		dl = t->deadlines.v[0];
		assert_string_equal(dl->text, cases[k][1]);
		assert_string_equal(dl->start, cases[k][2]);
		assert_string_equal(dl->end, cases[k][3]);
		directive_free(d);
	}
}

static void
test_past_is_no_deadline(void **state)
{
	const struct directive_task *t;
	struct directive *d = one_task("2021年以来，各单位要总结经验。2020年，工作取得进展。", &t);

	(void)state;
	assert_int_equal(t->deadlines.n, 0);
	directive_free(d);
}

static void
test_targets_round_two(void **state)
{
	const struct directive_task *t;
	struct directive *d = one_task(
	    "全市研发经费投入强度已提高到2.1%。五年来，学会数量增加到210个。全市规上工业企业研发"
	    "机构覆盖率到2027年达到50%以上，审批时限不得超过15个工作日，拨付时间控制在30日以内，"
	    "到2030年科技创新能力达到全国先进水平。",
	    &t);
	const struct directive_target *tg;

	(void)state;
	/* Past statistics are no targets. */
	assert_int_equal(t->targets.n, 4);
	tg = t->targets.v[0];
	assert_string_equal(tg->metric, "全市规上工业企业研发机构覆盖率");
	assert_string_equal(tg->op, ">=");
	tg = t->targets.v[1];
	assert_string_equal(tg->text, "不得超过15个工作日");
	assert_string_equal(tg->op, "<=");
	assert_string_equal(tg->unit, "个工作日");
	assert_string_equal(tg->metric, "审批时限");
	tg = t->targets.v[2];
	assert_string_equal(tg->op, "<=");
	assert_string_equal(tg->unit, "日");
	assert_string_equal(tg->metric, "拨付时间");
	tg = t->targets.v[3];
	assert_string_equal(tg->text, "达到全国先进水平");
	assert_false(tg->has_value);
	assert_string_equal(tg->metric, "科技创新能力");
	assert_string_equal(tg->by, "2030-12-31");
	directive_free(d);
}

static void
test_subjects_round_two(void **state)
{
	static const char *const cases[][3] = {
	    {"各有关部门要结合实际制定措施。", "各有关部门", NULL},
	    {"各试点城市要总结经验。", "各试点城市", NULL},
	    {"有关单位要于6月10日前报送方案。", "有关单位", NULL},
	    {"审计署要加强监督。", "审计署", NULL},
	    {"市科技报社要开设专栏。", "市科技报社", NULL},
	    {"科技部要会同教育部出台意见。", "科技部", "教育部"},
	    {"各地区要于11月底前报送，由科技部汇总后报国务院。", "各地区", "科技部"},
	    {"市科技局负责，市发展改革委配合，出台办法。", "市科技局", "市发展改革委"},
	    {"科技部牵头，各有关部门按职责分工负责。", "科技部", "各有关部门"},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct directive_task *t;
		struct directive *d = one_task(cases[k][0], &t);
		size_t want = cases[k][2] != NULL ? 2 : 1;

		if (t->subjects.n != want)
			fail_msg("%s: %zu subjects", cases[k][0], t->subjects.n);
		assert_string_equal(t->subjects.v[0], cases[k][1]);
		if (want == 2)
			assert_string_equal(t->subjects.v[1], cases[k][2]);
		directive_free(d);
	}
}

static void
test_not_subjects(void **state)
{
	static const char *const cases[] = {
	    "为迎接全国科技工作者日，要做好准备。",
	    "十九届六中全会要求全党坚定信心。",
	    "《关于加强科普工作的意见》要求各地落实。",
	    "持续深化机关牵头、部门协同的工作机制。",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char text[512];
		struct directive *d;
		size_t j;

		snprintf(text, sizeof(text), "关于开展活动的通知\n一、任务\n%s\n", cases[k]);
		d = parse_ok(text);
		for (j = 0; j < d->tasks.n; j++) {
			const struct directive_task *t = d->tasks.v[j];

			if (t->subjects.n != 0)
				fail_msg("%s: subject %s", cases[k],
					 (const char *)t->subjects.v[0]);
		}
		directive_free(d);
	}
}

static void
test_web_site_name_and_headline(void **state)
{
	struct directive *d = parse_ok("XX县科学技术协会\n"
				       "首页 > 通知公告\n"
				       "关于开展活动的通知\n"
				       "发布时间：2023-09-08 16:20:00\n"
				       "关于开展活动的通知\n"
				       "X科协函〔2024〕12号\n"
				       "各区县科协：\n"
				       "一、各区县科协要做好准备。\n");

	(void)state;
	assert_string_equal(d->title, "关于开展活动的通知");
	assert_string_equal(d->number, "X科协函〔2024〕12号");
	assert_int_equal(d->addressees.n, 1);
	assert_string_equal(str_at(&d->notes, 0), "XX县科学技术协会");
	assert_true(has_warning(d, "标题重复出现"));
	directive_free(d);
}

static void
test_too_many_headings(void **state)
{
	struct directive *d = NULL;
	struct directive_error err;
	struct buf b;
	size_t k;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "关于开展活动的通知\n");
	for (k = 0; k <= DIRECTIVE_MAX_NODES / 4; k++)
		buf_puts(&b, "一、\n（一）\n1.\n（1）\n");
	assert_false(b.err);
	assert_int_equal(directive_parse(buf_cstr(&b), b.len, &d, &err), DIRECTIVE_ETOOBIG);
	assert_null(d);
	assert_non_null(strstr(err.msg, "numbered headings"));
	buf_free(&b);
}

static void
test_json_escapes(void **state)
{
	struct directive *d = parse_ok("关于开展\"活动\"的通知\n一、要求\\各单位要报送。\n");
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(directive_json(d, 0, &b), DIRECTIVE_OK);
	assert_non_null(strstr(buf_cstr(&b), "\"title\": \"关于开展\\\"活动\\\"的通知\""));
	assert_non_null(strstr(buf_cstr(&b), "要求\\\\各单位"));
	buf_free(&b);
	directive_free(d);
}

static void
test_narrative_is_no_deadline(void **state)
{
	const struct directive_task *t;
	struct directive *d;

	(void)state;
	/* Dated 2022-11-08: a story of the past, a fire in the document's year, a formula. */
	d = one_task("会议于3月5日至11日在北京举行。8月3日，某地发生火灾。覆盖率＝本年度开展"
		     "活动的学会数÷学会总数×100%。各单位要于12月10日前报送。",
		     &t);
	assert_int_equal(t->deadlines.n, 1);
	assert_string_equal(((struct directive_deadline *)t->deadlines.v[0])->end, "2022-12-10");
	directive_free(d);
	/* 6月8日内江市: a date followed by a place, not "within 6月8日"; the meeting has passed
	 * this year and the sentence does not speak of the future, so it is no limit. */
	d = one_task("6月8日内江市召开现场会。各单位要于下一年度3月底前报送。", &t);
	assert_int_equal(t->deadlines.n, 1);
	assert_string_equal(((struct directive_deadline *)t->deadlines.v[0])->text,
			    "下一年度3月底前");
	assert_string_equal(((struct directive_deadline *)t->deadlines.v[0])->end, "2023-03-31");
	directive_free(d);
	/* Still ahead and asked for: a point, its text without 内. */
	d = one_task("各单位要参加12月8日内江市现场会。", &t);
	assert_int_equal(t->deadlines.n, 1);
	assert_string_equal(((struct directive_deadline *)t->deadlines.v[0])->text, "12月8日");
	directive_free(d);
}

static void
test_targets(void **state)
{
	const struct directive_task *t;
	struct directive *d =
	    one_task("到2025年，全市公民具备科学素质的比例超过15%，到2027年高于全国平均"
		     "水平。各区县科协要建设科普教育基地30个以上，开展科普活动2000场次以"
		     "上，刊发稿件不少于100篇。",
		     &t);
	const struct directive_target *tg;

	(void)state;
	assert_int_equal(t->targets.n, 5);
	tg = t->targets.v[0];
	assert_string_equal(tg->text, "超过15%");
	assert_string_equal(tg->metric, "全市公民具备科学素质的比例");
	assert_string_equal(tg->op, ">");
	assert_true(tg->has_value && tg->value == 15);
	assert_string_equal(tg->unit, "%");
	assert_string_equal(tg->by, "2025-12-31");
	tg = t->targets.v[1];
	assert_string_equal(tg->text, "高于全国平均水平");
	assert_false(tg->has_value);
	assert_string_equal(tg->metric, "全市公民具备科学素质的比例");
	assert_string_equal(tg->by, "2027-12-31");
	tg = t->targets.v[2];
	assert_string_equal(tg->text, "30个以上");
	assert_string_equal(tg->op, ">=");
	assert_string_equal(tg->unit, "个");
	tg = t->targets.v[3];
	assert_string_equal(tg->text, "2000场次以上");
	assert_string_equal(tg->unit, "场次");
	assert_string_equal(tg->metric, "开展科普活动");
	tg = t->targets.v[4];
	assert_string_equal(tg->text, "不少于100篇");
	assert_string_equal(tg->metric, "刊发稿件");
	directive_free(d);
}

/* A count after a short verb (至少召开2次) and after a verb of building (建成30个) are targets;
 * 力争 before words and a year after 达到 are not. */
static void
test_targets_counts(void **state)
{
	const struct directive_task *t;
	struct directive *d = one_task("各区县科协每季度至少召开2次专题会议，年内建成30个科普站，"
				       "力争上游，达到2025年的规划要求。",
				       &t);
	const struct directive_target *tg;

	(void)state;
	assert_int_equal(t->targets.n, 2);
	tg = t->targets.v[0];
	assert_string_equal(tg->text, "至少召开2次");
	assert_string_equal(tg->op, ">=");
	assert_true(tg->has_value && tg->value == 2);
	assert_string_equal(tg->unit, "次");
	tg = t->targets.v[1];
	assert_string_equal(tg->text, "30个");
	assert_string_equal(tg->op, ">=");
	assert_true(tg->has_value && tg->value == 30);
	assert_string_equal(tg->unit, "个");
	directive_free(d);
}

/* Without a date, a short last line signs only when it names a body (办公室, 科协). */
static void
test_signature_without_date(void **state)
{
	struct directive *d =
	    parse_ok("关于开展活动的通知\n一、任务\n各单位要认真组织学习。\n\n市科协办公室\n");

	(void)state;
	assert_string_equal(d->signature, "市科协办公室");
	directive_free(d);
	d = parse_ok("关于开展活动的通知\n一、任务\n各单位要认真组织学习。\n\n张三李四\n");
	assert_null(d->signature);
	directive_free(d);
}

static void
test_strength_and_subjects(void **state)
{
	static const char *const cases[][3] = {
	    {"各级科协党组织要把学习作为重要政治任务。", "要", "各级科协党组织"},
	    {"市科协党校要将精神纳入培训。", "要", "市科协党校"},
	    {"党员干部必须带头学习，主要负责同志要亲自抓。", "必须", "党员干部"},
	    {"各区县科协应当在年内建立站点。", "应当", "各区县科协"},
	    {"鼓励学会与企业合作。", "鼓励", NULL},
	    {"严禁违规收送礼品。", "不得", NULL},
	    {"这是重要的主要工作，需要按照要求。", "", NULL},
	    {"同时，各区县科协、各市级学会要组建宣讲团。", "要", "各区县科协"},
	    {"各单位应于6月底前报送材料。", "应当", "各单位"},
	    {"各单位须于6月底前报送材料。", "必须", "各单位"},
	    {"请各区县科协于6月底前报送材料。", "要", "各区县科协"},
	    {"推动学会党组织应建尽建，相应调整。", "", NULL},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct directive_task *t = NULL;
		char text[512];
		struct directive *d;
		size_t j;

		snprintf(text, sizeof(text), "关于开展活动的通知\n一、任务\n%s\n", cases[k][0]);
		d = parse_ok(text);
		for (j = 0; j < d->tasks.n; j++)
			t = d->tasks.v[j];
		if (cases[k][1][0] == '\0') {
			assert_int_equal(d->tasks.n, 0);
		} else {
			assert_non_null(t);
			assert_string_equal(t->strength, cases[k][1]);
			if (cases[k][2] != NULL)
				assert_string_equal(t->subjects.v[0], cases[k][2]);
			else
				assert_int_equal(t->subjects.n, 0);
		}
		directive_free(d);
	}
}

static void
test_responsibility_notes(void **state)
{
	const struct directive_task *t;
	struct directive *d = one_task("加强理论武装。（责任部室：科学技术普及部、学会学术部）"
				       "（牵头单位：办公室；责任单位：各区县科协、各市级学会）",
				       &t);

	(void)state;
	assert_int_equal(t->subjects.n, 5);
	assert_string_equal(t->subjects.v[0], "科学技术普及部");
	assert_string_equal(t->subjects.v[1], "学会学术部");
	assert_string_equal(t->subjects.v[2], "办公室");
	assert_string_equal(t->subjects.v[3], "各区县科协");
	assert_string_equal(t->subjects.v[4], "各市级学会");
	directive_free(d);
}

static void
test_note_with_time_limit(void **state)
{
	const struct directive_task *t;
	const struct directive_deadline *dl;
	struct directive *d =
	    one_task("加强宣传。（责任单位：科普部、学会部，完成时限：2023年6月）", &t);

	(void)state;
	assert_int_equal(t->subjects.n, 2);
	assert_string_equal(t->subjects.v[1], "学会部");
	assert_int_equal(t->deadlines.n, 1);
	dl = t->deadlines.v[0];
	assert_string_equal(dl->start, "2022-11-08");
	assert_string_equal(dl->end, "2023-06-30");
	directive_free(d);
}

static void
test_table(void **state)
{
	struct directive *d = parse_ok("关于任务分工的通知\n"
				       "一、任务分工\n"
				       "序号\t工作任务\t责任部门\t完成时限\n"
				       "1\t制定实施方案\t办公室\t2023年3月底前\n"
				       "2\t举办大赛\t青少年科技中心、各区县科协\t2023年上半年\n"
				       "二、要求\n"
				       "XX市科协\n"
				       "2023年1月16日\n");
	const struct directive_node *one = node_at(&d->sections, 0);
	const struct directive_task *t;
	const struct directive_deadline *dl;

	(void)state;
	assert_int_equal(one->children.n, 2);
	assert_string_equal(node_at(&one->children, 0)->heading, "制定实施方案");
	t = task_path(d, "一/2");
	assert_int_equal(t->subjects.n, 2);
	assert_string_equal(t->subjects.v[1], "各区县科协");
	dl = t->deadlines.v[0];
	assert_string_equal(dl->end, "2023-06-30");
	directive_free(d);
}

static void
test_normalisation(void **state)
{
	static const char text[] = "\xef\xbb\xbf关于开展活动的通知\r\n各单位：\r\n"
				   "\xe3\x80\x80\xe3\x80\x80一、任务\r\n"
				   "\xe3\x80\x80\xe3\x80\x80各单位要落实。\r\n";
	struct directive *d = parse_ok(text);

	(void)state;
	assert_string_equal(d->title, "关于开展活动的通知");
	assert_string_equal(str_at(&d->addressees, 0), "各单位");
	assert_int_equal(d->sections.n, 1);
	assert_true(has_warning(d, "BOM"));
	assert_true(has_warning(d, "CRLF"));
	assert_true(has_warning(d, "全角空格"));
	directive_free(d);
}

/* A fixture file's bytes (tests run from the repository's root), or fail. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n = 0;

	if (f == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		fail_msg("cannot size %s", path);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static void
test_docx(void **state)
{
	struct directive *d = NULL;
	struct directive_error err;
	const struct directive_node *one, *a, *b;
	size_t len;
	char *data = slurp("tests/directive/fixtures/numbered_docx.docx", &len);

	(void)state;
	/* Word numbers these headings itself: the markers come from numbering.xml. */
	assert_int_equal(directive_parse_docx(data, len, &d, &err), DIRECTIVE_OK);
	assert_int_equal(d->sections.n, 2);
	one = node_at(&d->sections, 0);
	assert_string_equal(one->number, "一、");
	a = node_at(&one->children, 1);
	assert_string_equal(a->number, "（二）");
	b = node_at(&node_at(&one->children, 0)->children, 0);
	assert_string_equal(b->number, "1.");
	assert_string_equal(node_at(&b->children, 0)->number, "（1）");
	assert_string_equal(node_at(&d->sections, 1)->number, "二、");
	directive_free(d);
	free(data);
}

static void
test_errors(void **state)
{
	struct directive *d = (struct directive *)1;
	struct directive_error err;
	static const char bad[] = "通知\n第二行\xff坏";

	(void)state;
	assert_int_equal(directive_parse(bad, sizeof(bad) - 1, &d, &err), DIRECTIVE_EUTF8);
	assert_null(d);
	assert_int_equal(err.offset, 16);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 4);
	assert_non_null(strstr(err.msg, "byte 16"));
	assert_int_equal(directive_parse("", 0, &d, &err), DIRECTIVE_ENOTDOC);
	assert_int_equal(directive_parse("a\0b", 3, &d, &err), DIRECTIVE_ENOTDOC);
	assert_int_equal(directive_parse("hello", 5, &d, &err), DIRECTIVE_ENOTDOC);
	assert_int_equal(directive_parse_docx("PK\x03\x04xx", 6, &d, &err), DIRECTIVE_EDOCX);
	assert_null(d);
	directive_free(NULL);
}

static void
test_units(void **state)
{
	static const struct directive_unit units[] = {
	    {"Q1", "渝中区科协", "区县科协"}, {"Q2", "江北区科协", "区县科协"},
	    {"S1", "市物理学会", "市级学会"}, {"Z1", "机关第一支部", "机关支部"},
	    {"D1", "市科协党校", "直属单位"},
	};
	const struct directive_task *t;
	struct directive *d =
	    one_task("各区县科协要组建宣讲团，市科协党校要开展培训，各市级学会要参与。", &t);

	(void)state;
	assert_int_equal(directive_units_resolve(d, units, 5), DIRECTIVE_OK);
	assert_int_equal(t->units.n, 4);
	assert_string_equal(t->units.v[0], "Q1");
	assert_string_equal(t->units.v[1], "Q2");
	assert_string_equal(t->units.v[2], "D1");
	assert_string_equal(t->units.v[3], "S1");
	directive_free(d);
}

static void
test_units_names(void **state)
{
	static const struct directive_unit units[] = {
	    {"Q1", "渝中区科学技术协会", "区县科协"}, {"B1", "市科协办公室", "其他"},
	    {"B2", "渝中区科协办公室", "其他"},	      {"P1", "市科技馆党委", "党组织"},
	    {"S1", "市物理学会", "市级学会"},
	};
	const struct directive_task *t;
	struct directive *d;

	(void)state;
	/* 科协 is short for 科学技术协会; 办公室 is the nearest (shortest) such unit. */
	d = one_task("渝中区科协要组织宣讲。（责任部室：办公室）各级科协党组织要带头学习。", &t);
	assert_int_equal(directive_units_resolve(d, units, 5), DIRECTIVE_OK);
	assert_int_equal(t->units.n, 3);
	assert_string_equal(t->units.v[0], "Q1");
	assert_string_equal(t->units.v[1], "P1");
	assert_string_equal(t->units.v[2], "B1");
	directive_free(d);
	/* 各单位 are the addressees. */
	d = parse_ok(
	    "关于开展活动的通知\n渝中区科协，各市级学会：\n一、任务\n各单位要认真落实。\n");
	t = task_path(d, "一");
	assert_int_equal(directive_units_resolve(d, units, 5), DIRECTIVE_OK);
	assert_int_equal(t->units.n, 2);
	assert_string_equal(t->units.v[0], "Q1");
	assert_string_equal(t->units.v[1], "S1");
	directive_free(d);
}

static void
test_json(void **state)
{
	struct directive *d = parse_ok(head_doc);
	struct buf out;

	(void)state;
	buf_init(&out);
	assert_int_equal(directive_json(d, 0, &out), DIRECTIVE_OK);
	assert_non_null(strstr(buf_cstr(&out), "\"number\": \"X科协发〔2022〕35号\""));
	assert_non_null(strstr(buf_cstr(&out), "\"kind\": \"意见\""));
	assert_null(strstr(buf_cstr(&out), "\"units\""));
	buf_free(&out);
	directive_free(d);
}

/* A run of places joined by 、 and ended by one organ is one addressee; other 、 still split. */
static void
test_addressee_places(void **state)
{
	struct directive *d =
	    parse_ok("关于测试的通知\n"
		     "各省、自治区、直辖市科协，各市、县（区）科协，机关各部室、各直属单位：\n"
		     "一、各单位要认真落实。\n");

	(void)state;
	assert_int_equal(d->addressees.n, 4);
	assert_string_equal(str_at(&d->addressees, 0), "各省、自治区、直辖市科协");
	assert_string_equal(str_at(&d->addressees, 1), "各市、县（区）科协");
	assert_string_equal(str_at(&d->addressees, 2), "机关各部室");
	assert_string_equal(str_at(&d->addressees, 3), "各直属单位");
	directive_free(d);
}

/* （A、B按职责分工负责） and （A牵头，B配合） name subjects; a 、 list inside is split. */
static void
test_bracket_notes(void **state)
{
	struct directive *d = parse_ok("关于测试的通知\n各单位：\n"
				       "一、完善机制。（教育部、审计署按职责分工负责）\n"
				       "二、建设设施。（市科协牵头，市教委配合）\n"
				       "XX市科学技术协会\n2024年3月1日\n");
	const struct directive_task *t;

	(void)state;
	assert_int_equal(d->tasks.n, 2);
	t = d->tasks.v[0];
	assert_int_equal(t->subjects.n, 2);
	assert_string_equal(str_at(&t->subjects, 0), "教育部");
	assert_string_equal(str_at(&t->subjects, 1), "审计署");
	t = d->tasks.v[1];
	assert_int_equal(t->subjects.n, 2);
	assert_string_equal(str_at(&t->subjects, 0), "市科协");
	assert_string_equal(str_at(&t->subjects, 1), "市教委");
	directive_free(d);
}

/* 2024年起，每年3月底前 is one recurring limit whose first end is 2024-03-31, not 2024 itself. */
static void
test_recurring(void **state)
{
	struct directive *d = parse_ok("关于测试的通知\n各单位：\n"
				       "一、市财政局要2024年起，每年3月底前下达资金。\n"
				       "XX市科学技术协会\n2023年11月1日\n");
	const struct directive_task *t;
	const struct directive_deadline *dl;

	(void)state;
	assert_int_equal(d->tasks.n, 1);
	t = d->tasks.v[0];
	assert_int_equal(t->deadlines.n, 1);
	dl = t->deadlines.v[0];
	assert_string_equal(dl->text, "3月底前");
	assert_string_equal(dl->end, "2024-03-31");
	assert_non_null(dl->recurring);
	assert_string_equal(dl->recurring, "year");
	directive_free(d);
}

/* Formats by signature; GB18030 and UTF-16 converted with a warning; OLE2 refused plainly. */
static void
test_input_formats(void **state)
{
	/* 关于测试的通知\n各单位：\n一、各单位要落实。\n in GB18030 */
	static const char gbk[] =
	    "\xb9\xd8\xd3\xda\xb2\xe2\xca\xd4\xb5\xc4\xcd\xa8\xd6\xaa\n"
	    "\xb8\xf7\xb5\xa5\xce\xbb\xa3\xba\n"
	    "\xd2\xbb\xa1\xa2\xb8\xf7\xb5\xa5\xce\xbb\xd2\xaa\xc2\xe4\xca\xb5\xa1\xa3\n";
	static const unsigned char ole2[] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 'x'};
	/* 通知\n in UTF-16LE with its mark */
	static const unsigned char u16[] = {0xff, 0xfe, 0x1a, 0x90, 0xe5, 0x77, 0x0a, 0x00};
	struct directive *d = NULL;
	struct directive_error err;
	const struct directive_warning *w;

	(void)state;
	assert_int_equal(directive_sniff("%PDF-1.7", 8, "a.txt"), DIRECTIVE_FMT_PDF);
	assert_int_equal(directive_sniff(ole2, sizeof(ole2), "a.doc"), DIRECTIVE_FMT_OLE2);
	assert_int_equal(directive_sniff("PK\x03\x04", 4, "a"), DIRECTIVE_FMT_DOCX);
	assert_int_equal(directive_sniff(u16, sizeof(u16), NULL), DIRECTIVE_FMT_UTF16);
	assert_int_equal(directive_sniff("通知", strlen("通知"), NULL), DIRECTIVE_FMT_TEXT);

	assert_int_equal(directive_parse_input(gbk, sizeof(gbk) - 1, "a.txt", &d, &err),
			 DIRECTIVE_OK);
	assert_string_equal(d->title, "关于测试的通知");
	assert_string_equal(str_at(&d->addressees, 0), "各单位");
	w = d->warnings.v[0];
	assert_non_null(strstr(w->msg, "GB18030"));
	directive_free(d);

	assert_int_equal(directive_parse_input(u16, sizeof(u16), NULL, &d, &err), DIRECTIVE_OK);
	w = d->warnings.v[0];
	assert_non_null(strstr(w->msg, "UTF-16"));
	directive_free(d);

	assert_int_equal(directive_parse_input(ole2, sizeof(ole2), "a.doc", &d, &err),
			 DIRECTIVE_EOLE);
	assert_null(d);
	assert_non_null(strstr(err.msg, ".docx"));
	assert_int_equal(directive_parse_input("%PDF-1.4 junk", 13, "a.pdf", &d, &err),
			 DIRECTIVE_EPDF);
	assert_null(d);
	/* Damaged UTF-8 (valid Chinese before the bad byte) keeps its UTF-8 error. */
	assert_int_equal(directive_parse_input("通知\n第二行\377坏", strlen("通知\n第二行\377坏"),
					       "a.txt", &d, &err),
			 DIRECTIVE_EUTF8);
}

/* Web chrome around a copied document goes to notes; the document inside is read. */
static void
test_web_chrome(void **state)
{
	struct directive *d = parse_ok("首页 > 通知公告 > 正文\n通知公告\n"
				       "发布时间：2023-06-12 09:30:00　浏览：12\n字号：大 中 小\n"
				       "关于测试的通知\n各单位：\n一、各单位要落实。\n"
				       "XX市科学技术协会\n2023年6月10日\n打印本页　关闭窗口\n");

	(void)state;
	assert_string_equal(d->title, "关于测试的通知");
	assert_string_equal(str_at(&d->addressees, 0), "各单位");
	assert_string_equal(d->signature, "XX市科学技术协会");
	assert_int_equal(d->notes.n, 5);
	directive_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_head),
	    cmocka_unit_test(test_number_brackets),
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_levels),
	    cmocka_unit_test(test_not_markers),
	    cmocka_unit_test(test_tail),
	    cmocka_unit_test(test_attachment_labels),
	    cmocka_unit_test(test_annex_own_tree),
	    cmocka_unit_test(test_attachments_labelled),
	    cmocka_unit_test(test_forwarded),
	    cmocka_unit_test(test_title_note_date),
	    cmocka_unit_test(test_head_variants),
	    cmocka_unit_test(test_missing_date),
	    cmocka_unit_test(test_deadlines),
	    cmocka_unit_test(test_past_is_no_deadline),
	    cmocka_unit_test(test_narrative_is_no_deadline),
	    cmocka_unit_test(test_too_many_headings),
	    cmocka_unit_test(test_web_site_name_and_headline),
	    cmocka_unit_test(test_json_escapes),
	    cmocka_unit_test(test_subjects_round_two),
	    cmocka_unit_test(test_not_subjects),
	    cmocka_unit_test(test_targets_round_two),
	    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_targets_counts),
	    cmocka_unit_test(test_signature_without_date),
	    cmocka_unit_test(test_strength_and_subjects),
	    cmocka_unit_test(test_responsibility_notes),
	    cmocka_unit_test(test_note_with_time_limit),
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_normalisation),
	    cmocka_unit_test(test_docx),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_units),
	    cmocka_unit_test(test_units_names),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_addressee_places),
	    cmocka_unit_test(test_bracket_notes),
	    cmocka_unit_test(test_recurring),
	    cmocka_unit_test(test_input_formats),
	    cmocka_unit_test(test_web_chrome),
	};

	/* A PDF is read by the helper program, not beside the test binaries: the build's own. */
	setenv("XUANGUAN_PDFTEXT", "build/san/xuanguan-pdftext", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
