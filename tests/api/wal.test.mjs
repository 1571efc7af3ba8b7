// wal: under continuous writes a SQLite server's WAL stays bounded and is emptied when the writes stop
// (each server process checkpoints on a thread of its own, never inside a writer's COMMIT); nothing
// answered 201 is lost, even to kill -9 in the middle; commands (import, check) run beside the writing servers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BACKEND, BIN, ROOT, startPeer, startServer, stats, uniq } from './lib.mjs';

const MiB = 1024 * 1024;
// The checkpointer starts the WAL over once it passes 16 MiB; what is appended while it gets there
// comes on top. Without checkpoints the writes below leave several times this much.
const WAL_BOUND = 32 * MiB;
const WRITES = 2400;
const CLIENTS = 8;

function walSize(db) {
	try {
		return fs.statSync(db + '-wal').size;
	} catch {
		return 0; // no WAL file at all
	}
}

// A command run without blocking the event loop, so the writers go on meanwhile.
function cliAsync(args) {
	return new Promise((resolve, reject) => {
		const env = { ...process.env };
		delete env.XUANGUAN_DB;
		const p = spawn(BIN, args, { cwd: ROOT, env });
		let out = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (out += d));
		p.on('error', reject);
		p.on('exit', (code, signal) => resolve({ code, signal, out }));
	});
}

/*
 * WRITES record creations by CLIENTS clients in parallel, spread over sessions (one per server), while
 * the WAL's size is sampled after every answer. Returns the ids answered 201 and the largest WAL seen.
 */
async function writeMany(sessions, unit, db, tag) {
	const ids = [];
	let next = 0;
	let largest = 0;
	async function client(k) {
		for (;;) {
			const i = next++;
			if (i >= WRITES) return;
			const s = sessions[(i + k) % sessions.length];
			const r = await s.post('/api/v1/records', { org_id: unit, kind: 'lecture', date: '2025-10-01', title: `${tag}-${i}`, audience: 1 });
			assert.equal(r.status, 201, r.text);
			ids.push(r.json.id);
			largest = Math.max(largest, walSize(db));
		}
	}
	await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
	return { ids, largest };
}

// Wait (10 s at most) for the WAL file to be emptied by the quiet-time checkpoint; returns its size then.
async function walAfterQuiet(db) {
	for (let i = 0; i < 100 && walSize(db) > 0; i++) await new Promise((r) => setTimeout(r, 100));
	return walSize(db);
}

const OCTOBER = '?from=2025-10-01&to=2025-10-31';

