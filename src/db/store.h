/* db/store: what the storage files share and nothing outside db/ may see — the connection, the
 * statement runners and the row readers generated from db/rows.h. */
#ifndef XG_DB_STORE_H
#define XG_DB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/tree.h"
#include "db/backend.h"
#include "db/db.h"
#include "db/rows.h"
#include "db/sql.h"

struct db {
	const struct db_ops *ops;
	void *conn;
	int is_pg;
	struct db_gate *gate; /* SQLite: writers of this process take turns here */
	bool in_gate;
	/* Group commit (db/conn.c): while batched, conn is the gate's write connection and own_conn
	 * this connection's; batch_lost: db_commit failed and already undid this writer's part, so
	 * the caller's db_rollback has nothing left to do. */
	void *own_conn;
	bool batched;
	bool batch_lost;
	/* db_next_tx_alone: the next transaction joins no batch (next_alone); this one does not
	 * (alone). */
	bool next_alone;
	bool alone;
	/* db_commit_later: the ticket the next batched commit hands its wait to (later), and the one
	 * whose batch has not been waited for yet (unsettled). */
	struct db_ticket *later;
	struct db_ticket *unsettled;
	char err[256];
	/* ROLLBACK's arena, made at open: a rollback must not need memory, or one failed
	 * allocation would leave the connection inside its transaction for good. It stays
	 * empty: ROLLBACK returns no rows. */
	struct arena *spare;
	/* Answers kept while the data is unchanged (db/memo.c), or NULL, and how db_close frees
	 * them: the memo leaves its own destructor, so the connection needs no part of db/memo.c. */
	struct db_memo *memo;
	void (*memo_free)(struct db_memo *m);
};
#define P_INT(x) ((struct db_param){.type = DBP_INT, .i = (x)})
#define P_TEXT(x) ((struct db_param){.type = (x) != NULL ? DBP_TEXT : DBP_NULL, .s = (x)})
#define P_BLOB(p, len) ((struct db_param){.type = DBP_BLOB, .s = (const char *)(p), .n = (len)})
#define NPARAMS(p) (sizeof(p) / sizeof((p)[0]))

/* Who checkpoints the gate's database (db/checkpoint.c, db_gate_checkpoints): the gate calls
 * committed(arg) after every COMMIT of its writers and stop(arg) when it is freed, and from then on
 * the connections given the gate (and its write connection) leave checkpoints to it. The gate knows
 * its checkpointer only by these two calls, so db/conn.c needs no part of db/checkpoint.c. */
void db_gate_watch(struct db_gate *g, void (*committed)(void *arg), void (*stop)(void *arg),
		   void *arg);
/* Group commit's figures since the gate was made: batches committed (or failed), the writers
 * they carried, the batches that failed; and how many writers queue at the gate now. */
struct db_gate_stats {
	uint64_t batches;
	uint64_t writers;
	uint64_t failed;
	int queued; /* writers waiting at the gate now */
};
void db_gate_stats(struct db_gate *g, struct db_gate_stats *out);
/* How big and how old a batch may grow before the writer leaving the gate commits it (64 writers,
 * 10 ms by default); also how long a writer waits for its batch before committing it itself. */
void db_gate_tune(struct db_gate *g, int max_writers, int max_age_ms);
/* Take and leave db's gate outside a transaction (the checkpointer's waiting checkpoints):
 * DB_BUSY after 10 s; DB_OK at once when db has no gate. */
enum db_rc db_gate_hold(struct db *db);
void db_gate_release(struct db *db);

/* Run statement id; a NULL arena means no rows are wanted (a write). */
enum db_rc db_run(struct db *db, enum db_sql id, const struct db_param *p, size_t n,
		  struct arena *a, struct db_result *res);
/* Column col of row row, NULL for SQL NULL; db_ival reads it as an integer (0 when not one). */
const char *db_val(const struct db_result *r, size_t row, size_t col);
int64_t db_ival(const struct db_result *r, size_t row, size_t col);
/* Run a statement that reads one row: DB_NOTFOUND when there is none. */
enum db_rc db_run_one(struct db *db, enum db_sql id, const struct db_param *p, size_t n,
		      struct arena *a, struct db_result *res);
/* Fill the element at dst from row i of r. */
typedef void (*db_row_fill)(const struct db_result *r, size_t i, void *dst);
/* Run a statement and turn its rows into an arena array of elements of size bytes (one spare
 * zeroed element at the end, so *out is never NULL). */
enum db_rc db_run_rows(struct db *db, enum db_sql id, const struct db_param *p, size_t np,
		       struct arena *a, size_t size, db_row_fill fill, void **out, size_t *n);
/* Run a statement that reads at most one row into *out (size bytes, filled by fill): DB_NOTFOUND
 * when there is none. */
