// dashboard: the 工作台 page read without JavaScript — its cards and children's table carry the same figures
// as GET /api/v1/orgs/{id}/stats for the same unit and months, each figure links to its ledger, the chart data
// block cannot be closed early by a name, a sibling district's dashboard is 404, odd periods are refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startPeer, testServer, uniq } from './lib.mjs';

let office, yuzhong, jiangbei, auditor;
let qx03, jd01;
const srv = testServer({}, async () => {
	({ office, yuzhong, jiangbei, auditor } = await srv.loginAll(['office', 'yuzhong', 'jiangbei', 'auditor']));
	({ qx03, jd01 } = await srv.units(['QX03', 'QX03-JD01']));
	const add = async (s, rec) => {
		const r = await s.post('/api/v1/records', rec);
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	};
	await add(yuzhong, { org_id: qx03.id, kind: 'study', date: '2024-03-05', title: '中心组学习', participants: 12 });
	await add(yuzhong, { org_id: jd01.id, kind: 'study', date: '2024-04-28', title: '支部学习', participants: 1234 });
	await add(yuzhong, { org_id: jd01.id, kind: 'training', date: '2024-04-02', title: '专题班', participants: 40, hours: 16 });
	await add(yuzhong, { org_id: jd01.id, kind: 'lecture', date: '2024-03-30', title: '社区宣讲', audience: 150 });
	await add(yuzhong, { org_id: qx03.id, kind: 'implementation', date: '2024-04-11', title: '工作项' });
	// Outside the months asked for: must not count.
	await add(yuzhong, { org_id: jd01.id, kind: 'study', date: '2024-05-01', title: '五月学习', participants: 7 });
	// Publicity: one approved (counts), one submitted (待审核), one draft (neither).
	const ok = await add(yuzhong, { org_id: jd01.id, kind: 'publicity', date: '2024-04-03', title: '稿件一', channel: '官网' });
	assert.equal((await yuzhong.post(`/api/v1/records/${ok}/submit`)).status, 200);
	assert.equal((await office.post(`/api/v1/records/${ok}/approve`)).status, 200);
	const wait = await add(yuzhong, { org_id: jd01.id, kind: 'publicity', date: '2024-03-09', title: '稿件二', channel: '官网' });
	assert.equal((await yuzhong.post(`/api/v1/records/${wait}/submit`)).status, 200);
	// Submitted too, but in June: outside the months most tests ask for.
	const june = await add(yuzhong, { org_id: jd01.id, kind: 'publicity', date: '2024-06-02', title: '稿件六月', channel: '官网' });
	assert.equal((await yuzhong.post(`/api/v1/records/${june}/submit`)).status, 200);
	await add(yuzhong, { org_id: qx03.id, kind: 'publicity', date: '2024-03-10', title: '草稿', channel: '官网' });
});

// The figures of the cards: {kind: {figure: number}} from data-kind / data-figure.
function cards(html) {
	const out = {};
	const re = /<div class="stat dash-card[^"]*" data-kind="([a-z]+)">([\s\S]*?)<\/div><\/div>(?=<div class="stat|<\/div>)/g;
	for (const m of html.matchAll(re)) {
		out[m[1]] = {};
		for (const f of m[2].matchAll(/data-figure="([a-z]+)">(?:<a href="([^"]*)">)?([0-9,]+)/g))
			out[m[1]][f[1]] = { value: Number(f[3].replace(/,/g, '')), href: f[2]?.replace(/&amp;/g, '&') };
	}
	return out;
}

