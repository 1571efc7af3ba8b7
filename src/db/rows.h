/*
 * rows: each row type the storage reads, declared once — member, column
 * expression and how its text is read — so the SELECT's column list
 * (db/sql.c) and the reader that fills the struct (db/db.c) come from the
 * same line and column order is never kept in step by hand. Private to db/.
 *
 * X(kind, member, sql): kind is INT, BOOL or TEXT (NULL stays NULL).
 */
#ifndef XG_DB_ROWS_H
#define XG_DB_ROWS_H

/* struct db_kind */
#define DB_KIND_COLUMNS(X)                                                                         \
	X(INT, id, "id")                                                                           \
	X(TEXT, name, "name")

/* struct db_org, from org o JOIN org_kind k */
#define DB_ORG_COLUMNS(X)                                                                          \
	X(INT, id, "o.id")                                                                         \
	X(INT, parent_id, "o.parent_id")                                                           \
	X(TEXT, code, "o.code")                                                                    \
	X(TEXT, name, "o.name")                                                                    \
	X(TEXT, kind, "k.name")                                                                    \
	X(TEXT, path, "o.path")                                                                    \
	X(INT, depth, "o.depth")                                                                   \
	X(INT, members, "o.members")                                                               \
	X(BOOL, closed, "o.closed")                                                                \
	X(INT, created_at, "o.created_at")                                                         \
	X(INT, updated_at, "o.updated_at")                                                         \
	X(INT, children, "(SELECT count(*) FROM org c WHERE c.parent_id = o.id)")

/* struct db_user, from users u JOIN org o */
#define DB_USER_COLUMNS(X)                                                                         \
	X(INT, id, "u.id")                                                                         \
	X(INT, org_id, "u.org_id")                                                                 \
	X(TEXT, username, "u.username")                                                            \
	X(TEXT, display_name, "u.display_name")                                                    \
	X(TEXT, role, "u.role")                                                                    \
	X(TEXT, pw_hash, "u.pw_hash")                                                              \
	X(BOOL, disabled, "u.disabled")                                                            \
	X(INT, created_at, "u.created_at")                                                         \
	X(INT, updated_at, "u.updated_at")                                                         \
	X(INT, pw_changed_at, "u.pw_changed_at")                                                   \
	X(TEXT, org_path, "o.path")                                                                \
	X(TEXT, org_name, "o.name")                                                                \
	X(TEXT, org_code, "o.code")

/* struct db_session, from sessions s */
#define DB_SESSION_COLUMNS(X)                                                                      \
	X(INT, id, "s.id")                                                                         \
	X(INT, user_id, "s.user_id")                                                               \
	X(TEXT, kind, "s.kind")                                                                    \
	X(TEXT, csrf, "s.csrf")                                                                    \
	X(INT, created_at, "s.created_at")                                                         \
	X(INT, last_seen, "s.last_seen")                                                           \
	X(INT, expires_at, "s.expires_at")                                                         \
	X(TEXT, label, "s.label")

/* struct db_audit, from audit */
#define DB_AUDIT_COLUMNS(X)                                                                        \
	X(INT, id, "id")                                                                           \
	X(INT, at, "at")                                                                           \
	X(INT, actor_id, "actor_id")                                                               \
	X(TEXT, actor_name, "actor_name")                                                          \
	X(TEXT, org_path, "org_path")                                                              \
	X(TEXT, client, "client")                                                                  \
	X(TEXT, action, "action")                                                                  \
	X(TEXT, object_type, "object_type")                                                        \
	X(TEXT, object_id, "object_id")                                                            \
	X(TEXT, summary, "summary")                                                                \
	X(TEXT, before, "before_data")                                                             \
	X(TEXT, after, "after_data")

