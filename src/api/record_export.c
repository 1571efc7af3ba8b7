/* api_record_export: exactly the rows of a ledger's filter as CSV or Excel, streamed from storage
 * through a temporary file, and CSV files of records imported all or nothing. */
#include "api/api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/csv.h"
#include "base/log.h"
#include "domain/record_import.h"
#include "domain/record_table.h"

#define XLSX_ROWS_MAX 1048575 /* Excel's rows, less the header */

/* Where the rows go: a CSV file or an Excel sheet. */
struct sink {
	const struct record_column *cols;
	size_t ncols;
	bool detail; /* some column reads the kind's own fields */
	FILE *csv;
	struct buf row;
	lxw_worksheet *ws;
	lxw_row_t next;
	bool failed, too_many;
};

static int
csv_row(struct sink *s, const struct db_record_row *e, json_t *detail)
{
	char tmp[RECORD_CELL_CAP];
	size_t i;

	buf_reset(&s->row);
	for (i = 0; i < s->ncols; i++)
		csv_put(&s->row, record_table_cell(&s->cols[i], e, detail, tmp), i == 0);
	csv_end_row(&s->row);
	return s->row.err || fwrite(s->row.data, 1, s->row.len, s->csv) != s->row.len;
}

static int
xlsx_row(struct sink *s, const struct db_record_row *e, json_t *detail)
{
	char tmp[RECORD_CELL_CAP];
	lxw_error rc = LXW_NO_ERROR;
	size_t i;

	if (s->next > XLSX_ROWS_MAX) {
		s->too_many = true;
		return 1;
	}
	for (i = 0; i < s->ncols && rc == LXW_NO_ERROR; i++) {
		const char *v = record_table_cell(&s->cols[i], e, detail, tmp);
		if (v == NULL)
			continue;
		/* Text is always a string cell, never a formula, whatever it starts with. */
		if (s->cols[i].number)
			rc = worksheet_write_number(s->ws, s->next, (lxw_col_t)i, strtod(v, NULL),
						    NULL);
		else
			rc = worksheet_write_string(s->ws, s->next, (lxw_col_t)i, v, NULL);
	}
	s->next++;
	return rc != LXW_NO_ERROR;
}

static int
sink_row(void *cls, const struct db_record_row *e)
{
	struct sink *s = cls;
	json_t *detail = NULL;
	int stop;

	if (s->detail && e->r.detail != NULL)
		detail = json_loads(e->r.detail, 0, NULL);
	stop = s->csv != NULL ? csv_row(s, e, detail) : xlsx_row(s, e, detail);
	json_decref(detail);
	if (stop)
		s->failed = true;
	return stop;
}

/* The filter and the columns: the kind's table when the filter names one, else the common one. */
static enum xg_rc
prepare(struct req *r, struct db_record_filter *f, struct sink *s,
	struct record_column *cols, struct xg_error *err)
{
	enum xg_rc rc = api_record_filter(r, f, err);
	size_t i;

	if (rc != XG_OK)
		return rc;
	memset(s, 0, sizeof(*s));
	s->ncols = record_table(record_kind_parse(f->kind), cols);
	s->cols = cols;
	for (i = 0; i < s->ncols; i++)
		s->detail |= cols[i].what == RCOL_FIELD;
	buf_init(&s->row);
	return XG_OK;
}

/* The name of the file: 工作台账-理论学习.csv, or 工作台账.csv for every kind. */
static void
names(struct req *r, const char *kind, const char *ext, const char **ascii, const char **name)
{
	enum record_kind k = record_kind_parse(kind);

	if (k < RECORD_KIND__MAX) {
		*ascii = arena_printf(r->a, "records-%s.%s", record_kind_code(k), ext);
		*name = arena_printf(r->a, "工作台账-%s.%s", record_kind_label(k), ext);
	} else {
		*ascii = arena_printf(r->a, "records.%s", ext);
		*name = arena_printf(r->a, "工作台账.%s", ext);
	}
	if (*ascii == NULL || *name == NULL) {
		*ascii = "records";
		*name = "records";
	}
}

