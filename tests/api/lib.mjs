// lib: start the real xuanguan binary on a fresh database (SQLite or PostgreSQL) and talk to it over HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
		return new Session(this, r, localAddress);
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

	// Stop the server (SIGTERM, then SIGKILL) and drop the database. Throws when the log shows a sanitizer report.
	async stop() {
		const p = this.proc;
		if (p && p.exitCode === null && p.signalCode === null) {
			p.kill('SIGTERM');
			const t = setTimeout(() => p.kill('SIGKILL'), 5000);
			await p.exitInfo;
			clearTimeout(t);
		}
		// The log stays until the test process exits, to be printed if a test failed.
		const problems = this.problems();
		this.dropDb();
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
}

// Start a server on a fresh database with the demo organisation. opts: backend, demo (default true), bin,
// serveArgs (more options for `serve`), env (more environment, e.g. XUANGUAN_NOW; change it and restart()).
export async function startServer(opts = {}) {
	const s = new Server(opts.backend || BACKEND, opts);
	try {
		await s.init();
	} catch (e) {
		try {
			if (s.proc) s.proc.kill('SIGKILL');
			if (s.dropDb) s.dropDb();
		} catch {
			/* already reported */
		}
		throw e;
	}
	return s;
}

/*
 * A second server process on the same database (several processes share one database in production).
 * Stopping it leaves the database alone; the first server drops it.
 */
export async function startPeer(first, opts = {}) {
	const s = new Server(first.backend, { ...first.opts, ...opts });
	s.db = first.db;
	s.dropDb = () => {};
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
