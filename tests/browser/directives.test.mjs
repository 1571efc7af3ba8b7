// 文件: the office pastes the sample 实施意见 into the import form and sees its ten study points beside the
// original, maps an unresolved addressee to a unit, confirms one proposal to every 区县科协 and opens the
// task; a district cannot open another district's directive (404). Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, BASE, launch, PC, PHONE, shoot, SHOTS, signedIn, uniq, unitIdByCode } from './lib.mjs';

const SAMPLE = fs.readFileSync('tests/api/data/shidian_yijian.txt', 'utf8');
let browser, office, campaign, directiveUrl;

before(async () => {
	browser = await launch();
	office = await signedIn(browser, 'office', PC);
	await office.goto(BASE + '/directives');
	campaign = await api(office, 'POST', '/api/v1/campaigns', { org_id: await unitIdByCode(office, 'SKX'), name: uniq('二十大精神学习'), start_date: '2025-01-01', end_date: '2025-12-31' });
});
after(async () => { await browser?.close(); });

test('文件 in the navigation; the office pastes the sample and sees its ten study points', async () => {
	await office.goto(BASE + '/');
	await Promise.all([office.waitForURL(/\/directives$/), office.click('nav.side a:has-text("文件")')]);
	await office.click('a:has-text("导入文件")');
	await office.selectOption('#f-campaign_id', String(campaign.id));
	await office.fill('#f-text', SAMPLE);
	await shoot(office, 'directive-new-1366');
	await Promise.all([office.waitForURL(/\/directives\/\d+$/), office.click('#directive-import button[type=submit]')]);
	directiveUrl = office.url();
	assert.match(await office.textContent('h1'), /实施意见/);
	assert.match(await office.textContent('pre.original'), /各区县科协/);
	const points = await office.locator('.dir-sections li.level-2').allTextContents();
	for (const n of ['（一）', '（五）', '（十）'])
		assert.ok(points.some((p) => p.includes(n)), `study point ${n} in ${points.length} sections`);
	assert.ok((await office.locator('.proposals > li.proposal').count()) >= 4, 'proposed tasks shown');
	const cols = await office.locator('.dir-cols').evaluate((e) => getComputedStyle(e).display);
	assert.equal(cols, 'grid', 'original and parse side by side on a PC');
	await shoot(office, 'directive-page-1366');
	assert.deepEqual(office.errors, []);
});

