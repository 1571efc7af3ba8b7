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

static struct directive_node *
new_node(struct dctx *c, struct directive_node *parent, int level, size_t line, const char *number)
{
	struct directive_node *node = arena_alloc(c->a, sizeof(*node));

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
		node->path = path_part(c, number);
		directive_push(c, &c->d->sections, node);
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
table_row(struct dctx *c, const struct table *t, const struct dline *l,
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
	node = new_node(c, parent, level, l->no, number);
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
parse_range(struct dctx *c, size_t from, size_t to)
{
	struct directive_node *stack[5] = {NULL, NULL, NULL, NULL, NULL};
	struct directive_node *last = NULL, *table_parent = NULL;
	struct table t = {0};
	bool in_table = false;
	size_t i;

	for (i = from; i < to && !c->oom; i++) {
		const struct dline *l = &c->ln[i];
		size_t mlen;
		int level = directive_marker(l->p, l->n, &mlen), k;
		struct directive_node *parent = NULL, *node;

		if (in_table) {
			node = level ? NULL : table_row(c, &t, l, table_parent);
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
				directive_push(c, &c->preamble_lines, (void *)(uintptr_t)l->no);
			directive_push(c, last ? &last->paragraphs : &c->d->preamble,
				       directive_dup(c, l->p, l->n));
			continue;
		}
		for (k = level - 1; k >= 1 && parent == NULL; k--)
			parent = stack[k];
		node = new_node(c, parent, level, l->no, directive_dup(c, l->p, mlen));
		if (node == NULL)
			return;
		split_heading(c, node, l->p + mlen, l->n - mlen);
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

/*
 * An attached document printed after the body (a plan sent with a 印发 notice):
 * its label and title lines are annexes; its body, when it has numbered
 * headings, joins the tree, else it stays as annex text.
 */
static void
annex(struct dctx *c)
{
	size_t a = c->annex0, i;
	bool numbered = false;

	while (a < c->annex1 && a - c->annex0 < 4 &&
	       (directive_annex_start(c->ln[a].p, c->ln[a].n) ||
		(directive_title_like(c->ln[a].p, c->ln[a].n) &&
		 !directive_starts(c->ln[a].p, c->ln[a].n, "序号")))) {
		directive_push(c, &c->d->annexes, directive_dup(c, c->ln[a].p, c->ln[a].n));
		a++;
	}
	for (i = a; i < c->annex1 && !numbered; i++) {
		size_t mlen;
		int level = directive_marker(c->ln[i].p, c->ln[i].n, &mlen);

		numbered = level == 1 || level == 2;
	}
	if (numbered) {
		parse_range(c, a, c->annex1);
		return;
	}
	for (i = a; i < c->annex1; i++)
		directive_push(c, &c->d->annexes, directive_dup(c, c->ln[i].p, c->ln[i].n));
}

void
directive_body(struct dctx *c)
{
	parse_range(c, c->body0, c->body1);
	if (c->annex0 < c->annex1)
		annex(c);
	if (c->d->sections.n == 0)
		directive_warn(c, c->body0 < c->nl ? c->ln[c->body0].no : 0,
			       "正文中没有找到带序号的标题");
}
