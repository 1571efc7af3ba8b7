/*
 * test_gcommit: group commit of a process's SQLite writers (src/db/conn.c): concurrent writers all
 * land; one writer that fails undoes only its own part of the batch; a COMMIT that fails (a VFS
 * whose WAL sync fails on demand) or SQLITE_FULL in the middle of a batch fails every writer of the
 * batch, and nothing they wrote is there after reopening; the checkpoint thread runs alongside; a
 * commit that hands its wait to a ticket (db_commit_later) returns before its batch's COMMIT, and
 * the ticket, and any later read on the connection, get the batch's result.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"
#include "db/store.h"
#include "testdb.h"

enum { WRITERS = 8 };

/* --- a VFS over the default one whose WAL sync fails while armed ------------------------------ */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static atomic_int fail_wal_sync;
static atomic_int wal_syncs_failed;

struct faulty_file {
	sqlite3_file base;
	bool wal;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(f) (((struct faulty_file *)(f))->real)

static int
ff_close(sqlite3_file *f)
{
	return REAL(f)->pMethods != NULL ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
}
static int
ff_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int
ff_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int
ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int
ff_sync(sqlite3_file *f, int flags)
{
	if (((struct faulty_file *)f)->wal && atomic_load(&fail_wal_sync)) {
		atomic_fetch_add(&wal_syncs_failed, 1);
		return SQLITE_IOERR_FSYNC;
	}
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int
ff_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int
ff_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int
ff_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int
ff_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int
ff_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int
ff_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int
ff_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int
ff_shm_map(sqlite3_file *f, int pg, int size, int extend, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, size, extend, p);
}
static int
ff_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void
ff_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int
ff_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods faulty_io = {
    .iVersion = 2,
    .xClose = ff_close,
    .xRead = ff_read,
    .xWrite = ff_write,
    .xTruncate = ff_truncate,
    .xSync = ff_sync,
    .xFileSize = ff_size,
    .xLock = ff_lock,
    .xUnlock = ff_unlock,
    .xCheckReservedLock = ff_check,
    .xFileControl = ff_control,
    .xSectorSize = ff_sector,
    .xDeviceCharacteristics = ff_chars,
    .xShmMap = ff_shm_map,
    .xShmLock = ff_shm_lock,
    .xShmBarrier = ff_shm_barrier,
    .xShmUnmap = ff_shm_unmap,
};

static int
faulty_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	struct faulty_file *ff = (struct faulty_file *)f;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	ff->wal = (flags & SQLITE_OPEN_WAL) != 0;
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
	/* SQLite calls xClose only when pMethods is set: on failure the real file is closed
	 * already. */
	f->pMethods = rc == SQLITE_OK ? &faulty_io : NULL;
	return rc;
}

/* Make the faulty VFS the default one, so that every connection the storage layer opens uses it. */
static void
faulty_register(void)
{
	if (real_vfs != NULL)
		return;
	real_vfs = sqlite3_vfs_find(NULL);
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "xg-faulty";
	faulty_vfs.szOsFile = (int)sizeof(struct faulty_file) + real_vfs->szOsFile;
	faulty_vfs.xOpen = faulty_open;
	faulty_vfs.pAppData = NULL;
	assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK);
}

/* --- a gate with batches and WRITERS connections on a fresh SQLite database ------------------- */

struct rig {
	struct testdb t;
	struct db_gate *g;
	struct db *w[WRITERS];
};

static const struct testdb_backend sqlite_be = {.pg = 0};

static int
rig_setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	char err[256];
	int i;

	faulty_register();
	atomic_store(&fail_wal_sync, 0);
	if (r == NULL || testdb_create(&r->t, &sqlite_be) != 0)
		return -1;
	r->g = db_gate_new();
	if (r->g == NULL || db_gate_batches(r->g, r->t.url, err, sizeof(err)) != DB_OK)
		return -1;
	for (i = 0; i < WRITERS; i++) {
		if (db_open(r->t.url, &r->w[i], err, sizeof(err)) != DB_OK)
			return -1;
		db_set_gate(r->w[i], r->g);
	}
	*state = r;
	return 0;
}

