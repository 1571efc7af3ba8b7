/* role: the role table. */
#include "domain/role.h"

#include <string.h>

static const struct {
	const char *code;
	const char *label;
	unsigned perms;
} roles[ROLE__MAX] = {
    [ROLE_STAFF] = {"staff", "工作人员",
		    PERM_LOGIN | PERM_ORG_READ | PERM_ORG_WRITE | PERM_USER_READ | PERM_USER_WRITE |
			PERM_DIRECTIVE | PERM_RECORD_READ | PERM_RECORD_WRITE | PERM_RECORD_REVIEW |
			PERM_CAMPAIGN_WRITE | PERM_TASK_READ | PERM_TASK_ASSIGN | PERM_TASK_WORK |
			PERM_INSPECT},
    [ROLE_SUPERVISOR] = {"supervisor", "督导检查",
			 PERM_LOGIN | PERM_ORG_READ | PERM_USER_READ | PERM_DIRECTIVE |
			     PERM_RECORD_READ | PERM_RECORD_REVIEW | PERM_TASK_READ | PERM_INSPECT},
    [ROLE_REPORTER] = {"reporter", "联络员",
		       PERM_LOGIN | PERM_ORG_READ | PERM_RECORD_READ | PERM_RECORD_WRITE |
			   PERM_TASK_READ | PERM_TASK_WORK},
    [ROLE_VIEWER] = {"viewer", "查看人员",
		     PERM_LOGIN | PERM_ORG_READ | PERM_RECORD_READ | PERM_TASK_READ},
    [ROLE_SYSADMIN] = {"sysadmin", "系统管理员",
		       PERM_LOGIN | PERM_ORG_READ | PERM_USER_READ | PERM_USER_WRITE},
    [ROLE_SECADMIN] = {"secadmin", "安全管理员",
		       PERM_LOGIN | PERM_ORG_READ | PERM_USER_READ | PERM_SECURITY},
    [ROLE_AUDITOR] = {"auditor", "安全审计员", PERM_LOGIN | PERM_AUDIT_READ},
};

enum role
role_parse(const char *s)
{
	int i;

	if (s == NULL)
		return ROLE__MAX;
	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, roles[i].code) == 0)
			return (enum role)i;
	return ROLE__MAX;
}

const char *
role_code(enum role r)
{
	return r < ROLE__MAX ? roles[r].code : "unknown";
}

const char *
role_label(enum role r)
{
	return r < ROLE__MAX ? roles[r].label : "未知";
}

unsigned
role_perms(enum role r)
{
	return r < ROLE__MAX ? roles[r].perms : 0;
}

bool
role_can(enum role r, unsigned perm)
{
	return perm == PERM_PUBLIC || (role_perms(r) & perm) == perm;
}

bool
role_is_admin(enum role r)
{
	return r == ROLE_SYSADMIN || r == ROLE_SECADMIN || r == ROLE_AUDITOR;
}

bool
role_may_manage(enum role actor, enum role target)
{
	if (target >= ROLE__MAX)
		return false;
	/*
	 * 三员分立: the three administrators restrain one another, so no account
	 * (the system administrator included) makes, repairs or grants an
	 * administrator account over the web; the command line on the server does,
	 * as the system actor. The sysadmin and staff keep the business accounts.
	 */
	if (actor == ROLE_SYSADMIN || actor == ROLE_STAFF)
		return !role_is_admin(target);
	return false;
}
