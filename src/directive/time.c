/* directive_time: time limits in a task — 到2025年, 2023年6月底前, 年内, 从现在起到明年年初 — as
 * dates. */
#include "directive/time.h"
#include "directive/util.h"

#include <string.h>

#include "base/arena.h"

/* The characters a time expression can start with. */
#define TIME_STARTS                                                                                \
	"0123456789０１２３４５６７８９从自即截到至于今本全明次下年上第十一二三四五六七八九"

/* A span of days; y 0 means not set. */
struct span {
	int y0, m0, d0;
	int y1, m1, d1;
	bool year_given;
};

static bool
lit(const char *s, size_t n, size_t *i, const char *w)
{
	if (!directive_starts(s + *i, n - *i, w))
		return false;
	*i += strlen(w);
	return true;
}

static int
cmp(int y0, int m0, int d0, int y1, int m1, int d1)
{
	long a = (long)y0 * 10000 + m0 * 100 + d0, b = (long)y1 * 10000 + m1 * 100 + d1;

	return a < b ? -1 : a > b;
}

static void
months(struct span *sp, int y, int m0, int m1)
{
	sp->y0 = y;
	sp->m0 = m0;
	sp->d0 = 1;
	sp->y1 = y;
	sp->m1 = m1;
	sp->d1 = directive_mdays(y, m1);
}

/* Parts of a year after the year itself: 底 年底 末 年末 初 年初 上半年 下半年 第一季度. */
static bool
year_part(const char *s, size_t n, size_t *i, struct span *sp, int y)
{
	size_t k = *i;
	long q;

	if (lit(s, n, &k, "年底") || lit(s, n, &k, "年末") || lit(s, n, &k, "底") ||
	    lit(s, n, &k, "末")) {
		months(sp, y, 1, 12);
	} else if (lit(s, n, &k, "年初") || lit(s, n, &k, "初")) {
		/* 年初 is read as the first quarter. */
		months(sp, y, 1, 3);
	} else if (lit(s, n, &k, "上半年")) {
		months(sp, y, 1, 6);
	} else if (lit(s, n, &k, "下半年")) {
		months(sp, y, 7, 12);
	} else {
		lit(s, n, &k, "第");
		q = directive_num(s, n, &k, 1);
		if (q < 1 || q > 4 || !lit(s, n, &k, "季度"))
			return false;
		months(sp, y, (int)q * 3 - 2, (int)q * 3);
	}
	*i = k;
	return true;
}

/* 6月, 6月底, 6月30日, 6月上旬 … in year y. */
static bool
month_part(const char *s, size_t n, size_t *i, struct span *sp, int y)
{
	size_t k = *i;
	long m = directive_num(s, n, &k, 1), d;

	if (m < 1 || m > 12 || !lit(s, n, &k, "月"))
		return false;
	months(sp, y, (int)m, (int)m);
	if (lit(s, n, &k, "底") || lit(s, n, &k, "末") || lit(s, n, &k, "下旬")) {
		if (directive_starts(s + k - 6, 6, "下旬"))
			sp->d0 = 21;
	} else if (lit(s, n, &k, "上旬") || lit(s, n, &k, "初")) {
		sp->d1 = 10;
	} else if (lit(s, n, &k, "中旬")) {
		sp->d0 = 11;
		sp->d1 = 20;
	} else {
		size_t at = k;

		d = directive_num(s, n, &k, 1);
		if (d >= 1 && d <= directive_mdays(y, (int)m) &&
		    (lit(s, n, &k, "日") || lit(s, n, &k, "号"))) {
			sp->d0 = sp->d1 = (int)d;
		} else {
			k = at;
		}
	}
	*i = k;
	return true;
}

/* The end of a range written as a day of the same month: 9月16日至22日. */
static bool
day_part(const char *s, size_t n, size_t *i, struct span *sp, const struct span *from)
{
	size_t k = *i;
	long d = directive_num(s, n, &k, 1);

	if (d < 1 || d > directive_mdays(from->y1, from->m1) || !lit(s, n, &k, "日"))
		return false;
	*sp = *from;
	sp->d1 = (int)d;
	*i = k;
	return true;
}

