// 工作台: the cards show the stats API's figures, the charts are drawn by ECharts served from our own server,
// a child (row or bar) leads down, a figure leads to its ledger, a sibling's dashboard is 404, the numbers are
// there without JavaScript, and a phone gets two columns of cards, charts within the screen and the children
// as cards (each figure named), nothing scrolling inside a box. Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, BASE, launch, login, newPage, PC, PHONE, SHOTS, signedIn, unitIdByCode } from './lib.mjs';

const PERIOD = 'from=2023-01&to=2023-12';
let browser, page, qx03, jd01;

// An API call with the page's session cookie and its CSRF token.
async function cardFigures(p) {
	return p.evaluate(() => {
		const out = {};
		for (const card of document.querySelectorAll('.dash-card')) {
			out[card.dataset.kind] = {};
			for (const f of card.querySelectorAll('[data-figure]'))
				out[card.dataset.kind][f.dataset.figure] = Number(f.textContent.replace(/,/g, ''));
		}
		return out;
	});
}

before(async () => {
	browser = await launch();
	page = await signedIn(browser, 'yuzhong', PC);
	qx03 = await unitIdByCode(page, 'QX03');
	jd01 = await unitIdByCode(page, 'QX03-JD01');
	await page.goto(BASE + '/');
	const recs = [
		{ org_id: qx03, kind: 'study', date: '2023-02-10', title: '中心组学习', participants: 15 },
		{ org_id: jd01, kind: 'study', date: '2023-03-08', title: '支部学习', participants: 2100 },
		{ org_id: jd01, kind: 'training', date: '2023-05-20', title: '专题培训班', participants: 60, hours: 24 },
		{ org_id: jd01, kind: 'lecture', date: '2023-06-18', title: '社区宣讲', audience: 320 },
		{ org_id: qx03, kind: 'lecture', date: '2023-09-02', title: '进校园宣讲', audience: 80 },
		{ org_id: qx03, kind: 'implementation', date: '2023-11-11', title: '落实事项' },
	];
	for (const r of recs) await api(page, 'POST', '/api/v1/records', r);
	const pub = await api(page, 'POST', '/api/v1/records', { org_id: jd01, kind: 'publicity', date: '2023-07-01', title: '宣传稿', channel: '官网' });
	await api(page, 'POST', `/api/v1/records/${pub.id}/submit`);
});
after(async () => { await browser?.close(); });

test('the cards show what the stats API says for the same unit and period, and the charts are drawn', async () => {
	await page.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	assert.equal(await page.textContent('h1'), '工作台');
	const stats = await (await page.request.get(`${BASE}/api/v1/orgs/${qx03}/stats?from=2023-01-01&to=2023-12-31`)).json();
	const cards = await cardFigures(page);
	for (const kind of Object.keys(stats.kinds))
		for (const [fig, v] of Object.entries(cards[kind])) assert.equal(v, stats.kinds[kind][fig], `${kind}.${fig}`);
	assert.equal(cards.study.participants, 2115);
	assert.equal(cards.lecture.audience, 400);
	assert.equal(cards.pending.records, 1);
	// ECharts, from our server, has drawn both charts on canvases.
	await page.waitForFunction(() => window.echarts && echarts.getInstanceByDom(document.getElementById('chart-children')));
	const drawn = await page.evaluate(() => ['chart-trend', 'chart-children'].map((id) => {
		const c = echarts.getInstanceByDom(document.getElementById(id));
		return { has: !!c, canvas: document.querySelectorAll(`#${id} canvas`).length, series: c ? c.getOption().series.length : 0 };
	}));
	for (const d of drawn) assert.deepEqual(d, { has: true, canvas: 1, series: 5 });
	const months = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('chart-trend')).getOption().xAxis[0].data);
	assert.equal(months.length, 12);
	await page.screenshot({ path: path.join(SHOTS, 'dashboard-1366.png'), fullPage: true });
	assert.deepEqual(page.errors, []);
});

test('the chart library is served by our own server, pinned from npm', async () => {
	const r = await page.request.get(BASE + '/static/echarts.min.js');
	assert.equal(r.status(), 200);
	assert.match(r.headers()['content-type'], /javascript/);
	const body = await r.body();
	assert.equal(body.length, fs.statSync('node_modules/echarts/dist/echarts.min.js').size);
	const pinned = JSON.parse(fs.readFileSync('package.json', 'utf8')).dependencies.echarts;
	assert.equal(await page.evaluate(() => echarts.version), pinned);
	const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter(Boolean));
	for (const s of scripts) assert.equal(new URL(s).origin, BASE, `${s} comes from our server`);
});

