// evidence: files attached to work records — typed by their content alone (never the name or the client's
// Content-Type), stored in the database and read back byte for byte, served with nosniff, a strict CSP and
// Content-Disposition (attachment but for images), 404 outside the caller's subtree, deleted softly and audited,
// and served by any server process on the same database.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, isChineseError, startPeer, testServer } from './lib.mjs';

// The server takes uploads up to 1 MiB, so the refusal past the limit costs little.
const LIMIT = 1 << 20;

let office, yuzhong, jiangbei, leader, auditor;
let qx03;
const srv = testServer({ serveArgs: ['--upload-max', '1'] }, async () => {
	({ office, yuzhong, jiangbei, leader, auditor } = await srv.loginAll(['office', 'yuzhong', 'jiangbei', 'leader', 'auditor']));
	qx03 = await srv.orgByCode('QX03');
});

// A stored (uncompressed) zip of entries [{name, data}], enough for libzip and Office.
function crc32(buf) {
	let crc = 0xffffffff;
	for (const b of buf) {
		crc ^= b;
		for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
function zip(entries) {
	const parts = [];
	const central = [];
	let off = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name);
		const data = Buffer.from(e.data);
		const crc = crc32(data);
		const lh = Buffer.alloc(30);
		lh.writeUInt32LE(0x04034b50, 0);
		lh.writeUInt16LE(20, 4);
		lh.writeUInt32LE(crc, 14);
		lh.writeUInt32LE(data.length, 18);
		lh.writeUInt32LE(data.length, 22);
		lh.writeUInt16LE(name.length, 26);
		parts.push(lh, name, data);
		const ch = Buffer.alloc(46);
		ch.writeUInt32LE(0x02014b50, 0);
		ch.writeUInt16LE(20, 4);
		ch.writeUInt16LE(20, 6);
		ch.writeUInt32LE(crc, 16);
		ch.writeUInt32LE(data.length, 20);
		ch.writeUInt32LE(data.length, 24);
		ch.writeUInt16LE(name.length, 28);
		ch.writeUInt32LE(off, 42);
		central.push(ch, name);
		off += lh.length + name.length + data.length;
	}
	const cd = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(off, 16);
	return Buffer.concat([...parts, cd, end]);
}
const types = { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types/>' };
const XLSX = zip([types, { name: 'xl/workbook.xml', data: '<workbook/>' }, { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' }]);
const DOCX = fs.readFileSync(path.join(ROOT, 'tests/directive/fixtures/numbered_docx.docx'));
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(3000)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
// Larger than a chunk (256 KiB) several times over, and than 1 MiB less a little: stored in 4 chunks.
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(LIMIT - 4096)]);

const MEDIA = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

async function newRecord(session = yuzhong, title = '理论学习中心组学习') {
	const r = await session.post('/api/v1/records', { org_id: qx03.id, kind: 'study', date: '2025-06-03', title, participants: 9 });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}
// The raw body is the file; the client's Content-Type says nothing to the server.
function upload(session, recordId, name, bytes, contentType = 'application/octet-stream', opts = {}) {
	const q = name === undefined ? '' : `?name=${encodeURIComponent(name)}`;
	return session.postBytes(`/api/v1/records/${recordId}/files${q}`, bytes, contentType, opts);
}
async function fileCount(recordId) {
	const r = await office.get(`/api/v1/records/${recordId}/files`);
	assert.equal(r.status, 200, r.text);
	return r.json.items.length;
}

describe('accepted types are stored and read back byte for byte', () => {
	const cases = [
		['签到表.jpg', JPEG, 'jpeg', 'inline'],
		['现场照片.png', PNG, 'png', 'inline'],
		['会议纪要.pdf', PDF, 'pdf', 'attachment'],
		['学习材料.docx', DOCX, 'docx', 'attachment'],
		['参学人员名单.xlsx', XLSX, 'xlsx', 'attachment'],
	];
	for (const [name, bytes, kind, disposition] of cases) {
		test(`${kind}: ${name}`, async () => {
			const rec = await newRecord();
			const up = await upload(yuzhong, rec, name, bytes);
			assert.equal(up.status, 201, up.text);
			assert.equal(up.json.record_id, rec);
			assert.equal(up.json.name, name, 'the Chinese name is kept');
			assert.equal(up.json.media_type, MEDIA[kind]);
			assert.equal(up.json.size, bytes.length);
			assert.equal(up.json.sha256, sha256(bytes));
			assert.equal(typeof up.json.uploaded_at, 'number');

			const get = await yuzhong.get(`/api/v1/files/${up.json.id}`);
			assert.equal(get.status, 200, get.text);
			assert.equal(get.raw.length, bytes.length);
			assert.equal(sha256(get.raw), sha256(bytes));
			assert.equal(get.headers['content-type'], MEDIA[kind]);
			assert.equal(get.headers['x-content-type-options'], 'nosniff');
			assert.match(get.headers['content-security-policy'], /default-src 'none'/);
			assert.match(get.headers['content-security-policy'], /sandbox/);
			const cd = get.headers['content-disposition'];
			assert.ok(cd.startsWith(`${disposition};`), cd);
			assert.ok(cd.includes(`filename*=UTF-8''${encodeURIComponent(name)}`), cd);

			const list = await yuzhong.get(`/api/v1/records/${rec}/files`);
			assert.equal(list.status, 200, list.text);
			assert.deepEqual(list.json.items.map((f) => f.id), [up.json.id]);
		});
	}

	test('the type comes from the content: a PDF named .jpg and sent as image/jpeg is a PDF, served as an attachment', async () => {
		const rec = await newRecord();
		const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(500)]);
		const up = await upload(yuzhong, rec, '照片.jpg', bytes, 'image/jpeg');
		assert.equal(up.status, 201, up.text);
		assert.equal(up.json.media_type, 'application/pdf');
		const get = await yuzhong.get(`/api/v1/files/${up.json.id}`);
		assert.equal(get.headers['content-type'], 'application/pdf');
		assert.ok(get.headers['content-disposition'].startsWith('attachment;'));
	});

	test('anyone who may read the record lists and downloads its files; a viewer may not attach', async () => {
		const rec = await newRecord();
		const up = await upload(yuzhong, rec, '签到表.png', PNG);
		assert.equal(up.status, 201, up.text);
		assert.equal((await leader.get(`/api/v1/records/${rec}/files`)).json.items.length, 1);
		const get = await leader.get(`/api/v1/files/${up.json.id}`);
		assert.equal(get.status, 200);
		assert.equal(sha256(get.raw), sha256(PNG));
		const denied = await upload(leader, rec, '照片.png', PNG);
		assert.equal(denied.status, 403, denied.text);
		assert.equal(await fileCount(rec), 1);
	});
});

