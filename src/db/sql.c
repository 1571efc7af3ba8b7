/* db_sql: the statement table. Parameters are always bound ($1..$N); nothing is pasted. */
#include "db/sql.h"

#include <stddef.h>

#include "db/rows.h"

/* Files of any owner: the owner's unit is o; a progress report's task's assigner tao, a
 * rectification's inspecting unit io. */
#define FILE_ANY_FROM                                                                              \
	" FROM record_files f LEFT JOIN records r ON r.id = f.record_id"                           \
	" LEFT JOIN task_progress p ON p.id = f.progress_id"                                       \
	" LEFT JOIN tasks t ON t.id = p.task_id LEFT JOIN org tao ON tao.id = t.assigner_org_id"   \
	" LEFT JOIN rectifications x ON x.id = f.rectification_id"                                 \
	" LEFT JOIN inspections i ON i.id = x.inspection_id LEFT JOIN org io ON io.id = i.org_id"  \
	" JOIN org o ON o.id = coalesce(r.org_id, p.org_id, x.org_id) "
#define FILE_ANY_SEES                                                                              \
	"((r.id IS NOT NULL AND r.deleted = 0 AND o.path >= $1 AND o.path < $2)"                   \
	" OR (p.id IS NOT NULL AND t.deleted = 0 AND ((o.path >= $1 AND o.path < $2)"              \
	" OR (tao.path >= $1 AND tao.path < $2)))"                                                 \
	" OR (x.id IS NOT NULL AND ((o.path >= $1 AND o.path < $2)"                                \
	" OR (io.path >= $1 AND io.path < $2))))"
/* Inspections the reader [$1, $2) sees: its subtree inspected, or one of its units inspected. */
#define INSPECTION_SELECT                                                                          \
	"SELECT " DB_COLUMNS(DB_INSPECTION_COLUMNS) " FROM inspections i JOIN org io ON io.id ="   \
						    " i.org_id "
#define INSPECTION_VISIBLE                                                                         \
	"((io.path >= $1 AND io.path < $2) OR EXISTS (SELECT 1 FROM inspection_units iu"           \
	" JOIN org uo ON uo.id = iu.org_id WHERE iu.inspection_id = i.id"                          \
	" AND uo.path >= $1 AND uo.path < $2))"
#define RECT_SELECT                                                                                \
	"SELECT " DB_COLUMNS(DB_RECTIFICATION_COLUMNS) " FROM rectifications x"                    \
						       " JOIN org uo ON uo.id = x.org_id JOIN "    \
						       "inspections i ON i.id = x.inspection_id"   \
						       " JOIN org io ON io.id = i.org_id "

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
/* Directives a reader sees: imported by a unit of its subtree [$1, $2) or above its unit $3
 * (NULL: the whole tree), as campaigns are seen. */
#define DIRECTIVE_FROM                                                                             \
	" FROM directives d JOIN org io ON io.id = d.org_id JOIN campaigns c ON c.id ="            \
	" d.campaign_id "
#define DIRECTIVE_SEES                                                                             \
	" ((io.path >= $1 AND io.path < $2) OR (CAST($3 AS TEXT) IS NOT NULL"                      \
	" AND substr($3, 1, length(io.path)) = io.path)) "
#define DIRECTIVE_SELECT "SELECT " DB_COLUMNS(DB_DIRECTIVE_COLUMNS) DIRECTIVE_FROM
#define DIRECTIVE_SECTION_SELECT                                                                   \
	"SELECT " DB_COLUMNS(DB_DIRECTIVE_SECTION_COLUMNS) " FROM directive_sections "

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
	"r.author_org_id LEFT JOIN tasks rt ON rt.id = r.task_id "
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
/* The tasks of the list, from the tasks alone: those of campaign $3 (0: any) with an assignment the
 * caller sees — for a caller who sees the assigner the first assignment is enough (one probe). */
#define TASK_LISTED                                                                                \
	" FROM tasks t JOIN org ao ON ao.id = t.assigner_org_id"                                   \
	" WHERE t.deleted = 0 AND (CAST($3 AS BIGINT) = 0 OR t.campaign_id = $3)"                 \
	" AND EXISTS (SELECT 1 FROM task_units tu JOIN org uo ON uo.id = tu.org_id"                \
	" WHERE tu.task_id = t.id AND " TASK_SEES ")"
#define TASK_GROUP " GROUP BY t.id, ao.id, c.id "
/* The rest of SQL_TASK_PLAN_TREE after its seed: the recursion and the rows. */
#define PLAN_NODE_SELECT " SELECT " DB_COLUMNS(DB_PLAN_NODE_COLUMNS)
#define PLAN_TREE_DOWN                                                                             \
	" UNION ALL SELECT k.id, pt.root, pt.depth + 1"                                            \
	" FROM tasks k JOIN pt ON k.parent_id = pt.id"                                             \
	" WHERE k.deleted = 0 AND pt.depth < 64)" PLAN_NODE_SELECT                                 \
	" FROM pt JOIN tasks t ON t.id = pt.id"                                                    \
	" JOIN org ao ON ao.id = t.assigner_org_id"                                                \
	" LEFT JOIN campaigns c ON c.id = t.campaign_id"                                           \
	" JOIN task_units tu ON tu.task_id = t.id"                                                 \
	" JOIN org uo ON uo.id = tu.org_id"                                                        \
	" WHERE tu.na_at IS NULL AND " TASK_SEES
/* A directive of the list and, read from its structure, its proposals and those confirmed. */
#define DIRECTIVE_COUNTED_COLS "SELECT " DB_COLUMNS(DB_DIRECTIVE_COLUMNS) ","
#define DIRECTIVE_COUNTED_SQLITE                                                                   \
	DIRECTIVE_COUNTED_COLS                                                                     \
	" coalesce(json_array_length(d.structure, '$.tasks'), 0),"                                 \
	" (SELECT count(*) FROM json_each(d.structure, '$.tasks') e"                               \
	" WHERE coalesce(json_extract(e.value, '$.task_id'), 0) <> 0)"
#define DIRECTIVE_COUNTED_PG                                                                       \
	DIRECTIVE_COUNTED_COLS                                                                     \
	" coalesce(jsonb_array_length(CAST(d.structure AS jsonb) -> 'tasks'), 0),"                 \
	" (SELECT count(*) FROM jsonb_array_elements("                                             \
	"coalesce(CAST(d.structure AS jsonb) -> 'tasks', CAST('[]' AS jsonb))) e"                  \
	" WHERE coalesce(CAST(e.value ->> 'task_id' AS BIGINT), 0) <> 0)"
#define DIRECTIVE_COUNTED_REST                                                                     \
	DIRECTIVE_FROM "WHERE (CAST($4 AS BIGINT) = 0 OR d.campaign_id = $4) AND" DIRECTIVE_SEES   \
		       "ORDER BY d.id DESC LIMIT $5 OFFSET $6"
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
/* Task views: an assignment with its task, its unit and the campaign's warning days. */
#define TASK_CELL_SELECT                                                                           \
	"SELECT " DB_COLUMNS(                                                                      \
	    DB_TASK_CELL_COLUMNS) " FROM task_units tu"                                            \
				  " JOIN org uo ON uo.id = tu.org_id"                              \
				  " JOIN tasks t ON t.id = tu.task_id"                             \
				  " LEFT JOIN campaigns c ON c.id = t.campaign_id "
/* The matrix: assignments to a child of unit $1 within the reader's subtree [$2, $3). */
#define TASK_MATRIX_WHERE                                                                          \
	" WHERE t.deleted = 0 AND uo.parent_id = $1 AND uo.path >= $2 AND uo.path < $3"            \
	" AND (CAST($4 AS BIGINT) = 0 OR t.campaign_id = $4)"
/*
 * The matrix at scale. The tasks with an assignment to a child of $1, read
 * from $1's rows of task_unit_counts (one a task: 300 for the root of the
 * generated 50,000, where its 220 children hold 66,000 assignments), when
 * $1 is within [$2, $3) and so are its children; then each task once; then
 * a page of tasks probed for each child's assignment by the key
 * (task_units_task_cover). CROSS JOIN keeps SQLite's join order as
 * written; PostgreSQL plans by its statistics.
 */
