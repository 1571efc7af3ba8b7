// records: work records (工作台账) over the API — create, list, edit, delete, the review of publicity, campaigns,
// the stats rolled up the tree, scope (a sibling district's records are 404), refusals that change nothing, the audit
// trail, and random writes that leave `xuanguan check` clean.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BACKEND, dbQuery, holdLock, isChineseError, seeded, someoneWaits, stats, testServer } from './lib.mjs';

let office, yuzhong, yuzhongStaff, jiangbei, leader, stdw;
let root, qx03, qx05, jd01;
const srv = testServer({}, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei, leader, stdw } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei', 'leader', 'stdw']));
	({ root, qx03, qx05, jd01 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01']));
});

function check() {
	const c = srv.cli(['check']);
	assert.equal(c.status, 0, `xuanguan check: ${c.stdout}${c.stderr}`);
}

describe('records and their roll-ups', () => {
	test('a street lecture recorded by the district appears at once in the district and city figures', async () => {
		const before = await stats(office, root.id, '?from=2025-04-01&to=2025-04-30');
		const r = await yuzhong.post('/api/v1/records', {
			org_id: jd01.id,
			kind: 'lecture',
			date: '2025-04-12',
			title: '社区宣讲',
			audience: 120,
			lecturer: '王老师',
			venue_kind: '社区',
			volunteer: true,
		});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.kind, 'lecture');
		assert.equal(r.json.lecturer, '王老师');
		assert.equal(r.json.volunteer, true);
		assert.equal(r.json.state, 'recorded');
		assert.equal(r.json.counted, true);
		const city = await stats(office, root.id, '?from=2025-04-01&to=2025-04-30');
		assert.equal(city.kinds.lecture.records, before.kinds.lecture.records + 1);
		assert.equal(city.kinds.lecture.audience, before.kinds.lecture.audience + 120);
		const district = await stats(yuzhong, qx03.id, '?from=2025-04-01&to=2025-04-30');
		assert.equal(district.kinds.lecture.audience, 120);
		assert.deepEqual(district.months.map((m) => m.month), ['2025-04']);
		const street = district.children.find((c) => c.org_id === jd01.id);
		assert.equal(street.kinds.lecture.records, 1);
		const cityChild = city.children.find((c) => c.org_id === qx03.id);
		assert.equal(cityChild.kinds.lecture.audience, 120);
		check();
	});

	test('stats count whole months and say which days they cover; an upside-down period is refused', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'study', date: '2025-07-03', title: '月初学习', participants: 5 });
		assert.equal(r.status, 201, r.text);
		const s = await stats(yuzhong, qx03.id, '?from=2025-07-20&to=2025-07-21');
		assert.equal(s.from, '2025-07-01');
		assert.equal(s.to, '2025-07-31');
		assert.equal(s.kinds.study.records, 1, 'a record of 3 July counts in a period asked from the 20th: whole months');
		const open = await stats(yuzhong, qx03.id, '?from=2025-07-20');
		assert.equal(open.from, '2025-07-01');
		assert.equal(open.to, null);
		assert.ok(open.months.every((m) => m.month >= '2025-07'));
		const all = await stats(yuzhong, qx03.id);
		assert.equal(all.from, null);
		const bad = await yuzhong.get(`/api/v1/orgs/${qx03.id}/stats?from=2025-08-01&to=2025-07-31`);
		assert.equal(bad.status, 400);
		assert.ok(isChineseError(bad));
		assert.equal(bad.json.error.field, 'to');
	});

	test('a sibling district sees none of it: record, list, stats, change and delete are 404', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2025-05-06', title: '中心组学习', participants: 12 });
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		assert.equal((await jiangbei.get(`/api/v1/records/${id}`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/records?org_id=${qx03.id}`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/orgs/${qx03.id}/stats`)).status, 404);
		const p = await jiangbei.patch(`/api/v1/records/${id}`, { title: '改' });
		assert.equal(p.status, 404);
		assert.ok(isChineseError(p));
		assert.equal((await jiangbei.request('DELETE', `/api/v1/records/${id}`, { json: { reason: '删' } })).status, 404);
		assert.equal((await jiangbei.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x' })).status, 404);
		const own = await jiangbei.get('/api/v1/records?limit=100');
		assert.equal(own.status, 200);
		assert.ok(own.json.items.every((i) => i.id !== id));
		const still = await yuzhong.get(`/api/v1/records/${id}`);
		assert.equal(still.json.title, '中心组学习');
	});

	test('refusals change nothing', async () => {
		const before = (await office.get('/api/v1/records?limit=1')).json.total;
		const city = await stats(office, root.id);
		const bad = [
			{ org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x', audience: 3 }, // a study has no audience
			{ org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x', channel: '微博' }, // a publicity field
			{ org_id: qx03.id, kind: 'study', date: '2025-13-06', title: 'x' },
			{ org_id: qx03.id, kind: 'party', date: '2025-05-06', title: 'x' },
			{ org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x', form: '座谈会' },
			{ org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x', colour: 'red' }, // undeclared
			{ org_id: qx03.id, kind: 'study', date: '2025-05-06', title: 'x', participants: -1 },
		];
		for (const body of bad) {
			const r = await yuzhong.post('/api/v1/records', body);
			assert.equal(r.status, 400, JSON.stringify(body) + ' ' + r.text);
			assert.ok(isChineseError(r));
		}
		// The viewer reads but does not record.
		assert.equal((await leader.post('/api/v1/records', { org_id: root.id, kind: 'study', date: '2025-05-06', title: 'x' })).status, 403);
		assert.equal((await office.get('/api/v1/records?limit=1')).json.total, before);
		assert.deepEqual(await stats(office, root.id), city);
	});

	test('list filters: unit with its subtree, kind, dates, keyword; the viewer reads', async () => {
		await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'training', date: '2024-11-02', title: '专题培训班第一期', participants: 40, hours: 16, online: false });
		const sub = await yuzhong.get(`/api/v1/records?org_id=${qx03.id}&subtree=1&kind=training`);
		assert.equal(sub.status, 200);
		assert.ok(sub.json.items.length >= 1);
		assert.ok(sub.json.items.every((i) => i.kind === 'training'));
		const own = await yuzhong.get(`/api/v1/records?org_id=${qx03.id}&kind=training`);
		assert.equal(own.json.total, 0); // the training is the street's, not the district's own
		const q = await leader.get(`/api/v1/records?q=${encodeURIComponent('培训班')}&from=2024-11-01&to=2024-11-30`);
		assert.equal(q.status, 200);
		assert.equal(q.json.total, 1);
		assert.equal(q.json.items[0].hours, 16);
		const none = await leader.get(`/api/v1/records?q=${encodeURIComponent('培训班')}&from=2024-12-01`);
		assert.equal(none.json.total, 0);
		assert.equal((await leader.get('/api/v1/records?kind=party')).status, 400);
	});

	test('edit moves the figures, delete needs a reason and takes them out; both audited', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2023-03-01', title: '支部学习', participants: 9 });
		const id = r.json.id;
		const p = await yuzhong.patch(`/api/v1/records/${id}`, { date: '2023-04-01', participants: 11, topic: '二十大精神' });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.topic, '二十大精神');
		let s = await stats(office, root.id, '?from=2023-03-01&to=2023-04-30');
		assert.equal(s.kinds.study.participants, 11);
		assert.deepEqual(s.months.map((m) => [m.month, m.kinds.study.records]), [['2023-04', 1]]);
		assert.equal((await yuzhong.request('DELETE', `/api/v1/records/${id}`, { json: {} })).status, 400);
		const d = await yuzhong.request('DELETE', `/api/v1/records/${id}`, { json: { reason: '重复填报' } });
		assert.equal(d.status, 200, d.text);
		assert.equal((await yuzhong.get(`/api/v1/records/${id}`)).status, 404);
		s = await stats(office, root.id, '?from=2023-03-01&to=2023-04-30');
		assert.equal(s.kinds.study.records, 0);
		const auditor = await srv.login('auditor');
		for (const action of ['record.create', 'record.update', 'record.delete']) {
			const a = await auditor.get(`/api/v1/audit?object_type=record&object_id=${id}&action=${action}`);
			assert.equal(a.status, 200, a.text);
			assert.equal(a.json.items.length, 1, action);
		}
		const up = (await auditor.get(`/api/v1/audit?object_type=record&object_id=${id}&action=record.update`)).json.items[0];
		assert.match(JSON.stringify(up.before), /2023-03-01/);
		assert.match(JSON.stringify(up.after), /2023-04-01/);
		check();
	});
});

