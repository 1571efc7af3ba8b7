/*
 * late: a write's answer that waits for its batch's COMMIT with its connection suspended, so the
 * worker thread serves other requests meanwhile and a batch is not bounded by the threads
 * (docs/architecture.md, "Late answers"). The database side is db_commit_later (db/conn.c).
 */
#include "server/late.h"

#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "db/db.h"
#include "domain/error.h"
#include "server/route.h"

void
late_init(struct late_answers *l)
{
	atomic_init(&l->open, 0);
	atomic_init(&l->stopping, false);
}

/* The ticket's park and wake, called with the gate's lock of finished batches held: they only
 * signal libmicrohttpd (resume is its one call that is safe from another thread). */
static void
park_connection(void *arg)
{
	struct req *r = arg;

	r->parked = true;
	MHD_suspend_connection(r->conn);
}

static void
wake_connection(void *arg)
{
	struct req *r = arg;
	struct late_answers *l = r->late_of;

	/* Resumed, r may be answered and freed by its worker as soon as the batch's lock is let go:
	 * nothing of r is read after this call. The count falls after it, so a stop that waits for
	 * the count never finds the connection still suspended. */
	MHD_resume_connection(r->conn);
	atomic_fetch_sub(&l->open, 1);
}

void
late_arm(struct req *r, struct late_answers *l)
{
	if (r->route == NULL || (r->route->flags & ROUTE_LATE_ANSWER) == 0 ||
	    atomic_load(&l->stopping))
		return;
	atomic_fetch_add(&l->open, 1);
	memset(&r->ticket, 0, sizeof(r->ticket));
	r->ticket.park = park_connection;
	r->ticket.wake = wake_connection;
	r->ticket.arg = r;
	r->late_of = l;
	db_commit_later(r->db, &r->ticket);
}

bool
late_park(struct req *r)
{
	if (r->late_of == NULL)
		return false;
	if (db_ticket_park(&r->ticket))
		return true;
	atomic_fetch_sub(&r->late_of->open, 1);
	return false;
}

void
late_settle(struct req *r)
{
	struct xg_error err;

	if (r->late_of == NULL || db_ticket_result(&r->ticket) == DB_OK)
		return;
	log_error("storage error on %s: %s", r->path, r->ticket.err);
	r->location = r->set_cookie = r->disposition = NULL;
	xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误，请稍后重试或联系管理员");
	route_error(r, &err);
}

void
late_drain(struct late_answers *l)
{
	struct timespec nap = {0, 1000000};
	int waited_ms = 0;

	atomic_store(&l->stopping, true);
	while (atomic_load(&l->open) > 0 && waited_ms < 30000) {
		nanosleep(&nap, NULL);
		waited_ms++;
	}
	if (atomic_load(&l->open) > 0)
		log_error("stopping with %d writes still waiting for their batch",
			  atomic_load(&l->open));
}
