/* directive: the reader's driver — runs the stages in order over one arena. */
#include "directive/directive.h"
#include "directive/body.h"
#include "directive/head.h"
#include "directive/task.h"
#include "directive/text.h"
#include "directive/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"

const char *
directive_rc_str(enum directive_rc rc)
{
	switch (rc) {
	case DIRECTIVE_OK:
		return "ok";
	case DIRECTIVE_EUTF8:
		return "invalid UTF-8";
	case DIRECTIVE_ENOTDOC:
		return "not a document";
	case DIRECTIVE_EDOCX:
		return "unreadable .docx";
	case DIRECTIVE_ETOOBIG:
		return "input too large";
	case DIRECTIVE_ENOMEM:
		return "out of memory";
	case DIRECTIVE_EPDF:
		return "unreadable PDF";
	case DIRECTIVE_EOLE:
		return "Word 97-2003 or WPS file";
	case DIRECTIVE_EPDFLIMIT:
		return "PDF past the PDF reader's limits";
	case DIRECTIVE_EPDFTOOL:
		return "PDF reader not installed";
	case DIRECTIVE_RC__MAX:
		break;
	}
	return "unknown error";
}

void
directive_free(struct directive *d)
{
	if (d == NULL)
		return;
	/* The directive itself lives in its arena. */
	arena_free(d->arena);
}

static void
set_error(struct directive_error *err, const char *msg)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

enum directive_rc
directive_parse(const char *text, size_t len, struct directive **out, struct directive_error *err)
{
	struct arena *a = NULL;
	struct dctx c;
	enum directive_rc rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (len > DIRECTIVE_MAX_INPUT) {
		set_error(err, "input too large");
		rc = DIRECTIVE_ETOOBIG;
		goto done;
	}
	a = arena_new();
	if (a == NULL || (c.d = arena_alloc(a, sizeof(*c.d))) == NULL) {
		set_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
		goto done;
	}
	c.a = a;
	c.d->arena = a;
	rc = directive_text_lines(&c, text, len, err);
	if (rc != DIRECTIVE_OK)
		goto done;
	directive_head(&c);
	directive_body(&c);
	if (c.too_many) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			snprintf(err->msg, sizeof(err->msg),
				 "more than %d numbered headings and table rows: not one directive",
				 DIRECTIVE_MAX_NODES);
		}
		rc = DIRECTIVE_ETOOBIG;
		goto done;
	}
	directive_tasks(&c);
	if (c.oom) {
		set_error(err, "out of memory");
		rc = DIRECTIVE_ENOMEM;
		goto done;
	}
	*out = c.d;
	a = NULL;
done:
	free(c.scratch);
	arena_free(a);
	return rc;
}
