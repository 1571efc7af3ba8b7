// lecture-orders: 点单式宣讲 — a unit asks a lecture team (a unit of the kind 宣讲团, placed at its own unit or
// above) for a talk; the team accepts with a lecturer and a date or declines with a reason; the asking side confirms
// the talk with its audience once, which creates the lecture record that the stats count. Each step notifies the
// other side; the team sees its calendar; a district never sees another district's orders.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isChineseError, stats, testServer } from './lib.mjs';

let office, yuzhong, jiangbei, xjt, leader;
let qx03, cityTeam, districtTeam;

const srv = testServer({ env: { XUANGUAN_NOW: '2025-03-01T09:00:00+08:00' } }, async () => {
	({ office, yuzhong, jiangbei, xjt, leader } = await srv.loginAll(['office', 'yuzhong', 'jiangbei', 'xjt', 'leader']));
	qx03 = await srv.orgByCode('QX03');
});

async function teams(session) {
	const r = await session.get('/api/v1/lecture-teams');
	assert.equal(r.status, 200, r.text);
	return r.json.items;
}

const MARCH = '?from=2025-03-01&to=2025-03-31';

async function orderIds(session, query = '') {
	const r = await session.get(`/api/v1/lecture-orders${query}`);
	assert.equal(r.status, 200, r.text);
	return r.json.items.map((o) => o.id);
}

const lastNotice = async (session, kind) => (await session.get('/api/v1/notices')).json.items.find((n) => n.kind === kind);

