/* cli_record: `xuanguan record import` — a CSV file of one kind's work records, all or nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "domain/record_import.h"

#define IMPORT_MAX ((size_t)64 << 20)

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: xuanguan record import --db DB --kind KIND FILE.csv\n\n"
		"KIND is study, training, publicity, lecture or implementation. The file is\n"
		"CSV in UTF-8 (with or without a byte order mark) or GBK, its first row the\n"
		"Chinese headers of the kind (an export of the same kind imports as it is).\n"
		"It is all or nothing: every bad row is reported with its line number, the\n"
		"command exits 1 and nothing is imported. At most %d rows.\n",
		RECORD_IMPORT_ROWS_MAX);
}

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
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b->len <= IMPORT_MAX)
		buf_append(b, chunk, n);
	if (f != stdin)
		fclose(f);
	if (b->err || b->len > IMPORT_MAX) {
		fprintf(stderr, "xuanguan: %s is too large (limit 64 MiB)\n", path);
		return -1;
	}
	return 0;
}

static int
cmd_import(struct db *db, struct arena *a, enum record_kind k, const char *path)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct record_import_report rep;
	struct buf text, report;
	struct xg_error err;
	size_t count = 0;
	int status = 1;

	buf_init(&text);
	buf_init(&report);
	if (read_file(path, &text) != 0)
		goto out;
	if (record_import_csv(db, a, &sys, k, text.data ? text.data : "", text.len,
			      (int64_t)time(NULL), &rep, &count, &err) != XG_OK) {
		record_import_report_text(&rep, &report);
		fputs(buf_cstr(&report), stderr);
		cli_print_error(&err);
		goto out;
	}
	printf("imported %zu records\n", count);
	status = 0;
out:
	buf_free(&text);
	buf_free(&report);
	return status;
}

int
cli_record(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"kind", required_argument, NULL, 'k'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *url = NULL, *kind = NULL;
	enum record_kind k;
	struct arena *a;
	struct db *db;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		if (c == 'd') {
			url = optarg;
		} else if (c == 'k') {
			kind = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (strcmp(argv[1], "import") != 0 || optind != argc - 2 || kind == NULL) {
		usage(stderr);
		return 2;
	}
	k = record_kind_parse(kind);
	if (k == RECORD_KIND__MAX) {
		fprintf(stderr, "xuanguan: unknown kind (study, training, publicity, lecture, "
				"implementation)\n");
		return 2;
	}
	db = cli_open_db(cli_db_url(url), 1);
	if (db == NULL)
		return 1;
	a = arena_new();
	rc = a != NULL ? cmd_import(db, a, k, argv[1 + optind]) : 1;
	arena_free(a);
	db_close(db);
	return rc;
}
