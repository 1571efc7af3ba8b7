// users: accounts managed by staff within their subtree and by the sysadmin; the admin roles stay out of the web's reach.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PASSWORD, isChineseError, testServer, uniq } from './lib.mjs';

const PW = 'Users#Pass2026';
let office, qx03;
const newName = () => 'u_' + uniq().toLowerCase();

const srv = testServer({}, async () => {
	office = await srv.login('office');
	qx03 = await srv.orgByCode('QX03');
});

async function userCount() {
	const r = await office.get('/api/v1/users?limit=1');
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

describe('office (staff at the root) manages business accounts', () => {
	let created;
	test('create: 201 with the account, no password or hash in the answer', async () => {
		const username = newName();
		const r = await office.post('/api/v1/users', { username, display_name: '新同事', role: 'reporter', org_id: qx03.id, password: PW });
		assert.equal(r.status, 201, r.text);
		created = r.json;
		assert.equal(created.username, username);
		assert.equal(created.role, 'reporter');
		assert.equal(created.org_id, qx03.id);
		assert.equal(created.org_code, 'QX03');
		assert.equal(created.disabled, false);
		assert.equal(/password|pw_hash|argon/i.test(r.text), false, r.text);
		assert.equal((await srv.tryLogin(username, PW)).status, 200);
	});

	test('list, search and get', async () => {
		const l = await office.get(`/api/v1/users?q=${created.username}`);
		assert.equal(l.status, 200);
		assert.equal(l.json.total, 1);
		assert.equal(l.json.items[0].id, created.id);
		const byOrg = await office.get(`/api/v1/users?org_id=${qx03.id}&limit=100`);
		assert.ok(byOrg.json.items.some((u) => u.id === created.id));
		assert.ok(byOrg.json.items.every((u) => u.org_id === qx03.id || u.org_code.startsWith('QX03')));
		const g = await office.get(`/api/v1/users/${created.id}`);
		assert.equal(g.status, 200);
		assert.equal(g.json.display_name, '新同事');
		assert.equal((await office.get('/api/v1/users/987654321')).status, 404);
	});

	test('patch display name, role and unit', async () => {
		const qx05 = await srv.orgByCode('QX05');
		const r = await office.patch(`/api/v1/users/${created.id}`, { display_name: '改名了', role: 'viewer', org_id: qx05.id });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.display_name, '改名了');
		assert.equal(r.json.role, 'viewer');
		assert.equal(r.json.org_id, qx05.id);
		const s = await srv.login(created.username, PW);
		const me = await s.get('/api/v1/me');
		assert.equal(me.json.org_id, qx05.id, 'the new unit takes effect');
		assert.equal((await s.get(`/api/v1/orgs/${qx03.id}`)).status, 404, 'the old unit is out of reach now');
	});

	test('role changes are audited', async () => {
		const au = await srv.login('auditor');
		const j = (await au.get(`/api/v1/audit?object_type=user&object_id=${created.id}&limit=100`)).json;
		const e = j.items.find((x) => x.before?.role === 'reporter' && x.after?.role === 'viewer');
		assert.ok(e, `audit rows: ${JSON.stringify(j.items.map((x) => x.action))}`);
		assert.equal(e.actor, 'office');
	});

	test('a duplicate username is 409 and creates nothing', async () => {
		const n = await userCount();
		const r = await office.post('/api/v1/users', { username: 'jiangbei', display_name: '重名', role: 'reporter', org_id: qx03.id, password: PW });
		assert.equal(r.status, 409, r.text);
		assert.equal(r.json.error.field, 'username');
		assert.ok(isChineseError(r));
		assert.equal(await userCount(), n);
	});

	test('invalid input is 400 with the field, and creates nothing', async () => {
		const n = await userCount();
		const base = { username: newName(), display_name: '某人', role: 'reporter', org_id: qx03.id, password: PW };
		const cases = [
			[{ role: 'emperor' }, 'role'],
			[{ username: 'Upper' }, 'username'],
			[{ username: 'a' }, 'username'],
			[{ username: '张三' }, 'username'],
			[{ username: 'a b' }, 'username'],
			[{ display_name: '' }, 'display_name'],
			[{ display_name: '名'.repeat(51) }, 'display_name'],
			[{ display_name: 'a\u0007b' }, 'display_name'],
			[{ password: 'weakpass' }, 'password'],
			[{ password: 'alllowercase1' }, 'password'],
			[{ org_id: 'x' }, 'org_id'],
			[{ disabled: false }, 'disabled'],
		];
		for (const [change, field] of cases) {
			const r = await office.post('/api/v1/users', { ...base, ...change });
			assert.equal(r.status, 400, `${JSON.stringify(change)}: ${r.text}`);
			assert.equal(r.json.error.field, field, `${JSON.stringify(change)}: ${r.text}`);
			assert.ok(isChineseError(r));
		}
		const missing = { ...base };
		delete missing.password;
		const r = await office.post('/api/v1/users', missing);
		assert.equal(r.status, 400);
		assert.equal(r.json.error.field, 'password');
		assert.equal(await userCount(), n);
	});

	test('an account in a unit that does not exist is 404', async () => {
		const r = await office.post('/api/v1/users', { username: newName(), display_name: '某人', role: 'reporter', org_id: 987654321, password: PW });
		assert.equal(r.status, 404, r.text);
	});
});

