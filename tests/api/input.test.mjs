// input: hostile and malformed input is stored verbatim when valid, refused with a clear 4xx when not, and changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import http from 'node:http';
import { isChineseError, refused, testServer, uniq } from './lib.mjs';

const XSS = '<script>alert(1)</script>';
const SQLI = "'); DROP TABLE x; --";
let office, auditor, parent;

const srv = testServer({}, async () => {
	({ office, auditor } = await srv.loginAll(['office', 'auditor']));
	parent = await srv.orgByCode('QX05');
});

// What a refused request must leave alone: the number of units, the parent's children, the org audit rows.
async function state() {
	const all = await office.get('/api/v1/orgs?limit=1');
	const p = await office.get(`/api/v1/orgs/${parent.id}`);
	const a = await auditor.get('/api/v1/audit?object_type=org&limit=1');
	assert.equal(all.status, 200, all.text);
	assert.equal(a.status, 200, a.text);
	return { units: all.json.total, children: p.json.children, parent: p.json, orgAudit: a.json.total };
}

// Send a request, expect it refused (lib's refused: the status, a Chinese JSON error), the field named when
// given, and that nothing changed.
async function refusedUnchanged(status, send, { field } = {}) {
	const before0 = await state();
	const r = await refused(send(), status);
	if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
	const after0 = await state();
	assert.deepEqual(after0, before0, 'nothing changed');
	return r;
}

const good = (extra = {}) => ({ parent_id: parent.id, code: uniq('IN'), name: '输入测试单位', kind: '其他', members: 3, ...extra });
const post = (body, headers = {}) =>
	office.request('POST', '/api/v1/orgs', { body, headers: { 'Content-Type': 'application/json', ...headers } });

describe('hostile names are stored and returned verbatim', () => {
	for (const name of [XSS, SQLI, '"双引号" & <b>粗体</b> \\ 反斜杠', '𠀀 扩展汉字 😀']) {
		test(`name ${JSON.stringify(name)}`, async () => {
			const code = uniq('HX');
			const c = await office.post('/api/v1/orgs', { parent_id: parent.id, code, name, kind: '其他', members: 1 });
			assert.equal(c.status, 201, c.text);
			assert.equal(c.json.name, name);
			const g = await office.get(`/api/v1/orgs/${c.json.id}`);
			assert.equal(g.status, 200);
			assert.equal(g.json.name, name, 'read back byte for byte');
			const s = await office.get(`/api/v1/orgs?q=${encodeURIComponent(name)}`);
			assert.equal(s.status, 200, s.text);
			assert.ok(s.json.items.some((o) => o.id === c.json.id), 'search by the exact name finds it');
			const k = await office.get(`/api/v1/orgs/${parent.id}/children?limit=100`);
			assert.ok(k.json.items.some((o) => o.id === c.json.id && o.name === name));
		});
	}

	test('the organisation table still works after the SQL-looking name', async () => {
		const s = await office.get('/api/v1/orgs?q=QX0&limit=100');
		assert.equal(s.status, 200);
		assert.ok(s.json.total >= 5);
		const c = await office.post('/api/v1/orgs', good());
		assert.equal(c.status, 201, c.text);
		const found = await office.get(`/api/v1/orgs?q=${encodeURIComponent("'")}`);
		assert.equal(found.status, 200);
		assert.ok(found.json.items.some((o) => o.name === SQLI));
	});

	test('search with LIKE wildcards is literal', async () => {
		const all = (await office.get('/api/v1/orgs?limit=1')).json.total;
		for (const q of ['%', '_', '%%', '\\']) {
			const r = await office.get(`/api/v1/orgs?q=${encodeURIComponent(q)}&limit=1`);
			assert.equal(r.status, 200, `${q}: ${r.text}`);
			assert.ok(r.json.total < all, `${q} matched everything (${r.json.total})`);
		}
	});

	test('the unit page shows the name as text, escaped', async () => {
		const c = await office.post('/api/v1/orgs', { parent_id: parent.id, code: uniq('HP'), name: XSS, kind: '其他' });
		assert.equal(c.status, 201);
		const page = await office.get(`/orgs/${c.json.id}`);
		assert.equal(page.status, 200, page.text.slice(0, 300));
		assert.match(page.headers['content-type'], /text\/html/);
		assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped name on the page');
		assert.equal(page.text.includes(XSS), false, 'the raw tag never reaches the page');
	});
});

