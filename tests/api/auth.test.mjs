// auth: logging in and out, cookies, CSRF, API tokens, disabled accounts and password changes.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { PASSWORD, isChineseError, startServer, testServer, uniq } from './lib.mjs';

const srv = testServer();

describe('login', () => {
	test('the right password logs in and answers the user and a CSRF token', async () => {
		const r = await srv.tryLogin('office');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.user.username, 'office');
		assert.equal(r.json.user.role, 'staff');
		assert.match(r.json.csrf_token, /^[0-9a-f]{32,}$/);
		assert.equal(r.text.includes('pw_hash'), false, 'no password hash in the answer');
	});

	test('the session cookie is HttpOnly and SameSite=Strict, with a long random value', async () => {
		const r = await srv.tryLogin('office');
		const c = [].concat(r.headers['set-cookie']).find((x) => x.startsWith('xg_session='));
		assert.ok(c, 'Set-Cookie xg_session');
		assert.match(c, /;\s*HttpOnly/i);
		assert.match(c, /;\s*SameSite=Strict/i);
		assert.match(c, /;\s*Path=\//);
		assert.match(c, /^xg_session=[0-9a-f]{32,};/);
		// The cookie lives for the default absolute limit (8 hours); no Secure without --secure-cookies.
		assert.match(c, /;\s*Max-Age=28800(;|$)/);
		assert.doesNotMatch(c, /;\s*Secure/i);
	});

	test('--secure-cookies marks the session cookie and its clearing Secure', async () => {
		const s2 = await startServer({ serveArgs: ['--secure-cookies'] });
		try {
			const r = await s2.tryLogin('office');
			assert.equal(r.status, 200, r.text);
			const c = [].concat(r.headers['set-cookie']).find((x) => x.startsWith('xg_session='));
			assert.match(c, /;\s*Secure(;|$)/i, c);
			assert.match(c, /;\s*HttpOnly/i, c);
			const s = await s2.login('office');
			const out = await s.request('POST', '/api/v1/logout');
			assert.equal(out.status, 200, out.text);
			const cleared = [].concat(out.headers['set-cookie'] || []).find((x) => x.startsWith('xg_session='));
			assert.match(cleared, /Max-Age=0/, cleared);
			assert.match(cleared, /;\s*Secure(;|$)/i, cleared);
		} finally {
			await s2.stop();
		}
	});

	test('two logins get different session tokens and CSRF tokens', async () => {
		const a = await srv.login('office');
		const b = await srv.login('office');
		assert.notEqual(a.token, b.token);
		assert.notEqual(a.csrf, b.csrf);
	});

	test('a wrong password answers 401 with the same message as an unknown user', async () => {
		const bad = await srv.tryLogin('leader', 'Wrong@password1');
		const unknown = await srv.tryLogin('no_such_user_' + uniq(), 'Wrong@password1');
		assert.equal(bad.status, 401);
		assert.equal(unknown.status, 401);
		assert.ok(isChineseError(bad), bad.text);
		assert.deepEqual(bad.json, unknown.json, 'unknown user and wrong password are indistinguishable');
		assert.equal(bad.headers['set-cookie'], undefined, 'no cookie on failure');
	});

	test('login with missing fields or a wrong body is 400, not a crash', async () => {
		const r1 = await srv.request('POST', '/api/v1/login', { json: { username: 'office' } });
		assert.equal(r1.status, 400, r1.text);
		assert.ok(isChineseError(r1));
		const r2 = await srv.request('POST', '/api/v1/login', { json: { username: 'office', password: 7 } });
		assert.equal(r2.status, 400, r2.text);
	});
});

