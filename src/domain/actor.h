/* actor: who is acting — a logged-in account or the system itself — and where in the tree. */
#ifndef XG_ACTOR_H
#define XG_ACTOR_H

#include <stdint.h>

#include "domain/role.h"

/*
 * Every domain call takes the actor. org_path is the root of what the actor
 * may see; strings belong to the request's arena (or are static for the
 * system actor).
 */
struct actor {
	int64_t user_id; /* 0: the system (command line, start-up) */
	const char *username;
	const char *display_name;
	enum role role;
	int64_t org_id;
	const char *org_path; /* NULL: the whole tree */
	const char *org_name;
	const char *client; /* client address, for the audit log */
	int64_t session_id;
	const char *csrf; /* non-NULL for cookie sessions */
};

/* The system actor of command-line tools: the whole tree, every permission of sysadmin and staff.
 */
#define ACTOR_SYSTEM(cli)                                                                          \
	((struct actor){.user_id = 0,                                                              \
			.username = "system",                                                      \
			.display_name = "系统",                                                    \
			.role = ROLE_SYSADMIN,                                                     \
			.org_path = NULL,                                                          \
			.client = (cli)})

#endif