describe('WAL checkpoints under continuous writes', { skip: BACKEND !== 'sqlite' && 'a SQLite file check' }, () => {
	let a, b;
	after(async () => {
		if (b) await b.stop();
		if (a) await a.stop();
	});

	test('one process: the WAL stays bounded, is emptied when the writes stop, and every 201 is there', async () => {
		a = await startServer();
		const s = await a.login('yuzhong');
		const jd01 = await a.orgByCode('QX03-JD01');
		const before = await stats(s, s.user.org_id, OCTOBER, { kind: 'lecture' });
		const { ids, largest } = await writeMany([s], jd01.id, a.db, uniq('WAL'));
		assert.equal(new Set(ids).size, WRITES);
		assert.ok(largest < WAL_BOUND, `the WAL reached ${(largest / MiB).toFixed(1)} MiB`);
		assert.equal(await walAfterQuiet(a.db), 0, 'the WAL is emptied once the writes stop');
		const now = await stats(s, s.user.org_id, OCTOBER, { kind: 'lecture' });
		assert.equal(now.records, before.records + WRITES);
		for (const id of [ids[0], ids[WRITES >> 1], ids[WRITES - 1]]) assert.equal((await s.get(`/api/v1/records/${id}`)).status, 200);
		const c = a.cli(['check']);
		assert.equal(c.status, 0, c.stdout + c.stderr);
	});

	test('a write that takes no turn at the gate (a session\'s last_seen) leaves no WAL behind on an idle server', async () => {
		const c = await startServer();
		try {
			// session_idle 60: a session's last_seen is written when 15 s old, outside any transaction
			const sa = await c.login('secadmin');
			assert.equal((await sa.patch('/api/v1/security/policy', { session_idle: 60 })).status, 200);
			const s = await c.login('yuzhong');
			assert.equal(await walAfterQuiet(c.db), 0, 'emptied after the last commit');
			await new Promise((res) => setTimeout(res, 16000));
			assert.equal((await s.get('/api/v1/me')).status, 200);
			assert.ok(walSize(c.db) > 0, 'the session was touched, into the WAL');
			// the idle round looks every 5 s
			let size = walSize(c.db);
			for (let i = 0; i < 150 && size > 0; i++) {
				await new Promise((res) => setTimeout(res, 100));
				size = walSize(c.db);
			}
			assert.equal(size, 0, 'the idle server emptied its WAL');
		} finally {
			await c.stop();
		}
	});

	test('two processes and an import beside them: the WAL stays bounded and is emptied; check agrees', async () => {
		b = await startPeer(a);
		const sa = await a.login('yuzhong');
		const sb = sa.via(b);
		const jd01 = await a.orgByCode('QX03-JD01');
		const before = await stats(sa, sa.user.org_id, OCTOBER, { kind: 'lecture' });
		// A command that writes the same file while both servers write: it waits its turn for the lock.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-wal-'));
		const csv = path.join(dir, 'units.csv');
		const code = uniq('WALIMP');
		fs.writeFileSync(csv, `code,parent_code,name,kind,members\n${code},QX05,检查点导入单位,其他,7\n`);
		const [w, imp] = await Promise.all([writeMany([sa, sb], jd01.id, a.db, uniq('WAL2')), cliAsync(['org', 'import', '--db', a.db, csv])]);
		fs.rmSync(dir, { recursive: true, force: true });
		assert.equal(imp.signal, null, imp.out);
		assert.equal(imp.code, 0, imp.out);
		assert.equal((await a.orgByCode(code)).members, 7, 'the import is there');
		assert.ok(w.largest < WAL_BOUND, `the WAL reached ${(w.largest / MiB).toFixed(1)} MiB`);
		// The last word to the servers (a command checkpoints only while it commits): one more write each.
		for (const s of [sa, sb]) assert.equal((await s.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2025-10-02', title: 'last', audience: 1 })).status, 201);
		assert.equal(await walAfterQuiet(a.db), 0, 'the WAL is emptied once the writes stop');
		const now = await stats(sb, sa.user.org_id, OCTOBER, { kind: 'lecture' });
		assert.equal(now.records, before.records + WRITES + 2);
		const c = await cliAsync(['check', '--db', a.db]);
		assert.equal(c.code, 0, c.out);
		assert.equal(a.problems() + b.problems(), '');
	});

	test('kill -9 while writes and checkpoints are under way: every record answered 201 is there; check agrees', async () => {
		await b.stop();
		b = undefined;
		const s = await a.login('yuzhong');
		const jd01 = await a.orgByCode('QX03-JD01');
		const tag = uniq('WALK');
		const ids = [];
		let killed = false;
		async function client() {
			for (let i = 0; !killed; i++) {
				let r;
				try {
					r = await s.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2025-10-03', title: `${tag}-${i}`, audience: 1 });
				} catch {
					return; // the connection died with the server
				}
				// An answer that came while the kill went out is a promise all the same.
				assert.equal(r.status, 201, r.text);
				ids.push(r.json.id);
				// Past 16 MiB of WAL (about 400 writes here) the checkpointer has restarted it at least once.
				if (!killed && ids.length >= 600) {
					killed = true;
					await a.kill9();
				}
			}
		}
		await Promise.all(Array.from({ length: CLIENTS }, () => client()));
		assert.ok(ids.length >= 600);
		await a.restart();
		const s2 = await a.login('yuzhong');
		const missing = [];
		for (const id of ids) if ((await s2.get(`/api/v1/records/${id}`)).status !== 200) missing.push(id);
		assert.deepEqual(missing, [], `records answered 201 and lost: ${missing.join(', ')}`);
		const c = await cliAsync(['check', '--db', a.db]);
		assert.equal(c.code, 0, c.out);
	});

	test('SIGTERM while writes wait for their batch: the server stops cleanly, and every record answered 201 is there', async () => {
		const c = await startServer();
		try {
			const jd01 = await c.orgByCode('QX03-JD01');
			const tag = uniq('WALT');
			const ids = [];
			// Five rounds: a stop finds answers parked most times, not every time.
			for (let round = 0; round < 5; round++) {
				const s = await c.login('yuzhong');
				const want = ids.length + 300;
				let stopping = false;
				let exited;
				async function client(k) {
					for (let i = 0; ; i++) {
						let r;
						try {
							r = await s.post('/api/v1/records', { org_id: jd01.id, kind: 'lecture', date: '2025-10-04', title: `${tag}-${round}-${k}-${i}`, audience: 1 });
						} catch {
							return; // the connection closed with the server
						}
						if (stopping && r.status !== 201) return;
						assert.equal(r.status, 201, r.text);
						ids.push(r.json.id);
						if (!stopping && ids.length >= want) {
							stopping = true;
							c.proc.kill('SIGTERM');
							exited = c.proc.exitInfo;
						}
					}
				}
				await Promise.all(Array.from({ length: 16 }, (_, k) => client(k)));
				await exited;
				assert.deepEqual(c.exits.at(-1), { code: 0, signal: null }, c.log());
				await c.restart();
			}
			const s2 = await c.login('yuzhong');
			const missing = [];
			for (const id of ids) if ((await s2.get(`/api/v1/records/${id}`)).status !== 200) missing.push(id);
			assert.deepEqual(missing, [], `records answered 201 and lost: ${missing.join(', ')}`);
			const k = await cliAsync(['check', '--db', c.db]);
			assert.equal(k.code, 0, k.out);
		} finally {
			await c.stop();
		}
	});
});
