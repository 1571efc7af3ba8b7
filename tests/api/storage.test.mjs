// storage: what the server leaves in the database — hashed secrets, WAL mode, an append-only audit table.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { BACKEND, dbQuery, dbShell, testServer } from './lib.mjs';

const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
const skip = BACKEND === 'sqlite' && !hasSqlite3 ? 'the sqlite3 command is not installed' : false;

// A query's rows, one string each (columns split by |).
function dbRows(db, query) {
	const out = dbQuery(db, query);
	return out === '' ? [] : out.split('\n');
}

const srv = skip ? undefined : testServer();

test('session and API tokens are stored hashed, never as given to the client', { skip }, async () => {
	const s = await srv.login('office');
	const t = await s.post('/api/v1/tokens', { label: '存储检查' });
	assert.equal(t.status, 201);
	const dump = dbRows(srv.db, 'SELECT token_hash FROM sessions');
	assert.ok(dump.length >= 2);
	for (const secret of [s.token, t.json.token]) {
		assert.equal(dump.some((h) => h.includes(secret)), false, 'a raw token in the sessions table');
	}
	for (const h of dump) assert.match(h, /^[0-9a-f]{32,}$/);
});

test('passwords are stored as Argon2id hashes', { skip }, () => {
	const hashes = dbRows(srv.db, 'SELECT pw_hash FROM users');
	assert.ok(hashes.length >= 10);
	for (const h of hashes) assert.match(h, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
	assert.equal(new Set(hashes).size, hashes.length, 'salted: the same demo password gives different hashes');
});

test('the audit table refuses UPDATE and DELETE (append-only in the database itself)', { skip }, () => {
	const n = dbRows(srv.db, 'SELECT count(*) FROM audit')[0];
	assert.ok(Number(n) > 0);
	const u = dbShell(srv.db, "UPDATE audit SET summary = 'tampered'");
	assert.notEqual(u.status, 0, 'UPDATE must fail');
	assert.match(u.err, /append-only/);
	const d = dbShell(srv.db, 'DELETE FROM audit');
	assert.notEqual(d.status, 0, 'DELETE must fail');
	if (BACKEND === 'pg') assert.notEqual(dbShell(srv.db, 'TRUNCATE audit').status, 0, 'TRUNCATE must fail');
	assert.equal(dbRows(srv.db, 'SELECT count(*) FROM audit')[0], n);
	assert.equal(dbRows(srv.db, "SELECT count(*) FROM audit WHERE summary = 'tampered'")[0], '0');
});

test('SQLite runs in WAL mode', { skip: BACKEND !== 'sqlite' || skip }, () => {
	assert.deepEqual(dbRows(srv.db, 'PRAGMA journal_mode'), ['wal']);
});

test('the stored tree is consistent: every unit’s depth is its parent’s plus one', { skip }, () => {
	const bad = dbRows(srv.db, 'SELECT c.code FROM org c JOIN org p ON p.id = c.parent_id WHERE c.depth <> p.depth + 1');
	assert.deepEqual(bad, []);
	const roots = dbRows(srv.db, 'SELECT code FROM org WHERE parent_id IS NULL');
	assert.deepEqual(roots, ['SKX']);
});
