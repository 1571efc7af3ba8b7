/* csv: a reader and a writer for RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF,
 * optional BOM). */
#ifndef XG_CSV_H
#define XG_CSV_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

enum csv_rc { CSV_ROW = 0, CSV_END, CSV_BAD };

struct csv_reader {
	const char *p;
	size_t n;
	size_t at;
	size_t line; /* line where the next record starts (1-based) */
	const char *error;
};

void csv_init(struct csv_reader *r, const char *text, size_t len);
/*
 * Read the next record into *fields (NUL-terminated copies in a) and its
 * field count; *line gets the line the record starts on. Returns CSV_END
 * after the last record, CSV_BAD on a malformed record (see csv_error).
 */
enum csv_rc csv_next(struct csv_reader *r, struct arena *a, char ***fields, size_t *nfields,
		     size_t *line);
/* A Chinese description of the last CSV_BAD. */
const char *csv_error(const struct csv_reader *r);

/* The byte order mark that makes Excel read a CSV file as UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"

/*
 * Append one field to b: a comma before it unless first, quoted when it
 * holds a comma, quote or line break, and NULL as an empty field. A text
 * that a spreadsheet would run as a formula (starting with = + - @, tab or
 * CR) gets a leading apostrophe, so an exported ledger cannot carry one.
 */
void csv_put(struct buf *b, const char *s, int first);
/* End a record (CRLF, as RFC 4180 writes it). */
void csv_end_row(struct buf *b);

/* Would a spreadsheet start a formula with s (= + - @, tab or CR first)? */
int csv_formula_like(const char *s);
/*
 * A field as read back from a file csv_put wrote: the apostrophe csv_put
 * put before a formula-like text is dropped (pointer into s); any other
 * text is s itself. NULL stays NULL.
 */
const char *csv_unguard(const char *s);

#endif
