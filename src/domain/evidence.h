/* evidence: files attached to a work record (sign-in sheets, photos, PDFs) — their type decided by
 * their content alone, their names, and who may attach, read and delete them. */
#ifndef XG_EVIDENCE_H
#define XG_EVIDENCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

/* The types we keep. Anything else is refused (415). */
enum evidence_type {
	EVIDENCE_UNKNOWN = 0,
	EVIDENCE_JPEG,
	EVIDENCE_PNG,
	EVIDENCE_PDF,
	EVIDENCE_DOCX,
	EVIDENCE_XLSX,
	EVIDENCE_TYPE__MAX
};

#define EVIDENCE_NAME_MAX 200	/* characters */
#define EVIDENCE_REASON_MAX 500 /* characters of a deletion's reason */
/* What the refusal of an unknown type says (static Chinese text). */
#define EVIDENCE_ACCEPTED "JPEG、PNG 图片，PDF，Word（.docx）或 Excel（.xlsx）文件"

/*
 * The type of the n bytes at data, from their content only (the name and
 * the client's Content-Type are never asked): JPEG (FF D8 FF), PNG (its
 * 8-byte signature), PDF (%PDF-), and a zip holding [Content_Types].xml and
 * word/document.xml (.docx) or xl/workbook.xml (.xlsx). EVIDENCE_UNKNOWN
 * otherwise, an empty input included.
 */
enum evidence_type evidence_sniff(const void *data, size_t n);
/*
 * The same for the first size bytes of the open file fd (read with pread;
 * a zip's directory is read through a duplicate of fd, so fd stays open and
 * its offset is not used). Returns 0, or -1 when the file cannot be read
 * (*out then EVIDENCE_UNKNOWN).
 */
int evidence_sniff_fd(int fd, uint64_t size, enum evidence_type *out);

/* The media type of t ("image/jpeg"; NULL for EVIDENCE_UNKNOWN); static. */
const char *evidence_media_type(enum evidence_type t);
/* Whether a file of this stored media type is shown in the browser (the images) rather than
 * saved. */
bool evidence_inline(const char *media_type);

/*
 * A file name as the uploader gave it: a name under the one rule for names
 * (base/name.h) of at most EVIDENCE_NAME_MAX characters, with no path
 * separator ('/' or '\'), and neither "." nor "..". Chinese is kept as it
 * is. XG_INVALID names field "name".
 */
enum xg_rc evidence_check_name(const char *name, struct xg_error *err);

/* An upload: the body in its open, unlinked temporary file. */
struct evidence_upload {
	const char *name; /* as given (checked here) */
	int fd;
	uint64_t size;
	uint64_t max; /* the server's upload limit in bytes */
};

/*
 * Attach an upload to record record_id, which must be visible to the actor
 * and not deleted (else XG_NOTFOUND). An empty file is XG_INVALID, one past
 * max XG_TOO_LARGE, one whose content is none of the accepted types
 * XG_MEDIA. The bytes are read back from the file in chunks and stored in
 * the database with the file's row and an audit entry, in one transaction.
 * *out (from a) is the stored file.
 */
enum xg_rc evidence_attach(struct db *db, struct arena *a, const struct actor *actor,
			   int64_t record_id, const struct evidence_upload *up, int64_t now,
			   struct db_file *out, struct xg_error *err);

/*
 * The owner of a new file other than a record: check() runs inside the
 * attaching transaction, before anything is written; it must find owner id
 * as the actor may attach to it (else an error, XG_NOTFOUND when the actor
 * cannot see it) and set f->progress_id or f->rectification_id.
 */
struct evidence_owner {
	enum xg_rc (*check)(struct db *db, struct arena *a, const struct actor *actor,
			    const struct evidence_owner *o, struct db_file *f, struct xg_error *err);
	int64_t id;     /* the owner: a progress report, a rectification */
	int64_t parent; /* its parent when the path names one (the task of a report), or 0 */
};

/* As evidence_attach, for an owner other than a record (task.c, inspection.c name theirs). */
enum xg_rc evidence_attach_to(struct db *db, struct arena *a, const struct actor *actor,
			      const struct evidence_owner *owner, const struct evidence_upload *up,
			      int64_t now, struct db_file *out, struct xg_error *err);

/* The files of record record_id, visible to the actor (else XG_NOTFOUND); arena memory. */
enum xg_rc evidence_list(struct db *db, struct arena *a, const struct actor *actor,
			 int64_t record_id, struct db_file **out, size_t *n, struct xg_error *err);

/* File id as the actor may read it, whatever its owner (db_file_any_get says who sees which):
 * XG_NOTFOUND when deleted, of a deleted record or task, or outside. */
enum xg_rc evidence_get(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			struct db_file *out, struct xg_error *err);

/*
 * Write the bytes of file f (read by evidence_get) to the open file fd, one
 * chunk at a time, and check that their size and SHA-256 are the stored
 * ones (else XG_INTERNAL: the stored bytes do not match their row).
 */
enum xg_rc evidence_copy_to(struct db *db, const struct db_file *f, int fd,
			    struct xg_error *err);

/* Delete file id of a record softly for reason (required); audited. XG_NOTFOUND as
 * evidence_get, and for the files of other owners, which are kept as their reports are. */
enum xg_rc evidence_delete(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			   const char *reason, int64_t now, struct xg_error *err);

/* The JSON form of a file: id, its owner (record_id, progress_id or rectification_id), name, media_type, size, sha256, uploaded_by_name,
 * uploaded_at (new reference; NULL when out of memory). */
json_t *evidence_to_json(const struct db_file *f);

#endif
