/* cli_init: `xuanguan init` — create or upgrade the database, optionally with the demo
 * organisation. */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "cli/demo.h"

static void
usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: xuanguan init --db DB [--demo]\n\n"
	    "Create the database or apply the migrations it lacks.\n"
	    "  --db DB   SQLite file or postgresql:// URL (or XUANGUAN_DB)\n"
	    "  --demo    load the demo organisation and accounts (only into an empty database)\n");
}

int
cli_init(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"demo", no_argument, NULL, 'm'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *url = NULL;
	int demo = 0, c, from = 0, to = 0, status = 1;
	struct db *db;
	struct xg_error err;
	size_t units, users;
	enum db_rc rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'm':
			demo = 1;
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
	db = cli_open_db(cli_db_url(url), 0);
	if (db == NULL)
		return 1;
	rc = db_migrate(db, &from, &to);
	if (rc == DB_TOONEW) {
		fprintf(stderr,
			"xuanguan: the database schema (version %d) is newer than this"
			" program; use a newer xuanguan\n",
			from);
		goto out;
	}
	if (rc != DB_OK) {
		fprintf(stderr, "xuanguan: cannot migrate the database: %s\n", db_error(db));
		goto out;
	}
	if (from == to)
		printf("database is up to date (schema version %d, %s)\n", to, db_backend(db));
	else
		printf("database schema upgraded from version %d to %d (%s)\n", from, to,
		       db_backend(db));
	if (demo) {
		int64_t units_before = 0, members = 0;
		if (db_org_subtree_totals(db, NULL, &units_before, &members) == DB_OK &&
		    units_before > 0) {
			printf("demo data not loaded: the database already has %lld units\n",
			       (long long)units_before);
			status = 0;
			goto out;
		}
		if (demo_load(db, clock_now(), &units, &users, &err) != XG_OK) {
			cli_print_error(&err);
			goto out;
		}
		printf("demo organisation loaded: %zu units, %zu accounts (password %s)\n", units,
		       users, DEMO_PASSWORD);
	}
	status = 0;
out:
	db_close(db);
	return status;
}