describe('publicity is reviewed before it counts', () => {
	test('draft → submitted → returned with a reason → submitted → approved by a unit above', async () => {
		const month = '?from=2025-08-01&to=2025-08-31';
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'publicity', date: '2025-08-08', title: '公众号推文', channel: '微信公众号', genre: '原创' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.state, 'draft');
		const id = r.json.id;
		assert.equal((await stats(office, root.id, month)).kinds.publicity.records, 0);
		assert.equal((await yuzhong.post(`/api/v1/records/${id}/submit`)).status, 200);
		// The reporter may not review; the district's own staff is not above the author's unit.
		assert.equal((await yuzhong.post(`/api/v1/records/${id}/approve`)).status, 403);
		const same = await yuzhongStaff.post(`/api/v1/records/${id}/approve`);
		assert.equal(same.status, 403);
		assert.ok(isChineseError(same));
		assert.equal((await office.post(`/api/v1/records/${id}/return`, {})).status, 400);
		const ret = await office.post(`/api/v1/records/${id}/return`, { reason: '请注明来源' });
		assert.equal(ret.status, 200, ret.text);
		assert.equal(ret.json.state, 'returned');
		const seen = await yuzhong.get(`/api/v1/records/${id}`);
		assert.equal(seen.json.review_reason, '请注明来源');
		assert.equal((await stats(office, root.id, month)).kinds.publicity.records, 0);
		assert.equal((await yuzhong.patch(`/api/v1/records/${id}`, { link: 'https://example.org/a' })).status, 200);
		assert.equal((await yuzhong.post(`/api/v1/records/${id}/submit`)).status, 200);
		assert.equal((await yuzhong.patch(`/api/v1/records/${id}`, { title: '改' })).status, 409);
		const ok = await office.post(`/api/v1/records/${id}/approve`);
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.state, 'approved');
		assert.equal((await stats(office, root.id, month)).kinds.publicity.records, 1);
		assert.equal((await stats(yuzhong, qx03.id, month)).kinds.publicity.records, 1);
		assert.equal((await office.post(`/api/v1/records/${id}/approve`)).status, 409);
		const list = await yuzhong.get('/api/v1/records?kind=publicity&state=approved');
		assert.ok(list.json.items.some((i) => i.id === id));
		check();
	});

	test('an author moved up to a reviewing post still cannot approve their own publicity', async () => {
		const name = 'pub_' + Date.now().toString(36);
		const made = await office.post('/api/v1/users', { username: name, display_name: '宣传员', role: 'reporter', org_id: qx03.id, password: 'Pub#Writer2026' });
		assert.equal(made.status, 201, made.text);
		const author = await srv.login(name, 'Pub#Writer2026');
		const r = await author.post('/api/v1/records', { org_id: qx03.id, kind: 'publicity', date: '2025-08-10', title: '本人稿件', channel: '官网' });
		assert.equal(r.status, 201, r.text);
		assert.equal((await author.post(`/api/v1/records/${r.json.id}/submit`)).status, 200);
		// The author becomes staff at the top: above the unit the record was written from.
		assert.equal((await office.patch(`/api/v1/users/${made.json.id}`, { role: 'staff', org_id: root.id })).status, 200);
		const moved = await srv.login(name, 'Pub#Writer2026');
		const own = await moved.post(`/api/v1/records/${r.json.id}/approve`);
		assert.equal(own.status, 403, own.text);
		assert.equal(own.json.error.code, 'own_record');
		assert.equal((await moved.get(`/api/v1/records/${r.json.id}`)).json.state, 'submitted');
	});

	test('a supervisor outside the unit\'s branch cannot see it to review it', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'publicity', date: '2025-08-09', title: '微博', channel: '微博' });
		await yuzhong.post(`/api/v1/records/${r.json.id}/submit`);
		assert.equal((await stdw.post(`/api/v1/records/${r.json.id}/approve`)).status, 404);
	});
});

