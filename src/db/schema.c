/* db_schema: the numbered, forward-only schema migrations for both backends, embedded in the
 * binary. */
#include "db/schema.h"

#include <stddef.h>

/* task_unit_counts from the assignments (the migration that creates it): per parent and task. */
/* Migration 15: publicity waiting for review, by unit and day (a partial index: those records only). */
#define RECORDS_REVIEW_INDEX                                                                       \
	"CREATE INDEX records_review ON records(org_id, day)"                                      \
	" WHERE state = 'submitted' AND kind = 'publicity' AND deleted = 0;"
#define TASK_COUNTS_FILL                                                                           \
	"INSERT INTO task_unit_counts (org_id, task_id, n) SELECT o.parent_id, tu.task_id,"        \
	" count(*) FROM task_units tu JOIN org o ON o.id = tu.org_id"                              \
	" WHERE o.parent_id IS NOT NULL GROUP BY o.parent_id, tu.task_id;"

/* Migration 16: the counts beside n, and their fill (as db/sql.c's TASK_COUNT_OF). */
#define TASK_COUNTS_SUMS_ADD                                                                       \
	"ALTER TABLE task_unit_counts ADD COLUMN n_na BIGINT NOT NULL DEFAULT 0;"                  \
	"ALTER TABLE task_unit_counts ADD COLUMN n_signed BIGINT NOT NULL DEFAULT 0;"              \
	"ALTER TABLE task_unit_counts ADD COLUMN n_done BIGINT NOT NULL DEFAULT 0;"
#define TASK_COUNTS_SUMS_FILL                                                                      \
	"INSERT INTO task_unit_counts (org_id, task_id, n, n_na, n_signed, n_done)"                \
	" SELECT o.parent_id, tu.task_id, count(*),"                                               \
	" sum(CASE WHEN tu.na_at IS NULL THEN 0 ELSE 1 END),"                                      \
	" sum(CASE WHEN tu.na_at IS NULL AND tu.state <> 'assigned' THEN 1 ELSE 0 END),"           \
	" sum(CASE WHEN tu.na_at IS NULL AND tu.state = 'done' THEN 1 ELSE 0 END)"                 \
	" FROM task_units tu JOIN org o ON o.id = tu.org_id WHERE o.parent_id IS NOT NULL"         \
	" GROUP BY o.parent_id, tu.task_id ON CONFLICT (org_id, task_id) DO UPDATE SET"            \
	" n = excluded.n, n_na = excluded.n_na, n_signed = excluded.n_signed,"                     \
	" n_done = excluded.n_done;"

/*
 * Each migration is one script per backend. Migration N is at index N-1;
 * never edit a migration that has shipped: add the next one.
 * Times are Unix seconds (INTEGER/BIGINT) so both backends compare them alike.
 * Tree paths are '/'-separated ids ("/1/5/23/"); a subtree is one range
 * scan on the unique path index, which in PostgreSQL needs byte order (COLLATE "C").
 */
