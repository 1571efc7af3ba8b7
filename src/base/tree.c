/* tree: materialised-path arithmetic, in one place for storage, the rules and the pages. */
#include "base/tree.h"

#include <stdio.h>
#include <string.h>

#include "base/str.h"

/*
 * Read the segment starting at *p (which points at a '/'): its id into *id
 * and *p moved to the next '/'. False at the end of the path or on junk.
 */
static bool
next_segment(const char **p, int64_t *id)
{
	const char *q;

	if (**p != '/')
		return false;
	q = strchr(*p + 1, '/');
	if (q == NULL ||
	    str_parse_i64((struct slice){*p + 1, (size_t)(q - *p - 1)}, 1, INT64_MAX, id) != 0)
		return false;
	*p = q;
	return true;
}

size_t
tree_ids(const char *path, int64_t *ids, size_t cap)
{
	const char *p = path;
	size_t n = 0;
	int64_t v;

	while (p != NULL && n < cap && next_segment(&p, &v))
		ids[n++] = v;
	return n;
}

/* Walk the whole path: its levels, and the last two ids. False when it is not a path. */
static bool
walk(const char *path, size_t *levels, int64_t *last, int64_t *parent)
{
	const char *p = path;
	int64_t v;

	*levels = 0;
	*last = *parent = 0;
	if (path == NULL || path[0] != '/')
		return false;
	while (next_segment(&p, &v)) {
		*parent = *last;
		*last = v;
		++*levels;
	}
	return p[0] == '/' && p[1] == '\0' && *levels > 0;
}

size_t
tree_levels(const char *path)
{
	size_t levels;
	int64_t last, parent;

	return walk(path, &levels, &last, &parent) ? levels : 0;
}

int64_t
tree_id(const char *path)
{
	size_t levels;
	int64_t last, parent;

	return walk(path, &levels, &last, &parent) ? last : 0;
}

int64_t
tree_parent_id(const char *path)
{
	size_t levels;
	int64_t last, parent;

	return walk(path, &levels, &last, &parent) ? parent : 0;
}

bool
tree_within(const char *path, const char *scope)
{
	if (scope == NULL || scope[0] == '\0')
		return true;
	return path != NULL && strncmp(path, scope, strlen(scope)) == 0;
}

enum tree_rc
tree_range(const char *scope, struct tree_range *out)
{
	size_t n;

	out->lo[0] = out->hi[0] = '\0';
	if (scope == NULL || scope[0] == '\0') {
		memcpy(out->lo, "/", 2);
		memcpy(out->hi, "0", 2);
		return TREE_OK;
	}
	n = strlen(scope);
	if (scope[n - 1] != '/')
		return TREE_BAD;
	if (n >= sizeof(out->lo))
		return TREE_TOO_LONG;
	memcpy(out->lo, scope, n + 1);
	memcpy(out->hi, scope, n + 1);
	out->hi[n - 1] = '0';
	return TREE_OK;
}

enum tree_rc
tree_child(const char *parent, int64_t id, char *out, size_t cap)
{
	size_t levels = 0;
	int64_t last, up;
	int n;

	if (cap > 0)
		out[0] = '\0';
	if (id <= 0)
		return TREE_BAD;
	if (parent == NULL || parent[0] == '\0' || strcmp(parent, "/") == 0)
		parent = "/";
	else if (!walk(parent, &levels, &last, &up))
		return TREE_BAD;
	if (levels + 1 > TREE_DEPTH_MAX)
		return TREE_TOO_DEEP;
	n = snprintf(out, cap, "%s%lld/", parent, (long long)id);
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			out[0] = '\0';
		return TREE_TOO_LONG;
	}
	return TREE_OK;
}
