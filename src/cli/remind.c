/* cli_remind: `xuanguan remind` — make today's reminder digests (催办汇总), for cron or a systemd
 * timer. Idempotent: a unit gets at most one digest a day however often it runs, and the server
 * makes the same digest lazily when a unit's notices are read. */
#include <stdio.h>

#include "base/arena.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "domain/notice.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: xuanguan remind --db DB\n\n"
		   "Give every unit with assignments due within their campaign's warning days,\n"
		   "or overdue, today's reminder digest: one notice a unit a day at most, so it\n"
		   "may run as often as you like. Prints how many digests it made.\n"
		   "  --db DB   SQLite file or postgresql:// URL (or XUANGUAN_DB)\n");
}

int
cli_remind(int argc, char **argv)
{
	const char *url = NULL;
	struct xg_error err;
	struct arena *a;
	size_t made = 0;
	struct db *db;
	enum xg_rc rc;
	int status;

	status = cli_db_only_args(argc, argv, usage, &url);
	if (status >= 0)
		return status;
	db = cli_open_db(cli_db_url(url), 1);
	if (db == NULL)
		return 1;
	a = arena_new();
	if (a == NULL) {
		fprintf(stderr, "xuanguan: out of memory\n");
		db_close(db);
		return 1;
	}
	rc = notice_digest(db, a, 0, clock_now(), &made, &err);
	if (rc != XG_OK)
		cli_print_error(&err);
	else
		printf("%zu reminder digests made\n", made);
	arena_free(a);
	db_close(db);
	return rc == XG_OK ? 0 : 1;
}
