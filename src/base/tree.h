/* tree: arithmetic on materialised paths of the organisation tree ("/1/24/25/"): ids, parent,
 * depth, the range of a subtree, "is within", a child's path. Knows no storage. */
#ifndef XG_TREE_H
#define XG_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The deepest a tree may grow, in levels (a root is level 1, stored depth 0).
 * A real organisation is under 10 levels; 32 leaves room and keeps every
 * path short enough for the index and for the fixed buffers below.
 */
#define TREE_DEPTH_MAX 32
/* One segment: '/' and at most 19 digits (a positive int64). */
#define TREE_SEGMENT_MAX 20
/* The longest valid path, in bytes ("/" + TREE_DEPTH_MAX segments), and a buffer that holds it. */
#define TREE_PATH_MAX (1 + TREE_DEPTH_MAX * TREE_SEGMENT_MAX)
#define TREE_PATH_CAP (TREE_PATH_MAX + 1)

enum tree_rc {
	TREE_OK = 0,
	TREE_BAD,      /* not a path, or an id that is not positive */
	TREE_TOO_DEEP, /* the result would have more than TREE_DEPTH_MAX levels */
	TREE_TOO_LONG, /* the result does not fit the buffer given (it is never cut short) */
};

/*
 * The ids on path, root first, into ids[0..cap); returns how many were
 * stored. Stops at the first malformed segment; NULL or "" gives 0.
 */
size_t tree_ids(const char *path, int64_t *ids, size_t cap);

/* The number of levels of path ("/1/24/" → 2; a root → 1); 0 when path is NULL, "" or malformed. */
size_t tree_levels(const char *path);

/* The id of the unit path names (its last segment); 0 when path is NULL, "" or malformed. */
int64_t tree_id(const char *path);

/* The id of the parent of the unit path names; 0 for a root, NULL, "" or a malformed path. */
int64_t tree_parent_id(const char *path);

/*
 * Is the unit at path inside the subtree rooted at scope (itself included)?
 * A NULL or empty scope is the whole forest. Segments are whole: "/1/2/" is
 * not within "/1/24/".
 */
bool tree_within(const char *path, const char *scope);

/*
 * The half-open range [lo, hi) of the paths of scope's subtree, for a range
 * scan on the path index: lo is scope itself and hi is scope with its final
 * '/' turned into '0' (the byte after '/'). A NULL or empty scope gives the
 * range of every path, ["/", "0"). TREE_TOO_LONG when scope does not fit
 * (nothing is truncated), TREE_BAD when scope does not end in '/'.
 */
struct tree_range {
	char lo[TREE_PATH_CAP];
	char hi[TREE_PATH_CAP];
};
enum tree_rc tree_range(const char *scope, struct tree_range *out);

/*
 * The path of unit id placed under parent (NULL or "" for a root), written
 * to out[0..cap) with its terminating NUL. TREE_BAD for id <= 0 or a
 * malformed parent, TREE_TOO_DEEP past TREE_DEPTH_MAX levels, TREE_TOO_LONG
 * when out is too small; out is then the empty string.
 */
enum tree_rc tree_child(const char *parent, int64_t id, char *out, size_t cap);

#endif
