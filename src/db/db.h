/*
 * db: the storage layer. One interface, two backends (SQLite file or
 * postgresql:// URL). Callers use typed functions; no SQL leaves this layer.
 * A struct db is one connection: use it from one thread at a time (the
 * server keeps one per worker). Values returned through struct arena *a
 * belong to that arena.
 *
 * Scope: functions taking `scope` (a unit's path, e.g. "/1/5/") see only
 * that subtree; rows outside it answer DB_NOTFOUND exactly like missing
 * ones. A NULL scope means the whole tree (command line, system tasks).
 */
#ifndef XG_DB_H
#define XG_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum db_rc {
	DB_OK = 0,
	DB_NOTFOUND,
	DB_CONFLICT, /* a uniqueness or other constraint refused the write */
	DB_BUSY,     /* lock or serialisation failure: the caller may retry */
	DB_TOONEW,   /* the database schema is newer than this binary */
	DB_ERR,
};

struct db;

struct db_org {
	int64_t id;
	int64_t parent_id; /* 0 for a root */
	const char *code;
	const char *name;
	const char *kind;
	const char *path;
	int64_t depth;
	int64_t members;
	int closed;
	int64_t created_at;
	int64_t updated_at;
	int64_t children; /* number of direct children, open or closed */
};

struct db_kind {
	int64_t id;
	const char *name;
};

struct db_user {
	int64_t id;
	int64_t org_id;
	const char *username;
	const char *display_name;
	const char *role;
	const char *pw_hash;
	int disabled;
	int64_t created_at;
	int64_t updated_at;
	int64_t pw_changed_at;
	const char *org_path;
	const char *org_name;
	const char *org_code;
};

struct db_session {
	int64_t id;
	int64_t user_id;
	const char *kind; /* "cookie" or "api" */
	const char *csrf;
	int64_t created_at;
	int64_t last_seen;
	int64_t expires_at;
	const char *label;
};

struct db_throttle {
	const char *key;
	int64_t failures; /* attempts counted in the window (before their password is checked) */
	int64_t window_start;
	int64_t locked_until;
	int64_t
	    blocked; /* attempts refused since the block began, not yet written to the audit log */
};

struct db_campaign {
	int64_t id;
	int64_t org_id; /* the running unit */
	const char *name;
	const char *start_date; /* YYYY-MM-DD */
	const char *end_date;
	const char *description; /* NULL when none */
	int64_t created_at;
	int64_t updated_at;
	const char *org_path;
	const char *org_name;
	int64_t warn_days; /* its tasks' lights turn yellow this many days before they are due */
	const char *light_rule; /* how a parent task's light comes from its plan: worst share */
	int64_t light_share;	/* share: the percent of green that makes a parent green */
};

/* A work record (台账). detail is the JSON text of the kind's own fields. */
struct db_record {
	int64_t id;
	int64_t org_id;
	const char *kind; /* study training publicity lecture implementation */
	const char *day;  /* YYYY-MM-DD */
	const char *title;
	int64_t campaign_id; /* 0: none */
	int64_t participants;
	int64_t audience;
	int64_t hours;
	const char *detail;
	const char *state; /* recorded; publicity: draft submitted approved returned */
	const char *review_reason;
	int64_t reviewed_by;
	int64_t reviewed_at;
	int64_t author_org_id; /* the recorder's unit (0: the system) */
	int64_t recorded_by;   /* 0: the system */
	const char *recorded_by_name;
	int64_t recorded_at;
	int64_t updated_at;
	int deleted;
	const char *deleted_reason;
	const char *org_path;
	const char *org_name;
	const char *author_path; /* NULL for the system */
	int64_t task_id;	 /* the task it carries out (0: none), its title and paragraph */
	const char *task_title;
	const char *task_paragraph;
	/* Written by db_record_update only, never read back. */
	int64_t deleted_by;
	int64_t deleted_at;
};

/* The orders a record list may take; each is one fixed statement (db/sql.c). */
enum db_record_sort {
	DB_RECORD_SORT_DAY_DESC = 0, /* the default: newest first, then the newest id */
	DB_RECORD_SORT_DAY_ASC,
	DB_RECORD_SORT_ORG_ASC, /* by the unit's name */
	DB_RECORD_SORT_ORG_DESC,
	DB_RECORD_SORT_TITLE_ASC,
	DB_RECORD_SORT_TITLE_DESC,
	DB_RECORD_SORT_PARTICIPANTS_ASC,
	DB_RECORD_SORT_PARTICIPANTS_DESC,
	DB_RECORD_SORT_AUDIENCE_ASC,
	DB_RECORD_SORT_AUDIENCE_DESC,
	DB_RECORD_SORT_HOURS_ASC,
	DB_RECORD_SORT_HOURS_DESC,
	DB_RECORD_SORT__MAX
};

struct db_record_filter {
	const char *scope;   /* the range of units: a path (the subtree), or NULL for all */
	int64_t org_id;	     /* only this unit (0: every unit of scope) */
	const char *kind;    /* NULL: any */
	int64_t campaign_id; /* 0: any */
	const char *from;    /* YYYY-MM-DD inclusive, or NULL */
	const char *to;	     /* YYYY-MM-DD inclusive, or NULL */
	const char *q;	     /* in the title, or NULL */
	const char *state;   /* NULL: any */
	int64_t limit;
	int64_t offset;
	enum db_record_sort sort; /* zero: the default order */
};

/* The figures over a list's filter (db_record_totals). */
struct db_record_totals {
	int64_t records;      /* every row the filter selects */
	int64_t counted;      /* of them, those that count (publicity only once approved) */
	int64_t participants; /* the sums over the counted ones */
	int64_t audience;
	int64_t hours;
};

/* The lights of the sub-task assignments of a plan (or a sum of plans), counted when read. */
struct db_task_lights {
	int64_t task_id; /* the task it is a plan under (set by plan_tree_fold) */
	int64_t org_id;	 /* the planning unit */
	int64_t total;	/* assignments that apply (not 不适用) */
	int64_t done;
	int64_t red;	/* not done, past their due date */
	int64_t yellow; /* not done, due within the warning days */
	/* The rule its task's campaign sets (plan_tree_fold; NULL: worst), and the share. */
	const char *light_rule;
	int64_t light_share;
};

/*
 * One assignment of a plan tree (db_task_plan_tree): task task_id, a step at
 * depth (1: a sub-task of root_id) of unit org_id's plan under parent_id,
 * assigned to unit_id, due on due_date (its own when moved), with its
 * campaign's warning days and light rule. light is set by domain/light.h's
 * plan_tree_fold (enum task_light), not read.
 */
struct db_plan_node {
	int64_t task_id;
	int64_t parent_id;
	int64_t root_id;
	int64_t org_id;	 /* the planning unit (the sub-task's assigner) */
	int64_t unit_id; /* the unit assigned */
	int64_t depth;
	int64_t done; /* 1 when the unit marked it done */
	const char *due_date;
	int64_t warn_days;
	const char *light_rule;
	int64_t light_share;
	int64_t light;
};

/* A task (任务), with the counts of the assignments the reader sees. */
struct db_task {
	int64_t id;
	int64_t assigner_org_id;
	int64_t campaign_id; /* 0: none */
	int64_t parent_id;   /* 0: a task of its own, not a step of another's plan */
	const char *title;
	const char *paragraph;	  /* the directive's words it comes from, or NULL */
	const char *section_path; /* the directive's section ("二/3"), or NULL */
	const char *start_date;	  /* YYYY-MM-DD or NULL */
	const char *due_date;
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
	const char *assigner_path;
	const char *assigner_name;
	int64_t warn_days; /* the campaign's: yellow this many days before the due date */
	int64_t units, signed_units, done_units; /* assignments that apply (not 不适用) */
	const char *milestone;			 /* a step of a plan: what marks it reached */
	const char *light_rule;			 /* the campaign's (worst when none) */
	int64_t light_share;
	/* Filled by plan_fill_task(s) (domain/plan.h), not read: zero without a plan. */
	struct db_task_lights plan;
};

