/* record_import: work records of one kind from a CSV file people fill in a spreadsheet — all rows
 * or none, every bad row reported with its line. */
#ifndef XG_RECORD_IMPORT_H
#define XG_RECORD_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/record.h"

#define RECORD_IMPORT_ROWS_MAX 50000 /* records in one file */
#define RECORD_IMPORT_ERRORS_MAX 500 /* bad rows reported one by one; the rest are counted */

/* One bad row: its line in the file (1 is the header) and a Chinese message. */
struct record_import_error {
	size_t line;
	const char *message;
};

struct record_import_report {
	struct record_import_error *rows; /* in the caller's arena */
	size_t n;
	size_t more; /* bad rows past RECORD_IMPORT_ERRORS_MAX, not listed */
};

/*
 * Import the records of kind k in the CSV text (len bytes: UTF-8 with or
 * without a byte order mark, or GB18030/GBK as Excel saves it on a Chinese
 * Windows). The header row names the columns by their Chinese headers
 * (domain/record_table.h: an export of the same kind reads back), in any
 * order; an unknown header is an error. A unit is found by 单位编码, else by
 * its exact name (单位), within the actor's subtree; a campaign by its name.
 * Each row is checked as record_create checks it. All rows are written, with
 * their roll-ups, audit entries and one entry for the import, in one
 * transaction, or none: on any bad row the answer is XG_INVALID ("bad_rows")
 * with every bad row in *report. *count gets the records written.
 * report->rows come from a.
 */
enum xg_rc record_import_csv(struct db *db, struct arena *a, const struct actor *actor,
			     enum record_kind k, const char *text, size_t len, int64_t now,
			     struct record_import_report *report, size_t *count,
			     struct xg_error *err);

/* The report as text, one "第 N 行：…" line per bad row, appended to out. */
void record_import_report_text(const struct record_import_report *report, struct buf *out);

#endif
