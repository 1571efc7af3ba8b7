// durability: a write answered 2xx survives kill -9 of the server straight after the answer.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, startServer, uniq } from './lib.mjs';

const builds = [['sanitizer build', undefined]];
if (process.env.XG_REL_BIN) builds.push(['release build', path.resolve(ROOT, process.env.XG_REL_BIN)]);

for (const [label, bin] of builds) {
	describe(`kill -9 after a 2xx write (${label})`, () => {
		let srv;
		after(async () => {
			if (srv) await srv.stop();
		});

		test('five creates in a row, each followed by kill -9 and a restart, are all there', async () => {
			srv = await startServer({ bin });
			const created = [];
			for (let i = 0; i < 5; i++) {
				const s = await srv.login('office');
				const code = uniq('DUR');
				const r = await s.post('/api/v1/orgs', { parent_id: 1, code, name: `持久化测试${i}`, kind: '其他', members: i });
				assert.equal(r.status, 201, r.text);
				await srv.kill9();
				created.push({ id: r.json.id, code, i });
				await srv.restart();
				const s2 = await srv.login('office');
				for (const c of created) {
					const g = await s2.get(`/api/v1/orgs/${c.id}`);
					assert.equal(g.status, 200, `unit ${c.code} lost after kill -9 #${i + 1}: ${g.text}`);
					assert.equal(g.json.code, c.code);
					assert.equal(g.json.members, c.i);
				}
			}
			// The audit row was written in the same transaction: it survived too.
			const au = await srv.login('auditor');
			const a = await au.get('/api/v1/audit?action=org.create&limit=100');
			for (const c of created) assert.ok(a.json.items.some((e) => e.object_id === String(c.id)), `audit row of ${c.code}`);
		});

		test('an update, a user and a password change survive kill -9', async () => {
			const s = await srv.login('office');
			const qx05 = await srv.orgByCode('QX05', s);
			const p = await s.patch(`/api/v1/orgs/${qx05.id}`, { members: 4321, name: '江北区科协（改）' });
			assert.equal(p.status, 200, p.text);
			await srv.kill9();
			await srv.restart();
			const s2 = await srv.login('office');
			const u = await s2.post('/api/v1/users', {
				username: 'dur_' + uniq().toLowerCase(),
				display_name: '持久',
				role: 'viewer',
				org_id: qx05.id,
				password: 'Durable#Pass2026',
			});
			assert.equal(u.status, 201, u.text);
			await srv.kill9();
			await srv.restart();
			const l = await srv.tryLogin(u.json.username, 'Durable#Pass2026');
			assert.equal(l.status, 200, 'the new account logs in after kill -9');
			const me = await srv.login(u.json.username, 'Durable#Pass2026');
			const pw = await me.post('/api/v1/me/password', { old_password: 'Durable#Pass2026', password: 'Changed#Pass2026' });
			assert.equal(pw.status, 200, pw.text);
			await srv.kill9();
			await srv.restart();
			assert.equal((await srv.tryLogin(u.json.username, 'Changed#Pass2026')).status, 200);
			const s3 = await srv.login('office');
			const g = await s3.get(`/api/v1/orgs/${qx05.id}`);
			assert.equal(g.json.members, 4321);
			assert.equal(g.json.name, '江北区科协（改）');
		});

		test('records, their roll-ups and an evidence file answered 201 survive kill -9; check stays clean', async () => {
			const s = await srv.login('yuzhong');
			const jd01 = await srv.orgByCode('QX03-JD01');
			const before = (await s.get(`/api/v1/orgs/${s.user.org_id}/stats?from=2025-09-01&to=2025-09-30`)).json;
			const ids = [];
			for (let i = 0; i < 3; i++) {
				const r = await s.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2025-09-1' + i, title: `持久宣讲${i}`, audience: 10 + i });
				assert.equal(r.status, 201, r.text);
				ids.push(r.json.id);
				await srv.kill9();
				await srv.restart();
			}
			const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300000, 1)]);
			const s1 = await srv.login('yuzhong');
			const f = await s1.request('POST', `/api/v1/records/${ids[0]}/files?name=sign.png`, { body: png, headers: { 'Content-Type': 'application/octet-stream' } });
			assert.equal(f.status, 201, f.text);
			await srv.kill9();
			await srv.restart();
			const s2 = await srv.login('yuzhong');
			for (const id of ids) assert.equal((await s2.get(`/api/v1/records/${id}`)).status, 200, `record ${id} lost`);
			const after = (await s2.get(`/api/v1/orgs/${s2.user.org_id}/stats?from=2025-09-01&to=2025-09-30`)).json;
			assert.equal(after.kinds.lecture.records, before.kinds.lecture.records + 3);
			assert.equal(after.kinds.lecture.audience, before.kinds.lecture.audience + 33);
			const back = await s2.get(`/api/v1/files/${f.json.id}`);
			assert.equal(back.status, 200);
			assert.equal(Buffer.compare(back.raw, png), 0, 'the file comes back whole');
			const c = srv.cli(['check']);
			assert.equal(c.status, 0, c.stdout + c.stderr);
		});

		test('a session survives a restart (sessions live in the database, not in memory)', async () => {
			const s = await srv.login('leader');
			await srv.kill9();
			await srv.restart();
			assert.equal((await s.get('/api/v1/me')).status, 200);
		});

		test('a lock survives a restart', async () => {
			for (let i = 0; i < 5; i++) await srv.tryLogin('jgdw', 'Wrong#Pass2026');
			await srv.kill9();
			await srv.restart();
			assert.equal((await srv.tryLogin('jgdw')).status, 429);
		});
	});
}
