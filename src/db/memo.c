/* db/memo: read snapshots named by a token, and a connection's small cache of answers built from
 * one, each given again only while the connection sees exactly the data it was built from. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "db/store.h"

struct memo_slot {
	char key[DB_MEMO_KEY_CAP];
	char token[DB_TOKEN_CAP];
	char *val; /* NULL: a free slot */
	size_t len;
	uint64_t used; /* the memo's tick when last given or put: the least recent goes first */
};

struct db_memo {
	struct memo_slot slot[DB_MEMO_SLOTS];
	size_t bytes; /* the values' bytes held */
	uint64_t tick;
};

enum db_rc
db_snapshot_begin(struct db *db, char token[DB_TOKEN_CAP])
{
	struct arena *a = arena_new();
	struct db_result r;
	const char *t;
	enum db_rc rc;

	token[0] = '\0';
	if (a == NULL)
		return DB_ERR;
	/* Not db_begin: a read takes no turn at the write gate. */
	rc = db_run(db, SQL_READ_BEGIN, NULL, 0, NULL, NULL);
	if (rc == DB_OK) {
		/* The first read of the transaction: it fixes the snapshot the token names. */
		rc = db_run_one(db, SQL_READ_TOKEN, NULL, 0, a, &r);
		if (rc != DB_OK)
			db_snapshot_end(db);
	}
	if (rc == DB_OK) {
		t = db_val(&r, 0, 0);
		/* A token that does not fit is left empty, and an empty token matches nothing. */
		if (t != NULL && strlen(t) < DB_TOKEN_CAP)
			memcpy(token, t, strlen(t) + 1);
	}
	arena_free(a);
	return rc;
}

void
db_snapshot_end(struct db *db)
{
	/* A read-only transaction has nothing to keep; db_rollback keeps the last error for the log
	 * and needs no memory. */
	db_rollback(db);
}

static void
slot_clear(struct db_memo *m, struct memo_slot *s)
{
	if (s == NULL || s->val == NULL)
		return;
	m->bytes -= s->len;
	free(s->val);
	memset(s, 0, sizeof(*s));
}

/* db_close's hook (struct db's memo_free). */
static void
memo_free(struct db_memo *m)
{
	size_t i;

	for (i = 0; i < DB_MEMO_SLOTS; i++)
		slot_clear(m, &m->slot[i]);
	free(m);
}

static struct memo_slot *
slot_of(struct db_memo *m, const char *key)
{
	size_t i;

	for (i = 0; m != NULL && i < DB_MEMO_SLOTS; i++)
		if (m->slot[i].val != NULL && strcmp(m->slot[i].key, key) == 0)
			return &m->slot[i];
	return NULL;
}

const char *
db_memo_get(struct db *db, const char *key, const char *token, size_t *len)
{
	struct memo_slot *s = slot_of(db->memo, key);

	*len = 0;
	if (s == NULL || token[0] == '\0' || strcmp(s->token, token) != 0)
		return NULL;
	s->used = ++db->memo->tick;
	*len = s->len;
	return s->val;
}

/* The least recently used slot holding an answer, NULL when none does. */
static struct memo_slot *
slot_oldest(struct db_memo *m)
{
	struct memo_slot *old = NULL;
	size_t i;

	for (i = 0; i < DB_MEMO_SLOTS; i++)
		if (m->slot[i].val != NULL && (old == NULL || m->slot[i].used < old->used))
			old = &m->slot[i];
	return old;
}

/* A free slot, the least recently used one emptied when every slot holds an answer. */
static struct memo_slot *
slot_spare(struct db_memo *m)
{
	struct memo_slot *s;
	size_t i;

	for (i = 0; i < DB_MEMO_SLOTS; i++)
		if (m->slot[i].val == NULL)
			return &m->slot[i];
	s = slot_oldest(m);
	slot_clear(m, s);
	return s;
}

void
db_memo_put(struct db *db, const char *key, const char *token, const void *val, size_t len)
{
	struct memo_slot *s;
	char *copy;

#ifdef MEMO_OFF /* build/bench/xuanguan-nomemo: the same reads, nothing kept (bench/scale.sh) */
	return;
#endif
	if (token[0] == '\0' || len > DB_MEMO_VALUE_MAX || strlen(key) >= DB_MEMO_KEY_CAP ||
	    strlen(token) >= DB_TOKEN_CAP)
		return;
	if (db->memo == NULL && (db->memo = alloc_calloc(1, sizeof(*db->memo))) != NULL)
		db->memo_free = memo_free;
	if (db->memo == NULL)
		return;
	s = slot_of(db->memo, key);
	if (s != NULL)
		slot_clear(db->memo, s); /* built from older data: never given again */
	while (db->memo->bytes + len > DB_MEMO_BYTES && (s = slot_oldest(db->memo)) != NULL)
		slot_clear(db->memo, s);
	copy = alloc_malloc(len + 1);
	if (copy == NULL)
		return;
	memcpy(copy, val, len);
	copy[len] = '\0';
	s = slot_spare(db->memo);
	if (s == NULL) { /* cannot be: DB_MEMO_SLOTS > 0 */
		free(copy);
		return;
	}
	memcpy(s->key, key, strlen(key) + 1);
	memcpy(s->token, token, strlen(token) + 1);
	s->val = copy;
	s->len = len;
	s->used = ++db->memo->tick;
	db->memo->bytes += len;
}
