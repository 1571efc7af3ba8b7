/* cli_serve: `xuanguan serve` — parse the server's options and run it. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server/app.h"
#include "cli/cli.h"
#include "db/db.h"
#include "base/str.h"

static void
usage(FILE *f)
{
	fprintf(
	    f, "usage: xuanguan serve --db DB [--listen HOST:PORT] [--static DIR] [--threads N]\n"
	       "                      [--site-name NAME] [--secure-cookies] [--per-addr-limit N]\n"
	       "                      [--head-timeout SECONDS] [--reuse-port]\n\n"
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
	       "                      without it a port in use is refused\n");
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
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct app_config cfg = {.listen_host = "127.0.0.1",
				 .listen_port = 8080,
				 .site_name = "宣贯 — 学习宣传贯彻工作平台",
				 .threads = 4,
				 .per_addr_limit = 200,
				 .head_timeout = 15};
	const char *url = NULL;
	char host[256];
	int64_t threads, v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'l':
			if (parse_listen(optarg, &cfg, host, sizeof(host)) != 0) {
				fprintf(
				    stderr,
				    "xuanguan: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
				return 2;
			}
			break;
		case 's':
			cfg.static_dir = optarg;
			break;
		case 't':
			if (str_parse_i64(str_slice(optarg), 1, 256, &threads) != 0) {
				fprintf(stderr,
					"xuanguan: --threads wants a number from 1 to 256\n");
				return 2;
			}
			cfg.threads = (unsigned)threads;
			break;
		case 'n':
			cfg.site_name = optarg;
			break;
		case 'c':
			cfg.secure_cookies = true;
			break;
		case 'p':
			if (str_parse_i64(str_slice(optarg), 0, 100000, &v) != 0) {
				fprintf(
				    stderr,
				    "xuanguan: --per-addr-limit wants a number from 0 to 100000\n");
				return 2;
			}
			cfg.per_addr_limit = (unsigned)v;
			break;
		case 'o':
			if (str_parse_i64(str_slice(optarg), 1, 3600, &v) != 0) {
				fprintf(stderr,
					"xuanguan: --head-timeout wants seconds from 1 to 3600\n");
				return 2;
			}
			cfg.head_timeout = (unsigned)v;
			break;
		case 'r':
			cfg.reuse_port = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	cfg.db_url = cli_db_url(url);
	if (cfg.db_url == NULL) {
		fprintf(stderr, "xuanguan: no database: give --db DB or set XUANGUAN_DB\n");
		return 2;
	}
	if (!db_url_is_pg(cfg.db_url) && access(db_url_path(cfg.db_url), F_OK) != 0) {
		fprintf(stderr,
			"xuanguan: the database %s does not exist; create it with:"
			" xuanguan init --db DB\n",
			db_url_path(cfg.db_url));
		return 1;
	}
	return app_serve(&cfg);
}
