/* db/checkpoint: one thread per server process that copies SQLite's WAL into the database, so that
 * no writer pays for a checkpoint inside its COMMIT while the others queue behind it. */
#include "db/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/store.h"

/*
 * By default SQLite checkpoints inside the COMMIT that takes the WAL past
 * 1000 pages: that writer copies the pages and syncs the database file while
 * holding the gate, and every other writer of the process waits (docs/bench.md
 * "The SQLite write tail"). Here the server's connections never checkpoint; this
 * thread does, on a connection of its own:
 *  - a PASSIVE checkpoint at most every CKPT_EVERY_MS while commits come in:
 *    it waits for nobody and copies most of the WAL while writers go on
 *    appending to it; but since they always have appended a little more, the
 *    WAL never gets copied whole, so it would never start over;
 *  - hence a RESTART checkpoint, holding the gate, once the WAL is longer
 *    than CKPT_LIMIT_FRAMES: it copies the last few frames and waits for the
 *    readers of the old ones (200 ms at most: see checkpoint_round), and
 *    the next writer starts the WAL over from the beginning;
 *  - a TRUNCATE checkpoint, holding the gate, after CKPT_QUIET_MS without a
 *    commit: the WAL file goes back to zero bytes while nobody writes;
 *  - every CKPT_IDLE_MS while idle, a look for frames written by the few
 *    writes that take no turn at the gate and so wake nobody (a refused
 *    login, a session's last_seen): found, they are truncated too, so a
 *    server that only serves reads does not grow its WAL.
 * Other processes (another server, a command) checkpoint for themselves;
 * two checkpoints never run at once (the second is answered busy and is
 * simply tried again on the next round).
 */
enum {
	CKPT_EVERY_MS = 100,
	CKPT_QUIET_MS = 1000,
	CKPT_IDLE_MS = 5000,
	CKPT_LIMIT_FRAMES = 4096, /* 16 MiB of 4 KiB pages */
};

struct db_checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;   /* a commit, or stop */
	struct db *db;	       /* the thread's own connection, with the process's gate */
	unsigned long commits; /* the process's commits so far, under lock */
	bool stop;	       /* under lock */
	int restart_at;	       /* the thread's own: WAL length (frames) that calls for a RESTART */
};

static struct timespec
after_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* With the lock held, wait until stop, until (when any_commit) a commit after seen, or until. */
static void
wait_for(struct db_checkpointer *c, bool any_commit, unsigned long seen,
	 const struct timespec *until)
{
	while (!c->stop && !(any_commit && c->commits != seen))
		if (pthread_cond_timedwait(&c->wake, &c->lock, until) == ETIMEDOUT)
			break;
}

/* A checkpoint that waits for others (RESTART, TRUNCATE), holding the gate so that this process's
 * writers queue there meanwhile instead of meeting the file lock. */
static enum db_rc
checkpoint_held(struct db *db, enum db_ckpt mode)
{
	int frames = 0, copied = 0;
	enum db_rc rc = db_gate_hold(db);

	if (rc != DB_OK)
		return rc;
	rc = db->ops->checkpoint(db->conn, mode, &frames, &copied);
	db_gate_release(db);
	return rc;
}

/*
 * A PASSIVE checkpoint, then a RESTART when the WAL is long enough. A RESTART
 * that timed out (a long reader: an export) is tried again only once the WAL
 * has doubled, so that a reader of a minute holds the writers up for 200 ms a
 * few times, not in every round (SQLite cannot start the WAL over while a
 * reader may still need its frames: it grows meanwhile, as it did before).
 */
static void
checkpoint_round(struct db_checkpointer *c)
{
	int frames = 0, copied = 0;
	enum db_rc rc = c->db->ops->checkpoint(c->db->conn, DB_CKPT_PASSIVE, &frames, &copied);

	if (rc != DB_OK)
		return;
	if (frames < CKPT_LIMIT_FRAMES)
		c->restart_at = CKPT_LIMIT_FRAMES; /* the WAL started over meanwhile */
	if (frames <= c->restart_at)
		return;
	rc = checkpoint_held(c->db, DB_CKPT_RESTART);
	c->restart_at = rc == DB_OK ? CKPT_LIMIT_FRAMES : 2 * frames;
}

/* Whether the WAL holds frames: a PASSIVE checkpoint, which waits for nobody, counts them. */
static bool
wal_holds_frames(struct db *db)
{
	int frames = 0, copied = 0;

	return db->ops->checkpoint(db->conn, DB_CKPT_PASSIVE, &frames, &copied) == DB_OK &&
	       frames > 0;
}

static void *
run(void *arg)
{
	struct db_checkpointer *c = arg;
	unsigned long seen = 0;
	bool clean = true; /* nothing committed since the WAL was last emptied */
	struct timespec until;

	pthread_mutex_lock(&c->lock);
	seen = c->commits;
	while (!c->stop) {
		if (c->commits == seen) {
			/* Idle: wait for a commit; after a quiet spell, empty the WAL; while idle,
			 * empty it again when writes that wake nobody left frames in it. */
			until = after_ms(clean ? CKPT_IDLE_MS : CKPT_QUIET_MS);
			wait_for(c, true, seen, &until);
			if (c->stop)
				break;
			if (c->commits == seen) {
				pthread_mutex_unlock(&c->lock);
				if (!clean || wal_holds_frames(c->db))
					clean = checkpoint_held(c->db, DB_CKPT_TRUNCATE) == DB_OK;
				pthread_mutex_lock(&c->lock);
				continue;
			}
		}
		seen = c->commits;
		clean = false;
		pthread_mutex_unlock(&c->lock);
		checkpoint_round(c);
		pthread_mutex_lock(&c->lock);
		/* Let the next commits gather: one round copies many of them. */
		until = after_ms(CKPT_EVERY_MS);
		wait_for(c, false, seen, &until);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static enum db_rc
checkpointer_start(struct db_gate *g, const char *url, struct db_checkpointer **out, char *err,
		   size_t errlen)
{
	struct db_checkpointer *c;
	pthread_condattr_t attr;
	enum db_rc rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	rc = db_open(url, &c->db, err, errlen);
	if (rc != DB_OK) {
		free(c);
		return rc;
	}
	c->db->gate = g;
	c->restart_at = CKPT_LIMIT_FRAMES;
	c->db->ops->wal_manual(c->db->conn);
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&c->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&c->thread, NULL, run, c) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread");
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		db_close(c->db);
		free(c);
		return DB_ERR;
	}
	*out = c;
	return DB_OK;
}

/* The gate's stop (db_gate_watch): end the thread, close its connection. */
static void
checkpointer_stop(void *arg)
{
	struct db_checkpointer *c = arg;

	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	db_close(c->db);
	free(c);
}

/* The gate's committed (db_gate_watch): a COMMIT happened; wake the thread. */
static void
checkpointer_note(void *arg)
{
	struct db_checkpointer *c = arg;

	pthread_mutex_lock(&c->lock);
	c->commits++;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

enum db_rc
db_gate_checkpoints(struct db_gate *g, const char *url, char *err, size_t errlen)
{
	struct db_checkpointer *c;
	enum db_rc rc;

	if (db_url_is_pg(url))
		return DB_OK;
	rc = checkpointer_start(g, url, &c, err, errlen);
	if (rc == DB_OK)
		db_gate_watch(g, checkpointer_note, checkpointer_stop, c);
	return rc;
}
