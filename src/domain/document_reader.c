/* document_reader: the directive reader run over a document, resolved against the org tree and
 * stored (domain/document_reader.h). */
#include "domain/document_reader.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/charset.h"
#include "base/log.h"
#include "base/str.h"
#include "directive/directive.h"
#include "directive/input.h"
#include "domain/document.h"

/* The refusal of a too large document names these limits. */
_Static_assert(DIRECTIVE_MAX_INPUT == (size_t)64 << 20 && DIRECTIVE_MAX_NODES == 200000,
	       "refusal_text names the reader's limits: update it with them");

/* What to tell a person whose file the reader refused (the reader's own text is for operators). */
static const char *
refusal_text(enum directive_rc rc)
{
	switch (rc) {
	case DIRECTIVE_EUTF8:
		return "文件不是可识别的文本（应为 UTF-8、GBK 或 UTF-16 编码）";
	case DIRECTIVE_ENOTDOC:
		return "文件中没有可读的中文公文内容";
	case DIRECTIVE_EDOCX:
		return "无法打开该 Word 文件（.docx），请确认文件完整";
	case DIRECTIVE_ETOOBIG:
		return "文件过大或标题过多（一份公文最多 64 MiB、20 万个标题和表格行）";
	case DIRECTIVE_EPDF:
		return "该 PDF 没有可提取的文字（可能是扫描件），请上传文字版或 Word 文件";
	case DIRECTIVE_EOLE:
		return "暂不直接读取 .doc/.wps 文件，请用 Word 或 WPS 另存为 .docx 后上传";
	case DIRECTIVE_EPDFLIMIT:
		return "该 PDF 过于复杂，未能在限定的时间和内存内读取，请上传文字版或 Word 文件";
	case DIRECTIVE_EPDFTOOL:
		return "服务器未安装PDF读取程序，请联系系统管理员，或上传 Word 文件";
	default:
		return "无法读取该文件";
	}
}

/*
 * The reader's refusal of a document as an error for the person who sent it (400), or a fault
 * of ours (500) for memory or a missing PDF reader, logged with the reader's own text (derr,
 * may be NULL).
 */
static enum xg_rc
refused(enum directive_rc rc, const struct directive_error *derr, struct xg_error *err)
{
	if (rc == DIRECTIVE_EPDFTOOL) {
		log_error("directive: %s", derr != NULL ? derr->msg : "no PDF reader");
		return xg_fail(err, XG_INTERNAL, "pdf_reader_missing", NULL, "%s",
			       refusal_text(rc));
	}
	return xg_fail(err, rc == DIRECTIVE_ENOMEM ? XG_INTERNAL : XG_INVALID,
		       "unreadable_document", NULL, "%s", refusal_text(rc));
}

/* The document as UTF-8 text, for keeping beside its parse: NULL when it cannot be had. */
static char *
original_text(struct arena *a, const char *data, size_t len, const char *name)
{
	struct directive_error derr;
	struct buf b;
	char *out = NULL;
	int ok = -1;

	buf_init(&b);
	switch (directive_sniff(data, len, name)) {
	case DIRECTIVE_FMT_TEXT:
		if (str_utf8_check((struct slice){.p = data, .n = len}) == len) {
			buf_append(&b, data, len);
			ok = 0;
		} else
			ok = charset_to_utf8("GB18030", data, len, &b);
		break;
	case DIRECTIVE_FMT_UTF16:
		ok = charset_to_utf8("UTF-16", data, len, &b);
		break;
	case DIRECTIVE_FMT_DOCX:
		ok = directive_docx_text(data, len, &b, &derr) == DIRECTIVE_OK ? 0 : -1;
		break;
	case DIRECTIVE_FMT_PDF:
		ok = directive_pdf_text(data, len, &b, &derr) == DIRECTIVE_OK ? 0 : -1;
		break;
	default:
		break;
	}
	if (ok == 0 && !b.err) {
		out = arena_alloc(a, b.len + 1);
		if (out != NULL) {
			memcpy(out, b.data, b.len);
			out[b.len] = '\0';
		}
	}
	buf_free(&b);
	return out;
}

/* A unit code and its id, sorted by code for lookups. */
struct code_id {
	const char *code;
	int64_t id;
};

static int
code_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct code_id *)pa)->code, ((const struct code_id *)pb)->code);
}

/* The units the caller's subtree holds, as the reader and the lookups need them. */
struct unit_table {
	struct directive_unit *units;
	struct code_id *ids;
	size_t n;
};