test('a child row and a child bar lead to the same dashboard for that child', async () => {
	await page.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	await Promise.all([page.waitForURL(/org_id=\d+/), page.click(`tr[data-org="${jd01}"] a.drill`)]);
	let u = new URL(page.url());
	assert.equal(u.pathname, '/dashboard');
	assert.equal(u.searchParams.get('org_id'), String(jd01));
	assert.equal(u.searchParams.get('from'), '2023-01');
	assert.equal((await cardFigures(page)).study.participants, 2100);
	// Back up, and the bar this time.
	await page.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}&sort=study_people`);
	await page.waitForFunction(() => window.echarts && echarts.getInstanceByDom(document.getElementById('chart-children')));
	const at = await page.evaluate((id) => {
		const el = document.getElementById('chart-children');
		el.scrollIntoView();
		const c = echarts.getInstanceByDom(el);
		const data = JSON.parse(document.getElementById('dash-data').textContent);
		const i = data.children.findIndex((k) => k.org_id === id);
		const [x, y] = c.convertToPixel({ seriesIndex: 0 }, [1, i]);
		const box = el.getBoundingClientRect();
		return { x: box.left + x, y: box.top + y, i };
	}, jd01);
	assert.equal(at.i, 0, 'sorted by study attendees the street comes first');
	await Promise.all([page.waitForURL(new RegExp(`org_id=${jd01}`)), page.mouse.click(at.x, at.y)]);
	u = new URL(page.url());
	assert.equal(u.searchParams.get('org_id'), String(jd01));
	assert.deepEqual(page.errors, []);
});

test('a figure leads to the ledger of its records with the same filter', async () => {
	await page.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	await Promise.all([page.waitForURL(/\/records\?/), page.click('.dash-card[data-kind="lecture"] [data-figure="audience"] a')]);
	const u = new URL(page.url());
	assert.deepEqual(Object.fromEntries(u.searchParams), { kind: 'lecture', org_id: String(qx03), subtree: '1', from: '2023-01-01', to: '2023-12-31' });
	await page.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	await Promise.all([page.waitForURL(/\/records\?/), page.click(`tr[data-org="${jd01}"] td[data-col="training_hours"] a`)]);
	const t = new URL(page.url()).searchParams;
	assert.equal(t.get('kind'), 'training');
	assert.equal(t.get('org_id'), String(jd01));
});

test('a sibling district\'s dashboard is 404', async () => {
	const other = await signedIn(browser, 'jiangbei', PC);
	const r = await other.goto(`${BASE}/dashboard?org_id=${qx03}`);
	assert.equal(r.status(), 404);
	assert.match(await other.textContent('main'), /不存在，或不在您的管理范围内/);
	await other.context().close();
});

test('without JavaScript the numbers are all there', async () => {
	const context = await browser.newContext({ viewport: PC, locale: 'zh-CN', javaScriptEnabled: false });
	const p = await context.newPage();
	await login(p, 'yuzhong');
	await p.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	const cards = await p.locator('.dash-card[data-kind="study"] [data-figure="participants"]').textContent();
	assert.equal(cards, '2,115');
	assert.equal(await p.locator(`tr[data-org="${jd01}"] td[data-col="lecture_audience"]`).textContent(), '320');
	await context.close();
});

test('on a phone: cards in two columns, charts within the screen, the children as cards', async () => {
	const p = await signedIn(browser, 'yuzhong', PHONE);
	await p.goto(`${BASE}/dashboard?org_id=${qx03}&${PERIOD}`);
	await p.waitForFunction(() => window.echarts && echarts.getInstanceByDom(document.getElementById('chart-children')));
	const boxes = await p.locator('.dash-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
	assert.equal(Math.round(boxes[0].y), Math.round(boxes[1].y), 'two cards side by side');
	assert.ok(boxes[2].y > boxes[0].y, 'the third card starts a new row');
	for (const id of ['#chart-trend', '#chart-children']) {
		const b = await p.locator(id).boundingBox();
		assert.ok(b.height <= PHONE.height, `${id} is ${b.height}px tall`);
		assert.ok(b.width >= PHONE.width - 60, `${id} is ${b.width}px wide`);
	}
	const wrap = await p.locator('.dash-section .table-wrap').last().evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth }));
	assert.ok(wrap.sw <= wrap.cw, `the children's box is ${wrap.cw}px and holds ${wrap.sw}px`);
	// The street's card: its name a line of its own, then each figure after its column's name.
	const card = p.locator(`table.dash-children tbody tr[data-org="${jd01}"]`);
	const box = await card.boundingBox();
	assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the card is on the screen (${JSON.stringify(box)})`);
	const title = await card.locator('td.card-title').boundingBox();
	assert.ok(title.width >= box.width - 30, `the name takes the card's width (${title.width} of ${box.width})`);
	assert.equal(await card.locator('td.card-title a.drill').textContent(), '渝中区第1街道科协');
	for (const [col, label, value] of [['study_people', '学习 人次', '2,100'], ['training_hours', '培训 学时', '24'], ['lecture_audience', '宣讲 受众人次', '320'], ['implementation', '贯彻落实 项', '0']]) {
		const cell = card.locator(`td[data-col="${col}"]`);
		assert.equal(await cell.textContent(), value);
		assert.equal(await cell.evaluate((e) => getComputedStyle(e, '::before').content), `"${label}："`, `${label} named in the card`);
		const b = await cell.boundingBox();
		assert.ok(b.y >= title.y + title.height - 1, `${label} under the name`);
		assert.ok(b.x >= box.x && b.x + b.width <= box.x + box.width, `${label} inside the card`);
	}
	// The column heads, which sort, are a line of links above the cards.
	const sort = await p.locator('table.dash-children thead th a', { hasText: '宣讲 受众人次' }).boundingBox();
	assert.ok(sort && sort.x >= 0 && sort.x + sort.width <= PHONE.width, `the sort link on the screen (${JSON.stringify(sort)})`);
	assert.ok(sort.y + sort.height <= (await p.locator('table.dash-children tbody tr').first().boundingBox()).y, 'above the cards');
	const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
	await p.screenshot({ path: path.join(SHOTS, 'dashboard-390.png'), fullPage: true });
	assert.deepEqual(p.errors, []);
	await p.context().close();
});
