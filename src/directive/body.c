/* directive_body: the numbered section tree (一、 （一） 1. （1）), its paragraphs and tables. */
#include "directive/body.h"
#include "directive/util.h"

#include <stdint.h>
#include <string.h>

#include "base/arena.h"

#define MAX_CELLS 12

/* The marker without its trailing 、 or dot, for paths: 三、 → 三. */
static const char *
path_part(struct dctx *c, const char *m)
{
	size_t n = strlen(m);

	if (directive_ends(m, n, "、") || directive_ends(m, n, "．"))
		n -= 3;
	else if (n > 0 && m[n - 1] == '.')
		n--;
	if (n >= 6 && directive_ends(m, n, "）") && directive_starts(m, n, "（"))
		return directive_dup(c, m, n);
	return directive_dup(c, m, n);
}

/*
 * Where parse_range puts what it reads: the body's tree, or an attachment's or a forwarded
 * document's, whose root paths start with prefix (NULL for the body).
 */
struct tree {
	struct directive_list *roots;
	struct directive_list *preamble;
	struct directive_list *lines; /* uintptr_t: the input line of each preamble paragraph */
	const char *prefix;
};

static struct directive_node *
new_node(struct dctx *c, const struct tree *tr, struct directive_node *parent, int level,
	 size_t line, const char *number)
{
	struct directive_node *node;

	if (++c->nodes > DIRECTIVE_MAX_NODES) {
		c->too_many = 1;
		return NULL;
	}
	node = arena_alloc(c->a, sizeof(*node));
	if (node == NULL) {
		c->oom = 1;
		return NULL;
	}
	node->level = level;
	node->line = line;
	node->number = number;
	node->parent = parent;
	node->heading = "";
	node->text = "";
	if (parent != NULL) {
		node->path = arena_printf(c->a, "%s/%s", parent->path, path_part(c, number));
		directive_push(c, &parent->children, node);
	} else {
		node->path = tr->prefix != NULL
				 ? arena_printf(c->a, "%s/%s", tr->prefix, path_part(c, number))
				 : path_part(c, number);
		directive_push(c, tr->roots, node);
	}
	if (node->path == NULL) {
		c->oom = 1;
		node->path = "";
	}
	return node;
}

/* Split a table-like line into cells at tabs, bars or runs of two or more spaces. */
static size_t
cells(const char *p, size_t n, struct dline *out, size_t max)
{
	size_t i = 0, start = 0, k = 0;

	while (i <= n && k < max) {
		size_t at = i, sep_end;
		int32_t ch = i < n ? directive_cp(p, n, &i) : -2;
		bool sep = false;

		sep_end = i;
		if (ch == -2) {
			sep = true;
			i = n + 1;
		} else if (ch == '\t' || ch == '|' || ch == 0xff5c || ch == 0x2502) {
			sep = true;
		} else if (directive_is_space(ch)) {
			size_t j = i;

			if (j < n && directive_is_space(directive_cp(p, n, &j)) && ch != 0xa0) {
				sep = true;
				sep_end = j;
			} else if (ch == 0x3000) {
				sep = true;
			}
		}
		if (sep) {
			const char *s = p + start;
			size_t m = at - start;

			directive_trim(&s, &m);
			if (m > 0) {
				out[k].p = s;
				out[k].n = m;
				k++;
			}
			if (ch != -2) {
				/* Swallow the rest of a run of blanks. */
				i = sep_end;
				while (i < n) {
					size_t j = i;

					if (!directive_is_space(directive_cp(p, n, &j)))
						break;
					i = j;
				}
			}
			start = i;
		}
	}
	return k;
}

static bool
has_sentence(const char *p, size_t n)
{
	return directive_find(p, n, "。") < n;
}

static int
column(const struct dline *cl, size_t n, const char *const *words)
{
	size_t k, w;

	for (k = 0; k < n; k++)
		for (w = 0; words[w] != NULL; w++)
			if (directive_find(cl[k].p, cl[k].n, words[w]) < cl[k].n)
				return (int)k;
	return -1;
}

