// 消息 and 宣讲点单 as people use them: a district asks the city's lecture team for a talk; the team's contact
// sees the unread count in the navigation, reads the notice, accepts with a lecturer and a date; the district is
// told and confirms the talk with its audience, which lands in its lecture ledger. A phone gets the same pages
// within its width. Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, launch, login, newPage, PC, PHONE, SHOTS, signedIn, uniq } from './lib.mjs';

const TOPIC = uniq('学习贯彻全会精神');
let browser, district, team;

async function badge(p) {
	const b = p.locator('.side a[href="/notices"] .badge');
	return (await b.count()) === 0 ? 0 : Number((await b.textContent()).replace(/,/g, ''));
}

async function noOverflow(p) {
	const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
}

const row = (p) => p.locator('table.orders tbody tr', { hasText: TOPIC });

before(async () => {
	browser = await launch();
	district = await signedIn(browser, 'yuzhong', PC);
	team = await signedIn(browser, 'xjt', PC);
});
after(async () => { await browser?.close(); });

test('a district asks the city team for a talk', async () => {
	await district.goto(BASE + '/lecture-orders');
	assert.equal(await district.textContent('h1'), '宣讲点单');
	await district.selectOption('#f-team_id', { label: '市科协宣讲团' });
	await district.fill('#f-topic', TOPIC);
	await district.fill('#f-section_path', '二/3');
	await district.fill('#f-preferred_dates', '2026-03-20');
	await district.fill('#f-audience_kind', '社区居民');
	await district.fill('#f-audience_size', '80');
	await Promise.all([district.waitForURL(/done=requested/), district.click('#ask-form button[type=submit]')]);
	assert.match(await district.textContent('.notice'), /已提交点单/);
	assert.equal(await row(district).locator('.tag').textContent(), '待接单');
	assert.deepEqual(district.errors, []);
});

test('the team sees the unread count, reads the notice and accepts with a lecturer and a date', async () => {
	await team.goto(BASE + '/lecture-orders');
	const before = await badge(team);
	assert.ok(before >= 1, 'an unread count beside 消息');
	// The stylesheet reaches its end on a PC (an unclosed @media block once swallowed everything after it).
	const bg = await team.locator('.side a[href="/notices"] .badge').evaluate((e) => getComputedStyle(e).backgroundColor);
	assert.equal(bg, 'rgb(200, 22, 29)');
	await team.goto(BASE + '/notices');
	const item = team.locator('li.msg.unread', { hasText: TOPIC });
	assert.equal(await item.count(), 1);
	assert.match(await item.locator('.msg-body').textContent(), /渝中区科学技术协会申请宣讲/);
	await team.screenshot({ path: path.join(SHOTS, 'notices-1366.png'), fullPage: true });
	await Promise.all([team.waitForURL(/done=read/), item.locator('button').click()]);
	assert.equal(await badge(team), before - 1);
	assert.equal(await team.locator('li.msg.unread', { hasText: TOPIC }).count(), 0);

	await team.goto(BASE + '/lecture-orders');
	const r = row(team);
	await r.locator('input[name=date]').fill('2026-03-21');
	await Promise.all([team.waitForURL(/done=accepted/), r.locator('button.primary').click()]);
	assert.equal(await row(team).locator('.tag').textContent(), '已接单');
	await team.goto(BASE + '/lecture-orders?from=2026-03-01&to=2026-03-31');
	assert.equal(await team.locator('ul.calendar li', { hasText: TOPIC }).count(), 1, 'on the team\'s calendar');
	await team.screenshot({ path: path.join(SHOTS, 'lecture-orders-1366.png'), fullPage: true });
	assert.deepEqual(team.errors, []);
});

test('the district is told, confirms the talk with its audience, and the record is in its ledger', async () => {
	await district.goto(BASE + '/notices?unread=1');
	assert.equal(await district.locator('li.msg', { hasText: '已接单' }).filter({ hasText: TOPIC }).count(), 1);
	await district.goto(BASE + '/lecture-orders');
	const r = row(district);
	await r.locator('input[name=audience]').fill('95');
	await Promise.all([district.waitForURL(/done=given/), r.locator('button.primary').click()]);
	assert.equal(await row(district).locator('.tag').textContent(), '已完成');
	await Promise.all([district.waitForURL(/\/records\/\d+/), row(district).locator('a', { hasText: '台账' }).click()]);
	const text = await district.textContent('main');
	assert.ok(text.includes(TOPIC));
	assert.ok(text.includes('95'));
	assert.deepEqual(district.errors, []);
});

test('on a phone: the notices and the orders fit the screen', async () => {
	for (const [user, url, shot] of [['xjt', '/notices', 'notices-390.png'], ['yuzhong', '/lecture-orders', 'lecture-orders-390.png']]) {
		const p = await newPage(browser, PHONE);
		await login(p, user);
		await p.goto(BASE + url);
		await noOverflow(p);
		await p.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
		assert.deepEqual(p.errors, []);
		await p.context().close();
	}
});
