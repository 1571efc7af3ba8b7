/* record: rules of work records, their review and their roll-ups. */
#include "domain/record.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "domain/audit.h"
#include "domain/document.h"

/* Kinds and their fields (DOMAIN.md §3) */

static const char *const study_forms[] = {"党组会",	"理论学习中心组", "支部党员大会",
					  "支部委员会", "党小组会",	  "党课",
					  "主题党日",	"其他",		  NULL};
static const char *const study_modes[] = {"集中研学", "个人自学", "交流互学", NULL};
static const char *const channels[] = {"官网",	"微信公众号", "微博", "科技报专版",
				       "LED屏", "宣传栏",     "其他", NULL};
static const char *const genres[] = {"原创", "转载", "专版", "研究阐释", "决策咨询", NULL};
static const char *const venues[] = {"机关", "企业", "高校", "科研院所", "新时代文明实践中心/所/站",
				     "社区", "农村", "其他", NULL};
static const char *const formats[] = {"对象化", "分众化", "互动化", NULL};

static const struct record_field study_fields[] = {
    {.name = "form", .label = "形式", .type = RF_CHOICE, .choices = study_forms},
    {.name = "mode", .label = "方式", .type = RF_CHOICE, .choices = study_modes},
    {.name = "topic", .label = "学习主题", .type = RF_TEXT, .max = 200},
    {.name = "materials", .label = "学习材料", .type = RF_LONGTEXT, .max = 2000},
    {.name = "host", .label = "主持人", .type = RF_TEXT, .max = 50},
    {.name = "expected", .label = "应到人数", .type = RF_INT},
    {.name = "minutes", .label = "会议记录", .type = RF_LONGTEXT, .max = 5000},
};
static const struct record_field training_fields[] = {
    {.name = "class_name", .label = "专题班", .type = RF_TEXT, .max = 200},
    {.name = "batch", .label = "期次", .type = RF_TEXT, .max = 50},
    {.name = "organiser", .label = "主办单位", .type = RF_TEXT, .max = 100},
    {.name = "start_date", .label = "开始日期", .type = RF_DATE},
    {.name = "end_date", .label = "结束日期", .type = RF_DATE},
    {.name = "online", .label = "线上培训", .type = RF_BOOL},
};
static const struct record_field publicity_fields[] = {
    {.name = "channel", .label = "发布渠道", .type = RF_CHOICE, .choices = channels},
    {.name = "genre", .label = "稿件类型", .type = RF_CHOICE, .choices = genres},
    {.name = "link", .label = "链接", .type = RF_TEXT, .max = 500},
};
static const struct record_field lecture_fields[] = {
    {.name = "lecturer", .label = "宣讲人", .type = RF_TEXT, .max = 200},
    {.name = "venue_kind", .label = "宣讲场所类型", .type = RF_CHOICE, .choices = venues},
    {.name = "place", .label = "宣讲地点", .type = RF_TEXT, .max = 200},
    {.name = "audience_kind", .label = "受众类型", .type = RF_TEXT, .max = 100},
    {.name = "format", .label = "宣讲形式", .type = RF_CHOICE, .choices = formats},
    {.name = "volunteer", .label = "志愿服务", .type = RF_BOOL},
    {.name = "party_lesson", .label = "领导讲党课", .type = RF_BOOL},
};
static const struct record_field implementation_fields[] = {
    {.name = "indicator", .label = "指标", .type = RF_TEXT, .max = 200},
    {.name = "indicator_value", .label = "指标值", .type = RF_INT},
    {.name = "progress", .label = "进展情况", .type = RF_LONGTEXT, .max = 2000},
};

#define FIELDS(list) list, sizeof(list) / sizeof(list[0])

/* figures: which counted figures a kind takes (p participants, a audience, h hours). */
static const struct {
	const char *code;
	const char *label;
	const struct record_field *fields;
	size_t nfields;
	const char *figures;
} kinds[RECORD_KIND__MAX] = {
    [RECORD_STUDY] = {"study", "理论学习", FIELDS(study_fields), "p"},
    [RECORD_TRAINING] = {"training", "教育培训", FIELDS(training_fields), "ph"},
    [RECORD_PUBLICITY] = {"publicity", "宣传阐释", FIELDS(publicity_fields), ""},
    [RECORD_LECTURE] = {"lecture", "宣讲活动", FIELDS(lecture_fields), "a"},
    [RECORD_IMPLEMENTATION] = {"implementation", "贯彻落实", FIELDS(implementation_fields), ""},
};