describe('session', () => {
	test('me without a session is 401 JSON', async () => {
		const r = await srv.get('/api/v1/me');
		assert.equal(r.status, 401);
		assert.ok(isChineseError(r), r.text);
	});

	test('a made-up cookie is 401', async () => {
		const r = await srv.get('/api/v1/me', { headers: { Cookie: 'xg_session=' + 'a'.repeat(64) } });
		assert.equal(r.status, 401);
	});

	test('me answers the caller and their place', async () => {
		const s = await srv.login('yuzhong');
		const r = await s.get('/api/v1/me');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.username, 'yuzhong');
		assert.equal(r.json.role, 'reporter');
		assert.equal(r.json.csrf_token, s.csrf);
		assert.ok(Array.isArray(r.json.org_path));
	});

	test('logout ends the session: the same cookie then answers 401', async () => {
		const s = await srv.login('leader');
		assert.equal((await s.get('/api/v1/me')).status, 200);
		const out = await s.post('/api/v1/logout');
		assert.equal(out.status, 200, out.text);
		const c = [].concat(out.headers['set-cookie'] || []).join(';');
		assert.match(c, /xg_session=/, 'logout clears the cookie');
		const r = await s.get('/api/v1/me');
		assert.equal(r.status, 401, 'session is gone on the server, not only in the browser');
	});

	test('logout of one session leaves the other sessions of the account alive', async () => {
		const a = await srv.login('leader');
		const b = await srv.login('leader');
		assert.equal((await a.post('/api/v1/logout')).status, 200);
		assert.equal((await b.get('/api/v1/me')).status, 200);
	});
});

describe('CSRF', () => {
	test('a cookie session POST without X-CSRF-Token is 403 and creates nothing', async () => {
		const s = await srv.login('office');
		const root = (await s.get('/api/v1/orgs/1')).json;
		const code = uniq('CSRF');
		const r = await s.post(
			'/api/v1/orgs',
			{ parent_id: 1, code, name: '跨站测试单位', kind: '其他', members: 1 },
			{ csrf: false },
		);
		assert.equal(r.status, 403, r.text);
		assert.ok(isChineseError(r));
		const after = (await s.get('/api/v1/orgs/1')).json;
		assert.equal(after.children, root.children, 'no child was added');
		const q = await s.get(`/api/v1/orgs?q=${code}`);
		assert.equal(q.json.total, 0);
	});

	test('a wrong X-CSRF-Token is 403 too, and PATCH is guarded the same way', async () => {
		const s = await srv.login('office');
		const org = await srv.orgByCode('QX05', s);
		const r = await s.patch(`/api/v1/orgs/${org.id}`, { name: '被篡改的名字' }, {
			headers: { 'X-CSRF-Token': 'f'.repeat(64) },
		});
		assert.equal(r.status, 403, r.text);
		const r2 = await s.patch(`/api/v1/orgs/${org.id}`, { name: '被篡改的名字' }, { csrf: false });
		assert.equal(r2.status, 403, r2.text);
		const now = (await s.get(`/api/v1/orgs/${org.id}`)).json;
		assert.equal(now.name, org.name, 'name unchanged');
	});

	test('DELETE with a cookie session needs the token too: without it 403, and the token survives', async () => {
		const s = await srv.login('office');
		const c = await s.post('/api/v1/tokens', { label: '删除防护' });
		assert.equal(c.status, 201, c.text);
		for (const opts of [{ csrf: false }, { headers: { 'X-CSRF-Token': 'f'.repeat(s.csrf.length) } }]) {
			const d = await s.del(`/api/v1/tokens/${c.json.id}`, opts);
			assert.equal(d.status, 403, d.text);
			assert.equal(d.json.error.code, 'csrf');
		}
		const list = await s.get('/api/v1/tokens');
		assert.ok(list.json.tokens.some((t) => t.id === c.json.id), 'the token is still there');
		assert.equal((await srv.get('/api/v1/me', { headers: { Authorization: `Bearer ${c.json.token}` } })).status, 200);
		const ok = await s.del(`/api/v1/tokens/${c.json.id}`);
		assert.equal(ok.status, 200, ok.text);
	});

	test('a token of the right length but the wrong value is 403', async () => {
		const s = await srv.login('office');
		const org = await srv.orgByCode('QX05', s);
		const wrong = s.csrf.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
		const r = await s.patch(`/api/v1/orgs/${org.id}`, { members: 78 }, { headers: { 'X-CSRF-Token': wrong } });
		assert.equal(r.status, 403, r.text);
		assert.equal(r.json.error.code, 'csrf');
		assert.notEqual((await s.get(`/api/v1/orgs/${org.id}`)).json.members, 78);
	});

	test('another session’s CSRF token does not work', async () => {
		const a = await srv.login('office');
		const b = await srv.login('office');
		const org = await srv.orgByCode('QX05', a);
		const r = await a.patch(`/api/v1/orgs/${org.id}`, { members: 77 }, { headers: { 'X-CSRF-Token': b.csrf } });
		assert.equal(r.status, 403, r.text);
	});

	test('with the token the same request succeeds', async () => {
		const s = await srv.login('office');
		const code = uniq('CSRF');
		const r = await s.post('/api/v1/orgs', { parent_id: 1, code, name: '跨站测试单位甲', kind: '其他', members: 3 });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.code, code);
		const p = await s.patch(`/api/v1/orgs/${r.json.id}`, { members: 4 });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.members, 4);
	});
});

