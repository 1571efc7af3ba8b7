/* audit: writing the audit log. */
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/day.h"
#include "base/tree.h"

/* Every action the log is written with, and its label (the audit page's filter lists them in this
 * order). */
static const struct audit_name labels[] = {
    {"login.ok", "登录成功"},
    {"login.fail", "登录失败"},
    {"login.lock", "登录锁定"},
    {"login.blocked", "锁定期间尝试登录"},
    {"logout", "退出登录"},
    {"org.create", "新增单位"},
    {"org.update", "修改单位"},
    {"org.move", "调整上级单位"},
    {"org.close", "撤销单位"},
    {"org.reopen", "恢复单位"},
    {"org.import", "导入单位"},
    {"kind.create", "新增单位类型"},
    {"user.create", "新增账号"},
    {"user.update", "修改账号"},
    {"user.disable", "停用账号"},
    {"user.enable", "启用账号"},
    {"user.password", "修改密码"},
    {"user.reset_password", "重置密码"},
    {"token.create", "创建接口令牌"},
    {"token.delete", "删除接口令牌"},
    {"policy.update", "修改安全策略"},
    {"lock.clear", "解除锁定"},
    {"campaign.create", "新增专项工作"},
    {"campaign.update", "修改专项工作"},
    {"record.create", "新增台账"},
    {"record.update", "修改台账"},
    {"record.delete", "删除台账"},
    {"record.submit", "提交审核"},
    {"record.approve", "审核通过"},
    {"record.return", "审核退回"},
    {"file.attach", "上传附件"},
    {"file.delete", "删除附件"},
    {"record.import", "导入台账"},
    {"task.create", "分派任务"},
    {"task.sign", "签收任务"},
    {"task.progress", "报告进展"},
    {"task.plan", "制定具体方案"},
    {"task.adjust", "申请调整任务"},
    {"task.adjust.accept", "同意调整"},
    {"task.adjust.refuse", "不同意调整"},
    {"task.remind", "催办"},
    {"directive.create", "导入文件"},
    {"directive.correct", "校正文件"},
    {"directive.map", "对应主送单位"},
    {"directive.confirm", "确认建议任务"},
    {"inspection.create", "记录督查"},
    {"rectification.create", "要求整改"},
    {"rectification.answer", "答复整改"},
    {"rectification.close", "整改销号"},
    {"rectification.reopen", "重新整改"},
    {"lecture.request", "宣讲点单"},
    {"lecture.accept", "接受点单"},
    {"lecture.decline", "谢绝点单"},
    {"lecture.done", "宣讲完成"},
    {"lecturer.create", "新增宣讲员"},
    {"login.blocked_total", "锁定期间拒绝登录次数"},
};

/* Object types as the log names them, and as an auditor reads them. */
static const struct audit_name objects[] = {
    {"org", "单位"},
    {"user", "账号"},
    {"policy", "安全策略"},
    {"lock", "锁定"},
    {"address", "来源地址"},
    {"token", "接口令牌"},
    {"kind", "单位类型"},
    {"campaign", "专项工作"},
    {"record", "台账"},
    {"file", "附件"},
    {"task", "任务"},
    {"directive", "文件"},
    {"inspection", "督查"},
    {"rectification", "整改"},
    {"lecture_order", "宣讲点单"},
    {"lecturer", "宣讲员"},
};

static const char *
label_in(const struct audit_name *list, size_t n, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(list[i].code, code) == 0)
			return list[i].label;
	return code;
}

const char *
audit_action_label(const char *action)
{
	return label_in(labels, sizeof(labels) / sizeof(labels[0]), action);
}

const char *
audit_object_label(const char *object_type)
{
	return label_in(objects, sizeof(objects) / sizeof(objects[0]), object_type);
}

/*
 * The fields of the snapshots the log keeps (before/after), labelled. "object:field" where a field
 * means one thing for one kind of object and another for the rest (a record's kind is its kind of
 * work, a unit's its kind of unit); else the field alone.
 */