const char *
record_kind_code(enum record_kind k)
{
	return k < RECORD_KIND__MAX ? kinds[k].code : "unknown";
}

const char *
record_kind_label(enum record_kind k)
{
	return k < RECORD_KIND__MAX ? kinds[k].label : "未知";
}

enum record_kind
record_kind_parse(const char *code)
{
	int k;

	for (k = 0; code != NULL && k < RECORD_KIND__MAX; k++)
		if (strcmp(code, kinds[k].code) == 0)
			return (enum record_kind)k;
	return RECORD_KIND__MAX;
}

const struct record_field *
record_fields(enum record_kind k, size_t *n)
{
	*n = k < RECORD_KIND__MAX ? kinds[k].nfields : 0;
	return k < RECORD_KIND__MAX ? kinds[k].fields : NULL;
}

bool
record_kind_has(enum record_kind k, const char *figure)
{
	return k < RECORD_KIND__MAX && figure != NULL && figure[0] != '\0' &&
	       strchr(kinds[k].figures, figure[0]) != NULL;
}

/* List orders */

static const char *const sort_keys[DB_RECORD_SORT__MAX] = {
    [DB_RECORD_SORT_DAY_DESC] = "-date",
    [DB_RECORD_SORT_DAY_ASC] = "date",
    [DB_RECORD_SORT_ORG_ASC] = "org",
    [DB_RECORD_SORT_ORG_DESC] = "-org",
    [DB_RECORD_SORT_TITLE_ASC] = "title",
    [DB_RECORD_SORT_TITLE_DESC] = "-title",
    [DB_RECORD_SORT_PARTICIPANTS_ASC] = "participants",
    [DB_RECORD_SORT_PARTICIPANTS_DESC] = "-participants",
    [DB_RECORD_SORT_AUDIENCE_ASC] = "audience",
    [DB_RECORD_SORT_AUDIENCE_DESC] = "-audience",
    [DB_RECORD_SORT_HOURS_ASC] = "hours",
    [DB_RECORD_SORT_HOURS_DESC] = "-hours",
};

enum xg_rc
record_sort_parse(const char *key, enum db_record_sort *out, struct xg_error *err)
{
	int s;

	*out = DB_RECORD_SORT_DAY_DESC;
	if (key == NULL || *key == '\0')
		return XG_OK;
	for (s = 0; s < DB_RECORD_SORT__MAX; s++)
		if (strcmp(key, sort_keys[s]) == 0) {
			*out = (enum db_record_sort)s;
			return XG_OK;
		}
	return xg_fail(err, XG_INVALID, "unknown_sort", "sort", "不支持的排序方式");
}

const char *
record_sort_key(enum db_record_sort s)
{
	return (unsigned)s < DB_RECORD_SORT__MAX ? sort_keys[s] : sort_keys[0];
}

/* JSON */

/* The task a record carries out, with the words that asked for it; JSON null when none. */
static json_t *
record_task_json(const struct db_record *r)
{
	if (r->task_id == 0)
		return json_null();
	return json_pack("{s:I,s:s?,s:s?}", "id", (json_int_t)r->task_id, "title", r->task_title,
			 "paragraph", r->task_paragraph);
}

json_t *
record_to_json(const struct db_record *r)
{
	json_t *j = json_pack(
	    "{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s?,s:s,s:I,s:I,s:s?}", "id",
	    (json_int_t)r->id, "org_id", (json_int_t)r->org_id, "org_name", r->org_name, "kind",
	    r->kind, "kind_label", record_kind_label(record_kind_parse(r->kind)), "date", r->day,
	    "title", r->title, "participants", (json_int_t)r->participants, "audience",
	    (json_int_t)r->audience, "hours", (json_int_t)r->hours, "state", r->state,
	    "review_reason", r->review_reason, "recorded_by_name", r->recorded_by_name,
	    "recorded_at", (json_int_t)r->recorded_at, "updated_at", (json_int_t)r->updated_at,
	    "deleted_reason", r->deleted_reason);
	json_t *detail;

	if (j == NULL)
		return NULL;
	if (json_object_set_new(j, "campaign_id",
				r->campaign_id ? json_integer(r->campaign_id) : json_null()) != 0 ||
	    json_object_set_new(j, "task", record_task_json(r)) != 0 ||
	    json_object_set_new(j, "counted", json_boolean(record_counts(r))) != 0) {
		json_decref(j);
		return NULL;
	}
	/* The kind's fields sit beside the common ones, as they arrived. */
	detail = json_loads(r->detail != NULL ? r->detail : "{}", 0, NULL);
	if (detail == NULL || !json_is_object(detail) ||
	    json_object_update_missing(j, detail) != 0) {
		json_decref(detail);
		json_decref(j);
		return NULL;
	}
	json_decref(detail);
	return j;
}