describe('campaigns', () => {
	test('staff sets one up; units below see it and record in it; figures by campaign', async () => {
		const bad = await office.post('/api/v1/campaigns', { org_id: root.id, name: '专项', start_date: '2025-12-01', end_date: '2025-01-01' });
		assert.equal(bad.status, 400);
		assert.equal((await yuzhong.post('/api/v1/campaigns', { org_id: qx03.id, name: '专项', start_date: '2025-01-01', end_date: '2025-12-31' })).status, 403);
		const c = await office.post('/api/v1/campaigns', { org_id: root.id, name: '学习宣传贯彻专项工作', start_date: '2025-01-01', end_date: '2025-12-31', description: '全市' });
		assert.equal(c.status, 201, c.text);
		const list = await yuzhong.get('/api/v1/campaigns');
		assert.ok(list.json.items.some((i) => i.id === c.json.id));
		assert.equal((await jiangbei.get(`/api/v1/campaigns/${c.json.id}`)).status, 200);
		const local = await yuzhongStaff.post('/api/v1/campaigns', { org_id: qx03.id, name: '渝中专项', start_date: '2025-01-01', end_date: '2025-06-30' });
		assert.equal(local.status, 201, local.text);
		assert.equal((await jiangbei.get(`/api/v1/campaigns/${local.json.id}`)).status, 404);
		assert.equal((await yuzhongStaff.patch(`/api/v1/campaigns/${c.json.id}`, { name: '改名' })).status, 403);
		const rec = await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'study', date: '2025-09-09', title: '专项学习', participants: 7, campaign_id: c.json.id });
		assert.equal(rec.status, 201, rec.text);
		const s = await stats(office, root.id, `?campaign_id=${c.json.id}`);
		assert.equal(s.kinds.study.records, 1);
		assert.equal(s.kinds.study.participants, 7);
		const byC = await office.get(`/api/v1/records?campaign_id=${c.json.id}`);
		assert.equal(byC.json.total, 1);
		// A sibling's campaign cannot be used.
		const other = await jiangbei.post('/api/v1/records', { org_id: qx05.id, kind: 'study', date: '2025-09-09', title: 'x', campaign_id: local.json.id });
		assert.equal(other.status, 400);
		check();
	});
});

