// record-export: the ledger as CSV and Excel — exactly the rows of the list's filter, within the caller's
// subtree, formulas neutralised — and CSV import of records: all or nothing, a report line per bad row,
// GBK accepted, an export imports again (API and command line).
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { parseCsv, startServer, stats, testServer } from './lib.mjs';

let office, yuzhong, jiangbei;
let qx03, jd01, campaignId;
const srv = testServer({}, async () => {
	({ office, yuzhong, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'jiangbei']));
	({ qx03, jd01 } = await srv.units(['QX03', 'QX03-JD01']));
	const c = await office.post('/api/v1/campaigns', { org_id: (await srv.orgByCode('SKX')).id, name: '导出专项', start_date: '2024-01-01', end_date: '2024-12-31' });
	assert.equal(c.status, 201, c.text);
	campaignId = c.json.id;
	const add = async (body) => {
		const r = await yuzhong.post('/api/v1/records', body);
		assert.equal(r.status, 201, r.text);
		return r.json;
	};
	for (let i = 0; i < 30; i++)
		await add({ org_id: i % 2 ? jd01.id : qx03.id, kind: 'study', date: `2024-0${1 + (i % 6)}-1${i % 10}`, title: `学习${i}`, participants: 10 + i, form: '党课', mode: '集中研学', expected: 40, campaign_id: i % 3 === 0 ? campaignId : undefined });
	for (let i = 0; i < 5; i++)
		await add({ org_id: qx03.id, kind: 'training', date: `2024-03-0${1 + i}`, title: `培训${i}`, participants: 20, hours: 8, online: i % 2 === 0, start_date: '2024-03-01' });
	for (const title of ['=1+1', '+1', '-1', '@SUM(A1:A2)', '普通, "带引号"'])
		await add({ org_id: jd01.id, kind: 'lecture', date: '2024-07-01', title, audience: 50, venue_kind: '社区' });
});

// The raw bytes of a GET (the shared helper decodes text as UTF-8).
function getRaw(session, urlPath) {
	const u = new URL(session.server.base);
	return new Promise((resolve, reject) => {
		http.get({ host: u.hostname, port: u.port, path: urlPath, headers: { Cookie: session.cookie }, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		}).on('error', reject);
	});
}

// Every row of the list (paged through) for a query.
async function listAll(session, query) {
	const items = [];
	for (let offset = 0; ; offset += 100) {
		const r = await session.get(`/api/v1/records?${query}&limit=100&offset=${offset}`);
		assert.equal(r.status, 200, r.text);
		items.push(...r.json.items);
		if (items.length >= r.json.total) return items;
	}
}