/* Roll-up arithmetic */

bool
record_counts(const struct db_record *r)
{
	if (r->deleted)
		return false;
	return strcmp(r->kind, "publicity") != 0 || strcmp(r->state, "approved") == 0;
}

static int
delta_cmp(const void *pa, const void *pb)
{
	const struct rollup_delta *a = pa, *b = pb;
	int c;

	if (a->org_id != b->org_id)
		return a->org_id < b->org_id ? -1 : 1;
	if (a->campaign_id != b->campaign_id)
		return a->campaign_id < b->campaign_id ? -1 : 1;
	c = strcmp(a->kind, b->kind);
	return c != 0 ? c : strcmp(a->month, b->month);
}

/* Add sign × r's figures to every row r counts in, merging into an equal key already there. */
static size_t
add_record(const struct db_record *r, int sign, struct rollup_delta *out, size_t n)
{
	int64_t ids[TREE_DEPTH_MAX], camps[2] = {0, r->campaign_id};
	size_t nids = tree_ids(r->org_path, ids, TREE_DEPTH_MAX), i, c, k;

	for (i = 0; i < nids; i++)
		for (c = 0; c < (r->campaign_id ? 2u : 1u); c++) {
			struct rollup_delta d = {
			    .org_id = ids[i], .campaign_id = camps[c], .kind = r->kind};
			memcpy(d.month, r->day, 7);
			d.month[7] = '\0';
			for (k = 0; k < n; k++)
				if (delta_cmp(&out[k], &d) == 0)
					break;
			if (k == n)
				out[n++] = d;
			out[k].records += sign;
			out[k].participants += sign * r->participants;
			out[k].audience += sign * r->audience;
			out[k].hours += sign * r->hours;
		}
	return n;
}

size_t
record_rollup_deltas(const struct db_record *old, const struct db_record *new_,
		     struct rollup_delta *out)
{
	size_t n = 0, i, kept = 0;

	if (old != NULL && record_counts(old))
		n = add_record(old, -1, out, n);
	if (new_ != NULL && record_counts(new_))
		n = add_record(new_, 1, out, n);
	for (i = 0; i < n; i++)
		if (out[i].records || out[i].participants || out[i].audience || out[i].hours)
			out[kept++] = out[i];
	qsort(out, kept, sizeof(*out), delta_cmp);
	return kept;
}

/* Apply the change from old to new to the counters, in the caller's transaction. */
static enum xg_rc
apply_rollups(struct db *db, const struct db_record *old, const struct db_record *new_,
	      struct xg_error *err)
{
	struct rollup_delta d[ROLLUP_DELTAS_MAX];
	size_t n = record_rollup_deltas(old, new_, d), i;
	struct buf b;
	enum xg_rc rc;

	if (n == 0)
		return XG_OK;
	buf_init(&b);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s[%lld,%lld,\"%s\",\"%s\",%lld,%lld,%lld,%lld]", i ? "," : "",
			   (long long)d[i].org_id, (long long)d[i].campaign_id, d[i].kind,
			   d[i].month, (long long)d[i].records, (long long)d[i].participants,
			   (long long)d[i].audience, (long long)d[i].hours);
	buf_putc(&b, ']');
	if (b.err)
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	else
		rc = xg_from_db(
		    err, db_rollup_apply(db, buf_cstr(&b), new_ != NULL ? new_->id : old->id), db,
		    "统计");
	buf_free(&b);
	return rc;
}

/* Moves */

static enum xg_rc
fail_internal(struct xg_error *err)
{
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
}

static bool
has_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

size_t
record_move_shifts(const char *old_path, const char *new_parent_path, struct rollup_shift *out)
{
	int64_t from[TREE_DEPTH_MAX], to[TREE_DEPTH_MAX];
	size_t nfrom = tree_ids(old_path, from, TREE_DEPTH_MAX);
	size_t nto = tree_ids(new_parent_path, to, TREE_DEPTH_MAX), i, n = 0;

	if (nfrom > 0)
		nfrom--; /* the unit itself keeps its counters */
	for (i = 0; i < nfrom; i++)
		if (!has_id(to, nto, from[i]))
			out[n++] = (struct rollup_shift){.org_id = from[i], .sign = -1};
	for (i = 0; i < nto; i++)
		if (!has_id(from, nfrom, to[i]))
			out[n++] = (struct rollup_shift){.org_id = to[i], .sign = 1};
	return n;
}

