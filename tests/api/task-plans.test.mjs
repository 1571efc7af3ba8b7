// task-plans: a district's plan (具体方案) cascaded two levels down (district → street → branch), due dates
// only earlier, a sibling district sees none of it; adjustments (wording, due date, 不适用) asked, refused and
// accepted with their history; the parent's light by the campaign's rule (worst, share) as the clock moves
// (XUANGUAN_NOW restarts); records that carry out a task, followed both ways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ok, refused, testServer } from './lib.mjs';

const DAY0 = '2025-03-01T09:00:00+08:00';
let office, yuzhong, yuzhongStaff, jiangbei, auditor;
let root, qx03, qx05, jd01, dzb;





async function unitOf(session, taskId, orgId) {
	const list = await ok(session.get(`/api/v1/tasks/${taskId}/units?limit=100`));
	return list.items.find((u) => u.org_id === orgId);
}

const srv = testServer({ env: { XUANGUAN_NOW: DAY0 } }, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei, auditor } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei', 'auditor']));
	({ root, qx03, qx05, jd01, dzb } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01', 'QX03-JD01-DZB']));
});

describe('plans, adjustments, lights by rule, records behind a task', () => {
	let camp, task, s0, s1, self, s2;

	test('a district must sign before it plans; a plan step is never due after its parent', async () => {
		camp = await ok(office.post('/api/v1/campaigns', { org_id: root.id, name: '具体方案专项', start_date: '2025-01-01', end_date: '2025-12-31' }), 201);
		assert.equal(camp.light_rule, 'worst');
		task = await ok(office.post('/api/v1/tasks', {
			title: '开展专题宣讲', campaign_id: camp.id, paragraph: '各区县科协要制定具体方案，明确时间表、施工图。',
			section_path: '五/2', due_date: '2025-04-30', units: [qx03.id, qx05.id],
		}), 201);
		await refused(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '早了', units: [jd01.id] }), 409, 'not_signed');
		await ok(yuzhong.post(`/api/v1/tasks/${task.id}/sign`));
		await refused(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '晚了', units: [jd01.id], due_date: '2025-05-01' }), 400, 'due_after_parent');
		await refused(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '别区', units: [qx05.id] }), 400, 'unit_scope');
		await refused(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '未知字段', units: [jd01.id], colour: 'red' }), 400);
		// a unit not assigned the task cannot plan under it
		await refused(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '街道', org_id: jd01.id, units: [dzb.id] }), 400, 'not_assigned');
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}/subtasks`))).total, 0);
	});

	test('the district plans three steps; the street plans one more below it', async () => {
		s0 = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '街道宣讲全覆盖', units: [jd01.id] }), 201);
		assert.equal(s0.due_date, '2025-04-30', 'the parent due date by default');
		assert.equal(s0.parent_id, task.id);
		assert.equal(s0.org_id, qx03.id);
		assert.equal(s0.paragraph, task.paragraph);
		assert.equal(s0.campaign_id, camp.id);
		s1 = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '街道集中学习', units: [jd01.id], start_date: '2025-03-01', due_date: '2025-03-20', milestone: '学习会召开' }), 201);
		assert.equal(s1.milestone, '学习会召开');
		self = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/subtasks`, { title: '印发区级方案', due_date: '2025-03-10' }), 201);
		const mine = await ok(yuzhong.get(`/api/v1/tasks/${self.id}/units`));
		assert.deepEqual(mine.items.map((u) => [u.org_id, u.state]), [[qx03.id, 'signed']], 'a step the district does itself');
		// the street signs for its step and plans below it, never after its own date
		await ok(yuzhong.post(`/api/v1/tasks/${s1.id}/sign?org_id=${jd01.id}`));
		await refused(yuzhong.post(`/api/v1/tasks/${s1.id}/subtasks`, { org_id: jd01.id, title: '支部学习', units: [dzb.id], due_date: '2025-03-21' }), 400, 'due_after_parent');
		s2 = await ok(yuzhong.post(`/api/v1/tasks/${s1.id}/subtasks`, { org_id: jd01.id, title: '支部主题党日学习', units: [dzb.id], due_date: '2025-03-15' }), 201);
		assert.equal(s2.parent_id, s1.id);
		assert.equal(s2.org_id, jd01.id);
		const plan = await ok(office.get(`/api/v1/tasks/${task.id}/subtasks?org_id=${qx03.id}`));
		assert.deepEqual(plan.items.map((t) => t.id), [self.id, s1.id, s0.id], 'by due date');
		const street = await ok(yuzhong.get(`/api/v1/tasks/${s1.id}/subtasks`));
		assert.deepEqual(street.items.map((t) => t.id), [s2.id]);
	});

	test('a sibling district sees no step of the plan', async () => {
		assert.equal((await ok(jiangbei.get(`/api/v1/tasks/${task.id}/subtasks`))).total, 0);
		await refused(jiangbei.get(`/api/v1/tasks/${task.id}/subtasks?org_id=${qx03.id}`), 404);
		for (const t of [s0, s1, self, s2]) await refused(jiangbei.get(`/api/v1/tasks/${t.id}`), 404);
		await refused(jiangbei.get(`/api/v1/tasks/${s1.id}/subtasks`), 404);
		const seen = await ok(jiangbei.get('/api/v1/tasks?limit=100'));
		assert.deepEqual(seen.items.filter((t) => t.parent_id !== null), []);
	});

	test('the parent takes its light from the plan: worst, then share, as the clock moves', async () => {
		let t = await ok(office.get(`/api/v1/tasks/${task.id}`));
		assert.equal(t.light_rule, 'worst');
		assert.equal(t.light, 'green');
		// 03-05: the district's own step (due 03-10) is within the 7 warning days
		await srv.clockAt('2025-03-05T09:00:00+08:00');
		t = await ok(office.get(`/api/v1/tasks/${task.id}`));
		assert.equal(t.light, 'yellow');
		assert.equal((await unitOf(office, task.id, qx03.id)).light, 'yellow', 'the district from its plan');
		assert.equal((await unitOf(office, task.id, qx05.id)).light, 'green', 'a district without a plan by its own date');
		// 03-12: that step is overdue; the two street steps (03-20, 04-30) are on track
		await srv.clockAt('2025-03-12T09:00:00+08:00');
		t = await ok(office.get(`/api/v1/tasks/${task.id}`));
		assert.equal(t.light, 'red');
		assert.equal((await unitOf(office, task.id, qx03.id)).light, 'red');
		// the street's step s1 (03-20) takes the light of the street's own plan below it: s2, due
		// 03-15, is within the warning days — yellow (every level counts, docs/api.md)
		assert.equal((await unitOf(office, s1.id, jd01.id)).light, 'yellow');
		// share 60: one green of three (33%) is not enough, one red (33%) is not more than 40% — yellow;
		// share 30: 33% green is enough — green; share 80 — red (33% red is more than 20%)
		const c = await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'share', light_share: 60 }));
		assert.equal(c.light_rule, 'share');
		assert.equal(c.light_share, 60);
		t = await ok(office.get(`/api/v1/tasks/${task.id}`));
		assert.equal(t.light_rule, 'share');
		assert.equal(t.light, 'yellow');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_share: 30 }));
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'green');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_share: 80 }));
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'red');
		await refused(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'best' }), 400, 'unknown_rule');
		await refused(office.patch(`/api/v1/campaigns/${camp.id}`, { light_share: 0 }), 400);
		// the district finishes its step: nothing overdue; the branch's step below the street is
		// still within the warning days (two green of three, 66% < 80%) — yellow by either rule
		await ok(yuzhong.post(`/api/v1/tasks/${self.id}/progress`, { percent: 100, text: '方案已印发' }), 201);
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'yellow');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'worst' }));
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'yellow');
		// the branch finishes it: green by either rule
		await ok(yuzhong.post(`/api/v1/tasks/${s2.id}/sign?org_id=${dzb.id}`));
		await ok(yuzhong.post(`/api/v1/tasks/${s2.id}/progress`, { org_id: dzb.id, percent: 100 }), 201);
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'green');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'share' }));
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).light, 'green');
		await ok(office.patch(`/api/v1/campaigns/${camp.id}`, { light_rule: 'worst' }));
		// the sibling reads the same task by its own assignment only
		assert.equal((await ok(jiangbei.get(`/api/v1/tasks/${task.id}`))).light, 'green');
		await srv.clockAt(DAY0);
	});

	test('a due date asked later is refused with a reason, then accepted for that unit only', async () => {
		const a1 = await ok(jiangbei.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'due_date', value: '2025-05-15', reason: '街道换届，需顺延' }), 201);
		assert.equal(a1.state, 'pending');
		assert.equal(a1.old_value, '2025-04-30');
		await refused(jiangbei.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'due_date', value: '2025-05-20', reason: '再申请' }), 409, 'pending');
		await refused(jiangbei.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'later', value: '2025-05-20', reason: '类型不对' }), 400);
		await refused(jiangbei.post(`/api/v1/tasks/${task.id}/adjustments/${a1.id}/accept`, {}), 403);
		// the other district's staff sees the task but not this request
		await refused(yuzhongStaff.post(`/api/v1/tasks/${task.id}/adjustments/${a1.id}/accept`, {}), 404);
		await refused(office.post(`/api/v1/tasks/${task.id}/adjustments/${a1.id}/refuse`, {}), 400);
		const r1 = await ok(office.post(`/api/v1/tasks/${task.id}/adjustments/${a1.id}/refuse`, { reason: '时间节点不能顺延' }));
		assert.equal(r1.state, 'refused');
		assert.equal(r1.answer, '时间节点不能顺延');
		await refused(office.post(`/api/v1/tasks/${task.id}/adjustments/${a1.id}/accept`, {}), 409, 'answered');
		assert.equal((await unitOf(office, task.id, qx05.id)).due_date, '2025-04-30', 'a refusal changes nothing');
		const a2 = await ok(jiangbei.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'due_date', value: '2025-05-15', reason: '补充材料后再申请' }), 201);
		assert.equal((await ok(office.post(`/api/v1/tasks/${task.id}/adjustments/${a2.id}/accept`, {}))).state, 'accepted');
		assert.equal((await unitOf(office, task.id, qx05.id)).due_date, '2025-05-15');
		assert.equal((await unitOf(office, task.id, qx03.id)).due_date, '2025-04-30');
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).due_date, '2025-04-30');
		// a step of a plan never moves past its planning unit's date
		await refused(yuzhong.post(`/api/v1/tasks/${s1.id}/adjust`, { org_id: jd01.id, kind: 'due_date', value: '2025-05-01', reason: '来不及' }), 400, 'due_after_parent');
	});

	test('wording accepted retitles the task; every step is kept and shown to whom it concerns', async () => {
		const w = await ok(yuzhong.post(`/api/v1/tasks/${task.id}/adjust`, { kind: 'wording', value: '开展专题宣讲（含线上）', reason: '线上宣讲也计入' }), 201);
		// the asking district's own staff is not the assigner's side
		await refused(yuzhongStaff.post(`/api/v1/tasks/${task.id}/adjustments/${w.id}/accept`, {}), 403, 'not_assigner');
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}`))).title, '开展专题宣讲', 'a refused answer changes nothing');
		await ok(office.post(`/api/v1/tasks/${task.id}/adjustments/${w.id}/accept`, { reason: '同意' }));
		assert.equal((await ok(jiangbei.get(`/api/v1/tasks/${task.id}`))).title, '开展专题宣讲（含线上）');
		const all = await ok(office.get(`/api/v1/tasks/${task.id}/adjustments`));
		assert.deepEqual(all.items.map((j) => [j.org_id, j.kind, j.state]), [
			[qx05.id, 'due_date', 'refused'], [qx05.id, 'due_date', 'accepted'], [qx03.id, 'wording', 'accepted'],
		]);
		assert.deepEqual((await ok(jiangbei.get(`/api/v1/tasks/${task.id}/adjustments`))).items.map((j) => j.org_id), [qx05.id, qx05.id]);
		assert.deepEqual((await ok(yuzhong.get(`/api/v1/tasks/${task.id}/adjustments`))).items.map((j) => j.org_id), [qx03.id]);
		const audit = await ok(auditor.get('/api/v1/audit?action=task.adjust.accept&limit=100'));
		assert.ok(audit.items.filter((e) => e.object_id === String(task.id)).length >= 2, JSON.stringify(audit.items));
	});

	test('不适用 accepted takes the unit out of the counts and the lights', async () => {
		const t2 = await ok(office.post('/api/v1/tasks', { title: '建设科普阵地', campaign_id: camp.id, due_date: '2025-03-05', units: [qx03.id, qx05.id] }), 201);
		assert.equal(t2.units, 2);
		await refused(jiangbei.post(`/api/v1/tasks/${t2.id}/adjust`, { kind: 'not_applicable', value: 'x', reason: '本区无此项' }), 400, 'unexpected');
		const na = await ok(jiangbei.post(`/api/v1/tasks/${t2.id}/adjust`, { kind: 'not_applicable', reason: '本区无此项工作' }), 201);
		await ok(office.post(`/api/v1/tasks/${t2.id}/adjustments/${na.id}/accept`, {}));
		const after2 = await ok(office.get(`/api/v1/tasks/${t2.id}`));
		assert.equal(after2.units, 1);
		const u = await unitOf(office, t2.id, qx05.id);
		assert.equal(u.state, 'not_applicable');
		assert.equal(u.light, null);
		await refused(jiangbei.post(`/api/v1/tasks/${t2.id}/sign`), 409, 'not_applicable');
		await refused(jiangbei.post(`/api/v1/tasks/${t2.id}/adjust`, { kind: 'wording', value: '新名称', reason: '再改' }), 409, 'not_applicable');
		await refused(jiangbei.post('/api/v1/records', { org_id: qx05.id, kind: 'study', date: '2025-03-02', title: '不适用的任务', task_id: t2.id }), 400, 'task_scope');
		// done by the one unit left: the task is done, whatever the clock says
		await ok(yuzhong.post(`/api/v1/tasks/${t2.id}/sign`));
		await ok(yuzhong.post(`/api/v1/tasks/${t2.id}/progress`, { percent: 100 }), 201);
		await srv.clockAt('2025-03-09T09:00:00+08:00');
		const done = await ok(office.get(`/api/v1/tasks/${t2.id}`));
		assert.equal(done.done_units, 1);
		assert.equal(done.light, 'green');
		await srv.clockAt(DAY0);
	});

	test('records name the task they carry out: up to its paragraph, and down from the task', async () => {
		const branch = await ok(yuzhong.post('/api/v1/records', { org_id: dzb.id, kind: 'study', date: '2025-03-12', title: '支部主题党日', participants: 7, task_id: s2.id }), 201);
		assert.deepEqual(branch.task, { id: s2.id, title: '支部主题党日学习', paragraph: task.paragraph });
		const street = await ok(yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2025-03-14', title: '街道宣讲', audience: 80, task_id: task.id }), 201);
		assert.equal(street.task.id, task.id);
		const other = await ok(office.post('/api/v1/tasks', { title: '江北专项', due_date: '2025-04-30', units: [qx05.id] }), 201);
		await refused(yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2025-03-12', title: '关联别区任务', task_id: other.id }), 400, 'task_scope');
		const down = await ok(yuzhong.get(`/api/v1/records/${branch.id}`));
		assert.equal(down.task.id, s2.id);
		const sub = await ok(yuzhong.get(`/api/v1/tasks/${task.id}/records?org_id=${qx03.id}&subtree=1`));
		assert.deepEqual(sub.items.map((r) => r.id).sort(), [branch.id, street.id].sort());
		assert.equal((await ok(yuzhong.get(`/api/v1/tasks/${task.id}/records?org_id=${qx03.id}`))).total, 0, 'the district alone has none');
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}/records?org_id=${root.id}&subtree=1`))).total, 2);
		assert.deepEqual((await ok(office.get(`/api/v1/tasks/${s1.id}/records?org_id=${root.id}&subtree=1`))).items.map((r) => r.id), [branch.id]);
		assert.equal((await ok(jiangbei.get(`/api/v1/tasks/${task.id}/records?subtree=1`))).total, 0);
		await refused(jiangbei.get(`/api/v1/tasks/${task.id}/records?org_id=${qx03.id}&subtree=1`), 404);
		const unlinked = await ok(yuzhong.patch(`/api/v1/records/${street.id}`, { task_id: 0 }));
		assert.equal(unlinked.task, null);
		assert.equal((await ok(office.get(`/api/v1/tasks/${task.id}/records?org_id=${root.id}&subtree=1`))).total, 1);
	});
});
