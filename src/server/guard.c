/* guard: the request-head deadline, kept by one watcher thread over a list of open connections. */
#include "server/guard.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"

struct watch {
	struct guard *g;
	struct watch *prev, *next;
	int fd;
	int64_t since_ms; /* when the current head began */
	bool in_head;	  /* waiting for a request head */
	bool cut;	  /* shut down by the watcher */
};

struct guard {
	pthread_mutex_t lock;
	pthread_cond_t stop_cond;
	pthread_t thread;
	bool stop;
	int64_t limit_ms;
	struct watch *head;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Shutting the socket down (not closing it) makes libmicrohttpd see the end
 * of the stream and close the connection itself. The lock is held, and the
 * CLOSED notice that unlinks a watch takes it too and comes before the
 * library closes the descriptor, so fd is never a reused number.
 */
static void
sweep(struct guard *g, int64_t now)
{
	struct watch *w;

	for (w = g->head; w != NULL; w = w->next)
		if (w->in_head && !w->cut && now - w->since_ms > g->limit_ms) {
			w->cut = true;
			shutdown(w->fd, SHUT_RDWR);
		}
}

static void *
watcher(void *arg)
{
	struct guard *g = arg;
	struct timespec until;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->stop_cond, &g->lock, &until);
		sweep(g, now_ms());
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *
guard_new(unsigned head_seconds)
{
	struct guard *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	g->limit_ms = (int64_t)head_seconds * 1000;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->stop_cond, NULL);
	if (pthread_create(&g->thread, NULL, watcher, g) != 0) {
		pthread_mutex_destroy(&g->lock);
		pthread_cond_destroy(&g->stop_cond);
		free(g);
		return NULL;
	}
	return g;
}

void
guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->stop_cond);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->stop_cond);
	free(g);
}

static void
track(struct guard *g, struct MHD_Connection *c, void **socket_context)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct watch *w = calloc(1, sizeof(*w));

	*socket_context = w;
	if (w == NULL || ci == NULL) {
		log_error("cannot watch a new connection (out of memory)");
		free(w);
		*socket_context = NULL;
		return;
	}
	w->g = g;
	w->fd = ci->connect_fd;
	w->in_head = true;
	w->since_ms = now_ms();
	pthread_mutex_lock(&g->lock);
	w->next = g->head;
	if (g->head != NULL)
		g->head->prev = w;
	g->head = w;
	pthread_mutex_unlock(&g->lock);
}

static void
untrack(struct watch *w)
{
	struct guard *g = w->g;

	pthread_mutex_lock(&g->lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		g->head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&g->lock);
	free(w);
}

void
guard_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
		    enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		track(cls, c, socket_context);
	else if (*socket_context != NULL) {
		untrack(*socket_context);
		*socket_context = NULL;
	}
}

static void
set_in_head(struct MHD_Connection *c, bool in_head)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct watch *w = ci != NULL ? ci->socket_context : NULL;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->g->lock);
	w->in_head = in_head;
	w->since_ms = now_ms();
	pthread_mutex_unlock(&w->g->lock);
}

void
guard_head_done(struct MHD_Connection *c)
{
	set_in_head(c, false);
}

void
guard_request_done(struct MHD_Connection *c)
{
	set_in_head(c, true);
}
