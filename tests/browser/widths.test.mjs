// Every page with a table or a form, at a phone's width (390 px) and an office's (1366 px), with data in it
// (long titles, long unbroken words), with empty lists and with a form that answers an error: the page never
// scrolls sideways, and the task list is a column of cards on a phone and its table on a PC. Screenshots of
// each in build/browser-shots (widths-*-390.png, widths-*-1366.png): open them and look.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { api, BASE, day, launch, login, newPage, PC, PHONE, shoot, signedIn, uniq, unitIdByCode } from './lib.mjs';

const LONG = '关于深入学习宣传贯彻党的二十届三中全会精神在全市科协系统组织开展专题学习宣讲和调研督导工作的实施方案';
const WORD = 'https://www.example.org/kexie/xuanguan/' + 'x'.repeat(60);
const SAMPLE = fs.readFileSync('tests/api/data/shidian_yijian.txt', 'utf8');
let browser, office, yuzhong, ids = {};

before(async () => {
	browser = await launch();
	office = await signedIn(browser, 'office', PC);
	yuzhong = await signedIn(browser, 'yuzhong', PC);
	const root = await unitIdByCode(office, 'SKX');
	const qx03 = await unitIdByCode(office, 'QX03');
	const qx05 = await unitIdByCode(office, 'QX05');
	const jd01 = await unitIdByCode(office, 'QX03-JD01');
	ids.root = root;
	await office.goto(BASE + '/tasks');
	const camp = await api(office, 'POST', '/api/v1/campaigns', { org_id: root, name: uniq('宽度测试') + LONG, start_date: day(-60), end_date: day(120) });
	ids.camp = camp.id;
	ids.empty = (await api(office, 'POST', '/api/v1/campaigns', { org_id: root, name: uniq('空的专项'), start_date: day(-60), end_date: day(120) })).id;
	const late = await api(office, 'POST', '/api/v1/tasks', { title: LONG, campaign_id: camp.id, due_date: day(-3), start_date: day(-20), lead_unit: qx03, units: [qx05], paragraph: LONG + WORD, section_path: '二/3' });
	ids.task = late.id;
	await api(office, 'POST', '/api/v1/tasks', { title: WORD, campaign_id: camp.id, due_date: day(2), start_date: day(-10), units: [qx03] });
	await api(office, 'POST', '/api/v1/tasks', { title: '报送学习计划', campaign_id: camp.id, due_date: day(30), units: [qx03, qx05] });
	// 渝中区 signs, reports, plans a step and asks for an adjustment: the task page's every section has rows.
	await yuzhong.goto(BASE + '/tasks');
	await api(yuzhong, 'POST', `/api/v1/tasks/${late.id}/sign`);
	await api(yuzhong, 'POST', `/api/v1/tasks/${late.id}/progress`, { percent: 40, text: LONG, milestone: '中心组学习', problems: WORD, help_needed: LONG });
	await api(yuzhong, 'POST', `/api/v1/tasks/${late.id}/subtasks`, { title: LONG, due_date: day(-4), units: [jd01] });
	await api(yuzhong, 'POST', `/api/v1/tasks/${late.id}/adjust`, { kind: 'due_date', value: day(20), reason: LONG });
	// Records of every kind, one waiting for review.
	for (const r of [
		{ org_id: qx03, kind: 'study', date: day(-5), title: LONG, participants: 1234567 },
		{ org_id: jd01, kind: 'lecture', date: day(-4), title: WORD, audience: 320 },
		{ org_id: qx03, kind: 'training', date: day(-3), title: LONG, participants: 60, hours: 24 },
		{ org_id: qx03, kind: 'implementation', date: day(-2), title: LONG },
	])
		await api(yuzhong, 'POST', '/api/v1/records', r);
	const pub = await api(yuzhong, 'POST', '/api/v1/records', { org_id: jd01, kind: 'publicity', date: day(-1), title: LONG, channel: '官网' });
	await api(yuzhong, 'POST', `/api/v1/records/${pub.id}/submit`);
	ids.record = pub.id;
	// An inspection of 渝中区 with a rectification asked.
	const insp = await api(office, 'POST', '/api/v1/inspections', { date: day(-1), items: LONG, findings: LONG + WORD, units: [qx03] });
	await api(office, 'POST', `/api/v1/inspections/${insp.id}/rectifications`, { org_id: qx03, requirement: LONG, deadline: day(10) });
	ids.inspection = insp.id;
	// A lecture order of 渝中区 to the city's team (the team's id as its form offers it).
	await yuzhong.goto(BASE + '/lecture-orders');
	const team = await yuzhong.locator('#f-team_id option', { hasText: '市科协宣讲团' }).getAttribute('value');
	await api(yuzhong, 'POST', '/api/v1/lecture-orders', { team_id: Number(team), topic: LONG, section_path: '二/3', preferred_dates: day(5), audience_kind: WORD.slice(0, 50), audience_size: 80 });
	// A directive read from the sample.
	ids.directive = (await api(office, 'POST', '/api/v1/directives', { campaign_id: camp.id, text: SAMPLE })).id;
});
after(async () => { await browser?.close(); });