#define TASK_MATRIX_IDS                                                                            \
	"SELECT k.task_id FROM org po CROSS JOIN task_unit_counts k WHERE k.org_id = po.id"        \
	" AND po.id = $1 AND po.path >= $2 AND po.path < $3 AND k.n > 0"
#define TASK_MATRIX_TASK " AND t.deleted = 0 AND (CAST($4 AS BIGINT) = 0 OR t.campaign_id = $4)"
#define TASK_MATRIX_CHILD " uo.parent_id = $1 AND uo.path >= $2 AND uo.path < $3"
/* A task's (t) assignment of a child (uo), by the key (SQLite's SQL_TASK_MATRIX_MARKS). */
#define TASK_MATRIX_PROBE " AND tu.task_id = t.id AND tu.org_id = uo.id"
#define TASK_MATRIX_JOINS                                                                          \
	" JOIN org ao ON ao.id = t.assigner_org_id LEFT JOIN campaigns c ON c.id = t.campaign_id"
/*
 * A page of the matrix's tasks ($5, $6) with the count of all, and the sums over the
 * children's assignments read from the same rows of task_unit_counts (n, n_na, n_signed,
 * n_done, kept by db/task_count.c), so only the cells probe task_units. The columns are
 * those of struct db_task (DB_TASK_COLUMNS in db/rows.h), in its order, the three sums
 * (units, signed_units, done_units) from the counts.
 */
#define TASK_MATRIX_PAGE                                                                           \
	"SELECT t.id, t.assigner_org_id, t.campaign_id, t.parent_id, t.title, t.paragraph,"       \
	" t.section_path, t.start_date, t.due_date, t.created_by, t.created_at, t.updated_at,"     \
	" ao.path, ao.name, coalesce(c.warn_days, 7), p.n - p.n_na, p.n_signed, p.n_done,"        \
	" t.milestone, coalesce(c.light_rule, 'worst'), coalesce(c.light_share, 80), p.total"      \
	" FROM (SELECT k.task_id, k.n, k.n_na, k.n_signed, k.n_done, count(*) OVER () AS total"    \
	" FROM org po CROSS JOIN task_unit_counts k CROSS JOIN tasks t WHERE k.org_id = po.id"     \
	" AND po.id = $1 AND po.path >= $2 AND po.path < $3 AND k.n > 0 AND t.id = k.task_id"     \
	TASK_MATRIX_TASK " ORDER BY t.due_date, t.id LIMIT $5 OFFSET $6) p"                        \
	" CROSS JOIN tasks t" TASK_MATRIX_JOINS " WHERE t.id = p.task_id"                          \
	" ORDER BY t.due_date, t.id"
/* The page of tasks from ($5, $6) to ($7, $8) in (due_date, id), and what a cell reads of an
 * assignment when it is laid out by ids (SQL_TASK_MATRIX_MARKS). */
#define TASK_MATRIX_SPAN                                                                           \
	" t.due_date >= $5 AND t.due_date <= $7 AND (t.due_date > $5 OR t.id >= $6)"               \
	" AND (t.due_date < $7 OR t.id <= $8)"
#define TASK_MATRIX_MARK " " DB_COLUMNS(DB_MATRIX_MARK_COLUMNS)
/* task_unit_counts: the assignments of the children of each unit per task, and the upsert of
 * a key that already has a row (one more, or the recount). WHERE is always
 * there: SQLite would read ON CONFLICT after a bare FROM as a join's ON. */
#define TASK_COUNT_FROM                                                                            \
	" FROM task_units tu JOIN org o ON o.id = tu.org_id WHERE o.parent_id IS NOT NULL"
/* What one assignment (tu) adds to its parent's counts beside n: not applicable; signed or
 * done and applicable; done and applicable (the matrix's units are n - n_na). */
#define TASK_COUNT_NA "CASE WHEN tu.na_at IS NULL THEN 0 ELSE 1 END"
#define TASK_COUNT_SIGNED "CASE WHEN tu.na_at IS NULL AND tu.state <> 'assigned' THEN 1 ELSE 0 END"
#define TASK_COUNT_DONE "CASE WHEN tu.na_at IS NULL AND tu.state = 'done' THEN 1 ELSE 0 END"
#define TASK_COUNT_APPLIES "CASE WHEN tu.na_at IS NULL THEN 1 ELSE 0 END"
#define TASK_COUNT_COLS " (org_id, task_id, n, n_na, n_signed, n_done)"
#define TASK_COUNT_OF                                                                              \
	" SELECT o.parent_id, tu.task_id, count(*), sum(" TASK_COUNT_NA "), sum(" TASK_COUNT_SIGNED \
	"), sum(" TASK_COUNT_DONE ")" TASK_COUNT_FROM
#define TASK_COUNT_UPSERT(value) " ON CONFLICT (org_id, task_id) DO UPDATE SET n = " value
/* The recount's upsert: every count from the recount. */
#define TASK_COUNT_RECOUNT                                                                         \
	TASK_COUNT_UPSERT("excluded.n") ", n_na = excluded.n_na, n_signed = excluded.n_signed,"    \
					" n_done = excluded.n_done"
/* A count beside n plus $3 times the part of task $1's assignment of unit $2 in it
 * (SQL_TASK_COUNT_UNIT: -1 before a change of that assignment, +1 after). */
#define TASK_COUNT_PART(col, expr) " task_unit_counts." col " + CAST($3 AS BIGINT) * (" expr ")"
/*
 * An assignment is overdue on a day when it is not done and its due date is past: its own after
 * an accepted adjustment (task_units.due_date), else the task's. The lists read the assignments
 * past the task's date as before, then db/task_view.c drops those with a date of their own
 * and merges in those past their own date (SQL_TASK_OVERDUE_OWNED, a few): a filter in the statements cost PostgreSQL its plan by the keys (the
 * root's count 3.5 → 9.5 ms with 1,007 dates of their own).
 */
/* Assignments read by the key (task_units_task_cover) with no date of their own: those kept
 * have none, so the row is never visited for it. */
#define TASK_UNITS_NO_OWN                                                                          \
	" (SELECT task_id, org_id, role, state, percent, CAST(NULL AS TEXT) AS due_date"           \
	" FROM task_units) tu"
/* Overdue: assignments of the subtree [$3, $4) within the reader's [$1, $2), past the task's
 * date on $5. */
#define TASK_OVERDUE_WHERE                                                                         \
	" WHERE t.deleted = 0 AND tu.state <> 'done' AND t.due_date < $5"                          \
	" AND uo.path >= $1 AND uo.path < $2 AND uo.path >= $3 AND uo.path < $4"                   \
	" AND (CAST($6 AS BIGINT) = 0 OR t.campaign_id = $6)"
/* PostgreSQL's rows for SQL_TASK_OVERDUE: each task's assignments by the key, in due order, so the
 * page stops after its rows. Given task_units_org_cover (migration 17) it would rather read every
 * late assignment of the subtree and filter them task by task (a district: 22 against 15 ms);
 * the LATERAL subquery, kept apart by OFFSET 0, keeps the walk by task. */
#define TASK_OVERDUE_PG                                                                            \
	"SELECT " DB_COLUMNS(DB_TASK_CELL_COLUMNS) " FROM tasks t"                                  \
	" LEFT JOIN campaigns c ON c.id = t.campaign_id CROSS JOIN LATERAL (SELECT x.task_id,"     \
	" x.org_id, x.role, x.state, x.percent, CAST(NULL AS TEXT) AS due_date FROM task_units x"   \
	" WHERE x.task_id = t.id OFFSET 0) tu"                                                     \
	" JOIN org uo ON uo.id = tu.org_id "
#define TASK_OVERDUE_BY_TASK_FROM " FROM tasks t CROSS JOIN" TASK_UNITS_NO_OWN " CROSS JOIN org uo"
#define TASK_OVERDUE_BY_TASK_COND                                                                  \
	" tu.task_id = t.id AND uo.id = tu.org_id AND t.deleted = 0 AND tu.state <> 'done'"        \
	" AND t.due_date < $5 AND uo.path >= $1 AND uo.path < $2 AND uo.path >= $3"                \
	" AND uo.path < $4 AND (CAST($6 AS BIGINT) = 0 OR t.campaign_id = $6)"
