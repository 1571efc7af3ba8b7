/* xuanguan-pdftext: the text of a PDF on standard input, page by page, on standard output.
 *
 * The one program of xuanguan that links poppler: the server and the command line run it
 * (directive/input.c) so that a PDF from outside is parsed in a small process with its own
 * limits, and the server carries none of poppler's libraries (GLib, cairo, NSS, ICU...).
 *
 * Usage: xuanguan-pdftext [--memory-mib N] [--cpu-seconds N] < file.pdf > text
 * Output: each page's text in UTF-8 followed by a form feed (\f); a \f inside a page becomes a
 * space, so the reader can split on it. Exit status: enum pdfproc_exit (directive/pdfproc.h).
 * Limits on its own address space and CPU time are set before a byte of input is read; the
 * caller adds a wall clock and a cap on the output.
 */
#define _GNU_SOURCE /* close_range */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <poppler.h>

#include "directive/directive.h"
#include "directive/pdfproc.h"

/* The reader refuses more than this; the helper stops reading there. */
#define INPUT_MAX DIRECTIVE_MAX_INPUT

/* A whole number in [1, max] from s, or 0 when s is anything else. */
static unsigned long
number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > max)
		return 0;
	return v;
}

static int
limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};

	return setrlimit(resource, &rl);
}

/* All of standard input, at most INPUT_MAX bytes; *len its length. NULL with *why set. */
static char *
slurp(size_t *len, int *why)
{
	size_t cap = 1 << 16, n = 0;
	char *data = malloc(cap);

	while (data != NULL) {
		ssize_t got;

		if (n > INPUT_MAX) {
			*why = PDFPROC_EXIT_TOO_BIG;
			break;
		}
		if (n == cap) {
			size_t want = cap * 2 < INPUT_MAX + 1 ? cap * 2 : INPUT_MAX + 1;
			char *more = realloc(data, want);

			if (more == NULL)
				break;
			data = more;
			cap = want;
		}
		got = read(0, data + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		if (got == 0) {
			*len = n;
			return data;
		}
		n += (size_t)got;
	}
	free(data);
	return NULL;
}

/* Write the page text s with each \f turned into a space, then a \f. Returns 0 or -1. */
static int
put_page(const char *s)
{
	for (; *s != '\0'; s++)
		if (putchar(*s == '\f' ? ' ' : *s) == EOF)
			return -1;
	return putchar('\f') == EOF ? -1 : 0;
}

static int
text_of(const char *data, size_t len)
{
	GError *gerr = NULL;
	GBytes *bytes;
	PopplerDocument *doc;
	int np, pg, status = PDFPROC_EXIT_TEXT;

	/* poppler looks for the header in the first kilobyte; so do we. */
	if (len < 5 || memmem(data, len < 1024 ? len : 1024, "%PDF-", 5) == NULL)
		return PDFPROC_EXIT_NOT_PDF;
	bytes = g_bytes_new_static(data, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (doc == NULL) {
		status = gerr != NULL && gerr->domain == POPPLER_ERROR &&
				 gerr->code == POPPLER_ERROR_ENCRYPTED
			     ? PDFPROC_EXIT_ENCRYPTED
			     : PDFPROC_EXIT_DAMAGED;
		goto done;
	}
	np = poppler_document_get_n_pages(doc);
	for (pg = 0; pg < np && status == PDFPROC_EXIT_TEXT; pg++) {
		PopplerPage *page = poppler_document_get_page(doc, pg);
		char *text = page != NULL ? poppler_page_get_text(page) : NULL;

		if (put_page(text != NULL ? text : "") != 0)
			status = PDFPROC_EXIT_OTHER;
		g_free(text);
		if (page != NULL)
			g_object_unref(page);
	}
	if (status == PDFPROC_EXIT_TEXT && fflush(stdout) != 0)
		status = PDFPROC_EXIT_OTHER;
done:
	if (doc != NULL)
		g_object_unref(doc);
	if (gerr != NULL)
		g_error_free(gerr);
	g_bytes_unref(bytes);
	return status;
}

int
main(int argc, char **argv)
{
	unsigned long mib = PDFPROC_MEMORY_MIB, cpu = PDFPROC_SECONDS;
	size_t len = 0;
	int i, why = PDFPROC_EXIT_OTHER, status;
	char *data;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--memory-mib") == 0)
			mib = number(argv[i + 1], 1UL << 20);
		else if (strcmp(argv[i], "--cpu-seconds") == 0)
			cpu = number(argv[i + 1], 86400);
		else
			break;
		if (mib == 0 || cpu == 0)
			break;
	}
	if (i != argc || mib == 0 || cpu == 0) {
		fprintf(stderr, "usage: xuanguan-pdftext [--memory-mib N] [--cpu-seconds N] "
				"< file.pdf > text\n");
		return PDFPROC_EXIT_OTHER;
	}
	/* Nothing the caller left open is ours to touch. */
	close_range(3, UINT_MAX, 0);
	/* The soft CPU limit sends SIGXCPU; the hard one, a second later, SIGKILL. */
	if (limit(RLIMIT_AS, (rlim_t)mib << 20, (rlim_t)mib << 20) != 0 ||
	    limit(RLIMIT_CPU, cpu, cpu + 1) != 0 || limit(RLIMIT_CORE, 0, 0) != 0) {
		fprintf(stderr, "xuanguan-pdftext: cannot set its limits: %s\n", strerror(errno));
		return PDFPROC_EXIT_OTHER;
	}
	data = slurp(&len, &why);
	if (data == NULL)
		return why;
	status = text_of(data, len);
	free(data);
	return status;
}
