// records: the ledger pages (工作台账) as people use them — a contact person records on a phone, the ledger's
// filter, sort, pages and totals, a sibling's record is not there, returned publicity and its reason, the
// review page in bulk, a wrong figure kept with its message. Screenshots at 1366 and 390 px.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BASE, launch, PASSWORD, PC, PHONE, SHOTS, signedIn, uniq } from './lib.mjs';

let browser;
before(async () => {
	browser = await launch();
});
after(async () => { await browser?.close(); });

// An API session of its own (cookie and CSRF token), to set up what a test needs quickly.
async function apiAs(username) {
	const r = await fetch(BASE + '/api/v1/login', {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username, password: PASSWORD }),
	});
	assert.equal(r.status, 200, `login ${username}`);
	const json = await r.json();
	const cookie = /xg_session=[^;]*/.exec(r.headers.get('set-cookie'))[0];
	const call = async (method, url, body) => {
		const res = await fetch(BASE + url, {
			method, headers: { Cookie: cookie, 'X-CSRF-Token': json.csrf_token, 'Content-Type': 'application/json' },
			body: body ? JSON.stringify(body) : undefined,
		});
		return { status: res.status, json: await res.json().catch(() => null) };
	};
	return { user: json.user, get: (u) => call('GET', u), post: (u, b) => call('POST', u, b) };
}

async function create(s, body) {
	const r = await s.post('/api/v1/records', body);
	assert.equal(r.status, 201, JSON.stringify(r.json));
	return r.json;
}

// The number a total box shows ("1,234" → 1234).
async function total(page, which) {
	const t = await page.textContent(`[data-total=${which}]`);
	return Number(t.replace(/,/g, ''));
}

