/* generate: `xuanguan demo generate` — a deterministic large tree and its work records, for
 * benchmarks. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/day.h"
#include "base/str.h"
#include "base/tree.h"
#include "cli/cli.h"

/*
 * The shape: a city association at the root; districts, societies,
 * enterprise associations and directly run units below it; streets and
 * towns, committees and branches; communities and villages; party branches;
 * party groups. Six levels at most. Every record falls in 2021..2025 and
 * every figure comes from the seed alone, so two runs with one seed write
 * the same rows in the same order.
 */

#define GEN_LEVELS 6
#define GEN_YEAR0 2021
#define GEN_MONTHS 60
#define GEN_CAMPAIGNS 6
#define GEN_KINDS 5
#define GEN_RECORD_BATCH 1000
#define GEN_ROLLUP_BATCH 2000
#define GEN_TX_RECORDS 200000
#define GEN_UNITS_MAX 2000000
#define GEN_TASKS_MAX 100000
/* Of 32768: the share of the root's tasks each unit below the root's children is assigned
 * (1/16: 300 tasks over 50,000 units make about a million assignments). */
#define GEN_TASK_SHARE 2048

enum unit_kind {
	U_CITY,
	U_DISTRICT,
	U_SOCIETY,
	U_ENTERPRISE,
	U_DIRECT,
	U_STREET,
	U_COLLEGE,
	U_COMMITTEE,
	U_BRANCH_CO,
	U_COMMUNITY,
	U_SCHOOL,
	U_PARTY,
	U_GROUP,
	U__MAX
};

/* The org_kind row each shape is stored as, and the code prefix of a child of that shape. */
static const struct {
	const char *kind;
	const char *prefix;
} shapes[U__MAX] = {
    [U_CITY] = {"市科协", "SKX"},	  [U_DISTRICT] = {"区县科协", "QX"},
    [U_SOCIETY] = {"市级学会", "XH"},	  [U_ENTERPRISE] = {"企事业科协", "QY"},
    [U_DIRECT] = {"直属单位", "ZS"},	  [U_STREET] = {"乡镇街道科协", "JD"},
    [U_COLLEGE] = {"高校科协", "GX"},	  [U_COMMITTEE] = {"其他", "ZW"},
    [U_BRANCH_CO] = {"企事业科协", "FG"}, [U_COMMUNITY] = {"其他", "SQ"},
    [U_SCHOOL] = {"其他", "XY"},	  [U_PARTY] = {"党组织", "DZ"},
    [U_GROUP] = {"党组织", "XZ"},
};

static const char *const districts[] = {
    "万州区", "涪陵区", "渝中区",   "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区",
    "北碚区", "綦江区", "大足区",   "渝北区",	"巴南区", "黔江区",   "长寿区",	  "江津区",
    "合川区", "永川区", "南川区",   "璧山区",	"铜梁区", "潼南区",   "荣昌区",	  "开州区",
    "梁平区", "武隆区", "城口县",   "丰都县",	"垫江县", "忠县",     "云阳县",	  "奉节县",
    "巫山县", "巫溪县", "两江新区", "高新区",	"万盛区", "石柱县",   "秀山县"};
static const char *const fields[] = {
    "数学",	"物理",	    "化学",	"天文",	    "地理",	"气象",	    "生态",	"植物",
    "动物",	"遗传",	    "心理",	"机械工程", "电机工程", "电子",	    "计算机",	"自动化",
    "通信",	"水利",	    "土木建筑", "公路",	    "汽车工程", "环境科学", "能源研究", "金属",
    "化工",	"食品科学", "农学",	"园艺",	    "畜牧兽医", "林学",	    "中医药",	"医学",
    "药学",	"护理",	    "营养",	"科普作家", "科技史",	"标准化",   "人工智能", "大数据",
    "集成电路", "新材料",   "生物医药", "智能制造", "数字经济", "乡村振兴", "防灾减灾", "碳中和"};
static const char *const enterprises[] = {
    "钢铁集团",	    "汽车集团",	    "电力公司", "机电集团",	"化医集团",
    "建工集团",	    "水务集团",	    "能源集团", "轨道交通集团", "农业投资集团",
    "高速公路集团", "通信产业公司", "仪表集团", "电子信息集团", "医药股份公司",
    "食品集团",	    "物流集团",	    "机场集团", "港务集团",	"燃气集团"};
static const char *const direct_units[] = {"科技馆", "科技报社", "科技发展服务中心",
					   "科学技术普及中心", "学会服务中心"};