describe('CSRF on page forms', () => {
	test('a cookie-session form POST without the csrf field is 403 and creates nothing', async () => {
		const s = await srv.login('office');
		const code = uniq('FORM');
		const body = new URLSearchParams({ code, name: '表单跨站', kind: '其他', members: '1' }).toString();
		const r = await s.request('POST', '/orgs/1/new', {
			body,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			csrf: false,
		});
		assert.equal(r.status, 403, r.text.slice(0, 300));
		assert.equal((await s.get(`/api/v1/orgs?q=${code}`)).json.total, 0);
	});
});

describe('API tokens', () => {
	test('a Bearer token works without CSRF, and stops working once deleted', async () => {
		const s = await srv.login('office');
		const c = await s.post('/api/v1/tokens', { label: '脚本' });
		assert.equal(c.status, 201, c.text);
		const tok = c.json.token;
		assert.ok(tok && tok.length >= 32);
		const auth = { Authorization: `Bearer ${tok}` };

		const me = await srv.get('/api/v1/me', { headers: auth });
		assert.equal(me.status, 200, me.text);
		assert.equal(me.json.username, 'office');

		const code = uniq('TOK');
		const w = await srv.request('POST', '/api/v1/orgs', {
			headers: auth,
			json: { parent_id: 1, code, name: '令牌创建的单位', kind: '其他' },
		});
		assert.equal(w.status, 201, w.text);

		const list = await s.get('/api/v1/tokens');
		assert.equal(list.status, 200);
		assert.ok(list.json.tokens.some((t) => t.id === c.json.id && t.label === '脚本'));
		assert.equal(list.text.includes(tok), false, 'the token itself is never listed');

		const d = await s.del(`/api/v1/tokens/${c.json.id}`);
		assert.equal(d.status, 200, d.text);
		const me2 = await srv.get('/api/v1/me', { headers: auth });
		assert.equal(me2.status, 401, 'deleted token answers 401');
	});

	test('a token cannot be deleted by another account', async () => {
		const s = await srv.login('office');
		const c = await s.post('/api/v1/tokens', { label: '别人的' });
		assert.equal(c.status, 201);
		const other = await srv.login('leader');
		const d = await other.del(`/api/v1/tokens/${c.json.id}`);
		assert.equal(d.status, 404, d.text);
		const me = await srv.get('/api/v1/me', { headers: { Authorization: `Bearer ${c.json.token}` } });
		assert.equal(me.status, 200, 'token still works');
	});

	test('a garbage Bearer token is 401', async () => {
		const r = await srv.get('/api/v1/me', { headers: { Authorization: 'Bearer nonsense' } });
		assert.equal(r.status, 401);
	});
});

