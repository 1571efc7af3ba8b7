// The organisation tree: browsing it, the walls between sibling districts, and the unit forms.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, launch, login, newPage, signedIn, uniq, unitIdByCode } from './lib.mjs';

let browser, office, jiangbeiId, yuzhongId;
before(async () => {
	browser = await launch();
	office = await signedIn(browser, 'office');
	jiangbeiId = await unitIdByCode(office, 'QX05');
	yuzhongId = await unitIdByCode(office, 'QX03');
});
after(async () => { await browser?.close(); });

test('office browses from the top down to a district, with its breadcrumb and children', async () => {
	await office.goto(BASE + '/');
	await office.click('nav.side >> text=本单位及下级');
	assert.match(await office.textContent('h1'), /科学技术协会|科协/);
	const rows = office.locator('table.list tbody tr');
	assert.ok((await rows.count()) >= 20, 'the top unit lists a page of children');
	// Member counts sit in right-aligned number cells.
	const align = await office.locator('table.list td.num').first().evaluate((td) => getComputedStyle(td).textAlign);
	assert.equal(align, 'right');
	await office.goto(BASE + '/orgs/' + yuzhongId);
	assert.equal(await office.textContent('h1'), '渝中区科学技术协会');
	const crumbs = await office.locator('nav.crumbs li').allTextContents();
	assert.ok(crumbs.length >= 2);
	assert.equal(crumbs.at(-1), '渝中区科学技术协会');
	// The breadcrumb leads back up.
	await office.click('nav.crumbs li >> nth=0 >> a');
	assert.equal(new URL(office.url()).pathname, `/orgs/${await topId()}`);
	assert.deepEqual(office.errors, []);
});

