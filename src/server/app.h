/* app: the server's long-lived, read-only state: configuration, database pool and static assets. */
#ifndef XG_APP_H
#define XG_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

struct asset {
	const char *name; /* e.g. "app.css", served at /static/app.css */
	const char *content_type;
	char *data;
	size_t len;
};

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t free_cond;
	struct db **conns;
	bool *busy;
	size_t n;
};

struct app_config {
	const char *db_url;
	const char *listen_host;
	unsigned listen_port;
	const char *static_dir;
	const char *site_name;
	unsigned threads;
	bool secure_cookies; /* add Secure to cookies: set when served over HTTPS */
};

struct app {
	struct app_config cfg;
	struct db_pool *pool;
	struct asset *assets;
	size_t nassets;
};

/* A connection from the pool, waiting for one if all are busy; release it after the request. */
struct db *app_db_acquire(const struct app *app);
void app_db_release(const struct app *app, struct db *db);
/* The asset called name, or NULL. */
const struct asset *app_asset(const struct app *app, const char *name);

/* Run the server until SIGINT or SIGTERM; returns a process exit status. */
int app_serve(const struct app_config *cfg);

#endif
