/* app: the server's long-lived, read-only state: configuration, database pool and static assets. */
#ifndef XG_APP_H
#define XG_APP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/policy.h"
#include "http/request.h"
#include "server/assets.h"
#include "server/late.h"

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t free_cond;
	struct db **conns;
	struct db_gate *gate; /* SQLite writers of this process queue here */
	bool *busy;
	size_t n;
};

struct app_config {
	const char *db_url;
	const char *listen_host;
	unsigned listen_port;
	const char *static_dir; /* NULL: the files built into the binary */
	const char *site_name;
	unsigned threads;
	bool secure_cookies;	 /* add Secure to cookies: set when served over HTTPS */
	unsigned per_addr_limit; /* open connections from one client address (0: no limit) */
	unsigned head_timeout;	 /* seconds a request head may take to arrive, however slowly */
	bool reuse_port;	 /* share the port with other processes (SO_REUSEPORT) */
	unsigned upload_max_mb;	 /* MiB an upload route accepts (evidence files, documents) */
	const char *tmp_dir;	 /* where uploads and exports wait, unlinked */
};

struct app {
	struct app_config cfg;
	struct site site; /* what handlers may read of cfg */
	struct db_pool *pool;
	struct assets assets;
	struct guard *guard;
	struct policy_cache *policy; /* the policy, read again only when it changes */
	struct late_answers *late;
};

/* A connection from the pool, waiting for one if all are busy; release it after the request. */
struct db *app_db_acquire(const struct app *app);
void app_db_release(const struct app *app, struct db *db);

/* Run the server until SIGINT or SIGTERM; returns a process exit status. */
int app_serve(const struct app_config *cfg);

#endif
