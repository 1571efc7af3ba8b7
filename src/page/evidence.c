/* page_evidence: the evidence files of a record as a section of the record pages — the list
 * (readable without scripts) and, for who may edit the record, the upload and delete controls
 * that web/static/evidence.js brings to life. */
#include "page/page.h"

#include <string.h>

#include "domain/evidence.h"
#include "http/html.h"

enum xg_rc
page_evidence_load(struct req *r, int64_t record_id, struct page_evidence *out,
		   struct xg_error *err)
{
	memset(out, 0, sizeof(*out));
	return evidence_list(r->db, r->a, &r->actor, record_id, &out->files, &out->n, err);
}

/* What a person calls the type: from the stored media type (decided by the content). */
static const char *
type_label(const char *media_type)
{
	static const struct {
		enum evidence_type t;
		const char *label;
	} labels[] = {
	    {EVIDENCE_JPEG, "JPEG 图片"}, {EVIDENCE_PNG, "PNG 图片"},   {EVIDENCE_PDF, "PDF"},
	    {EVIDENCE_DOCX, "Word 文档"}, {EVIDENCE_XLSX, "Excel 表格"},
	};
	size_t i;

	for (i = 0; media_type != NULL && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(media_type, evidence_media_type(labels[i].t)) == 0)
			return labels[i].label;
	return "文件";
}

/* A size as people read it: 980 B, 12.3 KB, 4.5 MB. */
static void
size_text(struct buf *b, int64_t size)
{
	if (size < 1024)
		html_fmt(b, "%lld B", (long long)size);
	else if (size < 1024 * 1024)
		html_fmt(b, "%.1f KB", (double)size / 1024);
	else
		html_fmt(b, "%.1f MB", (double)size / (1024 * 1024));
}

static void
file_row(struct req *r, const struct db_file *f, bool may_edit)
{
	struct buf *b = &r->out;

	html_raw(b, "<tr><td><a href=\"/api/v1/files/");
	html_fmt(b, "%lld", (long long)f->id);
	html_raw(b, "\"");
	if (!evidence_inline(f->media_type))
		html_raw(b, " download");
	html_raw(b, ">");
	html_text(b, f->name);
	html_raw(b, "</a></td><td>");
	html_text(b, type_label(f->media_type));
	html_raw(b, "</td><td class=\"num\">");
	size_text(b, f->size);
	html_raw(b, "</td><td>");
	html_text(b, f->uploaded_by_name);
	html_raw(b, "</td><td class=\"nowrap\">");
	html_time(b, f->uploaded_at);
	html_raw(b, "</td>");
	if (may_edit) {
		/* Shown by the script, which asks for the reason; without it there is nothing to
		 * press. */
		html_raw(b, "<td><button type=\"button\" class=\"danger\" hidden"
			    " data-evidence-delete=\"/api/v1/files/");
		html_fmt(b, "%lld", (long long)f->id);
		html_raw(b, "\" data-name=\"");
		html_attr(b, f->name);
		html_raw(b, "\">删除</button></td>");
	}
	html_raw(b, "</tr>");
}

void
page_evidence_section(struct req *r, const struct db_record *rec, const struct page_evidence *ev,
		      bool may_edit)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section class=\"evidence\" id=\"evidence\" aria-labelledby=\"evidence-h\">"
		    "<h2 id=\"evidence-h\">佐证材料</h2>");
	if (ev->n == 0) {
		html_raw(b, "<p class=\"empty\">暂无佐证材料</p>");
	} else {
		html_raw(b, "<div class=\"table-wrap\"><table class=\"list evidence-list\"><thead><tr>"
			    "<th>文件名</th><th>类型</th><th class=\"num\">大小</th><th>上传人</th>"
			    "<th>上传时间</th>");
		if (may_edit)
			html_raw(b, "<th>操作</th>");
		html_raw(b, "</tr></thead><tbody>");
		for (i = 0; i < ev->n; i++)
			file_row(r, &ev->files[i], may_edit);
		html_raw(b, "</tbody></table></div>");
	}
	if (may_edit) {
		/* The file is sent as the raw body by the script; the form stays hidden without it,
		 * since a browser's own form post could not carry it. */
		html_raw(b, "<form class=\"evidence-upload\" hidden data-evidence-upload=\""
			    "/api/v1/records/");
		html_fmt(b, "%lld", (long long)rec->id);
		html_raw(b, "/files\">");
		page_csrf_input(r);
		html_raw(b, "<label for=\"evidence-file\">上传佐证材料</label> "
			    "<input type=\"file\" id=\"evidence-file\""
			    " accept=\".jpg,.jpeg,.png,.pdf,.docx,.xlsx\"> "
			    "<button type=\"submit\">上传</button>"
			    "<p class=\"muted\">可上传 " EVIDENCE_ACCEPTED "；签到表、照片等均可。</p>"
			    "<p class=\"evidence-status\" role=\"status\" aria-live=\"polite\"></p>"
			    "</form><script src=\"/static/evidence.js\" defer></script>");
	}
	html_raw(b, "</section>");
}
