// lockout: repeated wrong passwords lock the guesser's line (account at an address) or the guessing address, and only slow
// the account across addresses; its owner still logs in, and racing guesses never pass the limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PASSWORD, isChineseError, testServer } from './lib.mjs';

const WRONG = 'Wrong#Pass2026';
const srv = testServer();

describe('per-account lock at one address', () => {
	test('5 wrong passwords from one address lock the account there: even the right password answers 429 with Retry-After', async () => {
		for (let i = 1; i <= 5; i++) {
			const r = await srv.tryLogin('leader', WRONG, { localAddress: '127.0.0.4' });
			// The fifth failure is still answered as a failure (401); it sets the lock for what follows.
			assert.equal(r.status, 401, `attempt ${i}: ${r.status}`);
			assert.equal(r.json.error.code, 'bad_credentials');
		}
		const r = await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.4' });
		assert.equal(r.status, 429, r.text);
		assert.ok(isChineseError(r), r.text);
		assert.equal(r.headers['set-cookie'], undefined);
		assert.match(r.headers['retry-after'] || '', /^[1-9][0-9]*$/, 'a 429 says how long to wait');
	});

	test('the owner still logs in from another address while the stranger is locked out', async () => {
		const other = await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.5' });
		assert.equal(other.status, 200, other.text);
		const again = await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.4' });
		assert.equal(again.status, 429, 'the guessing line stays locked');
	});

	test('other accounts still log in, from the attacker’s address and from others', async () => {
		assert.equal((await srv.tryLogin('office', PASSWORD, { localAddress: '127.0.0.4' })).status, 200);
		assert.equal((await srv.tryLogin('jiangbei', PASSWORD, { localAddress: '127.0.0.6' })).status, 200);
	});

	test('4 failures then a success do not lock, and the count starts again', async () => {
		for (let i = 0; i < 4; i++) assert.equal((await srv.tryLogin('wuli', WRONG, { localAddress: '127.0.0.7' })).status, 401);
		assert.equal((await srv.tryLogin('wuli', PASSWORD, { localAddress: '127.0.0.7' })).status, 200);
		for (let i = 0; i < 4; i++) assert.equal((await srv.tryLogin('wuli', WRONG, { localAddress: '127.0.0.7' })).status, 401);
		assert.equal((await srv.tryLogin('wuli', PASSWORD, { localAddress: '127.0.0.7' })).status, 200, 'the success reset the count');
	});
});

describe('per-address lock', () => {
	test('20 failures from 127.0.0.2 across many names lock that address only', async () => {
		let last;
		for (let i = 0; i < 20; i++) {
			last = await srv.tryLogin(`nobody${i}`, WRONG, { localAddress: '127.0.0.2' });
			assert.equal(last.status, 401, `attempt ${i}: ${last.status}`);
		}
		// A real account with the right password, from the locked address: refused.
		const r = await srv.tryLogin('jiangbei', PASSWORD, { localAddress: '127.0.0.2' });
		assert.equal(r.status, 429, r.text);
		assert.ok(isChineseError(r));
		// The same account from another address: fine; the attacker is locked out, not the user.
		const ok = await srv.tryLogin('jiangbei', PASSWORD, { localAddress: '127.0.0.3' });
		assert.equal(ok.status, 200, ok.text);
		const ok2 = await srv.tryLogin('yuzhong', PASSWORD, { localAddress: '127.0.0.3' });
		assert.equal(ok2.status, 200, ok2.text);
	});

	test('a session opened before the lock still works from anywhere', async () => {
		const s = await srv.login('yuzhong', PASSWORD, { localAddress: '127.0.0.3' });
		assert.equal((await s.get('/api/v1/me')).status, 200);
	});
});