describe('moving a unit moves its figures', () => {
	test('a street moved to another district takes its records out of the old district and into the new one', async () => {
		const q = '?from=2021-03-01&to=2021-03-31';
		const c = await office.post('/api/v1/campaigns', { org_id: root.id, name: '调整专项', start_date: '2021-01-01', end_date: '2021-12-31' });
		assert.equal(c.status, 201, c.text);
		const dzb = await srv.orgByCode('QX03-JD01-DZB');
		// One record at the street, one at its branch below it (in the campaign): the street's counters are its subtree's.
		assert.equal((await office.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2021-03-05', title: '街道宣讲', audience: 70 })).status, 201);
		assert.equal((await office.post('/api/v1/records', { org_id: dzb.id, kind: 'lecture', date: '2021-03-06', title: '支部宣讲', audience: 30, campaign_id: c.json.id })).status, 201);
		const city = await stats(office, root.id, q);
		assert.equal(city.kinds.lecture.audience, 100);
		assert.equal((await stats(office, qx03.id, q)).kinds.lecture.audience, 100);
		assert.equal((await stats(office, qx05.id, q)).kinds.lecture?.audience ?? 0, 0);
		check();

		const m = await office.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx05.id });
		assert.equal(m.status, 200, m.text);
		assert.equal((await stats(office, qx03.id, q)).kinds.lecture?.audience ?? 0, 0);
		const to = await stats(office, qx05.id, q);
		assert.equal(to.kinds.lecture.audience, 100);
		assert.equal(to.kinds.lecture.records, 2);
		assert.equal(to.children.find((x) => x.org_id === jd01.id).kinds.lecture.audience, 100);
		assert.equal((await stats(office, qx05.id, `${q}&campaign_id=${c.json.id}`)).kinds.lecture.audience, 30);
		assert.equal((await stats(office, qx03.id, `${q}&campaign_id=${c.json.id}`)).kinds.lecture?.audience ?? 0, 0);
		const same = await stats(office, root.id, q); // a common ancestor keeps its figures
		assert.deepEqual([same.kinds, same.months], [city.kinds, city.months]);
		assert.equal((await stats(office, jd01.id, q)).kinds.lecture.audience, 100); // the unit keeps its own
		check();

		// A branch up to the city and back down; then the street home again.
		assert.equal((await office.patch(`/api/v1/orgs/${dzb.id}`, { parent_id: root.id })).status, 200);
		assert.equal((await stats(office, qx05.id, q)).kinds.lecture.audience, 70);
		const up = await stats(office, root.id, q);
		assert.deepEqual([up.kinds, up.months], [city.kinds, city.months]);
		assert.equal(up.children.find((x) => x.org_id === dzb.id).kinds.lecture.audience, 30);
		check();
		assert.equal((await office.patch(`/api/v1/orgs/${dzb.id}`, { parent_id: jd01.id })).status, 200);
		assert.equal((await office.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx03.id })).status, 200);
		assert.equal((await stats(office, qx03.id, q)).kinds.lecture.audience, 100);
		assert.equal((await stats(office, qx05.id, q)).kinds.lecture?.audience ?? 0, 0);
		check();
	});
});

