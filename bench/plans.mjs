// plans: what the plan lights through every level and the directive list cost per request, on the demo
// organisation. A task assigned to every district, cascaded two levels down in the districts that have
// streets (district → 3 streets → 2 steps for a branch), 30 more tasks to every district, and 20 imported
// directives; then N sequential requests of each view, their median and 99th percentile.
// Usage: node bench/plans.mjs   (XG_BIN: the binary, default build/rel/xuanguan; BENCH_N: requests, 300)
// A/B: run it with XG_BIN set to the other build right after, on the same load, and compare the medians.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.XG_BIN || 'build/rel/xuanguan';
const N = Number(process.env.BENCH_N || 300);
const PORT = 18000 + Math.floor(Math.random() * 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-plans-'));
const db = path.join(dir, 'bench.db');

execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
const token = execFileSync(BIN, ['user', 'token', '--db', db, '--username', 'office', '--label', 'bench']).toString().trim();
const srv = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${PORT}`, '--threads', '2'], { stdio: 'ignore' });
const auth = { Authorization: `Bearer ${token}` };

async function call(method, url, body, headers = auth) {
	const r = await fetch(BASE + url, {
		method, headers: body ? { ...headers, 'Content-Type': 'application/json' } : headers,
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await r.text();
	if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${text}`);
	return text.startsWith('{') ? JSON.parse(text) : text;
}

async function org(code) {
	const r = await call('GET', `/api/v1/orgs?q=${encodeURIComponent(code)}&limit=100`);
	return r.items.find((o) => o.code === code);
}

async function timed(label, url, headers = auth) {
	const ms = [];
	for (let i = 0; i < N; i++) {
		const t = process.hrtime.bigint();
		const r = await fetch(BASE + url, { headers });
		await r.arrayBuffer();
		if (!r.ok) throw new Error(`${url}: ${r.status}`);
		ms.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	ms.sort((x, y) => x - y);
	const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2);
	console.log(`${label.padEnd(34)} p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  (${N} requests)`);
}

try {
	for (let i = 0; i < 100; i++) {
		try { await call('GET', '/api/v1/orgs?limit=1'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
	}
	const root = await org('SKX');
	const camp = await call('POST', '/api/v1/campaigns', { org_id: root.id, name: '逐级方案', start_date: '2025-01-01', end_date: '2025-12-31' });
	const task = await call('POST', '/api/v1/tasks', { title: '学习宣讲全覆盖', campaign_id: camp.id, due_date: '2025-12-31', unit_kind: '区县科协' });
	for (let i = 0; i < 30; i++)
		await call('POST', '/api/v1/tasks', { title: `任务${i}`, campaign_id: camp.id, due_date: '2025-11-30', unit_kind: '区县科协' });
	let steps = 0;
	const units = (await call('GET', `/api/v1/tasks/${task.id}/units?limit=100`)).items;
	for (const u of units) {
		await call('POST', `/api/v1/tasks/${task.id}/sign?org_id=${u.org_id}`);
		const streets = [];
		for (const k of [1, 2, 3]) {
			const s = await org(`${u.code}-JD0${k}`).catch(() => undefined);
			if (s) streets.push(s);
		}
		if (streets.length === 0) {
			for (const k of [1, 2]) await call('POST', `/api/v1/tasks/${task.id}/subtasks`, { org_id: u.org_id, title: `自办${k}`, due_date: '2025-10-31' });
			steps += 2;
			continue;
		}
		const branch = await org(`${u.code}-JD01-DZB`);
		for (const k of [1, 2, 3]) {
			const s = await call('POST', `/api/v1/tasks/${task.id}/subtasks`, { org_id: u.org_id, title: `街道${k}`, units: streets.map((x) => x.id), due_date: '2025-10-31' });
			steps += streets.length;
			await call('POST', `/api/v1/tasks/${s.id}/sign?org_id=${streets[0].id}`);
			for (const j of [1, 2]) await call('POST', `/api/v1/tasks/${s.id}/subtasks`, { org_id: streets[0].id, title: `支部${j}`, units: [branch.id], due_date: '2025-09-30' });
			steps += 2;
		}
	}
	const text = fs.readFileSync('tests/api/data/shidian_yijian.txt', 'utf8');
	for (let i = 0; i < 20; i++) await call('POST', '/api/v1/directives', { campaign_id: camp.id, text });
	const login = await fetch(BASE + '/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'Xuanguan@2026' }) });
	const cookie = { Cookie: (login.headers.get('set-cookie') || '').split(';')[0] };
	console.log(`${units.length} districts, ${steps} plan steps below them, 31 tasks, 20 directives; ${BIN}; load: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
	await timed('GET /api/v1/tasks/{id}', `/api/v1/tasks/${task.id}`);
	await timed('GET /api/v1/tasks/{id}/units', `/api/v1/tasks/${task.id}/units?limit=100`);
	await timed('GET /api/v1/tasks (page of 50)', `/api/v1/tasks?campaign_id=${camp.id}&limit=50`);
	await timed('GET /api/v1/tasks/matrix (root)', `/api/v1/tasks/matrix?org_id=${root.id}&limit=50`);
	await timed('GET /api/v1/directives (20)', '/api/v1/directives?limit=20');
	await timed('GET /directives page (20)', '/directives?limit=20', cookie);
} finally {
	srv.kill();
	fs.rmSync(dir, { recursive: true, force: true });
}
