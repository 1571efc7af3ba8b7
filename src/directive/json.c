/* directive_json: the parsed directive as one JSON object (the reader's output format). */
#include "directive/directive.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"

/*
 * The JSON is written straight into the buffer as the directive is walked: no tree of JSON
 * values is built first, so the output costs its own size and nothing more (a tree of
 * jansson objects took about a kilobyte per heading, most of the memory a pathological
 * input needed). The layout is jansson's JSON_INDENT(2): one member or element a line.
 */
struct jw {
	struct buf *b;
	int depth;
	int first; /* nothing written yet in the innermost object or array */
};

static void
newline(struct jw *w)
{
	int k;

	buf_putc(w->b, '\n');
	for (k = 0; k < w->depth; k++)
		buf_append(w->b, "  ", 2);
}

/* Before a value: the comma after the previous one and the new line. */
static void
item(struct jw *w)
{
	if (!w->first)
		buf_putc(w->b, ',');
	newline(w);
	w->first = 0;
}

static void
jopen(struct jw *w, char ch)
{
	buf_putc(w->b, ch);
	w->depth++;
	w->first = 1;
}

static void
jclose(struct jw *w, char ch)
{
	w->depth--;
	if (!w->first)
		newline(w);
	buf_putc(w->b, ch);
	w->first = 0;
}

/* A string with ", \ and control characters escaped; the UTF-8 itself is written as is. */
static void
str(struct jw *w, const char *s)
{
	const char *run = s;

	buf_putc(w->b, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[8];

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		buf_append(w->b, run, (size_t)(s - run));
		run = s + 1;
		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			buf_append(w->b, esc, 2);
		} else if (ch == '\n') {
			buf_append(w->b, "\\n", 2);
		} else if (ch == '\t') {
			buf_append(w->b, "\\t", 2);
		} else if (ch == '\r') {
			buf_append(w->b, "\\r", 2);
		} else {
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			buf_append(w->b, esc, 6);
		}
	}
	buf_append(w->b, run, (size_t)(s - run));
	buf_putc(w->b, '"');
}

static void
key(struct jw *w, const char *k)
{
	item(w);
	str(w, k);
	buf_append(w->b, ": ", 2);
}

static void
k_str(struct jw *w, const char *k, const char *s)
{
	key(w, k);
	if (s == NULL)
		buf_puts(w->b, "null");
	else
		str(w, s);
}

/* A date, null when empty. */
static void
k_date(struct jw *w, const char *k, const char *d)
{
	k_str(w, k, d[0] != '\0' ? d : NULL);
}

static void
k_int(struct jw *w, const char *k, long long v)
{
	key(w, k);
	buf_printf(w->b, "%lld", v);
}

static void
k_strings(struct jw *w, const char *k, const struct directive_list *l)
{
	size_t i;

	key(w, k);
	jopen(w, '[');
	for (i = 0; i < l->n; i++) {
		item(w);
		str(w, l->v[i]);
	}
	jclose(w, ']');
}

static void
node_json(struct jw *w, const struct directive_node *node)
{
	size_t k;

	jopen(w, '{');
	k_int(w, "level", node->level);
	k_str(w, "path", node->path);
	k_str(w, "number", node->number);
	k_str(w, "heading", node->heading);
	k_str(w, "text", node->text);
	k_strings(w, "paragraphs", &node->paragraphs);
	key(w, "children");
	jopen(w, '[');
	for (k = 0; k < node->children.n; k++) {
		item(w);
		node_json(w, node->children.v[k]);
	}
	jclose(w, ']');
	k_int(w, "line", (long long)node->line);
	jclose(w, '}');
}

static void
k_tree(struct jw *w, const char *k, const struct directive_list *roots)
{
	size_t i;

	key(w, k);
	jopen(w, '[');
	for (i = 0; i < roots->n; i++) {
		item(w);
		node_json(w, roots->v[i]);
	}
	jclose(w, ']');
}

/* An attachment printed in full or a forwarded document: a document of its own. */
static void
part_json(struct jw *w, const struct directive_part *p)
{
	jopen(w, '{');
	k_str(w, "label", p->label);
	k_str(w, "title", p->title);
	k_strings(w, "addressees", &p->addressees);
	k_strings(w, "preamble", &p->preamble);
	k_tree(w, "sections", &p->sections);
	k_strings(w, "notes", &p->notes);
	k_str(w, "signature", p->signature);
	k_date(w, "date", p->date);
	jclose(w, '}');
}