static enum xg_rc
write_failed(struct xg_error *err)
{
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "导出文件写入失败");
}

/* The header row, then every row of the filter, into the open file s->csv. */
static enum xg_rc
csv_fill(struct req *r, const struct db_record_filter *f, struct sink *s, struct xg_error *err)
{
	size_t i;

	buf_reset(&s->row);
	buf_puts(&s->row, CSV_BOM);
	for (i = 0; i < s->ncols; i++)
		csv_put(&s->row, s->cols[i].label, i == 0);
	csv_end_row(&s->row);
	if (s->row.err || fwrite(s->row.data, 1, s->row.len, s->csv) != s->row.len)
		return write_failed(err);
	if (xg_from_db(err, db_record_each(r->db, f, sink_row, s), r->db, "台账") != XG_OK)
		return err->rc;
	return s->failed ? write_failed(err) : XG_OK;
}

/* GET /api/v1/records.csv: UTF-8 with a byte order mark (Excel opens it), formulas neutralised. */
void
api_record_export_csv(struct req *r)
{
	struct record_column cols[RECORD_TABLE_MAX];
	struct db_record_filter f;
	struct sink s;
	struct xg_error err;
	const char *ascii, *name;
	long size = 0;
	int fd = -1, out = -1;
	enum xg_rc rc = prepare(r, &f, &s, cols, &err);

	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	fd = http_temp_file(r);
	if (fd < 0 || (s.csv = fdopen(fd, "w+b")) == NULL) {
		if (fd >= 0)
			close(fd);
		rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "无法建立导出文件");
	}
	if (rc == XG_OK)
		rc = csv_fill(r, &f, &s, &err);
	if (rc == XG_OK && (fflush(s.csv) != 0 || (size = ftell(s.csv)) < 0 ||
			    (out = dup(fileno(s.csv))) < 0))
		rc = write_failed(&err);
	if (rc == XG_OK) {
		lseek(out, 0, SEEK_SET);
		names(r, f.kind, "csv", &ascii, &name);
		http_reply_download(r, 200, "text/csv; charset=utf-8", out, (uint64_t)size, ascii,
				    name);
	}
	if (s.csv != NULL)
		fclose(s.csv);
	buf_free(&s.row);
	if (rc != XG_OK)
		api_error(r, &err);
}

/* The workbook at path: a bold, frozen header row, widths by column, then the rows. */
static enum xg_rc
xlsx_fill(struct req *r, const struct db_record_filter *f, struct sink *s, const char *path,
	  struct xg_error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
				    .tmpdir = (char *)r->site->tmp_dir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_format *bold;
	enum xg_rc rc = XG_OK;
	size_t i;

	if (wb == NULL || (s->ws = workbook_add_worksheet(wb, "工作台账")) == NULL ||
	    (bold = workbook_add_format(wb)) == NULL) {
		if (wb != NULL)
			workbook_close(wb);
		return write_failed(err);
	}
	format_set_bold(bold);
	worksheet_freeze_panes(s->ws, 1, 0);
	for (i = 0; i < s->ncols; i++) {
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, s->cols[i].width, NULL);
		if (worksheet_write_string(s->ws, 0, (lxw_col_t)i, s->cols[i].label, bold) !=
		    LXW_NO_ERROR)
			s->failed = true;
	}
	s->next = 1;
	if (!s->failed)
		rc = xg_from_db(err, db_record_each(r->db, f, sink_row, s), r->db, "台账");
	if (workbook_close(wb) != LXW_NO_ERROR)
		s->failed = true;
	if (rc == XG_OK && s->too_many)
		rc = xg_fail(err, XG_INVALID, "too_many_rows", NULL,
			     "超过 Excel 的行数上限（%d 行），请缩小筛选范围或导出 CSV",
			     XLSX_ROWS_MAX);
	if (rc == XG_OK && s->failed)
		rc = write_failed(err);
	return rc;
}

