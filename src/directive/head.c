/* directive_head: the parts around the body — marks, number, title, addressees, and the tail. */
#include "directive/head.h"
#include "directive/util.h"

#include <string.h>

#include "base/arena.h"

/* Longest run of lines a title may take; real titles use one to three. */
#define TITLE_LINES 5
/* A title or signature line longer than this is a paragraph. */
#define SHORT_LINE 50
#define SIG_LINE 40

/* 附件 or 附件1 on a line of its own: the attachment's own text begins. */
static bool
annex_line(const struct dline *l)
{
	return directive_annex_start(l->p, l->n);
}

/* True when the whole line is wrapped in one pair of brackets: （此件公开发布）. */
static bool
bracketed(const char *p, size_t n)
{
	size_t i = 0, j;
	int32_t a, b;

	a = directive_cp(p, n, &i);
	j = directive_cp_back(p, n);
	{
		size_t k = j;

		b = directive_cp(p, n, &k);
	}
	return n > 2 && directive_is_open(a) && directive_is_close(b) &&
	       directive_find(p + i, j - i, "）") == j - i;
}

/* The first full date inside a bracketed line: （2023年2月10日…通过）. */
static bool
bracket_date(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i;

	if (!bracketed(s, n))
		return false;
	for (i = 3; i + 3 < n; i++) {
		size_t e;

		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		/* The date runs to its 日. */
		e = i + directive_find(s + i, n - i, "日");
		if (e >= n)
			break;
		if (directive_parse_date(s + i, e + 3 - i, y, m, d))
			return true;
	}
	return false;
}

/* Only dashes, stars and rules: the red separator of the head, copied as text. */
static bool
rule_line(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int32_t ch = directive_cp(p, n, &i);

		if (directive_is_han(ch) || (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'z'))
			return false;
	}
	return true;
}

/*
 * Find a document number in the line: code, year in any bracket, serial, 号.
 * Returns true and sets the byte range [*nstart, *nend) and the normalised number.
 */
static bool
find_number(struct dctx *c, const struct dline *l, size_t *nstart, size_t *nend, const char **num,
	    int *year, bool warn)
{
	const char *p = l->p;
	size_t n = l->n, i = 0;

	while (i < n) {
		size_t at = i, k, code, y0, y1, cl_end;
		int32_t ch = directive_cp(p, n, &i), cl;
		long yv, sv;
		bool di = false, bad_bracket;

		if (!directive_is_open(ch))
			continue;
		k = i;
		y0 = k;
		yv = directive_num(p, n, &k, 0);
		y1 = k;
		if (yv < 1949 || yv > 2199 || directive_chars(p + y0, y1 - y0) != 4)
			continue;
		cl = directive_cp(p, n, &k);
		if (!directive_is_close(cl))
			continue;
		cl_end = k;
		while (k < n && (p[k] == ' ' || directive_starts(p + k, n - k, "\xe3\x80\x80")))
			k += p[k] == ' ' ? 1 : 3;
		if (directive_starts(p + k, n - k, "第")) {
			di = true;
			k += 3;
		}
		sv = directive_num(p, n, &k, 0);
		if (sv < 0)
			continue;
		while (k < n && p[k] == ' ')
			k++;
		if (!directive_starts(p + k, n - k, "号"))
			continue;
		k += 3;
		/* The code is the run of ideographs (and latin letters) before the bracket. */
		code = at;
		while (code > 0) {
			size_t b = directive_cp_back(p, code), t = b;
			int32_t pc = directive_cp(p, n, &t);

			if (!directive_is_han(pc) && !(pc >= 'A' && pc <= 'Z') &&
			    !(pc >= 'a' && pc <= 'z'))
				break;
			code = b;
		}
		if (code == at)
			continue;
		bad_bracket = ch != 0x3014 || cl != 0x3015;
		/* Digits are written out again so full-width ones come out plain. */
		*num = arena_printf(c->a, "%.*s〔%ld〕%ld号", (int)(at - code), p + code, yv, sv);
		if (*num == NULL) {
			c->oom = 1;
			*num = "";
		}
		if (warn && bad_bracket)
			directive_warn(c, l->no, "文号年份括号“%.*s”改为六角括号〔〕",
				       (int)(cl_end - at), p + at);
		if (warn && di)
			directive_warn(c, l->no, "文号序号前的“第”已去除");
		*nstart = code;
		*nend = k;
		*year = (int)yv;
		return true;
	}
	return false;
}

/* 签发人：张三 anywhere in the line: the name after the colon. */
static bool
take_signer(struct dctx *c, const char *p, size_t n)
{
	size_t at = directive_find(p, n, "签发人");
	const char *s;
	size_t m;

	if (at == n)
		return false;
	s = p + at + strlen("签发人");
	m = n - at - strlen("签发人");
	if (directive_starts(s, m, "："))
		s += 3, m -= 3;
	else if (directive_starts(s, m, ":"))
		s += 1, m -= 1;
	directive_trim(&s, &m);
	c->d->signer = directive_dup(c, s, m);
	return true;
}