/* One unit's assignment of a task. */
struct db_task_unit {
	int64_t task_id;
	int64_t org_id;
	const char *org_code;
	const char *org_name;
	const char *org_path;
	const char *role;  /* lead co member */
	const char *state; /* assigned signed done */
	int64_t percent;
	int64_t signed_at; /* 0: not yet */
	int64_t done_at;
	int64_t updated_at;
	const char *due_date; /* its own when an adjustment moved it, else the task's */
	int64_t warn_days;
	int64_t na_at; /* 0, or when it was found not concerned (不适用) */
	const char *light_rule;
	int64_t light_share;
	/* The unit's plan under this task: filled by the caller, not read with the row. */
	struct db_task_lights plan;
};

/* A request to adjust an assignment (wording, due_date, not_applicable) and its answer. */
struct db_task_adjustment {
	int64_t id;
	int64_t task_id;
	int64_t org_id;
	const char *org_name;
	const char *org_path;
	const char *kind;
	const char *value;     /* the proposed title or date; NULL for not_applicable */
	const char *old_value; /* what it was when asked */
	const char *reason;
	const char *state; /* pending accepted refused */
	const char *answer;
	int64_t asked_by;
	const char *asked_by_name;
	int64_t asked_at;
	int64_t answered_by;
	const char *answered_by_name;
	int64_t answered_at; /* 0: not yet */
};

/* A progress report on one assignment. */
struct db_task_progress {
	int64_t id;
	int64_t task_id;
	int64_t org_id;
	int64_t percent;
	const char *text;
	int64_t by_user;
	const char *by_name;
	int64_t at;
	const char *milestone; /* the milestone reached, or NULL */
	const char *problems;  /* problems met, or NULL */
	const char *help_needed; /* help asked of the units above, or NULL */
};

/* Roll-up counters of one (unit, campaign or 0, kind, month), summed over their slots. */
struct db_rollup {
	int64_t org_id;
	int64_t campaign_id;
	const char *kind;
	const char *month; /* YYYY-MM */
	int64_t records;
	int64_t participants;
	int64_t audience;
	int64_t hours;
};

/* A row of a statement read one at a time (db_ops.each): ncols texts, NULL for SQL NULL. */
typedef int (*db_row_fn)(void *cls, const char *const *v, size_t ncols);

struct db_audit {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0 when anonymous */
	const char *actor_name;
	const char *org_path;
	const char *client;
	const char *action;
	const char *object_type;
	const char *object_id;
	const char *summary;
	const char *before; /* JSON text or NULL */
	const char *after;  /* JSON text or NULL */
};

struct db_audit_filter {
	const char *scope; /* org path or NULL for all */
	const char *actor;
	const char *action;
	const char *object_type;
	const char *object_id;
	int64_t from;	   /* inclusive, Unix seconds */
	int64_t to;	   /* exclusive */
	int64_t before_id; /* keyset paging: only entries with a smaller id (0: none) */
	int64_t limit;
	int64_t offset;
};

/* Connections */

/*
 * A gate that the SQLite connections of one process share, so that their
 * writers queue in the process instead of polling the file lock (db/db.c says
 * why). db_set_gate gives it to a connection; PostgreSQL connections ignore
 * it. The gate must outlive its connections.
 */
struct db_gate;
struct db_gate *db_gate_new(void);
void db_gate_free(struct db_gate *g);
void db_set_gate(struct db *db, struct db_gate *g);
/*
 * Checkpoints off the writers' path (db/checkpoint.c): a thread with its own
 * connection to url copies the WAL into the database while writers go on,
 * so no COMMIT pays for a checkpoint. Connections given the gate afterwards
 * no longer checkpoint at COMMIT. Nothing for a PostgreSQL url. Call before
 * db_set_gate; db_gate_free stops the thread. DB_ERR with a reason in err
 * when the connection or the thread cannot be had.
 */
enum db_rc db_gate_checkpoints(struct db_gate *g, const char *url, char *err, size_t errlen);
/*
 * Group commit (db/conn.c): the gate opens one write connection to url, and the
 * transactions of connections given the gate afterwards run on it, each
 * inside a savepoint of a batch that one COMMIT (one fsync) ends for all its
 * writers; db_commit returns once that COMMIT has, with its result, and a
 * failed batch fails every writer in it. db_begin/db_commit/db_rollback keep
 * their meaning. Nothing for a PostgreSQL url. Call before db_set_gate;
 * db_gate_free commits an open batch and closes the connection. DB_ERR with
 * a reason in err when the connection cannot be had.
 */
enum db_rc db_gate_batches(struct db_gate *g, const char *url, char *err, size_t errlen);

/*
 * Open a connection to url: "postgresql://..." or "postgres://..." selects
 * PostgreSQL, anything else is a SQLite file path ("sqlite:" prefix allowed).
 * On failure returns DB_ERR and writes a reason into err.
 */
enum db_rc db_open(const char *url, struct db **out, char *err, size_t errlen);
/*
 * Open url for reading only: the SQLite file is opened read-only (no journal
 * mode switch, nothing created), PostgreSQL transactions default to read-only.
 * Writes through it fail.
 */
enum db_rc db_open_readonly(const char *url, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
/* Whether url names a PostgreSQL database; else it is a SQLite file. */
bool db_url_is_pg(const char *url);
/* The file path of a SQLite url (without a "sqlite:" prefix). */
const char *db_url_path(const char *url);
/* "sqlite" or "postgresql". */
const char *db_backend(const struct db *db);
/* The backend's last error text, for logs only (never for users). */
const char *db_error(const struct db *db);
/* A short English name of rc, for logs. */
const char *db_rc_name(enum db_rc rc);

/* Explicit transactions. db_begin takes the write lock at once on SQLite. */
enum db_rc db_begin(struct db *db);
/*
 * The next transaction db begins may take long (an import, a change of the tree): with group
 * commit (db_gate_batches) it joins no batch — the writers already in the open batch are
 * committed before it starts, and it commits by itself — so they do not wait for its length.
 * Elsewhere it changes nothing.
 */
void db_next_tx_alone(struct db *db);
enum db_rc db_commit(struct db *db);
/*
 * An answer that waits for its batch without holding a thread (group commit only). A server whose
 * request does nothing after its transaction but answer hands db a ticket before the request runs
 * (db_commit_later). The next batched db_commit on db then puts the writer's part in the open
 * batch and returns DB_OK at once instead of waiting for the batch's COMMIT; the ticket says how
 * that COMMIT ended. Until then nobody may be told the write succeeded: the server parks the
 * request (db_ticket_park), and the batch's end calls wake(arg) on the committing thread, with a
 * lock held, so wake must only signal. A later statement on db (a second transaction, a read
 * that must see the write) first waits for the batch, as db_commit would have; so does every
 * db_commit where the ticket cannot help (PostgreSQL, a transaction of its own). Clear the
 * ticket (db_commit_later(db, NULL)) before db serves another request.
 */
struct db_ticket {
	void (*park)(void *arg); /* set by the caller: stop answering (suspend) */
	void (*wake)(void *arg); /* set by the caller: answer now (resume) */
	void *arg;
	/* Written by db/conn.c under the gate's lock of finished batches; read through the calls
	 * below. */
	struct db_gate *gate;
	bool pending; /* in a batch, whose end was still to come when db_commit returned */
	bool parked;
	bool done;
	enum db_rc rc;
	char err[256];
	struct db_ticket *next;
};
void db_commit_later(struct db *db, struct db_ticket *t);
/* Whether a pending t was parked (park(arg) called) because its batch has not ended; false when
 * it had ended already or t is not pending: answer now. */
bool db_ticket_park(struct db_ticket *t);
/* How t's batch ended: DB_OK, or DB_ERR with the reason in t->err (for the log). DB_OK for a t
 * that never joined a batch. Call after wake, or after db_ticket_park answered false. */
enum db_rc db_ticket_result(struct db_ticket *t);
/* Roll back; harmless when no transaction is open. */
void db_rollback(struct db *db);

/* Schema */

/* Apply every missing migration in one transaction; *from and *to get the versions. */
enum db_rc db_migrate(struct db *db, int *from, int *to);
/*
 * DB_OK when the schema is exactly this binary's; DB_TOONEW or DB_ERR (too
 * old, *version says which) otherwise. Only reads.
 */
enum db_rc db_schema_check(struct db *db, int *version);

/* Organisation kinds */
enum db_rc db_kind_list(struct db *db, struct arena *a, struct db_kind **out, size_t *n);
enum db_rc db_kind_by_name(struct db *db, struct arena *a, const char *name, struct db_kind *out);
enum db_rc db_kind_insert(struct db *db, const char *name, int64_t *id);

/* Organisation tree */

/*
 * Serialise writers of the tree for the rest of the transaction: call it
 * first in any transaction that creates, moves or closes units, before
 * reading what it will derive paths or checks from.
 */
enum db_rc db_tree_lock(struct db *db);
/*
 * Hold the paths of existing units still for the rest of the transaction:
 * exclusively in a move (after db_tree_lock, before reading the roll-ups it
 * moves), shared in a record write (first, before reading a unit's path), so
 * the two never interleave while record writes still run side by side.
 * PostgreSQL only; SQLite's BEGIN IMMEDIATE already serialises writers.
 */
enum db_rc db_path_lock(struct db *db, bool shared);
/* Make the transaction just begun read one snapshot throughout (before its first read). */
enum db_rc db_snapshot(struct db *db);
enum db_rc db_org_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		      struct db_org *out);
enum db_rc db_org_by_code(struct db *db, struct arena *a, const char *scope, const char *code,
			  struct db_org *out);