describe('malformed bodies are refused and change nothing', () => {
	test('malformed JSON → 400', () => refusedUnchanged(400, () => post('{"parent_id": 1, "code": ')));
	test('empty body → 400', () => refusedUnchanged(400, () => post('')));
	test('JSON array body → 400', () => refusedUnchanged(400, () => post(JSON.stringify([good()]))));
	test('JSON string body → 400', () => refusedUnchanged(400, () => post('"x"')));
	test('trailing garbage after the object → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good()) + ' {}')));
	test('deeply nested JSON → 400, no crash', () => refusedUnchanged(400, () => post('['.repeat(100000) + ']'.repeat(100000))));
	test('members as a string "3" → 400 field members', () => refusedUnchanged(400, () => post(JSON.stringify(good({ members: '3' }))), { field: 'members' }));
	test('members 3.5 → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good({ members: 3.5 }))), { field: 'members' }));
	test('members null → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good({ members: null }))), { field: 'members' }));
	test('parent_id beyond 64 bits → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good()).replace(/"parent_id":\d+/, '"parent_id":99999999999999999999999'))));
	test('name as a number → 400 field name', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: 42 }))), { field: 'name' }));
	test('unknown field → 400 naming it', () => refusedUnchanged(400, () => post(JSON.stringify(good({ admin: true }))), { field: 'admin' }));
	test('missing required field code → 400 field code', () => {
		const b = good();
		delete b.code;
		return refusedUnchanged(400, () => post(JSON.stringify(b)), { field: 'code' });
	});
	test('name of 101 characters → 400 field name', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: '长'.repeat(101) }))), { field: 'name' }));
	test('code of 33 characters → 400 field code', () => refusedUnchanged(400, () => post(JSON.stringify(good({ code: 'C'.repeat(33) }))), { field: 'code' }));
	test('invalid UTF-8 bytes in a JSON string → 400', () =>
		refusedUnchanged(400, () => {
			const b = Buffer.from(JSON.stringify(good({ name: 'AB' })));
			const i = b.indexOf('AB');
			b[i] = 0xff;
			b[i + 1] = 0xfe;
			return post(b);
		}));
	test('an overlong UTF-8 encoding of "<" → 400', () =>
		refusedUnchanged(400, () => {
			const b = Buffer.from(JSON.stringify(good({ name: 'AB' })));
			const i = b.indexOf('AB');
			b[i] = 0xc0;
			b[i + 1] = 0xbc;
			return post(b);
		}));
	test('a lone surrogate escape \\ud800 → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good()).replace('输入测试单位', '\\ud800x'))));
	test('a NUL character \\u0000 in a name → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: 'a\u0000b' })))));
	test('control characters in a name → 400 field name', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: '单位\u0001\u001b[31m' }))), { field: 'name' }));
	test('a newline in a name → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: '第一行\n第二行' }))), { field: 'name' }));
	test('leading space in a name → 400 field name', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: ' 前有空格' }))), { field: 'name' }));
	test('trailing space in a name → 400 field name', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: '后有空格 ' }))), { field: 'name' }));
	test(
		'a name of invisible characters, or with a bidi override, → 400',
		async () => {
			for (const name of ['\u200b', 'a\u202eb', '\u2066名称\u2069']) {
				const r = await post(JSON.stringify(good({ name })));
				assert.equal(r.status, 400, `${JSON.stringify(name)}: ${r.text}`);
			}
		},
	);
	test('empty name → 400', () => refusedUnchanged(400, () => post(JSON.stringify(good({ name: '' }))), { field: 'name' }));
	test('members -1 → 400 field members', () => refusedUnchanged(400, () => post(JSON.stringify(good({ members: -1 }))), { field: 'members' }));
	test('members 100000001 → 400 field members', () => refusedUnchanged(400, () => post(JSON.stringify(good({ members: 100000001 }))), { field: 'members' }));
	test('an unknown kind → 400 field kind', () => refusedUnchanged(400, () => post(JSON.stringify(good({ kind: '外星科协' }))), { field: 'kind' }));
	test('a duplicate code → 409', () => refusedUnchanged(409, () => post(JSON.stringify(good({ code: 'QX05' }))), { field: 'code' }));
	test('a code differing only in case → 409 (codes compare without case)', () => refusedUnchanged(409, () => post(JSON.stringify(good({ code: 'qx05' }))), { field: 'code' }));
	test('a parent that does not exist → 404', () => refusedUnchanged(404, () => post(JSON.stringify(good({ parent_id: 987654321 })))));
	test('a body over 1 MiB → 413', () =>
		refusedUnchanged(413, () =>
			office.request('POST', '/api/v1/orgs', {
				body: JSON.stringify(good({ name: 'x'.repeat(1024 * 1024 + 10) })),
				headers: { 'Content-Type': 'application/json' },
				expectContinue: true,
			}),
		));
	test('wrong Content-Type text/plain → 415', () => refusedUnchanged(415, () => post(JSON.stringify(good()), { 'Content-Type': 'text/plain' })));
	test('a form body to the JSON API → 415', () =>
		refusedUnchanged(415, () => post('code=X&name=Y', { 'Content-Type': 'application/x-www-form-urlencoded' })));
});

