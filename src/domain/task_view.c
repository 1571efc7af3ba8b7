/* task_view: reading the task views (matrix, overdue, timeline) within the actor's subtree. */
#include "domain/task_view.h"

#include <string.h>

#include "base/alloc.h"
#include "base/day.h"
#include "domain/plan.h"

const char *
task_light_label(enum task_light l)
{
	switch (l) {
	case LIGHT_YELLOW:
		return "黄";
	case LIGHT_RED:
		return "红";
	case LIGHT_GREEN:
		break;
	}
	return "绿";
}

const char *
task_state_label(const char *state)
{
	if (state != NULL && strcmp(state, "done") == 0)
		return "已完成";
	if (state != NULL && strcmp(state, "signed") == 0)
		return "已签收";
	return "待签收";
}

enum task_light
task_cell_light(const struct db_task_cell *c, int64_t now)
{
	return light_with_plan(
	    task_light(c->due_date, strcmp(c->state, "done") == 0, day_of(now), c->warn_days),
	    c->plan.light_rule, c->plan.light_share, &c->plan);
}

int64_t
task_days_overdue(const char *due_date, int64_t now)
{
	int64_t due;

	if (due_date == NULL || day_parse(due_date, &due) != 0 || day_of(now) <= due)
		return 0;
	return day_of(now) - due;
}

int64_t
task_cell_start_day(const struct db_task_cell *c)
{
	int64_t d;

	if (c->start_date != NULL && day_parse(c->start_date, &d) == 0)
		return d;
	return day_of(c->created_at);
}

static void *
zalloc(struct arena *a, size_t n, size_t size)
{
	void *p = arena_alloc(a, n > 0 ? n * size : 1);

	if (p != NULL)
		memset(p, 0, n > 0 ? n * size : 1);
	return p;
}

/* Appends to page (room for limit) the tasks of list showing light, those from offset of the
 * ones seen so far (*total, counted on). */
static void
keep_lit(const struct db_task *list, size_t m, const char *light, int64_t now, int64_t limit,
	 int64_t offset, struct db_task *page, size_t *n, int64_t *total)
{
	size_t i;

	for (i = 0; i < m; i++) {
		if (strcmp(task_light_code(task_shown_light(&list[i], now)), light) != 0)
			continue;
		if (*total >= offset && (int64_t)*n < limit)
			page[(*n)++] = list[i];
		(*total)++;
	}
}

