/* directive: read an official document (公文, GB/T 9704) into its parts, section tree and tasks. */
#ifndef XG_DIRECTIVE_H
#define XG_DIRECTIVE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Results of the reader; 0 is success. */
enum directive_rc {
	DIRECTIVE_OK = 0,
	DIRECTIVE_EUTF8,   /* input is not well-formed UTF-8; the error names the byte */
	DIRECTIVE_ENOTDOC, /* binary data, empty, or no Chinese text at all */
	DIRECTIVE_EDOCX,   /* a .docx that cannot be opened or has no word/document.xml */
	DIRECTIVE_ETOOBIG, /* input larger than DIRECTIVE_MAX_INPUT */
	DIRECTIVE_ENOMEM,
	DIRECTIVE_EPDF, /* a PDF that cannot be read or has no usable text layer */
	DIRECTIVE_EOLE, /* a Word 97-2003 or WPS file (OLE2): to be converted to .docx first */
	DIRECTIVE_EPDFLIMIT, /* a PDF the PDF reader could not read within its time or memory */
	DIRECTIVE_EPDFTOOL,  /* the PDF reader (xuanguan-pdftext) is missing or cannot start */
	DIRECTIVE_RC__MAX
};

/* Inputs past this size are refused rather than read: a directive is a few pages. */
#define DIRECTIVE_MAX_INPUT ((size_t)64 << 20)
/*
 * Numbered headings and table rows past this count are refused (DIRECTIVE_ETOOBIG): a real
 * directive has a few hundred, and each costs a few hundred bytes of memory however short
 * its line, so a wall of bare markers (一、/（一）/1./（1） a line) would cost hundreds of
 * times its size.
 */
#define DIRECTIVE_MAX_NODES 200000

/* Where and why reading failed; filled by the parse functions on failure. */
struct directive_error {
	size_t offset; /* byte offset of the problem in the input */
	size_t line;   /* 1-based line (paragraph for .docx), 0 when not known */
	size_t column; /* 1-based column in characters, 0 when not known */
	char msg[160];
};

/*
 * A list of pointers; the element type is documented at each use. Memory
 * belongs to the directive's arena.
 */
struct directive_list {
	void **v;
	size_t n;
	size_t cap;
};

/* A node of the body tree: one numbered paragraph and what hangs under it. */
struct directive_node {
	int level;	     /* 1 一、 2 （一） 3 1. 4 （1） */
	size_t line;	     /* 1-based input line of the marker */
	const char *number;  /* the marker as printed, brackets normalised to full width */
	const char *heading; /* lead sentence without its closing 。, or the whole line */
	const char *text;    /* rest of the paragraph, "" when none */
	struct directive_list paragraphs; /* const char *: unnumbered paragraphs that follow */
	struct directive_list children;	  /* struct directive_node * */
	struct directive_node *parent;
	const char *path; /* markers from the root, e.g. 三/（四） */
	/* Table rows only: the cells naming who acts and by when (NULL otherwise). */
	const char *row_who;
	const char *row_when;
};

/*
 * A document inside the directive: an attachment printed in full after the signature
 * (附件1, its own title, headings, tables and 注：notes) or a forwarded document
 * (现将《…》转发给你们) with its own addressees, signature and date. Its nodes and tasks have
 * paths that start with prefix, so they never collide with the body's.
 */
struct directive_part {
	const char *label;		  /* 附件1 or 附件 as printed, "" when unlabelled */
	const char *prefix;		  /* path prefix: 附件1, 附件 (unlabelled), 转发 */
	const char *title;		  /* lines joined without spaces, or NULL */
	struct directive_list addressees; /* const char *: a forwarded document's */
	struct directive_list preamble;	  /* const char *: lines before the first heading */
	struct directive_list preamble_lines; /* uintptr_t: the input line of each */
	struct directive_list sections;	      /* struct directive_node *: the roots */
	struct directive_list notes;	      /* const char *: 注：1.… 2.…, 说明：… */
	const char *signature;		      /* a forwarded document's, or NULL */
	char date[11];			      /* a forwarded document's, "" when none */
};

/* A time limit found in a task. Dates are YYYY-MM-DD, "" when unknown. */
struct directive_deadline {
	const char *text; /* as written, e.g. 2023年6月底前 (JSON "text"; "words" before) */
	char start[11];
	char end[11];
	/* A recurring limit (每年3月底前): "year", else NULL; start/end give the first one. */
	const char *recurring;
};

/* A numeric (or comparative) target found in a task. */
struct directive_target {
	const char *text;   /* as written, e.g. 超过15% (JSON "text") */
	const char *metric; /* what is measured, "" when not found */
	const char *op;	    /* > >= < <= = */
	int has_value;	    /* 0 for targets like 高于全国平均水平 */
	double value;
	const char *unit; /* % 个 场次 …, "" when none */
	char by[11];	  /* end of the deadline that governs it, "" when none */
};