describe('body limits before and without a session', () => {
	test('an oversize login body is 413, not read into memory', async () => {
		const r = await srv.request('POST', '/api/v1/login', { json: { username: 'office', password: 'x'.repeat(2 * 1024 * 1024) }, expectContinue: true });
		assert.equal(r.status, 413, r.text.slice(0, 200));
		assert.ok(isChineseError(r));
	});
	test('an oversize body without a session is 413: the size is refused before anything else', async () => {
		const r = await srv.request('POST', '/api/v1/orgs', { body: 'x'.repeat(2 * 1024 * 1024), headers: { 'Content-Type': 'application/json' }, expectContinue: true });
		assert.equal(r.status, 413, `${r.status}`);
		assert.equal(r.json.error.code, 'too_large');
	});

	// A chunked upload has no Content-Length: the limit must hold while reading.
	function chunked(total, chunk = 64 * 1024) {
		return new Promise((resolve) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port: srv.port,
					method: 'POST',
					path: '/api/v1/orgs',
					agent: false,
					headers: { 'Content-Type': 'application/json', Cookie: office.cookie, 'X-CSRF-Token': office.csrf, 'Transfer-Encoding': 'chunked' },
				},
				(res) => {
					let text = '';
					res.on('data', (c) => (text += c));
					res.on('end', () => resolve({ status: res.statusCode, text }));
				},
			);
			req.on('error', (e) => resolve({ status: 'reset', text: e.message }));
			for (let sent = 0; sent < total; sent += chunk) req.write('y'.repeat(chunk));
			req.end();
		});
	}
	test('a chunked body over 1 MiB is refused (answer or cut connection) and changes nothing', async () => {
		const before0 = await state();
		const r = await chunked(3 * 1024 * 1024);
		assert.ok(r.status === 'reset' || r.status === 413, `${r.status} ${r.text.slice(0, 200)}`);
		assert.deepEqual(await state(), before0);
		assert.equal((await office.get('/api/v1/me')).status, 200, 'still serving');
	});
	test(
		'a client that sends a whole oversize body (no Expect: 100-continue) still reads the 413',
		async () => {
			for (let i = 0; i < 5; i++) {
				const r = await srv
					.request('POST', '/api/v1/login', { json: { username: 'office', password: 'x'.repeat(4 * 1024 * 1024) } })
					.catch((e) => ({ status: e.code }));
				assert.equal(r.status, 413);
			}
		},
	);
	test(
		'a chunked body over 1 MiB is answered 413 with a JSON error',
		async () => {
			const r = await chunked(3 * 1024 * 1024);
			assert.equal(r.status, 413, `${r.status} ${r.text.slice(0, 200)}`);
		},
	);
	test('a small chunked body is accepted like any other', async () => {
		const code = uniq('CH');
		const ok = await new Promise((resolve) => {
			const req = http.request(
				{ host: '127.0.0.1', port: srv.port, method: 'POST', path: '/api/v1/orgs', agent: false, headers: { 'Content-Type': 'application/json', Cookie: office.cookie, 'X-CSRF-Token': office.csrf, 'Transfer-Encoding': 'chunked' } },
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode));
				},
			);
			req.write(JSON.stringify({ parent_id: parent.id, code, name: '分块上传', kind: '其他' }).slice(0, 20));
			req.end(JSON.stringify({ parent_id: parent.id, code, name: '分块上传', kind: '其他' }).slice(20));
		});
		assert.equal(ok, 201);
	});
	test('Content-Type with a charset parameter is accepted', async () => {
		const r = await post(JSON.stringify(good()), { 'Content-Type': 'application/json; charset=utf-8' });
		assert.equal(r.status, 201, r.text);
	});
	test(
		'Content-Type is matched without regard to case (RFC 9110)',
		async () => {
			const r = await post(JSON.stringify(good()), { 'Content-Type': 'Application/JSON' });
			assert.equal(r.status, 201, r.text);
		},
	);
	test('no Content-Type → 415', () => refusedUnchanged(415, () => office.request('POST', '/api/v1/orgs', { body: JSON.stringify(good()) })));
});

