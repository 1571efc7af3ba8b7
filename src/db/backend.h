/* db_backend: the contract between the generic storage layer (db/db.c) and one SQL backend. */
#ifndef XG_DB_BACKEND_H
#define XG_DB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

enum db_param_type { DBP_NULL = 0, DBP_INT, DBP_TEXT, DBP_BLOB };

/* How a checkpoint waits (SQLite's modes of the same names): PASSIVE copies what it can without
 * waiting for anyone; RESTART also waits for readers so the next writer starts the WAL over;
 * TRUNCATE does that and empties the WAL file. */
enum db_ckpt { DB_CKPT_PASSIVE = 0, DB_CKPT_RESTART, DB_CKPT_TRUNCATE, DB_CKPT__MAX };

/* One bound parameter; text is NUL-terminated, a blob is n bytes at s; both borrowed for the
 * call. */
struct db_param {
	enum db_param_type type;
	int64_t i;
	const char *s;
	size_t n; /* DBP_BLOB only */
};

/*
 * A materialised result: nrows x ncols values in row-major order, each a
 * NUL-terminated text (integers in decimal) or NULL for SQL NULL. All memory
 * belongs to the arena passed to the query. changes counts rows touched by
 * a write.
 */
struct db_result {
	size_t nrows;
	size_t ncols;
	const char **v;
	int64_t changes;
	int64_t last_id; /* SQLite: the connection's last inserted rowid after the statement */
};

/*
 * A backend. Statements are addressed by their index in the statement
 * table (db/sql.h) so each backend may prepare a statement once per
 * connection and reuse it. All functions return DB_OK or an error and, on
 * error, leave a message (never shown to users) in the connection.
 */
struct db_ops {
	const char *name;
	/* readonly: the connection never writes (no journal switch, read-only transactions). */
	enum db_rc (*connect)(const char *url, bool readonly, void **conn, char *err,
			      size_t errlen);
	void (*disconnect)(void *conn);
	/* Run a script of statements without parameters (schema migrations only). */
	enum db_rc (*exec_script)(void *conn, const char *sql);
	enum db_rc (*query)(void *conn, int id, const char *sql, const struct db_param *params,
			    size_t nparams, struct arena *a, struct db_result *res);
	/*
	 * Run a statement and hand each row to row() as it is read, so that no
	 * result is ever held whole: v[0..ncols-1] are texts (NULL for SQL NULL)
	 * valid only during the call. row returns 0 to go on; anything else stops
	 * the walk (the rest is read and dropped) and is not an error.
	 */
	enum db_rc (*each)(void *conn, int id, const char *sql, const struct db_param *params,
			   size_t nparams, db_row_fn row, void *cls);
	const char *(*last_error)(void *conn);
	/*
	 * SQLite only (NULL for the others). wal_manual: COMMIT no longer
	 * checkpoints on this connection; the process's checkpointer does.
	 * checkpoint: copy the WAL into the database as mode says; *frames is
	 * the WAL's length in pages afterwards, *copied how many of them are in
	 * the database. DB_BUSY when another checkpoint runs or, for RESTART and
	 * TRUNCATE, when readers or writers were still there after 200 ms.
	 */
	void (*wal_manual)(void *conn);
	/* SQLite only: whether a transaction is open (SQLite may have rolled one back itself after
	 * SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM). */
	bool (*in_tx)(void *conn);
	enum db_rc (*checkpoint)(void *conn, enum db_ckpt mode, int *frames, int *copied);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

#endif