struct table {
	size_t ncol;
	int num, what, who, when;
};

/* A header row of a task table: 序号 | 工作任务 | 责任单位 | 完成时限. */
static bool
table_header(const struct dline *l, struct table *t)
{
	static const char *const what[] = {"任务", "事项", "内容", "措施", NULL};
	static const char *const who[] = {"单位", "部门", "部室", "责任", NULL};
	static const char *const when[] = {"时限", "时间", "完成", "进度", NULL};
	static const char *const num[] = {"序号", "编号", NULL};
	struct dline cl[MAX_CELLS];
	size_t n = cells(l->p, l->n, cl, MAX_CELLS), k;

	if (n < 3 || has_sentence(l->p, l->n))
		return false;
	for (k = 0; k < n; k++)
		if (directive_chars(cl[k].p, cl[k].n) > 10)
			return false;
	t->ncol = n;
	t->what = column(cl, n, what);
	t->who = column(cl, n, who);
	t->when = column(cl, n, when);
	t->num = column(cl, n, num);
	return t->what >= 0 && (t->who >= 0 || t->when >= 0);
}

/* Heading and text of a numbered paragraph: the lead sentence ends at the first 。. */
static void
split_heading(struct dctx *c, struct directive_node *node, const char *p, size_t n)
{
	size_t at = directive_find(p, n, "。");
	const char *t;
	size_t tn;

	directive_trim(&p, &n);
	at = directive_find(p, n, "。");
	if (at == n) {
		node->heading = directive_dup(c, p, n);
		return;
	}
	node->heading = directive_dup(c, p, at);
	t = p + at + 3;
	tn = n - at - 3;
	directive_trim(&t, &tn);
	node->text = directive_dup(c, t, tn);
}

/* A row of a task table becomes a node one level under the heading it stands in. */
static struct directive_node *
table_row(struct dctx *c, const struct tree *tr, const struct table *t, const struct dline *l,
	  struct directive_node *parent)
{
	struct dline cl[MAX_CELLS];
	size_t n = cells(l->p, l->n, cl, MAX_CELLS), k, total = 0, o = 0;
	struct directive_node *node;
	const char *number = "";
	char *text;
	int level = parent ? parent->level + 1 : 1;

	if (n < 2 || n > t->ncol || (int)n <= t->what)
		return NULL;
	if (level > 4)
		level = 4;
	if (t->num >= 0 && (size_t)t->num < n)
		number = directive_dup(c, cl[t->num].p, cl[t->num].n);
	node = new_node(c, tr, parent, level, l->no, number);
	if (node == NULL)
		return NULL;
	node->heading = directive_dup(c, cl[t->what].p, cl[t->what].n);
	/* A short row (merged cells) keeps its cells in order; only the full row maps columns. */
	for (k = 0; k < n; k++)
		total += cl[k].n + 1;
	text = arena_alloc(c->a, total + 1);
	if (text == NULL) {
		c->oom = 1;
		return node;
	}
	for (k = 0; k < n; k++) {
		if ((int)k == t->num || (int)k == t->what)
			continue;
		if (o > 0)
			text[o++] = ' ';
		memcpy(text + o, cl[k].p, cl[k].n);
		o += cl[k].n;
	}
	node->text = text;
	/* Rows are told from headings by row_who being set, "" when the row names nobody. */
	node->row_who = "";
	node->row_when = "";
	if (n == t->ncol) {
		if (t->who >= 0)
			node->row_who = directive_dup(c, cl[t->who].p, cl[t->who].n);
		if (t->when >= 0)
			node->row_when = directive_dup(c, cl[t->when].p, cl[t->when].n);
	}
	return node;
}

