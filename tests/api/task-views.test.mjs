// task-views: the matrix of tasks × a unit's children (each cell the light of that child's own
// assignment, as /api/v1/tasks/{id}/units says), the overdue list as the clock moves (XUANGUAN_NOW),
// a unit's timeline, the list's light filter, the Excel exports, and scope: a sibling district's
// views are 404, its assignments never appear.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { ok, testServer, uniq } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
let office, yuzhong, jiangbei, leader;
let root, qx03, qx05, jd01, districts;
let wide, near, deep, camp, inCamp;




const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, jiangbei, leader } = await srv.loginAll(['office', 'yuzhong', 'jiangbei', 'leader']));
	({ root, qx03, qx05, jd01 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01']));
	const kids = await ok(office.get(`/api/v1/orgs/${root.id}/children?limit=100`));
	districts = kids.items.filter((o) => o.kind === '区县科协' && !o.closed);
	// Every district, due in ten days; two districts, due in two days; a street below 渝中区; one in a campaign.
	wide = await ok(office.post('/api/v1/tasks', { title: '组织专题学习', start_date: '2025-02-20', due_date: '2025-03-11', unit_kind: '区县科协' }), 201);
	near = await ok(office.post('/api/v1/tasks', { title: '报送学习计划', due_date: '2025-03-03', lead_unit: qx03.id, units: [qx05.id] }), 201);
	deep = await ok(office.post('/api/v1/tasks', { title: '街道宣讲', due_date: '2025-03-04', units: [jd01.id] }), 201);
	camp = await ok(office.post('/api/v1/campaigns', { org_id: root.id, name: uniq('矩阵专项'), start_date: '2025-01-01', end_date: '2025-12-31', warn_days: 3 }), 201);
	inCamp = await ok(office.post('/api/v1/tasks', { title: '专项任务', campaign_id: camp.id, due_date: '2025-03-20', units: [qx03.id, qx05.id] }), 201);
	// 渝中区 finishes the wide task.
	await ok(yuzhong.post(`/api/v1/tasks/${wide.id}/sign`));
	await ok(yuzhong.post(`/api/v1/tasks/${wide.id}/progress`, { percent: 100, text: '完成' }), 201);
});

async function unitLights(session, taskId) {
	const r = await ok(session.get(`/api/v1/tasks/${taskId}/units?limit=100`));
	return new Map(r.items.map((u) => [u.org_id, u]));
}

async function matrixCells(session, query) {
	const m = await ok(session.get(`/api/v1/tasks/matrix?${query}`));
	return m;
}

function xlsxSheet(raw) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-views-'));
	const file = path.join(dir, 'a.xlsx');
	fs.writeFileSync(file, raw);
	const sheet = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
	fs.rmSync(dir, { recursive: true });
	return sheet;
}

describe('the matrix of tasks × children', () => {
	test("the root's matrix: every cell is the light of that child's own assignment", async () => {
		for (const now of [DAY0, '2025-03-09T09:00:00+08:00', '2025-03-12T09:00:00+08:00']) {
			await srv.clockAt(now);
			const m = await matrixCells(office, `org_id=${root.id}&limit=100`);
			const ids = m.tasks.map((t) => t.id);
			// Only tasks assigned to a child of the root: the street's task is not a row here.
			assert.deepEqual(ids.sort(), [wide.id, near.id, inCamp.id].sort());
			assert.equal(m.total, 3);
			let seen = 0;
			for (const t of m.tasks) {
				const lights = await unitLights(office, t.id);
				const cells = m.cells.filter((c) => c.task_id === t.id);
				assert.equal(cells.length, lights.size, `every assignment of ${t.title} is a cell`);
				for (const c of cells) {
					assert.equal(c.light, lights.get(c.org_id).light, `${t.title} × ${c.org_id} on ${now}`);
					assert.equal(c.state, lights.get(c.org_id).state);
					seen++;
				}
			}
			assert.equal(seen, m.cells.length);
			assert.ok(m.units.some((u) => u.org_id === qx03.id) && m.units.every((u) => districts.some((d) => d.id === u.org_id)));
			const done = m.cells.find((c) => c.task_id === wide.id && c.org_id === qx03.id);
			assert.equal(done.light, 'green', 'a done assignment is green whatever the day');
		}
		await srv.clockAt('2025-03-12T09:00:00+08:00');
		const m = await matrixCells(office, `org_id=${root.id}&limit=100`);
		assert.equal(m.cells.find((c) => c.task_id === wide.id && c.org_id === qx05.id).light, 'red');
		assert.equal(m.cells.find((c) => c.task_id === inCamp.id && c.org_id === qx05.id).light, 'green', 'due in 8 days, warned 3 days before');
		await srv.clockAt(DAY0);
	});

	test('paged by task, filtered by campaign', async () => {
		const p1 = await matrixCells(office, `org_id=${root.id}&limit=1`);
		const p2 = await matrixCells(office, `org_id=${root.id}&limit=1&offset=1`);
		assert.equal(p1.total, 3);
		assert.equal(p1.tasks.length, 1);
		assert.notEqual(p1.tasks[0].id, p2.tasks[0].id);
		assert.ok(p1.cells.every((c) => c.task_id === p1.tasks[0].id), 'the cells of the page only');
		assert.equal(p1.tasks[0].id, near.id, 'the earliest due first');
		const c = await matrixCells(office, `org_id=${root.id}&campaign_id=${camp.id}`);
		assert.deepEqual(c.tasks.map((t) => t.id), [inCamp.id]);
		assert.deepEqual(c.cells.map((x) => x.org_id).sort(), [qx03.id, qx05.id].sort());
	});

	test("a district's matrix has its own children; a sibling's is 404", async () => {
		const m = await matrixCells(yuzhong, '');
		assert.equal(m.org_id, qx03.id, "the caller's unit by default");
		assert.deepEqual(m.tasks.map((t) => t.id), [deep.id]);
		assert.deepEqual(m.units.map((u) => u.org_id), [jd01.id]);
		const lights = await unitLights(yuzhong, deep.id);
		assert.equal(m.cells[0].light, lights.get(jd01.id).light);
		for (const p of ['matrix', 'overdue', 'timeline', 'matrix.xlsx', 'overdue.xlsx', 'timeline.xlsx']) {
			const r = await jiangbei.get(`/api/v1/tasks/${p}?org_id=${qx03.id}`);
			assert.equal(r.status, 404, p);
		}
		const up = await yuzhong.get(`/api/v1/tasks/matrix?org_id=${root.id}`);
		assert.equal(up.status, 404, 'a district cannot look at the units above it');
		const bad = await office.get(`/api/v1/tasks/matrix?org_id=${root.id}&limit=0`);
		assert.equal(bad.status, 400);
	});
});

