/* app: start-up (database pool, static assets), the HTTP daemon, and orderly shut-down. */
#include "server/app.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/schema.h"
#include "server/mhd.h"
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

const struct asset *
app_asset(const struct app *app, const char *name)
{
	size_t i;

	for (i = 0; i < app->nassets; i++)
		if (strcmp(app->assets[i].name, name) == 0)
			return &app->assets[i];
	return NULL;
}

static void
pool_free(struct db_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		db_close(p->conns[i]);
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
	if (p->conns == NULL || p->busy == NULL) {
		pool_free(p);
		return NULL;
	}
	for (p->n = 0; p->n < n; p->n++) {
		if (db_open(url, &p->conns[p->n], err, sizeof(err)) != DB_OK) {
			fprintf(stderr, "xuanguan: %s\n", err);
			pool_free(p);
			return NULL;
		}
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

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	return "application/octet-stream";
}

static int
load_file(const char *path, struct asset *as)
{
	FILE *f = fopen(path, "rb");
	long size;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	as->data = malloc((size_t)size + 1);
	if (as->data == NULL || fread(as->data, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		return -1;
	}
	fclose(f);
	as->len = (size_t)size;
	return 0;
}

/*
 * Static files are read once at start-up and served from memory: no path
 * from a request ever reaches the file system.
 */
static int
load_assets(struct app *app)
{
	DIR *d = opendir(app->cfg.static_dir);
	struct dirent *e;
	size_t cap = 0;

	if (d == NULL) {
		fprintf(stderr, "xuanguan: cannot open the static directory %s: %s\n",
			app->cfg.static_dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct asset *as;
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", app->cfg.static_dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (app->nassets == cap) {
			cap = cap ? cap * 2 : 16;
			as = realloc(app->assets, cap * sizeof(*as));
			if (as == NULL)
				break;
			app->assets = as;
		}
		as = &app->assets[app->nassets];
		memset(as, 0, sizeof(*as));
		as->name = strdup(e->d_name);
		as->content_type = type_of(e->d_name);
		if (as->name == NULL || load_file(path, as) != 0) {
			fprintf(stderr, "xuanguan: cannot read %s\n", path);
			free((char *)as->name);
			free(as->data);
			continue;
		}
		app->nassets++;
	}
	closedir(d);
	return 0;
}

static void
assets_free(struct app *app)
{
	size_t i;

	for (i = 0; i < app->nassets; i++) {
		free((char *)app->assets[i].name);
		free(app->assets[i].data);
	}
	free(app->assets);
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
	return MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
	    (uint16_t)app->cfg.listen_port, NULL, NULL, http_on_request, app, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)app->cfg.threads,
	    MHD_OPTION_NOTIFY_COMPLETED, http_on_completed, app,
	    /* Request time limit: a client idle for this long is dropped. */
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
	    /* Header size limit: the request line and headers must fit in this per-connection pool.
	     */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024), MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)1000, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
	    MHD_OPTION_END);
}

int
app_serve(const struct app_config *cfg)
{
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
	if (load_assets(&app) != 0)
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
	MHD_stop_daemon(d);
	status = 0;
out:
	assets_free(&app);
	pool_free(app.pool);
	return status;
}