enum db_rc db_org_children(struct db *db, struct arena *a, const char *scope, int64_t id,
			   int64_t limit, int64_t offset, struct db_org **out, size_t *n);
/* Units whose name or code contains q (case-insensitive for Latin letters); *total counts all. */
enum db_rc db_org_search(struct db *db, struct arena *a, const char *scope, const char *q,
			 int64_t limit, int64_t offset, struct db_org **out, size_t *n,
			 int64_t *total);
/* The subtree at scope in path order (the whole tree when scope is NULL). */
enum db_rc db_org_subtree(struct db *db, struct arena *a, const char *scope, int64_t limit,
			  int64_t offset, struct db_org **out, size_t *n);
/* Every unit, in path order (for tools such as the directive reader's unit resolution). */
enum db_rc db_org_all(struct db *db, struct arena *a, struct db_org **out, size_t *n);
/* Open units in the subtree at path and their summed member counts. */
enum db_rc db_org_subtree_totals(struct db *db, const char *path, int64_t *units, int64_t *members);
/*
 * Insert a unit under parent (0: a new root). Sets *id and fills *out (from
 * the arena). DB_NOTFOUND when the parent is missing, DB_CONFLICT when the
 * code is taken.
 */
enum db_rc db_org_insert(struct db *db, struct arena *a, int64_t parent_id, const char *code,
			 const char *name, int64_t kind_id, int64_t members, int64_t now,
			 struct db_org *out);
enum db_rc db_org_update(struct db *db, int64_t id, const char *code, const char *name,
			 int64_t kind_id, int64_t members, int closed, int64_t now);
/* Move org (and its subtree) under new_parent. The caller checks for cycles. */
enum db_rc db_org_move(struct db *db, const struct db_org *org, const struct db_org *new_parent,
		       int64_t now);
enum db_rc db_org_open_children(struct db *db, int64_t id, int64_t *count);
/* The depth of the deepest unit in the subtree at path (itself included), into *depth. */
enum db_rc db_org_subtree_depth(struct db *db, const char *path, int64_t *depth);

/* Users */
enum db_rc db_user_insert(struct db *db, int64_t org_id, const char *username,
			  const char *display_name, const char *role, const char *pw_hash,
			  int64_t now, int64_t *id);
enum db_rc db_user_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		       struct db_user *out);
enum db_rc db_user_by_name(struct db *db, struct arena *a, const char *username,
			   struct db_user *out);
enum db_rc db_user_update(struct db *db, int64_t id, int64_t org_id, const char *display_name,
			  const char *role, int disabled, int64_t now);
enum db_rc db_user_set_password(struct db *db, int64_t id, const char *pw_hash, int64_t now);
/* Users in scope, optionally of one unit (org_id > 0) and matching q; *total counts all. */
enum db_rc db_user_list(struct db *db, struct arena *a, const char *scope, int64_t org_id,
			const char *q, int64_t limit, int64_t offset, struct db_user **out,
			size_t *n, int64_t *total);

/* Sessions and API tokens (both are rows keyed by the hash of their token) */
enum db_rc db_session_insert(struct db *db, const char *token_hash, int64_t user_id,
			     const char *kind, const char *csrf, const char *label,
			     const char *client, int64_t now, int64_t expires_at, int64_t *id);
/* The session of token_hash and, when user is not NULL, its account (one read). */
enum db_rc db_session_lookup(struct db *db, struct arena *a, const char *token_hash,
			     struct db_session *out, struct db_user *user);
enum db_rc db_session_touch(struct db *db, int64_t id, int64_t now);
enum db_rc db_session_delete(struct db *db, int64_t id);
/* Delete every session and token of user except keep_id (0 keeps none). */
enum db_rc db_session_delete_user(struct db *db, int64_t user_id, int64_t keep_id);
enum db_rc db_session_purge(struct db *db, int64_t now);
enum db_rc db_token_list(struct db *db, struct arena *a, int64_t user_id, struct db_session **out,
			 size_t *n);
enum db_rc db_token_delete(struct db *db, int64_t id, int64_t user_id);

/* Login throttling, shared by every server process */
enum db_rc db_throttle_get(struct db *db, struct arena *a, const char *key,
			   struct db_throttle *out);
/*
 * Count one attempt for key in a window starting no earlier than window_floor,
 * in one statement; *out gets the new state. Racing callers each get their own
 * count.
 */
enum db_rc db_throttle_fail(struct db *db, struct arena *a, const char *key, int64_t now,
			    int64_t window_floor, struct db_throttle *out);
/* The same for a key that locks: a lock that has ended starts a new count (and is cleared). */
enum db_rc db_throttle_fail_locking(struct db *db, struct arena *a, const char *key, int64_t now,
				    int64_t window_floor, struct db_throttle *out);
enum db_rc db_throttle_lock(struct db *db, const char *key, int64_t until);
enum db_rc db_throttle_clear(struct db *db, const char *key);
enum db_rc db_throttle_locked(struct db *db, struct arena *a, int64_t now, struct db_throttle **out,
			      size_t *n);
/* Move key's locked_until to until if it is not after now; *claimed says whether this call did. */
enum db_rc db_throttle_claim(struct db *db, const char *key, int64_t now, int64_t until,
			     bool *claimed);
/* Count one refused attempt on key; *blocked gets the count since the block began. */
enum db_rc db_throttle_block(struct db *db, const char *key, int64_t *blocked);
/* Forget the refused attempts of key (after they were written to the audit log). */
enum db_rc db_throttle_unblock(struct db *db, const char *key);
/* Give back one counted attempt of key (a login that succeeded). */
enum db_rc db_throttle_refund(struct db *db, const char *key);
/* The throttle rows of account username ("user:NAME" and "user:NAME@..."), and their removal. */
enum db_rc db_throttle_account(struct db *db, struct arena *a, const char *username,
			       struct db_throttle **out, size_t *n);
enum db_rc db_throttle_clear_account(struct db *db, const char *username);

/* Where accounts logged in: *at gets the last success of username from client (DB_NOTFOUND: never).
 */
enum db_rc db_login_seen(struct db *db, const char *username, const char *client, int64_t *at);
enum db_rc db_login_seen_put(struct db *db, const char *username, const char *client, int64_t now);

/* Settings (key/value text) */
enum db_rc db_setting_get(struct db *db, struct arena *a, const char *key, const char **value);
enum db_rc db_setting_put(struct db *db, const char *key, const char *value);
/* Add one to the counter kept under key (created at 1); a counter reads 0 until then. */
enum db_rc db_setting_bump(struct db *db, const char *key);
enum db_rc db_setting_counter(struct db *db, const char *key, int64_t *value);
/* Every setting; keys[i] goes with values[i]. */
enum db_rc db_setting_list(struct db *db, struct arena *a, const char ***keys, const char ***values,
			   size_t *n);

