// A contact person imports a ledger from a CSV file through the upload page: a file with a bad row is
// refused with the line named and nothing imported; the corrected file imports. Office and phone widths.
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

test('a reporter uploads a lecture ledger: the bad row is named, then the fixed file imports', async () => {
	const page = await signedIn(browser, 'yuzhong');
	await page.goto(BASE + '/records/import?kind=lecture');
	assert.equal(await page.inputValue('#f-kind'), 'lecture');
	const file = path.join(SHOTS, 'import-lecture.csv');
	fs.writeFileSync(file, '单位编码,日期,标题,受众人次\r\nQX03,2022-04-01,社区宣讲,80\r\nQX03,2022-04-02,高校宣讲,很多\r\n');
	await page.setInputFiles('#f-file', file);
	await page.click('#record-import button');
	await page.waitForSelector('#import-result .notice.error');
	assert.match(await page.textContent('#import-result'), /第 3 行：受众人次：/);
	assert.match(await page.textContent('#import-result'), /未导入任何台账/);
	await page.screenshot({ path: path.join(SHOTS, 'pc-record-import-error.png'), fullPage: true });
	fs.writeFileSync(file, '单位编码,日期,标题,受众人次\r\nQX03,2022-04-01,社区宣讲,80\r\nQX03,2022-04-02,高校宣讲,120\r\n');
	await page.setInputFiles('#f-file', file);
	await page.click('#record-import button');
	await page.waitForSelector('#import-result .notice.ok:has-text("已导入")');
	assert.match(await page.textContent('#import-result'), /已导入 2 条台账/);
	await page.screenshot({ path: path.join(SHOTS, 'pc-record-import.png'), fullPage: true });
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('on a phone the import page fits the screen', async () => {
	const page = await signedIn(browser, 'yuzhong', PHONE);
	await page.goto(BASE + '/records/import');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
	await page.screenshot({ path: path.join(SHOTS, 'phone-record-import.png'), fullPage: true });
	await page.context().close();
});