test('a contact person records a lecture on a phone and sees it in the ledger and its totals', async () => {
	const page = await signedIn(browser, 'yuzhong', PHONE);
	await page.goto(BASE + '/records?kind=lecture');
	const before = await total(page, 'audience');
	const records = await total(page, 'records');
	await page.goto(BASE + '/records/new?kind=lecture');
	// The caller's own unit is preselected; the most used fields come first.
	assert.equal(await page.inputValue('#f-org_id'), String((await apiAs('yuzhong')).user.org_id));
	const title = uniq('社区宣讲');
	await page.fill('#f-date', '2025-06-18');
	await page.fill('#f-title', title);
	await page.fill('#f-audience', '120');
	assert.equal(await page.getAttribute('#f-audience', 'inputmode'), 'numeric');
	await page.click('label.chip-opt:has-text("社区")');
	await page.fill('#f-lecturer', '孙丽华');
	await page.check('#f-volunteer');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the form overflows by ${overflow}px`);
	await page.screenshot({ path: path.join(SHOTS, 'phone-record-form.png'), fullPage: true });
	await Promise.all([page.waitForURL(/\/records\/\d+\?done=created$/), page.click('button.primary:has-text("保存")')]);
	assert.match(await page.textContent('.notice.ok'), /已保存/);
	assert.match(await page.textContent('dl.info'), /新时代文明实践|社区/);
	assert.match(await page.textContent('dl.info'), /志愿服务是/);
	await page.screenshot({ path: path.join(SHOTS, 'phone-record.png'), fullPage: true });
	await page.goto(BASE + '/records?kind=lecture');
	assert.ok(await page.locator('table.ledger a', { hasText: title }).isVisible());
	assert.equal(await total(page, 'audience'), before + 120);
	assert.equal(await total(page, 'records'), records + 1);
	await page.screenshot({ path: path.join(SHOTS, 'phone-ledger.png'), fullPage: true });
	assert.deepEqual(page.errors, []);
	await page.context().close();
});

test('the ledger filters, sorts and pages; totals follow the filter; exports carry the same filter', async () => {
	const yz = await apiAs('yuzhong');
	const q = uniq('排序');
	for (let i = 1; i <= 23; i++)
		await create(yz, { org_id: yz.user.org_id, kind: 'study', date: `2024-03-${String(i).padStart(2, '0')}`,
			title: `${q}-${String(i).padStart(2, '0')}`, participants: i });
	const page = await signedIn(browser, 'yuzhong', PC);
	await page.goto(BASE + '/records?kind=study');
	await page.fill('#f-q', q);
	await Promise.all([page.waitForURL(/q=/), page.click('.filters button[type=submit]')]);
	assert.equal(await total(page, 'records'), 23);
	assert.equal(await total(page, 'participants'), (23 * 24) / 2);
	// Default order: newest first; 20 a page, the pager goes on to the rest.
	let titles = await page.locator('table.ledger tbody tr td:nth-child(3)').allTextContents();
	assert.equal(titles.length, 20);
	assert.equal(titles[0], `${q}-23`);
	await page.click('.pager a:has-text("下一页")');
	titles = await page.locator('table.ledger tbody tr td:nth-child(3)').allTextContents();
	assert.deepEqual(titles, [`${q}-03`, `${q}-02`, `${q}-01`]);
	// Sort by 人次 ascending, then descending (the second click on the same head).
	await page.click('table.ledger th a:has-text("人次")');
	titles = await page.locator('table.ledger tbody tr td:nth-child(3)').allTextContents();
	assert.equal(titles[0], `${q}-01`);
	assert.match(page.url(), /sort=participants/);
	assert.match(page.url(), /q=/, 'the sort keeps the filter');
	await page.click('table.ledger th a:has-text("人次")');
	titles = await page.locator('table.ledger tbody tr td:nth-child(3)').allTextContents();
	assert.equal(titles[0], `${q}-23`);
	// A date range narrows the rows and the totals alike.
	await page.fill('#f-from', '2024-03-10');
	await page.fill('#f-to', '2024-03-12');
	await Promise.all([page.waitForURL(/from=2024-03-10/), page.click('.filters button[type=submit]')]);
	assert.equal(await total(page, 'records'), 3);
	assert.equal(await total(page, 'participants'), 10 + 11 + 12);
	const xlsx = new URL(await page.getAttribute('a.export:has-text("导出Excel")', 'href'), BASE);
	assert.equal(xlsx.pathname, '/api/v1/records.xlsx');
	assert.equal(xlsx.searchParams.get('kind'), 'study');
	assert.equal(xlsx.searchParams.get('from'), '2024-03-10');
	assert.equal(xlsx.searchParams.get('to'), '2024-03-12');
	assert.equal(xlsx.searchParams.get('q'), q);
	assert.equal(xlsx.searchParams.get('sort'), null, 'an export carries the filter, not the order');
	const csv = new URL(await page.getAttribute('a.export:has-text("导出CSV")', 'href'), BASE);
	assert.equal(csv.pathname, '/api/v1/records.csv');
	assert.equal(csv.search, xlsx.search);
	// The same filter through the API gives the same rows (the export endpoints read this query).
	const list = await yz.get('/api/v1/records' + xlsx.search + '&limit=100');
	assert.equal(list.json.total, 3);
	// The stylesheet reaches the ledger's rules (a block left open earlier in it would swallow them):
	// the kinds are tabs in a row, and 含下级 sits beside its box.
	assert.equal(await page.$eval('nav.tabs', (n) => getComputedStyle(n).display), 'flex');
	const box = await page.$eval('.filter.check input', (i) => i.getBoundingClientRect().right);
	const label = await page.$eval('.filter.check label', (l) => l.getBoundingClientRect().right);
	assert.ok(label - box < 80, `含下级 ends ${label - box}px after its box`);
	await page.screenshot({ path: path.join(SHOTS, 'ledger.png'), fullPage: true });
	await page.context().close();
});

test('a sibling district\'s record is a 404 page', async () => {
	const jb = await apiAs('jiangbei');
	const rec = await create(jb, { org_id: jb.user.org_id, kind: 'study', date: '2025-02-02', title: uniq('江北学习') });
	const page = await signedIn(browser, 'yuzhong', PC);
	for (const url of [`/records/${rec.id}`, `/records/${rec.id}/edit`]) {
		const res = await page.goto(BASE + url);
		assert.equal(res.status(), 404, url);
		assert.match(await page.textContent('main'), /不存在，或不在您的管理范围内/);
	}
	await page.goto(BASE + `/records?kind=study&q=${encodeURIComponent(rec.title)}`);
	assert.equal(await total(page, 'records'), 0);
	await page.context().close();
});

test('returned publicity shows its reason to the author and does not count', async () => {
	const yz = await apiAs('yuzhong');
	const title = uniq('公众号推文');
	const rec = await create(yz, { org_id: yz.user.org_id, kind: 'publicity', date: '2025-04-01', title, channel: '微信公众号' });
	assert.equal((await yz.post(`/api/v1/records/${rec.id}/submit`)).status, 200);
	const office = await signedIn(browser, 'office', PC);
	await office.goto(BASE + `/records/${rec.id}`);
	await office.fill('#f-return-reason', '标题与正文不符，请修改');
	await Promise.all([office.waitForURL(/done=returned/), office.click('form[action$="/return"] button')]);
	await office.context().close();

	const page = await signedIn(browser, 'yuzhong', PHONE);
	await page.goto(BASE + `/records/${rec.id}`);
	const notice = page.locator('.notice.returned');
	assert.ok(await notice.isVisible());
	assert.match(await notice.textContent(), /标题与正文不符，请修改/);
	await page.goto(BASE + '/records?kind=publicity&q=' + encodeURIComponent(title));
	assert.equal(await total(page, 'records'), 1);
	assert.equal(await total(page, 'counted'), 0, 'returned publicity is not counted');
	assert.match(await page.textContent('table.ledger'), /已退回/);
	await page.context().close();
});

test('the review page approves in bulk and says which failed and why', async () => {
	const yz = await apiAs('yuzhong');
	const tag = uniq('批量');
	const ids = [];
	for (const n of [1, 2, 3]) {
		const rec = await create(yz, { org_id: yz.user.org_id, kind: 'publicity', date: '2025-05-0' + n, title: `${tag}-${n}`, channel: '官网' });
		assert.equal((await yz.post(`/api/v1/records/${rec.id}/submit`)).status, 200);
		ids.push(rec.id);
	}
	// The author's own unit does not review itself: nothing waits for yuzhong_staff (same unit).
	const same = await signedIn(browser, 'yuzhong_staff', PC);
	await same.goto(BASE + '/review');
	assert.equal(await same.locator(`#pick-${ids[0]}`).count(), 0);
	await same.context().close();

	const page = await signedIn(browser, 'office', PC);
	await page.goto(BASE + '/review');
	for (const id of ids) await page.check(`#pick-${id}`);
	await page.screenshot({ path: path.join(SHOTS, 'review.png'), fullPage: true });
	// Meanwhile another reviewer approves the third one: it fails in the bulk step.
	const other = await apiAs('office');
	assert.equal((await other.post(`/api/v1/records/${ids[2]}/approve`)).status, 200);
	await page.click('button:has-text("通过所选")');
	const results = page.locator('.results');
	assert.match(await results.textContent(), /成功 2 条，未成功 1 条/);
	assert.match(await results.locator('li.failed').textContent(), new RegExp(`${tag}-3.*不在待审核状态`));
	assert.equal(await page.locator(`#pick-${ids[0]}`).count(), 0, 'approved ones leave the queue');
	for (const id of ids) assert.equal((await yz.get(`/api/v1/records/${id}`)).json.state, 'approved');
	// Returning needs the one reason for all.
	const r2 = await create(yz, { org_id: yz.user.org_id, kind: 'publicity', date: '2025-05-09', title: `${tag}-4`, channel: '官网' });
	await yz.post(`/api/v1/records/${r2.id}/submit`);
	await page.goto(BASE + '/review');
	await page.check(`#pick-${r2.id}`);
	await page.click('button:has-text("退回所选")');
	assert.match(await page.textContent('.notice.error'), /退回时请填写退回原因/);
	assert.equal((await yz.get(`/api/v1/records/${r2.id}`)).json.state, 'submitted');
	await page.goto(BASE + '/review');
	await page.check(`#pick-${r2.id}`);
	await page.fill('#f-reason', '请补充链接');
	await page.click('button:has-text("退回所选")');
	assert.match(await page.textContent('.results'), /成功 1 条，未成功 0 条/);
	const back = (await yz.get(`/api/v1/records/${r2.id}`)).json;
	assert.equal(back.state, 'returned');
	assert.equal(back.review_reason, '请补充链接');
	await page.setViewportSize(PHONE);
	await page.screenshot({ path: path.join(SHOTS, 'phone-review.png'), fullPage: true });
	await page.context().close();
});