describe('exports', () => {
	test('the CSV holds exactly the rows of the list, for several filters, in its order', async () => {
		const filters = [
			`org_id=${qx03.id}&subtree=1`,
			`org_id=${qx03.id}&subtree=1&kind=study`,
			`org_id=${qx03.id}&kind=study`,
			`kind=study&campaign_id=${campaignId}`,
			`kind=training&from=2024-03-02&to=2024-03-04`,
			`q=${encodeURIComponent('学习1')}&kind=study`,
		];
		for (const f of filters) {
			const list = await listAll(yuzhong, f);
			const r = await yuzhong.get(`/api/v1/records.csv?${f}`);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
			assert.match(r.headers['content-disposition'], /^attachment; filename="records(-[a-z]+)?\.csv"; filename\*=UTF-8''%E5%B7%A5%E4%BD%9C%E5%8F%B0%E8%B4%A6/);
			const rows = parseCsv(r.text);
			const body = rows.slice(1);
			assert.equal(body.length, list.length, f);
			const ti = rows[0].indexOf('标题'), di = rows[0].indexOf('日期');
			// A formula-like title comes back behind the apostrophe that disarms it.
			const unguard = (t) => (/^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t);
			assert.deepEqual(body.map((x) => [x[di], unguard(x[ti])]), list.map((x) => [x.date, x.title]), f);
		}
	});

	test('a kind has its own columns in Chinese, choices and booleans as text; no kind has the common ones', async () => {
		const study = parseCsv((await yuzhong.get(`/api/v1/records.csv?kind=study&campaign_id=${campaignId}`)).text);
		assert.deepEqual(study[0], ['单位', '单位编码', '日期', '标题', '专项工作', '人数', '形式', '方式', '学习主题', '学习材料', '主持人', '应到人数', '会议记录', '填报人', '填报时间']);
		const row = study[1];
		assert.equal(row[4], '导出专项');
		assert.equal(row[6], '党课');
		assert.equal(row[11], '40');
		assert.match(row[14], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
		const training = parseCsv((await yuzhong.get('/api/v1/records.csv?kind=training')).text);
		assert.deepEqual(training[0].slice(5, 7), ['人数', '学时']);
		const online = training[0].indexOf('线上培训');
		assert.deepEqual([...new Set(training.slice(1).map((x) => x[online]))].sort(), ['否', '是']);
		const all = parseCsv((await yuzhong.get(`/api/v1/records.csv?org_id=${qx03.id}&subtree=1`)).text);
		assert.deepEqual(all[0], ['单位', '单位编码', '日期', '标题', '专项工作', '类型', '人数', '受众人次', '学时', '状态', '填报人', '填报时间']);
	});

	test('cells a spreadsheet would run as formulas are written as text', async () => {
		const r = await yuzhong.get('/api/v1/records.csv?kind=lecture&from=2024-07-01&to=2024-07-01');
		const raw = r.text;
		for (const bad of ['=1+1', '+1', '-1', '@SUM(A1:A2)']) {
			assert.ok(raw.includes(`"'${bad}"`), `${bad} is quoted behind an apostrophe`);
			assert.ok(!new RegExp(`(^|,)${bad.replace(/[+()]/g, '\\$&')}(,|\\r)`, 'm').test(raw), `${bad} never bare`);
		}
		assert.ok(raw.includes('"普通, ""带引号"""'));
	});

	test('a sibling district gets 404 for the subtree and sees none of it unfiltered', async () => {
		assert.equal((await jiangbei.get(`/api/v1/records.csv?org_id=${qx03.id}`)).status, 404);
		assert.equal((await jiangbei.get(`/api/v1/records.xlsx?org_id=${qx03.id}&subtree=1`)).status, 404);
		const rows = parseCsv((await jiangbei.get('/api/v1/records.csv')).text);
		assert.equal(rows.length, 1, 'only the header');
		assert.equal((await jiangbei.get('/api/v1/records.csv?kind=nope')).status, 400);
		assert.equal((await jiangbei.get('/api/v1/records.csv?from=2024-13-01')).status, 400);
	});

	test('the Excel file is a workbook whose sheet holds the Chinese headers and exactly the rows', async () => {
		const f = `org_id=${qx03.id}&subtree=1&kind=training`;
		const list = await listAll(yuzhong, f);
		const r = await getRaw(yuzhong, `/api/v1/records.xlsx?${f}`);
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.match(r.headers['content-disposition'], /filename="records-training\.xlsx"; filename\*=UTF-8''/);
		assert.equal(r.body.subarray(0, 2).toString(), 'PK');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-xlsx-'));
		const file = path.join(dir, 'a.xlsx');
		fs.writeFileSync(file, r.body);
		const sheet = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
		fs.rmSync(dir, { recursive: true });
		for (const h of ['单位编码', '日期', '标题', '人数', '学时', '线上培训']) assert.ok(sheet.includes(`>${h}<`), h);
		assert.equal((sheet.match(/<row /g) || []).length, list.length + 1);
		for (const it of list) assert.ok(sheet.includes(`>${it.title}<`), it.title);
		assert.ok(sheet.includes('<v>8</v>'), 'hours are numbers');
		assert.ok(!sheet.includes('<f>'), 'no formula anywhere');
		assert.ok(sheet.includes('<pane '), 'the header row is frozen');
	});

	test('formula-like titles are string cells in Excel', async () => {
		const r = await getRaw(yuzhong, '/api/v1/records.xlsx?kind=lecture&from=2024-07-01&to=2024-07-01');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-xlsx-'));
		fs.writeFileSync(path.join(dir, 'a.xlsx'), r.body);
		const sheet = spawnSync('unzip', ['-p', path.join(dir, 'a.xlsx'), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
		fs.rmSync(dir, { recursive: true });
		assert.ok(sheet.includes('>=1+1<') && sheet.includes('>@SUM(A1:A2)<'));
		assert.ok(!sheet.includes('<f>'));
	});
});

// POST a CSV body (a string or a Buffer) to the import.
function importCsv(session, kind, body) {
	return session.request('POST', `/api/v1/records/import?kind=${kind}`, { body, headers: { 'Content-Type': 'text/csv' } });
}
describe('imports', () => {
	test('an export imports into another server as the same figures', async () => {
		const csv = (await yuzhong.get(`/api/v1/records.csv?org_id=${qx03.id}&subtree=1&kind=study`)).text;
		const other = await startServer();
		try {
			const o = await other.login('office');
			const c = await o.post('/api/v1/campaigns', { org_id: (await other.orgByCode('SKX')).id, name: '导出专项', start_date: '2024-01-01', end_date: '2024-12-31' });
			assert.equal(c.status, 201);
			const r = await importCsv(await other.login('yuzhong'), 'study', csv);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.imported, 30);
			const q = '?from=2024-01-01&to=2024-12-31';
			const oq = (await other.orgByCode('QX03')).id;
			assert.deepEqual((await stats(o, oq, q)).kinds.study, (await stats(office, qx03.id, q)).kinds.study);
			const byCamp = await stats(o, oq, `${q}&campaign_id=${c.json.id}`);
			assert.equal(byCamp.kinds.study.records, 10);
			const audit = await (await other.login('auditor')).get('/api/v1/audit?action=record.import');
			assert.equal(audit.json.total, 1);
			assert.match(audit.json.items[0].summary, /导入 30 条理论学习台账/);
			const check = other.cli(['check']);
			assert.equal(check.status, 0, check.stdout + check.stderr);
		} finally {
			await other.stop();
		}
	});

	test('one bad row imports nothing and the report names its line', async () => {
		const before = await stats(office, qx03.id, '?from=2023-01-01&to=2023-12-31');
		const csv = '单位编码,日期,标题,人数,是否\r\n';
		const r0 = await importCsv(yuzhong, 'study', csv);
		assert.equal(r0.status, 400);
		assert.equal(r0.json.rows[0].line, 1);
		assert.match(r0.json.rows[0].message, /表头“是否”不是理论学习台账的列/);
		const body = ['单位编码,日期,标题,人数,形式', 'QX03,2023-05-01,好,12,党课', 'QX03,2023-05-02,好,十二,党课', 'QX03,2023-02-30,坏日期,1,党课', 'QX05,2023-05-03,别区的,1,党课', 'QX03,2023/5/4,斜线日期,3,不存在的形式', ''].join('\r\n');
		const r = await importCsv(yuzhong, 'study', body);
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'bad_rows');
		assert.deepEqual(r.json.rows.map((x) => x.line), [3, 4, 5, 6]);
		assert.match(r.json.rows[0].message, /^人数：/);
		assert.match(r.json.rows[1].message, /^日期：/);
		assert.match(r.json.rows[2].message, /单位编码不存在/);
		assert.match(r.json.rows[3].message, /^形式：/);
		const after = await stats(office, qx03.id, '?from=2023-01-01&to=2023-12-31');
		assert.deepEqual(after.kinds, before.kinds, 'nothing imported');
		const ok = await importCsv(yuzhong, 'study', ['单位,日期,标题,人数', `${jd01.name},2023/5/4,按名称,3`].join('\n'));
		assert.equal(ok.status, 200, ok.text);
		assert.equal((await stats(office, jd01.id, '?from=2023-05-01&to=2023-05-31')).kinds.study.participants, 3);
	});

	test('a GBK file as Excel saves it on Chinese Windows is read', async () => {
		const text = '单位编码,日期,标题,受众人次,宣讲形式,志愿服务\r\nQX03-JD01,2023-08-08,国标编码宣讲,77,互动化,是\r\n';
		const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text });
		assert.equal(gbk.status, 0);
		assert.notDeepEqual(gbk.stdout, Buffer.from(text));
		const r = await importCsv(yuzhong, 'lecture', gbk.stdout);
		assert.equal(r.status, 200, r.text);
		const list = await yuzhong.get(`/api/v1/records?kind=lecture&q=${encodeURIComponent('国标编码宣讲')}`);
		assert.equal(list.json.total, 1);
		assert.equal(list.json.items[0].format, '互动化');
		assert.equal(list.json.items[0].volunteer, true);
		assert.equal(list.json.items[0].audience, 77);
		const junk = await importCsv(yuzhong, 'lecture', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80, 0x81]));
		assert.equal(junk.status, 400);
		assert.equal(junk.json.error.code, 'invalid_encoding');
	});

	test('the import needs a kind, a body and a writer; a sibling unit is refused', async () => {
		assert.equal((await importCsv(yuzhong, 'nope', '单位编码,日期,标题\r\n')).status, 400);
		assert.equal((await yuzhong.request('POST', '/api/v1/records/import?kind=study', { body: '', headers: { 'Content-Type': 'text/csv' } })).status, 400);
		const leader = await srv.login('leader');
		assert.equal((await importCsv(leader, 'study', '单位编码,日期,标题\r\nSKX,2023-01-01,x\r\n')).status, 403);
		const r = await importCsv(jiangbei, 'study', '单位编码,日期,标题\r\nQX03,2023-01-01,越权\r\n');
		assert.equal(r.status, 400);
		assert.match(r.json.rows[0].message, /不在您管理的范围内/);
	});

	test('the command line imports all or nothing and says so in its exit code', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-imp-'));
		const good = path.join(dir, 'good.csv'), bad = path.join(dir, 'bad.csv');
		fs.writeFileSync(good, '\ufeff单位编码,日期,标题,指标,指标值\r\nQX03,2023-09-01,命令行导入,覆盖率,95\r\n');
		fs.writeFileSync(bad, '单位编码,日期,标题,指标值\r\nQX03,2023-09-02,好,1\r\nQX03,2023-09-03,坏,-5\r\n');
		const ok = srv.cli(['record', 'import', '--kind', 'implementation', good]);
		assert.equal(ok.status, 0, ok.stderr);
		assert.match(ok.stdout, /imported 1 records/);
		const no = srv.cli(['record', 'import', '--kind', 'implementation', bad]);
		assert.equal(no.status, 1);
		assert.match(no.stderr, /第 3 行：指标值：/);
		assert.equal(srv.cli(['record', 'import', '--kind', 'nope', good]).status, 2);
		assert.equal(srv.cli(['record', 'import', good]).status, 2);
		fs.rmSync(dir, { recursive: true });
	});

	test('the command line records its imports at the system clock (XUANGUAN_NOW), as the server does', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-imp-'));
		const f = path.join(dir, 'clock.csv');
		fs.writeFileSync(f, '单位编码,日期,标题,指标,指标值\r\nQX03,2023-09-04,按系统时钟导入,覆盖率,90\r\n');
		const now = '2025-03-05T09:00:00+08:00';
		const ok = srv.cli(['record', 'import', '--kind', 'implementation', f], '', { env: { XUANGUAN_NOW: now } });
		assert.equal(ok.status, 0, ok.stderr);
		fs.rmSync(dir, { recursive: true });
		const list = await yuzhong.get(`/api/v1/records?kind=implementation&q=${encodeURIComponent('按系统时钟导入')}`);
		assert.equal(list.status, 200, list.text);
		assert.equal(list.json.items.length, 1);
		// The clock runs on from XUANGUAN_NOW: the record is stamped within the run, never at the machine's date.
		const at = list.json.items[0].recorded_at, start = Date.parse(now) / 1000;
		assert.ok(at >= start && at < start + 3600, `recorded_at ${at} is not at ${now}`);
	});

	test('the upload page and its templates', async () => {
		const page = await yuzhong.get('/records/import?kind=lecture');
		assert.equal(page.status, 200);
		assert.match(page.text, /<option value="lecture" selected>宣讲活动<\/option>/);
		assert.match(page.text, /record-import\.js/);
		const t = await yuzhong.get('/records/import/template.csv?kind=training');
		assert.equal(t.status, 200);
		assert.equal(t.text, '\ufeff单位,单位编码,日期,标题,专项工作,人数,学时,专题班,期次,主办单位,开始日期,结束日期,线上培训\r\n');
		assert.equal((await (await srv.login('leader')).get('/records/import')).status, 403);
	});
});
