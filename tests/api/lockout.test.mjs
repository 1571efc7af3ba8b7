// lockout: repeated wrong passwords lock the attacked account or the attacking address, not everyone else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PASSWORD, isChineseError, startServer } from './lib.mjs';

const WRONG = 'Wrong#Pass2026';
let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	if (srv) await srv.stop();
});

describe('per-account lock', () => {
	test('5 wrong passwords lock the account: then even the right password answers 429', async () => {
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
		// The account lock holds from any address: it protects the account, not the attacker's line.
		const other = await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.5' });
		assert.equal(other.status, 429, other.text);
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
		assert.ok(keys.includes('user:leader'), `locks: ${keys}`);
		assert.ok(keys.includes('addr:127.0.0.2'), `locks: ${keys}`);
		assert.ok(!keys.includes('user:wuli'), 'no lock for an account that never reached the limit');

		const u = await sa.post('/api/v1/security/unlock', { key: 'user:leader' });
		assert.equal(u.status, 200, u.text);
		assert.equal((await srv.tryLogin('leader', PASSWORD, { localAddress: '127.0.0.4' })).status, 200);
		const l2 = await sa.get('/api/v1/security/locks');
		assert.ok(!l2.json.items.some((i) => i.key === 'user:leader'));
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