/* Audit log: append and read only */
enum db_rc db_audit_insert(struct db *db, const struct db_audit *rec);
/*
 * Every entry matching f (its limit and offset are ignored), newest first,
 * handed to row() one at a time: memory stays flat however long the log.
 * The entry's strings live only during the call; row returns 0 to go on.
 */
enum db_rc db_audit_each(struct db *db, const struct db_audit_filter *f,
			 int (*row)(void *cls, const struct db_audit *e), void *cls);
enum db_rc db_audit_list(struct db *db, struct arena *a, const struct db_audit_filter *f,
			 struct db_audit **out, size_t *n, int64_t *total);

/* Campaigns. A caller sees those run by a unit of its subtree (scope) or by an ancestor of it. */
enum db_rc db_campaign_insert(struct db *db, int64_t org_id, const char *name, const char *start,
			      const char *end, const char *description, int64_t warn_days,
			      int64_t by, int64_t now, int64_t *id);
enum db_rc db_campaign_get(struct db *db, struct arena *a, const char *scope, int64_t id,
			   struct db_campaign *out);
enum db_rc db_campaign_list(struct db *db, struct arena *a, const char *scope, int64_t limit,
			    int64_t offset, struct db_campaign **out, size_t *n, int64_t *total);
enum db_rc db_campaign_update(struct db *db, int64_t id, const char *name, const char *start,
			      const char *end, const char *description, int64_t warn_days,
			      int64_t now);

/* Work records (deleted ones are never read back) */
enum db_rc db_record_insert(struct db *db, const struct db_record *r, int64_t *id);
enum db_rc db_record_get(struct db *db, struct arena *a, const char *scope, int64_t id,
			 struct db_record *out);
/* Write every changeable column of r (by r->id); DB_NOTFOUND when missing or deleted. */
enum db_rc db_record_update(struct db *db, const struct db_record *r);
enum db_rc db_record_list(struct db *db, struct arena *a, const struct db_record_filter *f,
			  struct db_record **out, size_t *n, int64_t *total);
/* How many publicity records of the subtree of scope wait for review (submitted), of campaign
 * campaign_id (0: any) dated from..to (NULL: open), into *n: the dashboard's 待审核. */
enum db_rc db_record_pending(struct db *db, const char *scope, int64_t campaign_id,
			     const char *from, const char *to, int64_t *n);

/* The ledger's pages (db/record.c) */
/* The figures over filter f (its limit, offset and sort are ignored). DB_OK, or the error. */
enum db_rc db_record_totals(struct db *db, struct arena *a, const struct db_record_filter *f,
			    struct db_record_totals *out);
/*
 * The publicity waiting for a reviewer at unit scope (a path; NULL for the
 * whole tree) who is account user_id (0: none): submitted, in the subtree,
 * recorded from a unit strictly below scope and not by user_id; oldest
 * first. *out and its strings come from a; *total counts them all.
 */
enum db_rc db_record_review_list(struct db *db, struct arena *a, const char *scope, int64_t user_id,
				 int64_t limit, int64_t offset, struct db_record **out, size_t *n,
				 int64_t *total);

/*
 * Roll-ups. db_rollup_apply adds the deltas in deltas_json (a JSON array of
 * [org_id, campaign_id, kind, month, records, participants, audience,
 * hours], each key once) to the counters in one statement; hint spreads
 * concurrent writers over slots (PostgreSQL; SQLite keeps one slot).
 */
enum db_rc db_rollup_apply(struct db *db, const char *deltas_json, int64_t hint);
/* The counters of org_id for campaign (0: all), months from..to inclusive, by month and kind. */
enum db_rc db_rollup_read(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
			  const char *from_month, const char *to_month, struct db_rollup **out,
			  size_t *n);
/* The same for each direct child of org_id, ordered by child, summed over the months (one row per
 * child and kind; month holds the first month with counters). */
enum db_rc db_rollup_children(struct db *db, struct arena *a, int64_t org_id, int64_t campaign_id,
			      const char *from_month, const char *to_month, struct db_rollup **out,
			      size_t *n);
/* Every counter of unit org_id (every campaign and month): its subtree's sums. */
enum db_rc db_rollup_unit(struct db *db, struct arena *a, int64_t org_id, struct db_rollup **out,
			  size_t *n);
/*
 * Move the counters of unit org_id with it: shifts_json is a JSON array of
 * [org_id, sign], each unit once and never org_id itself; org_id's counters
 * times sign are added to each, slot by slot, in one statement.
 */
enum db_rc db_rollup_move(struct db *db, int64_t org_id, const char *shifts_json);
/*
 * For xuanguan check: each key (org_id, campaign_id, kind, month) whose
 * stored counters differ from what the counted records add up to, in key
 * order, one row at a time: want recomputed, have stored (zeros when there is
 * no row). The database does the grouping, so memory stays bounded. The
 * rows' strings live only during the call; row returns 0 to go on.
 */
enum db_rc db_rollup_check_each(struct db *db,
				int (*row)(void *cls, const struct db_rollup *want,
					   const struct db_rollup *have),
				void *cls);

/*
 * Evidence files of work records (db/file.c). The bytes are rows of
 * FILE_CHUNK_MAX bytes at most, written one at a time in the caller's
 * transaction and read back one at a time, so no whole file is ever held.
 * A file is seen only through its record: not once it or its record is
 * deleted, nor outside scope.
 */
#define DB_FILE_CHUNK_MAX ((size_t)256 << 10)

struct db_file {
	int64_t id;
	int64_t record_id;
	const char *name;	/* as given by the uploader */
	const char *media_type; /* decided from the content */
	int64_t size;
	const char *sha256; /* 64 lowercase hex digits */
	int64_t uploaded_by; /* 0: the system */
	const char *uploaded_by_name;
	int64_t uploaded_at;
	const char *org_path; /* the owner's unit: the record's, the report's or the rectified one */
	/* Exactly one owner: record_id above, or one of these (0: not this one). */
	int64_t progress_id;	  /* a progress report on a task (task_progress) */
	int64_t rectification_id; /* a rectification's answer (整改) */
};

/* Insert the row of a file (f->id ignored); *id gets its id. Its chunks follow. */
enum db_rc db_file_insert(struct db *db, const struct db_file *f, int64_t *id);
/* Store chunk seq (0, 1, ...) of file_id: n bytes (1..DB_FILE_CHUNK_MAX) at data. */
enum db_rc db_file_chunk_insert(struct db *db, int64_t file_id, int64_t seq, const void *data,
				size_t n);
/* File id within scope; DB_NOTFOUND when missing, deleted, of a deleted record or outside. */
enum db_rc db_file_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		       struct db_file *out);
/* The files of record record_id (the caller has checked the record is in scope), oldest first. */
enum db_rc db_file_list(struct db *db, struct arena *a, int64_t record_id, struct db_file **out,
			size_t *n);
/* Delete file id softly; DB_NOTFOUND when missing or deleted already. */
enum db_rc db_file_delete(struct db *db, int64_t id, int64_t by, const char *reason, int64_t now);
/*
 * Hand the bytes of file_id to chunk() in order, one chunk at a time (the
 * data lives only during the call). chunk returns 0 to go on; anything else
 * stops and makes the call DB_ERR. DB_ERR too when a chunk is malformed.
 */
enum db_rc db_file_chunks_each(struct db *db, int64_t file_id,
			       int (*chunk)(void *cls, const void *data, size_t n), void *cls);

/* Tasks (db/task.c). scope is the reader's unit path: it sees the tasks assigned by a unit of its
 * subtree (with all their assignments) and those assigned to one (with those assignments). */
enum db_rc db_task_insert(struct db *db, const struct db_task *t, int64_t *id);
/* Assign org_id (role lead, co or member); DB_CONFLICT when it already is. */
enum db_rc db_task_assign(struct db *db, int64_t task_id, int64_t org_id, const char *role,
			  int64_t now);
