/* SPDX-License-Identifier: MIT */
/*
 * filter.h - the record-in, record-out loop that ipt-score and ipt-screen
 * share: open the stream, let the tool see the first header, then for
 * each record let the tool add its fields and write it (io.md 5, 7).
 *
 * The tool supplies three callbacks and its context; filter_run() owns
 * the stream and the writer and releases both.  Exit conditions are
 * recorded in diag; the caller prints the summary with diag_finish().
 */
#ifndef IPT_FILTER_H
#define IPT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "record.h"
#include "stream.h"
#include "writer.h"

struct filter {
	/*
	 * The first CSV header's (or first JSON record's) names.  Return 0,
	 * or -1 with a message in err for a fatal data error (exit 65).
	 */
	int (*configure)(void *ctx, const struct colnames *cols, char *err,
	    size_t errlen);
	/* Write the CSV header for CSV input (input names + added ones). */
	void (*csv_header)(void *ctx, struct writer *w,
	    const struct colnames *cols);
	/*
	 * Add the tool's fields to r.  Return 0 to write r, 1 to reject it
	 * (reason in why), -1 for a fatal data error (reason in why).
	 */
	int (*apply)(void *ctx, struct record *r, bool from_csv, char *why,
	    size_t whylen);
	void *ctx;
	int out_fd;		/* where records go: STDOUT_FILENO */
};

/*
 * Close the records' output: writer_finish(), and stdout checked when fd
 * is 1.  A write error is exit 74, with a message unless it was EPIPE.
 */
void filter_finish_output(struct writer *w, int fd);

/* Run the loop over the operands and options in c. */
void filter_run(const struct cli *c, const struct filter *f);

#endif