static void
rig_close(struct rig *r)
{
	int i;

	for (i = 0; i < WRITERS; i++) {
		db_close(r->w[i]);
		r->w[i] = NULL;
	}
	db_gate_free(r->g);
	r->g = NULL;
}

static int
rig_teardown(void **state)
{
	struct rig *r = *state;

	atomic_store(&fail_wal_sync, 0);
	rig_close(r);
	testdb_destroy(&r->t);
	free(r);
	return 0;
}

/* Rows a writer wrote: audit entries whose object_id starts with tag. */
static int64_t
rows_tagged(struct rig *r, const char *tag)
{
	int64_t n = -1;

	assert_int_equal(testdb_exec(&r->t, &n,
				     "SELECT count(*) FROM audit WHERE object_type = 'gcommit'"
				     " AND object_id LIKE '%s%%'",
				     tag),
			 0);
	return n;
}

static enum db_rc
put(struct db *db, const char *id, const char *summary)
{
	struct db_audit a = {.at = 1700000000,
			     .actor_name = "test",
			     .org_path = "",
			     .client = "127.0.0.1",
			     .action = "write",
			     .object_type = "gcommit",
			     .object_id = id,
			     .summary = summary};

	return db_audit_insert(db, &a);
}

/* Wait (without a time limit: the test's own runner has one) until n writers queue at the gate. */
static void
wait_queued(struct db_gate *g, int n)
{
	struct db_gate_stats s;
	struct timespec nap = {0, 200000};

	for (;;) {
		db_gate_stats(g, &s);
		if (s.queued >= n)
			return;
		nanosleep(&nap, NULL);
	}
}

/* --- N threads writing concurrently ----------------------------------------------------------- */

enum { ROUNDS = 40 };

struct loop_arg {
	struct db *db;
	int who;
	int ok;
};

static void *
write_loop(void *p)
{
	struct loop_arg *a = p;
	char id[32];
	int k;

	for (k = 0; k < ROUNDS; k++) {
		snprintf(id, sizeof(id), "L%d-%d", a->who, k);
		if (db_begin(a->db) != DB_OK)
			continue;
		if (put(a->db, id, "") != DB_OK) {
			db_rollback(a->db);
			continue;
		}
		if (db_commit(a->db) == DB_OK)
			a->ok++;
		else
			db_rollback(a->db);
	}
	return NULL;
}

static void
run_loops(struct rig *r)
{
	pthread_t th[WRITERS];
	struct loop_arg arg[WRITERS];
	int i;

	for (i = 0; i < WRITERS; i++) {
		arg[i] = (struct loop_arg){.db = r->w[i], .who = i};
		assert_int_equal(pthread_create(&th[i], NULL, write_loop, &arg[i]), 0);
	}
	for (i = 0; i < WRITERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(arg[i].ok, ROUNDS);
	}
}

static void
test_concurrent_writers_all_land(void **state)
{
	struct rig *r = *state;
	struct db_gate_stats s;

	run_loops(r);
	db_gate_stats(r->g, &s);
	assert_int_equal(s.writers, WRITERS * ROUNDS);
	assert_int_equal(s.failed, 0);
	assert_true(s.batches >= 1 && s.batches <= WRITERS * ROUNDS);
	/* Seen by another connection, and after the process's connections are gone. */
	assert_int_equal(rows_tagged(r, "L"), WRITERS * ROUNDS);
	rig_close(r);
	assert_int_equal(rows_tagged(r, "L"), WRITERS * ROUNDS);
}

static void
test_checkpointer_alongside(void **state)
{
	struct rig *r = *state;
	char err[256];
	int64_t ok = -1;

	/* A gate whose checkpointer runs beside the writers (the server's set-up). */
	rig_close(r);
	r->g = db_gate_new();
	assert_non_null(r->g);
	assert_int_equal(db_gate_checkpoints(r->g, r->t.url, err, sizeof(err)), DB_OK);
	assert_int_equal(db_gate_batches(r->g, r->t.url, err, sizeof(err)), DB_OK);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(db_open(r->t.url, &r->w[i], err, sizeof(err)), DB_OK);
		db_set_gate(r->w[i], r->g);
	}
	run_loops(r);
	run_loops(r);
	assert_int_equal(rows_tagged(r, "L"), 2 * WRITERS * ROUNDS);
	rig_close(r);
	assert_int_equal(rows_tagged(r, "L"), 2 * WRITERS * ROUNDS);
	assert_int_equal(testdb_exec(&r->t, &ok,
				     "SELECT count(*) FROM pragma_integrity_check"
				     " WHERE integrity_check = 'ok'"),
			 0);
	assert_int_equal(ok, 1);
}

