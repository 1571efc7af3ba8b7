/*
 * fuzz_csv: libFuzzer target over the CSV reader (base/csv). Every call makes progress, lines
 * only grow, a record has 1..64 fields, and a file read without error, written again with every
 * field quoted, reads back to the same records.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ROWS 4096

struct rows {
	char **field[MAX_ROWS];
	size_t nfield[MAX_ROWS];
	size_t n;
	int bad;
};

/* Read all of text; abort on a broken promise of base/csv.h. */
static void
read_all(struct arena *a, const char *text, size_t len, struct rows *out)
{
	struct csv_reader r;
	size_t last_line = 0, last_at, line, nf;
	char **f;
	enum csv_rc rc;

	memset(out, 0, sizeof(*out));
	csv_init(&r, text, len);
	for (;;) {
		last_at = r.at;
		rc = csv_next(&r, a, &f, &nf, &line);
		if (line < last_line || line < 1)
			abort();
		last_line = line;
		if (rc == CSV_END) {
			if (r.at < len)
				abort();
			return;
		}
		if (r.at <= last_at || r.at > len || r.line <= line)
			abort();
		if (rc == CSV_BAD) {
			struct slice m = str_slice(csv_error(&r));
			if (m.n == 0 || str_utf8_check(m) != m.n)
				abort();
			out->bad = 1;
			continue;
		}
		if (rc != CSV_ROW || nf == 0 || nf > 64)
			abort();
		if (out->n < MAX_ROWS) {
			out->field[out->n] = f;
			out->nfield[out->n] = nf;
			out->n++;
		}
	}
}

static void
write_all(const struct rows *rows, struct buf *b)
{
	size_t i, j;
	const char *s;

	for (i = 0; i < rows->n; i++) {
		for (j = 0; j < rows->nfield[i]; j++) {
			if (j > 0)
				buf_putc(b, ',');
			buf_putc(b, '"');
			for (s = rows->field[i][j]; *s != '\0'; s++) {
				if (*s == '"')
					buf_putc(b, '"');
				buf_putc(b, *s);
			}
			buf_putc(b, '"');
		}
		buf_puts(b, "\r\n");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rows first, second;
	struct arena *a = arena_new();
	struct buf b;
	size_t i, j;

	if (a == NULL)
		abort();
	read_all(a, (const char *)data, size, &first);
	/* A field holding a NUL byte reads as a shorter C string: compare what callers see. */
	if (!first.bad && first.n < MAX_ROWS) {
		buf_init(&b);
		write_all(&first, &b);
		if (b.err)
			abort();
		read_all(a, b.data != NULL ? b.data : "", b.len, &second);
		if (second.bad || second.n != first.n)
			abort();
		for (i = 0; i < first.n; i++) {
			if (second.nfield[i] != first.nfield[i])
				abort();
			for (j = 0; j < first.nfield[i]; j++)
				if (strcmp(first.field[i][j], second.field[i][j]) != 0)
					abort();
		}
		buf_free(&b);
	}
	arena_free(a);
	return 0;
}
