/* page_widgets: pieces several pages share (cgit's ui-shared) — the unit picker, unit rows, links.
 */
#include "page/page.h"

#include "base/tree.h"
#include "domain/role.h"
#include "http/html.h"

enum xg_rc
page_units_load(struct req *r, struct page_units *out, struct xg_error *err)
{
	*out = (struct page_units){0};
	if (xg_from_db(err,
		       db_org_subtree(r->db, r->a, r->actor.org_path, PAGE_UNITS_MAX, 0, &out->list,
				      &out->n),
		       r->db, "单位") != XG_OK)
		return err->rc;
	out->too_many = out->n >= PAGE_UNITS_MAX;
	return XG_OK;
}

/* Past the select's limit a unit is named by its number, which its page's address shows. */
static void
number_hint(struct buf *b)
{
	html_raw(b, "<p class=\"hint\">单位编号是单位页面地址中 /orgs/ 后面的数字；"
		    "可先在「单位查询」中找到该单位。</p>");
}

/* One option, indented by its depth below the first unit (the caller's own). */
static void
option(struct buf *b, const struct page_units *u, size_t i, int64_t current)
{
	int64_t j;

	html_fmt(b, "<option value=\"%lld\"%s>", (long long)u->list[i].id,
		 u->list[i].id == current ? " selected" : "");
	for (j = u->list[0].depth; j < u->list[i].depth; j++)
		html_raw(b, "　");
	html_text(b, u->list[i].name);
	html_raw(b, "</option>");
}

void
page_unit_picker(struct req *r, const struct page_units *u, const struct page_unit_picker *p,
		 int64_t current, const struct xg_error *err)
{
	struct buf *b = &r->out;
	size_t i;

	if (u->too_many) {
		page_input(r, p->number_label, p->name, "number",
			   current > 0 ? arena_printf(r->a, "%lld", (long long)current) : NULL,
			   p->required, err);
		number_hint(b);
		return;
	}
	page_row_begin(r, p->label, p->name, p->required);
	html_raw(b, "<select id=\"f-");
	html_attr(b, p->name);
	html_raw(b, "\" name=\"");
	html_attr(b, p->name);
	html_raw(b, "\"");
	if (p->required)
		html_raw(b, " required");
	html_raw(b, " data-filter=\"输入名称筛选单位\">");
	for (i = 0; i < u->n; i++) {
		if (p->exclude != NULL && tree_within(u->list[i].path, p->exclude))
			continue; /* a move there would make a cycle */
		if (u->list[i].closed && u->list[i].id != current)
			continue;
		option(b, u, i, current);
	}
	html_raw(b, "</select>");
	if (p->hint != NULL) {
		html_raw(b, "<p class=\"hint\">");
		html_text(b, p->hint);
		html_raw(b, "</p>");
	}
	page_row_end(r, p->name, err);
}

void
page_unit_filter(struct req *r, const struct page_units *u, int64_t current,
		 const struct db_org *chosen, const char *clear_href)
{
	struct buf *b = &r->out;
	size_t i;

	if (u->too_many) {
		if (chosen == NULL)
			return;
		html_fmt(b, "<input type=\"hidden\" name=\"org_id\" value=\"%lld\">",
			 (long long)current);
		html_raw(b, "<span class=\"chip\">单位：");
		html_text(b, chosen->name);
		html_raw(b, "<a href=\"");
		html_attr(b, clear_href);
		html_raw(b, "\" title=\"不限单位\">×</a></span>");
		return;
	}
	html_raw(b, "<span class=\"filter\"><label for=\"f-org_id\">单位</label>"
		    "<select id=\"f-org_id\" name=\"org_id\" data-filter=\"筛选单位\"><option "
		    "value=\"\">全部（含下级单位）"
		    "</option>");
	for (i = 0; i < u->n; i++)
		option(b, u, i, current);
	html_raw(b, "</select></span>");
}

void
page_unit_select(struct req *r, const struct page_units *u, int64_t current)
{
	struct buf *b = &r->out;
	size_t i;

	html_raw(b, "<span class=\"filter\"><label for=\"f-org_id\">单位</label>");
	if (u->too_many) {
		html_fmt(b,
			 "<input id=\"f-org_id\" name=\"org_id\" type=\"number\" min=\"1\" "
			 "value=\"%lld\" title=\"单位编号\"></span>",
			 (long long)current);
		return;
	}
	html_raw(b, "<select id=\"f-org_id\" name=\"org_id\" data-filter=\"筛选单位\">");
	for (i = 0; i < u->n; i++)
		option(b, u, i, current);
	html_raw(b, "</select></span>");
}

void
page_unit_link(struct req *r, int64_t id, const char *name)
{
	struct buf *b = &r->out;

	if (!role_can(r->actor.role, PERM_ORG_READ)) {
		html_text(b, name);
		return;
	}
	html_fmt(b, "<a href=\"/orgs/%lld\">", (long long)id);
	html_text(b, name);
	html_raw(b, "</a>");
}

void
page_unit_row_begin(struct req *r, const struct db_org *o)
{
	struct buf *b = &r->out;

	html_fmt(b, "<tr%s><td><a href=\"/orgs/%lld\">", o->closed ? " class=\"closed\"" : "",
		 (long long)o->id);
	html_text(b, o->name);
	html_raw(b, "</a>");
	if (o->closed)
		html_raw(b, " <span class=\"tag\">已撤销</span>");
	html_raw(b, "</td>");
}

void
page_filter_input(struct req *r, const char *label, enum field_id id, const char *type)
{
	struct buf *b = &r->out;
	const char *name = param_field_name(id);

	html_raw(b, "<span class=\"filter\"><label for=\"f-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_text(b, label);
	html_raw(b, "</label>");
	page_input_open(r, name, type, param_str(&r->query, id));
	html_raw(b, "></span>");
}

const char *
page_query_href(struct req *r, const char *base, const enum field_id *ids, size_t n)
{
	struct buf href;
	const char *out;
	size_t i;

	buf_init(&href);
	buf_puts(&href, base);
	for (i = 0; i < n; i++) {
		const char *v = param_str(&r->query, ids[i]);
		if (v != NULL && v[0] == '\0')
			continue;
		if (v == NULL && !param_has(&r->query, ids[i]))
			continue;
		buf_puts(&href, param_field_name(ids[i]));
		buf_putc(&href, '=');
		if (v != NULL)
			html_url_arg(&href, v);
		else
			buf_printf(&href, "%lld", (long long)param_int(&r->query, ids[i], 0));
		buf_putc(&href, '&');
	}
	out = href.err ? NULL : arena_strdup(r->a, buf_cstr(&href));
	buf_free(&href);
	return out;
}
