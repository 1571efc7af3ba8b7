// Accounts and security: creating an account through the form, a lock-out the secadmin lifts, and its trail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, launch, login, newPage, PASSWORD, signedIn, uniq } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('office creates an account: roles limited to its own, a weak password refused beside the field', async () => {
	const page = await signedIn(browser, 'office');
	await page.goto(BASE + '/users/new');
	const roles = await page.locator('#f-role option').allTextContents();
	assert.ok(roles.includes('联络员'));
	for (const admin of ['系统管理员', '安全管理员', '安全审计员'])
		assert.ok(!roles.includes(admin), `staff may not give ${admin}`);
	const username = uniq('u').toLowerCase();
	await page.fill('#f-username', username);
	await page.fill('#f-display_name', '测试用户');
	await page.selectOption('#f-role', 'reporter');
	await page.fill('#f-password', 'short');
	await page.click('form.form button.primary');
	await page.waitForSelector('.row:has(#f-password) .field-error');
	assert.match(await page.textContent('.field-error'), /密码/);
	assert.equal(await page.inputValue('#f-username'), username);
	assert.equal(await page.inputValue('#f-display_name'), '测试用户');
	assert.equal(await page.inputValue('#f-role'), 'reporter');

	await page.fill('#f-password', 'Xg-Test-2026!');
	await page.click('form.form button.primary');
	await page.waitForURL(/done=created/);
	assert.match(await page.textContent('.notice.ok'), /已新增用户/);
	assert.match(await page.textContent('dl.info'), new RegExp(username));
	// Disabling asks once, naming the account; enabling needs no question.
	const asked = [];
	page.on('dialog', (d) => asked.push(d.message()));
	await page.click('.danger-zone button.danger');
	await page.waitForURL(/done=disabled/);
	assert.equal(asked.length, 1);
	assert.match(asked[0], new RegExp('测试用户.*' + username));
	assert.match(await page.textContent('dl.info'), /已停用/);
	await page.click('.danger-zone button');
	await page.waitForURL(/done=enabled/);
	assert.doesNotMatch(await page.textContent('dl.info'), /已停用/);
	assert.equal(asked.length, 1);
	await page.goto(BASE + '/users?q=' + username);
	assert.equal(await page.locator('table.list tbody tr').count(), 1);
	// The unit filter narrows as one types; the list then shows that unit's accounts only.
	await page.goto(BASE + '/users');
	await page.fill('.pick-filter', '渝中区科学技术协会');
	await page.click('form.filters button.primary');
	await page.waitForURL(/org_id=\d+/);
	const units = await page.locator('table.list tbody td:nth-child(4)').allTextContents();
	assert.ok(units.length >= 1);
	assert.ok(units.every((u) => u === '渝中区科学技术协会'), units.join());
	await page.context().close();
});

test('repeated wrong passwords lock the account; the secadmin lifts the lock; the auditor sees both', async () => {
	const page = await newPage(browser);
	let locked = false;
	for (let i = 0; i < 6 && !locked; i++) {
		await page.goto(BASE + '/login');
		await page.fill('#f-username', 'jiangbei');
		await page.fill('#f-password', 'not-the-password');
		await page.click('button[type=submit]');
		await page.waitForSelector('.notice.error');
		locked = /锁定/.test(await page.textContent('.notice.error'));
	}
	assert.ok(locked, 'the account is locked after repeated failures');
	// Even the right password is refused while locked.
	await page.fill('#f-password', PASSWORD);
	await page.click('button[type=submit]');
	await page.waitForSelector('.notice.error');
	assert.match(page.url(), /\/login/);
	// Others on the same address still log in: the lock is on the account, not on them.
	const other = await signedIn(browser, 'yuzhong');
	await other.context().close();

	const sec = await signedIn(browser, 'secadmin');
	await sec.goto(BASE + '/security');
	const row = sec.locator('table.list tbody tr', { hasText: 'jiangbei' });
	assert.equal(await row.count(), 1);
	const asked = [];
	sec.on('dialog', (d) => asked.push(d.message()));
	await row.locator('button', { hasText: '解除锁定' }).click(); // the confirm dialog is accepted
	await sec.waitForURL(/done=unlocked/);
	assert.equal(await sec.locator('table.list tbody tr', { hasText: 'jiangbei' }).count(), 0);
	assert.equal(asked.length, 1, 'asked once');
	assert.match(asked[0], /jiangbei/, 'the question names what it will unlock');
	await sec.context().close();

	await login(page, 'jiangbei');
	assert.equal(new URL(page.url()).pathname, '/');
	await page.context().close();

	const aud = await signedIn(browser, 'auditor');
	for (const [action, label] of [['login.lock', '登录锁定'], ['lock.clear', '解除锁定']]) {
		await aud.goto(BASE + '/audit?action=' + action);
		assert.match(await aud.textContent('table.audit tbody'), new RegExp(label));
	}
	await aud.context().close();
});

test('the secadmin changes the policy through the form, and a bad combination is explained', async () => {
	const page = await signedIn(browser, 'secadmin');
	await page.goto(BASE + '/security');
	await page.fill('#f-session_idle', '3600');
	await page.fill('#f-session_absolute', '1800');
	await page.click('form.form button.primary');
	await page.waitForSelector('.field-error');
	assert.match(await page.textContent('.row:has(#f-session_idle) .field-error'), /会话/);
	assert.equal(await page.inputValue('#f-session_absolute'), '1800', 'the form keeps what was typed');
	await page.fill('#f-session_idle', '1800');
	await page.fill('#f-session_absolute', '28800');
	await page.fill('#f-pw_min_length', '12');
	await page.click('form.form button.primary');
	await page.waitForURL(/done=saved/);
	assert.equal(await page.inputValue('#f-pw_min_length'), '12');
	await page.fill('#f-pw_min_length', '10');
	await page.click('form.form button.primary');
	await page.waitForURL(/done=saved/);
	await page.context().close();
});
