// plan-lights: a district's plan cascaded two levels down (task → district's steps → a street's steps under
// one of them) gives the root the light of the whole cascade: a step whose unit has a plan takes that plan's
// light, recursively, by the campaign's rule (worst, share) as the clock moves (XUANGUAN_NOW restarts); the
// API (task, its units), the task page, the matrix and the timeline show the same light.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, testServer } from './lib.mjs';

const DAY0 = '2025-05-01T09:00:00+08:00';
let office, yuzhong, jiangbei, camp;
let root, qx03, qx05, jd01, jd02, dzb;




async function lightOf(session, taskId) {
	return (await ok(session.get(`/api/v1/tasks/${taskId}`))).light;
}

async function unitLight(session, taskId, orgId) {
	const list = await ok(session.get(`/api/v1/tasks/${taskId}/units?limit=100`));
	const u = list.items.find((x) => x.org_id === orgId);
	assert.ok(u, `unit ${orgId} of task ${taskId}`);
	return u.light;
}

// The light of unit orgId's cell for taskId in the matrix of parentId's children, and in the unit's
// timeline: the views show what GET /tasks/{id}/units says.
async function viewLights(session, parentId, taskId, orgId) {
	const m = await ok(session.get(`/api/v1/tasks/matrix?org_id=${parentId}&campaign_id=${camp.id}&limit=100`));
	const cell = m.cells.find((c) => c.task_id === taskId && c.org_id === orgId);
	assert.ok(cell, `matrix cell ${taskId} × ${orgId}`);
	const tl = await ok(session.get(`/api/v1/tasks/timeline?org_id=${orgId}&campaign_id=${camp.id}`));
	const row = tl.items.find((c) => c.task_id === taskId);
	assert.ok(row, `timeline row ${taskId} of ${orgId}`);
	return [cell.light, row.light];
}

// The light the task list page (/tasks) shows in a task's row.
async function listPageLight(session, query, taskId) {
	const r = await session.get(`/tasks?${query}`);
	assert.equal(r.status, 200, r.text);
	const m = r.text.match(new RegExp(`<a href="/tasks/${taskId}">[^<]*</a>[\\s\\S]*?<span class="light light-(\\w+)"`));
	assert.ok(m, `the list shows task ${taskId} with a light`);
	return m[1];
}

// The light the task page shows among its facts (进度灯).
async function pageLight(session, taskId) {
	const r = await session.get(`/tasks/${taskId}`);
	assert.equal(r.status, 200, r.text);
	const m = r.text.match(/<dt>进度灯<\/dt><dd><span class="light light-(\w+)"/);
	assert.ok(m, 'the page shows the task light');
	return m[1];
}

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'jiangbei']));
	({ root, qx03, qx05, jd01, jd02, dzb } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01', 'QX03-JD02', 'QX03-JD01-DZB']));
});