/* Assign every open unit of kind strictly below the assigner (path assigner_path) not yet
 * assigned. */
enum db_rc db_task_assign_kind(struct db *db, int64_t task_id, int64_t assigner_id,
			       const char *assigner_path, const char *kind, int64_t now);
enum db_rc db_task_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		       struct db_task *out);
enum db_rc db_task_list(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
			int64_t limit, int64_t offset, struct db_task **out, size_t *n,
			int64_t *total);
enum db_rc db_task_units(struct db *db, struct arena *a, const char *scope, int64_t task_id,
			 int64_t limit, int64_t offset, struct db_task_unit **out, size_t *n,
			 int64_t *total);
/* The assignment of org_id to task_id (whatever the reader's scope). */
enum db_rc db_task_unit_get(struct db *db, struct arena *a, int64_t task_id, int64_t org_id,
			    struct db_task_unit *out);
/* Sign for an assignment still waiting; *done says whether this call signed it. */
enum db_rc db_task_sign(struct db *db, int64_t task_id, int64_t org_id, int64_t user_id,
			int64_t now, bool *done);
/* Set a signed assignment's percent (100: done) and keep the report (p->id gets its id); *done
 * as above. */
enum db_rc db_task_progress(struct db *db, struct db_task_progress *p, bool *done);
enum db_rc db_task_progress_list(struct db *db, struct arena *a, int64_t task_id, int64_t org_id,
				 int64_t limit, struct db_task_progress **out, size_t *n);

/*
 * Notices (消息) and reminders (催办) (db/notice.c). A notice goes to a unit
 * (user_id 0: every account of it) or to one account of it.
 */
struct db_notice {
	int64_t id;
	int64_t org_id;	 /* the recipient unit */
	int64_t user_id; /* 0: every account of the unit */
	const char *kind; /* reminder sign_request adjustment_answer lecture_order other */
	const char *title;
	const char *body;
	const char *link;	   /* a path of ours, or NULL */
	int64_t task_id;	   /* 0: none */
	int64_t order_id;	   /* 0: none */
	int64_t sender_org_id;	   /* 0: the system */
	const char *sender_name;   /* who sent it (a person, or 系统) */
	int64_t created_at;
	int64_t read_at;	   /* when the reader read it; 0: unread */
	const char *org_path;	   /* the recipient unit's path */
	const char *sender_path;   /* the sender's unit's path, or NULL */
	const char *dedup_key;	   /* written only: a second notice with the key is not made */
};
/* One person's receipt of a notice. */
struct db_notice_read {
	int64_t user_id;
	const char *username;
	const char *display_name;
	int64_t read_at;
};
/* One reminder of one assignment: on demand (automatic false) or in a day's digest. */
struct db_reminder {
	int64_t id;
	int64_t task_id;
	int64_t org_id;
	const char *org_name;
	int64_t notice_id;
	bool automatic;
	const char *text;
	const char *by_name;
	int64_t at;
	int64_t reads; /* how many accounts have read its notice */
};
/* A not-done assignment and its due date (the digest's rows). */
struct db_due {
	int64_t org_id;
	int64_t task_id;
	const char *title;
	const char *due_date;
	int64_t warn_days;
};

/* Insert n (n->id, read_at and the paths ignored); *id is its id, or 0 when n->dedup_key is taken
 * already (nothing is written). */
enum db_rc db_notice_insert(struct db *db, const struct db_notice *n, int64_t *id);
/* One sign_request notice (title, body, link, sender from n) to every unit assigned task_id. */
enum db_rc db_notice_sign_requests(struct db *db, int64_t task_id, const struct db_notice *n);
/* The notices of unit org_id that account user_id receives, unread first then newest first;
 * unread_only leaves out those it has read. *total counts them all, *unread the unread ones. */
enum db_rc db_notice_list(struct db *db, struct arena *a, int64_t org_id, int64_t user_id,
			  bool unread_only, int64_t limit, int64_t offset, struct db_notice **out,
			  size_t *n, int64_t *total);
enum db_rc db_notice_unread(struct db *db, int64_t org_id, int64_t user_id, int64_t *count);
/* Notice id with user_id's receipt (read_at); DB_NOTFOUND when missing. */
enum db_rc db_notice_get(struct db *db, struct arena *a, int64_t id, int64_t user_id,
			 struct db_notice *out);
/* Keep user_id's receipt of notice id (the first read counts; again is no change). */
enum db_rc db_notice_mark_read(struct db *db, int64_t id, int64_t user_id, int64_t now);
/* Who read notice id, first reader first. */
enum db_rc db_notice_reads(struct db *db, struct arena *a, int64_t id, struct db_notice_read **out,
			   size_t *n);
/* Whether a notice with dedup key key exists. */
enum db_rc db_notice_key_exists(struct db *db, const char *key, bool *exists);
/* The not-done assignments due on or before until (YYYY-MM-DD) of org_id (0: every unit), by
 * unit then due date. */
enum db_rc db_due_list(struct db *db, struct arena *a, int64_t org_id, const char *until,
		       struct db_due **out, size_t *n);
/* Keep a reminder r (r->id, org_name and reads ignored). */
enum db_rc db_reminder_insert(struct db *db, const struct db_reminder *r);
/* The reminders of task_id the reader (scope) sees, newest first: of its subtree's assignments,
 * or all when it sees the assigning unit. */
enum db_rc db_reminder_list(struct db *db, struct arena *a, const char *scope, int64_t task_id,
			    int64_t limit, struct db_reminder **out, size_t *n);

/* Lecture teams (宣讲团), their lecturers and lecture orders (点单) (db/lecture.c). */
struct db_lecturer {
	int64_t id;
	int64_t org_id; /* the team */
	const char *name;
	const char *title; /* title and speciality, or NULL */
};
struct db_lecture_order {
	int64_t id;
	int64_t org_id; /* the requesting unit */
	const char *org_name;
	const char *org_path;
	int64_t team_id;
	const char *team_name;
	const char *team_path;
	const char *topic;
	const char *section_path;    /* the syllabus section, or NULL */
	const char *preferred_dates; /* "YYYY-MM-DD,YYYY-MM-DD", or NULL */
	const char *audience_kind;
	int64_t audience_size;
	const char *state; /* requested accepted declined given */
	int64_t lecturer_id;
	const char *lecturer_name;
	const char *lecture_date; /* set when accepted */
	const char *reason;	  /* why declined */
	int64_t record_id;	  /* the lecture record, once given */
	int64_t requested_by;
	const char *requested_by_name;
	int64_t created_at;
	int64_t updated_at;
};
struct db_lecture_filter {
	const char *scope; /* the reader's path: orders asked by or of a unit of it */
	int64_t team_id;   /* 0: any */
	const char *state; /* NULL: any */
	const char *from;  /* the lecture date, inclusive, or NULL */
	const char *to;
	int64_t limit;
	int64_t offset;
};
enum db_rc db_lecturer_insert(struct db *db, int64_t team_id, const char *name, const char *title,
			      int64_t now, int64_t *id);
enum db_rc db_lecturer_list(struct db *db, struct arena *a, int64_t team_id,
			    struct db_lecturer **out, size_t *n);
enum db_rc db_lecturer_get(struct db *db, struct arena *a, int64_t id, struct db_lecturer *out);
/* The open units of kind whose parent is on the path of the unit at path (its own unit or an
 * ancestor): the teams that unit may ask. */
enum db_rc db_lecture_teams(struct db *db, struct arena *a, const char *kind, const char *path,
			    struct db_org **out, size_t *n);
enum db_rc db_lecture_order_insert(struct db *db, const struct db_lecture_order *o, int64_t *id);
/* Order id if scope sees it (asked by or of a unit of scope; NULL: all); else DB_NOTFOUND. */
enum db_rc db_lecture_order_get(struct db *db, struct arena *a, const char *scope, int64_t id,
				struct db_lecture_order *out);
