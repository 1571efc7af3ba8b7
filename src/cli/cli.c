/* cli: helpers shared by subcommands. */
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include "db/schema.h"

const char *
cli_db_url(const char *opt)
{
	const char *env;

	if (opt != NULL && *opt != '\0')
		return opt;
	env = getenv("XUANGUAN_DB");
	return env != NULL && *env != '\0' ? env : NULL;
}

static struct db *
open_db(const char *url, int check_schema, bool readonly)
{
	char err[512];
	struct db *db;
	int version = 0;
	enum db_rc rc;

	if (url == NULL) {
		fprintf(stderr, "xuanguan: no database: give --db DB or set XUANGUAN_DB\n");
		return NULL;
	}
	/* Reading commands must not leave an empty SQLite file behind a typo. */
	if (check_schema && !db_url_is_pg(url) && access(db_url_path(url), F_OK) != 0) {
		fprintf(stderr,
			"xuanguan: the database %s does not exist; create it with: xuanguan init "
			"--db DB\n",
			db_url_path(url));
		return NULL;
	}
	if ((readonly ? db_open_readonly(url, &db, err, sizeof(err))
		      : db_open(url, &db, err, sizeof(err))) != DB_OK) {
		fprintf(stderr, "xuanguan: %s\n", err);
		return NULL;
	}
	if (!check_schema)
		return db;
	rc = db_schema_check(db, &version);
	if (rc == DB_OK)
		return db;
	if (rc == DB_TOONEW)
		fprintf(stderr,
			"xuanguan: the database schema (version %d) is newer than this program"
			" (version %d); use a newer xuanguan\n",
			version, db_schema_latest());
	else if (version < db_schema_latest())
		fprintf(stderr,
			"xuanguan: the database schema is at version %d, this program needs %d;"
			" run: xuanguan init --db DB\n",
			version, db_schema_latest());
	else
		fprintf(stderr, "xuanguan: cannot read the database schema: %s\n", db_error(db));
	db_close(db);
	return NULL;
}

struct db *
cli_open_db(const char *url, int check_schema)
{
	return open_db(url, check_schema, false);
}

struct db *
cli_open_db_readonly(const char *url)
{
	return open_db(url, 1, true);
}

int
cli_read_line(char *buf, size_t cap)
{
	size_t n;

	if (fgets(buf, (int)cap, stdin) == NULL)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(stdin))
		return -1; /* longer than the buffer */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

void
cli_print_error(const struct xg_error *err)
{
	if (err->field != NULL)
		fprintf(stderr, "xuanguan: %s (%s)\n", err->message, err->field);
	else
		fprintf(stderr, "xuanguan: %s\n", err->message);
}

int
cli_db_only_args(int argc, char **argv, void (*usage)(FILE *f), const char **url)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;

	*url = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*url = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}
