/* api_task_view: the task views over JSON — the matrix of tasks × a unit's children, the overdue
 * assignments of a subtree, a unit's timeline — and each of them as an Excel file. */
#include "api/api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/day.h"
#include "base/log.h"
#include "domain/task_view.h"

#define PAGE_DEFAULT 50
#define EXPORT_PAGE 1000		 /* overdue rows read at a time for an export */
#define EXPORT_ROWS_MAX 1048575		 /* Excel's rows, less the header */
#define EXPORT_COLS_MAX 16383		 /* Excel's columns, less the task's own */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void
api_task_matrix(struct req *r)
{
	struct task_matrix m;
	struct xg_error err;

	if (task_matrix_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
			     param_int(&r->query, F_CAMPAIGN_ID, 0),
			     param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
			     param_int(&r->query, F_OFFSET, 0), r->now, &m, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	/* Written straight into the answer: 4,400 cells for the root's page of 20 tasks. */
	http_reply(r, 200, "application/json; charset=utf-8", "", 0);
	if (task_matrix_write(&m, r->now, &r->out, &err) != XG_OK)
		api_error(r, &err);
}

void
api_task_overdue(struct req *r)
{
	struct task_overdue o;
	struct xg_error err;
	json_t *arr;
	size_t i;

	if (task_overdue_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
			      param_int(&r->query, F_CAMPAIGN_ID, 0),
			      param_int(&r->query, F_LIMIT, PAGE_DEFAULT),
			      param_int(&r->query, F_OFFSET, 0), r->now, &o, &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < o.n; i++)
		if (json_array_append_new(arr, task_cell_to_json(&o.rows[i], r->now)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200,
		 json_pack("{s:I,s:I,s:b,s:o*}", "org_id", (json_int_t)o.unit.id, "total",
			   (json_int_t)o.total, "more", o.more, "items", arr));
}

void
api_task_timeline(struct req *r)
{
	struct task_timeline t;
	struct xg_error err;
	json_t *arr;
	size_t i;

	if (task_timeline_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
			       param_int(&r->query, F_CAMPAIGN_ID, 0), r->now, &t,
			       &err) != XG_OK) {
		api_error(r, &err);
		return;
	}
	arr = json_array();
	for (i = 0; arr != NULL && i < t.n; i++)
		if (json_array_append_new(arr, task_cell_to_json(&t.rows[i], r->now)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	api_json(r, 200, json_pack("{s:I,s:s,s:o*}", "org_id", (json_int_t)t.unit.id, "name",
				   t.unit.name, "items", arr));
}

/* Excel: one sheet written row by row (constant memory) into a named temporary file. */
struct sheet {
	char *path;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t next;
	bool failed, too_many;
};

/* Open the workbook with its frozen, bold header row of n columns (widths in characters). */
static enum xg_rc
sheet_open(struct req *r, struct sheet *s, const char *title, const char *const *heads,
	   const double *widths, size_t n, struct xg_error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
				    .tmpdir = (char *)r->site->tmp_dir};
	int fd;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->path = arena_printf(r->a, "%s/xuanguan-xlsx-XXXXXX", r->site->tmp_dir);
	fd = s->path != NULL ? mkstemp(s->path) : -1;
	if (fd < 0) {
		log_error("cannot make a temporary file in %s: %s", r->site->tmp_dir,
			  strerror(errno));
		s->path = NULL;
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "无法建立导出文件");
	}
	close(fd);
	s->wb = workbook_new_opt(s->path, &opt);
	if (s->wb == NULL || (s->ws = workbook_add_worksheet(s->wb, title)) == NULL ||
	    (s->bold = workbook_add_format(s->wb)) == NULL) {
		s->failed = true;
		return XG_OK;
	}
	format_set_bold(s->bold);
	worksheet_freeze_panes(s->ws, 1, 0);
	for (i = 0; i < n; i++) {
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
		if (worksheet_write_string(s->ws, 0, (lxw_col_t)i, heads[i], s->bold) !=
		    LXW_NO_ERROR)
			s->failed = true;
	}
	s->next = 1;
	return XG_OK;
}

/* Text is always a string cell, never a formula, whatever it starts with. */
static void
cell_text(struct sheet *s, size_t col, const char *v)
{
	if (s->failed || s->too_many || v == NULL)
		return;
	if (worksheet_write_string(s->ws, s->next, (lxw_col_t)col, v, NULL) != LXW_NO_ERROR)
		s->failed = true;
}

static void
cell_int(struct sheet *s, size_t col, int64_t v)
{
	if (s->failed || s->too_many)
		return;
	if (worksheet_write_number(s->ws, s->next, (lxw_col_t)col, (double)v, NULL) !=
	    LXW_NO_ERROR)
		s->failed = true;
}

/* The next row; false once Excel's rows are used up (the file is then refused). */
static bool
next_row(struct sheet *s)
{
	if (s->next >= EXPORT_ROWS_MAX)
		s->too_many = true;
	else
		s->next++;
	return !s->too_many && !s->failed;
}

/* Close the workbook and answer it (or err, when rc or the writing failed). */
static void
sheet_send(struct req *r, struct sheet *s, enum xg_rc rc, struct xg_error *err, const char *ascii,
	   const char *name)
{
	struct stat st;
	int fd = -1;

	if (s->wb != NULL && workbook_close(s->wb) != LXW_NO_ERROR)
		s->failed = true;
	if (rc == XG_OK && s->too_many)
		rc = xg_fail(err, XG_INVALID, "too_many_rows", NULL,
			     "超过 Excel 的行数上限（%d 行），请缩小范围", EXPORT_ROWS_MAX);
	if (rc == XG_OK && s->failed)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "导出文件写入失败");
	if (rc == XG_OK && s->path != NULL)
		fd = open(s->path, O_RDONLY | O_CLOEXEC);
	if (s->path != NULL)
		unlink(s->path);
	if (rc == XG_OK && (fd < 0 || fstat(fd, &st) != 0))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "导出文件写入失败");
	if (rc != XG_OK) {
		if (fd >= 0)
			close(fd);
		api_error(r, err);
		return;
	}
	http_reply_download(r, 200, XLSX_TYPE, fd, (uint64_t)st.st_size, ascii, name);
}

