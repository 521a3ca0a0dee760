/* SPDX-License-Identifier: MIT */
/*
 * rdoc_markup.h - what the md and html reports share (rdoc_markup.c): one
 * walk over the sections of ipt-report.md section 6 that holds every
 * sentence and every decision (which rows, "n/a" or "suppressed", the "%"
 * sign, "none" for an empty list, counts under --redact, the line that
 * stands for a missing --plans).  A format only says how a heading, a
 * paragraph, a list, a table and a cell are written, through a struct
 * rdoc_markup; html adds its tiles and charts through the hook.
 *
 * The report's own words and numbers are written to o->b unescaped, the
 * same in every format: they hold nothing md or html would read as markup.
 * Text from the data (ids, group names and values, plan kinds and
 * measures, flag reasons, benchmark sources) always goes through data().
 */
#ifndef IPT_RDOC_MARKUP_H
#define IPT_RDOC_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "obuf.h"
#include "rdoc.h"

#define RDOC_TITLE "IPT caseload and outcome report"
#define RDOC_AID "A service-evaluation and research aid; it does not " \
	"make clinical decisions."

enum rdoc_align { RA_LEFT, RA_RIGHT };

/* One column of a table: its heading and how its numbers line up. */
struct rdoc_col {
	const char *name;	/* written as it is */
	enum rdoc_align align;
};

/* What a cell holds, so html can style it; md writes them all alike. */
enum rdoc_cell {
	RC_TEXT,	/* our own words or numbers, written as they are */
	RC_DATA,	/* text from the data: escaped by the format */
	RC_NA,		/* "n/a" or "suppressed": no number to show */
	RC_LEVEL,	/* the name of a risk level */
	RC_ALERT,	/* a word that asks for attention ("yes": worsening) */
	RC_ROWHEAD,	/* the name of a summary row ("total") */
	RC_BLANK	/* the column does not apply to this row */
};

/* The places where html writes what md has no counterpart for. */
enum rdoc_hook {
	RH_BEGIN,	/* before the title */
	RH_HEAD_END,	/* after the opening paragraphs */
	RH_OUTCOMES,	/* after the outcomes' first paragraph */
	RH_TRAJECTORY,	/* before the trajectory table (not when empty) */
	RH_END		/* after the last section */
};

struct rdoc_markup;

/* A report being written; the walk and the format share it. */
struct rdoc_out {
	struct obuf b;
	const struct rdoc_markup *m;
	const struct rdoc_col *cols;	/* the open table's columns */
	size_t ncols;
	size_t col;		/* the column the next cell goes in */
	bool gap;		/* md: a blank line is owed before a block */
};

/*
 * How one format writes each piece.  Blocks come in open/close pairs and
 * never nest, except that a section holds the others and a list holds its
 * items.  A table's cells come row by row, ncols to a row: the format
 * opens a row at o->col == 0 and closes it after o->col == ncols - 1.
 * section_open, section_close and hook may be NULL: nothing to write.
 */
struct rdoc_markup {
	void (*data)(struct obuf *b, const char *s);	/* escape s */
	void (*strong)(struct obuf *b, const char *s);	/* s is ours */
	void (*section_open)(struct rdoc_out *o, const char *id);
	void (*section_close)(struct rdoc_out *o);
	void (*heading_open)(struct rdoc_out *o, int level);	/* 1..3 */
	void (*heading_close)(struct rdoc_out *o, int level);
	void (*para_open)(struct rdoc_out *o, const char *cls);	/* or NULL */
	void (*para_close)(struct rdoc_out *o);
	void (*list_open)(struct rdoc_out *o);
	void (*item_open)(struct rdoc_out *o);
	void (*item_close)(struct rdoc_out *o);
	void (*list_close)(struct rdoc_out *o);
	void (*table_open)(struct rdoc_out *o);	/* o->cols set */
	void (*cell)(struct rdoc_out *o, enum rdoc_cell kind, const char *s);
	void (*table_close)(struct rdoc_out *o);
	void (*hook)(struct rdoc_out *o, const struct rdoc *d,
	    enum rdoc_hook at);
};

/* Write d with markup m to fd; 0, or -1 after a write error. */
int rdoc_write_marked(const struct rdoc *d, int fd,
    const struct rdoc_markup *m);

#endif