describe('display names follow the one rule for names', () => {
	test('direction overrides, zero-width, fillers, edge no-break spaces and tags are refused (400)', async () => {
		const leader = await srv.userByName('leader');
		for (const display_name of ['\u202e张三', '张\u200b三', '\u3164', '\u2800', '\u00a0张三', '张三\u3000', '张\u2028三', '张三\u{e0041}', '张\u061c三']) {
			const c = await office.post('/api/v1/users', { username: newName(), display_name, role: 'viewer', org_id: qx03.id, password: PW });
			assert.equal(c.status, 400, `${JSON.stringify(display_name)}: ${c.text}`);
			assert.equal(c.json.error.field, 'display_name');
			assert.ok(isChineseError(c));
			const p = await office.patch(`/api/v1/users/${leader.id}`, { display_name });
			assert.equal(p.status, 400, `${JSON.stringify(display_name)}: ${p.text}`);
		}
		assert.equal((await srv.userByName('leader')).display_name.includes('\u202e'), false);
	});
});

describe('staff cannot reach the administrator roles', () => {
	for (const role of ['sysadmin', 'secadmin', 'auditor']) {
		test(`staff cannot create a ${role} (403) and nothing is created`, async () => {
			const n = await userCount();
			const r = await office.post('/api/v1/users', { username: newName(), display_name: '管理员', role, org_id: 1, password: PW });
			assert.equal(r.status, 403, r.text);
			assert.equal(r.json.error.field, 'role');
			assert.ok(isChineseError(r));
			assert.equal(await userCount(), n);
		});
	}

	test('staff cannot promote a business account to sysadmin (403)', async () => {
		const leader = await srv.userByName('leader');
		const r = await office.patch(`/api/v1/users/${leader.id}`, { role: 'sysadmin' });
		assert.equal(r.status, 403, r.text);
		assert.equal((await office.get(`/api/v1/users/${leader.id}`)).json.role, 'viewer');
	});

	test('staff cannot change their own role, unit or status (403)', async () => {
		const me = office.user;
		for (const change of [{ role: 'viewer' }, { disabled: true }, { org_id: qx03.id }]) {
			const r = await office.patch(`/api/v1/users/${me.id}`, change);
			assert.equal(r.status, 403, `${JSON.stringify(change)}: ${r.text}`);
		}
		assert.equal((await office.get('/api/v1/me')).status, 200);
	});

	test('staff cannot disable, demote or reset the password of an administrator account', async () => {
		const admin = await srv.userByName('admin').catch(() => null);
		const target = admin || (await (await srv.login('admin')).get('/api/v1/me')).json;
		const auditor = await srv.login('auditor');
		const auditBefore = (await auditor.get(`/api/v1/audit?object_type=user&object_id=${target.id}&limit=1`)).json.total;
		const seen = (await office.get(`/api/v1/users/${target.id}`)).json;
		const d = await office.patch(`/api/v1/users/${target.id}`, { disabled: true });
		assert.equal(d.status, 403, `disable sysadmin: ${d.status} ${d.text}`);
		assert.equal(d.json.error.code, 'forbidden_role');
		const p = await office.post(`/api/v1/users/${target.id}/password`, { password: 'Takeover#Pass2026' });
		assert.equal(p.status, 403, `reset sysadmin password: ${p.status} ${p.text}`);
		assert.equal(p.json.error.code, 'forbidden_role');
		const n = await office.patch(`/api/v1/users/${target.id}`, { display_name: '被改名' });
		assert.equal(n.status, 403, `rename sysadmin: ${n.status} ${n.text}`);
		assert.equal(n.json.error.code, 'forbidden_role');
		assert.deepEqual((await office.get(`/api/v1/users/${target.id}`)).json, seen, 'the account is unchanged');
		assert.equal((await auditor.get(`/api/v1/audit?object_type=user&object_id=${target.id}&limit=1`)).json.total, auditBefore, 'nothing audited');
		assert.equal((await srv.tryLogin('admin', PASSWORD)).status, 200, 'the sysadmin still logs in with their password');
		assert.equal((await srv.tryLogin('admin', 'Takeover#Pass2026')).status, 401);
	});

	test('a reporter or viewer cannot create accounts (403)', async () => {
		for (const who of ['yuzhong', 'leader', 'stdw']) {
			const s = await srv.login(who);
			const r = await s.post('/api/v1/users', { username: newName(), display_name: 'x', role: 'reporter', org_id: qx03.id, password: PW });
			assert.equal(r.status, 403, `${who}: ${r.text}`);
		}
	});

	test('the secadmin and the auditor do not manage accounts (403)', async () => {
		for (const who of ['secadmin', 'auditor']) {
			const s = await srv.login(who);
			const r = await s.post('/api/v1/users', { username: newName(), display_name: 'x', role: 'viewer', org_id: 1, password: PW });
			assert.equal(r.status, 403, `${who}: ${r.text}`);
		}
	});
});

