// lib: start the real xuanguan binary on a fresh database (SQLite or PostgreSQL) and talk to it over HTTP,
// and the helpers the test files share (one name, one behaviour: a file needing another behaviour names it otherwise).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.resolve(ROOT, process.env.XG_BIN || 'build/san/xuanguan');
export const BACKEND = process.env.XG_BACKEND || 'sqlite';
export const PASSWORD = 'Xuanguan@2026';
const PG_ADMIN = process.env.XG_PG_ADMIN || process.env.XUANGUAN_TEST_PG || '';
const STATIC = path.join(ROOT, 'web/static');
// ASan and Argon2id make startup and logins slower; allow for it without hiding a hang.
const START_TIMEOUT_MS = 20000;

const servers = new Set();
// A failing test file prints the logs of its servers, so a crash or a sanitizer report is seen; then they go.
process.on('exit', (code) => {
	for (const s of servers) {
		s.printLogIfNeeded(code !== 0 || process.exitCode > 0);
		fs.rmSync(s.logDir, { recursive: true, force: true });
	}
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function psql(sql) {
	const r = spawnSync('psql', [PG_ADMIN, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`psql failed (${sql}): ${r.stderr || r.error}`);
	return r.stdout;
}

// A fresh, empty database: a temp SQLite file or a new PostgreSQL database. Returns {db, dropDb}.
export function freshDb(backend = BACKEND) {
	if (backend === 'pg') {
		if (!PG_ADMIN) throw new Error('XG_BACKEND=pg but no admin URL (XG_PG_ADMIN or XUANGUAN_TEST_PG)');
		const name = 'xg_t_' + randomBytes(6).toString('hex');
		psql(`CREATE DATABASE ${name}`);
		const u = new URL(PG_ADMIN);
		u.pathname = '/' + name;
		return {
			db: u.toString(),
			dropDb() {
				try {
					psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				} catch (e) {
					process.stderr.write(`warning: ${e.message}\n`);
				}
			},
		};
	}
	if (backend !== 'sqlite') throw new Error(`unknown backend ${backend}`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-api-'));
	return {
		db: path.join(dir, 'xuanguan.db'),
		dir,
		dropDb() {
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

// A fresh database (freshDb) whose dropDb is pushed on drops, for the file's after() to call; with demo, made
// ready by `xuanguan init --demo`, else left empty. Returns its path or URL.
export function newDb(drops, { demo = false } = {}) {
	const d = freshDb();
	drops.push(d.dropDb);
	if (demo) {
		const r = runCli(['init', '--db', d.db, '--demo']);
		assert.equal(r.status, 0, r.stderr);
	}
	return d.db;
}

/*
 * Run the binary's subcommand; returns {status, signal, stdout, stderr}. env adds to (or, with null, removes
 * from) the environment. A command killed by a signal (an ASan abort, a crash) throws: its status is null,
 * and `status !== 0` must never let it through as an ordinary failure.
 */
export function runCli(args, { stdin = '', env = {}, bin = BIN } = {}) {
	const e = { ...process.env };
	delete e.XUANGUAN_DB;
	for (const [k, v] of Object.entries(env)) {
		if (v === null) delete e[k];
		else e[k] = v;
	}
	const r = spawnSync(bin, args, { input: stdin, encoding: 'utf8', env: e, cwd: ROOT, timeout: 60000 });
	if (r.error) throw r.error;
	if (r.status === null)
		throw new Error(`${path.basename(bin)} ${args.join(' ')} died on ${r.signal}:\n${r.stderr}`);
	return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/*
 * One HTTP request with node:http (not fetch: we need localAddress, raw bytes and no connection reuse).
 * opts: headers, body (string|Buffer, sent as is), json (serialised, with Content-Type), localAddress,
 * expectContinue (send Expect: 100-continue and the body only after the server's go-ahead).
 * Returns {status, headers, text, json, raw} where json is the parsed body or undefined and raw the
 * body's bytes (a Buffer).
 */
export function request(base, method, urlPath, opts = {}) {
	const u = new URL(base);
	const headers = { ...(opts.headers || {}) };
	let body = opts.body;
	if (opts.json !== undefined) {
		body = JSON.stringify(opts.json);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
			headers['Content-Type'] = 'application/json';
	}
	if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
	if (opts.expectContinue) headers.Expect = '100-continue';
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: u.hostname,
				port: u.port,
				method,
				path: urlPath,
				headers,
				agent: false,
				localAddress: opts.localAddress,
				timeout: 30000,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					const text = raw.toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, json, raw });
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out`)));
		req.on('error', reject);
		if (opts.expectContinue && body !== undefined) {
			// Send the body only once the server says so: an early refusal (413) then arrives reliably.
			req.on('continue', () => req.end(body));
			req.flushHeaders();
		} else {
			if (body !== undefined) req.write(body);
			req.end();
		}
	});
}

class Server {
	constructor(backend, opts) {
		this.backend = backend;
		this.opts = opts;
		this.proc = null;
		this.logs = [];
		this.exits = [];
	}

	// Init a fresh database and start the server on it; on failure nothing is left running or behind.
	async start() {
		try {
			await this.init();
		} catch (e) {
			try {
				if (this.proc) this.proc.kill('SIGKILL');
				this.drop();
			} catch {
				/* already reported */
			}
			throw e;
		}
	}

	async init() {
		const { db, dropDb } = freshDb(this.backend);
		this.db = db;
		this.dropDb = dropDb;
		this.newLog();
		const args = ['init', '--db', db];
		if (this.opts.demo !== false) args.push('--demo');
		const r = runCli(args);
		if (r.status !== 0) throw new Error(`init failed (${r.status}): ${r.stderr}${r.stdout}`);
		this.port = await freePort();
		this.base = `http://127.0.0.1:${this.port}`;
		await this.spawn();
	}

	newLog() {
		this.logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-log-'));
		this.logFile = path.join(this.logDir, 'server.log');
		servers.add(this);
	}

	async spawn() {
		const fd = fs.openSync(this.logFile, 'a');
		const bin = this.opts.bin || BIN;
		this.proc = spawn(
			bin,
			['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`, '--static', STATIC, ...(this.opts.serveArgs || [])],
			{ stdio: ['ignore', fd, fd], cwd: ROOT, env: { ...process.env, ...(this.opts.env || {}) } },
		);
		fs.closeSync(fd);
		const proc = this.proc;
		proc.exitInfo = new Promise((resolve) =>
			proc.on('exit', (code, signal) => {
				this.exits.push({ code, signal });
				resolve({ code, signal });
			}),
		);
		const t0 = Date.now();
		for (;;) {
			if (proc.exitCode !== null || proc.signalCode !== null) {
				// Another test run on this machine took the free port between our look and the server's
				// bind: take another one, a few times at most.
				if (/cannot listen on .*in use/.test(this.log()) && (this.portRetries = (this.portRetries || 0) + 1) <= 3) {
					this.port = await freePort();
					this.base = `http://127.0.0.1:${this.port}`;
					return this.spawn();
				}
				throw new Error(`server exited at startup (${proc.exitCode ?? proc.signalCode}):\n${this.log()}`);
			}
			try {
				const r = await request(this.base, 'GET', '/api/v1/me');
				if (r.status === 401) return;
			} catch {
				/* not listening yet */
			}
			if (Date.now() - t0 > START_TIMEOUT_MS) throw new Error(`server did not answer in time:\n${this.log()}`);
			await sleep(50);
		}
	}

	log() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	// Sanitizer reports or crashes in the server log (empty string when clean).
	problems() {
		return this.log()
			.split('\n')
			.filter((l) => /AddressSanitizer|LeakSanitizer|runtime error:|Segmentation|Assertion .* failed/.test(l))
			.join('\n');
	}

	printLogIfNeeded(failed) {
		const log = this.log();
		if (failed || this.problems()) {
			process.stderr.write(`\n----- server log (${this.backend}, ${this.logFile}) -----\n`);
			process.stderr.write(log.length > 20000 ? '…' + log.slice(-20000) : log);
			process.stderr.write('\n----- end of server log -----\n');
		}
	}

	request(method, urlPath, opts) {
		return request(this.base, method, urlPath, opts);
	}
	get(urlPath, opts) {
		return this.request('GET', urlPath, opts);
	}

	// Log in; returns a session whose request() sends the cookie and, on unsafe methods, X-CSRF-Token.
	async login(username, password = PASSWORD, { localAddress } = {}) {
		const r = await this.request('POST', '/api/v1/login', { json: { username, password }, localAddress });
		if (r.status !== 200) {
			const e = new Error(`login ${username}: ${r.status} ${r.text}`);
			e.response = r;
			throw e;
		}
		const s = new Session(this, r, localAddress);
		s.password = password;
		return s;
	}

	/*
	 * Log these accounts in, one after the other; returns their sessions by username in camelCase
	 * ({office, yuzhongStaff, …} for ['office', 'yuzhong_staff', …]). clockAt() logs them in again.
	 */
	async loginAll(usernames) {
		const out = {};
		this.team = [];
		for (const u of usernames) {
			const s = await this.login(u);
			this.team.push(s);
			out[u.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = s;
		}
		return out;
	}

	/*
	 * Restart the server with its clock at `now` (XUANGUAN_NOW) and log loginAll()'s accounts in again:
	 * sessions do not survive months. Each is renewed in place, so the variables holding them stay valid.
	 */
	async clockAt(now) {
		this.opts.env = { ...(this.opts.env || {}), XUANGUAN_NOW: now };
		await this.restart();
		this._office = undefined;
		for (const s of this.team || []) await s.renew();
	}

	// Try a login and return the raw answer.
	tryLogin(username, password = PASSWORD, { localAddress } = {}) {
		return this.request('POST', '/api/v1/login', { json: { username, password }, localAddress });
	}

	async kill9() {
		const p = this.proc;
		if (!p || p.exitCode !== null || p.signalCode !== null) return;
		p.kill('SIGKILL');
		await p.exitInfo;
	}

	async restart() {
		await this.kill9();
		await this.spawn();
	}

	// Drop the database, once (a peer's drop does nothing).
	drop() {
		const d = this.dropDb;
		this.dropDb = null;
		if (d) d();
	}

	/*
	 * Stop the server (SIGTERM, then SIGKILL) and drop the database; its peers (startPeer) still running are
	 * stopped first. Throws when the log shows a sanitizer report. Stopping it again does nothing more.
	 */
	async stop() {
		try {
			for (const peer of this.peers || []) await peer.stop();
		} finally {
			await this.stopSelf();
		}
	}

	// This process alone, and the database unless it is a peer's.
	async stopSelf() {
		const p = this.proc;
		if (p && p.exitCode === null && p.signalCode === null) {
			p.kill('SIGTERM');
			const t = setTimeout(() => p.kill('SIGKILL'), 5000);
			await p.exitInfo;
			clearTimeout(t);
		}
		// The log stays until the test process exits, to be printed if a test failed.
		const problems = this.problems();
		this.drop();
		if (problems) throw new Error(`server log shows problems:\n${problems}`);
	}

	// The binary's subcommand against this server's database: cli(['user','list']) adds --db.
	cli(args, stdin = '', opts = {}) {
		const a = [...args];
		if (opts.noDb !== true) a.push('--db', this.db);
		return runCli(a, { stdin, env: opts.env || {}, bin: opts.bin });
	}

	// Handy look-ups as an account that sees everything (office: staff at the root).
	async orgByCode(code, session) {
		const s = session || (this._office ||= await this.login('office'));
		const r = await s.get(`/api/v1/orgs?q=${encodeURIComponent(code)}&limit=100`);
		if (r.status !== 200) throw new Error(`search ${code}: ${r.status} ${r.text}`);
		const o = r.json.items.find((i) => i.code === code);
		if (!o) throw new Error(`unit ${code} not found`);
		return o;
	}

	/*
	 * Look these demo units up (orgByCode, as office) and return them by the names the test files give them:
	 * the root unit as root, any other by the last part of its code in lower case ({root, qx03, jd01} for
	 * ['SKX', 'QX03', 'QX03-JD01']), looked up in the order given.
	 */
	async units(codes) {
		const out = {};
		for (const code of codes) {
			const o = await this.orgByCode(code);
			const name = o.parent_id === null ? 'root' : code.split('-').pop().toLowerCase();
			if (name in out) throw new Error(`units: ${code} and another code are both named ${name}`);
			out[name] = o;
		}
		return out;
	}
	async userByName(username) {
		const s = this._office ||= await this.login('office');
		const r = await s.get(`/api/v1/users?q=${encodeURIComponent(username)}&limit=100`);
		if (r.status !== 200) throw new Error(`users ${username}: ${r.status} ${r.text}`);
		const u = r.json.items.find((i) => i.username === username);
		if (!u) throw new Error(`user ${username} not found`);
		return u;
	}
}

class Session {
	constructor(server, loginAnswer, localAddress) {
		this.server = server;
		this.user = loginAnswer.json.user;
		this.csrf = loginAnswer.json.csrf_token;
		this.setCookie = [].concat(loginAnswer.headers['set-cookie'] || []);
		const m = this.setCookie.map((c) => /^xg_session=([^;]*)/.exec(c)).find(Boolean);
		if (!m) throw new Error(`login answer without xg_session cookie: ${this.setCookie}`);
		this.token = m[1];
		this.cookie = `xg_session=${this.token}`;
		this.localAddress = localAddress;
	}

	// Log in again as the same account into this object (a new cookie and CSRF token); the old token is
	// left as it was.
	async renew() {
		const fresh = await this.server.login(this.user.username, this.password, { localAddress: this.localAddress });
		Object.assign(this, fresh);
	}

	// The same session (cookie and CSRF token) sent to another server process.
	via(server) {
		const copy = Object.create(Session.prototype);
		Object.assign(copy, this, { server });
		return copy;
	}

	// opts.csrf === false leaves out X-CSRF-Token; opts.headers are added.
	request(method, urlPath, opts = {}) {
		const headers = { Cookie: this.cookie, ...(opts.headers || {}) };
		const given = Object.keys(headers).some((h) => h.toLowerCase() === 'x-csrf-token');
		if (opts.csrf !== false && !given && !['GET', 'HEAD'].includes(method)) headers['X-CSRF-Token'] = this.csrf;
		return request(this.server.base, method, urlPath, {
			...opts,
			headers,
			localAddress: opts.localAddress ?? this.localAddress,
		});
	}
	get(p, o) {
		return this.request('GET', p, o);
	}
	post(p, json, o = {}) {
		return this.request('POST', p, { ...o, json });
	}
	patch(p, json, o = {}) {
		return this.request('PATCH', p, { ...o, json });
	}
	del(p, o) {
		return this.request('DELETE', p, o);
	}
	// POST a file's bytes as they are, with this Content-Type; opts as request()'s.
	postBytes(p, bytes, type = 'application/octet-stream', o = {}) {
		return this.request('POST', p, { ...o, body: bytes, headers: { ...(o.headers || {}), 'Content-Type': type } });
	}
}

// Start a server on a fresh database with the demo organisation. opts: backend, demo (default true), bin,
// serveArgs (more options for `serve`), env (more environment, e.g. XUANGUAN_NOW; change it and restart()).
export async function startServer(opts = {}) {
	const s = new Server(opts.backend || BACKEND, opts);
	await s.start();
	return s;
}

/*
 * The server of a test file or of a describe block, returned at once, not yet started: this registers node:test
 * hooks where it is called. before(): start it as startServer(opts) does, then await ready(server) when given
 * (log in, look units up, add data) — in the same hook, because node:test starts a file's top-level before()
 * hooks without waiting for the one before to end. after(): stop it (its peers, then itself, then its database).
 */
export function testServer(opts = {}, ready) {
	const s = new Server(opts.backend || BACKEND, opts);
	before(async () => {
		await s.start();
		if (ready) await ready(s);
	});
	after(() => s.stop());
	return s;
}

/*
 * A second server process on the same database (several processes share one database in production).
 * Stopping it leaves the database alone; stopping the first stops it, if still running, and drops it.
 */
export async function startPeer(first, opts = {}) {
	const s = new Server(first.backend, { ...first.opts, ...opts });
	s.db = first.db;
	(first.peers ||= []).push(s);
	s.newLog();
	s.port = await freePort();
	s.base = `http://127.0.0.1:${s.port}`;
	await s.spawn();
	return s;
}

// Assert helper: an error answer with a JSON body {"error":{code,message}} whose message is Chinese.
export function isChineseError(r) {
	return (
		r.json !== undefined &&
		r.json.error !== undefined &&
		typeof r.json.error.code === 'string' &&
		typeof r.json.error.message === 'string' &&
		/[\u4e00-\u9fff]/.test(r.json.error.message)
	);
}

export function uniq(prefix = 'T') {
	return prefix + randomBytes(4).toString('hex').toUpperCase();
}

// Assert helper: awaits the answer p, asserts its status (200 unless told) and returns its JSON body.
export async function ok(p, status = 200) {
	const r = await p;
	assert.equal(r.status, status, r.text);
	return r.json;
}

// Assert helper: awaits the answer p, asserts a refusal with this status, a JSON error with a Chinese message
// and, when given, this error code; returns the answer.
export async function refused(p, status, code) {
	const r = await p;
	assert.equal(r.status, status, r.text);
	assert.match(r.headers['content-type'] || '', /application\/json/, r.text);
	assert.ok(isChineseError(r), r.text);
	if (code !== undefined) assert.equal(r.json.error.code, code, r.text);
	return r;
}

/*
 * The roll-up figures of unit orgId as session sees them (GET /api/v1/orgs/{orgId}/stats), asserting 200.
 * query: '' (the server's default months) or a query string with its '?' ('?from=2025-01-01&to=2025-12-31').
 * With kind, returns that kind's figures (kinds[kind], which must be there), else the whole answer.
 */
export async function stats(session, orgId, query = '', { kind } = {}) {
	assert.ok(query === '' || query.startsWith('?'), `stats: the query ${query} starts with ?`);
	const r = await session.get(`/api/v1/orgs/${orgId}/stats${query}`);
	assert.equal(r.status, 200, r.text);
	if (kind === undefined) return r.json;
	assert.ok(r.json.kinds && r.json.kinds[kind], `stats: no ${kind} in ${r.text}`);
	return r.json.kinds[kind];
}

/*
 * SQL on a test database behind the server's back, through its own shell (psql for a postgresql:// URL,
 * sqlite3 for a file), stopping at the first error. Returns {status, out, err}, out and err trimmed; a failure
 * is the caller's to check (dbQuery asserts success).
 */
export function dbShell(db, query) {
	const opts = { encoding: 'utf8', maxBuffer: 1 << 28 };
	const r = /^postgres(ql)?:/.test(db)
		? spawnSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-Atqc', query], opts)
		// The server's writer or checkpointer may hold the lock for a moment: wait for it as the server's
		// own connections do, rather than fail at once with "database is locked".
		: spawnSync('sqlite3', ['-batch', '-bail', '-cmd', '.timeout 10000', db, query], opts);
	if (r.error) throw r.error;
	return { status: r.status, out: (r.stdout || '').trim(), err: (r.stderr || '').trim() };
}

// dbShell that asserts the SQL ran; returns its output (trimmed; rows one a line, columns split by |).
export function dbQuery(db, query) {
	const r = dbShell(db, query);
	assert.equal(r.status, 0, `${query}: ${r.err}`);
	return r.out;
}

/*
 * Another session on database db opens a transaction with `begin` (e.g. 'BEGIN IMMEDIATE' on SQLite,
 * 'BEGIN; LOCK TABLE org IN EXCLUSIVE MODE' on PostgreSQL) and holds what it took until release() commits:
 * no timer decides when it lets go, so a loaded machine cannot reorder a test's steps. Returns {locked,
 * done, released, release()}: locked resolves once the lock is held, done and release() once the session ended.
 */
export function holdLock(db, begin) {
	const p = /^postgres(ql)?:/.test(db)
		? spawn('psql', [db, '-v', 'ON_ERROR_STOP=1', '-Atq'], { stdio: ['pipe', 'pipe', 'pipe'] })
		: spawn('sqlite3', ['-batch', '-cmd', '.timeout 10000', db], { stdio: ['pipe', 'pipe', 'pipe'] });
	const done = new Promise((resolve) => p.on('exit', resolve));
	let released = false;
	const locked = new Promise((resolve, reject) => {
		let out = '';
		p.stdout.on('data', (c) => {
			out += c;
			if (out.includes('locked')) resolve();
		});
		p.on('exit', () => reject(new Error('the lock holder exited early')));
	});
	p.stdin.write(`${begin}; SELECT 'locked';\n`);
	return {
		locked,
		done,
		get released() {
			return released;
		},
		release() {
			released = true;
			p.stdin.end('COMMIT;\n');
			return done;
		},
	};
}

// PostgreSQL: resolves once a session of database db (a URL) waits for a lock, or once done() says there is
// nothing left to wait for.
export async function someoneWaits(db, done = () => false) {
	const name = new URL(db).pathname.slice(1);
	while (!done()) {
		const n = dbQuery(db, `SELECT count(*) FROM pg_stat_activity WHERE datname = '${name}' AND wait_event_type = 'Lock'`);
		if (Number(n) > 0) return;
		await sleep(20);
	}
}

// The rows of a CSV export (after its BOM, which Excel needs to read UTF-8), each an array of fields.
export function parseCsv(text) {
	assert.equal(text.charCodeAt(0), 0xfeff, 'starts with a BOM so Excel reads UTF-8');
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 1; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	return rows;
}

// A repeatable sequence of numbers for random steps: rand(n) is in [0, n), the same for the same seed.
export function seeded(seed) {
	return (n) => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return Math.floor(seed / 65536) % n; // the high bits: the low ones of this generator repeat quickly
	};
}