static bool
mark_line(const char *p, size_t n)
{
	static const char *const marks[] = {"特急", "加急", "特提", "平急", "绝密", "机密", "秘密"};
	size_t k;

	if (n == 6 && strspn(p, "0123456789") == 6)
		return true; /* copy number 000001 */
	/* The issue line of a 纪要 or a bulletin: 〔2023〕第5期, 第12期. */
	if (directive_ends(p, n, "期") && directive_chars(p, n) <= 16 &&
	    directive_find(p, n, "第") < n && !directive_has_punct(p, n))
		return true;
	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (directive_starts(p, n, marks[k]) && directive_chars(p, n) <= 12)
			return true;
	return false;
}

/*
 * A line of a government site's information table, 索引号：… 发文字号：…, copied
 * above the document: kept as a note, never read as title or addressees.
 */
static bool
meta_line(const char *p, size_t n)
{
	static const char *const labels[] = {
	    "索引号",	"索 引 号", "发布机构", "发文机关", "发文单位", "成文日期",
	    "发布日期", "标题",	    "标　　题", "标    题", "发文字号", "主题分类",
	    "主题词",	"公文种类", "有效性",	"体裁分类", "来源",	"信息来源",
	    "发布时间", "生效日期", "文号",	"分类",	    NULL};
	size_t k, m;

	for (k = 0; labels[k] != NULL; k++) {
		if (!directive_starts(p, n, labels[k]))
			continue;
		m = strlen(labels[k]);
		while (m < n && (p[m] == ' ' || directive_starts(p + m, n - m, "\xe3\x80\x80")))
			m += p[m] == ' ' ? 1 : 3;
		if (directive_starts(p + m, n - m, "：") || directive_starts(p + m, n - m, ":"))
			return true;
	}
	return false;
}

/* Words a title may end with when it is not one of the fifteen kinds (an attached plan, say). */
static bool
title_end(const char *p, size_t n)
{
	static const char *const ends[] = {"要点", "方案", "办法", "规定", "细则", "规划",
					   "计划", "纲要", "规则", "章程", "清单", "制度"};
	char tail[24];
	size_t k, t = sizeof(tail);

	/* Look at the last few characters with spaces dropped: titles are spaced out, 的 通 知. */
	while (n > 0 && t > 0) {
		size_t b = directive_cp_back(p, n), x = b;

		if (!directive_is_space(directive_cp(p, n, &x))) {
			if (n - b > t)
				break;
			t -= n - b;
			memcpy(tail + t, p + b, n - b);
		}
		n = b;
	}
	p = tail + t;
	n = sizeof(tail) - t;
	if (directive_kind_of(p, n) != NULL)
		return true;
	for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++)
		if (directive_ends(p, n, ends[k]))
			return true;
	return false;
}

/* 特此通知 and its kin close the body even without a 。; they are not a signature. */
static bool
closing_words(const char *p, size_t n)
{
	static const char *const w[] = {"特此", "此复", "妥否", "当否",
					"以上", "请予", "请各", NULL};

	if (directive_starts_any(p, n, w))
		return true;
	return false;
}

/* A date line, or a signature and a date on one line; sets the date and sig range. */
static bool
date_line(const struct dline *l, int *y, int *m, int *d, size_t *sig_n)
{
	size_t i;

	*sig_n = 0;
	if (directive_parse_date(l->p, l->n, y, m, d))
		return true;
	/* 某某科协　2022年11月8日: split at the last space. */
	for (i = l->n; i > 0; i--) {
		if (l->p[i - 1] == ' ' ||
		    (i >= 3 && directive_starts(l->p + i - 3, 3, "\xe3\x80\x80"))) {
			const char *s = l->p;
			size_t sn = i - (l->p[i - 1] == ' ' ? 1 : 3);

			if (!directive_parse_date(l->p + i, l->n - i, y, m, d))
				return false;
			directive_trim(&s, &sn);
			if (sn == 0 || directive_chars(s, sn) > SIG_LINE ||
			    directive_has_punct(s, sn))
				return false;
			*sig_n = sn;
			return true;
		}
	}
	return false;
}

/* A printing line: 某某办公室　2022年11月8日印发. */
static bool
printed_line(struct dctx *c, const struct dline *l, bool take)
{
	const char *p = l->p;
	size_t n = l->n, i, end;
	int y, m, d;

	if (!directive_ends(p, n, "印发"))
		return false;
	end = n - strlen("印发");
	while (end > 0 && p[end - 1] == ' ')
		end--;
	/* The date starts after the last non-date character before it. */
	for (i = 0; i < end; i++) {
		if (((unsigned char)p[i] & 0xc0) == 0x80)
			continue;
		if (directive_parse_date(p + i, end - i, &y, &m, &d)) {
			const char *s = p;
			size_t sn = i;

			if (!take)
				return true;
			directive_trim(&s, &sn);
			c->d->printed_by = directive_dup(c, s, sn);
			directive_date(c->d->printed_date, y, m, d);
			return true;
		}
	}
	return false;
}

static bool
copy_line(const struct dline *l)
{
	return directive_starts(l->p, l->n, "抄送") || directive_starts(l->p, l->n, "抄报");
}

static bool
tail_like(struct dctx *c, size_t i)
{
	const struct dline *l;

	if (i >= c->nl)
		return true;
	l = &c->ln[i];
	return copy_line(l) || printed_line(c, l, false) || bracketed(l->p, l->n) ||
	       annex_line(l) || directive_starts(l->p, l->n, "附注");
}