describe('refusals store nothing', () => {
	test('a "JPEG" whose bytes are not one is 415, with the accepted types named in Chinese', async () => {
		const rec = await newRecord();
		const fake = Buffer.concat([Buffer.from('GIF89a'), randomBytes(100)]);
		const r = await upload(yuzhong, rec, '签到表.jpg', fake, 'image/jpeg');
		assert.equal(r.status, 415, r.text);
		assert.ok(isChineseError(r));
		assert.match(r.json.error.message, /JPEG/);
		assert.match(r.json.error.message, /xlsx/);
		// Almost a JPEG: two of its three marker bytes.
		const almost = Buffer.concat([Buffer.from([0xff, 0xd8, 0x00]), randomBytes(100)]);
		assert.equal((await upload(yuzhong, rec, 'a.jpg', almost, 'image/jpeg')).status, 415);
		assert.equal(await fileCount(rec), 0);
	});

	test('a zip that is neither a .docx nor a .xlsx is 415', async () => {
		const rec = await newRecord();
		const plain = zip([{ name: 'readme.txt', data: 'hello' }]);
		assert.equal((await upload(yuzhong, rec, '资料.zip', plain)).status, 415);
		// The content types alone, without the main part, are no Office document either.
		const half = zip([types, { name: 'docProps/app.xml', data: '<x/>' }]);
		const r = await upload(yuzhong, rec, '资料.docx', half);
		assert.equal(r.status, 415, r.text);
		assert.ok(isChineseError(r));
		assert.equal(await fileCount(rec), 0);
	});

	test('an empty file is 400; a name with a path, or none, is 400', async () => {
		const rec = await newRecord();
		const empty = await upload(yuzhong, rec, '空.pdf', Buffer.alloc(0));
		assert.equal(empty.status, 400, empty.text);
		assert.ok(isChineseError(empty));
		for (const name of ['../etc/passwd.pdf', 'a\\b.pdf', '..', undefined, '']) {
			const r = await upload(yuzhong, rec, name, PDF.subarray(0, 100));
			assert.equal(r.status, 400, `${name}: ${r.text}`);
			assert.ok(isChineseError(r));
		}
		const long = await upload(yuzhong, rec, '长'.repeat(201) + '.pdf', PDF.subarray(0, 100));
		assert.equal(long.status, 400, long.text);
		assert.equal(await fileCount(rec), 0);
	});

	test('a file past the upload limit (--upload-max) is 413, one just within it is taken', async () => {
		const rec = await newRecord();
		const over = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(LIMIT)]);
		const r = await upload(yuzhong, rec, '大文件.pdf', over, 'application/pdf', { expectContinue: true });
		assert.equal(r.status, 413, r.text);
		assert.ok(isChineseError(r));
		const exact = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(LIMIT - 9)]);
		const ok = await upload(yuzhong, rec, '刚好.pdf', exact);
		assert.equal(ok.status, 201, ok.text);
		assert.equal(ok.json.size, LIMIT);
		assert.equal(await fileCount(rec), 1);
	});

	test('a cookie session needs its CSRF token to attach or delete', async () => {
		const rec = await newRecord();
		const r = await upload(yuzhong, rec, 'a.png', PNG, 'application/octet-stream', { csrf: false });
		assert.equal(r.status, 403, r.text);
		assert.equal(await fileCount(rec), 0);
		const up = await upload(yuzhong, rec, 'a.png', PNG);
		const d = await yuzhong.request('DELETE', `/api/v1/files/${up.json.id}`, { json: { reason: '传错了' }, csrf: false });
		assert.equal(d.status, 403, d.text);
		assert.equal(await fileCount(rec), 1);
	});
});

