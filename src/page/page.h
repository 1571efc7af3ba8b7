/*
 * page: the server-rendered pages in Chinese (one file per page in page/)
 * and their shared layout (page/layout.c). Every value is printed through
 * http/html.h's escapers. Error pages never echo the request.
 */
#ifndef XG_PAGE_H
#define XG_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/error.h"
#include "http/request.h"

/*
 * Layout (page/layout.c). nav is the key of the active navigation item ("home", "orgs", ...).
 * A page gathers what it shows first and only then renders: page_begin answers 200;
 * page_begin_status gives the status up front (a form shown again with its error).
 */
void page_begin(struct req *r, const char *title, const char *nav);
void page_begin_status(struct req *r, unsigned status, const char *title, const char *nav);
void page_end(struct req *r);
/* Answer an error page with the status of err->rc (login page redirect for XG_UNAUTH). */
void page_error(struct req *r, const struct xg_error *err);
/* The hidden CSRF input of a form posted by the logged-in user. */
void page_csrf_input(struct req *r);

/*
 * Shared pieces of pages (page/layout.c). Forms: a row has a label (with *
 * when required), the control, and err's message when err names this field.
 */
void page_input(struct req *r, const char *label, const char *name, const char *type,
		const char *value, bool required, const struct xg_error *err);
void page_row_begin(struct req *r, const char *label, const char *name, bool required);
/* The start of <input id="f-NAME" name="NAME" type="TYPE" value="VALUE" (value may be NULL), left
 * open for more attributes: the caller writes the closing ">". */
void page_input_open(struct req *r, const char *name, const char *type, const char *value);
/* A box of a list's filter bar: label and input for query field id, showing its current value. */
void page_filter_input(struct req *r, const char *label, enum field_id id, const char *type);
/*
 * A list's URL for its pager or export: base ("/audit?") followed by
 * "name=value&" for each of the query fields ids that the request carries
 * (empty ones left out), URL-escaped. Arena memory; NULL when out of memory.
 */
const char *page_query_href(struct req *r, const char *base, const enum field_id *ids, size_t n);
void page_row_end(struct req *r, const char *name, const struct xg_error *err);
/* A one-line notice: ok (green) after a save, else an error. text is trusted Chinese text. */
void page_notice(struct req *r, bool ok, const char *text);
/*
 * Pagination below a list: href is the list's URL with its filters and a
 * trailing '?' or '&' (already URL-escaped); total rows, page size, offset.
 */
void page_pager(struct req *r, const char *href, int64_t total, int64_t limit, int64_t offset);
/*
 * The confirmation after a redirect ("?done=saved"): texts maps the codes a
 * page knows to fixed Chinese text, ending with {NULL, NULL}. Returns the
 * text for the query's `done`, or NULL; the code itself is never printed.
 */
struct page_done {
	const char *code;
	const char *text;
};
const char *page_done_text(const struct req *r, const struct page_done *texts);
/* The page size asked for in the query (20, 50 or 100; 20 when absent or odd). */
int64_t page_limit(const struct req *r);

/*
 * Shared widgets (page/widgets.c, as cgit's ui-shared): the unit picker, a
 * unit's name cell in a list, links to a unit. The units a picker offers are
 * read by page_units_load before anything is rendered.
 */
#define PAGE_UNITS_MAX 1000 /* beyond this many units a unit is typed as its number */
struct page_units {
	struct db_org *list; /* the caller's subtree in path order (indented by depth) */
	size_t n;
	bool too_many; /* PAGE_UNITS_MAX or more: a number box instead of a select */
};
/* Read the caller's subtree for a picker. XG_OK, or the storage error in err. */
enum xg_rc page_units_load(struct req *r, struct page_units *out, struct xg_error *err);
/* How a form row picks a unit. */
struct page_unit_picker {
	const char *name;	  /* the field: "parent_id", "org_id" */
	const char *label;	  /* "上级单位" */
	const char *number_label; /* the label of the number box past PAGE_UNITS_MAX */
	bool required;
	const char
	    *exclude;	  /* a path whose subtree is not offered (a move's own branch), or NULL */
	const char *hint; /* trusted text below the select, or NULL */
};
/* A form row choosing one open unit (current stays offered even if closed); err names the field. */
void page_unit_picker(struct req *r, const struct page_units *u, const struct page_unit_picker *p,
		      int64_t current, const struct xg_error *err);
