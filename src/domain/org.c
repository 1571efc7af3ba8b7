/* org: rules of the organisation tree. */
#include "domain/org.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/record.h"
#include "base/csv.h"
#include "base/str.h"
#include "base/tree.h"

enum xg_rc
org_check_code(const char *code, struct xg_error *err)
{
	size_t i, n = code != NULL ? strlen(code) : 0;

	if (n == 0)
		return xg_fail(err, XG_INVALID, "required", "code", "请填写单位编码");
	if (n > 32)
		return xg_fail(err, XG_INVALID, "too_long", "code", "单位编码不能超过 32 个字符");
	for (i = 0; i < n; i++) {
		char ch = code[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			return xg_fail(err, XG_INVALID, "invalid_code", "code",
				       "单位编码只能包含字母、数字和 - _ .");
	}
	return XG_OK;
}

/* A name a person reads: the one rule of base/name.h, 1..max characters. */
static enum xg_rc
check_text(const char *s, const char *field, const char *label, size_t max, struct xg_error *err)
{
	return xg_check_name(s, field, label, max, err);
}

enum xg_rc
org_check_name(const char *name, struct xg_error *err)
{
	return check_text(name, "name", "单位名称", 100, err);
}

enum xg_rc
org_check_members(int64_t members, struct xg_error *err)
{
	if (members < 0 || members > ORG_MEMBERS_MAX)
		return xg_fail(err, XG_INVALID, "out_of_range", "members", "人数应在 0 到 %d 之间",
			       ORG_MEMBERS_MAX);
	return XG_OK;
}

enum xg_rc
org_kind_create(struct db *db, const struct actor *actor, const char *name, int64_t now,
		int64_t *id, struct xg_error *err)
{
	enum xg_rc rc = check_text(name, "name", "类型名称", 20, err);
	enum db_rc drc;

	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	drc = db_kind_insert(db, name, id);
	if (drc == DB_CONFLICT)
		rc = xg_fail(err, XG_CONFLICT, "duplicate_kind", "name", "该单位类型已存在");
	else
		rc = xg_from_db(err, drc, db, "单位类型");
	if (rc == XG_OK)
		rc = audit_record(db, actor, NULL, "kind.create", "kind", *id, name, NULL, NULL,
				  now, err);
	return xg_tx_end(db, rc, err);
}

json_t *
org_to_json(const struct db_org *o)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:b,s:I,s:I,s:I}", "id", (json_int_t)o->id,
			      "code", o->code, "name", o->name, "kind", o->kind, "depth",
			      (json_int_t)o->depth, "members", (json_int_t)o->members, "closed",
			      o->closed, "children", (json_int_t)o->children, "created_at",
			      (json_int_t)o->created_at, "updated_at", (json_int_t)o->updated_at);

	if (j == NULL)
		return NULL;
	if (json_object_set_new(j, "parent_id",
				o->parent_id ? json_integer(o->parent_id) : json_null()) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static enum xg_rc
resolve_kind(struct db *db, struct arena *a, const char *kind, int64_t *kind_id,
	     struct xg_error *err)
{
	struct db_kind k;
	enum db_rc rc;

	if (kind == NULL || *kind == '\0')
		return xg_fail(err, XG_INVALID, "required", "kind", "请选择单位类型");
	rc = db_kind_by_name(db, a, kind, &k);
	if (rc == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind",
			       "单位类型不存在，请从已有类型中选择");
	if (rc != DB_OK)
		return xg_from_db(err, rc, db, "单位类型");
	*kind_id = k.id;
	return XG_OK;
}

static enum xg_rc
check_fields(const struct org_change *c, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;

	if (c->set_code)
		rc = org_check_code(c->code, err);
	if (rc == XG_OK && c->set_name)
		rc = org_check_name(c->name, err);
	if (rc == XG_OK && c->set_members)
		rc = org_check_members(c->members, err);
	return rc;
}

/* A transaction that writes the tree: begun, and holding the tree's write lock. */
static enum xg_rc
tree_tx_begin(struct db *db, struct xg_error *err)
{
	enum xg_rc rc;

	/* A move re-sums the roll-ups of a whole subtree and an import writes many units: rare,
	 * and possibly long, so no other writer's answer waits for them (group commit). */
	db_next_tx_alone(db);
	rc = xg_tx_begin(db, err);
	if (rc == XG_OK) {
		rc = xg_from_db(err, db_tree_lock(db), db, "组织机构");
		if (rc != XG_OK)
			db_rollback(db);
	}
	return rc;
}

static enum xg_rc
code_conflict(struct xg_error *err)
{
	return xg_fail(err, XG_CONFLICT, "duplicate_code", "code", "单位编码已被使用，请换一个");
}

/* A unit would sit deeper than the tree allows (base/tree.h). */
static enum xg_rc
too_deep(struct xg_error *err)
{
	return xg_fail(err, XG_INVALID, "too_deep", "parent_id", "层级过深：组织机构最多%d级",
		       TREE_DEPTH_MAX);
}

/* Insert one unit; the caller holds the transaction and has checked the fields. */
static enum xg_rc
insert_unit(struct db *db, struct arena *a, const struct actor *actor, const struct org_change *c,
	    int64_t now, struct db_org *out, struct xg_error *err)
{
	struct db_org parent;
	int64_t kind_id;
	enum db_rc drc;
	enum xg_rc rc;
	json_t *after;

	if (c->set_parent) {
		drc = db_org_get(db, a, actor->org_path, c->parent_id, &parent);
		if (drc == DB_NOTFOUND)
			return xg_fail(err, XG_NOTFOUND, "not_found", "parent_id",
				       "上级单位不存在");
		if (drc != DB_OK)
			return xg_from_db(err, drc, db, "上级单位");
		if (parent.closed)
			return xg_fail(err, XG_INVALID, "parent_closed", "parent_id",
				       "上级单位已撤销，不能在其下新增单位");
		if (parent.depth + 1 >= TREE_DEPTH_MAX)
			return too_deep(err);
	} else if (actor->org_path != NULL) {
		return xg_fail(err, XG_INVALID, "required", "parent_id", "请选择上级单位");
	}
	rc = resolve_kind(db, a, c->kind, &kind_id, err);
	if (rc != XG_OK)
		return rc;
	drc = db_org_insert(db, a, c->set_parent ? c->parent_id : 0, c->code, c->name, kind_id,
			    c->set_members ? c->members : 0, now, out);
	if (drc == DB_CONFLICT)
		return code_conflict(err);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	after = org_to_json(out);
	if (after == NULL) /* not "no snapshot": the audit entry would be half written */
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	rc = audit_record(db, actor, out->path, "org.create", "org", out->id, out->name, NULL,
			  after, now, err);
	json_decref(after);
	return rc;
}

enum xg_rc
org_create(struct db *db, struct arena *a, const struct actor *actor, const struct org_change *c,
	   int64_t now, struct db_org *out, struct xg_error *err)
{
	enum xg_rc rc;

	if (!c->set_code || !c->set_name || !c->set_kind)
		return xg_fail(err, XG_INVALID, "required",
			       !c->set_code   ? "code"
			       : !c->set_name ? "name"
					      : "kind",
			       "请填写单位编码、名称和类型");
	rc = check_fields(c, err);
	if (rc != XG_OK)
		return rc;
	rc = tree_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = insert_unit(db, a, actor, c, now, out, err);
	return xg_tx_end(db, rc, err);
}

/* Move target under the unit new_parent_id, within the actor's subtree and never into itself. */
static enum xg_rc
move_unit(struct db *db, struct arena *a, const struct actor *actor, const struct db_org *target,
	  int64_t new_parent_id, int64_t now, struct xg_error *err)
{
	struct db_org np;
	int64_t deepest;
	enum db_rc drc;

	if (new_parent_id == target->parent_id)
		return XG_OK;
	drc = db_org_get(db, a, actor->org_path, new_parent_id, &np);
	if (drc == DB_NOTFOUND)
		return xg_fail(err, XG_NOTFOUND, "not_found", "parent_id", "新的上级单位不存在");
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "上级单位");
	if (tree_within(np.path, target->path))
		return xg_fail(err, XG_INVALID, "cycle", "parent_id",
			       "不能把单位移到它自己或它的下级单位之下");
	if (np.closed)
		return xg_fail(err, XG_INVALID, "parent_closed", "parent_id", "新的上级单位已撤销");
	/* The whole branch moves: its deepest unit must still fit. */
	drc = db_org_subtree_depth(db, target->path, &deepest);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	if (deepest - target->depth + np.depth + 1 >= TREE_DEPTH_MAX)
		return too_deep(err);
	/* Record writes in flight finish first; later ones read the new paths. */
	drc = db_path_lock(db, false);
	if (drc == DB_OK)
		drc = db_org_move(db, target, &np, now);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	return record_move_rollups(db, target->path, np.path, err);
}

