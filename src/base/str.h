/* str: string slices, bounded number parsing and UTF-8 checks. */
#ifndef XG_STR_H
#define XG_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A borrowed run of bytes; not NUL-terminated unless the owner says so. */
struct slice {
	const char *p;
	size_t n;
};

/* A slice over a NUL-terminated string (s may be NULL: empty slice). */
struct slice str_slice(const char *s);
bool str_eq(struct slice a, const char *lit);
bool str_has_prefix(struct slice a, const char *lit);

/*
 * Parse a whole slice as a decimal integer in [min, max]: optional '-', digits
 * only, no spaces, no junk. Returns 0 and sets *out, or -1 (out untouched).
 */
int str_parse_i64(struct slice s, int64_t min, int64_t max, int64_t *out);

/*
 * Check that s is well-formed UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF). Returns s.n when valid, else the byte offset of the first bad
 * sequence.
 */
size_t str_utf8_check(struct slice s);

/* Number of code points in valid UTF-8 s. */
size_t str_utf8_len(struct slice s);

/*
 * Decode one code point at s[*i]; advances *i. Returns the code point, or -1
 * on a malformed sequence (then *i advances by one byte).
 */
int32_t str_utf8_next(struct slice s, size_t *i);

/*
 * The start of the code point that ends just before byte i of p (0 when i is 0): steps back
 * over continuation bytes, so it is meant for well-formed UTF-8.
 */
size_t str_utf8_prev(const char *p, size_t i);

/* True when s has any control character (below 0x20 or 0x7f) other than those in allow. */
bool str_has_control(struct slice s, const char *allow);

/* Constant-time comparison of two byte runs of equal length n. */
bool str_ct_equal(const void *a, const void *b, size_t n);

#endif