static const char *const places[] = {"朝阳", "解放", "新华", "人民", "和平", "建设", "龙溪", "南坪",
				     "花溪", "石桥", "白沙", "青山", "双桥", "金山", "天星", "长安",
				     "东升", "西城", "红旗", "光明", "桂花", "杨家", "李家", "柏树",
				     "清水", "龙门", "凤凰", "黄桷", "石门", "大坪"};
static const char *const nth[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

/* Records */

static const char *const kind_codes[GEN_KINDS] = {"study", "training", "publicity", "lecture",
						  "implementation"};
static const char *const topics[] = {"学习贯彻党的二十大精神",
				     "习近平新时代中国特色社会主义思想",
				     "科技自立自强",
				     "弘扬科学家精神",
				     "全面从严治党",
				     "党史学习教育",
				     "主题教育",
				     "发展新质生产力",
				     "全民科学素质行动",
				     "科技创新与乡村振兴"};
static const char *const study_forms[] = {
    "党组会",	"理论学习中心组", "支部党员大会", "支部委员会",
    "党小组会", "党课",		  "主题党日",	  "其他"};
static const char *const study_modes[] = {"集中研学", "个人自学", "交流互学"};
static const char *const channels[] = {"官网",	"微信公众号", "微博", "科技报专版",
				       "LED屏", "宣传栏",     "其他"};
static const char *const genres[] = {"原创", "转载", "专版", "研究阐释", "决策咨询"};
static const char *const venues[] = {"机关", "企业", "高校", "科研院所", "新时代文明实践中心/所/站",
				     "社区", "农村", "其他"};
static const char *const formats[] = {"对象化", "分众化", "互动化"};
static const char *const audiences[] = {"党员干部", "科技工作者", "青少年",
					"社区居民", "农民群众",	  "企业职工"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
				       "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
static const char *const given[] = {"建国", "丽华", "志远", "晓文", "明德", "思源", "家宁",
				    "安平", "文静", "国强", "海燕", "春梅", "立新", "红霞"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	int y0, m0, d0, y1, m1, d1;
} campaigns[GEN_CAMPAIGNS] = {
    {"党史学习教育", 2021, 2, 20, 2021, 12, 31},
    {"科技工作者日系列活动", 2021, 5, 1, 2025, 6, 30},
    {"学习宣传贯彻党的二十大精神", 2022, 10, 23, 2023, 12, 31},
    {"学习贯彻习近平新时代中国特色社会主义思想主题教育", 2023, 4, 1, 2024, 1, 31},
    {"全国科普日", 2022, 9, 1, 2025, 9, 30},
    {"党纪学习教育", 2024, 4, 1, 2024, 7, 31},
};

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
below(uint64_t *s, uint64_t n)
{
	return n ? rnd(s) % n : 0;
}

#define PICK(s, a) ((a)[below(s, N_OF(a))])

struct unit {
	int64_t id;
	int32_t parent; /* index, -1 for the root */
	int32_t child0; /* first index into the children array */
	int32_t nchild;
	int32_t seq[U__MAX]; /* children made so far, per shape (for codes) */
	uint8_t level;
	uint8_t shape;
	char code[64];
	char name[112];
	char path[TREE_PATH_CAP];
};

struct gen {
	struct db *db;
	uint64_t seed;
	int64_t nunits, nrecords, made, ntasks, task_units;
	struct unit *u;
	int32_t *kids;
	int64_t kind_ids[U__MAX];
	int64_t camp_id[GEN_CAMPAIGNS];
	int64_t camp_from[GEN_CAMPAIGNS], camp_to[GEN_CAMPAIGNS];
	int64_t day0, days;
	/* The counters of the unit open at each level: [campaign slot][kind][month][figure]. */
	int64_t (*acc)[GEN_CAMPAIGNS + 1][GEN_KINDS][GEN_MONTHS][4];
	struct buf recs, rolls;
	size_t nrecs, nrolls, in_tx, rollup_rows;
};

static void
usage(FILE *f)
{
	fprintf(
	    f, "usage: xuanguan demo generate --db DB [--units N] [--records M] [--tasks T]"
	       " [--seed S]\n\n"
	       "Fill an empty database with a generated organisation of N units (default 500)\n"
	       "and M work records (default 10000) of every kind over 2021-2025, with their\n"
	       "campaigns and roll-ups. The same seed (default 1) gives the same database.\n"
	       "  --db DB    SQLite file or postgresql:// URL (or XUANGUAN_DB)\n"
	       "  --tasks T  T tasks of one more campaign (2025), assigned by the root to each of\n"
	       "             its children and to about one unit in 16 below them, due across\n"
	       "             2025-01-15..2025-12-31, assigned, signed or done (default 0)\n");
}

/* The tree */

/* The shape of the i-th unit of level 1 (the root's children). */
static enum unit_kind
top_shape(int64_t i, int64_t ndistricts)
{
	if (i < ndistricts)
		return U_DISTRICT;
	switch ((i - ndistricts) % 10) {
	case 9:
		return U_DIRECT;
	case 6:
	case 7:
	case 8:
		return U_ENTERPRISE;
	default:
		return U_SOCIETY;
	}
}

static enum unit_kind
child_shape(enum unit_kind parent, uint64_t *s)
{
	switch (parent) {
	case U_DISTRICT:
		return below(s, 10) < 8 ? U_STREET : below(s, 2) ? U_COLLEGE : U_BRANCH_CO;
	case U_SOCIETY:
		return U_COMMITTEE;
	case U_ENTERPRISE:
		return U_BRANCH_CO;
	case U_STREET:
		return U_COMMUNITY;
	case U_COLLEGE:
		return U_SCHOOL;
	case U_PARTY:
	case U_GROUP:
		return U_GROUP;
	default:
		return U_PARTY;
	}
}

static void
name_unit(struct unit *u, const struct unit *p, int64_t i, uint64_t *s)
{
	const char *pl = PICK(s, places);

	switch ((enum unit_kind)u->shape) {
	case U_CITY:
		snprintf(u->name, sizeof(u->name), "市科学技术协会");
		break;
	case U_DISTRICT:
		if ((size_t)i < N_OF(districts))
			snprintf(u->name, sizeof(u->name), "%s科学技术协会", districts[i]);
		else
			snprintf(u->name, sizeof(u->name), "%s新区科学技术协会", pl);
		break;
	case U_SOCIETY:
		snprintf(u->name, sizeof(u->name), "市%s%s", fields[(size_t)i % N_OF(fields)],
			 (size_t)i < N_OF(fields) ? "学会" : (i % 2 ? "协会" : "研究会"));
		break;
	case U_ENTERPRISE:
		snprintf(u->name, sizeof(u->name), "%s%s科学技术协会", pl,
			 enterprises[(size_t)i % N_OF(enterprises)]);
		break;
	case U_DIRECT:
		snprintf(u->name, sizeof(u->name), "市%s",
			 direct_units[(size_t)i % N_OF(direct_units)]);
		break;
	case U_STREET:
		snprintf(u->name, sizeof(u->name), "%s%s科协", pl, below(s, 3) ? "街道" : "镇");
		break;
	case U_COLLEGE:
		snprintf(u->name, sizeof(u->name), "%s职业技术学院科协", pl);
		break;
	case U_COMMITTEE:
		snprintf(u->name, sizeof(u->name), "%s专业委员会", PICK(s, fields));
		break;
	case U_BRANCH_CO:
		snprintf(u->name, sizeof(u->name), "%s分公司科协", pl);
		break;
	case U_COMMUNITY:
		snprintf(u->name, sizeof(u->name), "%s%s科协", pl, below(s, 3) ? "社区" : "村");
		break;
	case U_SCHOOL:
		snprintf(u->name, sizeof(u->name), "%s学院科协", PICK(s, fields));
		break;
	case U_PARTY:
		snprintf(u->name, sizeof(u->name), "%s党支部", pl);
		break;
	case U_GROUP:
		snprintf(u->name, sizeof(u->name), "第%s党小组",
			 nth[(size_t)(p->seq[U_GROUP] - 1) % N_OF(nth)]);
		break;
	case U__MAX:
		break;
	}
}

/* How many units each level gets: the root, up to 220 below it, the rest by fixed shares. */
static void
level_sizes(int64_t n, int64_t size[GEN_LEVELS])
{
	static const int share[GEN_LEVELS] = {0, 0, 6, 34, 42, 18};
	int64_t rest, given_ = 0;
	int l;

	memset(size, 0, GEN_LEVELS * sizeof(size[0]));
	size[0] = 1;
	if (n <= 1)
		return;
	size[1] = (n - 1) / 20 < 1 ? 1 : (n - 1) / 20 > 220 ? 220 : (n - 1) / 20;
	rest = n - 1 - size[1];
	for (l = 2; l < GEN_LEVELS - 1; l++) {
		size[l] = rest * share[l] / 100;
		if (size[l] < 1 && rest - given_ > 0)
			size[l] = 1;
		if (size[l] > rest - given_)
			size[l] = rest - given_;
		given_ += size[l];
	}
	size[GEN_LEVELS - 1] = rest - given_;
}

/* Pick a parent on level l-1: districts draw eight times as many children as other units. */
static int32_t
pick_parent(struct gen *g, int64_t first, int64_t n, uint64_t *s)
{
	for (;;) {
		int32_t p = (int32_t)(first + (int64_t)below(s, (uint64_t)n));
		if (g->u[p].shape == U_DISTRICT || below(s, 8) == 0 || n < 8)
			return p;
	}
}

static int
build_tree(struct gen *g)
{
	int64_t size[GEN_LEVELS], first = 0, i, at = 1, ndistricts;
	uint64_t s = g->seed ^ 0x7472656555ULL;
	int l;

	level_sizes(g->nunits, size);
	ndistricts = size[1] / 4 < 1 ? 1 : size[1] / 4;
	if (ndistricts > (int64_t)N_OF(districts))
		ndistricts = (int64_t)N_OF(districts);
	g->u = calloc((size_t)g->nunits, sizeof(*g->u));
	g->kids = calloc((size_t)g->nunits, sizeof(*g->kids));
	if (g->u == NULL || g->kids == NULL)
		return -1;
	g->u[0] = (struct unit){.id = 1, .parent = -1, .shape = U_CITY};
	snprintf(g->u[0].code, sizeof(g->u[0].code), "SKX");
	snprintf(g->u[0].path, sizeof(g->u[0].path), "/1/");
	name_unit(&g->u[0], NULL, 0, &s);
	for (l = 1; l < GEN_LEVELS; l++) {
		int64_t prev = first;
		first = at;
		for (i = 0; i < size[l]; i++, at++) {
			struct unit *u = &g->u[at];
			struct unit *p;
			u->id = at + 1;
			u->level = (uint8_t)l;
			u->parent = l == 1 ? 0 : pick_parent(g, prev, size[l - 1], &s);
			p = &g->u[u->parent];
			u->shape = (uint8_t)(l == 1 ? top_shape(i, ndistricts)
						    : child_shape((enum unit_kind)p->shape, &s));
			p->seq[u->shape]++;
			if (l == 1)
				snprintf(u->code, sizeof(u->code), "%s%02" PRId32,
					 shapes[u->shape].prefix, p->seq[u->shape]);
			else
				snprintf(u->code, sizeof(u->code), "%.32s-%s%" PRId32, p->code,
					 shapes[u->shape].prefix, p->seq[u->shape]);
			if (strlen(u->code) > 32 ||
			    tree_child(p->path, u->id, u->path, sizeof(u->path)) != TREE_OK)
				return -1;
			name_unit(u, p, i, &s);
			p->nchild++;
		}
	}
	/* Children lists, in index order. */
	for (i = 0, at = 0; i < g->nunits; i++) {
		g->u[i].child0 = (int32_t)at;
		at += g->u[i].nchild;
		g->u[i].nchild = 0;
	}
	for (i = 1; i < g->nunits; i++) {
		struct unit *p = &g->u[g->u[i].parent];
		g->kids[p->child0 + p->nchild++] = (int32_t)i;
	}
	return 0;
}

static enum db_rc
load_tree(struct gen *g, int64_t created)
{
	int64_t i;
	enum db_rc rc = DB_OK;

	for (i = 0; i < g->nunits && rc == DB_OK; i++) {
		const struct unit *u = &g->u[i];
		uint64_t s = g->seed * 31 + (uint64_t)i;
		struct db_org o = {.id = u->id,
				   .parent_id = u->parent < 0 ? 0 : g->u[u->parent].id,
				   .code = u->code,
				   .name = u->name,
				   .path = u->path,
				   .depth = u->level,
				   .members = 5 + (int64_t)below(&s, u->level < 2 ? 400 : 60),
				   .created_at = created};
		rc = db_bulk_org(g->db, &o, g->kind_ids[u->shape]);
	}
	return rc == DB_OK ? db_bulk_org_done(g->db) : rc;
}

/* Records and roll-ups */

static enum db_rc
flush_records(struct gen *g)
{
	enum db_rc rc;

	if (g->nrecs == 0)
		return DB_OK;
	buf_putc(&g->recs, ']');
	rc = g->recs.err ? DB_ERR : db_bulk_records(g->db, buf_cstr(&g->recs));
	buf_reset(&g->recs);
	g->nrecs = 0;
	if (rc == DB_OK && g->in_tx >= GEN_TX_RECORDS) {
		rc = db_commit(g->db);
		if (rc == DB_OK)
			rc = db_begin(g->db);
		g->in_tx = 0;
	}
	return rc;
}

static enum db_rc
flush_rollups(struct gen *g)
{
	enum db_rc rc;

	if (g->nrolls == 0)
		return DB_OK;
	buf_putc(&g->rolls, ']');
	rc = g->rolls.err ? DB_ERR : db_rollup_apply(g->db, buf_cstr(&g->rolls), 0);
	buf_reset(&g->rolls);
	g->nrolls = 0;
	return rc;
}

static void
day_text(int64_t day, char out[DAY_TEXT_CAP])
{
	day_format(day, out, DAY_TEXT_CAP);
}

/* Add one record of unit u, drawn from stream s, to the batch and to u's counters. */
static enum db_rc
add_record(struct gen *g, const struct unit *u, uint64_t *s)
{
	static const int kind_weights[GEN_KINDS] = {30, 15, 20, 20, 15};
	int64_t day = g->day0 + (int64_t)below(s, (uint64_t)g->days), y, mo, d, at;
	int64_t participants = 0, audience = 0, hours = 0, camp = -1;
	int w = (int)below(s, 100), k = 0, c, n = 0;
	const char *topic = PICK(s, topics), *state = "recorded", *reason = NULL;
	char date[DAY_TEXT_CAP], end[DAY_TEXT_CAP];
	struct buf *b = &g->recs;

	while (w >= kind_weights[k])
		w -= kind_weights[k++];
	day_to_civil(day, &y, &mo, &d);
	day_text(day, date);
	at = day_start(day) + 9 * 3600 + (int64_t)below(s, 8 * 3600);
	/* A record belongs to a campaign running on its day six times in ten. */
	if (below(s, 10) < 6)
		for (c = 0; c < GEN_CAMPAIGNS; c++)
			if (day >= g->camp_from[c] && day <= g->camp_to[c] && camp < 0 &&
			    below(s, 2) == 0)
				camp = c;
	buf_printf(b, "%s[%" PRId64 ",\"%s\",\"%s\",", g->nrecs ? "," : "[", u->id, kind_codes[k],
		   date);
	switch (k) {
	case 0:
		participants = 5 + (int64_t)below(s, 56);
		buf_printf(b, "\"%s%s\"", topic, "专题学习");
		break;
	case 1:
		participants = 10 + (int64_t)below(s, 191);
		hours = 2 + (int64_t)below(s, 39);
		n = 1 + (int)below(s, 12);
		buf_printf(b, "\"%s专题培训班（第%d期）\"", topic, n);
		break;
	case 2:
		buf_printf(b, "\"%s宣传报道\"", topic);
		break;
	case 3:
		audience = 20 + (int64_t)below(s, 481);
		buf_printf(b, "\"%s宣讲进%s\"", topic, PICK(s, venues));
		break;
	default:
		buf_printf(b, "\"%s贯彻落实\"", topic);
		break;
	}
	if (camp >= 0)
		buf_printf(b, ",%" PRId64, g->camp_id[camp]);
	else
		buf_puts(b, ",null");
	buf_printf(b, ",%" PRId64 ",%" PRId64 ",%" PRId64 ",", participants, audience, hours);
	switch (k) {
	case 0:
		buf_printf(b,
			   "{\"form\":\"%s\",\"mode\":\"%s\",\"topic\":\"%s\",\"host\":\"%s%s\","
			   "\"expected\":%" PRId64 "}",
			   PICK(s, study_forms), PICK(s, study_modes), topic, PICK(s, surnames),
			   PICK(s, given), participants + (int64_t)below(s, 5));
		break;
	case 1:
		day_text(day + (int64_t)below(s, 5), end);
		buf_printf(b,
			   "{\"class_name\":\"%s专题班\",\"batch\":\"第%d期\",\"organiser\":\"%s\","
			   "\"start_date\":\"%s\",\"end_date\":\"%s\",\"online\":%s}",
			   topic, n, u->name, date, end, below(s, 3) ? "false" : "true");
		break;
	case 2: {
		int r = (int)below(s, 10);
		state = r < 5 ? "approved" : r < 7 ? "submitted" : r < 8 ? "draft" : "returned";
		if (r >= 8)
			reason = "请补充原文链接和发布截图";
		buf_printf(b,
			   "{\"channel\":\"%s\",\"genre\":\"%s\",\"link\":\"https://kx.example.cn/"
			   "a/%" PRIu64 "\"}",
			   PICK(s, channels), PICK(s, genres), rnd(s) % 1000000000u);
		break;
	}
	case 3:
		buf_printf(b,
			   "{\"lecturer\":\"%s%s\",\"venue_kind\":\"%s\",\"place\":\"%s\","
			   "\"audience_kind\":\"%s\",\"format\":\"%s\",\"volunteer\":%s,"
			   "\"party_lesson\":%s}",
			   PICK(s, surnames), PICK(s, given), PICK(s, venues), u->name,
			   PICK(s, audiences), PICK(s, formats), below(s, 2) ? "true" : "false",
			   below(s, 5) ? "false" : "true");
		break;
	default:
		buf_printf(b,
			   "{\"indicator\":\"%s覆盖率\",\"indicator_value\":%" PRId64
			   ",\"progress\":\"按计划推进\"}",
			   topic, (int64_t)below(s, 101));
		break;
	}
	buf_printf(b, ",\"%s\",", state);
	if (reason != NULL)
		buf_printf(b, "\"%s\",%" PRId64, reason, at + DAY_SECONDS);
	else if (strcmp(state, "approved") == 0)
		buf_printf(b, "null,%" PRId64, at + DAY_SECONDS);
	else
		buf_puts(b, "null,null");
	buf_printf(b, ",%" PRId64 ",\"演示数据\",%" PRId64 "]", u->id, at);
	g->nrecs++;
	g->in_tx++;
	g->made++;
	/* Only approved publicity counts, like the live roll-ups. */
	if (k != 2 || strcmp(state, "approved") == 0) {
		int m = (int)((y - GEN_YEAR0) * 12 + (mo - 1));
		int64_t(*cell)[4] = &g->acc[u->level][0][k][m];
		(*cell)[0] += 1, (*cell)[1] += participants, (*cell)[2] += audience,
		    (*cell)[3] += hours;
		if (camp >= 0) {
			cell = &g->acc[u->level][camp + 1][k][m];
			(*cell)[0] += 1, (*cell)[1] += participants, (*cell)[2] += audience,
			    (*cell)[3] += hours;
		}
	}
	return g->nrecs >= GEN_RECORD_BATCH ? flush_records(g) : DB_OK;
}

/* u's subtree is done: write its counters and add them to its parent's. */
static enum db_rc
close_unit(struct gen *g, const struct unit *u)
{
	int c, k, m, f;
	enum db_rc rc = DB_OK;

	for (c = 0; c <= GEN_CAMPAIGNS; c++)
		for (k = 0; k < GEN_KINDS; k++)
			for (m = 0; m < GEN_MONTHS; m++) {
				int64_t *v = g->acc[u->level][c][k][m];
				if (v[0] == 0)
					continue;
				buf_printf(&g->rolls,
					   "%s[%" PRId64 ",%" PRId64
					   ",\"%s\",\"%04d-%02d\",%" PRId64 ",%" PRId64 ",%" PRId64
					   ",%" PRId64 "]",
					   g->nrolls ? "," : "[", u->id, c ? g->camp_id[c - 1] : 0,
					   kind_codes[k], GEN_YEAR0 + m / 12, m % 12 + 1, v[0],
					   v[1], v[2], v[3]);
				g->nrolls++;
				g->rollup_rows++;
				for (f = 0; f < 4; f++) {
					if (u->level > 0)
						g->acc[u->level - 1][c][k][m][f] += v[f];
					v[f] = 0;
				}
				if (g->nrolls >= GEN_ROLLUP_BATCH &&
				    (rc = flush_rollups(g)) != DB_OK)
					return rc;
			}
	return DB_OK;
}

/* Unit i's weight (1..4) in the share of the records: M is spread by these, exactly M in all. */
static int64_t
weight_of(const struct gen *g, int64_t i)
{
	uint64_t s = g->seed * 0x5851f42d4c957f2dULL + (uint64_t)i;

	return 1 + (int64_t)below(&s, 4);
}

/* Depth first: each unit's records, then its children, then its counters. */
static enum db_rc
load_records(struct gen *g)
{
	int64_t *cum = calloc((size_t)g->nunits + 1, sizeof(*cum)), i;
	int32_t *stack = calloc(GEN_LEVELS + 1, sizeof(*stack));
	int32_t *next = calloc(GEN_LEVELS + 1, sizeof(*next));
	int depth = 0;
	enum db_rc rc = DB_OK;

	if (cum == NULL || stack == NULL || next == NULL) {
		rc = DB_ERR;
		goto out;
	}
	for (i = 0; i < g->nunits; i++)
		cum[i + 1] = cum[i] + weight_of(g, i);
	stack[0] = 0;
	next[0] = -1; /* -1: the unit's own records are not written yet */
	while (depth >= 0 && rc == DB_OK) {
		struct unit *u = &g->u[stack[depth]];
		if (next[depth] < 0) {
			int64_t idx = stack[depth], k;
			/* Unit idx gets the records between its share's bounds, so all sum to M (at
			 * most 1e9 × 8e6: no overflow). */
			int64_t lo = g->nrecords * cum[idx] / cum[g->nunits];
			int64_t hi = g->nrecords * cum[idx + 1] / cum[g->nunits];
			uint64_t s = g->seed ^ ((uint64_t)u->id * 0xd1b54a32d192ed03ULL);
			for (k = lo; k < hi && rc == DB_OK; k++)
				rc = add_record(g, u, &s);
			next[depth] = 0;
			continue;
		}
		if (next[depth] < u->nchild) {
			int32_t child = g->kids[u->child0 + next[depth]++];
			stack[++depth] = child;
			next[depth] = -1;
			continue;
		}
		rc = close_unit(g, u);
		depth--;
	}
	if (rc == DB_OK)
		rc = flush_records(g);
	if (rc == DB_OK)
		rc = flush_rollups(g);
out:
	free(cum);
	free(stack);
	free(next);
	return rc;
}

/* Tasks */

static const char *const task_verbs[] = {"组织开展", "深入推进", "全面落实",
					 "持续深化", "扎实做好", "建立健全"};
static const char *const task_objects[] = {"理论学习中心组专题学习", "科技工作者思想政治引领",
					   "科普宣讲进基层",	     "学会党建工作",
					   "科学家精神宣传",	     "基层科协组织建设",
					   "科技志愿服务",	     "全民科学素质提升",
					   "科技人才服务",	     "专题培训"};

/* The tasks of one campaign over 2025, assigned by the root: one statement for the tasks, one
 * for their assignments. */
static enum db_rc
load_tasks(struct gen *g, int64_t created)
{
	int64_t camp = 0, day0 = day_from_civil(2025, 1, 1), i;
	uint64_t s = g->seed ^ 0x7461736b73ULL;
	struct buf b;
	enum db_rc rc;

	rc = db_campaign_insert(g->db, g->u[0].id, "贯彻落实实施意见重点任务", "2025-01-01",
				"2025-12-31", "由演示数据生成", 7, 0, created, &camp);
	buf_init(&b);
	for (i = 0; i < g->ntasks && rc == DB_OK; i++) {
		char start[DAY_TEXT_CAP], due[DAY_TEXT_CAP];
		int64_t d = 14 + (int64_t)below(&s, 351);
		day_text(day0 + (int64_t)below(&s, (uint64_t)d), start);
		day_text(day0 + d, due);
		buf_printf(&b,
			   "%s[\"%s%s（第%" PRId64 "项）\",\"（%" PRId64 "）\",\"%" PRId64
			   ".%" PRId64 "\",\"%s\",\"%s\"]",
			   b.len ? "," : "[", PICK(&s, task_verbs), PICK(&s, task_objects), i + 1,
			   i + 1, i / 10 + 1, i % 10 + 1, start, due);
		if ((i + 1) % GEN_RECORD_BATCH == 0 || i + 1 == g->ntasks) {
			buf_putc(&b, ']');
			rc = b.err ? DB_ERR
				   : db_bulk_tasks(g->db, buf_cstr(&b), g->u[0].id, camp, created);
			buf_reset(&b);
		}
	}
	buf_free(&b);
	if (rc == DB_OK && g->ntasks > 0)
		rc = db_bulk_task_units(g->db, camp, (int64_t)(g->seed % 2147483648u),
					GEN_TASK_SHARE, created, &g->task_units);
	return rc;
}

/* Setup: kinds, campaigns */

static enum db_rc
load_kinds(struct gen *g, struct arena *a)
{
	int i;

	for (i = 0; i < U__MAX; i++) {
		struct db_kind k;
		enum db_rc rc = db_kind_by_name(g->db, a, shapes[i].kind, &k);
		if (rc != DB_OK)
			return rc;
		g->kind_ids[i] = k.id;
	}
	return DB_OK;
}

static enum db_rc
load_campaigns(struct gen *g, int64_t created)
{
	int c;

	for (c = 0; c < GEN_CAMPAIGNS; c++) {
		char from[DAY_TEXT_CAP], to[DAY_TEXT_CAP];
		enum db_rc rc;
		g->camp_from[c] = day_from_civil(campaigns[c].y0, campaigns[c].m0, campaigns[c].d0);
		g->camp_to[c] = day_from_civil(campaigns[c].y1, campaigns[c].m1, campaigns[c].d1);
		day_text(g->camp_from[c], from);
		day_text(g->camp_to[c], to);
		rc = db_campaign_insert(g->db, g->u[0].id, campaigns[c].name, from, to,
					"由演示数据生成", 7, 0, created, &g->camp_id[c]);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

static int
parse_count(const char *opt, const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (str_parse_i64(str_slice(s), lo, hi, out) != 0) {
		fprintf(stderr, "xuanguan: %s must be a whole number from %lld to %lld\n", opt,
			(long long)lo, (long long)hi);
		return -1;
	}
	return 0;
}

static int
generate(struct gen *g)
{
	int64_t created = day_start(day_from_civil(GEN_YEAR0, 1, 1)), units = 0, members = 0;
	struct arena *a = arena_new();
	struct timespec t0, t1;
	enum db_rc rc;
	int from, to;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (a == NULL)
		return 1;
	rc = db_migrate(g->db, &from, &to);
	if (rc == DB_OK)
		rc = db_org_subtree_totals(g->db, NULL, &units, &members);
	if (rc != DB_OK) {
		fprintf(stderr, "xuanguan: cannot prepare the database: %s\n", db_error(g->db));
		arena_free(a);
		return 1;
	}
	if (units > 0) {
		fprintf(stderr,
			"xuanguan: the database already has %lld units; generate fills an"
			" empty one\n",
			(long long)units);
		arena_free(a);
		return 1;
	}
	if (build_tree(g) != 0) {
		fprintf(stderr, "xuanguan: cannot build the tree (out of memory)\n");
		arena_free(a);
		return 1;
	}
	g->day0 = day_from_civil(GEN_YEAR0, 1, 1);
	g->days = day_from_civil(GEN_YEAR0 + 5, 1, 1) - g->day0;
	rc = db_begin(g->db);
	if (rc == DB_OK)
		rc = load_kinds(g, a);
	if (rc == DB_OK)
		rc = load_tree(g, created);
	if (rc == DB_OK)
		rc = load_campaigns(g, created);
	if (rc == DB_OK)
		rc = load_records(g);
	if (rc == DB_OK && g->ntasks > 0)
		rc = load_tasks(g, day_start(day_from_civil(2025, 1, 1)));
	if (rc == DB_OK)
		rc = db_commit(g->db);
	if (rc != DB_OK) {
		fprintf(stderr, "xuanguan: generating failed: %s\n", db_error(g->db));
		db_rollback(g->db);
		arena_free(a);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("generated %lld units, %lld records, %d campaigns, %zu roll-up rows, %lld tasks,"
	       " %lld task assignments (seed %llu) in %.1f s\n",
	       (long long)g->nunits, (long long)g->made, GEN_CAMPAIGNS + (g->ntasks > 0),
	       g->rollup_rows, (long long)g->ntasks, (long long)g->task_units,
	       (unsigned long long)g->seed,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	arena_free(a);
	return 0;
}

int
cli_demo(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"units", required_argument, NULL, 'u'},
					     {"records", required_argument, NULL, 'r'},
					     {"seed", required_argument, NULL, 's'},
					     {"tasks", required_argument, NULL, 't'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct gen g = {.nunits = 500, .nrecords = 10000, .seed = 1};
	const char *url = NULL;
	int64_t seed = 1;
	int c, status;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "generate") != 0) {
		usage(stderr);
		return 2;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'u':
			if (parse_count("--units", optarg, 1, GEN_UNITS_MAX, &g.nunits) != 0)
				return 2;
			break;
		case 'r':
			if (parse_count("--records", optarg, 0, INT64_C(1000000000), &g.nrecords) !=
			    0)
				return 2;
			break;
		case 't':
			if (parse_count("--tasks", optarg, 0, GEN_TASKS_MAX, &g.ntasks) != 0)
				return 2;
			break;
		case 's':
			if (parse_count("--seed", optarg, 0, INT64_MAX, &seed) != 0)
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	g.seed = (uint64_t)seed;
	g.db = cli_open_db(cli_db_url(url), 0);
	if (g.db == NULL)
		return 1;
	g.acc = calloc(GEN_LEVELS, sizeof(*g.acc));
	buf_init(&g.recs);
	buf_init(&g.rolls);
	status = g.acc != NULL ? generate(&g) : 1;
	if (g.acc == NULL)
		fprintf(stderr, "xuanguan: out of memory\n");
	buf_free(&g.recs);
	buf_free(&g.rolls);
	free(g.acc);
	free(g.u);
	free(g.kids);
	db_close(g.db);
	return status;
}
