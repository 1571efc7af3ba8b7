// slow: what takes real time — idle session expiry and the connection time limit (slow clients). About 80 s.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { sleep, testServer } from './lib.mjs';

let activeResult;
const srv = testServer({}, async () => {
	const sa = await srv.login('secadmin');
	const r = await sa.patch('/api/v1/security/policy', { session_idle: 60 });
	assert.equal(r.status, 200, r.text);
});

// Open a connection, send half a request and wait; resolves with the seconds until the server closed it.
function halfRequest(port) {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const s = net.connect(port, '127.0.0.1', () => s.write('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
		s.on('data', () => {});
		s.on('error', () => {});
		s.on('close', () => resolve((Date.now() - t0) / 1000));
		setTimeout(() => {
			s.destroy();
			resolve(Infinity);
		}, 90000).unref();
	});
}

test('a session idle longer than the policy allows ends; slow clients are cut off and do not block others', async () => {
	const idle = await srv.login('leader');
	// Meanwhile a session used every 20 s (its result is checked by the next test).
	const active = await srv.login('leader');
	activeResult = (async () => {
		const seen = [];
		for (let i = 0; i < 3; i++) {
			await sleep(21000);
			seen.push((await active.get('/api/v1/me')).status);
		}
		return seen;
	})();
	const slow = Array.from({ length: 30 }, () => halfRequest(srv.port));

	// While 30 half-open connections wait, everyone else is served.
	await sleep(1000);
	// From ten addresses: more simultaneous attempts on one account from one address than the lock-out limit are
	// refused before hashing (lockout.test.mjs), which is not what this test is about.
	const busy = await Promise.all(Array.from({ length: 10 }, (_, i) => srv.tryLogin('office', undefined, { localAddress: `127.0.4.${i + 1}` })));
	assert.deepEqual(busy.map((r) => r.status), Array(10).fill(200), 'served while slow clients hang');

	await sleep(64000);
	assert.equal((await idle.get('/api/v1/me')).status, 401, 'idle for 65 s with session_idle 60: ended');

	const closedAfter = await Promise.all(slow);
	for (const t of closedAfter) assert.ok(t < 60, `a half-sent request held its connection for ${t} s`);
	assert.equal((await srv.tryLogin('office')).status, 200);
});

test(
	'a session in use is not ended by idle expiry, even at the shortest idle time the policy allows',
	async () => {
		assert.deepEqual(await activeResult, [200, 200, 200], 'used at 21, 42 and 63 s');
	},
);