/* The assignments past due on $1 of campaign $2 (0: any), every unit's: by task in due order. */
#define TASK_OVERDUE_WHOLE_WALK                                                                    \
	" FROM tasks t CROSS JOIN task_units tu WHERE tu.task_id = t.id AND t.deleted = 0"        \
	" AND tu.state <> 'done' AND t.due_date < $1 AND (CAST($2 AS BIGINT) = 0"                 \
	" OR t.campaign_id = $2)"
/* SQL_TASK_OVERDUE_OWNED's rows and their filter. */
#define TASK_OWN_DUE_FROM                                                                          \
	" FROM task_units tu CROSS JOIN tasks t CROSS JOIN org uo"                                 \
	" LEFT JOIN campaigns c ON c.id = t.campaign_id"
#define TASK_OWN_DUE_COND                                                                          \
	" tu.due_date IS NOT NULL AND (tu.due_date < $5 OR t.due_date < $5)"                       \
	" AND t.id = tu.task_id AND uo.id = tu.org_id"                                             \
	" AND t.deleted = 0 AND tu.state <> 'done' AND uo.path >= $1 AND uo.path < $2"             \
	" AND uo.path >= $3 AND uo.path < $4 AND (CAST($6 AS BIGINT) = 0 OR t.campaign_id = $6)"
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