/* struct db_campaign, from campaigns c JOIN org o (the running unit) */
#define DB_CAMPAIGN_COLUMNS(X)                                                                     \
	X(INT, id, "c.id")                                                                         \
	X(INT, org_id, "c.org_id")                                                                 \
	X(TEXT, name, "c.name")                                                                    \
	X(TEXT, start_date, "c.start_date")                                                        \
	X(TEXT, end_date, "c.end_date")                                                            \
	X(TEXT, description, "c.description")                                                      \
	X(INT, created_at, "c.created_at")                                                         \
	X(INT, updated_at, "c.updated_at")                                                         \
	X(TEXT, org_path, "o.path")                                                                \
	X(TEXT, org_name, "o.name")                                                                \
	X(INT, warn_days, "c.warn_days")                                                           \
	X(TEXT, light_rule, "c.light_rule")                                                        \
	X(INT, light_share, "c.light_share")

/* struct db_record, from records r JOIN org o (its unit) LEFT JOIN org ao (the author's unit)
 * LEFT JOIN tasks rt (the task it carries out) */
#define DB_RECORD_COLUMNS(X)                                                                       \
	X(INT, id, "r.id")                                                                         \
	X(INT, org_id, "r.org_id")                                                                 \
	X(TEXT, kind, "r.kind")                                                                    \
	X(TEXT, day, "r.day")                                                                      \
	X(TEXT, title, "r.title")                                                                  \
	X(INT, campaign_id, "r.campaign_id")                                                       \
	X(INT, participants, "r.participants")                                                     \
	X(INT, audience, "r.audience")                                                             \
	X(INT, hours, "r.hours")                                                                   \
	X(TEXT, detail, "r.detail")                                                                \
	X(TEXT, state, "r.state")                                                                  \
	X(TEXT, review_reason, "r.review_reason")                                                  \
	X(INT, reviewed_by, "r.reviewed_by")                                                       \
	X(INT, reviewed_at, "r.reviewed_at")                                                       \
	X(INT, author_org_id, "r.author_org_id")                                                   \
	X(INT, recorded_by, "r.recorded_by")                                                       \
	X(TEXT, recorded_by_name, "r.recorded_by_name")                                            \
	X(INT, recorded_at, "r.recorded_at")                                                       \
	X(INT, updated_at, "r.updated_at")                                                         \
	X(BOOL, deleted, "r.deleted")                                                              \
	X(TEXT, deleted_reason, "r.deleted_reason")                                                \
	X(TEXT, org_path, "o.path")                                                                \
	X(TEXT, org_name, "o.name")                                                                \
	X(TEXT, author_path, "ao.path")                                                            \
	X(INT, task_id, "r.task_id")                                                               \
	X(TEXT, task_title, "rt.title")                                                            \
	X(TEXT, task_paragraph, "rt.paragraph")

/* struct db_rollup: counters summed over slots (and, for children, the unit's name) */
#define DB_ROLLUP_COLUMNS(X)                                                                       \
	X(INT, org_id, "org_id")                                                                   \
	X(INT, campaign_id, "campaign_id")                                                         \
	X(TEXT, kind, "kind")                                                                      \
	X(TEXT, month, "month")                                                                    \
	X(INT, records, "sum(records)")                                                            \
	X(INT, participants, "sum(participants)")                                                  \
	X(INT, audience, "sum(audience)")                                                          \
	X(INT, hours, "sum(hours)")

/* struct db_file, from record_files f JOIN records r JOIN org o */
#define DB_FILE_COLUMNS(X)                                                                         \
	X(INT, id, "f.id")                                                                         \
	X(INT, record_id, "f.record_id")                                                           \
	X(TEXT, name, "f.name")                                                                    \
	X(TEXT, media_type, "f.media_type")                                                        \
	X(INT, size, "f.size")                                                                     \
	X(TEXT, sha256, "f.sha256")                                                                \
	X(INT, uploaded_by, "f.uploaded_by")                                                       \
	X(TEXT, uploaded_by_name, "f.uploaded_by_name")                                            \
	X(INT, uploaded_at, "f.uploaded_at")                                                       \
	X(TEXT, org_path, "o.path")                                                                \
	X(INT, progress_id, "f.progress_id")                                                       \
	X(INT, rectification_id, "f.rectification_id")

