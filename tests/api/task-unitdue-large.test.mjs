// task-unitdue-large: the overdue lists over a generated organisation (2,500 units: the root's list is chosen from
// the keys, a district's from its units) and the root's matrix, with some assignments given a date of their own
// (as an accepted 完成时限 adjustment stores it): extended past today, moved to before today, moved earlier still.
// Every page and total agrees with the rows counted here by coalesce(own date, task's date).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PASSWORD, dbQuery, startServer } from './lib.mjs';

const DAY = 86400000;
const dayOf = (s) => Date.parse(`${s}T00:00:00Z`) / DAY;
const dayText = (d) => new Date(d * DAY).toISOString().slice(0, 10);
let srv;

after(async () => {
	if (srv) await srv.stop();
});

describe('own due dates over a generated organisation', () => {
	test('the overdue lists of the root and of a district, every page, and the matrix', async () => {
		srv = await startServer({ demo: false });
		const g = srv.cli(['demo', 'generate', '--units', '2500', '--records', '100', '--tasks', '30', '--seed', '6']);
		assert.equal(g.status, 0, g.stderr);
		const dues = dbQuery(srv.db, 'SELECT due_date FROM tasks ORDER BY due_date, id').split('\n');
		const mid = dues.find((d) => dayOf(d) - dayOf(dues[0]) >= 10 && dayOf(dues.at(-1)) - dayOf(d) >= 20);
		assert.ok(mid, 'a due date in the middle');
		const today = dayOf(mid) - 3;
		const district = dbQuery(srv.db, "SELECT id || ' ' || path FROM org WHERE depth = 1 AND code LIKE 'QX%' ORDER BY id LIMIT 1").split(' ');
		// Not-done assignments of the district's subtree: of tasks past due and not yet due.
		const pick = (cond) =>
			dbQuery(srv.db, `SELECT tu.task_id || ' ' || tu.org_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id
				JOIN org o ON o.id = tu.org_id WHERE tu.state <> 'done' AND o.path LIKE '${district[1]}%' AND ${cond}
				ORDER BY t.due_date, t.id, tu.org_id LIMIT 2`)
				.split('\n').filter((r) => r !== '').map((r) => r.split(' ').map(Number));
		const [extended, earlier] = pick(`t.due_date < '${dayText(today)}'`);
		const [moved] = pick(`t.due_date >= '${dayText(today + 2)}'`);
		assert.ok(extended && earlier && moved, 'assignments to adjust');
		const own = [[extended, dayText(today + 5)], [earlier, dayText(dayOf(dues[0]) - 30)], [moved, dayText(today - 2)]];
		for (const [[t, o], d] of own)
			dbQuery(srv.db, `UPDATE task_units SET due_date = '${d}' WHERE task_id = ${t} AND org_id = ${o}`);
		// And about 60 more across the organisation, moved from 12 days before today to 12 after.
		const spread = dbQuery(srv.db, `SELECT task_id || ' ' || org_id FROM task_units WHERE (task_id * 31 + org_id * 17) % 97 = 5
			AND due_date IS NULL ORDER BY task_id, org_id LIMIT 60`).split('\n').map((r) => r.split(' ').map(Number));
		spread.forEach(([t, o], i) =>
			dbQuery(srv.db, `UPDATE task_units SET due_date = '${dayText(today - 12 + (i % 25))}' WHERE task_id = ${t} AND org_id = ${o}`));
		assert.ok(spread.length >= 40, `${spread.length} more`);
		own.push(...spread.map((k, i) => [k, dayText(today - 12 + (i % 25))]));
		srv.opts.env = { XUANGUAN_NOW: `${dayText(today)}T10:00:00+08:00` };
		await srv.restart();
		const add = srv.cli(['user', 'add', '--username', 'office', '--role', 'staff', '--org', 'SKX'], PASSWORD + '\n');
		assert.equal(add.status, 0, add.stderr);
		const office = await srv.login('office');

		const key = (c) => `${c.task_id}:${c.org_id}`;
		for (const [id, scope] of [['1', '/1/'], district]) {
			const want = dbQuery(srv.db,
				`SELECT tu.task_id || ':' || tu.org_id || ':' || coalesce(tu.due_date, t.due_date) FROM task_units tu
				 JOIN tasks t ON t.id = tu.task_id JOIN org o ON o.id = tu.org_id
				 WHERE tu.state <> 'done' AND coalesce(tu.due_date, t.due_date) < '${dayText(today)}' AND o.path LIKE '${scope}%'
				 ORDER BY coalesce(tu.due_date, t.due_date), t.id, tu.org_id`).split('\n');
			assert.ok(want.length > (id === '1' ? 150 : 3), `overdue assignments under ${scope}: ${want.length}`);
			const at = (k) => want.findIndex((w) => w.startsWith(`${k}:`));
			assert.equal(at(`${extended[0]}:${extended[1]}`), -1, 'the extended one is not late');
			assert.ok(at(`${earlier[0]}:${earlier[1]}`) === 0, 'moved before every task: first');
			assert.ok(at(`${moved[0]}:${moved[1]}`) > 0, 'moved before today: late');
			const rows = [];
			const pages = [[100, 0], [100, 100], [7, at(`${moved[0]}:${moved[1]}`) - 3], [1, 0], [5, want.length - 2]];
			for (let off = 0; off < Math.min(want.length, 400); off += 13) pages.push([13, off]);
			for (const [limit, offset] of pages) {
				const o = await office.get(`/api/v1/tasks/overdue?org_id=${id}&limit=${limit}&offset=${Math.max(0, offset)}`);
				assert.equal(o.status, 200, o.text);
				assert.equal(o.json.total, want.length, `total under ${scope}`);
				assert.deepEqual(o.json.items.map((c) => `${key(c)}:${c.due_date}`), want.slice(Math.max(0, offset), Math.max(0, offset) + limit), `${scope} ${limit} from ${offset}`);
				rows.push(...o.json.items);
			}
			const m = rows.find((c) => key(c) === `${moved[0]}:${moved[1]}`);
			assert.deepEqual([m.due_date, m.light, m.days_overdue], [dayText(today - 2), 'red', 2]);
		}

		// The matrix of each adjusted unit's parent (the root's, a page at a time, when it is a district).
		const dueOf = new Map(dbQuery(srv.db, "SELECT id || ' ' || due_date FROM tasks").split('\n').map((r) => r.split(' ')).map(([i, d]) => [Number(i), d]));
		const ownDue = new Map(own.map(([[t, o], d]) => [`${t}:${o}`, d]));
		const cellOf = async ([t, o]) => {
			const parent = dbQuery(srv.db, `SELECT parent_id FROM org WHERE id = ${o}`);
			const cells = [];
			for (let offset = 0; offset < 30; offset += 10) {
				const m = await office.get(`/api/v1/tasks/matrix?org_id=${parent}&limit=10&offset=${offset}`);
				assert.equal(m.status, 200, m.text);
				cells.push(...m.json.cells);
			}
			// Every cell shows its own date, or its task's.
			for (const c of cells) assert.equal(c.due_date, ownDue.get(key(c)) ?? dueOf.get(c.task_id), key(c));
			const c = cells.find((x) => x.task_id === t && x.org_id === o);
			return [c.due_date, c.light, c.days_overdue];
		};
		assert.deepEqual(await cellOf(extended), [dayText(today + 5), 'yellow', 0]);
		assert.deepEqual(await cellOf(moved), [dayText(today - 2), 'red', 2]);
	});
});