enum xg_rc
task_list_read(struct db *db, struct arena *a, const struct actor *actor, int64_t campaign_id,
	       const char *light, int64_t limit, int64_t offset, int64_t now, struct db_task **out,
	       size_t *n, int64_t *total, struct xg_error *err)
{
	struct db_task *part = NULL;
	size_t m = 0;
	int64_t from;
	enum xg_rc rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (light == NULL) {
		rc = xg_from_db(
		    err,
		    db_task_list(db, a, actor->org_path, campaign_id, limit, offset, out, n, total),
		    db, "任务");
		return rc == XG_OK ? plan_fill_tasks(db, a, actor, *out, *n, now, err) : rc;
	}
	if (strcmp(light, "red") != 0 && strcmp(light, "yellow") != 0 &&
	    strcmp(light, "green") != 0)
		return xg_fail(err, XG_INVALID, "invalid", "light", "进度灯只能是红、黄、绿");
	*out = zalloc(a, limit > 0 ? (size_t)limit : 0, sizeof(**out));
	if (*out == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	/* The light shown may be a plan's, known only once the plan is read: every task is read
	 * and lit, a part at a time, and the page kept from those of the light. */
	for (from = 0, rc = XG_OK; rc == XG_OK; from += TASK_LIST_PART) {
		rc = xg_from_db(err,
				db_task_list_part(db, a, actor->org_path, campaign_id,
						  TASK_LIST_PART, from, &part, &m),
				db, "任务");
		if (rc == XG_OK)
			rc = plan_fill_tasks(db, a, actor, part, m, now, err);
		if (rc == XG_OK)
			keep_lit(part, m, light, now, limit, offset, *out, n, total);
		if (m < TASK_LIST_PART)
			break;
	}
	return rc;
}

/* The unit a view looks at: org_id (0: the actor's own) within the actor's subtree. */
static enum xg_rc
view_unit(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	  struct db_org *out, struct xg_error *err)
{
	return xg_from_db(
	    err, db_org_get(db, a, actor->org_path, org_id != 0 ? org_id : actor->org_id, out), db,
	    "单位");
}

/* Columns from the cells (in path order, each child once) and each cell in its place. The grid
 * is the page's tasks × its columns: the columns are counted first, since a grid as wide as the
 * cells (50 tasks × 11,000 cells at the root) was megabytes zeroed for each answer. */
static enum xg_rc
lay_out(struct arena *a, struct task_matrix *m, const struct db_task_cell *cells, size_t ncells,
	struct xg_error *err)
{
	size_t i, row, ncols = 0;

	for (i = 0; i < ncells; i++)
		if (i == 0 || cells[i - 1].org_id != cells[i].org_id)
			ncols++;
	m->cols = zalloc(a, ncols, sizeof(*m->cols));
	m->grid = zalloc(a, m->ntasks * (ncols > 0 ? ncols : 1), sizeof(*m->grid));
	if (m->cols == NULL || m->grid == NULL)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	for (i = 0, row = 0; i < ncells; i++) {
		if (m->ncols == 0 || m->cols[m->ncols - 1].org_id != cells[i].org_id) {
			m->cols[m->ncols++] = (struct task_matrix_col){
			    .org_id = cells[i].org_id,
			    .code = cells[i].org_code,
			    .name = cells[i].org_name};
			row = 0;
		}
		/* A column's cells come in the tasks' order: look on from the last one's row. */
		while (row < m->ntasks && m->tasks[row].id != cells[i].task_id)
			row++;
		if (row == m->ntasks)
			for (row = 0; row < m->ntasks && m->tasks[row].id != cells[i].task_id; row++)
				;
		if (row < m->ntasks)
			m->grid[row * ncols + m->ncols - 1] = &cells[i];
		else
			row = 0;
	}
	return XG_OK;
}

enum xg_rc
task_matrix_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
		 int64_t campaign_id, int64_t limit, int64_t offset, int64_t now,
		 struct task_matrix *out, struct xg_error *err)
{
	struct db_task_cell *cells = NULL;
	size_t ncells = 0;
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	rc = view_unit(db, a, actor, org_id, &out->unit, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_matrix(db, a, actor->org_path, out->unit.id, campaign_id,
					       limit, offset, &out->tasks, &out->ntasks,
					       &out->total, &cells, &ncells),
				db, "任务");
	/* A cell whose unit planned under its task shows its plan's light (domain/plan.h). */
	if (rc == XG_OK)
		rc = plan_fill_cells(db, a, actor, cells, ncells, now, err);
	if (rc == XG_OK)
		rc = lay_out(a, out, cells, ncells, err);
	return rc;
}

enum xg_rc
task_overdue_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
		  int64_t campaign_id, int64_t limit, int64_t offset, int64_t now,
		  struct task_overdue *out, struct xg_error *err)
{
	char today[DAY_TEXT_CAP];
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	day_format(day_of(now), today, sizeof(today));
	rc = view_unit(db, a, actor, org_id, &out->unit, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_overdue(db, a, actor->org_path, out->unit.path,
						campaign_id, today, limit, offset, &out->rows,
						&out->n, &out->total),
				db, "任务");
	if (rc == XG_OK && out->total > DB_TASK_OVERDUE_COUNT_MAX) {
		out->total = DB_TASK_OVERDUE_COUNT_MAX;
		out->more = true;
	}
	return rc;
}

enum xg_rc
task_timeline_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
		   int64_t campaign_id, int64_t now, struct task_timeline *out,
		   struct xg_error *err)
{
	enum xg_rc rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->today = out->first_day = out->last_day = day_of(now);
	rc = view_unit(db, a, actor, org_id, &out->unit, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_task_timeline(db, a, actor->org_path, out->unit.id, campaign_id,
						 TASK_TIMELINE_MAX, &out->rows, &out->n),
				db, "任务");
	if (rc == XG_OK)
		rc = plan_fill_cells(db, a, actor, out->rows, out->n, now, err);
	for (i = 0; rc == XG_OK && i < out->n; i++) {
		int64_t s = task_cell_start_day(&out->rows[i]), d;
		if (s < out->first_day)
			out->first_day = s;
		if (day_parse(out->rows[i].due_date, &d) == 0 && d > out->last_day)
			out->last_day = d;
	}
	return rc;
}

json_t *
task_cell_to_json(const struct db_task_cell *c, int64_t now)
{
	return json_pack("{s:I,s:s,s:s?,s:s,s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:I}", "task_id",
			 (json_int_t)c->task_id, "title", c->title, "start_date", c->start_date,
			 "due_date", c->due_date, "org_id", (json_int_t)c->org_id, "code",
			 c->org_code, "name", c->org_name, "role", c->role, "state", c->state,
			 "percent", (json_int_t)c->percent, "light",
			 task_light_code(task_cell_light(c, now)), "days_overdue",
			 (json_int_t)(strcmp(c->state, "done") == 0
					  ? 0
					  : task_days_overdue(c->due_date, now)));
}

