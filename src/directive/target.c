/* directive_target: numeric targets in a task — 超过15%, 30个以上, 不少于2000场次 — with what they
 * measure. */
#include "directive/target.h"
#include "directive/util.h"

#include <string.h>

#include "base/arena.h"

struct word {
	const char *w;
	const char *op;
};

/* Comparisons written before the number, longest first where one is the start of another. */
static const struct word pre[] = {
    {"不得超过", "<="}, {"不得高于", "<="}, {"不得多于", "<="}, {"不得低于", ">="},
    {"不得少于", ">="}, {"压缩至", "<="},   {"压缩到", "<="},	{"缩短至", "<="},
    {"缩短到", "<="},	{"降低到", "<="},   {"降低至", "<="},	{"减少到", "<="},
    {"减少至", "<="},	{"降至", "<="},	    {"进入", ">="},	{"跻身", ">="},
    {"位居", ">="},	{"不少于", ">="},   {"不低于", ">="},	{"不小于", ">="},
    {"不超过", "<="},	{"不高于", "<="},   {"不多于", "<="},	{"超过", ">"},
    {"高于", ">"},	{"多于", ">"},	    {"大于", ">"},	{"低于", "<"},
    {"少于", "<"},	{"小于", "<"},	    {"至少", ">="},	{"达到", ">="},
    {"提高到", ">="},	{"提高至", ">="},   {"提升到", ">="},	{"提升至", ">="},
    {"增加到", ">="},	{"增加至", ">="},   {"增长到", ">="},	{"增至", ">="},
    {"控制在", "<="},	{"保持在", ">="},   {"稳定在", ">="},	{"力争", ">="},
};

/* Comparisons written after the number and unit. */
static const struct word post[] = {
    {"及以上", ">="}, {"以上", ">="}, {"以下", "<="}, {"以内", "<="}, {"左右", "="},
};

/* Verbs whose count is a target without a comparison word: 建成30个. */
static const char *const verbs[] = {"建成", "新建", "建设", "培育", "打造", "培训",
				    "创建", "认定", "选树", "推出", "建立", "举办",
				    "开展", "组建", "发展", "命名", NULL};

/* Units, longest first so 场次 wins over 场. */
static const char *const units[] = {
    "个工作日", "个月", "工作日", "个百分点", "万人次", "人次", "场次", "家次", "万人",
    "万元",	"亿元", "学时",	  "课时",     "小时",	"%",	"％",	"‰",	"个",
    "场",	"人",	"次",	  "家",	      "所",	"项",	"篇",	"期",	"名",
    "支",	"批",	"部",	  "本",	      "册",	"件",	"处",	"门",	"套",
    "户",	"座",	"条",	  "种",	      "元",	"天",	"位",	"台",	"张",
    "份",	"间",	"亩",	  "米",	      "千米",	"公里", "日",	NULL};

/* A number at s[*i]: digits with an optional fraction, or Chinese numerals. */
static bool
number(const char *s, size_t n, size_t *i, double *v)
{
	size_t k = *i;
	long whole = directive_num(s, n, &k, 1);
	double frac = 0, scale = 0.1;

	if (whole < 0)
		return false;
	if (k + 1 < n && (s[k] == '.') && s[k + 1] >= '0' && s[k + 1] <= '9') {
		k++;
		while (k < n && s[k] >= '0' && s[k] <= '9') {
			frac += (s[k] - '0') * scale;
			scale /= 10;
			k++;
		}
	}
	*v = (double)whole + frac;
	*i = k;
	return true;
}

/* The unit after a number, with a leading 万/亿/千 multiplier; "" when none. */
static size_t
unit(const char *s, size_t n, size_t i)
{
	size_t k = i, u;

	if (directive_starts(s + k, n - k, "万") || directive_starts(s + k, n - k, "亿") ||
	    directive_starts(s + k, n - k, "千"))
		k += 3;
	if (directive_starts(s + k, n - k, "余"))
		k += 3;
	for (u = 0; units[u] != NULL; u++)
		if (directive_starts(s + k, n - k, units[u]))
			return k + strlen(units[u]) - i;
	return k - i;
}

