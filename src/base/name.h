/* name: the one rule for every name a person reads (units, people, kinds, token labels). */
#ifndef XG_NAME_H
#define XG_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/str.h"

/* Why a name was refused; NAME_OK (0) when it is fine. */
enum name_fault {
	NAME_OK = 0,
	NAME_EMPTY,	 /* no bytes at all */
	NAME_BAD_UTF8,	 /* not well-formed UTF-8 */
	NAME_CONTROL,	 /* a control character (Cc) */
	NAME_INVISIBLE,	 /* a format, separator, private-use or invisible filler character */
	NAME_EDGE_SPACE, /* begins or ends with a space of any width */
	NAME_BLANK,	 /* nothing visible: only spaces */
	NAME_TOO_LONG,	 /* more than max code points */
	NAME_FAULT__MAX
};

/*
 * Whether code point c may never stand in a name: Unicode categories Cc, Cf,
 * Zl, Zp and Co, the noncharacters, the variation selectors, and the
 * characters that draw nothing (U+3164, U+2800, U+115F, U+1160, U+FFA0,
 * U+034F, U+180E, the tag block U+E0000–U+E007F...).
 */
bool name_char_refused(int32_t c);
/* Whether c is a space of any width (category Zs). */
bool name_char_space(int32_t c);
/*
 * Check s as a name of 1..max code points: well-formed UTF-8, no refused
 * character, no space at either end, not blank. Returns the first fault found.
 */
enum name_fault name_check(struct slice s, size_t max);
/* A short Chinese reason for fault, to follow the field's label ("含有控制字符"); static. */
const char *name_fault_text(enum name_fault fault);

#endif
