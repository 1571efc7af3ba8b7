// scope: every account reaches its own subtree only; a sibling's or an ancestor's unit answers 404 as if absent.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isChineseError, testServer, uniq } from './lib.mjs';

let root, qx03, qx05, qx05Full, jd01, grandchild, stdwUnit, xh005;
const srv = testServer({}, async () => {
	({ root, qx03, qx05, jd01, stdw: stdwUnit, xh005 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01', 'SKX-STDW', 'XH005']));
	const office = await srv.login('office');
	qx05Full = (await office.get(`/api/v1/orgs/${qx05.id}`)).json;
	const kids = (await office.get(`/api/v1/orgs/${jd01.id}/children`)).json.items;
	assert.ok(kids.length > 0, 'QX03-JD01 has a child in the demo data');
	grandchild = kids[0];
});

function assert404(r, what) {
	assert.equal(r.status, 404, `${what}: ${r.status} ${r.text}`);
	assert.ok(isChineseError(r), `${what}: ${r.text}`);
}

describe('a district reporter (yuzhong at QX03)', () => {
	let yz;
	before(async () => {
		yz = await srv.login('yuzhong');
	});

	test('reads a sibling district’s unit as missing (404), the same as an id that does not exist', async () => {
		const sib = await yz.get(`/api/v1/orgs/${qx05.id}`);
		assert404(sib, 'GET sibling');
		const none = await yz.get('/api/v1/orgs/999999');
		assert.equal(none.status, 404);
		assert.deepEqual(sib.json, none.json, 'a sibling is indistinguishable from a missing unit');
		assert.equal(sib.text.includes('江北'), false);
	});

	test('cannot list a sibling’s children (404, not an empty list)', async () => {
		assert404(await yz.get(`/api/v1/orgs/${qx05.id}/children`), 'children of sibling');
	});

	test('cannot read the root above them (404)', async () => {
		assert404(await yz.get(`/api/v1/orgs/${root.id}`), 'GET root');
		assert404(await yz.get(`/api/v1/orgs/${root.id}/children`), 'children of root');
	});

	test('search never finds a sibling’s or an ancestor’s unit', async () => {
		for (const q of ['江北', 'QX05', '市科学技术协会', 'SKX', 'XH005', '学会']) {
			const r = await yz.get(`/api/v1/orgs?q=${encodeURIComponent(q)}&limit=100`);
			assert.equal(r.status, 200, r.text);
			for (const it of r.json.items)
				assert.ok(it.code === 'QX03' || it.code.startsWith('QX03-'), `${q} found ${it.code}`);
		}
		const all = await yz.get('/api/v1/orgs?limit=100');
		assert.equal(all.status, 200);
		assert.ok(all.json.total >= 5, 'their own subtree is listed');
		assert.equal(all.json.items.length, all.json.total);
		for (const it of all.json.items) assert.match(it.code, /^QX03(-|$)/);
		const paged = await yz.get('/api/v1/orgs?limit=2&offset=2');
		assert.equal(paged.json.total, all.json.total, 'the total does not count units outside the subtree');
	});

	test('reads their own unit, its children and grandchildren (200)', async () => {
		const own = await yz.get(`/api/v1/orgs/${qx03.id}`);
		assert.equal(own.status, 200, own.text);
		assert.equal(own.json.name, '渝中区科学技术协会');
		const kids = await yz.get(`/api/v1/orgs/${qx03.id}/children`);
		assert.equal(kids.status, 200);
		assert.ok(kids.json.items.some((k) => k.code === 'QX03-JD01'));
		assert.equal((await yz.get(`/api/v1/orgs/${jd01.id}`)).status, 200);
		assert.equal((await yz.get(`/api/v1/orgs/${grandchild.id}`)).status, 200);
	});

	test('me.org_path shows the names of their place, from the top down', async () => {
		const me = await yz.get('/api/v1/me');
		assert.equal(me.status, 200);
		const names = me.json.org_path.map((p) => p.name);
		assert.deepEqual(names, ['市科学技术协会', '渝中区科学技术协会']);
		for (const p of me.json.org_path) assert.deepEqual(Object.keys(p).sort(), ['id', 'name'], 'names only, no details of ancestors');
	});

	test('PATCH of a sibling’s unit answers 404 like every other access to it, and nothing changes', async () => {
		const office = await srv.login('office');
		const auditBefore = (await (await srv.login('auditor')).get('/api/v1/audit?object_type=org&limit=1')).json.total;
		const r = await yz.patch(`/api/v1/orgs/${qx05.id}`, { name: '被改名' });
		assert404(r, 'PATCH sibling');
		assert.deepEqual((await office.get(`/api/v1/orgs/${qx05.id}`)).json, qx05Full);
		assert.equal((await (await srv.login('auditor')).get('/api/v1/audit?object_type=org&limit=1')).json.total, auditBefore);
	});

	test('PATCH of their own unit, which a reporter may not change, is 403 (it exists for them)', async () => {
		const r = await yz.patch(`/api/v1/orgs/${qx03.id}`, { name: '被改名' });
		assert.equal(r.status, 403, r.text);
		assert.equal(r.json.error.code, 'forbidden');
	});

	test('a reporter may not list accounts at all: 403 before any unit filter is looked at', async () => {
		for (const q of ['', `?org_id=${qx05.id}`, `?org_id=${qx03.id}`]) {
			const r = await yz.get(`/api/v1/users${q}`);
			assert.equal(r.status, 403, `${q}: ${r.text}`);
			assert.equal(r.json.error.code, 'forbidden');
		}
	});
});

describe('a district staff member (yuzhong_staff at QX03)', () => {
	let ys;
	before(async () => {
		ys = await srv.login('yuzhong_staff');
	});

	test('listing accounts with a sibling unit as the filter is 404, like the unit itself', async () => {
		const r = await ys.get(`/api/v1/users?org_id=${qx05.id}`);
		assert404(r, 'users?org_id=sibling');
		const none = await ys.get('/api/v1/users?org_id=999999');
		assert.deepEqual(r.json, none.json, 'a sibling filter is indistinguishable from a missing unit');
		const own = await ys.get(`/api/v1/users?org_id=${qx03.id}`);
		assert.equal(own.status, 200, own.text);
		assert.ok(own.json.items.length > 0 && own.json.items.every((u) => u.org_id === qx03.id), own.text);
		const all = await ys.get('/api/v1/users?limit=100');
		assert.ok(all.json.items.every((u) => u.org_code.startsWith('QX03')), 'only accounts of the subtree');
		assert.ok(!all.json.items.some((u) => u.username === 'jiangbei' || u.username === 'office'));
	});

	test('creates a unit under their own unit and under a grandchild', async () => {
		const code = uniq('YZ');
		const r = await ys.post('/api/v1/orgs', { parent_id: qx03.id, code, name: '渝中区新设单位', kind: '企事业科协', members: 10 });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.parent_id, qx03.id);
		const r2 = await ys.post('/api/v1/orgs', { parent_id: grandchild.id, code: uniq('YZG'), name: '社区分会', kind: '其他' });
		assert.equal(r2.status, 201, r2.text);
	});

	test('creating under a sibling district or the root is 404 and creates nothing', async () => {
		const office = await srv.login('office');
		const before05 = (await office.get(`/api/v1/orgs/${qx05.id}`)).json.children;
		const beforeRoot = (await office.get(`/api/v1/orgs/${root.id}`)).json.children;
		for (const parent of [qx05.id, root.id]) {
			const code = uniq('BAD');
			const r = await ys.post('/api/v1/orgs', { parent_id: parent, code, name: '越权单位', kind: '其他' });
			assert404(r, `create under ${parent}`);
			assert.equal((await office.get(`/api/v1/orgs?q=${code}`)).json.total, 0);
		}
		assert.equal((await office.get(`/api/v1/orgs/${qx05.id}`)).json.children, before05);
		assert.equal((await office.get(`/api/v1/orgs/${root.id}`)).json.children, beforeRoot);
	});

	test('cannot move a unit of their subtree outside it (404), and the rest of that change is not applied', async () => {
		const r = await ys.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx05.id, name: '改名并外移' });
		assert404(r, 'move to sibling');
		const r2 = await ys.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: root.id });
		assert404(r2, 'move to root');
		const now = (await ys.get(`/api/v1/orgs/${jd01.id}`)).json;
		assert.equal(now.parent_id, qx03.id);
		assert.equal(now.name, jd01.name, 'the name change in the refused request was rolled back');
	});

	test('cannot move a unit under its own descendant', async () => {
		const r = await ys.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: grandchild.id });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.field, 'parent_id');
	});

	test('moves a unit within the subtree, with its children', async () => {
		const jd02 = await srv.orgByCode('QX03-JD02');
		const a = await ys.post('/api/v1/orgs', { parent_id: jd01.id, code: uniq('MV'), name: '待移动', kind: '其他' });
		assert.equal(a.status, 201, a.text);
		const b = await ys.post('/api/v1/orgs', { parent_id: a.json.id, code: uniq('MVC'), name: '待移动的下级', kind: '其他' });
		assert.equal(b.status, 201, b.text);
		const m = await ys.patch(`/api/v1/orgs/${a.json.id}`, { parent_id: jd02.id });
		assert.equal(m.status, 200, m.text);
		assert.equal(m.json.parent_id, jd02.id);
		const child = (await ys.get(`/api/v1/orgs/${b.json.id}`)).json;
		assert.equal(child.parent_id, a.json.id);
		assert.equal(child.depth, m.json.depth + 1);
		const kids = (await ys.get(`/api/v1/orgs/${jd02.id}/children`)).json.items;
		assert.ok(kids.some((k) => k.id === a.json.id));
	});

	test('cannot move or close their own unit (403), which stays as it was', async () => {
		const mv = await ys.patch(`/api/v1/orgs/${qx03.id}`, { parent_id: qx05.id });
		assert.equal(mv.status, 403, mv.text);
		assert.equal(mv.json.error.code, 'own_unit');
		const mv2 = await ys.patch(`/api/v1/orgs/${qx03.id}`, { parent_id: jd01.id });
		assert.equal(mv2.status, 403, mv2.text);
		assert.equal(mv2.json.error.code, 'own_unit');
		const cl = await ys.patch(`/api/v1/orgs/${qx03.id}`, { closed: true });
		assert.equal(cl.status, 403, cl.text);
		assert.ok(isChineseError(cl));
		const now = (await ys.get(`/api/v1/orgs/${qx03.id}`)).json;
		assert.equal(now.closed, false);
		assert.equal(now.parent_id, root.id);
	});

	test('PATCH of a sibling district’s unit is 404 and changes nothing', async () => {
		assert404(await ys.patch(`/api/v1/orgs/${qx05.id}`, { members: 1 }), 'patch sibling');
		const office = await srv.login('office');
		assert.equal((await office.get(`/api/v1/orgs/${qx05.id}`)).json.members, qx05.members);
	});

	test('the users list never shows another district’s accounts', async () => {
		const r = await ys.get('/api/v1/users?limit=100');
		assert.equal(r.status, 200, r.text);
		const names = r.json.items.map((u) => u.username);
		assert.ok(names.includes('yuzhong'));
		for (const bad of ['jiangbei', 'office', 'admin', 'wuli', 'stdw']) assert.ok(!names.includes(bad), `lists ${bad}`);
		const q = await ys.get('/api/v1/users?q=jiangbei');
		assert.equal(q.json.total, 0);
		const jb = await srv.userByName('jiangbei');
		assert404(await ys.get(`/api/v1/users/${jb.id}`), 'GET another district’s user');
		assert404(await ys.patch(`/api/v1/users/${jb.id}`, { disabled: true }), 'disable another district’s user');
		assert404(await ys.post(`/api/v1/users/${jb.id}/password`, { password: 'Hijack#Pass2026' }), 'reset another district’s password');
		assert.equal((await srv.tryLogin('jiangbei')).status, 200, 'jiangbei is untouched');
	});

	test('cannot create an account in a sibling district (404)', async () => {
		const r = await ys.post('/api/v1/users', {
			username: 'x_' + uniq().toLowerCase(),
			display_name: '越权账号',
			role: 'reporter',
			org_id: qx05.id,
			password: 'Strong#Pass2026',
		});
		assert404(r, 'create user in sibling');
	});
});

