/*
 * html: writing HTML that is escaped by construction. Values go through a
 * context-specific escaper (text, attribute, URL argument); html_raw takes
 * string literals only (the macro refuses anything else), so a search for
 * html_raw is the audit of unescaped output.
 */
#ifndef XG_HTML_H
#define XG_HTML_H

#include <stdint.h>

#include "base/buf.h"

/* Literal markup: html_raw(b, "<p>") compiles only with a string literal. */
#define html_raw(b, lit) html_raw_literal((b), "" lit "")
void html_raw_literal(struct buf *b, const char *lit);

/* Text content: escapes & < > " ' (NULL prints nothing). */
void html_text(struct buf *b, const char *s);
/* An attribute value (write the quotes yourself: html_raw(b, "value=\""); html_attr(b, v); ...). */
void html_attr(struct buf *b, const char *s);
/* A query-string argument value: percent-encodes everything but unreserved characters. */
void html_url_arg(struct buf *b, const char *s);
/*
 * JSON text inside <script type="application/json">: < > & become \u003c
 * \u003e \u0026 (they occur only inside JSON strings, where the escape
 * means the same), so no "</script>" or "<!--" can end the block early.
 */
void html_script_json(struct buf *b, const char *json);
/* An integer, with thousands separators when group is non-zero ("12,345"). */
void html_int(struct buf *b, int64_t v, int group);
/* A Unix time as "YYYY-MM-DD HH:MM" in China Standard Time (UTC+8). */
void html_time(struct buf *b, int64_t t);
/* printf for trusted, non-user values only (numbers, fixed words); the format must be a literal. */
#define html_fmt(b, fmt, ...) buf_printf((b), "" fmt "", __VA_ARGS__)

#endif
