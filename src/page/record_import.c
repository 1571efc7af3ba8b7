/* page_record_import: 导入台账 — a CSV file of one kind's records, checked whole and imported all
 * or nothing; the template of each kind's headers. */
#include "page/page.h"

#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "domain/record.h"
#include "domain/record_import.h"
#include "domain/record_table.h"
#include "http/html.h"

/* The headers an import of kind k reads (the shown-only columns left out). */
static void
template_header(enum record_kind k, struct buf *b, bool bom)
{
	struct record_column cols[RECORD_TABLE_MAX];
	size_t n = record_table(k, cols), i, w = 0;

	if (bom)
		buf_puts(b, CSV_BOM);
	for (i = 0; i < n; i++)
		if (cols[i].imported)
			csv_put(b, cols[i].label, w++ == 0);
}

/* GET /records/import/template.csv?kind=: a CSV with the kind's headers only. */
void
page_record_import_template(struct req *r)
{
	enum record_kind k = record_kind_parse(param_str(&r->query, F_KIND));
	struct xg_error err;
	struct buf b;

	if (k == RECORD_KIND__MAX) {
		xg_fail(&err, XG_NOTFOUND, "unknown_kind", "kind", "台账类型不存在");
		page_error(r, &err);
		return;
	}
	buf_init(&b);
	template_header(k, &b, true);
	csv_end_row(&b);
	if (b.err) {
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		page_error(r, &err);
	} else {
		http_reply(r, 200, "text/csv; charset=utf-8", b.data, b.len);
		r->disposition = arena_printf(r->a, "attachment; filename=\"template-%s.csv\"",
					      record_kind_code(k));
	}
	buf_free(&b);
}

/* GET /records/import: the form; its script (static/record-import.js) posts the file to the API
 * and shows the report. */
void
page_record_import(struct req *r)
{
	enum record_kind sel = record_kind_parse(param_str(&r->query, F_KIND));
	struct buf *b = &r->out;
	int k;

	page_begin(r, "导入台账", "ledger");
	html_raw(b, "<p class=\"lead\">把 Excel 中整理好的台账另存为 CSV 文件后上传。文件先整体检查："
		    "只要有一行有错，就一条也不导入，并逐行列出错误；改正后重新上传即可。</p>");
	html_raw(b, "<form id=\"record-import\" class=\"form\" method=\"get\" "
		    "action=\"/records/import\"");
	if (r->actor.csrf != NULL) {
		html_raw(b, " data-csrf=\"");
		html_attr(b, r->actor.csrf);
		html_raw(b, "\"");
	}
	html_raw(b, "><div class=\"row\"><label for=\"f-kind\">台账类型 *</label>"
		    "<select id=\"f-kind\" name=\"kind\" required>");
	for (k = 0; k < RECORD_KIND__MAX; k++) {
		html_raw(b, "<option value=\"");
		html_attr(b, record_kind_code((enum record_kind)k));
		html_raw(b, "\"");
		if (k == (int)sel)
			html_raw(b, " selected");
		html_raw(b, ">");
		html_text(b, record_kind_label((enum record_kind)k));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></div>"
		    "<div class=\"row\"><label for=\"f-file\">CSV 文件 *</label>"
		    "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" "
		    "required></div>"
		    "<div class=\"actions\"><button type=\"submit\" class=\"btn primary\">检查并导入"
		    "</button></div></form>"
		    "<noscript><p class=\"notice error\">上传需要浏览器启用脚本；也可由管理员在服务器上用"
		    "命令 xuanguan record import 导入。</p></noscript>"
		    "<div id=\"import-result\" aria-live=\"polite\"></div>");
	html_raw(b, "<h2>模板</h2><p>每类台账一个模板，第一行是表头（列的顺序可以调整）：</p>"
		    "<ul class=\"templates\">");
	for (k = 0; k < RECORD_KIND__MAX; k++) {
		struct buf h;
		html_raw(b, "<li><a href=\"/records/import/template.csv?kind=");
		html_url_arg(b, record_kind_code((enum record_kind)k));
		html_raw(b, "\" download>");
		html_text(b, record_kind_label((enum record_kind)k));
		html_raw(b, "模板</a> <small>");
		buf_init(&h);
		template_header((enum record_kind)k, &h, false);
		if (!h.err)
			html_text(b, buf_cstr(&h));
		buf_free(&h);
		html_raw(b, "</small></li>");
	}
	html_raw(b, "</ul><h2>填写说明</h2><ul>"
		    "<li>单位：填“单位编码”；没有编码时填“单位”全称。只能导入本单位及下级单位的台账。</li>"
		    "<li>日期写成 2025-03-18（Excel 改成的 2025/3/18 也可以）；是否类的列填“是”或“否”。</li>"
		    "<li>专项工作填名称，可以不填；人数、学时等填整数。</li>"
		    "<li>文件可以是 UTF-8 或 GBK 编码（Excel 直接另存的 CSV 即可），最多 50000 行。</li>"
		    "<li>从本系统导出的 CSV 可以直接导入（状态、填报人、填报时间列会被忽略）。</li></ul>"
		    "<script src=\"/static/record-import.js\" defer></script>");
	page_end(r);
}