enum part { PART_WRITE, PART_FAIL, PART_FULL };

struct part_arg {
	struct db *db;
	enum part part;
	char tag[16];
	enum db_rc rc;
	/* PART_FULL (cmocka's checks run in the main thread): the pragma's result, and whether the
	 * big write failed with SQLite's whole transaction rolled back. */
	enum db_rc pragma_rc;
	bool full;
	atomic_int ready; /* commit_behind_hold: in its transaction */
	struct db_gate_stats seen; /* do_alone: the gate's figures once its transaction began */
};

/* A writer that commits while the checkpointer waits at the gate: it leaves its batch open. */
static void *
commit_behind_hold(void *p)
{
	struct part_arg *a = p;
	struct db_gate_stats s;
	struct timespec nap = {0, 200000};

	a->rc = db_begin(a->db);
	if (a->rc == DB_OK)
		a->rc = put(a->db, a->tag, "");
	atomic_store(&a->ready, 1);
	/* Wait for the holder to queue behind this transaction. */
	for (db_gate_stats(a->db->gate, &s); a->rc == DB_OK && s.queued < 1;
	     db_gate_stats(a->db->gate, &s))
		nanosleep(&nap, NULL);
	if (a->rc == DB_OK)
		a->rc = db_commit(a->db);
	if (a->rc != DB_OK)
		db_rollback(a->db);
	return NULL;
}

static void
test_checkpoint_never_inside_a_batch(void **state)
{
	struct rig *r = *state;
	struct part_arg x = {.db = r->w[0], .tag = "H."};
	int frames = -1, copied = -1;
	enum db_rc rc;
	pthread_t th;

	db_gate_tune(r->g, 64, 10000);
	struct timespec nap = {0, 200000};

	assert_int_equal(pthread_create(&th, NULL, commit_behind_hold, &x), 0);
	while (!atomic_load(&x.ready))
		nanosleep(&nap, NULL);
	/* The checkpointer's way in: hold the gate, then a checkpoint that waits for writers. */
	assert_int_equal(db_gate_hold(r->w[1]), DB_OK);
	rc = r->w[1]->ops->checkpoint(r->w[1]->conn, DB_CKPT_TRUNCATE, &frames, &copied);
	db_gate_release(r->w[1]);
	pthread_join(th, NULL);
	assert_int_equal(rc, DB_OK);
	assert_int_equal(frames, 0);
	assert_int_equal(x.rc, DB_OK);
	assert_int_equal(rows_tagged(r, "H."), 1);
}

/* --- one batch made on purpose ---------------------------------------------------------------- */

static void *
do_part(void *p)
{
	struct part_arg *a = p;
	char big[16384];

	a->rc = db_begin(a->db);
	if (a->rc != DB_OK)
		return NULL;
	a->rc = put(a->db, a->tag, "");
	if (a->rc == DB_OK && a->part == PART_FAIL)
		a->rc = DB_CONFLICT; /* the domain refuses the write after its first statement */
	if (a->rc == DB_OK && a->part == PART_FULL) {
		/* The database may not grow: the next page this writer needs is refused. */
		a->pragma_rc = a->db->ops->exec_script(a->db->conn, "PRAGMA max_page_count = 1");
		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		a->rc = put(a->db, a->tag, big);
		a->full = a->rc != DB_OK && !a->db->ops->in_tx(a->db->conn);
		(void)a->db->ops->exec_script(a->db->conn, "PRAGMA max_page_count = 1073741823");
	}
	if (a->rc == DB_OK)
		a->rc = db_commit(a->db);
	if (a->rc != DB_OK)
		db_rollback(a->db);
	return NULL;
}

/*
 * The first writer holds the gate inside its transaction until every other writer queues behind
 * it; then each of them enters in turn, and the last to leave commits them all: one batch. Batches
 * are given ten seconds, so none ends early because a writer was slow to be scheduled.
 */
