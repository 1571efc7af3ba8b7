/* cli_directive: `xuanguan directive parse FILE [--db DB]` — read a document, print its JSON. */
#include "cli/directive.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "db/db.h"
#include "directive/directive.h"
#include "directive/input.h"

static const char usage_text[] =
    "usage: xuanguan directive parse FILE [--db DB]\n\n"
    "Read an official document (公文, GB/T 9704) from FILE — text in UTF-8, GB18030/GBK or\n"
    "UTF-16, .docx, a PDF with a text layer, or .doc/.wps when LibreOffice (soffice) is\n"
    "installed; '-' for standard input — and print its parts, section tree, tasks and\n"
    "warnings as JSON.\n\n"
    "options:\n"
    "  --db DB   also resolve each task's subjects to unit codes of the organisation tree\n"
    "            (DB is a SQLite file or a postgresql:// URL; XUANGUAN_DB may give it)\n"
    "  --help    show this text\n";

/* Read all of f into b, refusing more than max bytes. Returns 0, or -1 with errno-like reason. */
static int
slurp(FILE *f, struct buf *b, size_t max, const char **why)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > max) {
			*why = "file too large";
			return -1;
		}
		buf_append(b, chunk, n);
		if (b->err) {
			*why = "out of memory";
			return -1;
		}
	}
	if (ferror(f)) {
		*why = "read error";
		return -1;
	}
	return 0;
}

/* Seconds LibreOffice may take to convert one .doc or .wps. */
#define SOFFICE_SECONDS 60

/* The path of soffice on PATH into out[cap]; false when it is not installed. */
static bool
find_soffice(char *out, size_t cap)
{
	const char *path = getenv("PATH");

	while (path != NULL && *path != '\0') {
		const char *end = strchr(path, ':');
		size_t n = end != NULL ? (size_t)(end - path) : strlen(path);

		if (n > 0 && snprintf(out, cap, "%.*s/soffice", (int)n, path) < (int)cap &&
		    access(out, X_OK) == 0)
			return true;
		path = end != NULL ? end + 1 : NULL;
	}
	return false;
}

/* Wait for pid at most secs seconds, then kill it. Returns its exit status, -1 on failure. */
static int
wait_limited(pid_t pid, int secs)
{
	struct timespec tick = {0, 100 * 1000 * 1000};
	int st, k;

	for (k = 0; k < secs * 10; k++) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (r < 0)
			return -1;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/*
 * Convert a .doc/.wps held in in to .docx through soffice, in a private temporary profile,
 * and replace in's contents with the .docx. Returns 0, or -1 with *why set.
 */
static int
soffice_convert(const char *soffice, struct buf *in, const char **why)
{
	char dir[] = "/tmp/xuanguan-doc-XXXXXX";
	char src[64], dst[64], profile[80], outdir[64];
	FILE *f = NULL;
	pid_t pid;
	int rc = -1;

	if (mkdtemp(dir) == NULL) {
		*why = "cannot make a temporary directory for the conversion";
		return -1;
	}
	snprintf(src, sizeof(src), "%s/in.doc", dir);
	snprintf(dst, sizeof(dst), "%s/in.docx", dir);
	snprintf(profile, sizeof(profile), "-env:UserInstallation=file://%s/profile", dir);
	snprintf(outdir, sizeof(outdir), "%s", dir);
	f = fopen(src, "wb");
	if (f == NULL || fwrite(in->data, 1, in->len, f) != in->len || fclose(f) != 0) {
		*why = "cannot write the temporary copy for the conversion";
		goto done;
	}
	pid = fork();
	if (pid < 0) {
		*why = "cannot start soffice";
		goto done;
	}
	if (pid == 0) {
		/* Its chatter would mix with our JSON on standard output. */
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(soffice, "soffice", profile, "--headless", "--convert-to", "docx", "--outdir",
		      outdir, src, (char *)NULL);
		_exit(127);
	}
	if (wait_limited(pid, SOFFICE_SECONDS) != 0) {
		*why = "soffice could not convert the file (or took over 60 s)";
		goto done;
	}
	f = fopen(dst, "rb");
	if (f == NULL) {
		*why = "soffice wrote no .docx";
		goto done;
	}
	in->len = 0;
	rc = slurp(f, in, DIRECTIVE_MAX_INPUT, why);
	fclose(f);
done : {
	/* The profile soffice made is a tree; remove it with the directory. */
	pid_t rm = fork();

	if (rm == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	if (rm > 0)
		waitpid(rm, NULL, 0);
}
	return rc;
}

/* Open file for reading, or say plainly why not on standard error. */
static FILE *
open_input(const char *file)
{
	struct stat st;
	FILE *f;

	if (strcmp(file, "-") == 0)
		return stdin;
	if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "xuanguan directive: %s: is a directory, not a file\n", file);
		return NULL;
	}
	f = fopen(file, "rb");
	if (f == NULL)
		fprintf(stderr, "xuanguan directive: %s: cannot open: %s\n", file, strerror(errno));
	return f;
}

