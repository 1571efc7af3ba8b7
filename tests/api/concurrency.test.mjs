// concurrency: parallel requests get proper answers (no 500/503), and racing writes keep the rules (one code, one winner).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer, uniq } from './lib.mjs';

let office;
const srv = testServer({}, async () => {
	office = await srv.login('office');
});

test('40 parallel creates with distinct codes all succeed and are all there', async () => {
	const tag = uniq('P');
	const res = await Promise.all(
		Array.from({ length: 40 }, (_, i) => office.post('/api/v1/orgs', { parent_id: 1, code: `${tag}-${i}`, name: `并发单位${i}`, kind: '其他' })),
	);
	assert.deepEqual(res.map((r) => r.status), Array(40).fill(201), res.map((r) => r.text).join('\n'));
	const s = await office.get(`/api/v1/orgs?q=${tag}&limit=100`);
	assert.equal(s.json.total, 40);
	assert.equal(new Set(res.map((r) => r.json.id)).size, 40, 'distinct ids');
});

test('20 parallel creates with the same code: exactly one 201, the rest 409', async () => {
	const code = uniq('RACE');
	const res = await Promise.all(
		Array.from({ length: 20 }, (_, i) => office.post('/api/v1/orgs', { parent_id: 1, code, name: `抢注${i}`, kind: '其他' })),
	);
	const statuses = res.map((r) => r.status).sort();
	assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
	assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
	assert.equal((await office.get(`/api/v1/orgs?q=${code}`)).json.total, 1);
});

test('parallel creates of the same username: exactly one 201, the rest 409', async () => {
	const username = 'race_' + uniq().toLowerCase();
	const res = await Promise.all(
		Array.from({ length: 8 }, () =>
			office.post('/api/v1/users', { username, display_name: '抢注', role: 'viewer', org_id: 1, password: 'Race#Pass20266' }),
		),
	);
	const statuses = res.map((r) => r.status).sort();
	assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
	assert.equal(statuses.filter((s) => s === 409).length, 7, statuses.join(','));
});

test('parallel updates of one unit all answer 200, and the audit has one row per update', async () => {
	const qx05 = await srv.orgByCode('QX05');
	const au = await srv.login('auditor');
	const before0 = (await au.get(`/api/v1/audit?object_type=org&object_id=${qx05.id}&limit=1`)).json.total;
	const res = await Promise.all(Array.from({ length: 15 }, (_, i) => office.patch(`/api/v1/orgs/${qx05.id}`, { members: 1000 + i })));
	assert.deepEqual(res.map((r) => r.status), Array(15).fill(200), res.map((r) => r.text).join('\n'));
	const after0 = (await au.get(`/api/v1/audit?object_type=org&object_id=${qx05.id}&limit=1`)).json.total;
	assert.equal(after0 - before0, 15);
	const final = (await office.get(`/api/v1/orgs/${qx05.id}`)).json.members;
	assert.ok(final >= 1000 && final < 1015);
});

test('reads, logins and writes mixed in parallel: no 5xx', async () => {
	const jobs = [];
	for (let i = 0; i < 60; i++) jobs.push(office.get(`/api/v1/orgs?q=QX&limit=20`));
	for (let i = 0; i < 6; i++) jobs.push(srv.tryLogin('leader'));
	for (let i = 0; i < 20; i++) jobs.push(office.post('/api/v1/orgs', { parent_id: 1, code: uniq('MIX'), name: '混合', kind: '其他' }));
	const res = await Promise.all(jobs);
	const bad = res.filter((r) => r.status >= 500);
	assert.equal(bad.length, 0, bad.map((r) => `${r.status} ${r.text}`).join('\n'));
});

test('moving a unit while its subtree is read in parallel never shows a broken tree', async () => {
	const jd = await srv.orgByCode('QX03-JD01');
	const a = await srv.orgByCode('QX03-JD02');
	const b = await srv.orgByCode('QX03-JD03');
	const moves = [];
	for (let i = 0; i < 10; i++) moves.push(office.patch(`/api/v1/orgs/${jd.id}`, { parent_id: i % 2 ? a.id : b.id }));
	const reads = [];
	for (let i = 0; i < 30; i++) reads.push(office.get(`/api/v1/orgs/${jd.id}/children`));
	const res = await Promise.all([...moves, ...reads]);
	assert.ok(res.every((r) => r.status === 200), res.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text}`).join('\n'));
	const now = (await office.get(`/api/v1/orgs/${jd.id}`)).json;
	assert.ok([a.id, b.id].includes(now.parent_id));
	for (const k of (await office.get(`/api/v1/orgs/${jd.id}/children`)).json.items) {
		const g = (await office.get(`/api/v1/orgs/${k.id}`)).json;
		assert.equal(g.depth, now.depth + 1, 'descendants moved with their unit');
	}
});
