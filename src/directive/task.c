/* directive_task: find the nodes that ask for something, who must act and how strongly. */
#include "directive/task.h"
#include "directive/target.h"
#include "directive/time.h"
#include "directive/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

/* Subjects longer than this are sentences that happen to precede a modal verb. */
#define SUBJECT_MAX 20

struct modal {
	const char *word;
	const char *strength;
	int rank;
};

/* Verbs of obligation, strongest first within a rank; 要 is checked against its compounds. */
static const struct modal modals[] = {
    {"必须", "必须", 6}, {"务必", "必须", 6}, {"不得", "不得", 6}, {"严禁", "不得", 6},
    {"应当", "应当", 5}, {"应该", "应当", 5}, {"须", "必须", 6},   {"应", "应当", 5},
    {"要", "要", 4},	 {"请", "要", 4},     {"鼓励", "鼓励", 3}, {"可以", "可以", 2},
};

/*
 * Single characters that are modal only on their own: 须 (not 须知), 应 (not
 * 应用 相应 …), and 请 only where a clause starts (请各单位…, not 申请).
 */
static bool
real_single(const char *s, size_t n, size_t at, const char *w)
{
	size_t next = at + strlen(w);
	bool first = at == 0 || directive_in_set("。，；：\n（）", s + directive_cp_back(s, at), 4);

	if (strcmp(w, "须") == 0)
		return !directive_starts(s + next, n - next, "知");
	if (strcmp(w, "请") == 0)
		/* 请批示 请审定 请予 ask a superior; they set no task. */
		return first && !directive_in_set("示批审予领", s + next, n - next);
	/* 应建尽建 应收尽收 are set phrases, not 应当. */
	if (strcmp(w, "应") == 0)
		return !directive_in_set("用急对邀届声变征有", s + next, n - next) &&
		       !(next + 3 < n && directive_starts(s + next + 3, n - next - 3, "尽")) &&
		       (at == 0 || !directive_in_set("响相适对供反效感报呼答顺理",
						     s + directive_cp_back(s, at), 4));
	return true;
}

/* 要 inside a word (重要, 要求 …) is no obligation. */
static bool
real_yao(const char *s, size_t n, size_t at)
{
	static const char *const before[] = {"重", "主", "需", "必", "首", "纪", "摘", "只",
					     "紧", "简", "概", "提", "扼", "切", "险", "显",
					     "将", "想", "次", "政", "机", "纲", "撮", "综"};
	static const char *const after[] = {"求", "点", "素", "件", "闻", "害", "务", "领", "义",
					    "旨", "津", "员", "职", "地", "塞", "道", "紧", "览"};
	size_t k, next = at + 3;

	if (at >= 3) {
		size_t b = directive_cp_back(s, at);

		for (k = 0; k < sizeof(before) / sizeof(before[0]); k++)
			if (directive_starts(s + b, at - b, before[k]) &&
			    at - b == strlen(before[k]))
				return false;
	}
	for (k = 0; k < sizeof(after) / sizeof(after[0]); k++)
		if (directive_starts(s + next, n - next, after[k]))
			return false;
	return true;
}

/* Is the code point at s[i] one that ends a clause (and so starts the next subject)? */
static bool
clause_break(int32_t c)
{
	return c == 0x3002 || c == 0xff1b || c == 0xff0c || c == 0xff1a || c == 0xff01 ||
	       c == 0xff1f || c == '\n' || c == ';' || c == ',' || c == ':' || c == 0xff08 ||
	       c == 0xff09 || c == '(' || c == ')' || c == 0x201c || c == 0x201d;
}

static bool
strip_prefix(const char **p, size_t *n, const char *const *words)
{
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (directive_starts(*p, *n, words[k]) && *n > strlen(words[k])) {
			*p += strlen(words[k]);
			*n -= strlen(words[k]);
			return true;
		}
	return false;
}

static bool
strip_suffix(size_t *n, const char *p, const char *const *words)
{
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (directive_ends(p, *n, words[k]) && *n > strlen(words[k])) {
			*n -= strlen(words[k]);
			return true;
		}
	return false;
}

static bool actor_named(const char *p, size_t n);
static bool plain(const char *p, size_t n);