/* struct db_task, from tasks t JOIN org ao (the assigning unit) LEFT JOIN campaigns c, with the
 * counts of its assignments the reader may see (TASK_SELECT in db/sql.c groups them). */
#define DB_TASK_COLUMNS(X)                                                                         \
	X(INT, id, "t.id")                                                                         \
	X(INT, assigner_org_id, "t.assigner_org_id")                                               \
	X(INT, campaign_id, "t.campaign_id")                                                       \
	X(INT, parent_id, "t.parent_id")                                                           \
	X(TEXT, title, "t.title")                                                                  \
	X(TEXT, paragraph, "t.paragraph")                                                          \
	X(TEXT, section_path, "t.section_path")                                                    \
	X(TEXT, start_date, "t.start_date")                                                        \
	X(TEXT, due_date, "t.due_date")                                                            \
	X(INT, created_by, "t.created_by")                                                         \
	X(INT, created_at, "t.created_at")                                                         \
	X(INT, updated_at, "t.updated_at")                                                         \
	X(TEXT, assigner_path, "ao.path")                                                          \
	X(TEXT, assigner_name, "ao.name")                                                          \
	X(INT, warn_days, "coalesce(c.warn_days, 7)")                                              \
	X(INT, units, "sum(CASE WHEN tu.na_at IS NULL THEN 1 ELSE 0 END)")                                                          \
	X(INT, signed_units,                                                                       \
	  "sum(CASE WHEN tu.state <> 'assigned' AND tu.na_at IS NULL THEN 1 ELSE 0 END)")            \
	X(INT, done_units, "sum(CASE WHEN tu.state = 'done' AND tu.na_at IS NULL THEN 1 ELSE 0 END)")                   \
	X(TEXT, milestone, "t.milestone")                                                          \
	X(TEXT, light_rule, "coalesce(c.light_rule, 'worst')")                                     \
	X(INT, light_share, "coalesce(c.light_share, 80)")

/* struct db_task_unit, from task_units tu JOIN org uo (the unit) JOIN tasks t LEFT JOIN
 * campaigns c */
#define DB_TASK_UNIT_COLUMNS(X)                                                                    \
	X(INT, task_id, "tu.task_id")                                                              \
	X(INT, org_id, "tu.org_id")                                                                \
	X(TEXT, org_code, "uo.code")                                                               \
	X(TEXT, org_name, "uo.name")                                                               \
	X(TEXT, org_path, "uo.path")                                                               \
	X(TEXT, role, "tu.role")                                                                   \
	X(TEXT, state, "tu.state")                                                                 \
	X(INT, percent, "tu.percent")                                                              \
	X(INT, signed_at, "tu.signed_at")                                                          \
	X(INT, done_at, "tu.done_at")                                                              \
	X(INT, updated_at, "tu.updated_at")                                                        \
	X(TEXT, due_date, "coalesce(tu.due_date, t.due_date)")                                     \
	X(INT, warn_days, "coalesce(c.warn_days, 7)")                                              \
	X(INT, na_at, "tu.na_at")                                                                  \
	X(TEXT, light_rule, "coalesce(c.light_rule, 'worst')")                                     \
	X(INT, light_share, "coalesce(c.light_share, 80)")

/* struct db_task_progress */
#define DB_TASK_PROGRESS_COLUMNS(X)                                                                \
	X(INT, id, "id")                                                                           \
	X(INT, task_id, "task_id")                                                                 \
	X(INT, org_id, "org_id")                                                                   \
	X(INT, percent, "percent")                                                                 \
	X(TEXT, text, "text")                                                                      \
	X(INT, by_user, "by_user")                                                                 \
	X(TEXT, by_name, "by_name")                                                                \
	X(INT, at, "at")                                                                           \
	X(TEXT, milestone, "milestone")                                                            \
	X(TEXT, problems, "problems")                                                              \
	X(TEXT, help_needed, "help_needed")