enum xg_rc
record_move_rollups(struct db *db, const char *old_path, const char *new_parent_path,
		    struct xg_error *err)
{
	struct rollup_shift s[ROLLUP_SHIFTS_MAX];
	size_t n = record_move_shifts(old_path, new_parent_path, s), i;
	int64_t id = tree_id(old_path);
	struct buf b;
	enum xg_rc rc;

	if (id == 0)
		return fail_internal(err);
	if (n == 0)
		return XG_OK;
	buf_init(&b);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s[%lld,%d]", i ? "," : "", (long long)s[i].org_id, s[i].sign);
	buf_putc(&b, ']');
	if (b.err)
		rc = fail_internal(err);
	else
		rc = xg_from_db(err, db_rollup_move(db, id, buf_cstr(&b)), db, "统计");
	buf_free(&b);
	return rc;
}

/* Checks */

static enum xg_rc
check_count(int64_t v, const char *field, struct xg_error *err)
{
	if (v < 0 || v > RECORD_COUNT_MAX)
		return xg_fail(err, XG_INVALID, "out_of_range", field, "数量应在 0 到 %d 之间",
			       RECORD_COUNT_MAX);
	return XG_OK;
}

/* One value of one kind field; an empty text is allowed (it clears the field). */
static enum xg_rc
check_value(const struct record_field *f, json_t *v, struct xg_error *err)
{
	const char *s = json_string_value(v);
	size_t i;

	switch (f->type) {
	case RF_TEXT:
	case RF_LONGTEXT:
		if (s == NULL)
			break;
		if (*s != '\0' && f->type == RF_TEXT)
			return xg_check_name(s, f->name, f->label, f->max, err);
		if (str_utf8_len(str_slice(s)) > f->max)
			return xg_fail(err, XG_INVALID, "too_long", f->name, "%s不能超过 %zu 个字",
				       f->label, f->max);
		return XG_OK;
	case RF_INT:
		if (!json_is_integer(v))
			break;
		return check_count(json_integer_value(v), f->name, err);
	case RF_BOOL:
		if (!json_is_boolean(v))
			break;
		return XG_OK;
	case RF_CHOICE:
		if (s == NULL)
			break;
		if (*s == '\0')
			return XG_OK;
		for (i = 0; f->choices[i] != NULL; i++)
			if (strcmp(s, f->choices[i]) == 0)
				return XG_OK;
		return xg_fail(err, XG_INVALID, "unknown_choice", f->name, "%s不在可选范围内",
			       f->label);
	case RF_DATE:
		if (s == NULL)
			break;
		return *s == '\0' ? XG_OK : xg_check_day(s, f->name, err);
	}
	return xg_fail(err, XG_INVALID, "invalid_type", f->name, "%s的类型不正确", f->label);
}