describe('scope, deletion and the audit log', () => {
	test('a sibling district gets 404 on upload, list, download and delete', async () => {
		const rec = await newRecord();
		const up = await upload(yuzhong, rec, '签到表.jpg', JPEG);
		assert.equal(up.status, 201, up.text);
		const u = await upload(jiangbei, rec, '签到表.jpg', JPEG);
		assert.equal(u.status, 404, u.text);
		assert.ok(isChineseError(u));
		assert.equal((await jiangbei.get(`/api/v1/records/${rec}/files`)).status, 404);
		const g = await jiangbei.get(`/api/v1/files/${up.json.id}`);
		assert.equal(g.status, 404);
		assert.ok(isChineseError(g));
		assert.equal(g.headers['content-disposition'], undefined);
		const d = await jiangbei.request('DELETE', `/api/v1/files/${up.json.id}`, { json: { reason: '删' } });
		assert.equal(d.status, 404, d.text);
		assert.equal(await fileCount(rec), 1);
		assert.equal((await yuzhong.get(`/api/v1/files/${up.json.id}`)).status, 200);
	});

	test('a deleted file is 404 and gone from the list; attach and delete are audited', async () => {
		const rec = await newRecord();
		const up = await upload(yuzhong, rec, '会议纪要.pdf', PDF.subarray(0, 4000));
		assert.equal(up.status, 201, up.text);
		const keep = await upload(yuzhong, rec, '签到表.png', PNG);
		const noReason = await yuzhong.request('DELETE', `/api/v1/files/${up.json.id}`, { json: {} });
		assert.equal(noReason.status, 400, noReason.text);
		const d = await yuzhong.request('DELETE', `/api/v1/files/${up.json.id}`, { json: { reason: '上传错了文件' } });
		assert.equal(d.status, 200, d.text);
		assert.equal((await yuzhong.get(`/api/v1/files/${up.json.id}`)).status, 404);
		assert.equal((await yuzhong.request('DELETE', `/api/v1/files/${up.json.id}`, { json: { reason: '再删' } })).status, 404);
		const list = await yuzhong.get(`/api/v1/records/${rec}/files`);
		assert.deepEqual(list.json.items.map((f) => f.id), [keep.json.id]);

		const attach = await auditor.get(`/api/v1/audit?object_type=file&object_id=${up.json.id}&action=file.attach`);
		assert.equal(attach.status, 200, attach.text);
		assert.equal(attach.json.items.length, 1);
		assert.equal(attach.json.items[0].after.sha256, up.json.sha256);
		const del = await auditor.get(`/api/v1/audit?object_type=file&object_id=${up.json.id}&action=file.delete`);
		assert.equal(del.json.items.length, 1);
		assert.equal(del.json.items[0].before.name, '会议纪要.pdf');
	});

	test("a deleted record's files are no longer served, listed or attached to", async () => {
		const rec = await newRecord();
		const up = await upload(yuzhong, rec, '签到表.jpg', JPEG);
		assert.equal(up.status, 201, up.text);
		const d = await yuzhong.request('DELETE', `/api/v1/records/${rec}`, { json: { reason: '重复填报' } });
		assert.equal(d.status, 200, d.text);
		assert.equal((await yuzhong.get(`/api/v1/files/${up.json.id}`)).status, 404);
		assert.equal((await office.get(`/api/v1/records/${rec}/files`)).status, 404);
		assert.equal((await upload(yuzhong, rec, '签到表.jpg', JPEG)).status, 404);
	});
});

describe('several server processes on one database', () => {
	test('a file uploaded through one process is downloaded through another, byte for byte', async () => {
		const peer = await startPeer(srv);
		try {
			const rec = await newRecord();
			const up = await upload(yuzhong, rec, '会议纪要.pdf', PDF);
			assert.equal(up.status, 201, up.text);
			const get = await yuzhong.via(peer).get(`/api/v1/files/${up.json.id}`);
			assert.equal(get.status, 200, get.text);
			assert.equal(sha256(get.raw), sha256(PDF));
			const list = await office.via(peer).get(`/api/v1/records/${rec}/files`);
			assert.equal(list.json.items[0].sha256, sha256(PDF));
		} finally {
			await peer.stop();
		}
	});
});
