/*
 * alloc: the heap allocations of base/ (arena blocks, buffer growth) go through here, so a test
 * can make the Nth of them fail and prove that every caller fails cleanly (SQLite's discipline).
 */
#ifndef XG_ALLOC_H
#define XG_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* malloc, calloc and realloc, or NULL when the fault hook says this allocation fails. The
 * memory is the C library's: free() releases it. */
void *alloc_malloc(size_t n);
void *alloc_calloc(size_t count, size_t size);
void *alloc_realloc(void *p, size_t n);

/*
 * An allocator for jansson (json_set_alloc_funcs(alloc_json_malloc, free), once at start-up):
 * jansson's lexer drops bytes or reports a syntax error when it runs out of memory, so a parser
 * compares alloc_json_failures() before and after to tell our fault from the sender's and never
 * to take a shortened string for the one sent. The count is per thread.
 */
void *alloc_json_malloc(size_t n);
unsigned long alloc_json_failures(void);

/*
 * Fault injection, for tests only (not thread-safe; production never arms it and pays one
 * load and a predicted branch per allocation). After alloc_fail_arm(n, persist) the nth
 * allocation from now fails and, when persist is true, every one after it too; n == 0
 * disarms. Disarming does not reset the figures below until the next arm.
 */
void alloc_fail_arm(long n, bool persist);
/* Allocations seen since the last arm (failed ones included). */
long alloc_fail_count(void);
/* How many allocations failed on purpose since the last arm. */
long alloc_fail_hits(void);
/*
 * Count one allocation and say whether it must fail: for allocators outside base/ that a test
 * routes through the same counter (jansson's, via json_set_alloc_funcs).
 */
bool alloc_fault(void);

#endif