/* "红 · 已签收 40%": the light in words, so that a printout without colour still says it. */
static const char *
cell_words(struct req *r, const struct db_task_cell *c)
{
	return arena_printf(r->a, "%s · %s %lld%%", task_light_label(task_cell_light(c, r->now)),
			    task_state_label(c->state), (long long)c->percent);
}

/* GET /api/v1/tasks/matrix.xlsx: rows tasks, columns the children, each cell its light. */
void
api_task_matrix_xlsx(struct req *r)
{
	static const char *const heads[] = {"任务", "完成时限"};
	static const double widths[] = {40, 12};
	struct task_matrix m;
	struct sheet s = {0};
	struct xg_error err;
	size_t i, j;
	enum xg_rc rc = task_matrix_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
					 param_int(&r->query, F_CAMPAIGN_ID, 0),
					 TASK_MATRIX_EXPORT_MAX, 0, r->now, &m, &err);

	if (rc == XG_OK && (m.total > TASK_MATRIX_EXPORT_MAX || m.ncols > EXPORT_COLS_MAX))
		rc = xg_fail(&err, XG_INVALID, "too_many_rows", NULL,
			     "任务超过 %d 项，请按专项工作分别导出", TASK_MATRIX_EXPORT_MAX);
	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	rc = sheet_open(r, &s, "任务矩阵", heads, widths, 2, &err);
	for (j = 0; rc == XG_OK && !s.failed && j < m.ncols; j++) {
		worksheet_set_column(s.ws, (lxw_col_t)(j + 2), (lxw_col_t)(j + 2), 16, NULL);
		if (worksheet_write_string(s.ws, 0, (lxw_col_t)(j + 2), m.cols[j].name, s.bold) !=
		    LXW_NO_ERROR)
			s.failed = true;
	}
	for (i = 0; rc == XG_OK && i < m.ntasks && !s.failed && !s.too_many; i++) {
		cell_text(&s, 0, m.tasks[i].title);
		cell_text(&s, 1, m.tasks[i].due_date);
		for (j = 0; j < m.ncols; j++) {
			const struct db_task_cell *c = m.grid[i * m.ncols + j];
			if (c != NULL)
				cell_text(&s, j + 2, cell_words(r, c));
		}
		next_row(&s);
	}
	sheet_send(r, &s, rc, &err, "task-matrix.xlsx", "任务矩阵.xlsx");
}