/* The colon after a label (抄送：, 附件：), full or half width; returns bytes to skip. */
static size_t
label_len(const char *p, size_t n, const char *label)
{
	size_t k = strlen(label);

	while (k < n && p[k] == ' ')
		k++;
	if (directive_starts(p + k, n - k, "："))
		return k + 3;
	if (directive_starts(p + k, n - k, ":"))
		return k + 1;
	return k;
}

/* Lines [i, e) after the date: notes, annexes, copy-to and printing. */
static void
tail_lines(struct dctx *c, size_t i, size_t e)
{
	bool annex = false;

	while (i < e) {
		const struct dline *l = &c->ln[i];

		if (copy_line(l)) {
			size_t j = i, x, k = label_len(l->p, l->n, "抄送");

			/* A copy-to list can wrap; it runs until a line ends with 。 or the
			 * printing line. */
			while (j + 1 < e && !directive_ends(c->ln[j].p, c->ln[j].n, "。") &&
			       !printed_line(c, &c->ln[j + 1], false) && !copy_line(&c->ln[j + 1]))
				j++;
			for (x = i; x <= j; x++) {
				size_t skip = x == i ? k : 0;

				directive_split(c, &c->d->copy_to, c->ln[x].p + skip,
						c->ln[x].n - skip, true);
			}
			i = j + 1;
			annex = false;
			continue;
		}
		if (printed_line(c, l, true)) {
			i++;
			annex = false;
			continue;
		}
		if (annex_line(l))
			annex = true;
		directive_push(c, annex ? &c->d->annexes : &c->d->notes,
			       directive_dup(c, l->p, l->n));
		i++;
	}
}

/* The attachment note 附件：1.… 2.… ending just before line e; returns its first line or e. */
/*
 * The items of one line of an attachment note: 1.…；2.… may share a line. Each
 * loses its number (1. 1． 1、; 1.2023年… is item 1, not the number 1.2) and a
 * closing ； or 。.
 */
static void
attachment_items(struct dctx *c, const char *s, size_t sn)
{
	while (sn > 0) {
		size_t end = directive_find(s, sn, "；"), next, mlen = 0;
		const char *p = s;
		size_t pn = end;

		next = end < sn ? end + 3 : sn;
		directive_trim(&p, &pn);
		while (mlen < pn && mlen < 3 && p[mlen] >= '0' && p[mlen] <= '9')
			mlen++;
		if (mlen > 0 && mlen < pn && p[mlen] == '.')
			mlen++;
		else if (mlen > 0 && (directive_starts(p + mlen, pn - mlen, "．") ||
				      directive_starts(p + mlen, pn - mlen, "、")))
			mlen += 3;
		else
			mlen = 0;
		p += mlen;
		pn -= mlen;
		directive_trim(&p, &pn);
		if (directive_ends(p, pn, "。"))
			pn -= 3;
		if (pn > 0)
			directive_push(c, &c->d->attachments, directive_dup(c, p, pn));
		s += next;
		sn -= next;
	}
}

/* 附件1：…: the number of the attachment label, and where its title starts; 0 when none. */
static size_t
numbered_label(const struct dline *l)
{
	size_t k = strlen("附件"), d;

	if (!directive_starts(l->p, l->n, "附件"))
		return 0;
	d = k;
	while (k < l->n && l->p[k] >= '0' && l->p[k] <= '9')
		k++;
	if (k == d)
		return 0;
	if (directive_starts(l->p + k, l->n - k, "："))
		return k + 3 < l->n ? k + 3 : 0;
	if (directive_starts(l->p + k, l->n - k, ":"))
		return k + 1 < l->n ? k + 1 : 0;
	return 0;
}

static size_t
attachments(struct dctx *c, size_t e)
{
	size_t i, lo = e > c->body0 + 15 ? e - 15 : c->body0;

	/* One label per line, 附件1：… 附件2：…, is the other way to write the note. */
	for (i = e; i > lo && numbered_label(&c->ln[i - 1]) > 0; i--)
		;
	if (i < e) {
		size_t j;

		for (j = i; j < e; j++) {
			const struct dline *x = &c->ln[j];
			size_t k = numbered_label(x);
			const char *s = x->p + k;
			size_t sn = x->n - k;

			directive_trim(&s, &sn);
			if (directive_ends(s, sn, "；") || directive_ends(s, sn, "。"))
				sn -= 3;
			if (sn > 0)
				directive_push(c, &c->d->attachments, directive_dup(c, s, sn));
		}
		return i;
	}

	for (i = e; i > lo; i--) {
		const struct dline *l = &c->ln[i - 1];
		size_t k;

		if (directive_starts(l->p, l->n, "附件") && !annex_line(l)) {
			size_t j;

			k = label_len(l->p, l->n, "附件");
			if (k == strlen("附件"))
				return e; /* 附件 without a colon is prose */
			for (j = i - 1; j < e; j++) {
				const struct dline *x = &c->ln[j];

				attachment_items(c, x->p + (j == i - 1 ? k : 0),
						 x->n - (j == i - 1 ? k : 0));
			}
			return i - 1;
		}
		/* Only numbered items may stand between the note and its end. */
		if (!(l->p[0] >= '0' && l->p[0] <= '9') || directive_chars(l->p, l->n) > 80)
			return e;
	}
	return e;
}