// [who, name of the screenshot, path]; paths with ${…} filled in once the data exists.
function pages() {
	return [
		['office', 'tasks', `/tasks?campaign_id=${ids.camp}`],
		['office', 'tasks-empty', `/tasks?campaign_id=${ids.empty}`],
		['office', 'task', `/tasks/${ids.task}`],
		['yuzhong', 'task-work', `/tasks/${ids.task}`],
		['office', 'task-new', '/tasks/new'],
		['office', 'tasks-matrix', `/tasks/matrix?org_id=${ids.root}&campaign_id=${ids.camp}`],
		['office', 'tasks-overdue', `/tasks/overdue?org_id=${ids.root}&campaign_id=${ids.camp}`],
		['office', 'tasks-overdue-empty', `/tasks/overdue?org_id=${ids.root}&campaign_id=${ids.empty}`],
		['yuzhong', 'tasks-timeline', `/tasks/timeline?campaign_id=${ids.camp}`],
		['office', 'inspections', '/inspections'],
		['office', 'inspection', `/inspections/${ids.inspection}`],
		['office', 'inspection-new', '/inspections/new'],
		['yuzhong', 'lecture-orders', '/lecture-orders'],
		['xjt', 'lecture-orders-team', '/lecture-orders'],
		['yuzhong', 'notices', '/notices'],
		['office', 'directives', '/directives'],
		['office', 'directive', `/directives/${ids.directive}`],
		['office', 'directive-coverage', `/directives/${ids.directive}/coverage`],
		['office', 'directive-new', '/directives/new'],
		['yuzhong', 'records', '/records?kind=study'],
		['yuzhong', 'records-publicity', '/records?kind=publicity'],
		['yuzhong', 'records-empty', '/records?kind=study&q=' + encodeURIComponent('没有这样的记录')],
		['yuzhong', 'record', `/records/${ids.record}`],
		['yuzhong', 'record-new', '/records/new?kind=lecture'],
		['yuzhong', 'records-import', '/records/import'],
		['office', 'review', '/review'],
		['office', 'dashboard', '/dashboard'],
		['office', 'home', '/'],
		['office', 'campaigns', '/campaigns'],
		['office', 'orgs', '/orgs'],
		['office', 'org', `/orgs/${ids.root}`],
		['office', 'org-new', `/orgs/${ids.root}/new`],
		['office', 'users', '/users'],
		['office', 'user-new', '/users/new'],
		['yuzhong', 'account', '/account'],
		['auditor', 'audit', '/audit'],
		['auditor', 'audit-empty', '/audit?from=2000-01-01&to=2000-01-02'],
		['secadmin', 'security', '/security'],
		['office', 'roles', '/roles'],
	];
}