/*
 * PostgreSQL: another session takes an advisory lock (SQL_PATH_LOCK's key 7262022, or the tree lock's 7262021)
 * and holds it until release() is called, so no timer decides the order of events.
 */
function holdAdvisory(sql) {
	return holdLock(srv.db, `BEGIN; ${sql}`);
}

describe('moves and record writes at the same time (PostgreSQL; SQLite runs one writer at a time)', { skip: BACKEND !== 'pg' }, () => {
	test('a move waits for the record writes in flight (the path lock held in share mode), then carries their figures', async () => {
		const h = holdAdvisory('SELECT pg_advisory_xact_lock_shared(7262022)');
		await h.locked;
		let answeredWhileHeld = null;
		let held = true;
		const m = office.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx05.id }).then((r) => {
			answeredWhileHeld = held;
			return r;
		});
		try {
			await someoneWaits(srv.db, () => answeredWhileHeld !== null);
			assert.equal(answeredWhileHeld, null, 'the move did not wait for the record write in flight');
		} finally {
			held = false;
			await h.release();
		}
		assert.equal((await m).status, 200);
		assert.equal(answeredWhileHeld, false);
		check();
		assert.equal((await office.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx03.id })).status, 200);
		check();
	});

	test('a record write waits for a move in flight (the path lock held exclusively), then reads the new path', async () => {
		const h = holdAdvisory('SELECT pg_advisory_xact_lock(7262022)');
		await h.locked;
		let answeredWhileHeld = null;
		let held = true;
		const w = office.post('/api/v1/records', { org_id: jd01.id, kind: 'study', date: '2021-08-08', title: '等待调整', participants: 4 }).then((r) => {
			answeredWhileHeld = held;
			return r;
		});
		try {
			await someoneWaits(srv.db, () => answeredWhileHeld !== null);
			assert.equal(answeredWhileHeld, null, 'the record write did not wait for the move in flight');
		} finally {
			held = false;
			await h.release();
		}
		assert.equal((await w).status, 201);
		assert.equal(answeredWhileHeld, false);
		check();
	});

	test('record writes do not wait for the tree lock that unit creations and imports hold', async () => {
		const h = holdAdvisory('SELECT pg_advisory_xact_lock(7262021)');
		await h.locked;
		try {
			const r = await office.post('/api/v1/records', { org_id: jd01.id, kind: 'study', date: '2021-07-07', title: '不等树锁', participants: 3 });
			assert.equal(r.status, 201, r.text);
		} finally {
			await h.release();
		}
		check();
	});
});

