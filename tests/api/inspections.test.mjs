// inspections (督查) and rectifications (整改): a unit above records an inspection of units below it, asks
// for rectification with a deadline, the unit answers (with files), the inspector closes or reopens it; the
// light of a rectification follows the clock (XUANGUAN_NOW); a sibling district sees nothing (404). Progress
// reports on tasks carry a milestone, problems, help needed and evidence files, downloaded through
// /api/v1/files/{id} by who sees the report.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { isChineseError, testServer } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5000)]);
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

let office, yuzhong, yuzhongStaff, jiangbei, leader, stdw;
let qx03, qx05, society;



function upload(session, url, name, bytes) {
	return session.postBytes(`${url}?name=${encodeURIComponent(name)}`, bytes);
}

async function inspectionIds(session) {
	const r = await session.get('/api/v1/inspections?limit=100');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.total, r.json.items.length);
	return r.json.items.map((i) => i.id);
}

async function auditCount(action) {
	const r = await srv.login('auditor').then((a) => a.get(`/api/v1/audit?action=${action}&limit=100`));
	assert.equal(r.status, 200, r.text);
	return r.json.items.length;
}

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei, leader, stdw } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei', 'leader', 'stdw']));
	({ qx03, qx05 } = await srv.units(['QX03', 'QX05']));
	const kids = await stdw.get(`/api/v1/orgs/${(await srv.orgByCode('SKX-STDW')).id}/children?limit=5`);
	assert.equal(kids.status, 200, kids.text);
	society = kids.json.items[0];
});

