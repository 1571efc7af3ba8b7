/* document_reader: the directive reader (directive/) run over a document as it was uploaded or
 * pasted, its addressees and subjects resolved to the units of the actor's subtree, and the
 * result handed to domain/document.h — the glue the API and the pages share, so that handlers
 * only translate HTTP. */
#ifndef XG_DOCUMENT_READER_H
#define XG_DOCUMENT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"

/*
 * The reader's JSON of one document (.txt in UTF-8, GBK or UTF-16, .docx, a PDF with text;
 * name, NULL for none, helps tell the format) appended to out; nothing is stored and no unit
 * resolved. XG_INVALID "unreadable_document" with a message for a person (never the reader's
 * own text, which is for operators) when the reader refuses the file, XG_INTERNAL when memory
 * runs out.
 */
enum xg_rc document_reader_json(const char *data, size_t len, const char *name, struct buf *out,
				struct xg_error *err);

/*
 * Read one document as document_reader_json does, resolve its addressees and its tasks'
 * subjects to the open units of the actor's subtree (the actor's own unit excepted: a unit
 * never sends a directive to itself) and store it, its text as UTF-8 beside the parse, as a
 * directive of campaign_id (document_import, audited there). *id gets its id. Errors as
 * document_reader_json and document_import; memory from a.
 */
enum xg_rc document_reader_import(struct db *db, struct arena *a, const struct actor *actor,
				  int64_t campaign_id, const char *data, size_t len,
				  const char *name, int64_t now, int64_t *id, struct xg_error *err);

#endif
