// 任务: the office assigns a task with the form, a district signs for it and reports progress (a wrong
// percent is said beside its box, what was typed kept), the list's light filter, lights as badges with
// words, the matrix (transposed on a phone), the overdue list, and the timeline printed on A4 landscape
// 30 tasks to a page. Screenshots at 1366 and 390 px, and the timeline's PDF, in build/browser-shots.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, BASE, day, launch, PC, PHONE, shoot, SHOTS, signedIn, unitIdByCode } from './lib.mjs';

let browser, office, yuzhong, qx03, qx05, root, camp;

before(async () => {
	browser = await launch();
	office = await signedIn(browser, 'office', PC);
	yuzhong = await signedIn(browser, 'yuzhong', PC);
	qx03 = await unitIdByCode(office, 'QX03');
	qx05 = await unitIdByCode(office, 'QX05');
	root = await unitIdByCode(office, 'SKX');
	await office.goto(BASE + '/tasks');
	// The views are read through this test's own campaign: other test files share the server and assign
	// tasks of their own.
	camp = (await api(office, 'POST', '/api/v1/campaigns', { org_id: root, name: `任务视图测试${Date.now()}`, start_date: day(-60), end_date: day(120) })).id;
	await api(office, 'POST', '/api/v1/tasks', { title: '报送学习计划（已逾期）', campaign_id: camp, due_date: day(-3), start_date: day(-20), lead_unit: qx03, units: [qx05] });
	await api(office, 'POST', '/api/v1/tasks', { title: '专题宣讲（临期）', campaign_id: camp, due_date: day(2), start_date: day(-10), units: [qx03] });
	// Enough tasks of 渝中区 for a second printed page of its timeline.
	for (let i = 1; i <= 31; i++)
		await api(office, 'POST', '/api/v1/tasks', { title: `分解任务 ${String(i).padStart(2, '0')}`, campaign_id: camp, start_date: day(-30 + i), due_date: day(i * 3), units: [qx03] });
});
after(async () => { await browser?.close(); });

test('the office assigns a task to every district with the form', async () => {
	await office.goto(BASE + '/tasks/new');
	await office.fill('#f-title', '组织开展专题学习');
	await office.fill('#f-paragraph', '各区县科协要组织开展专题学习，确保全覆盖。');
	await office.fill('#f-start_date', day(-1));
	await office.fill('#f-due_date', day(20));
	await office.selectOption('#f-unit_kind', '区县科协');
	await shoot(office, 'tasks-new-1366');
	await Promise.all([office.waitForURL(/\/tasks\/\d+\?done=created/), office.click('form.form button[type=submit]')]);
	assert.match(await office.textContent('.notice.ok'), /已下达任务/);
	assert.equal(await office.textContent('h1'), '组织开展专题学习');
	assert.ok((await office.locator('table.task-units tbody tr').count()) >= 20, 'every district, paged by 20');
	assert.ok(await office.locator('nav.pager').isVisible());
	await shoot(office, 'task-page-office-1366');
	assert.deepEqual(office.errors, []);
});

test('the list: lights as badges with words, filtered by light', async () => {
	await yuzhong.goto(BASE + '/tasks');
	assert.ok(await yuzhong.locator('nav.side a[href="/tasks"]').isVisible(), '任务 in the navigation');
	const red = yuzhong.locator('table.tasks tr', { hasText: '报送学习计划（已逾期）' }).locator('.light');
	assert.equal(await red.textContent(), '红·逾期');
	assert.match(await red.getAttribute('class'), /light-red/);
	assert.equal(await yuzhong.locator('table.tasks tr', { hasText: '专题宣讲（临期）' }).locator('.light').textContent(), '黄·临期');
	await shoot(yuzhong, 'tasks-list-1366');
	await yuzhong.selectOption('#f-light', 'red');
	await Promise.all([yuzhong.waitForURL(/light=red/), yuzhong.click('form.filters button[type=submit]')]);
	const lights = await yuzhong.locator('table.tasks .light').allTextContents();
	assert.ok(lights.length >= 1 && lights.every((l) => l === '红·逾期'), lights.join());
	const phone = await signedIn(browser, 'yuzhong', PHONE);
	await phone.goto(BASE + '/tasks');
	const width = await phone.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 390, `the page fits the phone (${width})`);
	await shoot(phone, 'tasks-list-390');
	await phone.context().close();
});

