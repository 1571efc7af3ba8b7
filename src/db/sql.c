/* db_sql: the statement table. Parameters are always bound ($1..$N); nothing is pasted. */
#include "db/sql.h"

#include <stddef.h>

#include "db/rows.h"

/* A statement: one text for both backends, or one per backend where the dialects differ. */
struct stmt {
	const char *both;
	const char *sqlite;
	const char *pg;
};

/* The columns of struct db_org (db/rows.h), and the join they need. */
#define ORG_SELECT                                                                                 \
	"SELECT " DB_COLUMNS(DB_ORG_COLUMNS) " FROM org o JOIN org_kind k ON k.id = o.kind_id "
/* A subtree: path in [lo, hi), see db/db.c's scope_range(). */
#define IN_SCOPE(lo, hi) "o.path >= " lo " AND o.path < " hi
/* The columns of struct db_user (db/rows.h), and the join they need. */
#define USER_FROM " FROM users u JOIN org o ON o.id = u.org_id "
#define USER_SELECT "SELECT " DB_COLUMNS(DB_USER_COLUMNS) USER_FROM
#define USER_FILTER                                                                                \
	" WHERE " IN_SCOPE(                                                                        \
	    "$1", "$2") " AND (CAST($3 AS BIGINT) = 0 OR u.org_id = $3)"                           \
			" AND (CAST($4 AS TEXT) IS NULL OR u.username LIKE $4 ESCAPE '\\'"         \
			" OR u.display_name LIKE $4 ESCAPE '\\')"
#define AUDIT_FILTER                                                                               \
	" WHERE (CAST($1 AS TEXT) IS NULL OR (org_path >= $1 AND org_path < $2))"                  \
	" AND (CAST($3 AS TEXT) IS NULL OR actor_name = $3)"                                       \
	" AND (CAST($4 AS TEXT) IS NULL OR action = $4)"                                           \
	" AND (CAST($5 AS TEXT) IS NULL OR object_type = $5)"                                      \
	" AND (CAST($6 AS TEXT) IS NULL OR object_id = $6)"                                        \
	" AND at >= $7 AND at < $8"

/* The columns of struct db_file (db/rows.h): a file with its record's unit. */
#define FILE_SELECT                                                                                \
	"SELECT " DB_COLUMNS(DB_FILE_COLUMNS) " FROM record_files f JOIN records r ON r.id ="      \
					      " f.record_id JOIN org o ON o.id = r.org_id "
/* Campaigns the caller sees: run by a unit of the subtree [$1, $2) or by an ancestor of the
 * caller's unit $3 (NULL: the whole tree sees every campaign). */
#define CAMPAIGN_SELECT                                                                            \
	"SELECT " DB_COLUMNS(DB_CAMPAIGN_COLUMNS) " FROM campaigns c JOIN org o ON o.id = "        \
						  "c.org_id "
#define CAMPAIGN_VISIBLE                                                                           \
	"((" IN_SCOPE("$1", "$2") ") OR (CAST($3 AS TEXT) IS NOT NULL"                             \
				  " AND substr($3, 1, length(o.path)) = o.path))"
/* Records in [$1, $2) that are not deleted. */
#define RECORD_FROM                                                                                \
	" FROM records r JOIN org o ON o.id = r.org_id LEFT JOIN org ao ON ao.id = "               \
	"r.author_org_id "
#define RECORD_SELECT "SELECT " DB_COLUMNS(DB_RECORD_COLUMNS) RECORD_FROM
#define RECORD_FILTER                                                                              \
	" WHERE r.deleted = 0 AND " IN_SCOPE(                                                      \
	    "$1",                                                                                  \
	    "$2") " AND (CAST($3 AS BIGINT) = 0 OR"                                                \
		  " r.org_id = $3) AND (CAST($4 AS TEXT) IS NULL OR r.kind = $4)"                  \
		  " AND (CAST($5 AS BIGINT) = 0 OR r.campaign_id = $5)"                            \
		  " AND (CAST($6 AS TEXT) IS NULL OR r.day >= $6) AND (CAST($7 AS TEXT) IS NULL"   \
		  " OR r.day <= $7) AND (CAST($8 AS TEXT) IS NULL OR r.title LIKE $8 ESCAPE '\\')" \
		  " AND (CAST($9 AS TEXT) IS NULL OR r.state = $9)"
/* Tasks the caller sees: assigned by a unit of the subtree [$1, $2), or assigned to one; with the
 * counts of the assignments it sees (all of them when it sees the assigner). */
#define TASK_FROM                                                                                  \
	" FROM tasks t JOIN org ao ON ao.id = t.assigner_org_id"                                   \
	" LEFT JOIN campaigns c ON c.id = t.campaign_id"                                           \
	" JOIN task_units tu ON tu.task_id = t.id JOIN org uo ON uo.id = tu.org_id "
#define TASK_SEES "((ao.path >= $1 AND ao.path < $2) OR (uo.path >= $1 AND uo.path < $2))"
#define TASK_SELECT "SELECT " DB_COLUMNS(DB_TASK_COLUMNS) TASK_FROM
#define TASK_GROUP " GROUP BY t.id, ao.id, c.id "
#define TASK_FILTER                                                                                \
	" WHERE t.deleted = 0 AND " TASK_SEES " AND (CAST($3 AS BIGINT) = 0 OR t.campaign_id = "   \
					      "$3)"
#define TASK_UNIT_SELECT                                                                           \
	"SELECT " DB_COLUMNS(                                                                      \
	    DB_TASK_UNIT_COLUMNS) " FROM task_units tu"                                            \
				  " JOIN org uo ON uo.id = tu.org_id"                              \
				  " JOIN tasks t ON t.id = tu.task_id"                             \
				  " JOIN org ao ON ao.id = t.assigner_org_id"                      \
				  " LEFT JOIN campaigns c ON c.id = t.campaign_id "
