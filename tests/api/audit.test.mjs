// audit: every change is recorded with who, from where, before and after; only the auditor reads it; nobody edits it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isChineseError, testServer, uniq } from './lib.mjs';

const ADDR = '127.0.0.9';
let office, auditor;

// The date in China (the audit filters use China time) of a server timestamp, offsetDays later. Dates
// come from the entries' own times, never from this process's clock, so a run across midnight holds.
function chinaDay(at, offsetDays = 0) {
	return new Date((at + offsetDays * 86400) * 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

async function entries(query) {
	const r = await auditor.get(`/api/v1/audit?${query}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}

async function lastOf(action, objectId) {
	const j = await entries(`action=${action}&object_id=${objectId}&limit=100`);
	assert.ok(j.items.length >= 1, `no ${action} entry for ${objectId}`);
	return j.items[0];
}

const srv = testServer({}, async () => {
	office = await srv.login('office', undefined, { localAddress: ADDR });
	auditor = await srv.login('auditor');
});

describe('every change is recorded', () => {
	let unit;
	test('org create: actor, client address, after', async () => {
		const code = uniq('AU');
		const t0 = Math.floor(Date.now() / 1000);
		const r = await office.post('/api/v1/orgs', { parent_id: 1, code, name: '审计测试单位', kind: '其他', members: 8 });
		const t1 = Math.ceil(Date.now() / 1000);
		assert.equal(r.status, 201, r.text);
		unit = r.json;
		const e = await lastOf('org.create', unit.id);
		assert.equal(e.actor, 'office');
		assert.equal(e.client, ADDR, 'the client address is recorded');
		assert.equal(e.object_type, 'org');
		assert.equal(e.object_id, String(unit.id));
		assert.equal(e.before, null);
		assert.equal(e.after.code, code);
		assert.equal(e.after.name, '审计测试单位');
		assert.equal(e.after.members, 8);
		assert.ok(e.at >= t0 && e.at <= t1, `time ${e.at} not within the request (${t0}..${t1})`);
		assert.match(e.action_label, /[\u4e00-\u9fff]/, 'a Chinese label for the action');
	});

	test('org update: before and after', async () => {
		const r = await office.patch(`/api/v1/orgs/${unit.id}`, { name: '审计测试单位（新）', members: 9 });
		assert.equal(r.status, 200, r.text);
		const e = await lastOf('org.update', unit.id);
		assert.equal(e.before.name, '审计测试单位');
		assert.equal(e.after.name, '审计测试单位（新）');
		assert.equal(e.before.members, 8);
		assert.equal(e.after.members, 9);
		assert.equal(e.client, ADDR);
	});

	test('org move: before and after parent', async () => {
		const qx05 = await srv.orgByCode('QX05');
		const r = await office.patch(`/api/v1/orgs/${unit.id}`, { parent_id: qx05.id });
		assert.equal(r.status, 200, r.text);
		const e = await lastOf('org.move', unit.id);
		assert.equal(e.before.parent_id, 1);
		assert.equal(e.after.parent_id, qx05.id);
	});

	test('org close and reopen', async () => {
		const c = await office.patch(`/api/v1/orgs/${unit.id}`, { closed: true });
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.closed, true);
		const e = await lastOf('org.close', unit.id);
		assert.equal(e.before.closed, false);
		assert.equal(e.after.closed, true);
		const o = await office.patch(`/api/v1/orgs/${unit.id}`, { closed: false });
		assert.equal(o.status, 200, o.text);
		await lastOf('org.reopen', unit.id);
	});

	test('closing a unit with open children is refused (409) and not recorded', async () => {
		const qx03 = await srv.orgByCode('QX03');
		const n = (await entries(`object_id=${qx03.id}&limit=1`)).total;
		const r = await office.patch(`/api/v1/orgs/${qx03.id}`, { closed: true });
		assert.equal(r.status, 409, r.text);
		assert.ok(isChineseError(r));
		assert.equal((await entries(`object_id=${qx03.id}&limit=1`)).total, n);
	});

	let user;
	test('user create, role change, disable, password reset', async () => {
		const name = 'au_' + uniq().toLowerCase();
		const pw = 'Audit#Pass2026';
		const c = await office.post('/api/v1/users', { username: name, display_name: '审计对象', role: 'viewer', org_id: 1, password: pw });
		assert.equal(c.status, 201, c.text);
		user = c.json;
		const ec = await lastOf('user.create', user.id);
		assert.equal(ec.actor, 'office');
		assert.equal(ec.after.username, name);
		assert.equal(ec.after.role, 'viewer');
		assert.equal(JSON.stringify(ec).includes(pw), false, 'no password in the log');
		assert.equal(/pw_hash|argon2/i.test(JSON.stringify(ec)), false, 'no password hash in the log');

		const u = await office.patch(`/api/v1/users/${user.id}`, { role: 'supervisor' });
		assert.equal(u.status, 200, u.text);
		const eu = await entries(`object_type=user&object_id=${user.id}&limit=100`);
		const roleChange = eu.items.find((e) => e.before && e.after && e.before.role === 'viewer' && e.after.role === 'supervisor');
		assert.ok(roleChange, `role change recorded: ${JSON.stringify(eu.items.map((e) => e.action))}`);

		const d = await office.patch(`/api/v1/users/${user.id}`, { disabled: true });
		assert.equal(d.status, 200, d.text);
		const ed = (await entries(`object_type=user&object_id=${user.id}&limit=100`)).items.find(
			(e) => e.after && e.after.disabled === true && e.before && e.before.disabled === false,
		);
		assert.ok(ed, 'disable recorded with before and after');

		const p = await office.post(`/api/v1/users/${user.id}/password`, { password: 'Reset#Pass2026x' });
		assert.equal(p.status, 200, p.text);
		const ep = (await entries(`object_type=user&object_id=${user.id}&limit=100`)).items.find((e) => /password/.test(e.action));
		assert.ok(ep, 'password reset recorded');
		assert.equal(ep.actor, 'office');
		assert.equal(JSON.stringify(ep).includes('Reset#Pass2026x'), false);
	});

	test('policy update by the secadmin: before and after', async () => {
		const sa = await srv.login('secadmin', undefined, { localAddress: '127.0.0.10' });
		const r = await sa.patch('/api/v1/security/policy', { pw_min_length: 12 });
		assert.equal(r.status, 200, r.text);
		const j = await entries('action=policy.update&limit=10');
		assert.equal(j.total, 1);
		const e = j.items[0];
		assert.equal(e.actor, 'secadmin');
		assert.equal(e.client, '127.0.0.10');
		assert.equal(e.before.pw_min_length, 10);
		assert.equal(e.after.pw_min_length, 12);
	});

	test('changes made from the command line are recorded too', async () => {
		const name = 'cli_' + uniq().toLowerCase();
		const r = srv.cli(['user', 'add', '--username', name, '--role', 'viewer', '--org', 'SKX'], 'Cli#Pass20266\n');
		assert.equal(r.status, 0, r.stderr);
		const j = await entries('action=user.create&limit=100');
		assert.ok(j.items.some((e) => e.after && e.after.username === name), 'CLI user add audited');
	});
});

describe('before and after of an account’s name and unit', () => {
	test('display_name and org_id changes are recorded with the old and the new value', async () => {
		const qx03 = await srv.orgByCode('QX03');
		const qx05 = await srv.orgByCode('QX05');
		const c = await office.post('/api/v1/users', { username: 'ba_' + uniq().toLowerCase(), display_name: '旧名字', role: 'viewer', org_id: qx03.id, password: 'Audit#Pass2026' });
		assert.equal(c.status, 201, c.text);
		const r = await office.patch(`/api/v1/users/${c.json.id}`, { display_name: '新名字' });
		assert.equal(r.status, 200, r.text);
		const e1 = (await entries(`object_type=user&object_id=${c.json.id}&limit=1`)).items[0];
		assert.equal(e1.before.display_name, '旧名字');
		assert.equal(e1.after.display_name, '新名字');
		const m = await office.patch(`/api/v1/users/${c.json.id}`, { org_id: qx05.id });
		assert.equal(m.status, 200, m.text);
		const e2 = (await entries(`object_type=user&object_id=${c.json.id}&limit=1`)).items[0];
		assert.equal(e2.before.org_id, qx03.id);
		assert.equal(e2.after.org_id, qx05.id);
		assert.equal(e2.before.display_name, '新名字');
	});
});

describe('an auditor lower down (at QX03) reads only their subtree', () => {
	let low, inside, outside;
	before(async () => {
		const qx03 = await srv.orgByCode('QX03');
		const qx05 = await srv.orgByCode('QX05');
		// Administrator accounts are made on the server, never over the web (三员分立).
		const name = 'aud_' + uniq().toLowerCase();
		const c = srv.cli(['user', 'add', '--username', name, '--role', 'auditor', '--org', 'QX03', '--name', '区审计员'], 'Audit#Pass2026\n');
		assert.equal(c.status, 0, c.stderr);
		low = await srv.login(name, 'Audit#Pass2026');
		// Changes made by office (at the root) inside and outside QX03: filed under the unit, not the actor.
		inside = (await office.post('/api/v1/orgs', { parent_id: qx03.id, code: uniq('IN'), name: '子树内审计单位', kind: '其他' })).json;
		outside = (await office.post('/api/v1/orgs', { parent_id: qx05.id, code: uniq('OUT'), name: '子树外审计单位', kind: '其他' })).json;
		assert.ok(inside.id && outside.id);
	});

	test('through the API', async () => {
		const r = await low.get('/api/v1/audit?action=org.create&limit=100');
		assert.equal(r.status, 200, r.text);
		const ids = r.json.items.map((e) => e.object_id);
		assert.ok(ids.includes(String(inside.id)), 'the change inside the subtree is there');
		assert.equal(ids.includes(String(outside.id)), false, 'the change outside the subtree is not');
		const all = await low.get('/api/v1/audit?limit=100');
		const top = await entries('limit=1');
		assert.ok(all.json.total < top.total, `${all.json.total} of ${top.total}`);
		const direct = await low.get(`/api/v1/audit?object_type=org&object_id=${outside.id}`);
		assert.equal(direct.json.total, 0, 'asking for it by id does not help');
		// The auditor at the top sees both.
		const both = (await entries('action=org.create&limit=100')).items.map((e) => e.object_id);
		assert.ok(both.includes(String(inside.id)) && both.includes(String(outside.id)));
	});

	test('through the pages', async () => {
		const r = await low.get('/audit?action=org.create');
		assert.equal(r.status, 200, r.text.slice(0, 200));
		assert.ok(r.text.includes('子树内审计单位'), 'the change inside the subtree is listed');
		assert.equal(r.text.includes('子树外审计单位'), false, 'the change outside is not');
		const top = await auditor.get('/audit?action=org.create');
		assert.ok(top.text.includes('子树内审计单位') && top.text.includes('子树外审计单位'));
	});
});

describe('filters', () => {
	test('by action: only that action', async () => {
		const j = await entries('action=org.create&limit=100');
		assert.ok(j.total >= 1);
		assert.ok(j.items.every((e) => e.action === 'org.create'));
	});

	test('by actor: only that actor', async () => {
		const j = await entries('actor=office&limit=100');
		assert.ok(j.total >= 5);
		assert.ok(j.items.every((e) => e.actor === 'office'));
		const none = await entries('actor=nobody_here');
		assert.equal(none.total, 0);
		assert.equal(none.items.length, 0);
	});

	test('by object type and id', async () => {
		const j = await entries('object_type=user&limit=100');
		assert.ok(j.items.every((e) => e.object_type === 'user'));
	});

	test('by date (China time): from/to around today include, earlier and later days exclude', async () => {
		const all = await entries('limit=1');
		const at = all.items[0].at; // the newest entry; this file's entries are all within a day of it
		const around = await entries(`from=${chinaDay(at, -1)}&to=${chinaDay(at, 1)}&limit=1`);
		assert.equal(around.total, all.total, 'everything happened between the day before and the day after');
		const today = await entries(`from=${chinaDay(at)}&to=${chinaDay(at)}&limit=1`);
		assert.ok(today.total >= 1 && today.total <= all.total);
		assert.equal(today.items[0].id, all.items[0].id, '"to" includes the whole of its day');
		assert.equal((await entries(`to=${chinaDay(at, -2)}&limit=1`)).total, 0, 'nothing two days before');
		assert.equal((await entries(`from=${chinaDay(at, 1)}&limit=1`)).total, 0, 'nothing the day after');
		const combined = await entries(`action=org.update&actor=office&from=${chinaDay(at, -1)}&limit=100`);
		assert.ok(combined.total >= 1);
		assert.ok(combined.items.every((e) => e.action === 'org.update' && e.actor === 'office'));
	});

	test('newest first, and paging covers every row once', async () => {
		const all = await entries('limit=100');
		const ids = all.items.map((e) => e.id);
		assert.deepEqual([...ids].sort((a, b) => b - a), ids, 'newest first');
		const p1 = await entries('limit=3&offset=0');
		const p2 = await entries('limit=3&offset=3');
		assert.equal(p1.items.length, 3);
		assert.deepEqual([...p1.items, ...p2.items].map((e) => e.id), ids.slice(0, p1.items.length + p2.items.length));
	});
});

describe('nobody changes the audit log', () => {
	test('no method but GET on /audit, and no /audit/{id}', async () => {
		const snapshot = await entries('limit=100');
		const sessions = [auditor, office, await srv.login('admin'), await srv.login('secadmin')];
		for (const s of sessions) {
			for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
				const r = await s.request(m, '/api/v1/audit', { json: { action: 'x' } });
				assert.equal(r.status, 405, `${m} /audit: ${r.status}`);
				const id = snapshot.items[0].id;
				const r2 = await s.request(m, `/api/v1/audit/${id}`, { json: { summary: '篡改' } });
				assert.equal(r2.status, 404, `${m} /audit/${id}: ${r2.status}`);
			}
		}
		const now = await entries('limit=100');
		const old = new Map(snapshot.items.map((e) => [e.id, e]));
		for (const e of now.items) if (old.has(e.id)) assert.deepEqual(e, old.get(e.id), `row ${e.id} unchanged`);
		assert.ok(now.total >= snapshot.total, 'no row disappeared');
	});

	test('the auditor changes nothing (403) and reads no units', async () => {
		const before0 = (await entries('limit=1')).total;
		const w = [
			await auditor.post('/api/v1/orgs', { parent_id: 1, code: uniq('AD'), name: '审计员建的', kind: '其他' }),
			await auditor.patch('/api/v1/orgs/1', { name: '审计员改的' }),
			await auditor.post('/api/v1/users', { username: 'x' + uniq().toLowerCase(), display_name: 'x', role: 'auditor', org_id: 1, password: 'Strong#Pass2026' }),
			await auditor.patch('/api/v1/security/policy', { pw_min_length: 8 }),
			await auditor.post('/api/v1/security/unlock', { key: 'user:x' }),
		];
		for (const r of w) {
			assert.equal(r.status, 403, r.text);
			assert.ok(isChineseError(r));
		}
		assert.equal((await auditor.get('/api/v1/orgs?limit=1')).status, 403);
		assert.equal((await entries('limit=1')).total, before0, 'refused attempts added nothing');
	});

	test('only the auditor reads the log', async () => {
		for (const who of ['admin', 'secadmin', 'office', 'leader', 'yuzhong']) {
			const s = await srv.login(who);
			const r = await s.get('/api/v1/audit');
			assert.equal(r.status, 403, `${who}: ${r.status}`);
		}
		assert.equal((await srv.get('/api/v1/audit')).status, 401);
	});
});