/* Resolve the subjects against every unit of the database at url. Returns 0 or 1. */
static int
resolve(struct directive *d, const char *url)
{
	struct db *db = NULL;
	struct arena *a = NULL;
	struct db_org *orgs = NULL;
	struct directive_unit *units = NULL;
	size_t n = 0, k, open = 0;
	int status = 1;

	db = cli_open_db_readonly(url);
	if (db == NULL)
		goto done;
	a = arena_new();
	if (a == NULL) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	if (db_org_all(db, a, &orgs, &n) != DB_OK) {
		fprintf(stderr, "xuanguan directive: cannot read the organisation tree\n");
		goto done;
	}
	units = arena_alloc(a, (n + 1) * sizeof(*units));
	if (units == NULL) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	for (k = 0; k < n; k++) {
		if (orgs[k].closed)
			continue;
		units[open].code = orgs[k].code;
		units[open].name = orgs[k].name;
		units[open].kind = orgs[k].kind;
		open++;
	}
	if (directive_units_resolve(d, units, open) != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	status = 0;
done:
	arena_free(a);
	db_close(db);
	return status;
}

static int
parse(int argc, char **argv)
{
	const char *file = NULL, *db_opt = NULL, *url = NULL, *why = NULL;
	struct buf in, out;
	struct directive *d = NULL;
	struct directive_error err;
	enum directive_rc rc;
	FILE *f = NULL;
	int i, status = 1, want_db = 0;

	buf_init(&in);
	buf_init(&out);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_text, stdout);
			status = 0;
			goto done;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db_opt = argv[++i];
			want_db = 1;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db_opt = argv[i] + 5;
			want_db = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "xuanguan directive: unknown option '%s'\n\n%s", argv[i],
				usage_text);
			status = 2;
			goto done;
		} else if (file == NULL) {
			file = argv[i];
		} else {
			fprintf(stderr, "xuanguan directive: one FILE only\n\n%s", usage_text);
			status = 2;
			goto done;
		}
	}
	if (file == NULL) {
		fprintf(stderr, "xuanguan directive: parse needs a FILE\n\n%s", usage_text);
		status = 2;
		goto done;
	}
	if (want_db) {
		url = cli_db_url(db_opt);
		if (url == NULL || url[0] == '\0') {
			fprintf(stderr, "xuanguan directive: --db needs a database\n");
			status = 2;
			goto done;
		}
	}
	f = open_input(file);
	if (f == NULL)
		goto done;
	if (slurp(f, &in, DIRECTIVE_MAX_INPUT, &why) != 0) {
		fprintf(stderr, "xuanguan directive: %s: %s\n", file, why);
		goto done;
	}
	if (directive_sniff(in.data, in.len, file) == DIRECTIVE_FMT_OLE2) {
		char soffice[4096];

		if (!find_soffice(soffice, sizeof(soffice))) {
			fprintf(stderr,
				"xuanguan directive: %s: a Word 97-2003 (.doc) or WPS file, and "
				"LibreOffice (soffice) is not installed to convert it: open it in "
				"Word or WPS and save it as .docx\n",
				file);
			goto done;
		}
		if (soffice_convert(soffice, &in, &why) != 0) {
			fprintf(stderr, "xuanguan directive: %s: %s\n", file, why);
			goto done;
		}
	}
	rc = directive_parse_input(in.len ? in.data : "", in.len, file, &d, &err);
	if (rc != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: %s: %s\n", file, err.msg);
		goto done;
	}
	if (want_db && resolve(d, url) != 0)
		goto done;
	if (directive_json(d, want_db, &out) != DIRECTIVE_OK) {
		fprintf(stderr, "xuanguan directive: out of memory\n");
		goto done;
	}
	if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "xuanguan directive: cannot write the output\n");
		goto done;
	}
	status = 0;
done:
	if (f != NULL && f != stdin)
		fclose(f);
	directive_free(d);
	buf_free(&in);
	buf_free(&out);
	return status;
}

int
cli_directive(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "parse") == 0)
		return parse(argc - 1, argv + 1);
	fprintf(stderr, "xuanguan directive: unknown subcommand '%s'\n\n%s", argv[1], usage_text);
	return 2;
}