/* Run writer 0 as the holder and writers 1.. as parts[1..]; parts[0] is the holder's own. */
static void
one_batch(struct rig *r, struct part_arg *parts)
{
	pthread_t th[WRITERS];
	int i;

	db_gate_tune(r->g, 64, 10000);
	for (i = 0; i < WRITERS; i++)
		parts[i].db = r->w[i];
	assert_int_equal(db_begin(r->w[0]), DB_OK);
	assert_int_equal(put(r->w[0], parts[0].tag, ""), DB_OK);
	for (i = 1; i < WRITERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, do_part, &parts[i]), 0);
	wait_queued(r->g, WRITERS - 1);
	parts[0].rc = db_commit(r->w[0]);
	if (parts[0].rc != DB_OK)
		db_rollback(r->w[0]);
	for (i = 1; i < WRITERS; i++)
		pthread_join(th[i], NULL);
}

static void
tags(struct part_arg *parts, const char *prefix)
{
	int i;

	for (i = 0; i < WRITERS; i++)
		snprintf(parts[i].tag, sizeof(parts[i].tag), "%s%d.", prefix, i);
}

static void
test_failing_writer_undoes_only_its_part(void **state)
{
	struct rig *r = *state;
	struct part_arg parts[WRITERS] = {0};
	struct db_gate_stats s;
	int i;

	tags(parts, "F");
	parts[3].part = PART_FAIL;
	one_batch(r, parts);
	db_gate_stats(r->g, &s);
	assert_int_equal(s.batches, 1);
	assert_int_equal(s.writers, WRITERS - 1);
	assert_int_equal(s.failed, 0);
	rig_close(r);
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(parts[i].rc, i == 3 ? DB_CONFLICT : DB_OK);
		assert_int_equal(rows_tagged(r, parts[i].tag), i == 3 ? 0 : 1);
	}
}

static void
test_failed_commit_fails_the_batch(void **state)
{
	struct rig *r = *state;
	struct part_arg parts[WRITERS] = {0};
	struct part_arg after = {.db = NULL};
	struct db_gate_stats s;
	int i;

	tags(parts, "C");
	atomic_store(&wal_syncs_failed, 0);
	atomic_store(&fail_wal_sync, 1);
	one_batch(r, parts);
	atomic_store(&fail_wal_sync, 0);
	assert_true(atomic_load(&wal_syncs_failed) >= 1);
	db_gate_stats(r->g, &s);
	assert_int_equal(s.batches, 1);
	assert_int_equal(s.failed, 1);
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(parts[i].rc, DB_ERR);
		assert_non_null(strstr(db_error(r->w[i]), "batch"));
	}
	/* The write connection is fit for the next batch. */
	after.db = r->w[1];
	snprintf(after.tag, sizeof(after.tag), "after.");
	do_part(&after);
	assert_int_equal(after.rc, DB_OK);
	rig_close(r);
	for (i = 0; i < WRITERS; i++)
		assert_int_equal(rows_tagged(r, parts[i].tag), 0);
	assert_int_equal(rows_tagged(r, "after."), 1);
}

static void
test_full_mid_batch_fails_the_batch(void **state)
{
	struct rig *r = *state;
	struct part_arg parts[WRITERS] = {0};
	struct db_gate_stats s;
	int i, failed = 0;

	tags(parts, "U");
	parts[5].part = PART_FULL;
	one_batch(r, parts);
	db_gate_stats(r->g, &s);
	assert_int_equal(parts[5].pragma_rc, DB_OK);
	assert_true(parts[5].full);
	assert_int_equal(s.failed, 1);
	rig_close(r);
	/* The holder was in the batch SQLite rolled back; the writers after it are in the next. */
	assert_int_not_equal(parts[0].rc, DB_OK);
	assert_int_not_equal(parts[5].rc, DB_OK);
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(rows_tagged(r, parts[i].tag), parts[i].rc == DB_OK ? 1 : 0);
		failed += parts[i].rc != DB_OK;
	}
	assert_int_equal(s.writers, (uint64_t)(WRITERS - 1));
	assert_true(failed >= 2);
}

/* --- a long transaction joins no batch ---------------------------------------------------------- */