describe('malformed updates change nothing', () => {
	const patch = (body) =>
		office.request('PATCH', `/api/v1/orgs/${parent.id}`, { body, headers: { 'Content-Type': 'application/json' } });
	test('closed:"yes" → 400 field closed', () => refusedUnchanged(400, () => patch(JSON.stringify({ closed: 'yes' })), { field: 'closed' }));
	test('closed:1 → 400 field closed', () => refusedUnchanged(400, () => patch(JSON.stringify({ closed: 1 })), { field: 'closed' }));
	test('a valid name with an unknown field → 400, and the name is not applied', () =>
		refusedUnchanged(400, () => patch(JSON.stringify({ name: '不应生效', colour: 'red' })), { field: 'colour' }));
	test('an empty change → 400', () => refusedUnchanged(400, () => patch('{}')));
	test('renaming to another unit’s code → 409', () => refusedUnchanged(409, () => patch(JSON.stringify({ code: 'QX03' })), { field: 'code' }));
	test('an unknown id → 404', () =>
		refusedUnchanged(404, () => office.request('PATCH', '/api/v1/orgs/987654321', { json: { name: '无此单位' } })));
	test('an id that is not a positive 64-bit number matches no route → 404', async () => {
		for (const id of ['abc', '-1', '0', '99999999999999999999999']) {
			const r = await office.get(`/api/v1/orgs/${id}`);
			assert.equal(r.status, 404, `${id}: ${r.text}`);
			assert.equal(r.json.error.code, 'not_found');
			assert.ok(isChineseError(r));
		}
	});
});

describe('query strings', () => {
	test('invalid UTF-8 in a query string → 400', async () => {
		const r = await office.get('/api/v1/orgs?q=%FF%FE');
		assert.equal(r.status, 400, r.text);
		assert.ok(isChineseError(r));
	});
	test(
		'a NUL byte (%00) in a query value is refused, not silently cut short',
		async () => {
			const r = await office.get('/api/v1/orgs?q=QX%00zzz');
			assert.equal(r.status, 400, r.text.slice(0, 200));
			const r2 = await office.get('/api/v1/orgs?limit=5%00x');
			assert.equal(r2.status, 400, r2.text.slice(0, 200));
		},
	);
	test('an unknown query parameter → 400', async () => {
		const r = await office.get('/api/v1/orgs?q=QX&sort=name');
		assert.equal(r.status, 400, r.text);
		assert.ok(isChineseError(r));
	});
	test('limit out of range or not a number → 400', async () => {
		for (const l of ['0', '101', 'ten', '-5', '1e3']) {
			const r = await office.get(`/api/v1/orgs?limit=${l}`);
			assert.equal(r.status, 400, `${l}: ${r.text}`);
			assert.equal(r.json.error.field, 'limit');
		}
	});
	test('a query of 101 characters → 400', async () => {
		const r = await office.get(`/api/v1/orgs?q=${'q'.repeat(101)}`);
		assert.equal(r.status, 400, r.text);
	});
	test('a repeated query parameter → 400', async () => {
		const r = await office.get('/api/v1/orgs?q=QX&q=XH');
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.field, 'q');
	});
	test('a 100 KB URL fits the 128 KiB header limit and is refused by the field check (400 too_long)', async () => {
		const r = await office.get(`/api/v1/orgs?q=${'a'.repeat(100000)}`);
		assert.equal(r.status, 400, `${r.status}`);
		assert.equal(r.json.error.code, 'too_long');
		assert.equal(r.json.error.field, 'q');
	});
	test(
		'a thousand unknown query parameters (a 9 KB URL) → 400 at the first one',
		async () => {
			const q = Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&');
			const r = await office.get(`/api/v1/orgs?${q}`);
			assert.equal(r.status, 400, `${r.status}`);
			assert.equal(r.json.error.code, 'unknown_field');
			assert.equal(r.json.error.field, 'p0');
		},
	);
	test('an audit date that is not a date → 400', async () => {
		for (const d of ['2026-13-01', 'yesterday', '2026-02-30']) {
			const r = await auditor.get(`/api/v1/audit?from=${d}`);
			assert.equal(r.status, 400, `${d}: ${r.text}`);
		}
	});
});

describe('routing', () => {
	test('an unknown path → 404 JSON', async () => {
		const r = await office.get('/api/v1/no-such-thing');
		assert.equal(r.status, 404);
		assert.ok(isChineseError(r), r.text);
	});
	test('a wrong method → 405 with an Allow header, and nothing changes', async () => {
		const r = await refusedUnchanged(405, () => office.request('DELETE', `/api/v1/orgs/${parent.id}`));
		assert.match(r.headers.allow || '', /GET/);
		assert.match(r.headers.allow || '', /PATCH/);
		const r2 = await office.request('PUT', '/api/v1/orgs', { json: good() });
		assert.equal(r2.status, 405, r2.text);
		assert.match(r2.headers.allow || '', /POST/);
	});
	test('an oversize header is refused and the server keeps serving', async () => {
		// libmicrohttpd answers 431 itself, before any of our code runs.
		const r = await office.get('/api/v1/me', { headers: { 'X-Big': 'a'.repeat(200000) } });
		assert.equal(r.status, 431, `${r.status}`);
		assert.equal((await office.get('/api/v1/me')).status, 200);
	});
	test('the server is still healthy after all of this', async () => {
		const r = await office.get(`/api/v1/orgs/${parent.id}`);
		assert.equal(r.status, 200);
		assert.equal(r.json.name, parent.name);
		assert.equal(r.json.closed, false);
	});
});