static bool
breaks(int32_t c)
{
	return c == 0x3002 || c == 0xff1b || c == 0xff0c || c == 0xff1a || c == '\n' || c == ';' ||
	       c == ',' || c == 0xff01;
}

/* Start of the clause that holds byte at. */
static size_t
clause_start(const char *s, size_t at)
{
	size_t from = at;

	while (at > 0 && from - at < DIRECTIVE_LOOKBACK) {
		size_t q = directive_cp_back(s, at), k = q;

		if (breaks(directive_cp(s, at, &k)))
			break;
		at = q;
	}
	return at;
}

/* Start of the sentence that holds byte at (。 or a new paragraph). */
static size_t
sentence_start(const char *s, size_t at)
{
	size_t from = at;

	while (at > 0 && from - at < 4 * DIRECTIVE_LOOKBACK) {
		size_t q = directive_cp_back(s, at), k = q;
		int32_t c = directive_cp(s, at, &k);

		if (c == 0x3002 || c == '\n' || c == 0xff1b)
			break;
		at = q;
	}
	return at;
}

/* What is measured: the clause before the comparison, less time words and 力争. */
static const char *
metric(struct dctx *c, struct directive_task *t, const char *s, size_t from, size_t to,
       const char *after, size_t after_n)
{
	static const char *const lead[] = {"力争", "确保", "使",   "让", "实现", "全面", "并",
					   "其中", "同时", "累计", "在", "于",	 NULL};
	const char *p = s + from;
	size_t n = to - from, k, a = 0;
	bool again = true;
	char *out;

	/* 各区县科协要在…举办讲座20场以上: what is counted follows the subject and its verb. */
	for (k = n; k > 0; k--) {
		size_t x = k - 1;

		if (((unsigned char)p[x] & 0xc0) == 0x80)
			continue;
		if (directive_starts(p + x, n - x, "要") ||
		    directive_starts(p + x, n - x, "应当") ||
		    directive_starts(p + x, n - x, "必须")) {
			size_t w = directive_starts(p + x, n - x, "要") ? 3 : 6;

			/* Not inside 重要, 主要, 需要. */
			if (w == 3 && x >= 3 &&
			    directive_in_set("重主需必首纪只", p + directive_cp_back(p, x), 3))
				continue;
			p += x + w;
			n -= x + w;
			break;
		}
	}
	while (again) {
		again = false;
		directive_trim(&p, &n);
		for (k = 0; lead[k] != NULL; k++)
			if (directive_starts(p, n, lead[k])) {
				p += strlen(lead[k]);
				n -= strlen(lead[k]);
				again = true;
			}
		for (k = 0; k < t->deadlines.n; k++) {
			const struct directive_deadline *dl = t->deadlines.v[k];

			if (directive_starts(p, n, dl->text)) {
				p += strlen(dl->text);
				n -= strlen(dl->text);
				again = true;
			}
		}
	}
	/* The indicator's name only: no time or modal words after it (覆盖率到2027年, 时限不得). */
	again = true;
	while (again) {
		static const char *const trail[] = {"不得", "必须", "应当", "要",   "应",   "须",
						    "将",   "均",   "要求", "力争", "确保", "已",
						    "已经", "仍",   "继续", NULL};

		again = false;
		directive_trim(&p, &n);
		for (k = 0; trail[k] != NULL; k++)
			if (directive_ends(p, n, trail[k])) {
				n -= strlen(trail[k]);
				again = true;
			}
		for (k = 0; k < t->deadlines.n; k++) {
			const struct directive_deadline *dl = t->deadlines.v[k];

			if (directive_ends(p, n, dl->text)) {
				n -= strlen(dl->text);
				again = true;
			}
		}
		/* A year at the end (覆盖率到2027年达到…): when, not what. */
		if (directive_ends(p, n, "年") && n >= 7) {
			size_t x = n - 3, y = 0;

			while (x > 0 && y < 4 && p[x - 1] >= '0' && p[x - 1] <= '9')
				x--, y++;
			if (y == 4) {
				n = x;
				if (directive_ends(p, n, "到") || directive_ends(p, n, "至") ||
				    directive_ends(p, n, "在") || directive_ends(p, n, "于"))
					n -= 3;
				again = true;
			}
		}
	}
	/* 建设30个以上科普教育基地: the thing counted follows the number. */
	while (a < after_n) {
		size_t q = a;

		if (breaks(directive_cp(after, after_n, &q)))
			break;
		a = q;
	}
	if (directive_chars(after, a) > 15)
		a = 0;
	out = arena_alloc(c->a, n + a + 1);
	if (out == NULL) {
		c->oom = 1;
		return "";
	}
	memcpy(out, p, n);
	memcpy(out + n, after, a);
	out[n + a] = '\0';
	return out;
}

