/* page_evidence: the evidence files of a record as a section of the record pages — the list
 * (readable without scripts) and, for who may edit the record, the upload and delete controls
 * that web/static/evidence.js brings to life. */
#include "page/page.h"

#include <string.h>

#include "base/tree.h"
#include "domain/evidence.h"
#include "domain/role.h"
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

/* Files of other owners */

void
page_files_block(struct req *r, const char *key, const struct db_file *files, size_t n,
		 const char *upload_url)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<section class=\"evidence files-block\">");
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">暂无佐证材料</p>");
	} else {
		html_raw(b, "<div class=\"table-wrap\"><table class=\"list evidence-list\"><thead><tr>"
			    "<th>文件名</th><th>类型</th><th class=\"num\">大小</th><th>上传人</th>"
			    "<th>上传时间</th></tr></thead><tbody>");
		for (i = 0; i < n; i++)
			file_row(r, &files[i], false);
		html_raw(b, "</tbody></table></div>");
	}
	if (upload_url != NULL) {
		html_raw(b, "<form class=\"evidence-upload\" hidden data-evidence-upload=\"");
		html_attr(b, upload_url);
		html_raw(b, "\">");
		page_csrf_input(r);
		html_raw(b, "<label for=\"file-");
		html_attr(b, key);
		html_raw(b, "\">上传佐证材料</label> <input type=\"file\" id=\"file-");
		html_attr(b, key);
		html_raw(b, "\" accept=\".jpg,.jpeg,.png,.pdf,.docx,.xlsx\"> "
			    "<button type=\"submit\">上传</button>"
			    "<p class=\"muted\">可上传 " EVIDENCE_ACCEPTED "。</p>"
			    "<p class=\"evidence-status\" role=\"status\" aria-live=\"polite\"></p>"
			    "</form>");
	}
	html_raw(b, "</section>");
}

void
page_files_script(struct req *r)
{
	html_raw(&r->out, "<script src=\"/static/evidence.js\" defer></script>");
}

enum xg_rc
page_progress_files_load(struct req *r, int64_t progress_id, struct page_progress_files *out,
			 struct xg_error *err)
{
	memset(out, 0, sizeof(*out));
	return xg_from_db(err, db_file_progress_list(r->db, r->a, progress_id, &out->files, &out->n),
			  r->db, "附件");
}

bool
page_progress_may_attach(const struct req *r, const struct db_task_unit *u)
{
	return role_can(r->actor.role, PERM_TASK_WORK) && tree_within(u->org_path, r->actor.org_path);
}

void
page_progress_files(struct req *r, int64_t task_id, const struct db_task_progress *p,
		    const struct page_progress_files *pf, bool may_attach)
{
	const char *url = may_attach ? arena_printf(r->a, "/api/v1/tasks/%lld/progress/%lld/files",
						    (long long)task_id, (long long)p->id)
				     : NULL;
	const char *key = arena_printf(r->a, "p%lld", (long long)p->id);

	page_files_block(r, key != NULL ? key : "p", pf->files, pf->n, url);
}
