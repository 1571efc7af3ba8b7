/* fuzz_directive: libFuzzer target over the directive reader (text, .docx and JSON output). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "directive/directive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fixed units so the resolver runs too; names and kinds the fixtures use. */
static const struct directive_unit units[] = {
    {"QX01", "XX区科协", "区县科协"},
    {"XH01", "XX市物理学会", "市级学会"},
    {"ZB01", "机关第一支部", "机关支部"},
    {"JG01", "市科协党校", "直属单位"},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directive *d = NULL;
	struct directive_error err;
	struct buf out;
	enum directive_rc rc;

	/* A zip header sends the input down the .docx path, as the command line does. */
	if (size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		rc = directive_parse_docx(data, size, &d, &err);
	else
		rc = directive_parse((const char *)data, size, &d, &err);
	if (rc == DIRECTIVE_OK) {
		buf_init(&out);
		/* JSON fails only on memory or on text that is not UTF-8: the latter is a bug. */
		if (directive_units_resolve(d, units, sizeof(units) / sizeof(units[0])) ==
			DIRECTIVE_OK &&
		    directive_json(d, 1, &out) != DIRECTIVE_OK)
			abort();
		/* The JSON is written by hand: it must read back as one object. */
		if (!out.err) {
			json_error_t jerr;
			json_t *back = json_loadb(buf_cstr(&out), out.len, 0, &jerr);

			if (back == NULL || !json_is_object(back))
				abort();
			json_decref(back);
		}
		buf_free(&out);
	}
	directive_free(d);
	return 0;
}
