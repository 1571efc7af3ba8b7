/* directive_json: the parsed directive as one JSON object (the reader's output format). */
#include "directive.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * Every json_* constructor returns NULL when out of memory and the *_new
 * setters take ownership even then, so one check of the final object covers
 * all of them; a failed inner object shows up as a missing key we test for.
 */
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
strings(const struct directive_list *l)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a != NULL && k < l->n; k++)
		json_array_append_new(a, json_string(l->v[k]));
	return a;
}

static json_t *
node_json(const struct directive_node *node)
{
	json_t *o = json_object(), *kids = json_array();
	size_t k;

	json_object_set_new(o, "level", json_integer(node->level));
	json_object_set_new(o, "number", json_string(node->number));
	json_object_set_new(o, "heading", json_string(node->heading));
	json_object_set_new(o, "text", json_string(node->text));
	json_object_set_new(o, "paragraphs", strings(&node->paragraphs));
	for (k = 0; kids != NULL && k < node->children.n; k++)
		json_array_append_new(kids, node_json(node->children.v[k]));
	json_object_set_new(o, "children", kids);
	json_object_set_new(o, "line", json_integer((json_int_t)node->line));
	return o;
}

static json_t *
task_json(const struct directive_task *t, int with_units)
{
	json_t *o = json_object(), *dls = json_array(), *tgs = json_array();
	size_t k;

	json_object_set_new(o, "path", json_string(t->path));
	json_object_set_new(o, "line", json_integer((json_int_t)t->node->line));
	json_object_set_new(o, "subjects", strings(&t->subjects));
	json_object_set_new(o, "strength", t->strength[0] ? json_string(t->strength) : json_null());
	for (k = 0; dls != NULL && k < t->deadlines.n; k++) {
		const struct directive_deadline *dl = t->deadlines.v[k];

		json_array_append_new(dls, json_pack("{s:s, s:o, s:o}", "words", dl->words, "start",
						     date_or_null(dl->start), "end",
						     date_or_null(dl->end)));
	}
	json_object_set_new(o, "deadlines", dls);
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
		json_array_append_new(
		    tgs, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "words", tg->words, "metric",
				   tg->metric, "op", tg->op, "value", v, "unit",
				   tg->unit[0] ? json_string(tg->unit) : json_null(), "by",
				   date_or_null(tg->by)));
	}
	json_object_set_new(o, "targets", tgs);
	if (with_units)
		json_object_set_new(o, "units", strings(&t->units));
	return o;
}

enum directive_rc
directive_json(const struct directive *d, int with_units, struct buf *out)
{
	json_t *o = json_object(), *a;
	char *text = NULL;
	size_t k;
	enum directive_rc rc = DIRECTIVE_ENOMEM;

	if (o == NULL)
		goto done;
	json_object_set_new(o, "number", str_or_null(d->number));
	json_object_set_new(o, "issuer", str_or_null(d->issuer));
	json_object_set_new(o, "signer", str_or_null(d->signer));
	json_object_set_new(o, "title", str_or_null(d->title));
	json_object_set_new(o, "kind", str_or_null(d->kind));
	json_object_set_new(o, "addressees", strings(&d->addressees));
	json_object_set_new(o, "date", date_or_null(d->date));
	json_object_set_new(o, "signature", str_or_null(d->signature));
	json_object_set_new(o, "attachments", strings(&d->attachments));
	json_object_set_new(o, "copy_to", strings(&d->copy_to));
	json_object_set_new(o, "printed_by", str_or_null(d->printed_by));
	json_object_set_new(o, "printed_date", date_or_null(d->printed_date));
	json_object_set_new(o, "notes", strings(&d->notes));
	json_object_set_new(o, "annexes", strings(&d->annexes));
	json_object_set_new(o, "preamble", strings(&d->preamble));
	a = json_array();
	for (k = 0; a != NULL && k < d->sections.n; k++)
		json_array_append_new(a, node_json(d->sections.v[k]));
	json_object_set_new(o, "sections", a);
	a = json_array();
	for (k = 0; a != NULL && k < d->tasks.n; k++)
		json_array_append_new(a, task_json(d->tasks.v[k], with_units));
	json_object_set_new(o, "tasks", a);
	a = json_array();
	for (k = 0; a != NULL && k < d->warnings.n; k++) {
		const struct directive_warning *w = d->warnings.v[k];

		json_array_append_new(
		    a, json_pack("{s:I, s:s}", "line", (json_int_t)w->line, "message", w->msg));
	}
	json_object_set_new(o, "warnings", a);
	if (json_object_get(o, "warnings") == NULL || json_object_get(o, "tasks") == NULL ||
	    json_object_get(o, "sections") == NULL)
		goto done;
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		goto done;
	buf_puts(out, text);
	buf_putc(out, '\n');
	if (!out->err)
		rc = DIRECTIVE_OK;
done:
	free(text);
	json_decref(o);
	return rc;
}