/* A page number printed into the text of a Word or PDF copy: — 2 —, - 12 -. */
static bool
page_number(const char *p, size_t n)
{
	size_t i = 0, digits = 0, dashes = 0;

	while (i < n) {
		int32_t ch = directive_cp(p, n, &i);

		if (ch >= '0' && ch <= '9')
			digits++;
		else if (ch == '-' || ch == 0x2014 || ch == 0xff0d || ch == 0x2013)
			dashes++;
		else if (!directive_is_space(ch))
			return false;
	}
	return digits > 0 && digits <= 4 && dashes >= 2;
}

/* Lines [from, to) into the tree: numbered lines open nodes, the others are paragraphs. */
static void
parse_range(struct dctx *c, const struct tree *tr, size_t from, size_t to)
{
	struct directive_node *stack[5] = {NULL, NULL, NULL, NULL, NULL};
	struct directive_node *last = NULL, *table_parent = NULL;
	struct table t = {0};
	bool in_table = false;
	size_t i;

	for (i = from; i < to && !c->oom && !c->too_many; i++) {
		const struct dline *l = &c->ln[i];
		size_t mlen, next_mlen;
		int level = directive_marker(l->p, l->n, &mlen), k;
		struct directive_node *parent = NULL, *node;

		if (in_table) {
			node = level ? NULL : table_row(c, tr, &t, l, table_parent);
			if (node != NULL) {
				last = node;
				continue;
			}
			in_table = false;
		}
		if (level == 0 && page_number(l->p, l->n)) {
			directive_push(c, &c->d->notes, directive_dup(c, l->p, l->n));
			directive_warn(c, l->no, "页码行“%.*s”已移出正文（见 notes）", (int)l->n,
				       l->p);
			continue;
		}
		if (level == 0 && table_header(l, &t)) {
			in_table = true;
			table_parent = last;
			while (table_parent != NULL && table_parent->row_who != NULL)
				table_parent = table_parent->parent;
		}
		if (level == 0) {
			if (last == NULL)
				directive_push(c, tr->lines, (void *)(uintptr_t)l->no);
			directive_push(c, last ? &last->paragraphs : tr->preamble,
				       directive_dup(c, l->p, l->n));
			continue;
		}
		for (k = level - 1; k >= 1 && parent == NULL; k--)
			parent = stack[k];
		node = new_node(c, tr, parent, level, l->no, directive_dup(c, l->p, mlen));
		if (node == NULL)
			return;
		/* A marker alone on its line (（二）, the words below) heads the next line. */
		if (l->n == mlen && i + 1 < to &&
		    directive_marker(c->ln[i + 1].p, c->ln[i + 1].n, &next_mlen) == 0 &&
		    !page_number(c->ln[i + 1].p, c->ln[i + 1].n)) {
			i++;
			split_heading(c, node, c->ln[i].p, c->ln[i].n);
		} else {
			split_heading(c, node, l->p + mlen, l->n - mlen);
		}
		if (directive_ends(node->number, strlen(node->number), "、") && level == 3)
			directive_warn(c, l->no, "三级标题序号“%s”通常写作“%.*s.”", node->number,
				       (int)(mlen - 3), node->number);
		else if (level == 1 && !directive_ends(node->number, strlen(node->number), "、"))
			directive_warn(c, l->no, "一级标题序号“%s”按“、”结尾的序号读取",
				       node->number);
		stack[level] = node;
		for (k = level + 1; k <= 4; k++)
			stack[k] = NULL;
		last = node;
	}
}

static struct directive_part *
new_part(struct dctx *c, const char *label, const char *prefix)
{
	struct directive_part *p = arena_alloc(c->a, sizeof(*p));

	if (p == NULL) {
		c->oom = 1;
		return NULL;
	}
	p->label = label;
	p->prefix = prefix;
	return p;
}

static void
part_body(struct dctx *c, struct directive_part *part, size_t from, size_t to)
{
	struct tree tr = {&part->sections, &part->preamble, &part->preamble_lines, part->prefix};

	parse_range(c, &tr, from, to);
}