/*
 * The unit filter of a list's filter bar: every unit, "全部（含下级单位）" first;
 * past PAGE_UNITS_MAX the chosen unit (when there is one) shows as a chip
 * that clears the filter (clear_href, a literal URL).
 */
void page_unit_filter(struct req *r, const struct page_units *u, int64_t current,
		      const struct db_org *chosen, const char *clear_href);
/*
 * A filter-bar choice of one unit of the caller's subtree (field org_id, no
 * "all" entry): a select indented by depth, or a number box past
 * PAGE_UNITS_MAX. current is selected.
 */
void page_unit_select(struct req *r, const struct page_units *u, int64_t current);
/* A unit's name linked to its page when the caller may read units, else the name alone. */
void page_unit_link(struct req *r, int64_t id, const char *name);
/* The start of a unit's row in a list: <tr> (marked when closed) and the linked name cell. */
void page_unit_row_begin(struct req *r, const struct db_org *o);

/*
 * Evidence files of a record (page/evidence.c), a section of the record
 * pages: page_evidence_load reads the record's files (XG_NOTFOUND when the
 * record is outside the caller's subtree) before anything is rendered;
 * page_evidence_section lists them (name linked to /api/v1/files/{id},
 * type, size, who, when) and, when may_edit (the caller may change the
 * record: PERM_RECORD_WRITE), adds the upload and delete controls that
 * web/static/evidence.js shows and drives (raw body, X-CSRF-Token).
 */
struct page_evidence {
	struct db_file *files;
	size_t n;
};
enum xg_rc page_evidence_load(struct req *r, int64_t record_id, struct page_evidence *out,
			      struct xg_error *err);
void page_evidence_section(struct req *r, const struct db_record *rec,
			   const struct page_evidence *ev, bool may_edit);
/*
 * Evidence files of other owners (page/evidence.c): page_files_block lists
 * files (as page_evidence_section, without deletion) and, when upload_url
 * is not NULL, adds the upload control that web/static/evidence.js drives
 * (it posts the raw file there and reloads the page on 201). key makes the
 * control's element ids unique when a page shows several blocks. A page
 * with upload controls writes page_files_script once, after them.
 */
void page_files_block(struct req *r, const char *key, const struct db_file *files, size_t n,
		      const char *upload_url);
void page_files_script(struct req *r);
/*
 * The files of one progress report on a task, for the task pages:
 *   1. read the reports with task_progress_read (it checks the caller's scope),
 *   2. for each report p, page_progress_files_load(r, p.id, &pf, &err) before rendering,
 *   3. render page_progress_files(r, task_id, &p, &pf, page_progress_may_attach(r, &u)),
 *      where u is the assignment task_progress_read returned, and page_files_script once.
 * Uploads go to POST /api/v1/tasks/{id}/progress/{pid}/files; downloads through /api/v1/files/{id}.
 */
struct page_progress_files {
	struct db_file *files;
	size_t n;
};
enum xg_rc page_progress_files_load(struct req *r, int64_t progress_id,
				    struct page_progress_files *out, struct xg_error *err);
/* Whether the caller may attach files to the reports of assignment u (the reporting side). */
bool page_progress_may_attach(const struct req *r, const struct db_task_unit *u);
void page_progress_files(struct req *r, int64_t task_id, const struct db_task_progress *p,
			 const struct page_progress_files *pf, bool may_attach);