describe('a supervisor (stdw at SKX-STDW)', () => {
	let st;
	before(async () => {
		st = await srv.login('stdw');
	});

	test('sees the societies of their subtree', async () => {
		const r = await st.get(`/api/v1/orgs/${stdwUnit.id}/children?limit=100`);
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.total >= 100, `total ${r.json.total}`);
		assert.ok(r.json.items.every((o) => o.kind === '市级学会' || o.parent_id === stdwUnit.id));
		assert.equal((await st.get(`/api/v1/orgs/${xh005.id}`)).status, 200);
		const s = await st.get(`/api/v1/orgs?q=XH005`);
		assert.equal(s.json.total, 1);
	});

	test('does not see the district associations', async () => {
		assert404(await st.get(`/api/v1/orgs/${qx03.id}`), 'supervisor reads a district');
		const s = await st.get(`/api/v1/orgs?q=${encodeURIComponent('渝中')}`);
		assert.equal(s.json.total, 0);
	});

	test('cannot create units (403) and nothing is created', async () => {
		const code = uniq('ST');
		const r = await st.post('/api/v1/orgs', { parent_id: stdwUnit.id, code, name: '学会新设', kind: '市级学会' });
		assert.equal(r.status, 403, r.text);
		assert.ok(isChineseError(r));
		assert.equal((await st.get(`/api/v1/orgs?q=${code}`)).json.total, 0);
		assert.equal((await st.patch(`/api/v1/orgs/${xh005.id}`, { members: 1 })).status, 403);
	});
});