/* struct db_inspection, from inspections i JOIN org io (the inspecting unit); the counts
 * (INSPECTION_SEES in db/sql.c) see what the reader [$1, $2) may see, overdue on day $3. */
#define DB_INSPECTION_COLUMNS(X)                                                                   \
	X(INT, id, "i.id")                                                                         \
	X(INT, org_id, "i.org_id")                                                                 \
	X(TEXT, org_name, "io.name")                                                               \
	X(TEXT, org_path, "io.path")                                                               \
	X(TEXT, day, "i.day")                                                                      \
	X(TEXT, items, "i.items")                                                                  \
	X(TEXT, findings, "i.findings")                                                            \
	X(INT, created_by, "i.created_by")                                                         \
	X(TEXT, created_by_name, "i.created_by_name")                                              \
	X(INT, created_at, "i.created_at")                                                         \
	X(INT, units, "(SELECT count(*) FROM inspection_units iu JOIN org uo ON uo.id ="           \
		      " iu.org_id WHERE iu.inspection_id = i.id AND " INSPECTION_UNIT_SEES ")")    \
	X(INT, pending, "(SELECT count(*) FROM rectifications x JOIN org uo ON uo.id ="            \
			" x.org_id WHERE x.inspection_id = i.id AND " INSPECTION_UNIT_SEES         \
			" AND x.state IN ('open', 'reopened'))")                                   \
	X(INT, overdue, "(SELECT count(*) FROM rectifications x JOIN org uo ON uo.id ="            \
			" x.org_id WHERE x.inspection_id = i.id AND " INSPECTION_UNIT_SEES         \
			" AND x.state IN ('open', 'reopened') AND x.deadline < $3)")
/* A unit uo of inspection i the reader [$1, $2) sees: below the reader, or the reader sees the
 * inspecting unit io. */
#define INSPECTION_UNIT_SEES                                                                       \
	"((io.path >= $1 AND io.path < $2) OR (uo.path >= $1 AND uo.path < $2))"

/* struct db_inspection_unit, from inspection_units iu JOIN org uo */
#define DB_INSPECTION_UNIT_COLUMNS(X)                                                              \
	X(INT, inspection_id, "iu.inspection_id")                                                  \
	X(INT, org_id, "iu.org_id")                                                                \
	X(TEXT, org_code, "uo.code")                                                               \
	X(TEXT, org_name, "uo.name")                                                               \
	X(TEXT, org_path, "uo.path")

/* struct db_rectification, from rectifications x JOIN org uo (the unit) JOIN inspections i JOIN
 * org io (the inspecting unit) */
#define DB_RECTIFICATION_COLUMNS(X)                                                                \
	X(INT, id, "x.id")                                                                         \
	X(INT, inspection_id, "x.inspection_id")                                                   \
	X(INT, org_id, "x.org_id")                                                                 \
	X(TEXT, org_name, "uo.name")                                                               \
	X(TEXT, org_path, "uo.path")                                                               \
	X(TEXT, what, "x.what")                                                                    \
	X(TEXT, deadline, "x.deadline")                                                            \
	X(TEXT, state, "x.state")                                                                  \
	X(TEXT, answer, "x.answer")                                                                \
	X(TEXT, answered_by_name, "x.answered_by_name")                                            \
	X(INT, answered_at, "x.answered_at")                                                       \
	X(TEXT, note, "x.note")                                                                    \
	X(TEXT, closed_by_name, "x.closed_by_name")                                                \
	X(INT, closed_at, "x.closed_at")                                                           \
	X(INT, created_at, "x.created_at")                                                         \
	X(INT, updated_at, "x.updated_at")                                                         \
	X(TEXT, inspector_path, "io.path")

