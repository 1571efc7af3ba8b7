/* dashboard: a unit's 工作台 figures read in one snapshot, kept as bytes with the stats answers. */
#include "domain/dashboard.h"

#include <stdint.h>
#include <string.h>

#include "base/buf.h"

/* The kept bytes begin with this; anything else is not ours. */
static const char tag[4] = {'D', 'S', 'H', '1'};
#define NO_STRING UINT64_MAX /* the length written for a NULL string */

static void
put_i64(struct buf *b, int64_t v)
{
	buf_append(b, &v, sizeof(v));
}

static void
put_str(struct buf *b, const char *s)
{
	uint64_t n = s != NULL ? strlen(s) : NO_STRING;

	buf_append(b, &n, sizeof(n));
	if (s != NULL)
		buf_append(b, s, (size_t)n);
}

static void
put_org(struct buf *b, const struct db_org *o)
{
	put_i64(b, o->id);
	put_i64(b, o->parent_id);
	put_i64(b, o->depth);
	put_i64(b, o->members);
	put_i64(b, o->closed);
	put_i64(b, o->created_at);
	put_i64(b, o->updated_at);
	put_i64(b, o->children);
	put_str(b, o->code);
	put_str(b, o->name);
	put_str(b, o->kind);
	put_str(b, o->path);
}

const char *
dashboard_pack(struct arena *a, const struct dashboard *d, size_t *len)
{
	struct buf b;
	char *out = NULL;
	size_t i;

	*len = 0;
	buf_init(&b);
	buf_append(&b, tag, sizeof(tag));
	put_i64(&b, d->pending);
	put_i64(&b, d->units);
	put_i64(&b, d->members);
	put_org(&b, &d->s.unit);
	buf_append(&b, &d->s.total, sizeof(d->s.total));
	put_i64(&b, (int64_t)d->s.nmonths);
	if (d->s.nmonths > 0)
		buf_append(&b, d->s.months, d->s.nmonths * sizeof(*d->s.months));
	put_i64(&b, (int64_t)d->s.nchildren);
	for (i = 0; i < d->s.nchildren; i++) {
		put_org(&b, d->s.children[i].org);
		buf_append(&b, &d->s.children[i].f, sizeof(d->s.children[i].f));
	}
	if (!b.err && (out = arena_alloc(a, b.len + 1)) != NULL) {
		memcpy(out, b.data, b.len);
		out[b.len] = '\0';
		*len = b.len;
	}
	buf_free(&b);
	return out;
}

/* A reader of kept bytes: a short or odd read sets bad, and every later read gives zeros. */
struct rd {
	struct arena *a;
	const char *p;
	size_t left;
	int bad;
};

static void
get(struct rd *r, void *out, size_t n)
{
	if (r->bad || r->left < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
}

static int64_t
get_i64(struct rd *r)
{
	int64_t v;

	get(r, &v, sizeof(v));
	return v;
}

static const char *
get_str(struct rd *r)
{
	uint64_t n;
	char *s;

	get(r, &n, sizeof(n));
	if (r->bad || n == NO_STRING)
		return NULL;
	if (n > r->left || (s = arena_strndup(r->a, r->p, (size_t)n)) == NULL) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return s;
}

static void
get_org(struct rd *r, struct db_org *o)
{
	o->id = get_i64(r);
	o->parent_id = get_i64(r);
	o->depth = get_i64(r);
	o->members = get_i64(r);
	o->closed = (int)get_i64(r);
	o->created_at = get_i64(r);
	o->updated_at = get_i64(r);
	o->children = get_i64(r);
	o->code = get_str(r);
	o->name = get_str(r);
	o->kind = get_str(r);
	o->path = get_str(r);
}

/* A count read back: at most max, and no more items than bytes left (each takes at least one). */
static size_t
get_count(struct rd *r, size_t max)
{
	int64_t n = get_i64(r);

	if (n < 0 || (uint64_t)n > max || (uint64_t)n > r->left)
		r->bad = 1;
	return r->bad ? 0 : (size_t)n;
}

enum xg_rc
dashboard_unpack(struct arena *a, const char *text, size_t len, struct dashboard *d,
		 struct xg_error *err)
{
	struct rd r = {.a = a, .p = text, .left = len};
	struct db_org *kids;
	char t[sizeof(tag)];
	size_t i;

	memset(d, 0, sizeof(*d));
	get(&r, t, sizeof(t));
	if (r.bad || memcmp(t, tag, sizeof(tag)) != 0)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "统计数据有误");
	d->pending = get_i64(&r);
	d->units = get_i64(&r);
	d->members = get_i64(&r);
	get_org(&r, &d->s.unit);
	get(&r, &d->s.total, sizeof(d->s.total));
	d->s.nmonths = get_count(&r, STATS_MONTHS_MAX);
	d->s.months = arena_alloc(a, (d->s.nmonths + 1) * sizeof(*d->s.months));
	if (d->s.months == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	get(&r, d->s.months, d->s.nmonths * sizeof(*d->s.months));
	d->s.nchildren = get_count(&r, STATS_CHILDREN_MAX);
	/* As stats_read leaves them: one more zeroed child than there are. */
	d->s.children = arena_alloc(a, (d->s.nchildren + 1) * sizeof(*d->s.children));
	kids = arena_alloc(a, (d->s.nchildren + 1) * sizeof(*kids));
	if (d->s.children == NULL || kids == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	for (i = 0; i < d->s.nchildren && !r.bad; i++) {
		get_org(&r, &kids[i]);
		d->s.children[i].org = &kids[i];
		get(&r, &d->s.children[i].f, sizeof(d->s.children[i].f));
	}
	if (r.bad || r.left != 0)
		return xg_fail(err, XG_INTERNAL, "internal", NULL, "统计数据有误");
	return XG_OK;
}

struct pack_ctx {
	struct db *db;
	int64_t campaign_id;
};

/* A stats_render_fn: the rest of the dashboard's figures, read in the same snapshot, and the bytes.
 */
static enum xg_rc
pack(void *ctx, struct arena *a, const struct stats *s, const struct stats_period *p,
     const char **text, size_t *len, struct xg_error *err)
{
	struct pack_ctx *c = ctx;
	struct dashboard d = {.s = *s};
	enum xg_rc rc;

	rc = stats_pending(c->db, &s->unit, c->campaign_id, p, &d.pending, err);
	if (rc == XG_OK)
		rc = xg_from_db(err,
				db_org_subtree_totals(c->db, s->unit.path, &d.units, &d.members),
				c->db, "单位");
	if (rc != XG_OK)
		return rc;
	*text = dashboard_pack(a, &d, len);
	if (*text == NULL)
		return xg_fail(err, XG_INTERNAL, "no_memory", NULL, "内存不足");
	return XG_OK;
}

enum xg_rc
dashboard_read(struct db *db, struct arena *a, const struct actor *actor, int64_t org_id,
	       int64_t campaign_id, const struct stats_period *p, struct dashboard *out,
	       struct xg_error *err)
{
	struct pack_ctx c = {.db = db, .campaign_id = campaign_id};
	const char *text;
	size_t len;
	enum xg_rc rc;

	memset(out, 0, sizeof(*out));
	rc = stats_answer(db, a, actor, org_id, campaign_id, p, "dash", pack, &c, &text, &len, err);
	if (rc != XG_OK)
		return rc;
	return dashboard_unpack(a, text, len, out, err);
}
