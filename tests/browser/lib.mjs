// lib.mjs: what the browser tests share — the browser, the server's address, logging in, screenshots, the API.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PASSWORD = 'Xuanguan@2026';
export const BASE = process.env.XG_BASE || 'http://127.0.0.1:8091';
export const PC = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
// Where screenshots go (launch() makes the folder): open them and look.
export const SHOTS = process.env.XG_SHOTS || 'build/browser-shots';

// Debian's chromium, headless, with nothing that talks to the network on its own.
export function launch() {
	fs.mkdirSync(SHOTS, { recursive: true });
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

// A new page of its own context (own cookies), with every dialog accepted and page errors kept.
export async function newPage(browser, viewport = PC) {
	const context = await browser.newContext({ viewport, locale: 'zh-CN' });
	const page = await context.newPage();
	page.errors = [];
	page.on('pageerror', (e) => page.errors.push(String(e)));
	// Console errors (a CSP refusal, a failing script) count; a 4xx answer we asked for does not.
	page.on('console', (m) => {
		if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4/.test(m.text()))
			page.errors.push(m.text());
	});
	page.on('dialog', (d) => d.accept());
	return page;
}

export async function login(page, username, password = PASSWORD) {
	await page.goto(BASE + '/login');
	await page.fill('#f-username', username);
	await page.fill('#f-password', password);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

// A new page (newPage) signed in as username.
export async function signedIn(browser, username, viewport = PC) {
	const page = await newPage(browser, viewport);
	await login(page, username);
	return page;
}

// The id of a unit found by the search page (first result whose code cell equals code).
export async function unitIdByCode(page, code) {
	await page.goto(BASE + '/orgs?q=' + encodeURIComponent(code));
	const row = page.locator('table.list tbody tr', { has: page.locator('td.code', { hasText: new RegExp('^' + code + '$') }) });
	const href = await row.first().locator('a').first().getAttribute('href');
	return Number(href.split('/').pop());
}

// A day relative to today in China time, as YYYY-MM-DD.
export function day(offset) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

export function uniq(prefix) {
	return prefix + Date.now().toString(36).toUpperCase() + Math.floor(Math.random() * 1000);
}

// A screenshot of the whole page, SHOTS/name.png.
export async function shoot(page, name) {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// A call of the JSON API as the page's logged-in person (its cookie, the CSRF token of its logout form); asserts a
// 2xx answer and returns its JSON body.
export async function api(page, method, url, data) {
	const csrf = await page.locator('.logout input[name=_csrf]').inputValue();
	const r = await page.request.fetch(BASE + url, { method, data, headers: { 'X-CSRF-Token': csrf } });
	assert.ok(r.ok(), `${method} ${url}: ${r.status()} ${await r.text()}`);
	return r.json();
}
