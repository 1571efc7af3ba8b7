/* directive_json: the parsed directive as one JSON object (the reader's output format). */
#include "directive/directive.h"

#include <jansson.h>
#include <string.h>

#include "base/buf.h"

/*
 * Every json_* constructor returns NULL when out of memory (or given text that
 * is not UTF-8, which the reader never produces), and the setters take
 * ownership even then; set and push note any such failure in *bad so the
 * caller checks once.
 */
static void
set(json_t *o, const char *key, json_t *v, int *bad)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		*bad = 1;
}

static void
push(json_t *a, json_t *v, int *bad)
{
	if (v == NULL || json_array_append_new(a, v) != 0)
		*bad = 1;
}

/* json_dump_callback's writer: append to the struct buf in data. */
static int
append(const char *p, size_t n, void *data)
{
	struct buf *b = data;

	buf_append(b, p, n);
	return b->err ? -1 : 0;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
date_or_null(const char *d)
{
	return d[0] != '\0' ? json_string(d) : json_null();
}

static json_t *
strings(const struct directive_list *l, int *bad)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a != NULL && k < l->n; k++)
		push(a, json_string(l->v[k]), bad);
	return a;
}

static json_t *
node_json(const struct directive_node *node, int *bad)
{
	json_t *o = json_object(), *kids = json_array();
	size_t k;

	set(o, "level", json_integer(node->level), bad);
	set(o, "path", json_string(node->path), bad);
	set(o, "number", json_string(node->number), bad);
	set(o, "heading", json_string(node->heading), bad);
	set(o, "text", json_string(node->text), bad);
	set(o, "paragraphs", strings(&node->paragraphs, bad), bad);
	for (k = 0; kids != NULL && k < node->children.n; k++)
		push(kids, node_json(node->children.v[k], bad), bad);
	set(o, "children", kids, bad);
	set(o, "line", json_integer((json_int_t)node->line), bad);
	return o;
}

static json_t *
tree_json(const struct directive_list *roots, int *bad)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a != NULL && k < roots->n; k++)
		push(a, node_json(roots->v[k], bad), bad);
	return a;
}

/* An attachment printed in full or a forwarded document: a document of its own. */
static json_t *
part_json(const struct directive_part *p, int *bad)
{
	json_t *o = json_object();

	set(o, "label", json_string(p->label), bad);
	set(o, "title", str_or_null(p->title), bad);
	set(o, "addressees", strings(&p->addressees, bad), bad);
	set(o, "preamble", strings(&p->preamble, bad), bad);
	set(o, "sections", tree_json(&p->sections, bad), bad);
	set(o, "notes", strings(&p->notes, bad), bad);
	set(o, "signature", str_or_null(p->signature), bad);
	set(o, "date", date_or_null(p->date), bad);
	return o;
}

static json_t *
task_json(const struct directive_task *t, int with_units, int *bad)
{
	json_t *o = json_object(), *dls = json_array(), *tgs = json_array();
	size_t k;

	set(o, "path", json_string(t->path), bad);
	set(o, "line", json_integer((json_int_t)t->node->line), bad);
	set(o, "subjects", strings(&t->subjects, bad), bad);
	set(o, "strength", t->strength[0] ? json_string(t->strength) : json_null(), bad);
	for (k = 0; dls != NULL && k < t->deadlines.n; k++) {
		const struct directive_deadline *dl = t->deadlines.v[k];

		push(dls,
		     json_pack("{s:s, s:o, s:o, s:o}", "text", dl->text, "start",
			       date_or_null(dl->start), "end", date_or_null(dl->end), "recurring",
			       str_or_null(dl->recurring)),
		     bad);
	}
	set(o, "deadlines", dls, bad);
	for (k = 0; tgs != NULL && k < t->targets.n; k++) {
		const struct directive_target *tg = t->targets.v[k];
		json_t *v;

		if (!tg->has_value)
			v = json_null();
		else if (tg->value > -1e15 && tg->value < 1e15 &&
			 (double)(json_int_t)tg->value == tg->value)
			/* whole numbers print as integers; the Makefile links no libm for floor()
			 */
			v = json_integer((json_int_t)tg->value);
		else
			v = json_real(tg->value);
		push(tgs,
		     json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "text", tg->text, "metric",
			       tg->metric, "op", tg->op, "value", v, "unit",
			       tg->unit[0] ? json_string(tg->unit) : json_null(), "by",
			       date_or_null(tg->by)),
		     bad);
	}
	set(o, "targets", tgs, bad);
	if (with_units)
		set(o, "units", strings(&t->units, bad), bad);
	return o;
}

enum directive_rc
directive_json(const struct directive *d, int with_units, struct buf *out)
{
	json_t *o = json_object(), *a;
	int failed = 0, *bad = &failed;
	size_t k;
	enum directive_rc rc = DIRECTIVE_ENOMEM;

	if (o == NULL)
		goto done;
	set(o, "number", str_or_null(d->number), bad);
	set(o, "issuer", str_or_null(d->issuer), bad);
	set(o, "signer", str_or_null(d->signer), bad);
	set(o, "title", str_or_null(d->title), bad);
	set(o, "kind", str_or_null(d->kind), bad);
	set(o, "addressees", strings(&d->addressees, bad), bad);
	set(o, "date", date_or_null(d->date), bad);
	set(o, "signature", str_or_null(d->signature), bad);
	set(o, "attachments", strings(&d->attachments, bad), bad);
	set(o, "copy_to", strings(&d->copy_to, bad), bad);
	set(o, "printed_by", str_or_null(d->printed_by), bad);
	set(o, "printed_date", date_or_null(d->printed_date), bad);
	set(o, "notes", strings(&d->notes, bad), bad);
	set(o, "annexes", strings(&d->annexes, bad), bad);
	set(o, "preamble", strings(&d->preamble, bad), bad);
	set(o, "sections", tree_json(&d->sections, bad), bad);
	a = json_array();
	for (k = 0; a != NULL && k < d->attachment_docs.n; k++)
		push(a, part_json(d->attachment_docs.v[k], bad), bad);
	set(o, "attachment_docs", a, bad);
	set(o, "forwarded", d->forwarded != NULL ? part_json(d->forwarded, bad) : json_null(), bad);
	a = json_array();
	for (k = 0; a != NULL && k < d->tasks.n; k++)
		push(a, task_json(d->tasks.v[k], with_units, bad), bad);
	set(o, "tasks", a, bad);
	a = json_array();
	for (k = 0; a != NULL && k < d->warnings.n; k++) {
		const struct directive_warning *w = d->warnings.v[k];

		push(a, json_pack("{s:I, s:s}", "line", (json_int_t)w->line, "message", w->msg),
		     bad);
	}
	set(o, "warnings", a, bad);
	if (failed)
		goto done;
	/* Straight into the buffer: no second copy of a text that can be large. */
	if (json_dump_callback(o, append, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		goto done;
	buf_putc(out, '\n');
	if (!out->err)
		rc = DIRECTIVE_OK;
done:
	json_decref(o);
	return rc;
}