/*
 * Events, documents and verb phrases are not who acts: 全国科技工作者日, 十九届六中全会,
 * 《…意见》, and a phrase that opens with a verb (持续深化机关 cut from 机关牵头、部门协同).
 */
static bool
not_event(const char *p, size_t n)
{
	static const char *const ends[] = {"全会", "会议", "精神", "日",     "节",   "周",
					   "论坛", "活动", "大赛", "博览会", "年会", NULL};
	static const char *const starts[] = {
	    "持续", "深化", "加强", "推进", "推动", "健全", "完善", "建立",
	    "构建", "形成", "强化", "落实", "提升", "坚持", "加快", "进一步",
	    "深入", "全面", "大力", "着力", "扎实", "广泛", "积极", "不断",
	    "认真", "组织", "支持", "引导", "发挥", "实施", "第",   NULL};

	if (directive_find(p, n, "《") < n || directive_find(p, n, "》") < n ||
	    directive_find(p, n, "“") < n)
		return false;
	/* 第十次代表大会, 十九届六中全会: a session, unless a standing 委员会. */
	if (directive_find(p, n, "届") < n && !directive_ends(p, n, "委员会"))
		return false;
	if (directive_ends_any(p, n, ends))
		return false;
	if (directive_starts_any(p, n, starts))
		return false;
	return true;
}

/* Does the phrase name someone who can act: 各… 全体… or a body's name? */
static bool
can_act(const char *p, size_t n)
{
	if (actor_named(p, n))
		return true;
	return (directive_starts(p, n, "各") || directive_starts(p, n, "全体") ||
		directive_starts(p, n, "广大")) &&
	       plain(p, n) && not_event(p, n);
}

/* No verb inside, not too long: the phrase can be a name. */
static bool
plain(const char *p, size_t n)
{
	static const char *const verbish[] = {"要",   "应当", "必须", "举办", "开展",
					      "完成", "推进", "落实", "抓好", "日前",
					      "月底", "年底", "报送", "反馈", NULL};
	size_t chars = directive_chars(p, n);

	if (chars < 2 || chars > SUBJECT_MAX)
		return false;
	if (directive_has_any(p, n, verbish))
		return false;
	return true;
}

/* A phrase that ends like a body's or a person's name: 市科协党校, 科学技术普及部. */
static bool
actor_named(const char *p, size_t n)
{
	static const char *const ends[] = {
	    "科协",   "党组织", "党组",	  "党委",   "支部",   "党校", "学会", "协会",
	    "研究会", "部",	"部室",	  "部门",   "室",     "处",   "局",   "委",
	    "委员会", "办",	"办公室", "单位",   "组织",   "机构", "机关", "中心",
	    "院",     "校",	"高校",	  "企业",   "干部",   "党员", "领导", "班子",
	    "人员",   "工作者", "会",	  "团",	    "组",     "站",   "馆",   "所",
	    "政府",   "厅",	"团队",	  "队伍",   "志愿者", "专家", "代表", "成员",
	    "基地",   "联合会", "同志",	  "负责人", "系统",   "署",   "社",   "城市",
	    "地区",   "集团",	"公司",	  "银行",   "医院",   "大学", "学院", NULL};
	static const char *const bad[] = {
	    "把", "将", "对", "在", "以", "按", "从", "为", "通过", "围绕", "坚持", "加强", "要",
	    "和", "与", "及", "是", "于", "向", "请", "经", "由",   "同意", "我们", "大家", NULL};

	/* A name holds no verb of its own: …应当在年底前举办… is a clause, not a subject. */
	if (!plain(p, n) || !not_event(p, n))
		return false;
	if (directive_starts_any(p, n, bad))
		return false;
	if (directive_ends_any(p, n, ends))
		return true;
	return false;
}

static void
add_subject(struct dctx *c, struct directive_task *t, const char *p, size_t n)
{
	size_t k;

	directive_trim(&p, &n);
	/* A name has no colon: 完成时限：… after the units in a note is not one of them. */
	if (n == 0 || directive_find(p, n, "：") < n || directive_find(p, n, ":") < n)
		return;
	for (k = 0; k < t->subjects.n; k++) {
		const char *s = t->subjects.v[k];

		if (strlen(s) == n && memcmp(s, p, n) == 0)
			return;
	}
	if (t->subjects.n < DIRECTIVE_TASK_ITEMS)
		directive_push(c, &t->subjects, directive_dup(c, p, n));
}