/* A line that is only a document number (and perhaps 签发人：…): take it. */
static bool
number_line(struct dctx *c, const struct dline *l)
{
	size_t ns, ne, sg;
	const char *num;
	int year;
	struct dline inner;

	/* Sites print it in brackets under the title: （X科协发〔2023〕5号）. */
	if (bracketed(l->p, l->n) && directive_starts(l->p, l->n, "（") &&
	    directive_ends(l->p, l->n, "）")) {
		inner.p = l->p + 3;
		inner.n = l->n - 6;
		inner.no = l->no;
		l = &inner;
	}
	if (c->d->number != NULL || !find_number(c, l, &ns, &ne, &num, &year, false) || ns != 0)
		return false;
	sg = directive_find(l->p + ne, l->n - ne, "签发人");
	if (directive_has_punct(l->p + ne, sg))
		return false;
	find_number(c, l, &ns, &ne, &num, &year, true);
	c->d->number = num;
	take_signer(c, l->p + ne, l->n - ne);
	return true;
}

/* A place and nothing else (各省, 自治区, 县（区）, 两江新区): the first words of a longer name. */
static bool
place_only(const char *p, size_t n)
{
	static const char *const ends[] = {"省", "自治区", "直辖市", "市", "县",   "区",     "州",
					   "盟", "旗",	   "乡",     "镇", "街道", "自治县", NULL};

	if (directive_ends(p, n, "）")) {
		size_t open = directive_find(p, n, "（");

		if (open == n || open == 0)
			return false;
		n = open;
	}
	if (directive_ends_any(p, n, ends))
		return true;
	return false;
}

/*
 * Addressees of one line: split at ，；, and within each part at 、, except that a run of
 * places joined by 、 and ended by one organ (各省、自治区、直辖市科协; 各市、县（区）科协) is one
 * addressee, the associations of all those places.
 */
static void
addressees(struct dctx *c, const char *p, size_t n)
{
	struct directive_list parts = {0}, names = {0};
	size_t i, k, run;

	directive_split(c, &parts, p, n, false);
	for (i = 0; i < parts.n && !c->oom; i++) {
		const char *part = parts.v[i];

		names.n = 0;
		directive_split(c, &names, part, strlen(part), true);
		for (k = run = 0; k < names.n && !c->oom; k++) {
			const char *name = names.v[k];

			if (place_only(name, strlen(name)) && k + 1 < names.n) {
				run++;
				continue;
			}
			if (run > 0) {
				/* The run and its organ stand together in the part as printed. */
				const char *from = strstr(part, names.v[k - run]);
				const char *to = strstr(from != NULL ? from : part, name);

				if (from != NULL && to != NULL) {
					directive_push(
					    c, &c->d->addressees,
					    directive_dup(c, from,
							  (size_t)(to - from) + strlen(name)));
					run = 0;
					continue;
				}
				for (; run > 0; run--)
					directive_push(c, &c->d->addressees, names.v[k - run]);
			}
			directive_push(c, &c->d->addressees, (void *)name);
		}
	}
}

/* The lines above the title: marks, a site's meta lines, the number, 签发人 and a "…文件" issuer.
 */
static size_t
head_marks(struct dctx *c)
{
	struct directive *d = c->d;
	size_t i, ns, ne;
	int year = 0;

	for (i = 0; i < c->nl && i < 12; i++) {
		const struct dline *l = &c->ln[i];
		const char *num;

		if (meta_line(l->p, l->n)) {
			directive_push(c, &d->notes, directive_dup(c, l->p, l->n));
			continue;
		}
		if (mark_line(l->p, l->n) || rule_line(l->p, l->n)) {
			if (!rule_line(l->p, l->n))
				directive_push(c, &d->notes, directive_dup(c, l->p, l->n));
			continue;
		}
		if (d->number == NULL && find_number(c, l, &ns, &ne, &num, &year, true)) {
			d->number = num;
			take_signer(c, l->p + ne, l->n - ne);
			continue;
		}
		if (directive_starts(l->p, l->n, "签发人")) {
			take_signer(c, l->p, l->n);
			continue;
		}
		if (d->issuer == NULL && directive_ends(l->p, l->n, "文件") &&
		    directive_chars(l->p, l->n) <= 40 && !directive_has_punct(l->p, l->n)) {
			const char *s = l->p;
			size_t sn = l->n - strlen("文件");

			directive_trim(&s, &sn);
			d->issuer = directive_dup(c, s, sn);
			d->issuer_marked = 1;
			continue;
		}
		break;
	}
	return i;
}

