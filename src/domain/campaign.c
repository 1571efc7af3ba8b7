/* campaign: rules of campaigns (专项工作). */
#include "domain/campaign.h"

#include <string.h>

#include "base/str.h"
#include "base/tree.h"
#include "domain/audit.h"
#include "domain/plan.h"

json_t *
campaign_to_json(const struct db_campaign *c)
{
	json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s?,s:I,s:I,s:I}", "id", (json_int_t)c->id,
			 "org_id", (json_int_t)c->org_id, "org_name", c->org_name, "name", c->name,
			 "start_date", c->start_date, "end_date", c->end_date, "description",
			 c->description, "warn_days", (json_int_t)c->warn_days, "created_at",
			 (json_int_t)c->created_at, "updated_at", (json_int_t)c->updated_at);
	json_t *r = json_pack("{s:s,s:I}", "light_rule",
			      c->light_rule != NULL ? c->light_rule : "worst", "light_share",
			      (json_int_t)c->light_share);

	if (j == NULL || r == NULL || json_object_update(j, r) != 0) {
		json_decref(j);
		j = NULL;
	}
	json_decref(r);
	return j;
}

/* The light rule as it will be (rule NULL: worst, share 1..100), written when set. */
static enum xg_rc
set_light_rule(struct db *db, int64_t id, const struct campaign_change *c,
	       const struct db_campaign *cur, struct xg_error *err)
{
	const char *rule = c->set_light_rule ? c->light_rule : cur->light_rule;
	int64_t share = c->set_light_share ? c->light_share : cur->light_share;

	if (!c->set_light_rule && !c->set_light_share)
		return XG_OK;
	if (light_rule_parse(rule) == LIGHT_RULE__MAX)
		return xg_fail(err, XG_INVALID, "unknown_rule", "light_rule",
			       "亮灯规则应为 worst（最差者）或 share（按比例）");
	if (share < 1 || share > 100)
		return xg_fail(err, XG_INVALID, "out_of_range", "light_share",
			       "比例应在 1 到 100 之间");
	return xg_from_db(err,
			  db_campaign_set_light_rule(db, id, light_rule_code(light_rule_parse(rule)),
						     share),
			  db, "专项工作");
}

/* The fields of the campaign as it will be: name, dates in order, description's length. */
static enum xg_rc
check_campaign(const char *name, const char *start, const char *end, const char *description,
	       int64_t warn_days, struct xg_error *err)
{
	enum xg_rc rc = xg_check_name(name, "name", "专项工作名称", CAMPAIGN_NAME_MAX, err);

	if (rc == XG_OK)
		rc = xg_check_day(start, "start_date", err);
	if (rc == XG_OK)
		rc = xg_check_day(end, "end_date", err);
	if (rc == XG_OK && strcmp(end, start) < 0)
		rc = xg_fail(err, XG_INVALID, "date_order", "end_date", "结束日期不能早于开始日期");
	if (rc == XG_OK && description != NULL &&
	    str_utf8_len(str_slice(description)) > CAMPAIGN_DESCRIPTION_MAX)
		rc = xg_fail(err, XG_INVALID, "too_long", "description", "说明不能超过 %d 个字",
			     CAMPAIGN_DESCRIPTION_MAX);
	if (rc == XG_OK && (warn_days < 0 || warn_days > CAMPAIGN_WARN_DAYS_MAX))
		rc = xg_fail(err, XG_INVALID, "out_of_range", "warn_days",
			     "提前预警天数应在 0 到 %d 之间", CAMPAIGN_WARN_DAYS_MAX);
	return rc;
}

static const char *
opt_text(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

enum xg_rc
campaign_create(struct db *db, struct arena *a, const struct actor *actor,
		const struct campaign_change *c, int64_t now, struct db_campaign *out,
		struct xg_error *err)
{
	struct db_org unit;
	int64_t id = 0;
	int64_t warn;
	enum xg_rc rc;
	json_t *after;

	if (!c->set_org || !c->set_name || !c->set_start || !c->set_end)
		return xg_fail(err, XG_INVALID, "required",
			       !c->set_org     ? "org_id"
			       : !c->set_name  ? "name"
			       : !c->set_start ? "start_date"
					       : "end_date",
			       "请填写牵头单位、名称、开始和结束日期");
	warn = c->set_warn_days ? c->warn_days : CAMPAIGN_WARN_DAYS_DEFAULT;
	rc = check_campaign(c->name, c->start_date, c->end_date, c->description, warn, err);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_org_get(db, a, actor->org_path, c->org_id, &unit), db, "单位");
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_campaign_insert(db, c->org_id, c->name, c->start_date,
						   c->end_date, opt_text(c->description), warn,
						   actor->user_id, now, &id),
				db, "专项工作");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_campaign_get(db, a, NULL, id, out), db, "专项工作");
	if (rc == XG_OK && (c->set_light_rule || c->set_light_share)) {
		rc = set_light_rule(db, id, c, out, err);
		if (rc == XG_OK)
			rc = xg_from_db(err, db_campaign_get(db, a, NULL, id, out), db,
					"专项工作");
	}
	if (rc == XG_OK) {
		after = campaign_to_json(out);
		rc = after != NULL ? audit_record(db, actor, unit.path, "campaign.create",
						  "campaign", id, out->name, NULL, after, now, err)
				   : xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		json_decref(after);
	}
	return xg_tx_end(db, rc, err);
}

enum xg_rc
campaign_update(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		const struct campaign_change *c, int64_t now, struct db_campaign *out,
		struct xg_error *err)
{
	struct db_campaign cur;
	const char *name, *start, *end, *desc;
	int64_t warn;
	json_t *before = NULL, *after = NULL;
	enum xg_rc rc = xg_tx_begin(db, err);

	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_campaign_get(db, a, actor->org_path, id, &cur), db, "专项工作");
	if (rc == XG_OK && !tree_within(cur.org_path, actor->org_path))
		rc = xg_fail(err, XG_FORBIDDEN, "not_own", NULL,
			     "只能修改本单位及下级单位牵头的专项工作");
	if (rc == XG_OK && c->set_org && c->org_id != cur.org_id)
		rc = xg_fail(err, XG_INVALID, "fixed", "org_id", "专项工作的牵头单位不能更改");
	if (rc != XG_OK)
		return xg_tx_end(db, rc, err);
	name = c->set_name ? c->name : cur.name;
	start = c->set_start ? c->start_date : cur.start_date;
	end = c->set_end ? c->end_date : cur.end_date;
	desc = c->set_description ? opt_text(c->description) : cur.description;
	warn = c->set_warn_days ? c->warn_days : cur.warn_days;
	rc = check_campaign(name, start, end, desc, warn, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_campaign_update(db, id, name, start, end, desc, warn, now),
				db, "专项工作");
	if (rc == XG_OK)
		rc = set_light_rule(db, id, c, &cur, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_campaign_get(db, a, NULL, id, out), db, "专项工作");
	if (rc == XG_OK) {
		before = campaign_to_json(&cur);
		after = campaign_to_json(out);
		rc = before != NULL && after != NULL
			 ? audit_record(db, actor, cur.org_path, "campaign.update", "campaign", id,
					out->name, before, after, now, err)
			 : xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
	}
	json_decref(before);
	json_decref(after);
	return xg_tx_end(db, rc, err);
}