static void
target_json(struct jw *w, const struct directive_target *tg)
{
	jopen(w, '{');
	k_str(w, "text", tg->text);
	k_str(w, "metric", tg->metric);
	k_str(w, "op", tg->op);
	key(w, "value");
	if (!tg->has_value)
		buf_puts(w->b, "null");
	else if (tg->value > -1e15 && tg->value < 1e15 && (double)(long long)tg->value == tg->value)
		buf_printf(w->b, "%lld", (long long)tg->value);
	else
		buf_printf(w->b, "%.17g", tg->value);
	k_str(w, "unit", tg->unit[0] ? tg->unit : NULL);
	k_date(w, "by", tg->by);
	jclose(w, '}');
}

static void
task_json(struct jw *w, const struct directive_task *t, int with_units)
{
	size_t k;

	jopen(w, '{');
	k_str(w, "path", t->path);
	k_int(w, "line", (long long)t->node->line);
	k_strings(w, "subjects", &t->subjects);
	k_str(w, "strength", t->strength[0] ? t->strength : NULL);
	key(w, "deadlines");
	jopen(w, '[');
	for (k = 0; k < t->deadlines.n; k++) {
		const struct directive_deadline *dl = t->deadlines.v[k];

		item(w);
		jopen(w, '{');
		k_str(w, "text", dl->text);
		k_date(w, "start", dl->start);
		k_date(w, "end", dl->end);
		k_str(w, "recurring", dl->recurring);
		jclose(w, '}');
	}
	jclose(w, ']');
	key(w, "targets");
	jopen(w, '[');
	for (k = 0; k < t->targets.n; k++) {
		item(w);
		target_json(w, t->targets.v[k]);
	}
	jclose(w, ']');
	if (with_units)
		k_strings(w, "units", &t->units);
	jclose(w, '}');
}

enum directive_rc
directive_json(const struct directive *d, int with_units, struct buf *out)
{
	struct jw w = {out, 0, 1};
	size_t k;

	jopen(&w, '{');
	k_str(&w, "number", d->number);
	k_str(&w, "issuer", d->issuer);
	k_str(&w, "signer", d->signer);
	k_str(&w, "title", d->title);
	k_str(&w, "kind", d->kind);
	k_strings(&w, "addressees", &d->addressees);
	k_date(&w, "date", d->date);
	k_str(&w, "signature", d->signature);
	k_strings(&w, "attachments", &d->attachments);
	k_strings(&w, "copy_to", &d->copy_to);
	k_str(&w, "printed_by", d->printed_by);
	k_date(&w, "printed_date", d->printed_date);
	k_strings(&w, "notes", &d->notes);
	k_strings(&w, "annexes", &d->annexes);
	k_strings(&w, "preamble", &d->preamble);
	k_tree(&w, "sections", &d->sections);
	key(&w, "attachment_docs");
	jopen(&w, '[');
	for (k = 0; k < d->attachment_docs.n && !out->err; k++) {
		item(&w);
		part_json(&w, d->attachment_docs.v[k]);
	}
	jclose(&w, ']');
	key(&w, "forwarded");
	if (d->forwarded != NULL)
		part_json(&w, d->forwarded);
	else
		buf_puts(out, "null");
	key(&w, "tasks");
	jopen(&w, '[');
	for (k = 0; k < d->tasks.n && !out->err; k++) {
		item(&w);
		task_json(&w, d->tasks.v[k], with_units);
	}
	jclose(&w, ']');
	key(&w, "warnings");
	jopen(&w, '[');
	for (k = 0; k < d->warnings.n && !out->err; k++) {
		const struct directive_warning *wn = d->warnings.v[k];

		item(&w);
		jopen(&w, '{');
		k_int(&w, "line", (long long)wn->line);
		k_str(&w, "message", wn->msg);
		jclose(&w, '}');
	}
	jclose(&w, ']');
	jclose(&w, '}');
	buf_putc(out, '\n');
	/* The buffer's error is sticky: one check covers every write. */
	return out->err ? DIRECTIVE_ENOMEM : DIRECTIVE_OK;
}
