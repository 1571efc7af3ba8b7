// tasks-light: the task list's light filter (page /tasks?light= and GET /api/v1/tasks?light=) selects by the
// light the list shows: a plan's light when the task has a plan (domain/plan.h), and a task whose units left
// are all 不适用 is done. A task green by its own date but red by its plan is listed under red; one red by its
// own date but green by its plan under green; paging and the total count only the tasks of the light.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, testServer } from './lib.mjs';

const DAY0 = '2025-05-01T09:00:00+08:00';
let office, yuzhong, jiangbei;
let qx03, qx05;
let farButLate, pastButPlanned, pastButNa;

async function ids(query) {
	const r = await ok(office.get(`/api/v1/tasks?limit=100${query}`));
	assert.equal(r.total, r.items.length);
	return r.items.map((t) => t.id);
}

function pageIds(text) {
	return [...text.matchAll(/<a href="\/tasks\/(\d+)">/g)].map((m) => Number(m[1]));
}

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'jiangbei']));
	({ qx03, qx05 } = await srv.units(['QX03', 'QX05']));
	// Due at the end of June: green by its own date all May. 渝中区 plans a step due on 5 May, left undone.
	farButLate = await ok(office.post('/api/v1/tasks', { title: '远期任务·计划逾期', due_date: '2025-06-30', lead_unit: qx03.id }), 201);
	await ok(yuzhong.post(`/api/v1/tasks/${farButLate.id}/sign`));
	await ok(yuzhong.post(`/api/v1/tasks/${farButLate.id}/subtasks`, { title: '先行学习', due_date: '2025-05-05' }), 201);
	// Due on 6 May: red by its own date from the 7th. 渝中区 plans a step and finishes it.
	pastButPlanned = await ok(office.post('/api/v1/tasks', { title: '近期任务·计划完成', due_date: '2025-05-06', lead_unit: qx03.id }), 201);
	await ok(yuzhong.post(`/api/v1/tasks/${pastButPlanned.id}/sign`));
	const step = await ok(yuzhong.post(`/api/v1/tasks/${pastButPlanned.id}/subtasks`, { title: '全部完成', due_date: '2025-05-04' }), 201);
	await ok(yuzhong.post(`/api/v1/tasks/${step.id}/progress`, { percent: 100, text: '完成' }), 201);
	// Due on 6 May, to two districts: 渝中区 finishes, 江北区's is found 不适用 — nothing is left to do.
	pastButNa = await ok(office.post('/api/v1/tasks', { title: '近期任务·一区不适用', due_date: '2025-05-06', units: [qx03.id, qx05.id] }), 201);
	await ok(yuzhong.post(`/api/v1/tasks/${pastButNa.id}/sign`));
	await ok(yuzhong.post(`/api/v1/tasks/${pastButNa.id}/progress`, { percent: 100, text: '完成' }), 201);
	const na = await ok(jiangbei.post(`/api/v1/tasks/${pastButNa.id}/adjust`, { kind: 'not_applicable', reason: '本区无此项工作' }), 201);
	await ok(office.post(`/api/v1/tasks/${pastButNa.id}/adjustments/${na.id}/accept`, {}));
	await srv.clockAt('2025-05-10T09:00:00+08:00');
});

describe('the list filtered by the light it shows', () => {
	test('each task shows the light of its plan, or of nothing left to do', async () => {
		assert.equal((await ok(office.get(`/api/v1/tasks/${farButLate.id}`))).light, 'red');
		assert.equal((await ok(office.get(`/api/v1/tasks/${pastButPlanned.id}`))).light, 'green');
		assert.equal((await ok(office.get(`/api/v1/tasks/${pastButNa.id}`))).light, 'green');
	});

	test('the API: a task is listed under the light it shows, and under no other', async () => {
		const all = await ok(office.get('/api/v1/tasks?limit=100'));
		for (const light of ['red', 'yellow', 'green']) {
			const want = all.items.filter((t) => t.light === light).map((t) => t.id);
			assert.deepEqual(await ids(`&light=${light}`), want, light);
		}
		const red = await ids('&light=red');
		assert.ok(red.includes(farButLate.id), 'green by its date, red by its plan: under red');
		assert.ok(!red.includes(pastButPlanned.id) && !red.includes(pastButNa.id));
		const green = await ids('&light=green');
		assert.ok(green.includes(pastButPlanned.id) && green.includes(pastButNa.id));
		assert.ok(!green.includes(farButLate.id));
	});

	test("each filtered item is the plain list's, field for field (its counts too), at the root and in a district", async () => {
		// The root sees every unit: its filtered list sums a task's assignments from the keys alone. A
		// district sees only its own: of a task for two districts its own assignment, of 江北区's alone nothing.
		const shared = await ok(office.post('/api/v1/tasks', { title: '两区任务', due_date: '2025-06-20', units: [qx03.id, qx05.id] }), 201);
		await ok(yuzhong.post(`/api/v1/tasks/${shared.id}/sign`));
		const theirs = await ok(office.post('/api/v1/tasks', { title: '江北区任务', due_date: '2025-06-21', units: [qx05.id] }), 201);
		const mine = await ok(yuzhong.get('/api/v1/tasks?light=green&limit=100'));
		assert.ok(mine.items.some((t) => t.id === shared.id && t.units === 1 && t.signed_units === 1));
		assert.ok(!mine.items.some((t) => t.id === theirs.id));
		for (const who of [office, yuzhong]) {
			const all = await ok(who.get('/api/v1/tasks?limit=100'));
			assert.ok(all.items.some((t) => t.id === pastButNa.id && t.units === 1 && t.done_units === 1), 'the 不适用 one is not counted');
			for (const light of ['red', 'yellow', 'green']) {
				const lit = await ok(who.get(`/api/v1/tasks?light=${light}&limit=100`));
				assert.deepEqual(lit.items, all.items.filter((t) => t.light === light), light);
			}
		}
	});

	test('the page /tasks lists the same tasks with the same total', async () => {
		for (const light of ['red', 'green']) {
			const want = await ids(`&light=${light}`);
			const page = await office.get(`/tasks?light=${light}&limit=100`);
			assert.equal(page.status, 200);
			assert.equal(Number(/data-total>([0-9,]+)</.exec(page.text)[1].replace(/,/g, '')), want.length, light);
			assert.deepEqual(pageIds(page.text), want, light);
		}
	});

	test('paged: limit and offset count only the tasks of the light', async () => {
		const green = await ids('&light=green');
		assert.ok(green.length >= 2);
		const r = await ok(office.get('/api/v1/tasks?light=green&limit=1&offset=1'));
		assert.equal(r.total, green.length);
		assert.deepEqual(r.items.map((t) => t.id), [green[1]]);
		const past = await ok(office.get(`/api/v1/tasks?light=green&limit=5&offset=${green.length}`));
		assert.equal(past.total, green.length);
		assert.deepEqual(past.items, []);
	});

	test('a district sees its own tasks by the light it is shown', async () => {
		const all = await ok(yuzhong.get('/api/v1/tasks?limit=100'));
		const red = await ok(yuzhong.get('/api/v1/tasks?light=red&limit=100'));
		assert.deepEqual(red.items.map((t) => t.id), all.items.filter((t) => t.light === 'red').map((t) => t.id));
		assert.ok(red.items.some((t) => t.id === farButLate.id));
	});

	test('another light is refused', async () => {
		const r = await office.get('/api/v1/tasks?light=blue');
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.field, 'light');
		assert.equal((await office.get('/tasks?light=blue')).status, 400);
	});
});
