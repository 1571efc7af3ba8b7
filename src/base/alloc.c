/* alloc: heap allocation with a fault-injection hook for tests. */
#include "base/alloc.h"

#include <stdlib.h>

/*
 * The hook's state. Mutable globals by necessity (the allocators have no context to carry
 * it); written only by tests, before and after the operation they check, never by the server.
 */
static long fail_at;  /* 0: disarmed */
static bool fail_all; /* fail every allocation from fail_at on */
static long seen;
static long hits;

static _Thread_local unsigned long json_failures;

void
alloc_fail_arm(long n, bool persist)
{
	fail_at = n > 0 ? n : 0;
	fail_all = persist;
	if (fail_at != 0) {
		seen = 0;
		hits = 0;
	}
}

long
alloc_fail_count(void)
{
	return seen;
}

long
alloc_fail_hits(void)
{
	return hits;
}

bool
alloc_fault(void)
{
	if (__builtin_expect(fail_at == 0, 1))
		return false;
	seen++;
	if (seen == fail_at || (fail_all && seen > fail_at)) {
		hits++;
		return true;
	}
	return false;
}

void *
alloc_malloc(size_t n)
{
	return alloc_fault() ? NULL : malloc(n);
}

void *
alloc_calloc(size_t count, size_t size)
{
	return alloc_fault() ? NULL : calloc(count, size);
}

void *
alloc_realloc(void *p, size_t n)
{
	return alloc_fault() ? NULL : realloc(p, n);
}

void *
alloc_json_malloc(size_t n)
{
	void *p = alloc_malloc(n);

	if (p == NULL)
		json_failures++;
	return p;
}

unsigned long
alloc_json_failures(void)
{
	return json_failures;
}
