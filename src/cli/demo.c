/* demo: builds the demo tree as CSV text and loads it through the ordinary import path. */
#include "cli/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/actor.h"
#include "base/buf.h"
#include "domain/lecture.h"
#include "domain/org.h"
#include "domain/policy.h"
#include "domain/user.h"

/* Illustrative names in the shape of a large municipality; not an authoritative list. */
static const char *const districts[] = {
    "万州区",
    "涪陵区",
    "渝中区",
    "大渡口区",
    "江北区",
    "沙坪坝区",
    "九龙坡区",
    "南岸区",
    "北碚区",
    "綦江区",
    "大足区",
    "渝北区",
    "巴南区",
    "黔江区",
    "长寿区",
    "江津区",
    "合川区",
    "永川区",
    "南川区",
    "璧山区",
    "铜梁区",
    "潼南区",
    "荣昌区",
    "开州区",
    "两江新区",
    "梁平县",
    "城口县",
    "丰都县",
    "垫江县",
    "忠县",
    "云阳县",
    "奉节县",
    "巫山县",
    "石柱土家族自治县",
    "秀山土家族苗族自治县",
    "酉阳土家族苗族自治县",
    "彭水苗族土家族自治县",
    "西部科学城重庆高新区",
    "万盛经开区",
};

static const char *const society_fields[] = {
    "数学",	    "物理",	"化学",		  "天文",	  "地理",	  "地质",
    "气象",	    "海洋湖沼", "生态",		  "植物",	  "动物",	  "微生物",
    "生物化学",	    "遗传",	"心理",		  "机械工程",	  "电机工程",	  "电子",
    "计算机",	    "自动化",	"仪器仪表",	  "通信",	  "测绘地理信息", "水利",
    "土木建筑",	    "公路",	"铁道",		  "航空航天",	  "汽车工程",	  "城市规划",
    "环境科学",	    "能源研究", "金属",		  "化工",	  "纺织工程",	  "造纸",
    "食品科学技术", "粮油",	"农学",		  "园艺",	  "畜牧兽医",	  "水产",
    "林学",	    "茶叶",	"中医药",	  "医学",	  "药学",	  "护理",
    "预防医学",	    "营养",	"科普作家",	  "科技史",	  "科技翻译",	  "图书馆",
    "档案",	    "标准化",	"质量",		  "安全生产",	  "消防",	  "应急管理",
    "知识产权",	    "科技金融", "青少年科技教育", "老科技工作者", "女科技工作者", "工程师",
    "科学养生",	    "人工智能", "大数据",	  "软件",	  "集成电路",	  "新材料",
    "生物医药",	    "智能制造", "新能源汽车",	  "数字经济",	  "乡村振兴",	  "气候变化",
    "碳中和",	    "防灾减灾",
};

static const char *const suffixes[] = {"学会", "协会", "研究会"};

static const char *const direct_units[] = {"科技馆", "科技报社", "科技发展服务中心",
					   "科学技术普及中心", "学会服务中心"};

static void
row(struct buf *b, const char *code, const char *parent, const char *name, const char *kind,
    long members)
{
	buf_printf(b, "%s,%s,%s,%s,%ld\n", code, parent, name, kind, members);
}

/* Member counts vary by a fixed rule so the demo looks alive yet stays reproducible. */
static long
members_for(size_t i, long base)
{
	return base + (long)((i * 7919) % (size_t)(base + 1));
}

static void
top_rows(struct buf *b)
{
	size_t i;
	char code[64], parent[32], name[128];

	row(b, "SKX", "", "市科学技术协会", "市科协", 126);
	row(b, "SKX-DZ", "SKX", "市科协党组", "党组织", 9);
	row(b, "SKX-BGS", "SKX", "市科协办公室", "其他", 14);
	row(b, "SKX-JGDW", "SKX", "市科协机关党委", "党组织", 118);
	for (i = 1; i <= 6; i++) {
		static const char *const nth[] = {"",	  "第一", "第二", "第三",
						  "第四", "第五", "第六"};
		snprintf(code, sizeof(code), "SKX-JG-%02zu", i);
		snprintf(name, sizeof(name), "机关%s党支部", nth[i]);
		row(b, code, "SKX-JGDW", name, "机关支部", (long)(12 + i * 3));
	}
	row(b, "SKX-STDW", "SKX", "市科技社团党委", "党组织", 35);
	for (i = 0; i < sizeof(direct_units) / sizeof(direct_units[0]); i++) {
		snprintf(code, sizeof(code), "SKX-ZS-%02zu", i + 1);
		snprintf(name, sizeof(name), "市%s", direct_units[i]);
		row(b, code, "SKX", name, "直属单位", members_for(i, 40));
		snprintf(parent, sizeof(parent), "%.31s", code);
		snprintf(code, sizeof(code), "%s-DZB", parent);
		snprintf(name, sizeof(name), "市%s党%s", direct_units[i], i < 2 ? "委" : "总支");
		row(b, code, parent, name, "党组织", members_for(i, 20));
	}
}