/* 1 when a record counts in the figures (publicity once approved), else 0. */
#define RECORD_COUNTS "(CASE WHEN r.kind <> 'publicity' OR r.state = 'approved' THEN 1 ELSE 0 END)"
/* The list in another order: order is a fixed text of this table, never a request's. */
#define RECORD_LIST_BY(order) RECORD_SELECT RECORD_FILTER " ORDER BY " order " LIMIT $10 OFFSET $11"
#define RECORD_REVIEW                                                                              \
	" WHERE r.deleted = 0 AND r.kind = 'publicity' AND r.state = 'submitted' AND " IN_SCOPE(   \
	    "$1", "$2") " AND ao.path >= $1 AND ao.path < $2"                                      \
			" AND (CAST($3 AS TEXT) IS NULL OR ao.path <> $3)"                         \
			" AND (CAST($4 AS BIGINT) = 0 OR r.recorded_by IS NULL"                    \
			" OR r.recorded_by <> $4)"
/* Counters summed over their slots. */
#define ROLLUP_SUMS                                                                                \
	"SELECT u.org_id, u.campaign_id, u.kind, u.month, sum(u.records), sum(u.participants),"    \
	" sum(u.audience), sum(u.hours) FROM rollup u "
#define ROLLUP_GROUP " GROUP BY u.org_id, u.campaign_id, u.kind, u.month"
/*
 * Add deltas to counters, one statement for every row a write touches: $1
 * is a JSON array of [org_id, campaign_id, kind, month, records,
 * participants, audience, hours] with no key twice, $2 the slot.
 */
#define ROLLUP_UPSERT                                                                              \
	" ON CONFLICT (org_id, campaign_id, kind, month, slot) DO UPDATE SET"                      \
	" records = rollup.records + excluded.records,"                                            \
	" participants = rollup.participants + excluded.participants,"                             \
	" audience = rollup.audience + excluded.audience, hours = rollup.hours + excluded.hours"

/* Notices with the reader's ($2) receipt; a unit's ($1) own, to everyone or to the reader. */
#define NOTICE_FROM                                                                                \
	" FROM notices n JOIN org o ON o.id = n.org_id LEFT JOIN org so ON so.id ="                \
	" n.sender_org_id LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = $2 "
#define NOTICE_SELECT "SELECT " DB_COLUMNS(DB_NOTICE_COLUMNS) NOTICE_FROM
#define NOTICE_MINE                                                                                \
	"WHERE n.org_id = $1 AND (n.user_id IS NULL OR n.user_id = $2)"                            \
	" AND (CAST($3 AS INTEGER) = 0 OR r.read_at IS NULL)"
/* Lecture orders seen from [$1, $2): asked by a unit of it, or of a team in it. */
#define LECTURE_FROM                                                                               \
	" FROM lecture_orders lo JOIN org o ON o.id = lo.org_id JOIN org tm ON tm.id ="            \
	" lo.team_id LEFT JOIN lecturers l ON l.id = lo.lecturer_id "
#define LECTURE_SELECT "SELECT " DB_COLUMNS(DB_LECTURE_ORDER_COLUMNS) LECTURE_FROM
#define LECTURE_SEES "((o.path >= $1 AND o.path < $2) OR (tm.path >= $1 AND tm.path < $2))"
#define LECTURE_FILTER                                                                             \
	"WHERE " LECTURE_SEES " AND (CAST($3 AS BIGINT) = 0 OR lo.team_id = $3)"                   \
	" AND (CAST($4 AS TEXT) IS NULL OR lo.state = $4)"                                         \
	" AND (CAST($5 AS TEXT) IS NULL OR lo.lecture_date >= $5)"                                 \
	" AND (CAST($6 AS TEXT) IS NULL OR lo.lecture_date <= $6)"

