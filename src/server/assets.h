/* assets: the pages' static files (CSS, scripts, the chart library), built into the binary and
 * served from memory; a directory given at start-up replaces them during development. */
#ifndef XG_ASSETS_H
#define XG_ASSETS_H

#include <stddef.h>

#include "http/request.h"

struct asset {
	const char *name;	  /* e.g. "app.css", served at /static/app.css */
	const char *content_type; /* NULL in the built-in table: derived from the name */
	const char *data;
	size_t len;
};

/* The files built into the binary (generated from web/static), ending with a NULL name. */
extern const struct asset assets_builtin[];

struct assets {
	struct asset *v;
	size_t n;
	int owned; /* data read from a directory, freed by assets_free */
};

/*
 * Fill set from dir, or from the built-in files when dir is NULL. Files are
 * read once at start-up: no path from a request ever reaches the file
 * system. Returns 0, or -1 with a message on standard error.
 */
int assets_load(struct assets *set, const char *dir);
void assets_free(struct assets *set);
/* The file called name, or NULL. */
const struct asset *assets_find(const struct assets *set, const char *name);

/* GET /static/{file}: the file, cacheable, or a 404 page. */
void assets_serve(struct req *r);

#endif