test('long lists page by 20, 50 or 100', async () => {
	await office.goto(BASE + '/orgs/' + (await topId()));
	const rows = office.locator('table.list').first().locator('tbody tr');
	assert.equal(await rows.count(), 20);
	const first = await rows.first().textContent();
	assert.match(await office.textContent('nav.pager'), /第 1 \/ \d+ 页/);
	await office.click('nav.pager >> text=下一页');
	await office.waitForURL(/offset=20/);
	assert.equal(await rows.count(), 20);
	assert.notEqual(await rows.first().textContent(), first);
	assert.match(await office.textContent('nav.pager'), /第 2 \//);
	await office.click('nav.pager .sizes >> text=50');
	await office.waitForURL(/limit=50&offset=0/);
	assert.equal(await rows.count(), 50);
	// The search keeps its keyword across pages.
	await office.goto(BASE + '/orgs?q=' + encodeURIComponent('学会'));
	await office.click('nav.pager >> text=下一页');
	await office.waitForURL(/q=%E5%AD%A6%E4%BC%9A&limit=20&offset=20/);
	assert.equal(await office.inputValue('#f-q'), '学会');
});

async function topId() {
	const href = await office.locator('nav.side a', { hasText: '本单位及下级' }).getAttribute('href');
	return Number(href.split('/').pop());
}

test('yuzhong cannot open jiangbei\'s unit (404, as if it did not exist), nor find it', async () => {
	const page = await signedIn(browser, 'yuzhong');
	const res = await page.goto(BASE + '/orgs/' + jiangbeiId);
	assert.equal(res.status(), 404);
	assert.match(await page.textContent('main'), /不存在/);
	const missing = await page.goto(BASE + '/orgs/99999999');
	assert.equal(missing.status(), 404);
	assert.equal(await page.textContent('main'), await page.textContent('main'), 'same page for missing');

	for (const q of ['QX05', '江北']) {
		await page.goto(BASE + '/orgs?q=' + encodeURIComponent(q));
		assert.equal(await page.locator('table.list tbody tr').count(), 0, `search ${q} lists nothing`);
		assert.match(await page.textContent('.count'), / 0 个单位/);
	}
	// Searching finds their own unit, without naming the unit above it.
	await page.goto(BASE + '/orgs?q=QX03');
	assert.ok((await page.locator('table.list tbody tr').count()) >= 1);
	assert.doesNotMatch(await page.textContent('table.list'), /市科学技术协会|重庆市科学技术协会/);
	// Their own unit opens, and its breadcrumb starts at their own unit: nothing above is named.
	await page.goto(BASE + '/orgs/' + yuzhongId);
	assert.equal(await page.locator('nav.crumbs').count(), 0, 'no trail above their own unit');
	await page.goto(BASE + '/orgs/' + yuzhongId + '?limit=50');
	const child = page.locator('table.list tbody a').first();
	const childName = await child.textContent();
	await child.click();
	const crumbs = await page.locator('nav.crumbs li').allTextContents();
	assert.deepEqual(crumbs, ['渝中区科学技术协会', childName], 'the trail starts at their own unit');
	assert.doesNotMatch(await page.textContent('main'), /重庆市科学技术协会/);
	// A reporter changes nothing: no edit button, and the form answers 403.
	assert.equal(await page.locator('a', { hasText: '编辑' }).count(), 0);
	const edit = await page.goto(BASE + '/orgs/' + yuzhongId + '/edit');
	assert.equal(edit.status(), 403);
	await page.context().close();
});

test('a unit named <script>alert(1)</script> is stored and shown as text', async () => {
	const dialogs = [];
	office.on('dialog', (d) => dialogs.push(d.message()));
	for (const name of ['<script>alert(1)</script>', "'); DROP TABLE x; --"]) {
		await office.goto(BASE + '/orgs/' + yuzhongId + '/new');
		await office.fill('#f-name', name);
		await office.fill('#f-code', uniq('T'));
		await office.selectOption('#f-kind', '乡镇街道科协');
		await office.fill('#f-members', '12345');
		await office.click('form.form button.primary');
		await office.waitForURL(/done=created/);
		assert.equal(await office.textContent('h1'), name);
		assert.match(await office.textContent('.notice.ok'), /已新增/);
		assert.match(await office.textContent('dl.info'), /12,345/);
		await office.goto(BASE + '/orgs/' + yuzhongId + '?limit=100');
		assert.ok((await office.locator('table.list td a', { hasText: name }).count()) >= 1);
	}
	assert.deepEqual(dialogs, [], 'no script ran');
	assert.deepEqual(office.errors, []);
});

test('the new unit form keeps what was typed and says in Chinese what is wrong, next to the field', async () => {
	await office.goto(BASE + '/orgs/' + yuzhongId + '/new');
	await office.fill('#f-name', '测试单位保留输入');
	await office.fill('#f-code', 'QX05'); // taken by 江北区
	await office.selectOption('#f-kind', '乡镇街道科协');
	await office.click('form.form button.primary');
	await office.waitForSelector('.field-error');
	assert.match(await office.textContent('.field-error'), /编码/);
	assert.equal(await office.inputValue('#f-name'), '测试单位保留输入');
	assert.equal(await office.inputValue('#f-code'), 'QX05');
	assert.equal(await office.inputValue('#f-kind'), '乡镇街道科协');
	// The message sits in the code's row.
	assert.equal(await office.locator('.row:has(#f-code) .field-error').count(), 1);
});

test('a unit with open children is not offered for closing: the page says why', async () => {
	await office.goto(BASE + '/orgs/' + yuzhongId + '/edit');
	await office.click('.danger-zone button');
	await office.waitForSelector('.notice.error');
	assert.match(await office.textContent('.notice.error'), /下级单位/);
	assert.equal(await office.locator('form.confirm').count(), 0);
	await office.goto(BASE + '/orgs/' + yuzhongId);
	assert.doesNotMatch(await office.textContent('dl.info'), /已撤销/);
});

test('closing a unit asks once, naming it, and can be undone', async () => {
	const code = uniq('C');
	await office.goto(BASE + '/orgs/' + yuzhongId + '/new');
	await office.fill('#f-name', '待撤销测试单位');
	await office.fill('#f-code', code);
	await office.selectOption('#f-kind', '其他');
	await office.click('form.form button.primary');
	await office.waitForURL(/done=created/);
	const id = new URL(office.url()).pathname.split('/').pop();
	await office.goto(BASE + `/orgs/${id}/edit`);
	await office.click('.danger-zone button');
	await office.waitForSelector('.notice.warn');
	assert.match(await office.textContent('.notice.warn'), /待撤销测试单位/);
	await office.click('form.confirm button.danger');
	await office.waitForURL(/done=closed/);
	assert.match(await office.textContent('dl.info'), /已撤销/);
	await office.goto(BASE + `/orgs/${id}/edit`);
	await office.click('.danger-zone button');
	await office.waitForURL(/done=reopened/);
	assert.doesNotMatch(await office.textContent('dl.info'), /已撤销/);
});

test('error pages never echo what was asked', async () => {
	const res = await office.goto(BASE + '/orgs/' + encodeURIComponent('<b>x</b>alert(2)'));
	assert.equal(res.status(), 404);
	const main = await office.textContent('main');
	assert.doesNotMatch(main, /alert|<b>/);
	assert.match(main, /不存在/);
	const bad = await office.goto(BASE + '/orgs?limit=' + encodeURIComponent('<i>7</i>'));
	assert.equal(bad.status(), 400);
	assert.doesNotMatch(await office.textContent('main'), /<i>/);
});

test('the auditor sees the new units before and after, as text, field by field', async () => {
	const page = await newPage(browser);
	const dialogs = [];
	page.on('dialog', (d) => dialogs.push(d.message()));
	await login(page, 'auditor');
	await page.goto(BASE + '/audit?action=org.create&actor=office');
	const row = page.locator('table.audit tbody tr', { hasText: '<script>alert(1)</script>' }).first();
	await row.locator('summary').click();
	const kv = row.locator('table.kv');
	assert.match(await kv.textContent(), /单位名称<script>alert\(1\)<\/script>/);
	assert.match(await kv.textContent(), /成员数12345/);
	await page.goto(BASE + '/audit?action=org.close');
	const closed = page.locator('table.audit tbody tr', { hasText: '待撤销测试单位' }).first();
	await closed.locator('summary').click();
	assert.equal(await closed.locator('table.kv tr.changed').count(), 1, 'only 已撤销 changed');
	assert.match(await closed.locator('table.kv tr.changed').textContent(), /已撤销否是/);
	assert.deepEqual(dialogs, []);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});
