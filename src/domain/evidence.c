/* evidence: rules of the files attached to work records — the content sniffer, names, attach,
 * read and delete within the caller's subtree, audited. */
#include "domain/evidence.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/log.h"
#include "domain/audit.h"

/* Types */

static const char *const media_types[EVIDENCE_TYPE__MAX] = {
    [EVIDENCE_JPEG] = "image/jpeg",
    [EVIDENCE_PNG] = "image/png",
    [EVIDENCE_PDF] = "application/pdf",
    [EVIDENCE_DOCX] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    [EVIDENCE_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const char *
evidence_media_type(enum evidence_type t)
{
	return t > EVIDENCE_UNKNOWN && t < EVIDENCE_TYPE__MAX ? media_types[t] : NULL;
}

bool
evidence_inline(const char *media_type)
{
	return media_type != NULL && (strcmp(media_type, media_types[EVIDENCE_JPEG]) == 0 ||
				      strcmp(media_type, media_types[EVIDENCE_PNG]) == 0);
}

/* The content sniffer */

#define SNIFF_HEAD 8

static const unsigned char png_sig[SNIFF_HEAD] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
static const unsigned char zip_sig[4] = {'P', 'K', 3, 4};

/* The type told by the first bytes (n of them, at most SNIFF_HEAD); zip means "look inside". */
static enum evidence_type
sniff_head(const unsigned char *h, size_t n, bool *zip)
{
	*zip = false;
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
		return EVIDENCE_JPEG;
	if (n >= sizeof(png_sig) && memcmp(h, png_sig, sizeof(png_sig)) == 0)
		return EVIDENCE_PNG;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return EVIDENCE_PDF;
	*zip = n >= sizeof(zip_sig) && memcmp(h, zip_sig, sizeof(zip_sig)) == 0;
	return EVIDENCE_UNKNOWN;
}

/* An Office document is a zip with its content types and its main part; only names are read, so
 * a zip bomb costs nothing. Takes src (freed here). */
static enum evidence_type
sniff_zip(zip_source_t *src)
{
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, NULL);
	enum evidence_type t = EVIDENCE_UNKNOWN;

	if (za == NULL) {
		zip_source_free(src);
		return EVIDENCE_UNKNOWN;
	}
	if (zip_name_locate(za, "[Content_Types].xml", 0) >= 0) {
		if (zip_name_locate(za, "word/document.xml", 0) >= 0)
			t = EVIDENCE_DOCX;
		else if (zip_name_locate(za, "xl/workbook.xml", 0) >= 0)
			t = EVIDENCE_XLSX;
	}
	zip_discard(za); /* frees src too */
	return t;
}

enum evidence_type
evidence_sniff(const void *data, size_t n)
{
	bool zip;
	enum evidence_type t =
	    sniff_head(data, n < SNIFF_HEAD ? n : SNIFF_HEAD, &zip);
	zip_source_t *src;

	if (!zip)
		return t;
	src = zip_source_buffer_create(data, n, 0, NULL);
	return src != NULL ? sniff_zip(src) : EVIDENCE_UNKNOWN;
}

/* Read want bytes at off (fewer only at the end of the file); -1 on an error. */
static ssize_t
read_at(int fd, uint64_t off, void *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = pread(fd, (char *)buf + got, want - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_error("cannot read back an upload: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
evidence_sniff_fd(int fd, uint64_t size, enum evidence_type *out)
{
	unsigned char head[SNIFF_HEAD];
	ssize_t n = read_at(fd, 0, head, size < SNIFF_HEAD ? (size_t)size : SNIFF_HEAD);
	zip_source_t *src;
	FILE *fp;
	bool zip;
	int dupfd;

	*out = EVIDENCE_UNKNOWN;
	if (n < 0)
		return -1;
	*out = sniff_head(head, (size_t)n, &zip);
	if (!zip)
		return 0;
	/* libzip owns what it reads from: give it a duplicate, so fd stays the caller's. */
	dupfd = dup(fd);
	fp = dupfd >= 0 ? fdopen(dupfd, "rb") : NULL;
	if (fp == NULL) {
		if (dupfd >= 0)
			close(dupfd);
		log_error("cannot open an upload as a zip: %s", strerror(errno));
		return -1;
	}
	src = zip_source_filep_create(fp, 0, (zip_int64_t)size, NULL);
	if (src == NULL) {
		fclose(fp);
		return -1;
	}
	*out = sniff_zip(src);
	return 0;
}

/* Names */

enum xg_rc
evidence_check_name(const char *name, struct xg_error *err)
{
	enum xg_rc rc;

	if (name == NULL || *name == '\0')
		return xg_fail(err, XG_INVALID, "required", "name",
			       "请在查询参数 name 中给出文件名");
	rc = xg_check_name(name, "name", "文件名", EVIDENCE_NAME_MAX, err);
	if (rc != XG_OK)
		return rc;
	if (strpbrk(name, "/\\") != NULL)
		return xg_fail(err, XG_INVALID, "invalid_name", "name",
			       "文件名不能含有路径分隔符（/ 或 \\）");
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return xg_fail(err, XG_INVALID, "invalid_name", "name", "文件名无效");
	return XG_OK;
}

/* JSON */

json_t *
evidence_to_json(const struct db_file *f)
{
	const char *owner = f->progress_id != 0	     ? "progress_id"
			    : f->rectification_id != 0 ? "rectification_id"
						       : "record_id";
	int64_t owner_id = f->progress_id != 0	    ? f->progress_id
			   : f->rectification_id != 0 ? f->rectification_id
						      : f->record_id;

	return json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:s?,s:I}", "id", (json_int_t)f->id, owner,
			 (json_int_t)owner_id, "name", f->name, "media_type", f->media_type,
			 "size", (json_int_t)f->size, "sha256", f->sha256, "uploaded_by_name",
			 f->uploaded_by_name, "uploaded_at", (json_int_t)f->uploaded_at);
}

/* Attach */

static enum xg_rc
fail_internal(struct xg_error *err)
{
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误");
}

static void
hex_of(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The SHA-256 of the upload's bytes, in hex. */
static enum xg_rc
hash_upload(const struct evidence_upload *up, unsigned char *buf, char *hex,
	    struct xg_error *err)
{
	crypto_hash_sha256_state st;
	unsigned char md[crypto_hash_sha256_BYTES];
	uint64_t off = 0;

	crypto_hash_sha256_init(&st);
	while (off < up->size) {
		uint64_t left = up->size - off;
		size_t want = left < DB_FILE_CHUNK_MAX ? (size_t)left : DB_FILE_CHUNK_MAX;
		ssize_t n = read_at(up->fd, off, buf, want);
		if (n != (ssize_t)want)
			return fail_internal(err);
		crypto_hash_sha256_update(&st, buf, want);
		off += want;
	}
	crypto_hash_sha256_final(&st, md);
	hex_of(md, sizeof(md), hex);
	return XG_OK;
}

/* Store the upload's bytes as the chunks of file_id, in the open transaction. */
static enum xg_rc
store_chunks(struct db *db, int64_t file_id, const struct evidence_upload *up, unsigned char *buf,
	     struct xg_error *err)
{
	uint64_t off = 0;
	int64_t seq = 0;
	enum xg_rc rc = XG_OK;

	while (rc == XG_OK && off < up->size) {
		uint64_t left = up->size - off;
		size_t want = left < DB_FILE_CHUNK_MAX ? (size_t)left : DB_FILE_CHUNK_MAX;
		if (read_at(up->fd, off, buf, want) != (ssize_t)want)
			return fail_internal(err);
		rc = xg_from_db(err, db_file_chunk_insert(db, file_id, seq++, buf, want), db,
				"附件");
		off += want;
	}
	return rc;
}

static enum xg_rc
audit_file(struct db *db, const struct actor *actor, const char *action,
	   const struct db_file *before, const struct db_file *after, int64_t now,
	   struct xg_error *err)
{
	const struct db_file *f = after != NULL ? after : before;
	json_t *jb = before != NULL ? evidence_to_json(before) : NULL;
	json_t *ja = after != NULL ? evidence_to_json(after) : NULL;
	enum xg_rc rc;

	if ((before != NULL && jb == NULL) || (after != NULL && ja == NULL))
		rc = fail_internal(err);
	else
		rc = audit_record(db, actor, f->org_path, action, "file", f->id, f->name, jb, ja,
				  now, err);
	json_decref(jb);
	json_decref(ja);
	return rc;
}

/* Check the upload before anything is read from the database. */
static enum xg_rc
check_upload(const struct evidence_upload *up, enum evidence_type *type, struct xg_error *err)
{
	enum xg_rc rc = evidence_check_name(up->name, err);

	if (rc != XG_OK)
		return rc;
	if (up->fd < 0 || up->size == 0)
		return xg_fail(err, XG_INVALID, "empty_file", NULL,
			       "文件为空，请选择要上传的文件（请求体为文件内容）");
	if (up->size > up->max)
		return xg_fail(err, XG_TOO_LARGE, "too_large", NULL, "文件过大（上限 %llu MiB）",
			       (unsigned long long)(up->max >> 20));
	if (evidence_sniff_fd(up->fd, up->size, type) != 0)
		return fail_internal(err);
	if (*type == EVIDENCE_UNKNOWN)
		return xg_fail(err, XG_MEDIA, "unsupported_type", NULL,
			       "不支持该文件类型：只能上传 " EVIDENCE_ACCEPTED);
	return XG_OK;
}

/* The owner of a record's file: the record, visible and not deleted. */
static enum xg_rc
record_owner(struct db *db, struct arena *a, const struct actor *actor,
	     const struct evidence_owner *o, struct db_file *f, struct xg_error *err)
{
	struct db_record rec;
	enum xg_rc rc =
	    xg_from_db(err, db_record_get(db, a, actor->org_path, o->id, &rec), db, "台账");

	if (rc == XG_OK)
		f->record_id = rec.id;
	return rc;
}

enum xg_rc
evidence_attach(struct db *db, struct arena *a, const struct actor *actor, int64_t record_id,
		const struct evidence_upload *up, int64_t now, struct db_file *out,
		struct xg_error *err)
{
	struct evidence_owner o = {.check = record_owner, .id = record_id};

	return evidence_attach_to(db, a, actor, &o, up, now, out, err);
}

enum xg_rc
evidence_attach_to(struct db *db, struct arena *a, const struct actor *actor,
		   const struct evidence_owner *owner, const struct evidence_upload *up,
		   int64_t now, struct db_file *out, struct xg_error *err)
{
	enum evidence_type type;
	struct db_file f = {0};
	char sha[2 * crypto_hash_sha256_BYTES + 1];
	unsigned char *buf = NULL;
	int64_t id = 0;
	enum xg_rc rc = check_upload(up, &type, err);

	if (rc != XG_OK)
		return rc;
	if (sodium_init() < 0 || (buf = malloc(DB_FILE_CHUNK_MAX)) == NULL)
		return fail_internal(err);
	rc = hash_upload(up, buf, sha, err);
	db_next_tx_alone(db); /* up to 20 MiB of chunks: no other writer's answer waits for them */
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		goto out;
	rc = owner->check(db, a, actor, owner, &f, err);
	if (rc == XG_OK) {
		f.name = up->name;
		f.media_type = evidence_media_type(type);
		f.size = (int64_t)up->size;
		f.sha256 = sha;
		f.uploaded_by = actor->user_id;
		f.uploaded_by_name =
		    actor->display_name != NULL ? actor->display_name : actor->username;
		f.uploaded_at = now;
		rc = xg_from_db(err,
				f.record_id != 0 ? db_file_insert(db, &f, &id)
						 : db_file_owned_insert(db, &f, &id),
				db, "附件");
	}
	if (rc == XG_OK)
		rc = store_chunks(db, id, up, buf, err);
	if (rc == XG_OK)
		rc = xg_from_db(err, db_file_any_get(db, a, NULL, id, out), db, "附件");
	if (rc == XG_OK)
		rc = audit_file(db, actor, "file.attach", NULL, out, now, err);
	rc = xg_tx_end(db, rc, err);
out:
	free(buf);
	return rc;
}

/* Read */

enum xg_rc
evidence_list(struct db *db, struct arena *a, const struct actor *actor, int64_t record_id,
	      struct db_file **out, size_t *n, struct xg_error *err)
{
	struct db_record rec;
	enum xg_rc rc =
	    xg_from_db(err, db_record_get(db, a, actor->org_path, record_id, &rec), db, "台账");

	if (rc != XG_OK)
		return rc;
	return xg_from_db(err, db_file_list(db, a, rec.id, out, n), db, "附件");
}

enum xg_rc
evidence_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
	     struct db_file *out, struct xg_error *err)
{
	return xg_from_db(err, db_file_any_get(db, a, actor->org_path, id, out), db, "附件");
}

struct copy {
	int fd;
	crypto_hash_sha256_state st;
	uint64_t size;
};

static int
copy_chunk(void *cls, const void *data, size_t n)
{
	struct copy *c = cls;
	const char *p = data;
	size_t left = n;

	while (left > 0) {
		ssize_t w = write(c->fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("cannot write a file to send: %s", strerror(errno));
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	crypto_hash_sha256_update(&c->st, data, n);
	c->size += n;
	return 0;
}

enum xg_rc
evidence_copy_to(struct db *db, const struct db_file *f, int fd, struct xg_error *err)
{
	struct copy c = {.fd = fd};
	unsigned char md[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	enum xg_rc rc;

	if (sodium_init() < 0)
		return fail_internal(err);
	crypto_hash_sha256_init(&c.st);
	rc = xg_from_db(err, db_file_chunks_each(db, f->id, copy_chunk, &c), db, "附件");
	if (rc != XG_OK)
		return rc;
	crypto_hash_sha256_final(&c.st, md);
	hex_of(md, sizeof(md), hex);
	if (c.size != (uint64_t)f->size || strcmp(hex, f->sha256) != 0) {
		log_error("file %lld: stored bytes do not match their size or SHA-256",
			  (long long)f->id);
		return fail_internal(err);
	}
	return XG_OK;
}

/* Delete */

enum xg_rc
evidence_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
		const char *reason, int64_t now, struct xg_error *err)
{
	struct db_file cur;
	enum xg_rc rc;

	if (reason == NULL || *reason == '\0')
		return xg_fail(err, XG_INVALID, "required", "reason", "请填写删除原因");
	rc = xg_check_name(reason, "reason", "删除原因", EVIDENCE_REASON_MAX, err);
	if (rc == XG_OK)
		rc = xg_tx_begin(db, err);
	if (rc != XG_OK)
		return rc;
	rc = xg_from_db(err, db_file_get(db, a, actor->org_path, id, &cur), db, "附件");
	if (rc == XG_OK)
		rc = xg_from_db(err, db_file_delete(db, id, actor->user_id, reason, now), db,
				"附件");
	if (rc == XG_OK)
		rc = audit_file(db, actor, "file.delete", &cur, NULL, now, err);
	return xg_tx_end(db, rc, err);
}