/* A transaction marked long (db_next_tx_alone) that notes the gate's figures once it began. */
static void *
do_alone(void *p)
{
	struct part_arg *a = p;

	db_next_tx_alone(a->db);
	a->rc = db_begin(a->db);
	if (a->rc != DB_OK)
		return NULL;
	db_gate_stats(a->db->gate, &a->seen);
	a->rc = put(a->db, a->tag, "");
	if (a->rc == DB_OK)
		a->rc = db_commit(a->db);
	if (a->rc != DB_OK)
		db_rollback(a->db);
	return NULL;
}

/*
 * Writer 0 commits while a long transaction queues at the gate, so writer 0's batch is still
 * open when the long one enters: it is committed before the long one's work, not after it.
 */
static void
test_long_transaction_joins_no_batch(void **state)
{
	struct rig *r = *state;
	struct part_arg alone = {.db = r->w[1], .tag = "L."};
	struct db_gate_stats s;
	pthread_t th;

	db_gate_tune(r->g, 64, 10000);
	assert_int_equal(db_begin(r->w[0]), DB_OK);
	assert_int_equal(put(r->w[0], "H.", ""), DB_OK);
	assert_int_equal(pthread_create(&th, NULL, do_alone, &alone), 0);
	wait_queued(r->g, 1);
	assert_int_equal(db_commit(r->w[0]), DB_OK); /* returns once its batch committed */
	pthread_join(th, NULL);
	assert_int_equal(alone.rc, DB_OK);
	/* When the long transaction began, writer 0's batch had been committed, alone. */
	assert_int_equal(alone.seen.batches, 1);
	assert_int_equal(alone.seen.writers, 1);
	/* And the long one committed by itself: two batches of one writer each. */
	db_gate_stats(r->g, &s);
	assert_int_equal(s.batches, 2);
	assert_int_equal(s.writers, 2);
	assert_int_equal(rows_tagged(r, "H."), 1);
	assert_int_equal(rows_tagged(r, "L."), 1);
}

/* --- answers that wait for their batch without a thread (db_commit_later) --------------------- */

struct later_rig {
	struct db_ticket t;
	atomic_int parks, wakes;
};

static void
count_park(void *arg)
{
	struct later_rig *l = arg;

	atomic_fetch_add(&l->parks, 1);
}

static void
count_wake(void *arg)
{
	struct later_rig *l = arg;

	atomic_fetch_add(&l->wakes, 1);
}

/* A writer inside the open batch that leaves only when go is set: the batch cannot end before. */
struct inside_arg {
	struct db *db;
	atomic_int go;
	enum db_rc rc;
};

static void *
write_inside(void *p)
{
	struct inside_arg *a = p;
	struct timespec nap = {0, 200000};

	a->rc = db_begin(a->db);
	if (a->rc == DB_OK)
		a->rc = put(a->db, "inside.", "");
	while (a->rc == DB_OK && !atomic_load(&a->go))
		nanosleep(&nap, NULL);
	if (a->rc == DB_OK)
		a->rc = db_commit(a->db);
	if (a->rc != DB_OK)
		db_rollback(a->db);
	return NULL;
}

/* A read on a connection whose commit went to a ticket: it must see that commit. */
struct read_arg {
	struct db *db;
	atomic_int done;
	enum db_rc rc;
	int64_t total;
};

static void *
read_after(void *p)
{
	struct read_arg *a = p;
	struct db_audit_filter f = {
	    .object_type = "gcommit", .object_id = "late.", .to = INT64_MAX, .limit = 10};
	struct arena *ar = arena_new();
	struct db_audit *rows;
	size_t n;

	a->rc = db_audit_list(a->db, ar, &f, &rows, &n, &a->total);
	arena_free(ar);
	atomic_store(&a->done, 1);
	return NULL;
}

/*
 * w0 writes and commits with a ticket while w1 waits at the gate, so w0's commit returns before
 * the batch's COMMIT; w1 then joins the batch and stays in it until told. w0's ticket parks; its
 * rows are not to be seen, and a read on w0 waits, until w1 leaves and commits the batch, which
 * wakes the ticket with the batch's result (a failed WAL sync when fail is set).
 */
