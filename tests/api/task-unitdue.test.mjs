// task-unitdue: a unit's own due date after an accepted 完成时限 adjustment is the date every view judges its
// assignment by — the matrix's cell (date, light, days overdue), the overdue lists of the root and of a district
// (items, order, totals, pages), the unit's timeline and the daily reminder (催办汇总); a sibling without the
// adjustment keeps the task's date. The clock moves with XUANGUAN_NOW.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, testServer } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
let office, yuzhong, jiangbei;
let root, qx03, qx05;
let late, early;

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'jiangbei']));
	({ root, qx03, qx05 } = await srv.units(['SKX', 'QX03', 'QX05']));
	// Due on 3-05 for both districts; 江北 is granted 3-20.
	late = await ok(office.post('/api/v1/tasks', { title: '报送延期材料', due_date: '2025-03-05', units: [qx03.id, qx05.id] }), 201);
	// Due on 3-30 for 江北 alone, moved earlier to 3-06.
	early = await ok(office.post('/api/v1/tasks', { title: '提前完成事项', due_date: '2025-03-30', units: [qx05.id] }), 201);
	for (const [task, value] of [[late, '2025-03-20'], [early, '2025-03-06']]) {
		const a = await ok(jiangbei.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'due_date', value, reason: '按实际情况调整' }), 201);
		assert.equal((await ok(office.post(`/api/v1/tasks/${task.id}/adjustments/${a.id}/accept`, {}))).state, 'accepted');
	}
});

const key = (i) => `${i.task_id}:${i.org_id}`;

async function cell(taskId, orgId) {
	const m = await ok(office.get(`/api/v1/tasks/matrix?org_id=${root.id}&limit=100`));
	const c = m.cells.find((x) => x.task_id === taskId && x.org_id === orgId);
	assert.ok(c, `cell ${taskId} × ${orgId}`);
	return c;
}

async function unitOf(taskId, orgId) {
	const r = await ok(office.get(`/api/v1/tasks/${taskId}/units?limit=100`));
	return r.items.find((u) => u.org_id === orgId);
}

async function overdue(session, query = '') {
	return ok(session.get(`/api/v1/tasks/overdue?limit=100&${query}`));
}

// The unit's digest of today: the newest, one a day (days is how many days it has had one).
async function digest(session, days) {
	const r = await ok(session.get('/api/v1/notices?limit=100'));
	const d = r.items.filter((n) => n.kind === 'reminder' && n.title.startsWith('催办汇总'));
	assert.equal(d.length, days, 'one digest a day');
	return d.sort((x, y) => y.created_at - x.created_at)[0].body;
}

describe("a unit's adjusted due date in every view", () => {
	test('extended past today: green, then yellow in the matrix, as its assignment reads; the sibling is red', async () => {
		await srv.clockAt('2025-03-08T09:00:00+08:00');
		const ext = await cell(late.id, qx05.id);
		assert.equal(ext.due_date, '2025-03-20');
		assert.equal(ext.light, 'green');
		assert.equal(ext.days_overdue, 0);
		assert.equal(ext.light, (await unitOf(late.id, qx05.id)).light);
		const sib = await cell(late.id, qx03.id);
		assert.deepEqual([sib.due_date, sib.light, sib.days_overdue], ['2025-03-05', 'red', 3]);
		const moved = await cell(early.id, qx05.id);
		assert.deepEqual([moved.due_date, moved.light, moved.days_overdue], ['2025-03-06', 'red', 2]);
		await srv.clockAt('2025-03-14T09:00:00+08:00');
		assert.equal((await cell(late.id, qx05.id)).light, 'yellow');
		assert.equal((await unitOf(late.id, qx05.id)).light, 'yellow');
	});

	test('extended past today: absent from the overdue lists and their totals; moved earlier and past: listed', async () => {
		await srv.clockAt('2025-03-08T09:00:00+08:00');
		const o = await overdue(office);
		assert.deepEqual(o.items.map(key), [`${late.id}:${qx03.id}`, `${early.id}:${qx05.id}`], 'by each one\'s own date');
		assert.equal(o.total, 2);
		assert.deepEqual(o.items.map((i) => [i.due_date, i.days_overdue]), [['2025-03-05', 3], ['2025-03-06', 2]]);
		const mine = await overdue(jiangbei);
		assert.deepEqual(mine.items.map(key), [`${early.id}:${qx05.id}`]);
		assert.equal(mine.total, 1);
		const district = await overdue(office, `org_id=${qx05.id}`);
		assert.deepEqual(district.items.map(key), [`${early.id}:${qx05.id}`]);
		assert.equal(district.total, 1);
		const theirs = await overdue(yuzhong);
		assert.deepEqual(theirs.items.map(key), [`${late.id}:${qx03.id}`]);
	});

	test('the timeline shows and orders by its own dates', async () => {
		const t = await ok(jiangbei.get('/api/v1/tasks/timeline'));
		assert.deepEqual(t.items.map((i) => [i.task_id, i.due_date]), [[early.id, '2025-03-06'], [late.id, '2025-03-20']]);
		const y = await ok(yuzhong.get('/api/v1/tasks/timeline'));
		assert.deepEqual(y.items.map((i) => [i.task_id, i.due_date]), [[late.id, '2025-03-05']]);
	});

	test('the daily reminder chases by its own date: not the extended task, the one moved earlier', async () => {
		await srv.clockAt('2025-03-08T09:00:00+08:00');
		const body = await digest(jiangbei, 1);
		assert.ok(body.includes('提前完成事项（完成时限 2025-03-06，已逾期 2 天）'), body);
		assert.ok(!body.includes('报送延期材料'), body);
		assert.ok((await digest(yuzhong, 1)).includes('报送延期材料（完成时限 2025-03-05，已逾期 3 天）'));
	});

	test('after its own date passes: red, listed with days overdue from its own date, in order, pages agree', async () => {
		await srv.clockAt('2025-03-23T09:00:00+08:00');
		const ext = await cell(late.id, qx05.id);
		assert.deepEqual([ext.due_date, ext.light, ext.days_overdue], ['2025-03-20', 'red', 3]);
		const o = await overdue(office);
		assert.deepEqual(o.items.map(key), [`${late.id}:${qx03.id}`, `${early.id}:${qx05.id}`, `${late.id}:${qx05.id}`]);
		assert.deepEqual(o.items.map((i) => i.days_overdue), [18, 17, 3]);
		assert.equal(o.total, 3);
		for (let off = 0; off < 3; off++) {
			const p = await ok(office.get(`/api/v1/tasks/overdue?limit=1&offset=${off}`));
			assert.deepEqual(p.items.map(key), [key(o.items[off])], `page at ${off}`);
			assert.equal(p.total, 3);
		}
		const mine = await overdue(jiangbei);
		assert.deepEqual(mine.items.map(key), [`${early.id}:${qx05.id}`, `${late.id}:${qx05.id}`]);
		assert.equal(mine.total, 2);
		assert.ok((await digest(jiangbei, 2)).includes('报送延期材料（完成时限 2025-03-20，已逾期 3 天）'));
	});
});