static const char *
update_action(const struct db_org *before, const struct org_change *c)
{
	if (c->set_closed && c->closed != before->closed)
		return c->closed ? "org.close" : "org.reopen";
	if (c->set_parent && c->parent_id != before->parent_id)
		return "org.move";
	return "org.update";
}

static enum xg_rc
apply_update(struct db *db, struct arena *a, const struct actor *actor, const struct db_org *cur,
	     const struct org_change *c, int64_t now, struct db_org *out, struct xg_error *err)
{
	int64_t kind_id, open_children;
	struct db_kind k;
	enum db_rc drc;
	enum xg_rc rc;
	json_t *before, *after;

	if (c->set_kind) {
		rc = resolve_kind(db, a, c->kind, &kind_id, err);
	} else {
		drc = db_kind_by_name(db, a, cur->kind, &k);
		kind_id = k.id;
		rc = xg_from_db(err, drc, db, "单位类型");
	}
	if (rc != XG_OK)
		return rc;
	if (c->set_closed && !c->closed && cur->closed && cur->parent_id != 0) {
		struct db_org parent;
		drc = db_org_get(db, a, NULL, cur->parent_id, &parent);
		if (drc != DB_OK)
			return xg_from_db(err, drc, db, "上级单位");
		if (parent.closed && !(c->set_parent && c->parent_id != cur->parent_id))
			return xg_fail(err, XG_CONFLICT, "parent_closed", "closed",
				       "上级单位已撤销，请先恢复上级单位或将本单位调整到其他上级");
	}
	if (c->set_closed && c->closed && !cur->closed) {
		drc = db_org_open_children(db, cur->id, &open_children);
		if (drc != DB_OK)
			return xg_from_db(err, drc, db, "单位");
		if (open_children > 0)
			return xg_fail(err, XG_CONFLICT, "has_children", "closed",
				       "该单位还有 %lld 个未撤销的下级单位，请先处理下级单位",
				       (long long)open_children);
	}
	drc = db_org_update(db, cur->id, c->set_code ? c->code : cur->code,
			    c->set_name ? c->name : cur->name, kind_id,
			    c->set_members ? c->members : cur->members,
			    c->set_closed ? c->closed : cur->closed, now);
	if (drc == DB_CONFLICT)
		return code_conflict(err);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	if (c->set_parent) {
		rc = move_unit(db, a, actor, cur, c->parent_id, now, err);
		if (rc != XG_OK)
			return rc;
	}
	drc = db_org_get(db, a, NULL, cur->id, out);
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "单位");
	before = org_to_json(cur);
	after = org_to_json(out);
	rc = audit_record(db, actor, out->path, update_action(cur, c), "org", cur->id, out->name,
			  before, after, now, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

enum xg_rc
org_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	   const struct org_change *c, int64_t now, struct db_org *out, struct xg_error *err)
{
	struct db_org cur;
	enum db_rc drc;
	enum xg_rc rc;

	rc = check_fields(c, err);
	if (rc != XG_OK)
		return rc;
	rc = tree_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	drc = db_org_get(db, a, actor->org_path, id, &cur);
	if (drc != DB_OK) {
		rc = xg_from_db(err, drc, db, "单位");
	} else if (actor->org_path != NULL && strcmp(cur.path, actor->org_path) == 0 &&
		   (c->set_parent || c->set_closed)) {
		rc = xg_fail(err, XG_FORBIDDEN, "own_unit", c->set_parent ? "parent_id" : "closed",
			     "不能调整或撤销本人所在的单位，请由上级单位办理");
	} else if (c->set_parent && cur.parent_id == 0) {
		rc = xg_fail(err, XG_INVALID, "root", "parent_id", "顶层单位不能移动");
	} else {
		rc = apply_update(db, a, actor, &cur, c, now, out, err);
	}
	return xg_tx_end(db, rc, err);
}