static void
late_answer(struct rig *r, bool fail)
{
	struct later_rig l = {0};
	struct inside_arg in = {.db = r->w[1]};
	struct read_arg rd = {.db = r->w[0]};
	struct timespec nap = {0, 20000000};
	pthread_t th, reader;

	db_gate_tune(r->g, 64, 10000);
	l.t.park = count_park;
	l.t.wake = count_wake;
	l.t.arg = &l;
	assert_int_equal(db_begin(r->w[0]), DB_OK);
	assert_int_equal(put(r->w[0], "late.", ""), DB_OK);
	assert_int_equal(pthread_create(&th, NULL, write_inside, &in), 0);
	wait_queued(r->g, 1);
	db_commit_later(r->w[0], &l.t);
	assert_int_equal(db_commit(r->w[0]), DB_OK); /* at once: w1 waits behind it */
	assert_true(db_ticket_park(&l.t));
	assert_int_equal(atomic_load(&l.parks), 1);
	assert_int_equal(rows_tagged(r, "late."), 0);
	assert_int_equal(pthread_create(&reader, NULL, read_after, &rd), 0);
	nanosleep(&nap, NULL);
	assert_int_equal(atomic_load(&rd.done), 0); /* waits for the batch */
	assert_int_equal(atomic_load(&l.wakes), 0);
	if (fail) {
		atomic_store(&wal_syncs_failed, 0);
		atomic_store(&fail_wal_sync, 1);
	}
	atomic_store(&in.go, 1);
	pthread_join(th, NULL);
	pthread_join(reader, NULL);
	atomic_store(&fail_wal_sync, 0);
	assert_int_equal(atomic_load(&l.wakes), 1);
	db_commit_later(r->w[0], NULL);
	if (!fail) {
		assert_int_equal(in.rc, DB_OK);
		assert_int_equal(db_ticket_result(&l.t), DB_OK);
		assert_int_equal(rd.rc, DB_OK);
		assert_int_equal(rd.total, 1); /* the read saw the commit it waited for */
		assert_int_equal(rows_tagged(r, "late."), 1);
		return;
	}
	assert_true(atomic_load(&wal_syncs_failed) >= 1);
	assert_int_equal(in.rc, DB_ERR);
	assert_int_equal(db_ticket_result(&l.t), DB_ERR);
	assert_non_null(strstr(l.t.err, "batch"));
	assert_int_equal(rd.rc, DB_ERR); /* the read after a lost write says so */
	rig_close(r);
	assert_int_equal(rows_tagged(r, "late."), 0);
	assert_int_equal(rows_tagged(r, "inside."), 0);
}

static void
test_late_answer_waits_for_its_batch(void **state)
{
	late_answer(*state, false);
}

static void
test_late_answer_of_a_failed_batch(void **state)
{
	late_answer(*state, true);
}

/* With nobody behind it, a writer commits its batch itself: its ticket is done before it parks. */
static void
test_late_answer_alone_is_done_at_once(void **state)
{
	struct rig *r = *state;
	struct later_rig l = {0};

	l.t.park = count_park;
	l.t.wake = count_wake;
	l.t.arg = &l;
	assert_int_equal(db_begin(r->w[0]), DB_OK);
	assert_int_equal(put(r->w[0], "alone.", ""), DB_OK);
	db_commit_later(r->w[0], &l.t);
	assert_int_equal(db_commit(r->w[0]), DB_OK);
	assert_false(db_ticket_park(&l.t));
	assert_int_equal(db_ticket_result(&l.t), DB_OK);
	assert_int_equal(atomic_load(&l.parks) + atomic_load(&l.wakes), 0);
	db_commit_later(r->w[0], NULL);
	assert_int_equal(rows_tagged(r, "alone."), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_concurrent_writers_all_land, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_checkpointer_alongside, rig_setup, rig_teardown),
	    cmocka_unit_test_setup_teardown(test_checkpoint_never_inside_a_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_failing_writer_undoes_only_its_part, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_commit_fails_the_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_full_mid_batch_fails_the_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_long_transaction_joins_no_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_late_answer_waits_for_its_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_late_answer_of_a_failed_batch, rig_setup,
					    rig_teardown),
	    cmocka_unit_test_setup_teardown(test_late_answer_alone_is_done_at_once, rig_setup,
					    rig_teardown),
	};

	return cmocka_run_group_tests_name("gcommit", tests, NULL, NULL);
}
