/*
 * fuzz_form: libFuzzer target over an application/x-www-form-urlencoded body as the router reads
 * it: split and percent-decoded (param_parse_form), then checked against declared fields with
 * "_csrf" implicit (param_from_pairs). A decoded form, encoded again, must decode to itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "fuzz_param.h"
#include "http/param.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* Encode pairs again and parse the result: the same pairs must come back. */
static void
round_trip(struct arena *a, const struct raw_pair *pairs, size_t n)
{
	struct raw_pair *again;
	struct xg_error err;
	struct buf b;
	size_t i, m;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '&');
		encode(&b, pairs[i].name);
		buf_putc(&b, '=');
		encode(&b, pairs[i].value);
	}
	if (b.err)
		abort();
	if (param_parse_form(a, b.data, b.len, &again, &m, &err) != XG_OK)
		abort();
	/* An empty name with an empty value encodes to "=", which still counts as a pair;
	 * a pair is never dropped. */
	if (m != n)
		abort();
	for (i = 0; i < n; i++)
		if (strcmp(again[i].name, pairs[i].name) != 0 ||
		    strcmp(again[i].value, pairs[i].value) != 0)
			abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const implicit[] = {"_csrf", NULL};
	struct arena *a = arena_new();
	struct raw_pair *pairs = NULL;
	struct params p;
	struct xg_error err;
	size_t n = 0, i, amps = 0;
	enum xg_rc rc;

	if (a == NULL)
		abort();
	rc = param_parse_form(a, (const char *)data, size, &pairs, &n, &err);
	if (rc != XG_OK) {
		fuzz_check_params(rc, NULL, &err);
		arena_free(a);
		return 0;
	}
	for (i = 0; i < size; i++)
		amps += data[i] == '&';
	if (size > 0 && n > amps + 1)
		abort();
	for (i = 0; i < n; i++)
		if (pairs[i].name == NULL || pairs[i].value == NULL)
			abort();
	round_trip(a, pairs, n);
	rc = param_from_pairs(a, fuzz_fields, pairs, n, implicit, &p, &err);
	fuzz_check_params(rc, &p, &err);
	arena_free(a);
	return 0;
}