describe('overdue assignments as the clock moves', () => {
	async function overdue(session, query = '') {
		return ok(session.get(`/api/v1/tasks/overdue?limit=100&${query}`));
	}

	test('nothing is late on the first day', async () => {
		await srv.clockAt(DAY0);
		const o = await overdue(office);
		assert.equal(o.total, 0);
		assert.deepEqual(o.items, []);
	});

	test('two days past the near task: its two districts and the street are late, oldest first', async () => {
		await srv.clockAt('2025-03-05T09:00:00+08:00');
		const o = await overdue(office);
		assert.deepEqual(o.items.map((i) => [i.task_id, i.org_id]),
			[[near.id, Math.min(qx03.id, qx05.id)], [near.id, Math.max(qx03.id, qx05.id)], [deep.id, jd01.id]]);
		assert.equal(o.total, 3);
		assert.equal(o.items[0].days_overdue, 2);
		assert.equal(o.items[2].days_overdue, 1);
		assert.ok(o.items.every((i) => i.light === 'red'));
		const mine = await overdue(yuzhong);
		assert.deepEqual(mine.items.map((i) => i.org_id).sort(), [qx03.id, jd01.id].sort(), 'a district sees its own subtree');
		const theirs = await overdue(jiangbei);
		assert.deepEqual(theirs.items.map((i) => i.org_id), [qx05.id]);
		const sub = await overdue(office, `org_id=${jd01.id}`);
		assert.deepEqual(sub.items.map((i) => i.org_id), [jd01.id]);
	});

	test('an assignment done leaves the list; later every district but the finished one is late', async () => {
		await ok(jiangbei.post(`/api/v1/tasks/${near.id}/sign`));
		await ok(jiangbei.post(`/api/v1/tasks/${near.id}/progress`, { percent: 100 }), 201);
		let o = await overdue(office);
		assert.ok(!o.items.some((i) => i.org_id === qx05.id && i.task_id === near.id));
		assert.equal(o.total, 2);
		await srv.clockAt('2025-03-14T09:00:00+08:00');
		o = await overdue(office);
		const late = o.items.filter((i) => i.task_id === wide.id).map((i) => i.org_id).sort();
		assert.deepEqual(late, districts.map((d) => d.id).filter((id) => id !== qx03.id).sort());
		assert.equal(o.items[0].task_id, near.id, 'the oldest due first');
		assert.equal(o.total, 2 + districts.length - 1);
		const page = await ok(office.get('/api/v1/tasks/overdue?limit=5&offset=2'));
		assert.equal(page.items.length, 5);
		assert.deepEqual(page.items.map((i) => [i.task_id, i.org_id]), o.items.slice(2, 7).map((i) => [i.task_id, i.org_id]));
	});

	test('the overdue Excel file has every row, text cells, no formula', async () => {
		const o = await overdue(office);
		const r = await office.get('/api/v1/tasks/overdue.xlsx');
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const sheet = xlsxSheet(r.raw);
		assert.equal((sheet.match(/<row /g) || []).length, o.total + 1);
		for (const h of ['单位', '任务', '完成时限', '逾期天数']) assert.ok(sheet.includes(`>${h}<`), h);
		assert.ok(sheet.includes('>组织专题学习<') && sheet.includes('>报送学习计划<'));
		assert.ok(!sheet.includes('<f>'));
		await srv.clockAt(DAY0);
	});
});