static const struct record_field *
find_field(enum record_kind k, const char *name)
{
	size_t n, i;
	const struct record_field *f = record_fields(k, &n);

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

/*
 * The record's detail after in: old's fields (text, or NULL for none) with
 * in's applied, each checked against kind k's table; *out gets arena text.
 */
static enum xg_rc
merge_detail(struct arena *a, enum record_kind k, const char *old, json_t *in, const char **out,
	     struct xg_error *err)
{
	json_t *d = json_loads(old != NULL ? old : "{}", 0, NULL), *v;
	const struct record_field *f;
	unsigned long failures;
	const char *name;
	enum xg_rc rc = XG_OK;
	char *text;

	if (d == NULL || !json_is_object(d)) {
		json_decref(d);
		return fail_internal(err);
	}
	json_object_foreach(in, name, v)
	{
		f = find_field(k, name);
		if (f == NULL) {
			rc =
			    xg_fail(err, XG_INVALID, "not_of_kind", name, "该类型的台账没有这一项");
			break;
		}
		rc = check_value(f, v, err);
		if (rc != XG_OK)
			break;
		if (json_is_string(v) && json_string_length(v) == 0)
			json_object_del(d, name);
		else if (json_object_set(d, name, v) != 0)
			rc = fail_internal(err);
		if (rc != XG_OK)
			break;
	}
	if (rc == XG_OK) {
		failures = alloc_json_failures();
		text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		if (text == NULL || alloc_json_failures() != failures ||
		    (*out = arena_strdup(a, text)) == NULL)
			rc = fail_internal(err);
		free(text);
	}
	json_decref(d);
	return rc;
}

/* The figures in: a figure the kind does not take is refused, not dropped. */
static enum xg_rc
check_figures(enum record_kind k, const struct record_input *in, struct xg_error *err)
{
	static const struct {
		const char *name;
		size_t set, value;
	} figs[] = {
	    {"participants", offsetof(struct record_input, set_participants),
	     offsetof(struct record_input, participants)},
	    {"audience", offsetof(struct record_input, set_audience),
	     offsetof(struct record_input, audience)},
	    {"hours", offsetof(struct record_input, set_hours),
	     offsetof(struct record_input, hours)},
	};
	const char *base = (const char *)in;
	size_t i;
	enum xg_rc rc;

	for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++) {
		int64_t v;
		if (!*(const bool *)(base + figs[i].set))
			continue;
		memcpy(&v, base + figs[i].value, sizeof(v));
		if (!record_kind_has(k, figs[i].name))
			return xg_fail(err, XG_INVALID, "not_of_kind", figs[i].name,
				       "该类型的台账没有这一项");
		rc = check_count(v, figs[i].name, err);
		if (rc != XG_OK)
			return rc;
	}
	return XG_OK;
}

/* The common fields of in that are set. */
static enum xg_rc
check_common(const struct record_input *in, struct xg_error *err)
{
	enum xg_rc rc = XG_OK;

	if (in->set_day)
		rc = xg_check_day(in->day, "date", err);
	if (rc == XG_OK && in->set_title)
		rc = xg_check_name(in->title, "title", "标题", RECORD_TITLE_MAX, err);
	return rc;
}

/* The campaign of a record for unit: visible to the actor, and run by the unit or above it. */
static enum xg_rc
check_campaign(struct db *db, struct arena *a, const struct actor *actor, int64_t campaign_id,
	       const char *unit_path, struct xg_error *err)
{
	struct db_campaign c;
	enum db_rc drc;

	if (campaign_id == 0)
		return XG_OK;
	drc = db_campaign_get(db, a, actor->org_path, campaign_id, &c);
	if (drc == DB_NOTFOUND)
		return xg_fail(err, XG_INVALID, "unknown_campaign", "campaign_id",
			       "专项工作不存在");
	if (drc != DB_OK)
		return xg_from_db(err, drc, db, "专项工作");
	if (!tree_within(unit_path, c.org_path))
		return xg_fail(err, XG_INVALID, "campaign_scope", "campaign_id",
			       "该单位不在这项专项工作的范围内");
	return XG_OK;
}

/* Audit r's change (before may be NULL). */
static enum xg_rc
audit_change(struct db *db, const struct actor *actor, const char *action,
	     const struct db_record *before, const struct db_record *after, int64_t now,
	     struct xg_error *err)
{
	json_t *jb = before != NULL ? record_to_json(before) : NULL;
	json_t *ja = record_to_json(after);
	enum xg_rc rc;

	if ((before != NULL && jb == NULL) || ja == NULL)
		rc = fail_internal(err);
	else
		rc = audit_record(db, actor, after->org_path, action, "record", after->id,
				  after->title, jb, ja, now, err);
	json_decref(jb);
	json_decref(ja);
	return rc;
}

/* Writes */

/*
 * A transaction that writes records: begun, and holding the path lock in
 * share mode before anything reads a unit's path, so the roll-ups it
 * changes are those of the unit's ancestors as they are when it commits
 * (a move waits for it, or it for the move).
 */
enum xg_rc
record_tx_begin(struct db *db, struct xg_error *err)
{
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc == XG_OK) {
		rc = xg_from_db(err, db_path_lock(db, true), db, "台账");
		if (rc != XG_OK)
			db_rollback(db);
	}
	return rc;
}

/* What record_create checks before its transaction: the required fields and their values, and
 * the kind's fields merged into r->detail. */
static enum xg_rc
create_check(struct arena *a, const struct record_input *in, enum record_kind k,
	     struct db_record *r, struct xg_error *err)
{
	enum xg_rc rc;