/* Several subjects before one verb, 各区县科协、各市级学会要…, are named one by one. */
static void
add_subjects(struct dctx *c, struct directive_task *t, const char *p, size_t n)
{
	struct directive_list parts = {NULL, 0, 0};
	size_t k;

	directive_split(c, &parts, p, n, true);
	for (k = 0; k < parts.n; k++)
		add_subject(c, t, parts.v[k], strlen(parts.v[k]));
}

/* The subject written just before the modal verb at s[at]: 市科协党校要… → 市科协党校. */
static void
subject_before(struct dctx *c, struct directive_task *t, const char *s, size_t at, bool whole)
{
	static const char *const lead[] = {
	    "同时",   "此外", "另外", "并且", "并",   "其中", "特别是", "由",	"请",
	    "尤其是", "为此", "因此", "首先", "其次", "最后", "一是",	"二是", "三是",
	    "四是",   "五是", "六是", "七是", "八是", "九是", "十是",	NULL};
	static const char *const tail[] = {
	    "都",	    "也",     "还",   "均",   "更",   "一定", "切实", "必须",
	    "务必",	    "应当",   "首先", "则",   "就",   "又",   "同样", "尤其",
	    "特别",	    "则",     "更加", "率先", "主动", "积极", "不",   "要",
	    "应",	    "于",     "在",   "将",   "需",   "须",   "可",   "按职责分工",
	    "按照职责分工", "按职责", "分别", "共同", NULL};
	size_t b = at, depth = 0;
	const char *p;
	size_t n;

	while (b > 0) {
		size_t q = directive_cp_back(s, b), k = q;
		int32_t ch = directive_cp(s, at, &k);

		if (at - b > DIRECTIVE_LOOKBACK)
			return; /* far too long for a name */

		/* 、 inside brackets is part of a name; a bracket pair does not break the clause.
		 */
		if (ch == 0xff09 || ch == ')')
			depth++;
		else if ((ch == 0xff08 || ch == '(') && depth > 0) {
			depth--;
			b = q;
			continue;
		}
		if (depth == 0 && clause_break(ch))
			break;
		b = q;
	}
	p = s + b;
	n = at - b;
	directive_trim(&p, &n);
	/* A note in brackets before the subject, （责任部室：…）各级…, is not part of it. */
	if (directive_starts(p, n, "（")) {
		size_t close = directive_find(p, n, "）");

		if (close < n) {
			p += close + 3;
			n -= close + 3;
			directive_trim(&p, &n);
		}
	}
	while (strip_prefix(&p, &n, lead))
		;
	while (!whole && strip_suffix(&n, p, tail))
		;
	directive_trim(&p, &n);
	if (can_act(p, n))
		add_subjects(c, t, p, n);
}

/* 请各区县科协于…: the longest name right after 请. */
static void
subject_after(struct dctx *c, struct directive_task *t, const char *s, size_t n, size_t from)
{
	size_t e = from, best = from, chars = 0;

	while (e < n && chars < SUBJECT_MAX) {
		size_t k = e;

		if (clause_break(directive_cp(s, n, &k)))
			break;
		e = k;
		chars++;
		if (actor_named(s + from, e - from))
			best = e;
	}
	if (best > from)
		add_subjects(c, t, s + from, best - from);
}

/* The longest name that starts at s[from] (a body's name, 各… 有关…), "" when none. */
static size_t
name_at(const char *s, size_t n, size_t from)
{
	size_t e = from, best = from, chars = 0;

	static const char *const verbs[] = {
	    "牵头", "负责", "配合", "组织", "汇总", "协调", "指导", "落实",
	    "开展", "做好", "制定", "出台", "印发", "建立", "实施", "推进",
	    "加强", "完善", "研究", "报送", "审核", "监督", "共同", "按职责",
	    "梳理", "编制", "摸排", "调研", "统筹", "联合", NULL};
	size_t v;

	while (e < n && chars < SUBJECT_MAX) {
		size_t k = e;

		for (v = 0; e > from && verbs[v] != NULL; v++)
			if (directive_starts(s + e, n - e, verbs[v]))
				return best - from; /* the name ends where its verb begins */
		if (clause_break(directive_cp(s, n, &k)))
			break;
		e = k;
		chars++;
		if (actor_named(s + from, e - from))
			best = e;
	}
	return best - from;
}