/* GET /api/v1/tasks/overdue.xlsx: every overdue assignment of the subtree, oldest first. */
void
api_task_overdue_xlsx(struct req *r)
{
	static const char *const heads[] = {"单位", "单位编码", "任务",	"完成时限",
					    "逾期天数", "状态",	"完成比例"};
	static const double widths[] = {28, 14, 40, 12, 10, 10, 10};
	struct sheet s = {0};
	struct xg_error err;
	int64_t offset = 0;
	enum xg_rc rc = sheet_open(r, &s, "逾期任务", heads, widths, 7, &err);

	/* A page at a time, each in its own arena, so memory stays flat however many rows. */
	while (rc == XG_OK && !s.failed && !s.too_many) {
		struct arena *pa = arena_new();
		struct task_overdue o;
		size_t i;

		if (pa == NULL) {
			rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "内存不足");
			break;
		}
		rc = task_overdue_read(r->db, pa, &r->actor, param_int(&r->query, F_ORG_ID, 0),
				       param_int(&r->query, F_CAMPAIGN_ID, 0), EXPORT_PAGE, offset,
				       r->now, &o, &err);
		for (i = 0; rc == XG_OK && i < o.n && !s.failed && !s.too_many; i++) {
			const struct db_task_cell *c = &o.rows[i];
			cell_text(&s, 0, c->org_name);
			cell_text(&s, 1, c->org_code);
			cell_text(&s, 2, c->title);
			cell_text(&s, 3, c->due_date);
			cell_int(&s, 4, task_days_overdue(c->due_date, r->now));
			cell_text(&s, 5, task_state_label(c->state));
			cell_int(&s, 6, c->percent);
			next_row(&s);
		}
		offset += EXPORT_PAGE;
		arena_free(pa);
		if (rc != XG_OK || o.n < EXPORT_PAGE)
			break;
	}
	sheet_send(r, &s, rc, &err, "tasks-overdue.xlsx", "逾期任务.xlsx");
}

/* GET /api/v1/tasks/timeline.xlsx: a unit's assignments with their dates. */
void
api_task_timeline_xlsx(struct req *r)
{
	static const char *const heads[] = {"任务",	"开始日期", "完成时限",
					    "状态",	"完成比例", "进度灯"};
	static const double widths[] = {40, 12, 12, 10, 10, 8};
	struct task_timeline t;
	struct sheet s = {0};
	struct xg_error err;
	size_t i;
	enum xg_rc rc = task_timeline_read(r->db, r->a, &r->actor, param_int(&r->query, F_ORG_ID, 0),
					   param_int(&r->query, F_CAMPAIGN_ID, 0), r->now, &t, &err);

	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	rc = sheet_open(r, &s, "任务时间表", heads, widths, 6, &err);
	for (i = 0; rc == XG_OK && i < t.n && !s.failed; i++) {
		char start[DAY_TEXT_CAP];
		day_format(task_cell_start_day(&t.rows[i]), start, sizeof(start));
		cell_text(&s, 0, t.rows[i].title);
		cell_text(&s, 1, start);
		cell_text(&s, 2, t.rows[i].due_date);
		cell_text(&s, 3, task_state_label(t.rows[i].state));
		cell_int(&s, 4, t.rows[i].percent);
		cell_text(&s, 5, task_light_label(task_cell_light(&t.rows[i], r->now)));
		next_row(&s);
	}
	sheet_send(r, &s, rc, &err, "task-timeline.xlsx", "任务时间表.xlsx");
}
