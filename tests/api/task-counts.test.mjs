// task-counts: the matrix reads a unit's tasks, and their sums, from the assignments of its children
// counted per task (task_unit_counts: n, and of them 不适用, signed, done). After assignments one by
// one, by kind and in a plan, signing, progress to done and back, moves of units, an assignment
// marked not applicable, the matrix's tasks, sums and cells must be those recomputed from the
// assignments themselves, and `xuanguan check` must agree; a count planted wrong, or missing, is
// reported by check.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { dbQuery, freshDb, ok, runCli, testServer } from './lib.mjs';

let office, yuzhong, jiangbei, generated;
let root, qx03, qx05, jd01;

// The matrix of unit id recomputed from the assignments: its tasks in due order, each with the sums
// of its children's assignments ("id units/signed/done", 不适用 left out of all three), and each
// child's assignment as "task:org".
function recomputed(id) {
	const tasks = dbQuery(srv.db, `SELECT t.id || ' ' || sum(CASE WHEN tu.na_at IS NULL THEN 1 ELSE 0 END) || '/'
		|| sum(CASE WHEN tu.na_at IS NULL AND tu.state <> 'assigned' THEN 1 ELSE 0 END) || '/'
		|| sum(CASE WHEN tu.na_at IS NULL AND tu.state = 'done' THEN 1 ELSE 0 END)
		FROM tasks t JOIN task_units tu ON tu.task_id = t.id JOIN org o ON o.id = tu.org_id
		WHERE t.deleted = 0 AND o.parent_id = ${id} GROUP BY t.id, t.due_date ORDER BY t.due_date, t.id`);
	const cells = dbQuery(srv.db, `SELECT tu.task_id || ':' || tu.org_id FROM task_units tu JOIN org o ON o.id = tu.org_id
		JOIN tasks t ON t.id = tu.task_id WHERE o.parent_id = ${id} AND t.deleted = 0 ORDER BY tu.task_id, tu.org_id`);
	return {
		tasks: tasks === '' ? [] : tasks.split('\n'),
		cells: cells === '' ? [] : cells.split('\n'),
	};
}

async function matrix(id) {
	const m = await ok(office.get(`/api/v1/tasks/matrix?org_id=${id}&limit=100`));
	assert.equal(m.total, m.tasks.length);
	return {
		tasks: m.tasks.map((t) => `${t.id} ${t.units}/${t.signed_units}/${t.done_units}`),
		cells: m.cells.map((c) => `${c.task_id}:${c.org_id}`).sort((a, b) => {
			const [ta, oa] = a.split(':').map(Number), [tb, ob] = b.split(':').map(Number);
			return ta - tb || oa - ob;
		}),
	};
}

// The ids of the tasks of unit id's matrix.
async function matrixTasks(id) {
	return (await matrix(id)).tasks.map((t) => Number(t.split(' ')[0]));
}

// The stored counts of (unit, task) as "n na signed done".
function counts(org, task) {
	return dbQuery(srv.db, `SELECT n || ' ' || n_na || ' ' || n_signed || ' ' || n_done FROM task_unit_counts
		WHERE org_id = ${org} AND task_id = ${task}`);
}

function check() {
	const c = srv.cli(['check']);
	assert.equal(c.status, 0, c.stdout + c.stderr);
	assert.match(c.stdout, /^task counts agree with the assignments$/m);
}

// Every unit with children: the matrix equals its recomputation; check agrees.
async function agree() {
	const parents = dbQuery(srv.db, 'SELECT DISTINCT parent_id FROM org WHERE parent_id IS NOT NULL ORDER BY parent_id').split('\n').map(Number);
	for (const id of parents) assert.deepEqual(await matrix(id), recomputed(id), `matrix of unit ${id}`);
	check();
}

const srv = testServer({ env: { XUANGUAN_NOW: '2025-03-01T09:00:00+08:00' } }, async () => {
	({ office, yuzhong, jiangbei } = await srv.loginAll(['office', 'yuzhong', 'jiangbei']));
	({ root, qx03, qx05, jd01 } = await srv.units(['SKX', 'QX03', 'QX05', 'QX03-JD01']));
});
after(() => {
	if (generated) generated.dropDb();
});