/* A line that starts the notes under an attachment's table: 注：1.…, 说明：, 备注：. */
static bool
notes_start(const char *p, size_t n)
{
	static const char *const w[] = {"注：", "注:", "说明：", "说明:", "备注：", "备注:", NULL};

	if (directive_starts_any(p, n, w))
		return true;
	return false;
}

/* A title line of an attachment: short, no sentence punctuation, not a table row. */
static bool
part_title_line(const struct dline *l)
{
	return directive_title_like(l->p, l->n) && !directive_starts(l->p, l->n, "序号") &&
	       !notes_start(l->p, l->n) && memchr(l->p, '\t', l->n) == NULL &&
	       directive_find(l->p, l->n, "  ") == l->n &&
	       directive_find(l->p, l->n, "\xe3\x80\x80") == l->n;
}

/*
 * One attachment printed in full, lines [a, e): its label (附件1, or 附件1：title), its
 * title lines, its body as a tree of its own and the notes under its table.
 */
static void
attachment(struct dctx *c, size_t a, size_t e)
{
	const char *label = "", *prefix = "附件";
	struct directive_part *part;
	size_t t, notes = e, i, colon = 0;

	if (directive_annex_start(c->ln[a].p, c->ln[a].n)) {
		const struct dline *l = &c->ln[a];

		colon = directive_find(l->p, l->n, "：");
		if (colon == l->n)
			colon = directive_find(l->p, l->n, ":");
		label = directive_dup(c, l->p, colon);
		prefix = label;
	}
	part = new_part(c, label, prefix);
	if (part == NULL)
		return;
	if (colon > 0 && colon < c->ln[a].n) {
		/* 附件1：标题 on one line. */
		const struct dline *l = &c->ln[a];
		const char *s = l->p + colon + (l->p[colon] == ':' ? 1 : 3);
		size_t sn = l->n - (size_t)(s - l->p);

		directive_trim(&s, &sn);
		part->title = directive_dup(c, s, sn);
		a++;
	} else {
		if (label[0] != '\0')
			a++;
		for (t = a; t < e && t - a < 3 && part_title_line(&c->ln[t]); t++)
			;
		if (t > a)
			part->title = directive_join(c, a, t, NULL);
		a = t;
	}
	for (i = a; i < e; i++)
		if (notes_start(c->ln[i].p, c->ln[i].n)) {
			notes = i;
			break;
		}
	part_body(c, part, a, notes);
	for (i = notes; i < e; i++)
		directive_push(c, &part->notes, directive_dup(c, c->ln[i].p, c->ln[i].n));
	directive_push(c, &c->d->attachment_docs, part);
}

/* Words that close a body and are no signature: 特此报告, 妥否，请批示. */
static bool
closing(const char *p, size_t n)
{
	return directive_starts(p, n, "特此") || directive_starts(p, n, "此复") ||
	       directive_starts(p, n, "妥否") || directive_starts(p, n, "当否") ||
	       directive_starts(p, n, "以上");
}

/*
 * A forwarded document, lines [a, e): its title, addressees, body, signature and date
 * (and what follows the date, as notes).
 */
static void
forwarded(struct dctx *c, size_t a, size_t e, size_t title_end)
{
	struct directive_part *part = new_part(c, "", "转发");
	size_t date = e, sig, i;
	int y, m, d;

	if (part == NULL)
		return;
	part->title = directive_join(c, a, title_end, NULL);
	a = title_end;
	if (a < e &&
	    (directive_ends(c->ln[a].p, c->ln[a].n, "：") ||
	     directive_ends(c->ln[a].p, c->ln[a].n, ":")) &&
	    directive_find(c->ln[a].p, c->ln[a].n, "。") == c->ln[a].n &&
	    directive_find(c->ln[a].p, c->ln[a].n, "如下") == c->ln[a].n &&
	    directive_chars(c->ln[a].p, c->ln[a].n) <= 100) {
		const struct dline *l = &c->ln[a];

		directive_split(c, &part->addressees, l->p,
				l->n - (directive_ends(l->p, l->n, ":") ? 1 : 3), false);
		a++;
	}
	/* Its date: the last stand-alone date line near the end. */
	for (i = e; i > a && i + 4 > e; i--)
		if (directive_parse_date(c->ln[i - 1].p, c->ln[i - 1].n, &y, &m, &d)) {
			date = i - 1;
			directive_date(part->date, y, m, d);
			break;
		}
	sig = date;
	while (date < e && sig > a && sig + 2 > date && part_title_line(&c->ln[sig - 1]) &&
	       !closing(c->ln[sig - 1].p, c->ln[sig - 1].n))
		sig--;
	if (sig < date)
		part->signature = directive_join(c, sig, date, NULL);
	part_body(c, part, a, sig);
	for (i = date + 1; i < e; i++)
		directive_push(c, &part->notes, directive_dup(c, c->ln[i].p, c->ln[i].n));
	c->d->forwarded = part;
}