	if (!in->set_org || !in->set_kind || !in->set_day || !in->set_title)
		return xg_fail(err, XG_INVALID, "required",
			       !in->set_org    ? "org_id"
			       : !in->set_kind ? "kind"
			       : !in->set_day  ? "date"
					       : "title",
			       "请填写单位、类型、日期和标题");
	if (k == RECORD_KIND__MAX)
		return xg_fail(err, XG_INVALID, "unknown_kind", "kind", "台账类型不存在");
	rc = check_common(in, err);
	if (rc == XG_OK)
		rc = check_figures(k, in, err);
	if (rc == XG_OK)
		rc = merge_detail(a, k, NULL, in->detail, &r->detail, err);
	return rc;
}

/* Link record id of the unit at path to task_id (0: unlink): the task must be assigned to the
 * unit or to a unit above it, and apply to it. */
static enum xg_rc
link_task(struct db *db, int64_t id, const char *path, int64_t task_id, struct xg_error *err)
{
	bool covers = false;
	enum xg_rc rc = XG_OK;

	if (task_id != 0)
		rc = xg_from_db(err, db_task_covers(db, task_id, path, &covers), db, "任务");
	if (rc == XG_OK && task_id != 0 && !covers)
		return xg_fail(err, XG_INVALID, "task_scope", "task_id",
			       "这项任务没有分派给本单位或上级单位，台账不能关联它");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_record_set_task(db, id, task_id), db, "台账");
	return rc;
}

/* The rest of record_create, in the caller's transaction (begun by record_tx_begin). */
static enum xg_rc
create_in_tx(struct db *db, struct arena *a, const struct actor *actor,
	     const struct record_input *in, enum record_kind k, struct db_record *r, int64_t now,
	     struct db_record *out, struct xg_error *err)
{
	struct db_org unit;
	int64_t id = 0;
	enum xg_rc rc;

	rc = xg_from_db(err, db_org_get(db, a, actor->org_path, in->org_id, &unit), db, "单位");
	if (rc == XG_OK && unit.closed)
		rc =
		    xg_fail(err, XG_INVALID, "unit_closed", "org_id", "该单位已撤销，不能新增台账");
	if (rc == XG_OK && in->set_campaign)
		rc = check_campaign(db, a, actor, in->campaign_id, unit.path, err);
	if (rc != XG_OK)
		return rc;
	r->org_id = unit.id;
	r->kind = kinds[k].code;
	r->day = in->day;
	r->title = in->title;
	r->campaign_id = in->set_campaign ? in->campaign_id : 0;
	r->participants = in->set_participants ? in->participants : 0;
	r->audience = in->set_audience ? in->audience : 0;
	r->hours = in->set_hours ? in->hours : 0;
	r->state = k == RECORD_PUBLICITY ? "draft" : "recorded";
	r->author_org_id = actor->user_id != 0 ? actor->org_id : 0;
	r->recorded_by = actor->user_id;
	r->recorded_by_name = actor->display_name != NULL ? actor->display_name : actor->username;
	r->recorded_at = now;
	rc = xg_from_db(err, db_record_insert(db, r, &id), db, "台账");
	if (rc == XG_OK && in->set_task && in->task_id != 0)
		rc = link_task(db, id, unit.path, in->task_id, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_record_get(db, a, NULL, id, out), db, "台账");
	if (rc == XG_OK)
		rc = apply_rollups(db, NULL, out, err);
	if (rc == XG_OK && in->set_sections)
		rc = document_record_sections(db, a, actor, out, in->sections, in->nsections, err);
	if (rc == XG_OK)
		rc = audit_change(db, actor, "record.create", NULL, out, now, err);
	return rc;
}

enum xg_rc
record_create_in_tx(struct db *db, struct arena *a, const struct actor *actor,
		    const struct record_input *in, int64_t now, struct db_record *out,
		    struct xg_error *err)
{
	enum record_kind k = record_kind_parse(in->kind);
	struct db_record r = {0};
	enum xg_rc rc = create_check(a, in, k, &r, err);

	return rc == XG_OK ? create_in_tx(db, a, actor, in, k, &r, now, out, err) : rc;
}

enum xg_rc
record_create(struct db *db, struct arena *a, const struct actor *actor,
	      const struct record_input *in, int64_t now, struct db_record *out,
	      struct xg_error *err)
{
	enum record_kind k = record_kind_parse(in->kind);
	struct db_record r = {0};
	enum xg_rc rc = create_check(a, in, k, &r, err);

