// ledger: the order of GET /api/v1/records (sort, a whitelist of keys) and the review page's queue rule seen
// through the pages' data — on both backends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer, uniq } from './lib.mjs';

let yuzhong, qx03;
const srv = testServer({}, async () => {
	yuzhong = await srv.login('yuzhong');
	qx03 = await srv.orgByCode('QX03');
});

async function titles(query) {
	const r = await yuzhong.get('/api/v1/records?' + query);
	assert.equal(r.status, 200, r.text);
	return r.json.items.map((i) => i.title);
}

test('records sort by date, unit, title and figures, both ways; the default is newest first', async () => {
	const q = uniq('S');
	const rows = [
		{ day: '2024-01-05', n: 30, t: 'b' },
		{ day: '2024-01-07', n: 20, t: 'c' },
		{ day: '2024-01-06', n: 10, t: 'a' },
	];
	for (const r of rows) {
		const c = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'training', date: r.day,
			title: `${q}-${r.t}`, participants: r.n, hours: 100 - r.n });
		assert.equal(c.status, 201, c.text);
	}
	const base = `kind=training&q=${q}`;
	assert.deepEqual(await titles(base), [`${q}-c`, `${q}-a`, `${q}-b`]);
	assert.deepEqual(await titles(base + '&sort=-date'), [`${q}-c`, `${q}-a`, `${q}-b`]);
	assert.deepEqual(await titles(base + '&sort=date'), [`${q}-b`, `${q}-a`, `${q}-c`]);
	assert.deepEqual(await titles(base + '&sort=title'), [`${q}-a`, `${q}-b`, `${q}-c`]);
	assert.deepEqual(await titles(base + '&sort=-title'), [`${q}-c`, `${q}-b`, `${q}-a`]);
	// Each order differs from the default one (c, a, b), so a key that fell back to it would show.
	assert.deepEqual(await titles(base + '&sort=participants'), [`${q}-a`, `${q}-c`, `${q}-b`]);
	assert.deepEqual(await titles(base + '&sort=-participants'), [`${q}-b`, `${q}-c`, `${q}-a`]);
	assert.deepEqual(await titles(base + '&sort=hours'), [`${q}-b`, `${q}-c`, `${q}-a`]);
	assert.deepEqual(await titles(base + '&sort=-hours'), [`${q}-a`, `${q}-c`, `${q}-b`]);
	// One unit: by unit the date decides, newest first.
	assert.deepEqual(await titles(base + '&sort=org'), [`${q}-c`, `${q}-a`, `${q}-b`]);
	// The sort applies before the page is cut.
	assert.deepEqual(await titles(base + '&sort=title&limit=1&offset=1'), [`${q}-b`]);
});

test('a sort key outside the whitelist is refused, never pasted', async () => {
	for (const key of ['r.id', 'date;DROP TABLE records', 'day', '--date', 'DATE']) {
		const r = await yuzhong.get('/api/v1/records?sort=' + encodeURIComponent(key));
		assert.equal(r.status, 400, key);
		assert.equal(r.json.error.field, 'sort');
	}
});

// The ledger page's totals are one query over the list's filter (db_record_totals): read them from the page.
function pageTotal(html, which) {
	const m = new RegExp(`data-total="${which}">([0-9,]+)<`).exec(html);
	assert.ok(m, `total ${which} on the page`);
	return Number(m[1].replace(/,/g, ''));
}

test('the ledger page totals what its filter selects, and counts publicity only once approved', async () => {
	const q = uniq('T');
	for (const [day, n] of [['2023-02-01', 5], ['2023-02-10', 7], ['2023-03-01', 11]])
		assert.equal((await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'training', date: day,
			title: `${q}-${day}`, participants: n, hours: 2 * n })).status, 201);
	let r = await yuzhong.get(`/records?kind=training&q=${q}`);
	assert.equal(r.status, 200);
	assert.equal(pageTotal(r.text, 'records'), 3);
	assert.equal(pageTotal(r.text, 'participants'), 23);
	assert.equal(pageTotal(r.text, 'hours'), 46);
	r = await yuzhong.get(`/records?kind=training&q=${q}&from=2023-02-05&to=2023-03-31`);
	assert.equal(pageTotal(r.text, 'records'), 2);
	assert.equal(pageTotal(r.text, 'participants'), 18);
	// Another kind under the same words is not summed.
	r = await yuzhong.get(`/records?kind=study&q=${q}`);
	assert.equal(pageTotal(r.text, 'records'), 0);
	// Publicity: every row in 条数, only the approved in the counted figure.
	const office = await srv.login('office');
	const ids = [];
	for (const t of ['a', 'b']) {
		const c = await yuzhong.post('/api/v1/records', { org_id: qx03.id, kind: 'publicity', date: '2023-04-01', title: `${q}-p${t}` });
		ids.push(c.json.id);
		assert.equal((await yuzhong.post(`/api/v1/records/${c.json.id}/submit`)).status, 200);
	}
	assert.equal((await office.post(`/api/v1/records/${ids[0]}/approve`)).status, 200);
	assert.equal((await office.post(`/api/v1/records/${ids[1]}/return`, { reason: '重写' })).status, 200);
	r = await yuzhong.get(`/records?kind=publicity&q=${q}`);
	assert.equal(pageTotal(r.text, 'records'), 2);
	assert.equal(pageTotal(r.text, 'counted'), 1);
	r = await yuzhong.get(`/records?kind=publicity&q=${q}&state=returned`);
	assert.equal(pageTotal(r.text, 'records'), 1);
	assert.equal(pageTotal(r.text, 'counted'), 0);
});