/* Where the title stands: its first line (*first) and how many lines it has (the return). */
static size_t
title_lines(struct dctx *c, size_t *first)
{
	struct directive *d = c->d;
	size_t i = *first, j, lines = 0, o;
	bool found = false;

	/* Short lines without sentence punctuation, ending in a document kind. */
	for (j = i; j < c->nl && !found; j++) {
		const struct dline *l = &c->ln[j];
		size_t mlen;
		int y, m, dd;

		if (number_line(c, l)) {
			/* Lines above a number that do not end in a kind are the issuer's name. */
			if (lines > 0) {
				char *name = directive_join(c, i, j, &o);

				if (name != NULL && d->issuer == NULL) {
					d->issuer = name;
					d->issuer_marked = 1;
				} else if (name != NULL) {
					directive_push(c, &d->notes, name);
				}
			}
			i = j + 1;
			lines = 0;
			continue;
		}
		if (lines == 0 && directive_starts(l->p, l->n, "签发人")) {
			take_signer(c, l->p, l->n);
			i = j + 1;
			continue;
		}
		/* A web copy puts a long title on one line: allowed when it ends in a kind. */
		if (directive_has_punct(l->p, l->n) || directive_marker(l->p, l->n, &mlen) ||
		    directive_chars(l->p, l->n) > 2 * SHORT_LINE ||
		    (directive_chars(l->p, l->n) > SHORT_LINE && !title_end(l->p, l->n)) ||
		    (lines > 0 && bracketed(l->p, l->n)) ||
		    directive_parse_date(l->p, l->n, &y, &m, &dd) || lines == TITLE_LINES)
			break;
		lines++;
		/* A kind at the end closes the title, unless the next line goes on with 的…. */
		if (title_end(l->p, l->n) &&
		    !(j + 1 < c->nl && directive_starts(c->ln[j + 1].p, c->ln[j + 1].n, "的") &&
		      !directive_has_punct(c->ln[j + 1].p, c->ln[j + 1].n)))
			found = true;
	}
	/* No line ended the title with a kind: take only the first line rather than the body. */
	if (!found && lines > 1)
		lines = 1;
	/* A head line repeated at the start of the title (XX科协 / XX科协关于…) is the issuer's. */
	if (found && lines > 1 && c->ln[i + 1].n > c->ln[i].n &&
	    memcmp(c->ln[i + 1].p, c->ln[i].p, c->ln[i].n) == 0) {
		if (d->issuer == NULL) {
			d->issuer = directive_dup(c, c->ln[i].p, c->ln[i].n);
			d->issuer_marked = 1;
		} else {
			directive_push(c, &d->notes, directive_dup(c, c->ln[i].p, c->ln[i].n));
		}
		i++;
		lines--;
	}
	*first = i;
	return lines;
}

/* The title from its lines, its kind, and the issuer from 关于 when none was found. -1: no memory.
 */
static int
take_title(struct dctx *c, size_t i, size_t lines)
{
	struct directive *d = c->d;
	size_t o;
	char *title;

	if (lines == 0) {
		directive_warn(c, i < c->nl ? c->ln[i].no : 0, "未找到标题");
		return 0;
	}
	title = directive_join(c, i, i + lines, &o);
	if (title == NULL)
		return -1;
	d->title = title;
	d->kind = directive_kind_of(title, o);
	if (d->kind == NULL)
		directive_warn(c, c->ln[i].no, "标题未以十五种公文文种之一结尾，文种未定");
	if (d->issuer == NULL) {
		size_t about = directive_find(title, o, "关于");

		if (about > 0 && about < o)
			d->issuer = directive_dup(c, title, about);
	}
	return 0;
}

/*
 * A web page prints the title as its headline and the document prints it
 * again after te: the headline goes to notes. Returns the line after it.
 */
static size_t
repeated_title(struct dctx *c, size_t te)
{
	struct directive *d = c->d;
	size_t t = te, k2 = te;

	while (k2 < c->nl && k2 - te < TITLE_LINES) {
		size_t len;
		char *again = directive_join(c, t, k2 + 1, &len);

		if (again == NULL || len > strlen(d->title))
			break;
		if (len == strlen(d->title) && memcmp(again, d->title, len) == 0) {
			for (; t <= k2; t++)
				directive_push(c, &d->notes,
					       directive_dup(c, c->ln[t].p, c->ln[t].n));
			directive_warn(c, c->ln[te].no, "标题重复出现，网页标题移入 notes");
			return t;
		}
		k2++;
	}
	return te;
}

/* The lines under the title from j: a number, a site's meta lines, a bracketed note with the
 * date. Returns the first line after them. */
static size_t
under_title(struct dctx *c, size_t j, bool titled)
{
	struct directive *d = c->d;
	size_t o, ns, ne;
	int year = 0;

	/* Web copies often give the number under the title; a 纪要 its issue line. */
	while (j < c->nl) {
		if (number_line(c, &c->ln[j])) {
			j++;
			continue;
		}
		/* A site's 发布时间：… line may stand under the title too. */
		if (!mark_line(c->ln[j].p, c->ln[j].n) && !meta_line(c->ln[j].p, c->ln[j].n))
			break;
		directive_push(c, &d->notes, directive_dup(c, c->ln[j].p, c->ln[j].n));
		j++;
	}
	/* Or only in the site's table above it (发文字号：…): read it from there. */
	for (o = 0; d->number == NULL && o < d->notes.n; o++) {
		struct dline x = {d->notes.v[o], strlen(d->notes.v[o]), c->ln[0].no};
		const char *num;

		if (directive_starts(x.p, x.n, "发文字号") || directive_starts(x.p, x.n, "文号"))
			if (find_number(c, &x, &ns, &ne, &num, &year, true))
				d->number = num;
	}
	/* A bracketed note under the title: （2023年2月10日市科协常委会议通过）. */
	if (titled && j < c->nl && bracketed(c->ln[j].p, c->ln[j].n) &&
	    directive_chars(c->ln[j].p, c->ln[j].n) <= 2 * SHORT_LINE) {
		int y, m, dd;

		/* Party documents and decisions are dated there: the document's date, unless
		 * the tail has one of its own. */
		if (bracket_date(c->ln[j].p, c->ln[j].n, &y, &m, &dd)) {
			directive_date(c->title_date, y, m, dd);
			c->title_date_line = c->ln[j].no;
		}
		directive_push(c, &d->notes, directive_dup(c, c->ln[j].p, c->ln[j].n));
		j++;
	}
	return j;
}

