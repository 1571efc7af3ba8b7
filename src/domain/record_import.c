/* record_import: CSV to work records, through the same checks as one record typed in a form. */
#include "domain/record_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/charset.h"
#include "base/csv.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/record_table.h"

#define HEADER_SHOWN_MAX 30 /* characters of an unknown header repeated in its error */

struct import {
	struct db *db;
	struct arena *a; /* the report's */
	const struct actor *actor;
	enum record_kind kind;
	struct record_column cols[RECORD_TABLE_MAX];
	size_t ncols;
	const struct record_column *at[64]; /* the column of each field of a row (NULL: none) */
	size_t nat;
	struct record_import_report *report;
};

static void
report_row(struct import *im, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
report_row(struct import *im, size_t line, const char *fmt, ...)
{
	struct record_import_report *rep = im->report;
	char msg[320];
	va_list ap;

	if (rep->n >= RECORD_IMPORT_ERRORS_MAX) {
		rep->more++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rep->rows[rep->n].line = line;
	rep->rows[rep->n].message = arena_strdup(im->a, msg);
	if (rep->rows[rep->n].message == NULL)
		rep->rows[rep->n].message = "内存不足";
	rep->n++;
}

void
record_import_report_text(const struct record_import_report *report, struct buf *out)
{
	size_t i;

	for (i = 0; i < report->n; i++)
		buf_printf(out, "第 %zu 行：%s\n", report->rows[i].line, report->rows[i].message);
	if (report->more > 0)
		buf_printf(out, "另有 %zu 行有错误，未逐一列出\n", report->more);
}

/* s without ASCII spaces around it, in a (NULL when s is NULL or out of memory). */
static const char *
trimmed(struct arena *a, const char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return arena_strndup(a, s, n);
}

/* A day as Excel may write it back ("2025/3/8", "2025-3-8") in the form YYYY-MM-DD; other text
 * stays as it is, for the record's own check to refuse. */
static const char *
day_text(struct arena *a, const char *s)
{
	long part[3] = {0, 0, 0};
	size_t k = 0, digits = 0;
	const char *p;
	char sep = 0;

	if (s == NULL)
		return NULL;
	for (p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9' && digits < (k == 0 ? 4u : 2u)) {
			part[k] = part[k] * 10 + (*p - '0');
			digits++;
		} else if ((*p == '/' || *p == '-') && k < 2 && digits > 0 &&
			   (sep == 0 || *p == sep)) {
			sep = *p;
			k++;
			digits = 0;
		} else {
			return s;
		}
	}
	if (k != 2 || digits == 0 || part[0] < 1000 || part[1] < 1 || part[1] > 12 ||
	    part[2] < 1 || part[2] > 31)
		return s;
	return arena_printf(a, "%04ld-%02ld-%02ld", part[0], part[1], part[2]);
}

/* Read the header: every field a known column, each at most once, the required ones there. */
static bool
read_header(struct import *im, char **fields, size_t n, size_t line)
{
	bool ok = true, has_org = false, has_date = false, has_title = false;
	size_t i, j;

	im->nat = n;
	for (i = 0; i < n; i++) {
		const char *h = csv_unguard(fields[i]);
		const struct record_column *c;

		while (*h == ' ')
			h++;
		c = record_table_find(im->cols, im->ncols, h);
		im->at[i] = c;
		if (c == NULL && *h == '\0') {
			report_row(im, line, "第 %zu 列没有表头", i + 1);
			ok = false;
			continue;
		}
		if (c == NULL) {
			size_t cut = 0, k;
			struct slice s = str_slice(h);
			for (k = 0; k < HEADER_SHOWN_MAX && cut < s.n; k++)
				if (str_utf8_next(s, &cut) < 0)
					break;
			report_row(im, line, "表头“%.*s”不是%s台账的列", (int)cut, h,
				   record_kind_label(im->kind));
			ok = false;
			continue;
		}
		for (j = 0; j < i; j++)
			if (im->at[j] == c) {
				report_row(im, line, "表头“%s”出现了两次", c->label);
				ok = false;
			}
		has_org |= c->what == RCOL_ORG || c->what == RCOL_ORG_CODE;
		has_date |= c->what == RCOL_DATE;
		has_title |= c->what == RCOL_TITLE;
	}
	if (!has_org || !has_date || !has_title) {
		report_row(im, line, "表头缺少%s", !has_org ? "“单位编码”或“单位”" : !has_date ? "“日期”" : "“标题”");
		ok = false;
	}
	return ok;
}

/* The unit of a row: by code when given, else by exact name, within the actor's subtree. */
static enum xg_rc
find_unit(struct import *im, struct arena *ra, const char *code, const char *name, int64_t *id,
	  const char **why)
{
	struct db_org o;
	enum db_rc rc;

	if (code != NULL && *code != '\0') {
		rc = db_org_by_code(im->db, ra, im->actor->org_path, code, &o);
		*why = "单位编码不存在，或不在您管理的范围内";
	} else if (name != NULL && *name != '\0') {
		rc = db_org_by_name(im->db, ra, im->actor->org_path, name, &o);
		*why = rc == DB_CONFLICT ? "有多个单位叫这个名称，请填写单位编码"
					 : "单位不存在，或不在您管理的范围内";
	} else {
		*why = "请填写单位编码或单位";
		return XG_INVALID;
	}
	if (rc == DB_OK)
		*id = o.id;
	return rc == DB_OK ? XG_OK : rc == DB_NOTFOUND || rc == DB_CONFLICT ? XG_INVALID : XG_INTERNAL;
}

static enum xg_rc
find_campaign(struct import *im, struct arena *ra, const char *name, int64_t *id, const char **why)
{
	struct db_campaign c;
	enum db_rc rc = db_campaign_by_name(im->db, ra, im->actor->org_path, name, &c);

	*why = rc == DB_CONFLICT ? "有多个同名的专项工作" : "专项工作不存在，或您看不到它";
	if (rc == DB_OK)
		*id = c.id;
	return rc == DB_OK ? XG_OK : rc == DB_NOTFOUND || rc == DB_CONFLICT ? XG_INVALID : XG_INTERNAL;
}

/* A count: a whole number 0..RECORD_COUNT_MAX. */
static bool
count_of(const char *s, int64_t *v)
{
	return str_parse_i64(str_slice(s), 0, RECORD_COUNT_MAX, v) == 0;
}

/*
 * One field of a row into in (or in->detail). Returns false with *why when
 * its text cannot be what the column holds; the rules of values (lengths,
 * choices, real dates) are record_create's.
 */
static bool
read_cell(struct arena *ra, const struct record_column *c, const char *v,
	  struct record_input *in, const char **code, const char **name, const char **campaign,
	  const char **why)
{
	int64_t n;
	json_t *j = NULL;

	switch (c->what) {
	case RCOL_ORG_CODE:
		*code = trimmed(ra, v);
		return true;
	case RCOL_ORG:
		*name = trimmed(ra, v);
		return true;
	case RCOL_DATE:
		in->set_day = true;
		in->day = day_text(ra, trimmed(ra, v));
		return true;
	case RCOL_TITLE:
		in->set_title = true;
		in->title = v;
		return true;
	case RCOL_CAMPAIGN:
		*campaign = trimmed(ra, v);
		return true;
	case RCOL_PARTICIPANTS:
	case RCOL_AUDIENCE:
	case RCOL_HOURS:
		if (!count_of(trimmed(ra, v), &n)) {
			*why = "应为 0 到 10000000 之间的整数";
			return false;
		}
		if (c->what == RCOL_PARTICIPANTS)
			in->set_participants = true, in->participants = n;
		else if (c->what == RCOL_AUDIENCE)
			in->set_audience = true, in->audience = n;
		else
			in->set_hours = true, in->hours = n;
		return true;
	case RCOL_FIELD:
		break;
	default:
		return true; /* shown only: state, recorder, time, kind */
	}
	switch (c->field->type) {
	case RF_INT:
		if (!count_of(trimmed(ra, v), &n)) {
			*why = "应为 0 到 10000000 之间的整数";
			return false;
		}
		j = json_integer(n);
		break;
	case RF_BOOL:
		v = trimmed(ra, v);
		if (v == NULL || (strcmp(v, "是") != 0 && strcmp(v, "否") != 0)) {
			*why = "应填“是”或“否”";
			return false;
		}
		j = json_boolean(strcmp(v, "是") == 0);
		break;
	case RF_DATE:
		j = json_string(day_text(ra, trimmed(ra, v)));
		break;
	case RF_CHOICE:
		j = json_string(trimmed(ra, v));
		break;
	case RF_TEXT:
	case RF_LONGTEXT:
		j = json_string(v);
		break;
	}
	if (j == NULL || json_object_set_new(in->detail, c->field->name, j) != 0) {
		*why = "内容无法读取（不是有效的 UTF-8 文本，或内存不足）";
		return false;
	}
	return true;
}

/* The header of the column a record_create error names, for the report. */
static const char *
label_of(const struct import *im, const char *field)
{
	static const struct {
		const char *field;
		enum record_col what;
	} common[] = {{"org_id", RCOL_ORG},	      {"date", RCOL_DATE},
		      {"title", RCOL_TITLE},	      {"campaign_id", RCOL_CAMPAIGN},
		      {"participants", RCOL_PARTICIPANTS}, {"audience", RCOL_AUDIENCE},
		      {"hours", RCOL_HOURS}};
	size_t i, k;

	for (i = 0; field != NULL && i < im->ncols; i++) {
		const struct record_column *c = &im->cols[i];
		if (c->what == RCOL_FIELD && strcmp(c->field->name, field) == 0)
			return c->label;
		for (k = 0; k < sizeof(common) / sizeof(common[0]); k++)
			if (common[k].what == c->what && strcmp(common[k].field, field) == 0)
				return c->label;
	}
	return NULL;
}

/*
 * One data row: read, resolve, create in the open transaction. A bad row
 * goes to the report and XG_OK is returned (the next rows are checked too);
 * any other status is a fault that ends the import.
 */
static enum xg_rc
import_row(struct import *im, char **fields, size_t n, size_t line, int64_t now, bool *bad,
	   struct xg_error *err)
{
	struct arena *ra = arena_new();
	struct record_input in = {.set_org = true, .set_kind = true};
	const char *code = NULL, *name = NULL, *campaign = NULL, *why = NULL;
	struct db_record out;
	struct xg_error e;
	enum xg_rc rc = XG_OK;
	size_t i;

	*bad = false;
	in.kind = record_kind_code(im->kind);
	in.detail = json_object();
	if (ra == NULL || in.detail == NULL) {
		rc = xg_fail(&e, XG_INTERNAL, "internal", NULL, "内存不足");
		goto out;
	}
	if (n != im->nat) {
		report_row(im, line, "这一行有 %zu 列，表头有 %zu 列", n, im->nat);
		*bad = true;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *v = csv_unguard(fields[i]);
		if (im->at[i] == NULL || v[0] == '\0')
			continue; /* an empty cell leaves the field unset */
		if (!read_cell(ra, im->at[i], v, &in, &code, &name, &campaign, &why)) {
			report_row(im, line, "%s：%s", im->at[i]->label, why);
			*bad = true;
		}
	}
	if (*bad)
		goto out;
	rc = find_unit(im, ra, code, name, &in.org_id, &why);
	if (rc == XG_OK && campaign != NULL && *campaign != '\0') {
		in.set_campaign = true;
		rc = find_campaign(im, ra, campaign, &in.campaign_id, &why);
	}
	if (rc == XG_INVALID) {
		report_row(im, line, "%s", why);
		*bad = true;
		rc = XG_OK;
		goto out;
	}
	if (rc != XG_OK) {
		rc = xg_fail(&e, XG_INTERNAL, "internal", NULL, "系统内部错误");
		goto out;
	}
	rc = record_create_in_tx(im->db, ra, im->actor, &in, now, &out, &e);
	if (rc == XG_INVALID || rc == XG_NOTFOUND) {
		const char *label = label_of(im, e.field);
		if (label != NULL)
			report_row(im, line, "%s：%s", label, e.message);
		else
			report_row(im, line, "%s", e.message);
		*bad = true;
		rc = XG_OK;
	}
out:
	json_decref(in.detail);
	arena_free(ra);
	if (rc != XG_OK)
		*err = e; /* a fault is the answer, not a bad row */
	return rc;
}

/* text as UTF-8: itself when it is (a BOM is the CSV reader's), else converted from GB18030. */
static enum xg_rc
decode(const char *text, size_t len, struct buf *utf8, const char **out, size_t *outlen,
       struct xg_error *err)
{
	if (str_utf8_check((struct slice){text, len}) == len) {
		*out = text;
		*outlen = len;
		return XG_OK;
	}
	if (charset_to_utf8("GB18030", text, len, utf8) != 0 ||
	    str_utf8_check((struct slice){utf8->data, utf8->len}) != utf8->len)
		return xg_fail(err, XG_INVALID, "invalid_encoding", NULL,
			       "文件既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为“CSV UTF-8”后重试");
	*out = utf8->data;
	*outlen = utf8->len;
	return XG_OK;
}

/* Every row after the header, in the open transaction. */
static enum xg_rc
import_rows(struct import *im, struct csv_reader *cr, int64_t now, size_t *count,
	    struct xg_error *err)
{
	enum xg_rc rc = XG_OK;
	size_t rows = 0;

	for (;;) {
		struct arena *fa = arena_new(); /* one row's fields */
		char **fields;
		size_t n, line, i;
		enum csv_rc c;
		bool bad = false, blank = true;

		if (fa == NULL)
			return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
		c = csv_next(cr, fa, &fields, &n, &line);
		if (c == CSV_END) {
			arena_free(fa);
			break;
		}
		if (c == CSV_BAD) {
			report_row(im, line, "%s", csv_error(cr));
			arena_free(fa);
			continue;
		}
		for (i = 0; i < n && blank; i++)
			blank = fields[i][0] == '\0';
		if (blank) { /* spreadsheets leave empty lines at the end */
			arena_free(fa);
			continue;
		}
		if (++rows > RECORD_IMPORT_ROWS_MAX) {
			arena_free(fa);
			return xg_fail(err, XG_INVALID, "too_many_rows", NULL,
				       "一个文件最多导入 %d 条台账，请分成几个文件",
				       RECORD_IMPORT_ROWS_MAX);
		}
		rc = import_row(im, fields, n, line, now, &bad, err);
		arena_free(fa);
		if (rc != XG_OK)
			return rc;
		if (!bad)
			(*count)++;
	}
	return XG_OK;
}

enum xg_rc
record_import_csv(struct db *db, struct arena *a, const struct actor *actor, enum record_kind k,
		  const char *text, size_t len, int64_t now, struct record_import_report *report,
		  size_t *count, struct xg_error *err)
{
	struct import im = {.db = db, .a = a, .actor = actor, .kind = k, .report = report};
	struct csv_reader cr;
	struct buf utf8;
	const char *t = NULL;
	char **fields;
	size_t tlen = 0, n, line, written = 0;
	enum xg_rc rc;

	*count = 0;
	memset(report, 0, sizeof(*report));
	if (k >= RECORD_KIND__MAX)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
	report->rows = arena_alloc(a, RECORD_IMPORT_ERRORS_MAX * sizeof(*report->rows));
	if (report->rows == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	im.ncols = record_table(k, im.cols);
	buf_init(&utf8);
	rc = decode(text, len, &utf8, &t, &tlen, err);
	if (rc != XG_OK)
		goto out;
	csv_init(&cr, t, tlen);
	if (csv_next(&cr, a, &fields, &n, &line) != CSV_ROW) {
		rc = xg_fail(err, XG_INVALID, "empty", NULL, "文件是空的，或第一行不是表头");
		goto out;
	}
	if (n > sizeof(im.at) / sizeof(im.at[0]) || !read_header(&im, fields, n, line)) {
		if (report->n == 0)
			report_row(&im, line, "列数过多");
		rc = xg_fail(err, XG_INVALID, "bad_header", NULL, "表头有错误，未导入任何台账");
		goto out;
	}
	db_next_tx_alone(db); /* thousands of rows: no other writer's answer waits for them */
	rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		goto out;
	rc = import_rows(&im, &cr, now, &written, err);
	if (rc == XG_OK && (report->n > 0 || report->more > 0))
		rc = xg_fail(err, XG_INVALID, "bad_rows", NULL, "导入文件有错误，未导入任何台账");
	if (rc == XG_OK && written == 0)
		rc = xg_fail(err, XG_INVALID, "empty", NULL, "文件中没有台账");
	if (rc == XG_OK) {
		char summary[96];
		snprintf(summary, sizeof(summary), "导入 %zu 条%s台账", written,
			 record_kind_label(k));
		rc = audit_record(db, actor, actor->org_path, "record.import", "record", 0, summary,
				  NULL, NULL, now, err);
	}
	rc = xg_tx_end(db, rc, err);
	if (rc == XG_OK)
		*count = written;
out:
	buf_free(&utf8);
	return rc;
}