/*
 * 由市科协办公室牵头 → 市科协办公室; 由科技部汇总后报… → 科技部 (the longest body's name
 * after 由, not 由于 由此); 科技部要会同教育部… → 教育部 too.
 */
static void
subjects_lead(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	static const char *const words[] = {"由", "会同", "联合", NULL};
	size_t w;

	for (w = 0; words[w] != NULL; w++) {
		size_t i = 0;

		while ((i += directive_find(s + i, n - i, words[w])) < n) {
			size_t from = i + strlen(words[w]), m;

			i = from;
			if (w == 0 && directive_in_set("于此衷浅", s + from, n - from))
				continue;
			m = name_at(s, n, from);
			if (m > 0)
				add_subjects(c, t, s + from, m);
		}
	}
}

/* Responsibility notes: （责任部室：…）, 牵头单位：…；责任单位：…. */
/*
 * A responsibility note in brackets without a label: （教育部、审计署按职责分工负责）,
 * （市科协牵头，市教委配合）, （市委宣传部指导，各区县落实）. Each clause names units and ends
 * in what they do.
 */
static void
subjects_bracket(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	static const char *const roles[] = {
	    "按职责分工负责", "按职责负责", "分工负责", "分别负责", "共同负责", "负责", "牵头",
	    "指导",	      "落实",	    "配合",	"参与",	    "协同",	NULL};
	size_t i = 0;

	while (i < n) {
		size_t open = directive_find(s + i, n - i, "（"), close, k;

		if (open == n - i)
			break;
		open += i + strlen("（");
		close = directive_find(s + open, n - open, "）");
		if (close == n - open)
			break;
		close += open;
		i = close + strlen("）");
		if (directive_find(s + open, close - open, "：") < close - open ||
		    close - open > 200)
			continue;
		for (k = open; k < close;) {
			size_t end = k, r;

			while (end < close && !directive_starts(s + end, close - end, "，") &&
			       !directive_starts(s + end, close - end, "；"))
				directive_cp(s, close, &end);
			for (r = 0; roles[r] != NULL; r++)
				if (directive_ends(s + k, end - k, roles[r]) &&
				    end - k > strlen(roles[r]))
					break;
			if (roles[r] != NULL)
				add_subjects(c, t, s + k, end - k - strlen(roles[r]));
			k = end < close ? end + strlen("，") : close;
		}
	}
}

static void
subjects_notes(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	static const char *const roles[] = {"责任", "牵头", "配合", "参与",	"协办",
					    "主办", "承办", "主责", "责任领导", NULL};
	static const char *const what[] = {"单位", "部室", "部门", "处室", NULL};
	size_t i = 0;

	while (i < n) {
		size_t r, w, k, end;

		for (r = 0; roles[r] != NULL; r++)
			if (directive_starts(s + i, n - i, roles[r]))
				break;
		if (roles[r] == NULL || strcmp(roles[r], "责任领导") == 0) {
			directive_cp(s, n, &i);
			continue;
		}
		k = i + strlen(roles[r]);
		for (w = 0; what[w] != NULL; w++)
			if (directive_starts(s + k, n - k, what[w]))
				break;
		if (what[w] == NULL) {
			directive_cp(s, n, &i);
			continue;
		}
		k += strlen(what[w]);
		if (directive_starts(s + k, n - k, "："))
			k += 3;
		else if (directive_starts(s + k, n - k, ":"))
			k += 1;
		else {
			i = k;
			continue;
		}
		end = k;
		while (end < n) {
			size_t q = end;
			int32_t ch = directive_cp(s, n, &q);

			if (ch == 0xff1b || ch == ';' || ch == 0xff09 || ch == ')' ||
			    ch == 0x3002 || ch == '\n')
				break;
			end = q;
		}
		if (end > k)
			add_subjects(c, t, s + k, end - k);
		i = end;
	}
}

/*
 * Subjects without a modal verb: 市科协办公室负责…, 县科协牵头…, and the one
 * who acts by a date, 市科协办公室于2024年2月底前完成….
 */
