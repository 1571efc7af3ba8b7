/* record_table: which columns a ledger has, their Chinese headers and the text of each cell. */
#include "domain/record_table.h"

#include <stdio.h>
#include <string.h>

#include "base/day.h"

static size_t
put(struct record_column *out, size_t n, enum record_col what, const char *label, bool number,
    bool imported, unsigned width)
{
	out[n] = (struct record_column){.what = what,
					.label = label,
					.number = number,
					.imported = imported,
					.width = width};
	return n + 1;
}

size_t
record_table(enum record_kind k, struct record_column *out)
{
	bool all = k >= RECORD_KIND__MAX;
	size_t n = 0, nf = 0, i;
	const struct record_field *f = all ? NULL : record_fields(k, &nf);

	n = put(out, n, RCOL_ORG, "单位", false, true, 24);
	n = put(out, n, RCOL_ORG_CODE, "单位编码", false, true, 14);
	n = put(out, n, RCOL_DATE, "日期", false, true, 12);
	n = put(out, n, RCOL_TITLE, "标题", false, true, 40);
	n = put(out, n, RCOL_CAMPAIGN, "专项工作", false, true, 28);
	if (all)
		n = put(out, n, RCOL_KIND, "类型", false, false, 10);
	if (all || record_kind_has(k, "participants"))
		n = put(out, n, RCOL_PARTICIPANTS, "人数", true, true, 8);
	if (all || record_kind_has(k, "audience"))
		n = put(out, n, RCOL_AUDIENCE, "受众人次", true, true, 10);
	if (all || record_kind_has(k, "hours"))
		n = put(out, n, RCOL_HOURS, "学时", true, true, 8);
	for (i = 0; i < nf && n < RECORD_TABLE_MAX - 3; i++) {
		n = put(out, n, RCOL_FIELD, f[i].label, f[i].type == RF_INT, true,
			f[i].type == RF_LONGTEXT ? 40 : f[i].type == RF_TEXT ? 20 : 12);
		out[n - 1].field = &f[i];
	}
	if (all || k == RECORD_PUBLICITY)
		n = put(out, n, RCOL_STATE, "状态", false, false, 10);
	n = put(out, n, RCOL_RECORDED_BY, "填报人", false, false, 12);
	n = put(out, n, RCOL_RECORDED_AT, "填报时间", false, false, 18);
	return n;
}

const struct record_column *
record_table_find(const struct record_column *cols, size_t n, const char *label)
{
	size_t i;

	for (i = 0; label != NULL && i < n; i++)
		if (strcmp(cols[i].label, label) == 0)
			return &cols[i];
	return NULL;
}

const char *
record_state_label(const char *state)
{
	static const char *const names[][2] = {
	    {"recorded", "已登记"}, {"draft", "草稿"},	   {"submitted", "待审核"},
	    {"approved", "已通过"}, {"returned", "已退回"},
	};
	size_t i;

	for (i = 0; state != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(state, names[i][0]) == 0)
			return names[i][1];
	return state;
}

static const char *
number(int64_t v, char *tmp)
{
	snprintf(tmp, RECORD_CELL_CAP, "%lld", (long long)v);
	return tmp;
}

/* One of the kind's own fields, from the record's detail. */
static const char *
field_cell(const struct record_field *f, json_t *detail, char *tmp)
{
	json_t *v = f != NULL && detail != NULL ? json_object_get(detail, f->name) : NULL;

	if (v == NULL)
		return NULL;
	if (f->type == RF_BOOL)
		return json_is_boolean(v) ? (json_is_true(v) ? "是" : "否") : NULL;
	if (f->type == RF_INT)
		return json_is_integer(v) ? number(json_integer_value(v), tmp) : NULL;
	return json_string_value(v);
}

const char *
record_table_cell(const struct record_column *c, const struct db_record_row *e, json_t *detail,
		  char *tmp)
{
	const struct db_record *r = &e->r;

	switch (c->what) {
	case RCOL_ORG:
		return r->org_name;
	case RCOL_ORG_CODE:
		return e->org_code;
	case RCOL_DATE:
		return r->day;
	case RCOL_TITLE:
		return r->title;
	case RCOL_CAMPAIGN:
		return e->campaign_name;
	case RCOL_KIND:
		return record_kind_label(record_kind_parse(r->kind));
	case RCOL_PARTICIPANTS:
		return number(r->participants, tmp);
	case RCOL_AUDIENCE:
		return number(r->audience, tmp);
	case RCOL_HOURS:
		return number(r->hours, tmp);
	case RCOL_FIELD:
		return field_cell(c->field, detail, tmp);
	case RCOL_STATE:
		return record_state_label(r->state);
	case RCOL_RECORDED_BY:
		return r->recorded_by_name;
	case RCOL_RECORDED_AT:
		day_format_time(r->recorded_at, tmp, RECORD_CELL_CAP);
		return tmp;
	case RCOL__MAX:
		break;
	}
	return NULL;
}