#define RECORD_INSERT                                                                              \
	"INSERT INTO records (org_id, kind, day, title, campaign_id, participants, audience,"      \
	" hours, detail, state, author_org_id, recorded_by, recorded_by_name, recorded_at,"        \
	" updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)"

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
    /* SQLite: the id is the connection's last rowid (db_result.last_id): its RETURNING gathers
     * the rows in a temporary table first, a b-tree and its page cache made and freed per row. */
    [SQL_RECORD_INSERT] = {.sqlite = RECORD_INSERT, .pg = RECORD_INSERT " RETURNING id"},
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
    /*
     * xuanguan check in one statement, so the database groups (spilling to its
     * own temp storage) and only the differences come back: the counted
     * records summed per unit, then added to each of its ancestors and itself
     * (up: every unit with each ancestor, by parent_id, at most 64 levels),
     * under their campaign and under campaign 0; the stored counters beside
     * them; each key whose sums differ, in key order. Columns: the key, then
     * records, participants, audience, hours recomputed, then stored. A key
     * with stored zeros and no records agrees.
     */
    [SQL_ROLLUP_CHECK] =
	{.both = "WITH RECURSIVE up(id, anc, depth) AS (SELECT id, id, 0 FROM org"
		 " UNION ALL SELECT up.id, o.parent_id, up.depth + 1 FROM up"
		 " JOIN org o ON o.id = up.anc WHERE o.parent_id IS NOT NULL AND up.depth < 64),"
		 " own(org_id, campaign_id, kind, month, n, p, a, h) AS (SELECT r.org_id,"
		 " coalesce(r.campaign_id, 0), r.kind, substr(r.day, 1, 7), count(*),"
		 " coalesce(sum(r.participants), 0), coalesce(sum(r.audience), 0),"
		 " coalesce(sum(r.hours), 0) FROM records r WHERE r.deleted = 0"
		 " AND (r.kind <> 'publicity' OR r.state = 'approved')"
		 " GROUP BY r.org_id, coalesce(r.campaign_id, 0), r.kind, substr(r.day, 1, 7)),"
		 " side(org_id, campaign_id, kind, month, n, p, a, h, sn, sp, sa, sh) AS ("
		 "SELECT up.anc, own.campaign_id, own.kind, own.month, own.n, own.p, own.a,"
		 " own.h, 0, 0, 0, 0 FROM own JOIN up ON up.id = own.org_id"
		 " UNION ALL SELECT up.anc, 0, own.kind, own.month, own.n, own.p, own.a, own.h,"
		 " 0, 0, 0, 0 FROM own JOIN up ON up.id = own.org_id WHERE own.campaign_id <> 0"
		 " UNION ALL SELECT u.org_id, u.campaign_id, u.kind, u.month, 0, 0, 0, 0,"
		 " u.records, u.participants, u.audience, u.hours FROM rollup u)"
		 " SELECT org_id, campaign_id, kind, month, sum(n), sum(p), sum(a), sum(h),"
		 " sum(sn), sum(sp), sum(sa), sum(sh) FROM side"
		 " GROUP BY org_id, campaign_id, kind, month"
		 " HAVING sum(n) <> sum(sn) OR sum(p) <> sum(sp) OR sum(a) <> sum(sa)"
		 " OR sum(h) <> sum(sh) ORDER BY org_id, campaign_id, kind, month"},
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
    /* Summed over the months too (month: the first): the children's table has no months, and at
     * 220 children a row per month and kind was 13,000 rows to read, convert and match. */
    [SQL_ROLLUP_CHILDREN] = {.both = "SELECT u.org_id, u.campaign_id, u.kind, min(u.month),"
				     " sum(u.records), sum(u.participants), sum(u.audience),"
				     " sum(u.hours) FROM rollup u JOIN org o ON o.id = u.org_id"
				     " WHERE o.parent_id = $1 AND u.campaign_id = $2"
				     " AND u.month >= $3 AND u.month <= $4"
				     " GROUP BY u.org_id, u.campaign_id, u.kind ORDER BY u.org_id"},
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
    [SQL_FILE_DELETE] = {.both =
			     "UPDATE record_files SET deleted = 1, deleted_by = $2,"
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
    /*
     * The page of tasks is chosen first, from the tasks alone (TASK_LISTED), and only its
     * tasks' assignments are summed: grouping every assignment the caller sees before paging
     * read them all (at the root of a million assignments, over a second).
     */
    [SQL_TASK_LIST] = {.both = "WITH page AS (SELECT t.id AS id" TASK_LISTED
			       " ORDER BY t.due_date, t.id LIMIT $4 OFFSET $5) " TASK_SELECT
			       " JOIN page ON page.id = t.id WHERE " TASK_SEES TASK_GROUP
			       " ORDER BY t.due_date, t.id"},
    [SQL_TASK_COUNT] = {.both = "SELECT count(*)" TASK_LISTED},
    /* The same list read whole in parts (the light filter, db_task_list_part): grouping every
     * assignment in one pass is cheaper there than a page's way (0.67 s against 1.7 s for 300
     * tasks and a million assignments, docs/bench.md). */
    [SQL_TASK_LIST_WHOLE] = {.both = TASK_SELECT TASK_FILTER TASK_GROUP
				     " ORDER BY t.due_date, t.id LIMIT $4 OFFSET $5"},
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
					  " text, by_user, by_name, at, milestone, problems,"
					  " help_needed)"
					  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
					  " RETURNING id"},
    [SQL_TASK_PROGRESS_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_TASK_PROGRESS_COLUMNS) " FROM task_progress WHERE task_id = $1 AND org_id = $2"
				       " ORDER BY id DESC LIMIT $3"},
    /* Exports (db/record_walk.c): the list's rows without paging, with the unit's code and the
     * campaign's name after the record's columns. */
    [SQL_RECORD_EACH] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_RECORD_COLUMNS) ", o.code, c.name" RECORD_FROM
				"LEFT JOIN campaigns c ON c.id = r.campaign_id" RECORD_FILTER
				" ORDER BY r.day DESC, r.id DESC"},
    /* Imports: a unit by its exact name, a campaign by its exact name (two rows: ambiguous). */
    [SQL_ORG_BY_NAME] = {.both = ORG_SELECT
			 "WHERE o.name = $1 AND " IN_SCOPE("$2", "$3") " ORDER BY o.id LIMIT 2"},
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
    /* Directives in the system and the syllabus (db/directive.c). */
    [SQL_DIRECTIVE_INSERT] = {.both = "INSERT INTO directives (campaign_id, org_id, title, doc_no,"
				      " issuer, date, original, parsed, structure, version,"
				      " created_by, created_at, updated_at)"
				      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11,"
				      " $11) RETURNING id"},
    [SQL_DIRECTIVE_GET] = {.both = DIRECTIVE_SELECT "WHERE d.id = $4 AND" DIRECTIVE_SEES},
    [SQL_DIRECTIVE_TEXTS] = {.both = "SELECT original, parsed, structure FROM directives"
				     " WHERE id = $1"},
    [SQL_DIRECTIVE_LIST] = {.both = DIRECTIVE_SELECT "WHERE (CAST($4 AS BIGINT) = 0 OR"
						     " d.campaign_id = $4) AND" DIRECTIVE_SEES
						     "ORDER BY d.id DESC LIMIT $5 OFFSET $6"},
    [SQL_DIRECTIVE_COUNT] =
	{.both = "SELECT count(*)" DIRECTIVE_FROM
		 "WHERE (CAST($4 AS BIGINT) = 0 OR d.campaign_id = $4) AND" DIRECTIVE_SEES},
    /* Only over the version the writer read: the answer says whether this call wrote. */
    [SQL_DIRECTIVE_SAVE] = {.both = "UPDATE directives SET structure = $3, version = version + 1,"
				    " updated_at = $4 WHERE id = $1 AND version = $2 RETURNING id"},
    [SQL_DIRECTIVE_SECTION_INSERT] = {.both = "INSERT INTO directive_sections (directive_id,"
					      " seq, level, path, number, heading)"
					      " VALUES ($1, $2, $3, $4, $5, $6)"},
    [SQL_DIRECTIVE_SECTION_HEADING] = {.both = "UPDATE directive_sections SET heading = $3"
					       " WHERE directive_id = $1 AND path = $2"
					       " RETURNING id"},
    [SQL_DIRECTIVE_SECTIONS] = {.both = DIRECTIVE_SECTION_SELECT
				"WHERE directive_id = $1 ORDER BY seq"},
    [SQL_DIRECTIVE_SECTION_GET] = {.both = DIRECTIVE_SECTION_SELECT "WHERE id = $1"},
    [SQL_DIRECTIVE_CHANGE_INSERT] = {.both = "INSERT INTO directive_changes (directive_id, part,"
					     " before_value, after_value, by_user, by_name, at)"
					     " VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [SQL_DIRECTIVE_CHANGES] = {.both = "SELECT " DB_COLUMNS(
				   DB_DIRECTIVE_CHANGE_COLUMNS) " FROM directive_changes"
								" WHERE directive_id = $1"
								" ORDER BY id"},
    [SQL_DIRECTIVE_ADDRESSEE_INSERT] = {.both = "INSERT INTO directive_addressees"
						" (directive_id, name, org_id)"
						" VALUES ($1, $2, $3)"},
    [SQL_DIRECTIVE_ADDRESSEES] =
	{.both =
	     "SELECT " DB_COLUMNS(DB_DIRECTIVE_ADDRESSEE_COLUMNS) " FROM directive_addressees da"
								  " LEFT JOIN org o ON o.id ="
								  " da.org_id"
								  " WHERE da.directive_id = $1"
								  " ORDER BY da.id"},
    [SQL_DIRECTIVE_ADDRESSEE_MAP] = {.both = "UPDATE directive_addressees SET org_id = $3"
					     " WHERE directive_id = $1 AND name = $2"
					     " AND org_id IS NULL RETURNING id"},
    [SQL_NAME_MAP_PUT] = {.both = "INSERT INTO name_map (org_id, name, target_id, by_user, at)"
				  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, name)"
				  " DO UPDATE SET target_id = excluded.target_id,"
				  " by_user = excluded.by_user, at = excluded.at"},
    /* The mapping of the unit at $2 or of its nearest ancestor. */
    [SQL_NAME_MAP_LOOKUP] = {.both = "SELECT n.target_id FROM name_map n"
				     " JOIN org m ON m.id = n.org_id WHERE n.name = $1"
				     " AND substr($2, 1, length(m.path)) = m.path"
				     " ORDER BY m.depth DESC LIMIT 1"},
    [SQL_RECORD_SECTIONS_CLEAR] = {.both = "DELETE FROM record_sections WHERE record_id = $1"},
    [SQL_RECORD_SECTION_ADD] = {.both = "INSERT INTO record_sections (record_id, section_id,"
					" directive_id, section_path) VALUES ($1, $2, $3, $4)"},
    [SQL_RECORD_SECTION_IDS] = {.both = "SELECT rs.section_id FROM record_sections rs"
					" JOIN directive_sections s ON s.id = rs.section_id"
					" WHERE rs.record_id = $1 ORDER BY s.directive_id, s.seq"},
    /* Each child of unit $2: the records of its subtree (itself included, not deleted) that
     * name a section of directive $1, per section. */
    [SQL_DIRECTIVE_COVERAGE] = {.both = "SELECT " DB_COLUMNS(
				    DB_COVERAGE_COLUMNS) " FROM record_sections rs"
							 " JOIN records r ON r.id = rs.record_id"
							 " AND r.deleted = 0"
							 " JOIN org o ON o.id = r.org_id"
							 " JOIN org ch ON ch.parent_id = $2"
							 " AND o.path >= ch.path AND o.path <"
							 " substr(ch.path, 1, length(ch.path) - 1)"
							 " || '0'"
							 " WHERE rs.directive_id = $1"
							 " GROUP BY ch.id, rs.section_id"},
    [SQL_TASK_SET_DIRECTIVE] = {.both = "UPDATE tasks SET directive_id = $2 WHERE id = $1"},
    /* Task views (db/task_view.c). */
    /* The matrix's rows: the unit's counts (task_unit_counts), then the tasks by key — a row a
     * task, whatever the number of children; the sums of the children's assignments are
     * kept in the counts. */
    [SQL_TASK_MATRIX_TASKS] = {.both = TASK_MATRIX_PAGE},
    [SQL_TASK_MATRIX_COUNT] = {.both =
				   "SELECT count(*) FROM (" TASK_MATRIX_IDS ") a"
				   " CROSS JOIN tasks t WHERE t.id = a.task_id" TASK_MATRIX_TASK},
    /* Oldest due first; within a task by unit id, which the key (task_id, org_id) gives in
     * order, so a page reads no more than it shows. The count stops at $7 rows. */
    [SQL_TASK_OVERDUE] = {.sqlite = TASK_CELL_SELECT TASK_OVERDUE_WHERE
			  " ORDER BY t.due_date, t.id, tu.org_id LIMIT $7 OFFSET $8",
			  .pg = TASK_OVERDUE_PG TASK_OVERDUE_WHERE
			  " ORDER BY t.due_date, t.id, tu.org_id LIMIT $7 OFFSET $8"},
    [SQL_TASK_OVERDUE_COUNT] = {.both = "SELECT count(*) FROM (SELECT 1 FROM task_units tu"
					" JOIN org uo ON uo.id = tu.org_id JOIN tasks t ON t.id = "
					"tu.task_id" TASK_OVERDUE_WHERE " LIMIT $7) x"},
    /* A unit's own assignments ($3) in due order. */
    [SQL_TASK_TIMELINE] = {.both = TASK_CELL_SELECT
			   " WHERE t.deleted = 0 AND tu.org_id = $3 AND uo.path >= $1"
			   " AND uo.path < $2 AND (CAST($4 AS BIGINT) = 0 OR t.campaign_id = $4)"
			   " ORDER BY coalesce(tu.due_date, t.due_date), t.id LIMIT $5"},
    /* Plans (db/plan.c): the sub-tasks a unit ($5, 0: any) assigned under task $4, as the
     * caller [$1, $2) sees them; $3 is TASK_FILTER's campaign (0). */
    [SQL_SUBTASK_INSERT] = {.both =
				"INSERT INTO tasks (assigner_org_id, campaign_id, parent_id, title,"
				" paragraph, section_path, start_date, due_date, created_by,"
				" created_at, updated_at, milestone)"
				" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)"
				" RETURNING id"},
    [SQL_SUBTASK_LIST] = {.both = TASK_SELECT TASK_FILTER
			  " AND t.parent_id = $4 AND (CAST($5 AS BIGINT) = 0"
			  " OR t.assigner_org_id = $5)" TASK_GROUP
			  " ORDER BY t.due_date, t.id LIMIT $6 OFFSET $7"},
    [SQL_SUBTASK_COUNT] = {.both = "SELECT count(DISTINCT t.id)" TASK_FROM TASK_FILTER
				   " AND t.parent_id = $4 AND (CAST($5 AS BIGINT) = 0"
				   " OR t.assigner_org_id = $5)"},
    [SQL_TASK_UNIT_SET_DUE] = {.both = "UPDATE task_units SET due_date = $3, updated_at = $4"
				       " WHERE task_id = $1 AND org_id = $2"},
    [SQL_TASK_UNIT_SET_NA] = {.both = "UPDATE task_units SET na_at = $3, updated_at = $3"
				      " WHERE task_id = $1 AND org_id = $2 AND na_at IS NULL"},
    [SQL_TASK_SET_TITLE] = {.both = "UPDATE tasks SET title = $2, updated_at = $3 WHERE id = $1"},
    /* A second pending request of one assignment breaks task_adjustments_pending: DB_CONFLICT. */
    [SQL_ADJUST_INSERT] = {.both = "INSERT INTO task_adjustments (task_id, org_id, kind, value,"
				   " old_value, reason, state, asked_by, asked_by_name, asked_at)"
				   " VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9)"
				   " RETURNING id"},
    [SQL_ADJUST_GET] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_TASK_ADJUSTMENT_COLUMNS) " FROM task_adjustments j JOIN org uo ON uo.id = j.org_id"
					 " WHERE j.task_id = $1 AND j.id = $2"},
    /* Requests of task $3 the caller [$1, $2) sees: its own units', or all on the assigner's
     * side. */
    [SQL_ADJUST_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_TASK_ADJUSTMENT_COLUMNS) " FROM task_adjustments j JOIN org uo ON uo.id = j.org_id"
					 " JOIN tasks t ON t.id = j.task_id"
					 " JOIN org ao ON ao.id = t.assigner_org_id"
					 " WHERE j.task_id = $3 AND " TASK_SEES
					 " ORDER BY j.id LIMIT $4 OFFSET $5"},
    [SQL_ADJUST_COUNT] = {.both =
			      "SELECT count(*) FROM task_adjustments j"
			      " JOIN org uo ON uo.id = j.org_id JOIN tasks t ON t.id = j.task_id"
			      " JOIN org ao ON ao.id = t.assigner_org_id"
			      " WHERE j.task_id = $3 AND " TASK_SEES},
    /* Only a pending request is answered; the answer says whether this call did it. */
    [SQL_ADJUST_ANSWER] = {.both = "UPDATE task_adjustments SET state = $2, answer = $3,"
				   " answered_by = $4, answered_by_name = $5, answered_at = $6"
				   " WHERE id = $1 AND state = 'pending' RETURNING id"},
    [SQL_CAMPAIGN_SET_LIGHT_RULE] = {.both = "UPDATE campaigns SET light_rule = $2,"
					     " light_share = $3 WHERE id = $1"},
    [SQL_RECORD_SET_TASK] = {.both = "UPDATE records SET task_id = $2 WHERE id = $1"},
    /* Assignments of task $1 that apply to the unit at path $2: its own or an ancestor's. */
    [SQL_TASK_COVERS] = {.both =
			     "SELECT count(*) FROM task_units tu"
			     " JOIN org uo ON uo.id = tu.org_id JOIN tasks t ON t.id = tu.task_id"
			     " WHERE tu.task_id = $1 AND t.deleted = 0 AND tu.na_at IS NULL"
			     " AND substr(CAST($2 AS TEXT), 1, length(uo.path)) = uo.path"},
    /* The records of [$1, $2) (only unit $3 unless 0) that carry out task $4 or a sub-task
     * of it, at any depth. */
    [SQL_TASK_RECORDS] = {.both = RECORD_SELECT "WHERE r.deleted = 0 AND " IN_SCOPE(
			      "$1",
			      "$2") " AND (CAST($3 AS BIGINT) = 0 OR r.org_id = $3)"
				    " AND r.task_id IN (WITH RECURSIVE d(id) AS"
				    " (SELECT CAST($4 AS BIGINT) UNION ALL SELECT s.id FROM tasks s"
				    " JOIN d ON s.parent_id = d.id WHERE s.deleted = 0)"
				    " SELECT id FROM d)"
				    " ORDER BY r.day DESC, r.id DESC LIMIT $5 OFFSET $6"},
    [SQL_TASK_RECORDS_COUNT] =
	{.both = "SELECT count(*)" RECORD_FROM "WHERE r.deleted = 0 AND " IN_SCOPE(
	     "$1", "$2") " AND (CAST($3 AS BIGINT) = 0 OR r.org_id = $3)"
			 " AND r.task_id IN (WITH RECURSIVE d(id) AS"
			 " (SELECT CAST($4 AS BIGINT) UNION ALL SELECT s.id"
			 " FROM tasks s JOIN d ON s.parent_id = d.id"
			 " WHERE s.deleted = 0) SELECT id FROM d)"},
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
    [SQL_NOTICE_LIST] = {.both = NOTICE_SELECT NOTICE_MINE
			 " ORDER BY CASE WHEN r.read_at IS NULL"
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
    /* Not-done assignments due by $1 (their own date when moved) of unit $2 (0: all), for the
     * daily digest. */
    [SQL_DUE_LIST] = {.both = "SELECT " DB_COLUMNS(
			  DB_DUE_COLUMNS) " FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
					  " LEFT JOIN campaigns c ON c.id = t.campaign_id"
					  " WHERE tu.state <> 'done' AND t.deleted = 0"
					  " AND coalesce(tu.due_date, t.due_date) <= $1"
					  " AND (CAST($2 AS BIGINT) = 0 OR tu.org_id = $2)"
					  " ORDER BY tu.org_id, coalesce(tu.due_date, t.due_date), t.id"},
    [SQL_REMINDER_INSERT] = {.both =
				 "INSERT INTO task_reminders (task_id, org_id, notice_id,"
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
    [SQL_LECTURER_LIST] =
	{.both = "SELECT " DB_COLUMNS(
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
    /*
     * Many records in one statement (xuanguan demo generate): $1 is a JSON
     * array of [org_id, kind, day, title, campaign_id or null, participants,
     * audience, hours, detail object, state, review_reason or null,
     * reviewed_at or null, author_org_id, recorded_by_name, recorded_at].
     */
    [SQL_BULK_RECORDS] =
	{.sqlite = "INSERT INTO records (org_id, kind, day, title, campaign_id, participants,"
		   " audience, hours, detail, state, review_reason, reviewed_at, author_org_id,"
		   " recorded_by_name, recorded_at, updated_at)"
		   " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
		   " json_extract(value, '$[2]'), json_extract(value, '$[3]'),"
		   " json_extract(value, '$[4]'), json_extract(value, '$[5]'),"
		   " json_extract(value, '$[6]'), json_extract(value, '$[7]'),"
		   " json_extract(value, '$[8]'), json_extract(value, '$[9]'),"
		   " json_extract(value, '$[10]'), json_extract(value, '$[11]'),"
		   " json_extract(value, '$[12]'), json_extract(value, '$[13]'),"
		   " json_extract(value, '$[14]'), json_extract(value, '$[14]')"
		   " FROM json_each($1)",
	 .pg = "INSERT INTO records (org_id, kind, day, title, campaign_id, participants,"
	       " audience, hours, detail, state, review_reason, reviewed_at, author_org_id,"
	       " recorded_by_name, recorded_at, updated_at)"
	       " SELECT CAST(e->>0 AS BIGINT), e->>1, e->>2, e->>3, CAST(e->>4 AS BIGINT),"
	       " CAST(e->>5 AS BIGINT), CAST(e->>6 AS BIGINT), CAST(e->>7 AS BIGINT), e->>8,"
	       " e->>9, e->>10, CAST(e->>11 AS BIGINT), CAST(e->>12 AS BIGINT), e->>13,"
	       " CAST(e->>14 AS BIGINT), CAST(e->>14 AS BIGINT)"
	       " FROM json_array_elements(CAST($1 AS json)) e"},
    /* Units inserted with their own ids: the next id the tree hands out follows them. */
    [SQL_BULK_ORG_DONE] = {.sqlite = "SELECT 1",
			   .pg = "SELECT setval('org_id_seq', (SELECT max(id) FROM org))"},
    [SQL_FILE_OWNED_INSERT] = {.both = "INSERT INTO record_files (progress_id, rectification_id,"
				       " name, media_type, size, sha256, uploaded_by,"
				       " uploaded_by_name, uploaded_at)"
				       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    [SQL_FILE_ANY_GET] = {.both = "SELECT " DB_COLUMNS(DB_FILE_COLUMNS) FILE_ANY_FROM
			  "WHERE f.id = $3 AND f.deleted = 0 AND " FILE_ANY_SEES},
    [SQL_FILE_PROGRESS_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_FILE_COLUMNS) " FROM record_files f JOIN task_progress p ON p.id = f.progress_id"
			      " JOIN org o ON o.id = p.org_id"
			      " WHERE f.progress_id = $1 AND f.deleted = 0 ORDER BY f.id"},
    [SQL_FILE_RECT_LIST] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_FILE_COLUMNS) " FROM record_files f JOIN rectifications x ON x.id = "
			      "f.rectification_id"
			      " JOIN org o ON o.id = x.org_id"
			      " WHERE f.rectification_id = $1 AND f.deleted = 0 ORDER BY f.id"},
    [SQL_TASK_PROGRESS_GET] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_TASK_PROGRESS_COLUMNS) " FROM task_progress WHERE task_id = $1 AND id = $2"},
    [SQL_INSPECTION_INSERT] = {.both = "INSERT INTO inspections (org_id, day, items, findings,"
				       " created_by, created_by_name, created_at)"
				       " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
    [SQL_INSPECTION_UNIT_INSERT] = {.both = "INSERT INTO inspection_units (inspection_id, org_id)"
					    " VALUES ($1, $2)"},
    [SQL_INSPECTION_GET] = {.both = INSPECTION_SELECT "WHERE i.id = $4 AND " INSPECTION_VISIBLE},
    [SQL_INSPECTION_LIST] = {.both = INSPECTION_SELECT
			     "WHERE " INSPECTION_VISIBLE
			     " ORDER BY i.day DESC, i.id DESC LIMIT $4 OFFSET $5"},
    [SQL_INSPECTION_COUNT] = {.both = "SELECT count(*) FROM inspections i JOIN org io ON io.id ="
				      " i.org_id WHERE " INSPECTION_VISIBLE},
    [SQL_INSPECTION_UNITS] =
	{.both = "SELECT " DB_COLUMNS(
	     DB_INSPECTION_UNIT_COLUMNS) " FROM inspection_units iu JOIN org uo ON uo.id = "
					 "iu.org_id"
					 " JOIN inspections i ON i.id = iu.inspection_id"
					 " JOIN org io ON io.id = i.org_id"
					 " WHERE iu.inspection_id = $3 AND " INSPECTION_UNIT_SEES
					 " ORDER BY uo.path"},
    [SQL_RECT_INSERT] = {.both = "INSERT INTO rectifications (inspection_id, org_id, what,"
				 " deadline, state, created_by, created_at, updated_at)"
				 " VALUES ($1, $2, $3, $4, 'open', $5, $6, $6) RETURNING id"},
    [SQL_RECT_GET] = {.both = RECT_SELECT "WHERE x.id = $3 AND " INSPECTION_UNIT_SEES},
    [SQL_RECT_LIST] = {.both = RECT_SELECT "WHERE x.inspection_id = $3 AND " INSPECTION_UNIT_SEES
					   " ORDER BY uo.path, x.id"},
    /* Each step leaves only the states it may leave; the answer says whether this call did. */
    [SQL_RECT_ANSWER] = {.both = "UPDATE rectifications SET state = 'answered', answer = $2,"
				 " answered_by_name = $3, answered_at = $4, updated_at = $4"
				 " WHERE id = $1 AND state IN ('open', 'reopened') RETURNING id"},
    [SQL_RECT_CLOSE] = {.both = "UPDATE rectifications SET state = 'closed', note = $2,"
				" closed_by_name = $3, closed_at = $4, updated_at = $4"
				" WHERE id = $1 AND state = 'answered' RETURNING id"},
    [SQL_RECT_REOPEN] = {.both = "UPDATE rectifications SET state = 'reopened', note = $2,"
				 " updated_at = $3"
				 " WHERE id = $1 AND state IN ('answered', 'closed') RETURNING id"},
    /* Deferred: the snapshot is fixed by the first read, SQL_READ_TOKEN's. */
    [SQL_READ_BEGIN] = {.sqlite = "BEGIN DEFERRED",
			.pg = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"},
    /* data_version: other connections' commits; total_changes(): this one's own writes. */
    [SQL_READ_TOKEN] = {.sqlite = "SELECT data_version || ':' || total_changes()"
				  " FROM pragma_data_version",
			.pg = "SELECT pg_current_snapshot()::text"},
    /* Every assignment of the plan trees under the tasks of $3 (a JSON array of ids): their
     * sub-tasks, theirs, and so on down, each with the root it was reached from and its depth
     * below it, that the caller [$1, $2) sees. The depth bound only guards against a cycle no
     * write can make. */
    [SQL_TASK_PLAN_TREE] =
	{.sqlite = "WITH RECURSIVE pt(id, root, depth) AS ("
		   "SELECT id, parent_id, 1 FROM tasks WHERE deleted = 0"
		   " AND parent_id IN (SELECT value FROM json_each($3))" PLAN_TREE_DOWN,
	 .pg = "WITH RECURSIVE pt(id, root, depth) AS ("
	       "SELECT id, parent_id, 1 FROM tasks WHERE deleted = 0"
	       " AND parent_id IN (SELECT CAST(value AS BIGINT)"
	       " FROM jsonb_array_elements_text(CAST($3 AS jsonb)))" PLAN_TREE_DOWN},
    /* SQL_DIRECTIVE_LIST with, read from each one's structure in the same statement, its
     * proposed tasks and those confirmed (a task_id set): no read per row. */
    [SQL_DIRECTIVE_LIST_COUNTED] = {.sqlite = DIRECTIVE_COUNTED_SQLITE DIRECTIVE_COUNTED_REST,
				    .pg = DIRECTIVE_COUNTED_PG DIRECTIVE_COUNTED_REST},
    /*
     * Generated tasks (xuanguan demo generate --tasks): $1 a JSON array of
     * [title, paragraph, section_path, start_date, due_date], assigned by
     * unit $2 in campaign $3 at $4.
     */
    [SQL_BULK_TASKS] =
	{.sqlite =
	     "INSERT INTO tasks (assigner_org_id, campaign_id, title, paragraph, section_path,"
	     " start_date, due_date, created_at, updated_at)"
	     " SELECT $2, $3, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
	     " json_extract(value, '$[2]'), json_extract(value, '$[3]'),"
	     " json_extract(value, '$[4]'), $4, $4 FROM json_each($1) ORDER BY key",
	 .pg = "INSERT INTO tasks (assigner_org_id, campaign_id, title, paragraph, section_path,"
	       " start_date, due_date, created_at, updated_at)"
	       " SELECT CAST($2 AS BIGINT), CAST($3 AS BIGINT), e->>0, e->>1, e->>2, e->>3, e->>4,"
	       " CAST($4 AS BIGINT), CAST($4 AS BIGINT)"
	       " FROM json_array_elements(CAST($1 AS json)) WITH ORDINALITY AS x(e, n) ORDER BY n"},
    /*
     * Their assignments, in one statement: every task of campaign $1 to
     * every unit of depth 1, and to each deeper unit when the pair's draw h
     * (0..32767, from the two ids and the seed $2 < 2^31) is below $3. A
     * second draw h2 gives the state and percent: about a third done, a
     * third signed, a third assigned. Integer arithmetic below 2^63 on both
     * backends, so both draw the same rows.
     */
    [SQL_BULK_TASK_UNITS] =
	{.both =
	     "INSERT INTO task_units (task_id, org_id, role, state, percent, signed_at, done_at,"
	     " updated_at)"
	     " SELECT task_id, org_id,"
	     " CASE WHEN depth = 1 AND h2 % 7 = 0 THEN 'co' WHEN depth = 1 THEN 'lead'"
	     " ELSE 'member' END,"
	     " CASE WHEN h2 % 100 < 35 THEN 'done' WHEN h2 % 100 < 70 THEN 'signed'"
	     " ELSE 'assigned' END,"
	     " CASE WHEN h2 % 100 < 35 THEN 100 WHEN h2 % 100 < 70 THEN h2 % 90 ELSE 0 END,"
	     " CASE WHEN h2 % 100 < 70 THEN CAST($4 AS BIGINT) + 86400 END,"
	     " CASE WHEN h2 % 100 < 35 THEN CAST($4 AS BIGINT) + 172800 END,"
	     " CAST($4 AS BIGINT)"
	     " FROM (SELECT t.id AS task_id, o.id AS org_id, o.depth AS depth,"
	     " ((((o.id * 1103515245 + t.id * 2654435 + CAST($2 AS BIGINT)) % 2147483648)"
	     " * 1103515245 + 12345) % 2147483648) / 65536 AS h,"
	     " ((((o.id * 69069 + t.id * 1103515245 + CAST($2 AS BIGINT)) % 2147483648)"
	     " * 1103515245 + 12345) % 2147483648) / 65536 AS h2"
	     " FROM tasks t JOIN org o ON o.depth >= 1 WHERE t.campaign_id = $1) d"
	     " WHERE depth = 1 OR h < $3 ORDER BY task_id, org_id"},
    /*
     * The overdue list and its count for a large subtree (db/task_view.c
     * decides): the tasks past due in due order (tasks_due), each task's
     * assignments by the key (task_units_task_cover), each unit by id for
     * its path. A page stops after $7 rows and needs no sort; over a small
     * subtree SQL_TASK_OVERDUE, from the units, reads less.
     */
    [SQL_TASK_OVERDUE_BY_TASK] = {.both = "SELECT " DB_COLUMNS(DB_TASK_CELL_COLUMNS)
				      TASK_OVERDUE_BY_TASK_FROM
				  " LEFT JOIN campaigns c ON c.id = t.campaign_id"
				  " WHERE" TASK_OVERDUE_BY_TASK_COND
				  " ORDER BY t.due_date, t.id, tu.org_id LIMIT $7 OFFSET $8"},
    [SQL_TASK_OVERDUE_BY_TASK_COUNT] =
	{.both = "SELECT count(*) FROM (SELECT 1" TASK_OVERDUE_BY_TASK_FROM
		 " WHERE" TASK_OVERDUE_BY_TASK_COND " LIMIT $7) x"},
    /* The units of the subtree [$1, $2), counted up to $3. */
    [SQL_TASK_SCOPE_UNITS] = {.both = "SELECT count(*) FROM (SELECT 1 FROM org o"
				      " WHERE o.path >= $1 AND o.path < $2 LIMIT $3) x"},
    [SQL_BULK_TASK_UNITS_COUNT] = {.both = "SELECT count(*) FROM task_units tu"
					   " JOIN tasks t ON t.id = tu.task_id"
					   " WHERE t.campaign_id = $1"},
    /* A writer's work inside its batch's transaction, undone alone when it fails. */
    [SQL_BATCH_SAVEPOINT] = {.both = "SAVEPOINT w"},
    [SQL_BATCH_RELEASE] = {.both = "RELEASE w"},
    [SQL_BATCH_ROLLBACK_TO] = {.both = "ROLLBACK TO w"},
    /*
     * task_unit_counts (db/task_count.c): how many assignments of task
     * task_id the children of unit org_id hold, kept in the transaction of
     * every write to task_units and of every move of a unit, so the matrix
     * reads a unit's tasks from its own rows. A row with n = 0 is deleted.
     * One more assignment of unit $2 to task $1, counted at $2's parent.
     */
    [SQL_TASK_COUNT_ADD] = {.both =
				"INSERT INTO task_unit_counts (org_id, task_id, n)"
				" SELECT o.parent_id, CAST($1 AS BIGINT), 1 FROM org o"
				" WHERE o.id = $2 AND o.parent_id IS NOT NULL" TASK_COUNT_UPSERT(
				    "task_unit_counts.n + 1")},
    /* The counts of task $1 recounted from its assignments (after adding many at once). */
    [SQL_TASK_COUNT_TASK] = {.both =
				 "INSERT INTO task_unit_counts" TASK_COUNT_COLS TASK_COUNT_OF
				 " AND tu.task_id = $1"
				 " GROUP BY o.parent_id, tu.task_id" TASK_COUNT_RECOUNT},
    /* The counts of every task of campaign $1 recounted (generated assignments). */
    [SQL_TASK_COUNT_CAMPAIGN] =
	{.both = "INSERT INTO task_unit_counts" TASK_COUNT_COLS TASK_COUNT_OF
		 " AND tu.task_id IN (SELECT t.id FROM tasks t"
		 " WHERE t.campaign_id = $1)"
		 " GROUP BY o.parent_id, tu.task_id" TASK_COUNT_RECOUNT},
    /* Unit $1 leaves parent $2: each of its assignments is counted there no more. */
    [SQL_TASK_COUNT_LEAVE] = {.both = "UPDATE task_unit_counts SET (n, n_na, n_signed, n_done) ="
				      " (SELECT task_unit_counts.n - 1,"
				      " task_unit_counts.n_na - (" TASK_COUNT_NA "),"
				      " task_unit_counts.n_signed - (" TASK_COUNT_SIGNED "),"
				      " task_unit_counts.n_done - (" TASK_COUNT_DONE ")"
				      " FROM task_units tu WHERE tu.org_id = $1"
				      " AND tu.task_id = task_unit_counts.task_id)"
				      " WHERE org_id = $2 AND task_id IN (SELECT tu.task_id"
				      " FROM task_units tu WHERE tu.org_id = $1)"},
    [SQL_TASK_COUNT_PRUNE] = {.both = "DELETE FROM task_unit_counts WHERE org_id = $1 AND n <= 0"},
    /* Unit $1 joins parent $2: each of its assignments is counted there. */
    [SQL_TASK_COUNT_JOIN] = {.both = "INSERT INTO task_unit_counts" TASK_COUNT_COLS
				     " SELECT CAST($2 AS BIGINT), tu.task_id, 1, " TASK_COUNT_NA ","
				     " " TASK_COUNT_SIGNED ", " TASK_COUNT_DONE " FROM task_units tu"
				     " WHERE tu.org_id = $1" TASK_COUNT_UPSERT(
					 "task_unit_counts.n + 1") ","
				     " n_na = task_unit_counts.n_na + excluded.n_na,"
				     " n_signed = task_unit_counts.n_signed + excluded.n_signed,"
				     " n_done = task_unit_counts.n_done + excluded.n_done"},
    /*
     * xuanguan check: every (parent, task) whose recount and stored count
     * differ, in key order. Columns: org_id, task_id, recounted, stored.
     */
    [SQL_TASK_COUNT_CHECK] = {.both = "SELECT org_id, task_id, sum(want), sum(have),"
				      " sum(want_na), sum(have_na), sum(want_signed),"
				      " sum(have_signed), sum(want_done), sum(have_done) FROM ("
				      "SELECT o.parent_id AS org_id, tu.task_id AS task_id,"
				      " count(*) AS want, 0 AS have,"
				      " sum(" TASK_COUNT_NA ") AS want_na, 0 AS have_na,"
				      " sum(" TASK_COUNT_SIGNED ") AS want_signed, 0 AS have_signed,"
				      " sum(" TASK_COUNT_DONE ") AS want_done, 0 AS have_done"
				      TASK_COUNT_FROM " GROUP BY o.parent_id, tu.task_id"
				      " UNION ALL SELECT k.org_id, k.task_id, 0, k.n, 0, k.n_na,"
				      " 0, k.n_signed, 0, k.n_done"
				      " FROM task_unit_counts k) s GROUP BY org_id, task_id"
				      " HAVING sum(want) <> sum(have) OR sum(want_na) <> sum(have_na)"
				      " OR sum(want_signed) <> sum(have_signed)"
				      " OR sum(want_done) <> sum(have_done) ORDER BY org_id, task_id"},
    /*
     * The dashboard's 待审核: publicity of the subtree [$1, $2) waiting for review, of
     * campaign $3 (0: any), dated $4..$5. Its state, kind and deleted are written as the
     * partial index records_review (migration 15) is, so both databases read that index
     * (only the records waiting, by unit and day) instead of every record of the subtree's
     * units in the period: at the root of the 5M database 0.85 s → 0.05 s (docs/bench.md).
     */
    [SQL_RECORD_PENDING] = {.both = "SELECT count(*) FROM records r JOIN org o ON o.id = r.org_id"
				    " WHERE r.state = 'submitted' AND r.kind = 'publicity'"
				    " AND r.deleted = 0 AND " IN_SCOPE("$1", "$2") " AND"
				    " (CAST($3 AS BIGINT) = 0 OR r.campaign_id = $3)"
				    " AND (CAST($4 AS TEXT) IS NULL OR r.day >= $4)"
				    " AND (CAST($5 AS TEXT) IS NULL OR r.day <= $5)"},
    /*
     * Task $1's assignment of unit $2 about to change (sign, progress, 不适用): held
     * (PostgreSQL) until the transaction ends, so that the part it takes out of its
     * parent's counts below, and puts back after, are of one version of it.
     */
    [SQL_TASK_COUNT_HOLD] = {.sqlite = "SELECT 1 FROM task_units WHERE task_id = $1 AND org_id = $2",
			     .pg = "SELECT 1 FROM task_units WHERE task_id = $1 AND org_id = $2"
				   " FOR UPDATE"},
    [SQL_TASK_COUNT_UNIT] = {.both = "UPDATE task_unit_counts SET (n_na, n_signed, n_done) ="
				     " (SELECT" TASK_COUNT_PART("n_na", TASK_COUNT_NA)
				     "," TASK_COUNT_PART("n_signed", TASK_COUNT_SIGNED)
				     "," TASK_COUNT_PART("n_done", TASK_COUNT_DONE)
				     " FROM task_units tu WHERE tu.task_id = $1 AND tu.org_id = $2)"
				     " WHERE task_id = $1 AND org_id = (SELECT o.parent_id FROM org o"
				     " WHERE o.id = $2) AND EXISTS (SELECT 1 FROM task_units tu"
				     " WHERE tu.task_id = $1 AND tu.org_id = $2)"},
    /* 1 when every unit's path is in both [$1, $2) and [$3, $4) (the root's subtree as the
     * root's reader sees it), else 0: two index probes each way. */
    [SQL_TASK_SCOPE_WHOLE] = {.both = "SELECT CASE WHEN EXISTS (SELECT 1 FROM org o WHERE o.path < $1)"
				      " OR EXISTS (SELECT 1 FROM org o WHERE o.path >= $2)"
				      " OR EXISTS (SELECT 1 FROM org o WHERE o.path < $3)"
				      " OR EXISTS (SELECT 1 FROM org o WHERE o.path >= $4)"
				      " THEN 0 ELSE 1 END"},
    /*
     * The overdue list and its count when the subtree is every unit
     * (SQL_TASK_SCOPE_WHOLE): no unit needs looking up to be kept, so the
     * count walks the tasks past due on $1 of campaign $2 (0: any) and
     * their assignments by the keys alone (at the root of a million
     * assignments, 10,001 of them: no longer 10,001 units probed too), and
     * the page is chosen from the keys ($3 rows from $4, in the order of
     * SQL_TASK_OVERDUE_BY_TASK) before its units are read.
     */
    [SQL_TASK_OVERDUE_WHOLE_COUNT] = {.both = "SELECT count(*) FROM (SELECT 1" TASK_OVERDUE_WHOLE_WALK
					      " LIMIT $3) x"},
    [SQL_TASK_OVERDUE_WHOLE] = {.both = "SELECT " DB_COLUMNS(DB_TASK_CELL_COLUMNS)
				" FROM (SELECT tu.task_id AS task_id, tu.org_id AS org_id"
				TASK_OVERDUE_WHOLE_WALK " ORDER BY t.due_date, t.id, tu.org_id"
				" LIMIT $3 OFFSET $4) w CROSS JOIN task_units tu CROSS JOIN tasks t"
				" CROSS JOIN org uo LEFT JOIN campaigns c ON c.id = t.campaign_id"
				" WHERE tu.task_id = w.task_id AND tu.org_id = w.org_id"
				" AND t.id = w.task_id AND uo.id = w.org_id"
				" ORDER BY t.due_date, t.id, tu.org_id"},
    /*
     * The matrix's cells in two parts (db/task_view.c lays them out): the
     * children of $1 within [$2, $3) in path order, and the page's
     * assignments by ids alone, unordered — the task's title and dates and
     * the unit's code, name and path were repeated in every cell (11,000
     * for the root's 50 tasks), and PostgreSQL sorted them all by path.
     * SQLite probes each task of the page for each child by the key
     * (task_units_task_cover); PostgreSQL, which through a fenced LATERAL
     * probed the same way at three index pages a cell, reads each child's assignments from
     * task_units_org_cover (migration 17: 300 entries side by side for a
     * child of the root) and keeps those of the page's tasks by hashing,
     * where a probe a cell cost three index pages.
     */
    [SQL_TASK_MATRIX_CHILDREN] = {.both = "SELECT " DB_COLUMNS(DB_MATRIX_CHILD_COLUMNS) " FROM org uo"
				  " WHERE" TASK_MATRIX_CHILD " ORDER BY uo.path"},
    [SQL_TASK_MATRIX_MARKS] = {.sqlite = "SELECT" TASK_MATRIX_MARK
			       " FROM tasks t CROSS JOIN org uo CROSS JOIN task_units tu"
			       " WHERE" TASK_MATRIX_SPAN " AND" TASK_MATRIX_CHILD TASK_MATRIX_PROBE
			       TASK_MATRIX_TASK,
			       .pg = "SELECT" TASK_MATRIX_MARK " FROM org uo"
			       " JOIN task_units tu ON tu.org_id = uo.id JOIN tasks t ON t.id = tu.task_id"
			       " WHERE" TASK_MATRIX_SPAN " AND" TASK_MATRIX_CHILD TASK_MATRIX_TASK},
    /*
     * SQL_TASK_LIST_WHOLE for a caller whose subtree is every unit
     * (SQL_TASK_SCOPE_WHOLE): it sees every assignment, so a task's sums
     * come from its keys alone (task_units_task_cover) and no unit is
     * looked up — a million of them at the root of the generated 50,000.
     * Campaign $1 (0: any), $2 rows from $3; the columns of struct
     * db_task in its order, as TASK_MATRIX_PAGE.
     */
    [SQL_TASK_LIST_ALL] = {.both =
	"SELECT t.id, t.assigner_org_id, t.campaign_id, t.parent_id, t.title, t.paragraph,"
	" t.section_path, t.start_date, t.due_date, t.created_by, t.created_at, t.updated_at,"
	" ao.path, ao.name, coalesce(c.warn_days, 7), s.u, s.s, s.d, t.milestone,"
	" coalesce(c.light_rule, 'worst'), coalesce(c.light_share, 80)"
	" FROM (SELECT t.id AS id, sum(" TASK_COUNT_APPLIES ") AS u, sum(" TASK_COUNT_SIGNED ") AS s,"
	" sum(" TASK_COUNT_DONE ") AS d FROM tasks t CROSS JOIN task_units tu"
	" WHERE tu.task_id = t.id AND t.deleted = 0 AND (CAST($1 AS BIGINT) = 0 OR t.campaign_id = $1)"
	" GROUP BY t.id ORDER BY t.due_date, t.id LIMIT $2 OFFSET $3) s"
	" CROSS JOIN tasks t JOIN org ao ON ao.id = t.assigner_org_id"
	" LEFT JOIN campaigns c ON c.id = t.campaign_id WHERE t.id = s.id ORDER BY t.due_date, t.id"},
    /*
     * The not-done assignments with a date of their own (an accepted adjustment; from
     * task_units_own_due, a few) past it or past the task's date on $5, of the subtree [$3, $4)
     * within the reader's [$1, $2), campaign $6 (0: any), with the task's date after the
     * columns, in the order of the list by the task's date: db/task_view.c drops the second
     * from that list and merges in the first.
     */
    [SQL_TASK_OVERDUE_OWNED] = {.both = "SELECT " DB_COLUMNS(DB_TASK_CELL_COLUMNS) ", t.due_date"
				TASK_OWN_DUE_FROM " WHERE" TASK_OWN_DUE_COND
				" ORDER BY t.due_date, t.id, tu.org_id"},
    /* The matrix page's assignments with a date of their own (its cells' dates, beside
     * SQL_TASK_MATRIX_MARKS; parameters as there), from task_units_own_due. */
    [SQL_TASK_MATRIX_DUES] = {.both = "SELECT tu.task_id, tu.org_id, tu.due_date FROM task_units tu"
			      " CROSS JOIN tasks t CROSS JOIN org uo WHERE tu.due_date IS NOT NULL"
			      " AND t.id = tu.task_id AND uo.id = tu.org_id AND" TASK_MATRIX_SPAN
			      " AND" TASK_MATRIX_CHILD TASK_MATRIX_TASK},
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
