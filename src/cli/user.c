/* cli_user: `xuanguan user` — add, passwd, disable, enable, unlock, list and token for accounts. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "domain/auth.h"
#include "cli/cli.h"
#include "domain/policy.h"
#include "domain/role.h"
#include "domain/user.h"

struct user_opts {
	const char *db;
	const char *username;
	const char *role;
	const char *org;
	const char *name;
	const char *label;
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: xuanguan user add --db DB --username NAME --role ROLE --org UNIT_CODE"
		" [--name DISPLAY_NAME]\n"
		"       xuanguan user passwd --db DB --username NAME\n"
		"       xuanguan user disable|enable --db DB --username NAME\n"
		"       xuanguan user unlock --db DB NAME   (or --username NAME)\n"
		"       xuanguan user list --db DB\n"
		"       xuanguan user token --db DB --username NAME [--label TEXT]\n\n"
		"add and passwd read the password from the first line of standard input.\n"
		"token prints a new API token for the account (use: Authorization: Bearer TOKEN).\n"
		"unlock clears the account's login lock-out from every address; passwd and enable\n"
		"clear it too. Administrator accounts (sysadmin secadmin auditor) are made and\n"
		"repaired here only, never over the web.\n"
		"ROLE is one of: staff supervisor reporter viewer sysadmin secadmin auditor.\n");
}

static int
parse(int argc, char **argv, struct user_opts *o)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},   {"username", required_argument, NULL, 'u'},
	    {"role", required_argument, NULL, 'r'}, {"org", required_argument, NULL, 'o'},
	    {"name", required_argument, NULL, 'n'}, {"label", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'u':
			o->username = optarg;
			break;
		case 'r':
			o->role = optarg;
			break;
		case 'o':
			o->org = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	/* One positional NAME is the username (for `user unlock NAME`). */
	if (optind + 1 == argc && o->username == NULL)
		o->username = argv[optind++];
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static int
need(const char *v, const char *opt)
{
	if (v == NULL) {
		fprintf(stderr, "xuanguan: %s is required\n", opt);
		return 0;
	}
	return 1;
}

static int
read_password(char *pw, size_t cap)
{
	if (cli_read_line(pw, cap) != 0 || pw[0] == '\0') {
		fprintf(stderr,
			"xuanguan: give the password on the first line of standard input\n");
		return -1;
	}
	return 0;
}

static int
cmd_add(struct db *db, struct arena *a, const struct user_opts *o)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct policy pol;
	struct db_org org;
	struct xg_error err;
	char pw[256];
	int64_t id;

	if (!need(o->username, "--username") || !need(o->role, "--role") || !need(o->org, "--org"))
		return 2;
	if (db_org_by_code(db, a, NULL, o->org, &org) != DB_OK) {
		fprintf(stderr, "xuanguan: no unit has the code given to --org\n");
		return 1;
	}
	if (read_password(pw, sizeof(pw)) != 0 || policy_load(db, &pol) != DB_OK)
		return 1;
	struct user_new in = {.username = o->username,
			      .display_name = o->name ? o->name : o->username,
			      .role = o->role,
			      .org_id = org.id,
			      .password = pw};
	if (user_create(db, a, &pol, &sys, &in, clock_now(), &id, &err) != XG_OK) {
		cli_print_error(&err);
		return 1;
	}
	printf("account %s created (id %lld) in %s\n", o->username, (long long)id, org.name);
	return 0;
}

static int
find_user(struct db *db, struct arena *a, const struct user_opts *o, struct db_user *u)
{
	if (!need(o->username, "--username"))
		return 2;
	if (db_user_by_name(db, a, o->username, u) != DB_OK) {
		fprintf(stderr, "xuanguan: no account has that username\n");
		return 1;
	}
	return 0;
}

static int
cmd_passwd(struct db *db, struct arena *a, const struct user_opts *o)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct policy pol;
	struct db_user u;
	struct xg_error err;
	char pw[256];
	int rc = find_user(db, a, o, &u);

	if (rc != 0)
		return rc;
	if (read_password(pw, sizeof(pw)) != 0 || policy_load(db, &pol) != DB_OK)
		return 1;
	if (user_set_password(db, a, &pol, &sys, u.id, NULL, pw, clock_now(), &err) != XG_OK) {
		cli_print_error(&err);
		return 1;
	}
	printf("password of %s changed; its sessions were ended\n", u.username);
	return 0;
}

