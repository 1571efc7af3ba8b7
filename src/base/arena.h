/* arena: a region allocator for one request or one command, released in one step. */
#ifndef XG_ARENA_H
#define XG_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena, or NULL when out of memory. */
struct arena *arena_new(void);
/* Release the arena and everything allocated from it; a may be NULL. */
void arena_free(struct arena *a);
/*
 * Zeroed memory of n bytes, aligned for any type, owned by the arena.
 * Returns NULL only when out of memory (or n is absurd).
 */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of n bytes of p in the arena, or NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *p, size_t n);
/* A copy of the C string s (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* printf into arena memory; NULL when out of memory. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