/* struct db_directive, from directives d JOIN org io (the importing unit) JOIN campaigns c */
#define DB_DIRECTIVE_COLUMNS(X)                                                                    \
	X(INT, id, "d.id")                                                                         \
	X(INT, campaign_id, "d.campaign_id")                                                       \
	X(INT, org_id, "d.org_id")                                                                 \
	X(TEXT, title, "d.title")                                                                  \
	X(TEXT, doc_no, "d.doc_no")                                                                \
	X(TEXT, issuer, "d.issuer")                                                                \
	X(TEXT, date, "d.date")                                                                    \
	X(INT, version, "d.version")                                                               \
	X(INT, created_by, "d.created_by")                                                         \
	X(INT, created_at, "d.created_at")                                                         \
	X(INT, updated_at, "d.updated_at")                                                         \
	X(TEXT, org_path, "io.path")                                                               \
	X(TEXT, org_name, "io.name")                                                               \
	X(TEXT, campaign_name, "c.name")

/* struct db_directive_section */
#define DB_DIRECTIVE_SECTION_COLUMNS(X)                                                            \
	X(INT, id, "id")                                                                           \
	X(INT, directive_id, "directive_id")                                                       \
	X(INT, seq, "seq")                                                                         \
	X(INT, level, "level")                                                                     \
	X(TEXT, path, "path")                                                                      \
	X(TEXT, number, "number")                                                                  \
	X(TEXT, heading, "heading")

/* struct db_directive_change */
#define DB_DIRECTIVE_CHANGE_COLUMNS(X)                                                             \
	X(INT, id, "id")                                                                           \
	X(INT, directive_id, "directive_id")                                                       \
	X(TEXT, part, "part")                                                                      \
	X(TEXT, before, "before_value")                                                            \
	X(TEXT, after, "after_value")                                                              \
	X(INT, by_user, "by_user")                                                                 \
	X(TEXT, by_name, "by_name")                                                                \
	X(INT, at, "at")

/* struct db_directive_addressee, from directive_addressees da LEFT JOIN org o */
#define DB_DIRECTIVE_ADDRESSEE_COLUMNS(X)                                                          \
	X(INT, id, "da.id")                                                                        \
	X(INT, directive_id, "da.directive_id")                                                    \
	X(TEXT, name, "da.name")                                                                   \
	X(INT, org_id, "da.org_id")                                                                \
	X(TEXT, org_code, "o.code")                                                                \
	X(TEXT, org_name, "o.name")

/* struct db_coverage (SQL_DIRECTIVE_COVERAGE groups them) */
#define DB_COVERAGE_COLUMNS(X)                                                                     \
	X(INT, org_id, "ch.id")                                                                    \
	X(INT, section_id, "rs.section_id")                                                        \
	X(INT, records, "count(r.id)")                                                             \
	X(INT, participants, "coalesce(sum(r.participants), 0)")

/* struct db_task_cell: one assignment as the task views show it (matrix, overdue, timeline),
 * from task_units tu JOIN tasks t JOIN org uo (the unit) LEFT JOIN campaigns c; its due date is
 * its own after an accepted adjustment, else the task's. */
#define DB_TASK_CELL_COLUMNS(X)                                                                    \
	X(INT, task_id, "tu.task_id")                                                              \
	X(TEXT, title, "t.title")                                                                  \
	X(TEXT, start_date, "t.start_date")                                                        \
	X(TEXT, due_date, "coalesce(tu.due_date, t.due_date)")                                     \
	X(INT, created_at, "t.created_at")                                                         \
	X(INT, warn_days, "coalesce(c.warn_days, 7)")                                              \
	X(INT, org_id, "tu.org_id")                                                                \
	X(TEXT, org_code, "uo.code")                                                               \
	X(TEXT, org_name, "uo.name")                                                               \
	X(TEXT, org_path, "uo.path")                                                               \
	X(TEXT, role, "tu.role")                                                                   \
	X(TEXT, state, "tu.state")                                                                 \
	X(INT, percent, "tu.percent")

/* struct db_notice, from notices n JOIN org o (the recipient unit) LEFT JOIN org so (the sender's
 * unit) LEFT JOIN notice_reads r (the reader's own receipt) */