/* One point or period of time at s[*i]; ref_y is the year of year-less words. */
static bool
point(const char *s, size_t n, size_t *i, struct span *sp, int ref_y)
{
	size_t k = *i, at;
	long y;
	int yy = 0;

	memset(sp, 0, sizeof(*sp));
	if (ref_y && (lit(s, n, &k, "今年") || lit(s, n, &k, "本年度") || lit(s, n, &k, "本年") ||
		      lit(s, n, &k, "全年")))
		yy = ref_y;
	else if (ref_y && (lit(s, n, &k, "明年") || lit(s, n, &k, "次年") ||
			   lit(s, n, &k, "下一年度") || lit(s, n, &k, "下一年")))
		yy = ref_y + 1;
	if (yy) {
		if (!year_part(s, n, &k, sp, yy) && !month_part(s, n, &k, sp, yy))
			months(sp, yy, 1, 12);
		sp->year_given = true;
		*i = k;
		return true;
	}
	at = k;
	y = directive_num(s, n, &k, 0);
	if (y >= 1949 && y <= 2199 && directive_chars(s + at, k - at) == 4 && lit(s, n, &k, "年")) {
		sp->year_given = true;
		if (!year_part(s, n, &k, sp, (int)y) && !month_part(s, n, &k, sp, (int)y))
			months(sp, (int)y, 1, 12);
		*i = k;
		return true;
	}
	k = at;
	if (!ref_y)
		return false;
	/* Without a year, only 年底 年初 上半年 一季度 …: a bare 初 or 底 is too common a
	 * character. */
	if (!directive_starts(s + k, n - k, "底") && !directive_starts(s + k, n - k, "末") &&
	    !directive_starts(s + k, n - k, "初") && year_part(s, n, &k, sp, ref_y)) {
		*i = k;
		return true;
	}
	k = at;
	if (month_part(s, n, &k, sp, ref_y)) {
		*i = k;
		return true;
	}
	return false;
}

static void
add(struct dctx *c, struct directive_task *t, const char *w, size_t wn, const struct span *sp,
    bool has_start, bool yearly)
{
	struct directive_deadline *dl;
	size_t k;

	for (k = 0; k < t->deadlines.n; k++) {
		dl = t->deadlines.v[k];
		if (strlen(dl->text) == wn && memcmp(dl->text, w, wn) == 0)
			return;
	}
	if (t->deadlines.n >= DIRECTIVE_TASK_ITEMS)
		return;
	dl = arena_alloc(c->a, sizeof(*dl));
	if (dl == NULL) {
		c->oom = 1;
		return;
	}
	dl->recurring = yearly ? "year" : NULL;
	dl->text = directive_dup(c, w, wn);
	if (has_start)
		directive_date(dl->start, sp->y0, sp->m0, sp->d0);
	directive_date(dl->end, sp->y1, sp->m1, sp->d1);
	directive_push(c, &t->deadlines, dl);
}

/* Does a deadline label (完成时限：, 完成时间：, 时间节点：) end just before byte at? */
static bool
label_before(const char *s, size_t at)
{
	static const char *const labels[] = {"时限：",	   "时限:",	"完成时间：", "时间节点：",
					     "截止时间：", "完成时间:", NULL};
	size_t k, m;

	for (k = 0; labels[k] != NULL; k++) {
		m = strlen(labels[k]);
		if (at >= m && memcmp(s + at - m, labels[k], m) == 0)
			return true;
	}
	return false;
}

/* A span of years: 2023—2025年, 2021-2025年. */
static bool
year_range(const char *s, size_t n, size_t *i, struct span *sp)
{
	size_t k = *i, at = k;
	long y0 = directive_num(s, n, &k, 0), y1;

	if (y0 < 1949 || y0 > 2199 || directive_chars(s + at, k - at) != 4)
		return false;
	if (!lit(s, n, &k, "—") && !lit(s, n, &k, "－") && !lit(s, n, &k, "-") &&
	    !lit(s, n, &k, "至") && !lit(s, n, &k, "~") && !lit(s, n, &k, "～"))
		return false;
	lit(s, n, &k, "—"); /* a doubled dash, —— */
	at = k;
	y1 = directive_num(s, n, &k, 0);
	if (y1 < y0 || y1 > 2199 || directive_chars(s + at, k - at) != 4 || !lit(s, n, &k, "年"))
		return false;
	sp->y0 = (int)y0;
	sp->m0 = 1;
	sp->d0 = 1;
	sp->y1 = (int)y1;
	sp->m1 = 12;
	sp->d1 = 31;
	sp->year_given = true;
	*i = k;
	return true;
}

