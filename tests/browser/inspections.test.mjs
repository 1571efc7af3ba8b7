// inspections (督促检查) as people use them: the office records an inspection of a district and asks for a
// rectification; the district's contact person, on a phone, attaches a photo and answers; the office closes it;
// a sibling district gets the not-found page. Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, launch, PC, PHONE, SHOTS, signedIn, uniq, unitIdByCode } from './lib.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => { await browser?.close(); });

// Today and a day some days on, in China time, as the date inputs want them.
function chinaDay(offsetDays = 0) {
	const t = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000);
	return t.toISOString().slice(0, 10);
}

test('an inspection closed after rectification: record, ask, answer with a photo on a phone, close', async () => {
	const office = await signedIn(browser, 'office', PC);
	const qx03 = await unitIdByCode(office, 'QX03');
	await office.goto(BASE + '/inspections');
	await Promise.all([office.waitForURL(BASE + '/inspections/new'), office.click('text=登记督查')]);
	assert.equal(await office.inputValue('#f-date'), chinaDay(), 'the date defaults to today');
	const items = uniq('中心组学习记录、宣讲台账');
	await office.selectOption('#f-units', [String(qx03)]);
	await office.fill('#f-items', items);
	await office.fill('#f-findings', '两个支部的学习记录缺少签到表');
	await Promise.all([office.waitForURL(/\/inspections\/\d+\?done=created/), office.click('button:has-text("保存")')]);
	assert.match(await office.textContent('.notice'), /已登记督查记录/);
	const url = office.url().replace(/\?.*$/, '');

	await office.selectOption('#f-org_id', String(qx03));
	await office.fill('#f-requirement', '补齐签到表并归档');
	await office.fill('#f-deadline', chinaDay(10));
	await Promise.all([office.waitForURL(/done=asked/), office.click('button:has-text("提出整改要求")')]);
	const card = office.locator('article.rect');
	assert.equal(await card.count(), 1);
	assert.match(await card.textContent(), /待整改/);
	assert.match(await card.textContent(), /正常/);
	assert.equal(await office.locator('form[action$="/answer"]').count(), 0, 'the inspector does not answer');
	await office.screenshot({ path: path.join(SHOTS, 'inspection.png'), fullPage: true });

	const phone = await signedIn(browser, 'yuzhong', PHONE);
	await phone.goto(BASE + '/inspections');
	assert.match(await phone.textContent('table.inspections'), new RegExp(items.slice(0, 8)));
	await phone.goto(url);
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
	await phone.setInputFiles('article.rect input[type=file]', { name: '整改签到表.png', mimeType: 'image/png', buffer: png });
	await Promise.all([phone.waitForLoadState('load'), phone.waitForURL(url), phone.click('form.evidence-upload button[type=submit]')]);
	await phone.waitForSelector('.evidence-list');
	assert.match(await phone.textContent('.evidence-list'), /整改签到表\.png/);
	await phone.fill('article.rect textarea[name=answer]', '已补齐两个支部的签到表并归档');
	await Promise.all([phone.waitForURL(/done=answered/), phone.click('button:has-text("提交整改情况")')]);
	assert.match(await phone.textContent('article.rect'), /已反馈/);
	await phone.screenshot({ path: path.join(SHOTS, 'phone-inspection.png'), fullPage: true });

	await office.goto(url);
	await office.fill('textarea[name=note]', '整改到位，同意销号');
	await Promise.all([office.waitForURL(/done=closed/), office.click('button:has-text("同意销号")')]);
	assert.match(await office.textContent('article.rect'), /已销号/);
	assert.match(await office.textContent('article.rect'), /整改到位，同意销号/);
	await office.goto(BASE + '/inspections');
	await office.screenshot({ path: path.join(SHOTS, 'inspections.png'), fullPage: true });

	const sibling = await signedIn(browser, 'jiangbei', PC);
	const resp = await sibling.goto(url);
	assert.equal(resp.status(), 404);
	await Promise.all([office.close(), phone.close(), sibling.close()]);
});