static void
subjects_other(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	static const char *const verbs[] = {"负责", "牵头", "配合", "于", "在", NULL};
	size_t i = 0, k;

	while (i < n) {
		for (k = 0; verbs[k] != NULL; k++)
			if (directive_starts(s + i, n - i, verbs[k]))
				break;
		if (verbs[k] != NULL && i > 0) {
			/* 于 and 在 only count before a time: 于2024年…, 在年内…. */
			size_t after = i + strlen(verbs[k]);
			/* 负责同志, 负责人 and 主要负责 name people, they are not the verb. */
			bool ok = k < 3 && !directive_starts(s + after, n - after, "同志") &&
				  !directive_starts(s + after, n - after, "人") &&
				  !(i >= 6 && directive_starts(s + i - 6, 6, "主要")) &&
				  /* 机关牵头、部门协同的机制: a description, no one named */
				  !directive_starts(s + after, n - after, "、") &&
				  !directive_starts(s + after, n - after, "的");

			/* 少于 低于 存在 现在 …: 于 and 在 inside a word. */
			if (!ok && k >= 3 && after < n &&
			    !directive_in_set(
				"少低高大小多等至对由关鉴基属处位便利善终急过限归存现正所实自",
				s + directive_cp_back(s, i), 4)) {
				size_t x = after;
				int32_t ch = directive_cp(s, n, &x);

				ok = (ch >= '0' && ch <= '9') ||
				     directive_starts(s + after, n - after, "年") ||
				     directive_starts(s + after, n - after, "今年") ||
				     directive_starts(s + after, n - after, "明年");
			}
			if (ok) {
				subject_before(c, t, s, i, false);
			} else if (k == 0 && (directive_starts(s + after, n - after, "同志") ||
					      directive_starts(s + after, n - after, "人"))) {
				/* 机关各部室负责同志每年…: the people are the subject. */
				size_t e =
				    after + (directive_starts(s + after, n - after, "人") ? 3 : 6);

				subject_before(c, t, s, e, true);
			}
			i = after;
			continue;
		}
		if (i > 0 &&
		    (directive_starts(s + i, n - i, "年底前") ||
		     directive_starts(s + i, n - i, "年内")) &&
		    !directive_starts(s + directive_cp_back(s, i), 3, "今")) {
			size_t b = directive_cp_back(s, i), x = b;
			int32_t pc = directive_cp(s, n, &x);

			if (directive_is_han(pc))
				subject_before(c, t, s, i, false);
		}
		directive_cp(s, n, &i);
	}
}

/*
 * The own text of a node (not its children) as one string: heading。text\nparagraphs. It
 * lives in c->scratch, reused for every node (what a task keeps is copied out of it), so a
 * node that asks for nothing costs no memory.
 */
static char *
own_text(struct dctx *c, const struct directive_node *node, size_t *len)
{
	size_t total = strlen(node->heading) + strlen(node->text) + 8, k, o = 0;
	char *s;

	for (k = 0; k < node->paragraphs.n; k++)
		total += strlen(node->paragraphs.v[k]) + 1;
	if (total + 1 > c->scratch_cap) {
		size_t cap = c->scratch_cap ? c->scratch_cap : 4096;

		while (cap < total + 1)
			cap *= 2;
		s = realloc(c->scratch, cap);
		if (s == NULL) {
			c->oom = 1;
			*len = 0;
			return NULL;
		}
		c->scratch = s;
		c->scratch_cap = cap;
	}
	s = c->scratch;
	o = strlen(node->heading);
	memcpy(s, node->heading, o);
	memcpy(s + o, "。", 3);
	o += 3;
	memcpy(s + o, node->text, strlen(node->text));
	o += strlen(node->text);
	for (k = 0; k < node->paragraphs.n; k++) {
		s[o++] = '\n';
		memcpy(s + o, node->paragraphs.v[k], strlen(node->paragraphs.v[k]));
		o += strlen(node->paragraphs.v[k]);
	}
	s[o] = '\0';
	*len = o;
	return s;
}

/*
 * The task of a node, kept when it asks for something: a modal verb, a named
 * subject, a deadline or a target. A preamble paragraph (loose) needs a modal
 * verb or a subject when the document has numbered items of its own.
 */
