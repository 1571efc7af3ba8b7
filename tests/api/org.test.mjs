// org: the organisation tree over the API — kinds, the demo tree, create, move, rename, close and reopen, paging.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { dbQuery, isChineseError, testServer, uniq } from './lib.mjs';

const KINDS = ['市科协', '区县科协', '乡镇街道科协', '市级学会', '企事业科协', '高校科协', '机关支部', '直属单位', '党组织', '其他'];
let office;
const srv = testServer({}, async () => {
	office = await srv.login('office');
});

async function get(id) {
	const r = await office.get(`/api/v1/orgs/${id}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}
async function create(parent_id, extra = {}) {
	const r = await office.post('/api/v1/orgs', { parent_id, code: uniq('OT'), name: '树测试单位', kind: '其他', members: 1, ...extra });
	assert.equal(r.status, 201, r.text);
	return r.json;
}
async function allChildren(id) {
	const out = [];
	for (let offset = 0; ; offset += 50) {
		const r = await office.get(`/api/v1/orgs/${id}/children?limit=50&offset=${offset}`);
		assert.equal(r.status, 200, r.text);
		out.push(...r.json.items);
		if (r.json.items.length < 50) return { total: r.json.total, items: out };
	}
}

describe('kinds and the demo tree', () => {
	test('init installs the ten kinds of DOMAIN.md §1', async () => {
		const r = await office.get('/api/v1/org-kinds');
		assert.equal(r.status, 200, r.text);
		const names = r.json.items.map((k) => k.name);
		for (const k of KINDS) assert.ok(names.includes(k), `kind ${k}`);
	});

	test('the root has the 39 district associations', async () => {
		const root = await get(1);
		assert.equal(root.code, 'SKX');
		assert.equal(root.parent_id, null);
		assert.equal(root.depth, 0);
		const kids = await allChildren(1);
		assert.equal(kids.total, root.children);
		assert.equal(kids.items.length, kids.total);
		assert.equal(kids.items.filter((o) => o.kind === '区县科协').length, 39);
	});

	test('about 150 municipal societies under the science and technology societies committee', async () => {
		const stdw = await srv.orgByCode('SKX-STDW');
		const kids = await allChildren(stdw.id);
		const societies = kids.items.filter((o) => o.kind === '市级学会');
		assert.ok(societies.length >= 140 && societies.length <= 160, `${societies.length} societies`);
		assert.equal(new Set(kids.items.map((o) => o.id)).size, kids.items.length, 'pages do not repeat a unit');
		assert.ok(societies.every((o) => o.members >= 0 && o.depth === stdw.depth + 1));
	});

	test('townships under some districts, enterprise associations, office branches and affiliated units exist', async () => {
		const count = async (q) => (await office.get(`/api/v1/orgs?q=${encodeURIComponent(q)}&limit=1`)).json.total;
		assert.ok((await count('街道')) >= 3, 'township associations');
		const all = [];
		for (let offset = 0; ; offset += 100) {
			const r = await office.get(`/api/v1/orgs?limit=100&offset=${offset}`);
			all.push(...r.json.items);
			if (r.json.items.length < 100) break;
		}
		const kinds = new Set(all.map((o) => o.kind));
		for (const k of ['乡镇街道科协', '企事业科协', '机关支部', '直属单位']) assert.ok(kinds.has(k), `a unit of kind ${k}`);
		assert.ok(all.filter((o) => o.kind === '企事业科协').length >= 20, 'a few dozen enterprise associations');
		assert.equal(all.length, (await office.get('/api/v1/orgs?limit=1')).json.total, 'paging the search covers the total');
	});
});

describe('changing the tree', () => {
	test('a new unit sits one level below its parent and is counted and found', async () => {
		const qx05 = await srv.orgByCode('QX05');
		const before0 = await get(qx05.id);
		const code = uniq('NEW');
		const u = await create(qx05.id, { code, name: '江北区新建科协分会', kind: '企事业科协', members: 25 });
		assert.equal(u.parent_id, qx05.id);
		assert.equal(u.depth, before0.depth + 1);
		assert.equal(u.closed, false);
		assert.equal(u.children, 0);
		assert.equal((await get(qx05.id)).children, before0.children + 1);
		assert.ok((await allChildren(qx05.id)).items.some((o) => o.id === u.id));
		assert.equal((await office.get(`/api/v1/orgs?q=${code}`)).json.items[0].id, u.id, 'found by code');
		const byName = await office.get(`/api/v1/orgs?q=${encodeURIComponent('新建科协')}`);
		assert.ok(byName.json.items.some((o) => o.id === u.id), 'found by part of the name');
	});

	test('a new code replaces the old one in search; name, kind and members change', async () => {
		const u = await create(1);
		const code = uniq('REN');
		const r = await office.patch(`/api/v1/orgs/${u.id}`, { code, name: '改名后的单位', kind: '直属单位', members: 99 });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.code, code);
		assert.equal(r.json.kind, '直属单位');
		assert.equal(r.json.members, 99);
		assert.equal((await office.get(`/api/v1/orgs?q=${u.code}`)).json.total, 0);
		assert.equal((await office.get(`/api/v1/orgs?q=${code}`)).json.total, 1);
	});

	test('a moved subtree keeps its shape and is found under its new parent only', async () => {
		const a = await create(1);
		const b = await create(a.id);
		const c = await create(b.id);
		const target = await create(1);
		const m = await office.patch(`/api/v1/orgs/${a.id}`, { parent_id: target.id });
		assert.equal(m.status, 200, m.text);
		assert.equal(m.json.depth, target.depth + 1);
		assert.equal((await get(b.id)).depth, target.depth + 2);
		assert.equal((await get(c.id)).depth, target.depth + 3);
		assert.equal((await get(c.id)).parent_id, b.id);
		assert.equal((await get(target.id)).children, 1);
		assert.equal((await allChildren(1)).items.some((o) => o.id === a.id), false, 'no longer under the root');
		// The moved subtree is in the new parent's subtree for a staff member there.
		const yzs = await srv.login('yuzhong_staff');
		assert.equal((await yzs.get(`/api/v1/orgs/${c.id}`)).status, 404);
	});

	test('the root cannot be moved, and nothing can go under itself', async () => {
		// office works at the root: the own-unit rule answers first.
		const r = await office.patch('/api/v1/orgs/1', { parent_id: 2 });
		assert.equal(r.status, 403, r.text);
		assert.equal(r.json.error.code, 'own_unit');
		assert.equal((await get(1)).parent_id, null);
		const a = await create(1);
		const self = await office.patch(`/api/v1/orgs/${a.id}`, { parent_id: a.id });
		assert.equal(self.status, 400, self.text);
		assert.equal(self.json.error.field, 'parent_id');
	});

	test('a closed unit is kept (read 200, closed true) and nothing is created or moved under it; reopened, it takes children again', async () => {
		const u = await create(1);
		const other = await create(1);
		const c = await office.patch(`/api/v1/orgs/${u.id}`, { closed: true });
		assert.equal(c.status, 200, c.text);
		const g = await get(u.id);
		assert.equal(g.closed, true, 'closed, not deleted');
		const under = await office.post('/api/v1/orgs', { parent_id: u.id, code: uniq('UC'), name: '撤销单位的下级', kind: '其他' });
		assert.equal(under.status, 400, under.text);
		assert.equal(under.json.error.field, 'parent_id');
		assert.ok(isChineseError(under));
		const mv = await office.patch(`/api/v1/orgs/${other.id}`, { parent_id: u.id });
		assert.equal(mv.status, 400, mv.text);
		assert.equal((await get(other.id)).parent_id, 1);
		assert.equal((await get(u.id)).children, 0);
		const o = await office.patch(`/api/v1/orgs/${u.id}`, { closed: false });
		assert.equal(o.status, 200, o.text);
		await create(u.id);
		assert.equal((await get(u.id)).children, 1);
	});

	test('a unit under a closed parent cannot be reopened before its parent', async () => {
		const p = await create(1);
		const k = await create(p.id);
		assert.equal((await office.patch(`/api/v1/orgs/${k.id}`, { closed: true })).status, 200);
		assert.equal((await office.patch(`/api/v1/orgs/${p.id}`, { closed: true })).status, 200);
		const r = await office.patch(`/api/v1/orgs/${k.id}`, { closed: false });
		assert.equal(r.status, 409, `${r.status} ${r.text}`);
		assert.equal(r.json.error.code, 'parent_closed');
		assert.equal((await get(k.id)).closed, true);
	});

	test('units are never deleted: DELETE is 405', async () => {
		const u = await create(1);
		const r = await office.del(`/api/v1/orgs/${u.id}`);
		assert.equal(r.status, 405);
		assert.equal((await get(u.id)).id, u.id);
	});

	test('a closed unit with users: its users can still be listed', async () => {
		const u = await create(1);
		const cu = await office.post('/api/v1/users', { username: 'oc_' + uniq().toLowerCase(), display_name: '撤销单位人员', role: 'viewer', org_id: u.id, password: 'Closed#Pass2026' });
		assert.equal(cu.status, 201, cu.text);
		assert.equal((await office.patch(`/api/v1/orgs/${u.id}`, { closed: true })).status, 200);
		const l = await office.get(`/api/v1/users?org_id=${u.id}`);
		assert.equal(l.status, 200);
		assert.equal(l.json.total, 1);
		const nu = await office.post('/api/v1/users', { username: 'oc_' + uniq().toLowerCase(), display_name: 'x', role: 'viewer', org_id: u.id, password: 'Closed#Pass2026' });
		assert.equal(nu.status, 400, `no new account in a closed unit: ${nu.text}`);
		assert.equal(nu.json.error.field, 'org_id');
	});
});

describe('deep trees: at most 32 levels', () => {
	// A chain of n new units under parent; returns them, top first.
	async function chain(parent, n) {
		const out = [];
		for (let i = 0; i < n; i++) out.push(await create(out.length ? out[out.length - 1].id : parent));
		return out;
	}

	test('creating a unit at level 33 is a clear 400, and level 32 is fine', async () => {
		const root = await get(1);
		const units = await chain(1, 31 - root.depth); // the last one is at depth 31: level 32
		const last = units[units.length - 1];
		assert.equal(last.depth, 31);
		const r = await office.post('/api/v1/orgs', { parent_id: last.id, code: uniq('DEEP'), name: '过深的单位', kind: '其他' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'too_deep');
		assert.equal(r.json.error.field, 'parent_id');
		assert.match(r.json.error.message, /层级过深.*32/);
		assert.ok(isChineseError(r));
		assert.equal((await get(last.id)).children, 0, 'nothing was created');
		// The deepest unit is whole: search finds it.
		assert.equal((await office.get(`/api/v1/orgs?q=${last.code}`)).json.items[0].id, last.id);
	});

	test('a move that would push the deepest descendant past level 32 is refused; nothing moves', async () => {
		const host = await chain(1, 25); // host[24] at depth 25
		const branch = await chain(1, 10); // branch[0] at depth 1, branch[9] at depth 10
		const before = await get(branch[9].id);
		const r = await office.patch(`/api/v1/orgs/${branch[0].id}`, { parent_id: host[24].id });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.json.error.code, 'too_deep');
		assert.match(r.json.error.message, /32/);
		assert.equal((await get(branch[0].id)).parent_id, 1, 'the branch stays where it was');
		assert.deepEqual(await get(branch[9].id), before);
		// Under host[20] (depth 21) the deepest lands at depth 31, level 32: allowed, and every level follows.
		const ok = await office.patch(`/api/v1/orgs/${branch[0].id}`, { parent_id: host[20].id });
		assert.equal(ok.status, 200, ok.text);
		assert.equal((await get(branch[9].id)).depth, 31);
		// Moved back, depths come back too (a path is never cut short).
		const back = await office.patch(`/api/v1/orgs/${branch[0].id}`, { parent_id: 1 });
		assert.equal(back.status, 200, back.text);
		assert.equal((await get(branch[9].id)).depth, 10);
		assert.equal((await get(branch[9].id)).parent_id, branch[8].id);
	});

	test('a CSV import past level 32 names the row, says why, and imports nothing', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-deep-'));
		try {
			const p = uniq('CH');
			const lines = ['code,parent_code,name,kind,members', `${p}1,SKX,深1,其他,1`];
			for (let i = 2; i <= 60; i++) lines.push(`${p}${i},${p}${i - 1},深${i},其他,1`);
			const f = path.join(dir, 'deep.csv');
			fs.writeFileSync(f, lines.join('\n') + '\n');
			const r = srv.cli(['org', 'import', f]);
			assert.notEqual(r.status, 0, r.stdout);
			// SKX is level 1, so row i is level i + 1: the unit on line 33 (i = 32) is the first too deep.
			assert.match(r.stderr, /第 33 行：层级过深：组织机构最多32级/);
			assert.doesNotMatch(r.stderr, /系统内部错误|循环/);
			assert.equal((await office.get(`/api/v1/orgs?q=${p}`)).json.total, 0, 'all or nothing');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('pages read first, then render', () => {
	// Run SQL on the served database behind the server's back.

	test('a read that fails while a form is gathered is an error page, never a 200 with half a form', async () => {
		const ok = await office.get('/orgs/1/new');
		assert.equal(ok.status, 200);
		assert.match(ok.text, /<option value="其他"/);
		// The kinds list (and only it, on this page) reads org_kind.sort.
		dbQuery(srv.db, 'ALTER TABLE org_kind RENAME COLUMN sort TO sort_gone');
		try {
			const r = await office.get('/orgs/1/new');
			assert.equal(r.status, 500, 'not a 200 with an empty kind list');
			assert.doesNotMatch(r.text, /<form method="post" action="\/orgs\/1\/new"/);
			assert.match(r.text, /系统内部错误/);
		} finally {
			dbQuery(srv.db, 'ALTER TABLE org_kind RENAME COLUMN sort_gone TO sort');
		}
		assert.equal((await office.get('/orgs/1/new')).status, 200);
	});
});

describe('paging', () => {
	test('children pages of 7 cover the societies exactly once, in a stable order', async () => {
		const stdw = await srv.orgByCode('SKX-STDW');
		const seen = [];
		for (let offset = 0; offset < 200; offset += 7) {
			const r = await office.get(`/api/v1/orgs/${stdw.id}/children?limit=7&offset=${offset}`);
			assert.equal(r.status, 200);
			seen.push(...r.json.items.map((o) => o.id));
			if (r.json.items.length < 7) break;
		}
		assert.equal(seen.length, (await get(stdw.id)).children);
		assert.equal(new Set(seen).size, seen.length);
		const again = await office.get(`/api/v1/orgs/${stdw.id}/children?limit=7&offset=14`);
		assert.deepEqual(again.json.items.map((o) => o.id), seen.slice(14, 21));
	});

	test('an offset past the end answers an empty page with the total', async () => {
		const r = await office.get('/api/v1/orgs?q=QX&limit=10&offset=100000');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items, []);
		assert.ok(r.json.total > 0);
	});
});