// How many pixels the page is wider than the window (0 or less: it fits).
function overflow(p) {
	return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// The elements that scroll sideways inside the page (a table in its frame wider than the frame), each
// as "tag.class: scrollWidth>clientWidth", with every <details> opened first (the audit log's before and
// after, the dashboard's months). An element that merely overflows is the body's width above.
function frames(p) {
	return p.evaluate(() => [...document.querySelectorAll('details')].forEach((d) => { d.open = true; }) ||
		[...document.body.querySelectorAll('*')]
		.filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
		.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: ${e.scrollWidth}>${e.clientWidth}`));
}

// Pages read on a phone without a frame scrolling sideways: their lists and matrices are cards there.
const FLAT = new Set(['audit', 'audit-empty', 'dashboard', 'home', 'directive-coverage']);

for (const [label, viewport] of [['390', PHONE], ['1366', PC]]) {
	test(`at ${label} px no page scrolls sideways`, async () => {
		const sessions = {};
		const wide = [], cards = [];
		for (const [who, name, url] of pages()) {
			if (!sessions[who]) {
				sessions[who] = await newPage(browser, viewport);
				await login(sessions[who], who);
			}
			const p = sessions[who];
			const res = await p.goto(BASE + url);
			assert.equal(res.status(), 200, `${url} as ${who}`);
			const o = await overflow(p);
			if (o > 0)
				wide.push(`${name} (${url}): ${o}px`);
			if (viewport === PHONE && (FLAT.has(name)))
				for (const f of await frames(p))
					wide.push(`${name} (${url}) scrolls inside: ${f}`);
			// A list marked as cards: cards within the window on a phone, table rows on a PC.
			const rows = await p.evaluate(() => [...document.querySelectorAll('table.cards > tbody > tr')].map((tr) => ({
				display: getComputedStyle(tr).display, right: tr.getBoundingClientRect().right, width: window.innerWidth })));
			for (const row of rows) {
				if (viewport === PHONE && (row.display === 'table-row' || row.right > row.width))
					cards.push(`${name}: a row ${row.display}, its right edge at ${row.right}px`);
				if (viewport === PC && row.display !== 'table-row')
					cards.push(`${name}: a row ${row.display} on a PC`);
			}
			await shoot(p, `widths-${name}-${label}`);
		}
		assert.deepEqual(wide, [], 'pages wider than the window');
		assert.deepEqual(cards, [], 'lists as cards on a phone, as tables on a PC');
		for (const p of Object.values(sessions)) {
			assert.deepEqual(p.errors, []);
			await p.context().close();
		}
	});

	test(`at ${label} px forms that answer an error keep within the window`, async () => {
		const p = await signedIn(browser, 'office', viewport);
		const wide = [];
		// A task without a title; a unit without a name; an account with a weak password. The browser's own
		// checks are taken off so the server's answer, said beside the fields, is what is measured.
		for (const [name, url, fill, submit] of [
			['task-new-error', '/tasks/new', { '#f-title': '', '#f-due_date': day(3), '#f-paragraph': WORD }, 'form.form button[type=submit]'],
			['org-new-error', `/orgs/${ids.root}/new`, { '#f-name': '', '#f-code': 'X'.repeat(30) }, 'form.form button[type=submit]'],
			['user-new-error', '/users/new', { '#f-username': uniq('w').toLowerCase(), '#f-display_name': LONG.slice(0, 30), '#f-password': '1' }, 'form.form button[type=submit]'],
		]) {
			await p.goto(BASE + url);
			await p.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
			for (const [sel, v] of Object.entries(fill))
				await p.fill(sel, v);
			await Promise.all([p.waitForLoadState('load'), p.click(submit)]);
			assert.ok(await p.locator('.field-error').first().isVisible(), `${name}: an error is said beside its field`);
			const o = await overflow(p);
			if (o > 0)
				wide.push(`${name}: ${o}px`);
			await shoot(p, `widths-${name}-${label}`);
		}
		assert.deepEqual(wide, []);
		await p.context().close();
	});
}

// A phone, a tablet, a narrow office window (its side menu shown from 769 px) and an office's screen: the
// audit log reads without its frame scrolling sideways, its before-and-after opened; that table inside a
// card stays a table with its column heads on show. Cards below 1024 px; a table from there, its action
// on one line.
for (const width of [390, 700, 768, 800, 1000, 1024]) {
	test(`at ${width} px the audit log neither scrolls sideways nor inside its frame`, async () => {
		const p = await signedIn(browser, 'auditor', { width, height: 900 });
		const wide = [];
		for (const [name, url] of [['audit', '/audit'], ['audit-empty', '/audit?from=2000-01-01&to=2000-01-02']]) {
			const res = await p.goto(BASE + url);
			assert.equal(res.status(), 200);
			const o = await overflow(p);
			if (o > 0)
				wide.push(`${name}: ${o}px`);
			for (const f of await frames(p))
				wide.push(`${name} scrolls inside: ${f}`);
			await shoot(p, `widths-${name}-open-${width}`);
		}
		assert.deepEqual(wide, []);
		await p.goto(BASE + '/audit?limit=100');
		const kv = p.locator('table.audit table.kv:has(thead th:nth-child(3))').first(); // before and after
		await kv.evaluate((t) => { t.closest('details').open = true; });
		assert.deepEqual(await kv.locator('tr').evaluateAll((trs) => [...new Set(trs.map((tr) => getComputedStyle(tr).display))]), ['table-row']);
		const head = await kv.locator('thead th').first().boundingBox();
		assert.ok(head && head.x >= 0 && head.x + head.width <= width, `the before-and-after's heads on show (${JSON.stringify(head)})`);
		const rows = await p.locator('table.audit > tbody > tr').evaluateAll((trs) => [...new Set(trs.map((tr) => getComputedStyle(tr).display))]);
		assert.deepEqual(rows, [width < 1024 ? 'flex' : 'table-row'], 'cards below 1024 px, a table from there');
		const lines = await p.locator('table.audit > tbody > tr > td.card-title').evaluateAll((tds) => Math.max(...tds.map((td) => {
			const range = document.createRange();
			range.selectNodeContents(td);
			return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
		})));
		assert.equal(lines, 1, 'each action on one line');
		assert.deepEqual(p.errors, []);
		await p.context().close();
	});
}

