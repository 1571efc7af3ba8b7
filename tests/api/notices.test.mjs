// notices: in-app notices (消息) — sign-for requests when a task is assigned, reminders (催办) on demand by the
// assigner's side and recorded, read receipts per person visible to the sender, one automatic digest per unit per
// day however often it is asked for (as the clock moves across days, by the server and by `xuanguan remind`), and
// scope: a district never sees another's notices.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isChineseError, testServer } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
let office, yuzhong, yuzhongStaff, jiangbei, leader;
let qx03, qx05;

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei, leader } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei', 'leader']));
	({ qx03, qx05 } = await srv.units(['QX03', 'QX05']));
});

async function notices(session, query = '') {
	const r = await session.get(`/api/v1/notices${query}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}

const digests = (list) => list.items.filter((n) => n.kind === 'reminder' && n.title.startsWith('催办汇总'));

describe('notices and reminders', () => {
	let task, signNotice, jiangbeiNotice, reminder;

	test('assigning a task sends each assigned unit a sign-for request, seen by its accounts only', async () => {
		const r = await office.post('/api/v1/tasks', { title: '开展专题宣讲', due_date: '2025-03-31', units: [qx03.id, qx05.id] });
		assert.equal(r.status, 201, r.text);
		task = r.json;
		const mine = await notices(yuzhong);
		const sign = mine.items.filter((n) => n.kind === 'sign_request' && n.task_id === task.id);
		assert.equal(sign.length, 1, JSON.stringify(mine));
		signNotice = sign[0];
		assert.equal(signNotice.org_id, qx03.id);
		assert.equal(signNotice.read, false);
		assert.match(signNotice.title, /开展专题宣讲/);
		assert.equal(mine.unread, mine.items.filter((n) => !n.read).length);
		const theirs = (await notices(jiangbei)).items.filter((n) => n.task_id === task.id);
		assert.equal(theirs.length, 1);
		jiangbeiNotice = theirs[0];
		assert.equal(jiangbeiNotice.org_id, qx05.id);
		assert.ok(!(await notices(office)).items.some((n) => n.task_id === task.id), 'the sender does not receive it');
	});

	test('a district cannot read, mark or see the receipts of another district\'s notice', async () => {
		assert.equal((await yuzhong.post(`/api/v1/notices/${jiangbeiNotice.id}/read`)).status, 404);
		assert.equal((await yuzhong.get(`/api/v1/notices/${jiangbeiNotice.id}/reads`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/notices/${signNotice.id}/reads`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/notices/999999/reads`)).status, 404);
		const still = (await notices(jiangbei)).items.find((n) => n.id === jiangbeiNotice.id);
		assert.equal(still.read, false, 'nothing was marked');
	});

	test('a reminder on demand is recorded; its reading is a receipt per person that the sender sees', async () => {
		assert.equal((await yuzhong.post(`/api/v1/tasks/${task.id}/remind`, {})).status, 403, 'a reporter cannot remind');
		const own = await yuzhongStaff.post(`/api/v1/tasks/${task.id}/remind`, {});
		assert.equal(own.status, 403, 'an assignee cannot remind its assigner');
		assert.ok(isChineseError(own));
		assert.equal((await office.post(`/api/v1/tasks/${task.id}/remind`, { colour: 'red' })).status, 400);
		const r = await office.post(`/api/v1/tasks/${task.id}/remind`, { org_id: qx03.id, text: '请于本周内报送进展' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.reminded, 1);
		const unread = await notices(yuzhong, '?unread=1');
		assert.ok(unread.items.every((n) => !n.read));
		reminder = unread.items.find((n) => n.kind === 'reminder' && n.task_id === task.id);
		assert.ok(reminder, JSON.stringify(unread));
		assert.equal(reminder.body, '请于本周内报送进展');
		assert.equal(reminder.sender_name, '陈晓文');
		assert.ok(!(await notices(jiangbei)).items.some((n) => n.kind === 'reminder' && n.task_id === task.id), 'only QX03 was reminded');

		const before = (await office.get(`/api/v1/notices/${reminder.id}/reads`)).json;
		assert.equal(before.total, 0);
		const read = await yuzhong.post(`/api/v1/notices/${reminder.id}/read`);
		assert.equal(read.status, 200, read.text);
		assert.equal(read.json.read, true);
		const again = await yuzhong.post(`/api/v1/notices/${reminder.id}/read`);
		assert.equal(again.json.read_at, read.json.read_at, 'the first reading counts');
		const seen = await office.get(`/api/v1/notices/${reminder.id}/reads`);
		assert.equal(seen.status, 200, seen.text);
		assert.deepEqual(seen.json.items.map((i) => i.username), ['yuzhong']);
		const other = (await notices(yuzhongStaff)).items.find((n) => n.id === reminder.id);
		assert.equal(other.read, false, 'another account of the unit has its own receipt');
		assert.ok(!(await notices(yuzhong, '?unread=1')).items.some((n) => n.id === reminder.id));

		const list = await office.get(`/api/v1/tasks/${task.id}/reminders`);
		assert.equal(list.status, 200, list.text);
		const m = list.json.items.find((i) => i.notice_id === reminder.id);
		assert.equal(m.kind, 'manual');
		assert.equal(m.org_id, qx03.id);
		assert.equal(m.reads, 1);
		assert.equal((await jiangbei.get(`/api/v1/tasks/${task.id}/reminders`)).json.items.length, 0, 'a sibling sees none of QX03\'s');
		const audit = await srv.login('auditor');
		const a = await audit.get(`/api/v1/audit?action=task.remind&object_id=${task.id}`);
		assert.equal(a.json.total, 1);
	});

	test('reminding every unit reaches those not done; when all are done there is nothing to remind', async () => {
		const t = await office.post('/api/v1/tasks', { title: '报送总结', due_date: '2025-04-30', units: [qx03.id, qx05.id] });
		assert.equal(t.status, 201, t.text);
		assert.equal((await yuzhong.post(`/api/v1/tasks/${t.json.id}/sign`)).status, 200);
		assert.equal((await yuzhong.post(`/api/v1/tasks/${t.json.id}/progress`, { percent: 100 })).status, 201);
		const r = await office.post(`/api/v1/tasks/${t.json.id}/remind`, {});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.reminded, 1, 'QX03 is done');
		const done = await office.post(`/api/v1/tasks/${t.json.id}/remind`, { org_id: qx03.id });
		assert.equal(done.status, 409);
		assert.equal(done.json.error.code, 'all_done');
		const nobody = await office.post(`/api/v1/tasks/${t.json.id}/remind`, { org_id: 1 });
		assert.equal(nobody.status, 400);
		assert.equal(nobody.json.error.code, 'not_assigned');
	});

	test('one digest per unit per day, however often asked, as the clock moves', async () => {
		const t = await office.post('/api/v1/tasks', { title: '临期任务', due_date: '2025-03-10', units: [qx05.id] });
		assert.equal(t.status, 201, t.text);
		const own = await office.post('/api/v1/tasks', { title: '渝中临期', due_date: '2025-03-11', units: [qx03.id] });
		assert.equal(own.status, 201, own.text);
		assert.equal(digests(await notices(jiangbei)).length, 0, 'nine days ahead: green, no digest');

		await srv.clockAt('2025-03-04T09:00:00+08:00');
		let d = digests(await notices(jiangbei));
		assert.equal(d.length, 1, 'six days ahead: yellow');
		assert.match(d[0].body, /临期任务（完成时限 2025-03-10，还剩 6 天）/);
		assert.equal(digests(await notices(jiangbei)).length, 1, 'listed again: still one');
		assert.equal(digests(await notices(await srv.login('jiangbei'))).length, 1);
		const cron = srv.cli(['remind'], '', { env: { XUANGUAN_NOW: '2025-03-04T18:00:00+08:00' } });
		assert.equal(cron.status, 0, cron.stderr);
		assert.equal(digests(await notices(jiangbei)).length, 1, 'the command makes none the server made');

		const next = srv.cli(['remind'], '', { env: { XUANGUAN_NOW: '2025-03-05T07:00:00+08:00' } });
		assert.equal(next.status, 0, next.stderr);
		assert.match(next.stdout, /^[1-9]\d* reminder digests made/);
		const twice = srv.cli(['remind'], '', { env: { XUANGUAN_NOW: '2025-03-05T08:00:00+08:00' } });
		assert.match(twice.stdout, /^0 reminder digests made/);
		await srv.clockAt('2025-03-05T09:00:00+08:00');
		assert.equal(digests(await notices(jiangbei)).length, 2, 'one for each day');

		await srv.clockAt('2025-03-12T09:00:00+08:00');
		d = digests(await notices(jiangbei));
		assert.equal(d.length, 3);
		assert.match(d[0].body, /临期任务（完成时限 2025-03-10，已逾期 2 天）/);
		const theirs = digests(await notices(yuzhong));
		assert.match(theirs[0].body, /渝中临期（完成时限 2025-03-11，已逾期 1 天）/, 'QX03 has its own digest');
		assert.ok(!theirs.some((n) => /临期任务/.test(n.body)), 'never another district\'s work');
		const rem = await office.get(`/api/v1/tasks/${t.json.id}/reminders`);
		assert.deepEqual(rem.json.items.map((i) => i.kind), ['digest', 'digest', 'digest']);
		await srv.clockAt(DAY0);
	});

	test('a viewer reads its notices; bad queries are refused', async () => {
		assert.equal((await leader.get('/api/v1/notices')).status, 200);
		assert.equal((await office.get('/api/v1/notices?unread=maybe')).status, 400);
		assert.equal((await office.get('/api/v1/notices?limit=1000')).status, 400);
	});
});
