// directives: a directive imported into a campaign (文件) — its ten study points as sections, corrections kept
// with who made them, addressees resolved and a name mapped by hand remembered for the next import, a proposed
// task confirmed into a task assigned to every district (and not twice), scope, and the syllabus coverage
// (原原本本学) counted from the records that name sections.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, isChineseError, testServer } from './lib.mjs';

const TEXT = fs.readFileSync(path.join(ROOT, 'tests/api/data/shidian_yijian.txt'), 'utf8');
let office, yuzhong, yuzhongStaff, jiangbei;
let root, qx03, qx05, jd01, districts, campaign, doc;

const srv = testServer({ env: { XUANGUAN_NOW: '2025-03-05T09:00:00+08:00' } }, async () => {
	({ office, yuzhong, yuzhongStaff, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'yuzhong_staff', 'jiangbei']));
	({ root, qx03, qx05, jd01 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01']));
	const kids = await office.get(`/api/v1/orgs/${root.id}/children?limit=100`);
	districts = kids.json.items.filter((o) => o.kind === '区县科协' && !o.closed);
	const c = await office.post('/api/v1/campaigns', {
		org_id: root.id,
		name: '学习宣传贯彻党的二十大精神',
		start_date: '2025-01-01',
		end_date: '2025-12-31',
	});
	assert.equal(c.status, 201, c.text);
	campaign = c.json;
});

const importText = (session, text = TEXT, campaignId = campaign.id) =>
	session.post('/api/v1/directives', { campaign_id: campaignId, text });

describe('directives in the system', () => {
	test('the seed-like directive imported: ten study points as sections, proposals, addressees', async () => {
		const r = await importText(office);
		assert.equal(r.status, 201, r.text);
		doc = r.json;
		assert.equal(doc.title, '中共XX市科学技术协会党组关于认真学习宣传贯彻党的二十大精神的实施意见');
		assert.equal(doc.doc_no, 'X科协党组发〔2025〕8号');
		assert.equal(doc.date, '2025-03-01');
		assert.equal(doc.campaign_id, campaign.id);
		assert.equal(doc.original, TEXT);
		const points = doc.sections.filter((s) => s.path.startsWith('二/'));
		assert.equal(points.length, 10);
		assert.equal(points[9].number, '（十）');
		assert.equal(points[9].heading, '深刻领会全面从严治党的战略部署');
		assert.equal(doc.sections.filter((s) => s.path.startsWith('四/')).length, 4);
		const p = doc.tasks.find((t) => t.path === '三/（二）');
		assert.deepEqual(p.subjects, ['各区县科协']);
		assert.equal(p.due_date, '2025-09-30');
		assert.deepEqual([...p.units].sort(), districts.map((d) => d.id).sort());
		assert.equal(p.task_id, null);
		const byName = Object.fromEntries(doc.addressees.map((a) => [a.name, a]));
		assert.equal(byName['各区县科协'].units.length, districts.length);
		assert.equal(byName['市科普宣传筹备组'].resolved, false);
		const list = await office.get(`/api/v1/directives?campaign_id=${campaign.id}`);
		assert.equal(list.status, 200);
		assert.deepEqual(list.json.items.map((d) => d.id), [doc.id]);
	});

	test('an uploaded .txt reads the same; bad input is refused with nothing stored', async () => {
		const before = (await office.get('/api/v1/directives')).json.total;
		const none = await office.request('POST', '/api/v1/directives', {
			body: Buffer.from(TEXT, 'utf8'),
			headers: { 'Content-Type': 'text/plain' },
		});
		assert.equal(none.status, 400, none.text);
		assert.equal(none.json.error.field, 'campaign_id');
		const junk = await office.request('POST', `/api/v1/directives?campaign_id=${campaign.id}&name=a.txt`, {
			body: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]),
			headers: { 'Content-Type': 'application/octet-stream' },
		});
		assert.equal(junk.status, 400, junk.text);
		assert.ok(isChineseError(junk));
		const extra = await office.post('/api/v1/directives', { campaign_id: campaign.id, text: TEXT, title: 'x' });
		assert.equal(extra.status, 400, extra.text);
		assert.equal((await office.get('/api/v1/directives')).json.total, before);
		const up = await office.request('POST', `/api/v1/directives?campaign_id=${campaign.id}&name=yijian.txt`, {
			body: Buffer.from(TEXT, 'utf8'),
			headers: { 'Content-Type': 'text/plain' },
		});
		assert.equal(up.status, 201, up.text);
		assert.equal(up.json.sections.length, doc.sections.length);
	});

	test('corrections are kept with who made them; a part that does not exist is refused', async () => {
		const bad = await office.patch(`/api/v1/directives/${doc.id}`, { section_path: '九/（一）', heading: 'x' });
		assert.equal(bad.status, 400, bad.text);
		assert.equal(bad.json.error.code, 'unknown_section');
		const h = await office.patch(`/api/v1/directives/${doc.id}`, {
			section_path: '二/（二）',
			heading: '深刻领会“两个确立”的决定性意义，增强“四个意识”',
		});
		assert.equal(h.status, 200, h.text);
		assert.equal(h.json.sections.find((s) => s.path === '二/（二）').heading, '深刻领会“两个确立”的决定性意义，增强“四个意识”');
		const idx = doc.tasks.findIndex((t) => t.path === '四/（三）');
		const t = await office.patch(`/api/v1/directives/${doc.id}`, { task: idx, subjects: '各市级学会、市科协学会学术部', due_date: '2025-11-15' });
		assert.equal(t.status, 200, t.text);
		assert.deepEqual(t.json.tasks[idx].subjects, ['各市级学会', '市科协学会学术部']);
		assert.equal(t.json.tasks[idx].due_date, '2025-11-15');
		const parts = t.json.changes.map((c) => [c.part, c.before, c.after, c.by]);
		assert.deepEqual(parts, [
			['sections/二/（二）/heading', '深刻领会“两个确立”的决定性意义', '深刻领会“两个确立”的决定性意义，增强“四个意识”', '陈晓文'],
			[`tasks/${idx}/subjects`, '市级学会', '各市级学会、市科协学会学术部', '陈晓文'],
			[`tasks/${idx}/due_date`, '2025-12-31', '2025-11-15', '陈晓文'],
		]);
		const audit = await srv.login('auditor');
		const log = await audit.get(`/api/v1/audit?action=directive.correct&object_id=${doc.id}`);
		assert.equal(log.status, 200, log.text);
		assert.equal(log.json.total, 2);
		const out = await office.patch(`/api/v1/directives/${doc.id}`, { task: 99, title: 'x' });
		assert.equal(out.status, 400);
		assert.equal(out.json.error.code, 'unknown_task');
		const stale = await office.patch(`/api/v1/directives/${doc.id}`, { task: idx, title: '学术交流', version: 1 });
		assert.equal(stale.status, 409, stale.text);
		assert.equal((await office.get(`/api/v1/directives/${doc.id}`)).json.changes.length, 3);
	});

	test('the page forms answer a refusal with the page again: the form open, the message beside its field, the input kept', async () => {
		const form = (url, fields) => office.request('POST', url, {
			body: new URLSearchParams({ _csrf: office.csrf, ...fields }).toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		const before = (await office.get(`/api/v1/directives/${doc.id}`)).json;
		// the list counts each directive's proposals (none confirmed yet)
		const listed = await office.get(`/directives?campaign_id=${campaign.id}`);
		assert.equal(listed.status, 200);
		assert.match(listed.text, new RegExp(`<td class="num" data-label="建议任务">0/${doc.tasks.length}</td>`));
		// confirm: a due date before the start date
		const c = await form(`/directives/${doc.id}/tasks`, { task: '1', title: '改过的任务名称<b>', start_date: '2025-07-01', due_date: '2025-06-01', unit_kind: '区县科协' });
		assert.equal(c.status, 400, c.text);
		assert.match(c.text, /<div class="notice error"[^>]*>未能保存：请按提示修改标红的项目后再提交。/);
		const opened = c.text.split('<details class="confirm" open>');
		assert.equal(opened.length, 2, 'exactly the posted form is open');
		const posted = opened[1].split('</details>')[0];
		assert.match(posted, /name="task" value="1"/);
		assert.match(posted, /value="改过的任务名称&lt;b&gt;"/, 'what was typed, escaped');
		assert.match(posted, /name="due_date" type="date" value="2025-06-01" required aria-invalid="true" autofocus><p class="field-error" role="alert">完成时限不能早于开始日期<\/p>/);
		assert.match(posted, /<option value="区县科协" selected>/);
		// correct: the same refusal in the correction form of that proposal
		const k = await form(`/directives/${doc.id}/correct`, { task: '1', version: String(before.version), start_date: '2025-09-01', due_date: '2025-08-01' });
		assert.equal(k.status, 400, k.text);
		const fix = k.text.split('<details class="fix" open>');
		assert.equal(fix.length, 2);
		assert.match(fix[1], /name="start_date" type="date" value="2025-09-01"/);
		assert.match(fix[1].split('</details>')[0], /<p class="field-error" role="alert">完成时限不能早于开始日期<\/p>/);
		// map: a unit that does not exist, beside that addressee's picker
		const m = await form(`/directives/${doc.id}/addressees`, { name: '市科普宣传筹备组', org_id: '99999999' });
		assert.equal(m.status, 400, m.text);
		const li = m.text.split('<li>市科普宣传筹备组')[1].split('</li>')[0];
		assert.match(li, /<p class="field-error" role="alert">[^<]+<\/p>/);
		// a stale version names no field of the form: the message itself is the notice
		const stale = await form(`/directives/${doc.id}/correct`, { task: '1', version: String(before.version - 1 || 99), title: '旧版本上的修改' });
		assert.equal(stale.status, 409, stale.text);
		assert.match(stale.text, /<div class="notice error"[^>]*>[^<]*(修改|版本)/);
		assert.match(stale.text, /value="旧版本上的修改"/);
		// nothing was written by any of them
		const after = (await office.get(`/api/v1/directives/${doc.id}`)).json;
		assert.equal(after.version, before.version);
		assert.deepEqual(after.tasks, before.tasks);
		assert.equal((await office.get('/api/v1/tasks')).json.total, 0);
	});

	test('an unresolved addressee mapped by hand is remembered for the next import', async () => {
		const museum = await srv.orgByCode('QX05');
		const m = await office.post(`/api/v1/directives/${doc.id}/addressees`, { name: '市科普宣传筹备组', org_id: museum.id });
		assert.equal(m.status, 200, m.text);
		const a = m.json.addressees.find((x) => x.name === '市科普宣传筹备组');
		assert.equal(a.resolved, true);
		assert.deepEqual(a.units.map((u) => u.id), [museum.id]);
		assert.equal(m.json.changes.at(-1).part, 'addressees/市科普宣传筹备组');
		const again = await office.post(`/api/v1/directives/${doc.id}/addressees`, { name: '市科普宣传筹备组', org_id: museum.id });
		assert.equal(again.status, 400);
		assert.equal(again.json.error.code, 'unknown_addressee');
		const next = await importText(office);
		assert.equal(next.status, 201, next.text);
		const b = next.json.addressees.find((x) => x.name === '市科普宣传筹备组');
		assert.equal(b.resolved, true);
		assert.deepEqual(b.units.map((u) => u.id), [museum.id]);
		// A district's own import does not use the city's mapping (it is the city's word for a unit).
		const c = await yuzhongStaff.post('/api/v1/campaigns', { org_id: qx03.id, name: '渝中专项', start_date: '2025-01-01', end_date: '2025-12-31' });
		const own = await importText(yuzhongStaff, TEXT, c.status === 201 ? c.json.id : campaign.id);
		assert.equal(own.status, 201, own.text);
		assert.equal(own.json.addressees.find((x) => x.name === '市科普宣传筹备组').resolved, false);
	});

	test('a proposal confirmed into a task assigned to every district; not twice; a missing index refused', async () => {
		const idx = doc.tasks.findIndex((t) => t.path === '三/（二）');
		const r = await office.post(`/api/v1/directives/${doc.id}/tasks`, { task: idx });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.units, districts.length);
		assert.equal(r.json.due_date, '2025-09-30');
		assert.equal(r.json.section_path, '三/（二）');
		assert.equal(r.json.campaign_id, campaign.id);
		const units = await office.get(`/api/v1/tasks/${r.json.id}/units?limit=100`);
		assert.deepEqual(units.json.items.map((u) => u.org_id).sort(), districts.map((d) => d.id).sort());
		const twice = await office.post(`/api/v1/directives/${doc.id}/tasks`, { task: idx });
		assert.equal(twice.status, 409, twice.text);
		const missing = await office.post(`/api/v1/directives/${doc.id}/tasks`, { task: 50 });
		assert.equal(missing.status, 400);
		assert.equal(missing.json.error.code, 'unknown_task');
		const edited = await office.post(`/api/v1/directives/${doc.id}/tasks`, {
			task: doc.tasks.findIndex((t) => t.path === '四/（二）'),
			title: '建设科普教育基地',
			due_date: '2025-10-15',
			units: [qx03.id, qx05.id],
		});
		assert.equal(edited.status, 201, edited.text);
		assert.equal(edited.json.units, 2);
		assert.equal(edited.json.title, '建设科普教育基地');
		const seen = (await office.get(`/api/v1/directives/${doc.id}`)).json;
		assert.equal(seen.tasks[idx].task_id, r.json.id);
		assert.equal((await office.get('/api/v1/tasks')).json.total, 2);
		const listed = await office.get(`/directives?campaign_id=${campaign.id}`);
		assert.match(listed.text, new RegExp(`<td class="num" data-label="建议任务">2/${doc.tasks.length}</td>`), 'the list counts the confirmed');
	});

	test('scope: a district reads the city directive but cannot change it; another district never sees a district one', async () => {
		assert.equal((await yuzhong.get(`/api/v1/directives/${doc.id}`)).status, 200);
		const change = await yuzhongStaff.patch(`/api/v1/directives/${doc.id}`, { section_path: '二/（一）', heading: '改' });
		assert.equal(change.status, 403, change.text);
		const confirm = await yuzhongStaff.post(`/api/v1/directives/${doc.id}/tasks`, { task: 0 });
		assert.equal(confirm.status, 403);
		assert.equal((await yuzhong.patch(`/api/v1/directives/${doc.id}`, { section_path: '二/（一）', heading: '改' })).status, 403);
		const mine = (await yuzhongStaff.get('/api/v1/directives')).json.items.find((d) => d.org_id === qx03.id);
		assert.ok(mine);
		assert.equal((await jiangbei.get(`/api/v1/directives/${mine.id}`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/directives/${mine.id}/coverage`)).status, 404);
		assert.ok(!(await jiangbei.get('/api/v1/directives')).json.items.some((d) => d.id === mine.id));
		assert.equal((await office.get(`/api/v1/directives/${doc.id}`)).json.sections.find((s) => s.path === '二/（一）').heading, '深刻领会过去5年工作和新时代10年伟大变革的重大意义');
	});

	test('coverage counts the records that name sections; deleted ones do not count; a district sees its subtree', async () => {
		const s1 = doc.sections.find((s) => s.path === '二/（一）').id;
		const s2 = doc.sections.find((s) => s.path === '二/（二）').id;
		const rec = (org, title, sections, participants) =>
			yuzhong.post('/api/v1/records', { org_id: org, kind: 'study', date: '2025-03-04', title, campaign_id: campaign.id, participants, sections });
		const a = await rec(qx03.id, '中心组学习', [s1, s2], 12);
		assert.equal(a.status, 201, a.text);
		const b = await rec(jd01.id, '街道支部学习', [s1], 8);
		assert.equal(b.status, 201, b.text);
		const gone = await rec(qx03.id, '将删除的学习', [s2], 100);
		assert.equal(gone.status, 201, gone.text);
		assert.equal((await yuzhong.request('DELETE', `/api/v1/records/${gone.json.id}`, { json: { reason: '重复' } })).status, 200);
		const wrong = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2025-03-04', title: 'x', sections: [s1] });
		assert.equal(wrong.status, 400);
		assert.equal(wrong.json.error.code, 'section_campaign');
		const cov = await office.get(`/api/v1/directives/${doc.id}/coverage`);
		assert.equal(cov.status, 200, cov.text);
		const row = cov.json.units.find((u) => u.id === qx03.id);
		assert.equal(row.records, 3);
		assert.deepEqual(row.sections.map((c) => [c.section_id, c.records, c.participants]), [
			[s1, 2, 20],
			[s2, 1, 12],
		]);
		assert.ok(!cov.json.uncovered.some((u) => u.id === qx03.id));
		assert.ok(cov.json.uncovered.some((u) => u.id === qx05.id));
		assert.equal(cov.json.uncovered.length, cov.json.units.length - 1);
		const mine = await yuzhong.get(`/api/v1/directives/${doc.id}/coverage`);
		assert.equal(mine.status, 200);
		assert.equal(mine.json.org.id, qx03.id);
		assert.deepEqual(mine.json.units.find((u) => u.id === jd01.id).sections.map((c) => c.records), [1]);
		assert.equal((await yuzhong.get(`/api/v1/directives/${doc.id}/coverage?org_id=${root.id}`)).status, 404);
	});

	test('a unit never sends a directive to itself: a district importing 各区县科协 resolves it to none of its subtree', async () => {
		const own = await importText(yuzhongStaff);
		assert.equal(own.status, 201, own.text);
		assert.equal(own.json.org_id, qx03.id);
		const a = own.json.addressees.find((x) => x.name === '各区县科协');
		assert.equal(a.resolved, false);
		assert.deepEqual(a.units, []);
		assert.deepEqual(own.json.tasks.find((t) => t.path === '三/（二）').units, []);
		// The city's import of the same words reaches every district (the first test).
		assert.equal(doc.addressees.find((x) => x.name === '各区县科协').units.length, districts.length);
	});
});
