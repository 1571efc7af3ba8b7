/* directive_pdfproc: run xuanguan-pdftext (src/tools/pdftext.c) on a PDF, with limits.
 *
 * Why a process: poppler and its libraries (GLib, cairo, NSS, ICU, libstdc++...) would be most
 * of the server's memory that is not data, and a PDF from outside is the input most likely to
 * find a bug in a parser. The helper gets the PDF as standard input from an anonymous file, a
 * clean signal state, no environment and no descriptor of ours; it limits its own address space
 * and CPU time, and we kill it past the wall clock or the output cap.
 */
#define _GNU_SOURCE /* memfd_create, posix_spawn_file_actions_addclosefrom_np */
#include "directive/pdfproc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"

static enum directive_rc fail(struct directive_error *err, enum directive_rc rc, const char *fmt,
			      ...) __attribute__((format(printf, 3, 4)));

static enum directive_rc
fail(struct directive_error *err, enum directive_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		memset(err, 0, sizeof(*err));
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return rc;
}

int
directive_pdfproc_path(char *path, size_t size)
{
	/* Beside the program, then an installed tree's libexec. */
	static const char *const where[] = {"/", "/../libexec/xuanguan/"};
	const char *env = getenv(PDFPROC_ENV_PATH);
	char exe[PATH_MAX];
	ssize_t n;
	size_t k;

	if (env != NULL && *env != '\0') {
		int w = snprintf(path, size, "%s", env);

		return w > 0 && (size_t)w < size ? 0 : -1;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if (strrchr(exe, '/') != NULL)
		*strrchr(exe, '/') = '\0';
	for (k = 0; k < sizeof(where) / sizeof(*where); k++) {
		int w = snprintf(path, size, "%s%s" PDFPROC_NAME, exe, where[k]);

		if (w > 0 && (size_t)w < size && access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* The time limit: $XUANGUAN_PDFTEXT_SECONDS (1..3600) or PDFPROC_SECONDS; 0 when it is junk. */
static long
time_limit(void)
{
	const char *env = getenv(PDFPROC_ENV_SECONDS);
	int64_t v;

	if (env == NULL || *env == '\0')
		return PDFPROC_SECONDS;
	if (str_parse_i64(str_slice(env), 1, 3600, &v) != 0)
		return 0;
	return (long)v;
}

/* An anonymous file holding the len bytes at data, at offset 0; -1 on failure. */
static int
input_file(const void *data, size_t len)
{
	int fd = memfd_create("xuanguan-pdf", MFD_CLOEXEC);
	size_t done = 0;

	while (fd >= 0 && done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Milliseconds from now until deadline (CLOCK_MONOTONIC), at least 0. */
static int
ms_until(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Start the helper with in as its standard input and out as its standard output. */
static int
spawn(const char *path, long seconds, int in, int out, pid_t *pid)
{
	char mib[24], sec[24];
	char *argv[] = {(char *)PDFPROC_NAME, "--memory-mib", mib, "--cpu-seconds", sec, NULL};
	char *envp[] = {NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	int rc;

	snprintf(mib, sizeof(mib), "%d", PDFPROC_MEMORY_MIB);
	snprintf(sec, sizeof(sec), "%ld", seconds);
	sigemptyset(&none);
	sigemptyset(&dfl);
	/* The server ignores SIGPIPE and blocks its stop signals: the helper starts clean. */
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	rc = posix_spawn_file_actions_adddup2(&fa, in, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, out, 1);
	/* poppler's complaints about a damaged file are not for the server's log. */
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&attr, &dfl);
	if (rc == 0)
		rc =
		    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (rc == 0)
		rc = posix_spawn(pid, path, &fa, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Why reading stopped before the helper's end of output. */
enum cut { CUT_NONE, CUT_TIME, CUT_OUTPUT, CUT_READ };

/* Read the helper's output from fd into out until its end, the deadline or the cap. */
static enum cut
collect(int fd, const struct timespec *deadline, struct buf *out)
{
	size_t start = out->len;
	char chunk[16384];

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int left = ms_until(deadline), k;
		ssize_t n;

		if (left == 0)
			return CUT_TIME;
		k = poll(&p, 1, left);
		if (k < 0 && errno != EINTR)
			return CUT_READ;
		if (k <= 0)
			continue;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return CUT_READ;
		if (n == 0)
			return CUT_NONE;
		if (out->len - start + (size_t)n > PDFPROC_OUTPUT_MAX)
			return CUT_OUTPUT;
		buf_append(out, chunk, (size_t)n);
	}
}

/* Wait for pid until the deadline, then kill it; *st gets its status. 0, or -1 if killed. */
static int
reap(pid_t pid, const struct timespec *deadline, int *st)
{
	const struct timespec tick = {.tv_nsec = 5 * 1000 * 1000};

	for (;;) {
		pid_t r = waitpid(pid, st, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return 0; /* not ours to wait for any more: nothing left to kill */
		if (ms_until(deadline) == 0)
			break;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, st, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/* What the helper's end (status st) means. */
static enum directive_rc
verdict(int st, long seconds, struct directive_error *err)
{
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);

		if (sig == SIGXCPU || sig == SIGKILL)
			return fail(err, DIRECTIVE_EPDFLIMIT,
				    "the PDF reader passed its limit of %ld s of CPU time",
				    seconds);
		return fail(
		    err, DIRECTIVE_EPDF,
		    "not a readable PDF: the PDF reader failed on it (signal %d; damaged, or "
		    "past its %d MiB of memory)",
		    sig, PDFPROC_MEMORY_MIB);
	}
	switch (WIFEXITED(st) ? WEXITSTATUS(st) : -1) {
	case PDFPROC_EXIT_TEXT:
		return DIRECTIVE_OK;
	case PDFPROC_EXIT_NOT_PDF:
		return fail(err, DIRECTIVE_EPDF, "not a readable PDF (no %%PDF- header)");
	case PDFPROC_EXIT_ENCRYPTED:
		return fail(err, DIRECTIVE_EPDF, "not a readable PDF (protected by a password)");
	case PDFPROC_EXIT_DAMAGED:
		return fail(err, DIRECTIVE_EPDF, "not a readable PDF (damaged)");
	case PDFPROC_EXIT_TOO_BIG:
		return fail(err, DIRECTIVE_ETOOBIG, "input too large");
	default:
		return fail(err, DIRECTIVE_EPDF,
			    "not a readable PDF: the PDF reader failed on it (exit status %d; out "
			    "of its %d MiB of memory?)",
			    WIFEXITED(st) ? WEXITSTATUS(st) : -1, PDFPROC_MEMORY_MIB);
	}
}

enum directive_rc
directive_pdfproc(const void *data, size_t len, struct buf *out, struct directive_error *err)
{
	char path[PATH_MAX];
	struct timespec deadline;
	long seconds = time_limit();
	int in = -1, pipefd[2] = {-1, -1}, st = 0, rc;
	pid_t pid;
	enum cut cut;

	if (seconds == 0)
		return fail(err, DIRECTIVE_EPDFTOOL, "%s is not a number of seconds from 1 to 3600",
			    PDFPROC_ENV_SECONDS);
	if (directive_pdfproc_path(path, sizeof(path)) != 0)
		return fail(err, DIRECTIVE_EPDFTOOL,
			    "the PDF reader %s is not installed (beside this program, in "
			    "../libexec/xuanguan, or named by %s)",
			    PDFPROC_NAME, PDFPROC_ENV_PATH);
	in = input_file(data, len);
	if (in < 0 || pipe2(pipefd, O_CLOEXEC) != 0) {
		rc = errno;
		if (in >= 0)
			close(in);
		return fail(err, DIRECTIVE_EPDFTOOL, "cannot start the PDF reader: %s",
			    strerror(rc));
	}
	rc = spawn(path, seconds, in, pipefd[1], &pid);
	close(in);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		return fail(err, DIRECTIVE_EPDFTOOL, "cannot start the PDF reader %.80s: %s", path,
			    strerror(rc));
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	cut = collect(pipefd[0], &deadline, out);
	if (cut != CUT_NONE)
		kill(pid, SIGKILL);
	close(pipefd[0]);
	if (reap(pid, &deadline, &st) != 0 && cut == CUT_NONE)
		cut = CUT_TIME;
	switch (cut) {
	case CUT_TIME:
		return fail(err, DIRECTIVE_EPDFLIMIT,
			    "the PDF reader took more than %ld s on this file: stopped", seconds);
	case CUT_OUTPUT:
		return fail(err, DIRECTIVE_EPDFLIMIT,
			    "the PDF's text passed %zu MiB: the PDF reader was stopped",
			    PDFPROC_OUTPUT_MAX >> 20);
	case CUT_READ:
		return fail(err, DIRECTIVE_EPDFTOOL, "cannot read the PDF reader's output");
	case CUT_NONE:
		break;
	}
	if (out->err)
		return fail(err, DIRECTIVE_ENOMEM, "out of memory");
	return verdict(st, seconds, err);
}