/* Addressees from line j: one paragraph ending in a colon, which may wrap over up to three lines.
 * Returns the first line after them (j when there are none). */
static size_t
take_addressees(struct dctx *c, size_t j)
{
	size_t lines;

	for (lines = 1; lines <= 3 && j + lines <= c->nl; lines++) {
		const struct dline *l = &c->ln[j + lines - 1];
		size_t mlen, k;

		/* 现将有关事项通知如下： ends in a colon too, but names nobody. */
		if (directive_marker(l->p, l->n, &mlen) ||
		    directive_find(l->p, l->n, "。") < l->n || directive_chars(l->p, l->n) > 200 ||
		    directive_find(l->p, l->n, "如下") < l->n ||
		    directive_find(l->p, l->n, "以下") < l->n ||
		    directive_starts(l->p, l->n, "现") || directive_starts(l->p, l->n, "为") ||
		    directive_starts(l->p, l->n, "根据") || directive_starts(l->p, l->n, "按照") ||
		    meta_line(l->p, l->n))
			break;
		if (directive_ends(l->p, l->n, "：") || directive_ends(l->p, l->n, ":")) {
			if (directive_ends(l->p, l->n, ":"))
				directive_warn(c, l->no, "主送机关后的半角冒号按全角处理");
			for (k = j; k < j + lines; k++) {
				const struct dline *x = &c->ln[k];
				size_t cut = k == j + lines - 1
						 ? (directive_ends(x->p, x->n, ":") ? 1 : 3)
						 : 0;

				addressees(c, x->p, x->n - cut);
			}
			return j + lines;
		}
		if (!(directive_ends(l->p, l->n, "，") || directive_ends(l->p, l->n, "、")))
			break;
	}
	return j;
}

/* The head, top to bottom: marks and number, the title, what stands under it, the addressees. */
static void
head(struct dctx *c)
{
	size_t i = head_marks(c);
	size_t lines = title_lines(c, &i);
	size_t j = i + lines;

	if (take_title(c, i, lines) != 0)
		return;
	if (lines > 0 && c->d->title != NULL)
		j = repeated_title(c, j);
	j = under_title(c, j, lines > 0);
	c->body0 = take_addressees(c, j);
}

/*
 * A line of a web site's page around the document (breadcrumb, publishing time, views,
 * font size, search, share and print buttons, footer): never the document's own text.
 */
static bool
chrome_line(const char *p, size_t n)
{
	static const char *const starts[] = {
	    "首页>",	"首页 >",   "首页＞",	  "首页 ＞",  "首页»",	  "当前位置", "您的位置",
	    "你的位置", "发布时间", "浏览：",	  "浏览次数", "阅读次数", "点击数",   "来源：",
	    "信息来源", "字号：",   "字体：",	  "【字体",   "全站搜索", "欢迎访问", "打印本页",
	    "关闭窗口", "【打印",   "【关闭",	  "分享到",   "扫一扫",	  "版权所有", "主办单位：",
	    "主办：",	"承办：",   "网站标识码", "网站地图", "联系我们", "无障碍",   "上一篇",
	    "下一篇",	"相关链接", "责任编辑",	  NULL};
	static const char *const inside[] = {"ICP备",	     "公网安备", "字号：大",
					     "【大 中 小】", "大 中 小", NULL};

	if (directive_starts_any(p, n, starts))
		return true;
	if (directive_has_any(p, n, inside))
		return true;
	return n == strlen("打印") && memcmp(p, "打印", n) == 0;
}

/* A site's column title standing alone above the document: 通知公告, 政策文件, 工作动态. */
static bool
column_title(const char *p, size_t n)
{
	static const char *const cols[] = {"通知公告", "通知通告",     "政策文件", "工作动态",
					   "政务公开", "政府信息公开", "文件通知", "公示公告",
					   "新闻中心", "政策法规",     "文件发布", NULL};
	size_t k;

	for (k = 0; cols[k] != NULL; k++)
		if (n == strlen(cols[k]) && memcmp(p, cols[k], n) == 0)
			return true;
	return false;
}

/*
 * Web copies: move the site's chrome out of the lines into notes, so that the head, the
 * title, the addressees and the signature are read from the document inside it. A column
 * title counts only among the first lines, before the document's own head.
 */