#define DB_NOTICE_COLUMNS(X)                                                                       \
	X(INT, id, "n.id")                                                                         \
	X(INT, org_id, "n.org_id")                                                                 \
	X(INT, user_id, "n.user_id")                                                               \
	X(TEXT, kind, "n.kind")                                                                    \
	X(TEXT, title, "n.title")                                                                  \
	X(TEXT, body, "n.body")                                                                    \
	X(TEXT, link, "n.link")                                                                    \
	X(INT, task_id, "n.task_id")                                                               \
	X(INT, order_id, "n.order_id")                                                             \
	X(INT, sender_org_id, "n.sender_org_id")                                                   \
	X(TEXT, sender_name, "n.sender_name")                                                      \
	X(INT, created_at, "n.created_at")                                                         \
	X(INT, read_at, "r.read_at")                                                               \
	X(TEXT, org_path, "o.path")                                                                \
	X(TEXT, sender_path, "so.path")

/* struct db_notice_read, from notice_reads r JOIN users u */
#define DB_NOTICE_READ_COLUMNS(X)                                                                  \
	X(INT, user_id, "r.user_id")                                                               \
	X(TEXT, username, "u.username")                                                            \
	X(TEXT, display_name, "u.display_name")                                                    \
	X(INT, read_at, "r.read_at")

/* struct db_reminder, from task_reminders m JOIN org uo (the unit reminded) */
#define DB_REMINDER_COLUMNS(X)                                                                     \
	X(INT, id, "m.id")                                                                         \
	X(INT, task_id, "m.task_id")                                                               \
	X(INT, org_id, "m.org_id")                                                                 \
	X(TEXT, org_name, "uo.name")                                                               \
	X(INT, notice_id, "m.notice_id")                                                           \
	X(BOOL, automatic, "m.auto")                                                               \
	X(TEXT, text, "m.text")                                                                    \
	X(TEXT, by_name, "m.by_name")                                                              \
	X(INT, at, "m.at")                                                                         \
	X(INT, reads, "(SELECT count(*) FROM notice_reads x WHERE x.notice_id = m.notice_id)")

/* One not-done assignment with its due date (its own when moved), for the daily digest */
#define DB_DUE_COLUMNS(X)                                                                          \
	X(INT, org_id, "tu.org_id")                                                                \
	X(INT, task_id, "t.id")                                                                    \
	X(TEXT, title, "t.title")                                                                  \
	X(TEXT, due_date, "coalesce(tu.due_date, t.due_date)")                                     \
	X(INT, warn_days, "coalesce(c.warn_days, 7)")

/* struct db_lecturer */
#define DB_LECTURER_COLUMNS(X)                                                                     \
	X(INT, id, "id")                                                                           \
	X(INT, org_id, "org_id")                                                                   \
	X(TEXT, name, "name")                                                                      \
	X(TEXT, title, "title")

/* struct db_lecture_order, from lecture_orders lo JOIN org o (the requesting unit) JOIN org tm
 * (the team) LEFT JOIN lecturers l */
#define DB_LECTURE_ORDER_COLUMNS(X)                                                                \
	X(INT, id, "lo.id")                                                                        \
	X(INT, org_id, "lo.org_id")                                                                \
	X(TEXT, org_name, "o.name")                                                                \
	X(TEXT, org_path, "o.path")                                                                \
	X(INT, team_id, "lo.team_id")                                                              \
	X(TEXT, team_name, "tm.name")                                                              \
	X(TEXT, team_path, "tm.path")                                                              \
	X(TEXT, topic, "lo.topic")                                                                 \
	X(TEXT, section_path, "lo.section_path")                                                   \
	X(TEXT, preferred_dates, "lo.preferred_dates")                                             \
	X(TEXT, audience_kind, "lo.audience_kind")                                                 \
	X(INT, audience_size, "lo.audience_size")                                                  \
	X(TEXT, state, "lo.state")                                                                 \
	X(INT, lecturer_id, "lo.lecturer_id")                                                      \
	X(TEXT, lecturer_name, "l.name")                                                           \
	X(TEXT, lecture_date, "lo.lecture_date")                                                   \
	X(TEXT, reason, "lo.reason")                                                               \
	X(INT, record_id, "lo.record_id")                                                          \
	X(INT, requested_by, "lo.requested_by")                                                    \
	X(TEXT, requested_by_name, "lo.requested_by_name")                                         \
	X(INT, created_at, "lo.created_at")                                                        \
	X(INT, updated_at, "lo.updated_at")