static void
task_of(struct dctx *c, struct directive_node *node, bool loose)
{
	struct directive_task task, *t = &task;
	size_t n, i = 0, k;
	char *s = own_text(c, node, &n);
	int rank = 0;

	if (s == NULL)
		return;
	/* On the stack until it proves to be a task: most nodes of a long text are not. */
	memset(t, 0, sizeof(*t));
	t->node = node;
	t->path = node->path;
	t->strength = "";
	while (i < n) {
		if (!directive_in_set("必务不严应要鼓可须请", s + i, n - i)) {
			directive_cp(s, n, &i);
			continue;
		}
		for (k = 0; k < sizeof(modals) / sizeof(modals[0]); k++) {
			if (!directive_starts(s + i, n - i, modals[k].word))
				continue;
			if (strcmp(modals[k].word, "要") == 0 && !real_yao(s, n, i))
				continue;
			if (strlen(modals[k].word) == 3 && !real_single(s, n, i, modals[k].word))
				continue;
			if (modals[k].rank > rank) {
				rank = modals[k].rank;
				t->strength = modals[k].strength;
			}
			/* 鼓励 and 严禁 name no subject before them; 请 names it after. */
			if (strcmp(modals[k].word, "请") == 0)
				subject_after(c, t, s, n, i + strlen("请"));
			else if (strcmp(modals[k].word, "鼓励") != 0 &&
				 strcmp(modals[k].word, "严禁") != 0)
				subject_before(c, t, s, i, false);
			break;
		}
		if (k < sizeof(modals) / sizeof(modals[0]))
			i += strlen(modals[k].word);
		else
			directive_cp(s, n, &i);
	}
	subjects_lead(c, t, s, n);
	subjects_notes(c, t, s, n);
	subjects_bracket(c, t, s, n);
	subjects_other(c, t, s, n);
	if (node->row_who != NULL && node->row_who[0] != '\0')
		add_subjects(c, t, node->row_who, strlen(node->row_who));
	/* A table row's time cell is part of its text, so it is read with the rest. */
	directive_deadlines(c, t, s, n);
	directive_targets(c, t, s, n);
	if (rank > 0 || t->subjects.n > 0 || node->row_who != NULL ||
	    ((t->deadlines.n > 0 || t->targets.n > 0) && !loose)) {
		t = arena_alloc(c->a, sizeof(*t));
		if (t == NULL) {
			c->oom = 1;
			return;
		}
		*t = task;
		directive_push(c, &c->d->tasks, t);
	}
}

static void
walk(struct dctx *c, struct directive_node *node)
{
	size_t k;

	task_of(c, node, false);
	for (k = 0; k < node->children.n && !c->oom; k++)
		walk(c, node->children.v[k]);
}

/*
 * The tasks of one tree: paragraphs before the first numbered item ask for things too (a
 * 印发 notice's 各单位要于…前报送…; in a short notice they are where all the tasks are),
 * then every node. Preamble paths are 正文第N段, after the prefix of an attachment.
 */
static void
tree_tasks(struct dctx *c, const struct directive_list *preamble,
	   const struct directive_list *lines, const struct directive_list *sections,
	   const char *prefix)
{
	size_t k;

	for (k = 0; k < preamble->n && !c->oom; k++) {
		struct directive_node *node = arena_alloc(c->a, sizeof(*node));

		if (node == NULL) {
			c->oom = 1;
			return;
		}
		node->number = "";
		node->heading = preamble->v[k];
		if (k < lines->n)
			node->line = (size_t)(uintptr_t)lines->v[k];
		node->text = "";
		node->path = prefix != NULL ? arena_printf(c->a, "%s/正文第%zu段", prefix, k + 1)
					    : arena_printf(c->a, "正文第%zu段", k + 1);
		if (node->path == NULL) {
			c->oom = 1;
			return;
		}
		task_of(c, node, sections->n > 0);
	}
	for (k = 0; k < sections->n && !c->oom; k++)
		walk(c, sections->v[k]);
}

static void
part_tasks(struct dctx *c, const struct directive_part *p)
{
	tree_tasks(c, &p->preamble, &p->preamble_lines, &p->sections, p->prefix);
}

void
directive_tasks(struct dctx *c)
{
	size_t k;

	tree_tasks(c, &c->d->preamble, &c->preamble_lines, &c->d->sections, NULL);
	if (c->d->forwarded != NULL)
		part_tasks(c, c->d->forwarded);
	for (k = 0; k < c->d->attachment_docs.n && !c->oom; k++)
		part_tasks(c, c->d->attachment_docs.v[k]);
}
