// The auditor exports what the audit page shows: the button carries the page's filters and the browser
// saves a CSV that Excel opens (UTF-8 with BOM); at office and phone widths the page keeps its shape.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, launch, PHONE, SHOTS, signedIn } from './lib.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => { await browser?.close(); });

test('the auditor downloads the filtered audit log as CSV', async () => {
	const page = await signedIn(browser, 'auditor');
	await page.goto(BASE + '/audit?action=login.ok');
	await page.screenshot({ path: path.join(SHOTS, 'pc-audit.png'), fullPage: true });
	const total = Number((await page.locator('p.count').innerText()).match(/共 ([\d,]+) 条/)[1].replace(/,/g, ''));
	assert.ok(total >= 1, 'the auditor\'s own login is there');
	const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.export')]);
	assert.equal(download.suggestedFilename(), 'audit.csv');
	const file = path.join(SHOTS, 'audit.csv');
	await download.saveAs(file);
	const text = fs.readFileSync(file, 'utf8');
	assert.equal(text.charCodeAt(0), 0xfeff);
	const lines = text.slice(1).split('\r\n').filter((l) => l !== '');
	assert.equal(lines[0], '时间,操作人,来源地址,操作,对象类型,对象编号,摘要,修改前,修改后');
	// Only what the filter shows: logins, one a line (no field here holds a line break).
	assert.equal(lines.length - 1, total);
	for (const l of lines.slice(1)) assert.match(l, /,登录成功,/);
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('on a phone the audit page and its export button fit the screen', async () => {
	const page = await signedIn(browser, 'auditor', PHONE);
	await page.goto(BASE + '/audit');
	assert.ok(await page.locator('a.export').isVisible());
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
	await page.screenshot({ path: path.join(SHOTS, 'phone-audit.png'), fullPage: true });
	await page.context().close();
});
