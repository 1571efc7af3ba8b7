// storage: what the server leaves in the database — hashed secrets, WAL mode, an append-only audit table.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { BACKEND, startServer } from './lib.mjs';

const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
const skip = BACKEND === 'sqlite' && !hasSqlite3 ? 'the sqlite3 command is not installed' : false;

// Run SQL straight against the server's database; returns {status, out, err}.
function sql(db, query) {
	const r =
		BACKEND === 'pg'
			? spawnSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-Atqc', query], { encoding: 'utf8' })
			: spawnSync('sqlite3', ['-batch', '-bail', db, query], { encoding: 'utf8' });
	return { status: r.status, out: (r.stdout || '').trim(), err: (r.stderr || '').trim() };
}
function rows(db, query) {
	const r = sql(db, query);
	assert.equal(r.status, 0, `${query}: ${r.err}`);
	return r.out === '' ? [] : r.out.split('\n');
}

let srv;
before(async () => {
	if (skip) return;
	srv = await startServer();
});
after(async () => {
	if (srv) await srv.stop();
});

test('session and API tokens are stored hashed, never as given to the client', { skip }, async () => {
	const s = await srv.login('office');
	const t = await s.post('/api/v1/tokens', { label: '存储检查' });
	assert.equal(t.status, 201);
	const dump = rows(srv.db, 'SELECT token_hash FROM sessions');
	assert.ok(dump.length >= 2);
	for (const secret of [s.token, t.json.token]) {
		assert.equal(dump.some((h) => h.includes(secret)), false, 'a raw token in the sessions table');
	}
	for (const h of dump) assert.match(h, /^[0-9a-f]{32,}$/);
});

test('passwords are stored as Argon2id hashes', { skip }, () => {
	const hashes = rows(srv.db, 'SELECT pw_hash FROM users');
	assert.ok(hashes.length >= 10);
	for (const h of hashes) assert.match(h, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
	assert.equal(new Set(hashes).size, hashes.length, 'salted: the same demo password gives different hashes');
});

test('the audit table refuses UPDATE and DELETE (append-only in the database itself)', { skip }, () => {
	const n = rows(srv.db, 'SELECT count(*) FROM audit')[0];
	assert.ok(Number(n) > 0);
	const u = sql(srv.db, "UPDATE audit SET summary = 'tampered'");
	assert.notEqual(u.status, 0, 'UPDATE must fail');
	assert.match(u.err, /append-only/);
	const d = sql(srv.db, 'DELETE FROM audit');
	assert.notEqual(d.status, 0, 'DELETE must fail');
	if (BACKEND === 'pg') assert.notEqual(sql(srv.db, 'TRUNCATE audit').status, 0, 'TRUNCATE must fail');
	assert.equal(rows(srv.db, 'SELECT count(*) FROM audit')[0], n);
	assert.equal(rows(srv.db, "SELECT count(*) FROM audit WHERE summary = 'tampered'")[0], '0');
});

test('SQLite runs in WAL mode', { skip: BACKEND !== 'sqlite' || skip }, () => {
	assert.deepEqual(rows(srv.db, 'PRAGMA journal_mode'), ['wal']);
});

test('the stored tree is consistent: every unit’s depth is its parent’s plus one', { skip }, () => {
	const bad = rows(srv.db, 'SELECT c.code FROM org c JOIN org p ON p.id = c.parent_id WHERE c.depth <> p.depth + 1');
	assert.deepEqual(bad, []);
	const roots = rows(srv.db, 'SELECT code FROM org WHERE parent_id IS NULL');
	assert.deepEqual(roots, ['SKX']);
});
