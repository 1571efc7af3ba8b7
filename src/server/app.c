/* app: start-up (database pool, static files), the HTTP daemon, and orderly shut-down. */
#include "server/app.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/schema.h"
#include "server/guard.h"
#include "server/mhd.h"
#include "server/route.h"
#include "base/log.h"

struct db *
app_db_acquire(const struct app *app)
{
	struct db_pool *p = app->pool;
	struct db *db = NULL;
	size_t i;

	pthread_mutex_lock(&p->lock);
	while (db == NULL) {
		for (i = 0; i < p->n; i++)
			if (!p->busy[i]) {
				p->busy[i] = true;
				db = p->conns[i];
				break;
			}
		if (db == NULL)
			pthread_cond_wait(&p->free_cond, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return db;
}

void
app_db_release(const struct app *app, struct db *db)
{
	struct db_pool *p = app->pool;
	size_t i;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n; i++)
		if (p->conns[i] == db)
			p->busy[i] = false;
	pthread_cond_signal(&p->free_cond);
	pthread_mutex_unlock(&p->lock);
}

static void
pool_free(struct db_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		db_close(p->conns[i]);
	db_gate_free(p->gate);
	free(p->conns);
	free(p->busy);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->free_cond);
	free(p);
}

static struct db_pool *
pool_new(const char *url, size_t n)
{
	struct db_pool *p = calloc(1, sizeof(*p));
	char err[512];
	int version;
	enum db_rc rc;

	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free_cond, NULL);
	p->conns = calloc(n, sizeof(*p->conns));
	p->busy = calloc(n, sizeof(*p->busy));
	p->gate = db_gate_new();
	if (p->conns == NULL || p->busy == NULL || p->gate == NULL) {
		pool_free(p);
		return NULL;
	}
	if (db_gate_checkpoints(p->gate, url, err, sizeof(err)) != DB_OK ||
	    db_gate_batches(p->gate, url, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "xuanguan: %s\n", err);
		pool_free(p);
		return NULL;
	}
	for (p->n = 0; p->n < n; p->n++) {
		if (db_open(url, &p->conns[p->n], err, sizeof(err)) != DB_OK) {
			fprintf(stderr, "xuanguan: %s\n", err);
			pool_free(p);
			return NULL;
		}
		db_set_gate(p->conns[p->n], p->gate);
	}
	rc = db_schema_check(p->conns[0], &version);
	if (rc != DB_OK) {
		fprintf(stderr,
			"xuanguan: the database schema is at version %d, this program needs %d;"
			" %s\n",
			version, db_schema_latest(),
			rc == DB_TOONEW ? "use a newer xuanguan" : "run: xuanguan init --db DB");
		pool_free(p);
		return NULL;
	}
	return p;
}

static struct MHD_Daemon *
start_daemon(struct app *app)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)app->cfg.listen_port);
	if (inet_pton(AF_INET, app->cfg.listen_host, &sa.sin_addr) != 1) {
		fprintf(stderr,
			"xuanguan: listen address must be an IPv4 address, e.g. 127.0.0.1\n");
		return NULL;
	}
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_SOCK_ADDR, 0, &sa},
	    {MHD_OPTION_THREAD_POOL_SIZE, app->cfg.threads, NULL},
	    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)mhd_on_uri, app},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)mhd_on_completed, app},
	    {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)guard_on_connection, app->guard},
	    /* A client idle for this long is dropped; guard.c bounds a head that trickles. */
	    {MHD_OPTION_CONNECTION_TIMEOUT, 30, NULL},
	    /* Header size limit: the request line and headers must fit in this per-connection pool.
	     */
	    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, 128 * 1024, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, 1000, NULL},
	    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->cfg.per_addr_limit, NULL},
	    /*
	     * Another process on the same port only when asked (SO_REUSEPORT): else two
	     * servers would share it. Left out, the library keeps SO_REUSEADDR, so a restart
	     * binds again at once; given as 0 it would refuse even that.
	     */
	    {app->cfg.reuse_port ? MHD_OPTION_LISTENING_ADDRESS_REUSE : MHD_OPTION_END, 1, NULL},
	    {MHD_OPTION_END, 0, NULL},
	};

	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
				    MHD_ALLOW_SUSPEND_RESUME,
				(uint16_t)app->cfg.listen_port, NULL, NULL, mhd_on_request, app,
				MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
}

int
app_serve(const struct app_config *cfg)
{
	struct policy_cache policy;
	struct late_answers late;
	struct app app;
	struct MHD_Daemon *d;
	sigset_t set;
	int sig, status = 1;

	memset(&app, 0, sizeof(app));
	app.cfg = *cfg;
	/* Block the stop signals in every thread; this one waits for them below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* One connection per worker thread, plus spares for bursts that wait on the database. */
	app.pool = pool_new(cfg->db_url, cfg->threads + 2);
	if (app.pool == NULL)
		return 1;
	policy_cache_init(&policy);
	app.policy = &policy;
	late_init(&late);
	app.late = &late;
	app.site.name = cfg->site_name;
	app.site.secure_cookies = cfg->secure_cookies;
	app.site.tmp_dir = cfg->tmp_dir;
	if (route_table_check() != 0 || assets_load(&app.assets, cfg->static_dir) != 0)
		goto out;
	app.guard = guard_new(cfg->head_timeout);
	if (app.guard == NULL)
		goto out;
	d = start_daemon(&app);
	if (d == NULL) {
		fprintf(stderr, "xuanguan: cannot listen on %s:%u (in use, or not permitted)\n",
			cfg->listen_host, cfg->listen_port);
		goto out;
	}
	log_info("xuanguan serving http://%s:%u/ (%s, %u threads)", cfg->listen_host,
		 cfg->listen_port, db_backend(app.pool->conns[0]), cfg->threads);
	sigwait(&set, &sig);
	log_info("stopping on signal %d", sig);
	late_drain(&late);
	MHD_stop_daemon(d);
	status = 0;
out:
	guard_free(app.guard);
	assets_free(&app.assets);
	pool_free(app.pool);
	policy_cache_free(&policy);
	return status;
}