describe('the sysadmin manages the business accounts, never an administrator (三员分立)', () => {
	test('creates a staff account and changes its role', async () => {
		const admin = await srv.login('admin');
		const b = await admin.post('/api/v1/users', { username: newName(), display_name: '区县工作人员', role: 'staff', org_id: qx03.id, password: PW });
		assert.equal(b.status, 201, b.text);
		const c = await admin.patch(`/api/v1/users/${b.json.id}`, { role: 'supervisor' });
		assert.equal(c.status, 200, c.text);
		assert.equal(c.json.role, 'supervisor');
		const au = await srv.login('auditor');
		const j = (await au.get(`/api/v1/audit?actor=admin&object_type=user&limit=100`)).json;
		assert.ok(j.items.some((e) => e.object_id === String(b.json.id) && e.before?.role === 'staff' && e.after?.role === 'supervisor'));
	});

	for (const role of ['sysadmin', 'secadmin', 'auditor']) {
		test(`the sysadmin cannot create a ${role} (403) and nothing is created`, async () => {
			const admin = await srv.login('admin');
			const n = await userCount();
			const r = await admin.post('/api/v1/users', { username: newName(), display_name: '管理员', role, org_id: 1, password: PW });
			assert.equal(r.status, 403, r.text);
			assert.equal(r.json.error.code, 'forbidden_role');
			assert.equal(r.json.error.field, 'role');
			assert.ok(isChineseError(r));
			assert.equal(await userCount(), n);
		});
	}

	test('the sysadmin cannot reset, disable, re-role or re-unit an administrator, nor promote anyone to one', async () => {
		const admin = await srv.login('admin');
		const auditor = await srv.userByName('auditor');
		const secadmin = await srv.userByName('secadmin');
		const p = await admin.post(`/api/v1/users/${auditor.id}/password`, { password: 'Takeover#Pass2026' });
		assert.equal(p.status, 403, p.text);
		assert.ok(isChineseError(p));
		const d = await admin.patch(`/api/v1/users/${secadmin.id}`, { disabled: true });
		assert.equal(d.status, 403, d.text);
		const rr = await admin.patch(`/api/v1/users/${auditor.id}`, { role: 'viewer' });
		assert.equal(rr.status, 403, rr.text);
		const ru = await admin.patch(`/api/v1/users/${auditor.id}`, { org_id: qx03.id });
		assert.equal(ru.status, 403, ru.text);
		const leader = await srv.userByName('leader');
		const up = await admin.patch(`/api/v1/users/${leader.id}`, { role: 'auditor' });
		assert.equal(up.status, 403, up.text);
		assert.equal(up.json.error.field, 'role');
		assert.equal((await srv.tryLogin('auditor', PASSWORD)).status, 200, 'the auditor keeps their password');
		assert.equal((await srv.tryLogin('auditor', 'Takeover#Pass2026')).status, 401);
		assert.equal((await srv.tryLogin('secadmin', PASSWORD)).status, 200, 'the secadmin is not disabled');
		assert.equal((await srv.userByName('leader')).role, 'viewer');
	});

	test('the command line on the server makes and repairs administrator accounts, audited as the system', async () => {
		const name = newName();
		const add = srv.cli(['user', 'add', '--username', name, '--role', 'auditor', '--org', 'SKX', '--name', '第二审计员'], PW + '\n');
		assert.equal(add.status, 0, add.stderr);
		const dis = srv.cli(['user', 'disable', '--username', name]);
		assert.equal(dis.status, 0, dis.stderr);
		const en = srv.cli(['user', 'enable', '--username', name]);
		assert.equal(en.status, 0, en.stderr);
		const pw = srv.cli(['user', 'passwd', '--username', name], 'Repaired#Pass2026\n');
		assert.equal(pw.status, 0, pw.stderr);
		assert.equal((await srv.tryLogin(name, 'Repaired#Pass2026')).status, 200);
		const au = await srv.login('auditor');
		const j = (await au.get(`/api/v1/audit?actor=system&object_type=user&limit=100`)).json;
		const mine = j.items.filter((e) => e.summary === name).map((e) => e.action);
		for (const a of ['user.create', 'user.disable', 'user.enable', 'user.reset_password']) assert.ok(mine.includes(a), `${a} in ${mine}`);
	});

	test('a password reset by the sysadmin of their own account is refused (use /me/password)', async () => {
		const admin = await srv.login('admin');
		const r = await admin.post(`/api/v1/users/${admin.user.id}/password`, { password: 'Another#Pass2026' });
		assert.equal(r.status, 400, r.text);
		assert.equal((await srv.tryLogin('admin', PASSWORD)).status, 200);
	});
});

