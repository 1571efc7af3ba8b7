/* fuzz_directive_input: libFuzzer target over the input decoders (GB18030, UTF-16, PDF, sniffing).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "directive/directive.h"
#include "directive/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directive *d = NULL;
	struct directive_error err;
	struct buf out;

	/* Whatever the bytes, the result is a directive whose JSON is valid, or an error. */
	if (directive_parse_input(size ? (const char *)data : "", size, "fuzz", &d, &err) ==
	    DIRECTIVE_OK) {
		buf_init(&out);
		if (directive_json(d, 0, &out) != DIRECTIVE_OK)
			abort();
		buf_free(&out);
	}
	directive_free(d);
	return 0;
}