/* A node that asks someone to do something. */
struct directive_task {
	const struct directive_node *node;
	const char *path;
	const char *strength;		 /* 必须 不得 应当 要 鼓励 可以, or "" */
	struct directive_list subjects;	 /* const char *, as written */
	struct directive_list deadlines; /* struct directive_deadline * */
	struct directive_list targets;	 /* struct directive_target * */
	struct directive_list
	    units; /* const char *: unit codes, filled by directive_units_resolve */
};

struct directive_warning {
	size_t line; /* 1-based, 0 for the document as a whole */
	const char *msg;
};

/* A parsed document. Every string and list belongs to it; free with directive_free. */
struct directive {
	struct arena *arena;
	const char *number; /* 代字〔YYYY〕N号 or NULL */
	const char *issuer; /* from the issuer mark, else the signature or title, or NULL */
	int issuer_marked; /* 1 when issuer came from a "…文件" mark line (then it is text of its
			      own) */
	const char *signer;		  /* 签发人, or NULL */
	const char *title;		  /* lines joined without spaces, or NULL */
	const char *kind;		  /* one of the fifteen kinds, or NULL */
	struct directive_list addressees; /* const char * */
	char date[11];			  /* YYYY-MM-DD, "" when missing */
	const char *signature;
	struct directive_list attachments; /* const char * */
	struct directive_list copy_to;	   /* const char * */
	const char *printed_by;
	char printed_date[11];
	struct directive_list notes; /* const char *: marks, 附注 and lines not otherwise placed */
	struct directive_list
	    annexes; /* const char *: text of attachments printed after the body */
	struct directive_list preamble; /* const char * */
	struct directive_list sections; /* struct directive_node *: the roots */
	/* struct directive_part *: attachments printed in full, each a tree of its own */
	struct directive_list attachment_docs;
	struct directive_part *forwarded; /* a forwarded document, or NULL */
	struct directive_list tasks;	  /* struct directive_task * */
	struct directive_list warnings;	  /* struct directive_warning * */
	/* The date relative times are resolved against, "" when none could be found. */
	char ref_date[11];
};

/*
 * Parse len bytes of UTF-8 text (BOM, CRLF and ideographic spaces allowed).
 * On DIRECTIVE_OK *out is a new directive the caller frees with
 * directive_free; otherwise *out is NULL and err (if not NULL) says why.
 */
enum directive_rc directive_parse(const char *text, size_t len, struct directive **out,
				  struct directive_error *err);

/*
 * Parse a .docx held in memory: the paragraphs of word/document.xml (table
 * rows become one line, cells separated by tabs) are read as text lines.
 * Same ownership and errors as directive_parse, plus DIRECTIVE_EDOCX.
 */
enum directive_rc directive_parse_docx(const void *data, size_t len, struct directive **out,
				       struct directive_error *err);

/*
 * Extract the text of a .docx as UTF-8 lines joined by '\n' into out (which
 * the caller owns and has initialised). Returns DIRECTIVE_OK or DIRECTIVE_EDOCX
 * / DIRECTIVE_ENOMEM with err filled.
 */
enum directive_rc directive_docx_text(const void *data, size_t len, struct buf *out,
				      struct directive_error *err);

/* Release a directive and everything in it; d may be NULL. */
void directive_free(struct directive *d);

/*
 * Append the directive as one JSON object (UTF-8, indented, ending in a
 * newline) to out. with_units adds each task's "units". Returns DIRECTIVE_OK
 * or DIRECTIVE_ENOMEM (then out may hold part of the text).
 */
enum directive_rc directive_json(const struct directive *d, int with_units, struct buf *out);

/* A unit of the organisation tree, as the resolver needs it (strings borrowed). */
struct directive_unit {
	const char *code;
	const char *name;
	const char *kind; /* Chinese kind name: 区县科协, 市级学会, 机关支部, … */
};

/*
 * Resolve every task's subjects to unit codes: collective names (各区县科协,
 * 市级学会, 机关各支部, …) give every unit of that kind; 各单位 the addressees;
 * other subjects the unit of that name (科协 and 科学技术协会 alike), else the
 * units whose name ends with it, shortest first. Replaces each task's units;
 * codes are copied into d's arena, each once per task. Returns DIRECTIVE_OK or
 * DIRECTIVE_ENOMEM.
 */
enum directive_rc directive_units_resolve(struct directive *d, const struct directive_unit *units,
					  size_t n);

/*
 * The unit codes one name (an addressee, a subject) stands for, by the rules of
 * directive_units_resolve, into out (emptied first; codes from d's arena). Returns
 * DIRECTIVE_OK or DIRECTIVE_ENOMEM.
 */
enum directive_rc directive_units_of(struct directive *d, const char *name,
				     const struct directive_unit *units, size_t n,
				     struct directive_list *out);

/* A short English name of rc for messages; never NULL. */
const char *directive_rc_str(enum directive_rc rc);

#endif