test('a district signs for its task and reports progress; a wrong percent is said beside its box', async () => {
	await yuzhong.goto(BASE + '/tasks?light=yellow');
	await yuzhong.click('table.tasks a:has-text("专题宣讲（临期）")');
	await Promise.all([yuzhong.waitForURL(/done=signed/), yuzhong.click('section.work button:has-text("签收")')]);
	assert.match(await yuzhong.textContent('.notice.ok'), /已签收/);
	await yuzhong.fill('#f-percent', '150');
	await yuzhong.fill('#f-text', '已召开中心组学习会');
	await yuzhong.click('section.work button:has-text("报送进展")');
	assert.match(await yuzhong.textContent('.field-error'), /0 到 100/);
	assert.equal(await yuzhong.inputValue('#f-text'), '已召开中心组学习会', 'what was typed is kept');
	await yuzhong.fill('#f-percent', '60');
	await yuzhong.fill('#f-milestone', '中心组学习');
	await yuzhong.fill('#f-problems', '部分街道场地不足');
	await yuzhong.fill('#f-help_needed', '请市科协协调宣讲团');
	await Promise.all([yuzhong.waitForURL(/done=reported/), yuzhong.click('section.work button:has-text("报送进展")')]);
	const report = await yuzhong.textContent('ol.reports');
	assert.match(report, /完成 60%：已召开中心组学习会/);
	assert.match(report, /节点：中心组学习/);
	assert.match(report, /问题：部分街道场地不足/);
	assert.match(report, /需要的支持：请市科协协调宣讲团/);
	// A sign-in sheet attached to the report through its own upload control.
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);
	const first = yuzhong.locator('ol.reports li').first();
	await first.locator('input[type=file]').setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: png });
	await Promise.all([yuzhong.waitForLoadState('load'), first.locator('form.evidence-upload button[type=submit]').click()]);
	await yuzhong.waitForSelector('ol.reports li .evidence-list');
	assert.match(await yuzhong.locator('ol.reports li').first().textContent(), /签到表\.png/);
	await shoot(yuzhong, 'task-page-1366');
	const phone = await signedIn(browser, 'yuzhong', PHONE);
	await phone.goto(yuzhong.url());
	await shoot(phone, 'task-page-390');
	await phone.context().close();
	assert.deepEqual(yuzhong.errors, []);
});

test('the matrix: rows tasks and columns districts on a PC, transposed on a phone', async () => {
	await office.goto(`${BASE}/tasks/matrix?org_id=${root}`);
	const wide = office.locator('.matrix-wide');
	assert.ok(await wide.isVisible());
	assert.ok(!(await office.locator('.matrix-tall').isVisible()));
	const row = wide.locator('tr', { hasText: '报送学习计划（已逾期）' });
	assert.ok((await row.locator('.light-red').count()) === 2, 'its two districts are red');
	assert.ok((await row.locator('.light-red').first().textContent()) === '红');
	assert.ok(await wide.locator('th.unit', { hasText: '渝中区' }).isVisible());
	const href = await office.locator('a.export').getAttribute('href');
	assert.equal(href, `/api/v1/tasks/matrix.xlsx?org_id=${root}`);
	assert.equal((await office.request.get(BASE + href)).status(), 200);
	await shoot(office, 'tasks-matrix-1366');
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(`${BASE}/tasks/matrix?org_id=${root}`);
	assert.ok(await phone.locator('.matrix-tall').isVisible());
	assert.ok(!(await phone.locator('.matrix-wide').isVisible()));
	await shoot(phone, 'tasks-matrix-390');
	await phone.context().close();
});

test('the overdue list: the late assignments with their days, oldest first', async () => {
	await office.goto(`${BASE}/tasks/overdue?org_id=${root}&campaign_id=${camp}`);
	const rows = office.locator('table.overdue tbody tr');
	assert.equal(await rows.count(), 2);
	assert.match(await rows.first().textContent(), /报送学习计划（已逾期）.*3 天/);
	await shoot(office, 'tasks-overdue-1366');
	await yuzhong.goto(`${BASE}/tasks/overdue?campaign_id=${camp}`);
	assert.equal(await yuzhong.locator('table.overdue tbody tr').count(), 1, 'a district sees its own');
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(`${BASE}/tasks/overdue?org_id=${root}&campaign_id=${camp}`);
	await shoot(phone, 'tasks-overdue-390');
	await phone.context().close();
});

test('the timeline: a bar per task, today marked, printed 30 tasks to an A4 landscape page', async () => {
	await yuzhong.goto(`${BASE}/tasks/timeline?campaign_id=${camp}`);
	const n = await yuzhong.locator('table.gantt tbody tr').count();
	assert.equal(n, 33, 'the 31 steps, the late and the near task of this campaign');
	assert.equal(await yuzhong.locator('.gantt-page').count(), 2);
	assert.equal(await yuzhong.locator('table.gantt line.today').count(), n);
	assert.ok(await yuzhong.locator('table.gantt rect.bar-red').count() >= 1);
	await shoot(yuzhong, 'tasks-timeline-1366');
	await yuzhong.emulateMedia({ media: 'print' });
	await shoot(yuzhong, 'tasks-timeline-print');
	const pdf = await yuzhong.pdf({ path: path.join(SHOTS, 'tasks-timeline.pdf'), preferCSSPageSize: true, printBackground: true });
	await yuzhong.emulateMedia({ media: 'screen' });
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
	assert.equal(pages, 2, '33 tasks: 30 on the first page, 3 on the second');
	const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
	assert.ok(box && Number(box[1]) > Number(box[2]), `landscape (${box && box.slice(1)})`);
	assert.ok(Math.abs(Number(box[1]) - 842) < 2, 'A4 is 842 points wide in landscape');
	const phone = await signedIn(browser, 'yuzhong', PHONE);
	await phone.goto(`${BASE}/tasks/timeline?campaign_id=${camp}`);
	await shoot(phone, 'tasks-timeline-390');
	await phone.context().close();
	assert.deepEqual(yuzhong.errors, []);
});