/*
 * A column list for SQL: every column carries its comma, and the list ends
 * with DB_COLUMNS_END, a constant that no reader reads. Joined rows (a
 * session with its account) put one list after the other and end once.
 */
/* struct matrix_child (db/task_view.c): a child of the matrix's unit, from org uo */
#define DB_MATRIX_CHILD_COLUMNS(X)                                                                 \
	X(INT, id, "uo.id")                                                                        \
	X(TEXT, code, "uo.code")                                                                   \
	X(TEXT, name, "uo.name")                                                                   \
	X(TEXT, path, "uo.path")

/* struct matrix_mark (db/task_view.c): an assignment of the matrix's page, by ids */
#define DB_MATRIX_MARK_COLUMNS(X)                                                                  \
	X(INT, task_id, "tu.task_id")                                                              \
	X(INT, org_id, "tu.org_id")                                                                \
	X(TEXT, role, "tu.role")                                                                   \
	X(TEXT, state, "tu.state")                                                                 \
	X(INT, percent, "tu.percent")

#define DB_COLUMN_SQL(kind, member, sql) sql ", "
#define DB_COLUMNS_END "0"
#define DB_COLUMNS(list) list(DB_COLUMN_SQL) DB_COLUMNS_END

/* struct db_plan_node: one assignment of a plan tree (SQL_TASK_PLAN_TREE), with what its own light
 * and its plan's rule need */
#define DB_PLAN_NODE_COLUMNS(X)                                                                    \
	X(INT, task_id, "t.id")                                                                    \
	X(INT, parent_id, "t.parent_id")                                                           \
	X(INT, root_id, "pt.root")                                                                 \
	X(INT, org_id, "t.assigner_org_id")                                                        \
	X(INT, unit_id, "tu.org_id")                                                               \
	X(INT, depth, "pt.depth")                                                                  \
	X(INT, done, "CASE WHEN tu.state = 'done' THEN 1 ELSE 0 END")                              \
	X(TEXT, due_date, "coalesce(tu.due_date, t.due_date)")                                     \
	X(INT, warn_days, "coalesce(c.warn_days, 7)")                                              \
	X(TEXT, light_rule, "coalesce(c.light_rule, 'worst')")                                     \
	X(INT, light_share, "coalesce(c.light_share, 80)")

/* struct db_task_adjustment, from task_adjustments j JOIN org uo (the asking unit) */
#define DB_TASK_ADJUSTMENT_COLUMNS(X)                                                              \
	X(INT, id, "j.id")                                                                         \
	X(INT, task_id, "j.task_id")                                                               \
	X(INT, org_id, "j.org_id")                                                                 \
	X(TEXT, org_name, "uo.name")                                                               \
	X(TEXT, org_path, "uo.path")                                                               \
	X(TEXT, kind, "j.kind")                                                                    \
	X(TEXT, value, "j.value")                                                                  \
	X(TEXT, old_value, "j.old_value")                                                          \
	X(TEXT, reason, "j.reason")                                                                \
	X(TEXT, state, "j.state")                                                                  \
	X(TEXT, answer, "j.answer")                                                                \
	X(INT, asked_by, "j.asked_by")                                                             \
	X(TEXT, asked_by_name, "j.asked_by_name")                                                  \
	X(INT, asked_at, "j.asked_at")                                                             \
	X(INT, answered_by, "j.answered_by")                                                       \
	X(TEXT, answered_by_name, "j.answered_by_name")                                            \
	X(INT, answered_at, "j.answered_at")

#endif
