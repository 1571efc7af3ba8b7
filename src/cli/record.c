/* cli_record: `xuanguan record import` — a CSV file of one kind's work records, all or nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "cli/import.h"
#include "domain/record_import.h"

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

/* record_import_csv as cli_import runs it: arg is the record kind. */
static enum xg_rc
import_records(struct db *db, struct arena *a, const struct actor *actor, const char *text,
	       size_t len, const void *arg, struct buf *report, size_t *count, struct xg_error *err)
{
	struct record_import_report rep;
	enum xg_rc rc = record_import_csv(db, a, actor, *(const enum record_kind *)arg, text, len,
					  clock_now(), &rep, count, err);

	if (rc != XG_OK)
		record_import_report_text(&rep, report);
	return rc;
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
	int c;

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
	return cli_import(cli_db_url(url), argv[1 + optind], "records", import_records, &k);
}
