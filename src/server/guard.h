/* guard: what one client must not stretch — a deadline for every request head, however slowly it
 * trickles in (libmicrohttpd's idle timeout restarts at every byte). */
#ifndef XG_GUARD_H
#define XG_GUARD_H

#include <microhttpd.h>

struct guard;

/*
 * Start the watch: a connection whose request head (request line and
 * headers) is not complete within head_seconds of its start, or of the end
 * of its previous request, is shut down. Returns NULL when the watcher
 * thread cannot start. guard_free stops it; NULL is accepted.
 */
struct guard *guard_new(unsigned head_seconds);
void guard_free(struct guard *g);

/* For MHD_OPTION_NOTIFY_CONNECTION (cls: the guard): track connections as they open and close. */
void guard_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			 enum MHD_ConnectionNotificationCode code);
/* The head of the request on c has arrived: its clock stops. */
void guard_head_done(struct MHD_Connection *c);
/* The request on c is answered: the clock of the next head starts. */
void guard_request_done(struct MHD_Connection *c);

#endif
