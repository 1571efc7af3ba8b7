// cli: the command line — help, accounts, CSV import (all or nothing), init and serve's schema check, XUANGUAN_DB.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BACKEND, BIN, PASSWORD, dbQuery, freePort, freshDb, newDb, runCli, testServer, uniq } from './lib.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-cli-'));
const drops = [];
after(() => {
	for (const d of drops) d();
	fs.rmSync(tmp, { recursive: true, force: true });
});

function csvFile(lines) {
	const f = path.join(tmp, uniq('import') + '.csv');
	fs.writeFileSync(f, lines.join('\n') + '\n');
	return f;
}

// The number of units, from `org list` (one line per unit).
function unitCount(db) {
	const r = runCli(['org', 'list', '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.split('\n').filter((l) => l.trim() !== '').length;
}

// Set or clear the immutable flag of a file (root on ext4/xfs); false when the tool or the file system says no.
function spawnChattr(flag, file) {
	const r = spawnSync('chattr', [flag, file], { encoding: 'utf8' });
	return r.status === 0;
}

describe('help', () => {
	test('xuanguan --help lists the commands and exits 0', () => {
		const r = runCli(['--help']);
		assert.equal(r.status, 0, r.stderr);
		for (const c of ['init', 'serve', 'user', 'org', 'directive']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
	});

	for (const c of ['init', 'serve', 'user', 'org', 'directive']) {
		test(`xuanguan ${c} --help exits 0 with a usage line`, () => {
			const r = runCli([c, '--help']);
			assert.equal(r.status, 0, r.stderr);
			assert.match(r.stdout, new RegExp(`usage: xuanguan ${c}`));
		});
	}

	test('no command, an unknown command or an unknown option: non-zero with a message', () => {
		for (const args of [[], ['frobnicate'], ['init', '--frob'], ['user', 'explode']]) {
			const r = runCli(args);
			assert.notEqual(r.status, 0, `${args.join(' ')}`);
			assert.ok((r.stderr + r.stdout).length > 0, `${args.join(' ')} says something`);
		}
	});

	test('no --db and no XUANGUAN_DB: non-zero with a message naming both', () => {
		const r = runCli(['user', 'list']);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /--db|XUANGUAN_DB/);
	});
});

describe('accounts from the command line, seen by a running server', () => {
	const srv = testServer();

	test('user add reads the password from stdin; the account then logs in over HTTP', async () => {
		const name = 'cli_' + uniq().toLowerCase();
		const r = srv.cli(['user', 'add', '--username', name, '--role', 'reporter', '--org', 'QX03', '--name', '命令行用户'], 'Cli#Strong2026\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.includes('Cli#Strong2026'), false, 'the password is not printed');
		const s = await srv.login(name, 'Cli#Strong2026');
		const me = await s.get('/api/v1/me');
		assert.equal(me.json.org_name, '渝中区科学技术协会');
		assert.equal(me.json.role, 'reporter');
		assert.equal(me.json.display_name, '命令行用户');
	});

	test('a weak password is rejected with a message and no account is made', async () => {
		const name = 'cli_' + uniq().toLowerCase();
		const r = srv.cli(['user', 'add', '--username', name, '--role', 'viewer', '--org', 'SKX'], 'weak\n');
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /密码/);
		const l = srv.cli(['user', 'list']);
		assert.equal(l.stdout.includes(name), false);
		assert.equal((await srv.tryLogin(name, 'weak')).status, 401);
	});

	test('user add refuses an unknown unit, an unknown role, a duplicate name and an empty password', () => {
		const name = 'cli_' + uniq().toLowerCase();
		for (const [args, stdin] of [
			[['--username', name, '--role', 'viewer', '--org', 'NO-SUCH-UNIT'], 'Cli#Strong2026\n'],
			[['--username', name, '--role', 'emperor', '--org', 'SKX'], 'Cli#Strong2026\n'],
			[['--username', 'office', '--role', 'viewer', '--org', 'SKX'], 'Cli#Strong2026\n'],
			[['--username', name, '--role', 'viewer', '--org', 'SKX'], ''],
			[['--username', 'Bad Name', '--role', 'viewer', '--org', 'SKX'], 'Cli#Strong2026\n'],
		]) {
			const r = srv.cli(['user', 'add', ...args], stdin);
			assert.notEqual(r.status, 0, `${args.join(' ')} should fail`);
			assert.ok(r.stderr.trim().length > 0, `${args.join(' ')}: a message`);
		}
		assert.equal(srv.cli(['user', 'list']).stdout.includes(name), false);
	});

	test('user list shows the accounts with role, status and unit', () => {
		const r = srv.cli(['user', 'list']);
		assert.equal(r.status, 0, r.stderr);
		for (const u of ['admin', 'office', 'yuzhong', 'jiangbei']) assert.match(r.stdout, new RegExp(`^${u}\\s`, 'm'));
		assert.match(r.stdout, /^yuzhong\s+reporter\s+active\s+QX03/m);
	});

	test('user passwd changes the password and ends the sessions', async () => {
		const s = await srv.login('jiangbei');
		const weak = srv.cli(['user', 'passwd', '--username', 'jiangbei'], 'short\n');
		assert.notEqual(weak.status, 0);
		assert.equal((await s.get('/api/v1/me')).status, 200, 'a refused change ends nothing');
		const withName = srv.cli(['user', 'passwd', '--username', 'jiangbei'], 'Jiangbei#New2026\n');
		assert.notEqual(withName.status, 0, 'a password containing the username is refused');
		assert.match(withName.stderr, /密码/);
		const r = srv.cli(['user', 'passwd', '--username', 'jiangbei'], 'Riverside#New2026\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal((await s.get('/api/v1/me')).status, 401);
		assert.equal((await srv.tryLogin('jiangbei', PASSWORD)).status, 401);
		assert.equal((await srv.tryLogin('jiangbei', 'Riverside#New2026')).status, 200);
		const none = srv.cli(['user', 'passwd', '--username', 'nobody_here'], 'Riverside#New2026\n');
		assert.notEqual(none.status, 0);
	});

	test('user disable: login then fails and the session dies; enable brings it back', async () => {
		const s = await srv.login('wuli');
		const r = srv.cli(['user', 'disable', '--username', 'wuli']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal((await s.get('/api/v1/me')).status, 401);
		assert.equal((await srv.tryLogin('wuli')).status, 401);
		assert.match(srv.cli(['user', 'list']).stdout, /^wuli\s+\S+\s+(disabled|停用)/m);
		const e = srv.cli(['user', 'enable', '--username', 'wuli']);
		assert.equal(e.status, 0, e.stderr);
		assert.equal((await srv.tryLogin('wuli')).status, 200);
	});

	test('user token prints a token that works as Bearer', async () => {
		const r = srv.cli(['user', 'token', '--username', 'leader', '--label', '脚本']);
		assert.equal(r.status, 0, r.stderr);
		const tok = r.stdout.trim().split(/\s+/).find((w) => /^[0-9a-f]{32,}$/.test(w));
		assert.ok(tok, r.stdout);
		const me = await srv.get('/api/v1/me', { headers: { Authorization: `Bearer ${tok}` } });
		assert.equal(me.status, 200);
		assert.equal(me.json.username, 'leader');
	});

	test('user token --label follows the rule for names: at most 50 characters, nothing invisible', () => {
		for (const label of ['长'.repeat(51), 'x'.repeat(10000), '脚\u202e本', '\u3164', ' 脚本']) {
			const r = srv.cli(['user', 'token', '--username', 'leader', '--label', label]);
			assert.notEqual(r.status, 0, `label of ${label.length} characters`);
			assert.match(r.stderr, /令牌说明/);
			assert.equal(/[0-9a-f]{64}/.test(r.stdout), false, 'no token printed');
		}
	});

	test('org import into the served database shows up over HTTP', async () => {
		const code = uniq('WEB');
		const f = csvFile(['code,parent_code,name,kind,members', `${code},QX05,命令行导入单位,企事业科协,12`]);
		const r = srv.cli(['org', 'import', f]);
		assert.equal(r.status, 0, r.stderr);
		const o = await srv.orgByCode(code);
		assert.equal(o.members, 12);
		assert.equal(o.kind, '企事业科协');
		const au = await srv.login('auditor');
		const j = (await au.get('/api/v1/audit?action=org.import')).json;
		assert.ok(j.total >= 1, 'the import is audited');
		assert.match(j.items[0].summary, /\b1\b/, `newest import entry counts one unit: ${j.items[0].summary}`);
	});
});

describe('org import', () => {
	let db;
	before(() => {
		db = newDb(drops, { demo: true });
	});

	test('a good file imports, rows in any order, parents from the database or from the file', () => {
		const n = unitCount(db);
		const f = csvFile([
			'code,parent_code,name,kind,members',
			'IMP-C,IMP-B,导入三级,其他,1',
			'IMP-B,IMP-A,导入二级,其他,2',
			'IMP-A,QX03,导入一级,企事业科协,30',
			'IMP-D,QX03,"带,逗号的名称",其他,',
		]);
		const r = runCli(['org', 'import', '--db', db, f]);
		assert.equal(r.status, 0, r.stderr + r.stdout);
		assert.match(r.stdout, /4/);
		assert.equal(unitCount(db), n + 4);
		const list = runCli(['org', 'list', '--db', db]).stdout;
		assert.match(list, /IMP-C 导入三级/);
		assert.match(list, /IMP-D 带,逗号的名称/);
		// Hierarchy: IMP-C is indented deeper than IMP-B, which is deeper than IMP-A.
		const indent = (code) => /^(\s*)/.exec(list.split('\n').find((l) => l.trim().startsWith(code + ' ')))[1].length;
		assert.ok(indent('IMP-C') > indent('IMP-B') && indent('IMP-B') > indent('IMP-A'));
	});

	test('a UTF-8 BOM and CRLF line ends are accepted', () => {
		const n = unitCount(db);
		const f = path.join(tmp, 'bom.csv');
		fs.writeFileSync(f, '\ufeffcode,parent_code,name,kind,members\r\nBOM-1,QX05,带BOM的文件,其他,3\r\n');
		const r = runCli(['org', 'import', '--db', db, f]);
		assert.equal(r.status, 0, r.stderr + r.stdout);
		assert.equal(unitCount(db), n + 1);
	});

	test('kinds are data: org kind-add adds one that import then accepts; a taken or empty name is refused', () => {
		const before = runCli(['org', 'kinds', '--db', db]);
		assert.equal(before.status, 0, before.stderr);
		assert.match(before.stdout, /区县科协/);
		assert.doesNotMatch(before.stdout, /科普基地/);
		const add = runCli(['org', 'kind-add', '--db', db, '科普基地']);
		assert.equal(add.status, 0, add.stderr);
		assert.match(runCli(['org', 'kinds', '--db', db]).stdout, /科普基地/);
		const again = runCli(['org', 'kind-add', '--db', db, '科普基地']);
		assert.notEqual(again.status, 0);
		assert.match(again.stderr, /已存在/);
		assert.notEqual(runCli(['org', 'kind-add', '--db', db, '']).status, 0);
		const n = unitCount(db);
		const f = csvFile(['code,parent_code,name,kind,members', 'KIND-1,QX03,某科普基地,科普基地,5']);
		const r = runCli(['org', 'import', '--db', db, f]);
		assert.equal(r.status, 0, r.stderr + r.stdout);
		assert.equal(unitCount(db), n + 1);
	});

	test('a file with bad rows of the first kind: non-zero, each bad row by line number, nothing imported', () => {
		const n = unitCount(db);
		const f = csvFile([
			'code,parent_code,name,kind,members', // 1
			'OK-1,QX03,好行,其他,1', // 2
			'BAD-KIND,QX03,坏类型,外星科协,1', // 3
			'BAD-MEM,QX03,坏人数,其他,abc', // 4
			'BAD-COLS,QX03,少一列,其他', // 5
			'BAD-NEG,QX03,负数,其他,-1', // 6
			'DUP-F,QX03,文件内重复,其他,1', // 7
			'DUP-F,QX03,文件内重复,其他,1', // 8
			'OK-2,OK-1,好行二,其他,1', // 9
		]);
		const r = runCli(['org', 'import', '--db', db, f]);
		assert.notEqual(r.status, 0);
		const out = r.stderr + r.stdout;
		for (const line of [3, 4, 5, 6, 8]) assert.match(out, new RegExp(`第 ${line} 行：`), `line ${line} reported:\n${out}`);
		for (const line of [2, 7, 9]) assert.doesNotMatch(out, new RegExp(`第 ${line} 行：`), `good line ${line} not reported:\n${out}`);
		assert.match(out, /第 3 行：[^\n]*类型/);
		assert.match(out, /第 5 行：[^\n]*列/);
		assert.equal(unitCount(db), n, 'nothing imported');
		assert.doesNotMatch(runCli(['org', 'list', '--db', db]).stdout, /OK-1/);
	});

	test('missing parents and a parent cycle are all reported by line, nothing imported', () => {
		const n = unitCount(db);
		const f = csvFile([
			'code,parent_code,name,kind,members', // 1
			'NP-1,NO-SUCH,缺上级,其他,1', // 2
			'OK-5,QX03,好行,其他,1', // 3
			'CY-1,CY-2,环一,其他,1', // 4
			'CY-2,CY-1,环二,其他,1', // 5
			'NP-2,ALSO-MISSING,又缺上级,其他,1', // 6
		]);
		const r = runCli(['org', 'import', '--db', db, f]);
		assert.notEqual(r.status, 0);
		const out = r.stderr + r.stdout;
		for (const line of [2, 4, 5, 6]) assert.match(out, new RegExp(`第 ${line} 行：`), `line ${line} reported:\n${out}`);
		assert.doesNotMatch(out, /第 3 行：/);
		assert.equal(unitCount(db), n, 'nothing imported');
	});

	test(
		'a file with bad rows against the tree: missing parent, code in use, a parent cycle — all reported, nothing imported',
		() => {
			const n = unitCount(db);
			const f = csvFile([
				'code,parent_code,name,kind,members', // 1
				'OK-3,QX03,好行,其他,1', // 2
				'NOPARENT,NO-SUCH,缺上级,其他,1', // 3
				'QX05,QX03,编码已被使用,其他,1', // 4
				'CYC-1,CYC-2,环一,其他,1', // 5
				'CYC-2,CYC-1,环二,其他,1', // 6
			]);
			const r = runCli(['org', 'import', '--db', db, f]);
			assert.notEqual(r.status, 0);
			const out = r.stderr + r.stdout;
			for (const line of [3, 4, 5, 6]) assert.match(out, new RegExp(`第 ${line} 行：`), `line ${line} reported:\n${out}`);
			assert.doesNotMatch(out, /第 2 行：/);
			assert.match(out, /第 3 行：[^\n]*上级/);
			assert.match(out, /第 4 行：[^\n]*编码/);
			assert.equal(unitCount(db), n, 'nothing imported');
		},
	);

	test(
		'a file mixing both kinds of bad rows reports every one of them',
		() => {
			const n = unitCount(db);
			const f = csvFile([
				'code,parent_code,name,kind,members', // 1
				'B1,QX03,好行,其他,1', // 2
				'B2,QX03,坏类型,外星科协,1', // 3
				'B3,NOPE,缺上级,其他,1', // 4
				'QX05,QX03,重复编码,其他,1', // 5
				'B5,QX03,坏人数,其他,abc', // 6
				'B6,QX03,少一列,其他', // 7
			]);
			const r = runCli(['org', 'import', '--db', db, f]);
			assert.notEqual(r.status, 0);
			const out = r.stderr + r.stdout;
			for (const line of [3, 4, 5, 6, 7]) assert.match(out, new RegExp(`第 ${line} 行：`), `line ${line} reported:\n${out}`);
			assert.equal(unitCount(db), n);
		},
	);

	test('a wrong header, an empty file and a non-UTF-8 file are refused and import nothing', () => {
		const n = unitCount(db);
		const wrong = csvFile(['name,code,parent,kind,members', 'X1,,某单位,其他,1']);
		const empty = path.join(tmp, 'empty.csv');
		fs.writeFileSync(empty, '');
		const gbk = path.join(tmp, 'gbk.csv');
		fs.writeFileSync(gbk, Buffer.concat([Buffer.from('code,parent_code,name,kind,members\nG1,QX03,'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from(',其他,1\n')]));
		for (const f of [wrong, empty, gbk, path.join(tmp, 'does-not-exist.csv')]) {
			const r = runCli(['org', 'import', '--db', db, f]);
			assert.notEqual(r.status, 0, f);
			assert.ok(r.stderr.trim().length > 0, `${f}: a message`);
		}
		assert.equal(unitCount(db), n);
	});
});

describe('commands that only read leave the database as they found it', () => {
	test('org list on a SQLite file that is not ours changes nothing and asks for init', (t) => {
		if (BACKEND !== 'sqlite') return t.skip('a SQLite file check');
		const f = path.join(tmp, uniq('foreign') + '.db');
		fs.writeFileSync(f, '');
		for (const args of [['org', 'list'], ['org', 'kinds'], ['user', 'list']]) {
			const r = runCli([...args, '--db', f]);
			assert.notEqual(r.status, 0, args.join(' '));
			assert.match(r.stderr, /xuanguan init/, r.stderr);
			assert.equal(fs.statSync(f).size, 0, `${args.join(' ')} wrote to the file`);
			assert.equal(fs.existsSync(f + '-wal'), false, 'no WAL switch');
		}
	});

	test('org list works on a file the process cannot write (immutable)', (t) => {
		if (BACKEND !== 'sqlite') return t.skip('a SQLite file check');
		const db = newDb(drops, { demo: true });
		const chattr = (flag) => spawnChattr(flag, db);
		if (!chattr('+i')) return t.skip('chattr +i is not available here');
		try {
			const r = runCli(['org', 'list', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
			assert.match(r.stdout, /^SKX /m);
			assert.equal(runCli(['user', 'list', '--db', db]).status, 0);
		} finally {
			chattr('-i');
		}
	});
});

describe('init and serve', () => {
	test('init on an existing database says it is up to date and changes nothing', () => {
		const db = newDb(drops, { demo: true });
		const n = unitCount(db);
		const r = runCli(['init', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout + r.stderr, /up to date/);
		assert.equal(unitCount(db), n);
	});

	test('init --demo into a database that already has units does not load a second demo tree', () => {
		const db = newDb(drops, { demo: true });
		const n = unitCount(db);
		runCli(['init', '--db', db, '--demo']);
		assert.equal(unitCount(db), n, 'no second demo tree');
	});

	test('init without --demo makes an empty tree with the kinds installed', () => {
		const db = newDb(drops);
		const r = runCli(['init', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const f = csvFile(['code,parent_code,name,kind,members', ...['市科协', '区县科协', '乡镇街道科协', '市级学会', '企事业科协', '高校科协', '机关支部', '直属单位', '党组织', '其他'].map((k, i) => `K${i},,${k}单位,${k},1`)]);
		const imp = runCli(['org', 'import', '--db', db, f]);
		assert.equal(imp.status, 0, imp.stderr + imp.stdout);
		assert.equal(unitCount(db), 10);
	});

	test('serve refuses a database whose schema is not initialised, with a message', async () => {
		const d = freshDb();
		drops.push(d.dropDb);
		if (BACKEND === 'sqlite') fs.writeFileSync(d.db, ''); // an empty file, as if created by mistake
		const r = runCli(['serve', '--db', d.db, '--listen', `127.0.0.1:${await freePort()}`]);
		assert.notEqual(r.status, 0, 'serve must not start');
		assert.equal(r.signal, null, 'it exits by itself rather than serving until killed');
		assert.match(r.stderr, /init/);
	});

	test(
		'serve on a SQLite path that does not exist does not create a file there',
		{ skip: BACKEND !== 'sqlite' },
		async () => {
			const p = path.join(tmp, 'typo.db');
			const r = runCli(['serve', '--db', p, '--listen', `127.0.0.1:${await freePort()}`]);
			assert.notEqual(r.status, 0);
			assert.equal(fs.existsSync(p), false, 'a mistyped path leaves no stray database');
		},
	);

	test('a schema newer than the program: serve, the commands and init refuse it with their messages', async () => {
		const db = newDb(drops);
		const i0 = runCli(['init', '--db', db]);
		assert.equal(i0.status, 0, i0.stderr);
		const bump = 'INSERT INTO schema_migrations (version, applied_at) SELECT max(version) + 1, 0 FROM schema_migrations';
		dbQuery(db, bump);
		const serve = runCli(['serve', '--db', db, '--listen', `127.0.0.1:${await freePort()}`]);
		assert.equal(serve.status, 1, serve.stderr);
		const m = /the database schema is at version (\d+), this program needs (\d+); use a newer xuanguan/.exec(serve.stderr);
		assert.ok(m, serve.stderr);
		assert.equal(Number(m[1]), Number(m[2]) + 1);
		const list = runCli(['user', 'list', '--db', db]);
		assert.equal(list.status, 1, list.stderr);
		assert.match(list.stderr, /is newer than this program \(version \d+\); use a newer xuanguan/);
		assert.equal(list.stdout, '');
		const init = runCli(['init', '--db', db]);
		assert.equal(init.status, 1, init.stderr);
		assert.match(init.stderr, /the database schema \(version \d+\) is newer than this program; use a newer xuanguan/);
	});

	test('XUANGUAN_DB works instead of --db', () => {
		const d = freshDb();
		drops.push(d.dropDb);
		const env = { XUANGUAN_DB: d.db };
		const i = runCli(['init', '--demo'], { env });
		assert.equal(i.status, 0, i.stderr);
		const l = runCli(['user', 'list'], { env });
		assert.equal(l.status, 0, l.stderr);
		assert.match(l.stdout, /^office\s/m);
		const a = runCli(['user', 'add', '--username', 'envuser', '--role', 'viewer', '--org', 'SKX'], { env, stdin: 'Env#Strong2026\n' });
		assert.equal(a.status, 0, a.stderr);
		assert.match(runCli(['user', 'list', '--db', d.db]).stdout, /^envuser\s/m, 'written to the XUANGUAN_DB database');
	});

	test('--db wins over XUANGUAN_DB', () => {
		const a = newDb(drops, { demo: true });
		const b = newDb(drops);
		runCli(['init', '--db', b]);
		const r = runCli(['org', 'list', '--db', b], { env: { XUANGUAN_DB: a } });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.trim(), '', 'the empty database named by --db was read');
	});
});

test('the binary under test is the one asked for', () => {
	assert.ok(fs.existsSync(BIN), BIN);
});