describe('a society reporter (wuli at XH005)', () => {
	test('sees only their society', async () => {
		const w = await srv.login('wuli');
		const all = await w.get('/api/v1/orgs?limit=100');
		assert.equal(all.status, 200);
		assert.deepEqual(all.json.items.map((o) => o.code), ['XH005']);
		const xh001 = await srv.orgByCode('XH001');
		assert404(await w.get(`/api/v1/orgs/${xh001.id}`), 'sibling society');
		assert404(await w.get(`/api/v1/orgs/${stdwUnit.id}`), 'parent of society');
	});
});

describe('the pages keep the same scope', () => {
	test('a district reporter gets 404 for a sibling’s unit page and never sees it in page search', async () => {
		const yz = await srv.login('yuzhong');
		const p = await yz.get(`/orgs/${qx05.id}`);
		assert.equal(p.status, 404);
		assert.equal(p.text.includes(qx05.name), false);
		assert.equal((await yz.get(`/orgs/${root.id}`)).status, 404);
		for (const q of ['江北', 'QX05']) {
			const s = await yz.get(`/orgs?q=${encodeURIComponent(q)}`);
			assert.equal(s.status, 200);
			assert.equal(s.text.includes('江北区科学技术协会'), false, `page search ${q}`);
		}
		const own = await yz.get(`/orgs/${qx03.id}`);
		assert.equal(own.status, 200);
		assert.ok(own.text.includes('渝中区科学技术协会'));
		assert.ok(own.text.includes('QX03-JD01') || own.text.includes(jd01.name), 'children shown');
	});

	test('a district staff member’s user page never lists another district’s accounts or opens them', async () => {
		const ys = await srv.login('yuzhong_staff');
		const p = await ys.get('/users');
		assert.equal(p.status, 200);
		assert.equal(p.text.includes('jiangbei'), false);
		const jb = await srv.userByName('jiangbei');
		assert.equal((await ys.get(`/users/${jb.id}`)).status, 404);
		assert.equal((await ys.get(`/orgs/${qx05.id}/edit`)).status, 404);
	});
});
