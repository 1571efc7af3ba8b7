/* cli_import: what the import commands share (`org import`, `record import`) — open the database,
 * read the file whole, run the domain's import (one transaction: all or nothing), print the bad
 * rows or the count, and the exit status. */
#ifndef XG_CLI_IMPORT_H
#define XG_CLI_IMPORT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

/* The largest file an import reads. */
#define CLI_IMPORT_MAX ((size_t)64 << 20)

/*
 * One import of a file's text (as read: the domain decides its encoding) by actor, arg being
 * the command's own (a record kind). On failure report gets the bad rows, one line each, and
 * err the reason; *count gets the rows imported.
 */
typedef enum xg_rc (*cli_import_fn)(struct db *db, struct arena *a, const struct actor *actor,
				    const char *text, size_t len, const void *arg,
				    struct buf *report, size_t *count, struct xg_error *err);

/*
 * Import the file at path ("-": standard input) into the database at url (its schema
 * checked) as the system actor: prints "imported N <noun>" and returns 0, or prints the bad
 * rows and the reason on standard error and returns 1 (nothing imported).
 */
int cli_import(const char *url, const char *path, const char *noun, cli_import_fn run,
	       const void *arg);

#endif
