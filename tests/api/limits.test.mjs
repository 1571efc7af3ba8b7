// limits: what one client must not be able to do to everyone else — hold every connection, trickle a
// request head for ever, take over a port, log a victim in from another site, or slip a cut path by.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { test } from 'node:test';
import { BIN, ROOT, request, testServer } from './lib.mjs';

const PER_ADDR = 5;
const HEAD_SECONDS = 2;
const srv = testServer({ serveArgs: ['--per-addr-limit', String(PER_ADDR), '--head-timeout', String(HEAD_SECONDS)] });

// A connection from localAddress that sends the start of a request head and then nothing.
// Resolves {sock, closed} where closed is a promise of whether the server ended it.
function openHalf(localAddress) {
	return new Promise((resolve) => {
		const sock = net.connect({ port: srv.port, host: '127.0.0.1', localAddress }, () => {
			sock.write('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n');
			resolve({ sock, closed });
		});
		const closed = new Promise((res) => sock.on('close', () => res(true)));
		sock.on('error', () => {});
		sock.on('data', () => {});
	});
}

// Raw bytes to the server; resolves with everything it answered until it closed (closed: true) or
// `waitMs` passed (closed: false).
function rawAnswer(bytes, waitMs = 3000) {
	return new Promise((resolve) => {
		let got = '';
		const sock = net.connect(srv.port, '127.0.0.1', () => sock.write(bytes));
		sock.on('data', (d) => (got += d.toString('utf8')));
		sock.on('error', () => {});
		sock.on('close', () => resolve({ got, closed: true }));
		setTimeout(() => {
			resolve({ got, closed: false });
			sock.destroy();
		}, waitMs).unref();
	});
}
const raw = async (bytes, waitMs) => (await rawAnswer(bytes, waitMs)).got;

test('one address cannot hold every connection: past its limit it is refused, others are answered', { timeout: 60000 }, async () => {
	const held = [];
	for (let i = 0; i < PER_ADDR; i++) held.push(await openHalf('127.0.0.2'));
	let heldClosed = 0;
	for (const h of held) h.closed.then(() => heldClosed++);
	const extra = await openHalf('127.0.0.2');
	// The extra connection is closed by the server at once, while the held ones (opened before it)
	// stay open: it is the limit that closed it, not the head deadline.
	assert.equal(await extra.closed, true);
	assert.equal(heldClosed, 0, 'the connections within the limit are still open');
	const other = await request(srv.base, 'GET', '/api/v1/me', { localAddress: '127.0.0.3' });
	assert.equal(other.status, 401, 'another address is answered while the first holds its limit');
	for (const h of held) h.sock.destroy();
});

test('a request head that trickles in is cut at the head deadline, and the server keeps answering', { timeout: 60000 }, async () => {
	const sock = net.connect({ port: srv.port, host: '127.0.0.1', localAddress: '127.0.0.4' });
	sock.on('error', () => {});
	let closed = false;
	sock.on('close', () => (closed = true));
	await new Promise((r) => sock.on('connect', r));
	sock.write('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n');
	// One header line every 400 ms restarts an idle timer for ever; the head deadline does not move.
	let lines = 0;
	while (!closed && lines < 50) {
		await new Promise((r) => setTimeout(r, 400));
		if (!closed) sock.write(`X-Trickle-${lines++}: x\r\n`);
	}
	assert.equal(closed, true, `the server ended a head that was still arriving after ${lines} lines`);
	assert.ok(lines < 50);
	const r = await request(srv.base, 'GET', '/api/v1/me', { localAddress: '127.0.0.4' });
	assert.equal(r.status, 401);
});