/* Orders by lecture date (then newest) for the calendar when from/to are given, else newest. */
enum db_rc db_lecture_order_list(struct db *db, struct arena *a, const struct db_lecture_filter *f,
				 struct db_lecture_order **out, size_t *n, int64_t *total);
/* The steps; *done says whether this call moved the order (it was in the state before). */
enum db_rc db_lecture_order_accept(struct db *db, int64_t id, int64_t lecturer_id,
				   const char *date, int64_t now, bool *done);
enum db_rc db_lecture_order_decline(struct db *db, int64_t id, const char *reason, int64_t now,
				    bool *done);
enum db_rc db_lecture_order_given(struct db *db, int64_t id, int64_t record_id, int64_t audience,
				  int64_t now, bool *done);

/*
 * Progress reports' and rectifications' files, and the files of any owner
 * (db/file_owner.c). The same rows and chunks as a record's files.
 */
/* Insert the row of a file of f->progress_id or f->rectification_id (one of them); *id its id. */
enum db_rc db_file_owned_insert(struct db *db, const struct db_file *f, int64_t *id);
/*
 * File id of any owner within scope: a record's as db_file_get; a progress
 * report's when scope holds the reporting unit or the task's assigner; a
 * rectification's when it holds the rectified unit or the inspecting one.
 * DB_NOTFOUND otherwise, or when deleted.
 */
enum db_rc db_file_any_get(struct db *db, struct arena *a, const char *scope, int64_t id,
			   struct db_file *out);
/* The files of progress report progress_id, of rectification rect_id (scope checked by the
 * caller), oldest first. */
enum db_rc db_file_progress_list(struct db *db, struct arena *a, int64_t progress_id,
				 struct db_file **out, size_t *n);
enum db_rc db_file_rect_list(struct db *db, struct arena *a, int64_t rect_id,
			     struct db_file **out, size_t *n);
/* Progress report id of task task_id (whatever the scope; the caller checks its unit). */
enum db_rc db_task_progress_get(struct db *db, struct arena *a, int64_t task_id, int64_t id,
				struct db_task_progress *out);

/*
 * Inspections (督查) and rectifications (整改) (db/inspection.c). An
 * inspection is seen from scope when its inspecting unit is in the subtree
 * or one of its inspected units is; its units and rectifications are seen
 * when the inspecting unit is in the subtree, else only those of units in it.
 */
struct db_inspection {
	int64_t id;
	int64_t org_id; /* the inspecting unit */
	const char *org_name;
	const char *org_path;
	const char *day; /* YYYY-MM-DD */
	const char *items;
	const char *findings;
	int64_t created_by;
	const char *created_by_name;
	int64_t created_at;
	int64_t units;	 /* inspected units the reader sees */
	int64_t pending; /* rectifications the reader sees not yet answered */
	int64_t overdue; /* of them, past their deadline on the reader's day */
};

struct db_inspection_unit {
	int64_t inspection_id;
	int64_t org_id;
	const char *org_code;
	const char *org_name;
	const char *org_path;
};

struct db_rectification {
	int64_t id;
	int64_t inspection_id;
	int64_t org_id; /* the unit that is to rectify */
	const char *org_name;
	const char *org_path;
	const char *what;
	const char *deadline; /* YYYY-MM-DD */
	const char *state;    /* open answered closed reopened */
	const char *answer;
	const char *answered_by_name;
	int64_t answered_at;
	const char *note; /* the inspector's last word: closing or reopening */
	const char *closed_by_name;
	int64_t closed_at;
	int64_t created_at;
	int64_t updated_at;
	const char *inspector_path; /* the inspecting unit's path */
};

enum db_rc db_inspection_insert(struct db *db, const struct db_inspection *in, int64_t *id);
enum db_rc db_inspection_unit_insert(struct db *db, int64_t inspection_id, int64_t org_id);
/* today (YYYY-MM-DD) counts the overdue rectifications. */
enum db_rc db_inspection_get(struct db *db, struct arena *a, const char *scope, const char *today,
			     int64_t id, struct db_inspection *out);
/* Newest first (by day, then id). */
enum db_rc db_inspection_list(struct db *db, struct arena *a, const char *scope,
			      const char *today, int64_t limit, int64_t offset,
			      struct db_inspection **out, size_t *n, int64_t *total);
enum db_rc db_inspection_units(struct db *db, struct arena *a, const char *scope, int64_t id,
			       struct db_inspection_unit **out, size_t *n);
enum db_rc db_rect_insert(struct db *db, const struct db_rectification *x, int64_t created_by,
			  int64_t *id);
/* Rectification id, of an inspection scope sees, and visible as above. */
enum db_rc db_rect_get(struct db *db, struct arena *a, const char *scope, int64_t id,
		       struct db_rectification *out);
enum db_rc db_rect_list(struct db *db, struct arena *a, const char *scope, int64_t inspection_id,
			struct db_rectification **out, size_t *n);
/* The steps: each changes a rectification in one of the states it may leave; *done says
 * whether this call did. */
enum db_rc db_rect_answer(struct db *db, int64_t id, const char *answer, const char *by_name,
			  int64_t now, bool *done);
enum db_rc db_rect_close(struct db *db, int64_t id, const char *note, const char *by_name,
			 int64_t now, bool *done);
enum db_rc db_rect_reopen(struct db *db, int64_t id, const char *note, int64_t now, bool *done);

/*
 * Record exports and imports (db/record_walk.c).
 *
 * db_record_each hands every record f selects (f's limit and offset are
 * ignored; the order is the list's) to row() one at a time, with its unit's
 * code and its campaign's name (NULL: none): memory stays flat however many
 * rows. The strings live only during the call; row returns 0 to go on.
 */
struct db_record_row {
	struct db_record r;
	const char *org_code;
	const char *campaign_name;
};
enum db_rc db_record_each(struct db *db, const struct db_record_filter *f,
			  int (*row)(void *cls, const struct db_record_row *e), void *cls);
/*
 * The unit named exactly name within scope, the campaign named exactly name
 * that scope sees (run in it or above it): DB_NOTFOUND when none, DB_CONFLICT
 * when more than one has that name. *out is allocated from a.
 */
enum db_rc db_org_by_name(struct db *db, struct arena *a, const char *scope, const char *name,
			  struct db_org *out);
enum db_rc db_campaign_by_name(struct db *db, struct arena *a, const char *scope, const char *name,
			       struct db_campaign *out);

/*
 * Directives in the system (db/directive.c). A directive belongs to a campaign and to the unit
 * that imported it; a reader sees it when that unit is in the reader's subtree (scope) or above
 * the reader (as campaigns). Its sections are the campaign's syllabus: records name them by id.
 */
struct db_directive {
	int64_t id;
	int64_t campaign_id;
	int64_t org_id; /* the importing unit */
	const char *title;
	const char *doc_no;
	const char *issuer;
	const char *date; /* YYYY-MM-DD or NULL */
	int64_t version;  /* counts every save: a write names the version it read */
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
	const char *org_path;
	const char *org_name;
	const char *campaign_name;
	/* Counted by db_directive_list when asked (0 elsewhere): the proposed tasks of its
	 * structure and those confirmed as tasks. */
	int64_t proposals, confirmed;
	/* Read by db_directive_texts only (a list leaves them NULL). */
	const char *original;
	const char *parsed;    /* the reader's JSON */
	const char *structure; /* the corrected structure, JSON (domain/directive.c) */
};

struct db_directive_section {
	int64_t id;
	int64_t directive_id;
	int64_t seq;
	int64_t level;
	const char *path;
	const char *number;
	const char *heading;
};

struct db_directive_change {
	int64_t id;
	int64_t directive_id;
	const char *part; /* what changed: "sections/二/（一）/heading", "tasks/3/due_date" */
	const char *before;
	const char *after;
	int64_t by_user;
	const char *by_name;
	int64_t at;
};

struct db_directive_addressee {
	int64_t id;
	int64_t directive_id;
	const char *name;   /* as written */
	int64_t org_id;     /* 0: not resolved */
	const char *org_code; /* NULL when not resolved */
	const char *org_name;
};