/* The deadline a target is to be met by: the last one named before it in its sentence. */
static void
target_by(struct directive_task *t, struct directive_target *tg, const char *s, size_t n, size_t at)
{
	size_t from = sentence_start(s, at), best = SIZE_MAX, k, end = at;
	const struct directive_deadline *pick = NULL;

	for (k = 0; k < t->deadlines.n; k++) {
		const struct directive_deadline *dl = t->deadlines.v[k];
		size_t w = strlen(dl->text), pos = directive_find(s + from, end - from, dl->text);

		/* The last occurrence before the target wins. */
		while (pos < end - from) {
			if (best == SIZE_MAX || from + pos > best) {
				best = from + pos;
				pick = dl;
			}
			pos +=
			    w + directive_find(s + from + pos + w, end - from - pos - w, dl->text);
		}
	}
	/* None before it: a limit later in the same sentence, 开展…100场以上，年底前完成. */
	if (pick == NULL) {
		size_t e = at;

		while (e < n && !directive_starts(s + e, n - e, "。") && s[e] != '\n')
			e++;
		for (k = 0; k < t->deadlines.n && pick == NULL; k++) {
			const struct directive_deadline *dl = t->deadlines.v[k];

			if (directive_find(s + at, e - at, dl->text) < e - at)
				pick = dl;
		}
	}
	if (pick != NULL)
		memcpy(tg->by, pick->end, sizeof(tg->by));
}

/* Words of the future that make 已/以来 no past statistic: 力争, 到2025年, 要. */
static bool
future_words(const char *s, size_t n)
{
	static const char *const w[] = {"要",	"将",	"力争", "确保", "争取", "目标",
					"预计", "计划", "应",	"须",	NULL};
	size_t at;

	if (directive_has_any(s, n, w))
		return true;
	/* 到2025年, not 增加到210个. */
	for (at = directive_find(s, n, "到"); at < n;
	     at += 3 + directive_find(s + at + 3, n - at - 3, "到")) {
		size_t x = at + 3, d = 0;

		while (x < n && s[x] >= '0' && s[x] <= '9')
			x++, d++;
		if (d == 4 && directive_starts(s + x, n - x, "年"))
			return true;
	}
	return false;
}

/*
 * A statistic of the past, not a target: 已提高到63.5%, 五年来…增加到210个, 较上年增长. The
 * clause before the comparison says 已 or 曾, or the sentence looks back (以来, 年来, 了) and
 * nowhere ahead.
 */
static bool
past_statistic(const char *s, size_t n, size_t w0)
{
	size_t c0 = clause_start(s, w0), s0 = sentence_start(s, w0), e = w0;

	while (e < n && !directive_starts(s + e, n - e, "。") && s[e] != '\n')
		e++;
	if (directive_find(s + c0, w0 - c0, "已") < w0 - c0 ||
	    directive_find(s + c0, w0 - c0, "曾") < w0 - c0)
		return !future_words(s + c0, w0 - c0);
	if (directive_find(s + s0, e - s0, "以来") < e - s0 ||
	    directive_find(s + s0, e - s0, "年来") < e - s0 ||
	    directive_find(s + s0, e - s0, "较上年") < e - s0)
		return !future_words(s + s0, e - s0);
	return false;
}