describe('timeline, list filter, matrix export', () => {
	test("a unit's timeline: its own assignments in due order", async () => {
		const t = await ok(yuzhong.get('/api/v1/tasks/timeline'));
		assert.equal(t.org_id, qx03.id);
		assert.deepEqual(t.items.map((i) => i.task_id), [near.id, wide.id, inCamp.id]);
		assert.equal(t.items[1].start_date, '2025-02-20');
		const x = await yuzhong.get('/api/v1/tasks/timeline.xlsx');
		const sheet = xlsxSheet(x.raw);
		assert.equal((sheet.match(/<row /g) || []).length, 4);
		assert.ok(sheet.includes('>2025-02-20<'));
	});

	test('the list filtered by light counts exactly the tasks of that light', async () => {
		await srv.clockAt('2025-03-10T09:00:00+08:00');
		const all = await ok(office.get('/api/v1/tasks?limit=100'));
		for (const light of ['red', 'yellow', 'green']) {
			const page = await office.get(`/tasks?light=${light}&limit=100`);
			assert.equal(page.status, 200);
			const total = Number(/data-total>([0-9,]+)</.exec(page.text)[1].replace(/,/g, ''));
			assert.equal(total, all.items.filter((t) => t.light === light).length, light);
			for (const t of all.items) assert.equal(page.text.includes(`href="/tasks/${t.id}"`), t.light === light, `${t.title} in ${light}`);
		}
		assert.equal((await office.get('/tasks?light=blue')).status, 400);
		await srv.clockAt(DAY0);
	});

	test('the matrix Excel file: a column per child, a row per task, the light in words', async () => {
		const m = await matrixCells(office, `org_id=${root.id}&limit=100`);
		const r = await office.get(`/api/v1/tasks/matrix.xlsx?org_id=${root.id}`);
		assert.equal(r.status, 200);
		const sheet = xlsxSheet(r.raw);
		assert.equal((sheet.match(/<row /g) || []).length, m.tasks.length + 1);
		for (const u of m.units) assert.ok(sheet.includes(`>${u.name}<`), u.name);
		assert.ok(sheet.includes('>绿 · 已完成 100%<'), "渝中区's finished task");
		assert.ok(!sheet.includes('<f>'));
		const viewer = await leader.get(`/api/v1/tasks/matrix?org_id=${root.id}`);
		assert.equal(viewer.status, 200, 'a viewer reads the views');
	});
});

describe('the matrix laid out by path', () => {
	test('units in path order, cells row by row: tasks in due order, then the units', async () => {
		// A child's path ends in its id: "/1/12/" < "/1/24/" < "/1/3/", so path order is not id order.
		const { bgs, '01': zs01 } = await srv.units(['SKX-BGS', 'SKX-ZS-01']);
		const own = await ok(office.post('/api/v1/campaigns', { org_id: root.id, name: uniq('矩阵次序'), start_date: '2025-01-01', end_date: '2025-12-31' }), 201);
		const units = [bgs.id, zs01.id, qx03.id, qx05.id];
		const later = await ok(office.post('/api/v1/tasks', { title: '次序二', campaign_id: own.id, due_date: '2025-06-20', units }), 201);
		const first = await ok(office.post('/api/v1/tasks', { title: '次序一', campaign_id: own.id, due_date: '2025-06-10', units: [bgs.id, qx05.id] }), 201);
		const inPath = (x, y) => (`${x}/` < `${y}/` ? -1 : 1);
		for (const page of ['', '&limit=1', '&limit=1&offset=1']) {
			const m = await matrixCells(office, `org_id=${root.id}&campaign_id=${own.id}${page}`);
			const ids = m.units.map((u) => u.org_id);
			assert.deepEqual(ids, [...ids].sort(inPath), page);
			const row = new Map(m.tasks.map((t, i) => [t.id, i]));
			const col = new Map(ids.map((id, j) => [id, j]));
			const places = m.cells.map((c) => row.get(c.task_id) * ids.length + col.get(c.org_id));
			places.forEach((p, i) => assert.ok(i === 0 || p > places[i - 1], `cell ${i} in order${page}`));
		}
		const m = await matrixCells(office, `org_id=${root.id}&campaign_id=${own.id}`);
		assert.deepEqual(m.tasks.map((t) => t.id), [first.id, later.id]);
		assert.deepEqual(m.units.map((u) => u.org_id), [...units].sort(inPath));
		assert.notDeepEqual(m.units.map((u) => u.org_id), [...units].sort((x, y) => x - y), 'ids out of path order');
		assert.deepEqual(m.cells.map((c) => [c.task_id, c.org_id]),
			[...[bgs.id, qx05.id].sort(inPath).map((o) => [first.id, o]), ...[...units].sort(inPath).map((o) => [later.id, o])]);
	});
});