static void
web_chrome(struct dctx *c)
{
	size_t i, k = 0, moved = 0, first = 0;

	for (i = 0; i < c->nl; i++) {
		const struct dline *l = &c->ln[i];
		/* The site's name on the first line, the page's chrome right under it. */
		bool site = i == 0 && c->nl > 1 && directive_title_like(l->p, l->n) &&
			    !title_end(l->p, l->n) && chrome_line(c->ln[1].p, c->ln[1].n);

		if (site || chrome_line(l->p, l->n) || (i < 8 && column_title(l->p, l->n))) {
			directive_push(c, &c->d->notes, directive_dup(c, l->p, l->n));
			if (moved++ == 0)
				first = l->no;
			continue;
		}
		c->ln[k++] = *l;
	}
	c->nl = k;
	if (moved > 0)
		directive_warn(c, first, "网页转载：%zu 行网站栏目、导航和页脚移入 notes", moved);
}

/* Where a missing date would have stood: the last line of the document. */
static size_t
last_line(const struct dctx *c)
{
	return c->nl > 0 ? c->ln[c->nl - 1].no : 0;
}

/*
 * The line of the date that closes the body (c->nl when there is none); sets the date and,
 * for a signature on the date's line, its length *sig_n.
 */
static size_t
closing_date(struct dctx *c, int *y, int *m, int *dd, size_t *sig_n)
{
	size_t i;

	for (i = c->body0; i < c->nl; i++) {
		/*
		 * A date line closes the body when the tail or an attached document's title
		 * follows, or a signature stands above it (web pages add lines of their own).
		 */
		if (date_line(&c->ln[i], y, m, dd, sig_n) &&
		    (tail_like(c, i + 1) || directive_title_like(c->ln[i + 1].p, c->ln[i + 1].n) ||
		     *sig_n > 0 ||
		     (i > c->body0 && directive_title_like(c->ln[i - 1].p, c->ln[i - 1].n))))
			return i;
	}
	return c->nl;
}

/*
 * What follows the date on line k: notes under it, then perhaps an attached document (its
 * lines marked by annex0 and annex1), then the 版记.
 */
static void
tail_after_date(struct dctx *c, size_t k)
{
	size_t x;

	for (x = k + 1; x < c->nl; x++) {
		const struct dline *l = &c->ln[x];

		if (!bracketed(l->p, l->n) && !directive_starts(l->p, l->n, "附注") &&
		    !directive_starts(l->p, l->n, "联系人"))
			break;
		directive_push(c, &c->d->notes, directive_dup(c, l->p, l->n));
	}
	c->annex0 = x;
	while (x < c->nl && !copy_line(&c->ln[x]) && !printed_line(c, &c->ln[x], false))
		x++;
	c->annex1 = x;
	tail_lines(c, x, c->nl);
}

/*
 * Without a date, the 版记 (copy-to, printing, notes) may still close the document among its
 * last lines: taken, and its first line returned (c->nl when there is none).
 */
static size_t
tail_without_date(struct dctx *c)
{
	size_t t = c->nl, x;

	while (t > c->body0 && t + 6 > c->nl && tail_like(c, t - 1) && !annex_line(&c->ln[t - 1]))
		t--;
	/* A wrapped copy-to list begins further up. */
	for (x = t; x > c->body0 && x + 8 > c->nl; x--)
		if (copy_line(&c->ln[x - 1])) {
			t = x - 1;
			break;
		}
	tail_lines(c, t, c->nl);
	return t;
}

/* Whether a line names a body (委员会, 办公室, 科协): without a date only such a line signs. */
static bool
names_body(const struct dline *l)
{
	static const char *const w[] = {"会", "委", "室", "部", "局", "科协", "党组", "政府", NULL};
	size_t k;

	for (k = 0; w[k] != NULL; k++)
		if (directive_find(l->p, l->n, w[k]) < l->n)
			return true;
	return false;
}

/*
 * The first line of the signature that ends before line e: up to three short lines without
 * punctuation just above the date (dated) or the 版记; e when there is none.
 */
static size_t
signature_start(const struct dctx *c, size_t e, bool dated)
{
	size_t sig = e;

	while (sig > c->body0 && sig + 3 > e) {
		const struct dline *l = &c->ln[sig - 1];
		size_t mlen;

		if (directive_has_punct(l->p, l->n) || directive_chars(l->p, l->n) > SIG_LINE ||
		    directive_marker(l->p, l->n, &mlen) || directive_starts(l->p, l->n, "附件") ||
		    bracketed(l->p, l->n) || closing_words(l->p, l->n))
			break;
		if (!dated && !names_body(l))
			break;
		sig--;
	}
	return sig;
}

/*
 * Lines [sig, sig_end) joined by spaces as the signature, the first also the issuer unless
 * the head marked one; of line k (the date's) only its first sig_n bytes. False when out of
 * memory.
 */
static bool
take_signature(struct dctx *c, size_t sig, size_t sig_end, size_t k, size_t sig_n)
{
	size_t total = 0, o = 0, x;
	char *s;

	for (x = sig; x < sig_end; x++)
		total += c->ln[x].n + 1;
	s = arena_alloc(c->a, total + 1);
	if (s == NULL) {
		c->oom = 1;
		return false;
	}
	for (x = sig; x < sig_end; x++) {
		size_t n = x == k ? sig_n : c->ln[x].n;

		if (o > 0)
			s[o++] = ' ';
		memcpy(s + o, c->ln[x].p, n);
		o += n;
	}
	c->d->signature = s;
	if (!c->d->issuer_marked)
		c->d->issuer = directive_dup(c, c->ln[sig].p, sig == k ? sig_n : c->ln[sig].n);
	return true;
}