describe('inspections and rectifications', () => {
	let both, onlyYuzhong, rect;

	test('the office records inspections; each district sees its own part, a sibling nothing (404)', async () => {
		const r = await office.post('/api/v1/inspections', {
			date: '2025-02-27',
			items: '学习计划、中心组学习记录、宣讲台账',
			findings: '部分支部学习记录不完整',
			units: [qx03.id, qx05.id],
		});
		assert.equal(r.status, 201, r.text);
		both = r.json;
		assert.equal(both.units, 2);
		assert.equal(both.date, '2025-02-27');
		const one = await office.post('/api/v1/inspections', {
			date: '2025-02-28', items: '专题学习', findings: '台账缺少签到表', units: [qx03.id],
		});
		assert.equal(one.status, 201, one.text);
		onlyYuzhong = one.json;

		assert.deepEqual((await inspectionIds(office)).sort(), [both.id, onlyYuzhong.id].sort());
		assert.deepEqual((await inspectionIds(yuzhong)).sort(), [both.id, onlyYuzhong.id].sort());
		assert.deepEqual(await inspectionIds(jiangbei), [both.id]);

		const mine = await yuzhong.get(`/api/v1/inspections/${both.id}`);
		assert.equal(mine.status, 200, mine.text);
		assert.deepEqual(mine.json.inspected_units.map((u) => u.org_id), [qx03.id], 'a district sees only itself');
		assert.equal(mine.json.may_inspect, false);
		const all = await office.get(`/api/v1/inspections/${both.id}`);
		assert.deepEqual(all.json.inspected_units.map((u) => u.org_id).sort(), [qx03.id, qx05.id].sort());
		assert.equal(all.json.may_inspect, true);

		const sibling = await jiangbei.get(`/api/v1/inspections/${onlyYuzhong.id}`);
		assert.equal(sibling.status, 404);
		assert.ok(isChineseError(sibling));
		assert.equal((await leader.get(`/api/v1/inspections/${onlyYuzhong.id}`)).status, 200, 'a viewer above reads');
	});

	test('who may inspect whom: refusals change nothing', async () => {
		const before = await inspectionIds(office);
		const reporter = await yuzhong.post('/api/v1/inspections', { date: '2025-02-27', items: 'a', findings: 'b', units: [qx03.id] });
		assert.equal(reporter.status, 403, 'a reporter does not inspect');
		const sibling = await yuzhongStaff.post('/api/v1/inspections', { date: '2025-02-27', items: 'a', findings: 'b', units: [qx05.id] });
		assert.equal(sibling.status, 400);
		assert.equal(sibling.json.error.code, 'unit_scope');
		const self = await yuzhongStaff.post('/api/v1/inspections', { date: '2025-02-27', items: 'a', findings: 'b', units: [qx03.id] });
		assert.equal(self.status, 400, 'a unit does not inspect itself');
		const future = await office.post('/api/v1/inspections', { date: '2025-03-02', items: 'a', findings: 'b', units: [qx03.id] });
		assert.equal(future.status, 400);
		assert.equal(future.json.error.code, 'future_date');
		const twice = await office.post('/api/v1/inspections', { date: '2025-02-27', items: 'a', findings: 'b', units: [qx03.id, qx03.id] });
		assert.equal(twice.status, 400);
		const noItems = await office.post('/api/v1/inspections', { date: '2025-02-27', findings: 'b', units: [qx03.id] });
		assert.equal(noItems.status, 400);
		assert.equal(noItems.json.error.field, 'items');
		const unknown = await office.post('/api/v1/inspections', { date: '2025-02-27', items: 'a', findings: 'b', units: [qx03.id], score: 5 });
		assert.equal(unknown.status, 400);
		assert.deepEqual(await inspectionIds(office), before);
	});

	test('a supervising committee inspects the societies below it, not a district', async () => {
		const ok = await stdw.post('/api/v1/inspections', { date: '2025-02-20', items: '理论学习', findings: '无', units: [society.id] });
		assert.equal(ok.status, 201, ok.text);
		const out = await stdw.post('/api/v1/inspections', { date: '2025-02-20', items: '理论学习', findings: '无', units: [qx03.id] });
		assert.equal(out.status, 400);
		assert.equal(out.json.error.code, 'unit_scope');
		assert.equal((await stdw.get(`/api/v1/inspections/${both.id}`)).status, 404);
		assert.equal((await yuzhong.get(`/api/v1/inspections/${ok.json.id}`)).status, 404);
	});

	test('rectification: asked by the inspector only, of an inspected unit', async () => {
		const notInspected = await office.post(`/api/v1/inspections/${onlyYuzhong.id}/rectifications`, {
			org_id: qx05.id, requirement: '补齐签到表', deadline: '2025-03-10',
		});
		assert.equal(notInspected.status, 400);
		assert.equal(notInspected.json.error.code, 'not_inspected');
		const early = await office.post(`/api/v1/inspections/${onlyYuzhong.id}/rectifications`, {
			org_id: qx03.id, requirement: '补齐签到表', deadline: '2025-02-01',
		});
		assert.equal(early.status, 400);
		assert.equal(early.json.error.code, 'date_order');
		const own = await yuzhongStaff.post(`/api/v1/inspections/${onlyYuzhong.id}/rectifications`, {
			org_id: qx03.id, requirement: '补齐签到表', deadline: '2025-03-10',
		});
		assert.equal(own.status, 403, 'the inspected unit does not ask itself');
		const r = await office.post(`/api/v1/inspections/${onlyYuzhong.id}/rectifications`, {
			org_id: qx03.id, requirement: '补齐专题学习签到表', deadline: '2025-03-10',
		});
		assert.equal(r.status, 201, r.text);
		rect = r.json;
		assert.equal(rect.state, 'open');
		assert.equal(rect.light, 'green');
		assert.equal((await jiangbei.get(`/api/v1/rectifications/${rect.id}`)).status, 404);
	});

	test('the light follows the clock: yellow near the deadline, red after it, green once answered', async () => {
		await srv.clockAt('2025-03-08T10:00:00+08:00');
		let x = await yuzhong.get(`/api/v1/rectifications/${rect.id}`);
		assert.equal(x.status, 200, x.text);
		assert.equal(x.json.light, 'yellow');
		await srv.clockAt('2025-03-11T10:00:00+08:00');
		x = await yuzhong.get(`/api/v1/rectifications/${rect.id}`);
		assert.equal(x.json.light, 'red');
		const list = await office.get('/api/v1/inspections');
		const row = list.json.items.find((i) => i.id === onlyYuzhong.id);
		assert.equal(row.pending, 1);
		assert.equal(row.overdue, 1);
	});

	test('answer with a file → close; reopen → answer → close; wrong side 403, wrong state 409', async () => {
		const byOffice = await office.post(`/api/v1/rectifications/${rect.id}/answer`, { answer: '代为反馈' });
		assert.equal(byOffice.status, 403, 'the inspector does not answer its own request');
		const sibling = await jiangbei.post(`/api/v1/rectifications/${rect.id}/answer`, { answer: '已整改' });
		assert.equal(sibling.status, 404);
		const early = await office.post(`/api/v1/rectifications/${rect.id}/close`, { note: '好' });
		assert.equal(early.status, 409, 'nothing to close before an answer');

		const up = await upload(yuzhong, `/api/v1/rectifications/${rect.id}/files`, '签到表.png', PNG);
		assert.equal(up.status, 201, up.text);
		assert.equal(up.json.rectification_id, rect.id);
		assert.equal(up.json.record_id, undefined);
		assert.equal((await upload(jiangbei, `/api/v1/rectifications/${rect.id}/files`, 'a.png', PNG)).status, 404);
		assert.equal((await upload(office, `/api/v1/rectifications/${rect.id}/files`, 'a.png', PNG)).status, 403);
		const got = await office.get(`/api/v1/files/${up.json.id}`);
		assert.equal(got.status, 200, 'the inspector reads the answer\'s file');
		assert.equal(sha256(got.raw), sha256(PNG));
		assert.equal((await jiangbei.get(`/api/v1/files/${up.json.id}`)).status, 404);
		const del = await yuzhong.request('DELETE', `/api/v1/files/${up.json.id}`, { json: { reason: '错传' } });
		assert.equal(del.status, 404, 'an answer\'s file is not deleted through the record route');

		const a = await yuzhong.post(`/api/v1/rectifications/${rect.id}/answer`, { answer: '已补齐签到表并归档' });
		assert.equal(a.status, 200, a.text);
		assert.equal(a.json.state, 'answered');
		assert.equal(a.json.light, 'green', 'answered late is no longer red');
		const again = await yuzhong.post(`/api/v1/rectifications/${rect.id}/answer`, { answer: '再答' });
		assert.equal(again.status, 409);
		const reporterClose = await yuzhong.post(`/api/v1/rectifications/${rect.id}/close`, {});
		assert.equal(reporterClose.status, 403);
		const staffClose = await yuzhongStaff.post(`/api/v1/rectifications/${rect.id}/close`, {});
		assert.equal(staffClose.status, 403, 'the inspected unit does not close its own rectification');

		const noReason = await office.post(`/api/v1/rectifications/${rect.id}/reopen`, {});
		assert.equal(noReason.status, 400);
		const re = await office.post(`/api/v1/rectifications/${rect.id}/reopen`, { note: '签到表缺少第二期' });
		assert.equal(re.status, 200, re.text);
		assert.equal(re.json.state, 'reopened');
		assert.equal(re.json.light, 'red', 'reopened after the deadline is overdue again');
		const a2 = await yuzhong.post(`/api/v1/rectifications/${rect.id}/answer`, { answer: '第二期签到表已补' });
		assert.equal(a2.status, 200, a2.text);
		const c = await office.post(`/api/v1/rectifications/${rect.id}/close`, { note: '整改到位，同意销号' });
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.state, 'closed');
		assert.equal(c.json.note, '整改到位，同意销号');
		assert.equal((await upload(yuzhong, `/api/v1/rectifications/${rect.id}/files`, 'b.png', PNG)).status, 409);

		const seen = await yuzhong.get(`/api/v1/inspections/${onlyYuzhong.id}`);
		assert.equal(seen.json.rectifications.length, 1);
		assert.equal(seen.json.rectifications[0].state, 'closed');
		assert.deepEqual(seen.json.rectifications[0].files.map((f) => f.id), [up.json.id]);
		assert.equal(seen.json.pending, 0);
		assert.equal(await auditCount('rectification.answer'), 2);
		assert.equal(await auditCount('rectification.close'), 1);
		assert.equal(await auditCount('rectification.reopen'), 1);
	});
});

