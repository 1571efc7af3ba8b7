/* buf: a growable byte buffer with a sticky error flag (after SQLite's sqlite3_str). */
#ifndef XG_BUF_H
#define XG_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A buffer owns its data. Appends never fail loudly: on allocation failure
 * (or when the buffer would pass BUF_MAX) the buffer sets err and ignores
 * further appends, so a builder checks buf.err once at the end.
 * data is always NUL-terminated when len > 0 and err == 0.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	int err;
};

#define BUF_MAX ((size_t)1 << 30)

/* Initialise an empty buffer; no allocation happens until the first append. */
void buf_init(struct buf *b);
/* Release the buffer's memory; b may be NULL. The buffer is empty afterwards. */
void buf_free(struct buf *b);
/* Empty the buffer but keep its memory and clear err. */
void buf_reset(struct buf *b);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty or in error); owned by the buffer. */
const char *buf_cstr(const struct buf *b);
/*
 * Hand the contents to the caller (free() it), leaving the buffer empty.
 * Returns NULL if the buffer is in error; *len (if not NULL) gets the length.
 */
char *buf_detach(struct buf *b, size_t *len);

#endif