/* A JSON string as jansson writes it (JSON_COMPACT, no ASCII escaping): quote, backslash and
 * control characters escaped, every other byte as it is. */
static void
put_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	buf_putc(b, '"');
	for (; *p != '\0'; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			break;
		}
		if (esc != NULL) {
			buf_puts(b, esc);
		} else if (*p < 0x20) {
			char u[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], '\0'};
			buf_puts(b, u);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

/* jansson's text of j appended to b (json_dump_callback's callback). */
static int
put_bytes(const char *p, size_t n, void *b)
{
	buf_append(b, p, n);
	return 0;
}

static void
put_json(struct buf *b, json_t *j, int *failed)
{
	if (j == NULL || json_dump_callback(j, put_bytes, b, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		*failed = 1;
	json_decref(j);
}

/*
 * A matrix cell names its task and unit by id only: their titles, codes and names are in the
 * answer's tasks and units once, not repeated in each of the page's cells (a root's page of 20
 * tasks × 220 children is 4,400 cells). The due date stays: an adjustment may move one unit's.
 * Written straight into the answer, byte for byte what jansson made of it before: building and
 * freeing an object a cell was a third of the answer's time.
 */
/* A number as %lld writes it: put_cell's numbers without printf's parsing (a third of an
 * answer's time was buf_printf's, 11,000 cells at the root). */
static void
put_int(struct buf *b, int64_t v)
{
	char t[24];
	size_t i = sizeof(t);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		t[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		t[--i] = '-';
	buf_append(b, t + i, sizeof(t) - i);
}

static void
put_cell(struct buf *b, const struct db_task_cell *c, int64_t now)
{
	bool done = c->state != NULL && strcmp(c->state, "done") == 0;

	buf_puts(b, "{\"task_id\":");
	put_int(b, c->task_id);
	buf_puts(b, ",\"org_id\":");
	put_int(b, c->org_id);
	buf_puts(b, ",\"due_date\":");
	put_string(b, c->due_date);
	buf_puts(b, ",\"role\":");
	put_string(b, c->role);
	buf_puts(b, ",\"state\":");
	put_string(b, c->state);
	buf_puts(b, ",\"percent\":");
	put_int(b, c->percent);
	buf_puts(b, ",\"light\":");
	put_string(b, task_light_code(task_cell_light(c, now)));
	buf_puts(b, ",\"days_overdue\":");
	put_int(b, done ? 0 : task_days_overdue(c->due_date, now));
	buf_putc(b, '}');
}

enum xg_rc
task_matrix_write(const struct task_matrix *m, int64_t now, struct buf *out, struct xg_error *err)
{
	unsigned long failures = alloc_json_failures();
	json_t *tasks = json_array();
	int failed = 0;
	size_t i, j;
	const char *sep = "";

	for (i = 0; tasks != NULL && i < m->ntasks; i++)
		if (json_array_append_new(tasks, task_to_json(&m->tasks[i], now)) != 0)
			failed = 1;
	buf_printf(out, "{\"org_id\":%lld,\"name\":", (long long)m->unit.id);
	put_json(out, json_string(m->unit.name != NULL ? m->unit.name : ""), &failed);
	buf_printf(out, ",\"total\":%lld,\"tasks\":", (long long)m->total);
	put_json(out, tasks, &failed);
	buf_puts(out, ",\"units\":[");
	for (j = 0; j < m->ncols; j++) {
		buf_printf(out, "%s{\"org_id\":%lld,\"code\":", j > 0 ? "," : "",
			   (long long)m->cols[j].org_id);
		put_json(out, json_string(m->cols[j].code != NULL ? m->cols[j].code : ""), &failed);
		buf_puts(out, ",\"name\":");
		put_json(out, json_string(m->cols[j].name != NULL ? m->cols[j].name : ""), &failed);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"cells\":[");
	for (i = 0; i < m->ntasks; i++)
		for (j = 0; j < m->ncols; j++) {
			const struct db_task_cell *c = m->grid[i * m->ncols + j];
			if (c == NULL)
				continue;
			buf_puts(out, sep);
			put_cell(out, c, now);
			sep = ",";
		}
	buf_puts(out, "]}");
	if (failed || out->err || alloc_json_failures() != failures)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "内存不足");
	return XG_OK;
}
