/* fuzz_json: libFuzzer target over the declared-field check of a JSON body (param_from_json). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "fuzz_param.h"
#include "http/param.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct params p;
	struct xg_error err;
	enum xg_rc rc;

	if (a == NULL)
		abort();
	rc = param_from_json(a, fuzz_fields, (const char *)data, size, &p, &err);
	fuzz_check_params(rc, &p, &err);
	arena_free(a);
	return 0;
}