describe('what the administrators see', () => {
	test('the auditor sees login.fail and login.lock entries with the client address', async () => {
		const au = await srv.login('auditor');
		const r = await au.get('/api/v1/audit?action=login.lock&limit=100');
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.total >= 2, `lock entries: ${r.text}`);
		for (const e of r.json.items) assert.equal(e.action, 'login.lock');
		const addr = r.json.items.find((e) => e.client === '127.0.0.2');
		assert.ok(addr, 'the address lock is recorded with the address');
		const acct = r.json.items.find((e) => e.actor === 'leader' && e.client === '127.0.0.4');
		assert.ok(acct, `the account lock is recorded with the account and the address: ${r.text}`);
		const f = await au.get('/api/v1/audit?action=login.fail&actor=leader&limit=100');
		assert.equal(f.status, 200);
		assert.ok(f.json.total >= 5, `failures of leader: ${f.json.total}`);
		for (const e of f.json.items) {
			assert.equal(e.actor, 'leader');
			assert.equal(e.action, 'login.fail');
		}
		assert.equal(f.text.includes(WRONG), false, 'the wrong password is never logged');
	});

	test('the sysadmin cannot read the audit log (403)', async () => {
		const a = await srv.login('admin');
		const r = await a.get('/api/v1/audit?action=login.lock');
		assert.equal(r.status, 403, r.text);
		assert.ok(isChineseError(r));
	});

	test('only the secadmin reads the locks', async () => {
		for (const who of ['admin', 'office', 'auditor']) {
			const s = await srv.login(who);
			assert.equal((await s.get('/api/v1/security/locks')).status, 403, who);
			assert.equal((await s.post('/api/v1/security/unlock', { key: 'user:leader' })).status, 403, who);
		}
	});

	test('the secadmin sees the locks and unlocks the account, after which it logs in', async () => {
		const sa = await srv.login('secadmin');
		const l = await sa.get('/api/v1/security/locks');
		assert.equal(l.status, 200, l.text);
		const keys = l.json.items.map((i) => i.key);
		assert.ok(keys.includes('user:leader@127.0.0.4'), `locks: ${keys}`);
		assert.ok(keys.includes('addr:127.0.0.2'), `locks: ${keys}`);
		assert.ok(!keys.some((k) => k.startsWith('user:wuli')), 'no lock for an account that never reached the limit');

		const u = await sa.post('/api/v1/security/unlock', { key: 'user:leader' });
		assert.equal(u.status, 200, u.text);
		assert.equal((await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.4' })).status, 200);
		const l2 = await sa.get('/api/v1/security/locks');
		assert.ok(!l2.json.items.some((i) => i.key.startsWith('user:leader')), 'user:NAME clears the account at every address');
		assert.ok(l2.json.items.some((i) => i.key === 'addr:127.0.0.2'), 'the other lock stays');
		// The address is still locked until it is unlocked too.
		assert.equal((await srv.tryLogin('jiangbei', PASSWORD, { localAddress: '127.0.0.2' })).status, 429);
		assert.equal((await sa.post('/api/v1/security/unlock', { key: 'addr:127.0.0.2' })).status, 200);
		assert.equal((await srv.tryLogin('jiangbei', PASSWORD, { localAddress: '127.0.0.2' })).status, 200);
	});

	test('unlocking a key that is not locked is 404', async () => {
		const sa = await srv.login('secadmin');
		const r = await sa.post('/api/v1/security/unlock', { key: 'user:nobody_at_all' });
		assert.equal(r.status, 404, r.text);
		assert.ok(isChineseError(r));
	});

	test('the unlock is in the audit log', async () => {
		const au = await srv.login('auditor');
		const r = await au.get('/api/v1/audit?actor=secadmin&limit=100');
		assert.equal(r.status, 200);
		assert.ok(r.json.items.some((e) => e.action === 'lock.clear'), `secadmin entries: ${r.json.items.map((e) => e.action)}`);
	});
});

describe('guesses spread over many addresses slow the account, never lock it', () => {
	test('past the ceiling a stranger gets 429 with Retry-After, the owner from the usual address logs in', async () => {
		// The owner's usual address: a login there before the attack.
		assert.equal((await srv.tryLogin('jgdw', PASSWORD, { localAddress: '127.0.2.1' })).status, 200);
		// 20 guesses (the ceiling: 4 x lock_user_failures), 4 from each of 5 addresses: no line or address locks.
		for (let a = 1; a <= 5; a++)
			for (let i = 0; i < 4; i++)
				assert.equal((await srv.tryLogin('jgdw', WRONG, { localAddress: `127.0.1.${a}` })).status, 401);
		// Past the ceiling, racing attempts from new addresses: one per delay goes through (slowed, not locked).
		const rs = await Promise.all([6, 7, 8, 9, 10].map((a) => srv.tryLogin('jgdw', WRONG, { localAddress: `127.0.1.${a}` })));
		assert.ok(rs.filter((r) => r.status === 401).length <= 1, rs.map((r) => r.status).join());
		const slowed = rs.find((r) => r.status === 429);
		assert.ok(slowed, rs.map((r) => r.status).join());
		assert.equal(slowed.json.error.code, 'slowed');
		assert.ok(isChineseError(slowed));
		assert.match(slowed.headers['retry-after'] || '', /^[1-9][0-9]*$/);
		const owner = await srv.tryLogin('jgdw', PASSWORD, { localAddress: '127.0.2.1' });
		assert.equal(owner.status, 200, `the owner at the usual address: ${owner.text}`);
	});
});

describe('racing guesses', () => {
	test('200 concurrent wrong guesses check at most the limit of passwords; the rest are refused unchecked', async () => {
		const sa = await srv.login('secadmin');
		const limit = (await sa.get('/api/v1/security/policy')).json.lock_user_failures;
		const name = 'office';
		const rs = await Promise.all(
			Array.from({ length: 200 }, () => srv.tryLogin(name, WRONG, { localAddress: '127.0.0.9' })),
		);
		const checked = rs.filter((r) => r.status === 401).length;
		assert.ok(checked <= limit, `${checked} passwords checked against a limit of ${limit}`);
		assert.ok(checked >= 1);
		for (const r of rs) assert.ok([401, 429, 503].includes(r.status), `${r.status} ${r.text}`);
		assert.equal(rs.filter((r) => r.status === 429).length + checked + rs.filter((r) => r.status === 503).length, 200);
		const au = await srv.login('auditor');
		const f = await au.get(`/api/v1/audit?action=login.fail&actor=${name}&limit=1`);
		assert.ok(f.json.total <= limit, `login.fail rows for ${name}: ${f.json.total}`);
		// The refused attempts are one audit row, not 190-odd.
		const b = await au.get(`/api/v1/audit?action=login.blocked&limit=100`);
		const mine = b.json.items.filter((e) => e.summary === `user:${name}@127.0.0.9`);
		assert.equal(mine.length, 1, `login.blocked rows: ${JSON.stringify(mine)}`);
	});

	test('xuanguan user unlock clears the lock from the command line, audited with the count of refused attempts', async () => {
		assert.equal((await srv.tryLogin('office', PASSWORD, { localAddress: '127.0.0.9' })).status, 429);
		const r = srv.cli(['user', 'unlock', 'office']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal((await srv.tryLogin('office', PASSWORD, { localAddress: '127.0.0.9' })).status, 200);
		const au = await srv.login('auditor');
		const c = await au.get('/api/v1/audit?action=lock.clear&actor=system&limit=100');
		assert.ok(c.json.items.some((e) => e.summary === 'user:office'), c.text);
		const t = await au.get('/api/v1/audit?action=login.blocked_total&limit=100');
		const total = t.json.items.find((e) => e.summary === 'user:office@127.0.0.9');
		assert.ok(total && total.after.refused >= 150, `refused count: ${t.text}`);
		const none = srv.cli(['user', 'unlock', 'office']);
		assert.equal(none.status, 0, 'nothing to clear is not an error');
		assert.notEqual(srv.cli(['user', 'unlock', 'nobody_here']).status, 0);
	});
});

describe('the policy decides the limits', () => {
	test('a stricter policy set by the secadmin applies at once, and is audited', async () => {
		const sa = await srv.login('secadmin');
		const p = await sa.patch('/api/v1/security/policy', { lock_user_failures: 3 });
		assert.equal(p.status, 200, p.text);
		assert.equal((await sa.get('/api/v1/security/policy')).json.lock_user_failures, 3);
		for (let i = 0; i < 3; i++) await srv.tryLogin('jgdw', WRONG, { localAddress: '127.0.0.8' });
		assert.equal((await srv.tryLogin('jgdw', PASSWORD, { localAddress: '127.0.0.8' })).status, 429);
		const bad = await sa.patch('/api/v1/security/policy', { lock_user_failures: 1 });
		assert.equal(bad.status, 400, bad.text);
		assert.equal((await sa.get('/api/v1/security/policy')).json.lock_user_failures, 3, 'refused change not applied');
		const office = await srv.login('office');
		assert.equal((await office.patch('/api/v1/security/policy', { lock_user_failures: 50 })).status, 403);
		const au = await srv.login('auditor');
		const a = await au.get('/api/v1/audit?action=policy.update&limit=100');
		assert.equal(a.json.total, 1, 'one accepted policy change, one audit row');
		assert.equal(a.json.items[0].actor, 'secadmin');
	});
});
