/* document: a directive stored in the system (文件) — its original text, the reader's parse, the
 * structure staff correct, the addressees resolved to units, the proposed tasks confirmed into
 * tasks, and its sections as the campaign's syllabus (原原本本学). The reader itself
 * (directive/) knows no storage; domain/document_reader.h turns its result into a document_input.
 *
 * Who may do what: a directive is seen as campaigns are (imported by a unit of the reader's
 * subtree or above the reader's unit); only staff of the importing unit or above it change it
 * (XG_FORBIDDEN for a unit below, which sees it as its syllabus). Names mapped by hand are
 * remembered per mapping unit and used by it and every unit below it, nearest mapping first:
 * the same words mean different units to different issuers (机关各部室 of the city is not a
 * district's), and a global map would let one district's guess steer another's imports. */
#ifndef XG_DOCUMENT_H
#define XG_DOCUMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/error.h"
#include "domain/task.h"

#define DOCUMENT_TEXT_MAX 200000 /* characters of a pasted text */
#define DOCUMENT_HEADING_MAX 500
#define DOCUMENT_SUBJECTS_MAX 500
#define DOCUMENT_TARGETS_MAX 1000

/* An addressee as written and the units the reader resolved it to (none: left for staff). */
struct document_addressee {
	const char *name;
	const int64_t *units;
	size_t nunits;
};

/*
 * A parsed document. structure is {"sections": [{level, path, number, heading}],
 * "tasks": [{path, title, paragraph, strength, subjects: [..], start_date, due_date,
 * targets: [{text, metric, op, value, unit, by}], units: [ids]}]}; the document takes a
 * reference of its own. Strings are borrowed.
 */
struct document_input {
	int64_t campaign_id;
	const char *title, *doc_no, *issuer, *date; /* NULL when the reader found none */
	const char *original;			    /* the text as UTF-8 */
	const char *parsed;			    /* the reader's JSON */
	json_t *structure;
	const struct document_addressee *addressees;
	size_t naddressees;
};

/*
 * Store a new directive of in->campaign_id (visible to the actor, run at or above its unit),
 * imported by the actor's unit: its sections, its addressees (a name the reader could not
 * resolve is looked up in the names mapped before). Audited as "directive.create". *id gets
 * its id.
 */
enum xg_rc document_import(struct db *db, struct arena *a, const struct actor *actor,
			   const struct document_input *in, int64_t now, int64_t *id,
			   struct xg_error *err);

/* A directive with everything its page shows (memory from the arena). */
struct document_view {
	struct db_directive d;
	json_t *structure; /* owned: document_view_free */
	struct db_directive_section *sections;
	size_t nsections;
	struct db_directive_addressee *addressees;
	size_t naddressees;
	struct db_directive_change *changes;
	size_t nchanges;
	bool writable; /* the actor may correct it */
};

/* Read directive id as the actor sees it (XG_NOTFOUND outside). */
enum xg_rc document_read(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			 struct document_view *out, struct xg_error *err);
void document_view_free(struct document_view *v);

/* One correction; NULL and task < 0 leave a part alone. */
struct document_edit {
	const char *section_path; /* with heading: the section's heading (its boundary) */
	const char *heading;
	int64_t task; /* the proposal's index, -1: none; with the fields below */
	const char *title;
	const char *subjects; /* separated by 、 ， , or ； */
	const char *start_date;
	const char *due_date; /* "" clears */
	const char *targets;  /* separated by ； or ; */
	int64_t version;      /* the version the editor read, 0: any */
};

/*
 * Apply one correction to directive id: every changed value is kept in directive_changes
 * (who, when, before, after) and the whole audited as "directive.correct". XG_INVALID for a
 * section or proposal that does not exist, XG_CONFLICT for a proposal already confirmed or a
 * version moved on.
 */
enum xg_rc document_correct(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    const struct document_edit *e, int64_t now, struct xg_error *err);

/*
 * Resolve the unresolved addressee name of directive id to unit org_id (in the actor's
 * subtree) and remember the mapping for the actor's unit. Audited as "directive.map".
 */
enum xg_rc document_map(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			const char *name, int64_t org_id, int64_t now, struct xg_error *err);

/*
 * Confirm proposal index of directive id into a task (task_create, with the directive's
 * campaign, the proposal's path and paragraph). Fields of in that are set override the
 * proposal's (title, dates, units); with no units at all the proposal's units are used.
 * XG_INVALID for an index that does not exist, XG_CONFLICT when confirmed already.
 */
enum xg_rc document_confirm(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    int64_t index, const struct task_input *in, int64_t now,
			    struct db_task *out, struct xg_error *err);

/* The syllabus matrix below one unit (document_coverage). */
struct document_coverage {
	struct db_directive d;
	struct db_org unit;
	struct db_directive_section *sections;
	size_t nsections;
	struct db_org *children;
	size_t nchildren;
	struct db_coverage *cells;
	size_t ncells;
};

/*
 * The coverage of directive id's sections by the records of each child of unit org_id (0: the
 * actor's unit), which must be in the actor's subtree (else XG_NOTFOUND).
 */
enum xg_rc document_coverage(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			     int64_t org_id, struct document_coverage *out, struct xg_error *err);

/* The cell of child org_id and section section_id, NULL when it has no record. */
const struct db_coverage *document_cell(const struct document_coverage *c, int64_t org_id,
					int64_t section_id);

/*
 * The sections record_id names: replace them by the n section ids given, each of a directive
 * of the record's campaign that the actor sees; only study, training and lecture records name
 * sections. In the caller's transaction (domain/record.c).
 */
enum xg_rc document_record_sections(struct db *db, struct arena *a, const struct actor *actor,
				    const struct db_record *rec, const int64_t *ids, size_t n,
				    struct xg_error *err);

/* JSON forms (new references; NULL when out of memory). */
json_t *document_summary_json(const struct db_directive *d);
json_t *document_to_json(const struct document_view *v, bool with_original);
json_t *document_coverage_json(const struct document_coverage *c);

#endif