static void
add(struct dctx *c, struct directive_task *t, const char *s, size_t n, size_t w0, size_t w1,
    size_t m_to, const char *op, bool has_value, double v, size_t u0, size_t u1)
{
	struct directive_target *tg;

	if (t->targets.n >= DIRECTIVE_TASK_ITEMS)
		return;
	if (past_statistic(s, n, w0))
		return;
	tg = arena_alloc(c->a, sizeof(*tg));
	if (tg == NULL) {
		c->oom = 1;
		return;
	}
	tg->text = directive_dup(c, s + w0, w1 - w0);
	tg->metric = metric(c, t, s, clause_start(s, w0), m_to, s + w1, n - w1);
	if (tg->metric[0] == '\0' && t->targets.n > 0)
		tg->metric = ((struct directive_target *)t->targets.v[t->targets.n - 1])->metric;
	tg->op = op;
	tg->has_value = has_value;
	tg->value = v;
	tg->unit = directive_dup(c, s + u0, u1 - u0);
	target_by(t, tg, s, n, w0);
	directive_push(c, &t->targets, tg);
}

/*
 * A comparison with a level rather than a number: 高于全国平均水平, 达到全国先进水平,
 * 进入全国前列 — a short phrase without digits ending in 水平 前列 一流 领先; its length or 0.
 */
static size_t
level(const char *s, size_t n, size_t i)
{
	static const char *const ends[] = {"水平", "前列", "一流", "领先", "平均", NULL};
	static const char *const scopes[] = {"全国", "全省", "全市", "国际", "国内", "世界",
					     "同类", "西部", "中部", "东部", "先进", NULL};
	size_t k = i, best = 0, chars = 0;

	/* Only levels measured against a named field: 全国先进水平, not 创新型国家前列. */
	for (k = 0; scopes[k] != NULL && !directive_starts(s + i, n - i, scopes[k]); k++)
		;
	if (scopes[k] == NULL)
		return 0;
	k = i;
	while (k < n && chars < 12) {
		size_t at = k, e;
		int32_t ch = directive_cp(s, n, &k);

		if (!directive_is_han(ch))
			break;
		chars++;
		for (e = 0; ends[e] != NULL; e++) {
			size_t w = strlen(ends[e]);

			if (k >= i + w && memcmp(s + k - w, ends[e], w) == 0)
				best = k - i;
		}
		(void)at;
	}
	return best;
}

/* The comparison word of pre[] that starts s, NULL when none does. */
static const struct word *
pre_word(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++)
		if (directive_starts(s, n, pre[k].w))
			return &pre[k];
	return NULL;
}

/* The comparison word of post[] that starts s, NULL when none does. */
static const struct word *
post_word(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof(post) / sizeof(post[0]); k++)
		if (directive_starts(s, n, post[k].w))
			return &post[k];
	return NULL;
}

/* e moved past a post word (以上, 左右) that stands right at it, which belongs to the target. */
static size_t
past_post_word(const char *s, size_t n, size_t e)
{
	const struct word *w = post_word(s + e, n - e);

	return w != NULL ? e + strlen(w->w) : e;
}

/* Whether the character before s[i] is a digit or a point: 12 of 2012 starts no number. */
static bool
digit_before(const char *s, size_t n, size_t i)
{
	size_t x;
	int32_t pc;

	if (i == 0)
		return false;
	x = directive_cp_back(s, i);
	pc = directive_cp(s, n, &x);
	return (pc >= '0' && pc <= '9') || pc == '.';
}

/* Whether a verb of building (建成, 培育) ends right before s[i]: 建成30个 is a target. */
static bool
verb_before(const char *s, size_t i)
{
	size_t q;

	for (q = 0; verbs[q] != NULL; q++) {
		size_t wl = strlen(verbs[q]);

		if (i >= wl && memcmp(s + i - wl, verbs[q], wl) == 0)
			return true;
	}
	return false;
}

