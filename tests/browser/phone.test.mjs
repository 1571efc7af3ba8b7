// A phone's width: the navigation folds into a menu button, forms put labels above the fields.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, launch, login, newPage, PHONE, SHOTS, signedIn } from './lib.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => { await browser?.close(); });

test('on a phone the navigation is behind a menu button', async () => {
	const page = await signedIn(browser, 'yuzhong', PHONE);
	const button = page.locator('.menu-btn');
	assert.ok(await button.isVisible(), 'the menu button shows');
	assert.ok(!(await page.locator('nav.side').isVisible()), 'the navigation is folded');
	await page.screenshot({ path: path.join(SHOTS, 'phone-home.png'), fullPage: true });
	const shot = fs.statSync(path.join(SHOTS, 'phone-home.png'));
	assert.ok(shot.size > 5000, 'a screenshot was rendered');
	await button.click();
	assert.ok(await page.locator('nav.side').isVisible(), 'the menu opens');
	await page.screenshot({ path: path.join(SHOTS, 'phone-menu.png') });
	await page.click('nav.side >> text=单位查询');
	await page.waitForURL(/\/orgs$/);
	// Nothing is wider than the screen.
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('on a phone form labels sit above their fields', async () => {
	const page = await signedIn(browser, 'yuzhong', PHONE);
	await page.goto(BASE + '/account');
	const label = await page.locator('label[for=f-password]').boundingBox();
	const input = await page.locator('#f-password').boundingBox();
	assert.ok(label.y + label.height <= input.y + 1, 'label above input');
	await page.screenshot({ path: path.join(SHOTS, 'phone-account.png'), fullPage: true });
	await page.context().close();
});

test('the phone menu works with scripts turned off (the toggle is CSS only)', async () => {
	const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
	const page = await context.newPage();
	await login(page, 'leader');
	assert.ok(!(await page.locator('nav.side').isVisible()));
	await page.click('.menu-btn');
	assert.ok(await page.locator('nav.side').isVisible());
	await page.click('nav.side >> text=本单位及下级');
	assert.equal(await page.textContent('h1'), '市科学技术协会');
	await context.close();
});

test('on a phone the unit picker of a filter bar keeps boxes of one line', async () => {
	const page = await signedIn(browser, 'office', PHONE);
	await page.goto(BASE + '/users');
	for (const sel of ['.filters .pick .pick-filter', '.filters .pick select']) {
		const box = await page.locator(sel).first().boundingBox();
		assert.ok(box !== null, `${sel} is shown`);
		assert.ok(box.height < 60, `${sel} is ${box.height}px high`);
	}
	await page.screenshot({ path: path.join(SHOTS, 'phone-users.png'), fullPage: true });
	await page.context().close();
});
