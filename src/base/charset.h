/* charset: text in a legacy encoding (GB18030, which includes GBK and GB2312) turned into UTF-8. */
#ifndef XG_CHARSET_H
#define XG_CHARSET_H

#include <stddef.h>

#include "base/buf.h"

/*
 * Append len bytes of data, written in charset (an iconv name such as
 * "GB18030"), to out as UTF-8. Returns 0, or -1 when they are not valid in
 * that charset, the charset is unknown, or out ran out of memory (out then
 * holds what was converted before).
 */
int charset_to_utf8(const char *charset, const void *data, size_t len, struct buf *out);

#endif