static int
cmd_set_disabled(struct db *db, struct arena *a, const struct user_opts *o, int disabled)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct user_change c = {.set_disabled = true, .disabled = disabled};
	struct db_user u, out;
	struct xg_error err;
	int rc = find_user(db, a, o, &u);

	if (rc != 0)
		return rc;
	if (user_update(db, a, &sys, u.id, &c, clock_now(), &out, &err) != XG_OK) {
		cli_print_error(&err);
		return 1;
	}
	printf("account %s %s\n", u.username, disabled ? "disabled" : "enabled");
	return 0;
}

static int
cmd_unlock(struct db *db, struct arena *a, const struct user_opts *o)
{
	struct actor sys = ACTOR_SYSTEM("cli");
	struct xg_error err;
	struct db_user u;
	const char *key;
	int rc = find_user(db, a, o, &u);

	if (rc != 0)
		return rc;
	key = arena_printf(a, "user:%s", u.username);
	if (key == NULL)
		return 1;
	switch (auth_unlock(db, &sys, key, clock_now(), &err)) {
	case XG_OK:
		printf("login lock-out of %s cleared\n", u.username);
		return 0;
	case XG_NOTFOUND:
		printf("%s has no login lock-out; nothing to clear\n", u.username);
		return 0;
	default:
		cli_print_error(&err);
		return 1;
	}
}

static int
cmd_list(struct db *db, struct arena *a)
{
	struct db_user *list;
	size_t n, i;
	int64_t total;

	if (db_user_list(db, a, NULL, 0, NULL, 100000, 0, &list, &n, &total) != DB_OK) {
		fprintf(stderr, "xuanguan: cannot list accounts: %s\n", db_error(db));
		return 1;
	}
	printf("%-20s %-12s %-10s %-14s %s\n", "USERNAME", "ROLE", "STATUS", "UNIT", "NAME");
	for (i = 0; i < n; i++)
		printf("%-20s %-12s %-10s %-14s %s\n", list[i].username, list[i].role,
		       list[i].disabled ? "disabled" : "active", list[i].org_code,
		       list[i].display_name);
	return 0;
}

static int
cmd_token(struct db *db, struct arena *a, const struct user_opts *o)
{
	char token[AUTH_TOKEN_LEN + 1];
	struct policy pol;
	struct db_user u;
	struct actor who;
	struct xg_error err;
	int64_t id, expires;
	int rc = find_user(db, a, o, &u);

	if (rc != 0)
		return rc;
	if (u.disabled) {
		fprintf(stderr, "xuanguan: the account is disabled\n");
		return 1;
	}
	if (policy_load(db, &pol) != DB_OK)
		return 1;
	auth_actor_of(&u, "cli", &who);
	if (auth_token_create(db, &pol, &who, o->label ? o->label : "命令行创建", clock_now(),
			      token, &id, &expires, &err) != XG_OK) {
		cli_print_error(&err);
		return 1;
	}
	printf("%s\n", token);
	return 0;
}

int
cli_user(int argc, char **argv)
{
	struct user_opts o;
	struct arena *a;
	struct db *db;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	rc = parse(argc - 1, argv + 1, &o);
	if (rc >= 0)
		return rc;
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "disable") &&
	    strcmp(sub, "enable") && strcmp(sub, "list") && strcmp(sub, "token") &&
	    strcmp(sub, "unlock")) {
		fprintf(stderr, "xuanguan: unknown user command\n");
		usage(stderr);
		return 2;
	}
	db = strcmp(sub, "list") == 0 ? cli_open_db_readonly(cli_db_url(o.db))
				      : cli_open_db(cli_db_url(o.db), 1);
	if (db == NULL)
		return 1;
	a = arena_new();
	if (a == NULL)
		rc = 1;
	else if (strcmp(sub, "add") == 0)
		rc = cmd_add(db, a, &o);
	else if (strcmp(sub, "passwd") == 0)
		rc = cmd_passwd(db, a, &o);
	else if (strcmp(sub, "disable") == 0)
		rc = cmd_set_disabled(db, a, &o, 1);
	else if (strcmp(sub, "enable") == 0)
		rc = cmd_set_disabled(db, a, &o, 0);
	else if (strcmp(sub, "unlock") == 0)
		rc = cmd_unlock(db, a, &o);
	else if (strcmp(sub, "list") == 0)
		rc = cmd_list(db, a);
	else
		rc = cmd_token(db, a, &o);
	arena_free(a);
	db_close(db);
	return rc;
}