describe('plan lights through every level of the cascade', () => {
	let task, other, a, b, a1, a2, a3;

	test('a task, the district plan under it and the street plan under one of its steps', async () => {
		camp = await ok(office.post('/api/v1/campaigns', { org_id: root.id, name: '逐级方案', start_date: '2025-01-01', end_date: '2025-12-31' }), 201);
		task = await ok(office.post('/api/v1/tasks', { title: '学习宣讲全覆盖', campaign_id: camp.id, due_date: '2025-06-30', units: [qx03.id, qx05.id] }), 201);
		other = await ok(office.post('/api/v1/tasks', { title: '对照任务', campaign_id: camp.id, due_date: '2025-06-30', units: [qx03.id] }), 201);
		await ok(yuzhong.post(`/api/v1/tasks/${task.id}/sign`));
		a = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '第1街道宣讲', units: [jd01.id] }), 201);
		b = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '第2街道宣讲', units: [jd02.id] }), 201);
		assert.equal(a.due_date, '2025-06-30');
		await ok(yuzhong.post(`/api/v1/tasks/${a.id}/sign?org_id=${jd01.id}`));
		a1 = await ok(yuzhong.post(`/api/v1/tasks/${a.id}/subtasks`, { org_id: jd01.id, title: '支部集中学习', units: [dzb.id], due_date: '2025-05-31' }), 201);
		a2 = await ok(yuzhong.post(`/api/v1/tasks/${a.id}/subtasks`, { org_id: jd01.id, title: '支部主题党日', units: [dzb.id], due_date: '2025-05-31' }), 201);
		a3 = await ok(yuzhong.post(`/api/v1/tasks/${a.id}/subtasks`, { org_id: jd01.id, title: '街道印发方案', due_date: '2025-05-31' }), 201);
		for (const s of [a1, a2]) await ok(yuzhong.post(`/api/v1/tasks/${s.id}/sign?org_id=${dzb.id}`));
		assert.equal(a1.parent_id, a.id);
		assert.equal(a.parent_id, task.id);
		assert.equal(await lightOf(office, task.id), 'green');
		assert.equal(await pageLight(office, task.id), 'green');
	});

	test('worst: a street step turning yellow, then red, turns every light above it', async () => {
		await srv.clockAt('2025-05-26T09:00:00+08:00');
		// the street's steps (05-31) are within the 7 warning days; every step above them is not
		assert.equal(await unitLight(office, a.id, jd01.id), 'yellow', 'the street from its own plan');
		assert.equal(await unitLight(office, task.id, qx03.id), 'yellow', 'the district through the street');
		assert.equal(await lightOf(office, task.id), 'yellow');
		await srv.clockAt('2025-06-02T09:00:00+08:00');
		assert.equal(await lightOf(office, a.id), 'red');
		assert.equal(await unitLight(office, a.id, jd01.id), 'red');
		assert.equal(await unitLight(office, task.id, qx03.id), 'red');
		assert.equal(await unitLight(office, task.id, qx05.id), 'green', 'a district without a plan by its own date');
		assert.equal(await unitLight(office, b.id, jd02.id), 'green', 'the other street has no plan');
		assert.equal(await lightOf(office, task.id), 'red', 'the root takes the light of the whole cascade');
		const listed = await ok(office.get(`/api/v1/tasks?campaign_id=${camp.id}&limit=100`));
		assert.deepEqual(
			[task.id, a.id, b.id, other.id].map((id) => listed.items.find((t) => t.id === id).light),
			['red', 'red', 'green', 'green'], 'the list shows each task\'s light, plans read in one go');
		assert.equal(await pageLight(office, task.id), 'red', 'the page shows what the API says');
		assert.equal(await listPageLight(office, `campaign_id=${camp.id}`, task.id), 'red', 'the list page too');
		assert.deepEqual(await viewLights(office, root.id, task.id, qx03.id), ['red', 'red'], 'the matrix and the timeline too');
		assert.deepEqual(await viewLights(yuzhong, qx03.id, a.id, jd01.id), ['red', 'red'], 'the street\'s step, from its own plan');
		assert.deepEqual(await viewLights(office, root.id, other.id, qx03.id), ['green', 'green']);
		assert.equal(await lightOf(yuzhong, task.id), 'red', 'the district reads the same light');
		assert.equal(await lightOf(office, other.id), 'green', 'a task without a plan by its own date');
		// the sibling district sees none of the plan: its task's light comes from its own date
		assert.equal(await lightOf(jiangbei, task.id), 'green');
	});

	test('share: done leaves count green at every level, the steps with a plan by their plan', async () => {
		// the branch finishes both its steps, late: done is green whatever the date
		for (const s of [a1, a2]) await ok(yuzhong.post(`/api/v1/tasks/${s.id}/progress`, { org_id: dzb.id, percent: 100 }), 201);
		assert.equal(await lightOf(office, task.id), 'red', 'worst: the street\'s own step is still late');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'share', light_share: 60 }));
		// street: 2 of 3 green (66% ≥ 60) → green; district: both steps green → green
		assert.equal(await unitLight(office, a.id, jd01.id), 'green');
		assert.equal(await unitLight(office, task.id, qx03.id), 'green');
		assert.equal(await lightOf(office, task.id), 'green');
		assert.equal(await pageLight(office, task.id), 'green');
		assert.deepEqual(await viewLights(office, root.id, task.id, qx03.id), ['green', 'green']);
		// share 80: street 66% < 80 and 33% red > 20% → red; district then 1 of 2 red (50% > 20%) → red
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_share: 80 }));
		assert.equal(await unitLight(office, a.id, jd01.id), 'red');
		assert.equal(await unitLight(office, task.id, qx03.id), 'red');
		assert.equal(await lightOf(office, task.id), 'red');
		assert.deepEqual(await viewLights(office, root.id, task.id, qx03.id), ['red', 'red']);
		// the street's own step done: every leaf green, so every level is green by either rule
		await ok(yuzhong.post(`/api/v1/tasks/${a3.id}/progress`, { org_id: jd01.id, percent: 100 }), 201);
		assert.equal(await lightOf(office, task.id), 'green');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'worst' }));
		assert.equal(await lightOf(office, task.id), 'green');
		assert.equal(await pageLight(office, task.id), 'green');
		await srv.clockAt(DAY0);
	});
});