test('the task list: cards on a phone, title on its line, the light whole; a table on a PC', async () => {
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(`${BASE}/tasks?campaign_id=${ids.camp}`);
	const head = await phone.locator('table.tasks thead').boundingBox();
	assert.ok(head === null || head.x + head.width <= 0, 'the column heads are off the screen on a phone');
	const card = phone.locator('table.tasks tbody tr', { hasText: '报送学习计划' });
	const box = await card.boundingBox();
	const title = await card.locator('td.card-title').boundingBox();
	assert.ok(title.width >= box.width - 30, `the title takes the card's width (${title.width} of ${box.width})`);
	const light = await card.locator('.light').boundingBox();
	assert.ok(light.y >= title.y + title.height - 1, 'the light under the title');
	assert.ok(light.x + light.width <= box.x + box.width, 'the light is whole inside its card');
	for (const [label, value] of [['下达单位', '市科学技术协会'], ['完成时限', day(30)], ['签收', '0/2'], ['完成', '0/2']]) {
		const cell = card.locator(`td[data-label="${label}"]`);
		assert.equal(await cell.textContent(), value);
		const before = await cell.evaluate((e) => getComputedStyle(e, '::before').content);
		assert.equal(before, `"${label}："`, `${label} is named in the card`);
		const b = await cell.boundingBox();
		assert.ok(b.x >= box.x && b.x + b.width <= box.x + box.width, `${label} inside the card`);
	}
	// The long title wraps inside its card, neither cut nor squeezed to a few characters a line.
	const long = phone.locator('table.tasks tbody tr', { hasText: LONG.slice(0, 12) }).first().locator('td.card-title');
	const lb = await long.boundingBox();
	assert.ok(lb.width > 300 && lb.x + lb.width <= 390, `the long title is ${lb.width}px wide`);
	await shoot(phone, 'tasks-cards-390');
	await phone.context().close();

	await office.goto(`${BASE}/tasks?campaign_id=${ids.camp}`);
	const pcHead = await office.locator('table.tasks thead').boundingBox();
	assert.ok(pcHead !== null && pcHead.x > 0 && pcHead.height > 0, 'the column heads on a PC');
	const row = office.locator('table.tasks tbody tr', { hasText: '报送学习计划' });
	const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).display));
	assert.deepEqual([...new Set(cells)], ['table-cell']);
	const before = await row.locator('td[data-label="签收"]').evaluate((e) => getComputedStyle(e, '::before').content);
	assert.equal(before, 'none', 'no labels inside the table');
});

test('the matrix: on a phone the first unit\'s lights are on the screen; on a PC a long title wraps', async () => {
	const phone = await signedIn(browser, 'office', PHONE);
	await phone.goto(`${BASE}/tasks/matrix?org_id=${ids.root}&campaign_id=${ids.camp}`);
	const light = await phone.locator('.matrix-tall tbody tr').first().locator('td.cell').first().boundingBox();
	assert.ok(light.x + light.width <= PHONE.width, `the first light ends at ${light.x + light.width}px`);
	await phone.context().close();
	// On a PC a long title wraps in its row head rather than pushing the units' columns away.
	await office.goto(`${BASE}/tasks/matrix?org_id=${ids.root}&campaign_id=${ids.camp}`);
	const frame = await office.locator('.matrix-wide').evaluate((e) => [e.scrollWidth, e.clientWidth]);
	assert.ok(frame[0] <= frame[1], `the matrix is ${frame[0]}px wide in a frame of ${frame[1]}px`);
	const lines = await office.locator('.matrix-wide tbody th.task a', { hasText: LONG.slice(0, 12) }).first()
		.evaluate((a) => a.getClientRects().length);
	assert.ok(lines >= 2, 'the long title wraps');
});

test('the task list as cards without scripts', async () => {
	const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
	const p = await context.newPage();
	await login(p, 'office');
	await p.goto(`${BASE}/tasks?campaign_id=${ids.camp}`);
	const head = await p.locator('table.tasks thead').boundingBox();
	assert.ok(head === null || head.x + head.width <= 0, 'the column heads are off the screen');
	assert.ok((await overflow(p)) <= 0);
	await context.close();
});

