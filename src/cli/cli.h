/* cli: shared pieces of the command-line subcommands (options, database, passwords). */
#ifndef XG_CLI_H
#define XG_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "db/db.h"
#include "domain/error.h"

/* The database URL from --db, else XUANGUAN_DB, else NULL. */
const char *cli_db_url(const char *opt);
/*
 * Open the database and check that its schema is this binary's (when
 * check_schema). Prints a clear reason and returns NULL on failure.
 */
struct db *cli_open_db(const char *url, int check_schema);
/*
 * Open the database for a command that only reads: read-only (never
 * migrates, never switches the journal), schema checked. NULL (reason
 * printed) on failure, an older schema included: that asks for `xuanguan init`.
 */
struct db *cli_open_db_readonly(const char *url);
/*
 * The options of a command whose only option is --db (and --help): *url gets
 * it. Returns -1 to go on, else the command's exit status (0 after --help,
 * 2 after a usage error, the usage printed either way).
 */
int cli_db_only_args(int argc, char **argv, void (*usage)(FILE *f), const char **url);
/* Read one line from standard input (without its line end) into buf; -1 on EOF or overlong. */
int cli_read_line(char *buf, size_t cap);
/* Print a domain error for a person: "xuanguan: message". */
void cli_print_error(const struct xg_error *err);

/* The subcommands; argv[0] is the subcommand's own name. Each returns an exit status. */
int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_org(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_record(int argc, char **argv);
int cli_remind(int argc, char **argv);
/* `xuanguan demo generate` (cli/generate.c). */
int cli_demo(int argc, char **argv);

#endif
