/* cli_org: `xuanguan org` — import units from CSV, list the tree. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "cli/import.h"
#include "domain/org.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: xuanguan org import --db DB FILE.csv\n"
		   "       xuanguan org list --db DB\n"
		   "       xuanguan org kinds --db DB\n"
		   "       xuanguan org kind-add --db DB NAME\n\n"
		   "import reads UTF-8 CSV with the header code,parent_code,name,kind,members.\n"
		   "It is all or nothing: every bad row is reported with its line number and\n"
		   "nothing is imported. Rows may come in any order; parent_code may name a unit\n"
		   "already in the database or another row; an empty parent_code makes a root.\n");
}

/* org_import_csv as cli_import runs it. */
static enum xg_rc
import_units(struct db *db, struct arena *a, const struct actor *actor, const char *text,
	     size_t len, const void *arg, struct buf *report, size_t *count, struct xg_error *err)
{
	(void)arg;
	return org_import_csv(db, a, actor, text, len, clock_now(), report, count, err);
}

static int
cmd_list(struct db *db, struct arena *a)
{
	struct db_org *list;
	size_t n, i;

	if (db_org_all(db, a, &list, &n) != DB_OK) {
		fprintf(stderr, "xuanguan: cannot list units: %s\n", db_error(db));
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%*s%s %s [%s] %lld%s\n", (int)list[i].depth * 2, "", list[i].code,
		       list[i].name, list[i].kind, (long long)list[i].members,
		       list[i].closed ? " (closed)" : "");
	return 0;
}

static int
cmd_kinds(struct db *db, struct arena *a)
{
	struct db_kind *kinds;
	size_t n, i;

	if (db_kind_list(db, a, &kinds, &n) != DB_OK) {
		fprintf(stderr, "xuanguan: cannot list kinds: %s\n", db_error(db));
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%s\n", kinds[i].name);
	return 0;
}

static int
cmd_kind_add(struct db *db, const char *name)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct xg_error err;
	int64_t id;

	if (org_kind_create(db, &sys, name, clock_now(), &id, &err) != XG_OK) {
		cli_print_error(&err);
		return 1;
	}
	printf("kind %s added\n", name);
	return 0;
}

int
cli_org(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *url = NULL, *sub;
	struct arena *a;
	struct db *db;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", opts, NULL)) != -1) {
		if (c == 'd') {
			url = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!((strcmp(sub, "import") == 0 && optind == argc - 2) ||
	      (strcmp(sub, "kind-add") == 0 && optind == argc - 2) ||
	      (strcmp(sub, "kinds") == 0 && optind == argc - 1) ||
	      (strcmp(sub, "list") == 0 && optind == argc - 1))) {
		usage(stderr);
		return 2;
	}
	if (strcmp(sub, "import") == 0)
		return cli_import(cli_db_url(url), argv[1 + optind], "units", import_units, NULL);
	/* list and kinds only read: they leave the database as they found it. */
	if (strcmp(sub, "list") == 0 || strcmp(sub, "kinds") == 0)
		db = cli_open_db_readonly(cli_db_url(url));
	else
		db = cli_open_db(cli_db_url(url), 1);
	if (db == NULL)
		return 1;
	a = arena_new();
	if (a == NULL)
		rc = 1;
	else if (strcmp(sub, "kind-add") == 0)
		rc = cmd_kind_add(db, argv[1 + optind]);
	else if (strcmp(sub, "kinds") == 0)
		rc = cmd_kinds(db, a);
	else
		rc = cmd_list(db, a);
	arena_free(a);
	db_close(db);
	return rc;
}
