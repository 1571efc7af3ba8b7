/* main: the xuanguan command — one binary, one subcommand per job. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/clock.h"
#include "domain/auth.h"
#include "cli/cli.h"
#include "cli/directive.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
    {"init", cli_init, "create or upgrade the database (--demo loads the demo organisation)"},
    {"serve", cli_serve, "serve the web interface and the JSON API"},
    {"user", cli_user, "manage accounts: add, passwd, disable, enable, list, token"},
    {"org", cli_org, "manage the organisation tree: import, list"},
    {"record", cli_record, "work records: import a CSV file of one kind"},
    {"check", cli_check, "recompute the roll-ups of the work records and compare"},
    {"remind", cli_remind, "make today's reminder digests (one per unit per day; for cron)"},
    {"demo", cli_demo, "generate a large deterministic organisation and its records"},
    {"directive", cli_directive, "read an official document into structure and tasks"},
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: xuanguan COMMAND [options]\n\n"
		"xuanguan (宣贯) — directives, tasks and reports across an organisation tree.\n\n"
		"commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'xuanguan COMMAND --help' for a command's options.\n"
		   "DB is a SQLite file path or a postgresql:// URL; XUANGUAN_DB may give it.\n");
}

/* Every command's "now" comes from the clock, which XUANGUAN_NOW may set (base/clock.h). */
static int
start_clock(void)
{
	char err[160];

	if (clock_start(getenv("XUANGUAN_NOW"), err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "xuanguan: %s\n", err);
	return -1;
}

int
main(int argc, char **argv)
{
	size_t i;

	/* So that a JSON text jansson tore for want of memory is never taken as whole. */
	json_set_alloc_funcs(alloc_json_malloc, free);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (start_clock() != 0)
		return 2;
	if (auth_init() != 0) {
		fprintf(stderr, "xuanguan: cannot initialise the cryptography library\n");
		return 1;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "xuanguan: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
