/* cli_check: `xuanguan check` — recompute every roll-up from the records, and the assignments
 * counted per unit and task, and compare. */
#include <stdio.h>

#include "cli/cli.h"
#include "domain/record.h"
#include "domain/task.h"

/* Each difference goes out as it comes, so a database with many holds none of them. */
static void
print_line(void *cls, const char *text)
{
	fputs(text, cls);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: xuanguan check --db DB\n\n"
		   "Recompute the roll-ups of the work records from the records themselves, and\n"
		   "the assignments counted per unit and task from the assignments, and compare\n"
		   "them with the stored ones. Prints each difference and exits 1 when there is\n"
		   "one, 0 when they agree.\n"
		   "  --db DB   SQLite file or postgresql:// URL (or XUANGUAN_DB)\n");
}

int
cli_check(int argc, char **argv)
{
	const char *url = NULL;
	struct xg_error err;
	size_t diffs = 0, task_diffs = 0;
	struct db *db;
	enum xg_rc rc;
	int status;

	status = cli_db_only_args(argc, argv, usage, &url);
	if (status >= 0)
		return status;
	/* It only reads: never migrates, never writes (docs/security.md, read-only commands). */
	db = cli_open_db_readonly(cli_db_url(url));
	if (db == NULL)
		return 1;
	/*
	 * One transaction reading one snapshot, so the records and the counters
	 * are read as of one moment while writers go on (REPEATABLE READ on
	 * PostgreSQL; on SQLite the transaction holds writers off for the walk).
	 */
	rc = xg_tx_begin(db, &err);
	if (rc == XG_OK)
		rc = xg_from_db(&err, db_snapshot(db), db, "统计");
	if (rc == XG_OK) {
		rc = record_check_rollups(db, print_line, stdout, &diffs, &err);
		if (rc == XG_OK)
			rc = task_check_counts(db, print_line, stdout, &task_diffs, &err);
		db_rollback(db);
	}
	if (rc != XG_OK) {
		cli_print_error(&err);
	} else {
		if (diffs > 0)
			printf("%zu roll-up rows differ from the records\n", diffs);
		else
			printf("roll-ups agree with the records\n");
		if (task_diffs > 0)
			printf("%zu task count rows differ from the assignments\n", task_diffs);
		else
			printf("task counts agree with the assignments\n");
	}
	db_close(db);
	return rc == XG_OK && diffs == 0 && task_diffs == 0 ? 0 : 1;
}
