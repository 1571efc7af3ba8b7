// directive: a document uploaded to POST /api/v1/directive/parse is read exactly as `xuanguan directive
// parse` reads it; uploads may pass the 1 MiB body limit up to the server's upload limit, nothing else may.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli, testServer } from './lib.mjs';

const FIX = path.join(ROOT, 'tests/directive/fixtures');
let office;
const srv = testServer({ serveArgs: ['--upload-max', '3'] }, async () => {
	office = await srv.login('office');
});

const upload = (session, bytes, q = '') => session.postBytes('/api/v1/directive/parse' + q, bytes);

// The command line's reading of the same file, for comparison.
function cli(file) {
	const r = runCli(['directive', 'parse', file]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

test('a text directive and a PDF are read as the command line reads them', async () => {
	for (const name of ['shishi_yijian.txt', 'guoban_pdf.pdf', 'gbk_tongzhi.txt']) {
		const file = path.join(FIX, name);
		if (!fs.existsSync(file)) assert.fail(`fixture ${name} is missing`);
		const r = await upload(office, fs.readFileSync(file));
		assert.equal(r.status, 200, `${name}: ${r.text.slice(0, 300)}`);
		assert.match(r.headers['content-type'], /^application\/json/);
		assert.deepEqual(r.json, cli(file), name);
	}
});

test('an upload past 1 MiB is taken up to the upload limit, and refused past it with the limit named', async () => {
	const para = '各级科协要认真学习宣传贯彻会议精神，切实把思想和行动统一到中央决策部署上来。\n';
	const doc = '关于认真学习宣传贯彻会议精神的通知\n各区县科协：\n' + para.repeat(Math.ceil((2 << 20) / Buffer.byteLength(para)));
	const big = Buffer.from(doc);
	assert.ok(big.length > 2 << 20);
	const ok = await upload(office, big);
	assert.equal(ok.status, 200, ok.text.slice(0, 300));
	assert.equal(ok.json.title, '关于认真学习宣传贯彻会议精神的通知');
	const tooBig = await upload(office, Buffer.concat([big, big]));
	assert.equal(tooBig.status, 413);
	assert.equal(tooBig.json.error.code, 'too_large');
	assert.match(tooBig.json.error.message, /上限 3 MiB/);
	// Other routes keep the 1 MiB limit.
	const json = await office.request('POST', '/api/v1/orgs', {
		body: JSON.stringify({ parent_id: 1, code: 'X', name: 'x'.repeat(2 << 20), kind: '区县科协' }),
		headers: { 'Content-Type': 'application/json' },
	});
	assert.equal(json.status, 413);
	assert.match(json.json.error.message, /上限 1 MiB/);
});

test('files the reader cannot read are refused with what to do, in Chinese', async () => {
	const cases = [
		[Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]), /另存为 \.docx/],
		[Buffer.from('%PDF-1.4\n%%EOF\n'), /PDF/],
		[Buffer.from('hello world, no Chinese here at all\n'), /中文公文/],
	];
	for (const [bytes, message] of cases) {
		const r = await upload(office, bytes);
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'unreadable_document');
		assert.match(r.json.error.message, message);
	}
	const empty = await upload(office, Buffer.alloc(0));
	assert.equal(empty.status, 400);
	assert.equal(empty.json.error.code, 'empty_body');
});

test('only roles that work with directives may upload; a cookie session needs its CSRF token', async () => {
	const text = fs.readFileSync(path.join(FIX, 'shishi_yijian.txt'));
	const reporter = await srv.login('yuzhong');
	assert.equal((await upload(reporter, text)).status, 403);
	const anon = await srv.request('POST', '/api/v1/directive/parse', { body: text });
	assert.equal(anon.status, 401);
	const noCsrf = await office.request('POST', '/api/v1/directive/parse', { body: text, csrf: false });
	assert.equal(noCsrf.status, 403);
	assert.equal(noCsrf.json.error.code, 'csrf');
	const supervisor = await srv.login('stdw');
	assert.equal((await upload(supervisor, text)).status, 200);
});
