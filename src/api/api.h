/* api: the JSON API under /api/v1 — answers, errors, and the handlers (one file per resource). */
#ifndef XG_API_H
#define XG_API_H

#include <jansson.h>

#include "http/request.h"

/* Answer with j (the reference is taken; NULL means out of memory → 500). */
void api_json(struct req *r, unsigned status, json_t *j);
/* Answer {"error":{"code","message","field"}} with the status of err->rc. */
void api_error(struct req *r, const struct xg_error *err);
/* Answer 500 系统内部错误 (the cause is logged where it happened). */
void api_internal(struct req *r);

/* api/auth.c */
void api_login(struct req *r);
void api_logout(struct req *r);
void api_me(struct req *r);
void api_me_password(struct req *r);
void api_token_list(struct req *r);
void api_token_create(struct req *r);
void api_token_delete(struct req *r);
/* api/org.c */
void api_org_get(struct req *r);
void api_org_children(struct req *r);
void api_org_search(struct req *r);
void api_org_create(struct req *r);
void api_org_update(struct req *r);
void api_kind_list(struct req *r);
/* api/user.c */
void api_user_list(struct req *r);
void api_user_get(struct req *r);
void api_user_create(struct req *r);
void api_user_update(struct req *r);
void api_user_password(struct req *r);
/* api_directive.c: POST /api/v1/directive/parse — the body is the document */
void api_directive_create(struct req *r);
void api_directive_list(struct req *r);
void api_directive_get(struct req *r);
void api_directive_update(struct req *r);
void api_directive_map(struct req *r);
void api_directive_confirm(struct req *r);
void api_directive_coverage(struct req *r);
void api_directive_parse(struct req *r);
/* api_campaign.c */
void api_campaign_list(struct req *r);
void api_campaign_get(struct req *r);
void api_campaign_create(struct req *r);
void api_campaign_update(struct req *r);
/* api_record.c */
void api_record_list(struct req *r);
void api_record_get(struct req *r);
void api_record_create(struct req *r);
void api_record_update(struct req *r);
void api_record_delete(struct req *r);
void api_record_submit(struct req *r);
void api_record_approve(struct req *r);
void api_record_return(struct req *r);
void api_org_stats(struct req *r);

/* api/evidence.c: evidence files of records (the upload is the raw body) */
void api_evidence_upload(struct req *r);
void api_evidence_list(struct req *r);
void api_evidence_get(struct req *r);
void api_evidence_delete(struct req *r);
/* api/task.c */
void api_task_list(struct req *r);
void api_task_get(struct req *r);
void api_task_create(struct req *r);
void api_task_units(struct req *r);
void api_task_sign(struct req *r);
void api_task_report(struct req *r);
void api_task_progress_list(struct req *r);
/* api/task_view.c: the matrix, overdue list and timeline, as JSON and as Excel */
void api_task_matrix(struct req *r);
void api_task_overdue(struct req *r);
void api_task_timeline(struct req *r);
void api_task_matrix_xlsx(struct req *r);
void api_task_overdue_xlsx(struct req *r);
void api_task_timeline_xlsx(struct req *r);
/* api/plan.c */
void api_plan_add(struct req *r);
void api_plan_list(struct req *r);
void api_plan_adjust(struct req *r);
void api_plan_accept(struct req *r);
void api_plan_refuse(struct req *r);
void api_plan_adjustments(struct req *r);
void api_plan_records(struct req *r);
/* api/notice.c: notices, read receipts, a task's reminders */
void api_notice_list(struct req *r);
void api_notice_read(struct req *r);
void api_notice_reads(struct req *r);
void api_task_remind(struct req *r);
void api_task_reminders(struct req *r);
/* api/lecture.c: lecture teams and orders */
void api_lecture_teams(struct req *r);
void api_lecturer_create(struct req *r);
void api_lecture_list(struct req *r);
void api_lecture_get(struct req *r);
void api_lecture_create(struct req *r);
void api_lecture_accept(struct req *r);
void api_lecture_decline(struct req *r);
void api_lecture_done(struct req *r);
/* api/inspection.c: inspections, rectifications, and the files of rectification answers and of
 * progress reports */
void api_inspection_list(struct req *r);
void api_inspection_create(struct req *r);
void api_inspection_get(struct req *r);
void api_rect_create(struct req *r);
void api_rect_get(struct req *r);
void api_rect_answer(struct req *r);
void api_rect_close(struct req *r);
void api_rect_reopen(struct req *r);
void api_rect_upload(struct req *r);
void api_progress_upload(struct req *r);
/* The filter of GET /api/v1/records' query (limit and offset included); XG_NOTFOUND outside the
 * caller's subtree. */
enum xg_rc api_record_filter(struct req *r, struct db_record_filter *f, struct xg_error *err);
/* api_record_export.c: the list's rows as CSV or Excel, and CSV imports */
void api_record_export_csv(struct req *r);
void api_record_export_xlsx(struct req *r);
void api_record_import(struct req *r);
/* api/admin.c */
void api_audit_list(struct req *r);
void api_policy_get(struct req *r);
void api_policy_update(struct req *r);
void api_lock_list(struct req *r);
void api_lock_clear(struct req *r);

#endif
