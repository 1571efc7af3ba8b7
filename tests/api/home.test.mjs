// home: the dashboard (工作台) — its figures agree with the pages they summarise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testServer, uniq } from './lib.mjs';

const srv = testServer();

// The number shown under a dashboard figure's label (thousands separators allowed).
function figure(html, label) {
	const m = new RegExp(`<div class="stat-label">${label}</div><div class="stat-value">([0-9,]+)<small>`).exec(html);
	assert.ok(m, `figure ${label} on the dashboard`);
	return Number(m[1].replace(/,/g, ''));
}

test("the auditor's figures count what /audit shows, failed logins of unknown names included", async () => {
	const auditor = await srv.login('auditor');
	const home0 = await auditor.get('/');
	assert.equal(home0.status, 200);
	const failed0 = figure(home0.text, '近 24 小时登录失败');
	// Two failed logins under names nobody holds: entries without a unit, which an auditor at the top reads.
	for (let i = 0; i < 2; i++) assert.equal((await srv.tryLogin('ghost_' + uniq().toLowerCase(), 'Wrong#Pass2026')).status, 401);
	const home1 = await auditor.get('/');
	assert.equal(figure(home1.text, '近 24 小时登录失败'), failed0 + 2);
	// The same count as the audit log itself over the same day.
	const since = new Date(Date.now() + 8 * 3600 * 1000 - 86400 * 1000).toISOString().slice(0, 10);
	const api = await auditor.get(`/api/v1/audit?action=login.fail&from=${since}&limit=1`);
	assert.equal(api.status, 200, api.text);
	assert.ok(api.json.total >= figure(home1.text, '近 24 小时登录失败'), `${api.json.total} entries in /audit since ${since}`);
	const all = figure(home1.text, '近 24 小时审计记录');
	assert.ok(all >= figure(home1.text, '近 24 小时登录失败'), 'failed logins are among all entries');
});
