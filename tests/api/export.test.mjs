// export: the auditor's CSV of the audit log — exactly the entries the filter selects (no paging), within
// the auditor's subtree, streamed from a file; the same checks as the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, testServer, uniq } from './lib.mjs';

let auditor;
const srv = testServer({}, async () => {
	// 120 changes by the office (more than one page of any list) plus 30 in 渝中区.
	const office = await srv.login('office');
	const yz = (await office.get('/api/v1/orgs?q=QX03')).json.items.find((o) => o.code === 'QX03');
	for (let i = 0; i < 120; i++)
		assert.equal((await office.patch(`/api/v1/orgs/${2 + (i % 40)}`, { members: 1000 + i })).status, 200);
	for (let i = 0; i < 30; i++) assert.equal((await office.patch(`/api/v1/orgs/${yz.id}`, { members: 2000 + i })).status, 200);
	auditor = await srv.login('auditor');
});

test('the export holds every selected entry, newest first, as a download', async () => {
	const list = await auditor.get('/api/v1/audit?action=org.update&limit=1');
	const r = await auditor.get('/audit/export?action=org.update');
	assert.equal(r.status, 200, r.text.slice(0, 200));
	assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
	assert.equal(r.headers['content-disposition'], 'attachment; filename="audit.csv"');
	assert.equal(r.headers['cache-control'], 'no-store');
	const rows = parseCsv(r.text);
	assert.deepEqual(rows[0], ['时间', '操作人', '来源地址', '操作', '对象类型', '对象编号', '摘要', '修改前', '修改后']);
	assert.equal(rows.length - 1, list.json.total);
	assert.ok(list.json.total >= 150);
	assert.equal(rows[1][3], list.json.items[0].action_label);
	assert.equal(rows[1][1], 'office');
	assert.match(rows[1][0], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
	assert.deepEqual(JSON.parse(rows[1][8]), list.json.items[0].after);
	for (const row of rows.slice(1)) assert.equal(row.length, 9);
});

test('the export takes the page filters; a bad date is refused like on the page', async () => {
	const yz = await auditor.get('/api/v1/audit?object_type=org&action=org.update&limit=1');
	const one = yz.json.items[0];
	const r = await auditor.get(`/audit/export?object_type=org&object_id=${one.object_id}`);
	const rows = parseCsv(r.text).slice(1);
	assert.ok(rows.length >= 1);
	for (const row of rows) assert.equal(row[5], one.object_id);
	const bad = await auditor.get('/audit/export?from=2026-13-01');
	assert.equal(bad.status, 400);
	assert.match(bad.headers['content-type'], /text\/html/);
	assert.equal(bad.headers['content-disposition'], undefined);
});

test('an auditor lower down exports only the subtree; other roles cannot export', async () => {
	const name = 'aud_' + uniq().toLowerCase();
	const add = srv.cli(['user', 'add', '--username', name, '--role', 'auditor', '--org', 'QX03'], 'Audit#Lower2026\n');
	assert.equal(add.status, 0, add.stderr);
	const lower = await srv.login(name, 'Audit#Lower2026');
	const mine = await lower.get('/api/v1/audit?limit=1');
	const rows = parseCsv((await lower.get('/audit/export')).text).slice(1);
	assert.equal(rows.length, mine.json.total);
	assert.ok(rows.length >= 30 && rows.length < 150, `${rows.length} rows in 渝中区's subtree`);
	for (const u of ['office', 'admin', 'secadmin']) {
		const s = await srv.login(u);
		assert.equal((await s.get('/audit/export')).status, 403, u);
	}
});

test('the audit page links to the export with its filters', async () => {
	const page = await auditor.get('/audit?action=org.update&from=2020-01-01');
	assert.equal(page.status, 200);
	assert.match(page.text, /href="\/audit\/export\?action=org\.update&amp;from=2020-01-01&amp;"/);
});

test('keyset paging (before=) walks every entry once, newest first, like the export', async () => {
	const seen = [];
	let before = 0;
	for (let guard = 0; guard < 100; guard++) {
		const r = await auditor.get(`/api/v1/audit?action=org.update&limit=40${before ? `&before=${before}` : ''}`);
		assert.equal(r.status, 200, r.text);
		seen.push(...r.json.items.map((e) => e.id));
		if (r.json.next_before === null) break;
		assert.equal(r.json.next_before, r.json.items.at(-1).id);
		before = r.json.next_before;
	}
	const total = (await auditor.get('/api/v1/audit?action=org.update&limit=1')).json.total;
	assert.equal(seen.length, total);
	assert.equal(new Set(seen).size, total, 'no entry twice');
	for (let i = 1; i < seen.length; i++) assert.ok(seen[i] < seen[i - 1], 'newest first');
	const bad = await auditor.get('/api/v1/audit?before=0');
	assert.equal(bad.status, 400);
	assert.equal(bad.json.error.field, 'before');
});