static const struct db_migration migrations[] = {
    {
	.sqlite =
	    "CREATE TABLE org_kind (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	    " sort INTEGER NOT NULL DEFAULT 0);"
	    "CREATE TABLE org (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES org(id),"
	    " code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	    " kind_id INTEGER NOT NULL REFERENCES org_kind(id), path TEXT NOT NULL UNIQUE,"
	    " depth INTEGER NOT NULL, members INTEGER NOT NULL DEFAULT 0 CHECK (members >= 0),"
	    " closed INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
	    " updated_at INTEGER NOT NULL);"
	    "CREATE INDEX org_parent ON org(parent_id, code);"
	    /* Codes are compared without case: QX05 and qx05 name one unit. */
	    "CREATE UNIQUE INDEX org_code_nocase ON org(lower(code));"
	    "CREATE TABLE users (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES "
	    "org(id),"
	    " username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,"
	    " pw_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
	    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	    " pw_changed_at INTEGER NOT NULL);"
	    "CREATE INDEX users_org ON users(org_id);"
	    "CREATE TABLE sessions (id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
	    " user_id INTEGER NOT NULL REFERENCES users(id), kind TEXT NOT NULL, csrf TEXT,"
	    " label TEXT, client TEXT, created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	    " expires_at INTEGER NOT NULL);"
	    "CREATE INDEX sessions_user ON sessions(user_id);"
	    "CREATE INDEX sessions_expiry ON sessions(expires_at);"
	    "CREATE TABLE throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
	    " window_start INTEGER NOT NULL, locked_until INTEGER NOT NULL);"
	    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_id INTEGER,"
	    " actor_name TEXT NOT NULL, org_path TEXT, client TEXT, action TEXT NOT NULL,"
	    " object_type TEXT, object_id TEXT, summary TEXT, before_data TEXT, after_data TEXT);"
	    "CREATE INDEX audit_at ON audit(at);"
	    "CREATE INDEX audit_org ON audit(org_path, at);"
	    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	    " BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
	.pg = "CREATE TABLE org_kind (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " name TEXT NOT NULL UNIQUE, sort INTEGER NOT NULL DEFAULT 0);"
	      "CREATE SEQUENCE org_id_seq;"
	      "CREATE TABLE org (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES org(id),"
	      " code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	      " kind_id BIGINT NOT NULL REFERENCES org_kind(id),"
	      " path TEXT COLLATE \"C\" NOT NULL UNIQUE,"
	      " depth INTEGER NOT NULL, members BIGINT NOT NULL DEFAULT 0 CHECK (members >= 0),"
	      " closed INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,"
	      " updated_at BIGINT NOT NULL);"
	      "CREATE INDEX org_parent ON org(parent_id, code);"
	      /* Codes are compared without case: QX05 and qx05 name one unit. */
	      "CREATE UNIQUE INDEX org_code_nocase ON org(lower(code));"
	      "CREATE TABLE users (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " org_id BIGINT NOT NULL REFERENCES org(id),"
	      " username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,"
	      " pw_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
	      " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
	      " pw_changed_at BIGINT NOT NULL);"
	      "CREATE INDEX users_org ON users(org_id);"
	      "CREATE TABLE sessions (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " token_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES users(id),"
	      " kind TEXT NOT NULL, csrf TEXT, label TEXT, client TEXT,"
	      " created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
	      "CREATE INDEX sessions_user ON sessions(user_id);"
	      "CREATE INDEX sessions_expiry ON sessions(expires_at);"
	      "CREATE TABLE throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
	      " window_start BIGINT NOT NULL, locked_until BIGINT NOT NULL);"
	      "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	      "CREATE TABLE audit (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " at BIGINT NOT NULL, actor_id BIGINT, actor_name TEXT NOT NULL,"
	      " org_path TEXT COLLATE \"C\", client TEXT, action TEXT NOT NULL, object_type TEXT,"
	      " object_id TEXT, summary TEXT, before_data TEXT, after_data TEXT);"
	      "CREATE INDEX audit_at ON audit(at);"
	      "CREATE INDEX audit_org ON audit(org_path, at);"
	      "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	      " $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;"
	      "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit"
	      " FOR EACH ROW EXECUTE FUNCTION audit_append_only();"
	      "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
	      " FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();",
    },
    {
	/* The organisation kinds of DOMAIN.md §1; more may be added as data. */
	.sqlite = "INSERT INTO org_kind (name, sort) VALUES ('市科协', 10), ('区县科协', 20),"
		  " ('乡镇街道科协', 30), ('市级学会', 40), ('企事业科协', 50), ('高校科协', 60),"
		  " ('机关支部', 70), ('直属单位', 80), ('党组织', 90), ('其他', 100);",
	.pg = "INSERT INTO org_kind (name, sort) VALUES ('市科协', 10), ('区县科协', 20),"
	      " ('乡镇街道科协', 30), ('市级学会', 40), ('企事业科协', 50), ('高校科协', 60),"
	      " ('机关支部', 70), ('直属单位', 80), ('党组织', 90), ('其他', 100);",
    },
    {
	/*
	 * Lock-out without a weapon (issue 7): throttle rows count refused
	 * attempts (blocked) so the audit log gets one row per block instead of
	 * one per attempt; login_seen remembers where each account logged in, so
	 * the owner's usual address is not slowed by guesses from elsewhere.
	 */
	.sqlite = "ALTER TABLE throttle ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;"
		  "CREATE TABLE login_seen (username TEXT NOT NULL, client TEXT NOT NULL,"
		  " at INTEGER NOT NULL, PRIMARY KEY (username, client));",
	.pg = "ALTER TABLE throttle ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;"
	      "CREATE TABLE login_seen (username TEXT NOT NULL, client TEXT NOT NULL,"
	      " at BIGINT NOT NULL, PRIMARY KEY (username, client));",
    },
    {
	/*
	 * Work records (issue 9): campaigns, records (the kind's own fields in
	 * one JSON text, detail; the figures roll-ups sum as columns) and the
	 * roll-up counters per (ancestor unit, campaign or 0, kind, month,
	 * slot). A slot spreads one figure over several rows so that concurrent
	 * writers do not queue on the root's row (PostgreSQL); readers sum them.
	 */
	.sqlite =
	    "CREATE TABLE campaigns (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES "
	    "org(id),"
	    " name TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,"
	    " description TEXT, created_by INTEGER, created_at INTEGER NOT NULL,"
	    " updated_at INTEGER NOT NULL);"
	    "CREATE INDEX campaigns_org ON campaigns(org_id);"
	    "CREATE TABLE records (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES "
	    "org(id),"
	    " kind TEXT NOT NULL CHECK (kind IN ('study', 'training', 'publicity',"
	    " 'lecture', 'implementation')), day TEXT NOT NULL, title TEXT NOT NULL,"
	    " campaign_id INTEGER REFERENCES campaigns(id),"
	    " participants INTEGER NOT NULL DEFAULT 0, audience INTEGER NOT NULL DEFAULT 0,"
	    " hours INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '{}',"
	    " state TEXT NOT NULL, review_reason TEXT, reviewed_by INTEGER, reviewed_at INTEGER,"
	    " author_org_id INTEGER REFERENCES org(id), recorded_by INTEGER,"
	    " recorded_by_name TEXT NOT NULL, recorded_at INTEGER NOT NULL,"
	    " updated_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
	    " deleted_reason TEXT, deleted_by INTEGER, deleted_at INTEGER);"
	    "CREATE INDEX records_org ON records(org_id, day);"
	    "CREATE INDEX records_campaign ON records(campaign_id);"
	    "CREATE TABLE rollup (org_id INTEGER NOT NULL REFERENCES org(id),"
	    " campaign_id INTEGER NOT NULL, kind TEXT NOT NULL, month TEXT NOT NULL,"
	    " slot INTEGER NOT NULL, records INTEGER NOT NULL DEFAULT 0,"
	    " participants INTEGER NOT NULL DEFAULT 0, audience INTEGER NOT NULL DEFAULT 0,"
	    " hours INTEGER NOT NULL DEFAULT 0,"
	    " PRIMARY KEY (org_id, campaign_id, kind, month, slot));",
	.pg = "CREATE TABLE campaigns (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	      "org_id BIGINT NOT NULL REFERENCES org(id),"
	      " name TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,"
	      " description TEXT, created_by BIGINT, created_at BIGINT NOT NULL,"
	      " updated_at BIGINT NOT NULL);"
	      "CREATE INDEX campaigns_org ON campaigns(org_id);"
	      "CREATE TABLE records (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	      "org_id BIGINT NOT NULL REFERENCES org(id),"
	      " kind TEXT NOT NULL CHECK (kind IN ('study', 'training', 'publicity',"
	      " 'lecture', 'implementation')), day TEXT NOT NULL, title TEXT NOT NULL,"
	      " campaign_id BIGINT REFERENCES campaigns(id),"
	      " participants BIGINT NOT NULL DEFAULT 0, audience BIGINT NOT NULL DEFAULT 0,"
	      " hours BIGINT NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '{}',"
	      " state TEXT NOT NULL, review_reason TEXT, reviewed_by BIGINT, reviewed_at BIGINT,"
	      " author_org_id BIGINT REFERENCES org(id), recorded_by BIGINT,"
	      " recorded_by_name TEXT NOT NULL, recorded_at BIGINT NOT NULL,"
	      " updated_at BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
	      " deleted_reason TEXT, deleted_by BIGINT, deleted_at BIGINT);"
	      "CREATE INDEX records_org ON records(org_id, day);"
	      "CREATE INDEX records_campaign ON records(campaign_id);"
	      "CREATE TABLE rollup (org_id BIGINT NOT NULL REFERENCES org(id),"
	      " campaign_id BIGINT NOT NULL, kind TEXT NOT NULL, month TEXT NOT NULL,"
	      " slot BIGINT NOT NULL, records BIGINT NOT NULL DEFAULT 0,"
	      " participants BIGINT NOT NULL DEFAULT 0, audience BIGINT NOT NULL DEFAULT 0,"
	      " hours BIGINT NOT NULL DEFAULT 0,"
	      " PRIMARY KEY (org_id, campaign_id, kind, month, slot));",
    },
    {
	/*
	 * Evidence files of work records (issue 9): the bytes live in the
	 * database, in chunks of at most 256 KiB (db/file.c), so they share
	 * its durability and backups and every server process on one
	 * PostgreSQL serves them, while neither storing nor serving ever
	 * holds a whole file in memory. Deletion is soft, like a record's.
	 */
	.sqlite =
	    "CREATE TABLE record_files (id INTEGER PRIMARY KEY,"
	    " record_id INTEGER NOT NULL REFERENCES records(id), name TEXT NOT NULL,"
	    " media_type TEXT NOT NULL, size INTEGER NOT NULL CHECK (size > 0),"
	    " sha256 TEXT NOT NULL, uploaded_by INTEGER, uploaded_by_name TEXT NOT NULL,"
	    " uploaded_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
	    " deleted_by INTEGER, deleted_at INTEGER, deleted_reason TEXT);"
	    "CREATE INDEX record_files_record ON record_files(record_id);"
	    "CREATE TABLE record_file_chunks (file_id INTEGER NOT NULL REFERENCES record_files(id),"
	    " seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file_id, seq));",
	.pg =
	    "CREATE TABLE record_files (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	    " record_id BIGINT NOT NULL REFERENCES records(id), name TEXT NOT NULL,"
	    " media_type TEXT NOT NULL, size BIGINT NOT NULL CHECK (size > 0),"
	    " sha256 TEXT NOT NULL, uploaded_by BIGINT, uploaded_by_name TEXT NOT NULL,"
	    " uploaded_at BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
	    " deleted_by BIGINT, deleted_at BIGINT, deleted_reason TEXT);"
	    "CREATE INDEX record_files_record ON record_files(record_id);"
	    "CREATE TABLE record_file_chunks (file_id BIGINT NOT NULL REFERENCES record_files(id),"
	    " seq INTEGER NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (file_id, seq));",
    },
    {
	/*
	 * Tasks (issue 10): a task assigned by a unit to units below it, each
	 * assignment's state (assigned → signed → done) and percent, and every
	 * progress report kept. A campaign says how many days before the due
	 * date a light turns yellow. Lights are computed when read, never
	 * stored, so none goes stale and no job turns them red.
	 */
	.sqlite =
	    "ALTER TABLE campaigns ADD COLUMN warn_days INTEGER NOT NULL DEFAULT 7;"
	    "CREATE TABLE tasks (id INTEGER PRIMARY KEY,"
	    " assigner_org_id INTEGER NOT NULL REFERENCES org(id),"
	    " campaign_id INTEGER REFERENCES campaigns(id), parent_id INTEGER REFERENCES tasks(id),"
	    " title TEXT NOT NULL, paragraph TEXT, section_path TEXT, start_date TEXT,"
	    " due_date TEXT NOT NULL, created_by INTEGER, created_at INTEGER NOT NULL,"
	    " updated_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
	    "CREATE INDEX tasks_assigner ON tasks(assigner_org_id);"
	    "CREATE INDEX tasks_campaign ON tasks(campaign_id);"
	    "CREATE TABLE task_units (task_id INTEGER NOT NULL REFERENCES tasks(id),"
	    " org_id INTEGER NOT NULL REFERENCES org(id),"
	    " role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'member')),"
	    " state TEXT NOT NULL CHECK (state IN ('assigned', 'signed', 'done')),"
	    " percent INTEGER NOT NULL DEFAULT 0, signed_by INTEGER, signed_at INTEGER,"
	    " done_at INTEGER, updated_at INTEGER NOT NULL, PRIMARY KEY (task_id, org_id));"
	    "CREATE INDEX task_units_org ON task_units(org_id);"
	    "CREATE TABLE task_progress (id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL,"
	    " org_id INTEGER NOT NULL, percent INTEGER NOT NULL, text TEXT, by_user INTEGER,"
	    " by_name TEXT NOT NULL, at INTEGER NOT NULL,"
	    " FOREIGN KEY (task_id, org_id) REFERENCES task_units(task_id, org_id));"
	    "CREATE INDEX task_progress_unit ON task_progress(task_id, org_id, id);",
	.pg = "ALTER TABLE campaigns ADD COLUMN warn_days INTEGER NOT NULL DEFAULT 7;"
	      "CREATE TABLE tasks (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " assigner_org_id BIGINT NOT NULL REFERENCES org(id),"
	      " campaign_id BIGINT REFERENCES campaigns(id), parent_id BIGINT REFERENCES tasks(id),"
	      " title TEXT NOT NULL, paragraph TEXT, section_path TEXT, start_date TEXT,"
	      " due_date TEXT NOT NULL, created_by BIGINT, created_at BIGINT NOT NULL,"
	      " updated_at BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
	      "CREATE INDEX tasks_assigner ON tasks(assigner_org_id);"
	      "CREATE INDEX tasks_campaign ON tasks(campaign_id);"
	      "CREATE TABLE task_units (task_id BIGINT NOT NULL REFERENCES tasks(id),"
	      " org_id BIGINT NOT NULL REFERENCES org(id),"
	      " role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'member')),"
	      " state TEXT NOT NULL CHECK (state IN ('assigned', 'signed', 'done')),"
	      " percent INTEGER NOT NULL DEFAULT 0, signed_by BIGINT, signed_at BIGINT,"
	      " done_at BIGINT, updated_at BIGINT NOT NULL, PRIMARY KEY (task_id, org_id));"
	      "CREATE INDEX task_units_org ON task_units(org_id);"
	      "CREATE TABLE task_progress (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " task_id BIGINT NOT NULL, org_id BIGINT NOT NULL, percent INTEGER NOT NULL,"
	      " text TEXT, by_user BIGINT, by_name TEXT NOT NULL, at BIGINT NOT NULL,"
	      " FOREIGN KEY (task_id, org_id) REFERENCES task_units(task_id, org_id));"
	      "CREATE INDEX task_progress_unit ON task_progress(task_id, org_id, id);",
    },
    {
	.sqlite =
	    /*
	     * Directives in the system (文件): the original text, the reader's JSON as parsed and
	     * the structure as corrected; their sections (the campaign's syllabus, each with an
	     * id records name), who corrected what, the addressees resolved to units, and the
	     * names mapped by hand, remembered per mapping unit (domain/directive.h says why).
	     */
	"CREATE TABLE directives (id INTEGER PRIMARY KEY,"
	" campaign_id INTEGER NOT NULL REFERENCES campaigns(id),"
	" org_id INTEGER NOT NULL REFERENCES org(id), title TEXT, doc_no TEXT, issuer TEXT,"
	" date TEXT, original TEXT NOT NULL, parsed TEXT NOT NULL, structure TEXT NOT NULL,"
	" version INTEGER NOT NULL DEFAULT 1, created_by INTEGER, created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL);"
	"CREATE INDEX directives_campaign ON directives(campaign_id, id);"
	"CREATE TABLE directive_sections (id INTEGER PRIMARY KEY,"
	" directive_id INTEGER NOT NULL REFERENCES directives(id), seq INTEGER NOT NULL,"
	" level INTEGER NOT NULL, path TEXT NOT NULL, number TEXT NOT NULL,"
	" heading TEXT NOT NULL, UNIQUE (directive_id, path));"
	"CREATE TABLE directive_changes (id INTEGER PRIMARY KEY,"
	" directive_id INTEGER NOT NULL REFERENCES directives(id), part TEXT NOT NULL,"
	" before_value TEXT, after_value TEXT, by_user INTEGER, by_name TEXT NOT NULL,"
	" at INTEGER NOT NULL);"
	"CREATE INDEX directive_changes_directive ON directive_changes(directive_id, id);"
	"CREATE TABLE directive_addressees (id INTEGER PRIMARY KEY,"
	" directive_id INTEGER NOT NULL REFERENCES directives(id), name TEXT NOT NULL,"
	" org_id INTEGER REFERENCES org(id));"
	"CREATE INDEX directive_addressees_directive ON directive_addressees(directive_id, id);"
	"CREATE TABLE name_map (org_id INTEGER NOT NULL REFERENCES org(id), name TEXT NOT NULL,"
	" target_id INTEGER NOT NULL REFERENCES org(id), by_user INTEGER, at INTEGER NOT NULL,"
	" PRIMARY KEY (org_id, name));"
	"CREATE TABLE record_sections (record_id INTEGER NOT NULL REFERENCES records(id),"
	" section_id INTEGER NOT NULL REFERENCES directive_sections(id),"
	" directive_id INTEGER NOT NULL REFERENCES directives(id), section_path TEXT NOT NULL,"
	" PRIMARY KEY (record_id, section_id));"
	"CREATE INDEX record_sections_directive ON record_sections(directive_id, section_id);"
	"ALTER TABLE tasks ADD COLUMN directive_id INTEGER REFERENCES directives(id);"
	"CREATE INDEX tasks_directive ON tasks(directive_id);",
	.pg =
	    /*
	     * Directives in the system (文件): the original text, the reader's JSON as parsed and
	     * the structure as corrected; their sections (the campaign's syllabus, each with an
	     * id records name), who corrected what, the addressees resolved to units, and the
	     * names mapped by hand, remembered per mapping unit (domain/directive.h says why).
	     */
	"CREATE TABLE directives (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
	" org_id BIGINT NOT NULL REFERENCES org(id), title TEXT, doc_no TEXT, issuer TEXT,"
	" date TEXT, original TEXT NOT NULL, parsed TEXT NOT NULL, structure TEXT NOT NULL,"
	" version BIGINT NOT NULL DEFAULT 1, created_by BIGINT, created_at BIGINT NOT NULL,"
	" updated_at BIGINT NOT NULL);"
	"CREATE INDEX directives_campaign ON directives(campaign_id, id);"
	"CREATE TABLE directive_sections (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" directive_id BIGINT NOT NULL REFERENCES directives(id), seq INTEGER NOT NULL,"
	" level INTEGER NOT NULL, path TEXT NOT NULL, number TEXT NOT NULL,"
	" heading TEXT NOT NULL, UNIQUE (directive_id, path));"
	"CREATE TABLE directive_changes (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" directive_id BIGINT NOT NULL REFERENCES directives(id), part TEXT NOT NULL,"
	" before_value TEXT, after_value TEXT, by_user BIGINT, by_name TEXT NOT NULL,"
	" at BIGINT NOT NULL);"
	"CREATE INDEX directive_changes_directive ON directive_changes(directive_id, id);"
	"CREATE TABLE directive_addressees (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" directive_id BIGINT NOT NULL REFERENCES directives(id), name TEXT NOT NULL,"
	" org_id BIGINT REFERENCES org(id));"
	"CREATE INDEX directive_addressees_directive ON directive_addressees(directive_id, id);"
	"CREATE TABLE name_map (org_id BIGINT NOT NULL REFERENCES org(id), name TEXT NOT NULL,"
	" target_id BIGINT NOT NULL REFERENCES org(id), by_user BIGINT, at BIGINT NOT NULL,"
	" PRIMARY KEY (org_id, name));"
	"CREATE TABLE record_sections (record_id BIGINT NOT NULL REFERENCES records(id),"
	" section_id BIGINT NOT NULL REFERENCES directive_sections(id),"
	" directive_id BIGINT NOT NULL REFERENCES directives(id), section_path TEXT NOT NULL,"
	" PRIMARY KEY (record_id, section_id));"
	"CREATE INDEX record_sections_directive ON record_sections(directive_id, section_id);"
	"ALTER TABLE tasks ADD COLUMN directive_id BIGINT REFERENCES directives(id);"
	"CREATE INDEX tasks_directive ON tasks(directive_id);",
    },
    {
	/*
	 * Task views (issue 10): the matrix reads a unit's children, then their
	 * assignments by unit with the task and state in the index (no visit
	 * to the table row); the overdue list walks tasks in due order, then
	 * each task's assignments by the key (task_id, org_id).
	 */
	.sqlite = "CREATE INDEX task_units_org_task ON task_units(org_id, task_id, state);"
		  "CREATE INDEX tasks_due ON tasks(due_date, id);",
	.pg = "CREATE INDEX task_units_org_task ON task_units(org_id, task_id, state);"
	      "CREATE INDEX tasks_due ON tasks(due_date, id);",
    },
    {
	/*
	 * Plans, adjustments and the records behind a task (issue 10). A plan
	 * (具体方案) is the sub-tasks a unit assigns under a task it signed for
	 * (parent_id), each with an optional milestone. An accepted due-date
	 * adjustment moves the date of one assignment (task_units.due_date,
	 * NULL: the task's); a unit found not concerned (不适用) keeps its row,
	 * marked by na_at, so its history stays — a column rather than a new
	 * state, since SQLite cannot change the state's CHECK without
	 * rebuilding the table. At most one pending request per assignment.
	 * A campaign says how a parent task's light comes from its sub-tasks.
	 */
	.sqlite =
	    "ALTER TABLE tasks ADD COLUMN milestone TEXT;"
	    "CREATE INDEX tasks_parent ON tasks(parent_id, assigner_org_id);"
	    "ALTER TABLE task_units ADD COLUMN due_date TEXT;"
	    "ALTER TABLE task_units ADD COLUMN na_at INTEGER;"
	    "ALTER TABLE campaigns ADD COLUMN light_rule TEXT NOT NULL DEFAULT 'worst'"
	    " CHECK (light_rule IN ('worst', 'share'));"
	    "ALTER TABLE campaigns ADD COLUMN light_share INTEGER NOT NULL DEFAULT 80"
	    " CHECK (light_share BETWEEN 1 AND 100);"
	    "ALTER TABLE records ADD COLUMN task_id INTEGER REFERENCES tasks(id);"
	    "CREATE INDEX records_task ON records(task_id);"
	    "CREATE TABLE task_adjustments (id INTEGER PRIMARY KEY,"
	    " task_id INTEGER NOT NULL, org_id INTEGER NOT NULL,"
	    " kind TEXT NOT NULL CHECK (kind IN ('wording', 'due_date', 'not_applicable')),"
	    " value TEXT, old_value TEXT, reason TEXT NOT NULL,"
	    " state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'refused')),"
	    " answer TEXT, asked_by INTEGER, asked_by_name TEXT NOT NULL, asked_at INTEGER NOT "
	    "NULL,"
	    " answered_by INTEGER, answered_by_name TEXT, answered_at INTEGER,"
	    " FOREIGN KEY (task_id, org_id) REFERENCES task_units(task_id, org_id));"
	    "CREATE INDEX task_adjustments_task ON task_adjustments(task_id, id);"
	    "CREATE UNIQUE INDEX task_adjustments_pending ON task_adjustments(task_id, org_id)"
	    " WHERE state = 'pending';",
	.pg =
	    "ALTER TABLE tasks ADD COLUMN milestone TEXT;"
	    "CREATE INDEX tasks_parent ON tasks(parent_id, assigner_org_id);"
	    "ALTER TABLE task_units ADD COLUMN due_date TEXT;"
	    "ALTER TABLE task_units ADD COLUMN na_at BIGINT;"
	    "ALTER TABLE campaigns ADD COLUMN light_rule TEXT NOT NULL DEFAULT 'worst'"
	    " CHECK (light_rule IN ('worst', 'share'));"
	    "ALTER TABLE campaigns ADD COLUMN light_share INTEGER NOT NULL DEFAULT 80"
	    " CHECK (light_share BETWEEN 1 AND 100);"
	    "ALTER TABLE records ADD COLUMN task_id BIGINT REFERENCES tasks(id);"
	    "CREATE INDEX records_task ON records(task_id);"
	    "CREATE TABLE task_adjustments (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	    " task_id BIGINT NOT NULL, org_id BIGINT NOT NULL,"
	    " kind TEXT NOT NULL CHECK (kind IN ('wording', 'due_date', 'not_applicable')),"
	    " value TEXT, old_value TEXT, reason TEXT NOT NULL,"
	    " state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'refused')),"
	    " answer TEXT, asked_by BIGINT, asked_by_name TEXT NOT NULL, asked_at BIGINT NOT NULL,"
	    " answered_by BIGINT, answered_by_name TEXT, answered_at BIGINT,"
	    " FOREIGN KEY (task_id, org_id) REFERENCES task_units(task_id, org_id));"
	    "CREATE INDEX task_adjustments_task ON task_adjustments(task_id, id);"
	    "CREATE UNIQUE INDEX task_adjustments_pending ON task_adjustments(task_id, org_id)"
	    " WHERE state = 'pending';",
    },
    {
	/*
	 * Notices (消息) and lecture orders (点单式宣讲), issue 10. A notice goes
	 * to a unit (every account of it) or to one account; who read it is a
	 * row per person (notice_reads), so the sender sees the receipts.
	 * dedup_key makes a generated notice idempotent: the automatic reminder
	 * is one digest per unit per day ("digest:<unit>:<day>"), however many
	 * times and by however many processes it is generated. Every reminder,
	 * on demand or in a digest, is a row of task_reminders per assignment.
	 * A lecture team (宣讲团) is a unit of that kind with its lecturers; an
	 * order goes requested → accepted | declined, and accepted → given
	 * with the lecture record it created.
	 */
	.sqlite = "CREATE TABLE lecturers (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL"
		  " REFERENCES org(id), name TEXT NOT NULL, title TEXT, created_at INTEGER NOT"
		  " NULL);"
		  "CREATE INDEX lecturers_org ON lecturers(org_id, id);"
		  "CREATE TABLE lecture_orders (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL"
		  " REFERENCES org(id), team_id INTEGER NOT NULL REFERENCES org(id), topic TEXT NOT"
		  " NULL, section_path TEXT, preferred_dates TEXT, audience_kind TEXT,"
		  " audience_size INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL CHECK (state IN"
		  " ('requested', 'accepted', 'declined', 'given')), lecturer_id INTEGER REFERENCES"
		  " lecturers(id), lecture_date TEXT, reason TEXT, record_id INTEGER REFERENCES"
		  " records(id), requested_by INTEGER, requested_by_name TEXT NOT NULL, created_at"
		  " INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
		  "CREATE INDEX lecture_orders_team ON lecture_orders(team_id, lecture_date);"
		  "CREATE INDEX lecture_orders_org ON lecture_orders(org_id, id);"
		  "CREATE TABLE notices (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES"
		  " org(id), user_id INTEGER REFERENCES users(id), kind TEXT NOT NULL CHECK (kind"
		  " IN ('reminder', 'sign_request', 'adjustment_answer', 'lecture_order',"
		  " 'other')), title TEXT NOT NULL, body TEXT, link TEXT, task_id INTEGER"
		  " REFERENCES tasks(id), order_id INTEGER REFERENCES lecture_orders(id),"
		  " sender_org_id INTEGER REFERENCES org(id), sender_name TEXT NOT NULL, created_at"
		  " INTEGER NOT NULL, dedup_key TEXT UNIQUE);"
		  "CREATE INDEX notices_org ON notices(org_id, id);"
		  "CREATE TABLE notice_reads (notice_id INTEGER NOT NULL REFERENCES notices(id),"
		  " user_id INTEGER NOT NULL REFERENCES users(id), read_at INTEGER NOT NULL,"
		  " PRIMARY KEY (notice_id, user_id));"
		  "CREATE TABLE task_reminders (id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL,"
		  " org_id INTEGER NOT NULL, notice_id INTEGER NOT NULL REFERENCES notices(id),"
		  " auto INTEGER NOT NULL, text TEXT, by_name TEXT NOT NULL, at INTEGER NOT NULL,"
		  " FOREIGN KEY (task_id, org_id) REFERENCES task_units(task_id, org_id));"
		  "CREATE INDEX task_reminders_task ON task_reminders(task_id, id);",
	.pg = "CREATE TABLE lecturers (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " org_id BIGINT NOT NULL REFERENCES org(id), name TEXT NOT NULL, title TEXT,"
	      " created_at BIGINT NOT NULL);"
	      "CREATE INDEX lecturers_org ON lecturers(org_id, id);"
	      "CREATE TABLE lecture_orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY"
	      " KEY, org_id BIGINT NOT NULL REFERENCES org(id), team_id BIGINT NOT NULL"
	      " REFERENCES org(id), topic TEXT NOT NULL, section_path TEXT, preferred_dates"
	      " TEXT, audience_kind TEXT, audience_size INTEGER NOT NULL DEFAULT 0, state TEXT"
	      " NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'given')),"
	      " lecturer_id BIGINT REFERENCES lecturers(id), lecture_date TEXT, reason TEXT,"
	      " record_id BIGINT REFERENCES records(id), requested_by BIGINT, requested_by_name"
	      " TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);"
	      "CREATE INDEX lecture_orders_team ON lecture_orders(team_id, lecture_date);"
	      "CREATE INDEX lecture_orders_org ON lecture_orders(org_id, id);"
	      "CREATE TABLE notices (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " org_id BIGINT NOT NULL REFERENCES org(id), user_id BIGINT REFERENCES users(id),"
	      " kind TEXT NOT NULL CHECK (kind IN ('reminder', 'sign_request',"
	      " 'adjustment_answer', 'lecture_order', 'other')), title TEXT NOT NULL, body"
	      " TEXT, link TEXT, task_id BIGINT REFERENCES tasks(id), order_id BIGINT"
	      " REFERENCES lecture_orders(id), sender_org_id BIGINT REFERENCES org(id),"
	      " sender_name TEXT NOT NULL, created_at BIGINT NOT NULL, dedup_key TEXT UNIQUE);"
	      "CREATE INDEX notices_org ON notices(org_id, id);"
	      "CREATE TABLE notice_reads (notice_id BIGINT NOT NULL REFERENCES notices(id),"
	      " user_id BIGINT NOT NULL REFERENCES users(id), read_at BIGINT NOT NULL, PRIMARY"
	      " KEY (notice_id, user_id));"
	      "CREATE TABLE task_reminders (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY"
	      " KEY, task_id BIGINT NOT NULL, org_id BIGINT NOT NULL, notice_id BIGINT NOT NULL"
	      " REFERENCES notices(id), auto INTEGER NOT NULL, text TEXT, by_name TEXT NOT"
	      " NULL, at BIGINT NOT NULL, FOREIGN KEY (task_id, org_id) REFERENCES"
	      " task_units(task_id, org_id));"
	      "CREATE INDEX task_reminders_task ON task_reminders(task_id, id);",
    },
    {
	/*
	 * Roll-ups clustered by their key (issue 9, scale): a unit's counters
	 * are read together (the stats of a unit and of each of its children),
	 * and as a rowid table each counter was one more random read through
	 * the key's index; WITHOUT ROWID keeps a unit's counters side by side in
	 * a few pages. The month comes before the kind so that a period is one
	 * range of the key. PostgreSQL keeps its table (a heap with the key's
	 * index).
	 */
	.sqlite =
	    "CREATE TABLE rollup_by_key (org_id INTEGER NOT NULL REFERENCES org(id),"
	    " campaign_id INTEGER NOT NULL, kind TEXT NOT NULL, month TEXT NOT NULL,"
	    " slot INTEGER NOT NULL, records INTEGER NOT NULL DEFAULT 0,"
	    " participants INTEGER NOT NULL DEFAULT 0, audience INTEGER NOT NULL DEFAULT 0,"
	    " hours INTEGER NOT NULL DEFAULT 0,"
	    " PRIMARY KEY (org_id, campaign_id, month, kind, slot)) WITHOUT ROWID;"
	    "INSERT INTO rollup_by_key SELECT org_id, campaign_id, kind, month, slot, records,"
	    " participants, audience, hours FROM rollup;"
	    "DROP TABLE rollup;"
	    "ALTER TABLE rollup_by_key RENAME TO rollup;",
	.pg = "SELECT 1;",
    },
    {
	/*
	 * Progress with milestones, problems and help needed; inspections (督查)
	 * of units by a unit above them, and the rectifications (整改) they ask
	 * for. An evidence file now belongs to exactly one of a record, a
	 * progress report or a rectification: three nullable references and a
	 * CHECK, so each owner keeps a real foreign key and the files keep one
	 * id space (GET /api/v1/files/{id}). SQLite cannot drop a NOT NULL, so
	 * its two file tables are rebuilt (children dropped first, so no
	 * foreign key is ever broken) and renamed back, ids and bytes kept.
	 */
	.sqlite =
	    "ALTER TABLE task_progress ADD COLUMN milestone TEXT;"
	    "ALTER TABLE task_progress ADD COLUMN problems TEXT;"
	    "ALTER TABLE task_progress ADD COLUMN help_needed TEXT;"
	    "CREATE TABLE inspections (id INTEGER PRIMARY KEY,"
	    " org_id INTEGER NOT NULL REFERENCES org(id), day TEXT NOT NULL, items TEXT NOT NULL,"
	    " findings TEXT NOT NULL, created_by INTEGER, created_by_name TEXT NOT NULL,"
	    " created_at INTEGER NOT NULL);"
	    "CREATE INDEX inspections_org ON inspections(org_id, day);"
	    "CREATE TABLE inspection_units (inspection_id INTEGER NOT NULL REFERENCES"
	    " inspections(id), org_id INTEGER NOT NULL REFERENCES org(id),"
	    " PRIMARY KEY (inspection_id, org_id));"
	    "CREATE INDEX inspection_units_org ON inspection_units(org_id);"
	    "CREATE TABLE rectifications (id INTEGER PRIMARY KEY,"
	    " inspection_id INTEGER NOT NULL, org_id INTEGER NOT NULL, what TEXT NOT NULL,"
	    " deadline TEXT NOT NULL, state TEXT NOT NULL"
	    " CHECK (state IN ('open', 'answered', 'closed', 'reopened')),"
	    " answer TEXT, answered_by_name TEXT, answered_at INTEGER, note TEXT,"
	    " closed_by_name TEXT, closed_at INTEGER, created_by INTEGER,"
	    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	    " FOREIGN KEY (inspection_id, org_id) REFERENCES inspection_units(inspection_id,"
	    " org_id));"
	    "CREATE INDEX rectifications_inspection ON rectifications(inspection_id, id);"
	    "CREATE INDEX rectifications_org ON rectifications(org_id);"
	    "CREATE TABLE files_rebuilt (id INTEGER PRIMARY KEY,"
	    " record_id INTEGER REFERENCES records(id),"
	    " progress_id INTEGER REFERENCES task_progress(id),"
	    " rectification_id INTEGER REFERENCES rectifications(id), name TEXT NOT NULL,"
	    " media_type TEXT NOT NULL, size INTEGER NOT NULL CHECK (size > 0),"
	    " sha256 TEXT NOT NULL, uploaded_by INTEGER, uploaded_by_name TEXT NOT NULL,"
	    " uploaded_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
	    " deleted_by INTEGER, deleted_at INTEGER, deleted_reason TEXT,"
	    " CHECK ((record_id IS NOT NULL) + (progress_id IS NOT NULL)"
	    " + (rectification_id IS NOT NULL) = 1));"
	    "CREATE TABLE file_chunks_rebuilt (file_id INTEGER NOT NULL REFERENCES "
	    "files_rebuilt(id),"
	    " seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file_id, seq));"
	    "INSERT INTO files_rebuilt (id, record_id, name, media_type, size, sha256, uploaded_by,"
	    " uploaded_by_name, uploaded_at, deleted, deleted_by, deleted_at, deleted_reason)"
	    " SELECT id, record_id, name, media_type, size, sha256, uploaded_by,"
	    " uploaded_by_name, uploaded_at, deleted, deleted_by, deleted_at, deleted_reason"
	    " FROM record_files;"
	    "INSERT INTO file_chunks_rebuilt (file_id, seq, data)"
	    " SELECT file_id, seq, data FROM record_file_chunks;"
	    "DROP TABLE record_file_chunks;"
	    "DROP TABLE record_files;"
	    "ALTER TABLE files_rebuilt RENAME TO record_files;"
	    "ALTER TABLE file_chunks_rebuilt RENAME TO record_file_chunks;"
	    "CREATE INDEX record_files_record ON record_files(record_id);"
	    "CREATE INDEX record_files_progress ON record_files(progress_id);"
	    "CREATE INDEX record_files_rectification ON record_files(rectification_id);",
	.pg = "ALTER TABLE task_progress ADD COLUMN milestone TEXT;"
	      "ALTER TABLE task_progress ADD COLUMN problems TEXT;"
	      "ALTER TABLE task_progress ADD COLUMN help_needed TEXT;"
	      "CREATE TABLE inspections (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " org_id BIGINT NOT NULL REFERENCES org(id), day TEXT NOT NULL, items TEXT NOT NULL,"
	      " findings TEXT NOT NULL, created_by BIGINT, created_by_name TEXT NOT NULL,"
	      " created_at BIGINT NOT NULL);"
	      "CREATE INDEX inspections_org ON inspections(org_id, day);"
	      "CREATE TABLE inspection_units (inspection_id BIGINT NOT NULL REFERENCES"
	      " inspections(id), org_id BIGINT NOT NULL REFERENCES org(id),"
	      " PRIMARY KEY (inspection_id, org_id));"
	      "CREATE INDEX inspection_units_org ON inspection_units(org_id);"
	      "CREATE TABLE rectifications (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	      " inspection_id BIGINT NOT NULL, org_id BIGINT NOT NULL, what TEXT NOT NULL,"
	      " deadline TEXT NOT NULL, state TEXT NOT NULL"
	      " CHECK (state IN ('open', 'answered', 'closed', 'reopened')),"
	      " answer TEXT, answered_by_name TEXT, answered_at BIGINT, note TEXT,"
	      " closed_by_name TEXT, closed_at BIGINT, created_by BIGINT,"
	      " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
	      " FOREIGN KEY (inspection_id, org_id) REFERENCES inspection_units(inspection_id,"
	      " org_id));"
	      "CREATE INDEX rectifications_inspection ON rectifications(inspection_id, id);"
	      "CREATE INDEX rectifications_org ON rectifications(org_id);"
	      "ALTER TABLE record_files ALTER COLUMN record_id DROP NOT NULL;"
	      "ALTER TABLE record_files ADD COLUMN progress_id BIGINT REFERENCES task_progress(id);"
	      "ALTER TABLE record_files ADD COLUMN rectification_id BIGINT"
	      " REFERENCES rectifications(id);"
	      "ALTER TABLE record_files ADD CONSTRAINT record_files_one_owner CHECK"
	      " ((record_id IS NOT NULL)::int + (progress_id IS NOT NULL)::int"
	      " + (rectification_id IS NOT NULL)::int = 1);"
	      "CREATE INDEX record_files_progress ON record_files(progress_id);"
	      "CREATE INDEX record_files_rectification ON record_files(rectification_id);",
    },
    {
	/*
	 * Task views at scale (a million assignments): one index on the key
	 * (task_id, org_id) that also carries what the matrix and the overdue
	 * list read of an assignment, so probing a task's assignment of a
	 * unit, or walking a task's assignments, never visits the table.
	 */
	.sqlite = "CREATE INDEX task_units_task_cover ON task_units(task_id, org_id, state, na_at,"
		  " role, percent);",
	.pg = "CREATE INDEX task_units_task_cover ON task_units(task_id, org_id)"
	      " INCLUDE (state, na_at, role, percent);",
    },
    {
	/*
	 * The matrix's tasks by count: per unit and task, how many of the
	 * unit's children are assigned it (db/task_count.c keeps it with
	 * every assignment and move), filled here from the assignments.
	 */
	.sqlite = "CREATE TABLE task_unit_counts (org_id INTEGER NOT NULL REFERENCES org(id),"
		  " task_id INTEGER NOT NULL REFERENCES tasks(id), n INTEGER NOT NULL,"
		  " PRIMARY KEY (org_id, task_id)) WITHOUT ROWID;" TASK_COUNTS_FILL,
	.pg = "CREATE TABLE task_unit_counts (org_id BIGINT NOT NULL REFERENCES org(id),"
	      " task_id BIGINT NOT NULL REFERENCES tasks(id), n BIGINT NOT NULL,"
	      " PRIMARY KEY (org_id, task_id));" TASK_COUNTS_FILL,
    },
    {
	/*
	 * The publicity waiting for review, by unit: the few records the
	 * review page and the dashboard's 待审核 count (db/sql.c,
	 * SQL_RECORD_PENDING, SQL_RECORD_REVIEW*), which read the subtree's
	 * records whole without it (at the root, every record).
	 */
	.sqlite = RECORDS_REVIEW_INDEX,
	.pg = RECORDS_REVIEW_INDEX,
    },
    {
	/*
	 * The matrix's sums beside n in task_unit_counts: of the children's
	 * assignments of the task, how many are 不适用 (n_na), and of the
	 * others how many signed (or done) and how many done; db/task_count.c
	 * keeps them with every sign, progress, 不适用 and move. Filled here
	 * from the assignments. PostgreSQL plans by statistics: the table is
	 * analysed here rather than whenever autovacuum comes to it (migration
	 * 14 left it without, and the matrix's plans were wrong until then).
	 */
	.sqlite = TASK_COUNTS_SUMS_ADD TASK_COUNTS_SUMS_FILL,
	.pg = TASK_COUNTS_SUMS_ADD TASK_COUNTS_SUMS_FILL "ANALYZE task_unit_counts;",
    },
    {
	/*
	 * A unit's assignments by task with what the task views read of
	 * each: on PostgreSQL the matrix's cells come from each child's own
	 * entries side by side (db/sql.c, SQL_TASK_MATRIX_MARKS) instead of a
	 * probe of task_units_task_cover per cell; on both, a small subtree's
	 * overdue list (SQL_TASK_OVERDUE) reads its units' assignments without
	 * visiting the table (SQLite looked up 19,000 rows for a district).
	 * It replaces task_units_org_task (org_id, task_id, state), whose
	 * every use it serves, so an assignment writes as many entries.
	 * It carries the assignment's own due date too (an accepted
	 * 完成时限 adjustment), which the overdue list judges it by; and the
	 * few assignments with a date of their own are a small index of
	 * their own (task_units_own_due), which the matrix and the overdue
	 * lists read or probe beside the task's date.
	 */
	.sqlite = "CREATE INDEX task_units_org_cover ON task_units(org_id, task_id, state, na_at,"
		  " role, percent, due_date); DROP INDEX task_units_org_task;"
		  "CREATE INDEX task_units_own_due ON task_units(task_id, org_id, due_date)"
		  " WHERE due_date IS NOT NULL;",
	.pg = "CREATE INDEX task_units_org_cover ON task_units(org_id, task_id)"
	      " INCLUDE (state, na_at, role, percent, due_date); DROP INDEX task_units_org_task;"
	      "CREATE INDEX task_units_own_due ON task_units(task_id, org_id) INCLUDE (due_date)"
	      " WHERE due_date IS NOT NULL;",
    },
};

int
db_schema_latest(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const struct db_migration *
db_schema_migration(int version)
{
	if (version < 1 || version > db_schema_latest())
		return NULL;
	return &migrations[version - 1];
}