	if (rc == XG_OK)
		rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = create_in_tx(db, a, actor, in, k, &r, now, out, err);
	return xg_tx_end(db, rc, err);
}

/* Read record id in the actor's subtree, in the open transaction. */
static enum xg_rc
get_in_scope(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     struct db_record *out, struct xg_error *err)
{
	return xg_from_db(err, db_record_get(db, a, actor->org_path, id, out), db, "台账");
}

/* Write next over cur, move the roll-ups from cur to next, re-read into out and audit. */
static enum xg_rc
write_change(struct db *db, struct arena *a, const struct actor *actor, const char *action,
	     const struct db_record *cur, struct db_record *next, int64_t now,
	     struct db_record *out, struct xg_error *err)
{
	enum xg_rc rc;

	next->updated_at = now;
	rc = xg_from_db(err, db_record_update(db, next), db, "台账");
	if (rc == XG_OK)
		rc = apply_rollups(db, cur, next, err);
	if (rc != XG_OK)
		return rc;
	if (next->deleted) {
		*out = *next;
	} else {
		rc = xg_from_db(err, db_record_get(db, a, NULL, cur->id, out), db, "台账");
		if (rc != XG_OK)
			return rc;
	}
	return audit_change(db, actor, action, cur, out, now, err);
}

enum xg_rc
record_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	      const struct record_input *in, int64_t now, struct db_record *out,
	      struct xg_error *err)
{
	struct db_record cur, next;
	enum record_kind k;
	enum xg_rc rc = check_common(in, err);

	if (rc == XG_OK)
		rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = get_in_scope(db, a, actor, id, &cur, err);
	if (rc != XG_OK)
		return xg_tx_end(db, rc, err);
	k = record_kind_parse(cur.kind);
	if (in->set_org && in->org_id != cur.org_id)
		rc = xg_fail(err, XG_INVALID, "fixed", "org_id",
			     "台账所属单位不能更改，请删除后在正确的单位下重新填报");
	else if (in->set_kind && record_kind_parse(in->kind) != k)
		rc = xg_fail(err, XG_INVALID, "fixed", "kind", "台账类型不能更改");
	else if (k == RECORD_PUBLICITY &&
		 (strcmp(cur.state, "submitted") == 0 || strcmp(cur.state, "approved") == 0))
		rc = xg_fail(err, XG_CONFLICT, "under_review", NULL,
			     "稿件已提交审核或已通过，不能修改");
	if (rc == XG_OK)
		rc = check_figures(k, in, err);
	next = cur;
	if (rc == XG_OK)
		rc = merge_detail(a, k, cur.detail, in->detail, &next.detail, err);
	if (rc == XG_OK && in->set_campaign && in->campaign_id != cur.campaign_id)
		rc = check_campaign(db, a, actor, in->campaign_id, cur.org_path, err);
	if (rc == XG_OK && in->set_task && in->task_id != cur.task_id)
		rc = link_task(db, cur.id, cur.org_path, in->task_id, err);
	if (rc != XG_OK)
		return xg_tx_end(db, rc, err);
	if (in->set_day)
		next.day = in->day;
	if (in->set_title)
		next.title = in->title;
	if (in->set_campaign)
		next.campaign_id = in->campaign_id;
	if (in->set_participants)
		next.participants = in->participants;
	if (in->set_audience)
		next.audience = in->audience;
	if (in->set_hours)
		next.hours = in->hours;
	/* The syllabus sections it names (domain/document.h), checked against the new campaign. */
	if (rc == XG_OK && in->set_sections)
		rc = document_record_sections(db, a, actor, &next, in->sections, in->nsections,
					      err);
	if (rc == XG_OK)
		rc = write_change(db, a, actor, "record.update", &cur, &next, now, out, err);
	return xg_tx_end(db, rc, err);
}

enum xg_rc
record_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	      const char *reason, int64_t now, struct xg_error *err)
{
	struct db_record cur, next, out;
	enum xg_rc rc;

	if (reason == NULL || *reason == '\0')
		return xg_fail(err, XG_INVALID, "required", "reason", "请填写删除原因");
	rc = xg_check_name(reason, "reason", "删除原因", RECORD_REASON_MAX, err);
	if (rc == XG_OK)
		rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = get_in_scope(db, a, actor, id, &cur, err);
	if (rc == XG_OK) {
		next = cur;
		next.deleted = 1;
		next.deleted_reason = reason;
		next.deleted_by = actor->user_id;
		next.deleted_at = now;
		rc = write_change(db, a, actor, "record.delete", &cur, &next, now, &out, err);
	}
	return xg_tx_end(db, rc, err);
}

