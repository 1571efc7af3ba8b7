/* cli_serve: `xuanguan serve` — parse the server's options and run it. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/auth.h"
#include "server/app.h"
#include "cli/cli.h"
#include "db/db.h"
#include "base/log.h"
#include "base/str.h"
#include "directive/pdfproc.h"

static void
usage(FILE *f)
{
	fprintf(
	    f, "usage: xuanguan serve --db DB [--listen HOST:PORT] [--static DIR] [--threads N]\n"
	       "                      [--site-name NAME] [--secure-cookies] [--per-addr-limit N]\n"
	       "                      [--head-timeout SECONDS] [--reuse-port] [--upload-max MB]\n"
	       "                      [--tmp-dir DIR] [--hash-slots N]\n\n"
	       "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080)\n"
	       "  --static DIR        read the pages' CSS and scripts from DIR (development;\n"
	       "                      default: the files built into the program)\n"
	       "  --threads N         worker threads (default 4)\n"
	       "  --site-name NAME    name in the top bar (default 宣贯 — 学习宣传贯彻工作平台)\n"
	       "  --secure-cookies    mark cookies Secure (when a TLS proxy is in front)\n"
	       "  --per-addr-limit N  open connections from one client address (default 200;\n"
	       "                      0: no limit, e.g. behind a proxy that limits them itself)\n"
	       "  --head-timeout S    seconds a request's headers may take to arrive (default 15)\n"
	       "  --reuse-port        share the port with another server process (SO_REUSEPORT);\n"
	       "                      without it a port in use is refused\n"
	       "  --upload-max MB     largest uploaded file (documents, evidence; default 20)\n"
	       "  --tmp-dir DIR       where uploads and exports wait (default $TMPDIR or /tmp)\n"
	       "  --hash-slots N      password hashes at once, 64 MiB each (default 4); further\n"
	       "                      logins wait up to 2 s, then get 503\n");
}

static int
parse_listen(const char *s, struct app_config *cfg, char *host, size_t cap)
{
	const char *colon = strrchr(s, ':');
	int64_t port;

	if (colon == NULL || (size_t)(colon - s) >= cap || colon == s)
		return -1;
	if (str_parse_i64(str_slice(colon + 1), 1, 65535, &port) != 0)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	cfg->listen_host = host;
	cfg->listen_port = (unsigned)port;
	return 0;
}

/* The options that take a number: their bounds, the message when out of them, and where they go. */
struct number_option {
	int key;
	int64_t min, max;
	const char *refusal;
	size_t offset; /* of an unsigned member of struct app_config */
};

static const struct number_option number_options[] = {
    {'t', 1, 256, "--threads wants a number from 1 to 256", offsetof(struct app_config, threads)},
    {'p', 0, 100000, "--per-addr-limit wants a number from 0 to 100000",
     offsetof(struct app_config, per_addr_limit)},
    {'o', 1, 3600, "--head-timeout wants seconds from 1 to 3600",
     offsetof(struct app_config, head_timeout)},
    {'u', 1, 1024, "--upload-max wants megabytes from 1 to 1024",
     offsetof(struct app_config, upload_max_mb)},
};

/* Set the numeric option key from arg; 0, or 2 (the exit status) with a message. Not one: 1. */
static int
number_option(int key, const char *arg, struct app_config *cfg)
{
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof(number_options) / sizeof(number_options[0]); i++) {
		const struct number_option *o = &number_options[i];
		if (o->key != key)
			continue;
		if (str_parse_i64(str_slice(arg), o->min, o->max, &v) != 0) {
			fprintf(stderr, "xuanguan: %s\n", o->refusal);
			return 2;
		}
		*(unsigned *)(void *)((char *)cfg + o->offset) = (unsigned)v;
		return 0;
	}
	return 1;
}

/* Apply one option: 0, or the exit status 2 after saying what is wrong. */
static int
apply_option(int c, const char *arg, struct app_config *cfg, const char **url, char *host,
	     size_t cap)
{
	int rc = number_option(c, arg, cfg);

	if (rc != 1)
		return rc;
	switch (c) {
	case 'd':
		*url = arg;
		return 0;
	case 'l':
		if (parse_listen(arg, cfg, host, cap) == 0)
			return 0;
		fprintf(stderr, "xuanguan: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	case 's':
		cfg->static_dir = arg;
		return 0;
	case 'n':
		cfg->site_name = arg;
		return 0;
	case 'c':
		cfg->secure_cookies = true;
		return 0;
	case 'r':
		cfg->reuse_port = true;
		return 0;
	case 'U':
		cfg->tmp_dir = arg;
		return 0;
	default:
		usage(stderr);
		return 2;
	}
}

/* The database must exist: `serve` never creates one (a mistyped path would start an empty system).
 */
static int
check_db(const struct app_config *cfg)
{
	if (cfg->db_url == NULL) {
		fprintf(stderr, "xuanguan: no database: give --db DB or set XUANGUAN_DB\n");
		return 2;
	}
	if (!db_url_is_pg(cfg->db_url) && access(db_url_path(cfg->db_url), F_OK) != 0) {
		fprintf(stderr,
			"xuanguan: the database %s does not exist; create it with:"
			" xuanguan init --db DB\n",
			db_url_path(cfg->db_url));
		return 1;
	}
	return 0;
}

int
cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"listen", required_argument, NULL, 'l'},
					     {"static", required_argument, NULL, 's'},
					     {"threads", required_argument, NULL, 't'},
					     {"site-name", required_argument, NULL, 'n'},
					     {"secure-cookies", no_argument, NULL, 'c'},
					     {"per-addr-limit", required_argument, NULL, 'p'},
					     {"head-timeout", required_argument, NULL, 'o'},
					     {"reuse-port", no_argument, NULL, 'r'},
					     {"upload-max", required_argument, NULL, 'u'},
					     {"tmp-dir", required_argument, NULL, 'U'},
					     {"hash-slots", required_argument, NULL, 'H'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct app_config cfg = {.listen_host = "127.0.0.1",
				 .listen_port = 8080,
				 .site_name = "宣贯 — 学习宣传贯彻工作平台",
				 .threads = 4,
				 .per_addr_limit = 200,
				 .head_timeout = 15,
				 .upload_max_mb = 20,
				 .tmp_dir = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp"};
	const char *url = NULL;
	char host[256];
	int64_t slots = AUTH_HASH_SLOTS_DEFAULT;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'H') {
			if (str_parse_i64(str_slice(optarg), 1, 64, &slots) != 0) {
				fprintf(stderr,
					"xuanguan: --hash-slots wants a number from 1 to 64\n");
				return 2;
			}
			continue;
		}
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		rc = apply_option(c, optarg, &cfg, &url, host, sizeof(host));
		if (rc != 0)
			return rc;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	cfg.db_url = cli_db_url(url);
	rc = check_db(&cfg);
	if (rc != 0)
		return rc;
	/* Memory has a ceiling: slots x 64 MiB of Argon2id, whatever the number of logins. */
	auth_hash_limit((int)slots, AUTH_HASH_WAIT_MS_DEFAULT);
	{
		/* Said once at start-up, not first by the person whose PDF is refused. */
		char pdftext[4096];

		if (directive_pdfproc_path(pdftext, sizeof(pdftext)) != 0 ||
		    access(pdftext, X_OK) != 0)
			log_warn("the PDF reader %s is not installed or cannot run (it belongs beside "
				 "this program or in ../libexec/xuanguan; %s names another): "
				 "uploaded PDFs will be refused",
				 PDFPROC_NAME, PDFPROC_ENV_PATH);
	}
	return app_serve(&cfg);
}