describe('lists without a limit answer the documented default of 50', () => {
	test('accounts, units, a unit’s children and the audit log', async () => {
		// Enough accounts that the default is what cuts the list.
		for (let n = await userCount(); n <= 55; n++) {
			const r = await office.post('/api/v1/users', { username: newName(), display_name: '凑数账号', role: 'viewer', org_id: qx03.id, password: PW });
			assert.equal(r.status, 201, r.text);
		}
		const users = await office.get('/api/v1/users');
		assert.equal(users.status, 200, users.text);
		assert.ok(users.json.total > 50, `${users.json.total}`);
		assert.equal(users.json.items.length, 50);
		const orgs = await office.get('/api/v1/orgs');
		assert.ok(orgs.json.total > 50, `${orgs.json.total}`);
		assert.equal(orgs.json.items.length, 50);
		const stdw = await srv.orgByCode('SKX-STDW');
		const kids = await office.get(`/api/v1/orgs/${stdw.id}/children`);
		assert.equal(kids.status, 200, kids.text);
		assert.ok(kids.json.total > 50, `${kids.json.total}`);
		assert.equal(kids.json.items.length, 50);
		const audit = await (await srv.login('auditor')).get('/api/v1/audit');
		assert.ok(audit.json.total > 50, `${audit.json.total}`);
		assert.equal(audit.json.items.length, 50);
	});
});

test('the new-account form offers no administrator role, to the sysadmin or to staff (三员分立)', async () => {
	for (const who of ['admin', 'office']) {
		const s = await srv.login(who);
		const page = await s.get('/users/new');
		assert.equal(page.status, 200, page.text.slice(0, 200));
		const roles = [...page.text.matchAll(/<option value="([a-z]+)"/g)].map((m) => m[1]);
		assert.ok(roles.includes('staff') && roles.includes('viewer'), `${who}: ${roles}`);
		for (const admin of ['sysadmin', 'secadmin', 'auditor']) assert.ok(!roles.includes(admin), `${who} is offered ${admin}`);
	}
});