describe('lecture orders', () => {
	let order;

	test('a unit may ask the teams placed at its unit or above it, with their lecturers', async () => {
		const mine = await teams(yuzhong);
		cityTeam = mine.find((t) => t.code === 'SKX-XJT');
		districtTeam = mine.find((t) => t.code === 'QX03-XJT');
		assert.ok(cityTeam && districtTeam, JSON.stringify(mine));
		assert.ok(cityTeam.lecturers.length >= 2);
		assert.deepEqual((await teams(jiangbei)).map((t) => t.code), ['SKX-XJT'], "not another district's team");
	});

	test('asking: the team is told; bad asks are refused and change nothing', async () => {
		const n = (await orderIds(office)).length;
		const cases = [
			[jiangbei, { team_id: districtTeam.id, topic: '越级点单' }, 'unknown_team'],
			[yuzhong, { team_id: qx03.id, topic: '不是宣讲团' }, 'unknown_team'],
			[yuzhong, { team_id: cityTeam.id, topic: '日期', preferred_dates: '2025-02-30' }, 'bad_dates'],
			[yuzhong, { team_id: cityTeam.id, topic: '日期', preferred_dates: '2025-03-20,2025-03-21,2025-03-22,2025-03-23' }, 'too_long'],
			[yuzhong, { team_id: cityTeam.id, topic: '日期', preferred_dates: '2025-03-20;2025-03-21' }, 'bad_dates'],
			[yuzhong, { team_id: cityTeam.id, topic: '日期', preferred_dates: '2025-03-20,' }, 'bad_dates'],
			[yuzhong, { team_id: cityTeam.id, topic: '' }, null],
			[yuzhong, { team_id: cityTeam.id, topic: '人数', audience_size: -1 }, null],
			[yuzhong, { team_id: cityTeam.id, topic: '字段', colour: 'red' }, 'unknown_field'],
		];
		for (const [s, body, code] of cases) {
			const r = await s.post('/api/v1/lecture-orders', body);
			assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
			assert.ok(isChineseError(r), r.text);
			if (code) assert.equal(r.json.error.code, code, r.text);
		}
		assert.equal((await leader.post('/api/v1/lecture-orders', { team_id: cityTeam.id, topic: '查看人员' })).status, 403);
		assert.equal((await orderIds(office)).length, n);

		const r = await yuzhong.post('/api/v1/lecture-orders', {
			team_id: cityTeam.id,
			topic: '学习贯彻全会精神',
			section_path: '二/3',
			preferred_dates: '2025-03-20,2025-03-22',
			audience_kind: '社区居民',
			audience_size: 80,
		});
		assert.equal(r.status, 201, r.text);
		order = r.json;
		assert.equal(order.state, 'requested');
		assert.equal(order.org_id, qx03.id);
		assert.equal(order.team_id, cityTeam.id);
		const told = await lastNotice(xjt, 'lecture_order');
		assert.equal(told.order_id, order.id);
		assert.match(told.body, /渝中区科学技术协会申请宣讲/);
	});

	test('both sides see the order; a sibling district does not', async () => {
		assert.equal((await yuzhong.get(`/api/v1/lecture-orders/${order.id}`)).status, 200);
		assert.equal((await xjt.get(`/api/v1/lecture-orders/${order.id}`)).status, 200);
		assert.equal((await jiangbei.get(`/api/v1/lecture-orders/${order.id}`)).status, 404);
		assert.ok(!(await orderIds(jiangbei)).includes(order.id));
		assert.equal((await jiangbei.post(`/api/v1/lecture-orders/${order.id}/decline`, { reason: '抢单' })).status, 404);
		assert.ok((await orderIds(xjt, `?team_id=${cityTeam.id}`)).includes(order.id));
	});

	test('the team accepts with its own lecturer and a date; the asker is told; the calendar shows it', async () => {
		const asker = await yuzhong.post(`/api/v1/lecture-orders/${order.id}/accept`, { lecturer_id: cityTeam.lecturers[0].id, date: '2025-03-21' });
		assert.equal(asker.status, 403, 'only the team side accepts');
		const foreign = await xjt.post(`/api/v1/lecture-orders/${order.id}/accept`, { lecturer_id: districtTeam.lecturers[0].id, date: '2025-03-21' });
		assert.equal(foreign.status, 400);
		assert.equal(foreign.json.error.code, 'unknown_lecturer');
		const r = await xjt.post(`/api/v1/lecture-orders/${order.id}/accept`, { lecturer_id: cityTeam.lecturers[0].id, date: '2025-03-21' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'accepted');
		assert.equal(r.json.lecture_date, '2025-03-21');
		assert.equal(r.json.lecturer_name, cityTeam.lecturers[0].name);
		const again = await xjt.post(`/api/v1/lecture-orders/${order.id}/accept`, { lecturer_id: cityTeam.lecturers[0].id, date: '2025-03-22' });
		assert.equal(again.status, 409);
		const told = await lastNotice(yuzhong, 'lecture_order');
		assert.equal(told.order_id, order.id);
		assert.match(told.title, /已接单/);
		assert.ok((await orderIds(xjt, `?team_id=${cityTeam.id}&from=2025-03-01&to=2025-03-31`)).includes(order.id));
		assert.ok(!(await orderIds(xjt, `?team_id=${cityTeam.id}&from=2025-04-01&to=2025-04-30`)).includes(order.id));
		assert.equal((await xjt.get('/api/v1/lecture-orders?from=2025-13-01')).status, 400);
	});

	test('given: the asking side confirms once with the audience; a lecture record is made and counted', async () => {
		const before = await stats(office, 1, MARCH, { kind: 'lecture' });
		const district = await stats(yuzhong, qx03.id, MARCH, { kind: 'lecture' });
		const team = await xjt.post(`/api/v1/lecture-orders/${order.id}/done`, { audience: 95 });
		assert.equal(team.status, 403, 'the team does not write the asking unit\'s ledger');
		const r = await yuzhong.post(`/api/v1/lecture-orders/${order.id}/done`, { audience: 95 });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.order.state, 'given');
		assert.equal(r.json.order.record_id, r.json.record.id);
		assert.equal(r.json.record.kind, 'lecture');
		assert.equal(r.json.record.org_id, qx03.id);
		assert.equal(r.json.record.date, '2025-03-21');
		assert.equal(r.json.record.audience, 95);
		assert.equal(r.json.record.lecturer, cityTeam.lecturers[0].name);
		const twice = await yuzhong.post(`/api/v1/lecture-orders/${order.id}/done`, { audience: 95 });
		assert.equal(twice.status, 409);
		const after_ = await stats(office, 1, MARCH, { kind: 'lecture' });
		assert.equal(after_.records, before.records + 1);
		assert.equal(after_.audience, before.audience + 95);
		assert.equal((await stats(yuzhong, qx03.id, MARCH, { kind: 'lecture' })).audience, district.audience + 95);
		assert.match((await lastNotice(xjt, 'lecture_order')).title, /宣讲已完成/);
	});

	test('declined with a reason: the asker is told and it cannot be given', async () => {
		const r = await yuzhong.post('/api/v1/lecture-orders', { team_id: cityTeam.id, topic: '科普进社区' });
		assert.equal(r.status, 201, r.text);
		assert.equal((await xjt.post(`/api/v1/lecture-orders/${r.json.id}/decline`, {})).status, 400);
		const d = await xjt.post(`/api/v1/lecture-orders/${r.json.id}/decline`, { reason: '本月宣讲已排满' });
		assert.equal(d.status, 200, d.text);
		assert.equal(d.json.state, 'declined');
		assert.equal(d.json.reason, '本月宣讲已排满');
		assert.match((await lastNotice(yuzhong, 'lecture_order')).body, /本月宣讲已排满/);
		assert.equal((await yuzhong.post(`/api/v1/lecture-orders/${r.json.id}/done`, { audience: 10 })).status, 409);
	});

	test('staff add lecturers to a team in their subtree only', async () => {
		const r = await office.post(`/api/v1/lecture-teams/${cityTeam.id}/lecturers`, { name: '周明远', title: '教授 · 数字经济' });
		assert.equal(r.status, 201, r.text);
		assert.ok((await teams(yuzhong)).find((t) => t.id === cityTeam.id).lecturers.some((l) => l.name === '周明远'));
		const notTeam = await office.post(`/api/v1/lecture-teams/${qx03.id}/lecturers`, { name: '某人' });
		assert.equal(notTeam.status, 400);
		const yz = await srv.login('yuzhong_staff');
		assert.equal((await yz.post(`/api/v1/lecture-teams/${cityTeam.id}/lecturers`, { name: '某人' })).status, 404);
	});
});