/* A five-year plan period: “十四五”时期. */
static bool
plan_period(const char *s, size_t n, size_t *i, struct span *sp)
{
	size_t k = *i;
	long p;

	if (!lit(s, n, &k, "十"))
		return false;
	/* One numeral only: 十四五 is plan 14, not 十 followed by 45. */
	p = k + 3 <= n ? directive_num(s, k + 3, &k, 1) : -1;
	if (p < 1 || p > 9 || !lit(s, n, &k, "五"))
		return false;
	/* The tenth plan began in 2001: plan 10 + p spans 2001 + 5(p) … */
	sp->y0 = 2001 + 5 * (int)p;
	sp->m0 = 1;
	sp->d0 = 1;
	sp->y1 = sp->y0 + 4;
	sp->m1 = 12;
	sp->d1 = 31;
	if (lit(s, n, &k, "”") || lit(s, n, &k, "\"")) {
		if (!lit(s, n, &k, "时期"))
			lit(s, n, &k, "期间");
	}
	*i = k;
	return true;
}

/* The sentence around bytes [from, to) of s: back to the last 。；！？ or line break, on to
 * the next; bounded by DIRECTIVE_LOOKBACK either way. */
static void
sentence(const char *s, size_t n, size_t from, size_t to, size_t *a, size_t *b)
{
	size_t i = from;

	while (i > 0 && from - i < DIRECTIVE_LOOKBACK) {
		size_t q = directive_cp_back(s, i);

		if (s[q] == '\n' || directive_in_set("。；！？", s + q, n - q))
			break;
		i = q;
	}
	*a = i;
	i = to;
	while (i < n && i - to < DIRECTIVE_LOOKBACK) {
		if (s[i] == '\n' || directive_in_set("。；！？", s + i, n - i))
			break;
		directive_cp(s, n, &i);
	}
	*b = i;
}

static bool
has_any(const char *s, size_t n, const char *const *words)
{

	if (directive_has_any(s, n, words))
		return true;
	return false;
}

/* The sentence asks for or announces something still to come: 要 应 须 请 将 拟 力争 确保. */
static bool
says_future(const char *s, size_t n)
{
	static const char *const w[] = {"要",	"应",	"须",	"请",	"将",	"拟",
					"力争", "确保", "计划", "预计", "争取", NULL};

	return has_any(s, n, w);
}

/* A narrative of the past: 会议于3月5日至11日在北京举行, 8月3日发生火灾, 表彰了…. */
static bool
says_past(const char *s, size_t n)
{
	static const char *const w[] = {"举行", "举办了", "召开了", "发生", "遭受",
					"遭遇", "曾",	  "了",	    "已",   NULL};

	return has_any(s, n, w) && !says_future(s, n);
}

/* A statistical formula (覆盖率＝本年度…÷…×100%): its 本年度 and 全年 are no limits. */
static bool
formula(const char *s, size_t n)
{
	static const char *const w[] = {"＝", "=", "÷", "×", "计算公式", "计算方法", NULL};

	return has_any(s, n, w);
}

/* 内 after a day that begins a place (6月8日内江市, 内蒙古自治区): not "within". */
static bool
place_after(const char *s, size_t n, size_t i)
{
	size_t k = i, chars = 0;

	while (k < n && chars < 6) {
		size_t at = k;
		int32_t ch = directive_cp(s, n, &k);

		if (!directive_is_han(ch) || directive_in_set("各全本完报将要的前", s + at, n - at))
			return false;
		chars++;
		if (chars >= 2 && directive_in_set("市县省州区镇盟旗", s + at, n - at))
			return true;
	}
	return false;
}

/* A time found at one place of a task's text: its span and what the words around it say. */
struct when {
	struct span a;
	size_t start, k; /* the words of the time: s[start, k) */
	bool from_now;	 /* 从现在起…, 年内: from the document's date */
	bool until;	 /* 到…, …前, 以内, a 完成时限： label: a limit */
	bool asof;	 /* 截至…: a state reported, a limit only while still ahead */
	bool has_start;	 /* the span's start is known */
	bool yearly;	 /* 每年3月底前 */
	bool future;	 /* the sentence speaks of what is to come */
};

