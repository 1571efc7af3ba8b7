/* directive_pdfproc: a PDF's text read by the helper xuanguan-pdftext, in its own process. */
#ifndef XG_DIRECTIVE_PDFPROC_H
#define XG_DIRECTIVE_PDFPROC_H

#include <stddef.h>

#include "directive/directive.h"

struct buf;

/* The helper's exit statuses (src/tools/pdftext.c exits with these). */
enum pdfproc_exit {
	PDFPROC_EXIT_TEXT = 0,	    /* the text was written */
	PDFPROC_EXIT_OTHER = 1,	    /* usage, out of memory, a read or write error */
	PDFPROC_EXIT_NOT_PDF = 2,   /* no %PDF- header in the first kilobyte */
	PDFPROC_EXIT_ENCRYPTED = 3, /* protected by a password */
	PDFPROC_EXIT_DAMAGED = 4,   /* poppler cannot open it */
	PDFPROC_EXIT_TOO_BIG = 5,   /* more than DIRECTIVE_MAX_INPUT bytes */
};

/* The helper's file name, looked for beside the running program and in ../libexec/xuanguan. */
#define PDFPROC_NAME "xuanguan-pdftext"
/* Environment: the helper's path (overrides the search), and its time limit in seconds. */
#define PDFPROC_ENV_PATH "XUANGUAN_PDFTEXT"
#define PDFPROC_ENV_SECONDS "XUANGUAN_PDFTEXT_SECONDS"
/* Limits: wall clock and CPU time (default), address space, and the text it may send back. */
#define PDFPROC_SECONDS 30
#define PDFPROC_MEMORY_MIB 512
#define PDFPROC_OUTPUT_MAX ((size_t)16 << 20)

/*
 * The helper's path into path (size bytes): $XUANGUAN_PDFTEXT as it is, else PDFPROC_NAME beside
 * the running program (/proc/self/exe), else in ../libexec/xuanguan from it (an installed tree),
 * whichever is executable. Returns 0, or -1 when there is none.
 */
int directive_pdfproc_path(char *path, size_t size);

/*
 * Run the helper on the len bytes of a PDF at data (given as its standard input, through an
 * anonymous file, never a shell) and append what it writes to out (caller owns, initialised):
 * each page's text followed by '\f'. The helper runs with PDFPROC_MEMORY_MIB of address space
 * and the time limit as CPU time; past the time limit on the wall clock, or past
 * PDFPROC_OUTPUT_MAX of text, it is killed. Returns DIRECTIVE_OK; DIRECTIVE_EPDF (not a PDF,
 * encrypted, damaged, or the helper failed on it); DIRECTIVE_EPDFLIMIT (killed by a limit);
 * DIRECTIVE_EPDFTOOL (the helper is not installed or cannot be started: the server's fault,
 * err names the path); DIRECTIVE_ENOMEM. err is filled on failure. Thread-safe.
 */
enum directive_rc directive_pdfproc(const void *data, size_t len, struct buf *out,
				    struct directive_error *err);

#endif