static void
district_rows(struct buf *b)
{
	size_t i, k;
	char code[64], parent[32], name[160];

	for (i = 0; i < sizeof(districts) / sizeof(districts[0]); i++) {
		snprintf(code, sizeof(code), "QX%02zu", i + 1);
		snprintf(name, sizeof(name), "%s科学技术协会", districts[i]);
		row(b, code, "SKX", name, "区县科协", members_for(i, 30));
		/* A few districts get the deeper levels: streets, a school, a branch. */
		if (i % 8 != 2)
			continue;
		snprintf(parent, sizeof(parent), "%.31s", code);
		for (k = 1; k <= 3; k++) {
			snprintf(code, sizeof(code), "%s-JD%02zu", parent, k);
			snprintf(name, sizeof(name), "%s第%zu街道科协", districts[i], k);
			row(b, code, parent, name, "乡镇街道科协", members_for(i + k, 8));
		}
		snprintf(code, sizeof(code), "%s-JD01-DZB", parent);
		snprintf(name, sizeof(name), "%s第1街道科协党支部", districts[i]);
		{
			char p2[64];
			snprintf(p2, sizeof(p2), "%s-JD01", parent);
			row(b, code, p2, name, "党组织", 7);
		}
		snprintf(code, sizeof(code), "%s-GX01", parent);
		snprintf(name, sizeof(name), "%s职业技术学院科协", districts[i]);
		row(b, code, parent, name, "高校科协", members_for(i, 60));
	}
}

/* Lecture teams (宣讲团): the association's own, and one district's. */
static void
team_rows(struct buf *b)
{
	row(b, "SKX-XJT", "SKX", "市科协宣讲团", LECTURE_TEAM_KIND, 24);
	row(b, "QX03-XJT", "QX03", "渝中区科协宣讲团", LECTURE_TEAM_KIND, 8);
}

/* Fictional lecturers of the demo teams. */
static const struct {
	const char *team;
	const char *name;
	const char *title;
} lecturers[] = {
    {"SKX-XJT", "林思齐", "市科协党校教授 · 理论宣讲"},
    {"SKX-XJT", "黄振宇", "研究员 · 科技创新政策"},
    {"SKX-XJT", "许文澜", "高级工程师 · 科普与科学素质"},
    {"QX03-XJT", "邓雨晴", "区委党校讲师 · 基层宣讲"},
};

static enum xg_rc
load_lecturers(struct db *db, struct arena *a, int64_t now, struct xg_error *err)
{
	struct actor sys = ACTOR_SYSTEM("demo");
	enum xg_rc rc = XG_OK;
	size_t i;

	for (i = 0; rc == XG_OK && i < sizeof(lecturers) / sizeof(lecturers[0]); i++) {
		struct db_org team;
		int64_t id;
		rc = xg_from_db(err, db_org_by_code(db, a, NULL, lecturers[i].team, &team), db,
				"演示单位");
		if (rc == XG_OK)
			rc = lecture_lecturer_add(db, a, &sys, team.id, lecturers[i].name,
						  lecturers[i].title, now, &id, err);
	}
	return rc;
}

static void
society_rows(struct buf *b)
{
	size_t nf = sizeof(society_fields) / sizeof(society_fields[0]);
	size_t i;
	char code[32], name[160];

	/* About 150 societies: each field once, the common ones as a 协会 or 研究会 too. */
	for (i = 0; i < 150; i++) {
		const char *suffix = suffixes[i < nf ? 0 : 1 + (i % 2)];
		snprintf(code, sizeof(code), "XH%03zu", i + 1);
		snprintf(name, sizeof(name), "市%s%s", society_fields[i % nf], suffix);
		row(b, code, "SKX-STDW", name, "市级学会", members_for(i, 150));
	}
}