test('a second server on a port in use refuses to start and says why', { timeout: 60000 }, async () => {
	const proc = spawn(BIN, ['serve', '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`], { cwd: ROOT });
	let err = '';
	proc.stderr.on('data', (d) => (err += d));
	const code = await new Promise((r) => proc.on('exit', (c, sig) => r(c ?? sig)));
	assert.equal(code, 1);
	assert.match(err, /cannot listen on 127\.0\.0\.1:\d+/);
	// The first server still answers every request on its port.
	for (let i = 0; i < 4; i++) assert.equal((await srv.get('/api/v1/me')).status, 401);
});

test('a login posted from another site is refused; from our own pages and from scripts it works', { timeout: 60000 }, async () => {
	const login = { username: 'office', password: 'Xuanguan@2026' };
	const cross = await srv.request('POST', '/api/v1/login', { json: login, headers: { Origin: 'http://evil.example' } });
	assert.equal(cross.status, 403);
	assert.equal(cross.json.error.code, 'cross_site');
	assert.equal(cross.headers['set-cookie'], undefined);
	const fetchSite = await srv.request('POST', '/api/v1/login', { json: login, headers: { 'Sec-Fetch-Site': 'cross-site' } });
	assert.equal(fetchSite.status, 403);
	const nullOrigin = await srv.request('POST', '/api/v1/login', { json: login, headers: { Origin: 'null' } });
	assert.equal(nullOrigin.status, 403);
	const page = await srv.request('POST', '/login', {
		body: 'username=office&password=Xuanguan%402026',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example' },
	});
	assert.equal(page.status, 403);
	assert.match(page.headers['content-type'], /text\/html/);
	assert.equal(page.headers['set-cookie'], undefined);
	const own = await srv.request('POST', '/api/v1/login', {
		json: login,
		headers: { Origin: srv.base, 'Sec-Fetch-Site': 'same-origin' },
	});
	assert.equal(own.status, 200, own.text);
	const script = await srv.request('POST', '/api/v1/login', { json: login });
	assert.equal(script.status, 200, script.text);
});

test('%00 in a path is refused, not cut short', { timeout: 60000 }, async () => {
	const r = await srv.request('GET', '/api/v1/orgs/24%00/../31');
	assert.equal(r.status, 400);
	assert.equal(r.json.error.code, 'invalid_path');
	const page = await srv.request('GET', '/orgs/1%00');
	assert.equal(page.status, 400);
	assert.match(page.headers['content-type'], /text\/html/);
});

test('HTTP/1.1 without Host is refused; HTTP/1.0 without it is answered', { timeout: 60000 }, async () => {
	const noHost = await raw('GET /api/v1/me HTTP/1.1\r\n\r\n');
	assert.match(noHost, /^HTTP\/1\.1 400 /);
	assert.match(noHost, /missing_host/);
	const old = await raw('GET /api/v1/me HTTP/1.0\r\n\r\n');
	assert.match(old, /^HTTP\/1\.[01] 401 /);
});

test('a media type is the whole name: application/jsonfoo is not JSON', { timeout: 60000 }, async () => {
	const body = JSON.stringify({ username: 'staff', password: 'x' });
	for (const ct of ['application/jsonfoo', 'application/json-patch', 'application/jsonp; charset=utf-8']) {
		const r = await srv.request('POST', '/api/v1/login', { body, headers: { 'Content-Type': ct } });
		assert.equal(r.status, 415, ct);
		assert.equal(r.json.error.code, 'unsupported_media_type');
	}
	const ok = await srv.request('POST', '/api/v1/login', { body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
	assert.equal(ok.status, 401);
});

// libmicrohttpd 0.9.75 answers the first of several pipelined requests and then waits for the socket
// (docs/security.md): the head deadline, not the 30 s idle timeout, ends such a connection.
test('pipelined requests: the first is answered and the connection ends at the head deadline', { timeout: 60000 }, async () => {
	const one = 'GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
	const r = await rawAnswer(one + one + one, (HEAD_SECONDS + 6) * 1000);
	assert.match(r.got, /^HTTP\/1\.1 401 /);
	assert.equal(r.closed, true, 'the server closed the connection');
});