/* One cell of a syllabus matrix: a child unit's subtree and one section. */
struct db_coverage {
	int64_t org_id; /* the child */
	int64_t section_id;
	int64_t records;
	int64_t participants;
};

enum db_rc db_directive_insert(struct db *db, const struct db_directive *d, int64_t *id);
/* Directive id as scope (a path) sees it, without its texts; DB_NOTFOUND when it does not. */
enum db_rc db_directive_get(struct db *db, struct arena *a, const char *scope, int64_t id,
			    struct db_directive *out);
/* Fill out's original, parsed and structure (by out->id). */
enum db_rc db_directive_texts(struct db *db, struct arena *a, struct db_directive *out);
/*
 * The directives scope sees, of campaign_id (0: any), newest first; *total
 * counts all. counted: each with its proposals and confirmed counted in the
 * same statement (what a list page shows; the JSON list leaves them 0).
 */
enum db_rc db_directive_list(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
			     bool counted, int64_t limit, int64_t offset, struct db_directive **out,
			     size_t *n, int64_t *total);
/* Write structure over version; *done is false when another write moved the version on. */
enum db_rc db_directive_save(struct db *db, int64_t id, int64_t version, const char *structure,
			     int64_t now, bool *done);
enum db_rc db_directive_section_insert(struct db *db, const struct db_directive_section *s);
/* Set the heading of section path of directive_id; DB_NOTFOUND when there is none. */
enum db_rc db_directive_section_heading(struct db *db, int64_t directive_id, const char *path,
					const char *heading);
enum db_rc db_directive_sections(struct db *db, struct arena *a, int64_t directive_id,
				 struct db_directive_section **out, size_t *n);
/* Section id whatever the scope (the caller checks its directive). */
enum db_rc db_directive_section_get(struct db *db, struct arena *a, int64_t id,
				    struct db_directive_section *out);
enum db_rc db_directive_change_insert(struct db *db, const struct db_directive_change *c);
enum db_rc db_directive_changes(struct db *db, struct arena *a, int64_t directive_id,
				struct db_directive_change **out, size_t *n);
/* An addressee: name as written and the unit (0: not resolved). */
enum db_rc db_directive_addressee_insert(struct db *db, int64_t directive_id, const char *name,
					 int64_t org_id);
enum db_rc db_directive_addressees(struct db *db, struct arena *a, int64_t directive_id,
				   struct db_directive_addressee **out, size_t *n);
/* Resolve the unresolved addressee name of directive_id to org_id; *done: whether one was. */
enum db_rc db_directive_addressee_map(struct db *db, int64_t directive_id, const char *name,
				      int64_t org_id, bool *done);
/* Remember that name, written by unit org_id's directives, means unit target_id. */
enum db_rc db_name_map_put(struct db *db, int64_t org_id, const char *name, int64_t target_id,
			   int64_t by, int64_t now);
/* The unit name means for a unit at path: the mapping of that unit or its nearest ancestor;
 * *target_id 0 when none. */
enum db_rc db_name_map_lookup(struct db *db, const char *path, const char *name,
			      int64_t *target_id);
/* Replace the sections record_id names by the n sections given (each of its directive). */
enum db_rc db_record_sections_clear(struct db *db, int64_t record_id);
enum db_rc db_record_section_add(struct db *db, int64_t record_id,
				 const struct db_directive_section *s);
/* The section ids record_id names, in section order. */
enum db_rc db_record_section_ids(struct db *db, struct arena *a, int64_t record_id, int64_t **out,
				 size_t *n);
/*
 * The syllabus matrix of directive_id below unit org_id: for each direct child of org_id and
 * section, the records of the child's subtree (not deleted) that name the section and their
 * participants. Cells without records are not returned.
 */
enum db_rc db_directive_coverage(struct db *db, struct arena *a, int64_t directive_id,
				 int64_t org_id, struct db_coverage **out, size_t *n);
/* Mark task task_id as made from directive directive_id. */
enum db_rc db_task_set_directive(struct db *db, int64_t task_id, int64_t directive_id);

/*
 * Task views (db/task_view.c): the task list by light, the matrix of tasks
 * and a unit's children, overdue assignments, a unit's timeline. scope is
 * the reader's unit path, as for tasks; today is the day lights are read
 * on (YYYY-MM-DD). Rows live in the arena a.
 */
/* One assignment as the views show it: its task's title and dates with the unit's state. */
struct db_task_cell {
	int64_t task_id;
	const char *title;
	const char *start_date; /* NULL: none */
	const char *due_date;
	int64_t created_at;
	int64_t warn_days; /* the campaign's (7 without one) */
	int64_t org_id;
	const char *org_code;
	const char *org_name;
	const char *org_path;
	const char *role;  /* lead co member */
	const char *state; /* assigned signed done */
	int64_t percent;
	/* The unit's plan under the task: filled by plan_fill_cells, not read with the row. */
	struct db_task_lights plan;
};
/*
 * The rows of db_task_list from offset, at most limit, without their count:
 * the list read a part at a time by a caller that filters it itself (the
 * light filter, domain/task_view.c).
 */
enum db_rc db_task_list_part(struct db *db, struct arena *a, const char *scope, int64_t campaign_id,
			     int64_t limit, int64_t offset, struct db_task **out, size_t *n);
/*
 * The matrix of the children of unit parent_id (a unit of scope): the tasks
 * (campaign_id, 0: any) with an assignment to at least one child, in due
 * order, limit/offset of *total, each with the counts of the children's
 * assignments; and every child's assignment of those tasks (*cells, in the
 * children's path order, then the tasks'). Three statements whatever the
 * size of the tree: the page with its count, the children, the page's
 * assignments by ids (laid out here); the count alone past the end.
 */
enum db_rc db_task_matrix(struct db *db, struct arena *a, const char *scope, int64_t parent_id,
			  int64_t campaign_id, int64_t limit, int64_t offset,
			  struct db_task **tasks, size_t *ntasks, int64_t *total,
			  struct db_task_cell **cells, size_t *ncells);
/*
 * Assignments of the subtree of path (within scope) past due on day today
 * and not done, oldest due first (then task, then unit). *total counts at
 * most DB_TASK_OVERDUE_COUNT_MAX + 1 rows, so that a million late
 * assignments cost no more than that to count.
 */
#define DB_TASK_OVERDUE_COUNT_MAX 10000
enum db_rc db_task_overdue(struct db *db, struct arena *a, const char *scope, const char *path,
			   int64_t campaign_id, const char *today, int64_t limit, int64_t offset,
			   struct db_task_cell **out, size_t *n, int64_t *total);
/* The assignments of unit org_id (of scope), in due order, at most limit. */
enum db_rc db_task_timeline(struct db *db, struct arena *a, const char *scope, int64_t org_id,
			    int64_t campaign_id, int64_t limit, struct db_task_cell **out,
			    size_t *n);

/*
 * Plans, adjustments, the parent's light rule and the records behind a task (db/plan.c).
 * scope as for tasks: the reader's unit path.
 */
/* A sub-task (t->parent_id set) with its milestone; *id is the new task's. */
enum db_rc db_subtask_insert(struct db *db, const struct db_task *t, int64_t *id);
/* The sub-tasks of parent_id planned by org_id (0: by any unit) that scope sees, by due date. */
enum db_rc db_subtask_list(struct db *db, struct arena *a, const char *scope, int64_t parent_id,
			   int64_t org_id, int64_t limit, int64_t offset, struct db_task **out,
			   size_t *n, int64_t *total);
/*
 * Every assignment of the plan trees under the nroots tasks roots — their
 * sub-tasks, theirs, and so on down — that scope sees, in one statement (a
 * recursive query), in no particular order; assignments found not
 * concerned left out. A tree under a root that is itself below another
 * root comes once for each. The rows are a's.
 */
enum db_rc db_task_plan_tree(struct db *db, struct arena *a, const char *scope,
			     const int64_t *roots, size_t nroots, struct db_plan_node **out,
			     size_t *n);
/* Move one assignment's due date (NULL: back to the task's). */
enum db_rc db_task_unit_set_due(struct db *db, int64_t task_id, int64_t org_id, const char *due,
				int64_t now);