/* GET /api/v1/records.xlsx: numbers as numbers, every text a string cell, dates as text. */
void
api_record_export_xlsx(struct req *r)
{
	struct record_column cols[RECORD_TABLE_MAX];
	struct db_record_filter f;
	struct sink s;
	struct xg_error err;
	struct stat st;
	const char *ascii, *name;
	char *path = NULL;
	int fd = -1;
	enum xg_rc rc = prepare(r, &f, &s, cols, &err);

	if (rc != XG_OK) {
		api_error(r, &err);
		return;
	}
	/* libxlsxwriter writes to a named file: made here, opened again, then unlinked. */
	path = arena_printf(r->a, "%s/xuanguan-xlsx-XXXXXX", r->site->tmp_dir);
	fd = path != NULL ? mkstemp(path) : -1;
	if (fd < 0) {
		log_error("cannot make a temporary file in %s: %s", r->site->tmp_dir,
			  strerror(errno));
		rc = xg_fail(&err, XG_INTERNAL, "internal", NULL, "无法建立导出文件");
		path = NULL;
	} else {
		close(fd);
		rc = xlsx_fill(r, &f, &s, path, &err);
	}
	fd = rc == XG_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (path != NULL)
		unlink(path);
	if (rc == XG_OK && (fd < 0 || fstat(fd, &st) != 0))
		rc = write_failed(&err);
	if (rc == XG_OK) {
		names(r, f.kind, "xlsx", &ascii, &name);
		http_reply_download(
		    r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fd,
		    (uint64_t)st.st_size, ascii, name);
	} else {
		if (fd >= 0)
			close(fd);
		api_error(r, &err);
	}
	buf_free(&s.row);
}

/* 400 {error, rows: [{line, message}]}: the import's report. */
static void
import_refused(struct req *r, const struct xg_error *err, const struct record_import_report *rep)
{
	json_t *rows = json_array(), *e, *j;
	size_t i;

	for (i = 0; rows != NULL && i < rep->n; i++)
		if (json_array_append_new(rows, json_pack("{s:I,s:s}", "line",
							  (json_int_t)rep->rows[i].line, "message",
							  rep->rows[i].message)) != 0) {
			json_decref(rows);
			rows = NULL;
		}
	e = json_pack("{s:s,s:s}", "code", err->code ? err->code : "error", "message",
		      err->message);
	j = rows != NULL && e != NULL
		? json_pack("{s:o,s:o,s:I}", "error", e, "rows", rows, "more", (json_int_t)rep->more)
		: NULL;
	if (j == NULL) {
		json_decref(e);
		json_decref(rows);
		api_error(r, err);
		return;
	}
	api_json(r, http_status_of(err->rc), j);
}

/* POST /api/v1/records/import?kind=: the raw CSV file as the body. */
void
api_record_import(struct req *r)
{
	enum record_kind k = record_kind_parse(param_str(&r->query, F_KIND));
	struct record_import_report rep = {0};
	struct xg_error err;
	size_t count = 0;
	char *data;
	enum xg_rc rc;

	if (k == RECORD_KIND__MAX) {
		xg_fail(&err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
		api_error(r, &err);
		return;
	}
	if (r->upload_fd < 0 || r->upload_size == 0) {
		xg_fail(&err, XG_INVALID, "empty_body", NULL, "请上传 CSV 文件（请求体为文件内容）");
		api_error(r, &err);
		return;
	}
	data = http_upload_read(r);
	if (data == NULL) {
		api_internal(r);
		return;
	}
	rc = record_import_csv(r->db, r->a, &r->actor, k, data, (size_t)r->upload_size, r->now,
			       &rep, &count, &err);
	free(data);
	if (rc == XG_OK)
		api_json(r, 200, json_pack("{s:I}", "imported", (json_int_t)count));
	else if (rep.n > 0 || rep.more > 0)
		import_refused(r, &err, &rep);
	else
		api_error(r, &err);
}