describe('random writes keep the roll-ups equal to the records', () => {
	test('creates, edits, deletes, submissions, approvals and returns; xuanguan check after each step', async () => {
		const rand = seeded(20250917);
		const dzb = await srv.orgByCode('QX03-JD01-DZB');
		const camp = await office.post('/api/v1/campaigns', { org_id: root.id, name: '随机专项', start_date: '2024-01-01', end_date: '2025-12-31' });
		assert.equal(camp.status, 201, camp.text);
		const units = [root.id, qx03.id, qx05.id, jd01.id, dzb.id];
		// Moves that never make a cycle: the street between districts, the branch up and down, a district down
		// under another and back up.
		const moves = [
			[jd01.id, [qx03.id, qx05.id]],
			[dzb.id, [jd01.id, qx03.id, qx05.id, root.id]],
			[qx05.id, [root.id, qx03.id]],
		];
		const kinds = ['study', 'training', 'lecture', 'publicity', 'implementation'];
		const live = [];
		let moved = 0;
		for (let step = 0; step < 60; step++) {
			const op = live.length === 0 ? 0 : rand(6);
			if (op === 5) {
				const [unit, parents] = moves[rand(moves.length)];
				const r = await office.patch(`/api/v1/orgs/${unit}`, { parent_id: parents[rand(parents.length)] });
				assert.equal(r.status, 200, r.text);
				moved++;
			} else if (op === 0 || op === 1) {
				const kind = kinds[rand(kinds.length)];
				const body = { org_id: units[rand(units.length)], kind, date: `202${4 + rand(2)}-0${1 + rand(9)}-1${rand(9)}`, title: `随机${step}` };
				if (rand(2) === 0) body.campaign_id = camp.json.id;
				if (kind === 'study') body.participants = rand(50);
				if (kind === 'training') Object.assign(body, { participants: rand(50), hours: rand(20) });
				if (kind === 'lecture') body.audience = rand(500);
				const r = await office.post('/api/v1/records', body);
				assert.equal(r.status, 201, r.text);
				live.push(r.json);
			} else if (op === 2) {
				const rec = live[rand(live.length)];
				const ch = { date: `2025-1${rand(3)}-0${1 + rand(9)}` };
				if (rec.kind === 'study') ch.participants = rand(80);
				if (rec.kind === 'lecture') ch.audience = rand(800);
				const r = await office.patch(`/api/v1/records/${rec.id}`, ch);
				assert.ok(r.status === 200 || (rec.kind === 'publicity' && r.status === 409), r.text);
			} else if (op === 3) {
				const i = rand(live.length);
				const r = await office.request('DELETE', `/api/v1/records/${live[i].id}`, { json: { reason: '随机删除' } });
				assert.equal(r.status, 200, r.text);
				live.splice(i, 1);
			} else {
				const pub = live.filter((x) => x.kind === 'publicity');
				if (pub.length === 0) continue;
				const rec = pub[rand(pub.length)];
				const cur = (await office.get(`/api/v1/records/${rec.id}`)).json;
				// office works at the root: no unit is above it, so its publicity is only submitted here; the
				// reviews come in the district's loop below.
				if (cur.state === 'draft' || cur.state === 'returned') assert.equal((await office.post(`/api/v1/records/${rec.id}/submit`)).status, 200);
			}
			check();
		}
		assert.ok(moved >= 5, `only ${moved} moves`);
		// Home again, for the district's loop below.
		for (const [unit, home] of [[qx05.id, root.id], [jd01.id, qx03.id], [dzb.id, jd01.id]]) {
			assert.equal((await office.patch(`/api/v1/orgs/${unit}`, { parent_id: home })).status, 200);
			check();
		}
		// Publicity by a district, reviewed from above, in random order.
		for (let i = 0; i < 6; i++) {
			const r = await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'publicity', date: `2025-0${1 + rand(9)}-15`, title: `稿件${i}` });
			assert.equal(r.status, 201);
			await yuzhong.post(`/api/v1/records/${r.json.id}/submit`);
			const step = rand(3);
			if (step === 0) assert.equal((await office.post(`/api/v1/records/${r.json.id}/approve`)).status, 200);
			if (step === 1) assert.equal((await office.post(`/api/v1/records/${r.json.id}/return`, { reason: '退回' })).status, 200);
			if (rand(2) === 0) assert.equal((await yuzhong.request('DELETE', `/api/v1/records/${r.json.id}`, { json: { reason: '撤稿' } })).status, 200);
			check();
		}
	});

	test('check reports a stored counter whose key has no records, and takes a zero one for no row', async () => {
		check();
		const key = `${qx05.id}, 0, 'study', '2019-07', 0`;
		dbQuery(srv.db, `INSERT INTO rollup (org_id, campaign_id, kind, month, slot, records, participants, audience, hours) VALUES (${key}, 0, 0, 0, 0)`);
		check();
		dbQuery(srv.db, `UPDATE rollup SET records = 1, participants = 2 WHERE org_id = ${qx05.id} AND kind = 'study' AND month = '2019-07'`);
		const c = srv.cli(['check']);
		assert.equal(c.status, 1, c.stdout + c.stderr);
		assert.match(c.stdout, new RegExp(`^org ${qx05.id} campaign 0 study 2019-07: records 0/1 participants 0/2 audience 0/0 hours 0/0 \\(recomputed/stored\\)$`, 'm'));
		assert.match(c.stdout, /^1 roll-up rows differ from the records$/m);
		dbQuery(srv.db, `DELETE FROM rollup WHERE org_id = ${qx05.id} AND kind = 'study' AND month = '2019-07'`);
		check();
	});

	test('check reports the counter of a record that is missing, at the unit and not at its ancestors', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'lecture', date: '2024-11-05', title: '宣讲', audience: 17 });
		assert.equal(r.status, 201, r.text);
		check();
		const where = `org_id = ${qx03.id} AND kind = 'lecture' AND month = '2024-11'`;
		dbQuery(srv.db, `CREATE TABLE rollup_saved AS SELECT * FROM rollup WHERE ${where}; DELETE FROM rollup WHERE ${where}`);
		const c = srv.cli(['check']);
		assert.equal(c.status, 1, c.stdout + c.stderr);
		assert.match(c.stdout, new RegExp(`^org ${qx03.id} campaign 0 lecture 2024-11: records 1/0 participants 0/0 audience 17/0 hours 0/0 \\(recomputed/stored\\)$`, 'm'));
		assert.match(c.stdout, /^1 roll-up rows differ from the records$/m);
		dbQuery(srv.db, 'INSERT INTO rollup SELECT * FROM rollup_saved; DROP TABLE rollup_saved');
		check();
	});

	test('check finds a counter that disagrees with the records', async () => {
		const r = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'lecture', date: '2025-02-02', title: '宣讲', audience: 30 });
		assert.equal(r.status, 201);
		check();
		// Tamper behind the server's back; the check must see it and exit non-zero.
		const sql = "UPDATE rollup SET audience = audience + 5 WHERE kind = 'lecture' AND month = '2025-02' AND campaign_id = 0";
		dbQuery(srv.db, sql);
		const c = srv.cli(['check']);
		assert.equal(c.status, 1, c.stdout + c.stderr);
		assert.match(c.stdout, /lecture 2025-02/);
	});
});