/* CSV import */

struct import_row {
	size_t line;
	const char *code;
	const char *parent_code;
	const char *name;
	const char *kind;
	int64_t members;
	int64_t kind_id;
	bool bad;  /* its own fields are wrong (already reported) */
	bool done; /* inserted, or given up on */
};

static void
row_error(struct buf *report, size_t line, const char *msg)
{
	buf_printf(report, "第 %zu 行：%s\n", line, msg);
}

/* Check one row's own fields; problems go to report. Returns false when the row is bad. */
static bool
check_row(struct db *db, struct arena *a, struct import_row *r, struct buf *report)
{
	struct xg_error e;
	bool ok = true;

	if (org_check_code(r->code, &e) != XG_OK) {
		row_error(report, r->line, e.message);
		ok = false;
	}
	if (org_check_name(r->name, &e) != XG_OK) {
		row_error(report, r->line, e.message);
		ok = false;
	}
	if (resolve_kind(db, a, r->kind, &r->kind_id, &e) != XG_OK) {
		row_error(report, r->line, e.rc == XG_INVALID ? e.message : "单位类型无法读取");
		ok = false;
	}
	return ok;
}

static enum xg_rc
parse_rows(struct db *db, struct arena *a, const char *text, size_t len, struct buf *report,
	   struct import_row **rows_out, size_t *nrows, struct xg_error *err)
{
	static const char *const header[] = {"code", "parent_code", "name", "kind", "members"};
	struct csv_reader rd;
	struct import_row *rows = NULL;
	size_t cap = 0, n = 0, i;
	char **fields;
	size_t nf, line;
	enum csv_rc crc;