test('without scripts the audit log, the coverage and the dashboard are cards on a phone, nothing scrolling inside', async () => {
	for (const [who, url] of [['auditor', '/audit'], ['office', `/directives/${ids.directive}/coverage`], ['office', '/dashboard']]) {
		const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
		const p = await context.newPage();
		await login(p, who);
		await p.goto(BASE + url);
		const rows = await p.locator('table.cards > tbody > tr').evaluateAll((trs) => [...new Set(trs.map((tr) => getComputedStyle(tr).display))]);
		assert.ok(rows.length === 1 && rows[0] !== 'table-row', `${url}: rows shown as ${rows}`);
		assert.deepEqual(await frames(p), [], url);
		assert.ok((await overflow(p)) <= 0, url);
		await context.close();
	}
});

test('on a phone the ledger\'s 含下级 box keeps its word on one line beside it', async () => {
	const p = await signedIn(browser, 'yuzhong', PHONE);
	await p.goto(BASE + '/records?kind=study');
	const label = await p.locator('.filters .filter.check label').boundingBox();
	const box = await p.locator('.filters .filter.check input').boundingBox();
	assert.ok(label.height < 40, `the label is ${label.height}px high`);
	assert.ok(box.width < 40, `the box is ${box.width}px wide`);
	await p.context().close();
});

test('on a phone the ledger can be sorted: its sortable heads are a line of links above the cards', async () => {
	const p = await signedIn(browser, 'yuzhong', PHONE);
	await p.goto(BASE + '/records?kind=study');
	const link = p.locator('table.ledger thead th a', { hasText: '人次' });
	const box = await link.boundingBox();
	assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the sort link is on the screen (${JSON.stringify(box)})`);
	const first = await p.locator('table.ledger tbody tr').first().boundingBox();
	assert.ok(box.y + box.height <= first.y, 'above the first card');
	await Promise.all([p.waitForLoadState('load'), link.click()]);
	assert.match(p.url(), /sort=participants/);
	assert.equal(await p.locator('table.ledger thead th[aria-sort] a').textContent(), '人次 ▲');
	assert.ok((await overflow(p)) <= 0, 'the line of links does not widen the page');
	await shoot(p, 'widths-records-sorted-390');
	await p.context().close();
});

// Every entry of the audit log, read page by page through the API as the signed-in page's user.
async function auditLog(p) {
	const all = [];
	for (let before = null; ;) {
		const page = await api(p, 'GET', `/api/v1/audit?limit=100${before ? `&before=${before}` : ''}`);
		all.push(...page.items);
		if (page.next_before == null)
			return all;
		before = page.next_before;
	}
}

test('the audit log names every action and every object it holds in Chinese, and its filter offers each action', async () => {
	const p = await signedIn(browser, 'auditor', PC);
	const seen = new Map();
	for (const e of await auditLog(p))
		seen.set(e.action, e);
	assert.ok(seen.size >= 15, `a log with many kinds of entries (${[...seen.keys()].join(' ')})`);
	const han = /[\u4e00-\u9fff]/;
	const unnamed = [...seen.values()].filter((e) => !han.test(e.action_label) || (e.object_type && !han.test(e.object_label)))
		.map((e) => `${e.action} ${e.object_type}: ${e.action_label} ${e.object_label}`);
	assert.deepEqual(unnamed, [], 'actions or objects shown by their codes');
	await p.goto(BASE + '/audit');
	const offered = await p.locator('#f-action option').evaluateAll((os) => os.map((o) => o.value));
	assert.deepEqual([...seen.keys()].filter((a) => !offered.includes(a)), [], 'actions the filter does not offer');
	await p.context().close();
});

test('the audit log labels every field of its before/after tables in Chinese', async () => {
	const p = await signedIn(browser, 'auditor', PC);
	const actions = new Set((await auditLog(p)).map((e) => e.action));
	const coded = new Map();
	for (const action of actions) {
		await p.goto(`${BASE}/audit?action=${encodeURIComponent(action)}&limit=100`);
		const heads = await p.locator('table.kv tbody th').allTextContents();
		for (const h of heads)
			if (!/[\u4e00-\u9fff]/.test(h))
				coded.set(h, action);
	}
	const list = [...coded].map(([k, a]) => `${k} (${a})`);
	assert.equal(list.length, 0, `fields shown by their codes: ${list.join(', ')}`);
	await p.context().close();
});
