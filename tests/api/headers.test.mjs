// headers: security headers on every kind of answer, and error answers that never echo the request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './lib.mjs';

let srv, office;
before(async () => {
	srv = await startServer();
	office = await srv.login('office');
});
after(async () => {
	if (srv) await srv.stop();
});

function assertSecurityHeaders(r, what) {
	const csp = r.headers['content-security-policy'] || '';
	assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP ${csp}`);
	assert.match(csp, /default-src 'self'/, `${what}: CSP ${csp}`);
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: CSP allows inline script: ${csp}`);
	assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
	assert.match(r.headers['x-frame-options'] || '', /^(DENY|SAMEORIGIN)$/i, what);
	assert.ok(r.headers['content-type'], `${what}: a Content-Type`);
	assert.equal(r.headers.server?.includes('/'), r.headers.server ? false : undefined, `${what}: no server version banner`);
}

describe('security headers', () => {
	test('on JSON answers: success, 401, 404, 405, 400', async () => {
		const cases = [
			['GET /api/v1/me (200)', await office.get('/api/v1/me')],
			['GET /api/v1/me (401)', await srv.get('/api/v1/me')],
			['GET unknown (404)', await srv.get('/api/v1/nothing')],
			['DELETE /api/v1/me (405)', await srv.request('DELETE', '/api/v1/me')],
			['bad JSON (400)', await srv.request('POST', '/api/v1/login', { body: '{', headers: { 'Content-Type': 'application/json' } })],
			['login (200)', await srv.tryLogin('leader')],
		];
		for (const [what, r] of cases) {
			assertSecurityHeaders(r, what);
			assert.match(r.headers['content-type'], /^application\/json; charset=utf-8/i, what);
		}
	});

	test('JSON answers with personal data are not cached', async () => {
		const r = await office.get('/api/v1/me');
		assert.match(r.headers['cache-control'] || '', /no-store/);
	});

	test('on pages: the login page, a logged-in page, a page error', async () => {
		const login = await srv.get('/login');
		assert.equal(login.status, 200, login.text.slice(0, 200));
		assertSecurityHeaders(login, 'GET /login');
		assert.match(login.headers['content-type'], /^text\/html; charset=utf-8/i);
		assert.match(login.text, /<html[^>]*lang="zh/i, 'a Chinese page');

		const home = await office.get('/');
		assert.equal(home.status, 200);
		assertSecurityHeaders(home, 'GET /');
		assert.match(home.headers['cache-control'] || '', /no-store|private|no-cache/);

		const missing = await office.get('/orgs/987654321');
		assert.equal(missing.status, 404);
		assertSecurityHeaders(missing, 'page 404');
		assert.match(missing.headers['content-type'], /text\/html/);
	});

	test('a page without a session redirects to the login page and keeps the headers', async () => {
		const r = await srv.get('/orgs');
		assert.ok([302, 303].includes(r.status), `${r.status}`);
		assert.match(r.headers.location || '', /^\/login/);
		assertSecurityHeaders(r, 'redirect');
	});

	test('the login redirect target is local only (no open redirect)', async () => {
		for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
			const r = await srv.request('POST', '/login', {
				body: new URLSearchParams({ username: 'leader', password: 'Xuanguan@2026', next }).toString(),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			assert.ok(r.status < 400, `${next}: ${r.status}`);
			const loc = r.headers.location || '';
			assert.ok(!/^(https?:)?\/\/|^\/\\|^javascript:/i.test(loc), `${next} redirected to ${loc}`);
		}
	});

	test('static files are served with nosniff and the right type, and no path escapes the directory', async () => {
		for (const p of ['/static/../../etc/passwd', '/static/..%2f..%2fetc%2fpasswd', '/static/%2e%2e/Makefile']) {
			const r = await srv.get(p);
			assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status}`);
			assert.equal(r.text.includes('root:'), false);
		}
	});
});

describe('error bodies never echo the request', () => {
	test('an unknown path with markup: 404 without the markup', async () => {
		const r = await srv.get('/api/v1/%3Cscript%3Ealert(1)%3C/script%3E');
		assert.equal(r.status, 404);
		assert.equal(r.text.includes('<script'), false, r.text);
		assert.equal(r.text.includes('alert(1)'), false, r.text);
		const r2 = await office.get('/%3Cscript%3Ealert(1)%3C/script%3E');
		assert.equal(r2.status, 404);
		assert.equal(r2.text.includes('<script>alert'), false);
		assert.equal(r2.text.includes('alert(1)'), false);
	});

	test('a bad field value is not echoed', async () => {
		const r = await office.post('/api/v1/orgs', { parent_id: 1, code: '<img src=x onerror=alert(1)>', name: 'x', kind: '<b>kind</b>' });
		assert.ok(r.status >= 400 && r.status < 500, r.text);
		assert.equal(r.text.includes('onerror'), false, r.text);
		assert.equal(r.text.includes('<b>'), false, r.text);
	});

	test('an unknown field name with markup is not echoed in the message', async () => {
		const r = await office.post('/api/v1/orgs', { parent_id: 1, code: 'X1', name: 'x', kind: '其他', '<svg onload=alert(1)>': 1 });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.message.includes('<svg'), false, r.text);
		const q = await office.get('/api/v1/orgs?%3Cscript%3E=1');
		assert.equal(q.status, 400, q.text);
		assert.equal(q.json.error.message.includes('<script'), false, q.text);
		// Served as JSON with nosniff, so an echoed name is data, not markup.
		assert.match(q.headers['content-type'], /^application\/json/);
	});

	test(
		'an unknown field name that is not a plausible field name is not echoed at all',
		async () => {
			const r = await office.post('/api/v1/orgs', { parent_id: 1, code: 'X1', name: 'x', kind: '其他', '<svg onload=alert(1)>': 1 });
			assert.equal(r.text.includes('<svg'), false, r.text);
			const q = await office.get('/api/v1/orgs?%3Cscript%3E=1');
			assert.equal(q.text.includes('<script'), false, q.text);
		},
	);

	test('a username with markup in a failed login is not echoed', async () => {
		const r = await srv.tryLogin('<script>alert(1)</script>', 'x');
		assert.equal(r.status, 401);
		assert.equal(r.text.includes('<script'), false);
	});

	test('a page error for a bad id with markup does not echo it', async () => {
		const r = await office.get('/orgs/%3Cscript%3E');
		assert.ok(r.status >= 400 && r.status < 500, `${r.status}`);
		assert.equal(r.text.includes('<script>'), false);
	});
});
