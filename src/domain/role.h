/* role: the roles of xuanguan and what each may do; the single source of permissions. */
#ifndef XG_ROLE_H
#define XG_ROLE_H

#include <stdbool.h>

/*
 * Business roles work inside the organisation tree; the three separated
 * administrator roles (三员分立) divide system power so that no one person
 * both changes accounts and reads the trail of that change.
 */
enum role {
	ROLE_STAFF,	 /* 工作人员: manages units and business accounts of the subtree */
	ROLE_SUPERVISOR, /* 督导: reads and inspects the subtree */
	ROLE_REPORTER,	 /* 联络员: records for the own unit and below */
	ROLE_VIEWER,	 /* 查看: reads */
	ROLE_SYSADMIN,	 /* 系统管理员: accounts and settings; cannot read the audit log */
	ROLE_SECADMIN,	 /* 安全管理员: security policy and locks */
	ROLE_AUDITOR,	 /* 安全审计员: reads the audit log, changes nothing */
	ROLE__MAX
};

/* Permissions a route or an action may require. */
enum perm {
	PERM_PUBLIC =
	    1u << 30, /* no login needed: never 0, so a route cannot forget its permission */
	PERM_LOGIN = 1u << 0, /* any logged-in account */
	PERM_ORG_READ = 1u << 1,
	PERM_ORG_WRITE = 1u << 2,
	PERM_USER_READ = 1u << 3,
	PERM_USER_WRITE = 1u << 4,
	PERM_SECURITY = 1u << 5, /* security policy, unlocking */
	PERM_AUDIT_READ = 1u << 6,
	PERM_DIRECTIVE = 1u << 7,	/* read a directive into its parts (文件解析) */
	PERM_RECORD_READ = 1u << 8,	/* work records, campaigns and their figures */
	PERM_RECORD_WRITE = 1u << 9,	/* record for the own unit and below */
	PERM_RECORD_REVIEW = 1u << 10,	/* approve or return publicity of units below */
	PERM_CAMPAIGN_WRITE = 1u << 11, /* set up campaigns (专项工作) */
	PERM_TASK_READ = 1u << 12,	/* tasks, their assignments and lights */
	PERM_TASK_ASSIGN = 1u << 13,	/* assign tasks to units below */
	PERM_TASK_WORK = 1u << 14,	/* sign for a task and report progress */
	PERM_INSPECT = 1u << 15,	/* record inspections (督查), ask for and close rectifications */
};

/* Parse a role's code ("staff"...); returns ROLE__MAX when unknown. */
enum role role_parse(const char *s);
/* The code ("staff") and the Chinese name ("工作人员"); static strings. */
const char *role_code(enum role r);
const char *role_label(enum role r);
/* The permissions of role r. */
unsigned role_perms(enum role r);
bool role_can(enum role r, unsigned perm);
/* Whether r is one of the three administrator roles (sysadmin, secadmin, auditor). */
bool role_is_admin(enum role r);
/*
 * May an account of role actor create or change accounts of role target?
 * Never for an administrator target: those are kept on the command line.
 */
bool role_may_manage(enum role actor, enum role target);

#endif