static enum xg_rc
load_units(struct db *db, struct arena *a, const struct actor *actor, struct unit_table *t,
	   struct xg_error *err)
{
	struct db_org *orgs;
	size_t n, k;
	enum xg_rc rc = xg_from_db(
	    err, db_org_subtree(db, a, actor->org_path, INT64_MAX, 0, &orgs, &n), db, "单位");

	if (rc != XG_OK)
		return rc;
	t->units = arena_alloc(a, (n + 1) * sizeof(*t->units));
	t->ids = arena_alloc(a, (n + 1) * sizeof(*t->ids));
	if (t->units == NULL || t->ids == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	t->n = 0;
	for (k = 0; k < n; k++) {
		/* The importing unit never sends a directive to itself. */
		if (orgs[k].closed || orgs[k].id == actor->org_id)
			continue;
		t->units[t->n] = (struct directive_unit){orgs[k].code, orgs[k].name, orgs[k].kind};
		t->ids[t->n] = (struct code_id){orgs[k].code, orgs[k].id};
		t->n++;
	}
	qsort(t->ids, t->n, sizeof(*t->ids), code_cmp);
	return XG_OK;
}

/* The ids of a list of unit codes, as a JSON array. */
static json_t *
ids_json(const struct unit_table *t, const struct directive_list *codes)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < codes->n; i++) {
		struct code_id key = {.code = codes->v[i]};
		const struct code_id *hit = bsearch(&key, t->ids, t->n, sizeof(*t->ids), code_cmp);

		if (hit != NULL && json_array_append_new(arr, json_integer(hit->id)) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Every node of a tree, depth first, as the structure's flat list of sections. */
static int
add_sections(json_t *arr, const struct directive_list *nodes)
{
	size_t i;

	for (i = 0; i < nodes->n; i++) {
		const struct directive_node *n = nodes->v[i];

		if (json_array_append_new(arr, json_pack("{s:i,s:s,s:s,s:s}", "level", n->level,
							 "path", n->path, "number", n->number,
							 "heading", n->heading)) != 0 ||
		    add_sections(arr, &n->children) != 0)
			return -1;
	}
	return 0;
}

static json_t *
strings_json(const struct directive_list *l)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < l->n; i++)
		if (json_array_append_new(arr, json_string(l->v[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* A proposal: the node's words, who, by when (the latest end of its deadlines), how much. */
static json_t *
proposal_json(struct arena *a, const struct directive_task *t, const struct unit_table *units)
{
	const struct directive_node *n = t->node;
	const char *due = NULL, *start = NULL;
	json_t *targets = json_array();
	size_t i;

	for (i = 0; i < t->deadlines.n; i++) {
		const struct directive_deadline *dl = t->deadlines.v[i];
		if (dl->end[0] != '\0' && (due == NULL || strcmp(dl->end, due) > 0))
			due = dl->end;
	}
	for (i = 0; targets != NULL && i < t->targets.n; i++) {
		const struct directive_target *tg = t->targets.v[i];
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s?}", "text", tg->text, "metric",
				      tg->metric, "op", tg->op, "unit", tg->unit, "by",
				      tg->by[0] != '\0' ? tg->by : NULL);

		if (o != NULL && tg->has_value)
			json_object_set_new(o, "value", json_real(tg->value));
		if (o == NULL || json_array_append_new(targets, o) != 0) {
			json_decref(targets);
			return NULL;
		}
	}
	return json_pack(
	    "{s:s,s:s,s:s,s:s,s:o*,s:s?,s:s?,s:o*,s:o*}", "path", t->path, "title", n->heading,
	    "paragraph",
	    n->text[0] != '\0' ? arena_printf(a, "%s。%s", n->heading, n->text) : n->heading,
	    "strength", t->strength, "subjects", strings_json(&t->subjects), "start_date", start,
	    "due_date", due, "targets", targets, "units", ids_json(units, &t->units));
}

static json_t *
structure_json(struct arena *a, const struct directive *d, const struct unit_table *units)
{
	json_t *sections = json_array(), *tasks = json_array();
	size_t i;

	if (sections == NULL || tasks == NULL || add_sections(sections, &d->sections) != 0)
		goto fail;
	for (i = 0; i < d->tasks.n; i++)
		if (json_array_append_new(tasks, proposal_json(a, d->tasks.v[i], units)) != 0)
			goto fail;
	return json_pack("{s:o,s:o}", "sections", sections, "tasks", tasks);
fail:
	json_decref(sections);
	json_decref(tasks);
	return NULL;
}

/* The addressees with the units each stands for (none: left for staff to map). */
static enum xg_rc
addressees_of(struct arena *a, struct directive *d, const struct unit_table *units,
	      struct document_addressee **out, struct xg_error *err)
{
	struct document_addressee *list = arena_alloc(a, (d->addressees.n + 1) * sizeof(*list));
	size_t i, k;

	if (list == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < d->addressees.n; i++) {
		struct directive_list codes = {0};
		int64_t *ids;

		if (directive_units_of(d, d->addressees.v[i], units->units, units->n, &codes) !=
		    DIRECTIVE_OK)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		ids = arena_alloc(a, (codes.n + 1) * sizeof(*ids));
		if (ids == NULL)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		list[i] = (struct document_addressee){.name = d->addressees.v[i], .units = ids};
		for (k = 0; k < codes.n; k++) {
			struct code_id key = {.code = codes.v[k]};
			const struct code_id *hit =
			    bsearch(&key, units->ids, units->n, sizeof(*units->ids), code_cmp);
			if (hit != NULL)
				ids[list[i].nunits++] = hit->id;
		}
	}
	*out = list;
	return XG_OK;
}

enum xg_rc
document_reader_json(const char *data, size_t len, const char *name, struct buf *out,
		     struct xg_error *err)
{
	struct directive *d = NULL;
	struct directive_error derr;
	enum directive_rc drc = directive_parse_input(data, len, name, &d, &derr);
	enum xg_rc rc = XG_OK;

	if (drc != DIRECTIVE_OK)
		return refused(drc, &derr, err);
	if (directive_json(d, 0, out) != DIRECTIVE_OK || out->err)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	directive_free(d);
	return rc;
}

/*
 * Read the document into *d. A PDF's text is left in pdf (caller owns, initialised) to be kept
 * as the original: the PDF reader is a process of its own, run once per document.
 */
static enum directive_rc
read_document(const char *data, size_t len, const char *name, struct directive **d,
	      struct buf *pdf, struct directive_error *derr)
{
	enum directive_rc rc;

	*d = NULL;
	if (directive_sniff(data, len, name) != DIRECTIVE_FMT_PDF)
		return directive_parse_input(data, len, name, d, derr);
	rc = directive_pdf_text(data, len, pdf, derr);
	if (rc == DIRECTIVE_OK)
		rc = directive_parse_pdf_text(pdf->data, pdf->len, d, derr);
	return rc;
}

enum xg_rc
document_reader_import(struct db *db, struct arena *a, const struct actor *actor,
		       int64_t campaign_id, const char *data, size_t len, const char *name,
		       int64_t now, int64_t *id, struct xg_error *err)
{
	struct directive *d = NULL;
	struct directive_error derr;
	struct unit_table units = {0};
	struct document_input in = {.campaign_id = campaign_id};
	struct document_addressee *ads = NULL;
	struct buf parsed, pdf;
	enum directive_rc drc;
	enum xg_rc rc;

	buf_init(&parsed);
	buf_init(&pdf);
	drc = read_document(data, len, name, &d, &pdf, &derr);
	if (drc != DIRECTIVE_OK) {
		buf_free(&pdf);
		return refused(drc, &derr, err);
	}
	rc = load_units(db, a, actor, &units, err);
	if (rc == XG_OK && directive_units_resolve(d, units.units, units.n) != DIRECTIVE_OK)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK)
		rc = addressees_of(a, d, &units, &ads, err);
	if (rc == XG_OK && (directive_json(d, 1, &parsed) != DIRECTIVE_OK || parsed.err ||
			    buf_cstr(&parsed) == NULL))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK)
		in.original = pdf.len > 0 && !pdf.err ? arena_strndup(a, pdf.data, pdf.len)
						       : original_text(a, data, len, name);
	if (rc == XG_OK && in.original == NULL)
		rc = refused(DIRECTIVE_EUTF8, NULL, err);
	in.structure = rc == XG_OK ? structure_json(a, d, &units) : NULL;
	if (rc == XG_OK && in.structure == NULL)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK) {
		in.title = d->title;
		in.doc_no = d->number;
		in.issuer = d->issuer;
		in.date = d->date[0] != '\0' ? d->date : NULL;
		in.parsed = buf_cstr(&parsed);
		in.addressees = ads;
		in.naddressees = d->addressees.n;
		rc = document_import(db, a, actor, &in, now, id, err);
	}
	json_decref(in.structure);
	buf_free(&parsed);
	buf_free(&pdf);
	directive_free(d);
	return rc;
}