test('a wrong figure is said beside its box and what was typed is kept', async () => {
	const page = await signedIn(browser, 'yuzhong', PC);
	await page.goto(BASE + '/records/new?kind=study');
	await page.fill('#f-date', '2025-03-03');
	await page.fill('#f-title', '支部学习<b>不转义就加粗</b>');
	await page.fill('#f-participants', '20000000');
	await page.fill('#f-topic', '学习主题甲');
	await page.click('label.chip-opt:has-text("主题党日")');
	await page.click('button.primary:has-text("保存")');
	const row = page.locator('.row', { has: page.locator('#f-participants') });
	assert.match(await row.locator('.field-error').textContent(), /数量应在 0 到 10000000 之间/);
	assert.equal(await page.inputValue('#f-title'), '支部学习<b>不转义就加粗</b>');
	assert.equal(await page.inputValue('#f-participants'), '20000000');
	assert.equal(await page.inputValue('#f-topic'), '学习主题甲');
	assert.ok(await page.isChecked('input[name=form][value=主题党日]'));
	await page.screenshot({ path: path.join(SHOTS, 'record-form-error.png'), fullPage: true });
	// Fixed, it saves; the title is printed as text, never as markup.
	await page.fill('#f-participants', '18');
	await Promise.all([page.waitForURL(/done=created/), page.click('button.primary:has-text("保存")')]);
	assert.equal(await page.textContent('h1'), '支部学习<b>不转义就加粗</b>');
	await page.screenshot({ path: path.join(SHOTS, 'record.png'), fullPage: true });
	// Edit keeps the values, deletion asks for a reason.
	await page.click('a.btn:has-text("编辑")');
	assert.equal(await page.inputValue('#f-participants'), '18');
	assert.ok(await page.isChecked('input[name=form][value=主题党日]'));
	await page.screenshot({ path: path.join(SHOTS, 'record-form.png'), fullPage: true });
	await page.goBack();
	await page.click('summary:has-text("删除这条台账")');
	await page.fill('#f-delete-reason', '重复填报');
	await Promise.all([page.waitForURL(/done=deleted/), page.click('button.danger:has-text("删除")')]);
	assert.match(await page.textContent('.notice.ok'), /已删除/);
	await page.context().close();
});