static const struct audit_name fields[] = {
    {"record:kind", "台账类型"},
    {"task:kind", "调整类型"},
    {"task:role", "承办角色"},
    {"campaign:name", "专项工作名称"},
    {"lecturer:name", "姓名"},
    {"name", "单位名称"},
    {"code", "单位编码"},
    {"kind", "单位类型"},
    {"members", "成员数"},
    {"closed", "已撤销"},
    {"parent_id", "上级单位编号"},
    {"username", "用户名"},
    {"display_name", "姓名"},
    {"role", "角色"},
    {"role_label", "角色"},
    {"org_id", "所属单位编号"},
    {"disabled", "已停用"},
    {"org_name", "所属单位"},
    {"org_code", "所属单位编码"},
    {"title", "标题"},
    {"date", "日期"},
    {"start_date", "开始日期"},
    {"end_date", "结束日期"},
    {"due_date", "完成时限"},
    {"description", "说明"},
    {"state", "状态"},
    {"kind_label", "类型"},
    {"campaign_id", "专项工作编号"},
    {"campaign_name", "专项工作"},
    {"warn_days", "预警天数"},
    {"light_rule", "上级任务亮灯规则"},
    {"light_share", "完成比例阈值（%）"},
    {"participants", "参加人次"},
    {"audience", "受众人次"},
    {"hours", "学时"},
    {"channel", "发布渠道"},
    {"counted", "计入统计"},
    {"recorded_at", "填报时间"},
    {"recorded_by_name", "填报人"},
    {"review_reason", "退回原因"},
    {"deleted_reason", "删除原因"},
    {"task", "关联任务"},
    {"task_id", "任务编号"},
    {"record_id", "台账编号"},
    {"doc_no", "文号"},
    {"issuer", "发文单位"},
    {"version", "版本"},
    {"paragraph", "文件原文"},
    {"section_path", "文件章节"},
    {"milestone", "里程碑"},
    {"light", "状态灯"},
    {"units", "承办单位"},
    {"signed_units", "已签收单位数"},
    {"done_units", "已完成单位数"},
    {"percent", "完成进度（%）"},
    {"signed_at", "签收时间"},
    {"done_at", "完成时间"},
    {"not_applicable_at", "标为不适用时间"},
    {"value", "调整为"},
    {"old_value", "原内容"},
    {"reason", "理由"},
    {"asked_at", "申请时间"},
    {"asked_by", "申请人编号"},
    {"answer", "答复"},
    {"answered_at", "答复时间"},
    {"answered_by", "答复人编号"},
    {"answered_by_name", "答复人"},
    {"topic", "主题"},
    {"team_id", "宣讲团编号"},
    {"team_name", "宣讲团"},
    {"lecturer_id", "宣讲员编号"},
    {"lecturer_name", "宣讲员"},
    {"lecture_date", "宣讲日期"},
    {"preferred_dates", "期望日期"},
    {"audience_kind", "受众类型"},
    {"audience_size", "受众人数"},
    {"requested_by", "申请人编号"},
    {"inspection_id", "督查编号"},
    {"items", "检查事项"},
    {"findings", "发现的问题"},
    {"pending", "待整改数"},
    {"overdue", "逾期未整改数"},
    {"requirement", "整改要求"},
    {"deadline", "整改期限"},
    {"note", "备注"},
    {"created_by_name", "创建人"},
    {"closed_at", "关闭时间"},
    {"closed_by_name", "关闭人"},
    {"media_type", "文件类型"},
    {"size", "大小（字节）"},
    {"sha256", "SHA-256 校验值"},
    {"uploaded_at", "上传时间"},
    {"uploaded_by_name", "上传人"},
    {"progress_id", "进展报告编号"},
    {"rectification_id", "整改编号"},
    {"changes", "变更"},
    {"key", "限制对象"},
    {"refused", "拒绝次数"},
};

static const char *
field_label_of(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].code, code) == 0)
			return fields[i].label;
	return NULL;
}

const char *
audit_field_label(const char *object_type, const char *field)
{
	char both[64];
	const char *l = NULL;
	int k = snprintf(both, sizeof(both), "%s:%s", object_type ? object_type : "", field);

	if (k > 0 && (size_t)k < sizeof(both))
		l = field_label_of(both);
	return l != NULL ? l : field_label_of(field);
}

const struct audit_name *
audit_actions(size_t *n)
{
	*n = sizeof(labels) / sizeof(labels[0]);
	return labels;
}

const struct audit_name *
audit_objects(size_t *n)
{
	*n = sizeof(objects) / sizeof(objects[0]);
	return objects;
}

/* NULL also when jansson ran out of memory on the way and may have torn the text
 * (base/alloc.h). */
static char *
dump(json_t *j)
{
	unsigned long failures = alloc_json_failures();
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	if (text != NULL && alloc_json_failures() != failures) {
		free(text);
		return NULL;
	}
	return text;
}

enum xg_rc
audit_record(struct db *db, const struct actor *actor, const char *scope_path, const char *action,
	     const char *object_type, int64_t object_id, const char *summary, json_t *before,
	     json_t *after, int64_t now, struct xg_error *err)
{
	char idtext[24];
	struct db_audit rec = {0};
	enum xg_rc rc;

	snprintf(idtext, sizeof(idtext), "%lld", (long long)object_id);
	rec.at = now;
	rec.actor_id = actor->user_id;
	rec.actor_name = actor->username != NULL ? actor->username : "";
	rec.org_path = scope_path != NULL ? scope_path : actor->org_path;
	rec.client = actor->client;
	rec.action = action;
	rec.object_type = object_type;
	rec.object_id = object_id > 0 ? idtext : NULL;
	rec.summary = summary;
	rec.before = dump(before);
	rec.after = dump(after);
	if ((before != NULL && rec.before == NULL) || (after != NULL && rec.after == NULL))
		rc = xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	else
		rc = xg_from_db(err, db_audit_insert(db, &rec), db, "审计日志");
	free((char *)rec.before);
	free((char *)rec.after);
	return rc;
}

enum xg_rc
audit_day_start(const char *ymd, const char *field, int64_t *out, struct xg_error *err)
{
	int64_t day;

	if (day_parse(ymd, &day) != 0)
		return xg_fail(err, XG_INVALID, "invalid_date", field,
			       "日期应为 YYYY-MM-DD 格式的有效日期");
	*out = day_start(day);
	return XG_OK;
}

enum xg_rc
audit_filter_days(struct db_audit_filter *f, const char *from, const char *to, struct xg_error *err)
{
	f->from = 0;
	f->to = INT64_MAX;
	if (from != NULL && audit_day_start(from, "from", &f->from, err) != XG_OK)
		return err->rc;
	if (to != NULL) {
		if (audit_day_start(to, "to", &f->to, err) != XG_OK)
			return err->rc;
		f->to += DAY_SECONDS; /* the end day is included */
	}
	return XG_OK;
}

const char *
audit_scope_of(const struct actor *auditor)
{
	if (auditor->org_path == NULL || tree_levels(auditor->org_path) <= 1)
		return NULL;
	return auditor->org_path;
}
