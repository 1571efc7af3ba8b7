// generate: `xuanguan demo generate` — a tree and records with roll-ups that `check` finds right, the same
// database from the same seed, refusals of bad options and of a database that already has units, and a
// generated database the server keeps working on (new units and records after the generated ones).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { BACKEND, PASSWORD, freshDb, runCli, startServer } from './lib.mjs';

const drops = [];
after(() => {
	for (const d of drops) d();
});

function newDb() {
	const d = freshDb();
	drops.push(d.dropDb);
	return d.db;
}

function generate(db, units, records, seed) {
	return runCli(['demo', 'generate', '--db', db, '--units', String(units), '--records', String(records), '--seed', String(seed)]);
}

// Every column of every record, one line each in id order, read with the backend's own client.
const COLUMNS =
	'id, org_id, kind, day, title, campaign_id, participants, audience, hours, detail, state, review_reason,' +
	' reviewed_at, author_org_id, recorded_by_name, recorded_at, updated_at';
function dump(db, table = 'records', columns = COLUMNS) {
	return query(db, `SELECT ${columns} FROM ${table} ORDER BY 1, 2, 3, 4`);
}

function query(db, sql) {
	const r =
		BACKEND === 'pg'
			? spawnSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], { encoding: 'utf8', maxBuffer: 1 << 28 })
			: spawnSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 1 << 28 });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

function sql1(db, sql) {
	return query(db, sql).trim();
}

describe('demo generate', () => {
	test('a generated database: N units on six levels at most, M records of all five kinds, check agrees', () => {
		const db = newDb();
		const r = generate(db, 150, 4000, 3);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /150 units, 4000 records/);
		assert.equal(sql1(db, 'SELECT count(*) FROM org'), '150');
		assert.equal(sql1(db, 'SELECT count(*) FROM records'), '4000');
		assert.equal(sql1(db, 'SELECT max(depth) <= 5 FROM org').replace('t', '1'), '1');
		assert.equal(sql1(db, 'SELECT count(DISTINCT kind) FROM records'), '5');
		// Publicity in every review state; records in each of the five years; several campaigns used.
		assert.equal(sql1(db, "SELECT count(DISTINCT state) FROM records WHERE kind = 'publicity'"), '4');
		assert.equal(sql1(db, 'SELECT count(DISTINCT substr(day, 1, 4)) FROM records'), '5');
		assert.ok(Number(sql1(db, 'SELECT count(DISTINCT campaign_id) FROM records')) >= 3);
		assert.ok(Number(sql1(db, 'SELECT count(*) FROM rollup')) > 0);
		const c = runCli(['check', '--db', db]);
		assert.equal(c.status, 0, c.stdout + c.stderr);
		assert.match(c.stdout, /roll-ups agree/);
	});

	test('check notices a generated counter that is off (the roll-ups are really compared)', () => {
		const db = newDb();
		assert.equal(generate(db, 60, 800, 4).status, 0);
		const upd = "UPDATE rollup SET records = records + 1 WHERE org_id = (SELECT min(org_id) FROM rollup)";
		const r =
			BACKEND === 'pg'
				? spawnSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-qc', upd], { encoding: 'utf8' })
				: spawnSync('sqlite3', [db, upd], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		const c = runCli(['check', '--db', db]);
		assert.equal(c.status, 1, c.stdout + c.stderr);
	});

	test('the same seed gives the same records, units and counters; another seed does not', () => {
		const a = newDb();
		const b = newDb();
		const c = newDb();
		assert.equal(generate(a, 120, 3000, 11).status, 0);
		assert.equal(generate(b, 120, 3000, 11).status, 0);
		assert.equal(generate(c, 120, 3000, 12).status, 0);
		const ra = dump(a);
		assert.equal(ra.split('\n').length, 3001);
		assert.equal(dump(b), ra);
		assert.notEqual(dump(c), ra);
		const org = 'id, parent_id, code, name, kind_id, path, depth, members';
		assert.equal(dump(b, 'org', org), dump(a, 'org', org));
		const roll = 'org_id, campaign_id, kind, month, records, participants, audience, hours';
		assert.equal(dump(b, 'rollup', roll), dump(a, 'rollup', roll));
	});

	test('bad options and a database that already has units are refused with a message', () => {
		const db = newDb();
		for (const args of [
			['--units', '0'],
			['--units', 'many'],
			['--records', '-1'],
			['--seed', '1x'],
			['--frob'],
		]) {
			const r = runCli(['demo', 'generate', '--db', db, ...args]);
			assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
			assert.ok(r.stderr.length > 0, args.join(' '));
		}
		assert.equal(runCli(['demo', 'frobnicate', '--db', db]).status, 2);
		assert.equal(generate(db, 20, 100, 1).status, 0);
		const again = generate(db, 20, 100, 1);
		assert.equal(again.status, 1);
		assert.match(again.stderr, /already has 20 units/);
		assert.equal(sql1(db, 'SELECT count(*) FROM records'), '100');
	});
});

describe('the server on a generated database', () => {
	test('a new unit and a new record follow the generated ones; the city figures are the records', async () => {
		const srv = await startServer({ demo: false });
		try {
			const r = srv.cli(['demo', 'generate', '--units', '80', '--records', '1500', '--seed', '5']);
			assert.equal(r.status, 0, r.stderr);
			const add = srv.cli(['user', 'add', '--username', 'office', '--role', 'staff', '--org', 'SKX'], PASSWORD + '\n');
			assert.equal(add.status, 0, add.stderr);
			const office = await srv.login('office');
			const unit = await office.post('/api/v1/orgs', { parent_id: 1, code: 'NEW01', name: '新建科协', kind: '其他' });
			assert.equal(unit.status, 201, unit.text);
			assert.equal(unit.json.id, 81);
			const year = '?from=2024-01-01&to=2024-12-31';
			const before = await office.get(`/api/v1/orgs/1/stats${year}`);
			assert.equal(before.status, 200, before.text);
			const want = Number(
				sql1(srv.db, "SELECT count(*) FROM records WHERE kind = 'lecture' AND day BETWEEN '2024-01-01' AND '2024-12-31'"),
			);
			assert.ok(want > 0);
			assert.equal(before.json.kinds.lecture.records, want);
			const rec = await office.post('/api/v1/records', {
				org_id: unit.json.id,
				kind: 'lecture',
				date: '2024-05-04',
				title: '青年科技工作者宣讲',
				audience: 40,
			});
			assert.equal(rec.status, 201, rec.text);
			const after_ = await office.get(`/api/v1/orgs/1/stats${year}`);
			assert.equal(after_.json.kinds.lecture.records, want + 1);
			const c = srv.cli(['check']);
			assert.equal(c.status, 0, c.stdout + c.stderr);
		} finally {
			await srv.stop();
		}
	});
});