static const struct stmt stmts[SQL__MAX] = {
    [SQL_BEGIN] = {.sqlite = "BEGIN IMMEDIATE", .pg = "BEGIN"},
    [SQL_COMMIT] = {.both = "COMMIT"},
    [SQL_ROLLBACK] = {.both = "ROLLBACK"},
    [SQL_SCHEMA_EXISTS] = {.sqlite = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				     " AND name = 'schema_migrations'",
			   .pg = "SELECT count(*) FROM pg_catalog.pg_tables"
				 " WHERE tablename = 'schema_migrations'"
				 " AND schemaname = current_schema()"},
    [SQL_SCHEMA_VERSION] = {.both = "SELECT coalesce(max(version), 0) FROM schema_migrations"},
    [SQL_SCHEMA_RECORD] = {.both = "INSERT INTO schema_migrations (version, applied_at)"
				   " VALUES ($1, $2)"},
    [SQL_KIND_LIST] = {.both = "SELECT " DB_COLUMNS(DB_KIND_COLUMNS) " FROM org_kind"
								     " ORDER BY sort, id"},
    [SQL_KIND_BY_NAME] = {.both = "SELECT " DB_COLUMNS(DB_KIND_COLUMNS) " FROM org_kind"
									" WHERE name = $1"},
    [SQL_KIND_INSERT] = {.both = "INSERT INTO org_kind (name, sort) VALUES"
				 " ($1, (SELECT coalesce(max(sort), 0) + 10 FROM org_kind))"
				 " RETURNING id"},
    /*
     * Tree writes read paths and then write paths derived from them. SQLite's
     * BEGIN IMMEDIATE already serialises writers; PostgreSQL under READ
     * COMMITTED needs a lock held to the end of the transaction.
     */
    /* A read-only walk sees one moment: PostgreSQL's READ COMMITTED would take a snapshot per
     * statement; a SQLite transaction reads one already. First statement of the transaction. */
    [SQL_SNAPSHOT] = {.sqlite = "SELECT 1",
		      .pg = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"},
    [SQL_TREE_LOCK] = {.sqlite = "SELECT 1", .pg = "SELECT pg_advisory_xact_lock(7262021)"},
    /*
     * The paths of existing units: a move takes it exclusively (after the tree
     * lock), record writes in share mode before they read a unit's path, so a
     * move waits for the writes in flight and they for it, but record writes
     * never wait for each other nor for unit creations and imports. Its own key,
     * not the tree lock's: an import holds that for the whole file.
     */
    [SQL_PATH_LOCK] = {.sqlite = "SELECT 1", .pg = "SELECT pg_advisory_xact_lock(7262022)"},
    [SQL_PATH_SHARE] = {.sqlite = "SELECT 1", .pg = "SELECT pg_advisory_xact_lock_shared(7262022)"},
    [SQL_ORG_NEXT_ID] = {.sqlite = "SELECT coalesce(max(id), 0) + 1 FROM org",
			 .pg = "SELECT nextval('org_id_seq')"},
    [SQL_ORG_INSERT] = {.both = "INSERT INTO org (id, parent_id, code, name, kind_id, path, depth,"
				" members, closed, created_at, updated_at)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)"},
    [SQL_ORG_GET] = {.both = ORG_SELECT "WHERE o.id = $1 AND " IN_SCOPE("$2", "$3")},
    [SQL_ORG_BY_CODE] = {.both = ORG_SELECT
			 "WHERE lower(o.code) = lower($1) AND " IN_SCOPE("$2", "$3")},
    [SQL_ORG_CHILDREN] = {.both = ORG_SELECT "WHERE o.parent_id = $1 AND " IN_SCOPE(
			      "$2", "$3") " ORDER BY o.closed, k.sort, o.code"
					  " LIMIT $4 OFFSET $5"},
    [SQL_ORG_SEARCH] = {.sqlite = ORG_SELECT "WHERE " IN_SCOPE(
			    "$1", "$2") " AND (o.name LIKE $3 ESCAPE '\\'"
					" OR o.code LIKE $3 ESCAPE '\\')"
					" ORDER BY o.depth, o.code LIMIT $4 OFFSET $5",
			.pg = ORG_SELECT "WHERE " IN_SCOPE(
			    "$1", "$2") " AND (o.name ILIKE $3 ESCAPE '\\'"
					" OR o.code ILIKE $3 ESCAPE '\\')"
					" ORDER BY o.depth, o.code LIMIT $4 OFFSET $5"},
    [SQL_ORG_SEARCH_COUNT] = {.sqlite = "SELECT count(*) FROM org o WHERE " IN_SCOPE(
				  "$1", "$2") " AND (o.name LIKE $3 ESCAPE '\\'"
					      " OR o.code LIKE $3 ESCAPE '\\')",
			      .pg = "SELECT count(*) FROM org o WHERE " IN_SCOPE(
				  "$1", "$2") " AND (o.name ILIKE $3 ESCAPE '\\'"
					      " OR o.code ILIKE $3 ESCAPE '\\')"},
    [SQL_ORG_SUBTREE] = {.both = ORG_SELECT
			 "WHERE " IN_SCOPE("$1", "$2") " ORDER BY o.path LIMIT $3 OFFSET $4"},
    [SQL_ORG_SUBTREE_COUNT] = {.both =
				   "SELECT count(*), coalesce(sum(o.members), 0)"
				   " FROM org o WHERE " IN_SCOPE("$1", "$2") " AND o.closed = 0"},
    [SQL_ORG_UPDATE] = {.both = "UPDATE org SET code = $2, name = $3, kind_id = $4, members = $5,"
				" closed = $6, updated_at = $7 WHERE id = $1"},
    [SQL_ORG_SET_PARENT] = {.both = "UPDATE org SET parent_id = $2 WHERE id = $1"},
    [SQL_ORG_MOVE_SUBTREE] = {.both = "UPDATE org SET path = $1 || substr(path, $2),"
				      " depth = depth + $3, updated_at = $4"
				      " WHERE path >= $5 AND path < $6"},
    [SQL_ORG_OPEN_CHILDREN] = {.both = "SELECT count(*) FROM org WHERE parent_id = $1"
				       " AND closed = 0"},
    [SQL_ORG_SUBTREE_DEPTH] = {.both = "SELECT coalesce(max(o.depth), 0) FROM org o"
				       " WHERE " IN_SCOPE("$1", "$2")},
    [SQL_USER_INSERT] = {.both = "INSERT INTO users (org_id, username, display_name, role,"
				 " pw_hash, disabled, created_at, updated_at, pw_changed_at)"
				 " VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $6) RETURNING id"},
    [SQL_USER_GET] = {.both = USER_SELECT "WHERE u.id = $1 AND " IN_SCOPE("$2", "$3")},
    [SQL_USER_BY_NAME] = {.both = USER_SELECT "WHERE u.username = $1"},
    [SQL_USER_UPDATE] = {.both = "UPDATE users SET org_id = $2, display_name = $3, role = $4,"
				 " disabled = $5, updated_at = $6 WHERE id = $1"},
    [SQL_USER_SET_PASSWORD] = {.both = "UPDATE users SET pw_hash = $2, pw_changed_at = $3,"
				       " updated_at = $3 WHERE id = $1"},
    [SQL_USER_LIST] = {.both = USER_SELECT USER_FILTER
		       " ORDER BY o.path, u.username LIMIT $5 OFFSET $6"},
    [SQL_USER_COUNT] =
	{.both = "SELECT count(*) FROM users u JOIN org o ON o.id = u.org_id" USER_FILTER},
    [SQL_SESSION_INSERT] = {.both = "INSERT INTO sessions (token_hash, user_id, kind, csrf, label,"
				    " client, created_at, last_seen, expires_at)"
				    " VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id"},
    /* The session and its account in one read: this runs on every authenticated request. */
    [SQL_SESSION_LOOKUP] =
	{.both = "SELECT " DB_SESSION_COLUMNS(DB_COLUMN_SQL)
	     DB_COLUMNS(DB_USER_COLUMNS) " FROM sessions s JOIN users u ON u.id = s.user_id"
					 " JOIN org o ON o.id = u.org_id WHERE s.token_hash = $1"},
    [SQL_SESSION_TOUCH] = {.both = "UPDATE sessions SET last_seen = $2 WHERE id = $1"},
    [SQL_SESSION_DELETE] = {.both = "DELETE FROM sessions WHERE id = $1"},
    [SQL_SESSION_DELETE_USER] = {.both = "DELETE FROM sessions WHERE user_id = $1 AND id <> $2"},
    [SQL_SESSION_PURGE] = {.both = "DELETE FROM sessions WHERE expires_at < $1"},
    [SQL_TOKEN_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_SESSION_COLUMNS) " FROM sessions s"
				 " WHERE s.user_id = $1 AND s.kind = 'api' ORDER BY s.id"},
    [SQL_TOKEN_DELETE] = {.both = "DELETE FROM sessions WHERE id = $1 AND user_id = $2"
				  " AND kind = 'api'"},
    [SQL_THROTTLE_GET] = {.both = "SELECT failures, window_start, locked_until, blocked"
				  " FROM throttle WHERE key = $1"},
    /* One atomic step: count a failure, restarting the window when it has passed ($3). */
    [SQL_THROTTLE_FAIL] = {.both =
			       "INSERT INTO throttle (key, failures, window_start, locked_until)"
			       " VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET"
			       " failures = CASE WHEN throttle.window_start < $3 THEN 1"
			       " ELSE throttle.failures + 1 END,"
			       " window_start = CASE WHEN throttle.window_start < $3 THEN $2"
			       " ELSE throttle.window_start END"
			       " RETURNING failures, window_start, locked_until, blocked"},
    /*
     * The same for a key that locks: an expired lock also starts a new count,
     * so a key over its limit without a lock is one whose attempts are still
     * in flight (their outcome will lock or clear it).
     */
    [SQL_THROTTLE_FAIL_LOCKING] =
	{.both =
	     "INSERT INTO throttle (key, failures, window_start, locked_until)"
	     " VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET"
	     " failures = CASE WHEN throttle.window_start < $3 OR (throttle.locked_until > 0"
	     " AND throttle.locked_until <= $2) THEN 1 ELSE throttle.failures + 1 END,"
	     " window_start = CASE WHEN throttle.window_start < $3 OR (throttle.locked_until > 0"
	     " AND throttle.locked_until <= $2) THEN $2 ELSE throttle.window_start END,"
	     " locked_until = CASE WHEN throttle.locked_until <= $2 THEN 0"
	     " ELSE throttle.locked_until END"
	     " RETURNING failures, window_start, locked_until, blocked"},
    [SQL_THROTTLE_LOCK] = {.both = "UPDATE throttle SET locked_until = $2 WHERE key = $1"},
    [SQL_THROTTLE_CLEAR] = {.both = "DELETE FROM throttle WHERE key = $1"},
    [SQL_THROTTLE_LOCKED] = {.both = "SELECT key, failures, locked_until FROM throttle"
				     " WHERE locked_until > $1 ORDER BY key"},
    /*
     * Take the next slot of a slowed key: only one of any number of racing
     * attempts finds locked_until in the past ($3) and moves it on ($2).
     */
    [SQL_THROTTLE_CLAIM] = {.both = "UPDATE throttle SET locked_until = $2"
				    " WHERE key = $1 AND locked_until <= $3"},
    [SQL_THROTTLE_BLOCK] = {.both = "UPDATE throttle SET blocked = blocked + 1 WHERE key = $1"
				    " RETURNING blocked"},
    [SQL_THROTTLE_UNBLOCK] = {.both = "UPDATE throttle SET blocked = 0 WHERE key = $1"},
    /* A success gives back the attempt it was counted as before the hash. */
    [SQL_THROTTLE_REFUND] = {.both = "UPDATE throttle SET failures = failures - 1"
				     " WHERE key = $1 AND failures > 0"},
    /* An account's keys: "user:NAME" and "user:NAME@ADDRESS" ($2 = "user:NAME@"). */
    [SQL_THROTTLE_ACCOUNT] = {.both = "SELECT key, failures, window_start, locked_until, blocked"
				      " FROM throttle WHERE key = $1"
				      " OR substr(key, 1, length($2)) = $2 ORDER BY key"},
    [SQL_THROTTLE_CLEAR_ACCOUNT] = {.both = "DELETE FROM throttle WHERE key = $1"
					    " OR substr(key, 1, length($2)) = $2"},
    [SQL_LOGIN_SEEN_GET] = {.both = "SELECT at FROM login_seen WHERE username = $1"
				    " AND client = $2"},
    [SQL_LOGIN_SEEN_PUT] = {.both = "INSERT INTO login_seen (username, client, at)"
				    " VALUES ($1, $2, $3) ON CONFLICT (username, client)"
				    " DO UPDATE SET at = excluded.at"},
    [SQL_SETTING_GET] = {.both = "SELECT value FROM settings WHERE key = $1"},
    [SQL_SETTING_PUT] = {.both = "INSERT INTO settings (key, value) VALUES ($1, $2)"
				 " ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
    [SQL_SETTING_LIST] = {.both = "SELECT key, value FROM settings ORDER BY key"},
    [SQL_SETTING_BUMP] = {.sqlite =
			      "INSERT INTO settings (key, value) VALUES ($1, '1')"
			      " ON CONFLICT (key) DO UPDATE"
			      " SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)",
			  .pg = "INSERT INTO settings (key, value) VALUES ($1, '1')"
				" ON CONFLICT (key) DO UPDATE"
				" SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)"},
    [SQL_SETTING_INT] = {.sqlite = "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM settings"
				   " WHERE key = $1",
			 .pg = "SELECT coalesce(max(CAST(value AS BIGINT)), 0) FROM settings"
			       " WHERE key = $1"},
    [SQL_AUDIT_INSERT] = {.both = "INSERT INTO audit (at, actor_id, actor_name, org_path, client,"
				  " action, object_type, object_id, summary, before_data,"
				  " after_data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
				  " $11)"},
    /* $9: keyset paging, only entries below that id (0: from the newest). */
    [SQL_AUDIT_LIST] = {.both = "SELECT " DB_COLUMNS(
			    DB_AUDIT_COLUMNS) " FROM audit" AUDIT_FILTER
					      " AND (CAST($9 AS BIGINT) = 0 OR id < $9)"
					      " ORDER BY id DESC LIMIT $10 OFFSET $11"},
    [SQL_AUDIT_COUNT] = {.both = "SELECT count(*) FROM audit" AUDIT_FILTER},
    [SQL_CAMPAIGN_INSERT] = {.both = "INSERT INTO campaigns (org_id, name, start_date, end_date,"
				     " description, created_by, created_at, updated_at, warn_days)"
				     " VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id"},
    [SQL_CAMPAIGN_GET] = {.both = CAMPAIGN_SELECT "WHERE c.id = $4 AND " CAMPAIGN_VISIBLE},
    [SQL_CAMPAIGN_LIST] = {.both = CAMPAIGN_SELECT
			   "WHERE " CAMPAIGN_VISIBLE
			   " ORDER BY c.start_date DESC, c.id DESC LIMIT $4 OFFSET $5"},
    [SQL_CAMPAIGN_COUNT] = {.both = "SELECT count(*) FROM campaigns c JOIN org o ON o.id = c.org_id"
				    " WHERE " CAMPAIGN_VISIBLE},
    [SQL_CAMPAIGN_UPDATE] = {.both = "UPDATE campaigns SET name = $2, start_date = $3,"
				     " end_date = $4, description = $5, updated_at = $6,"
				     " warn_days = $7 WHERE id = $1"},
    [SQL_RECORD_INSERT] = {.both =
			       "INSERT INTO records (org_id, kind, day, title, campaign_id,"
			       " participants, audience, hours, detail, state, author_org_id,"
			       " recorded_by, recorded_by_name, recorded_at, updated_at)"
			       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
			       " $14, $14) RETURNING id"},
    [SQL_RECORD_GET] = {.both = RECORD_SELECT
			"WHERE r.id = $3 AND r.deleted = 0 AND " IN_SCOPE("$1", "$2")},
    /* Every column a change may touch, written whole from the domain's new row. */
    [SQL_RECORD_UPDATE] = {.both = "UPDATE records SET day = $2, title = $3, campaign_id = $4,"
				   " participants = $5, audience = $6, hours = $7, detail = $8,"
				   " state = $9, review_reason = $10, reviewed_by = $11,"
				   " reviewed_at = $12, updated_at = $13, deleted = $14,"
				   " deleted_reason = $15, deleted_by = $16, deleted_at = $17"
				   " WHERE id = $1 AND deleted = 0"},
    [SQL_RECORD_LIST] = {.both = RECORD_SELECT RECORD_FILTER
			 " ORDER BY r.day DESC, r.id DESC LIMIT $10 OFFSET $11"},
    [SQL_RECORD_COUNT] = {.both = "SELECT count(*)" RECORD_FROM RECORD_FILTER},
    /* What the roll-ups must hold, per unit: the counted records (xuanguan check). */
    [SQL_RECORD_COUNTED] = {.both = "SELECT o.path, coalesce(r.campaign_id, 0), r.kind,"
				    " substr(r.day, 1, 7), count(*), sum(r.participants),"
				    " sum(r.audience), sum(r.hours)"
				    " FROM records r JOIN org o ON o.id = r.org_id"
				    " WHERE r.deleted = 0 AND (r.kind <> 'publicity'"
				    " OR r.state = 'approved')"
				    " GROUP BY o.path, r.campaign_id, r.kind, substr(r.day, 1, 7)"},
    [SQL_ROLLUP_APPLY] =
	{.sqlite = "INSERT INTO rollup (org_id, campaign_id, kind, month, slot,"
		   " records, participants, audience, hours)"
		   " SELECT json_extract(value, '$[0]'),"
		   " json_extract(value, '$[1]'), json_extract(value, '$[2]'),"
		   " json_extract(value, '$[3]'), $2, json_extract(value, '$[4]'),"
		   " json_extract(value, '$[5]'), json_extract(value, '$[6]'),"
		   " json_extract(value, '$[7]') FROM json_each($1) WHERE true" ROLLUP_UPSERT,
	 .pg = "INSERT INTO rollup (org_id, campaign_id, kind, month, slot,"
	       " records, participants, audience, hours)"
	       " SELECT CAST(e->>0 AS BIGINT), CAST(e->>1 AS BIGINT), e->>2, e->>3,"
	       " $2, CAST(e->>4 AS BIGINT), CAST(e->>5 AS BIGINT),"
	       " CAST(e->>6 AS BIGINT), CAST(e->>7 AS BIGINT)"
	       " FROM json_array_elements(CAST($1 AS json)) e" ROLLUP_UPSERT},
    [SQL_ROLLUP_READ] = {.both = ROLLUP_SUMS "WHERE u.org_id = $1 AND u.campaign_id = $2"
					     " AND u.month >= $3 AND u.month <= $4" ROLLUP_GROUP
					     " ORDER BY u.month, u.kind"},
    [SQL_ROLLUP_CHILDREN] = {.both = ROLLUP_SUMS "JOIN org o ON o.id = u.org_id"
						 " WHERE o.parent_id = $1 AND u.campaign_id = $2"
						 " AND u.month >= $3 AND u.month <= $4" ROLLUP_GROUP
						 " ORDER BY u.org_id"},
    [SQL_ROLLUP_ALL] = {.both = ROLLUP_SUMS ROLLUP_GROUP},
    /* A unit's own counters (its subtree's sums), to move them with it. */
    [SQL_ROLLUP_UNIT] = {.both = ROLLUP_SUMS "WHERE u.org_id = $1" ROLLUP_GROUP},
    /*
     * A unit moves: its own counters ($1; they are its subtree's sums) times
     * a sign are added to each unit of $2, a JSON array of [org_id, sign]
     * (-1: an ancestor it leaves, 1: one it joins), slot by slot, so each
     * slot row stays the sum of its own records and never goes below zero.
     */
    [SQL_ROLLUP_MOVE] =
	{.sqlite = "INSERT INTO rollup (org_id, campaign_id, kind, month, slot,"
		   " records, participants, audience, hours)"
		   " SELECT json_extract(a.value, '$[0]'), u.campaign_id, u.kind, u.month,"
		   " u.slot, json_extract(a.value, '$[1]') * u.records,"
		   " json_extract(a.value, '$[1]') * u.participants,"
		   " json_extract(a.value, '$[1]') * u.audience,"
		   " json_extract(a.value, '$[1]') * u.hours"
		   " FROM rollup u, json_each($2) a WHERE u.org_id = $1" ROLLUP_UPSERT,
	 .pg = "INSERT INTO rollup (org_id, campaign_id, kind, month, slot,"
	       " records, participants, audience, hours)"
	       " SELECT CAST(a->>0 AS BIGINT), u.campaign_id, u.kind, u.month, u.slot,"
	       " CAST(a->>1 AS BIGINT) * u.records, CAST(a->>1 AS BIGINT) * u.participants,"
	       " CAST(a->>1 AS BIGINT) * u.audience, CAST(a->>1 AS BIGINT) * u.hours"
	       " FROM rollup u CROSS JOIN json_array_elements(CAST($2 AS json)) a"
	       " WHERE u.org_id = $1" ROLLUP_UPSERT},
    /* Evidence files (db/file.c): seen through their record, never past a deleted one. */
    [SQL_FILE_INSERT] = {.both = "INSERT INTO record_files (record_id, name, media_type, size,"
				 " sha256, uploaded_by, uploaded_by_name, uploaded_at)"
				 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
    [SQL_FILE_CHUNK_INSERT] = {.both = "INSERT INTO record_file_chunks (file_id, seq, data)"
				       " VALUES ($1, $2, $3)"},
    [SQL_FILE_GET] = {.both = FILE_SELECT "WHERE f.id = $3 AND f.deleted = 0 AND r.deleted = 0"
				      " AND " IN_SCOPE("$1", "$2")},
    [SQL_FILE_LIST] = {.both = FILE_SELECT "WHERE f.record_id = $1 AND f.deleted = 0"
				       " AND r.deleted = 0 ORDER BY f.id"},
    [SQL_FILE_DELETE] = {.both = "UPDATE record_files SET deleted = 1, deleted_by = $2,"
				 " deleted_at = $3, deleted_reason = $4 WHERE id = $1 AND deleted = 0"},
    /* The bytes in order, as hex text: results are texts on both backends. */
    [SQL_FILE_CHUNKS] = {.sqlite = "SELECT hex(data) FROM record_file_chunks WHERE file_id = $1"
				   " ORDER BY seq",
			 .pg = "SELECT encode(data, 'hex') FROM record_file_chunks"
			       " WHERE file_id = $1 ORDER BY seq"},
    [SQL_TASK_INSERT] = {.both =
			     "INSERT INTO tasks (assigner_org_id, campaign_id, parent_id, title,"
			     " paragraph, section_path, start_date, due_date, created_by,"
			     " created_at, updated_at)"
			     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id"},
    [SQL_TASK_UNIT_INSERT] = {.both =
				  "INSERT INTO task_units (task_id, org_id, role, state,"
				  " percent, updated_at) VALUES ($1, $2, $3, 'assigned', 0, $4)"},
    /* Every open unit of kind $3 strictly below the assigner ($4, its range [$5, $6)) not yet
     * assigned: "every 区县科协". */
    [SQL_TASK_UNIT_INSERT_KIND] = {.both =
				       "INSERT INTO task_units (task_id, org_id, role, state,"
				       " percent, updated_at)"
				       " SELECT CAST($1 AS BIGINT), o.id, 'member', 'assigned', 0,"
				       " CAST($2 AS BIGINT)"
				       " FROM org o JOIN org_kind k ON k.id = o.kind_id"
				       " WHERE k.name = $3 AND o.id <> $4 AND o.closed = 0"
				       " AND o.path >= $5 AND o.path < $6 AND NOT EXISTS"
				       " (SELECT 1 FROM task_units x WHERE x.task_id = $1"
				       " AND x.org_id = o.id)"},
    [SQL_TASK_GET] = {.both = TASK_SELECT TASK_FILTER " AND t.id = $4" TASK_GROUP},
    [SQL_TASK_LIST] = {.both = TASK_SELECT TASK_FILTER TASK_GROUP
		       " ORDER BY t.due_date, t.id LIMIT $4 OFFSET $5"},
    [SQL_TASK_COUNT] = {.both = "SELECT count(DISTINCT t.id)" TASK_FROM TASK_FILTER},
    [SQL_TASK_UNITS] = {.both = TASK_UNIT_SELECT "WHERE tu.task_id = $3 AND " TASK_SEES
						 " ORDER BY uo.path LIMIT $4 OFFSET $5"},
    [SQL_TASK_UNITS_COUNT] = {.both = "SELECT count(*) FROM task_units tu"
				      " JOIN org uo ON uo.id = tu.org_id"
				      " JOIN tasks t ON t.id = tu.task_id"
				      " JOIN org ao ON ao.id = t.assigner_org_id"
				      " WHERE tu.task_id = $3 AND " TASK_SEES},
    [SQL_TASK_UNIT_GET] = {.both = TASK_UNIT_SELECT "WHERE tu.task_id = $1 AND tu.org_id = $2"
						    " AND t.deleted = 0"},
    /* Only a task not yet signed for is signed; the answer says whether this call did it. */
    [SQL_TASK_UNIT_SIGN] = {.both = "UPDATE task_units SET state = 'signed', signed_by = $3,"
				    " signed_at = $4, updated_at = $4"
				    " WHERE task_id = $1 AND org_id = $2 AND state = 'assigned'"
				    " RETURNING org_id"},
    [SQL_TASK_UNIT_PROGRESS] = {.both =
				    "UPDATE task_units SET percent = $3,"
				    " state = CASE WHEN CAST($3 AS INTEGER) >= 100 THEN 'done'"
				    " ELSE 'signed' END, done_at = CASE WHEN"
				    " CAST($3 AS INTEGER) >= 100 THEN CAST($4 AS BIGINT) END,"
				    " updated_at = $4"
				    " WHERE task_id = $1 AND org_id = $2 AND state <> 'assigned'"
				    " RETURNING org_id"},
    [SQL_TASK_PROGRESS_INSERT] = {.both = "INSERT INTO task_progress (task_id, org_id, percent,"
					  " text, by_user, by_name, at)"
					  " VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [SQL_TASK_PROGRESS_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_TASK_PROGRESS_COLUMNS) " FROM task_progress WHERE task_id = $1 AND org_id = $2"
				       " ORDER BY id DESC LIMIT $3"},
    /* Exports (db/record_walk.c): the list's rows without paging, with the unit's code and the
     * campaign's name after the record's columns. */
    [SQL_RECORD_EACH] = {.both = "SELECT " DB_COLUMNS(DB_RECORD_COLUMNS) ", o.code, c.name"
				 RECORD_FROM "LEFT JOIN campaigns c ON c.id = r.campaign_id"
				 RECORD_FILTER " ORDER BY r.day DESC, r.id DESC"},
    /* Imports: a unit by its exact name, a campaign by its exact name (two rows: ambiguous). */
    [SQL_ORG_BY_NAME] = {.both = ORG_SELECT "WHERE o.name = $1 AND " IN_SCOPE("$2", "$3")
					    " ORDER BY o.id LIMIT 2"},
    [SQL_CAMPAIGN_BY_NAME] = {.both = CAMPAIGN_SELECT "WHERE c.name = $4 AND " CAMPAIGN_VISIBLE
						  " ORDER BY c.id LIMIT 2"},
    /* The ledger's figures over the list's filter: every row, and what counts (approved
     * publicity, every other kind) with its sums. */
    [SQL_RECORD_TOTALS] = {.both = "SELECT count(*), coalesce(sum(" RECORD_COUNTS "), 0),"
				   " coalesce(sum(" RECORD_COUNTS " * r.participants), 0),"
				   " coalesce(sum(" RECORD_COUNTS " * r.audience), 0),"
				   " coalesce(sum(" RECORD_COUNTS
				   " * r.hours), 0)" RECORD_FROM RECORD_FILTER},
    /* The other orders of SQL_RECORD_LIST (date, newest first), one fixed text each. */
    [SQL_RECORD_LIST_DAY_ASC] = {.both = RECORD_LIST_BY("r.day ASC, r.id ASC")},
    [SQL_RECORD_LIST_ORG_ASC] = {.both = RECORD_LIST_BY("o.name ASC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_ORG_DESC] = {.both = RECORD_LIST_BY("o.name DESC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_TITLE_ASC] = {.both = RECORD_LIST_BY("r.title ASC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_TITLE_DESC] = {.both = RECORD_LIST_BY("r.title DESC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_PARTICIPANTS_ASC] = {.both = RECORD_LIST_BY(
					      "r.participants ASC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_PARTICIPANTS_DESC] = {.both = RECORD_LIST_BY(
					       "r.participants DESC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_AUDIENCE_ASC] = {.both =
					  RECORD_LIST_BY("r.audience ASC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_AUDIENCE_DESC] = {.both = RECORD_LIST_BY(
					   "r.audience DESC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_HOURS_ASC] = {.both = RECORD_LIST_BY("r.hours ASC, r.day DESC, r.id DESC")},
    [SQL_RECORD_LIST_HOURS_DESC] = {.both = RECORD_LIST_BY("r.hours DESC, r.day DESC, r.id DESC")},
    /* Publicity waiting for the caller's review: submitted, its unit in the caller's subtree
     * [$1, $2), its author's unit strictly below the caller's unit $3, not recorded by the
     * caller $4 (domain/record.c's check_reviewer says the same). */
    [SQL_RECORD_REVIEW_LIST] = {.both = RECORD_SELECT RECORD_REVIEW
				" ORDER BY r.day ASC, r.id ASC LIMIT $5 OFFSET $6"},
    [SQL_RECORD_REVIEW_COUNT] = {.both = "SELECT count(*)" RECORD_FROM RECORD_REVIEW},
    /* Notices: a second notice with a taken dedup key is not made (no row: id 0). */
    [SQL_NOTICE_INSERT] = {.both = "INSERT INTO notices (org_id, user_id, kind, title, body, link,"
				   " task_id, order_id, sender_org_id, sender_name, created_at,"
				   " dedup_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
				   " $11, $12) ON CONFLICT (dedup_key) DO NOTHING RETURNING id"},
    [SQL_NOTICE_SIGN_REQUESTS] = {.both = "INSERT INTO notices (org_id, kind, title, body, link,"
					  " task_id, sender_org_id, sender_name, created_at)"
					  " SELECT tu.org_id, 'sign_request', $2, $3, $4,"
					  " tu.task_id, $5, $6, $7 FROM task_units tu"
					  " WHERE tu.task_id = $1 ORDER BY tu.org_id"},
    /* A unit's notices for account $2 ($1 the unit): unread first, then newest. */
    [SQL_NOTICE_LIST] = {.both = NOTICE_SELECT NOTICE_MINE " ORDER BY CASE WHEN r.read_at IS NULL"
				 " THEN 0 ELSE 1 END, n.id DESC LIMIT $4 OFFSET $5"},
    [SQL_NOTICE_COUNT] = {.both = "SELECT count(*)" NOTICE_FROM NOTICE_MINE},
    [SQL_NOTICE_UNREAD] = {.both = "SELECT count(*) FROM notices n WHERE n.org_id = $1"
				   " AND (n.user_id IS NULL OR n.user_id = $2) AND NOT EXISTS"
				   " (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id"
				   " AND r.user_id = $2)"},
    [SQL_NOTICE_GET] = {.both = NOTICE_SELECT "WHERE n.id = $1"},
    [SQL_NOTICE_MARK_READ] = {.both = "INSERT INTO notice_reads (notice_id, user_id, read_at)"
				      " VALUES ($1, $2, $3) ON CONFLICT (notice_id, user_id)"
				      " DO NOTHING"},
    [SQL_NOTICE_READS] = {.both = "SELECT " DB_COLUMNS(
			      DB_NOTICE_READ_COLUMNS) " FROM notice_reads r JOIN users u ON"
						      " u.id = r.user_id WHERE r.notice_id = $1"
						      " ORDER BY r.read_at, r.user_id"},
    [SQL_NOTICE_KEY] = {.both = "SELECT count(*) FROM notices WHERE dedup_key = $1"},
    /* Not-done assignments due by $1 of unit $2 (0: all), for the daily digest. */
    [SQL_DUE_LIST] = {.both = "SELECT " DB_COLUMNS(
			  DB_DUE_COLUMNS) " FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
					  " LEFT JOIN campaigns c ON c.id = t.campaign_id"
					  " WHERE tu.state <> 'done' AND t.deleted = 0"
					  " AND t.due_date <= $1"
					  " AND (CAST($2 AS BIGINT) = 0 OR tu.org_id = $2)"
					  " ORDER BY tu.org_id, t.due_date, t.id"},
    [SQL_REMINDER_INSERT] = {.both = "INSERT INTO task_reminders (task_id, org_id, notice_id,"
				     " auto, text, by_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    /* A task's reminders the reader [$1, $2) sees, as TASK_SEES. */
    [SQL_REMINDER_LIST] = {.both = "SELECT " DB_COLUMNS(
			       DB_REMINDER_COLUMNS) " FROM task_reminders m"
						    " JOIN org uo ON uo.id = m.org_id"
						    " JOIN tasks t ON t.id = m.task_id"
						    " JOIN org ao ON ao.id = t.assigner_org_id"
						    " WHERE m.task_id = $3 AND " TASK_SEES
						    " ORDER BY m.id DESC LIMIT $4"},
    [SQL_LECTURER_INSERT] = {.both = "INSERT INTO lecturers (org_id, name, title, created_at)"
				     " VALUES ($1, $2, $3, $4) RETURNING id"},
    [SQL_LECTURER_LIST] = {.both = "SELECT " DB_COLUMNS(
			       DB_LECTURER_COLUMNS) " FROM lecturers WHERE org_id = $1 ORDER BY id"},
    [SQL_LECTURER_GET] = {.both = "SELECT " DB_COLUMNS(
			      DB_LECTURER_COLUMNS) " FROM lecturers WHERE id = $1"},
    /* Teams of kind $1 whose parent is the unit at $2 or one of its ancestors. */
    [SQL_LECTURE_TEAMS] = {.both = ORG_SELECT "JOIN org p ON p.id = o.parent_id WHERE k.name = $1"
					      " AND o.closed = 0 AND substr($2, 1, length(p.path))"
					      " = p.path ORDER BY o.path LIMIT 200"},
    [SQL_LECTURE_ORDER_INSERT] = {.both = "INSERT INTO lecture_orders (org_id, team_id, topic,"
					  " section_path, preferred_dates, audience_kind,"
					  " audience_size, state, requested_by, requested_by_name,"
					  " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6,"
					  " $7, 'requested', $8, $9, $10, $10) RETURNING id"},
    [SQL_LECTURE_ORDER_GET] = {.both = LECTURE_SELECT "WHERE lo.id = $3 AND " LECTURE_SEES},
    [SQL_LECTURE_ORDER_LIST] = {.both = LECTURE_SELECT LECTURE_FILTER
				" ORDER BY lo.id DESC LIMIT $7 OFFSET $8"},
    [SQL_LECTURE_ORDER_CALENDAR] = {.both = LECTURE_SELECT LECTURE_FILTER
				    " ORDER BY lo.lecture_date, lo.id LIMIT $7 OFFSET $8"},
    [SQL_LECTURE_ORDER_COUNT] = {.both = "SELECT count(*)" LECTURE_FROM LECTURE_FILTER},
    [SQL_LECTURE_ORDER_ACCEPT] = {.both = "UPDATE lecture_orders SET state = 'accepted',"
					  " lecturer_id = $2, lecture_date = $3, updated_at = $4"
					  " WHERE id = $1 AND state = 'requested' RETURNING id"},
    [SQL_LECTURE_ORDER_DECLINE] = {.both = "UPDATE lecture_orders SET state = 'declined',"
					   " reason = $2, updated_at = $3"
					   " WHERE id = $1 AND state = 'requested' RETURNING id"},
    [SQL_LECTURE_ORDER_GIVEN] = {.both = "UPDATE lecture_orders SET state = 'given',"
					 " record_id = $2, audience_size = $3, updated_at = $4"
					 " WHERE id = $1 AND state = 'accepted' RETURNING id"},
};

const char *
db_sql_text(enum db_sql id, int is_pg)
{
	const struct stmt *s;

	if ((int)id < 0 || id >= SQL__MAX)
		return NULL;
	s = &stmts[id];
	if (s->both != NULL)
		return s->both;
	return is_pg ? s->pg : s->sqlite;
}