describe('disabled accounts', () => {
	test('a user disabled by office cannot log in and their sessions and tokens die', async () => {
		const office = await srv.login('office');
		const name = 'dis_' + uniq().toLowerCase();
		const pw = 'Strong#Pass2026';
		const cu = await office.post('/api/v1/users', {
			username: name,
			display_name: '待停用',
			role: 'viewer',
			org_id: 1,
			password: pw,
		});
		assert.equal(cu.status, 201, cu.text);
		const victim = await srv.login(name, pw);
		const tok = (await victim.post('/api/v1/tokens', { label: 't' })).json.token;
		assert.equal((await victim.get('/api/v1/me')).status, 200);

		const d = await office.patch(`/api/v1/users/${cu.json.id}`, { disabled: true });
		assert.equal(d.status, 200, d.text);
		assert.equal(d.json.disabled, true);

		assert.equal((await victim.get('/api/v1/me')).status, 401, 'cookie session dies');
		assert.equal((await srv.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok}` } })).status, 401, 'token dies');
		const l = await srv.tryLogin(name, pw);
		assert.equal(l.status, 401, l.text);
		assert.ok(isChineseError(l));

		const e = await office.patch(`/api/v1/users/${cu.json.id}`, { disabled: false });
		assert.equal(e.status, 200);
		assert.equal((await srv.tryLogin(name, pw)).status, 200, 'enabled again');
	});
});

describe('password change', () => {
	const name = 'pw_' + uniq().toLowerCase();
	const pw1 = 'First#Pass2026';
	const pw2 = 'Second#Pass2026';
	let id;

	before(async () => {
		const office = await srv.login('office');
		const cu = await office.post('/api/v1/users', {
			username: name,
			display_name: '改密码',
			role: 'viewer',
			org_id: 1,
			password: pw1,
		});
		assert.equal(cu.status, 201, cu.text);
		id = cu.json.id;
	});

	test('weak new passwords are refused with field password and nothing changes', async () => {
		const s = await srv.login(name, pw1);
		for (const weak of ['short1A!', 'alllowercaseletters', 'abcdefghij12', 'ABCDEFGH12']) {
			const r = await s.post('/api/v1/me/password', { old_password: pw1, password: weak });
			assert.equal(r.status, 400, `${weak}: ${r.text}`);
			assert.equal(r.json.error.field, 'password', r.text);
			assert.ok(isChineseError(r));
		}
		assert.equal((await srv.tryLogin(name, pw1)).status, 200, 'old password still works');
	});

	test('a wrong old password is refused', async () => {
		const s = await srv.login(name, pw1);
		const r = await s.post('/api/v1/me/password', { old_password: 'Wrong#Pass2026', password: pw2 });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'wrong_password');
		assert.equal(r.json.error.field, 'old_password');
		assert.equal((await s.get('/api/v1/me')).status, 200, 'the session goes on');
		assert.equal((await srv.tryLogin(name, pw1)).status, 200);
	});

	test('a good change works, ends the other sessions, and the old password stops working', async () => {
		const other = await srv.login(name, pw1);
		const s = await srv.login(name, pw1);
		const r = await s.post('/api/v1/me/password', { old_password: pw1, password: pw2 });
		assert.equal(r.status, 200, r.text);
		assert.equal((await other.get('/api/v1/me')).status, 401, 'other session ended');
		assert.equal((await srv.tryLogin(name, pw1)).status, 401, 'old password refused');
		assert.equal((await srv.tryLogin(name, pw2)).status, 200, 'new password works');
	});

	test('a reset by office (POST /users/{id}/password) ends the user’s sessions', async () => {
		const victim = await srv.login(name, pw2);
		const office = await srv.login('office');
		const weak = await office.post(`/api/v1/users/${id}/password`, { password: 'weak' });
		assert.equal(weak.status, 400, weak.text);
		assert.equal(weak.json.error.field, 'password');
		assert.equal((await victim.get('/api/v1/me')).status, 200, 'a refused reset changes nothing');
		const r = await office.post(`/api/v1/users/${id}/password`, { password: 'Third#Pass2026' });
		assert.equal(r.status, 200, r.text);
		assert.equal((await victim.get('/api/v1/me')).status, 401);
		assert.equal((await srv.tryLogin(name, 'Third#Pass2026')).status, 200);
	});

	test('the demo password still works for untouched accounts', async () => {
		assert.equal((await srv.tryLogin('auditor', PASSWORD)).status, 200);
	});
});

describe('the server log', () => {
	test('never holds a password: right, wrong, changed or set for another account', async () => {
		const wrong = 'Log#Wrong-Secret-7731';
		const fresh = 'Log#Fresh-Secret-4402';
		const reset = 'Log#Reset-Secret-9120';
		assert.equal((await srv.tryLogin('leader', wrong)).status, 401);
		const office = await srv.login('office');
		const name = 'log_' + uniq().toLowerCase();
		const c = await office.post('/api/v1/users', { username: name, display_name: '日志测试', role: 'viewer', org_id: 1, password: fresh });
		assert.equal(c.status, 201, c.text);
		const u = await srv.login(name, fresh);
		assert.equal((await u.post('/api/v1/me/password', { old_password: fresh, password: reset })).status, 200);
		assert.equal((await office.post(`/api/v1/users/${c.json.id}/password`, { password: fresh + 'x' })).status, 200);
		const r = await srv.request('POST', '/login', {
			body: new URLSearchParams({ username: 'leader', password: wrong + 'form' }).toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		assert.equal(r.status, 401, 'the login page again, with its message');
		const log = srv.log();
		for (const pw of [PASSWORD, wrong, fresh, reset, fresh + 'x', wrong + 'form'])
			assert.equal(log.includes(pw), false, `the log holds a password: ${pw}`);
	});
});
