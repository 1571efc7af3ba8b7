/* cli_directive: `xuanguan directive parse FILE [--db DB]` — read a document, print its JSON. */
#include "cli/directive.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "db/db.h"
#include "directive/directive.h"

static const char usage_text[] =
    "usage: xuanguan directive parse FILE [--db DB]\n\n"
    "Read an official document (公文, GB/T 9704) from FILE — UTF-8 text or .docx, '-' for\n"
    "standard input — and print its parts, section tree, tasks and warnings as JSON.\n\n"
    "options:\n"
    "  --db DB   also resolve each task's subjects to unit codes of the organisation tree\n"
    "            (DB is a SQLite file or a postgresql:// URL; XUANGUAN_DB may give it)\n"
    "  --help    show this text\n";

/* Read all of f into b, refusing more than max bytes. Returns 0, or -1 with errno-like reason. */
static int
slurp(FILE *f, struct buf *b, size_t max, const char **why)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > max) {
			*why = "file too large";
			return -1;
		}
		buf_append(b, chunk, n);
		if (b->err) {
			*why = "out of memory";
			return -1;
		}
	}
	if (ferror(f)) {
		*why = "read error";
		return -1;
	}
	return 0;
}

static bool
is_docx(const char *path, const struct buf *b)
{
	size_t n = strlen(path);

	return (b->len >= 4 && memcmp(b->data, "PK\x03\x04", 4) == 0) ||
	       (n > 5 && strcmp(path + n - 5, ".docx") == 0);
}

/* Resolve the subjects against every unit of the database at url. Returns 0 or 1. */
static int
resolve(struct directive *d, const char *url)
{
	struct db *db = NULL;
	struct arena *a = NULL;
	struct db_org *orgs = NULL;
	struct directive_unit *units = NULL;
	size_t n = 0, k, open = 0;
	int status = 1;

	db = cli_open_db(url, 1);
	if (db == NULL)
		goto done;
	a = arena_new();
	if (a == NULL) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	if (db_org_all(db, a, &orgs, &n) != DB_OK) {
		fprintf(stderr, "xuanguan directive: cannot read the organisation tree\n");
		goto done;
	}
	units = arena_alloc(a, (n + 1) * sizeof(*units));
	if (units == NULL) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	for (k = 0; k < n; k++) {
		if (orgs[k].closed)
			continue;
		units[open].code = orgs[k].code;
		units[open].name = orgs[k].name;
		units[open].kind = orgs[k].kind;
		open++;
	}
	if (directive_units_resolve(d, units, open) != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	status = 0;
done:
	arena_free(a);
	db_close(db);
	return status;
}

static int
parse(int argc, char **argv)
{
	const char *file = NULL, *db_opt = NULL, *url = NULL, *why = NULL;
	struct buf in, out;
	struct directive *d = NULL;
	struct directive_error err;
	enum directive_rc rc;
	FILE *f = NULL;
	int i, status = 1, want_db = 0;

	buf_init(&in);
	buf_init(&out);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_text, stdout);
			status = 0;
			goto done;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db_opt = argv[++i];
			want_db = 1;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db_opt = argv[i] + 5;
			want_db = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "xuanguan directive: unknown option '%s'\n\n%s", argv[i],
				usage_text);
			status = 2;
			goto done;
		} else if (file == NULL) {
			file = argv[i];
		} else {
			fprintf(stderr, "xuanguan directive: one FILE only\n\n%s", usage_text);
			status = 2;
			goto done;
		}
	}
	if (file == NULL) {
		fprintf(stderr, "xuanguan directive: parse needs a FILE\n\n%s", usage_text);
		status = 2;
		goto done;
	}
	if (want_db) {
		url = cli_db_url(db_opt);
		if (url == NULL || url[0] == '\0') {
			fprintf(stderr, "xuanguan directive: --db needs a database\n");
			status = 2;
			goto done;
		}
	}
	f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (f == NULL) {
		fprintf(stderr, "xuanguan directive: %s: cannot open\n", file);
		goto done;
	}
	if (slurp(f, &in, DIRECTIVE_MAX_INPUT, &why) != 0) {
		fprintf(stderr, "xuanguan directive: %s: %s\n", file, why);
		goto done;
	}
	if (is_docx(file, &in))
		rc = directive_parse_docx(in.data, in.len, &d, &err);
	else
		rc = directive_parse(in.len ? in.data : "", in.len, &d, &err);
	if (rc != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: %s: %s\n", file, err.msg);
		goto done;
	}
	if (want_db && resolve(d, url) != 0)
		goto done;
	if (directive_json(d, want_db, &out) != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "xuanguan directive: cannot write the output\n");
		goto done;
	}
	status = 0;
done:
	if (f != NULL && f != stdin)
		fclose(f);
	directive_free(d);
	buf_free(&in);
	buf_free(&out);
	return status;
}

int
cli_directive(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "parse") == 0)
		return parse(argc - 1, argv + 1);
	fprintf(stderr, "xuanguan directive: unknown subcommand '%s'\n\n%s", argv[1], usage_text);
	return 2;
}
