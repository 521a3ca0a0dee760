/* SPDX-License-Identifier: MIT */
/*
 * score.h - scoring questionnaires inside records (ipt-score.md).
 *
 * The record-level half of scoring, shared by ipt-score and ipt-screen:
 * which instruments are scored, which columns hold their items, parsing
 * the cells, flagging bad values, and writing the output columns.  The
 * rules themselves are in instrument.c.
 *
 * A struct scorer is set up once (scorer_init, then scorer_configure with
 * the first header's names) and then applied to every record.  It owns its
 * memory; release it with scorer_release().
 */
#ifndef IPT_SCORE_H
#define IPT_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "filter.h"
#include "instrument.h"
#include "record.h"
#include "stream.h"

struct score_stray {
	int field, inst;
};

struct scorer {
	struct instrument_set set;
	bool active[INSTR_MAX];		/* in the scored set */
	int order[INSTR_MAX];		/* the active ones, in table order */
	int nactive;
	bool explicit_set;		/* chosen with --instruments */
	bool restricted;		/* scorer_restrict() was called */
	bool detectable[INSTR_MAX];	/* if restricted: may be scored */
	enum item_coding coding;
	/* output columns, in output order: names owned here */
	char **cols;
	size_t ncols;
	int col_inst[INSTR_MAX * 6];	/* which instrument each column is */
	unsigned char col_kind[INSTR_MAX * 6];	/* total, band, ... */
	struct addcols add;
	/* item positions for one input schema */
	uint64_t schema;
	size_t nbound;
	bool bound;
	int (*pos)[INSTR_MAX_ITEMS + 1];	/* [inst][item]: field or -1 */
	int (*xpos)[2];			/* [inst][extra slot] */
	struct score_stray *strays;	/* items of unscored instruments */
	size_t nstrays;
	char dup[160];			/* two keys for one item, or "" */
	uint64_t insufficient;		/* records with one insufficient */
};

/*
 * Set up with the built-ins, then --define's file (defines may be NULL)
 * and --instruments' list (list may be NULL: detect from the columns).
 * Returns 0, or -1 with a usage-error message in err.
 */
int scorer_init(struct scorer *sc, const char *defines, const char *list,
    enum item_coding coding, char *err, size_t errlen);

/*
 * Let detection choose only among the instruments named in prefixes (a
 * NULL-terminated list; names not in the set are ignored).  Item and
 * extra columns of the others are then not read at all: not scored, not
 * flagged, not checked for duplicates.  For ipt-screen, which scores
 * only some instruments and takes others as given.  Call after
 * scorer_init() without --instruments, before scorer_configure().
 */
void scorer_restrict(struct scorer *sc, const char *const *prefixes);

/*
 * Choose the instruments from the first header (or first JSON record)
 * unless --instruments did, and declare the output columns.  Returns 0,
 * or -1 with a message in err when two columns name the same item (a
 * fatal data error).
 */
int scorer_configure(struct scorer *sc, const struct colnames *cols,
    char *err, size_t errlen);

/* Number of instruments scored (0: nothing to do). */
int scorer_count(const struct scorer *sc);

/* The declared output columns, for the CSV header. */
const struct addcols *scorer_columns(const struct scorer *sc);

/*
 * Score r and write the output columns into it.  Returns 0; 1 when r must
 * be rejected (the reason is in why); -1 when r comes from a CSV header
 * with two columns for one item (fatal, reason in why).
 */
int scorer_apply(struct scorer *sc, struct record *r, bool from_csv,
    char *why, size_t whylen);

void scorer_release(struct scorer *sc);

/*
 * The filter.h callbacks that make ipt-score: sc (set up with
 * scorer_init) is the context.  Says once on stderr when there is nothing
 * to score.
 */
void scorer_filter(struct scorer *sc, struct filter *f);

#endif
