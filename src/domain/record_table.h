/* record_table: the columns of a ledger as people see it in a spreadsheet — one table per kind,
 * shared by the exports (CSV, Excel) and the import, so an exported file imports again. */
#ifndef XG_RECORD_TABLE_H
#define XG_RECORD_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "domain/record.h"

/* What a column shows. */
enum record_col {
	RCOL_ORG,	   /* 单位: the unit's name */
	RCOL_ORG_CODE,	   /* 单位编码 */
	RCOL_DATE,	   /* 日期 */
	RCOL_TITLE,	   /* 标题 */
	RCOL_CAMPAIGN,	   /* 专项工作: the campaign's name */
	RCOL_KIND,	   /* 类型: only in the table of every kind */
	RCOL_PARTICIPANTS, /* 人数 */
	RCOL_AUDIENCE,	   /* 受众人次 */
	RCOL_HOURS,	   /* 学时 */
	RCOL_FIELD,	   /* one of the kind's own fields (field) */
	RCOL_STATE,	   /* 状态: publicity's review */
	RCOL_RECORDED_BY,  /* 填报人 */
	RCOL_RECORDED_AT,  /* 填报时间 */
	RCOL__MAX
};

struct record_column {
	enum record_col what;
	const char *label;		  /* the header, Chinese */
	const struct record_field *field; /* RCOL_FIELD only */
	bool number;			  /* a count: a number in a spreadsheet */
	bool imported;			  /* an import reads it (else it is shown only) */
	unsigned width;			  /* spreadsheet column width, in characters */
};

/* More than any kind has: the common columns and the most fields of one kind. */
#define RECORD_TABLE_MAX 32

/*
 * The columns of kind k into out (RECORD_TABLE_MAX of room), in the order an
 * export writes them; RECORD_KIND__MAX gives the table of every kind (the
 * common columns and 类型, no kind's own fields). Returns how many.
 */
size_t record_table(enum record_kind k, struct record_column *out);

/* The column of cols headed label, or NULL. */
const struct record_column *record_table_find(const struct record_column *cols, size_t n,
					      const char *label);

/* The Chinese name of a record's state ("approved" → "已通过"); the state itself when unknown. */
const char *record_state_label(const char *state);

#define RECORD_CELL_CAP 32 /* room for a cell formatted into the caller's buffer */

/*
 * The text of column c for row e (detail: e's fields, parsed; may be NULL),
 * or NULL when the cell is empty: choices as their Chinese text, booleans
 * 是/否, times YYYY-MM-DD HH:MM in China time. Numbers and times are formatted
 * into tmp (RECORD_CELL_CAP bytes); other texts point into e or are static.
 */
const char *record_table_cell(const struct record_column *c, const struct db_record_row *e,
			      json_t *detail, char *tmp);

#endif