/* Mark one assignment not concerned (不适用) from now on. */
enum db_rc db_task_unit_set_na(struct db *db, int64_t task_id, int64_t org_id, int64_t now);
enum db_rc db_task_set_title(struct db *db, int64_t id, const char *title, int64_t now);
/* A pending request; DB_CONFLICT when the assignment has one pending already. */
enum db_rc db_adjust_insert(struct db *db, const struct db_task_adjustment *j, int64_t *id);
/* Request id of task_id (whatever the reader's scope). */
enum db_rc db_adjust_get(struct db *db, struct arena *a, int64_t task_id, int64_t id,
			 struct db_task_adjustment *out);
/* The requests of task_id that scope sees (its units', or all on the assigner's side), oldest
 * first. */
enum db_rc db_adjust_list(struct db *db, struct arena *a, const char *scope, int64_t task_id,
			  int64_t limit, int64_t offset, struct db_task_adjustment **out,
			  size_t *n, int64_t *total);
/* Answer a pending request (state accepted or refused); *done says whether this call did. */
enum db_rc db_adjust_answer(struct db *db, int64_t id, const char *state, const char *answer,
			    int64_t by, const char *by_name, int64_t now, bool *done);
enum db_rc db_campaign_set_light_rule(struct db *db, int64_t id, const char *rule,
				      int64_t share);
/* Link record_id to the task it carries out (0: none). */
enum db_rc db_record_set_task(struct db *db, int64_t record_id, int64_t task_id);
/* *covers: task_id is assigned (and applies) to the unit at path or to one of its ancestors. */
enum db_rc db_task_covers(struct db *db, int64_t task_id, const char *path, bool *covers);
/* Records of scope's subtree (only org_id unless 0) that carry out task_id or any sub-task
 * below it, newest first. */
enum db_rc db_task_records(struct db *db, struct arena *a, const char *scope, int64_t org_id,
			   int64_t task_id, int64_t limit, int64_t offset, struct db_record **out,
			   size_t *n, int64_t *total);

/*
 * Bulk loading (xuanguan demo generate), in the caller's transaction. The
 * caller vouches for what it loads: nothing here checks rules or keeps the
 * roll-ups (the caller writes them with db_rollup_apply).
 *
 * db_bulk_org inserts unit o with its own id, parent, path and depth;
 * db_bulk_org_done, after the last, makes the ids the tree hands out follow
 * them. db_bulk_records inserts the records of rows_json, a JSON array of
 * [org_id, kind, day, title, campaign_id or null, participants, audience,
 * hours, detail object, state, review_reason or null, reviewed_at or null,
 * author_org_id, recorded_by_name, recorded_at], in one statement.
 */
enum db_rc db_bulk_org(struct db *db, const struct db_org *o, int64_t kind_id);
enum db_rc db_bulk_org_done(struct db *db);
enum db_rc db_bulk_records(struct db *db, const char *rows_json);

/*
 * Read snapshots and memos (db/memo.c): a read that sees one state of the data from start to end,
 * and a connection's small cache of answers built from one.
 *
 * db_snapshot_begin starts a read-only transaction (SQLite: deferred, outside the write gate;
 * PostgreSQL: REPEATABLE READ READ ONLY) on a connection in no transaction, fixes its snapshot and
 * writes into token a text naming the data it sees: two snapshots of one connection with the same
 * token see the same data. SQLite: PRAGMA data_version, which changes when any other connection
 * (thread or process) has committed, and total_changes(), which changes with the connection's own
 * writes; PostgreSQL: pg_current_snapshot() (xmin, xmax and the transactions in progress: the same
 * set of committed transactions; some 100 transactions in progress fit). An empty token (one too
 * long to keep) matches nothing. Every snapshot begun ends with db_snapshot_end, which cannot fail
 * (it keeps db_error for the log).
 *
 * The memo belongs to its connection, and a connection serves one caller at a time, so it needs no
 * lock; it holds at most DB_MEMO_SLOTS answers and DB_MEMO_BYTES bytes, the least recently used
 * leaving first. db_memo_get gives the answer kept under key if it was built under token, else
 * NULL; its bytes (NUL-terminated, *len of them) belong to the memo and live until the connection's
 * next db_memo_put or its close. db_memo_put keeps a copy of val for key and token, in place of the
 * key's older answer; a value over DB_MEMO_VALUE_MAX bytes, an empty token or a failed allocation
 * keep nothing (a memo is never needed to answer).
 */
#define DB_TOKEN_CAP 1024
#define DB_MEMO_KEY_CAP 96
#define DB_MEMO_SLOTS 8
#define DB_MEMO_BYTES (512 * 1024)
#define DB_MEMO_VALUE_MAX (256 * 1024)
enum db_rc db_snapshot_begin(struct db *db, char token[DB_TOKEN_CAP]);
void db_snapshot_end(struct db *db);
const char *db_memo_get(struct db *db, const char *key, const char *token, size_t *len);
void db_memo_put(struct db *db, const char *key, const char *token, const void *val, size_t len);

/*
 * Generated tasks (demo generate --tasks). db_bulk_tasks inserts the tasks
 * of rows_json, a JSON array of [title, paragraph, section_path,
 * start_date, due_date], assigned by unit assigner_id in campaign
 * campaign_id, in array order (so their ids follow it). db_bulk_task_units
 * then assigns every task of the campaign to every unit of depth 1, and to
 * each deeper unit whose draw (from the ids and seed, 0..32767) is below
 * share, with mixed states, in one statement, and sets *n to the
 * campaign's assignments.
 */
enum db_rc db_bulk_tasks(struct db *db, const char *rows_json, int64_t assigner_id,
			 int64_t campaign_id, int64_t created_at);
enum db_rc db_bulk_task_units(struct db *db, int64_t campaign_id, int64_t seed, int64_t share,
			      int64_t created_at, int64_t *n);

/*
 * Assignments counted per (unit, task): how many of the unit's children are
 * assigned the task (task_unit_counts; the matrix reads a unit's tasks from
 * it). Each call belongs in the transaction of the write it follows:
 * db_task_count_add after one assignment of org_id to task_id;
 * db_task_count_task after adding many to one task, db_task_count_campaign
 * after adding many to a campaign's tasks (both recount them);
 * db_task_count_move when unit org_id moves from old_parent to new_parent
 * (0: none), before or after the move itself. DB_OK or DB_ERR.
 */
enum db_rc db_task_count_add(struct db *db, int64_t task_id, int64_t org_id);
enum db_rc db_task_count_task(struct db *db, int64_t task_id);
enum db_rc db_task_count_campaign(struct db *db, int64_t campaign_id);
enum db_rc db_task_count_move(struct db *db, int64_t org_id, int64_t old_parent,
			      int64_t new_parent);
/*
 * One assignment's part of its parent's counts beside n (不适用, signed, done),
 * around a write that may change its state or 不适用 (sign, progress, 不适用):
 * db_task_count_unit_out before it (holds the assignment on PostgreSQL until
 * the transaction ends, and takes its part out), db_task_count_unit_in after
 * (puts its new part in), both in the write's transaction. A unit without a
 * parent, or no such assignment, changes nothing. DB_OK or DB_ERR.
 */
enum db_rc db_task_count_unit_out(struct db *db, int64_t task_id, int64_t org_id);
enum db_rc db_task_count_unit_in(struct db *db, int64_t task_id, int64_t org_id);
/* The counts of one (unit, task): its children's assignments, of them 不适用, signed (or done)
 * and not 不适用, done and not 不适用. */
struct db_task_counts {
	int64_t n, na, signed_n, done;
};
/*
 * xuanguan check: every (unit, task) whose counts recomputed from the
 * assignments (want) differ from the stored ones (have), in key order, to
 * row (0 to go on). The database does the grouping; nothing is held.
 */
enum db_rc db_task_count_check_each(struct db *db,
				    int (*row)(void *cls, int64_t org_id, int64_t task_id,
					       const struct db_task_counts *want,
					       const struct db_task_counts *have),
				    void *cls);

#endif
