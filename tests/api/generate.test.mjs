// generate: `xuanguan demo generate` — a tree and records with roll-ups that `check` finds right, the same
// database from the same seed, refusals of bad options and of a database that already has units, and a
// generated database the server keeps working on (new units and records after the generated ones).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BACKEND, PASSWORD, dbQuery, freshDb, newDb, runCli, startServer } from './lib.mjs';

const drops = [];
after(() => {
	for (const d of drops) d();
});

function generate(db, units, records, seed) {
	return runCli(['demo', 'generate', '--db', db, '--units', String(units), '--records', String(records), '--seed', String(seed)]);
}

// Every column of every record, one line each in id order, read with the backend's own client.
const COLUMNS =
	'id, org_id, kind, day, title, campaign_id, participants, audience, hours, detail, state, review_reason,' +
	' reviewed_at, author_org_id, recorded_by_name, recorded_at, updated_at';
function dump(db, table = 'records', columns = COLUMNS) {
	return dbQuery(db, `SELECT ${columns} FROM ${table} ORDER BY 1, 2, 3, 4`);
}

describe('demo generate', () => {
	test('a generated database: N units on six levels at most, M records of all five kinds, check agrees', () => {
		const db = newDb(drops);
		const r = generate(db, 150, 4000, 3);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /150 units, 4000 records/);
		assert.equal(dbQuery(db, 'SELECT count(*) FROM org'), '150');
		assert.equal(dbQuery(db, 'SELECT count(*) FROM records'), '4000');
		assert.equal(dbQuery(db, 'SELECT max(depth) <= 5 FROM org').replace('t', '1'), '1');
		assert.equal(dbQuery(db, 'SELECT count(DISTINCT kind) FROM records'), '5');
		// Publicity in every review state; records in each of the five years; several campaigns used.
		assert.equal(dbQuery(db, "SELECT count(DISTINCT state) FROM records WHERE kind = 'publicity'"), '4');
		assert.equal(dbQuery(db, 'SELECT count(DISTINCT substr(day, 1, 4)) FROM records'), '5');
		assert.ok(Number(dbQuery(db, 'SELECT count(DISTINCT campaign_id) FROM records')) >= 3);
		assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM rollup')) > 0);
		const c = runCli(['check', '--db', db]);
		assert.equal(c.status, 0, c.stdout + c.stderr);
		assert.match(c.stdout, /roll-ups agree/);
	});

	test('check notices a generated counter that is off (the roll-ups are really compared)', () => {
		const db = newDb(drops);
		assert.equal(generate(db, 60, 800, 4).status, 0);
		const upd = "UPDATE rollup SET records = records + 1 WHERE org_id = (SELECT min(org_id) FROM rollup)";
		dbQuery(db, upd);
		const c = runCli(['check', '--db', db]);
		assert.equal(c.status, 1, c.stdout + c.stderr);
	});

	test('the same seed gives the same records, units and counters; another seed does not', () => {
		const a = newDb(drops);
		const b = newDb(drops);
		const c = newDb(drops);
		assert.equal(generate(a, 120, 3000, 11).status, 0);
		assert.equal(generate(b, 120, 3000, 11).status, 0);
		assert.equal(generate(c, 120, 3000, 12).status, 0);
		const ra = dump(a);
		assert.equal(ra.split('\n').length, 3000); // rows (dbQuery trims the last newline)
		assert.equal(dump(b), ra);
		assert.notEqual(dump(c), ra);
		const org = 'id, parent_id, code, name, kind_id, path, depth, members';
		assert.equal(dump(b, 'org', org), dump(a, 'org', org));
		const roll = 'org_id, campaign_id, kind, month, records, participants, audience, hours';
		assert.equal(dump(b, 'rollup', roll), dump(a, 'rollup', roll));
	});

	test('bad options and a database that already has units are refused with a message', () => {
		const db = newDb(drops);
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
		assert.equal(dbQuery(db, 'SELECT count(*) FROM records'), '100');
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
				dbQuery(srv.db, "SELECT count(*) FROM records WHERE kind = 'lecture' AND day BETWEEN '2024-01-01' AND '2024-12-31'"),
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

// Tasks at scale, small: `--tasks N` gives one more campaign whose N tasks the root assigns to each
// of its children and to about one unit in 16 below them, in mixed states; the API's lights and
// overdue lists over them agree with the rows, counted here from the rows themselves.
describe('demo generate --tasks', () => {
	const DAY = 86400000;
	const dayOf = (s) => Date.parse(`${s}T00:00:00Z`) / DAY;
	const TASK_UNITS = 'task_id, org_id, role, state, percent, signed_at, done_at, updated_at';
	const TASKS = 'id, assigner_org_id, campaign_id, title, paragraph, section_path, start_date, due_date';

	test('tasks and assignments: counts, states, every child of the root, the same seed the same rows', () => {
		const db = newDb(drops);
		const r = runCli(['demo', 'generate', '--db', db, '--units', '400', '--records', '300', '--tasks', '24', '--seed', '9']);
		assert.equal(r.status, 0, r.stderr);
		const n = Number(dbQuery(db, 'SELECT count(*) FROM task_units'));
		assert.match(r.stdout, new RegExp(`24 tasks, ${n} task assignments`));
		assert.equal(dbQuery(db, 'SELECT count(*) FROM tasks'), '24');
		assert.equal(dbQuery(db, 'SELECT count(DISTINCT assigner_org_id) || \',\' || min(assigner_org_id) FROM tasks'), '1,1');
		// Each task to every child of the root; deeper units some tasks each, about one in 16.
		const kids = Number(dbQuery(db, 'SELECT count(*) FROM org WHERE depth = 1'));
		assert.equal(dbQuery(db, 'SELECT count(*) FROM task_units tu JOIN org o ON o.id = tu.org_id WHERE o.depth = 1'), String(24 * kids));
		const deeper = n - 24 * kids;
		const deepUnits = 400 - 1 - kids;
		assert.ok(deeper > (24 * deepUnits) / 32 && deeper < (24 * deepUnits) / 8, `${deeper} deeper assignments`);
		assert.equal(dbQuery(db, 'SELECT count(*) FROM task_units tu JOIN org o ON o.id = tu.org_id WHERE o.depth = 0'), '0');
		assert.equal(dbQuery(db, 'SELECT count(DISTINCT state) FROM task_units'), '3');
		assert.equal(dbQuery(db, "SELECT count(*) FROM task_units WHERE state = 'done' AND percent <> 100"), '0');
		assert.equal(dbQuery(db, "SELECT count(*) FROM tasks WHERE due_date < '2025-01-15' OR due_date > '2025-12-31' OR start_date > due_date"), '0');
		const again = newDb(drops);
		assert.equal(runCli(['demo', 'generate', '--db', again, '--units', '400', '--records', '300', '--tasks', '24', '--seed', '9']).status, 0);
		assert.equal(dump(again, 'task_units', TASK_UNITS), dump(db, 'task_units', TASK_UNITS));
		assert.equal(dump(again, 'tasks', TASKS), dump(db, 'tasks', TASKS));
		const other = newDb(drops);
		assert.equal(runCli(['demo', 'generate', '--db', other, '--units', '400', '--records', '300', '--tasks', '24', '--seed', '10']).status, 0);
		assert.notEqual(dump(other, 'task_units', TASK_UNITS), dump(db, 'task_units', TASK_UNITS));
		for (const bad of ['-1', 'x', '100001']) {
			const b = runCli(['demo', 'generate', '--db', newDb(drops), '--tasks', bad]);
			assert.equal(b.status, 2, bad);
			assert.match(b.stderr, /--tasks/);
		}
	});

	test('the same rows on SQLite and on PostgreSQL', { skip: BACKEND !== 'pg' && 'needs both backends' }, () => {
		const pg = newDb(drops);
		const lite = freshDb('sqlite');
		drops.push(lite.dropDb);
		for (const db of [pg, lite.db]) {
			const r = runCli(['demo', 'generate', '--db', db, '--units', '300', '--records', '100', '--tasks', '20', '--seed', '4']);
			assert.equal(r.status, 0, r.stderr);
		}
		for (const [table, cols] of [['task_units', TASK_UNITS], ['tasks', TASKS]]) {
			const a = dbQuery(pg, `SELECT ${cols} FROM ${table} ORDER BY 1, 2`);
			assert.ok(a.split('\n').length >= 20, table); // rows (dbQuery trims the last newline)
			assert.equal(dbQuery(lite.db, `SELECT ${cols} FROM ${table} ORDER BY 1, 2`), a, table);
		}
	});

	test('the lights and overdue lists the API reports, for the root (a large subtree) and a district', async () => {
		// 2,500 units: the root's subtree is large (overdue walks the tasks), a district's small.
		const srv = await startServer({ demo: false });
		try {
			const g = srv.cli(['demo', 'generate', '--units', '2500', '--records', '100', '--tasks', '30', '--seed', '6']);
			assert.equal(g.status, 0, g.stderr);
			// Today three days before a task's due date, with tasks due before and well after it.
			const dues = dbQuery(srv.db, 'SELECT due_date FROM tasks ORDER BY due_date, id').split('\n');
			const mid = dues.find((d) => dayOf(d) - dayOf(dues[0]) >= 10 && dayOf(dues.at(-1)) - dayOf(d) >= 20);
			assert.ok(mid, 'a due date in the middle');
			const today = new Date((dayOf(mid) - 3) * DAY).toISOString().slice(0, 10);
			srv.opts.env = { XUANGUAN_NOW: `${today}T10:00:00+08:00` };
			await srv.restart();
			const add = srv.cli(['user', 'add', '--username', 'office', '--role', 'staff', '--org', 'SKX'], PASSWORD + '\n');
			assert.equal(add.status, 0, add.stderr);
			const office = await srv.login('office');

			const m = await office.get('/api/v1/tasks/matrix?org_id=1&limit=100');
			assert.equal(m.status, 200, m.text);
			const kids = Number(dbQuery(srv.db, 'SELECT count(*) FROM org WHERE depth = 1'));
			assert.equal(m.json.total, 30);
			assert.equal(m.json.units.length, kids);
			assert.equal(m.json.cells.length, 30 * kids);
			const want = (c) => {
				if (c.state === 'done') return 'green';
				const left = dayOf(c.due_date) - dayOf(today);
				return left < 0 ? 'red' : left <= 7 ? 'yellow' : 'green';
			};
			const seen = new Set();
			for (const c of m.json.cells) {
				assert.equal(c.light, want(c), `task ${c.task_id} unit ${c.org_id}`);
				seen.add(c.light);
			}
			assert.deepEqual([...seen].sort(), ['green', 'red', 'yellow']);
			// A page of the matrix: its tasks in due order after the first page's, the count of all.
			const page = await office.get('/api/v1/tasks/matrix?org_id=1&limit=7&offset=7');
			assert.equal(page.status, 200, page.text);
			assert.equal(page.json.total, 30);
			assert.deepEqual(
				page.json.tasks.map((t) => t.id),
				m.json.tasks.slice(7, 14).map((t) => t.id),
			);
			assert.equal(page.json.cells.length, 7 * kids);
			assert.ok(page.json.tasks.every((t) => t.units === kids), 'counts over the children');
			const past = await office.get('/api/v1/tasks/matrix?org_id=1&limit=7&offset=30');
			assert.equal(past.json.total, 30);
			assert.equal(past.json.tasks.length, 0);

			const late = (scope) =>
				Number(
					dbQuery(
						srv.db,
						`SELECT count(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id JOIN org o ON o.id = tu.org_id
						 WHERE tu.state <> 'done' AND t.due_date < '${today}' AND o.path LIKE '${scope}%'`,
					),
				);
			const district = dbQuery(srv.db, "SELECT id || ' ' || path FROM org WHERE depth = 1 AND code LIKE 'QX%' ORDER BY id LIMIT 1").split(' ');
			for (const [id, scope] of [['1', '/1/'], district]) {
				const o = await office.get(`/api/v1/tasks/overdue?org_id=${id}&limit=100`);
				assert.equal(o.status, 200, o.text);
				const all = late(scope);
				assert.ok(all > 0, `overdue assignments under ${scope}`);
				assert.equal(o.json.total, Math.min(all, 10000), scope);
				assert.equal(o.json.items.length, Math.min(all, 100), scope);
				const key = (c) => [c.due_date, String(c.task_id).padStart(9, '0'), String(c.org_id).padStart(9, '0')].join(' ');
				for (let i = 0; i < o.json.items.length; i++) {
					const c = o.json.items[i];
					assert.equal(c.light, 'red');
					assert.notEqual(c.state, 'done');
					assert.ok(i === 0 || key(o.json.items[i - 1]) < key(c), `order at ${i} under ${scope}`);
				}
				// The second page follows the first.
				const p2 = await office.get(`/api/v1/tasks/overdue?org_id=${id}&limit=100&offset=100`);
				if (all > 100) assert.ok(key(o.json.items[99]) < key(p2.json.items[0]));
			}
		} finally {
			await srv.stop();
		}
	});
});
