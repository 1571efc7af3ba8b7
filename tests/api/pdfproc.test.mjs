// pdfproc: the server reads a PDF through its helper program (xuanguan-pdftext) in a process of its own. A
// damaged or password-protected PDF is refused as before; a PDF bomb is stopped at the time limit and the
// server goes on serving; a missing helper is the server's fault (500, logged), said plainly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BIN, ROOT, testServer } from './lib.mjs';

const FIX = path.join(ROOT, 'tests/directive/fixtures');
const make = (kind) => execFileSync('python3', [path.join(ROOT, 'tests/directive/pdfmake.py'), kind]);
let office;
// A short time limit, so the bomb is stopped soon; no test here reads a real PDF under it.
const srv = testServer({ env: { XUANGUAN_PDFTEXT_SECONDS: '2' } }, async () => {
	office = await srv.login('office');
});

const upload = (bytes) => office.postBytes('/api/v1/directive/parse', bytes);

test('a server with its helper says nothing about it at start-up', () => {
	assert.doesNotMatch(srv.log(), /PDF reader/);
});

test('a damaged and a password-protected PDF are refused with the reader\'s message', async () => {
	for (const kind of ['damaged', 'encrypted']) {
		const r = await upload(make(kind));
		assert.equal(r.status, 400, `${kind}: ${r.text}`);
		assert.equal(r.json.error.code, 'unreadable_document');
		assert.match(r.json.error.message, /该 PDF 没有可提取的文字/, kind);
	}
});

test('a PDF bomb is stopped at the time limit and the server goes on', async () => {
	const pid = srv.proc.pid;
	const r = await upload(make('bomb'));
	assert.equal(r.status, 400, r.text);
	assert.equal(r.json.error.code, 'unreadable_document');
	assert.match(r.json.error.message, /过于复杂/);
	// The same process answers the next document.
	const text = await upload(fs.readFileSync(path.join(FIX, 'shishi_yijian.txt')));
	assert.equal(text.status, 200, text.text);
	assert.equal(srv.proc.pid, pid);
	assert.equal(srv.proc.exitCode, null);
	// The helper was killed and reaped before the answer: no child of the server is left.
	let left = '';
	try {
		left = execFileSync('ps', ['-o', 'args=', '--ppid', String(pid)], { encoding: 'utf8' });
	} catch {
		/* ps exits 1 when there is no such process */
	}
	assert.doesNotMatch(left, /xuanguan-pdftext/);
});

test('a PDF imported into a campaign is read once, and its text kept as the original', async () => {
	// The real helper behind a wrapper that counts its runs.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-pdftext-'));
	const runs = path.join(dir, 'runs');
	const wrapper = path.join(dir, 'xuanguan-pdftext');
	fs.writeFileSync(wrapper, `#!/bin/sh\necho run >>'${runs}'\nexec '${path.join(path.dirname(BIN), 'xuanguan-pdftext')}' "$@"\n`, { mode: 0o755 });
	srv.opts.env = { XUANGUAN_PDFTEXT: wrapper };
	await srv.restart();
	office = await srv.login('office');
	const root = await srv.orgByCode('SKX');
	const c = await office.post('/api/v1/campaigns', { org_id: root.id, name: 'PDF 导入', start_date: '2024-01-01', end_date: '2024-12-31' });
	assert.equal(c.status, 201, c.text);
	const r = await office.request('POST', `/api/v1/directives?campaign_id=${c.json.id}&name=guoban.pdf`, {
		body: fs.readFileSync(path.join(FIX, 'guoban_pdf.pdf')),
		headers: { 'Content-Type': 'application/octet-stream' },
	});
	assert.equal(r.status, 201, r.text);
	// The title as the command line reads the same PDF (its snapshot).
	const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'guoban_pdf.expected.json'), 'utf8'));
	assert.equal(r.json.title, expected.title);
	assert.match(r.json.original, /^XX市人民政府办公厅/);
	assert.equal(fs.readFileSync(runs, 'utf8'), 'run\n');
	fs.rmSync(dir, { recursive: true, force: true });
});

test('without its helper the server says it cannot read PDFs, as its own fault, and logs why', async () => {
	srv.opts.env = { XUANGUAN_PDFTEXT: path.join(ROOT, 'build/no-such-dir/xuanguan-pdftext') };
	await srv.restart();
	office = await srv.login('office');
	const r = await upload(fs.readFileSync(path.join(FIX, 'guoban_pdf.pdf')));
	assert.equal(r.status, 500, r.text);
	assert.equal(r.json.error.code, 'pdf_reader_missing');
	assert.match(r.json.error.message, /服务器未安装PDF读取程序/);
	assert.match(srv.log(), /cannot start the PDF reader .*no-such-dir.*No such file/);
	// The operator was told at start-up, before anyone's upload.
	assert.match(srv.log(), /the PDF reader xuanguan-pdftext is not installed or cannot run/);
	// Other documents are still read.
	const text = await upload(fs.readFileSync(path.join(FIX, 'shishi_yijian.txt')));
	assert.equal(text.status, 200, text.text);
});