enum db_rc db_run_first(struct db *db, enum db_sql id, const struct db_param *p, size_t np,
			struct arena *a, size_t size, db_row_fill fill, void *out);
/* A page of a list and the list's length: count_id with the first ncount parameters of p, then
 * list_id with all np of them (its rows as db_run_rows makes them; *out NULL on failure). */
enum db_rc db_run_page(struct db *db, enum db_sql count_id, size_t ncount, enum db_sql list_id,
		       const struct db_param *p, size_t np, struct arena *a, size_t size,
		       db_row_fill fill, void **out, size_t *n, int64_t *total);
/* Run a statement whose answer is one integer (a count, an INSERT's RETURNING id); 0: no row. */
enum db_rc db_run_int(struct db *db, enum db_sql id, const struct db_param *p, size_t n,
		      int64_t *out);
/* The range of scope's subtree; a malformed scope is an error, never a wider range. */
enum db_rc db_scope_range(struct db *db, const char *scope, struct tree_range *r);
/* A LIKE pattern matching q anywhere, with LIKE's own wildcards in q escaped. */
char *db_like_pattern(struct arena *a, const char *q);

/* The readers of db/rows.h: each fills a struct from row i's columns from c on and returns the
 * column after them, so joined rows read one after the other. */
#define READ_INT(r, i, c) db_ival(r, i, c)
#define READ_BOOL(r, i, c) (db_ival(r, i, c) != 0)
#define READ_TEXT(r, i, c) db_val(r, i, c)
#define DB_COLUMN_READ(kind, member, sql) out->member = READ_##kind(r, i, c++);
#define DB_READER(name, type, columns)                                                             \
	static inline size_t name(const struct db_result *r, size_t i, size_t c, type *out)        \
	{                                                                                          \
		columns(DB_COLUMN_READ) return c;                                                  \
	}

DB_READER(read_kind, struct db_kind, DB_KIND_COLUMNS)
DB_READER(read_org, struct db_org, DB_ORG_COLUMNS)
DB_READER(read_user, struct db_user, DB_USER_COLUMNS)
DB_READER(read_session, struct db_session, DB_SESSION_COLUMNS)
DB_READER(read_audit, struct db_audit, DB_AUDIT_COLUMNS)
DB_READER(read_campaign, struct db_campaign, DB_CAMPAIGN_COLUMNS)
DB_READER(read_record, struct db_record, DB_RECORD_COLUMNS)
DB_READER(read_rollup, struct db_rollup, DB_ROLLUP_COLUMNS)
DB_READER(read_file, struct db_file, DB_FILE_COLUMNS)
DB_READER(read_task, struct db_task, DB_TASK_COLUMNS)
DB_READER(read_task_unit, struct db_task_unit, DB_TASK_UNIT_COLUMNS)
DB_READER(read_task_progress, struct db_task_progress, DB_TASK_PROGRESS_COLUMNS)
DB_READER(read_directive, struct db_directive, DB_DIRECTIVE_COLUMNS)
DB_READER(read_directive_section, struct db_directive_section, DB_DIRECTIVE_SECTION_COLUMNS)
DB_READER(read_directive_change, struct db_directive_change, DB_DIRECTIVE_CHANGE_COLUMNS)
DB_READER(read_directive_addressee, struct db_directive_addressee, DB_DIRECTIVE_ADDRESSEE_COLUMNS)
DB_READER(read_coverage, struct db_coverage, DB_COVERAGE_COLUMNS)
DB_READER(read_task_cell, struct db_task_cell, DB_TASK_CELL_COLUMNS)
DB_READER(read_task_adjustment, struct db_task_adjustment, DB_TASK_ADJUSTMENT_COLUMNS)
DB_READER(read_notice, struct db_notice, DB_NOTICE_COLUMNS)
DB_READER(read_notice_read, struct db_notice_read, DB_NOTICE_READ_COLUMNS)
DB_READER(read_reminder, struct db_reminder, DB_REMINDER_COLUMNS)
DB_READER(read_due, struct db_due, DB_DUE_COLUMNS)
DB_READER(read_lecturer, struct db_lecturer, DB_LECTURER_COLUMNS)
DB_READER(read_lecture_order, struct db_lecture_order, DB_LECTURE_ORDER_COLUMNS)
DB_READER(read_inspection, struct db_inspection, DB_INSPECTION_COLUMNS)
DB_READER(read_inspection_unit, struct db_inspection_unit, DB_INSPECTION_UNIT_COLUMNS)
DB_READER(read_rectification, struct db_rectification, DB_RECTIFICATION_COLUMNS)
DB_READER(read_plan_node, struct db_plan_node, DB_PLAN_NODE_COLUMNS)

#endif