	csv_init(&rd, text, len);
	crc = csv_next(&rd, a, &fields, &nf, &line);
	if (crc != CSV_ROW)
		return xg_fail(err, XG_INVALID, "empty", NULL, "文件为空或无法读取");
	if (nf != 5)
		goto bad_header;
	for (i = 0; i < 5; i++)
		if (strcmp(fields[i], header[i]) != 0)
			goto bad_header;
	while ((crc = csv_next(&rd, a, &fields, &nf, &line)) != CSV_END) {
		struct import_row *r;
		if (crc == CSV_BAD) {
			row_error(report, line, csv_error(&rd));
			continue;
		}
		if (nf == 1 && fields[0][0] == '\0')
			continue; /* a blank line */
		if (n == cap) {
			struct import_row *nr = arena_alloc(a, (cap ? cap * 2 : 64) * sizeof(*nr));
			if (nr == NULL)
				return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
			if (n)
				memcpy(nr, rows, n * sizeof(*nr));
			rows = nr;
			cap = cap ? cap * 2 : 64;
		}
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->line = line;
		if (nf != 5) {
			buf_printf(report, "第 %zu 行：应有 5 列，实际 %zu 列\n", line, nf);
			r->bad = true;
			continue;
		}
		r->code = fields[0];
		r->parent_code = fields[1];
		r->name = fields[2];
		r->kind = fields[3];
		if (fields[4][0] == '\0')
			r->members = 0;
		else if (str_parse_i64(str_slice(fields[4]), 0, ORG_MEMBERS_MAX, &r->members) !=
			 0) {
			row_error(report, line, "人数应为 0 到 100000000 之间的整数");
			r->bad = true;
		}
		if (!check_row(db, a, r, report))
			r->bad = true;
	}
	*rows_out = rows;
	*nrows = n;
	return XG_OK;
bad_header:
	return xg_fail(err, XG_INVALID, "bad_header", NULL,
		       "第 1 行应为表头 code,parent_code,name,kind,members");
}

static const struct import_row *
find_row(const struct import_row *rows, size_t n, const char *code, size_t before)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (i != before && rows[i].code != NULL && strcmp(rows[i].code, code) == 0)
			return &rows[i];
	return NULL;
}

/*
 * Say why each row left unplaced has no parent: none anywhere, a row with
 * errors somewhere above it (the rows below say which row they hang on), or
 * a cycle. Each row's parent row is found once, so a long chain stays cheap.
 */
static enum xg_rc
report_unplaced(struct arena *a, const struct import_row *rows, size_t n, struct buf *report,
		struct xg_error *err)
{
	size_t *up = arena_alloc(a, (n + 1) * sizeof(*up)), i, j, steps;

	if (up == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0; i < n; i++) {
		const struct import_row *p =
		    rows[i].done ? NULL : find_row(rows, n, rows[i].parent_code, i);
		up[i] = p != NULL ? (size_t)(p - rows) : SIZE_MAX;
	}
	for (i = 0; i < n; i++) {
		if (rows[i].done)
			continue;
		if (up[i] == SIZE_MAX) {
			row_error(report, rows[i].line,
				  "上级单位编码不存在（既不在系统中，也不在文件中）");
			continue;
		}
		for (j = up[i], steps = 0; j != SIZE_MAX && !rows[j].bad && steps <= n; steps++)
			j = up[j];
		if (j != SIZE_MAX && rows[j].bad)
			buf_printf(report, "第 %zu 行：上级单位所在的第 %zu 行有错误\n",
				   rows[i].line, rows[up[i]].line);
		else
			row_error(report, rows[i].line, "上级单位的编码形成循环");
	}
	return XG_OK;
}

