// multiproc: two server processes on one database share sessions, locks, policy and data (nothing lives in memory).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD, startPeer, testServer, uniq } from './lib.mjs';

// Stopped after the last test: b first, then a and the database.
let b;
const a = testServer({}, async () => {
	b = await startPeer(a);
});

test('a session opened on one process works on the other, and logging out on one ends it on both', async () => {
	const s = await a.login('office');
	const onB = s.via(b);
	const me = await onB.get('/api/v1/me');
	assert.equal(me.status, 200, me.text);
	assert.equal(me.json.username, 'office');
	const w = await onB.post('/api/v1/orgs', { parent_id: 1, code: uniq('MP'), name: '另一进程创建', kind: '其他' });
	assert.equal(w.status, 201, 'the CSRF token is shared too');
	assert.equal((await s.get(`/api/v1/orgs/${w.json.id}`)).status, 200, 'the write is seen by the first process');
	assert.equal((await onB.post('/api/v1/logout')).status, 200);
	assert.equal((await s.get('/api/v1/me')).status, 401);
});

test('failures counted on both processes lock the account on both', async () => {
	for (let i = 0; i < 3; i++) await a.tryLogin('leader', 'Wrong#Pass2026');
	for (let i = 0; i < 2; i++) await b.tryLogin('leader', 'Wrong#Pass2026');
	assert.equal((await a.tryLogin('leader', PASSWORD)).status, 429);
	assert.equal((await b.tryLogin('leader', PASSWORD)).status, 429);
	const sa = await b.login('secadmin');
	assert.equal((await sa.post('/api/v1/security/unlock', { key: 'user:leader' })).status, 200);
	assert.equal((await a.tryLogin('leader', PASSWORD)).status, 200, 'the unlock on one process is seen by the other');
});

test('a policy change on one process applies on the other', async () => {
	const sa = await a.login('secadmin');
	// The other process has read (and keeps a copy of) the policy before the change.
	const office = await b.login('office');
	assert.equal((await office.get('/api/v1/me')).status, 200);
	assert.equal((await sa.patch('/api/v1/security/policy', { pw_min_length: 20 })).status, 200);
	const user = () => ({ username: 'mp_' + uniq().toLowerCase(), display_name: '多进程', role: 'viewer', org_id: 1, password: 'Only#Fifteen2026' });
	const r = await office.post('/api/v1/users', user());
	assert.equal(r.status, 400, `a 16-character password under a 20-character policy: ${r.text}`);
	assert.equal(r.json.error.field, 'password');
	assert.equal((await sa.patch('/api/v1/security/policy', { pw_min_length: 10 })).status, 200);
	const ok = await office.post('/api/v1/users', user());
	assert.equal(ok.status, 201, `the change back applies too: ${ok.text}`);
});

test('a disabled account dies on both processes', async () => {
	const onA = await a.login('jgdw');
	const onB = await b.login('jgdw');
	const office = await a.login('office');
	const u = await a.userByName('jgdw');
	assert.equal((await office.patch(`/api/v1/users/${u.id}`, { disabled: true })).status, 200);
	assert.equal((await onA.get('/api/v1/me')).status, 401);
	assert.equal((await onB.get('/api/v1/me')).status, 401);
});

test('parallel writes through both processes all land', async () => {
	const sa = await a.login('office');
	const sb = await b.login('office');
	const tag = uniq('PP');
	const res = await Promise.all(
		Array.from({ length: 20 }, (_, i) => (i % 2 ? sa : sb).post('/api/v1/orgs', { parent_id: 1, code: `${tag}-${i}`, name: `双进程${i}`, kind: '其他' })),
	);
	assert.deepEqual(res.map((r) => r.status), Array(20).fill(201), res.map((r) => r.text).join('\n'));
	assert.equal((await sa.get(`/api/v1/orgs?q=${tag}&limit=100`)).json.total, 20);
});