/* page/notice.c: 消息 */
void page_notices(struct req *r);
void page_notice_read(struct req *r);
/* page/lecture.c: 宣讲点单 */
void page_lectures(struct req *r);
void page_lecture_new(struct req *r);
void page_lecture_accept(struct req *r);
void page_lecture_decline(struct req *r);
void page_lecture_done(struct req *r);

/* page/login.c */
void page_login_form(struct req *r);
void page_login(struct req *r);
void page_logout(struct req *r);
/* page/home.c: 工作台 */
void page_home(struct req *r);
/* page/dashboard.c: 工作台 of a unit — figures, trend, children (page_home shows it to record
 * readers) */
void page_dashboard(struct req *r);
/* page/org.c: 组织机构 */
void page_org(struct req *r);
void page_org_search(struct req *r);
void page_org_new_form(struct req *r);
void page_org_new(struct req *r);
void page_org_edit_form(struct req *r);
void page_org_edit(struct req *r);
/* page/user.c: 用户管理 */
void page_users(struct req *r);
void page_user_new_form(struct req *r);
void page_user_new(struct req *r);
void page_user(struct req *r);
void page_user_edit(struct req *r);
void page_user_reset(struct req *r);
/* page/role.c: 角色 (read-only) */
void page_roles(struct req *r);
/* page/account.c: own account */
void page_account(struct req *r);
void page_account_password(struct req *r);
/* page/audit.c: 审计日志 */
void page_audit(struct req *r);
void page_audit_export(struct req *r);
/* page/security.c: 安全策略 */
void page_security(struct req *r);
void page_security_update(struct req *r);
void page_security_unlock(struct req *r);

/* page_record_import.c: 导入台账 and the template of each kind's headers */
void page_record_import(struct req *r);
void page_record_import_template(struct req *r);
/* page/record.c: 工作台账 — the ledger of a kind and a record's page */
void page_records(struct req *r);
void page_record(struct req *r);
void page_record_delete(struct req *r);
void page_record_submit(struct req *r);
void page_record_approve(struct req *r);
void page_record_return(struct req *r);
/* The Chinese label of a record's state ("returned" → 已退回); static. */
const char *page_record_state_label(const char *state);
/* page/record_form.c: a record's form, new or changed */
void page_record_new_form(struct req *r);
void page_record_new(struct req *r);
void page_record_edit_form(struct req *r);
void page_record_edit(struct req *r);
/* page/review.c: 审核 */
void page_review(struct req *r);
void page_review_bulk(struct req *r);
/* page/campaign.c: 专项工作 */
void page_campaigns(struct req *r);
void page_campaign_new_form(struct req *r);
void page_campaign_new(struct req *r);
void page_campaign_edit_form(struct req *r);
void page_campaign_edit(struct req *r);
/* page/task.c: 任务 — the list, a new task, a task's page with 签收 and progress */
void page_tasks(struct req *r);
void page_task_new_form(struct req *r);
void page_task_new(struct req *r);
void page_task(struct req *r);
void page_task_sign(struct req *r);
void page_task_progress(struct req *r);
/* page/directive.c: 文件 — the list, the import form, a directive beside its parse, coverage */
void page_directives(struct req *r);
void page_directive_new(struct req *r);
void page_directive(struct req *r);
void page_directive_map(struct req *r);
void page_directive_confirm(struct req *r);
void page_directive_correct(struct req *r);
void page_directive_coverage(struct req *r);
/* page/task_view.c: the matrix, overdue list and printable timeline */
void page_task_matrix(struct req *r);
void page_task_overdue(struct req *r);
void page_task_timeline(struct req *r);
/* page/inspection.c: 督促检查 — inspections, an inspection's page and its rectifications' steps */
void page_inspections(struct req *r);
void page_inspection_new_form(struct req *r);
void page_inspection_new(struct req *r);
void page_inspection(struct req *r);
void page_rect_new(struct req *r);
void page_rect_answer(struct req *r);
void page_rect_close(struct req *r);
void page_rect_reopen(struct req *r);

#endif
