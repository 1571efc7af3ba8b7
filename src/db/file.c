/* db/file: evidence files of work records — their rows, and their bytes in chunks. */
#include "db/db.h"

#include <stdlib.h>
#include <string.h>

#include "db/store.h"

static void
fill_file(const struct db_result *r, size_t i, void *dst)
{
	struct db_file *out = dst;

	memset(out, 0, sizeof(*out));
	read_file(r, i, 0, out);
}

enum db_rc
db_file_insert(struct db *db, const struct db_file *f, int64_t *id)
{
	struct db_param p[] = {
	    P_INT(f->record_id),	 P_TEXT(f->name),
	    P_TEXT(f->media_type),	 P_INT(f->size),
	    P_TEXT(f->sha256),		 f->uploaded_by != 0 ? P_INT(f->uploaded_by) : P_TEXT(NULL),
	    P_TEXT(f->uploaded_by_name), P_INT(f->uploaded_at)};
	return db_run_int(db, SQL_FILE_INSERT, p, NPARAMS(p), id);
}

enum db_rc
db_file_chunk_insert(struct db *db, int64_t file_id, int64_t seq, const void *data, size_t n)
{
	if (n == 0 || n > DB_FILE_CHUNK_MAX)
		return DB_ERR;
	struct db_param p[] = {P_INT(file_id), P_INT(seq), P_BLOB(data, n)};
	return db_run(db, SQL_FILE_CHUNK_INSERT, p, NPARAMS(p), NULL, NULL);
}

enum db_rc
db_file_get(struct db *db, struct arena *a, const char *scope, int64_t id, struct db_file *out)
{
	struct tree_range sr;

	if (db_scope_range(db, scope, &sr) != DB_OK)
		return DB_ERR;
	struct db_param p[] = {P_TEXT(sr.lo), P_TEXT(sr.hi), P_INT(id)};
	return db_run_first(db, SQL_FILE_GET, p, NPARAMS(p), a, sizeof(*out), fill_file, out);
}

enum db_rc
db_file_list(struct db *db, struct arena *a, int64_t record_id, struct db_file **out, size_t *n)
{
	struct db_param p[] = {P_INT(record_id)};
	void *rows = NULL;
	enum db_rc rc =
	    db_run_rows(db, SQL_FILE_LIST, p, NPARAMS(p), a, sizeof(**out), fill_file, &rows, n);

	*out = rows;
	return rc;
}

enum db_rc
db_file_delete(struct db *db, int64_t id, int64_t by, const char *reason, int64_t now)
{
	struct db_param p[] = {P_INT(id), by != 0 ? P_INT(by) : P_TEXT(NULL), P_INT(now),
			       P_TEXT(reason)};
	struct db_result r;
	enum db_rc rc = db_run(db, SQL_FILE_DELETE, p, NPARAMS(p), NULL, &r);

	if (rc == DB_OK && r.changes == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Chunks arrive as hex text (results are texts on both backends) and leave as bytes. */
struct chunk_walk {
	int (*chunk)(void *cls, const void *data, size_t n);
	void *cls;
	unsigned char *buf; /* DB_FILE_CHUNK_MAX bytes */
	bool failed;
};

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
chunk_row(void *cls, const char *const *v, size_t ncols)
{
	struct chunk_walk *w = cls;
	size_t len, i;

	if (ncols < 1 || v[0] == NULL || (len = strlen(v[0])) % 2 != 0 ||
	    len / 2 > DB_FILE_CHUNK_MAX) {
		w->failed = true;
		return 1;
	}
	for (i = 0; i < len / 2; i++) {
		int hi = hex_digit(v[0][2 * i]), lo = hex_digit(v[0][2 * i + 1]);
		if (hi < 0 || lo < 0) {
			w->failed = true;
			return 1;
		}
		w->buf[i] = (unsigned char)(hi << 4 | lo);
	}
	if (w->chunk(w->cls, w->buf, len / 2) != 0) {
		w->failed = true;
		return 1;
	}
	return 0;
}

enum db_rc
db_file_chunks_each(struct db *db, int64_t file_id,
		    int (*chunk)(void *cls, const void *data, size_t n), void *cls)
{
	struct chunk_walk w = {.chunk = chunk, .cls = cls};
	struct db_param p[] = {P_INT(file_id)};
	enum db_rc rc;

	w.buf = malloc(DB_FILE_CHUNK_MAX);
	if (w.buf == NULL)
		return DB_ERR;
	db->err[0] = '\0';
	rc = db->ops->each(db->conn, (int)SQL_FILE_CHUNKS, db_sql_text(SQL_FILE_CHUNKS, db->is_pg),
			   p, NPARAMS(p), chunk_row, &w);
	free(w.buf);
	if (rc == DB_OK && w.failed)
		rc = DB_ERR;
	return rc;
}