static void
enterprise_rows(struct buf *b)
{
	static const char *const names[] = {
	    "钢铁集团",	    "汽车集团",	      "电力公司",	"机电集团",	  "化医集团",
	    "建工集团",	    "水务集团",	      "能源集团",	"轨道交通集团",	  "农业投资集团",
	    "高速公路集团", "通信产业公司",   "仪表集团",	"电子信息集团",	  "医药股份公司",
	    "食品集团",	    "物流集团",	      "机场集团",	"港务集团",	  "燃气集团",
	    "环保集团",	    "地质矿产研究院", "农业科学院",	"林业科学研究院", "科学技术研究院",
	    "中医研究院",   "建筑科学研究院", "交通科研设计院", "智能装备产业园", "生物医药产业园"};
	size_t i;
	char code[32], name[160];

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(code, sizeof(code), "QY%03zu", i + 1);
		snprintf(name, sizeof(name), "%s科学技术协会", names[i]);
		row(b, code, "SKX", name, "企事业科协", members_for(i, 200));
	}
}

struct demo_account {
	const char *username;
	const char *display_name;
	const char *role;
	const char *org_code;
};

/* Fictional people. */
static const struct demo_account accounts[] = {
    {"admin", "王建国", "sysadmin", "SKX"},	  {"secadmin", "李安平", "secadmin", "SKX"},
    {"auditor", "赵审言", "auditor", "SKX"},	  {"office", "陈晓文", "staff", "SKX"},
    {"leader", "刘志远", "viewer", "SKX"},	  {"stdw", "周督学", "supervisor", "SKX-STDW"},
    {"jgdw", "吴明德", "supervisor", "SKX-JGDW"}, {"yuzhong", "孙丽华", "reporter", "QX03"},
    {"jiangbei", "郑家宁", "reporter", "QX05"},	  {"yuzhong_staff", "何思源", "staff", "QX03"},
    {"wuli", "马力行", "reporter", "XH005"},	  {"xjt", "罗宣明", "reporter", "SKX-XJT"},
};

static enum xg_rc
load_accounts(struct db *db, struct arena *a, int64_t now, size_t *users, struct xg_error *err)
{
	struct actor sys = ACTOR_SYSTEM("demo");
	struct policy pol;
	size_t i;
	enum xg_rc rc;

	policy_defaults(&pol);
	for (i = 0; i < sizeof(accounts) / sizeof(accounts[0]); i++) {
		struct db_org o;
		int64_t id;
		struct user_new in = {.username = accounts[i].username,
				      .display_name = accounts[i].display_name,
				      .role = accounts[i].role,
				      .password = DEMO_PASSWORD};
		rc = xg_from_db(err, db_org_by_code(db, a, NULL, accounts[i].org_code, &o), db,
				"演示单位");
		if (rc != XG_OK)
			return rc;
		in.org_id = o.id;
		rc = user_create(db, a, &pol, &sys, &in, now, &id, err);
		if (rc != XG_OK)
			return rc;
	}
	*users = i;
	return XG_OK;
}

enum xg_rc
demo_load(struct db *db, int64_t now, size_t *units, size_t *users, struct xg_error *err)
{
	struct actor sys = ACTOR_SYSTEM("demo");
	struct arena *a = arena_new();
	struct buf csv, report;
	int64_t kind_id = 0;
	enum xg_rc rc;

	if (a == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	buf_init(&csv);
	buf_init(&report);
	buf_puts(&csv, "code,parent_code,name,kind,members\n");
	top_rows(&csv);
	district_rows(&csv);
	team_rows(&csv);
	society_rows(&csv);
	enterprise_rows(&csv);
	/* The lecture teams' kind is data like any other: the demo adds it. */
	rc = org_kind_create(db, &sys, LECTURE_TEAM_KIND, now, &kind_id, err);
	if (rc == XG_CONFLICT) /* added by hand before: the same kind */
		rc = XG_OK;
	if (rc == XG_OK)
		rc = csv.err
			 ? xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足")
			 : org_import_csv(db, a, &sys, csv.data, csv.len, now, &report, units, err);
	if (rc != XG_OK && report.len > 0)
		snprintf(err->message, sizeof(err->message), "演示数据有误：%.200s", report.data);
	if (rc == XG_OK)
		rc = load_accounts(db, a, now, users, err);
	if (rc == XG_OK)
		rc = load_lecturers(db, a, now, err);
	buf_free(&csv);
	buf_free(&report);
	arena_free(a);
	return rc;
}