/*
 * An attachment printed in full after the body, opening with 附件 or 附件1 on its own line,
 * when none was found after the date: the body ends before it.
 */
static void
annex_in_body(struct dctx *c)
{
	size_t i;

	for (i = c->body0 + 1; i < c->body1 && c->annex0 == c->annex1; i++)
		if (annex_line(&c->ln[i])) {
			c->annex0 = i;
			c->annex1 = c->body1;
			c->body1 = i;
		}
}

/*
 * The end of the document: the date, what follows it, the signature above it, the attachment
 * note, and where the body ends.
 */
static void
tail(struct dctx *c)
{
	struct directive *d = c->d;
	size_t k, e, sig, sig_end, sig_n = 0;
	int y = 0, m = 0, dd = 0;

	k = closing_date(c, &y, &m, &dd, &sig_n);
	if (k < c->nl) {
		directive_date(d->date, y, m, dd);
		tail_after_date(c, k);
		e = k;
	} else {
		e = tail_without_date(c);
	}
	/* A signature on the date's own line is that line's start; else look above. */
	sig = sig_n > 0 ? e : signature_start(c, e, k < c->nl);
	sig_end = sig_n > 0 ? e + 1 : e;
	if (sig < sig_end && !take_signature(c, sig, sig_end, k, sig_n))
		return;
	c->body1 = attachments(c, sig);
	annex_in_body(c);
	if (k == c->nl && c->title_date[0] != '\0') {
		memcpy(d->date, c->title_date, sizeof(d->date));
		directive_warn(c, c->title_date_line, "成文日期取自标题下的题注（见 notes）");
	} else if (k == c->nl) {
		directive_warn(c, last_line(c), "缺少成文日期");
	}
}

/* A date in a bracketed note, as the reference. */
static bool
note_date(struct dctx *c)
{
	size_t k;

	for (k = 0; k < c->d->notes.n; k++) {
		const char *s = c->d->notes.v[k];
		int y, m, d;

		if (bracket_date(s, strlen(s), &y, &m, &d)) {
			c->ref_y = y;
			c->ref_m = m;
			c->ref_d = d;
			return true;
		}
	}
	return false;
}

/* The date relative times are read against: the document's, else the number's year. */
static void
reference(struct dctx *c)
{
	struct directive *d = c->d;
	const char *num = d->number;

	if (d->date[0]) {
		c->ref_y = (d->date[0] - '0') * 1000 + (d->date[1] - '0') * 100 +
			   (d->date[2] - '0') * 10 + (d->date[3] - '0');
		c->ref_m = (d->date[5] - '0') * 10 + (d->date[6] - '0');
		c->ref_d = (d->date[8] - '0') * 10 + (d->date[9] - '0');
	} else if (note_date(c)) {
		directive_warn(c, last_line(c), "缺少成文日期，相对时间按题注日期推算");
	} else if (num != NULL) {
		size_t at = directive_find(num, strlen(num), "〔");

		if (at < strlen(num)) {
			size_t i = at + 3;
			long y = directive_num(num, strlen(num), &i, 0);

			c->ref_y = (int)y;
			c->ref_m = 1;
			c->ref_d = 1;
			directive_warn(c, last_line(c), "缺少成文日期，相对时间按文号年份%ld年推算",
				       y);
		}
	}
	if (!c->ref_y && d->title != NULL) {
		size_t i, n = strlen(d->title);

		/* Last resort: the year in the title, 2023年工作要点. */
		for (i = 0; i + 4 < n; i++) {
			size_t k = i;
			long y = directive_num(d->title, n, &k, 0);

			if (y >= 1949 && y <= 2199 && k - i == 4 &&
			    directive_starts(d->title + k, n - k, "年")) {
				c->ref_y = (int)y;
				c->ref_m = 1;
				c->ref_d = 1;
				directive_warn(c, last_line(c),
					       "缺少成文日期和文号，相对时间按标题年份%ld年推算",
					       y);
				break;
			}
			if (y >= 0)
				i = k - 1;
		}
	}
	/* A 纪要 is dated by its meeting: the first full date of the opening paragraph. */
	if (!c->ref_y && c->body0 < c->nl) {
		const struct dline *l = &c->ln[c->body0];
		size_t i, e;
		int y, m, dd;

		for (i = 0; i + 3 < l->n && !c->ref_y; i++) {
			if (((unsigned char)l->p[i] & 0xc0) == 0x80)
				continue;
			e = i + directive_find(l->p + i, l->n - i, "日");
			if (e >= l->n)
				break; /* no 日 ahead: no date, and no need to look again */
			if (directive_parse_date(l->p + i, e + 3 - i, &y, &m, &dd)) {
				c->ref_y = y;
				c->ref_m = m;
				c->ref_d = dd;
				directive_warn(c, l->no,
					       "缺少成文日期，相对时间按正文首段的日期推算");
			}
		}
	}
	if (c->ref_y)
		directive_date(d->ref_date, c->ref_y, c->ref_m, c->ref_d);
	else
		directive_warn(c, last_line(c), "既无成文日期也无文号年份，相对时间无法推算");
}

void
directive_head(struct dctx *c)
{
	web_chrome(c);
	head(c);
	tail(c);
	if (c->body1 < c->body0)
		c->body1 = c->body0;
	reference(c);
}
