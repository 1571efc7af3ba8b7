/* late: writes whose answers wait for their batch's COMMIT without holding a worker thread. */
#ifndef XG_LATE_H
#define XG_LATE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "http/request.h"

/*
 * How many writes of the server have a ticket armed or parked, and whether it is stopping (then no
 * more are armed). libmicrohttpd must not be stopped while a connection is suspended, so the
 * server drains them first (late_drain).
 */
struct late_answers {
	atomic_int open;
	atomic_bool stopping;
};

void late_init(struct late_answers *l);
/* Before r's route runs: a route that answers from its transaction alone (ROUTE_LATE_ANSWER) lets
 * its commit hand the wait for the batch's COMMIT to r's ticket (db_commit_later). */
void late_arm(struct req *r, struct late_answers *l);
/* After the route: whether r's connection was suspended until its batch ends (it is then resumed
 * by the batch's end and libmicrohttpd calls the handler again); false: answer now. */
bool late_park(struct req *r);
/* Before r's answer goes out: the answer stands only if its batch committed; else a 500. */
void late_settle(struct req *r);
/* Arm no more, and wait (30 s at most) until every armed answer has been sent or woken. */
void late_drain(struct late_answers *l);

#endif