/* Whether position i of s can start no time at all: inside a title 《…》, after a digit or a
 * word that owns the 年 (每年, 青少年…), or not one of the characters a time begins with. */
static bool
no_time_at(const char *s, size_t n, size_t i, int *book)
{
	bool prev_digit = false;

	/* Years inside a title, 《纲要（2021—2035年）》, are names, not limits. */
	if (directive_starts(s + i, n - i, "《"))
		(*book)++;
	else if (directive_starts(s + i, n - i, "》") && *book > 0)
		(*book)--;
	if (*book > 0)
		return true;
	if (i > 0) {
		size_t q = directive_cp_back(s, i), x = q;
		int32_t pc = directive_cp(s, n, &x);

		/* 每年, 近年, 青少年内…: the 年 belongs to another word (not in 应当年内). */
		prev_digit = (pc >= '0' && pc <= '9') ||
			     (pc > 0x7f &&
			      directive_in_set("每近往少老中青成幼壮晚早童去多历同当新"
					       "周学财上下两几数一二三四五六七八九十",
					       s + q, n - q) &&
			      !(q >= 3 && directive_starts(s + q - 3, 6, "应当")));
	}
	/* Almost every character starts no time at all: skip those without trying. */
	return prev_digit || !directive_in_set(TIME_STARTS, s + i, n - i);
}

/* The words before a time: 从现在起…到, 截至, 到/至, 于. */
static void
lead_words(const char *s, size_t n, struct when *w)
{
	if (lit(s, n, &w->k, "从现在起") || lit(s, n, &w->k, "从现在开始") ||
	    lit(s, n, &w->k, "从即日起") || lit(s, n, &w->k, "自即日起") ||
	    lit(s, n, &w->k, "即日起")) {
		w->from_now = true;
		if (!lit(s, n, &w->k, "到"))
			lit(s, n, &w->k, "至");
	} else if (lit(s, n, &w->k, "截至") || lit(s, n, &w->k, "截止到") ||
		   lit(s, n, &w->k, "截止")) {
		/* 截至6月底 reports a state; it is a limit only when still ahead. */
		w->until = w->asof = true;
	} else if (lit(s, n, &w->k, "到") || lit(s, n, &w->k, "至")) {
		w->until = true;
	} else if (lit(s, n, &w->k, "于")) {
		/* 于 is the preposition before the date, not part of the limit's words. */
		w->start = w->k;
	}
}

/* A second point after a first (2023年3月5日至11日): the end of the span. */
static void
range_end(const char *s, size_t n, struct when *w)
{
	struct span b;
	size_t r = w->k;

	memset(&b, 0, sizeof(b));
	if (lit(s, n, &r, "至") || lit(s, n, &r, "到") || lit(s, n, &r, "—") ||
	    lit(s, n, &r, "－") || lit(s, n, &r, "-") || lit(s, n, &r, "～") ||
	    lit(s, n, &r, "~")) {
		int y = w->a.y0;

		if (point(s, n, &r, &b, y) || month_part(s, n, &r, &b, y) ||
		    day_part(s, n, &r, &b, &w->a)) {
			w->a.y1 = b.y1;
			w->a.m1 = b.m1;
			w->a.d1 = b.d1;
			w->k = r;
		}
	}
}

/* The time itself at w->k: 年内, 本月, a plan period or a range of years, a point or a range
 * of points. Returns whether there was one. */
static bool
time_words(const char *s, size_t n, int ry, int rm, struct when *w)
{
	if (ry && lit(s, n, &w->k, "年内")) {
		months(&w->a, ry, 1, 12);
		w->from_now = true;
		return true;
	}
	if (ry && lit(s, n, &w->k, "本月")) {
		months(&w->a, ry, rm, rm);
		if (!lit(s, n, &w->k, "底"))
			lit(s, n, &w->k, "末");
		return true;
	}
	if (plan_period(s, n, &w->k, &w->a) || year_range(s, n, &w->k, &w->a))
		return true;
	if (!point(s, n, &w->k, &w->a, ry))
		return false;
	range_end(s, n, w);
	return true;
}

/* The words after the time (前, 以内, 内 but not 内江市…, not 前后) and the sentence around it.
 * Returns false when the time is no limit: a story of the past, 本年度 in a formula. */
