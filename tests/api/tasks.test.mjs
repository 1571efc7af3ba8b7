// tasks: assigning a task down the tree (every district by kind, or a list), signing for it (签收), progress,
// the lights computed from the due date and the clock (XUANGUAN_NOW moves it across days), and scope: a district
// sees its own assignments only; refusals change nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isChineseError, runCli, testServer } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
let office, yuzhong, yuzhongStaff, jiangbei, leader;
let root, qx03, qx05, jd01, districts;



const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei, leader } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei', 'leader']));
	({ root, qx03, qx05, jd01 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01']));
	const kids = await office.get(`/api/v1/orgs/${root.id}/children?limit=100`);
	assert.equal(kids.status, 200, kids.text);
	districts = kids.json.items.filter((o) => o.kind === '区县科协' && !o.closed);
	assert.ok(districts.length >= 2);
});

async function taskCount(session) {
	const r = await session.get('/api/v1/tasks');
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

async function unitsOf(session, id) {
	const r = await session.get(`/api/v1/tasks/${id}/units?limit=100`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}

describe('tasks down the tree', () => {
	let task;

	test('the office assigns a task to every district by kind; each district sees its own assignment only', async () => {
		const r = await office.post('/api/v1/tasks', {
			title: '组织开展专题学习',
			paragraph: '各区县科协要组织开展专题学习，确保全覆盖。',
			section_path: '二/1',
			start_date: '2025-03-01',
			due_date: '2025-03-31',
			unit_kind: '区县科协',
		});
		assert.equal(r.status, 201, r.text);
		task = r.json;
		assert.equal(task.units, districts.length);
		assert.equal(task.signed_units, 0);
		assert.equal(task.light, 'green');
		assert.equal(task.org_id, root.id);
		const all = await unitsOf(office, task.id);
		assert.deepEqual(all.items.map((u) => u.org_id).sort(), districts.map((d) => d.id).sort());
		assert.ok(all.items.every((u) => u.state === 'assigned' && u.light === 'green'));
		const mine = await unitsOf(yuzhong, task.id);
		assert.equal(mine.total, 1);
		assert.equal(mine.items[0].org_id, qx03.id);
		const seen = await yuzhong.get(`/api/v1/tasks/${task.id}`);
		assert.equal(seen.status, 200);
		assert.equal(seen.json.units, 1, 'a district counts only its own assignment');
	});

	test('signing: once, for the own unit; not for a sibling district', async () => {
		const s = await yuzhong.post(`/api/v1/tasks/${task.id}/sign`);
		assert.equal(s.status, 200, s.text);
		assert.equal(s.json.state, 'signed');
		assert.equal(s.json.org_id, qx03.id);
		const again = await yuzhong.post(`/api/v1/tasks/${task.id}/sign`);
		assert.equal(again.status, 409);
		assert.ok(isChineseError(again));
		const other = await jiangbei.post(`/api/v1/tasks/${task.id}/sign?org_id=${qx03.id}`);
		assert.equal(other.status, 404);
		const viewer = await leader.post(`/api/v1/tasks/${task.id}/sign`);
		assert.equal(viewer.status, 403);
		const t = await office.get(`/api/v1/tasks/${task.id}`);
		assert.equal(t.json.signed_units, 1);
	});

	test('progress: only after signing, 0..100, every report kept; 100 is done', async () => {
		const early = await jiangbei.post(`/api/v1/tasks/${task.id}/progress`, { percent: 10 });
		assert.equal(early.status, 409);
		assert.equal(early.json.error.code, 'not_signed');
		const bad = await yuzhong.post(`/api/v1/tasks/${task.id}/progress`, { percent: 150 });
		assert.equal(bad.status, 400);
		const p1 = await yuzhong.post(`/api/v1/tasks/${task.id}/progress`, { percent: 40, text: '已召开中心组学习会' });
		assert.equal(p1.status, 201, p1.text);
		assert.equal(p1.json.percent, 40);
		assert.equal(p1.json.state, 'signed');
		const p2 = await yuzhong.post(`/api/v1/tasks/${task.id}/progress`, { percent: 100, text: '全部完成' });
		assert.equal(p2.status, 201, p2.text);
		assert.equal(p2.json.state, 'done');
		const list = await yuzhong.get(`/api/v1/tasks/${task.id}/progress`);
		assert.equal(list.status, 200, list.text);
		assert.deepEqual(list.json.items.map((i) => i.percent), [100, 40]);
		assert.equal(list.json.items[1].text, '已召开中心组学习会');
		const office3 = await office.get(`/api/v1/tasks/${task.id}/progress?org_id=${qx03.id}`);
		assert.equal(office3.status, 200, 'the assigner sees every assignment');
		const sibling = await jiangbei.get(`/api/v1/tasks/${task.id}/progress?org_id=${qx03.id}`);
		assert.equal(sibling.status, 404);
	});

	test('lights follow the clock: yellow within the warning days, red when overdue, green when done', async () => {
		await srv.clockAt('2025-03-26T10:00:00+08:00');
		let units = await unitsOf(office, task.id);
		const light = (id) => units.items.find((u) => u.org_id === id).light;
		assert.equal(light(qx05.id), 'yellow');
		assert.equal(light(qx03.id), 'green', 'done stays green');
		assert.equal((await office.get(`/api/v1/tasks/${task.id}`)).json.light, 'yellow');
		await srv.clockAt('2025-04-01T08:00:00+08:00');
		units = await unitsOf(office, task.id);
		assert.equal(light(qx05.id), 'red');
		assert.equal(light(qx03.id), 'green');
		assert.equal((await office.get(`/api/v1/tasks/${task.id}`)).json.light, 'red');
		assert.equal((await yuzhong.get(`/api/v1/tasks/${task.id}`)).json.light, 'green', 'the district sees its own');
		await srv.clockAt(DAY0);
	});

	test("a campaign's warning days decide when its tasks turn yellow", async () => {
		const c = await office.post('/api/v1/campaigns', {
			org_id: root.id,
			name: '预警三天',
			start_date: '2025-03-01',
			end_date: '2025-12-31',
			warn_days: 3,
		});
		assert.equal(c.status, 201, c.text);
		assert.equal(c.json.warn_days, 3);
		const bad = await office.patch(`/api/v1/campaigns/${c.json.id}`, { warn_days: 91 });
		assert.equal(bad.status, 400);
		const t = await office.post('/api/v1/tasks', { title: '三天预警', campaign_id: c.json.id, due_date: '2025-03-10', units: [qx03.id] });
		assert.equal(t.status, 201, t.text);
		await srv.clockAt('2025-03-06T09:00:00+08:00');
		assert.equal((await office.get(`/api/v1/tasks/${t.json.id}`)).json.light, 'green', 'four days before: still green');
		await srv.clockAt('2025-03-07T09:00:00+08:00');
		assert.equal((await office.get(`/api/v1/tasks/${t.json.id}`)).json.light, 'yellow', 'three days before: yellow');
		const p = await office.patch(`/api/v1/campaigns/${c.json.id}`, { warn_days: 1 });
		assert.equal(p.status, 200, p.text);
		assert.equal((await office.get(`/api/v1/tasks/${t.json.id}`)).json.light, 'green', 'the campaign changed: read anew');
		await srv.clockAt(DAY0);
	});

	test('a district assigns to its own streets; the city sees it, a sibling district does not', async () => {
		const before = (await jiangbei.get('/api/v1/tasks?limit=100')).json;
		const r = await yuzhongStaff.post('/api/v1/tasks', { title: '街道宣讲', due_date: '2025-04-30', units: [jd01.id] });
		assert.equal(r.status, 201, r.text);
		// The sibling's list neither shows nor counts it.
		const after = (await jiangbei.get('/api/v1/tasks?limit=100')).json;
		assert.equal(after.total, before.total);
		assert.equal(after.total, after.items.length, 'every task counted is on the page');
		assert.ok(!after.items.some((t) => t.id === r.json.id));
		assert.equal((await office.get(`/api/v1/tasks/${r.json.id}`)).status, 200);
		assert.equal((await jiangbei.get(`/api/v1/tasks/${r.json.id}`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/tasks/${r.json.id}/units`)).status, 404);
		const units = await unitsOf(yuzhongStaff, r.json.id);
		assert.deepEqual(units.items.map((u) => [u.org_id, u.role]), [[jd01.id, 'member']]);
	});

	test('bad assignments are refused with a Chinese message and change nothing', async () => {
		const n = await taskCount(office);
		const cases = [
			[yuzhongStaff, { title: '越权', due_date: '2025-04-30', units: [qx05.id] }, 'unit_scope'],
			[yuzhongStaff, { title: '自己', due_date: '2025-04-30', units: [qx03.id] }, 'unit_scope'],
			[office, { title: '重复', due_date: '2025-04-30', units: [qx03.id, qx03.id] }, 'duplicate_id'],
			[office, { title: '重复', due_date: '2025-04-30', units: [qx03.id], lead_unit: qx03.id }, 'duplicate_unit'],
			[office, { title: '无单位', due_date: '2025-04-30' }, 'required'],
			[office, { title: '日期', start_date: '2025-05-01', due_date: '2025-04-30', units: [qx03.id] }, 'date_order'],
			[office, { title: '日期', due_date: '2025-02-30', units: [qx03.id] }, null],
			[office, { title: '类型', due_date: '2025-04-30', unit_kind: '不存在的类型' }, 'unknown_kind'],
			[office, { title: '列表', due_date: '2025-04-30', units: 'abc' }, 'wrong_type'],
			[office, { title: '列表', due_date: '2025-04-30', units: [1.5] }, 'wrong_type'],
			[office, { title: '字段', due_date: '2025-04-30', units: [qx03.id], colour: 'red' }, 'unknown_field'],
		];
		for (const [session, body, code] of cases) {
			const r = await session.post('/api/v1/tasks', body);
			assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
			assert.ok(isChineseError(r), r.text);
			if (code) assert.equal(r.json.error.code, code, r.text);
		}
		const kindNone = await yuzhongStaff.post('/api/v1/tasks', { title: '无', due_date: '2025-04-30', unit_kind: '区县科协' });
		assert.equal(kindNone.status, 400, kindNone.text);
		assert.equal(kindNone.json.error.code, 'no_units');
		assert.equal((await yuzhong.post('/api/v1/tasks', { title: '联络员', due_date: '2025-04-30', units: [jd01.id] })).status, 403);
		assert.equal(await taskCount(office), n);
	});

	test('a lead unit and co-units keep their roles', async () => {
		const r = await office.post('/api/v1/tasks', {
			title: '牵头任务',
			due_date: '2025-05-31',
			lead_unit: qx03.id,
			co_units: [qx05.id],
		});
		assert.equal(r.status, 201, r.text);
		const units = await unitsOf(office, r.json.id);
		const role = Object.fromEntries(units.items.map((u) => [u.org_id, u.role]));
		assert.deepEqual(role, { [qx03.id]: 'lead', [qx05.id]: 'co' });
	});

	test('a clock that cannot be read stops the command with a message', () => {
		const r = runCli(['user', 'list', '--db', srv.db], { env: { XUANGUAN_NOW: '2025-13-01' } });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /XUANGUAN_NOW/);
	});
});
