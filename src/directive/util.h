/*
 * directive_util: the state of one parse and the helpers every stage shares; not for other
 * modules. The stages (text, head, body, task, time, target) depend on this file and the
 * driver (directive/directive.c) on them; nothing here calls a stage.
 */
#ifndef XG_DIRECTIVE_UTIL_H
#define XG_DIRECTIVE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "directive/directive.h"

/*
 * A task names a handful of subjects, deadlines and targets; past these caps a
 * "node" is a wall of text (or a fuzzer's input) and more would only cost time.
 */
#define DIRECTIVE_TASK_ITEMS 32
/* How far back a subject, a metric or a sentence is looked for, in bytes. */
#define DIRECTIVE_LOOKBACK 600

/* One non-blank input line after normalisation (trimmed, brackets fixed). */
struct dline {
	const char *p;
	size_t n;
	size_t no; /* 1-based line number in the input */
};

/* The state of one parse; lives on the caller's stack, memory in d->arena. */
struct dctx {
	struct arena *a;
	struct directive *d;
	struct dline *ln;
	size_t nl;
	size_t body0, body1;   /* body lines [body0, body1) */
	size_t annex0, annex1; /* an attached document printed after the date: [annex0, annex1) */
	int oom;	       /* sticky: an allocation failed */
	struct directive_list preamble_lines; /* the line of each preamble paragraph (uintptr_t) */
	int ref_y, ref_m, ref_d; /* reference date for relative times, ref_y 0 when none */
	/* The date of a bracketed note under the title (（…会议通过）), "" when none. */
	char title_date[11];
	size_t title_date_line;
	size_t nodes;  /* headings and table rows made so far */
	int too_many;  /* sticky: more than DIRECTIVE_MAX_NODES */
	char *scratch; /* a task's own text while it is read (malloc, reused) */
	size_t scratch_cap;
};

/* Append item to l (arena growth); sets c->oom on failure. */
void directive_push(struct dctx *c, struct directive_list *l, void *item);
/* Record a warning at line (printf format); sets c->oom on failure. */
void directive_warn(struct dctx *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A NUL-terminated arena copy of p[0..n); "" (and c->oom) on failure. */
char *directive_dup(struct dctx *c, const char *p, size_t n);
/* Lines [i, e) joined without spaces, in the arena; *len (when len is not NULL) gets the length.
 * NULL (and c->oom) when out of memory. */
char *directive_join(struct dctx *c, size_t i, size_t e, size_t *len);

/* Decode the code point at p[*i] of n bytes with base/str's decoder; advances *i; -1 at the end. */
int32_t directive_cp(const char *p, size_t n, size_t *i);
/* The start of the code point that ends just before byte i (i > 0). */
size_t directive_cp_back(const char *p, size_t i);
/* True for spaces of any width: ASCII blanks, U+3000, U+00A0, U+2000-200B, U+FEFF. */
bool directive_is_space(int32_t c);
/* True when the character at p (of n bytes) is one of the characters of set. */
bool directive_in_set(const char *set, const char *p, size_t n);
/* True for CJK ideographs (the letters of a Chinese name). */
bool directive_is_han(int32_t c);
/* Trim spaces of any width from both ends of *p, *n. */
void directive_trim(const char **p, size_t *n);
/* Number of code points in p[0..n). */
size_t directive_chars(const char *p, size_t n);
/* Byte offset of lit in p[0..n), or n when absent. */
size_t directive_find(const char *p, size_t n, const char *lit);
bool directive_starts(const char *p, size_t n, const char *lit);
bool directive_ends(const char *p, size_t n, const char *lit);
/* The same for any word of a NULL-terminated list. */
bool directive_starts_any(const char *p, size_t n, const char *const *words);
bool directive_ends_any(const char *p, size_t n, const char *const *words);
bool directive_has_any(const char *p, size_t n, const char *const *words);
/*
 * Read a number written in digits (ASCII or full width) or Chinese numerals
 * (一…九十九, 〇 in years) at p[*i]; advances *i and returns it, or -1 when
 * there is none (then *i is untouched). chinese 0 reads digits only.
 */
long directive_num(const char *p, size_t n, size_t *i, int chinese);

/* Days in month m of year y. */
int directive_mdays(int y, int m);
/* Write YYYY-MM-DD into out[11]. */
void directive_date(char out[11], int y, int m, int d);

/*
 * Match a whole date "2022年11月8日" or "二〇二二年十一月八日" in p[0..n);
 * spaces are allowed between the parts. Returns true and sets y, m, d.
 */
bool directive_parse_date(const char *p, size_t n, int *y, int *m, int *d);

/*
 * The heading level (1-4) of a line that opens with a marker 一、 （一） 1. （1）
 * (and the variants 一. 1、 1．), with *len its length in bytes; 0 when none.
 */
int directive_marker(const char *p, size_t n, size_t *len);
/* Split s[0..n) at depth-0 separators (、，,；; outside brackets) into trimmed items in l. */
void directive_split(struct dctx *c, struct directive_list *l, const char *s, size_t n,
		     bool on_dunhao);

/* 附件 or 附件1 on a line of its own (or 附件1：title): an attached document begins. */
bool directive_annex_start(const char *p, size_t n);
/* A short line with no sentence punctuation: a title, a name. */
bool directive_title_like(const char *p, size_t n);
/* True when p[0..n) has any punctuation that ends or splits a sentence (。，；：？！ and ASCII). */
bool directive_has_punct(const char *p, size_t n);
/* Opening and closing brackets of every width and shape ( （ [ 【 〔 〖 ［ ﹝ { 〈 and their
 * pairs). */
bool directive_is_open(int32_t c);
bool directive_is_close(int32_t c);

/* The fifteen kinds: the kind s (a title) ends with, or NULL. */
const char *directive_kind_of(const char *s, size_t n);

#endif
