// stats-fresh: the stats answer is never stale. A figure read, then a record written — through the API, through
// another server process on the same database, or by a direct write in another connection — and the figure read
// again is the new one; random writes keep the root's figures equal to a recomputation from the records list.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dbQuery, seeded, startPeer, stats, testServer } from './lib.mjs';

let peer, office, yuzhong, onPeer;
let root, qx03, jd01;
const YEAR = '?from=2025-01-01&to=2025-12-31';
// Stopped after the last test: the peer first, then the server and its database.
const srv = testServer({}, async () => {
	peer = await startPeer(srv);
	({ office, yuzhong } = await srv.loginAll(['office', 'yuzhong']));
	onPeer = await peer.login('yuzhong');
	({ root, qx03, jd01 } = await srv.units(['SKX', 'QX03', 'QX03-JD01']));
});

function lecture(date, audience) {
	return { org_id: jd01.id, kind: 'lecture', date, title: '社区宣讲', audience };
}
describe('a figure read again after a write is the new one', () => {
	test('a record written through the API, on the same server', async () => {
		const before = await stats(office, root.id, YEAR);
		assert.deepEqual(await stats(office, root.id, YEAR), before, 'read twice, nothing written: the same answer');
		const r = await yuzhong.post('/api/v1/records', lecture('2025-04-12', 120));
		assert.equal(r.status, 201, r.text);
		const now = await stats(office, root.id, YEAR);
		assert.equal(now.kinds.lecture.records, before.kinds.lecture.records + 1);
		assert.equal(now.kinds.lecture.audience, before.kinds.lecture.audience + 120);
		const child = now.children.find((c) => c.org_id === qx03.id);
		const was = before.children.find((c) => c.org_id === qx03.id);
		assert.equal(child.kinds.lecture.audience, was.kinds.lecture.audience + 120);
	});

	test('a record written through another server process on the same database', async () => {
		const before = await stats(office, root.id, YEAR);
		const onOther = await stats(onPeer, qx03.id, YEAR);
		const r = await onPeer.post('/api/v1/records', lecture('2025-05-06', 45));
		assert.equal(r.status, 201, r.text);
		const now = await stats(office, root.id, YEAR);
		assert.equal(now.kinds.lecture.audience, before.kinds.lecture.audience + 45);
		assert.equal((await stats(yuzhong, qx03.id, YEAR)).kinds.lecture.audience, onOther.kinds.lecture.audience + 45);
		assert.equal((await stats(onPeer, qx03.id, YEAR)).kinds.lecture.audience, onOther.kinds.lecture.audience + 45);
	});

	test('a direct write in another connection', async () => {
		const before = await stats(office, root.id, YEAR);
		dbQuery(srv.db, `UPDATE rollup SET audience = audience + 7 WHERE org_id = ${root.id} AND kind = 'lecture' AND month = '2025-04' AND campaign_id = 0`);
		const now = await stats(office, root.id, YEAR);
		assert.equal(now.kinds.lecture.audience, before.kinds.lecture.audience + 7 * Number(dbQuery(srv.db, `SELECT count(*) FROM rollup WHERE org_id = ${root.id} AND kind = 'lecture' AND month = '2025-04' AND campaign_id = 0`)));
		dbQuery(srv.db, `UPDATE rollup SET audience = audience - 7 WHERE org_id = ${root.id} AND kind = 'lecture' AND month = '2025-04' AND campaign_id = 0`);
		assert.deepEqual(await stats(office, root.id, YEAR), before);
	});

	test('a renamed child and a deleted record show at once', async () => {
		const r = await yuzhong.post('/api/v1/records', lecture('2025-06-01', 10));
		assert.equal(r.status, 201, r.text);
		const before = await stats(office, root.id, YEAR);
		assert.equal((await office.patch(`/api/v1/orgs/${qx03.id}`, { name: '渝中区科协（改）' })).status, 200);
		const renamed = await stats(office, root.id, YEAR);
		assert.equal(renamed.children.find((c) => c.org_id === qx03.id).name, '渝中区科协（改）');
		const d = await yuzhong.del(`/api/v1/records/${r.json.id}`, { json: { reason: '重复' } });
		assert.equal(d.status, 200, d.text);
		const now = await stats(office, root.id, YEAR);
		assert.equal(now.kinds.lecture.audience, before.kinds.lecture.audience - 10);
	});

	test('the kept answer of a unit is still 404 to a caller outside it', async () => {
		const jiangbei = await srv.login('jiangbei');
		await stats(yuzhong, qx03.id, YEAR);
		assert.equal((await jiangbei.get(`/api/v1/orgs/${qx03.id}/stats${YEAR}`)).status, 404);
		assert.equal((await yuzhong.get(`/api/v1/orgs/${root.id}/stats${YEAR}`)).status, 404);
	});
});

describe('random writes on two processes: the figures follow each one', () => {
	test('creates, edits and deletes on either process, the figure read on either after each', async () => {
		const rand = seeded(20261130);
		const writers = [yuzhong, onPeer];
		const readers = [office, await peer.login('office')];
		const base = (await stats(office, root.id, YEAR)).kinds.lecture;
		const live = new Map(); // id -> audience: what this test wrote and did not delete
		for (let step = 0; step < 30; step++) {
			const w = writers[rand(2)];
			const ids = [...live.keys()];
			const op = ids.length === 0 ? 0 : rand(3);
			const audience = 1 + rand(500);
			if (op === 0) {
				const r = await w.post('/api/v1/records', lecture(`2025-0${1 + rand(9)}-1${rand(10)}`, audience));
				assert.equal(r.status, 201, r.text);
				live.set(r.json.id, audience);
			} else if (op === 1) {
				const id = ids[rand(ids.length)];
				const r = await w.patch(`/api/v1/records/${id}`, { audience });
				assert.equal(r.status, 200, r.text);
				live.set(id, audience);
			} else {
				const id = ids[rand(ids.length)];
				const r = await w.del(`/api/v1/records/${id}`, { json: { reason: '随机删除' } });
				assert.equal(r.status, 200, r.text);
				live.delete(id);
			}
			const want = { records: base.records + live.size, audience: base.audience + [...live.values()].reduce((s, x) => s + x, 0) };
			const got = (await stats(readers[rand(2)], root.id)).kinds.lecture;
			assert.deepEqual({ records: got.records, audience: got.audience }, want, `step ${step}`);
		}
	});
});
