// Logging in and out, what each role sees in the navigation, and the auditor's log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, PASSWORD, launch, login, newPage } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the login page is Chinese, and a wrong password keeps the name and says why', async () => {
	const page = await newPage(browser);
	await page.goto(BASE + '/login');
	assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
	assert.match(await page.title(), /登录/);
	await page.fill('#f-username', 'office');
	await page.fill('#f-password', 'wrong-password');
	await page.click('button[type=submit]');
	await page.waitForSelector('.notice.error');
	assert.match(await page.textContent('.notice.error'), /[\u4e00-\u9fff]/);
	assert.equal(await page.inputValue('#f-username'), 'office');
	assert.equal(await page.inputValue('#f-password'), '');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('office logs in to the dashboard, sees its unit and role, and logs out', async () => {
	const page = await newPage(browser);
	await login(page, 'office');
	assert.equal(new URL(page.url()).pathname, '/');
	assert.equal(await page.textContent('h1'), '工作台');
	const top = await page.textContent('header.top');
	assert.match(top, /陈晓文/);
	assert.match(top, /工作人员/);
	// The dashboard of the unit; its member total is shown with thousands separators.
	assert.ok(await page.locator('.dash-cards').isVisible());
	assert.match(await page.textContent('.dash-size'), /成员合计 \d{1,3}(,\d{3})+ 人/);
	await page.click('.logout button');
	await page.waitForURL(/\/login$/);
	await page.goto(BASE + '/');
	assert.match(page.url(), /\/login$/, 'after logging out the dashboard asks for a login again');
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('a login from /login?next= goes back to that page, and never to another site', async () => {
	const page = await newPage(browser);
	await page.goto(BASE + '/login?next=' + encodeURIComponent('/orgs?q=QX03'));
	await page.fill('#f-username', 'office');
	await page.fill('#f-password', PASSWORD);
	await page.click('button[type=submit]');
	await page.waitForURL(/\/orgs\?q=QX03$/);
	await page.context().close();

	const other = await newPage(browser);
	await other.goto(BASE + '/login?next=' + encodeURIComponent('//example.com/x'));
	await other.fill('#f-username', 'office');
	await other.fill('#f-password', PASSWORD);
	await other.click('button[type=submit]');
	await other.waitForLoadState();
	assert.equal(new URL(other.url()).origin, BASE);
	assert.equal(new URL(other.url()).pathname, '/');
	await other.context().close();
});

test('each role sees only the navigation it may use', async () => {
	const expect = {
		office: { has: ['工作台', '单位查询', '用户管理'], not: ['审计日志', '安全策略'] },
		yuzhong: { has: ['工作台', '单位查询'], not: ['用户管理', '审计日志', '安全策略'] },
		auditor: { has: ['工作台', '审计日志'], not: ['单位查询', '用户管理', '安全策略', '文件'] },
		secadmin: { has: ['安全策略'], not: ['审计日志', '文件'] },
		admin: { has: ['用户管理', '角色'], not: ['审计日志', '安全策略'] },
	};
	for (const [user, want] of Object.entries(expect)) {
		const page = await newPage(browser);
		await login(page, user);
		const nav = await page.textContent('nav.side');
		for (const label of want.has) assert.ok(nav.includes(label), `${user} should see ${label}`);
		for (const label of want.not) assert.ok(!nav.includes(label), `${user} should not see ${label}`);
		await page.context().close();
	}
});

test('the auditor reads the audit log, with the logins of the tests before', async () => {
	const page = await newPage(browser);
	await login(page, 'auditor');
	await page.click('nav.side >> text=审计日志');
	await page.waitForURL(/\/audit$/);
	const headers = await page.locator('table.audit > thead th').allTextContents();
	assert.deepEqual(headers, ['时间', '操作人', '地址', '操作', '对象', '摘要']);
	assert.ok((await page.locator('table.audit tbody tr').count()) > 0);
	assert.match(await page.textContent('table.audit tbody'), /登录成功/);
	// The failed login of the first test is there too.
	await page.selectOption('#f-action', 'login.fail');
	await page.click('form.filters button[type=submit]');
	await page.waitForURL(/action=login\.fail/);
	assert.match(await page.textContent('table.audit tbody'), /登录失败/);
	assert.doesNotMatch(await page.textContent('table.audit tbody'), /登录成功/);
	await page.context().close();

	// Nobody else may read it.
	const office = await newPage(browser);
	await login(office, 'office');
	const res = await office.goto(BASE + '/audit');
	assert.equal(res.status(), 403);
	await office.context().close();
});