/* May actor review a record its author recorded from the unit at author_path? */
static enum xg_rc
check_reviewer(const struct actor *actor, const struct db_record *r, struct xg_error *err)
{
	if (actor->user_id != 0 && actor->user_id == r->recorded_by)
		return xg_fail(err, XG_FORBIDDEN, "own_record", NULL, "不能审核本人填报的稿件");
	/* The system actor (command line) stands above every unit. */
	if (actor->org_path == NULL)
		return XG_OK;
	if (r->author_path == NULL || !tree_within(r->author_path, actor->org_path) ||
	    strcmp(r->author_path, actor->org_path) == 0)
		return xg_fail(err, XG_FORBIDDEN, "not_above", NULL,
			       "稿件应由填报人所在单位的上级单位审核");
	return XG_OK;
}

enum xg_rc
record_review(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	      enum record_step step, const char *reason, int64_t now, struct db_record *out,
	      struct xg_error *err)
{
	static const char *const actions[] = {[RECORD_SUBMIT] = "record.submit",
					      [RECORD_APPROVE] = "record.approve",
					      [RECORD_RETURN] = "record.return"};
	struct db_record cur, next;
	enum xg_rc rc = XG_OK;

	if (step == RECORD_RETURN) {
		if (reason == NULL || *reason == '\0')
			return xg_fail(err, XG_INVALID, "required", "reason", "请填写退回原因");
		rc = xg_check_name(reason, "reason", "退回原因", RECORD_REASON_MAX, err);
	}
	if (rc == XG_OK)
		rc = record_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = get_in_scope(db, a, actor, id, &cur, err);
	if (rc == XG_OK && strcmp(cur.kind, "publicity") != 0)
		rc = xg_fail(err, XG_INVALID, "not_reviewed", NULL, "只有宣传阐释类台账需要审核");
	if (rc == XG_OK && step != RECORD_SUBMIT)
		rc = check_reviewer(actor, &cur, err);
	if (rc == XG_OK) {
		bool ok = step == RECORD_SUBMIT ? strcmp(cur.state, "draft") == 0 ||
						      strcmp(cur.state, "returned") == 0
						: strcmp(cur.state, "submitted") == 0;
		if (!ok)
			rc = xg_fail(err, XG_CONFLICT, "wrong_state", NULL,
				     step == RECORD_SUBMIT ? "稿件已提交审核或已通过"
							   : "稿件不在待审核状态");
	}
	if (rc != XG_OK)
		return xg_tx_end(db, rc, err);
	next = cur;
	next.state = step == RECORD_SUBMIT    ? "submitted"
		     : step == RECORD_APPROVE ? "approved"
					      : "returned";
	if (step != RECORD_SUBMIT) {
		next.reviewed_by = actor->user_id;
		next.reviewed_at = now;
	}
	next.review_reason = step == RECORD_RETURN ? reason : NULL;
	rc = write_change(db, a, actor, actions[step], &cur, &next, now, out, err);
	return xg_tx_end(db, rc, err);
}

/* xuanguan check: recompute the roll-ups */

struct check_walk {
	void (*line)(void *cls, const char *text);
	void *cls;
	size_t *diffs;
};

static int
check_row(void *cls, const struct db_rollup *want, const struct db_rollup *have)
{
	struct check_walk *w = cls;
	char text[320];

	(*w->diffs)++;
	snprintf(text, sizeof(text),
		 "org %lld campaign %lld %s %s: records %lld/%lld participants "
		 "%lld/%lld audience %lld/%lld hours %lld/%lld (recomputed/stored)\n",
		 (long long)want->org_id, (long long)want->campaign_id,
		 want->kind ? want->kind : "", want->month ? want->month : "",
		 (long long)want->records, (long long)have->records, (long long)want->participants,
		 (long long)have->participants, (long long)want->audience,
		 (long long)have->audience, (long long)want->hours, (long long)have->hours);
	w->line(w->cls, text);
	return 0;
}

enum xg_rc
record_check_rollups(struct db *db, void (*line)(void *cls, const char *text), void *cls,
		     size_t *diffs, struct xg_error *err)
{
	struct check_walk w = {.line = line, .cls = cls, .diffs = diffs};

	*diffs = 0;
	return xg_from_db(err, db_rollup_check_each(db, check_row, &w), db, "统计");
}