test('an unresolved addressee is mapped to a unit with its picker', async () => {
	const li = office.locator('ul.addressees li', { hasText: '市科普宣传筹备组' });
	assert.match(await li.textContent(), /未对应单位/);
	const opts = await li.locator('select[name=org_id] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
	const museum = opts.find(([v, t]) => v && t.includes('科技馆')) || opts.find(([v]) => v);
	await li.locator('select[name=org_id]').selectOption(museum[0]);
	await Promise.all([office.waitForURL(/done=mapped/), li.locator('button:has-text("对应")').click()]);
	assert.match(await office.textContent('.notice.ok'), /已对应主送单位/);
	const after = office.locator('ul.addressees li', { hasText: '市科普宣传筹备组' });
	assert.doesNotMatch(await after.textContent(), /未对应单位/);
	assert.match(await after.textContent(), new RegExp(museum[1].trim()));
});

test('a proposal is confirmed to every 区县科协 and becomes a task', async () => {
	const first = office.locator('.proposals > li.proposal').first();
	const title = (await first.locator('h3').textContent()).trim();
	await first.locator('details.confirm summary').click();
	await first.locator('select[name=unit_kind]').selectOption('区县科协');
	await first.locator('details.confirm input[name=due_date]').fill('2025-06-30');
	await Promise.all([office.waitForURL(/done=confirmed/), first.locator('button:has-text("确认下达")').click()]);
	assert.match(await office.textContent('.notice.ok'), /已确认为任务/);
	const link = office.locator('.proposals > li.proposal').first().locator('.confirmed a');
	await Promise.all([office.waitForURL(/\/tasks\/\d+$/), link.click()]);
	assert.equal((await office.textContent('h1')).trim(), title);
	assert.ok((await office.locator('table.task-units tbody tr').count()) >= 20, 'every district');
	await office.goto(BASE + `/directives?campaign_id=${campaign.id}`);
	assert.match(await office.locator('table.directives tbody tr').first().textContent(), /1\/\d+/);
	await shoot(office, 'directives-list-1366');
});

test('a refused form is shown again: the message beside its field, what was typed kept (1366 / 390)', async () => {
	// import: nothing pasted, then a file that is no document — each refused beside its box
	await office.goto(BASE + '/directives/new');
	await office.click('#directive-import button[type=submit]');
	const textRow = office.locator('#directive-import .row', { has: office.locator('#f-text') });
	assert.match(await textRow.locator('.field-error').textContent(), /请粘贴文件全文或选择文件/);
	await office.setInputFiles('#f-file', { name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from([0, 1, 2, 0xff, 0xfe, 0]) });
	await office.click('#directive-import button[type=submit]');
	const fileRow = office.locator('#directive-import .row', { has: office.locator('#f-file') });
	await fileRow.locator('.field-error').waitFor();
	assert.equal(await textRow.locator('.field-error').count(), 0, 'the earlier message is gone');
	assert.equal(await office.getAttribute('#f-file', 'aria-invalid'), 'true');
	await shoot(office, 'directive-import-error-1366');

	// confirm: a due date before the start date comes back with the form open and the typed values
	await office.goto(directiveUrl);
	const li = office.locator('.proposals > li.proposal').nth(1);
	await li.locator('details.confirm summary').click();
	const form = li.locator('details.confirm form');
	await form.locator('input[name=title]').fill('改过的任务名称');
	await form.locator('input[name=start_date]').fill('2025-07-01');
	await form.locator('input[name=due_date]').fill('2025-06-01');
	await form.locator('select[name=unit_kind]').selectOption('区县科协');
	const [resp] = await Promise.all([
		office.waitForResponse((res) => res.url().endsWith('/tasks') && res.request().method() === 'POST'),
		form.locator('button:has-text("确认下达")').click(),
	]);
	assert.equal(resp.status(), 400);
	await office.waitForLoadState();
	assert.match(await office.textContent('.notice.error'), /请按提示修改/);
	const again = office.locator('.proposals > li.proposal').nth(1).locator('details.confirm');
	assert.equal(await again.getAttribute('open'), '', 'the posted form is open');
	const dueRow = again.locator('.row', { has: office.locator('input[name=due_date]') });
	assert.match(await dueRow.locator('.field-error').textContent(), /完成时限不能早于开始日期/);
	assert.equal(await again.locator('input[name=title]').inputValue(), '改过的任务名称');
	assert.equal(await again.locator('input[name=start_date]').inputValue(), '2025-07-01');
	assert.equal(await again.locator('input[name=due_date]').inputValue(), '2025-06-01');
	assert.equal(await again.locator('select[name=unit_kind]').inputValue(), '区县科协');
	assert.equal(await office.locator('details.confirm[open]').count(), 1, 'only that form is open');
	assert.equal(await office.locator('.proposals .confirmed').count(), 1, 'nothing confirmed by the refusal');
	await shoot(office, 'directive-confirm-error-1366');
	await again.screenshot({ path: path.join(SHOTS, 'directive-confirm-error-form-1366.png') });

	// correct: the same on a phone, through the correction form of the same proposal
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(directiveUrl);
	const pli = phone.locator('.proposals > li.proposal').nth(1);
	await pli.locator('details.fix summary').click();
	const fix = pli.locator('details.fix form');
	await fix.locator('input[name=start_date]').fill('2025-09-01');
	await fix.locator('input[name=due_date]').fill('2025-08-01');
	await Promise.all([phone.waitForResponse((res) => res.url().endsWith('/correct')), fix.locator('button[type=submit]').click()]);
	await phone.waitForLoadState();
	const fixed = phone.locator('.proposals > li.proposal').nth(1).locator('details.fix');
	assert.equal(await fixed.getAttribute('open'), '');
	assert.match(await fixed.locator('.field-error').textContent(), /完成时限不能早于开始日期/);
	assert.equal(await fixed.locator('input[name=start_date]').inputValue(), '2025-09-01');
	await fixed.locator('.field-error').scrollIntoViewIfNeeded();
	await shoot(phone, 'directive-correct-error-390');
	await fixed.screenshot({ path: path.join(SHOTS, 'directive-correct-error-form-390.png') });
	await phone.goto(BASE + '/directives/new');
	await phone.click('#directive-import button[type=submit]');
	await phone.locator('#directive-import .field-error').waitFor();
	await shoot(phone, 'directive-import-error-390');

	assert.deepEqual(office.errors, []);
	assert.deepEqual(phone.errors, []);
});

test('coverage: sections × districts, units with none marked in words', async () => {
	await office.goto(directiveUrl + '/coverage');
	assert.ok((await office.locator('table.coverage tbody tr').count()) >= 20);
	const none = office.locator('table.coverage tr.uncovered').first();
	assert.match(await none.textContent(), /未覆盖/);
	await shoot(office, 'directive-coverage-1366');
});

test('coverage on a phone: a card per unit, its total under its name, then the sections it covered named in full', async () => {
	const id = Number(directiveUrl.match(/(\d+)$/)[1]);
	const dir = await api(office, 'GET', `/api/v1/directives/${id}`);
	// Two study points of the same number under different chapters would read alike by number alone.
	const points = dir.sections.filter((s) => s.level === 2);
	const [a, b] = [points[1], points[points.length - 1]];
	const yz = await signedIn(browser, 'yuzhong', PC);
	await yz.goto(BASE + '/records');
	const qx03 = await unitIdByCode(yz, 'QX03');
	await api(yz, 'POST', '/api/v1/records', { org_id: qx03, kind: 'study', campaign_id: campaign.id, date: '2025-06-01', title: '专题学习', participants: 1234, sections: [a.id, b.id] });
	await yz.context().close();

	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(directiveUrl + '/coverage');
	const card = phone.locator('table.coverage tbody tr', { hasText: '渝中区科学技术协会' });
	const box = await card.boundingBox();
	assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the card is on the screen (${JSON.stringify(box)})`);
	const shown = await card.locator('td').evaluateAll((tds) => tds.filter((td) => getComputedStyle(td).display !== 'none')
		.map((td) => [getComputedStyle(td, '::before').content, td.textContent]));
	assert.deepEqual(shown, [
		['none', '渝中区科学技术协会'],
		[`"${a.number}${a.heading}："`, '1 / 1,234'],
		[`"${b.number}${b.heading}："`, '1 / 1,234'],
		['"合计："', '2 / 2,468'],
	], 'the name, the two sections covered, the total; no line for a section not covered');
	const title = await card.locator('td.card-title').boundingBox();
	const total = await card.locator('td[data-label="合计"]').boundingBox();
	assert.ok(total.y >= title.y + title.height - 1 && total.y < (await card.locator(`td[data-label="${a.number}${a.heading}"]`).boundingBox()).y,
		'the total right under the name, the sections after');
	// A unit that covered nothing: its name, 未覆盖 and a total of nothing.
	const none = phone.locator('table.coverage tbody tr.uncovered').first();
	const noneShown = await none.locator('td').evaluateAll((tds) => tds.filter((td) => getComputedStyle(td).display !== 'none').map((td) => td.textContent));
	assert.equal(noneShown.length, 2);
	assert.match(noneShown[0], /未覆盖$/);
	assert.equal(noneShown[1], '0 / 0');
	const wrap = await phone.locator('.table-wrap').evaluate((e) => [e.scrollWidth, e.clientWidth]);
	assert.ok(wrap[0] <= wrap[1], `the coverage holds ${wrap[0]}px in ${wrap[1]}px`);
	await shoot(phone, 'directive-coverage-390');
	assert.deepEqual(phone.errors, []);
	await phone.context().close();

	// An office's width keeps the matrix: a row a unit, a column a section, no names inside the cells.
	await office.goto(directiveUrl + '/coverage');
	const row = office.locator('table.coverage tbody tr', { hasText: '渝中区科学技术协会' });
	const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => [getComputedStyle(td).display, getComputedStyle(td, '::before').content]));
	assert.equal(cells.length, dir.sections.length + 2);
	assert.deepEqual([...new Set(cells.map((c) => c.join(' ')))], ['table-cell none']);
});

test('on a phone the original and the parse stack; a district cannot open another district\'s directive', async () => {
	const own = await signedIn(browser, 'yuzhong_staff', PC);
	await own.goto(BASE + '/directives');
	const doc = await api(own, 'POST', '/api/v1/directives', { campaign_id: campaign.id, text: SAMPLE });
	await own.goto(BASE + `/directives/${doc.id}`);
	assert.match(await own.textContent('h1'), /实施意见/);
	const other = await signedIn(browser, 'jiangbei', PC);
	const r = await other.goto(BASE + `/directives/${doc.id}`);
	assert.equal(r.status(), 404);
	const r2 = await other.goto(BASE + `/directives/${doc.id}/coverage`);
	assert.equal(r2.status(), 404);
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(directiveUrl);
	const cols = await phone.locator('.dir-cols').evaluate((e) => getComputedStyle(e).display);
	assert.equal(cols, 'block', 'stacked on a phone');
	await shoot(phone, 'directive-page-390');
	assert.deepEqual(phone.errors, []);
});
