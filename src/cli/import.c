/* cli_import: the import commands' shared steps (cli/import.h). */
#include "cli/import.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* The file at path ("-": standard input) into b; -1, the reason printed, when it cannot be had
 * or is larger than CLI_IMPORT_MAX. */
static int
read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t n;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b->len <= CLI_IMPORT_MAX)
		buf_append(b, chunk, n);
	if (f != stdin)
		fclose(f);
	if (b->err || b->len > CLI_IMPORT_MAX) {
		fprintf(stderr, "xuanguan: %s is too large (limit 64 MiB)\n", path);
		return -1;
	}
	return 0;
}

static int
run_import(struct db *db, struct arena *a, const char *path, const char *noun, cli_import_fn run,
	   const void *arg)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct buf text, report;
	struct xg_error err;
	size_t count = 0;
	int status = 1;

	buf_init(&text);
	buf_init(&report);
	if (read_file(path, &text) != 0)
		goto out;
	if (run(db, a, &sys, text.data ? text.data : "", text.len, arg, &report, &count, &err) !=
	    XG_OK) {
		fputs(buf_cstr(&report), stderr);
		cli_print_error(&err);
		goto out;
	}
	printf("imported %zu %s\n", count, noun);
	status = 0;
out:
	buf_free(&text);
	buf_free(&report);
	return status;
}

int
cli_import(const char *url, const char *path, const char *noun, cli_import_fn run, const void *arg)
{
	struct db *db = cli_open_db(url, 1);
	struct arena *a;
	int rc;

	if (db == NULL)
		return 1;
	a = arena_new();
	rc = a != NULL ? run_import(db, a, path, noun, run, arg) : 1;
	arena_free(a);
	db_close(db);
	return rc;
}