describe('task counts behind the matrix', () => {
	let t1, t2, t3;

	test('assignments one by one and by kind are counted at the parent', async () => {
		t1 = await ok(office.post('/api/v1/tasks', { title: '计数一', due_date: '2025-03-10', lead_unit: qx03.id, units: [qx05.id] }), 201);
		t2 = await ok(office.post('/api/v1/tasks', { title: '计数二', due_date: '2025-03-05', units: [jd01.id] }), 201);
		t3 = await ok(office.post('/api/v1/tasks', { title: '计数三', due_date: '2025-03-20', unit_kind: '区县科协' }), 201);
		const r = await matrixTasks(root.id);
		assert.ok(r.includes(t1.id) && r.includes(t3.id));
		assert.ok(!r.includes(t2.id), 'a street\'s task is not the root\'s children\'s');
		assert.deepEqual((await matrixTasks(qx03.id)).filter((id) => id === t2.id), [t2.id]);
		assert.equal(counts(root.id, t1.id), '2 0 0 0');
		await agree();
	});

	test('a plan\'s steps assigned below a district are counted at the district', async () => {
		await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/sign`));
		assert.equal(counts(root.id, t1.id), '2 0 1 0', 'signing is counted at the parent');
		const step = await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/subtasks`, { title: '街道先学', units: [jd01.id] }), 201);
		assert.ok((await matrixTasks(qx03.id)).includes(step.id));
		await agree();
	});

	test('progress to done and back is counted at the parent', async () => {
		await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/progress`, { percent: 40, text: '推进中' }), 201);
		assert.equal(counts(root.id, t1.id), '2 0 1 0');
		await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/progress`, { percent: 100, text: '已完成' }), 201);
		assert.equal(counts(root.id, t1.id), '2 0 1 1', 'done is counted');
		await agree();
		await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/progress`, { percent: 90, text: '补充材料' }), 201);
		assert.equal(counts(root.id, t1.id), '2 0 1 0', 'done no more');
		await agree();
		await ok(yuzhong.post(`/api/v1/tasks/${t1.id}/progress`, { percent: 100, text: '已完成' }), 201);
		await agree();
	});

	test('a district with a done assignment moved below another takes its sums along', async () => {
		await ok(office.patch(`/api/v1/orgs/${qx03.id}`, { parent_id: qx05.id }));
		assert.equal(counts(root.id, t1.id), '1 0 0 0');
		assert.equal(counts(qx05.id, t1.id), '1 0 1 1');
		await agree();
		await ok(office.patch(`/api/v1/orgs/${qx03.id}`, { parent_id: root.id }));
		assert.equal(counts(root.id, t1.id), '2 0 1 1');
		await agree();
	});

	test('a street moved to another district takes its assignments along', async () => {
		await ok(office.patch(`/api/v1/orgs/${jd01.id}`, { parent_id: qx05.id }));
		assert.ok(!(await matrixTasks(qx03.id)).includes(t2.id));
		assert.ok((await matrixTasks(qx05.id)).includes(t2.id));
		assert.equal(dbQuery(srv.db, `SELECT count(*) FROM task_unit_counts WHERE org_id = ${qx03.id} AND task_id = ${t2.id}`), '0');
		await agree();
	});

	test('a district moved below another leaves the root\'s counts, its own children keep theirs', async () => {
		const before = Number(dbQuery(srv.db, `SELECT n FROM task_unit_counts WHERE org_id = ${root.id} AND task_id = ${t1.id}`));
		await ok(office.patch(`/api/v1/orgs/${qx05.id}`, { parent_id: qx03.id }));
		assert.equal(Number(dbQuery(srv.db, `SELECT n FROM task_unit_counts WHERE org_id = ${root.id} AND task_id = ${t1.id}`)), before - 1);
		assert.ok((await matrixTasks(qx03.id)).includes(t1.id));
		assert.ok((await matrixTasks(qx05.id)).includes(t2.id));
		await agree();
		await ok(office.patch(`/api/v1/orgs/${qx05.id}`, { parent_id: root.id }));
		assert.equal(Number(dbQuery(srv.db, `SELECT n FROM task_unit_counts WHERE org_id = ${root.id} AND task_id = ${t1.id}`)), before);
		await agree();
	});

	test('an assignment marked not applicable stays in the matrix and the counts', async () => {
		const na = await ok(jiangbei.post(`/api/v1/tasks/${t1.id}/adjust`, { kind: 'not_applicable', reason: '本区无此项工作' }), 201);
		await ok(office.post(`/api/v1/tasks/${t1.id}/adjustments/${na.id}/accept`, {}));
		const m = await ok(office.get(`/api/v1/tasks/matrix?org_id=${root.id}&limit=100`));
		assert.ok(m.cells.some((c) => c.task_id === t1.id && c.org_id === qx05.id));
		assert.equal(counts(root.id, t1.id), '2 1 1 1', 'counted 不适用, out of the units');
		assert.equal(m.tasks.find((t) => t.id === t1.id).units, 1);
		await agree();
		// Moved with it: a 不适用 assignment leaves and joins as 不适用.
		await ok(office.patch(`/api/v1/orgs/${qx05.id}`, { parent_id: qx03.id }));
		assert.equal(counts(root.id, t1.id), '1 0 1 1');
		assert.equal(counts(qx03.id, t1.id), '1 1 0 0');
		await agree();
		await ok(office.patch(`/api/v1/orgs/${qx05.id}`, { parent_id: root.id }));
		await agree();
	});

	test('check reports a count planted wrong and a count missing', async () => {
		const key = `org_id = ${root.id} AND task_id = ${t3.id}`;
		const n = Number(dbQuery(srv.db, `SELECT n FROM task_unit_counts WHERE ${key}`));
		assert.ok(n > 1);
		dbQuery(srv.db, `UPDATE task_unit_counts SET n = n + 1 WHERE ${key}`);
		let c = srv.cli(['check']);
		assert.equal(c.status, 1, c.stdout + c.stderr);
		assert.match(c.stdout, new RegExp(`^org ${root.id} task ${t3.id}: assignments of its children ${n}/${n + 1} \\(recomputed/stored\\)$`, 'm'));
		assert.match(c.stdout, /^1 task count rows differ from the assignments$/m);
		assert.match(c.stdout, /^roll-ups agree with the records$/m);
		dbQuery(srv.db, `DELETE FROM task_unit_counts WHERE ${key}`);
		c = srv.cli(['check']);
		assert.equal(c.status, 1, c.stdout + c.stderr);
		assert.match(c.stdout, new RegExp(`^org ${root.id} task ${t3.id}: assignments of its children ${n}/0 \\(recomputed/stored\\)$`, 'm'));
		// The matrix reads the counts: a task counted nowhere is not in it.
		assert.ok(!(await matrixTasks(root.id)).includes(t3.id));
		dbQuery(srv.db, `INSERT INTO task_unit_counts (org_id, task_id, n) VALUES (${root.id}, ${t3.id}, ${n})`);
		await agree();
	});

	test('check reports a signed, a done and a 不适用 count planted wrong, and the matrix shows them', async () => {
		const key = `org_id = ${root.id} AND task_id = ${t1.id}`;
		const [n, na, signed, done] = counts(root.id, t1.id).split(' ').map(Number);
		for (const [col, have, label] of [['n_signed', signed, 'signed'], ['n_done', done, 'done'], ['n_na', na, 'not applicable']]) {
			dbQuery(srv.db, `UPDATE task_unit_counts SET ${col} = ${col} + 1 WHERE ${key}`);
			const c = srv.cli(['check']);
			assert.equal(c.status, 1, c.stdout + c.stderr);
			assert.match(c.stdout, new RegExp(`^org ${root.id} task ${t1.id}: of them ${label} ${have}/${have + 1} \\(recomputed/stored\\)$`, 'm'));
			assert.doesNotMatch(c.stdout, /assignments of its children/);
			assert.match(c.stdout, /^1 task count rows differ from the assignments$/m);
			// The matrix's sums are the stored counts, not a recount.
			const t = (await ok(office.get(`/api/v1/tasks/matrix?org_id=${root.id}&limit=100`))).tasks.find((x) => x.id === t1.id);
			assert.deepEqual([t.units, t.signed_units, t.done_units],
				[n - na - (col === 'n_na' ? 1 : 0), signed + (col === 'n_signed' ? 1 : 0), done + (col === 'n_done' ? 1 : 0)]);
			dbQuery(srv.db, `UPDATE task_unit_counts SET ${col} = ${col} - 1 WHERE ${key}`);
		}
		await agree();
	});
});

describe('the matrix answer written by hand', () => {
	test('a name with quotes, backslashes and a slash comes back as it was', async () => {
		const name = '引号"反斜杠\\/斜杠';
		const u = await ok(office.post('/api/v1/orgs', { parent_id: root.id, code: 'MXQ1', name, kind: '其他', members: 1 }), 201);
		const t = await ok(office.post('/api/v1/tasks', { title: '转义"任务\\', due_date: '2025-03-30', units: [u.id] }), 201);
		const r = await office.get(`/api/v1/tasks/matrix?org_id=${root.id}&limit=100`);
		assert.equal(r.status, 200, r.text);
		const m = JSON.parse(r.text);
		assert.equal(m.units.find((x) => x.org_id === u.id).name, name);
		assert.equal(m.tasks.find((x) => x.id === t.id).title, '转义"任务\\');
		const cell = m.cells.find((c) => c.task_id === t.id && c.org_id === u.id);
		assert.deepEqual(Object.keys(cell), ['task_id', 'org_id', 'due_date', 'role', 'state', 'percent', 'light', 'days_overdue']);
		assert.deepEqual([cell.due_date, cell.role, cell.state, cell.percent, cell.light, cell.days_overdue], ['2025-03-30', 'member', 'assigned', 0, 'green', 0]);
		await agree();
	});
});

describe('generated assignments', () => {
	test('demo generate --tasks counts them, and check agrees', () => {
		generated = freshDb();
		const r = runCli(['demo', 'generate', '--db', generated.db, '--units', '300', '--records', '0', '--tasks', '12', '--seed', '4']);
		assert.equal(r.status, 0, r.stderr);
		const q = (text) => dbQuery(generated.db, text);
		// Every assignment below the root is counted once, at its unit's parent.
		assert.equal(q('SELECT sum(n) FROM task_unit_counts'), q('SELECT count(*) FROM task_units'));
		assert.equal(q('SELECT sum(n_signed) FROM task_unit_counts'), q("SELECT count(*) FROM task_units WHERE state <> 'assigned'"));
		assert.equal(q('SELECT sum(n_done) FROM task_unit_counts'), q("SELECT count(*) FROM task_units WHERE state = 'done'"));
		assert.equal(q('SELECT count(*) FROM task_unit_counts WHERE org_id = 1'), '12');
		const c = runCli(['check', '--db', generated.db]);
		assert.equal(c.status, 0, c.stdout + c.stderr);
		assert.match(c.stdout, /^task counts agree with the assignments$/m);
	});
});