// The children's rows: {org_id: {col: number}} and the drill-down link of each.
function rows(html) {
	const out = {};
	for (const m of html.matchAll(/<tr data-org="(\d+)"[^>]*><td[^>]*><a class="drill" href="([^"]*)">([\s\S]*?)<\/tr>/g)) {
		const row = { href: m[2].replace(/&amp;/g, '&') };
		for (const c of m[3].matchAll(/data-col="([a-z_]+)"[^>]*>(?:<a href="[^"]*">)?([0-9,]+)/g)) row[c[1]] = Number(c[2].replace(/,/g, ''));
		out[m[1]] = row;
	}
	return out;
}

const COLS = {
	study: ['study', 'records'], study_people: ['study', 'participants'], training: ['training', 'participants'],
	training_hours: ['training', 'hours'], lecture: ['lecture', 'records'], lecture_audience: ['lecture', 'audience'],
	publicity: ['publicity', 'records'], implementation: ['implementation', 'records'],
};

describe('the dashboard without JavaScript', () => {
	test('cards and the children table equal the stats API for the same unit and months', async () => {
		const page = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04`);
		assert.equal(page.status, 200, page.text.slice(0, 300));
		const api = (await yuzhong.get(`/api/v1/orgs/${qx03.id}/stats?from=2024-03-01&to=2024-04-30`)).json;
		const c = cards(page.text);
		for (const kind of ['study', 'training', 'lecture', 'publicity', 'implementation'])
			for (const [fig, v] of Object.entries(c[kind])) assert.equal(v.value, api.kinds[kind][fig], `${kind}.${fig}`);
		// The figures themselves, so that both sides cannot be wrong together.
		assert.equal(c.study.records.value, 2);
		assert.equal(c.study.participants.value, 1246);
		assert.match(page.text, /data-figure="participants"><a href="[^"]*">1,246</, 'thousands separators');
		assert.equal(c.training.hours.value, 16);
		assert.equal(c.lecture.audience.value, 150);
		assert.equal(c.publicity.records.value, 1, 'only approved publicity counts');
		assert.equal(c.pending.records.value, 1, 'the submitted publicity waits for review');
		const kids = rows(page.text);
		const street = kids[jd01.id];
		const apiStreet = api.children.find((k) => k.org_id === jd01.id);
		for (const [col, [kind, fig]] of Object.entries(COLS)) assert.equal(street[col], apiStreet.kinds[kind][fig], col);
		assert.equal(street.study_people, 1234);
		assert.equal(Object.keys(kids).length, api.children.length, 'every child has a row');
	});

	test('a figure links to the ledger with the filter that gives its records; a child leads down', async () => {
		const page = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04`);
		const c = cards(page.text);
		const ledger = new URL(c.study.records.href, 'http://x');
		assert.equal(ledger.pathname, '/records');
		assert.deepEqual(Object.fromEntries(ledger.searchParams), {
			kind: 'study', org_id: String(qx03.id), subtree: '1', from: '2024-03-01', to: '2024-04-30',
		});
		assert.equal(new URL(c.publicity.records.href, 'http://x').searchParams.get('state'), 'approved');
		assert.equal(new URL(c.pending.records.href, 'http://x').searchParams.get('state'), 'submitted');
		// The same filter on the records API gives as many records as the card says.
		const list = await yuzhong.get(`/api/v1/records${ledger.search}`);
		assert.equal(list.status, 200, list.text);
		assert.equal(list.json.total, c.study.records.value);
		// The waiting publicity: the card and its ledger agree, for these months and for the year.
		const waiting = await yuzhong.get(`/api/v1/records${new URL(c.pending.records.href, 'http://x').search}`);
		assert.equal(waiting.json.total, c.pending.records.value);
		const year = cards((await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-01&to=2024-12`)).text);
		assert.equal(year.pending.records.value, 2, 'March and June wait');
		const yearList = await yuzhong.get(`/api/v1/records${new URL(year.pending.records.href, 'http://x').search}`);
		assert.equal(yearList.json.total, 2);
		const down = new URL(rows(page.text)[jd01.id].href, 'http://x');
		assert.equal(down.pathname, '/dashboard');
		assert.equal(down.searchParams.get('org_id'), String(jd01.id));
		assert.equal(down.searchParams.get('from'), '2024-03');
		const street = await yuzhong.get(down.pathname + down.search);
		assert.equal(street.status, 200);
		assert.equal(cards(street.text).study.participants.value, 1234);
		assert.match(street.text, /<nav class="crumbs"[\s\S]*渝中区科学技术协会[\s\S]*aria-current="page"/);
	});

	test('a campaign narrows the figures to its records', async () => {
		const camp = await office.post('/api/v1/campaigns', { org_id: qx03.id, name: uniq('专项'), start_date: '2024-01-01', end_date: '2024-12-31' });
		assert.equal(camp.status, 201, camp.text);
		const r = await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2024-04-20', title: '专项宣讲', audience: 30, campaign_id: camp.json.id });
		assert.equal(r.status, 201, r.text);
		const page = await yuzhong.get(`/dashboard?org_id=${qx03.id}&campaign_id=${camp.json.id}&from=2024-01&to=2024-12`);
		assert.equal(page.status, 200);
		const c = cards(page.text);
		assert.equal(c.lecture.records.value, 1);
		assert.equal(c.lecture.audience.value, 30);
		assert.equal(c.study.records.value, 0);
		assert.equal(new URL(c.lecture.records.href, 'http://x').searchParams.get('campaign_id'), String(camp.json.id));
	});

	test('sorting the children is done by the server, largest first and back', async () => {
		const desc = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04&sort=study_people`);
		assert.equal(desc.status, 200);
		const ids = [...desc.text.matchAll(/<tr data-org="(\d+)"/g)].map((m) => Number(m[1]));
		assert.equal(ids[0], jd01.id, 'the street with 1,234 study attendees comes first');
		const vals = Object.values(rows(desc.text));
		const ordered = ids.map((id) => rows(desc.text)[id].study_people);
		assert.deepEqual(ordered, [...ordered].sort((a, b) => b - a));
		assert.equal(vals.length, ids.length);
		const asc = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04&sort=study_people.asc`);
		const idsAsc = [...asc.text.matchAll(/<tr data-org="(\d+)"/g)].map((m) => Number(m[1]));
		assert.equal(idsAsc.at(-1), jd01.id);
		assert.equal((await yuzhong.get(`/dashboard?org_id=${qx03.id}&sort=bogus`)).status, 400);
	});

	test('the period is whole months: days are widened to their months, as the stats API does', async () => {
		const page = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03-15&to=2024-04-10`);
		assert.equal(page.status, 200);
		assert.match(page.text, /统计按整月进行/);
		assert.match(page.text, /2024-03-01 至 2024-04-30/);
		const whole = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04`);
		assert.deepEqual(cards(page.text), cards(whole.text));
		// The API silently counts the same whole months for days inside them.
		const api = (await yuzhong.get(`/api/v1/orgs/${qx03.id}/stats?from=2024-03-15&to=2024-04-10`)).json;
		assert.equal(api.kinds.study.records, cards(whole.text).study.records.value);
		for (const bad of ['from=2024-13&to=2024-12', 'from=2024-05&to=2024-04', 'from=24-01&to=2024-02', 'from=2000-01&to=2024-01'])
			assert.equal((await yuzhong.get(`/dashboard?org_id=${qx03.id}&${bad}`)).status, 400, bad);
	});

	test('a sibling district, an unknown unit and a campaign out of sight are 404', async () => {
		assert.equal((await jiangbei.get(`/dashboard?org_id=${qx03.id}`)).status, 404);
		assert.equal((await jiangbei.get(`/dashboard?org_id=${jd01.id}`)).status, 404);
		assert.equal((await yuzhong.get('/dashboard?org_id=987654321')).status, 404);
		assert.equal((await yuzhong.get('/dashboard?campaign_id=987654321')).status, 404);
		assert.equal((await auditor.get('/dashboard')).status, 403, 'the auditor reads no work records');
	});

	test('record readers land on their dashboard; the administrators keep the overview', async () => {
		const home = await yuzhong.get('/');
		assert.equal(home.status, 200);
		assert.match(home.text, /class="stats dash-cards"/);
		assert.match(home.text, /<strong>渝中区科学技术协会<\/strong>/);
		const audit = await auditor.get('/');
		assert.doesNotMatch(audit.text, /dash-cards/);
		assert.match(audit.text, /近 24 小时审计记录/);
	});

	test('the charts\' data is JSON that no unit name can break out of', async () => {
		const evil = '渝中</script><script>alert(1)</script>&<!--';
		const u = await office.post('/api/v1/orgs', { parent_id: qx03.id, code: uniq('EV'), name: evil, kind: '其他' });
		assert.equal(u.status, 201, u.text);
		const page = await yuzhong.get(`/dashboard?org_id=${qx03.id}&from=2024-03&to=2024-04`);
		const m = /<script type="application\/json" id="dash-data">([\s\S]*?)<\/script>/.exec(page.text);
		assert.ok(m, 'the data block is there');
		assert.doesNotMatch(m[1], /[<>&]/);
		const data = JSON.parse(m[1]);
		assert.ok(data.children.some((c) => c.name === evil), 'the name arrives intact');
		assert.equal(data.months.length, 2);
		assert.deepEqual(data.kinds.map((k) => k.code), ['study', 'training', 'publicity', 'lecture', 'implementation']);
		const street = data.children.find((c) => c.org_id === jd01.id);
		assert.equal(street.records[0], 1, 'study records of the street in the months asked for');
		assert.match(page.text, /渝中&lt;\/script&gt;/, 'the table escapes it as text');
	});
});

// The page's figures are kept on the connection with the API's answers (while the data is unchanged): after
// any write — on this server, on another process, a renamed or added unit — a view shows the new figures, and
// they equal the API's.
describe('the dashboard after writes', () => {
	const Q = 'from=2024-03&to=2024-04';
	async function view(s = yuzhong) {
		const page = await s.get(`/dashboard?org_id=${qx03.id}&${Q}`);
		assert.equal(page.status, 200, page.text.slice(0, 300));
		const api = (await s.get(`/api/v1/orgs/${qx03.id}/stats?from=2024-03-01&to=2024-04-30`)).json;
		const c = cards(page.text);
		for (const kind of ['study', 'training', 'lecture', 'publicity', 'implementation'])
			for (const [fig, v] of Object.entries(c[kind])) assert.equal(v.value, api.kinds[kind][fig], `${kind}.${fig}`);
		const kids = rows(page.text);
		for (const k of api.children)
			for (const [col, [kind, fig]] of Object.entries(COLS)) assert.equal(kids[k.org_id][col], k.kinds[kind][fig], `${k.org_id} ${col}`);
		const size = /本单位及下级（正常）([0-9,]+) 个单位，成员合计 ([0-9,]+) 人/.exec(page.text);
		assert.ok(size, 'the subtree\'s size is shown');
		return { c, kids, page: page.text, units: Number(size[1].replace(/,/g, '')) };
	}

	test('a write then a view shows the new figure, on this server and on another process', async () => {
		const first = await view();
		assert.deepEqual((await view()).c, first.c, 'nothing written: the same figures');
		const r = await yuzhong.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2024-04-15', title: '再宣讲', audience: 33 });
		assert.equal(r.status, 201, r.text);
		const second = await view();
		assert.equal(second.c.lecture.records.value, first.c.lecture.records.value + 1);
		assert.equal(second.c.lecture.audience.value, first.c.lecture.audience.value + 33);
		assert.equal(second.kids[jd01.id].lecture_audience, first.kids[jd01.id].lecture_audience + 33);
		// Another server process on the same database writes: this one's kept figures are not given again.
		const peer = await startPeer(srv);
		try {
			const onPeer = await peer.login('yuzhong');
			const w = await onPeer.post('/api/v1/records', { org_id: jd01.id, kind: 'study', date: '2024-03-20', title: '再学习', participants: 5 });
			assert.equal(w.status, 201, w.text);
			const pub = await onPeer.post('/api/v1/records', { org_id: jd01.id, kind: 'publicity', date: '2024-03-21', title: '稿件三', channel: '官网' });
			assert.equal(pub.status, 201, pub.text);
			assert.equal((await onPeer.post(`/api/v1/records/${pub.json.id}/submit`)).status, 200);
		} finally {
			await peer.stop();
		}
		const third = await view();
		assert.equal(third.c.study.records.value, second.c.study.records.value + 1);
		assert.equal(third.c.study.participants.value, second.c.study.participants.value + 5);
		assert.equal(third.c.pending.records.value, second.c.pending.records.value + 1, 'the submitted publicity waits');
	});

	test('a renamed and an added unit show at once', async () => {
		const before = await view();
		const name = uniq('街道');
		const u = await office.post('/api/v1/orgs', { parent_id: qx03.id, code: uniq('AD'), name, kind: '其他' });
		assert.equal(u.status, 201, u.text);
		const added = await view();
		assert.equal(added.units, before.units + 1);
		assert.ok(added.kids[u.json.id], 'the new unit has its row');
		const renamed = uniq('更名');
		assert.equal((await office.patch(`/api/v1/orgs/${u.json.id}`, { name: renamed })).status, 200);
		const after = await view();
		assert.match(after.page, new RegExp(`<tr data-org="${u.json.id}"[^>]*><td[^>]*><a class="drill" href="[^"]*">${renamed}<`));
	});
});
