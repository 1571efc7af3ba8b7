/* test_role: the permission table and who may manage which accounts (src/role.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/role.h"

static const unsigned writes = PERM_ORG_WRITE | PERM_USER_WRITE | PERM_SECURITY;

static void
test_parse_and_names(void **state)
{
	static const char *const codes[] = {"staff",	"supervisor", "reporter", "viewer",
					    "sysadmin", "secadmin",   "auditor"};
	int i;
	(void)state;

	for (i = 0; i < ROLE__MAX; i++) {
		assert_int_equal(role_parse(codes[i]), i);
		assert_string_equal(role_code((enum role)i), codes[i]);
		assert_true(strlen(role_label((enum role)i)) > 0);
	}
	assert_int_equal(role_parse("admin"), ROLE__MAX);
	assert_int_equal(role_parse("Staff"), ROLE__MAX); /* codes are exact */
	assert_int_equal(role_parse(""), ROLE__MAX);
	assert_int_equal(role_parse(NULL), ROLE__MAX);
	assert_int_equal(role_parse("staff "), ROLE__MAX);
	assert_int_equal(role_perms(ROLE__MAX), 0);
	assert_false(role_can(ROLE__MAX, PERM_LOGIN));
	assert_string_equal(role_code(ROLE__MAX), "unknown");
}

static void
test_everyone_logs_in(void **state)
{
	int i;
	(void)state;

	for (i = 0; i < ROLE__MAX; i++) {
		assert_true(role_can((enum role)i, PERM_LOGIN));
		assert_true(role_can((enum role)i, PERM_PUBLIC));
	}
}

static void
test_auditor_changes_nothing(void **state)
{
	(void)state;
	assert_true(role_can(ROLE_AUDITOR, PERM_AUDIT_READ));
	assert_int_equal(role_perms(ROLE_AUDITOR) & writes, 0);
	assert_false(role_can(ROLE_AUDITOR, PERM_ORG_WRITE));
	assert_false(role_can(ROLE_AUDITOR, PERM_USER_WRITE));
	assert_false(role_can(ROLE_AUDITOR, PERM_SECURITY));
	for (int t = 0; t < ROLE__MAX; t++)
		assert_false(role_may_manage(ROLE_AUDITOR, (enum role)t));
}

static void
test_only_auditor_reads_audit(void **state)
{
	int i;
	(void)state;

	for (i = 0; i < ROLE__MAX; i++)
		if (i != ROLE_AUDITOR)
			assert_false(role_can((enum role)i, PERM_AUDIT_READ));
	/* In particular the system administrator, who changes accounts, cannot read their trail. */
	assert_false(role_can(ROLE_SYSADMIN, PERM_AUDIT_READ));
}

static void
test_security_is_secadmins(void **state)
{
	int i;
	(void)state;

	for (i = 0; i < ROLE__MAX; i++)
		assert_int_equal(role_can((enum role)i, PERM_SECURITY), i == ROLE_SECADMIN);
	assert_false(role_can(ROLE_SECADMIN, PERM_USER_WRITE));
	assert_false(role_can(ROLE_SECADMIN, PERM_ORG_WRITE));
	for (int t = 0; t < ROLE__MAX; t++)
		assert_false(role_may_manage(ROLE_SECADMIN, (enum role)t));
}

static void
test_business_roles(void **state)
{
	(void)state;
	/* staff manage their subtree */
	assert_true(role_can(ROLE_STAFF, PERM_ORG_READ | PERM_ORG_WRITE));
	assert_true(role_can(ROLE_STAFF, PERM_USER_READ | PERM_USER_WRITE));
	/* supervisors read and inspect */
	assert_true(role_can(ROLE_SUPERVISOR, PERM_ORG_READ));
	assert_true(role_can(ROLE_SUPERVISOR, PERM_USER_READ));
	assert_int_equal(role_perms(ROLE_SUPERVISOR) & writes, 0);
	/* reporters and viewers read the tree, nothing about accounts or security */
	assert_true(role_can(ROLE_REPORTER, PERM_ORG_READ));
	assert_true(role_can(ROLE_VIEWER, PERM_ORG_READ));
	assert_int_equal(role_perms(ROLE_REPORTER) & (writes | PERM_USER_READ), 0);
	assert_int_equal(role_perms(ROLE_VIEWER) & (writes | PERM_USER_READ), 0);
	/* role_can needs every bit asked for */
	assert_false(role_can(ROLE_VIEWER, PERM_ORG_READ | PERM_ORG_WRITE));
}

static void
test_sysadmin(void **state)
{
	(void)state;
	assert_true(role_can(ROLE_SYSADMIN, PERM_USER_WRITE));
	assert_false(role_can(ROLE_SYSADMIN, PERM_ORG_WRITE));
	/* 三员分立: business accounts only; the administrators are kept on the command line. */
	for (int t = 0; t < ROLE__MAX; t++)
		assert_int_equal(role_may_manage(ROLE_SYSADMIN, (enum role)t),
				 !role_is_admin((enum role)t));
	assert_false(role_may_manage(ROLE_SYSADMIN, ROLE_SYSADMIN));
	assert_false(role_may_manage(ROLE_SYSADMIN, ROLE_SECADMIN));
	assert_false(role_may_manage(ROLE_SYSADMIN, ROLE_AUDITOR));
	assert_true(role_may_manage(ROLE_SYSADMIN, ROLE_STAFF));
	assert_false(role_may_manage(ROLE_SYSADMIN, ROLE__MAX));
}

static void
test_staff_cannot_manage_admins(void **state)
{
	(void)state;
	assert_true(role_may_manage(ROLE_STAFF, ROLE_STAFF));
	assert_true(role_may_manage(ROLE_STAFF, ROLE_SUPERVISOR));
	assert_true(role_may_manage(ROLE_STAFF, ROLE_REPORTER));
	assert_true(role_may_manage(ROLE_STAFF, ROLE_VIEWER));
	assert_false(role_may_manage(ROLE_STAFF, ROLE_SYSADMIN));
	assert_false(role_may_manage(ROLE_STAFF, ROLE_SECADMIN));
	assert_false(role_may_manage(ROLE_STAFF, ROLE_AUDITOR));
	assert_false(role_may_manage(ROLE_STAFF, ROLE__MAX));
}

static void
test_readers_manage_nobody(void **state)
{
	static const enum role readers[] = {ROLE_SUPERVISOR, ROLE_REPORTER, ROLE_VIEWER};
	(void)state;

	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		for (int t = 0; t < ROLE__MAX; t++)
			assert_false(role_may_manage(readers[i], (enum role)t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_and_names),
	    cmocka_unit_test(test_everyone_logs_in),
	    cmocka_unit_test(test_auditor_changes_nothing),
	    cmocka_unit_test(test_only_auditor_reads_audit),
	    cmocka_unit_test(test_security_is_secadmins),
	    cmocka_unit_test(test_business_roles),
	    cmocka_unit_test(test_sysadmin),
	    cmocka_unit_test(test_staff_cannot_manage_admins),
	    cmocka_unit_test(test_readers_manage_nobody),
	};
	return cmocka_run_group_tests_name("role", tests, NULL, NULL);
}