test('the navigation offers 工作台账, 审核 and 专项工作 by role; staff set up a campaign', async () => {
	const page = await signedIn(browser, 'yuzhong', PC);
	assert.equal(await page.locator('nav.side a:has-text("工作台账")').count(), 1);
	assert.equal(await page.locator('nav.side a:has-text("审核")').count(), 0, 'a contact person does not review');
	await page.context().close();
	const staff = await signedIn(browser, 'office', PC);
	assert.equal(await staff.locator('nav.side a:has-text("审核")').count(), 1);
	await staff.click('nav.side a:has-text("专项工作")');
	await staff.click('a:has-text("新增专项工作")');
	const name = uniq('学习宣传贯彻专项');
	await staff.fill('#f-name', name);
	await staff.fill('#f-start_date', '2025-01-01');
	await staff.fill('#f-end_date', '2024-12-31');
	await staff.click('button.primary:has-text("保存")');
	assert.match(await staff.textContent('.row:has(#f-end_date) .field-error'), /结束日期不能早于开始日期/);
	assert.equal(await staff.inputValue('#f-name'), name);
	await staff.fill('#f-end_date', '2025-12-31');
	await Promise.all([staff.waitForURL(/done=created/), staff.click('button.primary:has-text("保存")')]);
	assert.ok(await staff.locator('table.campaigns td', { hasText: name }).isVisible());
	await staff.screenshot({ path: path.join(SHOTS, 'campaigns.png'), fullPage: true });
	await staff.context().close();
});

test('evidence on the record page: a contact person uploads a sign-in photo and sees it listed; a fake image is refused', async () => {
	const s = await apiAs('yuzhong');
	const rec = await create(s, { org_id: s.user.org_id, kind: 'study', date: '2025-06-20', title: uniq('佐证学习'), participants: 9 });
	const page = await signedIn(browser, 'yuzhong', PHONE);
	await page.goto(`${BASE}/records/${rec.id}`);
	assert.match(await page.textContent('#evidence'), /暂无佐证材料/);
	// A PNG: the signature and a little more; the type comes from the bytes, not the name.
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
	await page.setInputFiles('#evidence-file', { name: '签到表.png', mimeType: 'image/png', buffer: png });
	await Promise.all([page.waitForLoadState('load'), page.waitForURL(`${BASE}/records/${rec.id}`), page.click('form.evidence-upload button[type=submit]')]);
	await page.waitForSelector('.evidence-list');
	assert.match(await page.textContent('.evidence-list'), /签到表\.png/);
	await page.screenshot({ path: path.join(SHOTS, 'phone-record-evidence.png'), fullPage: true });
	await page.setInputFiles('#evidence-file', { name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
	await page.click('form.evidence-upload button[type=submit]');
	await page.waitForSelector('.evidence-status.bad');
	assert.match(await page.textContent('.evidence-status'), /JPEG|PNG|PDF/);
	assert.equal(await page.locator('.evidence-list tbody tr').count(), 1);
	await page.close();
});