static bool
limit_words(const char *s, size_t n, struct when *w)
{
	size_t sa, sb;

	w->yearly = w->start >= strlen("每年") &&
		    directive_starts(s + w->start - strlen("每年"), strlen("每年"), "每年") &&
		    !w->a.year_given;
	/* 5月30日前后 is about that day, not before it. */
	if (lit(s, n, &w->k, "前后") || lit(s, n, &w->k, "左右"))
		;
	else if (lit(s, n, &w->k, "以前") || lit(s, n, &w->k, "之前") || lit(s, n, &w->k, "前") ||
		 lit(s, n, &w->k, "以内") ||
		 (directive_starts(s + w->k, n - w->k, "内") && !place_after(s, n, w->k + 3) &&
		  lit(s, n, &w->k, "内")))
		w->until = true;
	/* 完成时限：2023年6月 is a limit too. */
	if (label_before(s, w->start))
		w->until = true;
	sentence(s, n, w->start, w->k, &sa, &sb);
	/* A date in a story of the past is no limit, nor 本年度 in a formula. */
	if (!w->until && !w->from_now && !w->yearly &&
	    (says_past(s + sa, sb - sa) || formula(s + sa, sb - sa)))
		return false;
	w->future = w->until || w->from_now || w->yearly || says_future(s + sa, sb - sa);
	return true;
}

/* Place the span against the document's date (ry-rm-rd). Returns false when it ended before. */
static bool
anchor(struct when *w, int ry, int rm, int rd, int from_year)
{
	struct span *a = &w->a;

	if (w->from_now || w->until) {
		if (ry) {
			a->y0 = ry;
			a->m0 = rm;
			a->d0 = rd;
		} else {
			w->has_start = false;
		}
	} else if (ry && cmp(a->y0, a->m0, a->d0, ry, rm, rd) < 0 &&
		   cmp(ry, rm, rd, a->y1, a->m1, a->d1) <= 0) {
		/* A period already begun starts, for the task, on the document's date. */
		a->y0 = ry;
		a->m0 = rm;
		a->d0 = rd;
	}
	/*
	 * A month named without its year is in the document's year; one that has passed
	 * means next year's only when the sentence speaks of the future (a limit, 要…).
	 */
	if (ry && !a->year_given && !w->asof && w->future &&
	    cmp(a->y1, a->m1, a->d1, ry, rm, rd) < 0) {
		a->y1++;
		if (cmp(a->y0, a->m0, a->d0, ry, rm, rd) < 0 && !(w->from_now || w->until))
			a->y0++;
	}
	/* 2024年起，每年3月底前: the first is in the starting year when that is later. */
	if (w->yearly && from_year > a->y1)
		a->y1 = from_year;
	return !(ry && cmp(a->y1, a->m1, a->d1, ry, rm, rd) < 0);
}

void
directive_deadlines(struct dctx *c, struct directive_task *t, const char *s, size_t n)
{
	size_t i = 0;
	int ry = c->ref_y, rm = c->ref_m, rd = c->ref_d;
	int book = 0;
	int from_year = 0; /* 2024年起: the first year of a recurring limit that follows */

	while (i < n && !c->oom) {
		struct when w = {.start = i, .k = i, .has_start = true};

		if (no_time_at(s, n, i, &book)) {
			directive_cp(s, n, &i);
			continue;
		}
		lead_words(s, n, &w);
		if (!time_words(s, n, ry, rm, &w)) {
			directive_cp(s, n, &i);
			continue;
		}
		if (lit(s, n, &w.k, "以来") || lit(s, n, &w.k, "来")) {
			i = w.k; /* the past, not a limit */
			continue;
		}
		/* 2024年起 / 2024年开始: when a recurring limit begins, not a limit itself. */
		if (w.a.year_given && w.a.m0 == 1 && w.a.m1 == 12 && w.a.y0 == w.a.y1 &&
		    (lit(s, n, &w.k, "起") || lit(s, n, &w.k, "开始"))) {
			from_year = w.a.y0;
			i = w.k;
			continue;
		}
		if (limit_words(s, n, &w) && anchor(&w, ry, rm, rd, from_year))
			add(c, t, s + w.start, w.k - w.start, &w.a, w.has_start, w.yearly);
		i = w.k;
	}
}