describe('progress reports with milestones, problems and files', () => {
	let task, other, pid;

	test('a report carries a milestone, problems, help needed; its files are the reporting side\'s', async () => {
		const t = await office.post('/api/v1/tasks', { title: '开展专题宣讲', due_date: '2025-06-30', units: [qx03.id, qx05.id] });
		assert.equal(t.status, 201, t.text);
		task = t.json;
		const o = await office.post('/api/v1/tasks', { title: '另一项任务', due_date: '2025-06-30', units: [qx03.id] });
		other = o.json;
		assert.equal((await yuzhong.post(`/api/v1/tasks/${task.id}/sign`)).status, 200);
		const long = await yuzhong.post(`/api/v1/tasks/${task.id}/progress`, { percent: 10, milestone: '节'.repeat(201) });
		assert.equal(long.status, 400);
		const p = await yuzhong.post(`/api/v1/tasks/${task.id}/progress`, {
			percent: 50, text: '已完成三场宣讲', milestone: '宣讲团组建完成', problems: '基层场地不足', help_needed: '请协调新时代文明实践中心场地',
		});
		assert.equal(p.status, 201, p.text);
		pid = p.json.progress_id;
		assert.equal(typeof pid, 'number');

		const up = await upload(yuzhong, `/api/v1/tasks/${task.id}/progress/${pid}/files`, '宣讲照片.png', PNG);
		assert.equal(up.status, 201, up.text);
		assert.equal(up.json.progress_id, pid);
		const pdf = await upload(yuzhong, `/api/v1/tasks/${task.id}/progress/${pid}/files`, '宣讲方案.pdf', PDF);
		assert.equal(pdf.status, 201, pdf.text);
		assert.equal((await upload(yuzhong, `/api/v1/tasks/${task.id}/progress/${pid}/files`, 'x.txt', Buffer.from('plain'))).status, 415);
		assert.equal((await upload(jiangbei, `/api/v1/tasks/${task.id}/progress/${pid}/files`, 'a.png', PNG)).status, 404,
			'a sibling does not attach to another district\'s report');
		assert.equal((await upload(yuzhong, `/api/v1/tasks/${other.id}/progress/${pid}/files`, 'a.png', PNG)).status, 404,
			'the report must be of the task the path names');
		assert.equal((await upload(leader, `/api/v1/tasks/${task.id}/progress/${pid}/files`, 'a.png', PNG)).status, 403);

		const list = await office.get(`/api/v1/tasks/${task.id}/progress?org_id=${qx03.id}`);
		assert.equal(list.status, 200, list.text);
		const item = list.json.items[0];
		assert.equal(item.milestone, '宣讲团组建完成');
		assert.equal(item.problems, '基层场地不足');
		assert.equal(item.help_needed, '请协调新时代文明实践中心场地');
		assert.deepEqual(item.files.map((f) => f.name), ['宣讲照片.png', '宣讲方案.pdf']);

		const byAssigner = await office.get(`/api/v1/files/${pdf.json.id}`);
		assert.equal(byAssigner.status, 200, 'the assigner reads the report\'s files');
		assert.equal(sha256(byAssigner.raw), sha256(PDF));
		assert.equal((await yuzhong.get(`/api/v1/files/${up.json.id}`)).status, 200);
		assert.equal((await jiangbei.get(`/api/v1/files/${up.json.id}`)).status, 404, 'a sibling district gets 404');
	});
});