/* The name in 《》 after 转发 in s (the title: 关于转发《X》的通知), or in 现将《X》转发. */
static bool
forward_name(const char *s, size_t n, const char **name, size_t *len)
{
	size_t at = directive_find(s, n, "转发"), o, cl;

	if (at == n)
		return false;
	o = directive_find(s + at, n - at, "《");
	if (o < n - at && o <= 6) {
		o += at + 3;
	} else {
		/* 现将《X》转发给你们: the last 《 before 转发. */
		size_t k = at;

		o = n;
		while (k > 0) {
			k = directive_cp_back(s, k);
			if (directive_starts(s + k, n - k, "《")) {
				o = k + 3;
				break;
			}
			if (at - k > 300)
				break;
		}
		if (o == n)
			return false;
	}
	cl = directive_find(s + o, n - o, "》");
	if (cl == n - o || cl == 0)
		return false;
	*name = s + o;
	*len = cl;
	return true;
}

/*
 * Where the forwarded document's title ends when lines [a, e) open with it (one to three
 * lines that join into the name the notice gives); a when they do not.
 */
static size_t
forward_title(struct dctx *c, size_t a, size_t e)
{
	const char *name = NULL;
	size_t len = 0, k, t;

	if (c->d->title == NULL || !forward_name(c->d->title, strlen(c->d->title), &name, &len)) {
		for (k = c->body0; k < c->body1 && name == NULL; k++)
			if (!forward_name(c->ln[k].p, c->ln[k].n, &name, &len))
				name = NULL;
	}
	if (name == NULL)
		return a;
	for (t = a + 1; t <= e && t - a <= 3 && part_title_line(&c->ln[t - 1]); t++) {
		char *s = directive_join(c, a, t, NULL);

		if (s != NULL && strlen(s) == len && memcmp(s, name, len) == 0)
			return t;
	}
	return a;
}

/*
 * What follows the body's signature and date: attachments printed in full, each from its
 * label (附件1) to the next, or a forwarded document; each a tree of its own.
 */
static void
annex(struct dctx *c)
{
	size_t a = c->annex0, i, t;

	t = forward_title(c, a, c->annex1);
	if (t > a) {
		for (i = t; i < c->annex1 && !directive_annex_start(c->ln[i].p, c->ln[i].n); i++)
			;
		forwarded(c, a, i, t);
		a = i;
	}
	while (a < c->annex1 && !c->oom && !c->too_many) {
		for (i = a + 1; i < c->annex1 && !directive_annex_start(c->ln[i].p, c->ln[i].n);
		     i++)
			;
		attachment(c, a, i);
		a = i;
	}
}

void
directive_body(struct dctx *c)
{
	struct tree tr = {&c->d->sections, &c->d->preamble, &c->preamble_lines, NULL};

	parse_range(c, &tr, c->body0, c->body1);
	if (c->annex0 < c->annex1)
		annex(c);
	if (c->d->sections.n == 0)
		directive_warn(c, c->body0 < c->nl ? c->ln[c->body0].no : 0,
			       "正文中没有找到带序号的标题");
}
