/*
 * commits: serial durable SQLite commits in one process, the yardstick for record creation through
 * the API. Each transaction does what a record write does to the storage: one INSERT into records
 * and one upsert of the roll-up rows of the unit and its ancestors (and the campaign's), then one
 * COMMIT with synchronous=FULL in WAL mode (one fsync). Prints commits/s and the latency spread.
 * Usage: commits DB SECONDS   (DB: a database made by `xuanguan init --demo`; rows are added to it)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SAMPLES 2000000

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
step_done(sqlite3 *h, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "commits: %s\n", sqlite3_errmsg(h));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const ins_sql =
	    "INSERT INTO records (org_id, kind, day, title, audience, detail, state,"
	    " author_org_id, recorded_by_name, recorded_at, updated_at)"
	    " VALUES (?1, 'lecture', '2025-06-01', 'bench', 10, '{}', 'recorded', ?1, 'bench', ?2, "
	    "?2)";
	/* Four units up to the root, each for all campaigns (0) and one campaign: 8 counter rows.
	 */
	static const char *const roll_sql =
	    "INSERT INTO rollup (org_id, campaign_id, kind, month, slot, records, participants,"
	    " audience, hours) SELECT value % 1000, value / 1000, 'lecture', '2025-06', 0, 1, 0, "
	    "10, 0"
	    " FROM json_each(?1) WHERE true ON CONFLICT (org_id, campaign_id, kind, month, slot)"
	    " DO UPDATE SET records = rollup.records + excluded.records,"
	    " audience = rollup.audience + excluded.audience";
	sqlite3 *h = NULL;
	sqlite3_stmt *ins = NULL, *roll = NULL, *begin = NULL, *commit = NULL;
	double *lat = calloc(MAX_SAMPLES, sizeof(*lat)), t0, end, secs;
	long n = 0;
	int status = 1;

	if (argc != 3 || lat == NULL) {
		fprintf(stderr, "usage: commits DB SECONDS\n");
		return 2;
	}
	secs = atof(argv[2]);
	if (sqlite3_open(argv[1], &h) != SQLITE_OK ||
	    sqlite3_exec(
		h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
		NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, ins_sql, -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, roll_sql, -1, &roll, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "COMMIT", -1, &commit, NULL) != SQLITE_OK) {
		fprintf(stderr, "commits: %s\n", h ? sqlite3_errmsg(h) : "out of memory");
		goto out;
	}
	t0 = now_ms();
	end = t0 + secs * 1e3;
	for (;;) {
		double s = now_ms();
		if (s >= end || n == MAX_SAMPLES)
			break;
		sqlite3_bind_int64(ins, 1, 4);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)time(NULL));
		sqlite3_bind_text(roll, 1, "[1,2,3,4,1001,1002,1003,1004]", -1, SQLITE_STATIC);
		if (step_done(h, begin) || step_done(h, ins) || step_done(h, roll) ||
		    step_done(h, commit))
			goto out;
		lat[n++] = now_ms() - s;
	}
	secs = (now_ms() - t0) / 1e3;
	qsort(lat, (size_t)n, sizeof(*lat), cmp_double);
	printf("serial commits (synchronous=FULL, WAL): %ld in %.1f s = %.0f commits/s;"
	       " latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
	       n, secs, (double)n / secs, n ? lat[n / 2] : 0.0, n ? lat[n * 99 / 100] : 0.0,
	       n ? lat[n - 1] : 0.0);
	status = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(roll);
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_close(h);
	free(lat);
	return status;
}
