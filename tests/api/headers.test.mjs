// headers: security headers on every kind of answer, and error answers that never echo the request.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testServer } from './lib.mjs';

let office;
const srv = testServer({}, async () => {
	office = await srv.login('office');
});

// Every answer but a static file's must not be stored anywhere (docs/security.md: Cache-Control: no-store).
function assertSecurityHeaders(r, what, { cache = 'no-store' } = {}) {
	const csp = r.headers['content-security-policy'] || '';
	assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP ${csp}`);
	assert.match(csp, /default-src 'self'/, `${what}: CSP ${csp}`);
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: CSP allows inline script: ${csp}`);
	assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
	assert.equal(r.headers['x-frame-options'], 'DENY', what);
	assert.equal(r.headers['referrer-policy'], 'same-origin', what);
	assert.equal(r.headers['cache-control'], cache, what);
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

		const missing = await office.get('/orgs/987654321');
		assert.equal(missing.status, 404);
		assertSecurityHeaders(missing, 'page 404');
		assert.match(missing.headers['content-type'], /text\/html/);
	});

	test('a page without a session redirects to the login page and keeps the headers', async () => {
		const r = await srv.get('/orgs');
		assert.equal(r.status, 303, `${r.status}`);
		assert.equal(r.headers.location, '/login?next=%2Forgs');
		assertSecurityHeaders(r, 'redirect');
	});

	test('the login redirect target is local only (no open redirect)', async () => {
		for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
			const r = await srv.request('POST', '/login', {
				body: new URLSearchParams({ username: 'leader', password: 'Xuanguan@2026', next }).toString(),
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			// The login succeeds and goes home: a redirect must be sent, and only to a local path.
			assert.equal(r.status, 303, `${next}: ${r.status}`);
			assert.equal(r.headers.location, '/', `${next} redirected to ${r.headers.location}`);
			assertSecurityHeaders(r, `login redirect (${next})`);
		}
	});

	test('static files are served with nosniff and the right type, and no path escapes the directory', async () => {
		for (const p of ['/static/../../etc/passwd', '/static/..%2f..%2fetc%2fpasswd', '/static/%2e%2e/Makefile']) {
			const r = await srv.get(p);
			assert.equal(r.status, 404, `${p}: ${r.status}`);
			assert.equal(r.text.includes('root:'), false);
			assert.equal(r.text.includes('CC '), false, 'not the Makefile');
			assertSecurityHeaders(r, `GET ${p}`);
		}
	});

	test('a static file: the same headers, cached for an hour; a missing one is a page 404, not cached', async () => {
		const css = await srv.get('/static/app.css');
		assert.equal(css.status, 200);
		assertSecurityHeaders(css, 'GET /static/app.css', { cache: 'public, max-age=3600' });
		assert.match(css.headers['content-type'], /^text\/css; charset=utf-8/i);
		const js = await srv.get('/static/app.js');
		assert.equal(js.status, 200);
		assertSecurityHeaders(js, 'GET /static/app.js', { cache: 'public, max-age=3600' });
		const none = await srv.get('/static/nope.css');
		assert.equal(none.status, 404);
		assertSecurityHeaders(none, 'GET /static/nope.css');
	});

	test('an early refusal (413, before the body is read) carries the same headers', async () => {
		for (const [p, json] of [
			['/api/v1/login', { username: 'office', password: 'x'.repeat(2 * 1024 * 1024) }],
			['/api/v1/orgs', { name: 'x'.repeat(2 * 1024 * 1024) }],
		]) {
			const r = await srv.request('POST', p, { json, expectContinue: true });
			assert.equal(r.status, 413, `${p}: ${r.status}`);
			assertSecurityHeaders(r, `413 on ${p}`);
		}
	});

	test('every kind of API answer: 201, 403, 409, 415 and a logout', async () => {
		const code = `H${Date.now().toString(36).toUpperCase()}`;
		const made = await office.post('/api/v1/orgs', { parent_id: 1, code, name: '头部测试单位', kind: '其他' });
		assert.equal(made.status, 201, made.text);
		assertSecurityHeaders(made, '201');
		const dup = await office.post('/api/v1/orgs', { parent_id: 1, code, name: '头部测试单位二', kind: '其他' });
		assert.equal(dup.status, 409, dup.text);
		assertSecurityHeaders(dup, '409');
		const csrf = await office.post('/api/v1/orgs', { parent_id: 1, code: `${code}X`, name: '头部', kind: '其他' }, { csrf: false });
		assert.equal(csrf.status, 403, csrf.text);
		assertSecurityHeaders(csrf, '403');
		const form = await office.request('POST', '/api/v1/orgs', { body: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(form.status, 415, form.text);
		assertSecurityHeaders(form, '415');
		const s = await srv.login('leader');
		const out = await s.request('POST', '/api/v1/logout');
		assert.equal(out.status, 200, out.text);
		assertSecurityHeaders(out, 'logout');
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
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'invalid_code', r.text);
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
		assert.equal(r.status, 404, `${r.status}`);
		assert.equal(r.text.includes('<script>'), false);
	});
});