/*
 * 至少召开2次: where the count after 至少 at from starts when up to three Han characters (a
 * short verb) stand before its digits; from itself when they do not.
 */
static size_t
count_after_verb(const char *s, size_t n, size_t from)
{
	size_t q = from, chars = 0;

	while (q < n && chars < 3 && !(s[q] >= '0' && s[q] <= '9')) {
		size_t at = q;

		if (!directive_is_han(directive_cp(s, n, &q))) {
			q = at;
			break;
		}
		chars++;
	}
	return q < n && s[q] >= '0' && s[q] <= '9' ? q : from;
}

/*
 * The target that comparison word w at s[i] begins — a level (高于全国平均水平) or a number with
 * its unit (不少于2000场次) — added to t. Returns where to read on.
 */
static size_t
comparison_target(struct dctx *c, struct directive_task *t, const char *s, size_t n, size_t i,
		  const struct word *w)
{
	size_t after_op = i + strlen(w->w), lv, p = after_op, u, e;
	double v;

	/* 力争 compares only when digits follow it at once: 力争上游 is words, not a target. */
	if (strcmp(w->w, "力争") == 0 &&
	    !(after_op < n && s[after_op] >= '0' && s[after_op] <= '9'))
		return after_op;
	lv = level(s, n, after_op);
	if (lv > 0) {
		/* 达到全国平均水平以上: the trailing 以上 belongs to the words. */
		e = past_post_word(s, n, after_op + lv);
		add(c, t, s, n, i, e, i, w->op, false, 0, 0, 0);
		return e;
	}
	if (strcmp(w->w, "至少") == 0 && !number(s, n, &p, &v))
		p = count_after_verb(s, n, after_op);
	if (!number(s, n, &p, &v))
		return after_op;
	u = unit(s, n, p);
	/* A year or a month is a time, not a target: 达到2025年. */
	if ((v >= 1900 && directive_starts(s + p, n - p, "年")) ||
	    directive_starts(s + p, n - p, "月"))
		return after_op;
	e = past_post_word(s, n, p + u);
	add(c, t, s, n, i, e, i, w->op, true, v, p, p + u);
	return e;
}

/*
 * The target that the number v at s[i] (its digits ending at p) is without a comparison word
 * before it — 30个以上 by the word after it, 建成30个 by the verb before it — added to t.
 * Returns where to read on.
 */
static size_t
count_target(struct dctx *c, struct directive_task *t, const char *s, size_t n, size_t i, size_t p,
	     double v)
{
	size_t u = unit(s, n, p);
	bool year = directive_starts(s + p, n - p, "年");
	const struct word *w = post_word(s + p + u, n - p - u);

	/* 30个以上, 2000场次以上. */
	if (w != NULL && !(v >= 1900 && year)) {
		size_t e = p + u + strlen(w->w);

		add(c, t, s, n, i, e, i, w->op, true, v, p, p + u);
		return e;
	}
	if (u > 0 && !year && verb_before(s, i)) {
		add(c, t, s, n, i, p + u, i, ">=", true, v, p, p + u);
		return p + u;
	}
	return p;
}

void
directive_targets(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !c->oom) {
		const struct word *w;
		size_t p = i;
		double v;

		/* Only these characters start a comparison word or a number. */
		if (!directive_in_set("0123456789０１２３４５６７８９不超高多大低少小至达提增控保稳"
				      "力压缩降减进跻位",
				      s + i, n - i))
			directive_cp(s, n, &i);
		else if ((w = pre_word(s + i, n - i)) != NULL)
			i = comparison_target(c, t, s, n, i, w);
		else if (!digit_before(s, n, i) &&
			 directive_in_set("0123456789０１２３４５６７８９", s + i, n - i) &&
			 number(s, n, &p, &v))
			i = count_target(c, t, s, n, i, p, v);
		else
			directive_cp(s, n, &i);
	}
}