/* Insert rows whose parent exists, pass after pass, until no row moves. */
static enum xg_rc
insert_rows(struct db *db, struct arena *a, const struct actor *actor, struct import_row *rows,
	    size_t n, int64_t now, struct buf *report, struct xg_error *err)
{
	size_t done = 0, i;
	bool progress = true;

	while (progress && done < n) {
		progress = false;
		for (i = 0; i < n; i++) {
			struct import_row *r = &rows[i];
			struct org_change c = {.set_code = true,
					       .set_name = true,
					       .set_kind = true,
					       .set_members = true,
					       .code = r->code,
					       .name = r->name,
					       .kind = r->kind,
					       .members = r->members};
			struct db_org parent, out;
			struct xg_error e;
			enum db_rc drc;
			if (r->done)
				continue;
			if (r->bad) {
				r->done = true;
				done++;
				continue;
			}
			if (r->parent_code[0] != '\0') {
				drc =
				    db_org_by_code(db, a, actor->org_path, r->parent_code, &parent);
				if (drc == DB_NOTFOUND)
					continue; /* perhaps a later pass */
				if (drc != DB_OK)
					return xg_from_db(err, drc, db, "上级单位");
				c.set_parent = true;
				c.parent_id = parent.id;
			}
			/*
			 * A taken code is checked first: on PostgreSQL a failed INSERT
			 * aborts the whole transaction, and we want every row's report.
			 */
			drc = db_org_by_code(db, a, NULL, r->code, &out);
			if (drc == DB_OK) {
				row_error(report, r->line, "单位编码已被使用");
			} else if (drc != DB_NOTFOUND) {
				return xg_from_db(err, drc, db, "单位");
			} else if (insert_unit(db, a, actor, &c, now, &out, &e) != XG_OK) {
				if (e.rc == XG_BUSY || e.rc == XG_INTERNAL)
					return xg_fail(err, e.rc, e.code, NULL, "%s", e.message);
				row_error(report, r->line, e.message);
				r->bad = true; /* its rows below say so, not "a cycle" */
			}
			r->done = true;
			done++;
			progress = true;
		}
	}
	return report_unplaced(a, rows, n, report, err);
}

enum xg_rc
org_import_csv(struct db *db, struct arena *a, const struct actor *actor, const char *text,
	       size_t len, int64_t now, struct buf *report, size_t *count, struct xg_error *err)
{
	struct import_row *rows = NULL;
	size_t n = 0, i, at;
	enum xg_rc rc;

	*count = 0;
	at = str_utf8_check((struct slice){text, len});
	if (at != len)
		return xg_fail(err, XG_INVALID, "invalid_utf8", NULL,
			       "文件不是有效的 UTF-8 编码（第 %zu 字节），请另存为 UTF-8 后重试",
			       at + 1);
	rc = tree_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = parse_rows(db, a, text, len, report, &rows, &n, err);
	for (i = 0; rc == XG_OK && i < n; i++)
		if (rows[i].code != NULL && find_row(rows, i, rows[i].code, i) != NULL) {
			row_error(report, rows[i].line, "单位编码在文件中重复");
			rows[i].bad = true;
		}
	/* Insert even when some rows are bad: the other rows' problems are found too, then all
	 * rolls back. */
	if (rc == XG_OK)
		rc = insert_rows(db, a, actor, rows, n, now, report, err);
	if (rc == XG_OK && report->err) /* a bad row went unreported: never import the rest */
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	if (rc == XG_OK && report->len > 0)
		rc = xg_fail(err, XG_INVALID, "bad_rows", NULL, "导入文件有错误，未导入任何单位");
	if (rc == XG_OK && n == 0)
		rc = xg_fail(err, XG_INVALID, "empty", NULL, "文件中没有单位");
	if (rc == XG_OK) {
		char summary[64];
		snprintf(summary, sizeof(summary), "导入 %zu 个单位", n);
		rc = audit_record(db, actor, NULL, "org.import", "org", 0, summary, NULL, NULL, now,
				  err);
	}
	rc = xg_tx_end(db, rc, err);
	if (rc == XG_OK)
		*count = n;
	return rc;
}
